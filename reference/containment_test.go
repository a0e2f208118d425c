package reference

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Containment: no request path, however it is spelled, reaches a file outside the served directory
// unless it goes through a symlink inside it ("Security considerations": symlinks are followed).

// sentinel is the content of the files placed outside the served directory.
const sentinel = "SENTINEL-OUTSIDE-THE-ROOT"

// containmentTree is base/root (served: a file, a directory, a symlink to that directory, and with
// outLink a symlink to base/outside) beside base/outside/secret.txt and base/secret.txt.
func containmentTree(t *testing.T, outLink bool) (root string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "root")
	for name, body := range map[string]string{
		"root/a.txt": "inside\n", "root/sub/b.txt": "inside b\n", "root/.. /c.txt": "dots and a space\n",
		"outside/secret.txt": sentinel, "secret.txt": sentinel, "root/secret.txt/x": "a directory\n",
	} {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{"inlink": "sub", "dotlink": "."}
	if outLink {
		links["outlink"] = "../outside"
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// pathAtoms are the pieces hostile paths are made of: every spelling of "..", of "/" and of ".", the
// names that lead towards the sentinels, and bytes that trip decoders.
var pathAtoms = []string{
	"..", ".", "...", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%25252e%25252e", "%c0%ae%c0%ae",
	"%e0%80%ae%e0%80%ae", "%ef%bc%8e%ef%bc%8e", "\xef\xbc\x8e\xef\xbc\x8e", "..%2f", "..%2F", "%2f..",
	"..\\", "%5c..", "..%5c", "\\..", "%00", "..%00", "%ed%a0%80", "%ed%b2%80", "\xed\xa0\x80", "%ff",
	"\xff", "%u002e%u002e", "%2f", "%2F", "//", "/", "%252f", ".. ", "%2e%2e%20", "secret.txt",
	"outside", "outlink", "inlink", "dotlink", "sub", "a.txt", "root", "?", "#", "%3f", "%23", ";",
	"\t", "%09", "\x01", "%0a", "%0d",
}

// sentinelPaths end half the generated paths: the names of the sentinels seen from the root, from
// the symlink that leads out, and from one level down.
var sentinelPaths = []string{"secret.txt", "outside/secret.txt", "outlink/secret.txt", "../secret.txt"}

// hostilePaths returns n paths of one to ten atoms, half of them ending with a way to a sentinel,
// seeded so that a failure can be replayed.
func hostilePaths(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 0))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		b.WriteByte('/')
		for range 1 + r.IntN(10) {
			b.WriteString(pathAtoms[r.IntN(len(pathAtoms))])
			if r.IntN(3) > 0 {
				b.WriteByte('/')
			}
		}
		if r.IntN(2) == 0 {
			b.WriteString(sentinelPaths[r.IntN(len(sentinelPaths))])
		}
		out[i] = b.String()
	}
	return out
}

// TestContainmentTranslatePath checks 20,000 generated paths: translate_path's result is lexically
// inside the served directory, and once symlinks are resolved it is still inside unless the path
// went through a symlink in it.
func TestContainmentTranslatePath(t *testing.T) {
	root := containmentTree(t, true)
	srv, err := New(Config{Directory: root})
	if err != nil {
		t.Fatal(err)
	}
	c := &conn{srv: srv}
	outside, viaLink := 0, 0
	for _, path := range hostilePaths(1, 20000) {
		p := c.translatePath(path)
		checkInside(t, root, path, p.name)
		if !p.usable() {
			continue
		}
		resolved, err := filepath.EvalSymlinks(p.name)
		if err != nil || isBelow(root, resolved) {
			continue
		}
		outside++
		if link := symlinkOnTheWay(root, p.name); link == "" {
			t.Fatalf("%q translates to %q, which resolves outside the root to %q through no symlink", path, p.name, resolved)
		}
		viaLink++
	}
	t.Logf("20000 paths; %d resolve outside the root, every one through a symlink inside it (%d)", outside, viaLink)
}

