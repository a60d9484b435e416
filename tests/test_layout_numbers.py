"""Layout numbers and colours live in layouts/*.yaml only (layoutcfg.h); the built-in
layout is layouts/nd30-chuan.yaml compiled in. This test reads the sources
that place things on the page and fails on any numeric literal that is not
on the allow-list below, with its count and the reason it is not a layout
measure; and on any literal multiplied by BC_MM (a length in mm) at all.
So a measure put back into code (a padding, a rule width, a gap, a size)
fails here, naming file:line, and goes to the layout file instead.

Comments, string literals and #include lines are skipped. 0, 1 and 2 are
allowed everywhere (identity, halving and doubling, counters) except next
to BC_MM."""
import os
import re
from collections import Counter

from bctest import ROOT, check, finish

# The sources that place items on pages: the ND30 blocks, the pager, tables,
# generic text placement, the document assembly and the draft marks; and
# those that set lines of text: shaping (word spaces, note references,
# underline and strike-through: the layout's text: keys) and line breaking.
SOURCES = ["src/layout/nd30.c", "src/layout/pager.c", "src/layout/tablelayout.c",
           "src/layout/place.c", "src/layout/layout.c", "src/draft/draft.c",
           "src/layout/para.c", "src/layout/urlbreak.c", "src/layout/linebreak.c"]

ALWAYS = {"0", "1", "2"}
# file -> {literal: (count, why it is not a layout measure)}
ALLOWED = {
    "src/layout/nd30.c": {
        "0.01": (3, "tolerance (pt) when comparing positions"),
        "10000": (1, "a width that never wraps (shaping one line)"),
    },
    "src/layout/pager.c": {
        "0.01": (4, "tolerance (pt) when comparing heights"),
        "0.7": (1, "ink above a baseline, fraction of the size: where a tall block may be cut"),
        "0.15": (1, "ink below a baseline, likewise"),
        "8": (1, "a rule under a heading is joined to the 8 pt above it (never cut there)"),
        "0.5": (1, "likewise, below the rule"),
        "16": (1, "buffer size for a page number"),
        "64": (5, "array capacities and the header-rows limit"),
        "1e-6": (1, "rounding guard when converting to whole mm for a message"),
    },
    "src/layout/tablelayout.c": {
        "4": (1, "SPLIT_LINES: rows of more lines may be split across pages (a count)"),
        "100": (2, "percent"),
        "10": (2, "a width in a message rounded to 0.1 mm"),
        "32": (2, "buffer sizes"),
        "16": (1, "buffer size"),
        "1e6": (1, "a width that never wraps (measuring a token)"),
        "0.5": (1, "tolerance (pt): column widths may exceed the page by rounding"),
    },
    "src/layout/place.c": {},
    "src/layout/layout.c": {
        "16": (1, "buffer size"),
    },
    "src/layout/urlbreak.c": {
        "60": (1, "URL_SLASH: cost of a break after '//' or a path's '/' (line-break tuning, "
                  "like TeX's penalties)"),
        "80": (1, "URL_QUERY: likewise after a query's '?', '&', '='"),
        "150": (1, "URL_DOT: likewise before a path's dot, '#' or an address's '@'"),
        "200": (1, "URL_HOST: likewise before a host name's dot"),
        "300000": (1, "URL_HYPHEN: after '-', the last resort of all (likewise)"),
        "3": (1, "the length of '://'"),
        "4": (3, "the length of 'www.'"),
    },
    "src/layout/para.c": {
        "0.01": (3, "tolerance (pt): a line's overflow (right and left); a run's font size (letter-spacing)"),
        "0.5": (2, "an overflow under half a point is rounding, not a too-long word"),
        "10": (6, "the narrowest width ever given to Pango (pt, a guard); decimal digits"),
        "1000": (1, "rich paragraphs with more spans keep Pango's own breaks (speed)"),
        "150": (1, "DATE_PENALTY: cost of a break between 'ngày' and a date (line-break "
                   "tuning, like TeX's penalties)"),
        "60": (1, "TOKEN_PENALTY: cost of a break Pango allows inside a token that is not a "
                  "URL (likewise)"),
        "180": (1, "HYPHEN_PENALTY: likewise after '-' (3x TOKEN_PENALTY)"),
        "25": (1, "SENSE_PENALTY: likewise, a balanced line's break neither after a pause nor "
                  "before a phrase's first word"),
        "3": (3, "words before a break looked at by the keep-together rules"),
        "4": (2, "UTF-8 bytes; rounding slack of a quarter pixel"),
        "8": (5, "bit shifts of a colour (16-bit channels to 8-bit and back)"),
        "16": (3, "bit shifts of a colour; buffer size"),
        "65535": (1, "opaque: the attribute that changes nothing and ends a link's run"),
        "32": (1, "buffer size"),
        "64": (2, "array growth (first sizes)"),
        "2.0": (1, "halving: centring a line"),
    },
    "src/layout/linebreak.c": {
        "4": (2, "NCLASS: fitness classes (Knuth-Plass); prefix-sum arrays"),
        "10.0": (1, "LINE_PENALTY: Knuth-Plass's line penalty (TeX's \\linepenalty)"),
        "3000.0": (1, "ADJ_DEMERITS: demerits for neighbours two fitness classes apart"),
        "1000.0": (1, "MAX_RATIO: a stretch ratio treated as infinite"),
        "3.0": (1, "PIECES_RATIO: the ratio of an empty glue-less line of URL pieces "
                   "(short lines of pieces rated like ragged ones; line-break tuning)"),
        "0.01": (1, "EPS: comparison tolerance (pt)"),
        "1e5": (1, "LOOSE_LINE: badness added beyond the tolerance (second pass)"),
        "1e6": (1, "badness of an over-wide box alone (the caller reports it)"),
        "1e8": (1, "balanced mode: demerits base"),
        "100": (2, "badness = 100 r^3 (TeX); slack in percent"),
        "10": (1, "ragged last lines: slack squared / 10"),
        "0.5": (2, "fitness class bounds of the ratio (TeX: -0.5, 0.5, 1)"),
        "1.0": (1, "likewise"),
        "3": (1, "the loosest fitness class"),
    },
    "src/draft/draft.c": {
        "100": (2, "WATERMARK_PROBE: the size the watermark is measured at; a leap-year rule"),
        "10000": (1, "NO_WRAP: a width that never wraps (one-line marks)"),
        "1.0": (2, "line spacing of a one-line mark; positions within 1 pt are one line"),
        "64": (1, "array growth"),
        "16": (2, "buffer size; length of \"dd/mm/yyyy hh:mm\""),
        "256": (2, "lines with a deletion mark remembered per page"),
        "8": (3, "tries at moving a mark out of the way"),
        "4": (2, "capitalised words; a leap-year rule"),
        "10": (1, "decimal page numbers"),
        "5": (1, "fields of \"dd/mm/yyyy hh:mm\""),
        "400": (1, "a leap-year rule"),
        "12": (1, "months"),
        "31": (7, "days in a month"),
        "30": (4, "days in a month"),
        "29": (2, "days in February"),
        "23": (1, "hours"),
        "59": (1, "minutes"),
        "1900": (2, "earliest year; struct tm's year base"),
    },
}

