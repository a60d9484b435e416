#!/usr/bin/python3
"""Signing wipes the key file's bytes, the password and the token's PIN
before handing the memory back (OPENSSL_cleanse in the key loader,
explicit_bzero in the CLI and the web page): freed heap memory keeps
its contents, and the next allocation - or a core dump - hands them on.

Everything runs under tests/shim/wipecheck.c (LD_PRELOAD), which reports
each heap block freed or realloc'd, and each mapping unmapped, while it
still holds the .p12 file's first bytes, the password or the PIN:
- baocao ky / render --ky with a .p12 (on success, a wrong password, a
  damaged .p12, the password from a file descriptor or typed at the prompt)
  and with a PKCS#11 token (SoftHSM2: the PIN right, wrong, from a file
  descriptor, typed);
- baocao serve's signing form (a .p12 and password, a token's PIN): with
  keep-alive and with "Connection: close", an upload cut off half-way, a
  body the multipart parser refuses before the password's field.
No exception is allowed: libmicrohttpd's own buffers (its post processor's,
its connection memory pool) are handled in src/serve/httpd.c.
"""
import os
import pty
import select
import shutil
import subprocess
import sys
import time

from bctest import BAOCAO, OUT, ROOT, check, finish, render, sample

if os.environ.get("BAOCAO_SANITIZED") == "1":
    print("SKIPPED in the sanitized build: the shim replaces glibc's free()")
    sys.exit(0)

SHIM = os.environ.get("WIPECHECK_SHIM") or os.path.join(ROOT, "build", "tests", "libwipecheck.so")
D = os.path.join(OUT, "sign-wipe")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
PASS = "Bi-mat-4711-khong-de-lai"
PIN = "7391582046"  # long enough that no other bytes match it by chance

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


def shim_env(env=None, keyfile=p12, password=PASS, pin=PIN):
    return dict(env or os.environ, LD_PRELOAD=SHIM, WIPECHECK_FILE=keyfile,
                WIPECHECK_SECRET=password, WIPECHECK_PIN=pin)


def reports(stderr):
    return sorted({line for line in stderr.splitlines() if line.startswith("WIPECHECK")})


def under_shim(args, password=PASS, keyfile=p12, secret=None, env=None, **kw):
    """baocao args under the shim, the secret (default: password) given in
    BAOCAO_MAT_KHAU unless None; password/pin are what the shim looks for."""
    e = shim_env(env, keyfile=keyfile, password=password,
                 pin=kw.pop("pin", PIN))
    given = password if secret is None else secret
    if given is not None and not kw.pop("no_env", False):
        e["BAOCAO_MAT_KHAU"] = given
    return subprocess.run([BAOCAO] + args, capture_output=True, text=True, env=e, timeout=300,
                          **kw)


# the shim itself finds each secret, in each way memory goes back (a test that cannot fail is
# a defect): a file read by Python (free), a bytearray grown (realloc), an mmap closed (munmap)
PROBES = (
    (f"open({p12!r}, 'rb').read()", "freed without wiping: the .p12 file's bytes"),
    (f"b = bytearray(b'x' * 4000 + {PASS.encode()!r}); del b", "freed without wiping: the password"),
    (f"b = bytearray(b'x' * 4000 + {PIN.encode()!r}); b.extend(b'y' * 400000)",
     "realloc'd without wiping (the old block may be freed as it is): the PIN"),
    (f"import mmap; m = mmap.mmap(-1, 1 << 16); m.write({PIN.encode()!r}); m.close()",
     "unmapped without wiping: the PIN"),
    ("pass", "left in the environment (/proc/PID/environ): the password"),
)
for code, want in PROBES:
    probe = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                           env=dict(shim_env(), SOME_SECRET=PASS))
    check("WIPECHECK: " + want in probe.stderr, f"the shim sees it ({want}): {probe.stderr[-300:]}")

# ---- the command line: a .p12 and its password -------------------------------------------------
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
    check(not reports(r.stderr), f"{what}: {reports(r.stderr)}")


def from_fd(args, secret, **kw):
    """baocao args with the secret on --mat-khau-fd (a pipe), none in the environment."""
    rfd, wfd = os.pipe()
    os.write(wfd, (secret + "\n").encode())
    os.close(wfd)
    try:
        return under_shim(args + ["--mat-khau-fd", str(rfd)], no_env=True, pass_fds=(rfd,), **kw)
    finally:
        os.close(rfd)


r = from_fd(["ky", pdf, "-o", os.path.join(D, "fd.pdf"), "--p12", p12], PASS)
check(r.returncode == 0 and not reports(r.stderr),
      f"--mat-khau-fd: exit {r.returncode} {reports(r.stderr)} {r.stderr[-200:]}")



