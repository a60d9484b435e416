"""CSV files as Excel and Notepad save them on Windows (issue 10): Windows-1258
(Vietnamese Windows), Windows-1252 and UTF-16 LE/BE with a BOM are detected,
read right and named in a note; 'baocao chuyen-ma' tells TCVN3, VNI and
Windows-1258 apart and refuses, listing the candidates, when it cannot.
The 8-bit files are made here with iconv from UTF-8 text."""
import os
import shutil
import subprocess

from bctest import DATA, OUT, check, finish, nfc, pdftotext, qpdf_ok, run

D = os.path.join(OUT, "encodings")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)

SPEC = """tieu-de: BẢNG THỬ MÃ CHỮ
du-lieu: {csv}
cot:
  - {{khoa: stt, nhan: STT, rong: 12mm}}
  - {{khoa: ten, nhan: Tên đơn vị, rong: 90mm}}
  - {{khoa: so, nhan: Số hồ sơ, kieu: so}}
  - {{khoa: tl, nhan: Tỷ lệ, kieu: ty-le, so-le: 2}}
"""
ROWS_VN = [("1", "Sở Nội vụ", "1.258", "12,50%"),
           ("2", "Ủy ban nhân dân huyện Diên Khánh", "2.443", "7,25%"),
           ("3", "Phường Vĩnh Hải, thành phố Nha Trang", "17", "0,49%"),
           ("4", "Sở Tư pháp - Đội thi hành án", "1.023.615", "100,00%")]
ROWS_W = [("1", "Café Müller", "1.258", "12,50%"), ("2", "São Paulo Ação", "2.443", "7,25%")]


def csv_text(rows):
    return "stt,ten,so,tl\r\n" + "".join(
        ",".join(f'"{c}"' if "," in c else c for c in r) + "\r\n" for r in rows)


def iconv(text, enc):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", enc], input=text.encode("utf-8"),
                          capture_output=True, check=True).stdout


def table_case(name, data, rows, note):
    csv = os.path.join(D, name + ".csv")
    with open(csv, "wb") as f:
        f.write(data)
    spec = os.path.join(D, name + ".yaml")
    with open(spec, "w", encoding="utf-8") as f:
        f.write(SPEC.format(csv=name + ".csv"))
    pdf = os.path.join(D, name + ".pdf")
    r = run(["table", csv, "--spec", spec, "-o", pdf])
    if not check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}"):
        return
    check(f"{csv}: ghi chú: {note}" in r.stderr.splitlines(),
          f"{name}: no note naming the encoding: {r.stderr}")
    check(qpdf_ok(pdf), f"{name}: qpdf --check fails")
    text = nfc(pdftotext(pdf))
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for row in rows:
        for cell in row:
            check(nfc(cell) in lines, f"{name}: «{cell}» not a line of the PDF text: {lines[:40]}")


vn = csv_text(ROWS_VN)
# Windows-1258: glibc writes tones as combining bytes after the vowel
w1258 = iconv(vn, "CP1258")
check(b"\xcc" in w1258 or b"\xec" in w1258, "CP1258 test file has no combining tone byte")
table_case("cp1258", w1258, ROWS_VN,
           "đọc tệp CSV theo mã Windows-1258 (nhận ra tự động), chuyển sang Unicode")
table_case("cp1252", iconv(csv_text(ROWS_W), "CP1252"), ROWS_W,
           "đọc tệp CSV theo mã Windows-1252 (nhận ra tự động), chuyển sang Unicode")
table_case("utf16le", iconv("\ufeff" + vn, "UTF-16LE"), ROWS_VN,
           "đọc tệp CSV theo mã UTF-16 LE (nhận ra tự động), chuyển sang Unicode")
table_case("utf16be", iconv("\ufeff" + vn, "UTF-16BE"), ROWS_VN,
           "đọc tệp CSV theo mã UTF-16 BE (nhận ra tự động), chuyển sang Unicode")
# a UTF-8 file gets no encoding note
csv = os.path.join(D, "utf8.csv")
with open(csv, "w", encoding="utf-8") as f:
    f.write(vn)
spec = os.path.join(D, "utf8.yaml")
with open(spec, "w", encoding="utf-8") as f:
    f.write(SPEC.format(csv="utf8.csv"))
