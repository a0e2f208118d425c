package runner

import (
	"embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/httpspec/httpspec/suite/catalog"
)

// The HTML reports are one self-contained file each: the page is rendered here, so it reads without
// JavaScript, and the inline script only filters, toggles hex and follows #behavior-id links. Nothing
// is fetched from the network, so the file works from disk and as a CI artifact.

//go:embed html
var htmlFiles embed.FS

var htmlTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"verdictLabel": verdictLabel,
	"dict":         dict,
}).ParseFS(htmlFiles, "html/*.gohtml"))

// htmlDataLimit is how many escaped characters of one send or recv event the page shows; the JSON
// report keeps every byte.
const htmlDataLimit = 16 << 10

// htmlVerdicts is the order verdicts are shown and counted in.
var htmlVerdicts = []string{VerdictFailed, VerdictXPass, VerdictXFail, VerdictPassed, VerdictSkipped}

// dict builds a map from key, value pairs, to hand a sub-template several values.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func verdictLabel(v string) string {
	switch v {
	case VerdictXFail:
		return "expected failure"
	case VerdictXPass:
		return "unexpected pass"
	}
	return v
}

type htmlPage struct {
	Title     string
	Report    *Report
	Started   string
	Generated string
	Totals    []htmlCount
	Areas     []htmlRow
	Levels    []htmlRow
	Modes     []htmlMode
	Behaviors []htmlBehavior
	Filters   htmlFilters
	Style     template.CSS
	Script    template.JS
}

type htmlCount struct {
	Verdict, Label string
	N              int
}

// htmlRow is one line of a counts table: cases of an area or level by verdict.
type htmlRow struct {
	Name   string
	Counts []int // in htmlVerdicts order
	Total  int
}

type htmlMode struct{ Name, Addr, Unavailable string }

type htmlFilters struct{ Verdicts, Levels, Areas []htmlCount }

type htmlBehavior struct {
	ID, Area, Level, Versions, Summary, Change string
	Cite                                       catalog.Citation
	Issues                                     []htmlLink
	Related                                    []string
	Verdict                                    string
	Open                                       bool
	Cases                                      []htmlCase
}

type htmlLink struct{ Text, URL string }

type htmlCase struct {
	Anchor, Name, Mode, Verdict, Expected string
	DurationMS                            float64
	Want, Got                             []string // the failure's "expected:" and "got:" lines
	Message                               string   // the rest of the failure (or skip) message
	Conns                                 []htmlConn
	Log                                   []string
	Notes                                 []string
}

type htmlConn struct {
	Title  string
	Events []htmlEvent
}

type htmlEvent struct {
	Ms, Kind, What string
	Data           template.HTML // escaped bytes, one line per "\n", escapes marked up
	HasData        bool
	More           string
}

// WriteHTML writes the report as one self-contained HTML page.
func (r *Report) WriteHTML(w io.Writer) error {
	page, err := newHTMLPage(r)
	if err != nil {
		return err
	}
	return htmlTemplates.ExecuteTemplate(w, "report", page)
}

func newHTMLPage(r *Report) (*htmlPage, error) {
	style, script, err := htmlAssets()
	if err != nil {
		return nil, err
	}
	p := &htmlPage{
		Title: "httpspec: " + r.Name, Report: r, Style: style, Script: script,
		Started:   r.Started.UTC().Format("2006-01-02 15:04:05 UTC"),
		Generated: time.Now().UTC().Format("2006-01-02 15:04:05 UTC"),
	}
	for _, m := range sortedModes(r.Modes) {
		p.Modes = append(p.Modes, htmlMode{string(m), r.Modes[m].Addr, r.Modes[m].Unavailable})
	}
	p.Areas = countRows(r.Cases, func(c Case) string { return c.Area }, areaNames())
	p.Levels = countRows(r.Cases, func(c Case) string { return c.Level }, []string{"documented", "detail", "informational"})
	total := countRows(r.Cases, func(Case) string { return "all" }, []string{"all"})
	for i, v := range htmlVerdicts {
		p.Totals = append(p.Totals, htmlCount{v, verdictLabel(v), total[0].Counts[i]})
	}
	p.Filters = htmlFilters{Verdicts: p.Totals, Levels: rowCounts(p.Levels), Areas: rowCounts(p.Areas)}
	p.Behaviors = htmlBehaviors(r.Cases)
	return p, nil
}

