#!/usr/bin/python3
"""Writes this sample's agency submissions (nop/), the mapping (co-quan.yaml)
and last period's table (ky-truoc.csv) from the rows of seed 001's Phụ lục 2
(the copy in tests/data/seeds/001-phu-luc-2.csv; nothing outside the
repository is read). Run it from anywhere: /usr/bin/python3 tao-mau.py.

22 agencies: 8 sở, 3 UBND cấp huyện, 11 UBND cấp xã in 3 districts; 10 files
are .xlsx (openpyxl), the rest CSV. Realistic faults, on purpose:
  - UBND xã Sơn Bình sent nothing (missing agency);
  - Sở Tư pháp sent twice: so-tu-phap.csv and "so-tu-phap (1).csv", the
    second with one figure changed (duplicate);
  - xa-cam-phuoc-tay.xlsx comes from a commune that is not in the list
    (unknown file);
  - so-y-te.xlsx states 2.941 settled files where its rows give 2.940, and
    xa-cam-an-nam.csv states 12 late files where 2.2 + 3.2 give 21 (own
    totals that do not add up);
  - last period Sở Công Thương received 12.000 files, now 35.295 (a change
    beyond 50%).
The province table tong-hop.csv is then built with
  baocao tong-hop co-quan.yaml --ky-truoc ky-truoc.csv --sua-tong -o tong-hop.csv
"""
import csv
import os

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "tests", "data", "seeds", "001-phu-luc-2.csv")
NOP = os.path.join(HERE, "nop")

# (id, name as in the seed, level, district, file type)
AGENCIES = [
    ("bql-kkt-van-phong", "BQL Khu Kinh tế Vân Phong", "so", None, "xlsx"),
    ("so-cong-thuong", "Sở Công Thương", "so", None, "csv"),
    ("so-du-lich", "Sở Du lịch", "so", None, "xlsx"),
    ("so-giao-duc", "Sở Giáo dục và Đào tạo", "so", None, "csv"),
    ("so-noi-vu", "Sở Nội vụ", "so", None, "xlsx"),
    ("so-tu-phap", "Sở Tư pháp", "so", None, "csv"),
    ("so-xay-dung", "Sở Xây dựng", "so", None, "csv"),
    ("so-y-te", "Sở Y tế", "so", None, "xlsx"),
    ("huyen-cam-lam", "UBND huyện Cam Lâm", "huyen", None, "xlsx"),
    ("huyen-khanh-son", "UBND huyện Khánh Sơn", "huyen", None, "csv"),
    ("tp-cam-ranh", "UBND thành phố Cam Ranh", "huyen", None, "xlsx"),
    ("xa-cam-duc", "UBND thị trấn Cam Đức", "xa", "cam-lam", "csv"),
    ("xa-cam-an-bac", "UBND xã Cam An Bắc", "xa", "cam-lam", "xlsx"),
    ("xa-cam-an-nam", "UBND xã Cam An Nam", "xa", "cam-lam", "csv"),
    ("xa-cam-hai-dong", "UBND xã Cam Hải Đông", "xa", "cam-lam", "csv"),
    ("xa-to-hap", "UBND thị trấn Tô Hạp", "xa", "khanh-son", "xlsx"),
    ("xa-ba-cam-bac", "UBND xã Ba Cạm Bắc", "xa", "khanh-son", "csv"),
    ("xa-ba-cam-nam", "UBND xã Ba Cạm Nam", "xa", "khanh-son", "csv"),
    ("xa-son-binh", "UBND xã Sơn Bình", "xa", "khanh-son", None),  # sent nothing
    ("phuong-ba-ngoi", "UBND phường Ba Ngòi", "xa", "cam-ranh", "xlsx"),
    ("phuong-cam-linh", "UBND phường Cam Linh", "xa", "cam-ranh", "csv"),
    ("phuong-cam-loc", "UBND phường Cam Lộ", "xa", "cam-ranh", "xlsx"),
]
DISTRICTS = [("cam-lam", "Thuộc huyện Cam Lâm"), ("khanh-son", "Thuộc huyện Khánh Sơn"),
             ("cam-ranh", "Thuộc thành phố Cam Ranh")]
# a commune not in the list sends its file anyway
STRAY = ("xa-cam-phuoc-tay", "UBND xã Cam Phước Tây")

