"""Print, as JSON, what CPython 3.13.0 answers for every case package pylib tests.

    python3.13 testdata/gen_cases.py > testdata/cases.json

Text is written as a JSON string, or as {"wtf8": hex} when it holds lone
surrogates (JSON cannot carry them); bytes are hex strings. An exception is
{"error": text}, the text being "Type: message". TestCasesMatchLiveCPython re-runs this script.
"""

import datetime
import email.utils
import html
import json
import mimetypes
import os
import posixpath
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
LATIN1 = [chr(b) for b in range(256)]
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0"


def text(s):
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return {"wtf8": s.encode("utf-8", "surrogatepass").hex()}


def error(exc):
    return {"error": text("%s: %s" % (type(exc).__name__, exc))}


def attempt(fn, *args):
    try:
        return fn(*args)
    except (TypeError, ValueError, IndexError, OverflowError) as exc:
        return error(exc)


def case(inp, out):
    return {"in": inp, "out": out}


# --- str methods -----------------------------------------------------------

def split_cases():
    inputs = ["a" + c + "b" for c in LATIN1]
    inputs += [
        "", " ", "   ", SPACES, "GET / HTTP/1.0", "  GET  /a.txt  HTTP/1.0  ",
        "GET\xa0/a.txt\xa0HTTP/1.0", "GET\x1c/a.txt\x1fHTTP/1.0", "GET\x0b/a.txt\x0cHTTP/1.0",
        "GET /a.txt HTTP/1.0\rX", "a\u2028b\u3000c\u200bd\ufeffe\u180ef\u2007g\u202fh\u1680i",
        "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a", "x\udcffy z", "\U0001f600 \U0001f600",
    ]
    return [case(text(s), [text(w) for w in s.split()]) for s in inputs]


def strip_cases():
    pairs = [("GET / HTTP/1.0\r\n", "\r\n"), ("a\r\r\n\n", "\r\n"), ("a\n\rb\r\n", "\r\n"),
             ("abc", ""), ("", "\r\n"), ("\r\n", "\r\n"), ("x\xe9\xe9", "\xe9"), ("x\udcff", "\udcff"),
             ("a/b//", "/"), ("aaa", "a"), ("a b ", " ")]
    rstrip = [case([text(s), text(c)], text(s.rstrip(c))) for s, c in pairs]
    lpairs = [("//a//b", "/"), ("///", "/"), ("a//", "/"), ("", "/"), ("\xe9\xe9x", "\xe9")]
    lstrip = [case([text(s), text(c)], text(s.lstrip(c))) for s, c in lpairs]
    spaces = ["/dir/ ", "/dir/\xa0", "/dir/\x1c", "/dir/\x85\t", "a", "", "  ", "a \u3000", "/x\u200b"]
    spaces += ["/d/" + c for c in LATIN1]
    rspace = [case(text(s), text(s.rstrip())) for s in spaces]
    return rstrip, lstrip, rspace


def repr_cases():
    inputs = [c for c in LATIN1]
    inputs += [
        "", "'", '"', "'\"", "it's", 'say "hi"', "both ' and \"", "\\", "a\\b", "\t\n\r",
        "\x00\x1b[31m", "\x7f\x80\x9f\xa0\xad\xff", "GET /a b HTTP/1.0", "HTTP/\x1b", "\u0100\u20ac\u2028\u2029",
        "\u200b\u200e\ufeff\ufffd\uffff\ue000", "\U0001f600\U000e0001\U0010ffff\U0001d7d8\U0002ebf0\U00031350",
        "\ud800", "\udcff", "\ud83d\ude00", "\u0378\u0530\u0085\u1680\u3000", "\u0301\u05d0\u0627\u4e00",
        "\u2fff\u31ef\U0002ee5d",
    ]
    return [case(text(s), text(repr(s))) for s in inputs]


