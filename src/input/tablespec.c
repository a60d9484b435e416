/* tablespec.c - table spec YAML -> bc_table, and the table's CSV data. */
#include "tablespec.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "csvdata.h"
#include "strbuf.h"
#include "text.h"
#include "vnnum.h"
#include "xlsx.h"
#include "yamltree.h"

/* ======================================================================
 * Spec walking helpers
 * ====================================================================== */

typedef struct spec_ctx {
    const char *file;
    const bc_ydoc *doc;
    bc_error *err;
    bc_diags *diags;
    bc_table *t;
    /* leaves as they are found */
    bc_column *cols;
    bool *align_given; /* per leaf: the spec wrote `can` */
    size_t ncols, cap;
} spec_ctx;

static void join_names(bc_buf *b, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        if (i)
            bc_buf_puts(b, ", ");
        bc_buf_puts(b, names[i]);
    }
}

/* Checks every key of map against names[] (NULL-terminated): an unknown key
 * is an error naming the nearest known key (yamltree's message). */
static bc_status check_keys(spec_ctx *c, const bc_ynode *map, const char *const *names)
{
    return bc_ymap_check_keys(c->doc, map, names, c->err);
}

static const bc_ynode *map_get(const bc_ynode *map, const char *key)
{
    return bc_ymap_get(map, key);
}

static const bc_ynode *map_key_node(const bc_ynode *map, const char *key)
{
    if (!map || map->kind != BC_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i]->value, key) == 0)
            return map->keys[i];
    return NULL;
}

/* A plain ~ or null: "nothing". */
static bool is_null(const bc_ynode *v)
{
    return v->kind == BC_Y_SCALAR && !v->quoted &&
           (strcmp(v->value, "~") == 0 || strcmp(v->value, "null") == 0);
}

static bc_status need_scalar(spec_ctx *c, const bc_ynode *v, const char *key)
{
    if (v->kind == BC_Y_SCALAR)
        return BC_OK;
    return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                        "«%s» cần một giá trị đơn (chữ hoặc số), không phải %s", key,
                        v->kind == BC_Y_SEQ ? "danh sách" : "bảng khóa: giá trị");
}

static bc_status get_text(spec_ctx *c, const bc_ynode *v, const char *key, const char **out)
{
    bc_status st = need_scalar(c, v, key);
    if (st)
        return st;
    /* a plain "~" or "null" means nothing */
    if (is_null(v)) {
        *out = NULL;
        return BC_OK;
    }
    *out = bc_table_strdup(c->t, v->value, (size_t)-1);
    if (!*out)
        return bc_nomem(c->err);
    return BC_OK;
}

/* Normalised enumeration word: diacritics dropped (đậm -> dam, đ -> d),
 * lower case, '_' and ' ' -> '-'. Officials type values with accents. */
static void norm_word(const char *s, char *out, size_t size)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, -1, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                          UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    const char *src = n >= 0 && folded ? (const char *)folded : s;
    size_t i = 0;
    while (*src && i + 1 < size) {
        unsigned char c = (unsigned char)*src;
        if (c == 0xC4 && ((unsigned char)src[1] == 0x91 || (unsigned char)src[1] == 0x90)) {
            out[i++] = 'd'; /* đ Đ */
            src += 2;
            continue;
        }
        char ch = *src++;
        if (ch == '_' || ch == ' ')
            ch = '-';
        out[i++] = (char)tolower((unsigned char)ch);
    }
    out[i] = '\0';
    free(folded);
}

/* names: NULL-terminated. */
static bc_status get_enum(spec_ctx *c, const bc_ynode *v, const char *key,
                          const char *const *names, int *out)
{
    bc_status st = need_scalar(c, v, key);
    if (st)
        return st;
    char w[64];
    norm_word(v->value, w, sizeof w);
    for (size_t i = 0; names[i]; i++) {
        if (strcmp(w, names[i]) == 0) {
            *out = (int)i;
            return BC_OK;
        }
    }
    const char *near = bc_nearest(w, names);
    bc_buf b = BC_BUF_INIT;
    join_names(&b, names);
    char *list = bc_buf_detach(&b);
    if (near)
        st = bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                          "«%s: %s» không hợp lệ; có phải ý bạn là «%s»? (chọn một trong: %s)",
                          key, v->value, near, list ? list : "");
    else
        st = bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                          "«%s: %s» không hợp lệ (chọn một trong: %s)", key, v->value,
                          list ? list : "");
    free(list);
    return st;
}

static bc_status get_bool(spec_ctx *c, const bc_ynode *v, const char *key, bool *out)
{
    bc_status st = need_scalar(c, v, key);
    if (st)
        return st;
    static const char *yes[] = {"co", "true", "yes", "on", "1"};
    static const char *no[] = {"khong", "false", "no", "off", "0"};
    char w[64];
    norm_word(v->value, w, sizeof w);
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcmp(w, yes[i]) == 0) {
            *out = true;
            return BC_OK;
        }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcmp(w, no[i]) == 0) {
            *out = false;
            return BC_OK;
        }
    return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                        "«%s: %s» không hợp lệ: viết co hoặc khong", key, v->value);
}

static bc_status get_number(spec_ctx *c, const bc_ynode *v, const char *key, double lo,
                            double hi, double *out)
{
    bc_status st = need_scalar(c, v, key);
    if (st)
        return st;
    double x;
    if (bc_num_parse(v->value, BC_NUM_AUTO, &x, NULL) != BC_NUM_OK || x < lo || x > hi)
        return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                            "«%s: %s» cần một số từ %g đến %g", key, v->value, lo, hi);
    *out = x;
    return BC_OK;
}

static bool is_identifier(const char *s)
{
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    for (size_t i = 1; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
              (s[i] >= '0' && s[i] <= '9')))
            return false;
    return strlen(s) <= 64;
}

/* ======================================================================
 * Columns
 * ====================================================================== */

static const char *const leaf_keys[] = {"khoa", "nhan", "nguon", "rong", "can",
                                        "kieu", "so-le", "gach-khi-0", "nhom-nghin",
                                        "so-0-dau", "bat-buoc", "cong-don", "cong-thuc", NULL};
static const char *const group_keys[] = {"nhan", "cot", NULL};
static const char *const align_names[] = {"trai", "giua", "phai", "deu", NULL};
static const char *const kind_names[] = {"chu", "so", "so-thuc", "ty-le", "ngay", NULL};

#define MAX_COLS 512
#define MAX_DEPTH 8

static bc_status parse_width(spec_ctx *c, const bc_ynode *v, bc_column *col)
{
    bc_status st = need_scalar(c, v, "rong");
    if (st)
        return st;
    char buf[64];
    size_t n = strlen(v->value);
    if (n >= sizeof buf)
        goto bad;
    memcpy(buf, v->value, n + 1);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    bc_width_kind kind = BC_WIDTH_MM;
    if (n > 2 && strcmp(buf + n - 2, "mm") == 0) {
        buf[n - 2] = '\0';
    } else if (n > 1 && buf[n - 1] == '%') {
        kind = BC_WIDTH_PERCENT;
        buf[n - 1] = '\0';
    } else if (n > 1 && buf[n - 1] == '*') {
        kind = BC_WIDTH_WEIGHT;
        buf[n - 1] = '\0';
    }
    double x;
    if (bc_num_parse(buf, BC_NUM_AUTO, &x, NULL) != BC_NUM_OK || !(x > 0) ||
        (kind == BC_WIDTH_PERCENT && x > 100) || x > 2000)
        goto bad;
    col->width_kind = kind;
    col->width = x;
    return BC_OK;
bad:
    return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                        "«rong: %s» không hợp lệ: viết số mi-li-mét (12 hoặc 12mm), phần trăm "
                        "bề rộng bảng (25%%) hoặc trọng số (3*)",
                        v->value);
}

