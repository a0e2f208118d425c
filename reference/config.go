package reference

import (
	"io"
	"runtime"
	"time"
)

// Version is this project's release, sent in the Server header after the handler's name. The reference
// is not Python and does not claim to be: "SimpleHTTP/0.6 httpspec/0.1.0" where CPython sends
// "SimpleHTTP/0.6 Python/3.13.0".
const Version = "0.1.0"

// Config is everything that shapes one reference server; it mirrors the class attributes and CLI
// options of Lib/http/server.py. The zero value (after Defaults) is `python -m http.server` in the
// working directory.
type Config struct {
	// Directory is the served directory (-d/--directory; SimpleHTTPRequestHandler.directory).
	// Empty means the working directory when the server starts.
	Directory string

	// Protocol is BaseHTTPRequestHandler.protocol_version (-p/--protocol), "HTTP/1.0" by default.
	// Any text is accepted, as CPython does; it is compared as a string with "HTTP/1.1".
	Protocol string

	// CGI selects CGIHTTPRequestHandler (--cgi) instead of SimpleHTTPRequestHandler.
	CGI bool

	// CGIDirectories is CGIHTTPRequestHandler.cgi_directories: ["/cgi-bin", "/htbin"] by default.
	CGIDirectories []string

	// CGIPython, when set, runs .py and .pyw scripts as `CGIPython -u script`, which is what CPython
	// does on platforms without fork. Empty (the default) executes every script directly, as CPython
	// does on POSIX: a Python script then needs the executable bit and a working #! line. Only the
	// command line is borrowed from the non-fork path (and .py/.pyw files need no executable bit); the
	// rest stays POSIX: the socket is the script's stdin and stdout, argv[1] is the decoded query.
	CGIPython string

	// IndexPages is SimpleHTTPRequestHandler.index_pages: ["index.html", "index.htm"] by default.
	IndexPages []string

	// ExtensionsMap is SimpleHTTPRequestHandler.extensions_map, consulted before the MIME database
	// (3.9+ defaults: .gz .Z .bz2 .xz). Nil means CPython 3.13's defaults.
	ExtensionsMap map[string]string

	// MimeTypesFiles are mime.types files added to the built-in MIME table, as mimetypes.init() does
	// with mimetypes.knownfiles. CPython reads the host's files (/etc/mime.types...); the reference
	// reads none unless asked, so that what it serves does not depend on the host.
	MimeTypesFiles []string

	// NoFollowSymlinks refuses (404) any path that resolves outside Directory through a symlink.
	// This is a deliberate deviation from CPython, which follows symlinks everywhere (documented under
	// "Security considerations"); it is off by default.
	NoFollowSymlinks bool

	// ServerVersion is BaseHTTPRequestHandler.version_string(): the Server header's value.
	ServerVersion string

	// Log receives the log lines CPython writes to stderr. Nil discards them.
	Log io.Writer

	// Now is the clock for Date headers and log timestamps; nil means time.Now. The location of the
	// times it returns is the local zone of the log timestamps (log_date_time_string shows local
	// time): time.Now's is the process's TZ, as in CPython.
	Now func() time.Time

	// Faults break chosen behaviors on purpose, for the suite's self-test. Never set in normal use.
	Faults Faults
}

// DefaultCGIDirectories is CGIHTTPRequestHandler.cgi_directories.
var DefaultCGIDirectories = []string{"/cgi-bin", "/htbin"}

// DefaultIndexPages is SimpleHTTPRequestHandler.index_pages (3.12+; a literal tuple before).
var DefaultIndexPages = []string{"index.html", "index.htm"}

var (
	faultServerBaseHTTP = registerFault("server-basehttp", "the Server header starts BaseHTTP/0.6, BaseHTTPRequestHandler's server_version")
	faultServerLong     = registerFault("server-version-long", "the Server header ends with a build description, as all of sys.version would")
)

// versionString mirrors version_string(): server_version, a space, sys_version ("Python/" + the first
// word of sys.version on CPython; this project's name and release here).
func (c Config) versionString() string {
	product := "SimpleHTTP/0.6"
	if c.Faults.has(faultServerBaseHTTP) {
		product = "BaseHTTP/0.6"
	}
	version := "httpspec/" + Version
	if c.Faults.has(faultServerLong) {
		version += " (" + runtime.Version() + ")"
	}
	return product + " " + version
}

// withDefaults fills what the caller left empty with CPython 3.13's defaults.
func (c Config) withDefaults() Config {
	if c.Protocol == "" {
		c.Protocol = "HTTP/1.0"
	}
	if c.CGIDirectories == nil {
		c.CGIDirectories = DefaultCGIDirectories
	}
	if c.IndexPages == nil {
		c.IndexPages = DefaultIndexPages
	}
	if c.ServerVersion == "" {
		c.ServerVersion = c.versionString()
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
