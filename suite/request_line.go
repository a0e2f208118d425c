package suite

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for the request line: research §2.1–§2.6, BaseHTTPRequestHandler.handle_one_request and
// parse_request.

// requestLineOf builds "GET /<x...> HTTP/1.0\r\n" of exactly total bytes, CRLF included.
func requestLineOf(total int) string { return requestLineEnding(total, "\r\n") }

// requestLineEnding builds "GET /<x...> HTTP/1.0" and the line end eol, exactly total bytes long.
func requestLineEnding(total int, eol string) string {
	head, tail := "GET /", " HTTP/1.0"+eol
	return head + strings.Repeat("x", total-len(head)-len(tail)) + tail
}

// servedHello are the checks for GET /a.txt answered normally by the HTTP/1.0 server.
func servedHello() []Check {
	return []Check{statusLine("HTTP/1.0 200 OK"), body("hello\n")}
}

// bareErrorPage: one error page sent without status line or headers, whose message line says msg,
// then close (research §3.5). "One" matters after HEAD, whose reply a client frames without a body:
// a status line would split the reply in two.
func bareErrorPage(code int, msg string) []Check {
	return []Check{responses(1), headerlessContaining(fmt.Sprintf("<p>Error code: %d</p>", code)), errorPageSays(msg), closed()}
}

// separatorSpecs check that each byte of seps splits "GET<b>/a.txt<b>HTTP/1.0" into three words
// (Python's str.split on the Latin-1 line, research §2.2).
func separatorSpecs(behavior string, seps map[byte]string) []Spec {
	var out []Spec
	for _, b := range sortedBytes(seps) {
		sep := string([]byte{b})
		out = append(out, exchange(behavior, fmt.Sprintf("%s (0x%02X) between the words", seps[b], b), ModeDefault,
			"GET"+sep+"/a.txt"+sep+"HTTP/1.0\r\n\r\n", servedHello()...))
	}
	return out
}

// notSeparatorSpecs check that each byte of near stays part of the method: "GET<b> /a.txt HTTP/1.0"
// names the method "GET<b>", which gets 501 with the method's repr in the reason phrase, written
// Latin-1 (research §2.2, §2.10).
func notSeparatorSpecs(behavior string, near map[byte]string) []Spec {
	var out []Spec
	for _, b := range sortedBytes(near) {
		out = append(out, exchange(behavior, fmt.Sprintf("%s (0x%02X) after GET", near[b], b), ModeDefault,
			"GET"+string([]byte{b})+" /a.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 501 Unsupported method ('GET"+pyReprByte(b)+"')"), closed()))
	}
	return out
}

// pyReprByte is how Python's repr shows the Latin-1 character of byte b inside a string: printable
// characters as themselves (one Latin-1 byte), C0, DEL and C1 controls as \xNN.
func pyReprByte(b byte) string {
	if b < 0x20 || (b >= 0x7f && b <= 0xa0) || b == 0xad {
		return fmt.Sprintf(`\x%02x`, b)
	}
	return string([]byte{b})
}

func sortedBytes(m map[byte]string) []byte {
	var out []byte
	for b := 0; b < 256; b++ {
		if _, ok := m[byte(b)]; ok {
			out = append(out, byte(b))
		}
	}
	return out
}

// versionSpecs send "GET /a.txt <version>" for each version word and apply the same checks.
func versionSpecs(behavior string, mode Mode, versions []string, checks func(v string) []Check) []Spec {
	var out []Spec
	for _, v := range versions {
		out = append(out, exchange(behavior, wire.Quote([]byte(v)), mode, "GET /a.txt "+v+"\r\n\r\n", checks(v)...))
	}
	return out
}

