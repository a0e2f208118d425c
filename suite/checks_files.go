package suite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite/wire"
)

// Checks and helpers shared by the SimpleHTTPRequestHandler areas (paths, files, index, redirects,
// listing, conditional, mime): research §4. Expected bytes are written out here from the research
// notes and live CPython, never taken from the reference server.

// sendGET is an HTTP/1.0 GET of target with the given header lines.
func sendGET(target string, headers ...string) string { return requestOf("GET", target, headers) }

// sendHEAD is an HTTP/1.0 HEAD of target with the given header lines.
func sendHEAD(target string, headers ...string) string { return requestOf("HEAD", target, headers) }

func requestOf(method, target string, headers []string) string {
	var b strings.Builder
	b.WriteString(method + " " + target + " HTTP/1.0\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	return b.String()
}

// httpDate formats t the way email.utils.formatdate(t, usegmt=True) does: English names, two-digit
// day, GMT, whole seconds (research §3.2).
func httpDate(t time.Time) string { return t.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT") }

// mustFixture returns the fixture entry at path; a spec naming an entry the tree lacks is a bug.
func mustFixture(path string) fixtures.Entry {
	e, ok := fixtures.Lookup(path)
	if !ok {
		panic("suite: no fixture entry " + path)
	}
	return e
}

// fixtureBody: the final response's body is the fixture file's content, byte for byte.
func fixtureBody(path string) Check {
	want := mustFixture(path).Body
	k := body(string(want))
	k.Want = "the content of fixture " + path + ": " + k.Want
	return k
}

// fileResponse: every byte is a 200 for the fixture file at path, as send_head and copyfile write it
// (research §3.3, §4.6): Server, Date, Content-type, Content-Length, Last-Modified, a blank line, the
// content. head leaves the content out.
func fileResponse(path, contentType string, head bool) Check {
	e := mustFixture(path)
	content := string(e.Body)
	out := "HTTP/1.0 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\n" +
		"Content-type: " + contentType + "\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n", len(content)) +
		"Last-Modified: " + httpDate(e.MTime) + "\r\n\r\n"
	if !head {
		out += content
	}
	return exactly(out)
}

// allOf is one check made of several: it conforms when every part does, and reports the first that
// does not.
func allOf(parts ...Check) Check {
	wants := make([]string, len(parts))
	for i, k := range parts {
		wants[i] = k.Want
	}
	return Check{strings.Join(wants, "; "), func(r *wire.Result) (bool, string) {
		var seen string
		for _, k := range parts {
			ok, s := k.got(r)
			if !ok {
				return false, s
			}
			seen = s
		}
		return true, seen
	}}
}

// fileNotFound: 404 with the message File not found, whatever the error page's template (research
// §3.4: the message is the reason phrase and appears in the page).
func fileNotFound() Check {
	return allOf(statusLine("HTTP/1.0 404 File not found"), bodyContains("<p>Message: File not found.</p>"))
}

// served: 200 OK with the fixture file's content.
func served(path string) Check { return allOf(statusLine("HTTP/1.0 200 OK"), fixtureBody(path)) }

// handlerCrashed: the handler raised, so not one byte came back and the connection was closed
// (research §1.5, §4.10).
func handlerCrashed() Check { return allOf(nothing(), closed()) }

// redirectedTo: a 301 Moved Permanently whose Location is exactly location (research §4.3).
func redirectedTo(location string) Check {
	return allOf(statusLine("HTTP/1.0 301 Moved Permanently"), header("Location", location))
}

// notModified: the 304 with nothing but Server and Date (research §4.7).
func notModified() Check {
	return exactly("HTTP/1.0 304 Not Modified\r\nServer: <SERVER>\r\nDate: <DATE>\r\n\r\n")
}

// contentType: the final response's Content-type value is exactly value.
func contentType(value string) Check { return header("Content-type", value) }

// bodyLacks: the final response's body does not contain part.
func bodyLacks(part string) Check {
	return Check{"a body without " + quote(part), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil {
			return false, describeFinal(r)
		}
		at := bytes.Index(f.Body, []byte(part))
		if at < 0 {
			return true, "no such part"
		}
		from := max(0, at-40)
		return false, "at byte " + fmt.Sprint(at) + ": " + quoteLimit(f.Body[from:min(len(f.Body), at+len(part)+40)], 120)
	}}
}

// The directory listing (SimpleHTTPRequestHandler.list_directory, research §4.5).

// listingTemplate is one of the two pages list_directory writes.
type listingTemplate int

const (
	// html401Listing is the page of 3.6–3.10.
	html401Listing listingTemplate = iota + 1
	// html5Listing is the page of 3.11 and later.
	html5Listing
)

// listingPage is the page list_directory writes for a directory whose entries are items (each an
// `<li>` line from listingItem), titled "Directory listing for title" (title as it appears, already
// escaped): the parts of the page joined by "\n", ending in a newline.
func listingPage(t listingTemplate, title string, items ...string) string {
	head := "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	if t == html401Listing {
		head = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n" +
			"<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString("<title>Directory listing for " + title + "</title>\n</head>\n")
	b.WriteString("<body>\n<h1>Directory listing for " + title + "</h1>\n<hr>\n<ul>\n")
	for _, it := range items {
		b.WriteString(it + "\n")
	}
	b.WriteString("</ul>\n<hr>\n</body>\n</html>\n")
	return b.String()
}

