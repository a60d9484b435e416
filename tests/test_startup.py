"""Start-up (issue 17, tests/bench.sh prints the figures): what the baocao
program loads before main. libmicrohttpd (and through it GnuTLS) is only for
`baocao serve`, libhunspell only for spelling suggestions the dictionary's
quick ones miss, libhpdf only for draft copies, libqpdf only for signing and
checking signatures (the PDF/A finish reads cairo's and libharu's files with
its own reader, render/pdfobj.c); dynlib.h opens them when first needed: none
is in the program's NEEDED list, an official copy's render loads none, a draft
written by cairo loads neither libhpdf nor libqpdf, a libharu draft loads
libhpdf and not libqpdf, `baocao ky --kiem-tra` loads libqpdf and reads the
fields, libzip and libxml2 (and, through libxml2, ICU and the C++ run-time) are
opened only to read an Excel workbook: a render from CSV loads none of them, the
Excel sample loads both and its PDF matches the CSV sample's text, libcrypto
is opened only to sign, check signatures and serve the web page (a render
loads none of it; `ky --kiem-tra` and serve do), and serve still works (tests/test_serve.py covers the page itself; tests/unit/test_spell.c
gets hunspell's suggestions through the loader)."""
import os
import re
import subprocess
import tempfile

from bctest import BAOCAO, ROOT, check, finish

needed = subprocess.run(["readelf", "-d", BAOCAO], capture_output=True, text=True).stdout
libs = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", needed)
check(len(libs) > 10, f"readelf -d lists the program's libraries: {libs}")
check(not any("microhttpd" in n for n in libs), f"libmicrohttpd not linked: {libs}")
check(not any("hunspell" in n for n in libs), f"libhunspell not linked: {libs}")
check(not any("hpdf" in n for n in libs), f"libhpdf not linked: {libs}")
check(not any("qpdf" in n for n in libs), f"libqpdf not linked: {libs}")
check(not any("libzip" in n or "libxml2" in n for n in libs),
      f"libzip and libxml2 not linked: {libs}")
check(not any("libcrypto" in n for n in libs), f"libcrypto not linked: {libs}")
lib_needed = subprocess.run(["readelf", "-d", os.path.join(os.path.dirname(BAOCAO), "libbaocao.so")],
                            capture_output=True, text=True).stdout
if "NEEDED" in lib_needed:  # the shared library, where built beside the program
    check(not re.search(r"\[(libcrypto|libxml2|libzip)\.", lib_needed),
          "libbaocao.so links none of libcrypto, libxml2, libzip")


def loaded(args, **kw):
    """The shared objects the dynamic loader opened for baocao ARGS."""
    env = dict(os.environ, LD_DEBUG="files")
    r = subprocess.run([BAOCAO] + args, capture_output=True, text=True, env=env, timeout=300, **kw)
    return r, set(re.findall(r"file=(\S+)\s+\[0\];\s+(?:needed|dynamically loaded)", r.stderr))


tmp = tempfile.mkdtemp(prefix="baocao-startup-")
r, libs = loaded(["render", os.path.join(ROOT, "samples/bao-cao-quy-1-2018/report.yaml"), "-o",
                  os.path.join(tmp, "a.pdf"), "--chi-phong-kem-theo"])
check(r.returncode == 0, f"render: exit {r.returncode}")
check(any("libpango-1.0" in n for n in libs), f"LD_DEBUG=files is read: {sorted(libs)[:5]}")
check(not any("microhttpd" in n for n in libs), f"a render does not load libmicrohttpd: {libs}")
check(not any("hunspell" in n for n in libs), f"a render without suggestions does not load "
      f"libhunspell: {libs}")
check(not any("hpdf" in n for n in libs), f"an official copy does not load libhpdf: {libs}")
check(not any("qpdf" in n for n in libs), f"an official copy does not load libqpdf: {libs}")
# (not libstdc++: the sanitizers' run-time loads it too)
check(not any(k in n for n in libs for k in ("libzip", "libxml2", "libicu")),
      f"a report from CSV loads neither libzip nor libxml2 (nor ICU): {libs}")
