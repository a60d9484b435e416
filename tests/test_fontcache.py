"""The shipped fonts are read through fontconfig's cache (issue 17).

baocao keeps fontconfig's cache of the fonts folder under
$XDG_CACHE_HOME/baocao/fontconfig/<stamp>/ (the stamp: every .ttf's name,
size, time, inode), never in the fonts folder. Checked here: the cache is
made on the first render and read (not rewritten) on the next; the PDF is
the same byte for byte with the cache, without it (no writable home) and
after it; a font replaced in place, the folder's time put back (all that
fontconfig's own check looks at), is seen at once, so a stale cache never
gives a wrong PDF; nothing is written into the fonts folders.
"""
import glob
import os
import shutil

from bctest import OUT, ROOT, check, finish, run

D = os.path.join(OUT, "fontcache")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")

data = os.path.join(D, "du-lieu")
shutil.copytree(os.path.join(ROOT, "layouts"), os.path.join(data, "layouts"))
fonts = os.path.join(data, "fonts")
os.makedirs(fonts)
for s in STYLES:
    shutil.copy(os.path.join(ROOT, "fonts", f"LiberationSerif-{s}.ttf"), fonts)
shipped_before = sorted(os.listdir(os.path.join(ROOT, "fonts")))

report = os.path.join(D, "report.yaml")
with open(report, "w", encoding="utf-8") as f:
    f.write("co-quan: [SỞ NỘI VỤ]\nso: 1\nky-hieu: BC-SNV\ndia-danh: Khánh Hòa\n"
            "ngay: 2024-01-05\ntrich-yeu: Thử\nnoi-dung: a.md\nnoi-nhan: [\"Lưu: VT.\"]\n"
            "ky: {tham-quyen: [GIÁM ĐỐC], ho-ten: Nguyễn Văn A}\n")
with open(os.path.join(D, "a.md"), "w", encoding="utf-8") as f:
    f.write("Một đoạn có chữ đậm **Đắk Lắk** và chữ nghiêng *Hưng Yên*.\n")

xdg = os.path.join(D, "xdg")
env = dict(os.environ, XDG_CACHE_HOME=xdg)


def render(name, env):
    pdf = os.path.join(D, name)
    r = run(["render", report, "-o", pdf, "--du-lieu", data, "--chi-phong-kem-theo"], env=env)
    data_out = None
    if os.path.exists(pdf):
        with open(pdf, "rb") as f:
            data_out = f.read()
    return r, data_out


def caches():
    return sorted(glob.glob(os.path.join(xdg, "baocao", "fontconfig", "*", "*.cache-*")))


# First render: the cache is made under XDG_CACHE_HOME.
r, first = render("mot.pdf", env)
check(r.returncode == 0, f"first render: exit {r.returncode} {r.stderr}")
made = caches()
check(len(made) == 1, f"one cache file under $XDG_CACHE_HOME/baocao/fontconfig: {made}")
stamp = {p: os.stat(p).st_mtime_ns for p in made}

# Second render: the cache is read, not written again; the same PDF.
r, second = render("hai.pdf", env)
check(r.returncode == 0, f"second render: exit {r.returncode} {r.stderr}")
check(second == first and first is not None, "the same PDF with the cache read back")
check({p: os.stat(p).st_mtime_ns for p in caches()} == stamp, "the cache was not rewritten")

# No writable cache home: still the same PDF, no message.
nohome = dict(os.environ, XDG_CACHE_HOME="/dev/null/khong-co", HOME="/dev/null/khong-co")
r, third = render("ba.pdf", nohome)
check(r.returncode == 0, f"no cache home: exit {r.returncode} {r.stderr}")
check(third == first, "the same PDF without a cache")
r0, _ = render("bon.pdf", env)
check(r.stderr.replace("ba.pdf", "X") == r0.stderr.replace("bon.pdf", "X"),
      f"the same messages without a cache: {r.stderr!r} / {r0.stderr!r}")

# A font replaced in place (here the regular face by the bold one), the
# folder's time put back: not a stale cache that still sees a regular face
# (a PDF set in bold with exit 0), but the missing style reported.
reg = os.path.join(fonts, "LiberationSerif-Regular.ttf")
st = os.stat(fonts)
with open(reg, "rb") as f:
    regular = f.read()
with open(os.path.join(fonts, "LiberationSerif-Bold.ttf"), "rb") as f:
    bold = f.read()
with open(reg, "wb") as f:
    f.write(bold)
os.utime(fonts, ns=(st.st_atime_ns, st.st_mtime_ns))
r, out = render("nam.pdf", env)
check(r.returncode == 5, f"regular face replaced in place: exit 5, got {r.returncode} {r.stderr}")
check("không tìm thấy phông chữ đủ 4 kiểu" in r.stderr and fonts in r.stderr,
      f"the missing style named: {r.stderr}")
check(out is None, "nothing written")

# Put back: the same PDF as before.
with open(reg, "wb") as f:
    f.write(regular)
os.utime(fonts, ns=(st.st_atime_ns, st.st_mtime_ns))
r, again = render("sau.pdf", env)
check(r.returncode == 0 and again == first, f"font put back: same PDF ({r.returncode} {r.stderr})")

# Nothing written into either fonts folder.
check(sorted(os.listdir(fonts)) == sorted(f"LiberationSerif-{s}.ttf" for s in STYLES),
      f"the data folder's fonts/ unchanged: {os.listdir(fonts)}")
check(sorted(os.listdir(os.path.join(ROOT, "fonts"))) == shipped_before,
      "the source tree's fonts/ unchanged")
finish()
