#!/usr/bin/python3
"""pdfacheck -- checks the PDF/A-2b rules (ISO 19005-2, level B) that baocao's
official copies rely on.  Debian packages no PDF/A validator; this is not one
either: it checks the rules below, each by reading the file with pikepdf
(python3-pikepdf), and nothing else.

    /usr/bin/python3 tests/pdfacheck.py OUT.pdf [--tagged] [--part 3]

prints one line per problem; exit status 1 when there is one.  From Python:
``pdfacheck.check(path, tagged=False, part=2)`` returns the list of problems
(strings, each starting with the rule's name).  With part 3 (PDF/A-3b, ISO
19005-3: the draft review copies, which embed their sources) the rules are
the same except pdfaid:part 3 and the embedded-files rule below.

Rules checked
-------------
header      "%PDF-1.n" (n <= 7) and a binary comment line (4 bytes > 127)
encrypt     no /Encrypt in the trailer
id          trailer /ID: an array of two strings
dates       Info /CreationDate, /ModDate: D:YYYYMMDDHHmmSS+HH'mm' (or Z)
xmp         catalog /Metadata: an unfiltered /Type /Metadata /Subtype /XML
            stream that parses as XML inside an xpacket, with pdfaid:part 2
            and pdfaid:conformance B
xmp-info    XMP equal to the Info dictionary: Title = dc:title, Author =
            dc:creator (one entry), Subject = dc:description, Keywords =
            pdf:Keywords, Producer = pdf:Producer, Creator = xmp:CreatorTool,
            CreationDate = xmp:CreateDate, ModDate = xmp:ModifyDate
intent      exactly one /GTS_PDFA1 OutputIntent with an ICC profile of an RGB
            display device (/N 3) whose description names sRGB
fonts       every font used (page, form and annotation resources) embedded;
            TrueType CID fonts with /CIDToGIDMap
actions     no JavaScript (names tree, /JS, /AA) and no Launch, Sound, Movie,
            ResetForm, ImportData, Hide, SetOCGState, Rendition, Trans,
            GoTo3DView actions
annots      every annotation printable (/F has Print, not Hidden, Invisible,
            NoView); no forbidden subtypes; non-Link/Popup annotations with an
            appearance stream
filters     no LZWDecode stream, no image with /Interpolate true, no
            embedded files (part 2)
embedded    (part 3) every embedded file: its file specification in the
            /EmbeddedFiles names has /F, /UF and a valid /AFRelationship and
            is listed in the catalog's /AF; its stream has a MIME /Subtype
            and /Params /ModDate
lang        catalog /Lang, /ViewerPreferences /DisplayDocTitle true
marked      (with --tagged) /MarkInfo /Marked true and a /StructTreeRoot
struct      (with --tagged) the structure tree is whole: a Document at its
            root, standard structure types only, each element's /P its
            parent; every marked-content sequence with an MCID in a page's
            content is in the page's ParentTree array (/StructParents; the
            ParentTree a number tree with /Limits right on every leaf), and
            that element lists it in its /K (an MCID with the element's /Pg
            or an MCR with the page); every element's MCID is in its page's
            content; artifacts as /Artifact BMC; every annotation with a
            /StructParent whose Link element holds it as an OBJR; /Tabs /S
            on pages with annotations
"""
import re
import sys
import xml.etree.ElementTree as ET

import pikepdf

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-](\d{2})'(\d{2})'?)$")
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript",
                     "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
STANDARD_TYPES = {
    "/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/Caption", "/TOC", "/TOCI",
    "/Index", "/NonStruct", "/Private", "/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6",
    "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot",
    "/Span", "/Quote", "/Note", "/Reference", "/BibEntry", "/Code", "/Link", "/Annot", "/Ruby",
    "/RB", "/RT", "/RP", "/Warichu", "/WT", "/WP", "/Figure", "/Formula", "/Form"}
FORBIDDEN_ANNOTS = {"/Sound", "/Movie", "/3D", "/Screen", "/FileAttachment", "/RichMedia"}


def pdf_date_to_xmp(d):
    m = PDF_DATE.match(d)
    if not m:
        return None
    y, mo, da, h, mi, s, tz = m.group(1, 2, 3, 4, 5, 6, 7)
    tz = "Z" if tz == "Z" else f"{tz[0]}{m.group(8)}:{m.group(9)}"
    return f"{y}-{mo}-{da}T{h}:{mi}:{s}{tz}"


