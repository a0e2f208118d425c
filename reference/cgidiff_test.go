package reference

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite/wire"
)

// The CGI differential test serves one materialised fixture tree with CPython 3.13.0's
// `python -m http.server --cgi` and with the reference's `httpspec serve --cgi`, sends every case of
// cgidiff_cases_test.go to both, and compares, case by case, every byte received, how the connection
// ended, and the log lines the case produced. It runs twice when the test runs as root: with both
// servers as root (scripts then run as nobody with gid 0) and with both started as uid 65534.
//
// Normalisations, each because the value legitimately differs between the two servers:
//   - the Date header's value: the clock;
//   - the Server header's value and the env dump's SERVER_SOFTWARE line: they name the implementation
//     ("SimpleHTTP/0.6 Python/3.13.0" against "SimpleHTTP/0.6 httpspec/0.1.0");
//   - the env dump's SERVER_PORT line: each server listens on its own port;
//   - log timestamps (the clock) and client ports in traceback banners (each connection's own);
//   - CPython's DeprecationWarning lines and the source line after each: Python's warnings machinery;
//   - traceback bodies, the indented lines between "Traceback (most recent call last):" and the
//     exception line: Python frames, which the reference does not have. The exception line is kept.
//   - a reset is the same end as a close: whether the kernel resets a connection closed with unread
//     input depends on timing (research §1.4).

// cgiDiffLanes is how many servers of each implementation share the HTTP/1.0 cases, and
// cgiDiffLanes11 the HTTP/1.1 ones. Within a lane cases run one after another, each followed by a
// marker request, so that every log line belongs to one case.
const (
	cgiDiffLanes   = 4
	cgiDiffLanes11 = 5
)

// cgiDiffTimeout bounds each read: HTTP/1.0 replies end with a close; an HTTP/1.1 script's output,
// which nothing delimits, is over when the server has been silent for cgiDiffQuiet11.
const (
	cgiDiffTimeout = 5 * time.Second
	cgiDiffQuiet11 = time.Second
)

func TestCGIDiffCPython(t *testing.T) {
	env := newCGIDiffEnv(t)
	cases := cgiDiffCases()
	modes := []cgiDiffMode{{name: "as-is"}}
	if os.Geteuid() == 0 {
		modes = []cgiDiffMode{{name: "root"}, {name: "unprivileged", unprivileged: true}}
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel() // the modes share only the tree, which no server writes
			start := time.Now()
			var py, ref []cgiObservation
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); py = env.observe(t, env.cpython, mode, cases, nil) }()
			go func() { defer wg.Done(); ref = env.observe(t, env.reference, mode, cases, nil) }()
			wg.Wait()
			checkSentinels(t, cases, py)
			if t.Failed() {
				return
			}
			differing := compareCGIDiff(t, cases, py, ref, true)
			t.Logf("%d requests compared, %d differ, as %s, in %v", len(cases), differing, mode.name,
				time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestCGIDiffFaults runs the cases against the reference with each CGI fault on: every fault must make
// at least one case differ from CPython, or the differential test could not see that behavior break.
func TestCGIDiffFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts the reference once per CGI fault")
	}
	env := newCGIDiffEnv(t)
	cases := cgiDiffCases()
	mode := cgiDiffMode{name: "as-is"}
	if os.Geteuid() == 0 {
		mode.name = "root"
	}
	py := env.observe(t, env.cpython, mode, cases, nil)
	if t.Failed() {
		return
	}
	var faults []Fault
	for name := range faultCatalog {
		if strings.HasPrefix(string(name), "cgi-") {
			faults = append(faults, name)
		}
	}
	seen := map[Fault]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	limit := make(chan struct{}, 4)
	for _, fault := range faults {
		if fault == faultCGINoNobody && os.Geteuid() != 0 {
			continue
		}
		if fault == faultCGISoftwareShort || fault == faultCGIClientPort {
			continue // the comparison hides SERVER_SOFTWARE and SERVER_PORT, which differ between implementations
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			limit <- struct{}{}
			defer func() { <-limit }()
			ref := env.observe(t, env.reference, mode, cases, []Fault{fault})
			n := compareCGIDiff(t, cases, py, ref, false)
			mu.Lock()
			seen[fault] = n
			mu.Unlock()
		}()
	}
	wg.Wait()
	for fault, n := range seen {
		if n == 0 {
			t.Errorf("with fault %s every case still matches CPython", fault)
		} else {
			t.Logf("fault %s: %d of %d cases differ", fault, n, len(cases))
		}
	}
}

