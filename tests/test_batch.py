#!/usr/bin/python3
"""baocao render with many reports (issue 13, "Batch"; issue 17, the shared
font set-up).

Works on the sample samples/bao-cao-xa-nam-2023: its generator writes one
report folder per commune (136, figures from seed 001's Phụ lục 2) and the
list danh-sach.txt; one 'baocao render --danh-sach' prints them all. Checks:
every PDF's text (the commune's name in the header and the sentence, its
figures in the narrative and the appendix, qpdf --check), the summary table
and the progress lines exactly, batch PDFs byte for byte the ones a render of
one report writes, a broken report and a wrong total among good ones (the
worst exit code, the others written, the broken one's older PDF kept), the
refusals of ambiguous outputs with their exact messages, the progress bar on
a terminal."""
import csv
import os
import pty
import re
import shutil
import subprocess
import sys

from bctest import BAOCAO, OUT, ROOT, check, finish, nfc, pdftotext, qpdf_ok, run

SAMPLE = os.path.join(ROOT, "samples", "bao-cao-xa-nam-2023")
W = os.path.join(OUT, "batch")
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)

HEADER = "STT  Báo cáo"
TOTAL = re.compile(r"^Tổng cộng: (\d+) báo cáo, (\d+) đã ghi(?: \((\d+) có số liệu không khớp\))?, "
                   r"(\d+) không ghi được; (\d+) cảnh báo; \d+,\d\d s; mã thoát (\d) \((.+)\)$")
ROW = re.compile(r"^ *(\d+)  (\S+) +(.+?) +(\d) +(\d+) +(\d+,\d\d) s$")


def gen(dest, *extra):
    r = subprocess.run(["/usr/bin/python3", os.path.join(SAMPLE, "tao-bao-cao.py"), dest, *extra],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"tao-bao-cao.py: {r.stderr}")
    return r


def batch(*args):
    return run(["render", *args, "--chi-phong-kem-theo"], cwd=W)


def table(stdout):
    """(header line, [row tuples], totals match) of a summary on stdout."""
    lines = nfc(stdout).splitlines()
    rows = [ROW.match(x) for x in lines[1:-1]]
    check(all(rows), f"summary rows: {lines[1:-1]}")
    return lines[0] if lines else "", [m.groups() for m in rows if m], TOTAL.match(lines[-1]) \
        if lines else None


def vi(n):
    return f"{n:,}".replace(",", ".")


# ---- 1. the sample: 136 communes, one command -------------------------------------
gen(os.path.join(W, "xa"))
communes = list(csv.DictReader(open(os.path.join(SAMPLE, "xa.csv"), encoding="utf-8")))
check(len(communes) == 136, f"xa.csv has {len(communes)} communes")
names = [c["ma"] for c in communes]
listed = [x for x in open(os.path.join(W, "xa", "danh-sach.txt"), encoding="utf-8").read()
          .splitlines() if x and not x.startswith("#")]
check(listed == names, "danh-sach.txt lists every folder in xa.csv's order")

r = batch("--danh-sach", "xa/danh-sach.txt", "-o", "pdf/")
check(r.returncode == 0, f"sample batch: exit {r.returncode}: {r.stderr[-800:]}")
head, rows, total = table(r.stdout)
check(head.split() == ["STT", "Báo", "cáo", "Tệp", "PDF", "Mã", "thoát", "Cảnh", "báo",
                       "Thời", "gian"], f"summary header: {head!r}")
check([x[:5] for x in rows] == [(str(i + 1), f"xa/{m}", f"pdf/{m}.pdf", "0", "0")
                                for i, m in enumerate(names)],
      f"summary rows: {rows[:3]} ...")
check(total and total.groups() == ("136", "136", None, "0", "0", "0", "thành công"),
      f"summary totals: {r.stdout.splitlines()[-1:]}")
# stderr: per report, its appendix note and one result line (finishing order varies)
got = [x for x in nfc(r.stderr).splitlines() if x.startswith("[")]
check(sorted(re.sub(r"^\[\d+/", "[", x) for x in got) ==
      sorted(f"[136] xa/{m}: đã ghi pdf/{m}.pdf (2 trang)" for m in names),
      f"progress lines: {got[:3]}")
check(sorted(int(re.match(r"\[(\d+)/", x).group(1)) for x in got) == list(range(1, 137)),
      "progress counts 1..136 once each")
check(not [x for x in nfc(r.stderr).splitlines()
           if not x.startswith("[") and ": ghi chú: Phụ lục: đã kiểm tra 2 ô tổng và 0 ô công "
           "thức; tất cả khớp" not in x], f"no other message: {r.stderr[:600]}")

