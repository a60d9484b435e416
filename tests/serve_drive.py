"""Drives a running `baocao serve` through a few requests of every kind, then
stops it with SIGTERM and exits with the server's exit code: .ci/extra runs
the server under valgrind with this (not a ctest of its own; the same
requests are checked in detail by tests/test_serve.py).

Usage: serve_drive.py WORKSPACE COMMAND...   (COMMAND ends in
"baocao serve WORKSPACE --cong 0")."""
import json
import os
import re
import signal
import subprocess
import sys
import urllib.parse

from servehttp import http_request

ws, cmd = sys.argv[1], sys.argv[2:]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
line = proc.stdout.readline()
m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
if not m:
    print(f"serve_drive: no address in {line!r}", file=sys.stderr)
    proc.kill()
    sys.exit(1)
port = int(m.group(1))
failed = []


def req(method, path, body=None, headers=None, want=(200,)):
    h = {"X-CSRF-Token": tok} if method == "POST" else {}
    h.update(headers or {})
    status, _, data = http_request("127.0.0.1", port, method, path, body, h, timeout=600)
    if status not in want:
        failed.append(f"{method} {path}: {status} {data[:200]!r}")
    return data


tok = ""
tok = re.search(rb'content="([0-9a-f]{64})"', req("GET", "/")).group(1).decode()
req("GET", "/tep/app.js")
req("GET", "/api/bao-cao")
req("POST", "/api/bao-cao?ten=q3&mau=mau-bao-cao-quy", want=(201,))
req("POST", "/api/bao-cao/q3/truong", urllib.parse.urlencode({"so": "7", "ngay": "2024-13-40"}),
    {"Content-Type": "application/x-www-form-urlencoded"})
req("POST", "/api/bao-cao/q3/truong", urllib.parse.urlencode({"ngay": "2024-09-20"}),
    {"Content-Type": "application/x-www-form-urlencoded"})
csv = open(os.path.join(ws, "q3", "phu-luc-1.csv"), encoding="utf-8").read()
req("POST", "/api/bao-cao/q3/tep?ten=phu-luc-1.csv", csv.replace(",700,", ",710,", 1).encode())
req("GET", "/api/bao-cao/q3/bang?ten=phu-luc-1.csv")
rep = json.loads(req("GET", "/api/bao-cao/q3"))
text = rep["narrative"]["text"].encode()
# a render that fails (an unknown figure), then the narrative mended
req("POST", "/api/bao-cao/q3/tep?ten=noi-dung.md", text + "\n\nThêm {{ khong_co }}.\n".encode())
req("POST", "/api/bao-cao/q3/tep?ten=noi-dung.md", text + "\n\nThêm một đoạn.\n".encode())
req("POST", "/api/bao-cao/q3/o?ten=phu-luc-1.csv&dong=2&cot=24", b"700")
req("GET", "/api/bao-cao/q3/bang?ten=phu-luc-1.csv")
req("GET", "/api/bao-cao/q3/trang/1.png")
req("GET", "/api/bao-cao/q3/ban-in.pdf")
req("GET", "/api/bao-cao/q3/du-thao.pdf?lan=2&hinh-chim=1&thoi-diem=01%2F12%2F2026%2010%3A00")
if os.environ.get("SERVE_P12"):
    # the signed copy: a multipart form with the .p12 and its password
    bnd = "----drive"
    body = (f"--{bnd}\r\nContent-Disposition: form-data; name=\"p12\"; filename=\"k.p12\"\r\n"
            "Content-Type: application/x-pkcs12\r\n\r\n").encode()
    body += open(os.environ["SERVE_P12"], "rb").read()
    body += (f"\r\n--{bnd}\r\nContent-Disposition: form-data; name=\"mat-khau\"\r\n\r\n"
             f"{os.environ.get('SERVE_P12_PASS', '')}\r\n--{bnd}--\r\n").encode()
    req("POST", "/api/bao-cao/q3/ban-ky.pdf", body,
        {"Content-Type": "multipart/form-data; boundary=" + bnd})
req("GET", "/api/bao-cao/q3/../../etc", want=(400,))
req("GET", "/api/bao-cao", headers={"Host": "evil.example"}, want=(421,))
req("POST", "/api/bao-cao/q3/ky-sau?ten=q4", want=(201,))
proc.send_signal(signal.SIGTERM)
rc = proc.wait(timeout=600)
for f in failed:
    print("serve_drive:", f, file=sys.stderr)
sys.exit(rc if rc else (1 if failed else 0))
