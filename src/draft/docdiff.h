/* docdiff.h - word-level differences between two drafts of a narrative.
 *
 * Compares the previous draft's document model with the current one and
 * marks the changes in the *current* model, without changing its text (so
 * its layout, and therefore its page and line breaks, stay exactly those of
 * the final copy):
 *   - words that are new or changed get BC_SPAN_INSERTED spans (drawn
 *     underlined and coloured by para.c);
 *   - the word that follows each deletion gets a BC_SPAN_DELMARK span (the
 *     draft filter draws a mark in the margin of its line); a deletion at the
 *     end of a block marks the block's last word. Deleted text itself is
 *     never inserted.
 *
 * Method: blocks (paragraphs, headings, list items; page breaks are ignored)
 * are aligned by a longest common subsequence of equal blocks (same kind,
 * level and text; heading numbers are not compared, they follow from the
 * order); the unmatched blocks between two matches are paired by word
 * overlap (same kind, at least 40 % of the words shared), the remaining ones
 * are added or removed blocks. Paired blocks are compared word by word
 * (words = runs of non-blank characters, compared exactly) with a longest
 * common subsequence. Footnotes are compared by number the same way.
 *
 * Bounded cost: a comparison whose table would exceed max_cells cells
 * (default 4 Mi, 16 MiB) is done coarsely instead: after the common prefix
 * and suffix, a greedy walk that re-synchronises on the nearer equal item
 * within 200 items (linear time and memory); the summary then says so
 * (approximate).
 */
#ifndef BC_DOCDIFF_H
#define BC_DOCDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* Change counts of one top-level section (heading level 1) of the current
 * draft. Blocks before the first heading form "Phần mở đầu"; changed
 * footnotes are counted in "Chú thích". A removed block counts in the
 * section where the text following it now is. */
typedef struct bc_diff_section {
    char *title;            /* "I. CÔNG TÁC CHỈ ĐẠO ..." (owned); NULL in the totals */
    size_t words_inserted;  /* words new or changed in the current draft */
    size_t words_deleted;   /* words of the previous draft that are gone or changed */
    size_t blocks_added, blocks_removed, blocks_changed;
} bc_diff_section;

typedef struct bc_diff_summary {
    bc_diff_section *sections;  /* in document order; owned */
    size_t count;
    bc_diff_section total;
    bool approximate;           /* some comparison hit max_cells (see above) */
} bc_diff_summary;

typedef struct bc_docdiff_opts {
    size_t max_cells;       /* 0 = default (4 Mi) */
} bc_docdiff_opts;

/* Compares prev with cur and adds the marks to cur's spans (prev is not
 * changed). opts may be NULL. *out is a new summary (bc_diff_summary_free).
 * Fails only on out-of-memory. */
bc_status bc_docdiff(const bc_doc *prev, bc_doc *cur, const bc_docdiff_opts *opts,
                     bc_diff_summary **out, bc_error *err);
void bc_diff_summary_free(bc_diff_summary *s);

#endif
