package catalog

// Citations shared by the request-line entries.
var (
	citeParseRequest     = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request", Research: "§2"}
	citeReadRequestLine  = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.handle_one_request", Research: "§2.1"}
	citeWordSplit        = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request (str.split on the Latin-1 line)", Research: "§2.2"}
	citeWordCount        = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request", Research: "§2.3"}
	citeVersionCheck     = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request", Research: "§2.4"}
	citeVersionDigits    = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request", Issues: []string{"gh-103204"}, Research: "§2.4"}
	citeHTTP09           = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request, send_response_only, send_header", Research: "§2.6, §3.5"}
	citeHeaderlessErrors = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request (default_request_version = \"HTTP/0.9\"), send_error", Issues: []string{"gh-54930"}, Research: "§3.5"}
)

// Version sets shared with other areas.
//
// gh-87389 (the // collapse): confirmed in Misc/NEWS.d/3.7.14.rst, 3.8.14.rst and 3.9.14.rst (Security
// section, release date 2022-09-06) and in the 3.10.6 changelog ("What's New in Python 3.10.6 final");
// 3.11.0 shipped it from its betas. Live: present in 3.7.16, 3.8.18, 3.9.18, 3.10.13, absent in 3.6.15.
//
// gh-103204 (version digits): confirmed in Misc/NEWS.d/3.11.4.rst (Library section, release date
// 2023-06-06); not in 3.10.x. Live: present in 3.11.7, absent in 3.10.13.
var (
	doubleSlashFix   = Backported("3.7.14", "3.8.14", "3.9.14", "3.10.6", "3.11")
	versionDigitsFix = Since("3.11.4")
)

