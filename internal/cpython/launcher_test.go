package cpython

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The launcher is checked against a stand-in http/server.py, put ahead of the standard library with
// PYTHONPATH, that prints what a module run by -m can see of how it was run. `-m http.server` and the
// launcher must then print the same, except for what the launcher was asked to change.

// fakeHTTPPackage shadows the http package: __init__ runs the real one and keeps the real directory on
// __path__ (the launcher's warm-up imports http.client), and server.py is the given source.
const fakeHTTPInit = `import os as _os
_real = _os.path.join(_os.path.dirname(_os.__file__), "http")
with open(_os.path.join(_real, "__init__.py")) as _f:
    exec(_f.read())
__path__.append(_real)
`

const reportingServer = `import os, sys, warnings


class BaseHTTPRequestHandler:
    protocol_version = "HTTP/1.0"


def test(HandlerClass=BaseHTTPRequestHandler, protocol="HTTP/1.0"):
    return protocol


if __name__ == '__main__':
    print(__name__, __package__, sys.argv[0] == __file__ == __spec__.origin, os.path.basename(sys.argv[0]))
    print(sys.argv[1:], BaseHTTPRequestHandler.protocol_version, test())
    print(sys.path[0] == ('' if sys.version_info < (3, 7) else os.getcwd()))
    warnings.warn("shown only when attributed to __main__ (3.7+)", DeprecationWarning)
`

// fakeHTTP writes the stand-in package into a directory an unprivileged user can read, and returns it.
func fakeHTTP(t *testing.T, serverSource string) string {
	t.Helper()
	dir := newDocRoot(t)
	writeFile(t, filepath.Join(dir, "http", "__init__.py"), fakeHTTPInit)
	writeFile(t, filepath.Join(dir, "http", "server.py"), serverSource)
	return dir
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

type runResult struct {
	stdout, stderr string
	err            error
}

// runPython runs i with args in dir, the fake package first on the path.
func runPython(i Interpreter, dir string, args ...string) runResult {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(i.Path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+dir, "PYTHONDONTWRITEBYTECODE=1")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		return runResult{err: err}
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return runResult{stdout.String(), stderr.String(), err}
	case <-time.After(startDeadline):
		_ = cmd.Process.Kill()
		return runResult{stdout.String(), stderr.String(), errors.New("timed out")}
	}
}

func launcherArgs(options ...string) []string {
	return append(append([]string{"-c", launcherSource}, options...), "--", "8000", "--bind", "127.0.0.1")
}

func TestLauncherRunsServerPyAsDashMDoes(t *testing.T) {
	interpreters := installedInterpreters(t)
	dir := fakeHTTP(t, reportingServer)
	for _, i := range interpreters {
		t.Run(fmt.Sprintf("%s-%s", i.Version, i.Source), func(t *testing.T) {
			t.Parallel()
			viaM := runPython(i, dir, "-m", "http.server", "8000", "--bind", "127.0.0.1")
			if viaM.err != nil {
				t.Fatalf("-m: %v\n%s", viaM.err, viaM.stderr)
			}
			wantStdout := "__main__ http True server.py\n['8000', '--bind', '127.0.0.1'] HTTP/1.0 HTTP/1.0\nTrue\n"
			if viaM.stdout != wantStdout {
				t.Fatalf("-m printed %q, want %q", viaM.stdout, wantStdout)
			}
			cases := []struct {
				name    string
				options []string
				stdout  string
			}{
				{"plain", nil, viaM.stdout},
				{"protocol", []string{"--protocol", "HTTP/1.1"}, strings.ReplaceAll(viaM.stdout, "HTTP/1.0", "HTTP/1.1")},
				{"odd protocol", []string{"--protocol", "X'\"\\é"}, strings.ReplaceAll(viaM.stdout, "HTTP/1.0", "X'\"\\é")},
			}
			if os.Geteuid() == 0 {
				cases = append(cases, struct {
					name    string
					options []string
					stdout  string
				}{"dropped", []string{"--protocol", "HTTP/1.1", "--drop-to", "65534:65534"},
					strings.ReplaceAll(viaM.stdout, "HTTP/1.0", "HTTP/1.1")})
			}
			for _, c := range cases {
				got := runPython(i, dir, launcherArgs(c.options...)...)
				if got.err != nil || got.stdout != c.stdout || got.stderr != viaM.stderr {
					t.Errorf("%s: exit %v\nstdout %q\nwant   %q\nstderr %q\nwant   %q",
						c.name, got.err, got.stdout, c.stdout, got.stderr, viaM.stderr)
				}
			}
		})
	}
}

func TestLauncherRefusesAServerPyItCannotEditExactlyOnce(t *testing.T) {
	i := installedInterpreters(t)[0]
	cases := []struct {
		name, source, stderr string
	}{
		{"attribute missing", strings.Replace(reportingServer, `protocol_version = "HTTP/1.0"`, `protocol_version = 'HTTP/1.0'`, 1),
			`httpspec launcher: cannot set the protocol: BaseHTTPRequestHandler.protocol_version (protocol_version = "HTTP/1.0") occurs 0 times in server.py, expected once` + "\n"},
		{"default twice", reportingServer + "\ndef again(protocol=\"HTTP/1.0\"): pass\n",
			`httpspec launcher: cannot set the protocol: test()'s protocol default (protocol="HTTP/1.0") occurs 2 times in server.py, expected once` + "\n"},
	}
	for _, c := range cases {
		got := runPython(i, fakeHTTP(t, c.source), launcherArgs("--protocol", "HTTP/1.1")...)
		var exit *exec.ExitError
		if !errors.As(got.err, &exit) || exit.ExitCode() != 70 || got.stderr != c.stderr || got.stdout != "" {
			t.Errorf("%s: exit %v, stdout %q, stderr %q; want status 70 and %q", c.name, got.err, got.stdout, got.stderr, c.stderr)
		}
	}
}

func TestLauncherRejectsArgumentsItDoesNotKnow(t *testing.T) {
	i := installedInterpreters(t)[0]
	dir := fakeHTTP(t, reportingServer)
	for _, args := range [][]string{
		{"-c", launcherSource, "--protocol", "HTTP/1.1", "8000"},
		{"-c", launcherSource, "--bind", "x", "--", "8000"},
		{"-c", launcherSource, "--drop-to", "nobody", "--", "8000"},
	} {
		got := runPython(i, dir, args...)
		var exit *exec.ExitError
		if !errors.As(got.err, &exit) || exit.ExitCode() != 70 || !strings.HasPrefix(got.stderr, "httpspec launcher: ") {
			t.Errorf("%q: exit %v, stderr %q; want status 70 and the launcher's complaint", args[3:], got.err, got.stderr)
		}
	}
}
