"""The pages a draft adds after the document (issue 11): the change summary
is laid out by the pager in the layout's du-thao-* styles, not by a
paginator of its own with 14 pt written in the code.

A report with 40 sections, each changed since the previous draft, has a
summary over several pages: with a layout file that sets the summary's
styles (du-thao-noi-dung 11 pt, du-thao-muc 13 pt), every count line is
11 pt and every section title 13 pt bold; the summary's pages continue the
document's page labels and print their number in the top margin like every
page (so-trang); a section title never ends a page (it stays with its
counts); every section is listed once, in order."""
import os
import shutil

import fitz

from bctest import OUT, ROOT, check, finish, page_count, qpdf_ok, render, report_yaml, run

D = os.path.join(OUT, "draft-pages")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
N = 40
MM = 72 / 25.4

# A data folder (layouts/ + fonts/) with a layout that names only the
# summary's styles; the rest comes from the built-in nd30-chuan.
data = os.path.join(D, "du-lieu")
os.makedirs(os.path.join(data, "layouts"))
os.symlink(os.path.join(ROOT, "fonts"), os.path.join(data, "fonts"))
shutil.copy(os.path.join(ROOT, "layouts", "tu-dien.txt"), os.path.join(data, "layouts"))
with open(os.path.join(data, "layouts", "thu-du-thao.yaml"), "w", encoding="utf-8") as f:
    f.write("name: thu-du-thao\nstyles:\n"
            "  du-thao-noi-dung: {size: 11, before: 3}\n"
            "  du-thao-muc: {size: 13, bold: true, before: 12}\n")

REPORT = report_yaml(bo_cuc="thu-du-thao", ten_loai=None,
                     trich_yeu="Tình hình cải cách hành chính quý I năm 2018",
                     noi_nhan='[Như trên;, "Lưu: VT."]',
                     ky="{tham-quyen: [TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH], ho-ten: Nguyễn Văn An}",
                     kiem_tra_chinh_ta="khong")


def folder(name, word):
    d = os.path.join(D, name)
    os.makedirs(d)
    with open(os.path.join(d, "report.yaml"), "w", encoding="utf-8") as f:
        f.write(REPORT)
    with open(os.path.join(d, "noi-dung.md"), "w", encoding="utf-8") as f:
        for k in range(1, N + 1):
            f.write(f"# Nội dung thứ {k}\n\nTrong kỳ đã {word} việc số {k} theo kế hoạch.\n\n")
    return d


prev = folder("lan-1", "làm")
cur = folder("lan-2", "hoàn thành")
pdf = os.path.join(D, "du-thao.pdf")
r = render(os.path.join(cur, "report.yaml"), pdf, "--du-thao", "--lan", "2", "--so-voi", prev,
           "--thoi-diem", "20/03/2018 09:30", "--bo-ghi", "cairo", "--du-lieu", data)
if not check(r.returncode == 0, f"draft: exit {r.returncode}: {r.stderr[-500:]}"):
    finish()
ok, out = qpdf_ok(pdf)
check(ok, f"qpdf --check: {out}")
final = os.path.join(D, "final.pdf")
r = render(os.path.join(cur, "report.yaml"), final, "--du-lieu", data)
check(r.returncode == 0, f"final: exit {r.returncode}: {r.stderr[-500:]}")

doc = fitz.open(pdf)
nfinal = page_count(final)
summary = list(range(nfinal, doc.page_count))
check(len(summary) >= 2, f"the summary of {N} sections takes several pages: {len(summary)}")


def lines(page):
    """(baseline, size, bold, text) of every text line, top to bottom."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for ln in b.get("lines", []):
            sp = [s for s in ln["spans"] if s["text"].strip()]
            if sp:
                out.append((round(sp[0]["origin"][1], 1), sp[0]["size"],
                            "Bold" in sp[0]["font"], "".join(s["text"] for s in sp).strip()))
    return sorted(out)


titles, counts, stamp = [], [], "Dự thảo lần 2"
for i in summary:
    page = doc[i]
    ls = [x for x in lines(page) if not x[3].startswith(stamp) and x[1] > 9]
    label = page.get_label()
    check(label.split()[-1:] == [str(i + 1)],
          f"page {i + 1}: label {label!r} continues the document's")
    top = [x for x in ls if x[0] < 25 * MM]
    check(len(top) == 1 and top[0][3] == str(i + 1) and abs(top[0][1] - 14) < 0.2,
          f"page {i + 1}: its number in the top margin (so-trang, 14 pt): {top}")
    body = [x for x in ls if x[0] >= 25 * MM]
    for y, size, bold, text in body:
        if "Nội dung thứ" in text:
            titles.append(text)
            check(abs(size - 13) < 0.2 and bold, f"section title {text!r}: {size} pt, bold {bold}")
        elif text.startswith(("Thêm", "Sửa", "Bỏ", "Không")):
            counts.append(text)
            check(abs(size - 11) < 0.2 and not bold, f"count line {text!r}: {size} pt")
    check(body and "Nội dung thứ" not in body[-1][3],
          f"page {i + 1} does not end with a section title: {body[-1] if body else None}")
check(len(titles) == N, f"{N} section titles listed: {len(titles)}")
check(len(counts) == N, f"{N} count lines at 11 pt: {len(counts)}")
nums = [int(t.split()[-1]) for t in titles if t.split()[-1].isdigit()]
check(nums == list(range(1, N + 1)), f"sections in order: {nums[:10]}...")
finish()
