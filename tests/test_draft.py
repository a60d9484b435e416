"""Draft review copies (issue 5): 'baocao render --du-thao'.

The second draft of the quarterly sample renders with libharu; its pages break
exactly like the final copy; page 1 has the boxed DỰ THẢO mark, every page the
stamp and numbered body lines; changes since the first draft are marked and
summed up on a last page; the review notes are PDF text annotations at their
anchors; the sources are embedded; pdftotext gives back every word; libharu
and cairo place the text alike; the libharu font check refuses DejaVu Serif.
"""
import os
import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict

import fitz
import yaml

from bctest import (NAM_2023_MISMATCHES, OUT, check_exit, ROOT, check, content_doc, finish, nfc, page_count, pdftotext, qpdf_ok, recall,
                    render, words)

D = os.path.join(OUT, "draft")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
SAMPLE = os.path.join(ROOT, "samples", "bao-cao-quy-1-2018-du-thao-2")
REPORT = os.path.join(SAMPLE, "report.yaml")
WHEN = "20/03/2018 09:30"
STAMP = "Dự thảo lần 2 – " + WHEN
MM = 72 / 25.4
TEXT_LEFT = 35 * MM            # layouts/nd30-chuan.yaml
INDENT = TEXT_LEFT + 10 * MM
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def p(name):
    return os.path.join(D, name)


def producer(pdf):
    return fitz.open(pdf).metadata.get("producer", "")


def spans(page):
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    yield s


def is_mark(span, page):
    """The draft's own marks: line numbers, watermark, stamp, boxed DỰ THẢO."""
    size, y = span["size"], span["origin"][1]
    if size < 9:                                    # line numbers (8 pt)
        return True
    if size > 40:                                   # watermark
        return True
    if abs(size - 10) < 0.2 and y > page.rect.height - 20 * MM:   # stamp
        return True
    if page.number == 0 and y < 25 * MM and "DỰ THẢO" in span["text"]:
        return True
    return False


BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                 r'([^<]*)</word>')


def bbox_words(pdf, page):
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True).stdout
    return [(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in BOX.finditer(html)]


def page_words(page, drop_marks):
    text = " ".join(s["text"] for s in spans(page) if not (drop_marks and is_mark(s, page)))
    return words(text)


# ---- renders ------------------------------------------------------------------------
final = p("final.pdf")
r = render(REPORT, final)
check(r.returncode == 0, f"final copy: {r.stderr}")
draft = p("draft.pdf")
png = p("png")
os.makedirs(png)
r = render(REPORT, draft, "--du-thao", "--thoi-diem", WHEN, "--png", png)
check(r.returncode == 0, f"draft: exit {r.returncode}: {r.stderr}")
check("cảnh báo" not in r.stderr, f"draft: unexpected warnings: {r.stderr}")
draft_c = p("draft-cairo.pdf")
r = render(REPORT, draft_c, "--du-thao", "--thoi-diem", WHEN, "--bo-ghi", "cairo")
check(r.returncode == 0, f"draft (cairo): {r.stderr}")

for pdf in (final, draft, draft_c):
    ok, out = qpdf_ok(pdf)
    check(ok, f"{os.path.basename(pdf)}: qpdf --check: {out}")
check("Haru" in producer(draft), f"draft written by libharu: {producer(draft)}")
check("cairo" in producer(draft_c), f"--bo-ghi cairo: {producer(draft_c)}")

# ---- same pages as the final copy, plus the summary page -------------------------
nfinal = page_count(final)
ndraft = page_count(draft)
check(ndraft == nfinal + 2,
      f"draft pages {ndraft} = final {nfinal} + summary page + list of attached sources")
check(page_count(draft_c) == nfinal + 1,
      f"cairo draft pages {page_count(draft_c)} = final {nfinal} + summary (no attachments)")
check(sorted(os.listdir(png)) == [f"trang-{k:03d}.png" for k in range(1, ndraft + 1)],
      f"PNG previews of the draft: {sorted(os.listdir(png))}")
fd, dd, dc = content_doc(final), fitz.open(draft), fitz.open(draft_c)
for k in range(nfinal):
    want = page_words(fd[k], False)
    for doc, name in ((dd, "libharu"), (dc, "cairo")):
        got = page_words(doc[k], True)
        check(got == want, f"page {k + 1} ({name}) text differs from the final copy: "
              f"missing {list((want - got).items())[:5]}, extra {list((got - want).items())[:5]}")


def line_starts(page):
    """(baseline, first word) of every 14 pt text line: the line breaks."""
    first = {}
    for s in spans(page):
        if abs(s["size"] - 14) < 0.2:
            y = round(s["origin"][1], 1)
            if y not in first or s["bbox"][0] < first[y][0]:
                first[y] = (s["bbox"][0], s["text"].split()[0])
    return sorted((y, w) for y, (x, w) in first.items())


for k in range(nfinal):
    want = line_starts(fd[k])
    for doc, name in ((dd, "libharu"), (dc, "cairo")):
        got = line_starts(doc[k])
        check(got == want, f"page {k + 1} ({name}): lines differ from the final copy: "
              f"{[x for x in got if x not in want][:3]} / {[x for x in want if x not in got][:3]}")
last = pdftotext(draft, "-f", str(nfinal + 1), "-l", str(nfinal + 1))
check("CÁC TỆP NGUỒN ĐÍNH KÈM" in pdftotext(draft, "-f", str(ndraft), "-l", str(ndraft)),
      "the last page lists the attached sources")
check("TÓM TẮT THAY ĐỔI SO VỚI DỰ THẢO TRƯỚC" in last, "summary page title")
flat = " ".join(last.split())
for title in ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "III. ĐÁNH GIÁ CHUNG",
              "IV. PHƯƠNG HƯỚNG VÀ NHIỆM VỤ THỜI GIAN TỚI"):
    check(title in flat, f"summary lists section {title}")
