"""Appendix table rows on pages (issue 12, "Pages and tables"): a row split
across pages keeps its cell padding at both cut edges and its continued part
shows the row's STT again. Measured in the PDF with python3-fitz: text boxes
against the horizontal rules of the table."""
import os
import shutil

import fitz

from bctest import OUT, check, finish, qpdf_ok, run

D = os.path.join(OUT, "table_rows")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def table(name, spec, csv, *extra):
    """Runs `baocao table`; returns (CompletedProcess, pdf path)."""
    s = write(os.path.join(D, name + ".yaml"), spec)
    c = write(os.path.join(D, name + ".csv"), csv)
    pdf = os.path.join(D, name + ".pdf")
    r = run(["table", c, "--spec", s, "-o", pdf, "--chi-phong-kem-theo", *extra])
    check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}")
    if r.returncode == 0:
        ok, out = qpdf_ok(pdf)
        check(ok, f"{name}: qpdf --check: {out}")
    return r, pdf


def hrules(page):
    """y of every horizontal rule (line or rectangle edge), with its x span."""
    out = []
    for d in page.get_drawings():
        for it in d["items"]:
            if it[0] == "l" and abs(it[1].y - it[2].y) < 0.01:
                out.append((it[1].y, min(it[1].x, it[2].x), max(it[1].x, it[2].x)))
            elif it[0] == "re":
                r = it[1]
                out += [(r.y0, r.x0, r.x1), (r.y1, r.x0, r.x1)]
    return out


def lines(page):
    """Text lines as (x0, y0, x1, y1, text), top to bottom."""
    res = []
    for b in page.get_text("dict")["blocks"]:
        for ln in b.get("lines", []):
            t = "".join(s["text"] for s in ln["spans"]).strip()
            if t:
                res.append((*ln["bbox"], t))
    return sorted(res, key=lambda l: l[1])


# ---------------------------------------------------------------- split rows

SPEC = """nhan: Phụ lục 1
tieu-de: KẾT QUẢ THỰC HIỆN NHIỆM VỤ
du-lieu: {csv}
cot:
  - {{khoa: stt, nhan: STT, rong: 12mm, can: giua}}
  - {{khoa: ten, nhan: Nhiệm vụ, rong: 40mm}}
  - {{khoa: ket_qua, nhan: Kết quả, rong: 3*}}
hang: {{ky-hieu: stt, ten: ten}}
"""
LONG = " ".join(f"Sở Nội vụ đã tham mưu văn bản số {i}/SNV-CCHC, góp ý dự thảo quy chế phối "
                f"hợp giữa các cơ quan; đang tiếp tục hoàn thiện" for i in range(1, 90))
rows = ["stt,ten,ket_qua"]
for i in range(1, 7):
    rows.append(f"{i},Nhiệm vụ số {i},Đã hoàn thành đúng hạn theo kế hoạch")
rows.append(f"7,Nhiệm vụ dài,\"{LONG}\"")
rows.append("8,Nhiệm vụ cuối,Đã hoàn thành")
r, pdf = table("tach-hang", SPEC.format(csv="tach-hang.csv"), "\n".join(rows) + "\n")
doc = fitz.open(pdf)
check(doc.page_count >= 3, f"split row: {doc.page_count} pages, want >= 3 (the long row spans pages)")

# The padding a whole row has: from a short row's text to its rules.
p0 = doc[0]
p0_lines = lines(p0)
p0_rules = sorted({round(y, 2) for y, x0, x1 in hrules(p0)})
row1 = [l for l in p0_lines if l[4].startswith("Nhiệm vụ số 1")][0]
above = max(y for y in p0_rules if y <= row1[1] + 0.01)
below = min(y for y in p0_rules if y >= row1[3] - 0.01)
pad_top, pad_bottom = row1[1] - above, below - row1[3]
check(pad_top > 1.5 and pad_bottom > 1.5, f"whole row padding {pad_top:.2f}/{pad_bottom:.2f} pt")

stt_x = None
for pno in range(doc.page_count - 1):
    page, nxt = doc[pno], doc[pno + 1]
    pl, nl = lines(page), lines(nxt)
    # cut at the foot of page pno: the lowest rule is the closing rule of the
    # cut row; the lowest text line stands above it by the row's padding
    body = [l for l in pl if l[3] < page.rect.y1 - 40]
    last_rule = max(y for y, x0, x1 in hrules(page))
    last_text = max(l[3] for l in body)
    gap = last_rule - last_text
    check(gap >= pad_bottom - 0.3,
          f"page {pno + 1}: cut edge at the foot: text {gap:.2f} pt above the rule, a whole row "
          f"has {pad_bottom:.2f} pt")
    # next page: the first line under the repeated header
    head = [l for l in nl if l[4] == "STT"][0]
    header_bottom = min(y for y, x0, x1 in hrules(nxt) if y > head[3])
    first = min(l[1] for l in nl if l[1] > header_bottom)
    gap = first - header_bottom
    check(gap >= pad_top - 0.3,
          f"page {pno + 2}: cut edge at the head: text {gap:.2f} pt under the header, a whole "
          f"row has {pad_top:.2f} pt")
    # the STT cell of the continued part shows the row's number
    mid = (head[0] + head[2]) / 2
    stt = [l for l in nl if l[1] > header_bottom and abs((l[0] + l[2]) / 2 - mid) < 15]
    stt = sorted(stt, key=lambda l: l[1])
    check(stt and stt[0][4] == "7" and abs(stt[0][1] - first) < 1,
          f"page {pno + 2}: continued row shows STT {stt[0][4] if stt else None!r} at the top, "
          f"want '7'")
    # and no "(tiếp)" after it (decided: number only, see tablelayout.c)
    check(not any("tiếp)" in l[4] for l in nl), f"page {pno + 2}: no '(tiếp)' mark")