static bc_status parse_leaf(spec_ctx *c, const bc_ynode *map, const char *parent_path,
                            bc_column *col)
{
    bc_status st = check_keys(c, map, leaf_keys);
    if (st)
        return st;
    memset(col, 0, sizeof *col);
    col->source_index = -2;
    col->width_kind = BC_WIDTH_AUTO;
    col->width = 1;
    col->spec_line = map->line;
    col->spec_column = map->column;
    const bc_ynode *v;
    if (!(v = map_get(map, "khoa")))
        return bc_error_set(c->err, BC_E_INPUT, c->file, map->line, map->column,
                            "cột thiếu «khoa» (tên ngắn không dấu, ví dụ khoa: tong_da_gq)");
    if ((st = get_text(c, v, "khoa", &col->key)))
        return st;
    if (!col->key || !is_identifier(col->key))
        return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                            "«khoa: %s» không hợp lệ: chỉ dùng chữ không dấu, chữ số và '_', "
                            "bắt đầu bằng chữ (ví dụ tong_da_gq)",
                            v->value);
    for (size_t i = 0; i < c->ncols; i++)
        if (strcmp(c->cols[i].key, col->key) == 0)
            return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                "khóa cột «%s» đã dùng cho cột ở dòng %d; mỗi cột cần một "
                                "khóa riêng",
                                col->key, c->cols[i].spec_line);
    if (!(v = map_get(map, "nhan")))
        return bc_error_set(c->err, BC_E_INPUT, c->file, map->line, map->column,
                            "cột «%s» thiếu «nhan» (chữ in ở tiêu đề cột)", col->key);
    if ((st = get_text(c, v, "nhan", &col->label)))
        return st;
    if (!col->label)
        col->label = "";
    const char *path = parent_path
                           ? bc_strdup_printf("%s / %s", parent_path, col->label)
                           : NULL;
    col->path_label = bc_table_strdup(c->t, path ? path : col->label, (size_t)-1);
    free((void *)path);
    if (!col->path_label)
        return bc_nomem(c->err);

    int kind = 0;
    if ((v = map_get(map, "kieu")) &&
        (st = get_enum(c, v, "kieu", kind_names, &kind)))
        return st;
    col->kind = (bc_col_kind)kind;
    col->fmt.kind = kind == BC_COL_RATE      ? BC_NUMFMT_PERCENT
                    : kind == BC_COL_DECIMAL ? BC_NUMFMT_DECIMAL
                                             : BC_NUMFMT_INTEGER;
    col->fmt.decimals = (kind == BC_COL_RATE || kind == BC_COL_DECIMAL) ? 2 : 0;
    bool numeric = kind == BC_COL_INTEGER || kind == BC_COL_DECIMAL || kind == BC_COL_RATE;
    col->align = numeric ? BC_ALIGN_RIGHT : kind == BC_COL_DATE ? BC_ALIGN_CENTER : BC_ALIGN_LEFT;

    static const char *const numeric_only[] = {"so-le", "gach-khi-0", "nhom-nghin", "so-0-dau",
                                               "cong-don", "cong-thuc"};
    if (!numeric) {
        for (size_t i = 0; i < sizeof numeric_only / sizeof *numeric_only; i++) {
            const bc_ynode *k = map_key_node(map, numeric_only[i]);
            if (k)
                return bc_error_set(c->err, BC_E_INPUT, c->file, k->line, k->column,
                                    "«%s» chỉ dùng cho cột số (kieu: so, so-thuc hoặc ty-le); "
                                    "cột «%s» là kieu: %s",
                                    numeric_only[i], col->key, kind_names[kind]);
        }
    }
    if ((v = map_get(map, "so-le"))) {
        double d;
        if ((st = get_number(c, v, "so-le", 0, 10, &d)))
            return st;
        if (d != floor(d))
            return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                "«so-le» cần một số nguyên từ 0 đến 10");
        col->fmt.decimals = (int)d;
        if (kind == BC_COL_INTEGER && d > 0) {
            const bc_ynode *k = map_key_node(map, "so-le");
            return bc_error_set(c->err, BC_E_INPUT, c->file, k->line, k->column,
                                "cột «%s» là số nguyên (kieu: so) nên không có số lẻ; dùng "
                                "kieu: so-thuc",
                                col->key);
        }
    }
    if ((v = map_get(map, "gach-khi-0")) && (st = get_bool(c, v, "gach-khi-0", &col->fmt.dash_zero)))
        return st;
    bool group = true;
    if ((v = map_get(map, "nhom-nghin")) && (st = get_bool(c, v, "nhom-nghin", &group)))
        return st;
    col->fmt.no_grouping = !group;
    if ((v = map_get(map, "so-0-dau"))) {
        if ((st = need_scalar(c, v, "so-0-dau")))
            return st;
        char w[16];
        norm_word(v->value, w, sizeof w);
        if (strcmp(w, "giu") == 0) {
            col->keep_leading_zero = true;
        } else {
            double d;
            if ((st = get_number(c, v, "so-0-dau", 0, 20, &d)))
                return st;
            col->fmt.min_digits = (int)d;
        }
    }
    col->summable = (kind == BC_COL_INTEGER || kind == BC_COL_DECIMAL);
    if ((v = map_get(map, "bat-buoc")) && (st = get_bool(c, v, "bat-buoc", &col->required)))
        return st;
    if ((v = map_get(map, "can"))) {
        int a;
        if ((st = get_enum(c, v, "can", align_names, &a)))
            return st;
        col->align = (bc_align)a;
    }
    if ((v = map_get(map, "rong")) && (st = parse_width(c, v, col)))
        return st;
    if ((v = map_get(map, "nguon"))) {
        if ((st = need_scalar(c, v, "nguon")))
            return st;
        double d;
        if (!v->quoted && bc_num_parse(v->value, BC_NUM_AUTO, &d, NULL) == BC_NUM_OK) {
            if (d < 1 || d > 100000 || d != floor(d))
                return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                    "«nguon: %s»: số thứ tự cột CSV bắt đầu từ 1", v->value);
            col->source_index = (int)d - 1;
        } else {
            if ((st = get_text(c, v, "nguon", &col->source)))
                return st;
        }
    }
    bool summable_set = false;
    if ((v = map_get(map, "cong-don"))) {
        if ((st = get_bool(c, v, "cong-don", &col->summable)))
            return st;
        summable_set = true;
    }
    if ((v = map_get(map, "cong-thuc"))) {
        if ((st = get_text(c, v, "cong-thuc", &col->formula)))
            return st;
        if (col->formula) {
            const char *body = col->formula;
            const char *eq = strchr(body, '=');
            int offset = 0;
            if (eq) {
                /* "key = expr": the left side must be the column's own key */
                const char *a = body, *b = eq;
                while (*a == ' ')
                    a++;
                while (b > a && b[-1] == ' ')
                    b--;
                if ((size_t)(b - a) != strlen(col->key) || strncmp(a, col->key, (size_t)(b - a)) != 0)
                    return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                        "công thức «%s»: vế trái phải là khóa của chính cột "
                                        "này (%s = ...), hoặc bỏ vế trái",
                                        col->formula, col->key);
                offset = (int)bc_utf8_length(body, (size_t)(eq + 1 - body));
                body = eq + 1;
            }
            bc_error fe = BC_ERROR_INIT;
            if (bc_expr_parse(body, &col->expr, &fe)) {
                int ccol = v->column + (v->quoted ? 1 : 0) + offset + (fe.column > 0 ? fe.column - 1 : 0);
                st = bc_error_set(c->err, fe.status, c->file, v->line, ccol,
                                  "công thức của cột «%s»: %s", col->key,
                                  fe.message ? fe.message : "không hợp lệ");
                bc_error_clear(&fe);
                return st;
            }
            if (!summable_set)
                col->summable = false;
        }
    }
    return BC_OK;
}

static bc_status add_leaf(spec_ctx *c, const bc_column *col, const bc_ynode *at)
{
    if (c->ncols >= MAX_COLS)
        return bc_error_set(c->err, BC_E_INPUT, c->file, at->line, at->column,
                            "bảng có quá %d cột", MAX_COLS);
    if (c->ncols == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        bc_column *p = realloc(c->cols, cap * sizeof *p);
        if (p)
            c->cols = p;
        bool *g = realloc(c->align_given, cap * sizeof *g);
        if (g)
            c->align_given = g;
        if (!p || !g)
            return bc_nomem(c->err);
        c->cap = cap;
    }
    c->align_given[c->ncols] = map_get(at, "can") != NULL;
    c->cols[c->ncols++] = *col;
    return BC_OK;
}

