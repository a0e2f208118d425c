// Package wire is the conformance suite's raw-socket HTTP client. It sends exactly the bytes a spec
// gives it, reads with a deadline on every call, and reports what the peer did: closed, reset, or
// stayed open and silent. Its response parser keeps the bytes as sent (header order, case, Latin-1
// reason phrases) and reports malformed input as data, because the servers it judges may be broken.
// Everything it reads is bounded, so a hostile server can cost a spec time up to its deadlines but
// never unbounded memory.
//
// It deliberately does not use net/http, which canonicalises header names and rejects responses (such
// as CPython's HTTP/0.9 headerless replies) that the suite must observe.
package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// Options configures a connection. The zero value is usable: every unset field takes the default
// named in its comment.
type Options struct {
	// Timeout bounds the dial and every single read and write (default 2s). A read that gets no byte
	// within it reports the peer as open and silent.
	Timeout time.Duration
	// Lifetime bounds the whole life of a connection from the dial (default 60s), so a server that
	// drips a byte just inside Timeout forever still ends. The context's deadline bounds it as well.
	Lifetime time.Duration
	// MaxHeaderBytes bounds a response's status line and header block (default 64 KiB).
	MaxHeaderBytes int
	// MaxBodyBytes bounds a response's body (default 4 MiB).
	MaxBodyBytes int
	// MaxReadBytes bounds what ReadUntilClose, ReadQuiet and State collect (default MaxHeaderBytes +
	// MaxBodyBytes).
	MaxReadBytes int
	// Quiet is how long Exchange waits for another response after a complete one (default 500ms).
	Quiet time.Duration
	// HalfClose makes Exchange shut down the write side after sending: HTTP/0.9 requests need it on
	// CPython up to 3.13.0, which reads headers even after a 2-word request line (research §2.6).
	HalfClose bool
	// Nagle leaves Nagle's algorithm on. By default the socket has TCP_NODELAY set (as Go sets it),
	// so every write, and every segment of SendSegments, leaves as soon as it is made.
	Nagle bool
	// SegmentGap is a pause SendSegments makes between segments, so that the server's reads see each
	// segment on its own. It is part of the stimulus, not synchronisation.
	SegmentGap time.Duration
	// Recorder, when set, collects this connection's transcript.
	Recorder *Recorder
	// MaxTranscriptBytes bounds the bytes a transcript keeps for each direction (default 16 KiB);
	// what is sent or received beyond it is counted, not kept, so a spec that moves megabytes still
	// has a transcript a report can hold.
	MaxTranscriptBytes int
	// Label names the connection in its transcript.
	Label string
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	if o.Lifetime <= 0 {
		o.Lifetime = 60 * time.Second
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = 64 << 10
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 4 << 20
	}
	if o.MaxReadBytes <= 0 {
		o.MaxReadBytes = o.MaxHeaderBytes + o.MaxBodyBytes
	}
	if o.Quiet <= 0 {
		o.Quiet = 500 * time.Millisecond
	}
	if o.MaxTranscriptBytes <= 0 {
		o.MaxTranscriptBytes = 16 << 10
	}
	return o
}

// PeerState is what the peer was last seen doing.
type PeerState int

const (
	// Unknown: nothing has shown how the connection ends (for example a response framed by
	// Content-Length was read and nothing more), or reading stopped at a byte bound while the peer was
	// still sending.
	Unknown PeerState = iota
	// Open: the peer sent nothing until the deadline and the connection is still up.
	Open
	// Closed: the peer closed its side (EOF).
	Closed
	// Reset: the connection was reset (ECONNRESET, or EPIPE on a write).
	Reset
)

var peerStateNames = [...]string{Unknown: "unknown", Open: "open", Closed: "closed", Reset: "reset"}

func (s PeerState) String() string {
	if s < 0 || int(s) >= len(peerStateNames) {
		return fmt.Sprintf("PeerState(%d)", int(s))
	}
	return peerStateNames[s]
}

// Errors a read reports when no response could be read. Errors wrap them; test with errors.Is.
var (
	ErrClosed   = errors.New("wire: peer closed the connection")
	ErrReset    = errors.New("wire: connection reset by peer")
	ErrSilent   = errors.New("wire: peer sent nothing before the deadline")
	ErrDesync   = errors.New("wire: an earlier response was cut short, so responses can no longer be framed")
	ErrLifetime = errors.New("wire: connection lifetime exceeded")
)

// endError is the error for a read that ended in state s before any byte of a response came.
func endError(s PeerState) error {
	switch s {
	case Closed:
		return ErrClosed
	case Reset:
		return ErrReset
	default:
		return ErrSilent
	}
}

// Conn is one TCP connection to the target. A Conn is used by one goroutine at a time; its transcript
// may be read from any.
type Conn struct {
	ctx     context.Context
	opts    Options
	tcp     *net.TCPConn
	expires time.Time
	tr      *Transcript
	in      inbox
	scratch []byte

	peer    PeerState // the strongest end seen by a read or a write
	readEnd PeerState // Closed or Reset once a read has seen the end; further reads return it
	desync  bool      // a response was cut short; ReadResponse refuses to frame more
	closed  bool

	mu         sync.Mutex // guards cancelled against the context's AfterFunc
	cancelled  bool
	stopCancel func() bool
}

