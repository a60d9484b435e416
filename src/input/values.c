/* values.c - the named-value store: indicator files, report metadata and
 * appendix tables behind one lookup. */
#include "values.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvdata.h"
#include "grow.h"
#include "strbuf.h"
#include "text.h"
#include "xlsx.h"
#include "yamltree.h"

/* ---- values ---- */

void bc_value_clear(bc_value *v)
{
    if (!v)
        return;
    free(v->text);
    memset(v, 0, sizeof *v);
}

bool bc_value_copy(bc_value *dst, const bc_value *src)
{
    *dst = *src;
    dst->text = NULL;
    if (src->text && !(dst->text = bc_strdup(src->text)))
        return false;
    return true;
}

bc_value bc_value_number(bc_dec x, int decimals)
{
    bc_value v;
    memset(&v, 0, sizeof v);
    v.kind = BC_VALUE_NUMBER;
    v.num = x;
    v.decimals = decimals;
    return v;
}

/* "2018-03-14", or "14/3/2018" / "14/03/2018". */
static bool parse_date(const char *s, bc_date *out)
{
    if (bc_date_parse_iso(s, out))
        return true;
    int part[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, k = 0;
    for (const char *p = s;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (nd[k] >= 4)
                return false;
            part[k] = part[k] * 10 + (*p - '0');
            nd[k]++;
        } else if (*p == '/' && k < 2 && nd[k] > 0) {
            k++;
        } else if (*p == '\0') {
            break;
        } else {
            return false;
        }
    }
    if (k != 2 || nd[0] > 2 || nd[1] > 2 || nd[2] != 4)
        return false;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", part[2], part[1], part[0]);
    return bc_date_parse_iso(iso, out);
}

bool bc_value_parse(const char *s, bc_num_style style, bc_value *out)
{
    memset(out, 0, sizeof *out);
    out->text = bc_strdup(s ? s : "");
    if (!out->text)
        return false;
    if (!s)
        s = "";
    bc_date d;
    bc_dec x;
    bc_num_info info;
    bc_num_result res;
    if (parse_date(s, &d)) {
        out->kind = BC_VALUE_DATE;
        out->date = d;
    } else if ((res = bc_num_parse_dec(s, style, &x, &info)) == BC_NUM_RANGE) {
        out->kind = BC_VALUE_TEXT;
        out->too_long = true;
    } else if (res == BC_NUM_OK) {
        out->kind = BC_VALUE_NUMBER;
        out->num = x;
        out->rate = info.percent;
        out->decimals = info.decimals > 15 ? 15 : info.decimals;
        out->min_digits = info.leading_zero ? info.int_digits : 0;
        if (out->min_digits > 20)
            out->min_digits = 20;
    } else {
        out->kind = BC_VALUE_TEXT;
    }
    return true;
}

/* ---- the store ---- */

typedef struct named_table {
    char *name;
    const bc_table *table;
} named_table;

struct bc_values {
    bc_value_entry *items;
    size_t count, cap;
    named_table *tables;
    size_t ntables, tables_cap;
    char **files; /* file names the entries point to */
    size_t nfiles;
};

bc_values *bc_values_new(void)
{
    return calloc(1, sizeof(bc_values));
}

void bc_values_free(bc_values *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->count; i++) {
        free((char *)v->items[i].name);
        bc_value_clear(&v->items[i].cur);
        bc_value_clear(&v->items[i].prev);
    }
    free(v->items);
    for (size_t i = 0; i < v->ntables; i++)
        free(v->tables[i].name);
    free(v->tables);
    for (size_t i = 0; i < v->nfiles; i++)
        free(v->files[i]);
    free(v->files);
    free(v);
}

size_t bc_values_count(const bc_values *v)
{
    return v ? v->count : 0;
}

const bc_value_entry *bc_values_entry(const bc_values *v, size_t i)
{
    return v && i < v->count ? &v->items[i] : NULL;
}

/* Copy of name with '-' as '_'. Caller frees. */
static char *norm_name(const char *name)
{
    char *s = bc_strdup(name);
    for (char *p = s; p && *p; p++)
        if (*p == '-')
            *p = '_';
    return s;
}

static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

const bc_value_entry *bc_values_find(const bc_values *v, const char *name)
{
    if (!v || !name)
        return NULL;
    for (size_t i = 0; i < v->count; i++)
        if (same_name(v->items[i].name, name))
            return &v->items[i];
    return NULL;
}

static const named_table *find_table(const bc_values *v, const char *name)
{
    for (size_t i = 0; i < v->ntables; i++)
        if (same_name(v->tables[i].name, name))
            return &v->tables[i];
    return NULL;
}

