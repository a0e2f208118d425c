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
type diffLane struct {
	py, ref   *diffTarget
	pyVersion string
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
	py, err := startProcessTarget(t, fmt.Sprintf("CPython %s %s #%d", run.pyVersion, protocol, i), run.cpython(protocol))
	if err != nil {
		return nil, err
	}
	var ref *diffTarget
	if run.referenceCmd != nil {
		ref, err = startProcessTarget(t, fmt.Sprintf("reference %s #%d", protocol, i), run.referenceCmd(protocol))
	} else {
		cfg := run.reference
		cfg.Directory, cfg.Protocol = run.layout.DocRoot, protocol
		ref, err = startReference(t, fmt.Sprintf("reference %s #%d", protocol, i), cfg, run.bind)
	}
	if err != nil {
		return nil, err
	}
	if py.banner != "" && ref.banner != "" && !sameBanner(py.banner, ref.banner) {
		return nil, fmt.Errorf("startup lines differ:\n  CPython:   %q\n  reference: %q", py.banner, ref.banner)
	}
	if run.dialHost != "" {
		for _, tg := range []*diffTarget{py, ref} {
			_, port, _ := net.SplitHostPort(tg.addr)
			tg.addr = net.JoinHostPort(run.dialHost, port)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tg := range []*diffTarget{py, ref} {
		if _, err := tg.sync(ctx); err != nil {
			return nil, err
		}
	}
	return &diffLane{py: py, ref: ref, pyVersion: run.pyVersion}, nil
}

// secondLook is how much longer the client waits when it runs a differing case again: a difference
// in how a connection ended can come from a server that was merely slow on a loaded machine.
const secondLook = 8

// run sends one case to both servers at once and compares what they did; a case that differs is run
// again with far more patience, and only a difference that stays counts.
func (l *diffLane) run(t *testing.T, c diffCase, tally *diffTally) {
	t.Run(c.fullName(), func(t *testing.T) {
		p := patience{firstByte: *diffWait, quiet: *diffQuiet}
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
	})
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
