package wire

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The client is checked against what real CPython servers send. TestCPythonLive runs the cases below
// against every interpreter it can find; with -update it also stores what each one sent in
// testdata/cpython, and TestCPythonCaptures replays those bytes, ending each connection the way
// CPython did (close, reset or silence), so the same checks run where no interpreter is installed.

var update = flag.Bool("update", false, "rewrite testdata/cpython from the live interpreters")

// pyVersion is a CPython version such as 3.13.0.
type pyVersion struct {
	text         string
	minor, patch int
}

func parsePyVersion(s string) (pyVersion, error) {
	var major, minor, patch int
	if _, err := fmt.Sscanf(s, "%d.%d.%d", &major, &minor, &patch); err != nil || major != 3 {
		return pyVersion{}, fmt.Errorf("not a CPython 3 version: %q", s)
	}
	return pyVersion{s, minor, patch}, nil
}

// liveCase is one request and what the client must make of CPython's answer. check drives the
// connection after the request was sent, and always ends by observing how the connection ends.
type liveCase struct {
	name      string
	http11    bool // the server's protocol_version is HTTP/1.1 (research §2.8)
	request   string
	halfClose bool
	check     func(t *testing.T, v pyVersion, c *Conn)
}

const quiet = 300 * time.Millisecond

func read(t *testing.T, c *Conn, method string) *Response {
	t.Helper()
	r, err := c.ReadResponse(method)
	if err != nil {
		t.Fatalf("ReadResponse: %v", err)
	}
	return r
}

