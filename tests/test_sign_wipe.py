#!/usr/bin/python3
"""Signing wipes the key file's bytes and the password before freeing them
(OPENSSL_cleanse): freed heap memory keeps its contents, and the next
allocation - or a core dump - hands them on.

baocao ky / render --ky run under tests/shim/wipecheck.c (LD_PRELOAD),
which reports every heap block freed while it still holds the .p12 file's
first bytes or the password: on success, with a wrong password, with a
damaged .p12, and for the password read from a file descriptor.
"""
import os
import shutil
import subprocess
import sys

from bctest import BAOCAO, OUT, ROOT, check, finish, render, sample

if os.environ.get("BAOCAO_SANITIZED") == "1":
    print("SKIPPED in the sanitized build: the shim replaces glibc's free()")
    sys.exit(0)

SHIM = os.environ.get("WIPECHECK_SHIM") or os.path.join(ROOT, "build", "tests", "libwipecheck.so")
D = os.path.join(OUT, "sign-wipe")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
PASS = "Bi-mat-4711-khong-de-lai"

key, crt, p12 = (os.path.join(D, n) for n in ("k.pem", "c.pem", "k.p12"))
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                "-out", crt, "-days", "2", "-subj", "/CN=Thu Xoa"], check=True,
               capture_output=True)
subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", crt, "-out", p12,
                "-passout", "pass:" + PASS], check=True, capture_output=True)
bad_p12 = os.path.join(D, "hong.p12")
data = open(p12, "rb").read()
with open(bad_p12, "wb") as f:  # the same outer headers, the inside cut off
    f.write(data[:len(data) // 3])

pdf = os.path.join(D, "ban.pdf")
r = render(sample("bao-cao-quy-1-2018"), pdf)
check(r.returncode == 0, f"render: {r.returncode} {r.stderr[-300:]}")


def under_shim(args, password=PASS, keyfile=p12, **kw):
    env = dict(os.environ, LD_PRELOAD=SHIM, WIPECHECK_FILE=keyfile, WIPECHECK_SECRET=PASS)
    if password is not None:
        env["BAOCAO_MAT_KHAU"] = password
    return subprocess.run([BAOCAO] + args, capture_output=True, text=True, env=env, timeout=300,
                          **kw)


# the shim itself finds an unwiped block (a test that cannot fail is a defect)
probe = subprocess.run(["/usr/bin/python3", "-c", f"open({p12!r}, 'rb').read()"],
                       capture_output=True, text=True,
                       env=dict(os.environ, LD_PRELOAD=SHIM, WIPECHECK_FILE=p12))
check("WIPECHECK: freed without wiping: the .p12 file's bytes" in probe.stderr,
      f"the shim sees a freed copy of the file: {probe.stderr[-300:]}")

cases = [
    ("ky", ["ky", pdf, "-o", os.path.join(D, "ky.pdf"), "--p12", p12], PASS, p12, 0, None),
    ("ky, wrong password", ["ky", pdf, "-o", os.path.join(D, "sai.pdf"), "--p12", p12],
     PASS + "x", p12, 2, "sai mật khẩu của tệp khóa"),
    ("ky, damaged .p12", ["ky", pdf, "-o", os.path.join(D, "hong.pdf"), "--p12", bad_p12], PASS,
     bad_p12, 2, "không đọc được tệp khóa PKCS#12"),
    ("render --ky", ["render", os.path.join(ROOT, "samples", "bao-cao-quy-1-2018", "report.yaml"),
                     "-o", os.path.join(D, "render-ky.pdf"), "--ky", "--p12", p12,
                     "--chi-phong-kem-theo"], PASS, p12, 0, None),
]
for what, args, pw, keyfile, code, msg in cases:
    r = under_shim(args, password=pw, keyfile=keyfile)
    check(r.returncode == code and (msg is None or msg in r.stderr),
          f"{what}: exit {r.returncode} (want {code}) {r.stderr[-300:]}")
    leaks = sorted({line for line in r.stderr.splitlines() if line.startswith("WIPECHECK")})
    check(not leaks, f"{what}: {leaks}")

# the password from a file descriptor (--mat-khau-fd)
rfd, wfd = os.pipe()
os.write(wfd, (PASS + "\n").encode())
os.close(wfd)
r = under_shim(["ky", pdf, "-o", os.path.join(D, "fd.pdf"), "--p12", p12, "--mat-khau-fd",
                str(rfd)], password=None, pass_fds=(rfd,))
os.close(rfd)
leaks = sorted({line for line in r.stderr.splitlines() if line.startswith("WIPECHECK")})
check(r.returncode == 0 and not leaks, f"--mat-khau-fd: exit {r.returncode} {leaks} "
                                       f"{r.stderr[-200:]}")

finish()
