"""baocao ky: PAdES signatures on the official copy where ND30 (Phụ lục I,
II.7.d and II.8.a) places them, from a .p12 file and from a PKCS#11 token
(SoftHSM2), checked by poppler's pdfsig (against an NSS database holding
the test CA), by `openssl cms -verify` over the signed byte ranges, by qpdf
and by `baocao ky --kiem-tra`; one flipped byte makes every signature
invalid; wrong password/PIN, expired certificate, key and certificate that
do not match, a PDF without fields, a field already signed, the
organization before the signer: exact Vietnamese errors, the input
untouched and no output. Certificates and images are made here."""
import datetime
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import threading

import fitz
import pikepdf
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw

from bctest import OUT, check, finish, nfc, qpdf_ok, render, run, sample

D = os.path.join(OUT, "ky")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)
PASS = "mat-khau-thu"
MM = 72 / 25.4


def p(name):
    return os.path.join(D, name)


# ---- a test PKI ---------------------------------------------------------
NOW = datetime.datetime.now(datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Khánh Hòa")])


def make_cert(cn, issuer_key, issuer_name, key=None, ca=False, start=-1, days=30, tsa=False):
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    b = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(issuer_name or name(cn))
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW + datetime.timedelta(days=start))
         .not_valid_after(NOW + datetime.timedelta(days=start + days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                            critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                            critical=True)
    if tsa:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                            critical=True)
    return key, b.sign(issuer_key or key, hashes.SHA256())


def write_pem(path, obj):
    with open(path, "wb") as f:
        if isinstance(obj, x509.Certificate):
            f.write(obj.public_bytes(serialization.Encoding.PEM))
        else:
            f.write(obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))


def write_p12(path, key, cert, cas):
    with open(path, "wb") as f:
        f.write(pkcs12.serialize_key_and_certificates(
            b"ky", key, cert, cas, serialization.BestAvailableEncryption(PASS.encode())))


ca_key, ca = make_cert("CA Thử Nghiệm baocao", None, None, ca=True, days=60)
write_pem(p("ca.pem"), ca)
SIGNER_CN, ORG_CN = "Nguyễn Duy Bắc", "Ủy ban nhân dân tỉnh Khánh Hòa"
signer_key, signer = make_cert(SIGNER_CN, ca_key, ca.subject)
org_key, org = make_cert(ORG_CN, ca_key, ca.subject)
old_key, old = make_cert("Trần Văn Cũ", ca_key, ca.subject, start=-40, days=10)
write_p12(p("nguoi-ky.p12"), signer_key, signer, [ca])
write_p12(p("co-quan.p12"), org_key, org, [ca])
write_p12(p("het-han.p12"), old_key, old, [ca])
for n, k, c in (("signer", signer_key, signer), ("org", org_key, org)):
    write_pem(p(n + ".key"), k)
    with open(p(n + ".der"), "wb") as f:
        f.write(c.public_bytes(serialization.Encoding.DER))

# Signature (blue) and seal (red) images with transparent backgrounds.
im = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
ImageDraw.Draw(im).line([(20 + 3 * i, 80 + (40 if i % 20 < 10 else -40)) for i in range(120)],
                        fill=(20, 60, 210, 255), width=7)
im.save(p("chu-ky.png"))
im = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
dr = ImageDraw.Draw(im)
dr.ellipse((8, 8, 292, 292), outline=(220, 20, 20, 255), width=12)
dr.ellipse((120, 120, 180, 180), fill=(220, 20, 20, 255))
im.save(p("dau.png"))

ENV = dict(os.environ, BAOCAO_MAT_KHAU=PASS)


def ky(*args, env=ENV, **kw):
    return run(["ky", *args], env=env, **kw)


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


# NSS database with the test CA, for pdfsig.
NSS = p("nss")
os.makedirs(NSS)
subprocess.run(["certutil", "-N", "-d", "sql:" + NSS, "--empty-password"], check=True)
subprocess.run(["certutil", "-A", "-d", "sql:" + NSS, "-n", "ca", "-t", "CT,C,C", "-i",
                p("ca.pem")], check=True)


def pdfsig(pdf):
    r = subprocess.run(["pdfsig", "-nssdir", "sql:" + NSS, pdf], capture_output=True, text=True)
    return r.stdout