def lower_cases():
    inputs = ["ABC", "abc", "", "Content-Type", "CLOSE", "Keep-Alive", "100-CONTINUE",
              "\u0130", "I\u0130i", "\u03a3", "A\u03a3", "\u0391\u03a3", "\u0391\u03a3 B", "\u0391\u03a3\u03a3",
              "\u0391\u03a3.", "\u0391\u03a3'", "\u0391'\u03a3", "\u0391\u03a3\u0301", "\u0391\u03a3\u0301\u0392",
              "\u0391\u03a3a", "\u03a3\u0391", "\u0391.\u03a3", "1\u03a3", "\u0391 \u03a3", "\u0345\u03a3",
              "\u0391\u0345\u03a3", "\u0391\u03a3\u0345", "\u00df", "\u1e9e", "\u01c4", "\u01c5", "\u01c6", "\u01c7\u01c8",
              "\u212a\u212b\u2126", "\u0178\u00ff", "\u00c0\u00de\u00d7", "\U00010400\U0001e900", "\u2c2f\ua7c0",
              "\ud800\udcffA", "\u1f88\u1fbc", "ǅungla", "FILE.TXT", "\u00dc.txt", "Ünïcödé", "\u10a0\u13a0",
              "\u0130\u03a3", "\u03a3\u03a3\u03a3", "x\u03a3\u00ad", "x\u03a3\u00ady"]
    inputs += [c for c in LATIN1 if c.lower() != c]
    return [case(text(s), text(s.lower())) for s in inputs]


def isdigit_cases():
    inputs = ["", "0", "09", "1.0", "10", "a", " 1", "1 ", "\u00b2", "\u00b3\u00b9", "\u00bd", "\u0660\u0669",
              "\u09e6", "\u2460", "\u24ea", "\u2070", "\uff10\uff19", "\U0001d7ce", "\u0f20", "\u4e00", "\u2155",
              "+1", "-1", "1_0", "\u00b2a", "\ud800", "0123456789", "00000000000"]
    inputs += [c for c in LATIN1 if c.isdigit()]
    return [case(text(s), s.isdigit()) for s in inputs]


def int_cases():
    inputs = ["0", "10", "-5", "+5", "-0", " 7 ", "\x1c7\x85", "007", "1_000", "1__0", "_1", "1_", "",
              "+", "-", "+-1", "1 2", "0x10", "\u0665\u0660", "\uff12\uff10", "\u00b2", "\u2460", "1.0",
              "9" * 30, "-" + "9" * 30, "0" * 4300, "0" * 4301, "1_" * 2200 + "1", "1_" * 4300 + "1",
              "\U0001d7d8", "\u0665_\u0665"]
    out = []
    for s in inputs:
        try:
            v = int(s)
            v = max(min(v, 1 << 62), -(1 << 62))
            out.append(case(text(s), v))
        except ValueError as exc:
            out.append(case(text(s), error(exc)))
    return out


def html_cases():
    inputs = ["", "plain", "&<>\"'", "a & b", "<script>alert('x')</script>", "&amp;", "\x01\t\n",
              "\xe9\u20ac\udcff", "q\"uote", "s'q"]
    return [case([text(s), q], text(html.escape(s, quote=q))) for s in inputs for q in (False, True)]


# --- codecs --------------------------------------------------------------

BYTE_INPUTS = [
    b"", b"abc", b"\x00", b"\x7f", b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc2", b"\xc2\x80",
    b"\xc2\x41", b"\xdf\xbf", b"\xe0\x80\x80", b"\xe0\x9f\xbf", b"\xe0\xa0\x80", b"\xe0\xa0", b"\xe0",
    b"\xe2\x82", b"\xe2\x82\xac", b"\xe2\x82A", b"\xe2A\xac", b"\xed\x9f\xbf", b"\xed\xa0\x80", b"\xed\xb3\xbf",
    b"\xed\xa0", b"\xed\x80", b"\xee\x80\x80", b"\xef\xbf\xbf", b"\xf0\x90\x80\x80", b"\xf0\x8f\xbf\xbf",
    b"\xf0\x9f\x98", b"\xf0\x9f\x98\x80", b"\xf0\x9f", b"\xf0", b"\xf0\x9fA", b"\xf0\x9f\x98A",
    b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xf8", b"\xfe\xff", b"\xff",
    b"a\xffb\xfe", b"\xc3\xbc.txt", b"\xff.txt", b"\xe9t\xe9", b"\xed\xa0\x80\xed\xb0\x80",
]


