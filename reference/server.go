package reference

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server is a reference http.server: ThreadingHTTPServer with SimpleHTTPRequestHandler, or with
// CGIHTTPRequestHandler when Config.CGI is set.
type Server struct {
	cfg       Config
	directory string
	methods   map[string]func(*conn)
	log       logger
	date      dateCache
	files     *fileServer

	// serverName and serverPort are HTTPServer.server_name (socket.getfqdn of the bound host) and
	// server_port, set when serving starts; CGI scripts see them.
	serverName string
	serverPort int

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	conns     map[net.Conn]struct{}
	closed    bool
	done      chan struct{} // closed by Close; CGI scripts still running are killed
	wg        sync.WaitGroup
}

// New builds a server from cfg; Serve starts it.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	dir := cfg.Directory
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("serve the working directory: %w", err)
		}
		dir = wd
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, err)
	}
	s := &Server{
		cfg:       cfg,
		directory: abs,
		log:       logger{out: cfg.Log},
		listeners: map[net.Listener]struct{}{},
		conns:     map[net.Conn]struct{}{},
		done:      make(chan struct{}),
	}
	files, err := newFileServer(s)
	if err != nil {
		return nil, err
	}
	s.files = files
	s.methods = simpleMethods()
	if cfg.CGI {
		s.methods = cgiMethods()
		ignoreSIGPIPE()
	}
	return s, nil
}

// Serve accepts connections on ln and serves each on its own goroutine (ThreadingHTTPServer with
// daemon_threads: an idle connection never holds up another client). It returns when ln is closed.
func (s *Server) Serve(ln net.Listener) error {
	if !s.track(ln) {
		return net.ErrClosed
	}
	defer s.untrack(ln)
	s.setServerName(ln.Addr())
	var backoff time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.isClosed() || errors.Is(err, net.ErrClosed) {
				return nil
			}
			// Out of file descriptors or similar: wait a little and try again, as socketserver's
			// loop keeps serving after a failed accept.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			timer := time.NewTimer(backoff)
			<-timer.C
			continue
		}
		backoff = 0
		if !s.trackConn(nc) {
			nc.Close()
			return nil
		}
		go func() {
			defer s.untrackConn(nc)
			newConn(s, nc).serve()
		}()
	}
}

// Close stops accepting, closes every connection and waits for their goroutines; in-flight requests
// are abandoned, as daemon threads are when CPython's server exits.
func (s *Server) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
	for ln := range s.listeners {
		ln.Close()
	}
	for nc := range s.conns {
		nc.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	s.log.sync()
	return nil
}

// Directory is the absolute path of the served directory.
func (s *Server) Directory() string { return s.directory }

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Server) track(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.listeners[ln] = struct{}{}
	return true
}

func (s *Server) untrack(ln net.Listener) {
	s.mu.Lock()
	delete(s.listeners, ln)
	s.mu.Unlock()
}

func (s *Server) trackConn(nc net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[nc] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrackConn(nc net.Conn) {
	s.mu.Lock()
	delete(s.conns, nc)
	s.mu.Unlock()
	s.wg.Done()
}

// setServerName mirrors HTTPServer.server_bind: server_name = socket.getfqdn(host), server_port = port.
func (s *Server) setServerName(addr net.Addr) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.serverPort == 0 {
		s.serverPort = tcp.Port
		s.serverName = getfqdn(tcp.IP.String())
	}
}

// getfqdn mirrors socket.getfqdn: an empty or wildcard name stands for this host (gethostname); the
// name is then resolved back (gethostbyaddr), and the first of the primary name and its aliases that
// contains a dot wins, else the primary name.
func getfqdn(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || name == "0.0.0.0" || name == "::" {
		host, err := os.Hostname()
		if err != nil {
			return name
		}
		name = host
	}
	addr := name
	if net.ParseIP(name) == nil {
		addrs, err := net.LookupHost(name)
		if err != nil || len(addrs) == 0 {
			return name
		}
		addr = addrs[0]
	}
	names, err := net.LookupAddr(addr)
	if err != nil || len(names) == 0 {
		return name
	}
	for _, n := range names {
		if n = strings.TrimSuffix(n, "."); strings.Contains(n, ".") {
			return n
		}
	}
	return strings.TrimSuffix(names[0], ".")
}

// Listen mirrors how `python -m http.server` (3.8+) binds: the first getaddrinfo result for the bind
// address decides the family, SO_REUSEADDR is set (allow_reuse_address), and an IPv6 socket has
// IPV6_V6ONLY cleared (DualStackServer), so "::" accepts IPv4 clients too. With no bind address the
// reference binds "::" dual-stack where the host has IPv6, else 0.0.0.0 (CPython takes whichever
// family the resolver lists first).
func Listen(bind string, port int) (net.Listener, error) { return listen(bind, port, true) }

var faultNoReuseAddress = registerFault("no-reuse-address", "the listening socket does not set SO_REUSEADDR")

// listen is Listen; reuseAddr false is faultNoReuseAddress.
func listen(bind string, port int, reuseAddr bool) (net.Listener, error) {
	hostport, err := bindAddress(bind, port)
	if err != nil {
		return nil, err
	}
	// KeepAlive -1: no SO_KEEPALIVE on accepted sockets, as socketserver sets none (Go's default would
	// probe idle clients every 15 seconds, and costs four setsockopt calls per connection).
	lc := net.ListenConfig{Control: dualStack, KeepAlive: -1}
	if !reuseAddr {
		lc.Control = noReuseAddress
	}
	ln, err := lc.Listen(context.Background(), "tcp", hostport)
	if err != nil && bind == "" {
		ln, err = lc.Listen(context.Background(), "tcp4", net.JoinHostPort("0.0.0.0", fmt.Sprint(port)))
	}
	return ln, err
}

func bindAddress(bind string, port int) (string, error) {
	if port < 0 || port > 65535 {
		return "", fmt.Errorf("bind(): port must be 0-65535.")
	}
	p := fmt.Sprint(port)
	if bind == "" {
		return net.JoinHostPort("::", p), nil
	}
	if ip := net.ParseIP(bind); ip != nil {
		return net.JoinHostPort(bind, p), nil
	}
	addrs, err := net.LookupHost(bind)
	if err != nil || len(addrs) == 0 {
		return "", fmt.Errorf("[Errno -2] Name or service not known: %q", bind)
	}
	return net.JoinHostPort(addrs[0], p), nil
}

// dualStack clears IPV6_V6ONLY on IPv6 sockets, ignoring errors (it fails on IPv4 sockets), as
// DualStackServer.server_bind does.
func dualStack(network, address string, rc syscall.RawConn) error {
	return rc.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_IPV6, syscall.IPV6_V6ONLY, 0)
	})
}

// noReuseAddress is dualStack that also clears the SO_REUSEADDR Go sets on every listener.
func noReuseAddress(network, address string, rc syscall.RawConn) error {
	_ = dualStack(network, address, rc)
	return rc.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 0)
	})
}

// boundAddress is (server_name, server_port) once Serve has started.
func (s *Server) boundAddress() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.serverName, s.serverPort
}