def _text(v):
    return str(v) if v is not None else None


def _xmp_values(root):
    """The properties of every rdf:Description: simple values as strings,
    rdf:Alt/Seq/Bag as lists (Alt: x-default first)."""
    out = {}
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        for k, v in desc.attrib.items():  # properties written as attributes
            if not k.startswith(f"{{{NS['rdf']}}}"):
                out[k] = v
        for prop in desc:
            lst = None
            for cont in ("Alt", "Seq", "Bag"):
                c = prop.find(f"rdf:{cont}", NS)
                if c is not None:
                    lis = c.findall("rdf:li", NS)
                    lis.sort(key=lambda li: li.get("{http://www.w3.org/XML/1998/namespace}lang")
                             != "x-default")
                    lst = [li.text or "" for li in lis]
            out[prop.tag] = lst if lst is not None else (prop.text or "")
    return out


def _q(prefix, name):
    return f"{{{NS[prefix]}}}{name}"


def _int(v):
    """A number read from the file: an int, also when it is written as an
    indirect object ("/StructParents 12 0 R", "12 0 obj 4 endobj": legal,
    pikepdf resolves the reference); None when it is not an integer."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, pikepdf.Object):
        try:
            return int(v)
        except (TypeError, ValueError):
            return None
    return None


def _direct(v):
    """A nested container held in place (not a reference)."""
    return isinstance(v, (pikepdf.Dictionary, pikepdf.Array)) and not v.is_indirect


class Checker:
    def __init__(self, path, tagged, part=2):
        self.path = path
        self.tagged = tagged
        self.part = part
        self.problems = []

    def bad(self, rule, msg):
        self.problems.append(f"{rule}: {msg}")

    def run(self):
        with open(self.path, "rb") as f:
            head = f.read(1024)
        lines = head.split(b"\n", 2)
        if not re.match(rb"^%PDF-1\.[0-7]\r?$", lines[0]):
            self.bad("header", f"first line {lines[0][:20]!r}")
        if len(lines) < 2 or not lines[1].startswith(b"%") or \
                sum(b > 127 for b in lines[1][1:5]) < 4:
            self.bad("header", "no binary comment (4 bytes > 127) on the second line")
        with pikepdf.open(self.path) as pdf:
            self.pdf = pdf
            self.check_trailer()
            info = self.check_dates()
            self.check_xmp(info)
            self.check_intent()
            self.check_objects()
            self.check_catalog()
        return self.problems

    def check_trailer(self):
        t = self.pdf.trailer
        if "/Encrypt" in t or self.pdf.is_encrypted:
            self.bad("encrypt", "the file is encrypted")
        ident = t.get("/ID")
        if not isinstance(ident, pikepdf.Array) or len(ident) != 2 or \
                not all(isinstance(x, pikepdf.String) for x in ident):
            self.bad("id", "trailer has no /ID of two strings")

    def check_dates(self):
        info = {}
        di = self.pdf.trailer.get("/Info")
        if di is None:
            return info
        for k, v in di.items():
            info[k] = str(v) if isinstance(v, pikepdf.String) else v
        for k in ("/CreationDate", "/ModDate"):
            if k in info and not PDF_DATE.match(str(info[k])):
                self.bad("dates", f"Info {k} is {info[k]!r}, not D:YYYYMMDDHHmmSS+HH'mm'")
        return info

    def check_xmp(self, info):
        md = self.pdf.Root.get("/Metadata")
        if md is None or not isinstance(md, pikepdf.Stream):
            self.bad("xmp", "catalog has no /Metadata stream")
            return
        if md.get("/Type") != "/Metadata" or md.get("/Subtype") != "/XML":
            self.bad("xmp", "/Metadata is not /Type /Metadata /Subtype /XML")
        if "/Filter" in md:
            self.bad("xmp", "the metadata stream is filtered")
        raw = md.read_bytes()
        if not raw.lstrip().startswith(b"<?xpacket begin=") or b"<?xpacket end=" not in raw:
            self.bad("xmp", "no xpacket header and trailer")
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as e:
            self.bad("xmp", f"does not parse: {e}")
            return
        v = _xmp_values(root)
        if v.get(_q("pdfaid", "part")) != str(self.part):
            self.bad("xmp", f"pdfaid:part is {v.get(_q('pdfaid', 'part'))!r}, not {self.part}")
        if v.get(_q("pdfaid", "conformance")) != "B":
            self.bad("xmp", f"pdfaid:conformance is {v.get(_q('pdfaid', 'conformance'))!r}")

        def first(key):
            x = v.get(key)
            return x[0] if isinstance(x, list) and x else (x if not isinstance(x, list) else None)

        pairs = [("/Title", first(_q("dc", "title")), "dc:title"),
                 ("/Subject", first(_q("dc", "description")), "dc:description"),
                 ("/Keywords", v.get(_q("pdf", "Keywords")), "pdf:Keywords"),
                 ("/Producer", v.get(_q("pdf", "Producer")), "pdf:Producer"),
                 ("/Creator", v.get(_q("xmp", "CreatorTool")), "xmp:CreatorTool")]
        for k, xv, name in pairs:
            if (k in info) != (xv is not None):
                self.bad("xmp-info", f"Info {k} and XMP {name}: only one is present")
            elif k in info and str(info[k]) != xv:
                self.bad("xmp-info", f"Info {k} {str(info[k])!r} != XMP {name} {xv!r}")
        creators = v.get(_q("dc", "creator"))
        if "/Author" in info:
            if creators != [str(info["/Author"])]:
                self.bad("xmp-info", f"Info /Author {str(info['/Author'])!r} != dc:creator "
                                     f"{creators!r}")
        elif creators is not None:
            self.bad("xmp-info", "dc:creator without Info /Author")
        for k, name in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
            xv = v.get(_q("xmp", name))
            if k in info:
                if pdf_date_to_xmp(str(info[k])) != xv:
                    self.bad("xmp-info", f"Info {k} {str(info[k])!r} != xmp:{name} {xv!r}")
            elif xv is not None:
                self.bad("xmp-info", f"xmp:{name} without Info {k}")

    def check_intent(self):
        intents = self.pdf.Root.get("/OutputIntents")
        pdfa = [oi for oi in (intents or []) if oi.get("/S") == "/GTS_PDFA1"]
        if len(pdfa) != 1:
            self.bad("intent", f"{len(pdfa)} GTS_PDFA1 OutputIntents (one is needed)")
            return
        prof = pdfa[0].get("/DestOutputProfile")
        if not isinstance(prof, pikepdf.Stream):
            self.bad("intent", "no /DestOutputProfile ICC stream")
            return
        if _int(prof.get("/N")) != 3:
            self.bad("intent", f"/N is {prof.get('/N')}, not 3")
        icc = prof.read_bytes()
        if len(icc) < 132 or icc[36:40] != b"acsp":
            self.bad("intent", "the profile is not an ICC profile")
            return
        if icc[16:20] != b"RGB " or icc[12:16] not in (b"mntr", b"scnr"):
            self.bad("intent", f"profile class {icc[12:16]!r} colour space {icc[16:20]!r}")
        if icc[8] > 4:
            self.bad("intent", f"ICC version {icc[8]} (PDF/A-2 allows up to 4)")
        if b"sRGB" not in icc and "sRGB".encode("utf-16-be") not in icc:
            self.bad("intent", "the profile's description does not name sRGB")

    def _fonts_in(self, res, seen, depth=0):
        if not isinstance(res, pikepdf.Dictionary) or depth > 8:
            return
        fonts = res.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for name, f in fonts.items():
                key = f.objgen if f.is_indirect else id(f)
                if key in seen:
                    continue
                seen.add(key)
                self._font(name, f)
                if f.get("/Subtype") == "/Type3":
                    self._fonts_in(f.get("/Resources"), seen, depth + 1)
        xo = res.get("/XObject")
        if isinstance(xo, pikepdf.Dictionary):
            for _, x in xo.items():
                if x.get("/Subtype") == "/Form":
                    self._fonts_in(x.get("/Resources"), seen, depth + 1)

    def _font(self, name, f):
        base = str(f.get("/BaseFont", name))
        st = f.get("/Subtype")
        if st == "/Type3":
            return
        if st == "/Type0":
            desc = f.get("/DescendantFonts")
            if not desc:
                self.bad("fonts", f"{base}: Type0 without DescendantFonts")
                return
            cid = desc[0]
            if cid.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in cid:
                self.bad("fonts", f"{base}: CIDFontType2 without /CIDToGIDMap")
            fd = cid.get("/FontDescriptor")
        else:
            fd = f.get("/FontDescriptor")
        if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.bad("fonts", f"{base} is not embedded")

    def check_objects(self):
        seen = set()
        for i, page in enumerate(self.pdf.pages, 1):
            self._fonts_in(page.obj.get("/Resources"), seen)
            if "/AA" in page.obj:
                self.bad("actions", f"page {i} has additional actions (/AA)")
            for a in page.obj.get("/Annots") or []:
                st = a.get("/Subtype")
                f = _int(a.get("/F", 0))
                if f is None:
                    self.bad("annots", f"page {i}: {st} annotation with /F {a.get('/F')!r} "
                                       f"(not a number)")
                elif not f & 4 or f & (1 | 2 | 32):
                    self.bad("annots", f"page {i}: {st} annotation with /F {f} (not printable)")
                if st in FORBIDDEN_ANNOTS:
                    self.bad("annots", f"page {i}: {st} annotation")
                if st not in ("/Link", "/Popup"):
                    ap = a.get("/AP")
                    if ap is None or "/N" not in ap:
                        self.bad("annots", f"page {i}: {st} annotation without appearance stream")
                    else:
                        n = ap["/N"]
                        streams = [n] if isinstance(n, pikepdf.Stream) else list(n.values())
                        for s in streams:
                            self._fonts_in(s.get("/Resources"), seen)
        for obj, num in self._all_dicts():
            d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            s = d.get("/S")
            if s in FORBIDDEN_ACTIONS:
                self.bad("actions", f"{s} action (object {num})")
            if "/JS" in d or "/AA" in d:
                self.bad("actions", f"JavaScript or additional actions (object {num})")
            if isinstance(obj, pikepdf.Stream):
                flt = d.get("/Filter")
                flts = list(flt) if isinstance(flt, pikepdf.Array) else [flt]
                if "/LZWDecode" in flts:
                    self.bad("filters", f"LZWDecode stream (object {num})")
                if d.get("/Subtype") == "/Image" and d.get("/Interpolate") is True:
                    self.bad("filters", f"image with /Interpolate true (object {num})")
            if d.get("/Type") == "/EmbeddedFile" and self.part == 2:
                self.bad("filters", "embedded file")
            if d.get("/Type") == "/EmbeddedFile" and self.part == 3:
                if not re.match(r"^/[a-z]+#2F[-+.a-z0-9]+$", str(d.get("/Subtype", ""))) and \
                        not re.match(r"^/[a-z]+/[-+.a-z0-9]+$", str(d.get("/Subtype", ""))):
                    self.bad("embedded", f"embedded file without a MIME /Subtype (object {num})")
                if "/ModDate" not in (d.get("/Params") or {}):
                    self.bad("embedded", f"embedded file without /Params /ModDate (object {num})")
        names = self.pdf.Root.get("/Names")
        if names is not None:
            if "/JavaScript" in names:
                self.bad("actions", "document-level JavaScript (/Names /JavaScript)")
            if "/EmbeddedFiles" in names and self.part == 2:
                self.bad("filters", "embedded files (/Names /EmbeddedFiles)")
            if "/EmbeddedFiles" in names and self.part == 3:
                self.check_embedded(names["/EmbeddedFiles"])
        if "/AA" in self.pdf.Root:
            self.bad("actions", "catalog has additional actions (/AA)")

    def check_embedded(self, tree):
        af = [x.objgen for x in self.pdf.Root.get("/AF") or []]
        specs, stack = [], [tree]
        while stack:
            node = stack.pop()
            stack.extend(node.get("/Kids") or [])
            items = list(node.get("/Names") or [])
            specs.extend(zip(items[0::2], items[1::2]))
        for name, fs in specs:
            for key in ("/F", "/UF"):
                if key not in fs:
                    self.bad("embedded", f"{name}: file specification without {key}")
            rel = fs.get("/AFRelationship")
            if rel not in ("/Source", "/Data", "/Alternative", "/Supplement",
                           "/EncryptedPayload", "/FormData", "/Schema", "/Unspecified"):
                self.bad("embedded", f"{name}: /AFRelationship is {rel!r}")
            if fs.objgen not in af:
                self.bad("embedded", f"{name}: not listed in the catalog's /AF")

    def _all_dicts(self):
        """Every dictionary and stream: the indirect objects and the direct
        dictionaries nested in them (an /OpenAction written in place ...),
        with the number of the indirect object that holds them."""
        # pikepdf gives an indirect number ("12 0 obj 4 endobj", legal: a
        # stream's /Length 12 0 R) as a Python int: no dictionary in it
        roots = [(o, o.objgen[0]) for o in self.pdf.objects if isinstance(o, pikepdf.Object)]
        roots.append((self.pdf.trailer, 0))
        for top, num in roots:
            stack = [top]
            while stack:
                o = stack.pop()
                if isinstance(o, pikepdf.Stream):
                    yield o, num
                    stack.extend(v for _, v in o.stream_dict.items() if _direct(v))
                elif isinstance(o, pikepdf.Dictionary):
                    yield o, num
                    stack.extend(v for _, v in o.items() if _direct(v))
                elif isinstance(o, pikepdf.Array):
                    stack.extend(v for v in o if _direct(v))

    def check_catalog(self):
        root = self.pdf.Root
        lang = root.get("/Lang")
        if not isinstance(lang, pikepdf.String) or not str(lang):
            self.bad("lang", "catalog has no /Lang")
        vp = root.get("/ViewerPreferences")
        if vp is None or vp.get("/DisplayDocTitle") is not True:
            self.bad("lang", "no /ViewerPreferences /DisplayDocTitle true")
        if self.tagged:
            mi = root.get("/MarkInfo")
            if mi is None or mi.get("/Marked") is not True:
                self.bad("marked", "no /MarkInfo /Marked true")
            if "/StructTreeRoot" not in root:
                self.bad("marked", "no /StructTreeRoot")
            else:
                self.check_struct(root.StructTreeRoot)

    def check_struct(self, str_root):
        pdf = self.pdf
        page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        # MCIDs in each page's content (BDC with an /MCID property list)
        content_mcids = []
        for i, page in enumerate(pdf.pages):
            found = set()
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC" and len(operands) == 2 and \
                        isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    m = _int(operands[1].MCID)
                    if m is None:
                        self.bad("struct", f"page {i + 1}: an /MCID that is not a number")
                        continue
                    if m in found:
                        self.bad("struct", f"page {i + 1}: MCID {m} twice")
                    found.add(m)
                elif str(op) == "BDC" and len(operands) >= 1 and str(operands[0]) == "/Artifact":
                    pass
            content_mcids.append(found)
        nums = {}
        pt = str_root.get("/ParentTree")
        if pt is None or ("/Nums" not in pt and "/Kids" not in pt):
            self.bad("struct", "no ParentTree number tree (/Nums or /Kids)")
        else:
            self.number_tree(pt, nums, True, 0)
        kids = str_root.get("/K")
        kids = [kids] if isinstance(kids, pikepdf.Dictionary) else list(kids or [])
        if len(kids) != 1 or kids[0].get("/S") != "/Document":
            self.bad("struct", "the tree's root is not one Document element")
        claimed = {}  # (page, mcid) -> element objgen
        stack = [(k, str_root) for k in kids]
        seen = set()
        while stack:
            el, parent = stack.pop()
            if not isinstance(el, pikepdf.Dictionary):
                continue
            if el.is_indirect:
                if el.objgen in seen:
                    self.bad("struct", f"element {el.objgen} reached twice")
                    continue
                seen.add(el.objgen)
            t = el.get("/Type")
            if t == "/MCR" or t == "/OBJR":
                continue
            s = str(el.get("/S"))
            if s not in STANDARD_TYPES:
                self.bad("struct", f"element type {s} is not a standard structure type")
            if el.get("/P") is None or el.P.objgen != parent.objgen:
                self.bad("struct", f"{s} element {el.objgen}: /P is not its parent")
            pg = el.get("/Pg")
            k = el.get("/K")
            items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
            for it in items:
                if _int(it) is not None:
                    if pg is None:
                        self.bad("struct", f"{s} element {el.objgen}: an MCID without /Pg")
                        continue
                    claimed[(page_of.get(pg.objgen), _int(it))] = el.objgen
                elif isinstance(it, pikepdf.Dictionary) and it.get("/Type") == "/MCR":
                    claimed[(page_of.get(it.Pg.objgen), _int(it.MCID))] = el.objgen
                elif isinstance(it, pikepdf.Dictionary) and it.get("/Type") == "/OBJR":
                    a = it.Obj
                    sp = _int(a.get("/StructParent"))
                    if sp is None or sp not in nums or nums[sp].objgen != el.objgen:
                        self.bad("struct", f"annotation {a.objgen}: /StructParent does not lead "
                                 f"to its {s} element")
                else:
                    stack.append((it, el))
        for i, page in enumerate(pdf.pages):
            sp = _int(page.obj.get("/StructParents"))
            if content_mcids[i] and sp is None:
                self.bad("struct", f"page {i + 1}: marked content but no /StructParents")
                continue
            arr = nums.get(sp) if sp is not None else None
            for m in sorted(content_mcids[i]):
                el = arr[m] if arr is not None and m < len(arr) else None
                if not isinstance(el, pikepdf.Dictionary):
                    self.bad("struct", f"page {i + 1}: MCID {m} not in the ParentTree")
                elif claimed.get((i, m)) != el.objgen:
                    self.bad("struct", f"page {i + 1}: MCID {m}: its element does not list it")
            if "/Annots" in page.obj and page.obj.get("/Tabs") != "/S":
                self.bad("struct", f"page {i + 1}: annotations but no /Tabs /S")
            for a in page.obj.get("/Annots", []):
                # signature fields (widgets) are not in the tree yet
                if "/StructParent" not in a and a.get("/Subtype") != "/Widget":
                    self.bad("struct", f"page {i + 1}: an annotation outside the structure")
        for (i, m) in claimed:
            if i is None or m not in content_mcids[i]:
                self.bad("struct", f"an element claims MCID {m} on page {i}, not in its content")


    def number_tree(self, node, nums, root, depth):
        """Reads a number tree node into nums (ISO 32000-1 7.9.7): the root
        has /Nums or /Kids, no /Limits; every other node /Limits [least
        greatest] holding exactly the keys below it, in order."""
        if depth > 8:
            self.bad("struct", "ParentTree deeper than 8 levels")
            return None
        if root and "/Limits" in node:
            self.bad("struct", "ParentTree root with /Limits")
        keys = []
        if "/Nums" in node:
            arr = node.Nums
            for k in range(0, len(arr) - 1, 2):
                key = _int(arr[k])
                if key is None:
                    self.bad("struct", f"ParentTree key {arr[k]!r} is not a number")
                    continue
                if keys and key <= keys[-1]:
                    self.bad("struct", f"ParentTree keys out of order: {keys[-1]} then {key}")
                nums[key] = arr[k + 1]
                keys.append(key)
        for kid in node.get("/Kids", []):
            got = self.number_tree(kid, nums, False, depth + 1)
            if got:
                if keys and got[0] <= keys[-1]:
                    self.bad("struct", f"ParentTree leaves out of order at key {got[0]}")
                keys.extend(got)
        if not root:
            lim = node.get("/Limits")
            if lim is None or len(lim) != 2 or not keys or \
                    [_int(lim[0]), _int(lim[1])] != [keys[0], keys[-1]]:
                self.bad("struct", f"ParentTree node /Limits {lim!r}, keys "
                         f"{keys[:1]}..{keys[-1:]}")
        return keys


def check(path, tagged=False, part=2):
    return Checker(path, tagged, part).run()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    tagged = "--tagged" in argv
    part = 2
    if "--part" in argv:
        i = argv.index("--part")
        part = int(argv[i + 1]) if i + 1 < len(argv) else 0
        argv = argv[:i] + argv[i + 2:]
        if part not in (2, 3):
            print("--part: 2 or 3", file=sys.stderr)
            return 2
    paths = [a for a in argv if a != "--tagged"]
    if not paths:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    status = 0
    for p in paths:
        problems = check(p, tagged, part)
        for x in problems:
            print(f"{p}: {x}")
        if problems:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
