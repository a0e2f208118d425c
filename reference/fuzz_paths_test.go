package reference

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/httpspec/httpspec/reference/pylib"
)

// pathSeeds are request paths in every encoding that could try to leave the served directory.
var pathSeeds = []string{
	"/", "/a.txt", "/dir/", "/../../etc/passwd", "/%2e%2e/%2E%2E/x", "/%252e%252e/x",
	"/%c0%ae%c0%ae/x", "/..%5c..%5cx", "/..\\..\\x", "/a/./b/../../../c", "//x//y//",
	"/%00", "/a%00b/", "/%ed%a0%80", "/%ed%b2%80", "/%ff%fe", "/x?y=/../..#../z", "/x#?/..",
	"/\u00e9/\ud7ff", "/.../....", "/a/ ", "/a/%20/", "/%2f..%2f..", "..", "", "?", "#/",
}

// FuzzTranslatePath holds translate_path to what it promises: the result is the served directory
// or a path below it, lexically, for any request path (no "." or ".." part, no empty part but a
// trailing slash, which is kept exactly when the raw path before its query ends with one); and it
// agrees with the text form run_cgi encodes for PATH_TRANSLATED.
func FuzzTranslatePath(f *testing.F) {
	for _, p := range pathSeeds {
		f.Add(p)
	}
	const root = "/srv/httpspec fuzz/root"
	srv, err := New(Config{Directory: root})
	if err != nil {
		f.Fatal(err)
	}
	c := &conn{srv: srv}
	f.Fuzz(func(t *testing.T, path string) {
		got := c.translatePath(path)
		checkInside(t, root, path, got.name)
		raw, _, _ := strings.Cut(path, "?")
		raw, _, _ = strings.Cut(raw, "#")
		if want := strings.HasSuffix(pylib.RStripSpace(raw), "/"); strings.HasSuffix(got.name, "/") != want {
			t.Fatalf("translatePath(%q) = %q: trailing slash %v, want %v", path, got.name, !want, want)
		}
		if got.encodeErr == nil {
			text, err := pylib.FSEncode(c.translatePathText(path))
			if err != nil || string(text) != got.name {
				t.Fatalf("translatePath(%q) = %q but its text form encodes to %q, %v", path, got.name, text, err)
			}
		}
	})
}

// checkInside fails unless name is root or lies below it, made only of non-empty parts other than
// "." and "..", with at most a trailing slash.
func checkInside(t *testing.T, root, path, name string) {
	t.Helper()
	rest, ok := strings.CutPrefix(name, root)
	if !ok || (rest != "" && rest[0] != '/') {
		t.Fatalf("translatePath(%q) = %q, outside %q", path, name, root)
	}
	if clean := filepath.Clean(name); clean != root && !strings.HasPrefix(clean, root+"/") {
		t.Fatalf("translatePath(%q) = %q, which cleans to %q outside %q", path, name, clean, root)
	}
	rest = strings.TrimSuffix(strings.TrimPrefix(rest, "/"), "/")
	if rest == "" {
		return
	}
	for _, part := range strings.Split(rest, "/") {
		if part == "" || part == "." || part == ".." {
			t.Fatalf("translatePath(%q) = %q, with a part %q", path, name, part)
		}
	}
}

// FuzzListing writes a directory with the names the fuzzer chooses (raw bytes, any encoding; one in
// two a directory, one in three a symlink) and lists it as list_directory does. Every name must appear
// once, in str.lower() order, with its href %-quoted (only unreserved characters, "/" and %XX remain,
// and unquoting gives the name's bytes back) and its text HTML-escaped (no raw "<" or ">", every "&"
// an entity, and unescaping gives the name's bytes and its marker back); the title must be escaped
// too, and Content-Length must be the body's length.
func FuzzListing(f *testing.F) {
	f.Add("a.txt/b/c", "/list/")
	f.Add("<script>alert(1)</script>/x&y;/\"q\" 'q'", "/<b>?&x=1")
	f.Add("\xff\xfe/\xed\xa0\x80/caf\xc3\xa9/\x1b[31m/line\nbreak/%41", "/%ed%b2%80/")
	f.Add("B/a/C/b/\u0130/\u00df", "/x?y#z")
	f.Add("sp ace/tab\there/~tilde/-_.", "/")
	base := f.TempDir()
	fs := newFuzzServer(f, Config{Directory: base})
	f.Fuzz(func(t *testing.T, names, requestPath string) {
		dir, err := os.MkdirTemp(base, "l")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		entries := makeEntries(t, dir, names)
		h := newFuzzConn(fs, nil)
		h.c.path = requestPath
		body, crashed := listOrCrash(t, h.c, dir)
		if crashed {
			if _, err := pylib.FSEncode(pylib.HTMLEscape(unquotePath(requestPath, false), false)); err == nil {
				t.Fatalf("listing crashed, but its title %q can be encoded", requestPath)
			}
			return
		}
		h.c.flush()
		head := h.out.String()
		checkListing(t, head, body, entries)
	})
}

