/* place.c - wrapped text placed in a box (place.h). */
#include "place.h"

#include "para.h"

bc_status bc_place_text(const bc_frame *fr, bc_page *dst, const char *text, bc_style_id sid,
                        int override_align, double x, double w, double *y, double *line_width,
                        double *baseline, bc_error *err)
{
    bc_style s = fr->cfg->styles[sid];
    if (override_align >= 0)
        s.align = (bc_align)override_align;
    if (s.align == BC_ALIGN_CENTER)
        s.indent = 0;
    bc_para_opts o = {.style = &s, .single = fr->cfg->single, .text = &fr->cfg->text, .width = w};
    bc_para *p = NULL;
    bc_status st = bc_para_shape_plain(fr->fonts, text, &o, &p, err);
    if (st)
        return st;
    /* Centred text over several lines: balance the lines (the narrowest
     * width that keeps the line count), so no word is left alone. */
    if (s.align == BC_ALIGN_CENTER && p->nlines > 1) {
        size_t lines = p->nlines;
        double lo = w / lines * 0.9, hi = w;
        for (int i = 0; i < 10 && hi - lo > 2; i++) {
            double mid = (lo + hi) / 2;
            bc_para_opts om = o;
            om.width = mid;
            bc_para *q = NULL;
            bc_error e2 = BC_ERROR_INIT;
            if (bc_para_shape_plain(fr->fonts, text, &om, &q, &e2) == BC_OK && q->nlines == lines)
                hi = mid;
            else
                lo = mid;
            bc_error_clear(&e2);
            bc_para_free(q);
        }
        bc_para_opts ob = o;
        ob.width = hi;
        bc_para *best = NULL;
        if (bc_para_shape_plain(fr->fonts, text, &ob, &best, err) == BC_OK) {
            bc_para_free(p);
            p = best;
            x += (w - hi) / 2;
        }
    }
    if (line_width)
        *line_width = p->max_width;
    for (size_t i = 0; i < p->nlines; i++) {
        if (i == 0 && baseline)
            *baseline = *y + p->lines[i].baseline;
        if (!bc_line_emit(&p->lines[i], dst, x, *y + p->lines[i].baseline, BC_ROLE_FURNITURE)) {
            bc_para_free(p);
            return bc_nomem(err);
        }
        *y += p->lines[i].height;
    }
    bc_para_free(p);
    return BC_OK;
}
