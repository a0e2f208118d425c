package suite

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// Checks and helpers for the CGI area (research §5): the bytes CGIHTTPRequestHandler.run_cgi writes
// around a script's output, and the environment dump the fixtures' cgi-bin/env.py prints.

// scriptHead is what run_cgi sends before the script runs: send_response(200, "Script output
// follows") with Server and Date, flushed with no blank line (research §5.3 step 1).
const scriptHead = "HTTP/1.0 200 Script output follows\r\nServer: <SERVER>\r\nDate: <DATE>\r\n"

// receivedExactly: every byte that came back, framed or not, equals want, where "<DATE>" stands for
// an RFC 1123 date in the Date header and "<SERVER>" for any Server value. CGI replies need it rather
// than exactly: a reply to HEAD carries the script's body, which a client frames as a stray reply.
func receivedExactly(want string) Check {
	return Check{"exactly " + quoteLimit([]byte(want), 400), func(r *wire.Result) (bool, string) {
		got := dateValueRE.ReplaceAll(r.Received(), []byte("Date: <DATE>\r"))
		got = serverValueRE.ReplaceAll(got, []byte("Server: <SERVER>\r"))
		return string(got) == want, quoteLimit(got, 400) + firstDifference(string(got), want)
	}}
}

// scriptReply: the reply is the server's unterminated head, then the script's output verbatim.
func scriptReply(output string) Check { return receivedExactly(scriptHead + output) }

// textOutput is what a fixture script that prints a text/plain header block and then text writes.
func textOutput(text string) string { return "Content-Type: text/plain\r\n\r\n" + text }

// shellOK is cgi-bin/exec.sh's output for a query (research Appendix A).
func shellOK(query string) string { return textOutput("shell ok " + query + "\n") }

// cgiRefusal: run_cgi refused the script with send_error: a status line whose reason is the message,
// Connection: close, an error page saying it, then close (research §5.2). The page's template is
// another area's concern.
func cgiRefusal(code int, msg string) []Check {
	return []Check{
		statusLine(fmt.Sprintf("HTTP/1.0 %d %s", code, msg)), header("Connection", "close"),
		errorPageSays(latin1ToUTF8(escapeText(msg))), closed(),
	}
}

// envDump is what cgi-bin/env.py printed (fixtures.CGIVariables): each variable set or unset, the
// arguments after argv[0], and the working directory.
type envDump struct {
	vars  map[string]string
	unset map[string]bool
	args  []string
	argc  int
	cwd   string
	// found is false when the reply holds no dump at all.
	found bool
}

// parseEnvDump reads the dump from every byte received: it starts after the first blank line, the
// one ending the script's own header block (the server's block has none).
func parseEnvDump(received []byte) envDump {
	d := envDump{vars: map[string]string{}, unset: map[string]bool{}, argc: -1}
	_, dump, ok := bytes.Cut(received, []byte("\r\n\r\n"))
	if !ok {
		return d
	}
	known := map[string]bool{}
	for _, name := range fixtures.CGIVariables() {
		known[name] = true
	}
	for _, line := range strings.Split(string(dump), "\n") {
		name, value, isSet := strings.Cut(line, "=")
		switch {
		case name == "argc":
			d.argc, _ = strconv.Atoi(value)
			d.found = true
		case strings.HasPrefix(name, "argv[") && name != "argv[0]":
			d.args = append(d.args, value)
		case name == "cwd":
			d.cwd = value
		case isSet && known[name]:
			d.vars[name] = value
			d.found = true
		case strings.HasSuffix(line, " unset") && known[strings.TrimSuffix(line, " unset")]:
			d.unset[strings.TrimSuffix(line, " unset")] = true
			d.found = true
		}
	}
	return d
}

// show says what the dump holds for name, for failure messages.
func (d envDump) show(name string) string {
	switch {
	case !d.found:
		return "no environment dump in the reply"
	case d.unset[name]:
		return name + " unset"
	}
	if v, ok := d.vars[name]; ok {
		return quote(name + "=" + v)
	}
	return "nothing about " + name + " in the dump"
}

func dumpOf(r *wire.Result) envDump { return parseEnvDump(r.Received()) }

