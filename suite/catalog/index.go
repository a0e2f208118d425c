package catalog

// citeIndexDoc is the documented sentence on index files.
var citeIndexDoc = Citation{
	Doc:      "http.server: SimpleHTTPRequestHandler.do_GET",
	Quote:    "Si la solicitud fue mapeada a un directorio, el directorio se comprueba para un archivo llamado index.html or index.htm (en ese orden). Si se encuentra, se retorna el contenido del archivo; de lo contrario, se genera un listado del directorio llamando al método list_directory().",
	Source:   "Lib/http/server.py: SimpleHTTPRequestHandler.send_head (index_pages)",
	Research: "§4.2",
}

// indexMustBeFile: 3.10 tests index candidates with os.path.isfile instead of os.path.exists.
var indexMustBeFile = Since("3.10")

var index = []Behavior{
	{
		ID:       "index.html-served",
		Area:     AreaIndex,
		Summary:  "GET of a directory (with trailing slash) that holds index.html serves index.html",
		Level:    Documented,
		Versions: All(),
		Cite:     citeIndexDoc,
	},
	{
		ID:       "index.htm-served",
		Area:     AreaIndex,
		Summary:  "GET of a directory that holds only index.htm serves index.htm",
		Level:    Documented,
		Versions: All(),
		Cite:     citeIndexDoc,
	},
	{
		ID:       "index.html-before-htm",
		Area:     AreaIndex,
		Summary:  "A directory holding both index.html and index.htm serves index.html",
		Level:    Documented,
		Versions: All(),
		Cite:     citeIndexDoc,
	},
	{
		ID:       "index.listing-without-index",
		Area:     AreaIndex,
		Summary:  "A directory with neither index file gets its listing",
		Level:    Documented,
		Versions: All(),
		Cite:     citeIndexDoc,
	},
	{
		ID:       "index.served-as-file",
		Area:     AreaIndex,
		Summary:  "An index file is answered like the file itself: Content-type text/html, Content-Length, Last-Modified",
		Level:    Detail,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head", Research: "§4.2"},
	},
	{
		ID:       "index.directory-named-index-404",
		Area:     AreaIndex,
		Summary:  "When index.html is a directory the server still picks it and answers 404 File not found, even if index.htm is a file",
		Level:    Informational,
		Versions: Not(indexMustBeFile),
		Cite:     Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head (os.path.exists)", Research: "§4.2"},
		Change:   "3.10 skips index candidates that are not regular files and serves index.htm",
		Related:  []string{"index.directory-named-index-skipped"},
	},
	{
		ID:       "index.directory-named-index-skipped",
		Area:     AreaIndex,
		Summary:  "An index.html that is a directory is skipped: index.htm is served if it is a file, else the listing",
		Level:    Detail,
		Versions: indexMustBeFile,
		Cite:     Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head (os.path.isfile)", Research: "§4.2"},
		Change:   "3.6–3.9 pick the directory and answer 404 File not found",
		Related:  []string{"index.directory-named-index-404"},
	},
}
