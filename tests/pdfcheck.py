#!/usr/bin/python3
"""pdfcheck -- measure a rendered PDF against the ND30 layout rules.

Independent checker for baocao output.  It reads the PDF only (PyMuPDF =
``fitz`` for glyphs and vector drawings, ``pdffonts``, ``pdftotext`` and
``qpdf`` for the rest) and reports every violation of the rules of
``shared/spec/nd30.md`` section 8 that apply to a report (Báo cáo) or a công
văn, plus a few general text checks.  It knows nothing about the renderer.

Run with Debian's interpreter (it has python3-fitz):

    /usr/bin/python3 tests/pdfcheck.py OUT.pdf --expect expect.json [--json]

prints one line per failure (and warning) and a summary; exit status 1 when
there is at least one failure, 2 on usage errors.

From Python::

    import pdfcheck
    failures = pdfcheck.check("out.pdf", expect)        # list of Failure
    report = pdfcheck.run("out.pdf", expect)            # .failures .warnings .info

A ``Failure`` has ``rule`` (a string: "1" … "21" for the rules of nd30.md §8,
or one of the general checks below), ``page`` (1-based, or None for the whole
file), ``message`` (measured value and allowed range) and ``severity``
("error" or "warning"; ``check`` returns errors only).

Units: PDF points; 1 mm = 2.8346 pt.  Glyph boxes are advance-width wide and
span the font's ascender..descender (what MuPDF reports), i.e. the line box
Pango uses.

Expect dict
-----------
Every key is optional except that a missing ``kind`` is inferred (a ``V/v``
line under ``Số:`` means công văn) and reported in ``info``.  Facts that are
given are compared exactly (after NFC, whitespace folding and folding of the
tone-placement variants hoà/hòa, uỷ/ủy …); facts that are absent are only
checked for form.

    kind            "bao-cao" | "cong-van"
    number          "45/BC-UBND"   the Số line must read "Số: 45/BC-UBND"
    date_line       "Khánh Hòa, ngày 14 tháng 3 năm 2018"
    agency_parent   ["UBND TỈNH KHÁNH HÒA"]   chủ quản lines (not bold); [] = none
    agency          ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"]   issuing body lines (bold)
    doc_type        "BÁO CÁO" (bao-cao; default "BÁO CÁO")
    trich_yeu       bao-cao: the trích yếu (lines joined with one space);
                    cong-van: the V/v text, e.g. "V/v khắc phục …"
    kinh_gui        ["Sở Nội vụ."] or ["- A;", "- B."]: recipients after
                    "Kính gửi:" (each item joined over its wrapped lines)
    urgency         "KHẨN" | "THƯỢNG KHẨN" | "HỎA TỐC" | None.  None means the
                    page must carry no urgency mark; key absent = checked only
                    if a mark is found
    authority_lines ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"];
                    [] = the document has none (e.g. seed 003)
    signer          "Nguyễn Duy Bắc"
    noi_nhan_label  "Nơi nhận:"  (default: any "Nơi nhận…:" label)
    noi_nhan        ["- Thủ tướng Chính phủ (b/c);", …, "- Lưu: VT, DL."]
    main_pages      number of pages of the main document (later pages are
                    appendices); default: detected from "Phụ lục" page heads
    appendices      number of appendices (default 0)
    appendix_labels ["Phụ lục I", "Phụ lục II"]  (optional exact labels; replaces
                    the Roman-numeral-in-order rule)
    appendix_attach_lines ["(Kèm theo Báo cáo số 45/BC-UBND ngày …)", …]
                    (optional exact attachment lines; replaces the "(Kèm theo"
                    prefix rule, e.g. for a seed that prints "(Đính kèm …)")
    body_size       13 | 14  (pins the body size; else 13 or 14 accepted)
    indent_mm       10 | 12.7 (pins the first-line indent)
    margins_mm      {"top": 25, "bottom": 20, "left": 35, "right": 20}
                    pins the margins (±0.5 mm); else the legal ranges apply
    roman_headings  number of "I."-level headings expected in the body
    recall_words    list of words, or
    recall_text     a text (e.g. the Markdown body + meta values), or
    recall_files    list of text files: their letter-words (maximal runs of
                    letters, NFC; digits and punctuation separate) must all be
                    found in ``pdftotext`` output, counted as a multiset
    min_recall      default 1.0
    recall_case_sensitive  default false: words are compared lower-cased,
                    because ND30 makes the tool upper-case some lines (headings)
    unsplit_tokens  ["4034/QĐ-UBND", "29/12/2017"]: each must occur, and must
                    never be split across two lines
    skip            ["21", …] rule ids not to check (reported in info)

General checks (rule ids): "recall" (word recall), "chars" (no U+FFFD,
private-use, combining marks or control characters in pdftotext output),
"qpdf" (``qpdf --check`` exit 0), "nosplit" (unsplit tokens), "KG" (Kính gửi
block: size 13–14, upright, dashes aligned, recipients as expected),
"input" (the PDF cannot be read or has no text), "internal" (the checker
itself raised: reported as a failure, never a pass).

What is checked, per nd30.md §8 (tolerances as written there):
 1 page size A4 ±1 pt, portrait (landscape only on appendix pages or pages
   with a table)
 2 every glyph except the page number, and every drawn line (rules, table
   borders), inside the margin box.  Portrait pages: the document's own text
   area, left edge L and right edge R inferred from the body lines (L must be
   30–35 mm, page − R 15–20 mm), top T = highest first line over the main
   pages (20–25 mm), bottom ≥ 20 mm; landscape pages: the legal ranges on the
   page as read (left ≥ 30, right ≥ 15, top ≥ 20, bottom ≥ 20 mm).  Body left
   edge the same on every portrait page ±0.5 mm; margins_mm pins L, R, T.
 3 fonts embedded, ToUnicode, family Times New Roman or Liberation Serif, no
   Type 3; text NFC, no legacy (TCVN3/VNI) code points
 4 text black, except the urgency mark (red or black)
 5 body size 13 or 14, the same everywhere in the body
 6 page numbers: none on page 1; on page n ≥ 2 exactly one run "n" inside the
   top margin, 13–14 pt, upright, centre ±2 mm on the text area
 7 appendix numbering restarts (first page none, k-th page "k")
 8 Quốc hiệu (bold, 12–13, caps, right of the page centre) / Tiêu ngữ (exact
   text, bold, 13–14, ≥ Quốc hiệu size, centred on it ±1 mm) / the rule under
   it (stroked line or thin filled rectangle, length = Tiêu ngữ ±10 %, centre
   ±1 mm); a Quốc hiệu that runs into the left column (gap < 0.6 em, so that
   text extraction reads both columns as one line) fails too
 9 agency block (+ optional chủ quản line) and its 1/3–1/2 rule
10 Số line: regex, exactly 13 pt, upright, regular, baseline = date ±2 pt,
   centred under the agency block ±2 mm
11 date line: regex + real date, italic, 13–14, not bold, centre ±2 mm of Quốc hiệu
12 BÁO CÁO + trích yếu + rule, or V/v (12–13, regular, centred under Số, 6±2 pt gap)
13 body: justified (±1 pt), first-line indent 10/12.7 mm ±0.5 mm and constant,
   paragraph gap ≥ 6 pt, line pitch 1.0–1.5 × single (single = 1.149 em)
14 "I."-level headings caps + bold; "Phần"/"Chương" centred bold + caps title
15 Nơi nhận label (x = L ±1 mm, bold italic 12, baseline = first authority
   line ±2 pt), list 11 pt upright, "-" items at L ending ";", last "- Lưu: … VT … ."
16 authority lines caps bold 13–14, prefix TM./KT./TL./TUQ./Q.; signer bold
   13–14 not caps, centre ±2 mm under the chức vụ, no honorific
17 urgency mark bold 13–14 in a 20/40/30 × 8 mm (±2 mm) rectangle, left column,
   below the Số line
19 appendix first page: "Phụ lục [numeral]" bold 14 centred, caps bold title,
   italic centred "(Kèm theo …)", label cited in the main text
21 main text ends with "./." (warning)
Rules 18 (address block) and 20 (electronic signature box) are not checked:
baocao renders neither; their text would fail rule 2/13 if it appeared.
"""

import collections
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

import fitz

MM = 72.0 / 25.4
A4_W, A4_H = 595.28, 841.89
SINGLE_EM = 1.149            # TNR / Liberation Serif 2: ascent+descent+lineGap
SIZE_TOL = 0.05

URGENCY_BOX_MM = {"KHẨN": 20.0, "THƯỢNG KHẨN": 40.0, "HỎA TỐC": 30.0}
AUTH_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
HONORIFICS = ("TS.", "ThS.", "PGS.", "GS.", "KS.", "BS.", "TS", "ThS", "PGS", "GS",
              "NGƯT", "NGND")
TYPE_ABBR = ("NQ|QĐ|CT|QC|QyĐ|TC|TB|HD|CTr|KH|PA|ĐA|DA|BC|BB|TTr|HĐ|CĐ|BGN|BTT|GUQ|"
             "GM|GGT|GNP|PG|PC|PB")
RE_SO_NAMED = re.compile(r"^Số: ?(0[1-9]|[1-9][0-9]+)/(" + TYPE_ABBR +
                         r")-[A-ZĐ0-9&]+(-[A-ZĐ0-9&]+)*$")
RE_SO_CV = re.compile(r"^Số: ?(0[1-9]|[1-9][0-9]+)/[A-ZĐ0-9&]+-[A-ZĐ0-9&]+(-[A-ZĐ0-9&]+)*$")
RE_DATE = re.compile(r"^[^,]+, ngày (0[1-9]|[12][0-9]|3[01]) tháng (0[12]|[3-9]|1[0-2]) "
                     r"năm ([0-9]{4})$")
RE_ROMAN_HEAD = re.compile(r"^(M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3}))\.\s")
RE_FONT_OK = re.compile(r"^(timesnewroman(ps)?(mt)?|liberationserif)"
                        r"(regular|roman)?(bold)?(italic|oblique)?(mt)?$")
RE_SUBSET = re.compile(r"^[A-Z]{6}\+")
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
          "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]

# Latin-1 letters that Vietnamese uses; other Latin-1 letters/symbols are
# typical of TCVN3 (.VnTime) or VNI text shown through the wrong encoding.
VI_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
OK_LATIN1_SYMBOLS = set("\u00a0°±§×÷²³")

# tone-placement variants ND30 itself mixes (hoà/hòa, uỷ/ủy)
_TONE_FOLD = {}
for _old, _new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
                   ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
                   ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")):
    _TONE_FOLD[_old] = _new
    _TONE_FOLD[_old.upper()] = _new.upper()
    _TONE_FOLD[_old[0].upper() + _old[1]] = _new[0].upper() + _new[1]
_TONE_RE = re.compile("|".join(sorted(_TONE_FOLD, key=len, reverse=True)))


def norm(s):
    """NFC + single spaces."""
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def fold(s):
    """norm + tone-placement folding, for comparing texts."""
    return _TONE_RE.sub(lambda m: _TONE_FOLD[m.group(0)], norm(s))


def is_caps(t):
    return any(c.isalpha() for c in t) and t == t.upper()


def mm(v):
    return "%.2f mm" % (v / MM)


def pt(v):
    return "%.2f pt" % v


def max_space_ratio(seg):
    """The widest gap between words of seg, in normal spaces (0.25 em)."""
    best, prev = 0.0, None
    for c in seg.main:
        if prev is not None and c.x0 - prev.x1 > 0.12 * max(c.size, prev.size):
            best = max(best, (c.x0 - prev.x1) / (0.25 * prev.size))
        prev = c
    return best


def short(t, n=60):
    t = norm(t)
    return t if len(t) <= n else t[:n - 1] + "…"


# ----------------------------------------------------------------------------
# results

class Failure:
    __slots__ = ("rule", "page", "message", "severity")

    def __init__(self, rule, page, message, severity="error"):
        self.rule, self.page, self.message, self.severity = str(rule), page, message, severity

    def __str__(self):
        tag = "FAIL" if self.severity == "error" else "WARN"
        where = "p.%d" % self.page if self.page else "doc"
        return "%s rule %s %s: %s" % (tag, self.rule, where, self.message)

    __repr__ = __str__

    def as_dict(self):
        return {"rule": self.rule, "page": self.page, "message": self.message,
                "severity": self.severity}


class Report:
    def __init__(self):
        self.failures, self.warnings, self.info = [], [], {}

    def all(self):
        return self.failures + self.warnings


# ----------------------------------------------------------------------------
# extraction

class Ch:
    __slots__ = ("c", "x0", "x1", "top", "bottom", "base", "size", "font", "bold",
                 "italic", "color", "sup", "flags")


