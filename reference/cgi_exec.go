package reference

import (
	"net"
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
	faultCGILogExitZero = registerFault("cgi-log-exit-zero",
		"a script that exits 0 is logged as 'CGI script exit code 0'")
	faultCGIPathInfoRaw = registerFault("cgi-path-info-raw",
		"PATH_INFO (and so PATH_TRANSLATED) is the path after the script name as sent, not decoded")
	faultCGISoftwareShort = registerFault("cgi-software-short",
		"SERVER_SOFTWARE is server_version alone (SimpleHTTP/0.6), not the Server header's value")
	faultCGIServerNameIP = registerFault("cgi-server-name-ip",
		"SERVER_NAME is the address the server is bound to, not its getfqdn() name")
	faultCGIClientPort = registerFault("cgi-server-port-client",
		"SERVER_PORT is the client's port, not the server's")
	faultCGICloseAfter = registerFault("cgi-close-after-script",
		"the connection closes after a script's output, even on an HTTP/1.1 connection")
	faultCGIKeepOpen = registerFault("cgi-keep-open-after-script",
		"the connection stays open after a script's output, even for an HTTP/1.0 request")
	faultCGINoDiscard = registerFault("cgi-no-discard",
		"what the script did not read stays in the socket and is read as the next request")
	faultCGIExec500 = registerFault("cgi-exec-failure-500",
		"a script that cannot be started is answered with the rest of a 500 page after the head")
	faultCGIQueryDecoded = registerFault("cgi-query-decoded",
		"QUERY_STRING is %-decoded")
	faultCGIMethodGET = registerFault("cgi-method-get",
		"REQUEST_METHOD is always GET")
	faultCGIScriptBase = registerFault("cgi-script-name-base",
		"SCRIPT_NAME is the script's file name alone, without its directory")
	faultCGIRemotePort = registerFault("cgi-remote-addr-port",
		"REMOTE_ADDR is the client's address with its port")
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
	switch {
	case c.srv.cfg.Faults.has(faultCGICloseAfter):
		c.closeConnection = true
	case c.srv.cfg.Faults.has(faultCGIKeepOpen):
		c.closeConnection = false
	}
}

// cgiEnvironment gathers what run_cgi reads for the environment of a copy of base, the server's own. PATH_INFO is unquote() of a rest that
// is_cgi already unquoted once, so it is decoded twice (/env.py/%2541 gives /A).
func (c *conn) cgiEnvironment(s cgiScript, base []string) *environ {
	pathInfo := pylib.Unquote(s.pathInfo)
	if c.srv.cfg.Faults.has(faultCGIPathInfoSingleDecode) {
		pathInfo = s.pathInfo
	}
	if c.srv.cfg.Faults.has(faultCGIPathInfoRaw) {
		pathInfo = rawPathInfo(c.path, s.script)
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
	method, scriptName, query, remote := c.command, s.scriptName, s.query, c.clientHost
	if c.srv.cfg.Faults.has(faultCGIMethodGET) {
		method = "GET"
	}
	if c.srv.cfg.Faults.has(faultCGIScriptBase) {
		scriptName = s.script
	}
	if c.srv.cfg.Faults.has(faultCGIQueryDecoded) {
		query = pylib.Unquote(query)
	}
	if c.srv.cfg.Faults.has(faultCGIRemotePort) {
		remote = c.nc.RemoteAddr().String()
	}
	software := c.srv.cfg.ServerVersion
	if c.srv.cfg.Faults.has(faultCGISoftwareShort) {
		software, _, _ = strings.Cut(software, " ")
	}
	if c.srv.cfg.Faults.has(faultCGIServerNameIP) {
		name, _, _ = net.SplitHostPort(c.nc.LocalAddr().String())
	}
	if c.srv.cfg.Faults.has(faultCGIClientPort) {
		_, client, _ := net.SplitHostPort(c.nc.RemoteAddr().String())
		port, _ = strconv.Atoi(client)
	}
	return cgiEnviron(base, cgiRequest{
		serverSoftware:    software,
		serverName:        name,
		protocol:          protocol,
		serverPort:        port,
		method:            method,
		pathInfo:          pathInfo,
		pathTranslated:    translated,
		pathTranslatedErr: translatedErr,
		scriptName:        scriptName,
		query:             query,
		remoteAddr:        remote,
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
	if err != nil && c.srv.cfg.Faults.has(faultCGIExec500) {
		_, _ = sock.Write([]byte("Content-Type: text/html\r\n\r\n<h1>500 Internal Server Error</h1>\n"))
	}
	if err != nil {
		c.reportCrash(err)
	}
	if c.srv.isClosed() {
		return // the server is going away: daemon threads never get here
	}
	if !c.srv.cfg.Faults.has(faultCGINoDiscard) {
		c.discardPending()
	}
	if status.code != 0 || c.srv.cfg.Faults.has(faultCGILogExitZero) {
		c.logExitCode(status)
	}
}

// rawPathInfo is the PATH_INFO of faultCGIPathInfoRaw: what follows the script's name in the request
// path, query cut, nothing decoded.
func rawPathInfo(requestPath, script string) string {
	requestPath, _, _ = strings.Cut(requestPath, "?")
	if i := strings.Index(requestPath, "/"+script); i >= 0 {
		return requestPath[i+1+len(script):]
	}
	return ""
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
