package reference_test

import (
	"github.com/httpspec/httpspec/fixtures"
)

// fileCases are SimpleHTTPRequestHandler's behaviors (research §4) on the fixture tree.
func fileCases() []diffCase {
	var all []diffCase
	for _, part := range [][]diffCase{
		translateCases(), redirectCases(), urlsplitCases(), indexCases(), listingCases(), titleCases(), nameCases(),
		symlinkCases(), modifiedCases(), headCases(), crashCases(), mimeCases(),
	} {
		all = append(all, part...)
	}
	return inGroup("files", all)
}

// translateCases are the rows of translate_path's table (§4.1).
func translateCases() []diffCase {
	paths := []string{
		"/a.txt", "/a.txt?x=1&y=2", "/a.txt#frag", "/a.txt?x#y", "/a.txt#x?y", "/a.txt?", "/a.txt#",
		"/%61.txt", "/a%2etxt", "/a%2Etxt", "/./a.txt", "/x/../a.txt", "/../a.txt", "a.txt", "../a.txt",
		"/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
		"/a.txt/.", "/a.txt/", "/a.txt/..", "/a.txt//", "/a.txt/./", "/file+with+space.txt",
		"/file%20with%20space.txt", "/listdir\\a", "/back\\slash.txt", "/back%5Cslash.txt",
		"/a.txt;param", "/semi;colon.txt", "/semi%3Bcolon.txt", "http://example.com/a.txt",
		"http://example.com/", "*", "/\xfc.txt", "/\xc3\xbc.txt", "/%C3%BC.txt", "/%c3%bc.txt",
		"/%2541.txt", "/%41.txt", "/%25", "/%", "/%4", "/%zz", "/%%41.txt", "/%2", "/a.txt%",
		"/A.TXT", "/a.TXT", "/a.txt.", "/a.txt%20", "/%20a.txt", "/a.txt%09", "/a.txt%0d%0a",
		"/%ff", "/%ff/", "/%c3", "/%C3%28", "/%ef%bf%bd", "/%ed%b3%bf", "/a.txt?%ed%a0%80",
		"/a.txt#%00", "/a.txt?%00", "/empty.txt", "/large.bin", "/missing.txt", "/missing/",
		"/dir1/index.html/", "/dir1/missing", "/emptydir%00/", "/%00/", "/%ed%a0%80/",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("translate/"+quoteName(p), get10(p)))
	}
	return append(out, rq("translate/undecodable-surrogatepass", get10("/undecodable/%ED%B3%BF.txt")).need("undecodable/\xff.txt"))
}

// redirectCases: a directory named without its slash is 301 to the same path plus "/", query and
// fragment kept verbatim (§4.3).
func redirectCases() []diffCase {
	paths := []string{
		"/dir1", "/dir1?q=1&r=<2>", "/dir1#f", "/dir1?q#f", "/dir1?", "/dir1#", "/dir1?#", "/dir1??",
		"/dir1?x/", "/dir1#/", "/dir1?a#b?c#d", "/sp%20dir", "/sp%20dir?x=%20", "/q%3Fdir",
		"/q%3Fdir?x=1", "/h%23dir", "/h%23dir#f", "/listdir%2fsub", "/listdir/%3Cdir%3E",
		"/emptydir/../dir1", "/dir1/%2e%2e/dir2", "/%64ir1", "/dir1%2f", "/dir1%2F?x", "/%2e%2e",
		"/.", "/emptydir", "/listdir/sub", "/listdir/Sub2", "/link_outside_dir", "/link_to_dir",
		"/listdir/dirlink", "/listdir/outlink", "/dir4/index.html", "/cgi-bin", "/nested/cgi-bin",
		"/DIR1", "/dir1;x", "/dir1%3fx", "/dir1\\", "/dir1/.", "/dir1/..", "/dir1/./.", "/dir1/%2e",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("redirect/"+quoteName(p), get10(p)))
	}
	return append(out,
		rq("redirect/head", req("HEAD /dir1 HTTP/1.0")),
		rq("redirect/http11", get11("/dir1?x#y")),
		rq("redirect/latin1-query", get10("/dir1?\xe9\xff")),
		rq("redirect/control-in-query", get10("/dir1?\x01\x7f")),
	)
}