LEVELS = ("thị trấn ", "phường ", "xã ")
for c in communes:
    pdf = os.path.join(W, "pdf", c["ma"] + ".pdf")
    if not check(os.path.exists(pdf), f"{c['ma']}: PDF written"):
        continue
    text = nfc(pdftotext(pdf))
    flat = " ".join(text.split())
    ten = c["ten"].removeprefix("UBND ")
    place = next(ten[len(p):] for p in LEVELS if ten.startswith(p))
    f = {k: int(v) for k, v in c.items() if k not in ("ma", "ten", "huyen")}
    check(ten.upper() in text.splitlines()[1] or f"\n{ten.upper()}\n" in text,
          f"{c['ma']}: agency line {ten.upper()!r}")
    check(f"{place}, ngày 18 tháng 12 năm 2023" in flat, f"{c['ma']}: place and date")
    sentence = (f"Ủy ban nhân dân {ten} báo cáo kết quả năm 2023 như sau. Trong kỳ, Bộ phận Một "
                f"cửa đã tiếp nhận {vi(f['tiep_nhan'])} hồ sơ; đã giải quyết xong "
                f"{vi(f['da_giai_quyet'])} hồ sơ, trong đó đúng hạn {vi(f['dung_han'])} hồ sơ, "
                f"trễ hạn {vi(f['tre_han_da_gq'])} hồ sơ; đang giải quyết "
                f"{vi(f['dang_giai_quyet'])} hồ sơ. Tổng số hồ sơ trễ hạn là {vi(f['tre_han'])} "
                f"hồ sơ")
    check(sentence in flat, f"{c['ma']}: the narrative's figures: want {sentence!r}")
    check(f"UBND {c['huyen']} (b/c);" in flat, f"{c['ma']}: Nơi nhận names the district")
    check(f"(Kèm theo Báo cáo số {100 + names.index(c['ma'])}/BC-UBND ngày 18 tháng 12 năm "
          f"2023 của Ủy ban nhân dân {ten})" in flat, f"{c['ma']}: appendix line")
    cells = [vi(f[k]) if f[k] else "-" for k in ("tiep_nhan", "da_giai_quyet", "dung_han",
                                                  "tre_han_da_gq", "dang_giai_quyet",
                                                  "trong_han", "tre_han_dang_gq", "tre_han")]
    labels = ["1 Hồ sơ tiếp nhận", "2 Hồ sơ đã giải quyết xong", "2.1 Đúng hạn", "2.2 Trễ hạn",
              "3 Hồ sơ đang giải quyết", "3.1 Trong hạn", "3.2 Trễ hạn", "4 Hồ sơ trễ hạn"]
    # the appendix page, row by row (-layout keeps a row on one line)
    page2 = nfc(pdftotext(pdf, "-layout", "-f", "2", "-l", "2"))
    got_rows = [" ".join(x.split()) for x in page2.splitlines()
                if re.match(r"^\s*\d(\.\d)?\s+Hồ sơ|^\s*\d\.\d\s+(Đúng|Trễ|Trong) hạn", x)]
    check(got_rows == [f"{lab} {cell}" for lab, cell in zip(labels, cells)],
          f"{c['ma']}: appendix rows {got_rows}, want {list(zip(labels, cells))}")
    ok, msg = qpdf_ok(pdf)
    check(ok, f"{c['ma']}: qpdf --check: {msg[-300:]}")

# ---- 2. the shared set-up changes nothing: the bytes of one report alone -----------
for m in (names[0], names[67], names[-1]):
    one = os.path.join(W, m + "-mot.pdf")
    r1 = run(["render", f"xa/{m}/report.yaml", "-o", one, "--chi-phong-kem-theo"], cwd=W)
    check(r1.returncode == 0, f"{m} alone: {r1.stderr[-300:]}")
    check(open(one, "rb").read() == open(os.path.join(W, "pdf", m + ".pdf"), "rb").read(),
          f"{m}: batch PDF byte for byte the one-report PDF")
# one thread and many: the same bytes
r = batch(*[f"xa/{m}" for m in names[:6]], "-o", "mot-luong/", "--luong", "1")
check(r.returncode == 0, f"--luong 1: {r.stderr[-300:]}")
check(all(open(os.path.join(W, "mot-luong", m + ".pdf"), "rb").read() ==
          open(os.path.join(W, "pdf", m + ".pdf"), "rb").read() for m in names[:6]),
      "--luong 1 writes the same bytes as all cores")

