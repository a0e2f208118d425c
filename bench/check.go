package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// checkReply fetches w's path from s once, as the workload will, and checks what comes back: a 200
// status line, a Content-Length (when given) equal to the body's length, and the body itself (the
// file's bytes, or a listing naming every entry).
func checkReply(s *server, w workload) error {
	transport := &http.Transport{DisableKeepAlives: w.closeEach, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get("http://" + s.addr + w.path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %q, want 200", resp.Status)
	}
	hash := sha256.New()
	var listing bytes.Buffer
	sink := io.Writer(hash)
	if w.path == pathListing {
		sink = &listing
	}
	n, err := io.Copy(sink, resp.Body)
	if err != nil {
		return fmt.Errorf("reading the body: %v", err)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != n {
		return fmt.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, n)
	}
	if w.path == pathListing {
		return checkListing(listing.String())
	}
	want := sha256.Sum256(fileBody(fileSizes[w.path]))
	if !bytes.Equal(hash.Sum(nil), want[:]) {
		return fmt.Errorf("body of %d bytes differs from the file's %d", n, fileSizes[w.path])
	}
	return nil
}

// checkListing wants every file of the listed directory named in the page.
func checkListing(page string) error {
	for _, name := range listingNames() {
		if strings.HasPrefix(name, "file-") && !strings.Contains(page, name) {
			return fmt.Errorf("listing of %d bytes does not name %s", len(page), name)
		}
	}
	return nil
}

// comparedPaths are the replies compared byte for byte between the reference and CPython.
var comparedPaths = []string{pathSmall, pathMedium, pathListing, "/list", "/missing"}

// compareWithCPython fetches the same paths from the reference and CPython in the same mode and
// reports the first difference, the Server and Date values aside: the optimisations measured here
// must not change a byte on the wire.
func compareWithCPython(ref, cpy *server) error {
	for _, path := range comparedPaths {
		a, err := rawFetch(ref.addr, path)
		if err != nil {
			return fmt.Errorf("reference %s: %v", path, err)
		}
		b, err := rawFetch(cpy.addr, path)
		if err != nil {
			return fmt.Errorf("CPython %s: %v", path, err)
		}
		a, b = maskVolatile(a), maskVolatile(b)
		if !bytes.Equal(a, b) {
			return fmt.Errorf("GET %s: reference sent %d bytes, CPython %d; first difference at byte %d",
				path, len(a), len(b), firstDifference(a, b))
		}
	}
	return nil
}

// rawFetch sends one GET with Connection: close and returns every byte until the server closes.
func rawFetch(addr, path string) ([]byte, error) {
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(nc, "GET "+path+" HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"); err != nil {
		return nil, err
	}
	return io.ReadAll(nc)
}

var volatileHeader = regexp.MustCompile(`(?m)^(Server|Date): [^\r\n]*`)

func maskVolatile(reply []byte) []byte {
	return volatileHeader.ReplaceAll(reply, []byte("$1: *"))
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
