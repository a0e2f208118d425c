package runner

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/suite"
)

// pythonTarget is a CPython interpreter's `-m http.server`, started in every mode the suite needs even
// where that version's command line cannot express it (--protocol before 3.11, an unprivileged server
// when the interpreter lives where an unprivileged user cannot reach): see package cpython.
type pythonTarget struct {
	interp cpython.Interpreter
	root   bool
}

// PythonTarget checks that path is a CPython that really runs and returns it as a target.
func PythonTarget(ctx context.Context, path string) (Target, error) {
	interp, err := cpython.Probe(ctx, path, "--python")
	if err != nil {
		return nil, fmt.Errorf("--python %s: %w", path, err)
	}
	return &pythonTarget{interp: interp, root: os.Geteuid() == 0}, nil
}

func (t *pythonTarget) Name() string {
	return "CPython " + t.interp.Version.String() + " (" + t.interp.Path + ")"
}
func (t *pythonTarget) CLI() []string     { return []string{t.interp.Path, "-m", "http.server"} }
func (t *pythonTarget) choosesPort() bool { return true }

func (t *pythonTarget) Command(mode suite.Mode, port int, docroot string) (Command, error) {
	var m cpython.Mode
	switch mode {
	case suite.ModeHTTP11:
		m.Protocol = "HTTP/1.1"
	case suite.ModeCGI:
		m.CGI = true
	case suite.ModeUnprivileged:
		if !t.root {
			return Command{}, errors.New("the runner is not root, so the default mode is already unprivileged")
		}
		m.DropTo = &cpython.Nobody
	}
	argv, env, err := t.interp.ServerCommand(port, "127.0.0.1", docroot, m)
	if err != nil {
		return Command{}, err
	}
	return Command{Argv: argv, Env: append(append([]string(nil), targetEnv...), env...), Dir: docroot}, nil
}
