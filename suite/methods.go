package suite

import (
	"strings"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for method dispatch: research §2.10 and §4.4, BaseHTTPRequestHandler.handle_one_request
// (getattr(self, 'do_' + command), case-sensitive) and SimpleHTTPRequestHandler.do_GET / do_HEAD.

// unsupported is the 501 reply to method on the server whose protocol_version is protocol: status
// line with the method's repr, the send_error headers in their order, the page, then close.
func unsupported(protocol, repr string) []Check {
	return []Check{
		statusLine(protocol + " 501 Unsupported method (" + repr + ")"),
		headerNames("Server", "Date", "Connection", "Content-Type", "Content-Length"),
		header("Connection", "close"), header("Content-Type", "text/html;charset=utf-8"),
		errorPageSays("Unsupported method (" + repr + ")"), framedByLength(), responses(1), closed(),
	}
}

// The file server's methods (§2.10).
var _ = register(func() []Spec {
	return []Spec{
		exchange("methods.simple-get-head", "GET /a.txt", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n", servedHello()...),
		exchange("methods.simple-get-head", "HEAD /a.txt", ModeDefault,
			"HEAD /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), header("Content-Length", "6"), emptyBody(), responses(1), closed()),
		exchange("methods.simple-get-head", "GET then HEAD on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\n\r\n"+thenHTTP10,
			statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), closed()),
		exchange("methods.simple-get-head", "HEAD on the HTTP/1.1 server", ModeHTTP11,
			"HEAD /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
			statusLine("HTTP/1.1 200 OK"), header("Content-Length", "6"), emptyBody(), responses(1), closed()),
		headLikeGet("/a.txt"),
		headLikeGet("/empty.txt"),
		headLikeGet("/dir1/"),
		headLikeGet("/emptydir/"),
		headLikeGet("/listdir/"),
		headLikeGet("/dir1"),
		headLikeGet("/dir1?x=1#f"),
	}
})

// Every other method gets 501, its name taken case-sensitively (§2.10).
var _ = register(func() []Spec {
	return []Spec{
		exchange("methods.unsupported-501", "POST", ModeDefault,
			"POST /a.txt HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello", unsupported("HTTP/1.0", "'POST'")...),
		exchange("methods.unsupported-501", "PUT", ModeDefault,
			"PUT /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'PUT'")...),
		exchange("methods.unsupported-501", "DELETE", ModeDefault,
			"DELETE /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'DELETE'")...),
		exchange("methods.unsupported-501", "OPTIONS *", ModeDefault,
			"OPTIONS * HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'OPTIONS'")...),
		exchange("methods.unsupported-501", "TRACE", ModeDefault,
			"TRACE / HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'TRACE'")...),
		exchange("methods.unsupported-501", "CONNECT host:443", ModeDefault,
			"CONNECT example.com:443 HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'CONNECT'")...),
		exchange("methods.unsupported-501", "FOO", ModeDefault,
			"FOO /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'FOO'")...),
		exchange("methods.unsupported-501", "PATCH on the HTTP/1.1 server", ModeHTTP11,
			"PATCH /a.txt HTTP/1.1\r\n\r\n"+thenHTTP10, unsupported("HTTP/1.1", "'PATCH'")...),
		exchange("methods.unsupported-501", "FOO for a missing file: the method is judged first", ModeDefault,
			"FOO /missing.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'FOO'")...),
		exchange("methods.case-sensitive", "get", ModeDefault,
			"get /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'get'")...),
		exchange("methods.case-sensitive", "Get", ModeDefault,
			"Get /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'Get'")...),
		exchange("methods.case-sensitive", "GETs", ModeDefault,
			"GETs /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'GETs'")...),
		exchange("methods.case-sensitive", "head", ModeDefault,
			"head /a.txt HTTP/1.0\r\n\r\n", unsupported("HTTP/1.0", "'head'")...),
		exchange("methods.case-sensitive", "hEAD on the HTTP/1.1 server", ModeHTTP11,
			"hEAD /a.txt HTTP/1.1\r\n\r\n", unsupported("HTTP/1.1", "'hEAD'")...),
	}
})

