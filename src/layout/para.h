/* para.h - one paragraph of styled text shaped into lines by Pango
 * (shaping, line breaking, justification), ready to be placed on pages.
 *
 * Breaking rules (Vietnamese typesetting rules, README "Phần nội dung"): break at spaces only; no
 * inserted hyphens; a token containing '/' or '-' (document codes such as
 * 4034/QĐ-UBND, dates, ranges) and spans marked BC_SPAN_NOBREAK are never
 * broken. With allow_code_breaks (narrow table cells) a code may break
 * after '/' or '-' when it would not fit otherwise. URLs and e-mail
 * addresses may break after '/', '.' or '-' (no hyphen is added).
 *
 * Lines are chosen for the whole paragraph at once (linebreak.h): spaces
 * of justified lines stretch by at most half a space where possible and
 * shrink by at most a third; "ngày 29 tháng 11 năm 2020" is never broken
 * after "ngày" or "tháng" nor inside "tháng 11 năm 2020". A justified
 * paragraph whose best breaks would still need spaces over twice their
 * width is set ragged-right instead when it is a table cell
 * (allow_code_breaks); elsewhere such a line keeps spaces of twice their
 * width and stops short of the right edge. */
#ifndef BC_PARA_H
#define BC_PARA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "display.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "model.h"

typedef struct bc_run {
    PangoGlyphItem *glyphs; /* owned; item->offset 0, refers to text */
    char *text;             /* owned */
    double x;               /* from the paragraph's left edge, pt */
    double rise;            /* baseline shift upwards, pt */
    double width;           /* advance, pt */
    double size;
    bool bold, italic;
    uint32_t rgb;           /* text colour */
    bool underline, strike; /* drawn as rules by bc_line_emit: */
    double rule_y;          /*   the rule's offset below the baseline, pt (< 0: above) */
    double rule_width;      /*   and its width, pt (the layout's text: keys) */
    bool deletion_mark;     /* covers a BC_SPAN_DELMARK span */
    int note;               /* the marker of this footnote (BC_SPAN_NOTEREF), else 0 */
    char *uri;              /* owned: the URL (BC_SPAN_LINK) a part of this run shows */
    double link_x0, link_x1; /* that part, from the run's origin, pt */
    size_t link_b0, link_b1; /* and its bytes of the run's text */
    bool link_cont;         /* the link began in an earlier run (a URL broken over lines) */
} bc_run;

typedef struct bc_line {
    double height;          /* line pitch, pt */
    double baseline;        /* from the top of the line box, pt */
    double width;           /* advance width of the content, pt */
    bc_run *runs;
    size_t nruns;
    int *notes;             /* footnote numbers whose markers are on this line */
    size_t nnotes;
} bc_line;

typedef struct bc_para {
    bc_line *lines;
    size_t nlines;
    double max_width;       /* widest line, pt */
} bc_para;

typedef struct bc_para_opts {
    const bc_style *style;
    const bc_style *marker_style; /* for footnote markers; may be NULL */
    double single;          /* single line height in em */
    double width;           /* available width, pt (style->left is subtracted) */
    const char *prefix;     /* e.g. "I." or "-"; may be NULL; a space follows it */
    bool allow_code_breaks;
    bool balance;           /* headings, titles: lines of similar length, not stretched */
    bool keep_last;         /* never leave the last word alone on a line */
    bool hang;              /* footnote: lines after the first hang under the text that
                               follows the leading marker and its space */
    const char *file;       /* for messages */
    int line;
    const bc_textset *text; /* spaces, note references, rules (the layout's text:
                             * keys, &cfg->text); required */
} bc_para_opts;

/* Shapes text into *out (caller frees with bc_para_free). The style's
 * upper flag upper-cases the text. Characters missing from the font are
 * an error (BC_E_FONT). A single token wider than the width is reported
 * as BC_E_LAYOUT unless allow_code_breaks lets Pango split it. */
bc_status bc_para_shape(bc_fonts *fonts, const bc_rich *text, const bc_para_opts *opt,
                        bc_para **out, bc_error *err);
/* Convenience: a plain string in one style. */
bc_status bc_para_shape_plain(bc_fonts *fonts, const char *text, const bc_para_opts *opt,
                              bc_para **out, bc_error *err);
void bc_para_free(bc_para *p);
/* Total height of all lines. */
double bc_para_height(const bc_para *p);

/* Appends the line's runs to page as glyph items with the baseline at
 * (x, baseline_y). */
bool bc_line_emit(const bc_line *line, bc_page *page, double x, double baseline_y,
                  bc_drole role);

#endif
