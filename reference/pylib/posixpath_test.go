package pylib

import "testing"

func TestNormPath(t *testing.T) {
	for _, c := range loadCases[pyText, pyText](t, "normpath") {
		if got := NormPath(string(c.In)); got != string(c.Out) {
			t.Errorf("NormPath(%q) = %q, Python %q", c.In, got, c.Out)
		}
	}
}

func TestSplitExt(t *testing.T) {
	for _, c := range loadCases[pyText, [2]pyText](t, "splitext") {
		root, ext := SplitExt(string(c.In))
		if root != string(c.Out[0]) || ext != string(c.Out[1]) {
			t.Errorf("SplitExt(%q) = %q, %q; Python %q, %q", c.In, root, ext, c.Out[0], c.Out[1])
		}
	}
}
