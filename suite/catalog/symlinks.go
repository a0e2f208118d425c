package catalog

// citeSymlinksDoc is the documented security consideration on symlinks.
var citeSymlinksDoc = Citation{
	Doc:      "http.server: Consideraciones de seguridad",
	Quote:    "SimpleHTTPRequestHandler seguirá los enlaces simbólicos cuando gestione peticiones, esto hace posible que se sirvan ficheros fuera del directorio especificado.",
	Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head (os.path.isdir and open follow links)",
	Research: "§4.9",
}

var symlinks = []Behavior{
	{
		ID:       "symlinks.file-outside-root-served",
		Area:     AreaSymlinks,
		Summary:  "A symlink to a file outside the served directory is followed: GET /link_outside_file gets 200 with the outside file's contents",
		Level:    Documented,
		Versions: All(),
		Cite:     citeSymlinksDoc,
	},
	{
		ID:       "symlinks.dir-outside-root-listed",
		Area:     AreaSymlinks,
		Summary:  "A symlink to a directory outside the served directory is followed: GET /link_outside_dir/ lists the outside directory",
		Level:    Documented,
		Versions: All(),
		Cite:     citeSymlinksDoc,
	},
	{
		ID:       "symlinks.file-inside-root-served",
		Area:     AreaSymlinks,
		Summary:  "A symlink to a file inside the served directory is served like the file",
		Level:    Detail,
		Versions: All(),
		Cite:     citeSymlinksDoc,
	},
	{
		ID:       "symlinks.dir-link-redirect",
		Area:     AreaSymlinks,
		Summary:  "A symlink to a directory requested without trailing slash gets 301 to the link's path plus / (/link_outside_dir → /link_outside_dir/)",
		Level:    Detail,
		Versions: All(),
		Cite:     citeRedirect,
	},
	{
		ID:       "symlinks.broken-404",
		Area:     AreaSymlinks,
		Summary:  "A broken symlink gets 404 File not found",
		Level:    Detail,
		Versions: All(),
		Cite:     citeFileOpened,
	},
	{
		ID:       "symlinks.type-from-link-name",
		Area:     AreaSymlinks,
		Summary:  "The Content-type is guessed from the link's name, not the target's: link_to_file (pointing at a.txt) is application/octet-stream",
		Level:    Detail,
		Versions: All(),
		Cite:     citeGuessType,
	},
}
