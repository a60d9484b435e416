/* Unit test of the ND30 blocks (nd30.h): the header block's two columns
 * (agency | Quốc hiệu and Tiêu ngữ with their rules), Số and place-date on
 * one baseline, tên loại and trích yếu with the rule under it, Kính gửi
 * centred as a block, a công văn's V/v and urgency box, and the closing
 * block (Nơi nhận beside the authority on one baseline, signing space,
 * signer). Every expected position is computed from the layout
 * configuration (layouts/nd30-chuan.yaml), and the same checks run again
 * on a configuration with every header and closing number changed, so the
 * blocks are shown to follow the file, not numbers of their own. */
#include "layoutfix.h"
#include "nd30.h"
#include "report.h"

static fx F;
static const bc_layout_cfg *C; /* the configuration under test */

static const char *const BAO_CAO =
    "loai: bao-cao\n"
    "co-quan-chu-quan: UBND TỈNH KHÁNH HÒA\n"
    "co-quan: [Sở Nội vụ]\n"
    "so: 7\n"
    "ky-hieu: BC-SNV\n"
    "dia-danh: Khánh Hòa\n"
    "ngay: 2024-02-05\n"
    "trich-yeu: Kết quả cải cách hành chính quý I năm 2024\n"
    "kinh-gui: [Ủy ban nhân dân tỉnh Khánh Hòa.]\n"
    "noi-dung: noi-dung.md\n"
    "noi-nhan: [\"Như trên;\", \"Lưu: VT, CCHC.\"]\n"
    "ky: {tham-quyen: [KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC], ho-ten: Trần Văn Bình}\n";

static const char *const CONG_VAN =
    "loai: cong-van\n"
    "co-quan: [ỦY BAN NHÂN DÂN, TỈNH KHÁNH HÒA]\n"
    "so: 1889\n"
    "ky-hieu: UBND-KSTT\n"
    "dia-danh: Khánh Hòa\n"
    "ngay: 2021-03-02\n"
    "trich-yeu: Triển khai thực hiện cải cách thủ tục hành chính\n"
    "do-khan: THƯỢNG KHẨN\n"
    "kinh-gui: [\"Các sở, ban, ngành thuộc tỉnh;\", \"Ủy ban nhân dân các huyện, thị xã, thành phố.\"]\n"
    "noi-dung: noi-dung.md\n"
    "noi-nhan: [\"Như trên;\", \"Lưu: VT.\"]\n"
    "ky: {tham-quyen: [TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH], ho-ten: Nguyễn Tấn Tuân}\n";

static double pitch(bc_style_id s)
{
    double sp = C->styles[s].spacing > 0 ? C->styles[s].spacing : 1.0;
    return C->styles[s].size * C->single * sp;
}

static bc_frame frame(void)
{
    return (bc_frame){F.fonts, C, C->page.left * BC_MM,
                      (C->page.width - C->page.left - C->page.right) * BC_MM};
}

static bc_report *parse(const char *yaml)
{
    bc_report *r = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_report_parse(yaml, strlen(yaml), "mem/report.yaml", &r, &err) == BC_OK);
    if (err.message)
        fprintf(stderr, "report: %s\n", err.message);
    bc_error_clear(&err);
    return r;
}

static double centre(const bc_ditem *it) { return it->x + fx_width(it) / 2; }

/* The horizontal rule nearest below y (within 20 pt) whose middle is
 * within 5 pt of cx. */
static const bc_ditem *rule_below(const bc_page *p, double y, double cx)
{
    const bc_ditem *best = NULL;
    for (size_t i = 0; i < p->count; i++) {
        const bc_ditem *it = &p->items[i];
        if (it->kind == BC_DI_RULE && it->y == it->y2 && it->y > y && it->y < y + 20 &&
            fabs((it->x + it->x2) / 2 - cx) < 5 &&
            (!best || it->y < best->y))
            best = it;
    }
    return best;
}

