package reference

import (
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/httpspec/httpspec/reference/pylib"
)

// logger serialises log lines from every connection onto one writer, whole and in the order they were
// logged (CPython writes each line with one sys.stderr.write). Lines wait in a buffer for a writer
// goroutine, started when a line finds none running, which writes whatever is pending once the
// goroutines ready to run have had their turn, and ends when nothing is left: when the server is idle
// a line is written at once, under load one write carries many lines, and an idle server runs no
// goroutine for its log. A connection syncs before it ends (a client that saw its connection end
// finds its lines in the log), and so does Close, so that no line is lost on exit.
type logger struct {
	out io.Writer

	mu      sync.Mutex
	pending []byte // lines not yet handed to out
	queued  uint64 // bytes ever appended to pending
	running bool   // a writer goroutine is due to write pending

	wmu     sync.Mutex // held while writing, so that batches leave in order
	spare   []byte
	written atomic.Uint64 // bytes handed to out
}

// logBacklog bounds what waits: past it, a connection writes the backlog itself, and so waits for a
// slow log as a CPython thread waits in sys.stderr.write.
const logBacklog = 64 << 10

func (l *logger) writeLine(line []byte) {
	l.mu.Lock()
	l.pending = append(l.pending, line...)
	l.queued += uint64(len(line))
	backlog := len(l.pending)
	start := !l.running && backlog <= logBacklog
	l.running = l.running || start
	l.mu.Unlock()
	switch {
	case backlog > logBacklog:
		l.sync()
	case start:
		go l.writer()
	}
}

