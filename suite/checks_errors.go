package suite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/httpspec/httpspec/suite/catalog"
	"github.com/httpspec/httpspec/suite/wire"
)

// Checks and expected bytes for the response, errors and logging areas: send_error's page written out
// from its parts (research §3.4), and the header spellings §3.3 tells apart.

// errorTemplate is one of the two DEFAULT_ERROR_MESSAGE pages send_error renders.
type errorTemplate int

const (
	// html401 is the HTML 4.01 Strict page of 3.6–3.10, whose explanation line shows str() of the
	// HTTPStatus member: HTTPStatus.NOT_FOUND.
	html401 errorTemplate = iota + 1
	// html5 is the HTML5 page of 3.11+, where str() of an IntEnum member is its number.
	html5
)

// errorTemplateFor is the page CPython release v renders (errors.template-html401, -html5).
func errorTemplateFor(v catalog.Version) errorTemplate {
	if v.Compare(catalog.Version{Major: 3, Minor: 11}) >= 0 {
		return html5
	}
	return html401
}

// statusMembers names the http.HTTPStatus members of the codes the command-line handlers send
// through send_error, as 3.6–3.10 print them in the explanation line.
var statusMembers = map[int]string{
	400: "BAD_REQUEST",
	403: "FORBIDDEN",
	404: "NOT_FOUND",
	414: "REQUEST_URI_TOO_LONG",
	431: "REQUEST_HEADER_FIELDS_TOO_LARGE",
	501: "NOT_IMPLEMENTED",
	505: "HTTP_VERSION_NOT_SUPPORTED",
}

// errorPage is what send_error(code, message, explain) fills its template with, before escaping.
type errorPage struct {
	Code    int
	Message string // Python text as Latin-1 bytes, one byte per character (the reason phrase)
	Explain string
}

// The explanations of BaseHTTPRequestHandler.responses for the codes the command-line handlers send
// (research Appendix C; the same in 3.6–3.13).
const (
	explain400 = "Bad request syntax or unsupported method"
	explain403 = "Request forbidden -- authorization will not help"
	explain404 = "Nothing matches the given URI"
	explain414 = "URI is too long"
	explain501 = "Server does not support this operation"
	explain505 = "Cannot fulfill request"
)

// Pages the specs meet, with the messages the command-line handlers give them (%r of the
// offending text is Python's repr: single quotes, a quote inside escaped with a backslash).
var (
	pageFileNotFound = errorPage{404, "File not found", explain404}
	pageHTTP20       = errorPage{505, "Invalid HTTP version (2.0)", explain505}
	pageOneWord      = errorPage{400, "Bad request syntax ('GET')", explain400}
	pageBadVersion   = errorPage{400, "Bad request version ('<&>\"\\'')", explain400}
	pageEscapeMethod = unsupportedMethod("'A<&>\"\\'B'")
	pageNoExecScript = errorPage{403, "CGI script is not executable ('/cgi-bin/noexec.py')", explain403}
	pageLatin1Method = unsupportedMethod("'\xfc'")
	pageTooMany      = errorPage{431, "Too many headers", "got more than 100 headers"}
)

func unsupportedMethod(repr string) errorPage {
	return errorPage{501, "Unsupported method (" + repr + ")", explain501}
}

// body renders the page as t: the message and explanation HTML-escaped for & < > only
// (html.escape(..., quote=False)), the whole encoded as UTF-8.
func (p errorPage) body(t errorTemplate) string {
	code := strconv.Itoa(p.Code)
	shown := code // %(code)s of an HTTPStatus member on 3.11+
	var b strings.Builder
	if t == html401 {
		shown = "HTTPStatus." + statusMembers[p.Code]
		b.WriteString("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\n" +
			"        \"http://www.w3.org/TR/html4/strict.dtd\">\n" +
			"<html>\n" +
			"    <head>\n" +
			"        <meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\">\n")
	} else {
		b.WriteString("<!DOCTYPE HTML>\n" +
			"<html lang=\"en\">\n" +
			"    <head>\n" +
			"        <meta charset=\"utf-8\">\n")
	}
	b.WriteString("        <title>Error response</title>\n" +
		"    </head>\n" +
		"    <body>\n" +
		"        <h1>Error response</h1>\n" +
		"        <p>Error code: " + code + "</p>\n" +
		"        <p>Message: " + latin1ToUTF8(escapeText(p.Message)) + ".</p>\n" +
		"        <p>Error code explanation: " + shown + " - " + escapeText(p.Explain) + ".</p>\n" +
		"    </body>\n" +
		"</html>\n")
	return b.String()
}

