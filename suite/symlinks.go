package suite

// Specs for symbolic links: research §4.9 and the documented security consideration. send_head calls
// os.path.isdir and open on the translated path, and both follow links, wherever they lead; there is
// no containment check in any version. How links show in a listing (name@) is the listing area's.

// A link's reply is its target's: the target's bytes and modification time, the type from the link's
// name (fileResponse takes the target's fixture entry for the first two).
var _ = register(func() []Spec {
	return []Spec{
		exchange("symlinks.file-outside-root-served", "GET /link_outside_file", ModeDefault,
			sendGET("/link_outside_file"),
			fileResponse("../outside/secret.txt", "application/octet-stream", false)),
		exchange("symlinks.file-outside-root-served", "GET /link_outside_dir/outside.txt (a file under a linked outside directory)", ModeDefault,
			sendGET("/link_outside_dir/outside.txt"),
			fileResponse("../outside/dir/outside.txt", "text/plain", false)),
		exchange("symlinks.file-outside-root-served", "HEAD /link_outside_file", ModeDefault,
			sendHEAD("/link_outside_file"),
			fileResponse("../outside/secret.txt", "application/octet-stream", true)),

		exchange("symlinks.dir-outside-root-listed", "GET /link_outside_dir/", ModeDefault,
			sendGET("/link_outside_dir/"), statusLine("HTTP/1.0 200 OK"),
			listingTitle("/link_outside_dir/"), listingItems(listingItem("outside.txt", "outside.txt"))),
		exchange("symlinks.dir-outside-root-listed", "GET /listdir/outlink/ (a link one level down)", ModeDefault,
			sendGET("/listdir/outlink/"), statusLine("HTTP/1.0 200 OK"),
			listingTitle("/listdir/outlink/"), listingItems(listingItem("outside.txt", "outside.txt"))),

		exchange("symlinks.file-inside-root-served", "GET /link_to_file (to a.txt)", ModeDefault,
			sendGET("/link_to_file"), fileResponse("a.txt", "application/octet-stream", false)),
		exchange("symlinks.file-inside-root-served", "GET /link_to_dir/one.txt (through a link to list2)", ModeDefault,
			sendGET("/link_to_dir/one.txt"), fileResponse("list2/one.txt", "text/plain", false)),
		exchange("symlinks.file-inside-root-served", "GET /listdir/dirlink/inside.txt (a link to a sibling directory)", ModeDefault,
			sendGET("/listdir/dirlink/inside.txt"), fileResponse("listdir/sub/inside.txt", "text/plain", false)),

		exchange("symlinks.dir-link-redirect", "GET /link_outside_dir", ModeDefault,
			sendGET("/link_outside_dir"), redirectedTo("/link_outside_dir/")),
		exchange("symlinks.dir-link-redirect", "GET /link_to_dir?x=1", ModeDefault,
			sendGET("/link_to_dir?x=1"), redirectedTo("/link_to_dir/?x=1")),
		exchange("symlinks.dir-link-redirect", "GET /listdir/dirlink", ModeDefault,
			sendGET("/listdir/dirlink"), redirectedTo("/listdir/dirlink/")),

		exchange("symlinks.broken-404", "GET /broken_link", ModeDefault,
			sendGET("/broken_link"), fileNotFound(), closed()),
		exchange("symlinks.broken-404", "GET /listdir/broken", ModeDefault,
			sendGET("/listdir/broken"), fileNotFound(), closed()),
		exchange("symlinks.broken-404", "GET /broken_link/ (with a trailing slash)", ModeDefault,
			sendGET("/broken_link/"), fileNotFound(), closed()),

		exchange("symlinks.type-from-link-name", "GET /link_to_file: a.txt's bytes, not text/plain", ModeDefault,
			sendGET("/link_to_file"), contentType("application/octet-stream"), body("hello\n")),
		exchange("symlinks.type-from-link-name", "HEAD /listdir/alink (to b.txt)", ModeDefault,
			sendHEAD("/listdir/alink"), statusLine("HTTP/1.0 200 OK"), contentType("application/octet-stream"), emptyBody()),
	}
})
