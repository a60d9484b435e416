/* place.h - generic text placement for blocks built outside the running
 * text (the ND30 header and closing blocks, an appendix's title and
 * notes): a frame (fonts, layout configuration, text area) and one call
 * that wraps text in a style and emits its lines into a box. */
#ifndef BC_PLACE_H
#define BC_PLACE_H

#include "display.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"

typedef struct bc_frame {
    bc_fonts *fonts;
    const bc_layout_cfg *cfg;
    double left, width;    /* text area, pt */
} bc_frame;

/* Places text in style sid, wrapped to [x, x + w], with its first line's
 * top at *y (advanced past the text) into dst. Returns the widest line in
 * *line_width (may be NULL) and the first baseline in *baseline (may be
 * NULL). override: replaces the style's alignment when >= 0. */
bc_status bc_place_text(const bc_frame *fr, bc_page *dst, const char *text, bc_style_id sid,
                        int override_align, double x, double w, double *y, double *line_width,
                        double *baseline, bc_error *err);

#endif
