#!/usr/bin/python3
"""Excel input beyond the appendix reader (tests/test_xlsx.py):

1. indicator files (so-lieu:) read from .xlsx sheets - numbers as their
   formats show them ("0.00%", "0.00", "#,##0"), dates, text cells typed the
   Vietnamese way, messages naming the cell (book.xlsx: Sheet!B3);
2. the sample bao-cao-quy-1-2018-excel prints the same text as
   bao-cao-quy-1-2018, which reads the same figures from YAML and CSV;
3. multi-row headers with merged cells mapped to a table spec's column tree
   (dong-tieu-de: 2), seed 001's Phụ lục 2 as an office's workbook: the same
   table text as from its CSV, subtotal warnings naming Excel cells; merges
   over data rows are errors naming the range.

Workbooks are built here with openpyxl (shared strings, as Excel saves) and by
writing the XML parts with zipfile the way LibreOffice saves (inline strings,
custom number formats from id 164, explicit t="n", cached formula values).
"""
import csv
import os
import re
import shutil
import subprocess
import zipfile
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.styles import Alignment

from bctest import (NAM_2023_MISMATCHES, OUT, ROOT, check, check_exit, finish, nfc, pdftotext,
                    qpdf_ok, render, run, sample, write_report)

D = os.path.join(OUT, "excel-input")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)

# ---------------------------------------------------------------------------
# 1. indicator workbooks

BODY = """# Số liệu

Tỷ lệ {{ a.ty_le }} ({{ a.ty_le | tang_giam }}); tròn {{ a.tron }}; số {{ a.so | so }};
thập phân {{ a.tp }}; làm tròn {{ a.lam_tron }}; chung {{ a.chung }};
ngày {{ a.ngay | ngay }}; gõ tay {{ a.go }}; chữ {{ a.chu }}; công thức {{ a.cong }};
trang hai {{ b.x | so }}.
"""


def report_dir(name, so_lieu, body=BODY):
    d = os.path.join(D, name)
    os.makedirs(d, exist_ok=True)
    write_report(d, body, bo_cuc="nd30-chuan", trich_yeu="Thử số liệu Excel",
                 so_lieu=f"[{so_lieu}]")
    return d


