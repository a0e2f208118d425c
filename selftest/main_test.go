package selftest

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// httpspecBinary is the httpspec command, built once: every run is a process of its own, since Ginkgo
// allows one suite run per process.
var httpspecBinary string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run()) // every test skips itself
	}
	dir, err := os.MkdirTemp("", "httpspec-selftest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The runs started as an unprivileged user must reach the binary.
	os.Chmod(dir, 0o755)
	httpspecBinary = filepath.Join(dir, "httpspec")
	build := exec.Command("go", "build", "-o", httpspecBinary, "github.com/httpspec/httpspec/cmd/httpspec")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build httpspec:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// skipIfShort skips the tests that start servers.
func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("the self-test starts several hundred servers (about two minutes); -short skips it")
	}
}
