package reference

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/httpspec/httpspec/reference/pylib"
)

// Options is the command line of `python -m http.server` (3.13), plus the reference's additions.
type Options struct {
	Port      int    // positional port, default 8000; 0 picks a free port
	Bind      string // -b/--bind ADDRESS; "" binds every interface, dual-stack
	Directory string // -d/--directory; "" is the working directory
	Protocol  string // -p/--protocol VERSION, default HTTP/1.0
	CGI       bool   // --cgi

	// Additions (not in CPython); see the README's list of deviations.
	MimeTypes        []string // --mime-types FILE (repeatable): read mime.types files, as CPython reads the host's
	NoFollowSymlinks bool     // --no-follow-symlinks: refuse symlinks that lead out of the directory
	Interpreter      string   // --interpreter PATH: run .py/.pyw CGI scripts through PATH
	Faults           Faults   // --fault NAME[,NAME]: break behaviors on purpose (the suite's self-test)
	ListFaults       bool     // --list-faults
}

// Prog is the name usage lines give the command.
const Prog = "httpspec serve"

const usage = "usage: " + Prog + " [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n"

const help = usage + `
positional arguments:
  port                  bind to this port (default: 8000)

options:
  -h, --help            show this help message and exit
  --cgi                 run as CGI server
  -b, --bind ADDRESS    bind to this address (default: all interfaces)
  -d, --directory DIRECTORY
                        serve this directory (default: current directory)
  -p, --protocol VERSION
                        conform to this HTTP version (default: HTTP/1.0)

httpspec additions (not in CPython's http.server):
  --mime-types FILE     also read this mime.types file (repeatable); by default
                        only CPython 3.13's built-in table is used
  --no-follow-symlinks  answer 404 for symlinks that lead out of the directory
                        (CPython follows them: see "Security considerations")
  --interpreter PATH    run .py/.pyw CGI scripts as "PATH -u script" instead of
                        executing them directly (the POSIX behavior)
  --fault NAME          break one behavior on purpose, for the suite's self-test
  --list-faults         list the fault names and exit
`

// ErrHelp is returned by ParseArgs for -h/--help.
var ErrHelp = errors.New("help requested")

// UsageError is argparse's error: the message after "<prog>: error: "; the exit status is 2.
type UsageError struct{ Message string }

func (e *UsageError) Error() string { return e.Message }

type optionSpec struct {
	long, short string
	metavar     string // "" for a flag
	set         func(o *Options, value string) error
}

var optionSpecs = []optionSpec{
	{"--help", "-h", "", nil},
	{"--cgi", "", "", func(o *Options, _ string) error { o.CGI = true; return nil }},
	{"--bind", "-b", "ADDRESS", func(o *Options, v string) error { o.Bind = v; return nil }},
	{"--directory", "-d", "DIRECTORY", func(o *Options, v string) error { o.Directory = v; return nil }},
	{"--protocol", "-p", "VERSION", func(o *Options, v string) error { o.Protocol = v; return nil }},
	{"--mime-types", "", "FILE", func(o *Options, v string) error { o.MimeTypes = append(o.MimeTypes, v); return nil }},
	{"--no-follow-symlinks", "", "", func(o *Options, _ string) error { o.NoFollowSymlinks = true; return nil }},
	{"--interpreter", "", "PATH", func(o *Options, v string) error { o.Interpreter = v; return nil }},
	{"--fault", "", "NAME", func(o *Options, v string) error {
		f, err := ParseFaults(v)
		for k := range f {
			if o.Faults == nil {
				o.Faults = Faults{}
			}
			o.Faults[k] = true
		}
		return err
	}},
	{"--list-faults", "", "", func(o *Options, _ string) error { o.ListFaults = true; return nil }},
}

