package pylib

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// asciiSpace is CPython's _Py_ascii_whitespace: str.isspace() below U+0080.
// Besides the C whitespace it holds U+001C to U+001F, the information
// separators, which Go's unicode.IsSpace does not.
var asciiSpace = [utf8.RuneSelf]bool{
	'\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
	0x1C: true, 0x1D: true, 0x1E: true, 0x1F: true, ' ': true,
}

// isSpace is Py_UNICODE_ISSPACE, the test behind str.isspace and str.split.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.Is(pySpace, r)
}

// spaceAt reports whether s[i:] starts with a whitespace character, and its length.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, size := decodeText(s, i)
	return isSpace(r), size
}

// Split is str.split() with no arguments (CPython 3.13.0): the words of s
// separated by runs of whitespace, which after latin-1 decoding includes
// U+001C to U+001F, U+0085 and U+00A0. Leading and trailing whitespace
// yields no empty words. The words are substrings of s.
func Split(s string) []string {
	n := countWords(s)
	if n == 0 {
		return nil
	}
	words := make([]string, 0, n)
	for i := 0; i < len(s); {
		start := skipSpace(s, i)
		if start == len(s) {
			break
		}
		end := skipWord(s, start)
		words = append(words, s[start:end])
		i = end
	}
	return words
}

func countWords(s string) int {
	n := 0
	for i := skipSpace(s, 0); i < len(s); i = skipSpace(s, i) {
		i = skipWord(s, i)
		n++
	}
	return n
}

// skipSpace returns the index of the first non-whitespace character at or after i.
func skipSpace(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				return i
			}
			i++
			continue
		}
		space, size := spaceAt(s, i)
		if !space {
			return i
		}
		i += size
	}
	return i
}

// skipWord returns the index of the first whitespace character at or after i.
func skipWord(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				return i
			}
			i++
			continue
		}
		space, size := spaceAt(s, i)
		if space {
			return i
		}
		i += size
	}
	return i
}

// RStrip is str.rstrip(chars) (CPython 3.13.0): s without the trailing run
// of characters that occur in chars. An empty chars strips nothing.
func RStrip(s, chars string) string {
	if isASCII(chars) {
		end := len(s)
		for end > 0 && strings.IndexByte(chars, s[end-1]) >= 0 {
			end--
		}
		return s[:end]
	}
	end := 0
	for i := 0; i < len(s); {
		r, size := decodeText(s, i)
		i += size
		if !containsCodePoint(chars, r) {
			end = i
		}
	}
	return s[:end]
}

// RStripSpace is str.rstrip() with no argument (CPython 3.13.0): s without
// its trailing whitespace (see Split for what counts as whitespace).
func RStripSpace(s string) string {
	end := 0
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		i += size
		if !space {
			end = i
		}
	}
	return s[:end]
}

// LStrip is str.lstrip(chars) (CPython 3.13.0): s without the leading run of
// characters that occur in chars.
func LStrip(s, chars string) string {
	i := 0
	for i < len(s) {
		r, size := decodeText(s, i)
		if !containsCodePoint(chars, r) {
			break
		}
		i += size
	}
	return s[i:]
}

func containsCodePoint(chars string, r rune) bool {
	if r < utf8.RuneSelf {
		return strings.IndexByte(chars, byte(r)) >= 0
	}
	for i := 0; i < len(chars); {
		c, size := decodeText(chars, i)
		if c == r {
			return true
		}
		i += size
	}
	return false
}

// IsDigit is str.isdigit() (CPython 3.13.0): s is not empty and every
// character has a digit value, which besides the decimal digits of every
// script includes superscripts and circled digits ('²', '①').
func IsDigit(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < '0' || c > '9' {
				return false
			}
			i++
			continue
		}
		r, size := decodeText(s, i)
		if !unicode.Is(pyDigit, r) {
			return false
		}
		i += size
	}
	return true
}
