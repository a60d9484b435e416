"""Blocks taller than a page are never printed past the page edge: a long
Nơi nhận list, many Kính gửi lines, a very long trích yếu, an over-long
heading continue on the next pages (every word present, no glyph outside
the page); a part that cannot be cut (the signature block) or footnotes too
tall for the page stop with exit 6, naming what to shorten, and leave no PDF."""
import os
import shutil

import fitz

from bctest import (OUT, check, content_doc, finish, pdftotext, qpdf_ok, recall, run, words,
                    write_report)

D = os.path.join(OUT, "tall_blocks")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)

BODY = "Nội dung ngắn của báo cáo.\n"


def case(name, body=BODY, **fields):
    """Renders (--kiem-tra) a report whose header is bctest's with this
    trích yếu and signer, fields changing it further."""
    d = os.path.join(D, name)
    os.makedirs(d)
    fields = {"trich_yeu": "Kết quả thử khối dài",
              "ky": "{tham-quyen: [CHỦ TỊCH], ho-ten: Nguyễn Văn An}", **fields}
    report = write_report(d, body, **fields)
    pdf = os.path.join(d, "out.pdf")
    return run(["render", report, "-o", pdf, "--kiem-tra"]), pdf


def all_on_pages(name, pdf, expected_text, min_pages):
    ok, out = qpdf_ok(pdf)
    check(ok, f"{name}: qpdf: {out}")
    doc = content_doc(pdf)
    check(doc.page_count >= min_pages, f"{name}: {doc.page_count} pages, want >= {min_pages}")
    off = []
    for page in doc:
        r = page.rect
        for w in page.get_text("words"):
            if w[0] < r.x0 - 0.5 or w[1] < r.y0 - 0.5 or w[2] > r.x1 + 0.5 or w[3] > r.y1 - 20:
                off.append((page.number + 1, w[4], round(w[3])))
    check(not off, f"{name}: glyphs outside the page or in its bottom margin: {off[:5]}")
    missing, total = recall(words(expected_text), words(pdftotext(pdf)))
    check(not missing, f"{name}: {sum(missing.values())} of {total} words missing: "
                       f"{list(missing.items())[:8]}")


# 1. 300 recipients in Nơi nhận: the list runs on; the signature stays on
#    page 1 beside the list's first lines.
cc = [f"Ủy ban nhân dân xã số {i} huyện Khánh Sơn, tỉnh Khánh Hòa;" for i in range(1, 301)]
r, pdf = case("noi_nhan", noi_nhan=cc)
check(r.returncode == 0, f"noi_nhan: exit {r.returncode}: {r.stderr}")
if r.returncode == 0:
    all_on_pages("noi_nhan", pdf, "\n".join(cc) + " CHỦ TỊCH Nguyễn Văn An", 5)
    doc = content_doc(pdf)
    p1 = doc[0].get_text()
    check("Nguyễn Văn An" in p1 and "CHỦ TỊCH" in p1, "noi_nhan: signature on page 1")
    # one recipient's wrapped lines stay on one page
    for page in doc:
        t = " ".join(page.get_text().split())
        check(t.rstrip().endswith(";"), f"noi_nhan: page {page.number + 1} ends inside an entry")

# 2. 200 Kính gửi lines (công văn), some wrapping: a recipient is never
#    split across pages.
kg = [f"Sở ngành số {i} thuộc Ủy ban nhân dân tỉnh" + (" và các đơn vị trực thuộc ở huyện, "
      "thị xã, thành phố" if i % 3 == 0 else "") + ";" for i in range(1, 201)]
r, pdf = case("kinh_gui", loai="cong-van", ten_loai=None, kinh_gui=kg)
check(r.returncode == 0, f"kinh_gui: exit {r.returncode}: {r.stderr}")
if r.returncode == 0:
    all_on_pages("kinh_gui", pdf, "Kính gửi " + "\n".join(kg), 3)
    doc = content_doc(pdf)
    for page in list(doc)[:-1]:
        t = " ".join(page.get_text().split())
        check(t.rstrip().endswith(";"), f"kinh_gui: page {page.number + 1} ends inside a recipient")

