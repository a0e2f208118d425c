package reference_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/httpspec/httpspec/reference"
	"github.com/httpspec/httpspec/suite/wire"
)

// TestThousandConnections holds 1,000 connections open at once, as ThreadingHTTPServer with
// daemon_threads does (research §1.1): idle ones, ones stuck half way through a request, keep-alive
// ones sending request after request, and one-shot HTTP/1.0 ones. Every request must be answered
// exactly, and every idle connection must still be served at the end. Run it under -race.
func TestThousandConnections(t *testing.T) {
	const (
		idle      = 250 // connected, nothing sent
		partial   = 250 // a request line, no blank line: the server waits for the header block
		keepAlive = 400 // five requests each on one connection
		oneShot   = 100 // HTTP/1.0, closed after the reply
		perConn   = 5
		total     = idle + partial + keepAlive + oneShot
	)
	// Client and server ends both live in this process.
	ensureFileLimit(t, 2*total+256)

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logged atomic.Int64
	srv, err := reference.New(reference.Config{Directory: dir, Protocol: "HTTP/1.1", Log: lineCounter{&logged}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	addr := ln.Addr().String()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := wire.Options{Timeout: 20 * time.Second, Lifetime: 2 * time.Minute, Quiet: 100 * time.Millisecond}

	held := dialAll(t, ctx, addr, idle+partial, opts)
	defer closeAll(held)
	for _, c := range held[idle:] {
		if err := c.Send([]byte("GET /a.txt HTTP/1.1\r\n")); err != nil {
			t.Fatal(err)
		}
	}

	// The active clients connect first and start sending together, so that all 1,000 connections
	// are open at the same moment.
	var wg, connected sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, total)
	for i := range keepAlive + oneShot {
		wg.Add(1)
		connected.Add(1)
		go func() {
			defer wg.Done()
			c, err := wire.Dial(ctx, addr, opts)
			connected.Done()
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			<-start
			if i < keepAlive {
				errs <- keepAliveClient(c, perConn, i)
			} else {
				errs <- oneShotClient(c)
			}
		}()
	}
	connected.Wait()
	close(start)
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			if failed++; failed <= 10 {
				t.Error(err)
			}
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d active clients failed", failed, keepAlive+oneShot)
	}

	// The waiting ones were never dropped: finish the partial requests, serve the idle ones.
	finishHeld(t, held[:idle], "GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n")
	finishHeld(t, held[idle:], "Connection: close\r\n\r\n")

	want := int64(keepAlive*perConn + oneShot + idle + partial)
	if got := logged.Load(); got != want {
		t.Errorf("the log has %d lines, want one access line per request: %d", got, want)
	}
}

// ensureFileLimit raises RLIMIT_NOFILE's soft limit to at least n, up to the hard limit.
func ensureFileLimit(t *testing.T, n uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur >= n {
		return
	}
	if lim.Max < n {
		t.Skipf("RLIMIT_NOFILE's hard limit %d is below the %d descriptors the test needs", lim.Max, n)
	}
	old := lim.Cur
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		lim.Cur = old
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	})
}

func dialAll(t *testing.T, ctx context.Context, addr string, n int, opts wire.Options) []*wire.Conn {
	conns := make([]*wire.Conn, 0, n)
	for range n {
		c, err := wire.Dial(ctx, addr, opts)
		if err != nil {
			closeAll(conns)
			t.Fatalf("after %d connections: %v", len(conns), err)
		}
		conns = append(conns, c)
	}
	return conns
}

func closeAll(conns []*wire.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// helloReply starts every reply: the status line carries the server's protocol_version.
const helloReply = "HTTP/1.1 200 OK\r\n"

// keepAliveClient sends n requests one after the other on one HTTP/1.1 connection, which must stay
// open between them.
func keepAliveClient(c *wire.Conn, n, id int) error {
	for i := range n {
		if err := c.Send([]byte(fmt.Sprintf("GET /a.txt?c=%d&r=%d HTTP/1.1\r\n\r\n", id, i))); err != nil {
			return fmt.Errorf("client %d request %d: %w", id, i, err)
		}
		if err := expectHello(c, fmt.Sprintf("client %d request %d", id, i)); err != nil {
			return err
		}
	}
	return nil
}

// oneShotClient is an HTTP/1.0 request, after which the server closes.
func oneShotClient(c *wire.Conn) error {
	if err := c.Send([]byte("GET /a.txt HTTP/1.0\r\n\r\n")); err != nil {
		return err
	}
	if err := expectHello(c, "one-shot request"); err != nil {
		return err
	}
	if st, err := c.State(5 * time.Second); err != nil || st != wire.Closed {
		return fmt.Errorf("one-shot request: end %v, %v; want closed", st, err)
	}
	return nil
}

func expectHello(c *wire.Conn, what string) error {
	r, err := c.ReadResponse("GET")
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !strings.HasPrefix(string(r.Raw), helloReply) || string(r.Body) != "hello\n" || !r.Complete {
		return fmt.Errorf("%s: got %v", what, r)
	}
	return nil
}

// finishHeld sends the rest of a request on every held connection and reads the reply and the close.
func finishHeld(t *testing.T, conns []*wire.Conn, rest string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(conns))
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Send([]byte(rest)); err != nil {
				errs[i] = err
				return
			}
			if err := expectHello(c, "held connection"); err != nil {
				errs[i] = err
				return
			}
			if st, err := c.State(5 * time.Second); err != nil || st != wire.Closed {
				errs[i] = fmt.Errorf("held connection: end %v, %v; want closed", st, err)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// lineCounter counts the log lines written to it.
type lineCounter struct{ n *atomic.Int64 }

func (l lineCounter) Write(p []byte) (int, error) {
	l.n.Add(int64(strings.Count(string(p), "\n")))
	return len(p), nil
}
