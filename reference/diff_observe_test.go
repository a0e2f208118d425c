package reference_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/httpspec/httpspec/reference"
	"github.com/httpspec/httpspec/suite/wire"
)

// observation is everything one server did for one case.
type observation struct {
	// received is every byte before the connection ended or went quiet, Date and Server normalised;
	// dates are the Date values taken out of it and of afterEOF.
	received []byte
	dates    []time.Time
	end      wire.PeerState
	// afterEOF is what came once we half-closed a connection the server had left open, and how the
	// connection then ended: a server still waiting for headers (HTTP/0.9) answers now, an idle
	// keep-alive connection is closed without a byte.
	afterEOF []byte
	afterEnd wire.PeerState
	// log is what the request wrote to stderr, normalised (normaliseLog); logTimes are the
	// timestamps taken out of it.
	log      []string
	logTimes []time.Time
	// failure is a client-side error that stopped the observation; it makes the case fail.
	failure string
}

func (o observation) String() string {
	s := fmt.Sprintf("  received %s\n  end %v", wire.Quote(o.received), o.end)
	if o.end == wire.Open {
		s += fmt.Sprintf("\n  after our half-close: %s, end %v", wire.Quote(o.afterEOF), o.afterEnd)
	}
	for _, line := range o.log {
		s += fmt.Sprintf("\n  log %q", line)
	}
	if o.failure != "" {
		s += "\n  failure: " + o.failure
	}
	return s
}

// patience is how long the client waits: for a first byte (a server that sends nothing for that long
// is waiting for more input), and for the next byte after one (a connection silent that long after a
// reply was left open).
type patience struct {
	firstByte, quiet time.Duration
}

// times scales both waits, for a second look at a case whose first run differed.
func (p patience) times(k time.Duration) patience { return patience{p.firstByte * k, p.quiet * k} }

// observeOptions are the client's bounds: p's waits, and room for large.bin.
func observeOptions(p patience) wire.Options {
	return wire.Options{
		Timeout:        p.firstByte,
		Quiet:          p.quiet,
		MaxHeaderBytes: 256 << 10,
		MaxBodyBytes:   16 << 20,
		MaxReadBytes:   32 << 20,
		// Every byte is compared, and the transcript is where they are taken from.
		MaxTranscriptBytes: 32 << 20,
	}
}

// observe runs one case against one target.
func (tg *diffTarget) observe(ctx context.Context, c diffCase, p patience, pyVersion string) observation {
	var obs observation
	conn, err := wire.Dial(ctx, tg.addr, observeOptions(p))
	if err != nil {
		obs.failure = err.Error()
		return obs
	}
	obs.end, err = exchangeRaw(conn, c, p.quiet)
	if err != nil {
		obs.failure = err.Error()
	}
	before := receivedBytes(conn.Transcript())
	if obs.end == wire.Open && err == nil {
		obs.afterEnd = wire.Unknown
		if err := conn.CloseWrite(); err == nil {
			capture, err := conn.ReadUntilClose()
			obs.afterEnd = capture.End
			if err != nil {
				obs.failure = "after half-close: " + err.Error()
			}
		}
		obs.afterEOF, obs.dates = normaliseResponse(receivedBytes(conn.Transcript())[len(before):], pyVersion)
	}
	conn.Close()
	var dates []time.Time
	obs.received, dates = normaliseResponse(before, pyVersion)
	obs.dates = append(dates, obs.dates...)
	lines, err := tg.sync(ctx)
	if err != nil && obs.failure == "" {
		obs.failure = err.Error()
	}
	obs.log, obs.logTimes = normaliseLog(lines)
	return obs
}

// exchangeRaw sends the case's bytes and reads until the server closes, resets, or sends nothing for
// the quiet period after its first final reply. That reply, and any 100 Continue before it, is framed
// (so that a HEAD reply or the wait after a 100 is not mistaken for silence); whatever follows is read
// raw.
func exchangeRaw(conn *wire.Conn, c diffCase, quiet time.Duration) (wire.PeerState, error) {
	if err := conn.Send([]byte(c.request)); err != nil && !errors.Is(err, wire.ErrReset) {
		return wire.Unknown, err
	}
	if c.halfClose && conn.Peer() != wire.Reset {
		if err := conn.CloseWrite(); err != nil {
			return wire.Unknown, err
		}
	}
	for {
		r, err := conn.ReadResponse(c.method())
		switch {
		case errors.Is(err, wire.ErrClosed):
			return wire.Closed, nil
		case errors.Is(err, wire.ErrReset):
			return wire.Reset, nil
		case errors.Is(err, wire.ErrSilent):
			return wire.Open, nil
		case err != nil && !errors.Is(err, wire.ErrDesync):
			return wire.Unknown, err
		case r != nil && r.End != wire.Unknown:
			return r.End, nil
		}
		// After a 100 Continue the final reply is framed too, rather than waited for in silence.
		if r == nil || !r.Interim() || !r.Complete {
			break
		}
	}
	capture, err := conn.ReadQuiet(quiet)
	if capture.Truncated {
		return wire.Unknown, fmt.Errorf("more than %d bytes came back", len(capture.Bytes))
	}
	return capture.End, err
}

