package runner

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func verdicts(r *Report) map[string]string {
	out := map[string]string{}
	for _, c := range r.Cases {
		out[c.Spec] = c.Verdict
	}
	return out
}

func TestJudgeMakesKnownFailuresXFailAndStaleOnesXPass(t *testing.T) {
	r := sampleReport(t)
	want := map[string]string{
		"[request-line.http09-headerless] GET /a.txt with no version":                            VerdictFailed,
		"[request-line.blank-line-silent-close] an empty line before the request":                VerdictFailed,
		"[request-line.too-long-414] a 65537-byte request line gets 414":                         VerdictXFail,
		"[cgi.post-runs-script] POST /cgi-bin/echo.py":                                           VerdictSkipped,
		"[request-line.max-length-accepted] a 65536-byte request line (CRLF included) is parsed": VerdictPassed,
		"[request-line.split-nel-nbsp] NBSP (0xA0) between the words":                            VerdictXPass,
	}
	if got := verdicts(r); !reflect.DeepEqual(got, want) {
		t.Errorf("verdicts\n got %v\nwant %v", got, want)
	}
	if want := (Summary{Passed: 1, Failed: 2, Skipped: 1, XFail: 1, XPass: 1}); r.Summary != want {
		t.Errorf("summary %+v, want %+v", r.Summary, want)
	}
	if !r.Summary.Broken() {
		t.Error("a run with new failures and an unexpected pass must fail")
	}
	if r.Expectations != "sample.expect" {
		t.Errorf("expectations source %q", r.Expectations)
	}
}

func TestExpectationQualifiers(t *testing.T) {
	cases := []struct {
		line    string
		verdict string // of the failing too-long-414 case (default mode) under profile 3.12.1
	}{
		{"request-line.too-long-414: any mode, any profile", VerdictXFail},
		{"request-line.too-long-414 mode=default: that mode", VerdictXFail},
		{"request-line.too-long-414 mode=cgi: another mode", VerdictFailed},
		{"request-line.too-long-414 profile=3.12: the minor release", VerdictXFail},
		{"request-line.too-long-414 profile=3.12.1: the exact release", VerdictXFail},
		{"request-line.too-long-414 profile=3.12.2: another patch release", VerdictFailed},
		{"request-line.too-long-414 profile=3.1: not a prefix of 3.12", VerdictFailed},
		{"request-line.too-long-414 mode=default profile=3.12: both", VerdictXFail},
	}
	for _, c := range cases {
		r := sampleReport(t)
		exp, err := ParseExpectations(strings.NewReader(c.line), "x")
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		exp.Judge(r)
		got := verdicts(r)["[request-line.too-long-414] a 65537-byte request line gets 414"]
		if got != c.verdict {
			t.Errorf("%q: verdict %s, want %s", c.line, got, c.verdict)
		}
	}
}

func TestParseExpectationsRejectsWhatItCannotRead(t *testing.T) {
	cases := map[string]string{
		"# a comment\n\nrequest-line.too-long-414\n":        "x:3: want",
		"request-line.no-such-thing: reason\n":              "unknown behavior",
		"request-line.too-long-414 level=detail: reason\n":  "qualifier \"level=detail\"",
		"request-line.too-long-414 profile=three: reason\n": "qualifier",
		"request-line.too-long-414 mode=: reason\n":         "qualifier",
		"request-line.too-long-414:   \n":                   "want",
	}
	for in, want := range cases {
		_, err := ParseExpectations(strings.NewReader(in), "x")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", in, err, want)
		}
	}
	exp, err := ParseExpectations(strings.NewReader("  # indented comment\nrequest-line.too-long-414 mode=default:  reason: with a colon  \n"), "x")
	if err != nil {
		t.Fatal(err)
	}
	want := []Expectation{{Behavior: "request-line.too-long-414", Mode: "default", Reason: "reason: with a colon", Line: 2}}
	if !reflect.DeepEqual(exp.Entries, want) {
		t.Errorf("entries %+v, want %+v", exp.Entries, want)
	}
}

