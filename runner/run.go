// Package runner starts the server under test once per mode, runs the conformance suite against it and
// reports. It is what `httpspec run` does; Ginkgo allows one suite run per process, so Run is called
// once per process (the matrix re-executes the binary per target).
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// Exit statuses of a run.
const (
	ExitPassed      = 0   // every case that ran passed
	ExitFailed      = 1   // some case failed
	ExitNoRun       = 2   // the run itself could not happen (bad options, target never ready...)
	ExitInterrupted = 130 // Ctrl-C: the run stopped early (128 + SIGINT, as a shell reports it)
	maxRestarts     = 5   // per mode: a target that keeps crashing fails its cases instead
)

// Options configure one run.
type Options struct {
	// Target starts the server under test; nil with Addr empty means the embedded reference.
	Target Target
	// Addr and Root name a server someone else started on `httpspec fixtures ROOT`.
	Addr, Root string
	// Profile is the CPython release to expect ("" detects it from the Server header).
	Profile string
	// Level is the least binding level required (catalog.ParseLevel); zero requires everything.
	Level catalog.Level
	// LabelFilter and Focus select specs the way Ginkgo's flags do.
	LabelFilter string
	Focus       []string
	// Timeout bounds socket operations; Quiet is how long silence must last to count.
	Timeout, Quiet time.Duration
	// StartTimeout bounds how long a target may take to accept connections (default 10s).
	StartTimeout time.Duration
	// WorkDir is where the run's temporary directory is made (default os.TempDir()).
	WorkDir string
	// Keep leaves the temporary directory (fixtures, copies) in place and names it.
	Keep bool
	// Reports to write; empty names are skipped.
	JSONPath, JUnitPath string
	// Verbose prints Ginkgo's verbose output (every spec) instead of its progress dots.
	Verbose bool
	// NoColor turns colour off.
	NoColor bool
	Stdout  io.Writer
	Stderr  io.Writer
	// ReportOptions: HTML, expectations, the run's name (runner/reports.go).
	ReportOptions
}

// Run runs the suite once and returns the exit status.
func Run(ctx context.Context, o Options) int {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	report, err := run(ctx, o)
	code := ExitNoRun
	if err != nil {
		fmt.Fprintf(o.Stderr, "httpspec run: %v\n", err)
	} else {
		code = report.finish(o)
	}
	if ctx.Err() != nil {
		// The report covers the cases that ran; a summary that passes must not pass the run.
		fmt.Fprintln(o.Stderr, "httpspec run: interrupted; the reports hold only the cases that ran")
		return ExitInterrupted
	}
	return code
}

