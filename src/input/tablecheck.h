/* tablecheck.h - checks an appendix table's figures before it is printed.
 *
 * What is checked (each finding is one bc_diags item located at the CSV
 * cell - file:line:column - and naming the appendix label, the row as
 * printed (marker + name), the column (with its groups), the stated value and
 * the computed value, numbers written the Vietnamese way):
 *   - a group row equals the sum of its direct children, for every summable
 *     column (cong-don). The hierarchy comes from the markers (A, B, C >
 *     I, II > 1, 2 > - > +) or, with "nhom: o-trong", from rows whose tail is
 *     empty (those carry no figures, so no sums). A totals row (TỔNG) equals
 *     the sum of the top rows since the previous totals row. A group row whose
 *     summable cells are all empty is a heading: it is not checked, and its
 *     parent (or the totals row) takes the sum of its children instead. A
 *     totals row right after another totals row (Cộng, Cộng, Tổng cộng) is
 *     the sum of the totals rows above it. Whole
 *     numbers must match exactly; decimals within half a unit of the printed
 *     precision per child;
 *   - a formula column equals its formula on every row, within half a unit of
 *     the printed precision (the coarser of the column's so-le and the
 *     decimals written in the cell): "0,50%" is right for 0,4958%. Empty and
 *     "-" operands count as 0 (an empty one shows as "(trống)" in the
 *     message); a division by zero is only reported when the stated value is
 *     not 0;
 *   - a required cell (bat-buoc) is not empty (rows heading others by
 *     "nhom: o-trong" are exempt, and so is the name cell of a totals row,
 *     whose marker TỔNG names it);
 *   - a numeric column holds numbers and a date column dates.
 *
 * Message forms (tests rely on them):
 *   Phụ lục 2, hàng «A CƠ QUAN CHUYÊN MÔN CẤP TỈNH», cột «Hồ sơ đã giải quyết
 *     xong / Đúng hạn»: ghi 260.245 nhưng tổng 18 hàng con là 260.246
 *   Phụ lục 2, hàng «TỔNG», cột «Hồ sơ tiếp nhận»: ghi 543.317 nhưng tổng 3 hàng
 *     A, B, C là 543.318
 *   Phụ lục 2, hàng «3 Sở Du lịch», cột «Hồ sơ trễ hạn / Tỷ lệ»: ghi 0,23% nhưng
 *     tre_han_sl / (tong_da_gq + tong_dang_gq) = 2 / (837 + 18) = 0,23%
 *   ...: «12a» không phải là số        ...: ô bắt buộc bị bỏ trống
 * In fix mode a mismatch is not a warning but a note:
 *   ...: đã thay 260.245 bằng 260.246 (tổng 18 hàng con)
 * and the cell gets the computed value (flag BC_CELL_FIXED); the sums are then
 * carried up, so parents and totals are recomputed from fixed children.
 * A last note sums up what was checked.
 */
#ifndef BC_TABLECHECK_H
#define BC_TABLECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "table.h"

typedef struct bc_check_options {
    bool fix;            /* replace wrong stated values by computed ones (notes) */
    bool no_summary;     /* leave out the closing summary note */
} bc_check_options;

typedef struct bc_check_stats {
    size_t sums_checked;     /* group/total cells compared with their children */
    size_t formulas_checked; /* formula cells compared */
    size_t mismatches;       /* sums and formulas that did not match */
    size_t fixed;            /* of those, replaced (fix mode) */
    size_t invalid_cells;    /* text in numeric/date columns */
    size_t sums_too_large;   /* sums beyond 18 digits (not checked) */
    size_t empty_required;
} bc_check_stats;

/* Runs the checks on a loaded table. opts and stats may be NULL. In fix mode
 * the table's cells are changed. Returns BC_OK when no warning was added,
 * BC_E_DATA when there was at least one (the table is still printable),
 * BC_E_NOMEM on out-of-memory. */
bc_status bc_table_check(bc_table *t, const bc_check_options *opts, bc_diags *diags,
                         bc_check_stats *stats);

/* The same checks one row at a time, in order (streamed tables keep no
 * rows): a row's sums are checked when its last child has gone by, on a
 * stack of the open groups; findings are kept (there are few) and given
 * out sorted by row and column at finish, so diags are those of
 * bc_table_check. Rows must carry their hierarchy (bc_rowtree_add or
 * bc_table_build_rows): parent, is_total, is_group for "nhom: o-trong".
 * The checker copies what it keeps; the rows themselves are not changed:
 * in fix mode the replaced values are listed (bc_table_checker_fixes) for
 * the caller to apply with bc_table_set_value(..., BC_CELL_FIXED) followed
 * by bc_table_check_refill. */
typedef struct bc_table_checker bc_table_checker;
typedef struct bc_check_fix {
    size_t row;      /* row index */
    int col;         /* leaf column */
    bc_dec value;    /* the computed value that replaces the stated one */
} bc_check_fix;
/* NULL on out-of-memory. opts may be NULL. */
bc_table_checker *bc_table_checker_new(bc_table *t, const bc_check_options *opts);
/* BC_E_NOMEM on out-of-memory. index: 0, 1, 2 ... */
bc_status bc_table_checker_row(bc_table_checker *x, const bc_row *row, size_t index);
/* Closes the open groups, adds the findings and the summary to diags;
 * returns as bc_table_check. Call once. */
bc_status bc_table_checker_finish(bc_table_checker *x, const bc_check_options *opts,
                                  bc_diags *diags, bc_check_stats *stats);
/* Fixes in the order they were made (several may name one cell: the last
 * wins); valid until the checker is freed. */
const bc_check_fix *bc_table_checker_fixes(const bc_table_checker *x, size_t *n);
void bc_table_checker_free(bc_table_checker *x);
/* Refills a row's computed-only formula columns from its (fixed) values, as
 * the checks leave them. vals: ncols scratch values. */
void bc_table_check_refill(bc_table *t, bc_row *row, bc_dec *vals);

/* Loads spec + CSV (tablespec.h, csv_path NULL = the spec's du_lieu) and runs
 * the checks. Input errors: BC_E_INPUT with err filled and *out NULL.
 * Otherwise *out is the table (caller frees with bc_table_free()) and the
 * status is that of bc_table_check (BC_OK or BC_E_DATA). */
bc_status bc_table_load_checked(const char *spec_path, const char *csv_path,
                                const bc_check_options *opts, bc_table **out,
                                bc_diags *diags, bc_check_stats *stats, bc_error *err);

#endif
