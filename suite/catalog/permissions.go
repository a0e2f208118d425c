package catalog

// Entries here need a server that is not root: root passes every permission check.

var permissions = []Behavior{
	{
		ID:       "permissions.unreadable-file-404",
		Area:     AreaPermissions,
		Summary:  "A file the server may not read (mode 000) gets 404 File not found",
		Level:    Documented,
		Versions: All(),
		Cite:     citeFileOpened,
	},
	{
		ID:       "permissions.unsearchable-parent-404",
		Area:     AreaPermissions,
		Summary:  "A file inside a directory the server may not search gets 404 File not found",
		Level:    Detail,
		Versions: All(),
		Cite:     citeFileOpened,
	},
	{
		ID:       "permissions.unreadable-index-404",
		Area:     AreaPermissions,
		Summary:  "An unreadable index.html gets 404 File not found, not the listing",
		Level:    Detail,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head", Research: "§4.2"},
	},
	{
		ID:       "permissions.readable-unsearchable-dir-listed",
		Area:     AreaPermissions,
		Summary:  "A directory that is readable but not searchable (mode 644) is listed, its subdirectories shown without a trailing /",
		Level:    Detail,
		Versions: All(),
		Cite:     citeListDirectory,
	},
	{
		ID:       "permissions.root-reads-everything",
		Area:     AreaPermissions,
		Summary:  "A server running as root serves mode-000 files and lists mode-000 directories",
		Level:    Informational,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: SimpleHTTPRequestHandler.send_head, list_directory (the kernel's permission checks)", Research: "§4.9"},
	},
}
