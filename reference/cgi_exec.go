package reference

import (
	"os"
	"strconv"
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultCGIEndHeaders = registerFault("cgi-end-headers",
		"the 200 'Script output follows' header block is ended with a blank line before the script runs")
	faultCGIExitStatusHex = registerFault("cgi-exit-status-hex",
		"a failing script is logged as 'CGI script exit status 0x300' (the raw wait status, 3.6-3.8)")
	faultCGIQueryAlwaysArg = registerFault("cgi-query-always-argv",
		"the decoded query is passed as argv[1] even when it contains '='")
)

// runCGI mirrors CGIHTTPRequestHandler.run_cgi on POSIX: find the script, refuse it with 404 or 403,
// build its environment, send "200 Script output follows" with Server and Date but no blank line, and
// run the script with the client socket as its stdin and stdout. Whatever the script writes is the
// rest of the response, unparsed; nothing delimits it, so an HTTP/1.1 connection stays open after it
// (research §5.3).
func (c *conn) runCGI(info cgiInfo) {
	s := c.locateCGIScript(info)
	if !c.checkCGIScript(s) {
		return
	}
	env := c.cgiEnvironment(s, os.Environ())
	if env.err != nil {
		panic(env.err)
	}
	c.sendResponse(200, "Script output follows", true)
	if c.srv.cfg.Faults.has(faultCGIEndHeaders) {
		c.endHeaders()
	} else {
		c.flushHeaders()
	}
	c.flush() // "Always flush before forking"
	c.execCGI(s, c.cgiArgv(s), env)
}

// cgiEnvironment gathers what run_cgi reads for the environment of a copy of base, the server's own. PATH_INFO is unquote() of a rest that
// is_cgi already unquoted once, so it is decoded twice (/env.py/%2541 gives /A).
func (c *conn) cgiEnvironment(s cgiScript, base []string) *environ {
	pathInfo := pylib.Unquote(s.pathInfo)
	if c.srv.cfg.Faults.has(faultCGIPathInfoSingleDecode) {
		pathInfo = s.pathInfo
	}
	protocol := c.srv.cfg.Protocol
	if c.srv.cfg.Faults.has(faultCGIRequestProtocol) {
		protocol = c.requestVersion
	}
	translated := c.translatePath(pathInfo)
	var translatedErr *pyException
	if translated.encodeErr != nil {
		_, err := pylib.FSEncode(c.translatePathText(pathInfo))
		translatedErr = &pyException{"UnicodeEncodeError", err.Error()}
	}
	name, port := c.srv.boundAddress()
	return cgiEnviron(base, cgiRequest{
		serverSoftware:    c.srv.cfg.ServerVersion,
		serverName:        name,
		protocol:          protocol,
		serverPort:        port,
		method:            c.command,
		pathInfo:          pathInfo,
		pathTranslated:    translated,
		pathTranslatedErr: translatedErr,
		scriptName:        s.scriptName,
		query:             s.query,
		remoteAddr:        c.clientHost,
		headers:           c.headers,
	}, c.srv.cfg.Faults)
}

// cgiArgv mirrors the fork path's argument list: the script's name, then the query with "+" turned
// into spaces (no other decoding) when it holds no "=" (an empty query gives an empty argument).
func (c *conn) cgiArgv(s cgiScript) []string {
	argv := []string{s.script}
	decoded := strings.ReplaceAll(s.query, "+", " ")
	if !strings.Contains(decoded, "=") || c.srv.cfg.Faults.has(faultCGIQueryAlwaysArg) {
		argv = append(argv, decoded)
	}
	return argv
}

// execCGI runs the script and waits for it, as the parent after fork() does: then it discards what
// the client sent that the script did not read (bug #427345), and logs a non-zero exit code. When the
// child cannot exec, CPython's child prints the traceback banner and exits 127; the reference prints
// the same banner and logs the same code.
func (c *conn) execCGI(s cgiScript, argv []string, env *environ) {
	sock := c.socketFile()
	defer sock.Close()
	status, err := c.srv.runChild(s, argv, env, sock)
	c.restoreNonblocking()
	if err != nil {
		c.reportCrash(err)
	}
	if c.srv.isClosed() {
		return // the server is going away: daemon threads never get here
	}
	c.discardPending()
	if status.code != 0 {
		c.logExitCode(status)
	}
}

// logExitCode mirrors the 3.9+ message, whose code is os.waitstatus_to_exitcode's: the exit status, or
// minus the signal that killed the script.
func (c *conn) logExitCode(status exitStatus) {
	if c.srv.cfg.Faults.has(faultCGIExitStatusHex) {
		c.logError("CGI script exit status 0x" + strconv.FormatInt(int64(status.raw), 16))
		return
	}
	c.logError("CGI script exit code " + strconv.Itoa(status.code))
}

// translatePathText is translate_path's result as Python text, before it is encoded: only needed for
// the position in the UnicodeEncodeError that assigning it to PATH_TRANSLATED raises, which counts
// code points of the whole path.
func (c *conn) translatePathText(path string) string {
	path, _, _ = strings.Cut(path, "?")
	path, _, _ = strings.Cut(path, "#")
	trailingSlash := strings.HasSuffix(pylib.RStripSpace(path), "/")
	path = pylib.NormPath(unquotePath(path, c.srv.cfg.Faults.has(faultTranslateNoUnquote)))
	out := pylib.FSDecode([]byte(c.srv.directory))
	for _, word := range strings.Split(path, "/") {
		if word != "" && word != "." && word != ".." {
			out = joinPath(out, word)
		}
	}
	if trailingSlash {
		out += "/"
	}
	return out
}
