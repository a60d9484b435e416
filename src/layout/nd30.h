/* nd30.h - the page furniture of Nghị định 30/2020 Phụ lục I: the page-1
 * header block (agency | Quốc hiệu + Tiêu ngữ, Số | place and date, V/v,
 * urgency mark, tên loại + trích yếu, Kính gửi) and the closing block
 * (Nơi nhận | quyền hạn, chức vụ, signature space, signer), each built as
 * one unbreakable box for the pager. */
#ifndef BC_ND30_H
#define BC_ND30_H

#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "pager.h"
#include "report.h"

typedef struct bc_frame {
    bc_fonts *fonts;
    const bc_layout_cfg *cfg;
    double left, width;    /* text area, pt */
} bc_frame;

/* Builds the header block of page 1. *out is new (bc_vbox_free). */
bc_status bc_nd30_header(const bc_frame *fr, const bc_report *r, bc_vbox **out, bc_error *err);
/* Builds the closing block (Nơi nhận + signature). */
bc_status bc_nd30_closing(const bc_frame *fr, const bc_report *r, bc_vbox **out, bc_error *err);

/* Places text in style sid, wrapped to [x, x + w], with its first line's
 * top at *y (advanced past the text) into dst. Returns the widest line in
 * *line_width (may be NULL) and the first baseline in *baseline (may be
 * NULL). override: replaces the style's alignment when >= 0. */
bc_status bc_place_text(const bc_frame *fr, bc_page *dst, const char *text, bc_style_id sid,
                        int override_align, double x, double w, double *y, double *line_width,
                        double *baseline, bc_error *err);

#endif
