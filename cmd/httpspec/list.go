package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/httpspec/httpspec/suite"
	"github.com/httpspec/httpspec/suite/catalog"
)

// list is `httpspec list`: the catalogue with ids, areas, levels, versions, citations and how many
// specs check each behavior.
func list(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: httpspec list")
		return 2
	}
	specs := map[string]int{}
	for _, s := range suite.Specs() {
		specs[s.Behavior]++
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLEVEL\tVERSIONS\tSPECS\tSUMMARY")
	for _, b := range catalog.Behaviors() {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\n", b.ID, b.Level, b.Versions, specs[b.ID], b.Summary)
	}
	w.Flush()
	fmt.Fprintf(stdout, "\n%d behaviors, %d specs\n", len(catalog.Behaviors()), len(suite.Specs()))
	return 0
}