# Section III gained one paragraph (37 words), section II is unchanged.
check(re.search(r"III\. ĐÁNH GIÁ CHUNG Thêm hoặc sửa 37 từ; thêm 1 đoạn\.", flat),
      f"summary of section III: {flat[:600]}")
check(re.search(r"II\. KẾT QUẢ THỰC HIỆN CCHC Không thay đổi\.", flat), "section II unchanged")

# ---- marks ------------------------------------------------------------------------
# Boxed DỰ THẢO on page 1, above everything else, inside a rectangle.
for doc, name in ((dd, "libharu"), (dc, "cairo")):
    pg = doc[0]
    hits = [q for q in pg.search_for("DỰ THẢO") if q.y1 < 25 * MM]
    check(len(hits) == 1, f"{name}: one DỰ THẢO in the top margin of page 1: {hits}")
    if hits:
        mark = hits[0]
        rects = [it[1] for dr in pg.get_drawings() for it in dr["items"] if it[0] == "re"]
        box = [b for b in rects if b.contains(mark)]
        check(box, f"{name}: DỰ THẢO inside a drawn rectangle ({rects})")
        others = [s for s in spans(pg) if not is_mark(s, pg)]
        top = min(s["bbox"][1] for s in others)
        check(box and box[0].y1 < top, f"{name}: the box is above the agency block")
        agency = [s for s in others if "ỦY BAN NHÂN DÂN" in s["text"]]
        if agency and box:
            ax = (agency[0]["bbox"][0] + agency[0]["bbox"][2]) / 2
            bx = (box[0].x0 + box[0].x1) / 2
            check(abs(ax - bx) < 2, f"{name}: box centred over the agency block ({ax}, {bx})")
    for k in range(len(doc)):
        check(doc[k].search_for(STAMP), f"{name}: stamp on page {k + 1}")
        for q in doc[k].search_for(STAMP):
            check(q.y0 > doc[k].rect.height - 20 * MM, f"{name}: stamp in the bottom margin")

# Line numbers: every body line has its number at its baseline (±0.5 pt), in
# the left margin, restarting at 1 on each page, never over text. (The
# libharu copy draws them as glyph outlines, no text: checked below against
# the cairo copy's numbers.)
for doc, name in ((dc, "cairo"),):
    total = 0
    for k in range(nfinal):
        pg = doc[k]
        body = defaultdict(list)      # baseline -> spans (14 pt text)
        nums = []
        for s in spans(pg):
            if abs(s["size"] - 8) < 0.2 and s["text"].strip().isdigit():
                nums.append((s["origin"][1], int(s["text"]), s["bbox"]))
            elif abs(s["size"] - 14) < 0.2:
                body[round(s["origin"][1] * 2) / 2].append(s)
        lines = sorted(y for y, ss in body.items()
                       if any(abs(min(x["bbox"][0] for x in ss) - x0) < 0.7
                              for x0 in (TEXT_LEFT, INDENT)))
        nums.sort()
        check([n for _, n, _ in nums] == list(range(1, len(nums) + 1)),
              f"{name} page {k + 1}: numbers 1..n top to bottom: {[n for _, n, _ in nums]}")
        check(len(nums) == len(lines),
              f"{name} page {k + 1}: {len(nums)} numbers for {len(lines)} body lines")
        for y in lines:
            check(any(abs(ny - y) <= 0.5 for ny, _, _ in nums),
                  f"{name} page {k + 1}: body line at y={y} has no number")
        for ny, n, nb in nums:
            check(nb[2] < TEXT_LEFT - 2 * MM, f"{name} page {k + 1}: number {n} in the margin")
            for s in spans(pg):
                b = s["bbox"]
                if s["size"] >= 9 and s["size"] < 40 and b[1] < nb[3] and b[3] > nb[1]:
                    check(b[0] >= nb[2] or b[2] <= nb[0],
                          f"{name} page {k + 1}: number {n} overlaps '{s['text'][:20]}'")
        total += len(nums)
    check(total > 300, f"{name}: {total} numbered lines")