# ---------------------------------------------------------------- gop-cot

GSPEC = """nhan: Phụ lục 2
tieu-de: NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH
du-lieu: {csv}
cot:
  - {{khoa: stt, nhan: STT, rong: 12mm, can: giua}}
  - {{khoa: ten, nhan: Nhiệm vụ, rong: 30mm}}
  - {{khoa: ket_qua, nhan: Kết quả, rong: 1*}}
  - {{khoa: tien_do, nhan: Tiến độ, rong: 22mm}}
  - {{khoa: so_vb, nhan: Số văn bản, kieu: so, rong: 20mm, cong-don: khong}}
hang:
  ky-hieu: stt
  ten: ten
{extra}"""
GCSV = """stt,ten,ket_qua,tien_do,so_vb
I,XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ,,,
1,Ban hành kế hoạch,Đã ban hành,Quý I,3
II,CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC,,,12
2,Sắp xếp đơn vị,Đã xong,Quý II,5
"""


def row_words(page, first, last):
    """The words `first` and `last` of one table cell (on one line or a few)."""
    ws = page.get_text("words")
    for a in (w for w in ws if w[4] == first):
        bs = [w for w in ws if w[4] == last and w[1] >= a[1] - 1 and w[1] - a[1] < 80]
        if bs:
            return a, bs[0]
    raise AssertionError(f"no {first} ... {last} on the page")


def vrules(page):
    out = []
    for d in page.get_drawings():
        for it in d["items"]:
            if it[0] == "l" and abs(it[1].x - it[2].x) < 0.01:
                out.append((it[1].x, min(it[1].y, it[2].y), max(it[1].y, it[2].y)))
    return out


for extra, name in (("  gop-cot: co\n", "gop-cot"), ("  gop-cot: tien_do\n", "gop-cot-den"),
                    ("", "khong-gop")):
    r, pdf = table(name, GSPEC.format(csv=name + ".csv", extra=extra), GCSV)
    if r.returncode:
        continue
    gdoc = fitz.open(pdf)
    page = gdoc[0]
    head = {w[4]: w for w in page.get_text("words") if w[4] in ("Kết", "Tiến", "Số")}
    a, b = row_words(page, "XÂY", "TỬ")
    one_line = abs(a[1] - b[1]) < 1
    # the rule between Nhiệm vụ and Kết quả does not cross a spanned group row
    crossing = [v for v in vrules(page) if a[0] < v[0] < b[2] and v[1] < (a[1] + a[3]) / 2 < v[2]]
    a2, b2 = row_words(page, "CẢI", "NƯỚC")
    if name == "khong-gop":
        check(not one_line, f"{name}: without gop-cot the group title wraps in its column")
        continue
    check(one_line, f"{name}: group title on one line ({a[1]:.1f} vs {b[1]:.1f})")
    check(b[2] > head["Kết"][0], f"{name}: group title runs past the name column")
    check(not crossing, f"{name}: no column rule crosses the spanned cell: {crossing}")
    if name == "gop-cot-den":
        check(b[2] < head["Số"][0], f"{name}: span stops at tien_do")
    # a group row with a figure: the span stops at the figure's cell
    twelve = [w for w in page.get_text("words") if w[4] == "12"][0]
    check(b2[2] < twelve[0] and abs(twelve[1] - a2[1]) < 1,
          f"{name}: group II spans up to its figure only, which stays in its column")

# gop-cot must name a column after the name column
r = run(["table", os.path.join(D, "gop-cot.csv"), "--spec",
         write(os.path.join(D, "gop-sai.yaml"),
               GSPEC.format(csv="gop-cot.csv", extra="  gop-cot: stt\n")),
         "-o", os.path.join(D, "gop-sai.pdf")])
spec = os.path.join(D, "gop-sai.yaml")
check(r.returncode == 2 and f"{spec}:13:12: lỗi: «gop-cot: stt»: cột này phải đứng sau cột tên «ten»; "
      "ghi «co» để gộp tới cột cuối" in r.stderr, f"gop-cot before the name: {r.returncode} {r.stderr}")
check(not os.path.exists(os.path.join(D, "gop-sai.pdf")), "gop-cot error: no PDF")

finish()
