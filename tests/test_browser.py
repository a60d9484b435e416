"""baocao serve in a real browser: headless Debian chromium driven by
puppeteer-core (tests/browser/serve.test.js) makes a sở's Q3 report from the
page alone - creates it from the template, fills the ND30 fields (and sees a
wrong date's message), uploads the data with a wrong subtotal, sees the
cells flagged and mends the cell on the page, edits the narrative and sees
the preview change, downloads a draft (lần 2, hình chìm), the signed copy
(.p12 + password) and the official PDF; then Tab alone and a phone-width
window. This file starts the server, installs puppeteer-core from
tests/browser/package-lock.json (npm ci, into the build folder) and checks
what the browser saw and the PDFs (text with pdftotext, qpdf --check,
pdfsig). Screenshots of every step: $TEST_OUT/browser/*.png.

CI: .ci/bootstrap installs chromium and node/npm (the README's set-up), so
it runs there. Skipped (exit 77, ctest shows "Skipped", with a printed
line saying why) when no chromium or no node/npm is installed, or npm
cannot install puppeteer-core (no network)."""
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

# a throw-away signing key for the signed copy
P12_PASS = "mật khẩu thử"
key, cert, p12 = (os.path.join(OUT, "browser-" + n) for n in ("k.pem", "c.pem", "nguoi-ky.p12"))
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                cert, "-days", "30", "-utf8", "-subj", "/CN=Lê Văn Cường"], check=True,
               capture_output=True)
subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12, "-passout",
                "pass:" + P12_PASS], check=True, capture_output=True)

proc = subprocess.Popen([BAOCAO, "serve", WS, "--cong", "0"], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
m = re.search(r"(http://127\.0\.0\.1:\d+/)", proc.stdout.readline())
check(m is not None, "serve prints its address")
env = dict(os.environ, SERVE_URL=m.group(1) if m else "", OUT=SHOTS, BAD_CSV=bad_csv,
           CHROME=chrome, NODE_PATH=os.path.join(mods, "node_modules"), P12=p12, P12_PASS=P12_PASS)
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
check(res.get("focused_cell") == f"2:{col}", f"the warning's link focuses its cell: {res.get('focused_cell')}")
check(res.get("flagged_after_fix") == 0 and res.get("warnings_tab") == "Cảnh báo (0)",
      f"mended on the page, no cell flagged, no warning: {res.get('flagged_after_fix')} "
      f"{res.get('warnings_tab')!r}")
mended = open(os.path.join(WS, "bao-cao-quy-3-2024", "phu-luc-1.csv"), encoding="utf-8").read()
check(mended == tpl, "the mended CSV on disk is the correct one, byte for byte")
check(res.get("preview_changed") and res.get("png_sizes", [0, 0])[0] != res.get("png_sizes", [0, 1])[1],
      f"the preview changed after the narrative was saved: {res.get('png_sizes')}")
check(res.get("placeholder_marks", 0) >= 5, "the placeholders are highlighted in the editor")
check(res.get("overflow_1366", 99) <= 0, f"no sideways scrolling at 1366x768: {res.get('overflow_1366')}")
phone = res.get("phone_overflow") or {}
check(len(phone) == 3 and all(v <= 0 for v in phone.values()),
      f"no sideways scrolling at phone width, on every tab: {phone}")
check(res.get("first_tab") == "baocao", f"the first Tab reaches the page's first link: {res.get('first_tab')!r}")
reached = set(res.get("tab_reached") or [])
for want in ("tab-the-thuc", "tab-so-lieu", "tab-ban-in", "f-so", "save-form", "dl-pdf"):
    check(want in reached, f"Tab alone reaches #{want}: {sorted(reached)[:40]}")
check(res.get("tab_by_keyboard") and res.get("focus_outline") not in (None, "none"),
      f"Enter opens a tab; focus is visible: {res.get('focus_outline')}")
check(not res.get("errors"), f"no script errors in the page: {res.get('errors')}")


def pdf_text(pdf, what):
    ok = os.path.isfile(pdf)
    check(ok, f"{what} was downloaded: {pdf}")
    if not ok:
        return ""
    check(qpdf_ok(pdf), f"{what}: qpdf --check")
    return " ".join(nfc(pdftotext(pdf)).split())


text = pdf_text(res.get("pdf", ""), "the official PDF")
for want, what in (("Số: 130/BC-STP", "the number and code typed in the form"),
                   ("SỞ TƯ PHÁP", "the agency"), ("UBND TỈNH KHÁNH HÒA", "the parent agency"),
                   ("Khánh Hòa, ngày 25 tháng 9 năm 2024", "the place and the date typed"),
                   ("Kết quả thực hiện công tác cải cách hành chính quý III năm 2024", "the trích yếu"),
                   ("Kính gửi: Ủy ban nhân dân tỉnh Khánh Hòa", "Kính gửi"),
                   ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "the signer's authority"),
                   ("Lê Văn Cường", "the signer typed in the form"),
                   ("- Lưu: VT, VP.", "Nơi nhận"),
                   ("Đoạn văn mới viết trên trang web của baocao, có số liệu 14 văn bản.",
                    "the narrative typed in the editor, its figure filled in")):
    check(want in text, f"official PDF: {what} ({want!r})")
check(" 700 " in text and "710" not in text, "the mended table is printed (700, not 710)")
draft = pdf_text(res.get("draft", ""), "the draft")
check(os.path.basename(res.get("draft", "")) == "bao-cao-quy-3-2024-du-thao-lan-2.pdf",
      f"the draft's file name: {res.get('draft')}")
check("Dự thảo lần 2" in draft and "Lê Văn Cường" in draft, "the draft says lần 2")
signed = res.get("signed", "")
check("sai mật khẩu" in res.get("sign_wrong", ""), f"a wrong password is said: {res.get('sign_wrong')!r}")
check(res.get("password_cleared"), "the password field is emptied after sending")
if os.path.isfile(signed):
    sig = subprocess.run(["pdfsig", signed], capture_output=True, text=True).stdout
    check("Signature Validation: Signature is Valid." in sig and "Lê Văn Cường" in sig and
          "Total document signed" in sig, f"pdfsig: the signed copy is valid: {sig}")
    check(qpdf_ok(signed), "the signed copy: qpdf --check")
else:
    check(False, f"the signed copy was downloaded: {signed}")
for n in ("01-danh-sach", "02-bao-cao-moi", "03-the-thuc", "04-loi-ngay", "05-o-sai-tong",
          "06-canh-bao", "07-sua-o", "08-da-sua-o", "09-noi-dung-dang-sua", "10-xem-truoc-moi",
          "11-du-thao", "12-ky-so", "13-ban-phim", "14-dien-thoai-the-thuc",
          "15-dien-thoai-so-lieu", "16-dien-thoai-ban-in"):
    check(os.path.isfile(os.path.join(SHOTS, n + ".png")), f"screenshot {n}")
finish()