func run(ctx context.Context, o Options) (*Report, error) {
	if o.StartTimeout <= 0 {
		o.StartTimeout = 10 * time.Second
	}
	if (o.Addr == "") != (o.Root == "") {
		return nil, errors.New("--addr and --root go together: the address of a server, and the directory it serves (written by `httpspec fixtures`)")
	}
	if o.Addr != "" && o.Target != nil {
		return nil, errors.New("--addr names a running server; --target starts one: give one of them")
	}
	work, err := os.MkdirTemp(o.WorkDir, "httpspec-")
	if err != nil {
		return nil, fmt.Errorf("make a temporary directory: %w", err)
	}
	if o.Keep {
		fmt.Fprintf(o.Stderr, "httpspec run: keeping %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	// An unprivileged target must reach the fixtures: MkdirTemp makes 0700 directories.
	if err := os.Chmod(work, 0o755); err != nil {
		return nil, err
	}
	var s *session
	if o.Addr != "" {
		s, err = attach(o)
	} else {
		s, err = launch(ctx, o, work)
	}
	if err != nil {
		return nil, err
	}
	defer s.stop()
	if ctx.Err() != nil {
		return nil, errors.New("interrupted while the targets were starting")
	}
	cfg, err := s.config(ctx, o)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	ginkgoReport, _ := suite.Run(cfg, suiteConfig(o), reporterConfig(o), newProgress(o).spec)
	return newReport(s, cfg, ginkgoReport, time.Since(started)), nil
}

// session is the targets of one run.
type session struct {
	name        string
	layout      *fixtures.Layout
	targets     map[suite.Mode]*suite.Target
	unavailable map[suite.Mode]string
	processes   []*process
	mu          sync.Mutex
	launcher    suite.Launcher
}

func (s *session) stop() {
	s.mu.Lock()
	ps := append([]*process(nil), s.processes...)
	s.mu.Unlock()
	stopAll(ps, 2*time.Second)
}

// attach describes a server someone else started on `httpspec fixtures ROOT`: only the default mode,
// no log.
func attach(o Options) (*session, error) {
	layout, err := existingLayout(o.Root)
	if err != nil {
		return nil, err
	}
	if c, err := net.DialTimeout("tcp", o.Addr, 3*time.Second); err != nil {
		return nil, fmt.Errorf("--addr %s: nothing accepts connections there: %w", o.Addr, err)
	} else {
		c.Close()
	}
	why := "the server was started outside httpspec (--addr), in one mode only"
	return &session{
		name:    o.Addr,
		layout:  layout,
		targets: map[suite.Mode]*suite.Target{suite.ModeDefault: {Mode: suite.ModeDefault, Addr: o.Addr}},
		unavailable: map[suite.Mode]string{
			suite.ModeHTTP11: why, suite.ModeCGI: why, suite.ModeUnprivileged: why,
		},
	}, nil
}

// existingLayout finds the tree `httpspec fixtures DIR` wrote: DIR/docroot and DIR/outside.
func existingLayout(root string) (*fixtures.Layout, error) {
	base := root
	if _, err := os.Stat(filepath.Join(root, "docroot")); err != nil && filepath.Base(root) == "docroot" {
		base = filepath.Dir(root)
	}
	l := &fixtures.Layout{Base: base, DocRoot: filepath.Join(base, "docroot"), Outside: filepath.Join(base, "outside")}
	fi, err := os.Stat(filepath.Join(l.DocRoot, "large.bin"))
	if err != nil {
		return nil, fmt.Errorf("--root %s does not hold the httpspec fixtures (write them with `httpspec fixtures DIR`): %w", root, err)
	}
	l.LargeFileSize = fi.Size()
	return l, nil
}

// launch materialises the fixtures and starts the target in every mode at once.
func launch(ctx context.Context, o Options, work string) (*session, error) {
	layout, err := fixtures.Materialize(filepath.Join(work, "fixtures"), fixtures.Options{})
	if err != nil {
		return nil, fmt.Errorf("write the fixtures: %w", err)
	}
	target := o.Target
	if target == nil {
		return nil, errors.New("no target")
	}
	if ref, ok := target.(*referenceTarget); ok {
		if err := ref.prepareUnprivileged(work); err != nil {
			return nil, err
		}
	}
	s := &session{
		name:        target.Name(),
		layout:      layout,
		targets:     map[suite.Mode]*suite.Target{},
		unavailable: map[suite.Mode]string{},
	}
	if cli := target.CLI(); cli != nil {
		s.launcher = &cliLauncher{prefix: cli, dir: layout.DocRoot, session: s}
	}
	var wg sync.WaitGroup
	for _, mode := range suite.Modes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t, err := s.startMode(ctx, o, target, mode)
			s.mu.Lock()
			defer s.mu.Unlock()
			if err != nil {
				s.unavailable[mode] = err.Error()
				return
			}
			s.targets[mode] = t
		}()
	}
	wg.Wait()
	if s.targets[suite.ModeDefault] == nil {
		s.stop()
		return nil, fmt.Errorf("the target could not start in its default mode: %s", s.unavailable[suite.ModeDefault])
	}
	if os.Geteuid() != 0 {
		// Not root: the default target is the unprivileged one.
		s.targets[suite.ModeUnprivileged] = s.targets[suite.ModeDefault]
		delete(s.unavailable, suite.ModeUnprivileged)
	}
	return s, nil
}

