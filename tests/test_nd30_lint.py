"""ND30 form check of what the author wrote (src/lint/nd30lint.h), end to end:
each rule ND01-ND08 with its exact message and file:line:column, the samples
keeping the seeds' own form and showing the warnings (seed 001's Lưu line and
Arabic appendix numbers, seed 002's duplicate section numbers and Arabic
appendix numbers, seed 003's missing position line), the {{ phu_luc.N }}
placeholder printing the appendix's label, --chat-che turning the findings
into an error without a PDF, and the PDF metadata of a công văn."""
import os
import shutil
import subprocess

import bctest
from bctest import OUT, check, finish, lint_findings, nfc, pdftotext, render, sample

D = os.path.join(OUT, "nd30lint")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def findings(stderr):
    return lint_findings(stderr, "ND0")


def copy_sample(name, dest):
    return bctest.copy_sample(name, os.path.join(D, dest))


def edit(path, old, new):
    text = open(path, encoding="utf-8").read()
    assert old in text, (path, old)
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))


def lint(report, *extra):
    pdf = os.path.join(D, os.path.basename(os.path.dirname(report)) + ".pdf")
    r = render(report, pdf, *extra)
    return r, findings(r.stderr), pdf


ND01 = ("có {n} phụ lục mà đánh số bằng chữ số Ả Rập (phu-luc-danh-so: a-rap); ND30 đánh số "
        "phụ lục bằng chữ số La Mã khi có từ hai phụ lục trở lên (Phụ lục I, II, ...): hãy bỏ "
        "dòng này và trích dẫn phụ lục bằng {{{{ phu_luc.1 }}}}, {{{{ phu_luc.2 }}}}, ...")

# 1. The samples keep the seeds' form; the check shows what ND30 asks.
r, f, _ = lint(sample("bao-cao-nam-2023"))
check(f == [("report.yaml", 25, 6, "ND06",
             "dòng cuối của Nơi nhận «- Lưu: VT, DL ...b. 14» phải là «- Lưu: VT, <đơn vị soạn "
             "thảo>.» và kết thúc bằng dấu «.»"),
            ("report.yaml", 30, 1, "ND01", ND01.format(n=2))],
      f"seed 001 (Lưu line, Arabic appendix numbers): {f}")
r, f, _ = lint(sample("thanh-tra-2020"))
check(f == [("noi-dung.md", 111, 4, "ND08",
             "số mục «5.» trùng với mục ở dòng 93: hãy đánh lại số (hoặc bỏ số để chương trình "
             "tự đánh)"),
            ("noi-dung.md", 131, 3, "ND08",
             "số mục «II.» trùng với mục ở dòng 41: hãy đánh lại số (hoặc bỏ số để chương trình "
             "tự đánh)"),
            ("report.yaml", 24, 1, "ND01", ND01.format(n=4))],
      f"seed 002 (duplicate 5. and II., Arabic appendix numbers): {f}")
r, f, _ = lint(sample("cong-van-1889-2021"))
check(f == [("report.yaml", 27, 3, "ND03",
             "không có dòng quyền hạn, chức vụ của người ký trên họ tên «Nguyễn Tấn Tuấn»: hãy "
             "ghi 'tham-quyen: [CHỨC VỤ]' dưới 'ky:' (ví dụ [CHỦ TỊCH] hoặc [TM. ỦY BAN NHÂN "
             "DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH])")],
      f"seed 003 (no position line): {f}")
r, f, _ = lint(sample("bao-cao-quy-1-2018"))
check(r.returncode == 0 and f == [], f"seed 000 follows ND30: exit {r.returncode}, {f}")

# 2. Citations: Roman numbering (the default), one placeholder and three
#    labels that do not exist; {{ phu_luc.2 }} prints "Phụ lục II".
src = copy_sample("thanh-tra-2020", "cite")
rep = os.path.join(src, "report.yaml")
md = os.path.join(src, "noi-dung.md")
edit(rep, "phu-luc-danh-so: a-rap    # the narrative cites \"Phụ lục 1, 2\"\n", "")
edit(md, "## 1. Về kế hoạch cải cách hành chính:",
     "## 1. Về kế hoạch cải cách hành chính: (chi tiết tại {{ phu_luc.2 }} kèm theo; "
     "xem Phụ lục 7 và Phụ lục III, theo Phụ lục I Nghị định 30)")
r, f, pdf = lint(rep)
MISSING = ("trích dẫn «Phụ lục {k}» nhưng báo cáo không có phụ lục này (các phụ lục: Phụ lục I, "
           "Phụ lục II, Phụ lục III, Phụ lục IV); hãy trích dẫn bằng {{{{ phu_luc.N }}}} (N là "
           "thứ tự trong phu-luc) để nhãn in ra và nhãn trích dẫn là một")
