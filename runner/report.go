package runner

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
)

// Report is the result of a run: what `--json` writes and the other reports are made from.
type Report struct {
	Target   string              `json:"target"`
	Profile  string              `json:"profile"`
	Level    string              `json:"level"`
	Modes    map[suite.Mode]Mode `json:"modes"`
	Started  time.Time           `json:"started"`
	Duration float64             `json:"duration_seconds"`
	Summary  Summary             `json:"summary"`
	Cases    []Case              `json:"cases"`
	ginkgo   types.Report
}

// Mode says how one mode's target fared.
type Mode struct {
	Addr        string `json:"addr,omitempty"`
	Unavailable string `json:"unavailable,omitempty"`
}

// Summary counts cases by verdict.
type Summary struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// Case is one spec's verdict, with the behavior it checks and everything a reader needs to judge it.
type Case struct {
	Spec        string           `json:"spec"`
	Behavior    string           `json:"behavior"`
	Area        string           `json:"area"`
	Level       string           `json:"level"`
	Versions    string           `json:"versions"`
	Summary     string           `json:"summary"`
	Citation    catalog.Citation `json:"citation"`
	Mode        string           `json:"mode"`
	State       string           `json:"state"` // passed, failed, skipped
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
		ginkgo:   g,
	}
	for _, m := range suite.Modes {
		if t := cfg.Targets[m]; t != nil {
			r.Modes[m] = Mode{Addr: t.Addr}
		} else {
			r.Modes[m] = Mode{Unavailable: cfg.Unavailable[m]}
		}
	}
	for _, spec := range g.SpecReports {
		if spec.LeafNodeType != types.NodeTypeIt {
			continue
		}
		c := caseFrom(spec)
		switch c.State {
		case "passed":
			r.Summary.Passed++
		case "failed":
			r.Summary.Failed++
		default:
			r.Summary.Skipped++
		}
		r.Cases = append(r.Cases, c)
	}
	return r
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

// write writes the reports the options ask for.
func (r *Report) write(o Options) error {
	if o.JSONPath != "" {
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.JSONPath, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("write the JSON report: %w", err)
		}
	}
	if o.JUnitPath != "" {
		cfg := reporters.JunitReportConfig{OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped}
		if err := reporters.GenerateJUnitReportWithConfig(r.ginkgo, o.JUnitPath, cfg); err != nil {
			return fmt.Errorf("write the JUnit report: %w", err)
		}
	}
	return nil
}

// printSummary writes the end-of-run summary: counts, then each failure with its first line.
func (r *Report) printSummary(w io.Writer) {
	fmt.Fprintf(w, "\nhttpspec: %s, profile %s, level %s\n", r.Target, r.Profile, r.Level)
	modes := make([]string, 0, len(r.Modes))
	for m, st := range r.Modes {
		if st.Unavailable != "" {
			modes = append(modes, fmt.Sprintf("  mode %s unavailable: %s", m, firstLine(st.Unavailable)))
		}
	}
	sort.Strings(modes)
	for _, m := range modes {
		fmt.Fprintln(w, m)
	}
	for _, c := range r.Cases {
		if c.State == "failed" {
			fmt.Fprintf(w, "  FAIL %s [%s] %s\n", c.Spec, c.Mode, firstLine(c.Message))
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped in %.1fs\n", r.Summary.Passed, r.Summary.Failed, r.Summary.Skipped, r.Duration)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
