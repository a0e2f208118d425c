package suite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for directory listings: research §4.5 (SimpleHTTPRequestHandler.list_directory). Whole pages
// are compared byte for byte once per template (listing.html401-bytes, listing.html5-bytes); the other
// behaviors look only at the <ul> entries or the title, so they hold whatever the template.

// listdirItems is the research's /listdir/ example (§4.5), in Python's order: sorted by str.lower, a
// "/" after directories, an "@" after links, hrefs %-quoted, texts escaped for & < > only.
var listdirItems = []string{
	listingItem("%23hash", "#hash"),
	listingItem("%2541.txt", "%41.txt"),
	listingItem("%26%3C%3E.txt", "&amp;&lt;&gt;.txt"),
	listingItem("%3Cdir%3E/", "&lt;dir&gt;/"),
	listingItem("%3Fq", "?q"),
	listingItem("a", "a"),
	listingItem("alink", "alink@"),
	listingItem("B", "B"),
	listingItem("b.txt", "b.txt"),
	listingItem("broken", "broken@"),
	listingItem("C.txt", "C.txt"),
	listingItem("dirlink/", "dirlink@"),
	listingItem("outlink/", "outlink@"),
	listingItem("q%22uote.txt", `q"uote.txt`),
	listingItem("s%27q.txt", "s'q.txt"),
	listingItem("space%20name", "space name"),
	listingItem("sub/", "sub/"),
	listingItem("Sub2/", "Sub2/"),
	listingItem("Z", "Z"),
	listingItem("%C3%BC.txt", "ü.txt"),
}

// lowercaseItems sorts as Python's str.lower does: 'İ' lowers to "i̇" (after "ib"), a final 'Σ' to 'σ'
// (before "xςa" only because 'ς' < 'σ').
var lowercaseItems = []string{
	listingItem("ib", "ib"),
	listingItem("%C4%B0a", "İa"),
	listingItem("x%CE%A3", "xΣ"),
	listingItem("x%CF%82a", "xςa"),
}

// ctrlItems: control characters go out raw in the text and %XX-quoted in the href.
var ctrlItems = []string{
	listingItem("a%01b", "a\x01b"),
	listingItem("a%09b", "a\tb"),
	listingItem("a%0Ab", "a\nb"),
	listingItem("a%1Bb", "a\x1bb"),
	listingItem("a%7Fb", "a\x7fb"),
}

var ctrlNeeds = []Need{
	NeedFixture("ctrl/a\x01b"), NeedFixture("ctrl/a\tb"), NeedFixture("ctrl/a\nb"),
	NeedFixture("ctrl/a\x1bb"), NeedFixture("ctrl/a\x7fb"),
}

// sortquoteTexts is the sortquote directory in Python's order: '.' < '=' < '_' < letters < '~'.
var sortquoteTexts = []string{".hidden", "=eq", "_under", "apple", "mixed!$()*+,;=:@.txt", "~tilde"}

// queryTitle is the title of GET /list2/?x=<1>&y="2": the raw query, escaped for & < > only.
const queryTitle = `/list2/?x=&lt;1&gt;&amp;y="2"`

// listingPages are the byte-exact pages, registered once per template.
func listingPages(behavior string, t listingTemplate) []Spec {
	return []Spec{
		exchange(behavior, "GET /emptydir/", ModeDefault,
			sendGET("/emptydir/"), listingResponse(t, "/emptydir/")),
		exchange(behavior, "GET /listdir/", ModeDefault,
			sendGET("/listdir/"), listingResponse(t, "/listdir/", listdirItems...)),
		exchange(behavior, "GET /lowercase/", ModeDefault,
			sendGET("/lowercase/"), listingResponse(t, "/lowercase/", lowercaseItems...)),
		exchange(behavior, `GET /list2/?x=<1>&y="2"`, ModeDefault,
			sendGET(`/list2/?x=<1>&y="2"`), listingResponse(t, queryTitle, listingItem("one.txt", "one.txt"))),
		exchange(behavior, "GET /ctrl/", ModeDefault,
			sendGET("/ctrl/"), listingResponse(t, "/ctrl/", ctrlItems...)).with(ctrlNeeds...),
		exchange(behavior, "HEAD /listdir/: the same headers, no body", ModeDefault,
			sendHEAD("/listdir/"), listingHeadResponse(t, "/listdir/", listdirItems...)),
	}
}

