package suite

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Helpers for specs that start instances of the target of their own through Config.Launcher: the
// command line of `python -m http.server` (research §7) and the server's life cycle (§1.1, §7.3).
//
// Usage and error messages name the program: CPython run with -m calls itself "server.py", another
// implementation its own name. The specs read the name from the usage line and require the error
// line to use the same one, so every other byte is still compared exactly.

// cliStartup bounds how long a launched instance may take to print its startup line or to exit: an
// interpreter's start-up is slower than one socket operation, more so on a loaded machine.
const cliStartup = 10 * time.Second

// cliInstance is one launched instance of the target, killed when the spec ends.
type cliInstance struct {
	c    *Case
	args []string
	proc Process
}

// startCLI launches the target with args (http.server's arguments) and env added to its environment.
func startCLI(c *Case, args []string, env ...string) *cliInstance {
	ginkgo.GinkgoHelper()
	p, err := c.Config.Launcher.Launch(c.Ctx, args, env)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "start the target with %q", args)
	ginkgo.DeferCleanup(p.Kill)
	if len(env) > 0 {
		c.Note("started the target with arguments %q and environment %q", args, env)
	} else {
		c.Note("started the target with arguments %q", args)
	}
	return &cliInstance{c: c, args: args, proc: p}
}

// freePort is a port nothing listens on.
func freePort(c *Case) int {
	ginkgo.GinkgoHelper()
	port, err := c.Config.Launcher.FreePort()
	c.Expect(err).NotTo(gomega.HaveOccurred(), "find a free port")
	return port
}

// output describes what the instance wrote, for failure messages.
func (s *cliInstance) output() string {
	return fmt.Sprintf("stdout %q, stderr %q", s.proc.Stdout(), s.proc.Stderr())
}

// waitServing waits for the startup line, which test() prints once the socket is bound (research
// §7.2); it fails when the instance exits first or stays silent for cliStartup.
func (s *cliInstance) waitServing() error {
	ctx, cancel := contextFor(s.c, cliStartup)
	defer cancel()
	return s.proc.WaitOutput(ctx, "Serving HTTP on ")
}

// serving waits for the startup line and returns it; it must be on stdout.
func (s *cliInstance) serving() string {
	ginkgo.GinkgoHelper()
	err := s.waitServing()
	s.c.Expect(err).NotTo(gomega.HaveOccurred(), "the target started with %q never said it was serving; %s", s.args, s.output())
	line := firstLineWith(s.proc.Stdout(), "Serving HTTP on ")
	s.c.Expect(line).NotTo(gomega.BeEmpty(), "the startup line is not on stdout; %s", s.output())
	return line
}

// startServing starts the target with args(port) for a free port and waits until it serves. Another
// program may take the free port before the target binds it; the start is then tried again on
// another port, twice at most.
func startServing(c *Case, args func(port int) []string, env ...string) (*cliInstance, int) {
	ginkgo.GinkgoHelper()
	for attempt := 1; ; attempt++ {
		port := freePort(c)
		s := startCLI(c, args(port), env...)
		if err := s.waitServing(); err != nil && attempt < 3 && strings.Contains(s.proc.Stderr(), "Address already in use") {
			c.Note("port %d was taken before the target bound it; trying another", port)
			continue
		}
		s.serving()
		return s, port
	}
}

// onPort is the arguments PORT, then extra.
func onPort(extra ...string) func(port int) []string {
	return func(port int) []string { return append([]string{strconv.Itoa(port)}, extra...) }
}

// exitStatus waits for the instance to end and returns its exit status (-1 when a signal ended it).
func (s *cliInstance) exitStatus() int {
	ginkgo.GinkgoHelper()
	ctx, cancel := context.WithTimeout(s.c.Ctx, cliStartup)
	defer cancel()
	status, err := s.proc.Wait(ctx)
	s.c.Expect(err).NotTo(gomega.HaveOccurred(), "the target started with %q did not exit; %s", s.args, s.output())
	return status
}

