package runner

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/httpspec/httpspec/suite/catalog"
)

// Expectations are the failures a target is known to have, read from a file such as:
//
//	# comments and blank lines are ignored
//	request-line.http09-headerless: the server always sends a status line
//	errors.html5-page mode=cgi profile=3.10: the CGI handler keeps the old page
//
// Each line is a behavior id, optional qualifiers (mode=MODE, profile=X.Y or X.Y.Z) and, after a
// colon, the reason. A failing case of a listed behavior is an expected failure (xfail). A listed
// behavior none of whose cases fails is an unexpected pass (xpass): the bug was fixed or the entry is
// stale, and the run fails until the line is removed, so the file never hides a change.
type Expectations struct {
	// Source names the file, for reports.
	Source  string
	Entries []Expectation
}

// Expectation is one line of an expectations file.
type Expectation struct {
	Behavior string
	Mode     string // "" for every mode
	Profile  string // "" for every profile; "3.10" for every 3.10.x; "3.10.13" for that release only
	Reason   string
	Line     int
}

// ReadExpectations reads an expectations file.
func ReadExpectations(path string) (*Expectations, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--expect: %w", err)
	}
	defer f.Close()
	return ParseExpectations(f, path)
}

// ParseExpectations reads expectations from r; name is used in errors and reports.
func ParseExpectations(r io.Reader, name string) (*Expectations, error) {
	e := &Expectations{Source: name}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		x, err := parseExpectation(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		x.Line = n
		e.Entries = append(e.Entries, x)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return e, nil
}

func parseExpectation(line string) (Expectation, error) {
	head, reason, ok := strings.Cut(line, ":")
	if !ok || strings.TrimSpace(reason) == "" {
		return Expectation{}, fmt.Errorf("want \"BEHAVIOR-ID [mode=MODE] [profile=X.Y]: REASON\", got %q", line)
	}
	words := strings.Fields(head)
	x := Expectation{Behavior: words[0], Reason: strings.TrimSpace(reason)}
	if _, known := catalog.Lookup(x.Behavior); !known {
		return x, fmt.Errorf("unknown behavior %q (httpspec list shows the catalogue)", x.Behavior)
	}
	for _, w := range words[1:] {
		key, value, _ := strings.Cut(w, "=")
		switch {
		case key == "mode" && value != "":
			x.Mode = value
		case key == "profile" && validProfile(value):
			x.Profile = value
		default:
			return x, fmt.Errorf("qualifier %q: want mode=MODE or profile=X.Y[.Z]", w)
		}
	}
	return x, nil
}

// validProfile accepts "3.10" and "3.10.13".
func validProfile(s string) bool {
	_, err := catalog.ParseVersion(s)
	return err == nil && (strings.Count(s, ".") == 1 || strings.Count(s, ".") == 2)
}

// matchesProfile reports whether the entry holds for the run's profile ("3.10" holds for 3.10.x).
func (x Expectation) matchesProfile(profile string) bool {
	return x.Profile == "" || x.Profile == profile || strings.HasPrefix(profile, x.Profile+".")
}

func (x Expectation) matches(c Case) bool {
	return c.Behavior == x.Behavior && (x.Mode == "" || x.Mode == c.Mode)
}

// Judge turns the report's verdicts from bare states into judged ones: expected failures become xfail,
// the passing cases of an expectation that no longer fails become xpass.
func (e *Expectations) Judge(r *Report) {
	r.Expectations = e.Source
	for i := range r.Cases {
		r.Cases[i].Verdict, r.Cases[i].Expected = r.Cases[i].State, ""
	}
	for _, x := range e.Entries {
		if !x.matchesProfile(r.Profile) {
			continue
		}
		failed := false
		for _, c := range r.Cases {
			failed = failed || (x.matches(c) && c.State == VerdictFailed)
		}
		for i := range r.Cases {
			c := &r.Cases[i]
			if !x.matches(*c) || c.Expected != "" {
				continue
			}
			switch {
			case failed && c.State == VerdictFailed:
				c.Verdict, c.Expected = VerdictXFail, x.Reason
			case !failed && c.State == VerdictPassed:
				c.Verdict, c.Expected = VerdictXPass, x.Reason
			}
		}
	}
	r.count()
}

// WriteExpectations writes the run's failures as an expectations file: one line per failing behavior
// and mode, qualified by the profile's minor release, with the reason already given for a known
// failure or the failure's first lines for a new one. A run judged against it passes until something
// changes.
func (r *Report) WriteExpectations(w io.Writer) error {
	type key struct{ behavior, mode string }
	reasons := map[key]string{}
	var keys []key
	for _, c := range r.Cases {
		if c.State != VerdictFailed {
			continue
		}
		k := key{c.Behavior, c.Mode}
		if _, seen := reasons[k]; !seen {
			keys = append(keys, k)
			reasons[k] = failureReason(c)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].behavior != keys[j].behavior {
			return keys[i].behavior < keys[j].behavior
		}
		return keys[i].mode < keys[j].mode
	})
	minor := r.Profile
	if v, err := catalog.ParseVersion(r.Profile); err == nil {
		minor = v.MinorString()
	}
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# httpspec expectations: the failures of %s (profile %s), written %s.\n", r.Name, r.Profile, time.Now().UTC().Format("2006-01-02"))
	b.WriteString(expectationsHelp)
	for _, k := range keys {
		fmt.Fprintf(b, "%s mode=%s profile=%s: %s\n", k.behavior, k.mode, minor, reasons[k])
	}
	return b.Flush()
}

const expectationsHelp = `# One known failure per line: BEHAVIOR-ID [mode=MODE] [profile=X.Y[.Z]]: REASON
# httpspec run --expect FILE reports these as expected failures (xfail) and fails the run on a new
# failure, or on a listed behavior that passes again (xpass): then remove its line.
`

// failureReason is the reason a new expectation records: the one a known failure already had, else
// the failure's own one-line reason.
func failureReason(c Case) string {
	if c.Expected != "" {
		return c.Expected
	}
	return oneLineReason(c.Message)
}
