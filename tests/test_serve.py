"""baocao serve: the local web page's server through HTTP (http.client).

Starts `baocao serve` on a fresh workspace and checks its safety (Host
header, CSRF token, Origin, '..' and symlinks out of the workspace, upload
size limit), that requests are answered while a render runs, that a failed
render keeps the last good preview, that the form edits report.yaml in
place (comments, order and untouched lines byte for byte), that a CSV with
a wrong subtotal is flagged at its cell, that "kỳ sau" makes the next
period's folder, and that the PDF download is the same bytes the CLI
writes."""
import csv as csv_mod
import http.client
import io
import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse

import openpyxl

from bctest import BAOCAO, OUT, ROOT, check, finish, pdftotext, nfc, qpdf_ok
from servehttp import http_request, multipart, stop_server

WS = os.path.join(OUT, "serve-ws")
shutil.rmtree(WS, ignore_errors=True)
os.makedirs(WS)
OUTSIDE = os.path.join(OUT, "serve-outside")
shutil.rmtree(OUTSIDE, ignore_errors=True)
os.makedirs(OUTSIDE)
# a report folder outside the workspace, reached through a symlink
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), os.path.join(OUTSIDE, "r"))
with open(os.path.join(OUTSIDE, "secret.csv"), "w") as f:
    f.write("khoa,nay\nbi_mat,42\n")
os.symlink(os.path.join(OUTSIDE, "r"), os.path.join(WS, "lien-ket"))
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018"), os.path.join(WS, "quy-1-2018"))

