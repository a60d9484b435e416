#!/usr/bin/python3
"""Writes the seeds of fuzz_pdfa: small files shaped like cairo 1.16's PDF
(one cross-reference table, "/Type /Page % 1" comments, lengths as objects
after their streams, a CID font, cairo's own structure tree), as the finish
(src/render/pdfa.c) reads them. Run from this folder; the seeds are kept in
the repository."""
import zlib


def pdf(objs, root, info, head=b"%PDF-1.5\n%\xb5\xed\xae\xfb\n"):
    out = bytearray(head)
    offs = {}
    for num, body in objs:
        offs[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    size = max(offs) + 1
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offs[i] if i in offs else b"0000000000 00000 f \n"
    out += b"trailer\n<< /Size %d\n   /Root %d 0 R\n   /Info %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, info, x)
    return bytes(out)


def stream(data, length_id):
    return b"<< /Length %d 0 R\n   /Filter /FlateDecode\n>>\nstream\n" % length_id + data + b"\nendstream"


def page(pid, contents, parent):
    return (b"<< /Type /Page % 1\n   /Parent " + b"%d 0 R\n" % parent +
            b"   /MediaBox [ 0 0 595.27559 841.889764 ]\n   /Contents %d 0 R\n" % contents +
            b"   /Group <<\n      /Type /Group\n      /S /Transparency\n      /I true\n"
            b"      /CS /DeviceRGB\n   >>\n   /Resources 4 0 R\n   /StructParents 0\n>>")


one = zlib.compress(b"/NonStruct << /MCID 0 >> BDC 0 0 1 1 re f EMC\n"
                    b"/P << /MCID 1 >> BDC BT /f-0-0 1 Tf (a) Tj ET EMC\n")
objs = [
    (5, stream(one, 6)), (6, b"%d" % len(one)),
    (4, b"<< /Font << /f-0-0 7 0 R >> >>"),
    (7, b"<< /Type /Font\n   /Subtype /Type0\n   /BaseFont /AAAAAA+Tinos\n   /Encoding /Identity-H\n"
        b"   /DescendantFonts [ 8 0 R]\n>>"),
    (8, b"<< /Type /Font\n   /Subtype /CIDFontType2\n   /BaseFont /AAAAAA+Tinos\n"
        b"   /CIDSystemInfo\n   << /Registry (Adobe)\n      /Ordering (Identity)\n      /Supplement 0\n   >>\n"
        b"   /FontDescriptor 9 0 R\n   /W [0 [ 750 500 ]]\n>>"),
    (9, b"<< /Type /FontDescriptor /FontName /AAAAAA+Tinos /Flags 4 /FontBBox [ 0 0 1000 1000 ] "
        b"/ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 1000 /StemV 80 >>"),
    (3, page(3, 5, 1)),
    (1, b"<< /Type /Pages\n   /Kids [ 3 0 R ]\n   /Count 1\n>>"),
    (10, b"<< /Type /StructElem /S /P /P 11 0 R /K [ 1 ] /Pg 3 0 R >>"),
    (12, b"<< /Nums [ 0 13 0 R ] >>"), (13, b"[ null 10 0 R ]"),
    (11, b"<< /Type /StructTreeRoot\n   /ParentTree 12 0 R\n   /K [ 10 0 R ]\n>>"),
    (14, b"<< /Producer (cairo 1.16.0 \\(https://cairographics.org\\))\n   /Title <feff0042>\n>>"),
    (2, b"<< /Type /Catalog\n   /Pages 1 0 R\n   /StructTreeRoot 11 0 R\n   /MarkInfo << /Marked true >>\n>>"),
]
open("cairo-one-page.pdf", "wb").write(pdf(objs, 2, 14))

two = zlib.compress(b"BT /f-0-0 1 Tf (b) Tj ET\n")
objs2 = [o for o in objs if o[0] not in (1, 10, 11, 12, 13, 2)]
objs2 += [(15, stream(two, 16)), (16, b"%d" % len(two)), (17, page(17, 15, 1)),
          (1, b"<< /Type /Pages\n   /Kids [ 3 0 R 17 0 R ]\n   /Count 2\n>>"),
          (2, b"<< /Type /Catalog\n   /Pages 1 0 R\n>>")]
open("cairo-two-pages.pdf", "wb").write(pdf(objs2, 2, 14))

# libharu's draft (fuzz_pdfa finishes a "%PDF-1.3" file as libharu's): a page
# with a note, the catalog's /Names /EmbeddedFiles, a file specification and
# its embedded file ("stream" then CR LF, its length an object of its own).
att = zlib.compress(b"stt,ten\n1,a\n")
haru = [
    (1, b"<<\n/Type /Catalog\n/Pages 2 0 R\n/Names 10 0 R\n>>"),
    (2, b"<<\n/Type /Pages\n/Kids [ 4 0 R ]\n/Count 1\n>>"),
    (3, b"<<\n/Producer (Haru Free PDF Library 2.3.0)\n/Title <FEFF0042>\n>>"),
    (4, b"<<\n/Type /Page\n/MediaBox [ 0 0 595 842 ]\n/Contents 5 0 R\n/Resources <<\n>>\n"
        b"/Parent 2 0 R\n/Annots [ 7 0 R ]\n>>"),
    (5, b"<<\n/Length 6 0 R\n>>\nstream\r\n0 0 1 1 re f\nendstream"), (6, b"13"),
    (7, b"<<\n/Type /Annot\n/Subtype /Text\n/Rect [ 10 10 30 30 ]\n/Contents <FEFF0078>\n/F 2\n>>"),
    (10, b"<<\n/EmbeddedFiles 11 0 R\n>>"),
    (11, b"<<\n/Names [ (a.csv) 12 0 R ]\n>>"),
    (12, b"<<\n/EF <<\n/F 13 0 R\n>>\n/Type /Filespec\n/F (a.csv)\n/UF <FEFF0061002E006300730076>\n>>"),
    (13, b"<<\n/Length 14 0 R\n/Type /EmbeddedFile\n/Filter [ /FlateDecode ]\n>>\nstream\r\n" + att +
         b"\nendstream"), (14, b"%d" % len(att)),
]
open("haru-draft.pdf", "wb").write(pdf(haru, 1, 3, b"%PDF-1.3\n%\xb7\xbe\xad\xaa\n"))