// The boundaries of the request line (§2.1).
var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.max-length-accepted", "a 65536-byte request line (CRLF included) is parsed", ModeDefault,
			requestLineOf(65536)+"\r\n",
			statusLine("HTTP/1.0 404 File not found"), closed()),
		exchange("request-line.max-length-accepted", "a 65536-byte request line ending in a bare LF is parsed", ModeDefault,
			requestLineEnding(65536, "\n")+"\r\n",
			statusLine("HTTP/1.0 404 File not found"), closed()),
		exchange("request-line.too-long-414", "a 65537-byte request line gets 414", ModeDefault,
			requestLineOf(65537)+"\r\n",
			status(414), header("Connection", "close"), closed()),
		exchange("request-line.too-long-414", "a 65537-byte request line ending in a bare LF gets 414", ModeDefault,
			requestLineEnding(65537, "\n")+"\r\n",
			status(414), header("Connection", "close"), closed()),
		exchange("request-line.too-long-414", "a 100000-byte request line gets 414 before its end arrives", ModeDefault,
			requestLineOf(100000),
			status(414), headerNames("Server", "Date", "Connection", "Content-Type", "Content-Length"), closed()),
		exchange("request-line.eof-silent-close", "the client half-closes before sending a byte", ModeDefault,
			"", nothing(), closed()).halfClosed(),
		loggedExchange("request-line.eof-silent-close", "the client half-closes before sending a byte: no log line", ModeDefault,
			"", true, func(c *Case, res *wire.Result, lines []string) {
				c.Expect(res).To(nothing())
				c.Expect(lines).To(gomega.BeEmpty())
			}),
		exchange("request-line.blank-line-silent-close", "an empty line before the request", ModeDefault,
			"\r\nGET /a.txt HTTP/1.0\r\n\r\n",
			nothing(), closed()),
		exchange("request-line.blank-line-silent-close", "a bare LF before the request", ModeDefault,
			"\nGET /a.txt HTTP/1.0\r\n\r\n",
			nothing(), closed()),
		exchange("request-line.blank-line-silent-close", "three spaces and CRLF before the request", ModeDefault,
			"   \r\nGET /a.txt HTTP/1.0\r\n\r\n",
			nothing(), closed()),
		exchange("request-line.blank-line-silent-close", "a line of tab, VT, FF, 0x1F, NEL and NBSP", ModeDefault,
			"\t\x0b\x0c\x1f\x85\xa0\r\nGET /a.txt HTTP/1.0\r\n\r\n",
			nothing(), closed()),
		loggedExchange("request-line.blank-line-silent-close", "an empty line: no log line", ModeDefault,
			"\r\n", false, func(c *Case, res *wire.Result, lines []string) {
				c.Expect(res).To(nothing())
				c.Expect(res).To(closed())
				c.Expect(lines).To(gomega.BeEmpty())
			}),
	}
})

// Line ends (§2.1).
var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.lf-terminator", "request line and blank line ended by bare LF", ModeDefault,
			"GET /a.txt HTTP/1.0\n\n", servedHello()...),
		exchange("request-line.lf-terminator", "request line ended by bare LF, then CRLF", ModeDefault,
			"GET /a.txt HTTP/1.0\nHost: x\r\n\r\n", servedHello()...),
		exchange("request-line.trailing-cr-run-stripped", "GET /a.txt HTTP/1.0 CR CR LF", ModeDefault,
			"GET /a.txt HTTP/1.0\r\r\n\r\n", servedHello()...),
		exchange("request-line.trailing-cr-run-stripped", "GET /a.txt HTTP/1.0 CR CR CR LF", ModeDefault,
			"GET /a.txt HTTP/1.0\r\r\r\n\r\n", servedHello()...),
		silenceFirst("request-line.bare-cr-not-terminator", "GET /a.txt HTTP/1.0 CR, then LF", ModeDefault,
			"GET /a.txt HTTP/1.0\r", "\n\r\n", servedHello()...),
		silenceFirst("request-line.bare-cr-not-terminator", "GET /a.txt HTTP/1.0 CR CR (a request line and a blank line, were CR an end), then LF", ModeDefault,
			"GET /a.txt HTTP/1.0\r\r", "\n\r\n", servedHello()...),
		exchange("request-line.latin1-decoded", "a raw 0xFC byte names ü.txt", ModeDefault,
			"GET /\xfc.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), body("u umlaut\n")).with(NeedFixture("ü.txt")),
		exchange("request-line.latin1-decoded", "raw UTF-8 0xC3 0xBC is two characters, not ü", ModeDefault,
			"GET /\xc3\xbc.txt HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 404 File not found")),
	}
})

