/* yamltree.c - libyaml events to a positioned tree. */
#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "text.h"

#define MAX_DEPTH 64

typedef struct builder {
    yaml_parser_t parser;
    const char *name;
    int depth;
} builder;

static void node_free(bc_ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->count; i++) {
        node_free(n->items[i]);
        if (n->keys)
            node_free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->value);
    free(n);
}

static const struct {
    const char *en, *vi;
} YAML_PROBLEMS[] = {
    {"tab", "có ký tự Tab dùng để thụt lề; YAML chỉ cho thụt lề bằng dấu cách"},
    {"did not find expected key", "thụt lề sai hoặc thiếu dấu ':' sau tên khóa"},
    {"did not find expected ',' or ']'", "danh sách [...] chưa được đóng bằng ']' (hoặc thiếu dấu ',')"},
    {"did not find expected ',' or '}'", "bảng {...} chưa được đóng bằng '}' (hoặc thiếu dấu ',')"},
    {"mapping values are not allowed", "có dấu ':' không đúng chỗ; nếu giá trị chứa ':' hãy đặt nó trong dấu nháy kép"},
    {"found unexpected end of stream", "tệp kết thúc khi dấu nháy chưa được đóng"},
    {"did not find expected node content", "thiếu giá trị sau dấu '-' hoặc ':'"},
    {"did not find expected <document start>", "có nội dung thừa ở cuối tệp"},
    {"found character that cannot start any token", "có ký tự không được phép ở đầu giá trị (ví dụ '@' hoặc '`'); hãy đặt giá trị trong dấu nháy kép"},
    {"block sequence entries are not allowed", "dấu '-' của danh sách không đúng chỗ; kiểm tra thụt lề"},
    {"invalid", "tệp có ký tự không hợp lệ; hãy lưu ở mã UTF-8"},
};

static bc_status parser_error(builder *b, bc_error *err)
{
    yaml_parser_t *p = &b->parser;
    const char *what = p->problem ? p->problem : "syntax error";
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    const char *vi = "lỗi cú pháp";
    for (size_t i = 0; i < sizeof YAML_PROBLEMS / sizeof YAML_PROBLEMS[0]; i++)
        if (strstr(what, YAML_PROBLEMS[i].en)) {
            vi = YAML_PROBLEMS[i].vi;
            break;
        }
    return bc_error_set(err, BC_E_INPUT, b->name, line, col, "YAML không hợp lệ: %s (libyaml: %s)",
                        vi, what);
}

static bc_status next_event(builder *b, yaml_event_t *ev, bc_error *err)
{
    if (!yaml_parser_parse(&b->parser, ev))
        return parser_error(b, err);
    return BC_OK;
}

static bc_status append(bc_ynode *parent, bc_ynode *key, bc_ynode *item)
{
    if (parent->count % 8 == 0) {
        size_t cap = parent->count + 8;
        bc_ynode **items = realloc(parent->items, cap * sizeof *items);
        if (!items)
            return BC_E_NOMEM;
        parent->items = items;
        if (parent->kind == BC_Y_MAP) {
            bc_ynode **keys = realloc(parent->keys, cap * sizeof *keys);
            if (!keys)
                return BC_E_NOMEM;
            parent->keys = keys;
        }
    }
    if (parent->kind == BC_Y_MAP)
        parent->keys[parent->count] = key;
    parent->items[parent->count++] = item;
    return BC_OK;
}

static bc_status build_node(builder *b, yaml_event_t *ev, bc_ynode **out, bc_error *err);

static bc_status build_children(builder *b, bc_ynode *n, yaml_event_type_t end, bc_error *err)
{
    for (;;) {
        yaml_event_t ev;
        bc_status st = next_event(b, &ev, err);
        if (st)
            return st;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return BC_OK;
        }
        bc_ynode *key = NULL, *val = NULL;
        st = build_node(b, &ev, n->kind == BC_Y_MAP ? &key : &val, err);
        yaml_event_delete(&ev);
        if (st)
            return st;
        if (n->kind == BC_Y_MAP) {
            if (key->kind != BC_Y_SCALAR) {
                int l = key->line, c = key->column;
                node_free(key);
                return bc_error_set(err, BC_E_INPUT, b->name, l, c,
                                    "khóa của bảng ánh xạ phải là một chuỗi đơn");
            }
            for (size_t i = 0; i < n->count; i++)
                if (strcmp(n->keys[i]->value, key->value) == 0) {
                    bc_error_set(err, BC_E_INPUT, b->name, key->line, key->column,
                                 "khóa '%s' bị lặp lại (đã có ở dòng %d); hãy xóa một dòng",
                                 key->value, n->keys[i]->line);
                    node_free(key);
                    return BC_E_INPUT;
                }
            st = next_event(b, &ev, err);
            if (st) {
                node_free(key);
                return st;
            }
            st = build_node(b, &ev, &val, err);
            yaml_event_delete(&ev);
            if (st) {
                node_free(key);
                return st;
            }
        }
        if (append(n, key, val)) {
            node_free(key);
            node_free(val);
            return bc_nomem(err);
        }
    }
}