// refusalStatus waits for an instance that must refuse to start and returns its exit status. An
// instance that says it is serving fails the spec at once, rather than after waiting cliStartup for an
// exit that will not come (a release whose command line accepts what the profile's refuses).
func (s *cliInstance) refusalStatus() int {
	ginkgo.GinkgoHelper()
	ctx, cancel := context.WithTimeout(s.c.Ctx, cliStartup)
	defer cancel()
	serving := s.proc.WaitOutput(ctx, "Serving HTTP") == nil
	s.c.Expect(serving).To(gomega.BeFalse(), "the target started with %q is serving instead of refusing to start; %s", s.args, s.output())
	return s.exitStatus()
}

// interrupted sends SIGINT, as Ctrl-C does, and returns the exit status.
func (s *cliInstance) interrupted() int {
	ginkgo.GinkgoHelper()
	s.c.Expect(s.proc.Interrupt()).To(gomega.Succeed(), "send SIGINT")
	return s.exitStatus()
}

// expectUsageError: argparse's refusal (ArgumentParser.error): nothing on stdout; on stderr the usage
// line, then "PROG: error: message"; exit status 2.
func (s *cliInstance) expectUsageError(message string) {
	ginkgo.GinkgoHelper()
	status := s.refusalStatus()
	s.c.Expect(status).To(gomega.Equal(2), "exit status; %s", s.output())
	s.c.Expect(s.proc.Stdout()).To(gomega.BeEmpty(), "stdout")
	lines := linesOfOutput(s.proc.Stderr())
	s.c.Expect(lines).NotTo(gomega.BeEmpty(), "stderr")
	m := usageLineRE.FindStringSubmatch(lines[0])
	s.c.Expect(m).NotTo(gomega.BeNil(), "stderr starts with argparse's usage line, \"usage: PROG [-h] ...\"; %s", s.output())
	s.c.Expect(lines[len(lines)-1]).To(gomega.Equal(m[1]+": error: "+message), "the last line of stderr")
}

var usageLineRE = regexp.MustCompile(`^usage: (\S.*?) \[-h\]`)

// expectServes: GET /a.txt at addr is answered 200 with a.txt's content.
func (s *cliInstance) expectServes(addr string) {
	ginkgo.GinkgoHelper()
	s.c.expectChecks(s.c.exchangeAt(addr, sendGET("/a.txt")), served("a.txt"))
}

// exchangeAt is Case.Exchange with another server than the case's target.
func (c *Case) exchangeAt(addr, request string) *wire.Result {
	ginkgo.GinkgoHelper()
	res, err := wire.Exchange(c.Ctx, addr, []byte(request), c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred(), "exchange with %s", addr)
	return res
}

// expectRefused: a connection to addr is refused, nothing listens there.
func (c *Case) expectRefused(addr string) {
	ginkgo.GinkgoHelper()
	d := net.Dialer{Timeout: c.Config.Timeout}
	conn, err := d.DialContext(c.Ctx, "tcp", addr)
	if err == nil {
		conn.Close()
	}
	c.Expect(errors.Is(err, syscall.ECONNREFUSED)).To(gomega.BeTrue(), "a connection to %s is refused; got error %v", addr, err)
}

// bannerLine is test()'s startup line for a socket bound to host and port: the URL's host bracketed
// when it holds a colon (research §7.2).
func bannerLine(host string, port int) string {
	urlHost := host
	if strings.Contains(host, ":") {
		urlHost = "[" + host + "]"
	}
	return fmt.Sprintf("Serving HTTP on %s port %d (http://%s:%d/) ...", host, port, urlHost, port)
}

var bannerRE = regexp.MustCompile(`^Serving HTTP on (\S+) port (\d+) \(http://(\S+):(\d+)/\) \.\.\.$`)

// bannerAddress reads host and port from a startup line, requiring the URL to agree with them.
func (c *Case) bannerAddress(line string) (host string, port int) {
	ginkgo.GinkgoHelper()
	m := bannerRE.FindStringSubmatch(line)
	c.Expect(m).NotTo(gomega.BeNil(), "a startup line \"Serving HTTP on HOST port PORT (http://HOST:PORT/) ...\", got %q", line)
	port, _ = strconv.Atoi(m[2])
	c.Expect(line).To(gomega.Equal(bannerLine(m[1], port)), "the startup line's URL names its host and port")
	return m[1], port
}

// loopbackOf is the loopback address of a bound host's family, to connect to a wildcard bind.
func loopbackOf(host string) string {
	if strings.Contains(host, ":") {
		return "::1"
	}
	return "127.0.0.1"
}

