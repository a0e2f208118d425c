package reference

import (
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

// handle mirrors BaseHTTPRequestHandler.handle: one request, then more while the connection persists.
func (c *conn) handle() {
	c.closeConnection = true
	c.handleOneRequest()
	for !c.closeConnection {
		c.handleOneRequest()
	}
}

// handleOneRequest mirrors handle_one_request: read the request line (at most 65536 bytes with its
// LF, else 414), parse it and the headers, dispatch to do_<COMMAND> (501 when there is none), flush.
func (c *conn) handleOneRequest() {
	c.resetRequest()
	raw, tooLong, err := c.readLine(maxLine + 1)
	switch {
	case err != nil:
		c.fail(err)
		return
	case tooLong:
		c.requestLine, c.requestVersion, c.command = "", "", ""
		c.sendError(statusError{code: 414})
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
)

// parseRequest mirrors parse_request. It returns false when the request was answered (an error) or
// silently dropped (an empty line); either way the connection closes.
func (c *conn) parseRequest(raw string) bool {
	c.command = ""
	c.requestVersion = http09
	c.closeConnection = true
	c.requestLine = pylib.RStrip(pylib.Latin1ToText(raw), "\r\n")
	words := pylib.Split(c.requestLine)
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
	}
	c.command, c.path = command, path
	// gh-87389: a path starting with // would be read by clients as a scheme-relative URL in a
	// redirect's Location (an open redirect), so it is reduced to a single /.
	if strings.HasPrefix(c.path, "//") && !c.srv.cfg.Faults.has(faultNoSlashCollapse) {
		c.path = "/" + strings.TrimLeft(c.path, "/")
	}
	if !c.readHeaders() {
		return false
	}
	c.checkConnection()
	c.checkExpect()
	return true
}

// checkVersion mirrors the version validation of parse_request (3.11.4+, gh-103204): "HTTP/" then
// exactly two dot-separated parts, each all digits (str.isdigit) and at most 10 long, then int().
// Failures are 400 "Bad request version (%r)"; 2.0 and above is 505. request_version is still
// HTTP/0.9 at this point, so both errors go out headerless.
func (c *conn) checkVersion(version string) bool {
	major, minor, ok := parseHTTPVersion(version, c.srv.cfg.Faults.has(faultVersionLenient))
	if !ok {
		c.sendError(errorWithMessage(400, "Bad request version ("+pylib.Repr(version)+")"))
		return false
	}
	if (major > 1 || (major == 1 && minor >= 1)) && c.srv.cfg.Protocol >= "HTTP/1.1" {
		c.closeConnection = false
	}
	if major >= 2 {
		base := version[len("HTTP/"):]
		c.sendError(errorWithMessage(505, "Invalid HTTP version ("+base+")"))
		return false
	}
	c.requestVersion = version
	return true
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
	c.headers = parseHeaderBlock(lines)
	return true
}

// checkConnection mirrors the Connection rules of parse_request: the first Connection header, lower-
// cased, must be exactly "close" or "keep-alive"; keep-alive only counts on an HTTP/1.1 server.
func (c *conn) checkConnection() {
	value, _ := c.headers.get("Connection")
	conntype := pylib.Lower(value)
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
}

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