// urlsplitCases reach the redirect through request targets that translate_path normalises to a
// directory while urlsplit sees a scheme, a host or leading control characters (§4.3: an
// absolute-form target keeps its scheme and host in Location).
func urlsplitCases() []diffCase {
	targets := []string{
		"dir1", "dir1/", "?x", "#f", ".", "..", "%2e", "//", "//?x", "a:/../dir1", "HTTP:/../dir1",
		"1a:/../dir1", "a+b.c-d:/../dir1", "a_b:/../dir1", "http://x/../../dir1", "http://x/../..",
		"http://x/../../dir1?q#f", "http://[::1]/../../dir1", "http://[::1/../../dir1",
		"http://x]/../../dir1", "http://[x]/../../dir1", "http://[v1.x]/../../dir1", "http://u@x:1/../../dir1",
		"\x01/../dir1", "\x00/../dir1", "\x01\x02\x1b/../dir1", "\x01/../list2/", "//\x01/../dir1",
		"/dir1/\x01/..", "x:\x01/../dir1", "\x7f/../dir1",
	}
	var out []diffCase
	for _, p := range targets {
		out = append(out, rq("urlsplit/"+quoteName(p), get10(p)))
	}
	return out
}

// indexCases: index.html before index.htm, and only when it is a regular file (§4.2).
func indexCases() []diffCase {
	paths := []string{
		"/dir1/", "/dir2/", "/dir3/", "/dir4/", "/dir1/index.html", "/dir3/index.htm",
		"/dir4/index.htm", "/dir4/index.html/", "/dir1/?x=1", "/dir1/#f", "/cgi-bin/", "/dir1//",
		"/dir2/index.html",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("index/"+quoteName(p), get10(p)))
	}
	return append(out, rq("index/head", req("HEAD /dir3/ HTTP/1.0")))
}

// listingCases list every directory of the tree (§4.5). Directories whose names tie under
// str.lower() are listed in os.listdir order by both servers, from the same directory.
func listingCases() []diffCase {
	paths := []string{
		"/", "/listdir/", "/listdir/sub/", "/listdir/Sub2/", "/listdir/%3Cdir%3E/", "/listdir/dirlink/",
		"/listdir/outlink/", "/list2/", "/emptydir/", "/sp%20dir/", "/q%3Fdir/", "/h%23dir/",
		"/sortquote/", "/lowercase/", "/case/", "/perm/", "/perm/unlistable/", "/perm/nosearch/",
		"/perm/nosearch/subdir/", "/perm/badindex/", "/mime/", "/cgi-bin/adir/", "/cgi-bin/sub/",
		"/cgi-bin/sub%20dir/", "/htbin/", "/nested/", "/nested/cgi-bin/", "/link_to_dir/",
		"/link_outside_dir/", "/dir4/index.html/",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("listing/"+quoteName(p), get10(p)))
	}
	return append(out,
		rq("listing/ctrl", get10("/ctrl/")).need("ctrl/a\x01b"),
		rq("listing/undecodable", get10("/undecodable/")).need("undecodable/\xff.txt"),
		rq("listing/ims-ignored", get10("/list2/", "If-Modified-Since: "+mtime)),
		rq("listing/http11", get11("/listdir/")),
	)
}

// titleCases: the listing title is the unquoted raw path, query and fragment included (§4.5).
func titleCases() []diffCase {
	paths := []string{
		`/list2/?x=<1>&y="2"`, "/list2/?%ff", "/list2/#frag", "/list2/?a=%3Cb%3E", "/emptydir/../list2/",
		"/list2/?%ed%b3%bf", "/list2/?\xe9", "/list2/?\xff", "/list2/?%C3%A9", "/list2/?%00",
		"/list2/?%0a", "/list2/?&amp;", "/list2/?%26amp%3B", "/list2/?a+b", "/%6Cist2/", "/list2/./",
		"/list2//", "/list2/?%", "/list2/?%e9", "/./list2/", "/listdir/?q", "/listdir/#hash",
		"/listdir%2fsub/", "/lowercase/?%C4%B0%CE%A3", "/list2/?%F0%9F%98%80", "/list2/?%ed%a0%bd%ed%b8%80",
		"/list2/?\x01\x1b", "/list2/?<script>", "/list2/?%3Cscript%3E",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("title/"+quoteName(p), get10(p)))
	}
	return out
}

