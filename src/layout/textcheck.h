/* textcheck.h - "no text lost": the words a document should print (from
 * the model, the report's metadata and the appendix tables) are compared
 * with the words found in the laid-out display list, page by page as the
 * pages pass through a sink filter. Any word printed fewer times than it
 * occurs in the input is reported. Words are runs of letters, or of digits
 * (bidi reordering may separate them),
 * compared case-insensitively (styles may upper-case), NFC. A glyph run
 * placed beyond any edge of its page (even in part) is not printed: its
 * words count as lost.
 * Limitation: right-to-left scripts are reordered on the line (bidi) in
 * ways this comparison does not model; a document mixing them with digits
 * can be reported wrongly (not a concern for Vietnamese reports). */
#ifndef BC_TEXTCHECK_H
#define BC_TEXTCHECK_H

#include "display.h"
#include "error.h"
#include "model.h"
#include "table.h"

typedef struct bc_textcheck bc_textcheck;

/* inner: where the pages go after being read. Caller frees with
 * bc_textcheck_free. */
bc_textcheck *bc_textcheck_new(bc_page_sink inner);
void bc_textcheck_free(bc_textcheck *tc);

/* Expected text. */
void bc_textcheck_expect(bc_textcheck *tc, const char *text);
void bc_textcheck_expect_doc(bc_textcheck *tc, const bc_doc *doc);
void bc_textcheck_expect_table(bc_textcheck *tc, const bc_table *t);

/* The filter to give to the layout in place of inner. */
bc_page_sink bc_textcheck_sink(bc_textcheck *tc);

/* After the layout: BC_OK, or BC_E_LAYOUT with err naming up to ten
 * missing words and how many are missing in all. */
bc_status bc_textcheck_finish(bc_textcheck *tc, bc_error *err);

#endif
