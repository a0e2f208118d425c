package selftest

import (
	"sort"
	"strings"
	"testing"

	"github.com/httpspec/httpspec/suite/catalog"
)

// unbreakable lists the behaviors that neither a fault nor a difference between releases can break,
// with the reason. It is empty, and should stay so.
var unbreakable = map[string]string{}

// TestEveryBehaviorCanFail: every catalogue behavior has been seen failing, against a reference with
// a fault declared to break it (TestFaultsBreakTheirBehaviors checks the declarations) or against an
// installed CPython judged as a release it differs from (TestForcedProfiles).
func TestEveryBehaviorCanFail(t *testing.T) {
	byFault := map[string]bool{}
	for _, f := range faultCases {
		for _, id := range f.breaks {
			byFault[id] = true
		}
	}
	runs, results := forcedProfileRuns(t)
	byVersion := map[string][]string{}
	for i, v := range runs {
		if results[i].report == nil {
			continue
		}
		failed, _ := failedAndRan(results[i].report)
		for id := range v.changed() {
			if failed[id] != nil {
				byVersion[id] = append(byVersion[id], v.name())
			}
		}
	}
	var gaps []string
	for _, b := range catalog.Behaviors() {
		switch {
		case byFault[b.ID] || byVersion[b.ID] != nil:
		case unbreakable[b.ID] != "":
			t.Logf("%s cannot be broken here: %s", b.ID, unbreakable[b.ID])
		default:
			gaps = append(gaps, b.ID+" ("+b.Versions.String()+")")
		}
	}
	for id := range unbreakable {
		if byFault[id] || byVersion[id] != nil {
			t.Errorf("%s is listed as unbreakable, yet it was broken", id)
		}
	}
	sort.Strings(gaps)
	if len(gaps) > 0 {
		t.Errorf("%d behaviors were never seen failing: no fault declares them, and no installed CPython "+
			"judged as another release showed them changing:\n  %s", len(gaps), strings.Join(gaps, "\n  "))
	}
	onlyVersion := 0
	for id := range byVersion {
		if !byFault[id] {
			onlyVersion++
		}
	}
	t.Logf("%d behaviors: %d broken by faults, %d by version differences (%d by those alone)",
		len(catalog.Behaviors()), len(byFault), len(byVersion), onlyVersion)
}
