/* tablestream.c - appendix tables read, checked and handed out row by row. */
#include "tablestream.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tablespec.h"

struct bc_table_stream {
    bc_table *t;
    char *path;             /* the data file read on every pass */
    size_t nrows;
    unsigned char *heads;   /* bit per row: it heads the rows after it */
    bc_check_fix *fixes;    /* sorted by row, then in the order made */
    size_t nfixes;
};

typedef struct fix_seq {
    bc_check_fix fix;
    size_t seq;
} fix_seq;

static int cmp_fix(const void *a, const void *b)
{
    const fix_seq *x = a, *y = b;
    if (x->fix.row != y->fix.row)
        return x->fix.row < y->fix.row ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void bc_table_stream_free(bc_table_stream *ts)
{
    if (!ts)
        return;
    bc_table_free(ts->t);
    free(ts->path);
    free(ts->heads);
    free(ts->fixes);
    free(ts);
}

bc_table *bc_table_stream_table(const bc_table_stream *ts) { return ts->t; }

/* ---- one more read of the data file (passes 2 and 3) ---- */

/* A pass reads ts->path again: each row is checked against the first read's
 * count, given its place in the hierarchy (bc_rowtree_add), then handed to
 * on_row with ud. */
typedef struct pass {
    bc_table_stream *ts;
    bc_rowtree rt;
    bc_table_row_fn on_row;
    void *ud;
} pass;

static bc_status on_pass_row(void *ud, bc_row *row, size_t index, bc_error *err)
{
    pass *p = ud;
    if (index >= p->ts->nrows) /* the file grew since the first read */
        return bc_error_set(err, BC_E_INPUT, p->ts->t->csv_file, row->line, 0,
                            "tệp số liệu đã thay đổi trong khi đọc; hãy chạy lại");
    if (bc_rowtree_add(&p->rt, row, index))
        return bc_nomem(err);
    return p->on_row(p->ud, row, index, err);
}

static bc_status read_pass(bc_table_stream *ts, bc_table_row_fn on_row, void *ud, bc_error *err)
{
    pass p = {.ts = ts, .on_row = on_row, .ud = ud};
    bc_rowtree_init(&p.rt, ts->t);
    bc_status st = bc_table_stream_csv(ts->t, ts->path, on_pass_row, &p, err);
    bc_rowtree_free(&p.rt);
    return st;
}

/* ---- pass 2: hierarchy and checks ---- */

typedef struct check_pass {
    bc_table_stream *ts;
    bc_table_checker *chk;
} check_pass;

static bc_status on_check_row(void *ud, bc_row *row, size_t index, bc_error *err)
{
    check_pass *p = ud;
    bc_table_stream *ts = p->ts;
    if (row->parent >= 0)
        ts->heads[(size_t)row->parent / 8] |= (unsigned char)(1u << ((size_t)row->parent % 8));
    if (ts->t->grouping == BC_GROUP_BY_MARKER)
        row->is_group = false; /* known later: the checker counts the children */
    return bc_table_checker_row(p->chk, row, index) ? bc_nomem(err) : BC_OK;
}

bc_status bc_table_stream_open(const char *spec_path, const char *csv_path,
                               const bc_check_options *opts, bc_table_stream **out,
                               bc_diags *diags, bc_check_stats *stats, bc_error *err)
{
    *out = NULL;
    char *text;
    size_t len;
    bc_status st = bc_file_read(spec_path, &text, &len, err);
    if (st)
        return st;
    bc_table_stream *ts = calloc(1, sizeof *ts);
    if (!ts) {
        free(text);
        return bc_nomem(err);
    }
    st = bc_tablespec_parse(text, len, spec_path, &ts->t, diags, err);
    free(text);
    if (st) {
        free(ts);
        return st;
    }
    const char *csv = csv_path ? csv_path : ts->t->data_file;
    if (!csv) {
        bc_table_stream_free(ts);
        return bc_error_set(err, BC_E_INPUT, spec_path, 0, 0,
                            "không biết lấy số liệu ở đâu: thêm «du-lieu: tên-tệp.csv» vào đặc "
                            "tả hoặc chỉ ra tệp CSV trên dòng lệnh");
    }
    ts->path = bc_strdup(csv);
    if (!ts->path) {
        bc_table_stream_free(ts);
        return bc_nomem(err);
    }
    if ((st = bc_table_scan_csv(ts->t, csv, diags, &ts->nrows, err))) {
        bc_table_stream_free(ts);
        return st;
    }
    ts->heads = calloc(ts->nrows / 8 + 1, 1);
    check_pass p = {.ts = ts, .chk = bc_table_checker_new(ts->t, opts)};
    if (!ts->heads || !p.chk)
        st = bc_nomem(err);
    if (!st)
        st = read_pass(ts, on_check_row, &p, err);
    if (!st && p.chk) {
        st = bc_table_checker_finish(p.chk, opts, diags, stats);
        if (st == BC_E_NOMEM)
            st = bc_nomem(err);
    }
    if ((!st || st == BC_E_DATA) && p.chk) {
        size_t n;
        const bc_check_fix *fx = bc_table_checker_fixes(p.chk, &n);
        fix_seq *sorted = malloc((n ? n : 1) * sizeof *sorted);
        ts->fixes = malloc((n ? n : 1) * sizeof *ts->fixes);
        if (!sorted || !ts->fixes) {
            st = bc_nomem(err);
        } else {
            for (size_t i = 0; i < n; i++)
                sorted[i] = (fix_seq){fx[i], i};
            qsort(sorted, n, sizeof *sorted, cmp_fix);
            for (size_t i = 0; i < n; i++)
                ts->fixes[i] = sorted[i].fix;
            ts->nfixes = n;
        }
        free(sorted);
    }
    bc_table_checker_free(p.chk);
    if (st && st != BC_E_DATA) {
        bc_table_stream_free(ts);
        return st;
    }
    *out = ts;
    return st;
}

/* ---- pass 3: the rows as printed ---- */

typedef struct print_pass {
    bc_table_stream *ts;
    size_t next_fix;
    bc_dec *vals;
    bc_row_visit_fn visit;
    void *ctx;
} print_pass;

static bc_status on_print_row(void *ud, bc_row *row, size_t index, bc_error *err)
{
    print_pass *p = ud;
    bc_table_stream *ts = p->ts;
    bc_table *t = ts->t;
    if (t->grouping == BC_GROUP_BY_MARKER)
        row->is_group = !row->is_total && (ts->heads[index / 8] >> (index % 8)) & 1u;
    bc_table_row_style(t, row);
    while (p->next_fix < ts->nfixes && ts->fixes[p->next_fix].row < index)
        p->next_fix++;
    for (; p->next_fix < ts->nfixes && ts->fixes[p->next_fix].row == index; p->next_fix++) {
        const bc_check_fix *f = &ts->fixes[p->next_fix];
        bc_table_set_value(t, &row->cells[f->col], f->col, f->value, BC_CELL_FIXED);
    }
    bc_table_check_refill(t, row, p->vals);
    return p->visit(p->ctx, row, index, err);
}

static bc_status stream_each(void *src, bc_row_visit_fn visit, void *ctx, bc_error *err)
{
    bc_table_stream *ts = src;
    print_pass p = {.ts = ts, .visit = visit, .ctx = ctx};
    p.vals = malloc((ts->t->ncols ? ts->t->ncols : 1) * sizeof *p.vals);
    if (!p.vals)
        return bc_nomem(err);
    bc_status st = read_pass(ts, on_print_row, &p, err);
    free(p.vals);
    return st;
}

bc_row_source bc_table_stream_source(bc_table_stream *ts)
{
    return (bc_row_source){stream_each, ts, ts->nrows};
}