# the server's temporary files (page images, a signed copy before it is sent) go here, so
# the test can look for a signing key in them
SRV_TMP = os.path.join(OUT, "serve-tmp")
shutil.rmtree(SRV_TMP, ignore_errors=True)
os.makedirs(SRV_TMP)
proc = subprocess.Popen([BAOCAO, "serve", WS, "--cong", "0", "--gioi-han-tep", "8"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                        env=dict(os.environ, TMPDIR=SRV_TMP))
line = proc.stdout.readline()
m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
check(m is not None, f"serve prints its address: {line!r}")
PORT = int(m.group(1)) if m else 0
HOST = f"127.0.0.1:{PORT}"


def request(method, path, body=None, headers=None, host=None, token=True):
    h = {"X-CSRF-Token": CSRF} if token and method == "POST" else {}
    h.update(headers or {})
    return http_request("127.0.0.1", PORT, method, path, body, h, host or HOST)


def jget(path):
    st, _, data = request("GET", path)
    return st, json.loads(data)


def jpost(path, body=b"", ctype="application/octet-stream"):
    st, _, data = request("POST", path, body=body, headers={"Content-Type": ctype})
    return st, json.loads(data)


# ---- the page and its token
CSRF = ""
st, hdr, page = request("GET", "/")
page = page.decode()
mt = re.search(r'<meta name="csrf" content="([0-9a-f]{64})">', page)
check(st == 200 and mt, "GET / gives the page with its CSRF token")
CSRF = mt.group(1) if mt else ""
check("default-src 'none'" in hdr.get("Content-Security-Policy", ""), f"CSP header: {hdr}")
check("/tep/app.js" in page and "http" not in page.replace("http-equiv", ""),
      "the page loads its script from this server only (no CDN)")
st, hdr, js = request("GET", "/tep/app.js")
check(st == 200 and hdr["Content-Type"].startswith("text/javascript") and b"fetch(" in js,
      "the script is served from the program")

# ---- Host header (DNS rebinding)
for bad in ("evil.example:%d" % PORT, "evil.example", "127.0.0.1:1", "localhost.evil:%d" % PORT):
    st, _, data = request("GET", "/api/bao-cao", host=bad)
    check(st == 421 and "Host" in data.decode(), f"Host {bad!r} refused (421): {st}")
st, _, _ = request("GET", "/api/bao-cao", host=f"localhost:{PORT}")
check(st == 200, "Host localhost:PORT accepted")

# ---- CSRF
st, _, data = request("POST", "/api/bao-cao?ten=x1&mau=mau-bao-cao-quy", token=False)
check(st == 403 and "CSRF" in data.decode(), f"POST without the token refused (403): {st}")
st, _, _ = request("POST", "/api/bao-cao?ten=x1&mau=mau-bao-cao-quy", token=False,
                   headers={"X-CSRF-Token": "0" * 64})
check(st == 403, "POST with a wrong token refused")
st, _, _ = request("POST", "/api/bao-cao?ten=x1&mau=mau-bao-cao-quy",
                   headers={"Origin": "http://evil.example"})
check(st == 403, "POST from another origin refused even with the token")
check(not os.path.exists(os.path.join(WS, "x1")), "nothing created by the refused requests")

# ---- '..' and names
for path in ("/api/bao-cao/../../etc", "/api/bao-cao/quy-1-2018/../lien-ket",
             "/api/bao-cao/%2e%2e/x", "/api/bao-cao/quy-1-2018/tep?ten=../../../etc/passwd",
             "/api/bao-cao/quy-1-2018/tep?ten=%2e%2e%2fsecret.csv", "/api/bao-cao/.hidden",
             "/tep/../CMakeLists.txt"):
    st, _, data = request("GET", path)
    check(st in (400, 404) and b"root:" not in data, f"{path} refused: {st} {data[:120]!r}")
st, _, data = request("POST", "/api/bao-cao/quy-1-2018/tep?ten=../thoat.csv", body=b"a,b\n1,2\n")
check(st == 400 and not os.path.exists(os.path.join(WS, "thoat.csv")),
      f"upload to ../ refused: {st}")

# ---- symlinks out of the workspace
st, lst = jget("/api/bao-cao")
names = [r["name"] for r in lst["reports"]]
check(names == ["quy-1-2018"], f"the list shows real report folders only: {names}")
st, data = jget("/api/bao-cao/lien-ket")
check(st == 404 and "liên kết" in data["error"]["message"], f"a symlinked report refused: {st} {data}")
os.symlink(os.path.join(OUTSIDE, "secret.csv"), os.path.join(WS, "quy-1-2018", "bi-mat.csv"))
st, _, data = request("GET", "/api/bao-cao/quy-1-2018/tep?ten=bi-mat.csv")
check(st != 200 and b"bi_mat" not in data, f"a symlinked file refused: {st} {data[:200]!r}")
st, data = jget("/api/bao-cao/quy-1-2018")
check("bi-mat.csv" not in [f["name"] for f in data["files"]], "a symlinked file is not listed")

# ---- upload size limit (8 MiB here): refused from Content-Length, body not read
c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
c.putrequest("POST", "/api/bao-cao/quy-1-2018/tep?ten=lon.csv", skip_host=True)
c.putheader("Host", HOST)
c.putheader("X-CSRF-Token", CSRF)
c.putheader("Content-Length", str(100 * 1024 * 1024))
c.endheaders()
t0 = time.time()
try:
    c.send(b"x" * (1024 * 1024))
except OSError:
    pass
r = c.getresponse()
body = r.read().decode()
c.close()
check(r.status == 413 and "quá lớn" in body, f"100 MB upload refused (413): {r.status} {body}")
check(time.time() - t0 < 10, "refused without reading the 100 MB")
check(not os.path.exists(os.path.join(WS, "quy-1-2018", "lon.csv")), "nothing written")

# ---- create from the template
st, rep = jpost("/api/bao-cao?ten=quy-3-2024&mau=mau-bao-cao-quy")
check(st == 201 and rep["name"] == "quy-3-2024", f"create from the template: {st}")
folder = os.path.join(WS, "quy-3-2024")
check(sorted(os.listdir(folder)) == ["chi-so.yaml", "noi-dung.md", "phu-luc-1.csv",
                                     "phu-luc-1.yaml", "report.yaml"], f"{os.listdir(folder)}")
p = rep["preview"]
check(p["ok"] and p["gen"] == 1 and p["pages"] == 2 and p["status"] == 0, f"first preview: {p}")
check(rep["tables"] == [{"spec": "phu-luc-1.yaml", "csv": "phu-luc-1.csv"}], f"{rep['tables']}")
check("hai_long.chung" in rep["figures"] and "ky.ten" in rep["figures"], f"{rep['figures']}")
st, _, png = request("GET", "/api/bao-cao/quy-3-2024/trang/1.png")
check(st == 200 and png[:8] == b"\x89PNG\r\n\x1a\n", "page 1 image")
st, _, _ = request("GET", "/api/bao-cao/quy-3-2024/trang/3.png")
check(st == 404, "no page 3")

# ---- the form edits report.yaml in place
before = open(os.path.join(folder, "report.yaml"), encoding="utf-8").read()
form = urllib.parse.urlencode({
    "so": "126", "trich-yeu": "Kết quả công tác cải cách hành chính quý III năm 2024",
    "kinh-gui": "Ủy ban nhân dân tỉnh Khánh Hòa.\nSở Nội vụ: Phòng CCHC.",
    "noi-nhan": "UBND tỉnh (b/c);\nLưu: VT, CCHC.", "co-quan": "SỞ NỘI VỤ\nVĂN PHÒNG SỞ",
    "co-quan-chu-quan": "",
    "ky.ho-ten": "Trần Thị Bình", "do-khan": ""})
st, rep = jpost("/api/bao-cao/quy-3-2024/truong", form, "application/x-www-form-urlencoded")
after = open(os.path.join(folder, "report.yaml"), encoding="utf-8").read()
want = (before.replace("so: 125\n", "so: 126\n")
        .replace("trich-yeu: Kết quả thực hiện công tác cải cách hành chính quý III năm 2024",
                 "trich-yeu: Kết quả công tác cải cách hành chính quý III năm 2024")
        .replace("  - UBND tỉnh (b/c);\n  - Giám đốc, các Phó Giám đốc Sở;\n  - \"Lưu: VT, CCHC.\"",
                 "  - UBND tỉnh (b/c);\n  - \"Lưu: VT, CCHC.\"")
        .replace("ho-ten: Nguyễn Văn An", "ho-ten: Trần Thị Bình")
        .replace("co-quan: [SỞ NỘI VỤ]", "co-quan: [SỞ NỘI VỤ, VĂN PHÒNG SỞ]")
        .replace("co-quan-chu-quan: UBND TỈNH KHÁNH HÒA\n", "")
        + "kinh-gui:\n  - Ủy ban nhân dân tỉnh Khánh Hòa.\n  - \"Sở Nội vụ: Phòng CCHC.\"\n")
check(st == 200 and after == want, f"report.yaml edited in place:\n{after}\n--- want:\n{want}")
check(rep["preview"]["gen"] == 2 and rep["preview"]["ok"], f"re-rendered: {rep['preview']}")
# a wrong value: the CLI's message, at the field's line
st, rep = jpost("/api/bao-cao/quy-3-2024/truong", urllib.parse.urlencode({"ngay": "2024-13-45"}),
                "application/x-www-form-urlencoded")
err = rep["preview"]["error"]
ngay_line = [f for f in rep["fields"] if f["path"] == "ngay"][0]["line"]
check(err and err["file"] == "report.yaml" and err["line"] == ngay_line,
      f"a wrong date is an error at the ngay line: {err}")
check(rep["preview"]["gen"] == 2 and not rep["preview"]["ok"], "the last good preview is kept")
st, _, png = request("GET", "/api/bao-cao/quy-3-2024/trang/1.png")
check(st == 200 and png[:4] == b"\x89PNG", "its page images are still served")
jpost("/api/bao-cao/quy-3-2024/truong", urllib.parse.urlencode({"ngay": "2024-09-20"}),
      "application/x-www-form-urlencoded")
st, _, data = request("POST", "/api/bao-cao/quy-3-2024/truong", body="khong-co=1",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
check(st == 400, "an unknown form field refused")

# ---- a CSV with a wrong subtotal: flagged at its cell
csv = open(os.path.join(folder, "phu-luc-1.csv"), encoding="utf-8").read()
bad = csv.replace("A,CÁC PHÒNG CHUYÊN MÔN,700,", "A,CÁC PHÒNG CHUYÊN MÔN,710,")
st, rep = jpost("/api/bao-cao/quy-3-2024/tep?ten=phu-luc-1.csv", bad.encode(), "text/csv")
p = rep["preview"]
cells = [(d["line"], d["column"]) for d in p["diags"]
         if d["file"] == "phu-luc-1.csv" and d["severity"] == "warning"]
col = bad.splitlines()[1].index("710") + 1
check(st == 200 and p["ok"] and p["status"] == 3 and (2, col) in cells,
      f"the subtotal cell phu-luc-1.csv:2:{col} is flagged: {cells}")
st, tab = jget("/api/bao-cao/quy-3-2024/bang?ten=phu-luc-1.csv")
check(tab["rows"][1][2] == {"l": 2, "c": col, "t": "710"}, f"table cell position: {tab['rows'][1]}")
st, rep = jpost("/api/bao-cao/quy-3-2024/tep?ten=phu-luc-1.csv", b"\xff\xfe bad")
check(st == 422, "a file that is not UTF-8 refused")
# ... and mended on the page: the one cell replaced, the rest of the file byte for byte
fixed = bad.replace(",710,", ",700,", 1)
for q, body, want in ((f"dong=2&cot={col}", "7,00", 422), (f"dong=2&cot={col}", 'x"y', 422),
                      ("dong=1&cot=5", "x", 400), ("dong=99&cot=1", "1", 400),
                      (f"dong=2&cot={col}&ten=..%2Fx.csv", "700", 400)):
    path = "/api/bao-cao/quy-3-2024/o?" + ("" if "ten=" in q else "ten=phu-luc-1.csv&") + q
    st, _, data = request("POST", path, body=body.encode(), headers={"Content-Type": "text/plain"})
    check(st == want and open(os.path.join(folder, "phu-luc-1.csv"), encoding="utf-8").read() == bad,
          f"cell edit {q} {body!r} refused ({want}), file untouched: {st} {data[:200]!r}")
st, rep = jpost(f"/api/bao-cao/quy-3-2024/o?ten=phu-luc-1.csv&dong=2&cot={col}", b"700", "text/plain")
now = open(os.path.join(folder, "phu-luc-1.csv"), encoding="utf-8").read()
left = [d for d in rep["preview"]["diags"] if d["file"] == "phu-luc-1.csv" and d["severity"] == "warning"]
check(st == 200 and now == fixed and rep["preview"]["status"] == 0 and not left,
      f"the flagged cell mended in place, the checks pass: {st} {left}")
jpost("/api/bao-cao/quy-3-2024/tep?ten=phu-luc-1.csv", bad.encode(), "text/csv")

# ---- an XLSX upload: the same per-cell view, at the workbook's rows and columns
st, _ = jpost("/api/bao-cao?ten=quy-3-xlsx&mau=mau-bao-cao-quy")
wb = openpyxl.Workbook()
sh = wb.active
sh.title = "Số liệu"
sh["A1"] = "Kết quả giải quyết hồ sơ quý III"
for i, row in enumerate(csv_mod.reader(bad.splitlines())):
    for j, v in enumerate(row):
        sh.cell(row=3 + i, column=1 + j, value=int(v) if i and j >= 2 and v else v)
xb = io.BytesIO()
wb.save(xb)
st, rep = jpost("/api/bao-cao/quy-3-xlsx/tep?ten=phu-luc-1.xlsx", xb.getvalue())
check(st == 200, f"an XLSX upload: {st}")
spec = open(os.path.join(WS, "quy-3-xlsx", "phu-luc-1.yaml"), encoding="utf-8").read()
spec = spec.replace("du-lieu: phu-luc-1.csv", 'du-lieu: "phu-luc-1.xlsx#Số liệu!A3:F10"')
st, rep = jpost("/api/bao-cao/quy-3-xlsx/tep?ten=phu-luc-1.yaml", spec.encode(), "text/plain")
flagged = sorted(d["file"] for d in rep["preview"]["diags"] if d["severity"] == "warning")
check(st == 200 and flagged == ["phu-luc-1.xlsx: Số liệu!C10", "phu-luc-1.xlsx: Số liệu!C4"],
      f"the workbook's wrong subtotals are named by cell: {flagged}")
check(rep["tables"] == [{"spec": "phu-luc-1.yaml", "csv": "phu-luc-1.xlsx#Số liệu!A3:F10"}],
      f"the table names its sheet and range: {rep['tables']}")
st, tab = jget("/api/bao-cao/quy-3-xlsx/bang?ten=" +
               urllib.parse.quote("phu-luc-1.xlsx#Số liệu!A3:F10"))
check(st == 200 and tab["sheet"] == "Số liệu" and tab["error"] is None, f"the sheet's view: {tab.get('error')}")
rows = tab.get("rows") or [[]]
check(rows[0][0]["l"] == 3 and rows[1][2] == {"l": 4, "c": 3, "t": "710"} and
      rows[-1][0] == {"l": 10, "c": 1, "t": "TỔNG"}, f"cells at Excel rows and columns: {rows[:2]}")
st, tab = jget("/api/bao-cao/quy-3-xlsx/bang?ten=phu-luc-1.xlsx")
check(st == 200 and tab["rows"][0][0] == {"l": 1, "c": 1, "t": "Kết quả giải quyết hồ sơ quý III"},
      f"the whole first sheet without a range: {tab.get('rows', [[]])[0][:1]} {tab.get('error')}")
st, tab = jget("/api/bao-cao/quy-3-xlsx/bang?ten=" + urllib.parse.quote("phu-luc-1.xlsx#Khong co"))
check(st == 200 and tab["error"] and "Khong co" in tab["error"]["message"],
      f"a missing sheet is named: {tab.get('error')}")
st, tab = jget("/api/bao-cao/quy-3-xlsx/bang?ten=" + urllib.parse.quote("../quy-3-2024/phu-luc-1.csv#x"))
check(st != 200 or tab.get("error"), f"'..' before '#' refused: {st} {str(tab)[:200]}")

# ---- the PDF download is what the CLI writes
st, hdr, pdf = request("GET", "/api/bao-cao/quy-3-2024/ban-in.pdf")
cli_pdf = os.path.join(OUT, "serve-cli.pdf")
r = subprocess.run([BAOCAO, "render", os.path.join(folder, "report.yaml"), "-o", cli_pdf],
                   capture_output=True, text=True)
check(st == 200 and hdr["Content-Type"] == "application/pdf", f"PDF download: {st}")
check(open(cli_pdf, "rb").read() == pdf, "the downloaded PDF is the CLI's bytes")
dl = os.path.join(OUT, "serve-download.pdf")
open(dl, "wb").write(pdf)
check(qpdf_ok(dl), "qpdf --check")
text = nfc(pdftotext(dl))
check("Số: 126/BC-SNV" in text and "Trần Thị Bình" in text and "VĂN PHÒNG SỞ" in text and
      "UBND TỈNH KHÁNH HÒA" not in text, "the PDF has the edited fields")
st, hdr, draft = request("GET", "/api/bao-cao/quy-3-2024/du-thao.pdf")
dr = os.path.join(OUT, "serve-draft.pdf")
open(dr, "wb").write(draft)
check(st == 200 and "DỰ THẢO" in nfc(pdftotext(dr)), "the draft download is a draft")

# ---- a report.yaml uploaded through the page cannot make the server read files outside the
# workspace: not by an absolute path, not by '..', in the preview, the PDF or the draft
with open(os.path.join(OUTSIDE, "bi-mat.md"), "w", encoding="utf-8") as f:
    f.write("NỘI DUNG BÍ MẬT NGOÀI THƯ MỤC\n")
ry = open(os.path.join(folder, "report.yaml"), encoding="utf-8").read()
for name, ref in (("tuyet-doi", os.path.join(os.path.realpath(OUTSIDE), "bi-mat.md")),
                  ("cha", "../../serve-outside/bi-mat.md")):
    st, rep = jpost(f"/api/bao-cao?ten=lo-{name}&mau=mau-bao-cao-quy")
    bad = ry.replace("noi-dung: noi-dung.md", "noi-dung: " + ref)
    check(bad != ry, "the template names its narrative as noi-dung.md")
    st, rep = jpost(f"/api/bao-cao/lo-{name}/tep?ten=report.yaml", bad.encode(), "text/plain")
    err = (rep.get("preview") or {}).get("error") or {}
    check("BÍ MẬT" not in json.dumps(rep, ensure_ascii=False) and not rep["preview"]["ok"],
          f"{name}: the preview does not read {ref}: {err}")
    if name == "tuyet-doi":
        check("ngoài thư mục làm việc" in err.get("message", ""),
              f"{name}: the preview names the refusal: {err}")
    for what in ("ban-in.pdf", "du-thao.pdf"):
        st, _, data = request("GET", f"/api/bao-cao/lo-{name}/{what}")
        body = data.decode("utf-8", "replace")
        check(st != 200 and b"%PDF" not in data and "BÍ MẬT" not in body and
              "ngoài thư mục làm việc" in body, f"{name}: {what} refused: {st} {body[:300]}")

# ---- the draft buttons: lần N, so với lần trước, góp ý - the CLI's bytes
RWS = os.path.realpath(WS)
shutil.copytree(os.path.join(ROOT, "samples", "bao-cao-quy-1-2018-du-thao-2"),
                os.path.join(WS, "du-thao-2"))
st, rep = jget("/api/bao-cao/du-thao-2")
d = rep.get("draft") or {}
check(st == 200 and d.get("file") == "du-thao.yaml" and d.get("lan") == "2" and
      d.get("so-voi") == "du-thao-1" and d.get("gop-y") == "gop-y.yaml" and
      d.get("hinh-chim") == "co", f"du-thao.yaml's settings shown as the defaults: {d}")
check("du-thao-1" in d.get("previous", []) and "../quy-1-2018" in d.get("previous", []) and
      "../du-thao-2" not in d.get("previous", []), f"previous drafts to compare with: {d}")
check(d.get("notes") == ["gop-y.yaml"], f"review-note files: {d.get('notes')}")
STAMP = "01/12/2026 10:00"


def cli_draft(name, *extra):
    out = os.path.join(OUT, f"serve-cli-{name}.pdf")
    r = subprocess.run([BAOCAO, "render", os.path.join(RWS, "du-thao-2"), "-o", out, "--du-thao",
                        "--thoi-diem", STAMP, *extra], capture_output=True, text=True)
    check(r.returncode in (0, 3), f"CLI draft {name}: {r.stderr[-500:]}")
    return open(out, "rb").read() if os.path.exists(out) else b""


q = urllib.parse.quote(STAMP)
st, hdr, dpdf = request("GET", "/api/bao-cao/du-thao-2/du-thao.pdf?thoi-diem=" + q)
check(st == 200 and dpdf == cli_draft("mac-dinh"),
      f"draft with du-thao.yaml's settings (read from disk) = the CLI's bytes: {st} {dpdf[:200]!r}")
open(os.path.join(OUT, "serve-draft-2.pdf"), "wb").write(dpdf)
t = nfc(pdftotext(os.path.join(OUT, "serve-draft-2.pdf")))
check("Dự thảo lần 2" in t and "Đề nghị ghi rõ số" not in t, "lần 2 from du-thao.yaml")
st, hdr, dpdf = request("GET", "/api/bao-cao/du-thao-2/du-thao.pdf?lan=3&so-voi=..%2Fquy-1-2018"
                        "&gop-y=gop-y.yaml&hinh-chim=1&thoi-diem=" + q)
cli3 = cli_draft("lan-3", "--lan", "3", "--so-voi", os.path.join(RWS, "quy-1-2018"), "--gop-y",
                 os.path.join(RWS, "du-thao-2", "gop-y.yaml"), "--hinh-chim")
check(st == 200 and dpdf == cli3 and hdr.get("Content-Disposition", "").endswith(
      'filename="du-thao-2-du-thao.pdf"'), f"lần 3, so với ../quy-1-2018, góp ý, hình chìm = the CLI's --lan 3 "
      f"--so-voi --gop-y --hinh-chim: {st} {len(dpdf)} {len(cli3)}")
open(os.path.join(OUT, "serve-draft-3.pdf"), "wb").write(dpdf)
check(qpdf_ok(os.path.join(OUT, "serve-draft-3.pdf")) and
      "Dự thảo lần 3" in nfc(pdftotext(os.path.join(OUT, "serve-draft-3.pdf"))), "lần 3 printed")
for bad in ("so-voi=..%2F..%2Fserve-outside%2Fr", "so-voi=%2Fetc", "gop-y=..%2Fquy-1-2018%2Freport.yaml",
            "gop-y=%2Fetc%2Fpasswd", "lan=0", "lan=abc", "so-voi=lien-ket%2F..%2F.."):
    st, _, data = request("GET", "/api/bao-cao/du-thao-2/du-thao.pdf?" + bad)
    check(st == 400 and b"%PDF" not in data, f"draft option {bad} refused: {st} {data[:160]!r}")

# ---- the signed copy: a .p12 and its password over the POST body, as "render --ky --p12"
KEYDIR = os.path.join(OUT, "serve-key")
shutil.rmtree(KEYDIR, ignore_errors=True)
os.makedirs(KEYDIR)
PASS = "mật-khẩu 123"
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                os.path.join(KEYDIR, "k.pem"), "-out", os.path.join(KEYDIR, "c.pem"), "-days", "30",
                "-utf8", "-subj", "/CN=Nguyễn Văn An"], check=True, capture_output=True)
