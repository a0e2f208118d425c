package runner

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
)

// Report is the result of a run: what `--json` writes and the other reports are made from.
type Report struct {
	// Name labels the run in the matrix (default: the target's name).
	Name     string              `json:"name,omitempty"`
	Target   string              `json:"target"`
	Profile  string              `json:"profile"`
	Level    string              `json:"level"`
	Modes    map[suite.Mode]Mode `json:"modes"`
	Started  time.Time           `json:"started"`
	Duration float64             `json:"duration_seconds"`
	Summary  Summary             `json:"summary"`
	Cases    []Case              `json:"cases"`
	// Expectations names the file of known failures the verdicts were judged against, if any.
	Expectations string `json:"expectations,omitempty"`
}

// Mode says how one mode's target fared.
type Mode struct {
	Addr        string `json:"addr,omitempty"`
	Unavailable string `json:"unavailable,omitempty"`
}

// Summary counts cases by verdict. Failed counts only failures no expectation foresaw.
type Summary struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	XFail   int `json:"xfail,omitempty"` // failures an expectations file foresaw
	XPass   int `json:"xpass,omitempty"` // cases of a foreseen failure that passed: the expectation is stale
}

// Verdicts of a case: its Ginkgo state judged against the expectations.
const (
	VerdictPassed  = "passed"
	VerdictFailed  = "failed"
	VerdictSkipped = "skipped"
	VerdictXFail   = "xfail"
	VerdictXPass   = "xpass"
)

// Broken reports whether the run must fail: a failure nobody expected, or an expected one that is gone.
func (s Summary) Broken() bool { return s.Failed+s.XPass > 0 }

// Case is one spec's verdict, with the behavior it checks and everything a reader needs to judge it.
type Case struct {
	Spec        string           `json:"spec"`
	Behavior    string           `json:"behavior"`
	Area        string           `json:"area"`
	Level       string           `json:"level"`
	Versions    string           `json:"versions"`
	Summary     string           `json:"summary"`
	Citation    catalog.Citation `json:"citation"`
	Change      string           `json:"change,omitempty"`  // how other releases differ
	Related     []string         `json:"related,omitempty"` // the behavior's entries for other releases
	Mode        string           `json:"mode"`
	State       string           `json:"state"`              // passed, failed, skipped
	Verdict     string           `json:"verdict"`            // the state judged against the expectations: also xfail, xpass
	Expected    string           `json:"expected,omitempty"` // why a failure was expected, when one was
	Message     string           `json:"message,omitempty"`
	DurationMS  float64          `json:"duration_ms"`
	Transcripts json.RawMessage  `json:"transcripts,omitempty"`
	Log         []string         `json:"log,omitempty"`
	Notes       []string         `json:"notes,omitempty"`
}

func newReport(s *session, cfg suite.Config, g types.Report, elapsed time.Duration) *Report {
	r := &Report{
		Target:   s.name,
		Profile:  cfg.Profile.String(),
		Level:    levelName(cfg.Level),
		Modes:    map[suite.Mode]Mode{},
		Started:  g.StartTime,
		Duration: elapsed.Seconds(),
	}
	for _, m := range suite.Modes {
		if t := cfg.Targets[m]; t != nil {
			r.Modes[m] = Mode{Addr: t.Addr}
		} else {
			r.Modes[m] = Mode{Unavailable: cfg.Unavailable[m]}
		}
	}
	spent := 0
	for _, spec := range g.SpecReports {
		if selected(spec) {
			c := caseFrom(spec)
			c.Message = capMessage(c.Message)
			if spent += len(c.Transcripts); spent > transcriptBudget {
				c.Transcripts = trimTranscripts(c.Transcripts)
			}
			r.Cases = append(r.Cases, c)
		}
	}
	r.count()
	return r
}

// transcriptBudget bounds the transcript bytes a report holds in all. Against a target that answers
// every case with megabytes (an endless body), each case's transcript is 256 KiB a connection, held
// until the reports are written and copied again as they are: over the whole suite the runner grew
// past 1.5 GiB. Once the budget is spent, each connection of the later cases keeps the first
// trimmedData characters (escaped) it sent and received, and its events say what was left out.
const (
	transcriptBudget = 32 << 20
	trimmedData      = 4 << 10
)

// trimTranscripts cuts what each connection keeps of each direction to trimmedData characters, never
// inside an escape.
func trimTranscripts(raw json.RawMessage) json.RawMessage {
	var conns []Connection
	if json.Unmarshal(raw, &conns) != nil {
		return raw
	}
	for i := range conns {
		room := map[string]int{}
		for j := range conns[i].Events {
			e := &conns[i].Events[j]
			if e.Data == nil {
				continue
			}
			left, seen := room[e.Event]
			if !seen {
				left = trimmedData
			}
			if len(*e.Data) <= left {
				room[e.Event] = left - len(*e.Data)
				continue
			}
			data := (*e.Data)[:escapeBoundary(*e.Data, left)]
			e.Data = &data
			e.Note = strings.TrimSpace(e.Note + " (cut: the report's transcript budget is spent)")
			room[e.Event] = 0
		}
	}
	out, err := json.Marshal(conns)
	if err != nil {
		return raw
	}
	return out
}

// maxMessage bounds a case's failure message: a check that quotes what it got can quote a whole
// response body, megabytes long against a target that never stops sending.
const maxMessage = 64 << 10

