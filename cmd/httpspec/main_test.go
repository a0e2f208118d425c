package main

import (
	"bytes"
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/testbin"
)

// httpspecBinary is the command built once for the tests that need a whole process: a run calls
// Ginkgo's RunSpecs, which a process may do only once, and explain and matrix re-execute themselves.
var httpspecBinary string

func TestMain(m *testing.M) {
	testbin.Main(m, &httpspecBinary)
}

// runBinary runs the built httpspec and returns its exit status and combined output.
func runBinary(t *testing.T, timeout time.Duration, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, httpspecBinary, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("httpspec %q did not finish within %s\n%s", args, timeout, out.String())
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

// dispatchCapture runs a subcommand in this process, for commands that start no suite run.
func dispatchCapture(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := dispatch(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// referenceTemplate is the reference server as a --target command, with faults broken on purpose.
func referenceTemplate(faults string) string {
	t := httpspecBinary + " serve {port} --bind 127.0.0.1 --directory {dir}"
	if faults != "" {
		t += " --fault " + faults
	}
	return t
}
