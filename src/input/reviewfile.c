/* reviewfile.c - reading the review notes file (reviewfile.h). */
#include "reviewfile.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "strbuf.h"
#include "text.h"
#include "yamltree.h"

/* ---- section numbers ------------------------------------------------------------- */

void bc_review_number(const char *s, size_t len, char out[16])
{
    while (len && (s[len - 1] == '.' || s[len - 1] == ')'))
        len--;
    while (len && (*s == ' ' || *s == '('))
        s++, len--;
    size_t k = 0;
    for (size_t i = 0; i < len && k + 4 < 16;) {
        int32_t cp;
        int m = bc_utf8_decode(s + i, &cp);
        k += (size_t)bc_utf8_encode(utf8proc_tolower(cp), out + k);
        i += (size_t)m;
    }
    out[k] = '\0';
}

static bc_status section_parts(const char *s, char parts[BC_REVIEW_LEVELS][16], int *n)
{
    *n = 0;
    const char *p = s;
    while (*p) {
        const char *q = p;
        while (*q && *q != '.')
            q++;
        if (q > p) {
            if (*n >= BC_REVIEW_LEVELS)
                return BC_E_INPUT;
            bc_review_number(p, (size_t)(q - p), parts[*n]);
            if (parts[*n][0])
                (*n)++;
        }
        p = *q ? q + 1 : q;
    }
    return BC_OK;
}

/* ---- loading ------------------------------------------------------------------ */

void bc_review_notes_free(bc_review_notes *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->count; i++) {
        free(n->items[i].author);
        free(n->items[i].text);
        free(n->items[i].section);
        free(n->items[i].quote);
    }
    free(n->items);
    free(n->file);
    free(n);
}

static bool blank_string(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return false;
    return true;
}

/* Integer >= 1 under key (absent: *out untouched). */
static bc_status positive(const bc_ydoc *y, const bc_ynode *map, const char *key, int *out,
                          bc_error *err)
{
    double v = 0;
    bc_status st = bc_ymap_number(y, map, key, false, &v, err);
    if (st || !bc_ymap_get(map, key))
        return st;
    if (v < 1 || v > 100000 || v != floor(v)) {
        const bc_ynode *n = bc_ymap_get(map, key);
        return bc_error_set(err, BC_E_INPUT, y->file, n->line, n->column,
                            "'%s' phải là số nguyên dương (trang, dòng đếm từ 1)", key);
    }
    *out = (int)v;
    return BC_OK;
}


