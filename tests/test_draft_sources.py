"""A draft carries what the report read, not what it did not (issue 19
part 5, issue 10 part 2).

A draft attaches every input that made the document: report.yaml, the
narrative, the so-lieu files, the appendix specs and data, du-thao.yaml and
gop-y. Data are attached as the document used them: an appendix CSV with
only the columns its table reads (a private column - an official's ID
number - stays in the office), a so-lieu file with only the values the
narrative quotes (as CSV khoa,nay,truoc). A last page lists every attachment
with its source file's name, SHA-256 and what was left out. --dinh-kem-goc
attaches the originals byte for byte. Every draft passes qpdf --check.
"""
import csv
import hashlib
import io
import os
import re
import shutil
import unicodedata

import fitz

from bctest import OUT, check_exit, ROOT, check, finish, pdftotext, qpdf_ok, render

D = os.path.join(OUT, "draft-sources")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
WHEN = "20/03/2018 09:30"


def nfc(s):
    return unicodedata.normalize("NFC", s)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def attachments(pdf):
    doc = fitz.open(pdf)
    return {n: doc.embfile_get(n) for n in doc.embfile_names()}


def last_page_text(pdf):
    n = len(fitz.open(pdf))
    return nfc(pdftotext(pdf, "-f", str(n), "-l", str(n)))


# ---- an appendix CSV with a private column -------------------------------------------
annual = os.path.join(D, "nam-2023")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-nam-2023"), annual)
data = os.path.join(annual, "phu-luc-2.csv")
with open(data, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
ID = "Số CMND người liên hệ"
for i, row in enumerate(rows):
    row.insert(2, ID if i == 0 else f"0791{i:08d}")
with open(data, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)

# The sample's two data-check mismatches (bctest.NAM_2023_MISMATCHES, row 114 of
# phu-luc-2.csv), 13 columns further right behind the inserted ID column.
MISMATCHES = ["phu-luc-2.csv:114:59", "phu-luc-2.csv:114:67"]
pdf = os.path.join(D, "nam-2023.pdf")
r = render(os.path.join(annual, "report.yaml"), pdf, "--du-thao", "--thoi-diem", WHEN)
check_exit(r, 3, MISMATCHES, "annual draft")
check(os.path.exists(pdf), f"annual draft written: {r.stderr}")
if os.path.exists(pdf):
    ok, why = qpdf_ok(pdf)
    check(ok, f"qpdf --check: {why}")
    att = attachments(pdf)
    check(sorted(att) == ["noi-dung.md", "phu-luc-1.csv", "phu-luc-1.yaml", "phu-luc-2.csv",
                          "phu-luc-2.yaml", "report.yaml"], f"attachments: {sorted(att)}")
    got = att.get("phu-luc-2.csv", b"").decode("utf-8", "replace")
    check(ID not in got and "07910000" not in got,
          f"the private column is not attached: {got[:300]!r}")
    # Every other column, every row, as read (NFC, trimmed).
    want = [[nfc(c.strip()) for k, c in enumerate(row) if k != 2] for row in rows
            if any(c.strip() for c in row)]
    parsed = list(csv.reader(io.StringIO(got)))
    check(parsed == want, f"the attached CSV is the table's data without the column: "
                          f"{parsed[:2]} vs {want[:2]}")
    # Spec and narrative whole.
    for name in ("phu-luc-2.yaml", "noi-dung.md", "report.yaml"):
        with open(os.path.join(annual, name), "rb") as f:
            check(att.get(name) == f.read(), f"{name} attached whole")
    page = last_page_text(pdf)
    check("CÁC TỆP NGUỒN ĐÍNH KÈM" in page, f"list page: {page[:200]}")
    for name in ("report.yaml", "noi-dung.md", "phu-luc-1.yaml", "phu-luc-1.csv",
                 "phu-luc-2.yaml", "phu-luc-2.csv"):
        check(name in page and sha256(os.path.join(annual, name)) in page,
              f"{name} and its SHA-256 on the list page")
    flat = re.sub(r"\s+", " ", page)
    check(f"bỏ 1 cột: «{ID}»" in flat, f"the left-out column is named: {flat}")

    # --dinh-kem-goc: the originals, byte for byte.
    orig = os.path.join(D, "nam-2023-goc.pdf")
    r = render(os.path.join(annual, "report.yaml"), orig, "--du-thao", "--thoi-diem", WHEN,
               "--dinh-kem-goc")
    check_exit(r, 3, MISMATCHES, "--dinh-kem-goc")
    check(os.path.exists(orig), f"--dinh-kem-goc written: {r.stderr}")
    if os.path.exists(orig):
        check(qpdf_ok(orig)[0], "qpdf --check (originals)")
        att = attachments(orig)
        for name in ("phu-luc-1.csv", "phu-luc-2.csv", "phu-luc-2.yaml", "report.yaml"):
            with open(os.path.join(annual, name), "rb") as f:
                check(att.get(name) == f.read(), f"{name}: exact bytes with --dinh-kem-goc")
        page = re.sub(r"\s+", " ", last_page_text(orig))
        check(ID not in page and "bản gốc, nguyên vẹn" in page, f"originals listed: {page}")

# ---- two appendices reading one CSV: each attaches what it read ------------------------
two = os.path.join(D, "hai-bang")
shutil.copytree(annual, two)
spec3 = ("nhan: Phụ lục 3\ntieu-de: HỒ SƠ TIẾP NHẬN NĂM 2023\ndu-lieu: phu-luc-2.csv\n"
         "so-kieu: tu-dong\nco-chu: 11\ncot:\n  - {khoa: stt, nhan: Stt, nguon: cap, rong: 12mm, can: giua}\n"
         "  - {khoa: ten, nhan: \"Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ\", rong: 62mm}\n"
         "  - {khoa: tiep_nhan, nhan: Hồ sơ tiếp nhận, kieu: so, rong: 1*}\n"
         "hang:\n  ky-hieu: stt\n  ten: ten\n  thu-bac: [chu, la-ma, so, gach, cong]\n"
         "  tong: [TỔNG]\n")
with open(os.path.join(two, "phu-luc-3.yaml"), "w", encoding="utf-8") as f:
    f.write(spec3)
with open(os.path.join(two, "report.yaml"), encoding="utf-8") as f:
    y = f.read().replace("phu-luc: [phu-luc-1.yaml, phu-luc-2.yaml]",
                         "phu-luc: [phu-luc-1.yaml, phu-luc-2.yaml, phu-luc-3.yaml]")
with open(os.path.join(two, "report.yaml"), "w", encoding="utf-8") as f:
    f.write(y)
pdf = os.path.join(D, "hai-bang.pdf")
r = render(os.path.join(two, "report.yaml"), pdf, "--du-thao", "--thoi-diem", WHEN)
check_exit(r, 3, MISMATCHES, "two tables, one CSV")
check(os.path.exists(pdf), f"two tables, one CSV written: {r.stderr}")
if os.path.exists(pdf):
    check(qpdf_ok(pdf)[0], "qpdf --check (two tables)")
    att = attachments(pdf)
    a2 = list(csv.reader(io.StringIO(att.get("phu-luc-2.csv", b"").decode())))
    a3 = list(csv.reader(io.StringIO(att.get("2-phu-luc-2.csv", b"").decode())))
    check(a2 and len(a2[0]) == len(rows[0]) - 1 and ID not in a2[0], f"table 2's copy: {a2[:1]}")
    check(a3 and a3[0] == ["cap", "Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ",
                           "Hồ sơ tiếp nhận"] and len(a3) == len(a2),
          f"table 3's copy has its three columns, every row: {a3[:1]} ({len(a3)} rows)")

# ---- so-lieu files: attached, as used -------------------------------------------------
q1 = os.path.join(D, "quy-1")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), q1)
with open(os.path.join(q1, "chi-so.yaml"), "a", encoding="utf-8") as f:
    f.write("lien_he:\n  dien_thoai: \"0905 123 456\"\n")