# a colour written in code (0xRRGGBB, or 16-bit channels 0xCCCC): colours
# are layout values too ("#RRGGBB" keys of the layout file)
HEX = re.compile(r"(?<![\w.])0[xX][0-9A-Fa-f]{4,}")
LIT = re.compile(r"(?<![\w.])(\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+|\d+[eE][-+]?\d+|\d+)(?![\w.])")
# "4.0 * BC_MM", "BC_MM * 4" (not "x / BC_MM * 10", a conversion to mm)
MM = re.compile(r"(?<![\w.])(\d+(?:\.\d*)?)\s*\*\s*BC_MM|(?<!/\s)BC_MM\s*\*\s*(\d+(?:\.\d*)?)(?![\w.])")


def code_only(text):
    """text with comments and string/char literals blanked (lines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] in "\"'":
            q, j = text[i], i + 1
            while j < n and text[j] != q:
                j += 2 if text[j] == "\\" else 1
            out.append(q + q)
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def problems_in(path, text, allowed):
    code = code_only(text).split("\n")
    found, where, probs = Counter(), {}, []
    for n, line in enumerate(code, 1):
        if line.lstrip().startswith("#include"):
            continue
        for m in HEX.finditer(line):
            probs.append(f"{path}:{n}: {m.group(0)} looks like a colour: make it a \"#RRGGBB\" "
                         "key of layouts/nd30-chuan.yaml (layoutcfg.h)")
        for m in MM.finditer(line):
            probs.append(f"{path}:{n}: {m.group(0)} is a length in mm: make it a key of "
                         "layouts/nd30-chuan.yaml (layoutcfg.h)")
        for lit in LIT.findall(line):
            if lit in ALWAYS:
                continue
            found[lit] += 1
            where.setdefault(lit, []).append(n)
    for lit, k in sorted(found.items()):
        want = allowed.get(lit, (0, ""))[0]
        if k > want:
            lines = ", ".join(str(x) for x in where[lit])
            probs.append(f"{path}:{lines}: the number {lit} appears {k} time(s), the allow-list "
                         f"has {want}: a layout measure belongs in layouts/nd30-chuan.yaml; "
                         "anything else goes on the allow-list in tests/test_layout_numbers.py "
                         "with its reason")
    for lit, (k, why) in sorted(allowed.items()):
        if found[lit] < k:
            probs.append(f"{path}: the allow-list has {lit} x{k} ({why}) but the source has "
                         f"{found[lit]}: lower the count")
    return probs


for rel in SOURCES:
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        probs = problems_in(rel, fh.read(), ALLOWED.get(rel, {}))
    for p in probs:
        print(p)
    check(not probs, f"{rel}: {len(probs)} number(s) not from the layout file")

# The check itself can fail: a padding in mm, a new rule width, a comment
# and a string that are ignored.
sample = ('#include "x.h"\n/* 3.5 mm */\nstatic double f(void) {\n'
          '    const char *s = "12 pt";\n    double pad = 1.2 * BC_MM;\n'
          '    return pad + 0.5 + 2 * x;\n}\n')
got = problems_in("t.c", sample, {})
check(len(got) == 3 and got[0].startswith("t.c:5: 1.2 * BC_MM")
      and any(g.startswith("t.c:6: the number 0.5") for g in got)
      and any(g.startswith("t.c:5: the number 1.2") for g in got), f"self-test: {got}")
check(problems_in("t.c", sample.replace("1.2 * BC_MM", "cfg->pad"), {"0.5": (1, "x")}) == [],
      "self-test: allowed")
got = problems_in("t.c", "    it->rgb = 0xD00000u; /* 0xFFFFFF */ m = c & 0xC0;\n", {})
check(len(got) == 1 and got[0].startswith("t.c:1: 0xD00000 looks like a colour"),
      f"self-test (colour): {got}")
finish()
