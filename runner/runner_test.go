package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/testbin"
)

// httpspecBinary is the httpspec command built once for the tests that run it: a whole run calls
// Ginkgo's RunSpecs, which a process may do only once.
var httpspecBinary string

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeTargetEnv); mode != "" {
		os.Exit(fakeTarget(mode, os.Args[1:]))
	}
	testbin.Main(m, &httpspecBinary)
}

func TestSplitCommand(t *testing.T) {
	cases := map[string][]string{
		`python3 -m http.server {port}`:          {"python3", "-m", "http.server", "{port}"},
		`  a   'b c'  "d \"e\" \\f" g\ h  `:      {"a", "b c", `d "e" \f`, "g h"},
		`sh -c 'echo "$HOME"; exit 3'`:           {"sh", "-c", `echo "$HOME"; exit 3`},
		`x ''`:                                   {"x", ""},
		`prog --dir={dir} --opt="a b"{port}tail`: {"prog", "--dir={dir}", "--opt=a b{port}tail"},
	}
	for in, want := range cases {
		got, err := splitCommand(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("splitCommand(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`a 'b`, `a "b`} {
		if _, err := splitCommand(bad); err == nil {
			t.Errorf("splitCommand(%q) accepted an unterminated quote", bad)
		}
	}
}

// runHTTPSpec runs the built binary and returns its exit status, stdout and stderr.
func runHTTPSpec(t *testing.T, timeout time.Duration, args ...string) (int, string, string) {
	t.Helper()
	return runHTTPSpecEnv(t, timeout, []string{fakeTargetEnv + "="}, args...)
}

// runHTTPSpecEnv is runHTTPSpec with extra environment variables.
func runHTTPSpecEnv(t *testing.T, timeout time.Duration, env []string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, httpspecBinary, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("httpspec %q did not finish within %s\nstdout:\n%s\nstderr:\n%s", args, timeout, stdout.String(), stderr.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

func TestRunAgainstTheReferenceWritesAJSONReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, stderr := runHTTPSpec(t, 2*time.Minute, "run", "--no-color", "--json", out)
	if code != ExitPassed {
		t.Fatalf("exit %d against the reference\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var r Report
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Summary.Passed == 0 || r.Summary.Failed != 0 || len(r.Cases) != r.Summary.Passed+r.Summary.Skipped {
		t.Errorf("summary %+v for %d cases", r.Summary, len(r.Cases))
	}
	if r.Profile != "3.13.0" {
		t.Errorf("profile %q; the reference does not name a Python, so the newest known is expected", r.Profile)
	}
	for _, c := range r.Cases {
		if c.Behavior == "" || c.Area == "" || c.Versions == "" {
			t.Errorf("case %q lacks its behavior's id, area or versions", c.Spec)
		}
		if c.State == "passed" && len(c.Transcripts) == 0 && len(c.Notes) == 0 {
			t.Errorf("case %q has no evidence: no transcript, no notes", c.Spec)
		}
	}
}

// TestRunFailsClearly covers targets and options that make a run impossible: each ends with exit 2
// and a message that says what happened, within bounded time.
func TestRunFailsClearly(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"target exits at once", []string{"run", "--target", "sh -c 'echo broken >&2; exit 3'"}, "exited with status 3"},
		{"target never listens", []string{"run", "--start-timeout", "700ms", "--target", "sh -c 'sleep 30' sh {port}"}, "did not accept connections"},
		{"target never prints its address", []string{"run", "--start-timeout", "700ms", "--target", "sh -c 'sleep 30' sh {dir}"}, "never printed its address"},
		{"bad level", []string{"run", "--level", "strict"}, "--level"},
		{"addr without root", []string{"run", "--addr", "127.0.0.1:1"}, "--addr and --root go together"},
		{"nothing at addr", []string{"run", "--addr", "127.0.0.1:1", "--root", t.TempDir()}, "does not hold the httpspec fixtures"},
		{"unknown flag", []string{"run", "--bogus"}, "flag provided but not defined"},
		{"unbalanced quote", []string{"run", "--target", "python3 'x"}, "unterminated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			code, stdout, stderr := runHTTPSpec(t, 30*time.Second, c.args...)
			if code != ExitNoRun || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want %d with %q in stderr\nstdout:\n%s\nstderr:\n%s", code, ExitNoRun, c.want, stdout, stderr)
			}
			if elapsed := time.Since(start); elapsed > 15*time.Second {
				t.Errorf("took %s", elapsed)
			}
		})
	}
}

func TestWaitReadyNoticesAnExitAtOnce(t *testing.T) {
	p, err := start(Command{Argv: []string{"sh", "-c", "echo bye; exit 7"}})
	if err != nil {
		t.Fatal(err)
	}
	port, _ := freePort()
	err = waitReady(context.Background(), p, net.JoinHostPort("127.0.0.1", fmt.Sprint(port)), 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "status 7") || !strings.Contains(err.Error(), "bye") {
		t.Errorf("got %v; want the exit status and the output's tail", err)
	}
}

func TestStopEndsTheWholeProcessGroup(t *testing.T) {
	p, err := start(Command{Argv: []string{"sh", "-c", "trap '' INT; sleep 30 & sleep 30"}})
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	p.stop(200 * time.Millisecond)
	if !p.exited() || time.Since(begin) > 5*time.Second {
		t.Fatalf("the process ignoring SIGINT was not killed in time")
	}
	// The killed children are reaped by init, not by us: watch the group empty, with a deadline.
	deadline := time.Now().Add(5 * time.Second)
	for exec.Command("pgrep", "-g", fmt.Sprint(p.cmd.Process.Pid)).Run() == nil {
		if time.Now().After(deadline) {
			t.Fatal("a child of the target survived the stop")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
