package wire

import (
	"bytes"
	"context"
	"errors"
	"net"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestHeaderlessReplyUntilClose(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("<html>hi</html>\n")
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET / HTTP/2.0\r\n\r\n")
	r, err := c.ReadResponse("GET")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Headerless || string(r.Body) != "<html>hi</html>\n" || r.End != Closed || !r.Complete {
		t.Errorf("got %v; want a complete headerless body ended by close", r)
	}
	want := []EventKind{EventDial, EventSend, EventRecv, EventPeerClosed}
	if got := kinds(c.Transcript().Events()); !slices.Equal(got, want) {
		t.Errorf("transcript %v, want %v", got, want)
	}
}

func TestInterimContinueThenFinal(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.1 100 Continue\r\n\r\n")
		p.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		p.hold()
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n")
	interim, err := c.ReadResponse("POST")
	if err != nil || !interim.Interim() || interim.StatusLine != "HTTP/1.1 100 Continue" || len(interim.Raw) != 25 {
		t.Fatalf("first read: %v, %v; want exactly the 25 bytes of 100 Continue", interim, err)
	}
	final, err := c.ReadResponse("POST")
	if err != nil || final.Code != 200 || string(final.Body) != "ok" || final.End != Unknown {
		t.Fatalf("second read: %v, %v; want 200 with body ok", final, err)
	}
	if st, err := c.State(50 * time.Millisecond); st != Open || err != nil {
		t.Errorf("State = %v, %v; want open", st, err)
	}
}

func TestHeadDoesNotWaitForBody(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\n")
		p.hold()
	})
	c := dial(t, addr, Options{Timeout: 5 * time.Second})
	mustSend(t, c, "HEAD /a.txt HTTP/1.0\r\n\r\n")
	start := time.Now()
	r, err := c.ReadResponse("HEAD")
	if err != nil || r.Framing != NoBody || len(r.Body) != 0 || r.ContentLength != 6 || !r.Complete {
		t.Fatalf("got %v, %v; want a complete bodiless reply announcing 6 bytes", r, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("ReadResponse took %v: it waited for a body HEAD does not have", d)
	}
}

func Test304ThenClose(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 304 Not Modified\r\nServer: x\r\nDate: y\r\n\r\n")
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n")
	r, err := c.ReadResponse("GET")
	if err != nil || r.Code != 304 || r.Framing != NoBody || len(r.Body) != 0 {
		t.Fatalf("got %v, %v; want a bodiless 304", r, err)
	}
	if _, err := c.ReadResponse("GET"); !errors.Is(err, ErrClosed) {
		t.Errorf("next read: %v, want ErrClosed", err)
	}
	if c.Peer() != Closed {
		t.Errorf("Peer() = %v, want closed", c.Peer())
	}
}

func TestBodyUntilCloseAcrossWrites(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 Script output follows\r\nServer: x\r\n")
		p.write("Content-Type: text/plain\r\n\r\n")
		p.write("shell ok x\n")
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET /cgi-bin/exec.sh?x HTTP/1.0\r\n\r\n")
	r, err := c.ReadResponse("GET")
	if err != nil || r.Framing != UntilClose || string(r.Body) != "shell ok x\n" || r.End != Closed || !r.Complete {
		t.Fatalf("got %v, %v; want the body until close", r, err)
	}
	if got := r.Get("content-type"); got != "text/plain" {
		t.Errorf("Content-Type %q", got)
	}
}

func TestResetAfterResponse(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 414 Request-URI Too Long\r\nContent-Length: 3\r\n\r\nbad")
		p.Read(make([]byte, 1)) // the client has read the response
		p.reset()
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET /"+strings.Repeat("a", 100)+" HTTP/1.0\r\n\r\n")
	r, err := c.ReadResponse("GET")
	if err != nil || r.Code != 414 || string(r.Body) != "bad" {
		t.Fatalf("got %v, %v", r, err)
	}
	mustSend(t, c, "x")
	if st, err := c.State(5 * time.Second); st != Reset || err != nil {
		t.Fatalf("State = %v, %v; want reset", st, err)
	}
	if err := c.Send([]byte("more")); !errors.Is(err, ErrReset) {
		t.Errorf("Send after reset: %v, want ErrReset", err)
	}
	if c.Peer() != Reset {
		t.Errorf("Peer() = %v, want reset", c.Peer())
	}
	if !slices.Contains(kinds(c.Transcript().Events()), EventReset) {
		t.Errorf("transcript has no reset event:\n%s", c.Transcript())
	}
}