def typed(args, secret, prompt, env=None):
    """baocao args on a pseudo-terminal (its controlling /dev/tty), the secret typed when the
    prompt shows and none in the environment; returns (exit code, all it wrote)."""
    e = shim_env(env)
    e.pop("BAOCAO_MAT_KHAU", None)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(BAOCAO, [BAOCAO] + args, e)
    out, sent, deadline = b"", False, time.time() + 300
    while time.time() < deadline:
        if not select.select([fd], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child has gone
            break
        if not chunk:
            break
        out += chunk
        if not sent and (prompt + ": ").encode() in out:
            os.write(fd, (secret + "\n").encode())
            sent = True
    os.close(fd)
    _, st = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(st), out.decode(errors="replace")


code, out = typed(["ky", pdf, "-o", os.path.join(D, "tty.pdf"), "--p12", p12], PASS,
                  "Mật khẩu tệp khóa")
check(code == 0 and "đã ký" in out and not reports(out),
      f"the password typed at the prompt: exit {code} {reports(out)} {out[-300:]}")

# ---- the command line: a PKCS#11 token (SoftHSM2) and its PIN ----------------------------------
MODULE = next((m for m in ("/usr/lib/softhsm/libsofthsm2.so",
                           "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so") if os.path.exists(m)),
              None)
check(MODULE is not None, "SoftHSM2 installed (.ci/bootstrap)")
os.makedirs(os.path.join(D, "tokens"))
with open(os.path.join(D, "softhsm2.conf"), "w") as f:
    f.write(f"directories.tokendir = {D}/tokens\nobjectstore.backend = file\n")
HSM = dict(os.environ, SOFTHSM2_CONF=os.path.join(D, "softhsm2.conf"))
URI = "pkcs11:token=baocao;object=nguoi-ky"
if MODULE:
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "baocao", "--pin", PIN,
                    "--so-pin", "87654321"], env=HSM, check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", key, "-outform", "DER",
                    "-out", os.path.join(D, "k.p8")], check=True)
    subprocess.run(["openssl", "x509", "-in", crt, "-outform", "DER", "-out",
                    os.path.join(D, "c.der")], check=True)
    for path, kind in (("k.p8", "privkey"), ("c.der", "cert")):
        subprocess.run(["pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN,
                        "--write-object", os.path.join(D, path), "--type", kind, "--id", "01",
                        "--label", "nguoi-ky"], env=HSM, check=True, capture_output=True)
    TOK = ["--pkcs11", URI, "--module", MODULE]
    WRONG_PIN = "5820461739"
    for what, args, pin, code, msg in (
            ("ky --pkcs11", ["ky", pdf, "-o", os.path.join(D, "the.pdf")] + TOK, PIN, 0, None),
            ("ky --pkcs11, wrong PIN", ["ky", pdf, "-o", os.path.join(D, "the-sai.pdf")] + TOK,
             WRONG_PIN, 2, "sai mã PIN"),
            ("render --ky --pkcs11", ["render", sample("bao-cao-quy-1-2018"), "-o",
                                      os.path.join(D, "render-the.pdf"), "--ky",
                                      "--chi-phong-kem-theo"] + TOK, PIN, 0, None)):
        r = under_shim(args, secret=pin, pin=pin, env=HSM)
        check(r.returncode == code and (msg is None or msg in r.stderr),
              f"{what}: exit {r.returncode} (want {code}) {r.stderr[-300:]}")
        check(not reports(r.stderr), f"{what}: {reports(r.stderr)}")
    r = from_fd(["ky", pdf, "-o", os.path.join(D, "the-fd.pdf")] + TOK, PIN, env=HSM)
    check(r.returncode == 0 and not reports(r.stderr),
          f"--pkcs11 --mat-khau-fd: exit {r.returncode} {reports(r.stderr)} {r.stderr[-200:]}")
    code, out = typed(["ky", pdf, "-o", os.path.join(D, "the-tty.pdf")] + TOK, PIN,
                      "Mã PIN của thẻ ký số", env=HSM)
    check(code == 0 and "đã ký" in out and not reports(out),
          f"the PIN typed at the prompt: exit {code} {reports(out)} {out[-300:]}")

# ---- baocao serve: the signing form's .p12 and password, or a token's PIN, arrive in the request
# body: libmicrohttpd's connection memory pool, the post processor's buffer, then ours (a .p12
# padded to ~40 KiB so that every buffer grows and the body fills the read buffer many times)
import http.client  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
from servehttp import http_request, multipart, stop_server  # noqa: E402

ws = os.path.join(D, "ws")
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), os.path.join(ws, "quy"))
big_p12 = os.path.join(D, "lon.p12")
subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", crt, "-out", big_p12,
                "-passout", "pass:" + PASS, "-name", "x" * 40000], check=True, capture_output=True)
P12 = open(big_p12, "rb").read()
SIGN = "/api/bao-cao/quy/ban-ky.pdf"