// cgiDiffMode is how the servers are started.
type cgiDiffMode struct {
	name string
	// unprivileged starts both servers as uid 65534 (the test must be root).
	unprivileged bool
}

// cgiDiffEnv is what every run shares: the tree, and how to start each implementation.
type cgiDiffEnv struct {
	layout    *fixtures.Layout
	cpython   cgiDiffImpl
	reference cgiDiffImpl
}

// cgiDiffImpl starts one server of an implementation: the command, given the protocol, the mode and
// the faults (the reference's only).
type cgiDiffImpl struct {
	name    string
	command func(protocol string, mode cgiDiffMode, faults []Fault) *exec.Cmd
}

func newCGIDiffEnv(t *testing.T) *cgiDiffEnv {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("the fixture's CGI scripts are POSIX shell scripts and there is no /bin/sh")
	}
	python := cgiDiffPython(t)
	binary := buildHTTPSpec(t)
	layout, err := fixtures.Materialize(filepath.Join(reachableDir(t), "base"), fixtures.Options{LargeFileSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if err := layout.ReachableByOthers(); err != nil {
		t.Fatal(err)
	}
	env := &cgiDiffEnv{layout: layout}
	env.cpython = cgiDiffImpl{name: "CPython", command: func(protocol string, mode cgiDiffMode, _ []Fault) *exec.Cmd {
		return python.command(layout.DocRoot, protocol, mode)
	}}
	env.reference = cgiDiffImpl{name: "reference", command: func(protocol string, mode cgiDiffMode, faults []Fault) *exec.Cmd {
		args := []string{"serve", "--cgi", "--bind", "127.0.0.1", "--protocol", protocol}
		for _, f := range faults {
			args = append(args, "--fault", string(f))
		}
		cmd := exec.Command(binary, append(args, "0")...)
		cmd.Dir = layout.DocRoot
		cmd.Env = cgiDiffServerEnv()
		cmd.SysProcAttr = referenceCredential(mode)
		return cmd
	}}
	return env
}

// cgiDiffServerEnv is the environment both servers run with, and so what every script inherits:
// PATH for the scripts' programs, and what cpython.ServerCommand asks for: TZ for the log's local
// time, unbuffered Python output.
func cgiDiffServerEnv() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "TZ=UTC", "PYTHONUNBUFFERED=1"}
}

// buildHTTPSpec compiles the httpspec command into a directory every user can read, so that it can
// also run as uid 65534.
func buildHTTPSpec(t *testing.T) string {
	t.Helper()
	dir := reachableDir(t)
	binary := filepath.Join(dir, "httpspec")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", binary, "github.com/httpspec/httpspec/cmd/httpspec").CombinedOutput()
	if err != nil {
		t.Fatalf("building httpspec: %v\n%s", err, out)
	}
	return binary
}

// cgiObservation is what one server did for one case.
type cgiObservation struct {
	received string
	end      wire.PeerState
	log      []string
	err      error
}

// observe starts the lanes of one implementation, runs every case on them, and stops them.
func (e *cgiDiffEnv) observe(t *testing.T, impl cgiDiffImpl, mode cgiDiffMode, cases []cgiDiffCase, faults []Fault) []cgiObservation {
	t.Helper()
	obs := make([]cgiObservation, len(cases))
	var lanes [][]int
	lanes = append(lanes, shard(cases, false, cgiDiffLanes)...)
	lanes = append(lanes, shard(cases, true, cgiDiffLanes11)...)
	servers := make([]*cgiDiffServer, len(lanes))
	errs := make([]error, len(lanes))
	var wg sync.WaitGroup
	for i := range lanes {
		protocol := "HTTP/1.0"
		if i >= cgiDiffLanes {
			protocol = "HTTP/1.1"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := impl.name + " " + mode.name + " " + protocol
			servers[i], errs[i] = startCGIDiffServer(impl.command(protocol, mode, faults), name)
		}()
	}
	wg.Wait()
	for _, srv := range servers {
		if srv != nil {
			defer srv.stop()
		}
	}
	for _, err := range errs {
		if err != nil {
			t.Errorf("%v (the first of the servers that failed to start)", err)
			return obs
		}
	}
	for i, lane := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n, c := range lane {
				obs[c] = servers[i].run(cases[c], n)
			}
		}()
	}
	wg.Wait()
	return obs
}

// shard splits the indexes of the HTTP/1.0 (or HTTP/1.1) cases into n lanes, round robin.
func shard(cases []cgiDiffCase, http11 bool, n int) [][]int {
	lanes := make([][]int, n)
	k := 0
	for i, c := range cases {
		if c.http11 == http11 {
			lanes[k%n] = append(lanes[k%n], i)
			k++
		}
	}
	return lanes
}

