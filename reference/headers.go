package reference

import (
	"net/textproto"
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

// The limits of http.client (_MAXLINE, _MAXHEADERS), the same in every version.
const (
	maxLine    = 65536
	maxHeaders = 100
)

var (
	faultLineLimit        = registerFault("line-limit-65535", "a request or header line of exactly 65536 bytes is refused (414, 431)")
	faultMaxHeaders99     = registerFault("max-headers-99", "the terminating blank line is not counted, so 99 header lines already get 431")
	faultCRLinesEnd       = registerFault("cr-lines-end-headers", "a line of CRs before its LF ends the header block")
	faultLastHeaderWins   = registerFault("last-header-wins", "a repeated header counts by its last occurrence")
	faultLFOnlyLines      = registerFault("lf-only-header-lines", "header lines break at LF only, so a bare CR stays inside a value")
	faultFromLineEnds     = registerFault("from-line-ends-headers", "a leading 'From ' line ends the header block")
	faultLeadingSpaceEnds = registerFault("leading-space-ends-headers", "a first header line led by whitespace ends the header block")
	faultSkipBadLines     = registerFault("skip-bad-header-lines", "a line that is not a header is skipped and parsing goes on")
	faultNamesExactCase   = registerFault("header-names-exact-case", "header names are matched as spelled: CONNECTION and connection are not Connection")
)

// lineLimit is readline's limit for a request or header line: _MAXLINE + 1, so that a line of 65536
// bytes, its LF included, is read whole and a longer one is detected.
func (c *conn) lineLimit() int {
	if c.srv.cfg.Faults.has(faultLineLimit) {
		return maxLine
	}
	return maxLine + 1
}

// header is one parsed field: its name as sent and its value as compat32 returns it.
type header struct{ name, value string }

// headers mirrors http.client.HTTPMessage as BaseHTTPRequestHandler uses it: names are matched
// case-insensitively and get() returns the first occurrence.
type headers []header

// get mirrors Message.get(name): the first field with that name, case-insensitively.
func (h headers) get(name string) (string, bool) {
	for _, f := range h {
		if equalFoldASCII(f.name, name) {
			return f.value, true
		}
	}
	return "", false
}

// getAll mirrors Message.get_all(name): every value, in order.
func (h headers) getAll(name string) []string {
	var out []string
	for _, f := range h {
		if equalFoldASCII(f.name, name) {
			out = append(out, f.value)
		}
	}
	return out
}

// has mirrors `name in message`.
func (h headers) has(name string) bool {
	_, ok := h.get(name)
	return ok
}

// equalFoldASCII compares a field name with one of the server's ASCII names. Message lookups lower()
// both sides; no Latin-1 character lower-cases into ASCII, so ASCII folding is exact here.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// headerTooLarge is the 431 that parse_headers' exceptions become in parse_request.
type headerTooLarge struct{ message, explain string }

// readHeaderLines mirrors http.client._read_headers: lines of at most 65536 bytes (LineTooLong), at
// most 100 lines counting the terminating blank line or EOF (HTTPException), until "\r\n", "\n" or EOF.
func (c *conn) readHeaderLines() ([]string, *headerTooLarge, error) {
	var lines []string
	for {
		line, tooLong, err := c.readLine(c.lineLimit())
		if err != nil {
			return nil, nil, err
		}
		if tooLong {
			return nil, &headerTooLarge{"Line too long", "got more than 65536 bytes when reading header line"}, nil
		}
		lines = append(lines, line)
		if len(lines) > maxHeaders || (len(lines) == maxHeaders && c.srv.cfg.Faults.has(faultMaxHeaders99)) {
			return nil, &headerTooLarge{"Too many headers", "got more than 100 headers"}, nil
		}
		if line == "\r\n" || line == "\n" || line == "" {
			return lines, nil, nil
		}
		if c.srv.cfg.Faults.has(faultCRLinesEnd) && strings.Trim(line, "\r") == "\n" {
			return lines, nil, nil
		}
	}
}

// parseHeaderBlock mirrors http.client._parse_header_lines: the block is decoded as Latin-1 and handed
// to email.parser.Parser (policy compat32). What that parser does is observable:
//   - it splits lines at "\r\n", "\r" or "\n", so a bare CR ends a line;
//   - the first line that is not a header (no colon, or a character outside '!'..'~' before it, such as
//     "Connection : close") ends the headers: the rest is body, and ignored;
//   - a leading continuation line and a "From " line at the very start are dropped;
//   - a line starting with ':' is skipped;
//   - a value keeps its folds and trailing spaces; only the line end is stripped.
func parseHeaderBlock(lines []string) headers { return parseHeaderFields(lines, nil) }

// parseHeaderFields is parseHeaderBlock with the server's faults.
func parseHeaderFields(lines []string, faults Faults) headers {
	text := pylib.Latin1ToText(strings.Join(lines, ""))
	var out headers
	var name string
	var value strings.Builder
	flush := func() {
		if name != "" {
			out = append(out, header{name, strings.TrimRight(value.String(), "\r\n")})
			name = ""
			value.Reset()
		}
	}
	split := splitEmailLines
	if faults.has(faultLFOnlyLines) {
		split = splitLFLines
	}
lines:
	for i, line := range split(text) {
		if !isHeaderLine(line) {
			if faults.has(faultSkipBadLines) {
				continue
			}
			break
		}
		switch {
		case i == 0 && (line[0] == ' ' || line[0] == '\t') && faults.has(faultLeadingSpaceEnds):
			break lines
		case line[0] == ' ' || line[0] == '\t':
			if name != "" {
				value.WriteString(line)
			}
		case strings.HasPrefix(line, "From "):
			flush()
			if i == 0 && faults.has(faultFromLineEnds) {
				break lines
			}
			if i != 0 {
				continue // a misplaced envelope line is a defect, and ignored
			}
		default:
			flush()
			colon := strings.IndexByte(line, ':')
			if colon == 0 {
				continue // "Missing header name" defect
			}
			name = line[:colon]
			if faults.has(faultNamesExactCase) && name != textproto.CanonicalMIMEHeaderKey(name) {
				name = "" // never looked up under that spelling
				continue
			}
			value.WriteString(strings.TrimLeft(line[colon+1:], " \t"))
		}
	}
	flush()
	return out
}

// splitEmailLines splits like email.feedparser's NLCRE_crack, keeping each line's ending.
func splitEmailLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			lines = append(lines, s[start:i+1])
			start = i + 1
		case '\r':
			end := i + 1
			if end < len(s) && s[end] == '\n' {
				end++
			}
			lines = append(lines, s[start:end])
			start = end
			i = end - 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// splitLFLines is the line splitting of faultLFOnlyLines: at LF only, each line keeping its ending.
func splitLFLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// isHeaderLine is email.feedparser's headerRE: '^(From |[\041-\071\073-\176]*:|[\t ])'.
func isHeaderLine(line string) bool {
	if strings.HasPrefix(line, "From ") || line[0] == ' ' || line[0] == '\t' {
		return true
	}
	for i := 0; i < len(line); i++ {
		switch b := line[i]; {
		case b == ':':
			return true
		case b < 0x21 || b > 0x7e:
			return false
		}
	}
	return false
}
