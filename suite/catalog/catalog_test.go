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
