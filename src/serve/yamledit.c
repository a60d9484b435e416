/* yamledit.c - in-place edits of report.yaml by libyaml's marks
 * (yamledit.h). */
#include "yamledit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "strbuf.h"

typedef struct reader {
    yaml_parser_t p;
    yaml_event_t ev;
    bool have;
    size_t *cmap; /* character index -> byte offset (libyaml counts characters) */
    size_t ncmap;
    const char *name;
    bc_error *err;
    bc_yfile *doc;
} reader;

static size_t byte_at(const reader *r, size_t index)
{
    return index < r->ncmap ? r->cmap[index] : r->cmap[r->ncmap - 1];
}

static bool next(reader *r)
{
    if (r->have)
        yaml_event_delete(&r->ev);
    r->have = false;
    if (!yaml_parser_parse(&r->p, &r->ev)) {
        yaml_mark_t m = r->p.problem_mark;
        bc_error_set(r->err, BC_E_INPUT, r->name, (int)m.line + 1, (int)m.column + 1,
                     "YAML không đọc được: %s", r->p.problem ? r->p.problem : "lỗi cú pháp");
        return false;
    }
    r->have = true;
    return true;
}

static int end_line(const yaml_event_t *ev)
{
    const yaml_mark_t *s = &ev->start_mark, *e = &ev->end_mark;
    if (e->column == 0 && e->line > s->line)
        return (int)e->line; /* ends at the start of the next line: 1-based line before */
    return (int)e->line + 1;
}

/* Skips the node whose start event is current (scalars: nothing to do). */
static bool skip_node(reader *r)
{
    int depth = 0;
    do {
        yaml_event_type_t t = r->ev.type;
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT)
            depth++;
        else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth == 0)
            return true;
    } while (next(r));
    return false;
}

static bc_yentry *add_entry(reader *r, const char *path, int depth)
{
    bc_yfile *d = r->doc;
    bc_yentry *e = realloc(d->e, (d->n + 1) * sizeof *e);
    if (!e)
        return NULL;
    d->e = e;
    e = &d->e[d->n];
    memset(e, 0, sizeof *e);
    if (!(e->path = bc_strdup(path)))
        return NULL;
    e->depth = depth;
    d->n++;
    return e;
}

static bool parse_value(reader *r, size_t idx);

/* A mapping's keys and values (the MAPPING_START is current); depth of its
 * keys; prefix "" or "parent.". The mapping's entry (or none at the top)
 * gets its end from the last value. */
static bool parse_mapping(reader *r, int depth, const char *prefix, size_t *end, int *last_line)
{
    for (;;) {
        if (!next(r))
            return false;
        if (r->ev.type == YAML_MAPPING_END_EVENT) {
            return true;
        }
        if (r->ev.type != YAML_SCALAR_EVENT || depth > 1) {
            /* a complex key, or deeper than the form edits: skip key and value */
            if (!skip_node(r) || !next(r) || !skip_node(r))
                return false;
            *end = byte_at(r, r->ev.end_mark.index);
            *last_line = end_line(&r->ev);
            continue;
        }
        char *path = bc_strdup_printf("%s%s", prefix, (const char *)r->ev.data.scalar.value);
        bc_yentry *e = path ? add_entry(r, path, depth) : NULL;
        free(path);
        if (!e)
            return bc_nomem(r->err), false;
        e->key_start = byte_at(r, r->ev.start_mark.index);
        e->key_line = (int)r->ev.start_mark.line + 1;
        e->key_column = (int)r->ev.start_mark.column;
        size_t idx = (size_t)(e - r->doc->e);
        if (!next(r) || !parse_value(r, idx))
            return false;
        *end = r->doc->e[idx].val_end;
        *last_line = r->doc->e[idx].last_line;
    }
}