def excel_book(path):
    """As Excel saves it (openpyxl: shared strings, styles)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ số"
    ws.append(["khoa", "nay", "truoc"])
    rows = [
        ("a.ty_le", 0.7688, 0.7337, "0.00%"),
        ("a.tron", 0.77, None, "0%"),
        ("a.so", 1023615, 959787, "#,##0"),
        ("a.tp", 76.8, None, "0.00"),
        ("a.lam_tron", 2.345, None, "#,##0.00"),
        ("a.chung", 0.5, None, "General"),
        ("a.go", "76,88%", None, "General"),
        ("a.chu", "Sở Nội vụ", None, "General"),
    ]
    for k, nay, truoc, fmt in rows:
        ws.append([k, nay, truoc])
        ws.cell(ws.max_row, 2).number_format = fmt
        ws.cell(ws.max_row, 3).number_format = fmt
    import datetime
    ws.append(["a.ngay", datetime.date(2018, 2, 7)])
    ws.cell(ws.max_row, 2).number_format = "dd/mm/yyyy"
    ws2 = wb.create_sheet("Trang 2")
    ws2.append(["b.x", 1234567])
    wb.save(path)


def lo_book(path, cells_b):
    """As LibreOffice saves it: inline strings, number formats 164+, t="n",
    a formula with its cached value. cells_b: {row: xml of the B cell}."""
    styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.'
              'org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode='
              '"0.00%"/><numFmt numFmtId="165" formatCode="#,##0.00"/><numFmt numFmtId="166" '
              'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="4"><xf numFmtId="0"/>'
              '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>')
    rows = []
    for r in sorted(cells_b):
        key, b = cells_b[r]
        rows.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{escape(key)}</t></is></c>{b}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
             'org/spreadsheetml/2006/main"><sheetData>' + "".join(rows) + '</sheetData></worksheet>')
    wbxml = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships"><sheets><sheet name="Trang tính1" sheetId="1" r:id="rId2"/></sheets>'
             '</workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
            'org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", wbxml)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def body_text(pdf):
    return re.sub(r"\s+", " ", nfc(pdftotext(pdf)))


# 1a. Excel-saved workbook, two sheets
d = report_dir("excel", '"chi-so.xlsx#Chỉ số", "chi-so.xlsx#2"')
excel_book(os.path.join(d, "chi-so.xlsx"))
with open(os.path.join(d, "noi-dung.md"), "w", encoding="utf-8") as f:
    f.write(BODY.replace(" công thức {{ a.cong }};", ""))
pdf = os.path.join(D, "excel.pdf")
r = render(os.path.join(d, "report.yaml"), pdf, "--so-lieu-thua")
check_exit(r, 0, what="indicator workbook")
t = body_text(pdf) if os.path.exists(pdf) else ""
for want, what in [("Tỷ lệ 76,88% (tăng 3,51%)", "0.00% cell as the rate it shows, previous in C"),
                   ("tròn 77%", "0% cell"),
                   ("số 1.023.615", "#,##0 cell"),
                   ("thập phân 76,80", "0.00 shows 76.8 as 76,80"),
                   ("làm tròn 2,35", "#,##0.00 rounds 2.345 half away from zero"),
                   ("chung 0,5", "General as stored"),
                   ("ngày ngày 07 tháng 02 năm 2018", "a date cell is a date"),
                   ("gõ tay 76,88%", "a text cell typed the Vietnamese way is a rate"),
                   ("chữ Sở Nội vụ", "text"),
                   ("trang hai 1.234.567", "the second sheet by its index")]:
    check(want in t, f"{what}: {want!r} not in {t[:600]!r}")
check(qpdf_ok(pdf), "qpdf --check")
check(r.stderr.count("không được dùng") == 0, f"every value used: {r.stderr}")

# 1b. the unused-value note names the cell
with open(os.path.join(d, "noi-dung.md"), "w", encoding="utf-8") as f:
    f.write("Chỉ {{ a.so | so }} và {{ b.x }}.\n")
r = render(os.path.join(d, "report.yaml"), pdf, "--so-lieu-thua")
notes = sorted(l for l in nfc(r.stderr).splitlines() if "không được dùng" in l)
check(notes[:2] == [
    f"{d}/chi-so.xlsx: Chỉ số!A10: ghi chú: số liệu 'a.ngay' không được dùng trong {d}/noi-dung.md",
    f"{d}/chi-so.xlsx: Chỉ số!A2: ghi chú: số liệu 'a.ty_le' không được dùng trong {d}/noi-dung.md",
] and len(notes) == 8, f"unused notes at their cells: {notes}")

# 1c. LibreOffice-saved workbook
d = report_dir("lo", "so-lieu.xlsx")
lo_book(os.path.join(d, "so-lieu.xlsx"), {
    1: ("a.ty_le", '<c r="B1" s="1" t="n"><v>0.7688</v></c><c r="C1" s="1" t="n"><v>0.7337</v></c>'),
    2: ("a.tron", '<c r="B2" s="1" t="n"><v>0.77</v></c>'),
    3: ("a.so", '<c r="B3" s="0" t="n"><v>1023615</v></c><c r="C3" t="n"><v>959787</v></c>'),
    4: ("a.tp", '<c r="B4" s="2" t="n"><v>76.8</v></c>'),
    5: ("a.lam_tron", '<c r="B5" s="2" t="n"><v>2.345</v></c>'),
    6: ("a.chung", '<c r="B6" t="n"><v>0.5</v></c>'),
    7: ("a.ngay", '<c r="B7" s="3" t="n"><v>43138</v></c>'),
    8: ("a.go", '<c r="B8" t="inlineStr"><is><t>76,88%</t></is></c>'),
    9: ("a.chu", '<c r="B9" t="inlineStr"><is><t>Sở Nội vụ</t></is></c>'),
    10: ("a.cong", '<c r="B10" s="2" t="n"><f>B4*2</f><v>153.6</v></c>'),
    11: ("b.x", '<c r="B11" t="n"><v>1234567</v></c>'),
})
pdf = os.path.join(D, "lo.pdf")
r = render(os.path.join(d, "report.yaml"), pdf)
check_exit(r, 0, what="LibreOffice-style indicator workbook")
t = body_text(pdf) if os.path.exists(pdf) else ""
for want in ["Tỷ lệ 76,88% (tăng 3,51%)", "tròn 77,00%", "số 1.023.615", "thập phân 76,80",
             "làm tròn 2,35", "chung 0,5", "ngày ngày 07 tháng 02 năm 2018", "gõ tay 76,88%",
             "chữ Sở Nội vụ", "công thức 153,60", "trang hai 1.234.567"]:
    check(want in t, f"LibreOffice book: {want!r} not in {t[:600]!r}")

# 1d. errors, each naming the cell (exit 2, nothing written)


def bad(name, so_lieu, build, want):
    d = report_dir(name, so_lieu, body="Không trích số liệu.\n")
    build(d)
    pdf = os.path.join(D, name + ".pdf")
    r = render(os.path.join(d, "report.yaml"), pdf)
    lines = [l for l in nfc(r.stderr).splitlines() if ": lỗi: " in l]
    got = lines[0] if lines else r.stderr
    check(r.returncode == 2 and got == want.replace("{d}", d) and not os.path.exists(pdf),
          f"{name}: exit {r.returncode}\n got: {got}\nwant: {want.replace('{d}', d)}")


def book_of(rows, title="Chỉ số", fmt=None):
    def build(d):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for row in rows:
            ws.append(row)
        for ref, f in (fmt or {}).items():
            ws[ref].number_format = f
        wb.save(os.path.join(d, "so-lieu.xlsx"))
    return build


bad("trung", "so-lieu.xlsx", book_of([["khoa", "nay"], ["a.x", 1], ["a.x", 2]]),
    "{d}/so-lieu.xlsx: Chỉ số!A3: lỗi: số liệu 'a.x' đã có ({d}/so-lieu.xlsx: Chỉ số!A2)")
bad("trong", "so-lieu.xlsx", book_of([["khoa", "nay", "truoc"], ["a.x", None, 5]]),
    "{d}/so-lieu.xlsx: Chỉ số!B2: lỗi: số liệu 'a.x' để trống; ghi giá trị kỳ này hoặc xóa dòng")
bad("kieu", "so-lieu.xlsx", book_of([["a.x", 0.5, "chữ"]], fmt={"B1": "0.00%"}),
    "{d}/so-lieu.xlsx: Chỉ số!C1: lỗi: giá trị kỳ trước của 'a.x' ('chữ') phải cùng kiểu với giá "
    "trị kỳ này ('50,00%'): cùng là số, tỷ lệ (có %), ngày hoặc chữ")
bad("bon-cot", "so-lieu.xlsx", book_of([["a.x", 1, 2, "thừa"]]),
    "{d}/so-lieu.xlsx: Chỉ số!D1: lỗi: dòng số liệu 'a.x' có quá 3 cột; mỗi dòng là khóa, giá trị "
    "kỳ này [, kỳ trước] ở ba cột đầu")
bad("cong-thuc", "so-lieu.xlsx", book_of([["a.x", 1], ["a.y", "=B1*2"]]),
    "{d}/so-lieu.xlsx: Chỉ số!B2: lỗi: ô có công thức «=B1*2» nhưng tệp không lưu giá trị đã tính "
    "(tệp do một chương trình không tính công thức tạo ra) - hãy mở tệp bằng Excel hoặc "
    "LibreOffice, lưu lại rồi chạy lại")
bad("ten", "so-lieu.xlsx", book_of([["a x", 1]]),
    "{d}/so-lieu.xlsx: Chỉ số!A1: lỗi: tên số liệu 'a x' chỉ được dùng chữ không dấu, chữ số, '_' "
    "và '-' (mỗi phần bắt đầu bằng chữ), nối bằng dấu chấm")
bad("trang", '"so-lieu.xlsx#Số liệu"', book_of([["a.x", 1]]),
    "{d}/report.yaml:13:1: lỗi: không đọc được tệp số liệu '{d}/so-lieu.xlsx#Số liệu' (trường "
    "so-lieu): không có trang tính «Số liệu» trong sổ; các trang có: «Chỉ số» (ghi tên hoặc số "
    "thứ tự trang sau dấu #)")


def xls(d):
    with open(os.path.join(d, "so-lieu.xls"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)


bad("xls", "so-lieu.xls", xls,
    "{d}/report.yaml:13:1: lỗi: không đọc được tệp số liệu '{d}/so-lieu.xls' (trường so-lieu): "
    "đây là tệp Excel 97-2003 (.xls, định dạng BIFF) - baocao chỉ đọc .xlsx: hãy mở tệp trong "
    "Excel hoặc LibreOffice và «Lưu thành» (Save As) kiểu «Sổ làm việc Excel (*.xlsx)»")

# ---------------------------------------------------------------------------
# 2. the sample: the same text as the YAML + CSV original

S = os.path.join(ROOT, "samples", "bao-cao-quy-1-2018-excel")
gen = os.path.join(D, "gen.xlsx")
subprocess.run(["/usr/bin/python3", os.path.join(S, "tao-so-lieu.py"), gen], check=True)


def cells(p):
    wb = openpyxl.load_workbook(p)
    return [(ws.title, [(c.coordinate, c.value, c.number_format) for row in ws.iter_rows()
                        for c in row]) for ws in wb]


check(cells(gen) == cells(os.path.join(S, "so-lieu.xlsx")),
      "so-lieu.xlsx is what tao-so-lieu.py writes")
a, b = os.path.join(D, "excel-sample.pdf"), os.path.join(D, "yaml-sample.pdf")
ra = render(sample("bao-cao-quy-1-2018-excel"), a)
rb = render(sample("bao-cao-quy-1-2018"), b)
check_exit(ra, "bao-cao-quy-1-2018-excel", what="sample from Excel")
check_exit(rb, "bao-cao-quy-1-2018", what="sample from YAML + CSV")
if os.path.exists(a) and os.path.exists(b):
    ta, tb = nfc(pdftotext(a)), nfc(pdftotext(b))
    check(ta == tb and "76,88%" in ta and "1.023.615" in ta and "88,25%" in ta,
          "the sample's PDF text equals the YAML + CSV version's")
    check(qpdf_ok(a), "sample: qpdf --check")

# the next period: the workbook is copied as it is and must be confirmed
q2 = os.path.join(D, "quy-2")
r = run(["moi", S, q2])
check(r.returncode == 0 and nfc(r.stderr).splitlines()[0] ==
      f"{S}/report.yaml: cảnh báo: tệp số liệu Excel 'so-lieu.xlsx' được chép nguyên như cũ "
      "(baocao không sửa sổ Excel): hãy chép cột «nay» sang cột «truoc», ghi số liệu kỳ mới vào "
      "cột «nay» bằng Excel, rồi xóa dòng của tệp trong moi-can-xac-nhan.yaml",
      f"moi with a workbook: {r.returncode} {r.stderr[:400]}")
check(open(os.path.join(q2, "so-lieu.xlsx"), "rb").read() ==
      open(os.path.join(S, "so-lieu.xlsx"), "rb").read(), "moi: the workbook copied byte for byte")
with open(os.path.join(q2, "moi-can-xac-nhan.yaml"), encoding="utf-8") as f:
    check("chua-xac-nhan:\n  - so-lieu.xlsx\n" in f.read(), "moi: the workbook is to confirm")
r = render(os.path.join(q2, "report.yaml"), os.path.join(D, "quy-2.pdf"))
check(r.returncode == 2 and "tệp 'so-lieu.xlsx' được chép nguyên từ kỳ trước, chưa xác nhận" in
      nfc(r.stderr) and not os.path.exists(os.path.join(D, "quy-2.pdf")),
      f"render refuses the unconfirmed workbook: {r.returncode} {r.stderr[:300]}")

# ---------------------------------------------------------------------------
# 3. multi-row headers with merged cells: seed 001's Phụ lục 2 as a workbook

N23 = os.path.join(ROOT, "samples", "bao-cao-nam-2023")
with open(os.path.join(N23, "phu-luc-2.csv"), encoding="utf-8") as f:
    CSV = list(csv.reader(f))
with open(os.path.join(N23, "phu-luc-2.yaml"), encoding="utf-8") as f:
    SPEC_TEXT = f.read()
TOP = [("cap", 1), ("Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ", 1), ("Hồ sơ\ntiếp nhận", 1),
       ("Hồ sơ đã giải quyết xong", 3), ("Hồ sơ đang giải quyết", 3), ("Hồ sơ trễ hạn", 2)]
SUB = [h.split(" / ")[1] if " / " in h else None for h in CSV[0]]


def cell_value(s):
    """A CSV cell (English style) as the office types it into Excel."""
    if s.endswith("%"):
        return float(s[:-1].replace(",", "")) / 100, "0.00%"
    if re.fullmatch(r"-?[\d,]+", s) and any(ch.isdigit() for ch in s):
        return int(s.replace(",", "")), "#,##0"
    return s, None


def pl2_book(path, data_merge=None, start=4):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục 2"
    ws.cell(1, 1, "PHỤ LỤC 2")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=11)  # a title above
    c = 1
    for text, span in TOP:
        ws.cell(start, c, text).alignment = Alignment(wrap_text=True)
        if span == 1:
            ws.merge_cells(start_row=start, start_column=c, end_row=start + 1, end_column=c)
        else:
            ws.merge_cells(start_row=start, start_column=c, end_row=start, end_column=c + span - 1)
        c += span
    for i, s in enumerate(SUB, 1):
        if s:
            ws.cell(start + 1, i, s)
    for k, row in enumerate(CSV[1:]):
        for i, s in enumerate(row, 1):
            v, fmt = cell_value(s)
            cell = ws.cell(start + 2 + k, i, v)
            if fmt:
                cell.number_format = fmt
    if data_merge:
        ws.merge_cells(data_merge)
    wb.save(path)
    return start + 1 + len(CSV) - 1  # last row


def table(book, spec_text, name):
    spec = os.path.join(D, name + ".yaml")
    with open(spec, "w", encoding="utf-8") as f:
        f.write(spec_text)
    pdf = os.path.join(D, name + ".pdf")
    r = run(["table", book, "--spec", spec, "-o", pdf, "--chi-phong-kem-theo"])
    return r, pdf


SPEC2 = SPEC_TEXT.replace("du-lieu: phu-luc-2.csv", "dong-tieu-de: 2")
book = os.path.join(D, "pl2.xlsx")
last = pl2_book(book)
rx, px = table(f"{book}#Phụ lục 2!A4:K{last}", SPEC2, "pl2-xlsx")
rc, pc = table(os.path.join(N23, "phu-luc-2.csv"), SPEC_TEXT, "pl2-csv")
check(rx.returncode == 3 and rc.returncode == 3, f"both exit 3 (the seed's mismatches): "
      f"{rx.returncode} {rx.stderr[-600:]} / {rc.returncode}")
if os.path.exists(px) and os.path.exists(pc):
    check(nfc(pdftotext(px)) == nfc(pdftotext(pc)),
          "merged two-row header: the same table as from the CSV's 'Group / Leaf' header")
    check(qpdf_ok(px), "pl2 from xlsx: qpdf --check")


def warnings(stderr, loc):
    out = []
    for l in nfc(stderr).splitlines():
        m = re.match(loc + r": cảnh báo: (Phụ lục [^,]*, hàng .*)", l)
        if m:
            out.append(m.groups())
    return out


wx = warnings(rx.stderr, re.escape(book) + r": Phụ lục 2!([A-K]\d+)")
wc = warnings(rc.stderr, r".*phu-luc-2\.csv:(\d+:\d+)")
check(len(wc) == len(NAM_2023_MISMATCHES) and [m for _, m in wx] == [m for _, m in wc],
      f"the same subtotal warnings, at Excel cells: {wx} / {wc}")
# the seed's mismatches are in CSV line 114 = Excel row 118 (header rows 4-5)
check([c for c, _ in wx] == ["E118", "F118"], f"warning cells: {[c for c, _ in wx]}")

# without dong-tieu-de the header reaches as far down as its first row's merges
ra, pa = table(f"{book}#Phụ lục 2!A4:K{last}", SPEC_TEXT.replace("du-lieu: phu-luc-2.csv", ""),
               "pl2-auto")
check(ra.returncode == 3 and os.path.exists(pa) and os.path.exists(pc) and
      nfc(pdftotext(pa)) == nfc(pdftotext(pc)),
      f"two header rows found from the merges: {ra.returncode} {ra.stderr[-400:]}")
# the sheet read whole: its title row is the header, the real header's merges say where it is
ra, pa = table(book, SPEC_TEXT.replace("du-lieu: phu-luc-2.csv", ""), "pl2-whole")
check(ra.returncode == 2 and nfc(ra.stderr).splitlines()[0] ==
      f"{book}: Phụ lục 2!A4: lỗi: ô gộp A4:A5 trải trên 2 dòng số liệu (4 đến 5): mỗi dòng là "
      "một hàng của bảng nên giá trị chỉ có ở dòng 4 - hãy bỏ gộp ô (Trang đầu > Gộp và Căn giữa) "
      "rồi ghi giá trị vào từng dòng (nếu đó là tiêu đề của bảng: trang được đọc từ dòng 1, hãy "
      "ghi vùng ô bắt đầu ở dòng tiêu đề, như «#Phụ lục 2!A4:…»)",
      f"the title row A1 read as the header: {ra.returncode} {ra.stderr[:600]}")

# dong-tieu-de: 1 over a two-row merge: the merge says how many rows
r, p = table(f"{book}#Phụ lục 2!A4:K{last}",
             SPEC_TEXT.replace("du-lieu: phu-luc-2.csv", "dong-tieu-de: 1"), "pl2-one-row")
check(r.returncode == 2 and nfc(r.stderr).splitlines()[0] ==
      f"{book}: Phụ lục 2!A4: lỗi: ô gộp A4:A5 trải từ dòng tiêu đề xuống dòng 5, nhưng tiêu đề "
      "được đọc là 1 dòng (4 đến 4) nên dòng 5 là số liệu - nếu tiêu đề có 2 dòng, hãy ghi "
      "«dong-tieu-de: 2» trong đặc tả bảng (hoặc bỏ dòng dong-tieu-de để tự nhận); nếu không, "
      "hãy bỏ gộp ô",
      f"one header row over a two-row merge: {r.returncode} {r.stderr[:500]}")

# a name merged over two data rows
book2 = os.path.join(D, "pl2-gop.xlsx")
last = pl2_book(book2, data_merge="B8:B9")
r, p = table(f"{book2}#Phụ lục 2!A4:K{last}", SPEC2, "pl2-gop")
check(r.returncode == 2 and nfc(r.stderr).splitlines()[0] ==
      f"{book2}: Phụ lục 2!B8: lỗi: ô gộp B8:B9 trải trên 2 dòng số liệu (8 đến 9): mỗi dòng là "
      "một hàng của bảng nên giá trị chỉ có ở dòng 8 - hãy bỏ gộp ô (Trang đầu > Gộp và Căn giữa) "
      "rồi ghi giá trị vào từng dòng" and not os.path.exists(p),
      f"merge over data rows: {r.returncode} {r.stderr[:500]}")

# dong-tieu-de with a CSV
r, p = table(os.path.join(N23, "phu-luc-2.csv"), SPEC2, "pl2-csv-2")
spec = os.path.join(D, "pl2-csv-2.yaml")
line = SPEC2.splitlines().index("dong-tieu-de: 2") + 1
check(r.returncode == 2 and nfc(r.stderr).splitlines()[0] ==
      f"{spec}:{line}:1: lỗi: dong-tieu-de: 2 chỉ dùng cho số liệu Excel (.xlsx, tiêu đề nhiều "
      f"dòng có ô gộp); tệp CSV {N23}/phu-luc-2.csv cần tiêu đề một dòng, cột con ghi «Nhóm / Cột» "
      "(như «Hồ sơ đã giải quyết xong / Tổng»)",
      f"dong-tieu-de with a CSV: {r.returncode} {r.stderr[:500]}")

# a merge along one data row: its text is in its first cell, the rest empty
SMALL = """nhan: Phụ lục
tieu-de: THỬ
dong-tieu-de: 2
cot:
  - {khoa: ten, nhan: Tên}
  - nhan: Kết quả
    cot:
      - {khoa: so, nhan: Số, kieu: so}
      - {khoa: ghi_chu, nhan: Ghi chú}
hang: {ky-hieu: khong, ten: ten}
"""
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["Tên", "Kết quả", None])
ws.append([None, "Số", "Ghi chú"])
ws.merge_cells("A1:A2")
ws.merge_cells("B1:C1")
ws.append(["Xã Một", 5, "gộp ngang"])
ws.merge_cells("C3:D3")
ws.append(["Xã Hai", 7, None])
book3 = os.path.join(D, "ngang.xlsx")
wb.save(book3)
r, p = table(book3, SMALL, "ngang")
t = body_text(p) if r.returncode == 0 else ""
check(r.returncode == 0 and "Xã Một 5 gộp ngang" in t and "Xã Hai 7" in t,
      f"a merge along a data row: {r.returncode} {r.stderr[:300]} {t[:300]!r}")

finish()
