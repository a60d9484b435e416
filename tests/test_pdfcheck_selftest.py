#!/usr/bin/python3
"""Self-test of tests/pdfcheck.py: proves the checker passes a correct ND30
document and catches each kind of violation with the intended rule.

It builds small PDFs with PyMuPDF itself (no baocao code involved): a correct
Báo cáo (2 main pages + a 2-page appendix), a correct công văn with a KHẨN
mark, and one mutated copy per violation.  Each mutation must be reported
under its rule; the correct documents must give no failure and no warning.

Run: /usr/bin/python3 tests/test_pdfcheck_selftest.py   (env BAOCAO_SOURCE_DIR
= repo root; defaults to this file's parent directory).  Ends with
"N passed, M failed"; exit status 1 on any failure.
"""

import copy
import os
import sys
import tempfile
import traceback
import unicodedata

import fitz

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pdfcheck  # noqa: E402

SRC = os.environ.get("BAOCAO_SOURCE_DIR") or os.path.dirname(HERE)
FONTS = os.path.join(SRC, "fonts")
MM = 72.0 / 25.4
W, H = 595.28, 841.89
FILES = {"R": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf",
         "I": "LiberationSerif-Italic.ttf", "BI": "LiberationSerif-BoldItalic.ttf"}
FONT = {k: fitz.Font(fontfile=os.path.join(FONTS, v)) for k, v in FILES.items()}
ASC, DESC = 0.891, 0.216

