package reference

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
)

// conn is one client connection: the state a BaseHTTPRequestHandler instance keeps while it serves a
// connection (StreamRequestHandler's rfile/wfile, client_address, close_connection) and the
// attributes of the request being served (requestline, command, path, request_version, headers).
type conn struct {
	srv *Server
	nc  net.Conn

	// clientHost is client_address[0] as CPython prints it ("::ffff:127.0.0.1" on a dual-stack socket).
	clientHost string

	rfile lineReader
	out   *bufio.Writer // taken from outPool for a reply, given back once it is flushed
	wfile io.Writer     // the socket as out writes to it, boxed once per connection

	closeConnection bool
	requestLine     string // Python text
	command         string
	path            string
	requestVersion  string
	headers         headers

	headersBuf []byte       // _headers_buffer
	crash      *pyException // a failure that ends the request the way an exception ends CPython's
	writeErr   error        // the first failed write; later writes are dropped
	heldAccess int          // faultLogAfterBody: the status whose access line waits for the end
}

func newConn(srv *Server, nc net.Conn) *conn {
	c := &conn{srv: srv, nc: nc}
	c.clientHost, _ = clientAddress(nc)
	if srv.cfg.CGI {
		// CGIHTTPRequestHandler.rbufsize = 0: the request is read unbuffered, so that what follows the
		// headers is still in the socket when a script inherits it as stdin.
		c.rfile = unbufferedLines{r: nc}
	} else {
		// StreamRequestHandler.rbufsize = -1: makefile() gives a BufferedReader of
		// io.DEFAULT_BUFFER_SIZE. What it takes from the socket decides whether unread input is left
		// when the connection closes, and so whether the close is a FIN or a RST.
		c.rfile = bufferedLines{bufio.NewReaderSize(nc, pyDefaultBufferSize)}
	}
	if srv.cfg.Faults.has(faultCREndsLine) {
		c.rfile = unbufferedLines{r: nc, crEndsLine: true}
	}
	return c
}

var faultCREndsLine = registerFault("cr-ends-line", "a bare CR ends a request or header line, as LF does")

// serve runs the connection to its end and closes it. A failure while handling a request ends the
// connection with no further bytes and the traceback banner socketserver.BaseServer.handle_error
// prints, as an uncaught exception does in CPython; it never stops the server.
func (c *conn) serve() {
	defer c.shutdownRequest()
	defer c.srv.log.sync() // the connection's lines are in the log before its end reaches the client
	defer func() {
		if r := recover(); r != nil {
			if c.srv.cfg.Faults.has(faultCrash500) {
				_, _ = c.nc.Write([]byte("HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"))
			}
			c.reportCrash(r)
		}
	}()
	c.handle()
	c.flush()
	if c.heldAccess != 0 {
		c.logWhenClosed()
	}
}

// logWhenClosed writes the held access line once the client has closed the connection, for
// faultLogAfterBody; a request that fails on the way never gets here, and is never logged.
func (c *conn) logWhenClosed() {
	if tcp, ok := c.nc.(*net.TCPConn); ok {
		_ = tcp.CloseWrite()
	}
	_ = c.nc.SetReadDeadline(time.Now().Add(30 * time.Second))
	_, _ = io.Copy(io.Discard, c.nc)
	c.logRequest(c.heldAccess)
}

var faultCrash500 = registerFault("crash-500", "a request whose handling fails is answered 500 instead of the connection closing without a byte")

// resetConnection aborts the connection for faultErrorReset: SO_LINGER 0, then close, so the client
// gets a RST and no reply; the request ends as a socket error does.
func (c *conn) resetConnection() {
	if tcp, ok := c.nc.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	c.nc.Close()
	panic(&pyException{"ConnectionResetError", "reset on purpose (fault error-reset)"})
}

// shutdownRequest mirrors socketserver's shutdown_request: shutdown(SHUT_WR), then close. The FIN
// leaves before the close, so a client reads the end of the stream after the reply even when input
// left unread turns the close itself into a RST.
func (c *conn) shutdownRequest() {
	if tcp, ok := c.nc.(*net.TCPConn); ok {
		_ = tcp.CloseWrite() // "some platforms may raise ENOTCONN here"
	}
	c.nc.Close()
}

