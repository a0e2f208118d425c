package catalog

// citeExpect100 is the documented sentence on Expect: 100-continue.
var (
	citeExpect100 = Citation{
		Doc:      "http.server: BaseHTTPRequestHandler.handle_expect_100",
		Quote:    "Cuando un servidor compatible con HTTP/1.1 recibe un encabezado de solicitud Expect: 100-continue, responde con un 100 Continue seguido de encabezados 200 OK.",
		Source:   "Lib/http/server.py: BaseHTTPRequestHandler.parse_request, handle_expect_100",
		Research: "§2.9",
	}
	citeExpectRule = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.parse_request (Expect check), handle_expect_100", Research: "§2.9"}
)

var expect = []Behavior{
	{
		ID:       "expect.100-continue-sent",
		Area:     AreaExpect,
		Summary:  "An HTTP/1.1 server answering an HTTP/1.1 request with Expect: 100-continue first sends an interim 100 Continue, then the final response",
		Level:    Documented,
		Versions: All(),
		Cite:     citeExpect100,
	},
	{
		ID:       "expect.interim-status-line-only",
		Area:     AreaExpect,
		Summary:  "The interim response is exactly HTTP/1.1 100 Continue\\r\\n\\r\\n: the server's protocol version, no Server or Date header",
		Level:    Detail,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.send_response_only",
			Quote:    "Envía el encabezado de respuesta solamente, usado para los propósitos cuando la respuesta 100 Continue es enviada por el servidor al cliente.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.handle_expect_100, send_response_only",
			Research: "§2.9",
		},
	},
	{
		ID:       "expect.value-case-insensitive-exact",
		Area:     AreaExpect,
		Summary:  "The Expect value is compared case-insensitively and exactly: 100-CONTINUE gets the interim response, '100-continue, x' does not",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpectRule,
	},
	{
		ID:       "expect.never-on-http10-server",
		Area:     AreaExpect,
		Summary:  "The default HTTP/1.0 server never sends 100 Continue",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpect100,
	},
	{
		ID:       "expect.not-for-http10-request",
		Area:     AreaExpect,
		Summary:  "An HTTP/1.0 request with Expect: 100-continue gets no interim response, also on an HTTP/1.1 server",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpectRule,
	},
	{
		ID:       "expect.version-string-comparison",
		Area:     AreaExpect,
		Summary:  "The request version is compared as a string with HTTP/1.1: HTTP/1.10 and HTTP/1.2 get 100 Continue, HTTP/01.01 does not",
		Level:    Informational,
		Versions: All(),
		Cite:     citeExpectRule,
	},
	{
		ID:       "expect.before-dispatch",
		Area:     AreaExpect,
		Summary:  "100 Continue is sent before the method and path are looked at: POST to the default server gets 100 then 501, a missing file gets 100 then 404",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpectRule,
	},
	{
		ID:       "expect.sent-without-body",
		Area:     AreaExpect,
		Summary:  "100 Continue is sent even for a request that announces no body (a GET)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpectRule,
	},
	{
		ID:       "expect.interim-not-logged",
		Area:     AreaExpect,
		Summary:  "The interim 100 Continue writes no log line; only the final response is logged",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpectRule,
	},
	{
		ID:       "expect.never-417",
		Area:     AreaExpect,
		Summary:  "No Expect value is ever refused with 417: other expectations are ignored and the request is answered normally",
		Level:    Detail,
		Versions: All(),
		Cite:     citeExpectRule,
	},
}
