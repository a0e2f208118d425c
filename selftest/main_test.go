package selftest

import (
	"flag"
	"os"
	"testing"

	"github.com/httpspec/httpspec/internal/testbin"
)

// httpspecBinary is the httpspec command, built once: every run is a process of its own, since Ginkgo
// allows one suite run per process.
var httpspecBinary string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run()) // every test skips itself
	}
	testbin.Main(m, &httpspecBinary)
}

// skipIfShort skips the tests that start servers.
func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("the self-test starts several hundred servers (about two minutes); -short skips it")
	}
}
