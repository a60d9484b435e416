# Usage: python3 tests/fuzz/mini_signed_pdf.py tests/fuzz/corpus/fuzz_pdfverify
# Writes the seed corpus of fuzz_pdfverify (the signature checker): a small
# one-page PDF with two signature fields, the first signed (PAdES-style
# adbe.pkcs7.detached CMS made by `openssl cms -sign` over /ByteRange with a
# throw-away self-signed key), as signed.pdf; the same cut after 60 % of its
# bytes (truncated.pdf); with one byte changed inside the signed range
# (tampered.pdf); with 40 bytes appended after the signature (appended.pdf);
# and unsigned.pdf (fields, no /V). Small on purpose: the fuzzer mutates
# what a real signed report has (xref, AcroForm, ByteRange, CMS) without
# 100 KB of fonts.
import os
import subprocess
import sys
import tempfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
tmp = tempfile.mkdtemp()
key, crt = os.path.join(tmp, "k.pem"), os.path.join(tmp, "c.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", key,
                "-out", crt, "-days", "3650", "-subj", "/CN=Seed/O=baocao fuzz"], check=True,
               capture_output=True)

SIGLEN = 4096  # bytes of DER the /Contents placeholder holds


def build(signed):
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 5 0 R] >>",
        (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (ky-nguoi-ky) /F 132 "
         b"/Rect [300 100 500 160] /P 3 0 R" + (b" /V 6 0 R" if signed else b"") + b" >>"),
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (ky-co-quan) /F 132 "
        b"/Rect [100 100 250 160] /P 3 0 R >>",
    ]
    if signed:
        objs.append(b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
                    b"/ByteRange [0 0000000000 0000000000 0000000000] "
                    b"/M (D:20240405083000+07'00') /Contents <" + b"0" * (2 * SIGLEN) + b"> >>")
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(body))
        body += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        body += b"%010d 00000 n \n" % o
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(body)


def sign(pdf):
    pdf = bytearray(pdf)
    c0 = pdf.index(b"/Contents <") + len(b"/Contents ")
    c1 = pdf.index(b">", c0) + 1
    br = b"[0 %010d %010d %010d]" % (c0, c1, len(pdf) - c1)
    at = pdf.index(b"[0 0000000000")
    pdf[at:at + len(br)] = br
    data = bytes(pdf[:c0] + pdf[c1:])
    with open(os.path.join(tmp, "d"), "wb") as f:
        f.write(data)
    der = subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-signer", crt,
                          "-inkey", key, "-in", os.path.join(tmp, "d"), "-md", "sha256"],
                         check=True, capture_output=True).stdout
    assert len(der) <= SIGLEN, len(der)
    hx = der.hex().encode().ljust(2 * SIGLEN, b"0")
    pdf[c0 + 1:c1 - 1] = hx
    return bytes(pdf)


signed = sign(build(True))
seeds = {
    "signed.pdf": signed,
    "truncated.pdf": signed[:len(signed) * 6 // 10],
    "tampered.pdf": signed[:200] + bytes([signed[200] ^ 1]) + signed[201:],
    "appended.pdf": signed + "% thêm sau khi ký\n".encode() + b" " * 20 + b"\n",
    "unsigned.pdf": build(False),
}
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
