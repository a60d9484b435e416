"""Typesetting rules of issue 12, each measured on the PDF (PyMuPDF glyph
boxes and drawn rules):

1. titles: the trích yếu, an appendix title and a body heading never leave
   their last word alone on a line ("năm | 2026") and wrap into balanced
   lines (shortest line at least half the longest);
2. the page with the signature carries at least two body lines above the
   closing block, whatever page break the text falls on;
3. an appendix title is set over its table: within the table's outer rules,
   centred on the table (not on the page's text area), using its width;
4. number columns are right-aligned unless the spec says `can:`; a text
   column is left-aligned;
5. a narrow text cell whose paragraph has no acceptable breaks is set
   ragged-right (natural spaces, lines stopping short) instead of stretched.
"""
import os
import shutil

import fitz

from bctest import OUT, check, finish, nfc, qpdf_ok, render, run, write_report

D = os.path.join(OUT, "typeset-rules")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
MM = 72 / 25.4


def lines_of(page):
    """Text lines of a page: [(baseline y, x0, x1, size, bold, text)], the
    spans on one baseline merged (superscripts kept apart)."""
    spans = []
    for b in page.get_text("dict")["blocks"]:
        for ln in b.get("lines", []):
            for sp in ln["spans"]:
                if not sp["text"].strip():
                    continue
                spans.append((round(sp["origin"][1], 1), sp))
    out = {}
    for y, sp in spans:
        key = next((k for k in out if abs(k - y) < 0.6 and abs(out[k][3] - sp["size"]) < 0.6), y)
        bold = bool(sp["flags"] & 16) or "Bold" in sp["font"]
        if key not in out:
            out[key] = [key, sp["bbox"][0], sp["bbox"][2], sp["size"], bold, sp["text"]]
        else:
            o = out[key]
            parts = sorted([(o[1], o[5]), (sp["bbox"][0], sp["text"])])
            o[1], o[2] = min(o[1], sp["bbox"][0]), max(o[2], sp["bbox"][2])
            o[4] = o[4] and bold
            o[5] = "".join(t for _, t in parts)
    res = []
    for o in sorted(out.values()):
        # ink extent without the spaces at either end
        res.append((o[0], o[1], o[2], o[3], o[4], nfc(o[5]).strip()))
    return res


def text_width(page, y, size):
    """Width of the ink of the line at baseline y (glyph boxes, spaces at the
    ends left out)."""
    xs = []
    for b in page.get_text("rawdict")["blocks"]:
        for ln in b.get("lines", []):
            for sp in ln["spans"]:
                if abs(sp["origin"][1] - y) > 0.6 or abs(sp["size"] - size) > 0.6:
                    continue
                for ch in sp["chars"]:
                    if not ch["c"].isspace():
                        xs.append((ch["bbox"][0], ch["bbox"][2]))
    if not xs:
        return 0, 0, 0
    x0, x1 = min(a for a, _ in xs), max(b for _, b in xs)
    return x0, x1, x1 - x0


def title_rule(what, page, tlines):
    """Checks a block of title lines: last line has two words or more, lines
    balanced."""
    check(tlines, f"{what}: title lines found")
    if not tlines:
        return
    last = tlines[-1][5]
    check(len(last.split()) >= 2, f"{what}: last line {last!r} has a single word")
    if len(tlines) > 1:
        widths = [text_width(page, t[0], t[3])[2] for t in tlines]
        check(min(widths) >= 0.5 * max(widths),
              f"{what}: lines not balanced: widths {[round(w) for w in widths]} "
              f"({[t[5] for t in tlines]})")


def write(d, trich_yeu, body):
    """Writes report.yaml (bctest's header as báo cáo số 12 of 05/01/2026, this
    trích yếu) and its narrative body into the new folder d."""
    os.makedirs(d)
    write_report(d, body, so="12", ngay="2026-01-05", trich_yeu=trich_yeu,
                 noi_nhan='[Như trên;, "Lưu: VT."]')


