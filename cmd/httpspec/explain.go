package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"
	"unsafe"

	"github.com/httpspec/httpspec/runner"
	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// explain is `httpspec explain ID`: what the behavior is, where it is documented, which releases it
// holds for, and for each spec the exact bytes it sends and what a conforming server answers. With a
// target, it runs just that behavior's specs and shows each live transcript beside what was expected.
func explain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("httpspec explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		target  = fs.String("target", "", "also run the behavior's specs against this command ({port} and {dir} are replaced), or 'reference'")
		profile = fs.String("profile", "", "with --target: the CPython release to expect")
		noColor = fs.Bool("no-color", false, "no colour (the default when stdout is not a terminal)")
		width   = fs.Int("width", 0, "columns to lay out in (default: the terminal's width, else 100)")
	)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: httpspec explain [--target CMD] [--no-color] BEHAVIOR-ID\n\n")
		fs.PrintDefaults()
	}
	// The id may come before or after the flags.
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	} else if fs.NArg() > 0 || id == "" {
		fs.Usage()
		return 2
	}
	b, ok := catalog.Lookup(id)
	if !ok {
		fmt.Fprint(stderr, unknownBehavior(id))
		return 2
	}
	ex := explainer{
		w:     stdout,
		pal:   runner.Palette{On: !*noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)},
		width: *width,
	}
	if ex.width <= 0 {
		ex.width = terminalWidth(stdout)
	}
	var live *runner.Report
	if *target != "" {
		var err error
		if live, err = runBehavior(id, *target, *profile); err != nil {
			fmt.Fprintf(stderr, "httpspec explain: %v\n", err)
			return 2
		}
	}
	ex.behavior(b)
	specs := specsOf(id)
	for i, s := range specs {
		ex.spec(i+1, len(specs), s, live)
	}
	if len(specs) == 0 {
		fmt.Fprintln(stdout, ex.pal.Yellow("No spec checks this behavior yet."))
	}
	if live != nil {
		ex.liveSummary(live)
		if live.Summary.Broken() {
			return 1
		}
	}
	return 0
}

// unknownBehavior explains an unknown id: the behaviors of an area when it names one, else the ids
// that contain it.
func unknownBehavior(id string) string {
	var out strings.Builder
	if inArea := catalog.InArea(catalog.Area(id)); len(inArea) > 0 {
		fmt.Fprintf(&out, "%s is an area; its behaviors:\n", id)
		for _, b := range inArea {
			fmt.Fprintf(&out, "  %-50s %s\n", b.ID, b.Summary)
		}
		return out.String()
	}
	fmt.Fprintf(&out, "httpspec explain: no behavior %q (httpspec list shows them all)\n", id)
	var near []string
	for _, b := range catalog.Behaviors() {
		if strings.Contains(b.ID, id) {
			near = append(near, b.ID)
		}
	}
	if len(near) > 0 {
		fmt.Fprintf(&out, "did you mean:\n  %s\n", strings.Join(near[:min(len(near), 15)], "\n  "))
	}
	return out.String()
}

func specsOf(id string) []suite.Spec {
	var out []suite.Spec
	for _, s := range suite.Specs() {
		if s.Behavior == id {
			out = append(out, s)
		}
	}
	return out
}

// runBehavior runs the behavior's specs against the target in a child `httpspec run` (Ginkgo allows
// one run per process) and reads its JSON report.
func runBehavior(id, target, profile string) (*runner.Report, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "httpspec-explain-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	report := filepath.Join(dir, "report.json")
	args := []string{"run", "--no-color", "--label-filter", id, "--json", report}
	if target != "reference" {
		args = append(args, "--target", target)
	}
	if profile != "" {
		args = append(args, "--profile", profile)
	}
	cmd := exec.CommandContext(context.Background(), exe, args...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == runner.ExitFailed) {
		return nil, fmt.Errorf("the run against the target did not happen: %v\n%s", err, out)
	}
	return runner.ReadReport(report)
}

// explainer lays the explanation out for a terminal.
type explainer struct {
	w     io.Writer
	pal   runner.Palette
	width int
}

func (e explainer) println(a ...any) { fmt.Fprintln(e.w, a...) }

func (e explainer) rule(title string) {
	pad := max(0, e.width-utf8.RuneCountInString(title)-4)
	e.println(e.pal.Dim("── ") + e.pal.Bold(title) + " " + e.pal.Dim(strings.Repeat("─", pad)))
}

