package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/httpspec/httpspec/runner"
	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
)

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// runCommand is `httpspec run`: the suite against a target (the embedded reference by default).
func runCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("httpspec run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		target      = fs.String("target", "", "start the server under test with this command; {port} and {dir} are replaced (default: the embedded reference)")
		python      = fs.String("python", "", "run CPython's http.server under this interpreter, in every mode, whatever its version")
		cli         = fs.String("cli", "", "with --target: the command prefix command-line specs append http.server's arguments to")
		http11Args  = fs.String("http11-args", "--protocol HTTP/1.1", "arguments that start --target in HTTP/1.1 mode")
		cgiArgs     = fs.String("cgi-args", "--cgi", "arguments that start --target in CGI mode")
		addr        = fs.String("addr", "", "HOST:PORT of a server already running on `httpspec fixtures DIR` (with --root)")
		root        = fs.String("root", "", "with --addr: the DIR given to `httpspec fixtures`")
		profile     = fs.String("profile", "", "CPython release whose behavior to expect, e.g. 3.10 or 3.11.4 (default: from the Server header, else "+catalog.Newest.String()+")")
		level       = fs.String("level", "all", "least binding level required: documented, detail or all")
		labelFilter = fs.String("label-filter", "", "run only specs whose labels match (Ginkgo syntax: area, behavior id, level, mode)")
		jsonPath    = fs.String("json", "", "write the JSON report here")
		junitPath   = fs.String("junit", "", "write a JUnit XML report here")
		timeout     = fs.Duration("timeout", 3*time.Second, "deadline of each socket operation")
		quiet       = fs.Duration("quiet", 300*time.Millisecond, "how long a target must stay silent for silence to be the verdict")
		startWait   = fs.Duration("start-timeout", 10*time.Second, "how long a target may take to accept connections")
		keep        = fs.Bool("keep", false, "keep the temporary directory (fixtures) and print its path")
		verbose     = fs.Bool("verbose", false, "print each failure in full: message, transcripts and the target's log")
		noColor     = fs.Bool("no-color", false, "no colour in the output")
		focus       stringList
	)
	fs.Var(&focus, "focus", "run only specs whose text matches this regular expression (repeatable)")
	reports := addReportFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return runner.ExitNoRun
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "httpspec run: unexpected argument %q (quote the --target command as one argument)\n", fs.Arg(0))
		return runner.ExitNoRun
	}
	lvl, err := catalog.ParseLevel(*level)
	if err != nil {
		fmt.Fprintf(stderr, "httpspec run: --level: %v\n", err)
		return runner.ExitNoRun
	}
	o := runner.Options{
		Addr: *addr, Root: *root, Profile: *profile, Level: lvl,
		LabelFilter: *labelFilter, Focus: focus,
		Timeout: *timeout, Quiet: *quiet, StartTimeout: *startWait,
		Keep: *keep, JSONPath: *jsonPath, JUnitPath: *junitPath,
		Verbose: *verbose, NoColor: *noColor, Stdout: stdout, Stderr: stderr,
	}
	if done, err := reports.apply(&o); err != nil || done {
		if err != nil {
			fmt.Fprintf(stderr, "httpspec run: %v\n", err)
			return runner.ExitNoRun
		}
		return runner.ExitPassed
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if o.Target, err = chooseTarget(ctx, *target, *python, *cli, *http11Args, *cgiArgs, *addr); err != nil {
		fmt.Fprintf(stderr, "httpspec run: %v\n", err)
		return runner.ExitNoRun
	}
	return runner.Run(ctx, o)
}

// chooseTarget builds the target from the flags: a CPython, a command template, or the embedded
// reference when none of --python, --target and --addr is given.
func chooseTarget(ctx context.Context, template, python, cli, http11Args, cgiArgs, addr string) (runner.Target, error) {
	switch {
	case template != "" && python != "":
		return nil, errors.New("--target and --python both name the server under test: give one")
	case python != "":
		return runner.PythonTarget(ctx, python)
	case template != "":
		modeArgs := map[suite.Mode][]string{
			suite.ModeHTTP11: strings.Fields(http11Args),
			suite.ModeCGI:    strings.Fields(cgiArgs),
		}
		return runner.TemplateTarget(template, modeArgs, cli)
	case addr != "":
		return nil, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the httpspec executable to run the reference server: %w", err)
	}
	return runner.ReferenceTarget(exe), nil
}
