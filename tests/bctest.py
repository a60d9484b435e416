"""Shared helpers for baocao's end-to-end tests (run with /usr/bin/python3).

Each test file calls check(...) for every assertion and finish() at the end,
which prints 'N passed, M failed' and exits non-zero on any failure.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter

ROOT = os.environ.get("BAOCAO_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Copies of the ground truth the tests compare against (tests/data/README.md says where
# each came from); nothing outside the repository is read.
DATA = os.path.join(ROOT, "tests", "data")
SEEDS = os.path.join(DATA, "seeds")
BAOCAO = os.environ.get("BAOCAO") or os.path.join(ROOT, "build", "baocao")
OUT = os.environ.get("TEST_OUT") or tempfile.mkdtemp(prefix="baocao-test-")
os.makedirs(OUT, exist_ok=True)

_passed = 0
_failed = 0


def check(cond, what):
    global _passed, _failed
    if cond:
        _passed += 1
    else:
        _failed += 1
        print("FAIL:", what, file=sys.stderr)
    return cond


def finish():
    print(f"{_passed} passed, {_failed} failed")
    sys.exit(1 if _failed or not _passed else 0)


def run(args, **kw):
    """Runs baocao with args; returns CompletedProcess (text mode)."""
    return subprocess.run([BAOCAO] + args, capture_output=True, text=True, timeout=300, **kw)


def sanitized():
    """True when the tests run against a sanitizer build: BAOCAO_SANITIZED=1, or
    the baocao binary is built with AddressSanitizer."""
    if os.environ.get("BAOCAO_SANITIZED") == "1":
        return True
    try:
        with open(BAOCAO, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


class Measured:
    """What run_measured saw: rc (None = killed after the timeout: a hang),
    stdout, stderr, wall seconds, CPU seconds (user + sys) and max RSS (kB)."""

    def __init__(self, rc, out, err, secs, cpu, rss_kb):
        self.rc, self.out, self.err = rc, out, err
        self.secs, self.cpu, self.rss_kb = secs, cpu, rss_kb

    @property
    def hung(self):
        return self.rc is None


def run_measured(cmd, timeout, memory=False):
    """Runs cmd (a list) in a session of its own with a timeout, killed (the
    whole session) after it. Wall time, CPU time and max RSS (kB) are measured:
    the RSS with /usr/bin/time -f %M when memory=True and it is installed (its
    line is taken off stderr), else from the child's rusage."""
    cmd = list(cmd)
    use_time = memory and os.path.exists("/usr/bin/time")
    if use_time:
        cmd = ["/usr/bin/time", "-f", "baocao-max-rss-kb %M"] + cmd
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        nap = 0.001
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - t0 > timeout:
                os.killpg(p.pid, signal.SIGKILL)   # the command too, when under /usr/bin/time
                _, status, ru = os.wait4(p.pid, 0)
                rc = None
                break
            time.sleep(nap)
            nap = min(nap * 2, 0.05)
        p.returncode = rc if rc is not None else -9
        secs = time.monotonic() - t0
        fo.seek(0)
        fe.seek(0)
        out = fo.read().decode("utf-8", "replace")
        err = fe.read().decode("utf-8", "replace")
    rss = ru.ru_maxrss
    if use_time:
        m = re.search(r"^baocao-max-rss-kb (\d+)\s*\Z", err, re.M)
        if m:
            rss = int(m.group(1))
            err = err[:m.start()]
    return Measured(rc, out, err, secs, ru.ru_utime + ru.ru_stime, rss)


def render(report, pdf, *extra):
    """Renders report to pdf. Every draft (--du-thao) and every libharu copy
    written is also read by poppler, which must not warn (poppler_quiet)."""
    r = run(["render", report, "-o", pdf, "--chi-phong-kem-theo", *extra])
    if (r.returncode in (0, 3) and os.path.exists(pdf) and
            ("--du-thao" in extra or "libharu" in extra)):
        poppler_quiet(pdf)
    return r


