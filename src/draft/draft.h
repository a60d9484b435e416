/* draft.h - draft review copies ("bản dự thảo"): a page-sink filter that
 * decorates every finished page and forwards it to the real writer.
 *
 * The filter never changes the layout: it only appends display items, so the
 * page and line breaks of a draft are exactly those of the final copy and a
 * reviewer's "trang 3, dòng 12" stays valid. Decorations (all ordinary
 * display items, drawn alike by every renderer):
 *   - page 1: a boxed "DỰ THẢO" in the top margin, centred over the agency
 *     block (ND30 puts boxed marks above boxes 2/1), placed clear of every
 *     item of the page;
 *   - every page: a stamp "Dự thảo lần N – dd/mm/yyyy hh:mm" centred in the
 *     bottom margin; optionally a light grey diagonal watermark "DỰ THẢO"
 *     drawn under the text;
 *   - body lines (glyph items with role BC_ROLE_BODY and line_no > 0, set by
 *     the pager and restarting on each page): their number, 8 pt grey,
 *     right-aligned 4 mm left of the text area on the line's baseline (moved
 *     further left if anything on the page is in the way);
 *   - lines holding a glyph item with deletion_mark (text was deleted there
 *     since the previous draft, see docdiff.h): a red bar in the right
 *     margin.
 * All small texts are shaped with para.c, so they are real glyph runs
 * (searchable, extractable) with role BC_ROLE_FURNITURE.
 *
 * After the document, bc_draft_summary() adds the change summary page(s)
 * "TÓM TẮT THAY ĐỔI SO VỚI DỰ THẢO TRƯỚC" through the same filter, and
 * bc_draft_source_list() the list of attached sources (draftsrc.h).
 *
 * The settings (du-thao.yaml) are read by the input stage (input/draftcfg.h).
 */
#ifndef BC_DRAFT_H
#define BC_DRAFT_H

#include <stdbool.h>

#include "display.h"
#include "docdiff.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"

typedef struct bc_draft_opts {
    int round;              /* N >= 1 */
    const char *stamp_time; /* "dd/mm/yyyy hh:mm" (see bc_draft_time_check); copied */
    bool watermark;
} bc_draft_opts;

typedef struct bc_draft bc_draft;

/* cfg and fonts are borrowed and must outlive the filter; next receives
 * the decorated pages (and owns them). *out: bc_draft_free. */
bc_status bc_draft_new(const bc_draft_opts *opts, const bc_layout_cfg *cfg, bc_fonts *fonts,
                       bc_page_sink next, bc_draft **out, bc_error *err);
/* The sink callback (ctx = the filter): decorates page and passes it on.
 * Takes ownership of page. On failure err is the filter's own error
 * (shaping a mark, memory) or the next sink's, unchanged; every later call
 * returns that first error again. */
bc_status bc_draft_page(void *ctx, bc_page *page, bc_error *err);
/* Convenience: {bc_draft_page, d}. */
bc_page_sink bc_draft_sink(bc_draft *d);
/* Lays out the change summary (one or more pages, numbered after the last
 * page received) and sends it through the filter. compared_with names the
 * previous draft in the page's introduction (may be NULL). */
bc_status bc_draft_summary(bc_draft *d, const bc_diff_summary *s, const char *compared_with,
                           bc_error *err);
/* One line of the list of attached sources. */
typedef struct bc_draft_listed_file {
    const char *name;     /* inside the PDF */
    const char *source;   /* the source file, as the list names it */
    const char *sha256;   /* of the source file */
    const char *left_out; /* what the attached copy leaves out; NULL = whole */
} bc_draft_listed_file;
/* Lays out the page(s) "CÁC TỆP NGUỒN ĐÍNH KÈM" listing files[0..n) (name,
 * source, what was left out, SHA-256), numbered after the last page, and
 * sends them through the filter. whole: the originals were attached. */
bc_status bc_draft_source_list(bc_draft *d, const bc_draft_listed_file *files, size_t n,
                               bool whole, bc_error *err);
/* Pages passed on so far. */
int bc_draft_pages(const bc_draft *d);
void bc_draft_free(bc_draft *d);

/* Checks "dd/mm/yyyy hh:mm" (a real date and time). Errors: BC_E_USAGE. */
bc_status bc_draft_time_check(const char *s, bc_error *err);
/* The current local time as "dd/mm/yyyy hh:mm". Caller frees. */
char *bc_draft_time_now(void);

#endif