def latin1_cases():
    to_text = [case(b.hex(), text(b.decode("iso-8859-1"))) for b in BYTE_INPUTS + [bytes(range(256))]]
    inputs = ["", "abc", "\xe9\xff", "\u0100", "a\u20acb", "a\u20ac\u20acb\u20ac", "\U0001f600", "\udcff",
              "\xff\u0100\u0101x", "caf\xe9 \u2603"]
    from_text = []
    for s in inputs:
        try:
            from_text.append(case(text(s), s.encode("latin-1", "strict").hex()))
        except UnicodeEncodeError as exc:
            from_text.append(case(text(s), error(exc)))
    return to_text, from_text


def fs_cases():
    decode = [case(b.hex(), text(os.fsdecode(b))) for b in BYTE_INPUTS]
    inputs = ["", "abc", "\xfc.txt", "\udcff.txt", "\udc80\udcff", "\udc7f", "\udc00", "a\ud800b",
              "\ud800\udc00", "x\udcff\ud800\udcffy", "\udcff\udc00", "\ud83d\ude00", "\U0001f600", "\u20ac\udcfe"]
    encode = []
    for s in inputs:
        try:
            encode.append(case(text(s), os.fsencode(s).hex()))
        except UnicodeEncodeError as exc:
            encode.append(case(text(s), error(exc)))
    return decode, encode


# --- urllib.parse ----------------------------------------------------------

def unquote_inputs():
    inputs = ["%%%02X" % b for b in range(256)]
    inputs += ["%%%02x" % b for b in range(0xa0, 0x100, 7)]
    inputs += [
        "", "abc", "/a.txt", "%", "%%", "%%41", "%4", "%4g", "%g4", "a%", "100%", "%ff", "%FF.txt", "%ED%B3%BF",
        "%ed%b3%bf.txt", "%ED%A0%80", "%ED%A0%80%ED%B0%80", "%ED%A0", "%ED", "%C3%BC.txt", "%C3\xfc%BC",
        "%C3\u20ac%BC", "\xfc%20\xfc", "%e2%82%ac", "%e2%82", "%e2%82x", "%f0%9f%98%80", "%f0%9f%98",
        "a+b", "a%2Bb", "%2541", "/..%2f..%2f", "%2e%2e/", "/a%00b", "/%61.txt", "%C0%AF", "%80%81",
        "/list2/?%ff", "\udcff%41", "%41\udcff%42", "%ZZ%41", "%%ff", "%ff%fe%fd", "%e2%82%ac%ff%41",
        "/p%ED%B3%BF%ff", "%ED%B3%BF%ED%B3", "%F4%90%80%80",
    ]
    return inputs


def unquote_cases():
    plain, surrogate = [], []
    for s in unquote_inputs():
        plain.append(case(text(s), text(urllib.parse.unquote(s))))
        try:
            surrogate.append(case(text(s), text(urllib.parse.unquote(s, errors="surrogatepass"))))
        except UnicodeDecodeError as exc:
            surrogate.append(case(text(s), error(exc)))
    return plain, surrogate


def quote_cases():
    inputs = ["", "a", " ", "~", "!$'()*+,;=:@", "-._~", "a b/c", "/", "%", "%41", "?#[]&",
              "\xfc.txt", "\u20ac", "\U0001f600", "\udcff", "\ud800", "\udcff.txt", "\x00\x1f\x7f",
              "dir/", "q\"uote.txt", "s'q.txt", "#hash", "&<>.txt", "%41.txt", "\\", "`^{|}"]
    inputs += ["".join(chr(b) for b in range(32, 128))]
    safes = ["/", "", "~", "!$'()*+,;=:@", "\xfc/", "%"]
    return [case([text(s), text(safe)], urllib.parse.quote(s, safe=safe, errors="surrogatepass"))
            for s in inputs for safe in safes]


