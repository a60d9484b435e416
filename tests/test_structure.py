"""Tagged official copies (issue 14): the structure tree read back with
pikepdf and poppler's `pdfinfo -struct-text`.

- seed 001 (bao-cao-quy-1-2018): every heading of the narrative is an H1/H2
  with its text, every "-"/"+" item an LI > LBody, the header block is a Div
  whose first paragraphs are the agency's and then Quốc hiệu / Tiêu ngữ; the
  text of the tree, in tree order, equals the document's text with the
  artifacts (page numbers) taken out, NFC, whitespace ignored; the only
  artifact text is the page numbers;
- bao-cao-nam-2023 (94 footnotes, appendices): 94 Note elements, each a Lbl
  with its number and a P, in order; every marker links to its note and every
  note back to its marker (the text under the link and at its destination
  is the note's number); the autolinked URL is a live link whose text is the
  URL; tables: Table > THead/TBody > TR > TH/TD, TH with /Scope /Column,
  a TD per cell (empty cells have an empty TD; a group title spanning empty
  cells is one TD with /ColSpan), header cells only once
  (repeated headers are artifacts); every note's text is in the document's text (pdfacheck --tagged, run on
  every sample by test_pdfa, checks the tree against the page contents).
"""
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fitz  # noqa: E402
import pikepdf  # noqa: E402

from bctest import OUT, ROOT, check, finish, nfc, pdftotext, render, sample  # noqa: E402

wd = os.path.join(OUT, "structure")
os.makedirs(wd, exist_ok=True)


