/* table.c - the appendix table model, formulas, row hierarchy. */
#include "table.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "strbuf.h"
#include "text.h"

/* ---- arena ---- */

typedef struct bc_arena_block {
    struct bc_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} bc_arena_block;

struct bc_arena {
    bc_arena_block *head;
};

static bc_arena_block *arena_block(bc_table *t, size_t need)
{
    size_t size = need > 32768 ? need : 65536 - sizeof(bc_arena_block);
    bc_arena_block *nb = malloc(sizeof *nb + size);
    if (!nb)
        return NULL;
    nb->used = 0;
    nb->size = size;
    bc_arena_block *head = t->arena->head;
    if (head && need > 32768) {
        /* a big one-off block goes behind the current one, which keeps
         * serving small allocations */
        nb->next = head->next;
        head->next = nb;
    } else {
        nb->next = head;
        t->arena->head = nb;
    }
    return nb;
}

void *bc_table_alloc(bc_table *t, size_t n)
{
    if (n == 0)
        n = 1;
    bc_arena_block *b = t->arena->head;
    size_t at = b ? (b->used + 15) & ~(size_t)15 : 0;
    if (!b || at > b->size || b->size - at < n) {
        b = arena_block(t, n);
        if (!b)
            return NULL;
        at = 0;
    }
    void *p = b->data + at;
    b->used = at + n;
    memset(p, 0, n);
    return p;
}

const char *bc_table_strdup(bc_table *t, const char *s, size_t n)
{
    if (!s)
        return NULL;
    if (n == (size_t)-1)
        n = strlen(s);
    /* strings need no alignment: packed */
    bc_arena_block *b = t->arena->head;
    if (!b || b->size - b->used < n + 1) {
        b = arena_block(t, n + 1);
        if (!b)
            return NULL;
    }
    char *p = (char *)b->data + b->used;
    b->used += n + 1;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static const char *default_totals[] = {"TỔNG", "TỔNG CỘNG", "CỘNG", "TỔNG SỐ"};

bc_table *bc_table_new(void)
{
    bc_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->arena = calloc(1, sizeof *t->arena);
    if (!t->arena) {
        free(t);
        return NULL;
    }
    t->continuation = "";
    t->repeat_header = true;
    t->marker_col = -1;
    t->name_col = -1;
    t->group_after_col = -1;
    t->group_span_to = -1;
    static const int default_rank[BC_MARK_COUNT] = {
        [BC_MARK_NONE] = -1,     [BC_MARK_LETTER] = 0, [BC_MARK_ROMAN] = 1,
        [BC_MARK_NUMBER] = 2,    [BC_MARK_SUBNUMBER] = 3, [BC_MARK_LOWER] = 4,
        [BC_MARK_DASH] = 5,      [BC_MARK_PLUS] = 6,   [BC_MARK_STAR] = 7,
        [BC_MARK_TOTAL] = -1,    [BC_MARK_OTHER] = -1};
    memcpy(t->rank, default_rank, sizeof t->rank);
    t->group_style = BC_STYLE_BOLD;
    t->total_style = BC_STYLE_BOLD;
    t->row_style = 0;
    t->total_markers = default_totals;
    t->ntotal_markers = sizeof default_totals / sizeof default_totals[0];
    t->csv_style = BC_NUM_VIET;
    return t;
}

/* Frees the chain of blocks from b on. */
static void blocks_free(bc_arena_block *b)
{
    while (b) {
        bc_arena_block *n = b->next;
        free(b);
        b = n;
    }
}

/* Frees an arena and all its blocks; NULL does nothing. */
static void arena_free(struct bc_arena *a)
{
    if (!a)
        return;
    blocks_free(a->head);
    free(a);
}

void bc_table_free(bc_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        bc_expr_free(t->cols[i].expr);
    free(t->rows);
    arena_free(t->arena);
    arena_free(t->spec_arena);
    free(t);
}

bc_status bc_table_rows_scope(bc_table *t)
{
    if (t->spec_arena)
        return BC_OK;
    struct bc_arena *a = calloc(1, sizeof *a);
    if (!a)
        return BC_E_NOMEM;
    t->nrows = 0;
    t->spec_arena = t->arena;
    t->arena = a;
    return BC_OK;
}

void bc_table_rows_clear(bc_table *t)
{
    t->nrows = 0;
    if (!t->spec_arena)
        return;
    /* keep one block for the next rows */
    bc_arena_block *keep = t->arena->head;
    if (keep) {
        blocks_free(keep->next);
        keep->next = NULL;
        keep->used = 0;
    }
}

void bc_table_rows_unscope(bc_table *t)
{
    t->nrows = 0;
    if (!t->spec_arena)
        return;
    arena_free(t->arena);
    t->arena = t->spec_arena;
    t->spec_arena = NULL;
}

/* ---- formulas ---- */

/* Operands (numbers, column keys) allowed in one formula: no table needs
 * more, and evaluating keeps to a bounded depth. */
#define MAX_OPERANDS 1000

typedef struct expr_parser {
    const char *s;
    size_t i;
    bc_error *err;
    bool failed;
    int depth;
    int operands;
    size_t pos_byte; /* char_pos cache: byte offset ... */
    int pos_chars;   /* ... and the characters before it */
} expr_parser;

/* 1-based character column of byte offset i. Positions are asked in
 * reading order, so counting on from the last one keeps parsing linear. */
static int char_pos(expr_parser *p, size_t i)
{
    if (i < p->pos_byte) {
        p->pos_byte = 0;
        p->pos_chars = 0;
    }
    p->pos_chars += (int)bc_utf8_length(p->s + p->pos_byte, i - p->pos_byte);
    p->pos_byte = i;
    return p->pos_chars + 1;
}

static void expr_fail(expr_parser *p, size_t at, const char *msg)
{
    if (p->failed)
        return;
    p->failed = true;
    bc_error_set(p->err, BC_E_INPUT, NULL, 0, char_pos(p, at), "%s", msg);
}

static void expr_nomem(expr_parser *p)
{
    if (p->failed)
        return;
    p->failed = true;
    bc_nomem(p->err);
}

static void skip_ws(expr_parser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
           p->s[p->i] == '\r')
        p->i++;
}

