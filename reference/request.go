package reference

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/httpspec/httpspec/reference/pylib"
)

// handle mirrors BaseHTTPRequestHandler.handle: one request, then more while the connection persists.
func (c *conn) handle() {
	c.closeConnection = true
	c.handleOneRequest()
	for !c.closeConnection && !c.srv.cfg.Faults.has(faultAlwaysClose) {
		c.handleOneRequest()
	}
}

var (
	faultAlwaysClose    = registerFault("always-close", "the connection closes after every response, even on the HTTP/1.1 server")
	faultIdleTimeout    = registerFault("idle-timeout", "a connection that sends nothing for 100 ms is closed")
	faultEOFAnswered    = registerFault("eof-answered", "a connection closed before its first byte is answered with a 400")
	faultLog414Line     = registerFault("log-414-line", "a 414 logs the request line it cut instead of an empty one")
	faultMethodsAnyCase = registerFault("methods-any-case", "methods are matched in any case: get is GET")
)

// handleOneRequest mirrors handle_one_request: read the request line (at most 65536 bytes with its
// LF, else 414), parse it and the headers, dispatch to do_<COMMAND> (501 when there is none), flush.
func (c *conn) handleOneRequest() {
	c.resetRequest()
	if c.srv.cfg.Faults.has(faultIdleTimeout) {
		_ = c.nc.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	}
	raw, tooLong, err := c.readLine(c.lineLimit())
	switch {
	case err != nil:
		c.fail(err)
		return
	case tooLong:
		c.requestLine, c.requestVersion, c.command = "", "", ""
		if c.srv.cfg.Faults.has(faultLog414Line) {
			c.requestLine = pylib.Latin1ToText(raw)
		}
		c.sendError(statusError{code: 414})
		c.flush()
		return
	case raw == "" && c.srv.cfg.Faults.has(faultEOFAnswered):
		c.sendError(errorWithMessage(400, "Bad request syntax ('')"))
		c.flush()
		return
	case raw == "":
		c.closeConnection = true
		return
	}
	if !c.parseRequest(raw) {
		c.flush()
		return
	}
	do, ok := c.srv.methods[c.command]
	if c.srv.cfg.Faults.has(faultMethodsAnyCase) {
		do, ok = c.srv.methods[strings.ToUpper(c.command)]
	}
	if !ok {
		c.sendError(errorWithMessage(501, "Unsupported method ("+pylib.Repr(c.command)+")"))
		c.flush()
		return
	}
	do(c)
	c.flush()
}

var (
	faultVersionLenient  = registerFault("version-lenient", "HTTP versions are checked with int() alone, as before 3.11.4 (HTTP/+1.1 accepted)")
	faultNoSlashCollapse = registerFault("no-slash-collapse", "a leading // in the path is kept (as before gh-87389)")
	faultKeepAliveHTTP10 = registerFault("keep-alive-http10", "an HTTP/1.0 server honours Connection: keep-alive")
	faultConnectionToken = registerFault("connection-token-list", "Connection is matched as a token list (close, foo closes)")
	faultExpectAlways    = registerFault("expect-always", "100 Continue is sent whatever the protocol versions")
	faultExpectNever     = registerFault("expect-never", "100 Continue is never sent")
	faultBlankLineIgnore = registerFault("blank-line-ignored", "empty lines before a request line are skipped (RFC 9112 §2.2) instead of closing")
	faultHTTP09Status    = registerFault("http09-status-line", "HTTP/0.9 requests get a status line and headers")
	faultRequestLineUTF8 = registerFault("request-line-utf8", "the request line is decoded as UTF-8 (errors replaced), not Latin-1")
	faultStripOneCRLF    = registerFault("strip-one-crlf", "only one CRLF is stripped from the request line, so HTTP/1.0\\r is a bad version")
	faultSplitOnSpace    = registerFault("split-on-space", "the request line is split like split(' '): only single spaces separate words")
	faultSplitOnControls = registerFault("split-on-controls", "every C0 and C1 control character separates the words of the request line")
	faultLogHTTP09       = registerFault("log-http09-version", "an HTTP/0.9 request is logged with ' HTTP/0.9' added to its line")
	faultLogCollapsed    = registerFault("log-collapsed-path", "a request whose leading // was collapsed is logged with the collapsed path")
	faultHostRequired    = registerFault("host-required", "an HTTP/1.1 request without Host gets 400")
	faultCRLFRequired    = registerFault("crlf-required", "a request line ended by a bare LF gets 400")
	faultHTTP09NoHeaders = registerFault("http09-no-headers", "an HTTP/0.9 request is answered at once, without reading headers")
	faultHTTP09Closes    = registerFault("http09-closes", "an HTTP/0.9 request always closes the connection, keep-alive or not")
	faultBodiesRead      = registerFault("request-bodies-read", "a request body (Content-Length bytes, or a chunked body) is read and discarded")
)

