"""Official copies are PDF/A-2b (issue 14): every sample's PDF, and a table's,
passes tests/pdfacheck.py and qpdf --check; the metadata is exact (dates with
the +07'00' offset, XMP equal to the Info dictionary, /Lang vi-VN, sRGB
OutputIntent); and the checker itself fails on each defect it is meant to
find (a checker that cannot fail proves nothing)."""
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pikepdf  # noqa: E402

import pdfacheck  # noqa: E402
from bctest import OUT, ROOT, check, finish, qpdf_ok, render, run, sample  # noqa: E402

wd = os.path.join(OUT, "pdfa")
os.makedirs(wd, exist_ok=True)

SAMPLES = sorted(d for d in os.listdir(os.path.join(ROOT, "samples"))
                 if os.path.isfile(sample(d)))
outputs = {}
for name in SAMPLES:
    pdf = os.path.join(wd, name + ".pdf")
    r = render(sample(name), pdf)
    if not check(r.returncode in (0, 3) and os.path.exists(pdf),
                 f"{name}: exit {r.returncode}: {r.stderr[-400:]}"):
        continue
    outputs[name] = pdf
    problems = pdfacheck.check(pdf, tagged=True)
    check(not problems, f"{name}: PDF/A-2b checker (tagged): {problems}")
    ok, msg = qpdf_ok(pdf)
    check(ok, f"{name}: qpdf --check: {msg[-400:]}")

# A table printed alone (no document date: no dates at all, still PDF/A).
spec = os.path.join(ROOT, "samples", "thanh-tra-2020", "phu-luc-1.yaml")
csv = os.path.join(ROOT, "samples", "thanh-tra-2020", "phu-luc-1.csv")
table_pdf = os.path.join(wd, "table.pdf")
r = run(["table", csv, "--spec", spec, "-o", table_pdf, "--chi-phong-kem-theo"])
if check(r.returncode in (0, 3), f"table: exit {r.returncode}: {r.stderr[-400:]}"):
    check(not pdfacheck.check(table_pdf, tagged=True),
          f"table: {pdfacheck.check(table_pdf, tagged=True)}")
    with pikepdf.open(table_pdf) as p:
        check("/CreationDate" not in p.docinfo, "table: a CreationDate without a document date")

