/* tablecheck.c - subtotal, formula and cell checks of appendix tables. */
#include "tablecheck.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tablespec.h"
#include "vnnum.h"

typedef struct finding {
    size_t row;
    size_t col;
    size_t seq;
    bc_severity sev;
    int line, column;
    char *message;
} finding;

typedef struct check_ctx {
    bc_table *t;
    bool fix;
    bc_dec *V;         /* nrows x ncols working values (exact) */
    finding *f;
    size_t nf, capf;
    bool oom;
    bc_check_stats st;
} check_ctx;

static bool is_numeric(bc_col_kind k)
{
    return k == BC_COL_INTEGER || k == BC_COL_DECIMAL || k == BC_COL_RATE;
}

static const char *table_label(const bc_table *t)
{
    return t->label && t->label[0] ? t->label : "Bảng";
}

/* Adds a finding; takes ownership of msg. */
static void add_finding(check_ctx *x, size_t row, size_t col, bc_severity sev, char *msg)
{
    if (!msg) {
        x->oom = true;
        return;
    }
    if (x->nf == x->capf) {
        size_t cap = x->capf ? x->capf * 2 : 32;
        finding *p = realloc(x->f, cap * sizeof *p);
        if (!p) {
            free(msg);
            x->oom = true;
            return;
        }
        x->f = p;
        x->capf = cap;
    }
    const bc_cell *cell = &x->t->rows[row].cells[col];
    finding *fd = &x->f[x->nf];
    fd->row = row;
    fd->col = col;
    fd->seq = x->nf;
    fd->sev = sev;
    fd->line = cell->line ? cell->line : x->t->rows[row].line;
    fd->column = cell->line ? cell->column : 0;
    fd->message = msg;
    x->nf++;
}

/* "Phụ lục 2, hàng «…», cột «…»: " */
static char *prefix(const check_ctx *x, size_t row, size_t col)
{
    char *label = bc_table_row_label(x->t, row);
    char *p = bc_strdup_printf("%s, hàng «%s», cột «%s»: ", table_label(x->t),
                               label ? label : "", x->t->cols[col].path_label);
    free(label);
    return p;
}

static void fmt_val(const bc_table *t, size_t col, bc_dec v, char *buf, size_t size)
{
    bc_table_format_value(t, (int)col, v, buf, size);
    if (buf[0] == '-' && buf[1] == '\0') {
        /* a dash for zero reads badly in a sentence */
        bc_num_fmt f = t->cols[col].fmt;
        f.dash_zero = false;
        bc_num_format_dec_to(buf, size, v, &f);
    }
}

/* halves * (half the smallest printed step) of a column, in value units
 * (rates are fractions): the tolerance of a check, exactly. */
static bc_dec half_units(const bc_column *col, int written_decimals, size_t halves)
{
    int d = col->kind == BC_COL_INTEGER ? 0 : col->fmt.decimals;
    if (written_decimals >= 0 && written_decimals < d)
        d = written_decimals;
    if (col->kind == BC_COL_RATE)
        d += 2;
    if (halves > 100000000)
        halves = 100000000;
    bc_dec u = {(int64_t)halves * 5, d + 1};
    if (u.scale > BC_DEC_MAX_SCALE)
        u = bc_dec_round(u, BC_DEC_MAX_SCALE);
    return u;
}

/* |stated - computed| > tol, exactly (no binary noise to allow for). */
static bool differs(bc_dec stated, bc_dec computed, bc_dec tol)
{
    bc_dec d;
    if (bc_dec_sub(stated, computed, &d) != BC_DEC_OK)
        return true; /* the difference itself is beyond 18 digits */
    return bc_dec_cmp(bc_dec_abs(d), tol) > 0;
}

/* Replaces a stated value (fix mode). */
static void replace_value(check_ctx *x, size_t row, size_t col, bc_dec v)
{
    bc_table *t = x->t;
    x->V[row * t->ncols + col] = v;
    bc_table_set_value(t, &t->rows[row].cells[col], (int)col, v, BC_CELL_FIXED);
    x->st.fixed++;
}