// parseRequest mirrors parse_request. It returns false when the request was answered (an error) or
// silently dropped (an empty line); either way the connection closes.
func (c *conn) parseRequest(raw string) bool {
	c.command = ""
	c.requestVersion = http09
	c.closeConnection = true
	c.requestLine = c.stripLineEnd(c.decodeRequestLine(raw))
	if c.srv.cfg.Faults.has(faultCRLFRequired) && !strings.HasSuffix(raw, "\r\n") {
		c.sendError(errorWithMessage(400, "Bad request syntax ("+pylib.Repr(c.requestLine)+")"))
		return false
	}
	words := c.splitRequestLine(c.requestLine)
	if c.srv.cfg.Faults.has(faultStripOneCRLF) && strings.HasSuffix(c.requestLine, "\r") && len(words) > 0 {
		words[len(words)-1] += "\r" // the CR the one CRLF stripped left behind stays in the last word
	}
	if len(words) == 0 {
		if c.srv.cfg.Faults.has(faultBlankLineIgnore) {
			c.closeConnection = false
		}
		return false
	}
	if len(words) >= 3 && !c.checkVersion(words[len(words)-1]) {
		return false
	}
	if len(words) < 2 || len(words) > 3 {
		c.sendError(errorWithMessage(400, "Bad request syntax ("+pylib.Repr(c.requestLine)+")"))
		return false
	}
	command, path := words[0], words[1]
	if len(words) == 2 {
		c.closeConnection = true
		if command != "GET" {
			c.sendError(errorWithMessage(400, "Bad HTTP/0.9 request type ("+pylib.Repr(command)+")"))
			return false
		}
		if c.srv.cfg.Faults.has(faultHTTP09Status) {
			c.requestVersion = "HTTP/1.0"
		}
		if c.srv.cfg.Faults.has(faultLogHTTP09) {
			c.requestLine += " HTTP/0.9"
		}
	}
	c.command, c.path = command, path
	// gh-87389: a path starting with // would be read by clients as a scheme-relative URL in a
	// redirect's Location (an open redirect), so it is reduced to a single /.
	if strings.HasPrefix(c.path, "//") && !c.srv.cfg.Faults.has(faultNoSlashCollapse) {
		c.path = "/" + strings.TrimLeft(c.path, "/")
		if c.srv.cfg.Faults.has(faultLogCollapsed) {
			c.requestLine = strings.Replace(c.requestLine, path, c.path, 1)
		}
	}
	if len(words) == 2 && c.srv.cfg.Faults.has(faultHTTP09NoHeaders) {
		return true
	}
	if !c.readHeaders() {
		return false
	}
	if c.srv.cfg.Faults.has(faultBodiesRead) {
		c.discardBody()
	}
	if c.srv.cfg.Faults.has(faultHostRequired) && c.requestVersion >= "HTTP/1.1" && !c.headers.has("Host") {
		c.sendError(errorWithMessage(400, "Missing Host header"))
		return false
	}
	c.checkConnection()
	if c.requestVersion == http09 && c.srv.cfg.Faults.has(faultHTTP09Closes) {
		c.closeConnection = true
	}
	c.checkExpect()
	return true
}

// discardBody reads the request's body and throws it away, for faultBodiesRead: http.server never
// reads a body it does not use.
func (c *conn) discardBody() {
	if te, _ := c.headers.get("Transfer-Encoding"); pylib.Lower(te) == "chunked" {
		for {
			line, _, err := c.readLine(maxLine + 1)
			size, _ := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
			if err != nil || line == "" || size == 0 {
				c.readHeaderLines() // the trailer, up to its blank line
				return
			}
			c.skip(size + 2)
		}
	}
	length, _ := c.headers.get("Content-Length")
	n, _ := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
	c.skip(n)
}

