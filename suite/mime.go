package suite

import (
	"strings"
)

// Specs for Content-Type guessing: research §4.8 and Appendix B (SimpleHTTPRequestHandler.guess_type).
//
// CPython reads the host's mime.types files (mimetypes.knownfiles) on top of its built-in table, so
// only extensions whose answer is the same with no such file and with Debian's media-types
// /etc/mime.types are checked here; each was asked of every release 3.6–3.13 both ways.
//
// Host-dependent, and so never checked (built-in answer | Debian's):
//   - every release: .a (octet-stream | text/vnd.a), .bat (text/plain | application/x-msdos-program),
//     .cdf, .csh, .dll, .dot (application/msword | text/vnd.graphviz), .exe, .loas, .m3u, .mif, .o,
//     .obj, .oda, .opus, .p12, .pfx, .pl (text/plain | text/x-perl), .pot, .ram, .rdf, .roff, .rs,
//     .rst, .rtf, .sgm, .sgml, .sh, .swf, .t, .tcl, .tex, .tr, .ts, .ttf, .vcf, .woff, .woff2, .wsdl,
//     .xml (text/xml | application/xml), .xsl;
//   - 3.6–3.8: .gz, .xz, .tgz, .svgz, .tar.gz, .tar.xz, .txt.gz (no encoding logic, so the system
//     file decides); 3.9+: .c and .h (text/plain | text/x-csrc, text/x-chdr);
//   - until a release added them to the built-in table: .js/.mjs (≤3.11), .aac/.adts/.ass/.heic/.heif
//     (≤3.9), .avif/.bmp/.n3/.nq/.nt/.srt/.trig/.vtt (≤3.10), .md/.markdown/.webp (≤3.12), .wasm
//     (3.6), .webmanifest (≤3.7).

// typeSpecs returns one spec per file of the mime directory: GET /mime/NAME has Content-type TYPE.
// pairs alternates name and type.
func typeSpecs(behavior string, pairs ...string) []Spec {
	var out []Spec
	for i := 0; i+1 < len(pairs); i += 2 {
		name, ctype := pairs[i], pairs[i+1]
		out = append(out, exchange(behavior, "/mime/"+name+" is "+ctype, ModeDefault,
			sendGET("/mime/"+name), statusLine("HTTP/1.0 200 OK"), contentType(ctype), fixtureBody("mime/"+name)))
	}
	return out
}

// builtinTable is the rest of Appendix B: extensions whose type no release changed and that Debian's
// mime.types does not override.
var builtinTable = []string{
	".ai", "application/postscript", ".aif", "audio/x-aiff", ".aifc", "audio/x-aiff", ".aiff", "audio/x-aiff",
	".au", "audio/basic", ".avi", "video/x-msvideo", ".bcpio", "application/x-bcpio", ".bin", "application/octet-stream",
	".cpio", "application/x-cpio", ".doc", "application/msword", ".dvi", "application/x-dvi", ".eml", "message/rfc822",
	".eps", "application/postscript", ".etx", "text/x-setext", ".gtar", "application/x-gtar", ".hdf", "application/x-hdf",
	".ief", "image/ief", ".jpe", "image/jpeg", ".ksh", "text/plain", ".latex", "application/x-latex",
	".m1v", "video/mpeg", ".m3u8", "application/vnd.apple.mpegurl", ".man", "application/x-troff-man",
	".me", "application/x-troff-me", ".mht", "message/rfc822", ".mhtml", "message/rfc822", ".mov", "video/quicktime",
	".movie", "video/x-sgi-movie", ".mp2", "audio/mpeg", ".mpa", "video/mpeg", ".mpe", "video/mpeg",
	".mpeg", "video/mpeg", ".mpg", "video/mpeg", ".ms", "application/x-troff-ms", ".nc", "application/x-netcdf",
	".nws", "message/rfc822", ".p7c", "application/pkcs7-mime", ".pbm", "image/x-portable-bitmap",
	".pgm", "image/x-portable-graymap", ".pnm", "image/x-portable-anymap", ".ppa", "application/vnd.ms-powerpoint",
	".ppm", "image/x-portable-pixmap", ".pps", "application/vnd.ms-powerpoint", ".ppt", "application/vnd.ms-powerpoint",
	".ps", "application/postscript", ".pwz", "application/vnd.ms-powerpoint", ".pyc", "application/x-python-code",
	".pyo", "application/x-python-code", ".qt", "video/quicktime", ".ra", "audio/x-pn-realaudio",
	".ras", "image/x-cmu-raster", ".rgb", "image/x-rgb", ".rtx", "text/richtext", ".shar", "application/x-shar",
	".snd", "audio/basic", ".so", "application/octet-stream", ".src", "application/x-wais-source",
	".sv4cpio", "application/x-sv4cpio", ".sv4crc", "application/x-sv4crc", ".texi", "application/x-texinfo",
	".texinfo", "application/x-texinfo", ".tif", "image/tiff", ".tiff", "image/tiff", ".tsv", "text/tab-separated-values",
	".ustar", "application/x-ustar", ".wiz", "application/msword", ".xbm", "image/x-xbitmap",
	".xlb", "application/vnd.ms-excel", ".xls", "application/vnd.ms-excel", ".xpdl", "application/xml",
	".xpm", "image/x-xpixmap", ".xwd", "image/x-xwindowdump",
}

