package wire

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"
)

// peer is the server end of a fake server's one connection. Its methods ignore errors: a fake that
// fails shows up in the client's assertions.
type peer struct {
	*net.TCPConn
	stop <-chan struct{} // closed when the test ends
}

// serve starts a fake server that accepts one connection and runs script on it; the connection is
// closed when script returns. It returns the address to dial.
func serve(t *testing.T, script func(p peer)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop, done := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() {
		close(stop)
		ln.Close()
		<-done
	})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(20 * time.Second))
		script(peer{c.(*net.TCPConn), stop})
	}()
	return ln.Addr().String()
}

// readRequest reads until the blank line ending a request head, or EOF.
func (p peer) readRequest() []byte {
	var got []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(got, []byte("\r\n\r\n")) {
		n, err := p.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	return got
}

// readAll reads until EOF (the client half-closed or closed).
func (p peer) readAll() []byte {
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := p.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			return got
		}
	}
}

func (p peer) write(s string) { p.Write([]byte(s)) }

// hold keeps the connection open and silent until the test ends.
func (p peer) hold() { <-p.stop }

// reset closes with SO_LINGER 0, so the kernel sends RST instead of FIN.
func (p peer) reset() {
	p.SetLinger(0)
	p.Close()
}

// flood writes chunk until the client goes away.
func (p peer) flood(chunk []byte) {
	for {
		if _, err := p.Write(chunk); err != nil {
			return
		}
	}
}

// dial connects with test defaults: short deadlines, so a failing test fails fast.
func dial(t *testing.T, addr string, opts Options) *Conn {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	c, err := Dial(testContext(t), addr, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustSend(t *testing.T, c *Conn, s string) {
	t.Helper()
	if err := c.Send([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func kinds(events []Event) []EventKind {
	var ks []EventKind
	for _, e := range events {
		ks = append(ks, e.Kind)
	}
	return ks
}
