package reference

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The exact bytes below are the research catalogue's (../shared/research/http-server-behaviors.md),
// recorded from CPython 3.13.0; dates and the Server value are normalised before comparing.

// testServer is a reference server on 127.0.0.1 serving a small tree, with its log captured.
type testServer struct {
	addr string
	dir  string
	log  *syncBuffer
	srv  *Server
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var fixtureTime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

func startTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	dir := t.TempDir()
	writeTestTree(t, dir)
	if cfg.Directory == "" {
		cfg.Directory = dir
	}
	log := &syncBuffer{}
	cfg.Log = log
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &testServer{addr: ln.Addr().String(), dir: dir, log: log, srv: srv}
}

func writeTestTree(t *testing.T, dir string) {
	t.Helper()
	files := map[string]string{
		"a.txt":           "hello\n",
		"dir1/index.html": "<p>dir1</p>\n",
		"emptydir/.keep":  "",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, fixtureTime, fixtureTime); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(dir, "emptydir/.keep"))
}

// exchange sends raw bytes, half-closes unless keepOpen, and reads until the server closes or stays
// quiet for a moment. It reports whether the server closed the connection.
func (s *testServer) exchange(t *testing.T, request string, keepOpen bool) (string, bool) {
	t.Helper()
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	if !keepOpen {
		c.(*net.TCPConn).CloseWrite()
	}
	var got bytes.Buffer
	buf := make([]byte, 65536)
	for {
		if keepOpen {
			c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		}
		n, err := c.Read(buf)
		got.Write(buf[:n])
		var ne net.Error
		switch {
		case err == nil:
			continue
		case errors.As(err, &ne) && ne.Timeout():
			return got.String(), false
		default:
			return got.String(), true
		}
	}
}

var (
	dateRE   = regexp.MustCompile(`(?m)^Date: [^\r]*\r$`)
	serverRE = regexp.MustCompile(`(?m)^Server: [^\r]*\r$`)
)

func normalise(s string) string {
	s = dateRE.ReplaceAllString(s, "Date: <DATE>\r")
	return serverRE.ReplaceAllString(s, "Server: <SERVER>\r")
}

const notFound335 = "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n"

func TestExactResponses(t *testing.T) {
	ts := startTestServer(t, Config{})
	cases := []struct {
		name, request, want string
	}{
		{"file", "GET /a.txt HTTP/1.0\r\n\r\n",
			"HTTP/1.0 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\nContent-type: text/plain\r\nContent-Length: 6\r\nLast-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\nhello\n"},
		{"404", "GET /missing.txt HTTP/1.0\r\n\r\n",
			"HTTP/1.0 404 File not found\r\nServer: <SERVER>\r\nDate: <DATE>\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 335\r\n\r\n" + notFound335},
		{"http09", "GET /a.txt\r\n\r\n", "hello\n"},
		{"http09 literal version", "GET /a.txt HTTP/0.9\r\n\r\n", "hello\n"},
		{"505 headerless", "GET / HTTP/2.0\r\n\r\n",
			"<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 505</p>\n        <p>Message: Invalid HTTP version (2.0).</p>\n        <p>Error code explanation: 505 - Cannot fulfill request.</p>\n    </body>\n</html>\n"},
		{"304", "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n",
			"HTTP/1.0 304 Not Modified\r\nServer: <SERVER>\r\nDate: <DATE>\r\n\r\n"},
		{"redirect", "GET /dir1?q=1&r=<2> HTTP/1.0\r\n\r\n",
			"HTTP/1.0 301 Moved Permanently\r\nServer: <SERVER>\r\nDate: <DATE>\r\nLocation: /dir1/?q=1&r=<2>\r\nContent-Length: 0\r\n\r\n"},
		{"redirect collapses //", "GET //dir1 HTTP/1.0\r\n\r\n",
			"HTTP/1.0 301 Moved Permanently\r\nServer: <SERVER>\r\nDate: <DATE>\r\nLocation: /dir1/\r\nContent-Length: 0\r\n\r\n"},
		{"empty listing", "GET /emptydir/ HTTP/1.0\r\n\r\n",
			"HTTP/1.0 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\nContent-type: text/html; charset=utf-8\r\nContent-Length: 205\r\n\r\n" +
				"<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for /emptydir/</title>\n</head>\n<body>\n<h1>Directory listing for /emptydir/</h1>\n<hr>\n<ul>\n</ul>\n<hr>\n</body>\n</html>\n"},
		{"leading empty line closes", "\r\nGET /a.txt HTTP/1.0\r\n\r\n", ""},
		{"HEAD keeps Content-Length", "HEAD /missing.txt HTTP/1.0\r\n\r\n",
			"HTTP/1.0 404 File not found\r\nServer: <SERVER>\r\nDate: <DATE>\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 335\r\n\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, closed := ts.exchange(t, c.request, false)
			if got = normalise(got); got != c.want {
				t.Errorf("response differs\n got: %q\nwant: %q", got, c.want)
			}
			if !closed {
				t.Error("the connection stayed open; HTTP/1.0 closes after every response")
			}
		})
	}
}

