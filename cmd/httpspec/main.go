// Command httpspec is the conformance suite and reference server for Python's http.server.
//
//	httpspec serve [port] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [--cgi]   a drop-in for python -m http.server
//	httpspec run [--target 'CMD {port} {dir}']                                  the suite against a target (default: the reference)
//	httpspec list                                                               the behavior catalogue
//	httpspec explain ID [--target 'CMD']                                        one behavior, its specs' bytes, and a live run
//	httpspec matrix --target NAME='CMD' ... [--markdown F] [--html F]           several targets, behaviors × targets
//	httpspec fixtures DIR                                                       write the document root the suite expects
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// dispatch runs a subcommand and returns the process's exit status.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "httpspec: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}

type command func(args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"serve":    serve,
	"run":      runCommand,
	"list":     list,
	"fixtures": writeFixtures,
	"explain":  explain,
	"matrix":   matrixCommand,
}

const usage = `usage: httpspec COMMAND [ARGS]

commands:
  run       run the conformance suite against a server (default: the embedded reference)
  serve     a drop-in for "python -m http.server" (run "httpspec serve -h")
  list      list the behavior catalogue
  explain   explain one behavior: citation, versions, the bytes each spec sends (--target: live)
  matrix    run several targets at once, or merge JSON reports, into a behaviors × targets table
  fixtures  write the document root the suite expects into a directory
`

func interrupts() <-chan os.Signal {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	return ch
}
