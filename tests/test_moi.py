"""'baocao moi' (issue 10): the next period's folder never renders last period's figures or
period words silently. moi copies only the report's own files; render refuses (exit 2, one
message listing every place) until every carried value is re-entered or confirmed and the old
period's words are replaced; after the clerk's edits it renders the new figures."""
import os
import re
import shutil
import subprocess

import bctest
from bctest import OUT, check, finish, nfc, pdftotext, render, run

D = os.path.join(OUT, "moi")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def copy_sample(name, dest):
    return bctest.copy_sample(name, os.path.join(D, dest))


def read(p):
    return open(p, encoding="utf-8").read() if os.path.exists(p) else ""


def write(p, t):
    with open(p, "w", encoding="utf-8") as f:
        f.write(t)


def edit(p, old, new, count=1):
    t = read(p)
    check(t.count(old) == count, f"{p}: '{old}' occurs {t.count(old)} times, want {count}")
    write(p, t.replace(old, new))


def flat(s):
    return re.sub(r"\s+", " ", nfc(s))


def qpdf_ok(pdf):
    return subprocess.run(["qpdf", "--check", pdf], capture_output=True).returncode == 0


# ---- 1. a quarterly report: quý I/2018 -> quý II/2018 ----
q1 = copy_sample("bao-cao-quy-1-2018", "q1")
# words of the old period the narrative spells out (the sample mostly uses {{ ky.* }})
with open(os.path.join(q1, "noi-dung.md"), "a", encoding="utf-8") as f:
    f.write("\nSố liệu tính từ ngày 15/12/2017 đến ngày 14/3/2018, trong quý I/2018; kết quả quý I "
            "năm 2018 theo Báo cáo số 45/BC-UBND ngày 14/3/2018; {{ ky.ten }} vẫn đúng.\n")
# files that are not the report's
write(os.path.join(q1, "ghi-chu-rieng.txt"), "ghi chú riêng của chuyên viên\n")
os.makedirs(os.path.join(q1, "cu"))
write(os.path.join(q1, "cu", "x.txt"), "x\n")
q2 = os.path.join(D, "q2")
r = run(["moi", q1, q2])
check(r.returncode == 0, f"moi q1: exit {r.returncode}: {r.stderr}")
check(sorted(os.listdir(q2)) == ["chi-so.yaml", "moi-can-xac-nhan.yaml", "noi-dung.md",
                                 "report.yaml", "tthc.csv"],
      f"moi copies only the report's own files: {sorted(os.listdir(q2))}")
side = read(os.path.join(q2, "moi-can-xac-nhan.yaml"))
check("\nky-truoc: {loai: quy, so: 1, nam: 2018}\nso-truoc: 45/BC-UBND\nngay-truoc: 2018-03-14\n"
      "chua-xac-nhan: []\n" in side, f"sidecar: {side}")
check("    nay: CHUA-DIEN           # năm 2017\n    truoc: 76,88%" in read(os.path.join(q2, "chi-so.yaml")),
      "indicator: nay is CHUA-DIEN, the old figure is truoc")
check("tthc.tiep_nhan,CHUA-DIEN,93.281\n" in read(os.path.join(q2, "tthc.csv")), "CSV indicator")

pdf = os.path.join(D, "q2.pdf")
rep = os.path.join(q2, "report.yaml")
r = render(rep, pdf)
n = len(read(os.path.join(q1, "noi-dung.md")).splitlines())
want = [f"{q2}/report.yaml:5:5: lỗi: báo cáo tạo bằng 'baocao moi' còn 25 chỗ mang số liệu hoặc "
        "chữ của kỳ trước, chưa nhập lại hay xác nhận; sửa từng chỗ dưới đây rồi in lại (chữ nhắc "
        "kỳ trước mà đúng ý thì xóa tệp moi-can-xac-nhan.yaml khi đã xem hết):"]
want += [f"  {q2}/report.yaml:{ln}:{col}: chưa điền: thay 'CHUA-DIEN' bằng số văn bản (so:) hoặc "
         "ngày ký NĂM-THÁNG-NGÀY (ngay:) của báo cáo mới" for ln, col in [(5, 5), (8, 7)]]
last = read(os.path.join(q1, "noi-dung.md")).splitlines()[-1]
want += [f"  {q2}/noi-dung.md:{n}:{last.index(at) + 1}: {what}" for at, what in [
    ("từ ngày 15", "khoảng ngày của kỳ trước 'từ ngày 15/12/2017 đến ngày 14/3/2018': thay bằng 'từ ngày "
         "{{ ky.tu_ngay | ngay_ngan }} đến ngày {{ ky.den_ngay | ngay_ngan }}' (hoặc khoảng ngày "
         "của kỳ này)"),
    ("quý I/2018", "chữ của kỳ trước 'quý I/2018': thay bằng '{{ ky.ten_ngan }}'"),
    ("quý I năm", "chữ của kỳ trước 'quý I năm 2018': thay bằng '{{ ky.ten }}'"),
    ("45/BC", "số văn bản kỳ trước '45/BC-UBND': thay bằng '{{ bao_cao.so_ky_hieu }}'"),
    ("14/3/2018;", "ngày của báo cáo kỳ trước '14/3/2018': thay bằng '{{ bao_cao.ngay | ngay_ngan }}'")]]
