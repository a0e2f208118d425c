package reference

// cgiDiffCase is one stimulus of the CGI differential test: raw bytes sent in one write to a --cgi
// server, CPython's and the reference's.
type cgiDiffCase struct {
	name, request string
	// halfClose shuts our write side after sending: a script reading stdin to EOF, and an HTTP/0.9
	// request (CPython 3.13.0 reads headers after it), need it.
	halfClose bool
	// http11 sends the case to the servers started with --protocol HTTP/1.1.
	http11 bool
}

func cgiGet(path string, headers ...string) string {
	return cgiRequestText("GET "+path+" HTTP/1.0", headers...)
}

func cgiRequestText(line string, headers ...string) string {
	s := line + "\r\n"
	for _, h := range headers {
		s += h + "\r\n"
	}
	return s + "\r\n"
}

// cgiDiffCases are the requests of research §5, by section.
func cgiDiffCases() []cgiDiffCase {
	var all []cgiDiffCase
	for _, part := range [][]cgiDiffCase{
		cgiScriptCases(), cgiEnvCases(), cgiHeaderEnvCases(), cgiRoutingCases(), cgiRefusalCases(),
		cgiStdinCases(), cgiHTTP11Cases(),
	} {
		all = append(all, part...)
	}
	return all
}

// cgiScriptCases run the fixture's scripts (§5.3): output unparsed, no blank line of the server's,
// exit codes and stderr in the log, exec failures, HEAD.
func cgiScriptCases() []cgiDiffCase {
	return []cgiDiffCase{
		{name: "Appendix A", request: cgiGet("/cgi-bin/exec.sh?x")},
		{name: "no query", request: cgiGet("/cgi-bin/exec.sh")},
		{name: "htbin", request: cgiGet("/htbin/exec.sh?y")},
		{name: "HEAD runs the script", request: cgiRequestText("HEAD /cgi-bin/exec.sh?h HTTP/1.0")},
		{name: "no headers", request: cgiGet("/cgi-bin/noheaders.sh")},
		{name: "Status sent verbatim", request: cgiGet("/cgi-bin/status.sh")},
		{name: "exit code 3", request: cgiGet("/cgi-bin/exit3.sh")},
		{name: "stderr is the server's", request: cgiGet("/cgi-bin/stderr.sh")},
		{name: "uid and gid", request: cgiGet("/cgi-bin/id.sh")},
		{name: "exec failure", request: cgiGet("/cgi-bin/plain.txt")},
		{name: "NUL in PATH_INFO", request: cgiGet("/cgi-bin/env.py/%2500")},
		{name: "NUL in PATH_TRANSLATED", request: cgiGet("/cgi-bin/env.py/%252500")},
		{name: "NUL in the query", request: cgiGet("/cgi-bin/env.py?a\x00b")},
		{name: "surrogate in PATH_TRANSLATED", request: cgiGet("/cgi-bin/env.py/%2525ED%2525A0%252580")},
		{name: "a Python script", request: cgiGet("/cgi-bin/py3.py?q=1")},
		{name: "PATH_INFO of a slash", request: cgiGet("/cgi-bin/exec.sh/")},
		{name: "HTTP/0.9", request: "GET /cgi-bin/exec.sh?09\r\n", halfClose: true},
		{name: "unknown method", request: cgiRequestText("PUT /cgi-bin/exec.sh HTTP/1.0")},
	}
}

// cgiEnvCases dump the environment for paths and queries (§5.2, §5.4): PATH_INFO decoded twice,
// %3F as a query separator, further "?" kept, argv from a query without "=".
func cgiEnvCases() []cgiDiffCase {
	return []cgiDiffCase{
		{name: "env", request: cgiGet("/cgi-bin/env.py")},
		{name: "argv from the query", request: cgiGet("/cgi-bin/env.py?hello+world%21")},
		{name: "no argv with =", request: cgiGet("/cgi-bin/env.py?a=b")},
		{name: "several ?", request: cgiGet("/cgi-bin/env.py?a=b?c=d")},
		{name: "%3F starts the query", request: cgiGet("/cgi-bin/env.py%3Fx=1")},
		{name: "%3F then ?", request: cgiGet("/cgi-bin/env.py%3Fx=1?y=2")},
		{name: "empty query", request: cgiGet("/cgi-bin/env.py?")},
		{name: "PATH_INFO decoded twice", request: cgiGet("/cgi-bin/env.py/%2541%252F?q")},
		{name: "PATH_INFO with slashes", request: cgiGet("/cgi-bin/env.py/a/b/")},
		{name: "PATH_INFO ending in a space", request: cgiGet("/cgi-bin/env.py/x/%2520")},
		{name: "PATH_INFO with ?", request: cgiGet("/cgi-bin/env.py/p%253Fq?r")},
		{name: "fragment kept", request: cgiGet("/cgi-bin/env.py#frag")},
		{name: "subdirectory", request: cgiGet("/cgi-bin/sub/env.py")},
		{name: "subdirectory with a space", request: cgiGet("/cgi-bin/sub%20dir/env.py/%2541%252F?hello+world")},
		{name: "htbin env", request: cgiGet("/htbin/env.py/x?y")},
		{name: "double slash", request: cgiGet("//cgi-bin/env.py")},
		{name: "dot-dot before", request: cgiGet("/a/../cgi-bin/env.py")},
		{name: "encoded slash", request: cgiGet("/cgi-bin%2fenv.py")},
		{name: "no leading slash", request: cgiGet("cgi-bin/env.py")},
		{name: "issue19435", request: cgiGet("///////////a.txt/../cgi-bin/env.py")},
		{name: "non-ASCII query", request: cgiGet("/cgi-bin/env.py?%E2%82%AC+\xe9")},
		{name: "HTTP/1.1 request to an HTTP/1.0 server", request: cgiRequestText("GET /cgi-bin/env.py HTTP/1.1")},
	}
}