subprocess.run(["openssl", "pkcs12", "-export", "-inkey", os.path.join(KEYDIR, "k.pem"), "-in",
                os.path.join(KEYDIR, "c.pem"), "-out", os.path.join(KEYDIR, "nguoi-ky.p12"),
                "-passout", "pass:" + PASS], check=True, capture_output=True)
P12 = open(os.path.join(KEYDIR, "nguoi-ky.p12"), "rb").read()


before_ws = {os.path.join(dp, f) for dp, _, fs in os.walk(WS) for f in fs}
body, ctype = multipart([("p12", "nguoi-ky.p12", P12), ("mat-khau", None, b"sai")])
st, _, data = request("POST", "/api/bao-cao/quy-1-2018/ban-ky.pdf", body=body,
                      headers={"Content-Type": ctype})
msg = data.decode("utf-8", "replace")
check(st == 422 and "sai mật khẩu" in msg and "nguoi-ky.p12" in msg, f"a wrong password: {st} {msg[:300]}")
body, ctype = multipart([("p12", "nguoi-ky.p12", P12), ("mat-khau", None, PASS.encode())])
st, _, data = request("POST", "/api/bao-cao/quy-1-2018/ban-ky.pdf", body=body, headers={"Content-Type": ctype},
                      token=False)
check(st == 403, "signing without the CSRF token refused")
st, hdr, signed = request("POST", "/api/bao-cao/quy-1-2018/ban-ky.pdf", body=body,
                          headers={"Content-Type": ctype})
