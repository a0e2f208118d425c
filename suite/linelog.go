package suite

import (
	"bytes"
	"context"
	"strings"
	"sync"
)

// LineLog is a LogSource fed by writes: the runner points a target's stderr at it, a test points an
// in-process server's log at it. It keeps at most MaxLines lines and MaxBytes bytes of them (older
// lines are dropped, and reported as such), and each line at most MaxLineBytes, so a target that
// floods its output cannot exhaust memory.
type LineLog struct {
	mu      sync.Mutex
	lines   []string
	held    int // bytes in lines
	dropped int // lines dropped from the front; line i is lines[i-dropped]
	partial []byte
	changed chan struct{} // closed and replaced whenever a line is added

	// MaxLines, MaxBytes and MaxLineBytes bound what is kept (defaults 100000, 16 MiB and 64 KiB).
	// MaxLines lines of MaxLineBytes would be 6 GiB: MaxBytes is what bounds a flood of long lines.
	MaxLines, MaxBytes, MaxLineBytes int
}

// NewLineLog returns an empty log.
func NewLineLog() *LineLog {
	return &LineLog{changed: make(chan struct{}), MaxLines: 100000, MaxBytes: 16 << 20, MaxLineBytes: 64 << 10}
}

// Write splits what it gets into lines; an unfinished line waits for its end.
func (l *LineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	data := p
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			l.partial = appendBounded(l.partial, data, l.MaxLineBytes)
			break
		}
		l.partial = appendBounded(l.partial, data[:i], l.MaxLineBytes)
		l.addLocked(string(l.partial))
		l.partial = l.partial[:0]
		data = data[i+1:]
	}
	return len(p), nil
}

func appendBounded(dst, src []byte, limit int) []byte {
	if room := limit - len(dst); room < len(src) {
		src = src[:max(room, 0)]
	}
	return append(dst, src...)
}

func (l *LineLog) addLocked(line string) {
	l.lines = append(l.lines, line)
	l.held += len(line)
	if len(l.lines) > l.MaxLines || (l.MaxBytes > 0 && l.held > l.MaxBytes) {
		l.dropOldestLocked()
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// dropOldestLocked drops lines from the front until a quarter of each bound is free, so that a flood
// costs one copy per many lines rather than one per line.
func (l *LineLog) dropOldestLocked() {
	over := 0
	for over < len(l.lines)-1 && (len(l.lines)-over > l.MaxLines*3/4 || (l.MaxBytes > 0 && l.held > l.MaxBytes*3/4)) {
		l.held -= len(l.lines[over])
		over++
	}
	l.lines = append([]string(nil), l.lines[over:]...)
	l.dropped += over
}

// Len implements LogSource.
func (l *LineLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped + len(l.lines)
}

// Lines implements LogSource.
func (l *LineLog) Lines(from int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	from = max(from-l.dropped, 0)
	if from >= len(l.lines) {
		return nil
	}
	return append([]string(nil), l.lines[from:]...)
}

// Wait implements LogSource: it wakes on every new line, never polls.
func (l *LineLog) Wait(ctx context.Context, from int, substr string) (int, error) {
	for {
		l.mu.Lock()
		for i := max(from-l.dropped, 0); i < len(l.lines); i++ {
			if strings.Contains(l.lines[i], substr) {
				l.mu.Unlock()
				return i + l.dropped, nil
			}
		}
		from = l.dropped + len(l.lines)
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// Tail returns the last n lines, for error messages about a target that failed.
func (l *LineLog) Tail(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	from := max(len(l.lines)-n, 0)
	out := append([]string(nil), l.lines[from:]...)
	if len(l.partial) > 0 {
		out = append(out, string(l.partial))
	}
	return out
}
