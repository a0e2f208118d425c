"""Print, per block of 4096 code points, a SHA-256 of what CPython answers for
each code point c on its own:

    repr(c), c.lower(), ("A"+c+SIGMA).lower(), ("A"+SIGMA+c).lower(),
    (c+SIGMA).lower(), c.isdigit(), c.isspace(), int(c), the upper case of c
    if it is ASCII, and whether urlsplit("//a"+c+"b") raises,

each encoded as UTF-8 with surrogatepass, joined by NUL, one line per code
point. TestCodePointsMatchLiveCPython computes the same with package pylib.
With --block N, print block N's lines instead of the digests.
"""

import hashlib
import sys
import urllib.parse

BLOCK = 4096
SIGMA = "\u03a3"
urlsplit = urllib.parse.urlsplit.__wrapped__  # no lru_cache of a million entries


def record(c):
    s = chr(c)
    try:
        number = str(int(s))
    except ValueError:
        number = "E"
    upper = s.upper()
    try:
        urlsplit("//a" + s + "b")
        split = "ok"
    except ValueError:
        split = "E"
    fields = [
        repr(s), s.lower(), ("A" + s + SIGMA).lower(), ("A" + SIGMA + s).lower(), (s + SIGMA).lower(),
        "1" if s.isdigit() else "0", "1" if s.isspace() else "0", number,
        upper if upper.isascii() else s, split,
    ]
    return "\x00".join(fields).encode("utf-8", "surrogatepass") + b"\n"


def main():
    assert sys.version_info[:3] == (3, 13, 0), sys.version
    if len(sys.argv) == 3 and sys.argv[1] == "--block":
        n = int(sys.argv[2])
        for c in range(n * BLOCK, (n + 1) * BLOCK):
            sys.stdout.buffer.write(record(c))
        return
    for n in range((sys.maxunicode + 1) // BLOCK):
        h = hashlib.sha256()
        for c in range(n * BLOCK, (n + 1) * BLOCK):
            h.update(record(c))
        print(h.hexdigest())


if __name__ == "__main__":
    main()