// skip reads and drops n bytes of the request.
func (c *conn) skip(n int64) {
	for n > 0 {
		chunk, _, err := c.readLine(int(min(n, maxLine)))
		if err != nil || chunk == "" {
			return
		}
		n -= int64(len(chunk))
	}
}

// decodeRequestLine mirrors str(raw_requestline, 'iso-8859-1'): one character per byte.
func (c *conn) decodeRequestLine(raw string) string {
	if c.srv.cfg.Faults.has(faultRequestLineUTF8) {
		return strings.ToValidUTF8(raw, "\uFFFD")
	}
	return pylib.Latin1ToText(raw)
}

// stripLineEnd mirrors requestline.rstrip('\r\n'): every trailing CR and LF goes.
func (c *conn) stripLineEnd(line string) string {
	if c.srv.cfg.Faults.has(faultStripOneCRLF) {
		return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	}
	return pylib.RStrip(line, "\r\n")
}

// splitRequestLine mirrors requestline.split(): runs of Python whitespace separate words.
func (c *conn) splitRequestLine(line string) []string {
	switch {
	case c.srv.cfg.Faults.has(faultSplitOnSpace):
		return strings.Split(line, " ")
	case c.srv.cfg.Faults.has(faultSplitOnControls):
		return strings.FieldsFunc(line, func(r rune) bool { return r <= ' ' || (r >= 0x7f && r <= 0xa0) })
	}
	return pylib.Split(line)
}

// checkVersion mirrors the version validation of parse_request (3.11.4+, gh-103204): "HTTP/" then
// exactly two dot-separated parts, each all digits (str.isdigit) and at most 10 long, then int().
// Failures are 400 "Bad request version (%r)"; 2.0 and above is 505. request_version is still
// HTTP/0.9 at this point, so both errors go out headerless.
func (c *conn) checkVersion(version string) bool {
	major, minor, ok := parseHTTPVersion(version, c.srv.cfg.Faults.has(faultVersionLenient))
	if c.srv.cfg.Faults.has(faultVersionOneDigit) && !oneDigitVersion(version) {
		ok = false
	}
	if c.srv.cfg.Faults.has(faultHTTP09ByNumber) && ok && major == 0 {
		version = http09
	}
	if !ok {
		c.sendError(errorWithMessage(400, "Bad request version ("+pylib.Repr(version)+")"))
		return false
	}
	persistent := major > 1 || (major == 1 && minor >= 1)
	if c.srv.cfg.Faults.has(faultKeepAliveAlways) {
		persistent = major >= 1
	}
	if persistent && (c.srv.cfg.Protocol >= "HTTP/1.1" || c.srv.cfg.Faults.has(faultKeepAliveAlways)) {
		c.closeConnection = false
	}
	if major >= 2 {
		base := version[len("HTTP/"):]
		c.sendError(errorWithMessage(505, "Invalid HTTP version ("+base+")"))
		return false
	}
	c.requestVersion = version
	if version == http09 && c.srv.cfg.Faults.has(faultHTTP09LiteralFramed) {
		c.requestVersion = "HTTP/1.0"
	}
	return true
}

var (
	faultVersionOneDigit     = registerFault("version-one-digit", "a version component of more than one digit (HTTP/01.01, HTTP/1.10) gets 400")
	faultKeepAliveAlways     = registerFault("keep-alive-always", "every request of version 1.0 or later keeps the connection open, on either server")
	faultHTTP09ByNumber      = registerFault("http09-by-number", "any version 0.x (HTTP/0.8, HTTP/00.9) is answered as HTTP/0.9, headerless")
	faultHTTP09LiteralFramed = registerFault("http09-literal-framed", "a three-word request line ending HTTP/0.9 gets a status line and headers")
)

// oneDigitVersion is the faulty check of faultVersionOneDigit: exactly "HTTP/d.d".
func oneDigitVersion(version string) bool {
	return len(version) == len("HTTP/1.1") && pylib.IsDigit(version[5:6]) && pylib.IsDigit(version[7:8])
}

