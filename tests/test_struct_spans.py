#!/usr/bin/python3
"""Tagged PDF: spanning table cells and Link elements (PDF/UA-1 7.5, 7.18.5).

1. A group row's title cell that spans the empty cells after it (gop-cot)
   is one TD with /A << /O /Table /ColSpan n >>, not a TD followed by n-1
   empty TDs; a header cell over several columns (a column group) is one TH
   with /ColSpan, one over several header rows a TH with /RowSpan; every
   body row's cells, counted with their spans, cover the table's columns.
2. A URL's Link element holds the link text's marked content and the OBJR
   of its annotation (a Link holding only the OBJR leaves the text outside
   the link for a screen reader); the Link sits in its paragraph where the
   text is, so the paragraph reads in order.

Read back with pikepdf (the tree) and poppler's pdfinfo -struct-text.
"""
import os
import re
import shutil
import subprocess

import pikepdf

from bctest import OUT, ROOT, check, finish, nfc, qpdf_ok, render, run

D = os.path.join(OUT, "struct-spans")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def walk(el, depth=0):
    """(depth, element) for the elements of the tree, in tree order."""
    yield depth, el
    k = el.get("/K")
    kids = list(k) if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])
    for c in kids:
        if isinstance(c, pikepdf.Dictionary) and c.get("/Type") not in ("/MCR", "/OBJR") \
                and "/S" in c:
            yield from walk(c, depth + 1)


def kids(el):
    k = el.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])


def attr(el, name):
    a = el.get("/A")
    return int(a[name]) if a is not None and name in a else 1


def struct_lines(pdf):
    r = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True)
    return nfc(r.stdout)


# ---------------------------------------------------------------------------
# 1. table spans
spec = os.path.join(D, "bang.yaml")
with open(spec, "w", encoding="utf-8") as f:
    f.write("""nhan: Phụ lục 1
tieu-de: THỬ GỘP Ô
cot:
  - {khoa: stt, nhan: STT, nguon: cap}
  - {khoa: ten, nhan: Nhiệm vụ}
  - nhan: Hồ sơ đã giải quyết
    cot:
      - {khoa: dung, nhan: Đúng hạn, kieu: so}
      - {khoa: tre, nhan: Trễ hạn, kieu: so}
  - {khoa: td, nhan: Tiến độ}
hang:
  ky-hieu: stt
  ten: ten
  nhom: o-trong
  trong-sau: ten
  gop-cot: co
""")
data = os.path.join(D, "bang.csv")
with open(data, "w", encoding="utf-8") as f:
    f.write("cap,Nhiệm vụ,Hồ sơ đã giải quyết / Đúng hạn,Hồ sơ đã giải quyết / Trễ hạn,Tiến độ\n"
            "I,CẢI CÁCH THỦ TỤC HÀNH CHÍNH CỦA TỈNH KHÁNH HÒA,,,\n"
            "1,Rà soát thủ tục,12,3,Quý I\n"
            "2,Công bố thủ tục,,4,\n")
