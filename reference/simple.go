package reference

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/httpspec/httpspec/reference/pylib"
)

// fileServer holds what SimpleHTTPRequestHandler's class attributes hold: index_pages and the MIME
// tables behind guess_type.
type fileServer struct {
	indexPages    []string
	extensionsMap map[string]string
	mime          *pylib.MimeTypes
	brokenMIME    bool // faultMIMEOctet
	unknownIsText bool // faultMIMEUnknownText
}

func newFileServer(s *Server) (*fileServer, error) {
	mime := pylib.BuiltinMimeTypes()
	for _, file := range s.cfg.MimeTypesFiles {
		if err := mime.ReadFile(file); err != nil {
			return nil, err
		}
	}
	ext := s.cfg.ExtensionsMap
	if ext == nil {
		ext = defaultExtensionsMap
	}
	return &fileServer{
		indexPages:    s.cfg.IndexPages,
		extensionsMap: ext,
		mime:          mime,
		brokenMIME:    s.cfg.Faults.has(faultMIMEOctet),
		unknownIsText: s.cfg.Faults.has(faultMIMEUnknownText),
	}, nil
}

// simpleMethods are SimpleHTTPRequestHandler's do_GET and do_HEAD.
func simpleMethods() map[string]func(*conn) {
	return map[string]func(*conn){
		"GET":  (*conn).doGET,
		"HEAD": (*conn).doHEAD,
	}
}

var faultHeadBody = registerFault("head-body", "HEAD on a file sends the body too")

// doGET mirrors do_GET: send_head, then copy the body.
func (c *conn) doGET() {
	if body := c.sendHead(); body != nil {
		defer body.Close()
		c.writeFile(body)
	}
}

// doHEAD mirrors do_HEAD: the same headers as GET, no body.
func (c *conn) doHEAD() {
	if body := c.sendHead(); body != nil {
		defer body.Close()
		if c.srv.cfg.Faults.has(faultHeadBody) {
			c.writeFile(body)
		}
	}
}

var (
	faultNoRedirect        = registerFault("dir-no-redirect", "a directory without a trailing slash is listed instead of redirected")
	faultRedirectDropQuery = registerFault("redirect-drop-query", "the directory redirect drops the query and fragment")
	faultIndexHTMFirst     = registerFault("index-htm-first", "index.htm is preferred to index.html")
	faultTrailingSlashFile = registerFault("trailing-slash-file", "a file requested with a trailing slash is served")
	faultFileHeaderOrder   = registerFault("file-header-order", "file headers are sent as Content-Type, Last-Modified, Content-Length")
	faultFollowInsideOnly  = registerFault("symlinks-inside-only", "a symlink leading out of the served directory is 404 (--no-follow-symlinks)")
	faultNoIndex           = registerFault("no-index", "index.html and index.htm are ignored: directories are always listed")
	faultListingForbidden  = registerFault("listing-forbidden", "a directory without an index page gets 403 instead of its listing")
	faultShortBody         = registerFault("short-body", "a file's last byte is never sent, though Content-Length counts it")
	faultMTimeRounded      = registerFault("last-modified-rounded", "Last-Modified rounds the mtime to the nearest second instead of truncating it")
	faultFileExtraHeaders  = registerFault("file-extra-headers", "files also get ETag and Accept-Ranges: bytes, and .gz files Content-Encoding: gzip")
	faultMissing403        = registerFault("missing-403", "a file that cannot be opened gets 403 Forbidden instead of 404")
	faultEmptyNoLength     = registerFault("empty-file-no-length", "an empty file is sent without Content-Length")
	faultSymlinksRefused   = registerFault("symlinks-refused", "every symlink is 404")
	faultTypeFromTarget    = registerFault("symlink-type-from-target", "a symlink's Content-type is guessed from its target's name")
	faultModeBitsChecked   = registerFault("mode-bits-checked", "a file or directory with no read bit is 404, even for root")
	faultIndexReadable     = registerFault("index-readable-only", "an index page the server may not read is skipped: the directory is listed")
	faultFileCharset       = registerFault("file-charset", "text files are sent with ; charset=utf-8 after their type")
)

