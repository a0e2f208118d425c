package suite

import (
	"context"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for the log on stderr: research §6.1–§6.3 and §1.5, BaseHTTPRequestHandler.log_message,
// log_request, log_error, log_date_time_string and socketserver's handle_error. Log lines are read
// with Case.Log, which proves that nothing else was written by waiting for a marker request's line.

// logsExactly sends request and checks that the log_message lines it caused carry exactly these
// messages, in order (other output, such as a traceback, is not looked at).
func logsExactly(messages ...string) func(c *Case, request string) {
	return func(c *Case, request string) {
		c.ExchangeWith(request, halfCloseIfHTTP09(c, request))
		got := logMessages(c.Log())
		if len(messages) == 0 {
			c.Expect(got).To(gomega.BeEmpty(), "nothing logged")
			return
		}
		c.Expect(got).To(gomega.Equal(messages))
	}
}

// halfCloseIfHTTP09 shuts the write side after a request with no blank line: CPython up to 3.13.0
// reads headers after a two-word request line until a blank line or EOF (research §2.6).
func halfCloseIfHTTP09(c *Case, request string) wire.Options {
	opts := c.Options()
	opts.HalfClose = !strings.HasSuffix(request, "\n\n") && !strings.HasSuffix(request, "\r\n\r\n")
	return opts
}

// logged is a spec that sends request and checks the messages it logged.
func logged(behavior, name string, mode Mode, request string, messages ...string) Spec {
	return customSending(behavior, name, mode, request, logsExactly(messages...)).with(NeedLog)
}

const logMissing = "code 404, message File not found"

var _ = register(func() []Spec {
	return []Spec{
		logged("logging.stderr", "GET /a.txt", ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n",
			accessLine("GET /a.txt HTTP/1.0", 200)),
		customSending("logging.stderr", "a server started on its own writes the access line to stderr, not stdout",
			ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n", accessLineOnStderrOnly).with(NeedLauncher),

		customSending("logging.prefix-ip-and-time", "GET /a.txt", ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n",
			prefixIsClientAndNow(1)).with(NeedLog),
		customSending("logging.prefix-ip-and-time", "a 404: both lines", ModeDefault, sendMissing,
			prefixIsClientAndNow(2)).with(NeedLog),

		customSending("logging.host-is-ip", "GET /a.txt", ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n", hostIsClientIP).with(NeedLog),
		customSending("logging.host-is-ip", "GET /a.txt on the HTTP/1.1 server", ModeHTTP11,
			"GET /a.txt HTTP/1.0\r\n\r\n", hostIsClientIP).with(NeedLog),

		customSending("logging.line-format", "GET /a.txt", ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n",
			linesAre(accessLine("GET /a.txt HTTP/1.0", 200))).with(NeedLog),
		customSending("logging.line-format", "a 404", ModeDefault, sendMissing,
			linesAre(logMissing, accessLine("GET /missing.txt HTTP/1.0", 404))).with(NeedLog),

		customSending("logging.local-time-format", "GET /a.txt", ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n", timeIsNow).with(NeedLog),
		customSending("logging.local-time-format", "a headerless 505", ModeDefault, sendHTTP20, timeIsNow).with(NeedLog),

		logged("logging.access-line", "GET /a.txt", ModeDefault, "GET /a.txt HTTP/1.0\r\n\r\n",
			accessLine("GET /a.txt HTTP/1.0", 200)),
		logged("logging.access-line", "HEAD /a.txt", ModeDefault, "HEAD /a.txt HTTP/1.0\r\n\r\n",
			accessLine("HEAD /a.txt HTTP/1.0", 200)),
		logged("logging.access-line", "GET /emptydir (301)", ModeDefault, "GET /emptydir HTTP/1.0\r\n\r\n",
			accessLine("GET /emptydir HTTP/1.0", 301)),
		logged("logging.access-line", "GET /listdir/", ModeDefault, "GET /listdir/ HTTP/1.0\r\n\r\n",
			accessLine("GET /listdir/ HTTP/1.0", 200)),
		logged("logging.access-line", "Expect: 100-continue: no line for the interim response", ModeHTTP11,
			"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
			accessLine("GET /a.txt HTTP/1.1", 200)),
		logged("logging.access-line", "an empty line (silent close): no line", ModeDefault, "\r\n"),
		logged("logging.access-line", "a connection closed before a byte: no line", ModeDefault, ""),

		logged("logging.request-line-raw", "a leading space", ModeDefault, " GET /a.txt HTTP/1.0\r\n\r\n",
			accessLine(" GET /a.txt HTTP/1.0", 200)),
		logged("logging.request-line-raw", "runs of spaces and trailing spaces", ModeDefault, "GET  /a.txt   HTTP/1.0  \r\n\r\n",
			accessLine("GET  /a.txt   HTTP/1.0  ", 200)),
		logged("logging.request-line-raw", "CR CR LF: every trailing CR stripped", ModeDefault, "GET /a.txt HTTP/1.0\r\r\n\r\n",
			accessLine("GET /a.txt HTTP/1.0", 200)),
		logged("logging.request-line-raw", "a bare LF", ModeDefault, "GET /a.txt HTTP/1.0\n\n",
			accessLine("GET /a.txt HTTP/1.0", 200)),

		customSending("logging.logged-when-status-sent", "GET /large.bin, body left unread, then reset", ModeDefault,
			"GET /large.bin HTTP/1.0\r\n\r\n", loggedBeforeBody).with(NeedLog),

		logged("logging.error-line-before-access", "a 404", ModeDefault, sendMissing,
			logMissing, accessLine("GET /missing.txt HTTP/1.0", 404)),
		logged("logging.error-line-before-access", "a headerless 505", ModeDefault, sendHTTP20,
			"code 505, message Invalid HTTP version (2.0)", accessLine("GET / HTTP/2.0", 505)),
		logged("logging.error-line-before-access", "a 501", ModeDefault, sendFOO,
			"code 501, message Unsupported method ('FOO')", accessLine("FOO / HTTP/1.0", 501)),
		logged("logging.error-line-before-access", "a 431", ModeDefault, "GET /a.txt HTTP/1.0\r\n"+tooManyHeaders,
			"code 431, message Too many headers", accessLine("GET /a.txt HTTP/1.0", 431)),
		logged("logging.error-line-before-access", "a 403 from the CGI server", ModeCGI, sendNoExecScript,
			"code 403, message CGI script is not executable ('/cgi-bin/noexec.py')",
			accessLine("GET /cgi-bin/noexec.py HTTP/1.0", 403)),

		customSending("logging.414-empty-request-line", "a 65537-byte request line", ModeDefault, tooLongRequestLine,
			func(c *Case, request string) {
				// The message is the 414 phrase, which 3.13 renamed (errors.phrase-414-*): the line must
				// repeat the reason phrase sent, and the access line's request line must be empty.
				res := c.Exchange(request)
				c.Expect(res).To(status(414))
				want := []string{"code 414, message " + res.Final().Reason, accessLine("", 414)}
				c.Expect(logMessages(c.Log())).To(gomega.Equal(want))
			}).with(NeedLog),

		logged("logging.http09-two-word-line", "GET /a.txt", ModeDefault, "GET /a.txt\r\n\r\n",
			accessLine("GET /a.txt", 200)),
		logged("logging.http09-two-word-line", "GET /a.txt, half-closed", ModeDefault, "GET /a.txt\r\n",
			accessLine("GET /a.txt", 200)),
		logged("logging.http09-two-word-line", "GET /emptydir: a redirect that sends no bytes", ModeDefault, "GET /emptydir\r\n\r\n",
			accessLine("GET /emptydir", 301)),

		logged("logging.double-slash-logged-as-sent", "GET //dir1", ModeDefault, "GET //dir1 HTTP/1.0\r\n\r\n",
			accessLine("GET //dir1 HTTP/1.0", 301)),
		logged("logging.double-slash-logged-as-sent", "GET //a.txt", ModeDefault, "GET //a.txt HTTP/1.0\r\n\r\n",
			accessLine("GET //a.txt HTTP/1.0", 200)),

		logged("logging.percent-literal", "GET /%s%d%%x", ModeDefault, "GET /%s%d%%x HTTP/1.0\r\n\r\n",
			logMissing, accessLine("GET /%s%d%%x HTTP/1.0", 404)),
		logged("logging.percent-literal", "method %s", ModeDefault, "%s / HTTP/1.0\r\n\r\n",
			"code 501, message Unsupported method ('%s')", accessLine("%s / HTTP/1.0", 501)),

		logged("logging.control-chars-escaped", "a TAB between method and path", ModeDefault, "GET\t/a.txt HTTP/1.0\r\n\r\n",
			accessLine(`GET\x09/a.txt HTTP/1.0`, 200)),
		logged("logging.control-chars-escaped", "ESC, DEL, 0x80 and 0x9F in the path", ModeDefault,
			"GET /\x1b[31m\x7f\x80\x9f HTTP/1.0\r\n\r\n",
			logMissing, accessLine(`GET /\x1b[31m\x7f\x80\x9f HTTP/1.0`, 404)),
		logged("logging.control-chars-escaped", "NEL (0x85) between the words", ModeDefault, "GET\x85/a.txt\x85HTTP/1.0\r\n\r\n",
			accessLine(`GET\x85/a.txt\x85HTTP/1.0`, 200)),

		logged("logging.backslash-doubled", "a backslash in the path", ModeDefault, "GET /x\\y HTTP/1.0\r\n\r\n",
			logMissing, accessLine(`GET /x\\y HTTP/1.0`, 404)),
		logged("logging.backslash-doubled", "version HTTP/ESC: the repr's backslash doubled", ModeDefault, "GET / HTTP/\x1b\r\n\r\n",
			`code 400, message Bad request version ('HTTP/\\x1b')`, accessLine(`GET / HTTP/\x1b`, 400)),

		logged("logging.control-chars-raw", "a TAB between method and path", ModeDefault, "GET\t/a.txt HTTP/1.0\r\n\r\n",
			accessLine("GET\t/a.txt HTTP/1.0", 200)),
		logged("logging.control-chars-raw", "ESC, DEL, 0x80 and 0x9F in the path", ModeDefault,
			"GET /\x1b[31m\x7f\x80\x9f HTTP/1.0\r\n\r\n",
			logMissing, accessLine("GET /\x1b[31m\x7f\xc2\x80\xc2\x9f HTTP/1.0", 404)),
		logged("logging.control-chars-raw", "version HTTP/ESC: one backslash", ModeDefault, "GET / HTTP/\x1b\r\n\r\n",
			`code 400, message Bad request version ('HTTP/\x1b')`, accessLine("GET / HTTP/\x1b", 400)),

		logged("logging.latin1-not-escaped", "é and ÿ in the path", ModeDefault, "GET /\xe9\xff HTTP/1.0\r\n\r\n",
			logMissing, accessLine("GET /\xc3\xa9\xc3\xbf HTTP/1.0", 404)),
		logged("logging.latin1-not-escaped", "NBSP (0xA0) between the words", ModeDefault, "GET\xa0/a.txt HTTP/1.0\r\n\r\n",
			accessLine("GET\xc2\xa0/a.txt HTTP/1.0", 200)),
		logged("logging.latin1-not-escaped", "method é: in the error line too", ModeDefault, "\xe9 / HTTP/1.0\r\n\r\n",
			"code 501, message Unsupported method ('\xc3\xa9')", accessLine("\xc3\xa9 / HTTP/1.0", 501)),

		customSending("logging.crash-banner-happened", "GET /%00", ModeDefault, "GET /%00 HTTP/1.0\r\n\r\n",
			crashBanner("Exception happened during processing of request from")).with(NeedLog),
		customSending("logging.crash-banner-occurred", "GET /%00", ModeDefault, "GET /%00 HTTP/1.0\r\n\r\n",
			crashBanner("Exception occurred during processing of request from")).with(NeedLog),

		customSending("logging.stderr-block-buffered", "without PYTHONUNBUFFERED: the line waits for the exit", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n", stderrBuffered(true)).with(NeedLauncher),
		customSending("logging.stderr-line-buffered", "without PYTHONUNBUFFERED: the line comes at once", ModeDefault,
			"GET /a.txt HTTP/1.0\r\n\r\n", stderrBuffered(false)).with(NeedLauncher),
	}
})

// linesAre checks each whole line the request caused: "<ip> - - [<time>] <message>".
func linesAre(messages ...string) func(c *Case, request string) {
	return func(c *Case, request string) {
		c.Exchange(request)
		lines := c.Log()
		c.Expect(lines).To(gomega.HaveLen(len(messages)), "one line per message: %q", messages)
		for i, line := range lines {
			c.Expect(line).To(gomega.MatchRegexp(`^[0-9a-f.:]+ - - \[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\] ` + regexp.QuoteMeta(messages[i]) + `$`))
		}
	}
}

// prefixIsClientAndNow checks that each of the n lines the request caused starts with the client's
// address and a time between the request and the reply.
func prefixIsClientAndNow(n int) func(c *Case, request string) {
	return func(c *Case, request string) {
		host, start := sendFrom(c, request)
		end := time.Now()
		lines := c.Log()
		c.Expect(lines).To(gomega.HaveLen(n))
		for _, s := range lines {
			l, ok := parseLogLine(s)
			c.Expect(ok).To(gomega.BeTrue(), "%q is not in log_message's format", s)
			c.Expect(sameHost(l.Host, host)).To(gomega.BeTrue(), "logged host %q; the client is %s", l.Host, host)
			c.Expect(logTimeWithin(l.Time, start, end)).To(gomega.BeTrue(),
				"logged time %q is not between %s and %s (UTC)", l.Time, start.UTC().Format(logTimeLayout), end.UTC().Format(logTimeLayout))
		}
	}
}

// hostIsClientIP checks that the host logged is the client's own address, not a name.
func hostIsClientIP(c *Case, request string) {
	host, _ := sendFrom(c, request)
	lines := c.Log()
	c.Expect(lines).NotTo(gomega.BeEmpty())
	l, ok := parseLogLine(lines[0])
	c.Expect(ok).To(gomega.BeTrue(), "%q is not in log_message's format", lines[0])
	c.Expect(net.ParseIP(l.Host)).NotTo(gomega.BeNil(), "logged host %q is not an IP address", l.Host)
	c.Expect(sameHost(l.Host, host)).To(gomega.BeTrue(), "logged host %q; the client is %s", l.Host, host)
}

// timeIsNow checks the time of the request's first line: log_date_time_string() of the moment the
// line was written.
func timeIsNow(c *Case, request string) {
	start := time.Now()
	c.Exchange(request)
	end := time.Now()
	lines := c.Log()
	c.Expect(lines).NotTo(gomega.BeEmpty())
	l, ok := parseLogLine(lines[0])
	c.Expect(ok).To(gomega.BeTrue(), "%q is not in log_message's format", lines[0])
	c.Expect(logTimeWithin(l.Time, start, end)).To(gomega.BeTrue(),
		"logged time %q is not between %s and %s (UTC)", l.Time, start.UTC().Format(logTimeLayout), end.UTC().Format(logTimeLayout))
}

// sendFrom sends request on a connection of its own, reads the reply to the end, and returns the
// connection's local IP address and when the request was sent.
func sendFrom(c *Case, request string) (string, time.Time) {
	conn := c.Dial()
	host, _, err := net.SplitHostPort(conn.LocalAddr())
	c.Expect(err).NotTo(gomega.HaveOccurred())
	start := time.Now()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	_, err = conn.ReadUntilClose()
	c.Expect(err).NotTo(gomega.HaveOccurred(), "reading the reply")
	return host, start
}

// sameHost: a dual-stack server sees an IPv4 client as ::ffff:a.b.c.d (research §6.1).
func sameHost(logged, client string) bool {
	return logged == client || logged == "::ffff:"+client
}

// accessLineOnStderrOnly starts an instance of the target, sends request, and checks that its access
// line appears on stderr and never on stdout (both unbuffered, as httpspec starts every target).
func accessLineOnStderrOnly(c *Case, request string) {
	p, addr := launchServer(c, nil)
	ctx, cancel := context.WithTimeout(c.Ctx, c.Config.Timeout)
	defer cancel()
	_, err := wire.Exchange(c.Ctx, addr, []byte(request), c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred())
	want := accessLine(strings.TrimSuffix(request, "\r\n\r\n"), 200)
	c.Expect(p.WaitOutput(ctx, want)).To(gomega.Succeed(), "the access line; stdout %q, stderr %q", p.Stdout(), p.Stderr())
	c.Expect(p.Stderr()).To(gomega.ContainSubstring(want), "stderr")
	c.Expect(p.Stdout()).NotTo(gomega.ContainSubstring(want), "stdout")
}

// stderrBuffered starts an instance of the target with PYTHONUNBUFFERED emptied (Python takes an
// empty value as unset), sends request, and looks for its access line on stderr: at once when
// stderr is line-buffered (3.9+, bpo-13601); when it is block-buffered (3.6–3.8), not while the
// server runs, and only when Ctrl-C makes it exit and flush.
func stderrBuffered(block bool) func(c *Case, request string) {
	return func(c *Case, request string) {
		p, addr := launchServer(c, []string{"PYTHONUNBUFFERED="})
		_, err := wire.Exchange(c.Ctx, addr, []byte(request), c.Options())
		c.Expect(err).NotTo(gomega.HaveOccurred())
		want := accessLine(strings.TrimSuffix(request, "\r\n\r\n"), 200)
		if !block {
			ctx, cancel := context.WithTimeout(c.Ctx, c.Config.Timeout)
			defer cancel()
			c.Expect(p.WaitOutput(ctx, want)).To(gomega.Succeed(), "the access line, unflushed; stderr %q", p.Stderr())
			return
		}
		quiet, cancel := context.WithTimeout(c.Ctx, c.Config.Quiet)
		defer cancel()
		c.Expect(p.WaitOutput(quiet, want)).NotTo(gomega.Succeed(), "the access line reached stderr while the server ran")
		c.Expect(p.Interrupt()).To(gomega.Succeed())
		ctx, cancel2 := context.WithTimeout(c.Ctx, c.Config.Timeout)
		defer cancel2()
		_, err = p.Wait(ctx)
		c.Expect(err).NotTo(gomega.HaveOccurred(), "the server did not exit on Ctrl-C")
		c.Expect(p.Stderr()).To(gomega.ContainSubstring(want), "stderr after the exit")
	}
}

// launchServer starts an instance of the target on a free port of 127.0.0.1 with env added to its
// environment, and returns once it accepts connections. The instance is killed when the spec ends.
func launchServer(c *Case, env []string) (Process, string) {
	port, err := c.Config.Launcher.FreePort()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	p, err := c.Config.Launcher.Launch(c.Ctx, []string{strconv.Itoa(port), "--bind", "127.0.0.1"}, env)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	ginkgo.DeferCleanup(p.Kill)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	c.Expect(waitAccepting(c.Ctx, addr, c.Config.Timeout, nil)).To(gomega.Succeed(),
		"the server never accepted connections; stdout %q, stderr %q", p.Stdout(), p.Stderr())
	return p, addr
}

// loggedBeforeBody asks for large.bin, reads only the head and the start of the body, and waits for
// the access line while the rest is still unread: log_request runs in send_response, before the
// body. Then it drops the connection with the body unread, so the transfer fails on the server's side.
func loggedBeforeBody(c *Case, request string) {
	from := c.Target.Log.Len()
	opts := c.Options()
	opts.MaxBodyBytes = 64 << 10
	conn, err := wire.Dial(c.Ctx, c.Target.Addr, opts)
	c.Expect(err).NotTo(gomega.HaveOccurred())
	defer conn.Close()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	r, _ := conn.ReadResponse("GET")
	c.Expect(r).NotTo(gomega.BeNil(), "no reply")
	c.Expect(r.StatusLine).To(gomega.Equal("HTTP/1.0 200 OK"))
	ctx, cancel := context.WithTimeout(c.Ctx, c.Config.Timeout)
	defer cancel()
	want := accessLine("GET /large.bin HTTP/1.0", 200)
	_, err = c.Target.Log.Wait(ctx, from, want)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "no access line while the body was still unread: want %q", want)
	conn.Close()
	c.Expect(logMessages(c.Log())).To(gomega.ContainElement(want))
}

// crashBanner sends a request that crashes the handler (research §4.10) and checks socketserver's
// handle_error block: a line of 40 dashes, the banner naming the client's address and port, the
// traceback, and another line of dashes.
func crashBanner(banner string) func(c *Case, request string) {
	return func(c *Case, request string) {
		conn := c.Dial()
		host, port, err := net.SplitHostPort(conn.LocalAddr())
		c.Expect(err).NotTo(gomega.HaveOccurred())
		c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
		got, err := conn.ReadUntilClose()
		c.Expect(err).NotTo(gomega.HaveOccurred())
		c.Expect(got.Bytes).To(gomega.BeEmpty(), "a crash sends no bytes")
		lines := c.Log()
		dashes := strings.Repeat("-", 40)
		want := banner + " ('" + host + "', " + port + ")"
		at := indexOf(lines, want)
		if at < 0 {
			want = banner + " ('::ffff:" + host + "', " + port + ", 0, 0)"
			at = indexOf(lines, want)
		}
		c.Expect(at).To(gomega.BeNumerically(">", 0), "no line %q after a line of dashes", want)
		c.Expect(lines[at-1]).To(gomega.Equal(dashes))
		c.Expect(lines[at+1:]).NotTo(gomega.BeEmpty())
		c.Expect(lines[at+1]).To(gomega.Equal("Traceback (most recent call last):"))
		c.Expect(lines[at+2:]).To(gomega.ContainElement(dashes), "the block ends with a line of dashes")
	}
}

func indexOf(lines []string, line string) int {
	for i, s := range lines {
		if s == line {
			return i
		}
	}
	return -1
}
