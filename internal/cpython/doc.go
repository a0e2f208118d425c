// Package cpython finds CPython interpreters that really run, and builds the command lines that start
// `python -m http.server` under them in each mode the suite needs.
//
// # Discovery
//
// An interpreter counts only if `PATH -c PROBE` prints a parsable sys.version within a few seconds
// (Probe). A file that merely exists is not enough: pyenv's shims (`python3.13` on PATH) exit with
// "command not found" unless that version is selected. Find and FindAll keep why each candidate was
// rejected, and a NotFoundError lists them.
//
// Find and FindAll read the process environment (HTTPSPEC_PYTHON_3_X, HTTPSPEC_PYTHONS, PATH,
// PYENV_ROOT) because that is where interpreters are announced; they take no other configuration.
//
// # Server commands
//
// ServerCommand returns `PY -m http.server PORT [--bind B] [--directory D] [--cgi] [--protocol P]`,
// using only the flags that interpreter's CLI has: 3.6 has no --directory, 3.6–3.10 no --protocol. The
// caller must start it with the working directory set to the served directory: 3.6 serves its cwd, and
// 3.7/3.8 ignore --directory when --cgi is given. Every other per-version trait (3.6's single-threaded
// HTTPServer, the 3.8+ dual-stack server, argparse's prog name "server.py", the banner, the Ctrl-C
// message) is that interpreter's own because its own server.py runs.
//
// # The launcher
//
// Two modes cannot be expressed with the CLI, and only they go through launcher.py, an embedded script
// passed with `PY -c SCRIPT [--protocol P] [--drop-to UID:GID] -- SERVER-ARGS` (no file to create or
// clean up; the interpreter reads it before anything else happens):
//
//   - Mode.Protocol other than HTTP/1.0 on 3.6–3.10, which lack --protocol. The launcher reads that
//     interpreter's own http/server.py and makes two textual edits, each asserted to occur exactly
//     once (it exits with status 70 otherwise): BaseHTTPRequestHandler's
//     `protocol_version = "HTTP/1.0"` and test()'s `protocol="HTTP/1.0"` default. Both are needed:
//     test() assigns its protocol argument to HandlerClass.protocol_version, which overrides the base
//     attribute in 3.6, 3.9, 3.10 and in 3.7/3.8 with --cgi, while in 3.7/3.8 without --cgi
//     HandlerClass is a functools.partial and only the base attribute counts. The result is what
//     3.11's `-p` does through test(protocol=...). Both edits keep the line count, so tracebacks and
//     warnings still point at the right lines. On 3.11+ the real --protocol flag is used.
//   - Mode.DropTo, used when the harness is root but must see what an unprivileged server sees (a
//     mode-000 file gives 404, CGI as nobody). Interpreters under a 0700 home cannot even be executed
//     by an unprivileged user, so the launcher starts privileged, imports every module server.py
//     imports (found by parsing its source, so lazy ones such as pwd, base64 and argparse are
//     included) plus the modules its dependencies import lazily on the request path, runs mimetypes'
//     init, caches the source lines of loaded modules for tracebacks and warnings, and only then calls
//     setgroups([]), setgid and setuid, and checks that every real, effective and saved id changed.
//     server.py itself then runs unprivileged, so the socket is bound and every file opened by the
//     unprivileged process, as with an unprivileged `python -m`.
//
// In both cases server.py runs as __main__ the way runpy does it for -m: the module's code compiled
// from the real file path, sys.argv[0] that path (so argparse reports "server.py"), __package__
// "http", warnings attributed to __main__ (so 3.12+'s fork and 3.13's CGI DeprecationWarnings still
// show), and since 3.7 the start directory at the head of sys.path. The observable difference is
// confined to the frames above server.py's in a traceback that escapes it (port in use): the
// launcher's "<string>" frames stand where runpy's would. After a drop, a module that neither list
// foresaw and that is first imported by a request would fail to load from an unreadable installation;
// the live tests send listings, files, 304, 404, 501, a crashing request and CGI to catch that.
//
// The launcher reports its own failures on stderr as "httpspec launcher: ..." and exits with status
// 70, which server.py never uses.
package cpython
