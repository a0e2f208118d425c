package suite

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for persistent connections: research §2.8 (every row of its table, for both protocol
// settings) and §2.11, BaseHTTPRequestHandler.handle and parse_request's close_connection.
//
// A connection that stays open is proved by a request that follows on it (thenHTTP10, see
// headers.go) being answered; one that closes, by the close itself. Neither needs a quiet wait.

const (
	aTxtMTime = "Thu, 02 Jan 2020 03:04:05 GMT"
	dir1Index = "<p>dir1 index.html</p>\n"
)

// The HTTP/1.0 server (the CLI default): close after every response (§2.8, first row).
var _ = register(func() []Spec {
	return []Spec{
		exchange("persistence.http10-server-closes", "an HTTP/1.1 request, then another", ModeDefault,
			"GET /a.txt HTTP/1.1\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.0 200 OK"), body("hello\n"), closed()),
		exchange("persistence.http10-server-closes", "an HTTP/1.0 request, then another", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.0 200 OK"), closed()),
		exchange("persistence.http10-server-closes", "an HTTP/1.2 request", ModeDefault,
			"GET /a.txt HTTP/1.2\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.0 200 OK"), closed()),
		exchange("persistence.keep-alive-ignored-http10-server", "HTTP/1.0 with Connection: keep-alive", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.0 200 OK"), noHeader("Connection"), closed()),
		exchange("persistence.keep-alive-ignored-http10-server", "HTTP/1.1 with Connection: keep-alive", ModeDefault,
			"GET /a.txt HTTP/1.1\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.0 200 OK"), closed()),
		exchange("persistence.keep-alive-ignored-http10-server", "a two-word GET with Connection: keep-alive", ModeDefault,
			"GET /a.txt\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			headerless("hello\n"), closed()),
	}
})

// The HTTP/1.1 server: which requests keep the connection (§2.8).
var _ = register(func() []Spec {
	return []Spec{
		talk("persistence.http11-keeps-open", "GET /a.txt HTTP/1.1, read the answer, then a second request", ModeHTTP11,
			ask("GET /a.txt HTTP/1.1\r\n\r\n", statusLine("HTTP/1.1 200 OK"), body("hello\n")),
			ask("GET /dir1/ HTTP/1.1\r\nConnection: close\r\n\r\n", statusLine("HTTP/1.1 200 OK"), body(dir1Index), closed())),
		talk("persistence.handle-repeats", "four requests, each sent after the previous answer", ModeHTTP11,
			ask("GET /a.txt HTTP/1.1\r\n\r\n", statusLine("HTTP/1.1 200 OK"), body("hello\n")),
			ask("HEAD /a.txt HTTP/1.1\r\n\r\n", statusLine("HTTP/1.1 200 OK"), header("Content-Length", "6"), emptyBody()),
			ask("GET /dir1/ HTTP/1.1\r\n\r\n", statusLine("HTTP/1.1 200 OK"), body(dir1Index)),
			ask("GET /empty.txt HTTP/1.0\r\n\r\n", statusLine("HTTP/1.1 200 OK"), header("Content-Length", "0"), closed())),
		exchange("persistence.http11-numeric-version", "HTTP/1.2", ModeHTTP11,
			"GET /a.txt HTTP/1.2\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http11-numeric-version", "HTTP/1.10", ModeHTTP11,
			"GET /a.txt HTTP/1.10\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http11-numeric-version", "HTTP/01.01", ModeHTTP11,
			"GET /a.txt HTTP/01.01\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http11-numeric-version", "HTTP/1.9", ModeHTTP11,
			"GET /a.txt HTTP/1.9\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http11-connection-close-exact", "HTTP/1.1 with Connection: close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("persistence.http11-connection-close-exact", "HTTP/1.1 with Connection: CLOSE", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: CLOSE\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("persistence.http11-connection-close-exact", "HTTP/1.1 with Connection: cLoSe", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: cLoSe\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("persistence.connection-token-list-ignored", "Connection: close, foo", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close, foo\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.connection-token-list-ignored", "Connection: foo, close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: foo, close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.connection-token-list-ignored", "Connection: close,close", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close,close\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http10-request-closes", "HTTP/1.0, then another request", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("persistence.http10-request-closes", "HTTP/1.0 with Connection: foo", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\nConnection: foo\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("persistence.http10-request-closes", "HTTP/0.8", ModeHTTP11,
			"GET /a.txt HTTP/0.8\r\n\r\n"+thenHTTP10, closedAfterOne()...),
		exchange("persistence.http10-keep-alive-honoured", "HTTP/1.0 with Connection: keep-alive", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			append(keptOpen(), nthResponse(1, noHeader("Connection"), noHeader("Keep-Alive")))...),
		exchange("persistence.http10-keep-alive-honoured", "HTTP/1.0 with Connection: KEEP-ALIVE", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\nConnection: KEEP-ALIVE\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http10-keep-alive-honoured", "HTTP/1.0 with connection: Keep-Alive", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n"+thenHTTP10, keptOpen()...),
		exchange("persistence.http09-keep-alive-honoured", "GET /a.txt with Connection: keep-alive, then a request", ModeHTTP11,
			"GET /a.txt\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			exactly("hello\nHTTP/1.1 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\nContent-type: text/plain\r\n"+
				"Content-Length: 6\r\nLast-Modified: "+aTxtMTime+"\r\n\r\nhello\n"),
			closed()),
	}
})

