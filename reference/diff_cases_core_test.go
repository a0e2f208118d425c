package reference_test

import (
	"fmt"
	"strings"
)

// coreCases are BaseHTTPRequestHandler's behaviors (research §2, §3, §6), in the order of the
// research's sections.
func coreCases() []diffCase {
	var all []diffCase
	for _, part := range [][]diffCase{
		requestLineCases(), splitCases(), wordCountCases(), versionCases(), http09Cases(),
		slashCollapseCases(), headerLimitCases(), emailQuirkCases(), persistenceCases(),
		pipelineCases(), expectCases(), methodCases(), sendErrorCases(), logCases(),
	} {
		all = append(all, part...)
	}
	return inGroup("core", all)
}

// requestLineCases: readline(65537), EOF, empty lines, line endings (§2.1).
func requestLineCases() []diffCase {
	return []diffCase{
		rq("line/65536-with-crlf", padTo(65536, " HTTP/1.0\r\n")+"\r\n"),
		rq("line/65536-with-lf", padTo(65536, " HTTP/1.0\n")+"\n"),
		rq("line/65537-with-crlf", padTo(65537, " HTTP/1.0\r\n")+"\r\n").rst(),
		rq("line/65537-with-lf", padTo(65537, " HTTP/1.0\n")+"\n").rst(),
		rq("line/70000-no-lf", padTo(70000, "")).rst(),
		rq("line/65536-then-eof", padTo(65536, "")).half().rst(),
		rq("line/414-head", "HEAD /"+strings.Repeat("h", 66000)+" HTTP/1.0\r\n\r\n").rst(),
		rq("line/eof-at-once", "").half(),
		rq("line/crlf-only", "\r\n"),
		rq("line/lf-only", "\n"),
		rq("line/spaces-only", "   \r\n"),
		rq("line/leading-crlf", "\r\n"+get10("/a.txt")).rst(),
		rq("line/leading-lf", "\n"+get10("/a.txt")).rst(),
		rq("line/lf-endings", "GET /a.txt HTTP/1.0\n\n"),
		rq("line/cr-cr-lf", "GET /a.txt HTTP/1.0\r\r\n\r\n"),
		rq("line/lf-cr-lf", "GET /a.txt HTTP/1.0\n\r\n"),
		rq("line/cr-only-waits", "GET /a.txt HTTP/1.0\r"),
		rq("line/cr-only-then-eof", "GET /a.txt HTTP/1.0\r").half(),
		rq("line/no-blank-line-eof", "GET /a.txt HTTP/1.0\r\n").half(),
		rq("line/no-blank-line-waits", "GET /a.txt HTTP/1.0\r\n"),
		rq("line/partial-waits", "GET /a.t"),
		rq("line/partial-then-eof", "GET /a.t").half(),
		rq("line/embedded-cr", "GET /a.txt HTTP/1.0\rX\r\n\r\n"),
		rq("line/leading-spaces", "   GET /a.txt HTTP/1.0\r\n\r\n"),
		rq("line/many-spaces", "GET    /a.txt     HTTP/1.0\r\n\r\n"),
		rq("line/trailing-spaces", "GET /a.txt HTTP/1.0   \r\n\r\n"),
	}
}

// splitCases put every byte value in two places of the request line: between the method and the path,
// where str.split()'s Unicode whitespace on Latin-1 text (0x09-0x0D, 0x1C-0x1F, 0x20, 0x85, 0xA0)
// makes three words and anything else two; and after the version, where whitespace is stripped and
// anything else makes a bad version whose repr() the 400 and the log show (§2.2, §2.4, §6.2).
func splitCases() []diffCase {
	var out []diffCase
	for b := 0; b < 256; b++ {
		out = append(out, rq(fmt.Sprintf("split/between-%02x", b), "GET"+string([]byte{byte(b)})+"/a.txt HTTP/1.0\r\n\r\n"))
	}
	for b := 0; b < 256; b++ {
		out = append(out, rq(fmt.Sprintf("split/after-version-%02x", b), "GET /a.txt HTTP/1.0"+string([]byte{byte(b)})+"\r\n\r\n"))
	}
	return out
}

