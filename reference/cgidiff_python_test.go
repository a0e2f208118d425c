package reference

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/httpspec/httpspec/internal/cpython"
)

// cgiPython is the CPython the CGI differential test compares against.
type cgiPython struct{ interp cpython.Interpreter }

// cgiDiffPython finds a CPython 3.13 that runs, or skips the test saying why.
func cgiDiffPython(t *testing.T) *cgiPython {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	interp, err := cpython.Find(ctx, "3.13")
	if err != nil {
		t.Skipf("the CGI differential test compares with CPython 3.13: %v", err)
	}
	t.Logf("comparing with %s", interp)
	return &cgiPython{interp: interp}
}

// command starts CPython's --cgi server on a port of the system's choosing, always through the
// launcher's privilege drop: to uid 65534 for the unprivileged mode, and to root itself otherwise.
//
// Dropping from root to root changes no credential; it makes the launcher import, while it can, every
// module server.py may need later. That matters as root: a script's child process runs as nobody, and
// when its execve fails it calls the server's handle_error, which imports traceback only then. With an
// interpreter installed where nobody cannot read (pyenv under a 0700 home) that import fails in the
// child, the ModuleNotFoundError escapes before os._exit(127), the child shuts the socket down on its
// way out and exits 0: the log shows two broken banners and no "CGI script exit code 127", and an
// HTTP/1.1 connection closes. With a readable installation, or this warm-up, CPython prints the banner
// and the traceback, exits 127 and keeps the connection open, which is what the reference does.
func (p *cgiPython) command(dir, protocol string, mode cgiDiffMode) *exec.Cmd {
	m := cpython.Mode{Protocol: protocol, CGI: true}
	switch {
	case mode.unprivileged:
		m.DropTo = &cpython.Nobody
	case os.Geteuid() == 0:
		m.DropTo = &cpython.Credential{UID: 0, GID: 0}
	}
	argv, env, err := p.interp.ServerCommand(0, "127.0.0.1", dir, m)
	if err != nil {
		panic(err) // only for arguments this test never gives
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = withVariables(cgiDiffServerEnv(), env)
	return cmd
}

// referenceCredential is whom the reference runs as: uid and gid 65534, or root, with no supplementary
// groups either way, as the launcher leaves CPython; nil when the test is not root.
func referenceCredential(mode cgiDiffMode) *syscall.SysProcAttr {
	switch {
	case mode.unprivileged:
		return &syscall.SysProcAttr{Credential: &syscall.Credential{
			Uid: uint32(cpython.Nobody.UID), Gid: uint32(cpython.Nobody.GID), Groups: []uint32{}}}
	case os.Geteuid() == 0:
		return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 0, Gid: 0, Groups: []uint32{}}}
	}
	return nil
}

// withVariables adds to env the variables it does not set yet.
func withVariables(env, more []string) []string {
	for _, kv := range more {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.ContainsFunc(env, func(e string) bool { return strings.HasPrefix(e, name+"=") }) {
			env = append(env, kv)
		}
	}
	return env
}
