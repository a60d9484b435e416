"""The library as others use it (README "Thư viện / Library").

1. examples/render_from_memory (built with the tree) renders a report whose
   report.yaml, narrative and data are strings in the program into a PDF
   buffer; the PDF it writes passes qpdf and carries the report's text.
2. `cmake --install` into a temporary prefix installs libbaocao.so.0 (with
   its SONAME), baocao.h and baocao.pc; the same example compiled from
   outside the tree with `cc ... $(pkg-config --cflags --libs baocao)` links
   the installed library and writes the same PDF bytes."""
import os
import shutil
import subprocess
import tempfile

from bctest import BAOCAO, ROOT, check, finish, nfc, pdftotext, qpdf_ok

BUILD = os.path.dirname(os.path.abspath(BAOCAO))
EXAMPLE = os.path.abspath(os.environ.get("EXAMPLE") or os.path.join(BUILD, "render_from_memory"))
tmp = tempfile.mkdtemp(prefix="baocao-lib-")

EXPECT = ["ỦY BAN NHÂN DÂN", "HUYỆN VÍ DỤ", "Số: 12/BC-UBND", "Ví Dụ, ngày 05 tháng 4 năm 2024",
          "Kết quả cải cách hành chính quý I năm 2024", "I. KẾT QUẢ ĐẠT ĐƯỢC",
          "giải quyết 1.234 hồ sơ thủ tục hành chính", "tỷ lệ hài lòng đạt 91,5%",
          "Nguyễn Văn An"]


def check_pdf(pdf, who):
    ok, why = qpdf_ok(pdf)
    check(ok, f"{who}: qpdf --check: {why}")
    got = " ".join(nfc(pdftotext(pdf)).split())
    for want in EXPECT:
        check(want in got, f"{who}: '{want}' in the PDF's text")


# 1. the example built with the tree, run from an empty folder
built_pdf = os.path.join(tmp, "tu-cay.pdf")
r = subprocess.run([EXAMPLE, built_pdf], cwd=tmp, capture_output=True, text=True, timeout=120)
if check(r.returncode == 0, f"render_from_memory: exit {r.returncode}: {r.stderr}"):
    check_pdf(built_pdf, "render_from_memory")
    check(sorted(os.listdir(tmp)) == ["tu-cay.pdf"], f"nothing else written: {os.listdir(tmp)}")
r = subprocess.run([EXAMPLE], cwd=tmp, capture_output=True, text=True, timeout=60)
check(r.returncode == 1 and "cách dùng" in r.stderr, f"no argument: usage, exit 1 ({r.returncode})")

# 2. installed, then compiled against the installed copy with pkg-config
prefix = os.path.join(tmp, "pfx")
r = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], capture_output=True,
                   text=True, timeout=120)
check(r.returncode == 0, f"cmake --install: exit {r.returncode}: {r.stdout}{r.stderr}")
pcs = [os.path.join(d, f) for d, _, fs in os.walk(prefix) for f in fs if f == "baocao.pc"]
sos = [os.path.join(d, f) for d, _, fs in os.walk(prefix) for f in fs if f == "libbaocao.so.0"]
check(os.path.isfile(os.path.join(prefix, "include", "baocao.h")), "include/baocao.h installed")
check(len(pcs) == 1 and len(sos) == 1, f"one baocao.pc and one libbaocao.so.0: {pcs} {sos}")
if pcs and sos:
    dyn = subprocess.run(["objdump", "-p", sos[0]], capture_output=True, text=True).stdout
    check("SONAME               libbaocao.so.0" in dyn, "SONAME libbaocao.so.0")
    syms = subprocess.run(["nm", "-D", "--defined-only", sos[0]], capture_output=True,
                          text=True).stdout.split("\n")
    exported = {s.split()[-1] for s in syms if " T " in s}
    check("bc_render_report" in exported and "bc_buffer_write" in exported,
          "public functions exported")
    check(not any(s.startswith("bc_layout") or s.startswith("bc_infile") for s in exported),
          f"private functions hidden: {sorted(exported)}")
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pcs[0]))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "baocao"], env=env,
                           capture_output=True, text=True)
    check(flags.returncode == 0, f"pkg-config baocao: {flags.stderr}")
    check(f"-I{prefix}/include" in os.path.normpath(flags.stdout) or
          os.path.realpath(os.path.join(prefix, "include")) in flags.stdout or
          "/pfx/" in flags.stdout, f"pkg-config points into the prefix: {flags.stdout}")
    work = os.path.join(tmp, "ngoai-cay")
    os.mkdir(work)
    shutil.copy(os.path.join(ROOT, "examples", "render_from_memory.c"), work)
    # A library built with the sanitizers needs their runtime first in the
    # program that loads it (CI's ASan stage builds the whole tree that way).
    san = ("-fsanitize=address,undefined " if os.environ.get("BAOCAO_SANITIZED") == "1"
           else "")
    r = subprocess.run(f"cc -std=c11 -Wall -Wextra -Werror {san}-o vi-du render_from_memory.c "
                       "$(pkg-config --cflags --libs baocao)", shell=True, cwd=work, env=env,
                       capture_output=True, text=True, timeout=120)
    if check(r.returncode == 0, f"cc with pkg-config: {r.stderr}"):
        run_env = dict(env, LD_LIBRARY_PATH=os.path.dirname(sos[0]))
        ldd = subprocess.run(["ldd", "vi-du"], cwd=work, env=run_env, capture_output=True,
                             text=True).stdout
        check(os.path.realpath(sos[0]) in ldd or sos[0] in ldd or
              os.path.dirname(sos[0]) in ldd, f"links the installed libbaocao.so.0: {ldd}")
        inst_pdf = os.path.join(work, "cai-dat.pdf")
        r = subprocess.run(["./vi-du", inst_pdf], cwd=work, env=run_env, capture_output=True,
                           text=True, timeout=120)
        if check(r.returncode == 0, f"installed example: exit {r.returncode}: {r.stderr}"):
            check_pdf(inst_pdf, "installed example")
            if os.path.exists(built_pdf):
                check(open(inst_pdf, "rb").read() == open(built_pdf, "rb").read(),
                      "same PDF bytes as the example built with the tree")

shutil.rmtree(tmp, ignore_errors=True)
finish()
