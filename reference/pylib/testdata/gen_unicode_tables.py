"""Write unicode_tables.go: the character properties CPython's str methods use.

Run with CPython 3.13.0 (Unicode 15.1.0): the tables describe that
interpreter, whatever Unicode version Go's own unicode package carries.

    python3.13 testdata/gen_unicode_tables.py > unicode_tables.go

The output is checked by TestUnicodeTablesMatchLiveCPython.
"""

import sys
import unicodedata

MAX = sys.maxunicode + 1
SIGMA = "\u03a3"


def ranges(points):
    """Compress sorted code points into (lo, hi, stride) triples, splitting at U+FFFF."""
    out = []
    i = 0
    while i < len(points):
        lo = points[i]
        if i + 1 < len(points) and (points[i + 1] <= 0xFFFF or lo > 0xFFFF):
            stride = points[i + 1] - lo
            hi = points[i + 1]
            j = i + 1
            while (j + 1 < len(points) and points[j + 1] - points[j] == stride
                   and (points[j + 1] <= 0xFFFF or lo > 0xFFFF)):
                j += 1
                hi = points[j]
            if j == i + 1 and stride != 1:
                # A lone pair with a wide gap: keep it a singleton so the next
                # point can start its own run.
                out.append((lo, lo, 1))
                i += 1
                continue
            out.append((lo, hi, stride))
            i = j + 1
        else:
            out.append((lo, lo, 1))
            i += 1
    return out


def range_table(name, doc, points):
    rs = ranges(points)
    assert [c for lo, hi, st in rs for c in range(lo, hi + 1, st)] == points, name
    r16 = [r for r in rs if r[1] <= 0xFFFF]
    r32 = [r for r in rs if r[0] > 0xFFFF]
    assert len(r16) + len(r32) == len(rs)
    latin = sum(1 for r in r16 if r[1] <= 0xFF)
    lines = ["// %s" % line for line in doc]
    lines.append("var %s = &unicode.RangeTable{" % name)
    if r16:
        lines.append("\tR16: []unicode.Range16{")
        lines += ["\t\t{0x%04x, 0x%04x, %d}," % r for r in r16]
        lines.append("\t},")
    if r32:
        lines.append("\tR32: []unicode.Range32{")
        lines += ["\t\t{0x%x, 0x%x, %d}," % r for r in r32]
        lines.append("\t},")
    if latin:
        lines.append("\tLatinOffset: %d," % latin)
    lines.append("}")
    return "\n".join(lines)


def lower_runs():
    """Single-code-point lower-case mappings as (lo, hi, stride, delta) runs."""
    pairs = []
    for c in range(MAX):
        if c == 0x3A3:
            continue  # handled by the final-sigma rule
        low = chr(c).lower()
        if low != chr(c) and len(low) == 1:
            pairs.append((c, ord(low) - c))
    runs = []
    for c, delta in pairs:
        if runs:
            lo, hi, stride, d = runs[-1]
            if d == delta and (stride == 0 and c - hi in (1, 2) or c - hi == stride):
                runs[-1] = (lo, c, c - hi, d)
                continue
        runs.append((c, c, 0, delta))
    runs = [(lo, hi, stride or 1, d) for lo, hi, stride, d in runs]
    assert [(c, d) for lo, hi, st, d in runs for c in range(lo, hi + 1, st)] == pairs
    return runs


