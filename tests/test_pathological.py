"""Pathological inputs (issue 6): every one ends either in a correct PDF (exit 0,
qpdf --check clean, every input word back from pdftotext, --kiem-tra on) or in
the documented exit code with an exact Vietnamese message naming
file:line:column, no PDF, no temporary file left and an older output untouched.
Every run has a timeout: a hang is a failure.

The heavy cases (1 MB paragraph, 100 000-row table, 10 000 footnotes) are
skipped when BAOCAO_SANITIZED=1 (or the binary is built with AddressSanitizer);
a smaller variant of each always runs."""
import os
import random
import re
import shutil
import subprocess
import time
import unicodedata
from collections import Counter

from bctest import (BAOCAO, DATA, OUT, ROOT, check, finish, nfc, page_count, qpdf_ok,
                    run_measured, sanitized, words)

SANITIZED = sanitized()
SLOW = 3 if SANITIZED else 1          # time budget factor under the sanitizers
T = 60 * SLOW                         # default timeout of one run (a hang guard)
SAMPLE = os.path.join(ROOT, "samples", "bao-cao-quy-1-2018")
D = os.path.join(OUT, "pathological")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
T0 = time.monotonic()

# The base report: the sample's report.yaml, without its indicator files
# (our narratives have no {{ }} placeholders).
BASE = "".join(l for l in open(os.path.join(SAMPLE, "report.yaml"), encoding="utf-8")
               .read().splitlines(True) if not l.startswith("so-lieu:"))
HEADER_WORDS = words("Tình hình, kết quả cải cách hành chính quý I năm 2018 của tỉnh "
                     "Khánh Hòa Nguyễn Duy Bắc")

NARR = """Thực hiện chế độ báo cáo định kỳ, Ủy ban nhân dân tỉnh báo cáo như sau[^1]:

# CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH

## Ban hành kế hoạch cải cách hành chính

Tiếp tục thực hiện **Chương trình** cải cách hành chính *giai đoạn* 2011-2020, theo Quyết định số
4034/QĐ-UBND ngày 29/12/2017; tỷ lệ hài lòng đạt 76,88%.

- Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức.
- Đẩy mạnh ứng dụng dịch vụ công trực tuyến mức độ 3, 4.

### Kết quả kiểm soát thủ tục

Đã tiếp nhận 1.023.615 hồ sơ; giải quyết đúng hạn phần lớn hồ sơ của người dân, doanh nghiệp.

[^1]: Theo Kế hoạch số 117/KH-UBND của Ủy ban nhân dân tỉnh Khánh Hòa.
"""

SPEC = """nhan: Phụ lục 1
tieu-de: KẾT QUẢ GIẢI QUYẾT HỒ SƠ CỦA CÁC CƠ QUAN
du-lieu: {csv}
cot:
  - {{khoa: stt, nhan: Stt, rong: {stt}, can: giua}}
  - {{khoa: ten, nhan: Cơ quan, rong: 3*}}
  - {{khoa: so_ho_so, nhan: Số hồ sơ, kieu: so}}
  - {{khoa: ghi_chu, nhan: Ghi chú, rong: 2*}}
"""
SPEC_WORDS = words("Phụ lục KẾT QUẢ GIẢI QUYẾT HỒ SƠ CỦA CÁC CƠ QUAN Stt Cơ quan Số hồ sơ Ghi chú")
CSV_HEAD = "stt,ten,so_ho_so,ghi_chu\n"
VOCAB = ("cải cách hành chính tỉnh Khánh Hòa nâng cao chất lượng đội ngũ cán bộ công chức "
         "viên chức thủ tục hồ sơ trực tuyến Nhân dân doanh nghiệp phục vụ kỷ cương đánh giá "
         "xếp hạng chỉ số hài lòng Ủy ban Sở Nội vụ Tư pháp").split()
NOTE_RE = re.compile(r": (ghi chú|cảnh báo): ")


# ---------------------------------------------------------------- helpers

def run_bc(args, timeout=T, memory=False, prefix=()):
    """Runs baocao with a timeout (bctest.run_measured: rc None = a hang, wall
    time, max RSS with /usr/bin/time when memory=True)."""
    return run_measured(list(prefix) + [BAOCAO] + list(args), timeout, memory)


def error_line(err):
    """The first line of stderr that is not a note or a warning."""
    for line in err.splitlines():
        if not NOTE_RE.search(line):
            return line
    return ""


def temp_files(folder):
    return sorted(f for f in os.listdir(folder) if ".tmp-" in f) if os.path.isdir(folder) else []


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def case_dir(name):
    d = os.path.join(D, name)
    os.makedirs(d, exist_ok=True)
    return d


def make_report(d, narrative, yaml_text=None, md="noi-dung.md", name="report.yaml", extra=""):
    """Writes the narrative (str or bytes; None = none) and a report pointing at it."""
    if narrative is not None:
        write(os.path.join(d, md), narrative)
    text = (BASE if yaml_text is None else yaml_text).replace("noi-dung: noi-dung.md",
                                                              f"noi-dung: {md}")
    return write(os.path.join(d, name), text + extra)


def make_table(d, csv_data, name="phu-luc", stt="12mm"):
    csv = write(os.path.join(d, name + ".csv"), csv_data)
    spec = write(os.path.join(d, name + ".yaml"), SPEC.format(csv=name + ".csv", stt=stt))
    return spec, csv


def render_args(report, pdf, *extra, check_text=True):
    return ["render", report, "-o", pdf, "--chi-phong-kem-theo"] + (["--kiem-tra"] if check_text
                                                                   else []) + list(extra)


def missing_words(expected, got):
    missing = Counter()
    for w, n in expected.items():
        if got[w] < n:
            missing[w] = n - got[w]
    return missing


def pdf_text(pdf):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                       timeout=300 * SLOW)
    return r.stdout.decode("utf-8", "replace")


