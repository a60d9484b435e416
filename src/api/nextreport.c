/* nextreport.c - "baocao moi": the next period's folder from the current one. */
/* realpath(), readlink(), symlink() are XSI/POSIX 2008 */
#define _XOPEN_SOURCE 700
#include "nextreport.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carryover.h"
#include "csvdata.h"
#include "grow.h"
#include "infile.h"
#include "outfile.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"
#include "values.h"
#include "xlsx.h"
#include "yamltree.h"

/* ---- text edits ---- */

typedef struct edit {
    size_t start, end; /* replace bytes [start, end) */
    char *text;        /* owned */
} edit;

typedef struct edits {
    edit *items;
    size_t count, cap;
    bool oom;
} edits;

static void edits_add(edits *e, size_t start, size_t end, char *text)
{
    if (!text) {
        e->oom = true;
        return;
    }
    if (!BC_GROW(&e->items, &e->cap, e->count + 1, 16)) {
        free(text);
        e->oom = true;
        return;
    }
    e->items[e->count++] = (edit){start, end, text};
}

static void edits_free(edits *e)
{
    for (size_t i = 0; i < e->count; i++)
        free(e->items[i].text);
    free(e->items);
}

static int by_start(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Applies non-overlapping edits to src. Caller frees; NULL on OOM. */
static char *edits_apply(edits *e, const char *src, size_t len)
{
    qsort(e->items, e->count, sizeof *e->items, by_start);
    bc_buf b = BC_BUF_INIT;
    size_t pos = 0;
    for (size_t i = 0; i < e->count; i++) {
        edit *it = &e->items[i];
        if (it->start < pos)
            continue; /* overlapping: keep the first */
        bc_buf_append(&b, src + pos, it->start - pos);
        bc_buf_puts(&b, it->text);
        pos = it->end;
    }
    bc_buf_append(&b, src + pos, len - pos);
    if (b.oom) {
        bc_buf_free(&b);
        return NULL;
    }
    return bc_buf_detach(&b);
}

/* Byte offsets of the starts of lines (1-based line i at starts[i - 1]). */
typedef struct lines {
    size_t *starts;
    size_t count;
} lines;

static bool lines_index(const char *s, size_t len, lines *l)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    l->starts = malloc(n * sizeof *l->starts);
    if (!l->starts)
        return false;
    l->count = 0;
    l->starts[l->count++] = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            l->starts[l->count++] = i + 1;
    return true;
}

/* Byte offset of line:column (column in characters). */
static size_t offset_of(const char *s, size_t len, const lines *l, int line, int column)
{
    if (line < 1 || (size_t)line > l->count)
        return len;
    size_t p = l->starts[line - 1];
    for (int c = 1; c < column && p < len && s[p] != '\n'; c++) {
        p++;
        while (p < len && ((unsigned char)s[p] & 0xC0) == 0x80)
            p++;
    }
    return p;
}

static size_t line_end(const char *s, size_t len, size_t p)
{
    while (p < len && s[p] != '\n')
        p++;
    return p;
}

/* End of the scalar written at p (its value is value). in_flow: inside {...}. */
static size_t scalar_end(const char *s, size_t len, size_t p, const char *value, bool in_flow)
{
    if (p < len && s[p] == '"') {
        for (size_t i = p + 1; i < len; i++) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                return i + 1;
        }
        return len;
    }
    if (p < len && s[p] == '\'') {
        for (size_t i = p + 1; i < len; i++) {
            if (s[i] == '\'') {
                if (i + 1 < len && s[i + 1] == '\'')
                    i++;
                else
                    return i + 1;
            }
        }
        return len;
    }
    size_t n = strlen(value);
    if (p + n <= len && memcmp(s + p, value, n) == 0)
        return p + n;
    /* written differently (e.g. not NFC): up to a comment / separator */
    size_t e = line_end(s, len, p);
    for (size_t i = p; i < e; i++)
        if ((s[i] == '#' && i > p && (s[i - 1] == ' ' || s[i - 1] == '\t')) ||
            (in_flow && (s[i] == ',' || s[i] == '}' || s[i] == ']'))) {
            e = i;
            break;
        }
    while (e > p && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    return e;
}

/* value as a YAML scalar usable anywhere (plain when safe, else "..."). */
static char *yaml_scalar(const char *v)
{
    bool plain = v[0] && !strchr("-?!&*|>%@ `'\"#{[", v[0]) && v[strlen(v) - 1] != ' ';
    for (const char *p = v; plain && *p; p++)
        if (strchr(",[]{}#:\"'\\\n", *p))
            plain = false;
    if (plain)
        return bc_strdup(v);
    bc_buf b = BC_BUF_INIT;
    bc_buf_putc(&b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            bc_buf_putc(&b, '\\');
        if (*p == '\n')
            bc_buf_puts(&b, "\\n");
        else
            bc_buf_putc(&b, *p);
    }
    bc_buf_putc(&b, '"');
    return bc_buf_detach(&b);
}