/* One name segment: ASCII letter or '_' first, then letters, digits, '_', '-'. */
static bool segment_ok(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

/* "phu_luc.N": the appendix labels are named by their number. */
static bool appendix_number(const char *prev, size_t prev_len, const char *s, size_t n)
{
    if (!prev || prev_len != 7 || strncmp(prev, "phu_luc", 7) || n == 0 || n > 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static bool name_ok(const char *name)
{
    const char *seg = name;
    for (const char *p = name;; p++)
        if (*p == '.' || *p == '\0') {
            if (!segment_ok(seg, (size_t)(p - seg)) &&
                !(seg != name && appendix_number(name, (size_t)(seg - name - 1), seg,
                                                 (size_t)(p - seg))))
                return false;
            if (*p == '\0')
                return true;
            seg = p + 1;
        }
}

/* The store keeps its own copy of each file name. */
static const char *intern_file(bc_values *v, const char *file)
{
    if (!file)
        return NULL;
    for (size_t i = 0; i < v->nfiles; i++)
        if (!strcmp(v->files[i], file))
            return v->files[i];
    char **f = realloc(v->files, (v->nfiles + 1) * sizeof *f);
    if (!f)
        return NULL;
    v->files = f;
    if (!(f[v->nfiles] = bc_strdup(file)))
        return NULL;
    return f[v->nfiles++];
}

const char *bc_value_entry_where(const bc_value_entry *e, char *buf, size_t size, int *line,
                                 int *column)
{
    *line = e->line;
    *column = e->column;
    if (!e->sheet || !e->file)
        return e->file;
    char ref[16];
    bc_xlsx_cell_name(e->line, e->column, ref, sizeof ref);
    snprintf(buf, size, "%s: %s!%s", e->file, e->sheet, ref);
    *line = *column = 0;
    return buf;
}

/* "file:line:column", "book.xlsx: Sheet!B5" or "thông tin của báo cáo".
 * Caller frees. */
static char *where(const bc_value_entry *e)
{
    if (!e->file)
        return bc_strdup("thông tin của báo cáo");
    if (e->sheet) {
        char buf[600];
        int l, c;
        return bc_strdup(bc_value_entry_where(e, buf, sizeof buf, &l, &c));
    }
    return bc_strdup_printf("%s:%d:%d", e->file, e->line, e->column);
}

/* a is b, or a is a group of b ("a.b" and "a.b.c"). */
static bool prefix_of(const char *a, const char *b)
{
    size_t n = strlen(a);
    for (size_t i = 0; i < n; i++) {
        char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
        if (x != y)
            return false;
    }
    return b[n] == '.';
}

/* bc_values_add for a value read from sheet (NULL: not a workbook) of file
 * at Excel row line, column column: messages name the cell as Excel does. */
static bc_status add_entry(bc_values *v, const char *name, const bc_value *cur,
                           const bc_value *prev, const char *efile, const char *sheet,
                           int eline, int ecolumn, bool from_data, bc_error *err)
{
    /* where messages point */
    char wbuf[600];
    const char *file = efile;
    int line = eline, column = ecolumn;
    if (sheet && efile) {
        char ref[16];
        bc_xlsx_cell_name(eline, ecolumn, ref, sizeof ref);
        snprintf(wbuf, sizeof wbuf, "%s: %s!%s", efile, sheet, ref);
        file = wbuf;
        line = column = 0;
    }
    if (!name_ok(name))
        return bc_error_set(err, BC_E_INPUT, file, line, column,
                            "tên số liệu '%s' chỉ được dùng chữ không dấu, chữ số, '_' và '-' "
                            "(mỗi phần bắt đầu bằng chữ), nối bằng dấu chấm",
                            name);
    const char *last = strrchr(name, '.');
    last = last ? last + 1 : name;
    if (!strcmp(last, "truoc") || !strcmp(last, "nay"))
        return bc_error_set(err, BC_E_INPUT, file, line, column,
                            "tên '%s' dành cho giá trị kỳ này / kỳ trước: ghi {nay: ..., truoc: "
                            "...} dưới tên số liệu",
                            last);
    if (from_data) {
        size_t k = strcspn(name, ".");
        char first[64];
        snprintf(first, sizeof first, "%.*s", (int)(k < 63 ? k : 63), name);
        for (char *p = first; *p; p++)
            if (*p == '-')
                *p = '_';
        bool pl = first[0] == 'p' && first[1] == 'l' && first[2] &&
                  strspn(first + 2, "0123456789") == strlen(first + 2);
        if (!strcmp(first, "ky") || !strcmp(first, "bao_cao") || !strcmp(first, "phu_luc") || pl)
            return bc_error_set(err, BC_E_INPUT, file, line, column,
                                "tên '%s' dành cho số liệu của báo cáo (ky.*, bao_cao.*, "
                                "phu_luc.*, pl1, pl2...); hãy đặt tên khác",
                                first);
    }
    for (size_t i = 0; i < v->count; i++) {
        const bc_value_entry *e = &v->items[i];
        bool dup = same_name(e->name, name);
        if (dup || prefix_of(e->name, name) || prefix_of(name, e->name)) {
            char *w = where(e);
            bc_status st;
            if (dup)
                st = bc_error_set(err, BC_E_INPUT, file, line, column,
                                  "số liệu '%s' đã có (%s)", e->name, w ? w : "");
            else
                st = bc_error_set(err, BC_E_INPUT, file, line, column,
                                  "'%s' vừa là số liệu vừa là nhóm: trùng với '%s' (%s)", name,
                                  e->name, w ? w : "");
            free(w);
            return st;
        }
    }
    if (!BC_GROW(&v->items, &v->cap, v->count + 1, 32))
        return bc_nomem(err);
    bc_value_entry *e = &v->items[v->count];
    memset(e, 0, sizeof *e);
    e->name = norm_name(name);
    e->file = intern_file(v, efile);
    e->sheet = intern_file(v, sheet);
    e->line = eline;
    e->column = ecolumn;
    e->from_data = from_data;
    if (!e->name || (efile && !e->file) || (sheet && !e->sheet) ||
        !bc_value_copy(&e->cur, cur)) {
        free((char *)e->name);
        return bc_nomem(err);
    }
    if (prev) {
        if (!bc_value_copy(&e->prev, prev)) {
            free((char *)e->name);
            bc_value_clear(&e->cur);
            return bc_nomem(err);
        }
        e->has_prev = true;
    }
    v->count++;
    return BC_OK;
}

bc_status bc_values_add(bc_values *v, const char *name, const bc_value *cur,
                        const bc_value *prev, const char *file, int line, int column,
                        bool from_data, bc_error *err)
{
    return add_entry(v, name, cur, prev, file, NULL, line, column, from_data, err);
}

/* ---- indicator files ---- */

/* The previous value must be of the same kind as the current one. */
static bc_status check_prev(const char *name, const bc_value *cur, const bc_value *prev,
                            const char *file, int line, int column, bc_error *err)
{
    if (cur->kind == prev->kind && cur->rate == prev->rate)
        return BC_OK;
    return bc_error_set(err, BC_E_INPUT, file, line, column,
                        "giá trị kỳ trước của '%s' ('%s') phải cùng kiểu với giá trị kỳ này "
                        "('%s'): cùng là số, tỷ lệ (có %%), ngày hoặc chữ",
                        name, prev->text ? prev->text : "", cur->text ? cur->text : "");
}

static bc_status add_written(bc_values *v, const char *name, const char *cur_text,
                             const char *prev_text, bc_num_style style, const char *file,
                             int line, int column, int prev_line, int prev_column, bc_error *err)
{
    if (!cur_text[0])
        return bc_error_set(err, BC_E_INPUT, file, line, column,
                            "số liệu '%s' để trống; ghi giá trị hoặc xóa dòng này", name);
    bc_value cur, prev;
    if (!bc_value_parse(cur_text, style, &cur))
        return bc_nomem(err);
    bool has_prev = prev_text && prev_text[0];
    if (has_prev && !bc_value_parse(prev_text, style, &prev)) {
        bc_value_clear(&cur);
        return bc_nomem(err);
    }
    bc_status st = BC_OK;
    if (cur.too_long)
        st = bc_error_set(err, BC_E_INPUT, file, line, column, "'%s': số «%s» " BC_DEC_RANGE_MSG,
                          name, cur_text);
    else if (has_prev && prev.too_long)
        st = bc_error_set(err, BC_E_INPUT, file, prev_line, prev_column,
                          "'%s' (kỳ trước): số «%s» " BC_DEC_RANGE_MSG, name, prev_text);
    if (!st && has_prev)
        st = check_prev(name, &cur, &prev, file, prev_line, prev_column, err);
    if (!st)
        st = bc_values_add(v, name, &cur, has_prev ? &prev : NULL, file, line, column, true, err);
    bc_value_clear(&cur);
    if (has_prev)
        bc_value_clear(&prev);
    return st;
}

static bc_status walk_yaml(bc_values *v, const bc_ydoc *doc, const bc_ynode *map,
                           const char *prefix, bc_num_style style, bc_error *err)
{
    static const char *const LEAF_KEYS[] = {"nay", "truoc", NULL};
    for (size_t i = 0; i < map->count; i++) {
        const bc_ynode *k = map->keys[i], *it = map->items[i];
        if (!prefix[0] && (!strcmp(k->value, "so-kieu") || !strcmp(k->value, "so_kieu")))
            continue;
        char *name = prefix[0] ? bc_strdup_printf("%s.%s", prefix, k->value) : bc_strdup(k->value);
        if (!name)
            return bc_nomem(err);
        if (!segment_ok(k->value, strlen(k->value))) {
            bc_status st = bc_error_set(err, BC_E_INPUT, doc->file, k->line, k->column,
                                        "tên số liệu '%s' chỉ được dùng chữ không dấu, chữ số, "
                                        "'_' và '-', bắt đầu bằng chữ",
                                        k->value);
            free(name);
            return st;
        }
        bc_status st = BC_OK;
        if (it->kind == BC_Y_SCALAR) {
            st = add_written(v, name, it->value, NULL, style, doc->file, k->line, k->column, 0, 0,
                             err);
        } else if (it->kind == BC_Y_SEQ) {
            st = bc_error_set(err, BC_E_INPUT, doc->file, it->line, it->column,
                              "số liệu '%s' là một danh sách; mỗi số liệu là một giá trị, hoặc "
                              "{nay: ..., truoc: ...}",
                              name);
        } else {
            const bc_ynode *nay = bc_ymap_get(it, "nay"), *truoc = bc_ymap_get(it, "truoc");
            if (nay || truoc) {
                if (!nay) {
                    st = bc_error_set(err, BC_E_INPUT, doc->file, it->line, it->column,
                                      "số liệu '%s' có 'truoc' nhưng thiếu 'nay' (giá trị kỳ "
                                      "này)",
                                      name);
                } else if (!(st = bc_ymap_check_keys(doc, it, LEAF_KEYS, err))) {
                    if (nay->kind != BC_Y_SCALAR || (truoc && truoc->kind != BC_Y_SCALAR)) {
                        const bc_ynode *bad = nay->kind != BC_Y_SCALAR ? nay : truoc;
                        st = bc_error_set(err, BC_E_INPUT, doc->file, bad->line, bad->column,
                                          "'nay' và 'truoc' của '%s' phải là một giá trị đơn",
                                          name);
                    } else {
                        st = add_written(v, name, nay->value, truoc ? truoc->value : NULL, style,
                                         doc->file, k->line, k->column, truoc ? truoc->line : 0,
                                         truoc ? truoc->column : 0, err);
                    }
                }
            } else if (it->count == 0) {
                st = bc_error_set(err, BC_E_INPUT, doc->file, k->line, k->column,
                                  "nhóm số liệu '%s' để trống", name);
            } else {
                st = walk_yaml(v, doc, it, name, style, err);
            }
        }
        free(name);
        if (st)
            return st;
    }
    return BC_OK;
}

bc_status bc_values_load_yaml(bc_values *v, const char *data, size_t len, const char *name,
                              bc_error *err)
{
    bc_ydoc *doc = NULL;
    bc_status st = bc_ydoc_parse(data, len, name, &doc, err);
    if (st)
        return st;
    const bc_ynode *root = doc->root;
    bc_num_style style = BC_NUM_AUTO;
    if (!root) {
        /* an empty file: no values */
    } else if (root->kind != BC_Y_MAP) {
        st = bc_error_set(err, BC_E_INPUT, name, root->line, root->column,
                          "tệp số liệu phải là một bảng tên: giá trị, ví dụ 'hai_long: 76,88%%'");
    } else {
        const bc_ynode *sk = bc_ymap_get(root, "so-kieu");
        if (!sk)
            sk = bc_ymap_get(root, "so_kieu");
        if (sk) {
            const char *s = sk->kind == BC_Y_SCALAR ? sk->value : "";
            if (!strcmp(s, "viet"))
                style = BC_NUM_VIET;
            else if (!strcmp(s, "anh"))
                style = BC_NUM_ENGLISH;
            else if (!strcmp(s, "tu-dong") || !strcmp(s, "tu_dong"))
                style = BC_NUM_AUTO;
            else
                st = bc_error_set(err, BC_E_INPUT, name, sk->line, sk->column,
                                  "so-kieu '%s' không được biết; dùng viet (1.234,5), anh "
                                  "(1,234.5) hoặc tu-dong",
                                  s);
        }
        if (!st)
            st = walk_yaml(v, doc, root, "", style, err);
    }
    bc_ydoc_free(doc);
    return st;
}

/* add_written with the current and previous values read in their columns'
 * styles. */
static bc_status add_written2(bc_values *v, const char *name, const char *cur_text,
                              const char *prev_text, const bc_num_style styles[2],
                              const char *file, int line, int column, int prev_line,
                              int prev_column, bc_error *err)
{
    if (styles[0] != styles[1] && prev_text && prev_text[0]) {
        /* read each value in its own column's style */
        bc_value cur, prev;
        if (!cur_text[0])
            return add_written(v, name, cur_text, NULL, styles[0], file, line, column, 0, 0, err);
        if (!bc_value_parse(cur_text, styles[0], &cur))
            return bc_nomem(err);
        if (!bc_value_parse(prev_text, styles[1], &prev)) {
            bc_value_clear(&cur);
            return bc_nomem(err);
        }
        bc_status st = check_prev(name, &cur, &prev, file, prev_line, prev_column, err);
        if (!st)
            st = bc_values_add(v, name, &cur, &prev, file, line, column, true, err);
        bc_value_clear(&cur);
        bc_value_clear(&prev);
        return st;
    }
    return add_written(v, name, cur_text, prev_text, styles[0], file, line, column, prev_line,
                       prev_column, err);
}

/* The number style of the "nay" and "truoc" columns of an indicator CSV,
 * decided per column: a column whose numbers speak for both styles, or whose
 * numbers read both ways with no number in the file deciding, is an error
 * naming the cells. A column without such numbers reads each value by
 * itself (BC_NUM_AUTO). */
static bc_status csv_column_styles(const bc_csv_doc *doc, const char *name,
                                   bc_num_style styles[2], bc_error *err)
{
    enum { KEEP = 8 };
    size_t cnt[2][3] = {{0}};
    const bc_csv_field *kept[2][3][KEEP];
    for (size_t i = 0; i < doc->nrecords; i++) {
        const bc_csv_record *rec = &doc->records[i];
        if (i == 0 && rec->count && (!strcmp(rec->fields[0].text, "khoa") ||
                                     !strcmp(rec->fields[0].text, "KHOA")))
            continue;
        for (size_t c = 1; c < 3 && c < rec->count; c++) {
            const bc_csv_field *f = &rec->fields[c];
            int k;
            switch (bc_num_evidence_of(f->text, false)) {
            case BC_NUM_EV_VIET: k = 0; break;
            case BC_NUM_EV_ENGLISH: k = 1; break;
            case BC_NUM_EV_AMBIGUOUS: k = 2; break;
            default: continue;
            }
            if (cnt[c - 1][k] < KEEP)
                kept[c - 1][k][cnt[c - 1][k]] = f;
            cnt[c - 1][k]++;
        }
    }
    static const char *const COLS[2] = {"nay", "truoc"};
    bc_num_style file_style = BC_NUM_AUTO;
    bool mixed = false;
    for (int c = 0; c < 2; c++) {
        styles[c] = BC_NUM_AUTO;
        bc_buf b = BC_BUF_INIT;
        if (cnt[c][0] && cnt[c][1]) {
            bc_buf_printf(&b, "cột «%s» trộn hai kiểu viết số - kiểu Việt (1.234,5; 0,49%%): ",
                          COLS[c]);
            for (int k = 0; k < 2; k++) {
                if (k)
                    bc_buf_printf(&b, "; kiểu Anh (1,234.5; 0.49%%): ");
                size_t m = cnt[c][k] < KEEP ? cnt[c][k] : KEEP;
                for (size_t j = 0; j < m; j++)
                    bc_buf_printf(&b, "%s%s:%d:%d «%s»", j ? ", " : "", name, kept[c][k][j]->line,
                                  kept[c][k][j]->column, kept[c][k][j]->text);
                if (cnt[c][k] > m)
                    bc_buf_printf(&b, " và %zu ô khác", cnt[c][k] - m);
            }
            bc_buf_printf(&b, "; không biết đọc theo kiểu nào - hãy viết cả cột theo một kiểu "
                              "rồi chạy lại");
            const bc_csv_field *at = kept[c][0][0];
            if (kept[c][1][0]->line < at->line)
                at = kept[c][1][0];
            char *msg = bc_buf_detach(&b);
            if (!msg)
                return bc_nomem(err);
            bc_status st = bc_error_set(err, BC_E_INPUT, name, at->line, at->column, "%s", msg);
            free(msg);
            return st;
        }
        bc_buf_free(&b);
        if (cnt[c][0] || cnt[c][1]) {
            styles[c] = cnt[c][0] ? BC_NUM_VIET : BC_NUM_ENGLISH;
            if (file_style != BC_NUM_AUTO && file_style != styles[c])
                mixed = true;
            file_style = styles[c];
        }
    }
    if (mixed)
        file_style = BC_NUM_AUTO;
    for (int c = 0; c < 2; c++) {
        if (styles[c] != BC_NUM_AUTO || !cnt[c][2])
            continue;
        if (file_style != BC_NUM_AUTO) {
            styles[c] = file_style;
            continue;
        }
        bc_buf b = BC_BUF_INIT;
        bc_buf_printf(&b, "cột «%s» có số đọc được theo cả hai kiểu: ", COLS[c]);
        size_t m = cnt[c][2] < KEEP ? cnt[c][2] : KEEP;
        for (size_t j = 0; j < m; j++)
            bc_buf_printf(&b, "%s%s:%d:%d «%s»", j ? ", " : "", name, kept[c][2][j]->line,
                          kept[c][2][j]->column, kept[c][2][j]->text);
        if (cnt[c][2] > m)
            bc_buf_printf(&b, " và %zu ô khác", cnt[c][2] - m);
        bc_buf_printf(&b, " (như 1.234 là một nghìn hai trăm ba mươi tư theo kiểu Việt, một phẩy "
                          "hai ba bốn theo kiểu Anh) và không số nào trong tệp cho biết kiểu "
                          "viết; với số nguyên hãy bỏ dấu phân cách (1234), hoặc viết các số "
                          "liệu này trong tệp YAML có «so-kieu: viet» hay «so-kieu: anh»");
        char *msg = bc_buf_detach(&b);
        if (!msg)
            return bc_nomem(err);
        bc_status st = bc_error_set(err, BC_E_INPUT, name, kept[c][2][0]->line,
                                    kept[c][2][0]->column, "%s", msg);
        free(msg);
        return st;
    }
    return BC_OK;
}

bc_status bc_values_load_csv(bc_values *v, const char *data, size_t len, const char *name,
                             bc_error *err)
{
    bc_csv_options opts = {.delimiter = 0, .allow_ragged = true};
    bc_csv_doc *doc = NULL;
    bc_status st = bc_csv_load_buffer(data, len, name, &opts, &doc, err);
    if (st)
        return st;
    bc_num_style styles[2];
    if ((st = csv_column_styles(doc, name, styles, err))) {
        bc_csv_doc_free(doc);
        return st;
    }
    for (size_t i = 0; i < doc->nrecords && !st; i++) {
        const bc_csv_record *rec = &doc->records[i];
        size_t n = rec->count;
        while (n > 0 && rec->fields[n - 1].len == 0)
            n--;
        if (n == 0)
            continue;
        const bc_csv_field *f = rec->fields;
        if (i == 0 && (!strcmp(f[0].text, "khoa") || !strcmp(f[0].text, "KHOA")))
            continue;
        if (n < 2)
            st = bc_error_set(err, BC_E_INPUT, name, f[0].line, f[0].column,
                              "dòng số liệu '%s' thiếu giá trị; mỗi dòng là khoa,nay[,truoc]",
                              f[0].text);
        else if (n > 3)
            st = bc_error_set(err, BC_E_INPUT, name, f[3].line, f[3].column,
                              "dòng số liệu '%s' có quá 3 cột; mỗi dòng là khoa,nay[,truoc]",
                              f[0].text);
        else
            st = add_written2(v, f[0].text, f[1].text, n > 2 ? f[2].text : NULL, styles, name,
                             f[0].line, f[0].column, n > 2 ? f[2].line : 0,
                             n > 2 ? f[2].column : 0, err);
    }
    bc_csv_doc_free(doc);
    return st;
}

/* ---- indicator workbooks ---- */

typedef struct xcell {
    char *text;
    int row, col;
    bool number;
} xcell;

typedef struct xrows {
    xcell *cells; /* 3 per row: khoa, nay, truoc (text NULL when absent) */
    size_t n, cap;
    bool header;  /* the first row is "khoa, nay, truoc" */
    int extra_row, extra_col; /* a fourth column: where (reading stopped) */
    char *extra_key;
    const char *file;
    const char *sheet;
} xrows;

static bc_status on_xlsx_row(void *ud, const bc_csv_record *rec, bc_error *err)
{
    xrows *x = ud;
    size_t n = rec->count;
    while (n > 0 && rec->fields[n - 1].len == 0)
        n--;
    if (n == 0)
        return BC_OK;
    const bc_csv_field *f = rec->fields;
    if (rec->index == 0 && (!strcmp(f[0].text, "khoa") || !strcmp(f[0].text, "KHOA"))) {
        x->header = true;
        return BC_OK;
    }
    if (n > 3) {
        /* reported once the sheet's name is known */
        x->extra_row = f[3].line;
        x->extra_col = f[3].column;
        x->extra_key = bc_strdup(f[0].text);
        return x->extra_key ? BC_E_INPUT : bc_nomem(err);
    }
    if (!BC_GROW(&x->cells, &x->cap, x->n + 3, 96))
        return bc_nomem(err);
    for (size_t i = 0; i < 3; i++) {
        xcell *c = &x->cells[x->n + i];
        c->text = i < n ? bc_strdup(f[i].text) : NULL;
        c->row = i < rec->count ? f[i].line : f[0].line;
        c->col = i < rec->count ? f[i].column : f[0].column + (int)i;
        c->number = i < n && f[i].number;
        if (i < n && !c->text) {
            for (size_t k = 0; k < i; k++)
                free(x->cells[x->n + k].text);
            return bc_nomem(err);
        }
    }
    x->n += 3;
    return BC_OK;
}

/* A value as written in a workbook cell: a number cell is plain digits with
 * '.' as the mark (as its format shows it); a text cell reads as a typed
 * value would (tu-dong: 76,88% and 1.023.615 are numbers). */
static bool parse_cell(const xcell *c, bc_value *out)
{
    if (!bc_value_parse(c->text, c->number ? BC_NUM_ENGLISH : BC_NUM_AUTO, out))
        return false;
    /* as written, the Vietnamese way (for messages and | chu): 76,88% */
    for (char *p = out->text; c->number && p && *p; p++)
        if (*p == '.')
            *p = ',';
    return true;
}

static bc_status add_xlsx_row(bc_values *v, const xrows *x, const xcell *c, bc_error *err)
{
    char wcur[600], wprev[600], ref[16];
    bc_xlsx_cell_name(c[1].row, c[1].col, ref, sizeof ref);
    snprintf(wcur, sizeof wcur, "%s: %s!%s", x->file, x->sheet, ref);
    bc_xlsx_cell_name(c[2].row, c[2].col, ref, sizeof ref);
    snprintf(wprev, sizeof wprev, "%s: %s!%s", x->file, x->sheet, ref);
    const char *name = c[0].text;
    if (!name[0]) {
        bc_xlsx_cell_name(c[0].row, c[0].col, ref, sizeof ref);
        snprintf(wcur, sizeof wcur, "%s: %s!%s", x->file, x->sheet, ref);
        return bc_error_set(err, BC_E_INPUT, wcur, 0, 0,
                            "dòng số liệu thiếu khóa ở cột đầu (tên số liệu như hai_long.chung)");
    }
    if (!c[1].text || !c[1].text[0])
        return bc_error_set(err, BC_E_INPUT, wcur, 0, 0,
                            "số liệu '%s' để trống; ghi giá trị kỳ này hoặc xóa dòng", name);
    bool has_prev = c[2].text && c[2].text[0];
    bc_value cur, prev;
    if (!parse_cell(&c[1], &cur))
        return bc_nomem(err);
    if (has_prev && !parse_cell(&c[2], &prev)) {
        bc_value_clear(&cur);
        return bc_nomem(err);
    }
    bc_status st = BC_OK;
    if (cur.too_long)
        st = bc_error_set(err, BC_E_INPUT, wcur, 0, 0, "'%s': số «%s» " BC_DEC_RANGE_MSG, name,
                          c[1].text);
    else if (has_prev && prev.too_long)
        st = bc_error_set(err, BC_E_INPUT, wprev, 0, 0,
                          "'%s' (kỳ trước): số «%s» " BC_DEC_RANGE_MSG, name, c[2].text);
    if (!st && has_prev)
        st = check_prev(name, &cur, &prev, wprev, 0, 0, err);
    if (!st)
        st = add_entry(v, name, &cur, has_prev ? &prev : NULL, x->file, x->sheet, c[0].row,
                       c[0].col, true, err);
    bc_value_clear(&cur);
    if (has_prev)
        bc_value_clear(&prev);
    return st;
}

static bc_status load_xlsx(bc_values *v, const char *where, const char *data, size_t len,
                           bc_error *err)
{
    const char *loc;
    char *file = bc_xlsx_split(where, &loc);
    if (!file)
        return bc_nomem(err);
    xrows x = {.file = file};
    char *sheet = NULL;
    bc_xlsx_opts o = {.header_rows = 1, .as_shown = true};
    bc_status st = data ? bc_xlsx_read_buffer(data, len, file, loc, &o, on_xlsx_row, &x, &sheet,
                                              err)
                        : bc_xlsx_read_file(where, &o, on_xlsx_row, &x, &sheet, err);
    x.sheet = sheet ? sheet : "";
    if (x.extra_key) {
        char wbuf[600], ref[16];
        bc_xlsx_cell_name(x.extra_row, x.extra_col, ref, sizeof ref);
        snprintf(wbuf, sizeof wbuf, "%s: %s!%s", file, x.sheet, ref);
        st = bc_error_set(err, BC_E_INPUT, wbuf, 0, 0,
                          "dòng số liệu '%s' có quá 3 cột; mỗi dòng là khóa, giá trị kỳ này "
                          "[, kỳ trước] ở ba cột đầu",
                          x.extra_key);
        free(x.extra_key);
    }
    for (size_t i = 0; !st && i < x.n; i += 3)
        st = add_xlsx_row(v, &x, &x.cells[i], err);
    for (size_t i = 0; i < x.n; i++)
        free(x.cells[i].text);
    free(x.cells);
    free(sheet);
    free(file);
    return st;
}

bc_status bc_values_load_xlsx(bc_values *v, const char *data, size_t len, const char *name,
                              bc_error *err)
{
    return load_xlsx(v, name, data ? data : "", len, err);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

bc_status bc_values_load_file(bc_values *v, const char *path, bc_error *err)
{
    if (bc_xlsx_is_path(path))
        return load_xlsx(v, path, NULL, 0, err);
    char *data;
    size_t len;
    bc_status st = bc_file_read(path, &data, &len, err);
    if (st)
        return st;
    if (ends_with(path, ".csv") || ends_with(path, ".CSV"))
        st = bc_values_load_csv(v, data, len, path, err);
    else
        st = bc_values_load_yaml(v, data, len, path, err);
    free(data);
    return st;
}

/* ---- the report's own values ---- */

static bc_status add_text(bc_values *v, const char *name, const char *text, bc_error *err)
{
    if (!text)
        return BC_OK;
    bc_value x = {.kind = BC_VALUE_TEXT, .text = (char *)text};
    return bc_values_add(v, name, &x, NULL, NULL, 0, 0, false, err);
}

static bc_status add_date(bc_values *v, const char *name, bc_date d, bc_error *err)
{
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year, d.month, d.day);
    bc_value x = {.kind = BC_VALUE_DATE, .date = d, .text = iso};
    return bc_values_add(v, name, &x, NULL, NULL, 0, 0, false, err);
}

static bc_status add_whole(bc_values *v, const char *name, int n, const int *prev, bc_error *err)
{
    char t[32], tp[32];
    snprintf(t, sizeof t, "%d", n);
    bc_value x = {.kind = BC_VALUE_NUMBER, .num = bc_dec_from_int(n), .no_grouping = true,
                  .text = t};
    bc_value p = x;
    if (prev) {
        snprintf(tp, sizeof tp, "%d", *prev);
        p.num = bc_dec_from_int(*prev);
        p.text = tp;
    }
    return bc_values_add(v, name, &x, prev ? &p : NULL, NULL, 0, 0, false, err);
}

bc_status bc_values_add_period(bc_values *v, const bc_period *p, bc_error *err)
{
    bc_period cung = bc_period_same_last_year(p), next = bc_period_next(p);
    char *ten = bc_period_name(p), *ngan = bc_period_short_name(p);
    char *cung_ky = bc_period_name(&cung), *sau = bc_period_name(&next);
    bc_date first, last;
    bc_period_range(p, &first, &last);
    int prev_year = p->year - 1;
    bc_status st;
    if (!ten || !ngan || !cung_ky || !sau)
        st = bc_nomem(err);
    else if (!(st = add_text(v, "ky.loai", bc_period_kind_key(p->kind), err)) &&
             (p->kind != BC_PERIOD_QUARTER || !(st = add_whole(v, "ky.quy", p->quarter, NULL, err))) &&
             !(st = add_whole(v, "ky.nam", p->year, &prev_year, err)) &&
             !(st = add_text(v, "ky.ten", ten, err)) && !(st = add_text(v, "ky.ten_ngan", ngan, err)) &&
             !(st = add_text(v, "ky.cung_ky", cung_ky, err)) && !(st = add_text(v, "ky.sau", sau, err)) &&
             !(st = add_date(v, "ky.tu_ngay", first, err)))
        st = add_date(v, "ky.den_ngay", last, err);
    free(ten);
    free(ngan);
    free(cung_ky);
    free(sau);
    return st;
}

bc_status bc_values_add_report(bc_values *v, const bc_report *r, bc_error *err)
{
    bc_status st = BC_OK;
    if (r->number) {
        bc_value x;
        if (!bc_value_parse(r->number, BC_NUM_VIET, &x))
            return bc_nomem(err);
        x.no_grouping = true;
        st = bc_values_add(v, "bao_cao.so", &x, NULL, NULL, 0, 0, false, err);
        bc_value_clear(&x);
        if (st)
            return st;
    }
    char *nk = r->number && r->symbol ? bc_strdup_printf("%s/%s", r->number, r->symbol) : NULL;
    if ((st = add_text(v, "bao_cao.ky_hieu", r->symbol, err)) ||
        (st = add_text(v, "bao_cao.so_ky_hieu", nk, err)) ||
        (st = add_text(v, "bao_cao.dia_danh", r->place, err)) ||
        (st = add_text(v, "bao_cao.co_quan", r->agency_name, err)) ||
        (r->date.year && (st = add_date(v, "bao_cao.ngay", r->date, err)))) {
        free(nk);
        return st;
    }
    free(nk);
    /* phu_luc.1, phu_luc.2 ...: each appendix's printed label, so the text
     * cites the label the appendix carries. */
    for (size_t i = 0; r->appendices && r->appendices[i]; i++) {
        char name[48];
        snprintf(name, sizeof name, "phu_luc.%zu", i + 1);
        char *label = bc_report_appendix_label(r, i);
        if (!label)
            return bc_nomem(err);
        st = add_text(v, name, label, err);
        free(label);
        if (st)
            return st;
    }
    if (r->has_period)
        st = bc_values_add_period(v, &r->period, err);
    return st;
}

bc_status bc_values_add_table(bc_values *v, const char *name, const bc_table *t, bc_error *err)
{
    if (!name_ok(name) || strchr(name, '.'))
        return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0, "tên bảng '%s' không hợp lệ", name);
    if (find_table(v, name) || bc_values_find(v, name))
        return bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "tên bảng '%s' đã được dùng", name);
    if (!BC_GROW(&v->tables, &v->tables_cap, v->ntables + 1, 4))
        return bc_nomem(err);
    char *n = norm_name(name);
    if (!n)
        return bc_nomem(err);
    v->tables[v->ntables].name = n;
    v->tables[v->ntables].table = t;
    v->ntables++;
    return BC_OK;
}

bc_status bc_values_from_report(const bc_report *r, bc_table *const *tables, size_t ntables,
                                bc_values **out, bc_error *err)
{
    bc_values *v = bc_values_new();
    if (!v)
        return bc_nomem(err);
    bc_status st = bc_values_add_report(v, r, err);
    for (size_t i = 0; !st && r->data_files && r->data_files[i]; i++) {
        st = bc_values_load_file(v, r->data_files[i], err);
        /* (a workbook's cell errors name the cell: "book.xlsx: Sheet!B5") */
        size_t flen = strcspn(r->data_files[i], bc_xlsx_is_path(r->data_files[i]) ? "#" : "");
        if (st == BC_E_INPUT && err && err->line == 0 && err->file &&
            strlen(err->file) == flen && !strncmp(err->file, r->data_files[i], flen)) {
            /* the file could not be read: point at report.yaml's so-lieu */
            char *msg = bc_strdup(err->message);
            bc_error_set(err, BC_E_INPUT, r->path, r->data_line, r->data_line ? 1 : 0,
                         "không đọc được tệp số liệu '%s' (trường so-lieu): %s", r->data_files[i],
                         msg ? msg : "");
            free(msg);
        }
    }
    for (size_t i = 0; !st && i < ntables; i++) {
        char name[32];
        snprintf(name, sizeof name, "pl%zu", i + 1);
        st = bc_values_add_table(v, name, tables[i], err);
    }
    if (st) {
        bc_values_free(v);
        return st;
    }
    *out = v;
    return BC_OK;
}

/* ---- references ---- */

typedef struct ref_part {
    char *name;  /* a name, or the text of ["..."] */
    bool index;  /* written ["..."] */
} ref_part;

static void parts_free(ref_part *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i].name);
    free(p);
}

