package suite

import (
	"net"

	"github.com/onsi/gomega"

	"github.com/httpspec/httpspec/suite/wire"
)

// Specs for the CGI environment (research §5.4): one variable per behavior, read from the dump that
// cgi-bin/env.py prints. Variables whose value depends on the run (port, document root, addresses)
// are judged by specs that work it out when they run; a few need a second server, started by the
// Launcher with another bind address or environment.

// envSpec sends request to the CGI target and judges the reply with checks made when the spec runs.
func envSpec(behavior, name, request string, checks func(c *Case) []Check) Spec {
	return customSending(behavior, name, ModeCGI, request, func(c *Case, request string) {
		c.expectChecks(c.Exchange(request), checks(c)...)
	})
}

// launchedEnv is a spec that starts a CGI server as l says, sends request to it and judges the reply
// with checks.
func launchedEnv(behavior, name string, l cgiLaunch, request string, checks ...Check) Spec {
	return customSending(behavior, name, ModeCGI, request, func(c *Case, request string) {
		addr := launchCGI(c, l)
		res, _ := dumpFrom(c, addr, request)
		c.expectChecks(res, checks...)
	}).with(NeedLauncher)
}

const sendEnv = "GET /cgi-bin/env.py HTTP/1.0\r\n\r\n"

var (
	// anyIPv6 is a CGI server bound to the IPv6 wildcard address.
	anyIPv6 = cgiLaunch{bind: "::", needs: []string{"cli.bind-ipv6"}}
	// queryInServerEnv is a CGI server whose own environment has a QUERY_STRING.
	queryInServerEnv = cgiLaunch{bind: "127.0.0.1", env: []string{"QUERY_STRING=from-the-server"}}
	// serverDefaults is a CGI server whose own environment has the variables run_cgi sets only from
	// request headers, or only defaults, and two that it always assigns (CONTENT_TYPE, HTTP_ACCEPT).
	serverDefaults = cgiLaunch{bind: "127.0.0.1", env: []string{
		"REMOTE_HOST=server-host", "AUTH_TYPE=server-auth", "REMOTE_USER=server-user", "CONTENT_LENGTH=99",
		"HTTP_REFERER=server-referer", "HTTP_USER_AGENT=server-agent", "HTTP_COOKIE=server-cookie",
		"CONTENT_TYPE=server-type", "HTTP_ACCEPT=server-accept",
	}}
)