def main():
    assert sys.version_info[:3] == (3, 13, 0), sys.version
    chars = [chr(c) for c in range(MAX)]

    space = [c for c in range(MAX) if chars[c].isspace()]
    printable = [c for c in range(MAX) if not chars[c].isprintable()]
    digit = [c for c in range(MAX) if chars[c].isdigit()]

    # Case_Ignorable and Cased, as str.lower's final-sigma rule observes them:
    #   c + SIGMA    -> final iff cased(c) and not ignorable(c)
    #   "A" + c + SIGMA -> final iff ignorable(c) or cased(c)
    #   "A" + SIGMA + c -> final iff ignorable(c) or not cased(c)
    ignorable, cased = [], []
    for c in range(MAX):
        t1 = (chars[c] + SIGMA).lower()[-1] == "\u03c2"
        t2 = ("A" + chars[c] + SIGMA).lower()[-1] == "\u03c2"
        t3 = ("A" + SIGMA + chars[c]).lower()[1] == "\u03c2"
        if t2 and t3 and not t1:
            ignorable.append(c)
        elif t1 and t2 and not t3:
            cased.append(c)
        else:
            assert not t1 and not t2 and t3, hex(c)

    multi = {c: chars[c].lower() for c in range(MAX)
             if c != 0x3A3 and len(chars[c].lower()) > 1}

    upper_ascii = {c: chars[c].upper() for c in range(0x80, MAX)
                   if chars[c].upper().isascii()}

    # Decimal digits (what int() accepts) come in runs of ten from a zero.
    zeros = [c for c in range(MAX) if chars[c].isdecimal() and int(chars[c]) == 0]
    decimals = {c for c in range(MAX) if chars[c].isdecimal()}
    assert decimals == {z + k for z in zeros for k in range(10)}
    assert all(int(chr(z + k)) == k for z in zeros for k in range(10))

    # urlsplit's _checknetloc: characters whose NFKC form holds a delimiter.
    # Composition never creates or absorbs these ASCII delimiters, so the
    # property of a netloc is the union of the property of its characters.
    delims = "/?#@:"
    for c in range(MAX):
        d = unicodedata.decomposition(chars[c])
        if d and not d.startswith("<"):
            parts = [chr(int(p, 16)) for p in d.split()]
            assert not any(p in delims for p in parts), hex(c)
    nfkc_delim = [c for c in range(0x80, MAX)
                  if any(d in unicodedata.normalize("NFKC", chars[c]) for d in delims)]

    out = []
    out.append("// Code generated by testdata/gen_unicode_tables.py from CPython %s "
               "(Unicode %s); DO NOT EDIT." % (sys.version.split()[0], unicodedata.unidata_version))
    out.append("")
    out.append("package pylib")
    out.append("")
    out.append('import "unicode"')
    out.append("")
    out.append("// pythonUnicodeVersion is the Unicode edition of the tables below (unicodedata.unidata_version).")
    out.append('const pythonUnicodeVersion = "%s"' % unicodedata.unidata_version)
    out.append("")
    out.append(range_table("pySpace", ["pySpace holds the characters for which str.isspace() is true (Py_UNICODE_ISSPACE)."], space))
    out.append("")
    out.append(range_table("pyNotPrintable", ["pyNotPrintable holds the characters for which str.isprintable() is false."], printable))
    out.append("")
    out.append(range_table("pyDigit", ["pyDigit holds the characters for which str.isdigit() is true."], digit))
    out.append("")
    out.append(range_table("pyCaseIgnorable", ["pyCaseIgnorable holds Case_Ignorable characters (_PyUnicode_IsCaseIgnorable)."], ignorable))
    out.append("")
    out.append(range_table("pyCased", ["pyCased holds Cased characters that are not also Case_Ignorable (_PyUnicode_IsCased);",
                                       "the final-sigma rule never asks whether an ignorable character is cased."], cased))
    out.append("")
    out.append(range_table("nfkcDelimiter", ["nfkcDelimiter holds the non-ASCII characters whose NFKC form contains one of",
                                             "/?#@: (urllib.parse._checknetloc)."], nfkc_delim))
    out.append("")
    out.append("// lowerRuns maps every code point in [lo, hi] whose offset from lo is a")
    out.append("// multiple of stride to itself plus delta: str.lower() for one character,")
    out.append("// except U+03A3 (final sigma) and the entries of lowerSpecial.")
    out.append("var lowerRuns = []caseRun{")
    for run in lower_runs():
        out.append("\t{0x%x, 0x%x, %d, %d}," % run)
    out.append("}")
    out.append("")
    out.append("// lowerSpecial holds the lower-case mappings longer than one code point (SpecialCasing.txt).")
    out.append("var lowerSpecial = map[rune]string{")
    for c, s in sorted(multi.items()):
        out.append('\t0x%x: "%s",' % (c, "".join("\\u%04x" % ord(ch) for ch in s)))
    out.append("}")
    out.append("")
    out.append("// upperToASCII maps the non-ASCII characters whose str.upper() is pure ASCII.")
    out.append("var upperToASCII = map[rune]string{")
    width = max(len("0x%x:" % c) for c in upper_ascii)
    for c, s in sorted(upper_ascii.items()):
        out.append('\t%-*s "%s",' % (width, "0x%x:" % c, s))
    out.append("}")
    out.append("")
    out.append("// decimalZeros lists the digit zeros of the runs of ten decimal digits")
    out.append("// (Numeric_Type=Decimal) that int() accepts.")
    out.append("var decimalZeros = []rune{")
    for i in range(0, len(zeros), 8):
        out.append("\t" + " ".join("0x%x," % z for z in zeros[i:i + 8]))
    out.append("}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
