package suite

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for response framing: research §3.1–§3.3, BaseHTTPRequestHandler.send_response,
// send_response_only, version_string and date_time_string.

// The header lists of §3.3, as CPython spells them.
var (
	listingHeaders  = []string{"Server", "Date", "Content-type", "Content-Length"}
	errorHeaders    = []string{"Server", "Date", "Connection", "Content-Type", "Content-Length"}
	redirectHeaders = []string{"Server", "Date", "Location"}
	// redirectHeadersFramed adds the Content-Length: 0 of 3.9+ (redirects.content-length-zero).
	redirectHeadersFramed = []string{"Server", "Date", "Location", "Content-Length"}
)

var _ = register(func() []Spec {
	return []Spec{
		exchange("response.status-line-server-protocol", "GET /a.txt HTTP/1.1 to the HTTP/1.0 server", ModeDefault,
			"GET /a.txt HTTP/1.1\r\n\r\n",
			statusLine("HTTP/1.0 200 OK")),
		exchange("response.status-line-server-protocol", "GET /a.txt HTTP/1.0 to the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.1 200 OK")),
		exchange("response.status-line-server-protocol", "GET /missing.txt HTTP/1.0 to the HTTP/1.1 server", ModeHTTP11,
			"GET /missing.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.1 404 File not found")),

		exchange("response.default-http10", "GET /a.txt HTTP/1.0", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 200 OK")),
		exchange("response.default-http10", "GET /listdir/ HTTP/1.1", ModeDefault,
			"GET /listdir/ HTTP/1.1\r\n\r\n",
			statusLine("HTTP/1.0 200 OK")),

		exchange("response.server-then-date", "a file", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			status(200), headersBeginWith("Server", "Date")),
		exchange("response.server-then-date", "a 404", ModeDefault,
			"GET /missing.txt HTTP/1.0\r\n\r\n",
			status(404), headersBeginWith("Server", "Date")),
		exchange("response.server-then-date", "a directory redirect", ModeDefault,
			"GET /emptydir HTTP/1.0\r\n\r\n",
			status(301), headersBeginWith("Server", "Date")),
		exchange("response.server-then-date", "a 100 Continue and its 404", ModeHTTP11,
			"GET /missing.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
			continue100("HTTP/1.1"), status(404), headersBeginWith("Server", "Date")),

		exchange("response.server-header-value", "a file", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			serverIsVersionString()),
		exchange("response.server-header-value", "a 501", ModeDefault,
			"FOO / HTTP/1.0\r\n\r\n",
			serverIsVersionString()),

		exchange("response.server-simplehttp-prefix", "a file", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			headerMatching("Server", regexp.MustCompile(`^SimpleHTTP/0\.6 `))),
		exchange("response.server-simplehttp-prefix", "a listing on the HTTP/1.1 server", ModeHTTP11,
			"GET /listdir/ HTTP/1.1\r\nConnection: close\r\n\r\n",
			headerMatching("Server", regexp.MustCompile(`^SimpleHTTP/0\.6 `))),
		exchange("response.server-simplehttp-prefix", "a 403 from the CGI server", ModeCGI,
			"GET /cgi-bin/noexec.py HTTP/1.0\r\n\r\n",
			status(403), headerMatching("Server", regexp.MustCompile(`^SimpleHTTP/0\.6 `))),

		customSending("response.date-rfc1123-gmt", "GET /a.txt: the current time", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n", dateIsNow),
		customSending("response.date-rfc1123-gmt", "GET /missing.txt: the current time", ModeDefault,
			"GET /missing.txt HTTP/1.0\r\n\r\n", dateIsNow),

		exchange("response.header-order-listing", "GET /listdir/", ModeDefault,
			"GET /listdir/ HTTP/1.0\r\n\r\n",
			status(200), headerNames(listingHeaders...), header("Content-type", "text/html; charset=utf-8")),
		exchange("response.header-order-listing", "HEAD /listdir/", ModeDefault,
			"HEAD /listdir/ HTTP/1.0\r\n\r\n",
			status(200), headerNames(listingHeaders...), emptyBody()),

		exchange("response.header-order-redirect", "GET /emptydir", ModeDefault,
			"GET /emptydir HTTP/1.0\r\n\r\n",
			status(301), headerNamesOneOf(redirectHeaders, redirectHeadersFramed), emptyBody()),
		exchange("response.header-order-redirect", "GET /emptydir?q=1", ModeDefault,
			"GET /emptydir?q=1 HTTP/1.0\r\n\r\n",
			status(301), headerNamesOneOf(redirectHeaders, redirectHeadersFramed), emptyBody()),

		exchange("response.header-order-error", "a 404", ModeDefault,
			"GET /missing.txt HTTP/1.0\r\n\r\n",
			status(404), headerNames(errorHeaders...)),
		exchange("response.header-order-error", "a 501", ModeDefault,
			"FOO / HTTP/1.0\r\n\r\n",
			status(501), headerNames(errorHeaders...)),
		exchange("response.header-order-error", "a 431", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+strings.Repeat("X: y\r\n", 100)+"\r\n",
			status(431), headerNames(errorHeaders...)),
		exchange("response.header-order-error", "a 403 from the CGI server", ModeCGI,
			"GET /cgi-bin/adir HTTP/1.0\r\n\r\n",
			status(403), headerNames(errorHeaders...)),

		exchange("response.content-type-lowercase-t", "a file says Content-type", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n",
			headerSpelled("Content-type", "text/plain")),
		exchange("response.content-type-lowercase-t", "a listing says Content-type", ModeDefault,
			"GET /listdir/ HTTP/1.0\r\n\r\n",
			headerSpelled("Content-type", "text/html; charset=utf-8")),
		exchange("response.content-type-lowercase-t", "an error says Content-Type", ModeDefault,
			"GET /missing.txt HTTP/1.0\r\n\r\n",
			headerSpelled("Content-Type", "text/html;charset=utf-8"), noHeaderSpelled("Content-type")),

		exchange("response.reason-latin1-single-bytes", "method ü (0xFC): 501 Unsupported method ('ü')", ModeDefault,
			"\xfc / HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 501 Unsupported method ('\xfc')"),
			bodyContains("<p>Message: Unsupported method ('\xc3\xbc').</p>")),
		exchange("response.reason-latin1-single-bytes", "/cgi-bin/%C3%BC.py: 404 No such CGI script", ModeCGI,
			"GET /cgi-bin/%C3%BC.py HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')"),
			bodyContains("<p>Message: No such CGI script ('/cgi-bin/\xc3\xbc.py').</p>")),

		exchange("response.reason-beyond-latin1-drops", "/cgi-bin/%E2%82%AC.py (€)", ModeCGI,
			"GET /cgi-bin/%E2%82%AC.py HTTP/1.0\r\n\r\n",
			nothing(), closed()),
		exchange("response.reason-beyond-latin1-drops", "/cgi-bin/%FC.py (U+FFFD after unquote)", ModeCGI,
			"GET /cgi-bin/%FC.py HTTP/1.0\r\n\r\n",
			nothing(), closed()),

		customSending("response.reason-beyond-latin1-drops", "/cgi-bin/%E2%82%AC.py: logged, then the traceback", ModeCGI,
			"GET /cgi-bin/%E2%82%AC.py HTTP/1.0\r\n\r\n", latin1EncodeCrash).with(NeedLog),

		exchange("response.crash-closes-without-bytes", "GET /%00", ModeDefault,
			"GET /%00 HTTP/1.0\r\n\r\n",
			nothing(), closed()),
		customSending("response.crash-closes-without-bytes", "GET /%00 logs no access line", ModeDefault,
			"GET /%00 HTTP/1.0\r\n\r\n", func(c *Case, request string) {
				res := c.Exchange(request)
				c.Expect(res).To(nothing())
				for _, line := range c.Log() {
					c.Expect(line).NotTo(gomega.ContainSubstring(`"GET /%00 HTTP/1.0"`), "a crashed request must not be logged as answered")
				}
			}).with(NeedLog),
	}
})