// hostPort joins host and port.
func hostPort(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }

// needListen skips the spec unless this machine can listen on host (an IPv6 loopback, another
// loopback address): what the spec asks of the target must be possible here first.
func needListen(c *Case, host string) {
	ginkgo.GinkgoHelper()
	if !canListen(host) {
		ginkgo.Skip("this machine cannot listen on " + host)
	}
}

// canListen reports whether this machine can listen on addr (a host, or host:port) now.
func canListen(addr string) bool {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(addr, "0")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// otherAddress is an IPv4 address of this machine that is not a loopback one, to show that a server
// listens beyond the loopback interface; the spec is skipped when there is none.
func otherAddress(c *Case) string {
	ginkgo.GinkgoHelper()
	addrs, err := net.InterfaceAddrs()
	c.Expect(err).NotTo(gomega.HaveOccurred(), "list this machine's addresses")
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	ginkgo.Skip("this machine has no IPv4 address besides the loopback ones")
	return ""
}

// waitAcceptingAt waits until addr accepts a connection or the instance exits.
func (s *cliInstance) waitAcceptingAt(addr string) {
	ginkgo.GinkgoHelper()
	ctx, cancel := context.WithCancel(s.c.Ctx)
	defer cancel()
	exited := make(chan struct{})
	go func() {
		if _, err := s.proc.Wait(ctx); err == nil {
			close(exited)
		}
	}()
	err := waitAccepting(ctx, addr, cliStartup, exited)
	s.c.Expect(err).NotTo(gomega.HaveOccurred(), "the target did not accept connections on %s; %s", addr, s.output())
}

// errExited says the instance ended before it listened.
var errExited = errors.New("the instance exited before it accepted connections")

// waitAccepting waits until addr accepts a connection, or exited closes (nil: never), or within
// passes. A server reports readiness only by listening (its startup line may sit in a buffer), so the
// port is tried with a growing pause between attempts.
func waitAccepting(ctx context.Context, addr string, within time.Duration, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	pause := 2 * time.Millisecond
	for {
		d := net.Dialer{Timeout: within}
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			return conn.Close()
		}
		timer := time.NewTimer(pause)
		select {
		case <-exited:
			timer.Stop()
			return errExited
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("not within %s: %w", within, err)
		case <-timer.C:
		}
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// linesOfOutput splits captured output into lines, without the final line end.
func linesOfOutput(out string) []string {
	if out == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// firstLineWith is the first line of out that contains part, or "".
func firstLineWith(out, part string) string {
	for _, line := range linesOfOutput(out) {
		if strings.Contains(line, part) {
			return line
		}
	}
	return ""
}

// helpSpec: -h prints the help on stdout, with line among its lines, and exits 0. COLUMNS is set
// because argparse wraps the help to the terminal's width (80 columns when it cannot tell).
func helpSpec(behavior, name, line string) Spec {
	return custom(behavior, name, ModeDefault, func(c *Case) {
		s := startCLI(c, []string{"-h"}, "COLUMNS=80")
		c.Expect(s.exitStatus()).To(gomega.Equal(0), "exit status; %s", s.output())
		c.Expect(linesOfOutput(s.proc.Stdout())).To(gomega.ContainElement(line), "a line of the help on stdout; %s", s.output())
	}).with(NeedLauncher)
}

// contextFor is the case's context bounded by d.
func contextFor(c *Case, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Ctx, d)
}

// dialAt opens a connection to addr, another server than the case's target; it is closed when the
// spec ends.
func dialAt(c *Case, addr string) *wire.Conn {
	ginkgo.GinkgoHelper()
	conn, err := wire.Dial(c.Ctx, addr, c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred(), "dial %s", addr)
	ginkgo.DeferCleanup(conn.Close)
	return conn
}

// portHeldByTimeWait reports whether a socket without SO_REUSEADDR is refused port on 127.0.0.1.
// Once every server on the port has exited, only connections waiting in TIME_WAIT can hold it.
func portHeldByTimeWait(c *Case, port int) bool {
	ginkgo.GinkgoHelper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "make a socket")
	defer syscall.Close(fd)
	err = syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
	return errors.Is(err, syscall.EADDRINUSE)
}