# ---- 3. faults among good reports: worst exit code, the others written -------------
B = os.path.join(W, "hong")
gen(B, "-n", "5")
five = names[:5]
bad, wrong = five[1], five[3]
rep = os.path.join(B, bad, "report.yaml")
text = open(rep, encoding="utf-8").read()
open(rep, "w", encoding="utf-8").write(text.replace("ngay: 2023-12-18", "ngay: 2023-12-32"))
kq = os.path.join(B, wrong, "ket-qua.csv")
lines = open(kq, encoding="utf-8").read().splitlines()
child = lines[3].split(",")               # 2.1 Đúng hạn
child[2] = vi(int(child[2].replace(".", "")) + 1)
lines[3] = ",".join(child)
open(kq, "w", encoding="utf-8").write("\n".join(lines) + "\n")
old = os.path.join(B, bad, bad + ".pdf")
open(old, "wb").write(b"old pdf")         # an earlier output stays as it was
r = run(["render", *[f"hong/{m}" for m in five], "--chi-phong-kem-theo"], cwd=W)
check(r.returncode == 2, f"broken + wrong total: exit {r.returncode}, want 2: {r.stderr[-600:]}")
err = nfc(r.stderr).splitlines()
check(f"hong/{bad}/report.yaml:8:7: lỗi: ngày '2023-12-32' không có thật: tháng 12 năm 2023 "
      f"chỉ có 31 ngày, không có ngày 32; hãy sửa lại ngày (dạng NĂM-THÁNG-NGÀY đã đúng)" in err,
      f"the broken report's error: {err}")
check(any(re.fullmatch(rf"\[\d/5\] hong/{bad}: không ghi tệp hong/{bad}/{bad}\.pdf "
                       r"\(lỗi dữ liệu vào\)", x) for x in err), f"its result line: {err}")
total_21 = int(lines[3].split(",")[2].replace(".", "")) + int(lines[4].split(",")[2]
                                                               .replace(".", "").replace("-", "0"))
check(any(x.startswith(f"hong/{wrong}/ket-qua.csv:3:") and x.endswith(
    f": cảnh báo: Phụ lục, hàng «2 Hồ sơ đã giải quyết xong», cột «Số lượng»: ghi "
    f"{lines[2].split(',')[2]} nhưng tổng 2 hàng con là {vi(total_21)}") for x in err),
      f"the wrong total's warning: {err}")
check(any(re.fullmatch(rf"\[\d/5\] hong/{wrong}: đã ghi hong/{wrong}/{wrong}\.pdf \(2 trang\); "
                       r"số liệu phụ lục có chỗ không khớp \(xem cảnh báo\)", x) for x in err),
      f"its result line: {err}")
check(open(old, "rb").read() == b"old pdf", "the broken report's older PDF is kept byte for byte")
check(not [f for f in os.listdir(os.path.join(B, bad)) if ".tmp" in f], "no temporary file left")
for m in five:
    if m != bad:
        pdf = os.path.join(B, m, m + ".pdf")
        check(os.path.exists(pdf) and qpdf_ok(pdf)[0], f"{m}: written beside its report")
head, rows, total = table(r.stdout)
want_rows = []
for i, m in enumerate(five):
    if m == bad:
        want_rows.append((str(i + 1), f"hong/{m}", "không ghi (lỗi dữ liệu vào)", "2", "0"))
    elif m == wrong:
        want_rows.append((str(i + 1), f"hong/{m}", f"hong/{m}/{m}.pdf", "3", "1"))
    else:
        want_rows.append((str(i + 1), f"hong/{m}", f"hong/{m}/{m}.pdf", "0", "0"))
check([x[:5] for x in rows] == want_rows, f"summary rows {rows}")
check(total and total.groups() == ("5", "4", "1", "1", "1", "2", "lỗi dữ liệu vào"),
      f"totals: {r.stdout.splitlines()[-1:]}")
# without the broken one the worst is the wrong total: 3
r = run(["render", *[f"hong/{m}" for m in five if m != bad], "--chi-phong-kem-theo"], cwd=W)
check(r.returncode == 3, f"wrong total only: exit {r.returncode}, want 3")
check(nfc(r.stdout).splitlines()[-1].endswith("mã thoát 3 (số liệu không khớp)"),
      f"totals: {r.stdout.splitlines()[-1:]}")
