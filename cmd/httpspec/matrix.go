package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/runner"
)

// targetList is the repeatable --target NAME='CMD' flag.
type targetList []runner.MatrixTarget

func (l *targetList) String() string { return fmt.Sprint(len(*l)) }

func (l *targetList) Set(v string) error {
	name, cmd, ok := strings.Cut(v, "=")
	if !ok || name == "" || strings.ContainsAny(name, " \t") || strings.TrimSpace(cmd) == "" {
		return fmt.Errorf("want NAME='COMMAND {port} {dir}', got %q", v)
	}
	*l = append(*l, runner.MatrixTarget{Name: name, Args: []string{"--target", cmd}})
	return nil
}

// matrixCommand is `httpspec matrix`: the suite against several targets at once, merged into a
// behaviors × targets table; or, with --merge, the table from JSON reports of earlier runs.
func matrixCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("httpspec matrix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		targets   targetList
		reference = fs.Bool("reference", false, "add the embedded reference server as the first target, named reference")
		jobs      = fs.Int("jobs", runtime.NumCPU(), "how many targets run at once")
		dir       = fs.String("dir", "", "keep each target's JSON, HTML, JUnit report and output here (default: a temporary directory)")
		markdown  = fs.String("markdown", "", "write the table as Markdown here (- for stdout)")
		html      = fs.String("html", "", "write the table as a self-contained HTML page here")
		jsonPath  = fs.String("json", "", "write the matrix, with every run's report, as JSON here (it can be merged again)")
		pythons   = fs.String("pythons", "", "add CPython interpreters as targets, each run with --python: auto for every one found, or minor versions such as 3.10,3.13")
		merge     = fs.Bool("merge", false, "build the table from JSON reports given as arguments (FILE or NAME=FILE) instead of running")
	)
	fs.Var(&targets, "target", "a target as NAME='COMMAND {port} {dir}' (repeatable)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: httpspec matrix [--target NAME='CMD' ...] [--reference] [--markdown F] [--html F] [-- RUN-FLAGS]
       httpspec matrix --merge [--markdown F] [--html F] REPORT.json|NAME=REPORT.json ...

Runs the suite against every target (RUN-FLAGS, such as --level or --label-filter, go to each run)
or merges earlier JSON reports, and writes behaviors × targets.

`)
		fs.PrintDefaults()
	}
	files, runArgs, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return runner.ExitNoRun
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "httpspec matrix: %v\n", err)
		return runner.ExitNoRun
	}
	var m *runner.Matrix
	if *merge {
		if len(targets) > 0 || *reference || len(files) == 0 || len(runArgs) > 0 {
			return fail(errors.New("--merge takes JSON reports as arguments, and no targets"))
		}
		var err error
		if m, err = mergeFiles(files); err != nil {
			return fail(err)
		}
	} else {
		if *pythons != "" {
			found, err := pythonTargets(*pythons)
			if err != nil {
				return fail(err)
			}
			targets = append(targets, found...)
		}
		if *reference {
			targets = append(targetList{{Name: "reference"}}, targets...) // the baseline comes first
		}
		if len(targets) == 0 {
			return fail(errors.New("no targets: give --target NAME='CMD' (repeatable) or --reference"))
		}
		if len(files) > 0 {
			return fail(fmt.Errorf("unexpected argument %q: flags for the runs go after --, reports to merge need --merge", files[0]))
		}
		var err error
		if m, err = runTargets(targets, *jobs, *dir, *html, runArgs, stdout); err != nil {
			return fail(err)
		}
	}
	if err := writeMatrix(m, *markdown, *html, *jsonPath, stdout); err != nil {
		return fail(err)
	}
	return matrixStatus(m)
}

// runTargets runs every target through runner.RunMatrix, keeping the runs' reports in dir (or a
// temporary directory), and points the matrix's links at them relative to the HTML page.
func runTargets(targets targetList, jobs int, dir, html string, runArgs []string, stdout io.Writer) (*runner.Matrix, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	keep := dir != ""
	if !keep {
		if dir, err = os.MkdirTemp("", "httpspec-matrix-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	m, err := runner.RunMatrix(ctx, runner.MatrixOptions{
		Exe: exe, Targets: targets, Jobs: jobs, RunArgs: runArgs, Dir: dir, Stdout: stdout,
	})
	if err != nil {
		return nil, err
	}
	for i := range m.Columns {
		c := &m.Columns[i]
		switch rel, err := filepath.Rel(filepath.Dir(absPath(html)), filepath.Join(absPath(dir), c.HTML)); {
		case !keep || html == "" || c.HTML == "" || err != nil:
			c.HTML = ""
		default:
			c.HTML = filepath.ToSlash(rel)
		}
	}
	return m, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// mergeFiles reads run reports (or earlier matrices) named FILE or NAME=FILE.
func mergeFiles(args []string) (*runner.Matrix, error) {
	var names []string
	var reports []*runner.Report
	for _, arg := range args {
		name, path, named := strings.Cut(arg, "=")
		if !named || strings.ContainsRune(name, os.PathSeparator) {
			name, path = "", arg
		}
		ns, rs, err := runner.ReadMatrixOrReport(path)
		if err != nil {
			return nil, err
		}
		if name != "" && len(ns) == 1 {
			ns[0] = name
		}
		names, reports = append(names, ns...), append(reports, rs...)
	}
	return runner.MergeReports(names, reports), nil
}

func writeMatrix(m *runner.Matrix, markdown, html, jsonPath string, stdout io.Writer) error {
	write := func(path string, f func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		if path == "-" {
			return f(stdout)
		}
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := f(out); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	}
	if err := write(markdown, m.WriteMarkdown); err != nil {
		return fmt.Errorf("--markdown: %w", err)
	}
	if err := write(html, m.WriteHTML); err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	if err := write(jsonPath, m.WriteJSON); err != nil {
		return fmt.Errorf("--json: %w", err)
	}
	return nil
}

// matrixStatus is 2 when a run did not happen, 1 when one failed, else 0.
func matrixStatus(m *runner.Matrix) int {
	status := runner.ExitPassed
	for i, c := range m.Columns {
		switch {
		case c.Error != "" || m.Reports[i] == nil:
			return runner.ExitNoRun
		case c.Summary.Broken():
			status = runner.ExitFailed
		}
	}
	return status
}

// parseInterspersed parses flags wherever they stand among the arguments, up to a "--": it returns
// the other arguments, and those after the "--".
func parseInterspersed(fs *flag.FlagSet, args []string) (positional, afterDashes []string, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return positional, rest, nil
		}
		if len(rest) == 0 {
			return positional, nil, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// pythonTargets finds the CPython interpreters the matrix runs (internal/cpython's discovery: the
// HTTPSPEC_PYTHON* variables, pyenv, PATH): every one for "auto", else one per minor version asked
// for, each a column named after its release.
func pythonTargets(which string) (targetList, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	found := cpython.FindAll(ctx)
	want := map[string]bool{}
	if which != "auto" {
		for _, v := range strings.Split(which, ",") {
			want[strings.TrimSpace(v)] = true
		}
	}
	var out targetList
	for _, py := range found {
		minor := py.Version.MinorString()
		if which != "auto" && !want[minor] {
			continue
		}
		delete(want, minor)
		out = append(out, runner.MatrixTarget{Name: "CPython " + py.Version.String(), Args: []string{"--python", py.Path}})
	}
	var missing []string
	for v := range want {
		missing = append(missing, v)
	}
	sort.Strings(missing)
	if len(missing) > 0 || len(out) == 0 {
		return nil, fmt.Errorf("--pythons %s: no working CPython found %s(pyenv, PATH and HTTPSPEC_PYTHON_3_X are searched)",
			which, strings.Join(append(missing, ""), " "))
	}
	return out, nil
}