line5 = open(md, encoding="utf-8").read().split("\n")[4]
col7 = line5.index("Phụ lục 7") + 1
nd02 = [x for x in f if x[3] == "ND02"]
check(nd02 == [("noi-dung.md", 5, col7, "ND02", MISSING.format(k=7))] +
      [("report.yaml", 15, 25, "ND02",
        MISSING.format(k=k) + f"; có phải ý bạn là «{{{{ phu_luc.{k} }}}}»?") for k in (1, 2, 3, 4)],
      f"citations: {nd02}")
check(r.returncode == 3 and os.path.exists(pdf), f"citations: exit {r.returncode} (3: seed data)")
text = nfc(pdftotext(pdf))
check("(chi tiết tại Phụ lục II kèm theo;" in text.replace("\n", " "),
      "{{ phu_luc.2 }} prints the appendix's label 'Phụ lục II'")

# 3. Signature lines (ND04) and Nơi nhận (ND05) on a copy of seed 000.
CASES = [
    ("[KT CHỦ TỊCH, PHÓ CHỦ TỊCH]", "KT CHỦ TỊCH",
     "dòng quyền hạn «KT CHỦ TỊCH»: viết «KT.» có dấu chấm và một dấu cách rồi đến chức vụ "
     "(ví dụ «KT. CHỦ TỊCH»)"),
    ("[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]", "KT. CHỦ TỊCH",
     "sau dòng «KT. CHỦ TỊCH» phải có dòng chức vụ của người ký (ví dụ «PHÓ CHỦ TỊCH»)"),
    ("[KT. CHỦ TỊCH, GIÁM ĐỐC]", "GIÁM ĐỐC",
     "người ký thay (KT.) là cấp phó: dòng dưới «KT. CHỦ TỊCH» phải là chức vụ cấp phó, bắt "
     "đầu bằng «PHÓ» (ví dụ «PHÓ CHỦ TỊCH»)"),
    ("[KT. CHỦ TỊCH, TM. ỦY BAN NHÂN DÂN, PHÓ CHỦ TỊCH]", "TM. ỦY BAN NHÂN DÂN",
     "«TM. ỦY BAN NHÂN DÂN» (thay mặt tập thể) phải là dòng quyền hạn đầu tiên"),
    ("[KT. PHÓ CHỦ TỊCH, PHÓ CHỦ TỊCH]", "KT. PHÓ CHỦ TỊCH",
     "«KT. PHÓ CHỦ TỊCH»: sau «KT.» là chức vụ của người đứng đầu (ví dụ «KT. CHỦ TỊCH»), chức "
     "vụ cấp phó ghi ở dòng dưới"),
    ("[KT. CHỦ TỊCH, TL. CHỦ TỊCH, CHÁNH VĂN PHÒNG]", "TL. CHỦ TỊCH",
     "«TL. CHỦ TỊCH» đứng ngay dưới «KT. CHỦ TỊCH»: chỉ dùng một trong KT., TL., TUQ., Q. (có "
     "thể sau TM.)"),
    ("[Chủ tịch]", "Chủ tịch", "dòng quyền hạn, chức vụ «Chủ tịch» phải viết in hoa"),
    # TUQ. (thừa ủy quyền) and TL. (thừa lệnh) need the signer's own position under them.
    ("[TUQ. CHỦ TỊCH]", "TUQ. CHỦ TỊCH",
     "sau dòng «TUQ. CHỦ TỊCH» phải có dòng chức vụ của người ký (ví dụ «CHÁNH VĂN PHÒNG»)"),
    ("[TUQ CHỦ TỊCH, GIÁM ĐỐC SỞ NỘI VỤ]", "TUQ CHỦ TỊCH",
     "dòng quyền hạn «TUQ CHỦ TỊCH»: viết «TUQ.» có dấu chấm và một dấu cách rồi đến chức vụ "
     "(ví dụ «TUQ. CHỦ TỊCH»)"),
    ("[TL. CHỦ TỊCH]", "TL. CHỦ TỊCH",
     "sau dòng «TL. CHỦ TỊCH» phải có dòng chức vụ của người ký (ví dụ «CHÁNH VĂN PHÒNG»)"),
    ("[TM. ỦY BAN NHÂN DÂN]", "TM. ỦY BAN NHÂN DÂN",
     "sau dòng «TM. ỦY BAN NHÂN DÂN» phải có dòng chức vụ của người ký (ví dụ «CHỦ TỊCH»)"),
]
for i, (auth, where, msg) in enumerate(CASES):
    src = copy_sample("bao-cao-quy-1-2018", f"sig{i}")
    rep = os.path.join(src, "report.yaml")
    edit(rep, "tham-quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH]",
         "tham-quyen: " + auth)
    lines = open(rep, encoding="utf-8").read().split("\n")
    ln = next(k for k, l in enumerate(lines) if l.strip().startswith("tham-quyen:")) + 1
    col = lines[ln - 1].index(where, lines[ln - 1].index("[")) + 1
    r, f, _ = lint(rep)
    check(("report.yaml", ln, col, "ND04", msg) in f and r.returncode == 0,
          f"signature {auth}: exit {r.returncode}, {f}")

