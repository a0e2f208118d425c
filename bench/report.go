package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

type rssRow struct {
	s   *server
	rss int64
}

// report is everything a run found, written out as Markdown.
type report struct {
	opts                  options
	machine               machine
	env                   *benchEnv
	started, finished     time.Time
	loadBefore, loadAfter string
	versions              []string
	servers               []*server
	workloads             []workload
	cells                 map[cellKey]*cell
	byteChecks            []string
	rss                   []rssRow
	profiles              []profiled
	micro                 string
}

// peerColumns are the servers every rate is divided by, when they ran.
var peerColumns = []struct{ key, label string }{
	{"canned", "× canned"}, {"cpython", "× CPython"}, {"gofs", "× Go FileServer"}, {"lighttpd", "× lighttpd"}, {"nginx", "× nginx"},
}

func (r *report) write(path string) error {
	var b strings.Builder
	r.writeHeader(&b)
	r.writeGoals(&b)
	for _, w := range r.workloads {
		r.writeWorkload(&b, w)
	}
	r.writeRSS(&b)
	r.writeChecks(&b)
	r.writeProfiles(&b)
	if r.micro != "" {
		b.WriteString("## Micro-benchmarks\n\n`go test -run '^$' -bench . -benchmem ./reference/`:\n\n```\n" + r.micro + "\n```\n")
	}
	if path == "-" {
		_, err := os.Stdout.WriteString(b.String())
		return err
	}
	logf("writing %s", path)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func (r *report) writeHeader(b *strings.Builder) {
	m := r.machine
	fmt.Fprintf(b, "# Benchmark results\n\n")
	command := strings.TrimSpace("go run ./bench " + strings.Join(os.Args[1:], " "))
	fmt.Fprintf(b, "Written by `%s`; see the README's \"Benchmark\" section.\n\n", command)
	fmt.Fprintf(b, "- Date: %s (UTC), %s of measurement\n", r.started.UTC().Format("2006-01-02 15:04"), r.finished.Sub(r.started).Round(time.Second))
	fmt.Fprintf(b, "- Machine: %s, %d cores, %s, %s\n", m.cpu, m.cores, m.kernel, m.goVersion)
	fmt.Fprintf(b, "- Load average before and after (other work on the machine skews every figure): %s, %s\n", r.loadBefore, r.loadAfter)
	for _, v := range r.versions {
		fmt.Fprintf(b, "- %s\n", v)
	}
	fmt.Fprintf(b, "- wrk -t%d -c%d -d%s on loopback, on the same cores as the servers; %d round(s), the median kept. "+
		"The 1 MiB workload uses 8 connections, the 100 MiB one a single connection and thread.\n",
		r.opts.threads, r.opts.conns, r.opts.duration, r.opts.rounds)
	b.WriteString("- Servers: `httpspec serve` built with `go build`, its log (stderr) to a file; the same reference " +
		"with `Config.Log = io.Discard` (\"log off\"); CPython's `python -m http.server`, log to a file; net/http.FileServer " +
		"with net/http's defaults; lighttpd with its defaults (one process, no access log) and directory listings on; " +
		"nginx with a worker per core, sendfile, tcp_nopush and an access log, autoindex on; the canned server answers " +
		"prepared bytes (the reference's headers and the file) after reading a request's header block.\n")
	b.WriteString("- An HTTP/1.0 http.server closes every connection, whatever the request asks: under keep-alive workloads it is " +
		"measured with wrk reconnecting after each reply.\n\n")
}

// rate is the median rate of a server under a workload; cpython stands for CPython's faster mode.
func (r *report) rate(key string, w workload) (float64, bool) {
	if key == "cpython" {
		a, okA := r.rate("cpy10", w)
		b, okB := r.rate("cpy11", w)
		return max(a, b), okA || okB
	}
	res, ok := r.cells[cellKey{key, w.key}].median(w)
	if !ok {
		return 0, false
	}
	return res.rate(w), true
}

func (r *report) writeWorkload(b *strings.Builder, w workload) {
	unit := "req/s"
	if w.throughput {
		unit = "MiB/s"
	}
	fmt.Fprintf(b, "## %s\n\n`GET %s`, wrk -t%d -c%d", w.title, w.path, w.threads, w.conns)
	if w.closeEach {
		b.WriteString(" -H 'Connection: close'")
	}
	b.WriteString("\n\n| server | " + unit + " |")
	for _, p := range peerColumns {
		b.WriteString(" " + p.label + " |")
	}
	b.WriteString(" p50 | p99 | errors |\n|---|---:|")
	for range peerColumns {
		b.WriteString("---:|")
	}
	b.WriteString("---:|---:|---:|\n")
	for _, s := range r.servers {
		c := r.cells[cellKey{s.spec.key, w.key}]
		if c == nil {
			continue
		}
		res, ok := c.median(w)
		if !ok {
			why := c.skip
			if why == "" && len(c.results) > 0 {
				why = c.results[0].err
			}
			fmt.Fprintf(b, "| %s | not measured: %s |%s\n", s.spec.name, escapeCell(why), strings.Repeat(" |", len(peerColumns)+3))
			continue
		}
		rate := res.rate(w)
		fmt.Fprintf(b, "| %s | %s |", s.spec.name, formatRate(rate))
		for _, p := range peerColumns {
			if peer, ok := r.rate(p.key, w); ok && peer > 0 {
				fmt.Fprintf(b, " %.2f |", rate/peer)
			} else {
				b.WriteString(" |")
			}
		}
		fmt.Fprintf(b, " %s | %s | %d |\n", formatLatency(res.p50), formatLatency(res.p99), res.errors())
	}
	b.WriteString("\n")
}

func (r *report) writeRSS(b *strings.Builder) {
	b.WriteString("## Peak memory\n\nVmHWM after every workload above (summed over a server's processes: nginx's master and workers).\n\n")
	var gofs int64
	for _, row := range r.rss {
		if row.s.spec.key == "gofs" {
			gofs = row.rss
		}
	}
	b.WriteString("| server | peak RSS | × Go FileServer |\n|---|---:|---:|\n")
	for _, row := range r.rss {
		ratio := ""
		if gofs > 0 {
			ratio = fmt.Sprintf("%.2f", float64(row.rss)/float64(gofs))
		}
		fmt.Fprintf(b, "| %s | %.1f MiB | %s |\n", row.s.spec.name, float64(row.rss)/(1<<20), ratio)
	}
	b.WriteString("\n")
}

func (r *report) writeChecks(b *strings.Builder) {
	b.WriteString("## Checks before measuring\n\nEvery measured reply was fetched once first: status 200, a Content-Length equal to the " +
		"body's length, the file's bytes (SHA-256) or a listing that names every file.\n\n")
	for _, line := range r.byteChecks {
		b.WriteString("- " + line + " (Server and Date values aside)\n")
	}
	var skipped []string
	for _, s := range r.servers {
		if s.skip != "" {
			skipped = append(skipped, fmt.Sprintf("- %s: not run: %s", s.spec.name, escapeCell(s.skip)))
		}
	}
	if len(skipped) > 0 {
		b.WriteString("\n" + strings.Join(skipped, "\n") + "\n")
	}
	b.WriteString("\n")
}

func (r *report) writeProfiles(b *strings.Builder) {
	if len(r.profiles) == 0 {
		return
	}
	b.WriteString("## Where the reference's time goes\n\nCPU profiles (pprof -top) of the reference under the small-file workloads; " +
		"time in syscall functions is the kernel's work (TCP on loopback, file system).\n\n")
	for _, p := range r.profiles {
		fmt.Fprintf(b, "### %s\n\n```\n%s\n```\n\n", p.title, p.top)
	}
}

func formatRate(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func formatLatency(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%d µs", d.Microseconds())
	}
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
