package reference

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultListingNoSort     = registerFault("listing-unsorted", "directory entries are listed in directory order, not sorted")
	faultListingNoMarker   = registerFault("listing-no-markers", "directories get no / and symlinks no @ in listings")
	faultListingNoEscape   = registerFault("listing-no-escape", "names are not HTML-escaped in listings")
	faultListingNoQuote    = registerFault("listing-no-quote", "hrefs are not %-quoted in listings")
	faultListingTitle      = registerFault("listing-title-no-query", "the listing title leaves out the query string")
	faultListingTitleNorm  = registerFault("listing-title-normalised", "the listing title is the normalised path (dot segments resolved)")
	faultListingCharset    = registerFault("listing-no-charset", "the listing's Content-type is text/html with no charset")
	faultListingDotfiles   = registerFault("listing-hides-dotfiles", "names starting with a dot are left out of listings")
	faultListingParent     = registerFault("listing-parent-entry", "listings start with a ../ entry")
	faultListingIMS        = registerFault("listing-if-modified-since", "a listing honours If-Modified-Since with the directory's mtime")
	faultUnlistable403     = registerFault("unlistable-403", "a directory that cannot be listed gets 403 instead of 404")
	faultUnsearchableTyped = registerFault("unsearchable-entries-typed", "entries of an unsearchable directory keep the types readdir gave, so subdirectories get /")
	faultListingModified   = registerFault("listing-last-modified", "a listing is sent with the directory's Last-Modified")
)

// listDirectory mirrors SimpleHTTPRequestHandler.list_directory (3.11+ template): entries sorted by
// str.lower() (stable, so ties keep os.listdir order), "/" after directories (symlinks followed) and
// "@" after symlinks (the href keeps the "/" of a link to a directory), hrefs %-quoted, names HTML-
// escaped (& < > only), the title from the raw request path including its query. A directory that
// cannot be read is 404 "No permission to list directory".
func (c *conn) listDirectory(dir string) io.ReadCloser {
	entries, err := listdir(dir)
	if err != nil && c.srv.cfg.Faults.has(faultUnlistable403) {
		c.sendError(errorWithMessage(403, "No permission to list directory"))
		return nil
	}
	if err != nil {
		c.sendError(errorWithMessage(404, "No permission to list directory"))
		return nil
	}
	if c.srv.cfg.Faults.has(faultListingIMS) && c.listingNotModified(dir) {
		return nil
	}
	if c.srv.cfg.Faults.has(faultUnsearchableTyped) {
		for i := range entries {
			entries[i].typed = true
		}
	}
	if c.srv.cfg.Faults.has(faultListingDotfiles) {
		entries = slices.DeleteFunc(entries, func(e listEntry) bool { return strings.HasPrefix(e.name, ".") })
	}
	if !c.srv.cfg.Faults.has(faultListingNoSort) {
		sortByLower(entries)
	}
	page := listingPages.Get().(*[]byte)
	*page = c.renderListing((*page)[:0], dir, entries)
	encoded, err := pylib.FSEncodeText(*page) // .encode('utf-8', 'surrogateescape')
	if err != nil {
		listingPages.Put(page)
		panic(&pyException{"UnicodeEncodeError", err.Error()})
	}
	c.sendResponse(200, "", false)
	if c.srv.cfg.Faults.has(faultListingCharset) {
		c.sendHeader("Content-type", "text/html")
	} else {
		c.sendHeader("Content-type", "text/html; charset=utf-8")
	}
	c.sendHeader("Content-Length", strconv.Itoa(len(encoded)))
	if c.srv.cfg.Faults.has(faultListingModified) {
		if fi, err := os.Stat(dir); err == nil {
			c.sendHeader("Last-Modified", httpDate(fi.ModTime()))
		}
	}
	c.endHeaders()
	return &listingBody{Reader: bytes.NewReader(encoded), page: page}
}

// listingPages are the buffers listings are rendered in, reused from one listing to the next: a
// page of a thousand entries is some 60 KiB, built and sent once.
var listingPages = sync.Pool{New: func() any { return new([]byte) }}

// listingBody is the encoded page, as CPython's io.BytesIO; closing it gives its buffer back.
type listingBody struct {
	*bytes.Reader
	page *[]byte
}

func (b *listingBody) Close() error {
	if b.page != nil {
		listingPages.Put(b.page)
		b.page = nil
	}
	return nil
}

// listingNotModified answers 304 for faultListingIMS when the directory is not newer than
// If-Modified-Since, as send_head does for files.
func (c *conn) listingNotModified(dir string) bool {
	fi, err := os.Stat(dir)
	if err != nil || !c.notModified(fi.ModTime()) {
		return false
	}
	c.sendResponse(304, "", false)
	c.endHeaders()
	return true
}