// escapeText is html.escape(s, quote=False): & < > only; quotes stay.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// latin1ToUTF8 re-encodes Latin-1 bytes as UTF-8, as the page's str.encode('UTF-8') does with text
// that arrived as Latin-1.
func latin1ToUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// errorHead is the status line and header block of a send_error reply (§3.3): Server, Date,
// Connection: close, Content-Type, Content-Length of the page as t renders it.
func errorHead(protocol string, p errorPage, t errorTemplate) string {
	return fmt.Sprintf("%s %d %s\r\nServer: <SERVER>\r\nDate: <DATE>\r\nConnection: close\r\n"+
		"Content-Type: text/html;charset=utf-8\r\nContent-Length: %d\r\n\r\n",
		protocol, p.Code, p.Message, len(p.body(t)))
}

// errorReply: every byte is send_error's framed reply with the page rendered as t.
func errorReply(protocol string, p errorPage, t errorTemplate) Check {
	return exactly(errorHead(protocol, p, t) + p.body(t))
}

// errorReplyToHead: every byte is send_error's reply to HEAD: the same head, no body.
func errorReplyToHead(protocol string, p errorPage, t errorTemplate) Check {
	return exactly(errorHead(protocol, p, t))
}

// headerlessPage: the reply is the page alone, with no status line or headers (errors raised while
// the request line is parsed, research §3.5).
func headerlessPage(p errorPage, t errorTemplate) Check {
	return headerless(p.body(t))
}

// headersBeginWith: the final response's first headers are these names, case and order as given.
func headersBeginWith(names ...string) Check {
	want := strings.Join(names, ", ")
	return Check{"headers starting with " + want, func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got := f.HeaderNames()
		ok := len(got) >= len(names)
		for i := 0; ok && i < len(names); i++ {
			ok = got[i] == names[i]
		}
		return ok, "headers " + strings.Join(got, ", ")
	}}
}

// headerNamesOneOf: the final response's header names, in order and with their case, are one of
// the lists given (for a detail that other entries pin per version).
func headerNamesOneOf(lists ...[]string) Check {
	wants := make([]string, len(lists))
	for i, l := range lists {
		wants[i] = strings.Join(l, ", ")
	}
	return Check{"headers " + strings.Join(wants, " or "), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got := strings.Join(f.HeaderNames(), ", ")
		for _, w := range wants {
			if got == w {
				return true, "headers " + got
			}
		}
		return false, "headers " + got
	}}
}

// headerSpelled: the final response has a header whose name is exactly name, byte for byte (header
// names are case-insensitive to HTTP, but CPython's spellings differ by response type, §3.3), and
// its value is value.
func headerSpelled(name, value string) Check {
	return Check{"a header spelled exactly " + quote(name+": "+value), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		for _, h := range f.Headers {
			if h.Name == name {
				return h.Value == value, quote(h.Line)
			}
		}
		return false, "no header spelled " + name + "; headers " + headerList(f)
	}}
}

// headerMatching: the final response's first header called name matches re.
func headerMatching(name string, re *regexp.Regexp) Check {
	return Check{"header " + name + " matching " + re.String(), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got, ok := f.Lookup(name)
		if !ok {
			return false, "no " + name + " header; headers " + headerList(f)
		}
		return re.MatchString(got), quote(name + ": " + got)
	}}
}

// contentLengthIsBody: the final response has a Content-Length, exactly that many body bytes arrived,
// and nothing followed them.
func contentLengthIsBody() Check {
	return Check{"a Content-Length equal to the body's length in bytes", func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		cl, ok := f.Lookup("Content-Length")
		if !ok {
			return false, "no Content-Length header; headers " + headerList(f)
		}
		framed := 0
		for _, resp := range r.Responses {
			framed += len(resp.Raw)
		}
		extra := len(r.Received()) - framed
		seen := fmt.Sprintf("Content-Length: %s, a body of %d bytes", cl, len(f.Body))
		if extra > 0 {
			seen += fmt.Sprintf(", then %d more bytes", extra)
		}
		return f.Complete && extra == 0 && cl == strconv.Itoa(len(f.Body)), seen
	}}
}

// bodyPrefix: the final response's body starts with prefix.
func bodyPrefix(prefix string) Check {
	return Check{"a body starting with " + quoteLimit([]byte(prefix), 80), func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil {
			return false, describeFinal(r)
		}
		return strings.HasPrefix(string(f.Body), prefix), "body " + quoteLimit(f.Body, 80)
	}}
}

