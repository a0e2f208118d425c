package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/httpspec/httpspec/runner"
)

// reportFlags are `httpspec run`'s flags for reports, expectations and reruns.
type reportFlags struct {
	name, html, expect, writeExpect, rerunFailed string
}

func addReportFlags(fs *flag.FlagSet) *reportFlags {
	f := &reportFlags{}
	fs.StringVar(&f.name, "name", "", "label the run in reports and the matrix (default: the target's command)")
	fs.StringVar(&f.html, "html", "", "write a self-contained HTML report here")
	fs.StringVar(&f.expect, "expect", "", "judge failures against this expectations file: known failures are xfail; new failures and unexpected passes fail the run")
	fs.StringVar(&f.writeExpect, "write-expect", "", "write this run's failures here as an expectations file")
	fs.StringVar(&f.rerunFailed, "rerun-failed", "", "run only the cases that failed in this earlier JSON report")
	return f
}

// apply adds the flags' choices to the run's options. It reports done when there is nothing to run
// (a rerun of a report without failures).
func (f *reportFlags) apply(o *runner.Options) (done bool, err error) {
	o.Name, o.HTMLPath, o.WriteExpectPath = f.name, f.html, f.writeExpect
	if os.Getenv("NO_COLOR") != "" {
		o.NoColor = true
	}
	if f.expect != "" {
		if o.Expect, err = runner.ReadExpectations(f.expect); err != nil {
			return false, err
		}
	}
	if f.rerunFailed == "" {
		return false, nil
	}
	prev, err := runner.ReadReport(f.rerunFailed)
	if err != nil {
		return false, fmt.Errorf("--rerun-failed: %w", err)
	}
	focus := runner.FailedFocus(prev)
	if focus == "" {
		fmt.Fprintf(o.Stdout, "httpspec run: no case failed in %s; nothing to rerun\n", f.rerunFailed)
		return true, nil
	}
	o.Focus = append(o.Focus, focus)
	return false, nil
}
