package wire

import (
	"bytes"
	"testing"
)

// FuzzParseResponse feeds the parser arbitrary replies, with the default bounds and with tiny ones,
// and checks that it never panics, that what it keeps is exactly what it consumed, and that what it
// keeps stays within the bounds: a hostile server can only cost bounded memory.
func FuzzParseResponse(f *testing.F) {
	for _, c := range parseCases {
		f.Add([]byte(c.data), c.method)
	}
	defaults := Options{}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte, method string) {
		for _, lim := range []limits{{defaults.MaxHeaderBytes, defaults.MaxBodyBytes}, {header: 24, body: 8}} {
			r, rest := parseWithLimits(data, method, lim)
			checkParse(t, data, r, rest, lim)
		}
	})
}

func checkParse(t *testing.T, data []byte, r *Response, rest []byte, lim limits) {
	t.Helper()
	if r == nil {
		if len(data) != 0 {
			t.Fatalf("no response from %d bytes", len(data))
		}
		return
	}
	if !bytes.HasPrefix(data, r.Raw) || !bytes.HasSuffix(data, rest) || len(r.Raw)+len(rest) > len(data) {
		t.Fatalf("Raw (%d bytes) and rest (%d bytes) are not a split of the %d input bytes", len(r.Raw), len(rest), len(data))
	}
	if !r.Truncated && len(r.Raw)+len(rest) != len(data) {
		t.Fatalf("untruncated parse dropped bytes: %d + %d != %d", len(r.Raw), len(rest), len(data))
	}
	if !bytes.HasSuffix(r.Raw, r.Body) || len(r.Body) > lim.body || len(r.Raw)-len(r.Body) > lim.header {
		t.Fatalf("body %d bytes, head %d bytes: over the bounds %+v", len(r.Body), len(r.Raw)-len(r.Body), lim)
	}
	if len(r.Problems) > maxProblems || (r.Complete && r.Truncated) {
		t.Fatalf("%d problems, complete %v, truncated %v", len(r.Problems), r.Complete, r.Truncated)
	}
	if r.Headerless && (r.Code != 0 || len(r.Headers) != 0 || r.Framing != UntilClose) {
		t.Fatalf("headerless reply with a status or headers: %v", r)
	}
	if kept := retained(r); kept > 3*len(data)+maxProblems*1024 {
		t.Fatalf("kept %d bytes for %d input bytes", kept, len(data))
	}
	_ = r.String()
}

// retained is how many bytes a parsed response holds on to.
func retained(r *Response) int {
	n := len(r.Raw) + len(r.StatusLine) + len(r.Version) + len(r.Reason)
	for _, h := range r.Headers {
		n += len(h.Name) + len(h.Value) + len(h.Line)
	}
	for _, p := range r.Problems {
		n += len(p.Detail)
	}
	return n
}