// envIs: the script saw name set to value.
func envIs(name, value string) Check {
	return Check{"the script's environment has " + quote(name+"="+value), func(r *wire.Result) (bool, string) {
		d := dumpOf(r)
		v, ok := d.vars[name]
		return ok && v == value, d.show(name)
	}}
}

// envOneOf: the script saw name set to one of values.
func envOneOf(name string, values []string) Check {
	return Check{"the script's environment has " + name + " set to one of " + quote(strings.Join(values, " | ")),
		func(r *wire.Result) (bool, string) {
			d := dumpOf(r)
			v, ok := d.vars[name]
			for _, want := range values {
				if ok && v == want {
					return true, d.show(name)
				}
			}
			return false, d.show(name)
		}}
}

// envUnset: the script's environment has no variable called name.
func envUnset(name string) Check {
	return Check{"the script's environment has no " + name, func(r *wire.Result) (bool, string) {
		d := dumpOf(r)
		return d.unset[name], d.show(name)
	}}
}

// envIsNot: the script ran, and its variable name is unset or set to anything but value (for request
// headers that must not reach the environment, whatever the server's own environment holds).
func envIsNot(name, value string) Check {
	return Check{"the script's environment has no " + quote(name+"="+value), func(r *wire.Result) (bool, string) {
		d := dumpOf(r)
		v, ok := d.vars[name]
		return d.found && (d.unset[name] || ok && v != value), d.show(name)
	}}
}

// envIsHeader: the script saw name set to the value of the response's header (SERVER_SOFTWARE and
// Server come from the same version_string()).
func envIsHeader(name, headerName string) Check {
	return Check{"the script's " + name + " equal to the reply's " + headerName + " header", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		h, _ := f.Lookup(headerName)
		d := dumpOf(r)
		v, ok := d.vars[name]
		return ok && h != "" && v == h, d.show(name) + ", " + quote(headerName+": "+h)
	}}
}

// argsAre: the script's arguments after argv[0] are exactly args.
func argsAre(args ...string) Check {
	want := fmt.Sprintf("%d argument(s) after argv[0]: %q", len(args), args)
	return Check{want, func(r *wire.Result) (bool, string) {
		d := dumpOf(r)
		if !d.found {
			return false, "no environment dump in the reply"
		}
		got := fmt.Sprintf("%d argument(s) after argv[0]: %q", d.argc, d.args)
		return d.argc == len(args) && got == want, got
	}}
}

// dumpFrom sends request to addr and returns the reply and the dump it holds, failing the case when
// the reply holds none.
func dumpFrom(c *Case, addr, request string) (*wire.Result, envDump) {
	ginkgo.GinkgoHelper()
	res, err := wire.Exchange(c.Ctx, addr, []byte(request), c.Options())
	c.Expect(err).NotTo(gomega.HaveOccurred(), "exchange with %s", addr)
	d := dumpOf(res)
	c.Expect(d.found).To(gomega.BeTrue(), "the reply holds no environment dump: %s", quoteLimit(res.Received(), 300))
	return res, d
}

// portOf is the port of a host:port address.
func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// docRootSpellings are the ways a server may name the document root: as the runner gave it, or
// with its symlinks resolved (os.getcwd() returns the resolved path).
func docRootSpellings(c *Case) []string {
	ginkgo.GinkgoHelper()
	if c.Config.Fixtures == nil {
		ginkgo.Skip("the suite was not told where the document root is")
	}
	root := filepath.Clean(c.Config.Fixtures.DocRoot)
	out := []string{root}
	if resolved, err := filepath.EvalSymlinks(root); err == nil && resolved != root {
		out = append(out, resolved)
	}
	return out
}

// withSuffix appends suffix to each of paths.
func withSuffix(paths []string, suffix string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p + suffix
	}
	return out
}

