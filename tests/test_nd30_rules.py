"""Every sample measured against the ND30 layout rules (nd30.md §8) by the
independent checker tests/pdfcheck.py, with the facts of each seed (number,
date, agency, recipients, signature) from tests/data/seeds (copies of shared/seeds/transcribed)."""
import os

import pdfcheck
from bctest import OUT, check_exit, ROOT, SEEDS, check, finish, render, sample

T = SEEDS


def meta(n):
    m = {}
    for line in open(os.path.join(T, f"{n}-meta.txt"), encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition(": ")
        m.setdefault(k, []).append(v)
    return m


COMMON = {"margins_mm": {"top": 25, "bottom": 20, "left": 35, "right": 20},
          "body_size": 14, "indent_mm": 10}

SAMPLES = {
    "bao-cao-quy-1-2018": ("000", {
        "kind": "bao-cao", "agency": ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"], "urgency": None,
        # The seed prints the tail "BAN NHÂN DÂN" of the cut line TM. ỦY BAN NHÂN DÂN.
        "authority_lines": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "unsplit_tokens": ["4034/QĐ-UBND", "29/12/2017", "12-CTr/TU"],
        "appendices": 0}),
    "cong-van-1889-2021": ("003", {
        "kind": "cong-van", "urgency": "KHẨN", "authority_lines": [], "appendices": 0}),
    "thanh-tra-2020": ("002", {
        "kind": "bao-cao", "agency_parent": ["UBND TỈNH KHÁNH HÒA"], "agency": ["THANH TRA TỈNH"],
        "urgency": None, "appendices": 4,
        "appendix_labels": ["Phụ lục 1", "Phụ lục 2", "Phụ lục 3", "Phụ lục 4"]}),
    "bao-cao-nam-2023": ("001", {
        "kind": "bao-cao", "agency": ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"], "urgency": None,
        "appendices": 2, "appendix_labels": ["Phụ lục 1", "Phụ lục 2"],
        # The seed's last Nơi nhận line reads "- Lưu: VT, DL ...b. 14" (kept as printed).
        "skip": ["15"]}),
}

for name, (seed, facts) in SAMPLES.items():
    m = meta(seed)
    expect = dict(COMMON)
    expect.update({
        "number": f"{m['number'][0]}/{m['symbol'][0]}",
        "doc_type": m["doc_type"][0] if facts["kind"] == "bao-cao" else None,
        "trich_yeu": m["trich_yeu"][0],
        "signer": m["signer"][0],
        "noi_nhan_label": m["noi_nhan_label"][0],
        "noi_nhan": m["noi_nhan"],
        "recall_files": [os.path.join(T, f"{seed}-body.md")],
    })
    if "date_line" in m:
        expect["date_line"] = m["date_line"][0]
    if "kinh_gui" in m:
        expect["kinh_gui"] = m["kinh_gui"]
    if "authority_line" in m and "authority_lines" not in facts:
        expect["authority_lines"] = m["authority_line"]
    expect.update(facts)
    expect = {k: v for k, v in expect.items() if v is not None or k == "urgency"}
    pdf = os.path.join(OUT, f"nd30-{name}.pdf")
    r = render(sample(name), pdf)
    check_exit(r, name, what=name)
    if not os.path.exists(pdf):
        continue
    rep = pdfcheck.run(pdf, expect)
    for f in rep.failures:
        check(False, f"{name}: rule {f.rule}, page {f.page}: {f.message}")
    check(not rep.failures, f"{name}: {len(rep.failures)} ND30 rule failures")
    for w in rep.warnings:
        print(f"{name}: warning: rule {w.rule}, page {w.page}: {w.message}")

finish()