def urlsplit_cases():
    inputs = [
        "", "/", "/dir1", "/dir1?q=1&r=<2>", "/dir1#f", "/dir1?q#f", "/a?b?c#d#e", "/a#b?c", "//evil/x?q#f",
        "//evil.example/..%2f..%2f../dir1", "http://example.com/a.txt", "HTTP://Example.COM:80/a?x#y",
        "http:/a", "http:a", "mailto:x@y", "1http://x/", "a1+-.://x", "a_b://x", ":x", "://x",
        "\x00\x01 /dir", "\x1f\x20\x21", "\t/a\tb\r\nc", "/a\nb", " http://x/", "\x7f/a", "\xa0/a",
        "//[::1]/x", "//[::1/x", "//::1]/x", "//[v1.x]/y", "//[v1]/y", "//[vg.x]/", "//[1.2.3.4]/",
        "//[fe80::1%eth0]/", "//[fe80::1%]/", "//[::ffff:1.2.3.4]/", "//[::ffff:1.2.3.04]/", "//[1:2:3:4:5:6:7:8]/",
        "//[1:2:3:4:5:6:7:8:9]/", "//[1::2::3]/", "//[:1:2:3:4:5:6:7]/", "//[1:2:3:4:5:6:7::]/", "//[12345::]/",
        "//[::]/", "//[]/", "//a]b[c/", "//user@[::1]:80/", "//[::1]x[/", "http://[::1]:8080/a",
        "//\u2100/x", "//a\uff0fb/", "//\u00bd/", "//ex\xe4mple/", "//\ufe13x/", "//x@\uff20y/", "//\udcff/",
        "/path;params?q", "?only", "#only", "/a%20b?%ff#%00", "/%ED%B3%BF", "/\udcff\xe9",
    ]
    out = []
    for s in inputs:
        urllib.parse.clear_cache()
        try:
            r = urllib.parse.urlsplit(s)
            out.append(case(text(s), [text(x) for x in r]))
        except ValueError as exc:
            out.append(case(text(s), error(exc)))
    return out


def urlunsplit_cases():
    tuples = [
        ("", "", "/dir1/", "", ""), ("", "", "/dir1/", "q=1", "f"), ("http", "example.com", "/a/", "", ""),
        ("http", "example.com", "a/", "", ""), ("http", "", "/a", "", ""), ("http", "", "", "", ""),
        ("http", "", "a", "", ""), ("mailto", "", "x@y", "", ""), ("mailto", "", "/x", "", ""),
        ("", "", "//a/b/", "", ""), ("", "h", "", "q", ""), ("", "", "", "", "f"), ("", "", "", "", ""),
        ("file", "", "/etc", "", ""), ("svn+ssh", "", "/r", "", ""), ("itms-services", "", "", "", ""),
        ("foo", "", "/x", "", ""), ("", "", "/\udcff/", "%ff", ""),
    ]
    return [case([text(x) for x in t], text(urllib.parse.urlunsplit(t))) for t in tuples]


# --- posixpath ---------------------------------------------------------------

def normpath_cases():
    inputs = ["", "/", "//", "///", "////", "/../a", "a/..", "./a/./b/", "a/b/../../..", "../a", "../../a/..",
              "/a/b/../../../c", "//a//b//", "///a/./b", ".", "..", "./", "a//b", "/./", "a/./../b",
              "/emptydir/../list2/", "/..%2f..", "\udcff/../x", "/\xe9/./\u20ac", "a/\x00/../b", "a\x00b/..",
              "/a.txt/.", "..//..", "/..", "//..", "//../a", "a/../..", "a/b/./c/.."]
    return [case(text(s), text(posixpath.normpath(s))) for s in inputs]