func htmlAssets() (template.CSS, template.JS, error) {
	css, err := htmlFiles.ReadFile("html/report.css")
	if err != nil {
		return "", "", err
	}
	js, err := htmlFiles.ReadFile("html/report.js")
	if err != nil {
		return "", "", err
	}
	return template.CSS(css), template.JS(js), nil
}

func areaNames() []string {
	out := make([]string, len(catalog.Areas))
	for i, a := range catalog.Areas {
		out[i] = string(a)
	}
	return out
}

// countRows counts cases by verdict for each value of key, in the order given, leaving out values no
// case has.
func countRows(cases []Case, key func(Case) string, order []string) []htmlRow {
	rows := map[string]*htmlRow{}
	for _, c := range cases {
		k := key(c)
		row := rows[k]
		if row == nil {
			row = &htmlRow{Name: k, Counts: make([]int, len(htmlVerdicts))}
			rows[k] = row
		}
		for i, v := range htmlVerdicts {
			if c.Verdict == v {
				row.Counts[i]++
			}
		}
		row.Total++
	}
	var out []htmlRow
	for _, k := range order {
		if row := rows[k]; row != nil {
			out = append(out, *row)
			delete(rows, k)
		}
	}
	var rest []string
	for k := range rows {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, *rows[k])
	}
	return out
}

func rowCounts(rows []htmlRow) []htmlCount {
	out := make([]htmlCount, len(rows))
	for i, r := range rows {
		out[i] = htmlCount{r.Name, r.Name, r.Total}
	}
	return out
}

// htmlBehaviors groups the cases by behavior, failures first, catalogue order within a verdict.
func htmlBehaviors(cases []Case) []htmlBehavior {
	var out []htmlBehavior
	index := map[string]int{}
	for _, c := range cases {
		i, ok := index[c.Behavior]
		if !ok {
			i = len(out)
			index[c.Behavior] = i
			out = append(out, newHTMLBehavior(c))
		}
		b := &out[i]
		hc := newHTMLCase(c, fmt.Sprintf("%s/%d", c.Behavior, len(b.Cases)+1))
		b.Cases = append(b.Cases, hc)
		if verdictRank[c.Verdict] < verdictRank[b.Verdict] {
			b.Verdict = c.Verdict
		}
	}
	for i := range out {
		out[i].Open = out[i].Verdict == VerdictFailed || out[i].Verdict == VerdictXPass
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := verdictRank[out[i].Verdict], verdictRank[out[j].Verdict]; ri != rj {
			return ri < rj
		}
		return areaIndex(out[i].Area) < areaIndex(out[j].Area)
	})
	return out
}

// areaIndex is an area's place in the catalogue's reading order (Ginkgo may run areas in another).
func areaIndex(area string) int {
	for i, a := range catalog.Areas {
		if string(a) == area {
			return i
		}
	}
	return len(catalog.Areas)
}

func newHTMLBehavior(c Case) htmlBehavior {
	b := htmlBehavior{
		ID: c.Behavior, Area: c.Area, Level: c.Level, Versions: c.Versions, Summary: c.Summary,
		Cite: c.Citation, Change: c.Change, Related: c.Related, Verdict: c.Verdict,
	}
	for _, issue := range c.Citation.Issues {
		b.Issues = append(b.Issues, htmlLink{issue, issueURL(issue)})
	}
	return b
}

// issueURL links a CPython issue: gh-NNN on GitHub, bpo-NNN on the old tracker.
func issueURL(issue string) string {
	switch {
	case strings.HasPrefix(issue, "gh-"):
		return "https://github.com/python/cpython/issues/" + strings.TrimPrefix(issue, "gh-")
	case strings.HasPrefix(issue, "bpo-"):
		return "https://bugs.python.org/issue" + strings.TrimPrefix(issue, "bpo-")
	}
	return ""
}