/* pos: char_pos() of the node's first byte. */
static bc_expr *new_node(expr_parser *p, bc_expr_op op, int pos)
{
    bc_expr *e = calloc(1, sizeof *e);
    if (!e) {
        if (!p->failed) {
            p->failed = true;
            bc_nomem(p->err);
        }
        return NULL;
    }
    e->op = op;
    e->col = -1;
    e->pos = pos;
    return e;
}

static bc_expr *parse_sum(expr_parser *p);

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bc_expr *parse_atom(expr_parser *p)
{
    skip_ws(p);
    size_t at = p->i;
    char c = p->s[p->i];
    if (c == '(') {
        if (++p->depth > 100) {
            expr_fail(p, at, "công thức lồng quá nhiều ngoặc");
            return NULL;
        }
        p->i++;
        bc_expr *e = parse_sum(p);
        if (!e)
            return NULL;
        skip_ws(p);
        if (p->s[p->i] != ')') {
            expr_fail(p, p->i, "thiếu dấu ngoặc đóng ')'");
            bc_expr_free(e);
            return NULL;
        }
        p->i++;
        p->depth--;
        return e;
    }
    if (c == '-') {
        if (++p->depth > 100) {
            expr_fail(p, at, "công thức lồng quá sâu");
            return NULL;
        }
        int pos = char_pos(p, at);
        p->i++;
        bc_expr *a = parse_atom(p);
        p->depth--;
        if (!a)
            return NULL;
        bc_expr *e = new_node(p, BC_EXPR_NEG, pos);
        if (!e) {
            bc_expr_free(a);
            return NULL;
        }
        e->a = a;
        return e;
    }
    if (((c >= '0' && c <= '9') || is_ident_start(c)) && ++p->operands > MAX_OPERANDS) {
        expr_fail(p, at, "công thức quá dài: hơn 1000 số và khóa cột; hãy chia thành nhiều cột "
                         "nhỏ hơn");
        return NULL;
    }
    if (c >= '0' && c <= '9') {
        int pos = char_pos(p, at);
        size_t ib = p->i;
        while (p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
        size_t ie = p->i, fb = p->i, fe = p->i;
        if ((p->s[p->i] == '.' || p->s[p->i] == ',') && p->s[p->i + 1] >= '0' &&
            p->s[p->i + 1] <= '9') {
            p->i++;
            fb = p->i;
            while (p->s[p->i] >= '0' && p->s[p->i] <= '9')
                p->i++;
            fe = p->i;
        }
        bc_dec v;
        if (bc_dec_from_digits(p->s + ib, ie - ib, p->s + fb, fe - fb, false, 0, &v) !=
            BC_DEC_OK) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     "số «%.40s» vượt giới hạn: một số có nhiều nhất 18 chữ số có nghĩa và 18 "
                     "chữ số thập phân", p->s + ib);
            msg[sizeof msg - 1] = '\0';
            expr_fail(p, at, msg);
            return NULL;
        }
        bc_expr *e = new_node(p, BC_EXPR_NUM, pos);
        if (e)
            e->num = v;
        return e;
    }
    if (is_ident_start(c)) {
        int pos = char_pos(p, at);
        size_t b = p->i;
        while (is_ident_char(p->s[p->i]))
            p->i++;
        bc_expr *e = new_node(p, BC_EXPR_COL, pos);
        if (!e)
            return NULL;
        e->name = malloc(p->i - b + 1);
        if (!e->name) {
            free(e);
            expr_nomem(p);
            return NULL;
        }
        memcpy(e->name, p->s + b, p->i - b);
        e->name[p->i - b] = '\0';
        return e;
    }
    if (c == '\0')
        expr_fail(p, at, "công thức kết thúc giữa chừng: thiếu một số hoặc một khóa cột");
    else if ((unsigned char)c >= 0x80)
        expr_fail(p, at, "khóa cột trong công thức chỉ gồm chữ không dấu, chữ số và '_' "
                         "(ví dụ tong_da_gq)");
    else
        expr_fail(p, at, "ở đây cần một số, một khóa cột hoặc dấu ngoặc mở '('");
    return NULL;
}