/* Splits a reference into parts. BC_E_INPUT says what is wrong with it
 * (err without a place: the caller knows it). */
static bc_status parse_ref(const char *ref, ref_part **out, size_t *nout, bc_error *err)
{
    ref_part *parts = NULL;
    size_t n = 0, cap = 0;
    const char *p = ref;
    bool ok = false, oom = false;
    bool need_name = true; /* at the start or after '.' */
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *start = p;
        size_t len = 0;
        bool index = false;
        if (need_name) {
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '-')
                p++;
            len = (size_t)(p - start);
            bool pl_number = n == 1 && !parts[0].index &&
                             appendix_number(parts[0].name, strlen(parts[0].name), start, len);
            if (!segment_ok(start, len) && !pl_number) {
                if (len || *p)
                    bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                                 "tên số liệu sai ở '%s': tên gồm chữ không dấu, chữ số, '_', "
                                 "bắt đầu bằng chữ",
                                 start);
                else
                    bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "thiếu tên số liệu");
                goto out;
            }
        } else if (*p == '[') {
            p++;
            while (*p == ' ')
                p++;
            char q = *p;
            if (q != '"' && q != '\'') {
                bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                             "sau '[' phải là tên hàng trong dấu nháy, ví dụ [\"A\"]");
                goto out;
            }
            start = ++p;
            while (*p && *p != q)
                p++;
            if (!*p) {
                bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "thiếu dấu %c đóng tên hàng", q);
                goto out;
            }
            len = (size_t)(p - start);
            p++;
            while (*p == ' ')
                p++;
            if (*p != ']') {
                bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "thiếu ']' sau tên hàng");
                goto out;
            }
            p++;
            index = true;
        } else if (*p == '.') {
            p++;
            need_name = true;
            continue;
        } else if (*p == '\0') {
            break;
        } else {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "ký tự không mong đợi ở '%s'", p);
            goto out;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            ref_part *np = realloc(parts, cap * sizeof *np);
            if (!np) {
                oom = true;
                goto out;
            }
            parts = np;
        }
        char *s = malloc(len + 1);
        if (!s) {
            oom = true;
            goto out;
        }
        memcpy(s, start, len);
        s[len] = '\0';
        parts[n].name = s;
        parts[n].index = index;
        n++;
        need_name = false;
    }
    if (need_name) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "tên số liệu kết thúc bằng dấu chấm");
        goto out;
    }
    ok = true;