/* ---- indicator files ---- */

typedef struct roll_ctx {
    const char *src;
    size_t len;
    lines l;
    edits e;
    size_t rolled;
} roll_ctx;

static bool is_flow_at(const roll_ctx *c, const bc_ynode *n)
{
    size_t p = offset_of(c->src, c->len, &c->l, n->line, n->column);
    return p < c->len && c->src[p] == '{';
}

static void roll_map(roll_ctx *c, const bc_ynode *map, bool top, bool in_flow)
{
    for (size_t i = 0; i < map->count; i++) {
        const bc_ynode *k = map->keys[i], *it = map->items[i];
        if (top && (!strcmp(k->value, "so-kieu") || !strcmp(k->value, "so_kieu")))
            continue;
        if (it->kind == BC_Y_SCALAR) {
            size_t p = offset_of(c->src, c->len, &c->l, it->line, it->column);
            size_t e = scalar_end(c->src, c->len, p, it->value, in_flow);
            char *q = yaml_scalar(it->value);
            edits_add(&c->e, p, e,
                      q ? bc_strdup_printf("{nay: " BC_REPORT_UNFILLED ", truoc: %s}", q) : NULL);
            free(q);
            c->rolled++;
        } else if (it->kind == BC_Y_MAP) {
            bool flow = in_flow || is_flow_at(c, it);
            const bc_ynode *nay = bc_ymap_get(it, "nay"), *truoc = bc_ymap_get(it, "truoc");
            if (!nay) {
                roll_map(c, it, false, flow);
                continue;
            }
            size_t np = offset_of(c->src, c->len, &c->l, nay->line, nay->column);
            size_t ne = scalar_end(c->src, c->len, np, nay->value, flow);
            char *raw = malloc(ne - np + 1);
            if (!raw) {
                c->e.oom = true;
                return;
            }
            memcpy(raw, c->src + np, ne - np);
            raw[ne - np] = '\0';
            /* this period's figure must be entered again (carryover.h) */
            edits_add(&c->e, np, ne, bc_strdup(BC_REPORT_UNFILLED));
            if (truoc) {
                size_t tp = offset_of(c->src, c->len, &c->l, truoc->line, truoc->column);
                size_t te = scalar_end(c->src, c->len, tp, truoc->value, flow);
                edits_add(&c->e, tp, te, raw);
            } else if (flow) {
                edits_add(&c->e, ne, ne, bc_strdup_printf(", truoc: %s", raw));
                free(raw);
            } else {
                int indent = 0; /* the column of the key "nay" */
                for (size_t j = 0; j < it->count; j++)
                    if (it->items[j] == nay)
                        indent = it->keys[j]->column - 1;
                size_t le = line_end(c->src, c->len, ne);
                edits_add(&c->e, le, le, bc_strdup_printf("\n%*struoc: %s", indent, "", raw));
                free(raw);
            }
            c->rolled++;
        }
    }
}

static bc_status roll_yaml(const char *data, size_t len, const char *name, char **out,
                           size_t *rolled, bc_error *err)
{
    bc_ydoc *doc = NULL;
    /* validate first: the same rules as when the report is rendered */
    bc_values *check = bc_values_new();
    if (!check)
        return bc_nomem(err);
    bc_status st = bc_values_load_yaml(check, data, len, name, err);
    bc_values_free(check);
    if (st)
        return st;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    if ((st = bc_ydoc_parse(data, len, name, &doc, err)))
        return st;
    roll_ctx c = {.src = data, .len = len};
    if (!lines_index(data, len, &c.l)) {
        bc_ydoc_free(doc);
        return bc_nomem(err);
    }
    if (doc->root && doc->root->kind == BC_Y_MAP)
        roll_map(&c, doc->root, true, is_flow_at(&c, doc->root));
    char *res = c.e.oom ? NULL : edits_apply(&c.e, data, len);
    edits_free(&c.e);
    free(c.l.starts);
    bc_ydoc_free(doc);
    if (!res)
        return bc_nomem(err);
    *out = res;
    *rolled = c.rolled;
    return BC_OK;
}

