package suite

import (
	"fmt"
	"strings"
)

// Specs for the header block: research §2.7 and §2.12, http.client.parse_headers (_MAXLINE = 65536,
// _MAXHEADERS = 100) and the email parser behind it.
//
// Most header quirks only show through what a header changes. On the HTTP/1.1 server that is whether
// the connection stays open, which these specs prove without waiting: an HTTP/1.0 request follows in
// the same write, and it is answered only if the connection stayed open.

// headerLineOf is "X-Pad: xxx…\r\n", exactly total bytes long with its CRLF, or with eol instead.
func headerLineOf(total int, eol string) string {
	const name = "X-Pad: "
	return name + strings.Repeat("x", total-len(name)-len(eol)) + eol
}

// headerLines is n distinct header lines "X-n: n\r\n".
func headerLines(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "X-%d: %d\r\n", i, i)
	}
	return b.String()
}

// linesOf is n copies of line.
func linesOf(n int, line string) string { return strings.Repeat(line, n) }

// thenHTTP10 is the request that follows on the same connection to show whether it stayed open.
const thenHTTP10 = "GET /a.txt HTTP/1.0\r\n\r\n"

// keptOpen: the HTTP/1.1 server answered the request and then thenHTTP10, and closed after it.
func keptOpen() []Check {
	return []Check{statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), closed()}
}

// closedAfterOne: the HTTP/1.1 server answered the request only, and closed the connection.
func closedAfterOne() []Check {
	return []Check{statusLinesInOrder("HTTP/1.1 200 OK"), closed()}
}

// The limits (§2.7).
var _ = register(func() []Spec {
	return []Spec{
		exchange("headers.line-max-length-accepted", "a 65536-byte header line (CRLF included)", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLineOf(65536, "\r\n")+"\r\n", servedHello()...),
		exchange("headers.line-max-length-accepted", "a 65536-byte header line ending in a bare LF", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLineOf(65536, "\n")+"\r\n", servedHello()...),
		exchange("headers.line-too-long-431", "a 65537-byte header line", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLineOf(65537, "\r\n")+"\r\n",
			statusLine("HTTP/1.0 431 Line too long"), header("Connection", "close"),
			bodyContains("got more than 65536 bytes when reading header line"), closed()),
		exchange("headers.line-too-long-431", "a 65537-byte header line ending in a bare LF", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLineOf(65537, "\n")+"\r\n",
			statusLine("HTTP/1.0 431 Line too long"), closed()),
		exchange("headers.line-too-long-431", "a 65537-byte line after 98 short ones", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLines(98)+headerLineOf(65537, "\r\n")+"\r\n",
			statusLine("HTTP/1.0 431 Line too long"), closed()),
		exchange("headers.99-lines-accepted", "99 header lines", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLines(99)+"\r\n", servedHello()...),
		exchange("headers.99-lines-accepted", "99 header lines, then EOF instead of a blank line", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLines(99),
			servedHello()...).halfClosed(),
		exchange("headers.100-lines-431", "100 header lines", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLines(100)+"\r\n",
			statusLine("HTTP/1.0 431 Too many headers"), header("Connection", "close"),
			bodyContains("got more than 100 headers"), closed()),
		exchange("headers.100-lines-431", "100 header lines, then EOF", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLines(100),
			statusLine("HTTP/1.0 431 Too many headers"), closed()).halfClosed(),
		exchange("headers.100-lines-431", "one header and 99 continuation lines", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nX-Folded: a\r\n"+linesOf(99, " b\r\n")+"\r\n",
			statusLine("HTTP/1.0 431 Too many headers"), closed()),
		exchange("headers.100-lines-431", "100 lines without a colon", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+linesOf(100, "junk\r\n")+"\r\n",
			statusLine("HTTP/1.0 431 Too many headers"), closed()),
		exchange("headers.431-framed-after-version", "100 header lines after an HTTP/1.0 line", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+headerLines(100)+"\r\n",
			headerNames("Server", "Date", "Connection", "Content-Type", "Content-Length"),
			header("Content-Type", "text/html;charset=utf-8"), errorPageSays("Too many headers"), responses(1)),
		exchange("headers.431-framed-after-version", "on the HTTP/1.1 server the status line says HTTP/1.1", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\n"+headerLineOf(65537, "\r\n")+"\r\n",
			statusLine("HTTP/1.1 431 Line too long"),
			headerNames("Server", "Date", "Connection", "Content-Type", "Content-Length"), closed()),
		exchange("headers.431-http09-headerless", "100 header lines after GET /a.txt", ModeDefault,
			"GET /a.txt\r\n"+headerLines(100)+"\r\n", bareErrorPage(431, "Too many headers")...),
		exchange("headers.431-http09-headerless", "a 65537-byte header line after GET /a.txt", ModeDefault,
			"GET /a.txt\r\n"+headerLineOf(65537, "\r\n")+"\r\n", bareErrorPage(431, "Line too long")...),
		exchange("headers.431-head-no-body", "HEAD with 100 header lines", ModeDefault,
			"HEAD /a.txt HTTP/1.0\r\n"+headerLines(100)+"\r\n",
			statusLine("HTTP/1.0 431 Too many headers"), header("Content-Type", "text/html;charset=utf-8"),
			positiveContentLength(), emptyBody(), responses(1), closed()),
		exchange("headers.431-head-no-body", "HEAD with a 65537-byte header line", ModeDefault,
			"HEAD /a.txt HTTP/1.0\r\n"+headerLineOf(65537, "\r\n")+"\r\n",
			statusLine("HTTP/1.0 431 Line too long"), emptyBody(), responses(1), closed()),
	}
})