def bbox(pdf):
    """Pages and word boxes, for 'renders exactly like'."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"], capture_output=True,
                       timeout=300)
    return [l.strip() for l in r.stdout.decode("utf-8", "replace").splitlines()
            if l.lstrip().startswith(("<page", "<word"))]


def expect_ok(name, args, pdf, expected=None, timeout=T, memory=False):
    """A run that must write a correct PDF containing every expected word.
    Returns (Result, pdftotext text) or (Result, None)."""
    r = run_bc(args, timeout=timeout, memory=memory)
    folder = os.path.dirname(pdf)
    if not check(not r.hung, f"{name}: hung (killed after {timeout} s)"):
        return r, None
    check(r.rc == 0, f"{name}: exit {r.rc}, want 0; stderr: {r.err[-2000:]}")
    check(not temp_files(folder), f"{name}: temporary files left: {temp_files(folder)}")
    if not check(os.path.isfile(pdf), f"{name}: no PDF written"):
        return r, None
    ok, why = qpdf_ok(pdf)
    check(ok, f"{name}: qpdf --check: {why[-500:]}")
    text = pdf_text(pdf)
    if expected is not None:
        miss = missing_words(expected, words(text))
        check(not miss, f"{name}: {sum(miss.values())} of {sum(expected.values())} words missing "
                        f"from the PDF, e.g. {list(miss.items())[:10]}")
    return r, text


def expect_fail(name, args, out, code, message, timeout=T, prefix=()):
    """A run that must fail with exit code and message (str: exact first error
    line; re.Pattern: fullmatch), writing nothing. An existing out is kept."""
    was_dir = os.path.isdir(out)
    before = open(out, "rb").read() if os.path.isfile(out) else None
    r = run_bc(args, timeout=timeout, prefix=prefix)
    folder = os.path.dirname(out)
    if not check(not r.hung, f"{name}: hung (killed after {timeout} s)"):
        return r
    check(r.rc == code, f"{name}: exit {r.rc}, want {code}; stderr: {r.err[-2000:]}")
    got = error_line(r.err)
    if isinstance(message, re.Pattern):
        check(message.fullmatch(got), f"{name}: message\n  got:  {got}\n  want: /{message.pattern}/")
    else:
        check(got == message, f"{name}: message\n  got:  {got}\n  want: {message}")
    if was_dir:
        check(os.path.isdir(out) and not os.listdir(out), f"{name}: the folder {out} was changed")
    elif before is None:
        check(not os.path.exists(out), f"{name}: {out} was written")
    else:
        check(open(out, "rb").read() == before, f"{name}: the existing {out} was changed")
    check(not temp_files(folder), f"{name}: temporary files left: {temp_files(folder)}")
    return r


def skipped(what):
    print(f"SKIPPED in the sanitized build (BAOCAO_SANITIZED=1 or ASan binary): {what}; "
          "its smaller variant ran")


def code(i, n=4):
    """A unique letter-word suffix for item i (pdftotext gives it back whole)."""
    s = ""
    for _ in range(n):
        s += "abcdeghiklmnopqrstuvxy"[i % 22]
        i //= 22
    return s


def utf8_message(path, line, col, byte):
    return (f"{path}:{line}:{col}: lỗi: byte 0x{byte:02X} không hợp lệ trong UTF-8; hãy lưu tệp "
            "với mã UTF-8 (nếu văn bản gõ bằng phông TCVN3/VNI, dùng lệnh 'baocao chuyen-ma' để "
            "chuyển sang Unicode)")


def nul_message(path, line, col):
    return (f"{path}:{line}:{col}: lỗi: tệp chứa byte NUL (0x00) - đây không phải tệp văn bản; "
            "hãy lưu lại tệp dưới dạng văn bản UTF-8 (nếu là UTF-16, hãy lưu lại ở UTF-8)")


def utf16_message(path):
    return (f"{path}:1:1: lỗi: tệp được lưu ở mã UTF-16; hãy lưu lại ở mã UTF-8 (trong "
            "Notepad/Excel: Lưu thành... > Mã hóa UTF-8)")


def wide_word_re(path, line, width, excerpt):
    return re.compile(re.escape(f"{path}:{line}: lỗi: một từ quá dài, vượt chiều rộng {width} mm "
                                "thêm ") + r"\d+,\d" + re.escape(f' mm (trong "{excerpt}"); hãy '
                                                                  "thêm dấu cách hoặc mở rộng cột"))


def random_words(n, seed):
    rnd = random.Random(seed)
    return [rnd.choice(VOCAB) for _ in range(n)]


# ------------------------------------------------------ 1. empty inputs
d = case_dir("1-trong")
rep = make_report(d, "")
expect_ok("empty narrative", render_args(rep, os.path.join(d, "trong.pdf")),
          os.path.join(d, "trong.pdf"), HEADER_WORDS)
rep = make_report(d, "\n\n   \n\n", md="trang.md", name="trang.yaml")
expect_ok("blank-lines-only narrative", render_args(rep, os.path.join(d, "trang.pdf")),
          os.path.join(d, "trang.pdf"), HEADER_WORDS)
rep = write(os.path.join(d, "rong.yaml"), "")
expect_fail("empty report.yaml", render_args(rep, os.path.join(d, "rong.pdf")),
            os.path.join(d, "rong.pdf"), 2,
            f"{rep}:1:1: lỗi: tệp báo cáo phải là một bảng khóa: giá trị (loai:, co-quan:, so:, ...)")
rep = write(os.path.join(d, "danh-sach.yaml"), "- loai: bao-cao\n- so: 45\n")
expect_fail("report.yaml is a list", render_args(rep, os.path.join(d, "danh-sach.pdf")),
            os.path.join(d, "danh-sach.pdf"), 2,
            f"{rep}:1:1: lỗi: tệp báo cáo phải là một bảng khóa: giá trị (loai:, co-quan:, so:, ...)")
spec, csv = make_table(d, "", name="csv-rong")
EMPTY_CSV = (f"{csv}:1:1: lỗi: tệp CSV trống: cần một dòng tiêu đề (tên các cột) và các dòng "
             "số liệu")
expect_fail("empty CSV (table)", ["table", csv, "--spec", spec, "-o", os.path.join(d, "csv-rong.pdf"),
                                  "--chi-phong-kem-theo"], os.path.join(d, "csv-rong.pdf"), 2,
            EMPTY_CSV)
rep = make_report(d, NARR, md="n.md", name="pl-rong.yaml", extra="phu-luc: [csv-rong.yaml]\n")
expect_fail("empty CSV (render, appendix)", render_args(rep, os.path.join(d, "pl-rong.pdf")),
            os.path.join(d, "pl-rong.pdf"), 2, EMPTY_CSV)
spec, csv = make_table(d, CSV_HEAD, name="csv-tieu-de")
expect_ok("header-only CSV (table)", ["table", csv, "--spec", spec, "-o",
                                      os.path.join(d, "csv-tieu-de.pdf"), "--chi-phong-kem-theo"],
          os.path.join(d, "csv-tieu-de.pdf"), SPEC_WORDS)
rep = make_report(d, NARR, md="n.md", name="pl-tieu-de.yaml", extra="phu-luc: [csv-tieu-de.yaml]\n")
expect_ok("header-only CSV (render, appendix)", render_args(rep, os.path.join(d, "pl-tieu-de.pdf")),
          os.path.join(d, "pl-tieu-de.pdf"), words(NARR) + SPEC_WORDS + HEADER_WORDS)

# ------------------------------------- 2. encodings: bad UTF-8, NUL, UTF-16, BOM + CRLF, NFD
d = case_dir("2-ma-chu")
# Stray 0xC3 in the narrative, the report YAML, a table spec and a CSV.
rep = make_report(d, "Dòng một\n\nCó byte \xc3 lỗi\n".encode("utf-8").replace(b"\xc3\x83", b"\xc3"),
                  md="hong.md", name="hong-md.yaml")
expect_fail("invalid UTF-8 in narrative", render_args(rep, os.path.join(d, "hong-md.pdf")),
            os.path.join(d, "hong-md.pdf"), 2, utf8_message(os.path.join(d, "hong.md"), 3, 9, 0xC3))
lines = BASE.splitlines(True)
ln = next(i for i, l in enumerate(lines) if l.startswith("dia-danh: Kh")) + 1
bad_yaml = BASE.encode("utf-8").replace("dia-danh: Khánh".encode(), b"dia-danh: Kh\xc3nh")
rep = write(os.path.join(d, "hong.yaml"), bad_yaml)
write(os.path.join(d, "noi-dung.md"), NARR)
expect_fail("invalid UTF-8 in report YAML", render_args(rep, os.path.join(d, "hong.pdf")),
            os.path.join(d, "hong.pdf"), 2, utf8_message(rep, ln, 13, 0xC3))
spec, csv = make_table(d, (CSV_HEAD + "1,Sở Nội vụ,12,xong\n2,Sở Tư pháp,7,còn\n").encode()
                       .replace("Sở Tư".encode(), b"S\xc3 T"), name="csv-hong")
expect_fail("invalid UTF-8 in CSV", ["table", csv, "--spec", spec, "-o",
                                     os.path.join(d, "csv-hong.pdf"), "--chi-phong-kem-theo"],
            os.path.join(d, "csv-hong.pdf"), 2, utf8_message(csv, 3, 4, 0xC3))
spec2 = write(os.path.join(d, "spec-hong.yaml"),
              SPEC.format(csv="csv-hong.csv", stt="12mm").encode().replace("KẾT QUẢ".encode(),
                                                                           b"K\xc3T QU\xe1\xba\xa2"))
expect_fail("invalid UTF-8 in table spec", ["table", csv, "--spec", spec2, "-o",
                                            os.path.join(d, "spec-hong.pdf"), "--chi-phong-kem-theo"],
            os.path.join(d, "spec-hong.pdf"), 2, utf8_message(spec2, 2, 11, 0xC3))
# NUL bytes, and UTF-16 files (with a BOM: named as UTF-16; without: NUL second).
# A control character such as BEL is refused at its place.
rep = make_report(d, "Dòng một\n\nCó chuông \x07 ở đây\n".encode(), md="bel.md", name="bel.yaml")
expect_fail("BEL in narrative", render_args(rep, os.path.join(d, "bel.pdf")),
            os.path.join(d, "bel.pdf"), 2,
            f"{os.path.join(d, 'bel.md')}:3:11: lỗi: ký tự điều khiển U+0007 không in được; "
            "hãy xóa ký tự này")
rep = make_report(d, b"D\xc3\xb2ng m\xe1\xbb\x99t\n\nC\xc3\xb3 byte \x00 l\xe1\xbb\x97i\n",
                  md="nul.md", name="nul.yaml")
expect_fail("NUL in narrative", render_args(rep, os.path.join(d, "nul.pdf")),
            os.path.join(d, "nul.pdf"), 2, nul_message(os.path.join(d, "nul.md"), 3, 9))
spec, csv = make_table(d, (CSV_HEAD + "1,Sở\x00 Nội vụ,12,xong\n").encode(), name="csv-nul")
expect_fail("NUL in CSV", ["table", csv, "--spec", spec, "-o", os.path.join(d, "csv-nul.pdf"),
                           "--chi-phong-kem-theo"], os.path.join(d, "csv-nul.pdf"), 2,
            nul_message(csv, 2, 5))
rep = make_report(d, NARR.encode("utf-16"), md="u16.md", name="u16-md.yaml")
expect_fail("UTF-16 narrative (BOM)", render_args(rep, os.path.join(d, "u16-md.pdf")),
            os.path.join(d, "u16-md.pdf"), 2, utf16_message(os.path.join(d, "u16.md")))
rep = make_report(d, NARR.encode("utf-16-le"), md="u16le.md", name="u16le-md.yaml")
expect_fail("UTF-16LE narrative (no BOM)", render_args(rep, os.path.join(d, "u16le-md.pdf")),
            os.path.join(d, "u16le-md.pdf"), 2, nul_message(os.path.join(d, "u16le.md"), 1, 2))
rep = write(os.path.join(d, "u16.yaml"), BASE.encode("utf-16"))
expect_fail("UTF-16 report YAML", render_args(rep, os.path.join(d, "u16.pdf")),
            os.path.join(d, "u16.pdf"), 2, utf16_message(rep))
spec, csv = make_table(d, (CSV_HEAD + "1,Sở Nội vụ,12,xong\n").encode("utf-16"), name="csv-u16")
# a UTF-16 CSV (with BOM) is read as such, and the encoding is named (issue 10)
r = run_bc(["table", csv, "--spec", spec, "-o", os.path.join(d, "csv-u16.pdf"),
            "--chi-phong-kem-theo"])
check(r.rc == 0 and f"{csv}: ghi chú: đọc tệp CSV theo mã UTF-16 LE (nhận ra tự động), chuyển "
      "sang Unicode" in r.err, f"UTF-16 CSV: exit {r.rc}: {r.err}")

# BOM + CRLF everywhere (report, narrative, spec, CSV with a multi-line cell)
# renders exactly like LF; locations in a BOM + CRLF file do not count the BOM.
TABLE_ROWS = (CSV_HEAD + '1,Sở Nội vụ,12,"dòng một của ô\nvà dòng hai của ô"\n'
              "2,Sở Tư pháp,7,hoàn thành đúng hạn\n3,Sở Y tế,5,còn chậm\n")
TABLE_WORDS = SPEC_WORDS + words(TABLE_ROWS.split("\n", 1)[1])


def crlf_bom(s):
    return b"\xef\xbb\xbf" + s.replace("\n", "\r\n").encode("utf-8")


for variant, enc in (("lf", lambda s: s.encode("utf-8")), ("crlf", crlf_bom)):
    v = case_dir(f"2-ma-chu/{variant}")
    write(os.path.join(v, "noi-dung.md"), enc(NARR))
    write(os.path.join(v, "phu-luc.csv"), enc(TABLE_ROWS))
    write(os.path.join(v, "phu-luc.yaml"), enc(SPEC.format(csv="phu-luc.csv", stt="12mm")))
    write(os.path.join(v, "report.yaml"), enc(BASE + "phu-luc: [phu-luc.yaml]\n"))
    expect_ok(f"{variant}: render", render_args(os.path.join(v, "report.yaml"),
                                                os.path.join(v, "bao-cao.pdf")),
              os.path.join(v, "bao-cao.pdf"), words(NARR) + TABLE_WORDS + HEADER_WORDS)
    expect_ok(f"{variant}: table", ["table", os.path.join(v, "phu-luc.csv"), "--spec",
                                    os.path.join(v, "phu-luc.yaml"), "-o",
                                    os.path.join(v, "bang.pdf"), "--chi-phong-kem-theo"],
              os.path.join(v, "bang.pdf"), TABLE_WORDS)
lf, cr = os.path.join(D, "2-ma-chu", "lf"), os.path.join(D, "2-ma-chu", "crlf")
for pdf in ("bao-cao.pdf", "bang.pdf"):
    if os.path.exists(os.path.join(lf, pdf)) and os.path.exists(os.path.join(cr, pdf)):
        check(bbox(os.path.join(lf, pdf)) == bbox(os.path.join(cr, pdf)),
              f"BOM + CRLF: {pdf} differs from the LF rendering")
rep = make_report(d, crlf_bom("Dòng một\n\nCó byte \x01 lỗi\n").replace(b"\x01", b"\xc3"),
                  md="crlf-hong.md", name="crlf-hong.yaml")
expect_fail("invalid UTF-8 in BOM + CRLF narrative", render_args(rep, os.path.join(d, "crlf-hong.pdf")),
            os.path.join(d, "crlf-hong.pdf"), 2,
            utf8_message(os.path.join(d, "crlf-hong.md"), 3, 9, 0xC3))
# CR alone ends a line too (CommonMark; Excel for Mac CSV), so locations count it.
rep = make_report(d, "Dòng một\rCó byte \x01 lỗi\r".encode().replace(b"\x01", b"\xc3"),
                  md="cr-hong.md", name="cr-hong.yaml")
expect_fail("invalid UTF-8 in CR-only narrative", render_args(rep, os.path.join(d, "cr-hong.pdf")),
            os.path.join(d, "cr-hong.pdf"), 2, utf8_message(os.path.join(d, "cr-hong.md"), 2, 9, 0xC3))
spec, csv = make_table(d, (CSV_HEAD + "1,Sở Nội vụ,12,x\n2,S\x01,1,y\n").replace("\n", "\r")
                       .encode().replace(b"\x01", b"\xc3"), name="csv-cr-hong")
expect_fail("invalid UTF-8 in CR-only CSV", ["table", csv, "--spec", spec, "-o",
                                             os.path.join(d, "csv-cr-hong.pdf"),
                                             "--chi-phong-kem-theo"],
            os.path.join(d, "csv-cr-hong.pdf"), 2, utf8_message(csv, 3, 4, 0xC3))

# NFD (decomposed) report, narrative, spec and CSV: renders exactly like NFC,
# pdftotext gives NFC back.
for variant in ("NFC", "NFD"):
    v = case_dir(f"2-ma-chu/{variant.lower()}")

    def norm(s):
        return unicodedata.normalize(variant, s)
    write(os.path.join(v, "noi-dung.md"), norm(NARR))
    write(os.path.join(v, "phu-luc.csv"), norm(TABLE_ROWS))
    write(os.path.join(v, "phu-luc.yaml"), norm(SPEC.format(csv="phu-luc.csv", stt="12mm")))
    write(os.path.join(v, "report.yaml"), norm(BASE + "phu-luc: [phu-luc.yaml]\n"))
    _, text = expect_ok(f"{variant}: render", render_args(os.path.join(v, "report.yaml"),
                                                          os.path.join(v, "bao-cao.pdf")),
                        os.path.join(v, "bao-cao.pdf"), words(NARR) + TABLE_WORDS + HEADER_WORDS)
    if text is not None:
        check(text == nfc(text), f"{variant}: pdftotext text is not NFC")
nfc_pdf, nfd_pdf = (os.path.join(D, "2-ma-chu", x, "bao-cao.pdf") for x in ("nfc", "nfd"))
if os.path.exists(nfc_pdf) and os.path.exists(nfd_pdf):
    check(bbox(nfc_pdf) == bbox(nfd_pdf), "NFD input renders differently from NFC")

# ------------------------------------------------------ 3. a 1 MB paragraph
d = case_dir("3-doan-dai")


def long_paragraph(label, target_bytes, seed):
    ws, size = [], 0
    rnd = random.Random(seed)
    while size < target_bytes:
        w = rnd.choice(VOCAB)
        ws.append(w)
        size += len(w.encode()) + 1
    body = "Đoạn mở đầu ngắn.\n\n" + " ".join(ws) + ".\n\nĐoạn kết thúc ngắn.\n"
    rep = make_report(d, body, md=f"{label}.md", name=f"{label}.yaml")
    pdf = os.path.join(d, f"{label}.pdf")
    r, text = expect_ok(f"paragraph {label}", render_args(rep, pdf), pdf,
                        words(body) + HEADER_WORDS, timeout=120 * SLOW)
    print(f"paragraph of {len(ws)} words, {len(body.encode())} bytes: {r.secs:.1f} s, "
          f"max RSS {r.rss_kb // 1024} MB, exit {r.rc}")
    check(not r.hung and r.secs < 60 * SLOW, f"paragraph {label}: {r.secs:.1f} s (hang guard)")
    if text is not None:
        pages = page_count(pdf)
        check(pages >= len(ws) // 800, f"paragraph {label}: {pages} pages for {len(ws)} words")


long_paragraph("120kB", 120_000, 3)       # ~20 000 words
if SANITIZED:
    skipped("1 MB paragraph")
else:
    long_paragraph("1MB", 1_000_000, 4)  # ~160 000 words

# One paragraph over 1 MiB (a 6.6 MB narrative that is one line) is refused at
# its first line, with the limit named, before any layout: laying out a
# paragraph holds all its shaped lines, ~46 bytes of memory per byte of text.
run_of_words = "chữ " * 1_100_000
big = "Đoạn mở đầu ngắn.\n\n" + run_of_words + "\n"
rep = make_report(d, big, md="7MB.md", name="7MB.yaml")
r = expect_fail("paragraph over 1 MiB", render_args(rep, os.path.join(d, "7MB.pdf")),
                os.path.join(d, "7MB.pdf"), 2,
                f"{os.path.join(d, '7MB.md')}:3:1: lỗi: đoạn văn bắt đầu ở dòng này dài "
                f"{len(run_of_words.encode()) - 1} byte, vượt giới hạn 1048576 byte (1 MiB) của "
                "một đoạn; hãy chia thành nhiều đoạn (để một dòng trống giữa các đoạn)")
check(r.secs < 10 * SLOW, f"paragraph over 1 MiB: refused after {r.secs:.1f} s")

# --------------------------------------------------------- 4. footnotes
d = case_dir("4-chu-thich")


def footnotes(n):
    paras = [f"Đoạn văn đoan{code(i)} có chú thích[^{i}] tiếp tục." for i in range(1, n + 1)]
    notes = [f"[^{i}]: Ghi chú ghichu{code(i)} về thủ tục hành chính." for i in range(1, n + 1)]
    body = "\n\n".join(paras) + "\n\n" + "\n\n".join(notes) + "\n"
    rep = make_report(d, body, md=f"{n}.md", name=f"{n}.yaml")
    pdf = os.path.join(d, f"{n}.pdf")
    r, text = expect_ok(f"{n} footnotes", render_args(rep, pdf), pdf, words(body) + HEADER_WORDS,
                        timeout=120 * SLOW)
    print(f"{n} footnotes: {r.secs:.1f} s, max RSS {r.rss_kb // 1024} MB, exit {r.rc}")
    if text is None:
        return
    pages = text.split("\f")
    page_of = {}
    for p, t in enumerate(pages):
        for w in re.findall(r"(?:đoan|ghichu)[a-z]+", t):
            page_of.setdefault(w, set()).add(p)
    off = [i for i in range(1, n + 1)
           if page_of.get("đoan" + code(i)) != page_of.get("ghichu" + code(i))]
    check(not off, f"{n} footnotes: {len(off)} notes not on the page of their marker, "
                   f"e.g. {off[:10]}")
    marks = [int(m) for m in re.findall(r"chú thích(\d+)", text)]
    check(marks == list(range(1, n + 1)),
          f"{n} footnotes: markers are not numbered 1..{n} in order (got {len(marks)})")


footnotes(500)
if SANITIZED:
    skipped("10 000 footnotes")
else:
    footnotes(10_000)

# ------------------------------------------ 5. deep lists, 10 000 headings
d = case_dir("5-cau-truc")
items = ["  " * k + f"- Mục lồng cấp muc{code(k)} nội dung." for k in range(200)]
body = "Mở đầu danh sách.\n\n" + "\n".join(items) + "\n\nKết thúc danh sách.\n"
rep = make_report(d, body, md="long-nhau.md", name="long-nhau.yaml")
pdf = os.path.join(d, "long-nhau.pdf")
r, text = expect_ok("200 nested list levels", render_args(rep, pdf), pdf, words(body) + HEADER_WORDS)
if text is not None:
    order = re.findall(r"muc([a-z]{4})", text)
    check(order == [code(k) for k in range(200)], "200 nested list levels: items out of order")
    check(all(re.match(r"[-+] Mục lồng", l) for l in text.splitlines() if "Mục lồng" in l),
          "200 nested list levels: an item lost its '-'/'+' marker")

# 10 000 headings: 5 000 of level 1 (numbered I, II, … past MMMCMXCIX), 2 500
# each of levels 2 and 3; every heading printed with a number.
heads = []
for i in range(10_000):
    lvl = "#" if i % 2 == 0 else "##" if i % 4 == 1 else "###"
    heads.append(f"{lvl} Tiêu đề tieude{code(i)}\n")
body = "\n".join(heads)
rep = make_report(d, body, md="tieu-de.md", name="tieu-de.yaml")
pdf = os.path.join(d, "tieu-de.pdf")
r, text = expect_ok("10 000 headings", render_args(rep, pdf), pdf, words(body) + HEADER_WORDS,
                    timeout=120 * SLOW)
print(f"10 000 headings: {r.secs:.1f} s, max RSS {r.rss_kb // 1024} MB")
if text is not None:
    hl = [l for l in text.splitlines() if re.search(r"tieude[a-z]{4}$", l, re.I)]
    check(len(hl) == 10_000, f"10 000 headings: {len(hl)} heading lines found")
    unnumbered = [l for l in hl if not re.match(r"([IVXLCDM]+\.|\d+\.|[a-zđ]+\)) \S", l)]
    check(not unnumbered, f"10 000 headings: {len(unnumbered)} headings without a number, "
                          f"e.g. {unnumbered[:3]}")

# ------------------------------------------------ 6. tokens wider than their box
d = case_dir("6-qua-rong")
# The ND30 rule "no automatic hyphen, never break inside a code/date" makes a
# token wider than the text width a layout error (exit 6) naming file and line.
# A URL may break after '/', '.' or '-' (no hyphen added), so a long URL is set
# over several lines instead.
longword = ("Thủtụchànhchính" * 30)[:400]
rep = make_report(d, f"Đoạn đầu tiên bình thường.\n\nĐoạn có từ rất dài {longword} ở giữa câu.\n",
                  md="tu-dai.md", name="tu-dai.yaml")
expect_fail("400-character word", render_args(rep, os.path.join(d, "tu-dai.pdf")),
            os.path.join(d, "tu-dai.pdf"), 6,
            wide_word_re(os.path.join(d, "tu-dai.md"), 3, "155,0",
                         "Đoạn có từ rất dài ThủtụchànhchínhThủtụch"))
url = ("https://dichvucong.khanhhoa.gov.vn/" +
       "/".join(f"thu-tuc-hanh-chinh-so-{i}" for i in range(12)))[:300]
rep = make_report(d, f"Đoạn đầu tiên bình thường.\n\nXem tại địa chỉ {url} để biết thêm.\n",
                  md="url.md", name="url.yaml")
pdf = os.path.join(d, "url.pdf")
r, text = expect_ok("300-character URL", render_args(rep, pdf), pdf,
                    words("Đoạn đầu tiên bình thường. Xem tại địa chỉ để biết thêm.") + HEADER_WORDS)
if text is not None:
    lines = [l.strip() for l in text.splitlines()]
    i = next((k for k, l in enumerate(lines) if "https://dichvucong" in l), None)
    check(i is not None and lines[i + 1][:1] not in ("", "-"),
          "300-character URL: broken across lines")
    # (fitz, not pdftotext: pdftotext joins a line ending in '-' to the next
    # and drops the '-', taking it for a hyphen)
    import fitz
    doc = fitz.open(pdf)
    flat = "".join(l.strip() for page in doc for l in page.get_text().splitlines())
    check(url in flat, "300-character URL: every character printed, no hyphen added")
short_url = "https://dichvucong.khanhhoa.gov.vn/thu-tuc/45"
body = "Xem tại địa chỉ " + short_url + " để biết thêm. " * 8 + "\n"
rep = make_report(d, body, md="url-ngan.md", name="url-ngan.yaml")
pdf = os.path.join(d, "url-ngan.pdf")
r, text = expect_ok("URL that fits", render_args(rep, pdf), pdf, words(body) + HEADER_WORDS)
if text is not None:
    check(short_url in text, "URL that fits: printed broken across lines")
# A 10 000-character cell flows over pages, no word lost (table and render).
cell = ""
for w in random_words(3000, 5):
    if len(cell) + len(w) + 1 > 10_000:
        break
    cell += w + " "
rows = CSV_HEAD + f'1,Sở Nội vụ,12,ngắn\n2,Sở Tư pháp,7,"{cell.strip()}"\n3,Sở Y tế,5,cuối bảng\n'
spec, csv = make_table(d, rows, name="o-dai")
pdf = os.path.join(d, "o-dai.pdf")
r, text = expect_ok("10 000-character cell (table)", ["table", csv, "--spec", spec, "-o", pdf,
                                                      "--chi-phong-kem-theo"], pdf,
                    SPEC_WORDS + words(rows.split("\n", 1)[1]))
if text is not None:
    check(page_count(pdf) > 1, "10 000-character cell: did not flow onto a second page")
rep = make_report(d, NARR, md="n.md", name="o-dai-bc.yaml", extra="phu-luc: [o-dai.yaml]\n")
expect_ok("10 000-character cell (render)", render_args(rep, os.path.join(d, "o-dai-bc.pdf")),
          os.path.join(d, "o-dai-bc.pdf"), words(NARR) + SPEC_WORDS + words(rows.split("\n", 1)[1]))
# A token wider than its column: exit 6 naming the appendix, row and column.
rows = CSV_HEAD + ("1,Sở Nội vụ,12,ngắn\n2,Sở Tư pháp,7,Từquádàikhôngvừacộtghichúcủabảngphụlụcnày\n"
                   "3,Sở Y tế,5,cuối bảng\n")
spec, csv = make_table(d, rows, name="o-hep")
COL_RE = re.compile(re.escape(f"{csv}:3:16: lỗi: Phụ lục 1, hàng «2 Sở Tư pháp», cột «Ghi chú»: "
                              "một từ quá dài, vượt chiều rộng ") + r"\d+,\d mm thêm \d+,\d mm" +
                    re.escape(' (trong "Từquádàikhôngvừacộtghichúcủabảngphụlụcnày"); hãy thêm '
                              "dấu cách hoặc mở rộng cột"))
expect_fail("token wider than its column (table)", ["table", csv, "--spec", spec, "-o",
                                                    os.path.join(d, "o-hep.pdf"),
                                                    "--chi-phong-kem-theo"],
            os.path.join(d, "o-hep.pdf"), 6, COL_RE)
rep = make_report(d, NARR, md="n.md", name="o-hep-bc.yaml", extra="phu-luc: [o-hep.yaml]\n")
expect_fail("token wider than its column (render)", render_args(rep, os.path.join(d, "o-hep-bc.pdf")),
            os.path.join(d, "o-hep-bc.pdf"), 6, COL_RE)

# ------------------------------------------------ 7. a 100 000-row table
d = case_dir("7-bang-lon")


def big_table(n, heavy):
    rnd = random.Random(n)
    lines, total = [CSV_HEAD], 0
    for i in range(1, n + 1):
        v = rnd.randrange(0, 5000)
        total += v
        lines.append(f"{i},{rnd.choice(VOCAB)} {rnd.choice(VOCAB)} {rnd.choice(VOCAB)},{v},"
                     f"{rnd.choice(VOCAB)}\n")
    lines.append(f"TỔNG,Tổng cộng,{total},\n")
    rows = "".join(lines)
    spec, csv = make_table(d, rows, name=f"bang-{n}", stt="17mm")
    pdf = os.path.join(d, f"bang-{n}.pdf")
    r, text = expect_ok(f"{n}-row table", ["table", csv, "--spec", spec, "-o", pdf,
                                           "--chi-phong-kem-theo"], pdf,
                        SPEC_WORDS + words(rows.split("\n", 1)[1]), timeout=180 * SLOW, memory=True)
    print(f"{n}-row table: {r.secs:.1f} s, max RSS {r.rss_kb // 1024} MB, exit {r.rc}")
    if text is not None:
        pages = page_count(pdf)
        print(f"{n}-row table: {pages} pages")
        check(n / 70 <= pages <= n / 15, f"{n}-row table: {pages} pages is not sensible")
    if not SANITIZED:
        check(r.rss_kb < 400 * 1024, f"{n}-row table: max RSS {r.rss_kb // 1024} MB >= 400 MB")
    if heavy:
        check(r.secs < 120, f"{n}-row table: {r.secs:.1f} s (hang guard)")


big_table(5_000, False)
if SANITIZED:
    skipped("100 000-row table")
else:
    big_table(100_000, True)

# ------------------------------------------------ 8. a character missing from the font
d = case_dir("8-thieu-ky-tu")
GLYPH = ("phông Liberation Serif không có ký tự '漢' (U+6F22); hãy thay ký tự này hoặc dùng "
         "phông có đủ ký tự")
rep = make_report(d, "Dòng đầu tiên.\n\nCó chữ Hán 漢 ở đây.\n", md="han.md", name="han.yaml")
expect_fail("U+6F22 in narrative", render_args(rep, os.path.join(d, "han.pdf")),
            os.path.join(d, "han.pdf"), 5, f"{os.path.join(d, 'han.md')}:3:12: lỗi: {GLYPH}")
lines = BASE.splitlines(True)
ln = next(i for i, l in enumerate(lines) if l.startswith("trich-yeu: ")) + 1
rep = make_report(d, NARR, BASE.replace("trich-yeu: Tình hình", "trich-yeu: Tình 漢 hình"),
                  md="n.md", name="han-yaml.yaml")
expect_fail("U+6F22 in report YAML", render_args(rep, os.path.join(d, "han-yaml.pdf")),
            os.path.join(d, "han-yaml.pdf"), 5,
            re.compile(re.escape(f"{rep}:{ln}:") + r"(12|17)" + re.escape(f": lỗi: {GLYPH}")))
spec, csv = make_table(d, CSV_HEAD + "1,Sở 漢 vụ,12,xong\n", name="han-csv")
HAN_CSV = re.compile(re.escape(f"{csv}:2:") + r"(3|6): lỗi: (Phụ lục 1, hàng «[^»]*», cột «Cơ quan»: )?"
                     + re.escape(GLYPH))
expect_fail("U+6F22 in CSV (table)", ["table", csv, "--spec", spec, "-o",
                                      os.path.join(d, "han-csv.pdf"), "--chi-phong-kem-theo"],
            os.path.join(d, "han-csv.pdf"), 5, HAN_CSV)
rep = make_report(d, NARR, md="n.md", name="han-pl.yaml", extra="phu-luc: [han-csv.yaml]\n")
expect_fail("U+6F22 in CSV (render)", render_args(rep, os.path.join(d, "han-pl.pdf")),
            os.path.join(d, "han-pl.pdf"), 5, HAN_CSV)

# ------------------------------------------------ 9. no usable fonts
d = case_dir("9-thieu-phong")
rep = make_report(d, NARR)


def font_dir(name, fonts):
    fd = os.path.join(d, name)
    shutil.copytree(os.path.join(ROOT, "layouts"), os.path.join(fd, "layouts"))
    if fonts is not None:
        os.makedirs(os.path.join(fd, "fonts"))
        for f in fonts:
            shutil.copy(os.path.join(ROOT, "fonts", f), os.path.join(fd, "fonts"))
    return fd


def no_font(fd, note):
    return (f"lỗi: không tìm thấy phông chữ đủ 4 kiểu (thường, đậm, nghiêng, đậm nghiêng) có đủ chữ "
            f"tiếng Việt trong {fd}/fonts{note}; hãy cài Times New Roman hoặc chép các tệp "
            "LiberationSerif-*.ttf (bản 2.1) vào thư mục đó")


fd = font_dir("fonts-trong", [])
expect_fail("empty fonts/ folder", render_args(rep, os.path.join(d, "a.pdf"), "--du-lieu", fd),
            os.path.join(d, "a.pdf"), 5, no_font(fd, " (thư mục không có tệp .ttf nào)"))
fd = font_dir("khong-fonts", None)
expect_fail("no fonts/ folder", render_args(rep, os.path.join(d, "b.pdf"), "--du-lieu", fd),
            os.path.join(d, "b.pdf"), 5, no_font(fd, " (thư mục không có tệp .ttf nào)"))
fd = font_dir("mot-kieu", ["LiberationSerif-Regular.ttf"])
expect_fail("fonts/ with one style only", render_args(rep, os.path.join(d, "c.pdf"), "--du-lieu", fd),
            os.path.join(d, "c.pdf"), 5, no_font(fd, ""))

# ------------------------------------------------ 10. legacy text (TCVN3, VNI, mojibake)
d = case_dir("10-ma-cu")
VECTORS = [l.rstrip("\n").split("\t") for l in
           open(os.path.join(DATA, "legacy", "vectors.tsv"), encoding="utf-8")][1:]
for enc_name, label in (("tcvn3", "TCVN3"), ("vni", "VNI")):
    vs = [v for v in VECTORS if v[1] == enc_name]
    # one paragraph of every vector, as raw 8-bit bytes and as cp1252 mojibake in UTF-8
    want = "; ".join(v[6] for v in vs) + ".\n"
    for form, data in (("byte", b"; ".join(bytes.fromhex(v[3]) for v in vs) + b".\n"),
                       ("mojibake", ("; ".join(v[4] for v in vs) + ".\n").encode("utf-8"))):
        name = f"{enc_name}-{form}"
        src = write(os.path.join(d, name + ".txt"), data)
        md = os.path.join(d, name + ".md")
        r = run_bc(["chuyen-ma", src, "-o", md])
        if not check(not r.hung and r.rc == 0, f"chuyen-ma {name}: exit {r.rc}; {r.err}"):
            continue
        check(not temp_files(d), f"chuyen-ma {name}: temporary files left")
        got = open(md, encoding="utf-8").read()
        check(got == want, f"chuyen-ma {name}:\n  got:  {got!r}\n  want: {want!r}")
        first = r.err.splitlines()[0] if r.err else ""
        check(first.startswith(f"{src}:1:") and f": ghi chú: đã chuyển mã {label} → Unicode" in first,
              f"chuyen-ma {name}: no note naming the conversion: {first}")
        rep = make_report(d, None, md=name + ".md", name=name + ".yaml")
        pdf = os.path.join(d, name + ".pdf")
        _, text = expect_ok(f"{name}: converted paragraph renders", render_args(rep, pdf), pdf,
                            words(want) + HEADER_WORDS)
        if text is not None:
            check("Cộng hòa xã hội chủ nghĩa Việt Nam" in text.replace("\n", " "),
                  f"{name}: the converted Vietnamese is not in the PDF")
# Raw TCVN3 bytes given straight to render: an input error pointing at the byte.
tc = next(v for v in VECTORS if v[0] == "tcvn3-1")
rep = make_report(d, bytes.fromhex(tc[3]) + b".\n", md="tho.md", name="tho.yaml")
expect_fail("raw TCVN3 narrative", render_args(rep, os.path.join(d, "tho.pdf")),
            os.path.join(d, "tho.pdf"), 2, utf8_message(os.path.join(d, "tho.md"), 1, 2, 0xE9))

# ------------------------------------------------ 11. output safety
d = case_dir("11-tep-ra")
rep = make_report(d, NARR)
nowhere = os.path.join(d, "khong-co", "x.pdf")
expect_fail("output folder missing (render)", render_args(rep, nowhere), nowhere, 4,
            f"{nowhere}: lỗi: không ghi được: thư mục '{os.path.dirname(nowhere)}' không có; hãy tạo thư mục đó trước")
spec, csv = make_table(d, TABLE_ROWS)
expect_fail("output folder missing (table)", ["table", csv, "--spec", spec, "-o", nowhere,
                                              "--chi-phong-kem-theo"], nowhere, 4,
            f"{nowhere}: lỗi: không ghi được: thư mục '{os.path.dirname(nowhere)}' không có; hãy tạo thư mục đó trước")
src = write(os.path.join(d, "cu.txt"), bytes.fromhex(tc[3]) + b"\n")
nowhere_txt = os.path.join(d, "khong-co", "x.md")
expect_fail("output folder missing (chuyen-ma)", ["chuyen-ma", src, "-o", nowhere_txt], nowhere_txt, 4,
            f"{nowhere_txt}: lỗi: không ghi được: thư mục '{os.path.dirname(nowhere_txt)}' không có; hãy tạo thư mục đó trước")
check(not os.path.exists(os.path.join(d, "khong-co")), "a missing output folder was created")
isdir = os.path.join(d, "thu-muc.pdf")
os.makedirs(isdir)
expect_fail("output is a folder", render_args(rep, isdir), isdir, 4,
            f"{isdir}: lỗi: không ghi đè: đường dẫn ra là một thư mục, không phải tệp thường; hãy chọn tên tệp khác")
# A folder that is not writable, holding an older output. Root ignores the
# permission bits, so as root the run is made as user nobody.
ro = os.path.join(d, "chi-doc")
os.makedirs(ro)
old = write(os.path.join(ro, "bao-cao.pdf"), b"%PDF-old\n")
os.chmod(ro, 0o555)
prefix = ()
if os.geteuid() == 0:
    prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
can = (not prefix or shutil.which("setpriv")) and subprocess.run(
    list(prefix) + ["test", "-r", rep, "-a", "-x", BAOCAO], capture_output=True).returncode == 0
if not can:
    print("SKIPPED: not-writable output folder (cannot run as an unprivileged user here)")
else:
    expect_fail("output folder not writable", render_args(rep, old), old, 4,
                f"{old}: lỗi: không tạo được tệp tạm trong thư mục đích: không có quyền truy cập",
                prefix=prefix)
os.chmod(ro, 0o755)
# Failed runs of every kind leave an older output as it was, and no temp file.
old = write(os.path.join(d, "cu.pdf"), b"%PDF-1.4 old report\n")
for what, narrative, rc_want in (("input error", b"C\xc3 l\n", 2),
                                 ("font error", "Chữ 漢.\n".encode(), 5),
                                 ("layout error", ("Từ " + "dài" * 200 + "\n").encode(), 6)):
    rep = make_report(d, narrative, md="hong.md", name="hong.yaml")
    r = run_bc(render_args(rep, old))
    check(not r.hung and r.rc == rc_want, f"existing output, {what}: exit {r.rc}, want {rc_want}")
    check(open(old, "rb").read() == b"%PDF-1.4 old report\n",
          f"existing output, {what}: the older PDF was changed")
    check(not temp_files(d), f"existing output, {what}: temporary files left: {temp_files(d)}")
spec, csv = make_table(d, b"", name="rong")
r = run_bc(["table", csv, "--spec", spec, "-o", old, "--chi-phong-kem-theo"])
check(not r.hung and r.rc == 2, f"existing output, table input error: exit {r.rc}")
check(open(old, "rb").read() == b"%PDF-1.4 old report\n", "existing output changed by a failed table")
check(not temp_files(d), f"existing output, table: temporary files left: {temp_files(d)}")

# ------------------------------------------------ 12. hostile parser input (issue 10)
d = case_dir("12-dau-vao-xau")
T12 = time.monotonic()


def run_cpu(args, timeout):
    """Runs baocao; returns (rc or None on timeout, stderr, CPU seconds). CPU time,
    not wall time, so a loaded machine does not make a linear run look slow."""
    r = run_measured([BAOCAO] + list(args), timeout)
    return r.rc, r.err, r.cpu


DEEP = ("{md}:{line}:{col}: lỗi: nội dung lồng nhau quá sâu (hơn 1000 lớp trích dẫn '>', danh "
        "sách hay mục lồng vào nhau); báo cáo chỉ cần vài cấp — hãy bỏ bớt các dấu '>' hay bớt "
        "thụt lề ở đây")
DEEP_INLINE = ("{md}:{line}:{col}: lỗi: định dạng lồng nhau quá sâu (hơn 1000 lớp '*', '_', '**' "
               "hay liên kết lồng vào nhau); văn bản chỉ cần vài lớp — hãy bỏ bớt các dấu định "
               "dạng ở đây")
# Tens of thousands of nested quotes crashed the recursive walk (SIGSEGV); the
# 1001st level is named. One-line nested lists are bounded the same way.
for i, (name, body, msg, line, col) in enumerate((
        ("50 000 nested '>'", "Mở đầu.\n\n" + "> " * 50_000 + "chữ\n", DEEP, 3, 2001),
        ("30 000 nested '> -'", "> - " * 30_000 + "chữ\n", DEEP, 1, 2001),
        ("30 000 nested '- '", "- " * 30_000 + "chữ\n", DEEP, 1, 2001),
        ("3 000 nested '*'", "*a " * 3_000 + "x" + "*" * 3_000 + "\n", DEEP_INLINE, 1, 3001))):
    md = os.path.join(d, f"sau-{i}.md")
    rep = make_report(d, body, md=f"sau-{i}.md", name=f"sau-{i}.yaml")
    pdf = os.path.join(d, f"sau-{i}.pdf")
    expect_fail(name, render_args(rep, pdf), pdf, 2, msg.format(md=md, line=line, col=col),
                timeout=20 * SLOW)
# 1000 levels are still printed (every word back).
body = "> " * 1000 + "Trích dẫn sâu vẫn được in đủ chữ.\n"
rep = make_report(d, body, md="sau-1000.md", name="sau-1000.yaml")
pdf = os.path.join(d, "sau-1000.pdf")
expect_ok("1000 nested '>'", render_args(rep, pdf), pdf, words(body) + HEADER_WORDS)

# 40 000 italic spans in one paragraph ('*_* _ '): every Pango run compared
# itself with every span (5.5 s of CPU, quadratic); linear now (about 1 s).
body = "*_* _ " * 40_000 + "\n"
rep = make_report(d, body, md="nghieng.md", name="nghieng.yaml")
pdf = os.path.join(d, "nghieng.pdf")
rc, err, cpu = run_cpu(["render", rep, "-o", pdf, "--chi-phong-kem-theo", "--mot-luong"],
                       60 * SLOW)
check(rc == 0, f"40 000 italic spans: exit {rc}: {err[-500:]}")
# The CPU bound means something only in a plain build: under the sanitizers
# (fast_unwind_on_malloc=0 unwinds the stack on every allocation) the same
# linear work takes ~45 s, so there only the hang guard above applies.
if SANITIZED:
    skipped("40 000 italic spans: CPU bound (sanitized build)")
else:
    check(cpu < 2.5, f"40 000 italic spans: {cpu:.1f} s of CPU, want < 2.5 s")
if rc == 0:
    check(qpdf_ok(pdf)[0], "40 000 italic spans: qpdf --check")

# A formula of 100 000 terms: positions were recounted from the start for
# every node (quadratic, > 60 s). Now linear, and more than 1000 operands is
# refused with the place named; 1000 are fine.
FORMULA_SPEC = """nhan: Phụ lục 1
tieu-de: KIỂM TRA CÔNG THỨC
du-lieu: cong-thuc.csv
cot:
  - {{khoa: stt, nhan: Stt}}
  - {{khoa: a, nhan: A, kieu: so}}
  - {{khoa: b, nhan: B, kieu: so, cong-thuc: "{terms}"}}