// sendHead mirrors SimpleHTTPRequestHandler.send_head: redirect a directory named without its slash,
// serve its first index page that is a regular file, or list it; otherwise open the file and answer
// 200 (or 304). It returns the body to copy, or nil when the reply is complete.
func (c *conn) sendHead() io.ReadCloser {
	path := c.translatePath(c.path)
	noFollow := c.srv.cfg.NoFollowSymlinks || c.srv.cfg.Faults.has(faultFollowInsideOnly)
	if noFollow && path.usable() && c.srv.escapesRoot(path.name) {
		c.sendError(errorWithMessage(404, "File not found"))
		return nil
	}
	if (c.srv.cfg.Faults.has(faultSymlinksRefused) || c.srv.cfg.Faults.has(faultModeBitsChecked)) && c.brokenPath(path) {
		c.sendError(errorWithMessage(404, "File not found"))
		return nil
	}
	if f := openRegularFile(path); f != nil {
		return c.sendFileHead(f, c.srv.files.guessType(c.typedName(path)), f.size, f.mtime)
	}
	if path.usable() && isDir(path.name) {
		parts := urlsplit(c.path)
		if !strings.HasSuffix(parts.Path, "/") && !c.srv.cfg.Faults.has(faultNoRedirect) {
			c.redirectToDirectory(parts)
			return nil
		}
		index, found := c.indexPage(path.name)
		if !found && c.srv.cfg.Faults.has(faultListingForbidden) {
			c.sendError(errorWithMessage(403, "Directory listing forbidden"))
			return nil
		}
		if !found {
			return c.listDirectory(path.name)
		}
		path.name = index
	}
	ctype := c.srv.files.guessType(c.typedName(path))
	// Issue17324: a trailing slash on a file is a 404.
	if strings.HasSuffix(path.name, "/") && c.srv.cfg.Faults.has(faultTrailingSlashFile) {
		path.name = strings.TrimRight(path.name, "/")
	}
	if strings.HasSuffix(path.name, "/") {
		c.sendError(errorWithMessage(404, "File not found"))
		return nil
	}
	f := c.openFile(path)
	if f == nil {
		return nil
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		panic(exceptionFromIO(err))
	}
	return c.sendFileHead(f, ctype, fi.Size(), fi.ModTime())
}

// sendFileHead is the end of send_head once the file is open: 304 when If-Modified-Since allows it
// (the file closed), else 200 with the file's headers. It returns the body to copy, or nil.
func (c *conn) sendFileHead(f io.ReadCloser, ctype string, size int64, mtime time.Time) io.ReadCloser {
	if c.notModified(mtime) {
		c.sendResponse(304, "", false)
		c.endHeaders()
		f.Close()
		return nil
	}
	c.sendResponse(200, "", false)
	length := strconv.FormatInt(size, 10)
	if c.srv.cfg.Faults.has(faultFileCharset) && strings.HasPrefix(ctype, "text/") {
		ctype += "; charset=utf-8"
	}
	if size == 0 && c.srv.cfg.Faults.has(faultEmptyNoLength) {
		c.sendHeader("Content-type", ctype)
		c.sendHeader("Last-Modified", httpDate(mtime))
		c.endHeaders()
		return f
	}
	if c.srv.cfg.Faults.has(faultMTimeRounded) {
		mtime = mtime.Round(time.Second)
	}
	if c.srv.cfg.Faults.has(faultFileHeaderOrder) {
		c.sendHeader("Content-Type", ctype)
		c.sendHeader("Last-Modified", httpDate(mtime))
		c.sendHeader("Content-Length", length)
	} else {
		c.sendHeader("Content-type", ctype)
		c.sendHeader("Content-Length", length)
		c.sendHeader("Last-Modified", httpDate(mtime))
	}
	if c.srv.cfg.Faults.has(faultFileExtraHeaders) {
		c.sendHeader("ETag", `"`+strconv.FormatInt(mtime.Unix(), 16)+"-"+length+`"`)
		c.sendHeader("Accept-Ranges", "bytes")
		if ctype == "application/gzip" {
			c.sendHeader("Content-Encoding", "gzip")
		}
	}
	c.endHeaders()
	if c.srv.cfg.Faults.has(faultShortBody) && size > 0 {
		return struct {
			io.Reader
			io.Closer
		}{io.LimitReader(f, size-1), f}
	}
	return f
}