func same[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func endsWith(t *testing.T, c *Conn, want PeerState) {
	t.Helper()
	st, err := c.State(quiet)
	if err != nil || st != want {
		t.Errorf("connection ends %v (%v), want %v", st, err, want)
	}
}

func names(r *Response) string { return strings.Join(r.HeaderNames(), "|") }

// lastModified is the fixture's mtime as CPython formats it (research conventions).
const lastModified = "Thu, 02 Jan 2020 03:04:05 GMT"

var liveCases = []liveCase{
	{name: "file", request: "GET /a.txt HTTP/1.0\r\n\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		r := read(t, c, "GET")
		same(t, "status line", r.StatusLine, "HTTP/1.0 200 OK")
		same(t, "header order (research §3.3)", names(r), "Server|Date|Content-type|Content-Length|Last-Modified")
		same(t, "Server", r.Get("server"), "SimpleHTTP/0.6 Python/"+v.text)
		same(t, "Last-Modified", r.Get("Last-Modified"), lastModified)
		same(t, "body", string(r.Body), "hello\n")
		same(t, "framing", r.Framing, ByLength)
		same(t, "problems", len(r.Problems), 0)
		endsWith(t, c, Closed)
	}},
	{name: "head", request: "HEAD /a.txt HTTP/1.0\r\n\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		r := read(t, c, "HEAD")
		same(t, "header order", names(r), "Server|Date|Content-type|Content-Length|Last-Modified")
		same(t, "Content-Length", r.ContentLength, int64(6))
		same(t, "framing", r.Framing, NoBody)
		same(t, "body", string(r.Body), "")
		endsWith(t, c, Closed)
	}},
	{name: "error-404", request: "GET /missing.txt HTTP/1.0\r\n\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		r := read(t, c, "GET")
		same(t, "status line", r.StatusLine, "HTTP/1.0 404 File not found")
		same(t, "header order (research §3.3)", names(r), "Server|Date|Connection|Content-Type|Content-Length")
		same(t, "Content-Type", r.Get("Content-Type"), "text/html;charset=utf-8")
		same(t, "body length", int64(len(r.Body)), r.ContentLength)
		same(t, "complete", r.Complete, true)
		same(t, "body has the code", strings.Contains(string(r.Body), "<p>Error code: 404</p>"), true)
		endsWith(t, c, Closed)
	}},
	{name: "headerless-505", request: "GET / HTTP/2.0\r\n\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		r := read(t, c, "GET")
		same(t, "headerless (research §3.5)", r.Headerless, true)
		same(t, "end", r.End, Closed)
		same(t, "body has the code", strings.Contains(string(r.Body), "<p>Error code: 505</p>"), true)
		want := 340 // appendix A: the HTML5 template of 3.11+
		if v.minor <= 10 {
			want = 491
		}
		same(t, "body length (appendix A)", len(r.Body), want)
	}},
	{name: "http09-half-closed", request: "GET /a.txt\r\n", halfClose: true, check: func(t *testing.T, v pyVersion, c *Conn) {
		r := read(t, c, "GET")
		same(t, "headerless (research §2.6)", r.Headerless, true)
		same(t, "body", string(r.Body), "hello\n")
		same(t, "end", r.End, Closed)
	}},
	{name: "http09-waits-for-headers", request: "GET /a.txt\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		// Up to 3.13.0 the server reads headers after a 2-word line, so it never answers (gh-70765).
		got, err := c.ReadQuiet(quiet)
		if err != nil || len(got.Bytes) != 0 || got.End != Open {
			t.Errorf("ReadQuiet = %q, %v, %v; want no bytes and an open connection", got.Bytes, got.End, err)
		}
	}},
	{name: "http09-redirect-is-empty", request: "GET /dir1\r\n\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		// A headerless 301 has nothing left to send (research §2.6).
		if r, err := c.ReadResponse("GET"); err != ErrClosed {
			t.Errorf("ReadResponse = %v, %v; want ErrClosed", r, err)
		}
	}},
	{name: "if-modified-since", request: "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n",
		check: func(t *testing.T, v pyVersion, c *Conn) {
			r := read(t, c, "GET")
			if v.minor == 6 { // 3.6 ignores If-Modified-Since (research §4.7)
				same(t, "status line", r.StatusLine, "HTTP/1.0 200 OK")
				same(t, "body", string(r.Body), "hello\n")
			} else {
				same(t, "status line", r.StatusLine, "HTTP/1.0 304 Not Modified")
				same(t, "header order (research §3.3)", names(r), "Server|Date")
				same(t, "framing", r.Framing, NoBody)
			}
			same(t, "complete", r.Complete, true)
			endsWith(t, c, Closed)
		}},
	{name: "continue-keep-alive", http11: true, request: "GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
		check: func(t *testing.T, v pyVersion, c *Conn) {
			interim := read(t, c, "GET")
			same(t, "interim bytes (research §2.9)", string(interim.Raw), "HTTP/1.1 100 Continue\r\n\r\n")
			final := read(t, c, "GET")
			same(t, "final status line", final.StatusLine, "HTTP/1.1 200 OK")
			same(t, "final body", string(final.Body), "hello\n")
			endsWith(t, c, Open)
		}},
	{name: "pipelined-head-then-close", http11: true,
		request: "GET /a.txt HTTP/1.1\r\n\r\nHEAD /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
		check: func(t *testing.T, v pyVersion, c *Conn) {
			get := read(t, c, "GET")
			same(t, "first body", string(get.Body), "hello\n")
			head := read(t, c, "HEAD")
			same(t, "second status line", head.StatusLine, "HTTP/1.1 200 OK")
			same(t, "second framing", head.Framing, NoBody)
			same(t, "second Content-Length", head.ContentLength, int64(6))
			endsWith(t, c, Closed)
		}},
	{name: "redirect-keep-alive", http11: true, request: "GET /dir1 HTTP/1.1\r\n\r\n", check: func(t *testing.T, v pyVersion, c *Conn) {
		r := read(t, c, "GET")
		same(t, "status line", r.StatusLine, "HTTP/1.1 301 Moved Permanently")
		same(t, "Location", r.Get("Location"), "/dir1/")
		if v.minor <= 8 { // no Content-Length before 3.9: a client cannot find the end (research §2.8)
			same(t, "framing", r.Framing, UntilClose)
			same(t, "end", r.End, Open)
			same(t, "complete", r.Complete, false)
			return
		}
		same(t, "Content-Length", r.Get("Content-Length"), "0")
		same(t, "complete", r.Complete, true)
		endsWith(t, c, Open)
	}},
}

// runCase sends the case's request to addr, runs its check, and returns every byte received and how
// the connection ended.
func runCase(t *testing.T, v pyVersion, addr string, lc liveCase) ([]byte, PeerState) {
	t.Helper()
	c := dial(t, addr, Options{Timeout: time.Second})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("transcript:\n%s", c.Transcript())
		}
	})
	mustSend(t, c, lc.request)
	if lc.halfClose {
		if err := c.CloseWrite(); err != nil {
			t.Fatal(err)
		}
	}
	lc.check(t, v, c)
	return (&Result{Transcript: c.Transcript()}).Received(), c.Peer()
}

// capture is what one CPython sent for one case, as stored in testdata/cpython/<version>.json.
type capture struct {
	Name     string `json:"name"`
	Received string `json:"received"` // escaped as by Quote
	End      string `json:"end"`
}

func TestCPythonLive(t *testing.T) {
	pythons := findPythons(t)
	if len(pythons) == 0 {
		t.Skip("no CPython interpreter found (pyenv root, PYENV_ROOT or python3 on PATH)")
	}
	for _, py := range pythons {
		t.Run(py.version.text, func(t *testing.T) {
			t.Parallel()
			servers := map[bool]string{false: startCPython(t, py.path, "HTTP/1.0"), true: startCPython(t, py.path, "HTTP/1.1")}
			var caps []capture
			for _, lc := range liveCases {
				t.Run(lc.name, func(t *testing.T) {
					got, end := runCase(t, py.version, servers[lc.http11], lc)
					caps = append(caps, capture{lc.name, Quote(got), end.String()})
				})
			}
			if *update && !t.Failed() {
				writeCaptures(t, py.version.text, caps)
			}
		})
	}
}