check(not any("libcrypto" in n for n in libs), f"a render does not load libcrypto: {libs}")

# the same report from Excel opens libzip and libxml2 when the workbook is read
r, libs = loaded(["render", os.path.join(ROOT, "samples/bao-cao-quy-1-2018-excel/report.yaml"), "-o",
                  os.path.join(tmp, "x.pdf"), "--chi-phong-kem-theo"])
check(r.returncode == 0, f"Excel render: exit {r.returncode}: {r.stderr[-500:]}")
for k in ("libzip", "libxml2"):
    check(any(k in n for n in libs), f"the Excel sample loads {k}: {sorted(libs)}")


def text(pdf):
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                          text=True).stdout


check(len(text(os.path.join(tmp, "x.pdf"))) > 10000 and "UBND tỉnh" in text(os.path.join(tmp, "x.pdf")),
      "pdftotext reads the Excel sample's PDF")
check(text(os.path.join(tmp, "x.pdf")) == text(os.path.join(tmp, "a.pdf")),
      "the Excel sample's PDF has the CSV sample's text (its tables read through the "
      "opened libraries)")

# a draft written by cairo: neither
r, libs = loaded(["render", os.path.join(ROOT, "samples/bao-cao-quy-1-2018-du-thao-2/report.yaml"),
                  "-o", os.path.join(tmp, "du-thao-cairo.pdf"), "--du-thao", "--thoi-diem",
                  "20/03/2018 09:30", "--bo-ghi", "cairo", "--chi-phong-kem-theo"])
check(r.returncode == 0, f"cairo draft render: exit {r.returncode}: {r.stderr[-500:]}")
check(not any("qpdf" in n or "hpdf" in n for n in libs),
      f"a cairo draft loads neither libqpdf nor libhpdf: {libs}")

# a draft copy (libharu) opens libhpdf
r, libs = loaded(["render", os.path.join(ROOT, "samples/bao-cao-quy-1-2018-du-thao-2/report.yaml"),
                  "-o", os.path.join(tmp, "du-thao.pdf"), "--du-thao", "--thoi-diem",
                  "20/03/2018 09:30", "--chi-phong-kem-theo"])
check(r.returncode == 0, f"draft render: exit {r.returncode}: {r.stderr[-500:]}")
check(any("libhpdf" in n for n in libs), f"a draft loads libhpdf: {sorted(libs)}")
check(not any("qpdf" in n for n in libs), f"a libharu draft does not load libqpdf: {libs}")
check(open(os.path.join(tmp, "du-thao.pdf"), "rb").read(5) == b"%PDF-", "the draft is a PDF")

# checking signatures opens libqpdf: the official copy's two empty fields are read through it
r, libs = loaded(["ky", os.path.join(tmp, "a.pdf"), "--kiem-tra"])
check(any("libqpdf" in n for n in libs), f"ky --kiem-tra loads libqpdf: {sorted(libs)}")
check(any("libcrypto" in n for n in libs), f"ky --kiem-tra loads libcrypto: {sorted(libs)}")
check(r.returncode == 2 and "Ô chữ ký 'ky-nguoi-ky': chưa ký" in r.stdout
      and "tệp chưa có chữ ký số nào" in r.stderr,
      f"ky --kiem-tra reads the fields through libqpdf: exit {r.returncode}: {r.stdout} {r.stderr[-300:]}")

# serve opens it: the server answers, then is stopped
p = subprocess.Popen([BAOCAO, "serve", tmp, "--cong", "0"], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True, env=dict(os.environ, LD_DEBUG="files"))
line = p.stdout.readline()
check(re.search(r"http://127\.0\.0\.1:\d+/", line), f"serve prints its address: {line!r}")
p.terminate()
_, err = p.communicate(timeout=60)
check(re.search(r"file=\S*libmicrohttpd\.so\S*\s+\[0\];\s+dynamically loaded", err),
      "serve loads libmicrohttpd when the server starts")
check(re.search(r"file=\S*libcrypto\.so\S*\s+\[0\];\s+dynamically loaded", err),
      "serve loads libcrypto when the server starts (the CSRF and access tokens' comparison)")
finish()
