package reference

import (
	"fmt"
	"sort"
	"strings"
)

// Fault names one behavior the reference can be told to get wrong. The suite's self-test starts the
// reference with one fault at a time and checks that the specs of the broken behavior fail: a spec that
// passes against a broken server proves nothing.
type Fault string

// Faults is a set of faults; the zero value breaks nothing.
type Faults map[Fault]bool

// has is how the server asks whether to misbehave. It is inlined at every switch: with no fault set
// (always, outside the self-test) the answer is one length check and the map is never consulted.
func (f Faults) has(x Fault) bool { return len(f) != 0 && f[x] }

// faultCatalog lists every fault with what it breaks. Add a fault here when a behavior gains one.
var faultCatalog = map[Fault]string{}

// registerFault declares a fault; each file declares the faults of its own behaviors.
func registerFault(name Fault, breaks string) Fault {
	if _, dup := faultCatalog[name]; dup {
		panic("reference: fault registered twice: " + string(name))
	}
	faultCatalog[name] = breaks
	return name
}

// KnownFaults lists every fault name with a description of what it breaks, sorted by name.
func KnownFaults() []string {
	out := make([]string, 0, len(faultCatalog))
	for name, breaks := range faultCatalog {
		out = append(out, string(name)+"\t"+breaks)
	}
	sort.Strings(out)
	return out
}

// ParseFaults reads a comma-separated list of fault names.
func ParseFaults(s string) (Faults, error) {
	out := Faults{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if _, ok := faultCatalog[Fault(name)]; !ok {
			return nil, fmt.Errorf("unknown fault %q (httpspec serve --list-faults lists them)", name)
		}
		out[Fault(name)] = true
	}
	return out, nil
}
