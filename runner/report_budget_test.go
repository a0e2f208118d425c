package runner

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTrimTranscripts: a transcript past the report's budget keeps trimmedData characters of each
// direction of each connection, never half an escape, with the events' lengths and a note; a short
// send is left whole.
func TestTrimTranscripts(t *testing.T) {
	long := strings.Repeat("a", trimmedData-3) + `\x00\x01` + strings.Repeat("b", 5000)
	n := 9000
	short := "GET / HTTP/1.0\\r\\n"
	raw, _ := json.Marshal([]Connection{{Conn: 1, Addr: "x", Events: []Event{
		{Event: "send", Data: &short, Len: &n},
		{Event: "recv", Data: &long, Len: &n, Note: "more"},
		{Event: "recv", Data: &long, Len: &n},
	}}})
	var got []Connection
	if err := json.Unmarshal(trimTranscripts(raw), &got); err != nil {
		t.Fatal(err)
	}
	send, recv, again := got[0].Events[0], got[0].Events[1], got[0].Events[2]
	if *send.Data != short || send.Note != "" {
		t.Errorf("a short event changed: %q, %q", *send.Data, send.Note)
	}
	if want := strings.Repeat("a", trimmedData-3); *recv.Data != want || *recv.Len != n || !strings.HasPrefix(recv.Note, "more (cut") {
		t.Errorf("the long event kept %d characters ending %q, len %d, note %q", len(*recv.Data), (*recv.Data)[len(*recv.Data)-8:], *recv.Len, recv.Note)
	}
	if *again.Data != "" || *again.Len != n {
		t.Errorf("a second event past the limit kept %d characters, len %d", len(*again.Data), *again.Len)
	}
	for _, c := range []struct {
		s    string
		want int
	}{{`abcd`, 4}, {`ab\\`, 4}, {`abc\\`, 3}, {`a\\bc`, 4}, {`ab\x4`, 2}, {`\x41bc`, 4}, {`abc\r`, 3}} {
		if got := escapeBoundary(c.s+"zzzz", 4); got != c.want {
			t.Errorf("escapeBoundary(%q, 4) = %d, want %d", c.s, got, c.want)
		}
	}
}

func TestCapMessage(t *testing.T) {
	if m := "short"; capMessage(m) != m {
		t.Errorf("a short message changed")
	}
	long := strings.Repeat("é", maxMessage) // two bytes each: the cut falls inside one
	got := capMessage(long)
	if !strings.HasSuffix(got, "bytes not kept)") || len(got) > maxMessage+40 || !utf8ValidPrefix(got) {
		t.Errorf("capped to %d bytes ending %q", len(got), got[len(got)-40:])
	}
}

func utf8ValidPrefix(s string) bool { return strings.ToValidUTF8(s, "?") == s }
