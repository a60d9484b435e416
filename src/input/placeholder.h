/* placeholder.h - figures in the narrative bound to the data.
 *
 * The Markdown narrative quotes values of a bc_values store (values.h) with
 * placeholders, expanded in the source text before it is parsed:
 *
 *   {{ NAME }}                  the value in its own form (below)
 *   {{ NAME | FORMAT }}         the value in a format
 *   {{ NAME | FORMAT(N) }}      with a number: decimals, or digits for so0
 *   {{ "TEXT" }}                TEXT as is (e.g. {{ "{{" }} writes "{{")
 *
 * NAME is a value name or table reference: hai_long.chung,
 * hai_long.chung.truoc, ky.quy, pl2.tong.tiep_nhan, pl2["A"].ty_le,
 * pl2.cot.tiep_nhan.tong (values.h). Spaces inside {{ }} are optional; a
 * placeholder stays on one line.
 *
 * Formats (numbers are written the Vietnamese way, vnnum.h):
 *   so            whole number, "." groups thousands: 1.023.615 (the report's
 *                 years and numbers - ky.nam, bao_cao.so - are not grouped:
 *                 2018; a year in an indicator file is an ordinary number:
 *                 print it with chu)
 *   so0, so0(N)   whole number padded with zeros to N digits (default 2): 07
 *   thap_phan, thap_phan(N)   decimals with ",": 76,88 (default: the decimals
 *                 as written; a rate prints its percentage without "%")
 *   pct, pct(N)   percentage: 76,88%, 0,49%. A rate (written with "%", or a
 *                 rate column) prints as is; a plain number is taken as
 *                 already in percent (76,88 -> 76,88%)
 *   la_ma         Roman numeral: {{ ky.quy | la_ma }} -> I
 *   ngay          ngày 05 tháng 02 năm 2024 (ND30: day < 10 and months 1-2
 *                 with a leading zero)
 *   ngay_ngan     05/02/2024, 14/3/2018
 *   tang_giam, tang_giam(N)   change from the previous period in words:
 *                 "tăng 3,51%" / "giảm 0,41%" / "không thay đổi". For a rate
 *                 the change is the difference of the two rates, in
 *                 percentage points written with "%" as the reports do
 *                 (76,88% vs 73,37% -> tăng 3,51%; default decimals: the more
 *                 precise of the two as written). For other numbers it is the
 *                 relative change (1.100 vs 1.000 -> tăng 10,00%; default 2
 *                 decimals; a previous value of 0 is an error)
 *   tang_giam_so, tang_giam_so(N)  the difference itself in words, in the
 *                 value's own unit: "tăng 63.828", "giảm 0,41%"
 *   chenh_lech, chenh_lech(N)   the difference alone, signed: 63.828, -12
 *   chu           the value as written in the data (no reformatting)
 * Without a format: a whole number as written (so, with its leading zero if
 * it had one: 06), a decimal with its decimals, a rate as pct, a date as
 * ngay_ngan, a text as is. Format names accept "-" for "_".
 *
 * Escaping: "\{{" is left as is (Markdown then prints "{{"), and so is a
 * "\\" pair before it; inside a code span, where Markdown keeps backslashes,
 * write {{ "{{" }}. Nothing outside {{ }} is changed. Inserted text has its
 * Markdown punctuation backslash-escaped (\ ` * _ [ ] < > # ! | ~ { } &) so
 * that it prints literally, and line breaks become spaces, so line numbers
 * of the narrative do not move.
 *
 * Errors are BC_E_INPUT naming the narrative file, the line and the column
 * (in characters) of the "{{", in Vietnamese: unknown name (with the nearest
 * known name), unknown format (with the nearest), a format that does not fit
 * the value (so on 76,88%; ngay on a number; tang_giam without a previous
 * value), a missing table row or column, an empty cell, an unterminated
 * "{{", a malformed placeholder.
 */
#ifndef BC_PLACEHOLDER_H
#define BC_PLACEHOLDER_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"
#include "report.h"
#include "table.h"
#include "values.h"

typedef struct bc_expand_opts {
    /* Add a note (bc_diags, at the value's file:line:column) for every value
     * of an indicator file that the text does not use. */
    bool warn_unused;
    /* Called once for every value of an indicator file that the text uses
     * (after a successful expansion, in the store's order), with ctx =
     * used_ctx; the entry is valid during the call only. May be NULL. */
    void (*on_used)(void *ctx, const bc_value_entry *e);
    void *used_ctx;
} bc_expand_opts;

/* Expands the placeholders of text[0..len) read from file (for messages).
 * o may be NULL (defaults). On success *out is the expanded text,
 * NUL-terminated (caller frees), *out_len its length (out_len may be NULL),
 * and notes went to d (may be NULL). On error *out is NULL and err names
 * file:line:column. Invalid UTF-8 in text is an error as in text.h. */
bc_status bc_narrative_expand(const char *text, size_t len, const char *file,
                              const bc_values *v, const bc_expand_opts *o, char **out,
                              size_t *out_len, bc_diags *d, bc_error *err);

/* The narrative of a report, ready for layout: reads r->body_path (text.h;
 * a file that cannot be opened is reported at report.yaml's noi-dung
 * line, other errors unchanged), gathers the values (bc_values_from_report with the
 * report's appendix tables, in order: pl1, pl2, ...), expands the
 * placeholders and parses the Markdown (markdown.h). *out: caller frees with
 * bc_doc_free(). */
bc_status bc_narrative_load(const bc_report *r, bc_table *const *tables, size_t ntables,
                            const bc_expand_opts *o, bc_doc **out, bc_diags *d, bc_error *err);

/* Formats one value. name is used in messages; format is "pct", "pct(1)",
 * ... or NULL/"" for the value's own form; prev is the previous period's
 * value or NULL. On BC_OK *out is the text (caller frees; not escaped). On
 * BC_E_INPUT err says why, without a place (the caller knows where the
 * value was asked for: bc_error_locate). BC_E_NOMEM on out-of-memory. */
bc_status bc_value_format(const char *name, const bc_value *v, const bc_value *prev,
                          const char *format, char **out, bc_error *err);

#endif
