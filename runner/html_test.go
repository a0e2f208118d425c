package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func sampleHTML(t *testing.T) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := sampleReport(t).WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.String()
}

func TestHTMLReportIsSelfContainedAndComplete(t *testing.T) {
	_, page := sampleHTML(t)
	// Nothing is loaded from anywhere: no stylesheets, scripts, images or fonts by reference.
	for _, bad := range []string{"<link", " src=", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("the page loads a resource (%q)", bad)
		}
	}
	for _, want := range []string{
		`<details class="behavior failed" id="request-line.http09-headerless"`, // linkable by id
		`id="request-line.http09-headerless/1"`,                                // and each case
		`<span class="esc">\xe9</span><span class="esc">\x00</span><span class="esc">\x1b</span>`,
		`<td class="k">reset</td>`, `<td class="k">silent</td>`, `no bytes for 300ms`, `<td class="t">301.6 ms</td>`,
		`control \x1b[31mred\x1b[0m`, // the target's log, escaped
		`<tr class="want"><th>expected</th><td><div>a headerless reply (no status line, no headers) of &#34;hello\n&#34;</div></td></tr>`,
		`<tr class="got"><th>actual</th><td><div>&#34;HTTP/1.0 200 OK&#34;</div></td></tr>`,
		`This holds for CPython 3.6&#43; (profile: 3.12.1).`,
		`<blockquote>`, // the documented behavior's quoted sentence
		`unavailable: <span class="why">exited with status 2`,
		`known failure: the server keeps the connection`,
		`passed, but expected to fail: NBSP was not a separator`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "Source: Lib/http/server.py: parse_request") {
		t.Error("the failure repeats the citation shown above it")
	}
	// Failures first: every failed behavior comes before every passed one.
	order := regexp.MustCompile(`<details class="behavior (\w+)"`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, m := range order {
		got = append(got, m[1])
	}
	if want := []string{"failed", "failed", "xpass", "xfail", "passed", "skipped"}; !reflect.DeepEqual(got, want) {
		t.Errorf("behavior order %q, want %q", got, want)
	}
}

func TestMarkUpEscapesKeepsTheEscapedText(t *testing.T) {
	h, more := markUpEscapes(`a<b>\r\n\x00&`, 0)
	if want := `a&lt;b&gt;<span class="esc">\r</span><span class="esc">\n</span>` + "\n" + `<span class="esc">\x00</span>&amp;`; string(h) != want {
		t.Errorf("got %q\nwant %q", h, want)
	}
	if more != "" {
		t.Errorf("more %q", more)
	}
	if _, more := markUpEscapes(strings.Repeat("x", 100), 10); more != "… 90 more characters (the JSON report has them all)" {
		t.Errorf("more %q", more)
	}
}

// visibleCases lists the verdicts of the cases a reader sees, with every behavior expanded.
const visibleCases = `(function () {
  document.getElementById("expand").click();
  return Array.prototype.filter.call(document.querySelectorAll("section.case"), function (c) { return c.offsetParent !== null; })
    .map(function (c) { return c.dataset.verdict; });
})()`

