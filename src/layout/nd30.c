/* nd30.c - ND30 header and closing blocks. */
#include "nd30.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static bool add_rule(bc_page *dst, double cx, double len, double y, double width)
{
    bc_ditem *it = bc_page_add(dst, BC_DI_RULE);
    if (!it)
        return false;
    it->x = cx - len / 2;
    it->x2 = cx + len / 2;
    it->y = it->y2 = y;
    it->line_width = width;
    return true;
}

/* *w: width of text in a style (one line). A shaping failure is
 * reported as it is. */
static bc_status text_width(const bc_frame *fr, const char *text, bc_style_id sid, double *w,
                            bc_error *err)
{
    bc_style s = fr->cfg->styles[sid];
    s.indent = 0;
    s.align = BC_ALIGN_LEFT;
    bc_para_opts o = {
        .style = &s, .single = fr->cfg->single, .text = &fr->cfg->text, .width = 10000};
    bc_para *p = NULL;
    bc_status st = bc_para_shape_plain(fr->fonts, text, &o, &p, err);
    if (st)
        return st;
    *w = p->max_width;
    bc_para_free(p);
    return BC_OK;
}

/* "Kính gửi:" with one or several recipients, centred as a block. */
static bc_status kinh_gui(const bc_frame *fr, const bc_report *r, bc_vbox *box, double *y,
                          bc_error *err)
{
    bc_page *dst = box->content;
    size_t n = 0;
    while (r->recipients[n])
        n++;
    if (!n)
        return BC_OK;
    const char *label = BC_REPORT_KINH_GUI;
    double lw = 0;
    bc_status wst = text_width(fr, label, BC_ST_KINH_GUI, &lw, err);
    if (wst)
        return wst;
    double gap = fr->cfg->kinh_gui_label_gap * fr->cfg->styles[BC_ST_KINH_GUI].size;
    double maxw = 0;
    for (size_t i = 0; i < n; i++) {
        double w = 0;
        if ((wst = text_width(fr, r->recipients[i], BC_ST_KINH_GUI, &w, err)))
            return wst;
        if (w > maxw)
            maxw = w;
    }
    double avail = fr->width - lw - gap;
    if (maxw > avail)
        maxw = avail;
    double block = lw + gap + maxw;
    double x0 = fr->left + (fr->width - block) / 2;
    if (n == 1 && block < fr->width) {
        /* One line, centred: "Kính gửi: Sở Nội vụ." */
        double ytmp = *y;
        bc_status st = bc_place_text(fr, dst, label, BC_ST_KINH_GUI, BC_ALIGN_LEFT, x0, lw + 1,
                                     &ytmp, NULL, NULL, err);
        if (st)
            return st;
        return bc_place_text(fr, dst, r->recipients[0], BC_ST_KINH_GUI, BC_ALIGN_LEFT,
                             x0 + lw + gap, maxw + 1, y, NULL, NULL, err);
    }
    double ytmp = *y;
    bc_status st = bc_place_text(fr, dst, label, BC_ST_KINH_GUI, BC_ALIGN_LEFT, x0, lw + 1, &ytmp,
                                 NULL, NULL, err);
    for (size_t i = 0; !st && i < n; i++) {
        double y0 = *y;
        st = bc_place_text(fr, dst, r->recipients[i], BC_ST_KINH_GUI, BC_ALIGN_LEFT, x0 + lw + gap,
                           maxw + 1, y, NULL, NULL, err);
        /* One recipient's wrapped lines stay on one page (a list taller
         * than a page is cut between recipients). */
        if (!st && !bc_vbox_keep(box, y0 + 1, *y - 1))
            st = bc_nomem(err);
    }
    return st;
}