// listingHeadResponse is listingResponse without the page: HEAD sends the listing's headers with
// Content-Length the size of the page (research §4.4).
func listingHeadResponse(t listingTemplate, title string, items ...string) Check {
	page := listingPage(t, title, items...)
	return exactly("HTTP/1.0 200 OK\r\nServer: <SERVER>\r\nDate: <DATE>\r\n" +
		"Content-type: text/html; charset=utf-8\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(page)))
}

var _ = register(func() []Spec {
	return listingPages("listing.html401-bytes", html401Listing)
})
var _ = register(func() []Spec {
	return listingPages("listing.html5-bytes", html5Listing)
})

var _ = register(func() []Spec {
	return []Spec{
		exchange("listing.unlistable-404", "GET /perm/unlistable/ (mode 000) as an unprivileged server", ModeUnprivileged,
			sendGET("/perm/unlistable/"),
			statusLine("HTTP/1.0 404 No permission to list directory"),
			bodyContains("<p>Message: No permission to list directory.</p>")),

		exchange("listing.content-type-charset", "GET /emptydir/", ModeDefault,
			sendGET("/emptydir/"), contentType("text/html; charset=utf-8"),
			headerNames("Server", "Date", "Content-type", "Content-Length")),
		exchange("listing.content-type-charset", "GET /listdir/ (names beyond ASCII)", ModeDefault,
			sendGET("/listdir/"), contentType("text/html; charset=utf-8"), noHeader("Last-Modified")),
		customWithRequest("listing.charset-ascii-c-locale", "GET /list2/ from a server started with LC_ALL=C", ModeDefault,
			sendGET("/list2/"), listingUnderCLocale).with(NeedLauncher),

		exchange("listing.sorted-case-insensitive", "GET /listdir/", ModeDefault,
			sendGET("/listdir/"), listingTexts("#hash", "%41.txt", "&amp;&lt;&gt;.txt", "&lt;dir&gt;/", "?q", "a",
				"alink@", "B", "b.txt", "broken@", "C.txt", "dirlink@", "outlink@", `q"uote.txt`, "s'q.txt",
				"space name", "sub/", "Sub2/", "Z", "ü.txt")),
		exchange("listing.sorted-case-insensitive", "GET /sortquote/", ModeDefault,
			sendGET("/sortquote/"), listingTexts(sortquoteTexts...)),
		exchange("listing.sorted-case-insensitive", "GET /lowercase/ (İ and final Σ lowered as Python does)", ModeDefault,
			sendGET("/lowercase/"), listingItems(lowercaseItems...)),

		exchange("listing.dotfiles-listed", "GET /sortquote/", ModeDefault,
			sendGET("/sortquote/"), listingHas(listingItem(".hidden", ".hidden"))),

		exchange("listing.no-parent-entry", "GET /listdir/sub/", ModeDefault,
			sendGET("/listdir/sub/"), listingItems(listingItem("inside.txt", "inside.txt"))),
		exchange("listing.no-parent-entry", "GET /emptydir/", ModeDefault,
			sendGET("/emptydir/"), statusLine("HTTP/1.0 200 OK"), listingItems()),

		exchange("listing.directory-slash", "GET /listdir/", ModeDefault,
			sendGET("/listdir/"), listingHas(listingItem("sub/", "sub/"), listingItem("Sub2/", "Sub2/"),
				listingItem("%3Cdir%3E/", "&lt;dir&gt;/"))),
		exchange("listing.symlink-at-sign", "GET /listdir/", ModeDefault,
			sendGET("/listdir/"), listingHas(listingItem("alink", "alink@"), listingItem("dirlink/", "dirlink@"),
				listingItem("outlink/", "outlink@"), listingItem("broken", "broken@"))),

		exchange("listing.href-percent-encoded", "GET /listdir/", ModeDefault,
			sendGET("/listdir/"), listingHas(listingItem("%23hash", "#hash"), listingItem("%2541.txt", "%41.txt"),
				listingItem("%3Fq", "?q"), listingItem("q%22uote.txt", `q"uote.txt`), listingItem("s%27q.txt", "s'q.txt"),
				listingItem("space%20name", "space name"), listingItem("%C3%BC.txt", "ü.txt"))),
		exchange("listing.href-percent-encoded", "GET /sortquote/: !$()*+,;=:@ and =", ModeDefault,
			sendGET("/sortquote/"), listingHas(listingItem("mixed%21%24%28%29%2A%2B%2C%3B%3D%3A%40.txt", "mixed!$()*+,;=:@.txt"),
				listingItem("%3Deq", "=eq"), listingItem("_under", "_under"))),
		exchange("listing.href-percent-encoded", "GET /lowercase/: UTF-8 bytes in upper-case hex", ModeDefault,
			sendGET("/lowercase/"), listingHas(lowercaseItems...)),
		exchange("listing.href-tilde-kept", "GET /sortquote/", ModeDefault,
			sendGET("/sortquote/"), listingHas(listingItem("~tilde", "~tilde"))),
		exchange("listing.href-tilde-quoted", "GET /sortquote/", ModeDefault,
			sendGET("/sortquote/"), listingHas(listingItem("%7Etilde", "~tilde"))),

		exchange("listing.undecodable-name", "GET /undecodable/", ModeDefault,
			sendGET("/undecodable/"), listingItems(listingItem("%ED%B3%BF.txt", "\xff.txt"))).
			with(NeedFixture("undecodable/\xff.txt")),

		exchange("listing.text-escaped-amp-lt-gt", "GET /listdir/", ModeDefault,
			sendGET("/listdir/"), listingHas(listingItem("%26%3C%3E.txt", "&amp;&lt;&gt;.txt"),
				listingItem("q%22uote.txt", `q"uote.txt`), listingItem("s%27q.txt", "s'q.txt"))),
		exchange("listing.text-escaped-amp-lt-gt", "GET /ctrl/: control characters raw", ModeDefault,
			sendGET("/ctrl/"), listingItems(ctrlItems...)).with(ctrlNeeds...),

		exchange("listing.title-includes-query", `GET /list2/?x=<1>&y="2"`, ModeDefault,
			sendGET(`/list2/?x=<1>&y="2"`), listingTitle(queryTitle)),
		exchange("listing.title-includes-query", `GET /listdir/?x=<1>&y="2"`, ModeDefault,
			sendGET(`/listdir/?x=<1>&y="2"`), listingTitle(`/listdir/?x=&lt;1&gt;&amp;y="2"`)),
		exchange("listing.title-includes-query", "GET /list2/?a=%3Cb%3E#frag (unquoted, then escaped)", ModeDefault,
			sendGET("/list2/?a=%3Cb%3E#frag"), listingTitle("/list2/?a=&lt;b&gt;#frag")),
		exchange("listing.title-dot-segments-kept", "GET /emptydir/../list2/", ModeDefault,
			sendGET("/emptydir/../list2/"), listingTitle("/emptydir/../list2/"),
			listingItems(listingItem("one.txt", "one.txt"))),
		exchange("listing.title-double-slash-collapsed", "GET //listdir/", ModeDefault,
			sendGET("//listdir/"), listingTitle("/listdir/"), listingItems(listdirItems...)),
		exchange("listing.title-double-slash-kept", "GET //listdir/", ModeDefault,
			sendGET("//listdir/"), listingTitle("//listdir/"), listingItems(listdirItems...)),
		exchange("listing.title-undecodable-replaced", "GET /list2/?%ff", ModeDefault,
			sendGET("/list2/?%ff"), listingTitle("/list2/?\ufffd"), listingItems(listingItem("one.txt", "one.txt"))),
		customWithRequest("listing.title-undecodable-leaks-path", "GET /list2/?%ff", ModeDefault,
			sendGET("/list2/?%ff"), titleLeaksPath),
	}
})

// titleLeaksPath: when unquote(self.path) raises, 3.6 and 3.7 (before gh-104049) title the page with
// the translated filesystem path, the served directory included (research §4.5).
func titleLeaksPath(c *Case) {
	root := layoutOf(c).DocRoot
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	res := c.Exchange(sendGET("/list2/?%ff"))
	c.expectChecks(res, statusLine("HTTP/1.0 200 OK"), listingItems(listingItem("one.txt", "one.txt")),
		bodyLacks("Directory listing for /list2/?"),
		listingTitle(root+"/list2/"))
}

// listingUnderCLocale starts a second server with LC_ALL=C: 3.6 takes the filesystem encoding, ascii
// under the C locale, for the listing's charset (research §4.5; 3.7's PEP 538/540 made it UTF-8).
func listingUnderCLocale(c *Case) {
	port, err := c.Config.Launcher.FreePort()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	p, err := c.Config.Launcher.Launch(c.Ctx, []string{fmt.Sprint(port), "--bind", "127.0.0.1"}, []string{"LC_ALL=C", "LANG=C"})
	c.Expect(err).NotTo(gomega.HaveOccurred())
	ginkgo.DeferCleanup(p.Kill)
	ctx, cancel := context.WithTimeout(c.Ctx, 10*time.Second)
	defer cancel()
	c.Expect(p.WaitOutput(ctx, "Serving HTTP")).To(gomega.Succeed(), "the server never said it was serving; stderr: %s", p.Stderr())
	opts := c.Options()
	res, err := wire.Exchange(c.Ctx, fmt.Sprintf("127.0.0.1:%d", port), []byte(sendGET("/list2/")), opts)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.expectChecks(res, statusLine("HTTP/1.0 200 OK"), contentType("text/html; charset=ascii"),
		bodyContains(`<meta http-equiv="Content-Type" content="text/html; charset=ascii">`),
		bodyContains(strings.Join([]string{"<ul>", listingItem("one.txt", "one.txt"), "</ul>"}, "\n")))
}
