package reference

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultCGINoNobody = registerFault("cgi-no-nobody",
		"a root server runs scripts as root instead of switching to nobody's uid")
	faultCGISetuidRoot = registerFault("cgi-setuid-root",
		"scripts are started with root's uid, which a server that is not root cannot switch to: they fail to start")
	faultCGIChdir = registerFault("cgi-chdir-script-dir",
		"a script runs in its own directory, not the server's working directory")
	faultCGIStderrDropped = registerFault("cgi-stderr-discarded",
		"a script's stderr goes to /dev/null, not to the server's stderr")
	faultCGIStdinLength = registerFault("cgi-stdin-content-length",
		"a script's stdin is the Content-Length bytes of the body, then EOF, not the socket itself")
)

// exitStatus is a finished script's wait status and os.waitstatus_to_exitcode of it.
type exitStatus struct {
	code int    // the exit status, or minus the signal that killed the script
	raw  uint32 // the raw wait status (logged by 3.6-3.8)
}

// execFailed is what the parent sees when the child cannot exec: CPython's child calls os._exit(127).
var execFailed = exitStatus{code: 127, raw: 127 << 8}

// childStderrDelay bounds how long the server waits, after a script exits, for the end of its stderr
// when the log is not a file: a background process the script left behind may hold the pipe open.
const childStderrDelay = 200 * time.Millisecond

// runChild is the fork: it starts the script as run_cgi's child would run it and waits for it. The
// script's stdin and stdout are the client socket itself, its stderr is the server's, its working
// directory the server's, and as root it runs as nobody (uid only: CPython never calls setgid or
// setgroups, so the gid stays 0). The error is the exception CPython's child prints when its execve
// fails, after which it exits 127. A script that cannot be encoded into the environment never gets
// here: that raises in the server (see environ).
//
// Deviations from CPython, which can only be seen by a script that looks for them: the script leads
// a process group of its own, so that the whole group can be killed when the client resets the
// connection or the server closes (CPython leaves such a child running, holding the connection, for as
// long as it likes); and only descriptors 0, 1 and 2 are inherited.
func (s *Server) runChild(script cgiScript, argv []string, env *environ, sock *os.File) (exitStatus, *pyException) {
	uid, err := nobodyUID()
	if err != nil {
		panic(err) // raised in the parent, before fork
	}
	stderr := s.childStderr()
	cmd := s.childCommand(script, argv, env.list(), sock, stderr, uid)
	if s.cfg.Faults.has(faultCGIChdir) {
		cmd.Dir = filepath.Dir(script.file.name)
	}
	if s.cfg.Faults.has(faultCGIStdinLength) {
		length, _ := env.get("CONTENT_LENGTH")
		n, _ := strconv.ParseInt(length, 10, 64)
		cmd.Stdin = io.LimitReader(sock, n)
	}
	if err := cmd.Start(); err != nil {
		return execFailed, execError(err, cmd.Path)
	}
	child := &cgiChild{pid: cmd.Process.Pid}
	exited := make(chan struct{})
	stopWatch := watchPeer(sock, child.kill)
	go func() {
		select {
		case <-s.done:
			child.kill()
		case <-exited:
		}
	}()
	waitExited(child.pid)
	child.markReaped()
	close(exited)
	stopWatch()
	_ = cmd.Wait()
	if lines, ok := stderr.(*stderrLines); ok {
		lines.flush()
	}
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return statusOf(ws), nil
}

// childCommand is the execve: the script file itself (the kernel follows its #! line) with argv[0]
// the script's bare name, or `CGIPython -u script` for a Python script when Config.CGIPython is set.
func (s *Server) childCommand(script cgiScript, argv, env []string, sock *os.File, stderr io.Writer, nobody uint32) *exec.Cmd {
	path := script.file.name
	if s.runsThroughInterpreter(script.scriptName) {
		argv = append([]string{s.cgiInterpreter(), "-u", path}, argv[1:]...)
		path = s.cgiInterpreter()
		if !strings.Contains(path, "/") {
			if found, err := exec.LookPath(path); err == nil {
				path = found
			}
		}
	}
	return &exec.Cmd{
		Path:   path,
		Args:   argv,
		Env:    env,
		Stdin:  sock,
		Stdout: sock,
		Stderr: stderr,
		SysProcAttr: &syscall.SysProcAttr{
			Setpgid:    true,
			Credential: s.childCredential(nobody),
		},
		WaitDelay: childStderrDelay,
	}
}

// childCredential mirrors the child's `os.setuid(nobody)`, whose failure is ignored: only a root server
// changes anything, and only the uid. NoSetGroups keeps the supplementary groups, as CPython's child
// keeps them.
func (s *Server) childCredential(nobody uint32) *syscall.Credential {
	if s.cfg.Faults.has(faultCGISetuidRoot) {
		return &syscall.Credential{Uid: 0, Gid: uint32(os.Getgid()), NoSetGroups: true}
	}
	if os.Geteuid() != 0 || s.cfg.Faults.has(faultCGINoNobody) {
		return nil
	}
	return &syscall.Credential{Uid: nobody, Gid: uint32(os.Getgid()), NoSetGroups: true}
}

