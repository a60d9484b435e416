#!/usr/bin/python3
"""Long URLs in rich (Markdown) paragraphs break inside (libs-notes: Pango
allows breaks after '/' and '-'; a URL is not a document code to keep
whole), like plain paragraphs' URLs do (where and at what cost: urlbreak.c,
test_url_break_places.py):

- a query string with no break Pango knows (html?ma_thu_tuc=1.001234...)
  was "một từ quá dài" and no PDF; a URL written without https:// or www.
  (dichvucong.khanhhoa.gov.vn/portal/...) was kept whole like a code;
- nothing is drawn beyond the right margin, no line of words before a
  paragraph's last stops more than a tenth of the width short (a very loose
  line left before a URL), a URL is not broken after '-' when another
  break serves (pdftotext joins "thu-tuc-" + "hanh" into "thu-tuchanh"),
  and pdftotext of the paragraph, its lines joined, has each URL intact.
"""
import os
import re
import shutil

import fitz

from bctest import OUT, ROOT, check, finish, nfc, pdftotext, qpdf_ok, render

D = os.path.join(OUT, "url-breaks")
shutil.rmtree(D, ignore_errors=True)
rep = os.path.join(D, "mau")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), rep)

Q = ("https://dichvucong.khanhhoa.gov.vn/portal/p/home/tra-cuu.html?ma_thu_tuc=1.001234.000.00.00.H34"
     "&linh_vuc=noi_vu&cap=tinh&nam=2018")
BARE = "dichvucong.khanhhoa.gov.vn/portal/p/home/thu-tuc-hanh-chinh/chi-tiet-thu-tuc-hanh-chinh-cap-tinh.html"
LONG = "https://dichvucong.khanhhoa.gov.vn/portal/p/home/thu-tuc-hanh-chinh/chi-tiet-thu-tuc.html"
PARAS = [
    ("query", f"Tra cứu *trực tuyến* tại {Q} theo mã thủ tục.", Q),
    ("bare", f"Văn bản **đã đăng** tại {BARE} để tra cứu.", BARE),
    ("bare-plain", f"Tài liệu đã đăng tại {BARE} để tra cứu.", BARE),
    ("after-link", f"Xem *chi tiết* tại [cổng dịch vụ công](https://dichvucong.khanhhoa.gov.vn) "
                   f"và {LONG} nữa.", LONG),
]
with open(os.path.join(rep, "noi-dung.md"), "a", encoding="utf-8") as f:
    for _, text, _ in PARAS:
        f.write("\n" + text + "\n")
pdf = os.path.join(D, "url.pdf")
r = render(os.path.join(rep, "report.yaml"), pdf)
check(r.returncode == 0, f"render: exit {r.returncode}: {r.stderr[-400:]}")
if r.returncode == 0:
    check(qpdf_ok(pdf), "qpdf --check")
    doc = fitz.open(pdf)
    page = doc[-1]
    W = page.rect.width
    right = W - 20 * 72 / 25.4  # ND30: right margin 15-20 mm; the layout's is 20 mm
    left = 35 * 72 / 25.4       # and the left margin 30-35 mm: 35 mm
    lines = []
    for b in page.get_text("rawdict")["blocks"]:
        for ln in b.get("lines", []):
            chars = [c for s in ln["spans"] for c in s["chars"]]
            text = "".join(c["c"] for c in chars)
            ink = [c for c in chars if not c["c"].isspace()]
            lines.append((text, max(c["bbox"][2] for c in ink) if ink else 0, ln["bbox"][0]))
    joined = nfc(re.sub(r"\s+", " ", pdftotext(pdf)))
    for name, text, url in PARAS:
        plain = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", text).replace("*", "")
        first = " ".join(plain.split(" ")[:3])
        start = next((i for i, l_ in enumerate(lines) if nfc(l_[0]).startswith(first)), None)
        check(start is not None, f"{name}: paragraph found on the last page")
        if start is None:
            continue
        last = text.split(" ")[-1]
        end = next((i for i in range(start, len(lines)) if nfc(lines[i][0]).rstrip().endswith(last)),
                   start)
        par = lines[start:end + 1]
        check(len(par) >= 2, f"{name}: the URL is broken over lines: {[l_[0] for l_ in par]}")
        for t, x1, _ in par:
            check(x1 <= right + 0.5, f"{name}: {t!r} ends at {x1:.1f} pt, beyond the right "
                                     f"margin {right:.1f} pt")
        for t, x1, _ in par[:-1]:
            # a line of words is justified (its spaces stretch up to 1.96x
            # and the line may then stop a little short, rather than break
            # the URL after a '-'); not a very loose line (the after-link
            # case stopped 190 pt short); a line of URL pieces alone has
            # nothing to stretch and may stay short
            if " " in t.strip():
                check(x1 >= right - 0.1 * (right - left), f"{name}: a very loose line {t!r} ends at "
                      f"{x1:.1f} pt, {right - x1:.1f} pt short of the margin")
        # pdftotext: the paragraph's lines joined (a line ends at the break,
        # the next starts where the URL goes on) give the URL back
        text_lines = [nfc(t).strip() for t, _, _ in par]
        glued = "".join(x if i == 0 or not x or text_lines[i - 1][-1:] in "/.-?&=" or x[0] == "."
                        else " " + x for i, x in enumerate(text_lines))
        check(url in glued, f"{name}: the URL intact in the joined lines: {glued!r}")
        # pdftotext puts a space at each line end: the URL with spaces
        # only where its lines end
        spaced = joined
        for m in "/.-?&=":
            spaced = spaced.replace(m + " ", m)
        spaced = spaced.replace(" .", ".")  # a break before a path's dot (urlbreak.c)
        check(url in spaced, f"{name}: pdftotext has the URL")
    for t, _, _ in lines:
        check(not t.rstrip().endswith("/QĐ-") and "QĐ- " not in t, f"a code broken: {t!r}")

finish()