check(st == 200 and hdr.get("Content-Type") == "application/pdf" and
      hdr.get("Content-Disposition", "").endswith('filename="quy-1-2018-da-ky.pdf"'),
      f"the signed copy is sent: {st} {signed[:200]!r}")
web_ky = os.path.join(OUT, "serve-web-ky.pdf")
open(web_ky, "wb").write(signed)
cli_ky = os.path.join(OUT, "serve-cli-ky.pdf")
r = subprocess.run([BAOCAO, "render", os.path.join(WS, "quy-1-2018"), "-o", cli_ky, "--ky", "--p12",
                    os.path.join(KEYDIR, "nguoi-ky.p12")], capture_output=True, text=True,
                   env=dict(os.environ, BAOCAO_MAT_KHAU=PASS))
check(r.returncode in (0, 3), f"CLI render --ky: {r.stderr[-400:]}")


def sig_info(path):
    out = subprocess.run(["pdfsig", path], capture_output=True, text=True).stdout
    pdf = open(path, "rb").read()
    br = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    rng = tuple(int(x) for x in br.groups()) if br else (0, 0, 0, 0)
    return out, rng, pdf


w_out, w_rng, w_pdf = sig_info(web_ky)
c_out, c_rng, c_pdf = sig_info(cli_ky)
check("Signature Validation: Signature is Valid." in w_out and "Total document signed" in w_out and
      "Nguyễn Văn An" in w_out, f"pdfsig: the page's signed copy is valid: {w_out}")