static bool push_item(bc_yentry *e, const char *s)
{
    char **it = realloc(e->items, (e->nitems + 1) * sizeof *it);
    if (!it)
        return false;
    e->items = it;
    if (!(it[e->nitems] = bc_strdup(s)))
        return false;
    e->nitems++;
    return true;
}

/* The value event of entry idx is current. */
static bool parse_value(reader *r, size_t idx)
{
    bc_yentry *e = &r->doc->e[idx];
    e->val_start = byte_at(r, r->ev.start_mark.index);
    e->val_column = (int)r->ev.start_mark.column;
    switch (r->ev.type) {
    case YAML_SCALAR_EVENT:
        e->kind = BC_YV_SCALAR;
        if (!(e->scalar = bc_strdup((const char *)r->ev.data.scalar.value)))
            return bc_nomem(r->err), false;
        e->val_end = byte_at(r, r->ev.end_mark.index);
        e->last_line = end_line(&r->ev);
        return true;
    case YAML_SEQUENCE_START_EVENT: {
        bool flow = r->ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        e->kind = flow ? BC_YV_FLOW_SEQ : BC_YV_BLOCK_SEQ;
        e->items_scalar = true;
        size_t end = e->val_start;
        int last = (int)r->ev.start_mark.line + 1;
        for (;;) {
            if (!next(r))
                return false;
            e = &r->doc->e[idx];
            if (r->ev.type == YAML_SEQUENCE_END_EVENT) {
                if (flow) {
                    end = byte_at(r, r->ev.end_mark.index);
                    last = end_line(&r->ev);
                }
                break;
            }
            if (r->ev.type == YAML_SCALAR_EVENT) {
                if (!push_item(e, (const char *)r->ev.data.scalar.value))
                    return bc_nomem(r->err), false;
            } else {
                e->items_scalar = false;
                if (!skip_node(r))
                    return false;
            }
            end = byte_at(r, r->ev.end_mark.index);
            last = end_line(&r->ev);
        }
        e->val_end = end;
        e->last_line = last;
        return true;
    }
    case YAML_MAPPING_START_EVENT: {
        bool flow = r->ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
        e->kind = flow ? BC_YV_FLOW_MAP : BC_YV_BLOCK_MAP;
        size_t end = e->val_start;
        int last = (int)r->ev.start_mark.line + 1;
        char *prefix = bc_strdup_printf("%s.", e->path);
        int depth = e->depth + 1;
        if (!prefix)
            return bc_nomem(r->err), false;
        bool ok = parse_mapping(r, depth, prefix, &end, &last);
        free(prefix);
        if (!ok)
            return false;
        e = &r->doc->e[idx];
        if (flow) {
            end = byte_at(r, r->ev.end_mark.index);
            last = end_line(&r->ev);
        }
        e->val_end = end;
        e->last_line = last;
        return true;
    }
    default:
        e->kind = BC_YV_OTHER;
        if (!skip_node(r))
            return false;
        e = &r->doc->e[idx];
        e->val_end = byte_at(r, r->ev.end_mark.index);
        e->last_line = end_line(&r->ev);
        return true;
    }
}

void bc_yfile_free(bc_yfile *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->e[i].path);
        free(d->e[i].scalar);
        for (size_t k = 0; k < d->e[i].nitems; k++)
            free(d->e[i].items[k]);
        free(d->e[i].items);
    }
    free(d->e);
    free(d->text);
    memset(d, 0, sizeof *d);
}

