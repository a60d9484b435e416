#!/usr/bin/python3
"""baocao tong-hop: the province table from the agencies' submissions.

Works on a copy of samples/tong-hop-quy-1-2024 (22 agencies, CSV and .xlsx
mixed, with a missing agency, a duplicate, an unknown file, two wrong own
totals and a change beyond 50% against last period): exact messages, the
rolled-up figures against sums done by hand from seed 001's rows, the
rendered PDF's table text, input errors that write nothing."""
import csv
import os
import shutil

import openpyxl

from bctest import OUT, ROOT, check, check_exit, finish, nfc, pdftotext, qpdf_ok, render, run

SAMPLE = os.path.join(ROOT, "samples", "tong-hop-quy-1-2024")
W = os.path.join(OUT, "tong-hop")


def fresh():
    shutil.rmtree(W, ignore_errors=True)
    os.makedirs(W)
    for name in ("co-quan.yaml", "ky-truoc.csv"):
        shutil.copy(os.path.join(SAMPLE, name), W)
    shutil.copytree(os.path.join(SAMPLE, "nop"), os.path.join(W, "nop"))


def tong_hop(*args):
    return run(["tong-hop", *args], cwd=W)


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def by_name(rows):
    return {r[1] or r[0]: r for r in rows[1:]}


def lines(stderr):
    return [nfc(x) for x in stderr.splitlines()]


# ---- the faults, exact messages, exit 3 with the table written -------------
fresh()
r = tong_hop("co-quan.yaml", "--ky-truoc", "ky-truoc.csv", "-o", "tong-hop.csv")
check(r.returncode == 3, f"findings: exit {r.returncode}, want 3: {r.stderr}")
got = lines(r.stderr)
WANT = [
    "nop/xa-cam-phuoc-tay.xlsx: cảnh báo: tệp không khớp cơ quan nào trong co-quan.yaml: đổi "
    "tên tệp theo mẫu «tep:» của cơ quan đã nộp nó, hoặc thêm cơ quan vào danh sách «co-quan»",
    "nop/so-tu-phap (1).csv: cảnh báo: báo cáo trùng của Sở Tư pháp (so-tu-phap): đã có "
    "nop/so-tu-phap.csv (số liệu khác nhau); dùng tệp đó, bỏ qua tệp này — xóa tệp thừa khỏi "
    "thư mục",
    "nop/so-y-te.xlsx: Sheet1!C3: cảnh báo: Sở Y tế, hàng «2 Hồ sơ đã giải quyết xong», cột "
    "«Số lượng»: ghi 2.941 nhưng tổng 2 hàng con là 2.940",
    "nop/xa-cam-an-nam.csv:9:17: cảnh báo: UBND xã Cam An Nam, hàng «4 Hồ sơ trễ hạn», cột «Số "
    "lượng»: ghi 12 nhưng hàng 2.2 + hàng 3.2 là 18 + 3 = 21",
    "co-quan.yaml:26:5: cảnh báo: thiếu báo cáo của UBND xã Sơn Bình (xa-son-binh): không có "
    "tệp nào trong nop khớp «xa-son-binh.*»; hàng của cơ quan này để trống",
    "nop/so-cong-thuong.csv:2:19: cảnh báo: Sở Công Thương, «Hồ sơ tiếp nhận»: 35.295, kỳ "
    "trước 12.000 (ky-truoc.csv:3:18): tăng 194,13%, quá ngưỡng 50%; kiểm tra lại số liệu",
    "đã ghi tong-hop.csv: 21/22 cơ quan đã nộp; thiếu 1, tệp lạ 1, trùng 1, tổng không khớp 2, "
    "thay đổi quá ngưỡng 1",
]
for w in WANT:
    check(w in got, f"message missing:\n  {w}\nin:\n  " + "\n  ".join(got))
check(len(got) == len(WANT), f"{len(got)} lines, want {len(WANT)}: {got}")

