// Command bench measures the reference server against its peers, side by side in one run, on
// loopback: `httpspec serve` in both protocol modes, CPython's http.server, Go's net/http.FileServer,
// a canned-response server (the limit of the machine), and lighttpd and nginx when they are
// installed. wrk is the load generator. Every server's replies are checked before they are measured,
// and the reference's are compared byte for byte with CPython's. The report is a Markdown table of
// rates and of their ratios to the canned limit and to each peer, with the goals of the reference.
//
//	go run ./bench                 # writes bench/RESULTS.md (run from the repository's root)
//	go run ./bench -d 3s -out -    # a quick run, the report on stdout
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
)

type options struct {
	duration  time.Duration
	threads   int
	conns     int
	rounds    int
	out       string
	servers   string
	workloads string
	install   bool
	micro     bool
	profile   bool
	keep      bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		os.Exit(serveChild(os.Args[2:]))
	}
	var o options
	flag.DurationVar(&o.duration, "d", 10*time.Second, "duration of each wrk run")
	flag.IntVar(&o.threads, "t", 2, "wrk threads")
	flag.IntVar(&o.conns, "c", 32, "wrk connections (the 1 MiB and 100 MiB workloads use 8 and 1)")
	flag.IntVar(&o.rounds, "rounds", 1, "run every measurement this many times, interleaved, and keep the median")
	flag.StringVar(&o.out, "out", filepath.Join("bench", "RESULTS.md"), "where to write the report; - for stdout")
	flag.StringVar(&o.servers, "servers", "", "comma-separated server keys to run (default all): "+serverKeys())
	flag.StringVar(&o.workloads, "workloads", "", "comma-separated workload keys to run (default all): "+workloadKeys())
	flag.BoolVar(&o.install, "install", true, "install wrk, lighttpd and nginx with apt-get when missing (root only)")
	flag.BoolVar(&o.micro, "micro", true, "run the reference's go test micro-benchmarks into the report")
	flag.BoolVar(&o.profile, "profile", true, "profile the reference under the small-file workloads into the report")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (logs, configurations, profiles)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// run is the whole benchmark: prepare, check, measure, report.
func run(ctx context.Context, o options) error {
	env, cleanup, err := prepare(ctx, o)
	if err != nil {
		return err
	}
	defer cleanup()
	if _, ok := env.tools["wrk"]; !ok {
		return fmt.Errorf("wrk is needed: %s (Debian package wrk)", env.missing["wrk"])
	}
	rep := &report{opts: o, machine: describeMachine(), started: time.Now(), loadBefore: loadAverage(), env: env}
	rep.workloads = selectWorkloads(o)
	servers := startServers(ctx, env, selectServers(o))
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	rep.servers = servers
	rep.versions = peerVersions(env, servers)
	rep.cells = checkAll(servers, rep.workloads)
	rep.byteChecks = compareModes(servers)
	measure(ctx, o, env, rep)
	for _, s := range servers {
		if s.alive() {
			rep.rss = append(rep.rss, rssRow{s, peakRSS(s.cmd.Process.Pid)})
		}
	}
	for _, s := range servers {
		s.stop()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if o.profile {
		rep.profiles = profileReference(ctx, o, env)
	}
	if o.micro {
		rep.micro = microBenchmarks(ctx, env)
	}
	rep.loadAfter = loadAverage()
	rep.finished = time.Now()
	return rep.write(o.out)
}

// prepare makes the document root, builds httpspec and finds wrk, the peers and CPython.
func prepare(ctx context.Context, o options) (*benchEnv, func(), error) {
	tmp, err := os.MkdirTemp("", "httpspec-bench-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() {
		if o.keep {
			logf("kept %s", tmp)
			return
		}
		os.RemoveAll(tmp)
	}
	env := &benchEnv{tmp: tmp, root: filepath.Join(tmp, "www")}
	fail := func(err error) (*benchEnv, func(), error) { cleanup(); return nil, nil, err }
	if err := os.Mkdir(env.root, 0o755); err != nil {
		return fail(err)
	}
	if err := makeDocRoot(env.root); err != nil {
		return fail(err)
	}
	if env.self, err = os.Executable(); err != nil {
		return fail(err)
	}
	logf("building httpspec")
	env.httpspec = filepath.Join(tmp, "httpspec")
	build := exec.CommandContext(ctx, "go", "build", "-o", env.httpspec, "github.com/httpspec/httpspec/cmd/httpspec")
	if out, err := build.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("go build ./cmd/httpspec: %v\n%s", err, out))
	}
	env.tools, env.missing = findTools(o.install, logf)
	env.python = findPython(ctx)
	return env, cleanup, nil
}

// findPython is CPython 3.13 (the version the reference models) when there is one, else the newest
// CPython that runs.
func findPython(ctx context.Context) *cpython.Interpreter {
	if i, err := cpython.Find(ctx, "3.13"); err == nil {
		return &i
	}
	if all := cpython.FindAll(ctx); len(all) > 0 {
		return &all[len(all)-1]
	}
	return nil
}

func selectServers(o options) []*serverSpec {
	all := allServers()
	if o.servers == "" {
		return all
	}
	want := strings.Split(o.servers, ",")
	return slices.DeleteFunc(all, func(s *serverSpec) bool { return !slices.Contains(want, s.key) })
}

