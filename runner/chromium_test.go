package runner

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The HTML reports are checked in a real headless Chromium driven over the DevTools protocol. The
// protocol runs over --remote-debugging-pipe (NUL-terminated JSON on file descriptors 3 and 4), which
// needs no port, no websocket and no dependency beyond the standard library.

var chromiumOnce struct {
	sync.Once
	path, why string
}

// chromiumPath finds Chromium, installing Debian's package when it is missing and the tests run as
// root in CI (a clean CI machine has no browser); elsewhere the caller skips with the reason.
func chromiumPath() (string, string) {
	chromiumOnce.Do(func() {
		chromiumOnce.path, chromiumOnce.why = lookChromium()
		if chromiumOnce.path != "" || os.Geteuid() != 0 || os.Getenv("CI") == "" {
			return
		}
		if err := aptInstall("chromium"); err != nil {
			chromiumOnce.why = "installing chromium failed: " + err.Error()
			return
		}
		chromiumOnce.path, chromiumOnce.why = lookChromium()
	})
	return chromiumOnce.path, chromiumOnce.why
}

func lookChromium() (string, string) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, ""
		}
	}
	return "", "no chromium on PATH (apt-get install chromium; CI installs it when running as root)"
}

// aptInstall installs Debian packages non-interactively.
func aptInstall(pkgs ...string) error {
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	update := exec.Command("apt-get", "update")
	update.Env = env
	if out, err := update.CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get update: %v\n%s", err, lastLines(string(out), 5))
	}
	install := exec.Command("apt-get", append([]string{"install", "-y", "--no-install-recommends"}, pkgs...)...)
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get install %s: %v\n%s", strings.Join(pkgs, " "), err, lastLines(string(out), 5))
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// browser is one headless Chromium and a page in it.
type browser struct {
	t        *testing.T
	cmd      *exec.Cmd
	toChrome *os.File
	in       chan cdpMessage
	done     chan struct{}
	nextID   int
	session  string
	events   []cdpMessage // received, not yet consumed by waitEvent
	stderr   *strings.Builder
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// cdpTimeout bounds every protocol call and wait.
const cdpTimeout = 30 * time.Second

// startBrowser starts Chromium headless with an empty profile and opens a page with console and
// exception reporting on; the test skips when no Chromium can be had.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	path, why := chromiumPath()
	if path == "" {
		t.Skip(why)
	}
	fromUs, toChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromChrome, toUs, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "--hide-scrollbars", "about:blank")
	cmd.ExtraFiles = []*os.File{fromUs, toUs} // fd 3: commands in, fd 4: answers out
	b := &browser{t: t, cmd: cmd, toChrome: toChrome, in: make(chan cdpMessage, 64), done: make(chan struct{}), stderr: &strings.Builder{}}
	cmd.Stderr = &lockedWriter{b: b.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fromUs.Close()
	toUs.Close()
	go b.read(fromChrome)
	t.Cleanup(b.close)
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		b.call(b.session, domain, nil, nil)
	}
	return b
}

type lockedWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.b.Len() < 1<<16 {
		w.b.Write(p)
	}
	return len(p), nil
}

// read delivers every message Chromium writes until the pipe closes.
func (b *browser) read(r *os.File) {
	defer close(b.done)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) == nil {
			b.in <- m
		}
	}
}

func (b *browser) close() {
	b.toChrome.Close() // Chromium exits when its command pipe closes
	exited := make(chan error, 1)
	go func() { exited <- b.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		b.cmd.Process.Kill()
		<-exited
	}
}

// next returns the next message from Chromium, failing the test after cdpTimeout.
func (b *browser) next(what string) cdpMessage {
	b.t.Helper()
	select {
	case m := <-b.in:
		return m
	case <-b.done:
		b.t.Fatalf("chromium exited while waiting for %s\n%s", what, b.stderr.String())
	case <-time.After(cdpTimeout):
		b.t.Fatalf("no answer from chromium within %s while waiting for %s", cdpTimeout, what)
	}
	return cdpMessage{}
}