static bc_status build_node(builder *b, yaml_event_t *ev, bc_ynode **out, bc_error *err)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    if (ev->type == YAML_ALIAS_EVENT)
        return bc_error_set(err, BC_E_INPUT, b->name, line, col,
                            "không hỗ trợ bí danh YAML (*tên); hãy viết đầy đủ giá trị");
    bc_ynode *n = calloc(1, sizeof *n);
    if (!n)
        return bc_nomem(err);
    n->line = line;
    n->column = col;
    bc_status st = BC_OK;
    if (ev->type == YAML_SCALAR_EVENT) {
        n->kind = BC_Y_SCALAR;
        n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        n->value = bc_text_nfc((const char *)ev->data.scalar.value, ev->data.scalar.length);
        if (!n->value)
            st = bc_nomem(err);
    } else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
        if (++b->depth > MAX_DEPTH) {
            st = bc_error_set(err, BC_E_INPUT, b->name, line, col,
                              "cấu trúc YAML lồng nhau quá sâu (quá %d mức)", MAX_DEPTH);
        } else {
            bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
            n->kind = seq ? BC_Y_SEQ : BC_Y_MAP;
            st = build_children(b, n, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT,
                                err);
        }
        b->depth--;
    } else {
        st = bc_error_set(err, BC_E_INPUT, b->name, line, col, "cấu trúc YAML không mong đợi");
    }
    if (st) {
        node_free(n);
        return st;
    }
    *out = n;
    return BC_OK;
}

bc_status bc_ydoc_parse(const char *data, size_t len, const char *name, bc_ydoc **out,
                        bc_error *err)
{
    const char *s = data;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    bc_status st = bc_text_check_start(s, len, name, err);
    if (!st)
        st = bc_text_validate(s, len, name, err);
    if (st)
        return st;
    bc_ydoc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return bc_nomem(err);
    doc->file = bc_strdup(name);
    builder b = {.name = name, .depth = 0};
    if (!yaml_parser_initialize(&b.parser)) {
        bc_ydoc_free(doc);
        return bc_nomem(err);
    }
    yaml_parser_set_input_string(&b.parser, (const unsigned char *)s, len);
    yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
    /* stream-start, document-start (or stream-end), node, document-end. */
    yaml_event_t ev;
    bool done = false;
    while (!st && !done) {
        st = next_event(&b, &ev, err);
        if (st)
            break;
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
            break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            if (doc->root) {
                st = bc_error_set(err, BC_E_INPUT, name, (int)ev.start_mark.line + 1,
                                  (int)ev.start_mark.column + 1,
                                  "tệp chỉ được chứa một tài liệu YAML");
            } else {
                st = build_node(&b, &ev, &doc->root, err);
            }
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&b.parser);
    if (st) {
        bc_ydoc_free(doc);
        return st;
    }
    *out = doc;
    return BC_OK;
}

bc_status bc_ydoc_load(const char *path, bc_ydoc **out, bc_error *err)
{
    char *data;
    size_t len;
    bc_status st = bc_file_read(path, &data, &len, err);
    if (st)
        return st;
    st = bc_ydoc_parse(data, len, path, out, err);
    free(data);
    return st;
}

void bc_ydoc_free(bc_ydoc *doc)
{
    if (!doc)
        return;
    node_free(doc->root);
    free(doc->file);
    free(doc);
}

bc_ynode *bc_ymap_get(const bc_ynode *map, const char *key)
{
    if (!map || map->kind != BC_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i]->value, key) == 0)
            return map->items[i];
    return NULL;
}

size_t bc_edit_distance(const char *a, const char *b)
{
    int32_t ca[128], cb[128];
    size_t na = 0, nb = 0;
    while (*a && na < 128)
        a += bc_utf8_decode(a, &ca[na++]);
    while (*b && nb < 128)
        b += bc_utf8_decode(b, &cb[nb++]);
    size_t row[129];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cur = row[j];
            size_t best = prev + (ca[i - 1] == cb[j - 1] ? 0 : 1);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[nb];
}

const char *bc_nearest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t d = bc_edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    size_t len = bc_utf8_length(word, strlen(word));
    if (best && best_d <= (len < 4 ? 1 : len / 2 + 1))
        return best;
    return NULL;
}

