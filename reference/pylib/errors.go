package pylib

import "fmt"

// UnicodeDecodeError is Python's exception of that name: bytes that a codec
// could not decode. Start and End are byte offsets into Object.
type UnicodeDecodeError struct {
	Encoding string
	Object   []byte
	Start    int
	End      int
	Reason   string
}

// Error is str(exc), as UnicodeDecodeError.__str__ formats it.
func (e *UnicodeDecodeError) Error() string {
	if e.End == e.Start+1 {
		return fmt.Sprintf("'%s' codec can't decode byte 0x%02x in position %d: %s",
			e.Encoding, e.Object[e.Start], e.Start, e.Reason)
	}
	return fmt.Sprintf("'%s' codec can't decode bytes in position %d-%d: %s",
		e.Encoding, e.Start, e.End-1, e.Reason)
}

// UnicodeEncodeError is Python's exception of that name: characters that a
// codec could not encode. Start and End count code points of Object.
type UnicodeEncodeError struct {
	Encoding string
	Object   string
	Start    int
	End      int
	Reason   string
}

// Error is str(exc), as UnicodeEncodeError.__str__ formats it.
func (e *UnicodeEncodeError) Error() string {
	if e.End == e.Start+1 {
		return fmt.Sprintf("'%s' codec can't encode character '%s' in position %d: %s",
			e.Encoding, escapeCodePoint(e.codePoint(e.Start)), e.Start, e.Reason)
	}
	return fmt.Sprintf("'%s' codec can't encode characters in position %d-%d: %s",
		e.Encoding, e.Start, e.End-1, e.Reason)
}

// codePoint returns the n-th code point of Object.
func (e *UnicodeEncodeError) codePoint(n int) rune {
	for i := 0; i < len(e.Object); n-- {
		r, size := decodeText(e.Object, i)
		if n == 0 {
			return r
		}
		i += size
	}
	return 0
}

// escapeCodePoint is the \x, \u or \U escape the exception messages use.
func escapeCodePoint(r rune) string {
	switch {
	case r <= 0xFF:
		return fmt.Sprintf("\\x%02x", r)
	case r <= 0xFFFF:
		return fmt.Sprintf("\\u%04x", r)
	default:
		return fmt.Sprintf("\\U%08x", r)
	}
}