// listingResponse: every byte is the 200 that carries listingPage(t, title, items...) (research §3.3:
// Content-type with "; charset=utf-8", Content-Length, no Last-Modified).
func listingResponse(t listingTemplate, title string, items ...string) Check {
	page := listingPage(t, title, items...)
	return exactly("HTTP/1.0 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\n" +
		"Content-type: text/html; charset=utf-8\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(page)) + page)
}

// listingItem is one entry's line: `<li><a href="HREF">TEXT</a></li>`, href and text as written.
func listingItem(href, text string) string { return `<li><a href="` + href + `">` + text + `</a></li>` }

// listingItems: the lines between <ul> and </ul> are exactly items, in order, whatever the template.
func listingItems(items ...string) Check {
	want := strings.Join(items, "\n")
	return Check{"listing entries, in order:\n" + want, func(r *wire.Result) (bool, string) {
		got, ok := listingList(r)
		if !ok {
			return false, got
		}
		return got == want, "entries:\n" + got + firstDifference(got, want)
	}}
}

// listingHas: the listing holds these entry lines (in any place).
func listingHas(items ...string) Check {
	return Check{"listing entries " + strings.Join(items, " "), func(r *wire.Result) (bool, string) {
		got, ok := listingList(r)
		if !ok {
			return false, got
		}
		lines := "\n" + got + "\n"
		for _, it := range items {
			if !strings.Contains(lines, "\n"+it+"\n") {
				return false, "no entry " + quote(it) + " among:\n" + got
			}
		}
		return true, "entries:\n" + got
	}}
}

var linkTextRE = regexp.MustCompile(`(?s)<li><a href="[^"]*">(.*?)</a></li>`)

// listingTexts: the entries' link texts are exactly texts, in order (the sort, whatever the hrefs).
func listingTexts(texts ...string) Check {
	want := strings.Join(texts, " | ")
	return Check{"entries in the order " + want, func(r *wire.Result) (bool, string) {
		got, ok := listingList(r)
		if !ok {
			return false, got
		}
		var seen []string
		for _, m := range linkTextRE.FindAllStringSubmatch(got, -1) {
			seen = append(seen, m[1])
		}
		return strings.Join(seen, " | ") == want, "entries in the order " + strings.Join(seen, " | ")
	}}
}

// listingList returns what lies between "<ul>\n" and "\n</ul>" in the final body, or says why there
// is nothing. An empty list is the empty string.
func listingList(r *wire.Result) (string, bool) {
	f := final(r)
	if f == nil {
		return describeFinal(r), false
	}
	b := string(f.Body)
	start := strings.Index(b, "<ul>\n")
	end := strings.LastIndex(b, "</ul>\n")
	if start < 0 || end < start+len("<ul>\n") {
		return "no <ul> list in body " + quoteLimit(f.Body, 200), false
	}
	return strings.TrimSuffix(b[start+len("<ul>\n"):end], "\n"), true
}

// listingTitle: the page's <title> and <h1> both say "Directory listing for title".
func listingTitle(title string) Check {
	return allOf(
		bodyContains("<title>Directory listing for "+title+"</title>\n"),
		bodyContains("<h1>Directory listing for "+title+"</h1>\n"),
	)
}

// Files a spec puts in the document root for the length of one case.

var scratchCount atomic.Int64

// scratchDir makes an empty directory in the document root for this case alone and removes it when
// the case ends. It returns the directory's URL path (with a trailing slash) and its place on disk.
// The case is skipped when the document root is not on this machine.
func scratchDir(c *Case) (urlPath, dir string) {
	ginkgo.GinkgoHelper()
	l := layoutOf(c)
	name := fmt.Sprintf("httpspec-scratch-%d-%d", os.Getpid(), scratchCount.Add(1))
	dir = filepath.Join(l.DocRoot, name)
	c.Expect(os.Mkdir(dir, 0o755)).To(gomega.Succeed(), "creating a scratch directory in the document root")
	ginkgo.DeferCleanup(os.RemoveAll, dir)
	// Mkdir honours the umask; the unprivileged target must be able to search it.
	c.Expect(os.Chmod(dir, 0o755)).To(gomega.Succeed())
	return "/" + name + "/", dir
}

// scratchFile writes a world-readable file named name into dir with the fixtures' modification time.
func scratchFile(c *Case, dir, name string, content []byte) string {
	ginkgo.GinkgoHelper()
	p := filepath.Join(dir, name)
	c.Expect(os.WriteFile(p, content, 0o644)).To(gomega.Succeed(), "writing scratch file %q", name)
	c.Expect(os.Chmod(p, 0o644)).To(gomega.Succeed())
	c.Expect(os.Chtimes(p, fixtures.MTime, fixtures.MTime)).To(gomega.Succeed())
	return p
}

// layoutOf returns where the fixtures were materialised, skipping the case when that is unknown.
func layoutOf(c *Case) *fixtures.Layout {
	ginkgo.GinkgoHelper()
	if c.Config.Fixtures == nil || c.Config.Fixtures.DocRoot == "" {
		ginkgo.Skip("the document root is not known to the suite (a server started elsewhere without --root)")
	}
	return c.Config.Fixtures
}

// customWithRequest is custom with the one request the body sends, so explain can show it.
func customWithRequest(behavior, name string, mode Mode, request string, body func(c *Case)) Spec {
	s := custom(behavior, name, mode, body)
	s.Request = request
	return s
}

// expectChecks applies exchange checks to a result a custom body obtained.
func (c *Case) expectChecks(res *wire.Result, checks ...Check) {
	ginkgo.GinkgoHelper()
	for _, k := range checks {
		c.Expect(res).To(k)
	}
}
