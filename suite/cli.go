package suite

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
)

// Specs for the command line, `python -m http.server [options] [port]`: research §7 (the __main__
// block, test(), argparse). Each spec starts instances of the target of its own through the launcher,
// in the document root, on free ports (all but the spec of the default port 8000), and judges their
// output, exit status and what they serve.

// cliSpec is a command-line spec: it needs the launcher, and its mode only names the target whose
// command line is started.
func cliSpec(behavior, name string, body func(c *Case)) Spec {
	return custom(behavior, name, ModeDefault, body).with(NeedLauncher)
}

// startOnLoopback starts the target on a free port of 127.0.0.1 with extra arguments, waits for its
// startup line and returns the instance and its address.
func startOnLoopback(c *Case, extra ...string) (*cliInstance, string) {
	ginkgo.GinkgoHelper()
	s, port := startServing(c, onPort(append([]string{"--bind", "127.0.0.1"}, extra...)...))
	return s, hostPort("127.0.0.1", port)
}

// Port and bind address (§7.1, §7.2).
var _ = register(func() []Spec {
	return []Spec{
		cliSpec("cli.default-port-8000", "no port argument, --bind 127.0.0.1", defaultPort8000),
		cliSpec("cli.port-argument", "PORT --bind 127.0.0.1", func(c *Case) {
			s, port := startServing(c, onPort("--bind", "127.0.0.1"))
			c.Expect(s.serving()).To(gomega.Equal(bannerLine("127.0.0.1", port)))
			s.expectServes(hostPort("127.0.0.1", port))
		}),
		cliSpec("cli.port-argument", "--bind 127.0.0.1 PORT (the port after the options)", func(c *Case) {
			s, port := startServing(c, func(port int) []string { return []string{"--bind", "127.0.0.1", strconv.Itoa(port)} })
			c.Expect(s.serving()).To(gomega.Equal(bannerLine("127.0.0.1", port)))
			s.expectServes(hostPort("127.0.0.1", port))
		}),
		cliSpec("cli.binds-all-interfaces", "PORT without --bind: 127.0.0.1 and a non-loopback address answer", func(c *Case) {
			other := otherAddress(c)
			s, port := startServing(c, onPort())
			s.expectServes(hostPort("127.0.0.1", port))
			s.expectServes(hostPort(other, port))
		}),
		cliSpec("cli.bind-option", "--bind 127.0.0.2: that address answers, 127.0.0.1 refuses", func(c *Case) {
			needListen(c, "127.0.0.2")
			s, port := startServing(c, onPort("--bind", "127.0.0.2"))
			c.Expect(s.serving()).To(gomega.Equal(bannerLine("127.0.0.2", port)))
			s.expectServes(hostPort("127.0.0.2", port))
			c.expectRefused(hostPort("127.0.0.1", port))
		}),
		cliSpec("cli.bind-option", "-b 127.0.0.1: a non-loopback address refuses", func(c *Case) {
			other := otherAddress(c)
			s, port := startServing(c, onPort("-b", "127.0.0.1"))
			s.expectServes(hostPort("127.0.0.1", port))
			c.expectRefused(hostPort(other, port))
		}),
		cliSpec("cli.bind-ipv6", "--bind ::1", func(c *Case) {
			needListen(c, "::1")
			s, port := startServing(c, onPort("--bind", "::1"))
			s.expectServes(hostPort("::1", port))
			c.expectRefused(hostPort("127.0.0.1", port))
		}),
		cliSpec("cli.bind-ipv6-fails", "--bind ::1", func(c *Case) {
			s := startCLI(c, []string{strconv.Itoa(freePort(c)), "--bind", "::1"})
			c.Expect(s.refusalStatus()).To(gomega.Equal(1), "exit status; %s", s.output())
			c.Expect(s.proc.Stdout()).NotTo(gomega.ContainSubstring("Serving HTTP"), "stdout")
			lines := linesOfOutput(s.proc.Stderr())
			c.Expect(lines).NotTo(gomega.BeEmpty(), "a traceback on stderr")
			c.Expect(lines[len(lines)-1]).To(gomega.Equal("socket.gaierror: [Errno -9] Address family for hostname not supported"),
				"the traceback's last line")
		}),
		cliSpec("cli.dual-stack", "--bind ::: an IPv4 client is answered and logged as ::ffff:127.0.0.1", func(c *Case) {
			needListen(c, "::1")
			s, port := startServing(c, onPort("--bind", "::"))
			c.Expect(s.serving()).To(gomega.Equal(bannerLine("::", port)))
			s.expectServes(hostPort("127.0.0.1", port))
			s.expectLogged("::ffff:127.0.0.1 - - [", `] "GET /a.txt HTTP/1.0" 200 -`)
			s.expectServes(hostPort("::1", port))
		}),
		cliSpec("cli.default-family-first-address", "PORT without --bind: :: (dual stack) or 0.0.0.0", func(c *Case) {
			s, port := startServing(c, onPort())
			host, _ := c.bannerAddress(s.serving())
			c.Expect(host).To(gomega.BeElementOf("::", "0.0.0.0"), "the wildcard address of the resolver's first family")
			c.Note("the server bound %s", host)
			s.expectServes(hostPort("127.0.0.1", port))
			if host == "::" {
				s.expectServes(hostPort("::1", port))
			}
		}),
		cliSpec("cli.default-bind-ipv4-any", "PORT without --bind: 0.0.0.0, IPv4 only", func(c *Case) {
			s, port := startServing(c, onPort())
			c.Expect(s.serving()).To(gomega.Equal(bannerLine("0.0.0.0", port)))
			s.expectServes(hostPort("127.0.0.1", port))
			if canListen("::1") {
				c.expectRefused(hostPort("::1", port))
			}
		}),
	}
})

