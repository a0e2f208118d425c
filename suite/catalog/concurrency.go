package catalog

// The command-line server switched to ThreadingHTTPServer in 3.7.
var threadedCLI = Since("3.7")

var concurrency = []Behavior{
	{
		ID:       "concurrency.single-threaded",
		Area:     AreaConcurrency,
		Summary:  "The command-line server handles one connection at a time: while an idle connection is open, another client's request gets no answer",
		Level:    Detail,
		Versions: Not(threadedCLI),
		Cite: Citation{
			Doc:      "http.server: ThreadingHTTPServer",
			Quote:    "Esto es útil para controlar los sockets de pre-apertura de los navegadores web, en los que HTTPServer esperaría indefinidamente.",
			Source:   "Lib/http/server.py: test() with HTTPServer",
			Research: "§1.1",
		},
		Change:  "3.7 runs the command-line server on ThreadingHTTPServer",
		Related: []string{"concurrency.thread-per-connection"},
	},
	{
		ID:       "concurrency.thread-per-connection",
		Area:     AreaConcurrency,
		Summary:  "The command-line server answers other clients while a connection sits idle (one thread per connection)",
		Level:    Detail,
		Versions: threadedCLI,
		Cite: Citation{
			Doc:      "http.server: ThreadingHTTPServer",
			Quote:    "Esta clase es idéntica a HTTPServer, pero utiliza subprocesos para controlar las solicitudes mediante el uso de ThreadingMixIn.",
			Source:   "Lib/http/server.py: ThreadingHTTPServer, test()",
			Research: "§1.1",
		},
		Change:  "3.6's command-line server is single-threaded",
		Related: []string{"concurrency.single-threaded"},
	},
	{
		ID:       "concurrency.reuse-address",
		Area:     AreaConcurrency,
		Summary:  "The listening socket sets SO_REUSEADDR: a server restarted on the same port right after stopping binds it although old connections are in TIME_WAIT",
		Level:    Detail,
		Versions: All(),
		Cite:     Citation{Source: "Lib/http/server.py: HTTPServer.allow_reuse_address", Research: "§1.1"},
	},
	{
		ID:       "concurrency.interrupt-abandons-connections",
		Area:     AreaConcurrency,
		Summary:  "On Ctrl-C the server exits at once; connections still open are dropped without an answer",
		Level:    Informational,
		Versions: threadedCLI,
		Cite:     Citation{Source: "Lib/http/server.py: ThreadingHTTPServer.daemon_threads = True", Research: "§7.3"},
		Change:   "3.6's command-line server is single-threaded: a connection holding half a request keeps every other client waiting",
	},
}
