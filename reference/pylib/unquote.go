package pylib

import (
	"strings"
	"unicode/utf8"
)

// Unquote is urllib.parse.unquote(s) (CPython 3.13.0), with encoding
// 'utf-8' and errors='replace'. Each maximal run of ASCII characters is
// percent-decoded and then decoded from UTF-8 on its own, so escapes
// separated by a non-ASCII character never join into one character, and each
// undecodable run of bytes becomes one U+FFFD. Non-ASCII characters, '+',
// and '%' not followed by two hex digits are kept as they are.
func Unquote(s string) string {
	out, _ := unquote(s, errorsReplace)
	return out
}

// UnquoteSurrogatePass is urllib.parse.unquote(s, errors='surrogatepass')
// (CPython 3.13.0), the first attempt of translate_path and list_directory:
// escaped UTF-8 forms of surrogates (%ED%B3%BF) decode to lone surrogates,
// and any other undecodable byte sequence fails with the UnicodeDecodeError
// Python raises, whose positions count bytes of the unquoted ASCII run that
// held it.
func UnquoteSurrogatePass(s string) (string, error) {
	return unquote(s, errorsSurrogatePass)
}

func unquote(s string, errors decodeErrors) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	out := make([]byte, 0, len(s))
	var buf [256]byte
	scratch := buf[:0]
	for i := 0; i < len(s); {
		j := i
		if s[i] >= utf8.RuneSelf {
			for j < len(s) && s[j] >= utf8.RuneSelf {
				j++
			}
			out = append(out, s[i:j]...)
			i = j
			continue
		}
		for j < len(s) && s[j] < utf8.RuneSelf {
			j++
		}
		run := s[i:j]
		i = j
		if strings.IndexByte(run, '%') < 0 {
			out = append(out, run...)
			continue
		}
		scratch = unquoteToBytes(scratch[:0], run)
		var err error
		if out, err = decodeUTF8(out, scratch, errors); err != nil {
			return "", err
		}
	}
	return string(out), nil
}

// unquoteToBytes is _unquote_impl: every '%' followed by two hex digits
// becomes the byte they spell; any other '%' stays.
func unquoteToBytes(out []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}