// defaultPort8000 starts the target without a port. Port 8000 may be taken on the machine that runs
// the suite; the spec is then skipped, since the behavior cannot be seen.
func defaultPort8000(c *Case) {
	if !canListen("127.0.0.1:8000") {
		ginkgo.Skip("port 8000 of 127.0.0.1 is in use on this machine")
	}
	s := startCLI(c, []string{"--bind", "127.0.0.1"})
	if err := s.waitServing(); err != nil && strings.Contains(s.proc.Stderr(), "Address already in use") {
		ginkgo.Skip("port 8000 was taken while the spec ran: " + s.output())
	}
	c.Expect(s.serving()).To(gomega.Equal(bannerLine("127.0.0.1", 8000)))
	s.expectServes("127.0.0.1:8000")
}

// expectLogged waits for a line on the instance's stderr that starts with prefix and contains part.
func (s *cliInstance) expectLogged(prefix, part string) {
	ginkgo.GinkgoHelper()
	ctx, cancel := contextFor(s.c, s.c.Config.Timeout)
	defer cancel()
	s.c.Expect(s.proc.WaitOutput(ctx, part)).To(gomega.Succeed(), "a log line containing %q; %s", part, s.output())
	line := firstLineWith(s.proc.Stderr(), part)
	s.c.Expect(line).To(gomega.HavePrefix(prefix), "the log line on stderr")
}

// Options that select what is served (§7.1).
var _ = register(func() []Spec {
	return []Spec{
		cliSpec("cli.directory-option", "-d list2", servesList2("-d", "list2")),
		cliSpec("cli.directory-option", "--directory list2", servesList2("--directory", "list2")),
		cliSpec("cli.directory-option", "--directory=list2", servesList2("--directory=list2")),
		cliSpec("cli.directory-option-rejected", "PORT --bind 127.0.0.1 --directory list2", func(c *Case) {
			s := startCLI(c, []string{strconv.Itoa(freePort(c)), "--bind", "127.0.0.1", "--directory", "list2"})
			s.expectUsageError("unrecognized arguments: --directory list2")
		}),
		cliSpec("cli.directory-ignored-with-cgi", "--cgi --directory list2", func(c *Case) {
			s, addr := startOnLoopback(c, "--cgi", "--directory", "list2")
			s.expectServes(addr)
			c.expectChecks(c.exchangeAt(addr, sendGET("/one.txt")), fileNotFound())
		}),
		cliSpec("cli.directory-with-cgi", "--cgi --directory list2", servesList2("--cgi", "--directory", "list2")),
		cliSpec("cli.protocol-option", "-p HTTP/1.1", keepsAliveWith("-p", "HTTP/1.1")),
		cliSpec("cli.protocol-option", "--protocol HTTP/1.1", keepsAliveWith("--protocol", "HTTP/1.1")),
		cliSpec("cli.protocol-option-rejected", "PORT --bind 127.0.0.1 --protocol HTTP/1.1", func(c *Case) {
			s := startCLI(c, []string{strconv.Itoa(freePort(c)), "--bind", "127.0.0.1", "--protocol", "HTTP/1.1"})
			s.expectUsageError("unrecognized arguments: --protocol HTTP/1.1")
		}),
		cliSpec("cli.cgi-option", "--cgi: /cgi-bin/exec.sh runs", func(c *Case) {
			_, addr := startOnLoopback(c, "--cgi")
			c.expectChecks(c.exchangeAt(addr, sendGET("/cgi-bin/exec.sh?from-cli")),
				statusLine("HTTP/1.0 200 Script output follows"), contentType("text/plain"), body("shell ok from-cli\n"))
		}),
		cliSpec("cli.cgi-option", "no --cgi: /cgi-bin/exec.sh is a file", func(c *Case) {
			_, addr := startOnLoopback(c)
			c.expectChecks(c.exchangeAt(addr, sendGET("/cgi-bin/exec.sh?from-cli")),
				statusLine("HTTP/1.0 200 OK"), fixtureBody("cgi-bin/exec.sh"))
		}),
	}
})

