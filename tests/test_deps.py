"""The include graph runs one way: a module may include headers of its own
stage and of earlier stages only. The stages, in pipeline order (README,
CMakeLists.txt), are the folders of src/:

  core    errors, checked reading, all-or-nothing writing, buffers
  text    UTF-8, Vietnamese formatting, numbers, legacy encodings
  model   the document model and the table model (data only; input fills
          them, layout reads them, so the model sits below both)
  input   report.yaml, Markdown, CSV/YAML data, appendices
  lint    checks of the author's text (spelling, tones)
  layout  fonts, paragraphs, ND30 blocks, tables, pager, display list
  render  PDF/PNG writers of the display list (cairo, libharu)
  draft   draft review copies: a filter after layout, review notes
  api     the library's entry points
  serve   the local web page (baocao serve): HTTP server, workspace, previews
  cli     the command line

Every #include "x.h" in src/ is checked; an include of a later stage is a
back-edge and fails the test, naming file:line. ALLOWED lists exceptions
with the reason; it is empty and should stay so.

The README's code table ("Cấu trúc mã / Code layout") mirrors the tree: one
row per folder of src/, naming every module (src/<stage>/<name>.c) of it;
a module missing from its row, a row naming a module that does not exist,
or a folder without a row fails the test."""
import os
import re
import sys

from bctest import ROOT, check, finish

ORDER = ["core", "text", "model", "input", "lint", "layout", "render", "draft", "api", "serve",
         "cli"]
# (including file, included header) -> reason. Keep empty.
ALLOWED = {}
# Edges the stage order allows but the design does not (issue 11):
# (including file, included header) -> why not.
FORBIDDEN = {
    ("render_hpdf.c", "render_cairo.h"):
        "the two writers are independent: PNG previews of a libharu PDF are a cairo "
        "writer placed after it as the next page sink (draftrun.c)",
    ("draft.c", "yamltree.h"):
        "drafts are a filter after the layout; du-thao.yaml is read by input/draftcfg.c",
    ("reviewnotes.c", "yamltree.h"):
        "the anchor finder works on pages; the notes file is read by input/reviewfile.c",
    ("draftrun.c", "markdown.h"):
        "one pass: the previous draft is read by the input stage (input/draftcfg.c)",
    ("draftrun.c", "placeholder.h"):
        "one pass: the previous draft is read by the input stage (input/draftcfg.c)",
    ("draftrun.c", "appendix.h"):
        "one pass: the previous draft is read by the input stage (input/draftcfg.c)",
}

