package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
)

// role says what a server is to the report.
type role int

const (
	roleCanned    role = iota // the limit: no HTTP work at all
	roleReference             // httpspec serve
	roleCPython               // python -m http.server
	rolePeer                  // another static server
)

// serverSpec is one server of the benchmark, before it runs.
type serverSpec struct {
	key  string // short name, for -servers and the report's columns
	name string // the report's row label
	role role
	// protocol is the protocol_version of the reference and CPython ("" for the others).
	protocol string
	// logOff marks the reference run with Config.Log = io.Discard, to measure what logging costs.
	logOff bool
	// start returns the command that runs it on port; env holds the paths of the run.
	start func(env *benchEnv, port int) (*exec.Cmd, error)
}

// closesEveryConnection reports whether the server ends every connection after one reply, as an
// HTTP/1.0 http.server does whatever the request asks.
func (s *serverSpec) closesEveryConnection() bool {
	return (s.role == roleReference || s.role == roleCPython) && s.protocol == "HTTP/1.0"
}

// server is a started server, or the reason it is not measured.
type server struct {
	spec    *serverSpec
	cmd     *exec.Cmd
	addr    string
	exited  chan struct{}
	skip    string
	version string // what it says it is, for the report
}

// benchEnv is what the servers need to start: the document root, the binaries, the tools found.
type benchEnv struct {
	tmp, root string
	self      string // this program, for `bench serve ...`
	httpspec  string // go build ./cmd/httpspec
	python    *cpython.Interpreter
	tools     map[string]string // wrk, lighttpd, nginx → path
	missing   map[string]string // the same → why it is missing
}

func allServers() []*serverSpec {
	return []*serverSpec{
		{key: "canned", name: "canned response (the limit)", role: roleCanned, start: selfServer("canned")},
		{key: "ref11", name: "reference -p HTTP/1.1", role: roleReference, protocol: "HTTP/1.1", start: httpspecServe("HTTP/1.1")},
		{key: "ref10", name: "reference (HTTP/1.0)", role: roleReference, protocol: "HTTP/1.0", start: httpspecServe("HTTP/1.0")},
		{key: "ref11-nolog", name: "reference -p HTTP/1.1, log off", role: roleReference, protocol: "HTTP/1.1", logOff: true,
			start: selfServer("reference", "-protocol", "HTTP/1.1")},
		{key: "ref10-nolog", name: "reference (HTTP/1.0), log off", role: roleReference, protocol: "HTTP/1.0", logOff: true,
			start: selfServer("reference", "-protocol", "HTTP/1.0")},
		{key: "cpy11", name: "CPython -p HTTP/1.1", role: roleCPython, protocol: "HTTP/1.1", start: cpythonServer("HTTP/1.1")},
		{key: "cpy10", name: "CPython (HTTP/1.0)", role: roleCPython, protocol: "HTTP/1.0", start: cpythonServer("HTTP/1.0")},
		{key: "gofs", name: "Go net/http.FileServer", role: rolePeer, start: selfServer("gofileserver")},
		{key: "lighttpd", name: "lighttpd", role: rolePeer, start: lighttpdServer},
		{key: "nginx", name: "nginx", role: rolePeer, start: nginxServer},
	}
}

func selfServer(kind string, extra ...string) func(*benchEnv, int) (*exec.Cmd, error) {
	return func(env *benchEnv, port int) (*exec.Cmd, error) {
		args := append([]string{"serve", kind, "-port", strconv.Itoa(port), "-dir", env.root}, extra...)
		return exec.Command(env.self, args...), nil
	}
}

// httpspecServe is `httpspec serve PORT -b 127.0.0.1 -d ROOT -p PROTOCOL`, its log (stderr) to a file,
// as a user who keeps the log would run it.
func httpspecServe(protocol string) func(*benchEnv, int) (*exec.Cmd, error) {
	return func(env *benchEnv, port int) (*exec.Cmd, error) {
		cmd := exec.Command(env.httpspec, "serve", strconv.Itoa(port), "-b", "127.0.0.1", "-d", env.root, "-p", protocol)
		return cmd, logToFile(cmd, env, "httpspec-"+protocol[5:])
	}
}

func cpythonServer(protocol string) func(*benchEnv, int) (*exec.Cmd, error) {
	return func(env *benchEnv, port int) (*exec.Cmd, error) {
		if env.python == nil {
			return nil, errSkip("no CPython found (internal/cpython looked in HTTPSPEC_PYTHON_3_X, pyenv and PATH)")
		}
		argv, extraEnv, err := env.python.ServerCommand(port, "127.0.0.1", env.root, cpython.Mode{Protocol: protocol})
		if err != nil {
			return nil, errSkip(err.Error())
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = env.root
		cmd.Env = append(os.Environ(), extraEnv...)
		return cmd, logToFile(cmd, env, "cpython-"+protocol[5:])
	}
}

func logToFile(cmd *exec.Cmd, env *benchEnv, name string) error {
	f, err := os.Create(filepath.Join(env.tmp, name+".log"))
	if err != nil {
		return err
	}
	cmd.Stderr = f
	return nil
}

// errSkip is a reason not to measure a server that is not a failure of the benchmark.
type errSkip string

func (e errSkip) Error() string { return string(e) }

// startServer starts spec on a free port of 127.0.0.1 and waits until it accepts a connection.
func startServer(ctx context.Context, env *benchEnv, spec *serverSpec) *server {
	s := &server{spec: spec}
	port, err := freePort()
	if err != nil {
		s.skip = err.Error()
		return s
	}
	cmd, err := spec.start(env, port)
	if err != nil {
		s.skip = err.Error()
		return s
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		s.skip = "cannot start: " + err.Error()
		return s
	}
	s.cmd = cmd
	s.exited = make(chan struct{})
	go func() { cmd.Wait(); close(s.exited) }()
	s.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if err := s.waitAccepting(ctx, 20*time.Second); err != nil {
		s.stop()
		s.skip = err.Error()
	}
	return s
}

// waitAccepting polls until a connection to the server succeeds, it exits, or the time is up.
func (s *server) waitAccepting(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		nc, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err == nil {
			nc.Close()
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("exited before accepting connections (%v)", s.cmd.ProcessState)
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not accepting connections after %s", limit)
		}
	}
}

// stop interrupts the server (its process group: nginx has workers), then kills it if it lingers.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	pgid := s.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGINT)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.exited
	}
}

func (s *server) alive() bool {
	if s.exited == nil {
		return false
	}
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

var errNoTool = errors.New("not installed")
