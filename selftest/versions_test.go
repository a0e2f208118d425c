package selftest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/runner"
	"github.com/httpspec/httpspec/suite/catalog"
)

// hostDependent lists the behaviors whose difference between releases only some hosts show: judged
// against another release's profile, they fail or pass depending on the host, never on the suite.
var hostDependent = map[string]string{
	"mime.added-in-3-11":               "before 3.11 the host's mime.types decides, and Debian's has these types",
	"mime.heic-aac-added-in-3-10":      "before 3.10 the host's mime.types decides, and Debian's has these types",
	"mime.javascript-text":             "before 3.12 the host's mime.types decides, and Debian's says text/javascript",
	"mime.webp-markdown-added-in-3-13": "before 3.13 the host's mime.types decides, and Debian's has these types",
	"mime.wasm":                        "3.6 leaves .wasm to the host's mime.types, and Debian's has it",
	"mime.webmanifest":                 "before 3.8 the host's mime.types decides, and Debian's has it",
	"cli.default-family-first-address": "3.8+ binds the resolver's first passive address: 0.0.0.0, as 3.6 and 3.7 do, where the resolver lists IPv4 first",
	"cli.default-bind-ipv4-any":        "3.8+ binds the resolver's first passive address: 0.0.0.0, as 3.6 and 3.7 do, where the resolver lists IPv4 first",
}

// reliesOnCLI names, for the behaviors whose specs start a second server with an option, the
// command-line behavior that option is (suite/checks_cgi.go, cgiLaunch.needs). Judged against a
// profile that has the option, a release that lacks it cannot start that server: the spec fails, and
// its message names the option's version change.
var reliesOnCLI = map[string]string{
	"cgi.env-server-protocol":       "cli.protocol-option",
	"cgi.http11-unframed-open":      "cli.protocol-option",
	"cgi.pipelined-input-discarded": "cli.protocol-option",
	"cgi.env-remote-addr":           "cli.bind-ipv6",
}

// TestChangedBehaviorsSayHow: a behavior that some known release lacks says how that release differs,
// so that a failure against another release's profile names the version change.
func TestChangedBehaviorsSayHow(t *testing.T) {
	for _, b := range catalog.Behaviors() {
		for _, v := range catalog.Known {
			if !b.AppliesTo(v) && b.Change == "" {
				t.Errorf("%s does not hold for %s, and has no Change to say how that release differs", b.ID, v)
				break
			}
		}
	}
}

// versionRun is one CPython judged against another release's profile.
type versionRun struct {
	python  cpython.Interpreter
	profile catalog.Version
}

func (v versionRun) name() string {
	return fmt.Sprintf("CPython %s judged as %s", v.python.Version, v.profile)
}

func (v versionRun) run() suiteRun {
	return suiteRun{name: v.name(), args: []string{"--python", v.python.Path, "--profile", v.profile.String()}}
}

// changed is every behavior that holds for the profile's release and not for the interpreter's.
func (v versionRun) changed() map[string]bool {
	out := map[string]bool{}
	for _, b := range catalog.Behaviors() {
		if b.AppliesTo(v.profile) && !b.AppliesTo(v.python.Version) {
			out[b.ID] = true
		}
	}
	return out
}

// versionResults are the runs of every installed CPython against the newest one's profile and back,
// shared by the tests that need them.
var versionResults = struct {
	once sync.Once
	runs []versionRun
	res  []runResult
	skip string
}{}

func forcedProfileRuns(t *testing.T) ([]versionRun, []runResult) {
	t.Helper()
	skipIfShort(t)
	versionResults.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		pythons := cpython.FindAll(ctx)
		if len(pythons) < 2 {
			versionResults.skip = fmt.Sprintf("found %d CPython interpreters; judging one release against another needs two (pyenv, PATH or HTTPSPEC_PYTHONS)", len(pythons))
			return
		}
		newest := pythons[len(pythons)-1]
		// Oldest first: the older the release, the more specs fail, and the longer their run.
		for _, older := range pythons[:len(pythons)-1] {
			if older.Version.Compare(newest.Version) < 0 {
				versionResults.runs = append(versionResults.runs,
					versionRun{python: newest, profile: older.Version},
					versionRun{python: older, profile: newest.Version})
			}
		}
		runs := make([]suiteRun, len(versionResults.runs))
		for i, v := range versionResults.runs {
			runs[i] = v.run()
		}
		versionResults.res = runAll(t, runs)
	})
	if versionResults.skip != "" {
		t.Skip(versionResults.skip)
	}
	return versionResults.runs, versionResults.res
}

