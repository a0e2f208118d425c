package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// lighttpdServer runs lighttpd in the foreground with its packaged defaults (one process, no access
// log), directory listings on.
func lighttpdServer(env *benchEnv, port int) (*exec.Cmd, error) {
	path, err := env.tool("lighttpd")
	if err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(`server.document-root = %q
server.bind = "127.0.0.1"
server.port = %d
server.errorlog = %q
server.modules += ("mod_dirlisting")
dir-listing.activate = "enable"
mimetype.assign = (".txt" => "text/plain", ".bin" => "application/octet-stream", ".html" => "text/html")
`, env.root, port, filepath.Join(env.tmp, "lighttpd-error.log"))
	file := filepath.Join(env.tmp, "lighttpd.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	return exec.Command(path, "-D", "-f", file), nil
}

// nginxServer runs nginx in the foreground as Debian configures it (a worker per core, sendfile and
// tcp_nopush on, an access log), with autoindex for the listing.
func nginxServer(env *benchEnv, port int) (*exec.Cmd, error) {
	path, err := env.tool("nginx")
	if err != nil {
		return nil, err
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the document root is under a private temporary directory
	}
	conf := fmt.Sprintf(`%s
daemon off;
worker_processes auto;
pid %s;
error_log %s;
events { worker_connections 1024; }
http {
    types { text/plain txt; text/html html; application/octet-stream bin; }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log %s;
    server {
        listen 127.0.0.1:%d;
        root %s;
        autoindex on;
    }
}
`, user, filepath.Join(env.tmp, "nginx.pid"), filepath.Join(env.tmp, "nginx-error.log"),
		filepath.Join(env.tmp, "nginx-access.log"), port, env.root)
	file := filepath.Join(env.tmp, "nginx.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	return exec.Command(path, "-c", file, "-e", filepath.Join(env.tmp, "nginx-error.log")), nil
}

// tool returns the path of an external program, or a skip that says why it is missing.
func (env *benchEnv) tool(name string) (string, error) {
	if path, ok := env.tools[name]; ok {
		return path, nil
	}
	return "", errSkip(name + " " + env.missing[name])
}

// debianPackages are the packages that provide the external programs.
var debianPackages = map[string]string{"wrk": "wrk", "lighttpd": "lighttpd", "nginx": "nginx-light"}

// findTools looks the programs up on PATH (and in the sbin directories, where Debian puts the
// servers). When some are missing and install is set and the benchmark runs as root, it installs them
// with apt-get first.
func findTools(install bool, logf func(string, ...any)) (found, missing map[string]string) {
	look := func() []string {
		found, missing = map[string]string{}, map[string]string{}
		var absent []string
		for _, name := range []string{"wrk", "lighttpd", "nginx"} {
			if path, err := lookPath(name); err == nil {
				found[name] = path
			} else {
				missing[name] = "not installed"
				absent = append(absent, name)
			}
		}
		return absent
	}
	absent := look()
	if len(absent) == 0 {
		return found, missing
	}
	switch {
	case !install:
		return found, missing
	case os.Geteuid() != 0:
		for _, name := range absent {
			missing[name] = "not installed (and not root, so not installed by the benchmark: apt-get install " + debianPackages[name] + ")"
		}
		return found, missing
	}
	var pkgs []string
	for _, name := range absent {
		pkgs = append(pkgs, debianPackages[name])
	}
	logf("installing %s with apt-get", strings.Join(pkgs, " "))
	if err := aptInstall(pkgs); err != nil {
		look()
		for name := range missing {
			missing[name] = "not installed (apt-get install " + debianPackages[name] + " failed: " + err.Error() + ")"
		}
		return found, missing
	}
	look()
	return found, missing
}

func aptInstall(pkgs []string) error {
	install := func() error {
		cmd := exec.Command("apt-get", append([]string{"install", "-y", "-q"}, pkgs...)...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, lastLine(out))
		}
		return nil
	}
	if install() == nil {
		return nil
	}
	if out, err := exec.Command("apt-get", "update", "-q").CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get update: %v: %s", err, lastLine(out))
	}
	return install()
}

func lookPath(name string) (string, error) {
	if path, err := exec.LookPath(name); err == nil {
		return path, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		path := filepath.Join(dir, name)
		if fi, err := os.Stat(path); err == nil && fi.Mode()&0o111 != 0 {
			return path, nil
		}
	}
	return "", errNoTool
}

func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}