bc_status bc_yfile_parse(const char *text, size_t len, const char *name, bc_yfile *out,
                        bc_error *err)
{
    memset(out, 0, sizeof *out);
    reader r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.err = err;
    r.doc = out;
    size_t skip = (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) ? 3 : 0;
    if (!(out->text = malloc(len + 1)) || !(r.cmap = malloc((len + 2) * sizeof *r.cmap))) {
        free(r.cmap);
        bc_yfile_free(out);
        return bc_nomem(err);
    }
    memcpy(out->text, text, len);
    out->text[len] = '\0';
    out->len = len;
    for (size_t i = skip; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            r.cmap[r.ncmap++] = i;
    r.cmap[r.ncmap++] = len;
    yaml_parser_initialize(&r.p);
    yaml_parser_set_input_string(&r.p, (const unsigned char *)text + skip, len - skip);
    bool ok = next(&r) && next(&r); /* stream start, document start */
    if (ok && r.ev.type != YAML_DOCUMENT_START_EVENT)
        ok = false, bc_error_set(err, BC_E_INPUT, name, 1, 1, "tệp trống: cần các trường của báo cáo");
    if (ok && !next(&r))
        ok = false;
    if (ok && r.ev.type != YAML_MAPPING_START_EVENT) {
        ok = false;
        bc_error_set(err, BC_E_INPUT, name, (int)r.ev.start_mark.line + 1,
                     (int)r.ev.start_mark.column + 1,
                     "tệp báo cáo phải là các dòng 'trường: giá trị'");
    }
    size_t end = 0;
    int last = 0;
    if (ok)
        ok = parse_mapping(&r, 0, "", &end, &last);
    if (r.have)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.p);
    free(r.cmap);
    if (!ok) {
        bc_status st = err ? err->status : BC_E_INPUT;
        bc_yfile_free(out);
        return st ? st : BC_E_INPUT;
    }
    return BC_OK;
}

const bc_yentry *bc_yfile_find(const bc_yfile *d, const char *path)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->e[i].path, path))
            return &d->e[i];
    return NULL;
}

/* ---- writing scalars ---------------------------------------------------- */

static bool plain_ok(const char *s, bool flow)
{
    static const char *const SPECIAL[] = {"null", "~", "true", "false", "yes", "no", "on",
                                          "off", "y", "n", NULL};
    size_t n = strlen(s);
    if (!n || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
        return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
        if (c == ':' && s[i + 1] == ' ')
            return false;
        if (c == '#' && i > 0 && s[i - 1] == ' ')
            return false;
        if (flow && strchr(",[]{}", c))
            return false;
    }
    for (size_t i = 0; SPECIAL[i]; i++)
        if (!strcasecmp(s, SPECIAL[i]))
            return false;
    return true;
}

static void put_scalar(bc_buf *b, const char *s, bool flow)
{
    if (plain_ok(s, flow)) {
        bc_buf_puts(b, s);
        return;
    }
    bc_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            bc_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            bc_buf_puts(b, "\\n");
        else if (*p == '\t')
            bc_buf_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            bc_buf_printf(b, "\\x%02x", *p);
        else
            bc_buf_putc(b, (char)*p);
    }
    bc_buf_putc(b, '"');
}

static void put_flow_list(bc_buf *b, const char *const *items, size_t n)
{
    bc_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            bc_buf_puts(b, ", ");
        put_scalar(b, items[i], true);
    }
    bc_buf_putc(b, ']');
}

static void put_spaces(bc_buf *b, int n)
{
    for (int i = 0; i < n; i++)
        bc_buf_putc(b, ' ');
}

/* The value written after "key: " for a new key at column col. */
static void put_new_value(bc_buf *b, bool is_list, const char *value, const char *const *items,
                          size_t n, int col)
{
    if (!is_list) {
        put_scalar(b, value, false);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        bc_buf_putc(b, '\n');
        put_spaces(b, col + 2);
        bc_buf_puts(b, "- ");
        put_scalar(b, items[i], false);
    }
}

static size_t line_start(const char *t, size_t at)
{
    while (at > 0 && t[at - 1] != '\n')
        at--;
    return at;
}

static size_t line_end(const char *t, size_t len, size_t at)
{
    while (at < len && t[at] != '\n')
        at++;
    return at;
}

static bc_status finish(bc_buf *b, char **out, size_t *out_len, bc_error *err)
{
    if (b->oom) {
        bc_buf_free(b);
        return bc_nomem(err);
    }
    *out_len = b->len;
    *out = bc_buf_detach(b);
    return *out ? BC_OK : bc_nomem(err);
}