func TestResetEndsBodyUntilClose(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("partial headerless body")
		p.Read(make([]byte, 1))
		p.reset()
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET /\r\n\r\n")
	// Once the body has arrived, tell the server to reset.
	if st, err := c.readOnce(2 * time.Second); st != Unknown || err != nil {
		t.Fatalf("first read: %v, %v; want bytes", st, err)
	}
	mustSend(t, c, "x")
	r, err := c.ReadResponse("GET")
	if err != nil || !r.Headerless || string(r.Body) != "partial headerless body" || r.End != Reset {
		t.Fatalf("got %v, %v; want the body, then reset", r, err)
	}
}

func TestSilentServer(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.hold()
	})
	c := dial(t, addr, Options{Timeout: 200 * time.Millisecond})
	mustSend(t, c, "GET /a.txt\r\n")
	start := time.Now()
	_, err := c.ReadResponse("GET")
	if d := time.Since(start); !errors.Is(err, ErrSilent) || d < 200*time.Millisecond || d > 2*time.Second {
		t.Fatalf("ReadResponse = %v after %v; want ErrSilent after the 200ms timeout", err, d)
	}
	if c.Peer() != Open {
		t.Errorf("Peer() = %v, want open", c.Peer())
	}
	got, err := c.ReadQuiet(50 * time.Millisecond)
	if err != nil || len(got.Bytes) != 0 || got.End != Open || got.Truncated {
		t.Errorf("ReadQuiet = %+v, %v; want no bytes, open", got, err)
	}
	if !slices.Contains(kinds(c.Transcript().Events()), EventSilent) {
		t.Errorf("transcript has no silent event:\n%s", c.Transcript())
	}
}

func TestNothingThenClose(t *testing.T) {
	addr := serve(t, func(p peer) { p.readRequest() })
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET /dir1\r\n\r\n")
	if _, err := c.ReadResponse("GET"); !errors.Is(err, ErrClosed) {
		t.Fatalf("ReadResponse: %v, want ErrClosed", err)
	}
	got, err := c.ReadUntilClose()
	if err != nil || len(got.Bytes) != 0 || got.End != Closed {
		t.Errorf("ReadUntilClose = %+v, %v; want zero bytes, closed", got, err)
	}
}

// allocated runs f and returns how many bytes the process allocated meanwhile (the fake server's
// goroutine included, which writes from a buffer it allocated beforehand).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestEndlessBodyIsTruncated(t *testing.T) {
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\nContent-Length: 1000000000000\r\n\r\n")
		p.flood(chunk)
	})
	c := dial(t, addr, Options{MaxBodyBytes: 256 << 10})
	mustSend(t, c, "GET /endless HTTP/1.0\r\n\r\n")
	var r *Response
	var err error
	used := allocated(func() { r, err = c.ReadResponse("GET") })
	if err != nil || !r.Truncated || !r.Has(BodyTooLarge) || len(r.Body) != 256<<10 || r.Complete {
		t.Fatalf("got %v, %v; want 256 KiB kept and truncated", r, err)
	}
	if used > 8<<20 {
		t.Errorf("reading allocated %d bytes for a 256 KiB bound", used)
	}
	if _, err := c.ReadResponse("GET"); !errors.Is(err, ErrDesync) {
		t.Errorf("next ReadResponse: %v, want ErrDesync", err)
	}
}

func TestHeaderFloodIsTruncated(t *testing.T) {
	line := bytes.Repeat([]byte("X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"), 1024)
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\n")
		p.flood(line)
	})
	c := dial(t, addr, Options{}) // the default bound, 64 KiB
	mustSend(t, c, "GET / HTTP/1.0\r\n\r\n")
	var r *Response
	var err error
	used := allocated(func() { r, err = c.ReadResponse("GET") })
	if err != nil || !r.Truncated || !r.Has(HeadersTooLarge) || len(r.Raw) != 64<<10 {
		t.Fatalf("got %v, %v (%d raw bytes); want 64 KiB kept and truncated", r, err, len(r.Raw))
	}
	if used > 16<<20 {
		t.Errorf("reading allocated %d bytes for a 64 KiB bound", used)
	}
}

func TestHeaderLineWithoutEnd(t *testing.T) {
	chunk := bytes.Repeat([]byte("a"), 4096)
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\nX-Endless: ")
		p.flood(chunk)
	})
	c := dial(t, addr, Options{MaxHeaderBytes: 10000})
	mustSend(t, c, "GET / HTTP/1.0\r\n\r\n")
	r, err := c.ReadResponse("GET")
	if err != nil || !r.Truncated || len(r.Raw) != 10000 || r.Code != 200 {
		t.Fatalf("got %v, %v; want the status line and 10000 bytes", r, err)
	}
}