def pdftotext(pdf, *opts):
    """The text of pdf as poppler reads it; poppler must not complain (a
    warning such as libharu's "Invalid 'begincidrange' operator in ToUnicode
    CMap" fails the calling test)."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", *opts, pdf, "-"], capture_output=True,
                       text=True, check=True)
    check(not r.stderr, f"pdftotext {os.path.basename(pdf)}: poppler warns: {r.stderr[:300]}")
    return r.stdout


def poppler_quiet(pdf):
    """True when pdffonts and pdftotext read pdf without a word on stderr."""
    errs = ""
    for tool in (["pdffonts"], ["pdftotext", "-enc", "UTF-8"]):
        r = subprocess.run(tool + [pdf, "-"] if tool[0] == "pdftotext" else tool + [pdf],
                           capture_output=True, text=True)
        errs += r.stderr
        if r.returncode:
            errs += f"{tool[0]}: exit {r.returncode}\n"
    return check(not errs, f"{os.path.basename(pdf)}: poppler warns: {errs[:300]}")


def nfc(s):
    return unicodedata.normalize("NFC", s)


WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text):
    """Letter-words (digits and punctuation separate words), NFC, case-folded."""
    return Counter(w.casefold() for w in WORD.findall(nfc(text)))


PLACEHOLDER = re.compile(r"(?<!\\)\{\{.*?\}\}")


def narrative(path):
    """A narrative's text without its {{ ... }} placeholders (their values
    come from the data, not from the words of the file)."""
    return PLACEHOLDER.sub(" ", open(path, encoding="utf-8").read())


def recall(expected, got):
    """Returns (missing Counter, total expected)."""
    missing = Counter()
    for w, n in expected.items():
        if got[w] < n:
            missing[w] = n - got[w]
    return missing, sum(expected.values())


def page_count(pdf):
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True)
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    return int(m.group(1))


def qpdf_ok(pdf):
    r = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    return r.returncode == 0, r.stdout + r.stderr


# Exit codes of the shipped samples' renders (README "Mã thoát"), each exact. 3 = the PDF
# was written but appendix data checks found mismatches: the seeds' own printed errors,
# listed as the warnings' "file:line:column" (file's base name). Spelling and ND30 form
# warnings do not change the code (without --chat-che).
NAM_2023_MISMATCHES = ["phu-luc-2.csv:114:46", "phu-luc-2.csv:114:54"]
SAMPLE_EXIT = {
    "bao-cao-quy-1-2018": (0, []),
    "bao-cao-quy-1-2018-du-thao-2": (0, []),
    "cong-van-1889-2021": (0, []),
    "bao-cao-nam-2023": (3, NAM_2023_MISMATCHES),
    "thanh-tra-2020": (3, ["phu-luc-2.csv:27:50"]),
    "bao-cao-quy-1-2018-excel": (0, []),  # bao-cao-quy-1-2018 with its figures in so-lieu.xlsx
    "tong-hop-quy-1-2024": (0, []),  # its table comes from 'tong-hop --sua-tong': consistent
}


def data_warnings(stderr):
    """The appendix data-check warnings in a render's stderr, as sorted
    "file:line:column" (the file's base name)."""
    out = []
    for line in nfc(stderr).splitlines():
        m = re.match(r"(.+?):(\d+):(\d+): cảnh báo: Phụ lục [^,]*, hàng ", line)
        if m:
            out.append(f"{os.path.basename(m.group(1))}:{m.group(2)}:{m.group(3)}")
    return sorted(out)


def check_exit(r, want, mismatches=(), what=""):
    """Checks a render's exact exit code; with 3, also exactly which data-check
    warnings caused it (mismatches, as in SAMPLE_EXIT). want may be a sample's
    name (its SAMPLE_EXIT entry)."""
    if isinstance(want, str):
        want, mismatches = SAMPLE_EXIT[want]
    got = data_warnings(r.stderr)
    ok = check(r.returncode == want, f"{what}: exit {r.returncode}, want {want}: {r.stderr[-1500:]}")
    return check(got == sorted(mismatches),
                 f"{what}: data-check warnings {got}, want {sorted(mismatches)}") and ok


def sample(name):
    return os.path.join(ROOT, "samples", name, "report.yaml")


# The header of a small ND30 report the tests write (Ủy ban nhân dân tỉnh Khánh
# Hòa's báo cáo số 45/BC-UBND of 14/03/2018, its narrative in noi-dung.md), in
# the order it is written: field, YAML source of its value (None: not written).
REPORT_FIELDS = (
    ("loai", "bao-cao"),
    ("bo-cuc", None),
    ("co-quan", "[ỦY BAN NHÂN DÂN, TỈNH KHÁNH HÒA]"),
    ("so", "45"),
    ("ky-hieu", "BC-UBND"),
    ("dia-danh", "Khánh Hòa"),
    ("ngay", "2018-03-14"),
    ("ten-loai", "BÁO CÁO"),
    ("trich-yeu", "Báo cáo thử"),
    ("noi-dung", "noi-dung.md"),
    ("noi-nhan", "[Lưu VT.]"),
    ("ky", "{tham-quyen: [CHỦ TỊCH], ho-ten: Nguyễn Văn A}"),
)


def report_yaml(**fields):
    """The text of a report.yaml with REPORT_FIELDS' header. Each keyword
    (underscores for the dashes: trich_yeu=...) is a field's YAML source:
    it replaces that field's value where the header has it (None leaves the
    field out), or is added after the header, in the order given. A list is
    written one item a line ("  - item", each item as YAML source)."""
    fields = {k.replace("_", "-"): v for k, v in fields.items()}
    out = []
    for key, value in REPORT_FIELDS:
        value = fields.pop(key, value)
        if value is not None:
            out.append((key, value))
    out += [(k, v) for k, v in fields.items() if v is not None]
    return "".join(f"{k}:\n" + "".join(f"  - {item}\n" for item in v) if isinstance(v, list)
                   else f"{k}: {v}\n" for k, v in out)


def write_report(folder, body, **fields):
    """Writes report_yaml(**fields) as folder/report.yaml and body as its
    narrative (folder/noi-dung.md, or the file noi_dung names); returns the
    report.yaml's path."""
    text = report_yaml(**fields)
    narrative_name = fields.get("noi_dung", "noi-dung.md")
    with open(os.path.join(folder, narrative_name), "w", encoding="utf-8") as f:
        f.write(body)
    path = os.path.join(folder, "report.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def copy_sample(name, dst):
    """Copies samples/<name> to the new folder dst, its files made writable
    (0644: a read-only checkout stays editable in the copy); returns dst."""
    shutil.copytree(os.path.join(ROOT, "samples", name), dst)
    for f in os.listdir(dst):
        if os.path.isfile(os.path.join(dst, f)):
            os.chmod(os.path.join(dst, f), 0o644)
    return dst


# The URL tests' material: seed 001's portal, the paragraph that links it
# (samples/bao-cao-nam-2023, page 26), a long URL with a path.
PORTAL = "https://baocao.khanhhoa.gov.vn"
LONG_URL = ("https://dichvucong.khanhhoa.gov.vn/portal/p/home/thu-tuc-hanh-chinh/chi-tiet-thu-tuc-"
            "hanh-chinh-cap-tinh/danh-sach/quyet-dinh/cong-bo.html")


def portal_paragraph():
    """The Markdown paragraph of samples/bao-cao-nam-2023 with <PORTAL>."""
    with open(os.path.join(ROOT, "samples", "bao-cao-nam-2023", "noi-dung.md"),
              encoding="utf-8") as f:
        return next(l_.strip() for l_ in f if f"<{PORTAL}>" in l_)


def lint_findings(stderr, prefix):
    """The warnings "file:line:column: cảnh báo: CODE message" of stderr whose
    code is prefix and one digit ("ND0", "CT0"), as (file's base name, line,
    column, code, message)."""
    rx = re.compile(r"^(.*?):(\d+):(\d+): cảnh báo: (" + re.escape(prefix) + r"\d) (.*)$")
    out = []
    for line in stderr.splitlines():
        m = rx.match(line)
        if m:
            out.append((os.path.basename(m.group(1)), int(m.group(2)), int(m.group(3)),
                        m.group(4), m.group(5)))
    return out


def content_doc(pdf):
    """The PDF opened with fitz (python3-fitz), without the official copy's
    empty signature fields: they are not page content, but MuPDF draws
    "SIGN" (white) into an unsigned one, which its text extraction reads."""
    import fitz
    doc = fitz.open(pdf)
    for i in range(doc.page_count):
        px = doc.page_xref(i)
        kind, annots = doc.xref_get_key(px, "Annots")
        if kind != "array":
            continue
        refs = re.findall(r"(\d+) 0 R", annots)
        keep = [r for r in refs if doc.xref_get_key(int(r), "FT") != ("name", "/Sig")]
        if len(keep) != len(refs):
            doc.xref_set_key(px, "Annots", "[%s]" % " ".join(r + " 0 R" for r in keep))
    return doc