// cgiHeaderEnvCases are the request headers run_cgi passes on (§5.4), and those it does not.
func cgiHeaderEnvCases() []cgiDiffCase {
	env := "/cgi-bin/env.py"
	return []cgiDiffCase{
		{name: "Basic", request: cgiGet(env, "Authorization: Basic dXNlcjpwYXNz")},
		{name: "basic, two colons", request: cgiGet(env, "Authorization: basic dXNlcjpwYTpzcw==")},
		{name: "Bearer", request: cgiGet(env, "Authorization: Bearer tok")},
		{name: "three words", request: cgiGet(env, "Authorization: Basic a b")},
		{name: "one word", request: cgiGet(env, "Authorization: Basic")},
		{name: "non-ASCII credentials", request: cgiGet(env, "Authorization: Basic w6k6eA==")},
		{name: "lenient base64", request: cgiGet(env, "Authorization: Basic !!dXNlcjpwYXNz")},
		{name: "bad padding", request: cgiGet(env, "Authorization: Basic dXNlcg")},
		{name: "first Authorization only", request: cgiGet(env, "Authorization: Bearer a", "Authorization: Basic dXNlcjpwYXNz")},
		{name: "Accept joined", request: cgiGet(env, "Accept: text/html", "Accept: text/plain, */*")},
		{name: "Cookie joined, empty dropped", request: cgiGet(env, "Cookie: a=1", "Cookie:", "Cookie: b=2")},
		{name: "Referer, User-Agent, Latin-1", request: cgiGet(env, "Referer: /from", "User-Agent: caf\xe9")},
		{name: "not passed", request: cgiGet(env, "Host: example", "Proxy: http://evil", "X-Test: 1")},
		{name: "empty Content-Type", request: cgiGet(env, "Content-Type:")},
		{name: "POST with a body", request: cgiRequestText("POST /cgi-bin/env.py HTTP/1.0",
			"Content-Type: application/x-www-form-urlencoded", "Content-Length: 3") + "a=1"},
		{name: "Content-Length unvalidated", request: cgiRequestText("POST /cgi-bin/env.py HTTP/1.0", "Content-Length: abc")},
	}
}

// cgiRoutingCases are is_cgi's answers (§5.1): what is not CGI is served as a file.
func cgiRoutingCases() []cgiDiffCase {
	return []cgiDiffCase{
		{name: "cgi-bin without slash", request: cgiGet("/cgi-bin")},
		{name: "cgi-bin/", request: cgiGet("/cgi-bin/")},
		{name: "case matters", request: cgiGet("/CGI-BIN/exec.sh")},
		{name: "prefix is not enough", request: cgiGet("/cgi-binx/exec.sh")},
		{name: "dot-dot leaves cgi-bin", request: cgiGet("/cgi-bin/%2e%2e/a.txt")},
		{name: "nested cgi-bin is not CGI", request: cgiGet("/nested/cgi-bin/env.py")},
		{name: "POST outside", request: cgiRequestText("POST /a.txt HTTP/1.0")},
		{name: "POST leaving cgi-bin", request: cgiRequestText("POST /cgi-bin/../a.txt HTTP/1.0")},
		{name: "too many dot-dots", request: cgiGet("/cgi-bin/../../x")},
		{name: "too many encoded dot-dots", request: cgiGet("/cgi-bin/%2e%2e/%2e%2e/x")},
		{name: "file outside CGI", request: cgiGet("/a.txt")},
		{name: "HEAD of a file outside CGI", request: cgiRequestText("HEAD /a.txt HTTP/1.0")},
		{name: "dot-dot past the root crashes any GET", request: cgiGet("/../a.txt")},
		{name: "HEAD past the root", request: cgiRequestText("HEAD /x/../../a.txt HTTP/1.0")},
	}
}

