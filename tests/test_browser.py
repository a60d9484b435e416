"""baocao serve in a real browser: headless Debian chromium driven by
puppeteer-core (tests/browser/serve.test.js) creates a report, fills the
form, sees a field's error, uploads a CSV with a wrong subtotal and sees the
cell flagged, edits the narrative and sees the preview change, downloads the
official PDF; this file starts the server, installs puppeteer-core from
tests/browser/package-lock.json (npm ci, into the build folder) and checks
what the browser saw and the PDF's text. Screenshots of every step:
$TEST_OUT/browser/*.png.

Skipped (exit 77, ctest shows "Skipped", with a line saying why) when no
chromium or no node/npm is installed, or npm cannot install puppeteer-core
(no network)."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

from bctest import BAOCAO, OUT, ROOT, check, finish, nfc, pdftotext, qpdf_ok

SKIP = 77
BROWSER_DIR = os.path.join(ROOT, "tests", "browser")
SHOTS = os.path.join(OUT, "browser")


def skip(why):
    print(f"BỎ QUA / SKIPPED test_browser: {why}")
    sys.exit(SKIP)


chrome = next((p for p in (os.environ.get("CHROME"), "/usr/bin/chromium",
                           "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
               if p and os.access(p, os.X_OK)), None)
if not chrome:
    skip("không có chromium (apt-get install chromium) / no chromium installed")
if not shutil.which("node") or not shutil.which("npm"):
    skip("không có node/npm / node or npm is not installed")

# puppeteer-core, installed once per lock file into the build folder
lock = open(os.path.join(BROWSER_DIR, "package-lock.json"), "rb").read()
mods = os.path.join(OUT, "browser-node-" + hashlib.sha256(lock).hexdigest()[:12])
if not os.path.isdir(os.path.join(mods, "node_modules", "puppeteer-core")):
    os.makedirs(mods, exist_ok=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(BROWSER_DIR, f), mods)
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=mods,
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        skip("npm không cài được puppeteer-core (không có mạng?) / npm could not install "
             "puppeteer-core: " + r.stderr.strip().splitlines()[-1:][0] if r.stderr.strip() else "")

WS = os.path.join(OUT, "browser-ws")
shutil.rmtree(WS, ignore_errors=True)
shutil.rmtree(SHOTS, ignore_errors=True)
os.makedirs(WS)
os.makedirs(SHOTS)
# the template's Phụ lục data with a wrong subtotal in row A (710, rows 1 and 2 add up to 700)
tpl = open(os.path.join(ROOT, "src", "serve", "www", "mau-bao-cao-quy.phu-luc-1.csv"),
           encoding="utf-8").read()
bad = tpl.replace("A,CÁC PHÒNG CHUYÊN MÔN,700,", "A,CÁC PHÒNG CHUYÊN MÔN,710,")
check(bad != tpl, "the bad CSV differs from the template's")
bad_csv = os.path.join(OUT, "browser-so-lieu-sai.csv")
open(bad_csv, "w", encoding="utf-8").write(bad)

proc = subprocess.Popen([BAOCAO, "serve", WS, "--cong", "0"], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
m = re.search(r"(http://127\.0\.0\.1:\d+/)", proc.stdout.readline())
check(m is not None, "serve prints its address")
env = dict(os.environ, SERVE_URL=m.group(1) if m else "", OUT=SHOTS, BAD_CSV=bad_csv,
           CHROME=chrome, NODE_PATH=os.path.join(mods, "node_modules"))
r = subprocess.run(["node", os.path.join(BROWSER_DIR, "serve.test.js")], env=env,
                   capture_output=True, text=True, timeout=600)
proc.terminate()
proc.wait(timeout=30)
print(r.stderr[-3000:], file=sys.stderr)
check(r.returncode == 0, f"the browser steps ran (exit {r.returncode})")
res = json.loads(r.stdout.strip().splitlines()[-1]) if r.stdout.strip() else {}
print("kết quả / results:", json.dumps(res, ensure_ascii=False)[:2000])

check(res.get("created"), "a report created from the template")
check("lỗi" in res.get("ngay_message", "") and "2024-02-30" in res.get("ngay_message", ""),
      f"the wrong date's message next to the field: {res.get('ngay_message')!r}")
check(res.get("kept_pages", 0) >= 2, "the last good preview stays after the failed render")
flag = {f.get("cell"): f for f in res.get("flagged") or []}
col = bad.splitlines()[1].index("710") + 1
check(sorted(flag) == [f"2:{col}", "8:7"], f"the two cells that do not add up are flagged: {flag}")
check(flag.get(f"2:{col}", {}).get("text") == "710" and
      "ghi 710 nhưng tổng 2 hàng con là 700" in flag.get(f"2:{col}", {}).get("title", ""),
      "row A's cell carries the check's message")
check("tổng 2 hàng A, B là 1.260" in flag.get("8:7", {}).get("title", ""),
      "the grand total's cell carries its message")
check(any("phu-luc-1.csv:2" in d for d in res.get("diags", [])), "the warning is listed")
check(res.get("preview_changed") and res.get("png_sizes", [0, 0])[0] != res.get("png_sizes", [0, 1])[1],
      f"the preview changed after the narrative was saved: {res.get('png_sizes')}")
check(res.get("placeholder_marks", 0) >= 5, "the placeholders are highlighted in the editor")
check(res.get("phone_overflow", 99) <= 0, f"no sideways scrolling at phone width: {res.get('phone_overflow')}")
check(res.get("first_tab") == "baocao", f"the first Tab reaches the page's first link: {res.get('first_tab')!r}")
check(not res.get("errors"), f"no script errors in the page: {res.get('errors')}")

pdf = res.get("pdf", "")
check(os.path.isfile(pdf), f"the PDF was downloaded: {pdf}")
if os.path.isfile(pdf):
    check(qpdf_ok(pdf), "qpdf --check")
    text = nfc(pdftotext(pdf))
    check("Số: 130/BC-SNV" in text, "the number typed in the form")
    check("Lê Văn Cường" in text, "the signer typed in the form")
    check("ngày 25 tháng 9 năm 2024" in text, "the date typed in the form")
    check("Đoạn văn mới viết trên trang web của baocao, có số liệu 14 văn bản." in
          " ".join(text.split()), "the narrative typed in the editor, its figure filled in")
    check("710" in text, "the uploaded table (with its flagged subtotal) is printed")
for n in ("01-danh-sach", "02-bao-cao-moi", "03-the-thuc", "04-loi-ngay", "05-o-sai-tong",
          "06-canh-bao", "07-noi-dung-dang-sua", "08-xem-truoc-moi", "09-dien-thoai"):
    check(os.path.isfile(os.path.join(SHOTS, n + ".png")), f"screenshot {n}")
finish()