static bc_status parse_cols(spec_ctx *c, const bc_ynode *seq, const char *parent_path, int depth,
                            bc_col_node **out, size_t *nout)
{
    if (seq->kind != BC_Y_SEQ)
        return bc_error_set(c->err, BC_E_INPUT, c->file, seq->line, seq->column,
                            "«cot» cần một danh sách cột, mỗi cột một dòng bắt đầu bằng '- '");
    if (seq->count == 0)
        return bc_error_set(c->err, BC_E_INPUT, c->file, seq->line, seq->column,
                            "danh sách «cot» trống: cần ít nhất một cột");
    if (depth >= MAX_DEPTH)
        return bc_error_set(c->err, BC_E_INPUT, c->file, seq->line, seq->column,
                            "tiêu đề cột lồng quá %d tầng", MAX_DEPTH);
    bc_col_node *nodes = bc_table_alloc(c->t, seq->count * sizeof *nodes);
    if (!nodes)
        return bc_nomem(c->err);
    for (size_t i = 0; i < seq->count; i++) {
        const bc_ynode *item = seq->items[i];
        bc_col_node *nd = &nodes[i];
        if (item->kind != BC_Y_MAP)
            return bc_error_set(c->err, BC_E_INPUT, c->file, item->line, item->column,
                                "mỗi cột cần dạng «khoa: ..., nhan: ...» (hoặc «nhan: ..., "
                                "cot: [...]» cho một nhóm cột)");
        const bc_ynode *sub = map_get(item, "cot");
        bc_status st;
        if (sub) {
            if ((st = check_keys(c, item, group_keys)))
                return st;
            const bc_ynode *lv = map_get(item, "nhan");
            if (!lv)
                return bc_error_set(c->err, BC_E_INPUT, c->file, item->line, item->column,
                                    "nhóm cột thiếu «nhan» (chữ in trên các cột con)");
            if ((st = get_text(c, lv, "nhan", &nd->label)))
                return st;
            if (!nd->label)
                nd->label = "";
            char *path = parent_path ? bc_strdup_printf("%s / %s", parent_path, nd->label)
                                     : bc_strdup(nd->label);
            if (!path)
                return bc_nomem(c->err);
            st = parse_cols(c, sub, path, depth + 1, &nd->children, &nd->nchildren);
            free(path);
            if (st)
                return st;
            nd->leaf = -1;
        } else {
            bc_column col;
            if ((st = parse_leaf(c, item, parent_path, &col)))
                return st;
            nd->label = col.label;
            nd->leaf = (int)c->ncols;
            if ((st = add_leaf(c, &col, item))) {
                bc_expr_free(col.expr);
                return st;
            }
        }
    }
    *out = nodes;
    *nout = seq->count;
    return BC_OK;
}

/* The column key nearest to name (bc_nearest), for "did you mean"; NULL
 * when none is near (or out of memory). */
static const char *nearest_key(const bc_table *t, const char *name)
{
    const char **keys = malloc((t->ncols + 1) * sizeof *keys);
    if (!keys)
        return NULL;
    for (size_t j = 0; j < t->ncols; j++)
        keys[j] = t->cols[j].key;
    keys[t->ncols] = NULL;
    const char *near = bc_nearest(name, keys);
    free(keys);
    return near;
}

/* Resolves formula references, orders formula columns, refuses cycles. */
static bc_status resolve_formulas(spec_ctx *c)
{
    bc_table *t = c->t;
    for (size_t i = 0; i < t->ncols; i++) {
        bc_column *col = &t->cols[i];
        if (!col->expr)
            continue;
        /* walk the tree iteratively */
        bc_expr *stack[256];
        size_t sp = 0;
        stack[sp++] = col->expr;
        while (sp > 0) {
            bc_expr *e = stack[--sp];
            if (e->op == BC_EXPR_COL) {
                int k = bc_table_find_col(t, e->name);
                if (k < 0) {
                    const char *near = nearest_key(t, e->name);
                    if (near)
                        return bc_error_set(c->err, BC_E_INPUT, c->file, col->spec_line,
                                            col->spec_column,
                                            "công thức của cột «%s» dùng «%s», không có cột nào "
                                            "có khóa này; có phải ý bạn là «%s»?",
                                            col->key, e->name, near);
                    return bc_error_set(c->err, BC_E_INPUT, c->file, col->spec_line,
                                        col->spec_column,
                                        "công thức của cột «%s» dùng «%s», không có cột nào có "
                                        "khóa này",
                                        col->key, e->name);
                }
                bc_col_kind kk = t->cols[k].kind;
                if (kk != BC_COL_INTEGER && kk != BC_COL_DECIMAL && kk != BC_COL_RATE)
                    return bc_error_set(c->err, BC_E_INPUT, c->file, col->spec_line,
                                        col->spec_column,
                                        "công thức của cột «%s» dùng cột «%s», nhưng cột đó "
                                        "không phải cột số",
                                        col->key, e->name);
                if (k == (int)i)
                    return bc_error_set(c->err, BC_E_INPUT, c->file, col->spec_line,
                                        col->spec_column,
                                        "công thức của cột «%s» dùng chính nó", col->key);
                e->col = k;
            }
            if (sp + 2 > sizeof stack / sizeof *stack)
                return bc_error_set(c->err, BC_E_INPUT, c->file, col->spec_line,
                                    col->spec_column, "công thức của cột «%s» quá dài",
                                    col->key);
            if (e->a)
                stack[sp++] = e->a;
            if (e->b)
                stack[sp++] = e->b;
        }
    }
    /* topological order by repeated passes (few columns) */
    int *order = bc_table_alloc(t, (t->ncols ? t->ncols : 1) * sizeof *order);
    char *done = calloc(t->ncols ? t->ncols : 1, 1);
    if (!order || !done) {
        free(done);
        return bc_nomem(c->err);
    }
    size_t n = 0, want = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (!t->cols[i].expr)
            done[i] = 1;
        else
            want++;
    }
    bool progress = true;
    while (n < want && progress) {
        progress = false;
        for (size_t i = 0; i < t->ncols; i++) {
            if (done[i])
                continue;
            bool ready = true;
            bc_expr *stack[256];
            size_t sp = 0;
            stack[sp++] = t->cols[i].expr;
            while (sp > 0 && ready) {
                bc_expr *e = stack[--sp];
                if (e->op == BC_EXPR_COL && !done[e->col])
                    ready = false;
                if (e->a && sp < 255)
                    stack[sp++] = e->a;
                if (e->b && sp < 255)
                    stack[sp++] = e->b;
            }
            if (ready) {
                done[i] = 1;
                order[n++] = (int)i;
                progress = true;
            }
        }
    }
    if (n < want) {
        for (size_t i = 0; i < t->ncols; i++) {
            if (!done[i]) {
                bc_status st = bc_error_set(c->err, BC_E_INPUT, c->file, t->cols[i].spec_line,
                                            t->cols[i].spec_column,
                                            "công thức vòng tròn: cột «%s» phụ thuộc (gián "
                                            "tiếp) vào chính nó",
                                            t->cols[i].key);
                free(done);
                return st;
            }
        }
    }
    free(done);
    t->formula_order = order;
    t->nformulas = n;
    return BC_OK;
}

/* ======================================================================
 * Rows section
 * ====================================================================== */

static const char *const hang_keys[] = {"ky-hieu", "ten", "nhom", "trong-sau",
                                        "thu-bac", "tong", "kieu-chu", "gop-cot", NULL};
static const char *const rank_names[] = {"chu", "la-ma", "so", "so-con", "chu-thuong",
                                         "gach", "cong", "sao", NULL};
static const bc_marker_kind rank_kinds[] = {BC_MARK_LETTER, BC_MARK_ROMAN, BC_MARK_NUMBER,
                                            BC_MARK_SUBNUMBER, BC_MARK_LOWER, BC_MARK_DASH,
                                            BC_MARK_PLUS, BC_MARK_STAR};
static const char *const style_names[] = {"thuong", "dam", "nghieng", "dam-nghieng", NULL};

