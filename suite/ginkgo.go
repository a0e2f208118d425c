package suite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// SpecTimeout bounds one spec, whatever its socket deadlines add up to.
const SpecTimeout = 30 * time.Second

// Test runs the whole suite against cfg's targets inside a `go test`: one call per test binary, as
// Ginkgo allows one RunSpecs per process.
func Test(t *testing.T, cfg Config) bool {
	Register(func() Config { return cfg })
	return ginkgo.RunSpecs(t, "httpspec conformance")
}

// Register adds the suite's specs to the current Ginkgo tree, one Describe per area, so it can be
// embedded in another Ginkgo suite. config is called when the first spec runs (after the caller's
// BeforeSuite has started its server), and once only.
func Register(config func() Config) {
	var cfg *Config
	get := func() *Config {
		if cfg == nil {
			c := config()
			cfg = c.withDefaults()
		}
		return cfg
	}
	for _, area := range catalog.Areas {
		specs := specsIn(area)
		if len(specs) == 0 {
			continue
		}
		ginkgo.Describe(string(area), ginkgo.Label(string(area)), func() {
			for _, s := range specs {
				b := s.behavior()
				labels := ginkgo.Label(b.ID, b.Level.String(), string(s.Mode))
				ginkgo.It(s.Title(), labels, ginkgo.SpecTimeout(SpecTimeout), func(ctx ginkgo.SpecContext) {
					runSpec(ctx, get(), s)
				})
			}
		})
	}
}

func specsIn(area catalog.Area) []Spec {
	var out []Spec
	for _, s := range Specs() {
		if s.area() == area {
			out = append(out, s)
		}
	}
	return out
}

// runSpec is every spec's body: skip with the reason when the configuration cannot judge it, make sure
// the target runs, then send and check (exchange specs) or run the spec's own body.
func runSpec(ctx ginkgo.SpecContext, cfg *Config, s Spec) {
	if why := cfg.skipReason(s); why != "" {
		ginkgo.Skip(why)
	}
	t := cfg.Targets[s.Mode]
	var restarted string
	if t.Alive != nil {
		note, err := t.Alive(ctx)
		if err != nil {
			ginkgo.Fail("the " + string(s.Mode) + " target is not running and could not be restarted: " + err.Error())
		}
		restarted = note
	}
	if restarted != "" {
		t.hung = ""
	}
	failIfHung(ctx, cfg, t)
	t.suspect = s.Title()
	c := newCase(ctx, cfg, s)
	if restarted != "" {
		c.Note("%s", restarted)
	}
	defer c.addReport()
	if c.needs(NeedLog) {
		c.syncLog()
	}
	if s.Body != nil {
		s.Body(c)
	} else {
		opts := c.Options()
		opts.HalfClose = s.HalfClose
		res := c.ExchangeWith(s.Request, opts)
		for _, k := range s.Checks {
			c.Expect(res).To(k)
		}
	}
	t.suspect = "" // reached only when no check failed
}

// failIfHung keeps a target that stopped answering from costing every remaining spec its timeouts:
// after a spec that did not pass, the target must answer a HEAD / within the run's timeout; if it does
// not, this and every later spec of its mode fail at once, saying since when.
func failIfHung(ctx context.Context, cfg *Config, t *Target) {
	if t.hung == "" && t.suspect != "" {
		res, _ := wire.Exchange(ctx, t.Addr, []byte("HEAD / HTTP/1.0\r\n\r\n"), wire.Options{Timeout: cfg.Timeout, Quiet: cfg.Quiet})
		if res == nil || len(res.Received()) == 0 {
			t.hung = fmt.Sprintf("the %s target stopped answering after %q: no reply to HEAD / within %s; its remaining specs fail without waiting", t.Mode, t.suspect, cfg.Timeout)
		}
		t.suspect = ""
	}
	if t.hung != "" {
		ginkgo.Fail(t.hung)
	}
}

// Progress is told of each spec as it finishes, with the number of specs the run holds in all: the
// runner draws its progress line with it.
type Progress func(spec types.SpecReport, total int)

// Run runs the suite from a program rather than a test (the httpspec CLI): one call per process. It
// returns Ginkgo's report, in which each case carries a CaseReport entry. Each progress function is
// called after every spec.
func Run(cfg Config, suiteConfig types.SuiteConfig, reporterConfig types.ReporterConfig, progress ...Progress) (types.Report, bool) {
	var report types.Report
	Register(func() Config { return cfg })
	total := 0
	ginkgo.ReportBeforeSuite(func(r types.Report) { total = r.PreRunStats.SpecsThatWillRun })
	ginkgo.ReportAfterEach(func(r types.SpecReport) {
		for _, p := range progress {
			p(r, total)
		}
	})
	ginkgo.ReportAfterSuite("httpspec report", func(r types.Report) { report = r })
	passed := ginkgo.RunSpecs(failRecorder{}, "httpspec conformance", suiteConfig, reporterConfig)
	return report, passed
}

// failRecorder stands in for *testing.T outside `go test`; the report says what failed.
type failRecorder struct{}

func (failRecorder) Fail() {}
