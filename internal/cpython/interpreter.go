package cpython

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/httpspec/httpspec/suite/catalog"
)

// Interpreter is a CPython that was seen to run.
type Interpreter struct {
	// Path is the file that was executed, as it was found (a pyenv shim stays a shim).
	Path string
	// Version is sys.version's release, e.g. 3.13.0.
	Version catalog.Version
	// Source says where it was found: "env HTTPSPEC_PYTHON_3_13", "env HTTPSPEC_PYTHONS", "pyenv",
	// "PATH python3.13", "PATH python3".
	Source string

	// executable is os.path.realpath(sys.executable), the file that really ran: shims and symlinks
	// resolve to it, so it identifies an installation.
	executable string
}

func (i Interpreter) String() string {
	return fmt.Sprintf("CPython %s at %s (%s)", i.Version, i.Path, i.Source)
}

// ProbeTimeout bounds one probe (a shorter deadline on the context wins): an interpreter slower than
// this to print its version is not usable.
const ProbeTimeout = 5 * time.Second

// probeScript prints what Probe needs, one item a line: sys.version (up to 3.9 it holds a newline
// before the compiler), sys.implementation.name (from 3.3: older interpreters fail here, which rejects
// them as well) and the real sys.executable.
const probeScript = "import os, sys; print(' '.join(sys.version.split())); " +
	"print(sys.implementation.name); print(os.path.realpath(sys.executable))"

// Probe runs path and reports the CPython it is, or why it is not a usable one.
func Probe(ctx context.Context, path, source string) (Interpreter, error) {
	budget := ProbeTimeout
	if d, ok := ctx.Deadline(); ok && time.Until(d) < budget {
		budget = time.Until(d)
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "-c", probeScript)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second // a shim's children may hold the pipes open after it is killed
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return Interpreter{}, fmt.Errorf("no answer within %s", budget.Round(time.Millisecond))
		}
		return Interpreter{}, runFailure(err, stderr.String())
	}
	return parseProbe(path, source, stdout.String())
}

// runFailure keeps the first and last lines a failing program wrote: pyenv's "command not found" comes
// first, a Python exception last.
func runFailure(err error, stderr string) error {
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	switch len(lines) {
	case 0:
		return err
	case 1:
		return fmt.Errorf("%v: %s", err, lines[0])
	}
	return fmt.Errorf("%v: %s … %s", err, lines[0], lines[len(lines)-1])
}

func parseProbe(path, source, out string) (Interpreter, error) {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 3 {
		return Interpreter{}, fmt.Errorf("unexpected output %q", out)
	}
	fields := strings.Fields(lines[0])
	if len(fields) == 0 {
		return Interpreter{}, fmt.Errorf("empty sys.version")
	}
	version, err := catalog.ParseVersion(fields[0])
	if err != nil {
		return Interpreter{}, fmt.Errorf("sys.version %q: %v", lines[0], err)
	}
	if impl := strings.TrimSpace(lines[1]); impl != "cpython" {
		return Interpreter{}, fmt.Errorf("%s %s is not CPython", impl, version)
	}
	executable := strings.TrimSpace(lines[2])
	if executable == "" {
		executable = resolved(path)
	}
	return Interpreter{Path: path, Version: version, Source: source, executable: executable}, nil
}

// resolved is path with every symlink followed, or path itself when that fails.
func resolved(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			return abs
		}
	}
	return path
}
