package cpython

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/httpspec/httpspec/suite/catalog"
)

// launcherSource runs server.py as __main__ for the modes the CLI cannot express (see the package doc).
//
//go:embed launcher.py
var launcherSource string

// Credential is a uid and gid to become.
type Credential struct {
	UID, GID int
}

// Nobody is the unprivileged account Linux distributions name nobody (and nogroup): 65534:65534.
var Nobody = Credential{UID: 65534, GID: 65534}

// Mode is one way of starting the server.
type Mode struct {
	// Protocol is the protocol_version to answer with, as --protocol gives it on 3.11+; "" is the
	// default, HTTP/1.0.
	Protocol string
	// CGI starts CGIHTTPRequestHandler (--cgi).
	CGI bool
	// DropTo, when set, makes the server give up root for this uid and gid before it binds its socket.
	DropTo *Credential
}

var (
	v3_7  = catalog.Version{Major: 3, Minor: 7}
	v3_8  = catalog.Version{Major: 3, Minor: 8}
	v3_11 = catalog.Version{Major: 3, Minor: 11}
	// v3_15 removed CGIHTTPRequestHandler and --cgi (gh-133810).
	v3_15 = catalog.Version{Major: 3, Minor: 15}
)

// HasProtocolFlag reports whether the CLI has -p/--protocol (3.11+).
func (i Interpreter) HasProtocolFlag() bool { return i.Version.Compare(v3_11) >= 0 }

// HasDirectoryFlag reports whether the CLI has -d/--directory (3.7+).
func (i Interpreter) HasDirectoryFlag() bool { return i.Version.Compare(v3_7) >= 0 }

// HasIPv6Bind reports whether the CLI picks the address family with getaddrinfo, so that --bind
// accepts an IPv6 address, and serves dual-stack on "::" (3.8+; 3.6/3.7 are AF_INET only).
func (i Interpreter) HasIPv6Bind() bool { return i.Version.Compare(v3_8) >= 0 }

// NeedsLauncher reports whether ServerCommand runs server.py through the launcher for mode m.
func (i Interpreter) NeedsLauncher(m Mode) bool {
	return m.DropTo != nil || i.protocolNeedsLauncher(m)
}

func (i Interpreter) protocolNeedsLauncher(m Mode) bool {
	return m.Protocol != "" && m.Protocol != "HTTP/1.0" && !i.HasProtocolFlag()
}

// ServerCommand returns the command that starts `python -m http.server` on port, bound to bind ("" is
// the CLI's default, all interfaces), serving dir, in mode m; and the variables to add to the
// environment (PYTHONUNBUFFERED=1 so output arrives as it is written, TZ=UTC for stable log times).
// The caller must run it with its working directory set to dir (see the package doc).
func (i Interpreter) ServerCommand(port int, bind, dir string, m Mode) (argv, env []string, err error) {
	if err := i.checkMode(port, m); err != nil {
		return nil, nil, err
	}
	args, err := i.serverArgs(port, bind, dir, m)
	if err != nil {
		return nil, nil, err
	}
	env = []string{"PYTHONUNBUFFERED=1", "TZ=UTC"}
	if !i.NeedsLauncher(m) {
		return append([]string{i.Path, "-m", "http.server"}, args...), env, nil
	}
	argv = []string{i.Path, "-c", launcherSource}
	if i.protocolNeedsLauncher(m) {
		argv = append(argv, "--protocol", m.Protocol)
	}
	if m.DropTo != nil {
		argv = append(argv, "--drop-to", fmt.Sprintf("%d:%d", m.DropTo.UID, m.DropTo.GID))
	}
	return append(append(argv, "--"), args...), env, nil
}

func (i Interpreter) checkMode(port int, m Mode) error {
	switch {
	case i.Path == "":
		return fmt.Errorf("interpreter has no path")
	case i.Version.Compare(catalog.Oldest) < 0:
		return fmt.Errorf("CPython %s: http.server commands are built for %s and later", i.Version, catalog.Oldest)
	case port < 0 || port > 65535:
		return fmt.Errorf("port %d out of range", port)
	case m.CGI && i.Version.Compare(v3_15) >= 0:
		return fmt.Errorf("CPython %s has no --cgi (removed in 3.15, gh-133810)", i.Version)
	case strings.ContainsRune(m.Protocol, 0):
		return fmt.Errorf("protocol %q contains NUL", m.Protocol)
	case m.DropTo != nil && (m.DropTo.UID < 0 || m.DropTo.GID < 0):
		return fmt.Errorf("cannot drop to uid %d gid %d", m.DropTo.UID, m.DropTo.GID)
	}
	return nil
}

// serverArgs are server.py's own arguments, limited to the flags this version's argparse knows.
func (i Interpreter) serverArgs(port int, bind, dir string, m Mode) ([]string, error) {
	args := []string{strconv.Itoa(port)}
	if bind != "" {
		args = append(args, "--bind", bind)
	}
	if dir != "" && i.HasDirectoryFlag() {
		abs, err := filepath.Abs(dir) // relative, it would be resolved again from the cwd, which is dir
		if err != nil {
			return nil, err
		}
		args = append(args, "--directory", abs)
	}
	if m.CGI {
		args = append(args, "--cgi")
	}
	if m.Protocol != "" && i.HasProtocolFlag() {
		args = append(args, "--protocol", m.Protocol)
	}
	return args, nil
}