// servesList2 starts the target with args to serve list2: /one.txt is list2's file and /a.txt, of
// the working directory, is not found.
func servesList2(args ...string) func(c *Case) {
	return func(c *Case) {
		_, addr := startOnLoopback(c, args...)
		c.expectChecks(c.exchangeAt(addr, sendGET("/one.txt")), served("list2/one.txt"))
		c.expectChecks(c.exchangeAt(addr, sendGET("/a.txt")), fileNotFound())
	}
}

// keepsAliveWith starts the target with args and sends two requests on one connection: both are
// answered with HTTP/1.1 status lines, the second proving the connection was kept.
func keepsAliveWith(args ...string) func(c *Case) {
	return func(c *Case) {
		_, addr := startOnLoopback(c, args...)
		conn := dialAt(c, addr)
		for i := 1; i <= 2; i++ {
			c.Expect(conn.Send([]byte("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"))).To(gomega.Succeed(), "send request %d", i)
			resp, err := conn.ReadResponse("GET")
			c.Expect(err).NotTo(gomega.HaveOccurred(), "response %d on one connection", i)
			c.Expect(resp.StatusLine).To(gomega.Equal("HTTP/1.1 200 OK"), "response %d", i)
			c.Expect(string(resp.Body)).To(gomega.Equal("hello\n"), "response %d", i)
		}
	}
}

// The startup line and the end (§7.2, §7.3).
var _ = register(func() []Spec {
	return []Spec{
		cliSpec("cli.banner", "PORT --bind 127.0.0.1: the line, alone on stdout", func(c *Case) {
			s, port := startServing(c, onPort("--bind", "127.0.0.1"))
			c.Expect(s.proc.Stdout()).To(gomega.Equal(bannerLine("127.0.0.1", port)+"\n"), "stdout")
			c.Expect(s.proc.Stderr()).To(gomega.BeEmpty(), "stderr")
		}),
		cliSpec("cli.banner", "port 0: the port the system chose", func(c *Case) {
			s := startCLI(c, []string{"0", "--bind", "127.0.0.1"})
			host, port := c.bannerAddress(s.serving())
			c.Expect(host).To(gomega.Equal("127.0.0.1"))
			c.Expect(port).NotTo(gomega.BeZero(), "the bound port, not the 0 asked for")
			s.expectServes(hostPort(host, port))
		}),
		cliSpec("cli.banner-ipv6-bracketed", "--bind ::1", func(c *Case) {
			needListen(c, "::1")
			s, port := startServing(c, onPort("--bind", "::1"))
			c.Expect(s.serving()).To(gomega.Equal(fmt.Sprintf("Serving HTTP on ::1 port %d (http://[::1]:%d/) ...", port, port)))
		}),
		cliSpec("cli.banner-ipv6-bracketed", "--bind ::", func(c *Case) {
			needListen(c, "::1")
			s, port := startServing(c, onPort("--bind", "::"))
			c.Expect(s.serving()).To(gomega.Equal(fmt.Sprintf("Serving HTTP on :: port %d (http://[::]:%d/) ...", port, port)))
		}),
		cliSpec("cli.interrupt-message-exit-0", "SIGINT after a request", func(c *Case) {
			s, addr := startOnLoopback(c)
			// A served request proves serve_forever runs, so the signal meets its KeyboardInterrupt handler.
			s.expectServes(addr)
			banner := firstLineWith(s.proc.Stdout(), "Serving HTTP on ")
			c.Expect(s.interrupted()).To(gomega.Equal(0), "exit status; %s", s.output())
			c.Expect(s.proc.Stdout()).To(gomega.Equal(banner+"\n\nKeyboard interrupt received, exiting.\n"), "stdout")
			c.Expect(s.proc.Stderr()).NotTo(gomega.ContainSubstring("Keyboard interrupt"), "stderr")
		}),
		cliSpec("cli.sigterm-default", "SIGTERM after a request", func(c *Case) {
			s, addr := startOnLoopback(c)
			s.expectServes(addr)
			banner := firstLineWith(s.proc.Stdout(), "Serving HTTP on ")
			c.Expect(s.proc.Signal(syscall.SIGTERM)).To(gomega.Succeed(), "send SIGTERM")
			c.Expect(s.exitStatus()).To(gomega.Equal(-1), "ended by the signal, not by an exit; %s", s.output())
			c.Expect(s.proc.Stdout()).To(gomega.Equal(banner+"\n"), "stdout")
		}),
		cliSpec("cli.stdout-block-buffered", "PYTHONUNBUFFERED unset: the startup line reaches stdout by exit", func(c *Case) {
			port := freePort(c)
			s := startCLI(c, []string{strconv.Itoa(port), "--bind", "127.0.0.1"}, "PYTHONUNBUFFERED=")
			addr := hostPort("127.0.0.1", port)
			s.waitAcceptingAt(addr)
			s.expectServes(addr)
			if s.proc.Stdout() == "" {
				c.Note("the startup line was still buffered after a request was served")
			} else {
				c.Note("the startup line was written before exit: %q", s.proc.Stdout())
			}
			c.Expect(s.interrupted()).To(gomega.Equal(0), "exit status; %s", s.output())
			c.Expect(s.proc.Stdout()).To(gomega.Equal(bannerLine("127.0.0.1", port)+"\n\nKeyboard interrupt received, exiting.\n"), "stdout")
		}),
	}
})

