package reference

// Fuzz targets for the parts of the server that read what a client sends. Each one checks properties
// that must hold for every input, not only that nothing panics. The seeds below and the files under
// testdata/fuzz run as ordinary tests; README.md's "Fuzzing" section has the long-run commands.

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/reference/pylib"
)

// requestSeeds are request bytes that reach every branch of parse_request and send_head.
var requestSeeds = []string{
	"GET / HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.1\r\nConnection: keep-alive\r\n\r\nHEAD /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
	"GET /dir HTTP/1.0\r\n\r\n",
	"GET /dir/?q=<x>#f HTTP/1.0\r\n\r\n",
	"GET //evil.example/%2e%2e HTTP/1.0\r\n\r\n",
	"GET /a.txt\r\n",
	"POST /a.txt\r\n",
	"GET /a.txt HTTP/2.0\r\n\r\n",
	"GET /a.txt HTTP/1.1.1\r\n\r\n",
	"GET /a.txt HTTP/+1.1\r\n\r\n",
	"GET /a.txt HTTP/01.0000000001\r\n\r\n",
	"GET /a.txt HTTP/\xb9.1\r\n\r\n",
	"GET /a.txt HTTP/1.0 extra\r\n\r\n",
	"\r\n",
	"G\x00T /\x1b[31m HTTP/1.0\r\n\r\n",
	"<script> /x HTTP/1.0\r\n\r\n",
	"GET /%00 HTTP/1.0\r\n\r\n",
	"GET /%ed%a0%80 HTTP/1.0\r\n\r\n",
	"GET /%ed%b2%80/ HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nX: a\r\n folded\r\nConnection : close\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nLong: " + strings.Repeat("x", 70000) + "\r\n\r\n",
	"GET /" + strings.Repeat("a", 70000) + " HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\n" + strings.Repeat("H: v\r\n", 101) + "\r\n",
	"GET /a.txt\x85HTTP/1.0\r\n\r\n",
	"GET\x1c/\x1dHTTP/1.1\x1e\r\n\r\n",
}

// FuzzRequest feeds handle_one_request arbitrary client bytes, on both protocol settings. What must
// hold whatever was sent: the only panics are the exceptions CPython raises too; every reply is a
// well-formed status line and header block with a Content-Length that matches its body (or a
// headerless HTTP/0.9 body); the status is one parse_request or send_head can produce; every log line
// is whole and free of raw control characters; and checkVersion accepts exactly "HTTP/" followed by
// two runs of one to ten ASCII digits (3.11.4+, gh-103204).
func FuzzRequest(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	dir := fuzzTree(f)
	http10 := newFuzzServer(f, Config{Directory: dir, Now: fuzzClock})
	http11 := newFuzzServer(f, Config{Directory: dir, Now: fuzzClock, Protocol: "HTTP/1.1"})
	f.Fuzz(func(t *testing.T, data []byte, useHTTP11 bool) {
		srv := http10
		if useHTTP11 {
			srv = http11
		}
		h := newFuzzConn(srv, data)
		for more := true; more; {
			h.out.Reset()
			var crashed bool
			more, crashed = h.handleOne(t)
			checkReply(t, h.c, h.out.Bytes(), crashed)
			checkVersionParse(t, h.c.requestLine)
		}
		h.c.srv.log.sync() // as serve does before a connection ends
		checkLog(t, h.log.Bytes())
	})
}

// fuzzServer is a server whose log goes to a buffer that each fuzz input starts afresh. Inputs run one
// at a time in a fuzz worker (-parallel=1 in the README's commands), so one server serves them all.
type fuzzServer struct {
	srv *Server
	log *bytes.Buffer
}

func newFuzzServer(tb testing.TB, cfg Config) fuzzServer {
	log := &bytes.Buffer{}
	cfg.Log = log
	srv, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return fuzzServer{srv, log}
}

// fuzzConn is a connection with nothing behind it: the client's bytes come from memory, the replies
// and the log go to buffers.
type fuzzConn struct {
	c        *conn
	out, log *bytes.Buffer
	input    *bytes.Reader
}

func newFuzzConn(fs fuzzServer, data []byte) *fuzzConn {
	fs.srv.log.sync() // the previous input's lines are written before the buffer is emptied
	fs.log.Reset()
	h := &fuzzConn{out: &bytes.Buffer{}, log: fs.log, input: bytes.NewReader(data)}
	h.c = &conn{srv: fs.srv, clientHost: "127.0.0.1",
		rfile: bufferedLines{bufio.NewReaderSize(h.input, pyDefaultBufferSize)}}
	h.c.out = bufio.NewWriter(h.out)
	h.c.nc = memoryConn{w: h.out} // file bodies are written to the connection itself
	return h
}

// memoryConn is the connection as a file body's writer and a crash report see it; nothing else of it
// is used.
type memoryConn struct {
	net.Conn
	w io.Writer
}

