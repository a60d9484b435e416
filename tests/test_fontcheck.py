"""A damaged system font never reaches libharu (issue 19 part 4).

A "Times New Roman" that fontconfig finds (here through a test-local
fontconfig configuration, FONTCONFIG_FILE) but whose hhea.numberOfHMetrics is
larger than its glyph count used to corrupt libharu's heap when a draft was
written (abort). Now the font is checked first and skipped for the shipped
Liberation Serif with a warning naming the file; the official copy (cairo)
uses the same font, so both copies match. A damaged font among the shipped
ones (--du-lieu) is an error (exit 5) naming the file. The damaged copies are
made here from fonts/LiberationSerif-*.ttf, renamed "Times New Roman".
"""
import os
import shutil
import struct
import subprocess

import fitz

from bctest import OUT, ROOT, check, finish, qpdf_ok, run

D = os.path.join(OUT, "fontcheck")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
REPORT = os.path.join(ROOT, "samples", "bao-cao-quy-1-2018-du-thao-2", "report.yaml")
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


def tables(d):
    t = {}
    for i in range(struct.unpack(">H", d[4:6])[0]):
        r = 12 + 16 * i
        off, ln = struct.unpack(">II", d[r + 8:r + 16])
        t[d[r:r + 4].decode("latin-1")] = (off, ln)
    return t


def renamed(data, old="Liberation Serif", new="Times New Roman"):
    """The font with every name string naming `old` renamed in place (shorter)."""
    d = bytearray(data)
    off, _ = tables(d)["name"]
    count, so = struct.unpack(">HH", d[off + 2:off + 6])
    for i in range(count):
        r = off + 6 + 12 * i
        pid, _, _, _, ln, o = struct.unpack(">HHHHHH", d[r:r + 12])
        s = off + so + o
        enc = "utf-16-be" if pid in (0, 3) else "latin-1"
        txt = bytes(d[s:s + ln]).decode(enc, "replace")
        got = txt.replace(old, new).replace(old.replace(" ", ""), new.replace(" ", ""))
        if got != txt:
            b = got.encode(enc)
            d[s:s + len(b)] = b
            struct.pack_into(">H", d, r + 8, len(b))
    return d


def too_many_hmetrics(d):
    t = tables(d)
    nglyphs = struct.unpack(">H", d[t["maxp"][0] + 4:t["maxp"][0] + 6])[0]
    struct.pack_into(">H", d, t["hhea"][0] + 34, nglyphs + 3000)
    return d


def font_setup(name, damage):
    """A folder of four "Times New Roman" faces (Regular damaged when asked)
    and a fontconfig configuration that sees only them."""
    base = os.path.join(D, name)
    fonts = os.path.join(base, "fonts")
    os.makedirs(fonts)
    for s in STYLES:
        with open(os.path.join(ROOT, "fonts", f"LiberationSerif-{s}.ttf"), "rb") as f:
            d = renamed(f.read())
        if damage and s == "Regular":
            d = too_many_hmetrics(d)
        with open(os.path.join(fonts, f"TimesNewRoman-{s}.ttf"), "wb") as f:
            f.write(d)
    conf = os.path.join(base, "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                f"<fontconfig><dir>{fonts}</dir><cachedir>{base}/cache</cachedir></fontconfig>\n")
    env = dict(os.environ, FONTCONFIG_FILE=conf, XDG_CACHE_HOME=os.path.join(base, "xdg"))
    return env, os.path.join(fonts, "TimesNewRoman-Regular.ttf")


def font_names(pdf):
    doc = fitz.open(pdf)
    names = set()
    for page in doc:
        for f in page.get_fonts():
            names.add(f[3])
    return names


# A sound "Times New Roman": it is used (the set-up really reaches fontconfig).
env, _ = font_setup("lanh", False)
good = os.path.join(D, "lanh.pdf")
r = run(["render", REPORT, "-o", good, "--du-thao", "--thoi-diem", "20/03/2018 09:30"], env=env)
check(r.returncode == 0, f"sound Times New Roman: {r.returncode} {r.stderr}")
if os.path.exists(good):
    check(any("TimesNewRoman" in n for n in font_names(good)),
          f"the test's Times New Roman is used: {font_names(good)}")

# The damaged one: no crash, a warning naming the file, Liberation Serif used.
env, bad_file = font_setup("hong", True)
draft = os.path.join(D, "du-thao.pdf")
r = run(["render", REPORT, "-o", draft, "--du-thao", "--thoi-diem", "20/03/2018 09:30"], env=env)
check(r.returncode == 0, f"draft with a damaged Times New Roman: exit {r.returncode} {r.stderr}")
want = (f"cảnh báo: {bad_file}: tệp phông bị hỏng, không dùng được: bảng hhea: numberOfHMetrics "
        "lớn hơn số hình chữ (maxp.numGlyphs) hoặc bằng 0; bỏ qua phông Times New Roman của máy, "
        "dùng phông kèm theo thay thế (hãy cài lại phông Times New Roman)")
check(want in r.stderr, f"warning names the file and the fault: {r.stderr}")
if check(os.path.exists(draft), "draft written"):
    check(qpdf_ok(draft)[0], f"qpdf --check on the draft: {qpdf_ok(draft)[1]}")
    names = font_names(draft)
    check(names and all("LiberationSerif" in n for n in names), f"draft fonts: {names}")
# The official copy (cairo) uses the same font, so both copies match.
final = os.path.join(D, "chinh-thuc.pdf")
r = run(["render", REPORT, "-o", final], env=env)
check(r.returncode == 0 and want in r.stderr, f"official copy: {r.returncode} {r.stderr}")
if check(os.path.exists(final), "official copy written"):
    names = font_names(final)
    check(names and all("LiberationSerif" in n for n in names), f"official fonts: {names}")
    check(qpdf_ok(final)[0], "qpdf --check on the official copy")

# A damaged font among the fonts given with --du-lieu: exit 5, the file named.
data = os.path.join(D, "du-lieu")
shutil.copytree(os.path.join(ROOT, "layouts"), os.path.join(data, "layouts"))
os.makedirs(os.path.join(data, "fonts"))
for s in STYLES:
    shutil.copy(os.path.join(ROOT, "fonts", f"LiberationSerif-{s}.ttf"), os.path.join(data, "fonts"))
reg = os.path.join(data, "fonts", "LiberationSerif-Regular.ttf")
with open(reg, "rb") as f:
    d = too_many_hmetrics(bytearray(f.read()))
with open(reg, "wb") as f:
    f.write(d)
out = os.path.join(D, "du-lieu.pdf")
r = run(["render", REPORT, "-o", out, "--du-thao", "--du-lieu", data, "--chi-phong-kem-theo"])
check(r.returncode == 5, f"damaged shipped font: exit 5, got {r.returncode} {r.stderr}")
check(reg in r.stderr and "numberOfHMetrics" in r.stderr, f"message names the file: {r.stderr}")
check(not os.path.exists(out), "nothing written")

finish()