LINE_NO_GREY = (128 / 255,) * 3    # draft.c LINE_NO_RGB


def outline_numbers(page):
    """The libharu copy's line numbers: filled glyph outlines in the line
    numbers' grey, grouped into numbers by their vertical extent; each as
    (bottom, right, number of glyphs)."""
    boxes = sorted((dr["rect"] for dr in page.get_drawings()
                    if dr.get("fill") and all(abs(a - b) < 0.01
                                              for a, b in zip(dr["fill"], LINE_NO_GREY))),
                   key=lambda q: (q.y0, q.x0))
    groups = []
    for q in boxes:
        if groups and q.y0 < groups[-1][-1].y1 - 1:
            groups[-1].append(q)
        else:
            groups.append([q])
    return [(max(q.y1 for q in g), max(q.x1 for q in g), len(g)) for g in groups]


# The libharu copy's numbers are outlines where the cairo copy's numbers are
# (ink bottom at the baseline, right edge at the advance, one glyph a digit),
# and not text: poppler finds no word left of the text area.
for k in range(nfinal):
    want = sorted((s["origin"][1], s["bbox"][2], len(s["text"].strip())) for s in spans(dc[k])
                  if abs(s["size"] - 8) < 0.2 and s["text"].strip().isdigit())
    got = outline_numbers(dd[k])
    check(len(got) == len(want), f"libharu page {k + 1}: {len(got)} outlined numbers, "
          f"cairo has {len(want)}")
    for (wy, wx, wn), (gy, gx, gn) in zip(want, got):
        check(abs(gy - wy) < 0.5 and abs(gx - wx) < 1.0 and gn == wn,
              f"libharu page {k + 1}: number at ({gx:.1f}, {gy:.1f}, {gn} glyphs), "
              f"cairo's at ({wx:.1f}, {wy:.1f}, {wn})")
    margin_words = [w for w in bbox_words(draft, k + 1) if w[3] < TEXT_LEFT - 2 * MM]
    check(not margin_words, f"libharu page {k + 1}: text in the left margin {margin_words[:3]}")

# Changes since the first draft: inserted words in colour, a red bar in the
# right margin of lines where words were deleted.
pg = dd[0]
ins = [s for s in spans(pg) if s["color"] == 0x0033CC]
check(any("46" in s["text"] for s in ins), "the changed figure 46 is marked")
# (the inserted words may be split over two lines)
check("thời hạn rõ ràng" in " ".join(s["text"].strip() for s in ins),
      f"inserted words are marked: {[s['text'] for s in ins]}")
check(not any("44" in s["text"] for s in ins), "unchanged words are not marked")
right = pg.rect.width - 20 * MM
bars = [it for dr in pg.get_drawings() if dr.get("color") and dr["color"][0] > 0.7 and
        dr["color"][1] < 0.2 for it in dr["items"] if it[0] == "l" and it[1].x > right]
check(bars, "red deletion mark in the right margin of page 1")
r46 = pg.search_for("46")
if r46 and bars:
    check(any(abs(it[1].y - r46[0].y1) < 8 or abs(it[2].y - r46[0].y1) < 8 for it in bars),
          "the deletion mark is on the line of the replaced figure")

