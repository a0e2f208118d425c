package runner

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/httpspec/httpspec/suite"
)

// Target says how to start the server under test in each mode.
type Target interface {
	// Name identifies the target in reports.
	Name() string
	// Command builds the command for a mode; port 0 means the command must choose and print its port.
	// An error means the target cannot run in that mode, and says why.
	Command(mode suite.Mode, port int, docroot string) (Command, error)
	// CLI is the command prefix that command-line specs append http.server's arguments to, or nil.
	CLI() []string
}

// DefaultModeArgs are the arguments that select a mode on `python -m http.server`.
var DefaultModeArgs = map[suite.Mode][]string{
	suite.ModeHTTP11: {"--protocol", "HTTP/1.1"},
	suite.ModeCGI:    {"--cgi"},
}

// templateTarget is a command line given by the user, with {port} and {dir} placeholders.
type templateTarget struct {
	template []string
	modeArgs map[suite.Mode][]string
	cli      []string
	dropTo   *syscall.Credential
}

// TemplateTarget parses a command template such as `python3 -m http.server {port} --directory {dir}`
// (quoted as a POSIX shell would, but never run through a shell). modeArgs are appended per mode
// (DefaultModeArgs when nil); cli is the prefix for command-line specs (may be empty).
func TemplateTarget(template string, modeArgs map[suite.Mode][]string, cli string) (Target, error) {
	argv, err := splitCommand(template)
	if err != nil {
		return nil, fmt.Errorf("--target: %w", err)
	}
	if len(argv) == 0 {
		return nil, errors.New("--target: empty command")
	}
	if modeArgs == nil {
		modeArgs = DefaultModeArgs
	}
	t := &templateTarget{template: argv, modeArgs: modeArgs, dropTo: unprivilegedUser()}
	if cli != "" {
		if t.cli, err = splitCommand(cli); err != nil {
			return nil, fmt.Errorf("--cli: %w", err)
		}
	}
	return t, nil
}

func (t *templateTarget) Name() string { return strings.Join(t.template, " ") }

// choosesPort reports a template without {port}: the target picks its port and must print it.
func (t *templateTarget) choosesPort() bool {
	for _, w := range t.template {
		if strings.Contains(w, "{port}") {
			return false
		}
	}
	return true
}
func (t *templateTarget) CLI() []string { return t.cli }

func (t *templateTarget) Command(mode suite.Mode, port int, docroot string) (Command, error) {
	argv := substitute(t.template, port, docroot)
	extra, ok := t.modeArgs[mode]
	if mode != suite.ModeDefault && mode != suite.ModeUnprivileged && !ok {
		return Command{}, fmt.Errorf("no arguments are known for mode %s", mode)
	}
	cmd := Command{Argv: append(argv, extra...), Dir: docroot, Env: targetEnv}
	if mode == suite.ModeUnprivileged {
		if t.dropTo == nil {
			return Command{}, errors.New("the runner is not root, so the default mode is already unprivileged")
		}
		cmd.Credential = t.dropTo
	}
	return cmd, nil
}

// targetEnv is added to every target's environment: log times in UTC, and Python's output unbuffered
// (3.6–3.8 block-buffer stderr when it is not a terminal; research §6.3).
var targetEnv = []string{"TZ=UTC", "PYTHONUNBUFFERED=1"}

// substitute replaces {port} and {dir} in every word.
func substitute(template []string, port int, dir string) []string {
	out := make([]string, len(template))
	for i, w := range template {
		w = strings.ReplaceAll(w, "{port}", strconv.Itoa(port))
		out[i] = strings.ReplaceAll(w, "{dir}", dir)
	}
	return out
}

// referenceTarget is the embedded reference server: this very executable's `serve` command.
type referenceTarget struct {
	exe string
	// unprivExe is a copy of exe that an unprivileged user can execute (set by the runner when root).
	unprivExe string
	dropTo    *syscall.Credential
}

// ReferenceTarget runs `EXE serve` (EXE is the httpspec executable).
func ReferenceTarget(exe string) Target {
	return &referenceTarget{exe: exe, dropTo: unprivilegedUser()}
}

func (t *referenceTarget) Name() string      { return "httpspec reference server" }
func (t *referenceTarget) choosesPort() bool { return true }
func (t *referenceTarget) CLI() []string     { return []string{t.exe, "serve"} }

func (t *referenceTarget) Command(mode suite.Mode, port int, docroot string) (Command, error) {
	exe := t.exe
	var cred *syscall.Credential
	if mode == suite.ModeUnprivileged {
		if t.dropTo == nil {
			return Command{}, errors.New("the runner is not root, so the default mode is already unprivileged")
		}
		if t.unprivExe == "" {
			return Command{}, errors.New("no copy of the httpspec executable that an unprivileged user can run")
		}
		exe, cred = t.unprivExe, t.dropTo
	}
	argv := []string{exe, "serve", strconv.Itoa(port), "--bind", "127.0.0.1", "--directory", docroot}
	argv = append(argv, DefaultModeArgs[mode]...)
	return Command{Argv: argv, Dir: docroot, Env: targetEnv, Credential: cred}, nil
}

// prepareUnprivileged copies the executable where uid 65534 can run it: a build cache or a 0700 home
// directory is often out of its reach.
func (t *referenceTarget) prepareUnprivileged(dir string) error {
	if t.dropTo == nil {
		return nil
	}
	dst := filepath.Join(dir, "httpspec")
	if err := copyFile(t.exe, dst, 0o755); err != nil {
		return fmt.Errorf("copy the httpspec executable for the unprivileged mode: %w", err)
	}
	t.unprivExe = dst
	return nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// unprivilegedUser is uid/gid 65534 (nobody) with no supplementary groups when the runner is root, else
// nil: an unprivileged runner's targets are unprivileged already.
func unprivilegedUser() *syscall.Credential {
	if os.Geteuid() != 0 {
		return nil
	}
	return &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}
}

// splitCommand splits a command line into words the way a POSIX shell would quote them: single quotes
// keep everything, double quotes keep all but \" and \\, a backslash outside quotes escapes the next
// character. Nothing else of a shell (variables, globs, pipes) is interpreted.
func splitCommand(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\') {
					j++
				}
				cur.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			i = j
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
