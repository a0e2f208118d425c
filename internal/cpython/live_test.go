package cpython

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/httpspec/httpspec/suite/catalog"
)

// These tests start every CPython FindAll finds on this machine in every mode, and check over raw
// sockets that the server answers with the protocol, handler and identity the mode asks for.

// liveRequest is a request and the status line it must get ("" means: no response bytes at all).
type liveRequest struct {
	request, status string
	// headerLine, when set, must also appear in the head.
	headerLine string
}

type liveMode struct {
	name     string
	mode     Mode
	requests func(i Interpreter) []liveRequest
}

const getRoot = "GET / HTTP/1.1\r\n\r\n"

var liveModes = []liveMode{
	{"default", Mode{}, func(Interpreter) []liveRequest {
		return []liveRequest{
			{request: getRoot, status: "HTTP/1.0 200 OK"},
			{request: "GET /cgi-bin/hello.sh HTTP/1.0\r\n\r\n", status: "HTTP/1.0 200 OK",
				headerLine: fmt.Sprintf("Content-Length: %d", len(helloScript))}, // served, not run
		}
	}},
	{"http11", Mode{Protocol: "HTTP/1.1"}, func(Interpreter) []liveRequest {
		return []liveRequest{{request: getRoot, status: "HTTP/1.1 200 OK"}}
	}},
	{"cgi", Mode{CGI: true}, func(Interpreter) []liveRequest {
		return []liveRequest{
			{request: getRoot, status: "HTTP/1.0 200 OK"},
			{request: "GET /cgi-bin/hello.sh HTTP/1.0\r\n\r\n", status: "HTTP/1.0 200 Script output follows",
				headerLine: "Content-Type: text/plain"},
		}
	}},
	// 3.7/3.8 without --cgi hand test() a functools.partial; with --cgi, the class: both must follow.
	{"http11-cgi", Mode{Protocol: "HTTP/1.1", CGI: true}, func(Interpreter) []liveRequest {
		return []liveRequest{
			{request: getRoot, status: "HTTP/1.1 200 OK"},
			{request: "GET /cgi-bin/hello.sh HTTP/1.1\r\n\r\n", status: "HTTP/1.1 200 Script output follows",
				headerLine: "Content-Type: text/plain"},
		}
	}},
	{"dropped", Mode{DropTo: &Nobody}, func(i Interpreter) []liveRequest {
		notModified := "HTTP/1.0 304 Not Modified"
		if i.Version.Minor == 6 {
			notModified = "HTTP/1.0 200 OK" // 3.6 ignores If-Modified-Since
		}
		return []liveRequest{
			{request: getRoot, status: "HTTP/1.0 200 OK"},
			{request: "GET /a.txt HTTP/1.0\r\n\r\n", status: "HTTP/1.0 200 OK", headerLine: "Content-Length: 6"},
			{request: "GET /secret.txt HTTP/1.0\r\n\r\n", status: "HTTP/1.0 404 File not found"},
			{request: "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n",
				status: notModified},
			{request: "FOO / HTTP/1.0\r\n\r\n", status: "HTTP/1.0 501 Unsupported method ('FOO')"},
			{request: "GET /%00 HTTP/1.0\r\n\r\n", status: ""}, // the handler crashes (§4.10)
		}
	}},
	{"dropped-http11-cgi", Mode{Protocol: "HTTP/1.1", CGI: true, DropTo: &Nobody}, func(Interpreter) []liveRequest {
		return []liveRequest{
			{request: getRoot, status: "HTTP/1.1 200 OK"},
			{request: "GET /secret.txt HTTP/1.1\r\n\r\n", status: "HTTP/1.1 404 File not found"},
			{request: "GET /cgi-bin/hello.sh HTTP/1.1\r\n\r\n", status: "HTTP/1.1 200 Script output follows",
				headerLine: "Content-Type: text/plain"},
		}
	}},
}

func TestLiveServerModes(t *testing.T) {
	interpreters := installedInterpreters(t)
	root := newDocRoot(t)
	for _, i := range interpreters {
		t.Run(fmt.Sprintf("%s-%s", i.Version, i.Source), func(t *testing.T) {
			t.Parallel()
			for _, lm := range liveModes {
				t.Run(lm.name, func(t *testing.T) {
					if lm.mode.DropTo != nil && os.Geteuid() != 0 {
						t.Skip("dropping privileges needs root")
					}
					checkLiveMode(t, i, lm, root)
				})
			}
		})
	}
}

