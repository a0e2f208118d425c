package reference

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite/wire"
)

// cgiFixture is a reference --cgi server on the materialised fixture tree, its log captured.
type cgiFixture struct {
	addr   string
	layout *fixtures.Layout
	log    *syncBuffer
}

func startCGIFixture(t *testing.T, cfg Config) *cgiFixture {
	t.Helper()
	return serveCGIFixture(t, materializeCGIFixture(t), cfg)
}

func materializeCGIFixture(t *testing.T) *fixtures.Layout {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("the fixture's CGI scripts are POSIX shell scripts and there is no /bin/sh")
	}
	layout, err := fixtures.Materialize(filepath.Join(reachableDir(t), "base"), fixtures.Options{LargeFileSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	return layout
}

// serveCGIFixture starts a server on a tree already materialised; servers only read it.
func serveCGIFixture(t *testing.T, layout *fixtures.Layout, cfg Config) *cgiFixture {
	t.Helper()
	log := &syncBuffer{}
	cfg.Directory, cfg.CGI, cfg.Log = layout.DocRoot, true, log
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &cgiFixture{addr: ln.Addr().String(), layout: layout, log: log}
}

var (
	dateValue   = regexp.MustCompile(`\r\nDate: [^\r]*\r\n`)
	serverValue = regexp.MustCompile(`\r\nServer: [^\r]*\r\n`)
	logStamp    = regexp.MustCompile(`\[\d\d/\w\w\w/\d{4} \d\d:\d\d:\d\d\]`)
	clientPort  = regexp.MustCompile(`\('127\.0\.0\.1', \d+\)`)
)

// do sends a request and returns the normalised bytes received and how the connection ended. A
// request with quiet set is read until the server stays silent that long.
func (f *cgiFixture) do(t *testing.T, request string, opts wire.Options) (string, wire.PeerState) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	res, err := wire.Exchange(ctx, f.addr, []byte(request), opts)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	got := dateValue.ReplaceAllString(string(res.Received()), "\r\nDate: <DATE>\r\n")
	got = serverValue.ReplaceAllString(got, "\r\nServer: <SERVER>\r\n")
	return got, res.End
}

// logText is the log so far with timestamps and client ports normalised.
func (f *cgiFixture) logText() string {
	s := logStamp.ReplaceAllString(f.log.String(), "[<TIME>]")
	return clientPort.ReplaceAllString(s, "('127.0.0.1', <PORT>)")
}

const scriptHead = "HTTP/1.0 200 Script output follows\r\nServer: <SERVER>\r\nDate: <DATE>\r\n"

// TestCGIResponses checks exact replies of research §5 (CPython 3.13.0), on the fixture's scripts.
func TestCGIResponses(t *testing.T) {
	f := startCGIFixture(t, Config{})
	cases := []struct {
		name, request, want string
		end                 wire.PeerState
		opts                wire.Options
	}{
		{"Appendix A", "GET /cgi-bin/exec.sh?x HTTP/1.0\r\n\r\n",
			scriptHead + "Content-Type: text/plain\r\n\r\nshell ok x\n", wire.Closed, wire.Options{}},
		{"no headers from the script", "GET /cgi-bin/noheaders.sh HTTP/1.0\r\n\r\n",
			scriptHead + "no headers at all\n", wire.Closed, wire.Options{}},
		{"Status is not parsed", "GET /cgi-bin/status.sh HTTP/1.0\r\n\r\n",
			scriptHead + "Status: 302 Found\r\nLocation: /a.txt\r\n\r\n", wire.Closed, wire.Options{}},
		{"exec failure: no blank line", "GET /cgi-bin/plain.txt HTTP/1.0\r\n\r\n", scriptHead, wire.Closed, wire.Options{}},
		{"HEAD runs the script", "HEAD /cgi-bin/exec.sh HTTP/1.0\r\n\r\n",
			scriptHead + "Content-Type: text/plain\r\n\r\nshell ok \n", wire.Closed, wire.Options{}},
		{"%3F and further ?", "GET /cgi-bin/exec.sh%3Fa=b?c=d HTTP/1.0\r\n\r\n",
			scriptHead + "Content-Type: text/plain\r\n\r\nshell ok a=b?c=d\n", wire.Closed, wire.Options{}},
		{"the body is the script's stdin", "POST /cgi-bin/readbody.sh HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloEXTRA",
			scriptHead + "Content-Type: text/plain\r\n\r\nhello", wire.Closed, wire.Options{}},
		{"cat reads to the half-close", "POST /cgi-bin/cat.sh HTTP/1.0\r\n\r\nhelloEXTRA",
			scriptHead + "Content-Type: text/plain\r\n\r\nhelloEXTRA", wire.Closed, wire.Options{HalfClose: true}},
	}
	for _, c := range cases {
		got, end := f.do(t, c.request, c.opts)
		if got != c.want || end != c.end {
			t.Errorf("%s: %q\n got %q, %v\nwant %q, %v", c.name, c.request, got, end, c.want, c.end)
		}
	}
}

