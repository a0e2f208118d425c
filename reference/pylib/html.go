package pylib

import "strings"

// HTMLEscape is html.escape(s, quote) (CPython 3.13.0): '&', '<' and '>'
// become "&amp;", "&lt;" and "&gt;"; with quote also the double and single
// quotes become "&quot;" and "&#x27;". Nothing else changes: control characters pass raw.
func HTMLEscape(s string, quote bool) string {
	if quote {
		return htmlQuoteReplacer.Replace(s)
	}
	return htmlReplacer.Replace(s)
}

var (
	htmlReplacer      = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	htmlQuoteReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;")
)
