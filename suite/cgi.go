package suite

import (
	"bytes"
	"os"
	"os/user"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for CGIHTTPRequestHandler (`--cgi`): which paths are CGI (research §5.1), how the script is
// found (§5.2), how it runs (§5.3), other replies (§5.5) and stderr noise (§5.6). The environment
// (§5.4) is in cgi_env.go. Every reply a script produces is compared byte for byte: the server's
// head has no blank line, so the script's own header lines continue it.

// Documented behavior: scripts run, HEAD too, both directories, everything else as the file server.
var _ = register(func() []Spec {
	return []Spec{
		exchange("cgi.runs-scripts-in-cgi-dirs", "GET /cgi-bin/exec.sh?x", ModeCGI,
			sendGET("/cgi-bin/exec.sh?x"), scriptReply(shellOK("x")), closed()),
		exchange("cgi.runs-scripts-in-cgi-dirs", "GET /cgi-bin/env.py answers with the output, not the source", ModeCGI,
			sendGET("/cgi-bin/env.py"), statusLine("HTTP/1.0 200 Script output follows"),
			bodyLacks("#!/bin/sh"), envIs("GATEWAY_INTERFACE", "CGI/1.1")),

		exchange("cgi.head-runs-script", "HEAD /cgi-bin/exec.sh?x: the body comes too", ModeCGI,
			sendHEAD("/cgi-bin/exec.sh?x"), scriptReply(shellOK("x")), closed()),
		exchange("cgi.head-runs-script", "HEAD /cgi-bin/env.py: the script sees REQUEST_METHOD HEAD", ModeCGI,
			sendHEAD("/cgi-bin/env.py"), envIs("REQUEST_METHOD", "HEAD")),

		exchange("cgi.default-directories", "GET /htbin/exec.sh?y", ModeCGI,
			sendGET("/htbin/exec.sh?y"), scriptReply(shellOK("y")), closed()),
		exchange("cgi.default-directories", "GET /htbin/env.py", ModeCGI,
			sendGET("/htbin/env.py"), envIs("SCRIPT_NAME", "/htbin/env.py")),

		exchange("cgi.files-served-as-simple", "GET /a.txt", ModeCGI,
			sendGET("/a.txt"), fileResponse("a.txt", "text/plain", false), closed()),
		exchange("cgi.files-served-as-simple", "HEAD /a.txt", ModeCGI,
			sendHEAD("/a.txt"), fileResponse("a.txt", "text/plain", true), closed()),
		exchange("cgi.files-served-as-simple", "GET /dir1 redirects", ModeCGI,
			sendGET("/dir1"), redirectedTo("/dir1/")),
		exchange("cgi.files-served-as-simple", "GET /dir1/ serves its index page", ModeCGI,
			sendGET("/dir1/"), served("dir1/index.html")),
		exchange("cgi.files-served-as-simple", "GET /missing.txt", ModeCGI,
			sendGET("/missing.txt"), fileNotFound(), closed()),

		exchange("cgi.directory-based-only", "GET /mime/x.py is a file", ModeCGI,
			sendGET("/mime/x.py"), served("mime/x.py")),
		exchange("cgi.directory-based-only", "GET /mime/x.sh is a file", ModeCGI,
			sendGET("/mime/x.sh"), served("mime/x.sh")),

		exchange("cgi.status-200-before-script", "GET /cgi-bin/status.sh: its Status: 302 arrives after the 200", ModeCGI,
			sendGET("/cgi-bin/status.sh"),
			scriptReply("Status: 302 Found\r\nLocation: /a.txt\r\n\r\n"), closed()),

		exchange("cgi.post-runs-script", "POST /cgi-bin/readbody.sh with a 5-byte body", ModeCGI,
			"POST /cgi-bin/readbody.sh HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
			scriptReply(textOutput("hello")), closed()),
		exchange("cgi.post-runs-script", "POST /cgi-bin/env.py", ModeCGI,
			"POST /cgi-bin/env.py HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
			statusLine("HTTP/1.0 200 Script output follows"), envIs("REQUEST_METHOD", "POST")),

		exchange("cgi.post-non-cgi-501", "POST /a.txt", ModeCGI,
			"POST /a.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n", cgiRefusal(501, "Can only POST to CGI scripts")...),
		exchange("cgi.post-non-cgi-501", "POST /dir1/", ModeCGI,
			"POST /dir1/ HTTP/1.0\r\nContent-Length: 0\r\n\r\n", cgiRefusal(501, "Can only POST to CGI scripts")...),

		custom("cgi.runs-as-nobody", "GET /cgi-bin/id.sh: the uid of nobody", ModeCGI, runsAsNobody).
			with(NeedRoot).showing(sendGET("/cgi-bin/id.sh")),

		exchange("cgi.problems-403", "GET /cgi-bin/adir (a directory)", ModeCGI,
			sendGET("/cgi-bin/adir"), cgiRefusal(403, "CGI script is not a plain file ('/cgi-bin/adir')")...),
		exchange("cgi.problems-403", "GET /cgi-bin/noexec.py (mode 0644)", ModeCGI,
			sendGET("/cgi-bin/noexec.py"), cgiRefusal(403, "CGI script is not executable ('/cgi-bin/noexec.py')")...),
	}
})

// Which paths are CGI: is_cgi on the path collapsed by _url_collapse_path, one spec per row of §5.1.
var _ = register(func() []Spec {
	return []Spec{
		exchange("cgi.cgi-bin-without-slash-301", "GET /cgi-bin", ModeCGI,
			sendGET("/cgi-bin"), redirectedTo("/cgi-bin/")),
		exchange("cgi.cgi-bin-without-slash-301", "GET /htbin", ModeCGI,
			sendGET("/htbin"), redirectedTo("/htbin/")),

		exchange("cgi.cgi-bin-itself-403", "GET /cgi-bin/ (it has an index.html)", ModeCGI,
			sendGET("/cgi-bin/"), cgiRefusal(403, "CGI script is not a plain file ('/cgi-bin/')")...),
		exchange("cgi.cgi-bin-itself-403", "GET /htbin/", ModeCGI,
			sendGET("/htbin/"), cgiRefusal(403, "CGI script is not a plain file ('/htbin/')")...),

		exchange("cgi.match-case-sensitive", "GET /CGI-BIN/exec.sh", ModeCGI,
			sendGET("/CGI-BIN/exec.sh"), fileNotFound(), closed()),
		exchange("cgi.match-case-sensitive", "GET /Htbin/exec.sh", ModeCGI,
			sendGET("/Htbin/exec.sh"), fileNotFound(), closed()),

		exchange("cgi.match-whole-component", "GET /cgi-binx/x", ModeCGI,
			sendGET("/cgi-binx/x"), fileNotFound(), closed()),
		exchange("cgi.match-whole-component", "GET /cgi/exec.sh", ModeCGI,
			sendGET("/cgi/exec.sh"), fileNotFound(), closed()),

		exchange("cgi.encoded-slash-matches", "GET /cgi-bin%2fexec.sh", ModeCGI,
			sendGET("/cgi-bin%2fexec.sh"), scriptReply(shellOK("")), closed()),
		exchange("cgi.encoded-slash-matches", "GET /cgi-bin%2Fexec.sh?z", ModeCGI,
			sendGET("/cgi-bin%2Fexec.sh?z"), scriptReply(shellOK("z")), closed()),

		exchange("cgi.dot-segments-collapsed", "GET //cgi-bin/exec.sh", ModeCGI,
			sendGET("//cgi-bin/exec.sh"), scriptReply(shellOK("")), closed()),
		exchange("cgi.dot-segments-collapsed", "GET /a/../cgi-bin/exec.sh", ModeCGI,
			sendGET("/a/../cgi-bin/exec.sh"), scriptReply(shellOK("")), closed()),
		exchange("cgi.dot-segments-collapsed", "GET /cgi-bin/./exec.sh", ModeCGI,
			sendGET("/cgi-bin/./exec.sh"), scriptReply(shellOK("")), closed()),
		exchange("cgi.dot-segments-collapsed", "GET /cgi-bin/%2e%2e/a.txt is the static a.txt", ModeCGI,
			sendGET("/cgi-bin/%2e%2e/a.txt"), fileResponse("a.txt", "text/plain", false), closed()),
		exchange("cgi.dot-segments-collapsed", "GET ///////////a.txt/../cgi-bin/nothere.sh", ModeCGI,
			sendGET("///////////a.txt/../cgi-bin/nothere.sh"),
			cgiRefusal(404, "No such CGI script ('/cgi-bin/nothere.sh')")...),

		exchange("cgi.no-leading-slash-matches", "GET cgi-bin/env.py", ModeCGI,
			sendGET("cgi-bin/env.py"), envIs("SCRIPT_NAME", "/cgi-bin/env.py")),
		exchange("cgi.no-leading-slash-matches", "GET cgi-bin/exec.sh?w", ModeCGI,
			sendGET("cgi-bin/exec.sh?w"), scriptReply(shellOK("w")), closed()),

		exchange("cgi.nested-cgi-bin-static", "GET /nested/cgi-bin/env.py", ModeCGI,
			sendGET("/nested/cgi-bin/env.py"), served("nested/cgi-bin/env.py")),
		exchange("cgi.nested-cgi-bin-static", "POST /nested/cgi-bin/env.py gets 501", ModeCGI,
			"POST /nested/cgi-bin/env.py HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
			cgiRefusal(501, "Can only POST to CGI scripts")...),

		exchange("cgi.too-many-dotdot-crash", "GET /cgi-bin/../../x", ModeCGI,
			sendGET("/cgi-bin/../../x"), handlerCrashed()),
		exchange("cgi.too-many-dotdot-crash", "GET /../a.txt, which the file server would serve", ModeCGI,
			sendGET("/../a.txt"), handlerCrashed()),

		exchange("cgi.post-dotdot-non-cgi-501", "POST /cgi-bin/../a.txt", ModeCGI,
			"POST /cgi-bin/../a.txt HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
			cgiRefusal(501, "Can only POST to CGI scripts")...),
	}
})

// Locating the script (§5.2): the walk into subdirectories, the checks in order, the messages.
var _ = register(func() []Spec {
	return []Spec{
		exchange("cgi.subdirectory-scripts", "GET /cgi-bin/sub/env.py", ModeCGI,
			sendGET("/cgi-bin/sub/env.py"), envIs("SCRIPT_NAME", "/cgi-bin/sub/env.py")),
		exchange("cgi.subdirectory-scripts", "GET /cgi-bin/sub%20dir/env.py", ModeCGI,
			sendGET("/cgi-bin/sub%20dir/env.py"), envIs("SCRIPT_NAME", "/cgi-bin/sub dir/env.py")),
		exchange("cgi.subdirectory-scripts", "GET /cgi-bin/sub/env.py/more: the walk stops at the file", ModeCGI,
			sendGET("/cgi-bin/sub/env.py/more"), envIs("SCRIPT_NAME", "/cgi-bin/sub/env.py"), envIs("PATH_INFO", "/more")),

		exchange("cgi.missing-script-404", "GET /cgi-bin/x.py", ModeCGI,
			sendGET("/cgi-bin/x.py"), cgiRefusal(404, "No such CGI script ('/cgi-bin/x.py')")...),
		exchange("cgi.missing-script-404", "GET /cgi-bin/sub/x.py/info?q", ModeCGI,
			sendGET("/cgi-bin/sub/x.py/info?q"), cgiRefusal(404, "No such CGI script ('/cgi-bin/sub/x.py')")...),

		exchange("cgi.not-plain-file-403", "GET /cgi-bin/adir", ModeCGI,
			sendGET("/cgi-bin/adir"), cgiRefusal(403, "CGI script is not a plain file ('/cgi-bin/adir')")...),
		exchange("cgi.not-plain-file-403", "GET /cgi-bin/sub/ (the walk enters sub)", ModeCGI,
			sendGET("/cgi-bin/sub/"), cgiRefusal(403, "CGI script is not a plain file ('/cgi-bin/sub/')")...),

		exchange("cgi.not-executable-403", "GET /cgi-bin/noexec.py", ModeCGI,
			sendGET("/cgi-bin/noexec.py"), cgiRefusal(403, "CGI script is not executable ('/cgi-bin/noexec.py')")...),
		exchange("cgi.not-executable-403", "GET /cgi-bin/index.html", ModeCGI,
			sendGET("/cgi-bin/index.html"), cgiRefusal(403, "CGI script is not executable ('/cgi-bin/index.html')")...),
		exchange("cgi.not-executable-403", "POST /cgi-bin/noexec.py", ModeCGI,
			"POST /cgi-bin/noexec.py HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
			cgiRefusal(403, "CGI script is not executable ('/cgi-bin/noexec.py')")...),

		exchange("cgi.message-repr", "GET /cgi-bin/%1b.py: ESC shows as \\x1b", ModeCGI,
			sendGET("/cgi-bin/%1b.py"), cgiRefusal(404, `No such CGI script ('/cgi-bin/\x1b.py')`)...),
		exchange("cgi.message-repr", "GET /cgi-bin/it's.py: repr picks double quotes", ModeCGI,
			sendGET("/cgi-bin/it's.py"), cgiRefusal(404, `No such CGI script ("/cgi-bin/it's.py")`)...),
		exchange("cgi.message-repr", `GET /cgi-bin/a'b%22c.py: both quotes, the single one escaped`, ModeCGI,
			sendGET("/cgi-bin/a'b%22c.py"), cgiRefusal(404, `No such CGI script ('/cgi-bin/a\'b"c.py')`)...),
		exchange("cgi.message-repr", "GET /cgi-bin/%09tab%5C.py: tab and backslash escaped", ModeCGI,
			sendGET("/cgi-bin/%09tab%5C.py"), cgiRefusal(404, `No such CGI script ('/cgi-bin/\ttab\\.py')`)...),

		exchange("cgi.encoded-question-mark-splits-query", "GET /cgi-bin/env.py%3Fx=1", ModeCGI,
			sendGET("/cgi-bin/env.py%3Fx=1"), envIs("SCRIPT_NAME", "/cgi-bin/env.py"), envIs("QUERY_STRING", "x=1")),
		exchange("cgi.encoded-question-mark-splits-query", "GET /cgi-bin/env.py%3Fx=1?y=2: the real ? stays in the query", ModeCGI,
			sendGET("/cgi-bin/env.py%3Fx=1?y=2"), envIs("SCRIPT_NAME", "/cgi-bin/env.py"), envIs("QUERY_STRING", "x=1?y=2")),
		exchange("cgi.encoded-question-mark-splits-query", "GET /cgi-bin/exec.sh%3Fq", ModeCGI,
			sendGET("/cgi-bin/exec.sh%3Fq"), scriptReply(shellOK("q")), closed()),

		exchange("cgi.executed-directly", "GET /cgi-bin/env.py, a shell script named .py", ModeCGI,
			sendGET("/cgi-bin/env.py"), statusLine("HTTP/1.0 200 Script output follows"), envIs("GATEWAY_INTERFACE", "CGI/1.1")),
		exchange("cgi.executed-directly", "GET /cgi-bin/py3.py?x, a Python script", ModeCGI,
			sendGET("/cgi-bin/py3.py?x"), scriptReply(textOutput("python ok x\n")), closed()).with(NeedPython3),
	}
})

// Execution (§5.3): the head without a blank line, stdin and stdout as the socket, exit statuses.
var _ = register(func() []Spec {
	return []Spec{
		exchange("cgi.headers-not-terminated", "GET /cgi-bin/exec.sh: Date, then the script's first byte", ModeCGI,
			sendGET("/cgi-bin/exec.sh"), scriptReply(shellOK("")),
			headerNames("Server", "Date", "Content-Type")),
		exchange("cgi.headers-not-terminated", "GET /cgi-bin/status.sh", ModeCGI,
			sendGET("/cgi-bin/status.sh"), headerNames("Server", "Date", "Status", "Location"), emptyBody()),

		exchange("cgi.headerless-script-malformed", "GET /cgi-bin/noheaders.sh", ModeCGI,
			sendGET("/cgi-bin/noheaders.sh"), scriptReply("no headers at all\n"), closed()),

		exchange("cgi.no-content-length", "GET /cgi-bin/exec.sh", ModeCGI,
			sendGET("/cgi-bin/exec.sh"), noHeader("Content-Length"), closed()),
		exchange("cgi.no-content-length", "GET /cgi-bin/exec.sh HTTP/1.1 on the HTTP/1.0 server", ModeCGI,
			"GET /cgi-bin/exec.sh HTTP/1.1\r\nHost: x\r\n\r\n", scriptReply(shellOK("")), closed()),

		customSending("cgi.http11-unframed-open", "GET /cgi-bin/exec.sh HTTP/1.1 on an HTTP/1.1 server, then GET /a.txt", ModeCGI,
			"GET /cgi-bin/exec.sh?one HTTP/1.1\r\nHost: x\r\n\r\n", unframedStaysOpen).with(NeedLauncher),

		exchange("cgi.argv-query-without-equals", "?hello+world%21", ModeCGI,
			sendGET("/cgi-bin/env.py?hello+world%21"), argsAre("hello world%21")),
		exchange("cgi.argv-query-without-equals", "? alone: one empty argument", ModeCGI,
			sendGET("/cgi-bin/env.py?"), argsAre("")),
		exchange("cgi.argv-query-without-equals", "no query at all: one empty argument", ModeCGI,
			sendGET("/cgi-bin/env.py"), argsAre("")),
		exchange("cgi.argv-query-without-equals", "?a=b: no argument", ModeCGI,
			sendGET("/cgi-bin/env.py?a=b"), argsAre()),
		exchange("cgi.argv-query-without-equals", "?a%3Db: = is not decoded, so one argument", ModeCGI,
			sendGET("/cgi-bin/env.py?a%3Db"), argsAre("a%3Db")),

		exchange("cgi.stdin-is-socket", "POST to cat.sh with Content-Length 5 and 10 bytes, half-closed", ModeCGI,
			"POST /cgi-bin/cat.sh HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloEXTRA",
			scriptReply(textOutput("helloEXTRA")), closed()).halfClosed(),
		customSending("cgi.stdin-is-socket", "POST to cat.sh: no EOF until the client half-closes", ModeCGI,
			"POST /cgi-bin/cat.sh HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloEXTRA", catBlocksUntilHalfClose),

		customSending("cgi.cwd-is-server-cwd", "cgi-bin/env.py and cgi-bin/sub/env.py report one cwd, neither script's directory", ModeCGI,
			sendGET("/cgi-bin/sub/env.py"), cwdIsServers),

		customSending("cgi.stderr-is-server-stderr", "GET /cgi-bin/stderr.sh", ModeCGI,
			sendGET("/cgi-bin/stderr.sh"), scriptStderrLogged).with(NeedLog),

		exchange("cgi.pipelined-input-discarded", "a GET pipelined behind a POST to readbody.sh: read and dropped, so no reset", ModeCGI,
			"POST /cgi-bin/readbody.sh HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloGET /a.txt HTTP/1.0\r\n\r\n",
			scriptReply(textOutput("hello")), endedBy(wire.Closed)),
		customSending("cgi.pipelined-input-discarded", "on an HTTP/1.1 server: the pipelined GET is lost, the next one is served", ModeCGI,
			"POST /cgi-bin/readbody.sh HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
			pipelinedLostOnHTTP11).with(NeedLauncher),

		custom("cgi.root-uid-nobody-gid-0", "GET /cgi-bin/id.sh", ModeCGI, func(c *Case) {
			uid, gid := scriptIDs(c)
			c.Expect([]int{uid, gid}).To(gomega.Equal([]int{65534, 0}), "uid and gid of the script")
		}).with(NeedRoot).showing(sendGET("/cgi-bin/id.sh")),
		custom("cgi.unprivileged-same-uid", "GET /cgi-bin/id.sh", ModeCGI, sameUIDUnprivileged).
			showing(sendGET("/cgi-bin/id.sh")),

		logged("cgi.exit-status-hex-logged", "GET /cgi-bin/exit3.sh", ModeCGI, sendGET("/cgi-bin/exit3.sh"),
			accessLine("GET /cgi-bin/exit3.sh HTTP/1.0", 200), "CGI script exit status 0x300"),
		logged("cgi.exit-code-logged", "GET /cgi-bin/exit3.sh", ModeCGI, sendGET("/cgi-bin/exit3.sh"),
			accessLine("GET /cgi-bin/exit3.sh HTTP/1.0", 200), "CGI script exit code 3"),
		exchange("cgi.exit-code-logged", "GET /cgi-bin/exit3.sh: the reply is the output alone", ModeCGI,
			sendGET("/cgi-bin/exit3.sh"), scriptReply(textOutput("exiting 3\n")), closed()),
		logged("cgi.exit-zero-not-logged", "GET /cgi-bin/exec.sh", ModeCGI, sendGET("/cgi-bin/exec.sh"),
			accessLine("GET /cgi-bin/exec.sh HTTP/1.0", 200)),
		logged("cgi.exit-zero-not-logged", "POST /cgi-bin/readbody.sh", ModeCGI,
			"POST /cgi-bin/readbody.sh HTTP/1.0\r\nContent-Length: 2\r\n\r\nok",
			accessLine("POST /cgi-bin/readbody.sh HTTP/1.0", 200)),

		exchange("cgi.exec-failure-truncated", "GET /cgi-bin/plain.txt (executable text)", ModeCGI,
			sendGET("/cgi-bin/plain.txt"), receivedExactly(scriptHead), closed()),

		customSending("cgi.fork-deprecation-warning", "GET /cgi-bin/exec.sh", ModeCGI,
			sendGET("/cgi-bin/exec.sh"), deprecationPrinted(forkWarning, "  pid = os.fork()")).with(NeedLog, NeedCPython),
		customSending("cgi.handler-deprecation-warning", "GET /a.txt", ModeCGI,
			sendGET("/a.txt"), deprecationPrinted(handlerWarning, "  self.RequestHandlerClass(request, client_address, self,")).with(NeedLog, NeedCPython),
	}
})

// endedBy: the connection ended in state s after the reply (a clean close rather than a reset shows
// that the server read what the client sent: CPython closes with unread input pending, and the
// kernel then resets; research §1.4).
func endedBy(s wire.PeerState) Check {
	return Check{"the connection ends by " + s.String(), func(r *wire.Result) (bool, string) {
		return r.End == s, "the connection " + endState(r)
	}}
}

// runsAsNobody: the script's uid is nobody's (nobody_uid: pwd.getpwnam('nobody'), else one more than
// the largest uid; research §5.3 step 3).
func runsAsNobody(c *Case) {
	uid, _ := scriptIDs(c)
	nobody, err := user.Lookup("nobody")
	if err != nil {
		c.Note("no user nobody on this host (%v): CPython takes one more than the largest uid", err)
		c.Expect(uid).NotTo(gomega.BeZero(), "the script's uid")
		return
	}
	c.Expect(strconv.Itoa(uid)).To(gomega.Equal(nobody.Uid), "the script's uid is nobody's")
}

// sameUIDUnprivileged: a server that is not root cannot setuid, and CPython ignores the error. The
// runner starts targets as its own user, so the script's uid is this process's.
func sameUIDUnprivileged(c *Case) {
	if c.Target.Root {
		ginkgo.Skip("the target runs as root, so its scripts run as nobody")
	}
	uid, _ := scriptIDs(c)
	c.Expect(uid).To(gomega.Equal(os.Getuid()), "the script's uid is the server's")
}

// readUntil reads from conn until what has come contains want, the peer ends, or the case's timeout
// passes, each read ending after Quiet of silence; it returns everything read and how the last read
// ended (Open: silent for Quiet after the last byte).
func readUntil(c *Case, conn *wire.Conn, want []byte) ([]byte, wire.PeerState) {
	ginkgo.GinkgoHelper()
	var got []byte
	deadline := time.Now().Add(c.Config.Timeout)
	for {
		chunk, err := conn.ReadQuiet(c.Config.Quiet)
		c.Expect(err).NotTo(gomega.HaveOccurred())
		got = append(got, chunk.Bytes...)
		if bytes.Contains(got, want) || chunk.End != wire.Open || time.Now().After(deadline) {
			return got, chunk.End
		}
	}
}

// withPlaceholders replaces the Date and Server values as exactly does.
func withPlaceholders(b []byte) string {
	b = dateValueRE.ReplaceAll(b, []byte("Date: <DATE>\r"))
	return string(serverValueRE.ReplaceAll(b, []byte("Server: <SERVER>\r")))
}

// catBlocksUntilHalfClose: cat.sh echoes what it reads from the socket, the body and the bytes beyond
// Content-Length, then waits for EOF; only the client's half-close ends it (research §5.3 step 4).
func catBlocksUntilHalfClose(c *Case, request string) {
	conn := c.Dial()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	want := scriptHead + textOutput("helloEXTRA")
	got, end := readUntil(c, conn, []byte("helloEXTRA"))
	c.Expect(withPlaceholders(got)).To(gomega.Equal(want), "what the script echoed before EOF")
	c.Expect(end).To(gomega.Equal(wire.Open), "the script still runs: the connection stays open and silent for %s", c.Config.Quiet)
	c.Expect(conn.CloseWrite()).To(gomega.Succeed())
	rest, err := conn.ReadUntilClose()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	c.Expect(rest.Bytes).To(gomega.BeEmpty(), "nothing more after the half-close")
	c.Expect(rest.End).To(gomega.Equal(wire.Closed), "after the half-close the script ends and the server closes")
}

// unframedStaysOpen starts the target with --protocol HTTP/1.1: the CGI reply has no Content-Length,
// yet close_connection stays False for an HTTP/1.1 request, so the connection stays open after the
// script, and the next request on it is served (research §5.3).
func unframedStaysOpen(c *Case, request string) {
	addr := launchCGI(c, http11CGI)
	conn, err := wire.Dial(c.Ctx, addr, c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred())
	defer conn.Close()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	want := strings.Replace(scriptHead, "HTTP/1.0", "HTTP/1.1", 1) + shellOK("one")
	got, end := readUntil(c, conn, []byte("shell ok one\n"))
	c.Expect(withPlaceholders(got)).To(gomega.Equal(want), "the CGI reply")
	c.Expect(end).To(gomega.Equal(wire.Open), "the connection stays open after the script's output")
	second := servedOnSameConnection(c, conn)
	c.Expect(second.StatusLine).To(gomega.Equal("HTTP/1.1 200 OK"), "the next request on the connection")
}

// pipelinedLostOnHTTP11: on a connection kept open, the GET pipelined behind the script's input is
// read and thrown away after the script exits (bug #427345), so only the CGI reply comes; a GET sent
// afterwards is served.
func pipelinedLostOnHTTP11(c *Case, request string) {
	addr := launchCGI(c, http11CGI)
	conn, err := wire.Dial(c.Ctx, addr, c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred())
	defer conn.Close()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	want := strings.Replace(scriptHead, "HTTP/1.0", "HTTP/1.1", 1) + textOutput("hello")
	got, end := readUntil(c, conn, []byte("\r\n\r\nhello"))
	c.Expect(withPlaceholders(got)).To(gomega.Equal(want), "only the CGI reply: the pipelined GET is never answered")
	c.Expect(end).To(gomega.Equal(wire.Open), "the connection stays open")
	second := servedOnSameConnection(c, conn)
	c.Expect(second.StatusLine).To(gomega.Equal("HTTP/1.1 200 OK"), "a GET sent after the CGI reply")
}

// http11CGI is a CGI server whose protocol_version is HTTP/1.1.
var http11CGI = cgiLaunch{bind: "127.0.0.1", args: []string{"--protocol", "HTTP/1.1"}, needs: []string{"cli.protocol-option"}}

// servedOnSameConnection sends GET /a.txt on conn and reads its reply.
func servedOnSameConnection(c *Case, conn *wire.Conn) *wire.Response {
	ginkgo.GinkgoHelper()
	c.Expect(conn.Send([]byte("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"))).To(gomega.Succeed())
	r, err := conn.ReadResponse("GET")
	c.Expect(err).NotTo(gomega.HaveOccurred(), "the reply to GET /a.txt on the same connection")
	c.Expect(string(r.Body)).To(gomega.Equal("hello\n"), "the body of a.txt")
	return r
}

// cwdIsServers: scripts in two directories report the same working directory, which is neither of
// theirs: run_cgi never changes directory (research §5.3 step 3).
func cwdIsServers(c *Case, request string) {
	_, sub := dumpFrom(c, c.Target.Addr, request)
	_, top := dumpFrom(c, c.Target.Addr, sendGET("/cgi-bin/env.py"))
	c.Note("cgi-bin/env.py ran in %q, cgi-bin/sub/env.py in %q", top.cwd, sub.cwd)
	c.Expect(sub.cwd).NotTo(gomega.BeEmpty(), "the script printed its cwd")
	c.Expect(sub.cwd).To(gomega.Equal(top.cwd), "both scripts run in the server's cwd")
	for _, root := range docRootSpellings(c) {
		c.Expect(top.cwd).NotTo(gomega.Equal(root+"/cgi-bin"), "not the script's directory")
		c.Expect(sub.cwd).NotTo(gomega.Equal(root+"/cgi-bin/sub"), "not the script's directory")
	}
}

// scriptStderrLogged: the script's stderr is the server's, so its line shows in the server's log.
func scriptStderrLogged(c *Case, request string) {
	res := c.Exchange(request)
	c.Expect(res).To(scriptReply(textOutput("wrote to stderr\n")))
	c.Expect(c.Log()).To(gomega.ContainElement("httpspec cgi stderr line"))
}

// The DeprecationWarnings CPython prints on stderr in CLI CGI mode, once per process (research §5.6).
var (
	forkWarning    = regexp.MustCompile(`^.*server\.py:\d+: DeprecationWarning: This process \(pid=\d+\) is multi-threaded, use of fork\(\) may lead to deadlocks in the child\.$`)
	handlerWarning = regexp.MustCompile(`^.*server\.py:\d+: DeprecationWarning: 'http\.server\.CGIHTTPRequestHandler' is deprecated and slated for removal in Python 3\.15$`)
)

// deprecationPrinted sends request and then looks for the warning in everything the target has
// written since it started: it is printed once, so an earlier spec may have caused it. c.Log's
// marker makes sure whatever the request caused has been written. The line after the warning is the
// source line the warnings module shows.
func deprecationPrinted(warning *regexp.Regexp, source string) func(c *Case, request string) {
	return func(c *Case, request string) {
		c.Exchange(request)
		c.Log()
		lines := c.Target.Log.Lines(0)
		at := -1
		for i, line := range lines {
			if warning.MatchString(line) {
				at = i
				break
			}
		}
		c.Expect(at).To(gomega.BeNumerically(">=", 0), "no line of the target's stderr since it started (%d lines) matches %s", len(lines), warning)
		c.Expect(at+1).To(gomega.BeNumerically("<", len(lines)), "the warning's source line")
		c.Expect(lines[at+1]).To(gomega.Equal(source), "the line after the warning")
	}
}