func clickFilter(b *browser, group, value string) {
	b.t.Helper()
	b.eval(`document.querySelector('.filters [data-filter="`+group+`"] button[data-value="`+value+`"]').click()`, nil)
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestHTMLReportInChromium loads the page in a real browser: no console errors, the filters show
// what they say, #id links open their behavior, the hex toggle decodes the bytes, and a screenshot is
// taken for a person to look at.
func TestHTMLReportInChromium(t *testing.T) {
	path, _ := sampleHTML(t)
	b := startBrowser(t)
	b.open(path)
	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Fatalf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	var all []string
	b.eval(visibleCases, &all)
	if want := []string{"failed", "failed", "passed", "skipped", "xfail", "xpass"}; !reflect.DeepEqual(sortedStrings(all), want) {
		t.Fatalf("visible at first: %q, want %q", all, want)
	}

	steps := []struct {
		click func()
		want  []string
	}{
		{func() { clickFilter(b, "verdict", "failed") }, []string{"failed", "failed"}},
		{func() { clickFilter(b, "verdict", "xpass") }, []string{"failed", "failed", "xpass"}},
		{func() { clickFilter(b, "level", "documented") }, nil}, // the failures are details, not documented
		{func() { b.eval(`document.getElementById("clear").click()`, nil); clickFilter(b, "area", "cgi") }, []string{"skipped"}},
		{func() {
			b.eval(`document.querySelector('.count-table button[data-filter="area"][data-value="request-line"]').click()`, nil)
		},
			[]string{"failed", "failed", "passed", "xfail", "xpass"}},
		{func() {
			b.eval(`document.getElementById("clear").click(); var s = document.getElementById("search"); s.value = "nbsp"; s.dispatchEvent(new Event("input"))`, nil)
		}, []string{"xpass"}},
	}
	for i, s := range steps {
		s.click()
		var got []string
		b.eval(visibleCases, &got)
		if !reflect.DeepEqual(sortedStrings(got), s.want) {
			t.Errorf("step %d: visible %q, want %q", i+1, got, s.want)
		}
	}
	var shown string
	b.eval(`document.getElementById("shown").textContent`, &shown)
	if shown != "1 behaviors, 1 cases shown" {
		t.Errorf("shown %q", shown)
	}

	// A link to a passed behavior that a filter hides: the filters give way and the behavior opens.
	b.eval(`document.getElementById("collapse").click(); new Promise(function (done) {
	    window.addEventListener("hashchange", function () { setTimeout(done, 0); }, {once: true});
	    location.hash = "#request-line.max-length-accepted";
	  })`, nil)
	var opened struct {
		Open, Hidden bool
		Top          float64
	}
	b.eval(`(function () { var d = document.getElementById("request-line.max-length-accepted");
	  return {Open: d.open, Hidden: d.hidden, Top: d.getBoundingClientRect().top}; })()`, &opened)
	if !opened.Open || opened.Hidden || opened.Top < 0 || opened.Top > 200 {
		t.Errorf("after following #request-line.max-length-accepted: %+v", opened)
	}

	// Hex: the first connection's sent bytes, "GET /a.txt\r\n\r\n".
	var hex string
	b.eval(`(function () { var c = document.getElementById("request-line.http09-headerless/1").querySelector(".conn");
	  c.querySelector(".hex-toggle").click(); return c.querySelector("pre.data").textContent; })()`, &hex)
	if want := "00000  47 45 54 20 2f 61 2e 74  78 74 0d 0a 0d 0a        GET /a.txt...."; hex != want {
		t.Errorf("hex view %q\nwant %q", hex, want)
	}
	var back string
	b.eval(`(function () { var c = document.getElementById("request-line.http09-headerless/1").querySelector(".conn");
	  c.querySelector(".hex-toggle").click(); return c.querySelector("pre.data").innerHTML; })()`, &back)
	if !strings.HasPrefix(back, `GET /a.txt<span class="esc">\r</span>`) {
		t.Errorf("toggling back: %q", back)
	}
	var recvHex string
	b.eval(`(function () { var c = document.getElementById("request-line.http09-headerless/1").querySelector(".conn");
	  c.querySelector(".hex-toggle").click(); return c.querySelectorAll("pre.data")[1].textContent; })()`, &recvHex)
	if !strings.Contains(recvHex, "78 e9 00 1b 0d 0a") {
		t.Errorf("the received bytes in hex lack 78 e9 00 1b 0d 0a (x, é in Latin-1, NUL, ESC, CRLF):\n%s", recvHex)
	}

	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors after clicking:\n%s", strings.Join(errs, "\n"))
	}
	b.open(path) // as a reader first sees it: failures open, everything else closed
	shot := filepath.Join(t.TempDir(), "report.png")
	b.screenshot(shot, 1280, 4000)
	keepScreenshot(t, shot)
}

// TestJSONHoldsEverythingTheHTMLShows: the page rendered from the JSON report read back is the page
// rendered from the run itself, so the JSON can stand for the run (merges, reruns, artifacts).
func TestJSONHoldsEverythingTheHTMLShows(t *testing.T) {
	r := sampleReport(t)
	path := filepath.Join(t.TempDir(), "r.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	back, err := ReadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	generated := regexp.MustCompile(`generated [0-9-]+ [0-9:]+ UTC`)
	render := func(r *Report) string {
		var buf bytes.Buffer
		if err := r.WriteHTML(&buf); err != nil {
			t.Fatal(err)
		}
		return generated.ReplaceAllString(buf.String(), "generated")
	}
	if a, b := render(r), render(back); a != b {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("the page from the JSON differs at byte %d: %q vs %q", i, a[i:min(len(a), i+80)], b[i:min(len(b), i+80)])
	}
}
