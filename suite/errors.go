package suite

import (
	"regexp"
	"strings"

	"github.com/onsi/gomega"
)

// Specs for error replies: research §3.4–§3.6 and Appendix C, BaseHTTPRequestHandler.send_error and
// the responses table. The pages are written out from their parts in checks_errors.go.

// Requests that make the command-line handlers call send_error.
const (
	sendMissing      = "GET /missing.txt HTTP/1.0\r\n\r\n"                 // 404 File not found
	sendFOO          = "FOO / HTTP/1.0\r\n\r\n"                            // 501 Unsupported method ('FOO')
	sendHTTP20       = "GET / HTTP/2.0\r\n\r\n"                            // 505, headerless
	sendOneWord      = "GET\r\n\r\n"                                       // 400 Bad request syntax, headerless
	sendNoExecScript = "GET /cgi-bin/noexec.py HTTP/1.0\r\n\r\n"           // 403, CGI
	sendBadVersion   = "GET / <&>\"'\r\n\r\n"                              // 400 Bad request version, headerless
	sendEscapeMethod = "A<&>\"'B / HTTP/1.0\r\n\r\n"                       // 501 with & < > " ' in its message
	sendHeadMissing  = "HEAD /missing.txt HTTP/1.0\r\n\r\n"                // 404 to HEAD
	sendHeadNoExec   = "HEAD /cgi-bin/noexec.py HTTP/1.0\r\n\r\n"          // 403 to HEAD
	sendHeadBadVer   = "HEAD / FOO\r\n\r\n"                                // 400 before the method is known
	sendHeadTooMany  = "HEAD /a.txt HTTP/1.0\r\n"                          // + 100 header lines: 431 to HEAD
	sendLatin1Method = "\xfc / HTTP/1.0\r\n\r\n"                           // 501 whose message is not ASCII
	sendLatin1Script = "GET /cgi-bin/%C3%BC.py HTTP/1.0\r\n\r\n"           // 404 No such CGI script ('/cgi-bin/ü.py')
	sendAdir         = "GET /cgi-bin/adir HTTP/1.0\r\n\r\n"                // 403 CGI script is not a plain file
	sendPostOutside  = "POST /a.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n" // 501 Can only POST to CGI scripts
)

// tooManyHeaders is 100 header lines and the blank line: 431 Too many headers (research §2.7).
var tooManyHeaders = strings.Repeat("X: y\r\n", 100) + "\r\n"

// tooLongRequestLine is a 65537-byte request line: 414 (research §2.1).
var tooLongRequestLine = "GET /" + strings.Repeat("x", 65537-len("GET / HTTP/1.0\r\n")) + " HTTP/1.0\r\n\r\n"

// versionedPage checks a reply against the page of the profile's template. Specs use it only for
// behaviors whose range spans both templates, where the template is a detail the behavior does not
// fix (errors.template-html401 and -html5 pin it).
func versionedPage(expect func(t errorTemplate) []Check) func(c *Case, request string) {
	return func(c *Case, request string) {
		res := c.Exchange(request)
		for _, k := range expect(errorTemplateFor(c.Config.Profile)) {
			c.Expect(res).To(k)
		}
	}
}

