package suite

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for file responses: research §4.6 (SimpleHTTPRequestHandler.send_head and copyfile), §4.4
// (HEAD) and §3.3 (header order).

// textFileContent has every byte a text-mode open would change: CRLF, a lone CR, bytes that are not
// UTF-8, a NUL, and no final newline.
const textFileContent = "crlf\r\nlone cr\rinvalid utf-8 \xff\xfe\x80 and a nul \x00 end"

var _ = register(func() []Spec {
	return []Spec{
		exchange("files.served", "GET /a.txt", ModeDefault,
			sendGET("/a.txt"), served("a.txt")),
		exchange("files.served", "GET /dir1/index.html by its own name", ModeDefault,
			sendGET("/dir1/index.html"), served("dir1/index.html")),
		customWithRequest("files.served", "GET /large.bin: every byte of a file of several MiB", ModeDefault,
			sendGET("/large.bin"), largeFileWhole),

		exchange("files.missing-404", "GET /missing.txt", ModeDefault,
			sendGET("/missing.txt"), fileNotFound()),
		exchange("files.missing-404", "GET /dir1/missing.html", ModeDefault,
			sendGET("/dir1/missing.html"), fileNotFound()),
		exchange("files.missing-404", "GET /missing/a.txt (no such directory)", ModeDefault,
			sendGET("/missing/a.txt"), fileNotFound()),

		exchange("files.headers", "GET /a.txt: the headers by name, case and order", ModeDefault,
			sendGET("/a.txt"),
			headerNames("Server", "Date", "Content-type", "Content-Length", "Last-Modified")),
		exchange("files.headers", "GET /a.txt: every byte", ModeDefault,
			sendGET("/a.txt"), fileResponse("a.txt", "text/plain", false)),
		exchange("files.headers", "HEAD /a.txt: the same headers and no body", ModeDefault,
			sendHEAD("/a.txt"), fileResponse("a.txt", "text/plain", true), closed()),
		customWithRequest("files.headers", "HEAD /large.bin: Content-Length is the size, no body", ModeDefault,
			sendHEAD("/large.bin"), largeFileHead),

		exchange("files.blank-line-then-contents", "GET /listdir/sub/inside.txt: every byte", ModeDefault,
			sendGET("/listdir/sub/inside.txt"), fileResponse("listdir/sub/inside.txt", "text/plain", false)),
		exchange("files.blank-line-then-contents", "GET /dir2/index.htm: every byte", ModeDefault,
			sendGET("/dir2/index.htm"), fileResponse("dir2/index.htm", "text/html", false)),

		customWithRequest("files.bytes-exact", "a .txt file with CRLF, a lone CR, bytes that are not UTF-8 and a NUL", ModeDefault,
			sendGET("/<scratch>/crlf.txt"), textFileUnchanged),

		exchange("files.last-modified-format", "GET /a.txt: the fixture's mtime", ModeDefault,
			sendGET("/a.txt"), header("Last-Modified", httpDate(mustFixture("a.txt").MTime))),
		exchange("files.last-modified-format", "GET /subsecond.txt: the mtime 0.75 s past the second is floored", ModeDefault,
			sendGET("/subsecond.txt"), header("Last-Modified", "Thu, 02 Jan 2020 03:04:05 GMT")).
			with(NeedFixture("subsecond.txt")),
		customWithRequest("files.last-modified-format", "a file last modified 1999-12-31 23:59:59.999 UTC", ModeDefault,
			sendGET("/<scratch>/old.txt"), lastModifiedOfOldFile),
		customWithRequest("files.last-modified-format", "GET /a.txt: the mtime on disk", ModeDefault,
			sendGET("/a.txt"), lastModifiedFromDisk),

		exchange("files.no-charset", "GET /a.txt is text/plain", ModeDefault,
			sendGET("/a.txt"), contentType("text/plain")),
		exchange("files.no-charset", "GET /dir1/index.html is text/html", ModeDefault,
			sendGET("/dir1/index.html"), contentType("text/html")),
		exchange("files.no-charset", "GET /mime/x.css is text/css", ModeDefault,
			sendGET("/mime/x.css"), contentType("text/css")),

		exchange("files.no-content-encoding", "GET /mime/x.gz", ModeDefault,
			sendGET("/mime/x.gz"), statusLine("HTTP/1.0 200 OK"), noHeader("Content-Encoding")),
		exchange("files.no-content-encoding", "GET /mime/x.txt.gz", ModeDefault,
			sendGET("/mime/x.txt.gz"), statusLine("HTTP/1.0 200 OK"), noHeader("Content-Encoding")),
		exchange("files.no-content-encoding", "GET /mime/x.tgz", ModeDefault,
			sendGET("/mime/x.tgz"), statusLine("HTTP/1.0 200 OK"), noHeader("Content-Encoding")),

		exchange("files.no-etag", "GET /a.txt", ModeDefault,
			sendGET("/a.txt"), statusLine("HTTP/1.0 200 OK"), noHeader("ETag"), noHeader("Accept-Ranges")),

		exchange("files.empty-file", "GET /empty.txt", ModeDefault,
			sendGET("/empty.txt"), fileResponse("empty.txt", "text/plain", false), closed()),
		exchange("files.empty-file", "HEAD /empty.txt", ModeDefault,
			sendHEAD("/empty.txt"), fileResponse("empty.txt", "text/plain", true), closed()),

		customWithRequest("files.length-at-open", "a file that grows while it is sent", ModeDefault,
			sendGET("/<scratch>/growing.bin"), growingFile),
	}
})

