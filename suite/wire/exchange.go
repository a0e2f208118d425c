package wire

import (
	"bytes"
	"context"
	"errors"
)

// Result is what one Exchange saw.
type Result struct {
	// Responses in the order received, interim 1xx responses included.
	Responses []*Response
	// End is how the connection ended: Closed or Reset, Open when the peer went silent after the
	// last response (for Options.Quiet) or during it, Unknown when a response was cut at a byte bound.
	End        PeerState
	Transcript *Transcript
}

// Received returns every byte the peer sent, in order, including any that no response framed.
func (r *Result) Received() []byte {
	var all []byte
	for _, e := range r.Transcript.Events() {
		if e.Kind == EventRecv {
			all = append(all, e.Data...)
		}
	}
	return all
}

// Final returns the last response that is not interim, or nil.
func (r *Result) Final() *Response {
	for i := len(r.Responses) - 1; i >= 0; i-- {
		if !r.Responses[i].Interim() {
			return r.Responses[i]
		}
	}
	return nil
}

// Exchange dials addr, sends request in one write, half-closes if Options.HalfClose, then reads
// responses until the peer closes or resets, or stays silent: for Options.Timeout before the first
// response or after an interim one, for Options.Quiet after a final one. The connection is closed on
// return.
//
// The method that decides HEAD framing is the first word of request; several pipelined requests are
// all framed by it. A reset while sending is not an error: what the server sent first is still read
// (research §1.4: a reset may follow a 414 or 431 response).
func Exchange(ctx context.Context, addr string, request []byte, opts Options) (*Result, error) {
	c, err := Dial(ctx, addr, opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	res := &Result{Transcript: c.Transcript()}
	if err := c.Send(request); err != nil && !errors.Is(err, ErrReset) {
		return res, err
	}
	if c.opts.HalfClose && c.Peer() != Reset {
		if err := c.CloseWrite(); err != nil {
			return res, err
		}
	}
	method := requestMethod(request)
	wait := c.opts.Timeout
	for {
		r, err := c.readResponse(method, wait)
		if r != nil {
			res.Responses = append(res.Responses, r)
		}
		switch {
		case errors.Is(err, ErrClosed), errors.Is(err, ErrReset), errors.Is(err, ErrSilent):
			res.End = c.Peer()
			return res, nil
		case errors.Is(err, ErrDesync):
			return res, nil
		case err != nil:
			return res, err
		case r.End != Unknown || !r.Complete:
			res.End = r.End
			return res, nil
		}
		wait = c.opts.Quiet
		if r.Interim() {
			wait = c.opts.Timeout
		}
	}
}

// requestMethod is the request's first word: the bytes before the first space or line end.
func requestMethod(request []byte) string {
	if i := bytes.IndexAny(request, " \r\n"); i >= 0 {
		return string(request[:i])
	}
	return string(request)
}
