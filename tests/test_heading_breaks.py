#!/usr/bin/python3
"""Where balanced lines (headings, the title block's subject, an appendix's
"(Kèm theo ...)" line) break: Vietnamese words are space-separated
syllables, so a break between two words may split a compound. Balance alone
(the squared slack of each line, linebreak.c) set

    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU" | "HÀNH CẢI CÁCH HÀNH CHÍNH:"   (thanh-tra-2020)
    "Tổng kết công tác cải cách hành" | "chính năm 2023 ..."     (bao-cao-nam-2023)
    "... hồ sơ thủ tục hành" | "chính quý I năm 2024 ..."        (tong-hop-quy-1-2024)

- "điều hành", "hành chính" cut in two. A balanced break that is neither
after ',', ';', ':' nor before a word opening a phrase ("theo", "của",
"năm", "quý"...) now costs a little (para.c SENSE_PENALTY), enough to tip
nearly even choices; balance still wins when the sense break is far from
the middle, and a break before "THEO" keeps "CƠ QUAN, ĐƠN VỊ" together.
"""
import os

from bctest import OUT, ROOT, check, finish, nfc, pdftotext, render

D = os.path.join(OUT, "heading-breaks")
os.makedirs(D, exist_ok=True)

# (sample, page, the two lines expected one after the other)
CASES = [
    ("thanh-tra-2020", 1, "I. CÔNG TÁC CHỈ ĐẠO,", "ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH:"),
    ("bao-cao-nam-2023", 1, "Tổng kết công tác cải cách hành chính",
     "năm 2023 của tỉnh Khánh Hòa"),
    ("tong-hop-quy-1-2024", 1, "Kết quả giải quyết hồ sơ thủ tục hành chính",
     "quý I năm 2024 của tỉnh Khánh Hòa"),
    # a list joined by a comma stays together: the break before "THEO" wins
    ("thanh-tra-2020", None, "THỐNG KÊ SỐ LƯỢNG CƠ QUAN, ĐƠN VỊ",
     "THEO CÁC TIÊU CHÍ THỰC HIỆN CCHC"),
    # unchanged: already broken at a sense pause
    ("bao-cao-quy-1-2018", 1, "Tình hình, kết quả cải cách hành chính",
     "quý I năm 2018 của tỉnh Khánh Hòa"),
]

texts = {}
for sample, page, first, second in CASES:
    if sample not in texts:
        pdf = os.path.join(D, sample + ".pdf")
        r = render(os.path.join(ROOT, "samples", sample, "report.yaml"), pdf)
        ok = check(r.returncode in (0, 3) and os.path.isfile(pdf),
                   f"{sample}: render: exit {r.returncode}: {r.stderr[-300:]}")
        texts[sample] = {}
        if ok:
            for p, t in enumerate(pdftotext(pdf).split("\f"), 1):
                texts[sample][p] = [nfc(x).strip() for x in t.split("\n")]
    pages = texts[sample]
    where = [page] if page else sorted(pages)
    found = False
    for p in where:
        lines = pages.get(p, [])
        for a, b in zip(lines, lines[1:]):
            if a == first and b == second:
                found = True
    got = [ln for p in where for ln in pages.get(p, []) if ln and (ln in first or first.startswith(ln)
                                                                   or ln.startswith(first[:12]))]
    check(found, f"{sample}: {first!r} | {second!r} on consecutive lines; lines seen: {got[:4]}")

finish()
