package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// workload is one wrk run shape.
type workload struct {
	key, title string
	path       string
	threads    int
	conns      int
	// closeEach sends Connection: close, so that every request has a connection of its own.
	closeEach bool
	// throughput reports MiB/s instead of requests/s.
	throughput bool
	// logCompare includes the reference with its log off, to measure what logging costs.
	logCompare bool
}

func workloads(threads, conns int) []workload {
	return []workload{
		{key: "small-keepalive", title: "100 B file, keep-alive", path: pathSmall, threads: threads, conns: conns, logCompare: true},
		{key: "small-close", title: "100 B file, one connection per request", path: pathSmall, threads: threads, conns: conns, closeEach: true, logCompare: true},
		{key: "10k-keepalive", title: "10 KiB file, keep-alive", path: pathMedium, threads: threads, conns: conns},
		{key: "10k-close", title: "10 KiB file, one connection per request", path: pathMedium, threads: threads, conns: conns, closeEach: true},
		{key: "listing", title: "1,000-entry directory listing, keep-alive", path: pathListing, threads: threads, conns: conns},
		{key: "1m", title: "1 MiB file over 8 connections", path: pathLarge, threads: threads, conns: 8, throughput: true},
		{key: "100m", title: "100 MiB file over 1 connection", path: pathHuge, threads: 1, conns: 1, throughput: true},
	}
}

// applies says whether w is measured against s, and why not.
func (w workload) applies(s *serverSpec) (bool, string) {
	switch {
	case s.logOff && !w.logCompare:
		return false, ""
	case s.logOff && w.closeEach != s.closesEveryConnection():
		return false, ""
	case s.role == roleCanned && (w.path == pathListing || fileSizes[w.path] > cannedReplyLimit):
		return false, "answers files of up to 1 MiB only"
	case w.closeEach && (s.role == roleReference || s.role == roleCPython) && !s.closesEveryConnection():
		// CPython closes after a Connection: close request without saying so in an HTTP/1.1 reply;
		// wrk then reuses the connection and counts a read error for every request.
		return false, "HTTP/1.1 replies to Connection: close carry no Connection: close (CPython's bytes); wrk would count an error per request"
	}
	return true, ""
}

// result is one wrk run.
type result struct {
	requests, bytes                         int64
	duration                                time.Duration
	connectErr, readErr, writeErr, timeouts int64
	non2xx                                  int64
	p50, p99                                time.Duration
	err                                     string
}

// rate is MiB/s, or the successful replies per second: an error status (lighttpd answers 503 to
// listings beyond the ones it is already building) is not a reply served.
func (r result) rate(w workload) float64 {
	if r.duration <= 0 {
		return 0
	}
	if w.throughput {
		return float64(r.bytes) / (1 << 20) / r.duration.Seconds()
	}
	return float64(r.requests-r.non2xx) / r.duration.Seconds()
}

func (r result) errors() int64 {
	return r.connectErr + r.readErr + r.writeErr + r.timeouts + r.non2xx
}

// wrkReport makes wrk print its summary as one parsable line.
const wrkReport = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`

// runWrk runs wrk against addr for d and parses its summary.
func runWrk(ctx context.Context, env *benchEnv, w workload, addr string, d time.Duration) result {
	script := filepath.Join(env.tmp, "report.lua")
	if _, err := os.Stat(script); err != nil {
		if err := os.WriteFile(script, []byte(wrkReport), 0o644); err != nil {
			return result{err: err.Error()}
		}
	}
	args := []string{
		"-t" + strconv.Itoa(w.threads), "-c" + strconv.Itoa(w.conns),
		"-d" + strconv.Itoa(int(d.Round(time.Second)/time.Second)) + "s",
		"--timeout", "10s", "-s", script,
	}
	if w.closeEach {
		args = append(args, "-H", "Connection: close")
	}
	args = append(args, "http://"+addr+w.path)
	ctx, cancel := context.WithTimeout(ctx, d+time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, env.tools["wrk"], args...).CombinedOutput()
	if err != nil {
		return result{err: fmt.Sprintf("wrk: %v: %s", err, lastLine(out))}
	}
	return parseWrk(string(out))
}

func parseWrk(out string) result {
	var r result
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "BENCH ")
		if !ok {
			continue
		}
		fields := map[string]int64{}
		for _, f := range strings.Fields(line) {
			k, v, _ := strings.Cut(f, "=")
			n, _ := strconv.ParseInt(v, 10, 64)
			fields[k] = n
		}
		r.requests, r.bytes = fields["requests"], fields["bytes"]
		r.duration = time.Duration(fields["duration_us"]) * time.Microsecond
		r.connectErr, r.readErr, r.writeErr = fields["connect"], fields["read"], fields["write"]
		r.non2xx, r.timeouts = fields["status"], fields["timeout"]
		r.p50 = time.Duration(fields["p50_us"]) * time.Microsecond
		r.p99 = time.Duration(fields["p99_us"]) * time.Microsecond
		return r
	}
	return result{err: "wrk printed no summary: " + lastLine([]byte(out))}
}
