package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/runner"
)

// TestMatrixRunsTargetsAndMerges runs the reference and a broken copy of it side by side (the
// request-line area only, to stay quick), then merges the kept JSON reports again.
func TestMatrixRunsTargetsAndMerges(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	md, html, js := filepath.Join(dir, "m.md"), filepath.Join(dir, "m.html"), filepath.Join(dir, "m.json")
	start := time.Now()
	code, out := runBinary(t, 3*time.Minute, "matrix", "--reference", "--target", "broken="+referenceTemplate("http09-status-line"),
		"--dir", runs, "--markdown", md, "--html", html, "--json", js, "--jobs", "2", "--", "--label-filter", "request-line")
	if code != runner.ExitFailed {
		t.Fatalf("exit %d, want %d (the broken target fails)\n%s", code, runner.ExitFailed, out)
	}
	t.Logf("two targets in %s", time.Since(start).Round(time.Millisecond))
	for _, want := range []string{"] reference: profile 3.13.0, ", "] broken: profile 3.13.0, "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	table, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(table), "| behavior | level | versions | reference | broken |\n") ||
		!strings.Contains(string(table), "| `request-line.http09-headerless` | detail | 3.6+ | ✅ | ❌ |\n") {
		t.Errorf("markdown:\n%s", table)
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<a href="runs/broken.html#request-line.http09-headerless">✗</a>`) {
		t.Error("the matrix does not link a cell to the target's own report")
	}
	for _, f := range []string{"reference.json", "reference.html", "reference.xml", "broken.json", "broken.log"} {
		if _, err := os.Stat(filepath.Join(runs, f)); err != nil {
			t.Errorf("the run's %s was not kept: %v", f, err)
		}
	}

	code, out = runBinary(t, time.Minute, "matrix", "--merge", "--markdown", "-",
		"fixed="+filepath.Join(runs, "reference.json"), filepath.Join(runs, "broken.json"))
	if code != runner.ExitFailed || !strings.Contains(out, "| `request-line.http09-headerless` | detail | 3.6+ | ✅ | ❌ |\n") ||
		!strings.Contains(out, "| behavior | level | versions | fixed | broken |") {
		t.Errorf("merging the runs' reports: exit %d\n%s", code, out)
	}
	code, out = runBinary(t, time.Minute, "matrix", "--merge", js, "--markdown", "-")
	if code != runner.ExitFailed || !strings.Contains(out, "| behavior | level | versions | reference | broken |") {
		t.Errorf("merging the matrix again: exit %d\n%s", code, out)
	}
}

func TestMatrixRefusesWhatItCannotRun(t *testing.T) {
	cases := map[string][]string{
		"no targets":                 {"matrix"},
		"want NAME=":                 {"matrix", "--target", "python3 -m http.server"},
		"--merge takes JSON reports": {"matrix", "--merge", "--reference"},
		"unexpected argument":        {"matrix", "--reference", "stray"},
	}
	for want, args := range cases {
		code, _, errOut := dispatchCapture(args...)
		if code != runner.ExitNoRun || !strings.Contains(errOut, want) {
			t.Errorf("%q: exit %d, want %d with %q\n%s", args, code, runner.ExitNoRun, want, errOut)
		}
	}
	code, _, errOut := dispatchCapture("matrix", "--merge", filepath.Join(t.TempDir(), "missing.json"))
	if code != runner.ExitNoRun || !strings.Contains(errOut, "missing.json") {
		t.Errorf("a missing report: exit %d\n%s", code, errOut)
	}
}

// TestMatrixPythonsRunsTheInterpretersFound runs the two newest CPythons internal/cpython finds (the
// request-line area only); it skips when fewer are installed.
func TestMatrixPythonsRunsTheInterpretersFound(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	found := cpython.FindAll(ctx)
	minors := map[string]string{}
	var order []string
	for _, py := range found {
		if _, seen := minors[py.Version.MinorString()]; !seen {
			order = append(order, py.Version.MinorString())
		}
		minors[py.Version.MinorString()] = py.Version.String()
	}
	if len(order) < 2 {
		t.Skipf("found %d CPython minor versions; the matrix test wants two (install them with pyenv)", len(order))
	}
	a, b := order[len(order)-2], order[len(order)-1]
	code, out := runBinary(t, 3*time.Minute, "matrix", "--pythons", a+","+b, "--markdown", "-", "--", "--label-filter", "request-line")
	if code != runner.ExitPassed {
		t.Fatalf("exit %d: CPython is expected to conform to itself\n%s", code, out)
	}
	header := fmt.Sprintf("| behavior | level | versions | CPython %s | CPython %s |", minors[a], minors[b])
	if !strings.Contains(out, header) || !strings.Contains(out, "| `request-line.http09-headerless` | detail | 3.6+ | ✅ | ✅ |") {
		t.Errorf("markdown lacks %q and a passing http09 row:\n%s", header, out)
	}
	if code, _, errOut := dispatchCapture("matrix", "--pythons", "2.7"); code != runner.ExitNoRun || !strings.Contains(errOut, "no working CPython found 2.7") {
		t.Errorf("an interpreter that is not there: exit %d\n%s", code, errOut)
	}
}
