package pylib

import (
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	for _, c := range loadCases[[2]int64, string](t, "formatdate") {
		tm := time.Unix(c.In[0], c.In[1])
		if got := FormatDate(tm); got != c.Out {
			t.Errorf("FormatDate(%d s + %d ns) = %q, Python %q", c.In[0], c.In[1], got, c.Out)
		}
	}
}

// FormatDate must not depend on the location the time carries.
func TestFormatDateIgnoresLocation(t *testing.T) {
	utc := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := FormatDate(utc.In(time.FixedZone("X", -7*3600))); got != "Thu, 02 Jan 2020 03:04:05 GMT" {
		t.Errorf("FormatDate in UTC-7 = %q", got)
	}
}

type pyDate struct {
	Date   [6]int
	Zone   string
	Offset int
}

func TestParseDate(t *testing.T) {
	for _, c := range loadCases[pyText, outcome[pyDate]](t, "parsedate") {
		got, zone, err := ParseDate(string(c.In))
		what := "ParseDate(" + Repr(string(c.In)) + ")"
		if len(what) > 120 {
			what = what[:120] + "…"
		}
		if !checkErr(t, what, err, c.Out, false) || err != nil {
			continue
		}
		w := c.Out.Value
		want := time.Date(w.Date[0], time.Month(w.Date[1]), w.Date[2], w.Date[3], w.Date[4], w.Date[5], 0,
			time.FixedZone("", w.Offset))
		_, offset := got.Zone()
		if !got.Equal(want) || offset != w.Offset || zone.String() != w.Zone {
			t.Errorf("%s = %v (%v), Python %v (%s)", what, got, zone, want, w.Zone)
		}
		if zone == ZoneUTC && got.Location() != time.UTC {
			t.Errorf("%s: zone %v in location %v, want time.UTC", what, zone, got.Location())
		}
	}
}

func TestFromTimestampRoundsHalfEvenToMicroseconds(t *testing.T) {
	for _, c := range []struct {
		sec, nsec int64
		want      time.Time
	}{
		{1577934245, 999999499, time.Unix(1577934246, 0)}, // the double is .9999995: rounds up
		{1577934245, 1500, time.Unix(1577934245, 1000)},
		{1577934245, 2500, time.Unix(1577934245, 2000)}, // the double is .0000024
		{1577934245, 3500, time.Unix(1577934245, 4000)}, // the double is .0000036
		{-1, 999999999, time.Unix(0, 0)},
	} {
		if got := FromTimestamp(time.Unix(c.sec, c.nsec)); !got.Equal(c.want) {
			t.Errorf("FromTimestamp(%d s + %d ns) = %v, want %v", c.sec, c.nsec, got, c.want)
		}
	}
}
