package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/httpspec/httpspec/fixtures"
)

// writeFixtures is `httpspec fixtures DIR`: the document root the suite expects, for people who start
// their server by hand (then `httpspec run --addr HOST:PORT --root DIR`).
func writeFixtures(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("httpspec fixtures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "write into a directory that is not empty (replacing only what the fixtures hold)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: httpspec fixtures [--force] DIR\n\nWrites DIR/docroot (serve this) and DIR/outside (targets of the symlinks that leave the root).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	layout, err := fixtures.Materialize(fs.Arg(0), fixtures.Options{Force: *force})
	if err != nil {
		fmt.Fprintf(stderr, "httpspec fixtures: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d entries; serve %s\n", len(fixtures.Tree()), layout.DocRoot)
	for _, na := range layout.NotApplicable {
		fmt.Fprintf(stdout, "not applicable on this file system: %s (%s)\n", na.Path, na.Reason)
	}
	if err := layout.ReachableByOthers(); err != nil {
		fmt.Fprintf(stdout, "note: %v\n", err)
	}
	return 0
}