func (e explainer) behavior(b catalog.Behavior) {
	e.println(e.pal.Bold(e.pal.Cyan(b.ID)) + "  " + e.pal.Dim(b.Level.String()+" · CPython "+b.Versions.String()+" · "+string(b.Area)))
	for _, l := range wrapText(b.Summary, e.width) {
		e.println(l)
	}
	e.println()
	c := b.Cite
	field := func(name, value string) {
		if value == "" {
			return
		}
		lines := wrapText(value, e.width-12)
		e.println(e.pal.Dim(fmt.Sprintf("  %-9s ", name)) + lines[0])
		for _, l := range lines[1:] {
			e.println("            " + l)
		}
	}
	field("documented", c.Doc)
	if c.Quote != "" {
		for _, l := range wrapText(c.Quote, e.width-6) {
			e.println("    " + e.pal.Blue("│ ") + l)
		}
	}
	field("source", c.Source)
	field("issues", strings.Join(c.Issues, ", "))
	field("research", c.Research)
	field("versions", b.VersionNote())
	field("related", strings.Join(b.Related, ", "))
	if b.Level == catalog.Documented {
		field("why", "the module documentation states it: every conforming server must do so")
	} else if b.Level == catalog.Detail {
		field("why", "CPython does it and the documentation is silent: servers that mean to be drop-ins should")
	} else {
		field("why", "recorded for regression runs and teaching; no server is required to do it")
	}
	e.println()
}

// spec shows what one spec sends and expects, and, when there is a live run, each of its cases.
func (e explainer) spec(i, n int, s suite.Spec, live *runner.Report) {
	e.rule(fmt.Sprintf("spec %d of %d · %s · %s mode", i, n, s.Name, s.Mode))
	left := e.specLines(s)
	cases := casesOf(live, s)
	if live == nil || len(cases) == 0 {
		for _, l := range left {
			e.println("  " + l.render(e.pal))
		}
		if live != nil {
			e.println("  " + e.pal.Dim("(not run against the target)"))
		}
		e.println()
		return
	}
	for _, c := range cases {
		e.liveCase(s, c, left)
	}
}

// line is a line of plain text and the colour it is shown in; bytes lines are wrapped anywhere,
// prose at spaces.
type line struct {
	text  string
	color func(runner.Palette, string) string
	bytes bool
}

func (l line) render(p runner.Palette) string {
	if l.color == nil {
		return l.text
	}
	return l.color(p, l.text)
}

func plain(s string) line { return line{text: s} }
func dim(s string) line   { return line{text: s, color: runner.Palette.Dim} }

// specLines are what the spec sends and what a conforming server answers.
func (e explainer) specLines(s suite.Spec) []line {
	var out []line
	if s.Request != "" {
		out = append(out, dim(fmt.Sprintf("sends %d bytes:", len(s.Request))))
		for _, l := range runner.EscapedLines(wire.Quote([]byte(s.Request)), 0) {
			out = append(out, line{text: "  " + elideMiddle(l, 160), color: runner.Palette.Blue, bytes: true})
		}
		if s.HalfClose {
			out = append(out, dim("then shuts its write side (half-close)"))
		}
	}
	if s.Body != nil && len(s.Checks) == 0 {
		out = append(out, dim("drives the connection itself: see the spec's body in suite/"+behaviorArea(s)+".go"))
	}
	if len(s.Needs) > 0 {
		var needs []string
		for _, n := range s.Needs {
			needs = append(needs, string(n))
		}
		out = append(out, dim("needs: "+strings.Join(needs, ", ")))
	}
	if len(s.Checks) > 0 {
		out = append(out, dim("a conforming server answers with:"))
		for _, k := range s.Checks {
			out = append(out, plain("• "+k.Want))
		}
	}
	return out
}

func behaviorArea(s suite.Spec) string {
	b, _ := catalog.Lookup(s.Behavior)
	return strings.ReplaceAll(string(b.Area), "-", "_")
}

// casesOf finds the live cases of one spec.
func casesOf(r *runner.Report, s suite.Spec) []runner.Case {
	if r == nil {
		return nil
	}
	var out []runner.Case
	for _, c := range r.Cases {
		if c.Spec == s.Title() && c.Mode == string(s.Mode) {
			out = append(out, c)
		}
	}
	return out
}