var _ = register(func() []Spec {
	return []Spec{
		exchange("errors.framed-after-request-line", "404 for GET /missing.txt", ModeDefault, sendMissing,
			status(404), headerNames(errorHeaders...), contentLengthIsBody(), bodyPrefix("<!DOCTYPE HTML"), closed()),
		exchange("errors.framed-after-request-line", "501 for FOO", ModeDefault, sendFOO,
			status(501), headerNames(errorHeaders...), contentLengthIsBody(), bodyPrefix("<!DOCTYPE HTML"), closed()),
		exchange("errors.framed-after-request-line", "431 for 100 header lines", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n"+tooManyHeaders,
			status(431), headerNames(errorHeaders...), contentLengthIsBody(), bodyPrefix("<!DOCTYPE HTML"), closed()),
		exchange("errors.framed-after-request-line", "414 for a 65537-byte request line", ModeDefault, tooLongRequestLine,
			status(414), headerNames(errorHeaders...), contentLengthIsBody(), bodyPrefix("<!DOCTYPE HTML"), closed()),
		exchange("errors.framed-after-request-line", "403 for a script that is not executable", ModeCGI, sendNoExecScript,
			status(403), headerNames(errorHeaders...), contentLengthIsBody(), bodyPrefix("<!DOCTYPE HTML"), closed()),
		exchange("errors.framed-after-request-line", "501 for POST outside the CGI directories", ModeCGI, sendPostOutside,
			status(501), headerNames(errorHeaders...), contentLengthIsBody(), bodyPrefix("<!DOCTYPE HTML"), closed()),

		exchange("errors.reason-is-message", "404 File not found", ModeDefault, sendMissing,
			statusLine("HTTP/1.0 404 File not found")),
		exchange("errors.reason-is-message", "501 Unsupported method ('FOO')", ModeDefault, sendFOO,
			statusLine("HTTP/1.0 501 Unsupported method ('FOO')")),
		exchange("errors.reason-is-message", "431 Too many headers", ModeDefault, "GET /a.txt HTTP/1.0\r\n"+tooManyHeaders,
			statusLine("HTTP/1.0 431 Too many headers")),
		exchange("errors.reason-is-message", "403 CGI script is not a plain file", ModeCGI, sendAdir,
			statusLine("HTTP/1.0 403 CGI script is not a plain file ('/cgi-bin/adir')")),

		exchange("errors.content-type-html", "404", ModeDefault, sendMissing,
			headerMatching("Content-Type", htmlMediaType)),
		exchange("errors.content-type-html", "501", ModeDefault, sendFOO,
			headerMatching("Content-Type", htmlMediaType)),
		exchange("errors.content-type-html", "404 to HEAD", ModeDefault, sendHeadMissing,
			headerMatching("Content-Type", htmlMediaType)),

		exchange("errors.content-type-exact", "404", ModeDefault, sendMissing,
			headerSpelled("Content-Type", "text/html;charset=utf-8")),
		exchange("errors.content-type-exact", "431", ModeDefault, "GET /a.txt HTTP/1.0\r\n"+tooManyHeaders,
			headerSpelled("Content-Type", "text/html;charset=utf-8")),
		exchange("errors.content-type-exact", "403 from the CGI server", ModeCGI, sendNoExecScript,
			headerSpelled("Content-Type", "text/html;charset=utf-8")),

		exchange("errors.content-length", "404", ModeDefault, sendMissing, contentLengthIsBody()),
		exchange("errors.content-length", "501 whose message has ü: UTF-8 bytes counted", ModeDefault, sendLatin1Method,
			bodyContains("('\xc3\xbc')"), contentLengthIsBody()),
		exchange("errors.content-length", "501 whose message is escaped: escaped bytes counted", ModeDefault, sendEscapeMethod,
			bodyContains("&lt;&amp;&gt;"), contentLengthIsBody()),
		exchange("errors.content-length", "404 No such CGI script ('/cgi-bin/ü.py')", ModeCGI, sendLatin1Script,
			bodyContains("\xc3\xbc"), contentLengthIsBody()),

		customSending("errors.head-no-body", "HEAD /missing.txt: GET's head, no body", ModeDefault, sendHeadMissing, headErrorLikeGet),
		customSending("errors.head-no-body", "HEAD with 100 header lines: GET's 431 head, no body", ModeDefault,
			sendHeadTooMany+tooManyHeaders, headErrorLikeGet),
		customSending("errors.head-no-body", "HEAD of a script that is not executable", ModeCGI, sendHeadNoExec, headErrorLikeGet),

		exchange("errors.head-request-line-error-has-body", "HEAD / FOO", ModeDefault, sendHeadBadVer,
			wholeReplyHeaderless("<p>Message: Bad request version ('FOO').</p>"), closed()),
		exchange("errors.head-request-line-error-has-body", "HEAD / HTTP/2.0", ModeDefault, "HEAD / HTTP/2.0\r\n\r\n",
			wholeReplyHeaderless("<p>Message: Invalid HTTP version (2.0).</p>"), closed()),

		customSending("errors.logged", "404", ModeDefault, sendMissing,
			loggedAs("code 404, message File not found")).with(NeedLog),
		customSending("errors.logged", "headerless 505", ModeDefault, sendHTTP20,
			loggedAs("code 505, message Invalid HTTP version (2.0)")).with(NeedLog),
		customSending("errors.logged", "403 from the CGI server", ModeCGI, sendNoExecScript,
			loggedAs("code 403, message CGI script is not executable ('/cgi-bin/noexec.py')")).with(NeedLog),

		exchange("errors.escape-amp-lt-gt-only", "method A<&>\"'B", ModeDefault, sendEscapeMethod,
			statusLine("HTTP/1.0 501 Unsupported method ('A<&>\"\\'B')"),
			bodyContains("<p>Message: Unsupported method ('A&lt;&amp;&gt;\"\\'B').</p>")),
		exchange("errors.escape-amp-lt-gt-only", "version <&>\"' (headerless)", ModeDefault, sendBadVersion,
			headerlessContaining("<p>Message: Bad request version ('&lt;&amp;&gt;\"\\'').</p>")),
		exchange("errors.escape-amp-lt-gt-only", "script x&<>\"'.py", ModeCGI, "GET /cgi-bin/x&<>\"'.py HTTP/1.0\r\n\r\n",
			bodyContains("<p>Message: No such CGI script ('/cgi-bin/x&amp;&lt;&gt;\"\\'.py').</p>")),

		exchange("errors.explanation-from-responses", "400", ModeDefault, sendOneWord,
			headerlessContaining(" - "+explain400+".</p>")),
		exchange("errors.explanation-from-responses", "403", ModeCGI, sendNoExecScript,
			bodyContains(" - "+explain403+".</p>")),
		exchange("errors.explanation-from-responses", "404", ModeDefault, sendMissing,
			bodyContains(" - "+explain404+".</p>")),
		exchange("errors.explanation-from-responses", "414", ModeDefault, tooLongRequestLine,
			bodyContains(" - "+explain414+".</p>")),
		exchange("errors.explanation-from-responses", "501", ModeDefault, sendFOO,
			bodyContains(" - "+explain501+".</p>")),
		exchange("errors.explanation-from-responses", "505", ModeDefault, sendHTTP20,
			headerlessContaining(" - "+explain505+".</p>")),

		exchange("errors.explanation-code-name", "404", ModeDefault, sendMissing,
			bodyContains("<p>Error code explanation: HTTPStatus.NOT_FOUND - ")),
		exchange("errors.explanation-code-name", "headerless 505", ModeDefault, sendHTTP20,
			headerlessContaining("<p>Error code explanation: HTTPStatus.HTTP_VERSION_NOT_SUPPORTED - ")),
		exchange("errors.explanation-code-number", "404", ModeDefault, sendMissing,
			bodyContains("<p>Error code explanation: 404 - ")),
		exchange("errors.explanation-code-number", "headerless 505", ModeDefault, sendHTTP20,
			headerlessContaining("<p>Error code explanation: 505 - ")),

		customSending("errors.phrase-414-request-uri-too-long", "a 65537-byte request line", ModeDefault, tooLongRequestLine,
			versionedPage(func(t errorTemplate) []Check {
				return []Check{errorReply("HTTP/1.0", errorPage{414, "Request-URI Too Long", explain414}, t), closed()}
			})),
		exchange("errors.phrase-414-uri-too-long", "a 65537-byte request line", ModeDefault, tooLongRequestLine,
			errorReply("HTTP/1.0", errorPage{414, "URI Too Long", explain414}, html5), closed()),
	}
})

