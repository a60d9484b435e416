"""Footnotes that do not pair up: a reference without a definition would
print a literal "[^4]" in the official copy, so it is an input error (exit
2, no PDF) naming the label, line and column; a definition nobody cites is
a warning naming its label and line. Escaped brackets and code spans are
text, not references."""
import os
import shutil

from bctest import OUT, check, finish, nfc, pdftotext, qpdf_ok, run, write_report

D = os.path.join(OUT, "footnote_refs")
shutil.rmtree(D, ignore_errors=True)
os.makedirs(D)

def case(name, md):
    d = os.path.join(D, name)
    os.makedirs(d)
    report = write_report(d, md, trich_yeu="Thử chú thích")
    pdf = os.path.join(d, "out.pdf")
    return run(["render", report, "-o", pdf]), pdf


# 1. Missing definition: exit 2, exact message at the label, no PDF.
r, pdf = case("missing", "Đoạn một có chú thích[^1].\n\n"
                         "Dòng đầu\nrồi dòng sau có **dẫn chiếu [^4]** thiếu.\n\n"
                         "[^1]: Chú thích một.\n")
check(r.returncode == 2, f"missing definition: exit {r.returncode}, want 2")
want = ("noi-dung.md:4:29: lỗi: chú thích [^4] được dẫn chiếu nhưng không có định nghĩa; "
        "hãy thêm dòng \"[^4]: …\" (nội dung chú thích) ở cuối tệp hoặc bỏ dẫn chiếu")
check(want in r.stderr, f"missing definition message: {r.stderr!r}")
check(not os.path.exists(pdf), "missing definition: no PDF written")

# 2. Unused definition: a warning with label and line; the PDF is written.
r, pdf = case("unused", "Đoạn có chú thích[^a]. Thoát \\[^x] và `[^y]` là chữ thường.\n\n"
                        "[^a]: Chú thích A.\n\n[^thua]: Không ai dẫn chiếu.\n")
check(r.returncode == 0, f"unused definition: exit {r.returncode}: {r.stderr}")
want = ("noi-dung.md:5:1: cảnh báo: chú thích [^thua] được định nghĩa ở dòng 5 nhưng không được "
        "dẫn chiếu ở đâu nên không được in; hãy thêm [^thua] vào chỗ cần chú thích hoặc xóa "
        "định nghĩa")
check(want in r.stderr, f"unused definition warning: {r.stderr!r}")
if os.path.exists(pdf):
    ok, out = qpdf_ok(pdf)
    check(ok, f"qpdf: {out}")
    t = nfc(pdftotext(pdf))
    check("Thoát [^x] và [^y] là chữ thường." in " ".join(t.split()),
          "escaped bracket and code span print as written")
    check("Chú thích A." in t, "the used footnote is printed")

finish()