static void check_style(const bc_ditem *it, bc_style_id s)
{
    CHECK(it->size == C->styles[s].size);
    CHECK(it->bold == C->styles[s].bold);
    CHECK(it->italic == C->styles[s].italic);
}

static void test_header_bao_cao(void)
{
    bc_report *r = parse(BAO_CAO);
    if (!r)
        return;
    bc_frame fr = frame();
    bc_vbox *box = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_nd30_header(&fr, r, &box, &err) == BC_OK);
    if (!box) {
        bc_report_free(r);
        return;
    }
    const bc_page *p = box->content;
    double xl = fr.left + C->header_left_offset * BC_MM, wl = C->header_left_width * BC_MM;
    double wr = C->header_right_width * BC_MM;
    double xr = fr.left + fr.width - wr + C->header_right_offset * BC_MM;

    /* Left column: parent agency (upper-cased, not bold) over the agency
     * (upper-cased, bold), both centred in the agency column. */
    const bc_ditem *parent = fx_find(p, "UBND TỈNH KHÁNH HÒA");
    const bc_ditem *agency = fx_find(p, "SỞ NỘI VỤ");
    CHECK(parent && agency);
    if (!parent || !agency)
        goto out;
    check_style(parent, BC_ST_AGENCY_PARENT);
    check_style(agency, BC_ST_AGENCY);
    CHECK_NEAR(centre(parent), xl + wl / 2, 0.05);
    CHECK_NEAR(centre(agency), xl + wl / 2, 0.05);
    /* One line each, the agency's line box right under the parent's. */
    CHECK(parent->y > 0 && parent->y < pitch(BC_ST_AGENCY_PARENT));
    CHECK(agency->y > pitch(BC_ST_AGENCY_PARENT) &&
          agency->y < pitch(BC_ST_AGENCY_PARENT) + pitch(BC_ST_AGENCY));
    /* The agency rule: agency-rule of the widest agency line, centred,
     * rule-drop below the agency's line box. */
    double agency_bottom = pitch(BC_ST_AGENCY_PARENT) + pitch(BC_ST_AGENCY);
    const bc_ditem *arule = rule_below(p, agency->y, xl + wl / 2);
    CHECK(arule != NULL);
    if (arule) {
        CHECK_NEAR(arule->x2 - arule->x, fx_width(agency) * C->agency_rule, 0.05);
        CHECK_NEAR((arule->x + arule->x2) / 2, xl + wl / 2, 0.05);
        CHECK_NEAR(arule->y, agency_bottom + C->rule_drop, 0.01);
        CHECK_NEAR(arule->line_width, C->rule_width, 1e-9);
    }

    /* Right column: Quốc hiệu and Tiêu ngữ centred, the rule under the
     * Tiêu ngữ as long as it. */
    const bc_ditem *qh = fx_find(p, BC_REPORT_QUOC_HIEU), *tn = fx_find(p, BC_REPORT_TIEU_NGU);
    CHECK(qh && tn);
    CHECK_STR(BC_REPORT_QUOC_HIEU, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    CHECK_STR(BC_REPORT_TIEU_NGU, "Độc lập - Tự do - Hạnh phúc");
    if (!qh || !tn)
        goto out;
    check_style(qh, BC_ST_QUOC_HIEU);
    check_style(tn, BC_ST_TIEU_NGU);
    CHECK_NEAR(centre(qh), xr + wr / 2, 0.05);
    CHECK_NEAR(centre(tn), xr + wr / 2, 0.05);
    double tn_bottom = pitch(BC_ST_QUOC_HIEU) + pitch(BC_ST_TIEU_NGU);
    const bc_ditem *trule = rule_below(p, tn->y, xr + wr / 2);
    CHECK(trule != NULL);
    if (trule) {
        CHECK_NEAR(trule->x, tn->x, 0.05);
        CHECK_NEAR(trule->x2, tn->x + fx_width(tn), 0.05);
        CHECK_NEAR(trule->y, tn_bottom + C->rule_drop, 0.01);
    }
    /* The agency column lies left of the Quốc hiệu column. */
    CHECK(agency->x + fx_width(agency) < qh->x);

    /* Row 2: Số (left) and place-date (right, italic) on one baseline,
     * date-gap below the taller column (plus its rule-after). */
    const bc_ditem *so = fx_find(p, "Số: 07/BC-SNV");
    const bc_ditem *date = fx_find(p, "Khánh Hòa, ngày 05 tháng 02 năm 2024");
    CHECK(so && date);
    if (!so || !date)
        goto out;
    check_style(so, BC_ST_NUMBER);
    check_style(date, BC_ST_DATE);
    CHECK_NEAR(so->y, date->y, 0.01);
    CHECK_NEAR(centre(so), xl + wl / 2, 0.05);
    CHECK_NEAR(centre(date), xr + wr / 2, 0.05);
    double row = fmax(agency_bottom, tn_bottom) + C->rule_after + C->date_gap;
    double taller = fmax(pitch(BC_ST_NUMBER), pitch(BC_ST_DATE));
    CHECK(so->y > row && so->y < row + taller);

    /* Tên loại and trích yếu centred on the text area, title-gap below
     * row 2; the rule under the trích yếu: agency-rule of its width. */
    const bc_ditem *type = fx_find(p, "BÁO CÁO"), *sum = fx_find(p, "Kết quả cải cách");
    CHECK(type && sum);
    if (!type || !sum)
        goto out;
    check_style(type, BC_ST_DOC_TYPE);
    check_style(sum, BC_ST_SUMMARY);
    double mid = fr.left + fr.width / 2;
    CHECK_NEAR(centre(type), mid, 0.05);
    CHECK_NEAR(centre(sum), mid, 0.05);
    double type_top = row + taller + C->title_gap;
    CHECK(type->y > type_top && type->y < type_top + pitch(BC_ST_DOC_TYPE));
    double sum_bottom = type_top + pitch(BC_ST_DOC_TYPE) + pitch(BC_ST_SUMMARY);
    const bc_ditem *srule = rule_below(p, sum->y, mid);
    CHECK(srule != NULL);
    if (srule) {
        CHECK_NEAR(srule->x2 - srule->x, fx_width(sum) * C->agency_rule, 0.05);
        CHECK_NEAR((srule->x + srule->x2) / 2, mid, 0.05);
        CHECK_NEAR(srule->y, sum_bottom + C->rule_drop, 0.01);
    }

    /* Kính gửi: label and recipient on one line, kinh-gui-label-gap apart,
     * centred as a block, kinh-gui-gap below the trích yếu. */
    const bc_ditem *kg = fx_find(p, "Kính gửi:"), *to = fx_find(p, "Ủy ban nhân dân tỉnh");
    CHECK(kg && to);
    if (!kg || !to)
        goto out;
    check_style(kg, BC_ST_KINH_GUI);
    CHECK_NEAR(kg->y, to->y, 0.01);
    CHECK_NEAR(to->x - (kg->x + fx_width(kg)), C->kinh_gui_label_gap * C->styles[BC_ST_KINH_GUI].size,
               0.05);
    CHECK_NEAR((kg->x + to->x + fx_width(to)) / 2, mid, 0.05);
    double kg_top = sum_bottom + C->kinh_gui_gap;
    CHECK(kg->y > kg_top && kg->y < kg_top + pitch(BC_ST_KINH_GUI));
    /* The box ends recipients-after + after below the Kính gửi line. */
    CHECK_NEAR(box->height, kg_top + pitch(BC_ST_KINH_GUI) + C->recipients_after + C->header_after,
               0.01);
out:
    bc_vbox_free(box);
    bc_report_free(r);
    bc_error_clear(&err);
}

