# httpspec launcher: runs this interpreter's own Lib/http/server.py as __main__, the way
# `python -m http.server ARGS` does, for the two cases the command line cannot express:
#
#   --protocol VERSION  3.6-3.10 have no -p/--protocol flag. Two lines of the source are edited so that
#                       the handler's protocol_version is VERSION, which is what 3.11's flag does.
#   --drop-to UID:GID   Become UID:GID before server.py runs, so that the socket is bound and every file
#                       is opened by an unprivileged process. The interpreter may live where that user
#                       cannot read (a 0700 home), so everything server.py may need later is imported,
#                       initialised and cached first, while still privileged.
#
# Usage: python -c "$(cat launcher.py)" [--protocol VERSION] [--drop-to UID:GID] -- [server.py args]
#
# It must run unchanged on CPython 3.6 and every later release: no syntax newer than 3.6.
import sys

EXIT_LAUNCHER_FAILED = 70  # EX_SOFTWARE: never an exit status of server.py itself


def fail(message):
    sys.stderr.write("httpspec launcher: %s\n" % message)
    sys.stderr.flush()
    sys.exit(EXIT_LAUNCHER_FAILED)


def parse_arguments(argv):
    """Split the launcher's own options from server.py's arguments, which follow "--"."""
    options = {}
    i = 0
    while i < len(argv) and argv[i] != "--":
        name = argv[i]
        if name not in ("--protocol", "--drop-to") or i + 1 >= len(argv):
            fail("unexpected argument %r (usage: [--protocol V] [--drop-to UID:GID] -- ARGS)" % name)
        options[name] = argv[i + 1]
        i += 2
    if i >= len(argv):
        fail('missing "--" before the server arguments')
    return options, argv[i + 1:]


def parse_credential(text):
    try:
        uid, gid = text.split(":")
        return int(uid), int(gid)
    except ValueError:
        fail("--drop-to %r: want UID:GID" % text)


def read_server_source():
    """Locate http/server.py exactly as -m would (importing the http package, not the module)."""
    import importlib.util
    spec = importlib.util.find_spec("http.server")
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        fail("http.server has no source file to run")
    with open(spec.origin, "rb") as f:
        return spec, f.read()


def replace_once(source, old, new, what):
    count = source.count(old)
    if count != 1:
        fail("cannot set the protocol: %s (%s) occurs %d times in server.py, expected once"
             % (what, old.decode("ascii").strip(), count))
    return source.replace(old, new)


def set_protocol(source, version):
    """Make protocol_version VERSION, as 3.11's test(protocol=args.protocol) does.

    test() assigns its protocol argument ("HTTP/1.0" by default) to HandlerClass.protocol_version, and
    that overrides the base class attribute in 3.6, 3.9, 3.10 and in 3.7/3.8 with --cgi. In 3.7/3.8
    without --cgi HandlerClass is a functools.partial, the assignment lands on the partial, and the
    handler keeps BaseHTTPRequestHandler's attribute. Changing both defaults covers every case; each
    edit keeps the line count, so tracebacks and warnings still point at the right lines.
    """
    literal = ascii(version).encode("ascii")
    source = replace_once(source, b'\n    protocol_version = "HTTP/1.0"\n',
                          b"\n    protocol_version = " + literal + b"\n",
                          "BaseHTTPRequestHandler.protocol_version")
    return replace_once(source, b'protocol="HTTP/1.0"', b"protocol=" + literal,
                        "test()'s protocol default")


# Modules that server.py's own dependencies import lazily, inside functions that a running server
# reaches: socketserver.handle_error (traceback), traceback and linecache (ast, tokenize, unicodedata,
# _suggestions), warnings (linecache, tracemalloc, re), argparse and gettext (locale, textwrap, shutil,
# copy), email (message, generator, policy, calendar, random), urllib.parse (unicodedata), posixpath
# (pwd, re), socket host names (the idna codec) and the codecs header and CGI code may ask for.
LAZY_DEPENDENCIES = [
    "argparse", "ast", "base64", "binascii", "builtins", "calendar", "collections", "contextlib", "copy",
    "datetime", "email.charset", "email.encoders", "email.errors", "email.feedparser",
    "email.generator", "email.header", "email.iterators", "email.message", "email.parser",
    "email.policy", "email.utils", "encodings.ascii", "encodings.idna", "encodings.latin_1",
    "encodings.raw_unicode_escape", "encodings.unicode_escape", "encodings.utf_8", "errno", "gettext",
    "grp", "io", "linecache", "locale", "pwd", "random", "re", "select", "shutil", "signal", "socket",
    "stringprep", "struct", "subprocess", "textwrap", "threading", "tokenize", "traceback",
    "tracemalloc", "unicodedata", "warnings", "weakref", "_colorize", "_strptime", "_suggestions",
]


