package reference

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/httpspec/httpspec/reference/pylib"
)

// http09 is default_request_version: until the request line names a version, and for HTTP/0.9
// requests, nothing but the body is written.
const http09 = "HTTP/0.9"

var (
	faultDateFirst        = registerFault("date-before-server", "Date is sent before Server")
	faultRequestVersion   = registerFault("status-line-request-version", "the status line carries the request's version, not the server's protocol")
	faultHeadersUTF8      = registerFault("headers-utf8", "the status line and headers are encoded UTF-8, not strictly Latin-1")
	faultHeadersEndLF     = registerFault("headers-end-lf", "the header block ends with a bare LF instead of CRLF")
	faultLogAfterBody     = registerFault("log-after-body", "the access line is written when the connection ends, once the client has closed it")
	faultDateNumericZone  = registerFault("date-numeric-zone", "Date ends with -0000 instead of GMT")
	faultNoPhrase         = registerFault("success-no-phrase", "successful and interim responses have an empty reason phrase")
	faultConnectionHeader = registerFault("connection-header-always", "every response says Connection: close or keep-alive, as the connection goes")
)

// sendResponse mirrors send_response: log the request, then buffer the status line, Server and Date.
func (c *conn) sendResponse(code int, message string, hasMessage bool) {
	if c.srv.cfg.Faults.has(faultLogAfterBody) {
		c.heldAccess = code
	} else {
		c.logRequest(code)
	}
	c.sendResponseOnly(code, message, hasMessage)
	if c.srv.cfg.Faults.has(faultDateFirst) {
		c.sendHeader("Date", c.srv.dateHeader())
		c.sendHeader("Server", c.srv.cfg.ServerVersion)
		return
	}
	c.sendHeader("Server", c.srv.cfg.ServerVersion)
	c.sendHeader("Date", c.srv.dateHeader())
	if c.srv.cfg.Faults.has(faultConnectionHeader) {
		token := "keep-alive"
		if c.closeConnection {
			token = "close"
		}
		c.sendHeader("Connection", token)
	}
}

// sendResponseOnly mirrors send_response_only: "%s %d %s\r\n" of protocol_version, the code and the
// message (the standard phrase when none is given, "" for unknown codes), encoded Latin-1 strictly.
// Nothing is written for an HTTP/0.9 request.
func (c *conn) sendResponseOnly(code int, message string, hasMessage bool) {
	if c.requestVersion == http09 {
		return
	}
	if !hasMessage && !c.srv.cfg.Faults.has(faultNoPhrase) {
		message = responses[code].phrase
	}
	protocol := c.srv.cfg.Protocol
	if c.srv.cfg.Faults.has(faultRequestVersion) {
		protocol = c.requestVersion
	}
	line := protocol + " " + strconv.Itoa(code) + " " + message + "\r\n"
	c.appendLatin1(line)
}

// sendHeader mirrors send_header: buffer "%s: %s\r\n" (Latin-1, strict), and let a Connection header
// decide whether the connection closes.
func (c *conn) sendHeader(keyword, value string) {
	if c.requestVersion != http09 {
		c.appendLatin1(keyword + ": " + value + "\r\n")
	}
	// keyword.lower() == 'connection': the server's keywords are ASCII, and no other character
	// lower-cases into the letters of "connection".
	if equalFoldASCII(keyword, "connection") {
		switch pylib.Lower(value) {
		case "close":
			c.closeConnection = true
		case "keep-alive":
			c.closeConnection = false
		}
	}
}

// appendLatin1 adds text to the header buffer as CPython's .encode('latin-1', 'strict') does. A
// character above U+00FF raises UnicodeEncodeError in CPython, which drops the connection; the first
// such failure is kept and ends the request when the headers are flushed.
func (c *conn) appendLatin1(text string) {
	if c.crash != nil {
		return
	}
	if isASCII(text) || c.srv.cfg.Faults.has(faultHeadersUTF8) {
		c.headersBuf = append(c.headersBuf, text...)
		return
	}
	b, err := pylib.TextToLatin1(text)
	if err != nil {
		c.crash = &pyException{kind: "UnicodeEncodeError", text: err.Error()}
		return
	}
	c.headersBuf = append(c.headersBuf, b...)
}

