package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// profiled is a CPU profile of the reference under one workload, as pprof's top functions.
type profiled struct {
	title string
	top   string
}

// profileReference runs the reference (this program's copy of it, logging to a file as httpspec
// serve does) under the two small-file workloads with the CPU profiler on: where the time goes when a
// goal is missed.
func profileReference(ctx context.Context, o options, env *benchEnv) []profiled {
	var out []profiled
	for _, w := range workloads(o.threads, o.conns)[:2] {
		protocol := "HTTP/1.1"
		if w.closeEach {
			protocol = "HTTP/1.0"
		}
		file := filepath.Join(env.tmp, "cpu-"+w.key+".pprof")
		spec := &serverSpec{key: "profile", name: "reference " + protocol + " (profiled)", role: roleReference, protocol: protocol,
			start: selfServer("reference", "-protocol", protocol, "-log", filepath.Join(env.tmp, "profile-"+w.key+".log"), "-cpuprofile", file)}
		s := startServer(ctx, env, spec)
		if s.skip != "" {
			out = append(out, profiled{w.title, "not profiled: " + s.skip})
			continue
		}
		r := runWrk(ctx, env, w, s.addr, o.duration)
		s.stop()
		logf("profile %-16s %s", w.key, r.summary(w))
		top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=25", env.self, file).CombinedOutput()
		text := trimPprof(string(top))
		if err != nil {
			text = "pprof failed: " + err.Error() + "\n" + text
		}
		out = append(out, profiled{fmt.Sprintf("%s, reference %s with its log to a file: %s", w.title, protocol, r.summary(w)), text})
	}
	return out
}

// trimPprof drops pprof's preamble lines about files and build ids.
func trimPprof(s string) string {
	var keep []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "File:") || strings.HasPrefix(line, "Build ID:") || strings.HasPrefix(line, "Time:") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}

// microBenchmarks runs the reference's go test benchmarks with allocation counts.
func microBenchmarks(ctx context.Context, env *benchEnv) string {
	logf("go test -bench ./reference/")
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", ".", "-benchmem", "github.com/httpspec/httpspec/reference")
	out, err := cmd.CombinedOutput()
	var keep []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Benchmark") || strings.HasPrefix(line, "cpu:") {
			keep = append(keep, line)
		}
	}
	if err != nil {
		keep = append(keep, "go test failed: "+err.Error()+": "+lastLine(out))
	}
	return strings.Join(keep, "\n")
}