# a report whose PDF cannot be written (the disk fails at its fsync) among good ones: 4,
# the others written, its older PDF kept
SHIM = os.environ.get("FAILWRITE_SHIM") or os.path.join(ROOT, "build", "tests", "libfailwrite.so")
full = five[2]
open(os.path.join(B, full, full + ".pdf"), "wb").write(b"older")
asan = os.environ.get("ASAN_OPTIONS", "")
env = dict(os.environ, LD_PRELOAD=SHIM, FAILWRITE_STAGE="fsync", FAILWRITE_MATCH=f"/{full}.pdf",
           # a preloaded shim comes before the ASan runtime in sanitized builds
           ASAN_OPTIONS=(asan + ":" if asan else "") + "verify_asan_link_order=0")
for m in (five[0], five[4]):
    os.remove(os.path.join(B, m, m + ".pdf"))
r = subprocess.run([BAOCAO, "render", f"hong/{five[0]}", f"hong/{full}", f"hong/{five[4]}",
                    "--chi-phong-kem-theo"], cwd=W, env=env, capture_output=True, text=True)
check(r.returncode == 4, f"disk failure in one report: exit {r.returncode}, want 4: {r.stderr[-400:]}")
check(f"hong/{full}/{full}.pdf: lỗi: không ghi được tệp (khi đồng bộ xuống đĩa (fsync)): ổ "
      f"đĩa đầy" in nfc(r.stderr).splitlines(),
      f"its error names the file and the reason: {r.stderr[-400:]}")
check(open(os.path.join(B, full, full + ".pdf"), "rb").read() == b"older",
      "the failed report's older PDF is kept byte for byte")
check(not [f for f in os.listdir(os.path.join(B, full)) if ".tmp-" in f], "no temporary file left")
check(all(os.path.exists(os.path.join(B, m, m + ".pdf")) for m in (five[0], five[4])),
      "the other reports are written")
check(nfc(r.stdout).splitlines()[-1].endswith("mã thoát 4 (không ghi được tệp ra)"),
      f"totals: {r.stdout.splitlines()[-1:]}")

# ---- 4. outputs: ambiguous ones refused with a clear message, nothing written ------
two = [f"xa/{names[0]}", f"xa/{names[1]}"]
r = batch(*two, "-o", "chung.pdf")
check(r.returncode == 1 and nfc(r.stderr) ==
      "baocao render: có 2 báo cáo, không ghi chung vào một tệp 'chung.pdf': hãy cho -o một thư "
      "mục (ví dụ -o pdf/), hoặc bỏ -o để ghi mỗi PDF cạnh báo cáo của nó\n",
      f"-o FILE.pdf with many: {r.returncode} {r.stderr!r}")
check(not os.path.exists(os.path.join(W, "chung.pdf")) and not r.stdout, "nothing written")
r = batch(*two, "-o", "thu-muc-moi")
check(r.returncode == 1 and nfc(r.stderr) ==
      "baocao render: có 2 báo cáo nên -o phải là một thư mục; 'thu-muc-moi' chưa có: viết "
      "'thu-muc-moi/' để tạo thư mục này\n", f"-o NEW with many: {r.stderr!r}")
check(not os.path.exists(os.path.join(W, "thu-muc-moi")), "no folder made")
r = batch(*two, "-o", "thu-muc-moi/")
check(r.returncode == 0 and sorted(os.listdir(os.path.join(W, "thu-muc-moi"))) ==
      sorted(f"{m}.pdf" for m in names[:2]), f"-o NEW/ makes the folder: {r.stderr[-300:]}")
r = batch(*two, "-o", "thu-muc-moi")  # now it exists: a folder without the slash is fine
check(r.returncode == 0, f"-o EXISTING (no slash): {r.stderr[-300:]}")
# one report with -o FOLDER/: named like the batch
r = batch(f"xa/{names[2]}", "-o", "mot/")
check(r.returncode == 0 and os.listdir(os.path.join(W, "mot")) == [f"{names[2]}.pdf"],
      f"one report, -o FOLDER/: {r.stderr[-300:]}")
# two reports with the same folder name into one folder
os.makedirs(os.path.join(W, "khac"), exist_ok=True)
shutil.copytree(os.path.join(W, "xa", names[0]), os.path.join(W, "khac", names[0]))
r = batch(f"xa/{names[0]}", f"khac/{names[0]}", "-o", "trung/")
check(r.returncode == 1 and nfc(r.stderr) ==
      f"lỗi: hai báo cáo cùng ghi ra một tệp trung/{names[0]}.pdf: xa/{names[0]} và "
      f"khac/{names[0]}; tên tệp PDF lấy theo tên thư mục báo cáo (hoặc tên tệp .yaml nếu không "
      f"phải report.yaml): hãy đổi tên một thư mục, hoặc bỏ báo cáo trùng\n",
      f"same names: {r.stderr!r}")
