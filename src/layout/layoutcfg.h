/* layoutcfg.h - page geometry and element styles, read from
 * layouts/<name>.yaml. Built-in defaults follow Nghị định 30/2020 Phụ lục I
 * (../shared/spec/nd30.md); the file overrides any of them.
 *
 * File format (all lengths in mm, sizes and spacing in pt):
 *   name: nd30
 *   fonts: [Times New Roman, Liberation Serif]   # first one found is used
 *   single: 1.15            # "single" line height, in em (TNR/Liberation)
 *   page:      {width: 210, height: 297, top: 25, bottom: 20, left: 35, right: 20}
 *   landscape: {width: 297, height: 210, top: 20, bottom: 15, left: 20, right: 15}
 *   page-number-baseline: 15  # page number baseline, mm from the top edge
 *   header: {left-width: 62, right-width: 100, left-offset: -3, right-offset: 0,
 *            agency-rule: 0.4, rule-width: 0.5, date-gap: 6, title-gap: 12}
 *   closing: {left-width: 70, signature-space: 28, gap: 6}
 *   footnotes: {rule-length: 50, gap: 6}
 *   styles:
 *     body: {size: 14, indent: 10, after: 6, spacing: 1.1, align: justify}
 *     ...   # any style below, keys: size bold italic upper align indent left
 *           # before after spacing
 */
#ifndef BC_LAYOUTCFG_H
#define BC_LAYOUTCFG_H

#include <stdbool.h>

#include "error.h"
#include "align.h"

typedef struct bc_style {
    double size;          /* pt */
    bool bold, italic, upper;
    bc_align align;
    double indent;        /* first-line indent, mm */
    double left;          /* left inset of every line, mm */
    double before, after; /* space before/after, pt */
    double spacing;       /* line pitch as a multiple of "single" */
} bc_style;

typedef enum bc_style_id {
    BC_ST_BODY, BC_ST_H1, BC_ST_H2, BC_ST_H3, BC_ST_ITEM1, BC_ST_ITEM2, BC_ST_FOOTNOTE,
    BC_ST_NOTEREF, BC_ST_QUOC_HIEU, BC_ST_TIEU_NGU, BC_ST_AGENCY_PARENT, BC_ST_AGENCY,
    BC_ST_NUMBER, BC_ST_DATE, BC_ST_DOC_TYPE, BC_ST_SUMMARY, BC_ST_VV, BC_ST_KINH_GUI,
    BC_ST_URGENCY, BC_ST_AFTER_BODY, BC_ST_CC_LABEL, BC_ST_CC, BC_ST_AUTHORITY, BC_ST_SIGNER,
    BC_ST_PAGE_NUMBER, BC_ST_APPX_LABEL, BC_ST_APPX_TITLE, BC_ST_APPX_ATTACH, BC_ST_APPX_NOTE,
    BC_ST_TABLE_HEAD, BC_ST_TABLE_BODY, BC_ST_COUNT
} bc_style_id;

typedef struct bc_page_geom {
    double width, height, top, bottom, left, right; /* mm */
} bc_page_geom;

typedef struct bc_layout_cfg {
    char *name;
    char **fonts;                 /* NULL-terminated family names */
    double single;                /* em */
    bc_page_geom page, landscape;
    double page_number_baseline;  /* mm from top edge */
    double header_left_width, header_right_width, header_left_offset, header_right_offset;
    double agency_rule;           /* fraction of the agency line width */
    double rule_width;            /* pt */
    double date_gap, title_gap;   /* pt */
    double closing_left_width, signature_space, closing_gap; /* mm, mm, pt */
    double footnote_rule_length, footnote_gap;               /* mm, pt */
    bc_style styles[BC_ST_COUNT];
} bc_layout_cfg;

/* The built-in ND30 defaults. Caller frees with bc_layout_cfg_free. */
bc_layout_cfg *bc_layout_cfg_default(void);
/* Loads layouts/<name>.yaml from dir over the defaults. An unknown name
 * is an error listing where it looked. */
bc_status bc_layout_cfg_load(const char *dir, const char *name, bc_layout_cfg **out,
                             bc_error *err);
void bc_layout_cfg_free(bc_layout_cfg *cfg);
/* Name of a style as written in the file ("body", "quoc-hieu", ...). */
const char *bc_style_name(bc_style_id id);

#define BC_MM 2.834645669 /* points per millimetre */

#endif