func newHTMLCase(c Case, anchor string) htmlCase {
	hc := htmlCase{
		Anchor: anchor, Name: specName(c), Mode: c.Mode, Verdict: c.Verdict, Expected: c.Expected,
		DurationMS: c.DurationMS, Notes: c.Notes,
	}
	hc.Want, hc.Got, hc.Message = splitFailure(VisibleControls(c.Message))
	for _, l := range c.Log {
		hc.Log = append(hc.Log, QuoteLog(l))
	}
	for _, conn := range c.Connections() {
		hc.Conns = append(hc.Conns, newHTMLConn(conn))
	}
	return hc
}

// splitFailure reads a check's failure ("expected: ...\n     got: ...\n\n<behavior note>") into the
// expected lines, the actual lines and the rest; a message of another shape is all rest.
func splitFailure(msg string) (want, got []string, rest string) {
	head, tail, _ := strings.Cut(strings.TrimSpace(msg), "\n\n")
	var extra []string
	for _, line := range strings.Split(head, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "expected: "):
			want = append(want, strings.TrimPrefix(t, "expected: "))
		case strings.HasPrefix(t, "expected not: "):
			want = append(want, "not "+strings.TrimPrefix(t, "expected not: "))
		case strings.HasPrefix(t, "got: "):
			got = append(got, strings.TrimPrefix(t, "got: "))
		case len(got) > 0:
			got = append(got, t)
		default:
			extra = append(extra, line)
		}
	}
	if len(want) == 0 {
		return nil, nil, strings.TrimSpace(msg)
	}
	rest = strings.TrimSpace(strings.Join(append(extra, "", withoutCitation(tail)), "\n"))
	return want, got, rest
}

// withoutCitation drops from a failure's note the lines the page shows above it already (the
// behavior's summary and citation: suite.Case.failureMessage), keeping the version note.
func withoutCitation(note string) string {
	var keep []string
	for _, line := range strings.Split(note, "\n") {
		if !citationLine.MatchString(line) {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

var citationLine = regexp.MustCompile(`^(\S+\.\S+: |Documented: |Source: |Issues: |Research: |  «)`)

func newHTMLConn(c Connection) htmlConn {
	hc := htmlConn{Title: fmt.Sprintf("connection #%d to %s", c.Conn, c.Addr)}
	if c.Label != "" {
		hc.Title += " (" + c.Label + ")"
	}
	for _, e := range c.Events {
		he := htmlEvent{Ms: fmt.Sprintf("%.1f", e.Ms), Kind: e.Event, What: e.Note}
		if e.Len != nil {
			he.What = fmt.Sprintf("%d bytes", *e.Len)
			if e.Note != "" {
				he.What += " (" + e.Note + ")"
			}
		}
		if e.Data != nil {
			he.HasData = true
			he.Data, he.More = markUpEscapes(*e.Data, htmlDataLimit)
		}
		hc.Events = append(hc.Events, he)
	}
	return hc
}

// markUpEscapes renders escaped data (wire.Quote's form) as HTML: a line per "\n", each escape in a
// span so it stands out from the bytes that are themselves. The page's hex toggle decodes the text
// back into bytes, so the markup must keep the escaped text intact.
func markUpEscapes(q string, limit int) (template.HTML, string) {
	lines := EscapedLines(q, limit)
	more := ""
	if n := len(lines); n > 0 && strings.HasPrefix(lines[n-1], "… ") {
		more, lines = lines[n-1], lines[:n-1]
	}
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		for line != "" {
			j := strings.IndexByte(line, '\\')
			if j < 0 {
				b.WriteString(html.EscapeString(line))
				break
			}
			b.WriteString(html.EscapeString(line[:j]))
			n := escapeLen(line[j:])
			b.WriteString(`<span class="esc">` + html.EscapeString(line[j:j+n]) + `</span>`)
			line = line[j+n:]
		}
	}
	return template.HTML(b.String()), more
}

// escapeLen is the length of the escape at the start of s: `\xHH` or a backslash and one character.
func escapeLen(s string) int {
	if len(s) >= 4 && s[1] == 'x' {
		return 4
	}
	return min(2, len(s))
}
