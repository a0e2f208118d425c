package reference

import (
	"bytes"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultListingNoSort   = registerFault("listing-unsorted", "directory entries are listed in directory order, not sorted")
	faultListingNoMarker = registerFault("listing-no-markers", "directories get no / and symlinks no @ in listings")
	faultListingNoEscape = registerFault("listing-no-escape", "names are not HTML-escaped in listings")
	faultListingNoQuote  = registerFault("listing-no-quote", "hrefs are not %-quoted in listings")
	faultListingTitle    = registerFault("listing-title-no-query", "the listing title leaves out the query string")
)

// listDirectory mirrors SimpleHTTPRequestHandler.list_directory (3.11+ template): entries sorted by
// str.lower() (stable, so ties keep os.listdir order), "/" after directories (symlinks followed) and
// "@" after symlinks (the href keeps the "/" of a link to a directory), hrefs %-quoted, names HTML-
// escaped (& < > only), the title from the raw request path including its query. A directory that
// cannot be read is 404 "No permission to list directory".
func (c *conn) listDirectory(dir string) io.ReadCloser {
	names, err := listdir(dir)
	if err != nil {
		c.sendError(errorWithMessage(404, "No permission to list directory"))
		return nil
	}
	if !c.srv.cfg.Faults.has(faultListingNoSort) {
		sortByLower(names)
	}
	doc := c.renderListing(dir, names)
	encoded, err := pylib.FSEncode(doc) // .encode('utf-8', 'surrogateescape')
	if err != nil {
		panic(&pyException{"UnicodeEncodeError", err.Error()})
	}
	c.sendResponse(200, "", false)
	c.sendHeader("Content-type", "text/html; charset=utf-8")
	c.sendHeader("Content-Length", strconv.Itoa(len(encoded)))
	c.endHeaders()
	return bytesBody{bytes.NewReader(encoded)}
}

// listdir is os.listdir: names in the order the file system returns them.
func listdir(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// sortByLower is list.sort(key=lambda a: a.lower()) over the decoded names.
func sortByLower(names []string) {
	keys := make(map[string]string, len(names))
	for _, n := range names {
		keys[n] = pylib.Lower(pylib.FSDecode([]byte(n)))
	}
	sort.SliceStable(names, func(i, j int) bool { return keys[names[i]] < keys[names[j]] })
}

// renderListing builds the page as Python text; raw names are decoded with surrogateescape first.
func (c *conn) renderListing(dir string, names []string) string {
	title := "Directory listing for " + pylib.HTMLEscape(c.listingPath(), false)
	var b strings.Builder
	b.WriteString("<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + title + "</title>\n</head>\n")
	b.WriteString("<body>\n<h1>" + title + "</h1>\n")
	b.WriteString("<hr>\n<ul>\n")
	for _, raw := range names {
		b.WriteString(c.listingEntry(dir, raw))
		b.WriteByte('\n')
	}
	b.WriteString("</ul>\n<hr>\n</body>\n</html>\n")
	return b.String()
}

// listingPath is the title's path: unquote(self.path, errors='surrogatepass'), or with replacement
// characters when that cannot decode (3.8+).
func (c *conn) listingPath() string {
	path := c.path
	if c.srv.cfg.Faults.has(faultListingTitle) {
		path, _, _ = strings.Cut(path, "?")
	}
	return unquotePath(path, false)
}

func (c *conn) listingEntry(dir, raw string) string {
	full := joinPath(dir, raw)
	name := pylib.FSDecode([]byte(raw))
	display, link := name, name
	if !c.srv.cfg.Faults.has(faultListingNoMarker) {
		if isDir(full) {
			display, link = name+"/", name+"/"
		}
		if isLink(full) {
			display = name + "@"
		}
	}
	href := pylib.Quote(link, "/")
	if c.srv.cfg.Faults.has(faultListingNoQuote) {
		href = link
	}
	text := pylib.HTMLEscape(display, false)
	if c.srv.cfg.Faults.has(faultListingNoEscape) {
		text = display
	}
	return `<li><a href="` + href + `">` + text + `</a></li>`
}