FORM = [("1", "Hồ sơ tiếp nhận"), ("2", "Hồ sơ đã giải quyết xong"), ("2.1", "Đúng hạn"),
        ("2.2", "Trễ hạn"), ("3", "Hồ sơ đang giải quyết"), ("3.1", "Trong hạn"),
        ("3.2", "Trễ hạn"), ("4", "Hồ sơ trễ hạn")]


def seed_rows():
    rows = {}
    with open(SEED, encoding="utf-8", newline="") as f:
        for r in csv.reader(f):
            if r[0] in ("cap", "TỔNG"):
                continue
            rows.setdefault(r[1], [int(x.replace(",", "")) if x != "-" else 0
                                   for x in r[2:10]])
    return rows


def write_csv(path, figures, dash=True):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["STT", "Tiêu chí", "Số lượng", "Ghi chú"])
        for (mark, name), v in zip(FORM, figures):
            # Vietnamese grouping as a clerk types it: 35.295
            w.writerow([mark, name, "-" if dash and v == 0 else f"{v:,}".replace(",", "."), ""])


def write_xlsx(path, figures):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["STT", "Tiêu chí", "Số lượng", "Ghi chú"])
    for (mark, name), v in zip(FORM, figures):
        ws.append([mark, name, v, None])
    wb.save(path)


def main():
    seed = seed_rows()
    os.makedirs(NOP, exist_ok=True)
    for f in os.listdir(NOP):
        os.remove(os.path.join(NOP, f))
    for ident, name, _level, _dist, kind in AGENCIES:
        if kind is None:
            continue
        v = list(seed[name])
        if ident == "so-y-te":
            v[1] += 1        # 2 Hồ sơ đã giải quyết xong: 2.941, rows give 2.940
        if ident == "xa-cam-an-nam":
            v[7] = 12        # 4 Hồ sơ trễ hạn: 12, 2.2 + 3.2 give 21
        path = os.path.join(NOP, f"{ident}.{kind}")
        (write_xlsx if kind == "xlsx" else write_csv)(path, v)
        if ident == "so-tu-phap":  # sent again, one figure changed
            v2 = list(v)
            v2[0] += 10
            write_csv(os.path.join(NOP, "so-tu-phap (1).csv"), v2)
    write_xlsx(os.path.join(NOP, f"{STRAY[0]}.xlsx"), seed[STRAY[1]])

    with open(os.path.join(HERE, "co-quan.yaml"), "w", encoding="utf-8") as f:
        f.write("# Danh sách cơ quan nộp báo cáo cho 'baocao tong-hop' (viết bởi tao-mau.py).\n"
                "thu-muc: nop\n"
                "huyen:\n")
        for ident, title in DISTRICTS:
            f.write(f"  - {{ma: {ident}, ten: {title}}}\n")
        f.write("co-quan:\n")
        for ident, name, level, dist, _kind in AGENCIES:
            extra = f", huyen: {dist}" if dist else ""
            pattern = ", tep: \"so-tu-phap*.csv\"" if ident == "so-tu-phap" else ""
            f.write(f"  - {{ma: {ident}, ten: {name}, cap: {level}{extra}{pattern}}}\n")

    # last period: about 90% of this period's figures (small counts unchanged),
    # Sở Công Thương 12.000
    with open(os.path.join(HERE, "ky-truoc.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["cap", "Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ", "Hồ sơ tiếp nhận",
                    "Hồ sơ đã giải quyết xong / Tổng", "Hồ sơ đã giải quyết xong / Đúng hạn",
                    "Hồ sơ đã giải quyết xong / Trễ hạn", "Hồ sơ đang giải quyết / Tổng",
                    "Hồ sơ đang giải quyết / Trong hạn", "Hồ sơ đang giải quyết / Trễ hạn",
                    "Hồ sơ trễ hạn / Số lượng", "Hồ sơ trễ hạn / Tỷ lệ", "Mã cơ quan",
                    "Nguồn số liệu"])
        for n, (ident, name, _level, _dist, _kind) in enumerate(AGENCIES, 1):
            v = [x * 9 // 10 if x >= 20 else x for x in seed[name]]
            v[1], v[4], v[7] = v[2] + v[3], v[5] + v[6], v[3] + v[6]
            if ident == "so-cong-thuong":
                v[0] = 12000
            den = v[1] + v[4]
            rate = f"{100 * v[7] / den:.2f}%".replace(".", ",") if den else "0,00%"
            w.writerow([n, name, *v, rate, ident, "quý IV năm 2023"])


if __name__ == "__main__":
    main()
