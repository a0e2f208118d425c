package reference

import (
	"os"
	"strings"
	"syscall"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultCGIQueryFromPath = registerFault("cgi-query-from-path",
		"the query is cut from the raw request path, so %3F no longer separates a query (research §5.2)")
	faultCGIExecBitIgnored = registerFault("cgi-exec-bit-ignored",
		"a script without the executable bit is run (and fails) instead of 403 'CGI script is not executable'")
	faultCGINoSubdirWalk = registerFault("cgi-no-subdir-walk",
		"run_cgi does not move into subdirectories, so /cgi-bin/sub/env.py is a 404")
	faultCGIStripFragment = registerFault("cgi-strip-fragment",
		"a fragment is cut from the script path, so /cgi-bin/env.py#frag has SCRIPT_NAME /cgi-bin/env.py")
	faultCGIMessageStr = registerFault("cgi-message-str",
		"CGI error messages show the script name as it is, not as a Python repr")
	faultCGINotFile404 = registerFault("cgi-not-file-404",
		"a CGI path that is not a plain file gets 404 'No such CGI script' instead of 403")
	faultCGIViaPython = registerFault("cgi-py-via-interpreter",
		".py and .pyw scripts are run as 'python3 -u script', whatever their #! line and mode")
)

// cgiScript is what run_cgi works out from cgi_info before it runs anything.
type cgiScript struct {
	dir        string // the directory part of the URL, possibly deeper than the cgi_directories entry
	script     string // the script's name in that directory: argv[0]
	scriptName string // dir + "/" + script: SCRIPT_NAME and the %r of the 403/404 messages
	pathInfo   string // the rest after the script name, still %-encoded once more
	query      string // after the first "?" left in the collapsed path (a decoded %3F counts)
	file       fsPath // translate_path(scriptName)
}

// locateCGIScript mirrors the first half of run_cgi: move the directory/rest boundary right while the
// next prefix translates to a directory (so /cgi-bin/sub/env.py and /cgi-bin/sub%20dir/env.py work),
// split the query off at the first "?" (further "?" stay in it), then the script name off at the
// first "/". Every translate_path call %-decodes once more what is_cgi already decoded.
func (c *conn) locateCGIScript(info cgiInfo) cgiScript {
	dir, rest := info.dir, info.rest
	path := dir + "/" + rest
	for i := findFrom(path, '/', len(dir)+1); i >= 0 && !c.srv.cfg.Faults.has(faultCGINoSubdirWalk); {
		next := c.translatePath(path[:i])
		if !next.usable() || !isDir(next.name) {
			break
		}
		dir, rest = path[:i], path[i+1:]
		i = findFrom(path, '/', len(dir)+1)
	}
	if c.srv.cfg.Faults.has(faultCGIStripFragment) {
		rest, _, _ = strings.Cut(rest, "#")
	}
	var query string
	if c.srv.cfg.Faults.has(faultCGIQueryFromPath) {
		rest, query = cutRawQuery(rest, c.path)
	} else {
		rest, query, _ = strings.Cut(rest, "?")
	}
	s := cgiScript{dir: dir, script: rest, query: query}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		s.script, s.pathInfo = rest[:i], rest[i:]
	}
	s.scriptName = dir + "/" + s.script
	s.file = c.translatePath(s.scriptName)
	return s
}

// cutRawQuery is the faulty split: the query is the raw request's, so a decoded %3F stays in the
// script name.
func cutRawQuery(rest, requestPath string) (string, string) {
	_, query, _ := strings.Cut(requestPath, "?")
	if query == "" || !strings.HasSuffix(rest, "?"+query) {
		return rest, ""
	}
	return rest[:len(rest)-len(query)-1], query
}

// checkCGIScript mirrors run_cgi's three refusals, each a send_error with the script name's repr:
// 404 when the file does not exist, 403 when it is not a regular file, 403 when it is not executable.
// On fork platforms every script needs the executable bit, .py included; only where CPython runs
// Python scripts through an interpreter (Config.CGIPython here) do .py and .pyw files go without.
// The status line carries the repr Latin-1 encoded: a character above U+00FF makes the encoding
// raise, which crashes the handler (research §5.2).
func (c *conn) checkCGIScript(s cgiScript) bool {
	name := pylib.Repr(s.scriptName)
	if c.srv.cfg.Faults.has(faultCGIMessageStr) {
		name = "'" + s.scriptName + "'"
	}
	switch {
	case !pathExists(s.file) || (!isFile(s.file.name) && c.srv.cfg.Faults.has(faultCGINotFile404)):
		c.sendError(errorWithMessage(404, "No such CGI script ("+name+")"))
		return false
	case !isFile(s.file.name):
		c.sendError(errorWithMessage(403, "CGI script is not a plain file ("+name+")"))
		return false
	case c.srv.runsThroughInterpreter(s.scriptName):
		return true
	case !isExecutable(s.file.name) && !c.srv.cfg.Faults.has(faultCGIExecBitIgnored):
		c.sendError(errorWithMessage(403, "CGI script is not executable ("+name+")"))
		return false
	}
	return true
}

// pathExists is os.path.exists: follows symlinks, and is False for any error, a name with a NUL byte
// or one that cannot be encoded included.
func pathExists(p fsPath) bool {
	if !p.usable() {
		return false
	}
	_, err := os.Stat(p.name)
	return err == nil
}

// isExecutable is os.access(path, os.X_OK): the real uid's permission, so root passes when any execute
// bit is set.
func isExecutable(name string) bool {
	return syscall.Access(name, 1 /* X_OK */) == nil
}

// isPythonScript mirrors is_python: a .py or .pyw extension, in any case.
func isPythonScript(name string) bool {
	_, ext := pylib.SplitExt(name)
	ext = pylib.Lower(ext)
	return ext == ".py" || ext == ".pyw"
}

// runsThroughInterpreter reports whether a script is started as `CGIPython -u script`, CPython's
// behavior where there is no fork; on POSIX CPython never does it.
func (s *Server) runsThroughInterpreter(scriptName string) bool {
	return s.cgiInterpreter() != "" && isPythonScript(scriptName)
}

// cgiInterpreter is Config.CGIPython, or python3 under faultCGIViaPython.
func (s *Server) cgiInterpreter() string {
	if s.cfg.CGIPython == "" && s.cfg.Faults.has(faultCGIViaPython) {
		return "python3"
	}
	return s.cfg.CGIPython
}