pdf = os.path.join(D, "bang.pdf")
r = run(["table", data, "--spec", spec, "-o", pdf, "--chi-phong-kem-theo"])
check(r.returncode == 0, f"table: {r.returncode} {r.stderr[-300:]}")
if r.returncode == 0:
    check(qpdf_ok(pdf), "table: qpdf --check")
    with pikepdf.open(pdf) as p:
        tree = list(walk(p.Root.StructTreeRoot.K))
        cells = [(d, e) for d, e in tree if e.S in ("/TH", "/TD")]
        rows = [e for d, e in tree if e.S == "/TR"]
        body = [tr for tr in rows if tr.P.S == "/TBody"]
        head = [tr for tr in rows if tr.P.S == "/THead"]
        check(len(head) == 2 and len(body) == 3, f"table: {len(head)} header rows, {len(body)} "
                                                  f"body rows (want 2, 3)")

        def texts(tr):
            return [(c.S, attr(c, "/ColSpan"), attr(c, "/RowSpan")) for c in kids(tr)]
        # header: STT, Nhiệm vụ, Tiến độ over both header rows; the group over two columns
        h0 = texts(head[0]) if head else []
        check(h0 == [("/TH", 1, 2), ("/TH", 1, 2), ("/TH", 2, 1), ("/TH", 1, 2)],
              f"table: first header row (TH, ColSpan, RowSpan) {h0}")
        h1 = texts(head[1]) if len(head) > 1 else []
        check(h1 == [("/TH", 1, 1), ("/TH", 1, 1)], f"table: second header row {h1}")
        for d, c in cells:
            if c.S == "/TH":
                check(c.A.O == "/Table" and c.A.Scope == "/Column", "table: TH /A /O /Table /Scope")
        g = texts(body[0]) if body else []
        check(g == [("/TD", 1, 1), ("/TD", 4, 1)],
              f"table: the group row is STT and one TD spanning 4 columns, got {g}")
        if len(g) == 2:
            a = kids(body[0])[1].A
            check(a.O == "/Table" and int(a.ColSpan) == 4, "table: the title's /A << /O /Table /ColSpan 4 >>")
        for tr in body:
            n = sum(attr(c, "/ColSpan") for c in kids(tr))
            check(n == 5, f"table: a body row covers {n} columns (want 5)")
    st = struct_lines(pdf)
    check(re.search(r'TD:\s+/ColSpan 4\s+"CẢI CÁCH THỦ TỤC HÀNH CHÍNH CỦA TỈNH KHÁNH HÒA"', st),
          f"table: pdfinfo -struct-text shows the spanning TD with its text: {st[:1500]}")

# ---------------------------------------------------------------------------
# 2. Link elements hold their text
rep = os.path.join(D, "links")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), rep)
with open(os.path.join(rep, "noi-dung.md"), "a", encoding="utf-8") as f:
    f.write("\nKết quả đăng tại [Cổng thông tin điện tử](https://cchc.khanhhoa.gov.vn/ket-qua) "
            "và <https://baocao.khanhhoa.gov.vn> theo quy định.\n")
pdf = os.path.join(D, "links.pdf")
r = render(os.path.join(rep, "report.yaml"), pdf)
check(r.returncode == 0, f"links: {r.returncode} {r.stderr[-300:]}")
if r.returncode == 0:
    check(qpdf_ok(pdf), "links: qpdf --check")
    st = struct_lines(pdf)
    check(re.search(r'P \(block\)\s+"Kết quả đăng tại "\s+Link \(inline\)\s+"Cổng thông tin điện tử"'
                    r'\s+Object \d+ 0\s+" và "\s+Link \(inline\)\s+"https://baocao.khanhhoa.gov.vn"'
                    r'\s+Object \d+ 0\s+" theo quy định."', st),
          "links: the paragraph reads its text, each Link with its text and its annotation, in "
          "order: " + st[st.find("Kết quả đăng"):][:500])
    with pikepdf.open(pdf) as p:
        nums = p.Root.StructTreeRoot.ParentTree.Nums
        ptree = {int(nums[k]): nums[k + 1] for k in range(0, len(nums), 2)}
        seen = 0
        for pg in p.pages:
            for a in pg.obj.get("/Annots", []):
                if "/A" not in a or a.A.get("/S") != "/URI":
                    continue
                seen += 1
                link = ptree.get(int(a.get("/StructParent", -1)))
                ok = link is not None and link.S == "/Link" and link.P.S == "/P"
                check(ok, f"links: {a.A.URI}: the annotation's element is a Link in a P")
                if not ok:
                    continue
                ks = kids(link)
                objr = [k for k in ks if isinstance(k, pikepdf.Dictionary) and
                        k.get("/Type") == "/OBJR"]
                mcids = [k for k in ks if isinstance(k, int) or
                         (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR")]
                check(len(objr) == 1 and objr[0].Obj.objgen == a.objgen,
                      f"links: {a.A.URI}: the Link holds the annotation's OBJR")
                check(len(mcids) >= 1, f"links: {a.A.URI}: the Link holds the link text's "
                                       f"marked content (kids {list(ks)})")
        check(seen == 2, f"links: {seen} URI annotations (want 2)")

finish()