def splitext_cases():
    inputs = [".bashrc", "a.tar.gz", "a.", "..", ".", "", "a", "a.b.", "/a.b/c", "/a.b/.c", "/a/..b", "...b",
              "a/.b.c", "x.GZ", "x.txt.Z", "file.", "/dir.d/", "\udcff.t\xe9", "a..b", ".a."]
    return [case(text(s), [text(x) for x in posixpath.splitext(s)]) for s in inputs]


# --- email.utils -----------------------------------------------------------

def formatdate_cases():
    times = [(0, 0), (1577934245, 0), (1577934245, 999999500), (1577934245, 999999499), (1577934244, 999999999),
             (1577934245, 500), (1577934245, 1500), (1577934245, 499999999), (1700000000, 999999600),
             (-1, 999999999), (-1, 0), (-86400 * 365, 123456789), (951782400, 0), (4102444800, 0),
             (253402300799, 0), (-62135596800, 0), (1234567890, 123456789), (1600000000, 999999501)]
    return [case([s, ns], email.utils.formatdate(s + ns * 1e-9, usegmt=True)) for s, ns in times]


def parsedate_inputs():
    base = "Thu, 02 Jan 2020 03:04:05"
    return [
        base + " GMT", "Thu, 02 Jan 2020 04:04:05 GMT", "Thu, 02 Jan 2020 03:04:04 GMT", base, base + " +0000",
        base + " -0000", base + " UTC", "Thu, 02 Jan 2020 05:04:05 +0100", base + " EST",
        "Thursday, 02-Jan-20 03:04:05 GMT", "Thu Jan  2 03:04:05 2020", "02 Jan 2020 03:04:05 GMT",
        "Mon, 02 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 20 03:04:05 GMT", "Thu, 2 Jan 2020 3:4:5 GMT",
        "Thu, 02 Jan 2999 03:04:05 GMT", "garbage", "", "Thu, 32 Jan 2020 03:04:05 GMT",
        "Thu, 02 Jan 99999 03:04:05 GMT", "2020-01-02T03:04:05Z",
        base + " gmt", base + " Z", base + " UT", base + " XYZ", base + " z", base + " eſt", base + " Eﬅ",
        base + " +0", base + " -0", base + " +00", base + " -0130", base + " +2359", base + " +2400",
        base + " -2400", base + " +9999", base + " +0160", base + " 5", base + " +99999999999999999999",
        base + " PDT", base + " cdt", "Thu,02 Jan 2020 03:04:05 GMT", "Thu,02 Jan 2020 03:04:05",
        "Thu, 02 Jan 2020 03:04 GMT", "Thu, 02 Jan 2020 03.04.05 GMT", "Thu, 02 Jan 2020 03.04 GMT",
        "Thu, 02 Jan 2020 03 GMT", "Thu, 02 Jan 2020 03:04:05:06 GMT", "Thu, 02 Jan 2020 3.4.5.6 GMT",
        "Thu, Jan 02 2020 03:04:05 GMT", "02 January 2020 03:04:05", "02 jAN 2020 03:04:05",
        "Thu, 02 Foo 2020 03:04:05 GMT", "Thu, 29 Feb 2020 00:00:00 GMT", "Thu, 29 Feb 2019 00:00:00 GMT",
        "Thu, 02 Jan 2020 24:00:00 GMT", "Thu, 02 Jan 2020 23:60:00 GMT", "Thu, 02 Jan 2020 23:59:60 GMT",
        "Thu, 00 Jan 2020 03:04:05 GMT", "Thu, 02 Jan 0 03:04:05 GMT", "Thu, 02 Jan 68 03:04:05 GMT",
        "Thu, 02 Jan 69 03:04:05 GMT", "Thu, 02 Jan 99 03:04:05 GMT", "Thu, 02 Jan 100 03:04:05 GMT",
        "Thu, 02 Jan -5 03:04:05 GMT", "Thu, 02 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
        "Thu, 02 Jan 2020, 03:04:05 GMT", "Thu, 02 Jan 2020 03:04:05, GMT", "Thu, 02, Jan 2020 03:04:05",
        "Thu, 02 Jan 03:04:05 2020 GMT", "Thu, 02 Jan 03:04:05 2020", "Jan 02 2020 03:04:05",
        "Thu, 02 Jan 2020 03:04:05+0100", "Thu, 02 Jan 2020 03:04:05-0500", "Thu, 02 Jan 2020 +03:04:05",
        "Thu, 02 Jan 2020 -03:04:05", "02-Jan-2020 03:04:05 GMT", "Thursday, 02-Jan-20 03:04:05",
        "Thursday, -Jan-20 03:04:05 GMT", "Thu, 02 Jan 2020 03:04:05 GMT extra words",
        "Thu, \u0660\u0662 Jan \u0662\u0660\u0662\u0660 \u0660\u0663:\u0660\u0664:\u0660\u0665 GMT",
        "Thu, 0_2 Jan 2_020 03:04:05 GMT", "Thu, +2 Jan +2020 +3:+4:+5 GMT", "Thu, 02 Jan \u00b22020 03:04:05 GMT",
        "Thu, 02 Jan 2020 03:04:05 \u0665", "Thu, 02 Jan 2020 03:04:05 +\uff10\uff11\uff10\uff10",
        "Thu, 02 Jan 2020 03:04:05 GMT\xa0", "Thu,\xa002\x1cJan\x852020\u300003:04:05 GMT",
        "Thu, 02 Jan 2020 03:04:" + "0" * 4300 + "5 GMT", "Thu, 02 Jan 2020 03:04:" + "0" * 4301 + "5 GMT",
        "Thu, 02 Jan 2020 03:04:" + "9" * 25 + " GMT", ",", "Thu,", "Thu, ,", " ", "a b c d e",
        "1 2 3 4 5", "Thu, 02 Jan , 03:04:05 GMT", "Thu, 02 Jan 2020 03:04:05 \udcff", "Thu, 02 Jan \udcff 03:04:05",
        "\u0130 Thu, 02 Jan 2020 03:04:05 GMT", "THU, 02 JAN 2020 03:04:05 GMT", "mon 02 jan 2020 03:04:05 gmt",
        "Thu, 02 Jan 2020 03:04:05 (comment)", "Thu, 02 Jan 2020 03:04:05 +0100 (CET)",
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    ]