static bc_status urgency_box(const bc_frame *fr, const char *mark, bc_page *dst, double cx,
                             double *y, bc_error *err)
{
    const bc_layout_cfg *c = fr->cfg;
    double w = c->urgency_khan;
    if (!strcmp(mark, "THƯỢNG KHẨN"))
        w = c->urgency_thuong_khan;
    else if (strcmp(mark, "KHẨN") != 0)
        w = c->urgency_hoa_toc;
    w *= BC_MM;
    double h = c->urgency_height * BC_MM;
    bc_ditem *box = bc_page_add(dst, BC_DI_BOX);
    if (!box)
        return bc_nomem(err);
    box->x = cx - w / 2;
    box->y = *y;
    box->x2 = box->x + w;
    box->y2 = *y + h;
    box->line_width = c->urgency_line_width;
    box->rgb = c->urgency_rgb;
    double a, d;
    bc_fonts_metrics(fr->fonts, &a, &d);
    double size = fr->cfg->styles[BC_ST_URGENCY].size;
    double pitch = size * fr->cfg->single;
    double ty = *y + (h - pitch) / 2;
    size_t first = dst->count;
    bc_status st = bc_place_text(fr, dst, mark, BC_ST_URGENCY, BC_ALIGN_CENTER, box->x, w, &ty,
                                 NULL, NULL, err);
    for (size_t i = first; i < dst->count; i++)
        dst->items[i].rgb = c->urgency_rgb;
    *y += h;
    return st;
}