def imported_names(source, path):
    """Every module server.py imports, at the top or inside a function (pwd, base64, argparse, ...)."""
    import ast
    names = []
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(node.module + "." + alias.name for alias in node.names)
    return names


def import_if_present(name):
    """Import NAME unless this build has no such module (nt, winreg, _colorize before 3.13)."""
    import importlib
    import importlib.util
    try:
        if importlib.util.find_spec(name) is None:
            return
    except (ImportError, ValueError):  # "from functools import partial" names no submodule
        return
    importlib.import_module(name)


def warm_up(server_path):
    """Run, once and privileged, the library code a request reaches, so that its own lazy imports and
    one-time initialisation (mimetypes reading mime.types) happen before the privileges go."""
    import argparse, email.utils, html, http.client, io, mimetypes, traceback, urllib.parse, warnings
    mimetypes.init()
    mimetypes.guess_type("a.txt")
    http.client.parse_headers(io.BytesIO(b"Host: x\r\nIf-Modified-Since: x\r\n\r\n"))
    email.utils.parsedate_to_datetime("Thu, 02 Jan 2020 03:04:05 GMT")
    email.utils.formatdate(0, usegmt=True)
    urllib.parse.urlsplit("//\u00fc.example/p?q")
    urllib.parse.unquote("/%C3%BC%ED%A0%80", errors="surrogatepass")
    urllib.parse.quote("/\u00fc~")
    html.escape("<&>\"'")
    "\u00fc.example".encode("idna")
    parser = argparse.ArgumentParser(prog="server.py")
    parser.add_argument("port", type=int, nargs="?", help="a port (default: %(default)s)")
    parser.format_help()
    parser.parse_args(["1"])
    try:
        {}["x"]
    except KeyError:
        traceback.format_exc()
    warnings.formatwarning("warm-up", DeprecationWarning, server_path, 1)


def cache_source_lines(server_path):
    """Keep the source of every loaded module in linecache, marked as not to be re-checked on disk
    (mtime None, as for lines a loader provides): tracebacks and warnings then quote their lines as they
    would for a user who can read the interpreter, instead of silently dropping them."""
    import linecache
    paths = {server_path}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            paths.add(path)
    for path in paths:
        if linecache.getlines(path):
            size, _, lines, fullname = linecache.cache[path]
            linecache.cache[path] = (size, None, lines, fullname)


def prepare_for_unprivileged_run(spec, source):
    for name in imported_names(source, spec.origin) + LAZY_DEPENDENCIES:
        import_if_present(name)
    warm_up(spec.origin)
    cache_source_lines(spec.origin)


def drop_privileges(uid, gid):
    import os
    try:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    except OSError as e:
        fail("cannot become uid %d gid %d: %s" % (uid, gid, e))
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        fail("still privileged after dropping to uid %d gid %d" % (uid, gid))


def run_as_main(spec, source, argv):
    """What runpy._run_module_as_main does for -m: a __main__ module whose globals are server.py's,
    sys.argv[0] the source path (argparse's prog is then "server.py"), and since 3.7 the starting
    directory, not "", at the head of sys.path (bpo-33053)."""
    import builtins, importlib.util, os, types
    code = compile(source, spec.origin, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__dict__.update(
        __file__=spec.origin, __cached__=spec.cached, __loader__=spec.loader, __package__="http",
        __spec__=spec, __builtins__=builtins,
    )
    if sys.version_info >= (3, 7) and sys.path and sys.path[0] == "":
        sys.path[0] = os.getcwd()
    sys.argv = [spec.origin] + argv
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


def launch():
    options, server_argv = parse_arguments(sys.argv[1:])
    spec, source = read_server_source()
    if "--protocol" in options:
        source = set_protocol(source, options["--protocol"])
    if "--drop-to" in options:
        uid, gid = parse_credential(options["--drop-to"])
        prepare_for_unprivileged_run(spec, source)
        drop_privileges(uid, gid)
    run_as_main(spec, source, server_argv)


launch()