// liveCase shows one case: the verdict, then what was expected beside what the server did.
func (e explainer) liveCase(s suite.Spec, c runner.Case, left []line) {
	verdict := e.pal.Verdict(c.Verdict)
	e.println("  " + verdict + " " + e.pal.Dim(fmt.Sprintf("against %s, %.1f ms", c.Mode, c.DurationMS)))
	if c.State == runner.VerdictSkipped {
		e.println("  " + e.pal.Dim(firstLine(c.Message)))
		e.println()
		return
	}
	conns := c.Connections()
	checked := recheck(s, conns)
	rechecked := checked != nil
	if rechecked {
		left = append(specRequestLines(left), checked...)
	}
	var right []line
	for _, conn := range conns {
		for _, l := range strings.Split(strings.TrimRight(runner.FormatConnection(conn, runner.Palette{}, 2048), "\n"), "\n") {
			right = append(right, transcriptLine(elideMiddle(l, 160)))
		}
	}
	for _, l := range c.Log {
		right = append(right, line{text: "log: " + runner.QuoteLog(l), color: runner.Palette.Dim})
	}
	for _, l := range sideBySide(e.pal, "expected", left, "this server", right, e.width) {
		e.println(l)
	}
	if c.State == runner.VerdictFailed && !rechecked {
		for _, l := range strings.Split(strings.TrimSpace(runner.VisibleControls(c.Message)), "\n") {
			if strings.TrimSpace(l) == "" {
				break
			}
			e.println("  " + e.pal.Red(l))
		}
	}
	for _, n := range c.Notes {
		e.println("  " + e.pal.Yellow("note: ") + n)
	}
	e.println()
}

// specRequestLines keeps what the spec sends, dropping its list of checks (recheck redoes it).
func specRequestLines(left []line) []line {
	for i, l := range left {
		if l.text == "a conforming server answers with:" {
			return left[:i]
		}
	}
	return left
}

// transcriptLine colours a transcript line by the event it belongs to.
func transcriptLine(l string) line {
	f := strings.Fields(l)
	switch {
	case len(f) >= 2 && f[1] == "send", len(f) >= 2 && f[1] == "half-close":
		return line{text: l, color: runner.Palette.Blue}
	case len(f) >= 2 && f[1] == "recv":
		return line{text: l, color: runner.Palette.Green}
	case len(f) >= 2 && (f[1] == "reset" || f[1] == "error"):
		return line{text: l, color: runner.Palette.Red}
	case len(f) >= 2 && (f[1] == "peer-closed" || f[1] == "silent"):
		return line{text: l, color: runner.Palette.Yellow}
	case strings.HasPrefix(l, "connection #"):
		return line{text: l, color: runner.Palette.Dim}
	}
	return plain(l)
}

