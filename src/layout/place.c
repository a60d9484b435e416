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
    /* Centred text (titles, trích yếu, appendix titles, agency names, the
     * signature lines) is wrapped into balanced lines, the fewest that hold
     * it, and never leaves its last word alone on a line ("năm | 2026"). */
    bool centred = s.align == BC_ALIGN_CENTER;
    bc_para_opts o = {.style = &s, .single = fr->cfg->single, .text = &fr->cfg->text, .width = w,
                      .balance = centred, .keep_last = centred};
    bc_para *p = NULL;
    bc_status st = bc_para_shape_plain(fr->fonts, text, &o, &p, err);
    if (st)
        return st;
    if (line_width)
        *line_width = p->max_width;
    size_t first = dst->count;
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
    /* one paragraph, numbered locally (see bc_page_wrap_spath) */
    bc_spath sp = {0};
    bc_spath_push(&sp, BC_SE_P, first + 1);
    bc_page_set_spath(dst, first, &sp);
    return BC_OK;
}
