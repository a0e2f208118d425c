package pylib

import (
	"strings"
	"unicode/utf8"
)

// Error reasons of CPython's UTF-8 decoder (Objects/unicodeobject.c).
const (
	reasonInvalidStart        = "invalid start byte"
	reasonInvalidContinuation = "invalid continuation byte"
	reasonUnexpectedEnd       = "unexpected end of data"
)

// utf8Step decodes one code point of strict UTF-8 at b[i:] the way CPython's
// decoder does (Objects/stringlib/codecs.h, utf8_decode). On failure size is
// the length of the undecodable run and reason is set: the run is the
// longest prefix of a well-formed sequence (Unicode's "maximal subpart"),
// one byte for an invalid start byte, and every remaining byte when the
// input ends inside a sequence.
func utf8Step[T string | []byte](b T, i int) (r rune, size int, reason string) {
	c := b[i]
	rest := len(b) - i
	switch {
	case c < 0x80:
		return rune(c), 1, ""
	case c < 0xC2:
		return 0, 1, reasonInvalidStart
	case c < 0xE0:
		if rest < 2 {
			return 0, rest, reasonUnexpectedEnd
		}
		if !isContinuation(b[i+1]) {
			return 0, 1, reasonInvalidContinuation
		}
		return rune(c&0x1F)<<6 | rune(b[i+1]&0x3F), 2, ""
	case c < 0xF0:
		if rest >= 2 && !validSecondOf3(c, b[i+1]) {
			return 0, 1, reasonInvalidContinuation
		}
		if rest < 3 {
			return 0, rest, reasonUnexpectedEnd
		}
		if !isContinuation(b[i+2]) {
			return 0, 2, reasonInvalidContinuation
		}
		return rune(c&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F), 3, ""
	case c < 0xF5:
		if rest >= 2 && !validSecondOf4(c, b[i+1]) {
			return 0, 1, reasonInvalidContinuation
		}
		if rest >= 3 && !isContinuation(b[i+2]) {
			return 0, 2, reasonInvalidContinuation
		}
		if rest < 4 {
			return 0, rest, reasonUnexpectedEnd
		}
		if !isContinuation(b[i+3]) {
			return 0, 3, reasonInvalidContinuation
		}
		return rune(c&0x07)<<18 | rune(b[i+1]&0x3F)<<12 | rune(b[i+2]&0x3F)<<6 | rune(b[i+3]&0x3F), 4, ""
	default:
		return 0, 1, reasonInvalidStart
	}
}

// validSecondOf3 rules out overlong forms (E0 80..9F) and surrogates (ED A0..BF).
func validSecondOf3(lead, c byte) bool {
	switch {
	case !isContinuation(c):
		return false
	case lead == 0xE0:
		return c >= 0xA0
	case lead == 0xED:
		return c < 0xA0
	}
	return true
}

// validSecondOf4 rules out overlong forms (F0 80..8F) and code points above U+10FFFF.
func validSecondOf4(lead, c byte) bool {
	switch {
	case !isContinuation(c):
		return false
	case lead == 0xF0:
		return c >= 0x90
	case lead == 0xF4:
		return c < 0x90
	}
	return true
}

// decodeErrors names the codec error handler a decode uses.
type decodeErrors int

const (
	// errorsStrict: every undecodable run fails.
	errorsStrict decodeErrors = iota
	// errorsReplace: one U+FFFD per undecodable run.
	errorsReplace
	// errorsSurrogateEscape (PEP 383): each byte of the run becomes the lone
	// surrogate U+DC00 plus the byte.
	errorsSurrogateEscape
	// errorsSurrogatePass (PyCodec_SurrogatePassErrors for UTF-8): a
	// three-byte encoded surrogate at the start of the run is decoded;
	// anything else fails with the decoder's error.
	errorsSurrogatePass
)

// decodeUTF8 is bytes.decode('utf-8', errors), appending the text to out.
// A failure is CPython's UnicodeDecodeError for the run the handler refused.
func decodeUTF8[T string | []byte](out []byte, b T, errors decodeErrors) ([]byte, error) {
	for i := 0; i < len(b); {
		r, size, reason := utf8Step(b, i)
		switch {
		case reason == "":
			out = utf8.AppendRune(out, r)
		case errors == errorsReplace:
			out = utf8.AppendRune(out, utf8.RuneError)
		case errors == errorsSurrogateEscape:
			for k := i; k < i+size; k++ {
				out = appendText(out, 0xDC00+rune(b[k]))
			}
		case errors == errorsSurrogatePass && encodedSurrogateAt(b, i):
			out = append(out, b[i:i+3]...)
			size = 3
		default:
			return out, &UnicodeDecodeError{Encoding: "utf-8", Object: append([]byte(nil), b...), Start: i, End: i + size, Reason: reason}
		}
		i += size
	}
	return out, nil
}