BODY_BC = [
    ("p", "Thực hiện chế độ báo cáo định kỳ theo quy định của Bộ Nội vụ, trên cơ sở tổng hợp, "
          "đánh giá tình hình, kết quả thực hiện công tác cải cách hành chính (CCHC) quý I năm "
          "2018, UBND tỉnh Khánh Hòa báo cáo như sau:"),
    ("h1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
    ("h2", "1. Ban hành và triển khai kế hoạch CCHC năm 2018"),
    ("p", "Tiếp tục thực hiện Chương trình CCHC tỉnh Khánh Hòa giai đoạn 2011-2020 và Kế hoạch "
          "CCHC tỉnh Khánh Hòa giai đoạn 2016-2020, tiến tới hoàn thành các mục tiêu CCHC đề ra, "
          "UBND tỉnh đã ban hành Kế hoạch CCHC năm 2018 kèm theo Quyết định số 4034/QĐ-UBND "
          "ngày 29/12/2017, xác định 10 nhiệm vụ trọng tâm và 44 nhiệm vụ, giải pháp cụ thể, "
          "phân định rõ trách nhiệm tham mưu, thời hạn và kết quả phải đạt được đồng bộ trên 07 "
          "lĩnh vực CCHC (chi tiết tại Phụ lục I kèm theo)."),
    ("p", "Trọng tâm CCHC năm 2018 là tiếp tục thực hiện quyết liệt cải cách thủ tục hành chính, "
          "nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức gắn với siết chặt kỷ cương "
          "hành chính, kỷ luật công vụ, đẩy mạnh các ứng dụng trực tuyến để hiện đại hóa quản "
          "lý, điều hành và phục vụ Nhân dân; tăng cường hỗ trợ cho nhà đầu tư và doanh nghiệp; "
          "nâng cao mức độ hài lòng của tổ chức, cá nhân đối với sự phục vụ của cơ quan hành "
          "chính nhà nước."),
    ("h2", "2. Công tác kiểm tra CCHC"),
    ("p", "Ủy ban nhân dân tỉnh đã ban hành kế hoạch kiểm tra công tác cải cách hành chính năm "
          "2018 tại các sở, ban, ngành và Ủy ban nhân dân các huyện, thị xã, thành phố; việc "
          "kiểm tra gắn với kiểm tra công vụ, kiểm tra việc thực hiện kỷ luật, kỷ cương hành "
          "chính và việc giải quyết thủ tục hành chính cho tổ chức, cá nhân trên địa bàn tỉnh."),
    ("h1", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC"),
    ("p", "Các cơ quan, đơn vị tiếp tục rà soát, đơn giản hóa thủ tục hành chính, công khai đầy "
          "đủ, kịp thời các thủ tục hành chính trên Cổng thông tin điện tử của tỉnh và tại Trung "
          "tâm hành chính công; tỷ lệ hồ sơ giải quyết đúng hạn đạt trên chín mươi phần trăm, "
          "không để xảy ra tình trạng nhũng nhiễu, gây phiền hà cho người dân và doanh nghiệp "
          "trong quá trình giải quyết thủ tục hành chính."),
    ("p", "Công tác tuyên truyền cải cách hành chính được đẩy mạnh với nhiều hình thức phong "
          "phú, đa dạng, góp phần nâng cao nhận thức của cán bộ, công chức, viên chức và Nhân "
          "dân về vai trò, ý nghĩa của công tác cải cách hành chính trong giai đoạn hiện nay."),
    ("p", "Việc ứng dụng công nghệ thông tin trong hoạt động của cơ quan hành chính nhà nước tiếp "
          "tục được quan tâm; hệ thống quản lý văn bản và điều hành được triển khai đồng bộ từ "
          "cấp tỉnh đến cấp xã, văn bản điện tử được gửi nhận qua mạng thay thế văn bản giấy."),
    ("p", "Trên đây là tình hình, kết quả thực hiện công tác CCHC của tỉnh Khánh Hòa trong quý I "
          "năm 2018 và phương hướng, nhiệm vụ những tháng tiếp theo."),
    ("p", "UBND tỉnh Khánh Hòa kính báo cáo./."),
]

BODY_CV = [
    ("p", "Thực hiện Quyết định của Bộ Nội vụ công bố Chỉ số cải cách hành chính năm 2020 của "
          "các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương, "
          "để khắc phục tồn tại, hạn chế, Chủ tịch UBND tỉnh yêu cầu:"),
    ("p", "1. Các cơ quan, đơn vị rà soát những tồn tại, hạn chế thuộc lĩnh vực quản lý, đề ra "
          "giải pháp khắc phục cụ thể tại Báo cáo số 1919/BC-SNV ngày 09/8/2021 của Sở Nội vụ."),
    ("p", "2. Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo UBND tỉnh trước "
          "ngày 15 tháng 12 năm 2021./."),
]

NOI_NHAN_BC = ["- Thủ tướng Chính phủ (b/c);", "- Các Bộ: Nội vụ, Tư pháp, TTTT, VPCP (b/c);",
               "- TT. Tỉnh ủy (b/c);", "- Chủ tịch, Phó Chủ tịch UBND tỉnh (b/c);",
               "- Lưu: VT, DL."]
NOI_NHAN_CV = ["- Như trên (VBĐT);", "- TT. Tỉnh ủy, TT. HĐND tỉnh;", "- Lưu: VT, DL."]


class Builder:
    """Minimal ND30 page composer on fitz (margins 25/20/35/20 mm, body 14 pt)."""

    def __init__(self, m):
        self.m = m
        self.doc = fitz.open()
        self.L = m.get("left_mm", 35) * MM
        self.R = W - 20 * MM
        self.T = 25 * MM
        self.B = H - 20 * MM
        self.C = (self.L + self.R) / 2
        self.size = 14
        self.pitch = 1.15 * 14 * m.get("pitch_factor", 1.0)
        self.pspace = m.get("para_space", 6)
        self.indent = m.get("indent_mm", 10) * MM
        self.page = None
        self.pno = 0
        self.app_pno = None

    # -- primitives
    def new_page(self, landscape=False):
        self.B = H - 20 * MM
        w, h = (H, W) if landscape else (W, H)
        w, h = self.m.get("page_size", (w, h)) if self.pno == 0 or not landscape else (w, h)
        self.page = self.doc.new_page(width=w, height=h)
        for k, f in FILES.items():
            self.page.insert_font(fontname="F" + k, fontfile=os.path.join(FONTS, f))
        self.pno += 1
        self.y = self.T
        if self.app_pno is not None:
            self.app_pno += 1
            n = self.app_pno
            if n == 1 and self.m.get("app_pn_first"):
                self.page_number("1")
            elif n >= 2:
                self.page_number(self.m.get("app_pn", {}).get(n, str(n)))
        else:
            if self.pno == 1 and self.m.get("pn_on_p1"):
                self.page_number("1")
            if self.pno >= 2:
                self.page_number(self.m.get("pn_text", {}).get(self.pno, str(self.pno)))

    def page_number(self, s):
        wdt = FONT["R"].text_length(s, 14)
        cx = self.C + self.m.get("pn_dx", 0)
        base = self.m.get("pn_base", 10 * MM + ASC * 14)
        self.text(cx - wdt / 2, base, s, "R", 14)

    def text(self, x, base, s, style="R", size=14, color=(0, 0, 0)):
        if self.m.get("nfd_all"):
            s = unicodedata.normalize("NFD", s)
        if style == "helv":
            self.page.insert_text((x, base), s, fontname="helv", fontsize=size, color=color)
        else:
            self.page.insert_text((x, base), s, fontname="F" + style, fontsize=size, color=color)

    def width(self, s, style="R", size=14):
        if "^" in s:
            w0, mark = s.split("^")
            return FONT[style].text_length(w0, size) + FONT[style].text_length(mark, 0.6 * size)
        return FONT[style].text_length(s, size)

    def centred(self, cx, base, s, style="R", size=14, color=(0, 0, 0)):
        self.text(cx - self.width(s, style, size) / 2, base, s, style, size, color)
        return self.width(s, style, size)

    def hline(self, x0, x1, y, wdt=0.6, filled=False):
        if filled:
            self.page.draw_rect(fitz.Rect(x0, y - 0.3, x1, y + 0.3), color=None, fill=(0, 0, 0),
                                width=0)
        else:
            self.page.draw_line((x0, y), (x1, y), color=(0, 0, 0), width=wdt)

    # -- paragraphs
    def para(self, s, style="R", size=None, first_indent=None, color=(0, 0, 0), justify=None):
        size = size or self.size
        pitch = self.pitch * size / 14.0
        justify = self.m.get("justify", True) if justify is None else justify
        first_indent = self.indent if first_indent is None else first_indent
        words = s.split(" ")
        forced = self.m.get("force_break_after")
        lines, cur, curw = [], [], 0.0
        sw = self.width(" ", style, size)
        x_first = self.L + first_indent
        for wd in words:
            ww = self.width(wd, style, size)
            avail = self.R - (x_first if not lines else self.L)
            need = curw + (sw if cur else 0) + ww
            if cur and need > avail:
                lines.append(cur)
                cur, curw = [], 0.0
                need = ww
            if forced and wd.startswith(forced) and wd != forced:
                cur.append(forced)
                lines.append(cur)
                wd = wd[len(forced):]
                cur, curw = [], 0.0
                need = self.width(wd, style, size)
            cur.append(wd)
            curw = need
        if cur:
            lines.append(cur)
        if self.y + self.pspace + ASC * size > self.B and self.y > self.T + 1:
            self.new_page(landscape=self.m.get("landscape_p2") and self.pno == 1)
        elif self.y > self.T + 1:
            self.y += self.pspace
        for i, ln in enumerate(lines):
            base = self.y + ASC * size
            if base + DESC * size > self.B:
                self.new_page(landscape=self.m.get("landscape_p2") and self.pno == 1)
                base = self.y + ASC * size
            x = x_first if i == 0 else self.L
            x += self.m.get("page_dx", {}).get(self.pno, 0)
            widths = [self.width(wd, style, size) for wd in ln]
            last = i == len(lines) - 1
            gap = sw
            if justify and not last and len(ln) > 1:
                gap = (self.R + self.m.get("page_dx", {}).get(self.pno, 0) - x - sum(widths)) \
                    / (len(ln) - 1)
            for wd, ww in zip(ln, widths):
                st = style
                col = color
                if self.m.get("helv_word") == wd:
                    st = "helv"
                if self.m.get("red_word") == wd:
                    col = (1, 0, 0)
                if "^" in wd:
                    w0, mark = wd.split("^")
                    self.text(x, base, w0, st, size, col)
                    self.text(x + self.width(w0, st, size), base - 0.33 * size, mark, st,
                              0.6 * size, col)
                else:
                    self.text(x, base, wd, st, size, col)
                x += ww + gap
            self.y = base + DESC * size + (pitch - (ASC + DESC) * size)

    # -- document parts
    def header_bc(self):
        m = self.m
        self.new_page()
        L = self.L
        lcx = L + 31 * MM
        rcx = self.R - 50 * MM          # Quốc hiệu 13 pt bold is 95.7 mm wide
        b1 = self.T + ASC * 13
        ag = m.get("agency", ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"])
        y = b1
        for a in ag:
            self.centred(lcx, y, a, m.get("agency_style", "B"), 13)
            y += 1.15 * 13
        last_w = max(self.width(a, "B", 13) for a in ag)
        f = m.get("ag_rule_factor", 0.4)
        self.hline(lcx - f * last_w / 2, lcx + f * last_w / 2, y - 1.15 * 13 + DESC * 13 + 3)
        self.centred(rcx, b1, m.get("qh", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                     m.get("qh_style", "B"), m.get("qh_size", 13))
        tn = m.get("tn", "Độc lập - Tự do - Hạnh phúc")
        b2 = b1 + 1.15 * 14
        tw = self.centred(rcx, b2, tn, "B", 14)
        if not m.get("no_tn_rule"):
            f = m.get("tn_rule_factor", 1.0)
            self.hline(rcx - f * tw / 2, rcx + f * tw / 2, b2 + DESC * 14 + 2,
                       filled=m.get("filled_rules", False))
        b3 = b2 + 1.15 * 14 * 2 + 4
        self.so_base = b3
        self.centred(lcx + m.get("so_dx", 0), b3, m.get("so", "Số: 45/BC-UBND"), "R",
                     m.get("so_size", 13))
        self.centred(rcx + m.get("date_dx", 0), b3 + m.get("date_dy", 0),
                     m.get("date", "Khánh Hòa, ngày 14 tháng 3 năm 2018"),
                     m.get("date_style", "I"), 14)
        self.lcx, self.rcx = lcx, rcx

    def title_bc(self):
        m = self.m
        b = self.so_base + 1.15 * 14 * 2 + 6
        self.centred(self.C + m.get("title_dx", 0), b, "BÁO CÁO", "B", 14)
        lines = ["Tình hình, kết quả cải cách hành chính quý I năm 2018",
                 "của tỉnh Khánh Hòa"]
        ws = []
        for ln in lines:
            b += 1.15 * 14
            ws.append(self.centred(self.C, b, ln, "B", 14))
        if not m.get("no_ty_rule"):
            f = m.get("ty_rule_factor", 0.4)
            self.hline(self.C - f * max(ws) / 2, self.C + f * max(ws) / 2, b + DESC * 14 + 3)
        self.y = b + DESC * 14 + 18
        if m.get("kg_bc"):
            kb = self.y + 6 + ASC * 14
            self.centred(self.C, kb, "Kính gửi: Sở Nội vụ.", "R", 14)
            self.y = kb + DESC * 14 + 12

    def header_cv(self):
        m = self.m
        self.m.setdefault("so", "Số: 1889/UBND-KSTT")
        self.m.setdefault("date", "Khánh Hòa, ngày 16 tháng 8 năm 2021")
        self.header_bc()
        so_w = self.width(self.m["so"], "R", 13)
        so_bottom = self.so_base + DESC * 13
        vv = ["V/v khắc phục tồn tại, hạn chế, nâng", "cao Chỉ số CCHC tỉnh trong năm",
              "2021 và những năm tiếp theo"]
        b = so_bottom + m.get("vv_gap", 6) + ASC * 12
        for ln in vv:
            self.centred(self.lcx, b, ln, m.get("vv_style", "R"), 12)
            b += 1.15 * 12
        del so_w
        # urgency box
        bw = m.get("urg_box_mm", 20) * MM
        top = b - ASC * 12 + 10
        if not m.get("no_urg_box"):
            self.page.draw_rect(fitz.Rect(self.lcx - bw / 2, top, self.lcx + bw / 2, top + 8 * MM),
                                color=(1, 0, 0), width=0.8)
        self.centred(self.lcx, top + 4 * MM + 4.5, "KHẨN", "B", 13, color=(1, 0, 0))
        # Kính gửi
        kb = top + 8 * MM + 18
        kx = self.L + 35 * MM
        self.text(kx, kb, "Kính gửi:", "R", 14)
        ix = kx + self.width("Kính gửi: ", "R", 14)
        for it in ["- Các cơ quan chuyên môn thuộc UBND tỉnh;",
                   "- UBND các huyện, thị xã, thành phố."]:
            self.text(ix, kb, it, "R", 14)
            kb += 1.15 * 14
        self.y = kb + 6

    def footnote(self):
        """Footnote 1 at the foot of the current page, under a short rule."""
        text = ("Quyết định số 4034/QĐ-UBND ngày 29/12/2017 của Ủy ban nhân dân tỉnh ban hành "
                "Kế hoạch cải cách hành chính năm 2018 của tỉnh Khánh Hòa.")
        size = 12
        lines = 2
        top = self.B - lines * 1.15 * size - 14
        self.hline(self.L, self.L + 50 * MM, top, 0.5)
        saveB, savey, savesize = self.B, self.y, self.size
        self.y, self.size = top + 3, size
        self.B = H
        self.para("^1 " + text, "R", size, first_indent=self.indent, justify=True)
        self.B, self.y, self.size = saveB, savey, savesize
        self.B = top - 4          # the body must stay above the footnote area

    def body(self, parts):
        m = self.m
        if m.get("footnote"):
            self.footnote()
        for i, (kind, s) in enumerate(parts):
            if m.get("drop_para") == i:
                continue
            if kind == "h1":
                if m.get("h1_lower"):
                    s = s[:3] + s[3:].capitalize()
                self.para(s, m.get("h1_style", "B"), first_indent=0 if m.get("h1_flush") else None)
            elif kind == "h2":
                self.para(s, "B")
            else:
                if m.get("footnote") and i == 3:
                    s = s.replace("ngày 29/12/2017,", "ngày 29/12/2017,^1")
                size = m.get("para_size", {}).get(i)
                red = (1, 0, 0) if m.get("red_para") == i else (0, 0, 0)
                if m.get("nfd_para") == i:
                    s = unicodedata.normalize("NFD", s)
                if m.get("legacy_para") == i:
                    s = s.replace("báo cáo", "b¸o c¸o")
                self.para(s, "R", size, color=red)
        if m.get("margin_text"):
            self.text(20 * MM, self.y + 14, "LỀ", "R", 14)

    def signature(self, noi_nhan, auth, name):
        m = self.m
        if self.y + 120 > self.B:
            self.new_page()
        base = self.y + 14 + ASC * 14
        scx = self.L + 60 * MM + 47.5 * MM + m.get("sig_dx", 0)
        if not m.get("no_noi_nhan"):
            self.text(self.L + m.get("nn_dx", 0), base + m.get("nn_dy", 0),
                      m.get("nn_label", "Nơi nhận:"), m.get("nn_style", "BI"), 12)
            b = base + m.get("nn_dy", 0) + 14
            items = list(noi_nhan)
            if m.get("nn_last"):
                items[-1] = m["nn_last"]
            size = m.get("nn_size", 11)
            for it in items:
                words, cur = it.split(" "), ""
                lines = []
                for wd in words:
                    t = (cur + " " + wd).strip()
                    if cur and self.width(t, "R", size) > 58 * MM:
                        lines.append(cur)
                        cur = wd
                    else:
                        cur = t
                lines.append(cur)
                for j, ln in enumerate(lines):
                    self.text(self.L + (0 if j == 0 else 2 * MM), b, ln, "R", size)
                    b += 1.15 * size
        b = base
        for a in auth:
            self.centred(scx, b, a, m.get("auth_style", "B"), 14)
            last = b
            b += 1.15 * 14
        nb = last + 28 * MM
        self.centred(scx + m.get("name_dx", 0), nb, name, m.get("name_style", "B"), 14)

    def appendix(self):
        m = self.m
        self.app_pno = 0
        land = bool(m.get("app_landscape"))
        if land:          # landscape table pages: margins top 20, left 30, right 15 mm
            self.L, self.R, self.T = m.get("app_left_mm", 30) * MM, H - 15 * MM, 20 * MM
            self.C = (self.L + self.R) / 2
        self.new_page(landscape=land)
        if land:
            self.B = W - 20 * MM
        b = self.T + ASC * 14
        self.centred(self.C, b, m.get("app_label", "Phụ lục I"), m.get("app_label_style", "B"), 14)
        b += 1.15 * 14
        self.centred(self.C, b, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "B", 14)
        if not m.get("no_kem_theo"):
            for ln in ["(Kèm theo Báo cáo số 45/BC-UBND ngày 14 tháng 3 năm 2018",
                       "của Ủy ban nhân dân tỉnh Khánh Hòa)"]:
                b += 1.15 * 13
                self.centred(self.C, b, ln, "I", 13)
        b += 20
        self.table(b, 12 if land else 20)
        self.new_page(landscape=land)
        self.table(self.T + 4, 10)

    def table(self, top, nrows):
        cols = [self.L, self.L + 15 * MM, self.R - 45 * MM, self.R]
        rh = 20
        for i in range(nrows + 1):
            self.hline(cols[0], cols[-1], top + i * rh, 0.5)
        for x in cols:
            self.page.draw_line((x, top), (x, top + nrows * rh), color=(0, 0, 0), width=0.5)
        for i in range(nrows):
            b = top + i * rh + 14
            self.centred((cols[0] + cols[1]) / 2, b, str(i + 1), "R", 12)
            self.text(cols[1] + 3, b, "Nhiệm vụ cải cách hành chính số %d" % (i + 1), "R", 12)
            self.centred((cols[2] + cols[3]) / 2, b, "Hoàn thành", "R", 12)


AUTH_BC = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def build_bc(path, m=None):
    m = dict(m or {})
    b = Builder(m)
    b.header_bc()
    b.title_bc()
    b.body(BODY_BC)
    b.signature(NOI_NHAN_BC, m.get("auth", AUTH_BC), "Nguyễn Duy Bắc")
    if not m.get("no_appendix"):
        b.appendix()
    data = b.doc.tobytes()
    if m.get("corrupt"):
        i = data.rfind(b"startxref")
        data = data[:i] + b"startxref\n123\n%%EOF\n"
    with open(path, "wb") as fh:
        fh.write(data)
    return b


def build_cv(path, m=None):
    m = dict(m or {})
    b = Builder(m)
    b.header_cv()
    b.body(BODY_CV)
    b.signature(NOI_NHAN_CV, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Nguyễn Tấn Tuấn")
    with open(path, "wb") as fh:
        fh.write(b.doc.tobytes())
    return b


def recall_text(parts):
    return " ".join(s for _, s in parts)


EXPECT_BC = {
    "kind": "bao-cao",
    "number": "45/BC-UBND",
    "date_line": "Khánh Hòa, ngày 14 tháng 3 năm 2018",
    "agency_parent": [],
    "agency": ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"],
    "trich_yeu": "Tình hình, kết quả cải cách hành chính quý I năm 2018 của tỉnh Khánh Hòa",
    "urgency": None,
    "authority_lines": AUTH_BC,
    "signer": "Nguyễn Duy Bắc",
    "noi_nhan": NOI_NHAN_BC,
    "appendices": 1,
    "body_size": 14,
    "indent_mm": 10,
    "margins_mm": {"top": 25, "bottom": 20, "left": 35, "right": 20},
    "roman_headings": 2,
    "recall_text": recall_text(BODY_BC) + " " + " ".join(NOI_NHAN_BC),
    "unsplit_tokens": ["4034/QĐ-UBND", "29/12/2017"],
}

EXPECT_CV = {
    "kind": "cong-van",
    "number": "1889/UBND-KSTT",
    "date_line": "Khánh Hòa, ngày 16 tháng 8 năm 2021",
    "agency": ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"],
    "trich_yeu": "V/v khắc phục tồn tại, hạn chế, nâng cao Chỉ số CCHC tỉnh trong năm 2021 và "
                 "những năm tiếp theo",
    "urgency": "KHẨN",
    "kinh_gui": ["- Các cơ quan chuyên môn thuộc UBND tỉnh;",
                 "- UBND các huyện, thị xã, thành phố."],
    "authority_lines": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    "signer": "Nguyễn Tấn Tuấn",
    "noi_nhan": NOI_NHAN_CV,
    "appendices": 0,
    "recall_text": recall_text(BODY_CV),
    "unsplit_tokens": ["1919/BC-SNV", "09/8/2021"],
}

# (name, builder, mutation, expect overrides, rule that must be reported)
MUTATIONS = [
    ("page size Letter", build_bc, {"page_size": (612, 792)}, {}, "1"),
    ("landscape main page without table", build_bc, {"landscape_p2": True}, {}, "1"),
    ("page number on page 1", build_bc, {"pn_on_p1": True}, {}, "6"),
    ("wrong page number on page 2", build_bc, {"pn_text": {2: "3"}}, {}, "6"),
    ("page number off centre", build_bc, {"pn_dx": 4 * MM}, {}, "6"),
    ("page number below the top margin", build_bc, {"pn_base": 25 * MM + 14}, {}, "6"),
    ("appendix numbering continues", build_bc, {"app_pn": {2: "4"}}, {}, "7"),
    ("appendix first page numbered", build_bc, {"app_pn_first": True}, {}, "7"),
    ("Quốc hiệu not bold", build_bc, {"qh_style": "R"}, {}, "8"),
    ("Quốc hiệu 14 pt", build_bc, {"qh_size": 14}, {}, "8"),
    ("Tiêu ngữ rule too short", build_bc, {"tn_rule_factor": 0.6}, {}, "8"),
    ("Tiêu ngữ rule missing", build_bc, {"no_tn_rule": True}, {}, "8"),
    ("agency rule too long", build_bc, {"ag_rule_factor": 0.8}, {}, "9"),
    ("agency not bold", build_bc, {"agency_style": "R"}, {}, "9"),
    ("Số line 14 pt", build_bc, {"so_size": 14}, {}, "10"),
    ("Số number not zero-padded", build_bc, {"so": "Số: 5/BC-UBND"}, {"number": None}, "10"),
    ("Số line off the date baseline", build_bc, {"date_dy": 4}, {}, "10"),
    ("Số line not centred under agency", build_bc, {"so_dx": 4 * MM}, {}, "10"),
    ("date month 1 not padded", build_bc, {"date": "Khánh Hòa, ngày 14 tháng 1 năm 2018"},
     {"date_line": None}, "11"),
    ("date upright", build_bc, {"date_style": "R"}, {}, "11"),
    ("BÁO CÁO off centre", build_bc, {"title_dx": 5 * MM}, {}, "12"),
    ("trích yếu rule missing", build_bc, {"no_ty_rule": True}, {}, "12"),
    ("trích yếu rule too long", build_bc, {"ty_rule_factor": 0.9}, {}, "12"),
    ("unjustified body", build_bc, {"justify": False}, {}, "13"),
    ("indent 15 mm", build_bc, {"indent_mm": 15}, {"indent_mm": None}, "13"),
    ("paragraph gap 2 pt", build_bc, {"para_space": 2}, {}, "13"),
    ("line pitch 2.0 × single", build_bc, {"pitch_factor": 2.0}, {}, "13"),
    ("line pitch below single", build_bc, {"pitch_factor": 0.95}, {}, "13"),
    ("left margin 40 mm", build_bc, {"left_mm": 40}, {"margins_mm": None}, "2"),
    ("text in the left margin", build_bc, {"margin_text": True}, {}, "2"),
    ("page 2 body shifted 3 mm", build_bc, {"page_dx": {2: 3 * MM}}, {}, "2"),
    ("body paragraph at 13 pt", build_bc, {"para_size": {4: 13}}, {}, "5"),
    ("text in red", build_bc, {"red_para": 4}, {}, "4"),
    ("non-embedded Helvetica word", build_bc, {"helv_word": "quyết"}, {}, "3"),
    ("NFD text", build_bc, {"nfd_para": 0}, {}, "3"),
    ("legacy TCVN3 code point", build_bc, {"legacy_para": 0}, {}, "3"),
    ("I. heading not bold", build_bc, {"h1_style": "R"}, {}, "14"),
    ("I. heading not caps", build_bc, {"h1_lower": True}, {}, "14"),
    ("missing Nơi nhận", build_bc, {"no_noi_nhan": True}, {}, "15"),
    ("Nơi nhận regular", build_bc, {"nn_style": "R"}, {}, "15"),
    ("Nơi nhận off the authority baseline", build_bc, {"nn_dy": 6}, {}, "15"),
    ("Nơi nhận list 12 pt", build_bc, {"nn_size": 12}, {}, "15"),
    ("Nơi nhận last item without VT", build_bc, {"nn_last": "- Lưu: DL."}, {"noi_nhan": None},
     "15"),
    ("authority prefix wrong", build_bc, {"auth": ["TM. ỦY BAN NHÂN DÂN", "P. CHỦ TỊCH",
                                                   "PHÓ CHỦ TỊCH"]}, {"authority_lines": None},
     "16"),
    ("authority lines not bold", build_bc, {"auth_style": "R"}, {}, "16"),
    ("signer off centre", build_bc, {"name_dx": 6 * MM}, {}, "16"),
    ("signer not bold", build_bc, {"name_style": "R"}, {}, "16"),
    ("appendix label not bold", build_bc, {"app_label_style": "R"}, {}, "19"),
    ("appendix without Kèm theo line", build_bc, {"no_kem_theo": True}, {}, "19"),
    ("appendix label not cited", build_bc, {"app_label": "Phụ lục II"}, {}, "19"),
    ("appendix missing", build_bc, {"no_appendix": True}, {}, "19"),
    ("landscape appendix at 25 mm left", build_bc, {"app_landscape": True, "app_left_mm": 25},
     {}, "2"),
    ("token split across lines", build_bc, {"force_break_after": "4034/QĐ-"}, {}, "nosplit"),
    ("paragraph missing (recall)", build_bc, {"drop_para": 6}, {}, "recall"),
    ("qpdf damage", build_bc, {"corrupt": True}, {}, "qpdf"),
    ("Kính gửi recipient differs", build_bc, {"kg_bc": True}, {"kinh_gui": ["Bộ Nội vụ."]}, "KG"),
    ("date line off the Quốc hiệu centre", build_bc, {"date_dx": 5 * MM}, {}, "11"),
    ("Tiêu ngữ with en dashes", build_bc, {"tn": "Độc lập – Tự do – Hạnh phúc"}, {}, "8"),
    ("chủ quản line bold", build_bc, {"agency": ["UBND TỈNH KHÁNH HÒA", "SỞ NỘI VỤ"]},
     {"agency_parent": ["UBND TỈNH KHÁNH HÒA"], "agency": ["SỞ NỘI VỤ"]}, "9"),
    ("filled rules accepted, Tiêu ngữ rule short", build_bc,
     {"filled_rules": True, "tn_rule_factor": 0.7}, {}, "8"),
    # công văn
    ("V/v bold", build_cv, {"vv_style": "B"}, {}, "12"),
    ("V/v 15 pt below Số", build_cv, {"vv_gap": 15}, {}, "12"),
    ("KHẨN box 30 mm wide", build_cv, {"urg_box_mm": 30}, {}, "17"),
    ("KHẨN without box", build_cv, {"no_urg_box": True}, {}, "17"),
    ("urgency expected but other", build_cv, {}, {"urgency": "HỎA TỐC"}, "17"),
    ("Số in công văn with type code", build_cv, {"so": "Số: 1889/BC-UBND KSTT"},
     {"number": None}, "10"),
]


def main():
    passed = failed = 0
    tmp = tempfile.mkdtemp(prefix="pdfcheck-selftest-")

    def ok(name):
        nonlocal passed
        passed += 1
        print("ok   %s" % name)

    def bad(name, why):
        nonlocal failed
        failed += 1
        print("FAIL %s: %s" % (name, why))

    # 1. the correct documents pass, with no warning
    for name, builder, exp, mut in (
            ("correct báo cáo", build_bc, EXPECT_BC, {}),
            ("correct công văn", build_cv, EXPECT_CV, {}),
            ("correct báo cáo, rules as filled rectangles", build_bc, EXPECT_BC,
             {"filled_rules": True}),
            ("correct báo cáo, I. headings at the left edge", build_bc, EXPECT_BC,
             {"h1_flush": True}),
            ("correct báo cáo with landscape appendix pages", build_bc, EXPECT_BC,
             {"app_landscape": True}),
            ("correct báo cáo with a footnote and Kính gửi", build_bc,
             dict(EXPECT_BC, kinh_gui=["Sở Nội vụ."]), {"footnote": True, "kg_bc": True})):
        path = os.path.join(tmp, "good.pdf")
        try:
            builder(path, mut)
            rep = pdfcheck.run(path, exp)
            if rep.failures or rep.warnings:
                bad(name, "; ".join(str(f) for f in rep.failures + rep.warnings))
            else:
                ok(name + " (%s)" % ", ".join("%s=%s" % (k, rep.info.get(k)) for k in
                                              ("pages", "main_pages", "body_size", "indent_mm",
                                               "left_edge_mm", "right_edge_mm", "line_pitch",
                                               "recall")))
        except Exception:
            bad(name, traceback.format_exc())

    # 2. each mutation is caught by its rule
    for name, builder, mut, over, rule in MUTATIONS:
        path = os.path.join(tmp, "mut.pdf")
        exp = copy.deepcopy(EXPECT_BC if builder is build_bc else EXPECT_CV)
        for k, v in over.items():
            if v is None:
                exp.pop(k, None)
            else:
                exp[k] = v
        try:
            builder(path, mut)
            fails = pdfcheck.check(path, exp)
            hit = [f for f in fails if f.rule == rule]
            if hit:
                ok("%s -> %s" % (name, hit[0]))
            else:
                bad(name, "rule %s not reported; got: %s" % (rule, "; ".join(map(str, fails))
                                                              or "no failures"))
        except Exception:
            bad(name, traceback.format_exc())

    # 3. a blank page and a text-only page cannot pass
    for name, content in (("blank page", None), ("bare text page", "Báo cáo ngắn.")):
        path = os.path.join(tmp, "vac.pdf")
        d = fitz.open()
        p = d.new_page(width=W, height=H)
        if content:
            p.insert_font(fontname="FR", fontfile=os.path.join(FONTS, FILES["R"]))
            p.insert_text((35 * MM, 100), content, fontname="FR", fontsize=14)
        d.save(path)
        try:
            fails = pdfcheck.check(path, {"kind": "bao-cao"})
            rules = set(f.rule for f in fails)
            need = {"8", "10", "11", "12", "15"} if content else {"input", "8", "3"}
            if need <= rules:
                ok("%s fails (%d failures, rules %s)" % (name, len(fails), sorted(rules)))
            else:
                bad(name, "rules %s not all reported; got %s" % (sorted(need - rules), sorted(rules)))
        except Exception:
            bad(name, traceback.format_exc())

    # 4. CLI exit codes
    import subprocess
    good = os.path.join(tmp, "cli.pdf")
    build_bc(good)
    ej = os.path.join(tmp, "exp.json")
    import json
    with open(ej, "w", encoding="utf-8") as fh:
        json.dump(EXPECT_BC, fh, ensure_ascii=False)
    r = subprocess.run([sys.executable, os.path.join(HERE, "pdfcheck.py"), good, "--expect", ej],
                       capture_output=True, text=True)
    (ok if r.returncode == 0 else lambda n: bad(n, r.stdout[-500:] + r.stderr[-500:]))(
        "CLI exit 0 on a correct PDF")
    build_bc(good, {"qh_style": "R"})
    r = subprocess.run([sys.executable, os.path.join(HERE, "pdfcheck.py"), good, "--expect", ej],
                       capture_output=True, text=True)
    (ok if r.returncode == 1 and "FAIL rule 8" in r.stdout else
     lambda n: bad(n, r.stdout[-500:] + r.stderr[-500:]))("CLI exit 1 and FAIL line on a bad PDF")

    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
