package runner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRunWritesNothingElse runs the suite with a fresh TMPDIR, HOME and working directory and three
// reports asked for: afterwards the reports are the only new files, and the temporary, home and
// working directories are as empty as they started.
func TestRunWritesNothingElse(t *testing.T) {
	base := t.TempDir()
	dirs := map[string]string{}
	for _, d := range []string{"tmp", "home", "cwd", "reports"} {
		dirs[d] = filepath.Join(base, d)
		if err := os.Mkdir(dirs[d], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	reports := []string{"r.json", "r.xml", "r.html"}
	cmd := exec.Command(httpspecBinary, "run", "--no-color", "--label-filter", "errors",
		"--json", filepath.Join(dirs["reports"], reports[0]),
		"--junit", filepath.Join(dirs["reports"], reports[1]),
		"--html", filepath.Join(dirs["reports"], reports[2]))
	cmd.Dir = dirs["cwd"]
	cmd.Env = append(os.Environ(), "TMPDIR="+dirs["tmp"], "HOME="+dirs["home"], "XDG_CACHE_HOME=", "XDG_CONFIG_HOME=")
	if out, err := runWithin(cmd, 2*time.Minute); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, d := range []string{"tmp", "home", "cwd"} {
		if left := listTree(t, dirs[d]); len(left) > 0 {
			t.Errorf("the run left %s in %s", strings.Join(left, ", "), d)
		}
	}
	if got := strings.Join(listTree(t, dirs["reports"]), " "); got != "r.html r.json r.xml" {
		t.Errorf("the report directory holds %s; want the three reports alone", got)
	}
}

// TestInterruptCleansUp sends Ctrl-C to a running `httpspec run`, once while its targets are still
// starting and once while the suite runs: the run must exit with ExitInterrupted, and leave no
// target process (nor anything a target started) and no temporary file behind.
func TestInterruptCleansUp(t *testing.T) {
	for _, tc := range []struct {
		name    string
		targets int // how many target processes to wait for before the interrupt
	}{{"while starting", 1}, {"while running", len(modesStarted)}} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(httpspecBinary, "run", "--no-color")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			out := &lockedBuffer{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var targets []int
			waitUntil(t, 60*time.Second, func() bool {
				targets = childrenOf(cmd.Process.Pid)
				return len(targets) >= tc.targets
			})
			if tc.targets > 1 {
				waitUntil(t, 60*time.Second, func() bool { return strings.Contains(out.String(), " passed") })
			}
			cmd.Process.Signal(os.Interrupt)
			select {
			case <-exited:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("the run did not exit within 60s of Ctrl-C\n%s", out.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
				t.Errorf("exit %d after Ctrl-C, want %d\n%s", code, ExitInterrupted, tail(out.String()))
			}
			if left := listTree(t, tmp); len(left) > 0 {
				t.Errorf("the run left %s in its temporary directory", strings.Join(left, ", "))
			}
			// Each target leads a process group of its own, whose id is its pid: what it started is
			// in that group too. (A snapshot may catch a child between fork and setpgid, still in the
			// runner's group: the target's pid names its group all the same.)
			for _, g := range targets {
				for _, pid := range groupMembers(g) {
					t.Errorf("process %d (%s) of target group %d survived the run", pid, describeProcess(pid), g)
				}
			}
		})
	}
}

// modesStarted is how many target processes a run of the reference starts: one per mode.
var modesStarted = []string{"default", "http11", "cgi", "unprivileged"}

func init() {
	if os.Geteuid() != 0 {
		modesStarted = modesStarted[:3] // not root: the default mode is the unprivileged one
	}
}

// runWithin runs cmd, killing it after limit.
func runWithin(cmd *exec.Cmd, limit time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-ctx.Done():
		cmd.Process.Kill()
		<-done
		return out.String(), fmt.Errorf("not finished within %v", limit)
	}
}

// listTree lists every path under dir, relative to it, sorted.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// waitUntil checks cond every few milliseconds until it holds, failing the test at the deadline: the
// run is another process, which has no way to tell the test it got there.
func waitUntil(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not reached within %v", within)
		}
		<-tick.C
	}
}

// procStat returns the ppid and pgid of a process, from /proc/PID/stat.
func procStat(pid int) (ppid, pgid int, ok bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 3 || fields[0] == "Z" {
		return 0, 0, false // gone, or a zombie waiting to be reaped
	}
	ppid, _ = strconv.Atoi(fields[1])
	pgid, _ = strconv.Atoi(fields[2])
	return ppid, pgid, true
}

// eachProcess calls f with every live process's pid, ppid and pgid.
func eachProcess(f func(pid, ppid, pgid int)) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, pgid, ok := procStat(pid); ok {
			f(pid, ppid, pgid)
		}
	}
}

func childrenOf(parent int) []int {
	var out []int
	eachProcess(func(pid, ppid, _ int) {
		if ppid == parent {
			out = append(out, pid)
		}
	})
	return out
}

// describeProcess is a process's command line and state, for failure messages.
func describeProcess(pid int) string {
	cmdline, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	stat, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	return strings.ReplaceAll(strings.TrimSpace(string(cmdline)), "\x00", " ") + "; stat: " + strings.TrimSpace(string(stat))
}

func groupMembers(pgid int) []int {
	var out []int
	eachProcess(func(pid, _, g int) {
		if g == pgid {
			out = append(out, pid)
		}
	})
	return out
}

// lockedBuffer is a bytes.Buffer that a process writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
