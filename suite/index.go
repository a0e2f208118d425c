package suite

// Specs for index pages: research §4.2 (SimpleHTTPRequestHandler.send_head, index_pages). The
// fixtures' dir1 holds index.html, dir2 only index.htm, dir3 both, and dir4 an index.html that is a
// directory beside an index.htm file.

var _ = register(func() []Spec {
	return []Spec{
		exchange("index.html-served", "GET /dir1/", ModeDefault,
			sendGET("/dir1/"), served("dir1/index.html")),
		exchange("index.html-served", "GET /dir1/?q=1 (the query does not hide the index)", ModeDefault,
			sendGET("/dir1/?q=1"), served("dir1/index.html")),
		exchange("index.htm-served", "GET /dir2/", ModeDefault,
			sendGET("/dir2/"), served("dir2/index.htm")),
		exchange("index.html-before-htm", "GET /dir3/", ModeDefault,
			sendGET("/dir3/"), served("dir3/index.html")),

		exchange("index.listing-without-index", "GET /list2/", ModeDefault,
			sendGET("/list2/"), statusLine("HTTP/1.0 200 OK"), contentType("text/html; charset=utf-8"),
			listingTitle("/list2/"), listingItems(listingItem("one.txt", "one.txt"))),
		exchange("index.listing-without-index", "GET /dir4/index.html/ (an empty directory named index.html)", ModeDefault,
			sendGET("/dir4/index.html/"), statusLine("HTTP/1.0 200 OK"),
			listingTitle("/dir4/index.html/"), listingItems()),

		exchange("index.served-as-file", "GET /dir1/: every byte", ModeDefault,
			sendGET("/dir1/"), fileResponse("dir1/index.html", "text/html", false)),
		exchange("index.served-as-file", "GET /dir2/: every byte", ModeDefault,
			sendGET("/dir2/"), fileResponse("dir2/index.htm", "text/html", false)),
		exchange("index.served-as-file", "HEAD /dir3/", ModeDefault,
			sendHEAD("/dir3/"), fileResponse("dir3/index.html", "text/html", true)),

		exchange("index.directory-named-index-404", "GET /dir4/", ModeDefault,
			sendGET("/dir4/"), fileNotFound()),
		exchange("index.directory-named-index-skipped", "GET /dir4/", ModeDefault,
			sendGET("/dir4/"), served("dir4/index.htm")),
	}
})