// cgiDiffServer is one running server with its stderr followed.
type cgiDiffServer struct {
	name string
	cmd  *exec.Cmd
	addr string
	log  *cgiLogTail
	done chan struct{}
}

var bannerLine = regexp.MustCompile(`^Serving HTTP on (\S+) port (\d+) `)

// startCGIDiffServer starts a server on port 0 and learns its address from the banner CPython's test()
// and the reference both print on stdout.
func startCGIDiffServer(cmd *exec.Cmd, name string) (*cgiDiffServer, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &cgiDiffServer{name: name, cmd: cmd, log: newCGILogTail(), done: make(chan struct{})}
	go s.log.follow(stderr)
	go func() { cmd.Wait(); close(s.done) }()
	banner := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		banner <- line
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-banner:
		if m := bannerLine.FindStringSubmatch(line); m != nil {
			s.addr = m[1] + ":" + m[2]
			return s, nil
		}
		s.stop()
		return nil, fmt.Errorf("%s: no banner but %q; stderr:\n%s", name, line, strings.Join(s.log.all(), ""))
	case <-time.After(20 * time.Second):
		s.stop()
		return nil, fmt.Errorf("%s printed no banner within 20 s; stderr:\n%s", name, strings.Join(s.log.all(), ""))
	}
}

// stop interrupts the server as Ctrl-C would, then kills it if it lingers.
func (s *cgiDiffServer) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// run sends one case, then marker n; the case's log lines are those before the marker's.
func (s *cgiDiffServer) run(c cgiDiffCase, n int) cgiObservation {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	from := s.log.len()
	opts := wire.Options{Timeout: cgiDiffTimeout, HalfClose: c.halfClose}
	if c.http11 {
		opts.Timeout, opts.Quiet = cgiDiffQuiet11, cgiDiffQuiet11
	}
	res, err := wire.Exchange(ctx, s.addr, []byte(c.request), opts)
	if err != nil {
		return cgiObservation{err: fmt.Errorf("%s: %w", s.name, err)}
	}
	obs := cgiObservation{received: string(res.Received()), end: res.End}
	marker := fmt.Sprintf("MARK-%d", n)
	mres, err := wire.Exchange(ctx, s.addr, []byte(marker+" / HTTP/1.0\r\n\r\n"), wire.Options{Timeout: cgiDiffTimeout})
	if err != nil || mres.Final() == nil || mres.Final().Code != 501 {
		obs.err = fmt.Errorf("%s: marker %s: %v", s.name, marker, err)
		return obs
	}
	access, err := s.log.waitFor(ctx, from, func(line string) bool {
		return strings.Contains(line, `] "`+marker+` / HTTP/1.0" 501 -`)
	})
	if err != nil {
		obs.err = fmt.Errorf("%s: waiting for marker %s in the log: %w", s.name, marker, err)
		return obs
	}
	lines := s.log.span(from, access)
	// The marker's own error line comes just before its access line.
	if k := len(lines) - 1; k >= 0 && strings.Contains(lines[k], "message Unsupported method ('"+marker+"')") {
		lines = lines[:k]
	}
	obs.log = lines
	return obs
}

// compareCGIDiff reports the cases whose observations differ (as test errors when report is set) and
// returns how many differ.
func compareCGIDiff(t *testing.T, cases []cgiDiffCase, py, ref []cgiObservation, report bool) int {
	t.Helper()
	differing := 0
	for i, c := range cases {
		if py[i].err != nil || ref[i].err != nil {
			t.Errorf("%s: CPython: %v; reference: %v", c.name, py[i].err, ref[i].err)
			differing++
			continue
		}
		problems := diffObservations(py[i], ref[i])
		if len(problems) == 0 {
			continue
		}
		differing++
		if report {
			t.Errorf("%s: %q\n%s", c.name, c.request, strings.Join(problems, "\n"))
		}
	}
	return differing
}

func diffObservations(py, ref cgiObservation) []string {
	var problems []string
	pyBytes, refBytes := normaliseCGIReply(py.received), normaliseCGIReply(ref.received)
	if pyBytes != refBytes {
		problems = append(problems, fmt.Sprintf("  bytes differ:\n    CPython:   %q\n    reference: %q", pyBytes, refBytes))
	}
	if sameEnd(py.end) != sameEnd(ref.end) {
		problems = append(problems, fmt.Sprintf("  connection: CPython %v, reference %v", py.end, ref.end))
	}
	pyLog, refLog := normaliseCGILog(py.log), normaliseCGILog(ref.log)
	if strings.Join(pyLog, "") != strings.Join(refLog, "") {
		problems = append(problems, fmt.Sprintf("  log differs:\n    CPython:\n%s    reference:\n%s",
			indent(pyLog), indent(refLog)))
	}
	return problems
}