static void test_header_cong_van(void)
{
    bc_report *r = parse(CONG_VAN);
    if (!r)
        return;
    bc_frame fr = frame();
    bc_vbox *box = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_nd30_header(&fr, r, &box, &err) == BC_OK);
    if (!box) {
        bc_report_free(r);
        return;
    }
    const bc_page *p = box->content;
    double xl = fr.left + C->header_left_offset * BC_MM, wl = C->header_left_width * BC_MM;
    const bc_ditem *so = fx_find(p, "Số: 1889/UBND-KSTT"), *vv = fx_find(p, "V/v Triển khai");
    CHECK(so && vv);
    /* No tên loại for a công văn; the V/v under the number, in its column. */
    CHECK(fx_find(p, "CÔNG VĂN") == NULL);
    if (so && vv) {
        check_style(vv, BC_ST_VV);
        CHECK(vv->x >= xl - 0.01 && vv->x + fx_width(vv) <= xl + wl + 0.01);
        double so_bottom = so->y; /* baseline; the line box ends below it */
        CHECK(vv->y - so_bottom > C->vv_gap + pitch(BC_ST_VV) * 0.5);
    }
    /* The urgency box: THƯỢNG KHẨN's width, urgency.height, red, centred
     * in the agency column, the mark inside it. */
    const bc_ditem *box_it = NULL;
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].kind == BC_DI_BOX)
            box_it = &p->items[i];
    const bc_ditem *mark = fx_find(p, "THƯỢNG KHẨN");
    CHECK(box_it && mark);
    if (box_it && mark) {
        CHECK_NEAR(box_it->x2 - box_it->x, C->urgency_thuong_khan * BC_MM, 0.01);
        CHECK_NEAR(box_it->y2 - box_it->y, C->urgency_height * BC_MM, 0.01);
        CHECK_NEAR(box_it->line_width, C->urgency_line_width, 1e-9);
        CHECK_NEAR((box_it->x + box_it->x2) / 2, xl + wl / 2, 0.05);
        CHECK(box_it->rgb == mark->rgb && mark->rgb != 0);
        CHECK(mark->y > box_it->y && mark->y < box_it->y2);
        CHECK_NEAR(centre(mark), xl + wl / 2, 0.05);
        CHECK(vv && box_it->y > vv->y);
    }
    /* Two recipients: one under the other after one "Kính gửi:". */
    const bc_ditem *kg = fx_find(p, "Kính gửi:"), *a = fx_find(p, "Các sở, ban"),
                   *b = fx_find(p, "Ủy ban nhân dân các huyện");
    CHECK(kg && a && b);
    if (kg && a && b) {
        CHECK_NEAR(kg->y, a->y, 0.01);
        CHECK_NEAR(a->x, b->x, 0.01);
        CHECK(b->y > a->y);
        CHECK_NEAR(a->x - (kg->x + fx_width(kg)), C->kinh_gui_label_gap * C->styles[BC_ST_KINH_GUI].size,
                   0.05);
    }
    bc_vbox_free(box);
    bc_report_free(r);
    bc_error_clear(&err);
}