out = os.path.join(W, "tong-hop.csv")
check(os.path.exists(out), "exit 3 still writes the table")
rows = rows_of(out)
HEADER = ["cap", "Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ", "Hồ sơ tiếp nhận",
          "Hồ sơ đã giải quyết xong / Tổng", "Hồ sơ đã giải quyết xong / Đúng hạn",
          "Hồ sơ đã giải quyết xong / Trễ hạn", "Hồ sơ đang giải quyết / Tổng",
          "Hồ sơ đang giải quyết / Trong hạn", "Hồ sơ đang giải quyết / Trễ hạn",
          "Hồ sơ trễ hạn / Số lượng", "Hồ sơ trễ hạn / Tỷ lệ", "Mã cơ quan", "Nguồn số liệu"]
check(rows[0] == HEADER, f"header {rows[0]}")
t = by_name(rows)
# Stated figures are kept without --sua-tong: Sở Y tế's 2.941 counts in A.
# A by hand: 514 + 35.295 + 864 + 991 + 339 + 15.657 + 1.235 + 3.238 = 58.133 received;
# settled 467 + 35.279 + 837 + 985 + 320 + 14.650 + 1.164 + 2.941 = 56.643.
check(t["CƠ QUAN CHUYÊN MÔN CẤP TỈNH"][:11] ==
      ["A", "CƠ QUAN CHUYÊN MÔN CẤP TỈNH", "58133", "56643", "56604", "38", "1215", "1205", "10",
       "48", "0,08%"], f"A row {t['CƠ QUAN CHUYÊN MÔN CẤP TỈNH']}")
check(t["Sở Y tế"][3] == "2941", f"stated total kept: {t['Sở Y tế']}")
check(t["UBND xã Cam An Nam"][9:11] == ["12", "1,35%"],
      f"stated 12, rate 12 / (820 + 71) = 1,35%: {t['UBND xã Cam An Nam']}")

# ---- --sua-tong: own totals replaced by the rows' sums ------------------------
r = tong_hop("co-quan.yaml", "--ky-truoc", "ky-truoc.csv", "--sua-tong", "-o", "tong-hop.csv")
check(r.returncode == 3, f"--sua-tong: exit {r.returncode} (other findings remain)")
got = lines(r.stderr)
check("nop/so-y-te.xlsx: Sheet1!C3: ghi chú: Sở Y tế, hàng «2 Hồ sơ đã giải quyết xong», cột "
      "«Số lượng»: đã thay 2.941 bằng 2.940 (tổng 2 hàng con)" in got, f"fix note: {got}")
check("nop/xa-cam-an-nam.csv:9:17: ghi chú: UBND xã Cam An Nam, hàng «4 Hồ sơ trễ hạn», cột "
      "«Số lượng»: đã thay 12 bằng 21 (hàng 2.2 + hàng 3.2)" in got, f"fix note: {got}")
rows = rows_of(out)
t = by_name(rows)
# Subtotals and rates by hand (seed 001's rows):
#   A = 8 sở; B = Cam Lâm 2.860 + Khánh Sơn 712 + Cam Ranh 6.518 = 10.090 ...
#   C/I Cam Lâm: 2.523 + 763 + 897 + 683 = 4.866; late 6 + 4 + 21 + 0 = 31,
#     rate 31 / (4.689 + 125) = 0,6439...% -> 0,64%
#   C/II Khánh Sơn (Sơn Bình missing): 761 + 694 + 283 = 1.738
#   TỔNG late 48 + 186 + 39 = 273, rate 273 / (74.423 + 2.736) = 0,3538...% -> 0,35%
WANT_ROWS = {
    "CƠ QUAN CHUYÊN MÔN CẤP TỈNH": ["A", "58133", "56642", "56604", "38", "1215", "1205", "10",
                                    "48", "0,08%"],
    "UBND CẤP HUYỆN": ["B", "10090", "8399", "8271", "128", "1240", "1182", "58", "186",
                       "1,93%"],
    "UBND CẤP XÃ": ["C", "9759", "9382", "9346", "36", "281", "278", "3", "39", "0,40%"],
    "Thuộc huyện Cam Lâm": ["I", "4866", "4689", "4661", "28", "125", "122", "3", "31", "0,64%"],
    "Thuộc huyện Khánh Sơn": ["II", "1738", "1593", "1593", "0", "108", "108", "0", "0",
                              "0,00%"],
    "Thuộc thành phố Cam Ranh": ["III", "3155", "3100", "3092", "8", "48", "48", "0", "8",
                                 "0,25%"],
    "TỔNG": ["TỔNG", "77982", "74423", "74221", "202", "2736", "2665", "71", "273", "0,35%"],
    "Sở Y tế": ["8", "3238", "2940", "2940", "0", "179", "179", "0", "0", "0,00%"],
    "UBND xã Cam An Nam": ["3", "897", "820", "802", "18", "71", "68", "3", "21", "2,36%"],
}
for name, want in WANT_ROWS.items():
    row = t.get(name)
    check(row is not None and [row[0]] + row[2:11] == want, f"{name}: {row}, want {want}")