def signatures(pdf):
    """(field, ByteRange, Contents bytes) of each signed field."""
    out = []
    with pikepdf.open(pdf) as doc:
        for f in doc.Root.AcroForm.Fields:
            if "/V" in f:
                out.append((str(f.T), [int(x) for x in f.V.ByteRange], bytes(f.V.Contents)))
    return out


def der_length(b):
    """The length of the DER element at the start of b (the /Contents string is
    padded with zeros, and the signature itself may end in a zero byte)."""
    if b[1] < 0x80:
        return 2 + b[1]
    n = b[1] & 0x7F
    return 2 + n + int.from_bytes(b[2:2 + n], "big")


def openssl_verify(pdf, br, contents):
    with open(pdf, "rb") as f:
        data = f.read()
    with open(p("range.bin"), "wb") as f:
        f.write(data[br[0]:br[0] + br[1]] + data[br[2]:br[2] + br[3]])
    with open(p("sig.der"), "wb") as f:
        f.write(contents[:der_length(contents)])
    r = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                        p("sig.der"), "-content", p("range.bin"), "-CAfile", p("ca.pem"),
                        "-purpose", "any", "-out", "/dev/null"], capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def sign_both(src, dst, tag, key_args_signer, key_args_org, env=ENV):
    mid = p(tag + "-1.pdf")
    r1 = ky(src, "-o", mid, "--vai-tro", "nguoi-ky", *key_args_signer, "--anh-chu-ky",
            p("chu-ky.png"), env=env)
    check(r1.returncode == 0, f"{tag}: signer signs: {r1.stderr}")
    r2 = ky(mid, "-o", dst, "--vai-tro", "co-quan", *key_args_org, "--anh-dau", p("dau.png"),
            env=env)
    check(r2.returncode == 0, f"{tag}: organization signs: {r2.stderr}")
    return mid


