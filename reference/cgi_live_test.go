package reference

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/reference/pylib"
)

// The tests here run CPython's own code on the inputs of the unit tests and compare with the
// reference's functions, so that the tables generated from CPython cannot go stale unnoticed. They
// skip when no CPython 3.13 runs.

// cgiLiveProgram answers, for the inputs it reads as JSON on stdin: _url_collapse_path, is_cgi for each
// cgi_directories, base64.decodebytes, and what run_cgi hands execve. run_cgi runs for real up to the
// fork, which is faked: the child's execve is caught with its arguments and environment (os._Environ's
// encoded bytes, in order), and an exception run_cgi raises before is reported as a crash.
const cgiLiveProgram = `
import base64, binascii, copy, io, json, os, sys, warnings
warnings.simplefilter('ignore')
import http.client, http.server as hs

req = json.load(sys.stdin)
out = {}

def collapse(p):
    try:
        return [hs._url_collapse_path(p), True]
    except IndexError:
        return ['', False]
out['collapse'] = [collapse(p) for p in req['collapse']]

def is_cgi(dirs, p):
    h = hs.CGIHTTPRequestHandler.__new__(hs.CGIHTTPRequestHandler)
    h.cgi_directories, h.path = dirs, p
    try:
        return [h.is_cgi(), list(getattr(h, 'cgi_info', ('', ''))), False]
    except IndexError:
        return [False, ['', ''], True]
out['is_cgi'] = [is_cgi(d, p) for d, p in req['is_cgi']]

def b64(s):
    try:
        return [base64.decodebytes(s.encode('ascii')).hex(), True]
    except binascii.Error:
        return ['', False]
out['base64'] = [b64(s) for s in req['base64']]

os.environ.clear()
for k, v in req['environ']:
    os.environ[k] = v

class Exec(BaseException):
    pass
class Exit(BaseException):
    pass
class Server:
    server_name, server_port = req['server_name'], req['server_port']
    def handle_error(self, request, address):
        pass
class Sock(io.BytesIO):
    def fileno(self):
        return 0
captured = {}
def execve(path, args, env):
    captured.update(path=os.fsencode(path).hex(), args=[os.fsencode(a).hex() for a in args],
                    env=[[k.hex(), v.hex()] for k, v in env._data.items()])
    raise Exec()
def _exit(code):
    raise Exit()
os.fork, os.setuid, os.dup2, os.execve, os._exit = (lambda: 0), (lambda u: None), (lambda a, b: None), execve, _exit

def run_cgi(r):
    h = hs.CGIHTTPRequestHandler.__new__(hs.CGIHTTPRequestHandler)
    h.directory, h.server, h.client_address, h.request = req['directory'], Server(), ('127.0.0.1', 5555), None
    h.command, h.path, h.request_version, h.requestline = r['command'], r['path'], r['version'], ''
    h.protocol_version = req['protocol']
    h.headers = http.client.parse_headers(io.BytesIO(r['headers'].encode('latin-1')))
    h.rfile, h.wfile, h._headers_buffer = Sock(), Sock(), []
    h.log_message = lambda *a: None
    captured.clear()
    try:
        if not h.is_cgi():
            return {'error': 'not CGI'}
        h.run_cgi()
    except Exit:
        return dict(captured)
    except Exception as e:
        return {'crash': '%s: %s' % (type(e).__name__, e)}
    return {'error': 'refused: %r' % h.wfile.getvalue()[:80]}
out['run_cgi'] = [run_cgi(r) for r in req['requests']]
json.dump(out, sys.stdout)
`

// liveRequest is one request for the run_cgi harness: the request line's parts and the header block.
type liveRequest struct {
	Command string `json:"command"`
	Path    string `json:"path"`
	Version string `json:"version"`
	Headers string `json:"headers"`
}

type liveExec struct {
	Path  string     `json:"path"`
	Args  []string   `json:"args"`
	Env   [][]string `json:"env"`
	Crash string     `json:"crash"`
	Error string     `json:"error"`
}

