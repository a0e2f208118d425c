package pylib

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Zone says what tzinfo parsedate_to_datetime gave its datetime, which
// decides whether SimpleHTTPRequestHandler compares If-Modified-Since at all.
type Zone int

const (
	// ZoneNaive: tzinfo is None (no zone, "-0000", or an unknown zone name).
	ZoneNaive Zone = iota
	// ZoneUTC: tzinfo is datetime.timezone.utc ("GMT", "UT", "UTC", "Z", "+0000").
	ZoneUTC
	// ZoneOffset: any other fixed offset ("EST", "+0100").
	ZoneOffset
)

func (z Zone) String() string {
	switch z {
	case ZoneNaive:
		return "naive"
	case ZoneUTC:
		return "utc"
	case ZoneOffset:
		return "offset"
	}
	return fmt.Sprintf("Zone(%d)", int(z))
}

// ParseDate is email.utils.parsedate_to_datetime(s) (CPython 3.13.0), as
// send_head applies it to If-Modified-Since. It accepts every form
// _parsedate_tz does: RFC 1123, RFC 850 and asctime dates, with or without
// a (never checked) weekday, two-digit years (00-68 are 20xx, 69-99 19xx),
// '.' between the time fields, and numbers as int() reads them (any
// script's digits, underscores, a sign). A naive result is returned in UTC
// with ZoneNaive; an offset result in a fixed zone. err is non-nil exactly
// where Python raises (ValueError, or OverflowError for huge numbers).
func ParseDate(s string) (t time.Time, zone Zone, err error) {
	f, ok := parseDateTZ(s)
	if !ok {
		return time.Time{}, ZoneNaive, fmt.Errorf("Invalid date value or format \"%s\"", s)
	}
	if err := f.validate(); err != nil {
		return time.Time{}, ZoneNaive, err
	}
	loc, zone := time.UTC, ZoneNaive
	switch {
	case !f.hasOffset:
	case f.offset == 0:
		zone = ZoneUTC
	default:
		loc, zone = time.FixedZone("", int(f.offset)), ZoneOffset
	}
	t = time.Date(int(f.year), time.Month(f.month), int(f.day), int(f.hour), int(f.minute), int(f.second), 0, loc)
	return t, zone, nil
}

// dateFields is the list _parsedate_tz returns (weekday and DST flags aside).
type dateFields struct {
	year, month, day, hour, minute, second int64
	offset                                 int64 // seconds east of UTC
	hasOffset                              bool  // tz is not None
}

// validate is the range checking of datetime.datetime(...) and of
// datetime.timezone(timedelta(seconds=tz)).
func (f dateFields) validate() error {
	switch {
	case f.year < 1 || f.year > 9999:
		return fmt.Errorf("year %d is out of range", f.year)
	case f.day < 1 || f.day > int64(daysIn(f.year, f.month)):
		return errors.New("day is out of range for month")
	case f.hour < 0 || f.hour > 23:
		return errors.New("hour must be in 0..23")
	case f.minute < 0 || f.minute > 59:
		return errors.New("minute must be in 0..59")
	case f.second < 0 || f.second > 59:
		return errors.New("second must be in 0..59")
	case f.hasOffset && (f.offset <= -86400 || f.offset >= 86400):
		return errors.New("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)")
	}
	return nil
}