class Seg:
    """A run of glyphs on one baseline with no gap wider than 1.2 em."""

    def __init__(self, chars, page):
        self.chars = sorted(chars, key=lambda c: c.x0)
        self.page = page
        main = [c for c in self.chars if not c.sup] or self.chars
        self.main = main
        self.x0 = min(c.x0 for c in self.chars)
        self.x1 = max(c.x1 for c in self.chars)
        self.top = min(c.top for c in main)
        self.bottom = max(c.bottom for c in main)
        self.base = collections.Counter([c.base for c in main]).most_common(1)[0][0]
        cnt = collections.Counter([c.size for c in main])
        self.size = round(cnt.most_common(1)[0][0], 2)
        self.sizes = cnt
        self.bold = all(c.bold for c in main)
        self.italic = all(c.italic for c in main)
        self.any_bold = any(c.bold for c in main)
        self.any_italic = any(c.italic for c in main)
        out, prev = [], None
        for c in self.chars:
            if prev is not None and c.x0 - prev.x1 > 0.12 * max(c.size, prev.size) and not c.sup:
                out.append(" ")
            out.append(c.c)
            prev = c
        self.text = unicodedata.normalize("NFC", "".join(out))

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2.0

    @property
    def width(self):
        return self.x1 - self.x0

    def split_out(self, folded):
        """(left, match, right) Segs around the glyphs spelling `folded`, or None."""
        m = self.sub(folded)
        if m is None:
            return None
        ids = set(id(c) for c in m.chars)
        left = [c for c in self.chars if id(c) not in ids and c.x1 <= m.x0 + 0.01]
        right = [c for c in self.chars if id(c) not in ids and c.x0 >= m.x1 - 0.01]
        return (Seg(left, self.page) if left else None, m,
                Seg(right, self.page) if right else None)

    def sub(self, folded):
        """The glyphs whose text (folded) is `folded`, as a new Seg, or None."""
        out, owners, prev = [], [], None
        for c in self.chars:
            if prev is not None and c.x0 - prev.x1 > 0.12 * max(c.size, prev.size) and not c.sup:
                out.append(" ")
                owners.append(None)
            out.append(c.c)
            owners.append(c)
            prev = c
        text = "".join(out)
        if fold(text) != text and len(fold(text)) != len(text):
            return None
        i = fold(text).find(folded)
        if i < 0:
            return None
        cs = [o for o in owners[i:i + len(folded)] if o is not None]
        return Seg(cs, self.page) if cs else None

    def __repr__(self):
        return "Seg(%r @%.1f,%.1f)" % (self.text, self.x0, self.base)


class Row(Seg):
    """All glyphs on one baseline (segments kept in .segs)."""

    def __init__(self, chars, page, segs):
        if len(segs) == 1:
            self.__dict__.update(segs[0].__dict__)
        else:
            Seg.__init__(self, chars, page)
        self.segs = segs


class HRule:
    __slots__ = ("x0", "x1", "y", "thick", "color")

    def __init__(self, x0, x1, y, thick, color):
        self.x0, self.x1, self.y, self.thick, self.color = x0, x1, y, thick, color

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2.0

    @property
    def length(self):
        return self.x1 - self.x0

    def __repr__(self):
        return "HRule(%.1f-%.1f @%.1f)" % (self.x0, self.x1, self.y)


class PageData:
    pass


_WS = set(" \t\r\n\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
          "\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff")


def _style(fontname, flags):
    n = fontname.lower()
    bold = ("bold" in n or "black" in n or "heavy" in n) or bool(flags & 16)
    italic = ("italic" in n or "oblique" in n) or bool(flags & 2)
    return bold, italic


def extract_page(page, no):
    pd = PageData()
    pd.no = no
    pd.w, pd.h = page.rect.width, page.rect.height
    flags = fitz.TEXT_PRESERVE_WHITESPACE | fitz.TEXT_PRESERVE_LIGATURES | fitz.TEXT_INHIBIT_SPACES
    raw = page.get_text("rawdict", flags=flags)
    chars = []
    allchars = []
    for b in raw.get("blocks", []):
        if b.get("type", 0) != 0:
            continue
        for ln in b["lines"]:
            for sp in ln["spans"]:
                font = RE_SUBSET.sub("", sp["font"])
                bold, italic = _style(font, sp["flags"])
                col = sp["color"]
                rgb = ((col >> 16) & 255, (col >> 8) & 255, col & 255)
                for c in sp["chars"]:
                    ch = Ch()
                    ch.c = c["c"]
                    x0, y0, x1, y1 = c["bbox"]
                    ch.x0, ch.x1, ch.top, ch.bottom = x0, x1, y0, y1
                    ch.base = c["origin"][1]
                    ch.size = sp["size"]
                    ch.font = font
                    ch.bold, ch.italic = bold, italic
                    ch.color = rgb
                    ch.sup = False
                    ch.flags = sp["flags"]
                    allchars.append(ch)
                    if ch.c in _WS or ch.c.isspace():
                        continue
                    chars.append(ch)
    pd.allchars = allchars
    pd.chars = chars
    pd.rows, pd.segs = _build_rows(chars, no)
    _extract_drawings(page, pd)
    return pd


def _build_rows(chars, no):
    chars = sorted(chars, key=lambda c: (c.base, c.x0))
    groups = []
    for c in chars:
        if groups and abs(c.base - groups[-1][0]) <= 0.5:
            groups[-1][1].append(c)
        else:
            groups.append([c.base, [c]])
    # merge raised small glyphs (superscript markers) into the line they sit on
    gsize = [max(c.size for c in g[1]) for g in groups]
    merged = [False] * len(groups)
    for i, (base, cs) in enumerate(groups):
        s = gsize[i]
        x0 = min(c.x0 for c in cs)
        x1 = max(c.x1 for c in cs)
        for j in range(i + 1, len(groups)):
            nb = groups[j][0]
            if nb - base > 0.7 * gsize[j] + 1:
                break
            if s <= 0.8 * gsize[j] and nb > base + 0.5:
                nx0 = min(c.x0 for c in groups[j][1])
                nx1 = max(c.x1 for c in groups[j][1])
                if x0 >= nx0 - 3 and x1 <= nx1 + 3 * s:
                    for c in cs:
                        c.sup = True
                    groups[j][1].extend(cs)
                    merged[i] = True
                    break
    rows, segs = [], []
    for i, (base, cs) in enumerate(groups):
        if merged[i]:
            continue
        cs.sort(key=lambda c: c.x0)
        rsegs = _split_row(cs, no, 1.2)
        segs.extend(rsegs)
        rows.append(Row(cs, no, rsegs))
    rows.sort(key=lambda r: r.base)
    segs.sort(key=lambda s: (s.base, s.x0))
    return rows, segs


def _split_row(cs, no, em):
    """Split one row's glyphs (sorted by x) at gaps wider than em × size."""
    parts, cur, prev = [], [], None
    for c in cs:
        if prev is not None and not c.sup and not prev.sup and \
                c.x0 - prev.x1 > em * max(c.size, prev.size):
            parts.append(cur)
            cur = []
        cur.append(c)
        if not c.sup:
            prev = c
    parts.append(cur)
    return [Seg(p, no) for p in parts if p]


def resplit_header(pd, depth=45 * MM):
    """Page 1 header lines are never justified: split them at gaps > 0.6 em so
    that the two columns (agency | Quốc hiệu, Số | date) always come apart."""
    tops = [r.top for r in pd.rows if not r.text.isdigit()]
    if not tops:
        return
    lim = min(tops) + depth
    segs = []
    for r in pd.rows:
        if r.top <= lim:
            r.segs = _split_row(r.chars, pd.no, 0.6)
        segs.extend(r.segs)
    pd.segs = sorted(segs, key=lambda s: (s.base, s.x0))


def _extract_drawings(page, pd):
    hr, vr, rects = [], [], []
    try:
        drawings = page.get_drawings()
    except Exception:  # pragma: no cover
        drawings = []
    for d in drawings:
        typ = d.get("type") or ""
        stroked = "s" in typ
        filled = "f" in typ
        w = d.get("width") or 0.0
        cap = d.get("lineCap") or (0,)
        try:
            cap = cap[0]
        except TypeError:
            pass
        ext = w / 2.0 if cap in (1, 2) else 0.0
        col = d.get("color") if stroked else d.get("fill")
        items = d.get("items", [])
        if filled and not stroked:
            pieces = []
            lines_only = True
            for it in items:
                if it[0] == "re":
                    pieces.append(fitz.Rect(it[1]))
                    lines_only = False
                elif it[0] == "qu":
                    pieces.append(fitz.Quad(it[1]).rect)
                    lines_only = False
            if lines_only or not pieces:
                pieces = [fitz.Rect(d["rect"])]
            for r in pieces:
                if r.height <= 2.5 and r.width >= 3 * max(r.height, 0.1):
                    hr.append(HRule(r.x0, r.x1, (r.y0 + r.y1) / 2, r.height, col))
                elif r.width <= 2.5 and r.height >= 3 * max(r.width, 0.1):
                    vr.append((r.y0, r.y1, (r.x0 + r.x1) / 2))
            continue
        if not stroked:
            continue
        for r in _boxes(items, d.get("closePath")):
            if r.width > 5 and r.height > 5:
                rects.append((r, col, w))
        for it in items:
            if it[0] == "l":
                p1, p2 = it[1], it[2]
                if abs(p1.y - p2.y) < 0.5:
                    a, b = sorted((p1.x, p2.x))
                    if b - a > 0.5:
                        hr.append(HRule(a - ext, b + ext, (p1.y + p2.y) / 2, w, col))
                elif abs(p1.x - p2.x) < 0.5:
                    a, b = sorted((p1.y, p2.y))
                    if b - a > 0.5:
                        vr.append((a, b, (p1.x + p2.x) / 2))
            elif it[0] in ("re", "qu"):
                rr = fitz.Rect(it[1]) if it[0] == "re" else fitz.Quad(it[1]).rect
                if rr.height <= 0.5:
                    hr.append(HRule(rr.x0 - ext, rr.x1 + ext, (rr.y0 + rr.y1) / 2, w, col))
                elif rr.width <= 0.5:
                    vr.append((rr.y0, rr.y1, (rr.x0 + rr.x1) / 2))
                else:
                    hr.append(HRule(rr.x0, rr.x1, rr.y0, w, col))
                    hr.append(HRule(rr.x0, rr.x1, rr.y1, w, col))
                    vr.append((rr.y0, rr.y1, rr.x0))
                    vr.append((rr.y0, rr.y1, rr.x1))
    pd.hr, pd.vr, pd.rects = hr, vr, rects
    # table regions: clusters of >= 2 vertical lines (>= 8 pt long) that overlap
    vl = sorted([v for v in vr if v[1] - v[0] >= 8], key=lambda v: v[0])
    clusters = []
    for v in vl:
        for cl in clusters:
            if v[0] <= cl[3] + 1 and v[1] >= cl[1] - 1:
                cl[0] = min(cl[0], v[2])
                cl[2] = max(cl[2], v[2])
                cl[1] = min(cl[1], v[0])
                cl[3] = max(cl[3], v[1])
                cl[4].add(round(v[2]))
                break
        else:
            clusters.append([v[2], v[0], v[2], v[1], {round(v[2])}])
    pd.tables = [fitz.Rect(c[0] - 1, c[1] - 1, c[2] + 1, c[3] + 1)
                 for c in clusters if len(c[4]) >= 2 and c[2] - c[0] > 5]


def _boxes(items, close_path):
    """Rectangles drawn by a path: 're'/'qu' items, or closed runs of >= 3
    connected straight lines (a union of separate rules is not a box)."""
    out, run = [], []

    def flush():
        if len(run) >= 3:
            first, last = run[0][1], run[-1][2]
            closed = abs(first.x - last.x) < 0.5 and abs(first.y - last.y) < 0.5
            if closed or close_path:
                pts = [it[1] for it in run] + [run[-1][2]]
                out.append(fitz.Rect(min(p.x for p in pts), min(p.y for p in pts),
                                     max(p.x for p in pts), max(p.y for p in pts)))
        run.clear()

    for it in items:
        if it[0] == "re":
            flush()
            out.append(fitz.Rect(it[1]))
        elif it[0] == "qu":
            flush()
            out.append(fitz.Quad(it[1]).rect)
        elif it[0] == "l":
            if run and (abs(run[-1][2].x - it[1].x) > 0.5 or abs(run[-1][2].y - it[1].y) > 0.5):
                flush()
            run.append(it)
        else:
            flush()
    flush()
    return out