// Word splitting (§2.2): every separator byte, and the bytes next to them that are not separators.
var _ = register(func() []Spec {
	return separatorSpecs("request-line.split-space-tab", map[byte]string{0x09: "HTAB", 0x20: "SP"})
})
var _ = register(func() []Spec {
	return separatorSpecs("request-line.split-vt-ff", map[byte]string{0x0b: "VT", 0x0c: "FF"})
})
var _ = register(func() []Spec {
	return separatorSpecs("request-line.split-info-separators",
		map[byte]string{0x1c: "FS", 0x1d: "GS", 0x1e: "RS", 0x1f: "US"})
})
var _ = register(func() []Spec {
	return separatorSpecs("request-line.split-nel-nbsp", map[byte]string{0x85: "NEL", 0xa0: "NBSP"})
})
var _ = register(func() []Spec {
	return separatorSpecs("request-line.split-embedded-cr", map[byte]string{0x0d: "CR"})
})
var _ = register(func() []Spec {
	return notSeparatorSpecs("request-line.split-other-bytes-not-separators", map[byte]string{
		0x00: "NUL", 0x08: "BS", 0x0e: "SO", 0x1b: "ESC", 0x21: "!", 0x7f: "DEL",
		0x81: "0x81", 0x84: "IND", 0x86: "SSA", 0x9f: "APC", 0xa1: "¡",
	})
})

var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.split-embedded-cr", "a CR between path and version", ModeDefault,
			"GET /a.txt\rHTTP/1.0\r\n\r\n", servedHello()...),
		exchange("request-line.split-runs-and-ends-ignored", "' GET  /a.txt   HTTP/1.0 '", ModeDefault,
			" GET  /a.txt   HTTP/1.0 \r\n\r\n", servedHello()...),
		exchange("request-line.split-runs-and-ends-ignored", "leading tab and trailing NBSP, runs of mixed separators", ModeDefault,
			"\tGET \t\x0b/a.txt\x1c\x85 HTTP/1.0\xa0\r\n\r\n", servedHello()...),
	}
})

