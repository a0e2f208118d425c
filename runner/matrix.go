package runner

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/httpspec/httpspec/suite/catalog"
)

// A matrix runs the suite against several targets and lays the verdicts out as behaviors × targets.
// Ginkgo allows one suite run per process, so each target is a child `httpspec run --json`; a small
// worker pool keeps the machine's cores busy without starting every target's servers at once.

// MatrixTarget is one column: its name and the `httpspec run` arguments that choose the target
// (--target CMD, --python PATH, or none for the embedded reference).
type MatrixTarget struct {
	Name string
	Args []string
}

// MatrixOptions configure RunMatrix.
type MatrixOptions struct {
	// Exe is the httpspec executable the runs re-execute.
	Exe     string
	Targets []MatrixTarget
	// Jobs is how many runs go at once (at least 1).
	Jobs int
	// RunArgs are added to every run (--level, --label-filter, --expect ...).
	RunArgs []string
	// Dir keeps each run's JSON, HTML and JUnit reports and its output, named after the target.
	Dir    string
	Stdout io.Writer
}

// Matrix is behaviors × targets.
type Matrix struct {
	Columns []MatrixColumn `json:"columns"`
	Rows    []MatrixRow    `json:"rows"`
	// Reports are the runs' own reports, in column order (nil for a run that did not happen).
	Reports []*Report `json:"reports"`
}

// MatrixColumn is one target's run.
type MatrixColumn struct {
	Name    string  `json:"name"`
	Target  string  `json:"target,omitempty"`
	Profile string  `json:"profile,omitempty"`
	Summary Summary `json:"summary"`
	// Error says why the run did not happen.
	Error string `json:"error,omitempty"`
	// HTML is the run's own HTML report, relative to the matrix's files, when kept.
	HTML string `json:"html,omitempty"`
}

// MatrixRow is one behavior across the targets.
type MatrixRow struct {
	Behavior string       `json:"behavior"`
	Area     string       `json:"area"`
	Level    string       `json:"level"`
	Versions string       `json:"versions"`
	Summary  string       `json:"summary"`
	Cells    []MatrixCell `json:"cells"`
}

// MatrixCell is one behavior's verdict on one target: the most telling verdict of its cases (a
// failure over an unexpected pass over an expected failure over a pass over a skip), "" when the
// target has no case of it.
type MatrixCell struct {
	Verdict string `json:"verdict,omitempty"`
	Cases   int    `json:"cases,omitempty"`
	// Detail is the first failure's reason, or the skip's.
	Detail string `json:"detail,omitempty"`
}

// RunMatrix runs every target, Jobs at a time, and merges their reports. A run that could not happen
// becomes a column with its error; the context cancels the runs still going.
func RunMatrix(ctx context.Context, o MatrixOptions) (*Matrix, error) {
	if o.Dir == "" {
		return nil, errors.New("matrix: no directory for the runs' reports")
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, err
	}
	jobs := max(o.Jobs, 1)
	reports := make([]*Report, len(o.Targets))
	errs := make([]string, len(o.Targets))
	files := targetFiles(o.Targets)
	var mu sync.Mutex
	done := 0
	work := make(chan int)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				started := time.Now()
				r, err := runOne(ctx, o, o.Targets[i], filepath.Join(o.Dir, files[i]))
				mu.Lock()
				done++
				reports[i] = r
				if err != nil {
					errs[i] = err.Error()
				}
				printRunLine(o.Stdout, done, len(o.Targets), o.Targets[i].Name, r, err, time.Since(started))
				mu.Unlock()
			}
		}()
	}
	for i := range o.Targets {
		work <- i
	}
	close(work)
	wg.Wait()
	names := make([]string, len(o.Targets))
	for i, t := range o.Targets {
		names[i] = t.Name
	}
	m := MergeReports(names, reports)
	for i := range m.Columns {
		m.Columns[i].Error = errs[i]
		if reports[i] != nil {
			m.Columns[i].HTML = files[i] + ".html"
		}
	}
	return m, nil
}

// targetFiles names each target's report files: its name made safe for a file name, unique.
func targetFiles(targets []MatrixTarget) []string {
	seen := map[string]int{}
	out := make([]string, len(targets))
	for i, t := range targets {
		base := unsafeFileChars.ReplaceAllString(t.Name, "_")
		if base == "" {
			base = "target"
		}
		seen[base]++
		if seen[base] > 1 {
			base += fmt.Sprintf("-%d", seen[base])
		}
		out[i] = base
	}
	return out
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// runOne runs `httpspec run` for one target, keeping its reports and output beside base.
func runOne(ctx context.Context, o MatrixOptions, t MatrixTarget, base string) (*Report, error) {
	args := []string{"run", "--no-color", "--name", t.Name,
		"--json", base + ".json", "--html", base + ".html", "--junit", base + ".xml"}
	args = append(append(args, t.Args...), o.RunArgs...)
	log, err := os.Create(base + ".log")
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, o.Exe, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == ExitFailed) {
		return nil, fmt.Errorf("the run did not happen (%v): %s", err, tailOf(base+".log", 3))
	}
	return ReadReport(base + ".json")
}

