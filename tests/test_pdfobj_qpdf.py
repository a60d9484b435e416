"""The objects the PDF/A finish rewrites (render/pdfobj.c: the Info dictionary,
pages, CID fonts, a libharu draft's notes and file specifications) are printed
exactly as qpdf 11 prints them: each one's text in the object streams equals
qpdf's own unparse of that object (pikepdf, the system's libqpdf), so the files
are byte for byte what the finish wrote while qpdf printed these objects."""
import os

import pikepdf

from bctest import OUT, ROOT, check, finish, render

SAMPLE = os.path.join(ROOT, "samples/bao-cao-quy-1-2018-du-thao-2/report.yaml")


def stored(pdf):
    """Object number -> its text in the file's object streams."""
    texts = {}
    for o in pdf.objects:
        if isinstance(o, pikepdf.Stream) and o.get("/Type") == "/ObjStm":
            data, n, first = o.read_bytes(), int(o.N), int(o.First)
            head = data[:first].split()
            offs = [(int(head[2 * i]), int(head[2 * i + 1])) for i in range(n)]
            for i, (num, off) in enumerate(offs):
                end = offs[i + 1][1] if i + 1 < n else len(data) - first
                texts[num] = data[first + off:first + end].rstrip(b"\n")
    return texts


def compare(path, what, cairo):
    """cairo: the copy is cairo's (its pages and CID fonts are rewritten;
    libharu's are copied as libharu wrote them)."""
    pdf = pikepdf.open(path)
    texts = stored(pdf)
    kinds = {}
    info = pdf.trailer.get("/Info")
    for num, text in texts.items():
        obj = pdf.get_object(num, 0)
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        kind = None
        if info is not None and obj.objgen == info.objgen:
            kind = "Info"
        elif cairo and obj.get("/Type") == "/Page" and "/Annots" not in obj:
            kind = "page"
        elif cairo and obj.get("/Subtype") == "/CIDFontType2":
            kind = "CID font"
        elif obj.get("/Subtype") == "/Text":
            kind = "note"
        elif obj.get("/Type") == "/Filespec":
            kind = "file specification"
        if not kind:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        want = obj.unparse(resolved=True)
        if kind == "page":  # printed open (keys may follow), then closed by the finish
            want = want[:-2] + b" >>"
        check(text == want, f"{what}: {kind} {num}: {text[:200]!r} is not qpdf's {want[:200]!r}")
    return kinds


r = render(SAMPLE, os.path.join(OUT, "pdfobj-chinh-thuc.pdf"))
check(r.returncode == 0, f"official render: exit {r.returncode}")
k = compare(os.path.join(OUT, "pdfobj-chinh-thuc.pdf"), "official copy", True)
check(k.get("Info") == 1 and k.get("page", 0) >= 1 and k.get("CID font", 0) >= 2,
      f"official copy: the rewritten objects were found: {k}")

r = render(SAMPLE, os.path.join(OUT, "pdfobj-du-thao.pdf"), "--du-thao",
           "--thoi-diem", "20/03/2018 09:30", "--dinh-kem-goc")
check(r.returncode == 0, f"libharu draft: exit {r.returncode}")
k = compare(os.path.join(OUT, "pdfobj-du-thao.pdf"), "libharu draft", False)
check(k.get("Info") == 1 and k.get("note", 0) >= 1 and k.get("file specification", 0) >= 1,
      f"libharu draft: the rewritten objects were found: {k}")
finish()
