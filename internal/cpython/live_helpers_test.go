package cpython

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Deadlines of the live tests. Starting is the slowest step: a dropping launcher imports and warms
// up a good part of the standard library before the server binds, on a machine that starts every
// interpreter at once.
const (
	startDeadline = 15 * time.Second
	ioDeadline    = 5 * time.Second
	stopDeadline  = 5 * time.Second
)

var (
	liveOnce         sync.Once
	liveInterpreters []Interpreter
	liveRejected     []Attempt
)

// installedInterpreters is FindAll on this machine, or a skip that says what was tried.
func installedInterpreters(t *testing.T) []Interpreter {
	t.Helper()
	liveOnce.Do(func() { liveInterpreters, liveRejected = findAll(context.Background()) })
	if len(liveInterpreters) == 0 {
		t.Skipf("no CPython ≥ 3.6 runs here (install one with pyenv, or name one in %s); rejected: %v",
			EnvList, liveRejected)
	}
	return liveInterpreters
}

// syncBuffer collects a process's output while the test reads it; wrote is signalled after each write.
type syncBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{wrote: make(chan struct{}, 1)} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.wrote <- struct{}{}:
	default:
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// liveServer is one `python -m http.server` (or launcher) process.
type liveServer struct {
	cmd            *exec.Cmd
	addr           string
	port           int
	stdout, stderr *syncBuffer
	exited         chan struct{}
	waitErr        error
}

// startServer runs i's server command for mode m on port 0 of 127.0.0.1 with cwd = root, and returns
// once the banner has named the port the kernel chose and that port accepts a connection. Choosing a
// free port first and handing it over would race with every other test that listens meanwhile.
func startServer(t *testing.T, i Interpreter, m Mode, root string) *liveServer {
	t.Helper()
	argv, env, err := i.ServerCommand(0, "127.0.0.1", root, m)
	if err != nil {
		t.Fatal(err)
	}
	s := &liveServer{stdout: newSyncBuffer(), stderr: newSyncBuffer(), exited: make(chan struct{})}
	s.cmd = exec.Command(argv[0], argv[1:]...)
	s.cmd.Dir = root
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.kill)
	if err := s.awaitBanner(); err != nil {
		t.Fatalf("%s %+v: %v\nstdout: %s\nstderr: %s", i, m, err, s.stdout.String(), s.stderr.String())
	}
	return s
}

// bannerPort finds the port in "Serving HTTP on 127.0.0.1 port PORT (...".
var bannerPort = regexp.MustCompile(`^Serving HTTP on 127\.0\.0\.1 port (\d+) `)

// awaitBanner waits for the startup line on stdout (printed after the bind), then checks that its
// port accepts a connection.
func (s *liveServer) awaitBanner() error {
	deadline := time.NewTimer(startDeadline)
	defer deadline.Stop()
	for {
		if m := bannerPort.FindStringSubmatch(s.stdout.String()); m != nil {
			s.port, _ = strconv.Atoi(m[1])
			s.addr = net.JoinHostPort("127.0.0.1", m[1])
			conn, err := net.DialTimeout("tcp", s.addr, ioDeadline)
			if err != nil {
				return fmt.Errorf("printed its port but does not accept connections: %v", err)
			}
			return conn.Close()
		}
		select {
		case <-s.stdout.wrote:
		case <-s.exited:
			return fmt.Errorf("exited before printing its port: %v", s.waitErr)
		case <-deadline.C:
			return fmt.Errorf("printed no \"Serving HTTP on\" line within %s", startDeadline)
		}
	}
}

// stop sends SIGINT, as Ctrl-C does, and waits for the exit.
func (s *liveServer) stop() error {
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	select {
	case <-s.exited:
		return s.waitErr
	case <-time.After(stopDeadline):
		s.kill()
		return fmt.Errorf("still running %s after SIGINT", stopDeadline)
	}
}

func (s *liveServer) kill() {
	select {
	case <-s.exited:
	default:
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// exchange sends request on a new connection, half-closes it, and reads until the server closes: that
// way no unread byte is left to turn the close into a reset, and the handler has finished (logged,
// warned) when exchange returns. It returns the response head: everything up to the first blank line,
// or everything for a response that has none.
func (s *liveServer) exchange(request string) (string, error) {
	conn, err := net.DialTimeout("tcp", s.addr, ioDeadline)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(ioDeadline)); err != nil {
		return "", err
	}
	if _, err := io.WriteString(conn, request); err != nil {
		return "", err
	}
	if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
		return "", err
	}
	got, err := io.ReadAll(io.LimitReader(conn, 1<<20))
	head, _, _ := strings.Cut(string(got), "\r\n\r\n")
	return head, err
}

// processIDs reads the Uid, Gid and Groups lines of /proc/PID/status.
func processIDs(pid int) (map[string]string, error) {
	status, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, line := range strings.Split(string(status), "\n") {
		name, value, _ := strings.Cut(line, ":")
		if name == "Uid" || name == "Gid" || name == "Groups" {
			ids[name] = strings.Join(strings.Fields(value), " ")
		}
	}
	return ids, nil
}

// helloScript is a CGI script that needs nothing but sh's builtins.
const helloScript = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nhi\\n'\n"

// newDocRoot makes a served directory that an unprivileged server can traverse: t.TempDir is 0700.
func newDocRoot(t *testing.T) string {
	t.Helper()
	root, err := os.MkdirTemp("", "httpspec-cpython-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	files := []struct {
		name, body string
		mode       os.FileMode
	}{
		{"a.txt", "hello\n", 0o644},
		{"secret.txt", "root only\n", 0o000},
		{"cgi-bin/hello.sh", helloScript, 0o755},
	}
	for _, f := range files {
		path := filepath.Join(root, f.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(f.body), f.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, f.mode); err != nil { // WriteFile's mode is masked by the umask
			t.Fatal(err)
		}
	}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}