out:
    if (!ok) {
        parts_free(parts, n);
        return oom ? bc_nomem(err) : BC_E_INPUT;
    }
    *out = parts;
    *nout = n;
    return BC_OK;
}

/* Names of all entries and tables, NULL-terminated (pointers into v). */
static const char **all_names(const bc_values *v)
{
    const char **names = calloc(v->count + v->ntables + 1, sizeof *names);
    if (!names)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < v->count; i++)
        names[k++] = v->items[i].name;
    for (size_t i = 0; i < v->ntables; i++)
        names[k++] = v->tables[i].name;
    return names;
}

/* "không có số liệu 'x'; có phải ý bạn là 'y'?" Caller frees. */
static char *unknown_name(const bc_values *v, const char *name)
{
    const char **names = all_names(v);
    const char *near = names ? bc_nearest(name, names) : NULL;
    char *m = near ? bc_strdup_printf("không có số liệu '%s'; có phải ý bạn là '%s'?", name, near)
                   : bc_strdup_printf("không có số liệu '%s'", name);
    free(names);
    return m;
}

/* -- tables -- */

/* Upper-case copy for comparing markers and names. Caller frees. */
static char *upper(const char *s)
{
    return bc_text_upper(s ? s : "");
}

/* Marker without a trailing '.' or ')', upper case. Caller frees. */
static char *marker_key(const char *m)
{
    char *u = upper(m);
    if (u) {
        size_t n = strlen(u);
        while (n > 1 && (u[n - 1] == '.' || u[n - 1] == ')'))
            u[--n] = '\0';
    }
    return u;
}

