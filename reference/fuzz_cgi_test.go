package reference

import (
	"strings"
	"testing"

	"github.com/httpspec/httpspec/reference/pylib"
)

// cgiVariables are every name run_cgi assigns (research §5.4); a request can set no other.
var cgiVariables = map[string]bool{
	"SERVER_SOFTWARE": true, "SERVER_NAME": true, "GATEWAY_INTERFACE": true, "SERVER_PROTOCOL": true,
	"SERVER_PORT": true, "REQUEST_METHOD": true, "PATH_INFO": true, "PATH_TRANSLATED": true,
	"SCRIPT_NAME": true, "QUERY_STRING": true, "REMOTE_ADDR": true, "AUTH_TYPE": true,
	"REMOTE_USER": true, "CONTENT_TYPE": true, "CONTENT_LENGTH": true, "HTTP_REFERER": true,
	"HTTP_ACCEPT": true, "HTTP_USER_AGENT": true, "HTTP_COOKIE": true, "REMOTE_HOST": true,
}

// fuzzServerEnv is the server's own environment in the CGI fuzz target: odd entries included, and a
// proxy variable that must reach scripts unchanged whatever the request says.
var fuzzServerEnv = []string{"PATH=/usr/bin:/bin", "HTTP_PROXY=http://inherited:3128", "NO_EQUALS",
	"DUP=first", "DUP=second", "=empty-name", "CONTENT_LENGTH=from-server"}

// FuzzCGIEnviron builds a script's environment (run_cgi's env, cgiEnviron) from a fuzzed method,
// path, query and header block. Whatever the request: only run_cgi's names are added to the server's
// environment, which keeps its order and its values for names run_cgi does not assign (no request
// header becomes HTTP_PROXY or any other variable); names are unique; and either an assignment
// raised (ValueError for a NUL, UnicodeEncodeError for a surrogate) or every value is NUL-free and the
// request's fields arrive as they were sent.
func FuzzCGIEnviron(f *testing.F) {
	f.Add("GET", "/env.py/extra%2Fpath", "a=1&b=2", "Accept: text/html\r\nAccept: */*\r\nCookie: a=1\r\nCookie: \r\nCookie: b=2\r\n\r\n")
	f.Add("POST", "/env.py", "x+y", "Content-Type: text/plain\r\nContent-Length: 3\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n")
	f.Add("GET", "/env.py", "", "Proxy: http://evil:1\r\nHTTP_PROXY: evil\r\nX-Forwarded-For: 1.2.3.4\r\nUser-Agent: ua\r\nReferer: r\r\n\r\n")
	f.Add("G\x00T", "/%00", "q\x00", "Authorization: basic Og==\r\nContent-Type: a\x00b\r\n\r\n")
	f.Add("GET", "/\xed\xa0\x80", "\xed\xb2\x80", "Accept: \xff\r\n\r\n")
	fs := newFuzzServer(f, Config{Directory: "/srv/cgi root"})
	f.Fuzz(func(t *testing.T, method, pathInfo, query, block string) {
		h := newFuzzConn(fs, []byte(block))
		lines, tooLarge, _ := h.c.readHeaderLines()
		if tooLarge != nil {
			return
		}
		r := cgiRequest{
			serverSoftware: "SimpleHTTP/0.6 httpspec/" + Version, serverName: "localhost",
			protocol: "HTTP/1.0", serverPort: 8000, method: method, pathInfo: pathInfo,
			pathTranslated: h.c.translatePath(pathInfo), scriptName: "/cgi-bin/env.py",
			query: query, remoteAddr: "127.0.0.1", headers: parseHeaderBlock(lines),
		}
		env := cgiEnviron(fuzzServerEnv, r, nil)
		checkEnvironNames(t, env)
		if env.err != nil {
			if env.err.kind != "ValueError" && env.err.kind != "UnicodeEncodeError" {
				t.Fatalf("assignment raised %v", env.err)
			}
			return
		}
		checkEnvironValues(t, env, r)
	})
}

func checkEnvironNames(t *testing.T, env *environ) {
	t.Helper()
	base := newEnviron(fuzzServerEnv)
	if len(env.names) != len(env.values) {
		t.Fatalf("%d names for %d values", len(env.names), len(env.values))
	}
	for i, name := range env.names {
		if i < len(base.names) {
			if name != base.names[i] {
				t.Fatalf("the server's variable %d is %q, want %q: its order changed", i, name, base.names[i])
			}
			continue
		}
		if !cgiVariables[name] {
			t.Fatalf("the request added the variable %q", name)
		}
	}
	for _, name := range base.names {
		if !cgiVariables[name] && env.values[name] != base.values[name] {
			t.Fatalf("%s=%q, the server's value was %q", name, env.values[name], base.values[name])
		}
	}
}

func checkEnvironValues(t *testing.T, env *environ, r cgiRequest) {
	t.Helper()
	for _, kv := range env.list() {
		if strings.IndexByte(kv, 0) >= 0 {
			t.Fatalf("the NUL in %q would be cut by execve", kv)
		}
	}
	for name, sent := range map[string]string{"REQUEST_METHOD": r.method, "PATH_INFO": r.pathInfo, "QUERY_STRING": r.query} {
		want, err := pylib.FSEncode(sent)
		if got, _ := env.get(name); err != nil || got != string(want) {
			t.Fatalf("%s=%q, sent %q (%v)", name, got, sent, err)
		}
	}
	if got, _ := env.get("PATH_TRANSLATED"); got != r.pathTranslated.name {
		t.Fatalf("PATH_TRANSLATED=%q, translate_path gave %q", got, r.pathTranslated.name)
	}
	accept, _ := pylib.FSEncode(strings.Join(r.headers.getAll("Accept"), ","))
	if got, _ := env.get("HTTP_ACCEPT"); got != string(accept) {
		t.Fatalf("HTTP_ACCEPT=%q, the Accept headers join to %q", got, accept)
	}
}
