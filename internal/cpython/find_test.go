package cpython

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/suite/catalog"
)

// The discovery tests run against fake interpreters: shell scripts that answer the probe the way a
// CPython, a pyenv shim or a broken install does, on a PATH that holds nothing else.

// fakeInterpreter writes an executable script that answers the probe as CPython `version` would,
// naming itself as the real executable.
func fakeInterpreter(t *testing.T, dir, name, version string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	sysVersion := version + " (main, Jan  1 2024, 00:00:00) [GCC 12.2.0]"
	return writeScript(t, path, "printf '%s\\n' "+shellQuote(sysVersion, "cpython", path)+"\n")
}

// fakeShim writes what pyenv puts on PATH for a version that is not selected, saying what pyenv says.
func fakeShim(t *testing.T, dir, name string) string {
	t.Helper()
	message := []string{
		"pyenv: " + name + ": command not found",
		"",
		"The `" + name + "' command exists in these Python versions:",
		"  3.13.0",
		"",
		"Note: See 'pyenv help global' for tips on allowing multiple",
		"      Python versions to be found at the same time.",
	}
	return writeScript(t, filepath.Join(dir, name), "printf '%s\\n' "+shellQuote(message...)+" >&2\nexit 127\n")
}

// shellQuote quotes each word for sh (only builtins run in the fakes: PATH holds nothing else).
func shellQuote(words ...string) string {
	quoted := make([]string, len(words))
	for k, w := range words {
		quoted[k] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}

// shimFailure is the reason Probe gives for a fakeShim.
func shimFailure(name string) string {
	return "exit status 127: pyenv: " + name + ": command not found … Python versions to be found at the same time."
}

// fakeForwarder writes a script that runs target, as a working pyenv shim runs the selected version.
func fakeForwarder(t *testing.T, dir, name, target string) string {
	t.Helper()
	return writeScript(t, filepath.Join(dir, name), "exec "+shellQuote(target)+" \"$@\"\n")
}

func writeScript(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// isolate leaves the discovery tests only the given PATH directories and no pyenv or variables.
func isolate(t *testing.T, pathDirs ...string) {
	t.Helper()
	t.Setenv("PATH", strings.Join(pathDirs, string(os.PathListSeparator)))
	t.Setenv("PYENV_ROOT", "")
	t.Setenv(EnvList, "")
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "HTTPSPEC_PYTHON_") {
			t.Setenv(name, "")
		}
	}
}

// fakePyenvRoot lays out $(pyenv root)/versions/NAME/bin/python for each name.
func fakePyenvRoot(t *testing.T, versions ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, v := range versions {
		fakeInterpreter(t, filepath.Join(root, "versions", v, "bin"), "python", v)
	}
	return root
}

func TestFindPrefersTheEnvironmentVariable(t *testing.T) {
	bin := t.TempDir()
	isolate(t, bin)
	fakeInterpreter(t, bin, "python3.13", "3.13.5")
	chosen := fakeInterpreter(t, t.TempDir(), "python", "3.13.1")
	t.Setenv("HTTPSPEC_PYTHON_3_13", chosen)

	got := mustFind(t, "3.13")
	want := Interpreter{Path: chosen, Version: catalog.MustVersion("3.13.1"), Source: "env HTTPSPEC_PYTHON_3_13"}
	assertInterpreter(t, got, want)
}

func TestFindSkipsAShimThatFailsForAWorkingInterpreterLaterOnPath(t *testing.T) {
	shims, bin := t.TempDir(), t.TempDir()
	isolate(t, shims, bin)
	fakeShim(t, shims, "python3.13")
	working := fakeInterpreter(t, bin, "python3.13", "3.13.0")

	assertInterpreter(t, mustFind(t, "3.13"),
		Interpreter{Path: working, Version: catalog.MustVersion("3.13.0"), Source: "PATH python3.13"})
}

func TestFindAsksPyenvForItsRootAndTakesTheHighestPatch(t *testing.T) {
	bin := t.TempDir()
	isolate(t, bin)
	root := fakePyenvRoot(t, "3.13.1", "3.13.10", "3.13.2", "3.12.9", "pypy3.10-7.3.12")
	writeScript(t, filepath.Join(bin, "pyenv"), fmt.Sprintf("[ \"$1\" = root ] && echo '%s'\n", root))

	assertInterpreter(t, mustFind(t, "3.13"), Interpreter{
		Path:    filepath.Join(root, "versions", "3.13.10", "bin", "python"),
		Version: catalog.MustVersion("3.13.10"), Source: "pyenv",
	})
}

func TestFindFallsBackToAnOlderPatchWhenTheNewestDoesNotRun(t *testing.T) {
	bin := t.TempDir()
	isolate(t, bin)
	root := fakePyenvRoot(t, "3.13.1", "3.13.2")
	fakeShim(t, filepath.Join(root, "versions", "3.13.2", "bin"), "python")
	t.Setenv("PYENV_ROOT", root) // no pyenv command on PATH: its variable is enough

	assertInterpreter(t, mustFind(t, "3.13"), Interpreter{
		Path:    filepath.Join(root, "versions", "3.13.1", "bin", "python"),
		Version: catalog.MustVersion("3.13.1"), Source: "pyenv",
	})
}

func TestFindWorksWithOnlyPython3OnPath(t *testing.T) {
	bin := t.TempDir()
	isolate(t, bin)
	python3 := fakeInterpreter(t, bin, "python3", "3.12.4")

	assertInterpreter(t, mustFind(t, "3.12"),
		Interpreter{Path: python3, Version: catalog.MustVersion("3.12.4"), Source: "PATH python3"})
}

