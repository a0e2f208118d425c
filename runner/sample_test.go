package runner

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// sampleReport is a report with one case of every verdict and the connection events a reader must
// be shown (bytes with control and non-ASCII characters, a reset, silence), built without a run so
// the report writers can be checked value by value.
func sampleReport(t *testing.T) *Report {
	t.Helper()
	r := &Report{
		Name: "sample server", Target: "python3 -m http.server {port}", Profile: "3.12.1", Level: "informational",
		Modes: map[suite.Mode]Mode{
			suite.ModeDefault: {Addr: "127.0.0.1:8001"}, suite.ModeHTTP11: {Addr: "127.0.0.1:8002"},
			suite.ModeCGI: {Unavailable: "exited with status 2\nusage: server.py [-h]"}, suite.ModeUnprivileged: {Addr: "127.0.0.1:8004"},
		},
		Started:  time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
		Duration: 12.5,
	}
	add := func(id, name, mode, state, message string, conns []Connection, log ...string) {
		b, ok := catalog.Lookup(id)
		if !ok {
			t.Fatalf("sample uses unknown behavior %s", id)
		}
		c := Case{
			Spec: "[" + id + "] " + name, Behavior: id, Area: string(b.Area), Level: b.Level.String(),
			Versions: b.Versions.String(), Summary: b.Summary, Citation: b.Cite, Change: b.Change, Related: b.Related, Mode: mode,
			State: state, Verdict: state, Message: message, DurationMS: 1.25, Log: log,
		}
		if conns != nil {
			data, err := json.Marshal(conns)
			if err != nil {
				t.Fatal(err)
			}
			c.Transcripts = data
		}
		r.Cases = append(r.Cases, c)
	}
	add("request-line.http09-headerless", "GET /a.txt with no version", "default", VerdictFailed,
		"expected: a headerless reply (no status line, no headers) of \"hello\\n\"\n     got: \"HTTP/1.0 200 OK\"\n\n"+
			"request-line.http09-headerless: A two-word GET is an HTTP/0.9 request\nThis holds for CPython 3.6+ (profile: 3.12.1).\nSource: Lib/http/server.py: parse_request\n",
		[]Connection{sampleConn(1, "GET /a.txt\r\n\r\n", "HTTP/1.0 200 OK\r\nServer: x\xe9\x00\x1b\r\n\r\nhello\n", "peer-closed")},
		"127.0.0.1 - - [06/May/2024 07:08:09] \"GET /a.txt\" 200 -", "control \x1b[31mred\x1b[0m")
	add("request-line.blank-line-silent-close", "an empty line before the request", "default", VerdictFailed,
		"expected: no bytes at all\n     got: 19 bytes: \"HTTP/1.0 400 Bad\"\n",
		[]Connection{sampleConn(1, "\r\nGET /a.txt HTTP/1.0\r\n\r\n", "HTTP/1.0 400 Bad\r\n\r\n", "reset")})
	add("request-line.too-long-414", "a 65537-byte request line gets 414", "default", VerdictFailed,
		"expected: the server closes the connection\n     got: the connection stayed open\n",
		[]Connection{sampleConn(1, "GET /x HTTP/1.0\r\n\r\n", "HTTP/1.0 414 Request-URI Too Long\r\n\r\n", "silent")})
	add("cgi.post-runs-script", "POST /cgi-bin/echo.py", "cgi", VerdictSkipped,
		"mode cgi is unavailable: exited with status 2", nil)
	add("request-line.max-length-accepted", "a 65536-byte request line (CRLF included) is parsed", "default", VerdictPassed, "",
		[]Connection{sampleConn(1, "GET /x HTTP/1.0\r\n\r\n", "HTTP/1.0 404 File not found\r\n\r\n", "peer-closed")})
	add("request-line.split-nel-nbsp", "NBSP (0xA0) between the words", "default", VerdictPassed, "",
		[]Connection{sampleConn(1, "GET\xa0/a.txt\xa0HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\n\r\nhello\n", "peer-closed")})
	r.count()
	// One expected failure and one unexpected pass, as an expectations file would make them.
	exp, err := ParseExpectations(strings.NewReader("request-line.too-long-414: the server keeps the connection\nrequest-line.split-nel-nbsp: NBSP was not a separator\n"), "sample.expect")
	if err != nil {
		t.Fatal(err)
	}
	exp.Judge(r)
	return r
}

// sampleConn is one connection as wire records it: dial, send, recv, then how it ended.
func sampleConn(id int, sent, received, end string) Connection {
	n, m := len(sent), len(received)
	q, rq := wire.Quote([]byte(sent)), wire.Quote([]byte(received))
	events := []Event{
		{Ms: 0.1, Event: "dial", Note: "127.0.0.1:50000 -> 127.0.0.1:8001"},
		{Ms: 0.2, Event: "send", Len: &n, Data: &q},
		{Ms: 1.5, Event: "recv", Len: &m, Data: &rq},
	}
	switch end {
	case "peer-closed":
		events = append(events, Event{Ms: 1.6, Event: end, Note: "EOF"})
	case "reset":
		events = append(events, Event{Ms: 1.6, Event: end, Note: "connection reset by peer"})
	case "silent":
		events = append(events, Event{Ms: 301.6, Event: end, Note: fmt.Sprintf("no bytes for %dms", 300)})
	}
	events = append(events, Event{Ms: 301.7, Event: "close"})
	return Connection{Conn: id, Addr: "127.0.0.1:8001", Events: events}
}
