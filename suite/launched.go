package suite

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// withRecordingLauncher gives a case its own view of the configuration whose Launcher remembers every
// instance the case starts, so the case's report shows the command lines and what they printed: for
// command-line specs that is the evidence a transcript is for the others.
func withRecordingLauncher(cfg *Config) *Config {
	if cfg.Launcher == nil {
		return cfg
	}
	own := *cfg
	own.Launcher = &recordingLauncher{Launcher: cfg.Launcher}
	return &own
}

type recordingLauncher struct {
	Launcher
	mu       sync.Mutex
	launched []launchRecord
}

type launchRecord struct {
	args, env []string
	p         Process
	err       error
}

func (l *recordingLauncher) Launch(ctx context.Context, args, env []string) (Process, error) {
	p, err := l.Launcher.Launch(ctx, args, env)
	l.mu.Lock()
	l.launched = append(l.launched, launchRecord{args, env, p, err})
	l.mu.Unlock()
	return p, err
}

// launchedNotes renders what the case's launches did, for its report.
func launchedNotes(cfg *Config) []string {
	l, ok := cfg.Launcher.(*recordingLauncher)
	if !ok {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var notes []string
	for _, r := range l.launched {
		cmd := strings.Join(r.args, " ")
		if len(r.env) > 0 {
			cmd = strings.Join(r.env, " ") + " " + cmd
		}
		if r.err != nil {
			notes = append(notes, fmt.Sprintf("launched [%s]: %v", cmd, r.err))
			continue
		}
		notes = append(notes, fmt.Sprintf("launched [%s]\nstdout:\n%sstderr:\n%s", cmd, indentOutput(r.p.Stdout()), indentOutput(r.p.Stderr())))
	}
	return notes
}

func indentOutput(s string) string {
	if s == "" {
		return "  (nothing)\n"
	}
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}
