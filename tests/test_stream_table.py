"""A table printed as it is read ("baocao table", src/input/tablestream.h).

A 200 000-row table in 20 groups (I .. XX, 10 000 numbered rows each) and a
TỔNG row, where every group row and the TỔNG row state 0 for "Đúng hạn" and
leave "Trễ hạn" and "Tổng" empty, printed with --sua-tong:
1. the PDF has the pages the rows need (each page's rows continue the
   previous page's, none lost or repeated, checked on sampled pages), its
   first page shows row I with the sum of its 10 000 children and the first
   rows, its last page the last row and TỔNG with the sums of the whole
   table - values that exist only after every row was read: the group row
   is printed before its children from the first pass's sums;
2. the fix notes name each group's exact sums;
3. memory does not grow with the rows: the library (libbaocao, through
   ctypes) lays the table out without writing a PDF (bc_table_print with
   no output) at 20 000 and 200 000 rows, and the two runs' peak RSS differ
   by less than 4 MiB (before streaming: ~40 MiB more). The whole
   command with the PDF (baocao table) at 20 000 and 200 000 rows: its
   peak grows by less than 8 MiB (before cairo's PDF went to a temporary
   file and the finish read it in pieces: ~300 MiB more; before a page's
   marked content went on from the previous page's and cairo's freed memory
   was handed back before the finish: ~12 MiB more); what is left is per
   page (~400 B a page, 8 600 more pages here: cairo's per-page objects and
   one node of its structure tree a page) - tests/bench.sh prints the figures;
4. the table is tagged by rows (over 10 000 cells): poppler reads the
   structure tree (pdfinfo -struct-text) of a 12 000-row file as the table's
   paragraphs in order, each of at most 64 rows, every numbered row once
   (the 200 000-row file would take poppler minutes) - though the pages put
   their artifacts (rules, page number, repeated header) before the rows on
   one page and after them on the next, so that a page's marked content goes
   on from the previous page's (render_cairo.c): sampled pages have exactly
   one artifact sequence, and both orders occur; a 12 000-row file passes
   pdfacheck --tagged, its ParentTree a number tree of two leaves (and the
   checker finds a leaf's wrong /Limits, and leaves out of order).
Under the sanitizers: 4 000 rows, no memory part (ctypes cannot load an ASan library).
"""
import os
import random
import re
import subprocess
import sys

from bctest import (BAOCAO, OUT, check, finish, nfc, page_count, pdftotext, qpdf_ok,
                    run_measured, sanitized)

d = os.path.join(OUT, "stream-table")
os.makedirs(d, exist_ok=True)

SANITIZED = sanitized()

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]


def vn(n):
    return f"{n:,}".replace(",", ".")