// TestFindLocatesEveryMinorFindAllSees cross-checks the two searches on this machine.
func TestFindLocatesEveryMinorFindAllSees(t *testing.T) {
	for _, want := range installedInterpreters(t) {
		got, err := Find(context.Background(), want.Version.MinorString())
		if err != nil {
			t.Errorf("Find(%q): %v", want.Version.MinorString(), err)
		} else if !sameMinor(got.Version, want.Version) {
			t.Errorf("Find(%q) = %s", want.Version.MinorString(), got)
		}
	}
}

func checkLiveMode(t *testing.T, i Interpreter, lm liveMode, root string) {
	s := startServer(t, i, lm.mode, root)
	if lm.mode.DropTo != nil {
		checkDropped(t, s.cmd.Process.Pid, *lm.mode.DropTo)
	}
	server := "Server: SimpleHTTP/0.6 Python/" + i.Version.String()
	for _, r := range lm.requests(i) {
		head, err := s.exchange(r.request)
		switch {
		case err != nil:
			t.Errorf("%q: %v (got %q)", r.request, err, head)
		case r.status == "" && head != "":
			t.Errorf("%q: got %q, want no response", r.request, head)
		case r.status == "":
		case strings.Split(head, "\r\n")[0] != r.status || !hasLine(head, server):
			t.Errorf("%q: got\n%s\nwant status %q and %q", r.request, head, r.status, server)
		case r.headerLine != "" && !hasLine(head, r.headerLine):
			t.Errorf("%q: got\n%s\nwant a line %q", r.request, head, r.headerLine)
		}
	}
	if err := s.stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	banner := fmt.Sprintf("Serving HTTP on 127.0.0.1 port %d (http://127.0.0.1:%d/) ...\n", s.port, s.port)
	if want := banner + "\nKeyboard interrupt received, exiting.\n"; s.stdout.String() != want {
		t.Errorf("stdout %q, want %q", s.stdout.String(), want)
	}
	checkStderr(t, i, lm, s.stderr.String())
}

func hasLine(head, line string) bool {
	for _, l := range strings.Split(head, "\r\n") {
		if strings.HasPrefix(l, line) {
			return true
		}
	}
	return false
}

// checkDropped reads the server's identity from the kernel: every uid and gid is the credential's,
// and no supplementary group is left.
func checkDropped(t *testing.T, pid int, c Credential) {
	t.Helper()
	ids, err := processIDs(pid)
	if err != nil {
		t.Fatal(err)
	}
	uid, gid := strings.Repeat(fmt.Sprint(c.UID)+" ", 4), strings.Repeat(fmt.Sprint(c.GID)+" ", 4)
	want := map[string]string{"Uid": strings.TrimSpace(uid), "Gid": strings.TrimSpace(gid), "Groups": ""}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("/proc/%d/status: %v, want %v", pid, ids, want)
	}
}

var (
	frameLine = regexp.MustCompile(`^  File "([^"]+\.py)", line \d+, in `)
	v3_12     = catalog.Version{Major: 3, Minor: 12}
)

// checkStderr looks for what would betray a server that is not quite `python -m http.server`: the
// launcher complaining, an import that failed after the privileges went, a traceback frame without
// its source line, a DeprecationWarning no longer attributed to __main__.
func checkStderr(t *testing.T, i Interpreter, lm liveMode, stderr string) {
	t.Helper()
	for _, bad := range []string{"httpspec launcher", "ImportError", "ModuleNotFoundError", "PermissionError"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr has %q:\n%s", bad, stderr)
		}
	}
	lines := strings.Split(stderr, "\n")
	for k, l := range lines {
		if frameLine.MatchString(l) && (k+1 >= len(lines) || !strings.HasPrefix(lines[k+1], "    ")) {
			t.Errorf("traceback frame without its source line: %q\n%s", l, stderr)
		}
	}
	crashes := lm.name == "dropped"
	if got := strings.Contains(stderr, "Traceback (most recent call last):"); got != crashes {
		t.Errorf("traceback on stderr: %v, want %v:\n%s", got, crashes, stderr)
	}
	if crashes && !strings.Contains(stderr, "ValueError: embedded null byte") {
		t.Errorf("stderr lacks the crash's ValueError:\n%s", stderr)
	}
	if lm.mode.CGI && i.Version.Compare(v3_12) >= 0 {
		const fork = "DeprecationWarning: This process (pid="
		if !strings.Contains(stderr, "/http/server.py:") || !strings.Contains(stderr, fork) ||
			!strings.Contains(stderr, "\n  pid = os.fork()\n") {
			t.Errorf("stderr lacks 3.12+'s fork warning with its source line:\n%s", stderr)
		}
	}
}
