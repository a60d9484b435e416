/* tablecheck.c - subtotal, formula and cell checks of appendix tables. */
#include "tablecheck.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
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

/* A row whose children may still come (streamed checks): a copy of the row
 * with its strings, its working values and its children's sums. */
typedef struct entry {
    size_t index;
    int nchildren;
    bc_row row;          /* cells -> cells below */
    bc_cell *cells;      /* ncols */
    bc_dec *V;           /* ncols working values (exact) */
    bc_dec *S;           /* nsc sums of the children */
    char *store;         /* the copied strings */
    size_t store_cap;
    char **owned;        /* displays set while checking */
    size_t nowned, owned_cap;
} entry;

struct bc_table_checker {
    bc_table *t;
    bool fix;
    bool by_marker;
    size_t nc;
    size_t *sc;          /* summable leaf columns */
    size_t nsc;
    entry *stack;        /* open rows, ancestors first */
    size_t sp, cap;
    /* top rows since the previous totals row */
    size_t ntop;
    bc_buf names;        /* their first 6 markers */
    bc_dec *top_acc;     /* nsc */
    /* totals rows since the last totals row that summed totals */
    size_t ngrand;
    bc_dec *grand_acc;   /* nsc */
    entry cur;           /* a totals row being checked */
    finding *f;
    size_t nf, capf;
    bc_check_fix *fixes;
    size_t nfixes, capfixes;
    size_t nrows;
    bool oom;
    bc_check_stats st;
};

typedef bc_table_checker check_ctx;

static bool is_numeric(bc_col_kind k)
{
    return k == BC_COL_INTEGER || k == BC_COL_DECIMAL || k == BC_COL_RATE;
}

static const char *table_label(const bc_table *t)
{
    return t->label && t->label[0] ? t->label : "Bảng";
}

/* Adds a finding about row e; takes ownership of msg. */
static void add_finding(check_ctx *x, const entry *e, size_t col, bc_severity sev, char *msg)
{
    if (!msg) {
        x->oom = true;
        return;
    }
    if (!BC_GROW(&x->f, &x->capf, x->nf + 1, 32)) {
        free(msg);
        x->oom = true;
        return;
    }
    const bc_cell *cell = &e->row.cells[col];
    finding *fd = &x->f[x->nf];
    fd->row = e->index;
    fd->col = col;
    fd->seq = x->nf;
    fd->sev = sev;
    fd->line = cell->line ? cell->line : e->row.line;
    fd->column = cell->line ? cell->column : 0;
    fd->message = msg;
    x->nf++;
}

/* "Phụ lục 2, hàng «…», cột «…»: " */
static char *prefix(const check_ctx *x, const entry *e, size_t col)
{
    char *label = bc_table_row_label_of(x->t, &e->row, e->index);
    char *p = bc_strdup_printf("%s, hàng «%s», cột «%s»: ", table_label(x->t),
                               label ? label : "", x->t->cols[col].path_label);
    free(label);
    return p;
}

/* Sets a numeric cell of an entry to v (bc_table_set_value, with the
 * display owned by the entry). */
static void entry_set_value(check_ctx *x, entry *e, size_t col, bc_dec v, unsigned add_flags)
{
    bc_cell *cell = &e->row.cells[col];
    char tmp[128];
    size_t n = bc_table_format_value(x->t, (int)col, v, tmp, sizeof tmp);
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    char *d = NULL;
    if (e->nowned == e->owned_cap) {
        size_t cap = e->owned_cap ? e->owned_cap * 2 : 4;
        char **p = realloc(e->owned, cap * sizeof *p);
        if (p) {
            e->owned = p;
            e->owned_cap = cap;
        }
    }
    if (e->nowned < e->owned_cap && (d = malloc(n + 1))) {
        memcpy(d, tmp, n);
        d[n] = '\0';
        e->owned[e->nowned++] = d;
    } else {
        x->oom = true;
    }
    cell->value = v;
    cell->decimals = -1;
    cell->display = d ? d : "";
    cell->flags &= ~(BC_CELL_EMPTY | BC_CELL_DASH | BC_CELL_INVALID | BC_CELL_RANGE);
    cell->flags |= add_flags;
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

/* Replaces a stated value (fix mode), remembered for the table's copy. */
static void replace_value(check_ctx *x, entry *e, size_t col, bc_dec v)
{
    e->V[col] = v;
    entry_set_value(x, e, col, v, BC_CELL_FIXED);
    x->st.fixed++;
    if (!BC_GROW(&x->fixes, &x->capfixes, x->nfixes + 1, 16)) {
        x->oom = true;
        return;
    }
    x->fixes[x->nfixes++] = (bc_check_fix){e->index, (int)col, v};
}

static void report_mismatch(check_ctx *x, entry *e, size_t col, bc_dec computed,
                            const char *how, const char *reason)
{
    bc_table *t = x->t;
    const bc_cell *cell = &e->row.cells[col];
    char *p = prefix(x, e, col);
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
        add_finding(x, e, col, BC_NOTE, msg);
        replace_value(x, e, col, computed);
    } else {
        if (empty)
            msg = bc_strdup_printf("%sđể trống nhưng %s", p ? p : "", how);
        else
            msg = bc_strdup_printf("%sghi %s nhưng %s", p ? p : "", sv, how);
        add_finding(x, e, col, BC_WARNING, msg);
    }
    free(p);
}

