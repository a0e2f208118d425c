package wire

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Response is one HTTP/1.x response as it came off the wire. Text fields hold the bytes as sent (a
// Latin-1 reason phrase stays one byte per character; research §3.1), so specs compare them exactly.
type Response struct {
	// Raw is every byte of this response that was kept: status line, header block and body.
	Raw []byte
	// Headerless is set when the reply did not start with "HTTP/": an HTTP/0.9-style body with no
	// status line and no headers, read until the peer closed (research §3.5).
	Headerless bool

	StatusLine string // without its line end
	Version    string // "HTTP/1.0"
	Code       int    // 0 when the status line has no three-digit code
	Reason     string // everything after "<code> ", possibly empty
	Headers    []Header
	Body       []byte

	Framing       Framing
	ContentLength int64 // the first Content-Length if it is a valid number, else -1
	// Complete is set when the response ended where its framing says: header block terminated, then
	// no body, or Content-Length bytes, or bytes until the peer closed or reset.
	Complete bool
	// Truncated is set when the header block or the body hit a byte bound and reading stopped.
	Truncated bool
	// End is how the connection was seen to end while reading this response; Unknown when the
	// framing ended the response first.
	End      PeerState
	Problems []Problem
}

// Header is one header line as sent.
type Header struct {
	Name  string // the bytes before the first colon, case and all
	Value string // the bytes after it, without leading and trailing spaces and tabs
	Line  string // the whole line, without its line end
}

// Framing says how a response's body was delimited.
type Framing int

const (
	// Unframed: the head never ended (bound reached, or the peer ended first), so no body was read.
	Unframed Framing = iota
	// NoBody: a reply to HEAD, or a 1xx, 204 or 304 status, has no body whatever its headers say.
	NoBody
	// ByLength: the body is Content-Length bytes.
	ByLength
	// UntilClose: no usable Content-Length, or a headerless reply; the body runs until the peer
	// closes. CPython's CGI replies and its 301s before 3.9 are framed this way (research §2.8, §5.3).
	UntilClose
)

var framingNames = [...]string{Unframed: "unframed", NoBody: "no body", ByLength: "Content-Length", UntilClose: "until close"}

func (f Framing) String() string {
	if f < 0 || int(f) >= len(framingNames) {
		return fmt.Sprintf("Framing(%d)", int(f))
	}
	return framingNames[f]
}

// ProblemKind classifies what was wrong with a response.
type ProblemKind string

// What the parser tolerates and reports.
const (
	BareLF              ProblemKind = "bare-lf"              // a line ended in LF without CR (reported once)
	BadStatusLine       ProblemKind = "bad-status-line"      // no "HTTP/n.n", or no three-digit code
	NoReason            ProblemKind = "no-reason"            // the status line ends right after the code
	BadHeaderLine       ProblemKind = "bad-header-line"      // no colon, or whitespace before it
	FoldedHeader        ProblemKind = "folded-header"        // a line starting with space or tab
	UnterminatedHeaders ProblemKind = "unterminated-headers" // the peer ended before the blank line
	HeadersTooLarge     ProblemKind = "headers-too-large"    // MaxHeaderBytes reached
	BadContentLength    ProblemKind = "bad-content-length"   // not a number, or values that disagree
	TransferEncoding    ProblemKind = "transfer-encoding"    // present, and not decoded: read until close
	ShortBody           ProblemKind = "short-body"           // fewer bytes than Content-Length
	BodyTooLarge        ProblemKind = "body-too-large"       // MaxBodyBytes reached
)

// Problem is one thing wrong with a response, reported as data rather than as an error.
type Problem struct {
	Kind   ProblemKind
	Detail string
}

func (p Problem) String() string { return string(p.Kind) + ": " + p.Detail }

// maxProblems bounds the list, so a flood of malformed lines costs a bounded report.
const maxProblems = 16

// Get returns the value of the first header named name (ASCII case-insensitive), or "".
func (r *Response) Get(name string) string {
	v, _ := r.Lookup(name)
	return v
}

// Lookup is Get that also says whether the header is present.
func (r *Response) Lookup(name string) (string, bool) {
	for _, h := range r.Headers {
		if asciiEqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// Values returns the values of every header named name, in order.
func (r *Response) Values(name string) []string {
	var vs []string
	for _, h := range r.Headers {
		if asciiEqualFold(h.Name, name) {
			vs = append(vs, h.Value)
		}
	}
	return vs
}

// HeaderNames returns the header names in the order sent, as sent.
func (r *Response) HeaderNames() []string {
	names := make([]string, len(r.Headers))
	for i, h := range r.Headers {
		names[i] = h.Name
	}
	return names
}

// Interim reports whether this is a 1xx response, after which the final response follows.
func (r *Response) Interim() bool { return r.Code >= 100 && r.Code < 200 }

// Has reports whether a problem of this kind was found.
func (r *Response) Has(kind ProblemKind) bool {
	for _, p := range r.Problems {
		if p.Kind == kind {
			return true
		}
	}
	return false
}

// String summarises the response for failure messages.
func (r *Response) String() string {
	head := Quote([]byte(r.StatusLine))
	if r.Headerless {
		head = "headerless"
	}
	s := fmt.Sprintf("%s (%d headers, %d-byte body, %s, end %s", head, len(r.Headers), len(r.Body),
		r.Framing, r.End)
	if r.Truncated {
		s += ", truncated"
	}
	for _, p := range r.Problems {
		s += "; " + p.String()
	}
	return s + ")"
}

// asciiEqualFold compares header names the way HTTP does: ASCII letters without case, every other
// byte exactly (strings.EqualFold would equate distinct invalid UTF-8 bytes).
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// ReadResponse reads one response to a request with the given method (HEAD replies have no body),
// framed as a client would. A 1xx response is returned on its own; read again for the final one.
//
// When no byte arrives it returns ErrClosed, ErrReset or ErrSilent. After a response that was cut
// short on a connection that is still open (Truncated, or incomplete when the peer went silent), it
// returns ErrDesync, since the next response can no longer be found. A malformed response is still a
// response: its Problems say what is wrong. If the context ends mid-response, the partial response is
// returned with the context's error.
func (c *Conn) ReadResponse(method string) (*Response, error) {
	return c.readResponse(method, c.opts.Timeout)
}

// readResponse is ReadResponse waiting at most first for the response's first byte.
func (c *Conn) readResponse(method string, first time.Duration) (*Response, error) {
	if c.desync {
		return nil, ErrDesync
	}
	r, err := readResponse(&c.in, method, limits{c.opts.MaxHeaderBytes, c.opts.MaxBodyBytes}, first, c.opts.Timeout)
	if r != nil && !r.Complete && (r.End == Unknown || r.End == Open) {
		c.desync = true
	}
	return r, err
}

// ParseResponse parses one response from data as if the peer had closed after it, with the default
// bounds. It returns nil for empty data, and the bytes after the response (sharing data's memory).
func ParseResponse(data []byte, method string) (*Response, []byte) {
	o := Options{}.withDefaults()
	return parseWithLimits(data, method, limits{o.MaxHeaderBytes, o.MaxBodyBytes})
}

func parseWithLimits(data []byte, method string, lim limits) (*Response, []byte) {
	in := &inbox{buf: data, fill: func(time.Duration) (PeerState, error) { return Closed, nil }}
	r, _ := readResponse(in, method, lim, 0, 0)
	return r, in.buf
}

type limits struct{ header, body int }

// parser reads one response from an inbox.
type parser struct {
	in    *inbox
	lim   limits
	wait  time.Duration
	r     *Response
	lines int
	err   error
}

func readResponse(in *inbox, method string, lim limits, first, wait time.Duration) (*Response, error) {
	for len(in.buf) == 0 {
		st, err := in.fill(first)
		if err != nil {
			return nil, err
		}
		if st != Unknown {
			return nil, endError(st)
		}
	}
	p := &parser{in: in, lim: lim, wait: wait, r: &Response{ContentLength: -1}}
	p.read(method)
	return p.r, p.err
}

func (p *parser) read(method string) {
	if p.headerless() {
		p.r.Headerless, p.r.Framing = true, UntilClose
		p.readBody()
		return
	}
	if p.readHead() {
		p.frame(method)
		p.readBody()
	}
}

// more waits for more bytes. It returns false once the peer has ended (End is set), or on an error.
// Once the peer has ended it does not read again, so a silent peer costs one wait, not one per call.
func (p *parser) more() bool {
	if p.r.End != Unknown || p.err != nil {
		return false
	}
	st, err := p.in.fill(p.wait)
	if err != nil {
		p.err = err
		return false
	}
	if st != Unknown {
		p.r.End = st
		return false
	}
	return true
}

func (p *parser) keep(b []byte) { p.r.Raw = append(p.r.Raw, b...) }

func (p *parser) problem(kind ProblemKind, format string, args ...any) {
	if len(p.r.Problems) < maxProblems && !(kind == BareLF && p.r.Has(BareLF)) {
		p.r.Problems = append(p.r.Problems, Problem{kind, fmt.Sprintf(format, args...)})
	}
}

// headerless decides, from the first five bytes, whether this is a status line or an HTTP/0.9-style
// body. Like http.client, anything that does not start with "HTTP/" is not a status line.
func (p *parser) headerless() bool {
	for len(p.in.buf) < 5 && bytes.HasPrefix([]byte("HTTP/"), p.in.buf) && p.more() {
	}
	return !bytes.HasPrefix(p.in.buf, []byte("HTTP/"))
}

// readHead reads the status line and header block up to the blank line. It returns false when the
// head did not end properly (bound reached, peer ended, or error).
func (p *parser) readHead() bool {
	scanned := 0 // bytes of in.buf already searched for LF
	for {
		i := bytes.IndexByte(p.in.buf[scanned:], '\n')
		if i < 0 {
			scanned = len(p.in.buf)
			if len(p.r.Raw)+len(p.in.buf) >= p.lim.header {
				p.tooLarge()
				return false
			}
			if !p.more() {
				p.unterminated()
				return false
			}
			continue
		}
		n := scanned + i + 1
		if len(p.r.Raw)+n > p.lim.header {
			p.tooLarge()
			return false
		}
		line := p.in.take(n)
		scanned = 0
		p.keep(line)
		if p.headLine(line) {
			return true
		}
	}
}

func (p *parser) tooLarge() {
	n := min(p.lim.header-len(p.r.Raw), len(p.in.buf))
	p.keep(p.in.take(n))
	p.r.Truncated = true
	p.problem(HeadersTooLarge, "no end of headers within %d bytes", p.lim.header)
}

// unterminated handles a peer that ended before the blank line: whatever came is the last line.
// CPython's CGI handler does this when the script cannot be executed (research §5.3).
func (p *parser) unterminated() {
	if p.err != nil {
		return
	}
	if len(p.in.buf) > 0 {
		line := p.in.take(len(p.in.buf))
		p.keep(line)
		p.headLine(line)
	}
	p.problem(UnterminatedHeaders, "no blank line before the peer %s", endPhrase(p.r.End))
}

// headLine handles one line of the head, with its line end if it has one, and reports whether it
// was the blank line that ends the head.
func (p *parser) headLine(raw []byte) bool {
	text, terminated := raw, false
	if bytes.HasSuffix(text, []byte("\n")) {
		text, terminated = text[:len(text)-1], true
		if bytes.HasSuffix(text, []byte("\r")) {
			text = text[:len(text)-1]
		} else {
			p.problem(BareLF, "line %d ends in LF without CR", p.lines+1)
		}
	}
	defer func() { p.lines++ }()
	switch {
	case p.lines == 0:
		p.statusLine(string(text))
	case len(text) == 0 && terminated:
		return true
	default:
		p.headerLine(string(text))
	}
	return false
}

// statusLine parses "HTTP/1.0 200 OK". The reason is everything after the space that follows the
// code, so "HTTP/1.0 599 " has an empty reason (send_response with an unknown code, research §3.1).
func (p *parser) statusLine(line string) {
	r := p.r
	r.StatusLine = line
	version, rest, ok := strings.Cut(line, " ")
	r.Version = version
	if !validVersion(version) {
		p.problem(BadStatusLine, "version %s", quoteShort(version))
	}
	if !ok {
		p.problem(BadStatusLine, "no status code in %s", quoteShort(line))
		return
	}
	code, reason, hasReason := strings.Cut(rest, " ")
	if len(code) != 3 || !allDigits(code) {
		p.problem(BadStatusLine, "status code %s", quoteShort(code))
		return
	}
	r.Code, _ = strconv.Atoi(code)
	r.Reason = reason
	if !hasReason {
		p.problem(NoReason, "no space and reason after the code")
	}
}

func validVersion(v string) bool {
	major, minor, ok := strings.Cut(strings.TrimPrefix(v, "HTTP/"), ".")
	return strings.HasPrefix(v, "HTTP/") && ok && allDigits(major) && allDigits(minor)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (p *parser) headerLine(line string) {
	if line != "" && (line[0] == ' ' || line[0] == '\t') {
		p.problem(FoldedHeader, "line %d: %s", p.lines+1, quoteShort(line))
		return
	}
	name, value, ok := strings.Cut(line, ":")
	if !ok || name == "" {
		p.problem(BadHeaderLine, "line %d: %s", p.lines+1, quoteShort(line))
		return
	}
	if strings.TrimRight(name, " \t") != name {
		p.problem(BadHeaderLine, "line %d: whitespace before the colon in %s", p.lines+1, quoteShort(line))
	}
	p.r.Headers = append(p.r.Headers, Header{Name: name, Value: strings.Trim(value, " \t"), Line: line})
}

// quoteShort quotes at most 80 bytes of s, so problem details stay bounded.
func quoteShort(s string) string {
	if len(s) > 80 {
		return `"` + Quote([]byte(s[:80])) + `"…`
	}
	return `"` + Quote([]byte(s)) + `"`
}

func endPhrase(s PeerState) string {
	if s == Open {
		return "went silent"
	}
	return s.String()
}

// frame decides how the body is delimited, as RFC 9112 §6.3 tells a client to.
func (p *parser) frame(method string) {
	r := p.r
	r.ContentLength = p.contentLength()
	_, chunked := r.Lookup("Transfer-Encoding")
	switch {
	case method == "HEAD" || r.Interim() || r.Code == 204 || r.Code == 304:
		r.Framing = NoBody
	case chunked:
		p.problem(TransferEncoding, "Transfer-Encoding %s is not decoded; reading until close",
			quoteShort(r.Get("Transfer-Encoding")))
		r.Framing = UntilClose
	case r.ContentLength >= 0:
		r.Framing = ByLength
	default:
		r.Framing = UntilClose
	}
}

func (p *parser) contentLength() int64 {
	values := p.r.Values("Content-Length")
	if len(values) == 0 {
		return -1
	}
	for _, v := range values[1:] {
		if v != values[0] {
			p.problem(BadContentLength, "values disagree: %s and %s", quoteShort(values[0]), quoteShort(v))
			break
		}
	}
	if len(values[0]) > 18 || !allDigits(values[0]) {
		p.problem(BadContentLength, "%s is not a length", quoteShort(values[0]))
		return -1
	}
	n, _ := strconv.ParseInt(values[0], 10, 64)
	return n
}

// readBody reads the body as framed, keeping at most lim.body bytes.
func (p *parser) readBody() {
	r := p.r
	start := len(r.Raw)
	defer func() { r.Body = r.Raw[start:] }()
	if r.Framing == NoBody {
		r.Complete = true
		return
	}
	want := int64(-1)
	if r.Framing == ByLength {
		want = r.ContentLength
	}
	got := int64(0)
	for want < 0 || got < want {
		if len(p.in.buf) == 0 {
			if !p.more() {
				break
			}
			continue
		}
		n := int64(len(p.in.buf))
		if want >= 0 {
			n = min(n, want-got)
		}
		if room := int64(p.lim.body) - got; n > room {
			p.keep(p.in.take(int(room)))
			r.Truncated = true
			p.problem(BodyTooLarge, "body longer than %d bytes", p.lim.body)
			return
		}
		p.keep(p.in.take(int(n)))
		got += n
	}
	switch {
	case want >= 0 && got < want:
		if p.err == nil {
			p.problem(ShortBody, "%d of %d bytes, then the peer %s", got, want, endPhrase(r.End))
		}
	case want >= 0 || r.End == Closed || r.End == Reset:
		r.Complete = true
	}
}