// Dial connects to addr over TCP. The context bounds the connection's whole life: cancelling it
// interrupts any read or write in progress, and no deadline is ever set beyond its deadline.
func Dial(ctx context.Context, addr string, opts Options) (*Conn, error) {
	opts = opts.withDefaults()
	start := time.Now()
	tr := opts.Recorder.open(opts.Label, addr, start)
	tr.limit = opts.MaxTranscriptBytes
	d := net.Dialer{Timeout: opts.Timeout}
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		tr.add(EventError, nil, "dial: "+err.Error())
		return nil, fmt.Errorf("wire: dial %s: %w", addr, err)
	}
	tcp := nc.(*net.TCPConn)
	if err := tcp.SetNoDelay(!opts.Nagle); err != nil {
		tcp.Close()
		return nil, fmt.Errorf("wire: set TCP_NODELAY: %w", err)
	}
	tr.add(EventDial, nil, tcp.LocalAddr().String()+" -> "+tcp.RemoteAddr().String())
	c := &Conn{ctx: ctx, opts: opts, tcp: tcp, expires: start.Add(opts.Lifetime), tr: tr,
		scratch: make([]byte, 32<<10)}
	c.in.fill = c.readOnce
	c.stopCancel = context.AfterFunc(ctx, c.interrupt)
	return c, nil
}

// Transcript returns the connection's transcript.
func (c *Conn) Transcript() *Transcript { return c.tr }

// LocalAddr is our end of the connection, as the server sees the client ("127.0.0.1:54321").
func (c *Conn) LocalAddr() string { return c.tcp.LocalAddr().String() }

// Peer is the end state seen so far: Closed or Reset once seen, else Open once a read met silence,
// else Unknown.
func (c *Conn) Peer() PeerState { return c.peer }

// Buffered returns the bytes received but not yet consumed by a read method.
func (c *Conn) Buffered() []byte { return append([]byte(nil), c.in.buf...) }

// Send writes p in one write call.
func (c *Conn) Send(p []byte) error {
	b, err := c.arm(c.tcp.SetWriteDeadline, c.opts.Timeout)
	if err != nil {
		return err
	}
	n, err := c.tcp.Write(p)
	if n > 0 || err == nil {
		c.tr.add(EventSend, p[:n], "")
	}
	if err != nil {
		return c.writeFailed(err, b)
	}
	return nil
}

// SendSegments writes each segment with its own write call, pausing Options.SegmentGap between them,
// so that a server sees a request arrive in pieces.
func (c *Conn) SendSegments(segments ...[]byte) error {
	for i, s := range segments {
		if i > 0 && c.opts.SegmentGap > 0 {
			if err := c.pause(c.opts.SegmentGap); err != nil {
				return err
			}
		}
		if err := c.Send(s); err != nil {
			return err
		}
	}
	return nil
}

func (c *Conn) pause(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.ctx.Done():
		return c.ctx.Err()
	}
}

// CloseWrite shuts down our write side (SHUT_WR): the server reads EOF, while we can still read.
func (c *Conn) CloseWrite() error {
	if err := c.tcp.CloseWrite(); err != nil {
		c.tr.add(EventError, nil, "half-close: "+err.Error())
		return fmt.Errorf("wire: half-close: %w", err)
	}
	c.tr.add(EventHalfClose, nil, "")
	return nil
}

// Close closes the connection. It is safe to call more than once.
func (c *Conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.stopCancel()
	c.tr.add(EventClose, nil, "")
	return c.tcp.Close()
}

// ReadUntilClose reads until the peer closes or resets, or sends nothing for Options.Timeout (End is
// then Open), or MaxReadBytes have been collected (Truncated, End Unknown). Bytes already received
// but not consumed come first.
func (c *Conn) ReadUntilClose() (Capture, error) { return c.drain(c.opts.Timeout) }

// ReadQuiet reads until the peer has sent nothing for quiet, or closes, or resets, within the same
// bounds as ReadUntilClose. Specs use it to prove that a server stays silent.
func (c *Conn) ReadQuiet(quiet time.Duration) (Capture, error) { return c.drain(quiet) }

// State waits until the peer has been silent for quiet (Open), or closes, or resets, and reports which.
// Bytes that arrive meanwhile are kept for the next read (see Buffered). After a response it tells
// whether the server kept the connection open (research §2.8).
func (c *Conn) State(quiet time.Duration) (PeerState, error) {
	st, _, err := c.fillQuiet(quiet)
	return st, err
}

// Capture is what a raw read collected and how it ended.
type Capture struct {
	Bytes     []byte
	End       PeerState
	Truncated bool // MaxReadBytes were collected and reading stopped
}