// wordCountCases: 0, 1, 2, 3, 4 and 5 words (§2.3).
func wordCountCases() []diffCase {
	return []diffCase{
		rq("words/one", req("GET")),
		rq("words/one-head", req("HEAD")),
		rq("words/four-bad-version", req("GET /a.txt HTTP/1.0 extra")),
		rq("words/four-good-version", req("GET /a b HTTP/1.0")),
		rq("words/four-good-version-11", req("GET /a b HTTP/1.1")),
		rq("words/four-head", req("HEAD /a b HTTP/1.0")),
		rq("words/four-version-c", req("GET /a b c")),
		rq("words/split-version", req("GET / HTTP/1. 1")),
		rq("words/five", req("GET /a b c HTTP/1.1")),
		rq("words/five-bad", req("GET /a b c d")),
		rq("words/two-head", req("HEAD /a.txt")),
		rq("words/many", req("A B C D E F G H I J HTTP/1.0")),
	}
}

// versionCases are the rows of the version table (§2.4): validation, keep-alive by number, 505.
func versionCases() []diffCase {
	versions := []string{
		"HTTP/1.0", "HTTP/1.1", "HTTP/1.9", "HTTP/1.10", "HTTP/1.2", "HTTP/0.8", "HTTP/01.01",
		"HTTP/1.0000000001", "HTTP/1.00000000001", "HTTP/0000000001.1", "HTTP/00000000001.1",
		"HTTP/+1.1", "HTTP/1.-1", "HTTP/-1.1", "HTTP/1_1.1", "HTTP/1.1_0", "HTTP/2.0", "HTTP/3.0",
		"HTTP/10.0", "HTTP/2.0000000000", "HTTP/9999999999.0", "FOO/1.0", "http/1.0", "HTTP1.0",
		"HTTP/", "HTTP/a.b", "HTTP/1", "HTTP/1.0.1", "HTTP/1.", "HTTP/.1", "HTTP/.", "HTTP/1..1",
		"HTTP/\xe9", "HTTP/\xb9.1", "HTTP/1.\xb2", "HTTP/\xb3.\xb3", "HTTP/1.\xbc", "HTTP/0.9",
		"HTTP/00.9", "HTTP/0.09", "HTTP/ 1.1", "HTTP/1.1\x00", "HTTP/1.1\\", "HTTP/1.1'",
		`HTTP/1.1"`, "HTTP/1.1\x1b[0m", "xHTTP/1.1", "HTTPS/1.1", "HTTP/1.1/", "HTTP//1.1",
	}
	var out []diffCase
	for _, v := range versions {
		out = append(out, rq("version/"+quoteName(v), "GET /a.txt "+v+"\r\n\r\n"))
	}
	out = append(out,
		rq("version/0.9-head", req("HEAD /a.txt HTTP/0.9")),
		rq("version/0.9-post", req("POST /a.txt HTTP/0.9")),
		rq("version/0.9-missing", req("GET /missing.txt HTTP/0.9")),
		rq("version/2.0-head", req("HEAD /a.txt HTTP/2.0")),
		rq("version/bad-head", req("HEAD /a.txt FOO")),
	)
	return out
}

