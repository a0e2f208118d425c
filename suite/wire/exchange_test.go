package wire

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func exchange(t *testing.T, addr, request string, opts Options) *Result {
	t.Helper()
	res, err := Exchange(testContext(t), addr, []byte(request), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestExchangePipelinedThenClose(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na")
		p.write("HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nb")
	})
	res := exchange(t, addr, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", Options{})
	if len(res.Responses) != 2 || res.Responses[0].Code != 200 || res.Final().Code != 404 || res.End != Closed {
		t.Fatalf("got %d responses, end %v; want 200, 404, closed\n%s", len(res.Responses), res.End, res.Transcript)
	}
	if got, want := string(res.Received()), string(res.Responses[0].Raw)+string(res.Responses[1].Raw); got != want {
		t.Errorf("Received() = %q, want both responses' bytes %q", got, want)
	}
	if ks := kinds(res.Transcript.Events()); ks[len(ks)-1] != EventClose {
		t.Errorf("Exchange did not close its connection: %v", ks)
	}
}

func TestExchangeKeepAliveEndsOpenAfterQuiet(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		p.hold()
	})
	start := time.Now()
	res := exchange(t, addr, "GET / HTTP/1.1\r\n\r\n", Options{Timeout: 5 * time.Second, Quiet: 100 * time.Millisecond})
	if d := time.Since(start); len(res.Responses) != 1 || res.End != Open || d > 3*time.Second {
		t.Fatalf("got %d responses, end %v after %v; want one, open after the 100ms quiet", len(res.Responses), res.End, d)
	}
}

func TestExchangeInterimWaitsForFinal(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.1 100 Continue\r\n\r\n")
		// The final reply comes later than Quiet: after an interim reply Exchange waits Timeout.
		time.Sleep(150 * time.Millisecond)
		p.write("HTTP/1.1 501 Unsupported method ('POST')\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
	})
	res := exchange(t, addr, "POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", Options{Quiet: 50 * time.Millisecond})
	if len(res.Responses) != 2 || !res.Responses[0].Interim() || res.Final().Code != 501 || res.End != Closed {
		t.Fatalf("got %d responses, end %v\n%s", len(res.Responses), res.End, res.Transcript)
	}
}

func TestExchangeHalfCloseForHTTP09(t *testing.T) {
	addr := serve(t, func(p peer) {
		if got := p.readAll(); string(got) == "GET /a.txt\r\n" {
			p.write("hello\n")
		}
	})
	res := exchange(t, addr, "GET /a.txt\r\n", Options{HalfClose: true})
	if f := res.Final(); f == nil || !f.Headerless || string(f.Body) != "hello\n" || res.End != Closed {
		t.Fatalf("got %v, end %v", f, res.End)
	}
}

func TestExchangeHeadFraming(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\n")
	})
	res := exchange(t, addr, "HEAD /a.txt HTTP/1.0\r\n\r\n", Options{})
	if f := res.Final(); len(res.Responses) != 1 || f.Framing != NoBody || res.End != Closed {
		t.Fatalf("got %v, end %v", f, res.End)
	}
}

func TestExchangeResetWhileSending(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.Read(make([]byte, 1024))
		p.write("HTTP/1.0 414 URI Too Long\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbad")
		p.reset()
	})
	// Far more than the socket buffers hold, so the server's reset meets the client mid-send.
	request := "GET /" + strings.Repeat("a", 32<<20) + " HTTP/1.0\r\n\r\n"
	res := exchange(t, addr, request, Options{})
	if res.End != Reset {
		t.Errorf("end %v, want reset", res.End)
	}
	// Whether the reply survives the reset is up to the kernel; if it came, it came whole.
	if f := res.Final(); f != nil && (f.Code != 414 || string(f.Body) != "bad") {
		t.Errorf("got %v", f)
	}
}

func TestExchangeNothingThenClose(t *testing.T) {
	addr := serve(t, func(p peer) { p.readRequest() })
	res := exchange(t, addr, "GET /dir1\r\n\r\n", Options{})
	if len(res.Responses) != 0 || res.End != Closed || res.Final() != nil {
		t.Fatalf("got %d responses, end %v; want none, closed", len(res.Responses), res.End)
	}
}

func TestExchangeEndlessBody(t *testing.T) {
	chunk := bytes.Repeat([]byte("z"), 32<<10)
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\n\r\n")
		p.flood(chunk)
	})
	res := exchange(t, addr, "GET / HTTP/1.0\r\n\r\n", Options{MaxBodyBytes: 100000})
	if f := res.Final(); len(res.Responses) != 1 || !f.Truncated || len(f.Body) != 100000 || res.End != Unknown {
		t.Fatalf("got %v, end %v", f, res.End)
	}
}

func TestRequestMethod(t *testing.T) {
	for in, want := range map[string]string{
		"HEAD / HTTP/1.0\r\n": "HEAD", "GET\r\n": "GET", "head /": "head", "": "", "X": "X",
	} {
		if got := requestMethod([]byte(in)); got != want {
			t.Errorf("requestMethod(%q) = %q, want %q", in, got, want)
		}
	}
}
