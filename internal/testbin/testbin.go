// Package testbin builds the httpspec command for a package's tests. A whole run calls Ginkgo's
// RunSpecs, which a process may do only once, so the tests of the runner, the command and the
// self-test run the built binary instead.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Main builds httpspec into a temporary directory every user can reach (a target run as uid 65534
// executes it), stores its path in *binary, runs the tests, removes the directory and exits.
func Main(m *testing.M, binary *string) {
	dir, err := os.MkdirTemp("", "httpspec-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := build(dir, binary); err != nil {
		fmt.Fprintln(os.Stderr, "build httpspec:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func build(dir string, binary *string) error {
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	*binary = filepath.Join(dir, "httpspec")
	cmd := exec.Command("go", "build", "-o", *binary, "github.com/httpspec/httpspec/cmd/httpspec")
	cmd.Stderr = os.Stderr
	return cmd.Run()
}