static bool same_value(const bc_yentry *e, bool is_list, const char *value,
                       const char *const *items, size_t n)
{
    if (!is_list)
        return e->kind == BC_YV_SCALAR && !strcmp(e->scalar, value);
    if ((e->kind != BC_YV_FLOW_SEQ && e->kind != BC_YV_BLOCK_SEQ) || !e->items_scalar ||
        e->nitems != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(e->items[i], items[i]))
            return false;
    return true;
}

static bc_status set_unchecked(const bc_yfile *d, const char *path, bool is_list,
                               const char *value, const char *const *items, size_t n,
                               char **out, size_t *out_len, bc_error *err)
{
    const char *t = d->text;
    bool empty = is_list ? n == 0 : (!value || !*value);
    const bc_yentry *e = bc_yfile_find(d, path);
    bc_buf b = BC_BUF_INIT;
    if (e && !empty && same_value(e, is_list, value, items, n)) {
        bc_buf_append(&b, t, d->len);
        return finish(&b, out, out_len, err);
    }
    bool empty_scalar = e && e->kind == BC_YV_SCALAR && e->val_start == e->val_end;
    if (e && (empty || empty_scalar)) {
        /* remove the key's lines (an empty value is then written anew below) */
        size_t from = line_start(t, e->key_start);
        if (e->depth > 0 && from != e->key_start) {
            bool only_spaces = true;
            for (size_t i = from; i < e->key_start; i++)
                only_spaces &= t[i] == ' ';
            if (!only_spaces)
                return bc_error_set(err, BC_E_USAGE, NULL, e->key_line, e->key_column + 1,
                                    "trường '%s' viết cùng dòng với trường khác; hãy sửa tệp "
                                    "bằng tay", path);
        }
        size_t to = line_end(t, d->len, e->val_end > e->key_start ? e->val_end : e->key_start);
        if (to < d->len)
            to++;
        bc_buf_append(&b, t, from);
        bc_buf_append(&b, t + to, d->len - to);
        if (empty)
            return finish(&b, out, out_len, err);
        bc_yfile nd;
        char *mid = NULL;
        size_t mid_len = 0;
        bc_status st = finish(&b, &mid, &mid_len, err);
        if (st)
            return st;
        st = bc_yfile_parse(mid, mid_len, NULL, &nd, err);
        free(mid);
        if (st)
            return st;
        st = set_unchecked(&nd, path, is_list, value, items, n, out, out_len, err);
        bc_yfile_free(&nd);
        return st;
    }
    if (!e && empty) {
        bc_buf_append(&b, t, d->len);
        return finish(&b, out, out_len, err);
    }
    if (e) {
        if (e->kind == BC_YV_BLOCK_MAP || e->kind == BC_YV_FLOW_MAP || e->kind == BC_YV_OTHER ||
            (e->kind != BC_YV_SCALAR && !e->items_scalar))
            return bc_error_set(err, BC_E_USAGE, NULL, e->key_line, e->key_column + 1,
                                "trường '%s' có dạng mà trang không sửa được; hãy sửa tệp "
                                "bằng tay", path);
        bc_buf_append(&b, t, e->val_start);
        if (!is_list) {
            put_scalar(&b, value, false);
        } else if (e->kind == BC_YV_BLOCK_SEQ) {
            for (size_t i = 0; i < n; i++) {
                if (i) {
                    bc_buf_putc(&b, '\n');
                    put_spaces(&b, e->val_column);
                }
                bc_buf_puts(&b, "- ");
                put_scalar(&b, items[i], false);
            }
        } else {
            put_flow_list(&b, items, n);
        }
        bc_buf_append(&b, t + e->val_end, d->len - e->val_end);
        return finish(&b, out, out_len, err);
    }
    /* a new key */
    const char *dot = strchr(path, '.');
    if (!dot) {
        bc_buf_append(&b, t, d->len);
        if (d->len && t[d->len - 1] != '\n')
            bc_buf_putc(&b, '\n');
        bc_buf_printf(&b, "%s: ", path);
        if (is_list)
            b.len--, b.data[b.len] = '\0'; /* "key:" then the items' lines */
        put_new_value(&b, is_list, value, items, n, 0);
        bc_buf_putc(&b, '\n');
        return finish(&b, out, out_len, err);
    }
    char parent[128];
    size_t plen = (size_t)(dot - path);
    if (plen >= sizeof parent || strchr(dot + 1, '.'))
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0, "trường '%s' không sửa được", path);
    memcpy(parent, path, plen);
    parent[plen] = '\0';
    const bc_yentry *pe = bc_yfile_find(d, parent);
    if (!pe) {
        bc_buf_append(&b, t, d->len);
        if (d->len && t[d->len - 1] != '\n')
            bc_buf_putc(&b, '\n');
        bc_buf_printf(&b, "%s:\n  %s:%s", parent, dot + 1, is_list ? "" : " ");
        put_new_value(&b, is_list, value, items, n, 2);
        bc_buf_putc(&b, '\n');
        return finish(&b, out, out_len, err);
    }
    if (pe->kind != BC_YV_BLOCK_MAP)
        return bc_error_set(err, BC_E_USAGE, NULL, pe->key_line, pe->key_column + 1,
                            "trường '%s' viết trên một dòng ({...}); hãy sửa tệp bằng tay "
                            "để thêm '%s'", parent, dot + 1);
    int col = pe->val_column;
    size_t at = line_end(t, d->len, pe->val_end);
    bc_buf_append(&b, t, at);
    bc_buf_putc(&b, '\n');
    put_spaces(&b, col);
    bc_buf_printf(&b, "%s:%s", dot + 1, is_list ? "" : " ");
    put_new_value(&b, is_list, value, items, n, col);
    bc_buf_append(&b, t + at, d->len - at);
    return finish(&b, out, out_len, err);
}

