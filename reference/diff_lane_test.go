package reference_test

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpspec/httpspec/suite/wire"
)

// diffLane is one CPython and one reference with the same settings; it runs its cases one at a time.
// A lane that replays a recording has no CPython.
type diffLane struct {
	py, ref   *diffTarget
	pyVersion string
	protocol  string
	recording *recording
}

// casesPerLane is the fewest cases worth a lane of their own: a lane costs two server starts.
const casesPerLane = 40

func startLanes(t *testing.T, run diffRun, protocol string) []*diffLane {
	n := max(1, min(*diffLanes, len(run.cases)/casesPerLane))
	lanes := make([]*diffLane, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lanes[i], errs[i] = startLane(t, run, protocol, i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return lanes
}

func startLane(t *testing.T, run diffRun, protocol string, i int) (*diffLane, error) {
	lane := &diffLane{pyVersion: run.pyVersion, protocol: protocol, recording: run.recording}
	targets, err := lane.start(t, run, i)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tg := range targets {
		if _, err := tg.sync(ctx); err != nil {
			return nil, err
		}
	}
	return lane, nil
}

// start starts the lane's servers (no CPython when the run replays a recording) and returns them.
func (l *diffLane) start(t *testing.T, run diffRun, i int) ([]*diffTarget, error) {
	protocol := l.protocol
	var err error
	if run.cpython != nil {
		l.py, err = startProcessTarget(t, fmt.Sprintf("CPython %s %s #%d", run.pyVersion, protocol, i), run.cpython(protocol))
		if err != nil {
			return nil, err
		}
	}
	if run.referenceCmd != nil {
		l.ref, err = startProcessTarget(t, fmt.Sprintf("reference %s #%d", protocol, i), run.referenceCmd(protocol))
	} else {
		cfg := run.reference
		cfg.Directory, cfg.Protocol = run.layout.DocRoot, protocol
		l.ref, err = startReference(t, fmt.Sprintf("reference %s #%d", protocol, i), cfg, run.bind)
	}
	if err != nil {
		return nil, err
	}
	if l.py == nil {
		return []*diffTarget{l.ref}, nil
	}
	if l.py.banner != "" && l.ref.banner != "" && !sameBanner(l.py.banner, l.ref.banner) {
		return nil, fmt.Errorf("startup lines differ:\n  CPython:   %q\n  reference: %q", l.py.banner, l.ref.banner)
	}
	targets := []*diffTarget{l.py, l.ref}
	if run.dialHost != "" {
		for _, tg := range targets {
			_, port, _ := net.SplitHostPort(tg.addr)
			tg.addr = net.JoinHostPort(run.dialHost, port)
		}
	}
	return targets, nil
}

// secondLook is how much longer the client waits when it runs a differing case again: a difference
// in how a connection ended can come from a server that was merely slow on a loaded machine.
const secondLook = 8

// run sends one case to both servers at once and compares what they did; a case that differs is run
// again with far more patience, and only a difference that stays counts.
func (l *diffLane) run(t *testing.T, c diffCase, tally *diffTally) {
	if l.py == nil {
		l.replay(t, c, tally)
		return
	}
	t.Run(c.fullName(), func(t *testing.T) {
		p := patience{firstByte: *diffWait, quiet: *diffQuiet}
		if l.recording != nil && l.recording.record {
			p = p.times(secondLook) // a recording must not take a slow reply for an open connection
		}
		py, ref := l.observeBoth(c, p)
		diffs := compare(c, py, ref)
		if len(diffs) > 0 {
			py, ref = l.observeBoth(c, p.times(secondLook))
			diffs = compare(c, py, ref)
		}
		tally.add(c, len(diffs) > 0)
		if *diffShow {
			t.Logf("%s did, for %s:\n%s", l.py.name, shortRequest(c.request), py)
		}
		if len(diffs) > 0 {
			t.Errorf("%s differs from %s for %s:\n%s", l.ref.name, l.py.name, shortRequest(c.request),
				strings.Join(diffs, "\n"))
		}
		if l.recording != nil && py.failure == "" {
			if stale := l.recording.check(recordingKey(l.protocol, c), recordedForm(c, py)); stale != "" {
				t.Errorf("for %s, %s", shortRequest(c.request), stale)
			}
		}
	})
}

// replay holds the reference to what the recording says CPython did; a case that differs is run
// again with far more patience, and only a difference that stays counts.
func (l *diffLane) replay(t *testing.T, c diffCase, tally *diffTally) {
	t.Run(c.fullName(), func(t *testing.T) {
		want, ok := l.recording.get(recordingKey(l.protocol, c))
		if !ok {
			t.Fatalf("%s has no record of this case: record it with -diff.record against CPython %s",
				l.recording.path, l.recording.version)
		}
		got := l.observeReference(c, patience{firstByte: *diffWait, quiet: *diffQuiet})
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			got = l.observeReference(c, patience{firstByte: *diffWait, quiet: *diffQuiet}.times(secondLook))
		}
		differs := strings.Join(got, "\n") != strings.Join(want, "\n")
		tally.add(c, differs)
		if differs {
			t.Errorf("%s differs from what %s says CPython %s did, for %s:\n%s", l.ref.name,
				l.recording.path, l.recording.version, shortRequest(c.request), recordedDiff(want, got))
		}
	})
}

// observeReference runs the case on the reference alone and returns it in recorded form.
func (l *diffLane) observeReference(c diffCase, p patience) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	obs := l.ref.observe(ctx, c, p, l.pyVersion)
	if obs.failure != "" {
		return append(recordedForm(c, obs), "failure "+obs.failure)
	}
	return recordedForm(c, obs)
}

// shortRequest quotes a request for a message, cutting the long ones.
func shortRequest(r string) string {
	const most = 300
	if len(r) <= most {
		return wire.Quote([]byte(r))
	}
	return fmt.Sprintf("%s… (%d bytes)", wire.Quote([]byte(r[:most])), len(r))
}

// observeBoth runs the case on both servers at the same time.
func (l *diffLane) observeBoth(c diffCase, p patience) (py, ref observation) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); py = l.py.observe(ctx, c, p, l.pyVersion) }()
	go func() { defer wg.Done(); ref = l.ref.observe(ctx, c, p, l.pyVersion) }()
	wg.Wait()
	return py, ref
}

// diffTally counts cases and differences for the summary line.
type diffTally struct {
	mu     sync.Mutex
	ran    map[string]int
	failed map[string][]string
}

func (d *diffTally) add(c diffCase, failed bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ran == nil {
		d.ran, d.failed = map[string]int{}, map[string][]string{}
	}
	d.ran[c.group]++
	if failed {
		d.failed[c.group] = append(d.failed[c.group], c.name)
	}
}

func (d *diffTally) report(t *testing.T, counts map[string]int, took time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var groups []string
	for g := range counts {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		t.Logf("%-9s %4d cases; %4d of %4d runs (cases x %d protocol settings) made, %d differing",
			g, counts[g], d.ran[g], counts[g]*len(protocols), len(protocols), len(d.failed[g]))
	}
	t.Logf("took %v", took.Round(time.Millisecond))
}
