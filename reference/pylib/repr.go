package pylib

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Repr is repr(s) for a str (unicode_repr, CPython 3.13.0), as the '%r' in
// send_error's messages ("Bad request version (%r)") produces it. The quote
// is ' unless s contains ' and no ", and only the chosen quote is escaped.
// Backslash, tab, newline and carriage return get their two-character
// escapes; other characters below U+0020, U+007F, and non-printable
// characters (str.isprintable: categories Cc, Cf, Cs, Co, Cn, Zl, Zp, and
// Zs other than the space) become \xNN, \uNNNN or \UNNNNNNNN in lower-case
// hex. Printable non-ASCII characters, Latin-1 ones included, stay as they are.
func Repr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	out := make([]byte, 0, len(s)+2)
	out = append(out, quote)
	for i := 0; i < len(s); {
		r, size := decodeText(s, i)
		out = appendReprChar(out, s[i:i+size], r, quote)
		i += size
	}
	return string(append(out, quote))
}

// appendReprChar appends the repr form of the character r, spelled raw in s.
func appendReprChar(out []byte, raw string, r rune, quote byte) []byte {
	switch {
	case r == rune(quote) || r == '\\':
		return append(out, '\\', byte(r))
	case r == '\t':
		return append(out, '\\', 't')
	case r == '\n':
		return append(out, '\\', 'n')
	case r == '\r':
		return append(out, '\\', 'r')
	case r < ' ' || r == 0x7F:
		return appendHexEscape(out, 'x', r, 2)
	case r < utf8.RuneSelf:
		return append(out, byte(r))
	case !unicode.Is(pyNotPrintable, r):
		return append(out, raw...)
	case r <= 0xFF:
		return appendHexEscape(out, 'x', r, 2)
	case r <= 0xFFFF:
		return appendHexEscape(out, 'u', r, 4)
	default:
		return appendHexEscape(out, 'U', r, 8)
	}
}

func appendHexEscape(out []byte, kind byte, r rune, digits int) []byte {
	out = append(out, '\\', kind)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		out = append(out, hexDigits[(r>>shift)&0xF])
	}
	return out
}