def check_signed(pdf, tag):
    ok, why = qpdf_ok(pdf)
    check(ok, f"{tag}: qpdf --check: {why[-400:]}")
    out = pdfsig(pdf)
    check(out.count("Signature Validation: Signature is Valid.") == 2,
          f"{tag}: pdfsig: two valid signatures:\n{out}")
    check(out.count("Certificate Validation: Certificate is Trusted.") == 2,
          f"{tag}: pdfsig: both certificates trusted (test CA in NSS):\n{out}")
    check("Total document signed" in out, f"{tag}: the last signature covers the file:\n{out}")
    check(f"Signer Certificate Common Name: {SIGNER_CN}" in nfc(out) and
          f"Signer Certificate Common Name: {ORG_CN}" in nfc(out), f"{tag}: signers:\n{out}")
    sigs = signatures(pdf)
    check([s[0] for s in sigs] == ["ky-nguoi-ky", "ky-co-quan"], f"{tag}: fields {sigs}")
    size = os.path.getsize(pdf)
    check(sigs and sigs[-1][1][2] + sigs[-1][1][3] == size, f"{tag}: ByteRange ends at EOF")
    for field, br, contents in sigs:
        ok, why = openssl_verify(pdf, br, contents)
        check(ok, f"{tag}: openssl cms -verify of {field}'s byte ranges: {why}")
        # PAdES baseline (ETSI EN 319 142-1, level B-B): contentType, messageDigest and
        # signing-certificate-v2 signed, no CMS signing-time (the time is /M)
        attrs = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
                                p("sig.der")], capture_output=True, text=True).stdout
        signed = re.findall(r"object: (\S+) \(", attrs.split("unsignedAttrs")[0])
        check("signingTime" not in signed and {"contentType", "messageDigest",
                                               "id-smime-aa-signingCertificateV2"} <= set(signed),
              f"{tag}: {field}'s signed attributes are PAdES B-B's: {signed}")
    r = ky("--kiem-tra", pdf, "--ca", p("ca.pem"))
    rep = nfc(r.stdout)
    check(r.returncode == 0, f"{tag}: --kiem-tra exit {r.returncode}: {r.stderr}")
    check(rep.count(": hợp lệ (PAdES B-B)") == 2, f"{tag}: --kiem-tra report:\n{rep}")
    check(f"Người ký: CN={SIGNER_CN}" in rep and f"Người ký: CN={ORG_CN}" in rep,
          f"{tag}: signers in report:\n{rep}")
    check("Phạm vi: toàn bộ tệp" in rep, f"{tag}: whole file in report:\n{rep}")
    check(re.search(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", rep),
          f"{tag}: ISO 8601 time with +07:00:\n{rep}")
    check(rep.count("Chuỗi chứng thư: hợp lệ") == 2, f"{tag}: chains:\n{rep}")
    return sigs


# ---- every official sample: render, sign twice, verify -------------------
SAMPLES = ["bao-cao-quy-1-2018", "cong-van-1889-2021", "thanh-tra-2020", "bao-cao-nam-2023",
           "tong-hop-quy-1-2024"]
P12_S = ["--p12", p("nguoi-ky.p12")]
P12_O = ["--p12", p("co-quan.p12")]
for s in SAMPLES:
    ban = p(s + ".pdf")
    r = render(sample(s), ban)
    check(r.returncode in (0, 3) and os.path.exists(ban), f"{s}: render: {r.stderr[-500:]}")
    with pikepdf.open(ban) as doc:
        names = [str(f.T) for f in doc.Root.AcroForm.Fields]
        check(names == ["ky-nguoi-ky", "ky-co-quan"], f"{s}: empty fields {names}")
    before = md5(ban)
    sign_both(ban, p(s + "-ky.pdf"), s, P12_S, P12_O)
    check(md5(ban) == before, f"{s}: the unsigned copy is untouched")
    check_signed(p(s + "-ky.pdf"), s)

# ---- where the signatures are (ND30 Phụ lục I, II.7.d, II.8.a) ----------
SIGNED = p("bao-cao-quy-1-2018-ky.pdf")
doc = fitz.open(SIGNED)
last = doc[-1]
rects = {}
with pikepdf.open(SIGNED) as pk:
    for f in pk.Root.AcroForm.Fields:
        r = [float(x) for x in f.Rect]
        h = float(pk.pages[-1].MediaBox[3])
        rects[str(f.T)] = fitz.Rect(r[0], h - r[3], r[2], h - r[1])  # top-down like fitz
        check(pk.pages.index(pikepdf.Page(f.P)) == len(pk.pages) - 1,
              f"field {f.T} on the closing block's page")
sig, seal = rects["ky-nguoi-ky"], rects["ky-co-quan"]
# The signature column: left margin 35 mm + Nơi nhận column 62 mm, to the right margin.
col_x0, col_x1 = (35 + 62) * MM, (210 - 20) * MM
check(abs((sig.x0 + sig.x1) / 2 - (col_x0 + col_x1) / 2) < 0.5,
      f"signer's field centred in the signature column: {sig}")
check(abs(sig.width - 60 * MM) < 0.5 and abs(sig.height - 26 * MM) < 0.5,
      f"signer's field 60 x 26 mm: {sig.width / MM:.1f} x {sig.height / MM:.1f}")
check(abs(seal.width - 36 * MM) < 0.5 and abs(seal.height - 36 * MM) < 0.5,
      f"seal at 36 mm: {seal.width / MM:.1f}")
check(abs(seal.x1 - (sig.x0 + sig.width * 0.333)) < 0.5,
      f"seal covers the left third of the signature: seal x1 {seal.x1:.1f}, sig x0 {sig.x0:.1f}")
check(abs((seal.y0 + seal.y1) / 2 - (sig.y0 + sig.y1) / 2) < 0.5, "seal centred on the signature")
lines = [(nfc(" ".join(s["text"] for s in ln["spans"])).strip(), ln["bbox"])
         for b in last.get_text("dict")["blocks"] if b["type"] == 0 for ln in b["lines"]]
pos = [bb for t, bb in lines if t == "PHÓ CHỦ TỊCH"]
who = [bb for t, bb in lines if t == "Nguyễn Duy Bắc"]
check(pos and who and pos[-1][3] <= sig.y0 + 0.5 and sig.y1 <= who[0][1] + 0.5,
      f"signer's field between the position line and the name: {pos} {sig} {who}")

# Looked at: blue signature inside its field, red seal inside its field, none before.
subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", str(len(doc)), "-l", str(len(doc)),
                SIGNED, p("trang")], check=True)
subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", str(len(doc)), "-l", str(len(doc)),
                p("bao-cao-quy-1-2018.pdf"), p("truoc")], check=True)
png = [f for f in os.listdir(D) if f.startswith("trang")][0]
png0 = [f for f in os.listdir(D) if f.startswith("truoc")][0]


