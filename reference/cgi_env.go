package reference

import (
	"errors"
	"strconv"
	"strings"

	"github.com/httpspec/httpspec/reference/pylib"
)

var (
	faultCGIPathInfoSingleDecode = registerFault("cgi-path-info-single-decode",
		"PATH_INFO is %-decoded once, not twice (research §5.4: /env.py/%2541 must give /A)")
	faultCGIAcceptNotJoined = registerFault("cgi-accept-not-joined",
		"HTTP_ACCEPT holds only the first Accept header instead of every value joined by ','")
	faultCGICookieNotJoined = registerFault("cgi-cookie-not-joined",
		"HTTP_COOKIE holds only the first Cookie header instead of the non-empty values joined by ', '")
	faultCGIContentTypeEmpty = registerFault("cgi-content-type-empty",
		"CONTENT_TYPE is empty without a Content-Type header instead of get_content_type()'s text/plain")
	faultCGIRemoteUserLenient = registerFault("cgi-remote-user-lenient",
		"REMOTE_USER is the text before the first colon even when the credentials hold several colons")
	faultCGIAllHeaders = registerFault("cgi-all-headers",
		"every request header reaches the script as HTTP_* (Host, Proxy, X-...), not just run_cgi's five")
	faultCGIRequestProtocol = registerFault("cgi-request-protocol",
		"SERVER_PROTOCOL is the request's version instead of the server's protocol_version")
	faultCGIGateway10 = registerFault("cgi-gateway-1.0",
		"GATEWAY_INTERFACE is CGI/1.0")
	faultCGICleanEnv = registerFault("cgi-clean-env",
		"a script's environment holds only the CGI variables, none of the server's")
	faultCGIAbsentUnset = registerFault("cgi-absent-unset",
		"QUERY_STRING, REMOTE_HOST, CONTENT_LENGTH, HTTP_USER_AGENT, HTTP_COOKIE and HTTP_REFERER are left unset, not '', when the request has none")
	faultCGIAuthTypeAny = registerFault("cgi-auth-type-any",
		"AUTH_TYPE is the first word of any Authorization header, whatever its number of words")
)

// cgiRequest is the request state run_cgi reads to build a script's environment.
type cgiRequest struct {
	serverSoftware string // version_string()
	serverName     string // HTTPServer.server_name
	protocol       string // protocol_version (the server's, not the request's)
	serverPort     int
	method         string
	pathInfo       string // PATH_INFO, already decoded
	pathTranslated fsPath // translate_path(PATH_INFO)
	// pathTranslatedErr is the UnicodeEncodeError of encoding that path, when it cannot be.
	pathTranslatedErr *pyException
	scriptName        string
	query             string
	remoteAddr        string // client_address[0]
	headers           headers
}

// environ is a copy of os.environ being filled in. It is copy.deepcopy(os.environ), an os._Environ: an
// assigned name keeps its place and a new one goes last, and every assignment encodes the value and
// calls putenv at once, in the server. So a value with a NUL byte (ValueError) or a surrogate that
// cannot be encoded (UnicodeEncodeError) raises in run_cgi before anything is sent: err is the first
// such failure. Values are the bytes execve will get.
type environ struct {
	names  []string
	values map[string]string
	err    *pyException
}

// newEnviron mirrors os.environ as Python builds it from the process environment: entries without "="
// are skipped, and the first of duplicate names wins.
func newEnviron(entries []string) *environ {
	e := &environ{values: make(map[string]string, len(entries)+24)}
	for _, kv := range entries {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, dup := e.values[name]; !dup {
			e.names = append(e.names, name)
			e.values[name] = value
		}
	}
	return e
}

func (e *environ) setBytes(name, value string) {
	if strings.IndexByte(value, 0) >= 0 {
		e.fail(&pyException{"ValueError", "embedded null byte"})
	}
	if _, ok := e.values[name]; !ok {
		e.names = append(e.names, name)
	}
	e.values[name] = value
}

// set assigns Python text, encoded as os.fsencode does (UTF-8, surrogateescape).
func (e *environ) set(name, text string) {
	b, err := pylib.FSEncode(text)
	if err != nil {
		e.fail(&pyException{"UnicodeEncodeError", err.Error()})
	}
	e.setBytes(name, string(b))
}