static const char *row_name(const bc_table *t, size_t r)
{
    if (t->name_col >= 0 && t->name_col != t->marker_col)
        return t->rows[r].cells[t->name_col].text;
    return "";
}

/* Row r lies under row anc (any depth); anc -1 = whole table. */
static bool under(const bc_table *t, int r, int anc)
{
    if (anc < 0)
        return true;
    for (int p = t->rows[r].parent; p >= 0; p = t->rows[p].parent)
        if (p == anc)
            return true;
    return false;
}

/* The rows a group sums: top rows (no totals rows) for scope -1, else the
 * rows directly under scope. */
static bool in_group(const bc_table *t, size_t r, int scope)
{
    const bc_row *row = &t->rows[r];
    if (scope < 0)
        return row->parent < 0 && !row->is_total;
    return row->parent == scope;
}

static char *table_where(const char *tname, const bc_table *t, int scope)
{
    if (scope < 0)
        return bc_strdup_printf("bảng %s", tname);
    return bc_strdup_printf("bảng %s, dưới hàng '%s',", tname, t->rows[scope].marker[0]
                                                                  ? t->rows[scope].marker
                                                                  : row_name(t, (size_t)scope));
}

static bc_status select_row(const bc_table *t, const char *tname, int scope, const char *key,
                            int *out, bc_error *err)
{
    char *k = marker_key(key), *ku = upper(key);
    if (!k || !ku) {
        free(k);
        free(ku);
        return bc_nomem(err);
    }
    int first = -1, count = 0, name_first = -1, name_count = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if ((int)r == scope || !under(t, (int)r, scope))
            continue;
        char *m = marker_key(t->rows[r].marker);
        char *nm = upper(row_name(t, r));
        if (m && k[0] && !strcmp(m, k)) {
            if (first < 0)
                first = (int)r;
            count++;
        } else if (nm && nm[0] && !strcmp(nm, ku)) {
            if (name_first < 0)
                name_first = (int)r;
            name_count++;
        }
        free(m);
        free(nm);
    }
    free(k);
    free(ku);
    if (!count) {
        first = name_first;
        count = name_count;
    }
    char *w = table_where(tname, t, scope);
    if (!w)
        return bc_nomem(err);
    if (count == 1) {
        free(w);
        *out = first;
        return BC_OK;
    }
    if (count > 1) {
        int par = t->rows[first].parent;
        if (par >= 0 && t->rows[par].marker[0])
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "%s có %d hàng '%s'; ghi thêm hàng bên trên, ví dụ "
                         "%s[\"%s\"][\"%s\"]",
                         w, count, key, tname, t->rows[par].marker, key);
        else
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "%s có %d hàng '%s'; ghi thêm hàng bên trên, ví dụ "
                         "%s[\"A\"][\"%s\"]",
                         w, count, key, tname, key);
        free(w);
        return BC_E_INPUT;
    }
    /* none: suggest the nearest marker or name among the candidates */
    const char **cands = calloc(2 * t->nrows + 1, sizeof *cands);
    if (!cands) {
        free(w);
        return bc_nomem(err);
    }
    size_t nc = 0;
    bc_buf list = BC_BUF_INIT;
    size_t listed = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if ((int)r == scope || !under(t, (int)r, scope))
            continue;
        if (t->rows[r].marker[0])
            cands[nc++] = t->rows[r].marker;
        if (row_name(t, r)[0])
            cands[nc++] = row_name(t, r);
        bool direct = scope < 0 ? t->rows[r].parent < 0 : t->rows[r].parent == scope;
        if (direct && t->rows[r].marker[0] && listed < 12) {
            bc_buf_printf(&list, "%s'%s'", listed ? ", " : "", t->rows[r].marker);
            listed++;
        }
    }
    const char *near = bc_nearest(key, cands);
    char *l = bc_buf_detach(&list);
    if (near)
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s không có hàng '%s'; có phải ý bạn là '%s'?",
                     w, key, near);
    else if (l && l[0])
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s không có hàng '%s' (các hàng: %s)", w, key,
                     l);
    else
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s không có hàng '%s'", w, key);
    free(l);
    free(cands);
    free(w);
    return BC_E_INPUT;
}