// TestWrittenExpectationsMakeTheSameRunPass: the file --write-expect writes turns every failure of
// the run into an expected one, with the reason a reader needs.
func TestWrittenExpectationsMakeTheSameRunPass(t *testing.T) {
	r := sampleReport(t)
	var buf bytes.Buffer
	if err := r.WriteExpectations(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{
		`request-line.http09-headerless mode=default profile=3.12: expected: a headerless reply (no status line, no headers) of "hello\n"; got: "HTTP/1.0 200 OK"` + "\n",
		"request-line.too-long-414 mode=default profile=3.12: the server keeps the connection\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the written file lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "split-nel-nbsp") {
		t.Errorf("an unexpected pass is not a failure to expect:\n%s", text)
	}
	exp, err := ParseExpectations(strings.NewReader(text), "written")
	if err != nil {
		t.Fatalf("the written file does not parse: %v\n%s", err, text)
	}
	again := sampleReport(t)
	exp.Judge(again)
	if again.Summary.Failed != 0 || again.Summary.XFail != 3 || again.Summary.Broken() {
		t.Errorf("judged by the written file: %+v", again.Summary)
	}
}

func TestClosingLineCountsAsTheExitStatusDoes(t *testing.T) {
	r := sampleReport(t)
	if got, want := closingLine(r.Summary), "httpspec: 2 passed, 3 failed, 1 skipped"; got != want {
		t.Errorf("closing line %q, want %q", got, want)
	}
	// CI reads the closing line with this shape: one word and a colon, then "N passed, N failed".
	if !regexp.MustCompile(`^(\w+: )?\d+ passed, \d+ failed(, \d+ skipped)?$`).MatchString(closingLine(r.Summary)) {
		t.Errorf("closing line %q has not the shape CI reads", closingLine(r.Summary))
	}
}

func TestSummaryListsFailuresFirstWithTheirReason(t *testing.T) {
	r := sampleReport(t)
	var buf bytes.Buffer
	printSummary(&buf, r, summaryStyle{})
	out := buf.String()
	order := []string{
		"FAIL  request-line.http09-headerless (default) GET /a.txt with no version\n" +
			`        expected: a headerless reply (no status line, no headers) of "hello\n"; got: "HTTP/1.0 200 OK"`,
		"FAIL  request-line.blank-line-silent-close",
		"XPASS request-line.split-nel-nbsp (default) NBSP (0xA0) between the words\n        passed, but expected to fail: NBSP was not a separator",
		"1 expected failures (listed with --verbose)",
		"mode unavailable cgi: exited with status 2\n",
		"httpspec: 2 passed, 3 failed, 1 skipped\n",
	}
	at := -1
	for _, want := range order[:4] {
		i := strings.Index(out, want)
		if i < 0 || i < at {
			t.Fatalf("summary lacks %q after position %d:\n%s", want, at, out)
		}
		at = i
	}
	for _, want := range order[4:] {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without a terminal")
	}
	buf.Reset()
	printSummary(&buf, r, summaryStyle{verbose: true})
	for _, want := range []string{`HTTP/1.0 200 OK\r\n`, `Server: x\xe9\x00\x1b\r\n`, `control \x1b[31mred\x1b[0m`, "XFAIL request-line.too-long-414"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("verbose summary lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestEscapedLinesBreakAfterEachLineFeed(t *testing.T) {
	cases := []struct {
		in    string
		limit int
		want  []string
	}{
		{`GET / HTTP/1.0\r\n\r\n`, 0, []string{`GET / HTTP/1.0\r\n`, `\r\n`}},
		{`a\\nb\n`, 0, []string{`a\\nb\n`}},   // an escaped backslash before "n" is not a line feed
		{`a\\\nb`, 0, []string{`a\\\n`, `b`}}, // but an escaped backslash then \n is
		{`abcdef\x00gh`, 8, []string{`abcdef`, "… 6 more characters (the JSON report has them all)"}},
		{``, 0, nil},
	}
	for _, c := range cases {
		if got := EscapedLines(c.in, c.limit); !reflect.DeepEqual(got, c.want) {
			t.Errorf("EscapedLines(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

func TestFailedFocusSelectsFailuresAndUnexpectedPasses(t *testing.T) {
	r := sampleReport(t)
	focus := FailedFocus(r)
	re := regexp.MustCompile(focus)
	for _, c := range r.Cases {
		full := c.Area + " " + c.Spec // Ginkgo matches the container's text and the spec's
		want := c.Verdict == VerdictFailed || c.Verdict == VerdictXPass
		if re.MatchString(full) != want {
			t.Errorf("focus %q matches %q: %v, want %v", focus, full, !want, want)
		}
	}
	if re.MatchString("request-line [request-line.http09-headerless] GET /a.txt with no version, half-closed") {
		t.Error("the focus must not select a spec whose title only starts like a failed one")
	}
	if FailedFocus(&Report{Cases: []Case{{Spec: "[a.b] x", State: "passed"}}}) != "" {
		t.Error("nothing failed, so nothing to focus")
	}
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitClassnameIsTheAreaAndFailuresCarryTranscripts(t *testing.T) {
	r := sampleReport(t)
	var buf bytes.Buffer
	if err := r.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if doc.Tests != 6 || doc.Failures != 3 || doc.Skipped != 2 {
		t.Errorf("tests %d failures %d skipped %d; want 6, 3 (2 failed + 1 xpass), 2 (skipped + xfail)", doc.Tests, doc.Failures, doc.Skipped)
	}
	var suites []string
	for _, s := range doc.Suites {
		suites = append(suites, s.Name)
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("case %q: classname %q, want the area %q", c.Name, c.Classname, s.Name)
			}
		}
	}
	if !reflect.DeepEqual(suites, []string{"request-line", "cgi"}) {
		t.Errorf("suites %q", suites)
	}
	first := doc.Suites[0].Cases[0]
	if first.Name != "[request-line.http09-headerless] GET /a.txt with no version (default)" || first.Failure == nil {
		t.Fatalf("first case %+v", first)
	}
	if want := `expected: a headerless reply (no status line, no headers) of "hello\n"; got: "HTTP/1.0 200 OK"`; first.Failure.Message != want {
		t.Errorf("failure message %q, want %q", first.Failure.Message, want)
	}
	for _, want := range []string{"connection #1 to 127.0.0.1:8001", `GET /a.txt\r\n`, `Server: x\xe9\x00\x1b\r\n`, "peer-closed", `control \x1b[31mred`} {
		if !strings.Contains(first.Failure.Body, want) {
			t.Errorf("failure body lacks %q:\n%s", want, first.Failure.Body)
		}
	}
	validateJUnit(t, buf.Bytes())
}

// validateJUnit checks a report against testdata/junit.xsd with xmllint (libxml2-utils), installing
// it when missing in CI as root, else skipping that part with the reason.
func validateJUnit(t *testing.T, data []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil && os.Geteuid() == 0 && os.Getenv("CI") != "" {
		if err := aptInstall("libxml2-utils"); err != nil {
			t.Logf("installing xmllint: %v", err)
		}
		xmllint, err = exec.LookPath("xmllint")
	}
	if err != nil {
		t.Log("schema validation skipped: no xmllint (apt-get install libxml2-utils)")
		return
	}
	path := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), path).CombinedOutput()
	if err != nil {
		t.Errorf("the JUnit report does not validate: %v\n%s", err, out)
	}
}

func TestVisibleControlsShowsWhatATerminalWouldObey(t *testing.T) {
	in := "got: <a href=\"a%1Bb\">a\x1bb</a>\x00 \\n kept\ttab\nnext \xff \ufffd é"
	want := "got: <a href=\"a%1Bb\">a\\x1bb</a>\\x00 \\n kept\ttab\nnext \\xff \ufffd é"
	if got := VisibleControls(in); got != want {
		t.Errorf("VisibleControls(%q) = %q, want %q", in, got, want)
	}
	if got := oneLineReason("expected: x\n     got: \x1b[2J\n\nnote"); got != `expected: x; got: \x1b[2J` {
		t.Errorf("oneLineReason: %q", got)
	}
}

// specReport builds the Ginkgo report of one spec as the suite labels it.
func specReport(id, name, mode string, state types.SpecState, message string) types.SpecReport {
	area, _, _ := strings.Cut(id, ".")
	return types.SpecReport{
		LeafNodeType: types.NodeTypeIt, LeafNodeText: "[" + id + "] " + name,
		ContainerHierarchyTexts: []string{area}, ContainerHierarchyLabels: [][]string{{area}},
		LeafNodeLabels: []string{id, "detail", mode}, State: state, Failure: types.Failure{Message: message},
	}
}

// TestProgressInALogPrintsFailuresAndOneLinePerArea: without a terminal, the progress line becomes a
// line per finished area, and each failure is printed as it happens; specs a filter left out count
// for nothing.
func TestProgressInALogPrintsFailuresAndOneLinePerArea(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(Options{Stdout: &buf, NoColor: true})
	specs := []types.SpecReport{
		specReport("request-line.http09-headerless", "GET /a.txt", "default", types.SpecStatePassed, ""),
		specReport("request-line.too-long-414", "65537 bytes", "default", types.SpecStateFailed, "expected: status 414\n     got: status 200\n\nnote"),
		specReport("request-line.max-length-accepted", "left out by a filter", "default", types.SpecStateSkipped, ""),
		specReport("cgi.post-runs-script", "POST", "cgi", types.SpecStateSkipped, "mode cgi is unavailable"),
	}
	for _, s := range specs {
		p.spec(s, 3)
	}
	out := buf.String()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^  ✗ request-line.too-long-414 · 65537 bytes \(default\): expected: status 414; got: status 200$`),
		regexp.MustCompile(`^request-line: +1 passed, 1 failed, 0 skipped  \(default; \d+\.\ds\)$`),
		regexp.MustCompile(`^cgi: +0 passed, 0 failed, 1 skipped  \(cgi; \d+\.\ds\)$`),
	}
	if len(lines) != len(want) {
		t.Fatalf("progress output:\n%s", out)
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d %q does not match %s", i+1, lines[i], re)
		}
	}
}
