// Package pylib reproduces, byte for byte, the parts of the Python standard
// library whose results reach the wire through Lib/http/server.py: str
// methods (split, rstrip, lower, isdigit, repr), the latin-1 and UTF-8
// codecs with their error handlers, urllib.parse (quote, unquote, urlsplit,
// urlunsplit), posixpath (normpath, splitext), html.escape, email.utils
// (formatdate, parsedate_to_datetime) and mimetypes.
//
// The model is CPython 3.13.0. Character properties come from that
// interpreter's Unicode database (see unicode_tables.go), not from Go's
// unicode package, whose Unicode edition differs.
//
// # Text
//
// A Python str is held in a Go string as generalized UTF-8 ("WTF-8"): UTF-8,
// except that a lone surrogate code point (U+D800 to U+DFFF, as produced by
// the 'surrogatepass' and 'surrogateescape' error handlers) is written in its
// three-byte form, so U+DCFF is ED B3 BF. Each surrogate is encoded on its
// own, even when a high one is followed by a low one, which keeps the
// two-character str '\ud83d\ude00' distinct from '\U0001f600'. Byte order of
// such strings is code point order, so Go string comparison sorts them as
// Python sorts str.
//
// Every function takes and returns text in this form unless its documentation
// says bytes. A byte that does not start a well-formed sequence is not Python
// text; functions that copy text pass such bytes through unchanged and
// otherwise treat each one as U+FFFD.
//
// Functions return their argument itself, without allocating, when Python's
// result equals it; that is the common case for ASCII request paths.
package pylib