// readLine is rfile.readline(limit): at most limit bytes, up to and including a LF. At EOF it returns
// what was read; tooLong reports a line longer than limit-1 bytes.
func (c *conn) readLine(limit int) (line string, tooLong bool, err error) {
	line, err = c.rfile.readLine(nil, limit)
	if err != nil {
		return "", false, err
	}
	return line, len(line) > limit-1, nil
}

// write queues response bytes; the first failure is kept and reported when the request ends.
func (c *conn) write(b []byte) {
	if c.writeErr != nil {
		return
	}
	if _, err := c.output().Write(b); err != nil {
		c.writeErr = err
	}
}

// flush mirrors wfile.flush(): whatever is queued goes out now.
func (c *conn) flush() {
	if c.writeErr != nil || c.out == nil {
		return
	}
	if err := c.out.Flush(); err != nil {
		c.writeErr = err
	}
	if c.writeErr != nil {
		panic(exceptionFromIO(c.writeErr))
	}
	c.releaseOutput()
}

// outBufferSize holds the headers and a body of up to about 16 KiB, so that such a reply leaves in
// one write.
const outBufferSize = 16 << 10

// outPool shares output buffers between connections: an idle connection holds none.
var outPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, outBufferSize) }}

// output is the reply's buffer, taken from the pool on the first byte of a reply.
func (c *conn) output() *bufio.Writer {
	if c.out == nil {
		if c.wfile == nil {
			c.wfile = writerOnly{c.nc}
		}
		c.out = outPool.Get().(*bufio.Writer)
		c.out.Reset(c.wfile)
	}
	return c.out
}

func (c *conn) releaseOutput() {
	if c.out != nil && c.out.Buffered() == 0 {
		c.out.Reset(nil)
		outPool.Put(c.out)
		c.out = nil
	}
}

// writeFile sends a file body after the queued headers, to its end as shutil.copyfileobj reads it.
// A body that fits in the output buffer beside the headers leaves with them in one write (one segment
// on the wire, where headers then sendfile made two); a larger one is sent with sendfile (io.Copy to
// the TCP connection), in constant memory.
func (c *conn) writeFile(f io.Reader) {
	if c.bufferBody(f) {
		return
	}
	c.flush()
	if rf, ok := f.(*regularFile); ok {
		f = rf.osFile()
	}
	if _, err := io.Copy(c.nc, f); err != nil {
		c.writeErr = err
		c.flush()
	}
}

// bufferBody reads f into the output buffer's free space and reports whether it read f to its end. A
// read error is raised after what was read is sent, as copyfileobj raises after its earlier writes.
func (c *conn) bufferBody(f io.Reader) bool {
	if c.writeErr != nil {
		return false
	}
	out := c.output()
	_, regular := f.(*regularFile)
	for out.Available() > 0 {
		room := out.AvailableBuffer()[:out.Available()]
		n, err := f.Read(room)
		out.Write(room[:n])
		switch {
		case err == io.EOF:
			return true
		case err != nil:
			c.flush()
			panic(exceptionFromIO(err))
		case regular && n < len(room):
			return true // a short read of a regular file is its end
		}
	}
	return false
}

// fail ends the request on a read error, as the exception from rfile.readline would in CPython.
func (c *conn) fail(err error) {
	panic(exceptionFromIO(err))
}

// pyException is a Python exception, as far as the log shows it: "Type: text".
type pyException struct {
	kind, text string
}

func (e *pyException) Error() string { return e.kind + ": " + e.text }

// exceptionFromIO names a socket error the way Python's OSError subclasses print.
func exceptionFromIO(err error) *pyException {
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return &pyException{"ConnectionResetError", "[Errno 104] Connection reset by peer"}
	case errors.Is(err, syscall.EPIPE):
		return &pyException{"BrokenPipeError", "[Errno 32] Broken pipe"}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &pyException{"TimeoutError", "timed out"}
	default:
		return &pyException{"OSError", err.Error()}
	}
}

// reportCrash writes socketserver's handle_error banner. The reference has no Python frames to show;
// the exception line says what CPython's would.
func (c *conn) reportCrash(r any) {
	e, ok := r.(*pyException)
	if !ok {
		e = &pyException{"SystemError", fmt.Sprintf("httpspec reference server: %v\n%s", r, debug.Stack())}
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("-", 40) + "\n")
	b.WriteString("Exception occurred during processing of request from " + clientRepr(c.nc) + "\n")
	b.WriteString("Traceback (most recent call last):\n")
	b.WriteString("  (httpspec reference server: no Python frames)\n")
	b.WriteString(e.Error() + "\n")
	b.WriteString(strings.Repeat("-", 40) + "\n")
	c.srv.log.writeLine([]byte(b.String()))
}

