package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sampleMatrix merges the sample report with a copy in which every case passed.
func sampleMatrix(t *testing.T) *Matrix {
	t.Helper()
	fixed := sampleReport(t)
	for i := range fixed.Cases {
		if fixed.Cases[i].State == VerdictFailed {
			fixed.Cases[i].State, fixed.Cases[i].Verdict, fixed.Cases[i].Message = VerdictPassed, VerdictPassed, ""
		}
	}
	fixed.Profile = "3.13.0"
	fixed.count()
	return MergeReports([]string{"CPython 3.12", "CPython 3.13"}, []*Report{sampleReport(t), fixed})
}

func TestMergeReportsLaysBehaviorsAgainstTargets(t *testing.T) {
	m := sampleMatrix(t)
	got := map[string][]string{}
	var order []string
	for _, r := range m.Rows {
		order = append(order, r.Behavior)
		for _, c := range r.Cells {
			got[r.Behavior] = append(got[r.Behavior], c.Verdict)
		}
	}
	want := map[string][]string{
		"request-line.http09-headerless":       {VerdictFailed, VerdictPassed},
		"request-line.blank-line-silent-close": {VerdictFailed, VerdictPassed},
		"request-line.too-long-414":            {VerdictXFail, VerdictPassed},
		"request-line.max-length-accepted":     {VerdictPassed, VerdictPassed},
		"request-line.split-nel-nbsp":          {VerdictXPass, VerdictXPass},
		"cgi.post-runs-script":                 {VerdictSkipped, VerdictSkipped},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cells\n got %v\nwant %v", got, want)
	}
	if order[len(order)-1] != "cgi.post-runs-script" {
		t.Errorf("rows are not in the catalogue's area order: %q", order)
	}
	cell := m.Rows[0].Cells[0]
	for _, r := range m.Rows {
		if r.Behavior == "request-line.http09-headerless" {
			cell = r.Cells[0]
		}
	}
	if !strings.HasPrefix(cell.Detail, "expected: a headerless reply") || cell.Cases != 1 {
		t.Errorf("a failed cell keeps its reason: %+v", cell)
	}
	if m.Columns[1].Profile != "3.13.0" || m.Columns[0].Summary.Failed != 2 {
		t.Errorf("columns %+v", m.Columns)
	}
}

func TestMatrixMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleMatrix(t).WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"| target | profile | passed | failed | skipped | expected failures | unexpected passes |\n",
		"| CPython 3.12 | 3.12.1 | 1 | 2 | 1 | 1 | 1 |\n",
		"| behavior | level | versions | CPython 3.12 | CPython 3.13 |\n|---|---|---|:-:|:-:|\n",
		"| `request-line.http09-headerless` | detail | 3.6+ | ❌ | ✅ |\n",
		"| `request-line.too-long-414` | detail | 3.6+ | ⚠️ | ✅ |\n",
		"| `cgi.post-runs-script` | documented | 3.6+ | ➖ | ➖ |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// TestMatrixHTMLInChromium: the matrix page loads without console errors, its row filters work, and
// a screenshot is taken.
func TestMatrixHTMLInChromium(t *testing.T) {
	m := sampleMatrix(t)
	m.Columns[0].HTML = "runs/CPython_3.12.html"
	path := filepath.Join(t.TempDir(), "matrix.html")
	var buf bytes.Buffer
	if err := m.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<a href="runs/CPython_3.12.html#request-line.http09-headerless">✗</a>`) {
		t.Error("a cell does not link to its target's report")
	}
	b := startBrowser(t)
	b.open(path)
	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Fatalf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	visible := `Array.prototype.filter.call(document.querySelectorAll("table.matrix tbody tr"), function (r) { return r.offsetParent !== null; }).map(function (r) { return r.id; }).sort()`
	var rows []string
	b.eval(`document.getElementById("only-failing").click(); `+visible, &rows)
	if want := []string{"request-line.blank-line-silent-close", "request-line.http09-headerless", "request-line.split-nel-nbsp"}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows with a failure: %q, want %q", rows, want)
	}
	b.eval(`document.getElementById("only-failing").click(); document.getElementById("only-differing").click(); `+visible, &rows)
	if want := []string{"request-line.blank-line-silent-close", "request-line.http09-headerless", "request-line.too-long-414"}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows that differ: %q, want %q", rows, want)
	}
	b.eval(`document.getElementById("only-differing").click(); document.querySelector('[data-filter="area"] button[data-value="cgi"]').click(); `+visible, &rows)
	if want := []string{"cgi.post-runs-script"}; !reflect.DeepEqual(rows, want) {
		t.Errorf("the cgi area: %q, want %q", rows, want)
	}
	b.open(path)
	shot := filepath.Join(t.TempDir(), "matrix.png")
	b.screenshot(shot, 1000, 1500)
	keepScreenshot(t, shot)
}
