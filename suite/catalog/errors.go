package catalog

// Citations shared by the error-reply entries.
var (
	citeSendError    = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.send_error", Research: "§3.4"}
	citeSendErrorDoc = Citation{
		Doc:      "http.server: BaseHTTPRequestHandler.send_error",
		Quote:    "The explain argument can be used to provide more detailed information about the error; it will be formatted using the error_message_format attribute and emitted, after a complete set of headers, as the response body.",
		Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_error",
		Research: "§3.4",
	}
	citeResponsesTable = Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.responses (built from http.HTTPStatus)", Research: "Appendix C"}
)

// The error page template and the explanation line changed in 3.11 (the explanation because str() of
// an IntEnum member became its number in 3.11).
var html5Pages = Since("3.11")

var errorsArea = []Behavior{
	{
		ID:       "errors.framed-after-request-line",
		Area:     AreaErrors,
		Summary:  "An error raised after the request line was accepted (404, 403, 501, 431, 414) has a status line and a complete set of headers before the HTML body",
		Level:    Documented,
		Versions: All(),
		Cite:     citeSendErrorDoc,
	},
	{
		ID:       "errors.reason-is-message",
		Area:     AreaErrors,
		Summary:  "The reason phrase of an error is its message, not the standard phrase: 404 File not found, 431 Too many headers, 501 Unsupported method ('FOO')",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendError,
	},
	{
		ID:       "errors.content-type-html",
		Area:     AreaErrors,
		Summary:  "Error replies are HTML: their Content-Type is text/html",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.error_content_type",
			Quote:    "Especifica el encabezado HTTP Content-Type de las respuestas de error enviadas al cliente. El valor predeterminado es 'text/html'.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_error",
			Research: "§3.3",
		},
	},
	{
		ID:       "errors.content-type-exact",
		Area:     AreaErrors,
		Summary:  "The error Content-Type header is exactly Content-Type: text/html;charset=utf-8 (capital T, no space after ;)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendError,
	},
	{
		ID:       "errors.content-length",
		Area:     AreaErrors,
		Summary:  "Error replies carry a Content-Length equal to the UTF-8 length of the HTML body",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.send_error",
			Quote:    "La respuesta de error incluye un encabezado de longitud de contenido.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_error",
			Research: "§3.4",
		},
	},
	{
		ID:       "errors.head-no-body",
		Area:     AreaErrors,
		Summary:  "An error answering HEAD has the same status line and headers, Content-Length included, but no body",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.send_error",
			Quote:    "The body will be empty if the method is HEAD or the response code is one of the following: 1xx, 204 No Content, 205 Reset Content, 304 Not Modified.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_error",
			Research: "§3.4, §4.4",
		},
	},
	{
		ID:       "errors.head-request-line-error-has-body",
		Area:     AreaErrors,
		Summary:  "A HEAD whose request line is rejected (HEAD / FOO) still gets the HTML body, headerless, because the method was never accepted",
		Level:    Informational,
		Versions: All(),
		Cite:     citeSendError,
	},
	{
		ID:       "errors.logged",
		Area:     AreaErrors,
		Summary:  "Every error reply is also logged on stderr",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.send_error",
			Quote:    "Sends and logs a complete error reply to the client.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.send_error, log_error",
			Research: "§6.1",
		},
	},
	{
		ID:       "errors.escape-amp-lt-gt-only",
		Area:     AreaErrors,
		Summary:  "The message and explanation are HTML-escaped in the body for & < > only; quotes stay as they are (Unsupported method ('&lt;b&gt;X'))",
		Level:    Detail,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: BaseHTTPRequestHandler.send_error (html.escape(..., quote=False))", Issues: []string{"bpo-1100201"}, Research: "§3.4"},
	},
	{
		ID:       "errors.explanation-from-responses",
		Area:     AreaErrors,
		Summary:  "The body's explanation is the code's long message: 400 Bad request syntax or unsupported method, 403 Request forbidden -- authorization will not help, 404 Nothing matches the given URI, 414 URI is too long, 501 Server does not support this operation, 505 Cannot fulfill request",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: BaseHTTPRequestHandler.responses",
			Quote:    "El shortmessage se utiliza normalmente como la clave message en una respuesta de error, y longmessage como la clave explain.",
			Source:   "Lib/http/server.py: BaseHTTPRequestHandler.responses, send_error",
			Research: "§3.4, Appendix C",
		},
	},
	{
		ID:       "errors.template-html401",
		Area:     AreaErrors,
		Summary:  "The error body is the HTML 4.01 Strict page (DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\", meta http-equiv Content-Type); 404 File not found is 469 bytes",
		Level:    Detail,
		Versions: Not(html5Pages),
		Cite:     Citation{Source: "Lib/http/server.py: DEFAULT_ERROR_MESSAGE", Research: "§3.4"},
		Change:   "3.11 replaced the HTML 4.01 error page with an HTML5 one",
		Related:  []string{"errors.template-html5"},
	},
	{
		ID:       "errors.template-html5",
		Area:     AreaErrors,
		Summary:  "The error body is the HTML5 page (<!DOCTYPE HTML>, <html lang=\"en\">, <meta charset=\"utf-8\">); 404 File not found is 335 bytes",
		Level:    Detail,
		Versions: html5Pages,
		Cite:     Citation{Source: "Lib/http/server.py: DEFAULT_ERROR_MESSAGE", Research: "§3.4"},
		Change:   "3.6–3.10 send the HTML 4.01 Strict page",
		Related:  []string{"errors.template-html401"},
	},
	{
		ID:       "errors.explanation-code-name",
		Area:     AreaErrors,
		Summary:  "The explanation line names the status member: Error code explanation: HTTPStatus.NOT_FOUND - Nothing matches the given URI.",
		Level:    Informational,
		Versions: Not(html5Pages),
		Cite:     Citation{Source: "Lib/http/server.py: DEFAULT_ERROR_MESSAGE (%(code)s of an HTTPStatus member)", Research: "§3.4"},
		Change:   "3.11 renders the number (404 - Nothing matches the given URI.) since str() of an IntEnum member became its value",
		Related:  []string{"errors.explanation-code-number"},
	},
	{
		ID:       "errors.explanation-code-number",
		Area:     AreaErrors,
		Summary:  "The explanation line shows the numeric code: Error code explanation: 404 - Nothing matches the given URI.",
		Level:    Detail,
		Versions: html5Pages,
		Cite:     Citation{Source: "Lib/http/server.py: DEFAULT_ERROR_MESSAGE (%(code)s of an HTTPStatus member)", Research: "§3.4"},
		Change:   "3.6–3.10 render HTTPStatus.NOT_FOUND there",
		Related:  []string{"errors.explanation-code-name"},
	},
	{
		ID:       "errors.phrase-414-request-uri-too-long",
		Area:     AreaErrors,
		Summary:  "The 414 status line is 414 Request-URI Too Long (the standard phrase) and its page is 472 bytes (4.01 page) or 327 bytes (HTML5 page)",
		Level:    Detail,
		Versions: Until("3.12"),
		Cite:     citeResponsesTable,
		Change:   "3.13 renamed the phrase URI Too Long (RFC 9110 names)",
		Related:  []string{"errors.phrase-414-uri-too-long"},
	},
	{
		ID:       "errors.phrase-414-uri-too-long",
		Area:     AreaErrors,
		Summary:  "The 414 status line is 414 URI Too Long and its page is 319 bytes",
		Level:    Detail,
		Versions: Since("3.13"),
		Cite:     citeResponsesTable,
		Change:   "3.6–3.12 say Request-URI Too Long",
		Related:  []string{"errors.phrase-414-request-uri-too-long"},
	},
}
