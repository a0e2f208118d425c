package suite

import (
	"sort"
	"strings"
	"testing"

	"github.com/httpspec/httpspec/suite/catalog"
)

// TestEveryBehaviorHasASpec: a catalogued behavior that no spec checks is a promise the suite does not
// keep.
func TestEveryBehaviorHasASpec(t *testing.T) {
	checked := map[string]int{}
	for _, s := range Specs() {
		checked[s.Behavior]++
	}
	var missing []string
	for _, b := range catalog.Behaviors() {
		if checked[b.ID] == 0 {
			missing = append(missing, b.ID)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d behaviors have no spec:\n  %s", len(missing), len(catalog.Behaviors()), strings.Join(missing, "\n  "))
	}
}

// TestEverySpecNamesABehavior: a spec that names no catalogued behavior cannot be reported, cited or
// version-gated.
func TestEverySpecNamesABehavior(t *testing.T) {
	for _, s := range Specs() {
		if _, ok := catalog.Lookup(s.Behavior); !ok {
			t.Errorf("spec %q names unknown behavior %q", s.Name, s.Behavior)
		}
		if s.Body == nil && len(s.Checks) == 0 {
			t.Errorf("%s: an exchange spec that checks nothing", s.Title())
		}
	}
}

// TestSpecTitlesAreUnique: reports, expectations files and --focus address specs by title.
func TestSpecTitlesAreUnique(t *testing.T) {
	seen := map[string]int{}
	for _, s := range Specs() {
		seen[s.Title()+" ("+string(s.Mode)+")"]++
	}
	var dups []string
	for title, n := range seen {
		if n > 1 {
			dups = append(dups, title)
		}
	}
	sort.Strings(dups)
	if len(dups) > 0 {
		t.Errorf("spec titles used more than once:\n  %s", strings.Join(dups, "\n  "))
	}
}
