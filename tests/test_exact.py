"""Every figure printed is the figure given (issue 19, part 3): integers keep
all their digits up to 18, decimals stay decimals (0,1 + 0,2 is 0,3 at any
magnitude), rates are rounded once, when printed, half away from zero, and a
figure beyond 18 digits is refused at its file:line:column."""
import os
import re
import shutil

from bctest import OUT, ROOT, check, finish, nfc, pdftotext, run

D = os.path.join(OUT, "exact")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
SRC = os.path.join(ROOT, "tests", "data", "exact")
SPEC = os.path.join(D, "lon.yaml")
CSV = os.path.join(D, "lon.csv")
shutil.copy(os.path.join(SRC, "lon.yaml"), SPEC)
ORIG = open(os.path.join(SRC, "lon.csv"), encoding="utf-8").read()


def table(csv_text, *extra):
    with open(CSV, "w", encoding="utf-8") as f:
        f.write(csv_text)
    pdf = os.path.join(D, "lon.pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    r = run(["table", CSV, "--spec", SPEC, "-o", pdf, "--chi-phong-kem-theo", *extra])
    return r, pdf


def rows(pdf):
    """Table rows as lists of words (pdftotext -layout), by marker and name."""
    out = {}
    for line in nfc(pdftotext(pdf, "-layout")).splitlines():
        cells = line.split()
        if len(cells) >= 3:
            out[" ".join(cells[:2])] = cells
    return out


# 1. Fix mode fills the empty totals from the exact sums.
r, pdf = table(ORIG, "--sua-tong")
check(r.returncode == 0, f"fix mode exit 0, got {r.returncode}: {r.stderr}")
got = rows(pdf) if os.path.exists(pdf) else {}
want = {
    "1 Sở": ["1", "Sở", "A", "9.007.199.254.740.993", "0,1", "1", "8", "13%"],
    "2 Sở": ["2", "Sở", "B", "2", "0,2", "-1", "8", "-13%"],
    "A Khối": ["A", "Khối", "tỉnh", "9.007.199.254.740.995", "0,3", "16"],
    "1 Huyện": ["1", "Huyện", "C", "123.456.789.012.345.678", "1.000.000.000.000.000,1",
                  "124.999.999.999.999", "1.000.000.000.000.000", "12%"],
    # 125.000.000.000.124 / 1.000.000.000.001.000 is a hair below 12,5%: 12%
    "B Khối": ["B", "Khối", "huyện", "123.456.789.012.345.678", "1.000.000.000.000.000,3",
                     "125.000.000.000.124", "1.000.000.000.001.000", "12%"],
    "2 Huyện": ["2", "Huyện", "D", "0", "0,2", "125", "1.000", "13%"],
}
for k, cells in want.items():
    check(got.get(k) == cells, f"row {k}: got {got.get(k)}, want {cells}")
check("đã điền 1.000.000.000.000.000,3 vào ô trống (tổng 2 hàng con)" in r.stderr,
      f"fix note names the exact sum: {r.stderr}")

# 2. Wrong totals by the smallest step are caught at any magnitude.
bad = ORIG.replace("B,Khối huyện,123456789012345678,,,,",
                   'B,Khối huyện,123456789012345679,"1.000.000.000.000.000,5",'
                   "125000000000124,1000000000001000,12%")
bad = bad.replace("A,Khối tỉnh,9007199254740995,,,,", 'A,Khối tỉnh,9007199254740995,"0,3",0,16,0%')
r, pdf = table(bad)
check(r.returncode == 3, f"mismatch exit 3, got {r.returncode}: {r.stderr}")
warn = [l for l in r.stderr.splitlines() if ": cảnh báo: " in l]
check(warn == [
    f"{CSV}:5:14: cảnh báo: Phụ lục 1, hàng «B Khối huyện», cột «Số tiền (đồng)»: ghi "
    "123.456.789.012.345.679 nhưng tổng 2 hàng con là 123.456.789.012.345.678",
    f"{CSV}:5:33: cảnh báo: Phụ lục 1, hàng «B Khối huyện», cột «Số thực»: ghi "
    "1.000.000.000.000.000,5 nhưng tổng 2 hàng con là 1.000.000.000.000.000,3",
], f"exactly the two wrong totals are reported: {warn}")

# 3. More digits than 18 are refused where they are written, before any PDF.
for text, col, num in [("123456789012345678901", 14, "123456789012345678901"),
                       ('"0,1234567890123456789"', 14, "0,1234567890123456789")]:
    r, pdf = table(ORIG.replace("B,Khối huyện,123456789012345678", "B,Khối huyện," + text))
    check(r.returncode == 2, f"{num}: exit 2, got {r.returncode}")
    check(not os.path.exists(pdf), f"{num}: no PDF")
    msg = (f"{CSV}:5:{col}: lỗi: cột «Số tiền (đồng)»: số «{num}» vượt giới hạn: baocao giữ "
           "đúng từng chữ số của số có tối đa 18 chữ số (và tối đa 18 chữ số thập phân); hãy "
           "kiểm tra lại số này hoặc đổi đơn vị (nghìn, triệu, tỷ)")
    check(msg in r.stderr, f"{num}: message\n  got  {r.stderr}\n  want {msg}")

finish()
