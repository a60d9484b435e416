#!/usr/bin/python3
"""Đo khoảng cách giữa các từ trong PDF / measure inter-word spaces in a PDF.

Usage: tests/measure_spacing.py file.pdf [...] [--json] [--detail N]

For each category (body text, footnotes, table cells) prints how many
justified lines have an inter-word space wider than 1.5x, 2x, 2.5x and 3x
the normal space, and the widest one. "Normal" is the font's space advance
at the size of the space (0.25 em in Liberation Serif and Times New Roman).
A line counts as justified when it reaches the right edge of its column (the
text's right margin, or the cell's right rule less the cell padding); last
lines of paragraphs and ragged lines do not reach it and are skipped (a last
line that happens to be full has natural spaces anyway).

Categories: a line between two vertical table rules is a table cell; outside
tables, text at the footnote size (< 13 pt) is a footnote, text at >= 13 pt is
body. Footnote markers (superscripts) are merged into the line below them.
"""
import json
import sys

import fitz  # python3-fitz (Debian)

SPACE_EM = 0.25          # Liberation Serif 2 / Times New Roman space advance
CELL_PAD = 1.2 * 72 / 25.4
THRESHOLDS = (1.5, 2.0, 2.5, 3.0)
CATEGORIES = ("body", "footnote", "table")


def vertical_rules(page):
    """(x, y0, y1) of vertical rule segments (table borders)."""
    out = []
    for d in page.get_drawings():
        for it in d["items"]:
            if it[0] == "l":
                p, q = it[1], it[2]
                if abs(p.x - q.x) < 0.3 and abs(p.y - q.y) > 3:
                    out.append((p.x, min(p.y, q.y), max(p.y, q.y)))
            elif it[0] == "re":
                r = it[1]
                if r.width < 1.5 and r.height > 3:
                    out.append(((r.x0 + r.x1) / 2, r.y0, r.y1))
    return out


def cell_of(rules, x, y):
    """(left rule x, right rule x) around point (x, y), or None outside tables."""
    left = right = None
    for rx, y0, y1 in rules:
        if y0 - 0.5 <= y <= y1 + 0.5:
            if rx <= x and (left is None or rx > left):
                left = rx
            if rx >= x and (right is None or rx < right):
                right = rx
    if left is None or right is None:
        return None
    return (round(left, 1), round(right, 1))


def page_lines(page):
    rules = vertical_rules(page)
    chars = []
    raw = page.get_text("rawdict")
    for b in raw["blocks"]:
        for ln in b.get("lines", []):
            for sp in ln["spans"]:
                for ch in sp["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    oy = ch["origin"][1]
                    chars.append({"c": ch["c"], "x0": x0, "x1": x1, "y": oy,
                                  "size": sp["size"]})
    # Group into lines: same baseline (0.6 pt), same table cell.
    groups = {}
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cell = cell_of(rules, cx, ch["y"] - ch["size"] * 0.3)
        ch["cell"] = cell
        key = None
        for k in groups:
            if k[1] == cell and abs(k[0] - ch["y"]) < 0.6:
                key = k
                break
        if key is None:
            key = (ch["y"], cell)
            groups[key] = []
        groups[key].append(ch)
    # Superscript markers: a group of small characters sitting 2-8 pt above
    # a line of bigger text in the same cell joins that line.
    keys = sorted(groups, key=lambda k: k[0])
    for k in keys:
        g = groups.get(k)
        if not g or max(c["size"] for c in g) > 10.5:
            continue
        for k2 in keys:
            if k2 == k or k2 not in groups or k2[1] != k[1]:
                continue
            if 1.0 < k2[0] - k[0] < 8.0 and max(c["size"] for c in groups[k2]) > 10.5:
                groups[k2].extend(g)
                del groups[k]
                break
    lines = []
    for (y, cell), g in groups.items():
        g.sort(key=lambda c: c["x0"])
        body = [c for c in g if c["size"] > 10.5]
        if not body:
            continue
        size = max(c["size"] for c in body)
        if cell is not None:
            cat = "table"
        elif size < 13:
            cat = "footnote"
        else:
            cat = "body"
        lines.append({"y": y, "cell": cell, "cat": cat, "chars": g, "size": size,
                      "x0": g[0]["x0"], "x1": max(c["x1"] for c in g)})
    return lines


def gaps(line):
    """Ratios of each inter-word gap to the normal space."""
    out = []
    chars = line["chars"]
    prev = None
    space = None
    for c in chars:
        if c["c"].isspace():
            # a space drawn within the letter before it is the one a line
            # was broken at (kept for the text, no ink), not a gap
            if prev is not None and space is None and c["x0"] >= prev["x1"] - 0.5:
                space = c
            continue
        if prev is not None and space is not None:
            normal = SPACE_EM * space["size"]
            out.append((c["x0"] - prev["x1"]) / normal)
        prev = c
        space = None
    return out


def text_of(line):
    return "".join(c["c"] for c in line["chars"])


def measure(path):
    doc = fitz.open(path)
    res = {cat: {"lines": 0, "over": {t: 0 for t in THRESHOLDS}, "max": 0.0, "where": ""}
           for cat in CATEGORIES}
    worst = []
    for pno, page in enumerate(doc, 1):
        lines = page_lines(page)
        # Right edge of the running text: the furthest line end outside tables.
        free = [ln["x1"] for ln in lines if ln["cell"] is None]
        right = max(free) if free else 0
        for ln in lines:
            g = gaps(ln)
            if not g:
                continue
            if ln["cell"] is None:
                edge = right
            else:
                edge = ln["cell"][1] - CELL_PAD
            if ln["x1"] < edge - 0.8 and max(g) < 1.9:
                continue  # ragged or last line (a line whose spaces were
                          # capped at 2x and stops short still counts)
            r = res[ln["cat"]]
            r["lines"] += 1
            m = max(g)
            for t in THRESHOLDS:
                if m > t:
                    r["over"][t] += 1
            if m > r["max"]:
                r["max"] = m
                r["where"] = "p%d: %s" % (pno, text_of(ln)[:60])
            worst.append((m, ln["cat"], pno, text_of(ln)))
    worst.sort(reverse=True)
    return res, worst


def main(argv):
    as_json = "--json" in argv
    detail = 0
    if "--detail" in argv:
        detail = int(argv[argv.index("--detail") + 1])
    files = [a for a in argv if a.endswith(".pdf")]
    allres = {}
    for f in files:
        res, worst = measure(f)
        allres[f] = res
        if as_json:
            continue
        print(f)
        for cat in CATEGORIES:
            r = res[cat]
            n = r["lines"]
            over = "  ".join(">%.1fx %4d (%5.1f%%)" % (t, r["over"][t], 100.0 * r["over"][t] / n if n else 0)
                             for t in THRESHOLDS)
            print("  %-8s %5d justified lines  %s  max %.2fx %s" % (cat, n, over, r["max"], r["where"]))
        for m, cat, pno, t in worst[:detail]:
            print("    %.2fx %-8s p%d %s" % (m, cat, pno, t))
    if as_json:
        print(json.dumps({f: {c: {"lines": r[c]["lines"], "max": r[c]["max"],
                                  "over": {str(t): r[c]["over"][t] for t in THRESHOLDS}}
                              for c in CATEGORIES} for f, r in allres.items()}))


if __name__ == "__main__":
    main(sys.argv[1:])
