package reference

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Run with: go test -run '^$' -bench . -benchmem ./reference/

// benchConn is a connection with nothing behind it, for the parsing benchmarks: its header block
// comes from a reader reset on every iteration, its replies go nowhere.
func benchConn(b *testing.B, cfg Config) (*conn, *strings.Reader) {
	b.Helper()
	cfg.Directory = b.TempDir()
	srv, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	block := strings.NewReader("")
	c := &conn{srv: srv, rfile: bufferedLines{bufio.NewReaderSize(block, pyDefaultBufferSize)}}
	c.out = bufio.NewWriter(io.Discard)
	return c, block
}

// BenchmarkParseRequestLine is parse_request for the commonest request line: split, version check,
// keep-alive decision, and an empty header block.
func BenchmarkParseRequestLine(b *testing.B) {
	c, block := benchConn(b, Config{Protocol: "HTTP/1.1"})
	reader := c.rfile.(bufferedLines).r
	const line = "GET /some/path/file.txt?query=1 HTTP/1.1\r\n"
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		block.Reset("\r\n")
		reader.Reset(block)
		c.resetRequest()
		if !c.parseRequest(line) || c.command != "GET" || c.closeConnection {
			b.Fatalf("parse_request failed: %q %v", c.command, c.closeConnection)
		}
	}
}

// browserHeaders is what a browser sends with a plain GET.
var browserHeaders = []string{
	"Host: localhost:8000\r\n",
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n",
	"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n",
	"Accept-Language: en-US,en;q=0.5\r\n",
	"Accept-Encoding: gzip, deflate, br, zstd\r\n",
	"Connection: keep-alive\r\n",
	"Upgrade-Insecure-Requests: 1\r\n",
	"Sec-Fetch-Dest: document\r\n",
	"Sec-Fetch-Mode: navigate\r\n",
	"If-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT\r\n",
	"\r\n",
}

// BenchmarkHeaderBlock is http.client.parse_headers on a browser's header block: reading the lines
// with their limits, and the email parser's view of them.
func BenchmarkHeaderBlock(b *testing.B) {
	c, block := benchConn(b, Config{})
	reader := c.rfile.(bufferedLines).r
	text := strings.Join(browserHeaders, "")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		block.Reset(text)
		reader.Reset(block)
		if !c.readHeaders() || len(c.headers) != len(browserHeaders)-1 {
			b.Fatalf("got %d headers", len(c.headers))
		}
	}
}

// BenchmarkParseHeaderBlock is the email parser alone, on lines already read.
func BenchmarkParseHeaderBlock(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if h := parseHeaderBlock(browserHeaders); len(h) != len(browserHeaders)-1 {
			b.Fatalf("got %d headers", len(h))
		}
	}
}

// BenchmarkSmallFileRoundTrip is one keep-alive GET of a 6-byte file over loopback, log written:
// request parsing, translate_path, the stat and open, headers, body.
func BenchmarkSmallFileRoundTrip(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Directory: dir, Protocol: "HTTP/1.1", Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	nc, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	request := []byte("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReader(nc)
	b.ReportAllocs()
	for b.Loop() {
		nc.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := nc.Write(request); err != nil {
			b.Fatal(err)
		}
		if err := readSmallReply(r); err != nil {
			b.Fatal(err)
		}
	}
}

// readSmallReply reads one reply framed by its Content-Length.
func readSmallReply(r *bufio.Reader) error {
	length := -1
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) == 2 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			length, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	_, err := r.Discard(length)
	return err
}

// BenchmarkListDirectory is list_directory of a 1,000-entry directory: listdir, the sort by lower(),
// a stat and an lstat per entry as os.path.isdir and islink, quoting, escaping, headers.
func BenchmarkListDirectory(b *testing.B) {
	c, _ := benchConn(b, Config{})
	dir := c.srv.directory
	for i := range 1000 {
		name := filepath.Join(dir, "File & notes "+strconv.Itoa(i)+".txt")
		if i%50 == 0 {
			if err := os.Mkdir(name, 0o755); err != nil {
				b.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	c.path = "/"
	c.requestVersion = "HTTP/1.0"
	b.ReportAllocs()
	for b.Loop() {
		c.headersBuf = c.headersBuf[:0]
		body := c.listDirectory(dir)
		if body == nil {
			b.Fatal("no listing")
		}
		body.Close()
	}
}

// BenchmarkLogRequest is log_request(200): the line with its timestamp and scrubbed request line.
func BenchmarkLogRequest(b *testing.B) {
	c, _ := benchConn(b, Config{})
	c.clientHost = "127.0.0.1"
	c.requestLine = "GET /some/path/file.txt?query=1 HTTP/1.1"
	b.ReportAllocs()
	for b.Loop() {
		c.logRequest(200)
	}
}