static bc_status roll_csv(const char *data, size_t len, const char *name, char **out,
                          size_t *rolled, bc_error *err)
{
    bc_values *check = bc_values_new();
    if (!check)
        return bc_nomem(err);
    bc_status st = bc_values_load_csv(check, data, len, name, err);
    bc_values_free(check);
    if (st)
        return st;
    bc_csv_options opts = {.delimiter = 0, .allow_ragged = true};
    bc_csv_doc *doc = NULL;
    if ((st = bc_csv_load_buffer(data, len, name, &opts, &doc, err)))
        return st;
    bc_buf b = BC_BUF_INIT;
    size_t n = 0;
    for (size_t i = 0; i < doc->nrecords; i++) {
        const bc_csv_record *rec = &doc->records[i];
        size_t k = rec->count;
        while (k > 0 && rec->fields[k - 1].len == 0)
            k--;
        if (k == 0)
            continue;
        const bc_csv_field *f = rec->fields;
        if (i == 0 && (!strcmp(f[0].text, "khoa") || !strcmp(f[0].text, "KHOA"))) {
            bc_buf_puts(&b, "khoa,nay,truoc\n");
            continue;
        }
        bc_csv_put_field(&b, f[0].text);
        bc_buf_puts(&b, "," BC_REPORT_UNFILLED ",");
        bc_csv_put_field(&b, f[1].text);
        bc_buf_putc(&b, '\n');
        n++;
    }
    bc_csv_doc_free(doc);
    if (b.oom) {
        bc_buf_free(&b);
        return bc_nomem(err);
    }
    *out = bc_buf_detach(&b);
    *rolled = n;
    return *out ? BC_OK : bc_nomem(err);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

bc_status bc_roll_values_text(const char *data, size_t len, const char *name, bool csv,
                              char **out, size_t *rolled, bc_error *err)
{
    size_t dummy;
    *out = NULL;
    return csv ? roll_csv(data, len, name, out, rolled ? rolled : &dummy, err)
               : roll_yaml(data, len, name, out, rolled ? rolled : &dummy, err);
}

/* ---- report.yaml ---- */

/* Lines [first, last] (1-based) of top-level entry i: from its key to the
 * line before the next key, without trailing blank or comment lines. */
static void entry_lines(const bc_ynode *root, size_t i, const char *s, size_t len,
                        const lines *l, int *first, int *last)
{
    *first = root->keys[i]->line;
    int next = i + 1 < root->count ? root->keys[i + 1]->line : (int)l->count + 1;
    int e = next - 1;
    while (e > *first) {
        size_t p = l->starts[e - 1], q = line_end(s, len, p);
        while (p < q && (s[p] == ' ' || s[p] == '\t'))
            p++;
        if (p < q && s[p] != '#')
            break;
        e--;
    }
    *last = e;
}

static void replace_entry(edits *e, const bc_ynode *root, size_t i, const char *s, size_t len,
                          const lines *l, char *text)
{
    int first, last;
    entry_lines(root, i, s, len, l, &first, &last);
    size_t a = l->starts[first - 1], b = line_end(s, len, l->starts[last - 1]);
    edits_add(e, a, b, text);
}

/* Replaces every occurrence of from by to in s[a, b). */
static void replace_in(edits *e, const char *s, size_t a, size_t b, const char *from,
                       const char *to)
{
    size_t n = strlen(from);
    if (!n)
        return;
    for (size_t p = a; p + n <= b; p++)
        if (!memcmp(s + p, from, n)) {
            edits_add(e, p, p + n, bc_strdup(to));
            p += n - 1;
        }
}

/* ---- files ---- */

typedef struct created {
    char **paths; /* files, then folders, in creation order */
    bool *is_dir;
    size_t count;
} created;

static void remember(created *c, const char *path, bool dir)
{
    char **p = realloc(c->paths, (c->count + 1) * sizeof *p);
    bool *d = p ? realloc(c->is_dir, (c->count + 1) * sizeof *d) : NULL;
    if (p)
        c->paths = p;
    if (!p || !d)
        return;
    c->is_dir = d;
    c->paths[c->count] = bc_strdup(path);
    c->is_dir[c->count] = dir;
    if (c->paths[c->count])
        c->count++;
}

static void created_undo(created *c, bool remove_them)
{
    for (size_t i = c->count; i-- > 0;) {
        if (remove_them) {
            if (c->is_dir[i])
                rmdir(c->paths[i]);
            else
                unlink(c->paths[i]);
        }
        free(c->paths[i]);
    }
    free(c->paths);
    free(c->is_dir);
}

/* Files go into the temporary folder (bc_outdir_begin), each written and
 * fsynced by outfile.h; the folder is renamed into place at the end. */
static bc_status write_file(const char *path, const char *data, size_t len, created *c,
                            bc_error *err)
{
    bc_status st = bc_outfile_write_all(path, data, len, NULL, err);
    if (!st)
        remember(c, path, false);
    return st;
}

static bc_status make_dir(const char *path, created *c, bc_error *err)
{
    if (mkdir(path, 0777) == 0) {
        remember(c, path, true);
        return BC_OK;
    }
    if (errno == EEXIST) {
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            return BC_OK;
    }
    return bc_error_set(err, BC_E_OUTPUT, path, 0, 0, "không tạo được thư mục: %s",
                        bc_errno_vi(errno));
}

/* Creates the folders of rel (a/b/c.yaml -> new/a, new/a/b). */
/* Copies the symlink src as a link (the same target text) to dst. */
static bc_status copy_link(const char *src, const char *dst, bc_error *err)
{
    char target[4096];
    ssize_t n = readlink(src, target, sizeof target - 1);
    if (n < 0)
        return bc_error_set(err, BC_E_INPUT, src, 0, 0, "không đọc được liên kết: %s",
                            bc_errno_vi(errno));
    target[n] = '\0';
    if (symlink(target, dst) != 0)
        return bc_error_set(err, BC_E_OUTPUT, dst, 0, 0, "không tạo được liên kết: %s",
                            bc_errno_vi(errno));
    return BC_OK;
}

static bc_status make_parents(const char *root, const char *rel, created *c, bc_error *err)
{
    for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/')) {
        char *d = bc_strdup_printf("%s/%.*s", root, (int)(p - rel), rel);
        if (!d)
            return bc_nomem(err);
        bc_status st = make_dir(d, c, err);
        free(d);
        if (st)
            return st;
    }
    return BC_OK;
}

