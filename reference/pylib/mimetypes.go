package pylib

import (
	"os"
	"strings"
)

// MimeTypes is a mimetypes.MimeTypes database (CPython 3.13.0) holding the
// strict types_map, suffix_map and encodings_map. After construction and
// any ReadFile calls it is only read, so any number of goroutines may call
// GuessFileType at once; ReadFile must not run concurrently with them.
type MimeTypes struct {
	types     map[string]string
	suffixes  map[string]string
	encodings map[string]string
}

// BuiltinMimeTypes is the database mimetypes builds with knownfiles = []:
// the built-in tables of Lib/mimetypes.py (mimetypes_table.go) and no
// system file, so results do not depend on the host's /etc/mime.types.
func BuiltinMimeTypes() *MimeTypes {
	return &MimeTypes{
		types:     cloneMap(builtinTypesMap),
		suffixes:  cloneMap(builtinSuffixMap),
		encodings: cloneMap(builtinEncodingsMap),
	}
}

func cloneMap(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// ReadFile is MimeTypes.read(path) with strict=True, as mimetypes.init
// applies it to each file of knownfiles: the file is read as UTF-8 text with
// universal newlines; on each line the words after a '#'-initial word are a
// comment, and every further word of "type ext1 ext2 ..." maps "."+ext to
// type, replacing an earlier mapping. Invalid UTF-8 fails with the
// UnicodeDecodeError and, unlike Python, which keeps what it read before
// the failing chunk, adds nothing.
func (m *MimeTypes) ReadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	if _, err := decodeUTF8(nil, text, errorsStrict); err != nil {
		return err
	}
	for text != "" {
		var line string
		line, text = nextUniversalLine(text)
		m.addTypeLine(Split(line))
	}
	return nil
}

// addTypeLine is the body of MimeTypes.readfp's loop for one line's words.
func (m *MimeTypes) addTypeLine(words []string) {
	for i, w := range words {
		if strings.HasPrefix(w, "#") {
			words = words[:i]
			break
		}
	}
	if len(words) == 0 {
		return
	}
	for _, suffix := range words[1:] {
		m.types["."+suffix] = words[0]
	}
}

// nextUniversalLine splits off the first line of text, ended by "\n",
// "\r\n" or a lone "\r" as in Python's text mode with newline=None.
func nextUniversalLine(text string) (line, rest string) {
	i := strings.IndexAny(text, "\r\n")
	if i < 0 {
		return text, ""
	}
	end := i + 1
	if text[i] == '\r' && end < len(text) && text[end] == '\n' {
		end++
	}
	return text[:i], text[end:]
}

// GuessFileType is MimeTypes.guess_file_type(path) with strict=True
// (CPython 3.13.0, mimetypes._guess_file_type): the extension is rewritten
// through suffix_map (".tgz" is ".tar.gz", ".svgz" ".svg.gz"; looked up in
// lower case), then an encoding suffix (".gz", ".Z", ".bz2", ".xz", ".br";
// case-sensitive) is stripped and reported, then the remaining extension is
// looked up in lower case. An unknown type or absent encoding is "".
func (m *MimeTypes) GuessFileType(path string) (typ, encoding string) {
	base, ext := SplitExt(path)
	for {
		next, ok := m.suffixes[Lower(ext)]
		if !ok {
			break
		}
		base, ext = SplitExt(base + next)
	}
	if enc, ok := m.encodings[ext]; ok {
		encoding = enc
		base, ext = SplitExt(base)
	}
	return m.types[Lower(ext)], encoding
}
