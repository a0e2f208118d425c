package catalog

// citeDispatch is the documented sentence on how a request reaches its do_ method.
var (
	citeDispatch = Citation{
		Doc:      "http.server: BaseHTTPRequestHandler",
		Quote:    "The handler will parse the request and the headers, then call a method specific to the request type. The method name is constructed from the request. For example, for the request method SPAM, the do_SPAM() method will be called with no arguments.",
		Source:   "Lib/http/server.py: BaseHTTPRequestHandler.handle_one_request",
		Research: "§2.10",
	}
	citeUnsupported = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.handle_one_request (Unsupported method)", Research: "§2.10"}
)

var methods = []Behavior{
	{
		ID:       "methods.simple-get-head",
		Area:     AreaMethods,
		Summary:  "The file server answers GET and HEAD",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler",
			Quote:    "Esta clase implementa las funciones do_GET() y do_HEAD().",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.do_GET, do_HEAD",
			Research: "§2.10",
		},
	},
	{
		ID:       "methods.head-same-headers-as-get",
		Area:     AreaMethods,
		Summary:  "HEAD gets the status line and headers GET would get (files, listings with their Content-Length, redirects) and no body",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.do_HEAD",
			Quote:    "Este método sirve para el tipo de petición: 'HEAD' envía los encabezados que enviaría para la petición equivalente GET.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.do_HEAD",
			Research: "§4.4",
		},
	},
	{
		ID:       "methods.unsupported-501",
		Area:     AreaMethods,
		Summary:  "Any other method (POST, PUT, OPTIONS *, FOO) gets 501 Unsupported method ('FOO') with a status line and Connection: close",
		Level:    Detail,
		Versions: All(),
		Cite:     citeUnsupported,
	},
	{
		ID:       "methods.case-sensitive",
		Area:     AreaMethods,
		Summary:  "Methods are case-sensitive: get, Get and GETs get 501 Unsupported method",
		Level:    Detail,
		Versions: All(),
		Cite:     citeDispatch,
	},
	{
		ID:       "methods.501-reason-raw-body-escaped",
		Area:     AreaMethods,
		Summary:  "The 501 reason phrase carries the method's repr unescaped (501 Unsupported method ('<b>X')) while the body escapes it (&lt;b&gt;X)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeUnsupported,
	},
	{
		ID:       "methods.no-allow-header",
		Area:     AreaMethods,
		Summary:  "The 501 carries no Allow header",
		Level:    Detail,
		Versions: All(),
		Cite:     citeUnsupported,
	},
}
