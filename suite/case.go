package suite

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	gtypes "github.com/onsi/gomega/types"

	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// Case is what a spec body works with: its target, the run's configuration, a wire client whose
// transcripts are kept for the report, the target's log, and assertions whose failures name the
// behavior, the versions it holds for and where it is documented.
type Case struct {
	Ctx      context.Context
	Config   *Config
	Target   *Target
	Spec     Spec
	Behavior catalog.Behavior

	recorder *wire.Recorder
	logFrom  int
	logLines []string
	notes    []string
	g        gomega.Gomega
}

func newCase(ctx context.Context, cfg *Config, s Spec) *Case {
	c := &Case{
		Ctx:      ctx,
		Config:   withRecordingLauncher(cfg),
		Target:   cfg.Targets[s.Mode],
		Spec:     s,
		Behavior: s.behavior(),
		recorder: &wire.Recorder{},
	}
	if c.Target.Log != nil {
		c.logFrom = c.Target.Log.Len()
	}
	c.g = gomega.NewGomega(func(message string, callerSkip ...int) {
		skip := 1
		if len(callerSkip) > 0 {
			skip += callerSkip[0]
		}
		ginkgo.Fail(c.failureMessage(message), skip)
	})
	return c
}

// Expect is gomega's Expect; a failure message is followed by the behavior's version note and citation.
func (c *Case) Expect(actual any, extra ...any) gtypes.Assertion {
	return c.g.Expect(actual, extra...)
}

// Note adds a line to the case's report (what a spec observed that a reader should see).
func (c *Case) Note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// Options returns wire options bound to the run's timeouts, recording into the case's report.
func (c *Case) Options() wire.Options {
	return wire.Options{Timeout: c.Config.Timeout, Quiet: c.Config.Quiet, Recorder: c.recorder}
}

// Exchange sends request to the case's target and reads every response until close or silence.
func (c *Case) Exchange(request string) *wire.Result {
	return c.ExchangeWith(request, c.Options())
}

// ExchangeWith is Exchange with chosen options (half-close, longer quiet...).
func (c *Case) ExchangeWith(request string, opts wire.Options) *wire.Result {
	ginkgo.GinkgoHelper()
	if opts.Recorder == nil {
		opts.Recorder = c.recorder
	}
	res, err := wire.Exchange(c.Ctx, c.Target.Addr, []byte(request), opts)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "exchange with %s failed", c.Target.Addr)
	return res
}

// Dial opens a connection to the case's target for specs that drive it step by step.
func (c *Case) Dial() *wire.Conn {
	ginkgo.GinkgoHelper()
	conn, err := wire.Dial(c.Ctx, c.Target.Addr, c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred(), "dial %s", c.Target.Addr)
	ginkgo.DeferCleanup(conn.Close)
	return conn
}

var markerCount atomic.Int64

// Log returns the target's log lines written since the case began. It first sends a marker request
// and waits for the marker's line, so every line the case caused has been written by then: what is
// missing was never logged. No sleeping.
func (c *Case) Log() []string {
	ginkgo.GinkgoHelper()
	at := c.logMark()
	lines := c.Target.Log.Lines(c.logFrom)
	lines = lines[:max(at-c.logFrom, 0)]
	c.logLines = append([]string(nil), lines...)
	return lines
}

// syncLog starts the case's log after every line that earlier cases caused: those lines may still be
// on their way through the target's stderr pipe when the case begins.
func (c *Case) syncLog() {
	ginkgo.GinkgoHelper()
	c.logFrom = c.logMark() + 1
}

// logMark sends a marker request and returns the index of its log line. The marker, GET /a.txt with
// the token as its query, is answered 200 and logged in one line, so nothing it causes comes later.
func (c *Case) logMark() int {
	ginkgo.GinkgoHelper()
	log := c.Target.Log
	token := fmt.Sprintf("HTTPSPEC-LOG-MARK-%d", markerCount.Add(1))
	mark := log.Len()
	_, err := wire.Exchange(c.Ctx, c.Target.Addr, []byte("GET /a.txt?"+token+" HTTP/1.0\r\n\r\n"), wire.Options{Timeout: c.Config.Timeout, Quiet: c.Config.Quiet})
	c.Expect(err).NotTo(gomega.HaveOccurred(), "log marker request")
	ctx, cancel := context.WithTimeout(c.Ctx, c.Config.Timeout)
	defer cancel()
	at, err := log.Wait(ctx, mark, token+" ")
	c.Expect(err).NotTo(gomega.HaveOccurred(), "the target never logged the marker request %q within %s", token, c.Config.Timeout)
	return at
}

func (c *Case) needs(n Need) bool {
	for _, have := range c.Spec.Needs {
		if have == n {
			return true
		}
	}
	return false
}

// failureMessage adds to a failure what a reader needs to judge it: the behavior, the versions it
// holds for and how others differ, the profile, and the citation.
func (c *Case) failureMessage(message string) string {
	b := c.Behavior
	var out strings.Builder
	out.WriteString(message)
	out.WriteString("\n\n" + b.ID + ": " + b.Summary + "\n")
	out.WriteString("This " + b.VersionNote() + " (profile: " + c.Config.Profile.String() + ").\n")
	if cite := citation(b.Cite); cite != "" {
		out.WriteString(cite + "\n")
	}
	return out.String()
}

// citation renders where a behavior is documented in one or two lines.
func citation(c catalog.Citation) string {
	var parts []string
	if c.Doc != "" {
		parts = append(parts, "Documented: "+c.Doc)
	}
	if c.Source != "" {
		parts = append(parts, "Source: "+c.Source)
	}
	if len(c.Issues) > 0 {
		parts = append(parts, "Issues: "+strings.Join(c.Issues, ", "))
	}
	if c.Research != "" {
		parts = append(parts, "Research: "+c.Research)
	}
	out := strings.Join(parts, "; ")
	if c.Quote != "" {
		out += "\n  «" + c.Quote + "»"
	}
	return out
}

// CaseReport is what the runner's reports show for a case beyond pass or fail.
type CaseReport struct {
	Behavior    string             `json:"behavior"`
	Mode        Mode               `json:"mode"`
	Target      string             `json:"target"`
	Transcripts []*wire.Transcript `json:"transcripts,omitempty"`
	Log         []string           `json:"log,omitempty"`
	Notes       []string           `json:"notes,omitempty"`
}

// reportEntryName names the Ginkgo report entry that carries a CaseReport.
const reportEntryName = "httpspec-case"

func (c *Case) addReport() {
	r := CaseReport{
		Behavior:    c.Spec.Behavior,
		Mode:        c.Spec.Mode,
		Target:      c.Target.Addr,
		Transcripts: c.recorder.Transcripts(),
		Log:         c.logLines,
		Notes:       append(c.notes, launchedNotes(c.Config)...),
	}
	ginkgo.AddReportEntry(reportEntryName, r, ginkgo.ReportEntryVisibilityNever)
}
