/* values.h - the named values a narrative may quote: one source of truth
 * for every figure in the text.
 *
 * A bc_values store holds named values. A value is a number (with the
 * decimals it was written with, whether it is a rate, whether it had a
 * leading zero), a date or a text, and may carry the previous period's
 * value. Names are dotted ("hai_long.chung"); in names "-" and "_" are the
 * same (stored and looked up with "_").
 *
 * WHERE VALUES COME FROM
 * ======================
 * 1. Indicator files (report.yaml "so-lieu: [chi-so.yaml, ...]").
 *
 *    YAML: nested mappings give dotted names. A leaf is a scalar, or a
 *    mapping {nay: VALUE, truoc: VALUE} with this period's value and the
 *    previous period's (truoc is optional):
 *
 *      so-kieu: tu-dong          # optional: viet | anh | tu-dong (default)
 *      hai_long:
 *        chung:                  # hai_long.chung = 76,88%, previous 73,37%
 *          nay: 76,88%
 *          truoc: 73,37%
 *        muc_tieu: 77%           # hai_long.muc_tieu
 *      cong_cchc:
 *        luot_truy_cap: {nay: 1.023.615, truoc: 959.787}
 *      hoi_nghi: 2018-02-07      # a date (also 07/02/2018)
 *      don_vi: Sở Nội vụ         # a text
 *
 *    (In a flow mapping {...} a value with a comma must be quoted:
 *    {nay: "76,88%", truoc: "73,37%"}.) The top-level names ky, bao_cao and
 *    phu_luc and pl1, pl2, ... are taken by the report (below).
 *
 *    CSV (".csv"): one value per row, key,value[,previous]; an optional first
 *    row "khoa,nay,truoc" is a header. The number style of the nay and truoc
 *    columns is decided per column (a column mixing both styles, or holding
 *    only numbers that read both ways with nothing in the file deciding, is
 *    an error naming the cells):
 *      khoa,nay,truoc
 *      hai_long.chung,"76,88%","73,37%"
 *
 *    Excel (".xlsx", optionally "chi-so.xlsx#Sheet" - a sheet name or
 *    1-based index, xlsx.h): the same three columns khoa, nay, truoc on the
 *    sheet (first sheet by default; an optional first row "khoa, nay,
 *    truoc"). A number cell is read as its format shows it - 0.7688 in
 *    "0.00%" is 76,88%, 76.8 in "0.00" is 76,80, 1023615 in "#,##0" is
 *    1.023.615 - and a date cell is a date; a text cell is read like a
 *    YAML value in tu-dong style. Messages name the cell as Excel does:
 *    "chi-so.xlsx: Chỉ số!B5: ...".
 *
 *    How a written value is read: a number in the file's style (so-kieu;
 *    vnnum.h: tu-dong decides per value, where a lone mark followed by
 *    exactly three digits groups thousands - "1.234" is 1234 - and any other
 *    lone mark is the decimal mark); a trailing "%" makes a rate (kept as a
 *    fraction, 0,49% -> 0.0049); "07" is a whole number written with a
 *    leading zero; "2018-03-14" or "14/3/2018" is a date; anything else is a
 *    text.
 *
 * 2. The report's metadata (report.yaml):
 *      bao_cao.so          45 (a number, never grouped; "05" keeps its zero)
 *      bao_cao.ky_hieu     BC-UBND             bao_cao.so_ky_hieu  45/BC-UBND
 *      bao_cao.ngay        the issue date      bao_cao.dia_danh    Khánh Hòa
 *      bao_cao.co_quan     Ủy ban nhân dân tỉnh Khánh Hòa
      phu_luc.1, phu_luc.2 ...   the label printed above each appendix of
                          phu-luc ("Phụ lục I", or "Phụ lục 1" with
                          phu-luc-danh-so: a-rap; "Phụ lục" when there is one):
                          "(chi tiết tại {{ phu_luc.2 }} kèm theo)" always
                          cites the label the appendix carries
 *    and, when ky-bao-cao is given (period.h):
 *      ky.loai     quy | 6-thang | 9-thang | nam
 *      ky.quy      1..4 (quarterly reports only)
 *      ky.nam      2018 (never grouped; its previous value is 2017)
 *      ky.ten      quý I năm 2018       ky.ten_ngan  quý I/2018
 *      ky.cung_ky  quý I năm 2017 (the same period a year earlier)
 *      ky.sau      quý II năm 2018 (the next period)
 *      ky.tu_ngay, ky.den_ngay   first and last day (dates)
 *
 * 3. Appendix tables, named pl1, pl2, ... in the order of report.yaml's
 *    phu-luc. They are looked up when quoted, not copied:
 *      pl2.tong.tiep_nhan           the totals row (the last TỔNG row), column
 *                                   key tiep_nhan
 *      pl2["A"].ty_le               the row whose marker (STT) is A - or, when
 *                                   no marker matches, whose name is the text
 *                                   (case-insensitive; "1." matches "1")
 *      pl2["B"]["1"].tiep_nhan      each [...] looks among the rows under the
 *                                   previous one (a marker that repeats needs
 *                                   its parent)
 *      pl2.cot.tiep_nhan.tong       sum of the column over the top-level rows
 *                                   (totals rows left out); pl2["A"].cot.X.tong
 *                                   sums the rows directly under A
 *      pl2.cot.tre_han_sl.dem       how many of those rows have a value that is
 *                                   neither empty nor 0
 *      pl2.so_hang, pl2["A"].so_hang   number of top-level rows / rows under A
 *    A cell keeps its column's kind: whole numbers, decimals (the column's
 *    so-le decimals), rates (fractions with so-le decimals), text. An empty
 *    cell is an error ("-" is 0). Rate columns cannot be summed.
 *
 * Any value may be followed by ".truoc" (its previous period's value) or
 * ".nay" (itself).
 *
 * Ownership: a bc_values owns its names and values; tables added with
 * bc_values_add_table() are borrowed and must outlive the store. The store is
 * never changed by lookups (thread-compatible, no global state).
 */