func TestReadUntilCloseIsBounded(t *testing.T) {
	chunk := bytes.Repeat([]byte("y"), 4096)
	addr := serve(t, func(p peer) { p.flood(chunk) })
	c := dial(t, addr, Options{MaxReadBytes: 100000})
	got, err := c.ReadUntilClose()
	if err != nil || !got.Truncated || len(got.Bytes) != 100000 || got.End != Unknown {
		t.Fatalf("ReadUntilClose = %d bytes, end %v, truncated %v, %v", len(got.Bytes), got.End, got.Truncated, err)
	}
}

func TestStateKeepsBytesForLater(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\nJUNK")
	})
	c := dial(t, addr, Options{})
	mustSend(t, c, "GET / HTTP/1.0\r\n\r\n")
	if r, err := c.ReadResponse("GET"); err != nil || r.Code != 200 {
		t.Fatalf("got %v, %v", r, err)
	}
	if st, err := c.State(2 * time.Second); st != Closed || err != nil {
		t.Fatalf("State = %v, %v; want closed", st, err)
	}
	if got := string(c.Buffered()); got != "JUNK" {
		t.Errorf("Buffered() = %q, want JUNK", got)
	}
	got, err := c.ReadQuiet(time.Second)
	if err != nil || string(got.Bytes) != "JUNK" || got.End != Closed {
		t.Errorf("ReadQuiet = %+v, %v", got, err)
	}
}

func TestSegmentsAndHalfClose(t *testing.T) {
	addr := serve(t, func(p peer) {
		got := p.readAll() // only a half-close ends this
		p.write("got:" + string(got))
	})
	c := dial(t, addr, Options{SegmentGap: 10 * time.Millisecond})
	if err := c.SendSegments([]byte("GET /a"), []byte(".txt\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	r, err := c.ReadResponse("GET")
	if err != nil || string(r.Body) != "got:GET /a.txt\r\n" {
		t.Fatalf("got %v, %v", r, err)
	}
	want := []EventKind{EventDial, EventSend, EventSend, EventHalfClose, EventRecv, EventPeerClosed}
	if got := kinds(c.Transcript().Events()); !slices.Equal(got, want) {
		t.Errorf("transcript %v, want %v", got, want)
	}
}

func TestCancelInterruptsRead(t *testing.T) {
	addr := serve(t, func(p peer) { p.hold() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := Dial(ctx, addr, Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	if _, err := c.ReadResponse("GET"); !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Errorf("ReadResponse = %v after %v; want context.Canceled at once", err, time.Since(start))
	}
}

func TestContextDeadlineBoundsRead(t *testing.T) {
	addr := serve(t, func(p peer) { p.hold() })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c, err := Dial(ctx, addr, Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	if _, err := c.ReadQuiet(time.Second); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("ReadQuiet = %v after %v; want the context's deadline, not silence", err, time.Since(start))
	}
}

func TestLifetimeBoundsADrip(t *testing.T) {
	addr := serve(t, func(p peer) {
		p.readRequest()
		p.write("HTTP/1.0 200 OK\r\n\r\n")
		tick := time.NewTicker(5 * time.Millisecond) // the stimulus: one byte every 5ms
		defer tick.Stop()
		for range tick.C {
			if _, err := p.Write([]byte("x")); err != nil {
				return
			}
		}
	})
	c := dial(t, addr, Options{Timeout: time.Second, Lifetime: 200 * time.Millisecond})
	mustSend(t, c, "GET / HTTP/1.0\r\n\r\n")
	start := time.Now()
	r, err := c.ReadResponse("GET")
	if !errors.Is(err, ErrLifetime) || r == nil || r.Code != 200 || time.Since(start) > 5*time.Second {
		t.Errorf("ReadResponse = %v, %v after %v; want the partial response and ErrLifetime", r, err, time.Since(start))
	}
}

func TestDialFailureIsRecorded(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	rec := &Recorder{}
	if _, err := Dial(testContext(t), addr, Options{Recorder: rec, Label: "refused"}); err == nil {
		t.Fatal("Dial to a closed port succeeded")
	}
	ts := rec.Transcripts()
	if len(ts) != 1 || !slices.Equal(kinds(ts[0].Events()), []EventKind{EventError}) || ts[0].Label != "refused" {
		t.Errorf("recorder: %s", rec)
	}
}