// endHeaders mirrors end_headers: the blank line, then flush_headers.
func (c *conn) endHeaders() {
	if c.requestVersion != http09 {
		if c.srv.cfg.Faults.has(faultHeadersEndLF) {
			c.headersBuf = append(c.headersBuf, '\n')
		} else {
			c.headersBuf = append(c.headersBuf, "\r\n"...)
		}
		c.flushHeaders()
	}
}

// flushHeaders mirrors flush_headers: the buffered status line and headers go out together. They are
// handed to the connection's output buffer, which the request's final flush (or a body write) sends:
// the bytes are CPython's, only their segmentation may differ.
func (c *conn) flushHeaders() {
	if c.crash != nil {
		panic(c.crash)
	}
	c.write(c.headersBuf)
	c.headersBuf = c.headersBuf[:0]
}

var (
	faultErrorKeepAlive   = registerFault("error-keep-alive", "send_error does not send Connection: close")
	faultErrorWithStatus  = registerFault("error-with-status-line", "errors raised while parsing the request line get a status line")
	faultErrorHeadBody    = registerFault("error-head-body", "send_error writes the body on HEAD")
	faultErrorNoEscape    = registerFault("error-no-escape", "send_error does not HTML-escape the message")
	faultErrorPhrase      = registerFault("error-standard-phrase", "an error's reason phrase is the standard one (404 Not Found), not its message")
	faultErrorNotLogged   = registerFault("error-not-logged", "send_error writes no 'code N, message M' log line")
	faultAllowOn501       = registerFault("allow-on-501", "a 501 carries Allow: GET, HEAD")
	faultErrorReset       = registerFault("error-reset", "an error reply is never sent: the connection is reset (SO_LINGER 0) instead")
	faultErrorPlain       = registerFault("error-content-type-plain", "error pages are sent as Content-Type: text/plain; charset=utf-8")
	faultErrorLengthRunes = registerFault("error-length-chars", "an error's Content-Length counts characters, not UTF-8 bytes")
	faultErrorNoExplain   = registerFault("error-no-explain", "the error page's explanation is empty")
)

// sendError mirrors send_error(code, message, explain), the one place where an error becomes bytes:
// log "code %d, message %s", send the status line with the message as its reason phrase, Connection:
// close, and (unless the code is 1xx, 204, 205 or 304) the HTML error page, whose body HEAD omits.
func (c *conn) sendError(e statusError) {
	row, known := responses[e.code]
	if !known {
		row = status{"???", "???"}
	}
	message, explain := e.message, e.explain
	if !e.hasMessage {
		message = row.phrase
	}
	if !e.hasExplain && !c.srv.cfg.Faults.has(faultErrorNoExplain) {
		explain = row.explain
	}
	if c.srv.cfg.Faults.has(faultErrorWithStatus) && c.requestVersion == http09 && c.command == "" {
		c.requestVersion = "HTTP/1.0"
	}
	if c.srv.cfg.Faults.has(faultErrorReset) {
		c.resetConnection()
	}
	if !c.srv.cfg.Faults.has(faultErrorNotLogged) {
		c.logError("code " + strconv.Itoa(e.code) + ", message " + message)
	}
	c.sendResponse(e.code, message, !c.srv.cfg.Faults.has(faultErrorPhrase))
	if !c.srv.cfg.Faults.has(faultErrorKeepAlive) {
		c.sendHeader("Connection", "close")
	}
	if e.code == 501 && c.srv.cfg.Faults.has(faultAllowOn501) {
		c.sendHeader("Allow", "GET, HEAD")
	}
	var body []byte
	if e.code >= 200 && e.code != 204 && e.code != 205 && e.code != 304 {
		escape := pylib.HTMLEscape
		if c.srv.cfg.Faults.has(faultErrorNoEscape) {
			escape = func(s string, _ bool) string { return s }
		}
		body = renderErrorPage(e.code, escape(message, false), escape(explain, false))
		if c.srv.cfg.Faults.has(faultErrorPlain) {
			c.sendHeader("Content-Type", "text/plain; charset=utf-8")
		} else {
			c.sendHeader("Content-Type", "text/html;charset=utf-8")
		}
		if c.srv.cfg.Faults.has(faultErrorLengthRunes) {
			c.sendHeader("Content-Length", strconv.Itoa(utf8.RuneCount(body)))
		} else {
			c.sendHeader("Content-Length", strconv.Itoa(len(body)))
		}
	}
	c.endHeaders()
	if (c.command != "HEAD" || c.srv.cfg.Faults.has(faultErrorHeadBody)) && len(body) > 0 {
		c.write(body)
	}
}