bc_status bc_nd30_header(const bc_frame *fr, const bc_report *r, bc_vbox **out, bc_error *err)
{
    const bc_layout_cfg *c = fr->cfg;
    bc_vbox *box = bc_vbox_new(0);
    if (!box)
        return bc_nomem(err);
    bc_page *dst = box->content;
    double xl = fr->left + c->header_left_offset * BC_MM, wl = c->header_left_width * BC_MM;
    double wr = c->header_right_width * BC_MM;
    double xr = fr->left + fr->width - wr + c->header_right_offset * BC_MM;
    double yl = 0, yr = 0, w;
    bc_status st = BC_OK;
    char *upper = NULL;

    /* Left column: agency. */
    if (r->agency_parent) {
        upper = bc_text_upper(r->agency_parent);
        st = bc_place_text(fr, dst, upper, BC_ST_AGENCY_PARENT, -1, xl, wl, &yl, NULL, NULL, err);
        free(upper);
        if (st)
            goto fail;
    }
    double widest = 0;
    for (size_t i = 0; r->agency[i]; i++) {
        upper = bc_text_upper(r->agency[i]);
        st = bc_place_text(fr, dst, upper, BC_ST_AGENCY, -1, xl, wl, &yl, &w, NULL, err);
        free(upper);
        if (st)
            goto fail;
        if (w > widest)
            widest = w;
    }
    if (!add_rule(dst, xl + wl / 2, widest * c->agency_rule, yl + c->rule_drop, c->rule_width))
        goto nomem;
    yl += c->rule_after;

    /* Right column: Quốc hiệu, Tiêu ngữ and the rule under it. */
    if ((st = bc_place_text(fr, dst, BC_REPORT_QUOC_HIEU, BC_ST_QUOC_HIEU, -1, xr,
                            wr, &yr, NULL, NULL, err)))
        goto fail;
    if ((st = bc_place_text(fr, dst, BC_REPORT_TIEU_NGU, BC_ST_TIEU_NGU, -1, xr, wr, &yr,
                            &w, NULL, err)))
        goto fail;
    if (!add_rule(dst, xr + wr / 2, w, yr + c->rule_drop, c->rule_width))
        goto nomem;
    yr += c->rule_after;

    /* Row 2: Số | place and date, on one baseline. */
    double row = (yl > yr ? yl : yr) + c->date_gap;
    char *num = bc_report_number_line(r), *date = bc_report_date_line(r);
    if (!num || !date) {
        free(num);
        free(date);
        goto nomem;
    }
    double pitch_num = c->styles[BC_ST_NUMBER].size * c->single;
    double pitch_date = c->styles[BC_ST_DATE].size * c->single;
    double ytop_num = row + (pitch_date > pitch_num ? (pitch_date - pitch_num) / 2 : 0);
    double ytop_date = row + (pitch_num > pitch_date ? (pitch_num - pitch_date) / 2 : 0);
    double bn = 0, bd = 0;
    yl = ytop_num;
    yr = ytop_date;
    st = bc_place_text(fr, dst, num, BC_ST_NUMBER, -1, xl, wl, &yl, NULL, &bn, err);
    if (!st)
        st = bc_place_text(fr, dst, date, BC_ST_DATE, -1, xr, wr, &yr, NULL, &bd, err);
    free(num);
    free(date);
    if (st)
        goto fail;
    /* Align the two baselines exactly (the metrics differ by size). */
    if (fabs(bn - bd) > 0.01) {
        double dy = bn - bd;
        for (size_t i = 0; i < dst->count; i++)
            if (dst->items[i].kind == BC_DI_GLYPHS && dst->items[i].x >= xr - 1 &&
                fabs(dst->items[i].y - bd) < 0.01)
                dst->items[i].y += dy;
    }
    /* Agency, Quốc hiệu, number and date stay together on page 1; what
     * follows (V/v, title, trích yếu, Kính gửi) may continue on the next
     * page, line by line, when the block is taller than a page. */
    if (!bc_vbox_keep(box, 0, yl > yr ? yl : yr))
        goto nomem;
    box->what = "phần đầu văn bản (tên cơ quan, Quốc hiệu, số, ngày tháng)";

    /* Công văn: V/v under the number. */
    if (r->kind == BC_REPORT_CONG_VAN) {
        yl += c->vv_gap;
        char *vv = bc_strdup_printf("V/v %s", r->summary);
        if (!vv)
            goto nomem;
        st = bc_place_text(fr, dst, vv, BC_ST_VV, -1, xl, wl, &yl, NULL,
                           NULL, err);
        free(vv);
        if (st)
            goto fail;
    }
    if (r->urgency) {
        yl += c->urgency_gap;
        if ((st = urgency_box(fr, r->urgency, dst, xl + wl / 2, &yl, err)))
            goto fail;
    }
    double y = yl > yr ? yl : yr;

    if (r->kind == BC_REPORT_BAO_CAO) {
        y += c->title_gap;
        upper = bc_text_upper(r->doc_type);
        st = bc_place_text(fr, dst, upper, BC_ST_DOC_TYPE, -1, fr->left, fr->width, &y, NULL, NULL,
                           err);
        free(upper);
        if (st)
            goto fail;
        double tw = 0;
        if ((st = bc_place_text(fr, dst, r->summary, BC_ST_SUMMARY, -1, fr->left + fr->width * c->summary_left,
                                fr->width * c->summary_width, &y, &tw, NULL, err)))
            goto fail;
        if (!add_rule(dst, fr->left + fr->width / 2, tw * c->agency_rule, y + c->rule_drop,
                      c->rule_width))
            goto nomem;
    }
    y += c->kinh_gui_gap;
    if ((st = kinh_gui(fr, r, box, &y, err)))
        goto fail;
    if (r->recipients[0])
        y += c->recipients_after;
    box->height = y + c->header_after;
    *out = box;
    return BC_OK;
nomem:
    st = bc_nomem(err);
fail:
    bc_vbox_free(box);
    return st;
}