type liveAnswers struct {
	Collapse [][]any    `json:"collapse"`
	IsCGI    [][]any    `json:"is_cgi"`
	Base64   [][]any    `json:"base64"`
	RunCGI   []liveExec `json:"run_cgi"`
}

// askCPython runs cgiLiveProgram on a CPython 3.13 with the given inputs.
func askCPython(t *testing.T, input map[string]any) liveAnswers {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	interp, err := cpython.Find(ctx, "3.13")
	if err != nil {
		t.Skipf("cross-checking with CPython 3.13: %v", err)
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, interp.Path, "-c", cgiLiveProgram)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", interp, err, stderr.String())
	}
	var answers liveAnswers
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatalf("%s answered %q: %v", interp, out, err)
	}
	return answers
}

// TestCGITablesMatchCPython runs the unit tests' inputs through CPython's own functions.
func TestCGITablesMatchCPython(t *testing.T) {
	var collapse, b64 []string
	var isCGI [][]any
	for _, c := range collapseCases {
		collapse = append(collapse, c.path)
	}
	for _, c := range isCGICases {
		isCGI = append(isCGI, []any{strings.Fields(c.dirs), c.path})
	}
	for _, c := range base64Cases {
		b64 = append(b64, c.in)
	}
	answers := askCPython(t, map[string]any{"collapse": collapse, "is_cgi": isCGI, "base64": b64,
		"environ": [][]string{}, "requests": []liveRequest{}, "directory": "/", "protocol": "HTTP/1.0",
		"server_name": "localhost", "server_port": 8000})
	for i, c := range collapseCases {
		got, ok := urlCollapsePath(c.path)
		if want := answers.Collapse[i]; got != want[0] || ok != want[1] {
			t.Errorf("_url_collapse_path(%q): reference %q %v, CPython %q %v", c.path, got, ok, want[0], want[1])
		}
	}
	for i, c := range isCGICases {
		info, cgi, crash := isCGIFor(strings.Fields(c.dirs), c.path, nil)
		want := answers.IsCGI[i]
		wantInfo := want[1].([]any)
		if cgi != want[0] || crash != want[2] || (cgi && (info.dir != wantInfo[0] || info.rest != wantInfo[1])) {
			t.Errorf("is_cgi(%q) with %s: reference %v %+v crash %v, CPython %v", c.path, c.dirs, cgi, info, crash, want)
		}
	}
	for i, c := range base64Cases {
		got, err := decodeBase64(c.in)
		if want := answers.Base64[i]; hex.EncodeToString(got) != want[0] || (err == nil) != want[1] {
			t.Errorf("decodebytes(%q): reference %x %v, CPython %v", c.in, got, err, want)
		}
	}
}

// TestCGIEnvironMatchesCPython runs run_cgi itself, up to execve, on requests that exercise every
// environment rule, and compares the script path, argv and the whole environment, byte for byte and
// in order, with what the reference would execute.
func TestCGIEnvironMatchesCPython(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"cgi-bin/s.sh", "cgi-bin/sub dir/s.sh"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	base := []string{"PATH=/usr/bin:/bin", "HTTP_COOKIE=from-server", "REMOTE_USER=server-user",
		"QUERY_STRING=server-query", "LANG=C.UTF-8", "CONTENT_TYPE=server-type"}
	var environ [][]string
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		environ = append(environ, []string{k, v})
	}
	requests := liveEnvRequests()
	answers := askCPython(t, map[string]any{"collapse": []string{}, "is_cgi": [][]any{}, "base64": []string{},
		"environ": environ, "requests": requests, "directory": dir, "protocol": "HTTP/1.0",
		"server_name": "localhost", "server_port": 8000})
	srv := &Server{cfg: Config{CGI: true, ServerVersion: "SimpleHTTP/0.6 Python/3.13.0"}.withDefaults(),
		directory: dir, serverName: "localhost", serverPort: 8000}
	for i, r := range requests {
		got := referenceExec(srv, r, base)
		if want := answers.RunCGI[i]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s %q %q:\nreference %s\nCPython   %s", r.Command, r.Path, r.Headers, describeExec(got), describeExec(want))
		}
	}
}

