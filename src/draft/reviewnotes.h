/* reviewnotes.h - where the review notes of a draft review copy
 * (input/reviewfile.h) go on the laid-out pages: a page-sink filter placed
 * after the layout (and the draft marks, whose line numbers "dong" counts)
 * and before the writer, which finds each note's anchor while the pages
 * stream past (in order):
 *   trich: the quoted words' first occurrence (ignoring case and runs of
 *          blanks, across line and page breaks), inside section muc when
 *          given;
 *   muc alone: the section's heading;
 *   trang + dong: that physical page's numbered body line (without dong:
 *          the page's topmost text).
 * Quotes are searched in body text, footnotes and tables (not in the header
 * and signature blocks, page numbers or the draft's own marks).
 */
#ifndef BC_REVIEWNOTES_H
#define BC_REVIEWNOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "display.h"
#include "error.h"
#include "reviewfile.h"

/* Where a note was found. */
typedef struct bc_note_anchor {
    bool resolved;
    int page;              /* 0-based physical page */
    double x, y;           /* start of the anchor: x, baseline (pt from top-left) */
    double x2;             /* end of the quoted words on that line (>= x) */
    double size;           /* text size at the anchor, pt */
    double page_width, page_height; /* the anchor's page, pt */
} bc_note_anchor;

typedef struct bc_anchor_finder bc_anchor_finder;

/* notes: borrowed until the finder is freed. next: where pages go after
 * the finder (borrowed; next.page NULL: pages are dropped). *out is new
 * (bc_anchor_finder_free). */
bc_status bc_anchor_finder_new(const bc_review_notes *notes, bc_page_sink next,
                               bc_anchor_finder **out, bc_error *err);
/* The filter: looks at each page, then passes it on to next. On failure
 * err is the finder's own error or next's, unchanged. */
bc_page_sink bc_anchor_finder_sink(bc_anchor_finder *f);
/* Looks at one page (not kept, not passed on). page->index is its
 * physical page. */
bc_status bc_anchor_finder_page(bc_anchor_finder *f, const bc_page *page, bc_error *err);
/* The anchors so far, one per note in the notes' order (owned by f). */
const bc_note_anchor *bc_anchor_finder_anchors(const bc_anchor_finder *f);
/* A warning (file:line:column of the note) for every anchor not found. */
void bc_anchor_finder_finish(bc_anchor_finder *f, bc_diags *diags);
void bc_anchor_finder_free(bc_anchor_finder *f);

#endif
