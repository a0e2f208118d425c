package catalog

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a CPython release, major.minor.patch. The zero Version is "unknown".
type Version struct {
	Major, Minor, Patch int
}

// Newest is the newest CPython release whose behavior the catalogue records; it is the default profile
// when a target does not say which Python it is (the reference models it).
var Newest = Version{3, 13, 0}

// Oldest is the oldest release the catalogue covers.
var Oldest = Version{3, 6, 0}

// Known lists the releases the catalogue was checked against, oldest first.
var Known = []Version{
	{3, 6, 15}, {3, 7, 16}, {3, 8, 18}, {3, 9, 18}, {3, 10, 13}, {3, 11, 7}, {3, 12, 1}, {3, 13, 0},
}

// ParseVersion reads "3.13", "3.13.0" or "3.12.1+" (a development build counts as its release).
func ParseVersion(s string) (Version, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "+")
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("version %q: want MAJOR.MINOR[.PATCH]", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(leadingDigits(p))
		if err != nil || v < 0 {
			return Version{}, fmt.Errorf("version %q: %q is not a number", s, p)
		}
		n[i] = v
	}
	return Version{n[0], n[1], n[2]}, nil
}

// leadingDigits keeps "0" of "0rc1" so that pre-releases parse as their release.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// MustVersion is ParseVersion for static data; it panics on a malformed literal.
func MustVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// MinorString returns "3.13" for 3.13.0.
func (v Version) MinorString() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Compare returns -1, 0 or 1.
func (v Version) Compare(w Version) int {
	switch {
	case v.Major != w.Major:
		return sign(v.Major - w.Major)
	case v.Minor != w.Minor:
		return sign(v.Minor - w.Minor)
	default:
		return sign(v.Patch - w.Patch)
	}
}

func (v Version) IsZero() bool { return v == Version{} }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Span is an inclusive range of releases. A zero To means "and every later release".
type Span struct {
	From, To Version
}

func (s Span) contains(v Version) bool {
	return v.Compare(s.From) >= 0 && (s.To.IsZero() || v.Compare(s.To) <= 0)
}

// Versions is the set of releases a behavior holds for: a union of spans.
type Versions []Span

// Contains reports whether v is in the set.
func (vs Versions) Contains(v Version) bool {
	for _, s := range vs {
		if s.contains(v) {
			return true
		}
	}
	return false
}

// String renders the set the way the research notes do: "3.6+", "3.6–3.10", "3.7.14+ (3.7), 3.8.14+ ...".
func (vs Versions) String() string {
	parts := make([]string, 0, len(vs))
	for _, s := range vs {
		parts = append(parts, s.String())
	}
	return strings.Join(parts, ", ")
}

func (s Span) String() string {
	from := shortVersion(s.From)
	switch {
	case s.To.IsZero():
		return from + "+"
	case s.To.Patch == maxPatch && s.From.Major == s.To.Major && s.From.Minor == s.To.Minor && s.From.Patch == 0:
		return from
	case s.To.Patch == maxPatch && s.From.Major == s.To.Major && s.From.Minor == s.To.Minor:
		// A backport: from its first fixed patch release to the end of that minor version.
		return from + "+ (" + s.To.MinorString() + ")"
	case s.To.Patch == maxPatch:
		return from + "–" + s.To.MinorString()
	default:
		return from + "–" + s.To.String()
	}
}

func shortVersion(v Version) string {
	if v.Patch == 0 {
		return v.MinorString()
	}
	return v.String()
}

// maxPatch stands for "every patch release of this minor version".
const maxPatch = 1 << 30

// All is every release the catalogue covers.
func All() Versions { return Versions{{From: Oldest}} }

// Since is "from release v on": Since("3.11") or Since("3.11.4").
func Since(v string) Versions { return Versions{{From: MustVersion(v)}} }

// Until is "every release up to and including v": Until("3.10") includes all of 3.10.x.
func Until(v string) Versions { return Versions{{From: Oldest, To: upper(v)}} }

// Between is "from a up to and including b" (b as in Until).
func Between(a, b string) Versions { return Versions{{From: MustVersion(a), To: upper(b)}} }

// Only is one minor version, every patch: Only("3.6").
func Only(v string) Versions { return Between(v, v) }

// Backported is a fix that reached several branches: each argument is the first fixed release of its
// minor version, and the last one is open-ended. Backported("3.7.14", "3.8.14", "3.9.14", "3.10.6", "3.11")
// holds for 3.7.14–3.7.x, 3.8.14–3.8.x, 3.9.14–3.9.x, 3.10.6–3.10.x and 3.11+.
func Backported(firsts ...string) Versions {
	vs := make(Versions, 0, len(firsts))
	for i, f := range firsts {
		v := MustVersion(f)
		if i == len(firsts)-1 {
			vs = append(vs, Span{From: v})
			continue
		}
		vs = append(vs, Span{From: v, To: Version{v.Major, v.Minor, maxPatch}})
	}
	return vs
}

// Not is the complement of vs within the covered releases (Oldest and on).
func Not(vs Versions) Versions {
	out := Versions{}
	cur := Oldest
	open := true
	for _, s := range sortedSpans(vs) {
		if s.From.Compare(cur) > 0 {
			out = append(out, Span{From: cur, To: before(s.From)})
		}
		if s.To.IsZero() {
			open = false
			break
		}
		if n := after(s.To); n.Compare(cur) > 0 {
			cur = n
		}
	}
	if open {
		out = append(out, Span{From: cur})
	}
	return out
}

func upper(v string) Version {
	p := MustVersion(v)
	if strings.Count(strings.TrimSuffix(v, "+"), ".") == 1 {
		p.Patch = maxPatch
	}
	return p
}

func sortedSpans(vs Versions) Versions {
	out := append(Versions(nil), vs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].From.Compare(out[j-1].From) < 0; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// before is the release just before v: 3.11.0 -> 3.10.x, 3.7.14 -> 3.7.13.
func before(v Version) Version {
	if v.Patch > 0 {
		return Version{v.Major, v.Minor, v.Patch - 1}
	}
	return Version{v.Major, v.Minor - 1, maxPatch}
}

// after is the release just after v: 3.7.x -> 3.8.0, 3.7.13 -> 3.7.14.
func after(v Version) Version {
	if v.Patch == maxPatch {
		return Version{v.Major, v.Minor + 1, 0}
	}
	return Version{v.Major, v.Minor, v.Patch + 1}
}

// Union is every release in any of the sets: Union(Only("3.8"), Since("3.10")).
func Union(sets ...Versions) Versions {
	var out Versions
	for _, vs := range sets {
		out = append(out, vs...)
	}
	return sortedSpans(out)
}