// dateIsNow sends request and checks that the Date header is an RFC 1123 GMT date (English names,
// two-digit day, the weekday right for the date) of a second between the request and the reply:
// formatdate(time.time(), usegmt=True) drops the fraction.
func dateIsNow(c *Case, request string) {
	start := time.Now()
	res := c.Exchange(request)
	end := time.Now()
	f := res.Final()
	c.Expect(f).NotTo(gomega.BeNil(), "no response")
	c.Expect(f.Headerless).To(gomega.BeFalse(), "a headerless reply")
	date, ok := f.Lookup("Date")
	c.Expect(ok).To(gomega.BeTrue(), "no Date header; headers %s", headerList(f))
	when, err := time.Parse(rfc1123GMT, date)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "Date %q is not an RFC 1123 GMT date", date)
	c.Expect(date).To(gomega.Equal(when.Format(rfc1123GMT)), "Date %q: want a two-digit day and the weekday of the date", date)
	c.Expect(when).To(gomega.BeTemporally(">=", start.Truncate(time.Second)), "Date %q is before the request was sent (%s)", date, start.UTC().Format(time.RFC3339Nano))
	c.Expect(when).To(gomega.BeTemporally("<=", end), "Date %q is after the reply arrived (%s)", date, end.UTC().Format(time.RFC3339Nano))
}

