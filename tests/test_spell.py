"""Spelling check of the author's text (src/lint/spellcheck.h), end to end:
the seeds' own typos reported with their lines, typos and an unaccented
paragraph inserted into a copy of a sample all found, --chat-che makes them
errors, report.yaml's switch turns the check off, the local word list, mixed
tone placement warned once, trích yếu and table cells checked, and at most 5
false warnings on each seed sample."""
import os
import re
import shutil

import bctest
from bctest import OUT, check, finish, lint_findings, render, sample

D = os.path.join(OUT, "spell")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def findings(stderr):
    return lint_findings(stderr, "CT0")


def copy_sample(name, dest):
    return bctest.copy_sample(name, os.path.join(D, dest))


def col_of(line, word):
    """1-based column (characters) of word in line."""
    return line.index(word) + 1


# 1. Seed 001 (bao-cao-nam-2023) keeps the seed's typos; the check reports them.
pdf = os.path.join(D, "nam-2023.pdf")
r = render(sample("bao-cao-nam-2023"), pdf)
f = findings(r.stderr)
check(r.returncode == 3, f"seed 001: exit {r.returncode} (3: its appendix data mismatches)")
check(("noi-dung.md", 191, 40, "CT01",
       "chính tả: «huồng» không có trong từ điển; có phải ý bạn là «huống», «hồng», «hung»?")
      in f, f"seed 001: 'tỉnh huồng' at 191:40 not reported: {f}")
check(("noi-dung.md", 67, 164, "CT04",
       "«Mz» sau số không phải là đơn vị đo quen thuộc; có phải ý bạn là «Hz», «MHz», «MW»?")
      in f, f"seed 001: 'FM 106,5 Mz' at 67:164 not reported: {f}")
mixed = [x for x in f if x[3] == "CT02"]
check(len(mixed) == 1 and "phần lớn viết kiểu cũ" in mixed[0][4] and
      "«hoá» → «hóa» (" in mixed[0][4] and mixed[0][1:3] == (27, 112),
      f"seed 001: mixed tone placement warned once at 27:112: {mixed}")

# 2. At most 5 false warnings on each seed sample (the real ones listed).
REAL = {("bao-cao-nam-2023", 191, 40), ("bao-cao-nam-2023", 67, 164)}
for name in sorted(os.listdir(os.path.dirname(os.path.dirname(sample("bao-cao-nam-2023"))))):
    if not os.path.exists(sample(name)):
        continue
    r = render(sample(name), os.path.join(D, name + ".pdf"))
    words = [x for x in findings(r.stderr) if x[3] in ("CT01", "CT04", "CT03")]
    false = [x for x in words if (name, x[1], x[2]) not in REAL]
    check(len(false) <= 5, f"{name}: {len(false)} false warnings: {false}")
    print(f"{name}: {len(words)} word warnings, {len(false)} not real typos")

# 3. Typos and an unaccented paragraph inserted into a copy of seed 000.
src = copy_sample("bao-cao-quy-1-2018", "q1")
md = os.path.join(src, "noi-dung.md")
lines = open(md, encoding="utf-8").read().split("\n")
inserted = []  # (line, word, column)
for old, new in [("tiếp tục", "tiếp tụcc"), ("quyết liệt", "quyếtt liệt"),
                 ("ban hành", "ban hàng"), ("kế hoạch", "kế hoạck")]:
    i = next(k for k, l in enumerate(lines) if k > 3 and old in l and not l.startswith("#")
             and not any(k + 1 == x[0] for x in inserted))
    lines[i] = lines[i].replace(old, new, 1)
    word = [w for w in new.split() if w not in old.split()][0]
    if word != "hàng":  # a real word: spelling cannot see it
        inserted.append((i + 1, word, col_of(lines[i], word)))
UNACCENTED = ("Trong quy I nam 2018, cac co quan hanh chinh nha nuoc cua tinh da tiep tuc trien "
              "khai thuc hien nghiem tuc cac nhiem vu cai cach hanh chinh theo ke hoach da de ra.")
lines.insert(2, UNACCENTED)
lines.insert(2, "")
unaccented_line = 4
inserted = [(no + 2, w, c) for no, w, c in inserted]
open(md, "w", encoding="utf-8").write("\n".join(lines))
rep = os.path.join(src, "report.yaml")
pdf = os.path.join(D, "q1.pdf")
r = render(rep, pdf)
f = findings(r.stderr)
check(r.returncode == 0 and os.path.exists(pdf), f"inserted typos: exit {r.returncode} "
      f"(warnings only) {r.stderr[-800:]}")
for no, word, col in inserted:
    check(any(x[:4] == ("noi-dung.md", no, col, "CT01") and f"«{word}»" in x[4] for x in f),
          f"inserted '{word}' at {no}:{col} not reported: {f}")