// Errors, and which responses carry a Connection header (§2.8, §3.3).
var _ = register(func() []Spec {
	return []Spec{
		exchange("persistence.error-closes", "404 on HTTP/1.1", ModeHTTP11,
			"GET /missing.txt HTTP/1.1\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 404 File not found"), header("Connection", "close"), closed()),
		exchange("persistence.error-closes", "501 on HTTP/1.1", ModeHTTP11,
			"PUT /a.txt HTTP/1.1\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 501 Unsupported method ('PUT')"), header("Connection", "close"), closed()),
		exchange("persistence.error-closes", "404 on HTTP/1.0 with Connection: keep-alive", ModeHTTP11,
			"GET /missing.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 404 File not found"), header("Connection", "close"), closed()),
		exchange("persistence.error-closes", "431 on HTTP/1.1", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n"+headerLines(100)+"\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 431 Too many headers"), header("Connection", "close"), closed()),
		exchange("persistence.error-closes", "404 on the HTTP/1.0 server", ModeDefault,
			"GET /missing.txt HTTP/1.1\r\n\r\n",
			statusLine("HTTP/1.0 404 File not found"), header("Connection", "close"), closed()),
		exchange("persistence.no-connection-header-on-success", "a file on the HTTP/1.0 server", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), noHeader("Connection")),
		exchange("persistence.no-connection-header-on-success", "a file, with Connection: close, on HTTP/1.1", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
			statusLine("HTTP/1.1 200 OK"), noHeader("Connection"), closed()),
		exchange("persistence.no-connection-header-on-success", "a listing kept open on HTTP/1.1", ModeHTTP11,
			"GET /emptydir/ HTTP/1.1\r\n\r\n"+thenHTTP10,
			nthResponse(1, status(200), noHeader("Connection")), nthResponse(2, noHeader("Connection")), closed()),
		exchange("persistence.no-connection-header-on-success", "a redirect on the HTTP/1.0 server", ModeDefault,
			"GET /dir1 HTTP/1.0\r\n\r\n",
			status(301), noHeader("Connection"), closed()),
		exchange("persistence.no-connection-header-on-success", "HEAD on the HTTP/1.0 server", ModeDefault,
			"HEAD /dir1/ HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), noHeader("Connection")),
	}
})