static bc_status load_note(const bc_ydoc *y, const bc_ynode *item, bc_review_note *note,
                           bc_error *err)
{
    static const char *const keys[] = {"tac-gia", "noi-dung", "neo", NULL};
    static const char *const anchor_keys[] = {"muc", "trich", "trang", "dong", NULL};
    if (item->kind != BC_Y_MAP)
        return bc_error_set(err, BC_E_INPUT, y->file, item->line, item->column,
                            "mỗi ý kiến góp ý phải là một bảng với các khóa tac-gia, noi-dung, "
                            "neo");
    bc_status st = bc_ymap_check_keys(y, item, keys, err);
    if (!st)
        st = bc_ymap_string(y, item, "tac-gia", false, &note->author, err);
    if (!st)
        st = bc_ymap_string(y, item, "noi-dung", true, &note->text, err);
    if (!st && blank_string(note->text)) {
        const bc_ynode *n = bc_ymap_get(item, "noi-dung");
        st = bc_error_set(err, BC_E_INPUT, y->file, n->line, n->column,
                          "'noi-dung' của ý kiến góp ý đang để trống");
    }
    if (st)
        return st;
    const bc_ynode *neo = bc_ymap_get(item, "neo");
    if (!neo)
        return bc_error_set(err, BC_E_INPUT, y->file, item->line, item->column,
                            "ý kiến góp ý thiếu 'neo' (chỗ gắn ý kiến): {muc: \"I.2\", trich: "
                            "\"vài chữ trích\"} hoặc {trang: 3, dong: 12}");
    if (neo->kind != BC_Y_MAP)
        return bc_error_set(err, BC_E_INPUT, y->file, neo->line, neo->column,
                            "'neo' phải là một bảng: {muc: \"I.2\", trich: \"...\"} hoặc "
                            "{trang: 3, dong: 12}");
    note->src_line = neo->line;
    note->src_column = neo->column;
    st = bc_ymap_check_keys(y, neo, anchor_keys, err);
    if (!st)
        st = bc_ymap_string(y, neo, "muc", false, &note->section, err);
    if (!st)
        st = bc_ymap_string(y, neo, "trich", false, &note->quote, err);
    if (!st)
        st = positive(y, neo, "trang", &note->page, err);
    if (!st)
        st = positive(y, neo, "dong", &note->line, err);
    if (st)
        return st;
    if (note->quote && blank_string(note->quote)) {
        const bc_ynode *n = bc_ymap_get(neo, "trich");
        return bc_error_set(err, BC_E_INPUT, y->file, n->line, n->column,
                            "'trich' đang để trống: hãy chép vài chữ liền nhau trong văn bản");
    }
    if (note->section) {
        if (section_parts(note->section, note->parts, &note->nparts) != BC_OK ||
            note->nparts == 0) {
            const bc_ynode *m = bc_ymap_get(neo, "muc");
            return bc_error_set(err, BC_E_INPUT, y->file, m->line, m->column,
                                "'muc' phải là số mục như in trong văn bản, các cấp nối bằng dấu "
                                "chấm (\"II\", \"I.2\", \"I.2.a\"), không phải '%s'",
                                note->section);
        }
    }
    bool by_text = note->quote || note->section;
    bool by_page = note->page > 0;
    if (note->line && !by_page) {
        const bc_ynode *m = bc_ymap_get(neo, "dong");
        return bc_error_set(err, BC_E_INPUT, y->file, m->line, m->column,
                            "'dong' cần đi cùng 'trang' (trang mấy, dòng mấy)");
    }
    if (by_text == by_page)
        return bc_error_set(err, BC_E_INPUT, y->file, neo->line, neo->column,
                            by_text ? "'neo' chỉ được chọn một cách: theo mục/trích dẫn "
                                      "(muc, trich) hoặc theo trang/dòng (trang, dong)"
                                    : "'neo' cần 'trich' (và/hoặc 'muc') hoặc 'trang' (và "
                                      "'dong')");
    return BC_OK;
}

bc_status bc_review_notes_load(const char *path, bc_review_notes **out, bc_error *err)
{
    bc_ydoc *y = NULL;
    bc_status st = bc_ydoc_load(path, &y, err);
    if (st)
        return st;
    bc_review_notes *n = calloc(1, sizeof *n);
    if (!n || !(n->file = bc_strdup(path))) {
        free(n);
        bc_ydoc_free(y);
        return bc_nomem(err);
    }
    const bc_ynode *list = y->root;
    if (list && list->kind == BC_Y_MAP) {
        static const char *const keys[] = {"gop-y", NULL};
        st = bc_ymap_check_keys(y, list, keys, err);
        list = st ? NULL : bc_ymap_get(list, "gop-y");
    }
    if (!st && (!list || list->kind != BC_Y_SEQ))
        st = bc_error_set(err, BC_E_INPUT, path, list ? list->line : 1, list ? list->column : 1,
                          "tệp góp ý cần danh sách 'gop-y:' gồm các ý kiến (tac-gia, noi-dung, "
                          "neo)");
    if (!st && list->count) {
        n->items = calloc(list->count, sizeof *n->items);
        if (!n->items)
            st = bc_nomem(err);
    }
    for (size_t i = 0; !st && i < list->count; i++) {
        n->count = i + 1;
        st = load_note(y, list->items[i], &n->items[i], err);
    }
    bc_ydoc_free(y);
    if (st) {
        bc_review_notes_free(n);
        return st;
    }
    *out = n;
    return BC_OK;
}
