package reference

import (
	"os"
	"syscall"
	"unsafe"
)

// pollFd is struct pollfd.
type pollFd struct {
	fd      int32
	events  int16
	revents int16
}

const (
	pollIn   = 0x1
	pollErr  = 0x8
	pollHup  = 0x10
	pollNval = 0x20
)

// watchPeer calls gone once the connection is reset or shut down in both directions (POLLERR or
// POLLHUP), which means nothing the script writes can reach the client any more. A client that only
// half-closes is not gone: a script reading stdin to EOF relies on that (research §5.3 step 4). A
// client that closes gracefully while the script sits silent looks the same as a half-close; it is
// noticed when the script next writes (the peer answers with a reset) or when TCP keepalive gives up.
//
// Under CPython a script outlives its client: if it writes, the write fails (SIGPIPE is ignored) and it
// exits on its own, which the log shows as its error message and its exit code; if it never writes,
// it runs for as long as it likes. Killed here, it writes nothing more, and discarding the unread
// input then meets the reset and logs ConnectionResetError, as CPython's own discard step does when it
// meets one.
//
// The returned stop ends the watch and waits for it.
func watchPeer(sock *os.File, gone func()) (stop func()) {
	var wake [2]int
	if err := syscall.Pipe2(wake[:], syscall.O_CLOEXEC); err != nil {
		return func() {}
	}
	fd := int32(sock.Fd())
	done := make(chan struct{})
	go func() {
		defer close(done)
		fds := []pollFd{{fd: fd}, {fd: int32(wake[0]), events: pollIn}}
		for {
			fds[0].revents, fds[1].revents = 0, 0
			_, _, errno := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&fds[0])), 2, 0, 0, 0, 0)
			switch {
			case errno == syscall.EINTR:
				continue
			case errno != 0, fds[1].revents != 0:
				return
			case fds[0].revents&(pollErr|pollHup|pollNval) != 0:
				gone()
				return
			}
		}
	}()
	return func() {
		_, _ = syscall.Write(wake[1], []byte{0})
		<-done
		syscall.Close(wake[0])
		syscall.Close(wake[1])
	}
}

// waitExited blocks until the process has exited, without reaping it (waitid with WNOWAIT): until it
// is reaped its pid, and so its process group, cannot be reused, so killing the group stays safe.
func waitExited(pid int) {
	var info [128]byte // siginfo_t
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, 1 /* P_PID */, uintptr(pid),
			uintptr(unsafe.Pointer(&info[0])), syscall.WEXITED|0x1000000 /* WNOWAIT */, 0, 0)
		if errno != syscall.EINTR {
			return
		}
	}
}
