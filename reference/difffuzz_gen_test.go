package reference_test

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"

	"github.com/httpspec/httpspec/fixtures"
)

// requestGen writes random raw requests that are mostly valid: a fixture path or a near miss, spelled
// in every encoding translate_path undoes, on a request line and header block that are mutated now
// and then (odd separators, versions, line ends, folds, junk lines), alone or pipelined on one
// connection. The same seed gives the same requests.
type requestGen struct {
	r *rand.Rand
	// groups are URL paths of the fixture entries inside the document root, by their first part, so
	// that the many MIME examples do not crowd out the rest.
	groups [][]string
}

func newRequestGen(seed uint64) *requestGen {
	g := &requestGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	byTop := map[string]int{}
	add := func(top, p string) {
		i, ok := byTop[top]
		if !ok {
			i = len(g.groups)
			byTop[top] = i
			g.groups = append(g.groups, nil)
		}
		g.groups[i] = append(g.groups[i], p)
	}
	for _, p := range []string{"/", "/missing.txt", "/a.txt/", "/dir1", "/nope/"} {
		add("", p)
	}
	for _, e := range fixtures.Tree() {
		if e.Outside() || e.Fragile != "" || e.Generated {
			continue // outside the root, not on every file system, or megabytes long
		}
		p := "/" + e.Path
		if e.Kind == fixtures.Dir {
			p += "/"
		}
		top, _, _ := strings.Cut(e.Path, "/")
		add(top, p)
	}
	return g
}

// path is a fixture path: a group chosen uniformly, then one of its paths.
func (g *requestGen) path() string {
	group := g.groups[g.r.IntN(len(g.groups))]
	return group[g.r.IntN(len(group))]
}

// diffCase is one connection's worth: one to three requests sent in one write, sometimes with our
// write side shut after them.
func (g *requestGen) diffCase(i int) (c diffCase, requests int) {
	requests = 1
	if g.chance(0.2) {
		requests += 1 + g.r.IntN(2)
	}
	var b strings.Builder
	for k := range requests {
		b.WriteString(g.request(k < requests-1))
	}
	c = diffCase{group: "fuzz", name: fmt.Sprintf("%05d", i), request: b.String()}
	c.halfClose = g.chance(0.1)
	// With more than one request, a server that closes after the first leaves bytes unread, so the
	// kernel may end the connection with a RST (research §1.4).
	c.resetOK = requests > 1 || len(c.request) > 8192
	return c, requests
}

func (g *requestGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *requestGen) pick(options ...string) string { return options[g.r.IntN(len(options))] }

// request is one request: line, headers, blank line. keepAlive asks for the connection to stay open.
func (g *requestGen) request(keepAlive bool) string {
	eol := "\r\n"
	if g.chance(0.08) {
		eol = g.pick("\n", "\r\n\r\n", "\n\r\n")
	}
	sep := " "
	if g.chance(0.08) {
		sep = g.pick("  ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", " \t ")
	}
	words := []string{g.method(), g.target()}
	if v := g.version(); v != "" {
		words = append(words, v)
	}
	if g.chance(0.02) {
		words = append(words, g.pick("extra", "HTTP/1.0", ""))
	}
	var b strings.Builder
	b.WriteString(strings.Join(words, sep) + eol)
	for _, h := range g.headers(keepAlive, words[len(words)-1]) {
		b.WriteString(h + eol)
	}
	b.WriteString(eol)
	return b.String()
}

func (g *requestGen) method() string {
	switch {
	case g.chance(0.6):
		return "GET"
	case g.chance(0.5):
		return "HEAD"
	}
	return g.pick("POST", "PUT", "DELETE", "OPTIONS", "get", "Get", "GET\x00", "G<b>T", "\x1b[1mGET",
		"CONNECT", "BREW", "GETGET", "-", "'\"")
}

func (g *requestGen) version() string {
	switch {
	case g.chance(0.45):
		return "HTTP/1.0"
	case g.chance(0.7):
		return "HTTP/1.1"
	}
	return g.pick("", "", "HTTP/0.9", "HTTP/2.0", "HTTP/3", "HTTP/1.01", "HTTP/01.1", "http/1.1",
		"HTTP/1", "HTTP/1.1.1", "HTTP/+1.1", "HTTP/1.x", "HTTP/1.1\x00", "HTTP/\xb9.1", "HTTP/1_1.1",
		"HTTP/12345678901.1", "HTTP/1.0000000001", "HTTP/ 1.1", "HTTP")
}

