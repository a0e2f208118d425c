package suite

import (
	"fmt"
	"sort"
	"sync"

	"github.com/httpspec/httpspec/suite/catalog"
)

// Spec is one check of one catalogued behavior. The area files build specs with exchange (send bytes,
// check what comes back) or custom (a body of its own); the same list builds the Ginkgo tree, the
// catalogue listing and `httpspec explain`.
type Spec struct {
	// Behavior is the catalogue id the spec checks.
	Behavior string
	// Name tells this spec apart from the behavior's other specs: what it sends, in a few words.
	Name string
	// Mode is the target instance the spec talks to.
	Mode Mode
	// Needs lists what the spec requires beyond a listening target.
	Needs []Need
	// Request is the bytes an exchange spec sends (for explain); custom specs may set it too.
	Request string
	// HalfClose shuts the write side after sending (HTTP/0.9 requests need it on CPython ≤3.13.0).
	HalfClose bool
	// Checks are what an exchange spec expects of the result, in order.
	Checks []Check
	// Body runs a custom spec; exchange specs leave it nil.
	Body func(c *Case)
}

// Need is a capability a spec requires; the spec is skipped, with the reason, when it is missing.
type Need string

const (
	// NeedLog requires the target's stderr.
	NeedLog Need = "log"
	// NeedLauncher requires starting extra instances of the target (command-line specs).
	NeedLauncher Need = "launcher"
	// NeedRoot requires a target running as root.
	NeedRoot Need = "root"
	// NeedPython3 requires python3 on the PATH of CGI scripts.
	NeedPython3 Need = "python3"
	// NeedCPython requires a target that is CPython (its Server header names Python/X.Y.Z): the
	// behavior is an artifact of the Python runtime (the warnings module, os.fork), not of
	// http.server's own logic, and another implementation has no reason to copy it.
	NeedCPython Need = "cpython"
)

// NeedFixture requires a fixture entry the file system may be unable to hold (a non-UTF-8 name).
func NeedFixture(path string) Need { return Need("fixture:" + path) }

// builders make the specs, in registration order; Specs calls them once, when a run, a listing or a
// test first needs the specs. Building them costs tens of megabytes (requests of 64 KiB and more),
// which `httpspec serve` and every other command that never looks at the suite should not pay.
var (
	builders  []func() []Spec
	buildOnce sync.Once
	registry  []Spec
)

// register adds a builder of an area's specs; each area file calls it from a package-level var.
func register(build func() []Spec) bool {
	builders = append(builders, build)
	return true
}

func buildRegistry() {
	for _, build := range builders {
		registry = append(registry, build()...)
	}
}

// Specs returns every spec, grouped by area in catalogue order, registration order within an area.
func Specs() []Spec {
	buildOnce.Do(buildRegistry)
	out := append([]Spec(nil), registry...)
	order := map[catalog.Area]int{}
	for i, a := range catalog.Areas {
		order[a] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		return order[out[i].area()] < order[out[j].area()]
	})
	return out
}

// behavior returns the catalogue entry the spec names; it panics on an unknown id, which the
// package's tests rule out.
func (s Spec) behavior() catalog.Behavior {
	b, ok := catalog.Lookup(s.Behavior)
	if !ok {
		panic(fmt.Sprintf("suite: spec %q names unknown behavior %q", s.Name, s.Behavior))
	}
	return b
}

func (s Spec) area() catalog.Area {
	if b, ok := catalog.Lookup(s.Behavior); ok {
		return b.Area
	}
	return ""
}

// Title is the spec's text in reports: "[behavior-id] name".
func (s Spec) Title() string { return "[" + s.Behavior + "] " + s.Name }

// exchange is a spec that sends request to the mode's target and checks the result.
func exchange(behavior, name string, mode Mode, request string, checks ...Check) Spec {
	return Spec{Behavior: behavior, Name: name, Mode: mode, Request: request, Checks: checks}
}

// custom is a spec with a body of its own.
func custom(behavior, name string, mode Mode, body func(c *Case)) Spec {
	return Spec{Behavior: behavior, Name: name, Mode: mode, Body: body}
}

// with returns the spec with extra needs.
func (s Spec) with(needs ...Need) Spec {
	s.Needs = append(append([]Need(nil), s.Needs...), needs...)
	return s
}

// halfClosed returns the spec with its write side shut after sending.
func (s Spec) halfClosed() Spec {
	s.HalfClose = true
	return s
}

// skipReason says why the spec cannot run against this configuration, or "" when it can.
func (cfg *Config) skipReason(s Spec) string {
	b := s.behavior()
	if !b.AppliesTo(cfg.Profile) {
		return fmt.Sprintf("%s holds for CPython %s; the profile is %s", b.ID, b.Versions, cfg.Profile)
	}
	if !b.Level.Required(cfg.Level) {
		return fmt.Sprintf("%s is at level %s; this run requires only %s", b.ID, b.Level, cfg.Level)
	}
	t := cfg.Targets[s.Mode]
	if t == nil {
		why := cfg.Unavailable[s.Mode]
		if why == "" {
			why = "the runner did not start it"
		}
		return fmt.Sprintf("mode %s is unavailable: %s", s.Mode, why)
	}
	for _, n := range s.Needs {
		if why := cfg.missing(n, t); why != "" {
			return why
		}
	}
	return ""
}

func (cfg *Config) missing(n Need, t *Target) string {
	switch {
	case n == NeedLog && t.Log == nil:
		return "the target's stderr is not captured (a server started outside httpspec)"
	case n == NeedLauncher && cfg.Launcher == nil:
		return "command-line specs need httpspec to start the target itself (--target, or --cli with --addr)"
	case n == NeedRoot && !t.Root:
		return "this behavior is only observable when the server runs as root"
	case n == NeedCPython && !cfg.TargetIsCPython:
		return "an artifact of the CPython runtime, not of http.server: the target does not identify itself as CPython"
	case n == NeedPython3 && cfg.Python3Missing != "":
		return "no python3 for CGI scripts: " + cfg.Python3Missing
	case len(n) > len("fixture:") && n[:len("fixture:")] == "fixture:" && cfg.Fixtures != nil:
		path := string(n[len("fixture:"):])
		for _, na := range cfg.Fixtures.NotApplicable {
			if na.Path == path {
				return "the file system could not hold fixture " + path + ": " + na.Reason
			}
		}
	}
	return ""
}