// writer writes the pending lines, each time after a yield that lets the connections ready to run
// add theirs, until there are none.
func (l *logger) writer() {
	for {
		runtime.Gosched()
		l.writePending()
		l.mu.Lock()
		if len(l.pending) == 0 {
			l.running = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
	}
}

// sync returns once every line logged before it was called has been handed to out.
func (l *logger) sync() {
	l.mu.Lock()
	target := l.queued
	l.mu.Unlock()
	if l.written.Load() < target {
		l.writePending()
	}
}

func (l *logger) writePending() {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	l.mu.Lock()
	batch := l.pending
	l.pending = l.spare[:0]
	queued := l.queued
	l.mu.Unlock()
	if len(batch) > 0 {
		// Like sys.stderr.write in CPython's handler, a log that cannot be written never fails a request.
		_, _ = l.out.Write(batch)
	}
	l.written.Store(queued)
	if cap(batch) <= 4*logBacklog {
		l.spare = batch[:0]
	} else {
		l.spare = nil
	}
}

var (
	logFaultNoScrub       = registerFault("log-no-scrub", "control characters reach the log unescaped (as in 3.6)")
	logFaultHostname      = registerFault("log-hostname", "the client is logged by the name its address resolves to")
	logFaultISOTime       = registerFault("log-iso-time", "the log time is RFC 3339 (2020-01-02T03:04:05Z), not dd/Mon/YYYY HH:MM:SS")
	logFaultSize          = registerFault("log-size", "the access line's size field is 0 instead of -")
	logFaultNormalised    = registerFault("log-normalised-request-line", "the logged request line is its words joined by single spaces")
	logFaultPercentFormat = registerFault("log-percent-format", "the request line is used as a %-format, so %% is logged as %")
	logFaultEscapeLatin1  = registerFault("log-escape-latin1", "U+00A0-U+00FF are logged as \\xNN escapes too")
)

// logMessage mirrors BaseHTTPRequestHandler.log_message: "%s - - [%s] %s\n" of the client address,
// log_date_time_string() and the message with control characters scrubbed (gh-100001, 3.12+ and the
// 3.7.16/3.8.16/3.9.16/3.10.9/3.11.1 backports). The message is Python text (UTF-8, WTF-8 for surrogates).
func (c *conn) logMessage(message string) {
	var buf [256]byte // lines are copied into the log's buffer: most need no allocation
	line := c.appendLogPrefix(buf[:0])
	line = c.appendLogText(line, message)
	c.srv.log.writeLine(append(line, '\n'))
}

func (c *conn) appendLogPrefix(line []byte) []byte {
	if c.srv.cfg.Faults.has(logFaultHostname) {
		line = append(line, resolvedName(c.clientHost)...)
	} else {
		line = append(line, c.clientHost...)
	}
	line = append(line, " - - ["...)
	if c.srv.cfg.Faults.has(logFaultISOTime) {
		line = c.srv.cfg.Now().AppendFormat(line, time.RFC3339)
	} else {
		line = appendLogDateTime(line, c.srv.cfg.Now())
	}
	return append(line, "] "...)
}

// resolvedName is the faulty host of logFaultHostname: the first name the address resolves to.
func resolvedName(host string) string {
	if names, err := net.LookupAddr(host); err == nil && len(names) > 0 {
		return strings.TrimSuffix(names[0], ".")
	}
	return host
}

func (c *conn) appendLogText(line []byte, text string) []byte {
	if c.srv.cfg.Faults.has(logFaultPercentFormat) {
		text = strings.ReplaceAll(text, "%%", "%")
	}
	switch {
	case c.srv.cfg.Faults.has(logFaultNoScrub):
		return append(line, text...)
	case c.srv.cfg.Faults.has(logFaultEscapeLatin1):
		return appendLatin1Escaped(line, text)
	}
	return appendScrubbed(line, text)
}

// appendLatin1Escaped is the scrubbing of logFaultEscapeLatin1: U+00A0-U+00FF are escaped as well.
func appendLatin1Escaped(dst []byte, s string) []byte {
	for _, r := range s {
		if r >= 0xa0 && r <= 0xff {
			dst = appendHexEscape(dst, `\x`, uint32(r), 2)
		} else {
			dst = appendScrubbed(dst, string(r))
		}
	}
	return dst
}

// logRequest mirrors log_request(code): '"%s" %s %s' of the request line, the code and the size,
// which the server never knows, so it is always "-". The quotes, code and size are printable ASCII,
// which the scrubbing leaves as they are: only the request line goes through it.
func (c *conn) logRequest(code int) {
	var buf [256]byte
	line := c.appendLogPrefix(buf[:0])
	line = append(line, '"')
	if c.srv.cfg.Faults.has(logFaultNormalised) {
		line = c.appendLogText(line, strings.Join(pylib.Split(c.requestLine), " "))
	} else {
		line = c.appendLogText(line, c.requestLine)
	}
	line = append(line, `" `...)
	line = strconv.AppendInt(line, int64(code), 10)
	if c.srv.cfg.Faults.has(logFaultSize) {
		line = append(line, " 0"...)
	} else {
		line = append(line, " -"...)
	}
	c.srv.log.writeLine(append(line, '\n'))
}

// logError mirrors log_error, which passes its message on to log_message.
func (c *conn) logError(message string) { c.logMessage(message) }

// appendScrubbed applies BaseHTTPRequestHandler._control_char_table: U+0000-U+001F and U+007F-U+009F
// become the four characters \xNN (lower-case hex), and a backslash becomes two. Lone surrogates, which
// sys.stderr's backslashreplace handler would write as \udcNN, are written that way too.
func appendScrubbed(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		b := s[i]
		if b >= 0x20 && b < 0x7f && b != '\\' {
			dst = append(dst, b)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case b == '\\':
			dst = append(dst, `\\`...)
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			dst = appendHexEscape(dst, `\x`, uint32(r), 2)
		case r == utf8.RuneError && size == 1 && isSurrogateAt(s, i):
			dst = appendHexEscape(dst, `\u`, surrogateAt(s, i), 4)
			size = 3
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

func appendHexEscape(dst []byte, prefix string, v uint32, width int) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, prefix...)
	for shift := (width - 1) * 4; shift >= 0; shift -= 4 {
		dst = append(dst, hex[(v>>uint(shift))&0xf])
	}
	return dst
}

// isSurrogateAt reports whether s[i:] starts with the WTF-8 form of a lone surrogate (ED A0..BF xx).
func isSurrogateAt(s string, i int) bool {
	return i+2 < len(s) && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80
}

func surrogateAt(s string, i int) uint32 {
	return 0xD000 | uint32(s[i+1]&0x3F)<<6 | uint32(s[i+2]&0x3F)
}

var monthNames = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// appendLogDateTime mirrors log_date_time_string(): "%02d/%3s/%04d %02d:%02d:%02d" of the local time
// (TZ matters), English month names, no zone. The local zone is now's location: time.Now's is the
// process's TZ, as Python's time.localtime is.
func appendLogDateTime(dst []byte, t time.Time) []byte {
	dst = appendPadded(dst, t.Day(), 2)
	dst = append(dst, '/')
	dst = append(dst, monthNames[t.Month()-1]...)
	dst = append(dst, '/')
	dst = appendPadded(dst, t.Year(), 4)
	dst = append(dst, ' ')
	dst = appendPadded(dst, t.Hour(), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, t.Minute(), 2)
	dst = append(dst, ':')
	return appendPadded(dst, t.Second(), 2)
}

func appendPadded(dst []byte, v, width int) []byte {
	var digits [8]byte
	s := strconv.AppendInt(digits[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}
