package pylib

import "strings"

// HTMLEscape is html.escape(s, quote) (CPython 3.13.0): '&', '<' and '>'
// become "&amp;", "&lt;" and "&gt;"; with quote also the double and single
// quotes become "&quot;" and "&#x27;". Nothing else changes: control characters pass raw.
func HTMLEscape(s string, quote bool) string {
	special := "&<>"
	if quote {
		special = "&<>\"'"
	}
	if !strings.ContainsAny(s, special) {
		return s
	}
	return string(AppendHTMLEscape(make([]byte, 0, len(s)+16), s, quote))
}

// AppendHTMLEscape appends HTMLEscape(s, quote) to dst, for a page built in one buffer.
func AppendHTMLEscape(dst []byte, s string, quote bool) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&':
			dst = append(dst, "&amp;"...)
		case c == '<':
			dst = append(dst, "&lt;"...)
		case c == '>':
			dst = append(dst, "&gt;"...)
		case c == '"' && quote:
			dst = append(dst, "&quot;"...)
		case c == '\'' && quote:
			dst = append(dst, "&#x27;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