def in_tables(pd, s):
    y = s.base - 0.3 * s.size
    return any(t.x0 <= s.cx <= t.x1 and t.y0 <= y <= t.y1 for t in pd.tables)


# ----------------------------------------------------------------------------
# the checker

class Checker:
    def __init__(self, path, expect):
        self.path = path
        self.e = dict(expect or {})
        self.rep = Report()
        self.skip = set(str(s) for s in self.e.get("skip", []))
        if self.skip:
            self.rep.info["skipped_rules"] = sorted(self.skip)
        self._counts = collections.Counter()

    # -- reporting
    def fail(self, rule, page, msg, severity="error", key=None, limit=6):
        rule = str(rule)
        if rule in self.skip:
            return
        k = (rule, page, key)
        self._counts[k] += 1
        if key is not None and self._counts[k] > limit:
            return
        f = Failure(rule, page, msg, severity)
        (self.rep.failures if severity == "error" else self.rep.warnings).append(f)

    def warn(self, rule, page, msg, key=None):
        self.fail(rule, page, msg, "warning", key)

    def _flush_counts(self):
        for (rule, page, key), n in self._counts.items():
            if key is not None and n > 6:
                self.rep.failures.append(Failure(rule, page, "… and %d more like the above (%s)"
                                                 % (n - 6, key)))

    # -- main
    def run(self):
        self._procs = {}
        try:
            return self._run()
        finally:
            for p in self._procs.values():
                if isinstance(p, subprocess.Popen):
                    if p.poll() is None:
                        p.kill()
                        p.wait()
                    for f in p._files:
                        if not f.closed:
                            f.close()

    def _run(self):
        if not os.path.isfile(self.path):
            self.fail("input", None, "no such file: %s" % self.path)
            return self.rep
        try:
            self.doc = fitz.open(self.path)
        except Exception as ex:
            self.fail("input", None, "cannot open PDF: %s" % ex)
            return self.rep
        if self.doc.page_count == 0:
            self.fail("input", None, "PDF has no pages")
            return self.rep
        # The official copy's empty signature fields ("baocao ky" fills them)
        # are not page content, but MuPDF draws "SIGN" into an unsigned one:
        # leave them out of this in-memory copy.
        for i in range(self.doc.page_count):
            px = self.doc.page_xref(i)
            kind, annots = self.doc.xref_get_key(px, "Annots")
            if kind != "array":
                continue
            refs = re.findall(r"(\d+) 0 R", annots)
            keep = [r for r in refs if self.doc.xref_get_key(int(r), "FT") != ("name", "/Sig")]
            if len(keep) != len(refs):
                self.doc.xref_set_key(px, "Annots", "[%s]" % " ".join(r + " 0 R" for r in keep))
        self._start_tools()
        try:
            self._checks()
        except Exception:
            import traceback
            self.fail("internal", None, "checker error (report this): %s"
                      % traceback.format_exc().strip().replace("\n", " | ")[-600:])
        return self.rep

    def _checks(self):
        self.pages = [extract_page(p, i + 1) for i, p in enumerate(self.doc)]
        resplit_header(self.pages[0])
        if not any(pd.chars for pd in self.pages):
            self.fail("input", None, "PDF has no extractable text")
        self.rep.info["pages"] = len(self.pages)
        self.check_page_sizes()
        self.split_documents()
        self.parse_header()
        self.parse_signature()
        self.collect_body()
        self.check_header()
        self.check_margins()
        self.check_body()
        self.check_headings()
        self.check_signature()
        self.check_page_numbers()
        self.check_appendices()
        self.check_fonts()
        self.check_colors()
        self.check_text_chars()
        self.check_recall()
        self.check_qpdf()
        self.check_unsplit()
        self._flush_counts()

    # -- external tools run in parallel with the glyph extraction
    def _start_tools(self):
        self._procs = {}
        cmds = {"pdffonts": ["pdffonts", self.path],
                "pdftotext": ["pdftotext", "-enc", "UTF-8", self.path, "-"],
                "qpdf": ["qpdf", "--check", self.path]}
        for k, cmd in cmds.items():
            try:
                out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
                p = subprocess.Popen(cmd, stdout=out, stderr=err)
                p._files = (out, err)
                self._procs[k] = p
            except Exception as ex:
                self._procs[k] = ex

    def _tool(self, k):
        """(returncode, stdout bytes, stderr text) of a started tool; raises if it
        could not be run."""
        p = self._procs.get(k)
        if isinstance(p, Exception) or p is None:
            raise RuntimeError("cannot run %s: %s" % (k, p))
        if not hasattr(p, "_result"):
            p.wait(timeout=300)
            res = []
            for f in p._files:
                f.seek(0)
                res.append(f.read())
                f.close()
            p._result = (p.returncode, res[0], res[1].decode("utf-8", "replace"))
        return p._result

    # ---------------------------------------------------------------- rule 1
    def check_page_sizes(self):
        for pd in self.pages:
            w, h = pd.w, pd.h
            if abs(w - A4_W) <= 1 and abs(h - A4_H) <= 1:
                pd.landscape = False
                continue
            if abs(w - A4_H) <= 1 and abs(h - A4_W) <= 1:
                pd.landscape = True
                continue
            pd.landscape = w > h
            self.fail(1, pd.no, "page is %.2f × %.2f pt; A4 is 595.28 × 841.89 pt (±1 pt) "
                                "portrait or 841.89 × 595.28 landscape" % (w, h))

    # ------------------------------------------------------- document split
    def split_documents(self):
        n = len(self.pages)
        napp = int(self.e.get("appendices", 0) or 0)
        mp = self.e.get("main_pages")
        starts = []
        if mp is None:
            mp = n
            for pd in self.pages[1:]:
                if self._first_line_is_label(pd):
                    mp = pd.no - 1
                    break
        mp = max(1, min(int(mp), n))
        self.main_pages = mp
        if mp < n:
            starts = [mp + 1]
            for pd in self.pages[mp + 1:]:
                if self._first_line_is_label(pd):
                    starts.append(pd.no)
        self.app_starts = starts
        self.rep.info["main_pages"] = mp
        self.rep.info["appendix_first_pages"] = starts
        if len(starts) != napp:
            self.fail(19, None, "found %d appendices (first pages %s) after %d main pages; "
                                "expected %d" % (len(starts), starts, mp, napp))
        # page -> (appendix index or None, page number within its document)
        self.page_role = {}
        for pd in self.pages:
            if pd.no <= mp:
                self.page_role[pd.no] = (None, pd.no)
            else:
                k = max(i for i, s in enumerate(starts) if s <= pd.no)
                self.page_role[pd.no] = (k, pd.no - starts[k] + 1)
        for pd in self.pages:
            if pd.landscape and pd.no <= mp and not pd.tables:
                self.fail(1, pd.no, "landscape page in the main document without a table "
                                    "(landscape only for appendix/table pages)")

    def _first_line_is_label(self, pd):
        segs = [s for s in pd.segs if s.top > 15 * MM and not s.text.isdigit()]
        if not segs:
            return False
        return bool(re.match(r"^Phụ lục(\s|$)", segs[0].text))

    # -------------------------------------------------------- page-1 header
    def parse_header(self):
        p1 = self.pages[0]
        H = self.hdr = {}
        segs = p1.segs
        QH = fold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        qh = [s for s in segs if fold(s.text) == QH]
        if not qh:
            for s in segs:
                parts = s.split_out(QH)
                if parts is not None:
                    sub = parts[1]
                    near = [x for x in (parts[0], parts[2]) if x is not None]
                    gap = min([sub.x0 - x.x1 for x in near if x.x1 <= sub.x0] +
                              [x.x0 - sub.x1 for x in near if x.x0 >= sub.x1] or [0])
                    self.fail(8, 1, "Quốc hiệu runs into other text on its line: %r, gap %s "
                                    "(< 0.6 em = %s): the two header columns read as one line"
                              % (s.text, mm(gap), mm(0.6 * s.size)))
                    qh = [sub]
                    segs = [x for x in segs if x is not s] + [x for x in parts if x is not None]
                    segs.sort(key=lambda x: (x.base, x.x0))
                    p1.segs = segs
                    break
        H["qh"] = qh[0] if qh else None
        if not qh:
            near = [s for s in segs if "CỘNG" in s.text.upper() and "VIỆT NAM" in s.text.upper()]
            self.fail(8, 1, "Quốc hiệu line 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' not found as one "
                            "line%s" % (" (found %r)" % near[0].text if near else ""))
        qhs = H["qh"]
        # top of the text area: the highest first line over the main portrait pages
        # (page numbers, i.e. digit-only runs, excluded)
        tops = []
        for pd in self.pages[:self.main_pages]:
            if pd.landscape:
                continue
            t = [s.top for s in pd.segs if not s.text.isdigit()]
            if t:
                tops.append(min(t))
        self.T = min(tops) if tops else 25 * MM
        # Số line
        so = [s for s in segs if re.match(r"^Số\s*:", s.text) and s.base < p1.h / 2]
        H["so"] = so[0] if so else None
        # date line: right-hand side, contains ", ngày"
        right_x = qhs.x0 if qhs else p1.w / 2
        dates = [s for s in segs if ", ngày" in s.text and s.cx > right_x - 5 and s.base < p1.h / 2]
        if H["so"] and dates:
            dates.sort(key=lambda s: abs(s.base - H["so"].base))
        H["date"] = dates[0] if dates else None
        # Tiêu ngữ
        H["tn"] = None
        if qhs:
            cand = [s for s in segs if s.base > qhs.base + 1 and s.base < qhs.base + 2.5 * qhs.size
                    and s.x1 > qhs.x0 and s.x0 < qhs.x1]
            H["tn"] = cand[0] if cand else None
        # agency block: left of the Quốc hiệu, above the Số line
        lim = H["so"].top if H["so"] else (qhs.base + 4 * qhs.size if qhs else p1.h / 4)
        top_lim = (qhs.top - 3) if qhs else 0
        H["agency"] = [s for s in segs if s.x1 < right_x - 1 and top_lim <= s.top and s.base < lim
                       and not s.text.isdigit()]
        # kind
        kind = self.e.get("kind")
        vv = [s for s in segs if s.text.startswith("V/v") and s.base < p1.h / 2]
        if kind is None:
            kind = "cong-van" if vv else "bao-cao"
            self.rep.info["kind_inferred"] = kind
        if kind not in ("bao-cao", "cong-van"):
            self.fail("input", None, "expect['kind'] must be 'bao-cao' or 'cong-van', not %r" % kind)
            kind = "bao-cao"
        self.kind = kind
        below = (H["so"].bottom if H["so"] else (H["date"].bottom if H["date"] else self.T))
        H["title"], H["ty"], H["ty_rule"], H["vv"] = None, [], None, []
        if kind == "bao-cao":
            dt = self.e.get("doc_type", "BÁO CÁO")
            t = [s for s in segs if fold(s.text) == fold(dt) and s.top > below - 1]
            H["title"] = t[0] if t else None
            if H["title"]:
                ttl = H["title"]
                rules = sorted([r for r in p1.hr if r.y > ttl.base], key=lambda r: r.y)
                stop = rules[0].y if rules else p1.h
                prev = ttl
                for s in [s for s in segs if s.base > ttl.base and s.base < stop]:
                    if s.base - prev.base > 1.6 * SINGLE_EM * max(s.size, prev.size) + 2:
                        break
                    if s.text.startswith("Kính gửi"):
                        break
                    H["ty"].append(s)
                    prev = s
                if H["ty"] and rules:
                    last = H["ty"][-1]
                    rr = [r for r in rules if last.base - 1 <= r.y <= last.bottom + 12]
                    H["ty_rule"] = rr[0] if rr else None
        else:
            if vv:
                first = vv[0]
                H["vv"] = [first]
                prev = first
                for s in segs:
                    if s.base <= first.base or s.base - prev.base > 1.6 * SINGLE_EM * s.size + 1:
                        continue
                    if s.base > prev.base + 0.5 and abs(s.cx - first.cx) < 25 * MM and \
                            s.cx < right_x and abs(s.size - first.size) < 0.5 and \
                            not s.text.startswith("Kính gửi") and \
                            s.text not in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC"):
                        H["vv"].append(s)
                        prev = s
        # Kính gửi
        H["kg"] = []
        kg = [s for s in segs if s.text.startswith("Kính gửi") and s.base < p1.h * 0.6]
        if kg:
            lab = kg[0]
            blk = [lab]
            if not lab.text.rstrip().endswith("."):
                prev = lab
                for s in [s for s in segs if s.base > lab.base]:
                    if s.base - prev.base > 2.0 * SINGLE_EM * s.size + 6 or len(blk) > 12:
                        break
                    if s.x1 < lab.x0:
                        continue          # left column (urgency mark, V/v)
                    if s.x0 < lab.x0 - 1:
                        break
                    blk.append(s)
                    prev = s
                    if s.text.rstrip().endswith("."):
                        break
            H["kg"] = blk
        # urgency mark
        H["urg"] = None
        for s in segs:
            if fold(s.text) in (fold(k) for k in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")) and \
                    s.base < p1.h / 2:
                H["urg"] = s
                break
        H["urg_rect"] = None
        if H["urg"]:
            u = H["urg"]
            for r, col, w in p1.rects:
                if r.x0 - 1 <= u.cx <= r.x1 + 1 and r.y0 - 1 <= (u.top + u.bottom) / 2 <= r.y1 + 1:
                    H["urg_rect"] = (r, col, w)
                    break
        # where the body starts on page 1
        ends = [self.T]
        for k in ("qh", "tn", "so", "date", "title", "urg"):
            if H.get(k):
                ends.append(H[k].bottom)
        for k in ("agency", "ty", "vv", "kg"):
            ends.extend(s.bottom for s in H[k])
        if H["urg_rect"]:
            ends.append(H["urg_rect"][0].y1)
        if H["ty_rule"]:
            ends.append(H["ty_rule"].y)
        self.body_start_y = max(ends) + 0.5

    # ------------------------------------------------------ signature block
    def parse_signature(self):
        S = self.sig = {"label": None, "auth": [], "name": None, "list": [], "page": None}
        mp = self.main_pages
        lab_re = re.compile(r"^Nơi nhận.*:$")
        want_label = self.e.get("noi_nhan_label")
        for pd in reversed(self.pages[:mp]):
            labs = [s for s in pd.segs if (fold(s.text) == fold(want_label) if want_label
                                           else lab_re.match(s.text))]
            if labs:
                S["label"] = labs[-1]
                S["page"] = pd
                break
        exp_auth = self.e.get("authority_lines")
        exp_name = self.e.get("signer")
        # page to search for authority lines / signer
        cand_pages = [S["page"]] if S["page"] else list(reversed(self.pages[:mp]))
        lab = S["label"]
        for pd in cand_pages:
            psegs = [s for s in pd.segs if s.top >= self.T - 0.5
                     and any(ch.isalpha() for ch in s.text)]
            right = [s for s in psegs if s.x0 > (lab.x1 + 10 if lab else pd.w * 0.4)
                     and (lab is None or s.base >= lab.base - 30)]
            if exp_auth is not None:
                auth = []
                pos = 0
                for a in exp_auth:
                    m = [s for s in right if fold(s.text) == fold(a) and s.base > pos]
                    if m:
                        auth.append(m[0])
                        pos = m[0].base
                    else:
                        self.fail(16, pd.no, "authority line %r not found in the signature "
                                             "block" % a)
                S["auth"] = auth
            else:
                auth = []
                for s in right:
                    if is_caps(s.text) and s.bold:
                        auth.append(s)
                    elif auth:
                        break
                S["auth"] = auth
            if exp_name:
                m = [s for s in psegs if fold(s.text) == fold(exp_name)
                     and (lab is None or s.base > lab.base - 3)]
                S["name"] = m[-1] if m else None
                if not m:
                    self.fail(16, pd.no, "signer name %r not found" % exp_name)
            else:
                after = [s for s in right if (not S["auth"] or s.base > S["auth"][-1].base)
                         and not is_caps(s.text) and s.any_bold]
                S["name"] = after[0] if after else None
            if S["auth"] or S["name"] or lab:
                S["page"] = pd
                break
        pd = S["page"]
        if pd is None:
            self.fail(15, None, "signature block not found (no 'Nơi nhận:' label, authority "
                                "lines or signer)")
            self.sig_start = (mp, self.pages[mp - 1].h + 1)
            return
        ys = [s.top for s in ([lab] if lab else []) + S["auth"] + ([S["name"]] if S["name"] else [])]
        self.sig_start = (pd.no, min(ys) - 0.5)
        # Nơi nhận list: left column below the label
        if lab:
            prev = lab
            for s in [s for s in pd.segs if s.base > lab.base + 0.5]:
                if s.x0 > lab.x0 + 15 * MM:
                    continue
                if s.base - prev.base > 2.5 * SINGLE_EM * max(s.size, 11):
                    break
                S["list"].append(s)
                prev = s

    # ------------------------------------------------------------ body rows
    def collect_body(self):
        mp = self.main_pages
        self.body = []        # (PageData, Row) in reading order
        self.table_rows = []
        sp, sy = self.sig_start
        for pd in self.pages[:mp]:
            for r in pd.rows:
                if r.top < self.T - 0.5:
                    continue                      # top margin (page number)
                if pd.no == 1 and r.top < self.body_start_y:
                    continue
                if pd.no > sp or (pd.no == sp and r.top >= sy):
                    continue
                if in_tables(pd, r):
                    self.table_rows.append((pd, r))
                    continue
                self.body.append((pd, r))
        # provisional geometry from all body rows
        self._infer_geometry()
        # footnotes: rows under a short rule starting at L in the lower half
        self.footnotes = []
        keep = []
        fn_y = {}
        for pd in self.pages[:mp]:
            for h in pd.hr:
                if abs(h.x0 - self.L) <= 3 and 8 * MM <= h.length <= 0.6 * (self.R - self.L) \
                        and h.y > pd.h * 0.45:
                    fn_y[pd.no] = min(fn_y.get(pd.no, 1e9), h.y)
        for pd, r in self.body:
            if pd.no in fn_y and r.top >= fn_y[pd.no] and r.size < self.body_size - 0.5:
                self.footnotes.append((pd, r))
            else:
                keep.append((pd, r))
        self.body = keep
        self._infer_geometry()

    def _infer_geometry(self):
        e = self.e
        rows = [(pd, r) for pd, r in self.body if not pd.landscape]
        sizes = collections.Counter()
        for pd, r in self.body:
            for c in r.main:
                sizes[round(c.size, 1)] += 1
        self.body_size = sizes.most_common(1)[0][0] if sizes else float(e.get("body_size", 14))
        mains = [(pd, r) for pd, r in rows if abs(r.size - self.body_size) <= 0.5]
        x0s = collections.Counter(round(r.x0, 1) for pd, r in mains)
        margins = e.get("margins_mm") or {}
        if x0s:
            self.L = x0s.most_common(1)[0][0]
        else:
            self.L = margins.get("left", 35) * MM
        x1s = [r.x1 for pd, r in mains]
        if x1s:
            mx = max(x1s)
            c = collections.Counter(round(v, 1) for v in x1s if v > self.L + 0.6 * (mx - self.L))
            mode, n = c.most_common(1)[0]
            near = [v for v in x1s if abs(v - mode) <= 0.5]
            self.R = sorted(near)[len(near) // 2] if len(near) >= 0.3 * len(x1s) else mx
        else:
            self.R = A4_W - margins.get("right", 20) * MM
        self.C = (self.L + self.R) / 2.0

    # -------------------------------------------------------- header checks
    def check_header(self):
        H, e = self.hdr, self.e
        qh, tn = H["qh"], H["tn"]
        p1 = self.pages[0]
        # rule 8
        if qh:
            if not qh.bold:
                self.fail(8, 1, "Quốc hiệu is not bold (fonts %s)" % self._fonts(qh))
            if not (12 - SIZE_TOL <= qh.size <= 13 + SIZE_TOL):
                self.fail(8, 1, "Quốc hiệu size %.2f pt; allowed 12–13 pt" % qh.size)
            if qh.italic:
                self.fail(8, 1, "Quốc hiệu is italic; must be upright")
            if qh.cx <= p1.w / 2:
                self.fail(8, 1, "Quốc hiệu centre x=%s is not right of the page centre %s"
                          % (mm(qh.cx), mm(p1.w / 2)))
            if tn is None or norm(tn.text) != "Độc lập - Tự do - Hạnh phúc":
                self.fail(8, 1, "line under the Quốc hiệu is %r; expected 'Độc lập - Tự do - "
                                "Hạnh phúc'" % (tn.text if tn else None))
            if tn is not None:
                if not tn.bold:
                    self.fail(8, 1, "Tiêu ngữ is not bold (fonts %s)" % self._fonts(tn))
                if tn.italic:
                    self.fail(8, 1, "Tiêu ngữ is italic; must be upright")
                if not (13 - SIZE_TOL <= tn.size <= 14 + SIZE_TOL):
                    self.fail(8, 1, "Tiêu ngữ size %.2f pt; allowed 13–14 pt" % tn.size)
                if tn.size < qh.size - SIZE_TOL:
                    self.fail(8, 1, "Tiêu ngữ size %.2f pt is smaller than the Quốc hiệu size "
                                    "%.2f pt" % (tn.size, qh.size))
                if abs(tn.cx - qh.cx) > 1 * MM:
                    self.fail(8, 1, "Tiêu ngữ centre %s vs Quốc hiệu centre %s: off by %s "
                                    "(allowed ±1 mm)" % (mm(tn.cx), mm(qh.cx), mm(abs(tn.cx - qh.cx))))
                pitch = tn.base - qh.base
                if pitch > 1.5 * SINGLE_EM * tn.size + 0.5:
                    self.fail(8, 1, "Tiêu ngữ baseline %.2f pt below the Quốc hiệu; expected "
                                    "single spacing (≤ %.2f pt)" % (pitch, 1.5 * SINGLE_EM * tn.size))
                rules = [r for r in p1.hr if tn.base - 1 <= r.y <= tn.bottom + 10
                         and r.x1 > tn.x0 and r.x0 < tn.x1]
                if not rules:
                    self.fail(8, 1, "no horizontal rule under the Tiêu ngữ (searched y %.1f–%.1f "
                                    "pt)" % (tn.base - 1, tn.bottom + 10))
                else:
                    r = min(rules, key=lambda r: r.y)
                    self._rule_black(8, 1, r, "Tiêu ngữ rule")
                    if abs(r.length - tn.width) > 0.10 * tn.width:
                        self.fail(8, 1, "Tiêu ngữ rule length %s; Tiêu ngữ width %s, allowed "
                                        "±10%% (%s–%s)" % (mm(r.length), mm(tn.width),
                                                           mm(0.9 * tn.width), mm(1.1 * tn.width)))
                    if abs(r.cx - tn.cx) > 1 * MM:
                        self.fail(8, 1, "Tiêu ngữ rule centre %s vs Tiêu ngữ centre %s (allowed "
                                        "±1 mm)" % (mm(r.cx), mm(tn.cx)))
        # rule 9
        ag = H["agency"]
        exp_parent = e.get("agency_parent")
        exp_issuer = e.get("agency")
        if not ag:
            self.fail(9, 1, "no agency (cơ quan ban hành) lines found left of the Quốc hiệu")
        else:
            texts = [s.text for s in ag]
            if exp_parent is not None or exp_issuer is not None:
                want = list(exp_parent or []) + list(exp_issuer or [])
                if [fold(t) for t in texts] != [fold(t) for t in want]:
                    self.fail(9, 1, "agency lines are %r; expected %r" % (texts, want))
            npar = len(exp_parent) if exp_parent is not None else \
                next((i for i, s in enumerate(ag) if s.any_bold), len(ag))
            parent, issuer = ag[:npar], ag[npar:]
            for s in ag:
                if not is_caps(s.text):
                    self.fail(9, 1, "agency line %r is not all caps" % s.text)
                if not (12 - SIZE_TOL <= s.size <= 13 + SIZE_TOL):
                    self.fail(9, 1, "agency line %r size %.2f pt; allowed 12–13 pt"
                              % (s.text, s.size))
                if s.any_italic:
                    self.fail(9, 1, "agency line %r is italic" % s.text)
            for s in parent:
                if s.any_bold:
                    self.fail(9, 1, "chủ quản line %r is bold; must be regular" % s.text)
            for s in issuer:
                if not s.bold:
                    self.fail(9, 1, "issuing-body line %r is not bold" % s.text)
            if not issuer:
                self.fail(9, 1, "no bold issuing-body line in the agency block %r" % texts)
            else:
                longest = max(issuer, key=lambda s: s.width)
                last = issuer[-1]
                rules = [r for r in p1.hr if last.base - 1 <= r.y <= last.bottom + 10
                         and r.x1 > longest.x0 and r.x0 < longest.x1]
                if not rules:
                    self.fail(9, 1, "no horizontal rule under the issuing-body name %r" % last.text)
                else:
                    r = min(rules, key=lambda r: r.y)
                    self._rule_black(9, 1, r, "agency rule")
                    ratio = r.length / longest.width
                    if not (0.30 <= ratio <= 0.55):
                        self.fail(9, 1, "agency rule length %s = %.2f × the name width %s; "
                                        "allowed 0.30–0.55" % (mm(r.length), ratio, mm(longest.width)))
                    if abs(r.cx - longest.cx) > 1 * MM:
                        self.fail(9, 1, "agency rule centre %s vs name centre %s (allowed ±1 mm)"
                                  % (mm(r.cx), mm(longest.cx)))
                self.agency_cx = longest.cx
        # rule 10
        so, dt = H["so"], H["date"]
        if so is None:
            self.fail(10, 1, "no 'Số:' line on page 1")
        else:
            rx = RE_SO_NAMED if self.kind == "bao-cao" else RE_SO_CV
            m = rx.match(so.text)
            if not m:
                self.fail(10, 1, "Số line %r does not match the %s pattern %s"
                          % (so.text, "named-type" if self.kind == "bao-cao" else "công văn",
                             rx.pattern))
            elif self.kind == "bao-cao" and m.group(2) != "BC":
                self.fail(10, 1, "Số line %r: type abbreviation %r, a Báo cáo uses 'BC'"
                          % (so.text, m.group(2)))
            if e.get("number") and so.text.replace(" ", "") != ("Số:" + e["number"]).replace(" ", ""):
                self.fail(10, 1, "Số line reads %r; expected 'Số: %s'" % (so.text, e["number"]))
            if any(abs(c.size - 13) > SIZE_TOL for c in so.main):
                self.fail(10, 1, "Số line size %s pt; must be exactly 13 pt"
                          % "/".join("%.2f" % k for k in sorted(so.sizes)))
            if so.any_italic:
                self.fail(10, 1, "Số line is italic; must be upright")
            if so.any_bold:
                self.fail(10, 1, "Số line has bold glyphs; must be regular")
            if dt is not None and abs(so.base - dt.base) > 2:
                self.fail(10, 1, "Số baseline y=%.2f vs date-line baseline y=%.2f: %.2f pt apart "
                                 "(allowed ±2 pt)" % (so.base, dt.base, abs(so.base - dt.base)))
            acx = getattr(self, "agency_cx", None)
            if acx is not None and abs(so.cx - acx) > 2 * MM:
                self.fail(10, 1, "Số line centre %s is %s from the agency block centre %s "
                                 "(allowed ±2 mm)" % (mm(so.cx), mm(abs(so.cx - acx)), mm(acx)))
        # rule 11
        if dt is None:
            self.fail(11, 1, "no place/date line ('…, ngày … tháng … năm …') right of the Số line")
        else:
            m = RE_DATE.match(dt.text)
            if not m:
                self.fail(11, 1, "date line %r does not match %s (day < 10 and months 1–2 "
                                 "zero-padded)" % (dt.text, RE_DATE.pattern))
            else:
                try:
                    datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                except ValueError:
                    self.fail(11, 1, "date line %r is not a real date" % dt.text)
            if e.get("date_line") and fold(dt.text) != fold(e["date_line"]):
                self.fail(11, 1, "date line reads %r; expected %r" % (dt.text, e["date_line"]))
            if not dt.italic:
                self.fail(11, 1, "date line is not italic (fonts %s)" % self._fonts(dt))
            if dt.any_bold:
                self.fail(11, 1, "date line has bold glyphs")
            if not (13 - SIZE_TOL <= dt.size <= 14 + SIZE_TOL):
                self.fail(11, 1, "date line size %.2f pt; allowed 13–14 pt" % dt.size)
            if qh and abs(dt.cx - qh.cx) > 2 * MM:
                self.fail(11, 1, "date line centre %s is %s from the Quốc hiệu centre %s "
                                 "(allowed ±2 mm)" % (mm(dt.cx), mm(abs(dt.cx - qh.cx)), mm(qh.cx)))
        # rule 12
        if self.kind == "bao-cao":
            t = H["title"]
            dtp = e.get("doc_type", "BÁO CÁO")
            if t is None:
                self.fail(12, 1, "title line %r not found below the Số line" % dtp)
            else:
                if not t.bold:
                    self.fail(12, 1, "title %r is not bold" % t.text)
                if not (13 - SIZE_TOL <= t.size <= 14 + SIZE_TOL):
                    self.fail(12, 1, "title size %.2f pt; allowed 13–14 pt" % t.size)
                if abs(t.cx - self.C) > 2 * MM:
                    self.fail(12, 1, "title centre %s is %s from the text-area centre %s "
                                     "(allowed ±2 mm)" % (mm(t.cx), mm(abs(t.cx - self.C)), mm(self.C)))
                ty = H["ty"]
                if not ty:
                    self.fail(12, 1, "no trích yếu lines under the title")
                else:
                    joined = " ".join(s.text for s in ty)
                    if e.get("trich_yeu") and fold(joined) != fold(e["trich_yeu"]):
                        self.fail(12, 1, "trích yếu reads %r; expected %r" % (joined, e["trich_yeu"]))
                    for s in ty:
                        if not s.bold:
                            self.fail(12, 1, "trích yếu line %r is not bold" % short(s.text))
                        if not (13 - SIZE_TOL <= s.size <= 14 + SIZE_TOL):
                            self.fail(12, 1, "trích yếu line %r size %.2f pt; allowed 13–14 pt"
                                      % (short(s.text), s.size))
                        if abs(s.cx - self.C) > 2 * MM:
                            self.fail(12, 1, "trích yếu line %r centre %s is %s off the text-area "
                                             "centre (allowed ±2 mm)"
                                      % (short(s.text), mm(s.cx), mm(abs(s.cx - self.C))))
                    r = H["ty_rule"]
                    longest = max(ty, key=lambda s: s.width)
                    if r is None:
                        self.fail(12, 1, "no horizontal rule under the trích yếu")
                    else:
                        self._rule_black(12, 1, r, "trích yếu rule")
                        ratio = r.length / longest.width
                        if not (0.30 <= ratio <= 0.55):
                            self.fail(12, 1, "trích yếu rule length %s = %.2f × the line width %s; "
                                             "allowed 0.30–0.55" % (mm(r.length), ratio,
                                                                    mm(longest.width)))
                        if abs(r.cx - longest.cx) > 1 * MM:
                            self.fail(12, 1, "trích yếu rule centre %s vs text centre %s "
                                             "(allowed ±1 mm)" % (mm(r.cx), mm(longest.cx)))
        else:
            vv = H["vv"]
            if not vv:
                self.fail(12, 1, "công văn: no 'V/v …' line under the Số line")
            else:
                joined = " ".join(s.text for s in vv)
                if e.get("trich_yeu") and fold(joined) != fold(e["trich_yeu"]):
                    self.fail(12, 1, "V/v block reads %r; expected %r" % (joined, e["trich_yeu"]))
                for s in vv:
                    if not (12 - SIZE_TOL <= s.size <= 13 + SIZE_TOL):
                        self.fail(12, 1, "V/v line %r size %.2f pt; allowed 12–13 pt"
                                  % (short(s.text), s.size))
                    if s.any_bold:
                        self.fail(12, 1, "V/v line %r has bold glyphs; must be regular"
                                  % short(s.text))
                    if s.any_italic:
                        self.fail(12, 1, "V/v line %r has italic glyphs; must be upright"
                                  % short(s.text))
                    if so and abs(s.cx - so.cx) > 2 * MM:
                        self.fail(12, 1, "V/v line %r centre %s is %s from the Số line centre %s "
                                         "(allowed ±2 mm)" % (short(s.text), mm(s.cx),
                                                              mm(abs(s.cx - so.cx)), mm(so.cx)))
                if so:
                    gap = vv[0].top - so.bottom
                    if not (4 <= gap <= 8):
                        self.fail(12, 1, "gap between the Số line box (bottom y=%.2f) and the V/v "
                                         "line box (top y=%.2f) is %.2f pt; expected 6 ±2 pt"
                                  % (so.bottom, vv[0].top, gap))
        # rule 17
        u = H["urg"]
        if "urgency" in e:
            want = e["urgency"]
            if want is None and u is not None:
                self.fail(17, 1, "unexpected urgency mark %r on page 1" % u.text)
            if want is not None and u is None:
                self.fail(17, 1, "urgency mark %r not found on page 1" % want)
            if want is not None and u is not None and fold(u.text) != fold(want):
                self.fail(17, 1, "urgency mark reads %r; expected %r" % (u.text, want))
        if u is not None:
            if not u.bold:
                self.fail(17, 1, "urgency mark %r is not bold" % u.text)
            if not (13 - SIZE_TOL <= u.size <= 14 + SIZE_TOL):
                self.fail(17, 1, "urgency mark size %.2f pt; allowed 13–14 pt" % u.size)
            rr = H["urg_rect"]
            if rr is None:
                self.fail(17, 1, "urgency mark %r is not inside a drawn rectangle" % u.text)
            else:
                r = rr[0]
                wmm = URGENCY_BOX_MM.get(fold(u.text), 20.0)
                if abs(r.width - wmm * MM) > 2 * MM or abs(r.height - 8 * MM) > 2 * MM:
                    self.fail(17, 1, "urgency rectangle is %s × %s; %r needs %.0f × 8 mm (±2 mm)"
                              % (mm(r.width), mm(r.height), u.text, wmm))
                qx = qh.x0 if qh else self.C
                if (r.x0 + r.x1) / 2 >= qx:
                    self.fail(17, 1, "urgency rectangle centre %s is not in the left column "
                                     "(left of %s)" % (mm((r.x0 + r.x1) / 2), mm(qx)))
                if so and r.y0 < so.base:
                    self.fail(17, 1, "urgency rectangle top y=%.2f is not below the Số line "
                                     "(baseline %.2f)" % (r.y0, so.base))
        # Kính gửi (not a §8 rule; checked for form and content)
        kg = H["kg"]
        if e.get("kinh_gui") and not kg:
            self.fail("KG", 1, "'Kính gửi:' not found on page 1")
        if kg:
            # recipient lines: the rest of the label line, then the lines below
            first = re.sub(r"^Kính gửi\s*:\s*", "", kg[0].text)
            lines = ([(kg[0], first)] if first else []) + [(s, s.text) for s in kg[1:]]
            items = []
            dashed = any(t.startswith("-") for _, t in lines)
            for s, t in lines:
                if (dashed and t.startswith("-")) or not items or \
                        (not dashed and items[-1].endswith((";", "."))):
                    items.append(t)
                else:
                    items[-1] += " " + t
            if e.get("kinh_gui"):
                want = [fold(x) for x in e["kinh_gui"]]
                if [fold(x) for x in items] != want:
                    self.fail("KG", 1, "Kính gửi recipients %r; expected %r" % (items, e["kinh_gui"]))
            for s in kg:
                if not (13 - SIZE_TOL <= s.size <= 14 + SIZE_TOL):
                    self.fail("KG", 1, "Kính gửi line %r size %.2f pt; allowed 13–14"
                              % (short(s.text), s.size))
                if s.any_italic:
                    self.fail("KG", 1, "Kính gửi line %r is italic" % short(s.text))
            if len(items) > 1:
                for it in items:
                    if not it.startswith("-"):
                        self.fail("KG", 1, "Kính gửi has %d recipients but %r does not start with "
                                           "'-' (one per line, '-' first, dashes aligned under the "
                                           "colon)" % (len(items), short(it, 40)))
                dashes = [next(c.x0 for c in s.chars if c.c == "-")
                          for s, t in lines if t.startswith("-")]
                if dashes and max(dashes) - min(dashes) > 0.5:
                    self.fail("KG", 1, "Kính gửi dashes not aligned: x from %s to %s"
                              % (mm(min(dashes)), mm(max(dashes))))
                for it in items[:-1]:
                    if not it.endswith(";"):
                        self.fail("KG", 1, "Kính gửi item %r does not end with ';'" % short(it))
            if items and not items[-1].endswith("."):
                self.fail("KG", 1, "last Kính gửi item %r does not end with '.'" % short(items[-1]))

    def _fonts(self, s):
        return sorted(set(c.font for c in s.main))

    def _rule_black(self, rule, page, r, what):
        col = r.color
        if col is not None and max(col) > 0.05:
            self.fail(rule, page, "%s colour %s is not black" % (what, tuple(round(v, 2) for v in col)))

    # ----------------------------------------------------------- rule 2
    def check_margins(self):
        e = self.e
        margins = e.get("margins_mm")
        L, R, T = self.L, self.R, self.T
        p1 = self.pages[0]
        if not (30 * MM - 0.5 <= L <= 35 * MM + 0.5):
            self.fail(2, None, "body left edge at %s; left margin must be 30–35 mm" % mm(L))
        rm = p1.w - R if not p1.landscape else A4_W - R
        if not (15 * MM - 0.5 <= rm <= 20 * MM + 0.5):
            self.fail(2, None, "justified body lines end at x=%s, right margin %s; must be "
                               "15–20 mm" % (mm(R), mm(rm)))
        if not (20 * MM - 0.5 <= T <= 25 * MM + 0.5):
            self.fail(2, 1, "first line of page 1 starts at y=%s (top of its line box); top "
                            "margin must be 20–25 mm" % mm(T))
        if margins:
            for name, have, want in (("left", L, margins.get("left")),
                                     ("right", A4_W - R, margins.get("right")),
                                     ("top", T, margins.get("top"))):
                if want is not None and abs(have - want * MM) > 0.5 * MM:
                    self.fail(2, None, "%s margin measured %s; expected %.1f mm ±0.5 mm"
                              % (name, mm(have), want))
        # same body left edge on every portrait page
        per = collections.defaultdict(collections.Counter)
        for pd, r in self.body:
            if not pd.landscape and abs(r.size - self.body_size) <= 0.5:
                per[pd.no][round(r.x0, 1)] += 1
        for no, cnt in sorted(per.items()):
            # the leftmost edge shared by two lines or more (first lines are
            # indented; a page of short paragraphs may hold more of them)
            xs = [x for x, n in cnt.items() if n >= 2]
            if not xs:
                continue
            x = min(xs)
            if abs(x - L) > 0.5 * MM:
                self.fail(2, no, "body left edge at %s; other pages at %s (allowed ±0.5 mm)"
                          % (mm(x), mm(L)))
        # glyph boxes
        bottom_lim = (margins or {}).get("bottom")
        for pd in self.pages:
            if pd.landscape:
                lx0, lx1 = 30 * MM - 0.5, pd.w - 15 * MM + 1.0  # same tolerance as portrait
            else:
                lx0, lx1 = L - 0.5, R + 1.0
            ly0 = max(T - 0.5, 20 * MM - 0.5) if not pd.landscape else 20 * MM - 0.5
            ly1 = pd.h - (bottom_lim * MM if bottom_lim else 20 * MM) + 0.5
            pn = self._margin_segs(pd)
            pnset = set(id(c) for s in pn for c in s.chars)
            bad = []
            for c in pd.chars:
                if id(c) in pnset:
                    continue
                if c.x0 < lx0 or c.x1 > lx1 or c.top < ly0 or c.bottom > ly1:
                    bad.append(c)
            if bad:
                badids = set(id(c) for c in bad)
                segs = [s for s in pd.segs if any(id(c) in badids for c in s.chars)]
                worst = segs[:3]
                desc = "; ".join("%r box x %.1f–%.1f y %.1f–%.1f" % (short(s.text, 30), s.x0, s.x1,
                                                                     s.top, s.bottom) for s in worst)
                self.fail(2, pd.no, "%d glyphs outside the text area x %.1f–%.1f, y %.1f–%.1f pt "
                                    "(%s–%s, %s–%s): %s" % (len(bad), lx0, lx1, ly0, ly1, mm(lx0),
                                                            mm(lx1), mm(ly0), mm(ly1), desc))
            # drawn lines (rules, table borders) too
            dbad = []
            for h in pd.hr:
                if h.x0 < lx0 - 1 or h.x1 > lx1 + 1 or not (ly0 - 1 <= h.y <= ly1 + 1):
                    dbad.append("horizontal x %.1f–%.1f y %.1f" % (h.x0, h.x1, h.y))
            for y0, y1, x in pd.vr:
                if not (lx0 - 1 <= x <= lx1 + 1) or y0 < ly0 - 1 or y1 > ly1 + 1:
                    dbad.append("vertical x %.1f y %.1f–%.1f" % (x, y0, y1))
            if dbad:
                self.fail(2, pd.no, "%d drawn lines outside the text area x %.1f–%.1f, y %.1f–%.1f "
                                    "pt (%s–%s): %s" % (len(dbad), lx0, lx1, ly0, ly1, mm(lx0),
                                                        mm(lx1), "; ".join(dbad[:3])))

    def _landscape_centre(self, pd, segs):
        """Centre of the text area of a landscape page: glyphs and drawn lines."""
        xs0 = [s.x0 for s in segs] + [t.x0 + 1 for t in pd.tables] + \
            [h.x0 for h in pd.hr if h.length > 20 * MM]
        xs1 = [s.x1 for s in segs] + [t.x1 - 1 for t in pd.tables] + \
            [h.x1 for h in pd.hr if h.length > 20 * MM]
        return (min(xs0) + max(xs1)) / 2 if xs0 else pd.w / 2

    def _margin_segs(self, pd):
        """Segments in the top margin (candidates for the page number)."""
        if pd.no == 1:
            return [s for s in pd.segs if s.top < self.T - 0.5]
        if pd.landscape:
            first = min((s.top for s in pd.segs if not s.text.isdigit()), default=pd.h)
            return [s for s in pd.segs if s.top < min(first, 20 * MM + 0.5 * MM) - 0.5 or
                    (s.text.isdigit() and s.bottom < first and s.top < 25 * MM)]
        return [s for s in pd.segs if s.top < self.T - 0.5]

    # --------------------------------------------------------- rules 5, 13
    def check_body(self):
        e = self.e
        bs = self.body_size
        body = self.body
        self.rep.info.update({"body_size": bs, "left_edge_mm": round(self.L / MM, 2),
                              "right_edge_mm": round(self.R / MM, 2),
                              "top_mm": round(self.T / MM, 2), "body_lines": len(body)})
        if len(body) < 2:
            self.fail(13, None, "fewer than 2 body lines found (%d); cannot check the body"
                      % len(body))
            return
        # rule 5
        if not any(abs(bs - v) <= SIZE_TOL for v in (13, 14)):
            self.fail(5, None, "body size %.2f pt (most frequent); must be 13 or 14 pt" % bs)
        if e.get("body_size") and abs(bs - float(e["body_size"])) > SIZE_TOL:
            self.fail(5, None, "body size %.2f pt; expected %s pt" % (bs, e["body_size"]))
        for pd, r in body:
            odd = [c for c in r.main if abs(c.size - bs) > SIZE_TOL]
            if odd:
                sz = sorted(set(round(c.size, 2) for c in odd))
                self.fail(5, pd.no, "body line %r has glyphs at %s pt; body size is %.2f pt"
                          % (short(r.text, 50), "/".join(map(str, sz)), bs), key="size")
        # classify rows
        L, R, C = self.L, self.R, self.C
        single = SINGLE_EM * bs
        items = []   # (pd, row, cls)
        for pd, r in body:
            if pd.landscape:
                continue
            if abs(r.x0 - L) <= 1.0:
                cls = "flush"
            elif r.x0 - L > 50 and abs(r.cx - C) <= 2 * MM and r.x1 < R - 1.0:
                cls = "centre"
            else:
                cls = "indent"
            items.append((pd, r, cls))
        # indent value
        ind = collections.Counter(round(r.x0 - L, 1) for pd, r, c in items if c == "indent")
        if not ind:
            self.fail(13, None, "no first-line-indented paragraph found in the body")
            indent = None
        else:
            indent = ind.most_common(1)[0][0]
            ok = [v for v in (10.0, 12.7) if abs(indent - v * MM) <= 0.5 * MM]
            if not ok:
                self.fail(13, None, "first-line indent %s; must be 10.0 or 12.7 mm (±0.5 mm)"
                          % mm(indent))
            if e.get("indent_mm") and abs(indent - float(e["indent_mm"]) * MM) > 0.5 * MM:
                self.fail(13, None, "first-line indent %s; expected %s mm" % (mm(indent),
                                                                             e["indent_mm"]))
        self.rep.info["indent_mm"] = round(indent / MM, 2) if indent is not None else None
        # pitch inside paragraphs
        diffs = collections.Counter()
        for (pa, ra, ca), (pb, rb, cb) in zip(items, items[1:]):
            if pa is pb and cb == "flush" and ca != "centre" and 0 < rb.base - ra.base < 2.5 * bs:
                diffs[round(rb.base - ra.base, 1)] += 1
        pitch = diffs.most_common(1)[0][0] if diffs else single
        self.rep.info["line_pitch"] = pitch
        # paragraphs
        paras = []
        for i, (pd, r, cls) in enumerate(items):
            if i == 0:
                start = True
            else:
                ppd, pr, pcls = items[i - 1]
                if cls != "flush" or pcls == "centre":
                    start = True
                elif RE_ROMAN_HEAD.match(r.text) and r.bold:
                    start = True          # "I." heading at the left edge (alignment open)
                elif ppd is pd:
                    start = r.base - pr.base > pitch + 3
                else:
                    start = False
            if start:
                paras.append([(pd, r, cls)])
            else:
                paras[-1].append((pd, r, cls))
        self.paras = paras
        for pi, para in enumerate(paras):
            pd0, r0, c0 = para[0]
            text = " ".join(r.text for _, r, _ in para)
            roman = bool(RE_ROMAN_HEAD.match(text)) and not text.startswith(".")
            if c0 == "centre":
                continue
            # indent
            if not roman:
                if c0 == "flush":
                    self.fail(13, pd0.no, "paragraph %r starts at the left edge without a "
                                          "first-line indent" % short(text, 50), key="noindent")
                elif indent is not None:
                    ref = para[1][1].x0 if len(para) > 1 and para[1][0] is pd0 else L
                    got = r0.x0 - ref
                    if abs(got - indent) > 0.5:
                        self.fail(13, pd0.no, "paragraph %r first-line indent %s; the document "
                                              "uses %s" % (short(text, 50), mm(got), mm(indent)),
                                  key="indent")
            # justification ("I." headings: alignment open, not required;
            # headings, all bold or all italic, are set in balanced lines)
            heading = all(r.bold for _, r, _ in para) or all(r.italic for _, r, _ in para)
            for j, (pd, r, cls) in enumerate(para):
                last = j == len(para) - 1
                if cls == "centre":
                    continue
                # A line whose best breaks would need spaces over twice their
                # width keeps spaces of 2x and stops short of the edge.
                capped = r.x1 < R and max_space_ratio(r) >= 1.9
                if not last and not roman and not heading and not capped and abs(r.x1 - R) > 1.0:
                    self.fail(13, pd.no, "line %r ends at x=%.2f; justified lines must end at the "
                                         "right text edge %.2f ±1 pt (off by %.2f pt)"
                              % (short(r.text, 45), r.x1, R, r.x1 - R), key="justify")
                if last and r.x1 > R + 1.0:
                    self.fail(13, pd.no, "last line %r ends at x=%.2f, beyond the right edge %.2f"
                              % (short(r.text, 45), r.x1, R), key="justify")
                if j > 0 and para[j - 1][0] is pd:
                    d = r.base - para[j - 1][1].base
                    lo, hi = 1.0 * single - 0.1, 1.5 * single + 0.1
                    if not (lo <= d <= hi):
                        self.fail(13, pd.no, "line pitch %.2f pt before %r; allowed 1.0–1.5 × "
                                             "single = %.2f–%.2f pt" % (d, short(r.text, 40),
                                                                       single, 1.5 * single),
                                  key="pitch")
            # paragraph gap
            if pi > 0:
                ppd, pr, pcls = paras[pi - 1][-1]
                if ppd is pd0:
                    gap = r0.base - pr.base - pitch
                    if gap < 6 - 0.2:
                        self.fail(13, pd0.no, "space before paragraph %r is %.2f pt (baseline "
                                              "distance %.2f − line pitch %.2f); must be ≥ 6 pt"
                                  % (short(text, 45), gap, r0.base - pr.base, pitch), key="gap")
        # rule 21
        if "21" not in self.skip:
            tail = [" ".join(r.text for _, r, _ in p) for p in paras[-3:]]
            if not any(t.rstrip().endswith("./.") for t in tail):
                self.warn(21, None, "main text does not end with './.' (last paragraph: %r)"
                          % (short(tail[-1], 60) if tail else ""))

    # ------------------------------------------------------------ rule 14
    def check_headings(self):
        paras = getattr(self, "paras", [])
        n = 0
        for para in paras:
            pd0, r0, c0 = para[0]
            text = " ".join(r.text for _, r, _ in para)
            if RE_ROMAN_HEAD.match(text):
                n += 1
                if not is_caps(text):
                    self.fail(14, pd0.no, "heading %r is not all caps" % short(text))
                if not all(r.bold for _, r, _ in para):
                    self.fail(14, pd0.no, "heading %r is not bold" % short(text))
                if any(abs(r.size - self.body_size) > SIZE_TOL for _, r, _ in para):
                    pass  # reported by rule 5
        want = self.e.get("roman_headings")
        if want is not None and n != int(want):
            self.fail(14, None, "found %d 'I.'-level headings in the body; expected %d" % (n, want))
        # Phần / Chương
        items = [(pd, r) for pd, r in self.body]
        for i, (pd, r) in enumerate(items):
            if re.match(r"^(Phần|Chương|Mục)\s+([IVXLC]+|[0-9]+)$", r.text):
                if abs(r.cx - self.C) > 2 * MM:
                    self.fail(14, pd.no, "%r is not centred (centre %s, text-area centre %s)"
                              % (r.text, mm(r.cx), mm(self.C)))
                if not r.bold:
                    self.fail(14, pd.no, "%r is not bold" % r.text)
                if r.text.startswith("Mục") and not re.search(r"[0-9]$", r.text):
                    self.fail(14, pd.no, "%r must use Arabic digits" % r.text)
                if i + 1 < len(items) and items[i + 1][0] is pd:
                    t = items[i + 1][1]
                    if not (is_caps(t.text) and t.bold and abs(t.cx - self.C) <= 2 * MM):
                        self.fail(14, pd.no, "title after %r must be caps, bold, centred: %r"
                                  % (r.text, short(t.text)))

    # ------------------------------------------------------- rules 15, 16
    def check_signature(self):
        S, e = self.sig, self.e
        lab = S["label"]
        pdn = S["page"].no if S["page"] else None
        auth, name = S["auth"], S["name"]
        if lab is None:
            self.fail(15, pdn, "'Nơi nhận:' label not found")
        else:
            if abs(lab.x0 - self.L) > 1 * MM:
                self.fail(15, pdn, "'Nơi nhận:' starts at x=%s; must be at the left margin %s "
                                   "±1 mm" % (mm(lab.x0), mm(self.L)))
            if not (lab.bold and lab.italic):
                self.fail(15, pdn, "'Nơi nhận:' must be bold italic (fonts %s)" % self._fonts(lab))
            if abs(lab.size - 12) > SIZE_TOL:
                self.fail(15, pdn, "'Nơi nhận:' size %.2f pt; must be 12 pt" % lab.size)
            if auth and abs(lab.base - auth[0].base) > 2:
                self.fail(15, pdn, "'Nơi nhận:' baseline y=%.2f vs first authority line %r "
                                   "baseline y=%.2f: %.2f pt apart (allowed ±2 pt)"
                          % (lab.base, auth[0].text, auth[0].base, abs(lab.base - auth[0].base)))
            lst = S["list"]
            items = []
            for s in lst:
                if abs(s.size - 11) > SIZE_TOL:
                    self.fail(15, pdn, "Nơi nhận line %r size %.2f pt; must be 11 pt"
                              % (short(s.text), s.size), key="nnsize")
                if s.any_bold or s.any_italic:
                    self.fail(15, pdn, "Nơi nhận line %r must be upright regular (fonts %s)"
                              % (short(s.text), self._fonts(s)), key="nnstyle")
                if s.text.startswith("-"):
                    if abs(s.x0 - self.L) > 1 * MM:
                        self.fail(15, pdn, "Nơi nhận item %r starts at x=%s; must be at the left "
                                           "margin %s ±1 mm" % (short(s.text), mm(s.x0), mm(self.L)),
                                  key="nnx")
                    items.append(s.text)
                elif items:
                    items[-1] += " " + s.text
                else:
                    self.fail(15, pdn, "Nơi nhận line %r does not start with '-'" % short(s.text))
                    items.append(s.text)
            if not items:
                self.fail(15, pdn, "no recipient lines under 'Nơi nhận:'")
            else:
                for it in items[:-1]:
                    if not it.endswith(";"):
                        self.fail(15, pdn, "Nơi nhận item %r does not end with ';'" % short(it))
                last = items[-1]
                if not (last.startswith("- Lưu:") and re.search(r"\bVT\b", last)
                        and last.endswith(".")):
                    self.fail(15, pdn, "last Nơi nhận item %r must start with '- Lưu:', contain "
                                       "'VT' and end with '.'" % last)
                if e.get("noi_nhan") is not None:
                    if [fold(x) for x in items] != [fold(x) for x in e["noi_nhan"]]:
                        self.fail(15, pdn, "Nơi nhận items %r; expected %r" % (items, e["noi_nhan"]))
        # rule 16
        if e.get("authority_lines") is None and not auth:
            self.fail(16, pdn, "no authority (quyền hạn/chức vụ) lines found in the signature block")
        for s in auth:
            if not is_caps(s.text):
                self.fail(16, pdn, "authority line %r is not all caps" % s.text)
            if not s.bold:
                self.fail(16, pdn, "authority line %r is not bold" % s.text)
            if s.any_italic:
                self.fail(16, pdn, "authority line %r is italic" % s.text)
            if not (13 - SIZE_TOL <= s.size <= 14 + SIZE_TOL):
                self.fail(16, pdn, "authority line %r size %.2f pt; allowed 13–14 pt"
                          % (s.text, s.size))
            tok = s.text.split()[0] if s.text.split() else ""
            if tok.endswith(".") and tok not in AUTH_PREFIXES:
                self.fail(16, pdn, "authority prefix %r not one of %s" % (tok, "/".join(AUTH_PREFIXES)))
        if auth:
            for s in auth[1:]:
                if abs(s.cx - auth[0].cx) > 2 * MM:
                    self.fail(16, pdn, "authority line %r centre %s vs %r centre %s (allowed ±2 mm)"
                              % (s.text, mm(s.cx), auth[0].text, mm(auth[0].cx)))
        if name is None:
            if e.get("signer") is None:
                self.fail(16, pdn, "signer name not found under the authority lines")
        else:
            if not name.bold:
                self.fail(16, pdn, "signer name %r is not bold" % name.text)
            if name.any_italic:
                self.fail(16, pdn, "signer name %r is italic" % name.text)
            if not (13 - SIZE_TOL <= name.size <= 14 + SIZE_TOL):
                self.fail(16, pdn, "signer name size %.2f pt; allowed 13–14 pt" % name.size)
            if is_caps(name.text):
                self.fail(16, pdn, "signer name %r is all caps" % name.text)
            first = name.text.split()[0] if name.text.split() else ""
            if first in HONORIFICS:
                self.fail(16, pdn, "signer name %r is preceded by an honorific" % name.text)
            if auth:
                cv = auth[-1]
                if abs(name.cx - cv.cx) > 2 * MM:
                    self.fail(16, pdn, "signer name centre %s is %s from the chức vụ %r centre %s "
                                       "(allowed ±2 mm)" % (mm(name.cx), mm(abs(name.cx - cv.cx)),
                                                            cv.text, mm(cv.cx)))
                if name.base <= cv.base:
                    self.fail(16, pdn, "signer name is not below the chức vụ line")
                elif name.base - cv.base < 15 * MM:
                    self.warn(16, pdn, "only %s between the chức vụ and the name baselines: little "
                                       "room for signature and seal (habit: 25–30 mm)"
                              % mm(name.base - cv.base))

    # ---------------------------------------------------------- rules 6, 7
    def check_page_numbers(self):
        for pd in self.pages:
            app, k = self.page_role[pd.no]
            rule = 6 if app is None else 7
            segs = self._margin_segs(pd)
            if pd.landscape:
                rows = [s for s in pd.segs if s not in segs]
                C = self._landscape_centre(pd, rows)
                T = min((s.top for s in rows), default=20 * MM)
            else:
                C, T = self.C, self.T
            what = "main page %d" % k if app is None else "page %d of appendix %d" % (k, app + 1)
            if k == 1:
                for s in segs:
                    self.fail(rule, pd.no, "%s must show no page number; found %r in the top margin "
                                           "(y %.1f–%.1f)" % (what, s.text, s.top, s.bottom))
                continue
            want = str(k)
            nums = [s for s in segs]
            if len(nums) != 1:
                # maybe a number placed below the top margin line
                inside = [s for s in pd.segs if s.text == want and s.top < pd.h * 0.2]
                extra = ""
                if inside:
                    s = inside[0]
                    extra = "; %r found at y %.1f–%.1f, not entirely above the top margin line " \
                            "y=%.1f" % (s.text, s.top, s.bottom, T)
                self.fail(rule, pd.no, "%s: expected exactly one page number %r inside the top "
                                       "margin, found %r%s" % (what, want, [s.text for s in nums],
                                                               extra))
                continue
            s = nums[0]
            if s.text != want:
                self.fail(rule, pd.no, "%s shows page number %r; expected %r" % (what, s.text, want))
            if not (13 - SIZE_TOL <= s.size <= 14 + SIZE_TOL):
                self.fail(rule, pd.no, "page number size %.2f pt; allowed 13–14 pt" % s.size)
            if s.any_italic:
                self.fail(rule, pd.no, "page number is italic")
            if abs(s.cx - C) > 2 * MM:
                self.fail(rule, pd.no, "page number centre x=%s is %s from the text-area centre %s "
                                       "(allowed ±2 mm)" % (mm(s.cx), mm(abs(s.cx - C)), mm(C)))
            if s.bottom > T + 0.01:
                self.fail(rule, pd.no, "page number box bottom y=%.2f is below the top margin line "
                                       "y=%.2f" % (s.bottom, T))

    # ------------------------------------------------------------ rule 19
    def check_appendices(self):
        starts = self.app_starts
        labels = self.e.get("appendix_labels")
        main_text = " ".join(r.text for pd in self.pages[:self.main_pages] for r in pd.rows)
        for i, no in enumerate(starts):
            pd = self.pages[no - 1]
            segs = [s for s in pd.segs if s not in self._margin_segs(pd)]
            if not segs:
                self.fail(19, no, "appendix page is empty")
                continue
            lab = segs[0]
            C = self.C if not pd.landscape else self._landscape_centre(pd, segs)
            m = re.match(r"^Phụ lục(?: ([IVXLC]+|[0-9]+))?$", lab.text)
            if not m:
                self.fail(19, no, "appendix starts with %r; expected 'Phụ lục [numeral]'" % lab.text)
                continue
            if labels is not None:
                if i < len(labels) and fold(lab.text) != fold(labels[i]):
                    self.fail(19, no, "appendix label %r; expected %r" % (lab.text, labels[i]))
            elif len(starts) >= 2 and m.group(1) != ROMANS[i]:
                self.fail(19, no, "appendix %d label %r; expected 'Phụ lục %s' (Roman numerals "
                                  "in order)" % (i + 1, lab.text, ROMANS[i]))
            if not lab.bold:
                self.fail(19, no, "%r is not bold" % lab.text)
            if lab.any_italic:
                self.fail(19, no, "%r is italic" % lab.text)
            if abs(lab.size - 14) > SIZE_TOL:
                self.fail(19, no, "%r size %.2f pt; must be 14 pt" % (lab.text, lab.size))
            if abs(lab.cx - C) > 2 * MM:
                self.fail(19, no, "%r centre %s is %s off the text-area centre"
                          % (lab.text, mm(lab.cx), mm(abs(lab.cx - C))))
            title = []
            kt = []
            for s in segs[1:]:
                if not kt and is_caps(s.text) and not s.text.startswith("("):
                    title.append(s)
                elif (not kt and s.text.startswith("(")) or (kt and not kt[-1].text.endswith(")")):
                    kt.append(s)
                else:
                    break
            if not title:
                self.fail(19, no, "no all-caps title under %r (next line %r)"
                          % (lab.text, segs[1].text if len(segs) > 1 else None))
            for s in title:
                if not s.bold:
                    self.fail(19, no, "appendix title line %r is not bold" % short(s.text))
                if not (13 - SIZE_TOL <= s.size <= 14 + SIZE_TOL):
                    self.fail(19, no, "appendix title line %r size %.2f pt; allowed 13–14"
                              % (short(s.text), s.size))
                if abs(s.cx - C) > 2 * MM:
                    self.fail(19, no, "appendix title line %r is not centred (off by %s)"
                              % (short(s.text), mm(abs(s.cx - C))))
            attach = self.e.get("appendix_attach_lines")
            if not kt:
                self.fail(19, no, "no italic '(Kèm theo …)' line under the appendix title")
            else:
                joined = " ".join(s.text for s in kt)
                if attach is not None and i < len(attach):
                    if fold(joined) != fold(attach[i]):
                        self.fail(19, no, "attachment line reads %r; expected %r"
                                  % (joined, attach[i]))
                elif not joined.startswith("(Kèm theo"):
                    self.fail(19, no, "attachment line %r does not start with '(Kèm theo'"
                              % short(joined))
                if not joined.endswith(")"):
                    self.fail(19, no, "'Kèm theo' line %r does not end with ')'" % short(joined))
                for s in kt:
                    if not s.italic:
                        self.fail(19, no, "'Kèm theo' line %r is not italic" % short(s.text))
                    if not (13 - SIZE_TOL <= s.size <= 14 + SIZE_TOL):
                        self.fail(19, no, "'Kèm theo' line size %.2f pt; allowed 13–14" % s.size)
                    if abs(s.cx - C) > 2 * MM:
                        self.fail(19, no, "'Kèm theo' line %r is not centred (off by %s)"
                                  % (short(s.text), mm(abs(s.cx - C))))
            # A citation may be lower case ("đính kèm phụ lục 2") or part of an
            # enumeration ("Kèm theo Phụ lục 1, 2, 3, 4", "phụ lục I và II").
            num = r"[IVXLC0-9]+"
            pat = r"phụ lục" + (r"\s+(?:" + num + r"\s*(?:,|và)\s*)*" + re.escape(m.group(1))
                                 + r"(?![IVXLC0-9])" if m.group(1) else "")
            if not re.search(pat, main_text, re.IGNORECASE):
                self.fail(19, no, "%r is not cited in the main text" % lab.text)

    # ------------------------------------------------------------- rule 3
    def check_fonts(self):
        try:
            rc, so, se = self._tool("pdffonts")
        except Exception as ex:
            self.fail(3, None, str(ex))
            return
        lines = so.decode("utf-8", "replace").splitlines()
        if rc != 0 or len(lines) < 2:
            self.fail(3, None, "pdffonts failed: %s" % (se.strip()[:200]))
            return
        namew = len(lines[1].split(" ")[0])
        fonts = []
        for ln in lines[2:]:
            tok = ln.split()
            if len(tok) < 7:
                continue
            emb, uni = tok[-5], tok[-3]
            # name: the first column, unless a long name overflowed it
            name = ln[:namew].strip() if len(ln) > namew and ln[namew] == " " else tok[0]
            rest = ln[len(name):].split()
            typ = " ".join(rest[:-6]) if len(rest) > 6 else (rest[0] if rest else "")
            fonts.append((name, typ, emb, uni))
            base = RE_SUBSET.sub("", name)
            key = re.sub(r"[\s,\-_]", "", base).lower()
            if emb != "yes":
                self.fail(3, None, "font %r (%s) is not embedded" % (name, typ))
            if uni != "yes":
                self.fail(3, None, "font %r has no ToUnicode map" % name)
            if "Type 3" in typ:
                self.fail(3, None, "font %r is a Type 3 font" % name)
            if not RE_FONT_OK.match(key):
                self.fail(3, None, "font %r is not Times New Roman or Liberation Serif" % name)
        if not fonts:
            self.fail(3, None, "the PDF has no fonts")
        self.rep.info["fonts"] = sorted(set(f[0] for f in fonts))
        seen = set()
        for pd in self.pages:
            for c in pd.chars:
                if c.font in seen:
                    continue
                seen.add(c.font)
                key = re.sub(r"[\s,\-_]", "", c.font).lower()
                # MuPDF cuts span font names at 31 characters with the subset
                # prefix ("…BoldItal"): only the family is checked here; pdffonts
                # above checks the full base names.
                if not re.match(r"^(timesnewroman|liberationserif)", key):
                    self.fail(3, pd.no, "text drawn in font %r (not Times New Roman / Liberation "
                                        "Serif)" % c.font)
        # NFC and legacy code points in the glyph text
        for pd in self.pages:
            txt = "".join(c.c for c in pd.allchars)
            if not unicodedata.is_normalized("NFC", txt):
                bad = [r.text for r in pd.rows
                       if not unicodedata.is_normalized("NFC", "".join(c.c for c in r.chars))]
                self.fail(3, pd.no, "text is not NFC (e.g. %r)" % (short(bad[0]) if bad else ""))
            legacy = sorted(set(c for c in txt if self._legacy(c)))
            if legacy:
                self.fail(3, pd.no, "legacy (TCVN3/VNI) or non-Vietnamese code points: %s"
                          % " ".join("U+%04X %r" % (ord(c), c) for c in legacy[:10]))

    @staticmethod
    def _legacy(c):
        o = ord(c)
        if 0x80 <= o <= 0x9F:
            return True
        if 0xA0 <= o <= 0xBF:
            return c not in OK_LATIN1_SYMBOLS
        if 0xC0 <= o <= 0xFF:
            return c not in VI_LATIN1
        return False

    # ------------------------------------------------------------- rule 4
    def check_colors(self):
        urg = self.hdr.get("urg")
        uset = set(id(c) for c in urg.chars) if urg else set()
        for pd in self.pages:
            bad = collections.Counter()
            ex = {}
            for c in pd.chars:
                r, g, b = c.color
                if max(r, g, b) <= 8:
                    continue
                if id(c) in uset and r >= 0xC0 and g <= 0x40 and b <= 0x40:
                    continue
                bad[c.color] += 1
                ex.setdefault(c.color, [])
                if len(ex[c.color]) < 12:
                    ex[c.color].append(c.c)
            for col, n in bad.items():
                self.fail(4, pd.no, "%d glyphs in colour #%02X%02X%02X (e.g. %r); text must be "
                                    "black%s" % (n, col[0], col[1], col[2], "".join(ex[col]),
                                                 " (red only for the urgency mark)"))
            if urg and pd.no == 1:
                rr = self.hdr.get("urg_rect")
                if rr and rr[1] is not None:
                    r, g, b = rr[1]
                    if not (max(r, g, b) <= 0.05 or (r >= 0.75 and g <= 0.25 and b <= 0.25)):
                        self.fail(4, 1, "urgency rectangle colour %s is neither red nor black"
                                  % (rr[1],))

    # -------------------------------------------------------- text checks
    def _pdftotext(self):
        if not hasattr(self, "_ptt"):
            try:
                rc, so, se = self._tool("pdftotext")
                self._ptt = so.decode("utf-8", "replace") if rc == 0 else None
                if rc != 0:
                    self.fail("chars", None, "pdftotext failed: %s" % se[:200])
            except Exception as ex:
                self.fail("chars", None, str(ex))
                self._ptt = None
        return self._ptt

    def check_text_chars(self):
        t = self._pdftotext()
        if t is None:
            return
        if not t.strip():
            self.fail("chars", None, "pdftotext extracts no text")
            return
        bad = collections.Counter()
        for c in t:
            o = ord(c)
            cat = unicodedata.category(c)
            if c == "\ufffd":
                bad["U+FFFD replacement"] += 1
            elif cat == "Co" or 0xE000 <= o <= 0xF8FF:
                bad["private-use U+%04X" % o] += 1
            elif cat in ("Mn", "Me"):
                bad["combining mark U+%04X" % o] += 1
            elif cat == "Cc" and c not in "\n\f\t\r":
                bad["control U+%04X" % o] += 1
        for k, n in bad.most_common(10):
            self.fail("chars", None, "pdftotext output contains %d × %s" % (n, k))
        if not unicodedata.is_normalized("NFC", t):
            self.fail("chars", None, "pdftotext output is not NFC")

    def words(self, text):
        ws = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text))
        if not self.e.get("recall_case_sensitive"):
            ws = [unicodedata.normalize("NFC", w.lower()) for w in ws]
        return ws

    def check_recall(self):
        e = self.e
        want = []
        if e.get("recall_words") is not None:
            for w in e["recall_words"]:
                want.extend(self.words(w))
        if e.get("recall_text") is not None:
            want.extend(self.words(e["recall_text"]))
        for f in e.get("recall_files") or []:
            try:
                with open(f, encoding="utf-8") as fh:
                    want.extend(self.words(fh.read()))
            except OSError as ex:
                self.fail("recall", None, "cannot read %s: %s" % (f, ex))
        if not any(k in e for k in ("recall_words", "recall_text", "recall_files")):
            return
        if not want:
            self.fail("recall", None, "the expected word list is empty: recall check would be vacuous")
            return
        t = self._pdftotext()
        if t is None:
            return
        have = collections.Counter(self.words(t))
        need = collections.Counter(want)
        missing = {w: n - have.get(w, 0) for w, n in need.items() if n > have.get(w, 0)}
        nmiss = sum(missing.values())
        total = sum(need.values())
        recall = 1.0 - nmiss / total
        self.rep.info["recall"] = round(recall, 6)
        self.rep.info["recall_words"] = total
        if recall < float(e.get("min_recall", 1.0)) - 1e-12:
            top = sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))[:25]
            self.fail("recall", None, "word recall %.4f%% (%d of %d words missing; required %.2f%%); "
                                      "missing: %s" % (100 * recall, nmiss, total,
                                                       100 * float(e.get("min_recall", 1.0)),
                                                       ", ".join("%s×%d" % kv for kv in top)))

    def check_qpdf(self):
        try:
            rc, so, se = self._tool("qpdf")
        except Exception as ex:
            self.fail("qpdf", None, str(ex))
            return
        if rc != 0:
            msg = (se.strip() or so.decode("utf-8", "replace").strip()).splitlines()
            self.fail("qpdf", None, "qpdf --check exit %d: %s" % (rc, " | ".join(msg[-3:])[:300]))

    def check_unsplit(self):
        toks = self.e.get("unsplit_tokens") or []
        if not toks:
            return
        lines = []       # (page, seg) in reading order per column
        pairs = []
        for pd in self.pages:
            segs = [s for s in pd.segs if s not in self._margin_segs(pd)]
            for i, a in enumerate(segs):
                below = [b for b in segs[i + 1:] if b.base > a.base + 0.5
                         and b.base - a.base <= 2.5 * max(a.size, b.size)
                         and b.x0 < a.x1 and b.x1 > a.x0]
                if below:
                    b = min(below, key=lambda b: (b.base, b.x0))
                    pairs.append((pd.no, a, b))
            lines.extend(segs)
        for p, q in zip(self.pages, self.pages[1:]):
            sa = [s for s in p.segs if s not in self._margin_segs(p)]
            sb = [s for s in q.segs if s not in self._margin_segs(q)]
            if sa and sb:
                pairs.append((p.no, sa[-1], sb[0]))
        body = [r for _, r in self.body]
        pairs.extend((b.page, a, b) for a, b in zip(body, body[1:]))
        alltext = "\n".join(s.text for s in lines)
        for tok in toks:
            tok = unicodedata.normalize("NFC", tok)
            n = alltext.count(tok)
            split = []
            for no, a, b in pairs:
                for sep in ("", " "):
                    s = a.text + sep + b.text
                    cut = len(a.text)
                    i = s.find(tok)
                    while i >= 0:
                        if i < cut and i + len(tok) > cut + len(sep):
                            split.append((no, a.text, b.text))
                        i = s.find(tok, i + 1)
            for no, at, bt in split[:5]:
                self.fail("nosplit", no, "token %r is split across lines: %r | %r"
                          % (tok, at[-30:], bt[:30]))
            if n == 0 and not split:
                self.fail("nosplit", None, "token %r does not occur in the PDF (check would be "
                                           "vacuous)" % tok)


