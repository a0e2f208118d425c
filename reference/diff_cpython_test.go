package reference_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cpython is the interpreter the differential test compares against.
type cpython struct {
	python, version string
}

// findCPython finds a CPython 3.13 that runs, or skips the test saying why.
func findCPython(t *testing.T) *cpython {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	root, err := exec.CommandContext(ctx, "pyenv", "root").Output()
	if err != nil {
		t.Skipf("no CPython 3.13: `pyenv root` failed: %v", err)
	}
	matches, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(root)), "versions", "3.13.*", "bin", "python"))
	for _, python := range matches {
		out, err := exec.CommandContext(ctx, python, "-c", "import sys; print(sys.version.split()[0])").Output()
		if err == nil {
			return &cpython{python: python, version: strings.TrimSpace(string(out))}
		}
	}
	t.Skipf("no CPython 3.13 runs here (tried %q)", matches)
	return nil
}

// cpythonArgs is one server's command line.
type cpythonArgs struct {
	version string
	python  string
	args    []string
	dir     string
}

func (a cpythonArgs) cmd() *exec.Cmd {
	cmd := exec.Command(a.python, a.args...)
	cmd.Dir = a.dir
	return cmd
}

// serverArgs are http.server's options: loopback only, the protocol, a port of the system's choosing.
func serverArgs(dir, protocol string) []string {
	return []string{"--bind", "127.0.0.1", "--directory", dir, "--protocol", protocol, "0"}
}

// plain is `python -m http.server`.
func (p *cpython) plain(dir, protocol string) cpythonArgs {
	return cpythonArgs{p.version, p.python, append([]string{"-m", "http.server"}, serverArgs(dir, protocol)...), dir}
}

// pinnedMIME is `python -m http.server` with mimetypes.knownfiles emptied first (pinnedMIMEProgram).
func (p *cpython) pinnedMIME(dir, protocol string) cpythonArgs {
	return cpythonArgs{p.version, p.python, append([]string{"-c", pinnedMIMEProgram}, serverArgs(dir, protocol)...), dir}
}

// pinnedMIMEProgram runs http.server as __main__ after emptying mimetypes.knownfiles, so that
// guess_type answers from CPython's built-in table alone, as the reference does by default. Without it
// CPython reads the host's /etc/mime.types and friends, and its answers depend on the machine.
// runpy.run_module with alter_sys=True is what `python -m` does; the options follow in sys.argv.
const pinnedMIMEProgram = "import mimetypes, runpy; mimetypes.knownfiles = []; " +
	"runpy.run_module('http.server', run_name='__main__', alter_sys=True)"

// mimeFiles are the mime.types files CPython's mimetypes.init() reads on this host, in its order.
func (p *cpython) mimeFiles(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command(p.python, "-c",
		"import mimetypes, os\nfor f in mimetypes.knownfiles:\n    if os.path.isfile(f): print(f)").Output()
	if err != nil {
		t.Fatalf("asking CPython for its mime.types files: %v", err)
	}
	return strings.Fields(string(out))
}
