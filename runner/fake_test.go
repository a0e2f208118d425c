package runner

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
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

// fakeReply is what a fake target sends when it answers at all.
const fakeReply = "HTTP/1.0 200 OK\r\nServer: fake\r\nContent-Length: 3\r\n\r\nno\n"

// fakeTarget serves on the port in args[0]. Modes:
//
//	crash-after-N  answer N connections with a fixed reply, then exit with status 1
//	exit-at-once   exit with status 3 before doing anything
//	no-listen      print nothing and never listen; wait to be killed
//	silent         accept connections and read them, never answer
//	endless-body   answer with a status line, headers and a body that never ends
//	header-flood   answer with a status line and header lines until a gigabyte has gone
//	reset-random   answer, or reset before answering, or reset half way, at random (seeded)
//	stderr-flood   answer, while writing 64 KiB lines to stderr without end
func fakeTarget(mode string, args []string) int {
	switch mode {
	case "exit-at-once":
		return 3
	case "no-listen":
		time.Sleep(24 * time.Hour) // until the runner gives up and stops it
		return 0
	}
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
	if n, ok := strings.CutPrefix(mode, "crash-after-"); ok {
		limit, _ := strconv.Atoi(n)
		return crashAfter(ln, limit)
	}
	if mode == "stderr-flood" {
		go floodStderr()
	}
	rng := rand.New(rand.NewPCG(8, 8))
	for {
		c, err := ln.Accept()
		if err != nil {
			return 1
		}
		go misbehave(mode, c, rng.IntN(3))
	}
}

func crashAfter(ln net.Listener, limit int) int {
	for served := 0; limit == 0 || served < limit; served++ {
		c, err := ln.Accept()
		if err != nil {
			return 1
		}
		answer(c)
	}
	fmt.Fprintln(os.Stderr, "fake target: crashing on purpose")
	return 1
}

// answer reads what comes within a second and sends the fixed reply.
func answer(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	c.Read(make([]byte, 4096))
	c.Write([]byte(fakeReply))
}

// misbehave serves one connection in the given mode; dice (0-2) chooses reset-random's fate.
func misbehave(mode string, c net.Conn, dice int) {
	defer c.Close()
	switch mode {
	case "silent":
		io.Copy(io.Discard, c)
	case "endless-body":
		c.Read(make([]byte, 4096))
		io.WriteString(c, "HTTP/1.0 200 OK\r\nServer: fake\r\n\r\n")
		writeForever(c, strings.Repeat("endless ", 8192), 0)
	case "header-flood":
		c.Read(make([]byte, 4096))
		io.WriteString(c, "HTTP/1.0 200 OK\r\n")
		writeForever(c, "X-Flood: "+strings.Repeat("h", 1013)+"\r\n", 1<<30)
	case "reset-random":
		c.Read(make([]byte, 4096))
		switch dice {
		case 0:
		case 1:
			io.WriteString(c, fakeReply[:len(fakeReply)/2])
		default:
			io.WriteString(c, fakeReply)
			return
		}
		c.(*net.TCPConn).SetLinger(0)
	default: // stderr-flood and any other mode answer normally
		answer(c)
	}
}

// writeForever writes chunk until the peer goes away or, when limit > 0, limit bytes have gone.
func writeForever(c net.Conn, chunk string, limit int) {
	for sent := 0; limit == 0 || sent < limit; sent += len(chunk) {
		c.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if _, err := io.WriteString(c, chunk); err != nil {
			return
		}
	}
}

// floodStderr writes 64 KiB lines to stderr until the process is killed.
func floodStderr() {
	line := strings.Repeat("e", 64<<10-1) + "\n"
	for {
		if _, err := io.WriteString(os.Stderr, line); err != nil {
			return
		}
	}
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