// startMode starts one mode's process and waits until it accepts connections; the returned target
// restarts it (up to maxRestarts times) when a spec finds it dead.
func (s *session) startMode(ctx context.Context, o Options, target Target, mode suite.Mode) (*suite.Target, error) {
	// A target that prints its port (the reference, CPython) starts on port 0: a port picked here and
	// handed over could be taken by another process in between, and the run would test whatever
	// listens there. Only a {port} template gets one picked for it.
	port := 0
	if pc, ok := target.(interface{ choosesPort() bool }); !ok || !pc.choosesPort() {
		var err error
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	cmd, err := target.Command(mode, port, s.layout.DocRoot)
	if err != nil {
		return nil, err
	}
	p, addr, err := s.startProcess(ctx, cmd, port, o.StartTimeout)
	if err != nil {
		return nil, err
	}
	_, portText, _ := net.SplitHostPort(addr)
	port, _ = strconv.Atoi(portText)
	log := &restartingLog{current: p.stderr}
	restarts := 0
	t := &suite.Target{Mode: mode, Addr: addr, Log: log, Root: cmd.Credential == nil && os.Geteuid() == 0}
	t.Alive = func(ctx context.Context) (string, error) {
		if !p.exited() {
			return "", nil
		}
		if restarts >= maxRestarts {
			return "", fmt.Errorf("it exited with status %d and was restarted %d times already\n%s", p.status, restarts, p.tail(10))
		}
		restarts++
		note := fmt.Sprintf("the %s target had exited with status %d; restarted it (restart %d)\n%s", mode, p.status, restarts, p.tail(10))
		// The restart must listen where the specs connect: on the port the first start printed.
		again, err := target.Command(mode, port, s.layout.DocRoot)
		if err != nil {
			return "", err
		}
		np, _, err := s.startProcess(ctx, again, port, o.StartTimeout)
		if err != nil {
			return "", err
		}
		p = np
		log.swap(np.stderr)
		return note, nil
	}
	return t, nil
}

// startProcess starts cmd and waits for it to listen on port (or, for port 0, to print its port).
func (s *session) startProcess(ctx context.Context, cmd Command, port int, deadline time.Duration) (*process, string, error) {
	p, err := start(cmd)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	s.processes = append(s.processes, p)
	s.mu.Unlock()
	if port == 0 {
		if port, err = waitBannerPort(ctx, p, deadline); err != nil {
			p.stop(time.Second)
			return nil, "", err
		}
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if err := waitReady(ctx, p, addr, deadline); err != nil {
		p.stop(time.Second)
		return nil, "", err
	}
	return p, addr, nil
}

// config builds the suite's configuration: targets, profile, capabilities.
func (s *session) config(ctx context.Context, o Options) (suite.Config, error) {
	detected, isCPython := s.detectPython(ctx)
	profile := detected
	if o.Profile != "" {
		v, err := catalog.ParseVersion(o.Profile)
		if err != nil {
			return suite.Config{}, fmt.Errorf("--profile: %w", err)
		}
		profile = v
	}
	return suite.Config{
		Profile:         profile,
		TargetIsCPython: isCPython,
		Level:           o.Level,
		Targets:         s.targets,
		Unavailable:     s.unavailable,
		Fixtures:        s.layout,
		Timeout:         o.Timeout,
		Quiet:           o.Quiet,
		Launcher:        s.launcher,
	}, nil
}

// serverPython finds "Python/3.X.Y" in a Server header.
var serverPython = regexp.MustCompile(`\bPython/(\d+\.\d+\.\d+\S*)`)

// detectPython reads the default target's Server header: the CPython release it names, else the
// newest the catalogue knows, and whether it named one at all.
func (s *session) detectPython(ctx context.Context) (catalog.Version, bool) {
	res, err := wire.Exchange(ctx, s.targets[suite.ModeDefault].Addr, []byte("HEAD / HTTP/1.0\r\n\r\n"), wire.Options{Timeout: 3 * time.Second})
	if err == nil && res.Final() != nil {
		if m := serverPython.FindStringSubmatch(res.Final().Get("Server")); m != nil {
			if v, err := catalog.ParseVersion(m[1]); err == nil {
				return v, true
			}
		}
	}
	return catalog.Newest, false
}

func suiteConfig(o Options) types.SuiteConfig {
	c := types.NewDefaultSuiteConfig()
	c.LabelFilter = o.LabelFilter
	c.FocusStrings = o.Focus
	c.RandomSeed = 1 // the catalogue's order is the reading order
	c.Timeout = time.Hour
	return c
}

func reporterConfig(o Options) types.ReporterConfig {
	c := types.NewDefaultReporterConfig()
	c.NoColor = o.NoColor
	c.Succinct = !o.Verbose
	c.Verbose = o.Verbose
	c.SilenceSkips = !o.Verbose
	return c
}

// restartingLog is a target's stderr across restarts: it follows the current process's log.
type restartingLog struct {
	mu      sync.Mutex
	current *suite.LineLog
	base    int // lines of earlier processes
}

func (r *restartingLog) swap(next *suite.LineLog) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.base += r.current.Len()
	r.current = next
}

func (r *restartingLog) get() (*suite.LineLog, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current, r.base
}

func (r *restartingLog) Len() int {
	l, base := r.get()
	return base + l.Len()
}

func (r *restartingLog) Lines(from int) []string {
	l, base := r.get()
	return l.Lines(max(from-base, 0))
}

func (r *restartingLog) Wait(ctx context.Context, from int, substr string) (int, error) {
	l, base := r.get()
	i, err := l.Wait(ctx, max(from-base, 0), substr)
	return i + base, err
}
