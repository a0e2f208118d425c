// Package catalog is httpspec's behavior catalogue: every externally observable behavior of CPython's
// http.server that the suite judges, as static data.
//
// Ids are "<area>.<slug>", chosen once and never renumbered or reused; an id that is withdrawn moves to
// Retired. When a behavior changed between CPython releases, each variant is its own entry with its own
// version range, and the variants name each other in Related.
package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Level says how binding a behavior is for an implementation that is not CPython.
type Level int

const (
	// Documented behaviors are stated by the module documentation (../shared/docs).
	Documented Level = iota + 1
	// Detail behaviors are what CPython's code does where the documentation is silent.
	Detail
	// Informational behaviors are recorded for regression runs and teaching (quirks, crashes, hangs).
	Informational
)

var levelNames = map[Level]string{Documented: "documented", Detail: "detail", Informational: "informational"}

func (l Level) String() string { return levelNames[l] }

// ParseLevel reads "documented", "detail" or "informational" ("all" is Informational: everything).
func ParseLevel(s string) (Level, error) {
	if s == "all" {
		return Informational, nil
	}
	for l, n := range levelNames {
		if n == s {
			return l, nil
		}
	}
	return 0, fmt.Errorf("level %q: want documented, detail, informational or all", s)
}

// Required reports whether a behavior at level l must hold when a run requires up to level max:
// documented ⊂ detail ⊂ informational.
func (l Level) Required(max Level) bool { return l <= max }

// Area groups behaviors the way the suite's files are grouped.
type Area string

// The areas, in the order a reader meets them in server.py.
const (
	AreaConcurrency Area = "concurrency"
	AreaRequestLine Area = "request-line"
	AreaHeaders     Area = "headers"
	AreaPersistence Area = "persistence"
	AreaExpect      Area = "expect"
	AreaMethods     Area = "methods"
	AreaResponse    Area = "response"
	AreaErrors      Area = "errors"
	AreaLogging     Area = "logging"
	AreaPaths       Area = "paths"
	AreaFiles       Area = "files"
	AreaIndex       Area = "index"
	AreaListing     Area = "listing"
	AreaRedirects   Area = "redirects"
	AreaConditional Area = "conditional"
	AreaMIME        Area = "mime"
	AreaSymlinks    Area = "symlinks"
	AreaPermissions Area = "permissions"
	AreaCGI         Area = "cgi"
	AreaCLI         Area = "cli"
)

// Areas lists every area in reading order.
var Areas = []Area{
	AreaConcurrency, AreaRequestLine, AreaHeaders, AreaPersistence, AreaExpect, AreaMethods,
	AreaResponse, AreaErrors, AreaLogging, AreaPaths, AreaFiles, AreaIndex, AreaListing, AreaRedirects,
	AreaConditional, AreaMIME, AreaSymlinks, AreaPermissions, AreaCGI, AreaCLI,
}

// Citation says where a behavior is documented, or, when the documentation is silent, which code and
// which CPython issue make it so.
type Citation struct {
	// Doc names the documentation section, e.g. "http.server: SimpleHTTPRequestHandler.do_GET".
	Doc string
	// Quote is the documented sentence, verbatim as it stands in ../shared/docs (English where the
	// translation kept the English text).
	Quote string
	// Source names the function in Lib/http/server.py (or the module it delegates to).
	Source string
	// Issues lists CPython issues and PRs: "gh-87389", "bpo-43972".
	Issues []string
	// Research points into ../shared/research/http-server-behaviors.md, e.g. "§2.5".
	Research string
}

// Behavior is one observable behavior the suite judges.
type Behavior struct {
	ID       string
	Area     Area
	Summary  string
	Level    Level
	Versions Versions
	Cite     Citation
	// Change explains how releases outside Versions differ and since when, for failure messages
	// ("3.11 replaced the HTML 4.01 error page with an HTML5 one").
	Change string
	// Related names the entries for the other versions of the same behavior.
	Related []string
}

// Retired lists ids that were withdrawn; they may never be used again.
var Retired = []string{}

var all = collect()

// Behaviors returns every behavior, sorted by id.
func Behaviors() []Behavior { return all }

// Lookup finds a behavior by id.
func Lookup(id string) (Behavior, bool) {
	i := sort.Search(len(all), func(i int) bool { return all[i].ID >= id })
	if i < len(all) && all[i].ID == id {
		return all[i], true
	}
	return Behavior{}, false
}

// InArea returns the behaviors of one area, sorted by id.
func InArea(a Area) []Behavior {
	var out []Behavior
	for _, b := range all {
		if b.Area == a {
			out = append(out, b)
		}
	}
	return out
}

// AppliesTo reports whether the behavior holds for CPython release v.
func (b Behavior) AppliesTo(v Version) bool { return b.Versions.Contains(v) }

// VersionNote is the sentence a failure message carries: which releases the behavior holds for and how
// the others differ.
func (b Behavior) VersionNote() string {
	note := "holds for CPython " + b.Versions.String()
	if b.Change != "" {
		note += "; " + b.Change
	}
	return note
}

func collect() []Behavior {
	var out []Behavior
	for _, group := range groups {
		out = append(out, group...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Validate checks the catalogue's invariants; the package test calls it.
func Validate() error { return validate(all, Retired) }

// validate checks a list of behaviors: unique, well-formed ids under their area; the required fields;
// a quote for every documented behavior; and Related links that exist and are symmetric.
func validate(behaviors []Behavior, retiredIDs []string) error {
	var problems []string
	byID := map[string]Behavior{}
	retired := map[string]bool{}
	for _, id := range retiredIDs {
		retired[id] = true
	}
	for _, b := range behaviors {
		switch {
		case byID[b.ID].ID != "":
			problems = append(problems, b.ID+": duplicate id")
		case retired[b.ID]:
			problems = append(problems, b.ID+": id is retired and may not be reused")
		case !idPattern.MatchString(b.ID):
			problems = append(problems, b.ID+": id must match "+idPattern.String())
		case !strings.HasPrefix(b.ID, string(b.Area)+"."):
			problems = append(problems, b.ID+": id must start with its area "+string(b.Area)+".")
		case b.Summary == "" || b.Level == 0 || len(b.Versions) == 0:
			problems = append(problems, b.ID+": summary, level and versions are required")
		case b.Cite.Doc == "" && b.Cite.Source == "":
			problems = append(problems, b.ID+": cite a doc section or a server.py function")
		case b.Level == Documented && (b.Cite.Doc == "" || b.Cite.Quote == ""):
			problems = append(problems, b.ID+": a documented behavior quotes its doc section")
		}
		byID[b.ID] = b
	}
	for _, b := range behaviors {
		problems = append(problems, relatedProblems(b, byID)...)
	}
	if len(problems) > 0 {
		return fmt.Errorf("catalogue invalid:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// idPattern is the shape of every id: "<area>.<slug>", lower case, digits and hyphens.
var idPattern = regexp.MustCompile(`^[a-z0-9-]+\.[a-z0-9-]+$`)

// relatedProblems checks that b's Related ids exist, are not b itself, and name b back: the variants of
// one behavior form a group in which every entry lists every other.
func relatedProblems(b Behavior, byID map[string]Behavior) []string {
	var problems []string
	for _, r := range b.Related {
		other, ok := byID[r]
		switch {
		case !ok:
			problems = append(problems, b.ID+": related id "+r+" does not exist")
		case r == b.ID:
			problems = append(problems, b.ID+": lists itself as related")
		case !contains(other.Related, b.ID):
			problems = append(problems, b.ID+": related "+r+" does not name it back")
		}
	}
	return problems
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