func TestCPythonCaptures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cpython", "*.json"))
	if len(files) == 0 {
		t.Fatal("no captures in testdata/cpython: run the tests with -update where CPython is installed")
	}
	for _, file := range files {
		v, err := parsePyVersion(strings.TrimSuffix(filepath.Base(file), ".json"))
		if err != nil {
			t.Fatal(err)
		}
		caps := readCaptures(t, file)
		t.Run(v.text, func(t *testing.T) {
			t.Parallel()
			for _, lc := range liveCases {
				t.Run(lc.name, func(t *testing.T) {
					cp, ok := caps[lc.name]
					if !ok {
						t.Fatalf("%s has no capture of %s", file, lc.name)
					}
					addr := replay(t, len(lc.request), unquote(t, cp.Received), cp.End)
					got, end := runCase(t, v, addr, lc)
					same(t, "bytes received", Quote(got), cp.Received)
					same(t, "end", end.String(), cp.End)
				})
			}
		})
	}
}

// replay serves one capture: it reads the request, sends what CPython sent, and ends the
// connection as CPython did.
func replay(t *testing.T, requestLen int, sent []byte, end string) string {
	return serve(t, func(p peer) {
		io.ReadFull(p, make([]byte, requestLen))
		p.Write(sent)
		switch end {
		case Open.String():
			p.hold()
		case Reset.String():
			p.reset()
		}
	})
}

func writeCaptures(t *testing.T, version string, caps []capture) {
	sort.Slice(caps, func(i, j int) bool { return caps[i].Name < caps[j].Name })
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(caps); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "cpython")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, version+".json"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readCaptures(t *testing.T, file string) map[string]capture {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var list []capture
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	caps := map[string]capture{}
	for _, c := range list {
		caps[c.Name] = c
	}
	return caps
}

type python struct {
	path    string
	version pyVersion
}

// findPythons lists the CPython 3 interpreters that really run: pyenv's versions (PYENV_ROOT or
// `pyenv root`), else python3 on PATH. pyenv's shims are not used: they fail unless selected.
func findPythons(t *testing.T) []python {
	var candidates []string
	root := os.Getenv("PYENV_ROOT")
	if root == "" {
		if out, err := exec.Command("pyenv", "root").Output(); err == nil {
			root = strings.TrimSpace(string(out))
		}
	}
	if root != "" {
		candidates, _ = filepath.Glob(filepath.Join(root, "versions", "3.*", "bin", "python"))
	}
	if len(candidates) == 0 {
		if p, err := exec.LookPath("python3"); err == nil {
			candidates = append(candidates, p)
		}
	}
	var found []python
	seen := map[string]bool{}
	for _, p := range candidates {
		out, err := exec.Command(p, "-c", "import sys; print(sys.version.split()[0])").Output()
		if err != nil {
			continue
		}
		v, err := parsePyVersion(strings.TrimSpace(string(out)))
		if err != nil || seen[v.text] {
			continue
		}
		seen[v.text] = true
		found = append(found, python{p, v})
	}
	return found
}

// launcher serves the fixture with SimpleHTTPRequestHandler at the given protocol_version, in the
// server class the CLI uses, and prints the port it bound.
const launcher = `
import sys, http.server as s
s.SimpleHTTPRequestHandler.protocol_version = sys.argv[1]
server = getattr(s, "ThreadingHTTPServer", s.HTTPServer)(("127.0.0.1", 0), s.SimpleHTTPRequestHandler)
print(server.server_address[1], flush=True)
server.serve_forever()
`

// startCPython serves a fresh fixture (a.txt = "hello\n" with the research's mtime, and dir1/) and
// returns its address. The process is killed when the test ends.
func startCPython(t *testing.T, python, protocol string) string {
	t.Helper()
	root := t.TempDir()
	file := filepath.Join(root, "a.txt")
	if err := os.WriteFile(file, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(file, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "dir1"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, python, "-u", "-c", launcher, protocol)
	cmd.Dir = root
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
	})
	port := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		port <- strings.TrimSpace(line)
	}()
	select {
	case p := <-port:
		if _, err := strconv.Atoi(p); err != nil {
			t.Fatalf("%s did not start: printed %q", python, p)
		}
		return "127.0.0.1:" + p
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not start within 20s", python)
	}
	return ""
}