# 2b. An agency name so long that the header's top (agency | Quốc hiệu,
#     number | date) is taller than a page: nothing to cut, exit 6.
agency = ", ".join(f"PHÒNG BAN SỐ {i}" for i in range(1, 120))
r, pdf = case("co_quan", co_quan=f"[ỦY BAN NHÂN DÂN, {agency}]")
check(r.returncode == 6, f"co_quan: exit {r.returncode}, want 6")
check("lỗi: trang 1: phần đầu văn bản (tên cơ quan, Quốc hiệu, số, ngày tháng) cao " in r.stderr
      and "không ngắt sang trang sau được; hãy rút ngắn ít nhất " in r.stderr,
      f"co_quan message: {r.stderr!r}")
check(not os.path.exists(pdf), "co_quan: no PDF left")

# 3. A 20 KB trích yếu.
ty = " ".join(f"nội dung trích yếu thứ {i} về cải cách hành chính" for i in range(1, 400))
check(len(ty.encode()) > 20000, "trich_yeu: input is over 20 KB")
r, pdf = case("trich_yeu", trich_yeu=ty)
check(r.returncode == 0, f"trich_yeu: exit {r.returncode}: {r.stderr}")
if r.returncode == 0:
    all_on_pages("trich_yeu", pdf, ty, 3)

# 4. An over-long heading.
hd = " ".join(f"tiêu đề mục rất dài phần {i}" for i in range(1, 500))
r, pdf = case("heading", f"# {hd}\n\nĐoạn văn sau tiêu đề.\n")
check(r.returncode == 0, f"heading: exit {r.returncode}: {r.stderr}")
if r.returncode == 0:
    all_on_pages("heading", pdf, hd + " Đoạn văn sau tiêu đề.", 2)

# 5. A signature block taller than a page cannot be cut: exit 6, no PDF.
auth = ", ".join(f"CHỨC VỤ KIÊM NHIỆM {i}" for i in range(1, 80))
r, pdf = case("chu_ky", ky=f"{{tham-quyen: [{auth}], ho-ten: Nguyễn Văn An}}")
check(r.returncode == 6, f"chu_ky: exit {r.returncode}, want 6")
# The block keeps with the body's last line (the page with the signature
# carries body text), so that line moves on with it to page 2 (a warning
# says the page-break rule could not be kept) and the block, on page 3,
# is the error.
check("cảnh báo: trang 2: không giữ được quy tắc ngắt trang" in r.stderr,
      f"chu_ky warning: {r.stderr!r}")
check("lỗi: trang 3: khối chữ ký (Nơi nhận bên cạnh, thẩm quyền ký, chức vụ, họ tên người ký) "
      "cao 485 mm, dài hơn vùng chữ của một trang (252 mm) và không ngắt sang trang sau được; "
      "hãy rút ngắn ít nhất 233 mm" in r.stderr, f"chu_ky message: {r.stderr!r}")
check(not os.path.exists(pdf), "chu_ky: no PDF left")

# 6. Footnotes too tall for the page beside the line citing them: exit 6.
note = " ".join(f"nội dung chú thích rất dài đoạn {i}" for i in range(1, 700))
r, pdf = case("chu_thich", f"Đoạn có chú thích[^a].\n\n[^a]: {note}\n")
check(r.returncode == 6, f"chu_thich: exit {r.returncode}, want 6")
check("chú thích được dẫn chiếu ở một dòng cao" in r.stderr and "hãy rút ngắn chú thích ít nhất"
      in r.stderr, f"chu_thich message: {r.stderr!r}")
check(not os.path.exists(pdf), "chu_thich: no PDF left")

finish()
