package reference

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/httpspec/httpspec/suite/wire"
)

// The scripts print their pids after the header block, so that the test can watch the processes.
const (
	// hangScript never ends on its own: it waits for a child of its own that sleeps.
	hangScript = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$$\"\n" +
		"sleep 600 &\nprintf '%s\\n' \"$!\"\nwait\n"
	// floodScript writes forever.
	floodScript = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$$\"\nexec yes flood\n"
	// quickScript is the other client's script.
	quickScript = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nquick\\n'\n"
)

// lifecycleServer serves a directory holding the three scripts and a.txt. The directory is reachable
// by nobody, as whom a root server runs scripts.
func lifecycleServer(t *testing.T) (addr string, srv *Server, log *syncBuffer) {
	t.Helper()
	dir := reachableDir(t)
	for name, body := range map[string]string{
		"cgi-bin/hang.sh": hangScript, "cgi-bin/flood.sh": floodScript, "cgi-bin/quick.sh": quickScript,
		"a.txt": "hello\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	log = &syncBuffer{}
	srv, err := New(Config{Directory: dir, CGI: true, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), srv, log
}

// reachableDir is a fresh directory that every user can search (t.TempDir's parent is 0700).
func reachableDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "httpspec-cgi-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startScript sends a GET for a script and reads until the script has printed n pids.
func startScript(t *testing.T, addr, path string, n int) (*net.TCPConn, []int) {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := nc.(*net.TCPConn)
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.0\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	var pids []int
	for len(pids) < n {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("GET %s: %v after %d pids", path, err, len(pids))
		}
		if pid, err := strconv.Atoi(strings.TrimSpace(line)); err == nil {
			pids = append(pids, pid)
		}
	}
	return c, pids
}

// othersAreServed checks that a file and a script are served to other clients meanwhile.
func othersAreServed(t *testing.T, addr string) {
	t.Helper()
	for path, want := range map[string]string{"/a.txt": "hello\n", "/cgi-bin/quick.sh": "quick\n"} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		res, err := wire.Exchange(ctx, addr, []byte("GET "+path+" HTTP/1.0\r\n\r\n"), wire.Options{})
		cancel()
		if err != nil {
			t.Fatalf("GET %s while another script runs: %v", path, err)
		}
		if got := string(res.Received()); !strings.HasSuffix(got, "\r\n\r\n"+want) || res.End != wire.Closed {
			t.Errorf("GET %s while another script runs: %q, %v", path, got, res.End)
		}
	}
}

// resetConn closes with SO_LINGER 0: the server sees a reset, as when a client process is killed.
func resetConn(t *testing.T, c *net.TCPConn) {
	t.Helper()
	if err := c.SetLinger(0); err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// waitGone waits until none of the processes exists any more (a zombie counts as gone: it has
// exited, and only its parent's wait is missing).
func waitGone(t *testing.T, what string, pids []int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		alive := alivePids(pids)
		if len(alive) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: processes %v still running 10 s later", what, alive)
		}
		<-tick.C
	}
}

func alivePids(pids []int) []int {
	var alive []int
	for _, pid := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		// The state follows the parenthesised command name.
		if i := strings.LastIndexByte(string(stat), ')'); err == nil && i > 0 && strings.HasPrefix(string(stat[i+1:]), " Z") {
			continue
		}
		alive = append(alive, pid)
	}
	return alive
}

func needsProc(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("watching scripts' processes needs /proc")
	}
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("the test scripts are POSIX shell scripts and there is no /bin/sh")
	}
}

// TestCGIHangingScript: a script that never ends holds only its own connection; when its client resets
// the connection, the script and what it started are killed (CPython would leave them running).
func TestCGIHangingScript(t *testing.T) {
	needsProc(t)
	addr, _, log := lifecycleServer(t)
	c, pids := startScript(t, addr, "/cgi-bin/hang.sh", 2)
	othersAreServed(t, addr)
	if alive := alivePids(pids); len(alive) != 2 {
		t.Fatalf("the hanging script's processes %v: only %v alive while its client waits", pids, alive)
	}
	resetConn(t, c)
	waitGone(t, "after the client reset", pids)
	// As in CPython once its child is gone, discarding the unread input meets the reset and raises.
	waitLogLine(t, log, "ConnectionResetError: [Errno 104] Connection reset by peer")
}

// TestCGIFloodingScript: a script that writes without end holds only its own connection, even while its
// client reads nothing; once the client closes, the script dies (a write fails) or is killed.
func TestCGIFloodingScript(t *testing.T) {
	needsProc(t)
	addr, _, _ := lifecycleServer(t)
	c, pids := startScript(t, addr, "/cgi-bin/flood.sh", 1)
	othersAreServed(t, addr) // the flood fills the socket buffers meanwhile
	if alive := alivePids(pids); len(alive) != 1 {
		t.Fatalf("the flooding script %v is not running", pids)
	}
	c.Close() // unread data makes the client's kernel answer with a reset
	waitGone(t, "after the client closed", pids)
	othersAreServed(t, addr)
}

// TestCGIServerCloseKillsScripts: closing the server ends running scripts and returns.
func TestCGIServerCloseKillsScripts(t *testing.T) {
	needsProc(t)
	addr, srv, _ := lifecycleServer(t)
	_, hang := startScript(t, addr, "/cgi-bin/hang.sh", 2)
	_, flood := startScript(t, addr, "/cgi-bin/flood.sh", 1)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10 s while scripts ran")
	}
	waitGone(t, "after the server closed", append(hang, flood...))
}

// waitLogLine waits until a log line ends with suffix.
func waitLogLine(t *testing.T, log *syncBuffer, suffix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(log.String(), suffix+"\n") {
		if time.Now().After(deadline) {
			t.Fatalf("no log line ending %q within 10 s:\n%s", suffix, log)
		}
		<-tick.C
	}
}