def count(path, rect, test):
    img = Image.open(os.path.join(D, path)).convert("RGB")
    n = 0
    for y in range(int(rect.y0), int(rect.y1)):
        for x in range(int(rect.x0), int(rect.x1)):
            if test(img.getpixel((x, y))):
                n += 1
    return n


def blue(c):
    return c[2] > 150 and c[0] < 100


def red(c):
    return c[0] > 150 and c[1] < 100 and c[2] < 100


check(count(png, sig, blue) > 100, "blue signature drawn in the signer's field")
check(count(png, fitz.Rect(0, 0, sig.x0 - 40, 842), blue) == 0, "no blue outside it")
check(count(png, seal, red) > 100, "red seal drawn in its field")
check(count(png0, sig, blue) == 0 and count(png0, seal, red) == 0, "unsigned copy shows neither")
# The organization's name and time are drawn (as outlines) over the seal: dark pixels
# inside the seal's field but not in the seal image alone.
check(count(png, seal, lambda c: sum(c) < 200) > 50, "organization's text drawn")

# ---- one flipped byte makes both invalid ----------------------------------
with open(SIGNED, "rb") as f:
    data = bytearray(f.read())
sigs = signatures(SIGNED)
at = data.index(b"stream", 2000) + 40  # inside a content stream, covered by both
check(at < sigs[0][1][1], "flipped byte inside the first signature's range")
data[at] ^= 0x01
with open(p("sua.pdf"), "wb") as f:
    f.write(data)
out = pdfsig(p("sua.pdf"))
check(out.count("Signature Validation: Signature is Invalid.") == 2 or
      out.count("Digest Mismatch") == 2 or out.count("Signature is Invalid") == 2,
      f"pdfsig: both invalid after one changed byte:\n{out}")
for field, br, contents in signatures(p("sua.pdf")):
    ok, _ = openssl_verify(p("sua.pdf"), br, contents)
    check(not ok, f"openssl cms -verify fails for {field} after one changed byte")
r = ky("--kiem-tra", p("sua.pdf"), "--ca", p("ca.pem"))
check(r.returncode == 2 and nfc(r.stdout).count("KHÔNG HỢP LỆ") == 2 and
      "nội dung đã bị thay đổi sau khi ký" in nfc(r.stdout),
      f"--kiem-tra: exit 2, both invalid: {r.returncode} {r.stdout}")
check(nfc(r.stderr).startswith(p("sua.pdf") + ": lỗi: chữ ký ô 'ky-nguoi-ky' không hợp lệ: nội dung "
                               "đã bị thay đổi sau khi ký"), f"--kiem-tra message: {r.stderr}")
# Bytes appended after the last signature: not covered.
with open(p("them.pdf"), "wb") as f:
    f.write(open(SIGNED, "rb").read() + b"\n% them\n")
r = ky("--kiem-tra", p("them.pdf"))
check(r.returncode == 2 and "được thêm vào sau lần ký cuối" in nfc(r.stderr),
      f"appended bytes: {r.returncode} {r.stderr}")
# Without --ca the chain is not judged, and said so.
r = ky("--kiem-tra", SIGNED)
check(r.returncode == 0 and "không kiểm tra (chưa đưa --ca)" in nfc(r.stdout), r.stdout)
# A CA that did not issue them: the chain fails.
_, other_ca = make_cert("CA Khác", None, None, ca=True)
write_pem(p("ca-khac.pem"), other_ca)
r = ky("--kiem-tra", SIGNED, "--ca", p("ca-khac.pem"))
check(r.returncode == 2 and "KHÔNG hợp lệ" in nfc(r.stdout), f"foreign CA: {r.stdout}")

# ---- errors: exact message, input untouched, nothing written -------------
BAN = p("bao-cao-quy-1-2018.pdf")
ONE = p("bao-cao-quy-1-2018-1.pdf")


def refused(args, want_code, want_msg, what, env=ENV, src=BAN, **kw):
    out = p("khong-duoc-ghi.pdf")
    before = md5(src)
    r = ky(src, "-o", out, *args, env=env, **kw)
    check(r.returncode == want_code, f"{what}: exit {r.returncode}, want {want_code}: {r.stderr}")
    check(want_msg in nfc(r.stderr), f"{what}: message {r.stderr!r}, want {want_msg!r}")
    check(not os.path.exists(out), f"{what}: no output")
    check(md5(src) == before, f"{what}: input untouched")
    check(not [f for f in os.listdir(D) if ".tmp" in f or f.startswith(".khong")],
          f"{what}: no temporary file left")