// nameCases fetch the files with awkward names, raw and %-encoded (§4.1, §4.5).
func nameCases() []diffCase {
	paths := []string{
		"/listdir/%23hash", "/listdir/%2541.txt", "/listdir/%26%3C%3E.txt", "/listdir/&<>.txt",
		"/listdir/%3Fq", "/listdir/q%22uote.txt", `/listdir/q"uote.txt`, "/listdir/s%27q.txt",
		"/listdir/s'q.txt", "/listdir/space%20name", "/listdir/%C3%BC.txt", "/listdir/\xfc.txt",
		"/listdir/a", "/listdir/B", "/listdir/b", "/listdir/b.txt", "/listdir/C.txt", "/listdir/c.txt",
		"/listdir/Z", "/listdir/z", "/listdir/sub2/", "/listdir/sub/inside.txt",
		"/listdir/dirlink/inside.txt", "/listdir/outlink/outside.txt", "/sortquote/.hidden",
		"/sortquote/=eq", "/sortquote/_under", "/sortquote/mixed!$()*+,;=:@.txt",
		"/sortquote/mixed%21%24%28%29%2A%2B%2C%3B%3D%3A%40.txt", "/sortquote/~tilde",
		"/sortquote/%7Etilde", "/lowercase/%C4%B0a", "/lowercase/x%CE%A3", "/lowercase/x%CF%82a",
		"/lowercase/ib", "/case/A", "/list2/one.txt", "/perm/unreadable.txt",
		"/perm/nosearch/file.txt", "/perm/unlistable/inside.txt", "/perm/badindex/index.htm",
		"/cgi-bin/env.py", "/cgi-bin/exec.sh", "/cgi-bin/plain.txt", "/cgi-bin/noexec.py",
		"/htbin/exec.sh", "/subsecond.txt",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("name/"+quoteName(p), get10(p)))
	}
	return append(out,
		rq("name/case-lower", get10("/case/a")).need("case/a"),
		rq("name/ctrl-soh", get10("/ctrl/a%01b")).need("ctrl/a\x01b"),
		rq("name/ctrl-soh-raw", get10("/ctrl/a\x01b")).need("ctrl/a\x01b"),
		rq("name/ctrl-tab", get10("/ctrl/a%09b")).need("ctrl/a\tb"),
		rq("name/ctrl-newline", get10("/ctrl/a%0Ab")).need("ctrl/a\nb"),
		rq("name/ctrl-esc", get10("/ctrl/a%1Bb")).need("ctrl/a\x1bb"),
		rq("name/ctrl-del", get10("/ctrl/a%7Fb")).need("ctrl/a\x7fb"),
		rq("name/ctrl-del-raw", get10("/ctrl/a\x7fb")).need("ctrl/a\x7fb"),
		rq("name/undecodable-ff", get10("/undecodable/%FF.txt")).need("undecodable/\xff.txt"),
		rq("name/undecodable-raw", get10("/undecodable/\xff.txt")).need("undecodable/\xff.txt"),
	)
}

// symlinkCases: followed everywhere, inside and outside the root; broken ones are 404 (§4.9).
func symlinkCases() []diffCase {
	paths := []string{
		"/link_to_file", "/link_to_file/", "/link_to_dir/", "/link_to_dir/one.txt", "/link_outside_file",
		"/link_outside_dir/", "/link_outside_dir/outside.txt", "/broken_link", "/broken_link/",
		"/listdir/alink", "/listdir/broken", "/listdir/dirlink/", "/listdir/outlink",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("symlink/"+quoteName(p), get10(p)))
	}
	return out
}

