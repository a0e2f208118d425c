package reference_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/httpspec/httpspec/reference"
	"github.com/httpspec/httpspec/suite/wire"
)

// diffTarget is one running server of the differential test: where it listens and its log, read up to
// the last marker.
type diffTarget struct {
	name   string
	addr   string
	banner string // the startup line of a server process, "" in process
	log    *logTail
	logPos int // the first log line not yet attributed
	marks  int // markers sent so far
}

// serverBanner is test()'s startup line; port 0 asks the system for a free port, and the banner says
// which one it gave.
var serverBanner = regexp.MustCompile(`^Serving HTTP on (\S+) port (\d+) `)

// startProcessTarget starts a server process that prints http.server's banner on stdout and its log
// on stderr, and stops it with SIGINT (then SIGKILL) when the test ends. TZ=UTC and PYTHONUNBUFFERED=1
// are what the research's recordings used (§11).
func startProcessTarget(t *testing.T, name string, cmd *exec.Cmd) (*diffTarget, error) {
	cmd.Env = append(cmd.Environ(), "TZ=UTC", "PYTHONUNBUFFERED=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	exited := make(chan struct{})
	tg := &diffTarget{name: name, log: newLogTail()}
	go tg.log.follow(stderr, name)
	banner := make(chan string, 1)
	go readBanner(stdout, banner)
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() { stopProcess(cmd, exited) })
	select {
	case line := <-banner:
		m := serverBanner.FindStringSubmatch(line)
		tg.banner, tg.addr = line, net.JoinHostPort(m[1], m[2])
		return tg, nil
	case <-exited:
		return nil, fmt.Errorf("%s exited before serving: %q", name, tg.log.last(20))
	case <-time.After(30 * time.Second):
		return nil, fmt.Errorf("%s printed no banner within 30s: %q", name, tg.log.last(20))
	}
}

// readBanner sends the banner line from stdout, then drains stdout.
func readBanner(stdout io.Reader, banner chan<- string) {
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if serverBanner.MatchString(sc.Text()) {
			banner <- sc.Text()
			break
		}
	}
	io.Copy(io.Discard, stdout)
}

// sameBanner compares two banners with their ports taken out.
func sameBanner(a, b string) bool {
	portRE := regexp.MustCompile(`\b\d{2,5}\b`)
	return portRE.ReplaceAllString(a, "<PORT>") == portRE.ReplaceAllString(b, "<PORT>")
}

// stopProcess is a Ctrl-C, then a kill when the server does not exit within a few seconds.
func stopProcess(cmd *exec.Cmd, exited <-chan struct{}) {
	cmd.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

// startReference runs the reference in this process, its log captured like CPython's. It listens
// on 127.0.0.1, or binds as `httpspec serve --bind` does when bind is set (reference.Listen: "::" is
// dual-stack). Its clock is in UTC, as CPython's TZ is.
func startReference(t *testing.T, name string, cfg reference.Config, bind string) (*diffTarget, error) {
	tg := &diffTarget{name: name, log: newLogTail()}
	cfg.Log = tg.log
	// CPython runs with TZ=UTC; the reference's log zone is its clock's location.
	cfg.Now = func() time.Time { return time.Now().UTC() }
	srv, err := reference.New(cfg)
	if err != nil {
		return nil, err
	}
	var ln net.Listener
	if bind == "" {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	} else {
		ln, err = reference.Listen(bind, 0)
	}
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	tg.addr = ln.Addr().String()
	return tg, nil
}

// sync sends a marker and waits for its log lines: everything logged since the previous marker (or
// since the start) is returned and the target's log position moves past the marker.
func (tg *diffTarget) sync(ctx context.Context) ([]string, error) {
	tg.marks++
	n := tg.marks
	res, err := wire.Exchange(ctx, tg.addr, markerRequest(n), wire.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("%s: marker %d: %w", tg.name, n, err)
	}
	if f := res.Final(); f == nil || f.Code != 501 {
		return nil, fmt.Errorf("%s: marker %d was not answered with a 501:\n%s", tg.name, n, res.Transcript)
	}
	access, err := tg.log.waitFor(ctx, tg.logPos, isMarkerAccess(n))
	if err != nil {
		return nil, fmt.Errorf("%s: marker %d: %w", tg.name, n, err)
	}
	lines := tg.log.span(tg.logPos, access)
	tg.logPos = access + 1
	for i, line := range lines {
		if isMarkerError(n)(line) {
			return append(lines[:i:i], lines[i+1:]...), nil
		}
	}
	return lines, fmt.Errorf("%s: marker %d: no error line before its access line", tg.name, n)
}

// String shows a target for failure messages.
func (tg *diffTarget) String() string { return tg.name + " at " + tg.addr }