def make(n_rows):
    """n_rows numbered rows in 20 groups; returns spec, csv, the groups'
    sums [(a, b)], the total (a, b) and the last row's number."""
    rnd = random.Random(n_rows)
    per = n_rows // len(ROMAN)
    lines = ["stt,ten,a,b,tong\n"]
    sums, ta, tb, k = [], 0, 0, 0
    for g in ROMAN:
        body, sa, sb = [], 0, 0
        for _ in range(per):
            k += 1
            a, b = rnd.randrange(0, 5000), rnd.randrange(0, 500)
            sa, sb = sa + a, sb + b
            body.append(f"{k},Xã số {k},{a},{b},{a + b}\n")
        lines.append(f"{g},Nhóm {g},0,,\n")
        lines += body
        sums.append((sa, sb))
        ta, tb = ta + sa, tb + sb
    lines.append("TỔNG,Tổng cộng,0,,\n")
    name = f"bang-{n_rows}"
    csv = os.path.join(d, name + ".csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("".join(lines))
    spec = os.path.join(d, name + ".yaml")
    with open(spec, "w", encoding="utf-8") as f:
        f.write(f"""nhan: Phụ lục
tieu-de: BẢNG {vn(n_rows)} HÀNG
du-lieu: {name}.csv
so-kieu: viet
cot:
  - {{khoa: stt, nhan: STT, nguon: stt, rong: 15mm, can: giua}}
  - {{khoa: ten, nhan: Tên đơn vị, nguon: ten, rong: 3*}}
  - {{khoa: a, nhan: Đúng hạn, nguon: a, kieu: so}}
  - {{khoa: b, nhan: Trễ hạn, nguon: b, kieu: so}}
  - {{khoa: tong, nhan: Tổng, nguon: tong, kieu: so, cong-thuc: a + b}}
""")
    return spec, csv, sums, (ta, tb), k


def cli(spec, csv, pdf):
    """baocao table ... --sua-tong (bctest.run_measured, with its peak RSS)."""
    return run_measured([BAOCAO, "table", csv, "--spec", spec, "-o", pdf,
                         "--chi-phong-kem-theo", "--sua-tong"], 300, memory=True)


def page_text(pdf, p):
    return nfc(pdftotext(pdf, "-f", str(p), "-l", str(p), "-layout"))


def numbers(text):
    """The numbered rows' STT on a page, in order."""
    return [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+Xã số \1\b", text, re.M)]


N = 4_000 if SANITIZED else 200_000
spec, csv, sums, total, last = make(N)
pdf = os.path.join(d, f"bang-{N}.pdf")
r = cli(spec, csv, pdf)
rss_big = r.rss_kb
check(r.rc == 0, f"200 000 rows --sua-tong: exit {r.rc}: {r.err[-2000:]}")
ok, why = qpdf_ok(pdf) if os.path.exists(pdf) else (False, "no PDF")
check(ok, f"qpdf --check: {why}")

# 2. the fix notes: each group's sums, the total
for g, (sa, sb) in zip(ROMAN, sums):
    check(f"hàng «{g} Nhóm {g}», cột «Đúng hạn»: đã thay 0 bằng {vn(sa)} (tổng {N // 20} hàng con)"
          in r.err, f"fix note of group {g} (Đúng hạn {vn(sa)})")
    check(f"hàng «{g} Nhóm {g}», cột «Trễ hạn»: đã điền {vn(sb)} vào ô trống (tổng {N // 20} hàng "
          "con)" in r.err, f"fix note of group {g} (Trễ hạn {vn(sb)})")
check(f"hàng «TỔNG Tổng cộng», cột «Đúng hạn»: đã thay 0 bằng {vn(total[0])} (tổng 20 hàng "
      "cấp trên cùng)" in r.err, "fix note of TỔNG")
check(f"Phụ lục: đã kiểm tra 42 ô tổng và {vn(N + 21)} ô công thức; 63 chỗ không khớp, đã sửa "
      "63 chỗ" in r.err, f"summary note: {r.err[-600:]}")

if os.path.exists(pdf):
    pages = page_count(pdf)
    first = page_text(pdf, 1)
    # 1. first page: row I with its children's sums (known only after reading them)
    sa, sb = sums[0]
    check(re.search(rf"^\s*I\s+Nhóm I\s+{re.escape(vn(sa))}\s+{re.escape(vn(sb))}\s+"
                    rf"{re.escape(vn(sa + sb))}\s*$", first, re.M),
          f"page 1: row I with {vn(sa)} {vn(sb)} {vn(sa + sb)}: {first[:1500]}")
    on1 = numbers(first)
    check(on1[:3] == [1, 2, 3], f"page 1 starts with rows 1, 2, 3: {on1[:5]}")
    per_page = len(numbers(page_text(pdf, 2)))
    check(per_page > 10, f"rows per page: {per_page}")
    # every row once, in order: sampled pages continue each other
    for p in (2, pages // 2, pages - 2):
        a, b = numbers(page_text(pdf, p)), numbers(page_text(pdf, p + 1))
        check(a and b and a == list(range(a[0], a[0] + len(a))) and b[0] == a[-1] + 1,
              f"pages {p}, {p + 1}: rows {a[:2]} .. {a[-2:]}, then {b[:2]}")
    # pages: page 1 holds on1 numbered rows + the title; 21 group/TỔNG rows
    rows_left = N + 21 - len(on1) - 1
    want_pages = 1 + -(-rows_left // per_page)
    check(abs(pages - want_pages) <= 1, f"{pages} pages, rows need {want_pages}")
    lastp = page_text(pdf, pages)
    tail = numbers(page_text(pdf, pages - 1) + lastp)
    check(tail[-1:] == [last], f"the last pages end with row {last}: {tail[-3:]}")
    check(re.search(rf"^\s*TỔNG\s+Tổng cộng\s+{re.escape(vn(total[0]))}\s+"
                    rf"{re.escape(vn(total[1]))}\s+{re.escape(vn(sum(total)))}\s*$", lastp, re.M),
          f"last page: TỔNG {vn(total[0])} {vn(total[1])}: {lastp[-800:]}")

# 4. tagged by rows: the structure tree's paragraphs hold the rows in order
def struct_paragraphs(pdf):
    """The text of each P element of the table's Div, in tree order
    (poppler's pdfinfo -struct-text)."""
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True,
                         timeout=300).stdout
    paras, cur = [], None
    for line in out.splitlines():
        if line.strip().startswith("P ("):
            cur = []
            paras.append(cur)
        elif cur is not None and line.strip().startswith('"'):
            cur.append(nfc(line.strip()[1:-1]))
    return ["".join(p) for p in paras]


def marked_sequences(pdf, pages):
    """For the given 0-based pages: their marked-content starts in order
    ('A' an /Artifact BMC, 'P' a /P with an MCID), read from the raw content
    streams."""
    import pikepdf
    seqs = {}
    with pikepdf.open(pdf) as doc:
        for i in pages:
            page = doc.pages[i]
            data = b"".join(c.read_bytes() for c in
                            (page.Contents if isinstance(page.Contents, pikepdf.Array)
                             else [page.Contents]))
            seqs[i] = "".join("A" if m.group(1) == b"Artifact BMC" else "P" for m in
                              re.finditer(rb"/(Artifact BMC|P << /MCID \d+ >> BDC)", data))
    return seqs


def check_rows_in_structure(pdf, last, what):
    """The structure tree's paragraphs hold the numbered rows 1..last in
    order, at most 64 each. A paragraph's text is its cells' run together
    ("12Xã số 124.0313844.415"): the rows are looked for one after the other.
    (poppler's -struct-text takes minutes on the 200 000-row file: a smaller
    one is read.)"""
    k, per = 1, []
    for t in struct_paragraphs(pdf):
        n, at = 0, 0
        while k <= last:
            j = t.find(f"{k}Xã số {k}", at)
            if j < 0:
                break
            at, k, n = j + 1, k + 1, n + 1
        if n:
            per.append(n)
    check(k == last + 1, f"{what}: the structure's paragraphs hold rows 1..{last} in order: "
          f"row {k} not found after row {k - 1}")
    check(per and max(per) <= 64 and len(per) >= last // 64,
          f"{what}: {len(per)} paragraphs of at most 64 rows: {max(per, default=0)}")


if os.path.exists(pdf):
    pages = page_count(pdf)
    # pairs of pages next to each other: the two orders alternate
    sample_pages = sorted({p for q in range(1, pages - 1, max(1, pages // 40)) for p in (q, q + 1)})
    seqs = marked_sequences(pdf, sample_pages)
    one_art = [p + 1 for p, q in seqs.items() if q.count("A") != 1]
    check(not one_art, f"pages with other than one artifact sequence: {one_art[:5]}")
    firsts = {q[:1] for q in seqs.values()}
    check(firsts == {"A", "P"}, f"pages start with artifacts and with rows, alternating: {firsts}")

# 4. a 12 000-row file (~330 pages): the whole tagged-PDF check; its ParentTree is a
#    number tree of two leaves (256 pages each), and the checker finds a leaf's
#    wrong /Limits and leaves out of order
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfacheck  # noqa: E402
import pikepdf  # noqa: E402

spec6, csv6, _, _, last6 = make(12_000)
pdf6 = os.path.join(d, "bang-12000.pdf")
r6 = cli(spec6, csv6, pdf6)
check(r6.rc == 0, f"12 000 rows: exit {r6.rc}: {r6.err[-500:]}")
check_rows_in_structure(pdf6, last6, "12 000 rows")
problems = pdfacheck.check(pdf6, tagged=True)
check(not problems, f"12 000 rows: pdfacheck --tagged: {problems[:5]}")
with pikepdf.open(pdf6) as doc:
    pt = doc.Root.StructTreeRoot.ParentTree
    leaves = [k.Limits for k in pt.Kids] if "/Kids" in pt else []
    check(len(leaves) == 2 and [int(x) for x in leaves[0]] == [0, 255],
          f"12 000 rows: ParentTree leaves {leaves}")
    if len(leaves) == 2:
        pt.Kids[0].Limits = pikepdf.Array([0, 254])
        doc.save(os.path.join(d, "limits.pdf"))
        pt.Kids[0].Limits = pikepdf.Array([0, 255])
        pt.Kids = pikepdf.Array([pt.Kids[1], pt.Kids[0]])
        doc.save(os.path.join(d, "order.pdf"))
if len(leaves) == 2:
    got = pdfacheck.check(os.path.join(d, "limits.pdf"), tagged=True)
    check(any(x.startswith("struct:") and "/Limits" in x for x in got),
          f"a leaf's wrong /Limits found: {got[:3]}")
    got = pdfacheck.check(os.path.join(d, "order.pdf"), tagged=True)
    check(any(x.startswith("struct:") and "out of order" in x for x in got),
          f"leaves out of order found: {got[:3]}")

# 3. memory: the library lays the table out (no PDF) at 20 000 and 200 000 rows
if SANITIZED:
    print("SKIP: memory under the sanitizers")
    finish()
LIB = os.path.join(os.path.dirname(os.path.abspath(BAOCAO)), "libbaocao.so")
PROBE = r"""
import ctypes, resource, sys
lib = ctypes.CDLL(sys.argv[1])
class Opts(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("spec_path", ctypes.c_char_p),
                ("csv_path", ctypes.c_char_p), ("output", ctypes.c_char_p),
                ("pdf_write", ctypes.c_void_p), ("pdf_write_ctx", ctypes.c_void_p),
                ("png_dir", ctypes.c_char_p), ("hooks", ctypes.c_void_p),
                ("png_dpi", ctypes.c_double), ("data_dir", ctypes.c_char_p),
                ("layout", ctypes.c_char_p), ("shipped_fonts_only", ctypes.c_bool),
                ("strict", ctypes.c_bool), ("fix", ctypes.c_bool),
                ("single_thread", ctypes.c_bool), ("fc_default_unused", ctypes.c_bool)]
class Diags(ctypes.Structure):
    _fields_ = [("items", ctypes.c_void_p), ("count", ctypes.c_size_t), ("cap", ctypes.c_size_t)]
class Err(ctypes.Structure):
    _fields_ = [("pad", ctypes.c_char * 256)]
o = Opts(struct_size=ctypes.sizeof(Opts), spec_path=sys.argv[2].encode(),
         data_dir=sys.argv[3].encode(), png_dpi=70, shipped_fonts_only=True, fix=True)
pages, diags, err = ctypes.c_int(0), Diags(), Err()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
st = lib.bc_table_print(ctypes.byref(o), ctypes.byref(pages), ctypes.byref(diags),
                        ctypes.byref(err))
print(st, pages.value, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
DATA_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
small_spec, small_csv, _, _, _ = make(20_000)


def layout_only(spec_path):
    p = subprocess.run([sys.executable, "-c", PROBE, LIB, spec_path, DATA_DIR],
                       capture_output=True, text=True, timeout=300)
    parts = p.stdout.split()
    check(p.returncode == 0 and len(parts) == 3, f"library probe: {p.stdout} {p.stderr[-500:]}")
    return [int(x) for x in parts] if len(parts) == 3 else [None, 0, 0]


st_s, pages_s, rss_s = layout_only(small_spec)
st_b, pages_b, rss_b = layout_only(spec)
check(st_s == 0 and st_b == 0, f"bc_table_print without output: status {st_s}, {st_b}")
if os.path.exists(pdf):
    check(pages_b == page_count(pdf), f"layout-only pages {pages_b} == the PDF's {page_count(pdf)}")
grow = (rss_b - rss_s) / 1024
print(f"layout only (no PDF): peak {rss_s / 1024:.1f} MiB at 20 000 rows, {rss_b / 1024:.1f} MiB "
      f"at 200 000 ({grow:+.1f} MiB)")
check(grow < 4, f"memory grows with the rows: {rss_s / 1024:.1f} MiB at 20 000, "
      f"{rss_b / 1024:.1f} MiB at 200 000")
r2 = cli(small_spec, small_csv, os.path.join(d, "bang-20000.pdf"))
rss_small_cli = r2.rss_kb
check(r2.rc == 0 and rss_small_cli > 0, f"20 000 rows: exit {r2.rc}")
grow_cli = (rss_big - rss_small_cli) / 1024
print(f"baocao table (with the PDF): peak {rss_small_cli / 1024:.1f} MiB at 20 000 rows, "
      f"{rss_big / 1024:.1f} MiB at 200 000 ({grow_cli:+.1f} MiB)")
check(rss_big > 0 and grow_cli < 8,
      f"the whole command's memory grows with the rows: {rss_small_cli / 1024:.1f} MiB at "
      f"20 000, {rss_big / 1024:.1f} MiB at 200 000 (the PDF held whole again?)")
finish()