func (c *Conn) drain(wait time.Duration) (Capture, error) {
	st, truncated, err := c.fillQuiet(wait)
	n := len(c.in.buf)
	if truncated {
		n = c.opts.MaxReadBytes
	}
	return Capture{Bytes: append([]byte(nil), c.in.take(n)...), End: st, Truncated: truncated}, err
}

// fillQuiet reads into the inbox until the peer ends or is silent for wait, or the inbox holds
// MaxReadBytes.
func (c *Conn) fillQuiet(wait time.Duration) (PeerState, bool, error) {
	for len(c.in.buf) < c.opts.MaxReadBytes {
		st, err := c.readOnce(wait)
		if err != nil || st != Unknown {
			return st, false, err
		}
	}
	return Unknown, true, nil
}

// readOnce makes one read, appending what came to the inbox. It returns Unknown when bytes came,
// otherwise how the read ended. Only a cancelled context, an exhausted context deadline or lifetime,
// or an unexpected socket error is an error.
func (c *Conn) readOnce(wait time.Duration) (PeerState, error) {
	if c.readEnd != Unknown {
		return c.readEnd, nil
	}
	b, err := c.arm(c.tcp.SetReadDeadline, wait)
	if err != nil {
		return Unknown, err
	}
	n, err := c.tcp.Read(c.scratch)
	if n > 0 {
		c.in.buf = append(c.in.buf, c.scratch[:n]...)
		c.tr.add(EventRecv, c.scratch[:n], "")
		return Unknown, nil
	}
	switch {
	case err == nil:
		return Unknown, nil
	case errors.Is(err, io.EOF):
		c.ended(Closed, EventPeerClosed, "EOF")
		c.readEnd = Closed
		return Closed, nil
	case isReset(err):
		c.ended(Reset, EventReset, err.Error())
		c.readEnd = Reset
		return Reset, nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		if err := c.boundErr(b); err != nil {
			return Unknown, err
		}
		c.tr.add(EventSilent, nil, "no bytes for "+wait.String())
		if c.peer == Unknown {
			c.peer = Open
		}
		return Open, nil
	default:
		c.tr.add(EventError, nil, "read: "+err.Error())
		return Unknown, fmt.Errorf("wire: read: %w", err)
	}
}

func (c *Conn) writeFailed(err error, b bound) error {
	switch {
	case isReset(err):
		c.ended(Reset, EventReset, "on write: "+err.Error())
		return fmt.Errorf("wire: send: %w (%v)", ErrReset, err)
	case errors.Is(err, os.ErrDeadlineExceeded):
		if err := c.boundErr(b); err != nil {
			return err
		}
		c.tr.add(EventError, nil, "write stalled for "+c.opts.Timeout.String())
		return fmt.Errorf("wire: send: peer not reading for %s: %w", c.opts.Timeout, err)
	default:
		c.tr.add(EventError, nil, "write: "+err.Error())
		return fmt.Errorf("wire: send: %w", err)
	}
}

// ended records a close or reset. A reset outranks a close: after EPIPE on a write, a read may still
// see a plain EOF.
func (c *Conn) ended(s PeerState, kind EventKind, note string) {
	c.tr.add(kind, nil, note)
	if c.peer != Reset {
		c.peer = s
	}
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED)
}

// bound says which limit set a deadline: the wait asked for, the context, or the lifetime.
type bound int

const (
	boundWait bound = iota
	boundContext
	boundLifetime
)

// arm sets a read or write deadline: now+wait, but never beyond the lifetime or the context deadline.
func (c *Conn) arm(set func(time.Time) error, wait time.Duration) (bound, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancelled {
		c.tr.add(EventError, nil, c.ctx.Err().Error())
		return 0, c.ctx.Err()
	}
	d, b := time.Now().Add(wait), boundWait
	if c.expires.Before(d) {
		d, b = c.expires, boundLifetime
	}
	if cd, ok := c.ctx.Deadline(); ok && cd.Before(d) {
		d, b = cd, boundContext
	}
	return b, set(d)
}

// boundErr is the error for a deadline that fired, or nil when it was the wait asked for.
func (c *Conn) boundErr(b bound) error {
	var err error
	switch {
	case c.ctx.Err() != nil:
		err = c.ctx.Err()
	case b == boundContext:
		err = context.DeadlineExceeded
	case b == boundLifetime:
		err = ErrLifetime
	default:
		return nil
	}
	c.tr.add(EventError, nil, err.Error())
	return err
}

// interrupt runs when the context is done: it fails the read or write in progress at once.
func (c *Conn) interrupt() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancelled = true
	c.tcp.SetDeadline(time.Unix(1, 0))
}

// inbox holds bytes received and not yet consumed, and a way to wait for more.
type inbox struct {
	buf  []byte
	fill func(wait time.Duration) (PeerState, error) // one read; Unknown when bytes came
}

// take consumes n bytes. Later fills never overwrite them, but the result pins the inbox's buffer:
// copy what is kept for long.
func (in *inbox) take(n int) []byte {
	b := in.buf[:n:n]
	in.buf = in.buf[n:]
	if len(in.buf) == 0 {
		in.buf = nil
	}
	return b
}