// modifiedCases are the rows of the If-Modified-Since table (§4.7), against a.txt's mtime.
func modifiedCases() []diffCase {
	values := []string{
		mtime, "Thu, 02 Jan 2020 04:04:05 GMT", "Thu, 02 Jan 2020 03:04:04 GMT",
		"Thu, 02 Jan 2020 03:04:05", "Thu, 02 Jan 2020 03:04:05 +0000", "Thu, 02 Jan 2020 03:04:05 -0000",
		"Thu, 02 Jan 2020 03:04:05 UTC", "Thu, 02 Jan 2020 03:04:05 UT", "Thu, 02 Jan 2020 03:04:05 Z",
		"Thu, 02 Jan 2020 03:04:05 gmt", "Thu, 02 Jan 2020 03:04:05 XYZ", "Thu, 02 Jan 2020 05:04:05 +0100",
		"Thu, 02 Jan 2020 03:04:05 EST", "Thu, 02 Jan 2020 03:04:05 -0500", "Thu, 02 Jan 2020 03:04:05 EDT",
		"Thursday, 02-Jan-20 03:04:05 GMT", "Thu Jan  2 03:04:05 2020", "02 Jan 2020 03:04:05 GMT",
		"Mon, 02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 20 03:04:05 GMT", "Thu, 02 Jan 69 03:04:05 GMT",
		"Thu, 02 Jan 99 03:04:05 GMT", "Thu, 2 Jan 2020 3:4:5 GMT", "Thu, 02 Jan 2999 03:04:05 GMT",
		"garbage", "", "Thu, 32 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 99999 03:04:05 GMT",
		"2020-01-02T03:04:05Z", "Thu, 02 Jan 2020 03:04:05 +0000 (UTC)", "Thu, 02 Jan 2020 03:04:05 GMT ",
		"Thu,02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 2020 03:04 GMT", "Thu, 02 Jan 2020 03:04:05.5 GMT",
		"Thu, 02 jan 2020 03:04:05 GMT", "Thu, 02 January 2020 03:04:05 GMT", "Thu, 02 Jan 0000 03:04:05 GMT",
		"Thu, 02 Jan 10000 03:04:05 GMT", "Thu, 02 Jan 2020 24:00:00 GMT", "Thu, 02 Jan 2020 03:04:60 GMT",
		"Thu, 02 Jan 2020 03:04:05 +2400", "Thu, 02 Jan 2020 03:04:05 +0060", "Thu, 02 Jan 2020 03:04:05 +00",
		"Thu,\t02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 2020 03.04.05 GMT", "Jan 02 2020 03:04:05 GMT",
		"Thu, 02 Jan 1970 00:00:00 GMT", "Thu, 02 Jan 2020 03:04:05 \xe9",
		"Thu 02 Jan 2020 03:04:05 GMT", "Thu, 02-Jan-2020 03:04:05 GMT", "Thu, 02 Jan 2020 03:04:05 +01:00",
		"Thu, 02 Jan 2020 03:04:05 PST", "Thu, 02 Jan 2020 03:04:05 CDT", "Thu, 02 Jan 2020 03:04:05 -0000 (x)",
		"Thu, 2020 Jan 02 03:04:05 GMT", "Jan 02, 2020 03:04:05 GMT", "02 Jan 2020 03:04:05 +0000",
		"Thu, 02 Jan 2020 03:04:05 UTC+0000", "Thu, 02 Jan 2020 3:04:05 AM GMT", "Thu, 02 Jan 2020 T03:04:05 GMT",
		"Thu, 02 Jan 2020 03:04:05 GMT, extra", "Thu, 02 Jan 2020", "0", "1577934245",
		"Thu, 02 Jan 2020 03:04:05 +99999", "Thu, 02 Jan 2020 03:04:05 -9999", "Thu, 02 Jan 2020 03:04:05 A",
		"Thu, 02 Jan 2020 03:04:05 +0000 +0100", "Thu, 02 Jan 20200 03:04:05 GMT", "Thu, 02 Jan 1 03:04:05 GMT",
		"Thu, 02 Jan 100 03:04:05 GMT", "Thu, 29 Feb 2019 03:04:05 GMT", "Thu, 31 Jun 2020 03:04:05 GMT",
		"Thu, 02 Jan 2020 03:04:05 +1200", "Thu, 02 Jan 2020 03:04:05 ut", "Thu, 02 Jan 2020 03:04:05 Gmt",
		"Thu, 02 Jan 2020 03:04:05.999999 GMT", "Thu, 02 Jan 2020 03:04:05:06 GMT", "Thu, 02 Jan 2020 03 GMT",
		"Thu, 02 Jan 2020 03:04:05 GMT\x00", "Thu,, 02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan, 2020 03:04:05 GMT",
		"Thu, 02 Jan 2020 03:04:05 +0000 GMT", "Thu, 02 Jan 2020 23:59:60 GMT",
		"Sat, 01 Jan 2000 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 02 Jan 68 03:04:05 GMT",
	}
	var out []diffCase
	for _, v := range values {
		out = append(out, rq("ims/"+quoteName(v), get10("/a.txt", "If-Modified-Since: "+v)))
	}
	return append(out,
		rq("ims/with-inm", get10("/a.txt", "If-Modified-Since: "+mtime, `If-None-Match: "x"`)),
		rq("ims/with-empty-inm", get10("/a.txt", "If-None-Match:", "If-Modified-Since: "+mtime)),
		rq("ims/garbage-then-valid", get10("/a.txt", "If-Modified-Since: garbage", "If-Modified-Since: "+mtime)),
		rq("ims/lower-name", get10("/a.txt", "if-modified-since: "+mtime)),
		rq("ims/head", req("HEAD /a.txt HTTP/1.0", "If-Modified-Since: "+mtime)),
		rq("ims/index", get10("/dir1/", "If-Modified-Since: "+mtime)),
		rq("ims/redirect", get10("/dir1", "If-Modified-Since: "+mtime)),
		rq("ims/missing", get10("/missing.txt", "If-Modified-Since: "+mtime)),
		rq("ims/http11", get11("/a.txt", "If-Modified-Since: "+mtime)),
		rq("ims/subsecond-same-second", get10("/subsecond.txt", "If-Modified-Since: "+mtime)).need("subsecond.txt"),
		rq("ims/subsecond-second-before", get10("/subsecond.txt", "If-Modified-Since: Thu, 02 Jan 2020 03:04:04 GMT")).need("subsecond.txt"),
		rq("ims/large", get10("/large.bin", "If-Modified-Since: "+mtime)),
	)
}