check("Signature Validation: Signature is Valid." in c_out, f"pdfsig: the CLI's is valid: {c_out}")
# The signing time differs (it is drawn in the signature's appearance too), so the second
# range's length may differ; the first range - the official copy and the signature
# dictionary up to its /Contents - and the hole for the signature must be the CLI's.
check(w_rng[:3] == c_rng[:3] and w_rng[1] > 0 and w_rng[2] + w_rng[3] == len(w_pdf),
      f"the same signed byte ranges (but the time-dependent tail): {w_rng} {c_rng}")
def first_range(pdf, rng):
    # the /ByteRange array itself (in this range) names the tail's length
    return re.sub(rb"(/ByteRange\s*\[\s*\d+\s+\d+\s+\d+\s+)\d+", rb"\1N", pdf[:rng[1]])


check(first_range(w_pdf, w_rng) == first_range(c_pdf, c_rng),
      "the first signed range is the CLI's, byte for byte (but the tail's length)")
st, _, plain = request("GET", "/api/bao-cao/quy-1-2018/ban-in.pdf")
check(st == 200 and w_pdf.startswith(plain) and len(plain) < w_rng[1],
      "the signed copy is the official copy (the download's bytes) plus the signature")
check(qpdf_ok(web_ky), "qpdf --check of the signed copy")
after_ws = {os.path.join(dp, f) for dp, _, fs in os.walk(WS) for f in fs}
check(after_ws == before_ws, f"signing wrote nothing into the workspace: {after_ws ^ before_ws}")
left = []
for dp, _, fs in os.walk(SRV_TMP):
    for f in fs:
        b = open(os.path.join(dp, f), "rb").read()
        if P12[:64] in b or PASS.encode() in b or f.startswith("ky-"):
            left.append(f)
