package suite

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestLineLogBoundsAFlood writes far more than a LineLog may keep, in long lines and in many short
// ones: what it holds stays within MaxBytes and MaxLines, line numbers keep counting every line, and
// the newest lines are always there.
func TestLineLogBoundsAFlood(t *testing.T) {
	for _, tc := range []struct {
		name      string
		line      string
		lines     int
		bytes, nl int
	}{
		{"64 KiB lines", strings.Repeat("e", 64<<10-1) + "\n", 2000, 1 << 20, 100000},
		{"short lines", "short\n", 50000, 16 << 20, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewLineLog()
			l.MaxBytes, l.MaxLines = tc.bytes, tc.nl
			for range tc.lines {
				l.Write([]byte(tc.line))
			}
			l.Write([]byte("last\n"))
			held, kept := 0, l.Lines(0)
			for _, line := range kept {
				held += len(line)
			}
			if held > tc.bytes || len(kept) > tc.nl {
				t.Errorf("holds %d lines, %d bytes; bounds %d lines, %d bytes", len(kept), held, tc.nl, tc.bytes)
			}
			if l.Len() != tc.lines+1 || kept[len(kept)-1] != "last" {
				t.Errorf("Len %d, want %d; last line %q", l.Len(), tc.lines+1, kept[len(kept)-1])
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			if i, err := l.Wait(ctx, 0, "last"); err != nil || i != tc.lines {
				t.Errorf("Wait found %q at %d, %v; want %d", "last", i, err, tc.lines)
			}
		})
	}
}
