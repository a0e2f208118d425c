package suite

// Specs for the directory redirect: research §4.3 (SimpleHTTPRequestHandler.send_head: urlsplit of
// self.path, then urlunsplit with the path plus "/"), §2.5 (the // collapse) and §3.1 (Latin-1 headers).

// redirectBytes is every byte of the directory redirect to location: Location, then Content-Length: 0
// on releases with bpo-43972 (3.9.6+) and nothing on older ones.
func redirectBytes(location string, withLength bool) Check {
	out := "HTTP/1.0 301 Moved Permanently\r\nServer: <SERVER>\r\nDate: <DATE>\r\nLocation: " + location + "\r\n"
	if withLength {
		out += "Content-Length: 0\r\n"
	}
	return exactly(out + "\r\n")
}

var _ = register(func() []Spec {
	return []Spec{
		exchange("redirects.directory-301", "GET /dir1", ModeDefault,
			sendGET("/dir1"), redirectedTo("/dir1/")),
		exchange("redirects.directory-301", "GET /listdir/sub", ModeDefault,
			sendGET("/listdir/sub"), redirectedTo("/listdir/sub/")),
		exchange("redirects.directory-301", "HEAD /dir1", ModeDefault,
			sendHEAD("/dir1"), redirectedTo("/dir1/")),
		exchange("redirects.directory-301", "GET /emptydir/. (normalised to a directory, yet no trailing slash)", ModeDefault,
			sendGET("/emptydir/."), redirectedTo("/emptydir/./")),

		exchange("redirects.no-body", "GET /dir1", ModeDefault,
			sendGET("/dir1"), status(301), noHeader("Content-Type"), emptyBody(), closed()),
		exchange("redirects.no-body", "HEAD /dir1", ModeDefault,
			sendHEAD("/dir1"), status(301), noHeader("Content-Type"), emptyBody(), closed()),

		exchange("redirects.content-length-zero", "GET /dir1: every byte", ModeDefault,
			sendGET("/dir1"), redirectBytes("/dir1/", true)),
		exchange("redirects.content-length-zero", "GET /sp%20dir: every byte", ModeDefault,
			sendGET("/sp%20dir"), redirectBytes("/sp%20dir/", true)),
		exchange("redirects.no-content-length", "GET /dir1: every byte", ModeDefault,
			sendGET("/dir1"), redirectBytes("/dir1/", false)),
		exchange("redirects.no-content-length", "GET /sp%20dir: every byte", ModeDefault,
			sendGET("/sp%20dir"), redirectBytes("/sp%20dir/", false)),

		exchange("redirects.query-kept-verbatim", "/dir1?q=1&r=<2>", ModeDefault,
			sendGET("/dir1?q=1&r=<2>"), redirectedTo("/dir1/?q=1&r=<2>")),
		exchange("redirects.query-kept-verbatim", "/dir1?a=%20b&c=%zz", ModeDefault,
			sendGET("/dir1?a=%20b&c=%zz"), redirectedTo("/dir1/?a=%20b&c=%zz")),
		exchange("redirects.query-kept-verbatim", "/dir1? (an empty query is dropped by urlunsplit)", ModeDefault,
			sendGET("/dir1?"), redirectedTo("/dir1/")),

		exchange("redirects.fragment-kept", "/dir1#f", ModeDefault,
			sendGET("/dir1#f"), redirectedTo("/dir1/#f")),
		exchange("redirects.fragment-kept", "/dir1?q#f", ModeDefault,
			sendGET("/dir1?q#f"), redirectedTo("/dir1/?q#f")),

		exchange("redirects.escapes-kept", "/sp%20dir", ModeDefault,
			sendGET("/sp%20dir"), redirectedTo("/sp%20dir/")),
		exchange("redirects.escapes-kept", "/q%3Fdir (the decoded ? is not a query)", ModeDefault,
			sendGET("/q%3Fdir"), redirectedTo("/q%3Fdir/")),
		exchange("redirects.escapes-kept", "/h%23dir (the decoded # is not a fragment)", ModeDefault,
			sendGET("/h%23dir"), redirectedTo("/h%23dir/")),
		exchange("redirects.escapes-kept", "/listdir%2fsub", ModeDefault,
			sendGET("/listdir%2fsub"), redirectedTo("/listdir%2fsub/")),
		exchange("redirects.escapes-kept", "/%64ir1 (an escaped letter)", ModeDefault,
			sendGET("/%64ir1"), redirectedTo("/%64ir1/")),

		exchange("redirects.dot-segments-kept", "/emptydir/../dir1", ModeDefault,
			sendGET("/emptydir/../dir1"), redirectedTo("/emptydir/../dir1/")),
		exchange("redirects.dot-segments-kept", "/./dir1", ModeDefault,
			sendGET("/./dir1"), redirectedTo("/./dir1/")),

		exchange("redirects.double-slash-collapsed", "//dir1", ModeDefault,
			sendGET("//dir1"), redirectedTo("/dir1/")),
		exchange("redirects.double-slash-collapsed", "//evil.example/..%2f..%2f../dir1", ModeDefault,
			sendGET("//evil.example/..%2f..%2f../dir1"), redirectedTo("/evil.example/..%2f..%2f../dir1/")),
		exchange("redirects.double-slash-open-redirect", "//dir1", ModeDefault,
			sendGET("//dir1"), redirectedTo("//dir1/")),
		exchange("redirects.double-slash-open-redirect", "//evil.example/..%2f..%2f../dir1", ModeDefault,
			sendGET("//evil.example/..%2f..%2f../dir1"), redirectedTo("//evil.example/..%2f..%2f../dir1/")),

		exchange("redirects.triple-slash-single", "///dir1", ModeDefault,
			sendGET("///dir1"), redirectedTo("/dir1/")),

		exchange("redirects.absolute-form-keeps-host", "GET http://example.com/../../dir1", ModeDefault,
			sendGET("http://example.com/../../dir1"), redirectedTo("http://example.com/../../dir1/")),

		exchange("redirects.crlf-not-injected", "/dir1?%0d%0aX-Injected:%20yes", ModeDefault,
			sendGET("/dir1?%0d%0aX-Injected:%20yes"),
			redirectedTo("/dir1/?%0d%0aX-Injected:%20yes"), noHeader("X-Injected")),
		exchange("redirects.crlf-not-injected", "/dir1%0d%0aX-Injected:%20yes (no such directory)", ModeDefault,
			sendGET("/dir1%0d%0aX-Injected:%20yes"), fileNotFound(), noHeader("X-Injected")),

		exchange("redirects.location-latin1-bytes", "/\\xfc/../dir1: the raw byte comes back as one byte", ModeDefault,
			sendGET("/\xfc/../dir1"), redirectedTo("/\xfc/../dir1/")),
		exchange("redirects.location-latin1-bytes", "/dir1?\\xe9=\\xff", ModeDefault,
			sendGET("/dir1?\xe9=\xff"), redirectedTo("/dir1/?\xe9=\xff")),
	}
})