def parsedate_cases():
    out = []
    for s in parsedate_inputs():
        try:
            dt = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError, OverflowError) as exc:
            out.append(case(text(s), error(exc)))
            continue
        if dt.tzinfo is None:
            zone, offset = "naive", 0
        elif dt.tzinfo is datetime.timezone.utc:
            zone, offset = "utc", 0
        else:
            zone, offset = "offset", int(dt.utcoffset().total_seconds())
        out.append(case(text(s), {"date": [dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second],
                                  "zone": zone, "offset": offset}))
    return out


# --- mimetypes -------------------------------------------------------------

APPENDIX_B = (
    ".3g2 .3gp .3gpp .3gpp2 .a .aac .adts .ai .aif .aifc .aiff .ass .au .avi .avif .bat .bcpio .bin .bmp "
    ".bz2 .c .cdf .cpio .csh .css .csv .dll .doc .dot .dvi .eml .eps .etx .exe .gif .gtar .gz .h .h5 .hdf "
    ".heic .heif .htm .html .ico .ief .jpe .jpeg .jpg .js .json .ksh .latex .loas .m1v .m3u .m3u8 .man "
    ".markdown .md .me .mht .mhtml .mif .mjs .mov .movie .mp2 .mp3 .mp4 .mpa .mpe .mpeg .mpg .ms .n3 .nc "
    ".nq .nt .nws .o .obj .oda .opus .p12 .p7c .pbm .pdf .pfx .pgm .pl .png .pnm .pot .ppa .ppm .pps .ppt "
    ".ps .pwz .py .pyc .pyo .qt .ra .ram .ras .rdf .rgb .roff .rst .rtf .rtx .sgm .sgml .sh .shar .snd .so "
    ".src .srt .sv4cpio .sv4crc .svg .swf .t .tar .tcl .tex .texi .texinfo .tif .tiff .tr .trig .tsv .txt "
    ".ustar .vcf .vtt .wasm .wav .webm .webmanifest .webp .wiz .wsdl .xbm .xlb .xls .xml .xpdl .xpm .xsl "
    ".xwd .xz .Z .zip"
).split()

