"""Seed 001 rebuilt as one PDF: narrative + Phụ lục 1 + Phụ lục 2, every row
present, header rows repeated on every appendix page, nothing outside the
page margins or outside its cell, numbering restarting per appendix, and the
real subtotal mismatches of the seed's Phụ lục 2 reported exactly."""
import csv
import os
import re

import fitz

from bctest import (OUT, ROOT, check, finish, narrative, pdftotext, qpdf_ok, recall, render,
                    sample, words)

MM = 72 / 25.4
NAME = "bao-cao-nam-2023"
pdf = os.path.join(OUT, NAME + ".pdf")
if os.path.exists(pdf):
    os.unlink(pdf)
r = render(sample(NAME), pdf)
check(r.returncode == 3, f"render exit {r.returncode} (want 3: data warnings): {r.stderr[-2000:]}")
# Spelling findings (codes CT01...) are tested in test_spell.py.
# ND30 form findings (ND01...) are tested in test_nd30_lint.py.
warnings = [l for l in r.stderr.splitlines()
            if "cảnh báo:" in l and ": cảnh báo: CT0" not in l and ": cảnh báo: ND0" not in l]
want = [
    "samples/bao-cao-nam-2023/phu-luc-2.csv:114:46: cảnh báo: Phụ lục 2, hàng «VI Thuộc thành "
    "phố Cam Ranh», cột «Hồ sơ đã giải quyết xong / Đúng hạn»: ghi 8.160 nhưng tổng 15 hàng con là "
    "13.351",
    "samples/bao-cao-nam-2023/phu-luc-2.csv:114:54: cảnh báo: Phụ lục 2, hàng «VI Thuộc thành "
    "phố Cam Ranh», cột «Hồ sơ đã giải quyết xong / Trễ hạn»: ghi 24 nhưng tổng 15 hàng con là 62",
]
check([w.split("samples/", 1)[-1] for w in warnings] == [w.split("samples/", 1)[-1] for w in want],
      f"data-check warnings:\n" + "\n".join(warnings))
ok, out = qpdf_ok(pdf)
check(ok, f"qpdf --check: {out}")

doc = fitz.open(pdf)
text = pdftotext(pdf)
got = words(text)
sdir = os.path.join(ROOT, "samples", NAME)

# Every word of the narrative and of every CSV cell (header row included).
expected = words(narrative(os.path.join(sdir, "noi-dung.md")))
for k in (1, 2):
    with open(os.path.join(sdir, f"phu-luc-{k}.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    expected += words(" ".join(" ".join(r) for r in rows[1:]))
    # Every row's name is printed.
    for row in rows[1:]:
        name = row[1].strip()
        if name:
            check(words(name) - got == words(""),
                  f"phụ lục {k}: row '{name[:50]}' words missing")
missing, total = recall(expected, got)
check(not missing, f"{sum(missing.values())}/{total} words missing: {list(missing.items())[:12]}")

# Find the appendix sections from the page labels (PL I-1, PL II-1 ...).
labels = [doc[i].get_label() if hasattr(doc[i], "get_label") else "" for i in range(len(doc))]
starts = {lab: i for i, lab in enumerate(labels) if lab in ("PL 1-1", "PL 2-1")}
check(set(starts) == {"PL 1-1", "PL 2-1"}, f"appendix page labels: {sorted(set(labels))[:10]}")
pl1, pl2 = starts.get("PL 1-1", 0), starts.get("PL 2-1", 0)
main_pages = pl1


def spans(page):
    for b in page.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                if s["text"].strip():
                    yield s


for i in range(len(doc)):
    page = doc[i]
    landscape = page.rect.width > page.rect.height
    in_appx = i >= main_pages
    if in_appx:
        check(landscape, f"page {i + 1}: appendix page should be landscape (as its spec says)")
    top, bottom, left, right = ((20, 20, 30, 15) if landscape else (25, 20, 35, 20))
    x0, x1 = left * MM - 3.5 * MM - 0.5, page.rect.width - right * MM + 0.5
    y0, y1 = top * MM - 0.5, page.rect.height - bottom * MM + 0.5
    for s in spans(page):
        bx = fitz.Rect(s["bbox"])
        if s["text"].strip().isdigit() and bx.y1 < top * MM:
            continue  # the page number, in the top margin
        if not (bx.x0 >= x0 and bx.x1 <= x1 and bx.y0 >= y0 - 4 and bx.y1 <= y1 + 4):
            check(False, f"page {i + 1}: '{s['text'][:30]}' at {tuple(round(v) for v in bx)} "
                         f"outside the margins")
            break
    # Page numbers: none on the first page of a section, k on its k-th page.
    if i in (0, pl1, pl2):
        k = None
    elif i < pl1:
        k = i + 1
    elif i < pl2:
        k = i - pl1 + 1
    else:
        k = i - pl2 + 1
    nums = [s["text"].strip() for s in spans(page) if s["bbox"][3] < top * MM]
    check(nums == ([str(k)] if k else []), f"page {i + 1}: page number {nums}, want {k}")

# Both header rows on every page of Phụ lục II; the header of Phụ lục I on each of its pages.
for i in range(pl2, len(doc)):
    t = doc[i].get_text()
    for h in ("Hồ sơ đã giải quyết xong", "Hồ sơ đang giải quyết", "Trong hạn", "Tỷ lệ", "Stt"):
        check(h in t, f"page {i + 1}: header '{h}' missing")
for i in range(pl1, pl2):
    t = doc[i].get_text()
    for h in ("Nhiệm vụ", "Tiến độ, kết quả"):
        check(h in t, f"page {i + 1}: header '{h}' missing")

# No glyph crosses a vertical cell border.
for i in range(pl1, len(doc)):
    page = doc[i]
    verticals = sorted({round(d["rect"].x0, 1) for d in page.get_drawings()
                        for it in d["items"] if it[0] == "l" and abs(it[1].x - it[2].x) < 0.01})
    for s in spans(page):
        b = s["bbox"]
        for x in verticals:
            if b[0] + 0.3 < x < b[2] - 0.3:
                check(False, f"page {i + 1}: '{s['text'][:30]}' crosses the cell border at x={x}")
                break

# Vietnamese number style in the printed table.
check("543.317" in text and "0,49%" in text and "279,308" not in text,
      "numbers printed Vietnamese style (543.317, 0,49%)")
check(re.search(r"Phụ lục 1\b", text) and re.search(r"Phụ lục 2\b", text), "appendix labels (Arabic, as the narrative cites them)")
check("(Kèm theo Báo cáo số 55/BC-UBND ngày 26 tháng 02 năm 2024 của Ủy ban nhân dân tỉnh "
      "Khánh Hòa)" in text.replace("\n", " "), "Kèm theo line filled from the report")
finish()