// Where the block ends, and how the email parser reads it (§2.7).
var _ = register(func() []Spec {
	return []Spec{
		exchange("headers.end-at-blank-line", "a bare LF ends the block", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nHost: x\r\n\n", servedHello()...),
		exchange("headers.end-at-blank-line", "EOF ends the block", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nHost: x\r\n", append(servedHello(), closed())...).halfClosed(),
		exchange("headers.end-at-blank-line", "Host: x CR CR LF is a header line; the CRLF after it ends the block", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nHost: x\r\r\n\r\n", servedHello()...),
		exchange("headers.end-at-blank-line", "CR CR LF is not the end: the next request line is read as a header", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n\r\r\nGET /missing.txt HTTP/1.1\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), closed()),
		exchange("headers.name-case-insensitive", "CONNECTION: Close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nCONNECTION: Close\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("headers.name-case-insensitive", "connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nconnection: close\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("headers.name-case-insensitive", "EXPECT: 100-continue", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nEXPECT: 100-continue\r\nConnection: close\r\n\r\n",
			continue100("HTTP/1.1"), statusLine("HTTP/1.1 200 OK")),
		exchange("headers.first-occurrence-wins", "Connection: keep-alive, then Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.first-occurrence-wins", "Connection: close, then Connection: keep-alive", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("headers.first-occurrence-wins", "HTTP/1.0 with keep-alive, then close", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.host-not-required", "HTTP/1.1 without Host on the HTTP/1.0 server", ModeDefault,
			"GET /a.txt HTTP/1.1\r\n\r\n", servedHello()...),
		exchange("headers.host-not-required", "HTTP/1.1 without Host on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
			statusLine("HTTP/1.1 200 OK"), body("hello\n"), closed()),
		exchange("headers.non-header-line-ends-parsing", "foo bar, then Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nfoo bar\r\nConnection: close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.non-header-line-ends-parsing", "Connection : close (space before the colon)", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection : close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.non-header-line-ends-parsing", "X: y, foo bar, then Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nX: y\r\nfoo bar\r\nConnection: close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.leading-whitespace-line-dropped", "' x' as the first line, then Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n x\r\nConnection: close\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("headers.leading-whitespace-line-dropped", "a tab-led first line, then Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n\tConnection: keep-alive\r\nConnection: close\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("headers.from-line-skipped", "From nobody as the first line, then Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nFrom nobody Thu Jan  2 03:04:05 2020\r\nConnection: close\r\n\r\n"+thenHTTP10,
			closedAfterOne()...),
		exchange("headers.folded-value-kept", "Connection: CRLF SP close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection:\r\n close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.folded-value-kept", "Connection: close CRLF TAB x", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\r\n\tx\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.trailing-spaces-kept", "Connection: close and two spaces", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close  \r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.trailing-spaces-kept", "Connection: close and a tab", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\t\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("headers.bare-cr-line-break", "X: a CR Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nX: a\rConnection: close\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("headers.range-ignored", "Range: bytes=0-1", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nRange: bytes=0-1\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), header("Content-Length", "6"), body("hello\n"),
			noHeader("Accept-Ranges"), noHeader("Content-Range")),
		exchange("headers.range-ignored", "Range: bytes=100- (unsatisfiable)", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nRange: bytes=100-\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), body("hello\n"), noHeader("Accept-Ranges"), noHeader("Content-Range")),
		exchange("headers.range-ignored", "Range with If-Range", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nRange: bytes=-2\r\nIf-Range: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), body("hello\n"), noHeader("Accept-Ranges")),
	}
})