// receivedBytes is every byte the server sent on the connection so far.
func receivedBytes(tr *wire.Transcript) []byte {
	var all []byte
	for _, e := range tr.Events() {
		if e.Kind == wire.EventRecv {
			all = append(all, e.Data...)
		}
	}
	return all
}

var dateHeaderRE = regexp.MustCompile(`\r\nDate: ((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d ` +
	`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)\r\n`)

// normaliseResponse replaces the two values that legitimately differ: the Date header's value
// (returned apart, to be checked within seconds), and the Server header's product token (CPython says
// Python/3.13.0, the reference httpspec/<Version>, doc.go's DEVIATIONS).
func normaliseResponse(b []byte, pyVersion string) ([]byte, []time.Time) {
	var dates []time.Time
	for _, m := range dateHeaderRE.FindAllSubmatch(b, -1) {
		d, _ := time.Parse(time.RFC1123, string(m[1]))
		dates = append(dates, d)
	}
	b = dateHeaderRE.ReplaceAll(b, []byte("\r\nDate: <DATE>\r\n"))
	norm := []byte("\r\nServer: SimpleHTTP/0.6 <VERSION>\r\n")
	b = bytes.ReplaceAll(b, []byte("\r\nServer: SimpleHTTP/0.6 Python/"+pyVersion+"\r\n"), norm)
	return bytes.ReplaceAll(b, []byte("\r\nServer: SimpleHTTP/0.6 httpspec/"+reference.Version+"\r\n"), norm), dates
}

// compare lists how the reference's observation differs from CPython's.
func compare(c diffCase, py, ref observation) []string {
	var diffs []string
	if py.failure != "" {
		diffs = append(diffs, "CPython side failed: "+py.failure)
	}
	if ref.failure != "" {
		diffs = append(diffs, "reference side failed: "+ref.failure)
	}
	if !bytes.Equal(py.received, ref.received) {
		diffs = append(diffs, "response bytes differ:\n"+byteDiff(py.received, ref.received))
	} else if d := timeSkew("Date headers", py.dates, ref.dates); d != "" {
		diffs = append(diffs, d)
	}
	if !sameEnd(c, py.end, ref.end) {
		diffs = append(diffs, fmt.Sprintf("connection end: CPython %v, reference %v", py.end, ref.end))
	}
	if !bytes.Equal(py.afterEOF, ref.afterEOF) {
		diffs = append(diffs, "bytes after our half-close differ:\n"+byteDiff(py.afterEOF, ref.afterEOF))
	}
	if py.afterEnd != ref.afterEnd {
		diffs = append(diffs, fmt.Sprintf("end after our half-close: CPython %v, reference %v", py.afterEnd, ref.afterEnd))
	}
	if strings.Join(py.log, "\n") != strings.Join(ref.log, "\n") {
		diffs = append(diffs, "log lines differ:\n"+lineDiff(py.log, ref.log))
	} else if d := timeSkew("log timestamps", py.logTimes, ref.logTimes); d != "" {
		diffs = append(diffs, d)
	}
	return diffs
}

// timeSkew checks that both servers tell the same time: they handle the case at the same moment, and
// both log in UTC (TZ=UTC), so times seconds apart mean a wrong zone or clock.
func timeSkew(what string, py, ref []time.Time) string {
	for i := range min(len(py), len(ref)) {
		if d := py[i].Sub(ref[i]).Abs(); d > 3*time.Second {
			return fmt.Sprintf("%s %v apart: CPython %s, reference %s", what, d, py[i], ref[i])
		}
	}
	return ""
}

// sameEnd treats a reset as a close only for cases that leave unread bytes behind when the server
// closes, where research §1.4 says the kernel may send a RST after the complete response.
func sameEnd(c diffCase, a, b wire.PeerState) bool {
	if a == b {
		return true
	}
	closedOrReset := func(s wire.PeerState) bool { return s == wire.Closed || s == wire.Reset }
	return c.resetOK && closedOrReset(a) && closedOrReset(b)
}

// byteDiff shows where two byte strings part, with some context, quoted.
func byteDiff(py, ref []byte) string {
	at := 0
	for at < len(py) && at < len(ref) && py[at] == ref[at] {
		at++
	}
	from := max(0, at-120)
	show := func(b []byte) string {
		if from > len(b) {
			return "(nothing)"
		}
		return wire.Quote(b[from:min(len(b), at+240)])
	}
	return fmt.Sprintf("  lengths: CPython %d, reference %d; first difference at byte %d\n  CPython:   %s\n  reference: %s",
		len(py), len(ref), at, show(py), show(ref))
}

// lineDiff shows both logs, marking the lines that differ.
func lineDiff(py, ref []string) string {
	var b strings.Builder
	for i := 0; i < max(len(py), len(ref)); i++ {
		p, r := "(none)", "(none)"
		if i < len(py) {
			p = py[i]
		}
		if i < len(ref) {
			r = ref[i]
		}
		mark := " "
		if p != r {
			mark = "!"
		}
		fmt.Fprintf(&b, "  %s CPython:   %q\n  %s reference: %q\n", mark, p, mark, r)
	}
	return b.String()
}
