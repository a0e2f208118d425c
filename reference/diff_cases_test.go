package reference_test

import (
	"strings"
	"testing"
)

// diffCase is one stimulus of the differential test: raw bytes sent to both servers in one write.
type diffCase struct {
	group, name string
	request     string
	// halfClose shuts our write side after sending: an HTTP/0.9 request then gets its answer from
	// CPython 3.13.0, which reads headers until a blank line or EOF (research §2.6).
	halfClose bool
	// resetOK marks a case whose server closes with bytes of ours unread, so that the kernel may
	// send a RST after the complete response (research §1.4): closed and reset are then the same.
	resetOK bool
	// frame is the method that frames the first reply when it is not the request's first word.
	frame string
	// needs names fixture paths a filesystem may fail to hold (fixtures.Entry.Fragile).
	needs []string
}

// method frames the first reply: HEAD replies have no body.
func (c diffCase) method() string {
	if c.frame != "" {
		return c.frame
	}
	m, _, _ := strings.Cut(c.request, " ")
	return m
}

func (c diffCase) fullName() string { return c.group + "/" + c.name }

// rq is a case; the modifiers below adjust it.
func rq(name, request string) diffCase { return diffCase{name: name, request: request} }

func (c diffCase) half() diffCase             { c.halfClose = true; return c }
func (c diffCase) rst() diffCase              { c.resetOK = true; return c }
func (c diffCase) framedAs(m string) diffCase { c.frame = m; return c }
func (c diffCase) need(p ...string) diffCase  { c.needs = append(c.needs, p...); return c }
func inGroup(g string, cs []diffCase) []diffCase {
	for i := range cs {
		cs[i].group = g
	}
	return cs
}

// req builds a request: the request line, header lines, the blank line.
func req(requestLine string, headers ...string) string {
	var b strings.Builder
	b.WriteString(requestLine + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	return b.String()
}

// get10 and get11 are plain GETs of a path.
func get10(path string, headers ...string) string { return req("GET "+path+" HTTP/1.0", headers...) }
func get11(path string, headers ...string) string { return req("GET "+path+" HTTP/1.1", headers...) }

// mtime is the fixtures' modification time as Last-Modified shows it.
const mtime = "Thu, 02 Jan 2020 03:04:05 GMT"

// headerLines returns n distinct header lines.
func headerLines(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "X-H" + strings.Repeat("x", i%7) + ": " + strings.Repeat("v", i%5)
	}
	return out
}

// padTo returns "GET /" + filler + suffix, the filler chosen so the whole is n bytes long.
func padTo(n int, suffix string) string {
	return "GET /" + strings.Repeat("a", n-len("GET /")-len(suffix)) + suffix
}

// headerOfLength is one header line of exactly n bytes with its CRLF.
func headerOfLength(n int) string { return "X-Long: " + strings.Repeat("y", n-len("X-Long: ")-2) }

// TestDiffCaseNames checks that every case of every run has its own name: names key the recording
// and select cases with -run.
func TestDiffCaseNames(t *testing.T) {
	seen := map[string]bool{}
	all := append(append(coreCases(), fileCases()...), permissionCases()...)
	all = append(all, inGroup("dual-stack", dualStackCases())...)
	for _, c := range all {
		if seen[c.fullName()] {
			t.Errorf("two cases are named %s", c.fullName())
		}
		seen[c.fullName()] = true
	}
}
