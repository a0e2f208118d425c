package suite

// Specs for file permissions: research §4.9. The kernel's checks decide, so these need a server that is
// not root (ModeUnprivileged, uid 65534); a root server passes every check and serves everything
// (permissions.root-reads-everything). The unreadable directory's 404 belongs to the listing area
// (listing.unlistable-404).

var _ = register(func() []Spec {
	return []Spec{
		exchange("permissions.unreadable-file-404", "GET /perm/unreadable.txt (mode 000)", ModeUnprivileged,
			sendGET("/perm/unreadable.txt"), fileNotFound(), closed()),
		exchange("permissions.unreadable-file-404", "HEAD /perm/unreadable.txt (mode 000)", ModeUnprivileged,
			sendHEAD("/perm/unreadable.txt"), statusLine("HTTP/1.0 404 File not found"), emptyBody(), closed()),

		exchange("permissions.unsearchable-parent-404", "GET /perm/nosearch/file.txt (directory mode 644)", ModeUnprivileged,
			sendGET("/perm/nosearch/file.txt"), fileNotFound(), closed()),
		exchange("permissions.unsearchable-parent-404", "GET /perm/nosearch/subdir/ (directory mode 644)", ModeUnprivileged,
			sendGET("/perm/nosearch/subdir/"), fileNotFound(), closed()),

		// isfile(index.html) holds (its directory is searchable), so send_head picks it and then open
		// fails: neither index.htm nor a listing (research §4.2).
		exchange("permissions.unreadable-index-404", "GET /perm/badindex/ (index.html mode 000)", ModeUnprivileged,
			sendGET("/perm/badindex/"), fileNotFound(), bodyLacks("never served"), bodyLacks("Directory listing"), closed()),

		// os.listdir needs only read permission; isdir and islink on the entries need search permission,
		// so no entry gets its "/" or "@" (research §4.9).
		exchange("permissions.readable-unsearchable-dir-listed", "GET /perm/nosearch/ (directory mode 644)", ModeUnprivileged,
			sendGET("/perm/nosearch/"), statusLine("HTTP/1.0 200 OK"), listingTitle("/perm/nosearch/"),
			listingItems(listingItem("file.txt", "file.txt"), listingItem("subdir", "subdir"))),

		exchange("permissions.root-reads-everything", "GET /perm/unreadable.txt (mode 000) as root", ModeDefault,
			sendGET("/perm/unreadable.txt"), served("perm/unreadable.txt")).with(NeedRoot),
		exchange("permissions.root-reads-everything", "GET /perm/unlistable/ (mode 000) as root", ModeDefault,
			sendGET("/perm/unlistable/"), statusLine("HTTP/1.0 200 OK"),
			listingItems(listingItem("inside.txt", "inside.txt"))).with(NeedRoot),
		exchange("permissions.root-reads-everything", "GET /perm/nosearch/ (mode 644) as root: subdir/ is a directory", ModeDefault,
			sendGET("/perm/nosearch/"), statusLine("HTTP/1.0 200 OK"),
			listingItems(listingItem("file.txt", "file.txt"), listingItem("subdir/", "subdir/"))).with(NeedRoot),
	}
})
