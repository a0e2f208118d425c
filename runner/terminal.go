package runner

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/httpspec/httpspec/suite"
)

// isTerminal reports whether w is a character device: a person is watching, so the progress line may
// redraw itself and colour is welcome.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// colorOn decides colour: only on a terminal, and never when turned off.
func colorOn(w io.Writer, noColor bool) bool { return !noColor && isTerminal(w) }

// Palette colours terminal text with ANSI escapes, or leaves it plain when off.
type Palette struct{ On bool }

func (p Palette) wrap(code, s string) string {
	if !p.On || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p Palette) Bold(s string) string   { return p.wrap("1", s) }
func (p Palette) Dim(s string) string    { return p.wrap("2", s) }
func (p Palette) Red(s string) string    { return p.wrap("31", s) }
func (p Palette) Green(s string) string  { return p.wrap("32", s) }
func (p Palette) Yellow(s string) string { return p.wrap("33", s) }
func (p Palette) Blue(s string) string   { return p.wrap("34", s) }
func (p Palette) Cyan(s string) string   { return p.wrap("36", s) }

// Verdict renders a verdict as a short coloured tag.
func (p Palette) Verdict(v string) string {
	switch v {
	case VerdictPassed:
		return p.Green("PASS ")
	case VerdictFailed:
		return p.Red("FAIL ")
	case VerdictXFail:
		return p.Yellow("XFAIL")
	case VerdictXPass:
		return p.Red("XPASS")
	}
	return p.Dim("SKIP ")
}

// progress draws the run's progress line: on a terminal one line redrawn after every spec, naming the
// mode and area at work; elsewhere (CI logs) one line per finished area. Failures are printed as they
// happen, in both.
type progress struct {
	w       io.Writer
	tty     bool
	pal     Palette
	started time.Time

	mu          sync.Mutex
	done        int
	counts      map[string]int // by verdict
	area        string
	areaCounts  map[string]int
	areaModes   map[string]bool
	areaStarted time.Time
}

// newProgress takes the terminal over from Ginkgo's own reporter, whose dots say nothing about modes
// and areas, and returns the progress line that replaces it.
func newProgress(o Options) *progress {
	formatter.ColorableStdOut = io.Discard
	now := time.Now()
	return &progress{
		w: o.Stdout, tty: isTerminal(o.Stdout), pal: Palette{On: colorOn(o.Stdout, o.NoColor)},
		started: now, areaStarted: now, counts: map[string]int{},
		areaCounts: map[string]int{}, areaModes: map[string]bool{},
	}
}

// spec is the suite.Progress hook.
func (p *progress) spec(r types.SpecReport, total int) {
	if !selected(r) {
		return
	}
	c := caseFrom(r)
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.Area != p.area && p.area != "" && !p.tty {
		p.printArea()
	}
	if c.Area != p.area {
		p.area, p.areaStarted = c.Area, time.Now()
		p.areaCounts, p.areaModes = map[string]int{}, map[string]bool{}
	}
	p.done++
	p.counts[c.State]++
	p.areaCounts[c.State]++
	p.areaModes[c.Mode] = true
	if c.State == VerdictFailed {
		p.clearLine()
		fmt.Fprintf(p.w, "  %s %s · %s %s: %s\n", p.pal.Red("✗"), p.pal.Bold(c.Behavior), specName(c), p.pal.Dim("("+c.Mode+")"), oneLineReason(c.Message))
	}
	switch {
	case p.tty:
		p.drawLine(c.Mode, total)
	case p.done == total:
		p.printArea()
	}
	if p.done == total {
		p.clearLine()
	}
}