refused(P12_S, 2, p("nguoi-ky.p12") + ": lỗi: sai mật khẩu của tệp khóa; hãy nhập lại đúng mật khẩu",
        "wrong password", env=dict(os.environ, BAOCAO_MAT_KHAU="sai"))
refused(["--p12", p("het-han.p12")], 2, "chứng thư số của 'Trần Văn Cũ' đã hết hạn ngày ",
        "expired certificate")
refused(P12_S, 2, "ô chữ ký 'ky-nguoi-ky' đã được ký rồi: mỗi ô chỉ ký một lần",
        "already signed", src=ONE)
refused(["--vai-tro", "co-quan"] + P12_O, 2,
        "ô 'ky-nguoi-ky' chưa được ký: người có thẩm quyền ký trước, cơ quan ký sau",
        "organization first")
draft = p("du-thao.pdf")
render(sample("bao-cao-quy-1-2018"), draft, "--du-thao")
refused(P12_S, 2, "tệp không có ô chữ ký 'ky-nguoi-ky': không phải bản chính thức do baocao in",
        "a PDF without fields", src=draft)
r = ky(BAN, "-o", p("x.pdf"), "--p12", p("nguoi-ky.p12"), "--mat-khau", PASS)
check(r.returncode == 1 and "không nhận mật khẩu trên dòng lệnh" in nfc(r.stderr),
      f"password on the command line refused: {r.stderr}")
# The password from a file descriptor.
rfd, wfd = os.pipe()
os.write(wfd, (PASS + "\n").encode())
os.close(wfd)
env = dict(os.environ)
env.pop("BAOCAO_MAT_KHAU", None)
r = subprocess.run([os.environ.get("BAOCAO", "baocao"), "ky", BAN, "-o", p("fd.pdf"), "--p12",
                    p("nguoi-ky.p12"), "--mat-khau-fd", str(rfd)], pass_fds=(rfd,), env=env,
                   capture_output=True, text=True, stdin=subprocess.DEVNULL)
os.close(rfd)
check(r.returncode == 0 and len(signatures(p("fd.pdf"))) == 1, f"--mat-khau-fd: {r.stderr}")


# ---- one step: render --ky (the signer), then the organization ----------
one = p("mot-buoc.pdf")
r = run(["render", sample("bao-cao-quy-1-2018"), "-o", one, "--chi-phong-kem-theo", "--ky",
         *P12_S, "--anh-chu-ky", p("chu-ky.png")], env=ENV)
check(r.returncode == 0 and "đã ký số và ghi " + one in nfc(r.stderr), f"render --ky: {r.stderr}")
check([s[0] for s in signatures(one)] == ["ky-nguoi-ky"], "render --ky signs the signer's field")
r = ky(one, "-o", p("mot-buoc-ky.pdf"), "--vai-tro", "co-quan", *P12_O, "--anh-dau", p("dau.png"))
check(r.returncode == 0, f"organization after render --ky: {r.stderr}")
check_signed(p("mot-buoc-ky.pdf"), "render --ky")
bad = p("mot-buoc-sai.pdf")
r = run(["render", sample("bao-cao-quy-1-2018"), "-o", bad, "--chi-phong-kem-theo", "--ky",
         *P12_S], env=dict(os.environ, BAOCAO_MAT_KHAU="sai"))
check(r.returncode == 2 and "sai mật khẩu của tệp khóa" in nfc(r.stderr) and
      not os.path.exists(bad), f"render --ky, wrong password: nothing written: {r.stderr}")
r = run(["render", sample("bao-cao-quy-1-2018"), "-o", bad, "--du-thao", "--ky", *P12_S], env=ENV)
check(r.returncode == 1 and not os.path.exists(bad), f"render --ky --du-thao refused: {r.stderr}")

# ---- RFC 3161 time stamp from a local `openssl ts` responder (loopback) --
tsa_key, tsa = make_cert("TSA Thử Nghiệm", ca_key, ca.subject, tsa=True)
write_pem(p("tsa.key"), tsa_key)
write_pem(p("tsa.pem"), tsa)
with open(p("ts.cnf"), "w") as f:
    f.write(f"""[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = {p("tsaserial")}
signer_cert = {p("tsa.pem")}
certs = {p("ca.pem")}
signer_key = {p("tsa.key")}
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
""")
with open(p("tsaserial"), "w") as f:
    f.write("01\n")
