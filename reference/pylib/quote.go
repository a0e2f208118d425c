package pylib

import "unicode/utf8"

const upperHexDigits = "0123456789ABCDEF"

// alwaysSafe is urllib.parse._ALWAYS_SAFE: RFC 3986's unreserved characters.
// '~' joined it in Python 3.7.
var alwaysSafe = byteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")

func byteSet(chars string) (set [256]bool) {
	for i := 0; i < len(chars); i++ {
		set[chars[i]] = true
	}
	return set
}

// Quote is urllib.parse.quote(s, safe=safe, errors='surrogatepass')
// (CPython 3.13.0), as list_directory builds its hrefs. s is encoded to
// UTF-8, lone surrogates as their three-byte forms (so U+DCFF gives
// %ED%B3%BF), and every byte that is neither always safe (letters, digits,
// "_.-~") nor an ASCII character of safe becomes %XX in upper-case hex.
// Non-ASCII characters of safe are ignored.
func Quote(s, safe string) string {
	isSafe := safeSet(safe)
	n := 0
	for i := 0; i < len(s); i++ {
		if !isSafe[s[i]] {
			n++
		}
	}
	if n == 0 {
		return s
	}
	return string(appendQuoted(make([]byte, 0, len(s)+2*n), s, &isSafe))
}

// AppendQuote appends Quote(s, safe) to dst, for a page built in one buffer.
func AppendQuote(dst []byte, s, safe string) []byte {
	isSafe := safeSet(safe)
	return appendQuoted(dst, s, &isSafe)
}

// safeSet is the always-safe bytes plus the ASCII characters of safe.
func safeSet(safe string) [256]bool {
	isSafe := alwaysSafe
	for i := 0; i < len(safe); i++ {
		if safe[i] < utf8.RuneSelf {
			isSafe[safe[i]] = true
		}
	}
	return isSafe
}

func appendQuoted(out []byte, s string, isSafe *[256]bool) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isSafe[c] {
			out = append(out, c)
		} else {
			out = append(out, '%', upperHexDigits[c>>4], upperHexDigits[c&0xF])
		}
	}
	return out
}