// cgiRefusalCases are run_cgi's 404 and 403 (§5.2), their repr and Latin-1 status lines.
func cgiRefusalCases() []cgiDiffCase {
	return []cgiDiffCase{
		{name: "missing", request: cgiGet("/cgi-bin/nothere.sh")},
		{name: "missing with PATH_INFO", request: cgiGet("/cgi-bin/nothere.sh/extra?q")},
		{name: "directory", request: cgiGet("/cgi-bin/adir")},
		{name: "directory with slash", request: cgiGet("/cgi-bin/adir/")},
		{name: "not executable", request: cgiGet("/cgi-bin/noexec.py")},
		{name: "index page not executable", request: cgiGet("/cgi-bin/index.html")},
		{name: "control character repr", request: cgiGet("/cgi-bin/%1b.py")},
		{name: "raw Latin-1 byte", request: cgiGet("/cgi-bin/\xfc.py")},
		{name: "decoded Latin-1", request: cgiGet("/cgi-bin/%C3%BC.py")},
		{name: "quote in the name", request: cgiGet("/cgi-bin/it's.sh")},
		{name: "above U+00FF crashes", request: cgiGet("/cgi-bin/%E2%82%AC.py")},
		{name: "query in the directory walk", request: cgiGet("/cgi-bin/sub?x=/y")},
		{name: "HEAD of a missing script", request: cgiRequestText("HEAD /cgi-bin/nothere.sh HTTP/1.0")},
	}
}

// cgiStdinCases give scripts the socket as stdin (§5.3 step 4).
func cgiStdinCases() []cgiDiffCase {
	return []cgiDiffCase{
		{name: "body of Content-Length", request: cgiRequestText("POST /cgi-bin/readbody.sh HTTP/1.0", "Content-Length: 5") + "helloEXTRA"},
		{name: "cat to the half-close", request: cgiRequestText("POST /cgi-bin/cat.sh HTTP/1.0") + "helloEXTRA", halfClose: true},
		{name: "no body", request: cgiGet("/cgi-bin/readbody.sh")},
	}
}

// cgiHTTP11Cases go to servers with protocol_version HTTP/1.1: nothing delimits a script's output, so
// the connection stays open after it, and pipelined input is discarded (§5.3).
func cgiHTTP11Cases() []cgiDiffCase {
	get11 := func(path string, headers ...string) string {
		return cgiRequestText("GET "+path+" HTTP/1.1", headers...)
	}
	return []cgiDiffCase{
		{name: "1.1 stays open", request: get11("/cgi-bin/exec.sh?a", "Host: h"), http11: true},
		{name: "1.1 pipelined request discarded", request: get11("/cgi-bin/exec.sh") + get11("/a.txt"), http11: true},
		{name: "1.1 Connection: close", request: get11("/cgi-bin/exec.sh", "Connection: close"), http11: true},
		{name: "1.1 HEAD", request: cgiRequestText("HEAD /cgi-bin/exec.sh HTTP/1.1"), http11: true},
		{name: "1.1 missing script", request: get11("/cgi-bin/nothere.sh"), http11: true},
		{name: "1.1 SERVER_PROTOCOL", request: get11("/cgi-bin/env.py"), http11: true},
		{name: "1.1 exit code", request: get11("/cgi-bin/exit3.sh"), http11: true},
		{name: "1.1 exec failure", request: get11("/cgi-bin/plain.txt"), http11: true},
		{name: "1.1 100 Continue", request: cgiRequestText("POST /cgi-bin/readbody.sh HTTP/1.1",
			"Content-Length: 5", "Expect: 100-continue") + "hello", http11: true},
		{name: "1.0 request to a 1.1 server", request: cgiGet("/cgi-bin/exec.sh"), http11: true},
	}
}

// cgiDiffSentinels are bytes CPython's replies must contain, so that the comparison cannot pass with
// both servers failing the same way (a tree they cannot read, scripts that do not run).
var cgiDiffSentinels = map[string]string{
	"Appendix A":                      "\r\nContent-Type: text/plain\r\n\r\nshell ok x\n",
	"env":                             "\nGATEWAY_INTERFACE=CGI/1.1\n",
	"PATH_INFO decoded twice":         "\nPATH_INFO=/A/\n",
	"Basic":                           "\nREMOTE_USER=user\n",
	"Accept joined":                   "\nHTTP_ACCEPT=text/html,text/plain, */*\n",
	"cat to the half-close":           "\r\n\r\nhelloEXTRA",
	"raw Latin-1 byte":                "HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')\r\n",
	"1.1 100 Continue":                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 Script output follows\r\n",
	"exec failure":                    "HTTP/1.0 200 Script output follows\r\n",
	"uid and gid":                     "\r\n\r\nuid=65534\n",
	"subdirectory with a space":       "\nSCRIPT_NAME=/cgi-bin/sub dir/env.py\n",
	"1.1 pipelined request discarded": "\r\n\r\nshell ok \n",
}