// headCases: the headers of GET without the body, for files, listings and redirects (§4.4).
func headCases() []diffCase {
	paths := []string{"/a.txt", "/empty.txt", "/large.bin", "/listdir/", "/emptydir/", "/dir1", "/dir1/", "/missing.txt", "/mime/x.png"}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("head/"+quoteName(p), req("HEAD "+p+" HTTP/1.0")))
	}
	return append(out, rq("head/http11-then-get", req("HEAD /a.txt HTTP/1.1")+get11("/a.txt", "Connection: close")))
}

// crashCases: inputs on which CPython's handler raises, so the connection drops with no reply and a
// traceback is logged (§1.5, §4.10).
func crashCases() []diffCase {
	paths := []string{
		"/%00", "/a.txt%00", "/%00?x", "/dir1/%00", "/%ed%a0%80", "/%ED%A0%80.txt", "/%ed%bf%bf",
		"/list2/?%ed%a0%80", "/\x00", "/%00.gz",
	}
	var out []diffCase
	for _, p := range paths {
		out = append(out, rq("crash/"+quoteName(p), get10(p)))
	}
	return append(out,
		rq("crash/head", req("HEAD /%00 HTTP/1.0")),
		rq("crash/http11", get11("/%00")),
		rq("crash/after-keepalive", get11("/a.txt")+get11("/%00")),
	)
}

// mimeCases fetch every file of mime/ (§4.8, Appendix B); the type comes from the name alone.
func mimeCases() []diffCase {
	var out []diffCase
	for _, e := range fixtures.Tree() {
		if e.Kind != fixtures.File || len(e.Path) < 5 || e.Path[:5] != "mime/" {
			continue
		}
		out = append(out, rq("mime/"+quoteName(e.Name()), req("HEAD /"+e.Path+" HTTP/1.0")))
	}
	return append(out, rq("mime/get", get10("/mime/x.html")), rq("mime/link-name", get10("/link_to_file")))
}