/* Whether the edited text reads back as what was written: the value given
 * (or the key gone when the value is empty). */
static bool reads_back(const char *text, size_t len, const char *path, bool is_list,
                       const char *value, const char *const *items, size_t n)
{
    bc_yfile again;
    bc_error e2 = BC_ERROR_INIT;
    if (bc_yfile_parse(text, len, NULL, &again, &e2) != BC_OK) {
        bc_error_clear(&e2);
        return false;
    }
    const bc_yentry *e = bc_yfile_find(&again, path);
    bool empty = is_list ? n == 0 : !value || !*value;
    bool ok = true;
    if (empty)
        ok = !e;
    else if (!is_list)
        ok = e && e->kind == BC_YV_SCALAR && e->scalar && !strcmp(e->scalar, value);
    else if (!e || !e->items || e->nitems != n)
        ok = false;
    else
        for (size_t i = 0; ok && i < n; i++)
            ok = e->items[i] && !strcmp(e->items[i], items[i]);
    bc_yfile_free(&again);
    bc_error_clear(&e2);
    return ok;
}

bc_status bc_yfile_set(const bc_yfile *d, const char *path, bool is_list, const char *value,
                      const char *const *items, size_t n, char **out, size_t *out_len,
                      bc_error *err)
{
    bc_status st = set_unchecked(d, path, is_list, value, items, n, out, out_len, err);
    if (st)
        return st;
    /* Never hand back a file that does not hold what was typed (an odd
     * layout of the file, e.g. its keys indented, can make an appended key
     * land inside another value). */
    if (!reads_back(*out, *out_len, path, is_list, value, items, n)) {
        free(*out);
        *out = NULL;
        *out_len = 0;
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "trường '%s' không ghi được vào tệp này mà giữ nguyên phần còn lại; "
                            "hãy sửa tệp bằng tay", path);
    }
    return BC_OK;
}
