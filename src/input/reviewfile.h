/* reviewfile.h - the review notes file ("ý kiến góp ý", gop-y.yaml) of a
 * draft review copy, read and checked; where each note goes on the pages
 * is found after the layout (draft/reviewnotes.h).
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
 * and signature blocks, page numbers or the draft's own marks): that is the
 * anchor finder's business (src/draft/reviewnotes.h); this module only
 * reads and checks the file.
 */
#ifndef BC_REVIEWFILE_H
#define BC_REVIEWFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Section levels a muc may name ("I.2.a": 3). */
#define BC_REVIEW_LEVELS 3

typedef struct bc_review_note {
    char *author;          /* may be NULL */
    char *text;
    char *section;         /* neo.muc or NULL */
    char *quote;           /* neo.trich or NULL */
    int page, line;        /* neo.trang, neo.dong; 0 when absent */
    int src_line, src_column;   /* the note's anchor (neo) in the file */
    /* neo.muc split into its levels, each as bc_review_number() gives it. */
    char parts[BC_REVIEW_LEVELS][16];
    int nparts;
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

/* One section number token (s, len bytes: "I.", "2)", "a") as compared:
 * lower-cased, without blanks, '(' before or '.'/')' after; into out (16
 * bytes, NUL-terminated). */
void bc_review_number(const char *s, size_t len, char out[16]);

#endif