// TestForcedProfiles judges each installed CPython against the newest one's profile, and the newest
// against each older one's: exactly the behaviors that changed between the two releases fail (those
// whose specs can run in that configuration), each with a message that says how they changed.
func TestForcedProfiles(t *testing.T) {
	runs, results := forcedProfileRuns(t)
	for i, v := range runs {
		res := results[i]
		t.Run(v.name(), func(t *testing.T) {
			if res.err != nil {
				t.Fatalf("%v\n%s", res.err, res.output)
			}
			checkForcedProfile(t, v, res.report)
			t.Logf("%.1fs", res.took.Seconds())
		})
	}
}

func checkForcedProfile(t *testing.T, v versionRun, r *runner.Report) {
	changed := v.changed()
	failed, ran := failedAndRan(r)
	want := map[string]bool{}
	for id := range changed {
		if ran[id] {
			want[id] = true
		}
	}
	dependents := map[string]bool{}
	for id, cli := range reliesOnCLI {
		if changed[cli] && ran[id] && !changed[id] {
			dependents[id] = true
		}
	}
	if len(changed) > 0 && len(want) == 0 {
		t.Errorf("%d behaviors changed, and the specs of none of them ran: %s", len(changed), skippedWhy(r, changed))
	}
	for id := range failed {
		if !want[id] && !dependents[id] {
			t.Errorf("%s fails, though it holds for both %s and %s:\n%s", id, v.python.Version, v.profile, failed[id][0])
		}
	}
	var own, tolerated []string
	for id := range want {
		own = append(own, id)
		switch {
		case failed[id] == nil && hostDependent[id] != "":
			tolerated = append(tolerated, id)
		case failed[id] == nil:
			t.Errorf("%s holds for %s and not for %s, yet its specs passed on %s", id, v.profile, v.python.Version, v.python.Version)
		default:
			checkNamesChange(t, id, failed[id])
		}
	}
	for id := range dependents {
		checkNamesDependency(t, id, reliesOnCLI[id], failed[id])
	}
	sort.Strings(own)
	sort.Strings(tolerated)
	t.Logf("%d behaviors changed, %d of them could run; %d failed as they should, %d passed on this host (%s), %d failed through the option their server needs",
		len(changed), len(want), len(own)-len(tolerated), len(tolerated), strings.Join(tolerated, ", "), len(dependents))
	if skipped := skippedWhy(r, without(changed, want)); skipped != "" {
		t.Logf("changed but not run here: %s", skipped)
	}
}

// checkNamesChange: a failure under a forced profile says which releases the behavior holds for and
// how the others differ.
func checkNamesChange(t *testing.T, id string, messages []string) {
	t.Helper()
	b, _ := catalog.Lookup(id)
	if b.Change == "" {
		t.Errorf("%s has no Change: its failure cannot say how the releases differ", id)
	}
	for _, m := range messages {
		if !strings.Contains(m, b.VersionNote()) {
			t.Errorf("%s's failure does not carry its version note %q:\n%s", id, b.VersionNote(), m)
		}
	}
}

// checkNamesDependency: a spec whose server the release cannot start says which option it relies on
// and that option's version change.
func checkNamesDependency(t *testing.T, id, cli string, messages []string) {
	t.Helper()
	b, _ := catalog.Lookup(cli)
	if len(messages) == 0 {
		t.Errorf("%s relies on %s, which the release lacks, yet its specs passed", id, cli)
	}
	for _, m := range messages {
		if !strings.Contains(m, "relies on "+cli+", "+b.VersionNote()) {
			t.Errorf("%s's failure does not name %s and its version note:\n%s", id, cli, m)
		}
	}
}

// failedAndRan reads a report: the failure messages of each behavior with a failing case, and every
// behavior with a case that was not skipped.
func failedAndRan(r *runner.Report) (failed map[string][]string, ran map[string]bool) {
	failed, ran = map[string][]string{}, map[string]bool{}
	for _, c := range r.Cases {
		if c.State != "skipped" {
			ran[c.Behavior] = true
		}
		if c.State == "failed" {
			failed[c.Behavior] = append(failed[c.Behavior], c.Message)
		}
	}
	return failed, ran
}

// skippedWhy lists the behaviors of ids with the reason their first case was skipped.
func skippedWhy(r *runner.Report, ids map[string]bool) string {
	why := map[string]string{}
	for _, c := range r.Cases {
		if ids[c.Behavior] && c.State == "skipped" && why[c.Behavior] == "" {
			why[c.Behavior] = c.Message
		}
	}
	var parts []string
	for id, reason := range why {
		parts = append(parts, id+" ("+reason+")")
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

func without(all, some map[string]bool) map[string]bool {
	out := map[string]bool{}
	for id := range all {
		if !some[id] {
			out[id] = true
		}
	}
	return out
}