static bc_status col_ref(spec_ctx *c, const bc_ynode *v, const char *key, int *out)
{
    bc_status st = need_scalar(c, v, key);
    if (st)
        return st;
    char w[16];
    norm_word(v->value, w, sizeof w);
    if (strcmp(w, "khong") == 0 || is_null(v)) {
        *out = -1;
        return BC_OK;
    }
    int k = bc_table_find_col(c->t, v->value);
    if (k >= 0) {
        *out = k;
        return BC_OK;
    }
    const char *near = nearest_key(c->t, v->value);
    if (near)
        return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                            "«%s: %s»: không có cột nào có khóa này; có phải ý bạn là «%s»?",
                            key, v->value, near);
    return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                        "«%s: %s»: không có cột nào có khóa này", key, v->value);
}

static unsigned style_bits(int s)
{
    return s == 1 ? BC_STYLE_BOLD : s == 2 ? BC_STYLE_ITALIC : s == 3 ? BC_STYLE_BOLD | BC_STYLE_ITALIC : 0;
}

/* gop-cot: co (to the last leaf) | khong | a leaf key (at most up to it),
 * which must stand after the name column. */
static bc_status parse_span(spec_ctx *c, const bc_ynode *v)
{
    bc_table *t = c->t;
    bc_status st = need_scalar(c, v, "gop-cot");
    if (st)
        return st;
    char w[16];
    norm_word(v->value, w, sizeof w);
    if (!strcmp(w, "co") || !strcmp(w, "khong") || is_null(v)) {
        t->group_span_to = !strcmp(w, "co") ? (int)t->ncols - 1 : -1;
    } else if ((st = col_ref(c, v, "gop-cot", &t->group_span_to))) {
        return st;
    }
    if (t->group_span_to < 0)
        return BC_OK;
    if (t->name_col < 0)
        return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                            "«gop-cot» gộp ô tên của hàng nhóm với các ô trống sau nó, nhưng "
                            "bảng không có cột tên; hãy ghi «ten: <khóa cột tên>»");
    if (t->group_span_to <= t->name_col)
        return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                            "«gop-cot: %s»: cột này phải đứng sau cột tên «%s»; ghi «co» để "
                            "gộp tới cột cuối",
                            v->value, t->cols[t->name_col].key);
    return BC_OK;
}

static bc_status parse_hang(spec_ctx *c, const bc_ynode *h)
{
    bc_table *t = c->t;
    bc_status st;
    /* defaults */
    t->marker_col = t->ncols > 0 ? 0 : -1;
    const bc_ynode *v;
    if (h && h->kind != BC_Y_MAP)
        return bc_error_set(c->err, BC_E_INPUT, c->file, h->line, h->column,
                            "«hang» cần các khóa: giá trị (ky-hieu, ten, nhom, ...)");
    if (h && (st = check_keys(c, h, hang_keys)))
        return st;
    if (h && (v = map_get(h, "ky-hieu")) && (st = col_ref(c, v, "ky-hieu", &t->marker_col)))
        return st;
    t->name_col = -1;
    for (size_t i = (size_t)(t->marker_col + 1); i < t->ncols; i++)
        if (t->cols[i].kind == BC_COL_TEXT) {
            t->name_col = (int)i;
            break;
        }
    if (h && (v = map_get(h, "ten")) && (st = col_ref(c, v, "ten", &t->name_col)))
        return st;
    int mode = 0;
    static const char *const mode_names[] = {"ky-hieu", "o-trong", NULL};
    if (h && (v = map_get(h, "nhom")) && (st = get_enum(c, v, "nhom", mode_names, &mode)))
        return st;
    t->grouping = (bc_grouping)mode;
    t->group_after_col = t->name_col;
    if (h && (v = map_get(h, "trong-sau"))) {
        if (mode != BC_GROUP_BY_EMPTY) {
            const bc_ynode *k = map_key_node(h, "trong-sau");
            return bc_error_set(c->err, BC_E_INPUT, c->file, k->line, k->column,
                                "«trong-sau» chỉ dùng với «nhom: o-trong»");
        }
        if ((st = col_ref(c, v, "trong-sau", &t->group_after_col)))
            return st;
    }
    if (mode == BC_GROUP_BY_EMPTY && t->group_after_col < 0)
        return bc_error_set(c->err, BC_E_INPUT, c->file, h->line, h->column,
                            "«nhom: o-trong» cần «trong-sau: <khóa cột>» (các ô sau cột này "
                            "trống thì hàng là hàng nhóm)");
    if (h && (v = map_get(h, "gop-cot")) && (st = parse_span(c, v)))
        return st;
    if (h && (v = map_get(h, "thu-bac"))) {
        if (v->kind != BC_Y_SEQ || v->count == 0)
            return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                "«thu-bac» cần một danh sách loại ký hiệu từ cao xuống thấp, "
                                "ví dụ [chu, la-ma, so, gach, cong]");
        for (int k = 0; k < BC_MARK_COUNT; k++)
            t->rank[k] = -1;
        for (size_t i = 0; i < v->count; i++) {
            int k;
            if ((st = get_enum(c, v->items[i], "thu-bac", rank_names, &k)))
                return st;
            if (t->rank[rank_kinds[k]] >= 0)
                return bc_error_set(c->err, BC_E_INPUT, c->file, v->items[i]->line,
                                    v->items[i]->column, "«%s» lặp lại trong «thu-bac»",
                                    v->items[i]->value);
            t->rank[rank_kinds[k]] = (int)i;
        }
    }
    if (h && (v = map_get(h, "tong"))) {
        size_t n = v->kind == BC_Y_SEQ ? v->count : 1;
        const char **list = bc_table_alloc(t, (n ? n : 1) * sizeof *list);
        if (!list)
            return bc_nomem(c->err);
        for (size_t i = 0; i < n; i++) {
            const bc_ynode *s = v->kind == BC_Y_SEQ ? v->items[i] : v;
            if ((st = need_scalar(c, s, "tong")))
                return st;
            char *up = bc_text_upper(s->value);
            if (!up)
                return bc_nomem(c->err);
            list[i] = bc_table_strdup(t, up, (size_t)-1);
            free(up);
            if (!list[i])
                return bc_nomem(c->err);
        }
        t->total_markers = list;
        t->ntotal_markers = n;
    }
    if (h && (v = map_get(h, "kieu-chu"))) {
        if (v->kind != BC_Y_MAP)
            return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                "«kieu-chu» cần các cặp loại hàng: kiểu chữ, ví dụ "
                                "{chu: dam, gach: nghieng}");
        static const char *const style_keys[] = {"chu",  "la-ma", "so",  "so-con", "chu-thuong",
                                                 "gach", "cong",  "sao", "nhom",   "tong",
                                                 "hang", NULL};
        if ((st = check_keys(c, v, style_keys)))
            return st;
        for (size_t i = 0; i < v->count; i++) {
            const bc_ynode *k = v->keys[i];
            int which = -1;
            for (size_t j = 0; style_keys[j]; j++)
                if (strcmp(k->value, style_keys[j]) == 0)
                    which = (int)j;
            if (which < 0)
                continue;
            int s;
            if ((st = get_enum(c, v->items[i], k->value, style_names, &s)))
                return st;
            unsigned bits = style_bits(s);
            if (which < 8) {
                t->kind_style[rank_kinds[which]] = bits;
                t->kind_style_set |= 1u << rank_kinds[which];
            } else if (which == 8) {
                t->group_style = bits;
            } else if (which == 9) {
                t->total_style = bits;
            } else {
                t->row_style = bits;
            }
        }
    }
    return BC_OK;
}

/* ======================================================================
 * The spec
 * ====================================================================== */

static const char *const top_keys[] = {"nhan",     "tieu-de",     "kem-theo",        "ghi-chu",
                                       "huong",    "tiep-theo",   "lap-tieu-de",     "co-chu",
                                       "co-chu-dau-bang", "du-lieu", "so-kieu",      "cot",
                                       "hang",     "dong-tieu-de", NULL};

static char *resolve_path(const char *spec_path, const char *rel)
{
    if (!rel)
        return NULL;
    if (rel[0] == '/' || !spec_path)
        return bc_strdup(rel);
    const char *slash = strrchr(spec_path, '/');
    if (!slash)
        return bc_strdup(rel);
    return bc_strdup_printf("%.*s/%s", (int)(slash - spec_path), spec_path, rel);
}