def struct_text(pdf):
    """pdfinfo -struct-text as a list of (depth, type, texts, attrs)."""
    r = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True)
    out = []
    for line in r.stdout.splitlines():
        ind = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if not body:
            continue
        if body.startswith('"'):
            if out:
                out[-1][2].append(body[1:-1] if body.endswith('"') else body[1:])
        elif body.startswith("/"):
            if out:
                out[-1][3].append(body)
        else:
            name = re.split(r"[ :(]", body, 1)[0]
            out.append([ind // 2, name, [], []])
    return out


def squash(s):
    return re.sub(r"\s+", "", nfc(s))


def without_artifacts(pdf, path):
    """A copy of pdf without its /Artifact BMC ... EMC sequences."""
    with pikepdf.open(pdf) as p:
        for page in p.pages:
            ops = pikepdf.parse_content_stream(page)
            keep, depth, art = [], 0, 0
            for operands, op in ops:
                o = str(op)
                if o in ("BMC", "BDC"):
                    depth += 1
                    if art or (o == "BMC" and str(operands[0]) == "/Artifact"):
                        art += 1
                        continue
                elif o == "EMC":
                    depth -= 1
                    if art:
                        art -= 1
                        continue
                if art and o not in ("q", "Q", "cm", "BT", "ET", "gs", "Tf", "rg", "RG"):
                    continue
                keep.append((operands, op))
            page.Contents = p.make_stream(pikepdf.unparse_content_stream(keep))
        p.save(path)


def doc_text(pdf):
    r = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                       text=True)
    return r.stdout


def tree_text(tree):
    return "".join("".join(t) for _, _, t, _ in tree)


# ---------------------------------------------------------------- seed 001
seed = os.path.join(wd, "seed.pdf")
r = render(sample("bao-cao-quy-1-2018"), seed)
check(r.returncode == 0, f"seed: exit {r.returncode}: {r.stderr[-300:]}")
tree = struct_text(seed)
check(tree and tree[0][1] == "Document", f"seed: root {tree[0][1] if tree else None}")
md = open(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018", "noi-dung.md"),
          encoding="utf-8").read()
want_heads = [(len(m.group(1)), m.group(2).strip())
              for m in re.finditer(r"^(#{1,3}) (.+)$", md, re.M)]
got_heads = [(int(t[1][1]), nfc("".join(t[2]))) for t in tree if re.fullmatch(r"H[1-3]", t[1])]
check(len(got_heads) == len(want_heads) == 15,
      f"seed: {len(got_heads)} headings in the tree, {len(want_heads)} in the narrative")
for (wl, wt), (gl, gt) in zip(want_heads, got_heads):
    check(wl == gl and squash(wt) == squash(gt), f"seed: heading {wt!r} (H{wl}) is {gt!r} (H{gl})")
items = [m.group(1) for m in re.finditer(r"^\s*[-+] (.+)$", md, re.M)]
lis = [t for t in tree if t[1] == "LI"]
lbodies = [squash("".join(t[2])) for t in tree if t[1] == "LBody"]
check(len(lis) == len(items) == 8 and len(lbodies) == 8,
      f"seed: {len(lis)} LI / {len(lbodies)} LBody for {len(items)} items")
for want, got in zip(items, lbodies):
    check(squash(want)[:40] in got, f"seed: list item {want[:40]!r} not in its LBody {got[:60]!r}")
# the header block: a Div of paragraphs, agency first, then Quốc hiệu, Tiêu ngữ
div = tree[1]
check(div[1] == "Div" and div[0] == 1, f"seed: first element {div[1]} (want the header Div)")
paras = []
for t in tree[2:]:
    if t[0] <= 1:
        break
    paras.append(nfc("".join(t[2])))
check(paras[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc"], f"seed: header block order {paras[:4]}")
# the tree's text is the document's text without the artifacts, in order
plain = os.path.join(wd, "seed-no-artifacts.pdf")
without_artifacts(seed, plain)
full, body = squash(doc_text(seed)), squash(doc_text(plain))
check(squash(tree_text(tree)) == body,
      f"seed: tree text differs from the document text ({len(squash(tree_text(tree)))} / "
      f"{len(body)} characters)")
pages = len(fitz.open(seed))
removed = Counter(full) - Counter(body)
want_removed = Counter("".join(str(n) for n in range(2, pages + 1)))
check(removed == want_removed, f"seed: artifacts {dict(removed)} (want the page numbers)")

# a line that ends inside a paragraph ends with its space: each pair of
# words the narrative writes "a b" and the page puts at the end of a line
# and the start of the next reads "a b" in the tree, not "ab"
def spaced(s):
    return re.sub(r"\s+", " ", nfc(s))


texts = "\n".join(spaced(" ".join(t[2])) for t in tree)
source = spaced(re.sub(r"[*_`#]", "", md))
pairs = []
for pg in fitz.open(seed):
    lines = {}
    for w in pg.get_text("words"):
        lines.setdefault((w[5], w[6]), []).append(nfc(w[4]))
    keys = sorted(lines)
    for k, k2 in zip(keys, keys[1:]):
        if k[0] == k2[0]:  # same block: the next line of a paragraph
            pair = f"{lines[k][-1]} {lines[k2][0]}"
            if pair in source:
                pairs.append(pair)
check(len(pairs) > 100, f"seed: {len(pairs)} word pairs across line ends")
split = [p_ for p_ in pairs if p_ not in texts]
check(not split, f"seed: {len(split)} of {len(pairs)} word pairs across a line end read without "
      f"their space in the tree, e.g. {[p_.replace(' ', '') for p_ in split[:3]]}")
check("trên cơ sở tổng hợp" in texts and "cơsở" not in texts,
      "seed: the first paragraph's 'cơ sở' (split by a line end) reads without its space")

# ------------------------------------------- Markdown links [text](url)
# written links are live like autolinks: a URI annotation over the link's
# text only (on each line it covers), a Link element with its OBJR inside
# the paragraph; a link that is not to the web stays text; an autolink on
# the same line as a text link is live too
linkdir = os.path.join(wd, "links")
shutil.rmtree(linkdir, ignore_errors=True)
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), linkdir)
with open(os.path.join(linkdir, "noi-dung.md"), "a", encoding="utf-8") as f:
    f.write("\nKết quả chi tiết đăng tại [Cổng thông tin điện tử cải cách hành chính của tỉnh "
            "Khánh Hòa và trang tin của các sở, ngành](https://cchc.khanhhoa.gov.vn/ket-qua) "
            "cùng [phụ lục](phu-luc.pdf) kèm theo và <https://baocao.khanhhoa.gov.vn>.\n")
links_pdf = os.path.join(wd, "links.pdf")
r = render(os.path.join(linkdir, "report.yaml"), links_pdf)
check(r.returncode == 0, f"links: exit {r.returncode}: {r.stderr[-300:]}")
ldoc = fitz.open(links_pdf)
got = {}
elems, nobjr = {}, {}
with pikepdf.open(links_pdf) as p:
    for i, pg in enumerate(p.pages):
        h = float(pg.mediabox[3])
        for a in pg.obj.get("/Annots", []):
            if "/A" in a and a.A.get("/S") == "/URI":
                rect = [float(x) for x in a.Rect]
                under = ldoc[i].get_textbox(fitz.Rect(rect[0], h - rect[3], rect[2],
                                                      h - rect[1]))
                got.setdefault(str(a.A.URI), []).append(spaced(under).strip())
                sp = a.get("/StructParent")
                link = None
                for k in range(0, len(p.Root.StructTreeRoot.ParentTree.Nums), 2):
                    if int(p.Root.StructTreeRoot.ParentTree.Nums[k]) == int(sp if sp is not None else -1):
                        link = p.Root.StructTreeRoot.ParentTree.Nums[k + 1]
                objr = [k_ for k_ in (link.K if link is not None else [])
                        if isinstance(k_, pikepdf.Dictionary) and k_.get("/Type") == "/OBJR"]
                # one Link element per link: a link over two lines has two
                # annotations, both OBJRs in it (PDF 1.7 14.8.4.4)
                check(link is not None and link.S == "/Link" and link.P.S == "/P" and
                      a.objgen in [o.Obj.objgen for o in objr],
                      f"links: annotation {a.A.URI} has no Link element in a P")
                if link is not None:
                    elems.setdefault(str(a.A.URI), set()).add(link.objgen)
                    nobjr[str(a.A.URI)] = len(objr)
want = ("Cổng thông tin điện tử cải cách hành chính của tỉnh Khánh Hòa và trang tin của các sở, "
        "ngành")
parts = got.get("https://cchc.khanhhoa.gov.vn/ket-qua", [])
check(len(parts) >= 2 and spaced(" ".join(parts)) == want,
      f"links: [text](url) annotations over {parts} (want the link text on each of its lines)")
check(len(elems.get("https://cchc.khanhhoa.gov.vn/ket-qua", ())) == 1 and
      nobjr.get("https://cchc.khanhhoa.gov.vn/ket-qua") == len(parts),
      f"links: the text link over {len(parts)} lines is one Link element holding each line's "
      f"annotation: {elems.get('https://cchc.khanhhoa.gov.vn/ket-qua')}, "
      f"{nobjr.get('https://cchc.khanhhoa.gov.vn/ket-qua')} OBJRs")
# a line holds two links: each is live (a run carries one link)
check("".join(got.get("https://baocao.khanhhoa.gov.vn", [])) == "https://baocao.khanhhoa.gov.vn",
      f"links: the autolink after the text link is live over {got.get('https://baocao.khanhhoa.gov.vn')}")
check(not any("phu-luc" in u for u in got), f"links: a link to a file is live: {list(got)}")
check("cùng phụ lục kèm theo" in spaced(pdftotext(links_pdf)), "links: the file link's text")

# ---------------------------------------------------- footnotes and tables
notes_pdf = os.path.join(wd, "nam-2023.pdf")
r = render(sample("bao-cao-nam-2023"), notes_pdf)
check(r.returncode == 3, f"bao-cao-nam-2023: exit {r.returncode}: {r.stderr[-300:]}")
tree = struct_text(notes_pdf)
notes = []
for i, t in enumerate(tree):
    if t[1] == "Note":
        kids = []
        for u in tree[i + 1:]:
            if u[0] <= t[0]:
                break
            if u[0] == t[0] + 1:
                kids.append(u)
        notes.append(kids)
check(len(notes) == 94, f"nam-2023: {len(notes)} notes (want 94)")
for k, kids in enumerate(notes, 1):
    ok = len(kids) == 2 and kids[0][1] == "Lbl" and "".join(kids[0][2]) == str(k) and \
        kids[1][1] == "P" and kids[1][2]
    check(ok, f"nam-2023: note {k} is {[(u[1], u[2][:1]) for u in kids]}")

doc = fitz.open(notes_pdf)
with pikepdf.open(notes_pdf) as p:
    page_no = {pg.obj.objgen: i for i, pg in enumerate(p.pages)}
    internal = uri = 0
    for i, pg in enumerate(p.pages):
        h = float(pg.mediabox[3])
        for a in pg.obj.get("/Annots", []):
            rect = [float(x) for x in a.Rect]
            under = doc[i].get_textbox(fitz.Rect(rect[0], h - rect[3], rect[2], h - rect[1]))
            under = re.sub(r"\s+", "", under)
            if "/Dest" in a:
                internal += 1
                d = a.Dest
                j = page_no.get(d[0].objgen)
                x, y = float(d[2]), float(d[3])
                hj = float(p.pages[j].mediabox[3]) if j is not None else 0
                # the note number at the destination (label: at the view's
                # top-left; marker: within the 24 pt above the view's top)
                there = doc[j].get_textbox(fitz.Rect(x - 1, hj - y - 1, x + 14, hj - y + 40)) \
                    if j is not None else ""
                check(under.isdigit() and under in re.findall(r"\d+", there),
                      f"nam-2023: link on page {i + 1} over {under!r} goes to page "
                      f"{j + 1 if j is not None else None} at {there[:30]!r}")
            elif "/A" in a and a.A.get("/S") == "/URI":
                uri += 1
                target = str(a.A.URI)
                check(target.startswith("https://baocao.khanhhoa.gov.vn"),
                      f"nam-2023: URI {target}")
                check(under and under in target, f"nam-2023: URI link over {under!r}")
    check(internal == 188, f"nam-2023: {internal} footnote links (want 188, both ways)")
    check(uri >= 1, f"nam-2023: {uri} URL links")

# tables
tables = [i for i, t in enumerate(tree) if t[1] == "Table"]
empty_tds = 0
check(len(tables) == 2, f"nam-2023: {len(tables)} tables")
for ti in tables:
    depth = tree[ti][0]
    end = next((j for j in range(ti + 1, len(tree)) if tree[j][0] <= depth), len(tree))
    part = tree[ti + 1:end]
    kinds = [t[1] for t in part if t[0] == depth + 1]
    check(kinds == ["THead", "TBody"], f"nam-2023: table parts {kinds}")
    ths = [t for t in part if t[1] == "TH"]
    check(ths and all("/Scope /Column" in t[3] for t in ths), "nam-2023: TH without /Scope")
    heads = Counter(squash("".join(t[2])) for t in ths)
    check(max(heads.values()) <= 2, f"nam-2023: a header cell repeated in the tree: {heads}")
    rows, cur = [], None
    in_body = False
    for t in part:
        if t[0] == depth + 1:
            in_body = t[1] == "TBody"
        elif in_body and t[1] == "TR":
            cur = []
            rows.append(cur)
        elif in_body and t[1] == "TD" and cur is not None:
            span = next((int(a_.split()[1]) for a_ in t[3] if a_.startswith("/ColSpan ")), 1)
            cur.append((squash("".join(t[2])), span))
    # a TD per cell: empty cells too; a group row's title is one TD with
    # /ColSpan over the empty cells it covers (PDF/UA: no empty TDs there)
    widths = Counter(sum(s_ for _, s_ in r_) for r_ in rows)
    check(len(rows) > 10 and len(widths) == 1,
          f"nam-2023: {len(rows)} body rows, cells per row {dict(widths)} (want one width)")
    empty_tds += sum(1 for r_ in rows for c_, _ in r_ if not c_)
check(empty_tds > 0, "nam-2023: no empty TD (its tables have empty cells)")
# every note's text is in the document's text
body = squash(doc_text(notes_pdf))
for k, kids in enumerate(notes, 1):
    if len(kids) == 2:
        txt = squash("".join(kids[1][2]))
        check(txt and txt in body, f"nam-2023: note {k}'s text {txt[:40]!r} not in the document")

finish()
