package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/httpspec/httpspec/suite"
)

// Command is how to start one target process.
type Command struct {
	Argv []string
	Env  []string // added to the runner's environment
	Dir  string   // working directory
	// Credential, when set, starts the process as another user (the unprivileged mode).
	Credential *syscall.Credential
}

// process is a started target: its output captured line by line with bounded memory, its exit
// observed without polling.
type process struct {
	cmd     *exec.Cmd
	stdout  *suite.LineLog
	stderr  *suite.LineLog
	done    chan struct{} // closed when the process has exited
	status  int           // exit status, -1 when killed by a signal; valid after done
	waitErr error
}

// start launches cmd in its own process group, so that stopping it also stops what it started (CGI
// scripts).
func start(c Command) (*process, error) {
	if len(c.Argv) == 0 {
		return nil, errors.New("empty command")
	}
	cmd := exec.Command(c.Argv[0], c.Argv[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), c.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.Credential}
	p := &process{cmd: cmd, stdout: suite.NewLineLog(), stderr: suite.NewLineLog(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", strings.Join(c.Argv, " "), err)
	}
	go p.wait()
	return p, nil
}

func (p *process) wait() {
	err := p.cmd.Wait()
	p.status = exitStatus(p.cmd.ProcessState)
	p.waitErr = err
	close(p.done)
}

func exitStatus(ps *os.ProcessState) int {
	if ps == nil {
		return -1
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1
	}
	return ps.ExitCode()
}

// exited reports whether the process has ended.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process as a user would: SIGINT (Ctrl-C) to its group, then SIGKILL if it has not
// exited within grace.
func (p *process) stop(grace time.Duration) {
	if p.exited() {
		return
	}
	pgid := -p.cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGINT)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-p.done:
	case <-timer.C:
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-p.done
	}
	// Whatever the target started and left behind (a CGI script) goes with it.
	_ = syscall.Kill(pgid, syscall.SIGKILL)
}

// tail is the last lines of both streams, for error messages about a target that failed.
func (p *process) tail(n int) string {
	var b strings.Builder
	if lines := p.stdout.Tail(n); len(lines) > 0 {
		b.WriteString("  stdout:\n    " + strings.Join(lines, "\n    ") + "\n")
	}
	if lines := p.stderr.Tail(n); len(lines) > 0 {
		b.WriteString("  stderr:\n    " + strings.Join(lines, "\n    ") + "\n")
	}
	if b.Len() == 0 {
		return "  (no output)\n"
	}
	return b.String()
}

// launched adapts a process to suite.Process, for command-line specs.
type launched struct{ p *process }

func (l launched) Stdout() string { return joinLines(l.p.stdout) }
func (l launched) Stderr() string { return joinLines(l.p.stderr) }

func joinLines(log *suite.LineLog) string {
	lines := log.Lines(0)
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// WaitOutput waits for substr on stdout or stderr, or for the process to exit.
func (l launched) WaitOutput(ctx context.Context, substr string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	found := make(chan struct{}, 2)
	for _, log := range []*suite.LineLog{l.p.stdout, l.p.stderr} {
		go func() {
			if _, err := log.Wait(ctx, 0, substr); err == nil {
				found <- struct{}{}
			}
		}()
	}
	select {
	case <-found:
		return nil
	case <-l.p.done:
		if strings.Contains(l.Stdout(), substr) || strings.Contains(l.Stderr(), substr) {
			return nil
		}
		return fmt.Errorf("the process exited (status %d) without writing %q", l.p.status, substr)
	case <-ctx.Done():
		return fmt.Errorf("%q not written: %w", substr, ctx.Err())
	}
}

func (l launched) Interrupt() error { return syscall.Kill(-l.p.cmd.Process.Pid, syscall.SIGINT) }

func (l launched) Signal(sig os.Signal) error { return l.p.cmd.Process.Signal(sig) }

func (l launched) Wait(ctx context.Context) (int, error) {
	select {
	case <-l.p.done:
		return l.p.status, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (l launched) Kill() { l.p.stop(0) }

// stopAll stops processes concurrently.
func stopAll(ps []*process, grace time.Duration) {
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.stop(grace)
		}()
	}
	wg.Wait()
}