static bc_status parse_spec(spec_ctx *c, const bc_ynode *root)
{
    bc_table *t = c->t;
    bc_status st;
    if (!root)
        return bc_error_set(c->err, BC_E_INPUT, c->file, 1, 1,
                            "tệp đặc tả bảng trống: cần ít nhất «cot:» với danh sách cột");
    if (root->kind != BC_Y_MAP)
        return bc_error_set(c->err, BC_E_INPUT, c->file, root->line, root->column,
                            "đặc tả bảng cần các dòng «khóa: giá trị» (nhan, tieu-de, cot, ...)");
    if ((st = check_keys(c, root, top_keys)))
        return st;
    const bc_ynode *v;
    if ((v = map_get(root, "nhan")) && (st = get_text(c, v, "nhan", &t->label)))
        return st;
    if ((v = map_get(root, "tieu-de")) && (st = get_text(c, v, "tieu-de", &t->title)))
        return st;
    if ((v = map_get(root, "kem-theo")) && (st = get_text(c, v, "kem-theo", &t->attachment)))
        return st;
    if ((v = map_get(root, "ghi-chu"))) {
        if (v->kind == BC_Y_SEQ) {
            bc_buf b = BC_BUF_INIT;
            for (size_t i = 0; i < v->count; i++) {
                if ((st = need_scalar(c, v->items[i], "ghi-chu"))) {
                    bc_buf_free(&b);
                    return st;
                }
                if (i)
                    bc_buf_putc(&b, '\n');
                bc_buf_puts(&b, v->items[i]->value);
            }
            char *s = bc_buf_detach(&b);
            t->note = s ? bc_table_strdup(t, s, (size_t)-1) : NULL;
            free(s);
        } else if ((st = get_text(c, v, "ghi-chu", &t->note))) {
            return st;
        }
    }
    if ((v = map_get(root, "huong"))) {
        static const char *const o[] = {"doc", "ngang", NULL};
        int k;
        if ((st = get_enum(c, v, "huong", o, &k)))
            return st;
        t->orientation = k ? BC_LANDSCAPE : BC_PORTRAIT;
    }
    if ((v = map_get(root, "tiep-theo"))) {
        if ((st = get_text(c, v, "tiep-theo", &t->continuation)))
            return st;
        if (!t->continuation)
            t->continuation = "";
    }
    if ((v = map_get(root, "lap-tieu-de")) && (st = get_bool(c, v, "lap-tieu-de", &t->repeat_header)))
        return st;
    if ((v = map_get(root, "co-chu")) && (st = get_number(c, v, "co-chu", 4, 72, &t->body_font_pt)))
        return st;
    if ((v = map_get(root, "co-chu-dau-bang")) &&
        (st = get_number(c, v, "co-chu-dau-bang", 4, 72, &t->header_font_pt)))
        return st;
    if ((v = map_get(root, "du-lieu"))) {
        const char *rel;
        if ((st = get_text(c, v, "du-lieu", &rel)))
            return st;
        char *p = resolve_path(c->file, rel);
        t->data_file = p ? bc_table_strdup(t, p, (size_t)-1) : NULL;
        free(p);
    }
    if ((v = map_get(root, "dong-tieu-de"))) {
        double d;
        if ((st = get_number(c, v, "dong-tieu-de", 1, BC_XLSX_MAX_HEADER_ROWS, &d)))
            return st;
        if (d != (int)d)
            return bc_error_set(c->err, BC_E_INPUT, c->file, v->line, v->column,
                                "dong-tieu-de phải là số nguyên (số dòng tiêu đề của bảng số "
                                "liệu), ví dụ «dong-tieu-de: 2»");
        t->data_header_rows = (int)d;
        t->data_header_rows_line = v->line;
    }
    t->csv_style = BC_NUM_AUTO;
    if ((v = map_get(root, "so-kieu"))) {
        static const char *const s[] = {"tu-dong", "viet", "anh", NULL};
        int k;
        if ((st = get_enum(c, v, "so-kieu", s, &k)))
            return st;
        t->csv_style = (bc_num_style)k; /* same order as bc_num_style */
    }
    if (!(v = map_get(root, "cot")))
        return bc_error_set(c->err, BC_E_INPUT, c->file, root->line, root->column,
                            "đặc tả bảng thiếu «cot:» (danh sách cột, mỗi cột có khoa và nhan)");
    if ((st = parse_cols(c, v, NULL, 0, &t->header, &t->nheader)))
        return st;
    t->cols = bc_table_alloc(t, c->ncols * sizeof *t->cols);
    if (!t->cols)
        return bc_nomem(c->err);
    memcpy(t->cols, c->cols, c->ncols * sizeof *t->cols);
    t->ncols = c->ncols;
    /* the table owns the formulas from now on */
    for (size_t i = 0; i < c->ncols; i++)
        c->cols[i].expr = NULL;
    if ((st = bc_table_finish_header(t, c->err)))
        return st;
    if ((st = resolve_formulas(c)))
        return st;
    const bc_ynode *h = map_get(root, "hang");
    if ((st = parse_hang(c, h)))
        return st;
    return BC_OK;
}

bc_status bc_tablespec_parse(const char *yaml, size_t len, const char *spec_path,
                             bc_table **out, bc_diags *diags, bc_error *err)
{
    *out = NULL;
    bc_ydoc *doc = NULL;
    bc_status st = bc_ydoc_parse(yaml, len, spec_path, &doc, err);
    if (st)
        return st;
    bc_table *t = bc_table_new();
    if (!t) {
        bc_ydoc_free(doc);
        return bc_nomem(err);
    }
    t->spec_file = spec_path ? bc_table_strdup(t, spec_path, (size_t)-1) : NULL;
    spec_ctx c;
    memset(&c, 0, sizeof c);
    c.file = spec_path;
    c.doc = doc;
    c.err = err;
    c.diags = diags;
    c.t = t;
    st = parse_spec(&c, doc->root);
    /* the marker column is centred unless the spec says otherwise */
    if (!st && t->marker_col >= 0 && c.align_given && !c.align_given[t->marker_col])
        t->cols[t->marker_col].align = BC_ALIGN_CENTER;
    for (size_t i = 0; i < c.ncols; i++)
        bc_expr_free(c.cols[i].expr);
    free(c.cols);
    free(c.align_given);
    bc_ydoc_free(doc);
    if (st) {
        bc_table_free(t);
        return st;
    }
    *out = t;
    return BC_OK;
}

/* ======================================================================
 * CSV data
 * ====================================================================== */

/* Cells that speak for a number style, per column: the style is decided
 * column by column, and a column that contradicts itself or cannot be
 * decided is reported with its cells. */
#define EV_KEEP 8
typedef struct ev_cell {
    int line, column;
    char text[32];
} ev_cell;

typedef struct col_evidence {
    bc_num_detector det;
    ev_cell cells[3][EV_KEEP]; /* 0 = Vietnamese, 1 = English, 2 = ambiguous */
    size_t kept[3];
} col_evidence;