func TestFindErrorListsEveryPlaceTriedAndWhy(t *testing.T) {
	shims, bin := t.TempDir(), t.TempDir()
	isolate(t, shims, bin)
	shim := fakeShim(t, shims, "python3.13")
	python3 := fakeInterpreter(t, bin, "python3", "3.11.2")
	broken := writeScript(t, filepath.Join(t.TempDir(), "python"), "echo 'Fatal Python error: init_fs_encoding' >&2\nexit 1\n")
	t.Setenv("HTTPSPEC_PYTHON_3_13", broken)

	_, err := Find(context.Background(), "3.13")
	var notFound *NotFoundError
	if !errors.As(err, &notFound) {
		t.Fatalf("Find: got %v, want a *NotFoundError", err)
	}
	want := strings.Join([]string{
		"no working CPython 3.13 found; tried:",
		"  env HTTPSPEC_PYTHON_3_13 (" + broken + "): exit status 1: Fatal Python error: init_fs_encoding",
		"  pyenv: pyenv is not on PATH and PYENV_ROOT is not set",
		"  PATH python3.13 (" + shim + "): " + shimFailure("python3.13"),
		"  PATH python3 (" + python3 + "): is CPython 3.11.2, not 3.13",
	}, "\n")
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
}

func TestFindReportsWhenNothingIsThere(t *testing.T) {
	isolate(t, t.TempDir())
	_, err := Find(context.Background(), "3.9")
	want := strings.Join([]string{
		"no working CPython 3.9 found; tried:",
		"  env HTTPSPEC_PYTHON_3_9: not set",
		"  pyenv: pyenv is not on PATH and PYENV_ROOT is not set",
		"  PATH python3.9: not found in any PATH directory",
		"  PATH python3: not found in any PATH directory",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestFindRejectsAVersionThatIsNotMajorMinor(t *testing.T) {
	for _, minor := range []string{"3", "3.13.0", "three"} {
		if _, err := Find(context.Background(), minor); err == nil {
			t.Errorf("Find(%q): got no error", minor)
		}
	}
}

func TestProbeRejectsWhatIsNotAUsableCPython(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, body, reason string // reason is a regular expression
	}{
		{"pypy", "printf '%s\\n' '3.10.13 (fc0b8d0, Jan 01 2024) [PyPy 7.3.15]' pypy /x\n", `^pypy 3\.10\.13 is not CPython$`},
		{"garbage", "echo hello\n", `^unexpected output "hello\\n"$`},
		{"unparsable", "printf '%s\\n' 'abc def' cpython /x\n", `^sys\.version "abc def": version "abc": want MAJOR\.MINOR\[\.PATCH\]$`},
		{"hangs", "while :; do :; done\n", `^no answer within (29\d|300)ms$`},
	}
	for _, c := range cases {
		path := writeScript(t, filepath.Join(dir, c.name), c.body)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		_, err := Probe(ctx, path, "test")
		cancel()
		if err == nil || !regexp.MustCompile(c.reason).MatchString(err.Error()) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.reason)
		}
	}
}

func TestFindAllDedupesByRealExecutableAndSortsByVersion(t *testing.T) {
	listed, bin, shims := t.TempDir(), t.TempDir(), t.TempDir()
	isolate(t, bin, shims)
	v312 := fakeInterpreter(t, listed, "python3.12", "3.12.0")
	link := filepath.Join(listed, "python-link")
	if err := os.Symlink(v312, link); err != nil {
		t.Fatal(err)
	}
	failing := fakeShim(t, listed, "python3.7")
	t.Setenv(EnvList, strings.Join([]string{v312, link, failing}, string(os.PathListSeparator)))
	root := fakePyenvRoot(t, "3.13.0", "2.7.18", "3.5.10")
	t.Setenv("PYENV_ROOT", root)
	v39 := fakeInterpreter(t, bin, "python3", "3.9.1")
	fakeForwarder(t, shims, "python3.9", v39) // a working shim: same installation as python3
	fakeShim(t, shims, "python3.6")
	fakeInterpreter(t, bin, "python3.5", "3.5.10")

	got, tried := findAll(context.Background())
	want := []Interpreter{
		{Path: v39, Version: catalog.MustVersion("3.9.1"), Source: "PATH python3"},
		{Path: v312, Version: catalog.MustVersion("3.12.0"), Source: "env HTTPSPEC_PYTHONS"},
		{Path: filepath.Join(root, "versions", "3.13.0", "bin", "python"), Version: catalog.MustVersion("3.13.0"), Source: "pyenv"},
	}
	if len(got) != len(want) {
		t.Fatalf("FindAll: got %v, want %v", got, want)
	}
	for k := range want {
		assertInterpreter(t, got[k], want[k])
	}
	wantTried := []string{
		"env HTTPSPEC_PYTHONS (" + failing + "): " + shimFailure("python3.7"),
		"PATH python3.5 (" + filepath.Join(bin, "python3.5") + "): CPython 3.5.10 is older than 3.6.0",
		"PATH python3.6 (" + filepath.Join(shims, "python3.6") + "): " + shimFailure("python3.6"),
	}
	if fmt.Sprint(tried) != fmt.Sprint(wantTried) {
		t.Errorf("rejected:\n%v\nwant:\n%v", tried, wantTried)
	}
}

func mustFind(t *testing.T, minor string) Interpreter {
	t.Helper()
	i, err := Find(context.Background(), minor)
	if err != nil {
		t.Fatalf("Find(%q): %v", minor, err)
	}
	return i
}

func assertInterpreter(t *testing.T, got, want Interpreter) {
	t.Helper()
	if got.Path != want.Path || got.Version != want.Version || got.Source != want.Source {
		t.Errorf("got %s, want %s", got, want)
	}
}