/* One level of left-associative binary operators: ops[0] and ops[1] with
 * their node kinds, operands parsed by sub. */
static bc_expr *parse_binary(expr_parser *p, bc_expr *(*sub)(expr_parser *), const char ops[2],
                             const bc_expr_op kinds[2])
{
    bc_expr *l = sub(p);
    while (l) {
        skip_ws(p);
        char c = p->s[p->i];
        if (c != ops[0] && c != ops[1])
            break;
        int pos = char_pos(p, p->i++);
        bc_expr *r = sub(p);
        if (!r) {
            bc_expr_free(l);
            return NULL;
        }
        bc_expr *e = new_node(p, c == ops[0] ? kinds[0] : kinds[1], pos);
        if (!e) {
            bc_expr_free(l);
            bc_expr_free(r);
            return NULL;
        }
        e->a = l;
        e->b = r;
        l = e;
    }
    return l;
}

static bc_expr *parse_product(expr_parser *p)
{
    static const bc_expr_op kinds[2] = {BC_EXPR_MUL, BC_EXPR_DIV};
    return parse_binary(p, parse_atom, "*/", kinds);
}

static bc_expr *parse_sum(expr_parser *p)
{
    static const bc_expr_op kinds[2] = {BC_EXPR_ADD, BC_EXPR_SUB};
    return parse_binary(p, parse_product, "+-", kinds);
}

bc_status bc_expr_parse(const char *text, bc_expr **out, bc_error *err)
{
    *out = NULL;
    expr_parser p = {.s = text ? text : "", .err = err};
    bc_expr *e = parse_sum(&p);
    if (e) {
        skip_ws(&p);
        if (p.s[p.i] != '\0') {
            if (p.s[p.i] == ')')
                expr_fail(&p, p.i, "thừa dấu ngoặc đóng ')'");
            else if (p.s[p.i] == '=')
                expr_fail(&p, p.i, "công thức chỉ có một dấu '=' sau khóa của chính cột này");
            else
                expr_fail(&p, p.i, "ở đây cần một phép tính + - * / hoặc hết công thức");
            bc_expr_free(e);
            e = NULL;
        }
    }
    if (!e) {
        if (!p.failed)
            expr_fail(&p, p.i, "công thức không hợp lệ");
        return err ? err->status : BC_E_INPUT;
    }
    *out = e;
    return BC_OK;
}

void bc_expr_free(bc_expr *e)
{
    while (e) {
        bc_expr *next = e->a;
        bc_expr_free(e->b);
        free(e->name);
        free(e);
        e = next;
    }
}