bc_status bc_ymap_check_keys(const bc_ydoc *doc, const bc_ynode *map,
                             const char *const *allowed, bc_error *err)
{
    if (!map || map->kind != BC_Y_MAP)
        return BC_OK;
    for (size_t i = 0; i < map->count; i++) {
        const bc_ynode *k = map->keys[i];
        bool ok = false;
        for (size_t j = 0; allowed[j]; j++)
            if (strcmp(k->value, allowed[j]) == 0)
                ok = true;
        if (ok)
            continue;
        const char *near = bc_nearest(k->value, allowed);
        if (near)
            return bc_error_set(err, BC_E_INPUT, doc->file, k->line, k->column,
                                "khóa '%s' không được biết; có phải ý bạn là '%s'?", k->value,
                                near);
        return bc_error_set(err, BC_E_INPUT, doc->file, k->line, k->column,
                            "khóa '%s' không được biết ở đây", k->value);
    }
    return BC_OK;
}

static bc_status want_scalar(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                             bool required, const bc_ynode **out, bc_error *err)
{
    const bc_ynode *n = bc_ymap_get(map, key);
    *out = NULL;
    if (!n) {
        if (!required)
            return BC_OK;
        return bc_error_set(err, BC_E_INPUT, doc->file, map ? map->line : 1,
                            map ? map->column : 1, "thiếu trường bắt buộc '%s'", key);
    }
    if (n->kind != BC_Y_SCALAR)
        return bc_error_set(err, BC_E_INPUT, doc->file, n->line, n->column,
                            "trường '%s' phải là một giá trị đơn (chuỗi hoặc số)", key);
    *out = n;
    return BC_OK;
}

bc_status bc_ymap_string(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                         bool required, char **out, bc_error *err)
{
    const bc_ynode *n;
    bc_status st = want_scalar(doc, map, key, required, &n, err);
    if (st || !n)
        return st;
    /* blank is missing: nothing would be printed ("trich-yeu: \" \"") */
    const char *s = n->value;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (required && *s == '\0')
        return bc_error_set(err, BC_E_INPUT, doc->file, n->line, n->column,
                            "thiếu trường bắt buộc '%s'", key);
    char *v = bc_strdup(n->value);
    if (!v)
        return bc_nomem(err);
    free(*out);
    *out = v;
    return BC_OK;
}

bc_status bc_ymap_number(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                         bool required, double *out, bc_error *err)
{
    const bc_ynode *n;
    bc_status st = want_scalar(doc, map, key, required, &n, err);
    if (st || !n)
        return st;
    char *end;
    double v = strtod(n->value, &end);
    if (end == n->value || *end != '\0')
        return bc_error_set(err, BC_E_INPUT, doc->file, n->line, n->column,
                            "trường '%s' phải là một số (dùng dấu chấm cho phần thập phân), "
                            "không phải '%s'",
                            key, n->value);
    *out = v;
    return BC_OK;
}

bc_status bc_ymap_bool(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                       bool required, bool *out, bc_error *err)
{
    const bc_ynode *n;
    bc_status st = want_scalar(doc, map, key, required, &n, err);
    if (st || !n)
        return st;
    const char *v = n->value;
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "co") || !strcmp(v, "có"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "khong") ||
             !strcmp(v, "không"))
        *out = false;
    else
        return bc_error_set(err, BC_E_INPUT, doc->file, n->line, n->column,
                            "trường '%s' phải là true/false (có/không), không phải '%s'", key, v);
    return BC_OK;
}

void bc_strv_free(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

bc_status bc_ymap_strings(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                          bool required, char ***out, size_t *count, bc_error *err)
{
    const bc_ynode *n = bc_ymap_get(map, key);
    if (!n) {
        if (!required)
            return BC_OK;
        return bc_error_set(err, BC_E_INPUT, doc->file, map ? map->line : 1,
                            map ? map->column : 1, "thiếu trường bắt buộc '%s'", key);
    }
    size_t k = n->kind == BC_Y_SEQ ? n->count : 1;
    if (n->kind == BC_Y_MAP)
        return bc_error_set(err, BC_E_INPUT, doc->file, n->line, n->column,
                            "trường '%s' phải là một chuỗi hoặc một danh sách chuỗi", key);
    char **v = calloc(k + 1, sizeof *v);
    if (!v)
        return bc_nomem(err);
    for (size_t i = 0; i < k; i++) {
        const bc_ynode *it = n->kind == BC_Y_SEQ ? n->items[i] : n;
        if (it->kind != BC_Y_SCALAR) {
            bc_strv_free(v);
            return bc_error_set(err, BC_E_INPUT, doc->file, it->line, it->column,
                                "mỗi mục của '%s' phải là một dòng chữ", key);
        }
        v[i] = bc_strdup(it->value);
    }
    bc_strv_free(*out);
    *out = v;
    if (count)
        *count = k;
    return BC_OK;
}
