package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EventKind names one thing that happened on a connection.
type EventKind string

// The events a transcript records. A report needs all of them to show why a spec decided that a
// server closed, reset or stayed silent (research §11: "model connection state as EOF / open / RST").
const (
	EventDial       EventKind = "dial"        // connected; Note holds "local -> remote"
	EventSend       EventKind = "send"        // bytes written, one event per write
	EventRecv       EventKind = "recv"        // bytes read, one event per read
	EventHalfClose  EventKind = "half-close"  // our write side shut down (SHUT_WR)
	EventPeerClosed EventKind = "peer-closed" // EOF from the peer
	EventReset      EventKind = "reset"       // ECONNRESET / EPIPE
	EventSilent     EventKind = "silent"      // no bytes until the deadline; the connection is still open
	EventClose      EventKind = "close"       // we closed the connection
	EventError      EventKind = "error"       // anything else: dial failure, cancelled context, ...
)

// Event is one entry of a transcript.
type Event struct {
	At   time.Duration // offset from the start of the dial
	Kind EventKind
	Data []byte // for send and recv
	Note string
}

// Transcript is the record of one connection, for reports. It is safe to read while the connection is
// still in use.
type Transcript struct {
	ID     int    // 1, 2, ... in dial order within a Recorder; 0 outside one
	Label  string // Options.Label
	Addr   string // the address dialed
	start  time.Time
	mu     sync.Mutex
	events []Event
	// limit bounds the data kept per direction (0: no bound); kept counts it, per event kind.
	limit int
	kept  map[EventKind]int
}

// Events returns a copy of the events so far.
func (t *Transcript) Events() []Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Event(nil), t.events...)
}

func (t *Transcript) add(kind EventKind, data []byte, note string) {
	e := Event{At: time.Since(t.start), Kind: kind, Note: note}
	t.mu.Lock()
	defer t.mu.Unlock()
	if data != nil {
		keep := len(data)
		if t.limit > 0 {
			if t.kept == nil {
				t.kept = map[EventKind]int{}
			}
			keep = min(keep, max(t.limit-t.kept[kind], 0))
			t.kept[kind] += keep
		}
		e.Data = append([]byte(nil), data[:keep]...)
		if keep < len(data) {
			e.Note = strings.TrimSpace(e.Note + fmt.Sprintf(" (%d more bytes not kept)", len(data)-keep))
		}
	}
	t.events = append(t.events, e)
}

// DefaultFormatLimit is how many bytes of each send or recv event String shows.
const DefaultFormatLimit = 4096

// String renders the transcript for a terminal, showing at most DefaultFormatLimit bytes per event.
func (t *Transcript) String() string { return t.Format(DefaultFormatLimit) }

// Format renders the transcript for a terminal: one line per event with its offset in milliseconds,
// data escaped as by Quote and broken after each "\n". Events carrying more than limit bytes are cut
// with a note of how many bytes were left out; limit <= 0 shows everything.
func (t *Transcript) Format(limit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", t.title())
	for _, e := range t.Events() {
		head := fmt.Sprintf("%9.1fms %-11s ", float64(e.At.Microseconds())/1000, e.Kind)
		line := head + e.Note
		if e.Data != nil {
			line = head + fmt.Sprintf("%d bytes", len(e.Data))
			if e.Note != "" {
				line += " (" + e.Note + ")"
			}
		}
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
		writeQuotedLines(&b, e.Data, limit, strings.Repeat(" ", len(head)))
	}
	return b.String()
}

func (t *Transcript) title() string {
	s := fmt.Sprintf("connection #%d to %s", t.ID, t.Addr)
	if t.Label != "" {
		s += fmt.Sprintf(" (%s)", t.Label)
	}
	return s
}

