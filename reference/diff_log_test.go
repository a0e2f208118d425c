package reference_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// logTail collects a server's stderr line by line. Waiters are woken by every new line, so a test
// waits for the line it needs instead of sleeping.
type logTail struct {
	mu      sync.Mutex
	lines   []string
	partial strings.Builder
	changed chan struct{} // closed and replaced whenever a line arrives or the stream ends
	ended   error         // set when the stream can bring no more lines
}

func newLogTail() *logTail { return &logTail{changed: make(chan struct{})} }

// Write takes a chunk of the stream; it is the reference's Config.Log.
func (l *logTail) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	added := false
	for _, b := range p {
		if b != '\n' {
			l.partial.WriteByte(b)
			continue
		}
		l.lines = append(l.lines, l.partial.String())
		l.partial.Reset()
		added = true
	}
	if added {
		l.wake()
	}
	return len(p), nil
}

// follow copies a child's stderr pipe into the tail until the pipe closes.
func (l *logTail) follow(r io.Reader, what string) {
	br := bufio.NewReaderSize(r, 64<<10)
	_, err := io.Copy(l, br)
	if err == nil {
		err = io.EOF
	}
	l.end(fmt.Errorf("%s stopped writing its log: %w", what, err))
}

func (l *logTail) end(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended == nil {
		l.ended = err
		l.wake()
	}
}

// wake must be called with mu held.
func (l *logTail) wake() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// waitFor returns the index of the first line at or after from that match accepts.
func (l *logTail) waitFor(ctx context.Context, from int, match func(string) bool) (int, error) {
	for {
		l.mu.Lock()
		for i := from; i < len(l.lines); i++ {
			if match(l.lines[i]) {
				l.mu.Unlock()
				return i, nil
			}
		}
		from = max(from, len(l.lines))
		changed, ended := l.changed, l.ended
		l.mu.Unlock()
		if ended != nil {
			return 0, ended
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return 0, fmt.Errorf("waiting for a log line: %w (last lines: %q)", ctx.Err(), l.last(5))
		}
	}
}

// span returns lines [from, to).
func (l *logTail) span(from, to int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[from:to]...)
}

func (l *logTail) last(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[max(0, len(l.lines)-n):]...)
}

// markerMethod names the n-th marker request. Its 501 writes two log lines that contain the name, so
// that the lines before them are known to belong to what was sent before it.
func markerMethod(n int) string { return fmt.Sprintf("MARK-%d", n) }

func markerRequest(n int) []byte { return []byte(markerMethod(n) + " / HTTP/1.0\r\n\r\n") }

// isMarkerError and isMarkerAccess recognise the two lines send_error logs for a marker.
func isMarkerError(n int) func(string) bool {
	suffix := "] code 501, message Unsupported method ('" + markerMethod(n) + "')"
	return func(line string) bool { return strings.HasSuffix(line, suffix) }
}

func isMarkerAccess(n int) func(string) bool {
	suffix := `] "` + markerMethod(n) + ` / HTTP/1.0" 501 -`
	return func(line string) bool { return strings.HasSuffix(line, suffix) }
}

var (
	// logLineRE is log_message's "%s - - [%s] %s" with log_date_time_string()'s format.
	logLineRE = regexp.MustCompile(`^([^ ]+) - - \[(\d\d/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4} \d\d:\d\d:\d\d)\] `)
	// bannerRE is socketserver.BaseServer.handle_error's first line; the client port differs per run.
	bannerRE = regexp.MustCompile(`^(Exception occurred during processing of request from \('[^']*', )\d+(.*)$`)
	dashes   = strings.Repeat("-", 40)
)

// normaliseLog replaces each access or error line's timestamp with <TIME>, returned apart (read as
// UTC, the zone both servers run in), and reduces each traceback block to its banner (client port
// replaced) and the type of its final exception: CPython prints its own frames, the reference has
// none to print.
func normaliseLog(lines []string) (out []string, times []time.Time) {
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == dashes && i+1 < len(lines) && bannerRE.MatchString(lines[i+1]) {
			end := i + 2
			for end < len(lines) && lines[end] != dashes {
				end++
			}
			out = append(out, "<traceback> "+bannerRE.ReplaceAllString(lines[i+1], "${1}<PORT>${2}"))
			out = append(out, "<exception> "+exceptionType(lines[i+2:min(end, len(lines))]))
			i = end
			continue
		}
		if m := logLineRE.FindStringSubmatch(line); m != nil {
			line = m[1] + " - - [<TIME>] " + line[len(m[0]):]
			at, _ := time.Parse("02/Jan/2006 15:04:05", m[2])
			times = append(times, at)
		}
		out = append(out, line)
	}
	return out, times
}

// exceptionType is the type named by a traceback's last line ("ValueError: embedded null byte").
func exceptionType(body []string) string {
	for i := len(body) - 1; i >= 0; i-- {
		line := body[i]
		if line == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "Traceback ") {
			continue
		}
		name, _, _ := strings.Cut(line, ":")
		return name
	}
	return "<none>"
}
