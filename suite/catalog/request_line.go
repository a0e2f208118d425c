package catalog

// Citations shared by the request-line entries.
var citeParseRequest = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request", Research: "§2"}

var requestLine = []Behavior{
	{
		ID:       "request-line.http09-headerless",
		Area:     AreaRequestLine,
		Summary:  "A two-word GET is an HTTP/0.9 request: the answer is the body alone, no status line or headers, then close",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler (class docstring in Lib/http/server.py)",
			Quote:    "If the first line of the request has the form <command> <path> (i.e. <version> is left out) then this is assumed to be an HTTP 0.9 request; this form has no optional headers and data part and the reply consists of just the data.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.parse_request, send_response_only",
			Research: "§2.6, §3.5",
		},
	},
	{
		ID:       "request-line.path-double-slash-collapsed",
		Area:     AreaRequestLine,
		Summary:  "A path starting with // is reduced to a single / before it is used (open-redirect fix)",
		Level:    Detail,
		Versions: Backported("3.7.14", "3.8.14", "3.9.14", "3.10.6", "3.11"),
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
		Versions: Not(Backported("3.7.14", "3.8.14", "3.9.14", "3.10.6", "3.11")),
		Cite:     citeParseRequest,
		Change:   "fixed by gh-87389 in 3.7.14, 3.8.14, 3.9.14, 3.10.6 and 3.11",
		Related:  []string{"request-line.path-double-slash-collapsed"},
	},
}