func (e explainer) liveSummary(r *runner.Report) {
	s := r.Summary
	e.println(e.pal.Bold("live:") + fmt.Sprintf(" %s · profile %s · %d passed, %d failed, %d skipped", r.Name, r.Profile, s.Passed, s.Failed, s.Skipped))
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// recheck judges an exchange spec's checks one by one against the bytes the server sent, so each
// shows ✓ or ✗ (the run stops at the first failing check). It returns nil for other specs.
func recheck(s suite.Spec, conns []runner.Connection) (out []line) {
	if len(s.Checks) == 0 || s.Body != nil || len(conns) != 1 {
		return nil
	}
	res := resultOf(s.Request, conns[0])
	defer func() {
		if recover() != nil {
			out = nil // a check that needs more than the transcript holds
		}
	}()
	out = append(out, dim("a conforming server answers with:"))
	for _, k := range s.Checks {
		ok, err := k.Match(res)
		switch {
		case err != nil:
			out = append(out, plain("? "+k.Want))
		case ok:
			out = append(out, line{text: "✓ " + k.Want, color: runner.Palette.Green})
		default:
			out = append(out, line{text: "✗ " + k.Want, color: runner.Palette.Red})
			got := strings.TrimSpace(runner.VisibleControls(k.FailureMessage(res)))
			if _, after, found := strings.Cut(got, "got: "); found {
				out = append(out, line{text: "  got: " + after, color: runner.Palette.Red})
			}
		}
	}
	return out
}

// resultOf rebuilds what wire.Exchange returned from a transcript: the responses parsed from the
// received bytes, and how the connection ended.
func resultOf(request string, c runner.Connection) *wire.Result {
	var data []byte
	res := &wire.Result{End: wire.Unknown}
	for _, ev := range c.Events {
		switch ev.Event {
		case "recv":
			if ev.Data != nil {
				raw, _ := wire.Unquote(*ev.Data)
				data = append(data, raw...)
			}
		case "peer-closed":
			res.End = wire.Closed
		case "reset":
			res.End = wire.Reset
		case "silent":
			res.End = wire.Open
		}
	}
	method, _, _ := strings.Cut(request, " ")
	for len(data) > 0 {
		r, rest := wire.ParseResponse(data, method)
		if r == nil || len(rest) == len(data) {
			break
		}
		res.Responses = append(res.Responses, r)
		data = rest
	}
	return res
}

// sideBySide lays two columns out beside each other when the width allows, else one above the other.
func sideBySide(p runner.Palette, leftTitle string, left []line, rightTitle string, right []line, width int) []string {
	if width < 90 {
		var out []string
		out = append(out, "  "+p.Dim(leftTitle))
		for _, l := range left {
			for _, w := range hardWrap(l.text, width-4) {
				out = append(out, "    "+line{text: w, color: l.color}.render(p))
			}
		}
		out = append(out, "  "+p.Dim(rightTitle))
		for _, l := range right {
			for _, w := range hardWrap(l.text, width-4) {
				out = append(out, "    "+line{text: w, color: l.color}.render(p))
			}
		}
		return out
	}
	lw := (width - 5) * 2 / 5
	rw := width - 5 - lw
	wrapAll := func(ls []line, w int) []line {
		var out []line
		for _, l := range ls {
			for _, part := range hardWrap(l.text, w) {
				out = append(out, line{text: part, color: l.color})
			}
		}
		return out
	}
	wrapWords := func(ls []line, w int) []line {
		var out []line
		for _, l := range ls {
			if l.bytes {
				out = append(out, wrapAll([]line{l}, w)...)
				continue
			}
			for _, piece := range wrapProse(l.text, w) {
				out = append(out, line{text: piece, color: l.color})
			}
		}
		return out
	}
	lcol, rcol := wrapWords(left, lw), wrapAll(right, rw)
	out := []string{"  " + p.Dim(pad(leftTitle, lw)) + p.Dim(" │ ") + p.Dim(rightTitle)}
	for i := 0; i < max(len(lcol), len(rcol)); i++ {
		var l, r line
		if i < len(lcol) {
			l = lcol[i]
		}
		if i < len(rcol) {
			r = rcol[i]
		}
		out = append(out, strings.TrimRight("  "+line{text: pad(l.text, lw), color: l.color}.render(p)+p.Dim(" │ ")+r.render(p), " "))
	}
	return out
}

func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s)))
}

// hardWrap cuts a line into pieces of at most w runes: transcripts are bytes, not words.
func hardWrap(s string, w int) []string {
	if w <= 0 || utf8.RuneCountInString(s) <= w {
		return []string{s}
	}
	var out []string
	r := []rune(s)
	indent := ""
	for len(r) > 0 {
		n := min(len(r), w-len(indent))
		out = append(out, indent+string(r[:n]))
		r = r[n:]
		indent = "  "
	}
	return out
}

// wrapProse wraps a line of prose at spaces, keeping its indentation, and hangs the lines after a
// bullet under its text.
func wrapProse(s string, w int) []string {
	body := strings.TrimLeft(s, " ")
	indent := s[:len(s)-len(body)]
	hang := indent
	if r, _ := utf8.DecodeRuneInString(body); strings.ContainsRune("•✓✗?", r) {
		hang += "  "
	}
	var out []string
	for i, part := range wrapText(body, w-utf8.RuneCountInString(hang)) {
		lead := hang
		if i == 0 {
			lead = indent
		}
		out = append(out, hardWrap(lead+part, w)...)
	}
	return out
}

// wrapText wraps prose at word boundaries.
func wrapText(s string, w int) []string {
	if w < 20 {
		w = 20
	}
	var out []string
	cur := ""
	for _, word := range strings.Fields(s) {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) > w {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += word
	}
	return append(out, cur)
}

// elideMiddle shortens a long line to its start and end around a count of what was left out.
func elideMiddle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head, tail := s[:n*3/4], s[len(s)-n/4:]
	return head + fmt.Sprintf(" …%d characters… ", len(s)-len(head)-len(tail)) + tail
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// terminalWidth asks the terminal for its width (TIOCGWINSZ), 100 when stdout is not one.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		var ws struct{ Row, Col, X, Y uint16 }
		_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws)))
		if errno == 0 && ws.Col >= 40 {
			return int(ws.Col)
		}
	}
	return 100
}
