package cpython

import (
	"strings"
	"testing"

	"github.com/httpspec/httpspec/suite/catalog"
)

func interpreterAt(version string) Interpreter {
	return Interpreter{Path: "/opt/py/bin/python", Version: catalog.MustVersion(version), Source: "test"}
}

func TestServerCommandUsesOnlyTheFlagsEachVersionHas(t *testing.T) {
	const py, root = "/opt/py/bin/python", "/srv/root"
	cases := []struct {
		version string
		mode    Mode
		want    string // "<launcher>" stands for the embedded script
	}{
		{"3.6.15", Mode{}, py + " -m http.server 8000 --bind 127.0.0.1"},
		{"3.6.15", Mode{CGI: true}, py + " -m http.server 8000 --bind 127.0.0.1 --cgi"},
		{"3.6.15", Mode{Protocol: "HTTP/1.0"}, py + " -m http.server 8000 --bind 127.0.0.1"},
		{"3.6.15", Mode{Protocol: "HTTP/1.1"},
			py + " -c <launcher> --protocol HTTP/1.1 -- 8000 --bind 127.0.0.1"},
		{"3.7.16", Mode{}, py + " -m http.server 8000 --bind 127.0.0.1 --directory /srv/root"},
		{"3.8.18", Mode{CGI: true, Protocol: "HTTP/1.1"},
			py + " -c <launcher> --protocol HTTP/1.1 -- 8000 --bind 127.0.0.1 --directory /srv/root --cgi"},
		{"3.10.13", Mode{DropTo: &Credential{UID: 65534, GID: 65534}},
			py + " -c <launcher> --drop-to 65534:65534 -- 8000 --bind 127.0.0.1 --directory /srv/root"},
		{"3.10.13", Mode{Protocol: "HTTP/1.1", DropTo: &Nobody},
			py + " -c <launcher> --protocol HTTP/1.1 --drop-to 65534:65534 -- 8000 --bind 127.0.0.1 --directory /srv/root"},
		{"3.11.7", Mode{Protocol: "HTTP/1.1"},
			py + " -m http.server 8000 --bind 127.0.0.1 --directory /srv/root --protocol HTTP/1.1"},
		{"3.13.0", Mode{CGI: true, Protocol: "HTTP/1.1", DropTo: &Credential{UID: 1000, GID: 100}},
			py + " -c <launcher> --drop-to 1000:100 -- 8000 --bind 127.0.0.1 --directory /srv/root --cgi --protocol HTTP/1.1"},
	}
	for _, c := range cases {
		argv, env, err := interpreterAt(c.version).ServerCommand(8000, "127.0.0.1", root, c.mode)
		if err != nil {
			t.Errorf("%s %+v: %v", c.version, c.mode, err)
			continue
		}
		if got := showArgv(argv); got != c.want {
			t.Errorf("%s %+v:\n got %s\nwant %s", c.version, c.mode, got, c.want)
		}
		if strings.Join(env, " ") != "PYTHONUNBUFFERED=1 TZ=UTC" {
			t.Errorf("%s: env %q", c.version, env)
		}
	}
}

func TestServerCommandLeavesBindAndDirectoryToTheCLIDefaultsWhenEmpty(t *testing.T) {
	argv, _, err := interpreterAt("3.13.0").ServerCommand(0, "", "", Mode{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := showArgv(argv), "/opt/py/bin/python -m http.server 0"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestServerCommandMakesARelativeDirectoryAbsolute(t *testing.T) {
	t.Chdir(t.TempDir())
	argv, _, err := interpreterAt("3.9.18").ServerCommand(8000, "", "docroot", Mode{})
	if err != nil {
		t.Fatal(err)
	}
	if dir := argv[len(argv)-1]; !strings.HasPrefix(dir, "/") || !strings.HasSuffix(dir, "/docroot") {
		t.Errorf("--directory %q: want docroot made absolute", dir)
	}
}

func TestServerCommandRefusesWhatCannotBeStarted(t *testing.T) {
	cases := []struct {
		interpreter Interpreter
		port        int
		mode        Mode
		want        string
	}{
		{interpreterAt("3.5.10"), 8000, Mode{}, "CPython 3.5.10: http.server commands are built for 3.6.0 and later"},
		{Interpreter{Path: "/x"}, 8000, Mode{}, "CPython 0.0.0: http.server commands are built for 3.6.0 and later"},
		{interpreterAt("3.13.0"), 65536, Mode{}, "port 65536 out of range"},
		{interpreterAt("3.15.0"), 8000, Mode{CGI: true}, "CPython 3.15.0 has no --cgi (removed in 3.15, gh-133810)"},
		{interpreterAt("3.9.18"), 8000, Mode{Protocol: "HTTP/1.1\x00"}, `protocol "HTTP/1.1\x00" contains NUL`},
		{interpreterAt("3.9.18"), 8000, Mode{DropTo: &Credential{UID: -1}}, "cannot drop to uid -1 gid 0"},
	}
	for _, c := range cases {
		_, _, err := c.interpreter.ServerCommand(c.port, "", "", c.mode)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %+v: got %v, want %q", c.interpreter.Version, c.mode, err, c.want)
		}
	}
}

func TestCapabilitiesFollowTheCLIHistory(t *testing.T) {
	for _, c := range []struct {
		version                   string
		protocol, directory, ipv6 bool
	}{
		{"3.6.15", false, false, false},
		{"3.7.0", false, true, false},
		{"3.8.0", false, true, true},
		{"3.10.13", false, true, true},
		{"3.11.0", true, true, true},
		{"3.13.0", true, true, true},
	} {
		i := interpreterAt(c.version)
		if i.HasProtocolFlag() != c.protocol || i.HasDirectoryFlag() != c.directory || i.HasIPv6Bind() != c.ipv6 {
			t.Errorf("%s: protocol %v directory %v ipv6 %v, want %v %v %v", c.version,
				i.HasProtocolFlag(), i.HasDirectoryFlag(), i.HasIPv6Bind(), c.protocol, c.directory, c.ipv6)
		}
	}
}

// showArgv joins argv with the launcher's source replaced by a placeholder.
func showArgv(argv []string) string {
	shown := make([]string, len(argv))
	for k, a := range argv {
		if a == launcherSource {
			a = "<launcher>"
		}
		shown[k] = a
	}
	return strings.Join(shown, " ")
}
