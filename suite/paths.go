package suite

// Specs for path translation: research §4.1 (SimpleHTTPRequestHandler.translate_path) and the inputs
// that crash send_head (§4.10). Every row of §4.1's table is here, each under the behavior it shows.

var _ = register(func() []Spec {
	return []Spec{
		exchange("paths.relative-to-root", "GET /a.txt serves <root>/a.txt", ModeDefault,
			sendGET("/a.txt"), served("a.txt")),
		exchange("paths.relative-to-root", "GET /listdir/sub/inside.txt serves a file two directories down", ModeDefault,
			sendGET("/listdir/sub/inside.txt"), served("listdir/sub/inside.txt")),
		exchange("paths.relative-to-root", "GET /case/A and /case/a are two files: names are case-sensitive", ModeDefault,
			sendGET("/case/A"), served("case/A")).with(NeedFixture("case/a")),
		exchange("paths.relative-to-root", "GET /case/a", ModeDefault,
			sendGET("/case/a"), served("case/a")).with(NeedFixture("case/a")),

		// The outside directory is the document root's sibling: climbing one level would find it.
		exchange("paths.no-traversal", "/../../../../etc/passwd", ModeDefault,
			sendGET("/../../../../etc/passwd"), fileNotFound()),
		exchange("paths.no-traversal", "/..%2f..%2f..%2fetc%2fpasswd", ModeDefault,
			sendGET("/..%2f..%2f..%2fetc%2fpasswd"), fileNotFound()),
		exchange("paths.no-traversal", "/%2e%2e/%2e%2e/etc/passwd", ModeDefault,
			sendGET("/%2e%2e/%2e%2e/etc/passwd"), fileNotFound()),
		exchange("paths.no-traversal", "/../outside/secret.txt (a real file beside the root)", ModeDefault,
			sendGET("/../outside/secret.txt"), fileNotFound()),
		exchange("paths.no-traversal", "/..%2foutside%2fsecret.txt", ModeDefault,
			sendGET("/..%2foutside%2fsecret.txt"), fileNotFound()),
		exchange("paths.no-traversal", "/%2e%2e/outside/secret.txt", ModeDefault,
			sendGET("/%2e%2e/outside/secret.txt"), fileNotFound()),

		exchange("paths.query-stripped", "/a.txt?x=1&y=2", ModeDefault,
			sendGET("/a.txt?x=1&y=2"), served("a.txt")),
		exchange("paths.fragment-stripped", "/a.txt#frag", ModeDefault,
			sendGET("/a.txt#frag"), served("a.txt")),
		exchange("paths.fragment-stripped", "/a.txt?x#y", ModeDefault,
			sendGET("/a.txt?x#y"), served("a.txt")),
		exchange("paths.query-cut-before-fragment", "/a.txt#x?y", ModeDefault,
			sendGET("/a.txt#x?y"), served("a.txt")),

		exchange("paths.percent-decoded", "/%61.txt", ModeDefault,
			sendGET("/%61.txt"), served("a.txt")),
		exchange("paths.percent-decoded", "/a%2etxt", ModeDefault,
			sendGET("/a%2etxt"), served("a.txt")),
		exchange("paths.percent-decoded", "/a%2Etxt", ModeDefault,
			sendGET("/a%2Etxt"), served("a.txt")),

		exchange("paths.dot-segments-resolved", "/./a.txt", ModeDefault,
			sendGET("/./a.txt"), served("a.txt")),
		exchange("paths.dot-segments-resolved", "/x/../a.txt (x does not exist)", ModeDefault,
			sendGET("/x/../a.txt"), served("a.txt")),
		exchange("paths.dot-segments-resolved", "/../a.txt", ModeDefault,
			sendGET("/../a.txt"), served("a.txt")),

		exchange("paths.no-leading-slash", "a.txt", ModeDefault,
			sendGET("a.txt"), served("a.txt")),
		exchange("paths.no-leading-slash", "../a.txt", ModeDefault,
			sendGET("../a.txt"), served("a.txt")),

		exchange("paths.file-trailing-dot", "/a.txt/.", ModeDefault,
			sendGET("/a.txt/."), served("a.txt")),
		exchange("paths.file-trailing-slash-404", "/a.txt/", ModeDefault,
			sendGET("/a.txt/"), fileNotFound()),
		exchange("paths.file-trailing-slash-404", "/listdir/sub/inside.txt/", ModeDefault,
			sendGET("/listdir/sub/inside.txt/"), fileNotFound()),

		exchange("paths.plus-is-literal", "/file+with+space.txt", ModeDefault,
			sendGET("/file+with+space.txt"), fileNotFound()),
		exchange("paths.percent-20-space", "/file%20with%20space.txt", ModeDefault,
			sendGET("/file%20with%20space.txt"), served("file with space.txt")),

		exchange("paths.backslash-ordinary", `/listdir\a (listdir/a exists)`, ModeDefault,
			sendGET(`/listdir\a`), fileNotFound()),
		exchange("paths.backslash-ordinary", `/back\slash.txt`, ModeDefault,
			sendGET(`/back\slash.txt`), served(`back\slash.txt`)),

		exchange("paths.semicolon-literal", "/a.txt;param", ModeDefault,
			sendGET("/a.txt;param"), fileNotFound()),
		exchange("paths.semicolon-literal", "/semi;colon.txt", ModeDefault,
			sendGET("/semi;colon.txt"), served("semi;colon.txt")),

		exchange("paths.absolute-form-not-understood", "GET http://example.com/a.txt", ModeDefault,
			sendGET("http://example.com/a.txt"), fileNotFound()),
		exchange("paths.asterisk-404", "GET *", ModeDefault,
			sendGET("*"), fileNotFound()),

		exchange("paths.raw-latin1-byte-found", "raw byte 0xFC: /\\xfc.txt", ModeDefault,
			sendGET("/\xfc.txt"), served("ü.txt")),
		exchange("paths.raw-utf8-bytes-not-found", "raw UTF-8 C3 BC: /\\xc3\\xbc.txt", ModeDefault,
			sendGET("/\xc3\xbc.txt"), fileNotFound()),
		exchange("paths.percent-utf8-found", "/%C3%BC.txt", ModeDefault,
			sendGET("/%C3%BC.txt"), served("ü.txt")),
		exchange("paths.percent-utf8-found", "/%c3%bc.txt (lower-case hex)", ModeDefault,
			sendGET("/%c3%bc.txt"), served("ü.txt")),

		exchange("paths.decoded-once", "/%2541.txt opens %41.txt", ModeDefault,
			sendGET("/%2541.txt"), served("%41.txt")),
		exchange("paths.decoded-once", "/%41.txt means A.txt, which does not exist", ModeDefault,
			sendGET("/%41.txt"), fileNotFound()),

		exchange("paths.surrogate-escape-undecodable-name", "/undecodable/%ED%B3%BF.txt", ModeDefault,
			sendGET("/undecodable/%ED%B3%BF.txt"), served("undecodable/\xff.txt")).
			with(NeedFixture("undecodable/\xff.txt")),
		customWithRequest("paths.invalid-utf8-replacement", "%ff.txt opens the file named U+FFFD .txt", ModeDefault,
			sendGET("/<scratch>/%ff.txt"), replacementCharacterName),

		exchange("paths.nul-crashes", "/%00", ModeDefault,
			sendGET("/%00"), handlerCrashed()),
		exchange("paths.nul-crashes", "a raw NUL: /\\x00", ModeDefault,
			sendGET("/\x00"), handlerCrashed()),
		exchange("paths.nul-directory-crashes", "/emptydir%00/", ModeDefault,
			sendGET("/emptydir%00/"), handlerCrashed()),
		exchange("paths.nul-directory-404", "/emptydir%00/", ModeDefault,
			sendGET("/emptydir%00/"), fileNotFound()),
		exchange("paths.lone-surrogate-crashes", "/%ed%a0%80", ModeDefault,
			sendGET("/%ed%a0%80"), handlerCrashed()),
	}
})

// replacementCharacterName puts a file named "\ufffd.txt" (UTF-8 EF BF BD) in a scratch directory and
// asks for it as %ff.txt: unquote with errors='surrogatepass' fails on the lone 0xFF, and translate_path
// falls back to unquote's default errors='replace' (research §4.1).
func replacementCharacterName(c *Case) {
	urlDir, dir := scratchDir(c)
	scratchFile(c, dir, "\ufffd.txt", []byte("replacement character\n"))
	res := c.Exchange(sendGET(urlDir + "%ff.txt"))
	c.expectChecks(res, statusLine("HTTP/1.0 200 OK"), body("replacement character\n"))
}
