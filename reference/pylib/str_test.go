package pylib

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, c := range loadCases[pyText, []pyText](t, "split") {
		got := Split(string(c.In))
		want := make([]string, len(c.Out))
		for i, w := range c.Out {
			want[i] = string(w)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Split(%q) = %q, Python %q", c.In, got, want)
		}
	}
}

func TestRStrip(t *testing.T) {
	for _, c := range loadCases[[2]pyText, pyText](t, "rstrip") {
		if got := RStrip(string(c.In[0]), string(c.In[1])); got != string(c.Out) {
			t.Errorf("RStrip(%q, %q) = %q, Python %q", c.In[0], c.In[1], got, c.Out)
		}
	}
}

func TestLStrip(t *testing.T) {
	for _, c := range loadCases[[2]pyText, pyText](t, "lstrip") {
		if got := LStrip(string(c.In[0]), string(c.In[1])); got != string(c.Out) {
			t.Errorf("LStrip(%q, %q) = %q, Python %q", c.In[0], c.In[1], got, c.Out)
		}
	}
}

func TestRStripSpace(t *testing.T) {
	for _, c := range loadCases[pyText, pyText](t, "rstrip_space") {
		if got := RStripSpace(string(c.In)); got != string(c.Out) {
			t.Errorf("RStripSpace(%q) = %q, Python %q", c.In, got, c.Out)
		}
	}
}

func TestRepr(t *testing.T) {
	for _, c := range loadCases[pyText, pyText](t, "repr") {
		if got := Repr(string(c.In)); got != string(c.Out) {
			t.Errorf("Repr(%q) = %q, Python %q", c.In, got, c.Out)
		}
	}
}

func TestLower(t *testing.T) {
	for _, c := range loadCases[pyText, pyText](t, "lower") {
		if got := Lower(string(c.In)); got != string(c.Out) {
			t.Errorf("Lower(%q) = %q, Python %q", c.In, got, c.Out)
		}
	}
}

func TestIsDigit(t *testing.T) {
	for _, c := range loadCases[pyText, bool](t, "isdigit") {
		if got := IsDigit(string(c.In)); got != c.Out {
			t.Errorf("IsDigit(%q) = %v, Python %v", c.In, got, c.Out)
		}
	}
}

func TestParseInt(t *testing.T) {
	for _, c := range loadCases[pyText, outcome[int64]](t, "int") {
		got, ok := parseInt(string(c.In))
		switch {
		case ok == c.Out.Failed:
			t.Errorf("parseInt(%.40q) ok = %v, Python int() %v", c.In, ok, c.Out)
		case ok && got != c.Out.Value:
			t.Errorf("parseInt(%.40q) = %d, Python %d", c.In, got, c.Out.Value)
		}
	}
}

func TestHTMLEscape(t *testing.T) {
	for _, c := range loadCases[[2]json.RawMessage, pyText](t, "html_escape") {
		var s pyText
		var quote bool
		if err := errors.Join(json.Unmarshal(c.In[0], &s), json.Unmarshal(c.In[1], &quote)); err != nil {
			t.Fatal(err)
		}
		if got := HTMLEscape(string(s), quote); got != string(c.Out) {
			t.Errorf("HTMLEscape(%q, %v) = %q, Python %q", s, quote, got, c.Out)
		}
	}
}

// TestUnchangedTextIsNotCopied pins the promise that the hot path does not
// allocate: a result equal to the argument is the argument.
func TestUnchangedTextIsNotCopied(t *testing.T) {
	const path = "/static/css/site-1.2.css"
	checks := map[string]func() string{
		"Latin1ToText": func() string { return Latin1ToText(path) },
		"Lower":        func() string { return Lower(path) },
		"Unquote":      func() string { return Unquote(path) },
		"Quote":        func() string { return Quote(path, "/") },
		"HTMLEscape":   func() string { return HTMLEscape(path, true) },
		"RStrip":       func() string { return RStrip(path, "\r\n") },
	}
	for name, f := range checks {
		if n := testing.AllocsPerRun(100, func() { _ = f() }); n != 0 {
			t.Errorf("%s(%q) allocates %v times", name, path, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = Split("GET /index.html HTTP/1.1") }); n != 1 {
		t.Errorf("Split allocates %v times, want 1 (the slice)", n)
	}
}
