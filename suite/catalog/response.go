package catalog

// Citations shared by the response-framing entries.
var (
	citeSendResponse = Citation{
		Doc:      "http.server: BaseHTTPRequestHandler.send_response",
		Quote:    "La línea de respuesta HTTP se escribe en el búfer interno, seguido de los encabezados Server y Date.",
		Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_response",
		Research: "§3.2",
	}
	citeStatusLine  = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.send_response_only", Research: "§3.1"}
	citeHeaderOrder = Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head, list_directory; BaseHTTPRequestHandler.send_error", Research: "§3.3"}
)

var response = []Behavior{
	{
		ID:       "response.status-line-server-protocol",
		Area:     AreaResponse,
		Summary:  "The status line carries the server's protocol version, not the request's: an HTTP/1.1 request to the default server gets HTTP/1.0 200 OK",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.protocol_version",
			Quote:    "Es enviada como respuesta para informarle al cliente sobre las capacidades de comunicación del servidor para siguientes peticiones.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_response_only",
			Research: "§2.8, §3.1",
		},
	},
	{
		ID:       "response.default-http10",
		Area:     AreaResponse,
		Summary:  "The command-line server's status lines start with HTTP/1.0 unless another protocol is chosen",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: command-line interface",
			Quote:    "Por defecto, el servidor es conforme con HTTP/1.0.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.protocol_version",
			Research: "§2.8",
		},
	},
	{
		ID:       "response.server-then-date",
		Area:     AreaResponse,
		Summary:  "Every framed response starts with the status line, then Server, then Date",
		Level:    Documented,
		Versions: All(),
		Cite:     citeSendResponse,
	},
	{
		ID:       "response.server-header-value",
		Area:     AreaResponse,
		Summary:  "The Server header is version_string(): server_version and sys_version joined by one space, SimpleHTTP/0.6 Python/<version> on CPython, the version being the first word of sys.version (3.13.0, 3.12.1+)",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.version_string",
			Quote:    "Esta es una combinación de los atributos server_version y sys_version.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.version_string, SimpleHTTPRequestHandler.server_version",
			Research: "§3.2",
		},
	},
	{
		ID:       "response.server-simplehttp-prefix",
		Area:     AreaResponse,
		Summary:  "The Server header's first product is SimpleHTTP/ followed by the module's __version__",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.server_version",
			Quote:    "Esto sería \"SimpleHTTP/\" + __version__, donde __version__ se define a nivel de módulo.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.server_version",
			Research: "§3.2",
		},
	},
	{
		ID:       "response.date-rfc1123-gmt",
		Area:     AreaResponse,
		Summary:  "Date is the current time as an RFC 1123 date in GMT with English names and a two-digit day (Sun, 06 Nov 1994 08:49:37 GMT)",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.date_time_string",
			Quote:    "El resultado se muestra como Sun, 06 Nov 1994 08:49:37 GMT'.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.date_time_string (email.utils.formatdate usegmt)",
			Research: "§3.2",
		},
	},
	{
		ID:       "response.header-order-listing",
		Area:     AreaResponse,
		Summary:  "A directory listing's headers are Server, Date, Content-type: text/html; charset=<enc>, Content-Length, and nothing else (no Last-Modified)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeHeaderOrder,
	},
	{
		ID:       "response.header-order-redirect",
		Area:     AreaResponse,
		Summary:  "A directory redirect's headers are Server, Date, Location (then Content-Length: 0 where sent), with no Content-Type and no body",
		Level:    Detail,
		Versions: All(),
		Cite:     citeHeaderOrder,
	},
	{
		ID:       "response.header-order-error",
		Area:     AreaResponse,
		Summary:  "An error's headers are Server, Date, Connection: close, Content-Type, Content-Length",
		Level:    Detail,
		Versions: All(),
		Cite:     citeHeaderOrder,
	},
	{
		ID:       "response.content-type-lowercase-t",
		Area:     AreaResponse,
		Summary:  "Files and listings spell the header Content-type (lower-case t); errors spell it Content-Type",
		Level:    Detail,
		Versions: All(),
		Cite:     citeHeaderOrder,
	},
	{
		ID:       "response.reason-latin1-single-bytes",
		Area:     AreaResponse,
		Summary:  "Latin-1 characters in a reason phrase go out as single bytes (404 No such CGI script ('/cgi-bin/\\xfc.py')) while the body repeats them as UTF-8",
		Level:    Detail,
		Versions: All(),
		Cite:     citeStatusLine,
	},
	{
		ID:       "response.reason-beyond-latin1-drops",
		Area:     AreaResponse,
		Summary:  "A reason phrase with a character beyond Latin-1 (a CGI path with €) drops the connection with zero bytes and a traceback on stderr",
		Level:    Informational,
		Versions: All(),
		Cite:     citeStatusLine,
	},
	{
		ID:       "response.crash-closes-without-bytes",
		Area:     AreaResponse,
		Summary:  "An exception in the handler closes the connection with no response bytes and no access line; stderr gets the socketserver traceback block",
		Level:    Informational,
		Versions: All(),
		Cite:     Citation{Source: "Lib/socketserver.py: BaseServer.handle_error", Research: "§1.5"},
	},
	{
		ID:       "response.standard-phrases",
		Area:     AreaResponse,
		Summary:  "Successful and interim responses use the standard reason phrases: 200 OK, 301 Moved Permanently, 304 Not Modified, 100 Continue",
		Level:    Detail,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.send_response_only, responses", Research: "§3.6"},
	},
	{
		ID:       "response.blank-line-ends-headers",
		Area:     AreaResponse,
		Summary:  "The server's own header block ends with an empty line (CRLF CRLF) before any body",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.end_headers",
			Quote:    "Adds a blank line (indicating the end of the HTTP headers in the response) to the headers buffer and calls flush_headers().",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.end_headers",
			Research: "§3.3",
		},
	},
}