bc_status bc_nd30_closing(const bc_frame *fr, const bc_report *r, bc_vbox **out, bc_error *err)
{
    const bc_layout_cfg *c = fr->cfg;
    bc_vbox *box = bc_vbox_new(0);
    if (!box)
        return bc_nomem(err);
    box->keep_with_prev = true;
    bc_page *dst = box->content;
    double top = c->closing_gap;
    double xl = fr->left, wl = c->closing_left_width * BC_MM;
    double xr = fr->left + wl, wr = fr->width - wl;
    /* Common baseline for "Nơi nhận:" and the first authority line. */
    double s_lab = c->styles[BC_ST_CC_LABEL].size, s_auth = c->styles[BC_ST_AUTHORITY].size;
    double pitch_lab = s_lab * c->single, pitch_auth = s_auth * c->single;
    double yl = top + (pitch_auth > pitch_lab ? (pitch_auth - pitch_lab) / 2 : 0);
    double yr = top + (pitch_lab > pitch_auth ? (pitch_lab - pitch_auth) / 2 : 0);
    double bl = 0, br = 0;
    bc_status st = bc_place_text(fr, dst, r->cc_label, BC_ST_CC_LABEL, -1, xl, wl, &yl, NULL, &bl,
                                 err);
    /* Wrapped Nơi nhận lines continue under the text, not under the dash. */
    bc_frame hang = *fr;
    bc_layout_cfg hang_cfg = *c;
    double dash = 0;
    if (!st)
        st = text_width(fr, "- ", BC_ST_CC, &dash, err);
    hang_cfg.styles[BC_ST_CC].indent = -dash / BC_MM;
    hang.cfg = &hang_cfg;
    for (size_t i = 0; !st && r->cc[i]; i++) {
        double y0 = yl;
        st = bc_place_text(&hang, dst, r->cc[i], BC_ST_CC, -1, xl, wl - c->cc_inset * BC_MM, &yl, NULL,
                           NULL, err);
        /* One recipient's wrapped lines stay on one page. */
        if (!st && !bc_vbox_keep(box, y0 + 1, yl - 1))
            st = bc_nomem(err);
    }
    if (st)
        goto fail;
    size_t first_auth = dst->count;
    bool any_auth = r->authority[0] != NULL;
    for (size_t i = 0; !st && r->authority[i]; i++) {
        char *upper = bc_text_upper(r->authority[i]);
        st = bc_place_text(fr, dst, upper, BC_ST_AUTHORITY, -1, xr, wr, &yr, NULL, i == 0 ? &br : NULL,
                           err);
        free(upper);
    }
    if (st)
        goto fail;
    if (any_auth && fabs(br - bl) > 0.01) {
        for (size_t i = first_auth; i < dst->count; i++)
            dst->items[i].y += bl - br;
        yr += bl - br;
    }
    /* The signing space holds the places of the two digital signatures
     * (ND30 Phụ lục I, II.7.d and II.8.a): the signer's image centred
     * between the position line and the name, and the organization's seal
     * at real size covering the left part of it. */
    double space = c->signature_space * BC_MM;
    double sw = fmin(c->sig_signer_width * BC_MM, wr);
    double sx = xr + (wr - sw) / 2, seal = c->sig_seal_size * BC_MM;
    double seal_x1 = sx + sw * c->sig_seal_overlap, mid = yr + space / 2;
    if (!bc_page_add_field(dst, "ky-nguoi-ky", sx, yr, sx + sw, yr + space) ||
        !bc_page_add_field(dst, "ky-co-quan", seal_x1 - seal, mid - seal / 2, seal_x1,
                           mid + seal / 2)) {
        st = bc_nomem(err);
        goto fail;
    }
    yr += space;
    if ((st = bc_place_text(fr, dst, r->signer, BC_ST_SIGNER, -1, xr, wr, &yr, NULL, NULL, err)))
        goto fail;
    box->height = (yl > yr ? yl : yr) + c->closing_after;
    /* A Nơi nhận list taller than a page is cut by the pager between its
     * lines. The signature (authority, signing space, name) and the list
     * lines beside it stay whole and stay with the body's last lines (the
     * box keeps with what precedes): ND30 wants the signature on the page
     * that ends the text, never alone on a page of its own, and a typist
     * lets the distribution list, which only the văn thư reads, run on to
     * the next page in its own left column. A signature block taller than a
     * page cannot be cut and is an error. */
    if (!bc_vbox_keep(box, 0, yr)) {
        st = bc_nomem(err);
        goto fail;
    }
    box->what = "khối chữ ký (Nơi nhận bên cạnh, thẩm quyền ký, chức vụ, họ tên người ký)";
    *out = box;
    return BC_OK;
fail:
    bc_vbox_free(box);
    return st;
}