// TestCGIRefusals checks the 404, 403 and 501 replies and the crashes of research §5.1, §5.2, §5.5: the
// status line carries the repr of the decoded script name, Latin-1 encoded.
func TestCGIRefusals(t *testing.T) {
	f := startCGIFixture(t, Config{})
	cases := []struct{ request, statusLine string }{
		{"GET /cgi-bin/nothere.sh HTTP/1.0\r\n\r\n", "HTTP/1.0 404 No such CGI script ('/cgi-bin/nothere.sh')\r\n"},
		{"GET /cgi-bin/ HTTP/1.0\r\n\r\n", "HTTP/1.0 403 CGI script is not a plain file ('/cgi-bin/')\r\n"},
		{"GET /cgi-bin/adir HTTP/1.0\r\n\r\n", "HTTP/1.0 403 CGI script is not a plain file ('/cgi-bin/adir')\r\n"},
		{"GET /cgi-bin/noexec.py HTTP/1.0\r\n\r\n", "HTTP/1.0 403 CGI script is not executable ('/cgi-bin/noexec.py')\r\n"},
		{"GET /cgi-bin/%1b.py HTTP/1.0\r\n\r\n", "HTTP/1.0 404 No such CGI script ('/cgi-bin/\\x1b.py')\r\n"},
		{"GET /cgi-bin/\xfc.py HTTP/1.0\r\n\r\n", "HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')\r\n"},
		{"POST /cgi-bin/../a.txt HTTP/1.0\r\n\r\n", "HTTP/1.0 501 Can only POST to CGI scripts\r\n"},
		{"GET /cgi-bin/%E2%82%AC.py HTTP/1.0\r\n\r\n", ""}, // UnicodeEncodeError
		{"GET /cgi-bin/../../x HTTP/1.0\r\n\r\n", ""},      // IndexError
	}
	for _, c := range cases {
		got, end := f.do(t, c.request, wire.Options{})
		if !strings.HasPrefix(got, c.statusLine) || (c.statusLine == "" && got != "") || end != wire.Closed {
			t.Errorf("%q: got %q, %v; want the status line %q, closed", c.request, got, end, c.statusLine)
		}
	}
	for _, want := range []string{
		"UnicodeEncodeError: 'latin-1' codec can't encode character '\\u20ac' in position 43: ordinal not in range(256)\n",
		"IndexError: pop from empty list\n",
	} {
		if !strings.Contains(f.log.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, f.log)
		}
	}
}

