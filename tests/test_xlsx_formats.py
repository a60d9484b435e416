#!/usr/bin/python3
"""Excel number formats the way the cell shows them.

1. Scaling commas: "#,##0," shows 1234567 as 1,235 (thousands), "#,##0,,"
   as 1 (millions), "#,##0.0,," as 1.2. The workbook's column header then
   says "nghìn đồng" / "triệu đồng", so baocao must print 1.235, never
   1.234.567 - in an appendix table (baocao table, the column's decimals
   round) and in an indicator file (so-lieu:, the format's decimals round).
   A comma between digit places ("#,##0") only groups.
2. A number typed as a number in a text column prints with the Vietnamese
   decimal comma (12,5, not 12.5); text typed as text stays as written, and
   a CSV text column stays byte for byte.

Workbooks are written with openpyxl (its styles.xml as Excel's: custom
formats from id 164).
"""
import os
import re
import shutil

import openpyxl

from bctest import (OUT, check, check_exit, finish, nfc, pdftotext, qpdf_ok, render, run,
                    write_report)

D = os.path.join(OUT, "xlsx-formats")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def flat(pdf):
    return re.sub(r"\s+", " ", nfc(pdftotext(pdf)))


# ---------------------------------------------------------------------------
# 1a. appendix table: scaled number columns, a text column with numbers.
SPEC = os.path.join(D, "bang.yaml")
with open(SPEC, "w", encoding="utf-8") as f:
    f.write("""nhan: Phụ lục 1
tieu-de: THỬ ĐỊNH DẠNG EXCEL
cot:
  - {khoa: ten, nhan: Đơn vị}
  - {khoa: ma, nhan: Mã số}
  - {khoa: nghin, nhan: Kinh phí (nghìn đồng), kieu: so}
  - {khoa: trieu, nhan: Kinh phí (triệu đồng), kieu: so-thuc, so-le: 1}
  - {khoa: nhom, nhan: Nhóm, kieu: so}
""")
HDR = ["Đơn vị", "Mã số", "Kinh phí (nghìn đồng)", "Kinh phí (triệu đồng)", "Nhóm"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Trang 1"
ws.append(HDR)
ws.append(["Xã Một", 12.5, 1234567, 12200000, 1234])
ws.append(["Xã Hai", "12.5", 999, 49999, 7])
ws.append(["Xã Ba", 2024, 1500, 150000, 0])
for r in range(2, 5):
    ws.cell(r, 3).number_format = "#,##0,"
    ws.cell(r, 4).number_format = "#,##0.0,,"
    ws.cell(r, 5).number_format = "#,##0"
book = os.path.join(D, "bang.xlsx")
wb.save(book)
pdf = os.path.join(D, "bang.pdf")
r = run(["table", book, "--spec", SPEC, "-o", pdf, "--chi-phong-kem-theo"])
check(r.returncode == 0, f"table from the workbook: {r.returncode} {r.stderr[-400:]}")
t = flat(pdf) if r.returncode == 0 else ""
check("Xã Một 12,5 1.235 12,2 1.234" in t,
      f"#,##0, as thousands (1234567 -> 1.235), #,##0.0,, as millions (12200000 -> 12,2), "
      f"#,##0 only groups, 12.5 typed as a number in a text column -> 12,5: {t[:700]!r}")
check("Xã Hai 12.5 1 0,0 7" in t,
      f"text typed as text stays '12.5'; 999 in thousands rounds to 1; 49999 in millions 0,0: "
      f"{t[:700]!r}")
check("Xã Ba 2024 2 0,2 0" in t,
      f"a whole number in a text column is not grouped (2024); 1500 -> 2 (half away from "
      f"zero); 150000 -> 0,2: {t[:700]!r}")
check("1.234.567" not in t and "12.200.000" not in t, "no unscaled figure printed")
check(r.returncode != 0 or qpdf_ok(pdf), "qpdf --check")

# 1b. the same table from CSV: the text column as written in the file.
csvp = os.path.join(D, "bang.csv")
with open(csvp, "w", encoding="utf-8") as f:
    f.write(",".join(HDR) + "\nXã Một,12.5,1235,\"12,2\",1234\n")
pdf = os.path.join(D, "bang-csv.pdf")
r = run(["table", csvp, "--spec", SPEC, "-o", pdf, "--chi-phong-kem-theo"])
t = flat(pdf) if r.returncode == 0 else ""
check(r.returncode == 0 and " 12.5 " in t and "12,5" not in t and " 1.235 " in t,
      f"CSV text column byte for byte: {r.returncode} {r.stderr[-300:]} {t[:400]!r}")

# ---------------------------------------------------------------------------
# 2. indicator file (so-lieu:): as the cell shows it.
d = os.path.join(D, "report")
os.makedirs(d)
write_report(d, "# Số liệu\n\nThu {{ a.nghin | so }} nghìn đồng; chi {{ a.trieu }} triệu đồng; "
                "vốn {{ a.ty }} tỷ đồng; nhóm {{ a.nhom | so }}.\n",
             bo_cuc="nd30-chuan", trich_yeu="Thử định dạng Excel", so_lieu="[chi-so.xlsx]")
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Chỉ số"
ws.append(["khoa", "nay"])
for k, v, fmt in [("a.nghin", 1234567, "#,##0,"), ("a.trieu", 12345678, "#,##0.00,,"),
                  ("a.ty", 7654321000, '#,##0,,," tỷ"'), ("a.nhom", 1234567, "#,##0")]:
    ws.append([k, v])
    ws.cell(ws.max_row, 2).number_format = fmt
wb.save(os.path.join(d, "chi-so.xlsx"))
pdf = os.path.join(D, "report.pdf")
r = render(os.path.join(d, "report.yaml"), pdf)
check_exit(r, 0, what="indicator workbook with scaled formats")
t = flat(pdf) if os.path.exists(pdf) else ""
for want, what in [("Thu 1.235 nghìn đồng", "#,##0, shows 1234567 as 1.235"),
                   ("chi 12,35 triệu đồng", "#,##0.00,, shows 12345678 as 12,35"),
                   ("vốn 8 tỷ đồng", "#,##0,,, with a literal after the commas shows 8"),
                   ("nhóm 1.234.567", "#,##0 groups only")]:
    check(want in t, f"{what}: {want!r} not in {t[:600]!r}")

finish()