// liveEnvRequests cover §5.4 with every Authorization value of authCases.
func liveEnvRequests() []liveRequest {
	get := func(path, headers string) liveRequest {
		return liveRequest{Command: "GET", Path: path, Version: "HTTP/1.0", Headers: headers + "\r\n"}
	}
	reqs := []liveRequest{
		get("/cgi-bin/s.sh", ""),
		get("/cgi-bin/s.sh?hello+world%21", ""),
		get("/cgi-bin/s.sh?a=b?c=d", ""),
		get("/cgi-bin/s.sh%3Fx=1?y", ""),
		get("/cgi-bin/s.sh/%2541%252F/x/%2520?q", ""),
		get("/cgi-bin/sub%20dir/s.sh/p?%E2%82%AC+\u00e9", ""),
		get("/cgi-bin/s.sh#frag", ""),
		get("/cgi-bin/s.sh", "Accept: a\r\nAccept: b, c\r\nCookie: x=1\r\nCookie:\r\nCookie: y=2\r\n"),
		get("/cgi-bin/s.sh", "Referer: /r\r\nUser-Agent: caf\u00e9\r\nHost: h\r\nProxy: p\r\nX-Test: 1\r\n"),
		get("/cgi-bin/s.sh", "Content-Type:\r\nContent-Length: abc\r\n"),
		get("/cgi-bin/s.sh", "Cookie: folded\r\n value\r\n"),
		{Command: "POST", Path: "/cgi-bin/s.sh", Version: "HTTP/1.1",
			Headers: "Content-Type: text/html; charset=x\r\nContent-Length: 3\r\n\r\n"},
		get("/cgi-bin/s.sh/%2500", ""),
		get("/cgi-bin/s.sh/%2525ED%2525A0%252580", ""),
		get("/cgi-bin/s.sh?a\x00b", ""),
	}
	for _, c := range authCases {
		reqs = append(reqs, get("/cgi-bin/s.sh", "Authorization: "+c.value+"\r\n"))
	}
	return reqs
}

// referenceExec is what the reference would execute for r, in the harness's terms.
func referenceExec(srv *Server, r liveRequest, base []string) (got liveExec) {
	raw, err := pylib.TextToLatin1(r.Headers) // the header block as it comes off the wire
	if err != nil {
		return liveExec{Error: err.Error()}
	}
	lines := strings.SplitAfter(raw, "\n")
	c := &conn{srv: srv, command: r.Command, path: r.Path, requestVersion: r.Version, clientHost: "127.0.0.1",
		headers: parseHeaderBlock(lines[:len(lines)-1])}
	defer func() {
		if e, ok := recover().(*pyException); ok {
			got = liveExec{Crash: e.Error()}
		}
	}()
	info, ok := c.isCGI()
	if !ok {
		return liveExec{Error: "not CGI"}
	}
	s := c.locateCGIScript(info)
	env := c.cgiEnvironment(s, base)
	if env.err != nil {
		return liveExec{Crash: env.err.Error()}
	}
	got.Path = hex.EncodeToString([]byte(s.file.name))
	for _, a := range c.cgiArgv(s) {
		got.Args = append(got.Args, hex.EncodeToString([]byte(a)))
	}
	for _, kv := range env.list() {
		k, v, _ := strings.Cut(kv, "=")
		got.Env = append(got.Env, []string{hex.EncodeToString([]byte(k)), hex.EncodeToString([]byte(v))})
	}
	return got
}

func describeExec(e liveExec) string {
	if e.Crash != "" || e.Error != "" {
		return e.Crash + e.Error
	}
	var b strings.Builder
	path, _ := hex.DecodeString(e.Path)
	b.WriteString(string(path) + " argv")
	for _, a := range e.Args {
		s, _ := hex.DecodeString(a)
		b.WriteString(" " + pyReprBytes(s))
	}
	for _, kv := range e.Env {
		k, _ := hex.DecodeString(kv[0])
		v, _ := hex.DecodeString(kv[1])
		b.WriteString("\n    " + string(k) + "=" + pyReprBytes(v))
	}
	return b.String()
}

func pyReprBytes(b []byte) string {
	out, _ := json.Marshal(string(b))
	return string(out)
}
