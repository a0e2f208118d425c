package reference_test

// The differential test: CPython 3.13.0's `python -m http.server` and the reference serve the same
// fixture tree, in both protocol settings; every case's raw bytes go to both, and the replies, how
// the connections end and the log lines must be the same. Only the Date value, the log timestamps
// (checked to agree within seconds instead) and what doc.go's DEVIATIONS lists are normalised: the
// Server product token, the MIME database (pinned on one side or fed to the other), and traceback
// frames.
//
// Log lines are attributed without sleeping: after each case the test sends a marker request with a
// method of its own (MARK-n) to the same server and waits for the marker's 501 in the log; what came
// before it belongs to the case. Each server logs for one client at a time, so the cases are spread
// over several pairs of servers ("lanes") that run side by side.
//
// The runs: TestDiffCPython (core and file serving, CPython's MIME database pinned to its built-in
// table), TestDiffCPythonHostMIME (the host's mime.types on both sides), TestDiffCPythonUnprivileged
// (the permission cases, both servers as uid 65534), TestDiffCPythonDualStack (both bound to "::",
// reached over IPv4 and IPv6), and TestDiffRecorded, which needs no CPython: it holds the reference to
// testdata/diff/cpython-3.13.0.txt.gz, CPython's answers to TestDiffCPython's cases.
//
// Flags (after -args): -diff.faults breaks the reference on purpose, -diff.show logs CPython's
// answers, -diff.record rewrites the recording, -diff.lanes/-diff.quiet/-diff.wait tune the timing.

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/reference"
)

var (
	diffFaults = flag.String("diff.faults", "", "break the reference on purpose with these faults "+
		"(comma-separated, see `httpspec serve --list-faults`): the differential test must then fail")
	diffLanes = flag.Int("diff.lanes", 8, "server pairs per protocol setting in the differential test")
	diffQuiet = flag.Duration("diff.quiet", 150*time.Millisecond,
		"how long a connection must stay silent after a reply to count as left open")
	diffWait = flag.Duration("diff.wait", 700*time.Millisecond,
		"how long a server may take to send its first byte before it counts as waiting for more input")
	diffShow = flag.Bool("diff.show", false, "log what CPython did for every case, differing or not")
)

// protocols are the two -p settings every case runs under.
var protocols = []string{"HTTP/1.0", "HTTP/1.1"}

// TestDiffCPython runs the core and file-serving cases with CPython's MIME database pinned to its
// built-in table, as the reference's is by default.
// CPython's answers are also checked against testdata/diff/cpython-<version>.txt.gz when there is one,
// and written there with -diff.record.
func TestDiffCPython(t *testing.T) {
	t.Parallel()
	py := findCPython(t)
	rec, err := loadRecording(py.Version.String(), *diffRecord)
	if err != nil {
		t.Fatal(err)
	}
	if rec.record {
		t.Cleanup(func() {
			if err := rec.save(); err != nil {
				t.Error(err)
			}
			t.Logf("wrote %d records to %s", len(rec.obs), rec.path)
		})
	}
	layout := materializeTree(t)
	runDiff(t, diffRun{
		layout:    layout,
		cases:     append(coreCases(), fileCases()...),
		pyVersion: py.Version.String(),
		cpython: func(protocol string) *exec.Cmd {
			return cpythonServer(t, py, layout.DocRoot, "", cpython.Mode{Protocol: protocol}, true)
		},
		reference: reference.Config{Faults: parseFaults(t)},
		recording: rec,
	})
}

// TestDiffRecorded holds the reference to what CPython 3.13.0 was recorded doing for the cases of
// TestDiffCPython (testdata/diff), so that the differential holds where no CPython 3.13 runs. The log
// times and Date values, which a recording cannot hold, are only checked live.
func TestDiffRecorded(t *testing.T) {
	t.Parallel()
	rec, err := loadRecording(recordedVersion, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.obs) == 0 {
		t.Fatalf("%s is missing or empty: record it with -diff.record against CPython %s", rec.path, recordedVersion)
	}
	layout := materializeTree(t)
	runDiff(t, diffRun{
		layout:    layout,
		cases:     append(coreCases(), fileCases()...),
		pyVersion: recordedVersion,
		reference: reference.Config{Faults: parseFaults(t)},
		recording: rec,
	})
}

