package reference

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

// fsPath is a translated path: the file-system bytes of the name CPython would open, and the encoding
// failure CPython would raise when it tried (a lone surrogate other than U+DC80-U+DCFF, from %ED%A0%80).
type fsPath struct {
	name      string
	encodeErr error
}

var (
	faultTranslateNoUnquote = registerFault("translate-no-unquote", "translate_path does not %-decode the path")
	faultQueryKept          = registerFault("query-kept", "translate_path keeps the query as part of the file name")
	faultFragmentKept       = registerFault("fragment-kept", "translate_path keeps the fragment as part of the file name")
	faultDotSegmentsKept    = registerFault("dot-segments-kept", "translate_path leaves . and .. to the file system, which can climb out of the root")
	faultCaseInsensitive    = registerFault("case-insensitive-paths", "translate_path lower-cases the path, as on a case-insensitive file system")
	faultWebPathRules       = registerFault("web-path-rules", "translate_path reads + as a space and \\ as /, cuts ;params, keeps only the path of an absolute URI and maps * to /")
)

// translatePath mirrors SimpleHTTPRequestHandler.translate_path: cut the query, then the fragment;
// remember a trailing slash of the raw path; %-decode (surrogatepass, falling back to replacement
// characters); normalise; drop empty, "." and ".." parts; join the rest onto the served directory.
// A path can never climb out of the directory; only a symlink inside it can lead elsewhere.
func (c *conn) translatePath(path string) fsPath {
	if c.srv.cfg.Faults.has(faultWebPathRules) {
		path = webPath(path)
	}
	if !c.srv.cfg.Faults.has(faultQueryKept) {
		path, _, _ = strings.Cut(path, "?")
	}
	if !c.srv.cfg.Faults.has(faultFragmentKept) {
		path, _, _ = strings.Cut(path, "#")
	}
	// path.rstrip().endswith('/'): only paths run_cgi derives (PATH_INFO) can end in whitespace.
	trailingSlash := strings.HasSuffix(pylib.RStripSpace(path), "/")
	path = unquotePath(path, c.srv.cfg.Faults.has(faultTranslateNoUnquote))
	if c.srv.cfg.Faults.has(faultCaseInsensitive) {
		path = strings.ToLower(path)
	}
	dotsKept := c.srv.cfg.Faults.has(faultDotSegmentsKept)
	if !dotsKept {
		path = pylib.NormPath(path)
	}
	out := fsPath{name: c.srv.directory}
	for _, word := range strings.Split(path, "/") {
		if word == "" || (!dotsKept && (word == "." || word == "..")) {
			continue
		}
		if isASCII(word) { // encodes to itself
			out.name = joinPath(out.name, word)
			continue
		}
		name, err := pylib.FSEncode(word)
		if err != nil {
			// os.path.join works on text: the word is joined as it is, and open() is what fails to
			// encode it. Keeping the text also keeps the trailing-slash test honest.
			name = []byte(word)
			if out.encodeErr == nil {
				out.encodeErr = err
			}
		}
		out.name = joinPath(out.name, string(name))
	}
	if trailingSlash {
		out.name += "/"
	}
	return out
}

// webPath applies the path rules of faultWebPathRules, which http.server never applies.
func webPath(path string) string {
	if path == "*" {
		return "/"
	}
	if rest, absolute := strings.CutPrefix(path, "http://"); absolute {
		_, path, _ = strings.Cut(rest, "/")
		path = "/" + path
	}
	path, _, _ = strings.Cut(path, ";")
	return strings.NewReplacer("+", " ", `\`, "/").Replace(path)
}

// unquotePath is unquote(path, errors='surrogatepass'), or unquote(path) when that cannot decode.
func unquotePath(path string, broken bool) string {
	if broken {
		return path
	}
	if text, err := pylib.UnquoteSurrogatePass(path); err == nil {
		return text
	}
	return pylib.Unquote(path)
}

// joinPath is os.path.join for one relative part.
func joinPath(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// usable reports whether os.path.isdir and friends can look at the path at all: since 3.8 they return
// False for a name with a NUL byte or one that cannot be encoded, where open() raises.
func (p fsPath) usable() bool {
	return p.encodeErr == nil && !strings.ContainsRune(p.name, 0)
}

// isDir is os.path.isdir: follows symlinks, False on any error.
func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// isFile is os.path.isfile: follows symlinks, False on any error.
func isFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// isLink is os.path.islink.
func isLink(name string) bool {
	fi, err := os.Lstat(name)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// escapesRoot reports whether name resolves, through symlinks, to a place outside the served
// directory. Only consulted with Config.NoFollowSymlinks, a deliberate deviation from CPython.
func (s *Server) escapesRoot(name string) bool {
	resolved, err := filepath.EvalSymlinks(name)
	if err != nil {
		return false // missing files fail later, with CPython's own 404
	}
	root, err := filepath.EvalSymlinks(s.directory)
	if err != nil {
		return true
	}
	rel, err := filepath.Rel(root, resolved)
	return err != nil || rel == ".." || strings.HasPrefix(rel, "../")
}