// The same send_error replies on the HTML 4.01 page of 3.6–3.10 and the HTML5 page of 3.11+ (research §3.5).
var _ = register(func() []Spec {
	specs := append(templateSpecs("errors.template-html401", html401), templateSpecs("errors.template-html5", html5)...)
	return append(specs, exchange("errors.template-html5", "404 on the HTTP/1.1 server", ModeHTTP11, sendMissing,
		errorReply("HTTP/1.1", pageFileNotFound, html5)))
})

// templateSpecs checks behavior's error pages, every one written with template t.
func templateSpecs(behavior string, t errorTemplate) []Spec {
	return []Spec{
		exchange(behavior, "404 for GET /missing.txt", ModeDefault, sendMissing,
			errorReply("HTTP/1.0", pageFileNotFound, t)),
		exchange(behavior, "501 for a method with & < > \" '", ModeDefault, sendEscapeMethod,
			errorReply("HTTP/1.0", pageEscapeMethod, t)),
		exchange(behavior, "501 for method ü", ModeDefault, sendLatin1Method,
			errorReply("HTTP/1.0", pageLatin1Method, t)),
		exchange(behavior, "headerless 505 for HTTP/2.0", ModeDefault, sendHTTP20,
			headerlessPage(pageHTTP20, t)),
		exchange(behavior, "headerless 400 for a one-word line", ModeDefault, sendOneWord,
			headerlessPage(pageOneWord, t)),
		exchange(behavior, "431 to HEAD", ModeDefault, sendHeadTooMany+tooManyHeaders,
			errorReplyToHead("HTTP/1.0", pageTooMany, t)),
		exchange(behavior, "403 from the CGI server", ModeCGI, sendNoExecScript,
			errorReply("HTTP/1.0", pageNoExecScript, t)),
	}
}

