package reference_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGigabyteFileInConstantMemory downloads a 1 GiB file from `httpspec serve` and holds the
// server's peak resident set under 64 MiB: a file body is streamed from the file (sendfile), never
// read whole into memory. The file is sparse, with markers at its start, middle and end, so the test
// costs no disk and still proves every part arrived in place.
func TestGigabyteFileInConstantMemory(t *testing.T) {
	const size = 1 << 30
	const memoryBound = 64 << 20
	dir := hostileRoot(t)
	markers := map[int64]string{0: "start", size / 2: "middle", size - 3: "end"}
	writeSparse(t, filepath.Join(dir, "giga.bin"), size, markers)
	srv := startServe(t, dir)

	c, err := net.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Minute))
	if _, err := io.WriteString(c, "GET /giga.bin HTTP/1.0\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	head, body := readHead(t, c)
	if !strings.Contains(head, fmt.Sprintf("\r\nContent-Length: %d\r\n", size)) {
		t.Fatalf("head %q lacks Content-Length: %d", head, size)
	}
	got := &markerReader{want: markers}
	n, err := io.Copy(got, io.MultiReader(bytes.NewReader(body), c))
	if err != nil {
		t.Fatal(err)
	}
	if n != size {
		t.Fatalf("body of %d bytes, want %d", n, size)
	}
	if missing := got.missing(); len(missing) > 0 {
		t.Errorf("markers not where they belong: %v", missing)
	}
	_, peak := srv.memory(t)
	t.Logf("served %d MiB; server peak RSS %.1f MiB", size>>20, float64(peak)/(1<<20))
	if peak > memoryBound {
		t.Errorf("the server's peak resident set is %.1f MiB, over %d MiB", float64(peak)/(1<<20), memoryBound>>20)
	}
}

// writeSparse makes a file of size bytes, holes but for the markers written at their offsets.
func writeSparse(t *testing.T, name string, size int64, markers map[int64]string) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	for off, m := range markers {
		if _, err := f.WriteAt([]byte(m), off); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Chmod(0o644); err != nil {
		t.Fatal(err)
	}
}

// readHead reads up to the end of the header block and returns it and the body bytes read with it.
func readHead(t *testing.T, c net.Conn) (string, []byte) {
	t.Helper()
	var buf []byte
	chunk := make([]byte, 4096)
	for {
		n, err := c.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if i := bytes.Index(buf, []byte("\r\n\r\n")); i >= 0 {
			return string(buf[:i+4]), buf[i+4:]
		}
		if err != nil {
			t.Fatalf("no end of headers in %q: %v", buf, err)
		}
	}
}

// markerReader consumes a body and checks that each marker stands at its offset.
type markerReader struct {
	want  map[int64]string
	seen  map[int64]bool
	pos   int64
	carry []byte // the last bytes of the previous write, for markers split across writes
}

func (m *markerReader) Write(p []byte) (int, error) {
	if m.seen == nil {
		m.seen = map[int64]bool{}
	}
	start, end := m.pos-int64(len(m.carry)), m.pos+int64(len(p))
	for off, s := range m.want {
		if off >= start && off+int64(len(s)) <= end {
			window := append(append([]byte(nil), m.carry...), p...)
			m.seen[off] = m.seen[off] || string(window[off-start:off-start+int64(len(s))]) == s
		}
	}
	m.pos = end
	keep := p[max(len(p)-8, 0):]
	m.carry = append(m.carry[:0], keep...)
	return len(p), nil
}

func (m *markerReader) missing() []string {
	var out []string
	for off, s := range m.want {
		if !m.seen[off] {
			out = append(out, fmt.Sprintf("%q at %d", s, off))
		}
	}
	return out
}