bc_dec bc_expr_eval(const bc_expr *e, const bc_dec *vals, bool *div_by_zero, bool *range)
{
    bc_dec a, b, r = BC_DEC_NONE;
    bc_dec_status st = BC_DEC_OK;
    switch (e->op) {
    case BC_EXPR_NUM:
        return e->num;
    case BC_EXPR_COL:
        return e->col >= 0 ? vals[e->col] : BC_DEC_NONE;
    case BC_EXPR_NEG:
        return bc_dec_neg(bc_expr_eval(e->a, vals, div_by_zero, range));
    default:
        break;
    }
    a = bc_expr_eval(e->a, vals, div_by_zero, range);
    b = bc_expr_eval(e->b, vals, div_by_zero, range);
    switch (e->op) {
    case BC_EXPR_ADD: st = bc_dec_add(a, b, &r); break;
    case BC_EXPR_SUB: st = bc_dec_sub(a, b, &r); break;
    case BC_EXPR_MUL: st = bc_dec_mul(a, b, &r); break;
    case BC_EXPR_DIV: st = bc_dec_div(a, b, &r); break;
    default: break;
    }
    if (st == BC_DEC_DIVZERO && div_by_zero)
        *div_by_zero = true;
    if (st == BC_DEC_RANGE && range)
        *range = true;
    return r;
}

int bc_expr_precedence(bc_expr_op op)
{
    switch (op) {
    case BC_EXPR_ADD:
    case BC_EXPR_SUB: return 1;
    case BC_EXPR_MUL:
    case BC_EXPR_DIV: return 2;
    case BC_EXPR_NEG: return 3;
    default: return 4;
    }
}

void bc_expr_write(bc_buf *b, const bc_expr *e, bc_expr_col_fn col, void *ctx)
{
    switch (e->op) {
    case BC_EXPR_NUM: {
        char tmp[64];
        bc_num_fmt f = {BC_NUMFMT_DECIMAL, 0, true, false, 0};
        f.decimals = bc_dec_trim(e->num).scale; /* as written, without trailing zeros */
        bc_num_format_dec_to(tmp, sizeof tmp, e->num, &f);
        bc_buf_puts(b, tmp);
        return;
    }
    case BC_EXPR_COL:
        if (col)
            col(b, e, ctx);
        else
            bc_buf_puts(b, e->name ? e->name : "?");
        return;
    case BC_EXPR_NEG:
        bc_buf_putc(b, '-');
        if (bc_expr_precedence(e->a->op) < 3) {
            bc_buf_putc(b, '(');
            bc_expr_write(b, e->a, col, ctx);
            bc_buf_putc(b, ')');
        } else {
            bc_expr_write(b, e->a, col, ctx);
        }
        return;
    default: {
        int p = bc_expr_precedence(e->op);
        bool lp = bc_expr_precedence(e->a->op) < p;
        /* right operand of - and / needs brackets at equal precedence */
        bool rp = bc_expr_precedence(e->b->op) < p ||
                  (bc_expr_precedence(e->b->op) == p &&
                   (e->op == BC_EXPR_SUB || e->op == BC_EXPR_DIV));
        if (lp)
            bc_buf_putc(b, '(');
        bc_expr_write(b, e->a, col, ctx);
        if (lp)
            bc_buf_putc(b, ')');
        bc_buf_puts(b, e->op == BC_EXPR_ADD   ? " + "
                       : e->op == BC_EXPR_SUB ? " - "
                       : e->op == BC_EXPR_MUL ? " * "
                                              : " / ");
        if (rp)
            bc_buf_putc(b, '(');
        bc_expr_write(b, e->b, col, ctx);
        if (rp)
            bc_buf_putc(b, ')');
    }
    }
}

char *bc_expr_to_string(const bc_expr *e)
{
    bc_buf b = BC_BUF_INIT;
    bc_expr_write(&b, e, NULL, NULL);
    return bc_buf_detach(&b);
}

/* ---- header ---- */

static bc_status finish_nodes(bc_table *t, bc_col_node *nodes, size_t n, int depth,
                              int *next_leaf, int *max_depth, bc_error *err)
{
    if (depth > 64)
        return bc_error_set(err, BC_E_INTERNAL, t->spec_file, 0, 0, "cây tiêu đề cột quá sâu");
    for (size_t i = 0; i < n; i++) {
        bc_col_node *nd = &nodes[i];
        nd->depth = depth;
        nd->first_leaf = *next_leaf;
        if (depth + 1 > *max_depth)
            *max_depth = depth + 1;
        if (nd->nchildren == 0) {
            if (*next_leaf >= (int)t->ncols)
                return bc_error_set(err, BC_E_INTERNAL, t->spec_file, 0, 0,
                                    "cây tiêu đề cột có nhiều lá hơn số cột");
            nd->leaf = (*next_leaf)++;
            nd->nleaves = 1;
        } else {
            nd->leaf = -1;
            bc_status st = finish_nodes(t, nd->children, nd->nchildren, depth + 1, next_leaf,
                                        max_depth, err);
            if (st)
                return st;
            nd->nleaves = *next_leaf - nd->first_leaf;
        }
    }
    return BC_OK;
}