static bool is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Relative, without "..": a file inside the report folder. */
static bool inside(const char *rel)
{
    if (rel[0] == '/')
        return false;
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return false;
        if (!slash)
            break;
        p = slash + 1;
    }
    return true;
}

/* The new folder must not exist or be an empty folder (not a link), and
 * must not be the old folder or inside it. */
static bc_status prepare_dir(const char *dir, const char *old_dir, bc_error *err)
{
    char *rold = realpath(old_dir, NULL), *rnew = bc_path_resolve(dir);
    bool inside_old = rold && rnew && !strncmp(rnew, rold, strlen(rold)) &&
                      (rnew[strlen(rold)] == '/' || !rnew[strlen(rold)]);
    free(rold);
    free(rnew);
    if (inside_old)
        return bc_error_set(err, BC_E_USAGE, dir, 0, 0,
                            "thư mục mới không được là thư mục cũ '%s' hay nằm trong nó; hãy "
                            "chọn một thư mục bên cạnh",
                            old_dir);
    struct stat sb;
    if (lstat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return bc_error_set(err, BC_E_OUTPUT, dir, 0, 0,
                            "đã có '%s' và đó không phải thư mục (%s); hãy chọn tên khác", dir,
                            S_ISLNK(sb.st_mode) ? "là một liên kết tượng trưng" : "là một tệp");
    DIR *d = opendir(dir);
    if (!d) {
        if (errno != ENOENT)
            return bc_error_set(err, BC_E_OUTPUT, dir, 0, 0, "không dùng được thư mục mới: %s",
                                bc_errno_vi(errno));
        return BC_OK;
    }
    struct dirent *de;
    bool empty = true;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            empty = false;
    closedir(d);
    if (!empty)
        return bc_error_set(err, BC_E_OUTPUT, dir, 0, 0,
                            "thư mục mới đã có và không trống; hãy chọn tên khác để không ghi "
                            "đè báo cáo đang có");
    return BC_OK;
}

/* ---- the report's own files ---- */

typedef struct copy_list {
    char **items;
    size_t count, cap;
    bool oom;
} copy_list;

static void copy_list_add(copy_list *l, const char *s)
{
    while (s[0] == '.' && s[1] == '/')
        s += 2;
    if (!BC_GROW(&l->items, &l->cap, l->count + 1, 8)) {
        l->oom = true;
        return;
    }
    if (!(l->items[l->count] = bc_strdup(s)))
        l->oom = true;
    else
        l->count++;
}

static bool copy_list_has(const copy_list *l, const char *s)
{
    while (s[0] == '.' && s[1] == '/')
        s += 2;
    for (size_t i = 0; i < l->count; i++)
        if (!strcmp(l->items[i], s))
            return true;
    return false;
}

static void copy_list_free(copy_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

/* Copies the report's file rel (relative to old_dir) into stage. A link is
 * copied as a link; a file outside the folder is not copied (warning). */
static bc_status copy_own(const char *old_dir, const char *stage, const char *rel, bool optional,
                          copy_list *done, created *made, bc_next_result *res, bc_diags *diags,
                          const char *report_path, bc_error *err)
{
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (copy_list_has(done, rel))
        return BC_OK;
    copy_list_add(done, rel);
    if (!inside(rel)) {
        bc_diags_add(diags, BC_WARNING, report_path, 0, 0,
                     "tệp '%s' nằm ngoài thư mục báo cáo: không chép; hãy xem lại đường dẫn "
                     "của nó trong báo cáo mới",
                     rel);
        return BC_OK;
    }
    char *src = bc_strdup_printf("%s/%s", old_dir, rel), *dst = bc_strdup_printf("%s/%s", stage, rel);
    char *bytes = NULL;
    size_t blen = 0;
    bc_status st = BC_OK;
    struct stat sb;
    if (!src || !dst) {
        st = bc_nomem(err);
    } else if (lstat(src, &sb) != 0) {
        if (!optional)
            bc_diags_add(diags, BC_WARNING, report_path, 0, 0,
                         "báo cáo cũ ghi tên tệp '%s' nhưng không có tệp đó: không chép", rel);
    } else if (S_ISLNK(sb.st_mode)) {
        /* never followed: the link itself is copied, not the file it points to */
        if (!(st = make_parents(stage, rel, made, err)) && !(st = copy_link(src, dst, err))) {
            bc_diags_add(diags, BC_NOTE, src, 0, 0,
                         "'%s' là một liên kết tượng trưng: chép thành liên kết như cũ, không "
                         "chép tệp nó trỏ tới",
                         rel);
            res->files_copied++;
        }
    } else if (!S_ISREG(sb.st_mode)) {
        bc_diags_add(diags, BC_WARNING, src, 0, 0, "'%s' không phải tệp thường: không chép", rel);
    } else if (!(st = bc_infile_read_confined(old_dir, src, BC_IN_DATA, &bytes, &blen, err)) &&
               !(st = make_parents(stage, rel, made, err)) &&
               !(st = write_file(dst, bytes, blen, made, err))) {
        res->files_copied++;
    }
    free(bytes);
    free(src);
    free(dst);
    return st;
}

/* The data file (du-lieu:) of the appendix spec spec_rel, relative to the
 * report folder; NULL when none or unreadable. Caller frees. */
static char *spec_data_file(const char *old_dir, const char *spec_rel)
{
    char *path = bc_strdup_printf("%s/%s", old_dir, spec_rel), *text = NULL, *out = NULL;
    size_t len = 0;
    bc_ydoc *doc = NULL;
    bc_error e = BC_ERROR_INIT;
    if (path && inside(spec_rel) && !bc_infile_read(path, BC_IN_REPORT, &text, &len, &e) &&
        !bc_ydoc_parse(text, len, path, &doc, &e) && doc->root && doc->root->kind == BC_Y_MAP) {
        const bc_ynode *v = bc_ymap_get(doc->root, "du-lieu");
        if (v && v->kind == BC_Y_SCALAR && v->value[0]) {
            const char *slash = strrchr(spec_rel, '/');
            out = v->value[0] == '/' || !slash
                      ? bc_strdup(v->value)
                      : bc_strdup_printf("%.*s/%s", (int)(slash - spec_rel), spec_rel, v->value);
        }
    }
    bc_error_clear(&e);
    bc_ydoc_free(doc);
    free(text);
    free(path);
    return out;
}

/* The text of BC_CARRY_FILE (carryover.h). Caller frees. */
static char *carry_text(const bc_ynode *root, const bc_period *from, const copy_list *confirm)
{
    bc_buf b = BC_BUF_INIT;
    char *per = bc_period_to_yaml(from);
    const bc_ynode *so = bc_ymap_get(root, "so"), *kh = bc_ymap_get(root, "ky-hieu"),
                   *ngay = bc_ymap_get(root, "ngay");
    bc_buf_puts(&b,
                "# Báo cáo này được tạo bằng \"baocao moi\" từ báo cáo kỳ trước. \"baocao render\"\n"
                "# không in cho đến khi mọi chỗ còn mang của kỳ trước được nhập lại hoặc xác nhận\n"
                "# (render liệt kê từng chỗ với tệp:dòng:cột):\n"
                "#  1. mỗi 'CHUA-DIEN' (so:, ngay: trong report.yaml; 'nay' của từng chỉ số trong\n"
                "#     các tệp so-lieu) được thay bằng số liệu kỳ mới; chỉ số không đổi thì chép\n"
                "#     số ở 'truoc' ngay bên cạnh;\n"
                "#  2. mỗi tệp trong 'chua-xac-nhan' (số liệu phụ lục chép nguyên từ kỳ trước) được\n"
                "#     nhập số liệu kỳ mới hoặc kiểm tra là vẫn đúng; xong thì xóa dòng của nó;\n"
                "#  3. chữ chỉ kỳ trước (kỳ, số và ngày văn bản dưới đây) trong nội dung, trích yếu,\n"
                "#     tiêu đề và ghi chú phụ lục được thay: trong nội dung bằng {{ ky.ten }},\n"
                "#     {{ ky.ten_ngan }}, {{ ky.nam }} ... như render gợi ý. Chỗ nào nhắc kỳ trước\n"
                "#     mà đúng ý (ví dụ \"so với quý I năm 2018\") thì giữ, và khi đã xem hết thì\n"
                "#     xóa tệp này.\n"
                "# Made by \"baocao moi\": render refuses until every carried value is re-entered\n"
                "# (CHUA-DIEN), every file below is confirmed (delete its line) and the old\n"
                "# period's words are replaced; delete this file once the rest is intended.\n");
    bc_buf_printf(&b, "ky-truoc: %s\n", per ? per : "");
    if (so && so->kind == BC_Y_SCALAR && strcmp(so->value, BC_REPORT_UNFILLED)) {
        char *n = kh && kh->kind == BC_Y_SCALAR ? bc_strdup_printf("%s/%s", so->value, kh->value)
                                                : bc_strdup(so->value);
        char *q = n ? yaml_scalar(n) : NULL;
        if (q)
            bc_buf_printf(&b, "so-truoc: %s\n", q);
        else
            b.oom = true;
        free(q);
        free(n);
    }
    bc_date d;
    if (ngay && ngay->kind == BC_Y_SCALAR && bc_date_parse_iso(ngay->value, &d))
        bc_buf_printf(&b, "ngay-truoc: %04d-%02d-%02d\n", d.year, d.month, d.day);
    if (!confirm->count)
        bc_buf_puts(&b, "chua-xac-nhan: []\n");
    else
        bc_buf_puts(&b, "chua-xac-nhan:\n");
    for (size_t i = 0; i < confirm->count; i++) {
        char *q = yaml_scalar(confirm->items[i]);
        if (q)
            bc_buf_printf(&b, "  - %s\n", q);
        else
            b.oom = true;
        free(q);
    }
    free(per);
    if (!per || b.oom) {
        bc_buf_free(&b);
        return NULL;
    }
    return bc_buf_detach(&b);
}

bc_status bc_next_report(const char *old_report, const char *new_dir, const bc_next_opts *opts,
                         bc_next_result *result, bc_diags *diags, bc_error *err)
{
    char *report_path = NULL, *old_dir = NULL, *base = NULL, *raw = NULL, *new_text = NULL,
         *new_report = NULL, *stage = NULL, *stage_report = NULL;
    if (opts && opts->struct_size != sizeof *opts)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "bc_next_opts có struct_size %zu, thư viện cần %zu: hãy khởi tạo "
                            "bằng BC_NEXT_OPTS_INIT",
                            opts->struct_size, sizeof *opts);
    const bc_tmp_hooks *hooks = opts ? opts->hooks : NULL;
    char **data = NULL;
    size_t ndata = 0, len = 0;
    bc_ydoc *doc = NULL;
    lines l = {NULL, 0};
    edits e = {0};
    created made = {0};
    copy_list confirm = {0};
    bc_next_result res = {0};
    bc_status st;
    bool ok = false;

    if (result)
        memset(result, 0, sizeof *result);
    if (is_dir(old_report)) {
        old_dir = bc_strdup(old_report);
        base = bc_strdup("report.yaml");
    } else {
        const char *slash = strrchr(old_report, '/');
        old_dir = slash ? bc_strdup_printf("%.*s", (int)(slash - old_report), old_report)
                        : bc_strdup(".");
        if (old_dir && !old_dir[0]) {
            free(old_dir);
            old_dir = bc_strdup("/");
        }
        base = bc_strdup(slash ? slash + 1 : old_report);
    }
    if (!old_dir || !base || !(report_path = bc_strdup_printf("%s/%s", old_dir, base))) {
        st = bc_nomem(err);
        goto out;
    }
    if ((st = bc_file_read(report_path, &raw, &len, err)))
        goto out;
    if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
        memmove(raw, raw + 3, len - 3);
        len -= 3;
    }
    if ((st = bc_ydoc_parse(raw, len, report_path, &doc, err)))
        goto out;
    const bc_ynode *root = doc->root;
    if (!root || root->kind != BC_Y_MAP || (len && raw[0] == '{')) {
        st = bc_error_set(err, BC_E_INPUT, report_path, 1, 1,
                          "tệp báo cáo phải là một bảng khóa: giá trị viết theo dòng (loai:, "
                          "so:, ...)");
        goto out;
    }
    const bc_ynode *per = bc_ymap_get(root, "ky-bao-cao");
    if (!per) {
        st = bc_error_set(err, BC_E_INPUT, report_path, 1, 1,
                          "báo cáo chưa có 'ky-bao-cao' nên không biết kỳ tiếp theo; thêm một "
                          "dòng, ví dụ: ky-bao-cao: {loai: quy, so: 1, nam: 2018}");
        goto out;
    }
    if ((st = bc_period_from_yaml(doc, per, &res.from, err)))
        goto out;
    res.to = opts && opts->set_kind ? bc_period_next_as(&res.from, opts->kind)
                                    : bc_period_next(&res.from);
    if (!bc_period_valid(&res.to)) {
        st = bc_error_set(err, BC_E_INPUT, report_path, per->line, per->column,
                          "không tính được kỳ sau của kỳ này");
        goto out;
    }
    if ((st = bc_ymap_strings(doc, root, "so-lieu", false, &data, &ndata, err)))
        goto out;

    /* report.yaml */
    if (!lines_index(raw, len, &l)) {
        st = bc_nomem(err);
        goto out;
    }
    char *old_name = bc_period_name(&res.from), *old_short = bc_period_short_name(&res.from);
    char *new_name = bc_period_name(&res.to), *new_short = bc_period_short_name(&res.to);
    for (size_t i = 0; i < root->count; i++) {
        const char *k = root->keys[i]->value;
        if (!strcmp(k, "ky-bao-cao")) {
            char *y = bc_period_to_yaml(&res.to);
            replace_entry(&e, root, i, raw, len, &l, y ? bc_strdup_printf("ky-bao-cao: %s", y) : NULL);
            free(y);
        } else if (!strcmp(k, "so")) {
            replace_entry(&e, root, i, raw, len, &l,
                          bc_strdup("so: " BC_REPORT_UNFILLED
                                    "        # điền số văn bản khi lấy số, ví dụ: so: 46"));
        } else if (!strcmp(k, "ngay")) {
            replace_entry(&e, root, i, raw, len, &l,
                          bc_strdup("ngay: " BC_REPORT_UNFILLED
                                    "      # điền ngày ký, NĂM-THÁNG-NGÀY, ví dụ: ngay: 2018-06-14"));
        } else if ((!strcmp(k, "trich-yeu") || !strcmp(k, "sau-noi-dung")) && old_name &&
                   new_name && old_short && new_short) {
            int first, last;
            entry_lines(root, i, raw, len, &l, &first, &last);
            size_t a = l.starts[first - 1], b = line_end(raw, len, l.starts[last - 1]);
            replace_in(&e, raw, a, b, old_name, new_name);
            if (strcmp(old_short, old_name))
                replace_in(&e, raw, a, b, old_short, new_short);
        }
    }
    bool names_ok = old_name && old_short && new_name && new_short;
    free(old_name);
    free(old_short);
    free(new_name);
    free(new_short);
    if (!names_ok || e.oom || !(new_text = edits_apply(&e, raw, len))) {
        st = bc_nomem(err);
        goto out;
    }

    /* The new folder is built whole in a temporary sibling and renamed
     * into place at the end: it appears complete or not at all. */
    if ((st = prepare_dir(new_dir, old_dir, err)) ||
        (st = bc_outdir_begin(new_dir, hooks, &stage, err)))
        goto out;
    if (!(new_report = bc_strdup_printf("%s/%s", new_dir, base)) ||
        !(stage_report = bc_strdup_printf("%s/%s", stage, base))) {
        st = bc_nomem(err);
        goto out;
    }
    if ((st = write_file(stage_report, new_text, strlen(new_text), &made, err)))
        goto out;
    res.files_copied++;

    /* indicator files */
    for (size_t i = 0; i < ndata; i++) {
        if (!inside(data[i])) {
            bc_diags_add(diags, BC_WARNING, report_path, 0, 0,
                         "tệp số liệu '%s' nằm ngoài thư mục báo cáo: không chép, giá trị kỳ "
                         "trước (truoc) của nó không được cập nhật",
                         data[i]);
            continue;
        }
        if (bc_xlsx_is_path(data[i])) {
            /* a workbook is copied as it is (once for all its sheets): the
             * office rolls its columns over in Excel */
            const char *loc;
            char *rel = bc_xlsx_split(data[i], &loc);
            bool seen = false;
            for (size_t k = 0; rel && k < i; k++) {
                const char *l2;
                char *r2 = bc_xlsx_split(data[k], &l2);
                seen = seen || (r2 && !strcmp(r2, rel));
                free(r2);
            }
            char *src = rel ? bc_strdup_printf("%s/%s", old_dir, rel) : NULL;
            char *dst = rel ? bc_strdup_printf("%s/%s", stage, rel) : NULL;
            char *bytes = NULL;
            size_t blen = 0;
            if (seen) {
                /* already copied */
            } else if (!src || !dst) {
                st = bc_nomem(err);
            } else if (!(st = bc_infile_read_confined(old_dir, src, BC_IN_DATA, &bytes, &blen,
                                                      err)) &&
                       !(st = make_parents(stage, rel, &made, err)) &&
                       !(st = write_file(dst, bytes, blen, &made, err))) {
                res.files_copied++;
                /* render refuses until the clerk confirms it (carryover.h) */
                copy_list_add(&confirm, rel);
                bc_diags_add(diags, BC_WARNING, report_path, 0, 0,
                             "tệp số liệu Excel '%s' được chép nguyên như cũ (baocao không sửa "
                             "sổ Excel): hãy chép cột «nay» sang cột «truoc», ghi số liệu kỳ mới "
                             "vào cột «nay» bằng Excel, rồi xóa dòng của tệp trong "
                             "moi-can-xac-nhan.yaml",
                             rel);
            }
            free(rel);
            free(src);
            free(dst);
            free(bytes);
            if (st)
                goto out;
            continue;
        }
        char *src = bc_strdup_printf("%s/%s", old_dir, data[i]);
        char *dst = bc_strdup_printf("%s/%s", stage, data[i]);
        char *bytes = NULL, *rolled = NULL;
        size_t blen = 0, nroll = 0;
        struct stat lsb;
        if (src && dst && lstat(src, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
            /* a link is copied as a link, never its target */
            if (!(st = make_parents(stage, data[i], &made, err)) &&
                !(st = copy_link(src, dst, err))) {
                bc_diags_add(diags, BC_WARNING, report_path, 0, 0,
                             "tệp số liệu '%s' là một liên kết tượng trưng: được chép thành "
                             "liên kết như cũ (không chép tệp nó trỏ tới), giá trị kỳ trước "
                             "(truoc) của nó không được cập nhật",
                             data[i]);
                res.files_copied++;
            }
            free(src);
            free(dst);
            if (st)
                goto out;
            continue;
        }
        if (!src || !dst)
            st = bc_nomem(err);
        else if (!(st = bc_infile_read_confined(old_dir, src, BC_IN_DATA, &bytes, &blen, err)) &&
                 !(st = bc_roll_values_text(bytes, blen, src, ends_with(src, ".csv") ||
                                                                  ends_with(src, ".CSV"),
                                            &rolled, &nroll, err)) &&
                 !(st = make_parents(stage, data[i], &made, err)))
            st = write_file(dst, rolled, strlen(rolled), &made, err);
        if (!st) {
            res.files_copied++;
            res.values_rolled += nroll;
        }
        free(src);
        free(dst);
        free(bytes);
        free(rolled);
        if (st)
            goto out;
    }

    /* the report's own files: the narrative, the appendix specs and their
     * data, the draft file; nothing else of the folder */
    {
        copy_list done = {0};
        const bc_ynode *body = bc_ymap_get(root, "noi-dung");
        char **appx = NULL;
        size_t nappx = 0;
        for (size_t i = 0; i < ndata; i++)
            copy_list_add(&done, data[i]);
        copy_list_add(&done, base);
        if (body && body->kind == BC_Y_SCALAR)
            st = copy_own(old_dir, stage, body->value, false, &done, &made, &res, diags,
                          report_path, err);
        if (!st)
            st = bc_ymap_strings(doc, root, "phu-luc", false, &appx, &nappx, err);
        for (size_t i = 0; !st && i < nappx; i++) {
            if ((st = copy_own(old_dir, stage, appx[i], false, &done, &made, &res, diags,
                               report_path, err)))
                break;
            char *csv = spec_data_file(old_dir, appx[i]);
            if (csv) {
                if (!(st = copy_own(old_dir, stage, csv, false, &done, &made, &res, diags,
                                    report_path, err)) &&
                    inside(csv))
                    copy_list_add(&confirm, csv);
                free(csv);
            }
        }
        if (!st)
            st = copy_own(old_dir, stage, "du-thao.yaml", true, &done, &made, &res, diags,
                          report_path, err);
        bc_strv_free(appx);
        copy_list_free(&done);
        if (done.oom || confirm.oom)
            st = st ? st : bc_nomem(err);
        if (st)
            goto out;
    }
    /* what the clerk must still confirm (carryover.h) */
    {
        char *side = bc_strdup_printf("%s/%s", stage, BC_CARRY_FILE);
        char *text = carry_text(root, &res.from, &confirm);
        if (!side || !text)
            st = bc_nomem(err);
        else
            st = write_file(side, text, strlen(text), &made, err);
        free(side);
        free(text);
        if (st)
            goto out;
    }
    if (st || (st = bc_outdir_commit(stage, new_dir, hooks, err)))
        goto out;
    ok = true;
out:
    created_undo(&made, false);
    copy_list_free(&confirm);
    if (!ok)
        bc_outdir_abort(stage, hooks);
    free(stage);
    free(stage_report);
    edits_free(&e);
    free(l.starts);
    bc_ydoc_free(doc);
    bc_strv_free(data);
    free(raw);
    free(new_text);
    free(old_dir);
    free(base);
    free(report_path);
    if (ok && result) {
        res.report_path = new_report;
        *result = res;
    } else {
        free(new_report);
    }
    return ok ? BC_OK : st;
}