static void test_closing(void)
{
    bc_report *r = parse(BAO_CAO);
    if (!r)
        return;
    bc_frame fr = frame();
    bc_vbox *box = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_nd30_closing(&fr, r, &box, &err) == BC_OK);
    if (!box) {
        bc_report_free(r);
        return;
    }
    const bc_page *p = box->content;
    double wl = C->closing_left_width * BC_MM;
    double sig_mid = fr.left + wl + (fr.width - wl) / 2;
    const bc_ditem *lab = fx_find(p, "Nơi nhận:"), *cc1 = fx_find(p, "- Như trên;"),
                   *cc2 = fx_find(p, "- Lưu: VT, CCHC."), *kt = fx_find(p, "KT. GIÁM ĐỐC"),
                   *pos = fx_find(p, "PHÓ GIÁM ĐỐC"), *name = fx_find(p, "Trần Văn Bình");
    CHECK(lab && cc1 && cc2 && kt && pos && name);
    if (!(lab && cc1 && cc2 && kt && pos && name))
        goto out;
    check_style(lab, BC_ST_CC_LABEL);
    check_style(cc1, BC_ST_CC);
    check_style(kt, BC_ST_AUTHORITY);
    check_style(name, BC_ST_SIGNER);
    /* Nơi nhận at the text's left edge, its lines under it, inside the
     * Nơi nhận column less cc-inset. */
    CHECK_NEAR(lab->x, fr.left, 0.01);
    CHECK_NEAR(cc1->x, fr.left, 0.01);
    CHECK_NEAR(cc2->y - cc1->y, pitch(BC_ST_CC), 0.01);
    CHECK(cc1->x + fx_width(cc1) <= fr.left + wl - C->cc_inset * BC_MM);
    /* The label and the first authority line share a baseline,
     * closing.gap below the box top. */
    CHECK_NEAR(lab->y, kt->y, 0.01);
    CHECK(lab->y > C->closing_gap && lab->y < C->closing_gap + fmax(pitch(BC_ST_CC_LABEL), pitch(BC_ST_AUTHORITY)));
    /* Authority lines and signer centred in the signature column. */
    CHECK_NEAR(centre(kt), sig_mid, 0.05);
    CHECK_NEAR(centre(pos), sig_mid, 0.05);
    CHECK_NEAR(centre(name), sig_mid, 0.05);
    CHECK_NEAR(pos->y - kt->y, pitch(BC_ST_AUTHORITY), 0.01);
    /* signature-space between the last authority line's box and the
     * signer's: baselines differ by one authority pitch + the space (the
     * two styles share size and pitch in ND30; computed in general). */
    CHECK(name->y - pos->y > C->signature_space * BC_MM);
    CHECK(name->y - pos->y < C->signature_space * BC_MM + pitch(BC_ST_AUTHORITY) + pitch(BC_ST_SIGNER));
    if (C->styles[BC_ST_AUTHORITY].size == C->styles[BC_ST_SIGNER].size)
        CHECK_NEAR(name->y - pos->y, pitch(BC_ST_AUTHORITY) + C->signature_space * BC_MM, 0.01);
    /* Kept with the body's last lines; the box ends closing.after below
     * the signer's line box. */
    CHECK(box->keep_with_prev);
    CHECK(box->height > name->y + C->closing_after);
    CHECK(box->height < name->y + pitch(BC_ST_SIGNER) + C->closing_after + 0.01);