MIME_PATHS = ["x" + e for e in APPENDIX_B] + [
    "x.tgz", "x.TGZ", ".tgz", "x.svgz", "x.taz", "x.tz", "x.tbz2", "x.txz", "x.tar.gz", "x.tar.GZ", "x.GZ",
    "an.Gz", "x.gz", "x.txt.gz", "x.txt.Z", "x.txt.z", "x.br", "x.txt.br", "x.js.br", "x.JS", ".JS", "x.Html",
    "x", "", "dir/", "/a/b.d/c", ".bashrc", ".html", "x.", "x.woff2", "x.yaml", "x.ts", "x.mid", "x.rtf",
    "/srv/www/a.txt", "/srv/www/dir.html/file", "x.tar.bz2", "x.bz2", "x.tar.xz", "x.svg.gz", "x.gz.gz",
    "x.tgz.gz", "link_to_file", "\u00fc.txt", "x.\u0130", "x.xml", "x.cust", "x.CUST", "x.woff2",
    "x.crfile", "x.aftercr", "x.hash#in", "x.weird", "x.nbsp", "x.\u00fcext", "x.last", "x.tgz",
    "x.comment", "x.words", "x.txt",
]


def mime_cases():
    mimetypes.knownfiles = []
    mimetypes.init()
    builtin = mimetypes.MimeTypes()
    with_file = mimetypes.MimeTypes()
    with_file.read(os.path.join(HERE, "mime.types"))
    cases = []
    for db in (builtin, with_file):
        cases.append([case(text(p), [text(x or "") for x in db.guess_file_type(p)]) for p in MIME_PATHS])
    try:
        mimetypes.MimeTypes().read(os.path.join(HERE, "mime-invalid.types"))
        invalid = "no error"
    except UnicodeDecodeError as exc:
        invalid = error(exc)
    return cases[0], cases[1], invalid


def main():
    assert sys.version_info[:3] == (3, 13, 0), sys.version
    to_text, from_text = latin1_cases()
    fsdecode, fsencode = fs_cases()
    unquote, unquote_sp = unquote_cases()
    rstrip, lstrip, rstrip_space = strip_cases()
    builtin, with_file, invalid = mime_cases()
    doc = {
        "python": sys.version.split()[0],
        "latin1_to_text": to_text,
        "text_to_latin1": from_text,
        "split": split_cases(),
        "rstrip": rstrip,
        "lstrip": lstrip,
        "rstrip_space": rstrip_space,
        "repr": repr_cases(),
        "lower": lower_cases(),
        "isdigit": isdigit_cases(),
        "int": int_cases(),
        "html_escape": html_cases(),
        "unquote": unquote,
        "unquote_surrogatepass": unquote_sp,
        "quote": quote_cases(),
        "fsencode": fsencode,
        "fsdecode": fsdecode,
        "normpath": normpath_cases(),
        "splitext": splitext_cases(),
        "urlsplit": urlsplit_cases(),
        "urlunsplit": urlunsplit_cases(),
        "formatdate": formatdate_cases(),
        "parsedate": parsedate_cases(),
        "mime_builtin": builtin,
        "mime_with_file": with_file,
        "mime_invalid_file": invalid,
    }
    out = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    sys.stdout.buffer.write(out.encode("utf-8"))


if __name__ == "__main__":
    main()