// TestCGILog: a failing script's exit code and an exec failure's banner and code 127 (3.9+ wording).
func TestCGILog(t *testing.T) {
	f := startCGIFixture(t, Config{})
	f.do(t, "GET /cgi-bin/exit3.sh HTTP/1.0\r\n\r\n", wire.Options{})
	f.do(t, "GET /cgi-bin/plain.txt HTTP/1.0\r\n\r\n", wire.Options{})
	f.do(t, "GET /cgi-bin/stderr.sh HTTP/1.0\r\n\r\n", wire.Options{})
	want := `127.0.0.1 - - [<TIME>] "GET /cgi-bin/exit3.sh HTTP/1.0" 200 -
127.0.0.1 - - [<TIME>] CGI script exit code 3
127.0.0.1 - - [<TIME>] "GET /cgi-bin/plain.txt HTTP/1.0" 200 -
----------------------------------------
Exception occurred during processing of request from ('127.0.0.1', <PORT>)
Traceback (most recent call last):
  (httpspec reference server: no Python frames)
OSError: [Errno 8] Exec format error: '` + f.layout.Path("cgi-bin/plain.txt") + `'
----------------------------------------
127.0.0.1 - - [<TIME>] CGI script exit code 127
127.0.0.1 - - [<TIME>] "GET /cgi-bin/stderr.sh HTTP/1.0" 200 -
httpspec cgi stderr line
`
	if got := f.logText(); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
}

// TestCGIRunsAsNobody: a root server runs scripts with nobody's uid and its own gid (no setgid).
func TestCGIRunsAsNobody(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only a root server changes the uid of its scripts")
	}
	uid, err := nobodyUID()
	if err != nil {
		t.Fatal(err)
	}
	f := startCGIFixture(t, Config{})
	got, _ := f.do(t, "GET /cgi-bin/id.sh HTTP/1.0\r\n\r\n", wire.Options{})
	want := scriptHead + "Content-Type: text/plain\r\n\r\nuid=" + strconv.Itoa(int(uid)) + "\ngid=" + strconv.Itoa(os.Getgid()) + "\n"
	if got != want {
		t.Errorf("id.sh: %q, want %q", got, want)
	}
}

// TestCGIPythonInterpreter: with Config.CGIPython, .py scripts run through it and need no executable
// bit (CPython's path where there is no fork). /bin/sh stands in for the interpreter: `sh -u script`.
func TestCGIPythonInterpreter(t *testing.T) {
	f := startCGIFixture(t, Config{CGIPython: "/bin/sh"})
	got, _ := f.do(t, "GET /cgi-bin/noexec.py HTTP/1.0\r\n\r\n", wire.Options{})
	if want := scriptHead + "never run\n"; got != want {
		t.Errorf("noexec.py through the interpreter: %q, want %q", got, want)
	}
}

// TestCGIPipelinedInputIsDiscarded: an HTTP/1.1 connection stays open after the script's output, which
// nothing delimits; and what the client sent after a CGI request is thrown away once the
// script is done, so a pipelined second request on an HTTP/1.1 connection gets no answer.
func TestCGIPipelinedInputIsDiscarded(t *testing.T) {
	f := startCGIFixture(t, Config{Protocol: "HTTP/1.1"})
	req := "GET /cgi-bin/exec.sh HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n"
	got, end := f.do(t, req, wire.Options{Timeout: time.Second, Quiet: 300 * time.Millisecond})
	want := strings.Replace(scriptHead, "HTTP/1.0", "HTTP/1.1", 1) + "Content-Type: text/plain\r\n\r\nshell ok \n"
	if got != want || end != wire.Open {
		t.Errorf("pipelined after CGI: %q, %v; want %q, open", got, end, want)
	}
}

