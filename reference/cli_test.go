package reference

import (
	"bytes"
	"errors"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestParseArgsLikeArgparse(t *testing.T) {
	cases := []struct {
		args []string
		want Options
	}{
		{nil, Options{Port: 8000, Protocol: "HTTP/1.0"}},
		{[]string{"0", "-b", "127.0.0.1"}, Options{Port: 0, Bind: "127.0.0.1", Protocol: "HTTP/1.0"}},
		{[]string{"--bind=::1", "9000"}, Options{Port: 9000, Bind: "::1", Protocol: "HTTP/1.0"}},
		{[]string{"-b127.0.0.1", "-dsrv", "-pHTTP/1.1", "--cgi"}, Options{Port: 8000, Bind: "127.0.0.1", Directory: "srv", Protocol: "HTTP/1.1", CGI: true}},
		{[]string{"--dir", "x", "--prot", "HTTP/1.1", "--c"}, Options{Port: 8000, Directory: "x", Protocol: "HTTP/1.1", CGI: true}},
		{[]string{"--", "8080"}, Options{Port: 8080, Protocol: "HTTP/1.0"}},
		{[]string{" +8_000 "}, Options{Port: 8000, Protocol: "HTTP/1.0"}},
	}
	for _, c := range cases {
		got, err := ParseArgs(c.args)
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if got.Port != c.want.Port || got.Bind != c.want.Bind || got.Directory != c.want.Directory ||
			got.Protocol != c.want.Protocol || got.CGI != c.want.CGI {
			t.Errorf("%q: got %+v, want %+v", c.args, got, c.want)
		}
	}
}

func TestParseArgsErrorsLikeArgparse(t *testing.T) {
	cases := map[string]string{
		"abc":       "argument port: invalid int value: 'abc'",
		"--bogus":   "unrecognized arguments: --bogus",
		"1 2":       "unrecognized arguments: 2",
		"-b":        "argument -b/--bind: expected one argument",
		"-d --cgi":  "argument -d/--directory: expected one argument",
		"--cgi=yes": "argument --cgi: ignored explicit argument 'yes'",
	}
	for args, want := range cases {
		_, err := ParseArgs(strings.Fields(args))
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Message != want {
			t.Errorf("%q: got %v, want usage error %q", args, err, want)
		}
	}
}

func TestMainHelpAndUsageErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"-h"}, &out, &errOut, nil); code != 0 || !strings.HasPrefix(out.String(), usage) {
		t.Errorf("-h: exit %d, stdout %q", code, out.String())
	}
	out.Reset()
	if code := Main([]string{"abc"}, &out, &errOut, nil); code != 2 {
		t.Errorf("bad port: exit %d, want 2", code)
	}
	want := usage + "httpspec serve: error: argument port: invalid int value: 'abc'\n"
	if errOut.String() != want || out.Len() != 0 {
		t.Errorf("bad port: stderr %q, want %q (and nothing on stdout)", errOut.String(), want)
	}
}

// TestMainServesUntilInterrupted runs the command as `python -m http.server 0 -b 127.0.0.1` runs:
// banner on stdout with the real port, log on stderr, Ctrl-C ending it with CPython's message.
func TestMainServesUntilInterrupted(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/a.txt", []byte("hello\n"), 0o644)
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	interrupt := make(chan os.Signal, 1)
	exit := make(chan int, 1)
	go func() { exit <- Main([]string{"0", "-b", "127.0.0.1", "-d", dir}, stdout, stderr, interrupt) }()

	bannerRE := regexp.MustCompile(`^Serving HTTP on 127\.0\.0\.1 port (\d+) \(http://127\.0\.0\.1:(\d+)/\) \.\.\.\n$`)
	port := waitFor(t, func() string {
		m := bannerRE.FindStringSubmatch(stdout.String())
		if m == nil || m[1] != m[2] || m[1] == "0" {
			return ""
		}
		return m[1]
	})
	c, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(5 * time.Second))
	c.Write([]byte("GET /a.txt HTTP/1.0\r\n\r\n"))
	reply := make([]byte, 4096)
	n, _ := c.Read(reply)
	c.Close()
	if !strings.HasPrefix(string(reply[:n]), "HTTP/1.0 200 OK\r\n") {
		t.Errorf("got %q", reply[:n])
	}
	waitFor(t, func() string { return regexp.MustCompile(`"GET /a.txt HTTP/1.0" 200 -\n`).FindString(stderr.String()) })

	interrupt <- os.Interrupt
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit status %d after Ctrl-C, want 0", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop after Ctrl-C")
	}
	if !strings.HasSuffix(stdout.String(), "\nKeyboard interrupt received, exiting.\n") {
		t.Errorf("stdout after Ctrl-C: %q", stdout.String())
	}
}

func TestMainPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	var out, errOut bytes.Buffer
	code := Main([]string{port, "-b", "127.0.0.1", "-d", t.TempDir()}, &out, &errOut, nil)
	if code != 1 || !strings.Contains(errOut.String(), "[Errno 98] Address already in use") {
		t.Errorf("exit %d, stderr %q; want 1 and CPython's OSError text", code, errOut.String())
	}
}

// waitFor polls cond with a deadline until it returns a non-empty value. The condition is the output
// of a goroutine that signals nothing else; polling its buffer is the only way to observe it.
func waitFor(t *testing.T, cond func() string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		if v := cond(); v != "" {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
	}
	return ""
}