// isBelow reports whether p is dir or inside it (both resolved).
func isBelow(dir, p string) bool {
	resolvedDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(resolvedDir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// symlinkOnTheWay returns the first component of name below root that is a symlink, or "".
func symlinkOnTheWay(root, name string) string {
	rest := strings.TrimPrefix(strings.TrimSuffix(name, "/"), root)
	p := root
	for _, part := range strings.Split(strings.Trim(rest, "/"), "/") {
		p = filepath.Join(p, part)
		if isLink(p) {
			return p
		}
	}
	return ""
}

// TestContainmentFetch fetches generated paths through the server and looks for the sentinel in every
// reply: with no symlink leading out, it must never appear; with one, it may only come back for paths
// that go through that symlink; and with NoFollowSymlinks, never.
func TestContainmentFetch(t *testing.T) {
	for _, tc := range []struct {
		name            string
		outLink, noFoll bool
	}{{"no link out", false, false}, {"a link out", true, false}, {"a link out, not followed", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			root := containmentTree(t, tc.outLink)
			addr := startContainmentServer(t, Config{Directory: root, NoFollowSymlinks: tc.noFoll})
			c := &conn{srv: &Server{directory: root}}
			leaked := 0
			paths := append(hostilePaths(2, 3000), "/outlink/secret.txt", "/outlink/../secret.txt")
			for _, path := range paths {
				reply := fetch(t, addr, "GET "+path+" HTTP/1.0\r\n\r\n")
				if !bytes.Contains(reply, []byte(sentinel)) {
					continue
				}
				leaked++
				if !tc.outLink || tc.noFoll || symlinkOnTheWay(root, c.translatePath(path).name) == "" {
					t.Fatalf("GET %q returned a file from outside the root:\n%s", path, reply)
				}
			}
			if want := tc.outLink && !tc.noFoll; (leaked > 0) != want {
				t.Errorf("%d replies held the sentinel; want some: %v", leaked, want)
			}
			t.Logf("%d paths fetched, %d replies through the symlink that leads out", len(paths), leaked)
		})
	}
}

// startContainmentServer serves cfg on loopback until the test ends.
func startContainmentServer(t *testing.T, cfg Config) string {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// fetch sends raw request bytes and reads until the server closes.
func fetch(t *testing.T, addr, request string) []byte {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	reply, err := io.ReadAll(c)
	if err != nil && !isResetErr(err) {
		t.Fatalf("%q: %v", request, err)
	}
	return reply
}

func isResetErr(err error) bool { return err != nil && strings.Contains(err.Error(), "reset by peer") }

// TestLogNeverHoldsRawControls sends every byte value in the method, the path, the version and a
// percent-encoded path, and checks that no log line holds a raw control character (gh-100001).
func TestLogNeverHoldsRawControls(t *testing.T) {
	log := &syncBuffer{}
	addr := startContainmentServer(t, Config{Directory: t.TempDir(), Log: log})
	for b := range 256 {
		ch := string([]byte{byte(b)})
		for _, request := range []string{
			"G" + ch + "T / HTTP/1.0\r\n\r\n",
			"GET /x" + ch + "y HTTP/1.0\r\n\r\n",
			"GET / HTTP/1." + ch + "\r\n\r\n",
			fmt.Sprintf("GET /%%%02x HTTP/1.0\r\n\r\n", b),
			"GET /\xc2" + ch + " HTTP/1.0\r\n\r\n",
		} {
			fetch(t, addr, request)
		}
	}
	checked := 0
	for _, line := range strings.Split(log.String(), "\n") {
		if i := rawControl(line); i >= 0 {
			t.Errorf("raw control character at %d of log line %q", i, line)
		}
		checked++
	}
	t.Logf("%d log lines checked", checked)
}

// TestNamesAreEscaped lists a directory whose names are markup, and asks for error pages whose
// messages carry markup: no name or message reaches the page unescaped.
func TestNamesAreEscaped(t *testing.T) {
	dir := t.TempDir()
	names := []string{"<script>alert(1)<", "a&b", "\">x", "<img src=x onerror=alert(1)>", "&lt;"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	addr := startContainmentServer(t, Config{Directory: dir})
	listing := fetch(t, addr, "GET /?<b>x</b> HTTP/1.0\r\n\r\n")
	for _, n := range names {
		if bytes.Contains(listing, []byte(">"+n+"<")) {
			t.Errorf("the listing holds %q raw:\n%s", n, listing)
		}
	}
	if bytes.Contains(listing, []byte("<b>")) {
		t.Errorf("the listing's title holds the query's markup raw:\n%s", listing)
	}
	for _, request := range []string{
		"<script>alert(1)</script> / HTTP/1.0\r\n\r\n",
		"GET / <b>HTTP/1.0</b>\r\n\r\n",
		"GET / HTTP/1.0 <i>\r\n\r\n",
		"<x> /\r\n\r\n",
	} {
		page := fetch(t, addr, request)
		message := page[bytes.Index(page, []byte("<p>Message: "))+len("<p>Message: "):]
		message = message[:bytes.Index(message, []byte(".</p>"))]
		if !escaped(string(message)) {
			t.Errorf("%q: the error page's message %q is not escaped", request, message)
		}
	}
}

// TestCGIExecsNoShell checks the command a script is started with: the script file itself, or the
// interpreter with -u and the script for Config.CGIPython, with the arguments as a list. No shell
// and no command string is involved, whatever the script's name and query hold.
func TestCGIExecsNoShell(t *testing.T) {
	dir := t.TempDir()
	name := "x;rm -rf $(id)`id`|id.py"
	s := cgiScript{script: name, scriptName: "/cgi-bin/" + name, file: fsPath{name: dir + "/cgi-bin/" + name}}
	argv := []string{name, "; id $(id)"}
	for _, interp := range []string{"", "python3"} {
		srv, err := New(Config{Directory: dir, CGI: true, CGIPython: interp})
		if err != nil {
			t.Fatal(err)
		}
		cmd := srv.childCommand(s, argv, nil, nil, nil, 65534)
		wantPath, wantArgs := s.file.name, argv
		if interp != "" {
			wantArgs = []string{interp, "-u", s.file.name, argv[1]}
			if filepath.Base(cmd.Path) != interp {
				t.Errorf("with CGIPython %q the command is %q", interp, cmd.Path)
			}
			wantPath = cmd.Path
		}
		if cmd.Path != wantPath || fmt.Sprint(cmd.Args) != fmt.Sprint(wantArgs) {
			t.Errorf("CGIPython %q: exec %q %q; want %q %q", interp, cmd.Path, cmd.Args, wantPath, wantArgs)
		}
		for _, sh := range []string{"sh", "bash", "dash"} {
			if filepath.Base(cmd.Path) == sh {
				t.Errorf("the script is started through %s", cmd.Path)
			}
		}
	}
}
