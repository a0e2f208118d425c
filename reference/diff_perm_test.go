package reference_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/httpspec/httpspec/internal/cpython"
)

// TestDiffCPythonUnprivileged runs the permission cases of research §4.9, which only show when the
// server is not root (root passes every permission check): CPython through internal/cpython's
// privilege-dropping launcher, the reference as the compiled httpspec binary started as the same
// user, uid and gid 65534. The launcher initialises mimetypes from the host's files before it drops
// root, so the reference is given the same files.
func TestDiffCPythonUnprivileged(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("the permission cases need root, to start both servers as uid 65534")
	}
	py := findCPython(t)
	layout := materializeTree(t)
	if err := layout.ReachableByOthers(); err != nil {
		t.Skipf("uid 65534 cannot reach the fixture tree: %v", err)
	}
	bin := buildReferenceBinary(t)
	args := []string{"serve", "--bind", "127.0.0.1", "--directory", layout.DocRoot}
	for _, f := range cpythonMIMEFiles(t, py) {
		args = append(args, "--mime-types", f)
	}
	if *diffFaults != "" {
		args = append(args, "--fault", *diffFaults)
	}
	nobody := &syscall.Credential{Uid: uint32(cpython.Nobody.UID), Gid: uint32(cpython.Nobody.GID)}
	runDiff(t, diffRun{
		layout:    layout,
		cases:     inGroup("perm", permissionCases()),
		pyVersion: py.Version.String(),
		cpython: func(protocol string) *exec.Cmd {
			return cpythonServer(t, py, layout.DocRoot, "", cpython.Mode{Protocol: protocol, DropTo: &cpython.Nobody}, false)
		},
		referenceCmd: func(protocol string) *exec.Cmd {
			cmd := exec.Command(bin, append(args, "--protocol", protocol, "0")...)
			cmd.Dir = layout.DocRoot
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: nobody}
			return cmd
		},
	})
}

// buildReferenceBinary compiles cmd/httpspec into a directory uid 65534 can execute from.
func buildReferenceBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			goTool, err = p, nil
		}
	}
	if err != nil {
		t.Skipf("no go command to build the reference binary with: %v", err)
	}
	dir, err := os.MkdirTemp("", "httpspec-bin-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "httpspec")
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/httpspec/httpspec/cmd/httpspec").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./cmd/httpspec: %v\n%s", err, out)
	}
	return bin
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// permissionCases are the rows of §4.9 and §4.2's unreadable index, plus ordinary requests that must
// not change when the server is unprivileged.
func permissionCases() []diffCase {
	paths := []string{
		"/perm/", "/perm", "/perm/unreadable.txt", "/perm/unreadable.txt/", "/perm/unlistable",
		"/perm/unlistable/", "/perm/unlistable/?x=<1>", "/perm/unlistable/inside.txt",
		"/perm/unlistable/missing/", "/perm/nosearch", "/perm/nosearch/", "/perm/nosearch/file.txt",
		"/perm/nosearch/subdir", "/perm/nosearch/subdir/", "/perm/nosearch/missing", "/perm/badindex",
		"/perm/badindex/", "/perm/badindex/index.html", "/perm/badindex/index.htm",
		"/perm/badindex/?x", "/a.txt", "/", "/listdir/", "/dir1/", "/dir4/", "/link_outside_file",
		"/link_outside_dir/", "/broken_link", "/missing.txt", "/%00", "/%ed%a0%80", "/mime/x.md",
		"/mime/x.woff2", "/cgi-bin/env.py",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("get/"+quoteName(p), get10(p)))
	}
	return append(out,
		rq("head/unreadable", req("HEAD /perm/unreadable.txt HTTP/1.0")),
		rq("head/unlistable", req("HEAD /perm/unlistable/ HTTP/1.0")),
		rq("head/large", req("HEAD /large.bin HTTP/1.0")),
		rq("ims/unreadable", get10("/perm/unreadable.txt", "If-Modified-Since: "+mtime)),
		rq("ims/badindex", get10("/perm/badindex/", "If-Modified-Since: "+mtime)),
		rq("http11/unreadable", get11("/perm/unreadable.txt")),
		rq("http11/unlistable", get11("/perm/unlistable/")),
		rq("http11/nosearch-listing", get11("/perm/nosearch/")),
		rq("http11/pipeline", get11("/perm/nosearch/")+get11("/perm/unreadable.txt")+get11("/a.txt")).rst(),
		rq("0.9/unreadable", "GET /perm/unreadable.txt\r\n\r\n"),
		rq("0.9/unlistable", "GET /perm/unlistable/\r\n\r\n"),
	)
}
