package main

import (
	"fmt"
	"strings"
)

// goal is one of the reference's performance goals, judged from this run's figures.
type goal struct {
	name     string
	measured string
	target   string
	verdict  string
}

func (r *report) writeGoals(b *strings.Builder) {
	b.WriteString("## Goals\n\n| goal | measured | target | met |\n|---|---|---|---|\n")
	for _, g := range r.goals() {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", g.name, g.measured, g.target, g.verdict)
	}
	b.WriteString("\n")
}

func (r *report) workload(key string) (workload, bool) {
	for _, w := range r.workloads {
		if w.key == key {
			return w, true
		}
	}
	return workload{}, false
}

// ratioGoal compares server a with server b under a workload: a/b must reach at least want.
func (r *report) ratioGoal(name, wkey, a, b string, want float64) goal {
	g := goal{name: name, target: fmt.Sprintf("≥ %.2f", want)}
	w, ok := r.workload(wkey)
	ra, okA := r.rate(a, w)
	rb, okB := r.rate(b, w)
	if !ok || !okA || !okB || rb == 0 {
		g.measured, g.verdict = "not measured", "?"
		return g
	}
	g.measured = fmt.Sprintf("%.2f (%s / %s)", ra/rb, formatRate(ra), formatRate(rb))
	g.verdict = verdict(ra/rb >= want)
	return g
}

func verdict(met bool) string {
	if met {
		return "yes"
	}
	return "**no**"
}

func (r *report) goals() []goal {
	goals := []goal{
		r.ratioGoal("100 B keep-alive: reference -p HTTP/1.1 vs lighttpd", "small-keepalive", "ref11", "lighttpd", 1),
		r.ratioGoal("100 B keep-alive: reference -p HTTP/1.1 vs canned", "small-keepalive", "ref11", "canned", 0.85),
		r.ratioGoal("100 B, one connection per request: reference (HTTP/1.0) vs canned", "small-close", "ref10", "canned", 0.95),
		r.ratioGoal("1,000-entry listing: reference -p HTTP/1.1 vs Go FileServer", "listing", "ref11", "gofs", 1),
		r.ratioGoal("1 MiB over 8 connections: reference -p HTTP/1.1 vs lighttpd (MiB/s)", "1m", "ref11", "lighttpd", 1),
		r.rssGoal(),
	}
	for _, pair := range [][3]string{{"small-keepalive", "ref11", "ref11-nolog"}, {"small-close", "ref10", "ref10-nolog"}} {
		g := r.ratioGoal("logging on vs off: "+pair[0], pair[0], pair[1], pair[2], 0.95)
		g.target = "≥ 0.95 (costs ≤ 5%)"
		goals = append(goals, g)
	}
	return goals
}

// rssGoal wants the reference's peak RSS, in either mode, no higher than Go's FileServer's.
func (r *report) rssGoal() goal {
	g := goal{name: "peak RSS: reference (larger of its two modes) vs Go FileServer", target: "≤ 1.00"}
	var ref, gofs int64
	for _, row := range r.rss {
		switch row.s.spec.key {
		case "ref10", "ref11":
			ref = max(ref, row.rss)
		case "gofs":
			gofs = row.rss
		}
	}
	if ref == 0 || gofs == 0 {
		g.measured, g.verdict = "not measured", "?"
		return g
	}
	ratio := float64(ref) / float64(gofs)
	g.measured = fmt.Sprintf("%.2f (%.1f MiB / %.1f MiB)", ratio, float64(ref)/(1<<20), float64(gofs)/(1<<20))
	g.verdict = verdict(ratio <= 1)
	return g
}
