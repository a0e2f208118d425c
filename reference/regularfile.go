package reference

import (
	"io"
	"os"
	"strings"
	"syscall"
	"time"
)

// regularFile is a file send_head found to be a regular file, open by descriptor: its size and
// mtime come from the fstat that told, and a short read of it is its end.
type regularFile struct {
	fd    int
	name  string
	size  int64
	mtime time.Time
	file  *os.File // set once the body goes through sendfile
}

// openRegularFile is send_head for its commonest case, a path naming a regular file. CPython asks
// os.path.isdir (a stat), then opens and fstats; a regular file is not a directory, so an open and an
// fstat settle the same question. Anything else (not a regular file, an open that fails, a name
// CPython refuses or treats apart) gives nil, and send_head goes its full way, in CPython's order.
// O_NONBLOCK keeps a FIFO from blocking this first look; it changes nothing for a regular file.
func openRegularFile(path fsPath) *regularFile {
	if !path.usable() || strings.HasSuffix(path.name, "/") {
		return nil
	}
	fd, err := openNoEINTR(path.name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK)
	if err != nil {
		return nil
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return nil
	}
	return &regularFile{fd: fd, name: path.name, size: st.Size, mtime: time.Unix(st.Mtim.Sec, st.Mtim.Nsec)}
}

func openNoEINTR(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func (f *regularFile) Read(p []byte) (int, error) {
	if f.file != nil {
		return f.file.Read(p)
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &os.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *regularFile) Close() error {
	if f.file != nil {
		return f.file.Close()
	}
	return syscall.Close(f.fd)
}

// osFile hands the descriptor to an *os.File, which io.Copy to a TCP connection sends with sendfile.
func (f *regularFile) osFile() *os.File {
	if f.file == nil {
		f.file = os.NewFile(uintptr(f.fd), f.name)
	}
	return f.file
}