static void report_mismatch(check_ctx *x, size_t row, size_t col, bc_dec computed,
                            const char *how, const char *reason)
{
    bc_table *t = x->t;
    const bc_cell *cell = &t->rows[row].cells[col];
    char *p = prefix(x, row, col);
    char sv[128], cv[128];
    bool empty = (cell->flags & BC_CELL_EMPTY) != 0;
    if (empty)
        snprintf(sv, sizeof sv, "%s", "");
    else if (cell->flags & BC_CELL_DASH)
        snprintf(sv, sizeof sv, "%s", "-");
    else
        snprintf(sv, sizeof sv, "%s", cell->display); /* as it would print */
    fmt_val(t, col, computed, cv, sizeof cv);
    char *msg;
    x->st.mismatches++;
    if (x->fix) {
        if (empty)
            msg = bc_strdup_printf("%sđã điền %s vào ô trống (%s)", p ? p : "", cv, reason);
        else
            msg = bc_strdup_printf("%sđã thay %s bằng %s (%s)", p ? p : "", sv, cv, reason);
        add_finding(x, row, col, BC_NOTE, msg);
        replace_value(x, row, col, computed);
    } else {
        if (empty)
            msg = bc_strdup_printf("%sđể trống nhưng %s", p ? p : "", how);
        else
            msg = bc_strdup_printf("%sghi %s nhưng %s", p ? p : "", sv, how);
        add_finding(x, row, col, BC_WARNING, msg);
    }
    free(p);
}

/* ---- sums ---- */

static void check_sum(check_ctx *x, size_t row, size_t col, bc_dec computed, size_t n,
                      const char *what)
{
    bc_table *t = x->t;
    const bc_column *c = &t->cols[col];
    bc_dec stated = x->V[row * t->ncols + col];
    if (bc_dec_is_none(stated) || bc_dec_is_none(computed))
        return;
    x->st.sums_checked++;
    /* figures add up exactly (0,1 + 0,2 is 0,3, with no binary noise to
     * allow for); decimals may still differ by the rounding of each of the
     * n children and of the total as printed (thirds: 0,3 + 0,3 + 0,3 = 1,0) */
    bc_dec tol = c->kind == BC_COL_INTEGER ? half_units(c, -1, 1) : half_units(c, -1, n + 1);
    if (!differs(stated, computed, tol))
        return;
    char cv[128];
    fmt_val(t, col, computed, cv, sizeof cv);
    char *how = bc_strdup_printf("%s là %s", what, cv);
    report_mismatch(x, row, col, computed, how ? how : what, what);
    free(how);
}

/* *acc += v exactly. A sum beyond 18 digits becomes none (its check is
 * skipped) and is counted, so that the summary says so. */
static void acc_add(check_ctx *x, bc_dec *acc, bc_dec v)
{
    if (bc_dec_add(*acc, v, acc) == BC_DEC_RANGE)
        x->st.sums_too_large++;
}

/* A group row with all its summable cells empty is a heading. */
static bool heading_only(const bc_table *t, const bc_row *row)
{
    bool any = false;
    for (size_t c = 0; c < t->ncols; c++) {
        const bc_column *col = &t->cols[c];
        if (!col->summable || !is_numeric(col->kind) || col->source_index < 0)
            continue;
        any = true;
        if (!(row->cells[c].flags & BC_CELL_EMPTY))
            return false;
    }
    return any;
}

/* ---- formulas ---- */

typedef struct subst_ctx {
    const bc_table *t;
    const bc_row *row;
    const bc_dec *vals;
} subst_ctx;

/* A column of a formula written as its value in the row, as printed. */
static void write_value(bc_buf *b, const bc_expr *e, void *ud)
{
    const subst_ctx *c = ud;
    char tmp[128];
    if (e->col < 0 || bc_dec_is_none(c->vals[e->col])) {
        bc_buf_puts(b, "?");
    } else if (c->row->cells[e->col].flags & BC_CELL_EMPTY) {
        bc_buf_puts(b, "(trống)");
    } else {
        fmt_val(c->t, (size_t)e->col, c->vals[e->col], tmp, sizeof tmp);
        bool neg = c->vals[e->col].m < 0;
        if (neg)
            bc_buf_putc(b, '(');
        bc_buf_puts(b, tmp);
        if (neg)
            bc_buf_putc(b, ')');
    }
}

/* The formula with each column replaced by its value, as printed. */
static void write_subst(bc_buf *b, const bc_table *t, const bc_row *row, const bc_expr *e,
                        const bc_dec *vals)
{
    subst_ctx c = {t, row, vals};
    bc_expr_write(b, e, write_value, &c);
}