// largeOptions reads a body of size bytes whole. The exchange is not recorded: its transcript would
// hold megabytes; the case notes what it saw instead.
func largeOptions(c *Case, size int64) wire.Options {
	opts := c.Options()
	opts.MaxBodyBytes = int(size) + 1<<16
	return opts
}

// largeFileWhole fetches large.bin and compares its length and SHA-256 with fixtures.LargeContent:
// the body is streamed by copyfile until EOF (research §4.6).
func largeFileWhole(c *Case) {
	size := layoutOf(c).LargeFileSize
	res, err := wire.Exchange(c.Ctx, c.Target.Addr, []byte(sendGET("/large.bin")), largeOptions(c, size))
	c.Expect(err).NotTo(gomega.HaveOccurred(), "exchange with %s", c.Target.Addr)
	f := res.Final()
	c.Expect(f).NotTo(gomega.BeNil(), "no response to GET /large.bin (connection %s)", res.End)
	c.Note("status %q, headers %v, body %d bytes", f.StatusLine, f.HeaderNames(), len(f.Body))
	c.Expect(f.StatusLine).To(gomega.Equal("HTTP/1.0 200 OK"))
	c.Expect(f.Get("Content-Length")).To(gomega.Equal(strconv.FormatInt(size, 10)), "Content-Length of large.bin")
	c.Expect(int64(len(f.Body))).To(gomega.Equal(size), "bytes of body received")
	c.Expect(digest(bytes.NewReader(f.Body))).To(gomega.Equal(digest(fixtures.LargeContent(size))),
		"SHA-256 of the body against the fixture's content")
}

// largeFileHead asks for large.bin's headers only: HEAD sends GET's headers without the body (§4.4).
func largeFileHead(c *Case) {
	size := layoutOf(c).LargeFileSize
	res := c.Exchange(sendHEAD("/large.bin"))
	c.expectChecks(res,
		statusLine("HTTP/1.0 200 OK"),
		headerNames("Server", "Date", "Content-type", "Content-Length", "Last-Modified"),
		header("Content-Length", strconv.FormatInt(size, 10)),
		emptyBody(), closed())
}

