package runner

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// ReportOptions choose the reports a run writes beyond JSON and JUnit, and how its failures are
// judged.
type ReportOptions struct {
	// Name labels the run in reports and in the matrix (default: the target's name).
	Name string
	// HTMLPath is where to write the self-contained HTML report ("" for none).
	HTMLPath string
	// Expect holds the known failures; nil expects every case to pass.
	Expect *Expectations
	// WriteExpectPath is where to write the run's failures as an expectations file ("" for none).
	WriteExpectPath string
}

// finish judges the report against the expectations, writes every report asked for, prints the
// summary and returns the exit status.
func (r *Report) finish(o Options) int {
	if o.Name != "" {
		r.Name = o.Name
	}
	if r.Name == "" {
		r.Name = r.Target
	}
	if o.Expect != nil {
		o.Expect.Judge(r)
	}
	if err := r.write(o); err != nil {
		fmt.Fprintf(o.Stderr, "httpspec run: %v\n", err)
		return ExitNoRun
	}
	printSummary(o.Stdout, r, summaryStyle{color: colorOn(o.Stdout, o.NoColor), verbose: o.Verbose})
	if r.Summary.Broken() {
		return ExitFailed
	}
	return ExitPassed
}

// write writes the reports the options ask for.
func (r *Report) write(o Options) error {
	if o.JSONPath != "" {
		if err := r.WriteJSON(o.JSONPath); err != nil {
			return err
		}
	}
	if o.JUnitPath != "" {
		if err := writeFile(o.JUnitPath, "JUnit", r.WriteJUnit); err != nil {
			return err
		}
	}
	if o.HTMLPath != "" {
		if err := writeFile(o.HTMLPath, "HTML", r.WriteHTML); err != nil {
			return err
		}
	}
	if o.WriteExpectPath != "" {
		if err := writeFile(o.WriteExpectPath, "expectations", r.WriteExpectations); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON writes the report as `--json` does: everything the HTML report shows.
func (r *Report) WriteJSON(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write the JSON report: %w", err)
	}
	return nil
}

// writeFile writes one report through a buffer, naming the report in any error.
func writeFile(path, what string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write the %s report: %w", what, err)
	}
	w := bufio.NewWriter(f)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the %s report %s: %w", what, path, err)
	}
	return nil
}