r = run(["table", csv, "--spec", spec, "-o", os.path.join(D, "utf8.pdf")])
check(r.returncode == 0 and "theo mã" not in r.stderr, f"utf8: {r.returncode} {r.stderr}")

# ---- baocao chuyen-ma ----
TEXT = ("Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
        "Ủy ban nhân dân tỉnh Khánh Hòa báo cáo kết quả giải quyết thủ tục hành chính\n")
TCVN3 = bytes.fromhex("43 E9 6E 67 20 68 DF 61 20 78 B7 20 68 E9 69 20 63 68 F1 20 6E 67 68 DC 61"
                      " 20 56 69 D6 74 20 4E 61 6D 0A")  # tests/data/legacy/vectors.tsv tcvn3-1
VNI = bytes.fromhex("43 6F E4 6E 67 20 68 6F F8 61 20 78 61 F5 20 68 6F E4 69 20 63 68 75 FB 20 6E"
                    " 67 68 F3 61 20 56 69 65 E4 74 20 4E 61 6D 0A")


def chuyen_ma(name, data, *opts):
    src = os.path.join(D, name + ".txt")
    with open(src, "wb") as f:
        f.write(data)
    dst = os.path.join(D, name + ".out.txt")
    if os.path.exists(dst):
        os.remove(dst)
    return src, dst, run(["chuyen-ma", *opts, src, "-o", dst])


src, dst, r = chuyen_ma("cm-1258", iconv(TEXT, "CP1258"))
if check(r.returncode == 0, f"chuyen-ma cp1258: exit {r.returncode}: {r.stderr}"):
    check(open(dst, encoding="utf-8").read() == TEXT, "chuyen-ma cp1258: wrong text")
    check(f"{src}:1:1: ghi chú: đã chuyển mã Windows-1258 → Unicode: 3 dòng, từ dòng 1"
          in r.stderr, f"chuyen-ma cp1258: note: {r.stderr}")
for name, data in (("cm-tcvn3", TCVN3), ("cm-vni", VNI)):
    src, dst, r = chuyen_ma(name, data)
    if check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}"):
        check(open(dst, encoding="utf-8").read() == "Cộng hòa xã hội chủ nghĩa Việt Nam\n",
              f"{name}: wrong text")
# TCVN3 and Windows-1258 lines in one file: cannot tell, refuse and list
with open(os.path.join(DATA, "legacy", "vectors.tsv"), encoding="utf-8") as f:
    rows = [l.rstrip("\n").split("\t") for l in f][1:]
all_tcvn3 = b"\n".join(bytes.fromhex(r[3]) for r in rows if r[1] == "tcvn3") + b"\n"
src, dst, r = chuyen_ma("cm-mixed", all_tcvn3 + iconv(TEXT, "CP1258"))
check(r.returncode == 2, f"mixed: exit {r.returncode}")
check(not os.path.exists(dst), "mixed: output written")
check(r.stderr.strip() == f"{src}:1:1: lỗi: không nhận ra chắc chắn mã của các dòng không phải "
      "UTF-8 (dòng đầu tiên: 1): có thể là TCVN3 (điểm 19), VNI (điểm 0), Windows-1258 (điểm 21); "
      "hãy chọn mã bằng --ma tcvn3, --ma vni hoặc --ma cp1258 rồi xem lại kết quả",
      f"mixed: message: {r.stderr}")
# bytes with no Vietnamese in any code page: refuse, say how to choose
src, dst, r = chuyen_ma("cm-none", "Ok\nCafé Müller\n".encode("cp1252"))
check(r.returncode == 2 and not os.path.exists(dst), f"none: exit {r.returncode}")
check(r.stderr.strip() == f"{src}:2:1: lỗi: các dòng không phải UTF-8 (dòng đầu tiên: 2) không "
      "giống chữ Việt ở mã nào: TCVN3 (điểm 0), VNI (điểm 0), Windows-1258 (điểm 0); nếu là chữ "
      "Tây Âu (Windows-1252) hãy chạy lại với --ma cp1252, hoặc chọn --ma tcvn3, --ma vni, "
      "--ma cp1258", f"none: message: {r.stderr}")
src, dst, r = chuyen_ma("cm-1252", "Ok\nCafé Müller\n".encode("cp1252"), "--ma", "cp1252")
check(r.returncode == 0 and open(dst, encoding="utf-8").read() == "Ok\nCafé Müller\n",
      f"--ma cp1252: {r.returncode} {r.stderr}")

finish()
