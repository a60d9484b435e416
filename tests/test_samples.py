"""Every sample renders; the PDF is sound and gives back every input word."""
import os
import subprocess

import yaml

from bctest import (OUT, check_exit, ROOT, check, finish, narrative, nfc, page_count, pdftotext, qpdf_ok,
                    recall, render, sample, words)

SAMPLES = {
    # name: (meta words that must appear besides the narrative)
    "bao-cao-quy-1-2018": ["Nguyễn Duy Bắc", "Lưu: VT, DL.", "BÁO CÁO"],
    "cong-van-1889-2021": ["Nguyễn Tấn Tuấn", "KHẨN", "V/v khắc phục tồn tại"],
    "thanh-tra-2020": ["Lê Hữu Trí", "CHÁNH THANH TRƯA", "Kèm theo Phụ lục"],
}

for name, extra in SAMPLES.items():
    pdf = os.path.join(OUT, name + ".pdf")
    if os.path.exists(pdf):
        os.unlink(pdf)
    r = render(sample(name), pdf, "--kiem-tra")
    # thanh-tra-2020's Phụ lục 2 has a stated total that its parts do not give
    # (row 26: 04 vs 0 + 0 + 0): a real finding in the seed, exit code 3 (SAMPLE_EXIT).
    check_exit(r, name, what=name)
    if not os.path.exists(pdf):
        check(False, f"{name}: no PDF")
        continue
    ok, out = qpdf_ok(pdf)
    check(ok, f"{name}: qpdf --check: {out}")
    text = pdftotext(pdf)
    check(text == nfc(text), f"{name}: extracted text is not NFC")
    check("\ufffd" not in text, f"{name}: U+FFFD in extracted text")
    body = narrative(os.path.join(ROOT, "samples", name, "noi-dung.md"))
    spec = yaml.safe_load(open(sample(name), encoding="utf-8"))

    def strings(v):
        if isinstance(v, str):
            yield v
        elif isinstance(v, list):
            for x in v:
                yield from strings(x)
        elif isinstance(v, dict):
            for x in v.values():
                yield from strings(x)
    values = " ".join(s for k, v in spec.items() if k not in ("loai", "bo-cuc", "noi-dung", "phu-luc", "so-lieu", "phu-luc-danh-so", "ky-bao-cao")
                      for s in strings(v))
    expected = words(body)
    got = words(text)
    missing, total = recall(expected, got)
    check(not missing, f"{name}: {sum(missing.values())}/{total} narrative words missing: "
          f"{list(missing.items())[:10]}")
    for phrase in extra:
        check(phrase in text.replace("\n", " "), f"{name}: '{phrase}' not in the PDF text")
    meta_missing, _ = recall(words(values), got)
    check(not meta_missing, f"{name}: report.yaml words missing: {list(meta_missing.items())[:10]}")
    check(page_count(pdf) >= 2, f"{name}: page count")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    check(rows and all(" yes yes yes " in r for r in rows),
          f"{name}: every font embedded, subset, with ToUnicode:\n{fonts}")
    check(all("LiberationSerif" in r or "TimesNewRoman" in r for r in rows),
          f"{name}: only Times New Roman / Liberation Serif fonts:\n{fonts}")

# The drawing thread (render_cairo.h) changes nothing: the PDF written with
# it and the one written on the layout's thread alone are the same bytes
# (the longest sample, tables and all; and a draft with its PNG previews).
for name, with_png in (("bao-cao-nam-2023", False), ("bao-cao-quy-1-2018", True)):
    outs = []
    for mode in ((), ("--mot-luong",)):
        pdf = os.path.join(OUT, f"{name}-threads{len(outs)}.pdf")
        args = list(mode)
        if with_png:
            args += ["--png", os.path.join(OUT, f"{name}-threads{len(outs)}-png")]
        r = render(sample(name), pdf, *args)
        check_exit(r, name, what=f"{name} {mode}")
        outs.append(open(pdf, "rb").read() if os.path.exists(pdf) else b"")
    check(outs[0] and outs[0] == outs[1],
          f"{name}: PDF with the drawing thread differs from --mot-luong "
          f"({len(outs[0])} vs {len(outs[1])} bytes)")
    if with_png:
        pngs = [sorted(os.listdir(os.path.join(OUT, f"{name}-threads{k}-png"))) for k in (0, 1)]
        check(pngs[0] and pngs[0] == pngs[1], f"{name}: PNG previews differ in number")
        same = all(open(os.path.join(OUT, f"{name}-threads0-png", f), "rb").read() ==
                   open(os.path.join(OUT, f"{name}-threads1-png", f), "rb").read()
                   for f in pngs[0])
        check(same, f"{name}: PNG previews differ between the two modes")

finish()
