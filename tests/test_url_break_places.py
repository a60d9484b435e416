#!/usr/bin/python3
"""Where a URL in a paragraph breaks (src/layout/urlbreak.c), read back
line by line with pdftotext:

- seed 001's "tại địa chỉ <https://baocao.khanhhoa.gov.vn>, cập nhật ..."
  (samples/bao-cao-nam-2023, page 26) broke as "https://baocao." |
  "khanhhoa.gov.vn": a line ending in "baocao." reads as a sentence's end.
  It now breaks before the dot, "https://baocao" | ".khanhhoa.gov.vn" (the
  lines stay within the spacing tolerance; after "https://" one line would
  stretch its spaces to 1.6x), as a link (rich path) and as plain text;
- a long path breaks after its '/' only, a query string after '?', '&', '='
  or '/', or before (never after) a dot; never inside "https://", never
  after a dot or after '-' while another break serves.
"""
import os
import re
import shutil

from bctest import (LONG_URL as PATH, OUT, PORTAL, check, copy_sample, finish, nfc, pdftotext,
                    portal_paragraph, qpdf_ok, render)

D = os.path.join(OUT, "url-break-places")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
rep = copy_sample("bao-cao-quy-1-2018", os.path.join(D, "mau"))
SEED = portal_paragraph()
QUERY = ("https://dichvucong.khanhhoa.gov.vn/tra-cuu.html?ma_thu_tuc=1.001234.000.00.00.H34"
         "&linh_vuc=noi_vu&cap=tinh&nam=2018&ky=quy_1&don_vi=so_noi_vu&trang=1")
PARAS = [
    # (name, Markdown paragraph, its plain text, the URL)
    ("seed-link", SEED, SEED.replace("<", "").replace(">", ""), PORTAL),
    ("seed-plain", SEED.replace("<", "").replace(">", ""), SEED.replace("<", "").replace(">", ""),
     PORTAL),
    ("path", f"Danh mục thủ tục đã công bố xem tại {PATH} để tra cứu.", None, PATH),
    ("query", f"Tra cứu *trực tuyến* tại {QUERY} theo mã thủ tục.", None, QUERY),
]
with open(os.path.join(rep, "noi-dung.md"), "a", encoding="utf-8") as f:
    for _, text, _, _ in PARAS:
        f.write("\n" + text + "\n")
pdf = os.path.join(D, "url.pdf")
r = render(os.path.join(rep, "report.yaml"), pdf)
check(r.returncode == 0, f"render: exit {r.returncode}: {r.stderr[-400:]}")


def url_breaks(lines, url):
    """The places where url is broken over lines: (text before, after)."""
    out = []
    for a, b in zip(lines, lines[1:]):
        tail = a.split(" ")[-1] if a else ""
        head = b.split(" ")[0] if b else ""
        if not tail or not head:
            continue
        for k in range(len(url)):
            if url[k:].startswith(head.rstrip(",.")[:len(url) - k]) and \
                    url[:k].endswith(tail) and k > 0:
                out.append((url[:k], url[k:]))
                break
    return out


if r.returncode == 0:
    check(qpdf_ok(pdf), "qpdf --check")
    n = int(re.search(r"Pages:\s+(\d+)", os.popen(f"pdfinfo {pdf}").read()).group(1))
    lines = [nfc(l_).strip() for l_ in pdftotext(pdf, "-f", str(n - 1), "-l", str(n)).split("\n")]
    for name, text, plain, url in PARAS:
        plain = plain or text.replace("*", "")
        first = " ".join(plain.split(" ")[:4])
        last = plain.split(" ")[-1]
        start = next((i for i, l_ in enumerate(lines) if l_.startswith(first)), None)
        check(start is not None, f"{name}: paragraph found on the last two pages")
        if start is None:
            continue
        end = next((i for i in range(start, len(lines)) if lines[i].endswith(last)), start)
        par = lines[start:end + 1]
        # the paragraph's lines give its text back (breaks inside the URL
        # join without a space)
        got = ""
        for ln in par:
            got += ln if not got or (got.split(" ")[-1] + ln.split(" ")[0]) in plain else " " + ln
        check(got == plain, f"{name}: the paragraph's lines give its text back: {par}")
        brk = url_breaks(par, url)
        check(brk, f"{name}: the URL is broken over lines: {par}")
        for before, after in brk:
            where = f"{name}: break {before[-12:]!r} | {after[:12]!r}"
            check(len(before) >= len("https://"), f"{where}: inside 'https://'")
            check(not before.endswith("."), f"{where}: after a dot (reads as a sentence's end)")
            check(not before.endswith("-"), f"{where}: after '-' (reads as a hyphen)")
            host = url.split("//")[1].split("/")[0]
            inside = url.index(host) < len(before) < url.index(host) + len(host)
            check(not inside or after.startswith("."),
                  f"{where}: inside the host name but not before a dot")
        if name.startswith("seed"):
            check(brk == [("https://baocao", ".khanhhoa.gov.vn")],
                  f"{name}: seed 001's portal breaks before the host's dot, got {brk}")
        if name == "path":
            check(all(b.endswith("/") for b, _ in brk), f"{name}: breaks after '/' only: {brk}")
        if name == "query":
            check(all(b[-1] in "/?&=" or a[0] == "." for b, a in brk),
                  f"{name}: breaks after '/', '?', '&', '=' or before '.': {brk}")
            check(any("?" in b for b, _ in brk), f"{name}: the query itself is broken: {brk}")

finish()