// fail keeps the first exception, the one Python raises.
func (e *environ) fail(exc *pyException) {
	if e.err == nil {
		e.err = exc
	}
}

// setDefault mirrors dict.setdefault(name, ""): a value inherited from the server stays.
func (e *environ) setDefault(name string) {
	if _, ok := e.values[name]; !ok {
		e.setBytes(name, "")
	}
}

// list is the environment as execve receives it, "NAME=value" in dict order.
func (e *environ) list() []string {
	out := make([]string, len(e.names))
	for i, name := range e.names {
		out[i] = name + "=" + e.values[name]
	}
	return out
}

// get returns a variable's bytes; tests use it.
func (e *environ) get(name string) (string, bool) {
	v, ok := e.values[name]
	return v, ok
}

// cgiEnviron mirrors the environment run_cgi hands a script: a copy of the server's whole environment
// with CPython's variables assigned in CPython's order (research §5.4). No other request header is
// passed, so a request cannot set HTTP_PROXY; the server's own environment does leak through for the
// variables that are only set when the request has them.
func cgiEnviron(base []string, r cgiRequest, faults Faults) *environ {
	if faults.has(faultCGICleanEnv) {
		base = nil
	}
	env := newEnviron(base)
	env.set("SERVER_SOFTWARE", r.serverSoftware)
	env.set("SERVER_NAME", r.serverName)
	if faults.has(faultCGIGateway10) {
		env.set("GATEWAY_INTERFACE", "CGI/1.0")
	} else {
		env.set("GATEWAY_INTERFACE", "CGI/1.1")
	}
	env.set("SERVER_PROTOCOL", r.protocol)
	env.set("SERVER_PORT", strconv.Itoa(r.serverPort))
	env.set("REQUEST_METHOD", r.method)
	env.set("PATH_INFO", r.pathInfo)
	if r.pathTranslatedErr != nil {
		env.fail(r.pathTranslatedErr)
	}
	env.setBytes("PATH_TRANSLATED", r.pathTranslated.name)
	env.set("SCRIPT_NAME", r.scriptName)
	env.set("QUERY_STRING", r.query) // always assigned since 3.10 (bpo-43223 era change)
	env.set("REMOTE_ADDR", r.remoteAddr)
	if authType, user, ok := authorizationVariables(r.headers, faults); ok {
		env.set("AUTH_TYPE", authType)
		if user != nil {
			env.set("REMOTE_USER", *user)
		}
	}
	if ctype, ok := r.headers.get("Content-Type"); ok {
		env.set("CONTENT_TYPE", ctype)
	} else if !faults.has(faultCGIContentTypeEmpty) {
		env.set("CONTENT_TYPE", "text/plain") // Message.get_content_type()'s default
	}
	setIfNotEmpty(env, "CONTENT_LENGTH", r.headers, "Content-Length")
	setIfNotEmpty(env, "HTTP_REFERER", r.headers, "Referer")
	accept := r.headers.getAll("Accept")
	if faults.has(faultCGIAcceptNotJoined) && len(accept) > 1 {
		accept = accept[:1]
	}
	env.set("HTTP_ACCEPT", strings.Join(accept, ","))
	setIfNotEmpty(env, "HTTP_USER_AGENT", r.headers, "User-Agent")
	if cookie := joinCookies(r.headers.getAll("Cookie"), faults); cookie != "" {
		env.set("HTTP_COOKIE", cookie)
	}
	if faults.has(faultCGIAllHeaders) {
		for _, h := range r.headers {
			env.set("HTTP_"+strings.ReplaceAll(strings.ToUpper(h.name), "-", "_"), h.value)
		}
	}
	if faults.has(faultCGIAbsentUnset) {
		return env
	}
	for _, name := range []string{"QUERY_STRING", "REMOTE_HOST", "CONTENT_LENGTH", "HTTP_USER_AGENT",
		"HTTP_COOKIE", "HTTP_REFERER"} {
		env.setDefault(name)
	}
	return env
}

