package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var hostileFull = flag.Bool("hostile.full", false, "run the whole suite against each hostile target, not one area "+
	"(minutes per target; README.md's Fuzzing section)")

// hostileRunBound is the longest a run against one hostile target may take, start to exit. The worst
// measured, against a silent target over the errors area, is under 40 seconds on a loaded machine;
// over the whole suite (-hostile.full), under 5 minutes.
func hostileRunBound() time.Duration {
	if *hostileFull {
		return 10 * time.Minute
	}
	return 90 * time.Second
}

// hostileMemoryBound is the most the runner may hold resident during such a run.
const hostileMemoryBound = 256 << 20

// TestHostileTargets runs the suite against targets that misbehave in every way a broken server can,
// and checks that each run ends within hostileRunBound with the exit status and message it should
// have, that every case has a verdict (failed ones with a message saying why), and that the runner's
// resident set stays under hostileMemoryBound: what it keeps of a target's bytes is bounded.
func TestHostileTargets(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode, template string
		code           int
		stderr, note   string
		start          string // --start-timeout, when not the default 10s
	}{
		{mode: "silent", code: ExitFailed},
		{mode: "endless-body", code: ExitFailed},
		{mode: "header-flood", code: ExitFailed},
		{mode: "reset-random", code: ExitFailed},
		{mode: "stderr-flood", code: ExitFailed},
		{mode: "crash-after-3", code: ExitFailed, note: "had exited with status 1; restarted it"},
		{mode: "no-listen", code: ExitNoRun, stderr: "did not accept connections", start: "3s"},
		{mode: "no-listen", template: self, code: ExitNoRun, stderr: "never printed its address", start: "3s"},
		{mode: "exit-at-once", code: ExitNoRun, stderr: "exited with status 3"},
	} {
		name := tc.mode
		if tc.template == "" {
			tc.template = self + " {port}"
		} else {
			name += "-no-port"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			report := filepath.Join(t.TempDir(), "report.json")
			if tc.start == "" {
				tc.start = "10s"
			}
			args := []string{"run", "--no-color", "--json", report, "--target", tc.template,
				"--timeout", "300ms", "--quiet", "100ms", "--start-timeout", tc.start}
			if !*hostileFull {
				args = append(args, "--label-filter", "errors")
			}
			r := runMeasured(t, []string{fakeTargetEnv + "=" + tc.mode}, args...)
			t.Logf("%s: exit %d after %v, runner peak RSS %.1f MiB", name, r.code, r.elapsed.Round(time.Millisecond), float64(r.maxRSS)/(1<<20))
			if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, want %d with %q in stderr\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, tc.stderr, tail(r.stdout), tail(r.stderr))
			}
			if r.elapsed > hostileRunBound() {
				t.Errorf("the run took %v, over %v", r.elapsed, hostileRunBound())
			}
			if r.maxRSS > hostileMemoryBound && !*hostileFull {
				t.Errorf("the runner's peak resident set is %.1f MiB, over %d MiB", float64(r.maxRSS)/(1<<20), hostileMemoryBound>>20)
			}
			if tc.code == ExitFailed {
				checkVerdicts(t, report, tc.note)
			}
		})
	}
}

// checkVerdicts reads a run's JSON report: every case passed, failed with a message, or was skipped
// with a reason, and some failed; with note, some case carries that note.
func checkVerdicts(t *testing.T, path, note string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	noted := false
	for _, c := range r.Cases {
		switch {
		case c.State == "passed":
		case (c.State == "failed" || c.State == "skipped") && strings.TrimSpace(c.Message) != "":
		default:
			t.Errorf("case %q: state %q, message %q: no clear verdict", c.Spec, c.State, c.Message)
		}
		for _, n := range c.Notes {
			noted = noted || strings.Contains(n, note)
		}
	}
	if r.Summary.Failed == 0 || len(r.Cases) == 0 {
		t.Errorf("summary %+v over %d cases: a broken target must fail cases", r.Summary, len(r.Cases))
	}
	if note != "" && !noted {
		t.Errorf("no case notes %q", note)
	}
}

// measuredRun is one httpspec process: its exit status, output, duration and peak resident set.
type measuredRun struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64
}

// runMeasured runs the built binary with extra environment variables, within twice hostileRunBound
// (a run that hangs fails the test instead of the test hanging).
func runMeasured(t *testing.T, env []string, args ...string) measuredRun {
	t.Helper()
	limit := 2 * hostileRunBound()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, httpspecBinary, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	err := cmd.Run()
	r := measuredRun{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(began)}
	if ctx.Err() != nil {
		t.Fatalf("httpspec %q did not finish within %v\nstdout:\n%s\nstderr:\n%s", args, limit, tail(r.stdout), tail(r.stderr))
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	return r
}

// tail is the end of a long output, for failure messages.
func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}