// Refusals (§7.1).
var _ = register(func() []Spec {
	return []Spec{
		cliSpec("cli.bad-port-exit-2", "abc", func(c *Case) {
			startCLI(c, []string{"abc"}).expectUsageError("argument port: invalid int value: 'abc'")
		}),
		cliSpec("cli.bad-port-exit-2", "1.5 --bind 127.0.0.1", func(c *Case) {
			startCLI(c, []string{"1.5", "--bind", "127.0.0.1"}).expectUsageError("argument port: invalid int value: '1.5'")
		}),
		cliSpec("cli.port-in-use-exit-1", "PORT --bind 127.0.0.1 while another socket listens there", func(c *Case) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			c.Expect(err).NotTo(gomega.HaveOccurred(), "listen on a port of 127.0.0.1")
			defer ln.Close()
			port := ln.Addr().(*net.TCPAddr).Port
			s := startCLI(c, []string{strconv.Itoa(port), "--bind", "127.0.0.1"})
			c.Expect(s.refusalStatus()).To(gomega.Equal(1), "exit status; %s", s.output())
			c.Expect(s.proc.Stdout()).NotTo(gomega.ContainSubstring("Serving HTTP"), "stdout")
			lines := linesOfOutput(s.proc.Stderr())
			c.Expect(lines).NotTo(gomega.BeEmpty(), "a traceback on stderr")
			c.Expect(lines[len(lines)-1]).To(gomega.HaveSuffix(addressInUse()), "the last line of stderr")
		}),
	}
})

// addressInUse is the last line of the traceback of a failed bind: OSError with the system's errno.
func addressInUse() string {
	var errno syscall.Errno = syscall.EADDRINUSE
	text := errno.Error()
	return fmt.Sprintf("OSError: [Errno %d] %s", int(errno), strings.ToUpper(text[:1])+text[1:])
}

// -h/--help, whose wording changed several times (§7.1).
var _ = register(func() []Spec {
	return []Spec{
		helpSpec("cli.help-port-specify-alternate-brackets", "-h: the port's line",
			"  port                  Specify alternate port [default: 8000]"),
		helpSpec("cli.help-port-specify-alternate-parens", "-h: the port's line",
			"  port                  specify alternate port (default: 8000)"),
		helpSpec("cli.help-port-bind-to-this", "-h: the port's line",
			"  port                  bind to this port (default: 8000)"),
		helpSpec("cli.help-optional-arguments-heading", "-h: the options' heading", "optional arguments:"),
		helpSpec("cli.help-options-heading", "-h: the options' heading", "options:"),
		helpSpec("cli.help-bind-long-first", "-h: the bind option's line", "  --bind ADDRESS, -b ADDRESS"),
		helpSpec("cli.help-bind-short-first", "-h: the bind option's line", "  -b ADDRESS, --bind ADDRESS"),
		helpSpec("cli.help-bind-metavar-once", "-h: the bind option's line",
			"  -b, --bind ADDRESS    bind to this address (default: all interfaces)"),
	}
})