static void set_spans(bc_col_node *nodes, size_t n, int rows)
{
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].nchildren == 0) {
            nodes[i].row_span = rows - nodes[i].depth;
        } else {
            nodes[i].row_span = 1;
            set_spans(nodes[i].children, nodes[i].nchildren, rows);
        }
    }
}

bc_status bc_table_finish_header(bc_table *t, bc_error *err)
{
    int next = 0, max_depth = 0;
    bc_status st = finish_nodes(t, t->header, t->nheader, 0, &next, &max_depth, err);
    if (st)
        return st;
    if (next != (int)t->ncols)
        return bc_error_set(err, BC_E_INTERNAL, t->spec_file, 0, 0,
                            "cây tiêu đề cột có %d lá nhưng bảng có %zu cột", next, t->ncols);
    t->header_rows = max_depth;
    set_spans(t->header, t->nheader, max_depth);
    return BC_OK;
}

/* ---- rows ---- */

bc_row *bc_table_add_row(bc_table *t)
{
    if (!BC_GROW(&t->rows, &t->rows_cap, t->nrows + 1, 64))
        return NULL;
    bc_cell *cells = bc_table_alloc(t, (t->ncols ? t->ncols : 1) * sizeof *cells);
    if (!cells)
        return NULL;
    for (size_t i = 0; i < t->ncols; i++) {
        cells[i].text = "";
        cells[i].display = "";
        cells[i].value = BC_DEC_NONE;
        cells[i].decimals = -1;
    }
    bc_row *row = &t->rows[t->nrows++];
    memset(row, 0, sizeof *row);
    row->marker = "";
    row->parent = -1;
    row->cells = cells;
    return row;
}

const char *bc_marker_kind_name(bc_marker_kind k)
{
    switch (k) {
    case BC_MARK_NONE: return "trong";
    case BC_MARK_LETTER: return "chu";
    case BC_MARK_ROMAN: return "la_ma";
    case BC_MARK_NUMBER: return "so";
    case BC_MARK_SUBNUMBER: return "so_con";
    case BC_MARK_LOWER: return "chu_thuong";
    case BC_MARK_DASH: return "gach";
    case BC_MARK_PLUS: return "cong";
    case BC_MARK_STAR: return "sao";
    case BC_MARK_TOTAL: return "tong";
    case BC_MARK_OTHER: return "khac";
    case BC_MARK_COUNT: break;
    }
    return "khac";
}

static bool is_total_text(const bc_table *t, const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || n > 64)
        return false;
    char *up = bc_text_upper(s);
    if (!up)
        return false;
    /* drop a trailing ':' or '.' and surrounding spaces */
    size_t m = strlen(up);
    while (m > 0 && (up[m - 1] == ':' || up[m - 1] == '.' || up[m - 1] == ' '))
        up[--m] = '\0';
    const char **list = t ? t->total_markers : default_totals;
    size_t nl = t ? t->ntotal_markers : sizeof default_totals / sizeof default_totals[0];
    bool hit = false;
    for (size_t i = 0; i < nl && !hit; i++)
        hit = strcmp(up, list[i]) == 0;
    free(up);
    return hit;
}

static bool all_in(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(set, s[i]) || s[i] == '\0')
            return false;
    return n > 0;
}

