package suite

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onsi/gomega"
	gtypes "github.com/onsi/gomega/types"

	"github.com/httpspec/httpspec/suite/wire"
)

// Checks and spec shapes for the protocol areas (request line, headers, persistence, Expect,
// methods): several responses on one connection, and requests that must meet silence first.

// finalResponses is the result's non-interim responses, in order.
func finalResponses(r *wire.Result) []*wire.Response {
	var out []*wire.Response
	for _, resp := range r.Responses {
		if !resp.Interim() {
			out = append(out, resp)
		}
	}
	return out
}

// nthResponse applies checks to the nth final response (1-based) of a pipelined exchange, as if it had
// been the only one; checks on how the connection ended see the exchange's end.
func nthResponse(n int, checks ...Check) Check {
	var wants []string
	for _, k := range checks {
		wants = append(wants, k.Want)
	}
	want := fmt.Sprintf("response #%d: %s", n, strings.Join(wants, "; "))
	return Check{want, func(r *wire.Result) (bool, string) {
		fs := finalResponses(r)
		if len(fs) < n {
			return false, fmt.Sprintf("only %d response(s)", len(fs))
		}
		one := &wire.Result{Responses: []*wire.Response{fs[n-1]}, End: r.End, Transcript: r.Transcript}
		for _, k := range checks {
			if ok, seen := k.got(one); !ok {
				return false, fmt.Sprintf("response #%d: %s (where %s was expected)", n, seen, k.Want)
			}
		}
		return true, fmt.Sprintf("response #%d as expected", n)
	}}
}

// statusLinesInOrder: the final responses' status lines are exactly these, in order, and there are
// no others (a headerless reply shows as "<headerless>").
func statusLinesInOrder(lines ...string) Check {
	want := strings.Join(lines, " | ")
	return Check{"status lines " + quote(want), func(r *wire.Result) (bool, string) {
		var got []string
		for _, f := range finalResponses(r) {
			if f.Headerless {
				got = append(got, "<headerless>")
				continue
			}
			got = append(got, f.StatusLine)
		}
		return strings.Join(got, " | ") == want, "status lines " + quote(strings.Join(got, " | "))
	}}
}

// errorPageSays: the final reply, headerless or not, is an error page whose message line is
// "<p>Message: msg.</p>" (the same in both templates, research §3.4), with msg HTML-escaped as
// html.escape(quote=False) does and encoded as UTF-8.
func errorPageSays(msg string) Check {
	line := "<p>Message: " + msg + ".</p>"
	return Check{"an error page with " + quote(line), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil {
			return false, describeFinal(r)
		}
		if strings.Contains(string(f.Body), line) {
			return true, "body contains it"
		}
		return false, describeFinal(r) + " with body " + quoteLimit(f.Body, 600)
	}}
}

// readAnswers reads every response on conn, as wire.Exchange does after its send: until the peer
// closes, resets or stays silent (for the connection's timeout before a response, for quiet after a
// final one).
func readAnswers(conn *wire.Conn, method string, quiet time.Duration) (*wire.Result, error) {
	res := &wire.Result{Transcript: conn.Transcript()}
	for {
		r, err := conn.ReadResponse(method)
		if r != nil {
			res.Responses = append(res.Responses, r)
		}
		switch {
		case errors.Is(err, wire.ErrClosed), errors.Is(err, wire.ErrReset), errors.Is(err, wire.ErrSilent):
			res.End = conn.Peer()
			return res, nil
		case errors.Is(err, wire.ErrDesync):
			return res, nil
		case err != nil:
			return res, err
		case r.End != wire.Unknown || !r.Complete:
			res.End = r.End
			return res, nil
		}
		if r.Interim() || len(conn.Buffered()) > 0 {
			continue
		}
		st, err := conn.State(quiet)
		if err != nil {
			return res, err
		}
		if len(conn.Buffered()) == 0 {
			res.End = st
			return res, nil
		}
	}
}

// talkTurn is one request of a talk, and what its answer must be.
type talkTurn struct {
	request string
	checks  []Check
}

func ask(request string, checks ...Check) talkTurn { return talkTurn{request, checks} }

// talk is a spec that sends each turn's request on one connection only after the previous answer
// has been read whole, so that it shows the server waiting for the next request rather than reading
// a pipeline. Each turn is checked on its own answer; the last turn's checks also see how the
// connection ended.
func talk(behavior, name string, mode Mode, turns ...talkTurn) Spec {
	var all strings.Builder
	for _, t := range turns {
		all.WriteString(t.request)
	}
	s := custom(behavior, name, mode, func(c *Case) {
		conn := c.Dial()
		for i, t := range turns {
			c.Expect(conn.Send([]byte(t.request))).To(gomega.Succeed(), "sending request #%d", i+1)
			res, err := readOneAnswer(c, conn, t.request, i == len(turns)-1)
			c.Expect(err).NotTo(gomega.HaveOccurred(), "reading the answer to request #%d", i+1)
			for _, k := range t.checks {
				c.Expect(res).To(k, "the answer to request #%d", i+1)
			}
		}
	})
	s.Request = all.String()
	return s
}