func (p *progress) clearLine() {
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// drawLine redraws the terminal's progress line in place.
func (p *progress) drawLine(mode string, total int) {
	fmt.Fprintf(p.w, "\r\x1b[K%s %s %-14s %s %s %s %s",
		p.pal.Dim(fmt.Sprintf("[%*d/%d]", len(fmt.Sprint(total)), p.done, total)),
		p.pal.Cyan(fmt.Sprintf("%-12s", mode)), p.area,
		p.pal.Green(fmt.Sprintf("✓%d", p.counts[VerdictPassed])),
		p.pal.Red(fmt.Sprintf("✗%d", p.counts[VerdictFailed])),
		p.pal.Dim(fmt.Sprintf("–%d", p.counts[VerdictSkipped])),
		p.pal.Dim(fmt.Sprintf("%.1fs", time.Since(p.started).Seconds())))
}

// printArea writes the line of a finished area, for logs that cannot redraw.
func (p *progress) printArea() {
	modes := make([]string, 0, len(p.areaModes))
	for m := range p.areaModes {
		modes = append(modes, m)
	}
	sort.Strings(modes)
	fmt.Fprintf(p.w, "%-13s %3d passed, %d failed, %d skipped  (%s; %.1fs)\n", p.area+":",
		p.areaCounts[VerdictPassed], p.areaCounts[VerdictFailed], p.areaCounts[VerdictSkipped],
		strings.Join(modes, ", "), time.Since(p.areaStarted).Seconds())
}

// summaryStyle says how to print the end-of-run summary.
type summaryStyle struct {
	color   bool
	verbose bool // every failure in full: message, transcripts, log
}

// verdictRank orders cases for reading: what needs attention first.
var verdictRank = map[string]int{VerdictFailed: 0, VerdictXPass: 1, VerdictXFail: 2, VerdictPassed: 3, VerdictSkipped: 4}

// printSummary writes the end-of-run summary: the run, its modes, each failure with its one-line
// reason (in full with transcripts when verbose), and the closing count line CI logs are read for.
func printSummary(w io.Writer, r *Report, st summaryStyle) {
	pal := Palette{On: st.color}
	fmt.Fprintf(w, "\n%s %s · profile %s · level %s · %.1fs\n", pal.Bold("httpspec:"), r.Name, r.Profile, r.Level, r.Duration)
	for _, m := range suite.Modes {
		if st, ok := r.Modes[m]; ok && st.Unavailable != "" {
			fmt.Fprintf(w, "  %s %s: %s\n", pal.Yellow("mode unavailable"), m, firstLine(st.Unavailable))
		}
	}
	cases := sortedCases(r.Cases)
	xfails := 0
	for _, c := range cases {
		switch c.Verdict {
		case VerdictFailed, VerdictXPass:
			printCaseLine(w, pal, c)
			if st.verbose {
				printCaseDetail(w, pal, c)
			}
		case VerdictXFail:
			xfails++
			if st.verbose {
				printCaseLine(w, pal, c)
			}
		}
	}
	if xfails > 0 && !st.verbose {
		fmt.Fprintf(w, "  %d expected failures (listed with --verbose)\n", xfails)
	}
	if r.Expectations != "" {
		fmt.Fprintf(w, "expectations %s: %d failures expected, %d unexpected passes\n", r.Expectations, r.Summary.XFail, r.Summary.XPass)
	}
	fmt.Fprintln(w, closingLine(r.Summary))
}

// closingLine is "httpspec: N passed, N failed, N skipped": the plain line CI reads for the outcome.
// Expected failures count as passed and unexpected passes as failed, as the exit status does.
func closingLine(s Summary) string {
	return fmt.Sprintf("httpspec: %d passed, %d failed, %d skipped", s.Passed+s.XFail, s.Failed+s.XPass, s.Skipped)
}

// sortedCases returns the cases with failures first, keeping the catalogue order within a verdict.
func sortedCases(cases []Case) []Case {
	out := append([]Case(nil), cases...)
	sort.SliceStable(out, func(i, j int) bool { return verdictRank[out[i].Verdict] < verdictRank[out[j].Verdict] })
	return out
}

// printCaseLine is one case in one line: verdict, id, mode, spec name, one-line reason.
func printCaseLine(w io.Writer, pal Palette, c Case) {
	reason := oneLineReason(c.Message)
	switch c.Verdict {
	case VerdictXPass:
		reason = "passed, but expected to fail: " + c.Expected
	case VerdictXFail:
		reason = "known: " + c.Expected
	}
	fmt.Fprintf(w, "  %s %s %s %s\n        %s\n", pal.Verdict(c.Verdict), pal.Bold(c.Behavior), pal.Dim("("+c.Mode+")"), specName(c), reason)
}

// specName is the spec's text without its "[behavior-id] " prefix.
func specName(c Case) string {
	if _, name, ok := strings.Cut(c.Spec, "] "); ok {
		return name
	}
	return c.Spec
}

// printCaseDetail writes what --verbose adds to a failure: the whole message, every connection and the
// target's log lines.
func printCaseDetail(w io.Writer, pal Palette, c Case) {
	for _, line := range strings.Split(strings.TrimRight(VisibleControls(c.Message), "\n"), "\n") {
		fmt.Fprintf(w, "        %s\n", line)
	}
	for _, conn := range c.Connections() {
		fmt.Fprint(w, indent(FormatConnection(conn, pal, 2048), "        "))
	}
	if len(c.Log) > 0 {
		fmt.Fprintf(w, "        %s\n", pal.Dim("target log:"))
		for _, l := range c.Log {
			fmt.Fprintf(w, "          %s\n", QuoteLog(l))
		}
	}
	for _, n := range c.Notes {
		fmt.Fprintf(w, "        %s %s\n", pal.Dim("note:"), n)
	}
	fmt.Fprintln(w)
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

// FormatConnection renders one connection for a terminal: an event per line with its offset in
// milliseconds, sent and received bytes escaped and broken after each "\n", at most limit characters
// of escaped data per event (limit <= 0: all).
func FormatConnection(c Connection, pal Palette, limit int) string {
	var b strings.Builder
	title := fmt.Sprintf("connection #%d to %s", c.Conn, c.Addr)
	if c.Label != "" {
		title += " (" + c.Label + ")"
	}
	b.WriteString(pal.Dim(title) + "\n")
	for _, e := range c.Events {
		b.WriteString(formatEvent(e, pal) + "\n")
		if e.Data != nil {
			for _, line := range EscapedLines(*e.Data, limit) {
				b.WriteString("               " + pal.eventColor(e.Event, line) + "\n")
			}
		}
	}
	return b.String()
}

// formatEvent is an event's head: offset, kind, and its size or note.
func formatEvent(e Event, pal Palette) string {
	what := e.Note
	if e.Len != nil {
		what = fmt.Sprintf("%d bytes", *e.Len)
		if e.Note != "" {
			what += " (" + e.Note + ")"
		}
	}
	return strings.TrimRight(fmt.Sprintf("%9.1fms %s %s", e.Ms, pal.eventColor(e.Event, fmt.Sprintf("%-11s", e.Event)), what), " ")
}

// eventColor colours what we sent blue and what the server did (bytes, close, reset) by its kind.
func (p Palette) eventColor(kind, s string) string {
	switch kind {
	case "send", "half-close", "close":
		return p.Blue(s)
	case "recv":
		return p.Green(s)
	case "reset", "error":
		return p.Red(s)
	case "peer-closed", "silent":
		return p.Yellow(s)
	}
	return s
}

// EscapedLines splits escaped data (wire.Quote's form) after each `\n` escape, so a transcript reads
// like the bytes on the wire; past limit characters the rest is summarised.
func EscapedLines(q string, limit int) []string {
	cut := 0
	if limit > 0 && len(q) > limit {
		q, cut = q[:limit], len(q)-limit
		// Never end inside an escape: back up to the last backslash that starts one.
		if i := strings.LastIndexByte(q, '\\'); i >= 0 && i >= len(q)-4 {
			cut += len(q) - i
			q = q[:i]
		}
	}
	var lines []string
	for q != "" {
		i := strings.Index(q, `\n`)
		// `\\n` is an escaped backslash followed by "n", not a line feed.
		for i > 0 && backslashesBefore(q, i)%2 == 1 {
			j := strings.Index(q[i+2:], `\n`)
			if j < 0 {
				i = -1
				break
			}
			i += 2 + j
		}
		if i < 0 {
			lines = append(lines, q)
			break
		}
		lines = append(lines, q[:i+2])
		q = q[i+2:]
	}
	if cut > 0 {
		lines = append(lines, fmt.Sprintf("… %d more characters (the JSON report has them all)", cut))
	}
	return lines
}

// backslashesBefore counts the backslashes right before index i.
func backslashesBefore(s string, i int) int {
	n := 0
	for i > 0 && s[i-1] == '\\' {
		n++
		i--
	}
	return n
}

// QuoteLog shows a target's log line with control characters escaped, so an escape sequence a broken
// server failed to scrub (research §6) is seen, not obeyed, by the reader's terminal.
func QuoteLog(line string) string {
	var b strings.Builder
	for _, r := range line {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == 0xfffd:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// VisibleControls escapes the control characters in a failure message (specs quote bytes, but a
// message may still carry a server's raw ESC or NUL), so a terminal shows them instead of obeying
// them. Unlike QuoteLog it leaves backslashes alone: messages already hold escapes.
func VisibleControls(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLineReason is a failure message's first paragraph on one line ("expected: ...; got: ..."),
// at most 300 bytes.
func oneLineReason(message string) string {
	para, _, _ := strings.Cut(strings.TrimSpace(VisibleControls(message)), "\n\n")
	var parts []string
	for _, l := range strings.Split(para, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	reason := strings.Join(parts, "; ")
	if len(reason) > 300 {
		n := 300
		for n > 0 && !utf8.RuneStart(reason[n]) {
			n--
		}
		reason = reason[:n] + "…"
	}
	if reason == "" {
		reason = "failed"
	}
	return reason
}
