package main

import (
	"io"

	"github.com/httpspec/httpspec/reference"
)

// serve is `httpspec serve`: the reference server with http.server's command line.
func serve(args []string, stdout, stderr io.Writer) int {
	return reference.Main(args, stdout, stderr, interrupts())
}