// openFile mirrors open(path, 'rb'): every OSError is 404 "File not found"; a name Python cannot pass
// to the system (NUL byte, unencodable surrogate) raises, which drops the connection.
func (c *conn) openFile(path fsPath) *os.File {
	switch {
	case path.encodeErr != nil:
		panic(&pyException{"UnicodeEncodeError", path.encodeErr.Error()})
	case strings.ContainsRune(path.name, 0):
		panic(&pyException{"ValueError", "embedded null byte"})
	}
	f, err := os.Open(path.name)
	if err == nil {
		// FileIO refuses a directory with IsADirectoryError, an OSError like the others.
		if fi, statErr := f.Stat(); statErr != nil || fi.IsDir() {
			f.Close()
			err = syscall.EISDIR
		}
	}
	if err != nil && c.srv.cfg.Faults.has(faultMissing403) {
		c.sendError(errorWithMessage(403, "Forbidden"))
		return nil
	}
	if err != nil {
		c.sendError(errorWithMessage(404, "File not found"))
		return nil
	}
	return f
}

// urlsplit is urllib.parse.urlsplit(self.path) as send_head calls it for a directory. It raises
// ValueError for a netloc with unbalanced or invalid brackets ("GET http://[x]/../../dir1" reaches
// it, since translate_path normalises such a target to a directory), which drops the connection.
func urlsplit(path string) pylib.SplitResult {
	parts, err := pylib.URLSplitChecked(path)
	if err != nil {
		panic(&pyException{"ValueError", err.Error()})
	}
	return parts
}

// redirectToDirectory mirrors the 301 of send_head: Location is the request path with a slash added,
// the query and fragment kept verbatim; Content-Length: 0 (bpo-43972, 3.9+).
func (c *conn) redirectToDirectory(parts pylib.SplitResult) {
	parts.Path += "/"
	if c.srv.cfg.Faults.has(faultRedirectDropQuery) {
		parts.Query, parts.Fragment = "", ""
	}
	c.sendResponse(301, "", false)
	c.sendHeader("Location", pylib.URLUnsplit(parts))
	c.sendHeader("Content-Length", "0")
	c.endHeaders()
}

// indexPage returns the first of index_pages in dir that is a regular file (os.path.isfile, 3.10+).
func (c *conn) indexPage(dir string) (string, bool) {
	pages := c.srv.files.indexPages
	if c.srv.cfg.Faults.has(faultNoIndex) {
		pages = nil
	}
	if c.srv.cfg.Faults.has(faultIndexHTMFirst) && len(pages) == 2 {
		pages = []string{pages[1], pages[0]}
	}
	for _, page := range pages {
		name := joinPath(dir, page)
		if isFile(name) && (!c.srv.cfg.Faults.has(faultIndexReadable) || syscall.Access(name, 4 /* R_OK */) == nil) {
			return name, true
		}
	}
	return "", false
}

// brokenPath reports a path that faultSymlinksRefused or faultModeBitsChecked refuses.
func (c *conn) brokenPath(path fsPath) bool {
	if !path.usable() {
		return false
	}
	if c.srv.cfg.Faults.has(faultSymlinksRefused) && isLink(strings.TrimSuffix(path.name, "/")) {
		return true
	}
	if !c.srv.cfg.Faults.has(faultModeBitsChecked) {
		return false
	}
	fi, err := os.Stat(path.name)
	return err == nil && fi.Mode().Perm()&0o444 == 0
}

// typedName is the name guess_type is asked about: the requested one, or the symlink's target under
// faultTypeFromTarget.
func (c *conn) typedName(path fsPath) string {
	if c.srv.cfg.Faults.has(faultTypeFromTarget) {
		if target, err := filepath.EvalSymlinks(path.name); err == nil {
			return target
		}
	}
	return path.name
}