static void check_formulas(check_ctx *x, size_t row)
{
    bc_table *t = x->t;
    bc_dec *vals = x->V + row * t->ncols;
    bc_row *r = &t->rows[row];
    for (size_t k = 0; k < t->nformulas; k++) {
        size_t col = (size_t)t->formula_order[k];
        const bc_column *c = &t->cols[col];
        bool divzero = false, range = false;
        bc_dec computed = bc_expr_eval(c->expr, vals, &divzero, &range);
        bc_cell *cell = &r->cells[col];
        if (c->source_index < 0) {
            /* computed-only column: (re)fill from the current values */
            vals[col] = computed;
            if (bc_dec_is_none(computed)) {
                cell->value = BC_DEC_NONE;
                cell->display = "";
            } else {
                bc_table_set_value(t, cell, (int)col, computed, BC_CELL_COMPUTED);
            }
            continue;
        }
        bc_dec stated = vals[col];
        if (bc_dec_is_none(stated))
            continue; /* not a number: reported as such */
        if (bc_dec_is_none(computed)) {
            if (range) {
                x->st.formulas_checked++;
                x->st.mismatches++;
                char *text = bc_expr_to_string(c->expr);
                char *p = prefix(x, row, col);
                add_finding(x, row, col, BC_WARNING,
                            bc_strdup_printf("%s%s: kết quả vượt giới hạn 18 chữ số, không "
                                             "kiểm tra được",
                                             p ? p : "", text ? text : ""));
                free(p);
                free(text);
            } else if (divzero && !bc_dec_is_zero(stated)) {
                x->st.formulas_checked++;
                x->st.mismatches++;
                bc_buf b = BC_BUF_INIT;
                write_subst(&b, t, r, c->expr, vals);
                char *subst = bc_buf_detach(&b);
                char *text = bc_expr_to_string(c->expr);
                char *p = prefix(x, row, col);
                char sv[128];
                fmt_val(t, col, stated, sv, sizeof sv);
                add_finding(x, row, col, BC_WARNING,
                            bc_strdup_printf("%sghi %s nhưng %s = %s: chia cho 0, không tính "
                                             "được",
                                             p ? p : "", sv, text ? text : "",
                                             subst ? subst : ""));
                free(p);
                free(text);
                free(subst);
            }
            continue;
        }
        x->st.formulas_checked++;
        bc_dec tol = half_units(c, cell->decimals, 1);
        if (!differs(stated, computed, tol))
            continue;
        bc_buf b = BC_BUF_INIT;
        write_subst(&b, t, r, c->expr, vals);
        char *subst = bc_buf_detach(&b);
        char *text = bc_expr_to_string(c->expr);
        char cv[128];
        fmt_val(t, col, computed, cv, sizeof cv);
        char *how = bc_strdup_printf("%s = %s = %s", text ? text : "", subst ? subst : "", cv);
        char *reason = bc_strdup_printf("theo công thức %s", text ? text : "");
        report_mismatch(x, row, col, computed, how ? how : "", reason ? reason : "");
        free(how);
        free(reason);
        free(text);
        free(subst);
    }
}

/* ---- cells ---- */

static void check_cells(check_ctx *x)
{
    bc_table *t = x->t;
    for (size_t r = 0; r < t->nrows; r++) {
        const bc_row *row = &t->rows[r];
        bool exempt = t->grouping == BC_GROUP_BY_EMPTY && row->is_group;
        for (size_t c = 0; c < t->ncols; c++) {
            const bc_column *col = &t->cols[c];
            const bc_cell *cell = &row->cells[c];
            if (col->source_index < 0)
                continue;
            if (cell->flags & BC_CELL_INVALID) {
                x->st.invalid_cells++;
                char *p = prefix(x, r, c);
                add_finding(x, r, c, BC_WARNING,
                            bc_strdup_printf(col->kind == BC_COL_DATE
                                                 ? "%s«%s» không phải là ngày (viết "
                                                   "ngày/tháng/năm, ví dụ 30/01/2020)"
                                                 : "%s«%s» không phải là số (%s)",
                                             p ? p : "", cell->text,
                                             bc_num_style_name(t->csv_style)));
                free(p);
            } else if (col->required && !exempt && (cell->flags & BC_CELL_EMPTY) &&
                       !(row->is_total && (int)c == t->name_col)) {
                x->st.empty_required++;
                char *p = prefix(x, r, c);
                add_finding(x, r, c, BC_WARNING,
                            bc_strdup_printf("%sô bắt buộc bị bỏ trống", p ? p : ""));
                free(p);
            }
        }
    }
}

