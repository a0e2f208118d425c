package catalog

// groups holds the per-area tables; each lives in the file named after its area.
var groups = [][]Behavior{
	requestLine,
	headers,
	persistence,
	expect,
	methods,
	response,
	errorsArea,
	logging,
	paths,
	files,
	index,
	redirects,
	listing,
	conditional,
	mime,
	symlinks,
	permissions,
	cgi,
	cli,
	concurrency,
}