// call sends one command and waits for its answer, keeping the events that arrive meanwhile.
func (b *browser) call(session, method string, params, result any) {
	b.t.Helper()
	b.nextID++
	id := b.nextID
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := b.toChrome.Write(append(data, 0)); err != nil {
		b.t.Fatalf("send %s: %v", method, err)
	}
	for {
		m := b.next(method)
		if m.ID != id {
			if m.Method != "" {
				b.events = append(b.events, m)
			}
			continue
		}
		if m.Error != nil {
			b.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
		return
	}
}

// waitEvent waits for an event of the page's session.
func (b *browser) waitEvent(method string) cdpMessage {
	b.t.Helper()
	for i, m := range b.events {
		if m.Method == method {
			b.events = append(b.events[:i], b.events[i+1:]...)
			return m
		}
	}
	for {
		m := b.next(method)
		if m.Method == method {
			return m
		}
		if m.Method != "" {
			b.events = append(b.events, m)
		}
	}
}

// open loads a file and waits for its load event.
func (b *browser) open(path string) {
	b.t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		b.t.Fatal(err)
	}
	b.call(b.session, "Page.navigate", map[string]any{"url": "file://" + abs}, nil)
	b.waitEvent("Page.loadEventFired")
}

// eval evaluates a JavaScript expression in the page and decodes its value into out.
func (b *browser) eval(expr string, out any) {
	b.t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res)
	if res.ExceptionDetails != nil {
		b.t.Fatalf("evaluating %q: %s %s", expr, res.ExceptionDetails.Text, res.ExceptionDetails.Exception.Description)
	}
	if out != nil {
		if err := json.Unmarshal(res.Result.Value, out); err != nil {
			b.t.Fatalf("evaluating %q: %v (value %s)", expr, err, res.Result.Value)
		}
	}
}

// consoleErrors returns the console errors, uncaught exceptions and failed loads seen so far.
func (b *browser) consoleErrors() []string {
	b.eval("0", nil) // a round trip, so every event sent before now has arrived
	var out []string
	for _, m := range b.events {
		switch m.Method {
		case "Runtime.exceptionThrown":
			out = append(out, "exception: "+string(m.Params))
		case "Runtime.consoleAPICalled":
			var p struct{ Type string }
			json.Unmarshal(m.Params, &p)
			if p.Type == "error" || p.Type == "assert" {
				out = append(out, "console: "+string(m.Params))
			}
		case "Log.entryAdded":
			var p struct {
				Entry struct{ Level, Text, URL string }
			}
			json.Unmarshal(m.Params, &p)
			if p.Entry.Level == "error" {
				out = append(out, "log: "+p.Entry.Text+" "+p.Entry.URL)
			}
		}
	}
	return out
}

// screenshot writes a PNG of the page at the given width, as tall as the content up to maxHeight.
func (b *browser) screenshot(path string, width, maxHeight int) {
	b.t.Helper()
	var height int
	b.eval("document.documentElement.scrollHeight", &height)
	height = min(max(height, 600), maxHeight)
	b.call(b.session, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	var shot struct{ Data string }
	b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	if len(png) < 1000 || !strings.HasPrefix(string(png), "\x89PNG") {
		b.t.Fatalf("screenshot is not a PNG (%d bytes)", len(png))
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// keepScreenshot copies a screenshot to $HTTPSPEC_SCREENSHOTS, when set, for a person to look at.
func keepScreenshot(t *testing.T, path string) {
	dir := os.Getenv("HTTPSPEC_SCREENSHOTS")
	if dir == "" {
		t.Logf("screenshot %s (set HTTPSPEC_SCREENSHOTS=DIR to keep it)", path)
		return
	}
	data, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	}
	if err != nil {
		t.Errorf("keep screenshot: %v", err)
	}
}