func daysIn(year, month int64) int {
	return time.Date(int(year), time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var (
	monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
	dayNames  = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	zoneHHMMs = map[string]int64{"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
		"AST": -400, "ADT": -300, "EST": -500, "EDT": -400, "CST": -600, "CDT": -500,
		"MST": -700, "MDT": -600, "PST": -800, "PDT": -700}
)

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// parseDateTZ is email._parseaddr._parsedate_tz, statement for statement.
// ok is false where it returns None.
func parseDateTZ(s string) (f dateFields, ok bool) {
	data := Split(s)
	if len(data) == 0 {
		return f, false
	}
	if strings.HasSuffix(data[0], ",") || indexOf(dayNames, Lower(data[0])) >= 0 {
		data = data[1:]
	} else if i := strings.LastIndexByte(data[0], ','); i >= 0 {
		data[0] = data[0][i+1:]
	}
	if len(data) == 3 { // RFC 850 date, deprecated
		if stuff := strings.Split(data[0], "-"); len(stuff) == 3 {
			data = append(stuff, data[1:]...)
		}
	}
	if len(data) == 4 {
		s := data[3]
		i := strings.IndexByte(s, '+')
		if i == -1 {
			i = strings.IndexByte(s, '-')
		}
		if i > 0 {
			data = append(data[:3:3], s[:i], s[i:])
		} else {
			data = append(data, "") // dummy tz
		}
	}
	if len(data) < 5 {
		return f, false
	}
	dd, mm, yy, tm, tz := data[0], data[1], data[2], data[3], data[4]
	if dd == "" || mm == "" || yy == "" {
		return f, false
	}
	mm = Lower(mm)
	if indexOf(monthNames, mm) < 0 {
		dd, mm = mm, Lower(dd)
		if indexOf(monthNames, mm) < 0 {
			return f, false
		}
	}
	f.month = int64(indexOf(monthNames, mm)%12 + 1)
	dd = strings.TrimSuffix(dd, ",")
	if i := strings.IndexByte(yy, ':'); i > 0 {
		yy, tm = tm, yy
	}
	if strings.HasSuffix(yy, ",") {
		if yy = yy[:len(yy)-1]; yy == "" {
			return f, false
		}
	}
	if _, size := decodeText(yy, 0); !IsDigit(yy[:size]) {
		yy, tz = tz, yy
	}
	tm = strings.TrimSuffix(tm, ",")
	thh, tmm, tss, ok := splitTime(tm)
	if !ok {
		return f, false
	}
	for _, field := range []struct {
		dst *int64
		src string
	}{{&f.year, yy}, {&f.day, dd}, {&f.hour, thh}, {&f.minute, tmm}, {&f.second, tss}} {
		if *field.dst, ok = parseInt(field.src); !ok {
			return f, false
		}
	}
	f.year = expandTwoDigitYear(f.year)
	f.offset, f.hasOffset = zoneOffset(upperASCII(tz))
	return f, true
}

// splitTime splits hh:mm[:ss], or hh.mm[.ss] for non-compliant mailers.
func splitTime(tm string) (hh, mm, ss string, ok bool) {
	parts := strings.Split(tm, ":")
	if len(parts) == 1 && strings.Contains(tm, ".") {
		parts = strings.Split(tm, ".")
	} else if len(parts) != 2 && len(parts) != 3 {
		return "", "", "", false
	}
	switch len(parts) {
	case 2:
		return parts[0], parts[1], "0", true
	case 3:
		return parts[0], parts[1], parts[2], true
	}
	return "", "", "", false
}

// expandTwoDigitYear applies the POSIX rule: below 100, 69-99 are 19xx and
// anything else (negative numbers too) 20xx.
func expandTwoDigitYear(yy int64) int64 {
	switch {
	case yy >= 100:
		return yy
	case yy > 68:
		return yy + 1900
	default:
		return yy + 2000
	}
}

// zoneOffset turns an upper-cased zone into seconds east of UTC. A known
// name or any int() gives an offset read as ±HHMM (minutes are not checked
// against 60); "-0" and its like, and everything else, give None.
func zoneOffset(tz string) (int64, bool) {
	hhmm, ok := zoneHHMMs[tz]
	if !ok {
		if hhmm, ok = parseInt(tz); !ok {
			return 0, false
		}
		if hhmm == 0 && strings.HasPrefix(tz, "-") {
			return 0, false
		}
	}
	sign := int64(1)
	if hhmm < 0 {
		sign, hhmm = -1, -hhmm
	}
	if hhmm >= intSaturation/3600 {
		return sign * intSaturation, true
	}
	return sign * (hhmm/100*3600 + hhmm%100*60), true
}