asked = []


class Tsa(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        asked.append(self.headers.get("Content-Type"))
        with open(p("q.tsq"), "wb") as f:
            f.write(body)
        subprocess.run(["openssl", "ts", "-reply", "-config", p("ts.cnf"), "-queryfile",
                        p("q.tsq"), "-out", p("r.tsr")], check=True, capture_output=True)
        reply = open(p("r.tsr"), "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *a):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Tsa)
srv.timeout = 30
th = threading.Thread(target=srv.handle_request, daemon=True)
th.start()
URL = f"http://127.0.0.1:{srv.server_address[1]}/tsa"
r = ky(BAN, "-o", p("tsa-1.pdf"), *P12_S, "--tsa", URL)
check(r.returncode == 0, f"--tsa: {r.stderr}")
check(asked == ["application/timestamp-query"], f"one time-stamp query: {asked}")
r = ky("--kiem-tra", p("tsa-1.pdf"), "--ca", p("ca.pem"))
check(r.returncode == 0 and "ô 'ky-nguoi-ky': hợp lệ (PAdES B-T, có dấu thời gian)" in nfc(r.stdout),
      f"--kiem-tra sees the time stamp: {r.stdout}")
out = pdfsig(p("tsa-1.pdf"))
check("Signature Validation: Signature is Valid." in out, f"pdfsig with a time stamp: {out}")
# The token verifies against the signature value with openssl ts.
(_, br, contents), = signatures(p("tsa-1.pdf"))
ok, _ = openssl_verify(p("tsa-1.pdf"), br, contents)
v = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", p("sig.der")],
                   capture_output=True, text=True)
check(ok and "id-smime-aa-timeStampToken" in v.stdout, "the token is an unsigned attribute")
th.join(30)
srv.server_close()
# A TSA that does not answer: exit 4, nothing written.
refused(P12_S + ["--tsa", URL], 4, "không lấy được dấu thời gian từ " + URL,
        "TSA unreachable")

# ---- PKCS#11: a SoftHSM2 token -----------------------------------------
MODULE = next((m for m in ("/usr/lib/softhsm/libsofthsm2.so",
                           "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
               if os.path.exists(m)), None)
check(MODULE is not None, "SoftHSM2 installed (.ci/bootstrap)")
if MODULE:
    os.makedirs(p("tokens"))
    with open(p("softhsm2.conf"), "w") as f:
        f.write(f"directories.tokendir = {p('tokens')}\nobjectstore.backend = file\n")
    HSM = dict(os.environ, SOFTHSM2_CONF=p("softhsm2.conf"), BAOCAO_MAT_KHAU="1234")
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "baocao", "--pin",
                    "1234", "--so-pin", "87654321"], env=HSM, check=True, capture_output=True)

    def put(path, kind, oid, label):
        subprocess.run(["pkcs11-tool", "--module", MODULE, "--login", "--pin", "1234",
                        "--write-object", path, "--type", kind, "--id", oid, "--label", label],
                       env=HSM, check=True, capture_output=True)

    for n, oid in (("signer", "01"), ("org", "02")):
        subprocess.run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", p(n + ".key"),
                        "-outform", "DER", "-out", p(n + ".p8")], check=True)
        put(p(n + ".p8"), "privkey", oid, n)
        put(p(n + ".der"), "cert", oid, n)
    # A key with somebody else's certificate.
    put(p("signer.p8"), "privkey", "03", "lech")
    put(p("org.der"), "cert", "03", "lech")
    URI = "pkcs11:token=baocao;object="
    sign_both(BAN, p("token-ky.pdf"), "token", ["--pkcs11", URI + "signer", "--module", MODULE],
              ["--pkcs11", URI + "org", "--module", MODULE], env=HSM)
    check_signed(p("token-ky.pdf"), "token")
    refused(["--pkcs11", URI + "signer", "--module", MODULE], 2,
            "không lấy được khóa riêng 'pkcs11:token=baocao;object=signer' trên thẻ ký số: sai "
            "mã PIN", "wrong PIN", env=dict(HSM, BAOCAO_MAT_KHAU="0000"))
    refused(["--pkcs11", URI + "lech", "--module", MODULE], 2,
            f"khóa riêng không khớp với chứng thư số của '{ORG_CN}'", "key/certificate mismatch",
            env=HSM)

finish()