// TestCGIFaultsChangeReplies: each CGI fault changes what one request gets, reply or log, so a suite
// that passes against a server with the fault on has missed the behavior it names.
func TestCGIFaultsChangeReplies(t *testing.T) {
	cases := map[Fault]struct {
		request string
		cfg     Config
	}{
		faultCGIDotDotNoCrash:        {request: "GET /cgi-bin/../../x HTTP/1.0\r\n\r\n"},
		faultCGIPostAnywhere:         {request: "POST /a.txt HTTP/1.0\r\n\r\n"},
		faultCGIHeadNoRun:            {request: "HEAD /cgi-bin/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGIQueryFromPath:        {request: "GET /cgi-bin/exec.sh%3Fx=1 HTTP/1.0\r\n\r\n"},
		faultCGIExecBitIgnored:       {request: "GET /cgi-bin/noexec.py HTTP/1.0\r\n\r\n"},
		faultCGINoSubdirWalk:         {request: "GET /cgi-bin/sub/env.py HTTP/1.0\r\n\r\n"},
		faultCGIPathInfoSingleDecode: {request: "GET /cgi-bin/env.py/%2541 HTTP/1.0\r\n\r\n"},
		faultCGIAcceptNotJoined:      {request: "GET /cgi-bin/env.py HTTP/1.0\r\nAccept: a\r\nAccept: b\r\n\r\n"},
		faultCGICookieNotJoined:      {request: "GET /cgi-bin/env.py HTTP/1.0\r\nCookie: a\r\nCookie: b\r\n\r\n"},
		faultCGIContentTypeEmpty:     {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIRemoteUserLenient:    {request: "GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic Zm9vOmJhcjpiYXo=\r\n\r\n"},
		faultCGIAllHeaders:           {request: "GET /cgi-bin/env.py HTTP/1.0\r\nX-Test: 1\r\n\r\n"},
		faultCGIRequestProtocol:      {request: "GET /cgi-bin/env.py HTTP/1.1\r\n\r\n"},
		faultCGIEndHeaders:           {request: "GET /cgi-bin/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGIExitStatusHex:        {request: "GET /cgi-bin/exit3.sh HTTP/1.0\r\n\r\n"},
		faultCGIQueryAlwaysArg:       {request: "GET /cgi-bin/env.py?a=b HTTP/1.0\r\n\r\n"},
		faultCGINoNobody:             {request: "GET /cgi-bin/id.sh HTTP/1.0\r\n\r\n"},
		faultCGISetuidRoot:           {request: "GET /cgi-bin/id.sh HTTP/1.0\r\n\r\n"},
		faultCGIAbsentUnset:          {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIAuthTypeAny:          {request: "GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Bearer\r\n\r\n"},
		faultCGIByExtension:          {request: "GET /mime/x.py HTTP/1.0\r\n\r\n"},
		faultCGICleanEnv:             {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIDirListed:            {request: "GET /cgi-bin/ HTTP/1.0\r\n\r\n"},
		faultCGILooseMatch:           {request: "GET /CGI-BIN/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGIGateway10:            {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGILogExitZero:          {request: "GET /cgi-bin/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGIRawPath:              {request: "GET /cgi-bin%2fexec.sh HTTP/1.0\r\n\r\n"},
		faultCGIPathInfoRaw:          {request: "GET /cgi-bin/env.py/sp%20ace HTTP/1.0\r\n\r\n"},
		faultCGIServerNameIP:         {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIClientPort:           {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGISoftwareShort:        {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIStripFragment:        {request: "GET /cgi-bin/env.py#frag HTTP/1.0\r\n\r\n"},
		faultCGIExec500:              {request: "GET /cgi-bin/plain.txt HTTP/1.0\r\n\r\n"},
		faultCGIMessageStr:           {request: "GET /cgi-bin/%1b.py HTTP/1.0\r\n\r\n"},
		faultCGICloseAfter:           {request: "GET /cgi-bin/exec.sh HTTP/1.1\r\n\r\n", cfg: Config{Protocol: "HTTP/1.1"}},
		faultCGIKeepOpen:             {request: "GET /cgi-bin/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGINoDiscard:            {request: "GET /cgi-bin/exec.sh HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n", cfg: Config{Protocol: "HTTP/1.1"}},
		faultCGINoHtbin:              {request: "GET /htbin/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGIScriptBase:           {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIViaPython:            {request: "GET /cgi-bin/noexec.py HTTP/1.0\r\n\r\n"},
		faultCGIHeadFilesBody:        {request: "HEAD /a.txt HTTP/1.0\r\n\r\n"},
		faultCGIStderrDropped:        {request: "GET /cgi-bin/stderr.sh HTTP/1.0\r\n\r\n"},
		faultCGIGetServesSource:      {request: "GET /cgi-bin/exec.sh HTTP/1.0\r\n\r\n"},
		faultCGIPost501:              {request: "POST /cgi-bin/readbody.sh HTTP/1.0\r\nContent-Length: 0\r\n\r\n"},
		faultCGINotFile404:           {request: "GET /cgi-bin/adir HTTP/1.0\r\n\r\n"},
		faultCGIChdir:                {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
		faultCGIStdinLength:          {request: "POST /cgi-bin/cat.sh HTTP/1.0\r\nContent-Length: 2\r\n\r\nokEXTRA"},
		faultCGIQueryDecoded:         {request: "GET /cgi-bin/env.py?a%20b HTTP/1.0\r\n\r\n"},
		faultCGIMethodGET:            {request: "POST /cgi-bin/env.py HTTP/1.0\r\nContent-Length: 0\r\n\r\n"},
		faultCGIRemotePort:           {request: "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"},
	}
	for name := range faultCatalog {
		if _, ok := cases[name]; strings.HasPrefix(string(name), "cgi-") && !ok {
			t.Errorf("fault %s has no case here", name)
		}
	}
	layout := materializeCGIFixture(t)
	for fault, c := range cases {
		if fault == faultCGINoNobody && os.Geteuid() != 0 {
			continue // only a root server switches users
		}
		t.Run(string(fault), func(t *testing.T) {
			t.Parallel()
			broken := c.cfg
			broken.Faults = Faults{fault: true}
			good, bad := serveCGIFixture(t, layout, c.cfg), serveCGIFixture(t, layout, broken)
			goodReply, goodEnd := good.do(t, c.request, wire.Options{Timeout: time.Second})
			badReply, badEnd := bad.do(t, c.request, wire.Options{Timeout: time.Second})
			goodReply = strings.ReplaceAll(goodReply, "SERVER_PORT="+portOf(good.addr)+"\n", "SERVER_PORT=<PORT>\n")
			badReply = strings.ReplaceAll(badReply, "SERVER_PORT="+portOf(bad.addr)+"\n", "SERVER_PORT=<PORT>\n")
			if goodReply == badReply && goodEnd == badEnd && good.logText() == bad.logText() {
				t.Errorf("%q gets the same reply and log with the fault on:\n%s\n%s", c.request, goodReply, good.logText())
			}
		})
	}
}

// portOf is the port of a host:port address.
func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// TestCGIConnectionServesNextRequest: once the script is done, the server's side of the connection is
// as before (the child had it in blocking mode), so the next request on an HTTP/1.1 connection is
// read and answered.
func TestCGIConnectionServesNextRequest(t *testing.T) {
	f := startCGIFixture(t, Config{Protocol: "HTTP/1.1"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := wire.Dial(ctx, f.addr, wire.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, want := range []string{"\r\n\r\nshell ok one\n", "\r\n\r\nshell ok two\n"} {
		query := []string{"one", "two"}[i]
		if err := c.Send([]byte("GET /cgi-bin/exec.sh?" + query + " HTTP/1.1\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		got, err := c.ReadQuiet(300 * time.Millisecond)
		if err != nil || !strings.HasSuffix(string(got.Bytes), want) || got.End != wire.Open {
			t.Fatalf("request %d on the connection: %q, %v, %v", i+1, got.Bytes, got.End, err)
		}
	}
	if err := c.Send([]byte("GET /a.txt HTTP/1.1\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	r, err := c.ReadResponse("GET")
	if err != nil || r.Code != 200 || string(r.Body) != "hello\n" {
		t.Fatalf("a file after two scripts on one connection: %+v, %v", r, err)
	}
}
