package suite

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/httpspec/httpspec/suite/wire"
)

// Check is one expectation of an exchange's result. It is a Gomega matcher over *wire.Result, and it
// describes itself, so `httpspec explain` can say what a conforming server answers.
type Check struct {
	// Want says what a conforming server does, in a line.
	Want string
	// got inspects the result: whether it conforms, and what was seen, for the failure message.
	got func(r *wire.Result) (ok bool, seen string)
}

// Match implements types.GomegaMatcher.
func (k Check) Match(actual any) (bool, error) {
	r, ok := actual.(*wire.Result)
	if !ok || r == nil {
		return false, fmt.Errorf("a check needs a *wire.Result, got %T", actual)
	}
	conforms, _ := k.got(r)
	return conforms, nil
}

// FailureMessage implements types.GomegaMatcher.
func (k Check) FailureMessage(actual any) string {
	_, seen := k.got(actual.(*wire.Result))
	return "expected: " + k.Want + "\n     got: " + seen
}

// NegatedFailureMessage implements types.GomegaMatcher.
func (k Check) NegatedFailureMessage(actual any) string {
	_, seen := k.got(actual.(*wire.Result))
	return "expected not: " + k.Want + "\n         got: " + seen
}

// final is the result's last non-interim response, or nil.
func final(r *wire.Result) *wire.Response { return r.Final() }

func describeFinal(r *wire.Result) string {
	f := final(r)
	switch {
	case f == nil && len(r.Responses) == 0:
		return "no response (connection " + r.End.String() + ")"
	case f == nil:
		return "only an interim response: " + quote(r.Responses[0].StatusLine)
	case f.Headerless:
		return "a headerless reply of " + fmt.Sprint(len(f.Body)) + " bytes: " + quoteLimit(f.Body, 120)
	}
	return quote(f.StatusLine)
}

func quote(s string) string { return `"` + wire.Quote([]byte(s)) + `"` }

func quoteLimit(b []byte, n int) string {
	if len(b) > n {
		return `"` + wire.Quote(b[:n]) + `"…`
	}
	return `"` + wire.Quote(b) + `"`
}

// statusLine: the final response's status line is exactly line (without CRLF).
func statusLine(line string) Check {
	return Check{"status line " + quote(line), func(r *wire.Result) (bool, string) {
		f := final(r)
		return f != nil && !f.Headerless && f.StatusLine == line, describeFinal(r)
	}}
}

// status: the final response has this code (whatever its reason phrase).
func status(code int) Check {
	return Check{fmt.Sprintf("status %d", code), func(r *wire.Result) (bool, string) {
		f := final(r)
		return f != nil && !f.Headerless && f.Code == code, describeFinal(r)
	}}
}

// headerless: the reply is a bare body (no status line, no headers) equal to body.
func headerless(body string) Check {
	return Check{"a headerless reply (no status line, no headers) of " + quoteLimit([]byte(body), 80), func(r *wire.Result) (bool, string) {
		f := final(r)
		return f != nil && f.Headerless && string(f.Body) == body, describeFinal(r)
	}}
}

// headerlessContaining: a bare body that contains part.
func headerlessContaining(part string) Check {
	return Check{"a headerless reply containing " + quote(part), func(r *wire.Result) (bool, string) {
		f := final(r)
		return f != nil && f.Headerless && bytes.Contains(f.Body, []byte(part)), describeFinal(r)
	}}
}

// nothing: not one byte comes back.
func nothing() Check {
	return Check{"no bytes at all", func(r *wire.Result) (bool, string) {
		n := 0
		for _, resp := range r.Responses {
			n += len(resp.Raw)
		}
		return n == 0, fmt.Sprintf("%d bytes: %s", n, describeFinal(r))
	}}
}

// body: the final response's body is exactly want.
func body(want string) Check {
	return Check{"body " + quoteLimit([]byte(want), 120), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil {
			return false, describeFinal(r)
		}
		return string(f.Body) == want, "body " + quoteLimit(f.Body, 120)
	}}
}

// bodyContains: the final response's body contains part.
func bodyContains(part string) Check {
	return Check{"a body containing " + quote(part), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil {
			return false, describeFinal(r)
		}
		return bytes.Contains(f.Body, []byte(part)), "body " + quoteLimit(f.Body, 200)
	}}
}