def serve_case(what, send, extra=(), env=None, pin=PIN, password=PASS):
    """Starts baocao serve under the shim, calls send(port, csrf token), stops
    it; checks that the shim reported nothing."""
    srv = subprocess.Popen([BAOCAO, "serve", ws, "--cong", "0", *extra], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True,
                           env=shim_env(env, keyfile=big_p12, password=password, pin=pin))
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", srv.stdout.readline())
    check(m is not None, f"{what}: serve prints its address")
    port = int(m.group(1)) if m else 0
    st, _, page = http_request("127.0.0.1", port, "GET", "/")
    mt = re.search(rb'<meta name="csrf" content="([0-9a-f]{64})">', page)
    check(st == 200 and mt, f"{what}: serve gives its page and token")
    send(port, mt.group(1).decode() if mt else "")
    err = stop_server(srv)
    check(srv.returncode == 0, f"{what}: serve stops with 0: {srv.returncode} {err[-300:]}")
    check(not reports(err), f"{what}: {reports(err)}")


def post(port, csrf, body, ctype, close=False):
    h = {"X-CSRF-Token": csrf, "Content-Type": ctype}
    if close:  # no keep-alive: libmicrohttpd frees the connection's pool without its reset
        h["Connection"] = "close"
    try:
        return http_request("127.0.0.1", port, "POST", SIGN, body, h)
    except (OSError, http.client.HTTPException) as e:  # the server died: a failed check, not a stop
        return 0, {}, repr(e).encode()


P12_FORM = multipart([("p12", "lon.p12", P12), ("mat-khau", None, PASS.encode())])


def signs(close):
    def send(port, csrf):
        st, _, signed = post(port, csrf, *P12_FORM, close=close)
        check(st == 200 and signed.startswith(b"%PDF"),
              f"serve signs (close={close}): {st} {signed[:200]!r}")
    return send


serve_case("serve, .p12 and password", signs(False))
serve_case("serve, .p12 and password, Connection: close", signs(True))


def cut_off(port, csrf):
    """Half the body (the password's field whole in it), then the connection closes: the bytes
    stay in the connection's read buffer (small enough that no later read overwrites them), which
    libmicrohttpd frees with its pool, unwiped."""
    body, ctype = multipart([("mat-khau", None, PASS.encode()), ("p12", "k.p12", open(p12, "rb").read())])
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall((f"POST {SIGN} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-CSRF-Token: {csrf}\r\n"
                   f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
                  + body[:len(body) // 2])
        time.sleep(1)


serve_case("serve, an upload cut off half-way", cut_off)


def refused_early(port, csrf):
    """A multipart body the parser refuses (no CRLF after a boundary) before the password's field:
    the password never reaches the form, only the parser's buffer; a part without a name; a
    url-encoded body and one over 1 MiB, refused before the parser."""
    body, ctype = P12_FORM
    bnd = ctype.split("boundary=")[1].encode()
    at = body.index(b"--" + bnd + b"\r\nContent-Disposition: form-data; name=\"mat-khau\"")
    st, _, data = post(port, csrf, body[:at] + b"--" + bnd + b"XX" + body[at:], ctype)
    check(st == 400 and "biểu mẫu ký số không đọc được" in data.decode(),
          f"a broken form is refused: {st} {data[:200]!r}")
    st, _, data = post(port, csrf, b"p12=x&mat-khau=" + PASS.encode(),
                       "application/x-www-form-urlencoded")
    check(st == 400 and "multipart/form-data" in data.decode(),
          f"a url-encoded form is refused: {st} {data[:200]!r}")
    st, _, data = post(port, csrf, b"--XyZ\r\nFoo: bar\r\n\r\nzzz\r\n--XyZ--\r\n",
                       "multipart/form-data; boundary=XyZ")  # a part without a name (crashed)
    check(st == 400 and "biểu mẫu ký số không đọc được" in data.decode(),
          f"a part without a name is refused: {st} {data[:200]!r}")
    st, _, data = post(port, csrf, *multipart([("p12", "to.p12", b"\x30" * (1 << 20)),
                                               ("mat-khau", None, PASS.encode())]))
    check(st == 413 and "biểu mẫu ký số quá lớn (tối đa 1 MiB)" in data.decode(),
          f"a form over 1 MiB is refused: {st} {data[:200]!r}")


serve_case("serve, a broken body", refused_early)

if MODULE:
    cfg = os.path.join(D, "the.yaml")
    with open(cfg, "w") as f:
        f.write(f'pkcs11: "{URI}"\nmodule: {MODULE}\n')

    def token(pin, close, want):
        def send(port, csrf):
            st, _, data = post(port, csrf, *multipart([("ma-pin", None, pin.encode())]),
                               close=close)
            check(st == want and (st != 200 or data.startswith(b"%PDF")),
                  f"serve, token, PIN {pin} (close={close}): {st} (want {want}) {data[:200]!r}")
        return send

    serve_case("serve, token and PIN", token(PIN, False, 200), ["--ky-the", cfg], env=HSM)
    serve_case("serve, token and PIN, Connection: close", token(PIN, True, 200),
               ["--ky-the", cfg], env=HSM)
    serve_case("serve, token, wrong PIN", token(WRONG_PIN, False, 422), ["--ky-the", cfg],
               env=HSM, pin=WRONG_PIN)

finish()