// statusError is an error reply waiting to be sent: the arguments of send_error. hasMessage and
// hasExplain tell "not given" (None) from an empty string.
type statusError struct {
	code                   int
	message, explain       string
	hasMessage, hasExplain bool
}

func errorWithMessage(code int, message string) statusError {
	return statusError{code: code, message: message, hasMessage: true}
}

func errorWithExplain(code int, message, explain string) statusError {
	return statusError{code: code, message: message, explain: explain, hasMessage: true, hasExplain: true}
}

// renderErrorPage is DEFAULT_ERROR_MESSAGE of 3.11+ filled in; message and explain are already
// escaped. The body is encoded UTF-8 with errors='replace'.
func renderErrorPage(code int, message, explain string) []byte {
	codeText := strconv.Itoa(code)
	var b strings.Builder
	b.Grow(len(errorPageHead) + len(message) + len(explain) + 200)
	b.WriteString(errorPageHead)
	b.WriteString("        <p>Error code: " + codeText + "</p>\n")
	b.WriteString("        <p>Message: " + message + ".</p>\n")
	b.WriteString("        <p>Error code explanation: " + codeText + " - " + explain + ".</p>\n")
	b.WriteString("    </body>\n</html>\n")
	return encodeUTF8Replace(b.String())
}

const errorPageHead = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
`

// encodeUTF8Replace is str.encode('utf-8', 'replace'): a lone surrogate becomes "?".
func encodeUTF8Replace(s string) []byte {
	if !strings.Contains(s, "\xed") {
		return []byte(s)
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if isSurrogateAt(s, i) {
			out = append(out, '?')
			i += 3
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

// dateHeader mirrors date_time_string(): email.utils.formatdate(time.time(), usegmt=True). The text
// changes once a second, so it is computed once a second.
func (s *Server) dateHeader() string {
	now := s.cfg.Now()
	sec := now.Unix()
	if cached := s.date.Load(); cached != nil && cached.sec == sec {
		return cached.text
	}
	d := &cachedDate{sec: sec, text: pylib.FormatDate(now)}
	if s.cfg.Faults.has(faultDateNumericZone) {
		d.text = strings.TrimSuffix(d.text, "GMT") + "-0000"
	}
	s.date.Store(d)
	return d.text
}

type cachedDate struct {
	sec  int64
	text string
}

type dateCache = atomic.Pointer[cachedDate]

// httpDate formats a timestamp for Last-Modified: formatdate(st_mtime, usegmt=True), floor seconds.
// The last text formatted is kept with the exact time it came from (to the nanosecond, since the
// float st_mtime can round up to the next second): a file served again and again has one mtime.
func httpDate(t time.Time) string {
	sec, nsec := t.Unix(), t.Nanosecond()
	if cached := lastModified.Load(); cached != nil && cached.sec == sec && cached.nsec == nsec {
		return cached.text
	}
	d := &cachedStamp{sec: sec, nsec: nsec, text: pylib.FormatDate(t)}
	lastModified.Store(d)
	return d.text
}

type cachedStamp struct {
	sec  int64
	nsec int
	text string
}

var lastModified atomic.Pointer[cachedStamp]

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