bc_marker_kind bc_marker_classify(const bc_table *t, const char *marker, char *last_letter)
{
    const char *s = marker ? marker : "";
    size_t n = strlen(s);
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return BC_MARK_NONE;
    if ((n == 1 && s[0] == '-') ||
        (n == 3 && memcmp(s, "\xE2\x80", 2) == 0 && (s[2] == '\x93' || s[2] == '\x94')))
        return BC_MARK_DASH;
    if (n == 1 && s[0] == '+')
        return BC_MARK_PLUS;
    if (n == 1 && s[0] == '*')
        return BC_MARK_STAR;
    /* strip one trailing '.' or ')' for the shape tests */
    size_t m = n;
    if (m > 1 && (s[m - 1] == '.' || s[m - 1] == ')'))
        m--;
    if (all_in(s, m, "0123456789"))
        return BC_MARK_NUMBER;
    if (all_in(s, m, "0123456789.") && s[0] != '.' && !strstr(s, "..") && s[m - 1] != '.')
        return BC_MARK_SUBNUMBER;
    /* Vietnamese Đ/đ (U+0110/U+0111) count as letters after D/d */
    bool upper1 = (m == 1 && s[0] >= 'A' && s[0] <= 'Z') ||
                  (m == 2 && (unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x90);
    bool lower1 = (m == 1 && s[0] >= 'a' && s[0] <= 'z') ||
                  (m == 2 && (unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x91);
    char letter = m == 1 ? s[0] : 'D';
    if (upper1) {
        bool romanish = letter == 'I' || letter == 'V' || letter == 'X';
        char prev = last_letter ? *last_letter : 0;
        if (romanish && !(prev && prev + 1 == letter)) {
            return BC_MARK_ROMAN;
        }
        if (last_letter)
            *last_letter = letter;
        return BC_MARK_LETTER;
    }
    if (lower1)
        return BC_MARK_LOWER;
    if (all_in(s, m, "IVXLCDM"))
        return BC_MARK_ROMAN;
    if (is_total_text(t, s))
        return BC_MARK_TOTAL;
    return BC_MARK_OTHER;
}

static bool row_tail_empty(const bc_table *t, const bc_row *row)
{
    if (t->group_after_col < 0 || t->group_after_col + 1 >= (int)t->ncols)
        return false;
    for (size_t c = (size_t)t->group_after_col + 1; c < t->ncols; c++)
        if (t->cols[c].source_index >= 0 && row->cells[c].text[0] != '\0')
            return false;
    return true;
}

void bc_rowtree_init(bc_rowtree *rt, const bc_table *t)
{
    memset(rt, 0, sizeof *rt);
    rt->t = t;
    rt->current_group = -1;
    rt->prev_rank = -1;
    for (int k = 0; k < BC_MARK_COUNT; k++)
        if (t->rank[k] > rt->max_rank)
            rt->max_rank = t->rank[k];
}

void bc_rowtree_free(bc_rowtree *rt)
{
    free(rt->stack);
    rt->stack = NULL;
    rt->sp = rt->cap = 0;
}

bc_status bc_rowtree_add(bc_rowtree *rt, bc_row *row, size_t index)
{
    const bc_table *t = rt->t;
    row->marker = t->marker_col >= 0 ? row->cells[t->marker_col].text : "";
    row->marker_kind = bc_marker_classify(t, row->marker, &rt->last_letter);
    row->nchildren = 0;
    row->is_group = false;
    row->is_total = false;
    row->parent = -1;
    row->level = 0;
    if (row->marker_kind == BC_MARK_NONE && t->name_col >= 0 &&
        is_total_text(t, row->cells[t->name_col].text))
        row->marker_kind = BC_MARK_TOTAL;
    if (row->marker_kind == BC_MARK_TOTAL) {
        row->is_total = true;
        rt->sp = 0;
        rt->current_group = -1;
        rt->prev_rank = -1;
        return BC_OK;
    }
    if (t->grouping == BC_GROUP_BY_EMPTY) {
        if (row_tail_empty(t, row)) {
            row->is_group = true;
            rt->current_group = (long)index;
        } else if (rt->current_group >= 0) {
            row->parent = (int)rt->current_group;
            row->level = 1;
        }
        return BC_OK;
    }
    int r = t->rank[row->marker_kind];
    if (r < 0)
        r = rt->prev_rank >= 0 ? rt->prev_rank : rt->max_rank + 1;
    rt->prev_rank = r;
    while (rt->sp > 0 && rt->stack[rt->sp - 1].rank >= r)
        rt->sp--;
    if (rt->sp > 0)
        row->parent = (int)rt->stack[rt->sp - 1].index;
    row->level = (int)rt->sp;
    if (!BC_GROW(&rt->stack, &rt->cap, rt->sp + 1, 16))
        return BC_E_NOMEM;
    rt->stack[rt->sp].index = index;
    rt->stack[rt->sp].rank = r;
    rt->sp++;
    return BC_OK;
}

void bc_table_row_style(const bc_table *t, bc_row *row)
{
    if (row->is_total)
        row->style = t->total_style;
    else if (t->kind_style_set & (1u << row->marker_kind))
        row->style = t->kind_style[row->marker_kind];
    else if (row->is_group)
        row->style = t->group_style;
    else
        row->style = t->row_style;
}

bc_status bc_table_build_rows(bc_table *t)
{
    bc_rowtree rt;
    bc_rowtree_init(&rt, t);
    bc_status status = BC_OK;
    for (size_t i = 0; i < t->nrows; i++) {
        bc_row *row = &t->rows[i];
        if (status) { /* out of memory: the rest stays flat */
            row->marker = t->marker_col >= 0 ? row->cells[t->marker_col].text : "";
            row->marker_kind = bc_marker_classify(t, row->marker, &rt.last_letter);
            row->parent = -1;
            row->level = 0;
            continue;
        }
        status = bc_rowtree_add(&rt, row, i);
        if (row->parent >= 0)
            t->rows[row->parent].nchildren++;
    }
    bc_rowtree_free(&rt);
    for (size_t i = 0; i < t->nrows; i++) {
        bc_row *row = &t->rows[i];
        if (t->grouping == BC_GROUP_BY_MARKER && row->nchildren > 0)
            row->is_group = true;
        bc_table_row_style(t, row);
    }
    return status;
}

/* ---- cells ---- */

size_t bc_table_format_value(const bc_table *t, int col, bc_dec v, char *buf, size_t size)
{
    return bc_num_format_dec_to(buf, size, v, &t->cols[col].fmt);
}

void bc_table_set_value(bc_table *t, bc_cell *cell, int col, bc_dec v, unsigned add_flags)
{
    char tmp[128];
    size_t n = bc_table_format_value(t, col, v, tmp, sizeof tmp);
    const char *d = bc_table_strdup(t, tmp, n < sizeof tmp ? n : sizeof tmp - 1);
    cell->value = v;
    cell->decimals = -1;
    cell->display = d ? d : "";
    cell->flags &= ~(BC_CELL_EMPTY | BC_CELL_DASH | BC_CELL_INVALID | BC_CELL_RANGE);
    cell->flags |= add_flags;
}

static bool is_numeric_kind(bc_col_kind k)
{
    return k == BC_COL_INTEGER || k == BC_COL_DECIMAL || k == BC_COL_RATE;
}

static int read_digits(const char **p, int max)
{
    int n = 0, v = 0;
    while (**p >= '0' && **p <= '9' && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n ? v : -1;
}

/* d/m/yyyy, m/yyyy or yyyy (separators / - .). */
static bool is_date(const char *s)
{
    const char *p = s;
    int parts[3], np = 0, widths[3];
    while (np < 3) {
        const char *b = p;
        int v = read_digits(&p, 4);
        if (v < 0)
            return false;
        widths[np] = (int)(p - b);
        parts[np++] = v;
        if (*p == '/' || *p == '-' || *p == '.') {
            p++;
            continue;
        }
        break;
    }
    if (*p != '\0')
        return false;
    int year = parts[np - 1];
    if (widths[np - 1] != 4 || year < 1000)
        return false;
    for (int i = 0; i + 1 < np; i++)
        if (widths[i] > 2)
            return false;
    if (np == 3)
        return parts[0] >= 1 && parts[0] <= 31 && parts[1] >= 1 && parts[1] <= 12;
    if (np == 2)
        return parts[0] >= 1 && parts[0] <= 12;
    return true;
}

void bc_table_parse_cells(bc_table *t, bc_num_style style)
{
    t->csv_style = style;
    for (size_t c = 0; c < t->ncols; c++) {
        bc_column *col = &t->cols[c];
        if (col->source_index < 0)
            continue;
        bc_num_style cstyle = col->num_style != BC_NUM_AUTO ? col->num_style : style;
        for (size_t r = 0; r < t->nrows; r++) {
            bc_cell *cell = &t->rows[r].cells[c];
            cell->flags &= ~(BC_CELL_EMPTY | BC_CELL_DASH | BC_CELL_INVALID | BC_CELL_RANGE);
            cell->display = cell->text;
            cell->value = BC_DEC_NONE;
            cell->decimals = -1;
            if (col->kind == BC_COL_TEXT) {
                if (cell->text[0] == '\0')
                    cell->flags |= BC_CELL_EMPTY;
                continue;
            }
            bc_num_info info;
            bc_dec v;
            bc_num_result res = bc_num_parse_dec(cell->text, cstyle, &v, &info);
            if (res == BC_NUM_EMPTY) {
                cell->flags |= BC_CELL_EMPTY;
                cell->display = "";
                continue;
            }
            if (res == BC_NUM_DASH) {
                cell->flags |= BC_CELL_DASH;
                cell->value = is_numeric_kind(col->kind) ? BC_DEC_ZERO : BC_DEC_NONE;
                cell->display = "-";
                continue;
            }
            if (col->kind == BC_COL_DATE) {
                if (!is_date(cell->text))
                    cell->flags |= BC_CELL_INVALID;
                continue;
            }
            if (res == BC_NUM_RANGE) {
                cell->flags |= BC_CELL_INVALID | BC_CELL_RANGE;
                continue;
            }
            if (res != BC_NUM_OK) {
                cell->flags |= BC_CELL_INVALID;
                continue;
            }
            if (col->kind == BC_COL_RATE && !info.percent) {
                /* a rate written without % is a percentage */
                if (v.scale + 2 > BC_DEC_MAX_SCALE) {
                    cell->flags |= BC_CELL_INVALID | BC_CELL_RANGE;
                    continue;
                }
                v.scale += 2;
            }
            cell->value = v;
            cell->decimals = info.decimals;
            bc_num_fmt f = col->fmt;
            int64_t whole;
            if (col->kind == BC_COL_INTEGER && info.decimals > 0 && !bc_dec_to_int(v, &whole)) {
                /* keep what is written rather than round it away */
                f.kind = BC_NUMFMT_DECIMAL;
                f.decimals = info.decimals;
            }
            if (col->keep_leading_zero && info.leading_zero && info.int_digits > f.min_digits)
                f.min_digits = info.int_digits;
            char tmp[128];
            size_t n = bc_num_format_dec_to(tmp, sizeof tmp, v, &f);
            if (strcmp(tmp, cell->text) != 0) {
                const char *d = bc_table_strdup(t, tmp, n < sizeof tmp ? n : sizeof tmp - 1);
                if (d)
                    cell->display = d;
            }
        }
    }
}

bc_status bc_table_compute_missing(bc_table *t)
{
    bool any = false;
    for (size_t k = 0; k < t->nformulas; k++)
        if (t->cols[t->formula_order[k]].source_index < 0)
            any = true;
    if (!any || t->ncols == 0)
        return BC_OK;
    bc_dec *vals = malloc(t->ncols * sizeof *vals);
    if (!vals)
        return BC_E_NOMEM;
    for (size_t r = 0; r < t->nrows; r++) {
        bc_row *row = &t->rows[r];
        for (size_t c = 0; c < t->ncols; c++) {
            const bc_cell *cell = &row->cells[c];
            vals[c] = (cell->flags & (BC_CELL_EMPTY | BC_CELL_DASH)) ? BC_DEC_ZERO : cell->value;
        }
        for (size_t k = 0; k < t->nformulas; k++) {
            int c = t->formula_order[k];
            if (t->cols[c].source_index >= 0 || !t->cols[c].expr)
                continue;
            bc_dec v = bc_expr_eval(t->cols[c].expr, vals, NULL, NULL);
            vals[c] = v;
            bc_cell *cell = &row->cells[c];
            cell->line = 0;
            cell->column = 0;
            if (bc_dec_is_none(v)) {
                cell->value = BC_DEC_NONE;
                cell->display = "";
                cell->flags |= BC_CELL_COMPUTED;
            } else {
                bc_table_set_value(t, cell, c, v, BC_CELL_COMPUTED);
            }
        }
    }
    free(vals);
    return BC_OK;
}

int bc_table_find_col(const bc_table *t, const char *key)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].key && strcmp(t->cols[i].key, key) == 0)
            return (int)i;
    return -1;
}