// clientAddress returns client_address[0], and whether client_address is an IPv6 4-tuple. On an IPv6
// socket an IPv4 client appears as "::ffff:a.b.c.d" and the address is a 4-tuple, as Python reports it.
func clientAddress(nc net.Conn) (host string, tuple4 bool) {
	remote, ok := nc.RemoteAddr().(*net.TCPAddr)
	if !ok {
		return nc.RemoteAddr().String(), false
	}
	// The socket's family decides, not the address: an IPv4 client of a dual-stack ("::") socket is
	// ::ffff:a.b.c.d to Python, while Go shows the v4-mapped address as a.b.c.d. The net package
	// gives an AF_INET socket's addresses 4 bytes and an AF_INET6 socket's 16, v4-mapped or not.
	local, _ := nc.LocalAddr().(*net.TCPAddr)
	v6socket := local != nil && len(local.IP) == net.IPv6len
	switch {
	case remote.IP.To4() != nil && !v6socket:
		return remote.IP.String(), false
	case remote.IP.To4() != nil:
		return "::ffff:" + remote.IP.To4().String(), true
	}
	return remote.IP.String(), true
}

// clientRepr is repr(client_address), for the traceback banner; only a crash needs it.
func clientRepr(nc net.Conn) string {
	host, tuple4 := clientAddress(nc)
	remote, ok := nc.RemoteAddr().(*net.TCPAddr)
	switch {
	case !ok:
		return fmt.Sprintf("(%q,)", host)
	case !tuple4:
		return fmt.Sprintf("('%s', %d)", host, remote.Port)
	}
	return fmt.Sprintf("('%s', %d, 0, %d)", host, remote.Port, zoneIndex(remote.Zone))
}

func zoneIndex(zone string) int {
	if zone == "" {
		return 0
	}
	if ifi, err := net.InterfaceByName(zone); err == nil {
		return ifi.Index
	}
	return 0
}

// writerOnly hides the connection's ReadFrom so the header buffer never takes the sendfile path by
// accident; file bodies go through writeFile.
type writerOnly struct{ io.Writer }

// lineReader is rfile.readline.
type lineReader interface {
	readLine(buf []byte, limit int) (string, error)
}

// pyDefaultBufferSize is io.DEFAULT_BUFFER_SIZE.
const pyDefaultBufferSize = 8192

// bufferedLines is the default buffered rfile (StreamRequestHandler.rbufsize = -1).
type bufferedLines struct{ r *bufio.Reader }

func (b bufferedLines) readLine(buf []byte, limit int) (string, error) {
	for len(buf) < limit {
		if _, err := b.r.Peek(1); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return "", err
		}
		window, _ := b.r.Peek(b.r.Buffered())
		if room := limit - len(buf); len(window) > room {
			window = window[:room]
		}
		if i := bytes.IndexByte(window, '\n'); i >= 0 {
			window = window[:i+1]
			if len(buf) == 0 { // the whole line is in the buffer: one copy, no line buffer
				line := string(window)
				b.r.Discard(len(window))
				return line, nil
			}
			buf = append(buf, window...)
			b.r.Discard(len(window))
			break
		}
		buf = append(buf, window...)
		b.r.Discard(len(window))
	}
	return string(buf), nil
}

// unbufferedLines reads one byte at a time, as a raw SocketIO's readline does. crEndsLine is the
// rfile of faultCREndsLine: a bare CR then also ends the line, read as if the LF had come.
type unbufferedLines struct {
	r          io.Reader
	crEndsLine bool
}

func (u unbufferedLines) readLine(buf []byte, limit int) (string, error) {
	var one [1]byte
	for len(buf) < limit {
		n, err := u.r.Read(one[:])
		if n == 1 && u.crEndsLine && one[0] == '\r' {
			return string(append(buf, "\r\n"...)), nil
		}
		if n == 1 {
			buf = append(buf, one[0])
			if one[0] == '\n' {
				break
			}
			continue
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return string(buf), nil
}