// http09Cases: two-word requests, which CPython 3.13.0 answers only after the header block (§2.6).
func http09Cases() []diffCase {
	return []diffCase{
		rq("0.9/blank-line", "GET /a.txt\r\n\r\n"),
		rq("0.9/lf-blank-line", "GET /a.txt\n\n"),
		rq("0.9/half-close", "GET /a.txt\r\n").half(),
		rq("0.9/waits-for-headers", "GET /a.txt\r\n"),
		rq("0.9/headers-then-blank", "GET /a.txt\r\nHost: x\r\nAccept: */*\r\n\r\n"),
		rq("0.9/directory-redirect-empty", "GET /dir1\r\n\r\n"),
		rq("0.9/not-modified-empty", "GET /a.txt\r\nIf-Modified-Since: "+mtime+"\r\n\r\n"),
		rq("0.9/missing", "GET /missing.txt\r\n\r\n"),
		rq("0.9/listing", "GET /list2/\r\n\r\n"),
		rq("0.9/empty-file", "GET /empty.txt\r\n\r\n"),
		rq("0.9/head", "HEAD /a.txt\r\n\r\n"),
		rq("0.9/lower-get", "get /a.txt\r\n\r\n"),
		rq("0.9/post", "POST /a.txt\r\n\r\n"),
		rq("0.9/keep-alive", "GET /a.txt\r\nConnection: keep-alive\r\n\r\n"),
		rq("0.9/keep-alive-then-request", "GET /a.txt\r\nConnection: keep-alive\r\n\r\n"+get10("/empty.txt")),
		rq("0.9/close-header", "GET /a.txt\r\nConnection: close\r\n\r\n"),
		rq("0.9/expect", "GET /a.txt\r\nExpect: 100-continue\r\n\r\n"),
		rq("0.9/crash-nul", "GET /%00\r\n\r\n"),
	}
}

// slashCollapseCases: gh-87389 reduces a leading // to / in self.path, not in the logged line (§2.5).
func slashCollapseCases() []diffCase {
	return []diffCase{
		rq("slashes/dir-redirect", get10("//dir1")),
		rq("slashes/triple", get10("///dir1")),
		rq("slashes/many", get10("//////dir1?q=1")),
		rq("slashes/evil-host", get10("//evil.example/..%2f..%2f../dir1")),
		rq("slashes/evil-host-only", get10("//evil.example")),
		rq("slashes/file", get10("//a.txt")),
		rq("slashes/listing-title", get10("//list2/")),
		rq("slashes/listing-title-query", get10("//list2/?//x")),
		rq("slashes/inner-kept", get10("/dir1//")),
		rq("slashes/inner-redirect", get10("/listdir//sub")),
		rq("slashes/encoded", get10("/%2fdir1")),
		rq("slashes/backslash", get10("/\\dir1")),
	}
}

// headerLimitCases: 65536-byte lines and 100 lines, counting the end of the block (§2.7).
func headerLimitCases() []diffCase {
	h99, h100, h101 := headerLines(99), headerLines(100), headerLines(101)
	return []diffCase{
		rq("headers/99-lines", get10("/a.txt", h99...)),
		rq("headers/100-lines", get10("/a.txt", h100...)),
		rq("headers/101-lines", get10("/a.txt", h101...)),
		rq("headers/99-lines-then-eof", "GET /a.txt HTTP/1.0\r\n"+strings.Join(h99, "\r\n")+"\r\n").half(),
		rq("headers/100-lines-then-eof", "GET /a.txt HTTP/1.0\r\n"+strings.Join(h100, "\r\n")+"\r\n").half(),
		rq("headers/100-continuations", get10("/a.txt", append([]string{"X: a"}, repeatLine(" b", 99)...)...)),
		rq("headers/100-junk-lines", get10("/a.txt", repeatLine("junk line", 100)...)),
		rq("headers/100-lines-head", req("HEAD /a.txt HTTP/1.0", h100...)),
		rq("headers/100-lines-0.9", req("GET /a.txt", h100...)),
		rq("headers/100-lines-11", get11("/a.txt", h100...)),
		rq("headers/line-65536", get10("/a.txt", headerOfLength(65536))),
		rq("headers/line-65537", get10("/a.txt", headerOfLength(65537))).rst(),
		rq("headers/line-65537-0.9", req("GET /a.txt", headerOfLength(65537))).rst(),
		rq("headers/line-65537-head", req("HEAD /a.txt HTTP/1.0", headerOfLength(65537))).rst(),
		rq("headers/line-65537-after-99", get10("/a.txt", append(headerLines(98), headerOfLength(65537))...)).rst(),
		rq("headers/no-host-11", get11("/a.txt", "Connection: close")),
	}
}

func repeatLine(line string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = line
	}
	return out
}

