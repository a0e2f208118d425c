package runner

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"time"

	"github.com/httpspec/httpspec/suite"
)

// waitReady waits until the target accepts a TCP connection on addr, the process exits, or the
// deadline passes. A process reports readiness only by listening, so the port is tried with a growing
// pause between attempts; the pause ends early when the process exits.
func waitReady(ctx context.Context, p *process, addr string, deadline time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	pause := 2 * time.Millisecond
	for {
		d := net.Dialer{Timeout: 250 * time.Millisecond}
		if c, err := d.DialContext(ctx, "tcp", addr); err == nil {
			c.Close()
			return nil
		}
		timer := time.NewTimer(pause)
		select {
		case <-p.done:
			timer.Stop()
			return fmt.Errorf("the target exited with status %d before it accepted connections on %s\n%s", p.status, addr, p.tail(15))
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("the target did not accept connections on %s within %s\n%s", addr, deadline, p.tail(15))
		case <-timer.C:
		}
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// bannerPort matches the port in http.server's startup line, "Serving HTTP on HOST port PORT (...)",
// and in a URL such as "http://127.0.0.1:PORT/".
var bannerPort = regexp.MustCompile(`port (\d+)|https?://[^/\s]*:(\d+)/`)

// waitBannerPort reads the port from the target's output, for a command line without {port}.
func waitBannerPort(ctx context.Context, p *process, deadline time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	found := make(chan int, 2)
	for _, log := range []*suite.LineLog{p.stdout, p.stderr} {
		go func() {
			from := 0
			for {
				i, err := log.Wait(ctx, from, "")
				if err != nil {
					return
				}
				lines := log.Lines(i)
				if len(lines) == 0 {
					return
				}
				if m := bannerPort.FindStringSubmatch(lines[0]); m != nil {
					port, _ := strconv.Atoi(m[1] + m[2])
					found <- port
					return
				}
				from = i + 1
			}
		}()
	}
	select {
	case port := <-found:
		return port, nil
	case <-p.done:
		return 0, fmt.Errorf("the target exited with status %d without printing its address\n%s", p.status, p.tail(15))
	case <-ctx.Done():
		return 0, fmt.Errorf("the target never printed its address (a line like \"Serving HTTP on HOST port PORT\") within %s; put {port} in the command to choose it\n%s", deadline, p.tail(15))
	}
}

// freePort asks the kernel for a port nothing listens on. Another process may take it before the
// target binds; the target then fails to start and says so.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