static bc_status find_col(const bc_table *t, const char *tname, const char *key, int *out,
                          bc_error *err)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (t->cols[c].key && same_name(t->cols[c].key, key)) {
            *out = (int)c;
            return BC_OK;
        }
    const char **keys = calloc(t->ncols + 1, sizeof *keys);
    if (!keys)
        return bc_nomem(err);
    bc_buf list = BC_BUF_INIT;
    for (size_t c = 0; c < t->ncols; c++) {
        keys[c] = t->cols[c].key ? t->cols[c].key : "";
        bc_buf_printf(&list, "%s%s", c ? ", " : "", keys[c]);
    }
    const char *near = bc_nearest(key, keys);
    char *l = bc_buf_detach(&list);
    if (near)
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "bảng %s không có cột '%s'; có phải ý bạn là '%s'?", tname, key, near);
    else
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "bảng %s không có cột '%s' (các cột: %s)", tname,
                     key, l ? l : "");
    free(l);
    free(keys);
    return BC_E_INPUT;
}

/* "bảng pl2, hàng «A CƠ QUAN ...», cột «Hồ sơ tiếp nhận»". Caller frees. */
static char *cell_where(const bc_table *t, const char *tname, int row, int col)
{
    char *rl = bc_table_row_label(t, (size_t)row);
    const char *cl = t->cols[col].path_label ? t->cols[col].path_label
                                             : (t->cols[col].label ? t->cols[col].label : "");
    char *s = bc_strdup_printf("bảng %s, hàng «%s», cột «%s»", tname, rl ? rl : "", cl);
    free(rl);
    return s;
}