cs = read(os.path.join(q2, "chi-so.yaml")).splitlines()
for i, line in enumerate(cs):
    if "CHUA-DIEN" in line:
        want.append(f"  {q2}/chi-so.yaml:{i + 1}:{line.index('CHUA-DIEN') + 1}: số liệu kỳ này "
                    "chưa nhập: thay 'CHUA-DIEN' bằng số của kỳ mới (nếu không đổi, chép số ở "
                    "'truoc' của nó)")
for i, line in enumerate(read(os.path.join(q2, "tthc.csv")).splitlines()):
    if "CHUA-DIEN" in line:
        want.append(f"  {q2}/tthc.csv:{i + 1}:{line.index('CHUA-DIEN') + 1}: số liệu kỳ này chưa "
                    "nhập: thay 'CHUA-DIEN' bằng số của kỳ mới (nếu không đổi, chép số ở 'truoc' "
                    "của nó)")
got = r.stderr.splitlines()[:len(want)]
check(r.returncode == 2 and len(want) == 26 and got == want,
      "q2 refused with the exact list:\n" + "\n".join(
          f"- {a}\n+ {b}" for a, b in zip(want, got) if a != b) + f"\n(exit {r.returncode})")
check(not os.path.exists(pdf), "q2: no PDF while values are unconfirmed")

# the clerk: number and date, new figures where they changed, 'truoc' copied where not
edit(rep, "so: CHUA-DIEN", "so: 78")
edit(rep, "ngay: CHUA-DIEN", "ngay: 2018-06-15")
p = os.path.join(q2, "chi-so.yaml")
edit(p, "nay: CHUA-DIEN           # năm 2017\n    truoc: 76,88%",
     "nay: 79,15%           # năm 2017\n    truoc: 76,88%")
t = read(p)
t = re.sub(r"nay: CHUA-DIEN, truoc: ([^}]*)\}", r"nay: \1, truoc: \1}", t)
t = re.sub(r"nay: CHUA-DIEN(.*\n\s*truoc: )(\S+)", r"nay: \2\1\2", t)
write(p, t)
p = os.path.join(q2, "tthc.csv")
edit(p, "tthc.tiep_nhan,CHUA-DIEN,93.281", "tthc.tiep_nhan,97.406,93.281")
write(p, re.sub(r",CHUA-DIEN,(.*)", r",\1,\1", read(p)))
r = render(rep, pdf)
check(r.returncode == 2 and "còn 5 chỗ" in r.stderr and "CHUA-DIEN" not in r.stderr,
      f"q2: only the period words are left: {r.stderr[:600]}")
# ... and the narrative's period words become placeholders
p = os.path.join(q2, "noi-dung.md")
edit(p, "từ ngày 15/12/2017 đến ngày 14/3/2018, trong quý I/2018; kết quả quý I năm 2018 theo "
     "Báo cáo số 45/BC-UBND ngày 14/3/2018",
     "từ ngày {{ ky.tu_ngay | ngay_ngan }} đến ngày {{ ky.den_ngay | ngay_ngan }}, trong "
     "{{ ky.ten_ngan }}; kết quả {{ ky.ten }} theo Báo cáo số {{ bao_cao.so_ky_hieu }} ngày "
     "{{ bao_cao.ngay | ngay_ngan }}")
r = render(rep, pdf)
check(r.returncode == 0, f"q2 renders once confirmed: exit {r.returncode}: {r.stderr}")
check(os.path.exists(pdf) and qpdf_ok(pdf), "q2: PDF written and qpdf-clean")
text = flat(pdftotext(pdf)) if os.path.exists(pdf) else ""
check("Số: 78/BC-UBND" in text and "Trong quý II/2018" in text, "q2: new number and period")
check("đã tiếp nhận 97.406 hồ sơ" in text, "q2: the re-entered CSV figure is printed")
check("năm 2017 đạt 79,15%, tăng 2,27% so với năm 2016" in text,
      "q2: the re-entered YAML figure, compared with last report's")
check("trong quý II/2018; kết quả quý II năm 2018 theo Báo cáo số 78/BC-UBND ngày 15/6/2018" in text
      and "từ ngày 01/4/2018 đến ngày 30/6/2018" in text, f"q2: placeholders of the period")
