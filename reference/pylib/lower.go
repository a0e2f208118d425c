package pylib

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	capitalSigma = 0x03A3
	smallSigma   = 0x03C3
	finalSigma   = 0x03C2
)

// caseRun is one row of lowerRuns (unicode_tables.go).
type caseRun struct {
	lo, hi, stride uint32
	delta          int32
}

// Lower is str.lower() (CPython 3.13.0): full Unicode lower-casing, with the
// multi-character mappings of SpecialCasing.txt ('İ' becomes "i̇") and the
// final-sigma rule ('Σ' becomes 'ς' at the end of a word).
// list_directory sorts its entries by this key.
func Lower(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var out strings.Builder // one allocation, for the lowered copy
	for i < len(s) {
		r, size := decodeText(s, i)
		low, changed := lowerAt(s, i, r)
		if changed && out.Cap() == 0 {
			out.Grow(len(s) + 8)
			out.WriteString(s[:i])
		}
		if out.Cap() != 0 {
			if changed {
				out.WriteString(low)
			} else {
				out.WriteString(s[i : i+size])
			}
		}
		i += size
	}
	if out.Cap() == 0 {
		return s
	}
	return out.String()
}

// lowerAt is lower_ucs4 in Objects/unicodeobject.c: the lower case of the
// character r found at s[i:], which depends on its neighbours for 'Σ'.
func lowerAt(s string, i int, r rune) (string, bool) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return asciiLower[r-'A' : r-'A'+1], true
		}
		return "", false
	}
	if r == capitalSigma {
		if isFinalSigma(s, i) {
			return string(rune(finalSigma)), true
		}
		return string(rune(smallSigma)), true
	}
	if special, ok := lowerSpecial[r]; ok {
		return special, true
	}
	if low := lowerRune(r); low != r {
		return string(appendText(nil, low)), true
	}
	return "", false
}

const asciiLower = "abcdefghijklmnopqrstuvwxyz"

// lowerRune is the single-code-point lower-case mapping.
func lowerRune(r rune) rune {
	n := sort.Search(len(lowerRuns), func(k int) bool { return lowerRuns[k].hi >= uint32(r) })
	if n == len(lowerRuns) {
		return r
	}
	run := lowerRuns[n]
	if uint32(r) < run.lo || (uint32(r)-run.lo)%run.stride != 0 {
		return r
	}
	return r + rune(run.delta)
}

// isFinalSigma is handle_capital_sigma in Objects/unicodeobject.c: the
// sigma at s[i:] is final when a cased character precedes it and none
// follows it, case-ignorable characters being skipped both ways
// (\p{cased}\p{case-ignorable}*U+03A3!(\p{case-ignorable}*\p{cased})).
func isFinalSigma(s string, i int) bool {
	before, ok := lastNonIgnorable(s[:i])
	if !ok || !unicode.Is(pyCased, before) {
		return false
	}
	for j := i + len("\u03a3"); j < len(s); {
		r, size := decodeText(s, j)
		if !unicode.Is(pyCaseIgnorable, r) {
			return !unicode.Is(pyCased, r)
		}
		j += size
	}
	return true
}

// lastNonIgnorable returns the last character of s that is not case-ignorable.
func lastNonIgnorable(s string) (rune, bool) {
	for end := len(s); end > 0; {
		r, size := decodeLastText(s[:end])
		if !unicode.Is(pyCaseIgnorable, r) {
			return r, true
		}
		end -= size
	}
	return 0, false
}

// upperASCII is str.upper() as far as email.utils needs it to recognise
// zone names: ASCII letters, and the non-ASCII characters whose upper case
// is ASCII ('ſ' is 'S', 'ﬅ' is "ST"). Other characters are kept, and no
// zone name or number can contain them.
func upperASCII(s string) string {
	var out []byte
	for i := 0; i < len(s); {
		r, size := decodeText(s, i)
		switch up, ok := upperToASCII[r]; {
		case 'a' <= r && r <= 'z':
			out = append(out, byte(r-'a'+'A'))
		case ok:
			out = append(out, up...)
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return string(out)
}