// encodedSurrogateAt reports whether b[i:] starts with the three-byte form of
// a surrogate, which is how surrogatepass recognises one (ED A0..BF 80..BF).
func encodedSurrogateAt[T string | []byte](b T, i int) bool {
	return len(b)-i >= 3 && b[i] == 0xED && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && isContinuation(b[i+2])
}

// Latin1ToText is str(raw, 'iso-8859-1') (CPython 3.13.0): each byte becomes
// the code point of the same value. This is how http.server decodes the
// request line and http.client.parse_headers the header block.
func Latin1ToText(raw string) string {
	if isASCII(raw) {
		return raw
	}
	high := 0
	for i := 0; i < len(raw); i++ {
		high += int(raw[i] >> 7)
	}
	var out strings.Builder
	out.Grow(len(raw) + high)
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c < utf8.RuneSelf {
			out.WriteByte(c)
		} else {
			out.WriteByte(0xC0 | c>>6)
			out.WriteByte(0x80 | c&0x3F)
		}
	}
	return out.String()
}

// TextToLatin1 is s.encode('latin-1', 'strict') (CPython 3.13.0), as
// send_header and send_response_only apply it. The error is the
// UnicodeEncodeError Python raises for the first run of characters above
// U+00FF.
func TextToLatin1(s string) (string, error) {
	if isASCII(s) {
		return s, nil
	}
	out := make([]byte, 0, len(s))
	pos := 0
	for i := 0; i < len(s); pos++ {
		r, size := decodeText(s, i)
		if r > 0xFF {
			return "", &UnicodeEncodeError{Encoding: "latin-1", Object: s, Start: pos,
				End: pos + runLength(s[i:], func(r rune) bool { return r > 0xFF }), Reason: "ordinal not in range(256)"}
		}
		out = append(out, byte(r))
		i += size
	}
	return string(out), nil
}

// runLength counts the code points at the start of s for which in is true:
// CPython's encoders report a whole run of unencodable characters at once.
func runLength(s string, in func(rune) bool) int {
	n := 0
	for i := 0; i < len(s); n++ {
		r, size := decodeText(s, i)
		if !in(r) {
			break
		}
		i += size
	}
	return n
}

// FSEncode is os.fsencode on Linux (CPython 3.13.0): UTF-8 with
// errors='surrogateescape', so U+DC80 to U+DCFF become the bytes 0x80 to
// 0xFF. Any other surrogate gives the UnicodeEncodeError Python raises
// ("surrogates not allowed"), spanning from that surrogate to the end of its
// run of consecutive surrogates.
func FSEncode(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	pos := 0
	for i := 0; i < len(s); pos++ {
		r, size := decodeText(s, i)
		switch {
		case !isSurrogate(r):
			out = append(out, s[i:i+size]...)
		case r >= 0xDC80 && r <= 0xDCFF:
			out = append(out, byte(r))
		default:
			return nil, &UnicodeEncodeError{Encoding: "utf-8", Object: s, Start: pos,
				End: pos + runLength(s[i:], isSurrogate), Reason: "surrogates not allowed"}
		}
		i += size
	}
	return out, nil
}

// FSEncodeText is FSEncode of text held in a byte slice. Text without surrogates is its own
// encoding and comes back as is, with no copy.
func FSEncodeText(b []byte) ([]byte, error) {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0xED && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && isContinuation(b[i+2]) {
			return FSEncode(string(b))
		}
	}
	return b, nil
}

// FSDecode is os.fsdecode on Linux (CPython 3.13.0): UTF-8 with
// errors='surrogateescape'. Every byte of an undecodable run becomes the
// lone surrogate U+DC00 plus the byte, so FSEncode(FSDecode(b)) is b.
func FSDecode(b []byte) string {
	out, _ := decodeUTF8(make([]byte, 0, len(b)), b, errorsSurrogateEscape)
	return string(out)
}