static int cmp_finding(const void *a, const void *b)
{
    const finding *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void count_text(size_t n, char *buf, size_t size)
{
    bc_num_fmt f = {0};
    bc_num_format_dec_to(buf, size, bc_dec_from_int((int64_t)n), &f);
}

bc_status bc_table_check(bc_table *t, const bc_check_options *opts, bc_diags *diags,
                         bc_check_stats *stats)
{
    check_ctx x;
    memset(&x, 0, sizeof x);
    x.t = t;
    x.fix = opts && opts->fix;
    size_t nc = t->ncols, nr = t->nrows;
    size_t *sc = malloc((nc ? nc : 1) * sizeof *sc);
    size_t nsc = 0;
    x.V = malloc((nr * nc > 0 ? nr * nc : 1) * sizeof *x.V);
    if (!sc || !x.V) {
        free(sc);
        free(x.V);
        return BC_E_NOMEM;
    }
    for (size_t c = 0; c < nc; c++) {
        const bc_column *col = &t->cols[c];
        if (col->summable && is_numeric(col->kind) && col->source_index >= 0)
            sc[nsc++] = c;
    }
    for (size_t r = 0; r < nr; r++) {
        const bc_row *row = &t->rows[r];
        for (size_t c = 0; c < nc; c++) {
            const bc_cell *cell = &row->cells[c];
            bc_dec v = BC_DEC_NONE;
            if (is_numeric(t->cols[c].kind))
                v = (cell->flags & (BC_CELL_EMPTY | BC_CELL_DASH)) && !(cell->flags & BC_CELL_INVALID)
                        ? BC_DEC_ZERO
                        : cell->value;
            x.V[r * nc + c] = v;
        }
    }
    bc_dec *S = calloc(nr * nsc > 0 ? nr * nsc : 1, sizeof *S); /* zeroed = exact 0 */
    if (!S) {
        free(sc);
        free(x.V);
        return BC_E_NOMEM;
    }

    check_cells(&x);

    /* children before parents: walk up from the last row */
    bool by_marker = t->grouping == BC_GROUP_BY_MARKER;
    /* heading[i]: a group row without figures; what it passes up is the sum
     * of its children */
    unsigned char *heading = calloc(nr ? nr : 1, 1);
    if (!heading) {
        free(sc);
        free(x.V);
        free(S);
        return BC_E_NOMEM;
    }
    for (size_t i = nr; i-- > 0;) {
        const bc_row *row = &t->rows[i];
        if (row->is_total)
            continue;
        heading[i] = by_marker && row->is_group && row->nchildren > 0 && heading_only(t, row);
        if (by_marker && row->is_group && row->nchildren > 0 && !heading[i]) {
            char what[64];
            snprintf(what, sizeof what, "tổng %d hàng con", row->nchildren);
            for (size_t k = 0; k < nsc; k++)
                check_sum(&x, i, sc[k], S[i * nsc + k], (size_t)row->nchildren, what);
        }
        check_formulas(&x, i);
        if (row->parent >= 0)
            for (size_t k = 0; k < nsc; k++)
                acc_add(&x, &S[(size_t)row->parent * nsc + k],
                        heading[i] ? S[i * nsc + k] : x.V[i * nc + sc[k]]);
    }
    /* totals rows: the top rows since the previous totals row; a totals row
     * right after another one (Cộng ... Cộng, Tổng cộng) sums the totals rows
     * above it */
    size_t from = 0, grand_from = 0;
    for (size_t i = 0; i < nr; i++) {
        const bc_row *row = &t->rows[i];
        if (!row->is_total)
            continue;
        size_t ntop = 0;
        bc_buf names = BC_BUF_INIT;
        bc_dec *acc = S + i * nsc;
        for (size_t k = 0; k < nsc; k++)
            acc[k] = BC_DEC_ZERO;
        for (size_t j = from; j < i; j++) {
            const bc_row *rj = &t->rows[j];
            if (rj->parent >= 0 || rj->is_total)
                continue;
            if (t->grouping == BC_GROUP_BY_EMPTY && rj->is_group)
                continue; /* headings without figures */
            if (ntop < 6)
                bc_buf_printf(&names, "%s%s", ntop ? ", " : "", rj->marker);
            ntop++;
            for (size_t k = 0; k < nsc; k++)
                acc_add(&x, &acc[k], heading[j] ? S[j * nsc + k] : x.V[j * nc + sc[k]]);
        }
        bool of_totals = false;
        if (ntop == 0) {
            for (size_t j = grand_from; j < i; j++) {
                if (!t->rows[j].is_total)
                    continue;
                ntop++;
                for (size_t k = 0; k < nsc; k++)
                    acc_add(&x, &acc[k], x.V[j * nc + sc[k]]);
            }
            of_totals = ntop > 0;
            grand_from = i + 1;
        }
        char *list = bc_buf_detach(&names);
        if (ntop > 0 && !heading_only(t, row)) {
            char *what;
            if (of_totals)
                what = bc_strdup_printf("tổng %zu hàng tổng ở trên", ntop);
            else if (ntop <= 6 && list && list[0])
                what = bc_strdup_printf("tổng %zu hàng %s", ntop, list);
            else
                what = bc_strdup_printf("tổng %zu hàng cấp trên cùng", ntop);
            for (size_t k = 0; k < nsc && what; k++)
                check_sum(&x, i, sc[k], acc[k], ntop, what);
            free(what);
        }
        free(list);
        check_formulas(&x, i);
        from = i + 1;
    }

    if (x.nf > 1)
        qsort(x.f, x.nf, sizeof *x.f, cmp_finding);
    size_t warnings = 0;
    for (size_t i = 0; i < x.nf; i++) {
        finding *fd = &x.f[i];
        if (fd->sev == BC_WARNING)
            warnings++;
        char wbuf[512];
        int wl = fd->line, wc = fd->column;
        const char *wf = bc_table_cell_where(t, &wl, &wc, wbuf, sizeof wbuf);
        bc_diags_add(diags, fd->sev, wf, wl, wc, "%s", fd->message);
        free(fd->message);
    }
    free(x.f);
    if (x.st.sums_too_large) {
        warnings++;
        bc_diags_add(diags, BC_WARNING, t->csv_file, 0, 0,
                     "%s: %zu tổng vượt giới hạn 18 chữ số nên không kiểm tra được; hãy đổi "
                     "đơn vị (nghìn, triệu, tỷ)",
                     table_label(t), x.st.sums_too_large);
    }
    if (!(opts && opts->no_summary)) {
        char a[32], b[32], m[32], f[32];
        count_text(x.st.sums_checked, a, sizeof a);
        count_text(x.st.formulas_checked, b, sizeof b);
        count_text(x.st.mismatches, m, sizeof m);
        count_text(x.st.fixed, f, sizeof f);
        bc_buf s = BC_BUF_INIT;
        bc_buf_printf(&s, "%s: đã kiểm tra %s ô tổng và %s ô công thức; ", table_label(t), a, b);
        if (x.st.mismatches == 0)
            bc_buf_puts(&s, "tất cả khớp");
        else if (x.fix)
            bc_buf_printf(&s, "%s chỗ không khớp, đã sửa %s chỗ", m, f);
        else
            bc_buf_printf(&s, "%s chỗ không khớp", m);
        if (x.st.invalid_cells) {
            count_text(x.st.invalid_cells, a, sizeof a);
            bc_buf_printf(&s, "; %s ô không đọc được", a);
        }
        if (x.st.empty_required) {
            count_text(x.st.empty_required, a, sizeof a);
            bc_buf_printf(&s, "; %s ô bắt buộc bị trống", a);
        }
        char *text = bc_buf_detach(&s);
        if (text)
            bc_diags_add(diags, BC_NOTE, t->csv_file, 0, 0, "%s", text);
        free(text);
    }
    free(heading);
    free(S);
    free(sc);
    free(x.V);
    if (stats)
        *stats = x.st;
    if (x.oom)
        return BC_E_NOMEM;
    return warnings ? BC_E_DATA : BC_OK;
}

bc_status bc_table_load_checked(const char *spec_path, const char *csv_path,
                                const bc_check_options *opts, bc_table **out,
                                bc_diags *diags, bc_check_stats *stats, bc_error *err)
{
    *out = NULL;
    bc_table *t;
    bc_status st = bc_tablespec_load(spec_path, csv_path, &t, diags, err);
    if (st)
        return st;
    st = bc_table_check(t, opts, diags, stats);
    if (st == BC_E_NOMEM) {
        bc_table_free(t);
        return bc_nomem(err);
    }
    *out = t;
    return st;
}