# ---- 1. titles ------------------------------------------------------------------
# Titles of growing length ending in "năm 2026": set greedily, several of them
# leave "2026" (or "năm 2026" with a short first line) alone on the last line.
HEAD_WORDS = ("Kết quả thực hiện công tác cải cách hành chính và kiểm soát thủ tục hành chính "
              "trên địa bàn tỉnh Khánh Hòa trong quý I và sáu tháng đầu").split()
nchecked = 0
for k in range(6, len(HEAD_WORDS) + 1, 2):
    title = " ".join(HEAD_WORDS[:k]) + " năm 2026"
    d = os.path.join(D, f"title-{k}")
    heading = " ".join(HEAD_WORDS[: k + 4]) + " năm 2026"
    write(d, title, f"## 1. {heading}\n\nCác cơ quan đã triển khai thực hiện nhiệm vụ được giao.\n")
    pdf = os.path.join(d, "out.pdf")
    r = render(os.path.join(d, "report.yaml"), pdf)
    if not check(r.returncode == 0, f"title {k}: render: {r.stderr[-400:]}"):
        continue
    pdoc = fitz.open(pdf)
    page = pdoc[0]
    ls = lines_of(page)
    i = next((n for n, l in enumerate(ls) if l[5] == "BÁO CÁO"), None)
    if not check(i is not None, f"title {k}: BÁO CÁO found"):
        continue
    tl = []
    for l in ls[i + 1:]:
        if not (l[4] and abs(l[3] - 14) < 0.6):
            break
        tl.append(l)
    # the trích yếu ends where the heading starts
    h = next((n for n, l in enumerate(tl) if l[5].startswith("1.")), len(tl))
    trich, head = tl[:h], tl[h:]
    check(" ".join(t[5] for t in trich) == title,
          f"title {k}: trích yếu printed {' '.join(t[5] for t in trich)!r}")
    title_rule(f"trích yếu ({k} words)", page, trich)
    check(" ".join(t[5] for t in head) == "1. " + heading,
          f"title {k}: heading printed {' '.join(t[5] for t in head)!r}")
    title_rule(f"heading ({k} words)", page, head)
    nchecked += len(trich) > 1
check(nchecked >= 4, f"{nchecked} trích yếu over two lines or more were checked")

# Appendix titles (upper case, 14 pt bold, centred).
SPEC = """nhan: Phụ lục 1
tieu-de: {title}
du-lieu: bang.csv
cot:
  - {{khoa: stt, nhan: STT, rong: 12mm}}
  - {{khoa: ten, nhan: Cơ quan{wname}}}
  - {{khoa: so, nhan: Số hồ sơ, kieu: so, rong: 30mm}}
  - {{khoa: tl, nhan: Tỷ lệ, kieu: ty-le, so-le: 1, rong: 22mm}}
  - {{khoa: ghi, nhan: Ghi chú, rong: 30mm{ghi_can}}}
"""
ROWS = ("stt,ten,so,tl,ghi\n"
        "1,Sở Nội vụ,12345,\"98,5%\",Đúng hạn\n"
        "2,Sở Tư pháp,7,\"100%\",\"Chuyển sang kỳ sau theo đề nghị của Sở Nội vụ tại Văn bản "
        "số 1234/SNV-CCHC\"\n"
        "3,UBND huyện Cam Lâm,1234567,\"5,0%\",\n")


def appendix(name, title, wname=", rong: 40mm", ghi_can=""):
    d = os.path.join(D, name)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "bang.csv"), "w", encoding="utf-8").write(ROWS)
    spec = os.path.join(d, "bang.yaml")
    open(spec, "w", encoding="utf-8").write(SPEC.format(title=title, wname=wname, ghi_can=ghi_can))
    pdf = os.path.join(d, "out.pdf")
    r = run(["table", os.path.join(d, "bang.csv"), "--spec", spec, "-o", pdf,
             "--chi-phong-kem-theo"])
    check(r.returncode == 0 and os.path.isfile(pdf), f"{name}: render: {r.stderr[-400:]}")
    return pdf if r.returncode == 0 else None