static bc_status cell_value(const bc_table *t, const char *tname, int row, int col, bc_value *out,
                            bc_error *err)
{
    const bc_column *c = &t->cols[col];
    const bc_cell *cell = &t->rows[row].cells[col];
    memset(out, 0, sizeof *out);
    const char *shown = cell->display ? cell->display : cell->text;
    if (c->kind == BC_COL_TEXT || c->kind == BC_COL_DATE) {
        if (!shown || !shown[0]) {
            char *w = cell_where(t, tname, row, col);
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s: ô để trống", w ? w : tname);
            free(w);
            return BC_E_INPUT;
        }
        out->kind = BC_VALUE_TEXT;
        out->text = bc_strdup(shown);
        return out->text ? BC_OK : bc_nomem(err);
    }
    if ((cell->flags & (BC_CELL_EMPTY | BC_CELL_INVALID)) || bc_dec_is_none(cell->value)) {
        char *w = cell_where(t, tname, row, col);
        if (cell->flags & BC_CELL_INVALID)
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s: «%s» không phải là số", w ? w : tname,
                         cell->text);
        else
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s: ô để trống", w ? w : tname);
        free(w);
        return BC_E_INPUT;
    }
    out->kind = BC_VALUE_NUMBER;
    out->num = cell->value;
    out->rate = c->kind == BC_COL_RATE;
    out->decimals = c->kind == BC_COL_INTEGER ? 0 : c->fmt.decimals;
    out->no_grouping = c->fmt.no_grouping;
    out->min_digits = c->fmt.min_digits;
    if (c->keep_leading_zero && cell->text[0] == '0' && cell->text[1] >= '0' && cell->text[1] <= '9')
        out->min_digits = (int)strspn(cell->text, "0123456789");
    out->text = bc_strdup(shown ? shown : "");
    return out->text ? BC_OK : bc_nomem(err);
}