// tailOf summarises a run's output on one line: its first line (where a flag error stands) and its
// last n (where a run's own error stands).
func tailOf(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n+1 {
		lines = append(lines[:1:1], append([]string{"…"}, lines[len(lines)-n:]...)...)
	}
	return strings.Join(lines, " ")
}

func printRunLine(w io.Writer, done, total int, name string, r *Report, err error, took time.Duration) {
	if w == nil {
		return
	}
	prefix := fmt.Sprintf("[%d/%d] %s:", done, total, name)
	if err != nil {
		fmt.Fprintf(w, "%s %v\n", prefix, err)
		return
	}
	fmt.Fprintf(w, "%s profile %s, %s (%.1fs)\n", prefix, r.Profile, strings.TrimPrefix(closingLine(r.Summary), "httpspec: "), took.Seconds())
}

// MergeReports lays reports out as behaviors × targets, one column per report (nil for a run that
// did not happen), rows in catalogue order.
func MergeReports(names []string, reports []*Report) *Matrix {
	m := &Matrix{Reports: reports}
	type cellKey struct {
		behavior string
		col      int
	}
	cells := map[cellKey]*MatrixCell{}
	seen := map[string]bool{}
	for i, r := range reports {
		col := MatrixColumn{Name: names[i]}
		if r != nil {
			col.Target, col.Profile, col.Summary = r.Target, r.Profile, r.Summary
			for _, c := range r.Cases {
				seen[c.Behavior] = true
				k := cellKey{c.Behavior, i}
				cell := cells[k]
				if cell == nil {
					cell = &MatrixCell{Verdict: c.Verdict}
					cells[k] = cell
				}
				cell.add(c)
			}
		}
		m.Columns = append(m.Columns, col)
	}
	for _, b := range catalog.Behaviors() {
		if !seen[b.ID] {
			continue
		}
		row := MatrixRow{Behavior: b.ID, Area: string(b.Area), Level: b.Level.String(), Versions: b.Versions.String(), Summary: b.Summary}
		for i := range reports {
			if cell := cells[cellKey{b.ID, i}]; cell != nil {
				row.Cells = append(row.Cells, *cell)
			} else {
				row.Cells = append(row.Cells, MatrixCell{})
			}
		}
		m.Rows = append(m.Rows, row)
	}
	sortRowsByArea(m.Rows)
	return m
}

// add folds one case into the cell: the most telling verdict wins, and its reason with it.
func (cell *MatrixCell) add(c Case) {
	cell.Cases++
	if verdictRank[c.Verdict] < verdictRank[cell.Verdict] || cell.Detail == "" && c.Verdict == cell.Verdict {
		cell.Verdict = c.Verdict
		switch c.Verdict {
		case VerdictFailed, VerdictSkipped:
			cell.Detail = oneLineReason(c.Message)
		case VerdictXFail, VerdictXPass:
			cell.Detail = c.Expected
		default:
			cell.Detail = ""
		}
	}
}

func sortRowsByArea(rows []MatrixRow) {
	// Stable: catalogue order (by id) within an area.
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && areaIndex(rows[j].Area) < areaIndex(rows[j-1].Area); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// Broken reports whether any run failed or did not happen.
func (m *Matrix) Broken() bool {
	for i, c := range m.Columns {
		if c.Error != "" || m.Reports[i] == nil || c.Summary.Broken() {
			return true
		}
	}
	return false
}

// WriteJSON writes the matrix with every run's report in it, so it can be merged again.
func (m *Matrix) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// markdownSymbols stand for verdicts in the Markdown table.
var markdownSymbols = map[string]string{
	VerdictPassed: "✅", VerdictFailed: "❌", VerdictXFail: "⚠️", VerdictXPass: "❗", VerdictSkipped: "➖", "": " ",
}

// WriteMarkdown writes the matrix as GitHub-flavoured Markdown: a line per target with its counts,
// then behaviors × targets.
func (m *Matrix) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	b.WriteString("## httpspec: behaviors × targets\n\n")
	b.WriteString("| target | profile | passed | failed | skipped | expected failures | unexpected passes |\n|---|---|--:|--:|--:|--:|--:|\n")
	for _, c := range m.Columns {
		if c.Error != "" {
			fmt.Fprintf(b, "| %s | | run failed: %s | | | | |\n", mdCell(c.Name), mdCell(c.Error))
			continue
		}
		s := c.Summary
		fmt.Fprintf(b, "| %s | %s | %d | %d | %d | %d | %d |\n", mdCell(c.Name), c.Profile, s.Passed, s.Failed, s.Skipped, s.XFail, s.XPass)
	}
	b.WriteString("\n✅ passed · ❌ failed · ⚠️ expected failure · ❗ unexpected pass · ➖ skipped (not for this profile or mode) · blank: not run\n\n")
	b.WriteString("| behavior | level | versions |")
	sep := "|---|---|---|"
	for _, c := range m.Columns {
		b.WriteString(" " + mdCell(c.Name) + " |")
		sep += ":-:|"
	}
	b.WriteString("\n" + sep + "\n")
	for _, r := range m.Rows {
		fmt.Fprintf(b, "| `%s` | %s | %s |", r.Behavior, r.Level, r.Versions)
		for _, cell := range r.Cells {
			b.WriteString(" " + markdownSymbols[cell.Verdict] + " |")
		}
		b.WriteString("\n")
	}
	return b.Flush()
}