char *bc_table_row_label(const bc_table *t, size_t row)
{
    return bc_table_row_label_of(t, &t->rows[row], row);
}

char *bc_table_row_label_of(const bc_table *t, const bc_row *r, size_t row)
{
    bc_buf b = BC_BUF_INIT;
    const char *name = "";
    if (t->name_col >= 0 && t->name_col != t->marker_col)
        name = r->cells[t->name_col].text;
    bc_buf_puts(&b, r->marker);
    if (name[0]) {
        if (r->marker[0])
            bc_buf_putc(&b, ' ');
        size_t n = strlen(name);
        size_t chars = bc_utf8_length(name, n);
        if (chars <= 80) {
            bc_buf_puts(&b, name);
        } else {
            /* cut after ~72 characters at a space */
            size_t i = 0, k = 0, last_space = 0;
            while (i < n && k < 72) {
                if (name[i] == ' ')
                    last_space = i;
                i++;
                while (i < n && ((unsigned char)name[i] & 0xC0) == 0x80)
                    i++;
                k++;
            }
            size_t cut = last_space > 40 ? last_space : i;
            bc_buf_append(&b, name, cut);
            bc_buf_puts(&b, "…");
        }
    }
    if (b.len == 0)
        bc_buf_printf(&b, "hàng %zu", row + 1);
    return bc_buf_detach(&b);
}
