package reference_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/httpspec/httpspec/suite/wire"
)

var diffRecord = flag.Bool("diff.record", false, "write what CPython does in TestDiffCPython to "+
	"testdata/diff/cpython-<version>.txt.gz, which TestDiffRecorded holds the reference to")

// recordedVersion is the CPython whose recording TestDiffRecorded replays: the one the reference
// models.
const recordedVersion = "3.13.0"

// recordingPath is where a version's recording lives: gzipped text, since replies repeat a lot
// (zcat shows it).
func recordingPath(version string) string {
	return filepath.Join("testdata", "diff", "cpython-"+version+".txt.gz")
}

// recording is what CPython did for each case under each protocol setting, in the written form of
// recordedForm, so that the reference can be held to it where no CPython 3.13 runs.
type recording struct {
	path    string
	version string
	record  bool // store what CPython does instead of checking it

	mu  sync.Mutex
	obs map[string][]string // "<protocol> <group/name>" → recordedForm lines
}

func recordingKey(protocol string, c diffCase) string { return protocol + " " + c.fullName() }

// loadRecording reads a recording; a missing file is an empty one. In record mode the cases that run
// replace their records and the others keep theirs, so that recording a few cases (-run) is safe.
func loadRecording(version string, record bool) (*recording, error) {
	r := &recording{path: recordingPath(version), version: version, record: record, obs: map[string][]string{}}
	f, err := os.Open(r.path)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	key := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#") || line == "":
		case strings.HasPrefix(line, "=== "):
			key = line[len("=== "):]
			r.obs[key] = []string{}
		case key == "":
			return nil, fmt.Errorf("%s: %q before the first record", r.path, line)
		default:
			r.obs[key] = append(r.obs[key], line)
		}
	}
	return r, sc.Err()
}

func (r *recording) get(key string) ([]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lines, ok := r.obs[key]
	return lines, ok
}

// check compares what CPython did now with what was recorded and says how they differ ("" when they
// do not, or when nothing was recorded for the case); in record mode it stores it instead.
func (r *recording) check(key string, lines []string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.record {
		r.obs[key] = lines
		return ""
	}
	want, ok := r.obs[key]
	if !ok || strings.Join(want, "\n") == strings.Join(lines, "\n") {
		return ""
	}
	return fmt.Sprintf("CPython %s no longer does what %s says (record again with -diff.record):\n%s",
		r.version, r.path, recordedDiff(want, lines))
}

// save writes the recording, its records sorted by key.
func (r *recording) save() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := make([]string, 0, len(r.obs))
	for k := range r.obs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "# What CPython %s's http.server did for each case of the differential test (diff_cases_*_test.go),\n", r.version)
	b.WriteString("# normalised as the test compares it. Written by\n")
	b.WriteString("#   go test ./reference -run 'TestDiffCPython$' -diff.record\n")
	b.WriteString("# TestDiffRecorded holds the reference to it where no CPython 3.13 runs.\n")
	for _, k := range keys {
		b.WriteString("\n=== " + k + "\n")
		for _, line := range r.obs[k] {
			b.WriteString(line + "\n")
		}
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z) // no name and no time in the header: the same records give the same file
	zw.Write([]byte(b.String()))
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(r.path, z.Bytes(), 0o644)
}

// Values longer than these are recorded by digest and length.
const (
	mostRecordedBytes   = 4096
	mostRecordedLogLine = 1024
)

// recordedForm writes an observation as the lines of a record. A case whose end may be a close or a
// reset (resetOK) records either as "closed-or-reset".
func recordedForm(c diffCase, o observation) []string {
	out := []string{"received " + recordedBytes(o.received, mostRecordedBytes), "end " + recordedEnd(c, o.end)}
	if o.end == wire.Open {
		out = append(out, "after "+recordedBytes(o.afterEOF, mostRecordedBytes), "after-end "+o.afterEnd.String())
	}
	for _, line := range o.log {
		out = append(out, "log "+recordedBytes([]byte(line), mostRecordedLogLine))
	}
	return out
}

func recordedBytes(b []byte, most int) string {
	if len(b) <= most {
		return strconv.Quote(string(b))
	}
	return fmt.Sprintf("sha256:%x len:%d", sha256.Sum256(b), len(b))
}

func recordedEnd(c diffCase, end wire.PeerState) string {
	if c.resetOK && (end == wire.Closed || end == wire.Reset) {
		return "closed-or-reset"
	}
	return end.String()
}

// recordedDiff shows two records line by line, marking the lines that differ.
func recordedDiff(want, got []string) string {
	var b strings.Builder
	for i := 0; i < max(len(want), len(got)); i++ {
		w, g := "(none)", "(none)"
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		mark := " "
		if w != g {
			mark = "!"
		}
		fmt.Fprintf(&b, "  %s recorded: %s\n  %s now:      %s\n", mark, shorten(w), mark, shorten(g))
	}
	return b.String()
}

func shorten(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