// emailQuirkCases: the email parser decides which headers exist (§2.7). Connection makes them visible
// on an HTTP/1.1 server, If-Modified-Since and Expect everywhere.
func emailQuirkCases() []diffCase {
	ims := "If-Modified-Since: " + mtime
	return []diffCase{
		rq("email/first-connection-wins-keep", get10("/a.txt", "Connection: keep-alive", "Connection: close")),
		rq("email/first-connection-wins-close", get11("/a.txt", "Connection: close", "Connection: keep-alive")),
		rq("email/first-ims-wins", get10("/a.txt", "If-Modified-Since: garbage", ims)),
		rq("email/non-header-ends", get11("/a.txt", "foo bar", "Connection: close")),
		rq("email/space-before-colon", get11("/a.txt", "Connection : close")),
		rq("email/tab-before-colon", get11("/a.txt", "Connection\t: close")),
		rq("email/non-header-ends-ims", get10("/a.txt", "junk", ims)),
		rq("email/latin1-name-ends", get11("/a.txt", "X-\xe9: 1", "Connection: close")),
		rq("email/del-in-name-ends", get11("/a.txt", "X-\x7f: 1", "Connection: close")),
		rq("email/folded-close", get11("/a.txt", "Connection:", " close")),
		rq("email/folded-tab", get11("/a.txt", "Connection:", "\tclose")),
		rq("email/folded-ims", get10("/a.txt", "If-Modified-Since: Thu, 02 Jan 2020", " 03:04:05 GMT")),
		rq("email/trailing-spaces", get11("/a.txt", "Connection: close  ")),
		rq("email/trailing-tab", get11("/a.txt", "Connection: close\t")),
		rq("email/no-space", get11("/a.txt", "Connection:close")),
		rq("email/tab-after-colon", get11("/a.txt", "Connection:\tclose")),
		rq("email/many-spaces-after-colon", get11("/a.txt", "Connection:     close")),
		rq("email/upper-value", get11("/a.txt", "Connection: CLOSE")),
		rq("email/lower-name", get11("/a.txt", "connection: close")),
		rq("email/bare-cr-splits", get11("/a.txt", "X-A: 1\rConnection: close")),
		rq("email/bare-cr-first-wins", get10("/a.txt", "Connection: keep-alive\rConnection: close")),
		rq("email/cr-cr-lf-ends", get11("/a.txt", "X-A: 1\r", "Connection: close")),
		rq("email/from-line-first", get11("/a.txt", "From nobody Mon Jan  1 00:00:00 2020", "Connection: close")),
		rq("email/from-line-middle", get11("/a.txt", "X-A: 1", "From nobody", "Connection: close")),
		rq("email/from-line-last", get11("/a.txt", "Connection: close", "From nobody")),
		rq("email/from-header", get11("/a.txt", "From: someone", "Connection: close")),
		rq("email/leading-continuation", get11("/a.txt", " leading", "Connection: close")),
		rq("email/leading-tab-continuation", get11("/a.txt", "\tleading", "Connection: close")),
		rq("email/continuation-after-from", get11("/a.txt", "From x", " cont", "Connection: close")),
		rq("email/colon-first", get11("/a.txt", ":close", "Connection: close")),
		rq("email/colon-first-then-fold", get11("/a.txt", ": x", " y", "Connection: close")),
		rq("email/empty-value", get11("/a.txt", "Connection:")),
		rq("email/empty-then-real", get11("/a.txt", "Connection:", "Connection: close")),
		rq("email/latin1-value", get11("/a.txt", "Connection: clos\xe9")),
		rq("email/nbsp-value", get11("/a.txt", "Connection: close\xa0")),
		rq("email/nul-in-value", get11("/a.txt", "Connection: close\x00")),
		rq("email/whitespace-continuation", get11("/a.txt", "Connection: close", " ")),
		rq("email/whitespace-only-first", get11("/a.txt", " ", "Connection: close")),
		rq("email/lf-only-headers", "GET /a.txt HTTP/1.1\nConnection: close\n\n"),
		rq("email/mixed-endings", "GET /a.txt HTTP/1.1\r\nX-A: 1\nConnection: close\r\n\n"),
	}
}