func TestErrorReasonIsTheMessage(t *testing.T) {
	ts := startTestServer(t, Config{})
	cases := map[string]string{
		"GET /a b HTTP/1.0\r\n\r\n":     "HTTP/1.0 400 Bad request syntax ('GET /a b HTTP/1.0')\r\n",
		"FOO / HTTP/1.0\r\n\r\n":        "HTTP/1.0 501 Unsupported method ('FOO')\r\n",
		"<b>X / HTTP/1.0\r\n\r\n":       "HTTP/1.0 501 Unsupported method ('<b>X')\r\n",
		"GET\xa0/a.txt\xa0HTTP/1.0\r\n": "HTTP/1.0 200 OK\r\n",
		"GET\x1c/a.txt\x1fHTTP/1.0\r\n": "HTTP/1.0 200 OK\r\n",
		"GET /a.txt HTTP/1.0\r\r\n\r\n": "HTTP/1.0 200 OK\r\n",
	}
	for request, statusLine := range cases {
		got, _ := ts.exchange(t, request, false)
		if !strings.HasPrefix(got, statusLine) {
			t.Errorf("%q: got %q, want status line %q", request, firstLine(got), statusLine)
		}
	}
}

func TestHeaderlessErrorsFromTheRequestLine(t *testing.T) {
	ts := startTestServer(t, Config{Protocol: "HTTP/1.1"})
	for _, request := range []string{
		"GET\r\n\r\n", "HEAD /a.txt\r\n\r\n", "GET / HTTP/1.1.1\r\n\r\n", "GET / http/1.0\r\n\r\n",
		"GET / HTTP/+1.1\r\n\r\n", "GET / HTTP/1.00000000001\r\n\r\n", "GET / HTTP/\xb2.0\r\n\r\n",
	} {
		got, closed := ts.exchange(t, request, true)
		if !strings.HasPrefix(got, "<!DOCTYPE HTML>") || !strings.Contains(got, "Error code: 400") || !closed {
			t.Errorf("%q: want a headerless 400 then close, got closed=%v %q", request, closed, firstLine(got))
		}
	}
}

func TestLimits(t *testing.T) {
	ts := startTestServer(t, Config{})
	fill := func(total int) string { // a request line of exactly total bytes with its CRLF
		prefix := "GET /"
		return prefix + strings.Repeat("x", total-len(prefix)-len(" HTTP/1.0\r\n")) + " HTTP/1.0\r\n"
	}
	if got, _ := ts.exchange(t, fill(65536)+"\r\n", false); !strings.HasPrefix(got, "HTTP/1.0 404 File not found") {
		t.Errorf("a 65536-byte request line must be accepted, got %q", firstLine(got))
	}
	if got, _ := ts.exchange(t, fill(65537)+"\r\n", false); !strings.HasPrefix(got, "HTTP/1.0 414 URI Too Long\r\n") {
		t.Errorf("a 65537-byte request line must give 414, got %q", firstLine(got))
	}
	headers := func(n int) string {
		return "GET /a.txt HTTP/1.0\r\n" + strings.Repeat("X: y\r\n", n) + "\r\n"
	}
	if got, _ := ts.exchange(t, headers(99), false); !strings.HasPrefix(got, "HTTP/1.0 200 OK") {
		t.Errorf("99 header lines must be accepted, got %q", firstLine(got))
	}
	if got, _ := ts.exchange(t, headers(100), false); !strings.HasPrefix(got, "HTTP/1.0 431 Too many headers\r\n") {
		t.Errorf("100 header lines must give 431, got %q", firstLine(got))
	}
	long := "GET /a.txt HTTP/1.0\r\nX: " + strings.Repeat("y", 65536-len("X: \r\n")+1) + "\r\n\r\n"
	if got, _ := ts.exchange(t, long, false); !strings.HasPrefix(got, "HTTP/1.0 431 Line too long\r\n") {
		t.Errorf("a 65537-byte header line must give 431, got %q", firstLine(got))
	}
}

