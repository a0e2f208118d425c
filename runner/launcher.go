package runner

import (
	"context"

	"github.com/httpspec/httpspec/suite"
)

// cliLauncher starts extra instances of the target for command-line specs: the target's program with
// the arguments the spec chooses, in the fixtures' document root.
type cliLauncher struct {
	prefix  []string
	dir     string
	session *session
}

// Launch implements suite.Launcher.
func (l *cliLauncher) Launch(ctx context.Context, args []string, env []string) (suite.Process, error) {
	argv := append(append([]string(nil), l.prefix...), args...)
	p, err := start(Command{Argv: argv, Dir: l.dir, Env: append(append([]string(nil), targetEnv...), env...)})
	if err != nil {
		return nil, err
	}
	l.session.mu.Lock()
	l.session.processes = append(l.session.processes, p)
	l.session.mu.Unlock()
	return launched{p}, nil
}

// FreePort implements suite.Launcher.
func (l *cliLauncher) FreePort() (int, error) { return freePort() }
