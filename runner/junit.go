package runner

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/httpspec/httpspec/suite"
)

// The JUnit XML report follows the schema CI systems share (Jenkins' junit-10.xsd, which GitHub
// test-report actions and GitLab read too): one <testsuite> per area, one <testcase> per case with
// classname = area, and a failure's message and transcripts in the <failure> body. Ginkgo's own JUnit
// writer names classes after the suite, so every case would land in one class.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	ID         int             `xml:"id,attr"`
	Package    string          `xml:"package,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped"`
	Failure   *junitMessage `xml:"failure"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitText is character data written as CDATA, so a transcript reads as it is in the XML file.
type junitText struct {
	Text string `xml:",cdata"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",cdata"`
}

// WriteJUnit writes the report as JUnit XML. Unexpected failures and unexpected passes are failures;
// expected failures are skipped cases whose message says so, with the failure in system-out.
func (r *Report) WriteJUnit(w io.Writer) error {
	doc := r.junit()
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (r *Report) junit() junitSuites {
	host, _ := os.Hostname()
	doc := junitSuites{Name: "httpspec: " + r.Name, Time: seconds(r.Duration)}
	byArea := map[string]*junitSuite{}
	elapsed := map[string]float64{}
	var order []string
	for _, c := range r.Cases {
		s := byArea[c.Area]
		if s == nil {
			s = &junitSuite{
				Name: c.Area, ID: len(order), Package: "httpspec", Hostname: host,
				Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"), Properties: r.junitProperties(),
			}
			byArea[c.Area] = s
			order = append(order, c.Area)
		}
		jc, took := junitCaseOf(c)
		s.Cases = append(s.Cases, jc)
		s.Tests++
		elapsed[c.Area] += took
		s.Time = seconds(elapsed[c.Area])
		switch {
		case jc.Failure != nil:
			s.Failures++
		case jc.Skipped != nil:
			s.Skipped++
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return areaIndex(order[i]) < areaIndex(order[j]) })
	for _, a := range order {
		s := byArea[a]
		doc.Suites = append(doc.Suites, *s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
	}
	return doc
}

func (r *Report) junitProperties() []junitProperty {
	props := []junitProperty{{"target", r.Target}, {"profile", r.Profile}, {"level", r.Level}}
	if r.Expectations != "" {
		props = append(props, junitProperty{"expectations", r.Expectations})
	}
	for _, m := range sortedModes(r.Modes) {
		st := r.Modes[m]
		v := st.Addr
		if st.Unavailable != "" {
			v = "unavailable: " + firstLine(st.Unavailable)
		}
		props = append(props, junitProperty{"mode " + string(m), v})
	}
	return props
}

// junitCaseOf converts one case, returning its duration in seconds too.
func junitCaseOf(c Case) (junitCase, float64) {
	elapsed := c.DurationMS / 1000
	jc := junitCase{Name: c.Spec + " (" + c.Mode + ")", Classname: c.Area, Time: seconds(elapsed)}
	switch c.Verdict {
	case VerdictFailed:
		jc.Failure = &junitMessage{Message: oneLineReason(c.Message), Type: "failed", Body: xmlSafe(caseDetail(c))}
	case VerdictXPass:
		jc.Failure = &junitMessage{Message: "passed, but expected to fail: " + c.Expected, Type: "xpass", Body: xmlSafe(caseDetail(c))}
	case VerdictXFail:
		jc.Skipped = &junitMessage{Message: "expected failure: " + c.Expected, Type: "xfail"}
		jc.SystemOut = &junitText{xmlSafe(caseDetail(c))}
	case VerdictSkipped:
		jc.Skipped = &junitMessage{Message: firstLine(c.Message)}
	}
	return jc, elapsed
}

// caseDetail is what a reader of a CI failure needs: the behavior and its citation, the failure
// message, every connection's transcript and the target's log lines.
func caseDetail(c Case) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, CPython %s): %s\n", c.Behavior, c.Level, c.Versions, c.Summary)
	if c.Message != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimRight(VisibleControls(c.Message), "\n"))
	}
	for _, conn := range c.Connections() {
		b.WriteString("\n" + FormatConnection(conn, Palette{}, 4096))
	}
	if len(c.Log) > 0 {
		b.WriteString("\ntarget log:\n")
		for _, l := range c.Log {
			b.WriteString("  " + QuoteLog(l) + "\n")
		}
	}
	for _, n := range c.Notes {
		b.WriteString("note: " + n + "\n")
	}
	return b.String()
}

// xmlSafe replaces the characters XML 1.0 cannot hold (most C0 controls, invalid UTF-8): CDATA
// sections are written as they are, so they must not contain any.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xfffe || r == 0xffff || r == utf8.RuneError:
			return '\ufffd'
		}
		return r
	}, strings.ToValidUTF8(s, "\ufffd"))
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }

// sortedModes lists a report's modes in the runner's order, then any others by name.
func sortedModes(modes map[suite.Mode]Mode) []suite.Mode {
	var out []suite.Mode
	for _, m := range suite.Modes {
		if _, ok := modes[m]; ok {
			out = append(out, m)
		}
	}
	var others []suite.Mode
	for m := range modes {
		if !slices.Contains(suite.Modes, m) {
			others = append(others, m)
		}
	}
	slices.Sort(others)
	return append(out, others...)
}