// Word counts (§2.3).
var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.one-word-bad-syntax", "GET alone", ModeDefault,
			"GET\r\n", bareErrorPage(400, "Bad request syntax ('GET')")...),
		exchange("request-line.one-word-bad-syntax", "a path alone", ModeDefault,
			"/a.txt\r\n", bareErrorPage(400, "Bad request syntax ('/a.txt')")...),
		exchange("request-line.two-word-non-get-rejected", "HEAD /a.txt", ModeDefault,
			"HEAD /a.txt\r\n\r\n", bareErrorPage(400, "Bad HTTP/0.9 request type ('HEAD')")...),
		exchange("request-line.two-word-non-get-rejected", "get /a.txt (lower case)", ModeDefault,
			"get /a.txt\r\n\r\n", bareErrorPage(400, "Bad HTTP/0.9 request type ('get')")...),
		exchange("request-line.two-word-non-get-rejected", "POST /a.txt", ModeDefault,
			"POST /a.txt\r\n\r\n", bareErrorPage(400, "Bad HTTP/0.9 request type ('POST')")...),
		exchange("request-line.four-words-bad-syntax-unchecked", "GET /a b c", ModeDefault,
			"GET /a b c\r\n", bareErrorPage(400, "Bad request syntax ('GET /a b c')")...),
		exchange("request-line.four-words-bad-syntax-unchecked", "GET /a b HTTP/1.0", ModeDefault,
			"GET /a b HTTP/1.0\r\n", bareErrorPage(400, "Bad request syntax ('GET /a b HTTP/1.0')")...),
		exchange("request-line.four-words-bad-syntax-unchecked", "GET /a.txt HTTP/1.0 CR X", ModeDefault,
			"GET /a.txt HTTP/1.0\rX\r\n", bareErrorPage(400, `Bad request syntax ('GET /a.txt HTTP/1.0\rX')`)...),
		exchange("request-line.four-words-bad-syntax-unchecked", "GET / HTTP/1. 1", ModeDefault,
			"GET / HTTP/1. 1\r\n", bareErrorPage(400, "Bad request syntax ('GET / HTTP/1. 1')")...),
		exchange("request-line.four-words-version-checked-first", "GET /a b c", ModeDefault,
			"GET /a b c\r\n", bareErrorPage(400, "Bad request version ('c')")...),
		exchange("request-line.four-words-version-checked-first", "GET /a.txt HTTP/1.0 CR X", ModeDefault,
			"GET /a.txt HTTP/1.0\rX\r\n", bareErrorPage(400, "Bad request version ('X')")...),
		exchange("request-line.four-words-version-checked-first", "GET / HTTP/1. 1", ModeDefault,
			"GET / HTTP/1. 1\r\n", bareErrorPage(400, "Bad request version ('1')")...),
		exchange("request-line.four-words-version-checked-first", "GET /a b HTTP/2.0 gets 505 first", ModeDefault,
			"GET /a b HTTP/2.0\r\n", bareErrorPage(505, "Invalid HTTP version (2.0)")...),
		exchange("request-line.four-words-bad-syntax-framed", "GET /a b HTTP/1.0", ModeDefault,
			"GET /a b HTTP/1.0\r\n\r\n",
			statusLine("HTTP/1.0 400 Bad request syntax ('GET /a b HTTP/1.0')"),
			headerNames("Server", "Date", "Connection", "Content-Type", "Content-Length"),
			header("Connection", "close"), errorPageSays("Bad request syntax ('GET /a b HTTP/1.0')"), closed()),
		exchange("request-line.four-words-bad-syntax-framed", "GET /a b HTTP/1.1 on the HTTP/1.1 server", ModeHTTP11,
			"GET /a b HTTP/1.1\r\n\r\n",
			statusLine("HTTP/1.1 400 Bad request syntax ('GET /a b HTTP/1.1')"), header("Connection", "close"), closed()),
		exchange("request-line.errors-headerless", "HTTP/2.0 on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/2.0\r\n\r\n", bareErrorPage(505, "Invalid HTTP version (2.0)")...),
		exchange("request-line.errors-headerless", "a bad version on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/x.y\r\n\r\n", bareErrorPage(400, "Bad request version ('HTTP/x.y')")...),
		exchange("request-line.errors-headerless", "one word on the HTTP/1.1 server", ModeHTTP11,
			"GET\r\n", bareErrorPage(400, "Bad request syntax ('GET')")...),
		exchange("request-line.errors-headerless", "HEAD /a.txt on the HTTP/1.1 server", ModeHTTP11,
			"HEAD /a.txt\r\n\r\n", bareErrorPage(400, "Bad HTTP/0.9 request type ('HEAD')")...),
		exchange("request-line.errors-headerless", "HEAD with a bad version still gets the body", ModeDefault,
			"HEAD /a.txt FOO\r\n\r\n", bareErrorPage(400, "Bad request version ('FOO')")...),
	}
})

