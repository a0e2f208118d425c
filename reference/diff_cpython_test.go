package reference_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
)

// findCPython finds a CPython 3.13 that really runs (cpython.Find: the HTTPSPEC_PYTHON_3_13
// variable, pyenv, PATH), or skips the test saying where it looked.
func findCPython(t *testing.T) cpython.Interpreter {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	py, err := cpython.Find(ctx, "3.13")
	if err != nil {
		t.Skipf("the differential test needs CPython 3.13: %v", err)
	}
	return py
}

// cpythonServer is the command that starts one CPython server: `python -m http.server` on a port of
// the system's choosing, bound to bind ("": 127.0.0.1, so that the log shows the client as
// 127.0.0.1, as the reference's does), serving dir in mode m. With pinnedMIME the module runs
// through pinnedMIMEProgram instead of -m.
func cpythonServer(t *testing.T, py cpython.Interpreter, dir, bind string, m cpython.Mode, pinnedMIME bool) *exec.Cmd {
	t.Helper()
	if bind == "" {
		bind = "127.0.0.1"
	}
	argv, env, err := py.ServerCommand(0, bind, dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if pinnedMIME {
		if len(argv) < 3 || argv[1] != "-m" || argv[2] != "http.server" {
			t.Fatalf("cannot pin the MIME database of %q: it does not run -m http.server", argv)
		}
		argv = append([]string{argv[0], "-c", pinnedMIMEProgram}, argv[3:]...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// pinnedMIMEProgram runs http.server as __main__ after emptying mimetypes.knownfiles, so that
// guess_type answers from CPython's built-in table alone, as the reference does by default. Without it
// CPython reads the host's /etc/mime.types and friends, and its answers depend on the machine.
// runpy.run_module with alter_sys=True is what `python -m` does; the options follow in sys.argv.
const pinnedMIMEProgram = "import mimetypes, runpy; mimetypes.knownfiles = []; " +
	"runpy.run_module('http.server', run_name='__main__', alter_sys=True)"

// cpythonMIMEFiles are the mime.types files CPython's mimetypes.init() reads on this host, in order.
func cpythonMIMEFiles(t *testing.T, py cpython.Interpreter) []string {
	t.Helper()
	out, err := exec.Command(py.Path, "-c",
		"import mimetypes, os\nfor f in mimetypes.knownfiles:\n    if os.path.isfile(f): print(f)").Output()
	if err != nil {
		t.Fatalf("asking CPython for its mime.types files: %v", err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\n") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files
}
