package reference

import (
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultCGIDotDotNoCrash = registerFault("cgi-dotdot-no-crash",
		"too many .. in a path is not CGI instead of crashing the handler (_url_collapse_path's IndexError)")
	faultCGIPostAnywhere = registerFault("cgi-post-anywhere",
		"POST outside a CGI directory is served like GET instead of 501 'Can only POST to CGI scripts'")
	faultCGIRawPath = registerFault("cgi-match-raw-path",
		"cgi_directories are matched against the request path as sent: not unquoted, not collapsed")
	faultCGILooseMatch = registerFault("cgi-dir-loose-match",
		"a path component matches a CGI directory that it contains, in any case (/CGI-BIN, /cgi-binx, /nested/cgi-bin)")
	faultCGIDirListed = registerFault("cgi-dir-listed",
		"/cgi-bin/ itself is not CGI: it is listed like any directory")
	faultCGIByExtension = registerFault("cgi-by-extension",
		".py, .sh and .cgi files are run as scripts wherever they are")
	faultCGINoHtbin = registerFault("cgi-no-htbin",
		"only /cgi-bin holds scripts: /htbin is an ordinary directory")
	faultCGIGetServesSource = registerFault("cgi-get-serves-source",
		"GET of a script serves its source; only POST runs it")
	faultCGIPost501 = registerFault("cgi-post-501",
		"POST is never implemented: a script gets 501 too")
	faultCGIHeadFilesBody = registerFault("cgi-head-files-body",
		"the CGI server answers HEAD of a file (not a script) with the body too")
)

// cgiMethods are CGIHTTPRequestHandler's do_GET, do_HEAD (SimpleHTTPRequestHandler's, through the
// overridden send_head) and do_POST.
func cgiMethods() map[string]func(*conn) {
	return map[string]func(*conn){
		"GET":  (*conn).doCGIGET,
		"HEAD": (*conn).doCGIHEAD,
		"POST": (*conn).doPOST,
	}
}

// doCGIGET is do_GET with CGIHTTPRequestHandler.send_head: a CGI path runs the script, which writes
// the whole response itself; anything else is SimpleHTTPRequestHandler's.
func (c *conn) doCGIGET() {
	if info, ok := c.isCGI(); ok && !c.srv.cfg.Faults.has(faultCGIGetServesSource) {
		c.runCGI(info)
		return
	}
	c.doGET()
}

var faultCGIHeadNoRun = registerFault("cgi-head-no-run",
	"HEAD on a CGI script answers with the 200 header block and no body instead of running the script")

// doCGIHEAD is do_HEAD with the CGI send_head: HEAD runs the script like GET, and whatever the script
// prints, body included, reaches the client (research §5.3).
func (c *conn) doCGIHEAD() {
	info, ok := c.isCGI()
	switch {
	case !ok && c.srv.cfg.Faults.has(faultCGIHeadFilesBody):
		c.doGET()
	case !ok:
		c.doHEAD()
	case c.srv.cfg.Faults.has(faultCGIHeadNoRun):
		c.sendResponse(200, "Script output follows", true)
		c.endHeaders()
	default:
		c.runCGI(info)
	}
}

// doPOST mirrors CGIHTTPRequestHandler.do_POST: POST is only implemented for CGI scripts.
func (c *conn) doPOST() {
	if info, ok := c.isCGI(); ok && !c.srv.cfg.Faults.has(faultCGIPost501) {
		c.runCGI(info)
		return
	}
	if c.srv.cfg.Faults.has(faultCGIPostAnywhere) {
		c.doGET()
		return
	}
	c.sendError(errorWithMessage(501, "Can only POST to CGI scripts"))
}

// cgiInfo is CGIHTTPRequestHandler.cgi_info: the CGI directory that matched and the rest of the
// collapsed path after its slash (script name, PATH_INFO and query still joined).
type cgiInfo struct {
	dir, rest string
}