func TestPersistence(t *testing.T) {
	ts := startTestServer(t, Config{Protocol: "HTTP/1.1"})
	cases := []struct {
		request   string
		responses int
		closed    bool
	}{
		{"GET /a.txt HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", 2, false},
		{"GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", 1, true},
		{"GET /a.txt HTTP/1.1\r\nConnection: close, foo\r\n\r\n", 1, false},
		{"GET /a.txt HTTP/1.1\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", 1, false},
		{"GET /a.txt HTTP/1.0\r\n\r\n", 1, true},
		{"GET /a.txt HTTP/1.0\r\nConnection: KEEP-ALIVE\r\n\r\n", 1, false},
		{"GET /a.txt HTTP/1.1\r\nfoo bar\r\nConnection: close\r\n\r\n", 1, false},
		{"GET /a.txt HTTP/1.1\r\n\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", 1, true},
		{"GET /a.txt HTTP/1.1\r\nContent-Length: 25\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", 2, false},
		{"GET /a.txt\r\nConnection: keep-alive\r\n\r\n", 1, false},
		{"GET /missing HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", 1, true},
	}
	for _, c := range cases {
		got, closed := ts.exchange(t, c.request, true)
		n := strings.Count(got, "hello\n") + strings.Count(got, "File not found\r\n")
		if n != c.responses || closed != c.closed {
			t.Errorf("%q: got %d responses, closed=%v; want %d, closed=%v\n%s", c.request, n, closed, c.responses, c.closed, got)
		}
	}
}

func TestExpectContinue(t *testing.T) {
	ts := startTestServer(t, Config{Protocol: "HTTP/1.1"})
	got, _ := ts.exchange(t, "GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", true)
	want := "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\nContent-type: text/plain\r\nContent-Length: 6\r\nLast-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\nhello\n"
	if normalise(got) != want {
		t.Errorf("got %q\nwant %q", normalise(got), want)
	}
	for request, want100 := range map[string]bool{
		"POST /a.txt HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n":  true,
		"GET /a.txt HTTP/1.10\r\nExpect: 100-continue\r\n\r\n":  true,
		"GET /a.txt HTTP/01.01\r\nExpect: 100-continue\r\n\r\n": false,
		"GET /a.txt HTTP/1.0\r\nExpect: 100-continue\r\n\r\n":   false,
	} {
		got, _ := ts.exchange(t, request, false)
		if strings.HasPrefix(got, "HTTP/1.1 100 Continue\r\n\r\n") != want100 {
			t.Errorf("%q: 100 Continue sent = %v, want %v", request, !want100, want100)
		}
	}
	plain := startTestServer(t, Config{})
	if got, _ := plain.exchange(t, "GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", false); strings.Contains(got, "100 Continue") {
		t.Error("an HTTP/1.0 server must never send 100 Continue")
	}
}

var logTimeRE = regexp.MustCompile(`\[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\]`)

func TestLogLines(t *testing.T) {
	ts := startTestServer(t, Config{})
	ts.exchange(t, "GET /missing.txt HTTP/1.0\r\n\r\n", false)
	ts.exchange(t, "GET /\x1b[31m\x7f\x80\x9f\xe9\xff\\x HTTP/1.0\r\n\r\n", false)
	ts.exchange(t, fill414(), false)
	got := logTimeRE.ReplaceAllString(ts.log.String(), "[T]")
	want := "127.0.0.1 - - [T] code 404, message File not found\n" +
		"127.0.0.1 - - [T] \"GET /missing.txt HTTP/1.0\" 404 -\n" +
		"127.0.0.1 - - [T] code 404, message File not found\n" +
		"127.0.0.1 - - [T] \"GET /\\x1b[31m\\x7f\\x80\\x9féÿ\\\\x HTTP/1.0\" 404 -\n" +
		"127.0.0.1 - - [T] code 414, message URI Too Long\n" +
		"127.0.0.1 - - [T] \"\" 414 -\n"
	if got != want {
		t.Errorf("log differs\n got: %q\nwant: %q", got, want)
	}
}

func fill414() string { return "GET /" + strings.Repeat("x", 70000) + " HTTP/1.0\r\n\r\n" }

func TestFaultsBreakWhatTheySay(t *testing.T) {
	ts := startTestServer(t, Config{Faults: Faults{faultErrorWithStatus: true}})
	if got, _ := ts.exchange(t, "GET / HTTP/2.0\r\n\r\n", false); !strings.HasPrefix(got, "HTTP/1.0 505") {
		t.Errorf("with %s, a 505 must carry a status line; got %q", faultErrorWithStatus, firstLine(got))
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
