package pylib

import (
	"bytes"
	"errors"
	"testing"
)

func TestLatin1ToText(t *testing.T) {
	for _, c := range loadCases[hexBytes, pyText](t, "latin1_to_text") {
		if got := Latin1ToText(string(c.In)); got != string(c.Out) {
			t.Errorf("Latin1ToText(%q) = %q, Python %q", c.In, got, c.Out)
		}
	}
}

func TestTextToLatin1(t *testing.T) {
	for _, c := range loadCases[pyText, outcome[hexBytes]](t, "text_to_latin1") {
		got, err := TextToLatin1(string(c.In))
		what := "TextToLatin1(" + Repr(string(c.In)) + ")"
		if checkErr(t, what, err, c.Out, true) && err == nil && got != string(c.Out.Value) {
			t.Errorf("%s = %q, Python %q", what, got, c.Out.Value)
		}
	}
}

func TestFSEncode(t *testing.T) {
	for _, c := range loadCases[pyText, outcome[hexBytes]](t, "fsencode") {
		got, err := FSEncode(string(c.In))
		what := "FSEncode(" + Repr(string(c.In)) + ")"
		if checkErr(t, what, err, c.Out, true) && err == nil && !bytes.Equal(got, c.Out.Value) {
			t.Errorf("%s = %q, Python %q", what, got, c.Out.Value)
		}
		var uerr *UnicodeEncodeError
		if err != nil && !errors.As(err, &uerr) {
			t.Errorf("%s: error %T, want *UnicodeEncodeError", what, err)
		}
	}
}

func TestFSDecode(t *testing.T) {
	for _, c := range loadCases[hexBytes, pyText](t, "fsdecode") {
		got := FSDecode(c.In)
		if got != string(c.Out) {
			t.Errorf("FSDecode(%q) = %q, Python %q", c.In, got, c.Out)
		}
		if back, err := FSEncode(got); err != nil || !bytes.Equal(back, c.In) {
			t.Errorf("FSEncode(FSDecode(%q)) = %q, %v; surrogateescape must round-trip", c.In, back, err)
		}
	}
}