// entry is one name written into the listed directory, and the marker list_directory must add.
type entry struct {
	raw string
	// display is what the text must unescape to: the name's bytes and its marker. ref is what the href
	// must unquote to: the name as Python text (os.fsdecode, so an undecodable byte is a lone
	// surrogate, which quote(errors='surrogatepass') writes as its three-byte form) and its slash.
	display, ref string
}

// makeEntries creates up to eight of the "/"- or NUL-separated names: a directory when the name's
// first byte is odd, a symlink (to ".") when it is a multiple of three, else a file. Names the
// file system cannot hold are skipped. The entries are keyed by what their href must unquote to.
func makeEntries(t *testing.T, dir, names string) map[string]entry {
	out := map[string]entry{}
	for _, raw := range strings.FieldsFunc(names, func(r rune) bool { return r == '/' || r == 0 }) {
		if len(out) == 8 {
			break
		}
		text := pylib.FSDecode([]byte(raw))
		if raw == "." || raw == ".." || len(raw) > 255 || out[text].raw != "" {
			continue
		}
		p := filepath.Join(dir, raw)
		e := entry{raw: raw, display: raw, ref: text}
		var err error
		switch {
		case raw[0]%3 == 0:
			err = os.Symlink(".", p)
			e.display, e.ref = raw+"@", text+"/"
		case raw[0]%2 == 1:
			err = os.Mkdir(p, 0o755)
			e.display, e.ref = raw+"/", text+"/"
		default:
			err = os.WriteFile(p, nil, 0o644)
		}
		if err != nil {
			continue
		}
		out[text] = e
	}
	return out
}

// listOrCrash lists dir; the only exception allowed is the UnicodeEncodeError of a title CPython
// cannot encode either.
func listOrCrash(t *testing.T, c *conn, dir string) (body []byte, crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*pyException)
			if !ok || e.kind != "UnicodeEncodeError" {
				t.Fatalf("list_directory panicked: %v", r)
			}
			crashed = true
		}
	}()
	rc := c.listDirectory(dir)
	if rc == nil {
		t.Fatalf("list_directory refused a readable directory")
	}
	defer rc.Close()
	body, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return body, false
}

var (
	listItemRE = regexp.MustCompile(`(?s)<li><a href="([^"]*)">(.*?)</a></li>\n`)
	titleRE    = regexp.MustCompile(`(?s)<title>Directory listing for (.*?)</title>`)
	hrefRE     = regexp.MustCompile(`^(?:[A-Za-z0-9_.~/-]|%[0-9A-F]{2})*$`)
)

func checkListing(t *testing.T, head string, body []byte, entries map[string]entry) {
	t.Helper()
	if want := "Content-Length: " + strconv.Itoa(len(body)) + "\r\n"; !strings.Contains(head, want) {
		t.Fatalf("headers %q lack %q", head, want)
	}
	title := titleRE.FindSubmatch(body)
	if title == nil || !escaped(string(title[1])) {
		t.Fatalf("title not found or not escaped in %q", body)
	}
	ul := body[bytes.Index(body, []byte("<ul>\n"))+len("<ul>\n") : bytes.LastIndex(body, []byte("</ul>"))]
	items := listItemRE.FindAllSubmatch(ul, -1)
	if len(items) != len(entries) || len(listItemRE.ReplaceAll(ul, nil)) != 0 {
		t.Fatalf("%d entries written, %d listed, in %q", len(entries), len(items), ul)
	}
	seen := map[string]bool{}
	prev := ""
	for _, it := range items {
		href, text := string(it[1]), string(it[2])
		if !hrefRE.MatchString(href) {
			t.Fatalf("href %q is not %%-quoted", href)
		}
		if !escaped(text) {
			t.Fatalf("text %q is not HTML-escaped", text)
		}
		ref := string(unquoteToBytesForTest(href))
		name := strings.TrimSuffix(ref, "/")
		e, ok := entries[name]
		if !ok || seen[name] || e.ref != ref || e.display != htmlUnescape(text) {
			t.Fatalf("listed %q as %q, written %+v (known %v, seen %v)", href, text, e, ok, seen[name])
		}
		seen[name] = true
		key := pylib.Lower(name)
		if key < prev {
			t.Fatalf("%q listed after a name that sorts later (%q)", key, prev)
		}
		prev = key
	}
}

// escaped reports html.escape(s, quote=False) output: no raw "<" or ">", every "&" an entity.
func escaped(s string) bool {
	if strings.ContainsAny(s, "<>") {
		return false
	}
	for i := strings.IndexByte(s, '&'); i >= 0; i = strings.IndexByte(s, '&') {
		rest := s[i:]
		if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
			return false
		}
		s = rest[1:]
	}
	return true
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

// unquoteToBytesForTest is urllib.parse.unquote_to_bytes, written again from its definition.
func unquoteToBytesForTest(s string) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, ok := hexByte(s[i+1 : i+3]); ok {
				out = append(out, v)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

func hexByte(s string) (byte, bool) {
	var v byte
	for i := 0; i < 2; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | (c - '0')
		case 'A' <= c && c <= 'F':
			v = v<<4 | (c - 'A' + 10)
		case 'a' <= c && c <= 'f':
			v = v<<4 | (c - 'a' + 10)
		default:
			return 0, false
		}
	}
	return v, true
}