// readOneAnswer reads the answer to one turn: up to its final response, and for the last turn on
// to the connection's end.
func readOneAnswer(c *Case, conn *wire.Conn, request string, last bool) (*wire.Result, error) {
	method := firstWord(request)
	if last {
		return readAnswers(conn, method, c.Config.Quiet)
	}
	res := &wire.Result{Transcript: conn.Transcript()}
	for {
		r, err := conn.ReadResponse(method)
		switch {
		case errors.Is(err, wire.ErrClosed), errors.Is(err, wire.ErrReset), errors.Is(err, wire.ErrSilent):
			res.End = conn.Peer()
			return res, nil
		case err != nil:
			return res, err
		}
		res.Responses, res.End = append(res.Responses, r), r.End
		if !r.Interim() {
			return res, nil
		}
	}
}

// firstWord is the request's first word, which decides whether a response has a body (HEAD).
func firstWord(request string) string {
	if i := strings.IndexAny(request, " \r\n"); i >= 0 {
		return request[:i]
	}
	return request
}

// silenceFirst is a spec that sends partial, proves that the server answers nothing and keeps the
// connection open for the run's quiet time, then sends rest and checks the whole answer. It costs one
// quiet wait: use it only where silence is the behavior.
func silenceFirst(behavior, name string, mode Mode, partial, rest string, checks ...Check) Spec {
	s := custom(behavior, name, mode, func(c *Case) {
		conn := c.Dial()
		c.Expect(conn.Send([]byte(partial))).To(gomega.Succeed())
		got, err := conn.ReadQuiet(c.Config.Quiet)
		c.Expect(err).NotTo(gomega.HaveOccurred())
		c.Expect(got.Bytes).To(gomega.BeEmpty(), "the server answered %q before the rest was sent: %s",
			wire.Quote([]byte(partial)), wire.Quote(got.Bytes))
		c.Expect(got.End).To(gomega.Equal(wire.Open),
			"the server ended the connection (%s) before the rest was sent", got.End)
		c.Note("silent and open for %s after %q", c.Config.Quiet, wire.Quote([]byte(partial)))
		c.Expect(conn.Send([]byte(rest))).To(gomega.Succeed())
		res, err := readAnswers(conn, firstWord(partial), c.Config.Quiet)
		c.Expect(err).NotTo(gomega.HaveOccurred())
		for _, k := range checks {
			c.Expect(res).To(k)
		}
	})
	s.Request = partial + rest
	return s
}

// loggedExchange is a spec that makes one exchange, then checks the target's log lines for it (the lines
// the case caused, up to the log marker).
func loggedExchange(behavior, name string, mode Mode, request string, halfClose bool,
	check func(c *Case, res *wire.Result, lines []string)) Spec {
	s := custom(behavior, name, mode, func(c *Case) {
		opts := c.Options()
		opts.HalfClose = halfClose
		res := c.ExchangeWith(request, opts)
		check(c, res, c.Log())
	}).with(NeedLog)
	s.Request, s.HalfClose = request, halfClose
	return s
}

// accessLogTail is the tail of the access-log line for a request line and status: "<line>" <code> -
// (research §6.1). Control characters would be escaped since gh-100001; callers use plain text.
func accessLogTail(requestLine string, code int) string {
	return fmt.Sprintf("\"%s\" %d -", requestLine, code)
}

// haveLogLineEnding matches log lines of which one ends with suffix.
func haveLogLineEnding(suffix string) gtypes.GomegaMatcher {
	return gomega.ContainElement(gomega.HaveSuffix(suffix))
}

// positiveContentLength: the final response announces a body with a Content-Length above zero (a
// reply to HEAD keeps the length of the body it leaves out, research §3.4).
func positiveContentLength() Check {
	return Check{"a Content-Length above 0", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		v, ok := f.Lookup("Content-Length")
		if !ok {
			return false, "no Content-Length; headers " + headerList(f)
		}
		return f.ContentLength > 0, quote("Content-Length: " + v)
	}}
}

// showing sets the request a custom spec sends, for `httpspec explain`.
func (s Spec) showing(request string) Spec {
	s.Request = request
	return s
}

// framedByLength: the final response's body is exactly Content-Length bytes and was read whole. A
// length that falls short leaves bytes that show as a second response: pair it with responses(1).
func framedByLength() Check {
	return Check{"a body of exactly Content-Length bytes", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		return f.Framing == wire.ByLength && f.Complete && int64(len(f.Body)) == f.ContentLength,
			fmt.Sprintf("framing %s, Content-Length %d, %d body bytes, complete %v",
				f.Framing, f.ContentLength, len(f.Body), f.Complete)
	}}
}