def table_box(page):
    """Outer x extent of the table (vertical rules) and its top y."""
    xs, top = [], None
    for dr in page.get_drawings():
        for it in dr["items"]:
            if it[0] == "re":
                r = it[1]
                xs += [r.x0, r.x1]
                top = r.y0 if top is None else min(top, r.y0)
            elif it[0] == "l" and abs(it[1].x - it[2].x) < 0.1 and abs(it[1].y - it[2].y) > 3:
                xs.append(it[1].x)
                y = min(it[1].y, it[2].y)
                top = y if top is None else min(top, y)
    return (min(xs), max(xs), top) if xs else (None, None, None)


nchecked = 0
for k in range(4, len(HEAD_WORDS) + 1, 2):
    title = " ".join(HEAD_WORDS[:k]) + " năm 2026"
    pdf = appendix(f"appendix-{k}", title)
    if not pdf:
        continue
    pdoc = fitz.open(pdf)
    page = pdoc[0]
    x0, x1, top = table_box(page)
    tl = [l for l in lines_of(page) if l[4] and abs(l[3] - 14) < 0.6 and l[0] < top and
          not l[5].startswith("Phụ lục")]
    check(nfc(" ".join(t[5] for t in tl)) == nfc(title.upper()),
          f"appendix title {k}: printed {' '.join(t[5] for t in tl)!r}")
    title_rule(f"appendix title ({k} words)", page, tl)
    nchecked += len(tl) > 1
check(nchecked >= 3, f"{nchecked} appendix titles over two lines or more were checked")

# ---- 3. appendix titles use the table's width -------------------------------------
# A table narrower than the text area (fixed widths, 12+40+30+22+30 = 134 mm
# of 155): its title lines stay within the table and are centred on it.
# Another, as wide as the text area (one column without a width): a title
# between 0.9 and 1.0 of the table's width stays on one line.
pdf = appendix("narrow-table", "Kết quả giải quyết hồ sơ thủ tục hành chính của các cơ quan, "
               "đơn vị cấp tỉnh và cấp huyện năm 2026")
if pdf:
    pdoc = fitz.open(pdf)
    page = pdoc[0]
    x0, x1, top = table_box(page)
    check(abs((x1 - x0) - 134 * MM) < 1, f"narrow table is 134 mm wide ({(x1 - x0) / MM:.1f})")
    tl = [l for l in lines_of(page) if l[0] < top and l[3] > 13]
    check(len(tl) >= 2, f"narrow table: label and title above the table ({len(tl)} lines)")
    for l in tl:
        a, b, w = text_width(page, l[0], l[3])
        check(a >= x0 - 0.5 and b <= x1 + 0.5,
              f"narrow table: {l[5]!r} [{a:.1f}, {b:.1f}] outside the table [{x0:.1f}, {x1:.1f}]")
        check(abs((a + b) / 2 - (x0 + x1) / 2) < 1.0,
              f"narrow table: {l[5]!r} centred at {(a + b) / 2:.1f}, table centre {(x0 + x1) / 2:.1f}")

# Full width (155 mm): "ĐƠN VỊ ..." words added until the title takes 0.9-1.0
# of the table's width on one line.
words = "KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH CỦA CÁC CƠ QUAN ĐƠN VỊ CẤP TỈNH VÀ CẤP HUYỆN " \
        "THỊ XÃ THÀNH PHỐ NĂM 2026".split()
