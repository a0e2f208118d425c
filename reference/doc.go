// Package reference is a Go http.server: its bytes on the wire, its connection handling and its log
// lines are those of CPython 3.13.0's `python -m http.server` (Lib/http/server.py), and a
// differential test holds it to that against a live interpreter (diff_test.go).
//
// The package is laid out like server.py, one concern per file, with functions named after the
// Python they mirror:
//
//	server.go      HTTPServer, ThreadingHTTPServer, the CLI's DualStackServer, _get_best_family
//	conn.go        StreamRequestHandler's rfile and wfile, socketserver's handle_error banner
//	request.go     BaseHTTPRequestHandler.handle, handle_one_request, parse_request, handle_expect_100
//	headers.go     http.client.parse_headers and the email parser quirks it lets through
//	response.go    send_response, send_response_only, send_header, end_headers, send_error
//	status.go      BaseHTTPRequestHandler.responses (http.HTTPStatus phrases and explanations)
//	log.go         log_message, log_request, log_error, log_date_time_string, _control_char_table
//	simple.go      SimpleHTTPRequestHandler: do_GET, do_HEAD, send_head, the directory redirect
//	translate.go   translate_path
//	listing.go     list_directory
//	modified.go    send_head's If-Modified-Since check
//	mimetypes.go   guess_type and extensions_map (the tables themselves are pylib's mimetypes)
//	cgi*.go        CGIHTTPRequestHandler: is_cgi, _url_collapse_path, run_cgi, nobody_uid
//	cli.go         the `if __name__ == '__main__'` block: argparse options, banner, Ctrl-C
//	config.go      the class attributes and CLI options, as one value
//	faults.go      switches that break one behavior each, for the suite's self-test
//
// The Python standard library that server.py leans on (str methods, codecs, urllib.parse,
// posixpath, html, email.utils, mimetypes) is reproduced in the pylib subpackage.
//
// # DEVIATIONS
//
// Where the reference deliberately does not do what CPython 3.13.0 does. The differential test
// normalises exactly these, besides the Date values and log timestamps (which it checks agree within
// seconds).
//
//   - The Server header says "SimpleHTTP/0.6 httpspec/<Version>" where CPython says
//     "SimpleHTTP/0.6 Python/3.13.0": the reference is not Python and does not claim to be (a
//     suite reads the Python version from this header). The test replaces both product tokens.
//   - Content types come from CPython 3.13.0's built-in mimetypes table alone. CPython also reads the
//     host's mime.types files (mimetypes.knownfiles: /etc/mime.types and others), so its answers
//     depend on the machine; the reference reads such files only when told to (Config.MimeTypesFiles,
//     `--mime-types`). The test runs CPython with knownfiles emptied against the default reference,
//     and CPython as it is against a reference given the files CPython reads.
//   - A handler crash (§1.5 of the research: GET /%00, a lone surrogate in a path, a listing title
//     that cannot be encoded) writes socketserver's banner and the final exception line, but no
//     Python frames, which the reference does not have. The test compares a traceback by its banner
//     (client port normalised) and the type of its final exception.
//   - Config.NoFollowSymlinks (`--no-follow-symlinks`, off by default) refuses symlinks that leave
//     the served directory; CPython always follows them.
//   - The bytes of a reply are CPython's, but not necessarily its TCP segmentation: CPython sends the
//     status line and headers in one write and the body in another, the reference may coalesce them.
//     No HTTP client can tell, and the test compares byte streams.
//   - A CGI script runs in a process group of its own, which is killed when its client resets the
//     connection or the server closes; CPython leaves such a script running for as long as it likes,
//     holding the connection. Only descriptors 0, 1 and 2 reach the script. So a client that asks for
//     a script that never ends and goes away does not leave a process behind (hostile_cgi_test.go).
package reference