// childStderr is the server's stderr for a script: the log file itself when it is one, as CPython's
// child inherits descriptor 2; otherwise a pipe whose lines are written to the log whole.
func (s *Server) childStderr() io.Writer {
	if s.cfg.Faults.has(faultCGIStderrDropped) {
		return nil // /dev/null
	}
	switch w := s.cfg.Log.(type) {
	case *os.File:
		s.log.sync() // the script writes to the file directly: the lines before its start go first
		return w
	}
	if s.cfg.Log == io.Discard {
		return nil // /dev/null
	}
	return &stderrLines{log: &s.log}
}

// stderrLines writes a script's stderr to the server's log a line at a time, so that it never splits
// one of the server's own lines.
type stderrLines struct {
	log     *logger
	partial []byte
}

const maxPartialLine = 64 << 10

func (w *stderrLines) Write(p []byte) (int, error) {
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		w.log.writeLine(w.partial[:i+1])
		w.partial = w.partial[i+1:]
	}
	if len(w.partial) > maxPartialLine {
		w.flush()
	}
	return len(p), nil
}

func (w *stderrLines) flush() {
	if len(w.partial) > 0 {
		w.log.writeLine(w.partial)
		w.partial = nil
	}
}

// cgiChild can kill a running script's process group until the script has been reaped; after that
// its process-group id may belong to someone else.
type cgiChild struct {
	pid    int
	mu     sync.Mutex
	reaped bool
}

func (ch *cgiChild) kill() {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if !ch.reaped {
		_ = syscall.Kill(-ch.pid, syscall.SIGKILL)
	}
}

func (ch *cgiChild) markReaped() {
	ch.mu.Lock()
	ch.reaped = true
	ch.mu.Unlock()
}

func statusOf(ws syscall.WaitStatus) exitStatus {
	st := exitStatus{raw: uint32(ws)}
	switch {
	case ws.Exited():
		st.code = ws.ExitStatus()
	case ws.Signaled():
		st.code = -int(ws.Signal())
	}
	return st
}

// execError is the OSError os.execve raises, as its last traceback line prints it.
func execError(err error, file string) *pyException {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return &pyException{"OSError", err.Error()}
	}
	kind := "OSError"
	switch errno {
	case syscall.ENOENT:
		kind = "FileNotFoundError"
	case syscall.EACCES, syscall.EPERM:
		kind = "PermissionError"
	}
	text := errno.Error()
	text = strings.ToUpper(text[:1]) + text[1:]
	return &pyException{kind, fmt.Sprintf("[Errno %d] %s: %s", int(errno), text, pylib.Repr(pylib.FSDecode([]byte(file))))}
}

// nobodyUID mirrors nobody_uid: pwd.getpwnam('nobody'), else one more than the largest uid in the
// password database (computed once, as CPython caches it in a global).
var nobodyUID = sync.OnceValues(func() (uint32, error) {
	if u, err := user.Lookup("nobody"); err == nil {
		if uid, err := strconv.ParseUint(u.Uid, 10, 32); err == nil {
			return uint32(uid), nil
		}
	}
	highest, found := highestUID("/etc/passwd")
	if !found {
		return 0, &pyException{"ValueError", "max() iterable argument is empty"}
	}
	return highest + 1, nil
})

// highestUID reads the largest uid of a passwd file.
func highestUID(passwd string) (uint32, bool) {
	f, err := os.Open(passwd)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var highest uint32
	found := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) < 3 {
			continue
		}
		if uid, err := strconv.ParseUint(fields[2], 10, 32); err == nil {
			highest, found = max(highest, uint32(uid)), true
		}
	}
	return highest, found
}

// socketFile is the client socket as a file a child can inherit: a duplicate descriptor sharing the
// connection. Handing it to the child puts the shared socket in blocking mode, as a script expects it;
// restoreNonblocking undoes that for the server once the script is done.
func (c *conn) socketFile() *os.File {
	conn, ok := c.nc.(interface{ File() (*os.File, error) })
	if !ok {
		panic(&pyException{"OSError", "[Errno 88] Socket operation on non-socket"})
	}
	f, err := conn.File()
	if err != nil {
		panic(exceptionFromIO(err))
	}
	return f
}

// restoreNonblocking puts the connection back in the mode Go's network poller needs. A connection the
// server already closed is left alone.
func (c *conn) restoreNonblocking() {
	if rc := c.rawConn(); rc != nil {
		_ = rc.Control(func(fd uintptr) { _ = syscall.SetNonblock(int(fd), true) })
	}
}

func (c *conn) rawConn() syscall.RawConn {
	sc, ok := c.nc.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}

// discardPending mirrors run_cgi's `while select.select([self.rfile], [], [], 0)[0]: if not
// self.rfile.read(1): break`: whatever the client sent that is already readable is thrown away, so
// pipelined requests after a CGI request are lost; a reset connection raises, as recv does.
func (c *conn) discardPending() {
	rc := c.rawConn()
	if rc == nil {
		return
	}
	var buf [4096]byte
	for {
		var n int
		var err error
		if rc.Read(func(fd uintptr) bool {
			n, err = syscall.Read(int(fd), buf[:])
			return true
		}) != nil {
			return
		}
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return
		case err != nil:
			panic(exceptionFromIO(err))
		case n == 0:
			return
		}
	}
}

// ignoreSIGPIPE makes the process ignore SIGPIPE and SIGXFSZ, as the Python interpreter does at start-up.
// A disposition of "ignore" survives exec, so CGI scripts start with both ignored as under CPython,
// where a script writing to a client that went away gets EPIPE rather than being killed; Go has no way
// to set it for one child only.
func ignoreSIGPIPE() {
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)
}