found = False
for k in range(8, len(words) + 1):
    title = " ".join(words[-k:])
    pdf = appendix(f"wide-{k}", title, wname="")
    if not pdf:
        break
    pdoc = fitz.open(pdf)
    page = pdoc[0]
    x0, x1, top = table_box(page)
    tl = [l for l in lines_of(page) if l[0] < top and l[4] and not l[5].startswith("Phụ lục")]
    if len(tl) != 1:
        break
    w = text_width(page, tl[0][0], tl[0][3])[2]
    if w > 0.92 * (x1 - x0):
        found = True
        check(w <= x1 - x0, f"wide table: title {w:.1f} pt on one line within {x1 - x0:.1f} pt")
        break
check(found, "wide table: a title over 0.92 of the table's width is set on one line")

# ---- 4. number columns right-aligned; `can:` wins ----------------------------------
for name, can, want in (("align-default", "", "left"), ("align-phai", ", can: phai", "right")):
    pdf = appendix(name, "Bảng căn lề", ghi_can=can)
    if not pdf:
        continue
    pdoc = fitz.open(pdf)
    page = pdoc[0]
    xs = sorted({round(x, 1) for x in (vr for vr in
                 [it[1].x for dr in page.get_drawings() for it in dr["items"]
                  if it[0] == "l" and abs(it[1].x - it[2].x) < 0.1 and abs(it[1].y - it[2].y) > 3]
                 + [v for dr in page.get_drawings() for it in dr["items"] if it[0] == "re"
                    for v in (it[1].x0, it[1].x1)])})
    edges = []
    for x in xs:
        if not edges or x - edges[-1] > 2:
            edges.append(x)
    if not check(len(edges) == 6, f"{name}: 5 columns ({edges})"):
        continue
    pad = 1.2 * MM
    found = {}
    # glyph runs per cell: the words of each cell by x
    raw = page.get_text("words")
    cells = {}
    _, _, top = table_box(page)
    for w0, y0, w1, y1, t, *_ in raw:
        if y0 < top:
            continue
        col = next((c for c in range(5) if edges[c] < (w0 + w1) / 2 < edges[c + 1]), None)
        if col is None:
            continue
        cells.setdefault((col, round(y1)), []).append((w0, w1, t))
    for (col, y), ws in cells.items():
        a, b = min(w[0] for w in ws), max(w[1] for w in ws)
        txt = " ".join(w[2] for w in sorted(ws))
        if col in (2, 3) and any(ch.isdigit() for ch in txt):
            check(abs(b - (edges[col + 1] - pad)) < 0.8,
                  f"{name}: number {txt!r} ends at {b:.1f}, cell's right edge {edges[col + 1] - pad:.1f}")
            found[col] = True
        if col == 4 and txt == "Đúng hạn":
            if want == "left":
                check(abs(a - (edges[4] + pad)) < 0.8,
                      f"{name}: text {txt!r} starts at {a:.1f}, cell's left edge {edges[4] + pad:.1f}")
            else:
                check(abs(b - (edges[5] - pad)) < 0.8,
                      f"{name}: text {txt!r} ends at {b:.1f}, cell's right edge {edges[5] - pad:.1f}")
            found[4] = True
    check(found.get(2) and found.get(3) and found.get(4), f"{name}: numbers and text found ({found})")

# ---- 5. ragged-right in a narrow cell without acceptable breaks ---------------------
# A 24 mm cell: "1234/SNV-CCHC" and long words leave lines that would need
# spaces over twice their width; the cell is set ragged-right.
NARROW = """nhan: Phụ lục 2
tieu-de: Bảng hẹp
du-lieu: hep.csv
cot:
  - {khoa: stt, nhan: STT, rong: 12mm}
  - {khoa: ghi, nhan: Ghi chú, rong: 24mm, can: deu}
  - {khoa: ten, nhan: Cơ quan}
"""
d = os.path.join(D, "ragged")
os.makedirs(d)
open(os.path.join(d, "hep.csv"), "w", encoding="utf-8").write(
    "stt,ghi,ten\n1,\"Theo Văn bản số 1234/SNV-CCHC ngày 05/01/2026 của Sở Nội vụ về chuyển "
    "hồ sơ sang kỳ sau\",Sở Nội vụ\n")
