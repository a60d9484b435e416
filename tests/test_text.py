"""Vietnamese text rules on the rendered PDF: NFD input renders exactly like
NFC, codes and dates never break across lines, heading numbers are generated
in the Vietnamese order, footnotes sit on the page of their marker."""
import os
import re
import shutil
import subprocess
import unicodedata

from bctest import OUT, ROOT, check, finish, nfc, pdftotext, render

D = os.path.join(OUT, "text")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
# the sample's narrative quotes its indicator files (so-lieu)
for data in ("chi-so.yaml", "tthc.csv"):
    shutil.copy(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018", data), D)
SPEC = open(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018", "report.yaml"),
            encoding="utf-8").read()


def make(name, body, spec=SPEC):
    with open(os.path.join(D, name + ".md"), "w", encoding="utf-8") as f:
        f.write(body)
    path = os.path.join(D, name + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(spec.replace("noi-dung: noi-dung.md", f"noi-dung: {name}.md"))
    pdf = os.path.join(D, name + ".pdf")
    r = render(path, pdf)
    check(r.returncode == 0, f"{name}: render failed: {r.stderr}")
    return pdf


# 1. Unbreakable tokens: push each token across every position of a line end.
tokens = ["4034/QĐ-UBND", "29/12/2017", "12-CTr/TU", "30/2020/NĐ-CP", "2016-2020", "1.023.615",
          "76,88%"]
paras = []
for t in tokens:
    for k in range(0, 24):
        paras.append(" ".join(["Ủy ban nhân dân"] * 6 + ["tỉnh"] * k + [t, "đã", "ban", "hành."]))
pdf = make("tokens", "\n\n".join(paras) + "\n")
text = pdftotext(pdf)
for t in tokens:
    want = sum(p.count(t) for p in paras)
    got = text.count(t)
    check(got == want, f"token {t}: {got} intact occurrences, want {want} (broken across lines?)")

# 2. NFD input gives the same glyph positions and the same extracted text.
body = open(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018", "noi-dung.md"),
            encoding="utf-8").read()[:6000]
body = body[: body.rfind("\n\n")] + "\n"
pdf_nfc = make("nfc", body)
pdf_nfd = make("nfd", unicodedata.normalize("NFD", body))
check(unicodedata.normalize("NFD", body) != body, "NFD fixture differs from NFC")


def bbox(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    return re.sub(r"<title>.*?</title>", "", out)


check(bbox(pdf_nfc) == bbox(pdf_nfd), "NFD and NFC renderings differ in words or positions")
t_nfd = pdftotext(pdf_nfd)
check(t_nfd == nfc(t_nfd), "text extracted from the NFD rendering is not NFC")

# 3. Heading numbers generated from the level, in ND30's Vietnamese order.
md = ["# Công tác chỉ đạo", "Nội dung.", "## Kế hoạch", "Nội dung."]
for i in range(8):
    md += [f"### Mục con số {i + 1}", "Nội dung."]
md += ["# II. Đánh số của tác giả", "Nội dung.", "# Kết quả", "## Thể chế", "Nội dung."]
pdf = make("headings", "\n\n".join(md) + "\n")
lines = [l.strip() for l in pdftotext(pdf).splitlines()]
for want in ["I. CÔNG TÁC CHỈ ĐẠO", "1. Kế hoạch", "a) Mục con số 1", "d) Mục con số 4",
             "đ) Mục con số 5", "e) Mục con số 6", "g) Mục con số 7", "h) Mục con số 8",
             "II. ĐÁNH SỐ CỦA TÁC GIẢ", "III. KẾT QUẢ", "1. Thể chế"]:
    check(want in lines, f"heading '{want}' not found")

# 4. Footnotes: numbered in order of reference, text at the foot of the marker's page.
paras = []
for i in range(1, 41):
    paras.append(f"Đoạn văn thứ {i} nói về cải cách hành chính của tỉnh Khánh Hòa trong năm "
                 f"báo cáo[^n{i}], với nhiều nội dung cụ thể cần được trình bày rõ ràng.")
notes = [f"[^n{i}]: Chú thích số {i}: Quyết định số {100 + i}/QĐ-UBND." for i in range(1, 41)]
pdf = make("notes", "\n\n".join(paras + notes) + "\n")
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                        text=True).stdout).group(1))
found = {}
for p in range(1, pages + 1):
    t = pdftotext(pdf, "-f", str(p), "-l", str(p))
    for m in re.finditer(r"Chú thích số (\d+):", t):
        found[int(m.group(1))] = p
    for m in re.finditer(r"báo cáo(\d+),", t):
        n = int(m.group(1))
        check(f"Chú thích số {n}:" in t, f"footnote {n}: marker on page {p}, text elsewhere")
check(sorted(found) == list(range(1, 41)), f"footnotes present: {sorted(found)}")

# 5. A footnote cited only from another footnote is still printed (fuzz
#    regression: it used to vanish), with a warning.
pdf = os.path.join(D, "orphan.pdf")
with open(os.path.join(D, "orphan.md"), "w", encoding="utf-8") as f:
    f.write("Đoạn văn có chú thích[^a].\n\n[^a]: Chú thích A dẫn tới[^b].\n\n"
            "[^b]: Chú thích lồng bên trong.\n")
with open(os.path.join(D, "orphan.yaml"), "w", encoding="utf-8") as f:
    f.write(SPEC.replace("noi-dung: noi-dung.md", "noi-dung: orphan.md"))
r = render(os.path.join(D, "orphan.yaml"), pdf)
check(r.returncode == 0, f"orphan: render: {r.stderr}")
t = pdftotext(pdf)
check("Chú thích lồng bên trong." in t, "footnote cited only by a footnote is printed")
check("không được dẫn chiếu từ thân văn bản" in r.stderr, f"orphan note warning: {r.stderr}")

finish()