static void ev_keep(col_evidence *ce, int kind, const char *s, int line, int column)
{
    if (ce->kept[kind] >= EV_KEEP)
        return;
    ev_cell *c = &ce->cells[kind][ce->kept[kind]++];
    c->line = line;
    c->column = column;
    size_t n = strlen(s);
    if (n >= sizeof c->text) {
        n = sizeof c->text - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(c->text, s, n);
    c->text[n] = '\0';
}

/* How a read keeps the rows: all of them (bc_table_read_csv), none (the
 * first read of a streamed table: the header and the number style), or a
 * block at a time handed on to a callback (its later reads). */
typedef enum read_mode { READ_ALL = 0, READ_SCAN, READ_STREAM } read_mode;

/* Rows parsed and handed on at a time by a streamed read. */
#define STREAM_BLOCK 256

typedef struct csv_ctx {
    bc_table *t;
    const char *file;
    bc_diags *diags;
    bc_num_detector det;
    struct col_evidence *colev; /* per leaf column, t->ncols */
    size_t skipped_empty;
    int first_skipped_line;
    size_t nfields;
    read_mode mode;
    size_t nrows;               /* data rows met so far */
    bc_table_row_fn fn;         /* READ_STREAM */
    void *ud;
    size_t base;                /* index of the block's first row */
} csv_ctx;

static bool header_match(const char *h, const char *want)
{
    if (!want)
        return false;
    if (strcmp(h, want) == 0)
        return true;
    char *a = bc_text_upper(h), *b = bc_text_upper(want);
    bool eq = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return eq;
}

static bc_status map_header(csv_ctx *x, const bc_csv_record *rec, bc_error *err)
{
    bc_table *t = x->t;
    x->nfields = rec->count;
    /* The header as read: drafts name the columns they leave out. */
    t->csv_header = bc_table_alloc(t, (rec->count ? rec->count : 1) * sizeof *t->csv_header);
    if (!t->csv_header)
        return bc_nomem(err);
    for (size_t f = 0; f < rec->count; f++)
        if (!(t->csv_header[f] = bc_table_strdup(t, rec->fields[f].text, rec->fields[f].len)))
            return bc_nomem(err);
    t->csv_nfields = rec->count;
    bool *used = calloc(rec->count, sizeof *used);
    if (!used)
        return bc_nomem(err);
    for (size_t c = 0; c < t->ncols; c++) {
        bc_column *col = &t->cols[c];
        int found = -1;
        if (col->source_index >= 0) {
            if ((size_t)col->source_index >= rec->count) {
                free(used);
                return bc_error_set(err, BC_E_INPUT, t->spec_file, col->spec_line,
                                    col->spec_column,
                                    "cột «%s» lấy cột CSV số %d nhưng %s chỉ có %zu cột",
                                    col->key, col->source_index + 1, x->file, rec->count);
            }
            found = col->source_index;
        } else {
            const char *cands[3] = {col->source, NULL, NULL};
            if (!col->source) {
                cands[0] = col->key;
                cands[1] = col->path_label;
                cands[2] = col->label;
            }
            for (int k = 0; k < 3 && found < 0; k++)
                for (size_t f = 0; f < rec->count && found < 0; f++)
                    if (header_match(rec->fields[f].text, cands[k]))
                        found = (int)f;
        }
        if (found < 0) {
            if (col->expr && !col->source) {
                col->source_index = -1;
                continue;
            }
            const char **names = malloc((rec->count + 1) * sizeof *names);
            const char *near = NULL;
            if (names) {
                for (size_t f = 0; f < rec->count; f++)
                    names[f] = rec->fields[f].text;
                names[rec->count] = NULL;
                near = bc_nearest(col->source ? col->source : col->key, names);
                if (!near)
                    near = bc_nearest(col->label, names);
                free(names);
            }
            bc_status st;
            if (near)
                st = bc_error_set(err, BC_E_INPUT, t->spec_file, col->spec_line, col->spec_column,
                                  "cột «%s» (khóa %s) không thấy trong dòng tiêu đề của %s; "
                                  "gần nhất là «%s» - hãy sửa tên cột CSV hoặc ghi «nguon: %s»",
                                  col->path_label, col->key, x->file, near, near);
            else
                st = bc_error_set(err, BC_E_INPUT, t->spec_file, col->spec_line, col->spec_column,
                                  "cột «%s» (khóa %s) không thấy trong dòng tiêu đề của %s; "
                                  "hãy ghi «nguon:» bằng tên hoặc số thứ tự cột CSV",
                                  col->path_label, col->key, x->file);
            free(used);
            return st;
        }
        col->source_index = found;
        col->source = bc_table_strdup(t, rec->fields[found].text, (size_t)-1);
        used[found] = true;
    }
    bc_buf b = BC_BUF_INIT;
    size_t nunused = 0;
    for (size_t f = 0; f < rec->count; f++) {
        if (used[f] || rec->fields[f].len == 0)
            continue;
        bc_buf_printf(&b, "%s«%s»", nunused ? ", " : "", rec->fields[f].text);
        nunused++;
    }
    if (nunused) {
        char *list = bc_buf_detach(&b);
        bc_diags_add(x->diags, BC_NOTE, x->file, rec->line, 0,
                     "%zu cột CSV không dùng trong bảng: %s", nunused, list ? list : "");
        free(list);
    } else {
        bc_buf_free(&b);
    }
    free(used);
    return BC_OK;
}

/* What a number cell of column c says about the file's number style. */
static void note_evidence(csv_ctx *x, size_t c, const char *text, int line, int column)
{
    const bc_column *col = &x->t->cols[c];
    bool io = col->kind == BC_COL_INTEGER;
    bc_num_detector_add(&x->det, text, io, line, column);
    col_evidence *ce = &x->colev[c];
    bc_num_detector_add(&ce->det, text, io, line, column);
    switch (bc_num_evidence_of(text, io)) {
    case BC_NUM_EV_VIET: ev_keep(ce, 0, text, line, column); break;
    case BC_NUM_EV_ENGLISH: ev_keep(ce, 1, text, line, column); break;
    case BC_NUM_EV_AMBIGUOUS: ev_keep(ce, 2, text, line, column); break;
    case BC_NUM_EV_NONE: break;
    }
}

static bool numeric_kind(bc_col_kind k)
{
    return k == BC_COL_INTEGER || k == BC_COL_DECIMAL || k == BC_COL_RATE;
}

/* A number beyond 18 digits stops the read (every cell parsed first). */
static bc_status range_error(bc_table *t, bc_error *err)
{
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const bc_cell *cell = &t->rows[r].cells[c];
            char wbuf[512];
            int wl = cell->line, wc = cell->column;
            const char *wf = bc_table_cell_where(t, &wl, &wc, wbuf, sizeof wbuf);
            if (cell->flags & BC_CELL_RANGE)
                return bc_error_set(err, BC_E_INPUT, wf, wl, wc,
                                    "cột «%s»: số «%s» " BC_DEC_RANGE_MSG,
                                    t->cols[c].path_label, cell->text);
        }
    return BC_OK;
}

/* A streamed read's block: parsed, computed columns filled, handed on,
 * then dropped. */
static bc_status flush_block(csv_ctx *x, bc_error *err)
{
    bc_table *t = x->t;
    bc_table_parse_cells(t, t->csv_style);
    bc_status st = range_error(t, err);
    if (st)
        return st;
    if (bc_table_compute_missing(t))
        return bc_nomem(err);
    for (size_t r = 0; r < t->nrows && !st; r++)
        st = x->fn(x->ud, &t->rows[r], x->base + r, err);
    x->base += t->nrows;
    bc_table_rows_clear(t);
    return st;
}

/* A number cell of a workbook in a text column is printed as written, but
 * written the Vietnamese way: the reader typed a number (Excel keeps 12.5,
 * shows 12,5 in Vietnamese settings), so "12,5", "12,34%". Never grouped:
 * a number in a text column is a code, a year or a count as typed. CSV
 * text stays byte for byte as it is in the file. */
static void vn_decimal_mark(char *s)
{
    char *dot = strchr(s, '.');
    if (dot)
        *dot = ',';
}

static bc_status on_csv_record(void *ud, const bc_csv_record *rec, bc_error *err)
{
    csv_ctx *x = ud;
    bc_table *t = x->t;
    if (rec->index == 0)
        return x->mode == READ_STREAM ? BC_OK : map_header(x, rec, err);
    bool all_empty = true;
    for (size_t f = 0; f < rec->count && all_empty; f++)
        all_empty = rec->fields[f].len == 0;
    if (all_empty) {
        if (x->skipped_empty++ == 0)
            x->first_skipped_line = rec->line;
        return BC_OK;
    }
    x->nrows++;
    if (x->mode == READ_SCAN) {
        for (size_t c = 0; c < t->ncols; c++) {
            const bc_column *col = &t->cols[c];
            if (col->source_index < 0 || (size_t)col->source_index >= rec->count)
                continue;
            const bc_csv_field *f = &rec->fields[col->source_index];
            if (f->len && numeric_kind(col->kind))
                note_evidence(x, c, f->text, f->line, f->column);
        }
        return BC_OK;
    }
    bc_row *row = bc_table_add_row(t);
    if (!row)
        return bc_nomem(err);
    row->line = rec->line;
    for (size_t c = 0; c < t->ncols; c++) {
        const bc_column *col = &t->cols[c];
        if (col->source_index < 0 || (size_t)col->source_index >= rec->count)
            continue;
        const bc_csv_field *f = &rec->fields[col->source_index];
        bc_cell *cell = &row->cells[c];
        if (f->len) {
            char vn[64];
            if (f->number && col->kind == BC_COL_TEXT && f->len < sizeof vn) {
                memcpy(vn, f->text, f->len + 1);
                vn_decimal_mark(vn);
                cell->text = bc_table_strdup(t, vn, f->len);
            } else {
                cell->text = bc_table_strdup(t, f->text, f->len);
            }
            if (!cell->text)
                return bc_nomem(err);
        }
        cell->display = cell->text;
        cell->line = f->line;
        cell->column = f->column;
        if (x->mode == READ_ALL && f->len && numeric_kind(col->kind))
            note_evidence(x, c, cell->text, f->line, f->column);
    }
    if (x->mode == READ_STREAM && t->nrows >= STREAM_BLOCK)
        return flush_block(x, err);
    return BC_OK;
}

