#!/usr/bin/python3
"""tests/pdfacheck.py on numbers written as indirect objects.

A PDF may write any number as a reference to an object holding it
("/Length 12 0 R", "/StructParents 281 0 R" with "281 0 obj 0 endobj"):
pikepdf lists such an object as a Python int, and the checker crashed on
it. Here a tagged official copy is rewritten in qpdf's QDF form (every
stream's /Length indirect), then an annotation's /F, page 1's
/StructParents, the OutputIntent profile's /N and a ParentTree key are made
indirect too (fix-qdf renumbers the file). The checker must read the
numbers through the references: the good file passes with no problem, and
wrong values behind references are still found under their rules; a
non-number where a number belongs is a problem, not a crash.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pikepdf  # noqa: E402

import pdfacheck  # noqa: E402
from bctest import OUT, ROOT, check, finish, qpdf_ok, render  # noqa: E402

D = os.path.join(OUT, "pdfacheck-indirect")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)

rep = os.path.join(D, "mau")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), rep)
with open(os.path.join(rep, "noi-dung.md"), "a", encoding="utf-8") as f:
    f.write("\nKết quả đăng tại <https://cchc.khanhhoa.gov.vn>.\n")
good = os.path.join(D, "good.pdf")
r = render(os.path.join(rep, "report.yaml"), good)
check(r.returncode == 0, f"render: {r.returncode} {r.stderr[-300:]}")
check(pdfacheck.check(good, tagged=True) == [], "the rendered file passes")

qdf = os.path.join(D, "good.qdf")
with pikepdf.open(good) as p:
    p.save(qdf, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
           compress_streams=False)
base = open(qdf, "rb").read()
check(re.search(rb"/Length \d+ 0 R", base) is not None, "QDF streams have indirect /Length")


def craft(name, f_value=b"4", sp_value=b"0", n_value=b"3", key_value=b"0"):
    """The QDF file with /F, /StructParents, /N and the first ParentTree key
    as references to objects holding the given values."""
    s = base
    size = int(re.search(rb"/Size (\d+)", s).group(1))
    ids = list(range(size, size + 4))
    s, n1 = re.subn(rb"\n  /F 4\n", b"\n  /F %d 0 R\n" % ids[0], s, count=1)
    s, n2 = re.subn(rb"\n  /StructParents 0\n", b"\n  /StructParents %d 0 R\n" % ids[1], s, count=1)
    s, n3 = re.subn(rb"\n  /N 3\n", b"\n  /N %d 0 R\n" % ids[2], s, count=1)
    s, n4 = re.subn(rb"/Nums \[\n    0\n    \[", b"/Nums [\n    %d 0 R\n    [" % ids[3], s, count=1)
    assert (n1, n2, n3, n4) == (1, 1, 1, 1), (n1, n2, n3, n4)
    s = re.sub(rb"/Size \d+", b"/Size %d" % (size + 4), s)
    at = s.rfind(b"\nxref\n") + 1
    objs = b"".join(b"%d 0 obj\n%s\nendobj\n" % (i, v)
                    for i, v in zip(ids, (f_value, sp_value, n_value, key_value)))
    path = os.path.join(D, name + ".pdf")
    with open(path + ".qdf", "wb") as f:
        f.write(s[:at] + objs + s[at:])
    with open(path, "wb") as f:
        subprocess.run(["fix-qdf", path + ".qdf"], stdout=f, check=True)
    return path


def problems(path):
    try:
        return pdfacheck.check(path, tagged=True)
    except Exception as e:  # a crash is the defect this test is about
        return [f"CRASH: {type(e).__name__}: {e}"]


p = craft("indirect")
check(qpdf_ok(p), "the crafted file passes qpdf --check")
with pikepdf.open(p) as pdf:
    scalars = [o for o in pdf.objects if not isinstance(o, pikepdf.Object)]
    check(len(scalars) >= 4, f"the crafted file holds indirect numbers ({len(scalars)})")
got = problems(p)
check(got == [], f"indirect numbers read through their references: {got}")
r = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "pdfacheck.py"), "--tagged", p],
                   capture_output=True, text=True)
check(r.returncode == 0 and r.stdout == "" and "Traceback" not in r.stderr,
      f"command line: exit {r.returncode} {r.stdout[-300:]} {r.stderr[-300:]}")

got = problems(craft("hidden", f_value=b"6"))
check(any(x.startswith("annots:") and "/F 6" in x for x in got), f"/F 6 behind a reference: {got}")
got = problems(craft("cmyk", n_value=b"4"))
check(any(x.startswith("intent:") and "/N is 4" in x for x in got), f"/N 4 behind a reference: {got}")
got = problems(craft("wrongkey", key_value=b"7"))
check(any(x.startswith("struct:") for x in got) and not any(x.startswith("CRASH") for x in got),
      f"a ParentTree key leading elsewhere: {got}")
got = problems(craft("notnum", f_value=b"(vier)", sp_value=b"/Zero"))
check(any(x.startswith("annots:") and "not a number" in x for x in got) and
      any(x.startswith("struct:") and "no /StructParents" in x for x in got) and
      not any(x.startswith("CRASH") for x in got), f"non-numbers behind references: {got}")

finish()