// noHeaderSpelled: the final response has no header whose name is exactly name, byte for byte.
func noHeaderSpelled(name string) Check {
	return Check{"no header spelled exactly " + name, func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		for _, h := range f.Headers {
			if h.Name == name {
				return false, quote(h.Line)
			}
		}
		return true, "headers " + headerList(f)
	}}
}

// pythonRelease is the first word of sys.version: 3.13.0, 3.13.0rc1, 3.12.1+ (a development build).
var pythonRelease = regexp.MustCompile(`^\d+\.\d+\.\d+((a|b|rc)\d+)?\+?$`)

// serverIsVersionString: Server is version_string(), server_version and sys_version joined by one
// space: SimpleHTTP/0.6, then one product/version token; when that product is Python, its version is
// the first word of sys.version, with no build details after it.
func serverIsVersionString() Check {
	return Check{`Server "SimpleHTTP/0.6 <product>/<version>", Python/<first word of sys.version> on CPython`, func(r *wire.Result) (bool, string) {
		f := final(r)
		if f == nil || f.Headerless {
			return false, describeFinal(r)
		}
		got, ok := f.Lookup("Server")
		if !ok {
			return false, "no Server header; headers " + headerList(f)
		}
		words := strings.Split(got, " ")
		if len(words) != 2 || words[0] != "SimpleHTTP/0.6" {
			return false, quote("Server: " + got)
		}
		product, version, found := strings.Cut(words[1], "/")
		ok = found && product != "" && version != "" && !strings.Contains(version, "/")
		if product == "Python" {
			ok = ok && pythonRelease.MatchString(version)
		}
		return ok, quote("Server: " + got)
	}}
}

// customSending is a custom spec that sends one request its body is given; `httpspec explain` shows
// the request.
func customSending(behavior, name string, mode Mode, request string, body func(c *Case, request string)) Spec {
	s := custom(behavior, name, mode, func(c *Case) { body(c, request) })
	s.Request = request
	return s
}

// logLinePattern is log_message's "%s - - [%s] %s\n": the client's host, log_date_time_string()
// ("%02d/%3s/%04d %02d:%02d:%02d" with English month names) and the message (research §6.1).
var logLinePattern = regexp.MustCompile(`^([^ ]+) - - \[(\d\d/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4} \d\d:\d\d:\d\d)\] (.*)$`)

// logLine is one log_message line taken apart.
type logLine struct {
	Host, Time, Message string
}

func parseLogLine(s string) (logLine, bool) {
	m := logLinePattern.FindStringSubmatch(s)
	if m == nil {
		return logLine{}, false
	}
	return logLine{m[1], m[2], m[3]}, true
}

// logMessages returns the messages of the lines written by log_message, in order; other lines (a
// traceback block, a DeprecationWarning) are left out.
func logMessages(lines []string) []string {
	out := []string{}
	for _, s := range lines {
		if l, ok := parseLogLine(s); ok {
			out = append(out, l.Message)
		}
	}
	return out
}

// accessLine is log_request's message: the request line quoted, the code, and "-" for the size.
func accessLine(requestLine string, code int) string {
	return `"` + requestLine + `" ` + strconv.Itoa(code) + " -"
}

// logTimeLayout is log_date_time_string() as a Go layout.
const logTimeLayout = "02/Jan/2006 15:04:05"

// logTimeWithin reports whether stamp names a second between start and end, as local time of the
// target. Targets the runner starts have TZ=UTC; an in-process server has the suite's own zone; so
// either reading will do.
func logTimeWithin(stamp string, start, end time.Time) bool {
	for _, zone := range []*time.Location{time.UTC, time.Local} {
		t, err := time.ParseInLocation(logTimeLayout, stamp, zone)
		if err == nil && !t.Before(start.Truncate(time.Second)) && !t.After(end) {
			return true
		}
	}
	return false
}

// wholeReplyHeaderless: every byte that came back is one headerless reply containing part. Unlike
// headerlessContaining it looks at the raw bytes, so a framed reply to HEAD followed by a body (which
// the client parses as a header block and then a stray headerless reply) does not pass.
func wholeReplyHeaderless(part string) Check {
	return Check{"only a headerless reply containing " + quote(part), func(r *wire.Result) (bool, string) {
		got := r.Received()
		ok := len(got) > 0 && !strings.HasPrefix(string(got), "HTTP/") && strings.Contains(string(got), part)
		return ok, fmt.Sprintf("%d bytes: %s", len(got), quoteLimit(got, 160))
	}}
}