// ParseArgs reads the command line as argparse reads http.server's: options and the port in any
// order, --long=value and -sVALUE forms, unambiguous prefixes of long options, "--" ending options.
func ParseArgs(args []string) (Options, error) {
	o := Options{Port: 8000, Protocol: "HTTP/1.0"}
	var positionals []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			positionals = append(positionals, args[i+1:]...)
			break
		}
		if !looksLikeOption(arg) {
			if i == 0 || !o.Faults.has(faultPortFirstOnly) {
				positionals = append(positionals, arg)
			}
			continue
		}
		spec, value, hasValue, err := matchOption(arg)
		if err != nil {
			return o, err
		}
		if spec.set == nil {
			return o, ErrHelp
		}
		if spec.metavar != "" && !hasValue {
			if i+1 >= len(args) || looksLikeOption(args[i+1]) {
				return o, &UsageError{"argument " + spec.names() + ": expected one argument"}
			}
			i++
			value = args[i]
		}
		if spec.metavar == "" && hasValue {
			return o, &UsageError{"argument " + spec.names() + ": ignored explicit argument " + pylib.Repr(value)}
		}
		if err := spec.set(&o, value); err != nil {
			return o, &UsageError{"argument " + spec.names() + ": " + err.Error()}
		}
	}
	return o, parsePort(&o, positionals)
}

func parsePort(o *Options, positionals []string) error {
	if len(positionals) > 1 {
		return &UsageError{"unrecognized arguments: " + strings.Join(positionals[1:], " ")}
	}
	if len(positionals) == 0 && o.Faults.has(faultDefaultPort8080) {
		o.Port = 8080
	}
	if len(positionals) == 1 {
		port, ok := pyInt(positionals[0])
		if !ok {
			return &UsageError{"argument port: invalid int value: " + pylib.Repr(positionals[0])}
		}
		o.Port = int(port)
	}
	return nil
}

// looksLikeOption is argparse's test: a leading "-" that is not a negative number (the parser has no
// option that looks like one) and not "-" alone.
func looksLikeOption(arg string) bool {
	if len(arg) < 2 || arg[0] != '-' {
		return false
	}
	if _, err := strconv.ParseFloat(arg, 64); err == nil {
		return false
	}
	return true
}

func (s optionSpec) names() string {
	if s.short != "" {
		return s.short + "/" + s.long
	}
	return s.long
}

// matchOption finds the option an argument names, with an attached value if there is one.
func matchOption(arg string) (spec optionSpec, value string, hasValue bool, err error) {
	name, value, hasValue := strings.Cut(arg, "=")
	if !strings.HasPrefix(arg, "--") {
		for _, s := range optionSpecs {
			if s.short != "" && strings.HasPrefix(arg, s.short) {
				switch rest := arg[len(s.short):]; {
				case rest == "":
					return s, "", false, nil
				case s.metavar != "":
					return s, strings.TrimPrefix(rest, "="), true, nil
				}
			}
		}
		return spec, "", false, &UsageError{"unrecognized arguments: " + arg}
	}
	var matches []optionSpec
	for _, s := range optionSpecs {
		if s.long == name {
			return s, value, hasValue, nil
		}
		if strings.HasPrefix(s.long, name) {
			matches = append(matches, s)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], value, hasValue, nil
	case 0:
		return spec, "", false, &UsageError{"unrecognized arguments: " + arg}
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = m.long
	}
	return spec, "", false, &UsageError{"ambiguous option: " + name + " could match " + strings.Join(names, ", ")}
}

// The faults of the command line: each breaks one thing `python -m http.server` does.
var (
	faultUsageExit1      = registerFault("usage-exit-1", "a command-line error exits with status 1 instead of argparse's 2")
	faultLogStdout       = registerFault("log-stdout", "the log goes to stdout instead of stderr")
	faultBannerAsked     = registerFault("banner-asked-port", "the banner shows the port asked for (0 too), not the port bound")
	faultBannerLost      = registerFault("banner-lost", "the banner never reaches stdout")
	faultBindIgnored     = registerFault("bind-ignored", "--bind is ignored: the server listens on every interface")
	faultDefaultLoopback = registerFault("default-bind-loopback", "without --bind the server listens on 127.0.0.1 only")
	faultCGIIgnored      = registerFault("option-cgi-ignored", "--cgi is ignored: the file server starts")
	faultDefaultPort8080 = registerFault("default-port-8080", "without a port argument the server listens on 8080")
	faultPortFirstOnly   = registerFault("port-first-only", "a port that follows an option is ignored (8000 is used)")
	faultPortInUseExit0  = registerFault("port-in-use-exit-0", "a port in use ends the server with status 0")
	faultInterruptSilent = registerFault("interrupt-silent", "Ctrl-C ends the server with status 130 and no message")
	faultSIGTERMHandled  = registerFault("sigterm-handled", "SIGTERM is handled like Ctrl-C: the message, then status 0")
)