check(not left, f"no key, password or signed copy left in the server's temporary folder: {left}")

body, ctype = multipart([("ma-pin", None, b"1234")])
st, _, data = request("POST", "/api/bao-cao/quy-1-2018/ban-ky.pdf", body=body,
                      headers={"Content-Type": ctype})
check(st == 400 and "--ky-the" in data.decode(), f"a PIN without a configured token: {st} {data[:200]!r}")
st, rep = jget("/api/bao-cao/quy-1-2018")
check(rep.get("sign_token", 1) is None, "no token configured: sign_token null")

# ---- requests are served while a render runs
times = {}


def slow_render():
    t = time.time()
    request("POST", "/api/bao-cao/quy-1-2018/in-lai")
    times["render"] = (t, time.time())


th = threading.Thread(target=slow_render)
th.start()
time.sleep(0.2)
quick = []
for i in range(6):
    t = time.time()
    st1, _, _ = request("GET", "/api/bao-cao")
    st2, _, _ = request("GET", "/tep/app.css")
    st3, _, _ = request("GET", "/api/bao-cao/quy-3-2024/trang/1.png")
    quick.append((time.time(), st1, st2, st3))
th.join()
start, end = times["render"]
check(all(q[1:] == (200, 200, 200) for q in quick), f"every quick request answered: {quick}")
check(quick[0][0] < end and end - start > 0.3,
      f"answers came while the render ran (render {end - start:.2f}s, first answer at "
      f"{quick[0][0] - start:.2f}s)")

# ---- "kỳ sau": the next period's report
st, rep = jpost("/api/bao-cao/quy-3-2024/ky-sau?ten=quy-4-2024")
new = open(os.path.join(WS, "quy-4-2024", "report.yaml"), encoding="utf-8").read()
check(st == 201 and "so: 4" in new.replace("{loai: quy, so: 4", "so: 4"), f"next period: {st}")
check(rep["preview"]["error"] is not None, "its first render names what to fill in (CHUA-DIEN)")
st, rep = jpost("/api/bao-cao/quy-3-2024/ky-sau?ten=quy-4-2024")
check(st == 409, f"the next period's folder exists: {st}")

err = stop_server(proc)
check(proc.returncode == 0, f"serve stops on SIGTERM with 0: {proc.returncode} {err[-3000:]}")
check("đã dừng" in err, f"serve says it stopped: {err[-300:]!r}")
check(PASS not in err and "sai mật khẩu" not in err, "the password is never logged (nor the refusal)")

