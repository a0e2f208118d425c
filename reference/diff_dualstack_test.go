package reference_test

import (
	"net"
	"os/exec"
	"testing"

	"github.com/httpspec/httpspec/internal/cpython"
	"github.com/httpspec/httpspec/reference"
)

// TestDiffCPythonDualStack binds both servers to "::" as `--bind ::` does (3.8+: DualStackServer
// clears IPV6_V6ONLY) and reaches them over IPv4 and over IPv6: the log names the client
// ::ffff:127.0.0.1 or ::1, and a traceback's banner shows the socket's 4-tuple address (research
// §1.5, §6.1, §7.2).
func TestDiffCPythonDualStack(t *testing.T) {
	t.Parallel()
	py := findCPython(t)
	if ln, err := net.Listen("tcp6", "[::1]:0"); err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	} else {
		ln.Close()
	}
	layout := materializeTree(t)
	for _, via := range []struct{ name, host string }{{"ipv4", "127.0.0.1"}, {"ipv6", "::1"}} {
		t.Run(via.name, func(t *testing.T) {
			t.Parallel()
			runDiff(t, diffRun{
				layout:    layout,
				cases:     inGroup("dual-stack-"+via.name, dualStackCases()),
				pyVersion: py.Version.String(),
				cpython: func(protocol string) *exec.Cmd {
					return cpythonServer(t, py, layout.DocRoot, "::", cpython.Mode{Protocol: protocol}, true)
				},
				reference: reference.Config{Faults: parseFaults(t)},
				bind:      "::",
				dialHost:  via.host,
			})
		})
	}
}

// dualStackCases are requests whose log lines or traceback banner show the client's address.
func dualStackCases() []diffCase {
	return []diffCase{
		rq("file", get10("/a.txt")),
		rq("missing", get10("/missing.txt")),
		rq("listing", get10("/list2/")),
		rq("redirect", get10("/dir1")),
		rq("0.9", "GET /a.txt\r\n\r\n"),
		rq("bad-version", req("GET /a.txt HTTP/x")),
		rq("414", padTo(70000, "")+"\r\n").rst(),
		rq("crash", get10("/%00")),
		rq("keep-alive", get11("/a.txt")+get11("/empty.txt")),
		rq("log-escapes", req("GET /\x1b[0m\\ HTTP/1.0")),
	}
}