open(os.path.join(d, "hep.yaml"), "w", encoding="utf-8").write(NARROW)
pdf = os.path.join(d, "out.pdf")
r = run(["table", os.path.join(d, "hep.csv"), "--spec", os.path.join(d, "hep.yaml"), "-o", pdf,
         "--chi-phong-kem-theo"])
if check(r.returncode == 0, f"ragged: render: {r.stderr[-400:]}"):
    check(qpdf_ok(pdf)[0], "ragged: qpdf --check")
    pdoc = fitz.open(pdf)
    page = pdoc[0]
    x0, _, top = table_box(page)
    cx0, cx1 = x0 + 12 * MM, x0 + 36 * MM
    raw = page.get_text("rawdict")
    rows = {}
    for b in raw["blocks"]:
        for ln in b.get("lines", []):
            for sp in ln["spans"]:
                for ch in sp["chars"]:
                    cx = (ch["bbox"][0] + ch["bbox"][2]) / 2
                    if cx0 < cx < cx1 and ch["origin"][1] > top + 20:
                        rows.setdefault(round(ch["origin"][1], 1), []).append(ch)
    ys = sorted(rows)
    check(len(ys) >= 5, f"ragged: the note wraps over {len(ys)} lines")
    short = 0
    for y in ys:
        chs = sorted(rows[y], key=lambda c: c["bbox"][0])
        gaps = []
        for i in range(1, len(chs) - 1):
            if chs[i]["c"] == " ":
                gaps.append((chs[i + 1]["bbox"][0] - chs[i - 1]["bbox"][2]) / (0.25 * 12))
        ink = [c for c in chs if not c["c"].isspace()]
        end = max(c["bbox"][2] for c in ink)
        txt = "".join(c["c"] for c in chs).strip()
        check(all(g < 1.05 for g in gaps), f"ragged: natural spaces on {txt!r}: {[round(g, 2) for g in gaps]}")
        if y != ys[-1] and end < cx1 - 1.2 * MM - 2:
            short += 1
    check(short >= 1, "ragged: some non-last lines stop short of the cell's right edge")

# ---- 2. the signature page carries two body lines --------------------------------
FILL = ("Các cơ quan, đơn vị đã triển khai thực hiện nghiêm túc các nhiệm vụ cải cách hành chính "
        "được giao, bảo đảm tiến độ và chất lượng theo kế hoạch đề ra, đồng thời kịp thời báo cáo "
        "những khó khăn, vướng mắc phát sinh trong quá trình thực hiện để được hướng dẫn.")
LAST = "(Kèm theo Phụ lục I, II)."
pages_seen = set()
for n in range(10, 26):
    d = os.path.join(D, f"sig-{n}")
    write(d, "Kết quả cải cách hành chính năm 2026", "\n\n".join([FILL] * n) + "\n\n" + LAST + "\n")
    pdf = os.path.join(d, "out.pdf")
    r = render(os.path.join(d, "report.yaml"), pdf)
    if not check(r.returncode == 0, f"signature {n}: render: {r.stderr[-400:]}"):
        continue
    doc = fitz.open(pdf)
    for pno, page in enumerate(doc):
        ls = lines_of(page)
        nn = next((l for l in ls if l[5].startswith("Nơi nhận")), None)
        if not nn:
            continue
        body = [l for l in ls if abs(l[3] - 14) < 0.6 and not l[4] and l[0] < nn[0] - 5 and
                l[0] > 25 * MM]
        if pno > 0:
            pages_seen.add(n)
            check(len(body) >= 2, f"signature {n}: page {pno + 1} has {len(body)} body line(s) "
                                  f"above the closing block: {[l[5] for l in body]}")
            check(any(l[5] == LAST for l in body), f"signature {n}: the last paragraph on page {pno + 1}")
        break
check(len(pages_seen) >= 8, f"signature on a later page in {len(pages_seen)} documents")

finish()