func (m memoryConn) Write(p []byte) (int, error) { return m.w.Write(p) }

// The addresses a crash report names: ('127.0.0.1', 40000).
func (memoryConn) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1).To4(), Port: 40000}
}
func (memoryConn) LocalAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1).To4(), Port: 8000}
}

// handleOne runs one handle_one_request. A panic is allowed only as one of the exceptions CPython
// raises at the same point (it ends the connection); anything else is a bug.
func (h *fuzzConn) handleOne(t *testing.T) (more, crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*pyException); !ok {
				t.Fatalf("handle_one_request panicked: %v", r)
			}
			h.c.reportCrash(r)
			more, crashed = false, true
		}
	}()
	before := h.unread()
	h.c.handleOneRequest()
	h.c.flush()
	if !h.c.closeConnection && h.unread() >= before {
		t.Fatalf("a kept-alive connection consumed nothing: it would loop forever")
	}
	return !h.c.closeConnection, false
}

// unread is how many of the client's bytes the server has not taken yet.
func (h *fuzzConn) unread() int {
	return h.input.Len() + h.c.rfile.(bufferedLines).r.Buffered()
}

// fuzzClock is a fixed clock: replies and log lines do not depend on when the fuzzer runs.
func fuzzClock() time.Time { return time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC) }