#ifndef BC_VALUES_H
#define BC_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "period.h"
#include "report.h"
#include "table.h"
#include "vnfmt.h"
#include "vnnum.h"

typedef enum bc_value_kind { BC_VALUE_NUMBER = 0, BC_VALUE_TEXT, BC_VALUE_DATE } bc_value_kind;

typedef struct bc_value {
    bc_value_kind kind;
    bc_dec num;       /* NUMBER: the exact value; a rate is a fraction (0,49% -> 0.0049) */
    int decimals;     /* NUMBER: digits after the decimal mark as written (for a
                         rate: of the percentage, 0,49% -> 2) */
    bool rate;        /* NUMBER: a rate (written with "%", or a rate column) */
    int min_digits;   /* NUMBER: integer digits when written with a leading zero
                         ("07" -> 2); 0 = none */
    bool no_grouping; /* NUMBER: years and document numbers: 2018, not 2.018 */
    bc_date date;     /* DATE */
    char *text;       /* TEXT: the text; NUMBER and DATE: as written (messages). Owned. */
    bool too_long;    /* TEXT: written as a number of more than 18 digits (the
                         loaders refuse it: bc_dec cannot keep it exactly) */
} bc_value;

/* Frees v->text and zeroes v. */
void bc_value_clear(bc_value *v);
/* Deep copy into *dst (which is overwritten, not freed). false on OOM. */
bool bc_value_copy(bc_value *dst, const bc_value *src);
/* Reads a value as written (see "How a written value is read"). false on
 * out-of-memory only. *out: caller clears. */
bool bc_value_parse(const char *s, bc_num_style style, bc_value *out);
/* A number value: decimals as given, not a rate. */
bc_value bc_value_number(bc_dec x, int decimals);