// The server's side: inherited environment, software, name, gateway, protocol, port.
var _ = register(func() []Spec {
	return []Spec{
		launchedEnv("cgi.env-inherits-server", "HTTP_X_TEST in the server's environment, X-Test in the request",
			cgiLaunch{bind: "127.0.0.1", env: []string{"HTTP_X_TEST=from-the-server"}}, "GET /cgi-bin/env.py HTTP/1.0\r\nX-Test: from-the-request\r\n\r\n",
			envIs("HTTP_X_TEST", "from-the-server")),
		launchedEnv("cgi.env-inherits-server", "variables run_cgi only defaults keep the server's values", serverDefaults, sendEnv,
			envIs("REMOTE_HOST", "server-host"), envIs("AUTH_TYPE", "server-auth"), envIs("REMOTE_USER", "server-user"),
			envIs("CONTENT_LENGTH", "99"), envIs("HTTP_REFERER", "server-referer"),
			envIs("HTTP_USER_AGENT", "server-agent"), envIs("HTTP_COOKIE", "server-cookie"),
			envIs("CONTENT_TYPE", "text/plain"), envIs("HTTP_ACCEPT", "")),
		launchedEnv("cgi.env-inherits-server", "request headers override the server's values", serverDefaults,
			"GET /cgi-bin/env.py HTTP/1.0\r\nUser-Agent: ua/2\r\nCookie: c=1\r\nContent-Length: 0\r\n\r\n",
			envIs("HTTP_USER_AGENT", "ua/2"), envIs("HTTP_COOKIE", "c=1"), envIs("CONTENT_LENGTH", "0")),

		exchange("cgi.env-server-software", "GET /cgi-bin/env.py: the Server header's value", ModeCGI,
			sendEnv, envIsHeader("SERVER_SOFTWARE", "Server")),

		envSpec("cgi.env-server-name", "the target bound to its address", sendEnv, func(c *Case) []Check {
			host, _, _ := net.SplitHostPort(c.Target.Addr)
			return []Check{envOneOf("SERVER_NAME", fqdnCandidates(host))}
		}),
		customSending("cgi.env-server-name", "a server bound to 0.0.0.0: the host's name", ModeCGI, sendEnv, func(c *Case, request string) {
			addr := launchCGI(c, cgiLaunch{bind: "0.0.0.0"})
			res, _ := dumpFrom(c, addr, request)
			c.expectChecks(res, envOneOf("SERVER_NAME", fqdnCandidates("0.0.0.0")))
		}).with(NeedLauncher),
		launchedEnv("cgi.env-server-name-ipv6-any-raw", "a server bound to ::", anyIPv6, sendEnv,
			envIs("SERVER_NAME", "::")),
		customSending("cgi.env-server-name-ipv6-any-fqdn", "a server bound to ::", ModeCGI, sendEnv, func(c *Case, request string) {
			addr := launchCGI(c, anyIPv6)
			res, _ := dumpFrom(c, addr, request)
			c.expectChecks(res, envIsNot("SERVER_NAME", "::"), envOneOf("SERVER_NAME", fqdnCandidates("::")))
		}).with(NeedLauncher),

		exchange("cgi.env-gateway-interface", "GET /cgi-bin/env.py", ModeCGI,
			sendEnv, envIs("GATEWAY_INTERFACE", "CGI/1.1")),

		exchange("cgi.env-server-protocol", "an HTTP/1.1 request to the HTTP/1.0 server", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.1\r\nHost: x\r\n\r\n", envIs("SERVER_PROTOCOL", "HTTP/1.0")),
		exchange("cgi.env-server-protocol", "an HTTP/1.0 request", ModeCGI,
			sendEnv, envIs("SERVER_PROTOCOL", "HTTP/1.0")),
		customSending("cgi.env-server-protocol", "an HTTP/1.0 request to a server started with --protocol HTTP/1.1", ModeCGI,
			sendEnv, func(c *Case, request string) {
				addr := launchCGI(c, http11CGI)
				res, _ := dumpFrom(c, addr, request)
				c.expectChecks(res, envIs("SERVER_PROTOCOL", "HTTP/1.1"))
			}).with(NeedLauncher),

		envSpec("cgi.env-server-port", "GET /cgi-bin/env.py", sendEnv, func(c *Case) []Check {
			return []Check{envIs("SERVER_PORT", portOf(c.Target.Addr))}
		}),
	}
})

// The request line: method, path info, translated path, script name, query.
var _ = register(func() []Spec {
	return []Spec{
		exchange("cgi.env-request-method", "GET", ModeCGI, sendEnv, envIs("REQUEST_METHOD", "GET")),
		exchange("cgi.env-request-method", "HEAD", ModeCGI, sendHEAD("/cgi-bin/env.py"), envIs("REQUEST_METHOD", "HEAD")),
		exchange("cgi.env-request-method", "POST", ModeCGI,
			"POST /cgi-bin/env.py HTTP/1.0\r\nContent-Length: 0\r\n\r\n", envIs("REQUEST_METHOD", "POST")),

		exchange("cgi.env-path-info", "/cgi-bin/env.py/extra", ModeCGI,
			sendGET("/cgi-bin/env.py/extra"), envIs("PATH_INFO", "/extra"), envIs("SCRIPT_NAME", "/cgi-bin/env.py")),
		exchange("cgi.env-path-info", "/cgi-bin/env.py: empty", ModeCGI, sendEnv, envIs("PATH_INFO", "")),
		exchange("cgi.env-path-info", "/cgi-bin/env.py/a/b/?q: the query is not part of it", ModeCGI,
			sendGET("/cgi-bin/env.py/a/b/?q"), envIs("PATH_INFO", "/a/b/"), envIs("QUERY_STRING", "q")),
		exchange("cgi.env-path-info", "/cgi-bin/env.py/sp%20ace: decoded", ModeCGI,
			sendGET("/cgi-bin/env.py/sp%20ace"), envIs("PATH_INFO", "/sp ace")),

		exchange("cgi.env-path-info-double-decoded", "/cgi-bin/env.py/%2541%252F", ModeCGI,
			sendGET("/cgi-bin/env.py/%2541%252F"), envIs("PATH_INFO", "/A/")),
		exchange("cgi.env-path-info-double-decoded", "/cgi-bin/env.py/%2520x", ModeCGI,
			sendGET("/cgi-bin/env.py/%2520x"), envIs("PATH_INFO", "/ x")),

		envSpec("cgi.env-path-translated", "no PATH_INFO: the served directory", sendEnv, func(c *Case) []Check {
			return []Check{envOneOf("PATH_TRANSLATED", docRootSpellings(c))}
		}),
		envSpec("cgi.env-path-translated", "/cgi-bin/env.py/extra", sendGET("/cgi-bin/env.py/extra"), func(c *Case) []Check {
			return []Check{envOneOf("PATH_TRANSLATED", withSuffix(docRootSpellings(c), "/extra"))}
		}),
		envSpec("cgi.env-path-translated", "/cgi-bin/env.py/a/%2541/: decoded twice, trailing slash kept", sendGET("/cgi-bin/env.py/a/%2541/"), func(c *Case) []Check {
			return []Check{envOneOf("PATH_TRANSLATED", withSuffix(docRootSpellings(c), "/a/A/"))}
		}),

		exchange("cgi.env-script-name", "/cgi-bin/env.py", ModeCGI, sendEnv, envIs("SCRIPT_NAME", "/cgi-bin/env.py")),
		exchange("cgi.env-script-name", "//cgi-bin//env.py: collapsed", ModeCGI,
			sendGET("//cgi-bin//env.py"), envIs("SCRIPT_NAME", "/cgi-bin/env.py")),
		exchange("cgi.env-script-name", "/cgi-bin/sub%20dir/env.py: decoded", ModeCGI,
			sendGET("/cgi-bin/sub%20dir/env.py"), envIs("SCRIPT_NAME", "/cgi-bin/sub dir/env.py")),

		exchange("cgi.env-script-name-keeps-fragment", "/cgi-bin/env.py#frag", ModeCGI,
			sendGET("/cgi-bin/env.py#frag"), statusLine("HTTP/1.0 200 Script output follows"),
			envIs("SCRIPT_NAME", "/cgi-bin/env.py#frag")),

		exchange("cgi.env-query-string", "?a=b?c=d", ModeCGI,
			sendGET("/cgi-bin/env.py?a=b?c=d"), envIs("QUERY_STRING", "a=b?c=d")),
		exchange("cgi.env-query-string", "?x=%41+1&y=%2F: not decoded", ModeCGI,
			sendGET("/cgi-bin/env.py?x=%41+1&y=%2F"), envIs("QUERY_STRING", "x=%41+1&y=%2F")),
		exchange("cgi.env-query-string", "/cgi-bin/exec.sh?a%20b", ModeCGI,
			sendGET("/cgi-bin/exec.sh?a%20b"), scriptReply(shellOK("a%20b"))),

		exchange("cgi.env-query-string-always-set", "no query: set and empty", ModeCGI,
			sendEnv, envIs("QUERY_STRING", "")),
		launchedEnv("cgi.env-query-string-always-set", "no query, QUERY_STRING in the server's environment", queryInServerEnv, sendEnv, envIs("QUERY_STRING", "")),
		exchange("cgi.env-query-string-inherited", "no query, none in the server's environment: empty", ModeCGI,
			sendEnv, envIs("QUERY_STRING", "")),
		launchedEnv("cgi.env-query-string-inherited", "no query, QUERY_STRING in the server's environment", queryInServerEnv, sendEnv, envIs("QUERY_STRING", "from-the-server")),
		launchedEnv("cgi.env-query-string-inherited", "?mine, QUERY_STRING in the server's environment", queryInServerEnv, sendGET("/cgi-bin/env.py?mine"), envIs("QUERY_STRING", "mine")),
	}
})

// The client: address, host.
var _ = register(func() []Spec {
	return []Spec{
		customSending("cgi.env-remote-addr", "the client's address", ModeCGI, sendEnv, remoteAddrIsClient),
		customSending("cgi.env-remote-addr", "a server bound to ::, reached over ::1 (and 127.0.0.1 where dual-stack)", ModeCGI,
			sendEnv, remoteAddrOnIPv6).with(NeedLauncher),

		exchange("cgi.env-remote-host-empty", "GET /cgi-bin/env.py", ModeCGI, sendEnv, envIs("REMOTE_HOST", "")),
		exchange("cgi.env-remote-host-empty", "with a Host header", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nHost: client.example\r\n\r\n", envIs("REMOTE_HOST", "")),
	}
})

// The request's headers: authorization, content, referer and user agent, accept, cookie, others.
var _ = register(func() []Spec {
	return []Spec{
		exchange("cgi.env-auth-type", "Authorization: Bearer tok", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Bearer tok\r\n\r\n",
			envIs("AUTH_TYPE", "Bearer"), envUnset("REMOTE_USER")),
		exchange("cgi.env-auth-type", "Authorization: basic YTpiOmM= (case kept)", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: basic YTpiOmM=\r\n\r\n", envIs("AUTH_TYPE", "basic")),
		exchange("cgi.env-auth-type", "Authorization with three words: nothing set", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic dXNlcjpw YXNz\r\n\r\n",
			envUnset("AUTH_TYPE"), envUnset("REMOTE_USER")),
		exchange("cgi.env-auth-type", "Authorization with one word: nothing set", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Bearer\r\n\r\n", envUnset("AUTH_TYPE")),
		exchange("cgi.env-auth-type", "no Authorization", ModeCGI, sendEnv, envUnset("AUTH_TYPE"), envUnset("REMOTE_USER")),

		exchange("cgi.env-remote-user", "Basic dXNlcjpwYXNz (user:pass)", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n",
			envIs("AUTH_TYPE", "Basic"), envIs("REMOTE_USER", "user")),
		exchange("cgi.env-remote-user", "bASIC dXNlcjpwYXNz: the scheme in any case", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: bASIC dXNlcjpwYXNz\r\n\r\n", envIs("REMOTE_USER", "user")),
		exchange("cgi.env-remote-user", "Basic dXNl*cjpwYXNz=: lenient base64", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic dXNl*cjpwYXNz=\r\n\r\n", envIs("REMOTE_USER", "user")),
		exchange("cgi.env-remote-user", "Basic OnA= (:p): an empty user", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic OnA=\r\n\r\n", envIs("REMOTE_USER", "")),
		exchange("cgi.env-remote-user", "Basic YTpiOmM= (a:b:c): two colons", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic YTpiOmM=\r\n\r\n",
			envIs("AUTH_TYPE", "Basic"), envUnset("REMOTE_USER")),
		exchange("cgi.env-remote-user", "Basic dXNlcg== (user): no colon", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic dXNlcg==\r\n\r\n", envUnset("REMOTE_USER")),
		exchange("cgi.env-remote-user", "Basic w7w6eA== (ü:x): not ASCII", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Basic w7w6eA==\r\n\r\n", envUnset("REMOTE_USER")),
		exchange("cgi.env-remote-user", "Digest dXNlcjpwYXNz: not Basic", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAuthorization: Digest dXNlcjpwYXNz\r\n\r\n",
			envIs("AUTH_TYPE", "Digest"), envUnset("REMOTE_USER")),

		exchange("cgi.env-content-type", "no Content-Type: text/plain", ModeCGI, sendEnv, envIs("CONTENT_TYPE", "text/plain")),
		exchange("cgi.env-content-type", "an empty Content-Type", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nContent-Type:\r\n\r\n", envIs("CONTENT_TYPE", "")),
		exchange("cgi.env-content-type", "Content-Type: Application/X-Www-Form-Urlencoded; charset=UTF-8", ModeCGI,
			"POST /cgi-bin/env.py HTTP/1.0\r\nContent-Type: Application/X-Www-Form-Urlencoded; charset=UTF-8\r\nContent-Length: 0\r\n\r\n",
			envIs("CONTENT_TYPE", "Application/X-Www-Form-Urlencoded; charset=UTF-8")),
		exchange("cgi.env-content-type", "Content-Type: nonsense", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nContent-Type: nonsense\r\n\r\n", envIs("CONTENT_TYPE", "nonsense")),

		exchange("cgi.env-content-length", "no Content-Length: empty", ModeCGI, sendEnv, envIs("CONTENT_LENGTH", "")),
		exchange("cgi.env-content-length", "Content-Length: abc", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nContent-Length: abc\r\n\r\n", envIs("CONTENT_LENGTH", "abc")),
		exchange("cgi.env-content-length", "POST with Content-Length: 5", ModeCGI,
			"POST /cgi-bin/env.py HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello", envIs("CONTENT_LENGTH", "5")),
		exchange("cgi.env-content-length", "Content-Length: 007", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nContent-Length: 007\r\n\r\n", envIs("CONTENT_LENGTH", "007")),

		exchange("cgi.env-referer-user-agent", "Referer and User-Agent", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nReferer: http://r.example/p?q\r\nUser-Agent: ua/1 (x)\r\n\r\n",
			envIs("HTTP_REFERER", "http://r.example/p?q"), envIs("HTTP_USER_AGENT", "ua/1 (x)")),
		exchange("cgi.env-referer-user-agent", "neither: both empty", ModeCGI,
			sendEnv, envIs("HTTP_REFERER", ""), envIs("HTTP_USER_AGENT", "")),

		exchange("cgi.env-http-accept-joined", "Accept: text/html and Accept: text/plain, */*", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAccept: text/html\r\nAccept: text/plain, */*\r\n\r\n",
			envIs("HTTP_ACCEPT", "text/html,text/plain, */*")),
		exchange("cgi.env-http-accept-joined", "one Accept header", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAccept: */*\r\n\r\n", envIs("HTTP_ACCEPT", "*/*")),
		exchange("cgi.env-http-accept-joined", "no Accept: empty", ModeCGI, sendEnv, envIs("HTTP_ACCEPT", "")),
		exchange("cgi.env-http-accept-empty", "Accept: text/html and Accept: text/plain, */*", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAccept: text/html\r\nAccept: text/plain, */*\r\n\r\n",
			envIs("HTTP_ACCEPT", "")),
		exchange("cgi.env-http-accept-empty", "one Accept header", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nAccept: */*\r\n\r\n", envIs("HTTP_ACCEPT", "")),

		exchange("cgi.env-http-cookie", "Cookie: a=1, an empty Cookie, Cookie: b=2", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nCookie: a=1\r\nCookie:\r\nCookie: b=2\r\n\r\n", envIs("HTTP_COOKIE", "a=1, b=2")),
		exchange("cgi.env-http-cookie", "one Cookie header", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nCookie: a=1; b=2\r\n\r\n", envIs("HTTP_COOKIE", "a=1; b=2")),
		exchange("cgi.env-http-cookie", "no Cookie: empty", ModeCGI, sendEnv, envIs("HTTP_COOKIE", "")),

		exchange("cgi.env-no-other-headers", "Host, Proxy and X-Test headers", ModeCGI,
			"GET /cgi-bin/env.py HTTP/1.0\r\nHost: evil.example\r\nProxy: http://evil.example/\r\nX-Test: injected\r\n\r\n",
			envIsNot("HTTP_HOST", "evil.example"), envIsNot("HTTP_PROXY", "http://evil.example/"),
			envIsNot("HTTP_X_TEST", "injected")),
	}
})

// remoteAddrIsClient: REMOTE_ADDR is client_address[0], the address the client connected from.
func remoteAddrIsClient(c *Case, request string) {
	conn := c.Dial()
	c.Expect(conn.Send([]byte(request))).To(gomega.Succeed())
	got, err := conn.ReadUntilClose()
	c.Expect(err).NotTo(gomega.HaveOccurred())
	client, _, _ := net.SplitHostPort(conn.LocalAddr())
	d := parseEnvDump(got.Bytes)
	c.Expect(d.show("REMOTE_ADDR")).To(gomega.Equal(quote("REMOTE_ADDR="+client)), "the client connected from %s", conn.LocalAddr())
}

// remoteAddrOnIPv6: a server bound to :: sees an IPv6 client address; on a dual-stack socket an IPv4
// client shows as ::ffff:127.0.0.1 (research §5.4, cli.dual-stack) where the host lets one socket
// take both families.
func remoteAddrOnIPv6(c *Case, request string) {
	addr := launchCGI(c, anyIPv6)
	res, _ := dumpFrom(c, addr, request)
	c.expectChecks(res, envIs("REMOTE_ADDR", "::1"))
	v4 := net.JoinHostPort("127.0.0.1", portOf(addr))
	res, err := wire.Exchange(c.Ctx, v4, []byte(request), c.Options())
	if err != nil {
		c.Note("no IPv4 connection to the server bound to :: (%v): this host has no dual-stack sockets", err)
		return
	}
	c.expectChecks(res, envIs("REMOTE_ADDR", "::ffff:127.0.0.1"))
}