// emptyBody: the final response has no body bytes.
func emptyBody() Check {
	return Check{"no body", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil {
			return false, describeFinal(r)
		}
		return len(f.Body) == 0, fmt.Sprintf("a body of %d bytes: %s", len(f.Body), quoteLimit(f.Body, 80))
	}}
}

// header: the final response's first header called name has exactly this value.
func header(name, value string) Check {
	return Check{"header " + quote(name+": "+value), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got, ok := f.Lookup(name)
		if !ok {
			return false, "no " + name + " header; headers " + headerList(f)
		}
		return got == value, quote(name + ": " + got)
	}}
}

// noHeader: the final response has no header called name.
func noHeader(name string) Check {
	return Check{"no " + name + " header", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got, ok := f.Lookup(name)
		return !ok, quote(name + ": " + got)
	}}
}

// headerNames: the final response's header names, exactly, in order, with their case.
func headerNames(names ...string) Check {
	want := strings.Join(names, ", ")
	return Check{"headers " + want + " in this order", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got := strings.Join(f.HeaderNames(), ", ")
		return got == want, "headers " + got
	}}
}

func headerList(f *wire.Response) string { return strings.Join(f.HeaderNames(), ", ") }

// closed: the server closes the connection after its reply (a reset after the reply counts too:
// CPython closes with unread input pending, and the kernel may then reset; research §1.4).
func closed() Check {
	return Check{"the server closes the connection", func(r *wire.Result) (bool, string) {
		return r.End == wire.Closed || r.End == wire.Reset, "the connection " + endState(r)
	}}
}

// stayOpen: the server keeps the connection open after its reply.
func stayOpen() Check {
	return Check{"the connection stays open", func(r *wire.Result) (bool, string) {
		return r.End == wire.Open, "the connection " + endState(r)
	}}
}

func endState(r *wire.Result) string {
	switch r.End {
	case wire.Open:
		return "stayed open"
	case wire.Closed:
		return "was closed"
	case wire.Reset:
		return "was reset"
	}
	return "ended in an unknown state"
}

// responses: exactly n final (non-1xx) responses come back.
func responses(n int) Check {
	return Check{fmt.Sprintf("%d response(s)", n), func(r *wire.Result) (bool, string) {
		got := 0
		for _, resp := range r.Responses {
			if !resp.Interim() {
				got++
			}
		}
		return got == n, fmt.Sprintf("%d response(s), last %s", got, describeFinal(r))
	}}
}

// continue100: the first reply is exactly "HTTP/1.1 100 Continue\r\n\r\n" (no headers).
func continue100(protocol string) Check {
	want := protocol + " 100 Continue\r\n\r\n"
	return Check{"first an interim " + quote(want), func(r *wire.Result) (bool, string) {
		if len(r.Responses) == 0 {
			return false, "no response"
		}
		return string(r.Responses[0].Raw) == want, "first " + quoteLimit(r.Responses[0].Raw, 80)
	}}
}

// no100: no interim response comes back.
func no100() Check {
	return Check{"no 100 Continue", func(r *wire.Result) (bool, string) {
		for _, resp := range r.Responses {
			if resp.Interim() {
				return false, quote(resp.StatusLine)
			}
		}
		return true, "no interim response"
	}}
}

var (
	dateValueRE   = regexp.MustCompile(`(?m)^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT\r$`)
	serverValueRE = regexp.MustCompile(`(?m)^Server: [^\r\n]*\r$`)
)

// exactly: every byte that comes back equals want, where "<DATE>" stands for an RFC 1123 date in
// the Date header and "<SERVER>" for any Server value.
func exactly(want string) Check {
	return Check{"exactly " + quoteLimit([]byte(want), 400), func(r *wire.Result) (bool, string) {
		var all []byte
		for _, resp := range r.Responses {
			all = append(all, resp.Raw...)
		}
		got := dateValueRE.ReplaceAll(all, []byte("Date: <DATE>\r"))
		got = serverValueRE.ReplaceAll(got, []byte("Server: <SERVER>\r"))
		return string(got) == want, quoteLimit(got, 400) + firstDifference(string(got), want)
	}}
}

// firstDifference points at the first byte where got and want part.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	if i == len(got) && i == len(want) {
		return ""
	}
	from := max(0, i-20)
	return fmt.Sprintf("\n   first difference at byte %d: got %s, want %s", i,
		quoteLimit([]byte(got[from:min(len(got), i+20)]), 60), quoteLimit([]byte(want[from:min(len(want), i+20)]), 60))
}
