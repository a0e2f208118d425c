package catalog

// Citations shared by the If-Modified-Since entries.
var (
	citeIMSDoc = Citation{
		Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
		Quote:    "If there was an 'If-Modified-Since' header in the request, and the file was not modified after this time, a 304, 'Not Modified' response is sent.",
		Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head",
		Research: "§4.7",
	}
	citeIMS = Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head (email.utils.parsedate_to_datetime)", Research: "§4.7"}
)

// imsSupported: If-Modified-Since arrived in 3.7, as the documentation says.
var imsSupported = Since("3.7")

var conditional = []Behavior{
	{
		ID:       "conditional.not-modified-304",
		Area:     AreaConditional,
		Summary:  "A file not modified after the If-Modified-Since time (equal or later) gets 304 Not Modified; an earlier time gets the full 200",
		Level:    Documented,
		Versions: imsSupported,
		Cite:     citeIMSDoc,
		Change:   "3.6 ignores If-Modified-Since",
		Related:  []string{"conditional.ignored"},
	},
	{
		ID:       "conditional.ignored",
		Area:     AreaConditional,
		Summary:  "If-Modified-Since is ignored: a file is always sent with 200",
		Level:    Documented,
		Versions: Not(imsSupported),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
			Quote:    "Distinto en la versión 3.7: Soporta la cabecera 'If-Modified-Since'.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head",
			Research: "§4.7",
		},
		Change:  "3.7 answers 304 when the file was not modified",
		Related: []string{"conditional.not-modified-304"},
	},
	{
		ID:       "conditional.304-shape",
		Area:     AreaConditional,
		Summary:  "The 304 is the status line, Server and Date only: no body, Content-Length, Content-type or Last-Modified; it is logged as 304",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.second-precision",
		Area:     AreaConditional,
		Summary:  "The comparison is at whole seconds: an If-Modified-Since equal to the Last-Modified sent gets 304 even when the mtime has a fraction",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.naive-zone-is-utc",
		Area:     AreaConditional,
		Summary:  "A date with no zone, -0000, or an unknown zone name (XYZ) is taken as UTC",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.utc-aliases",
		Area:     AreaConditional,
		Summary:  "GMT, gmt, UT, UTC, Z and +0000 all count as UTC and are compared",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.other-offset-ignored",
		Area:     AreaConditional,
		Summary:  "A date with any other offset (+0100, EST) is not compared: 200, even for the same or a later instant",
		Level:    Informational,
		Versions: All(), // 3.6 ignores If-Modified-Since altogether, which gives the same 200
		Cite:     citeIMS,
	},
	{
		ID:       "conditional.obsolete-date-forms",
		Area:     AreaConditional,
		Summary:  "RFC 850 (Thursday, 02-Jan-20 03:04:05 GMT) and asctime (Thu Jan  2 03:04:05 2020) dates are understood",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.lenient-date-forms",
		Area:     AreaConditional,
		Summary:  "Dates without weekday, with a wrong weekday, with one-digit fields (Thu, 2 Jan 2020 3:4:5 GMT) or far in the future (2999) are understood",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.two-digit-year",
		Area:     AreaConditional,
		Summary:  "A two-digit year up to 68 means 20xx and 69–99 mean 19xx (Thu, 02 Jan 20 03:04:05 GMT is 2020)",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.unparseable-ignored",
		Area:     AreaConditional,
		Summary:  "An unparseable If-Modified-Since (garbage, empty, day 32, year 99999, ISO 8601) is ignored: 200",
		Level:    Detail,
		Versions: All(), // 3.6 ignores If-Modified-Since altogether, which gives the same 200
		Cite:     citeIMS,
	},
	{
		ID:       "conditional.if-none-match-disables",
		Area:     AreaConditional,
		Summary:  "Any If-None-Match header, whatever its value (even empty), disables If-Modified-Since: 200; If-None-Match itself never yields 304",
		Level:    Detail,
		Versions: All(), // 3.6 ignores If-Modified-Since altogether, which gives the same 200
		Cite:     citeIMS,
	},
	{
		ID:       "conditional.first-header-wins",
		Area:     AreaConditional,
		Summary:  "With two If-Modified-Since headers only the first counts: garbage then a valid date gets 200",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.head-304",
		Area:     AreaConditional,
		Summary:  "HEAD with a matching If-Modified-Since gets the same 304",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.index-file-304",
		Area:     AreaConditional,
		Summary:  "GET of a directory served by its index file honours If-Modified-Since (304)",
		Level:    Detail,
		Versions: imsSupported,
		Cite:     citeIMS,
		Change:   "3.6 ignores If-Modified-Since and always sends the file with 200",
	},
	{
		ID:       "conditional.listing-ignores-ims",
		Area:     AreaConditional,
		Summary:  "A directory listing ignores If-Modified-Since and is always 200",
		Level:    Detail,
		Versions: All(),
		Cite:     citeListDirectory,
	},
}
