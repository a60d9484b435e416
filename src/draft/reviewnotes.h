/* reviewnotes.h - review notes ("ý kiến góp ý") for draft copies, read
 * from a small YAML file and anchored to places of the laid-out pages.
 *
 * FILE FORMAT (UTF-8 YAML; keys Vietnamese without diacritics):
 *
 *   gop-y:
 *     - tac-gia: Sở Nội vụ                  # author (optional)
 *       noi-dung: Đề nghị nêu rõ số văn bản. # the note (required)
 *       neo: {muc: "I.2", trich: "Hội nghị công bố"}
 *     - noi-dung: Bổ sung số liệu quý trước.
 *       neo: {trich: "Chỉ số hài lòng"}      # anywhere in the document
 *     - tac-gia: Văn phòng UBND tỉnh
 *       noi-dung: Câu này quá dài.
 *       neo: {trang: 3, dong: 12}           # page 3 (1-based), body line 12
 *
 * Anchor (neo), one of:
 *   trich: words quoted from the text (compared ignoring case and runs of
 *          blanks, across line and page breaks) - the note goes to their
 *          first occurrence; with muc, the first occurrence inside that
 *          section;
 *   muc:   section number as printed, levels joined by dots: "II",
 *          "I.2", "I.2.a" (trailing dots/parentheses ignored); alone, the
 *          note goes to the section's heading;
 *   trang + dong: physical page (1-based) and the line number printed in the
 *          draft's left margin (dong optional: the top of the page).
 * Quotes are searched in body text, footnotes and tables (not in the header
 * and signature blocks, page numbers or the draft's own marks).
 */
#ifndef BC_REVIEWNOTES_H
#define BC_REVIEWNOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "display.h"
#include "error.h"

typedef struct bc_review_note {
    char *author;          /* may be NULL */
    char *text;
    char *section;         /* neo.muc or NULL */
    char *quote;           /* neo.trich or NULL */
    int page, line;        /* neo.trang, neo.dong; 0 when absent */
    int src_line, src_column;   /* the note's item in the file */
    /* Filled by the anchor finder. */
    bool resolved;
    int res_page;          /* 0-based physical page */
    double x, y;           /* start of the anchor: x, baseline (pt from top-left) */
    double x2;             /* end of the quoted words on that line (>= x) */
    double size;           /* text size at the anchor, pt */
} bc_review_note;

typedef struct bc_review_notes {
    char *file;
    bc_review_note *items;
    size_t count;
} bc_review_notes;

/* Reads path. *out is new (bc_review_notes_free). Errors: BC_E_INPUT with
 * file:line:column and what to fix. */
bc_status bc_review_notes_load(const char *path, bc_review_notes **out, bc_error *err);
void bc_review_notes_free(bc_review_notes *n);

/* Resolves the anchors of notes while pages stream past (in order): a
 * page-sink filter placed after the layout (and the draft marks, whose
 * line numbers "dong" counts) and before the writer. The finder borrows
 * notes and writes the resolved fields of its items. */
typedef struct bc_anchor_finder bc_anchor_finder;

/* next: where pages go after the finder (borrowed; next.page NULL: pages
 * are dropped). *out is new (bc_anchor_finder_free). */
bc_status bc_anchor_finder_new(bc_review_notes *notes, bc_page_sink next, bc_anchor_finder **out,
                               bc_error *err);
/* The filter: looks at each page, then passes it on to next. */
bc_page_sink bc_anchor_finder_sink(bc_anchor_finder *f);
/* When the filter stopped the pages: copies its own error into err and
 * returns its status; BC_OK when the stop came from next (or none). */
bc_status bc_anchor_finder_error(const bc_anchor_finder *f, bc_error *err);
/* Looks at one page (not kept, not passed on). page->index is its
 * physical page. */
bc_status bc_anchor_finder_page(bc_anchor_finder *f, const bc_page *page, bc_error *err);
/* A warning (file:line:column of the note) for every anchor not found. */
void bc_anchor_finder_finish(bc_anchor_finder *f, bc_diags *diags);
void bc_anchor_finder_free(bc_anchor_finder *f);

#endif