// setIfNotEmpty mirrors `value = self.headers.get(header); if value: env[name] = value`.
func setIfNotEmpty(env *environ, name string, h headers, header string) {
	if v, _ := h.get(header); v != "" {
		env.set(name, v)
	}
}

// joinCookies mirrors ', '.join(filter(None, self.headers.get_all('cookie', []))).
func joinCookies(values []string, faults Faults) string {
	if faults.has(faultCGICookieNotJoined) && len(values) > 1 {
		values = values[:1]
	}
	nonEmpty := values[:0:0]
	for _, v := range values {
		if v != "" {
			nonEmpty = append(nonEmpty, v)
		}
	}
	return strings.Join(nonEmpty, ", ")
}

// authorizationVariables mirrors run_cgi's Authorization handling: the first Authorization header,
// when not empty, is split on whitespace (str.split); with exactly two words the first is AUTH_TYPE.
// For "basic" in any case, the second word must be ASCII and decode as base64.decodebytes does
// (lenient: characters outside the alphabet are skipped), the result must be ASCII, and it must hold
// exactly one colon: the text before it is REMOTE_USER. Any failure just leaves REMOTE_USER unset.
func authorizationVariables(h headers, faults Faults) (authType string, remoteUser *string, ok bool) {
	value, _ := h.get("Authorization")
	if value == "" {
		return "", nil, false
	}
	words := pylib.Split(value)
	if len(words) != 2 && faults.has(faultCGIAuthTypeAny) {
		return words[0], nil, len(words) > 0
	}
	if len(words) != 2 {
		return "", nil, false
	}
	if pylib.Lower(words[0]) != "basic" {
		return words[0], nil, true
	}
	user, found := basicUser(words[1], faults.has(faultCGIRemoteUserLenient))
	if !found {
		return words[0], nil, true
	}
	return words[0], &user, true
}

// basicUser decodes Basic credentials the way run_cgi does; lenient is the fault that accepts any
// number of colons.
func basicUser(credentials string, lenient bool) (string, bool) {
	if !isASCII(credentials) {
		return "", false // .encode('ascii') raises UnicodeEncodeError
	}
	decoded, err := decodeBase64(credentials)
	if err != nil || !isASCII(string(decoded)) {
		return "", false
	}
	parts := strings.Split(string(decoded), ":")
	if len(parts) == 2 || (lenient && len(parts) > 2) {
		return parts[0], true
	}
	return "", false
}

var errBase64Padding = errors.New("Incorrect padding")

// decodeBase64 mirrors base64.decodebytes, which is binascii.a2b_base64 in its default, non-strict
// mode (CPython 3.13): bytes outside the base64 alphabet are skipped; "=" counts as padding only once
// at least two data characters of the current quantum were seen, and once the quantum is complete
// with padding, decoding stops and the rest is ignored; input that ends inside a quantum is an error.
func decodeBase64(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*3/4)
	var leftchar byte
	quadPos, pads := 0, 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '=' {
			if quadPos >= 2 {
				pads++
				if quadPos+pads >= 4 {
					return out, nil
				}
			}
			continue
		}
		v, valid := base64Value(ch)
		if !valid {
			continue
		}
		pads = 0
		switch quadPos {
		case 0:
			leftchar = v
		case 1:
			out = append(out, leftchar<<2|v>>4)
			leftchar = v & 0x0f
		case 2:
			out = append(out, leftchar<<4|v>>2)
			leftchar = v & 0x03
		case 3:
			out = append(out, leftchar<<6|v)
		}
		quadPos = (quadPos + 1) % 4
	}
	switch quadPos {
	case 0:
		return out, nil
	case 1:
		return nil, errors.New("Invalid base64-encoded string: number of data characters (" +
			strconv.Itoa(len(out)/3*4+1) + ") cannot be 1 more than a multiple of 4")
	default:
		return nil, errBase64Padding
	}
}

func base64Value(ch byte) (byte, bool) {
	switch {
	case 'A' <= ch && ch <= 'Z':
		return ch - 'A', true
	case 'a' <= ch && ch <= 'z':
		return ch - 'a' + 26, true
	case '0' <= ch && ch <= '9':
		return ch - '0' + 52, true
	case ch == '+':
		return 62, true
	case ch == '/':
		return 63, true
	}
	return 0, false
}
