package pylib

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// modelVersion is the CPython the package mirrors and its test data records.
const modelVersion = "3.13.0"

// cpython returns an interpreter that reports itself as CPython 3.13.0,
// looked up as pyenv installs it (`pyenv root`/versions/3.13.0) and then as
// python3.13 on PATH, or skips the test saying why there is none.
func cpython(t *testing.T) string {
	t.Helper()
	var candidates []string
	if pyenv, err := exec.LookPath("pyenv"); err == nil {
		if root, err := exec.Command(pyenv, "root").Output(); err == nil {
			candidates = append(candidates, filepath.Join(strings.TrimSpace(string(root)), "versions", modelVersion, "bin", "python"))
		}
	}
	if p, err := exec.LookPath("python3.13"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		out, err := exec.Command(p, "-c", "import sys; print(sys.version.split()[0])").Output()
		if err == nil && strings.TrimSpace(string(out)) == modelVersion {
			return p
		}
	}
	t.Skipf("no CPython %s found (tried %q: pyenv root's versions/%s and python3.13 on PATH)", modelVersion, candidates, modelVersion)
	return ""
}

func runPython(t *testing.T, python string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(python, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", python, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// firstDifference describes the first line where two texts differ.
func firstDifference(got, want []byte, gotName, wantName string) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d: %s %.200q, %s %.200q", i+1, gotName, g[i], wantName, w[i])
		}
	}
	return fmt.Sprintf("%s has %d lines, %s %d", gotName, len(g), wantName, len(w))
}

// TestCasesMatchLiveCPython re-runs the generator of testdata/cases.json so
// that the expected values cannot drift from what CPython answers.
func TestCasesMatchLiveCPython(t *testing.T) {
	python := cpython(t)
	live := runPython(t, python, "testdata/gen_cases.py")
	committed, err := os.ReadFile(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(live, committed) {
		t.Errorf("%s is stale; regenerate it with testdata/gen_cases.py: %s", casesFile, firstDifference(live, committed, "live", "committed"))
	}
}

// TestUnicodeTablesMatchLiveCPython re-runs the generator of unicode_tables.go.
func TestUnicodeTablesMatchLiveCPython(t *testing.T) {
	python := cpython(t)
	live, err := format.Source(runPython(t, python, "testdata/gen_unicode_tables.py"))
	if err != nil {
		t.Fatalf("generated tables do not parse: %v", err)
	}
	committed, err := os.ReadFile("unicode_tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(live, committed) {
		t.Errorf("unicode_tables.go is stale; regenerate it with testdata/gen_unicode_tables.py: %s", firstDifference(live, committed, "live", "committed"))
	}
}

// TestCodePointsMatchLiveCPython compares, for every code point on its own,
// Repr, Lower (with the final-sigma contexts), IsDigit, Split's whitespace,
// int(), the upper case email.utils sees and urlsplit's netloc check with
// CPython, through per-block digests (testdata/gen_codepoints.py).
func TestCodePointsMatchLiveCPython(t *testing.T) {
	if testing.Short() {
		t.Skip("walks all 1,114,112 code points in CPython (seconds); skipped with -short")
	}
	python := cpython(t)
	digests := strings.Fields(string(runPython(t, python, "testdata/gen_codepoints.py")))
	if len(digests) != (utf8.MaxRune+1)/codePointBlock {
		t.Fatalf("gen_codepoints.py printed %d digests", len(digests))
	}
	for n, want := range digests {
		if got := codePointBlockDigest(n); got != want {
			live := runPython(t, python, "testdata/gen_codepoints.py", "--block", strconv.Itoa(n))
			t.Errorf("code points %#x to %#x differ from CPython: %s", n*codePointBlock, (n+1)*codePointBlock-1,
				firstDifference(codePointBlockRecords(n), live, "pylib", "CPython"))
		}
	}
}

const codePointBlock = 4096

func codePointBlockDigest(n int) string {
	h := sha256.Sum256(codePointBlockRecords(n))
	return hex.EncodeToString(h[:])
}

// codePointBlockRecords is gen_codepoints.py's record() for one block.
func codePointBlockRecords(n int) []byte {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	for c := rune(n * codePointBlock); c < rune((n+1)*codePointBlock); c++ {
		s := string(appendText(nil, c))
		number := "E"
		if v, ok := parseInt(s); ok {
			number = strconv.FormatInt(v, 10)
		}
		split := "ok"
		if _, err := URLSplitChecked("//a" + s + "b"); err != nil {
			split = "E"
		}
		fields := []string{
			Repr(s), Lower(s), Lower("A" + s + "\u03a3"), Lower("A\u03a3" + s), Lower(s + "\u03a3"),
			boolDigit(IsDigit(s)), boolDigit(len(Split("a"+s+"b")) == 2), number, upperASCII(s), split,
		}
		w.WriteString(strings.Join(fields, "\x00"))
		w.WriteByte('\n')
	}
	w.Flush()
	return buf.Bytes()
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
