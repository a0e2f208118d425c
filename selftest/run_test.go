package selftest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/httpspec/httpspec/runner"
)

// suiteRun is one `httpspec run` of the self-test.
type suiteRun struct {
	name string   // how messages name it: "fault head-body", "CPython 3.10.13 judged as 3.13.0"
	args []string // after `httpspec run`
	// unprivileged starts the run, and so its targets, as nobody when the test runs as root: a few
	// behaviors can only be seen from a server that is not root.
	unprivileged bool
}

// runResult is what a run left: its report, exit status and the tail of its output.
type runResult struct {
	report *runner.Report
	code   int
	output string
	took   time.Duration
	err    error // the run could not happen or its report could not be read
}

// runTimeout bounds one run; a whole suite run against CPython 3.6 takes under a minute.
const runTimeout = 5 * time.Minute

// workers is how many runs go at once: one per CPU. A run spends most of its time waiting for
// replies and silences, but its targets start interpreters and its specs start more.
var workers = runtime.NumCPU()

// runAll runs every run, workers at a time, in the order given (put the longest first), and returns
// the results in the same order.
func runAll(t *testing.T, runs []suiteRun) []runResult {
	t.Helper()
	results := make([]runResult, len(runs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = runSuite(t, runs[i])
			}
		}()
	}
	for i := range runs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// runSuite starts `httpspec run --json FILE ARGS...` and reads the report. Exit status 1 (some case
// failed) is what the self-test expects; 2 means the run itself failed.
func runSuite(t *testing.T, r suiteRun) runResult {
	// Not under t.TempDir(), which only its owner may enter: targets started as an unprivileged user
	// (the runner's unprivileged mode, or a whole unprivileged run) must reach the fixtures here.
	dir, err := os.MkdirTemp("", "httpspec-selftest-run-")
	if err != nil {
		return runResult{err: err}
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777) // an unprivileged run writes its report and temporary files here
	report := filepath.Join(dir, "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, httpspecBinary, append([]string{"run", "--no-color", "--json", report}, r.args...)...)
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	cmd.WaitDelay = 10 * time.Second
	if r.unprivileged && os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	runErr := cmd.Run()
	res := runResult{code: cmd.ProcessState.ExitCode(), output: tail(out.String(), 4000), took: time.Since(start)}
	switch {
	case ctx.Err() != nil:
		res.err = fmt.Errorf("%s did not finish within %s", r.name, runTimeout)
	case res.code != runner.ExitPassed && res.code != runner.ExitFailed:
		res.err = fmt.Errorf("%s: exit status %d (%v)", r.name, res.code, runErr)
	default:
		res.report, res.err = runner.ReadReport(report)
	}
	return res
}

// nobody is the uid and gid of the unprivileged runs (nobody and nogroup on Linux).
const nobody = 65534

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// shellQuote quotes an argument for a --target or --cli command line, which httpspec splits as a
// POSIX shell would.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