ocr = [x for x in f if x[3] == "CT03"]
check(len(ocr) == 1 and ocr[0][1] == unaccented_line and "«Trong quy I nam 2018" in ocr[0][4],
      f"unaccented paragraph: one CT03 at line {unaccented_line}: {ocr}")
check(not any(x[3] == "CT01" and x[1] == unaccented_line for x in f),
      "unaccented paragraph: no word warnings inside it")

# 4. --chat-che: the warnings are errors, no PDF.
os.unlink(pdf)
r = render(rep, pdf, "--chat-che")
check(r.returncode == 3 and not os.path.exists(pdf),
      f"--chat-che: exit {r.returncode}, pdf {os.path.exists(pdf)}")
check(f"cảnh báo chính tả (xem ở trên); không in vì đã chọn --chat-che" in r.stderr,
      f"--chat-che message: {r.stderr[-600:]}")

# 5. The local word list: tu-dien.txt beside report.yaml (by convention),
#    then a named one (tu-dien:).
open(os.path.join(src, "tu-dien.txt"), "w", encoding="utf-8").write("# từ riêng\ntiếp tụcc\ntụcc\n")
r = render(rep, pdf)
f = findings(r.stderr)
check(not any("«tụcc»" in x[4] for x in f) and any("«quyếtt»" in x[4] for x in f),
      f"tu-dien.txt accepts 'tụcc' only: {[x for x in f if x[3] == 'CT01']}")
os.rename(os.path.join(src, "tu-dien.txt"), os.path.join(src, "rieng.txt"))
text = open(rep, encoding="utf-8").read()
open(rep, "w", encoding="utf-8").write(text + "tu-dien: rieng.txt\n")
r = render(rep, pdf)
check(not any("«tụcc»" in x[4] for x in findings(r.stderr)), "tu-dien: rieng.txt is read")
open(rep, "w", encoding="utf-8").write(text + "tu-dien: khong-co.txt\n")
r = render(rep, pdf)
nlines = text.count("\n") + 1
check(r.returncode == 2 and f"report.yaml:{nlines}:1: lỗi: không đọc được danh sách từ" in r.stderr,
      f"missing word list: exit {r.returncode} {r.stderr[-400:]}")

# 6. The switch turns the check off; a misspelt key gets the nearest one.
open(rep, "w", encoding="utf-8").write(text + "kiem-tra-chinh-ta: khong\n")
r = render(rep, pdf, "--chat-che")
check(r.returncode == 0 and not findings(r.stderr),
      f"kiem-tra-chinh-ta: khong: exit {r.returncode}, {findings(r.stderr)}")
open(rep, "w", encoding="utf-8").write(text + "kiem-tra-chinh-taa: khong\n")
r = render(rep, pdf)
check(r.returncode == 2 and "kiem-tra-chinh-ta" in r.stderr, f"misspelt key: {r.stderr[-300:]}")

# 7. trích yếu, Kính gửi / Nơi nhận and mixed tone placement in one document.
open(rep, "w", encoding="utf-8").write(
    text.replace("trich-yeu: Tình hình, kết quả", "trich-yeu: Tình hìnhh, kết quả")
        .replace("  - TT. Tỉnh ủy (b/c);", "  - TT. Tỉnh ủy (b/c);\n  - Văn phòng Tỉnh uỷ;"))
r = render(rep, pdf)
f = findings(r.stderr)
tl = [i + 1 for i, l in enumerate(text.split("\n")) if l.startswith("trich-yeu")][0]
tc = col_of("trich-yeu: Tình hìnhh", "hìnhh")
check(("report.yaml", tl, tc, "CT01") in [x[:4] for x in f], f"trích yếu typo at {tl}:{tc}: {f}")
mixed = [x for x in f if x[3] == "CT02"]
check(len(mixed) == 1 and "«uỷ» → «ủy» (" in mixed[0][4] and mixed[0][0] == "report.yaml",
      f"Nơi nhận 'uỷ' against the document's 'ủy': one CT02: {mixed}")

# 8. A text cell of an appendix table.
src = copy_sample("thanh-tra-2020", "tt")
csv = os.path.join(src, "phu-luc-1.csv")
data = open(csv, encoding="utf-8").read()
m = re.search(r"(?m)^(.*?)\bthủ tục\b", data)
check(m is not None, "phu-luc-1.csv has 'thủ tục'")
if m:
    data = data.replace("thủ tục", "thủ tụk", 1)
    open(csv, "w", encoding="utf-8").write(data)
    before = data[:data.index("thủ tụk")]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + len("thủ ") + 1
    r = render(os.path.join(src, "report.yaml"), os.path.join(D, "tt.pdf"))
    f = findings(r.stderr)
    check(("phu-luc-1.csv", line, col, "CT01") in [x[:4] for x in f],
          f"table cell typo at phu-luc-1.csv:{line}:{col}: {[x for x in f if x[3] == 'CT01']}")

finish()
