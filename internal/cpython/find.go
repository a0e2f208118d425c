package cpython

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/httpspec/httpspec/suite/catalog"
)

// NotFoundError says that no candidate for a minor version ran, and why each one failed.
type NotFoundError struct {
	Minor string
	Tried []Attempt
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no working CPython %s found; tried:", e.Minor)
	for _, a := range e.Tried {
		b.WriteString("\n  " + a.String())
	}
	return b.String()
}

// Find returns the first interpreter of minor version minor ("3.13") that really runs, looking in
// this order: the path in HTTPSPEC_PYTHON_3_13; pyenv's versions/3.13.*/bin/python, highest patch
// first; python3.13 in each PATH directory; python3 in each PATH directory if it is 3.13. When none
// runs, the error is a *NotFoundError listing every place tried.
func Find(ctx context.Context, minor string) (Interpreter, error) {
	want, err := parseMinor(minor)
	if err != nil {
		return Interpreter{}, err
	}
	var tried []Attempt
	for _, source := range findSources(want) {
		candidates, notes := source(ctx)
		tried = append(tried, notes...)
		for _, c := range candidates {
			i, err := Probe(ctx, c.path, c.source)
			if err == nil && !sameMinor(i.Version, want) {
				err = fmt.Errorf("is CPython %s, not %s", i.Version, minor)
			}
			if err == nil {
				return i, nil
			}
			tried = append(tried, Attempt{Source: c.source, Path: c.path, Reason: err.Error()})
		}
		if ctx.Err() != nil {
			return Interpreter{}, ctx.Err()
		}
	}
	return Interpreter{}, &NotFoundError{Minor: minor, Tried: tried}
}

type candidateSource func(context.Context) ([]candidate, []Attempt)

// findSources lists Find's places in order; each is consulted only if the ones before gave nothing.
func findSources(want catalog.Version) []candidateSource {
	versioned := "python" + want.MinorString()
	return []candidateSource{
		func(context.Context) ([]candidate, []Attempt) { return envCandidate(EnvVar(want)) },
		func(ctx context.Context) ([]candidate, []Attempt) { return pyenvCandidates(ctx, want) },
		func(context.Context) ([]candidate, []Attempt) { return pathCandidates(versioned) },
		func(context.Context) ([]candidate, []Attempt) { return pathCandidates("python3") },
	}
}

// parseMinor accepts "3.13" and nothing more precise: Find picks the patch release.
func parseMinor(minor string) (catalog.Version, error) {
	v, err := catalog.ParseVersion(minor)
	if err != nil || strings.Count(minor, ".") != 1 {
		return catalog.Version{}, fmt.Errorf("minor version %q: want MAJOR.MINOR, e.g. 3.13", minor)
	}
	return v, nil
}

// FindAll returns every distinct CPython ≥ 3.6 that really runs, sorted by version: those named by
// HTTPSPEC_PYTHONS and by any HTTPSPEC_PYTHON_3_X, pyenv's installations, and python3 and python3.X
// in every PATH directory. Two candidates are the same installation when the interpreter reports the
// same real sys.executable (a pyenv shim and the file it runs, a symlink and its target); the first
// found is kept.
func FindAll(ctx context.Context) []Interpreter {
	found, _ := findAll(ctx)
	return found
}

// findAll is FindAll that also says what was rejected.
func findAll(ctx context.Context) ([]Interpreter, []Attempt) {
	candidates := allCandidates(ctx)
	results := probeAll(ctx, candidates)
	var found []Interpreter
	var tried []Attempt
	seen := map[string]bool{}
	for k, r := range results {
		c := candidates[k]
		switch {
		case r.err != nil:
			tried = append(tried, Attempt{Source: c.source, Path: c.path, Reason: r.err.Error()})
		case r.interpreter.Version.Compare(catalog.Oldest) < 0:
			tried = append(tried, Attempt{Source: c.source, Path: c.path,
				Reason: fmt.Sprintf("CPython %s is older than %s", r.interpreter.Version, catalog.Oldest)})
		case !seen[r.interpreter.executable]:
			seen[r.interpreter.executable] = true
			found = append(found, r.interpreter)
		}
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].Version.Compare(found[b].Version) < 0 })
	return found, tried
}

// allCandidates gathers FindAll's candidates in priority order, each file once.
func allCandidates(ctx context.Context) []candidate {
	all := append(envListCandidates(), perMinorEnvCandidates()...)
	fromPyenv, _ := pyenvCandidates(ctx, catalog.Version{})
	all = append(all, fromPyenv...)
	all = append(all, pathPythons()...)
	var out []candidate
	seen := map[string]bool{}
	for _, c := range all {
		if key := resolved(c.path); !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

type probeResult struct {
	interpreter Interpreter
	err         error
}

// probeParallelism bounds concurrent probes: each is a process start, and a pyenv shim is several.
const probeParallelism = 4

func probeAll(ctx context.Context, candidates []candidate) []probeResult {
	results := make([]probeResult, len(candidates))
	slots := make(chan struct{}, probeParallelism)
	var wg sync.WaitGroup
	for k, c := range candidates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			i, err := Probe(ctx, c.path, c.source)
			results[k] = probeResult{i, err}
		}()
	}
	wg.Wait()
	return results
}
