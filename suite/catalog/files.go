package catalog

// Citations shared by the file-response entries.
var (
	citeFileOpened = Citation{
		Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
		Quote:    "If the request was mapped to a file, it is opened. Any OSError exception in opening the requested file is mapped to a 404, 'File not found' error.",
		Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head",
		Research: "§4.2, §4.6",
	}
	citeSendHead = Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head, copyfile", Research: "§4.6"}
)

var files = []Behavior{
	{
		ID:       "files.served",
		Area:     AreaFiles,
		Summary:  "A request mapped to a readable file gets 200 OK and the file's contents",
		Level:    Documented,
		Versions: All(),
		Cite:     citeFileOpened,
	},
	{
		ID:       "files.missing-404",
		Area:     AreaFiles,
		Summary:  "A request mapped to no file gets 404 with the message File not found",
		Level:    Documented,
		Versions: All(),
		Cite:     citeFileOpened,
	},
	{
		ID:       "files.headers",
		Area:     AreaFiles,
		Summary:  "A file's headers after Server and Date are Content-type (the guessed type), Content-Length (the size) and Last-Modified (the mtime), in that order",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
			Quote:    "Un encabezado de 'Content-type:' con el tipo de contenido adivinado, seguido de un encabezado de 'Content-Length:' con el tamaño del archivo y un encabezado de 'Last-Modified:' con el tiempo de modificación del archivo.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head",
			Research: "§3.3, §4.6",
		},
	},
	{
		ID:       "files.blank-line-then-contents",
		Area:     AreaFiles,
		Summary:  "After the headers comes one blank line, then the file's contents and nothing else",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
			Quote:    "Luego sigue una línea en blanco que significa el final de los encabezados, y luego se imprime el contenido del archivo.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head, end_headers, copyfile",
			Research: "§4.6",
		},
	},
	{
		ID:       "files.bytes-exact",
		Area:     AreaFiles,
		Summary:  "File contents are sent byte for byte, text types included: CRLF, lone CR and invalid UTF-8 arrive unchanged",
		Level:    Detail,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
			Quote:    "Si el tipo MIME del archivo comienza con text/ el archivo se abre en modo de texto; en caso contrario se utiliza el modo binario.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head (open(path, 'rb') for every type)",
			Research: "§4.6",
		},
		Change: "the documentation speaks of text mode, but every CPython release opens files in binary mode",
	},
	{
		ID:       "files.last-modified-format",
		Area:     AreaFiles,
		Summary:  "Last-Modified is the file's mtime, truncated to the second, as an RFC 1123 GMT date (Thu, 02 Jan 2020 03:04:05 GMT)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendHead,
	},
	{
		ID:       "files.no-charset",
		Area:     AreaFiles,
		Summary:  "A file's Content-type never carries a charset parameter (text/plain, text/html)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendHead,
	},
	{
		ID:       "files.no-content-encoding",
		Area:     AreaFiles,
		Summary:  "No Content-Encoding is sent, not even for .gz files",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendHead,
	},
	{
		ID:       "files.no-etag",
		Area:     AreaFiles,
		Summary:  "No ETag and no Accept-Ranges header is sent",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendHead,
	},
	{
		ID:       "files.empty-file",
		Area:     AreaFiles,
		Summary:  "An empty file gets 200 with Content-Length: 0 and no body",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSendHead,
	},
	{
		ID:       "files.length-at-open",
		Area:     AreaFiles,
		Summary:  "Content-Length is the size when the file was opened; a file that grows during the transfer sends more bytes than declared",
		Level:    Informational,
		Versions: All(),
		Cite:     citeSendHead,
	},
}