pdf = os.path.join(D, "quy-1.pdf")
r = render(os.path.join(q1, "report.yaml"), pdf, "--du-thao", "--thoi-diem", WHEN)
check(r.returncode == 0 and os.path.exists(pdf), f"quarterly draft: {r.returncode} {r.stderr}")
if os.path.exists(pdf):
    check(qpdf_ok(pdf)[0], "qpdf --check (so-lieu)")
    att = attachments(pdf)
    names = sorted(att)
    check("chi-so.csv" in names and "tthc.csv" in names,
          f"so-lieu files attached: {names}")
    got = att.get("chi-so.csv", b"").decode("utf-8", "replace")
    check("0905" not in got and "lien_he" not in got, f"unused value left out: {got!r}")
    parsed = list(csv.reader(io.StringIO(got)))
    check(parsed and parsed[0] == ["khoa", "nay", "truoc"] and
          ["hai_long.chung", "76,88%", "73,37%"] in parsed,
          f"quoted values as CSV khoa,nay,truoc: {parsed[:4]}")
    page = re.sub(r"\s+", " ", last_page_text(pdf))
    check("chi-so.yaml" in page and sha256(os.path.join(q1, "chi-so.yaml")) in page,
          f"chi-so.yaml and its SHA-256 listed: {page}")
    check("«lien_he.dien_thoai»" in page, f"the left-out value is named: {page}")
    # The attached values CSV renders the same document (it is a so-lieu file).
    with open(os.path.join(q1, "chi-so.csv"), "wb") as f:
        f.write(att.get("chi-so.csv", b""))
    with open(os.path.join(q1, "report.yaml"), encoding="utf-8") as f:
        y = f.read().replace("so-lieu: [chi-so.yaml,", "so-lieu: [chi-so.csv,")
    with open(os.path.join(q1, "report-csv.yaml"), "w", encoding="utf-8") as f:
        f.write(y)
    a = os.path.join(D, "quy-1-a.pdf")
    b = os.path.join(D, "quy-1-b.pdf")
    ra = render(os.path.join(q1, "report.yaml"), a)
    rb = render(os.path.join(q1, "report-csv.yaml"), b)
    check(ra.returncode == 0 and rb.returncode == 0 and pdftotext(a) == pdftotext(b),
          f"the attached values reproduce the text: {rb.stderr}")

finish()