# ---- review notes as annotations ---------------------------------------------------
notes = yaml.safe_load(open(os.path.join(SAMPLE, "gop-y.yaml"), encoding="utf-8"))["gop-y"]
pages = [dd[k] for k in range(ndraft)]   # annotations need their page alive
annots = [(k, a) for k in range(ndraft) for a in pages[k].annots()]
check(len(annots) == len(notes) == 3, f"{len(annots)} annotations for {len(notes)} notes")
dc0 = dc[0]
check(not list(dc0.annots()), "cairo copy has no annotations")


def annot_for(note):
    for k, a in annots:
        if note["noi-dung"] in a.info["content"]:
            return k, a
    return None, None


for note in notes:
    k, a = annot_for(note)
    check(a is not None, f"note '{note['noi-dung'][:30]}' is an annotation")
    if a is None:
        continue
    check(a.type[1] == "Text", f"sticky note, not {a.type}")
    check(a.info["title"] == note["tac-gia"], f"author {a.info['title']!r}")
    # Printed (/F 4) and drawn from its own appearance stream.
    check(a.flags == fitz.PDF_ANNOT_IS_PRINT, f"annotation flags {a.flags}, want 4 (Print)")
    ap = dd.xref_get_key(a.xref, "AP/N")
    check(ap[0] == "xref", f"annotation has an /AP /N stream: {ap}")
    # In the right margin (note-offset 7 mm past the text area), beside the
    # words, over no text.
    pg = pages[k]
    right = pg.rect.width - 20 * MM
    check(abs(a.rect.x0 - (right + 7 * MM)) < 0.1 and a.rect.x1 < pg.rect.width,
          f"annotation {a.rect} in the right margin ({right + 7 * MM})")
    check(abs(a.rect.width - 14) < 0.01 and abs(a.rect.height - 14) < 0.01,
          f"icon 14 pt square: {a.rect}")
    over = [s["text"] for s in spans(pg) if fitz.Rect(s["bbox"]).intersects(a.rect)]
    check(not over, f"annotation {a.rect} covers text {over}")
    drawn = [dr["rect"] for dr in pg.get_drawings()       # (the icon's own paths are inside)
             if dr["rect"].intersects(a.rect) and not a.rect.contains(dr["rect"])]
    check(not drawn, f"annotation {a.rect} covers drawings (deletion bars) {drawn}")
    neo = note["neo"]
    if "trich" in neo:
        hits = pg.search_for(neo["trich"])
        check(hits, f"quoted words '{neo['trich']}' on the annotation's page {k + 1}")
        if hits:
            q = hits[0]
            check(a.rect.y0 < (q.y0 + q.y1) / 2 < a.rect.y1,
                  f"annotation {a.rect} beside the quoted words' line {q}")
    else:
        check(k == neo["trang"] - 1, f"note on page {neo['trang']}: {k + 1}")
        numbers = [s for s in spans(dc[k]) if abs(s["size"] - 8) < 0.2 and
                   s["text"].strip() == str(neo["dong"])]
        check(numbers, f"line {neo['dong']} numbered on page {k + 1}")
        if numbers:
            y = numbers[0]["origin"][1]
            check(a.rect.y0 < y - 4 < a.rect.y1,
                  f"annotation {a.rect} beside line {neo['dong']} (baseline {y})")
# The section constraint matters: "Hội nghị công bố" is in I.2 and on page 1.
k, a = annot_for(notes[0])
check(k == 0, "note anchored in section I.2 is on page 1")

# Three notes on one line: their icons side by side in the margin, the third
# below the first two (the page's edge comes first), none overlapping.
same = p("gop-y-cung-dong.yaml")
with open(same, "w", encoding="utf-8") as f:
    f.write("gop-y:\n" + "".join(
        f"  - tac-gia: T{i}\n    noi-dung: Ý kiến {i}.\n    neo: {{trich: Hội nghị công bố}}\n"
        for i in range(3)))
sp = p("cung-dong.pdf")
r = render(REPORT, sp, "--du-thao", "--gop-y", same, "--thoi-diem", WHEN)
check(r.returncode == 0, f"three notes on one line: {r.stderr}")
if r.returncode == 0:
    sd = fitz.open(sp)
    icons = sorted((a.rect for a in sd[0].annots()), key=lambda q: (q.y0, q.x0))
    check(len(icons) == 3, f"three icons on page 1: {icons}")
    for i, q in enumerate(icons):
        check(q.x0 >= sd[0].rect.width - 20 * MM and q.x1 <= sd[0].rect.width,
              f"icon {i} in the right margin: {q}")
        for o in icons[i + 1:]:
            check(not q.intersects(o), f"icons {q} and {o} overlap")
    if len(icons) == 3:
        check(abs(icons[0].y0 - icons[1].y0) < 0.01 and icons[1].x0 > icons[0].x1,
              f"the second icon beside the first: {icons}")
        check(icons[2].y0 > icons[0].y1, f"the third below them: {icons}")