/* Appends "file:line:col «text», ..." for the kept cells of one kind. */
static void list_cells(bc_buf *b, const bc_table *t, const col_evidence *ce, int kind,
                       size_t total)
{
    for (size_t i = 0; i < ce->kept[kind]; i++) {
        const ev_cell *c = &ce->cells[kind][i];
        char wbuf[512];
        int l = c->line, col = c->column;
        const char *f = bc_table_cell_where(t, &l, &col, wbuf, sizeof wbuf);
        if (l)
            bc_buf_printf(b, "%s%s:%d:%d «%s»", i ? ", " : "", f, l, col, c->text);
        else
            bc_buf_printf(b, "%s%s «%s»", i ? ", " : "", f, c->text);
    }
    if (total > ce->kept[kind])
        bc_buf_printf(b, " và %zu ô khác", total - ce->kept[kind]);
}

static const ev_cell *first_cell(const col_evidence *ce, int kind)
{
    return ce->kept[kind] ? &ce->cells[kind][0] : NULL;
}

static bc_status cells_error(csv_ctx *x, bc_error *err, const ev_cell *at, bc_buf *b)
{
    char *msg = bc_buf_detach(b);
    if (!msg)
        return bc_nomem(err);
    char wbuf[512];
    int wl = at ? at->line : 0, wc = at ? at->column : 0;
    const char *wf = bc_table_cell_where(x->t, &wl, &wc, wbuf, sizeof wbuf);
    bc_status st = bc_error_set(err, BC_E_INPUT, wf, wl, wc, "%s", msg);
    free(msg);
    return st;
}

static bool numeric_source(const bc_column *col)
{
    return col->source_index >= 0 &&
           (col->kind == BC_COL_INTEGER || col->kind == BC_COL_DECIMAL || col->kind == BC_COL_RATE);
}

/* Decides the number style column by column. A column whose cells speak for
 * both styles, a column contradicting the declared so-kieu, and a column of
 * numbers that read both ways with no cell in the file deciding are errors
 * naming the cells: a Vietnamese table never prints a number read in the
 * wrong style. */
static bc_status decide_styles(csv_ctx *x, bc_error *err)
{
    bc_table *t = x->t;
    bc_num_style declared = t->csv_style;
    size_t ncol_viet = 0, ncol_eng = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        bc_column *col = &t->cols[c];
        if (!numeric_source(col))
            continue;
        const col_evidence *ce = &x->colev[c];
        const bc_num_detector *d = &ce->det;
        bc_buf b = BC_BUF_INIT;
        if (declared == BC_NUM_AUTO && d->viet && d->english) {
            bc_buf_printf(&b,
                          "cột «%s» (khóa %s) trộn hai kiểu viết số - kiểu Việt (1.234,5; "
                          "0,49%%): ",
                          col->path_label, col->key);
            list_cells(&b, x->t, ce, 0, d->viet);
            bc_buf_printf(&b, "; kiểu Anh (1,234.5; 0.49%%): ");
            list_cells(&b, x->t, ce, 1, d->english);
            bc_buf_printf(&b, "; không biết đọc theo kiểu nào - hãy viết cả cột theo một kiểu "
                              "rồi chạy lại");
            const ev_cell *v = first_cell(ce, 0), *e = first_cell(ce, 1);
            const ev_cell *at = v && e && (e->line < v->line ||
                                           (e->line == v->line && e->column < v->column))
                                    ? e
                                    : v;
            return cells_error(x, err, at, &b);
        }
        if (declared != BC_NUM_AUTO) {
            int other = declared == BC_NUM_VIET ? 1 : 0;
            size_t n = other ? d->english : d->viet;
            if (n) {
                bc_buf_printf(&b, "đặc tả khai báo «so-kieu: %s» nhưng cột «%s» (khóa %s) có ô "
                                  "viết %s: ",
                              declared == BC_NUM_VIET ? "viet" : "anh", col->path_label, col->key,
                              bc_num_style_name(other ? BC_NUM_ENGLISH : BC_NUM_VIET));
                list_cells(&b, x->t, ce, other, n);
                bc_buf_printf(&b, "; hãy sửa các ô đó theo %s, hoặc ghi «so-kieu: %s» nếu cả "
                                  "tệp viết kiểu ấy",
                              bc_num_style_name(declared), other ? "anh" : "viet");
                return cells_error(x, err, first_cell(ce, other), &b);
            }
            continue;
        }
        if (d->viet)
            ncol_viet++;
        else if (d->english)
            ncol_eng++;
    }
    if (declared != BC_NUM_AUTO)
        return BC_OK;
    /* the file's style, when every deciding column agrees */
    bc_num_style file_style = ncol_viet && !ncol_eng   ? BC_NUM_VIET
                              : ncol_eng && !ncol_viet ? BC_NUM_ENGLISH
                                                       : BC_NUM_AUTO;
    for (size_t c = 0; c < t->ncols; c++) {
        bc_column *col = &t->cols[c];
        if (!numeric_source(col))
            continue;
        const col_evidence *ce = &x->colev[c];
        const bc_num_detector *d = &ce->det;
        if (d->viet)
            col->num_style = BC_NUM_VIET;
        else if (d->english)
            col->num_style = BC_NUM_ENGLISH;
        else if (d->ambiguous && file_style != BC_NUM_AUTO)
            col->num_style = file_style;
        else if (d->ambiguous) {
            bc_buf b = BC_BUF_INIT;
            bc_buf_printf(&b, "cột «%s» (khóa %s) có số đọc được theo cả hai kiểu: ",
                          col->path_label, col->key);
            list_cells(&b, x->t, ce, 2, d->ambiguous);
            bc_buf_printf(&b, " (như 1.234 là một nghìn hai trăm ba mươi tư theo kiểu Việt, một "
                              "phẩy hai ba bốn theo kiểu Anh) và không ô nào trong %s cho biết "
                              "kiểu viết%s; hãy khai báo «so-kieu: viet» hoặc «so-kieu: anh» "
                              "trong đặc tả",
                          ncol_viet && ncol_eng ? "cột" : "tệp",
                          ncol_viet && ncol_eng ? " (các cột khác viết theo hai kiểu khác nhau)"
                                                : "");
            return cells_error(x, err, first_cell(ce, 2), &b);
        }
    }
    /* notes */
    const bc_num_detector *d = &x->det;
    char nviet[32], neng[32];
    bc_num_fmt f = {0};
    bc_num_format_to(nviet, sizeof nviet, (double)d->viet, &f);
    bc_num_format_to(neng, sizeof neng, (double)d->english, &f);
    if (file_style == BC_NUM_AUTO && ncol_viet == 0) {
        t->csv_style = BC_NUM_VIET;
        if (d->plain)
            bc_diags_add(x->diags, BC_NOTE, x->file, 0, 0,
                         "các số trong CSV không có dấu phân cách hàng nghìn hay thập phân "
                         "nên đọc như nhau theo kiểu Việt và kiểu Anh; bảng in theo kiểu Việt");
        return BC_OK;
    }
    if (file_style == BC_NUM_AUTO) {
        /* columns differ, each consistent in itself */
        bc_buf b = BC_BUF_INIT;
        for (int k = 0; k < 2; k++) {
            bc_num_style want = k == 0 ? BC_NUM_VIET : BC_NUM_ENGLISH;
            bc_buf_printf(&b, "%s%s: ", k ? "; " : "", bc_num_style_name(want));
            size_t n = 0;
            for (size_t c = 0; c < t->ncols; c++)
                if (numeric_source(&t->cols[c]) && t->cols[c].num_style == want)
                    bc_buf_printf(&b, "%s«%s»", n++ ? ", " : "", t->cols[c].path_label);
        }
        char *list = bc_buf_detach(&b);
        bc_diags_add(x->diags, BC_NOTE, x->file, 0, 0,
                     "các cột CSV viết số theo hai kiểu khác nhau, mỗi cột được đọc theo kiểu "
                     "của nó (%s); bảng in theo kiểu Việt",
                     list ? list : "");
        free(list);
        t->csv_style = ncol_eng > ncol_viet ? BC_NUM_ENGLISH : BC_NUM_VIET;
        return BC_OK;
    }
    if (file_style == BC_NUM_ENGLISH)
        bc_diags_add(x->diags, BC_NOTE, x->file, d->english_line, d->english_column,
                     "số liệu CSV viết %s, nhận ra từ %s ô (đầu tiên: «%s»); bảng in theo "
                     "kiểu Việt (1.234,5; 0,49%%)",
                     bc_num_style_name(file_style), neng, d->english_example);
    else
        bc_diags_add(x->diags, BC_NOTE, x->file, d->viet_line, d->viet_column,
                     "số liệu CSV viết %s, nhận ra từ %s ô (đầu tiên: «%s»)",
                     bc_num_style_name(file_style), nviet, d->viet_example);
    t->csv_style = file_style;
    return BC_OK;
}