src = copy_sample("bao-cao-quy-1-2018", "cc")
rep = os.path.join(src, "report.yaml")
edit(rep, "  - Đài PT-TH, Báo KH;", "  - Đài PT-TH, Báo KH")
edit(rep, '  - "Lưu: VT, DL."', '  - "Lưu: DL"')
lines = open(rep, encoding="utf-8").read().split("\n")
lk = next(k for k, l in enumerate(lines) if "Đài PT-TH" in l) + 1
r, f, pdf = lint(rep)
check(f == [("report.yaml", lk, 5, "ND05", "dòng Nơi nhận «- Đài PT-TH, Báo KH» phải kết thúc "
             "bằng dấu «;»"),
            ("report.yaml", lk + 1, 6, "ND06", "dòng cuối của Nơi nhận «- Lưu: DL» phải là «- Lưu: "
             "VT, <đơn vị soạn thảo>.» và kết thúc bằng dấu «.»")],
      f"Nơi nhận: {f}")

# 4. --chat-che: the findings are an error, no PDF.
os.remove(pdf)
r, f, pdf = lint(rep, "--chat-che")
check(r.returncode == 3 and not os.path.exists(pdf) and
      "có 2 cảnh báo về thể thức Nghị định 30 (xem ở trên); không in vì đã chọn --chat-che: hãy "
      "sửa theo từng cảnh báo" in r.stderr,
      f"--chat-che: exit {r.returncode}, pdf {os.path.exists(pdf)}, {r.stderr[-400:]}")

# 5. A công văn whose trích yếu repeats "V/v" (ND07); its PDF metadata.
src = copy_sample("cong-van-1889-2021", "vv")
rep = os.path.join(src, "report.yaml")
edit(rep, "trich-yeu: khắc phục", "trich-yeu: V/v khắc phục")
lines = open(rep, encoding="utf-8").read().split("\n")
ln = next(k for k, l in enumerate(lines) if l.startswith("trich-yeu:")) + 1
r, f, _ = lint(rep)
check(("report.yaml", ln, 1, "ND07", "trích yếu công văn đã được in sau «V/v»: hãy bỏ «V/v» ở "
       "đầu trường trich-yeu") in f, f"V/v twice: {f}")

# A công văn whose trích yếu is blank (nothing to print after "V/v") is
# refused like one with no trich-yeu at all: exit 2, the same message (at
# the blank field's line), no PDF.
src = copy_sample("cong-van-1889-2021", "no-vv")
rep = os.path.join(src, "report.yaml")
lines = open(rep, encoding="utf-8").read().split("\n")
lt = next(k for k, l in enumerate(lines) if l.startswith("trich-yeu:"))
for blank in ('" "', '"  \\t "', '""'):
    edit(rep, lines[lt] + "\n", f'trich-yeu: {blank}\n')
    r, f, pdf = lint(rep)
    check(r.returncode == 2 and f"report.yaml:{lt + 1}:12: lỗi: thiếu trường bắt buộc 'trich-yeu'"
          in r.stderr and not os.path.exists(pdf),
          f"công văn with trich-yeu: {blank}: exit {r.returncode}, {r.stderr[-300:]}")
    edit(rep, f'trich-yeu: {blank}\n', lines[lt] + "\n")
edit(rep, lines[lt] + "\n", "")
r, f, pdf = lint(rep)
check(r.returncode == 2 and "lỗi: thiếu trường bắt buộc 'trich-yeu'" in r.stderr and
      not os.path.exists(pdf), f"công văn without trich-yeu: exit {r.returncode}, {r.stderr[-300:]}")

PY = "/usr/bin/python3"
meta = subprocess.run([PY, "-c", "import pypdf,sys; m=pypdf.PdfReader(sys.argv[1]).metadata; "
                       "print(m.title); print(m.subject)", os.path.join(D, "cong-van-1889-2021.pdf")],
                      capture_output=True, text=True).stdout.split("\n")
check(meta[:2] == ["Khắc phục tồn tại, hạn chế, nâng cao Chỉ số CCHC tỉnh trong năm 2021 và "
                   "những năm tiếp theo", "Công văn"],
      f"công văn metadata (Title with its capital, Subject not BÁO CÁO): {meta}")
meta = subprocess.run([PY, "-c", "import pypdf,sys; m=pypdf.PdfReader(sys.argv[1]).metadata; "
                       "print(m.subject)", os.path.join(D, "bao-cao-quy-1-2018.pdf")],
                      capture_output=True, text=True).stdout.split("\n")
check(meta[0] == "BÁO CÁO", f"báo cáo metadata Subject: {meta}")

finish()