check([r[0] for r in rows[1:]] ==
      ["A"] + [str(i) for i in range(1, 9)] + ["B", "1", "2", "3", "C", "I", "1", "2", "3", "4",
                                               "II", "1", "2", "3", "4", "III", "1", "2", "3",
                                               "TỔNG"],
      f"row order {[r[0] for r in rows[1:]]}")
# provenance: file and cells, xlsx and csv alike; missing agency kept with empty figures
check(t["Sở Nội vụ"][11:] == ["so-noi-vu", "so-noi-vu.xlsx: Sheet1!C2:C9"], f"{t['Sở Nội vụ']}")
check(t["Sở Tư pháp"][11:] == ["so-tu-phap",
                               "so-tu-phap.csv: cột 3, dòng 2–9; bỏ qua 1 tệp trùng"],
      f"{t['Sở Tư pháp']}")
check(t["Sở Y tế"][12] == "so-y-te.xlsx: Sheet1!C2:C9; sửa tổng tự ghi sai: hàng 2",
      f"{t['Sở Y tế']}")
check(t["UBND xã Sơn Bình"][2:] == [""] * 9 + ["xa-son-binh", "chưa nộp báo cáo"],
      f"{t['UBND xã Sơn Bình']}")
check(t["Thuộc huyện Cam Lâm"][12] == "tổng 4 hàng con" and t["TỔNG"][12] == "tổng A, B, C",
      "group provenance")
# the sample's table is this one (regenerate with the command in report.yaml)
check(open(out, encoding="utf-8").read() ==
      open(os.path.join(SAMPLE, "tong-hop.csv"), encoding="utf-8").read(),
      "samples/tong-hop-quy-1-2024/tong-hop.csv is out of date")

# ---- the province report renders from the rolled-up file --------------------
pdf = os.path.join(OUT, "tong-hop-quy-1-2024.pdf")
if os.path.exists(pdf):
    os.unlink(pdf)
rr = render(os.path.join(SAMPLE, "report.yaml"), pdf, "--kiem-tra")
check_exit(rr, "tong-hop-quy-1-2024", what="render of the sample")
if check(os.path.exists(pdf), "sample PDF written"):
    ok, msg = qpdf_ok(pdf)
    check(ok, f"qpdf: {msg}")
    text = nfc(pdftotext(pdf, "-layout"))
    flat = " ".join(text.split())
    for want in ["TỔNG 77.982 74.423 74.221 202 2.736 2.665 71 273 0,35%",
                 "A CƠ QUAN CHUYÊN MÔN CẤP 58.133 56.642 56.604 38 1.215 1.205 10 48 0,08%",
                 "I Thuộc huyện Cam Lâm 4.866 4.689 4.661 28 125 122 3 31 0,64%",
                 "8 Sở Y tế 3.238 2.940 2.940 - 179 179 - - 0,00%",
                 "4 UBND xã Sơn Bình III Thuộc thành phố Cam Ranh",
                 "đã tiếp nhận 77.982 hồ sơ", "chiếm tỷ lệ 0,35%",
                 "UBND cấp huyện là 1,93%, UBND cấp xã là 0,40%"]:
        check(want in flat, f"PDF text lacks «{want}»")