// The 501's message: repr in the reason phrase, escaped in the page (§2.10, §3.4).
var _ = register(func() []Spec {
	return []Spec{
		exchange("methods.501-reason-raw-body-escaped", "<b>X", ModeDefault,
			"<b>X /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 501 Unsupported method ('<b>X')"),
			errorPageSays("Unsupported method ('&lt;b&gt;X')"), closed()),
		exchange("methods.501-reason-raw-body-escaped", "A&B", ModeDefault,
			"A&B /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 501 Unsupported method ('A&B')"),
			errorPageSays("Unsupported method ('A&amp;B')"), closed()),
		exchange("methods.501-reason-raw-body-escaped", `X"Y: quotes are not escaped`, ModeDefault,
			"X\"Y /a.txt HTTP/1.0\r\n\r\n",
			statusLine(`HTTP/1.0 501 Unsupported method ('X"Y')`),
			errorPageSays(`Unsupported method ('X"Y')`), closed()),
		exchange("methods.501-reason-raw-body-escaped", "a'b: repr switches to double quotes", ModeDefault,
			"a'b /a.txt HTTP/1.0\r\n\r\n",
			statusLine(`HTTP/1.0 501 Unsupported method ("a'b")`),
			errorPageSays(`Unsupported method ("a'b")`), closed()),
		exchange("methods.501-reason-raw-body-escaped", "0xE9 T: Latin-1 in the reason, UTF-8 in the page", ModeDefault,
			"\xe9T /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 501 Unsupported method ('\xe9T')"),
			errorPageSays("Unsupported method ('\u00e9T')"), closed()),
		exchange("methods.501-reason-raw-body-escaped", "<b>\\x1b: the repr escape survives in both", ModeDefault,
			"<b>\x1b /a.txt HTTP/1.0\r\n\r\n",
			statusLine(`HTTP/1.0 501 Unsupported method ('<b>\x1b')`),
			errorPageSays(`Unsupported method ('&lt;b&gt;\x1b')`), closed()),
		exchange("methods.no-allow-header", "PUT", ModeDefault,
			"PUT /a.txt HTTP/1.0\r\n\r\n", status(501), noHeader("Allow")),
		exchange("methods.no-allow-header", "OPTIONS *", ModeDefault,
			"OPTIONS * HTTP/1.0\r\n\r\n", status(501), noHeader("Allow")),
		exchange("methods.no-allow-header", "OPTIONS / on the HTTP/1.1 server", ModeHTTP11,
			"OPTIONS / HTTP/1.1\r\n\r\n", status(501), noHeader("Allow")),
	}
})

// headLikeGet: HEAD of path gets the status line and headers GET gets (Date aside, which may tick),
// in the same order, and no body (research §4.4).
func headLikeGet(path string) Spec {
	get, head := "GET "+path+" HTTP/1.0\r\n\r\n", "HEAD "+path+" HTTP/1.0\r\n\r\n"
	return custom("methods.head-same-headers-as-get", "HEAD "+path+" and GET "+path, ModeDefault, func(c *Case) {
		g, h := c.Exchange(get).Final(), c.Exchange(head).Final()
		c.Expect(g).NotTo(gomega.BeNil(), "no answer to GET")
		c.Expect(h).NotTo(gomega.BeNil(), "no answer to HEAD")
		c.Expect(h.StatusLine).To(gomega.Equal(g.StatusLine))
		c.Expect(headLinesButDate(h)).To(gomega.Equal(headLinesButDate(g)))
		c.Expect(h.Body).To(gomega.BeEmpty(), "HEAD got a body")
	}).showing(head)
}

func headLinesButDate(r *wire.Response) string {
	var lines []string
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "Date") {
			lines = append(lines, "Date: <DATE>")
			continue
		}
		lines = append(lines, h.Line)
	}
	return strings.Join(lines, "\n")
}
