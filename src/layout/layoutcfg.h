/* layoutcfg.h - page geometry and element styles, read from
 * layouts/<name>.yaml. The built-in defaults are layouts/nd30-chuan.yaml
 * itself (Nghị định 30/2020 Phụ lục I), compiled into the library at build
 * time, so the numbers have one source; a layout file overrides any of them.
 *
 * File format (all lengths in mm, sizes and spacing in pt; the values are
 * in layouts/nd30-chuan.yaml):
 *   name, fonts (first one found is used), single (line height in em)
 *   page, landscape: {width, height, top, bottom, left, right}
 *   page-number-baseline   (mm from the top edge)
 *   header: {left-width, right-width, left-offset, right-offset,
 *            agency-rule, rule-width, date-gap, title-gap, rule-drop,
 *            rule-after, vv-gap, urgency-gap, summary-left, summary-width,
 *            kinh-gui-gap, kinh-gui-label-gap, recipients-after, after}
 *   urgency: {height, line-width, khan, thuong-khan, hoa-toc, colour}
 *   closing: {left-width, signature-space, gap, after, cc-inset}
 *   signature: {signer-width, seal-size, seal-overlap, info-size}
 *   footnotes: {rule-length, gap, rule-width}
 *   text: {space-stretch, space-shrink, tolerance, ragged-ratio, stretch-cap,
 *          note-ref-rise, underline-drop, strike-raise, decoration-width,
 *          inserted-colour, deleted-colour}
 *   table: {cell-padding, cell-padding-v, min-padding, min-column, rule-width,
 *           title-inset, title-width, attach-rule, rule-drop, rule-after,
 *           title-after, continued-after, note-before}
 *   draft: {line-number-gap, clearance, deletion-offset, deletion-step,
 *           deletion-tick, deletion-width, deletion-top, deletion-bottom,
 *           stamp-raise, stamp-edge, mark-padding, mark-height, mark-gap,
 *           mark-top, mark-left, mark-centre, mark-line-width,
 *           watermark-span, watermark-max, watermark-raise, note-offset,
 *           note-size, note-gap, note-raise, line-number-colour,
 *           stamp-colour, mark-colour, watermark-colour, deletion-colour}
 *   colours are strings "#RRGGBB" (quoted: # starts a YAML comment)
 *   styles: <style name>: {size bold italic upper align indent left
 *                          before after spacing}
 */
#ifndef BC_LAYOUTCFG_H
#define BC_LAYOUTCFG_H

#include <stdbool.h>
#include <stdint.h>

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
    BC_ST_TABLE_HEAD, BC_ST_TABLE_BODY,
    /* Draft review copies (draft.h): the pages after the document (change
     * summary, list of attached sources) and the marks on every page. */
    BC_ST_DRAFT_TITLE, BC_ST_DRAFT_INTRO, BC_ST_DRAFT_SECTION, BC_ST_DRAFT_TEXT,
    BC_ST_DRAFT_NOTE, BC_ST_DRAFT_FILE, BC_ST_DRAFT_SOURCE, BC_ST_DRAFT_HASH,
    BC_ST_DRAFT_LINE_NO, BC_ST_DRAFT_STAMP, BC_ST_DRAFT_MARK, BC_ST_COUNT
} bc_style_id;

/* Setting text (para.h): how far word spaces of a justified line may
 * stretch and shrink, the raise of a footnote reference, and the rules of
 * underlined (inserted) and struck-through (deleted) text. */
typedef struct bc_textset {
    double space_stretch, space_shrink; /* fractions of a space's width, per unit of ratio */
    double tolerance;                   /* the largest stretch ratio tried before looser lines */
    double ragged_ratio;                /* spaces never stretch beyond it: the line stays short, a
                                         * table cell whose best breaks need more is set ragged */
    double stretch_cap;                 /* the widest a space ever gets, as a stretch ratio */
    double track_from;                  /* stretch ratio from which letter-spacing takes part */
    double track_max;                   /* the most letter-spacing between two letters, em */
    double note_ref_rise;               /* em of the text's size */
    double underline_drop, strike_raise, decoration_width; /* em of the run's size */
    uint32_t inserted_rgb, deleted_rgb; /* drafts: inserted and deleted text, 0xRRGGBB */
} bc_textset;

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
    double rule_drop, rule_after; /* pt: a header rule below its text; space under it */
    double vv_gap, urgency_gap;   /* pt above V/v and above the urgency box */
    double summary_left, summary_width; /* trích yếu column, fractions of the text width */
    double kinh_gui_gap, recipients_after, header_after; /* pt */
    double kinh_gui_label_gap;    /* em of the Kính gửi style: "Kính gửi:" to the recipients */
    double urgency_height, urgency_line_width;           /* mm, pt */
    double urgency_khan, urgency_thuong_khan, urgency_hoa_toc; /* box widths, mm */
    double closing_left_width, signature_space, closing_gap; /* mm, mm, pt */
    double closing_after, cc_inset; /* pt below the closing block; mm the Nơi nhận
                                     * lines stop short of the signature column */
    /* Digital signature places (ND30 Phụ lục I, II.7.d, II.8.a): the
     * signer's field width (mm, as tall as the signing space), the seal's
     * field (mm square, the seal at real size), the part of the signer's
     * field the seal covers on its left, the appearance text size (pt). */
    double sig_signer_width, sig_seal_size, sig_seal_overlap, sig_info_size;
    double footnote_rule_length, footnote_gap, footnote_rule_width; /* mm, pt, pt */
    bc_textset text;
    /* Appendix tables: cell padding left/right and top/bottom, the padding
     * left to a token too long for its cell, the narrowest a column without
     * a width may become (mm); the cell rules' width
     * (pt, also the rule closing a row cut by a page break); the title and
     * "Kèm theo" lines' inset and width (fractions of the table's width); the
     * rule under "Kèm theo" (fraction of that line's width), its drop below
     * the text and the space under it, the space under the title block,
     * under "(tiếp theo)" and above the note (pt). */
    double table_cell_padding, table_cell_padding_v, table_min_padding, table_min_column;
    double table_rule_width;
    double table_title_inset, table_title_width, table_attach_rule;
    double table_rule_drop, table_rule_after, table_title_after, table_continued_after,
        table_note_before;
    /* Draft marks (draft.h), in the file's order: mm, mm, mm, mm, mm, pt,
     * em, em, em, mm, mm, mm, mm, mm, mm, mm, pt, fraction, pt, em (the
     * layout file says what each is). */
    double draft_line_number_gap, draft_clearance;
    double draft_deletion_offset, draft_deletion_step, draft_deletion_tick, draft_deletion_width;
    double draft_deletion_top, draft_deletion_bottom;
    double draft_stamp_raise, draft_stamp_edge;
    double draft_mark_padding, draft_mark_height, draft_mark_gap, draft_mark_top, draft_mark_left;
    double draft_mark_centre, draft_mark_line_width;
    double draft_watermark_span, draft_watermark_max, draft_watermark_raise;
    double draft_note_offset, draft_note_size, draft_note_gap, draft_note_raise;
    /* Colours (0xRRGGBB): the urgency mark; the draft's line numbers,
     * stamp, DỰ THẢO box, watermark and deletion marks. */
    uint32_t urgency_rgb;
    uint32_t draft_line_number_rgb, draft_stamp_rgb, draft_mark_rgb, draft_watermark_rgb,
        draft_deletion_rgb;
    bc_style styles[BC_ST_COUNT];
} bc_layout_cfg;

/* The built-in defaults (layouts/nd30-chuan.yaml as compiled in). Caller
 * frees with bc_layout_cfg_free; NULL only when out of memory. */
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
