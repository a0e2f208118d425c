// Package suite is httpspec's conformance suite: Ginkgo specs that judge, over raw sockets, whether a
// server behaves as CPython's http.server documents. Each spec names the catalogue behavior it checks
// (suite/catalog); the target reaches the suite as a Config value built by the runner or by the caller.
//
// Run it inside your own tests with Test(t, cfg), embed it in your own Ginkgo suite with Register(cfg),
// or use `httpspec run`, which starts the target, builds the Config and writes reports.
package suite

import (
	"context"
	"os"
	"time"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/suite/catalog"
)

// Mode is one way of starting the target; each mode is a separate server process.
type Mode string

const (
	// ModeDefault is `python -m http.server`: SimpleHTTPRequestHandler, protocol_version HTTP/1.0.
	ModeDefault Mode = "default"
	// ModeHTTP11 is `--protocol HTTP/1.1` (protocol_version set on older releases).
	ModeHTTP11 Mode = "http11"
	// ModeCGI is `--cgi`: CGIHTTPRequestHandler.
	ModeCGI Mode = "cgi"
	// ModeUnprivileged is the default mode started as an unprivileged user, for permission behaviors
	// (root can read a mode-000 file). When the runner is not root, it is the default mode itself.
	ModeUnprivileged Mode = "unprivileged"
)

// Modes lists every mode in the order the runner starts them.
var Modes = []Mode{ModeDefault, ModeHTTP11, ModeCGI, ModeUnprivileged}

// Config is everything the suite needs to know about a run.
type Config struct {
	// TargetIsCPython says the target identifies itself as CPython (Server: ... Python/X.Y.Z), so
	// artifacts of the Python runtime are expected of it too.
	TargetIsCPython bool
	// Profile is the CPython release whose behavior is expected. Behaviors outside its range are
	// skipped with the reason shown.
	Profile catalog.Version
	// Level is the least binding level required; Informational (the default) requires everything,
	// Documented only what the module documentation states.
	Level catalog.Level
	// Targets holds one started target per mode.
	Targets map[Mode]*Target
	// Unavailable says, per mode, why the target could not be started in it.
	Unavailable map[Mode]string
	// Fixtures is where the document root was materialised, and what it could not hold.
	Fixtures *fixtures.Layout
	// Timeout bounds every socket operation and every wait for a log line (default 3s).
	Timeout time.Duration
	// Quiet is how long a target must stay silent for "no answer" to be the verdict (default 300ms).
	Quiet time.Duration
	// Launcher starts extra instances of the target for command-line specs; nil skips them.
	Launcher Launcher
	// Python3 says whether a python3 interpreter is on the PATH of CGI scripts (the Python CGI
	// fixture needs one); empty means it is, otherwise it says why not.
	Python3Missing string
}

// Target is one running server.
type Target struct {
	Mode Mode
	// Addr is host:port of the listening socket.
	Addr string
	// Log is the target's stderr; nil when it is not captured (a server someone else started).
	Log LogSource
	// Root reports whether the server runs as root (CGI scripts then run as nobody).
	Root bool
	// Alive, when set, makes sure the process is running before each spec, restarting a crashed
	// target; it returns a note for the report when it had to restart.
	Alive func(ctx context.Context) (restarted string, err error)

	// suspect names the last spec that did not end in a pass; the next spec first checks that the
	// target still answers. hung, once set, fails the target's remaining specs without waiting.
	suspect, hung string
}

// LogSource is a target's captured stderr, line by line, without line ends.
type LogSource interface {
	// Len is how many lines have been captured so far.
	Len() int
	// Lines returns the captured lines from index from on.
	Lines(from int) []string
	// Wait blocks until a line at index from or later contains substr, and returns its index.
	Wait(ctx context.Context, from int, substr string) (int, error)
}

// Launcher starts the target's command line with the arguments a command-line spec chooses, in the
// way `python -m http.server ARGS` is started.
type Launcher interface {
	// Launch starts the target's program with args, adding env to its environment (LC_ALL=C, say).
	Launch(ctx context.Context, args []string, env []string) (Process, error)
	// FreePort returns a port nothing listens on, for specs that must name one.
	FreePort() (int, error)
}

// Process is an instance started by a Launcher.
type Process interface {
	// Stdout and Stderr return what the process has written so far.
	Stdout() string
	Stderr() string
	// WaitOutput blocks until stdout or stderr contains substr.
	WaitOutput(ctx context.Context, substr string) error
	// Interrupt sends SIGINT (Ctrl-C).
	Interrupt() error
	// Signal sends any signal to the process itself.
	Signal(sig os.Signal) error
	// Wait waits for the process to exit and returns its exit status (-1 when killed by a signal).
	Wait(ctx context.Context) (int, error)
	// Kill stops the process at once; it is always called when a spec ends.
	Kill()
}

func (c *Config) withDefaults() *Config {
	out := *c
	if out.Timeout <= 0 {
		out.Timeout = 3 * time.Second
	}
	if out.Quiet <= 0 {
		out.Quiet = 300 * time.Millisecond
	}
	if out.Level == 0 {
		out.Level = catalog.Informational
	}
	if out.Profile.IsZero() {
		out.Profile = catalog.Newest
	}
	return &out
}