func digest(r io.Reader) string {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "unreadable: " + err.Error()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// textFileUnchanged serves a text/plain file whose bytes text mode would alter: send_head opens every
// file with open(path, 'rb') whatever the documentation says of text mode (research §4.6).
func textFileUnchanged(c *Case) {
	urlDir, dir := scratchDir(c)
	scratchFile(c, dir, "crlf.txt", []byte(textFileContent))
	res := c.Exchange(sendGET(urlDir + "crlf.txt"))
	c.expectChecks(res,
		statusLine("HTTP/1.0 200 OK"),
		contentType("text/plain"),
		header("Content-Length", strconv.Itoa(len(textFileContent))),
		body(textFileContent))
}

// lastModifiedOfOldFile serves a file whose mtime is just before a second, a day, a month and a year
// boundary: formatdate floors it to 23:59:59 on Friday 31 December 1999 (research §4.6).
func lastModifiedOfOldFile(c *Case) {
	urlDir, dir := scratchDir(c)
	p := scratchFile(c, dir, "old.txt", []byte("old\n"))
	mtime := time.Date(1999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)
	c.Expect(os.Chtimes(p, mtime, mtime)).To(gomega.Succeed())
	res := c.Exchange(sendGET(urlDir + "old.txt"))
	c.expectChecks(res, statusLine("HTTP/1.0 200 OK"), header("Last-Modified", "Fri, 31 Dec 1999 23:59:59 GMT"))
}

// lastModifiedFromDisk compares Last-Modified with the mtime of the file the target serves, as the
// file system reports it (research §4.6: formatdate(st_mtime)).
func lastModifiedFromDisk(c *Case) {
	info, err := os.Stat(filepath.Join(layoutOf(c).DocRoot, "a.txt"))
	c.Expect(err).NotTo(gomega.HaveOccurred())
	res := c.Exchange(sendGET("/a.txt"))
	c.expectChecks(res, statusLine("HTTP/1.0 200 OK"), header("Last-Modified", httpDate(info.ModTime().Truncate(time.Second))))
}

// growingSize is large enough that the server cannot have read all of it into socket buffers while
// the client reads nothing: it must still be reading the file when the file grows.
const growingSize = 32 << 20

// growingFile starts a transfer of a large sparse file, reads the first bytes (so the server has
// opened the file and sent its headers), appends to the file, and reads the rest: send_head took
// Content-Length from fstat at open, and copyfile reads to EOF (research §4.6).
func growingFile(c *Case) {
	urlDir, dir := scratchDir(c)
	p := scratchFile(c, dir, "growing.bin", nil)
	c.Expect(os.Truncate(p, growingSize)).To(gomega.Succeed())
	const tail = "GROWN\n"

	opts := c.Options()
	opts.MaxReadBytes = 64 << 10
	conn, err := wire.Dial(c.Ctx, c.Target.Addr, opts)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "dial %s", c.Target.Addr)
	defer conn.Close()
	c.Expect(conn.Send([]byte(sendGET(urlDir + "growing.bin")))).To(gomega.Succeed())
	first, err := conn.ReadUntilClose()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	headEnd := bytes.Index(first.Bytes, []byte("\r\n\r\n"))
	c.Expect(headEnd).To(gomega.BeNumerically(">", 0), "the first %d bytes hold no end of headers: %q",
		len(first.Bytes), wire.Quote(first.Bytes[:min(len(first.Bytes), 300)]))
	head := string(first.Bytes[:headEnd])
	c.Note("headers: %q", head)
	c.Expect(head).To(gomega.ContainSubstring(fmt.Sprintf("\r\nContent-Length: %d", growingSize)))

	appendTo(c, p, tail)
	received, last := int64(len(first.Bytes)-headEnd-4), lastBytes(nil, first.Bytes, len(tail))
	for first.End == wire.Unknown {
		first, err = conn.ReadUntilClose()
		c.Expect(err).NotTo(gomega.HaveOccurred())
		received += int64(len(first.Bytes))
		last = lastBytes(last, first.Bytes, len(tail))
	}
	c.Note("body bytes received: %d; the connection %s", received, first.End)
	c.Expect(received).To(gomega.Equal(int64(growingSize+len(tail))), "body bytes: the size at open plus what was appended")
	c.Expect(string(last)).To(gomega.Equal(tail), "the body ends with the appended bytes")
}

// lastBytes keeps the last n bytes of what has been read so far.
func lastBytes(kept, more []byte, n int) []byte {
	all := append(append([]byte(nil), kept...), more[max(0, len(more)-n):]...)
	return all[max(0, len(all)-n):]
}

func appendTo(c *Case, path, text string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	_, err = f.WriteString(text)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(f.Close()).To(gomega.Succeed())
}
