package catalog

import (
	"strings"
	"testing"
)

func TestCatalogueIsValid(t *testing.T) {
	if err := Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestVersionSets(t *testing.T) {
	fix := Backported("3.7.14", "3.8.14", "3.9.14", "3.10.6", "3.11")
	cases := []struct {
		v    string
		want bool
	}{
		{"3.6.15", false}, {"3.7.13", false}, {"3.7.16", true}, {"3.8.18", true}, {"3.10.5", false},
		{"3.10.6", true}, {"3.11.0", true}, {"3.13.0", true}, {"3.14.1", true},
	}
	for _, c := range cases {
		v := MustVersion(c.v)
		if got := fix.Contains(v); got != c.want {
			t.Errorf("Backported(...).Contains(%s) = %v, want %v", c.v, got, c.want)
		}
		if got := Not(fix).Contains(v); got == c.want {
			t.Errorf("Not(Backported(...)).Contains(%s) = %v, want %v", c.v, got, !c.want)
		}
	}
	if got, want := Until("3.10").String(), "3.6–3.10"; got != want {
		t.Errorf("Until(3.10) = %q, want %q", got, want)
	}
	if got, want := Since("3.11.4").String(), "3.11.4+"; got != want {
		t.Errorf("Since(3.11.4) = %q, want %q", got, want)
	}
	if !Until("3.10").Contains(MustVersion("3.10.13")) || Until("3.10").Contains(MustVersion("3.11.0")) {
		t.Error("Until(3.10) must hold all of 3.10.x and nothing after")
	}
	if got, want := Only("3.6").String(), "3.6"; got != want {
		t.Errorf("Only(3.6) = %q, want %q", got, want)
	}
}

func TestVersionStrings(t *testing.T) {
	cases := []struct {
		vs   Versions
		want string
	}{
		{Backported("3.7.14", "3.8.14", "3.11"), "3.7.14+ (3.7), 3.8.14+ (3.8), 3.11+"},
		{Not(Backported("3.7.14", "3.8.14", "3.11")), "3.6–3.7.13, 3.8–3.8.13, 3.9–3.10"},
		{Between("3.7", "3.8"), "3.7–3.8"},
		{Until("3.13.0"), "3.6–3.13.0"},
		{Only("3.6"), "3.6"},
		{Union(Since("3.10"), Only("3.8")), "3.8, 3.10+"},
		{Not(Union(Since("3.10"), Only("3.8"))), "3.6–3.7, 3.9"},
	}
	for _, c := range cases {
		if got := c.vs.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

func TestValidateRejectsBrokenEntries(t *testing.T) {
	good := func(id string, related ...string) Behavior {
		return Behavior{ID: id, Area: AreaFiles, Summary: "s", Level: Detail, Versions: All(),
			Cite: Citation{Source: "x"}, Related: related}
	}
	documentedWithoutQuote := good("files.d")
	documentedWithoutQuote.Level = Documented
	documentedWithoutQuote.Cite.Doc = "http.server: x"
	cases := map[string][]Behavior{
		"duplicate id":             {good("files.a"), good("files.a")},
		"must match":               {good("files.Upper_Case")},
		"must start with its area": {good("listing.a")},
		"quotes its doc section":   {documentedWithoutQuote},
		"does not exist":           {good("files.a", "files.missing")},
		"does not name it back":    {good("files.a", "files.b"), good("files.b")},
		"lists itself":             {good("files.a", "files.a")},
		"retired":                  {good("files.old")},
	}
	for want, behaviors := range cases {
		err := validate(behaviors, []string{"files.old"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate(%s) = %v, want an error about %q", behaviors[0].ID, err, want)
		}
	}
	if err := validate([]Behavior{good("files.a", "files.b"), good("files.b", "files.a")}, nil); err != nil {
		t.Errorf("validate(symmetric pair) = %v, want nil", err)
	}
}

func TestEveryAreaHasEntries(t *testing.T) {
	for _, a := range Areas {
		if len(InArea(a)) == 0 {
			t.Errorf("area %s has no behaviors", a)
		}
	}
	for _, b := range Behaviors() {
		if !contains(areaNames(), string(b.Area)) {
			t.Errorf("%s: area %q is not listed in Areas", b.ID, b.Area)
		}
	}
}

func areaNames() []string {
	names := make([]string, len(Areas))
	for i, a := range Areas {
		names[i] = string(a)
	}
	return names
}

// TestVersionSetsOfVariants checks the version arithmetic the variant entries rely on, on the releases
// whose behavior was seen live.
func TestVersionSetsOfVariants(t *testing.T) {
	cases := []struct {
		id   string
		want []string // Known releases the behavior holds for
	}{
		{"cli.directory-ignored-with-cgi", []string{"3.7.16", "3.8.18"}},
		{"cli.help-bind-short-first", []string{"3.11.7", "3.12.1"}},
		{"mime.hdf5", []string{"3.8.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"}},
		{"listing.title-undecodable-leaks-path", []string{"3.6.15", "3.7.16"}},
		{"logging.control-chars-raw", []string{"3.6.15"}},
		{"request-line.version-signs-accepted", []string{"3.6.15", "3.7.16", "3.8.18", "3.9.18", "3.10.13"}},
		{"redirects.no-content-length", []string{"3.6.15", "3.7.16", "3.8.18"}},
		{"request-line.http09-waits-for-headers", []string{"3.6.15", "3.7.16", "3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"}},
	}
	for _, c := range cases {
		b, ok := Lookup(c.id)
		if !ok {
			t.Errorf("%s: not in the catalogue", c.id)
			continue
		}
		var got []string
		for _, v := range Known {
			if b.AppliesTo(v) {
				got = append(got, v.String())
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s (%s) holds for %v, want %v", c.id, b.Versions, got, c.want)
		}
	}
}
