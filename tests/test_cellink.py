"""No ink crosses a table cell's rule (issue 19, part 3): on every sample and
on a hostile table, every glyph lies between the vertical rules of its cell
(cells found from the rules drawn, via page.get_drawings()), and a number too
wide for its column, whatever the alignment, is exit 6 naming the appendix,
row and column and the width it needs (numbers never wrap)."""
import os
import shutil

import fitz

from bctest import OUT, ROOT, check, finish, render, run

D = os.path.join(OUT, "cellink")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
TOL = 0.3  # pt: half a rule and rounding


def vertical_rules(page):
    """Vertical rule segments (x, y0, y1) drawn on the page (lines and the
    sides of rectangles)."""
    segs = []
    for d in page.get_drawings():
        for it in d["items"]:
            if it[0] == "l":
                a, b = it[1], it[2]
                if abs(a.x - b.x) < 0.1 and abs(a.y - b.y) > 1:
                    segs.append((a.x, min(a.y, b.y), max(a.y, b.y)))
            elif it[0] == "re":
                r = it[1]
                if r.height > 1:
                    segs.append((r.x0, r.y0, r.y1))
                    segs.append((r.x1, r.y0, r.y1))
    return segs


def stray_glyphs(pdf):
    """Glyphs inside a table whose advance box crosses a vertical rule:
    [(page, char, x0, x1, rule x)]."""
    bad, cells = [], 0
    doc = fitz.open(pdf)
    for pno, page in enumerate(doc):
        segs = vertical_rules(page)
        if not segs:
            continue
        raw = page.get_text("rawdict")
        for block in raw["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for ch in span["chars"]:
                        x0, y0, x1, y1 = ch["bbox"]
                        if ch["c"].isspace() or x1 - x0 < 0.01:
                            continue
                        cy = (y0 + y1) / 2
                        cx = (x0 + x1) / 2
                        rows = [s for s in segs if s[1] - 0.5 <= cy <= s[2] + 0.5]
                        left = [s[0] for s in rows if s[0] <= cx]
                        right = [s[0] for s in rows if s[0] >= cx]
                        if not left or not right:
                            continue  # not in a table
                        cells += 1
                        lx, rx = max(left), min(right)
                        if x0 < lx - TOL or x1 > rx + TOL:
                            bad.append((pno + 1, ch["c"], round(x0, 1), round(x1, 1),
                                        round(lx, 1), round(rx, 1)))
    return bad, cells


# 1. Every sample with tables.
for name in sorted(os.listdir(os.path.join(ROOT, "samples"))):
    rep = os.path.join(ROOT, "samples", name, "report.yaml")
    if not os.path.exists(rep):
        continue
    pdf = os.path.join(D, name + ".pdf")
    r = render(rep, pdf)
    if not check(os.path.exists(pdf), f"{name}: rendered ({r.returncode}: {r.stderr[-300:]})"):
        continue
    bad, n = stray_glyphs(pdf)
    check(not bad, f"{name}: glyphs crossing a cell rule: {bad[:5]}")

# 2. A hostile table that fits: long words and long text in narrow cells,
# long numbers in columns just wide enough, every alignment.
SPEC = """nhan: Phụ lục 3
tieu-de: BẢNG HẸP
du-lieu: {csv}
cot:
  - {{khoa: stt, nhan: STT, rong: 12mm}}
  - {{khoa: ten, nhan: Tên, rong: 30mm}}
  - {{khoa: so, nhan: Số, kieu: so, rong: {w}mm, can: {align}}}
  - {{khoa: ghi, nhan: Ghi chú, rong: 26mm, can: phai}}
  - {{khoa: tl, nhan: Tỷ lệ, kieu: ty-le, so-le: 2, rong: 18mm, can: giua}}
"""
ROWS = ("stt,ten,so,ghi,tl\n"
        "1,Ủy ban nhân dân huyện Mường Nhé tỉnh Điện Biên,{n},"
        "Chuyển sang kỳ sau theo đề nghị của Sở Nội vụ,\"99,99%\"\n"
        "2,Sở B,12,ngắn,\"0,5%\"\n"
        "3,{word},-{n},Khônggạchnối,\"100%\"\n")


def table(name, n, w, align, word="Nghiêngnghiêng"):
    csv = os.path.join(D, name + ".csv")
    spec = os.path.join(D, name + ".yaml")
    pdf = os.path.join(D, name + ".pdf")
    open(csv, "w", encoding="utf-8").write(ROWS.format(n=n, word=word))
    open(spec, "w", encoding="utf-8").write(SPEC.format(csv=name + ".csv", w=w, align=align))
    if os.path.exists(pdf):
        os.remove(pdf)
    r = run(["table", csv, "--spec", spec, "-o", pdf, "--chi-phong-kem-theo"])
    return r, pdf, csv


for align in ("phai", "trai", "giua"):
    r, pdf, _ = table("vua-" + align, "123456789012345678", 48, align)
    if check(r.returncode == 0, f"fits ({align}): exit 0, got {r.returncode}: {r.stderr}"):
        bad, n = stray_glyphs(pdf)
        check(n > 100, f"fits ({align}): table glyphs found ({n})")
        check(not bad, f"fits ({align}): glyphs crossing a cell rule: {bad[:5]}")

# 3. Too wide: exit 6 naming the cell and the width it needs, no PDF.
for align in ("phai", "trai", "giua"):
    r, pdf, csv = table("rong-" + align, "123456789012345678", 20, align)
    check(r.returncode == 6, f"too wide ({align}): exit 6, got {r.returncode}")
    check(not os.path.exists(pdf), f"too wide ({align}): no PDF")
    want = (f"{csv}:2:50: lỗi: Phụ lục 3, hàng «1 Ủy ban nhân dân huyện Mường Nhé tỉnh Điện "
            "Biên», cột «Số»: số «123.456.789.012.345.678» cần rộng 44,0 mm nhưng cột chỉ rộng "
            "20,0 mm (số không được ngắt dòng); hãy mở rộng cột (rong: 44mm trở lên), bớt chữ "
            "số (đổi đơn vị: nghìn, triệu) hoặc in trang ngang")
    check(want in r.stderr, f"too wide ({align}): message\n  got  {r.stderr}\n  want {want}")

# 4. A word too long for a text cell, even without padding: exit 6 naming it.
r, pdf, csv = table("tu-dai", "12", 48, "phai", word="Nghiêngnghiêngnghiêng")
check(r.returncode == 6 and not os.path.exists(pdf), f"long word: exit 6, got {r.returncode}")
want = (f"{csv}:4:3: lỗi: Phụ lục 3, hàng «3 Nghiêngnghiêngnghiêng», cột «Tên»: một từ quá dài, "
        "vượt chiều rộng 29,4 mm thêm 12,5 mm (trong \"Nghiêngnghiêngnghiêng\"); hãy thêm dấu "
        "cách hoặc mở rộng cột")
check(want in r.stderr, f"long word: message\n  got  {r.stderr}\n  want {want}")

finish()