check("93.281" not in text, "q2: last period's figure is gone")

# ---- 2. a report with appendices: năm 2023 -> năm 2024 ----
n23 = copy_sample("bao-cao-nam-2023", "n2023")
write(os.path.join(n23, "bao-cao-cu.pdf"), "%PDF-1.4\n")
n24 = os.path.join(D, "n2024")
r = run(["moi", n23, n24])
check(r.returncode == 0, f"moi n2023: exit {r.returncode}: {r.stderr}")
check(sorted(os.listdir(n24)) == ["moi-can-xac-nhan.yaml", "noi-dung.md", "phu-luc-1.csv",
                                  "phu-luc-1.yaml", "phu-luc-2.csv", "phu-luc-2.yaml",
                                  "report.yaml"], f"n2024 files: {sorted(os.listdir(n24))}")
rep = os.path.join(n24, "report.yaml")
pdf = os.path.join(D, "n2024.pdf")
r = render(rep, pdf)
lines = r.stderr.splitlines()
sc = f"{n24}/moi-can-xac-nhan.yaml"
for w in [f"  {sc}:21:5: tệp 'phu-luc-1.csv' được chép nguyên từ kỳ trước, chưa xác nhận: nhập số "
          "liệu của kỳ này vào tệp đó (hoặc kiểm tra là vẫn đúng) rồi xóa dòng này",
          f"  {sc}:22:5: tệp 'phu-luc-2.csv' được chép nguyên từ kỳ trước, chưa xác nhận: nhập số "
          "liệu của kỳ này vào tệp đó (hoặc kiểm tra là vẫn đúng) rồi xóa dòng này",
          f"  {n24}/phu-luc-1.yaml:8:75: chữ của kỳ trước 'NĂM 2023': thay bằng 'NĂM 2024'",
          f"  {n24}/phu-luc-1.yaml:9:41: số văn bản kỳ trước '55/BC-UBND': thay bằng số của báo "
          "cáo mới",
          f"  {n24}/phu-luc-1.yaml:9:57: ngày của báo cáo kỳ trước '26/02/2024': thay bằng ngày "
          "của báo cáo mới",
          f"  {n24}/phu-luc-2.yaml:7:40: chữ của kỳ trước 'NĂM 2023': thay bằng 'NĂM 2024'",
          f"  {n24}/noi-dung.md:5:133: chữ của kỳ trước 'năm 2023': thay bằng '{{{{ ky.ten }}}}'"]:
    check(w in lines, f"n2024 refusal lists: {w}")
check(r.returncode == 2 and lines and "còn 106 chỗ" in lines[0] and len(lines) == 108,
      f"n2024: one message, every place: exit {r.returncode}, {len(lines)} lines")
check(not os.path.exists(pdf), "n2024: no PDF")

# the clerk updates the titles and the data, then confirms the rest by deleting the sidecar
edit(rep, "so: CHUA-DIEN", "so: 61")
edit(rep, "ngay: CHUA-DIEN", "ngay: 2025-02-20")
for f in ["phu-luc-1.yaml", "phu-luc-2.yaml"]:
    p = os.path.join(n24, f)
    t = read(p)
    write(p, t.replace("NĂM 2023", "NĂM 2024").replace("55/BC-UBND ngày 26/02/2024",
                                                      "61/BC-UBND ngày 20/02/2025"))
edit(os.path.join(n24, "phu-luc-1.csv"), "Quý I/2023", "Quý I/2024", 9)
edit(sc, "  - phu-luc-1.csv\n  - phu-luc-2.csv\n", "")
r = render(rep, pdf)
check(r.returncode == 2 and "còn 96 chỗ" in r.stderr and "phu-luc" not in r.stderr,
      f"n2024: only the narrative's words are left: {r.stderr[:300]}")
# a sidecar the clerk broke does not switch the check off
good = read(sc)
write(sc, good + "chua-xac-nhan: [\n")
r = render(rep, pdf)
check(r.returncode == 2 and f"  {sc}:" in r.stderr and "không đọc được tệp này" in r.stderr and
      not os.path.exists(pdf), f"n2024: a broken sidecar is reported: {r.stderr[:400]}")
write(sc, good)
os.unlink(sc)
r = render(rep, pdf)
check(r.returncode == 3 and os.path.exists(pdf), f"n2024 renders (exit 3: the sample's own "
      f"appendix mismatches): exit {r.returncode}: {r.stderr[-300:]}")
text = flat(pdftotext(pdf)) if os.path.exists(pdf) else ""
check("KẾ HOẠCH CCHC TỈNH KHÁNH HÒA NĂM 2024" in text and "Số: 61/BC-UBND" in text and
      "Quý I/2024" in text and "Quý I/2023" not in text,
      "n2024: the updated appendix titles and data are printed")

finish()