"""
csv = write(os.path.join(d, "cong-thuc.csv"), "stt,a,b\n1,1,1000\n2,2,2000\n")
for n, ok in ((100_000, False), (1000, True)):
    spec = write(os.path.join(d, f"cong-thuc-{n}.yaml"),
                 FORMULA_SPEC.format(terms=" + ".join(["a"] * n)))
    pdf = os.path.join(d, f"cong-thuc-{n}.pdf")
    rc, err, cpu = run_cpu(["table", csv, "--spec", spec, "-o", pdf, "--chi-phong-kem-theo"],
                           30 * SLOW)
    check(rc is not None and cpu < 3 * SLOW,
          f"formula of {n} terms: {'hung' if rc is None else f'{cpu:.1f} s of CPU'}")
    if ok:
        check(rc == 0 and qpdf_ok(pdf)[0], f"formula of {n} terms: exit {rc}: {err[-500:]}")
    else:
        col = len('  - {khoa: b, nhan: B, kieu: so, cong-thuc: "') + 4 * 1000 + 1
        want = (f"{spec}:7:{col}: lỗi: công thức của cột «b»: công thức quá dài: hơn 1000 số "
                "và khóa cột; hãy chia thành nhiều cột nhỏ hơn")
        check(rc == 2 and error_line(err) == want,
              f"formula of {n} terms: exit {rc}\n  got:  {error_line(err)}\n  want: {want}")
        check(not os.path.exists(pdf), f"formula of {n} terms: a PDF was written")

# A date in the right form that does not exist says so (not "write it as
# NĂM-THÁNG-NGÀY"); a wrong form keeps that advice.
base_lines = BASE.splitlines()
date_line = next(i for i, l in enumerate(base_lines) if l.startswith("ngay: ")) + 1
for day, why in (("2026-02-30", "không có thật: tháng 2 năm 2026 chỉ có 28 ngày, không có ngày 30"),
                 ("2024-04-31", "không có thật: tháng 4 năm 2024 chỉ có 30 ngày, không có ngày 31"),
                 ("2026-13-01", "không có thật: không có tháng 13 (tháng từ 1 đến 12)"),
                 ("2026/02/28", None)):
    yaml_text = "\n".join(f"ngay: {day}" if l.startswith("ngay: ") else l
                          for l in base_lines) + "\n"
    rep = make_report(d, NARR, yaml_text=yaml_text, md="ngay.md", name=f"ngay-{day[:4]}-{day[5:7]}.yaml")
    pdf = os.path.join(d, "ngay.pdf")
    msg = (f"ngày '{day}' {why}; hãy sửa lại ngày (dạng NĂM-THÁNG-NGÀY đã đúng)" if why else
           f"ngày '{day}' không hợp lệ; hãy viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2018-03-14")
    expect_fail(f"date {day}", render_args(rep, pdf, check_text=False), pdf, 2,
                f"{rep}:{date_line}:7: lỗi: {msg}")

# --so-voi pointed at a PDF (or any non-YAML file) is named as such, not read
# as a report with bad UTF-8.
rep = make_report(d, NARR, md="ban-moi.md", name="ban-moi.yaml")
old_pdf = os.path.join(d, "ban-truoc.pdf")
r = run_bc(render_args(rep, old_pdf, check_text=False))
check(r.rc == 0, f"draft base render: exit {r.rc}: {r.err[-500:]}")
md_file = os.path.join(d, "ban-moi.md")
for target, want in ((old_pdf, f"lỗi: --so-voi '{old_pdf}' là một tệp PDF; hãy chỉ thư mục của "
                               "bản dự thảo trước (có report.yaml) hoặc tệp .yaml của nó, không "
                               "phải bản in"),
                     (md_file, f"lỗi: '{md_file}' không phải thư mục báo cáo hay tệp .yaml: "
                               "--so-voi cần thư mục báo cáo của bản trước (có report.yaml) hoặc "
                               "tệp .yaml của báo cáo đó")):
    pdf = os.path.join(d, "du-thao-2.pdf")
    expect_fail(f"--so-voi {os.path.basename(target)}",
                render_args(rep, pdf, "--du-thao", "--so-voi", target, check_text=False), pdf, 1,
                want)

print(f"section 12 so far: {time.monotonic() - T12:.1f} s")
# A mistyped command or option gets the nearest one.
pdf = os.path.join(d, "go-sai.pdf")
for args, want in (
        (["rendr", rep, "-o", pdf], "baocao: lệnh 'rendr' không có; có phải ý bạn là render? Gõ "
                                    "'baocao --help' để xem các lệnh"),
        (["tabel"], "baocao: lệnh 'tabel' không có; có phải ý bạn là table? Gõ 'baocao --help' "
                    "để xem các lệnh"),
        (["render", rep, "-o", pdf, "--kiemtra"],
         "baocao render: tùy chọn '--kiemtra' không có; có phải ý bạn là --kiem-tra? Xem "
         "'baocao render --help'"),
        (["render", rep, "-o", pdf, "--pgn", "x"],
         "baocao render: tùy chọn '--pgn' không có; có phải ý bạn là --png? Xem 'baocao render "
         "--help'"),
        (["render", rep, "-o", pdf, "--png"],
         "baocao render: tùy chọn '--png' cần một giá trị theo sau; xem 'baocao render --help'"),
        (["chuyen-ma", md_file, "--chuhoa"],
         "baocao chuyen-ma: tùy chọn '--chuhoa' không có; có phải ý bạn là --chu-hoa? Xem "
         "'baocao chuyen-ma --help'")):
    expect_fail(" ".join(a for a in args if a not in (rep, pdf, md_file)), args, pdf, 1, want)

print(f"total {time.monotonic() - T0:.0f} s{' (sanitized build)' if SANITIZED else ''}")
finish()
