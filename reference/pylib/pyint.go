package pylib

import (
	"sort"
	"unicode/utf8"
)

// maxStrDigits is sys.int_info.default_max_str_digits: int() refuses
// decimal strings with more digits (CVE-2020-10735, Python 3.11+).
const maxStrDigits = 4300

// intSaturation bounds the magnitude parseInt reports. Every caller only
// compares the value with small limits, so larger numbers need not be exact.
const intSaturation = 1 << 62

// parseInt is int(s) for a str with base 10 (CPython 3.13.0): surrounding
// whitespace, an optional sign, then decimal digits of any script with
// single underscores between them. Values beyond ±2**62 saturate.
func parseInt(s string) (int64, bool) {
	s = stripIntSpace(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var n int64
	digits := 0
	underscore := false
	for i := 0; i < len(s); {
		r, size := decodeText(s, i)
		i += size
		if r == '_' {
			if digits == 0 || underscore {
				return 0, false
			}
			underscore = true
			continue
		}
		d, ok := decimalValue(r)
		if !ok {
			return 0, false
		}
		underscore = false
		digits++
		if n < intSaturation {
			n = min(n*10+int64(d), intSaturation)
		}
	}
	if digits == 0 || underscore || digits > maxStrDigits {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// decimalValue is _PyUnicode_ToDecimalDigit: the value of a decimal digit of any script.
func decimalValue(r rune) (int, bool) {
	if r < utf8.RuneSelf {
		return int(r - '0'), '0' <= r && r <= '9'
	}
	k := sort.Search(len(decimalZeros), func(k int) bool { return decimalZeros[k] > r }) - 1
	if k < 0 || r-decimalZeros[k] > 9 {
		return 0, false
	}
	return int(r - decimalZeros[k]), true
}

// stripIntSpace strips what int() ignores around a number: ASCII
// whitespace as C's isspace knows it (not U+001C to U+001F), and non-ASCII
// characters for which str.isspace() is true
// (_PyUnicode_TransformDecimalAndSpaceToASCII, then PyLong_FromString).
func stripIntSpace(s string) string {
	isIntSpace := func(r rune) bool {
		return r == ' ' || '\t' <= r && r <= '\r' || r >= utf8.RuneSelf && isSpace(r)
	}
	start := 0
	for start < len(s) {
		r, size := decodeText(s, start)
		if !isIntSpace(r) {
			break
		}
		start += size
	}
	end := len(s)
	for end > start {
		r, size := decodeLastText(s[start:end])
		if !isIntSpace(r) {
			break
		}
		end -= size
	}
	return s[start:end]
}
