package pylib

import "testing"

// Typical request material: the ASCII fast paths should not allocate
// (Split allocates its result slice once).
const (
	benchRequestLine = "GET /static/js/app.min.js?v=3 HTTP/1.1"
	benchPath        = "/static/js/app.min.js"
	benchListingName = "report-2020_01_02.tar.gz"
)

var (
	sinkText  string
	sinkWords []string
)

func BenchmarkLatin1ToText(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Latin1ToText(benchRequestLine)
	}
}

func BenchmarkLatin1ToTextNonASCII(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Latin1ToText("GET /caf\xe9.txt HTTP/1.1")
	}
}

func BenchmarkSplit(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkWords = Split(benchRequestLine)
	}
}

func BenchmarkUnquote(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Unquote(benchPath)
	}
}

func BenchmarkUnquoteEscaped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Unquote("/my%20files/%C3%BC.txt")
	}
}

func BenchmarkUnquoteSurrogatePass(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText, _ = UnquoteSurrogatePass(benchPath)
	}
}

func BenchmarkQuote(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Quote(benchListingName, "/")
	}
}

func BenchmarkQuoteEscaped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Quote("space name & ü.txt", "/")
	}
}

func BenchmarkLower(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkText = Lower("keep-alive")
	}
}
