package suite

import (
	"bytes"
	"context"
	"strings"
	"sync"
)

// LineLog is a LogSource fed by writes: the runner points a target's stderr at it, a test points an
// in-process server's log at it. It keeps at most MaxLines lines (older ones are dropped, and
// reported as such), and each line at most MaxLineBytes, so a target that floods its output cannot
// exhaust memory.
type LineLog struct {
	mu      sync.Mutex
	lines   []string
	dropped int // lines dropped from the front; line i is lines[i-dropped]
	partial []byte
	changed chan struct{} // closed and replaced whenever a line is added

	// MaxLines and MaxLineBytes bound what is kept (defaults 100000 and 64 KiB).
	MaxLines, MaxLineBytes int
}

// NewLineLog returns an empty log.
func NewLineLog() *LineLog {
	return &LineLog{changed: make(chan struct{}), MaxLines: 100000, MaxLineBytes: 64 << 10}
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
	if over := len(l.lines) - l.MaxLines; over > 0 {
		l.lines = append([]string(nil), l.lines[over:]...)
		l.dropped += over
	}
	close(l.changed)
	l.changed = make(chan struct{})
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