var requestLine = []Behavior{
	{
		ID:       "request-line.http09-headerless",
		Area:     AreaRequestLine,
		Summary:  "A two-word GET is an HTTP/0.9 request: the answer is the body alone, no status line or headers, then close",
		Level:    Detail,
		Versions: All(),
		Cite: Citation{
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler class docstring (\"this is assumed to be an HTTP 0.9 request ... the reply consists of just the data\"), parse_request, send_response_only",
			Research: "§2.6, §3.5",
		},
	},
	{
		ID:       "request-line.path-double-slash-collapsed",
		Area:     AreaRequestLine,
		Summary:  "A path starting with // is reduced to a single / before it is used (open-redirect fix)",
		Level:    Detail,
		Versions: doubleSlashFix,
		Cite: Citation{
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.parse_request",
			Issues:   []string{"gh-87389", "CVE-2021-28861"},
			Research: "§2.5",
		},
		Change:  "3.6 and the releases before the backports keep the // (GET //dir1 redirects to //dir1/)",
		Related: []string{"request-line.path-double-slash-kept"},
	},
	{
		ID:       "request-line.path-double-slash-kept",
		Area:     AreaRequestLine,
		Summary:  "A path starting with // is used as sent (before the open-redirect fix)",
		Level:    Detail,
		Versions: Not(doubleSlashFix),
		Cite:     citeParseRequest,
		Change:   "fixed by gh-87389 in 3.7.14, 3.8.14, 3.9.14, 3.10.6 and 3.11",
		Related:  []string{"request-line.path-double-slash-collapsed"},
	},

	// Reading the line (§2.1).
	{
		ID:       "request-line.max-length-accepted",
		Area:     AreaRequestLine,
		Summary:  "A request line of exactly 65536 bytes including its CRLF is read and answered normally",
		Level:    Detail,
		Versions: All(),
		Cite:     citeReadRequestLine,
	},
	{
		ID:       "request-line.too-long-414",
		Area:     AreaRequestLine,
		Summary:  "A request line longer than 65536 bytes including its LF gets a 414 error with a status line and headers (Connection: close), then close",
		Level:    Detail,
		Versions: All(),
		Cite:     citeReadRequestLine,
	},
	{
		ID:       "request-line.eof-silent-close",
		Area:     AreaRequestLine,
		Summary:  "A connection closed by the client before any byte gets no response and no log line",
		Level:    Detail,
		Versions: All(),
		Cite:     citeReadRequestLine,
	},
	{
		ID:       "request-line.blank-line-silent-close",
		Area:     AreaRequestLine,
		Summary:  "An empty or whitespace-only request line (\\r\\n, '   \\r\\n') closes the connection with no response and no log line, so a request after leading CRLFs is never answered",
		Level:    Informational,
		Versions: All(),
		Cite:     citeReadRequestLine,
		Change:   "not the RFC 9112 §2.2 behaviour of ignoring leading empty lines",
	},
	{
		ID:       "request-line.lf-terminator",
		Area:     AreaRequestLine,
		Summary:  "A request line ended by a bare LF is accepted",
		Level:    Detail,
		Versions: All(),
		Cite:     citeReadRequestLine,
	},
	{
		ID:       "request-line.trailing-cr-run-stripped",
		Area:     AreaRequestLine,
		Summary:  "Any trailing run of CR and LF characters is stripped: GET /a.txt HTTP/1.0\\r\\r\\n is answered normally",
		Level:    Detail,
		Versions: All(),
		Cite:     citeReadRequestLine,
	},
	{
		ID:       "request-line.bare-cr-not-terminator",
		Area:     AreaRequestLine,
		Summary:  "A line ended only by CR is not complete: the server sends nothing until an LF arrives",
		Level:    Detail,
		Versions: All(),
		Cite:     citeReadRequestLine,
	},
	{
		ID:       "request-line.latin1-decoded",
		Area:     AreaRequestLine,
		Summary:  "The request line is decoded as Latin-1, one character per byte: a raw 0xFC byte in the path names the file ü",
		Level:    Detail,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request (str(raw_requestline, 'iso-8859-1'))", Research: "§2.1, §4.1"},
	},

	// Word splitting (§2.2): Python's str.split() on the Latin-1 text.
	{
		ID:       "request-line.split-space-tab",
		Area:     AreaRequestLine,
		Summary:  "SP (0x20) and HTAB (0x09) separate the words of the request line",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},
	{
		ID:       "request-line.split-vt-ff",
		Area:     AreaRequestLine,
		Summary:  "VT (0x0B) and FF (0x0C) separate the words of the request line (GET\\x0b/a.txt\\x0cHTTP/1.0 gets 200)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},
	{
		ID:       "request-line.split-embedded-cr",
		Area:     AreaRequestLine,
		Summary:  "A CR inside the request line separates words: GET /a.txt HTTP/1.0\\rX has four words",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},
	{
		ID:       "request-line.split-info-separators",
		Area:     AreaRequestLine,
		Summary:  "The bytes 0x1C, 0x1D, 0x1E and 0x1F separate the words of the request line (GET\\x1c/a.txt\\x1fHTTP/1.0 gets 200)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},
	{
		ID:       "request-line.split-nel-nbsp",
		Area:     AreaRequestLine,
		Summary:  "The Latin-1 bytes 0x85 (NEL) and 0xA0 (NBSP) separate the words of the request line (GET\\xa0/a.txt\\xa0HTTP/1.0 gets 200)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},
	{
		ID:       "request-line.split-other-bytes-not-separators",
		Area:     AreaRequestLine,
		Summary:  "No byte outside 09–0D, 1C–20, 85 and A0 separates words: NUL, ESC, DEL and 0x81 stay inside the word they appear in",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},
	{
		ID:       "request-line.split-runs-and-ends-ignored",
		Area:     AreaRequestLine,
		Summary:  "Leading whitespace, trailing whitespace and runs of whitespace between words are accepted (' GET  /a.txt   HTTP/1.0 ' gets 200)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordSplit,
	},

	// Word counts (§2.3).
	{
		ID:       "request-line.one-word-bad-syntax",
		Area:     AreaRequestLine,
		Summary:  "A one-word request line gets 400 with the message Bad request syntax ('GET'), then close",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordCount,
	},
	{
		ID:       "request-line.two-word-non-get-rejected",
		Area:     AreaRequestLine,
		Summary:  "A two-word request line whose method is not exactly GET gets 400 with the message Bad HTTP/0.9 request type ('HEAD'), then close",
		Level:    Detail,
		Versions: All(),
		Cite:     citeWordCount,
	},
	{
		ID:       "request-line.four-words-bad-syntax-unchecked",
		Area:     AreaRequestLine,
		Summary:  "A request line of four or more words gets 400 Bad request syntax ('GET /a b c') without its last word being examined as a version",
		Level:    Detail,
		Versions: Only("3.6"),
		Cite:     citeWordCount,
		Change:   "3.7 checks the last word as a version first (Bad request version ('c')) and answers a valid one with a framed 400",
		Related:  []string{"request-line.four-words-version-checked-first", "request-line.four-words-bad-syntax-framed"},
	},
	{
		ID:       "request-line.four-words-version-checked-first",
		Area:     AreaRequestLine,
		Summary:  "In a request line of four or more words the last word is validated as the version first: GET /a b c gets 400 Bad request version ('c')",
		Level:    Detail,
		Versions: Since("3.7"),
		Cite:     citeWordCount,
		Change:   "3.6 answers Bad request syntax ('GET /a b c') without looking at the version",
		Related:  []string{"request-line.four-words-bad-syntax-unchecked", "request-line.four-words-bad-syntax-framed"},
	},
	{
		ID:       "request-line.four-words-bad-syntax-framed",
		Area:     AreaRequestLine,
		Summary:  "A request line of four or more words ending in a valid version gets 400 Bad request syntax ('GET /a b HTTP/1.0') with a status line and headers",
		Level:    Detail,
		Versions: Since("3.7"),
		Cite:     citeWordCount,
		Change:   "3.6 sends the same 400 headerless",
		Related:  []string{"request-line.four-words-bad-syntax-unchecked", "request-line.four-words-version-checked-first"},
	},
	{
		ID:       "request-line.errors-headerless",
		Area:     AreaRequestLine,
		Summary:  "Errors raised while validating the request line (one word, bad version, version ≥ 2.0, non-GET two-word line, 3.6's four words) are sent without status line or headers, body only, then close, even on an HTTP/1.1 server",
		Level:    Informational,
		Versions: All(),
		Cite:     citeHeaderlessErrors,
		Change:   "an accident of request_version still being HTTP/0.9 (gh-54930); CPython main later gives malformed request lines a status line",
	},

	// Version validation (§2.4).
	{
		ID:       "request-line.version-prefix-required",
		Area:     AreaRequestLine,
		Summary:  "A version word not starting with the case-sensitive HTTP/ (http/1.0, FOO/1.0, HTTP1.0) gets 400 Bad request version ('http/1.0')",
		Level:    Detail,
		Versions: All(),
		Cite:     citeVersionCheck,
	},
	{
		ID:       "request-line.version-two-components",
		Area:     AreaRequestLine,
		Summary:  "A version without exactly one dot after HTTP/ (HTTP/, HTTP/1, HTTP/1.0.1) gets 400 Bad request version",
		Level:    Detail,
		Versions: All(),
		Cite:     citeVersionCheck,
	},
	{
		ID:       "request-line.version-non-numeric-rejected",
		Area:     AreaRequestLine,
		Summary:  "A version with non-numeric components (HTTP/a.b, HTTP/é) gets 400 Bad request version, the word shown as Python repr",
		Level:    Detail,
		Versions: All(),
		Cite:     citeVersionCheck,
	},
	{
		ID:       "request-line.version-unicode-digits-rejected",
		Area:     AreaRequestLine,
		Summary:  "A version made of Latin-1 superscript digits (HTTP/¹.¹, bytes 0xB9) gets 400 Bad request version: they pass isdigit but not int()",
		Level:    Detail,
		Versions: All(),
		Cite:     citeVersionDigits,
	},
	{
		ID:       "request-line.version-leading-zeros-accepted",
		Area:     AreaRequestLine,
		Summary:  "Versions with leading zeros or several digits (HTTP/01.01, HTTP/1.10, HTTP/1.9, HTTP/0.8) are accepted and answered with a framed response",
		Level:    Detail,
		Versions: All(),
		Cite:     citeVersionCheck,
	},
	{
		ID:       "request-line.version-2-or-higher-505",
		Area:     AreaRequestLine,
		Summary:  "A version of 2.0 or higher (HTTP/2.0, HTTP/3.0, HTTP/10.0) gets 505 Invalid HTTP version (2.0), then close",
		Level:    Detail,
		Versions: All(),
		Cite:     citeVersionCheck,
	},
	{
		ID:       "request-line.version-signs-underscores-rejected",
		Area:     AreaRequestLine,
		Summary:  "Version components with a sign or underscore (HTTP/+1.1, HTTP/1.-1, HTTP/1_1.1) get 400 Bad request version",
		Level:    Detail,
		Versions: versionDigitsFix,
		Cite:     citeVersionDigits,
		Change:   "gh-103204 in 3.11.4; earlier releases let int() decide (HTTP/+1.1 is accepted, HTTP/1_1.1 is 505)",
		Related:  []string{"request-line.version-signs-accepted", "request-line.version-underscore-505"},
	},
	{
		ID:       "request-line.version-signs-accepted",
		Area:     AreaRequestLine,
		Summary:  "Version components with a sign (HTTP/+1.1, HTTP/1.-1) are accepted as int() reads them",
		Level:    Informational,
		Versions: Not(versionDigitsFix),
		Cite:     citeVersionCheck,
		Change:   "3.11.4 rejects them with 400 (gh-103204)",
		Related:  []string{"request-line.version-signs-underscores-rejected", "request-line.version-underscore-505"},
	},
	{
		ID:       "request-line.version-underscore-505",
		Area:     AreaRequestLine,
		Summary:  "HTTP/1_1.1 is read as version 11.1 and gets 505 Invalid HTTP version (1_1.1)",
		Level:    Informational,
		Versions: Not(versionDigitsFix),
		Cite:     citeVersionCheck,
		Change:   "3.11.4 answers 400 Bad request version ('HTTP/1_1.1') (gh-103204)",
		Related:  []string{"request-line.version-signs-underscores-rejected", "request-line.version-signs-accepted"},
	},
	{
		ID:       "request-line.version-component-max-10-digits",
		Area:     AreaRequestLine,
		Summary:  "A version component may have at most 10 characters: HTTP/1.0000000001 is accepted, HTTP/1.00000000001 gets 400 Bad request version",
		Level:    Detail,
		Versions: versionDigitsFix,
		Cite:     citeVersionDigits,
		Change:   "gh-103204 in 3.11.4; earlier releases accept components of any length",
		Related:  []string{"request-line.version-component-any-length"},
	},
	{
		ID:       "request-line.version-component-any-length",
		Area:     AreaRequestLine,
		Summary:  "Version components of any length are accepted (HTTP/1.00000000001 is HTTP/1.1)",
		Level:    Informational,
		Versions: Not(versionDigitsFix),
		Cite:     citeVersionCheck,
		Change:   "3.11.4 limits each component to 10 characters (gh-103204)",
		Related:  []string{"request-line.version-component-max-10-digits"},
	},

	// HTTP/0.9 in its other forms (§2.4, §2.6).
	{
		ID:       "request-line.http09-literal-version-headerless",
		Area:     AreaRequestLine,
		Summary:  "A three-word request line whose version is exactly HTTP/0.9 is answered without status line or headers, whatever its method",
		Level:    Detail,
		Versions: All(),
		Cite:     citeHTTP09,
	},
	{
		ID:       "request-line.http09-other-zero-versions-framed",
		Area:     AreaRequestLine,
		Summary:  "HTTP/00.9 and HTTP/0.8 are not HTTP/0.9: they get a normal status line and headers",
		Level:    Detail,
		Versions: All(),
		Cite:     citeHTTP09,
	},
	{
		ID:      "request-line.http09-waits-for-headers",
		Area:    AreaRequestLine,
		Summary: "After a two-word GET line the server still reads headers up to a blank line or EOF: a client that sends only GET /a.txt\\r\\n and waits gets nothing",
		Level:   Informational,
		// gh-70765 was fixed in October 2025 (PR gh-139514, 3.13 backport gh-139602); the first fixed
		// 3.13.x release is not confirmed, so the range stops at the sampled 3.13.0.
		Versions: Until("3.13.0"),
		Cite:     Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request (http.client.parse_headers)", Issues: []string{"gh-70765", "gh-139514", "gh-139602"}, Research: "§2.6, §12"},
		Change:   "later 3.13.x releases and 3.14 answer HTTP/0.9 requests without waiting for headers (gh-70765)",
	},
	{
		ID:       "request-line.http09-redirect-empty",
		Area:     AreaRequestLine,
		Summary:  "An HTTP/0.9 GET of a directory without trailing slash gets zero bytes and close, while the log records a 301",
		Level:    Informational,
		Versions: All(),
		Cite:     citeHTTP09,
	},
	{
		ID:       "request-line.http09-not-modified-empty",
		Area:     AreaRequestLine,
		Summary:  "An HTTP/0.9 GET with a matching If-Modified-Since header gets zero bytes and close (a headerless 304)",
		Level:    Informational,
		Versions: Since("3.7"),
		Cite:     citeHTTP09,
		Change:   "3.6 ignores If-Modified-Since and sends the file",
	},
}
