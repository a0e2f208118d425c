package reference_test

import (
	"flag"
	"os/exec"
	"testing"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/reference"
)

var (
	diffFuzzCases = flag.Int("difffuzz.cases", 200, "generated connections in the differential fuzz test "+
		"(each runs under both protocol settings; README.md's Fuzzing section has the long run)")
	diffFuzzSeed = flag.Uint64("difffuzz.seed", 1, "seed of the differential fuzz test's request generator")
)

// TestDiffFuzzCPython is the differential test (diff_test.go) on generated requests: requestGen's
// mostly-valid, mutated requests go to CPython 3.13.0 and to the reference, on the fixture tree, under
// HTTP/1.0 and HTTP/1.1, and the normalised bytes, how each connection ended and the log lines must
// be the same. CPython's MIME database is pinned to its built-in table, as the reference's is. The
// default is a short seeded round; -difffuzz.cases and -difffuzz.seed choose a longer or another one,
// and a failing case is named by its seed and number, so it can be run again alone.
func TestDiffFuzzCPython(t *testing.T) {
	t.Parallel()
	py := findCPython(t)
	layout := materializeTree(t)
	gen := newRequestGen(*diffFuzzSeed)
	cases := make([]diffCase, *diffFuzzCases)
	requests := 0
	for i := range cases {
		var n int
		cases[i], n = gen.diffCase(i)
		requests += n
	}
	t.Logf("seed %d: %d connections holding %d requests, each run under %d protocol settings: %d requests compared",
		*diffFuzzSeed, len(cases), requests, len(protocols), requests*len(protocols))
	runDiff(t, diffRun{
		layout:    layout,
		cases:     cases,
		pyVersion: py.Version.String(),
		cpython: func(protocol string) *exec.Cmd {
			return cpythonServer(t, py, layout.DocRoot, "", cpython.Mode{Protocol: protocol}, true)
		},
		reference: reference.Config{Faults: parseFaults(t)},
	})
}