check(not os.path.exists(os.path.join(W, "trung")), "nothing written for a refused batch")
r = batch(*two, "--so-voi", "xa")
check(r.returncode == 1 and nfc(r.stderr) ==
      "lỗi: --so-voi và --gop-y chỉ dùng khi in một báo cáo (chúng chỉ một bản dự thảo trước, một "
      "tệp góp ý); khi in nhiều báo cáo, hãy ghi 'so-voi:', 'gop-y:' trong du-thao.yaml của từng "
      "báo cáo\n", f"--so-voi with many: {r.stderr!r}")
open(os.path.join(W, "rong.txt"), "w").write("# chỉ có chú thích\n\n")
r = batch("--danh-sach", "rong.txt")
check(r.returncode == 2 and nfc(r.stderr) ==
      "rong.txt: lỗi: danh sách không có báo cáo nào; hãy ghi mỗi dòng một thư mục báo cáo hoặc "
      "tệp .yaml\n", f"empty list: {r.stderr!r}")
r = batch("--danh-sach", "khong-co.txt")
check(r.returncode == 2 and nfc(r.stderr).startswith("khong-co.txt: lỗi: không mở được tệp"),
      f"missing list: {r.stderr!r}")
r = batch(*two, "--luong", "0")
check(r.returncode == 1 and nfc(r.stderr) == "baocao render: --luong cần số nguyên từ 1 đến 256\n",
      f"--luong 0: {r.stderr!r}")
r = run(["render", *two, "--luong"], cwd=W)
check(r.returncode == 1 and "tùy chọn '--luong' cần một giá trị" in nfc(r.stderr),
      f"--luong without a value: {r.stderr!r}")
# a missing report among good ones: its own error, the rest written
r = batch(f"xa/{names[3]}", "khong-co-thu-muc", "-o", "thieu/")
check(r.returncode == 2, f"missing report: exit {r.returncode}")
check("khong-co-thu-muc: lỗi: không mở được tệp: không có tệp hay thư mục này" in
      nfc(r.stderr) or "khong-co-thu-muc: lỗi: không mở được tệp" in nfc(r.stderr),
      f"missing report's error: {r.stderr!r}")
check(os.path.exists(os.path.join(W, "thieu", names[3] + ".pdf")), "the other one written")
# --png: one folder of previews per report
r = batch(*two, "-o", "anh/", "--png", "anh/xem")
check(r.returncode == 0 and all(os.path.exists(os.path.join(W, "anh", "xem", m, "trang-001.png"))
                                for m in names[:2]), f"--png per report: {r.stderr[-300:]}")
# the single render takes a report folder too
r = run(["render", f"xa/{names[4]}", "-o", "thu-muc.pdf", "--chi-phong-kem-theo"], cwd=W)
check(r.returncode == 0 and open(os.path.join(W, "thu-muc.pdf"), "rb").read() ==
      open(os.path.join(W, "pdf", names[4] + ".pdf"), "rb").read(),
      f"render FOLDER -o X.pdf: {r.stderr[-300:]}")

# ---- 5. on a terminal: a progress bar, no line per finished report -----------------
master, slave = pty.openpty()
p = subprocess.Popen([BAOCAO, "render", *[f"xa/{m}" for m in names[:4]], "-o", "tty/",
                      "--chi-phong-kem-theo"], cwd=W, stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
shown = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
out, _ = p.communicate()
os.close(master)
shown = shown.decode("utf-8", "replace")
check(p.returncode == 0, f"tty batch: exit {p.returncode}")
check("\r\x1b[K[" in shown and re.search("█" * 30 + r"\] 4/4  (" + "|".join(names[:4]) + r")\r?\n",
                                          shown), f"progress bar drawn: {shown[-300:]!r}")
check(re.search(r"\] 1/4  (" + "|".join(names[:4]) + r")\r\x1b\[K", shown),
      f"the bar is redrawn in place, naming the report's folder: {shown[:300]!r}")
check("đã ghi" not in shown, "no result line per good report on a terminal")
check(nfc(out.decode()).splitlines()[-1].startswith("Tổng cộng: 4 báo cáo, 4 đã ghi, 0 không ghi "
                                                     "được; 0 cảnh báo;"),
      "the table still goes to stdout")

finish()