# ---- --mo-rong ADDR: beyond loopback, every request needs the access token
WIDE = "127.0.0.2"  # another loopback address: reached like a LAN address, not 127.0.0.1
for bad_addr, why in (("0.0.0.0", "địa chỉ IP cụ thể"), ("::", "địa chỉ IP cụ thể"),
                      ("may-chu", "cần một địa chỉ IP")):
    r = subprocess.run([BAOCAO, "serve", WS, "--mo-rong", bad_addr], capture_output=True,
                       text=True, timeout=30)
    check(r.returncode == 1 and why in r.stderr, f"--mo-rong {bad_addr} refused: {r.returncode} "
          f"{r.stderr!r}")
wide = subprocess.Popen([BAOCAO, "serve", WS, "--cong", "0", "--mo-rong", WIDE],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = wide.stdout.readline()
m = re.search(r"http://127\.0\.0\.2:(\d+)/\?ma=([0-9a-f]{64}) ", line)
check(m is not None, f"--mo-rong prints the address with its token: {line!r}")
WPORT, TOKEN = (int(m.group(1)), m.group(2)) if m else (0, "")
WHOST = f"{WIDE}:{WPORT}"


def wreq(method, path, headers=None, host=WHOST, body=None):
    return http_request(WIDE, WPORT, method, path, body, headers, host)


# without the token: 403 and a Vietnamese page, for every kind of request
for method, path, hdr in (("GET", "/", {}), ("GET", "/api/bao-cao", {}), ("GET", "/tep/app.js", {}),
                          ("GET", "/api/bao-cao/quy-3-2024/ban-in.pdf", {}),
                          ("GET", "/?ma=" + "0" * 64, {}), ("GET", "/?ma=" + TOKEN[:-1], {}),
                          ("GET", "/api/bao-cao", {"Cookie": "baocao_ma=" + "f" * 64}),
                          ("GET", "/api/bao-cao", {"X-Baocao-Ma": TOKEN.upper()}),
                          ("POST", "/api/bao-cao?ten=w1&mau=mau-bao-cao-quy",
                           {"X-CSRF-Token": CSRF}),
                          ("GET", "/api/bao-cao", {"Host": "evil.example"})):
    h = dict(hdr)
    host = h.pop("Host", WHOST)
    st, rh, data = wreq(method, path, h, host=host)
    text = data.decode("utf-8", "replace")
    check(st == 403 and rh.get("Content-Type", "").startswith("text/html") and
          "Cần mã truy cập" in text and 'lang="vi"' in text and TOKEN not in text,
          f"{method} {path} {hdr} without the token: 403 page: {st} {text[:200]!r}")
check(not os.path.exists(os.path.join(WS, "w1")), "the refused POST created nothing")
# the printed address: the token becomes an HttpOnly cookie, the page loads without it in the URL
st, rh, _ = wreq("GET", "/?ma=" + TOKEN)
cookie = rh.get("Set-Cookie", "")
check(st == 303 and rh.get("Location") == "/" and cookie.startswith("baocao_ma=" + TOKEN + ";") and
      "HttpOnly" in cookie and "SameSite=Strict" in cookie, f"?ma= sets the cookie: {st} {rh}")
COOKIE = {"Cookie": "baocao_ma=" + TOKEN}
st, _, page = wreq("GET", "/", COOKIE)
mt = re.search(r'<meta name="csrf" content="([0-9a-f]{64})">', page.decode())
check(st == 200 and mt, f"with the cookie the page loads: {st}")
WCSRF = mt.group(1) if mt else ""
check(WCSRF != TOKEN, "the CSRF token is not the access token")
st, _, data = wreq("GET", "/api/bao-cao", {"X-Baocao-Ma": TOKEN})
check(st == 200 and b"quy-3-2024" in data, "the token in header X-Baocao-Ma works too")
# Host: the given address only (not 127.0.0.1 or localhost any more)
for bad in (f"127.0.0.1:{WPORT}", f"localhost:{WPORT}", f"evil.example:{WPORT}", WIDE):
    st, _, _ = wreq("GET", "/api/bao-cao", COOKIE, host=bad)
    check(st == 421, f"with the token, Host {bad!r} still refused (421): {st}")
# a change: token + CSRF + the address's own Origin
st, _, data = wreq("POST", "/api/bao-cao?ten=w2&mau=mau-bao-cao-quy",
                   dict(COOKIE, **{"X-CSRF-Token": WCSRF, "Origin": f"http://127.0.0.1:{WPORT}"}))
check(st == 403 and not os.path.exists(os.path.join(WS, "w2")), f"Origin 127.0.0.1 refused: {st}")
st, _, data = wreq("POST", "/api/bao-cao?ten=w2&mau=mau-bao-cao-quy",
                   dict(COOKIE, **{"X-CSRF-Token": WCSRF, "Origin": f"http://{WHOST}"}))
check(st == 201 and os.path.isfile(os.path.join(WS, "w2", "report.yaml")),
      f"a change with the token, the CSRF token and the own Origin: {st} {data[:200]!r}")
# nothing listens on 127.0.0.1 at that port
try:
    c = http.client.HTTPConnection("127.0.0.1", WPORT, timeout=5)
    c.request("GET", "/")
    loop_st = c.getresponse().status
except OSError:
    loop_st = None
check(loop_st is None, f"127.0.0.1:{WPORT} is not served: {loop_st}")
werr = stop_server(wide)
check("CẢNH BÁO" in werr and "mạng nội bộ" in werr and TOKEN not in werr,
      f"a clear warning on the console (the token only in the printed address): {werr[:400]!r}")
check(wide.returncode == 0, f"the wide server stops with 0: {wide.returncode}")

# ---- --ky-the TEP.yaml: the signed copy with the key on a PKCS#11 token (SoftHSM2), PIN per request
MODULE = next((m for m in ("/usr/lib/softhsm/libsofthsm2.so",
                           "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so") if os.path.exists(m)),
              None)
check(MODULE is not None, "SoftHSM2 installed (.ci/bootstrap)")
HSM_DIR = os.path.join(OUT, "serve-hsm")
shutil.rmtree(HSM_DIR, ignore_errors=True)
os.makedirs(os.path.join(HSM_DIR, "tokens"))
with open(os.path.join(HSM_DIR, "softhsm2.conf"), "w") as f:
    f.write(f"directories.tokendir = {HSM_DIR}/tokens\nobjectstore.backend = file\n")
HSM = dict(os.environ, SOFTHSM2_CONF=os.path.join(HSM_DIR, "softhsm2.conf"))
if MODULE:
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "baocao", "--pin", "1234",
                    "--so-pin", "87654321"], env=HSM, check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", os.path.join(KEYDIR, "k.pem"),
                    "-outform", "DER", "-out", os.path.join(HSM_DIR, "k.p8")], check=True)
    subprocess.run(["openssl", "x509", "-in", os.path.join(KEYDIR, "c.pem"), "-outform", "DER",
                    "-out", os.path.join(HSM_DIR, "c.der")], check=True)
    for path, kind in (("k.p8", "privkey"), ("c.der", "cert")):
        subprocess.run(["pkcs11-tool", "--module", MODULE, "--login", "--pin", "1234",
                        "--write-object", os.path.join(HSM_DIR, path), "--type", kind, "--id", "01",
                        "--label", "nguoi-ky"], env=HSM, check=True, capture_output=True)
