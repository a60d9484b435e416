#!/usr/bin/python3
"""Writes one report folder per commune from xa.csv and the templates in mau/,
plus the list danh-sach.txt for one batch render:

    /usr/bin/python3 tao-bao-cao.py RA [-n N]
    baocao render --danh-sach RA/danh-sach.txt -o RA/pdf/

xa.csv holds the figures of the 136 UBND cấp xã rows of seed 001's Phụ lục 2
(Báo cáo 55/BC-UBND, năm 2023; copied from tests/data/seeds/001-phu-luc-2.csv),
one row per commune: ma (the folder's name), ten, huyen, then the eight
figures of the agency form. Each folder RA/<ma>/ gets:
  report.yaml   mau/report.yaml with $ten_xa ... filled in (agency, place name,
                number, signer);
  noi-dung.md   mau/noi-dung.md with the commune's and district's names; its
                figures are {{ pl1["2.1"].so_luong | so }} ..., read from
  ket-qua.csv   the commune's figures in the agency form (the file it also
                sends to 'baocao tong-hop'), printed as Phụ lục I by
  phu-luc.yaml  mau/phu-luc.yaml as is.
-n N writes only the first N communes. Nothing outside this folder is read.
"""
import csv
import os
import shutil
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FORM = [("1", "Hồ sơ tiếp nhận", "tiep_nhan"),
        ("2", "Hồ sơ đã giải quyết xong", "da_giai_quyet"),
        ("2.1", "Đúng hạn", "dung_han"),
        ("2.2", "Trễ hạn", "tre_han_da_gq"),
        ("3", "Hồ sơ đang giải quyết", "dang_giai_quyet"),
        ("3.1", "Trong hạn", "trong_han"),
        ("3.2", "Trễ hạn", "tre_han_dang_gq"),
        ("4", "Hồ sơ trễ hạn", "tre_han")]
# Signers' names, made up: family, middle and given names taken in turn.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Đức", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hòa", "Khánh", "Lâm", "Long", "Nam",
         "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Vinh"]


def vi_number(n):
    """2523 -> "2.523", 0 -> "-" (the form's way)."""
    return f"{n:,}".replace(",", ".") if n else "-"


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        sys.exit("cách dùng: tao-bao-cao.py THU-MUC-RA [-n SO-XA]")
    out = argv[1]
    limit = int(argv[argv.index("-n") + 1]) if "-n" in argv else None
    with open(os.path.join(HERE, "xa.csv"), encoding="utf-8") as f:
        communes = list(csv.DictReader(f))[:limit]
    with open(os.path.join(HERE, "mau", "report.yaml"), encoding="utf-8") as f:
        report = string.Template(f.read())
    with open(os.path.join(HERE, "mau", "noi-dung.md"), encoding="utf-8") as f:
        body = string.Template(f.read())
    os.makedirs(out, exist_ok=True)
    names = []
    for i, c in enumerate(communes):
        ten_xa = c["ten"].removeprefix("UBND ")           # xã Cam An Bắc
        level = next(p for p in ("thị trấn ", "phường ", "xã ") if ten_xa.startswith(p))
        fields = {
            "TEN_XA": ten_xa.upper(),
            "ten_co_quan": "Ủy ban nhân dân " + ten_xa,
            "dia_danh": ten_xa[len(level):],
            "huyen": c["huyen"],
            "so": 100 + i,
            "chu_tich": f"{FAMILY[i % len(FAMILY)]} {MIDDLE[i % len(MIDDLE)]} "
                        f"{GIVEN[i % len(GIVEN)]}",
        }
        d = os.path.join(out, c["ma"])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "report.yaml"), "w", encoding="utf-8") as f:
            f.write(report.substitute(fields))
        with open(os.path.join(d, "noi-dung.md"), "w", encoding="utf-8") as f:
            f.write(body.substitute(fields))
        with open(os.path.join(d, "ket-qua.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["STT", "Tiêu chí", "Số lượng", "Ghi chú"])
            for stt, label, key in FORM:
                w.writerow([stt, label, vi_number(int(c[key])), ""])
        shutil.copy(os.path.join(HERE, "mau", "phu-luc.yaml"), d)
        names.append(c["ma"])
    with open(os.path.join(out, "danh-sach.txt"), "w", encoding="utf-8") as f:
        f.write("# Báo cáo năm 2023 của UBND cấp xã, mỗi dòng một thư mục (tao-bao-cao.py)\n")
        f.write("".join(n + "\n" for n in names))
    print(f"đã viết {len(names)} thư mục báo cáo và {os.path.join(out, 'danh-sach.txt')}")


if __name__ == "__main__":
    main(sys.argv)
