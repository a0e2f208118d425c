package pylib

import (
	"errors"
	"strings"
	"unicode"
)

// SplitResult is urllib.parse.SplitResult: the five components of a URL,
// still percent-encoded.
type SplitResult struct{ Scheme, Netloc, Path, Query, Fragment string }

// schemeChars is urllib.parse.scheme_chars.
const schemeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."

// usesNetloc is urllib.parse.uses_netloc: schemes whose empty or absolute
// path gets "//" back from urlunsplit.
var usesNetloc = map[string]bool{
	"": true, "ftp": true, "http": true, "gopher": true, "nntp": true, "telnet": true,
	"imap": true, "wais": true, "file": true, "mms": true, "https": true, "shttp": true,
	"snews": true, "prospero": true, "rtsp": true, "rtsps": true, "rtspu": true, "rsync": true,
	"svn": true, "svn+ssh": true, "sftp": true, "nfs": true, "git": true, "git+ssh": true,
	"ws": true, "wss": true, "itms-services": true,
}

// URLSplit is urllib.parse.urlsplit(s) (CPython 3.13.0), as send_head uses
// it to build the directory redirect. Leading C0 controls and spaces are
// stripped, tab, CR and LF are removed everywhere (bpo-43882), a scheme is
// recognised only if it starts with an ASCII letter, and a netloc only after
// "//". Where Python would raise ValueError (see URLSplitChecked) the
// components are still those it computed before raising.
func URLSplit(s string) SplitResult {
	r, _ := URLSplitChecked(s)
	return r
}

// URLSplitChecked is URLSplit together with the ValueError urlsplit raises
// after splitting: unbalanced brackets in the netloc ("Invalid IPv6 URL"), a
// bracketed host that is neither an IPv6 address nor an IPvFuture literal,
// and a non-ASCII netloc whose NFKC form holds one of "/?#@:".
func URLSplitChecked(s string) (SplitResult, error) {
	url := strings.TrimLeft(s, whatwgC0ControlOrSpace)
	if strings.ContainsAny(url, "\t\r\n") {
		url = unsafeURLBytes.Replace(url)
	}
	var r SplitResult
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIIAlpha(url[0]) && onlySchemeChars(url[:i]) {
		r.Scheme, url = strings.ToLower(url[:i]), url[i+1:]
	}
	var err error
	if strings.HasPrefix(url, "//") {
		r.Netloc, url = splitNetloc(url[2:])
		err = checkBrackets(r.Netloc)
	}
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url, r.Fragment = url[:i], url[i+1:]
	}
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, r.Query = url[:i], url[i+1:]
	}
	r.Path = url
	if err == nil {
		err = checkNetloc(r.Netloc)
	}
	return r, err
}

// whatwgC0ControlOrSpace is urllib.parse._WHATWG_C0_CONTROL_OR_SPACE.
const whatwgC0ControlOrSpace = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "

// unsafeURLBytes removes urllib.parse._UNSAFE_URL_BYTES_TO_REMOVE.
var unsafeURLBytes = strings.NewReplacer("\t", "", "\r", "", "\n", "")

func isASCIIAlpha(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }

func onlySchemeChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(schemeChars, s[i]) < 0 {
			return false
		}
	}
	return true
}

// splitNetloc is urllib.parse._splitnetloc: the netloc ends at the first '/', '?' or '#'.
func splitNetloc(url string) (netloc, rest string) {
	if i := strings.IndexAny(url, "/?#"); i >= 0 {
		return url[:i], url[i:]
	}
	return url, ""
}

// checkBrackets is urlsplit's validation of '[' and ']' in the netloc.
func checkBrackets(netloc string) error {
	open, closing := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
	if open != closing {
		return errors.New("Invalid IPv6 URL")
	}
	if !open {
		return nil
	}
	_, host, _ := strings.Cut(netloc, "[")
	host, _, _ = strings.Cut(host, "]")
	return checkBracketedHost(host)
}

// checkNetloc is urllib.parse._checknetloc: a netloc that NFKC
// normalization would give a delimiter it does not have (U+2100 is "a/c")
// is refused.
func checkNetloc(netloc string) error {
	if isASCII(netloc) {
		return nil
	}
	for i := 0; i < len(netloc); {
		r, size := decodeText(netloc, i)
		if unicode.Is(nfkcDelimiter, r) {
			return errors.New("netloc '" + netloc + "' contains invalid characters under NFKC normalization")
		}
		i += size
	}
	return nil
}

// URLUnsplit is urllib.parse.urlunsplit (CPython 3.13.0): the inverse of
// URLSplit, adding "//" before a netloc, before a path that starts with
// "//", and for a scheme of uses_netloc whose path is empty or absolute;
// an empty query or fragment is left out with its delimiter.
func URLUnsplit(r SplitResult) string {
	url := r.Path
	switch {
	case r.Netloc != "":
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + r.Netloc + url
	case strings.HasPrefix(url, "//"):
		url = "//" + url
	case r.Scheme != "" && usesNetloc[r.Scheme] && (url == "" || url[0] == '/'):
		url = "//" + url
	}
	if r.Scheme != "" {
		url = r.Scheme + ":" + url
	}
	if r.Query != "" {
		url += "?" + r.Query
	}
	if r.Fragment != "" {
		url += "#" + r.Fragment
	}
	return url
}