// fuzzTree is a small document root: a file, a directory with an index, a directory to list.
func fuzzTree(tb testing.TB) string {
	dir := tb.TempDir()
	files := map[string]string{
		"a.txt":           "hello\n",
		"dir/index.html":  "<p>index</p>\n",
		"list/x &<y>.txt": "x\n",
		"list/z":          "z\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// replyCodes are the statuses a SimpleHTTPRequestHandler can send: parse_request's, send_head's, and
// the 100 Continue of handle_expect_100.
var replyCodes = map[int]bool{200: true, 301: true, 304: true, 400: true, 404: true, 414: true, 431: true, 501: true, 505: true}

var (
	statusLineRE  = regexp.MustCompile(`^HTTP/1\.[01] (\d{3}) [^\r\n]*$`)
	headerLineRE  = regexp.MustCompile(`^[A-Za-z-]+: [^\r\n]*$`)
	continueReply = "HTTP/1.1 100 Continue\r\n\r\n"
)

// checkReply checks one request's reply bytes.
func checkReply(t *testing.T, c *conn, out []byte, crashed bool) {
	t.Helper()
	if len(out) == 0 {
		return // an empty request line, a crash before any byte, or a 0.9 HEAD-less body of nothing
	}
	if c.requestVersion == http09 && !bytes.HasPrefix(out, []byte(c.srv.cfg.Protocol+" ")) {
		return // a headerless reply: a file's bytes or an error page, nothing to frame
	}
	out = bytes.TrimPrefix(out, []byte(continueReply))
	head, body, found := bytes.Cut(out, []byte("\r\n\r\n"))
	if !found {
		if crashed {
			return // the status line was sent, then the handler raised
		}
		t.Fatalf("reply without the blank line that ends its headers: %q", out)
	}
	lines := strings.Split(string(head), "\r\n")
	m := statusLineRE.FindStringSubmatch(lines[0])
	if m == nil || !strings.HasPrefix(lines[0], c.srv.cfg.Protocol+" ") {
		t.Fatalf("status line %q", lines[0])
	}
	code, _ := strconv.Atoi(m[1])
	if !replyCodes[code] {
		t.Fatalf("status %d is not one the server can send: %q", code, lines[0])
	}
	length := -1
	for _, line := range lines[1:] {
		if !headerLineRE.MatchString(line) {
			t.Fatalf("header line %q in %q", line, head)
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	if length >= 0 && c.command != "HEAD" && length != len(body) && !crashed {
		t.Fatalf("Content-Length %d, body %d bytes: %q", length, len(body), out)
	}
}

// versionSyntax is the version parse_request accepts (before the 505 check).
var versionSyntax = regexp.MustCompile(`^HTTP/([0-9]{1,10})\.([0-9]{1,10})$`)

// checkVersionParse holds parseHTTPVersion to its specification for the request line's last word.
func checkVersionParse(t *testing.T, requestLine string) {
	t.Helper()
	words := pylib.Split(requestLine)
	if len(words) == 0 {
		return
	}
	version := words[len(words)-1]
	major, minor, ok := parseHTTPVersion(version, false)
	m := versionSyntax.FindStringSubmatch(version)
	if ok != (m != nil) {
		t.Fatalf("parseHTTPVersion(%q) ok=%v, want %v", version, ok, m != nil)
	}
	if ok {
		wantMajor, _ := strconv.ParseInt(m[1], 10, 64)
		wantMinor, _ := strconv.ParseInt(m[2], 10, 64)
		if major != wantMajor || minor != wantMinor {
			t.Fatalf("parseHTTPVersion(%q) = %d.%d", version, major, minor)
		}
	}
}

// checkLog holds every log line to _control_char_table (gh-100001): no raw C0 or C1 control
// character, no DEL; a line is either log_message's or part of handle_error's banner.
func checkLog(t *testing.T, log []byte) {
	t.Helper()
	if len(log) > 0 && log[len(log)-1] != '\n' {
		t.Fatalf("the log ends with an unfinished line: %q", log)
	}
	if len(log) == 0 {
		return
	}
	inBanner := false
	for _, line := range strings.Split(strings.TrimSuffix(string(log), "\n"), "\n") {
		if i := rawControl(line); i >= 0 {
			t.Fatalf("raw control character at %d of log line %q", i, line)
		}
		switch {
		case line == strings.Repeat("-", 40):
			inBanner = !inBanner
		case inBanner:
		case !strings.HasPrefix(line, "127.0.0.1 - - [06/May/2024 07:08:09] "):
			t.Fatalf("log line %q is not log_message's", line)
		}
	}
}

// rawControl is the index of the first U+0000-U+001F, U+007F or U+0080-U+009F in UTF-8 text, or -1.
func rawControl(s string) int {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 || b == 0x7f:
			return i
		case b == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return i
		}
	}
	return -1
}

// FuzzHeaderBlock reads a header block as parse_request does (http.client._read_headers, then the
// email parser) and checks: the limits of 100 lines and 65536 bytes a line hold; every name is a run
// of '!'..'~' without a colon that appears in the block; a value ends no line of its own (only folds
// carry CR or LF, and they are followed by a space or tab); and writing the headers out again and
// parsing that gives the same headers.
func FuzzHeaderBlock(f *testing.F) {
	for _, s := range []string{
		"Host: x\r\n\r\n",
		"A: 1\r\nB:2\nC:\t3 \r\n\r\n",
		"From nobody\r\nA: 1\r\n\r\n",
		" leading fold\r\nA: 1\r\n fold\r\n\tfold2\r\n\r\n",
		"A: 1\rB: 2\r\r\n",
		":nameless\r\nConnection : close\r\nB: 2\r\n\r\n",
		"A: \xe9\xff\x00\x1b\r\n\r\n",
		"Long: " + strings.Repeat("x", 65540) + "\r\n\r\n",
		strings.Repeat("H: v\r\n", 100) + "\r\n",
		"A: 1\r\n",
		"A:\r\n b\r\n \r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	fs := newFuzzServer(f, Config{Directory: f.TempDir()})
	f.Fuzz(func(t *testing.T, data []byte) {
		h := newFuzzConn(fs, data)
		lines, tooLarge, err := h.c.readHeaderLines()
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		if tooLarge != nil {
			return
		}
		if len(lines) > maxHeaders {
			t.Fatalf("%d lines read, the limit is %d", len(lines), maxHeaders)
		}
		for _, l := range lines {
			if len(l) > maxLine {
				t.Fatalf("a line of %d bytes was accepted", len(l))
			}
		}
		got := parseHeaderBlock(lines)
		checkHeaders(t, got, pylib.Latin1ToText(strings.Join(lines, "")))
		again := parseHeaderBlock([]string{renderHeaders(t, got)})
		if !equalHeaders(got, again) {
			t.Fatalf("written out and parsed again, %q became %q", got, again)
		}
	})
}

func checkHeaders(t *testing.T, hs headers, text string) {
	t.Helper()
	for _, h := range hs {
		if h.name == "" || !strings.Contains(text, h.name+":") {
			t.Fatalf("name %q is not one of the block's", h.name)
		}
		for i := 0; i < len(h.name); i++ {
			if b := h.name[i]; b < '!' || b > '~' || b == ':' {
				t.Fatalf("name %q holds byte %#x", h.name, b)
			}
		}
		v := h.value
		if strings.HasSuffix(v, "\r") || strings.HasSuffix(v, "\n") {
			t.Fatalf("value %q ends with a line end", v)
		}
		for i := 0; i < len(v); i++ {
			if v[i] != '\r' && v[i] != '\n' {
				continue
			}
			j := i + 1
			if v[i] == '\r' && j < len(v) && v[j] == '\n' {
				j++
			}
			if j >= len(v) || (v[j] != ' ' && v[j] != '\t') {
				t.Fatalf("value %q has a line end that is not a fold", v)
			}
			i = j - 1
		}
	}
}

// renderHeaders writes headers out as a client would send them, Latin-1 encoded.
func renderHeaders(t *testing.T, hs headers) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(h.name + ": " + h.value + "\r\n")
	}
	b.WriteString("\r\n")
	raw, err := pylib.TextToLatin1(b.String())
	if err != nil {
		t.Fatalf("a parsed header cannot be encoded back: %v", err)
	}
	return raw
}

func equalHeaders(a, b headers) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