# ---- attachments ------------------------------------------------------------------
lst = subprocess.run(["pdfdetach", "-list", draft], capture_output=True, text=True).stdout
names = re.findall(r"^\d+: (.*)$", lst, re.M)
check(sorted(names) == ["du-thao.yaml", "gop-y.yaml", "noi-dung.md", "report.yaml"],
      f"pdfdetach -list: {lst}")
for i, name in enumerate(names, 1):
    out = p("att-" + name)
    subprocess.run(["pdfdetach", "-save", str(i), "-o", out, draft], capture_output=True)
    same = os.path.exists(out) and open(out, "rb").read() == open(
        os.path.join(SAMPLE, name), "rb").read()
    check(same, f"attachment {name} equals the source file")

# A report with appendices: the table specs and their CSV data are attached too.
annual = os.path.join(ROOT, "samples", "bao-cao-nam-2023")
apdf = p("nam-2023.pdf")
r = render(os.path.join(annual, "report.yaml"), apdf, "--du-thao", "--thoi-diem", WHEN)
check_exit(r, 3, NAM_2023_MISMATCHES, "annual draft")
check(os.path.exists(apdf), f"annual draft written: {r.stderr}")
lst = subprocess.run(["pdfdetach", "-list", apdf], capture_output=True, text=True).stdout
names = re.findall(r"^\d+: (.*)$", lst, re.M)
check(sorted(names) == sorted(os.listdir(annual)), f"annual sources attached: {lst}")
for i, name in enumerate(names, 1):
    out = p("att-nam-" + name)
    subprocess.run(["pdfdetach", "-save", str(i), "-o", out, apdf], capture_output=True)
    check(os.path.exists(out) and open(out, "rb").read() == open(
        os.path.join(annual, name), "rb").read(), f"annual attachment {name} intact")

# ---- the marks do not break the text ----------------------------------------------
# poppler and MuPDF give each page of the draft as the final copy's text plus
# the marks that are text, at known places: the boxed DỰ THẢO first on page 1
# (poppler; MuPDF after the page, in drawing order) and the stamp last.
# Line numbers and the watermark are outlines, so they are not text at all.


def lines(text):
    return [nfc(x) for x in text.splitlines() if x.strip()]


for k in range(nfinal):
    want = lines(pdftotext(final, "-f", str(k + 1), "-l", str(k + 1)))
    got = lines(pdftotext(draft, "-f", str(k + 1), "-l", str(k + 1)))
    marks = (["DỰ THẢO"] if k == 0 else []) + want + [STAMP]
    check(got == marks, f"poppler page {k + 1}: the final copy's text plus the marks: "
          f"{[x for x in got if x not in marks][:3]} / {[x for x in marks if x not in got][:3]}")
    want_m = lines(fd[k].get_text())
    got_m = lines(dd[k].get_text())
    marks_m = want_m + [STAMP] + (["DỰ THẢO"] if k == 0 else [])
    check(got_m == marks_m, f"MuPDF page {k + 1}: the final copy's text plus the marks: "
          f"{[x for x in got_m if x not in marks_m][:3]} / "
          f"{[x for x in marks_m if x not in got_m][:3]}")
# The same with the watermark (--hinh-chim is in the sample's du-thao.yaml:
# check it is drawn, as grey outlines under the text, and not text).
check(any(dr.get("fill") and abs(dr["fill"][0] - 0xE2 / 255) < 0.01 for dr in dd[1].get_drawings()),
      "the watermark is drawn (grey outlines) on page 2")
check("THẢO" not in pdftotext(draft, "-f", "2", "-l", "2"), "the watermark is not text")

# The marks are artifacts (marked content), outside the document's content.
import pikepdf  # noqa: E402


def artifact_ops(pdf, page):
    """(operators inside /Artifact marked content, outside) of a page."""
    inside, outside, stack = [], [], []
    with pikepdf.open(pdf) as doc:
        for operands, op in pikepdf.parse_content_stream(doc.pages[page]):
            op = str(op)
            if op in ("BMC", "BDC"):
                stack.append(str(operands[0]) == "/Artifact" or (stack and stack[-1]))
            elif op == "EMC":
                stack.pop()
            elif stack and stack[-1]:
                inside.append((op, operands))
            else:
                outside.append((op, operands))
    check(not stack, f"page {page + 1}: marked content closed")
    return inside, outside