// parseHTTPVersion returns the numeric version of "HTTP/x.y". isdigit() accepts the Latin-1
// superscripts ¹²³, which int() then rejects: the outcome is the same 400.
func parseHTTPVersion(version string, lenient bool) (major, minor int64, ok bool) {
	rest, found := strings.CutPrefix(version, "HTTP/")
	if !found {
		return 0, 0, false
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 2 {
		return 0, 0, false
	}
	var nums [2]int64
	for i, p := range parts {
		n, ok := parseVersionPart(p, lenient)
		if !ok {
			return 0, 0, false
		}
		nums[i] = n
	}
	return nums[0], nums[1], true
}

func parseVersionPart(p string, lenient bool) (int64, bool) {
	if lenient {
		return pyInt(p)
	}
	if p == "" || len([]rune(p)) > 10 || !pylib.IsDigit(p) {
		return 0, false
	}
	return pyInt(p)
}

// pyInt is int() for the strings that reach it: ASCII digits with an optional sign, underscores
// between digits, surrounding whitespace. Very long numbers only matter for their size, so they
// saturate.
func pyInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == '_':
		case b >= '0' && b <= '9':
			if n < 1<<40 {
				n = n*10 + int64(b-'0')
			}
		default:
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// readHeaders mirrors the parse_headers call of parse_request: a header block that is too large is
// answered with 431 (headerless for an HTTP/0.9 request, like every reply to one).
func (c *conn) readHeaders() bool {
	lines, tooLarge, err := c.readHeaderLines()
	if err != nil {
		c.fail(err)
		return false
	}
	if tooLarge != nil {
		c.sendError(errorWithExplain(431, tooLarge.message, tooLarge.explain))
		return false
	}
	c.headers = parseHeaderFields(lines, c.srv.cfg.Faults)
	if c.srv.cfg.Faults.has(faultLastHeaderWins) {
		slices.Reverse(c.headers)
	}
	return true
}

// checkConnection mirrors the Connection rules of parse_request: the first Connection header, lower-
// cased, must be exactly "close" or "keep-alive"; keep-alive only counts on an HTTP/1.1 server.
func (c *conn) checkConnection() {
	value, _ := c.headers.get("Connection")
	conntype := pylib.Lower(value)
	if c.srv.cfg.Faults.has(faultConnectionCase) {
		conntype = value
	}
	if c.srv.cfg.Faults.has(faultConnectionToken) {
		conntype = strings.TrimSpace(strings.Split(conntype, ",")[0])
	}
	switch {
	case conntype == "close":
		c.closeConnection = true
	case conntype == "keep-alive" && (c.srv.cfg.Protocol >= "HTTP/1.1" || c.srv.cfg.Faults.has(faultKeepAliveHTTP10)):
		c.closeConnection = false
	}
}

// checkExpect mirrors the Expect rule of parse_request and handle_expect_100: "100-continue" (first
// header, lower-cased, exact) on an HTTP/1.1 server for a request version that compares as a string
// >= "HTTP/1.1" gets "100 Continue" at once, before the method is dispatched.
func (c *conn) checkExpect() {
	value, _ := c.headers.get("Expect")
	wanted := pylib.Lower(value) == "100-continue" &&
		c.srv.cfg.Protocol >= "HTTP/1.1" && c.requestVersion >= "HTTP/1.1"
	if c.srv.cfg.Faults.has(faultExpectAlways) {
		wanted = pylib.Lower(value) == "100-continue"
	}
	if c.srv.cfg.Faults.has(faultExpectNever) {
		wanted = false
	}
	if wanted {
		c.sendResponseOnly(100, "", false)
		c.endHeaders()
		c.flush()
	}
	if c.headers.has("Expect") && !wanted && c.srv.cfg.Faults.has(faultExpect417) {
		c.sendError(errorWithMessage(417, "Expectation Failed"))
	}
}

var (
	faultConnectionCase = registerFault("connection-case-sensitive", "Connection: close closes only in lower case")
	faultExpect417      = registerFault("expect-417", "an Expect header other than 100-continue is answered 417 (and the request as well)")
)

// resetRequest forgets the previous request's state, as a new handle_one_request starts afresh.
func (c *conn) resetRequest() {
	c.requestLine = ""
	c.command = ""
	c.path = ""
	c.requestVersion = http09
	c.headers = nil
	c.headersBuf = c.headersBuf[:0]
	c.crash = nil
}