// xNames turns the extensions of pairs into the mime directory's file names ("x" + ext).
func xNames(pairs ...string) []string {
	out := append([]string(nil), pairs...)
	for i := 0; i < len(out); i += 2 {
		if strings.HasPrefix(out[i], ".") {
			out[i] = "x" + out[i]
		}
	}
	return out
}

var _ = register(func() []Spec {
	return typeSpecs("mime.extension-case-insensitive", "x.TXT", "text/plain")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.unknown-octet-stream", "noext", "application/octet-stream",
		"x.yaml", "application/octet-stream", "x.toml", "application/octet-stream",
		".txt", "application/octet-stream", ".gz", "application/octet-stream")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.guessed-from-extension", "x.png", "image/png", "x.bin", "application/octet-stream")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.text-types",
		"x.txt", "text/plain", "x.html", "text/html", "x.htm", "text/html", "x.css", "text/css", "x.csv", "text/csv")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.image-types",
		"x.png", "image/png", "x.jpg", "image/jpeg", "x.jpeg", "image/jpeg", "x.gif", "image/gif",
		"x.svg", "image/svg+xml", "x.ico", "image/vnd.microsoft.icon")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.application-types",
		"x.json", "application/json", "x.pdf", "application/pdf", "x.zip", "application/zip", "x.tar", "application/x-tar")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.media-types",
		"x.mp4", "video/mp4", "x.webm", "video/webm", "x.mp3", "audio/mpeg", "x.wav", "audio/x-wav")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.z-and-br-octet-stream",
		"x.Z", "application/octet-stream", "x.br", "application/octet-stream", "x.txt.Z", "application/octet-stream")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.python-text-plain", "x.py", "text/plain")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.python-text-x-python", "x.py", "text/x-python")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.compression-overrides",
		"x.gz", "application/gzip", "x.GZ", "application/gzip", "an.Gz", "application/gzip",
		"x.tar.gz", "application/gzip", "x.txt.gz", "application/gzip",
		"x.bz2", "application/x-bzip2", "x.tar.bz2", "application/x-bzip2",
		"x.xz", "application/x-xz", "x.tar.xz", "application/x-xz")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.bzip2-octet-stream",
		"x.bz2", "application/octet-stream", "x.tar.bz2", "application/octet-stream")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.compressed-inner-type",
		"x.tgz", "application/x-tar", "x.svgz", "image/svg+xml", "x.tbz2", "application/x-tar", "x.txz", "application/x-tar")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.javascript-text",
		"x.js", "text/javascript", "x.mjs", "text/javascript", "x.JS", "text/javascript")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.3gpp-audio",
		"x.3gp", "audio/3gpp", "x.3gpp", "audio/3gpp", "x.3g2", "audio/3gpp2", "x.3gpp2", "audio/3gpp2")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.3gpp-unknown",
		"x.3gp", "application/octet-stream", "x.3gpp", "application/octet-stream",
		"x.3g2", "application/octet-stream", "x.3gpp2", "application/octet-stream")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.added-in-3-11",
		"x.avif", "image/avif", "x.bmp", "image/bmp", "x.srt", "text/plain", "x.vtt", "text/vtt", "x.n3", "text/n3",
		"x.nq", "application/n-quads", "x.nt", "application/n-triples", "x.trig", "application/trig")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.heic-aac-added-in-3-10",
		"x.heic", "image/heic", "x.heif", "image/heif", "x.aac", "audio/aac", "x.adts", "audio/aac", "x.ass", "audio/aac")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.webp-markdown-added-in-3-13",
		"x.webp", "image/webp", "x.md", "text/markdown", "x.markdown", "text/markdown")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.wasm", "x.wasm", "application/wasm")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.webmanifest", "x.webmanifest", "application/manifest+json")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.hdf5", "x.h5", "application/x-hdf5")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.hdf5-unknown", "x.h5", "application/octet-stream")
})
var _ = register(func() []Spec {
	return typeSpecs("mime.builtin-table", xNames(builtinTable...)...)
})

// Names the mime directory lacks, written to a scratch directory for the case.
var _ = register(func() []Spec {
	return []Spec{
		customWithRequest("mime.extension-case-insensitive", "b.Png is image/png, c.HTML text/html", ModeDefault,
			sendGET("/<scratch>/b.Png"), func(c *Case) {
				scratchTypes(c, "b.Png", "image/png", "c.HTML", "text/html")
			}),
		customWithRequest("mime.guessed-from-extension", "a.b.png is image/png: the last extension counts", ModeDefault,
			sendGET("/<scratch>/a.b.png"), func(c *Case) {
				scratchTypes(c, "a.b.png", "image/png", "x.png.txt", "text/plain")
			}),
		customWithRequest("mime.unknown-octet-stream", "x.qqq is application/octet-stream", ModeDefault,
			sendGET("/<scratch>/x.qqq"), func(c *Case) {
				scratchTypes(c, "x.qqq", "application/octet-stream")
			}),
	}
})

// scratchTypes writes each name of pairs (name, type, ...) to a scratch directory and checks the
// Content-type it is served with.
func scratchTypes(c *Case, pairs ...string) {
	urlDir, dir := scratchDir(c)
	for i := 0; i+1 < len(pairs); i += 2 {
		scratchFile(c, dir, pairs[i], []byte(pairs[i]+"\n"))
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		res := c.Exchange(sendGET(urlDir + pairs[i]))
		c.expectChecks(res, statusLine("HTTP/1.0 200 OK"), contentType(pairs[i+1]))
	}
}
