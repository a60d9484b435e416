"""Bad input: exact Vietnamese message naming file:line:column, exit code,
and no PDF written (an existing output file is left untouched)."""
import os
import shutil
import subprocess

from bctest import BAOCAO, OUT, ROOT, check, finish, render

SRC = os.path.join(ROOT, "samples", "bao-cao-quy-1-2018")
D = os.path.join(OUT, "errors")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
shutil.copy(os.path.join(SRC, "noi-dung.md"), D)
GOOD = open(os.path.join(SRC, "report.yaml"), encoding="utf-8").read()


def case(name, yaml_text, code, message, extra_files=None):
    path = os.path.join(D, name + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(yaml_text)
    for fname, data in (extra_files or {}).items():
        with open(os.path.join(D, fname), "wb") as f:
            f.write(data)
    pdf = os.path.join(D, name + ".pdf")
    r = render(path, pdf)
    check(r.returncode == code, f"{name}: exit {r.returncode}, want {code}; stderr: {r.stderr}")
    first = r.stderr.splitlines()[0] if r.stderr else ""
    check(first == message, f"{name}: message\n  got:  {first}\n  want: {message}")
    check(not os.path.exists(pdf), f"{name}: a PDF was written")
    leftovers = [f for f in os.listdir(D) if ".tmp-" in f]
    check(not leftovers, f"{name}: temporary files left: {leftovers}")


def lines_without(prefix):
    return "".join(l for l in GOOD.splitlines(True) if not l.startswith(prefix))


case("thieu-so", lines_without("so:"), 2,
     f"{D}/thieu-so.yaml:2:1: lỗi: thiếu trường bắt buộc 'so'")
case("sai-khoa", GOOD.replace("dia-danh:", "dia-dahn:"), 2,
     f"{D}/sai-khoa.yaml:7:1: lỗi: khóa 'dia-dahn' không được biết; có phải ý bạn là 'dia-danh'?")
case("yaml-hong", "loai: bao-cao\nco-quan: [ỦY BAN NHÂN DÂN\n", 2,
     f"{D}/yaml-hong.yaml:3:1: lỗi: YAML không hợp lệ: danh sách [...] chưa được đóng bằng ']' "
     "(hoặc thiếu dấu ',') (libyaml: did not find expected ',' or ']')")
tabbed = GOOD.splitlines(True)
tabbed.insert(5, "\tso: 45\n")
case("tab", "".join(tabbed), 2,
     f"{D}/tab.yaml:6:1: lỗi: YAML không hợp lệ: có ký tự Tab dùng để thụt lề; YAML chỉ cho "
     "thụt lề bằng dấu cách (libyaml: found a tab character that violates indentation)")
case("bo-cuc", GOOD.replace("bo-cuc: nd30-chuan", "bo-cuc: khong-co"), 2,
     f"{D}/bo-cuc.yaml:3:1: lỗi: không tìm thấy bố cục 'khong-co' (đã tìm tệp "
     f"{ROOT}/layouts/khong-co.yaml); hãy kiểm tra trường 'bo-cuc' trong tệp báo cáo")
case("utf8", GOOD.replace("noi-dung: noi-dung.md", "noi-dung: hong.md"), 2,
     f"{D}/hong.md:3:9: lỗi: byte 0xC3 không hợp lệ trong UTF-8; hãy lưu tệp với mã UTF-8 (nếu "
     "văn bản gõ bằng phông TCVN3/VNI, dùng lệnh 'baocao chuyen-ma' để chuyển sang Unicode)",
     {"hong.md": "Dòng một\n\nCó byte \xc3 lỗi\n".encode("utf-8").replace(b"\xc3\x83", b"\xc3")})
case("ngay", GOOD.replace("ngay: 2018-03-14", "ngay: 2018-02-30"), 2,
     f"{D}/ngay.yaml:8:7: lỗi: ngày '2018-02-30' không có thật: tháng 2 năm 2018 chỉ có 28 "
     "ngày, không có ngày 30; hãy sửa lại ngày (dạng NĂM-THÁNG-NGÀY đã đúng)")
case("ngay-dang", GOOD.replace("ngay: 2018-03-14", "ngay: 14/3/2018"), 2,
     f"{D}/ngay-dang.yaml:8:7: lỗi: ngày '14/3/2018' không hợp lệ; hãy viết theo dạng "
     "NĂM-THÁNG-NGÀY, ví dụ 2018-03-14")
case("thieu-noi-dung", GOOD.replace("noi-dung: noi-dung.md", "noi-dung: khong-co.md"), 2,
     f"{D}/thieu-noi-dung.yaml:11:1: lỗi: không mở được tệp nội dung '{D}/khong-co.md' "
     "(trường noi-dung): không mở được tệp: không có tệp này")
case("do-khan", GOOD.replace("ten-loai: BÁO CÁO", "ten-loai: BÁO CÁO\ndo-khan: GẤP"), 2,
     f"{D}/do-khan.yaml:10:10: lỗi: mức độ khẩn 'GẤP' không hợp lệ; dùng KHẨN, THƯỢNG KHẨN "
     "hoặc HỎA TỐC")
case("so-chu", GOOD.replace("so: 45", "so: 45/BC"), 2,
     f"{D}/so-chu.yaml:5:5: lỗi: số văn bản phải là chữ số (ví dụ 45), không phải '45/BC'; "
     "ký hiệu ghi ở trường ky-hieu")

# A failed run leaves an existing output untouched.
pdf = os.path.join(D, "giu-nguyen.pdf")
with open(pdf, "wb") as f:
    f.write(b"%PDF-old")
bad = os.path.join(D, "giu-nguyen.yaml")
with open(bad, "w", encoding="utf-8") as f:
    f.write(lines_without("so:"))
r = render(bad, pdf)
check(r.returncode == 2, "existing output: exit code")
check(open(pdf, "rb").read() == b"%PDF-old", "existing output was changed by a failed run")

# A written PDF has the usual file mode (0666 less the umask), not mkstemp's 0600.
ok_pdf = os.path.join(D, "quyen.pdf")
r = render(os.path.join(SRC, "report.yaml"), ok_pdf)
mask = os.umask(0)
os.umask(mask)
check(r.returncode == 0 and (os.stat(ok_pdf).st_mode & 0o777) == (0o666 & ~mask),
      f"output file mode {oct(os.stat(ok_pdf).st_mode & 0o777) if os.path.exists(ok_pdf) else None}")

# --png makes its folder (the README's first command relies on it).
png = os.path.join(D, "xem-truoc", "lan-1")
r = render(os.path.join(SRC, "report.yaml"), os.path.join(D, "png.pdf"), "--png", png)
check(r.returncode == 0 and os.path.exists(os.path.join(png, "trang-001.png")),
      f"--png into a new folder: {r.stderr}")

# Usage errors exit 1.
r = render(os.path.join(SRC, "report.yaml"), os.path.join(D, "x.pdf"), "--khong-co")
check(r.returncode == 1, f"unknown option: exit {r.returncode}")
check("tùy chọn '--khong-co' không có" in r.stderr, f"unknown option message: {r.stderr}")

# A layout file's colours are "#RRGGBB": anything else is refused at its line.
lay = os.path.join(D, "du-lieu")
os.makedirs(os.path.join(lay, "layouts"))
os.symlink(os.path.join(ROOT, "fonts"), os.path.join(lay, "fonts"))
with open(os.path.join(lay, "layouts", "mau-sai.yaml"), "w", encoding="utf-8") as f:
    f.write('name: mau-sai\ndraft:\n  deletion-colour: "#D0000"\n')
path = os.path.join(D, "mau-sai.yaml")
with open(path, "w", encoding="utf-8") as f:
    f.write(GOOD.replace("bo-cuc: nd30-chuan", "bo-cuc: mau-sai"))
r = render(path, os.path.join(D, "mau-sai.pdf"), "--du-lieu", lay)
want = (f"{lay}/layouts/mau-sai.yaml:3:20: lỗi: màu '#D0000' của khóa 'deletion-colour' phải "
        'viết dạng "#RRGGBB" (ví dụ "#CC0000")')
check(r.returncode == 2 and r.stderr.splitlines()[:1] == [want] and
      not os.path.exists(os.path.join(D, "mau-sai.pdf")),
      f"layout colour: exit {r.returncode}, {r.stderr[:300]}")

finish()
