"""Figures in the narrative come from the data (issue 4): placeholders render
the seeds' own words, one change in the data changes every place it appears,
errors point into the narrative, and 'baocao moi' starts the next period."""
import hashlib
import os
import re
import shutil

import bctest
from bctest import NAM_2023_MISMATCHES, OUT, check_exit, ROOT, SEEDS, check, finish, pdftotext, render, run

D = os.path.join(OUT, "figures")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def copy_sample(name, dest):
    """Copies samples/<name> to D/<dest> (writable) and returns its report.yaml."""
    return os.path.join(bctest.copy_sample(name, os.path.join(D, dest)), "report.yaml")


def edit(path, old, new, count=1):
    text = open(path, encoding="utf-8").read()
    check(text.count(old) == count, f"{path}: '{old}' occurs {text.count(old)} times, want {count}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def flat(text):
    """PDF text on one line: words joined by single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def appears(sentence, text, slack=40):
    """The sentence's words occur in order in text, interrupted by at most
    `slack` other words in all (page numbers and footnotes at a page break)."""
    want, got = sentence.split(), text.split()
    for start in (i for i, w in enumerate(got) if w == want[0]):
        j, k = start, 0
        while j < len(got) and k < len(want) and j - start - k <= slack:
            if got[j] == want[k]:
                k += 1
            j += 1
        if k == len(want):
            return True
    return False


def seed_line(seed, needle):
    for line in open(os.path.join(SEEDS, seed), encoding="utf-8"):
        if needle in line:
            return line.strip()
    raise AssertionError(f"{needle} not in {seed}")


NUM = re.compile(r"\d+(?:[.,]\d+)*%?")


def numbers(text):
    return sorted(NUM.findall(text))


def tree_hash(folder):
    h = hashlib.sha256()
    for f in sorted(os.listdir(folder)):
        h.update(f.encode())
        h.update(open(os.path.join(folder, f), "rb").read())
    return h.hexdigest()


# 1. Seed 000: the figures in the quarterly report come from chi-so.yaml and
# tthc.csv; the PDF says what the seed says.
q1 = copy_sample("bao-cao-quy-1-2018", "q1")
pdf = os.path.join(D, "q1.pdf")
r = render(q1, pdf)
check(r.returncode == 0, f"q1: render exit {r.returncode}: {r.stderr}")
text = flat(pdftotext(pdf))
for needle in ["đạt 76,88%", "thu hút thêm", "Trong quý I/2018, các sở", "chỉ có 0,32%",
               "báo cáo như sau:", "và phương hướng, nhiệm vụ"]:
    seed = seed_line("000-body.md", needle)
    # each sentence with a figure, as the seed prints it
    for sentence in re.split(r"(?<=[.;])\s", seed):
        if NUM.search(sentence) or "quý I" in sentence:
            check(appears(sentence, text), f"q1: seed sentence not in the PDF: {sentence[:120]}")
seed_body = open(os.path.join(SEEDS, "000-body.md"), encoding="utf-8").read()
missing = [n for n in set(numbers(seed_body)) if numbers(seed_body).count(n) > numbers(text).count(n)]
check(not missing, f"q1: figures of the seed missing from the PDF: {missing[:10]}")
check("{{" not in text and "}}" not in text, "q1: a placeholder was printed")

# 2. One change in the data changes every place the figure appears.
edit(os.path.join(D, "q1", "tthc.csv"), '"0,32%"', '"0,45%"')
edit(os.path.join(D, "q1", "chi-so.yaml"), "nay: 76,88%", "nay: 78,02%")
edit(os.path.join(D, "q1", "chi-so.yaml"), "nay: 1.023.615", "nay: 1.030.000")
pdf2 = os.path.join(D, "q1-doi.pdf")
r = render(q1, pdf2)
check(r.returncode == 0, f"q1 changed: render exit {r.returncode}: {r.stderr}")
text2 = flat(pdftotext(pdf2))
check(text.count("0,32%") == 2, f"q1: 0,32% printed {text.count('0,32%')} times, want 2")
check(text2.count("0,32%") == 0 and text2.count("0,45%") == 2,
      f"q1 changed: 0,32% x{text2.count('0,32%')}, 0,45% x{text2.count('0,45%')}")
check("chỉ có 0,45%, giảm 4,55% so với cùng kỳ năm 2017" in text2, "q1 changed: tang_giam of the rate")
check("đạt 78,02%, tăng 4,65% so với năm 2016" in text2 and "76,88" not in text2,
      "q1 changed: hai_long.chung and its change")
check("thu hút thêm 70.213 lượt, nâng tổng số lượng truy cập lên 1.030.000 lượt" in text2,
      "q1 changed: the difference follows the total")

# 3. Seed 001: the TTHC paragraph is computed from Phụ lục 2 and says what the seed says.
y23 = copy_sample("bao-cao-nam-2023", "n2023")
pdf = os.path.join(D, "n2023.pdf")
r = render(y23, pdf)
check_exit(r, 3, NAM_2023_MISMATCHES, "2023")
text = flat(pdftotext(pdf))
para = seed_line("001-body.md", "543.317")
para = para[para.index("Khối cơ quan"):]
check(appears(para, text), f"2023: the TTHC paragraph differs from the seed:\n  {para}")
check("chỉ chiếm 0,49%, thấp nhất" in text, "2023: 0,49% in the summary")
# ... and follows the table: a new totals rate changes the paragraph, the
# summary and the appendix alike.
edit(os.path.join(D, "n2023", "phu-luc-2.csv"), ',"2,597",0.49%', ',"2,597",0.51%')
pdf = os.path.join(D, "n2023-doi.pdf")
r = render(y23, pdf)
check(r.returncode == 3, f"2023 changed: exit {r.returncode} (the formula check warns): {r.stderr}")
text2 = flat(pdftotext(pdf))
check(text2.count("0,49%") == text.count("0,49%") - 3 and
      text2.count("0,51%") == text.count("0,51%") + 3,
      f"2023 changed: 0,49% x{text.count('0,49%')} -> x{text2.count('0,49%')}, "
      f"0,51% x{text.count('0,51%')} -> x{text2.count('0,51%')}, want 3 moved")
check("là 2.597 hồ sơ, chiếm tỉ lệ 0,51%" in text2, "2023 changed: paragraph")

# 4. Errors point into the narrative; --so-lieu-thua lists unused values.
bad = copy_sample("bao-cao-quy-1-2018", "sai")
edit(os.path.join(D, "sai", "noi-dung.md"), "{{ hai_long.chung }},", "{{ hai_long.chun }},")
pdf = os.path.join(D, "sai.pdf")
r = render(bad, pdf)
first = r.stderr.splitlines()[0] if r.stderr else ""
check(r.returncode == 2, f"unknown key: exit {r.returncode}")
check(first == f"{D}/sai/noi-dung.md:15:423: lỗi: không có số liệu 'hai_long.chun'; có phải ý "
               "bạn là 'hai_long.chung'?", f"unknown key message: {first}")
check(not os.path.exists(pdf), "unknown key: a PDF was written")
edit(os.path.join(D, "sai", "noi-dung.md"), "{{ hai_long.chun }},", "{{ ky.ten | pct }},")
r = render(bad, pdf)
first = r.stderr.splitlines()[0] if r.stderr else ""
check(first == f"{D}/sai/noi-dung.md:15:423: lỗi: định dạng 'pct' cần một số, nhưng 'ky.ten' "
               "là chữ «quý I năm 2018»", f"wrong type message: {first}")
edit(os.path.join(D, "sai", "noi-dung.md"), "{{ ky.ten | pct }},", "{{ hai_long.chung }},")
with open(os.path.join(D, "sai", "chi-so.yaml"), "a", encoding="utf-8") as f:
    f.write("thua: 12\n")
r = render(bad, pdf, "--so-lieu-thua")
check(r.returncode == 0, f"unused: exit {r.returncode}: {r.stderr}")
check(f"{D}/sai/chi-so.yaml:23:1: ghi chú: số liệu 'thua' không được dùng trong "
      f"{D}/sai/noi-dung.md" in r.stderr, f"unused note: {r.stderr}")
r = render(bad, pdf)
check("không được dùng" not in r.stderr, "unused notes without the option")
os.unlink(os.path.join(D, "sai", "tthc.csv"))
r = render(bad, pdf)
first = r.stderr.splitlines()[0] if r.stderr else ""
check(r.returncode == 2 and first.startswith(
    f"{D}/sai/report.yaml:28:1: lỗi: không đọc được tệp số liệu '{D}/sai/tthc.csv' (trường "
    "so-lieu): "), f"missing data file: {first}")

# 5. baocao moi: the next quarter's folder.
old = os.path.join(D, "q1")
edit(os.path.join(old, "chi-so.yaml"), "nay: 78,02%", "nay: 76,88%")
before = tree_hash(old)
new = os.path.join(D, "q2")
r = run(["moi", old, new])
check(r.returncode == 0, f"moi: exit {r.returncode}: {r.stderr}")
check(tree_hash(old) == before, "moi changed the old folder")
check(sorted(os.listdir(new)) == ["chi-so.yaml", "moi-can-xac-nhan.yaml", "noi-dung.md",
                                  "report.yaml", "tthc.csv"],
      f"moi: files {sorted(os.listdir(new))}")
spec = open(os.path.join(new, "report.yaml"), encoding="utf-8").read()
check("ky-bao-cao: {loai: quy, so: 2, nam: 2018}" in spec, "moi: period advanced")
check("trich-yeu: Tình hình, kết quả cải cách hành chính quý II năm 2018 của tỉnh Khánh Hòa"
      in spec, "moi: trích yếu follows the period")
check("\nso: CHUA-DIEN" in spec and "\nngay: CHUA-DIEN" in spec, "moi: so/ngay cleared")
data = open(os.path.join(new, "chi-so.yaml"), encoding="utf-8").read()
check("    nay: CHUA-DIEN           # năm 2017\n    truoc: 76,88%         # năm 2016" in data,
      f"moi: current value kept as previous:\n{data}")
check("  muc_tieu: {nay: CHUA-DIEN, truoc: 77%}" in data, "moi: a plain value gets nay/truoc")
check(open(os.path.join(new, "noi-dung.md"), encoding="utf-8").read() ==
      open(os.path.join(old, "noi-dung.md"), encoding="utf-8").read(), "moi: narrative copied")
check('tthc.tre_han_ty_le,CHUA-DIEN,"0,45%"' in open(os.path.join(new, "tthc.csv"),
                                                    encoding="utf-8").read(), "moi: CSV rolled")
pdf = os.path.join(D, "q2.pdf")
r = render(os.path.join(new, "report.yaml"), pdf)
first = r.stderr.splitlines()[0] if r.stderr else ""
check(r.returncode == 2 and first.startswith(f"{new}/report.yaml:5:5: lỗi: báo cáo tạo bằng "
      "'baocao moi' còn 20 chỗ") and f"  {new}/report.yaml:5:5: chưa điền: thay 'CHUA-DIEN'" in
      r.stderr and f"  {new}/report.yaml:8:7: chưa điền" in r.stderr,
      f"moi: unfilled message: {r.stderr}")
check(not os.path.exists(pdf), "moi: a PDF was written before so/ngay were filled")
edit(os.path.join(new, "report.yaml"), "so: CHUA-DIEN", "so: 78")
r = render(os.path.join(new, "report.yaml"), pdf)
first = r.stderr.splitlines()[0] if r.stderr else ""
check(r.returncode == 2 and "còn 19 chỗ" in first and f"{new}/report.yaml:8:7: chưa điền" in
      r.stderr and f"{new}/report.yaml:5:5" not in r.stderr, f"moi: ngay only: {r.stderr}")
edit(os.path.join(new, "report.yaml"), "ngay: CHUA-DIEN", "ngay: 2018-06-15")
# the clerk enters one new figure and confirms the others (copies 'truoc')
edit(os.path.join(new, "chi-so.yaml"), "nay: CHUA-DIEN           # năm 2017\n    truoc: 76,88%",
     "nay: 78,00%           # năm 2017\n    truoc: 76,88%")
import re
p = os.path.join(new, "chi-so.yaml")
t = open(p, encoding="utf-8").read()
t = re.sub(r"nay: CHUA-DIEN, truoc: ([^}]*)\}", r"nay: \1, truoc: \1}", t)
t = re.sub(r"nay: CHUA-DIEN(.*\n\s*truoc: )(\S+)", r"nay: \2\1\2", t)
open(p, "w", encoding="utf-8").write(t)
p = os.path.join(new, "tthc.csv")
t = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(re.sub(r",CHUA-DIEN,(.*)", r",\1,\1", t))
r = render(os.path.join(new, "report.yaml"), pdf)
check(r.returncode == 0, f"moi: filled report: exit {r.returncode}: {r.stderr}")
text = flat(pdftotext(pdf))
check("Số: 78/BC-UBND" in text and "ngày 15 tháng 6 năm 2018" in text, "moi: number and date")
check("(CCHC) quý II năm 2018, UBND tỉnh" in text and "Trong quý II/2018" in text,
      "moi: period texts in the narrative")
check("đạt 78,00%, tăng 1,12% so với năm 2016" in text, "moi: change against the last report")
check("chỉ có 0,45%, không thay đổi so với" in text, "moi: an unchanged rate")
# refusals
r = run(["moi", old, new])
check(r.returncode == 4 and "thư mục mới đã có và không trống" in r.stderr,
      f"moi into a non-empty folder: {r.returncode} {r.stderr}")
r = run(["moi", os.path.join(ROOT, "samples", "cong-van-1889-2021"), os.path.join(D, "cv2")])
check(r.returncode == 2 and "chưa có 'ky-bao-cao'" in r.stderr and
      not os.path.exists(os.path.join(D, "cv2")), f"moi without a period: {r.stderr}")
# the year report rolls to the next year; its appendix files come along, its PDFs do not
shutil.copy(os.path.join(D, "n2023.pdf"), os.path.join(D, "n2023", "bao-cao.pdf"))
r = run(["moi", os.path.join(D, "n2023"), os.path.join(D, "n2024")])
check(r.returncode == 0, f"moi 2023: {r.stderr}")
check("ky-bao-cao: {loai: nam, nam: 2024}" in open(os.path.join(D, "n2024", "report.yaml"),
                                                   encoding="utf-8").read(), "moi: next year")
check(os.path.exists(os.path.join(D, "n2024", "phu-luc-2.csv")) and
      not any(f.endswith(".pdf") for f in os.listdir(os.path.join(D, "n2024"))),
      "moi 2023: appendices copied, PDFs not")

finish()