// persistenceCases: every row of the keep-alive matrix (§2.8), run on both protocol settings.
func persistenceCases() []diffCase {
	return []diffCase{
		rq("persist/http10", get10("/a.txt")),
		rq("persist/http11", get11("/a.txt")),
		rq("persist/http12", req("GET /a.txt HTTP/1.2")),
		rq("persist/http110", req("GET /a.txt HTTP/1.10")),
		rq("persist/http0101", req("GET /a.txt HTTP/01.01")),
		rq("persist/http11-close", get11("/a.txt", "Connection: close")),
		rq("persist/http11-CLOSE", get11("/a.txt", "Connection: CLOSE")),
		rq("persist/http11-close-foo", get11("/a.txt", "Connection: close, foo")),
		rq("persist/http11-foo-close", get11("/a.txt", "Connection: foo, close")),
		rq("persist/http11-keepalive-then-close", get11("/a.txt", "Connection: keep-alive", "Connection: close")),
		rq("persist/http10-keepalive", get10("/a.txt", "Connection: keep-alive")),
		rq("persist/http10-Keep-Alive", get10("/a.txt", "Connection: Keep-Alive")),
		rq("persist/http10-KEEP-ALIVE", get10("/a.txt", "Connection: KEEP-ALIVE")),
		rq("persist/http10-keepalive-list", get10("/a.txt", "Connection: keep-alive, foo")),
		rq("persist/http11-keepalive", get11("/a.txt", "Connection: keep-alive")),
		rq("persist/http11-upgrade", get11("/a.txt", "Connection: Upgrade")),
		rq("persist/http11-404", get11("/missing.txt")),
		rq("persist/http11-501", req("PUT /a.txt HTTP/1.1")),
		rq("persist/http11-431", get11("/a.txt", headerLines(100)...)),
		rq("persist/http11-400", req("GET /a b HTTP/1.1")),
		rq("persist/http11-redirect", get11("/dir1")),
		rq("persist/http11-not-modified", get11("/a.txt", "If-Modified-Since: "+mtime)),
		rq("persist/http11-head", req("HEAD /a.txt HTTP/1.1")),
		rq("persist/http11-listing", get11("/list2/")),
		rq("persist/http11-index", get11("/dir1/")),
		rq("persist/http11-empty-file", get11("/empty.txt")),
		rq("persist/http10-keepalive-404", get10("/missing.txt", "Connection: keep-alive")),
		rq("persist/http10-keepalive-redirect", get10("/dir1", "Connection: keep-alive")),
		rq("persist/http11-large", get11("/large.bin")),
	}
}