static bc_status aggregate(const bc_table *t, const char *tname, int scope, int col, const char *op,
                           bc_value *out, bc_error *err)
{
    const bc_column *c = &t->cols[col];
    bool sum = !strcmp(op, "tong"), count = !strcmp(op, "dem");
    if (!sum && !count) {
        const char *ops[] = {"tong", "dem", NULL};
        const char *near = bc_nearest(op, ops);
        if (near)
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "phép '%s' không có; có phải ý bạn là '%s'? (dùng %s.cot.%s.tong hoặc "
                         ".dem)",
                         op, near, tname, c->key);
        else
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "phép '%s' không có; dùng %s.cot.%s.tong (tổng) hoặc .dem (số hàng có "
                         "giá trị khác 0)",
                         op, tname, c->key);
        return BC_E_INPUT;
    }
    if (sum && c->kind != BC_COL_INTEGER && c->kind != BC_COL_DECIMAL) {
        if (c->kind == BC_COL_RATE)
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "không cộng được cột tỷ lệ '%s' của bảng %s; dùng giá trị ở hàng tổng "
                         "(%s.tong.%s)",
                         c->key, tname, tname, c->key);
        else
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "không cộng được cột '%s' của bảng %s: cột không phải số", c->key, tname);
        return BC_E_INPUT;
    }
    bc_dec total = BC_DEC_ZERO;
    long n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!in_group(t, r, scope))
            continue;
        const bc_cell *cell = &t->rows[r].cells[col];
        if (c->kind == BC_COL_TEXT || c->kind == BC_COL_DATE) {
            n += cell->text && cell->text[0];
            continue;
        }
        if (cell->flags & BC_CELL_INVALID) {
            char *w = cell_where(t, tname, (int)r, col);
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s: «%s» không phải là số", w ? w : tname,
                         cell->text);
            free(w);
            return BC_E_INPUT;
        }
        if (!bc_dec_is_none(cell->value)) {
            if (bc_dec_add(total, cell->value, &total) != BC_DEC_OK) {
                bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                             "bảng %s: tổng cột '%s' vượt giới hạn 18 chữ số; hãy đổi "
                             "đơn vị (nghìn, triệu, tỷ)",
                             tname, c->key);
                return BC_E_INPUT;
            }
            n += !bc_dec_is_zero(cell->value);
        }
    }
    memset(out, 0, sizeof *out);
    out->kind = BC_VALUE_NUMBER;
    if (sum) {
        out->num = total;
        out->decimals = c->kind == BC_COL_INTEGER ? 0 : c->fmt.decimals;
        out->no_grouping = c->fmt.no_grouping;
    } else {
        out->num = bc_dec_from_int(n);
    }
    char plain[48];
    bc_dec_to_plain(out->num, plain, sizeof plain);
    out->text = bc_strdup(plain);
    return out->text ? BC_OK : bc_nomem(err);
}

static bc_status lookup_table(const named_table *nt, const ref_part *parts, size_t n, bc_value *out,
                              bc_error *err)
{
    const bc_table *t = nt->table;
    const char *tname = nt->name;
    int row = -1;
    size_t i = 1;
    bc_status st;
    for (; i < n && parts[i].index; i++)
        if ((st = select_row(t, tname, row, parts[i].name, &row, err)))
            return st;
    if (i == n) {
        if (row < 0)
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s: cần chọn hàng và cột, ví dụ %s.tong.<cột> hoặc "
                         "%s[\"A\"].<cột>",
                         tname, tname, tname);
        else
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s: thiếu tên cột sau hàng, ví dụ %s[\"%s\"].<cột>", tname, tname,
                         parts[i - 1].name);
        return BC_E_INPUT;
    }
    const char *name = parts[i].name;
    if (!strcmp(name, "so_hang") || !strcmp(name, "so-hang")) {
        if (i + 1 != n)
            goto extra;
        long cnt = 0;
        for (size_t r = 0; r < t->nrows; r++)
            cnt += in_group(t, r, row);
        memset(out, 0, sizeof *out);
        out->kind = BC_VALUE_NUMBER;
        out->num = bc_dec_from_int(cnt);
        out->text = bc_strdup_printf("%ld", cnt);
        return out->text ? BC_OK : bc_nomem(err);
    }
    if (!strcmp(name, "cot")) {
        if (i + 1 >= n || parts[i + 1].index) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s: sau 'cot' ghi tên cột và phép tính, ví dụ "
                         "%s.cot.<cột>.tong",
                         tname, tname);
            return BC_E_INPUT;
        }
        int col;
        if ((st = find_col(t, tname, parts[i + 1].name, &col, err)))
            return st;
        if (i + 2 >= n || parts[i + 2].index) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s: thiếu phép tính sau cột '%s': .tong hoặc .dem", tname,
                         parts[i + 1].name);
            return BC_E_INPUT;
        }
        if (i + 3 != n) {
            i += 2;
            goto extra;
        }
        return aggregate(t, tname, row, col, parts[i + 2].name, out, err);
    }
    if (row < 0 && !strcmp(name, "tong")) {
        for (size_t r = 0; r < t->nrows; r++)
            if (t->rows[r].is_total)
                row = (int)r;
        if (row < 0) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s không có hàng tổng; dùng %s.cot.<cột>.tong để cộng "
                         "các hàng",
                         tname, tname);
            return BC_E_INPUT;
        }
        i++;
        if (i == n || parts[i].index) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s: thiếu tên cột sau 'tong', ví dụ %s.tong.<cột>", tname, tname);
            return BC_E_INPUT;
        }
        name = parts[i].name;
    }
    if (row < 0) {
        int col;
        if (find_col(t, tname, name, &col, err) == BC_OK) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "bảng %s: chọn hàng trước cột '%s', ví dụ %s.tong.%s hoặc "
                         "%s[\"A\"].%s",
                         tname, name, tname, name, tname, name);
            return BC_E_INPUT;
        }
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "bảng %s: '%s' không phải hàng tổng ('tong'), 'cot' hay "
                     "'so_hang'; chọn hàng bằng %s[\"A\"]",
                     tname, name, tname);
        return BC_E_INPUT;
    }
    int col;
    if ((st = find_col(t, tname, name, &col, err)))
        return st;
    if (i + 1 != n)
        goto extra;
    return cell_value(t, tname, row, col, out, err);
extra:
    /* parts[i + 1] is the first part that is too many */
    bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "bảng %s: phần thừa '%s' ở cuối", tname,
                 parts[i + 1].name);
    return BC_E_INPUT;
}

bc_status bc_values_lookup(const bc_values *v, const char *ref, bc_value *out, bc_value *prev,
                           bool *has_prev, size_t *entry, bc_error *err)
{
    ref_part *parts = NULL;
    size_t n = 0;
    if (has_prev)
        *has_prev = false;
    if (entry)
        *entry = (size_t)-1;
    memset(out, 0, sizeof *out);
    bc_status st = parse_ref(ref, &parts, &n, err);
    if (st)
        return st;
    const named_table *nt = find_table(v, parts[0].name);
    if (nt) {
        st = lookup_table(nt, parts, n, out, err);
        goto out;
    }
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (parts[i].index) {
            bc_buf_free(&b);
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "chỉ bảng phụ lục (pl1, pl2, ...) mới chọn hàng bằng "
                         "[\"...\"]; '%s' không phải bảng",
                         parts[0].name);
            st = BC_E_INPUT;
            goto out;
        }
        bc_buf_printf(&b, "%s%s", i ? "." : "", parts[i].name);
    }
    char *full = bc_buf_detach(&b);
    if (!full) {
        st = bc_nomem(err);
        goto out;
    }
    const bc_value_entry *e = bc_values_find(v, full);
    bool want_prev = false;
    if (!e && n > 1 && (!strcmp(parts[n - 1].name, "truoc") || !strcmp(parts[n - 1].name, "nay"))) {
        char *dot = strrchr(full, '.');
        *dot = '\0';
        e = bc_values_find(v, full);
        want_prev = !strcmp(parts[n - 1].name, "truoc");
        if (e && want_prev && !e->has_prev) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "số liệu '%s' không có giá trị kỳ trước ('truoc')", full);
            free(full);
            st = BC_E_INPUT;
            goto out;
        }
        if (!e)
            *dot = '.';
    }
    if (!e) {
        char *m = unknown_name(v, full);
        free(full);
        st = m ? bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "%s", m) : bc_nomem(err);
        free(m);
        goto out;
    }
    free(full);
    if (entry)
        *entry = (size_t)(e - v->items);
    if (!bc_value_copy(out, want_prev ? &e->prev : &e->cur)) {
        st = bc_nomem(err);
        goto out;
    }
    if (!want_prev && e->has_prev && prev) {
        if (!bc_value_copy(prev, &e->prev)) {
            bc_value_clear(out);
            st = bc_nomem(err);
            goto out;
        }
        if (has_prev)
            *has_prev = true;
    }
out:
    parts_free(parts, n);
    return st;
}