def run(pdf_path, expect=None):
    """Full report: .failures (errors), .warnings, .info (measured geometry)."""
    return Checker(pdf_path, expect or {}).run()


def check(pdf_path, expect=None):
    """List of Failure (errors only; warnings are in run(...).warnings)."""
    return run(pdf_path, expect).failures


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description="Check a baocao PDF against ND30 layout rules.")
    ap.add_argument("pdf")
    ap.add_argument("--expect", help="JSON file with the expect dict (see module docstring)")
    ap.add_argument("--json", action="store_true", help="print a JSON report instead of lines")
    a = ap.parse_args(argv)
    expect = {}
    if a.expect:
        with open(a.expect, encoding="utf-8") as fh:
            expect = json.load(fh)
    rep = run(a.pdf, expect)
    if a.json:
        print(json.dumps({"failures": [f.as_dict() for f in rep.failures],
                          "warnings": [f.as_dict() for f in rep.warnings],
                          "info": rep.info}, ensure_ascii=False, indent=1))
    else:
        for f in rep.failures + rep.warnings:
            print(f)
        print("pdfcheck: %s: %d failures, %d warnings, %s pages; %s"
              % (a.pdf, len(rep.failures), len(rep.warnings), rep.info.get("pages", "?"),
                 json.dumps({k: v for k, v in rep.info.items() if k != "fonts"},
                            ensure_ascii=False)))
    return 1 if rep.failures else 0


if __name__ == "__main__":
    sys.exit(main())