inside, outside = artifact_ops(draft, 0)


def is_grey(o):
    return o[0] == "rg" and all(abs(float(x) - 128 / 255) < 0.002 for x in o[1])


grey = [o for o in outside if is_grey(o)]
check(not grey and sum(1 for o in inside if is_grey(o)) >= 30,
      f"page 1: line numbers (grey fills) only inside artifacts: {grey[:2]}")
check(sum(1 for o in inside if o[0] == "Tj") >= 2,
      "page 1: the stamp and the boxed DỰ THẢO are shown inside artifacts")

# PDF/A-3b: the sources embedded with /AFRelationship, XMP, OutputIntent.
import pdfacheck  # noqa: E402

problems = pdfacheck.check(draft, part=3)
check(not problems, f"draft is PDF/A-3b: {problems}")

# ---- every word back from pdftotext ----------------------------------------------
text = pdftotext(draft)
check(text == nfc(text), "extracted text is NFC")
check("\ufffd" not in text, "no U+FFFD in the extracted text")
body = open(os.path.join(SAMPLE, "noi-dung.md"), encoding="utf-8").read()
missing, total = recall(words(body), words(text))
check(not missing, f"{sum(missing.values())}/{total} narrative words missing: "
      f"{list(missing.items())[:10]}")
spec = yaml.safe_load(open(REPORT, encoding="utf-8"))
meta = " ".join(v if isinstance(v, str) else " ".join(map(str, v)) for key, v in spec.items()
                if key in ("co-quan", "trich-yeu", "dia-danh", "noi-nhan"))
missing, _ = recall(words(meta), words(text))
check(not missing, f"report.yaml words missing: {list(missing.items())[:10]}")

# A final copy through libharu (--bo-ghi libharu without --du-thao): no marks.
fh = p("final-hpdf.pdf")
r = render(REPORT, fh, "--bo-ghi", "libharu")
check(r.returncode == 0 and "Haru" in producer(fh), f"final copy with libharu: {r.stderr}")
if r.returncode == 0:
    ok, out = qpdf_ok(fh)
    check(ok, f"final-hpdf.pdf: qpdf --check: {out}")
    check(page_count(fh) == nfinal, "same pages as the cairo final copy")
    check(not pdfacheck.check(fh), f"libharu final copy is PDF/A-2b: {pdfacheck.check(fh)}")
    check("Dự thảo" not in pdftotext(fh) and "DỰ THẢO" not in pdftotext(fh), "no draft marks")
    missing, total = recall(words(pdftotext(final)), words(pdftotext(fh)))
    check(not missing, f"libharu final copy lacks {list(missing.items())[:10]}")

# ---- libharu and cairo place the text alike ----------------------------------------


def compare_positions(a_pdf, b_pdf, page, slack):
    """Pairs words by text and reading order; returns (pairs, worst excess)."""
    a, b = bbox_words(a_pdf, page), bbox_words(b_pdf, page)
    byname = defaultdict(list)
    for w in b:
        byname[w[0]].append(w)
    worst, pairs = [], 0
    for w in a:
        if len(w[0]) < 2 or w[0] in ("DỰ", "THẢO", "D", "Ự", "T", "H", "Ả", "O", "ẢO"):
            continue       # the rotated watermark is split differently
        cands = byname.get(w[0])
        if not cands:
            continue
        v = min(cands, key=lambda c: abs(c[1] - w[1]) + abs(c[2] - w[2]))
        pairs += 1
        excess = max(abs(v[i] - w[i]) - slack(w) for i in range(1, 5))
        worst.append((excess, w, v))
    worst.sort(reverse=True)
    return pairs, worst[:3]


# A page of stacked diacritics in short lines: same positions within 0.2 pt.
stack_md = p("chong-dau.md")
LINES = ["Nguyễn Thị Hằng, Trần Văn Ẩn", "Ẫn Ễ Ỗ Ỡ Ữ Ẵ Ặ Ậ Ệ Ộ Ợ Ự", "ẫn ễ ỗ ỡ ữ ẵ ặ ậ ệ ộ ợ ự",
         "Ẩ Ể Ổ Ở Ử Ẳ Ấ Ế Ố Ớ Ứ Ắ", "ẩ ể ổ ở ử ẳ ấ ế ố ớ ứ ắ", "Ầ Ề Ồ Ờ Ừ Ằ ầ ề ồ ờ ừ ằ",
         "Chỉ số hài lòng đạt 76,88%", "Hiện đại hóa hành chính", "Ủy ban nhân dân tỉnh",
         "ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "Cải cách thủ tục hành chính",
         "Quyết định số 14/2015/QĐ-UBND"]