// latin1EncodeCrash checks what the log shows of a reason phrase beyond Latin-1: send_response logs
// the request before send_response_only encodes the status line, so the error line and the access
// line come first, then socketserver's traceback of the UnicodeEncodeError; no bytes reach the client.
func latin1EncodeCrash(c *Case, request string) {
	res := c.Exchange(request)
	c.Expect(res).To(nothing())
	lines := c.Log()
	c.Expect(logMessages(lines)).To(gomega.Equal([]string{
		"code 404, message No such CGI script ('/cgi-bin/\xe2\x82\xac.py')",
		accessLine("GET /cgi-bin/%E2%82%AC.py HTTP/1.0", 404),
	}))
	c.Expect(lines).To(gomega.ContainElement(gomega.HavePrefix("UnicodeEncodeError: 'latin-1' codec can't encode character '\\u20ac'")))
}

// The reason phrases of replies that are not errors, and the blank line that ends every header block
// (research §3.2, §3.6; BaseHTTPRequestHandler.end_headers).
var _ = register(func() []Spec {
	return []Spec{
		exchange("response.standard-phrases", "200 for a file", ModeDefault, sendGET("/a.txt"),
			statusLine("HTTP/1.0 200 OK")),
		exchange("response.standard-phrases", "301 for a directory without its slash", ModeDefault, sendGET("/dir1"),
			statusLine("HTTP/1.0 301 Moved Permanently")),
		exchange("response.standard-phrases", "100 before a 200", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
			continue100("HTTP/1.1"), statusLine("HTTP/1.1 200 OK")),
		exchange("response.blank-line-ends-headers", "a file", ModeDefault, sendGET("/a.txt"),
			blankLineBeforeBody()),
		exchange("response.blank-line-ends-headers", "a 404 page", ModeDefault, sendGET("/missing.txt"),
			blankLineBeforeBody()),
		exchange("response.blank-line-ends-headers", "a listing", ModeDefault, sendGET("/emptydir/"),
			blankLineBeforeBody()),
		exchange("response.blank-line-ends-headers", "a 301 with no body", ModeDefault, sendGET("/dir1"),
			blankLineBeforeBody()),
	}
})

// blankLineBeforeBody: the final response's header block ends with CRLF CRLF, and the body is
// exactly what follows it.
func blankLineBeforeBody() Check {
	return Check{"a header block ending in CRLF CRLF, then the body", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		head := f.Raw[:len(f.Raw)-len(f.Body)]
		if !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
			return false, "a header block ending " + quoteLimit(head[max(len(head)-8, 0):], 8)
		}
		if i := bytes.Index(head, []byte("\r\n\r\n")); i != len(head)-4 {
			return false, fmt.Sprintf("an empty line at byte %d, before the end of the header block", i+2)
		}
		return true, "a header block ending in CRLF CRLF"
	}}
}

// rfc1123GMT is the layout of email.utils.formatdate(usegmt=True): "Thu, 02 Jan 2020 03:04:05 GMT".
const rfc1123GMT = "Mon, 02 Jan 2006 15:04:05 GMT"