func selectWorkloads(o options) []workload {
	all := workloads(o.threads, o.conns)
	if o.workloads == "" {
		return all
	}
	want := strings.Split(o.workloads, ",")
	return slices.DeleteFunc(all, func(w workload) bool { return !slices.Contains(want, w.key) })
}

func serverKeys() string {
	var keys []string
	for _, s := range allServers() {
		keys = append(keys, s.key)
	}
	return strings.Join(keys, ",")
}

func workloadKeys() string {
	var keys []string
	for _, w := range workloads(2, 32) {
		keys = append(keys, w.key)
	}
	return strings.Join(keys, ",")
}

func startServers(ctx context.Context, env *benchEnv, specs []*serverSpec) []*server {
	var servers []*server
	for _, spec := range specs {
		s := startServer(ctx, env, spec)
		if s.skip != "" {
			logf("%s: not measured: %s", spec.name, s.skip)
		} else {
			logf("%s: listening on %s", spec.name, s.addr)
		}
		servers = append(servers, s)
	}
	return servers
}

// cell is one server under one workload: the reason it is not measured, or its results.
type cell struct {
	skip    string
	results []result
}

func (c *cell) median(w workload) (result, bool) {
	if c == nil || c.skip != "" || len(c.results) == 0 {
		return result{}, false
	}
	rs := slices.Clone(c.results)
	sort.Slice(rs, func(i, j int) bool { return rs[i].rate(w) < rs[j].rate(w) })
	return rs[len(rs)/2], rs[len(rs)/2].err == ""
}

type cellKey struct{ server, workload string }

// checkAll checks every reply the workloads will ask for; a server that answers wrongly is not
// measured on that workload.
func checkAll(servers []*server, ws []workload) map[cellKey]*cell {
	cells := map[cellKey]*cell{}
	for _, w := range ws {
		for _, s := range servers {
			ok, why := w.applies(s.spec)
			if !ok && why == "" {
				continue
			}
			c := &cell{skip: why}
			switch {
			case !ok:
			case s.skip != "":
				c.skip = s.skip
			default:
				if err := checkReply(s, w); err != nil {
					c.skip = "reply check failed: " + err.Error()
					logf("%s, %s: %s", s.spec.name, w.key, c.skip)
				}
			}
			cells[cellKey{s.spec.key, w.key}] = c
		}
	}
	return cells
}

// compareModes compares the reference's replies with CPython's, mode by mode.
func compareModes(servers []*server) []string {
	byKey := map[string]*server{}
	for _, s := range servers {
		if s.skip == "" {
			byKey[s.spec.key] = s
		}
	}
	var lines []string
	for _, pair := range [][2]string{{"ref10", "cpy10"}, {"ref11", "cpy11"}} {
		ref, cpy := byKey[pair[0]], byKey[pair[1]]
		if ref == nil || cpy == nil {
			continue
		}
		verdict := "identical"
		if err := compareWithCPython(ref, cpy); err != nil {
			verdict = "DIFFERENT: " + err.Error()
		}
		lines = append(lines, fmt.Sprintf("%s vs %s, GET %s: %s", ref.spec.name, cpy.spec.name,
			strings.Join(comparedPaths, ", "), verdict))
		logf("%s", lines[len(lines)-1])
	}
	return lines
}

// measure runs every applicable cell, the servers of a workload one after the other, rounds times.
func measure(ctx context.Context, o options, env *benchEnv, rep *report) {
	for round := 1; round <= o.rounds; round++ {
		for _, w := range rep.workloads {
			for _, s := range rep.servers {
				c := rep.cells[cellKey{s.spec.key, w.key}]
				if c == nil || c.skip != "" || ctx.Err() != nil {
					continue
				}
				r := runWrk(ctx, env, w, s.addr, o.duration)
				if r.err == "" && !s.alive() {
					r.err = "the server exited during the run"
				}
				c.results = append(c.results, r)
				logf("round %d/%d %-16s %-34s %s", round, o.rounds, w.key, s.spec.name, r.summary(w))
			}
		}
	}
}

func (r result) summary(w workload) string {
	if r.err != "" {
		return "error: " + r.err
	}
	unit := "req/s"
	if w.throughput {
		unit = "MiB/s"
	}
	return fmt.Sprintf("%.0f %s, p99 %s, %d errors", r.rate(w), unit, r.p99, r.errors())
}

// peerVersions says which version of each program ran.
func peerVersions(env *benchEnv, servers []*server) []string {
	var out []string
	if path, ok := env.tools["wrk"]; ok {
		out = append(out, "load generator: "+commandVersion(path, "-v"))
	}
	if env.python != nil {
		out = append(out, "CPython: "+env.python.Version.String()+" (found by internal/cpython: "+env.python.Source+")")
	}
	if path, ok := env.tools["lighttpd"]; ok {
		out = append(out, "lighttpd: "+commandVersion(path, "-v"))
	}
	if path, ok := env.tools["nginx"]; ok {
		out = append(out, "nginx: "+commandVersion(path, "-v"))
	}
	return out
}
