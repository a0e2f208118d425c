package suite_test

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/httpspec/httpspec/fixtures"
	"github.com/httpspec/httpspec/reference"
	"github.com/httpspec/httpspec/suite"
)

// TestSuiteAgainstReference runs the whole suite in-process against the reference server, the way a
// project embeds httpspec in its own `go test`: materialise the fixtures, start one server per mode,
// hand the suite a Config.
func TestSuiteAgainstReference(t *testing.T) {
	// CGI scripts run as nobody under a root server, and must reach the fixtures: t.TempDir makes
	// 0700 directories.
	work := t.TempDir()
	for _, dir := range []string{filepath.Dir(work), work} {
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	layout, err := fixtures.Materialize(filepath.Join(work, "fixtures"), fixtures.Options{})
	if err != nil {
		t.Fatal(err)
	}
	modes := map[suite.Mode]reference.Config{
		suite.ModeDefault: {},
		suite.ModeHTTP11:  {Protocol: "HTTP/1.1"},
		suite.ModeCGI:     {CGI: true},
	}
	targets := map[suite.Mode]*suite.Target{}
	for mode, cfg := range modes {
		log := suite.NewLineLog()
		cfg.Directory, cfg.Log = layout.DocRoot, log
		srv, err := reference.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
		targets[mode] = &suite.Target{Mode: mode, Addr: ln.Addr().String(), Log: log, Root: os.Geteuid() == 0}
	}
	suite.Test(t, suite.Config{
		Targets:     targets,
		Fixtures:    layout,
		Unavailable: map[suite.Mode]string{suite.ModeUnprivileged: "an in-process server cannot run as another user"},
	})
}
