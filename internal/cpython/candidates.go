package cpython

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/httpspec/httpspec/suite/catalog"
)

// candidate is a file worth probing and where it was found.
type candidate struct {
	path, source string
}

// Attempt is a place that was looked at and gave no usable interpreter, with the reason.
type Attempt struct {
	Source string // as in Interpreter.Source
	Path   string // empty when there was no file to try
	Reason string
}

func (a Attempt) String() string {
	if a.Path == "" {
		return fmt.Sprintf("%s: %s", a.Source, a.Reason)
	}
	return fmt.Sprintf("%s (%s): %s", a.Source, a.Path, a.Reason)
}

// EnvVar names the variable that points at an interpreter of one minor version: HTTPSPEC_PYTHON_3_13.
func EnvVar(minor catalog.Version) string {
	return fmt.Sprintf("HTTPSPEC_PYTHON_%d_%d", minor.Major, minor.Minor)
}

// EnvList names the variable that lists interpreters, separated by os.PathListSeparator.
const EnvList = "HTTPSPEC_PYTHONS"

// envCandidate is the interpreter a variable names (a path, or a command looked up on PATH).
func envCandidate(name string) ([]candidate, []Attempt) {
	value := os.Getenv(name)
	if value == "" {
		return nil, []Attempt{{Source: "env " + name, Reason: "not set"}}
	}
	return []candidate{{path: lookPath(value), source: "env " + name}}, nil
}

// envListCandidates reads HTTPSPEC_PYTHONS.
func envListCandidates() []candidate {
	var out []candidate
	for _, p := range filepath.SplitList(os.Getenv(EnvList)) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, candidate{path: lookPath(p), source: "env " + EnvList})
		}
	}
	return out
}

// perMinorEnvCandidates reads every HTTPSPEC_PYTHON_3_X that is set.
func perMinorEnvCandidates() []candidate {
	pattern := regexp.MustCompile(`^HTTPSPEC_PYTHON_\d+_\d+$`)
	var names []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); pattern.MatchString(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []candidate
	for _, name := range names {
		c, _ := envCandidate(name)
		out = append(out, c...)
	}
	return out
}

// lookPath resolves a bare command name on PATH and leaves anything with a slash as it is.
func lookPath(p string) string {
	if strings.ContainsRune(p, filepath.Separator) {
		return p
	}
	if found, err := exec.LookPath(p); err == nil {
		return found
	}
	return p
}

// pyenvRoot asks `pyenv root`, as pyenv itself decides it, and falls back to $PYENV_ROOT.
func pyenvRoot(ctx context.Context) (string, error) {
	if _, err := exec.LookPath("pyenv"); err != nil {
		if root := os.Getenv("PYENV_ROOT"); root != "" {
			return root, nil
		}
		return "", errors.New("pyenv is not on PATH and PYENV_ROOT is not set")
	}
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pyenv", "root").Output()
	if err != nil {
		return "", fmt.Errorf("`pyenv root`: %v", err)
	}
	root := strings.TrimSpace(string(out))
	if root == "" {
		return "", errors.New("`pyenv root` printed nothing")
	}
	return root, nil
}

// pyenvVersion is one directory of $(pyenv root)/versions whose name reads as a CPython release.
type pyenvVersion struct {
	name    string
	version catalog.Version
	python  string
}

// pyenvVersions lists the releases pyenv installed, newest first. Names that are not a release
// (pypy3.10-7.3.12, miniconda3-latest, virtualenvs) are left out; "3.13.0t" and "3.14-dev" count.
func pyenvVersions(root string) ([]pyenvVersion, error) {
	dir := filepath.Join(root, "versions")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []pyenvVersion
	for _, e := range entries {
		v, err := catalog.ParseVersion(e.Name())
		if err != nil || !startsWithDigit(e.Name()) {
			continue
		}
		out = append(out, pyenvVersion{e.Name(), v, filepath.Join(dir, e.Name(), "bin", "python")})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].version.Compare(out[b].version) > 0 })
	return out, nil
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// pyenvCandidates are pyenv's installations of one minor version (or of every version ≥ Oldest when
// minor is zero), highest patch first.
func pyenvCandidates(ctx context.Context, minor catalog.Version) ([]candidate, []Attempt) {
	root, err := pyenvRoot(ctx)
	if err != nil {
		return nil, []Attempt{{Source: "pyenv", Reason: err.Error()}}
	}
	versions, err := pyenvVersions(root)
	if err != nil {
		return nil, []Attempt{{Source: "pyenv", Reason: err.Error()}}
	}
	var out []candidate
	for _, v := range versions {
		if minor.IsZero() && v.version.Compare(catalog.Oldest) >= 0 || sameMinor(v.version, minor) {
			out = append(out, candidate{path: v.python, source: "pyenv"})
		}
	}
	if len(out) == 0 {
		pattern := filepath.Join(root, "versions", "*")
		if !minor.IsZero() {
			pattern = filepath.Join(root, "versions", minor.MinorString()+".*")
		}
		return nil, []Attempt{{Source: "pyenv", Path: pattern, Reason: "no such version installed"}}
	}
	return out, nil
}

func sameMinor(a, b catalog.Version) bool { return a.Major == b.Major && a.Minor == b.Minor }

// pathCandidates finds name in every PATH directory, in PATH order. Unlike exec.LookPath it does not
// stop at the first: a pyenv shim that fails must not hide a working interpreter further down.
func pathCandidates(name string) ([]candidate, []Attempt) {
	var out []candidate
	for _, dir := range pathDirs() {
		if p := filepath.Join(dir, name); isExecutableFile(p) {
			out = append(out, candidate{path: p, source: "PATH " + name})
		}
	}
	if len(out) == 0 {
		return nil, []Attempt{{Source: "PATH " + name, Reason: "not found in any PATH directory"}}
	}
	return out, nil
}

var pythonName = regexp.MustCompile(`^python3(\.\d+)?$`)

// pathPythons finds every python3 and python3.X in every PATH directory.
func pathPythons() []candidate {
	var out []candidate
	for _, dir := range pathDirs() {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if p := filepath.Join(dir, e.Name()); pythonName.MatchString(e.Name()) && isExecutableFile(p) {
				out = append(out, candidate{path: p, source: "PATH " + e.Name()})
			}
		}
	}
	return out
}

// pathDirs is PATH without empty entries, which would mean the working directory.
func pathDirs() []string {
	var out []string
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

func isExecutableFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0
}