static bc_status after_csv(csv_ctx *x, bc_error *err)
{
    bc_table *t = x->t;
    if (x->nfields == 0)
        return bc_error_set(err, BC_E_INPUT, x->file, 1, 1,
                            "tệp CSV trống: cần một dòng tiêu đề (tên các cột) và các dòng số "
                            "liệu");
    if (x->skipped_empty)
        bc_diags_add(x->diags, BC_NOTE, x->file, x->first_skipped_line, 0,
                     "bỏ qua %zu dòng CSV toàn ô trống", x->skipped_empty);
    bc_status st = decide_styles(x, err);
    if (st || x->mode == READ_SCAN)
        return st;
    bc_table_parse_cells(t, t->csv_style);
    if ((st = range_error(t, err)))
        return st;
    if (bc_table_build_rows(t) || bc_table_compute_missing(t))
        return bc_nomem(err);
    return BC_OK;
}

const char *bc_table_cell_where(const bc_table *t, int *line, int *column, char *buf,
                                size_t size)
{
    if (!t->xlsx_sheet || *line <= 0)
        return t->csv_file;
    char ref[16];
    bc_xlsx_cell_name(*line, *column > 0 ? *column : 1, ref, sizeof ref);
    if (*column <= 0) /* the whole row */
        snprintf(buf, size, "%s: %s!%d:%d", t->csv_file, t->xlsx_sheet, *line, *line);
    else
        snprintf(buf, size, "%s: %s!%s", t->csv_file, t->xlsx_sheet, ref);
    *line = *column = 0;
    return buf;
}

static bc_status read_csv_common(bc_table *t, const char *path, const char *data, size_t n,
                                 bc_diags *diags, read_mode mode, bc_table_row_fn fn, void *ud,
                                 size_t *nrows, bc_error *err)
{
    bool stream = mode == READ_STREAM;
    if (!stream && t->nrows > 0)
        return bc_error_set(err, BC_E_INTERNAL, path, 0, 0, "bảng đã có số liệu");
    for (size_t c = 0; c < t->ncols && !stream; c++)
        if (t->cols[c].source_index == -1)
            t->cols[c].source_index = -2;
    bool xlsx = bc_xlsx_is_path(path);
    const char *loc = NULL;
    char *file = xlsx ? bc_xlsx_split(path, &loc) : NULL;
    if (xlsx && !file)
        return bc_nomem(err);
    if (!stream) /* a streamed read keeps what its first read set */
        t->csv_file = bc_table_strdup(t, file ? file : path ? path : "", (size_t)-1);
    free(file);
    csv_ctx x;
    memset(&x, 0, sizeof x);
    x.t = t;
    x.file = t->csv_file;
    x.diags = stream ? NULL : diags;
    x.mode = mode;
    x.fn = fn;
    x.ud = ud;
    x.colev = calloc(t->ncols ? t->ncols : 1, sizeof *x.colev);
    if (!x.colev)
        return bc_nomem(err);
    bc_status st;
    if (stream && (st = bc_table_rows_scope(t))) {
        free(x.colev);
        return bc_nomem(err);
    }
    if (xlsx) {
        /* Excel stores numbers as numbers: written plain, '.' as the mark. */
        if (t->csv_style == BC_NUM_AUTO)
            t->csv_style = BC_NUM_ENGLISH;
        char *sheet = NULL;
        bc_xlsx_opts xo = {.header_rows = t->data_header_rows, .as_shown = false};
        st = data ? bc_xlsx_read_buffer(data, n, x.file, loc, &xo, on_csv_record, &x, &sheet,
                                        err)
                  : bc_xlsx_read_file(path, &xo, on_csv_record, &x, &sheet, err);
        if (sheet && !stream) {
            t->xlsx_sheet = bc_table_strdup(t, sheet, (size_t)-1);
            if (!st && !t->xlsx_sheet)
                st = bc_nomem(err);
        }
        free(sheet);
    } else if (t->data_header_rows > 1) {
        st = bc_error_set(err, BC_E_INPUT, t->spec_file, t->data_header_rows_line, 1,
                          "dong-tieu-de: %d chỉ dùng cho số liệu Excel (.xlsx, tiêu đề nhiều dòng "
                          "có ô gộp); tệp CSV %s cần tiêu đề một dòng, cột con ghi «Nhóm / Cột» "
                          "(như «Hồ sơ đã giải quyết xong / Tổng»)",
                          t->data_header_rows, x.file);
    } else {
        bc_csv_options opts = {.delimiter = 0, .allow_ragged = false, .notes = x.diags};
        st = data ? bc_csv_read_buffer(data, n, x.file, &opts, on_csv_record, &x, err)
                  : bc_csv_read_file(path, &opts, on_csv_record, &x, err);
    }
    if (!st && stream && t->nrows)
        st = flush_block(&x, err);
    else if (!st && !stream)
        st = after_csv(&x, err);
    if (stream)
        bc_table_rows_unscope(t);
    if (nrows)
        *nrows = x.nrows;
    free(x.colev);
    return st;
}

bc_status bc_table_read_csv(bc_table *t, const char *csv_path, bc_diags *diags, bc_error *err)
{
    return read_csv_common(t, csv_path, NULL, 0, diags, READ_ALL, NULL, NULL, NULL, err);
}

bc_status bc_table_read_csv_buffer(bc_table *t, const char *data, size_t n, const char *name,
                                   bc_diags *diags, bc_error *err)
{
    return read_csv_common(t, name, data ? data : "", n, diags, READ_ALL, NULL, NULL, NULL, err);
}

bc_status bc_table_scan_csv(bc_table *t, const char *csv_path, bc_diags *diags, size_t *nrows,
                            bc_error *err)
{
    return read_csv_common(t, csv_path, NULL, 0, diags, READ_SCAN, NULL, NULL, nrows, err);
}

bc_status bc_table_stream_csv(bc_table *t, const char *csv_path, bc_table_row_fn fn, void *ud,
                              bc_error *err)
{
    return read_csv_common(t, csv_path, NULL, 0, NULL, READ_STREAM, fn, ud, NULL, err);
}

bc_status bc_tablespec_load(const char *spec_path, const char *csv_path, bc_table **out,
                            bc_diags *diags, bc_error *err)
{
    *out = NULL;
    char *text;
    size_t len;
    bc_status st = bc_file_read(spec_path, &text, &len, err);
    if (st)
        return st;
    bc_table *t;
    st = bc_tablespec_parse(text, len, spec_path, &t, diags, err);
    free(text);
    if (st)
        return st;
    const char *csv = csv_path ? csv_path : t->data_file;
    if (!csv) {
        bc_table_free(t);
        return bc_error_set(err, BC_E_INPUT, spec_path, 0, 0,
                            "không biết lấy số liệu ở đâu: thêm «du-lieu: tên-tệp.csv» vào đặc "
                            "tả hoặc chỉ ra tệp CSV trên dòng lệnh");
    }
    st = bc_table_read_csv(t, csv, diags, err);
    if (st) {
        bc_table_free(t);
        return st;
    }
    *out = t;
    return BC_OK;
}
