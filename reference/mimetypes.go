package reference

import "github.com/httpspec/httpspec/reference/pylib"

// defaultExtensionsMap is SimpleHTTPRequestHandler.extensions_map (_encodings_map_default, 3.9+):
// compressed files are served as what they are, not as what they contain.
var defaultExtensionsMap = map[string]string{
	".gz":  "application/gzip",
	".Z":   "application/octet-stream",
	".bz2": "application/x-bzip2",
	".xz":  "application/x-xz",
}

var (
	faultMIMEOctet       = registerFault("mime-octet-stream", "every file is served as application/octet-stream")
	faultMIMEUnknownText = registerFault("mime-unknown-text", "a file of unknown type is served as text/plain, not application/octet-stream")
)

// guessType mirrors SimpleHTTPRequestHandler.guess_type (3.9+): the extension as it is, then lower-
// cased, in extensions_map; then mimetypes.guess_file_type; else application/octet-stream.
func (fs *fileServer) guessType(path string) string {
	if fs.brokenMIME {
		return "application/octet-stream"
	}
	text := path
	if !isASCII(path) { // ASCII decodes to itself
		text = pylib.FSDecode([]byte(path))
	}
	_, ext := pylib.SplitExt(text)
	if t, ok := fs.extensionsMap[ext]; ok {
		return t
	}
	if t, ok := fs.extensionsMap[pylib.Lower(ext)]; ok {
		return t
	}
	if t, _ := fs.mime.GuessFileType(path); t != "" {
		return t
	}
	if fs.unknownIsText {
		return "text/plain"
	}
	return "application/octet-stream"
}
