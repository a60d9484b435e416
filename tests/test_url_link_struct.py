#!/usr/bin/python3
"""A link shown in several runs - a URL broken over two lines, or a link
text partly bold - is ONE Link structure element (PDF 1.7 14.8.4.4, PDF/UA-1
7.18.5: a Link may hold several annotations): its kids are the link text's
marked content and the OBJR of every annotation, each annotation's
/StructParent leads to it, all annotations have the same /URI. Before, each
line's part was a Link element of its own, and a screen reader announced two
links with the URL cut in two.
"""
import os
import re
import shutil
import subprocess
import sys

import pikepdf

from bctest import (LONG_URL as LONG, OUT, PORTAL, check, copy_sample, finish, nfc, portal_paragraph,
                    qpdf_ok, render)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfacheck  # noqa: E402

D = os.path.join(OUT, "url-link-struct")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
rep = copy_sample("bao-cao-quy-1-2018", os.path.join(D, "mau"))
SEED = portal_paragraph()
STYLED = "https://cchc.khanhhoa.gov.vn/ket-qua"
with open(os.path.join(rep, "noi-dung.md"), "a", encoding="utf-8") as f:
    f.write("\n" + SEED + "\n")
    f.write(f"\nDanh mục thủ tục đã công bố xem tại <{LONG}> để tra cứu.\n")
    f.write(f"\nKết quả đăng tại [Cổng **thông tin** điện tử]({STYLED}) theo quy định.\n")
pdf = os.path.join(D, "links.pdf")
r = render(os.path.join(rep, "report.yaml"), pdf)
check(r.returncode == 0, f"render: exit {r.returncode}: {r.stderr[-400:]}")
if r.returncode == 0:
    check(qpdf_ok(pdf), "qpdf --check")
    problems = pdfacheck.check(pdf, tagged=True)
    check(not problems, f"pdfacheck --tagged: {problems[:5]}")
    with pikepdf.open(pdf) as p:
        ptree = pikepdf.NumberTree(p.Root.StructTreeRoot.ParentTree)
        annots = {}
        for pg in p.pages:
            for a in pg.obj.get("/Annots", []):
                if "/A" in a and a.A.get("/S") == "/URI":
                    annots.setdefault(str(a.A.URI), []).append(a)
        # every Link element of the tree and the annotations it holds
        links = []

        def walk(e):
            if not isinstance(e, pikepdf.Dictionary):
                return
            k = e.get("/K")
            ks = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
            if e.get("/S") == "/Link":
                links.append((e, ks))
            for c in ks:
                if isinstance(c, pikepdf.Dictionary) and c.get("/Type") not in ("/OBJR", "/MCR"):
                    walk(c)
        walk(p.Root.StructTreeRoot)
        for url, lines in ((PORTAL, 2), (LONG, 2), (STYLED, 1)):
            got = annots.get(url, [])
            want = 2 if url != STYLED else 1
            check(len(got) >= want, f"{url}: {len(got)} annotations (want {want} or more)")
            check(all(str(a.A.URI) == url for a in got), f"{url}: every annotation's /URI")
            elems = {ptree[int(a.StructParent)].objgen for a in got if "/StructParent" in a}
            check(len(elems) == 1 and all("/StructParent" in a for a in got),
                  f"{url}: the annotations' /StructParent lead to one element: {elems}")
            mine = [(e, ks) for e, ks in links
                    if any(isinstance(c, pikepdf.Dictionary) and c.get("/Type") == "/OBJR" and
                           c.Obj.objgen in {a.objgen for a in got} for c in ks)]
            check(len(mine) == 1, f"{url}: one Link element holds its annotations, got {len(mine)}")
            if len(mine) != 1:
                continue
            e, ks = mine[0]
            check(e.objgen in elems and e.P.S == "/P", f"{url}: the Link is the annotations' "
                                                       f"/StructParent and sits in a P")
            objr = sorted(c.Obj.objgen for c in ks if isinstance(c, pikepdf.Dictionary) and
                          c.get("/Type") == "/OBJR")
            check(objr == sorted(a.objgen for a in got),
                  f"{url}: the Link's /K holds an OBJR of each annotation: {objr}")
            mc = [c for c in ks if isinstance(c, int) or
                  (isinstance(c, pikepdf.Dictionary) and c.get("/Type") == "/MCR")]
            check(mc, f"{url}: the Link's /K holds the link text's marked content")
    st = nfc(subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True,
                            text=True).stdout)
    # the link's text read whole in its one Link element, then its annotations
    blocks = [("".join(re.findall(r'"([^"]*)"', m.group(1))), len(re.findall("Object", m.group(2))))
              for m in re.finditer(r'Link \(inline\)\s+((?:"[^"]*"\s+)+)((?:Object \d+ \d+\s+)+)', st)]
    for url, text in ((PORTAL, PORTAL), (LONG, LONG), (STYLED, "Cổng thông tin điện tử")):
        n = len(annots.get(url, []))
        check(blocks.count((text, n)) == 1,
              f"{url}: pdfinfo -struct-text reads one Link with {text!r} and its {n} annotations: "
              f"{blocks}")

finish()