# ---- threshold and strict mode -------------------------------------------------
r = tong_hop("co-quan.yaml", "--ky-truoc", "ky-truoc.csv", "--nguong", "200%", "--sua-tong",
             "-o", "nguong.csv")
check(r.returncode == 3 and "kỳ trước" not in r.stderr and "thay đổi quá ngưỡng 0" in r.stderr,
      f"--nguong 200%: {r.returncode} {r.stderr}")
before = open(out, encoding="utf-8").read()
r = tong_hop("co-quan.yaml", "--chat-che", "-o", "tong-hop.csv")
check(r.returncode == 3, f"--chat-che: exit {r.returncode}")
check(lines(r.stderr)[-1] == "lỗi: có chỗ cần xem lại trong các báo cáo nộp (xem cảnh báo); với "
      "chế độ chặt chẽ không ghi bảng tổng hợp",
      f"--chat-che message: {r.stderr}")
check(open(out, encoding="utf-8").read() == before, "--chat-che leaves the old table as it was")
r = tong_hop("co-quan.yaml", "--chat-che", "-o", "chat-che.csv")
check(not os.path.exists(os.path.join(W, "chat-che.csv")), "--chat-che writes nothing")

# ---- a clean folder: exit 0 --------------------------------------------------
for f in ("xa-cam-phuoc-tay.xlsx", "so-tu-phap (1).csv"):
    os.unlink(os.path.join(W, "nop", f))
with open(os.path.join(W, "co-quan.yaml"), encoding="utf-8") as f:
    text = f.read()
with open(os.path.join(W, "sach.yaml"), "w", encoding="utf-8") as f:
    f.write(text.replace("  - {ma: xa-son-binh, ten: UBND xã Sơn Bình, cap: xa, huyen: khanh-son}\n",
                         ""))
r = tong_hop("sach.yaml", "--sua-tong", "-o", "sach.csv")
check(r.returncode == 0, f"clean roll-up: exit {r.returncode}: {r.stderr}")


# ---- input errors: exit 2, nothing written, old output kept -------------------
def input_error(what, want, mapping="co-quan.yaml"):
    target = os.path.join(W, "loi.csv")
    with open(target, "w") as f:
        f.write("cũ\n")
    r = tong_hop(mapping, "-o", "loi.csv")
    check(r.returncode == 2, f"{what}: exit {r.returncode}, want 2: {r.stderr}")
    got = lines(r.stderr)
    for w in want:
        check(w in got, f"{what}: missing\n  {w}\nin\n  " + "\n  ".join(got))
    check(open(target).read() == "cũ\n", f"{what}: output changed")
    check(not [f for f in os.listdir(W) if ".tmp-" in f], f"{what}: temporary file left")


fresh()
# a CSV submission with an empty cell, a word for a number and a row too many;
# an xlsx one lacking row 3.2
with open(os.path.join(W, "nop", "so-noi-vu.csv"), "w", encoding="utf-8") as f:
    f.write("STT,Tiêu chí,Số lượng\n1,Hồ sơ tiếp nhận,339\n2,Hồ sơ đã giải quyết xong,\n"
            "2.1,Đúng hạn,ba trăm\n2.2,Trễ hạn,-\n3,Hồ sơ đang giải quyết,8\n3.1,Trong hạn,8\n"
            "3.2,Trễ hạn,-\n4,Hồ sơ trễ hạn,-\n5,Hồ sơ trực tuyến,12\n")
