#!/usr/bin/python3
"""Writes so-lieu.xlsx: the figures of samples/bao-cao-quy-1-2018 (chi-so.yaml
and tthc.csv) as an office keeps them in Excel - two sheets, "Chỉ số" and
"TTHC", columns khoa / nay / truoc, rates as fractions formatted "0.00%"
(0,7688 shows as 76,88%), counts formatted "#,##0". Run: /usr/bin/python3 tao-so-lieu.py [OUT.xlsx]."""
import sys

import openpyxl
from openpyxl.styles import Font

PCT2, PCT0, INT = "0.00%", "0%", "#,##0"

CHI_SO = [
    ("hai_long.chung", 0.7688, 0.7337, PCT2),
    ("hai_long.muc_tieu", 0.77, None, PCT0),
    ("chi_so_cchc.trung_binh", 0.8084, 0.8125, PCT2),
    ("chi_so_cchc.xep_loai.tot", 15, None, INT),
    ("chi_so_cchc.xep_loai.kha", 23, None, INT),
    ("chi_so_cchc.xep_loai.trung_binh", 6, None, INT),
    ("cong_cchc.luot_truy_cap", 1023615, 959787, INT),
]

TTHC = [
    ("tthc.tiep_nhan", 93281, None, INT),
    ("tthc.tiep_nhan_so", 14596, None, INT),
    ("tthc.tiep_nhan_huyen", 29037, None, INT),
    ("tthc.tiep_nhan_xa", 49648, None, INT),
    ("tthc.da_giai_quyet", 83300, None, INT),
    ("tthc.som_han", 73516, None, INT),
    ("tthc.som_han_ty_le", 0.8825, None, PCT2),
    ("tthc.dung_han", 9517, None, INT),
    ("tthc.dung_han_ty_le", 0.1142, None, PCT2),
    ("tthc.tre_han", 267, None, INT),
    ("tthc.tre_han_ty_le", 0.0032, 0.05, PCT2),
]


def sheet(ws, rows):
    ws.append(["khoa", "nay", "truoc"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for key, nay, truoc, fmt in rows:
        ws.append([key, nay, truoc])
        r = ws.max_row
        for col in (2, 3):
            ws.cell(r, col).number_format = fmt
    ws.column_dimensions["A"].width = 34


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "so-lieu.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ số"
    sheet(ws, CHI_SO)
    ws2 = wb.create_sheet("TTHC")
    sheet(ws2, TTHC)
    wb.save(out)


if __name__ == "__main__":
    main()