// isCGI mirrors is_cgi (3.9+): the collapsed path's shortest "/"-prefix that is one of cgi_directories
// (exact, case-sensitive) makes the request CGI. A path with more ".." segments than parents makes
// _url_collapse_path raise IndexError, which crashes the handler in every version (research §5.1).
func (c *conn) isCGI() (cgiInfo, bool) {
	collapsed, ok := urlCollapsePath(c.path)
	if c.srv.cfg.Faults.has(faultCGIRawPath) {
		collapsed, ok = c.path, true
	}
	if !ok {
		if c.srv.cfg.Faults.has(faultCGIDotDotNoCrash) {
			return cgiInfo{}, false
		}
		panic(&pyException{"IndexError", "pop from empty list"})
	}
	dirSep := findFrom(collapsed, '/', 1)
	for dirSep > 0 && !c.isCGIDirectory(collapsed[:dirSep]) {
		dirSep = findFrom(collapsed, '/', dirSep+1)
	}
	if dirSep <= 0 {
		return c.cgiByExtension(collapsed)
	}
	if dirSep == len(collapsed)-1 && c.srv.cfg.Faults.has(faultCGIDirListed) {
		return cgiInfo{}, false
	}
	return cgiInfo{dir: collapsed[:dirSep], rest: collapsed[dirSep+1:]}, true
}

func (c *conn) isCGIDirectory(head string) bool {
	for _, d := range c.srv.cfg.CGIDirectories {
		if d == "/htbin" && c.srv.cfg.Faults.has(faultCGINoHtbin) {
			continue
		}
		if head == d || (c.srv.cfg.Faults.has(faultCGILooseMatch) && strings.Contains(pylib.Lower(head), d)) {
			return true
		}
	}
	return false
}

// cgiByExtension is the faulty is_cgi of faultCGIByExtension, which runs scripts by their extension
// wherever they are; without the fault, a path outside the CGI directories is never CGI.
func (c *conn) cgiByExtension(collapsed string) (cgiInfo, bool) {
	_, ext := pylib.SplitExt(collapsed)
	if !c.srv.cfg.Faults.has(faultCGIByExtension) || (ext != ".py" && ext != ".sh" && ext != ".cgi") {
		return cgiInfo{}, false
	}
	slash := strings.LastIndexByte(collapsed, '/')
	return cgiInfo{dir: collapsed[:slash], rest: collapsed[slash+1:]}, true
}

// urlCollapsePath mirrors _url_collapse_path: split off the query at the first "?" (kept verbatim),
// %-decode the rest (utf-8, errors='replace', so %2F and %3F become real characters), resolve "." and
// ".." segments, and rejoin as "/" + head + "/" + tail, with "?query" after the tail when the query is
// not empty. The result always starts with "/". ok is false where Python raises IndexError: a ".."
// with no parent left to remove.
func urlCollapsePath(path string) (collapsed string, ok bool) {
	path, query, _ := strings.Cut(path, "?")
	path = pylib.Unquote(path)
	parts := strings.Split(path, "/")
	head := make([]string, 0, len(parts))
	for _, part := range parts[:len(parts)-1] {
		switch {
		case part == "..":
			if len(head) == 0 {
				return "", false
			}
			head = head[:len(head)-1]
		case part != "" && part != ".":
			head = append(head, part)
		}
	}
	tail := parts[len(parts)-1]
	switch tail {
	case "..":
		if len(head) == 0 {
			return "", false
		}
		head = head[:len(head)-1]
		tail = ""
	case ".":
		tail = ""
	}
	if query != "" {
		tail += "?" + query
	}
	return "/" + strings.Join(head, "/") + "/" + tail, true
}

// findFrom is str.find(sub, start) for one ASCII byte: the index of b at or after start, or -1.
func findFrom(s string, b byte, start int) int {
	if start > len(s) {
		return -1
	}
	if i := strings.IndexByte(s[start:], b); i >= 0 {
		return start + i
	}
	return -1
}
