package runner

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The reference server with a fault is a target with a known bug: `httpspec serve --fault NAME`
// breaks one behavior on purpose. These tests run the built binary against it, restricted to the
// request-line area to stay quick.

func referenceTemplate(faults string) string {
	t := httpspecBinary + " serve {port} --bind 127.0.0.1 --directory {dir}"
	if faults != "" {
		t += " --fault " + faults
	}
	return t
}

func readReport(t *testing.T, path string) *Report {
	t.Helper()
	r, err := ReadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func specsWith(r *Report, verdicts ...string) []string {
	var out []string
	for _, c := range r.Cases {
		for _, v := range verdicts {
			if c.Verdict == v {
				out = append(out, c.Spec)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestExpectationsFromAFailingRunMakeItPassAndCatchTheFix: --write-expect from a buggy target's run
// makes the identical run pass; the same file fails the run once the bug is gone (an unexpected
// pass), and when a new bug joins the known one.
func TestExpectationsFromAFailingRunMakeItPassAndCatchTheFix(t *testing.T) {
	dir := t.TempDir()
	expect := filepath.Join(dir, "known.expect")
	report := func(name string) string { return filepath.Join(dir, name+".json") }
	run := func(target string, args ...string) (int, string) {
		t.Helper()
		args = append([]string{"run", "--no-color", "--label-filter", "request-line", "--target", target}, args...)
		code, stdout, stderr := runHTTPSpec(t, 2*time.Minute, args...)
		return code, stdout + stderr
	}

	code, out := run(referenceTemplate("http09-status-line"), "--write-expect", expect, "--json", report("buggy"))
	if code != ExitFailed {
		t.Fatalf("the buggy target: exit %d, want %d\n%s", code, ExitFailed, out)
	}
	written, err := os.ReadFile(expect)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(written), "\nrequest-line.http09-headerless mode=default profile=3.13: expected: a headerless reply") {
		t.Errorf("the written expectations lack the known failure:\n%s", written)
	}
	failures := specsWith(readReport(t, report("buggy")), VerdictFailed)
	if len(failures) == 0 {
		t.Fatal("the fault broke nothing")
	}

	code, out = run(referenceTemplate("http09-status-line"), "--expect", expect, "--json", report("known"))
	known := readReport(t, report("known"))
	if code != ExitPassed || known.Summary.Failed != 0 || known.Summary.XFail != len(failures) {
		t.Errorf("the same run judged by its own expectations: exit %d, summary %+v\n%s", code, known.Summary, out)
	}
	if got := specsWith(known, VerdictXFail); strings.Join(got, "\n") != strings.Join(failures, "\n") {
		t.Errorf("expected failures %q, want the first run's failures %q", got, failures)
	}
	if !strings.Contains(out, "expected failures (listed with --verbose)") {
		t.Errorf("the summary does not mention the expected failures:\n%s", out)
	}

	code, out = run(referenceTemplate(""), "--expect", expect, "--json", report("fixed"))
	fixed := readReport(t, report("fixed"))
	if code != ExitFailed || fixed.Summary.XPass != len(failures) || fixed.Summary.Failed != 0 {
		t.Errorf("the bug fixed: exit %d, summary %+v; want exit %d with %d unexpected passes\n%s", code, fixed.Summary, ExitFailed, len(failures), out)
	}
	if !strings.Contains(out, "XPASS request-line.http09-headerless") || !strings.Contains(out, "passed, but expected to fail: expected: a headerless reply") {
		t.Errorf("the summary does not show the unexpected pass with its reason:\n%s", out)
	}

	code, out = run(referenceTemplate("http09-status-line,no-slash-collapse"), "--expect", expect, "--json", report("worse"))
	worse := readReport(t, report("worse"))
	if code != ExitFailed || worse.Summary.Failed == 0 || worse.Summary.XFail != len(failures) {
		t.Errorf("a new bug beside the known one: exit %d, summary %+v\n%s", code, worse.Summary, out)
	}
	for _, c := range worse.Cases {
		if c.Verdict == VerdictFailed && c.Behavior == "request-line.http09-headerless" {
			t.Errorf("a known failure was reported as new: %s", c.Spec)
		}
	}
}

// TestRerunFailedRunsOnlyTheFailures: --rerun-failed selects exactly the specs that failed before.
func TestRerunFailedRunsOnlyTheFailures(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	buggy := referenceTemplate("http09-status-line,no-slash-collapse")
	run := func(target string, args ...string) (int, string) {
		t.Helper()
		args = append([]string{"run", "--no-color", "--label-filter", "request-line", "--target", target}, args...)
		code, stdout, stderr := runHTTPSpec(t, 2*time.Minute, args...)
		return code, stdout + stderr
	}
	code, out := run(buggy, "--json", first)
	if code != ExitFailed {
		t.Fatalf("exit %d\n%s", code, out)
	}
	failed := specsWith(readReport(t, first), VerdictFailed)

	ranAgainst := func(target, name string) *Report {
		t.Helper()
		path := filepath.Join(dir, name+".json")
		code, out := run(target, "--rerun-failed", first, "--json", path)
		r := readReport(t, path)
		var ran []string
		for _, c := range r.Cases {
			ran = append(ran, c.Spec)
		}
		sort.Strings(ran)
		if code == ExitNoRun || strings.Join(ran, "\n") != strings.Join(failed, "\n") {
			t.Errorf("rerun against %s: exit %d, ran %q, want exactly the failures %q\n%s", name, code, ran, failed, out)
		}
		return r
	}
	if again := ranAgainst(buggy, "again"); again.Summary.Failed != len(failed) {
		t.Errorf("the same bugs, rerun: %+v", again.Summary)
	}
	// Against the server without the faults, the failures the faults caused pass.
	fixed := ranAgainst(referenceTemplate(""), "fixed")
	for _, c := range fixed.Cases {
		if c.Behavior == "request-line.http09-headerless" && c.Verdict != VerdictPassed {
			t.Errorf("%s: %s against the fixed server", c.Spec, c.Verdict)
		}
	}

	clean := filepath.Join(dir, "clean.json")
	if err := (&Report{Target: "x", Cases: []Case{{Spec: "[a.b] x", State: "passed"}}}).WriteJSON(clean); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runHTTPSpec(t, time.Minute, "run", "--rerun-failed", clean)
	if code != ExitPassed || !strings.Contains(stdout, "nothing to rerun") {
		t.Errorf("rerunning a report without failures: exit %d\n%s", code, stdout)
	}
}

// TestRealRunHTMLInChromium opens the HTML report of a real run with failures (a 65536-byte request
// line among its transcripts) in the browser: it loads without console errors, and a screenshot is
// taken.
func TestRealRunHTMLInChromium(t *testing.T) {
	b := startBrowser(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "run.html")
	code, stdout, stderr := runHTTPSpec(t, 2*time.Minute, "run", "--no-color", "--target", referenceTemplate("http09-status-line,no-slash-collapse"),
		"--name", "reference with two faults", "--html", page)
	if code != ExitFailed {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	fi, err := os.Stat(page)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("HTML report: %d bytes", fi.Size())
	b.open(page)
	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Fatalf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	var title string
	b.eval(`document.querySelector("h1 .target").textContent`, &title)
	if title != "reference with two faults" {
		t.Errorf("title %q", title)
	}
	shot := filepath.Join(t.TempDir(), "real-run.png")
	b.screenshot(shot, 1280, 3000)
	keepScreenshot(t, shot)
}
