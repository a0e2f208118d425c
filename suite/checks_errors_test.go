package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"sort"
	"testing"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/suite/catalog"
)

// The error pages the specs write out (checks_errors.go) are checked against send_error itself:
// testdata/error-pages.json holds the bodies every CPython release rendered for the pages below, and
// TestErrorPagesLive renders them again with every interpreter it finds (-update-error-pages rewrites
// the file from them).

var updateErrorPages = flag.Bool("update-error-pages", false, "rewrite testdata/error-pages.json from the live interpreters")

// errorPageCases are the pages, by name, as the specs build them; the 414 page's message is the
// release's standard phrase.
func errorPageCases(v catalog.Version) map[string]errorPage {
	phrase414 := "Request-URI Too Long"
	if v.Compare(catalog.Version{Major: 3, Minor: 13}) >= 0 {
		phrase414 = "URI Too Long"
	}
	return map[string]errorPage{
		"404":             pageFileNotFound,
		"501-foo":         unsupportedMethod("'FOO'"),
		"501-escape":      pageEscapeMethod,
		"501-latin1":      pageLatin1Method,
		"505":             pageHTTP20,
		"400-one-word":    pageOneWord,
		"400-bad-version": pageBadVersion,
		"403":             pageNoExecScript,
		"414":             {414, phrase414, explain414},
		"431":             pageTooMany,
	}
}

// renderErrorPages calls send_error on a handler that writes to memory, with the same arguments
// as the command-line handlers (HTTPStatus members, %r of the offending text), and prints each body.
const renderErrorPages = `
import io, json, sys
from http import HTTPStatus
import http.server as s

class Handler(s.BaseHTTPRequestHandler):
    def __init__(self):
        self.wfile = io.BytesIO()
        self.request_version = self.protocol_version = 'HTTP/1.0'
        self.command, self.requestline = 'GET', ''
        self.client_address = ('127.0.0.1', 0)
    def log_message(self, *args):
        pass

def body(code, message=None, explain=None):
    h = Handler()
    h.send_error(HTTPStatus(code), message, explain)
    return h.wfile.getvalue().split(b'\r\n\r\n', 1)[1].decode('utf-8')

pages = {
    '404': body(404, 'File not found'),
    '501-foo': body(501, 'Unsupported method (%r)' % 'FOO'),
    '501-escape': body(501, 'Unsupported method (%r)' % 'A<&>"\'B'),
    '501-latin1': body(501, 'Unsupported method (%r)' % '\xfc'),
    '505': body(505, 'Invalid HTTP version (%s)' % '2.0'),
    '400-one-word': body(400, 'Bad request syntax (%r)' % 'GET'),
    '400-bad-version': body(400, 'Bad request version (%r)' % '<&>"\''),
    '403': body(403, 'CGI script is not executable (%r)' % '/cgi-bin/noexec.py'),
    '414': body(414),
    '431': body(431, 'Too many headers', 'got more than 100 headers'),
}
json.dump({sys.version.split()[0]: pages}, sys.stdout)
`

const errorPagesFile = "testdata/error-pages.json"

func TestErrorPagesMatchCPython(t *testing.T) {
	data, err := os.ReadFile(errorPagesFile)
	if err != nil {
		t.Fatal(err)
	}
	var recorded map[string]map[string]string
	if err := json.Unmarshal(data, &recorded); err != nil {
		t.Fatal(err)
	}
	if len(recorded) < len(catalog.Known) {
		t.Errorf("%s holds %d releases, want the %d known ones", errorPagesFile, len(recorded), len(catalog.Known))
	}
	for version, pages := range recorded {
		comparePages(t, version, pages)
	}
}

func TestErrorPagesLive(t *testing.T) {
	pythons := cpython.FindAll(context.Background())
	if len(pythons) == 0 {
		t.Skip("no CPython interpreter found (HTTPSPEC_PYTHONS, pyenv or python3 on PATH)")
	}
	all := map[string]map[string]string{}
	for _, python := range pythons {
		out, err := exec.Command(python.Path, "-c", renderErrorPages).Output()
		if err != nil {
			t.Errorf("%s: %v", python, err)
			continue
		}
		var got map[string]map[string]string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%s: %v", python, err)
		}
		for version, pages := range got {
			comparePages(t, version, pages)
			all[version] = pages
		}
	}
	if *updateErrorPages {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(errorPagesFile, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func comparePages(t *testing.T, version string, pages map[string]string) {
	t.Helper()
	v, err := catalog.ParseVersion(version)
	if err != nil {
		t.Fatal(err)
	}
	cases := errorPageCases(v)
	if len(pages) != len(cases) {
		t.Errorf("%s: %d pages recorded, %d cases", version, len(pages), len(cases))
	}
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want, ok := pages[name]
		if !ok {
			t.Errorf("%s %s: not recorded", version, name)
			continue
		}
		if got := cases[name].body(errorTemplateFor(v)); got != want {
			t.Errorf("%s %s:\n got %q\nwant %q", version, name, got, want)
		}
	}
}

func TestEscapeTextLeavesQuotes(t *testing.T) {
	for in, want := range map[string]string{
		`<b>"x" & 'y'</b>`: `&lt;b&gt;"x" &amp; 'y'&lt;/b&gt;`,
		"&amp;":            "&amp;amp;",
		"plain":            "plain",
	} {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The Content-Length figures of research §3.4, from the rendering.
func TestErrorPageLengths(t *testing.T) {
	for _, c := range []struct {
		page       errorPage
		t          errorTemplate
		wantLength int
	}{
		{pageFileNotFound, html401, 469},
		{pageFileNotFound, html5, 335},
		{errorPage{414, "Request-URI Too Long", explain414}, html401, 472},
		{errorPage{414, "Request-URI Too Long", explain414}, html5, 327},
		{errorPage{414, "URI Too Long", explain414}, html5, 319},
		{pageHTTP20, html401, 491},
		{pageHTTP20, html5, 340},
		{unsupportedMethod("'FOO'"), html401, 496},
		{unsupportedMethod("'FOO'"), html5, 356},
	} {
		if got := len(c.page.body(c.t)); got != c.wantLength {
			t.Errorf("%d %q as template %d: %d bytes, want %d", c.page.Code, c.page.Message, c.t, got, c.wantLength)
		}
	}
}
