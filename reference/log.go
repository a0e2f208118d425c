package reference

import (
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// logger serialises log lines from every connection onto one writer, one write per line, so that lines
// never interleave (CPython writes each line with one sys.stderr.write).
type logger struct {
	mu  sync.Mutex
	out io.Writer
}

func (l *logger) writeLine(line []byte) {
	l.mu.Lock()
	// Like sys.stderr.write in CPython's handler, a log that cannot be written never fails a request.
	_, _ = l.out.Write(line)
	l.mu.Unlock()
}

var logFaultNoScrub = registerFault("log-no-scrub", "control characters reach the log unescaped (as in 3.6)")

// logMessage mirrors BaseHTTPRequestHandler.log_message: "%s - - [%s] %s\n" of the client address,
// log_date_time_string() and the message with control characters scrubbed (gh-100001, 3.12+ and the
// 3.7.16/3.8.16/3.9.16/3.10.9/3.11.1 backports). The message is Python text (UTF-8, WTF-8 for surrogates).
func (c *conn) logMessage(message string) {
	line := make([]byte, 0, 64+len(message))
	line = append(line, c.clientHost...)
	line = append(line, " - - ["...)
	line = appendLogDateTime(line, c.srv.cfg.Now())
	line = append(line, "] "...)
	if c.srv.cfg.Faults.has(logFaultNoScrub) {
		line = append(line, message...)
	} else {
		line = appendScrubbed(line, message)
	}
	line = append(line, '\n')
	c.srv.log.writeLine(line)
}

// logRequest mirrors log_request(code): '"%s" %s %s' of the request line, the code and the size,
// which the server never knows, so it is always "-".
func (c *conn) logRequest(code int) {
	msg := make([]byte, 0, len(c.requestLine)+10)
	msg = append(msg, '"')
	msg = append(msg, c.requestLine...)
	msg = append(msg, `" `...)
	msg = strconv.AppendInt(msg, int64(code), 10)
	msg = append(msg, " -"...)
	c.logMessage(string(msg))
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