func capMessage(m string) string {
	if len(m) <= maxMessage {
		return m
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(m[cut]) {
		cut--
	}
	return m[:cut] + fmt.Sprintf("… (%d more bytes not kept)", len(m)-cut)
}

// escapeBoundary is the largest cut <= limit that does not split one of wire.Quote's escapes
// (\\, \r, \n, \t, \xNN).
func escapeBoundary(s string, limit int) int {
	for i := 0; i < limit; i++ {
		if s[i] != '\\' {
			continue
		}
		next := i + 2
		if i+1 < len(s) && s[i+1] == 'x' {
			next = i + 4
		}
		if next > limit {
			return i
		}
		i = next - 1
	}
	return limit
}

// count fills the summary from the cases' verdicts.
func (r *Report) count() {
	r.Summary = Summary{}
	for _, c := range r.Cases {
		switch c.Verdict {
		case VerdictPassed:
			r.Summary.Passed++
		case VerdictFailed:
			r.Summary.Failed++
		case VerdictXFail:
			r.Summary.XFail++
		case VerdictXPass:
			r.Summary.XPass++
		default:
			r.Summary.Skipped++
		}
	}
}

// selected reports whether a Ginkgo report is a spec the run selected: specs left out by a label
// filter or focus are reported too, skipped without a reason, while the suite gives every skip one.
func selected(spec types.SpecReport) bool {
	return spec.LeafNodeType == types.NodeTypeIt && !(spec.State.Is(types.SpecStateSkipped) && spec.Failure.Message == "")
}

func levelName(l catalog.Level) string {
	if l == 0 {
		return catalog.Informational.String()
	}
	return l.String()
}

// caseFrom reads a Ginkgo spec report: its behavior comes from the spec's text "[id] name", its
// transcripts and log from the CaseReport entry the suite attached.
func caseFrom(spec types.SpecReport) Case {
	c := Case{Spec: spec.LeafNodeText, DurationMS: float64(spec.RunTime.Microseconds()) / 1000}
	if id, _, ok := strings.Cut(strings.TrimPrefix(spec.LeafNodeText, "["), "]"); ok {
		c.Behavior = id
	}
	if b, ok := catalog.Lookup(c.Behavior); ok {
		c.Area, c.Level, c.Versions, c.Summary, c.Citation = string(b.Area), b.Level.String(), b.Versions.String(), b.Summary, b.Cite
		c.Change, c.Related = b.Change, b.Related
	}
	switch {
	case spec.State.Is(types.SpecStatePassed):
		c.State = "passed"
	case spec.State.Is(types.SpecStateSkipped | types.SpecStatePending):
		c.State = "skipped"
		c.Message = spec.Failure.Message
	default:
		c.State = "failed"
		c.Message = spec.Failure.Message
	}
	c.Verdict = c.State
	for _, label := range spec.Labels() {
		for _, m := range suite.Modes {
			if label == string(m) {
				c.Mode = label
			}
		}
	}
	for _, e := range spec.ReportEntries {
		if cr, ok := e.Value.GetRawValue().(suite.CaseReport); ok {
			c.Notes, c.Log = cr.Notes, cr.Log
			if len(cr.Transcripts) > 0 {
				c.Transcripts, _ = json.Marshal(cr.Transcripts)
			}
		}
	}
	return c
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// ReadReport reads a report written by `httpspec run --json`.
func ReadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s is not an httpspec JSON report: %w", path, err)
	}
	if r.Cases == nil && r.Target == "" {
		return nil, fmt.Errorf("%s is not an httpspec JSON report: no target and no cases", path)
	}
	for i := range r.Cases {
		if r.Cases[i].Verdict == "" {
			r.Cases[i].Verdict = r.Cases[i].State // written before verdicts were judged
		}
	}
	if r.Name == "" {
		r.Name = r.Target
	}
	return &r, nil
}

// Connection is one connection's transcript as the JSON report holds it (suite/wire's
// Transcript.MarshalJSON): events with millisecond offsets, data escaped as by wire.Quote.
type Connection struct {
	Conn   int     `json:"conn"`
	Label  string  `json:"label,omitempty"`
	Addr   string  `json:"addr"`
	Events []Event `json:"events"`
}

// Event is one thing that happened on a connection: dial, send, recv, half-close, peer-closed, reset,
// silent, close or error.
type Event struct {
	Ms    float64 `json:"ms"`
	Event string  `json:"event"`
	Len   *int    `json:"len,omitempty"`
	Data  *string `json:"data,omitempty"`
	Note  string  `json:"note,omitempty"`
}

// Connections decodes the case's transcripts.
func (c Case) Connections() []Connection {
	var out []Connection
	if len(c.Transcripts) > 0 {
		_ = json.Unmarshal(c.Transcripts, &out)
	}
	return out
}

// FailedFocus is a Ginkgo focus expression that selects the specs whose cases failed the run in r
// (failures and unexpected passes), or "" when none did. A spec's full text ends with its own title,
// so each title is matched at the end.
func FailedFocus(r *Report) string {
	seen := map[string]bool{}
	var alts []string
	for _, c := range r.Cases {
		v := c.Verdict
		if v == "" {
			v = c.State // a report written before verdicts were judged
		}
		if (v == VerdictFailed || v == VerdictXPass) && !seen[c.Spec] {
			seen[c.Spec] = true
			alts = append(alts, regexp.QuoteMeta(c.Spec))
		}
	}
	if len(alts) == 0 {
		return ""
	}
	return "(?:" + strings.Join(alts, "|") + ")$"
}
