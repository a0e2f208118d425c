package suite

import "github.com/onsi/gomega"

// Specs for If-Modified-Since: research §4.7 (SimpleHTTPRequestHandler.send_head with
// email.utils.parsedate_to_datetime). Every file asked about has the fixtures' mtime,
// Thu, 02 Jan 2020 03:04:05 GMT; each row of §4.7's table is one spec.

// mtimeDate is the fixtures' modification time as Last-Modified shows it.
const mtimeDate = "Thu, 02 Jan 2020 03:04:05 GMT"

// getSince is GET target with If-Modified-Since: date.
func getSince(target, date string, more ...string) string {
	return sendGET(target, append([]string{"If-Modified-Since: " + date}, more...)...)
}

// sinceSpec is one row of the table: a.txt asked for with If-Modified-Since: date.
func sinceSpec(behavior, date string, want Check) Spec {
	return sinceSpecNoted(behavior, date, "", want)
}

// sinceSpecNoted is sinceSpec with a note in the spec's name.
func sinceSpecNoted(behavior, date, note string, want Check) Spec {
	name := "If-Modified-Since: " + date
	if note != "" {
		name += " (" + note + ")"
	}
	return exchange(behavior, name, ModeDefault, getSince("/a.txt", date), want)
}

var _ = register(func() []Spec {
	return []Spec{
		sinceSpecNoted("conditional.not-modified-304", mtimeDate, "the mtime itself", notModified()),
		sinceSpec("conditional.not-modified-304", "Thu, 02 Jan 2020 04:04:05 GMT", notModified()),
		sinceSpec("conditional.not-modified-304", "Thu, 02 Jan 2020 03:04:04 GMT", served("a.txt")),
		exchange("conditional.not-modified-304", "if-modified-since in lower case", ModeDefault,
			sendGET("/a.txt", "if-modified-since: "+mtimeDate), notModified()),

		sinceSpec("conditional.ignored", mtimeDate, fileResponse("a.txt", "text/plain", false)),
		sinceSpec("conditional.ignored", "Thu, 02 Jan 2999 03:04:05 GMT", served("a.txt")),

		sinceSpec("conditional.304-shape", mtimeDate, notModified()),
		customWithRequest("conditional.304-shape", "the 304 is logged as 304", ModeDefault,
			getSince("/a.txt", mtimeDate), notModifiedLogged).with(NeedLog),

		exchange("conditional.second-precision", "subsecond.txt (mtime 03:04:05.75) since 03:04:05", ModeDefault,
			getSince("/subsecond.txt", mtimeDate), notModified()).with(NeedFixture("subsecond.txt")),

		sinceSpec("conditional.naive-zone-is-utc", "Thu, 02 Jan 2020 03:04:05", notModified()),
		sinceSpec("conditional.naive-zone-is-utc", "Thu, 02 Jan 2020 03:04:05 -0000", notModified()),
		sinceSpec("conditional.naive-zone-is-utc", "Thu, 02 Jan 2020 03:04:05 XYZ", notModified()),
		sinceSpec("conditional.naive-zone-is-utc", "Thu, 02 Jan 2020 03:04:04", served("a.txt")),

		sinceSpec("conditional.utc-aliases", "Thu, 02 Jan 2020 03:04:05 gmt", notModified()),
		sinceSpec("conditional.utc-aliases", "Thu, 02 Jan 2020 03:04:05 UT", notModified()),
		sinceSpec("conditional.utc-aliases", "Thu, 02 Jan 2020 03:04:05 UTC", notModified()),
		sinceSpec("conditional.utc-aliases", "Thu, 02 Jan 2020 03:04:05 Z", notModified()),
		sinceSpec("conditional.utc-aliases", "Thu, 02 Jan 2020 03:04:05 +0000", notModified()),

		sinceSpecNoted("conditional.other-offset-ignored", "Thu, 02 Jan 2020 05:04:05 +0100", "the same instant", served("a.txt")),
		sinceSpecNoted("conditional.other-offset-ignored", "Thu, 02 Jan 2020 03:04:05 EST", "five hours later", served("a.txt")),
		sinceSpecNoted("conditional.other-offset-ignored", "Fri, 03 Jan 2020 03:04:05 -0100", "a day later", served("a.txt")),

		sinceSpec("conditional.obsolete-date-forms", "Thursday, 02-Jan-20 03:04:05 GMT", notModified()),
		sinceSpec("conditional.obsolete-date-forms", "Thu Jan  2 03:04:05 2020", notModified()),

		sinceSpec("conditional.lenient-date-forms", "02 Jan 2020 03:04:05 GMT", notModified()),
		sinceSpec("conditional.lenient-date-forms", "Mon, 02 Jan 2020 03:04:05 GMT", notModified()),
		sinceSpec("conditional.lenient-date-forms", "Thu, 2 Jan 2020 3:4:5 GMT", notModified()),
		sinceSpec("conditional.lenient-date-forms", "Thu, 02 Jan 2999 03:04:05 GMT", notModified()),

		sinceSpec("conditional.two-digit-year", "Thu, 02 Jan 20 03:04:05 GMT", notModified()),
		sinceSpec("conditional.two-digit-year", "Mon, 02 Jan 68 03:04:05 GMT", notModified()),
		sinceSpec("conditional.two-digit-year", "Thu, 02 Jan 69 03:04:05 GMT", served("a.txt")),
		sinceSpec("conditional.two-digit-year", "Sat, 02 Jan 99 03:04:05 GMT", served("a.txt")),

		sinceSpec("conditional.unparseable-ignored", "garbage", served("a.txt")),
		exchange("conditional.unparseable-ignored", "an empty If-Modified-Since", ModeDefault,
			sendGET("/a.txt", "If-Modified-Since:"), served("a.txt")),
		sinceSpec("conditional.unparseable-ignored", "Thu, 32 Jan 2020 03:04:05 GMT", served("a.txt")),
		sinceSpec("conditional.unparseable-ignored", "Thu, 02 Jan 99999 03:04:05 GMT", served("a.txt")),
		sinceSpec("conditional.unparseable-ignored", "2020-01-02T03:04:05Z", served("a.txt")),

		exchange("conditional.if-none-match-disables", `If-None-Match: "x" with a matching If-Modified-Since`, ModeDefault,
			getSince("/a.txt", mtimeDate, `If-None-Match: "x"`), served("a.txt")),
		exchange("conditional.if-none-match-disables", "an empty If-None-Match before a matching If-Modified-Since", ModeDefault,
			sendGET("/a.txt", "If-None-Match:", "If-Modified-Since: "+mtimeDate), served("a.txt")),
		exchange("conditional.if-none-match-disables", "If-None-Match: * alone", ModeDefault,
			sendGET("/a.txt", "If-None-Match: *"), served("a.txt")),

		exchange("conditional.first-header-wins", "garbage, then a matching date", ModeDefault,
			sendGET("/a.txt", "If-Modified-Since: garbage", "If-Modified-Since: "+mtimeDate), served("a.txt")),
		exchange("conditional.first-header-wins", "a matching date, then garbage", ModeDefault,
			sendGET("/a.txt", "If-Modified-Since: "+mtimeDate, "If-Modified-Since: garbage"), notModified()),

		exchange("conditional.head-304", "HEAD /a.txt since the mtime", ModeDefault,
			sendHEAD("/a.txt", "If-Modified-Since: "+mtimeDate), notModified()),
		exchange("conditional.index-file-304", "GET /dir1/ since the mtime", ModeDefault,
			getSince("/dir1/", mtimeDate), notModified()),
		exchange("conditional.index-file-304", "GET /dir1/ since a second before", ModeDefault,
			getSince("/dir1/", "Thu, 02 Jan 2020 03:04:04 GMT"), served("dir1/index.html")),

		exchange("conditional.listing-ignores-ims", "GET /emptydir/ since 2999", ModeDefault,
			getSince("/emptydir/", "Thu, 02 Jan 2999 03:04:05 GMT"), statusLine("HTTP/1.0 200 OK"),
			listingTitle("/emptydir/")),
		exchange("conditional.listing-ignores-ims", "GET /list2/ since the mtime", ModeDefault,
			getSince("/list2/", mtimeDate), statusLine("HTTP/1.0 200 OK"),
			listingItems(listingItem("one.txt", "one.txt"))),
	}
})

// notModifiedLogged: log_request runs for the 304 like for any response (research §4.7).
func notModifiedLogged(c *Case) {
	res := c.Exchange(getSince("/a.txt", mtimeDate))
	c.expectChecks(res, notModified())
	c.Expect(c.Log()).To(gomega.ContainElement(gomega.HaveSuffix(`"GET /a.txt HTTP/1.0" 304 -`)))
}
