package wire

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// digest writes down every field of a parse, so a table can assert all of them at once.
func digest(r *Response, rest []byte) string {
	var b strings.Builder
	q := func(s string) string { return `"` + Quote([]byte(s)) + `"` }
	if r.Headerless {
		b.WriteString("headerless\n")
	} else {
		fmt.Fprintf(&b, "status %s: version %s code %d reason %s\n", q(r.StatusLine), q(r.Version), r.Code, q(r.Reason))
	}
	for _, h := range r.Headers {
		fmt.Fprintf(&b, "header %s = %s\n", q(h.Name), q(h.Value))
	}
	fmt.Fprintf(&b, "body %s, %s, content-length %d\n", q(string(r.Body)), r.Framing, r.ContentLength)
	fmt.Fprintf(&b, "end %s, complete %v, truncated %v\n", r.End, r.Complete, r.Truncated)
	var ks []string
	for _, p := range r.Problems {
		ks = append(ks, string(p.Kind))
	}
	fmt.Fprintf(&b, "problems [%s]\n", strings.Join(ks, " "))
	fmt.Fprintf(&b, "rest %s", q(string(rest)))
	return b.String()
}

// parseCases are responses as servers really send them (CPython's bytes from research §3 and
// appendix A) and as broken servers might. They also seed FuzzParseResponse.
var parseCases = []struct {
	name, method, data, want string
}{
	{"file 200, pipelined bytes left over", "GET",
		"HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.13.0\r\nDate: Thu, 02 Jan 2020 03:04:05 GMT\r\nContent-type: text/plain\r\nContent-Length: 6\r\nLast-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\nhello\nEXTRA",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Server" = "SimpleHTTP/0.6 Python/3.13.0"
header "Date" = "Thu, 02 Jan 2020 03:04:05 GMT"
header "Content-type" = "text/plain"
header "Content-Length" = "6"
header "Last-Modified" = "Thu, 02 Jan 2020 03:04:05 GMT"
body "hello\n", Content-Length, content-length 6
end unknown, complete true, truncated false
problems []
rest "EXTRA"`},
	{"headerless HTTP/0.9 reply", "GET",
		"<!DOCTYPE HTML>\n<p>Error code: 505</p>\n",
		`headerless
body "<!DOCTYPE HTML>\n<p>Error code: 505</p>\n", until close, content-length -1
end closed, complete true, truncated false
problems []
rest ""`},
	{"a reply shorter than HTTP/ is headerless", "GET", "HTT",
		`headerless
body "HTT", until close, content-length -1
end closed, complete true, truncated false
problems []
rest ""`},
	{"HTTP/ alone", "GET", "HTTP/",
		`status "HTTP/": version "HTTP/" code 0 reason ""
body "", unframed, content-length -1
end closed, complete false, truncated false
problems [bad-status-line bad-status-line unterminated-headers]
rest ""`},
	{"100 Continue leaves the final response", "GET",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		`status "HTTP/1.1 100 Continue": version "HTTP/1.1" code 100 reason "Continue"
body "", no body, content-length -1
end unknown, complete true, truncated false
problems []
rest "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"`},
	{"HEAD has no body whatever Content-Length says", "HEAD",
		"HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\n",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Content-Length" = "6"
body "", no body, content-length 6
end unknown, complete true, truncated false
problems []
rest ""`},
	{"304", "GET",
		"HTTP/1.0 304 Not Modified\r\nServer: SimpleHTTP/0.6 Python/3.13.0\r\nDate: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n",
		`status "HTTP/1.0 304 Not Modified": version "HTTP/1.0" code 304 reason "Not Modified"
header "Server" = "SimpleHTTP/0.6 Python/3.13.0"
header "Date" = "Thu, 02 Jan 2020 03:04:05 GMT"
body "", no body, content-length -1
end unknown, complete true, truncated false
problems []
rest ""`},
	{"204 with stray bytes after it", "GET", "HTTP/1.1 204 No Content\r\n\r\nstray",
		`status "HTTP/1.1 204 No Content": version "HTTP/1.1" code 204 reason "No Content"
body "", no body, content-length -1
end unknown, complete true, truncated false
problems []
rest "stray"`},
	{"body until close", "GET", "HTTP/1.0 301 Moved Permanently\r\nLocation: /dir1/\r\n\r\nabc",
		`status "HTTP/1.0 301 Moved Permanently": version "HTTP/1.0" code 301 reason "Moved Permanently"
header "Location" = "/dir1/"
body "abc", until close, content-length -1
end closed, complete true, truncated false
problems []
rest ""`},
	{"LF-only line ends", "GET", "HTTP/1.0 200 OK\nA: b\nC: d\n\nbody",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "A" = "b"
header "C" = "d"
body "body", until close, content-length -1
end closed, complete true, truncated false
problems [bare-lf]
rest ""`},
	{"Latin-1 reason bytes", "GET",
		"HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')\r\nContent-Length: 0\r\n\r\n",
		`status "HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')": version "HTTP/1.0" code 404 reason "No such CGI script ('/cgi-bin/\xfc.py')"
header "Content-Length" = "0"
body "", Content-Length, content-length 0
end unknown, complete true, truncated false
problems []
rest ""`},
	{"no reason", "GET", "HTTP/1.0 200\r\nContent-Length: 0\r\n\r\n",
		`status "HTTP/1.0 200": version "HTTP/1.0" code 200 reason ""
header "Content-Length" = "0"
body "", Content-Length, content-length 0
end unknown, complete true, truncated false
problems [no-reason]
rest ""`},
	{"empty reason, as send_response gives an unknown code", "GET", "HTTP/1.0 599 \r\n\r\n",
		`status "HTTP/1.0 599 ": version "HTTP/1.0" code 599 reason ""
body "", until close, content-length -1
end closed, complete true, truncated false
problems []
rest ""`},
	{"garbage status code", "GET", "HTTP/1.0 2x0 OK\r\n\r\n",
		`status "HTTP/1.0 2x0 OK": version "HTTP/1.0" code 0 reason ""
body "", until close, content-length -1
end closed, complete true, truncated false
problems [bad-status-line]
rest ""`},
	{"duplicate headers keep order and case", "GET",
		"HTTP/1.0 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nCONTENT-LENGTH: 0\r\n\r\n",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Set-Cookie" = "a=1"
header "set-cookie" = "b=2"
header "CONTENT-LENGTH" = "0"
body "", Content-Length, content-length 0
end unknown, complete true, truncated false
problems []
rest ""`},
	{"CGI script printing no headers (research §5.3)", "GET",
		"HTTP/1.0 200 Script output follows\r\nServer: SimpleHTTP/0.6 Python/3.13.0\r\nDate: Thu, 02 Jan 2020 03:04:05 GMT\r\nno headers at all\n",
		`status "HTTP/1.0 200 Script output follows": version "HTTP/1.0" code 200 reason "Script output follows"
header "Server" = "SimpleHTTP/0.6 Python/3.13.0"
header "Date" = "Thu, 02 Jan 2020 03:04:05 GMT"
body "", unframed, content-length -1
end closed, complete false, truncated false
problems [bare-lf bad-header-line unterminated-headers]
rest ""`},
	{"CGI exec failure: no blank line, then close (research §5.3)", "GET",
		"HTTP/1.0 200 Script output follows\r\nServer: SimpleHTTP/0.6 Python/3.13.0\r\nDate: Thu, 02 Jan 2020 03:04:05 GMT\r\n",
		`status "HTTP/1.0 200 Script output follows": version "HTTP/1.0" code 200 reason "Script output follows"
header "Server" = "SimpleHTTP/0.6 Python/3.13.0"
header "Date" = "Thu, 02 Jan 2020 03:04:05 GMT"
body "", unframed, content-length -1
end closed, complete false, truncated false
problems [unterminated-headers]
rest ""`},
	{"last header line without its line end", "GET", "HTTP/1.0 200 OK\r\nX: y",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "X" = "y"
body "", unframed, content-length -1
end closed, complete false, truncated false
problems [unterminated-headers]
rest ""`},
	{"folded header, space before colon, values trimmed", "GET",
		"HTTP/1.0 200 OK\r\nA: b\r\n c\r\nConnection : close\r\nX:  v \t\r\n\r\n",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "A" = "b"
header "Connection " = "close"
header "X" = "v"
body "", until close, content-length -1
end closed, complete true, truncated false
problems [folded-header bad-header-line]
rest ""`},
	{"Content-Length not a number", "GET", "HTTP/1.0 200 OK\r\nContent-Length: 6x\r\n\r\nhello\n",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Content-Length" = "6x"
body "hello\n", until close, content-length -1
end closed, complete true, truncated false
problems [bad-content-length]
rest ""`},
	{"Content-Length values disagree: the first frames", "GET",
		"HTTP/1.0 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Content-Length" = "2"
header "Content-Length" = "3"
body "ab", Content-Length, content-length 2
end unknown, complete true, truncated false
problems [bad-content-length]
rest "c"`},
	{"body shorter than Content-Length", "GET", "HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nabc",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Content-Length" = "10"
body "abc", Content-Length, content-length 10
end closed, complete false, truncated false
problems [short-body]
rest ""`},
	{"chunked is not decoded", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		`status "HTTP/1.1 200 OK": version "HTTP/1.1" code 200 reason "OK"
header "Transfer-Encoding" = "chunked"
body "3\r\nabc\r\n0\r\n\r\n", until close, content-length -1
end closed, complete true, truncated false
problems [transfer-encoding]
rest ""`},
	{"CR alone does not end a line", "GET", "HTTP/1.0 200 OK\r\nHost: x\r\r\n\r\n",
		`status "HTTP/1.0 200 OK": version "HTTP/1.0" code 200 reason "OK"
header "Host" = "x\r"
body "", until close, content-length -1
end closed, complete true, truncated false
problems []
rest ""`},
}

func TestParseResponse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.name, func(t *testing.T) {
			r, rest := ParseResponse([]byte(c.data), c.method)
			if got := digest(r, rest); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
			if consumed := c.data[:len(c.data)-len(rest)]; string(r.Raw) != consumed {
				t.Errorf("Raw = %q, want the consumed bytes %q", r.Raw, consumed)
			}
		})
	}
}

func TestParseResponseEmpty(t *testing.T) {
	if r, rest := ParseResponse(nil, "GET"); r != nil || len(rest) != 0 {
		t.Errorf("ParseResponse(nil) = %v, %q; want nil, empty", r, rest)
	}
}

func TestHeaderLookup(t *testing.T) {
	r, _ := ParseResponse([]byte("HTTP/1.0 200 OK\r\nSet-Cookie: a=1\r\nX-\xc4: latin\r\nset-cookie: b=2\r\nEmpty:\r\n\r\n"), "HEAD")
	if got := r.Get("SET-COOKIE"); got != "a=1" {
		t.Errorf(`Get("SET-COOKIE") = %q, want the first, "a=1"`, got)
	}
	if got := r.Values("set-Cookie"); len(got) != 2 || got[0] != "a=1" || got[1] != "b=2" {
		t.Errorf(`Values("set-Cookie") = %q, want [a=1 b=2]`, got)
	}
	if got := strings.Join(r.HeaderNames(), "|"); got != "Set-Cookie|X-\xc4|set-cookie|Empty" {
		t.Errorf("HeaderNames() = %q", got)
	}
	if v, ok := r.Lookup("empty"); !ok || v != "" {
		t.Errorf(`Lookup("empty") = %q, %v; want "", true`, v, ok)
	}
	if _, ok := r.Lookup("X-\xe4"); ok {
		t.Error("a Latin-1 byte must not match its lower-case Latin-1 byte: only ASCII folds")
	}
	if _, ok := r.Lookup("Missing"); ok {
		t.Error(`Lookup("Missing") found a header`)
	}
	if r.Headers[1].Line != "X-\xc4: latin" {
		t.Errorf("Line = %q, want the line as sent", r.Headers[1].Line)
	}
}

func TestParseBounds(t *testing.T) {
	flood := "HTTP/1.0 200 OK\r\n" + strings.Repeat("X-Flood: aaaaaaaa\r\n", 100)
	r, _ := parseWithLimits([]byte(flood), "GET", limits{header: 100, body: 10})
	if !r.Truncated || !r.Has(HeadersTooLarge) || len(r.Raw) != 100 || r.Complete {
		t.Errorf("header flood: %v, %d raw bytes; want truncated at 100 bytes", r, len(r.Raw))
	}
	long := "HTTP/1.0 200 OK\r\n\r\n" + strings.Repeat("x", 50)
	r, rest := parseWithLimits([]byte(long), "GET", limits{header: 100, body: 10})
	if !r.Truncated || !r.Has(BodyTooLarge) || string(r.Body) != "xxxxxxxxxx" || len(rest) != 40 {
		t.Errorf("long body: %v, rest %d bytes; want 10 body bytes kept", r, len(rest))
	}
	exact := "HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n" + strings.Repeat("x", 10)
	r, _ = parseWithLimits([]byte(exact), "GET", limits{header: 100, body: 10})
	if r.Truncated || !r.Complete {
		t.Errorf("a body of exactly the bound: %v; want complete", r)
	}
	many := "HTTP/1.0 200 OK\n" + strings.Repeat("junk\n", 1000) + "\n"
	r, _ = ParseResponse([]byte(many), "GET")
	if len(r.Problems) != maxProblems || !bytes.Equal(r.Raw, []byte(many)) {
		t.Errorf("1000 junk lines: %d problems, want the list capped at %d", len(r.Problems), maxProblems)
	}
}
