package pylib

import (
	"math"
	"strconv"
	"time"
)

var (
	dayAbbrevs   = [...]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	monthAbbrevs = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// FormatDate is email.utils.formatdate(timeval, usegmt=True) (CPython
// 3.13.0), the form of the Date and Last-Modified headers:
// "Thu, 02 Jan 2020 03:04:05 GMT". timeval is t as os.stat's float
// st_mtime holds it, so the seconds are those of FromTimestamp(t). Years
// outside 1 to 9999, where Python raises, are written all the same.
func FormatDate(t time.Time) string {
	dt := FromTimestamp(t)
	weekday := (int(dt.Weekday()) + 6) % 7 // Python counts from Monday
	b := make([]byte, 0, 29)
	b = append(b, dayAbbrevs[weekday]...)
	b = append(b, ", "...)
	b = appendPadded(b, dt.Day(), 2)
	b = append(b, ' ')
	b = append(b, monthAbbrevs[dt.Month()-1]...)
	b = append(b, ' ')
	b = appendPadded(b, dt.Year(), 4)
	b = append(b, ' ')
	b = appendPadded(b, dt.Hour(), 2)
	b = append(b, ':')
	b = appendPadded(b, dt.Minute(), 2)
	b = append(b, ':')
	b = appendPadded(b, dt.Second(), 2)
	return string(append(b, " GMT"...))
}

// appendPadded is Python's "%0*d".
func appendPadded(b []byte, n, width int) []byte {
	digits := strconv.Itoa(n)
	if n < 0 {
		b = append(b, '-')
		digits = digits[1:]
		width--
	}
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// FromTimestamp is datetime.datetime.fromtimestamp(ts, timezone.utc)
// (CPython 3.13.0) where ts is t as os.stat's float st_mtime holds it
// (seconds + nanoseconds * 1e-9, a double). The fraction is rounded
// half-to-even to microseconds, so a time within half a microsecond of the
// next second (and some further off, by the double's imprecision) shows
// the next second in Last-Modified and in the If-Modified-Since comparison.
func FromTimestamp(t time.Time) time.Time {
	ts := float64(t.Unix()) + float64(float64(t.Nanosecond())*1e-9)
	sec, usec := doubleToDenominator(ts, 1e6)
	return time.Unix(sec, usec*1000).UTC()
}

// doubleToDenominator is _PyTime_DoubleToDenominator with
// _PyTime_ROUND_HALF_EVEN: the whole seconds of d and its fraction in
// units of 1/denominator, the fraction in [0, denominator).
func doubleToDenominator(d, denominator float64) (int64, int64) {
	intpart, floatpart := math.Modf(d)
	floatpart = math.RoundToEven(floatpart * denominator)
	if floatpart >= denominator {
		floatpart -= denominator
		intpart++
	} else if floatpart < 0 {
		floatpart += denominator
		intpart--
	}
	return int64(intpart), int64(floatpart)
}