with open(stack_md, "w", encoding="utf-8") as f:
    f.write("Trang chữ chồng dấu.\n\n---\n\n" +
            "".join(f"**{line}**\n\n{line}\n\n*{line}*\n\n" for line in LINES))
stack_yaml = p("chong-dau.yaml")
with open(REPORT, encoding="utf-8") as f:
    spec_text = f.read()
with open(stack_yaml, "w", encoding="utf-8") as f:
    f.write(spec_text.replace("noi-dung: noi-dung.md", f"noi-dung: {stack_md}"))
sh, sc = p("chong-dau-hpdf.pdf"), p("chong-dau-cairo.pdf")
r1 = render(stack_yaml, sh, "--du-thao", "--thoi-diem", WHEN, "--bo-ghi", "libharu")
r2 = render(stack_yaml, sc, "--du-thao", "--thoi-diem", WHEN, "--bo-ghi", "cairo")
check(r1.returncode == 0 and r2.returncode == 0, f"stacked page: {r1.stderr} {r2.stderr}")
pairs, worst = compare_positions(sh, sc, 2, lambda w: 0.2)
check(pairs >= 90, f"stacked page: {pairs} words compared")  # (line numbers are outlines)
check(not worst or worst[0][0] <= 0, f"libharu vs cairo word boxes beyond 0.2 pt: {worst}")

# The quarterly sample's page 2 (full justified lines). cairo 1.16 writes
# integer glyph widths (/Widths in 1/1000 em) and positions with TJ offsets
# computed from the exact advances, so its glyphs drift to the left along a
# line by up to ~0.1 % of the distance from the line start (0.35 pt at the
# right margin); libharu's runs are re-anchored at Pango's positions every
# time they differ by 0.03 pt. Allowed: 0.2 pt plus that drift.
pairs, worst = compare_positions(draft, draft_c, 2,
                                 lambda w: 0.2 + 0.001 * max(0, w[3] - TEXT_LEFT))
check(pairs >= 300, f"sample page 2: {pairs} words compared")
check(not worst or worst[0][0] <= 0, f"sample page 2: libharu vs cairo beyond tolerance: {worst}")

# ---- the stacked-diacritic page looks the same at 300 dpi ---------------------------


def raster(pdf, page, out):
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", pdf, out], check=True)
    return fitz.Pixmap(out + ".png")


def differing(a, b):
    """Share of pixels whose grey levels differ by more than 96."""
    if (a.width, a.height) != (b.width, b.height):
        return 1.0
    sa, sb = a.samples, b.samples
    n = sum(1 for x, y in zip(sa, sb) if abs(x - y) > 96)
    return n / len(sa)


ph, pc = raster(sh, 2, p("ch-hpdf")), raster(sc, 2, p("ch-cairo"))
diff = differing(ph, pc)
# What losing the marks would look like: the same page with the accents
# stripped, rendered by cairo.
strip_md = p("khong-dau.md")
with open(stack_md, encoding="utf-8") as f:
    plain = {c: unicodedata.normalize("NFD", c)[0] for c in set(f.read())}
with open(stack_md, encoding="utf-8") as f, open(strip_md, "w", encoding="utf-8") as g:
    g.write("".join(plain[c] if c.isalpha() and c not in "đĐ" else c for c in f.read()))
strip_yaml = p("khong-dau.yaml")
with open(strip_yaml, "w", encoding="utf-8") as f:
    f.write(spec_text.replace("noi-dung: noi-dung.md", f"noi-dung: {strip_md}"))
ss = p("khong-dau-cairo.pdf")
r = render(strip_yaml, ss, "--du-thao", "--thoi-diem", WHEN, "--bo-ghi", "cairo")
check(r.returncode == 0, f"accent-stripped page: {r.stderr}")
lost = differing(raster(ss, 2, p("kd-cairo")), pc)
print(f"300 dpi: libharu vs cairo {diff:.5f} of pixels differ; without marks {lost:.5f}")
check(diff < 0.002, f"libharu page differs from cairo in {diff:.4%} of pixels")
check(lost > 5 * diff and lost > 0.002, f"a page without marks would be detected ({lost:.4%})")