// pipelineCases: requests processed in order from a buffered rfile; bodies never read (§2.11).
func pipelineCases() []diffCase {
	return []diffCase{
		rq("pipeline/two-11", get11("/a.txt")+get11("/empty.txt")),
		rq("pipeline/three-11", get11("/a.txt")+get11("/dir1")+get11("/list2/")),
		rq("pipeline/11-then-10", get11("/a.txt")+get10("/empty.txt")),
		rq("pipeline/10-then-11", get10("/a.txt")+get11("/empty.txt")).rst(),
		rq("pipeline/close-in-middle", get11("/a.txt")+get11("/a.txt", "Connection: close")+get11("/empty.txt")).rst(),
		rq("pipeline/error-in-middle", get11("/a.txt")+get11("/missing.txt")+get11("/empty.txt")).rst(),
		rq("pipeline/blank-line-between", get11("/a.txt")+"\r\n"+get11("/empty.txt")).rst(),
		rq("pipeline/head-then-get", req("HEAD /a.txt HTTP/1.1")+get11("/a.txt")),
		rq("pipeline/keepalive-10", get10("/a.txt", "Connection: keep-alive")+get10("/empty.txt", "Connection: keep-alive")),
		rq("pipeline/0.9-after-11", get11("/a.txt")+"GET /empty.txt\r\n\r\n"),
		rq("pipeline/expect-then-get", get11("/a.txt", "Expect: 100-continue")+get11("/empty.txt")),
		// Many requests in one write: the rfile buffer (8192 bytes) is refilled between them.
		rq("pipeline/200-requests", strings.Repeat(get11("/a.txt"), 200)),
		rq("pipeline/500-requests-then-close", strings.Repeat(get11("/empty.txt"), 499)+get11("/a.txt", "Connection: close")),
		rq("pipeline/long-line-across-buffer", get11("/a.txt", "X-Pad: "+strings.Repeat("p", 8000))+
			get11("/"+strings.Repeat("q", 9000))),
		rq("pipeline/partial-0.9-then-eof", get11("/a.txt")+"GET /a").half(),
		rq("pipeline/partial-line-then-eof", get11("/a.txt")+"GET /empty.txt HTTP/1.1").half(),
		rq("pipeline/partial-headers-then-eof", get11("/a.txt")+"GET /empty.txt HTTP/1.1\r\nX: y").half(),
		rq("pipeline/header-across-buffer", get11("/a.txt", "X-Pad: "+strings.Repeat("p", 8170), "Connection: close")),
		rq("body/unread-becomes-request", get11("/a.txt", "Content-Length: 25")+get11("/empty.txt")),
		rq("body/unread-garbage", get11("/a.txt", "Content-Length: 12")+"hello world\n"),
		rq("body/unread-one-word", get11("/a.txt", "Content-Length: 6")+"hello\n"),
		rq("body/chunked-ignored", get11("/a.txt", "Transfer-Encoding: chunked")+"5\r\nhello\r\n0\r\n\r\n"),
		rq("body/post-with-body", req("POST /a.txt HTTP/1.1", "Content-Length: 5")+"hello").rst(),
		rq("body/post-large-body", req("POST /a.txt HTTP/1.1", "Content-Length: 6000")+strings.Repeat("b", 6000)).rst(),
		rq("body/get-large-body-10", get10("/a.txt", "Content-Length: 6000")+strings.Repeat("b", 6000)).rst(),
		rq("body/get-body-10", get10("/a.txt", "Content-Length: 5")+"hello").rst(),
		// StreamRequestHandler's rfile is a BufferedReader of 8192 bytes: it takes the whole of a
		// 5,000-byte request from the socket at once, so the close that follows is a FIN, not a RST.
		rq("body/unread-within-rfile-buffer", get10("/a.txt")+strings.Repeat("j", 5000)),
		rq("body/unread-beyond-rfile-buffer", get10("/a.txt")+strings.Repeat("j", 20000)).rst(),
	}
}

// expectCases: 100 Continue only on an HTTP/1.1 server, for a request version >= "HTTP/1.1" as a
// string, before dispatch (§2.9).
func expectCases() []diffCase {
	e := "Expect: 100-continue"
	return []diffCase{
		rq("expect/11", get11("/a.txt", e)),
		rq("expect/10", get10("/a.txt", e)),
		rq("expect/upper", get11("/a.txt", "Expect: 100-Continue")),
		rq("expect/list", get11("/a.txt", "Expect: 100-continue, foo")),
		rq("expect/trailing-space", get11("/a.txt", "Expect: 100-continue ")),
		rq("expect/no-space", get11("/a.txt", "Expect:100-continue")),
		rq("expect/first-wins", get11("/a.txt", "Expect: foo", e)),
		rq("expect/first-wins-2", get11("/a.txt", e, "Expect: foo")),
		rq("expect/other-value", get11("/a.txt", "Expect: 200-ok")),
		rq("expect/http110", req("GET /a.txt HTTP/1.10", e)),
		rq("expect/http12", req("GET /a.txt HTTP/1.2", e)),
		rq("expect/http19", req("GET /a.txt HTTP/1.9", e)),
		rq("expect/http0101", req("GET /a.txt HTTP/01.01", e)),
		rq("expect/http1-long-zero", req("GET /a.txt HTTP/1.0000000001", e)),
		rq("expect/post", req("POST /a.txt HTTP/1.1", e, "Content-Length: 5")+"hello").rst(),
		rq("expect/post-no-body", req("POST /a.txt HTTP/1.1", e)),
		rq("expect/missing", get11("/missing.txt", e)),
		rq("expect/head", req("HEAD /a.txt HTTP/1.1", e)).framedAs("GET"),
		rq("expect/redirect", get11("/dir1", e)),
		rq("expect/close", get11("/a.txt", e, "Connection: close")),
		rq("expect/keepalive-10", get10("/a.txt", e, "Connection: keep-alive")),
		rq("expect/431", get11("/a.txt", append([]string{e}, headerLines(100)...)...)),
		rq("expect/bad-version", req("GET /a.txt HTTP/1.x", e)),
	}
}