func sameEnd(s wire.PeerState) wire.PeerState {
	if s == wire.Reset {
		return wire.Closed
	}
	return s
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("      " + l)
	}
	return b.String()
}

var (
	replyDate     = regexp.MustCompile(`\r\nDate: [^\r\n]*\r\n`)
	replyServer   = regexp.MustCompile(`\r\nServer: [^\r\n]*\r\n`)
	envSoftware   = regexp.MustCompile(`(?m)^SERVER_SOFTWARE=.*$`)
	envPort       = regexp.MustCompile(`(?m)^SERVER_PORT=\d+$`)
	logTime       = regexp.MustCompile(`\[\d\d/\w\w\w/\d{4} \d\d:\d\d:\d\d\]`)
	bannerAddress = regexp.MustCompile(`request from \('([^']*)', \d+((?:, \d+, \d+)?)\)`)
)

// normaliseCGIReply replaces what names the implementation, the clock and the port (see the top).
func normaliseCGIReply(s string) string {
	s = replyDate.ReplaceAllString(s, "\r\nDate: <DATE>\r\n")
	s = replyServer.ReplaceAllString(s, "\r\nServer: <SERVER>\r\n")
	s = envSoftware.ReplaceAllString(s, "SERVER_SOFTWARE=<SERVER>")
	return envPort.ReplaceAllString(s, "SERVER_PORT=<PORT>")
}

// normaliseCGILog drops warnings and traceback bodies and replaces timestamps and client ports.
func normaliseCGILog(lines []string) []string {
	var out []string
	inTraceback, afterWarning := false, false
	for _, line := range lines {
		switch {
		case afterWarning && strings.HasPrefix(line, "  "):
			afterWarning = false
			continue
		case strings.Contains(line, ": DeprecationWarning: "):
			afterWarning = true
			continue
		case line == "Traceback (most recent call last):\n":
			inTraceback = true
		case inTraceback && strings.HasPrefix(line, " "):
			continue
		default:
			inTraceback = false
		}
		afterWarning = false
		line = logTime.ReplaceAllString(line, "[<TIME>]")
		out = append(out, bannerAddress.ReplaceAllString(line, "request from ('$1', <PORT>$2)"))
	}
	return out
}

// cgiLogTail collects a server's stderr line by line; waiters are woken by every new line.
type cgiLogTail struct {
	mu      sync.Mutex
	lines   []string
	changed chan struct{}
	ended   bool
}

func newCGILogTail() *cgiLogTail { return &cgiLogTail{changed: make(chan struct{})} }

func (l *cgiLogTail) follow(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		l.mu.Lock()
		if line != "" {
			l.lines = append(l.lines, line)
		}
		if err != nil {
			l.ended = true
		}
		close(l.changed)
		l.changed = make(chan struct{})
		l.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (l *cgiLogTail) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

func (l *cgiLogTail) all() []string { return l.span(0, l.len()) }

func (l *cgiLogTail) span(from, to int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[from:to]...)
}

// waitFor returns the index of the first line at or after from that matches.
func (l *cgiLogTail) waitFor(ctx context.Context, from int, match func(string) bool) (int, error) {
	for {
		l.mu.Lock()
		for i := from; i < len(l.lines); i++ {
			if match(l.lines[i]) {
				l.mu.Unlock()
				return i, nil
			}
		}
		from = len(l.lines)
		changed, ended := l.changed, l.ended
		l.mu.Unlock()
		if ended {
			return 0, errors.New("the server's stderr ended")
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// checkSentinels checks CPython's replies for cgiDiffSentinels.
func checkSentinels(t *testing.T, cases []cgiDiffCase, py []cgiObservation) {
	t.Helper()
	found := 0
	for i, c := range cases {
		want, ok := cgiDiffSentinels[c.name]
		if !ok {
			continue
		}
		found++
		if !strings.Contains(py[i].received, want) {
			t.Errorf("%s: CPython's reply lacks %q, so the comparison proves little:\n%q", c.name, want, py[i].received)
		}
	}
	if found != len(cgiDiffSentinels) {
		t.Errorf("%d of %d sentinels name a case", found, len(cgiDiffSentinels))
	}
}
