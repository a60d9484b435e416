"""Input and output files: nothing the user has is lost or altered (issue 19
parts 1, 2 and 5; issue 10 part 3's file cases).

- writes that fail at each stage (first write, middle, final flush, fsync,
  close, rename) through an LD_PRELOAD shim (tests/shim/failwrite.c): exit
  4, a Vietnamese message naming the path and the reason, the older file
  byte for byte as it was, no temporary file left -- for render (cairo and
  libharu), PNG previews, table, chuyen-ma and moi;
- SIGTERM / SIGINT / SIGHUP during a long render: exit 143 / 130 / 129, no
  temporary file, the older output kept;
- an output that is one of the inputs (each kind) is refused before any
  work, exit 1, naming both; an existing output that is not a regular file
  is refused;
- inputs that are FIFOs, folders or devices are refused at once, naming the
  field; oversized inputs are refused with the limit named;
- moi never copies the target of a symlink, and creates its folder whole or
  not at all.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bctest import BAOCAO, OUT, ROOT, check, finish  # noqa: E402

SHIM = os.environ.get("FAILWRITE_SHIM") or os.path.join(ROOT, "build", "tests", "libfailwrite.so")
SAMPLE = os.path.join(ROOT, "samples", "bao-cao-quy-1-2018")
D = os.path.join(OUT, "io")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)


def run_bc(args, env_extra=None, timeout=120):
    env = dict(os.environ)
    if env_extra:
        env.update(env_extra)
    try:
        r = subprocess.run([BAOCAO] + args, capture_output=True, text=True, timeout=timeout,
                           env=env)
        return r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        return None, "(hung)"


def shim_env(stage, after=0, err="ENOSPC"):
    asan = os.environ.get("ASAN_OPTIONS", "")
    return {"LD_PRELOAD": SHIM, "FAILWRITE_STAGE": stage, "FAILWRITE_AFTER": str(after),
            "FAILWRITE_ERRNO": err,
            # a preloaded shim comes before the ASan runtime in sanitized builds
            "ASAN_OPTIONS": (asan + ":" if asan else "") + "verify_asan_link_order=0"}


def temps(folder):
    out = []
    for dirpath, dirs, files in os.walk(folder):
        out += [os.path.join(dirpath, n) for n in dirs + files if ".tmp-" in n]
    return out


def first_error(err):
    for line in err.splitlines():
        if ": lỗi: " in line or line.startswith("lỗi"):
            return line
    return err.strip().splitlines()[0] if err.strip() else ""


def sample_copy(name):
    d = os.path.join(D, name)
    shutil.copytree(SAMPLE, d)
    return d


REASON = {"ENOSPC": "ổ đĩa đầy", "EIO": "lỗi vào/ra của ổ đĩa"}
STAGE_WORDS = {"write": "khi ghi", "fsync": "khi đồng bộ xuống đĩa (fsync)", "close": "khi đóng tệp",
               "rename": "khi đổi tên tệp tạm thành tệp đích"}

# ---- 1. write failures at each stage --------------------------------------
src = sample_copy("mau")
rep = os.path.join(src, "report.yaml")
wd = os.path.join(D, "ghi")
os.makedirs(wd)
good = os.path.join(wd, "tot.pdf")
rc, err = run_bc(["render", rep, "-o", good, "--chi-phong-kem-theo"])
check(rc == 0, f"reference render: exit {rc}: {err}")
size = os.path.getsize(good)
OLD = b"%PDF-1.4 the older report, kept byte for byte\n"


def expect_write_failure(name, args, out, stage, after=0, err_name="ENOSPC", folder=None,
                         stage_word=None):
    folder = folder or os.path.dirname(out)
    if os.path.isdir(out):
        before = None
    else:
        with open(out, "wb") as f:
            f.write(OLD)
        before = OLD
    rc, err = run_bc(args, shim_env(stage, after, err_name))
    check(rc == 4, f"{name}: exit {rc}, want 4; stderr: {err[-800:]}")
    line = first_error(err)
    word = stage_word if stage_word is not None else STAGE_WORDS[stage]
    check(out in line and REASON[err_name] in line and word in line,
          f"{name}: message names the path, the stage ({word}) and the reason "
          f"({REASON[err_name]}): {line}")
    check("đã ghi" not in err, f"{name}: claims success: {err}")
    if before is not None:
        check(open(out, "rb").read() == before, f"{name}: the older file was changed")
    check(not temps(folder), f"{name}: temporary files left: {temps(folder)}")


out = os.path.join(wd, "bao-cao.pdf")
render = ["render", rep, "-o", out, "--chi-phong-kem-theo"]
expect_write_failure("render, first write", render, out, "write", 0)
expect_write_failure("render, middle write", render, out, "write", size // 2, "EIO")
expect_write_failure("render, final flush", render, out, "write", size - 100,
                     stage_word="khi ghi nốt phần cuối")
expect_write_failure("render, fsync", render, out, "fsync", err_name="EIO")
expect_write_failure("render, close", render, out, "close")
expect_write_failure("render, rename", render, out, "rename", err_name="EIO")
# the single-thread path and the libharu (draft) writer
expect_write_failure("render --mot-luong, middle write", render + ["--mot-luong"], out, "write",
                     size // 3)
draft = ["render", rep, "-o", out, "--chi-phong-kem-theo", "--du-thao",
         "--thoi-diem", "01/02/2026 08:00"]
expect_write_failure("draft (libharu), first write", draft, out, "write", 0)
expect_write_failure("draft (libharu), middle write", draft, out, "write", 50000)
expect_write_failure("draft (libharu), fsync", draft, out, "fsync")
# PNG previews: an older preview stays as it was
png = os.path.join(wd, "xem-truoc")
os.makedirs(png)
old_png = os.path.join(png, "trang-001.png")
expect_write_failure("PNG previews, first write", render + ["--png", png], old_png, "write", 0,
                     folder=png)
check(not os.path.exists(os.path.join(png, "trang-002.png")), "PNG: a later page was written")
# behind the libharu writer the PNG writer's own error reaches the user as it
# is (it was "không ghi được ảnh xem trước trang 1", without path or reason)
expect_write_failure("draft (libharu) PNG previews, first write", draft + ["--png", png], old_png,
                     "write", 0, folder=png)
check(not os.path.exists(os.path.join(png, "trang-002.png")), "draft PNG: a later page was written")
# table, chuyen-ma
spec = os.path.join(wd, "bang.yaml")
csv = os.path.join(wd, "bang.csv")
with open(spec, "w", encoding="utf-8") as f:
    f.write("nhan: Phụ lục 1\ntieu-de: KẾT QUẢ\ndu-lieu: bang.csv\ncot:\n"
            "  - {khoa: stt, nhan: Stt, rong: 12mm}\n  - {khoa: ten, nhan: Cơ quan, rong: 3*}\n"
            "  - {khoa: so, nhan: Số hồ sơ, kieu: so}\n")
with open(csv, "w", encoding="utf-8") as f:
    f.write("stt,ten,so\n1,Sở Nội vụ,12\n2,Sở Tư pháp,30\n")
tout = os.path.join(wd, "bang.pdf")
rc, err = run_bc(["table", csv, "--spec", spec, "-o", tout, "--chi-phong-kem-theo"])
check(rc == 0, f"table reference: exit {rc}: {err}")
expect_write_failure("table, first write", ["table", csv, "--spec", spec, "-o", tout,
                                            "--chi-phong-kem-theo"], tout, "write", 0)
expect_write_failure("table, rename", ["table", csv, "--spec", spec, "-o", tout,
                                       "--chi-phong-kem-theo"], tout, "rename")
legacy = os.path.join(wd, "cu.txt")
with open(legacy, "w", encoding="utf-8") as f:
    f.write("Văn bản Unicode sẵn\n")
conv = os.path.join(wd, "moi.txt")
expect_write_failure("chuyen-ma, write", ["chuyen-ma", legacy, "-o", conv], conv, "write", 0)
expect_write_failure("chuyen-ma, fsync", ["chuyen-ma", legacy, "-o", conv], conv, "fsync")
# moi: the new folder is created whole or not at all
newdir = os.path.join(wd, "quy-2")
rc, err = run_bc(["moi", src, newdir], shim_env("write", 2000))
check(rc == 4, f"moi, write failure: exit {rc}: {err}")
check("ổ đĩa đầy" in err, f"moi, write failure: reason named: {err}")
check(not os.path.exists(newdir), "moi, write failure: a half-made folder was left")
check(not temps(wd), f"moi, write failure: temporary paths left: {temps(wd)}")
rc, err = run_bc(["moi", src, newdir], shim_env("rename"))
check(rc == 4 and not os.path.exists(newdir) and not temps(wd),
      f"moi, rename failure: exit {rc}, folder {os.path.exists(newdir)}, temps {temps(wd)}")

# ---- 2. signals during a long render ---------------------------------------
sd = os.path.join(D, "tin-hieu")
shutil.copytree(SAMPLE, sd)
random.seed(19)
vocab = ("cải cách hành chính tỉnh Khánh Hòa nâng cao chất lượng đội ngũ cán bộ công chức "
         "thủ tục hồ sơ giải quyết đúng hạn").split()
with open(os.path.join(sd, "dai.md"), "w", encoding="utf-8") as f:
    f.write("\n\n".join(" ".join(random.choice(vocab) for _ in range(80)) for _ in range(4000)))
    f.write("\n")
with open(os.path.join(sd, "report.yaml"), encoding="utf-8") as f:
    y = f.read().replace("noi-dung: noi-dung.md", "noi-dung: dai.md")
with open(os.path.join(sd, "dai.yaml"), "w", encoding="utf-8") as f:
    f.write(y)
sout = os.path.join(sd, "ra")
os.makedirs(sout)
for sig, want in ((signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)):
    target = os.path.join(sout, "bao-cao.pdf")
    with open(target, "wb") as f:
        f.write(OLD)
    png_dir = os.path.join(sout, "png")
    p = subprocess.Popen([BAOCAO, "render", os.path.join(sd, "dai.yaml"), "-o", target,
                          "--chi-phong-kem-theo", "--png", png_dir, "--dpi", "20"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = False
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60 and p.poll() is None:
        if temps(sout):
            seen = True
            time.sleep(0.05)
            break
        time.sleep(0.005)
    if not seen or p.poll() is not None:
        p.kill()
        p.wait()
        check(False, f"{sig.name}: the render ended before its temporary file was seen")
        continue
    p.send_signal(sig)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    check(p.returncode == want, f"{sig.name}: exit {p.returncode}, want {want}")
    check(not temps(sout), f"{sig.name}: temporary files left: {temps(sout)}")
    check(open(target, "rb").read() == OLD, f"{sig.name}: the older output was changed")
    shutil.rmtree(png_dir, ignore_errors=True)

# ---- 3. an output is never one of the inputs -------------------------------
gd = sample_copy("vao-ra")
grep = os.path.join(gd, "report.yaml")
with open(os.path.join(gd, "bang.yaml"), "w", encoding="utf-8") as f:
    f.write(open(spec, encoding="utf-8").read())
shutil.copy(csv, os.path.join(gd, "bang.csv"))
with open(grep, "a", encoding="utf-8") as f:
    f.write("phu-luc: [bang.yaml]\n")
with open(os.path.join(gd, "du-thao.yaml"), "w", encoding="utf-8") as f:
    f.write("lan: 2\n")
prev = sample_copy("du-thao-truoc")
notes = os.path.join(gd, "gop-y.yaml")
with open(notes, "w", encoding="utf-8") as f:
    f.write("- trich: Thực hiện\n  nguoi: Sở Tư pháp\n  y-kien: Ghi rõ số văn bản.\n")


def expect_refused(name, args, out, want_in):
    before = {}
    for p in (out, want_in):
        if os.path.isfile(p):
            before[p] = open(p, "rb").read()
    rc, err = run_bc(args)
    line = first_error(err)
    check(rc == 1, f"{name}: exit {rc}, want 1; stderr: {err[-600:]}")
    check(os.path.basename(out) in line and os.path.basename(want_in) in line
          and "tệp vào" in line, f"{name}: message names both: {line}")
    for p, b in before.items():
        check(open(p, "rb").read() == b, f"{name}: {p} was changed")
    check(not temps(os.path.dirname(out)), f"{name}: temporary files left")


R = ["render", grep, "--chi-phong-kem-theo", "-o"]
for f in ("report.yaml", "noi-dung.md", "chi-so.yaml", "tthc.csv", "bang.yaml", "bang.csv"):
    p = os.path.join(gd, f)
    expect_refused(f"render -o {f}", R + [p], p, p)
# the same file under another name: ./x/../x, and a hard link
odd = os.path.join(gd, "..", "vao-ra", "noi-dung.md")
expect_refused("render -o via ..", R + [odd], odd, os.path.join(gd, "noi-dung.md"))
hard = os.path.join(D, "lien-ket-cung.md")
os.link(os.path.join(gd, "noi-dung.md"), hard)
expect_refused("render -o a hard link of the narrative", R + [hard], hard,
               os.path.join(gd, "noi-dung.md"))
DR = ["render", grep, "--chi-phong-kem-theo", "--du-thao", "--thoi-diem", "01/02/2026 08:00"]
expect_refused("draft -o du-thao.yaml", DR + ["-o", os.path.join(gd, "du-thao.yaml")],
               os.path.join(gd, "du-thao.yaml"), os.path.join(gd, "du-thao.yaml"))
expect_refused("draft -o the previous draft's report",
               DR + ["--so-voi", prev, "-o", os.path.join(prev, "report.yaml")],
               os.path.join(prev, "report.yaml"), os.path.join(prev, "report.yaml"))
expect_refused("draft -o the previous draft's narrative",
               DR + ["--so-voi", prev, "-o", os.path.join(prev, "noi-dung.md")],
               os.path.join(prev, "noi-dung.md"), os.path.join(prev, "noi-dung.md"))
expect_refused("draft -o gop-y", DR + ["--gop-y", notes, "-o", notes], notes, notes)
# --png: a preview folder that is an input file, or would overwrite one
rc, err = run_bc(R + [os.path.join(D, "x.pdf"), "--png", os.path.join(gd, "noi-dung.md")])
check(rc == 1 and "noi-dung.md" in first_error(err), f"--png onto an input: exit {rc}: {err}")
trang = os.path.join(gd, "trang-001.png")
shutil.copy(os.path.join(gd, "chi-so.yaml"), trang)
with open(grep, encoding="utf-8") as f:
    y = f.read()
with open(grep, "w", encoding="utf-8") as f:
    f.write(y.replace("so-lieu: [chi-so.yaml, tthc.csv]", "so-lieu: [trang-001.png, tthc.csv]"))
rc, err = run_bc(R + [os.path.join(D, "x.pdf"), "--png", gd])
check(rc == 1 and "trang-001.png" in first_error(err),
      f"--png would overwrite an input: exit {rc}: {err}")
with open(grep, "w", encoding="utf-8") as f:
    f.write(y)
os.unlink(trang)
# table, chuyen-ma, moi
expect_refused("table -o its CSV", ["table", csv, "--spec", spec, "-o", csv], csv, csv)
expect_refused("table -o its spec", ["table", csv, "--spec", spec, "-o", spec], spec, spec)
rc, err = run_bc(["chuyen-ma", legacy, "-o", legacy])
check(rc == 1 and "tệp vào" in err and open(legacy, encoding="utf-8").read() == "Văn bản Unicode sẵn\n",
      f"chuyen-ma -o its input: exit {rc}: {err}")
rc, err = run_bc(["moi", gd, os.path.join(gd, "quy-2")])
check(rc == 1 and not os.path.exists(os.path.join(gd, "quy-2")),
      f"moi into the old folder: exit {rc}: {err}")

# existing outputs that are not regular files
fifo = os.path.join(D, "ong.pdf")
os.mkfifo(fifo)
rc, err = run_bc(R + [fifo], timeout=30)
check(rc == 4 and "FIFO" in first_error(err), f"output is a FIFO: exit {rc}: {err}")
check(os.path.exists(fifo) and not os.path.isfile(fifo), "output FIFO replaced")
link = os.path.join(D, "lien-ket.pdf")
os.symlink(good, link)
rc, err = run_bc(R + [link])
check(rc == 4 and "liên kết" in first_error(err) and os.path.islink(link),
      f"output is a symlink: exit {rc}: {err}")
rc, err = run_bc(R + ["/dev/null"])
check(rc == 4 and "thiết bị" in first_error(err), f"output is a device: exit {rc}: {err}")

# ---- 4. inputs that are not regular files, and oversized inputs -----------
bd = sample_copy("vao-la")
brep = os.path.join(bd, "report.yaml")
bout = os.path.join(D, "vao-la.pdf")
BR = ["render", brep, "-o", bout, "--chi-phong-kem-theo"]


def expect_input_refused(name, path, make, field, kind):
    os.rename(path, path + ".bak")
    make(path)
    t0 = time.monotonic()
    rc, err = run_bc(BR, timeout=20)
    line = first_error(err)
    check(rc == 2, f"{name}: exit {rc}, want 2 ({time.monotonic() - t0:.1f} s): {err[-500:]}")
    check(path in line and field in line and kind in line,
          f"{name}: message names the field ({field}), path and kind ({kind}): {line}")
    check(not os.path.exists(bout), f"{name}: a PDF was written")
    if os.path.isdir(path) and not os.path.islink(path):
        os.rmdir(path)
    else:
        os.unlink(path)
    os.rename(path + ".bak", path)


expect_input_refused("narrative is a FIFO", os.path.join(bd, "noi-dung.md"), os.mkfifo,
                     "noi-dung", "FIFO")
expect_input_refused("narrative is a folder", os.path.join(bd, "noi-dung.md"), os.mkdir,
                     "noi-dung", "thư mục")
expect_input_refused("narrative is a device", os.path.join(bd, "noi-dung.md"),
                     lambda p: os.symlink("/dev/zero", p), "noi-dung", "thiết bị")
expect_input_refused("data file is a FIFO", os.path.join(bd, "chi-so.yaml"), os.mkfifo,
                     "so-lieu", "FIFO")
expect_input_refused("data CSV is a device", os.path.join(bd, "tthc.csv"),
                     lambda p: os.symlink("/dev/urandom", p), "so-lieu", "thiết bị")
rc, err = run_bc(["render", "/dev/stdin", "-o", bout], timeout=20)
check(rc == 2 and not os.path.exists(bout), f"report.yaml is stdin (a device/pipe): exit {rc}: {err}")
rc, err = run_bc(["table", "/dev/zero", "--spec", spec, "-o", bout], timeout=20)
check(rc == 2 and "thiết bị" in first_error(err), f"table CSV is a device: exit {rc}: {err}")
rc, err = run_bc(["chuyen-ma", bd, "-o", os.path.join(D, "c.txt")], timeout=20)
check(rc == 2 and "thư mục" in first_error(err), f"chuyen-ma of a folder: exit {rc}: {err}")
# English left in messages
rc, err = run_bc(["render", os.path.join(bd, "khong-co.yaml"), "-o", bout])
check(rc == 2 and "No such file" not in err and "không có tệp này" in err,
      f"missing report: Vietnamese reason: {err}")

# oversized: report.yaml > 1 MiB, narrative > 8 MiB (refused before reading)
big = os.path.join(bd, "lon.yaml")
with open(big, "w", encoding="utf-8") as f:
    f.write(open(brep, encoding="utf-8").read())
    f.write("# " + "x" * (1 << 20) + "\n")
rc, err = run_bc(["render", big, "-o", bout])
check(rc == 2 and "1 MiB" in first_error(err) and big in first_error(err),
      f"report.yaml over 1 MiB: exit {rc}: {first_error(err)}")
bigmd = os.path.join(bd, "noi-dung.md")
with open(bigmd, "ab") as f:
    f.write(b"a" * (9 << 20))
rc, err = run_bc(BR)
check(rc == 2 and "8 MiB" in first_error(err) and "noi-dung" in first_error(err),
      f"narrative over 8 MiB: exit {rc}: {first_error(err)}")
check(not os.path.exists(bout), "oversized narrative: a PDF was written")

# ---- 5. moi and symlinks ----------------------------------------------------
md = sample_copy("moi-lien-ket")
secret = os.path.join(D, "bi-mat.txt")
with open(secret, "w", encoding="utf-8") as f:
    f.write("số CMND 012345678\n")
os.symlink(secret, os.path.join(md, "ghi-chu.txt"))
new = os.path.join(D, "moi-lien-ket-2")
rc, err = run_bc(["moi", md, new])
check(rc == 0, f"moi with a symlink: exit {rc}: {err}")
copied = os.path.join(new, "ghi-chu.txt")
# not one of the report's files: moi copies neither the link nor its target
check(not os.path.lexists(copied), "moi: an unrelated symlink is not copied")
for dirpath, dirs, files in os.walk(new):
    for n in files:
        p = os.path.join(dirpath, n)
        if not os.path.islink(p):
            check("012345678" not in open(p, encoding="utf-8", errors="replace").read(),
                  f"moi copied the link's target into {p}")
# a data file (so-lieu) reached through a linked folder outside the report
md2 = sample_copy("moi-thu-muc-lien-ket")
outside = os.path.join(D, "ngoai")
os.makedirs(outside)
shutil.copy(os.path.join(md2, "chi-so.yaml"), os.path.join(outside, "chi-so.yaml"))
os.symlink(outside, os.path.join(md2, "sl"))
with open(os.path.join(md2, "report.yaml"), encoding="utf-8") as f:
    y = f.read()
with open(os.path.join(md2, "report.yaml"), "w", encoding="utf-8") as f:
    f.write(y.replace("so-lieu: [chi-so.yaml, tthc.csv]", "so-lieu: [sl/chi-so.yaml, tthc.csv]"))
new2 = os.path.join(D, "moi-thu-muc-lien-ket-2")
rc, err = run_bc(["moi", md2, new2])
check(rc == 2 and "sl/chi-so.yaml" in first_error(err) and "ngoài thư mục" in first_error(err),
      f"moi: a data file through a link out of the folder is refused: exit {rc}: {err}")
check(not os.path.exists(new2) and not temps(D), "moi: refused, yet a folder was left")

# ---- 6. draft inputs named in du-thao.yaml stay inside the report folder ----
dd = os.path.join(D, "du-thao-2")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018-du-thao-2"), dd)
DDR = ["render", os.path.join(dd, "report.yaml"), "--chi-phong-kem-theo", "--du-thao",
       "--thoi-diem", "01/02/2026 08:00", "-o", os.path.join(D, "du-thao-2.pdf")]
rc, err = run_bc(DDR)
check(rc == 0, f"draft sample renders: exit {rc}: {err[-500:]}")
outside_notes = os.path.join(D, "gop-y-ngoai.yaml")
shutil.move(os.path.join(dd, "gop-y.yaml"), outside_notes)
os.symlink(outside_notes, os.path.join(dd, "gop-y.yaml"))
rc, err = run_bc(DDR)
line = first_error(err)
check(rc == 2 and "gop-y" in line and "du-thao.yaml" in line and "liên kết" in line,
      f"du-thao.yaml's gop-y is a symlink out of the folder: exit {rc}: {line}")
os.unlink(os.path.join(dd, "gop-y.yaml"))
with open(os.path.join(dd, "du-thao.yaml"), encoding="utf-8") as f:
    y = f.read()
with open(os.path.join(dd, "du-thao.yaml"), "w", encoding="utf-8") as f:
    f.write(y.replace("gop-y: gop-y.yaml", "gop-y: ../gop-y-ngoai.yaml"))
rc, err = run_bc(DDR)
line = first_error(err)
check(rc == 2 and "ngoài thư mục" in line and "gop-y" in line,
      f"du-thao.yaml's gop-y outside the folder: exit {rc}: {line}")
# typed on the command line, the user's own choice is read
rc, err = run_bc(DDR + ["--gop-y", outside_notes])
check(rc == 0, f"--gop-y typed by the user, outside the folder: exit {rc}: {err[-300:]}")

# --so-voi pointed at a printed PDF: said so, not "bad UTF-8"
rc, err = run_bc(DDR + ["--gop-y", outside_notes, "--so-voi", good])
check(rc == 1 and "PDF" in first_error(err) and "UTF-8" not in err,
      f"--so-voi at a PDF: exit {rc}: {first_error(err)}")

finish()