// listEntry is one name os.listdir returned, with what the listing needs to know of it.
type listEntry struct {
	raw  string      // the name's bytes
	name string      // the name as Python text (surrogateescape)
	key  string      // name.lower(), the sort key
	typ  fs.FileMode // the type readdir reported: an lstat's
	// typed says that typ answers isdir and islink: the directory can be searched.
	typed bool
}

// listdir is os.listdir: names in the order the file system returns them, each with the type readdir
// reports (d_type, or an lstat where the file system does not say).
func listdir(dir string) ([]listEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dirents, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	// Where the directory cannot be searched, stat and lstat of its entries fail, so isdir and islink
	// are False whatever readdir says: the types are then forgotten, for writeListingEntry to ask.
	searchable := syscall.Faccessat(atFDCWD, dir, xOK, atEACCESS) == nil
	entries := make([]listEntry, len(dirents))
	for i, d := range dirents {
		raw, name := d.Name(), d.Name()
		if !isASCII(raw) { // ASCII decodes to itself
			name = pylib.FSDecode([]byte(raw))
		}
		entries[i] = listEntry{raw: raw, name: name, key: pylib.Lower(name), typ: d.Type(), typed: searchable}
	}
	return entries, nil
}

// For faccessat(AT_FDCWD, dir, X_OK, AT_EACCESS): may this process (its effective ids) search dir.
const (
	atFDCWD   = -0x64
	xOK       = 0x1
	atEACCESS = 0x200
)

// sortByLower is list.sort(key=lambda a: a.lower()) over the decoded names: stable, so names equal
// once lowered keep os.listdir's order. It sorts positions, which move cheaper than entries.
func sortByLower(entries []listEntry) {
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool { return entries[order[i]].key < entries[order[j]].key })
	sorted := make([]listEntry, len(entries))
	for i, k := range order {
		sorted[i] = entries[k]
	}
	copy(entries, sorted)
}

// renderListing appends the page, as Python text, to page.
func (c *conn) renderListing(page []byte, dir string, entries []listEntry) []byte {
	title := "Directory listing for " + pylib.HTMLEscape(c.listingPath(), false)
	page = slices.Grow(page, 256+2*len(title)+64*len(entries))
	page = append(page, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"...)
	page = append(append(append(page, "<title>"...), title...), "</title>\n</head>\n"...)
	page = append(append(append(page, "<body>\n<h1>"...), title...), "</h1>\n"...)
	page = append(page, "<hr>\n<ul>\n"...)
	if c.srv.cfg.Faults.has(faultListingParent) {
		page = append(page, `<li><a href="../">../</a></li>`+"\n"...)
	}
	for _, e := range entries {
		page = c.appendListingEntry(page, dir, e)
	}
	return append(page, "</ul>\n<hr>\n</body>\n</html>\n"...)
}

// listingPath is the title's path: unquote(self.path, errors='surrogatepass'), or with replacement
// characters when that cannot decode (3.8+).
func (c *conn) listingPath() string {
	path := c.path
	if c.srv.cfg.Faults.has(faultListingTitle) {
		path, _, _ = strings.Cut(path, "?")
	}
	if c.srv.cfg.Faults.has(faultListingTitleNorm) {
		path = pylib.NormPath(path) + "/"
	}
	return unquotePath(path, false)
}

// entryMarkers are os.path.isdir and os.path.islink of an entry.
func entryMarkers(dir string, e listEntry) (isdir, islink bool) {
	switch {
	case !e.typed:
		full := joinPath(dir, e.raw)
		return isDir(full), isLink(full)
	case e.typ&fs.ModeSymlink != 0:
		return isDir(joinPath(dir, e.raw)), true
	}
	return e.typ.IsDir(), false
}

// appendListingEntry appends one <li> line. os.path.isdir and os.path.islink are answered from the
// type readdir reported, which is what an lstat says: a symlink is followed with a stat, as isdir
// follows it; any other entry is a directory exactly when readdir says so.
func (c *conn) appendListingEntry(page []byte, dir string, e listEntry) []byte {
	slash, at := "", "" // displayname = linkname = name + "/"; displayname = name + "@"
	if !c.srv.cfg.Faults.has(faultListingNoMarker) {
		isdir, islink := entryMarkers(dir, e)
		if isdir {
			slash = "/"
		}
		if islink {
			at = "@"
		}
	}
	page = append(page, `<li><a href="`...)
	if c.srv.cfg.Faults.has(faultListingNoQuote) {
		page = append(append(page, e.name...), slash...)
	} else {
		page = pylib.AppendQuote(page, e.name, "/")
		page = append(page, slash...) // quote("/", safe="/") is "/"
	}
	page = append(page, `">`...)
	if c.srv.cfg.Faults.has(faultListingNoEscape) {
		page = append(page, e.name...)
	} else {
		page = pylib.AppendHTMLEscape(page, e.name, false)
	}
	if at != "" {
		page = append(page, at...)
	} else {
		page = append(page, slash...)
	}
	return append(page, "</a></li>\n"...)
}
