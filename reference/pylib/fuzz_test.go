package pylib

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseDate feeds parsedate_to_datetime arbitrary If-Modified-Since values. Whatever the input,
// a date it accepts is one datetime.datetime can hold (years 1 to 9999) with a zone timezone() can
// hold (under a day either way, and no offset exactly when the zone is naive or UTC); and the date
// written out by formatdate(usegmt=True), as a Last-Modified header shows it, reads back as the same
// instant in UTC. Years below 100 are left out of that round trip: _parsedate_tz reads them as two-
// digit years.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"Thu, 02 Jan 2020 03:04:05 GMT", "Thursday, 02-Jan-20 03:04:05 GMT", "Thu Jan  2 03:04:05 2020",
		"02 Jan 2020 03:04:05 +0100", "02 Jan 2020 03:04:05 -0000", "Thu, 02 Jan 2020 03.04.05 EST",
		"02 Jan 99 3:4 UT", "31 Dec 9999 23:59:59 -2359", "01 Jan 0001 00:00:00 +0001",
		"02 Jan 2020 03:04:05 +99999999999999999999", "\u0662 Jan \u0662\u0660\u0662\u0660 03:04:05",
		"2 Jan 2020 03:04:05 z", "Jan 2 2020", "", " ", "Thu, 02 Feb 2021 25:00:00 GMT", "30 Feb 2020 00:00 GMT",
		"02 Jan 1_000 0_3:04:05 +0_100", "02 Jan +2020 -3:04:05 GMT", strings.Repeat("9", 5000) + " Jan 2020",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, zone, err := ParseDate(s)
		if err != nil {
			return
		}
		if got.Year() < 1 || got.Year() > 9999 {
			t.Fatalf("ParseDate(%q) = %v: a year datetime cannot hold", s, got)
		}
		_, offset := got.Zone()
		switch zone {
		case ZoneNaive, ZoneUTC:
			if got.Location() != time.UTC {
				t.Fatalf("ParseDate(%q) = %v, zone %v, not in UTC", s, got, zone)
			}
		case ZoneOffset:
			if offset == 0 || offset <= -86400 || offset >= 86400 {
				t.Fatalf("ParseDate(%q) = %v: offset %ds for zone %v", s, got, offset, zone)
			}
		default:
			t.Fatalf("ParseDate(%q): zone %v", s, zone)
		}
		if utc := got.UTC(); utc.Year() >= 100 && utc.Year() <= 9999 {
			written := FormatDate(utc)
			back, backZone, err := ParseDate(written)
			if err != nil || !back.Equal(got) || backZone != ZoneUTC {
				t.Fatalf("ParseDate(%q) = %v; written as %q it reads back as %v, %v, %v", s, got, written, back, backZone, err)
			}
		}
	})
}
