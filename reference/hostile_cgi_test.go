package reference_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// cgiScripts are the hostile scripts: one that never answers and one that never stops answering.
var cgiScripts = map[string]string{
	"cgi-bin/hang.sh":  "#!/bin/sh\nexec sleep 3600\n",
	"cgi-bin/flood.sh": "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nexec yes flood\n",
}

// cgiMemoryBound is the most the CGI server may hold resident while its scripts hang and flood.
const cgiMemoryBound = 128 * mib

// TestHostileCGIScripts runs scripts that hang and scripts that flood their output, for clients that
// reset the connection mid-way and for clients that never read. A script writes to the client
// socket itself, so a flood costs the server no memory; a client that resets gets its script killed
// (the reference's documented deviation: CPython leaves such a script running). Meanwhile a
// well-behaved client is served as usual, and afterwards no script and no descriptor is left.
func TestHostileCGIScripts(t *testing.T) {
	needsSh(t)
	root := hostileRoot(t)
	for name, body := range cgiScripts {
		writeFile(t, filepath.Join(root, name), body, 0o755)
	}
	srv := startServe(t, root, "--cgi")
	baseFDs := srv.fds(t)
	probe := startProbe(srv.addr, "/a.txt", []byte("hello\n"))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var held []net.Conn
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			script := []string{"hang", "flood"}[i%2]
			c := startScriptRequest(t, srv.addr, script)
			if c == nil {
				return
			}
			if script == "flood" && i%4 == 1 {
				drain(c, 1<<20) // read a while, then reset
			}
			if i < 30 {
				reset(c)
				return
			}
			mu.Lock()
			held = append(held, c) // never read: the script blocks writing to a full socket
			mu.Unlock()
		}()
	}
	wg.Wait()
	probe.await(probeRequests, time.Minute)
	_, peak := srv.memory(t)
	t.Logf("30 scripts reset mid-way, %d hanging or flooding unread: server VmHWM %.1f MiB", len(held), float64(peak)/mib)
	if peak > cgiMemoryBound {
		t.Errorf("the server's peak resident set is %.1f MiB, over %d MiB", float64(peak)/mib, cgiMemoryBound/mib)
	}
	checkProbe(t, probe.finish())
	for _, c := range held {
		reset(c)
	}
	eventually(t, 30*time.Second, func() string {
		if kids := srv.children(t); len(kids) > 0 {
			return fmt.Sprintf("scripts still running after their clients reset: %v", kids)
		}
		if n := srv.fds(t); n > baseFDs {
			return fmt.Sprintf("the server has %d descriptors open, %d before the scripts", n, baseFDs)
		}
		return ""
	})
}

// startScriptRequest asks for a script and waits for the status line the server sends before it runs
// the script: from then on the script is running.
func startScriptRequest(t *testing.T, addr, script string) net.Conn {
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Errorf("%s: %v", script, err)
		return nil
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /cgi-bin/"+script+".sh HTTP/1.0\r\n\r\n")
	line, err := bufio.NewReader(io.LimitReader(c, int64(len(scriptStarted)))).ReadString('\n')
	if err != nil || line != scriptStarted {
		t.Errorf("%s: the server answered %q, %v", script, line, err)
		c.Close()
		return nil
	}
	c.SetDeadline(time.Time{})
	return c
}

// scriptStarted is run_cgi's status line, sent before the script runs.
const scriptStarted = "HTTP/1.0 200 Script output follows\r\n"

// drain reads up to n bytes, for at most a second.
func drain(c net.Conn, n int64) {
	c.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, io.LimitReader(c, n))
}

// needsSh skips when there is no /bin/sh for the scripts' #! line.
func needsSh(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skipf("the hostile CGI scripts are shell scripts: %v", err)
	}
	for _, p := range []string{"sleep", "yes"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("the hostile CGI scripts need %s: %v", p, err)
		}
	}
}