# ---- the libharu font check ----------------------------------------------------------
check(os.path.exists(DEJAVU), f"{DEJAVU} is needed (Debian package fonts-dejavu-core)")
if os.path.exists(DEJAVU):
    data = p("dejavu")
    os.makedirs(os.path.join(data, "layouts"))
    os.makedirs(os.path.join(data, "fonts"))
    for style in ("", "-Bold", "-Italic", "-BoldItalic"):
        shutil.copy(DEJAVU.replace(".ttf", style + ".ttf"), os.path.join(data, "fonts"))
    with open(os.path.join(ROOT, "layouts", "nd30-chuan.yaml"), encoding="utf-8") as f:
        lay = re.sub(r"(?m)^fonts: .*$", "fonts: [DejaVu Serif]", f.read())
    with open(os.path.join(data, "layouts", "nd30-chuan.yaml"), "w", encoding="utf-8") as f:
        f.write(lay)
    bad = p("dejavu-hpdf.pdf")
    r = render(REPORT, bad, "--du-thao", "--du-lieu", data, "--bo-ghi", "libharu")
    check(r.returncode == 5, f"libharu + DejaVu Serif refused (exit 5): {r.returncode} {r.stderr}")
    check("DejaVu Serif" in r.stderr and re.search(r"chữ '.' \(U\+1E[0-9A-F]{2}\)", r.stderr),
          f"the refusal names the font and a character: {r.stderr}")
    check(not os.path.exists(bad), "nothing written after the refusal")
    fb = p("dejavu-auto.pdf")
    r = render(REPORT, fb, "--du-thao", "--du-lieu", data, "--thoi-diem", WHEN)
    check(r.returncode == 0, f"draft falls back to cairo: {r.stderr}")
    check("DejaVu Serif" in r.stderr and "cairo" in r.stderr, f"fallback says so: {r.stderr}")
    if os.path.exists(fb):
        check("cairo" in producer(fb), "fallback written by cairo")
        check(fitz.open(fb).embfile_count() == 0, "no attachments in the fallback")

# ---- input errors -------------------------------------------------------------------
bad_notes = p("gop-y-sai.yaml")
with open(bad_notes, "w", encoding="utf-8") as f:
    f.write("gop-y:\n  - tac-gia: A\n    noi-dung: Một ý kiến.\n    neo: {muc: I.2}\n"
            "  - tac-gia: B\n    neo: {trang: 1}\n")
r = render(REPORT, p("x.pdf"), "--du-thao", "--gop-y", bad_notes)
check(r.returncode == 2 and re.search(r"gop-y-sai\.yaml:5:\d+:.*noi-dung", r.stderr),
      f"missing noi-dung: file:line:column: {r.stderr}")
with open(bad_notes, "w", encoding="utf-8") as f:
    f.write("gop-y:\n  - noi-dung: Một ý kiến.\n    neo: {trang: 2, trich: chữ}\n")
r = render(REPORT, p("x.pdf"), "--du-thao", "--gop-y", bad_notes)
check(r.returncode == 2 and re.search(r"gop-y-sai\.yaml:3:\d+:", r.stderr),
      f"two kinds of anchor: {r.stderr}")
with open(bad_notes, "w", encoding="utf-8") as f:
    f.write("gop-y:\n  - noi-dung: Không có chỗ này.\n    neo: {trich: chữ không hề có}\n")
lost_pdf = p("lost.pdf")
r = render(REPORT, lost_pdf, "--du-thao", "--gop-y", bad_notes, "--thoi-diem", WHEN)
check(r.returncode == 0 and re.search(r"gop-y-sai\.yaml:3:\d+: cảnh báo: không tìm thấy", r.stderr),
      f"unresolved anchor is a warning with its position: {r.stderr}")
if os.path.exists(lost_pdf):
    lost_doc = fitz.open(lost_pdf)
    lost_page = lost_doc[0]
    a = list(lost_page.annots())
    check(len(a) == 1 and "Không có chỗ này" in a[0].info["content"],
          "an unresolved note is kept on page 1")
r = render(REPORT, p("x.pdf"), "--du-thao", "--thoi-diem", "31/02/2018 10:00")
check(r.returncode == 1 and "thời điểm" in r.stderr, f"impossible date: {r.stderr}")
r = render(REPORT, p("x.pdf"), "--du-thao", "--so-voi", p("khong-co"))
check(r.returncode != 0 and "khong-co" in r.stderr, f"missing previous draft: {r.stderr}")

finish()
