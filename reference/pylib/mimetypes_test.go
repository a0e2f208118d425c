package pylib

import (
	"sync"
	"testing"
)

func checkGuesses(t *testing.T, m *MimeTypes, section string) {
	t.Helper()
	for _, c := range loadCases[pyText, [2]pyText](t, section) {
		typ, enc := m.GuessFileType(string(c.In))
		if typ != string(c.Out[0]) || enc != string(c.Out[1]) {
			t.Errorf("GuessFileType(%q) = %q, %q; Python %q, %q", c.In, typ, enc, c.Out[0], c.Out[1])
		}
	}
}

func TestBuiltinMimeTypes(t *testing.T) {
	checkGuesses(t, BuiltinMimeTypes(), "mime_builtin")
}

func TestMimeTypesReadFile(t *testing.T) {
	m := BuiltinMimeTypes()
	if err := m.ReadFile("testdata/mime.types"); err != nil {
		t.Fatal(err)
	}
	checkGuesses(t, m, "mime_with_file")
	if typ, _ := BuiltinMimeTypes().GuessFileType("x.woff2"); typ != "" {
		t.Errorf("ReadFile changed a database it was not called on: x.woff2 is %q", typ)
	}
}

func TestMimeTypesReadFileInvalidUTF8(t *testing.T) {
	var want outcome[string]
	if err := want.UnmarshalJSON(casesSection(t, "mime_invalid_file")); err != nil {
		t.Fatal(err)
	}
	m := BuiltinMimeTypes()
	checkErr(t, "ReadFile(testdata/mime-invalid.types)", m.ReadFile("testdata/mime-invalid.types"), want, true)
	if err := m.ReadFile("testdata/no-such-file.types"); err == nil {
		t.Error("ReadFile of a missing file: no error")
	}
}

func TestMimeTypesConcurrentReaders(t *testing.T) {
	m := BuiltinMimeTypes()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				if typ, _ := m.GuessFileType("a.tgz"); typ != "application/x-tar" {
					t.Errorf("a.tgz: %q", typ)
					return
				}
			}
		}()
	}
	wg.Wait()
}