# Seed 001's metadata, exactly.
seed = outputs.get("bao-cao-quy-1-2018")
if check(seed is not None, "seed 001 rendered"):
    with pikepdf.open(seed) as p:
        info = p.docinfo
        check(str(info.get("/CreationDate")) == "D:20180314080000+07'00'",
              f"CreationDate {info.get('/CreationDate')!r}")
        check(str(info.get("/ModDate")) == "D:20180314080000+07'00'",
              f"ModDate {info.get('/ModDate')!r}")
        check(str(p.Root.get("/Lang")) == "vi-VN", f"/Lang {p.Root.get('/Lang')!r}")
        check(str(info.get("/Title")).startswith("Tình hình, kết quả cải cách hành chính quý I"),
              f"Title {info.get('/Title')!r}")
        x = ET.fromstring(p.Root.Metadata.read_bytes())
        ns = pdfacheck.NS
        title = x.find(".//dc:title/rdf:Alt/rdf:li", ns)
        check(title is not None and title.text == str(info.get("/Title")), "XMP dc:title")
        creator = x.find(".//dc:creator/rdf:Seq/rdf:li", ns)
        check(creator is not None and creator.text == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
              f"XMP dc:creator {creator.text if creator is not None else None!r}")
        cd = x.find(".//xmp:CreateDate", ns)
        check(cd is not None and cd.text == "2018-03-14T08:00:00+07:00", "XMP xmp:CreateDate")
        prod = x.find(".//pdf:Producer", ns)
        # the pages' writer only: qpdf no longer touches a render (render/pdfobj)
        check(prod is not None and prod.text.startswith("cairo ") and "qpdf" not in prod.text,
              f"XMP pdf:Producer names cairo (and not qpdf): {prod.text if prod is not None else None!r}")
        check(len(p.trailer.ID) == 2, "trailer /ID")
        icc = p.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        check(icc[16:20] == b"RGB " and b"sRGB" in icc, "OutputIntent profile is sRGB")
    # The finish copies cairo's objects and writes only what changes (pdfa.c,
    # pdfout.c): one revision ending in a cross-reference stream, every
    # structure element in the file reachable from the tree (cairo's own tree
    # left out, not left behind), no indirect integers (cairo's /Length
    # objects written in place), the /ID the MD5 of the bytes before the
    # cross-reference stream.
    raw = open(seed, "rb").read()
    check(raw.count(b"startxref") == 1 and raw.count(b"%%EOF") == 1, "one revision")
    with pikepdf.open(seed) as p:
        xref_at = int(raw[raw.rindex(b"startxref") + 9:].split()[0])
        check(b"/Type /XRef" in raw[xref_at:xref_at + 400], "a cross-reference stream at startxref")
        import hashlib
        check(bytes(p.trailer.ID[0]) == hashlib.md5(raw[:xref_at]).digest(),
              "/ID is the MD5 of the bytes before the cross-reference stream")
        reach = set()
        todo = [p.Root.StructTreeRoot.K]
        while todo:
            e = todo.pop()
            if isinstance(e, pikepdf.Array):
                todo.extend(e)
            elif isinstance(e, pikepdf.Dictionary) and e.get("/Type") == "/StructElem":
                if e.objgen not in reach:
                    reach.add(e.objgen)
                    k = e.get("/K")
                    if k is not None:
                        todo.append(k)
        elems = {o.objgen for o in p.objects
                 if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"}
        check(elems and elems == reach,
              f"{len(elems - reach)} structure elements outside the tree (cairo's?)")
        check(not [o for o in p.objects if not isinstance(o, pikepdf.Object)],
              "an indirect integer or other scalar object (a /Length left behind?)")
    # The same input gives the same bytes (the /ID comes from the content).
    again = os.path.join(wd, "again.pdf")
    render(sample("bao-cao-quy-1-2018"), again)
    check(open(again, "rb").read() == open(seed, "rb").read(), "two renders differ")

# XML's special characters in the metadata (pdfa.c: a fixed XMP template,
# each value escaped by GLib): the packet parses and says what Info says.
import tempfile  # noqa: E402
from bctest import write_report  # noqa: E402
special_dir = tempfile.mkdtemp(prefix="pdfa-xml-", dir=wd)
special_title = 'Về "một cửa" <liên thông> & dịch vụ công \'trực tuyến\''
special = write_report(special_dir, "Nội dung.\n",
                       trich_yeu="'" + special_title.replace("'", "''") + "'")
special_pdf = os.path.join(wd, "special.pdf")
r = render(special, special_pdf)
if check(r.returncode in (0, 3) and os.path.exists(special_pdf),
         f"title with & < > \" ': exit {r.returncode}: {r.stderr[-400:]}"):
    check(not pdfacheck.check(special_pdf, tagged=True),
          f"title with & < > \" ': {pdfacheck.check(special_pdf, tagged=True)}")
    with pikepdf.open(special_pdf) as p:
        raw_xmp = p.Root.Metadata.read_bytes()
        x = ET.fromstring(raw_xmp)
        title = x.find(".//dc:title/rdf:Alt/rdf:li", pdfacheck.NS)
        check(str(p.docinfo.get("/Title")) == special_title,
              f"Info /Title {str(p.docinfo.get('/Title'))!r}")
        check(title is not None and title.text == special_title,
              f"XMP dc:title {title.text if title is not None else None!r}")
        check(b"&amp;" in raw_xmp and b"&lt;" in raw_xmp and b"<li" not in raw_xmp,
              "the XMP escapes & and < (no markup from the title)")

# The checker fails on each defect (made by editing a good file with pikepdf).


def broken(name, edit, rule, source=None):
    path = os.path.join(wd, f"broken-{name}.pdf")
    with pikepdf.open(source or seed) as p:
        edit(p)
        p.save(path)
    problems = pdfacheck.check(path, tagged=True)
    check(any(x.startswith(rule + ":") for x in problems),
          f"checker misses {name} (want rule {rule}): {problems}")


if seed:
    def set_date(p):
        p.docinfo["/CreationDate"] = pikepdf.String("20180314080000")

    def drop(key):
        return lambda p: p.Root.__delitem__(key)

    def xmp_title(p):
        raw = p.Root.Metadata.read_bytes().replace("Tình hình".encode(), b"Tinh hinh")
        p.Root.Metadata.write(raw)

    def xmp_part(p):
        raw = p.Root.Metadata.read_bytes().replace(b"<pdfaid:part>2<", b"<pdfaid:part>1<")
        p.Root.Metadata.write(raw)

    def cidmap(p):
        for _, f in p.pages[0].Resources.Font.items():
            if "/DescendantFonts" in f:
                del f.DescendantFonts[0]["/CIDToGIDMap"]

    def javascript(p):
        p.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                               JS=pikepdf.String("app.alert(1)"))

    def unembed(p):
        for _, f in p.pages[0].Resources.Font.items():
            if "/DescendantFonts" in f:
                del f.DescendantFonts[0].FontDescriptor["/FontFile2"]

    def hidden_annot(p):
        p.pages[0].obj.Annots = p.make_indirect(pikepdf.Array([p.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
            F=2))]))

    broken("old-date", set_date, "dates")
    broken("no-xmp", drop("/Metadata"), "xmp")
    broken("xmp-title", xmp_title, "xmp-info")
    broken("xmp-part", xmp_part, "xmp")
    broken("no-intent", drop("/OutputIntents"), "intent")
    broken("no-lang", drop("/Lang"), "lang")
    broken("cidtogid", cidmap, "fonts")
    broken("unembedded", unembed, "fonts")
    broken("javascript", javascript, "actions")
    broken("hidden-annot", hidden_annot, "annots")

    # The structure tree (tagged).
    def no_markinfo(p):
        del p.Root["/MarkInfo"]

    def no_struct_parents(p):
        del p.pages[1].obj["/StructParents"]

    def parent_tree_hole(p):
        nums = p.Root.StructTreeRoot.ParentTree.Nums
        nums[1][1] = None  # page 1's MCID 1 (0 is an artifact) leads nowhere

    def wrong_parent(p):
        doc = p.Root.StructTreeRoot.K
        doc.K[1].P = doc.K[2]

    def foreign_type(p):
        p.Root.StructTreeRoot.K.K[1].S = pikepdf.Name("/Paragraph")

    def claim_missing(p):
        el = p.Root.StructTreeRoot.K.K[1]
        el.K = pikepdf.Array(list(el.K) + [9999]) if isinstance(el.K, pikepdf.Array) \
            else pikepdf.Array([el.K, 9999])

    def annot_outside(p):
        for page in p.pages:
            for a in page.obj.get("/Annots", []):
                if "/StructParent" in a:  # the links (signature fields have none)
                    del a["/StructParent"]

    broken("no-markinfo", no_markinfo, "marked")
    broken("no-structparents", no_struct_parents, "struct")
    broken("parenttree-hole", parent_tree_hole, "struct")
    broken("wrong-parent", wrong_parent, "struct")
    broken("foreign-type", foreign_type, "struct")
    broken("claims-missing-mcid", claim_missing, "struct")
    notes = outputs.get("bao-cao-nam-2023")
    if check(notes is not None, "bao-cao-nam-2023 rendered"):
        broken("annot-outside", annot_outside, "struct", source=notes)

finish()