URI = "pkcs11:token=baocao;object=nguoi-ky"
bad_cfgs = (("pkcs11: x\nmat-khau: 1234\n", "the.yaml:2:1: lỗi: khóa 'mat-khau' không dùng ở đây"),
            ("module: /x.so\n", "thiếu 'pkcs11:'"))
for text, want in bad_cfgs:
    cfg = os.path.join(HSM_DIR, "the.yaml")
    open(cfg, "w").write(text)
    r = subprocess.run([BAOCAO, "serve", WS, "--ky-the", cfg], capture_output=True, text=True,
                       timeout=60)
    check(r.returncode != 0 and want in r.stderr, f"--ky-the refuses {text!r}: {r.returncode} {r.stderr!r}")
cfg = os.path.join(HSM_DIR, "the.yaml")
open(cfg, "w").write(f'# thẻ ký số của Giám đốc\npkcs11: "{URI}"\nmodule: {MODULE}\n')
tsrv = subprocess.Popen([BAOCAO, "serve", WS, "--cong", "0", "--ky-the", cfg], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, env=HSM)
m = re.search(r"http://127\.0\.0\.1:(\d+)/", tsrv.stdout.readline())
PORT = int(m.group(1)) if m else 0
HOST = f"127.0.0.1:{PORT}"
st, _, page = request("GET", "/")
CSRF = re.search(r'<meta name="csrf" content="([0-9a-f]{64})">', page.decode()).group(1)
st, rep = jget("/api/bao-cao/quy-1-2018")
check(rep.get("sign_token") == URI, f"the page knows the token: {rep.get('sign_token')}")
body, ctype = multipart([("ma-pin", None, b"0000")])
st, _, data = request("POST", "/api/bao-cao/quy-1-2018/ban-ky.pdf", body=body,
                      headers={"Content-Type": ctype})
check(st == 422 and "sai mã PIN" in data.decode(), f"a wrong PIN: {st} {data[:300]!r}")
body, ctype = multipart([("ma-pin", None, b"1234")])
st, hdr, signed = request("POST", "/api/bao-cao/quy-1-2018/ban-ky.pdf", body=body,
                          headers={"Content-Type": ctype})
tok_ky = os.path.join(OUT, "serve-token-ky.pdf")
open(tok_ky, "wb").write(signed)
cli_tok = os.path.join(OUT, "serve-cli-token-ky.pdf")
r = subprocess.run([BAOCAO, "render", os.path.join(WS, "quy-1-2018"), "-o", cli_tok, "--ky",
                    "--pkcs11", URI, "--module", MODULE or ""], capture_output=True, text=True,
                   env=dict(HSM, BAOCAO_MAT_KHAU="1234"))
check(st == 200 and r.returncode in (0, 3), f"signed with the token: {st} {signed[:200]!r} / CLI {r.stderr[-300:]}")
t_out, t_rng, t_pdf = sig_info(tok_ky)
c_out, c_rng, c_pdf = sig_info(cli_tok)
check("Signature Validation: Signature is Valid." in t_out and "Nguyễn Văn An" in t_out,
      f"pdfsig: the token's signature is valid: {t_out}")
check(t_rng[:3] == c_rng[:3] and first_range(t_pdf, t_rng) == first_range(c_pdf, c_rng),
      f"the token-signed copy's first range is the CLI's (render --ky --pkcs11): {t_rng} {c_rng}")
terr = stop_server(tsrv)
check(tsrv.returncode == 0 and "1234" not in terr and "0000" not in terr,
      f"the token server stops with 0, the PIN never logged: {tsrv.returncode} {terr[-300:]!r}")
finish()
