package suite

import "strings"

// Specs for the request line: research §2.1–§2.6, BaseHTTPRequestHandler.handle_one_request and
// parse_request.

// requestLineOf builds "GET /<x...> HTTP/1.0\r\n" of exactly total bytes, CRLF included.
func requestLineOf(total int) string {
	const head, tail = "GET /", " HTTP/1.0\r\n"
	return head + strings.Repeat("x", total-len(head)-len(tail)) + tail
}

var _ = register(
	exchange("request-line.max-length-accepted", "a 65536-byte request line (CRLF included) is parsed", ModeDefault,
		requestLineOf(65536)+"\r\n",
		statusLine("HTTP/1.0 404 File not found"), closed()),
	exchange("request-line.too-long-414", "a 65537-byte request line gets 414", ModeDefault,
		requestLineOf(65537)+"\r\n",
		status(414), header("Connection", "close"), closed()),
	exchange("request-line.http09-headerless", "GET /a.txt with no version", ModeDefault,
		"GET /a.txt\r\n\r\n",
		headerless("hello\n"), closed()),
	exchange("request-line.http09-headerless", "GET /a.txt with no version, half-closed", ModeDefault,
		"GET /a.txt\r\n",
		headerless("hello\n"), closed()).halfClosed(),
	exchange("request-line.blank-line-silent-close", "an empty line before the request", ModeDefault,
		"\r\nGET /a.txt HTTP/1.0\r\n\r\n",
		nothing(), closed()),
	exchange("request-line.split-nel-nbsp", "NBSP (0xA0) between the words", ModeDefault,
		"GET\xa0/a.txt\xa0HTTP/1.0\r\n\r\n",
		statusLine("HTTP/1.0 200 OK"), body("hello\n")),
	exchange("request-line.split-nel-nbsp", "NEL (0x85) between the words", ModeDefault,
		"GET\x85/a.txt\x85HTTP/1.0\r\n\r\n",
		statusLine("HTTP/1.0 200 OK"), body("hello\n")),
	exchange("request-line.version-2-or-higher-505", "HTTP/2.0", ModeDefault,
		"GET / HTTP/2.0\r\n\r\n",
		headerlessContaining("<p>Error code: 505</p>"), headerlessContaining("Invalid HTTP version (2.0)"), closed()),
	exchange("request-line.path-double-slash-collapsed", "//dir1 redirects to /dir1/", ModeDefault,
		"GET //dir1 HTTP/1.0\r\n\r\n",
		status(301), header("Location", "/dir1/")),
	exchange("request-line.path-double-slash-kept", "//dir1 redirects to //dir1/", ModeDefault,
		"GET //dir1 HTTP/1.0\r\n\r\n",
		status(301), header("Location", "//dir1/")),
)