// fqdnCandidates are the names socket.getfqdn(host) may return: for a wildcard address it looks up
// the host name; it takes the first dotted name among the canonical name and aliases of
// gethostbyaddr, else the canonical name, else the name it was given (Lib/socket.py). The host's
// resolver and Go's may order names differently, so every name the lookup gives is accepted.
func fqdnCandidates(host string) []string {
	if host == "" || host == "0.0.0.0" || host == "::" {
		name, err := os.Hostname()
		if err != nil {
			return []string{host}
		}
		out := []string{name}
		addrs, _ := net.LookupHost(name)
		for _, a := range addrs {
			out = append(out, lookupNames(a)...)
		}
		return out
	}
	return append(lookupNames(host), host)
}

// lookupNames are the names an address resolves to, without Go's trailing dots.
func lookupNames(addr string) []string {
	names, _ := net.LookupAddr(addr)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, ".")
	}
	return out
}

// cgiLaunch says how to start a second instance of the target in CGI mode, for a spec that needs a
// server configured otherwise than the run's own (bound elsewhere, another environment).
type cgiLaunch struct {
	bind string
	env  []string // added to the server's environment
	args []string // http.server arguments beyond port, --bind and --cgi
	// needs are the catalogue ids of the command-line behaviors the bind address and arguments rely
	// on (cli.protocol-option, cli.bind-ipv6): the spec is skipped where the profile lacks them.
	needs []string
}

// launchCGI starts the target with --cgi as l says, and returns the address to reach it at: the
// loopback address of the bind's family. The process is killed when the spec ends.
func launchCGI(c *Case, l cgiLaunch) string {
	ginkgo.GinkgoHelper()
	for _, id := range l.needs {
		skipUnlessCLI(c, id)
	}
	port, err := c.Config.Launcher.FreePort()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	args := append([]string{strconv.Itoa(port), "--bind", l.bind, "--cgi"}, l.args...)
	p, err := c.Config.Launcher.Launch(c.Ctx, args, l.env)
	c.Expect(err).NotTo(gomega.HaveOccurred(), "start the target with %q", args)
	ginkgo.DeferCleanup(p.Kill)
	ctx, cancel := context.WithTimeout(c.Ctx, 10*time.Second)
	defer cancel()
	c.Expect(p.WaitOutput(ctx, "Serving HTTP")).To(gomega.Succeed(),
		"the server started with %q never said it was serving%s; stdout %q, stderr %q",
		args, cliRequirements(l.needs), p.Stdout(), p.Stderr())
	host := "127.0.0.1"
	if strings.Contains(l.bind, ":") {
		host = "::1"
	}
	c.Note("started the target with %q and environment %q", args, l.env)
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// cliRequirements names the command-line behaviors a launch relies on and the versions that have
// them, so a launch that fails under a forced profile says which version change it met.
func cliRequirements(ids []string) string {
	var parts []string
	for _, id := range ids {
		if b, ok := catalog.Lookup(id); ok {
			parts = append(parts, fmt.Sprintf("%s, %s: %s", id, b.VersionNote(), b.Summary))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (it relies on " + strings.Join(parts, "; ") + ")"
}

// skipUnlessCLI skips a spec whose launched server needs a command-line behavior the profile's CLI
// lacks.
func skipUnlessCLI(c *Case, cli string) {
	b, ok := catalog.Lookup(cli)
	if ok && !b.AppliesTo(c.Config.Profile) {
		ginkgo.Skip(fmt.Sprintf("this starts a server relying on %s (%s), which CPython %s lacks", cli, b.Versions, c.Config.Profile))
	}
}

// idPattern is cgi-bin/id.sh's output after its header block.
var idPattern = regexp.MustCompile(`\r\n\r\nuid=(\d+)\ngid=(\d+)\n$`)

// scriptIDs runs cgi-bin/id.sh and returns the uid and gid it ran with.
func scriptIDs(c *Case) (uid, gid int) {
	ginkgo.GinkgoHelper()
	res := c.Exchange(sendGET("/cgi-bin/id.sh"))
	m := idPattern.FindSubmatch(res.Received())
	c.Expect(m).NotTo(gomega.BeNil(), "id.sh's output: %s", quoteLimit(res.Received(), 300))
	uid, _ = strconv.Atoi(string(m[1]))
	gid, _ = strconv.Atoi(string(m[2]))
	c.Note("the script ran as uid %d, gid %d", uid, gid)
	return uid, gid
}
