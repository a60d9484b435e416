/* tablelayout.h - lays out an appendix table (table.h) on pages: the
 * appendix title block, the multi-level header (repeated on every page,
 * with an optional continuation caption), rows kept whole when short and
 * split line by line across pages when tall (never clipped), cell borders,
 * and the note under the table. Rows stream through the pager, so memory
 * does not grow with the row count beyond the table data itself. */
#ifndef BC_TABLELAYOUT_H
#define BC_TABLELAYOUT_H

#include "error.h"
#include "pager.h"
#include "place.h"
#include "table.h"

/* Starts a new section (orientation from the table; numbering restarts,
 * none on its first page) and lays the table out. fonts/cfg come from
 * fr; fr's left/width are ignored (the section's text area is used).
 * A token that cannot fit its cell is an error naming appendix, row and
 * column (BC_E_LAYOUT). rows: where the rows come from when the table
 * keeps none (a streamed table, one row in memory at a time); NULL or
 * without each() = t->rows. */
bc_status bc_table_layout(bc_pager *pager, const bc_frame *fr, const bc_table *t,
                          const bc_appendix_info *info, const bc_row_source *rows,
                          bc_error *err);

#endif