// TestDiffCPythonHostMIME runs the MIME cases with CPython reading the host's mime.types files, as it
// does by default, and the reference reading the same files through Config.MimeTypesFiles.
func TestDiffCPythonHostMIME(t *testing.T) {
	t.Parallel()
	py := findCPython(t)
	files := cpythonMIMEFiles(t, py)
	if len(files) == 0 {
		t.Logf("CPython reads no mime.types file on this host; the run repeats the built-in table")
	}
	layout := materializeTree(t)
	runDiff(t, diffRun{
		layout:    layout,
		cases:     inGroup("mime-host", mimeCases()),
		pyVersion: py.Version.String(),
		cpython: func(protocol string) *exec.Cmd {
			return cpythonServer(t, py, layout.DocRoot, "", cpython.Mode{Protocol: protocol}, false)
		},
		reference: reference.Config{MimeTypesFiles: files, Faults: parseFaults(t)},
	})
}

// diffRun is one differential run: the cases, and how to start each side.
type diffRun struct {
	layout    *fixtures.Layout
	cases     []diffCase
	pyVersion string
	cpython   func(protocol string) *exec.Cmd
	reference reference.Config
	// referenceCmd, when set, starts the reference as a process (the compiled binary) instead of in
	// this one; reference is then unused.
	referenceCmd func(protocol string) *exec.Cmd
	// bind is the in-process reference's bind address ("": 127.0.0.1), and dialHost the host the
	// client connects to ("": the one the server reports).
	bind, dialHost string
	// recording is what CPython was seen to do. With cpython set, CPython is checked against it (or,
	// with -diff.record, it is written); with cpython nil, the reference is held to it instead.
	recording *recording
}

// runDiff runs every case on both protocol settings, lanes side by side, and reports each difference
// as the failure of the case's subtest.
func runDiff(t *testing.T, run diffRun) {
	cases := applicable(t, run.layout, run.cases)
	counts := map[string]int{}
	for _, c := range cases {
		counts[c.group]++
	}
	tally := &diffTally{}
	start := time.Now()
	t.Cleanup(func() { tally.report(t, counts, time.Since(start)) })
	for _, protocol := range protocols {
		t.Run(strings.ReplaceAll(protocol, "/", ""), func(t *testing.T) {
			t.Parallel()
			lanes := startLanes(t, run, protocol)
			var wg sync.WaitGroup
			for i, lane := range lanes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for j := i; j < len(cases); j += len(lanes) {
						lane.run(t, cases[j], tally)
					}
				}()
			}
			wg.Wait()
		})
	}
}

// applicable drops the cases that need fixture entries this filesystem could not hold, saying why.
func applicable(t *testing.T, layout *fixtures.Layout, cases []diffCase) []diffCase {
	var out []diffCase
	for _, c := range cases {
		ok := true
		for _, p := range c.needs {
			if fine, why := layout.Applicable(p); !fine {
				t.Logf("skipping %s: %s", c.fullName(), why)
				ok = false
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

// materializeTree writes the fixture tree into a directory every user can reach (the permission run
// serves it as uid 65534), removed when the test ends.
func materializeTree(t *testing.T) *fixtures.Layout {
	t.Helper()
	base, err := os.MkdirTemp("", "httpspec-diff-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeTree(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	layout, err := fixtures.Materialize(filepath.Join(base, "tree"), fixtures.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return layout
}

// removeTree gives back the permissions the fixture's permission cases took away, then removes it.
func removeTree(base string) {
	filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if d != nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	os.RemoveAll(base)
}

func parseFaults(t *testing.T) reference.Faults {
	faults, err := reference.ParseFaults(*diffFaults)
	if err != nil {
		t.Fatal(err)
	}
	if len(faults) > 0 {
		t.Logf("the reference runs with faults %s: differences are expected", *diffFaults)
	}
	return faults
}
