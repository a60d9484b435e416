"""`cmake --install` gives a baocao that works on its own: installed into a
temporary prefix, run from a folder outside the source tree on a copied
sample, it finds its layouts and fonts in <prefix>/share/baocao (also after
the prefix is moved), never in the source tree."""
import os
import shutil
import subprocess
import tempfile

from bctest import BAOCAO, ROOT, check, finish, nfc, pdftotext, qpdf_ok

BUILD = os.path.dirname(os.path.abspath(BAOCAO))
tmp = tempfile.mkdtemp(prefix="baocao-install-")
prefix = os.path.join(tmp, "pfx")
env = {k: v for k, v in os.environ.items() if k not in ("BAOCAO_DATA",)}

r = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], capture_output=True,
                   text=True, timeout=120)
check(r.returncode == 0, f"cmake --install: exit {r.returncode}: {r.stdout}{r.stderr}")
exe = os.path.join(prefix, "bin", "baocao")
share = os.path.join(prefix, "share", "baocao")
check(os.access(exe, os.X_OK), "bin/baocao installed")
check(os.path.isfile(os.path.join(share, "layouts", "nd30-chuan.yaml")), "layouts installed")
check(os.path.isfile(os.path.join(share, "fonts", "LiberationSerif-Regular.ttf")), "fonts installed")

# A layout that exists only in the installed data: rendering with it proves the
# installed copy reads <prefix>/share/baocao, not the source tree it was built from.
shutil.copy(os.path.join(share, "layouts", "nd30-chuan.yaml"),
            os.path.join(share, "layouts", "chi-ban-cai-dat.yaml"))
work = os.path.join(tmp, "viec")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), os.path.join(work, "q1"))
rep = os.path.join(work, "q1", "report.yaml")
text = open(rep, encoding="utf-8").read()
check("bo-cuc: nd30-chuan" in text, "sample names its layout")
open(rep, "w", encoding="utf-8").write(text.replace("bo-cuc: nd30-chuan",
                                                    "bo-cuc: chi-ban-cai-dat"))


def render_installed(exe, name):
    pdf = os.path.join(work, name)
    r = subprocess.run([exe, "render", "q1/report.yaml", "-o", name, "--chi-phong-kem-theo"],
                       cwd=work, env=env, capture_output=True, text=True, timeout=120)
    if not check(r.returncode == 0, f"{name}: installed baocao exit {r.returncode}: {r.stderr}"):
        return
    ok, why = qpdf_ok(pdf)
    check(ok, f"{name}: qpdf --check: {why}")
    got = nfc(pdftotext(pdf))
    check("BÁO CÁO" in got and "Số: 45/BC-UBND" in got and "I. CÔNG TÁC CHỈ ĐẠO" in got,
          f"{name}: the report's text is in the PDF")


render_installed(exe, "q1.pdf")

# The prefix moved elsewhere (a packaged or copied install): still found beside the program.
moved = os.path.join(tmp, "noi-khac")
shutil.move(prefix, moved)
render_installed(os.path.join(moved, "bin", "baocao"), "q1-chuyen.pdf")

# The source tree's own binary does not know the installed-only layout: the
# check above is not passing by accident.
r = subprocess.run([BAOCAO, "render", "q1/report.yaml", "-o", "nguon.pdf"], cwd=work, env=env,
                   capture_output=True, text=True, timeout=120)
check(r.returncode == 2 and "chi-ban-cai-dat" in r.stderr,
      f"build-tree baocao should not find the installed-only layout: {r.returncode} {r.stderr}")

shutil.rmtree(tmp)
finish()
