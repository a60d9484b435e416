/* layout.h - lays out a whole report (model + report spec + layout
 * config) into pages of display items, streamed to a page sink. */
#ifndef BC_LAYOUT_H
#define BC_LAYOUT_H

#include "display.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "model.h"
#include "report.h"

struct bc_appendices;

typedef struct bc_layout_input {
    const bc_report *report;
    const bc_doc *doc;
    const bc_layout_cfg *cfg;
    bc_fonts *fonts;
    const struct bc_appendices *appendices; /* may be NULL */
} bc_layout_input;

/* Lays out in order: header block, body, closing block; every page goes to
 * sink as soon as it is complete. Layout warnings go to diags. Returns
 * the number of pages in *npages (may be NULL). */
bc_status bc_layout_report(const bc_layout_input *in, bc_page_sink sink, bc_diags *diags,
                           int *npages, bc_error *err);

/* Only appendix tables, no letter (baocao table): report and doc unused. */
bc_status bc_layout_appendices_only(const bc_layout_input *in, bc_page_sink sink, bc_diags *diags,
                                    int *npages, bc_error *err);

#endif
