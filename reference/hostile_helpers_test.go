package reference_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The hostile-client tests run `httpspec serve` as a child process, so that its memory and its file
// descriptors can be read from /proc while clients misbehave, and check three things: a well-behaved
// client keeps getting exact answers quickly, the server's memory stays under a stated bound, and
// nothing is left behind once the hostile clients are gone.

// serveBinary builds cmd/httpspec into the test's temporary directory, removed when the test ends.
func serveBinary(t *testing.T) string {
	t.Helper()
	binary := filepath.Join(t.TempDir(), "httpspec")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", binary, "github.com/httpspec/httpspec/cmd/httpspec").CombinedOutput()
	if err != nil {
		t.Fatalf("building httpspec: %v\n%s", err, out)
	}
	return binary
}

// servedProcess is a running `httpspec serve`.
type servedProcess struct {
	addr string
	pid  int
}

// startServe starts `httpspec serve` on a free loopback port, serving dir, with extra arguments, and
// stops it (Ctrl-C, then SIGKILL) when the test ends. Its log goes to a file: a pipe the test had to
// keep draining would slow the server down whenever the test fell behind.
func startServe(t *testing.T, dir string, args ...string) *servedProcess {
	t.Helper()
	return startServeIn(t, "", dir, args...)
}

// startServeIn is startServe with the server's working directory, which its CGI scripts inherit.
func startServeIn(t *testing.T, cwd, dir string, args ...string) *servedProcess {
	t.Helper()
	argv := append([]string{"serve", "0", "--bind", "127.0.0.1", "--directory", dir}, args...)
	cmd := exec.Command(serveBinary(t), argv...)
	cmd.Dir = cwd
	log, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() { stopProcess(cmd, exited) })
	banner := make(chan string, 1)
	go readBanner(stdout, banner)
	select {
	case line := <-banner:
		m := serverBanner.FindStringSubmatch(line)
		return &servedProcess{addr: net.JoinHostPort(m[1], m[2]), pid: cmd.Process.Pid}
	case <-exited:
		t.Fatalf("httpspec serve %q exited before serving", args)
	case <-time.After(30 * time.Second):
		t.Fatalf("httpspec serve %q printed no banner within 30s", args)
	}
	return nil
}

// memory reads VmRSS and VmHWM (the peak resident set) of the process, in bytes.
func (p *servedProcess) memory(t *testing.T) (rss, peak int64) {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, value, _ := strings.Cut(line, ":")
		kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			rss = kib << 10
		case "VmHWM":
			peak = kib << 10
		}
	}
	return rss, peak
}

// fds counts the process's open file descriptors.
func (p *servedProcess) fds(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", p.pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// children lists the pids whose parent is the server: CGI scripts still running.
func (p *servedProcess) children(t *testing.T) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ")".
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(p.pid) {
			out = append(out, pid)
		}
	}
	return out
}

// eventually checks cond every few milliseconds until it holds or the deadline passes; cond says
// what is still wrong. It watches another process, which cannot signal the test when it is done.
func eventually(t *testing.T, within time.Duration, cond func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		wrong := cond()
		if wrong == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, wrong)
		}
		<-tick.C
	}
}

// probe is a well-behaved client: a GET every few milliseconds on a new connection, each answer
// checked byte for byte, each round trip timed.
type probe struct {
	addr, path string
	want       []byte
	mu         sync.Mutex
	latencies  []time.Duration
	failures   []string
	stop       context.CancelFunc
	done       chan struct{}
	made       chan struct{} // a value after each request
}

func startProbe(addr, path string, body []byte) *probe {
	ctx, cancel := context.WithCancel(context.Background())
	p := &probe{addr: addr, path: path, want: body, stop: cancel, done: make(chan struct{}), made: make(chan struct{}, 1)}
	go p.run(ctx)
	return p
}

// probeRequests is how many requests the well-behaved client makes while an attack holds: enough
// for a 99th percentile that means something.
const probeRequests = 400