/* One named value of the store. */
typedef struct bc_value_entry {
    const char *name;  /* dotted, "_" for "-" */
    bc_value cur;
    bool has_prev;
    bc_value prev;
    const char *file;  /* where it was read (NULL for metadata) */
    const char *sheet; /* the sheet when file is an .xlsx (line = Excel row,
                          column = Excel column), else NULL */
    int line, column;
    bool from_data;    /* read from an indicator file (listed by warn-unused) */
} bc_value_entry;

typedef struct bc_values bc_values;

/* An empty store; NULL on out-of-memory. */
bc_values *bc_values_new(void);
void bc_values_free(bc_values *v);

/* Adds a copy of cur (and prev when non-NULL) under name. A name that is
 * already there, or that is a prefix of another (a.b and a.b.c), is an error
 * naming both places. file/line/column say where it comes from (file may be
 * NULL). */
bc_status bc_values_add(bc_values *v, const char *name, const bc_value *cur,
                        const bc_value *prev, const char *file, int line, int column,
                        bool from_data, bc_error *err);

/* Where a message about entry e points: e->file with *line and *column, or for
 * a workbook "book.xlsx: Sheet!B5" written into buf with *line = *column =
 * 0. NULL for the report's own values. */
const char *bc_value_entry_where(const bc_value_entry *e, char *buf, size_t size, int *line,
                                 int *column);

/* Indicator files: by extension (.csv; .xlsx with an optional "#Sheet" -
 * see xlsx.h; else YAML). Errors are BC_E_INPUT at the file's line and
 * column (for a workbook: "book.xlsx: Sheet!B5"). The _yaml / _csv / _xlsx
 * forms read bytes (name for messages; for _xlsx it may carry "#Sheet"). */
bc_status bc_values_load_file(bc_values *v, const char *path, bc_error *err);
bc_status bc_values_load_xlsx(bc_values *v, const char *data, size_t len, const char *name,
                              bc_error *err);
bc_status bc_values_load_yaml(bc_values *v, const char *data, size_t len, const char *name,
                              bc_error *err);
bc_status bc_values_load_csv(bc_values *v, const char *data, size_t len, const char *name,
                             bc_error *err);

/* The report's metadata (bao_cao.*, and ky.* when it has a period). */
bc_status bc_values_add_report(bc_values *v, const bc_report *r, bc_error *err);
/* ky.* for a period. */
bc_status bc_values_add_period(bc_values *v, const bc_period *p, bc_error *err);
/* A table under name ("pl2"); borrowed. */
bc_status bc_values_add_table(bc_values *v, const char *name, const bc_table *t,
                              bc_error *err);

/* Everything a report's narrative may quote: the report's metadata and
 * period, its so-lieu files (an unreadable one is an error at report.yaml's
 * so-lieu line) and tables[0..ntables) as pl1, pl2, ... (borrowed: they must
 * outlive *out; pass the report's appendices in order). *out: caller frees
 * with bc_values_free(). */
bc_status bc_values_from_report(const bc_report *r, bc_table *const *tables, size_t ntables,
                                bc_values **out, bc_error *err);

/* Entries in the order they were added (tables are not entries). */
size_t bc_values_count(const bc_values *v);
const bc_value_entry *bc_values_entry(const bc_values *v, size_t i);
/* Entry by name ("-" and "_" alike); NULL if none. */
const bc_value_entry *bc_values_find(const bc_values *v, const char *name);

/* Resolves a reference such as hai_long.chung, hai_long.chung.truoc,
 * pl2.tong.tiep_nhan, pl2["A"].ty_le, pl2.cot.tiep_nhan.tong (see above).
 * On BC_OK, *out is the value (caller clears) and *prev its previous
 * period's value when it has one (prev may be NULL; *has_prev says whether it
 * was filled), *entry the index of the entry used or (size_t)-1 for table
 * values. On BC_E_INPUT, err says why in Vietnamese, with the nearest known
 * name when there is one, without a place (the caller knows where the
 * reference was written: bc_error_locate). BC_E_NOMEM on out-of-memory. */
bc_status bc_values_lookup(const bc_values *v, const char *ref, bc_value *out, bc_value *prev,
                           bool *has_prev, size_t *entry, bc_error *err);

#endif
