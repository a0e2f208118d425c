package catalog

// The Content-Type entries hold only answers that do not depend on the host's mime.types files.
// Every extension below was checked on each installed interpreter twice, with mimetypes.knownfiles
// emptied and with Debian's media-types /etc/mime.types: both gave the same type. Host-dependent, and so
// not catalogued: .js/.mjs up to 3.11, .xml, .sh, .rtf, .rst, .opus, .loas, .woff/.woff2, .ttf, .ts, .bat,
// .exe, .dll, .a, .rs, and (Debian differs from the built-in table there too) .cdf, .csh, .dot, .m3u,
// .mif, .o, .obj, .oda, .p12, .pfx, .pl, .pot, .ram, .rdf, .roff, .sgm, .sgml, .swf, .t, .tcl, .tex,
// .tr, .vcf, .wsdl, .xsl; .c/.h from 3.9; .gz, .xz, .tgz, .svgz, .tar.gz up to 3.8; .bmp, .avif, .srt,
// .vtt, .n3, .nq, .nt, .trig up to 3.10; .aac, .adts, .ass, .heic, .heif up to 3.9; .webp, .md up to
// 3.12; .wasm in 3.6; .webmanifest up to 3.7.

// Citations shared by the Content-Type entries.
var (
	citeGuessType = Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.guess_type; Lib/mimetypes.py: types_map", Research: "§4.8, Appendix B"}
	citeExtMapDoc = Citation{
		Doc:      "http.server: SimpleHTTPRequestHandler.extensions_map",
		Quote:    "El mapeo se usa sin distinción entre mayúsculas y minúsculas, por lo que solo debe contener claves en minúsculas.",
		Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.guess_type",
		Research: "§4.8",
	}
)

// Version sets of the handler's own map and of mimetypes' built-in table.
var (
	encodingOverrides = Since("3.9")  // .gz/.Z/.bz2/.xz overrides and mimetypes.guess_type
	js3_12            = Since("3.12") // .js/.mjs are text/javascript
	audio3_10         = Since("3.10") // 3GPP audio types
	added3_11         = Since("3.11") // .avif and friends, image/bmp
	added3_13         = Since("3.13") // .webp, .md
	hdf5Types         = Union(Only("3.8"), Since("3.10"))
)