// Version validation (§2.4), one spec per version word of the research's table.
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-prefix-required", ModeDefault,
		[]string{"http/1.0", "FOO/1.0", "HTTP1.0", "Http/1.1"},
		func(v string) []Check { return bareErrorPage(400, "Bad request version ('"+v+"')") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-two-components", ModeDefault,
		[]string{"HTTP/", "HTTP/1", "HTTP/1.0.1", "HTTP/1..1"},
		func(v string) []Check { return bareErrorPage(400, "Bad request version ('"+v+"')") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-non-numeric-rejected", ModeDefault,
		[]string{"HTTP/a.b", "HTTP/1.a", "HTTP/\xe9", "HTTP/x.1"},
		func(v string) []Check { return bareErrorPage(400, "Bad request version ('"+latin1ToUTF8(v)+"')") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-unicode-digits-rejected", ModeDefault,
		[]string{"HTTP/\xb9.\xb9", "HTTP/1.\xb2", "HTTP/\xb3.0"},
		func(v string) []Check { return bareErrorPage(400, "Bad request version ('"+latin1ToUTF8(v)+"')") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-leading-zeros-accepted", ModeDefault,
		[]string{"HTTP/01.01", "HTTP/1.10", "HTTP/1.9", "HTTP/0.8", "HTTP/000.0001", "HTTP/1.0000000001"},
		func(string) []Check { return append(servedHello(), closed()) })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-2-or-higher-505", ModeDefault,
		[]string{"HTTP/3.0", "HTTP/10.0", "HTTP/2.1", "HTTP/02.0"},
		func(v string) []Check { return bareErrorPage(505, "Invalid HTTP version ("+v[len("HTTP/"):]+")") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-signs-underscores-rejected", ModeDefault,
		[]string{"HTTP/+1.1", "HTTP/1.-1", "HTTP/1_1.1", "HTTP/1.+0"},
		func(v string) []Check { return bareErrorPage(400, "Bad request version ('"+v+"')") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-signs-accepted", ModeDefault,
		[]string{"HTTP/+1.1", "HTTP/1.-1", "HTTP/1.+0"},
		func(string) []Check { return append(servedHello(), closed()) })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-underscore-505", ModeDefault,
		[]string{"HTTP/1_1.1"},
		func(string) []Check { return bareErrorPage(505, "Invalid HTTP version (1_1.1)") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-component-max-10-digits", ModeDefault,
		[]string{"HTTP/1.0000000001", "HTTP/0000000001.0"},
		func(string) []Check { return append(servedHello(), closed()) })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-component-max-10-digits", ModeDefault,
		[]string{"HTTP/1.00000000001", "HTTP/00000000001.0"},
		func(v string) []Check { return bareErrorPage(400, "Bad request version ('"+v+"')") })
})
var _ = register(func() []Spec {
	return versionSpecs("request-line.version-component-any-length", ModeDefault,
		[]string{"HTTP/1.00000000001", "HTTP/00000000001.0"},
		func(string) []Check { return append(servedHello(), closed()) })
})

var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.version-2-or-higher-505", "HTTP/2.0", ModeDefault,
			"GET / HTTP/2.0\r\n\r\n",
			headerlessContaining("<p>Error code: 505</p>"), headerlessContaining("Invalid HTTP version (2.0)"), closed()),
		exchange("request-line.version-component-any-length", "HTTP/1.00000000001 is 1.1: the HTTP/1.1 server keeps the connection", ModeHTTP11,
			"GET /a.txt HTTP/1.00000000001\r\n\r\nGET /a.txt HTTP/1.0\r\n\r\n",
			statusLinesInOrder("HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), closed()),
	}
})

// The // path prefix (§2.5).
var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.path-double-slash-collapsed", "//dir1 redirects to /dir1/", ModeDefault,
			"GET //dir1 HTTP/1.0\r\n\r\n",
			status(301), header("Location", "/dir1/")),
		exchange("request-line.path-double-slash-collapsed", "//evil.example/..%2f..%2f../dir1 stays on this host", ModeDefault,
			"GET //evil.example/..%2f..%2f../dir1 HTTP/1.0\r\n\r\n",
			status(301), header("Location", "/evil.example/..%2f..%2f../dir1/")),
		exchange("request-line.path-double-slash-collapsed", "///dir1 redirects to /dir1/", ModeDefault,
			"GET ///dir1 HTTP/1.0\r\n\r\n",
			status(301), header("Location", "/dir1/")),
		exchange("request-line.path-double-slash-kept", "//dir1 redirects to //dir1/", ModeDefault,
			"GET //dir1 HTTP/1.0\r\n\r\n",
			status(301), header("Location", "//dir1/")),
		exchange("request-line.path-double-slash-kept", "//evil.example/..%2f..%2f../dir1 redirects off the host", ModeDefault,
			"GET //evil.example/..%2f..%2f../dir1 HTTP/1.0\r\n\r\n",
			status(301), header("Location", "//evil.example/..%2f..%2f../dir1/")),
	}
})

