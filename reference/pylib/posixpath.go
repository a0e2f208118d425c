package pylib

import "strings"

// NormPath is posixpath.normpath (CPython 3.13.0): "." and empty
// components are dropped, ".." removes the component before it but cannot
// climb above a leading '/', and leading ".." stay in relative paths.
// Exactly two leading slashes are kept (POSIX leaves "//" to the
// implementation); one, or three or more, become one. The empty path is ".".
func NormPath(s string) string {
	if s == "" {
		return "."
	}
	root, rest := splitRoot(s)
	comps := make([]string, 0, strings.Count(rest, "/")+1)
	for more := true; more; {
		var comp string
		comp, rest, more = strings.Cut(rest, "/")
		switch {
		case comp == "" || comp == ".":
		case comp != ".." || (root == "" && len(comps) == 0) || (len(comps) > 0 && comps[len(comps)-1] == ".."):
			comps = append(comps, comp)
		case len(comps) > 0:
			comps = comps[:len(comps)-1]
		}
	}
	if path := root + strings.Join(comps, "/"); path != "" {
		return path
	}
	return "."
}

// splitRoot is posixpath.splitroot without the drive: the leading slashes
// as normpath keeps them, and the rest.
func splitRoot(s string) (root, rest string) {
	switch {
	case !strings.HasPrefix(s, "/"):
		return "", s
	case strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "///"):
		return "//", s[2:]
	default:
		return "/", s[1:]
	}
}

// SplitExt is posixpath.splitext (genericpath._splitext, CPython 3.13.0):
// the extension is the last '.' of the last path component and what
// follows it, unless every character before that '.' in the component is a
// '.' too, so ".bashrc" and ".." have none and "a." has ".".
func SplitExt(s string) (root, ext string) {
	sep := strings.LastIndexByte(s, '/')
	dot := strings.LastIndexByte(s, '.')
	if dot > sep {
		for i := sep + 1; i < dot; i++ {
			if s[i] != '.' {
				return s[:dot], s[dot:]
			}
		}
	}
	return s, ""
}