// await returns once the well-behaved client has made n requests, or when within has passed.
func (p *probe) await(n int, within time.Duration) {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		count := len(p.latencies) + len(p.failures)
		p.mu.Unlock()
		if count >= n {
			return
		}
		select {
		case <-p.made:
		case <-deadline.C:
			return
		}
	}
}

// probePace is the well-behaved client's rate: 200 requests a second.
const probePace = 5 * time.Millisecond

func (p *probe) run(ctx context.Context) {
	defer close(p.done)
	tick := time.NewTicker(probePace)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		began := time.Now()
		err := p.once()
		p.mu.Lock()
		if err != nil {
			p.failures = append(p.failures, err.Error())
		} else {
			p.latencies = append(p.latencies, time.Since(began))
		}
		p.mu.Unlock()
		select {
		case p.made <- struct{}{}:
		default:
		}
	}
}

func (p *probe) once() error {
	c, err := net.DialTimeout("tcp", p.addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, "GET "+p.path+" HTTP/1.0\r\n\r\n"); err != nil {
		return err
	}
	got, err := io.ReadAll(c)
	if err != nil {
		return err
	}
	status, _, _ := bytes.Cut(got, []byte("\r\n"))
	if !bytes.HasSuffix(status, []byte(" 200 OK")) || !bytes.HasSuffix(got, append([]byte("\r\n\r\n"), p.want...)) {
		return fmt.Errorf("wrong answer: %q", got)
	}
	return nil
}

// probeSummary is what the well-behaved client saw.
type probeSummary struct {
	requests       int
	failures       []string
	p50, p99, peak time.Duration
}

func (s probeSummary) String() string {
	return fmt.Sprintf("%d requests, %d failed, latency p50 %v, p99 %v, max %v",
		s.requests, len(s.failures), s.p50.Round(10*time.Microsecond), s.p99.Round(10*time.Microsecond), s.peak.Round(10*time.Microsecond))
}

func (p *probe) finish() probeSummary {
	p.stop()
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	lat := append([]time.Duration(nil), p.latencies...)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	s := probeSummary{requests: len(lat) + len(p.failures), failures: p.failures}
	if len(lat) > 0 {
		s.p50, s.p99, s.peak = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	}
	return s
}

// p99Bound is the well-behaved client's 99th-percentile round trip while the attacks run.
const p99Bound = 100 * time.Millisecond

// checkProbe fails the test when the well-behaved client was refused, answered wrongly or slowly.
func checkProbe(t *testing.T, s probeSummary) {
	t.Helper()
	t.Logf("well-behaved client: %v", s)
	if s.requests < probeRequests {
		t.Errorf("the well-behaved client made only %d requests: the server, or the machine, was too busy", s.requests)
	}
	if len(s.failures) > 0 {
		t.Errorf("%d of the well-behaved client's requests failed; first: %s", len(s.failures), s.failures[0])
	}
	if s.p99 > p99Bound {
		t.Errorf("the well-behaved client's p99 latency is %v, over %v", s.p99, p99Bound)
	}
}

// hostileRoot is a document root every user can read (CGI scripts run as nobody under root): a small
// file for the well-behaved client and a large one for clients that never read.
func hostileRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "httpspec-hostile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	writeFile(t, filepath.Join(dir, "a.txt"), "hello\n", 0o644)
	writeFile(t, filepath.Join(dir, "large.bin"), strings.Repeat("0123456789abcdef", largeSize/16), 0o644)
	return dir
}

// largeSize is large.bin's size: far more than a socket's buffers hold.
const largeSize = 32 << 20

func writeFile(t *testing.T, name, body string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(name, mode)
}

// reset closes a connection with a RST instead of a FIN.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

const mib = 1 << 20

// fetchRaw sends raw request bytes, shuts the write side and reads until the server closes.
func fetchRaw(t *testing.T, addr, request string) []byte {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	reply, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	return reply
}

// every runs f every interval until stop is closed or f returns false: an attacker's pace, so that
// an attack loads the server as a client on the network would, not as fast as this machine can loop.
func every(stop <-chan struct{}, interval time.Duration, f func() bool) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for f() {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}