// target is a request path: a fixture's path or a near miss, its characters encoded at random, with
// dot segments, doubled slashes, a query or a fragment added now and then.
func (g *requestGen) target() string {
	p := g.path()
	if g.chance(0.15) {
		p = g.addSegments(p)
	}
	p = g.encode(p)
	if g.chance(0.1) {
		p += "?" + g.pick("", "a=1&b=2", "x=/../", "%2e%2e", "<q>", "#f", "?")
	}
	if g.chance(0.05) {
		p += "#" + g.pick("", "frag", "/../x", "?q")
	}
	if g.chance(0.03) {
		p = g.pick("http://example.com", "//example.com", "http://[::1]:80", "HTTP://x") + p
	}
	if g.chance(0.02) {
		p = strings.TrimPrefix(p, "/")
	}
	return p
}

// addSegments inserts a segment that translate_path must normalise away or keep.
func (g *requestGen) addSegments(p string) string {
	seg := g.pick("./", "../", "../../", "//", ".../", "%2e/", "%2e%2e/", "%252e%252e/", ".%2e/",
		"..%2f", "%c0%ae%c0%ae/", "..\\", "dir1/../", "x/../", "%00/", "\x01/", "\x7f/", "%ed%b2%80/",
		"%ed%a0%80/", "%ff/", "\xfc/", "\xc3\xbc/", "%3f/", "%23/", ";p/", "%20/")
	at := 1 + g.r.IntN(max(1, len(p)))
	at = min(at, len(p))
	return p[:at] + seg + p[at:]
}

// encode spells some of the path's bytes as %XX (upper or lower case hex), a few of those twice.
func (g *requestGen) encode(p string) string {
	if !g.chance(0.3) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 0x80 || c < 0x21 || c == '%' && g.chance(0.5):
			fmt.Fprintf(&b, g.pick("%%%02X", "%%%02x"), c)
		case g.chance(0.15):
			fmt.Fprintf(&b, g.pick("%%%02X", "%%%02x", "%%25%02X"), c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// headers are zero to five fields from a pool that touches every header parse_request, send_head
// and the email parser look at, plus the Connection header that keeps a pipelined connection open.
func (g *requestGen) headers(keepAlive bool, version string) []string {
	var out []string
	if keepAlive && version == "HTTP/1.0" {
		out = append(out, "Connection: keep-alive")
	}
	for range g.r.IntN(6) {
		out = append(out, g.header())
	}
	if g.chance(0.3) {
		g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out
}

func (g *requestGen) header() string {
	switch g.r.IntN(8) {
	case 0:
		return "Connection: " + g.pick("close", "keep-alive", "Keep-Alive", "CLOSE", "close, foo",
			"keep-alive, close", "", "upgrade", " close", "close ")
	case 1:
		return "If-Modified-Since: " + g.pick("Thu, 02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 2020 03:04:04 GMT",
			"Fri, 01 Jan 2100 00:00:00 GMT", "Thu, 02 Jan 2020 04:04:05 +0100", "02 Jan 2020 03:04:05",
			"Thursday, 02-Jan-20 03:04:05 GMT", "Thu Jan  2 03:04:05 2020", "garbage", "", "31 Feb 2020 00:00 GMT",
			"Thu, 02 Jan 2020 03:04:05 -0000", "0", "Thu, 02 Jan 99999 03:04:05 GMT")
	case 2:
		return g.pick("If-None-Match: \"x\"", "If-None-Match: *", "If-None-Match:")
	case 3:
		return "Expect: " + g.pick("100-continue", "100-Continue", "100-continue, x", "")
	case 4:
		return g.pick("Host: localhost", "Host: example.com:8000", "User-Agent: httpspec-fuzz",
			"Accept: */*", "Accept-Encoding: gzip", "Content-Length: 0", "Range: bytes=0-1", "Cookie: a=b")
	case 5:
		return g.pick("X-Folded: a", " continued", "\tcontinued", "No colon here", "Connection : close",
			":empty-name", "From nobody", "X-Empty:", "X:\x00\x1b\x7f", "X-Latin: caf\xe9",
			"X-UTF8: caf\xc3\xa9", "X-Long: "+strings.Repeat("v", 2000), "X-Dup: 1", "Bad Header: x")
	case 6:
		return "X-Path: " + url.PathEscape(g.path())
	default:
		return "Accept-Language: en"
	}
}
