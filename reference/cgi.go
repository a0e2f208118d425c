package reference

// cgiMethods are CGIHTTPRequestHandler's do_GET, do_HEAD and do_POST.
//
// TODO(issue 4): CGI execution. Until it lands, --cgi serves files as SimpleHTTPRequestHandler does
// and refuses POST as CGIHTTPRequestHandler does outside CGI directories.
func cgiMethods() map[string]func(*conn) {
	m := simpleMethods()
	m["POST"] = func(c *conn) {
		c.sendError(errorWithMessage(501, "Can only POST to CGI scripts"))
	}
	return m
}
