package reference

import (
	"time"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultIMSIgnored    = registerFault("ims-ignored", "If-Modified-Since is ignored (as in 3.6)")
	faultIMSWithINM    = registerFault("ims-with-inm", "If-Modified-Since is honoured even with If-None-Match")
	faultIMSAnyZone    = registerFault("ims-any-zone", "If-Modified-Since dates with a non-UTC offset are compared too")
	faultIMSStrictLess = registerFault("ims-strict-less", "304 only when the file is strictly older than If-Modified-Since")
	faultIMSBadIsNow   = registerFault("ims-unparseable-now", "an If-Modified-Since that cannot be parsed counts as the current time")
)

// notModified mirrors the cache check of send_head (3.7+): only with If-Modified-Since and without
// If-None-Match (present at all); the first If-Modified-Since, parsed as email.utils.parsedate_to_datetime
// does, ill-formed values ignored; a date without a zone counts as UTC; a date with any other offset
// than UTC is not compared; 304 when the file's mtime, to the second, is not after it.
func (c *conn) notModified(mtime time.Time) bool {
	if c.srv.cfg.Faults.has(faultIMSIgnored) {
		return false
	}
	value, ok := c.headers.get("If-Modified-Since")
	if !ok || (c.headers.has("If-None-Match") && !c.srv.cfg.Faults.has(faultIMSWithINM)) {
		return false
	}
	ims, zone, err := pylib.ParseDate(value)
	if err != nil && c.srv.cfg.Faults.has(faultIMSBadIsNow) {
		ims, zone, err = c.srv.cfg.Now().UTC(), pylib.ZoneUTC, nil
	}
	if err != nil {
		return false
	}
	if zone == pylib.ZoneOffset && !c.srv.cfg.Faults.has(faultIMSAnyZone) {
		return false
	}
	lastModified := mtime.UTC().Truncate(time.Second)
	if c.srv.cfg.Faults.has(faultIMSStrictLess) {
		return lastModified.Before(ims)
	}
	return !lastModified.After(ims)
}