// Redirects and 304 on a kept connection (§2.8, §4.3).
var _ = register(func() []Spec {
	return []Spec{
		exchange("persistence.redirect-keeps-open-framed", "GET /dir1 HTTP/1.1, then a request", ModeHTTP11,
			"GET /dir1 HTTP/1.1\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"),
			nthResponse(1, header("Location", "/dir1/"), header("Content-Length", "0"), emptyBody()),
			nthResponse(2, body("hello\n")), closed()),
		custom("persistence.redirect-keeps-open-unframed", "GET /dir1 HTTP/1.1: no length, yet the connection stays", ModeHTTP11,
			unframedRedirect).showing("GET /dir1 HTTP/1.1\r\n\r\n" + thenHTTP10),
		exchange("persistence.not-modified-keeps-open", "If-Modified-Since on HTTP/1.1, then a request", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nIf-Modified-Since: "+aTxtMTime+"\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 304 Not Modified", "HTTP/1.1 200 OK"),
			nthResponse(1, headerNames("Server", "Date")), nthResponse(2, body("hello\n")), closed()),
	}
})

// unframedRedirect: before bpo-43972 the 301 has no Content-Length, so only silence ends it; the
// connection is still open afterwards and answers the next request.
func unframedRedirect(c *Case) {
	conn := c.Dial()
	c.Expect(conn.Send([]byte("GET /dir1 HTTP/1.1\r\n\r\n"))).To(gomega.Succeed())
	got, err := conn.ReadQuiet(c.Config.Quiet)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(got.End).To(gomega.Equal(wire.Open), "the connection should stay open after the 301")
	r, rest := wire.ParseResponse(got.Bytes, "GET")
	c.Expect(r).NotTo(gomega.BeNil(), "no response to GET /dir1")
	c.Expect(r.StatusLine).To(gomega.Equal("HTTP/1.1 301 Moved Permanently"))
	c.Expect(r.Get("Location")).To(gomega.Equal("/dir1/"))
	_, hasLength := r.Lookup("Content-Length")
	c.Expect(hasLength).To(gomega.BeFalse(), "the 301 has a Content-Length: %s", r.Get("Content-Length"))
	c.Expect(rest).To(gomega.BeEmpty())
	c.Expect(conn.Send([]byte(thenHTTP10))).To(gomega.Succeed())
	res, err := readAnswers(conn, "GET", c.Config.Quiet)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(res).To(statusLine("HTTP/1.1 200 OK"))
	c.Expect(res).To(closed())
}