// methodCases: do_<COMMAND> looked up case-sensitively; anything else is 501 with the method's repr
// (§2.10).
func methodCases() []diffCase {
	methods := []string{
		"POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "CONNECT", "FOO", "get", "Get", "GETs",
		"HEADER", "<b>X", "X'Y", `X"Y`, `X'"Y`, `X\Y`, "X\x01Y", "X\x7fY", "X\x80Y", "X\xadY", "X\xe9Y",
		"X\xffY", "X%sY", "X&amp;Y", strings.Repeat("M", 300),
	}
	var out []diffCase
	for _, m := range methods {
		out = append(out, rq("method/"+quoteName(m), req(m+" /a.txt HTTP/1.0")))
	}
	return append(out,
		rq("method/options-star", req("OPTIONS * HTTP/1.0")),
		rq("method/connect-authority", req("CONNECT example.com:443 HTTP/1.1")),
		rq("method/post-11", req("POST /a.txt HTTP/1.1")),
	)
}

// sendErrorCases: send_error's reply shape, on GET and HEAD (§3.4, §4.4).
func sendErrorCases() []diffCase {
	return []diffCase{
		rq("error/404", get10("/missing.txt")),
		rq("error/404-11", get11("/missing.txt")),
		rq("error/404-head", req("HEAD /missing.txt HTTP/1.0")),
		rq("error/404-head-11", req("HEAD /missing.txt HTTP/1.1")),
		rq("error/404-trailing-slash-head", req("HEAD /a.txt/ HTTP/1.0")),
		rq("error/501-head-looking", req("HEAd /a.txt HTTP/1.0")),
		rq("error/505-head", req("HEAD / HTTP/3.0")),
		rq("error/400-head-bad-version", req("HEAD / FOO")),
		rq("error/431-head", req("HEAD /a.txt HTTP/1.1", headerLines(101)...)),
		rq("error/message-escaped", req("GET /a&b<c> x>y HTTP/1.0")),
		rq("error/message-quotes", req(`GET /"a" 'b' HTTP/1.0`)),
		rq("error/message-latin1", req("GET /\xe9 \xfc HTTP/1.0")),
		rq("error/message-c1", req("GET /\x80 \x9f HTTP/1.0")),
	}
}

// logCases: log_message's escaping of control characters and backslashes (§6.2).
func logCases() []diffCase {
	return []diffCase{
		rq("log/tab", req("GET\t/a.txt HTTP/1.0")),
		rq("log/escape-sequence", req("GET /\x1b[31m\x7f\x80\x9f\xe9\xff\\x HTTP/1.0")),
		rq("log/repr-escape", req("GET / HTTP/\x1b")),
		rq("log/percent", get10("/%s%d%%")),
		rq("log/backslashes", get10("/a\\b\\\\c")),
		rq("log/nul-in-path", "GET /a\x00b HTTP/1.0\r\n\r\n"),
		rq("log/bell", get10("/\x07")),
		rq("log/high-latin1", get10("/\xa1\xbf\xd7\xf7\xff")),
		rq("log/utf8-bytes", get10("/\xc3\xa9\xe2\x82\xac")),
		rq("log/0.9-line", "GET /a\x01.txt\r\n\r\n"),
		rq("log/414-empty-line", padTo(70000, "")+"\r\n").rst(),
	}
}

// quoteName turns a request fragment into a subtest name: printable ASCII kept, the rest as %XX.
func quoteName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 80; i++ {
		c := s[i]
		if c > ' ' && c < 0x7f && c != '%' && c != '/' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