/* ---- sums ---- */

static void check_sum(check_ctx *x, entry *e, size_t col, bc_dec computed, size_t n,
                      const char *what)
{
    bc_table *t = x->t;
    const bc_column *c = &t->cols[col];
    bc_dec stated = e->V[col];
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
    report_mismatch(x, e, col, computed, how ? how : what, what);
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

static void check_formulas(check_ctx *x, entry *e)
{
    bc_table *t = x->t;
    bc_dec *vals = e->V;
    bc_row *r = &e->row;
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
                entry_set_value(x, e, col, computed, BC_CELL_COMPUTED);
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
                char *p = prefix(x, e, col);
                add_finding(x, e, col, BC_WARNING,
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
                char *p = prefix(x, e, col);
                char sv[128];
                fmt_val(t, col, stated, sv, sizeof sv);
                add_finding(x, e, col, BC_WARNING,
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
        report_mismatch(x, e, col, computed, how ? how : "", reason ? reason : "");
        free(how);
        free(reason);
        free(text);
        free(subst);
    }
}

/* ---- cells ---- */

static void check_cells(check_ctx *x, const entry *e)
{
    bc_table *t = x->t;
    const bc_row *row = &e->row;
    bool exempt = t->grouping == BC_GROUP_BY_EMPTY && row->is_group;
    for (size_t c = 0; c < t->ncols; c++) {
        const bc_column *col = &t->cols[c];
        const bc_cell *cell = &row->cells[c];
        if (col->source_index < 0)
            continue;
        if (cell->flags & BC_CELL_INVALID) {
            x->st.invalid_cells++;
            char *p = prefix(x, e, c);
            add_finding(x, e, c, BC_WARNING,
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
            char *p = prefix(x, e, c);
            add_finding(x, e, c, BC_WARNING,
                        bc_strdup_printf("%sô bắt buộc bị bỏ trống", p ? p : ""));
            free(p);
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

/* The working value of a cell (empty and "-" count as 0). */
static bc_dec work_value(const bc_table *t, size_t c, const bc_cell *cell)
{
    if (!is_numeric(t->cols[c].kind))
        return BC_DEC_NONE;
    return (cell->flags & (BC_CELL_EMPTY | BC_CELL_DASH)) && !(cell->flags & BC_CELL_INVALID)
               ? BC_DEC_ZERO
               : cell->value;
}

static void entry_free(entry *e)
{
    for (size_t i = 0; i < e->nowned; i++)
        free(e->owned[i]);
    free(e->owned);
    free(e->store);
    free(e->cells);
    free(e->V);
    free(e->S);
    memset(e, 0, sizeof *e);
}

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

static const char *str_put(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = *at;
    memcpy(d, s, n);
    *at += n;
    return d;
}

/* e becomes a copy of row (index) with its working values; its buffers
 * are reused. false on out-of-memory. */
static bool entry_set(check_ctx *x, entry *e, const bc_row *row, size_t index)
{
    const bc_table *t = x->t;
    size_t nc = x->nc ? x->nc : 1;
    for (size_t i = 0; i < e->nowned; i++)
        free(e->owned[i]);
    e->nowned = 0;
    if (!e->cells) {
        e->cells = malloc(nc * sizeof *e->cells);
        e->V = malloc(nc * sizeof *e->V);
        e->S = malloc((x->nsc ? x->nsc : 1) * sizeof *e->S);
        if (!e->cells || !e->V || !e->S)
            return false;
    }
    size_t need = str_size(row->marker);
    for (size_t c = 0; c < t->ncols; c++) {
        const bc_cell *cell = &row->cells[c];
        need += str_size(cell->text);
        if (cell->display != cell->text)
            need += str_size(cell->display);
    }
    if (need > e->store_cap) {
        char *p = realloc(e->store, need);
        if (!p)
            return false;
        e->store = p;
        e->store_cap = need;
    }
    char *at = e->store;
    e->index = index;
    e->nchildren = 0;
    e->row = *row;
    e->row.cells = e->cells;
    e->row.marker = str_put(&at, row->marker);
    for (size_t c = 0; c < t->ncols; c++) {
        const bc_cell *cell = &row->cells[c];
        e->cells[c] = *cell;
        e->cells[c].text = str_put(&at, cell->text);
        e->cells[c].display =
            cell->display == cell->text ? e->cells[c].text : str_put(&at, cell->display);
        e->V[c] = work_value(t, c, cell);
    }
    for (size_t k = 0; k < x->nsc; k++)
        e->S[k] = BC_DEC_ZERO;
    return true;
}

bc_table_checker *bc_table_checker_new(bc_table *t, const bc_check_options *opts)
{
    check_ctx *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->t = t;
    x->fix = opts && opts->fix;
    x->nc = t->ncols;
    x->by_marker = t->grouping == BC_GROUP_BY_MARKER;
    x->sc = malloc((x->nc ? x->nc : 1) * sizeof *x->sc);
    x->top_acc = malloc((x->nc ? x->nc : 1) * sizeof *x->top_acc);
    x->grand_acc = malloc((x->nc ? x->nc : 1) * sizeof *x->grand_acc);
    if (!x->sc || !x->top_acc || !x->grand_acc) {
        bc_table_checker_free(x);
        return NULL;
    }
    for (size_t c = 0; c < x->nc; c++) {
        const bc_column *col = &t->cols[c];
        if (col->summable && is_numeric(col->kind) && col->source_index >= 0)
            x->sc[x->nsc++] = c;
    }
    for (size_t k = 0; k < x->nsc; k++)
        x->top_acc[k] = x->grand_acc[k] = BC_DEC_ZERO;
    return x;
}

void bc_table_checker_free(bc_table_checker *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->cap; i++)
        entry_free(&x->stack[i]);
    free(x->stack);
    entry_free(&x->cur);
    for (size_t i = 0; i < x->nf; i++)
        free(x->f[i].message);
    free(x->f);
    free(x->fixes);
    bc_buf_free(&x->names);
    free(x->sc);
    free(x->top_acc);
    free(x->grand_acc);
    free(x);
}

/* The top entry's children are all in: its sums, its formulas, then what it
 * passes up (to its parent, or to the next totals row). */
static void close_top(check_ctx *x)
{
    entry *e = &x->stack[--x->sp];
    const bc_table *t = x->t;
    bool group = x->by_marker ? e->nchildren > 0 : e->row.is_group;
    bool heading = x->by_marker && group && e->nchildren > 0 && heading_only(t, &e->row);
    if (x->by_marker && group && e->nchildren > 0 && !heading) {
        char what[64];
        snprintf(what, sizeof what, "tổng %d hàng con", e->nchildren);
        for (size_t k = 0; k < x->nsc; k++)
            check_sum(x, e, x->sc[k], e->S[k], (size_t)e->nchildren, what);
    }
    check_formulas(x, e);
    if (e->row.parent >= 0) {
        if (x->sp > 0 && x->stack[x->sp - 1].index == (size_t)e->row.parent) {
            entry *p = &x->stack[x->sp - 1];
            for (size_t k = 0; k < x->nsc; k++)
                acc_add(x, &p->S[k], heading ? e->S[k] : e->V[x->sc[k]]);
        }
        return;
    }
    if (t->grouping == BC_GROUP_BY_EMPTY && e->row.is_group)
        return; /* headings without figures */
    if (x->ntop < 6)
        bc_buf_printf(&x->names, "%s%s", x->ntop ? ", " : "", e->row.marker);
    x->ntop++;
    for (size_t k = 0; k < x->nsc; k++)
        acc_add(x, &x->top_acc[k], heading ? e->S[k] : e->V[x->sc[k]]);
}

/* A totals row: the top rows since the previous totals row; a totals row
 * right after another one (Cộng ... Cộng, Tổng cộng) sums the totals rows
 * above it. */
static void check_total(check_ctx *x, entry *e)
{
    const bc_table *t = x->t;
    size_t ntop = x->ntop;
    bc_dec *acc = x->top_acc;
    bool of_totals = false;
    if (ntop == 0) {
        ntop = x->ngrand;
        acc = x->grand_acc;
        of_totals = ntop > 0;
    }
    char *list = bc_buf_detach(&x->names);
    if (ntop > 0 && !heading_only(t, &e->row)) {
        char *what;
        if (of_totals)
            what = bc_strdup_printf("tổng %zu hàng tổng ở trên", ntop);
        else if (ntop <= 6 && list && list[0])
            what = bc_strdup_printf("tổng %zu hàng %s", ntop, list);
        else
            what = bc_strdup_printf("tổng %zu hàng cấp trên cùng", ntop);
        if (!what)
            x->oom = true;
        for (size_t k = 0; k < x->nsc && what; k++)
            check_sum(x, e, x->sc[k], acc[k], ntop, what);
        free(what);
    }
    free(list);
    check_formulas(x, e);
    if (x->ntop == 0) { /* this one summed the totals above: they start again after it */
        x->ngrand = 0;
        for (size_t k = 0; k < x->nsc; k++)
            x->grand_acc[k] = BC_DEC_ZERO;
    } else {
        x->ngrand++;
        for (size_t k = 0; k < x->nsc; k++)
            acc_add(x, &x->grand_acc[k], e->V[x->sc[k]]);
    }
    x->ntop = 0;
    for (size_t k = 0; k < x->nsc; k++)
        x->top_acc[k] = BC_DEC_ZERO;
}

bc_status bc_table_checker_row(bc_table_checker *x, const bc_row *row, size_t index)
{
    x->nrows = index + 1;
    if (row->is_total) {
        while (x->sp > 0)
            close_top(x);
        if (!entry_set(x, &x->cur, row, index))
            return BC_E_NOMEM;
        check_cells(x, &x->cur);
        check_total(x, &x->cur);
        return x->oom ? BC_E_NOMEM : BC_OK;
    }
    while (x->sp > 0 && (row->parent < 0 || x->stack[x->sp - 1].index != (size_t)row->parent))
        close_top(x);
    if (row->parent >= 0 && x->sp > 0)
        x->stack[x->sp - 1].nchildren++;
    if (x->sp == x->cap) {
        size_t old = x->cap;
        if (!BC_GROW(&x->stack, &x->cap, x->sp + 1, 8))
            return BC_E_NOMEM;
        memset(x->stack + old, 0, (x->cap - old) * sizeof *x->stack);
    }
    entry *e = &x->stack[x->sp++];
    if (!entry_set(x, e, row, index))
        return BC_E_NOMEM;
    check_cells(x, e);
    return x->oom ? BC_E_NOMEM : BC_OK;
}

const bc_check_fix *bc_table_checker_fixes(const bc_table_checker *x, size_t *n)
{
    *n = x->nfixes;
    return x->fixes;
}

bc_status bc_table_checker_finish(bc_table_checker *x, const bc_check_options *opts,
                                  bc_diags *diags, bc_check_stats *stats)
{
    bc_table *t = x->t;
    while (x->sp > 0)
        close_top(x);
    if (x->nf > 1)
        qsort(x->f, x->nf, sizeof *x->f, cmp_finding);
    size_t warnings = 0;
    for (size_t i = 0; i < x->nf; i++) {
        finding *fd = &x->f[i];
        if (fd->sev == BC_WARNING)
            warnings++;
        char wbuf[512];
        int wl = fd->line, wc = fd->column;
        const char *wf = bc_table_cell_where(t, &wl, &wc, wbuf, sizeof wbuf);
        bc_diags_add(diags, fd->sev, wf, wl, wc, "%s", fd->message);
        free(fd->message);
    }
    x->nf = 0;
    if (x->st.sums_too_large) {
        warnings++;
        bc_diags_add(diags, BC_WARNING, t->csv_file, 0, 0,
                     "%s: %zu tổng vượt giới hạn 18 chữ số nên không kiểm tra được; hãy đổi "
                     "đơn vị (nghìn, triệu, tỷ)",
                     table_label(t), x->st.sums_too_large);
    }
    if (!(opts && opts->no_summary)) {
        char a[32], b[32], m[32], f[32];
        count_text(x->st.sums_checked, a, sizeof a);
        count_text(x->st.formulas_checked, b, sizeof b);
        count_text(x->st.mismatches, m, sizeof m);
        count_text(x->st.fixed, f, sizeof f);
        bc_buf s = BC_BUF_INIT;
        bc_buf_printf(&s, "%s: đã kiểm tra %s ô tổng và %s ô công thức; ", table_label(t), a, b);
        if (x->st.mismatches == 0)
            bc_buf_puts(&s, "tất cả khớp");
        else if (x->fix)
            bc_buf_printf(&s, "%s chỗ không khớp, đã sửa %s chỗ", m, f);
        else
            bc_buf_printf(&s, "%s chỗ không khớp", m);
        if (x->st.invalid_cells) {
            count_text(x->st.invalid_cells, a, sizeof a);
            bc_buf_printf(&s, "; %s ô không đọc được", a);
        }
        if (x->st.empty_required) {
            count_text(x->st.empty_required, a, sizeof a);
            bc_buf_printf(&s, "; %s ô bắt buộc bị trống", a);
        }
        char *text = bc_buf_detach(&s);
        if (text)
            bc_diags_add(diags, BC_NOTE, t->csv_file, 0, 0, "%s", text);
        free(text);
    }
    if (stats)
        *stats = x->st;
    if (x->oom)
        return BC_E_NOMEM;
    return warnings ? BC_E_DATA : BC_OK;
}

void bc_table_check_refill(bc_table *t, bc_row *row, bc_dec *vals)
{
    if (!t->nformulas)
        return;
    for (size_t c = 0; c < t->ncols; c++)
        vals[c] = work_value(t, c, &row->cells[c]);
    for (size_t k = 0; k < t->nformulas; k++) {
        size_t col = (size_t)t->formula_order[k];
        const bc_column *c = &t->cols[col];
        if (c->source_index >= 0)
            continue;
        bc_dec computed = bc_expr_eval(c->expr, vals, NULL, NULL);
        vals[col] = computed;
        bc_cell *cell = &row->cells[col];
        if (bc_dec_is_none(computed)) {
            cell->value = BC_DEC_NONE;
            cell->display = "";
        } else {
            bc_table_set_value(t, cell, (int)col, computed, BC_CELL_COMPUTED);
        }
    }
}

bc_status bc_table_check(bc_table *t, const bc_check_options *opts, bc_diags *diags,
                         bc_check_stats *stats)
{
    bc_table_checker *x = bc_table_checker_new(t, opts);
    bc_dec *vals = malloc((t->ncols ? t->ncols : 1) * sizeof *vals);
    if (!x || !vals) {
        bc_table_checker_free(x);
        free(vals);
        return BC_E_NOMEM;
    }
    bc_status st = BC_OK;
    for (size_t r = 0; r < t->nrows && !st; r++)
        st = bc_table_checker_row(x, &t->rows[r], r);
    if (!st)
        st = bc_table_checker_finish(x, opts, diags, stats);
    if (st != BC_E_NOMEM) {
        /* the table's own cells: fixed values, computed columns refilled */
        size_t nfix;
        const bc_check_fix *fx = bc_table_checker_fixes(x, &nfix);
        for (size_t i = 0; i < nfix; i++)
            bc_table_set_value(t, &t->rows[fx[i].row].cells[fx[i].col], fx[i].col, fx[i].value,
                               BC_CELL_FIXED);
        for (size_t r = 0; r < t->nrows; r++)
            bc_table_check_refill(t, &t->rows[r], vals);
    }
    free(vals);
    bc_table_checker_free(x);
    return st;
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
