package wire

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestQuote(t *testing.T) {
	cases := map[string]string{
		"GET / HTTP/1.0\r\n":   `GET / HTTP/1.0\r\n`,
		"a\\b\tc":              `a\\b\tc`,
		"\x00\x1b\x7f":         `\x00\x1b\x7f`,
		"No such ('\xfc.py')":  `No such ('\xfc.py')`,
		"\xc3\xbc.txt (UTF-8)": `\xc3\xbc.txt (UTF-8)`,
	}
	for in, want := range cases {
		if got := Quote([]byte(in)); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// unquote is Unquote for tests: that it inverts Quote proves the JSON form loses nothing.
func unquote(t *testing.T, s string) []byte {
	t.Helper()
	out, err := Unquote(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestQuoteIsLossless(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if got := unquote(t, Quote(all)); string(got) != string(all) {
		t.Errorf("round trip lost bytes: %q", got)
	}
}

func sampleTranscript() *Transcript {
	ms := time.Millisecond
	return &Transcript{ID: 2, Label: "probe", Addr: "127.0.0.1:8000", events: []Event{
		{At: 0, Kind: EventDial, Note: "127.0.0.1:40000 -> 127.0.0.1:8000"},
		{At: 1500 * time.Microsecond, Kind: EventSend, Data: []byte("GET / HTTP/1.0\r\n\r\n")},
		{At: 12 * ms, Kind: EventRecv, Data: []byte("HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')\r\nX: a\\b\tc\x00\x7f\r\n\r\nbody")},
		{At: 13 * ms, Kind: EventPeerClosed, Note: "EOF"},
		{At: 1234567 * time.Microsecond, Kind: EventClose},
	}}
}

func TestTranscriptFormat(t *testing.T) {
	want := `connection #2 to 127.0.0.1:8000 (probe)
      0.0ms dial        127.0.0.1:40000 -> 127.0.0.1:8000
      1.5ms send        18 bytes
                        GET / HTTP/1.0\r\n
                        \r\n
     12.0ms recv        69 bytes
                        HTTP/1.0 404 No such CGI script ('/cgi-bin/\xfc.py')\r\n
                        X: a\\b\tc\x00\x7f\r\n
                        \r\n
                        body
     13.0ms peer-closed EOF
   1234.6ms close
`
	if got := sampleTranscript().Format(0); got != want {
		t.Errorf("Format(0) =\n%s\nwant\n%s", got, want)
	}
	cut := sampleTranscript().Format(20)
	if !strings.Contains(cut, "                        HTTP/1.0 404 No such\n                        ... 49 more bytes\n") {
		t.Errorf("Format(20) does not cut the 69-byte event after 20 bytes:\n%s", cut)
	}
}

func TestTranscriptJSON(t *testing.T) {
	b, err := json.Marshal(sampleTranscript())
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Conn   int
		Label  string
		Addr   string
		Events []struct {
			Ms    float64
			Event string
			Len   *int
			Data  *string
			Note  string
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Conn != 2 || got.Label != "probe" || len(got.Events) != 5 {
		t.Fatalf("JSON %s", b)
	}
	recv := got.Events[2]
	if recv.Ms != 12 || recv.Event != "recv" || recv.Len == nil || *recv.Len != 69 ||
		string(unquote(t, *recv.Data)) != string(sampleTranscript().events[2].Data) {
		t.Errorf("recv event %+v", recv)
	}
	if last := got.Events[4]; last.Ms != 1234.567 || last.Data != nil || last.Len != nil {
		t.Errorf("close event %+v: want an offset in ms to the microsecond and no data", last)
	}
	if dial := got.Events[0]; dial.Note != "127.0.0.1:40000 -> 127.0.0.1:8000" || dial.Data != nil {
		t.Errorf("dial event %+v", dial)
	}
}

func TestRecorderNumbersConnections(t *testing.T) {
	rec := &Recorder{}
	for _, label := range []string{"first", "second"} {
		addr := serve(t, func(p peer) { p.write("hi") })
		c := dial(t, addr, Options{Recorder: rec, Label: label})
		if _, err := c.ReadUntilClose(); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	ts := rec.Transcripts()
	if len(ts) != 2 || ts[0].ID != 1 || ts[1].ID != 2 || ts[0].Label != "first" || ts[1].Label != "second" {
		t.Fatalf("transcripts %v", ts)
	}
	s := rec.String()
	if !strings.Contains(s, "connection #1 to ") || !strings.Contains(s, "connection #2 to ") ||
		strings.Count(s, "peer-closed EOF") != 2 {
		t.Errorf("String() =\n%s", s)
	}
	var all []json.RawMessage
	if b, err := json.Marshal(rec); err != nil || json.Unmarshal(b, &all) != nil || len(all) != 2 {
		t.Errorf("JSON of two transcripts: %s, %v", b, err)
	}
	if b, err := json.Marshal(&Recorder{}); err != nil || string(b) != "[]" {
		t.Errorf("empty recorder JSON = %s, %v; want []", b, err)
	}
}

// TestTranscriptKeepsABoundedPrefix: a connection that moves more than MaxTranscriptBytes keeps only
// that much of each direction, and says how much it left out.
func TestTranscriptKeepsABoundedPrefix(t *testing.T) {
	tr := &Transcript{limit: 10}
	tr.add(EventRecv, []byte("0123456"), "")
	tr.add(EventRecv, []byte("789abcdef"), "")
	tr.add(EventSend, []byte("GET"), "")
	ev := tr.Events()
	if string(ev[0].Data) != "0123456" || string(ev[1].Data) != "789" || string(ev[2].Data) != "GET" {
		t.Fatalf("kept %q %q %q", ev[0].Data, ev[1].Data, ev[2].Data)
	}
	if !strings.Contains(ev[1].Note, "6 more bytes not kept") {
		t.Errorf("note %q does not say what was left out", ev[1].Note)
	}
}