// mdCell keeps text from breaking a Markdown table row.
func mdCell(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// ReadMatrixOrReport reads a file written by `httpspec run --json` (one report) or by
// `httpspec matrix --json` (several), so merges can be merged again.
func ReadMatrixOrReport(path string) (names []string, reports []*Report, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var probe struct {
		Columns []MatrixColumn `json:"columns"`
	}
	if json.Unmarshal(data, &probe) == nil && len(probe.Columns) > 0 {
		var m Matrix
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		for i, c := range m.Columns {
			if i < len(m.Reports) && m.Reports[i] != nil {
				names, reports = append(names, c.Name), append(reports, m.Reports[i])
			}
		}
		return names, reports, nil
	}
	r, err := ReadReport(path)
	if err != nil {
		return nil, nil, err
	}
	return []string{r.Name}, []*Report{r}, nil
}

type matrixPage struct {
	Title, Generated string
	Matrix           *Matrix
	Areas            []htmlCount
	Rows             []matrixHTMLRow
	Style            template.CSS
	Script           template.JS
}

type matrixHTMLRow struct {
	MatrixRow
	Failing, Differs bool
	Cells            []matrixHTMLCell
}

type matrixHTMLCell struct {
	Verdict, Symbol, Title, Link string
}

// htmlSymbols stand for verdicts in the HTML matrix; colour says the rest.
var htmlSymbols = map[string]string{
	VerdictPassed: "✓", VerdictFailed: "✗", VerdictXFail: "~", VerdictXPass: "!", VerdictSkipped: "–",
}

// WriteHTML writes the matrix as one self-contained page: a row per behavior, a column per target,
// each cell linking to that target's own report when it was kept beside the matrix.
func (m *Matrix) WriteHTML(w io.Writer) error {
	style, _, err := htmlAssets()
	if err != nil {
		return err
	}
	script, err := htmlFiles.ReadFile("html/matrix.js")
	if err != nil {
		return err
	}
	p := matrixPage{
		Title: "httpspec matrix", Generated: time.Now().UTC().Format("2006-01-02 15:04:05 UTC"),
		Matrix: m, Style: style, Script: template.JS(script),
	}
	areaCounts := map[string]int{}
	var areas []string
	for _, r := range m.Rows {
		if areaCounts[r.Area] == 0 {
			areas = append(areas, r.Area)
		}
		areaCounts[r.Area]++
		p.Rows = append(p.Rows, m.htmlRow(r))
	}
	for _, a := range areas {
		p.Areas = append(p.Areas, htmlCount{a, a, areaCounts[a]})
	}
	return htmlTemplates.ExecuteTemplate(w, "matrix", p)
}

func (m *Matrix) htmlRow(r MatrixRow) matrixHTMLRow {
	row := matrixHTMLRow{MatrixRow: r}
	kinds := map[string]bool{}
	for i, c := range r.Cells {
		cell := matrixHTMLCell{Verdict: c.Verdict, Symbol: htmlSymbols[c.Verdict]}
		if c.Verdict != "" {
			kinds[c.Verdict] = true
			cell.Title = fmt.Sprintf("%s: %s, %d case(s)", m.Columns[i].Name, verdictLabel(c.Verdict), c.Cases)
			if c.Detail != "" {
				cell.Title += "\n" + c.Detail
			}
			if m.Columns[i].HTML != "" {
				cell.Link = m.Columns[i].HTML + "#" + r.Behavior
			}
		}
		row.Failing = row.Failing || c.Verdict == VerdictFailed || c.Verdict == VerdictXPass
		row.Cells = append(row.Cells, cell)
	}
	row.Differs = len(kinds) > 1
	return row
}
