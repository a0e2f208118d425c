package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestFixturesRefusesANonEmptyDirectory: `httpspec fixtures DIR` writes into a new or empty directory,
// refuses one that holds anything (a file of the user's, or an earlier tree) without touching it, and
// with --force writes the tree while leaving what else is there alone.
func TestFixturesRefusesANonEmptyDirectory(t *testing.T) {
	base := t.TempDir()
	fresh := filepath.Join(base, "fresh")
	if code, _, stderr := dispatchCapture("fixtures", fresh); code != 0 || !isDir(filepath.Join(fresh, "docroot")) {
		t.Fatalf("into a new directory: exit %d\n%s", code, stderr)
	}
	empty := filepath.Join(base, "empty")
	os.Mkdir(empty, 0o755)
	if code, _, stderr := dispatchCapture("fixtures", empty); code != 0 {
		t.Fatalf("into an empty directory: exit %d\n%s", code, stderr)
	}

	mine := filepath.Join(base, "mine")
	os.Mkdir(mine, 0o700)
	keep := filepath.Join(mine, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{mine, fresh} {
		before := entries(t, dir)
		code, stdout, stderr := dispatchCapture("fixtures", dir)
		if code == 0 || !strings.Contains(stderr, "not empty") || stdout != "" {
			t.Errorf("into %s: exit %d, stdout %q, stderr %q; want a refusal naming the directory as not empty", dir, code, stdout, stderr)
		}
		if after := entries(t, dir); strings.Join(after, " ") != strings.Join(before, " ") {
			t.Errorf("the refusal changed %s: %v became %v", dir, before, after)
		}
	}

	if code, _, stderr := dispatchCapture("fixtures", "--force", mine); code != 0 || !isDir(filepath.Join(mine, "docroot")) {
		t.Fatalf("--force: exit %d\n%s", code, stderr)
	}
	if data, err := os.ReadFile(keep); err != nil || string(data) != "mine\n" {
		t.Errorf("--force touched a file that is not the fixtures': %q, %v", data, err)
	}
}

// entries lists a directory's names, recursively, with their sizes.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, _ := d.Info()
		if info != nil {
			out = append(out, p+" "+info.Mode().String())
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
