package reference_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// shellyName is a script name that a shell would run five commands from.
const shellyName = "x;touch mark1;$(touch mark2)|touch mark3&&touch mark4`touch mark5`.sh"

// shellyQuery is a query without "=", which run_cgi passes as argv[1] with "+" turned into spaces.
const shellyQuery = ";touch+mark6;$(touch+mark7)|touch+mark8`touch+mark9`"

// TestCGINeverThroughAShell requests a script whose name and query are full of shell syntax. run_cgi
// executes the script file itself with its arguments as a list, never through a shell, so the script
// must receive the query verbatim as its one argument and none of the commands may run. The server's
// working directory, which scripts inherit, is writable by everyone, so that a command that did run
// (as nobody, under root) would leave its mark there.
func TestCGINeverThroughAShell(t *testing.T) {
	needsSh(t)
	root := hostileRoot(t)
	script := "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nprintf '[%s]\\n' \"$@\"\n"
	writeFile(t, filepath.Join(root, "cgi-bin", shellyName), script, 0o755)
	cwd := hostileRoot(t)
	os.Chmod(cwd, 0o777)
	srv := startServeIn(t, cwd, root, "--cgi")
	reply := fetchRaw(t, srv.addr, "GET /cgi-bin/"+url.PathEscape(shellyName)+"?"+shellyQuery+" HTTP/1.0\r\n\r\n")
	want := "\r\n\r\n[;touch mark6;$(touch mark7)|touch mark8`touch mark9`]\n"
	if !bytes.HasPrefix(reply, []byte(scriptStarted)) || !bytes.HasSuffix(reply, []byte(want)) {
		t.Errorf("the script's reply is %q; want its one argument, verbatim: %q", reply, want)
	}
	marks, _ := filepath.Glob(filepath.Join(cwd, "mark*"))
	marks2, _ := filepath.Glob(filepath.Join(root, "mark*"))
	if all := append(marks, marks2...); len(all) > 0 {
		t.Errorf("commands in the script's name or query ran: %v", all)
	}
}
