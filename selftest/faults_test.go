package selftest

import (
	"flag"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/httpspec/httpspec/reference"
	"github.com/httpspec/httpspec/runner"
	"github.com/httpspec/httpspec/suite/catalog"
)

// faultCase is a server with behaviors broken on purpose: the reference with one fault, judged
// against a profile. Every behavior in breaks must have a failing case.
type faultCase struct {
	// fault is the reference's fault (httpspec serve --list-faults); "" runs the reference as it is,
	// for a behavior of an older release that the reference, a model of the newest, does not have.
	fault  string
	breaks []string
	// profile is the release to judge against ("" is the newest, the reference's).
	profile string
	// unprivileged runs the suite and the server as nobody: a root server hides the behavior.
	unprivileged bool
	// why explains a case that is not simply a fault judged against the newest release.
	why string
}

// name is how messages and subtests name the case.
func (f faultCase) name() string {
	name := f.fault
	if name == "" {
		name = "no fault"
	}
	if f.profile != "" {
		name += " as " + f.profile
	}
	return name
}

func (f faultCase) run() suiteRun {
	var fault string
	if f.fault != "" {
		fault = " --fault " + f.fault
	}
	serve := shellQuote(httpspecBinary) + " serve"
	args := []string{
		"--target", serve + " {port} --bind 127.0.0.1 --directory {dir}" + fault,
		"--cli", serve + fault,
		"--label-filter", strings.Join(f.breaks, " || "),
	}
	if f.profile != "" {
		args = append(args, "--profile", f.profile)
	}
	return suiteRun{name: "fault " + f.name(), args: args, unprivileged: f.unprivileged}
}

// TestEveryFaultIsDeclared: a fault no case uses proves nothing, and a case that names an unknown
// fault or behavior cannot run.
func TestEveryFaultIsDeclared(t *testing.T) {
	registered := map[string]bool{}
	for _, line := range reference.KnownFaults() {
		name, _, _ := strings.Cut(line, "\t")
		registered[name] = true
	}
	declared := map[string]bool{}
	for _, f := range faultCases {
		if f.fault != "" && !registered[f.fault] {
			t.Errorf("case %s: the reference has no fault %q", f.name(), f.fault)
		}
		if declared[f.name()] {
			t.Errorf("case %s is declared twice", f.name())
		}
		declared[f.name()] = true
		if len(f.breaks) == 0 {
			t.Errorf("case %s breaks nothing", f.name())
		}
		if (f.fault == "" || f.profile != "" || f.unprivileged) && f.why == "" {
			t.Errorf("case %s: say why it is not a fault judged against the newest release", f.name())
		}
		for _, id := range f.breaks {
			if _, ok := catalog.Lookup(id); !ok {
				t.Errorf("case %s breaks %q, which the catalogue does not hold", f.name(), id)
			}
		}
	}
	for name := range registered {
		if !declared[name] {
			t.Errorf("fault %s is not declared here: say which behaviors it breaks", name)
		}
	}
}

// TestFaultsBreakTheirBehaviors runs the specs of each case's behaviors against its broken server:
// each behavior must have a failing case whose message is about that behavior.
func TestFaultsBreakTheirBehaviors(t *testing.T) {
	skipIfShort(t)
	cases := selectedFaultCases(t)
	runs := make([]suiteRun, len(cases))
	for i, f := range cases {
		runs[i] = f.run()
	}
	results := runAll(t, runs)
	proven := map[string]bool{}
	for i, f := range cases {
		res := results[i]
		t.Run(f.name(), func(t *testing.T) {
			if res.err != nil {
				t.Fatalf("%v\n%s", res.err, res.output)
			}
			for _, id := range f.breaks {
				if why := brokenIn(res.report, id); why != "" {
					t.Errorf("%s: %s", id, why)
				} else {
					proven[id] = true
				}
			}
		})
	}
	t.Logf("%d fault runs proved %d behaviors can fail", len(cases), len(proven))
}

// onlyFaults selects fault cases by name, for someone iterating on a few faults.
var onlyFaults = flag.String("selftest.faults", "", "run only the fault cases whose name matches this regular expression")

func selectedFaultCases(t *testing.T) []faultCase {
	if *onlyFaults == "" {
		return faultCases
	}
	re, err := regexp.Compile(*onlyFaults)
	if err != nil {
		t.Fatalf("-selftest.faults: %v", err)
	}
	var out []faultCase
	for _, f := range faultCases {
		if re.MatchString(f.name()) {
			out = append(out, f)
		}
	}
	return out
}

// brokenIn says why the report does not show behavior id broken, or "" when it does: a failing case
// whose message ends with the behavior's own note (the suite's failure messages name the behavior,
// its summary and its versions, which a crash or a harness failure would not).
func brokenIn(r *runner.Report, id string) string {
	b, _ := catalog.Lookup(id)
	about := "\n\n" + b.ID + ": " + b.Summary + "\n"
	states := map[string]int{}
	var other []string
	for _, c := range r.Cases {
		if c.Behavior != id {
			continue
		}
		states[c.State]++
		if c.State != "failed" {
			continue
		}
		if strings.Contains(c.Message, about) {
			return ""
		}
		other = append(other, firstLines(c.Message, 3))
	}
	if len(other) > 0 {
		return "its cases failed, but not with a message about it:\n" + strings.Join(other, "\n")
	}
	return fmt.Sprintf("no case failed (%s)", describeStates(states))
}

func describeStates(states map[string]int) string {
	if len(states) == 0 {
		return "no case ran"
	}
	var parts []string
	for s, n := range states {
		parts = append(parts, fmt.Sprintf("%d %s", n, s))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