// htmlMediaType is a Content-Type whose media type is text/html, parameters aside.
var htmlMediaType = regexp.MustCompile(`^(?i)text/html\s*(;.*)?$`)

// headErrorLikeGet sends request (a HEAD) and the same request as GET, and checks that HEAD gets GET's
// status line and headers, Content-Length included, and no body (send_error writes the body unless
// the command is HEAD).
func headErrorLikeGet(c *Case, request string) {
	head := c.Exchange(request)
	get := c.Exchange("GET" + strings.TrimPrefix(request, "HEAD"))
	h, g := head.Final(), get.Final()
	c.Expect(g).NotTo(gomega.BeNil(), "no reply to the GET")
	c.Expect(h).NotTo(gomega.BeNil(), "no reply to the HEAD")
	c.Expect(h.Headerless).To(gomega.BeFalse(), "a headerless reply to HEAD")
	c.Expect(h.StatusLine).To(gomega.Equal(g.StatusLine), "HEAD's status line")
	c.Expect(h.HeaderNames()).To(gomega.Equal(g.HeaderNames()), "HEAD's header names")
	c.Expect(h.Get("Content-Length")).To(gomega.Equal(g.Get("Content-Length")), "HEAD's Content-Length")
	c.Expect(g.Body).NotTo(gomega.BeEmpty(), "GET's error page")
	c.Expect(h.Body).To(gomega.BeEmpty(), "HEAD must get no body")
	c.Expect(len(head.Received())).To(gomega.Equal(len(h.Raw)), "HEAD must get nothing after the header block: %s",
		quoteLimit(head.Received()[min(len(h.Raw), len(head.Received())):], 80))
	c.Expect(head).To(closed())
}

// loggedAs sends request and checks that the log shows line among what it caused.
func loggedAs(message string) func(c *Case, request string) {
	return func(c *Case, request string) {
		c.Exchange(request)
		c.Expect(logMessages(c.Log())).To(gomega.ContainElement(message))
	}
}