os.unlink(os.path.join(W, "nop", "so-noi-vu.xlsx"))
wb = openpyxl.load_workbook(os.path.join(W, "nop", "so-du-lich.xlsx"))
wb.active.delete_rows(8)
wb.save(os.path.join(W, "nop", "so-du-lich.xlsx"))
input_error("submission not in the form", [
    "lỗi: 4 chỗ trong các tệp nộp không đúng biểu mẫu (không ghi bảng tổng hợp):",
    "nop/so-du-lich.xlsx: thiếu hàng «3.2 Trễ hạn» của biểu mẫu (cột 1 là số thứ tự 3.2, cột 3 "
    "là số lượng)",
    "nop/so-noi-vu.csv:3:28: hàng «2 Hồ sơ đã giải quyết xong»: ô số liệu trống; ghi số hồ sơ "
    "(0 hoặc «-» khi không có)",
    "nop/so-noi-vu.csv:4:14: hàng «2.1 Đúng hạn»: «ba trăm» không phải là số",
    "nop/so-noi-vu.csv:10:1: hàng có số thứ tự «5» không thuộc biểu mẫu (biểu có các hàng 1, 2, "
    "2.1, 2.2, 3, 3.1, 3.2, 4); xóa hàng này hoặc sửa số thứ tự",
    "baocao: không ghi tệp loi.csv (lỗi dữ liệu vào)",
])

fresh()
with open(os.path.join(W, "co-quan.yaml"), encoding="utf-8") as f:
    text = f.read()
with open(os.path.join(W, "sai.yaml"), "w", encoding="utf-8") as f:
    f.write(text.replace("huyen: cam-ranh}", "huyen: cam-rahn}", 1))
input_error("unknown district", [
    "sai.yaml:27:68: lỗi: huyện «cam-rahn» không có trong danh sách «huyen»; có phải ý bạn là "
    "«cam-ranh»?"], "sai.yaml")
with open(os.path.join(W, "sai.yaml"), "w", encoding="utf-8") as f:
    f.write(text.replace("thu-muc: nop", "thu_muc: nop"))
input_error("unknown key", ["sai.yaml:2:1: lỗi: khóa 'thu_muc' không được biết; có phải ý bạn "
                            "là 'thu-muc'?"], "sai.yaml")
with open(os.path.join(W, "sai.yaml"), "w", encoding="utf-8") as f:
    f.write(text.replace("{ma: so-du-lich, ten: Sở Du lịch, cap: so}",
                         "{ma: so-du-lich, ten: Sở Du lịch, cap: so, tep: \"so-*\"}"))
input_error("a file matching two agencies", [
    "nop/so-cong-thuong.csv: lỗi: tệp khớp mẫu tên của hai cơ quan: «Sở Công Thương» "
    "(sai.yaml:9:5, tep: so-cong-thuong.*) và «Sở Du lịch» (sai.yaml:10:5, tep: so-*); sửa «tep:» "
    "trong sai.yaml cho mỗi tệp chỉ khớp một cơ quan"], "sai.yaml")

r = tong_hop("co-quan.yaml", "--thu-muc", "khong-co", "-o", "x.csv")
check(r.returncode == 2 and "khong-co: lỗi: không mở được thư mục nộp báo cáo (--thu-muc): "
      "không có tệp này" in lines(r.stderr), f"missing folder: {r.stderr}")
# the output may not be one of the inputs
r = tong_hop("co-quan.yaml", "--ky-truoc", "ky-truoc.csv", "-o", "ky-truoc.csv")
check(r.returncode == 1, f"output = --ky-truoc: exit {r.returncode}: {r.stderr}")
r = tong_hop("co-quan.yaml", "-o", "nop/so-cong-thuong.csv")
check(r.returncode == 1, f"output = a submission: exit {r.returncode}: {r.stderr}")
check(rows_of(os.path.join(W, "nop", "so-cong-thuong.csv"))[0][0] == "STT", "submission kept")
r = tong_hop("co-quan.yaml")
check(r.returncode == 1 and "cần tệp danh sách cơ quan và -o" in r.stderr, "no -o: usage")
r = tong_hop("co-quan.yaml", "--nguong", "abc", "-o", "x.csv")
check(r.returncode == 1 and "--nguong cần một tỷ lệ phần trăm" in r.stderr, "bad --nguong")

finish()
