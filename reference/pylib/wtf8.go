package pylib

import "unicode/utf8"

// Surrogate code points, which Python str may hold and Go's utf8 rejects.
const (
	surrogateMin = 0xD800
	surrogateMax = 0xDFFF
)

func isSurrogate(r rune) bool { return surrogateMin <= r && r <= surrogateMax }

func isContinuation(b byte) bool { return b&0xC0 == 0x80 }

// decodeText decodes the code point at s[i:] from generalized UTF-8 (see the
// package documentation). It is utf8.DecodeRuneInString plus the three-byte
// surrogates ED A0 80 to ED BF BF. A malformed byte gives (utf8.RuneError, 1).
func decodeText(s string, i int) (rune, int) {
	b0 := s[i]
	if b0 < utf8.RuneSelf {
		return rune(b0), 1
	}
	if b0 == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && isContinuation(s[i+2]) {
		return rune(b0&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// appendText appends r in generalized UTF-8: surrogates get their three-byte
// form instead of utf8.AppendRune's U+FFFD.
func appendText(b []byte, r rune) []byte {
	if isSurrogate(r) {
		return append(b, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}

// textLen is len(s) in Python: the number of code points.
func textLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		_, size := decodeText(s, i)
		i += size
		n++
	}
	return n
}

// isASCII reports whether every byte of s is below 0x80 (str.isascii).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// decodeLastText decodes the last code point of s, like decodeText.
func decodeLastText(s string) (rune, int) {
	end := len(s)
	start := end - 1
	for start > 0 && end-start < utf8.UTFMax && isContinuation(s[start]) {
		start--
	}
	r, size := decodeText(s, start)
	if start+size != end {
		return utf8.RuneError, 1
	}
	return r, size
}