// Main runs `httpspec serve ARGS` the way `python -m http.server ARGS` runs: the banner on stdout, the
// log on stderr, Ctrl-C (a value on interrupt) ending it with CPython's message and status 0. It
// returns the exit status: 2 for a usage error, 1 when the server cannot start.
func Main(args []string, stdout, stderr io.Writer, interrupt <-chan os.Signal) int {
	o, err := ParseArgs(args)
	switch {
	case errors.Is(err, ErrHelp):
		fmt.Fprint(stdout, help)
		return 0
	case err != nil && o.Faults.has(faultUsageExit1):
		fmt.Fprint(stderr, usage+Prog+": error: "+err.Error()+"\n")
		return 1
	case err != nil:
		fmt.Fprint(stderr, usage+Prog+": error: "+err.Error()+"\n")
		return 2
	case o.ListFaults:
		for _, f := range KnownFaults() {
			fmt.Fprintln(stdout, f)
		}
		return 0
	}
	log := stderr
	if o.Faults.has(faultLogStdout) {
		log = stdout
	}
	srv, err := New(o.config(log))
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", Prog, err)
		return 1
	}
	ln, err := listen(o.bindAddress(), o.Port, !o.Faults.has(faultNoReuseAddress))
	if err != nil {
		fmt.Fprintf(stderr, "%s: cannot listen on port %d: %s\n", Prog, o.Port, pythonOSError(err))
		if o.Faults.has(faultPortInUseExit0) {
			return 0
		}
		return 1
	}
	switch {
	case o.Faults.has(faultBannerLost):
	case o.Faults.has(faultBannerAsked):
		fmt.Fprintln(stdout, banner(&net.TCPAddr{IP: ln.Addr().(*net.TCPAddr).IP, Port: o.Port}))
	default:
		fmt.Fprintln(stdout, banner(ln.Addr()))
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if o.Faults.has(faultSIGTERMHandled) {
		interrupt = withSIGTERM(interrupt)
	}
	select {
	case <-interrupt:
		if o.Faults.has(faultInterruptSilent) {
			srv.Close()
			return 130
		}
		fmt.Fprint(stdout, "\nKeyboard interrupt received, exiting.\n")
		srv.Close()
		return 0
	case err := <-done:
		fmt.Fprintf(stderr, "%s: %v\n", Prog, err)
		return 1
	}
}

// bindAddress is the address to listen on: --bind's, or "" for every interface.
func (o Options) bindAddress() string {
	switch {
	case o.Faults.has(faultBindIgnored):
		return ""
	case o.Bind == "" && o.Faults.has(faultDefaultLoopback):
		return "127.0.0.1"
	}
	return o.Bind
}

// withSIGTERM adds SIGTERM to the interrupts, for faultSIGTERMHandled: CPython installs no handler for
// it, so the signal ends the process.
func withSIGTERM(interrupt <-chan os.Signal) <-chan os.Signal {
	both := make(chan os.Signal, 1)
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() {
		select {
		case s := <-interrupt:
			both <- s
		case s := <-term:
			both <- s
		}
	}()
	return both
}

func (o Options) config(log io.Writer) Config {
	return Config{
		Directory:        o.Directory,
		Protocol:         o.Protocol,
		CGI:              o.CGI && !o.Faults.has(faultCGIIgnored),
		CGIPython:        o.Interpreter,
		MimeTypesFiles:   o.MimeTypes,
		NoFollowSymlinks: o.NoFollowSymlinks,
		Log:              log,
		Faults:           o.Faults,
	}
}

// banner mirrors test(): "Serving HTTP on HOST port PORT (http://HOST:PORT/) ..." from getsockname(),
// the URL's host bracketed when it contains ":".
func banner(addr net.Addr) string {
	host, port, _ := net.SplitHostPort(addr.String())
	urlHost := host
	if strings.Contains(host, ":") {
		urlHost = "[" + host + "]"
	}
	return fmt.Sprintf("Serving HTTP on %s port %s (http://%s:%s/) ...", host, port, urlHost, port)
}

// pythonOSError renders a bind failure the way the last line of CPython's traceback does.
func pythonOSError(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		text := errno.Error()
		return fmt.Sprintf("OSError: [Errno %d] %s", int(errno), strings.ToUpper(text[:1])+text[1:])
	}
	return err.Error()
}