// Pipelining, and bytes the server never reads as a body (§2.11).
var _ = register(func() []Spec {
	return []Spec{
		exchange("persistence.pipelined-in-order", "four GETs in one write", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n\r\nGET /dir1/ HTTP/1.1\r\n\r\nGET /dir2/ HTTP/1.1\r\n\r\n"+
				"GET /empty.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
			responses(4), nthResponse(1, body("hello\n")), nthResponse(2, body(dir1Index)),
			nthResponse(3, body("<p>dir2 index.htm</p>\n")), nthResponse(4, header("Content-Length", "0")), closed()),
		exchange("persistence.pipelined-in-order", "three HEADs in one write", ModeHTTP11,
			"HEAD /a.txt HTTP/1.1\r\n\r\nHEAD /dir1/ HTTP/1.1\r\n\r\nHEAD /empty.txt HTTP/1.0\r\n\r\n",
			responses(3), nthResponse(1, header("Content-Length", "6")),
			nthResponse(2, header("Content-Length", fmt.Sprint(len(dir1Index)))),
			nthResponse(3, header("Content-Length", "0")), closed()),
		exchange("persistence.close-drops-pipelined", "HTTP/1.0, then an HTTP/1.1 request", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\n\r\nGET /dir1/ HTTP/1.1\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK"), body("hello\n"), closed()),
		exchange("persistence.close-drops-pipelined", "a 404, then a request", ModeHTTP11,
			"GET /missing.txt HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 404 File not found"), closed()),
		exchange("persistence.close-drops-pipelined", "Connection: close, then a request", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\nGET /dir1/ HTTP/1.1\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK"), body("hello\n"), closed()),
		exchange("persistence.close-drops-pipelined", "two requests to the HTTP/1.0 server", ModeDefault,
			"GET /a.txt HTTP/1.1\r\n\r\nGET /dir1/ HTTP/1.1\r\n\r\n",
			statusLinesInOrder("HTTP/1.0 200 OK"), body("hello\n"), closed()),
		exchange("persistence.blank-line-drops-pipelined", "an extra CRLF between two requests", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n\r\n\r\nGET /dir1/ HTTP/1.1\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK"), body("hello\n"), closed()),
		exchange("persistence.blank-line-drops-pipelined", "an extra LF between two requests", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n\r\n\nGET /dir1/ HTTP/1.1\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK"), closed()),
		exchange("persistence.body-not-consumed", "a GET whose 23-byte body is a request", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nContent-Length: 23\r\n\r\nGET /dir1/ HTTP/1.0\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"),
			nthResponse(1, body("hello\n")), nthResponse(2, body(dir1Index)), closed()),
		exchange("persistence.body-not-consumed", "a HEAD whose body is a request", ModeHTTP11,
			"HEAD /a.txt HTTP/1.1\r\nContent-Length: 24\r\n\r\nHEAD /dir1/ HTTP/1.0\r\n\r\n",
			responses(2), nthResponse(2, header("Content-Length", fmt.Sprint(len(dir1Index)))), closed()),
		exchange("persistence.transfer-encoding-ignored", "a chunked GET: the chunk size is read as a request line", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
			responses(2), nthResponse(1, statusLine("HTTP/1.1 200 OK"), body("hello\n")),
			nthResponse(2, headerlessContaining("<p>Message: Bad request syntax ('5').</p>")), closed()),
		exchange("persistence.transfer-encoding-ignored", "a chunked GET whose chunk is a request", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nGET /dir1/ HTTP/1.0\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), nthResponse(2, body(dir1Index)), closed()),
	}
})

// Unread input at close (§1.4): the response comes whole, whatever the kernel does with the bytes
// the server never read; the report notes whether it was a close or a reset.
var _ = register(func() []Spec {
	return []Spec{
		unreadInput("a 414 with 100000 more bytes after the line",
			requestLineOf(65537)+strings.Repeat("y", 100000),
			status(414), framedByLength()),
		unreadInput("a POST with a 200000-byte body",
			"POST /a.txt HTTP/1.0\r\nContent-Length: 200000\r\n\r\n"+strings.Repeat("z", 200000),
			status(501), framedByLength()),
	}
})

func unreadInput(name, request string, checks ...Check) Spec {
	return custom("persistence.unread-input-reset", name, ModeDefault, func(c *Case) {
		res := c.Exchange(request)
		for _, k := range append(checks, responses(1), closed()) {
			c.Expect(res).To(k)
		}
		c.Note("after the response the connection %s", endState(res))
	}).showing(request)
}

// No timeouts (§1.2): the two quiet waits of this area.
var _ = register(func() []Spec {
	return []Spec{
		silenceFirst("persistence.no-idle-timeout", "a request without its blank line is held, then completed", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nHost: x\r\n", "\r\n", append(servedHello(), closed())...),
		custom("persistence.no-idle-timeout", "an idle HTTP/1.1 connection still answers after a pause", ModeHTTP11,
			idleThenRequest).showing("GET /a.txt HTTP/1.1\r\n\r\n" + thenHTTP10),
	}
})

// idleThenRequest: after an answer on a kept connection the server waits, silent, for as long as the
// client does, then answers the next request.
func idleThenRequest(c *Case) {
	conn := c.Dial()
	c.Expect(conn.Send([]byte("GET /a.txt HTTP/1.1\r\n\r\n"))).To(gomega.Succeed())
	first, err := conn.ReadResponse("GET")
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(first.StatusLine).To(gomega.Equal("HTTP/1.1 200 OK"))
	idle, err := conn.ReadQuiet(c.Config.Quiet)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(idle.Bytes).To(gomega.BeEmpty())
	c.Expect(idle.End).To(gomega.Equal(wire.Open), "the server ended an idle connection after %s", c.Config.Quiet)
	c.Expect(conn.Send([]byte(thenHTTP10))).To(gomega.Succeed())
	res, err := readAnswers(conn, "GET", c.Config.Quiet)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(res).To(statusLine("HTTP/1.1 200 OK"))
	c.Expect(res).To(closed())
}
