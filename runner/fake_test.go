package runner

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeTargetEnv makes the test binary act as a target server instead of running tests: a server that
// misbehaves in a chosen way, to check that a run against it ends with a clear verdict.
const fakeTargetEnv = "HTTPSPEC_RUNNER_FAKE_TARGET"

// fakeTarget serves on the port in args[0]. Modes:
//
//	crash-after-N  answer N connections with a fixed reply, then exit with status 1
func fakeTarget(mode string, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "fake target: want a port")
		return 2
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake target:", err)
		return 1
	}
	fmt.Printf("Serving HTTP on 127.0.0.1 port %s (http://127.0.0.1:%s/) ...\n", args[0], args[0])
	limit := 0
	if n, ok := strings.CutPrefix(mode, "crash-after-"); ok {
		limit, _ = strconv.Atoi(n)
	}
	for served := 0; limit == 0 || served < limit; served++ {
		c, err := ln.Accept()
		if err != nil {
			return 1
		}
		c.SetDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 4096)
		c.Read(buf)
		c.Write([]byte("HTTP/1.0 200 OK\r\nServer: fake\r\nContent-Length: 3\r\n\r\nno\n"))
		c.Close()
	}
	fmt.Fprintln(os.Stderr, "fake target: crashing on purpose")
	return 1
}

// TestCrashedTargetIsRestarted runs the suite against a target that exits after every few
// connections: the run must end, report failures (not hang or give up), and note the restarts.
func TestCrashedTargetIsRestarted(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeTargetEnv, "crash-after-3")
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, stderr := runHTTPSpecEnv(t, 2*time.Minute, []string{fakeTargetEnv + "=crash-after-3"},
		"run", "--no-color", "--json", out, "--target", self+" {port}")
	if code != ExitFailed {
		t.Fatalf("exit %d, want %d (failures)\nstdout:\n%s\nstderr:\n%s", code, ExitFailed, stdout, stderr)
	}
	var r Report
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	restarted := 0
	for _, c := range r.Cases {
		for _, n := range c.Notes {
			if strings.Contains(n, "restarted") {
				restarted++
			}
		}
	}
	if restarted == 0 {
		t.Errorf("no case notes a restart; cases: %d, summary %+v", len(r.Cases), r.Summary)
	}
}
