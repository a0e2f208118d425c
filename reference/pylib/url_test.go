package pylib

import (
	"errors"
	"testing"
)

func TestUnquote(t *testing.T) {
	for _, c := range loadCases[pyText, pyText](t, "unquote") {
		if got := Unquote(string(c.In)); got != string(c.Out) {
			t.Errorf("Unquote(%q) = %q, Python %q", c.In, got, c.Out)
		}
	}
}

func TestUnquoteSurrogatePass(t *testing.T) {
	for _, c := range loadCases[pyText, outcome[pyText]](t, "unquote_surrogatepass") {
		got, err := UnquoteSurrogatePass(string(c.In))
		what := "UnquoteSurrogatePass(" + Repr(string(c.In)) + ")"
		if checkErr(t, what, err, c.Out, true) && err == nil && got != string(c.Out.Value) {
			t.Errorf("%s = %q, Python %q", what, got, c.Out.Value)
		}
		var derr *UnicodeDecodeError
		if err != nil && !errors.As(err, &derr) {
			t.Errorf("%s: error %T, want *UnicodeDecodeError", what, err)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, c := range loadCases[[2]pyText, string](t, "quote") {
		if got := Quote(string(c.In[0]), string(c.In[1])); got != c.Out {
			t.Errorf("Quote(%q, safe=%q) = %q, Python %q", c.In[0], c.In[1], got, c.Out)
		}
	}
}

func TestURLSplit(t *testing.T) {
	for _, c := range loadCases[pyText, outcome[[5]pyText]](t, "urlsplit") {
		got, err := URLSplitChecked(string(c.In))
		what := "URLSplitChecked(" + Repr(string(c.In)) + ")"
		if !checkErr(t, what, err, c.Out, true) || err != nil {
			continue
		}
		want := SplitResult{string(c.Out.Value[0]), string(c.Out.Value[1]), string(c.Out.Value[2]),
			string(c.Out.Value[3]), string(c.Out.Value[4])}
		if got != want {
			t.Errorf("%s = %q, Python %q", what, got, want)
		}
		if plain := URLSplit(string(c.In)); plain != got {
			t.Errorf("URLSplit(%q) = %q, URLSplitChecked %q", c.In, plain, got)
		}
	}
}

func TestURLUnsplit(t *testing.T) {
	for _, c := range loadCases[[5]pyText, pyText](t, "urlunsplit") {
		r := SplitResult{string(c.In[0]), string(c.In[1]), string(c.In[2]), string(c.In[3]), string(c.In[4])}
		if got := URLUnsplit(r); got != string(c.Out) {
			t.Errorf("URLUnsplit(%q) = %q, Python %q", r, got, c.Out)
		}
	}
}