SRC = os.path.join(ROOT, "src")
# The one public header (include/): any stage may include it.
PUBLIC = {"baocao.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def graph(src):
    """[(stage, file, line, header)] and {header basename: stage}."""
    where = {}
    stages = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for st in stages:
        for f in os.listdir(os.path.join(src, st)):
            where.setdefault(f, []).append(st)
    edges = []
    for st in stages:
        for f in sorted(os.listdir(os.path.join(src, st))):
            if not f.endswith((".c", ".h")):
                continue
            with open(os.path.join(src, st, f), encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if m:
                        edges.append((st, f, n, m.group(1)))
    return stages, where, edges


def back_edges(src):
    stages, where, edges = graph(src)
    problems = []
    for st in stages:
        if st not in ORDER:
            problems.append(f"src/{st}/: stage not in the order {ORDER}; add it to test_deps.py")
    for name, places in where.items():
        if len(places) > 1 and name.endswith(".h"):
            problems.append(f"{name} exists in several stages: {places}")
    for st, f, n, inc in edges:
        h = os.path.basename(inc)
        if (f, h) in FORBIDDEN:
            problems.append(f"src/{st}/{f}:{n}: includes {h}: {FORBIDDEN[(f, h)]}")
            continue
        if h in PUBLIC:
            continue  # include/baocao.h: the public types, below every stage
        if h not in where:
            problems.append(f"src/{st}/{f}:{n}: includes \"{inc}\", which is not in src/")
            continue
        to = where[h][0]
        if st in ORDER and to in ORDER and ORDER.index(to) > ORDER.index(st):
            if (f, h) in ALLOWED:
                continue
            problems.append(f"src/{st}/{f}:{n}: {st} includes {to}/{h} (a later stage)")
    return problems


problems = back_edges(SRC)
for p in problems:
    print(p, file=sys.stderr)
check(not problems, f"{len(problems)} include back-edge(s)")

# The check itself can fail: a tree with one back-edge is caught.
import tempfile
with tempfile.TemporaryDirectory() as tmp:
    for st in ("core", "text"):
        os.makedirs(os.path.join(tmp, st))
    with open(os.path.join(tmp, "text", "t.h"), "w") as fh:
        fh.write("#include \"c.h\"\n")
    with open(os.path.join(tmp, "core", "c.h"), "w") as fh:
        fh.write("/* fine */\n")
    with open(os.path.join(tmp, "core", "c.c"), "w") as fh:
        fh.write("#include \"c.h\"\n#include \"t.h\"\n")
    got = back_edges(tmp)
    check(got == ["src/core/c.c:2: core includes text/t.h (a later stage)"], f"self-test: {got}")



# ---- the README's code table lists every module ----

TABLE_ROW = re.compile(r"^\| `([^`]+)/` \| ([^|]*) \|", re.M)


def readme_problems(readme, src):
    """Differences between the README's code table and the modules in src."""
    rows = {}
    for folder, cell in TABLE_ROW.findall(readme):
        if folder.startswith("src/"):
            rows[folder[4:]] = re.findall(r"`([^`]+)`", cell)
    problems = []
    stages = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for st in stages:
        have = sorted(f[:-2] for f in os.listdir(os.path.join(src, st)) if f.endswith(".c"))
        if st not in rows:
            problems.append(f"README: no row for src/{st}/ in the code table (modules {have})")
            continue
        for m in have:
            if m not in rows[st]:
                problems.append(f"README: src/{st}/{m}.c is missing from the src/{st}/ row")
        for m in rows[st]:
            if m not in have:
                problems.append(f"README: the src/{st}/ row names `{m}`, but src/{st}/{m}.c "
                                "does not exist")
    for st in rows:
        if st not in stages:
            problems.append(f"README: the code table has a row for src/{st}/, which does not exist")
    return problems


with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
    README = fh.read()
problems = readme_problems(README, SRC)
for p in problems:
    print(p, file=sys.stderr)
check(len(TABLE_ROW.findall(README)) >= len(ORDER), "README: code table rows not found")
check(not problems, f"{len(problems)} difference(s) between the README's code table and src/")

# The check itself can fail: a missing, an extra and an unlisted module.
with tempfile.TemporaryDirectory() as tmp:
    for st, files in (("core", ("a.c", "a.h", "b.c")), ("text", ("t.c",))):
        os.makedirs(os.path.join(tmp, st))
        for f in files:
            open(os.path.join(tmp, st, f), "w").close()
    table = ("| `include/` | `baocao.h` | x |\n"
             "| `src/core/` | `a`, `gone` | x |\n")
    got = readme_problems(table, tmp)
    check(got == ["README: src/core/b.c is missing from the src/core/ row",
                  "README: the src/core/ row names `gone`, but src/core/gone.c does not exist",
                  "README: no row for src/text/ in the code table (modules ['t'])"],
          f"self-test (README table): {got}")

# ---- one module owns each repeated job (review: duplicates) ----
# OpenSSL's error text is read by osslerr.c alone (bc_ossl_reason); the
# options every command reads alike (-h/--help, -o/--ra, the one operand)
# by main.c's bc_cli_common_option / bc_cli_operand, not by the commands
# that share that shape.
def owners(pattern, folder):
    out = []
    for dirpath, _, files in os.walk(os.path.join(SRC, folder)):
        for f in sorted(files):
            if f.endswith(".c"):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    if re.search(pattern, fh.read()):
                        out.append(f)
    return out


got = owners(r"(ERR_error_string\w*|ERR_peek_last_error|ERR_get_error)\s*\(", "")
check(got == ["osslerr.c"], f"OpenSSL's error text read in {got} (want osslerr.c only)")
got = [f for f in owners(r'"--help"\)|"--ra"\)|chỉ nhận một', "cli")
       if f in ("cmd_ky.c", "cmd_tong_hop.c", "cmd_table.c", "main.c")]
check(got == ["main.c"], f"the common options are read in {got} (want main.c only)")

finish()