// HTTP/0.9 in all its forms (§2.4, §2.6, §3.5).
var _ = register(func() []Spec {
	return []Spec{
		exchange("request-line.http09-headerless", "GET /a.txt with no version", ModeDefault,
			"GET /a.txt\r\n\r\n",
			headerless("hello\n"), closed()),
		exchange("request-line.http09-headerless", "GET /a.txt with no version, half-closed", ModeDefault,
			"GET /a.txt\r\n",
			headerless("hello\n"), closed()).halfClosed(),
		exchange("request-line.http09-headerless", "GET /a.txt with a header, LF line ends", ModeDefault,
			"GET /a.txt\nHost: x\n\n",
			headerless("hello\n"), closed()),
		exchange("request-line.http09-headerless", "GET /dir1/ serves the index page bare", ModeDefault,
			"GET /dir1/\r\n\r\n",
			headerless("<p>dir1 index.html</p>\n"), closed()),
		exchange("request-line.http09-headerless", "GET /missing.txt: the 404 page bare", ModeDefault,
			"GET /missing.txt\r\n\r\n", bareErrorPage(404, "File not found")...),
		exchange("request-line.http09-headerless", "GET /a.txt on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt\r\n\r\n",
			headerless("hello\n"), closed()),
		exchange("request-line.http09-literal-version-headerless", "GET /a.txt HTTP/0.9", ModeDefault,
			"GET /a.txt HTTP/0.9\r\n\r\n",
			headerless("hello\n"), closed()),
		exchange("request-line.http09-literal-version-headerless", "HEAD /a.txt HTTP/0.9 gets nothing at all", ModeDefault,
			"HEAD /a.txt HTTP/0.9\r\n\r\n",
			nothing(), closed()),
		exchange("request-line.http09-literal-version-headerless", "FOO /a.txt HTTP/0.9 gets a bare 501 page", ModeDefault,
			"FOO /a.txt HTTP/0.9\r\n\r\n", bareErrorPage(501, "Unsupported method ('FOO')")...),
		exchange("request-line.http09-literal-version-headerless", "GET /a.txt HTTP/0.9 on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/0.9\r\n\r\n",
			headerless("hello\n"), closed()),
		exchange("request-line.http09-other-zero-versions-framed", "GET /a.txt HTTP/00.9", ModeDefault,
			"GET /a.txt HTTP/00.9\r\n\r\n", append(servedHello(), closed())...),
		exchange("request-line.http09-other-zero-versions-framed", "GET /a.txt HTTP/0.8", ModeDefault,
			"GET /a.txt HTTP/0.8\r\n\r\n", append(servedHello(), closed())...),
		exchange("request-line.http09-other-zero-versions-framed", "HEAD /a.txt HTTP/0.09", ModeDefault,
			"HEAD /a.txt HTTP/0.09\r\n\r\n",
			statusLine("HTTP/1.0 200 OK"), header("Content-Length", "6"), emptyBody(), closed()),
		silenceFirst("request-line.http09-waits-for-headers", "GET /a.txt CRLF, then silence until the blank line", ModeDefault,
			"GET /a.txt\r\n", "\r\n",
			headerless("hello\n"), closed()),
		exchange("request-line.http09-redirect-empty", "GET /dir1", ModeDefault,
			"GET /dir1\r\n\r\n",
			nothing(), closed()),
		loggedExchange("request-line.http09-redirect-empty", "GET /dir1 is logged as a 301", ModeDefault,
			"GET /dir1\r\n\r\n", false, func(c *Case, res *wire.Result, lines []string) {
				c.Expect(res).To(nothing())
				c.Expect(lines).To(haveLogLineEnding(accessLogTail("GET /dir1", 301)))
			}),
		exchange("request-line.http09-not-modified-empty", "GET /a.txt with If-Modified-Since of its mtime", ModeDefault,
			"GET /a.txt\r\nIf-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n",
			nothing(), closed()),
	}
})
