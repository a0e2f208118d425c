package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The document root every server serves: the files and the directory the workloads ask for.
const (
	pathSmall   = "/100.txt"
	pathMedium  = "/10k.txt"
	pathLarge   = "/1m.bin"
	pathHuge    = "/100m.bin"
	pathListing = "/list/"

	listingEntries = 1000
)

// fileSizes are the sizes of the served files, by URL path.
var fileSizes = map[string]int{
	pathSmall:  100,
	pathMedium: 10 << 10,
	pathLarge:  1 << 20,
	pathHuge:   100 << 20,
}

// makeDocRoot writes the document root into dir: files of the sizes above (text for the .txt, so
// every server types them text/plain; deterministic bytes, so a check can recompute them), and a
// directory of listingEntries empty files, a few subdirectories among them.
func makeDocRoot(dir string) error {
	for path, size := range fileSizes {
		if err := os.WriteFile(filepath.Join(dir, path), fileBody(size), 0o644); err != nil {
			return err
		}
	}
	list := filepath.Join(dir, pathListing)
	if err := os.Mkdir(list, 0o755); err != nil {
		return err
	}
	for _, name := range listingNames() {
		full := filepath.Join(list, name)
		var err error
		if isListingDir(name) {
			err = os.Mkdir(full, 0o755)
		} else {
			err = os.WriteFile(full, nil, 0o644)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// listingNames are the entries of the listed directory: mixed case, so that sorting by lower() has
// work to do, and a character that needs %-quoting and HTML-escaping in every tenth name.
func listingNames() []string {
	names := make([]string, 0, listingEntries)
	for i := range listingEntries {
		switch {
		case i%10 == 3:
			names = append(names, fmt.Sprintf("Report & notes %04d.txt", i))
		case i%50 == 7:
			names = append(names, fmt.Sprintf("dir-%04d", i))
		default:
			names = append(names, fmt.Sprintf("file-%04d.txt", i))
		}
	}
	return names
}

func isListingDir(name string) bool { return strings.HasPrefix(name, "dir-") }

// fileBody is size bytes of printable text, lines of 64.
func fileBody(size int) []byte {
	b := make([]byte, size)
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
	for i := range b {
		if i%64 == 63 {
			b[i] = '\n'
		} else {
			b[i] = alphabet[(i*7+i/64)%len(alphabet)]
		}
	}
	return b
}