var mime = []Behavior{
	{
		ID:       "mime.extension-case-insensitive",
		Area:     AreaMIME,
		Summary:  "The extension is matched without regard to case: a.TXT is text/plain and b.Png is image/png",
		Level:    Documented,
		Versions: All(),
		Cite:     citeExtMapDoc,
	},
	{
		ID:       "mime.unknown-octet-stream",
		Area:     AreaMIME,
		Summary:  "A file with no extension or an unknown one (.qqq, .yaml, .toml) is application/octet-stream",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.extensions_map (zh)",
			Quote:    "默认值由空字符串表示,被认为是 application/octet-stream 。",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.guess_type",
			Research: "§4.8, Appendix B",
		},
	},
	{
		ID:       "mime.guessed-from-extension",
		Area:     AreaMIME,
		Summary:  "The Content-type of a file is guessed from its last extension (x.png and a.b.png are image/png)",
		Level:    Documented,
		Versions: All(),
		Cite: Citation{
			Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
			Quote:    "Otherwise, the content type is guessed by calling the guess_type() method, which in turn uses the extensions_map variable, and the file contents are returned.",
			Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.guess_type",
			Research: "§4.8",
		},
	},
	{
		ID:       "mime.text-types",
		Area:     AreaMIME,
		Summary:  ".txt is text/plain, .html and .htm text/html, .css text/css, .csv text/csv",
		Level:    Detail,
		Versions: All(),
		Cite:     citeGuessType,
	},
	{
		ID:       "mime.image-types",
		Area:     AreaMIME,
		Summary:  ".png is image/png, .jpg and .jpeg image/jpeg, .gif image/gif, .svg image/svg+xml, .ico image/vnd.microsoft.icon",
		Level:    Detail,
		Versions: All(),
		Cite:     citeGuessType,
	},
	{
		ID:       "mime.application-types",
		Area:     AreaMIME,
		Summary:  ".json is application/json, .pdf application/pdf, .zip application/zip, .tar application/x-tar",
		Level:    Detail,
		Versions: All(),
		Cite:     citeGuessType,
	},
	{
		ID:       "mime.media-types",
		Area:     AreaMIME,
		Summary:  ".mp4 is video/mp4, .webm video/webm, .mp3 audio/mpeg, .wav audio/x-wav",
		Level:    Detail,
		Versions: All(),
		Cite:     citeGuessType,
	},
	{
		ID:       "mime.z-and-br-octet-stream",
		Area:     AreaMIME,
		Summary:  ".Z, .br and x.txt.Z are application/octet-stream",
		Level:    Detail,
		Versions: All(),
		Cite:     citeGuessType,
	},
	{
		ID:       "mime.python-text-plain",
		Area:     AreaMIME,
		Summary:  ".py is text/plain (the handler's own override)",
		Level:    Detail,
		Versions: Not(encodingOverrides),
		Cite:     citeGuessType,
		Change:   "3.9 dropped the override: .py is text/x-python",
		Related:  []string{"mime.python-text-x-python"},
	},
	{
		ID:       "mime.python-text-x-python",
		Area:     AreaMIME,
		Summary:  ".py is text/x-python",
		Level:    Detail,
		Versions: encodingOverrides,
		Cite:     citeGuessType,
		Change:   "3.6–3.8 serve .py as text/plain",
		Related:  []string{"mime.python-text-plain"},
	},
	{
		ID:       "mime.compression-overrides",
		Area:     AreaMIME,
		Summary:  ".gz, .GZ and x.tar.gz are application/gzip, .bz2 application/x-bzip2, .xz application/x-xz",
		Level:    Detail,
		Versions: encodingOverrides,
		Cite:     citeGuessType,
		Change:   "3.6–3.8 have no such overrides: .bz2 is application/octet-stream and .gz/.xz follow the system mime.types",
		Related:  []string{"mime.bzip2-octet-stream"},
	},
	{
		ID:       "mime.bzip2-octet-stream",
		Area:     AreaMIME,
		Summary:  ".bz2 is application/octet-stream",
		Level:    Detail,
		Versions: Not(encodingOverrides),
		Cite:     citeGuessType,
		Change:   "3.9 maps it to application/x-bzip2",
		Related:  []string{"mime.compression-overrides"},
	},
	{
		ID:       "mime.compressed-inner-type",
		Area:     AreaMIME,
		Summary:  ".tgz is application/x-tar and .svgz image/svg+xml: the type of the compressed content",
		Level:    Detail,
		Versions: encodingOverrides,
		Cite:     citeGuessType,
		Change:   "3.6–3.8 do not unfold suffixes; their answer follows the system mime.types",
	},
	{
		ID:       "mime.javascript-text",
		Area:     AreaMIME,
		Summary:  ".js and .mjs are text/javascript",
		Level:    Detail,
		Versions: js3_12,
		Cite:     citeGuessType,
		Change:   "3.6–3.11's built-in table says application/javascript (a system mime.types may say otherwise)",
	},
	{
		ID:       "mime.3gpp-audio",
		Area:     AreaMIME,
		Summary:  ".3gp and .3gpp are audio/3gpp, .3g2 and .3gpp2 audio/3gpp2",
		Level:    Detail,
		Versions: audio3_10,
		Cite:     citeGuessType,
		Change:   "3.6–3.9 do not know them (application/octet-stream)",
		Related:  []string{"mime.3gpp-unknown"},
	},
	{
		ID:       "mime.3gpp-unknown",
		Area:     AreaMIME,
		Summary:  ".3gp, .3gpp, .3g2 and .3gpp2 are application/octet-stream",
		Level:    Detail,
		Versions: Not(audio3_10),
		Cite:     citeGuessType,
		Change:   "3.10 maps them to audio/3gpp and audio/3gpp2",
		Related:  []string{"mime.3gpp-audio"},
	},
	{
		ID:       "mime.added-in-3-11",
		Area:     AreaMIME,
		Summary:  ".avif is image/avif, .bmp image/bmp, .srt text/plain, .vtt text/vtt, .n3 text/n3, .nq application/n-quads, .nt application/n-triples, .trig application/trig",
		Level:    Detail,
		Versions: added3_11,
		Cite:     citeGuessType,
		Change:   "older releases' built-in table lacks them (.bmp was image/x-ms-bmp); their answer there follows the system mime.types",
	},
	{
		ID:       "mime.heic-aac-added-in-3-10",
		Area:     AreaMIME,
		Summary:  ".heic is image/heic, .heif image/heif, .aac, .adts and .ass audio/aac",
		Level:    Detail,
		Versions: audio3_10,
		Cite:     citeGuessType,
		Change:   "3.6–3.9's built-in table lacks them; their answer there follows the system mime.types",
	},
	{
		ID:       "mime.webp-markdown-added-in-3-13",
		Area:     AreaMIME,
		Summary:  ".webp is image/webp, .md and .markdown text/markdown",
		Level:    Detail,
		Versions: added3_13,
		Cite:     citeGuessType,
		Change:   "3.6–3.12's built-in table lacks them; their answer there follows the system mime.types",
	},
	{
		ID:       "mime.wasm",
		Area:     AreaMIME,
		Summary:  ".wasm is application/wasm",
		Level:    Detail,
		Versions: Since("3.7"),
		Cite:     citeGuessType,
		Change:   "3.6's built-in table lacks it; its answer there follows the system mime.types",
	},
	{
		ID:       "mime.webmanifest",
		Area:     AreaMIME,
		Summary:  ".webmanifest is application/manifest+json",
		Level:    Detail,
		Versions: Since("3.8"),
		Cite:     citeGuessType,
		Change:   "3.6–3.7's built-in table lacks it; their answer follows the system mime.types",
	},
	{
		ID:       "mime.builtin-table",
		Area:     AreaMIME,
		Summary:  "The rest of the built-in table, unchanged since 3.6 (.ai application/postscript, .avi video/x-msvideo, .doc application/msword, .tif image/tiff, .tsv text/tab-separated-values, ...), for extensions a Debian media-types /etc/mime.types does not override",
		Level:    Informational,
		Versions: All(),
		Cite:     citeGuessType,
		Change:   "a host whose mime.types maps these extensions otherwise changes the answer in every release",
	},
	{
		ID:       "mime.hdf5",
		Area:     AreaMIME,
		Summary:  ".h5 is application/x-hdf5",
		Level:    Informational,
		Versions: hdf5Types,
		Cite:     citeGuessType,
		Change:   "3.6–3.7 and 3.9 serve it as application/octet-stream",
		Related:  []string{"mime.hdf5-unknown"},
	},
	{
		ID:       "mime.hdf5-unknown",
		Area:     AreaMIME,
		Summary:  ".h5 is application/octet-stream",
		Level:    Informational,
		Versions: Not(hdf5Types),
		Cite:     citeGuessType,
		Change:   "3.8 and 3.10+ serve it as application/x-hdf5",
		Related:  []string{"mime.hdf5"},
	},
}