// writeQuotedLines writes data escaped, one indented output line per "\n" in the data.
func writeQuotedLines(b *strings.Builder, data []byte, limit int, indent string) {
	shown, cut := data, 0
	if limit > 0 && len(data) > limit {
		shown, cut = data[:limit], len(data)-limit
	}
	for len(shown) > 0 {
		line := shown
		if i := bytes.IndexByte(shown, '\n'); i >= 0 {
			line = shown[:i+1]
		}
		shown = shown[len(line):]
		b.WriteString(indent)
		b.WriteString(Quote(line))
		b.WriteByte('\n')
	}
	if cut > 0 {
		fmt.Fprintf(b, "%s... %d more bytes\n", indent, cut)
	}
}

// Unquote reverses Quote: reports and tools that read a transcript's JSON get the bytes back.
func Unquote(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		if i+1 >= len(s) {
			return out, fmt.Errorf("a lone backslash at the end of %q", s)
		}
		i++
		switch s[i] {
		case 'r':
			out = append(out, '\r')
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		case '\\':
			out = append(out, '\\')
		case 'x':
			if i+3 > len(s) {
				return out, fmt.Errorf("a short \\x escape at byte %d of %q", i-1, s)
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return out, fmt.Errorf("a bad \\x escape at byte %d of %q", i-1, s)
			}
			out = append(out, byte(n))
			i += 2
		default:
			return out, fmt.Errorf("an unknown escape \\%c at byte %d of %q", s[i], i-1, s)
		}
	}
	return out, nil
}

// Quote escapes bytes for a terminal and for JSON without losing information: printable ASCII stays
// as it is, backslash becomes `\\`, CR, LF and TAB become `\r`, `\n`, `\t`, and every other byte
// (controls, DEL, and all bytes >= 0x80, so Latin-1 reason phrases stay visible byte by byte) becomes
// `\xHH`.
func Quote(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		switch {
		case c == '\\':
			s.WriteString(`\\`)
		case c == '\r':
			s.WriteString(`\r`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\t':
			s.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&s, `\x%02x`, c)
		default:
			s.WriteByte(c)
		}
	}
	return s.String()
}

type jsonEvent struct {
	Ms    float64   `json:"ms"`
	Event EventKind `json:"event"`
	Len   *int      `json:"len,omitempty"`
	Data  *string   `json:"data,omitempty"`
	Note  string    `json:"note,omitempty"`
}

type jsonTranscript struct {
	ID     int         `json:"conn"`
	Label  string      `json:"label,omitempty"`
	Addr   string      `json:"addr"`
	Events []jsonEvent `json:"events"`
}

// MarshalJSON renders the transcript with millisecond offsets and data escaped as by Quote.
func (t *Transcript) MarshalJSON() ([]byte, error) {
	out := jsonTranscript{ID: t.ID, Label: t.Label, Addr: t.Addr, Events: []jsonEvent{}}
	for _, e := range t.Events() {
		je := jsonEvent{Ms: float64(e.At.Microseconds()) / 1000, Event: e.Kind, Note: e.Note}
		if e.Data != nil {
			n, q := len(e.Data), Quote(e.Data)
			je.Len, je.Data = &n, &q
		}
		out.Events = append(out.Events, je)
	}
	return json.Marshal(out)
}

// Recorder collects the transcript of every connection dialed with it, so a report can show all the
// connections of one case. The zero value is ready; a nil *Recorder records nothing.
type Recorder struct {
	mu          sync.Mutex
	transcripts []*Transcript
}

// Transcripts returns the transcripts in dial order.
func (r *Recorder) Transcripts() []*Transcript {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Transcript(nil), r.transcripts...)
}

// String renders every transcript, separated by blank lines.
func (r *Recorder) String() string {
	var parts []string
	for _, t := range r.Transcripts() {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, "\n")
}

// MarshalJSON renders the transcripts as a JSON array.
func (r *Recorder) MarshalJSON() ([]byte, error) {
	ts := r.Transcripts()
	if ts == nil {
		ts = []*Transcript{}
	}
	return json.Marshal(ts)
}

// open starts a transcript, numbered within the recorder when there is one.
func (r *Recorder) open(label, addr string, start time.Time) *Transcript {
	t := &Transcript{Label: label, Addr: addr, start: start}
	if r == nil {
		return t
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.transcripts = append(r.transcripts, t)
	t.ID = len(r.transcripts)
	return t
}
