package main

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestExplainShowsTheBytesEachSpecSendsAndWhatConforms(t *testing.T) {
	code, out, errOut := dispatchCapture("explain", "request-line.http09-headerless", "--width", "100")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"request-line.http09-headerless  detail · CPython 3.6+ · request-line\n",
		"A two-word GET is an HTTP/0.9 request",
		"  source    Lib/http/server.py: BaseHTTPRequestHandler",
		"  research  §2.6",
		"── spec 1 of ", " · GET /a.txt with no version · default mode ──",
		"  sends 14 bytes:\n    GET /a.txt\\r\\n\n    \\r\\n\n",
		"  then shuts its write side (half-close)\n",
		"  a conforming server answers with:\n  • a headerless reply (no status line, no headers) of \"hello\\n\"\n  • the server closes the connection\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour on output that is not a terminal")
	}
}

func TestExplainQuotesTheDocumentation(t *testing.T) {
	code, out, _ := dispatchCapture("explain", "--width", "100", "cgi.default-directories")
	if code != 0 || !strings.Contains(out, "  documented ") || !strings.Contains(out, "    │ ") ||
		!strings.Contains(out, "the module documentation states it") {
		t.Errorf("exit %d; want the doc section, the quoted sentence and why it binds:\n%s", code, out)
	}
}

func TestExplainHelpsWithUnknownIDs(t *testing.T) {
	code, _, errOut := dispatchCapture("explain", "http09")
	if code != 2 || !strings.Contains(errOut, "did you mean:\n") || !strings.Contains(errOut, "\n  request-line.http09-headerless\n") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
	code, _, errOut = dispatchCapture("explain", "request-line")
	if code != 2 || !strings.Contains(errOut, "request-line is an area; its behaviors:") {
		t.Errorf("an area: exit %d:\n%s", code, errOut)
	}
	if code, _, _ := dispatchCapture("explain"); code != 2 {
		t.Errorf("no id: exit %d", code)
	}
}

// TestExplainRunsTheBehaviorLive runs the behavior against a server with that behavior broken: the
// checks are judged one by one beside the live transcript.
func TestExplainRunsTheBehaviorLive(t *testing.T) {
	code, out := runBinary(t, 2*time.Minute, "explain", "request-line.http09-headerless", "--width", "140",
		"--target", referenceTemplate("http09-status-line"))
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the behavior fails)\n%s", code, out)
	}
	if !regexp.MustCompile(`\n  expected +│ this server\n`).MatchString(out) {
		t.Errorf("no side-by-side columns:\n%s", out)
	}
	for _, want := range []string{
		"  FAIL  against default",
		"│ connection #1 to 127.0.0.1:",
		"✗ a headerless reply (no status line, no headers) of",
		"    got: \"HTTP/1.0 200 OK\"",
		"✓ the server closes the connection",
		" recv ", "HTTP/1.0 200 OK\\r\\n", " peer-closed EOF",
		"live: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("live explain lacks %q:\n%s", want, out)
		}
	}
	code, out = runBinary(t, 2*time.Minute, "explain", "request-line.http09-headerless", "--width", "80", "--target", "reference")
	if code != 0 || !strings.Contains(out, "  PASS  against default") || strings.Contains(out, " │ ") {
		t.Errorf("against the reference, 80 columns (one column above the other): exit %d\n%s", code, out)
	}
}

// TestExplainColoursOnlyATerminal runs explain on a pseudo-terminal (script(1)): colour there, none
// with --no-color.
func TestExplainColoursOnlyATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to give explain a terminal")
	}
	run := func(extra string) string {
		out, err := exec.Command(script, "-q", "-e", "-c", httpspecBinary+" explain request-line.too-long-414"+extra, "/dev/null").CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(""); !strings.Contains(out, "\x1b[1m") {
		t.Errorf("no colour on a terminal:\n%q", out[:min(len(out), 300)])
	}
	if out := run(" --no-color"); strings.Contains(out, "\x1b[") {
		t.Errorf("colour despite --no-color:\n%q", out[:min(len(out), 300)])
	}
}
