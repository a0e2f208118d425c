package suite

import (
	"strings"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for Expect: 100-continue: research §2.9, parse_request's Expect check and
// handle_expect_100. Every rule of §2.9: the value (case-insensitive, exact, first header), the
// server's protocol, the request's version compared as a string, the moment (after the headers,
// before dispatch, with or without a body), the bytes, the log, and the absence of 417.

// expecting is "METHOD PATH VERSION" with Expect: value and Connection: close, so the server closes
// after its final answer instead of making the exchange wait for silence.
func expecting(requestLine, value string) string {
	return requestLine + "\r\nExpect: " + value + "\r\nConnection: close\r\n\r\n"
}

// continuedThen: the interim 100 Continue of the HTTP/1.1 server, then the final response whose
// status line is final, then close.
func continuedThen(final string) []Check {
	return []Check{continue100("HTTP/1.1"), responses(1), statusLine(final), closed()}
}

// notContinued: no interim response, one final response with this status line, then close.
func notContinued(final string) []Check {
	return []Check{no100(), responses(1), statusLine(final), closed()}
}

// When it is sent, and its bytes (§2.9).
var _ = register(func() []Spec {
	return []Spec{
		exchange("expect.100-continue-sent", "GET /a.txt HTTP/1.1 with Expect: 100-continue", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-continue"),
			append(continuedThen("HTTP/1.1 200 OK"), body("hello\n"))...),
		exchange("expect.100-continue-sent", "the whole answer, byte for byte", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-continue"),
			exactly("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\n"+
				"Content-type: text/plain\r\nContent-Length: 6\r\nLast-Modified: "+aTxtMTime+"\r\n\r\nhello\n")),
		exchange("expect.100-continue-sent", "a GET announcing a body that is never sent", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n",
			continuedThen("HTTP/1.1 200 OK")...),
		exchange("expect.interim-status-line-only", "GET: the interim is the status line and a blank line", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-continue"),
			continue100("HTTP/1.1"), firstResponseHeaders()),
		exchange("expect.interim-status-line-only", "HEAD: the interim is the status line and a blank line", ModeHTTP11,
			expecting("HEAD /a.txt HTTP/1.1", "100-continue"),
			continue100("HTTP/1.1"), firstResponseHeaders(), statusLine("HTTP/1.1 200 OK"), emptyBody()),
		exchange("expect.sent-without-body", "a GET without Content-Length", ModeHTTP11,
			expecting("GET /dir1/ HTTP/1.1", "100-continue"),
			append(continuedThen("HTTP/1.1 200 OK"), body(dir1Index))...),
		exchange("expect.sent-without-body", "a HEAD", ModeHTTP11,
			expecting("HEAD /a.txt HTTP/1.1", "100-continue"),
			continue100("HTTP/1.1"), statusLine("HTTP/1.1 200 OK"), header("Content-Length", "6"), closed()),
		exchange("expect.before-dispatch", "POST to the file server: 100, then 501", ModeHTTP11,
			"POST /a.txt HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
			continuedThen("HTTP/1.1 501 Unsupported method ('POST')")...),
		exchange("expect.before-dispatch", "a missing file: 100, then 404", ModeHTTP11,
			expecting("GET /missing.txt HTTP/1.1", "100-continue"),
			continuedThen("HTTP/1.1 404 File not found")...),
		exchange("expect.before-dispatch", "an unknown method: 100, then 501", ModeHTTP11,
			expecting("FOO /a.txt HTTP/1.1", "100-continue"),
			continuedThen("HTTP/1.1 501 Unsupported method ('FOO')")...),
		exchange("expect.before-dispatch", "a directory without slash: 100, then 301", ModeHTTP11,
			expecting("GET /dir1 HTTP/1.1", "100-continue"),
			continue100("HTTP/1.1"), statusLine("HTTP/1.1 301 Moved Permanently")),
	}
})

// Which values and versions qualify (§2.9).
var _ = register(func() []Spec {
	return []Spec{
		exchange("expect.value-case-insensitive-exact", "Expect: 100-CONTINUE", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-CONTINUE"), continuedThen("HTTP/1.1 200 OK")...),
		exchange("expect.value-case-insensitive-exact", "Expect: 100-Continue", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-Continue"), continuedThen("HTTP/1.1 200 OK")...),
		exchange("expect.value-case-insensitive-exact", "Expect:100-continue (no space)", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nExpect:100-continue\r\nConnection: close\r\n\r\n",
			continuedThen("HTTP/1.1 200 OK")...),
		exchange("expect.value-case-insensitive-exact", "Expect: 100-continue, x", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-continue, x"), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.value-case-insensitive-exact", "Expect: 100-continue and a trailing space", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-continue "), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.value-case-insensitive-exact", "Expect: 100 continue", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100 continue"), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.value-case-insensitive-exact", "Expect: foo, then Expect: 100-continue (the first counts)", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nExpect: foo\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
			notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.never-on-http10-server", "HTTP/1.1 with Expect: 100-continue", ModeDefault,
			"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", notContinued("HTTP/1.0 200 OK")...),
		exchange("expect.never-on-http10-server", "POST with Expect: 100-continue", ModeDefault,
			"POST /a.txt HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
			notContinued("HTTP/1.0 501 Unsupported method ('POST')")...),
		exchange("expect.not-for-http10-request", "HTTP/1.0 with Expect: 100-continue on the HTTP/1.1 server", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.0", "100-continue"), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.not-for-http10-request", "HTTP/1.0 with Expect and keep-alive on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\nExpect: 100-continue\r\nConnection: keep-alive\r\n\r\n"+thenHTTP10,
			no100(), statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), closed()),
		exchange("expect.not-for-http10-request", "HTTP/1.0 with Expect: 100-continue on the HTTP/1.0 server", ModeDefault,
			"GET /a.txt HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", notContinued("HTTP/1.0 200 OK")...),
		exchange("expect.version-string-comparison", "HTTP/1.10", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.10", "100-continue"), continuedThen("HTTP/1.1 200 OK")...),
		exchange("expect.version-string-comparison", "HTTP/1.2", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.2", "100-continue"), continuedThen("HTTP/1.1 200 OK")...),
		exchange("expect.version-string-comparison", "HTTP/01.01", ModeHTTP11,
			expecting("GET /a.txt HTTP/01.01", "100-continue"), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.version-string-comparison", "HTTP/1.01", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.01", "100-continue"), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.never-417", "Expect: something-else", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "something-else"), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.never-417", "an empty Expect", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", ""), notContinued("HTTP/1.1 200 OK")...),
		exchange("expect.never-417", "Expect: 200-ok on the HTTP/1.0 server", ModeDefault,
			"GET /a.txt HTTP/1.1\r\nExpect: 200-ok\r\n\r\n", notContinued("HTTP/1.0 200 OK")...),
	}
})

// The log (§2.9, §6.1).
var _ = register(func() []Spec {
	return []Spec{
		loggedExchange("expect.interim-not-logged", "GET /a.txt HTTP/1.1 with Expect: one access line, for the 200", ModeHTTP11,
			expecting("GET /a.txt HTTP/1.1", "100-continue"), false,
			func(c *Case, res *wire.Result, lines []string) {
				c.Expect(res).To(continue100("HTTP/1.1"))
				c.Expect(lines).To(gomega.HaveLen(1), "log lines: %q", lines)
				c.Expect(lines).To(haveLogLineEnding(accessLogTail("GET /a.txt HTTP/1.1", 200)))
			}),
		loggedExchange("expect.interim-not-logged", "POST with Expect: the 501 lines only", ModeHTTP11,
			"POST /a.txt HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", false,
			func(c *Case, res *wire.Result, lines []string) {
				c.Expect(res).To(continue100("HTTP/1.1"))
				c.Expect(lines).To(gomega.HaveLen(2), "log lines: %q", lines)
				c.Expect(strings.Join(lines, "\n")).NotTo(gomega.ContainSubstring(" 100 "))
				c.Expect(lines).To(haveLogLineEnding(accessLogTail("POST /a.txt HTTP/1.1", 501)))
			}),
	}
})

// firstResponseHeaders: the interim response carries no header at all (no Server, no Date).
func firstResponseHeaders() Check {
	return Check{"an interim response without headers", func(r *wire.Result) (bool, string) {
		if len(r.Responses) == 0 || !r.Responses[0].Interim() {
			return false, "no interim response first"
		}
		first := r.Responses[0]
		return len(first.Headers) == 0, "headers " + headerList(first)
	}}
}
