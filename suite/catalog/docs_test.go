package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docsDir is where the module documentation the catalogue quotes lives: ../shared/docs beside the
// repository root.
const docsDir = "../../../shared/docs"

// TestQuotesAreVerbatim checks every quoted sentence against the documentation files. The text files
// keep the line breaks of the pages they were taken from, so runs of whitespace compare as one space.
func TestQuotesAreVerbatim(t *testing.T) {
	corpus := loadDocs(t)
	for _, b := range Behaviors() {
		q := b.Cite.Quote
		if q == "" {
			continue
		}
		if !strings.Contains(corpus, collapseSpace(q)) {
			t.Errorf("%s: quote not found verbatim in %s: %q", b.ID, docsDir, q)
		}
	}
}

func loadDocs(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(docsDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("documentation not found at %s (it sits beside the repository root); quotes not checked", docsDir)
	}
	var all []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, collapseSpace(string(data)))
	}
	return strings.Join(all, "\n")
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestQuoteCheckCanFail makes sure the comparison is strict: one changed digit is a different sentence.
func TestQuoteCheckCanFail(t *testing.T) {
	corpus := loadDocs(t)
	exact := "Por defecto, el servidor escucha en el puerto 8000."
	altered := "Por defecto, el servidor escucha en el puerto 8080."
	if !strings.Contains(corpus, collapseSpace(exact)) || strings.Contains(corpus, collapseSpace(altered)) {
		t.Fatalf("quote comparison is not strict: found(%q)=%v found(%q)=%v", exact,
			strings.Contains(corpus, exact), altered, strings.Contains(corpus, altered))
	}
}