out:
    bc_vbox_free(box);
    bc_report_free(r);
    bc_error_clear(&err);
}

static void run_all(void)
{
    test_header_bao_cao();
    test_header_cong_van();
    test_closing();
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan")) {
        check_report();
        return 1;
    }
    C = F.cfg;
    run_all();
    /* Same checks, every header and closing number changed: the blocks
     * must follow the configuration. */
    bc_layout_cfg alt = *F.cfg;
    alt.header_left_width += 8;
    alt.header_right_width -= 6;
    alt.header_left_offset = 2;
    alt.header_right_offset = -4;
    alt.agency_rule = 0.3;
    alt.rule_width = 1.1;
    alt.date_gap += 7;
    alt.title_gap += 9;
    alt.rule_drop += 1.5;
    alt.rule_after += 3;
    alt.vv_gap += 5;
    alt.urgency_gap += 4;
    alt.kinh_gui_gap += 11;
    alt.kinh_gui_label_gap += 0.4;
    alt.recipients_after += 3;
    alt.header_after += 2;
    alt.urgency_height += 2;
    alt.urgency_thuong_khan += 5;
    alt.urgency_line_width = 1.7;
    alt.closing_left_width -= 7;
    alt.signature_space += 9;
    alt.closing_gap += 6;
    alt.closing_after += 3;
    alt.cc_inset += 1;
    C = &alt;
    int before = check_failed;
    run_all();
    if (check_failed > before)
        fprintf(stderr, "(failures above are with the changed configuration)\n");
    fx_close(&F);
    return check_report();
}
