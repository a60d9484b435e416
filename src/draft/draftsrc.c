/* draftsrc.c - a draft's attached sources, as the document used them
 * (draftsrc.h). */
#include "draftsrc.h"

#include <csv.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "appendix.h"
#include "grow.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "xlsx.h"

/* ---- the quoted values ---------------------------------------------------------- */

typedef struct used_value {
    char *file, *name, *cur, *prev; /* prev NULL when none */
} used_value;

struct bc_used_values {
    used_value *v;
    size_t n, cap;
    bool oom;
};

bc_used_values *bc_used_values_new(void) { return calloc(1, sizeof(bc_used_values)); }

void bc_used_values_free(bc_used_values *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++) {
        free(u->v[i].file);
        free(u->v[i].name);
        free(u->v[i].cur);
        free(u->v[i].prev);
    }
    free(u->v);
    free(u);
}

void bc_used_values_note(void *ctx, const bc_value_entry *e)
{
    bc_used_values *u = ctx;
    if (!u || u->oom || !e->file)
        return;
    if (!BC_GROW(&u->v, &u->cap, u->n + 1, 16)) {
        u->oom = true;
        return;
    }
    used_value *x = &u->v[u->n];
    x->file = bc_strdup(e->file);
    x->name = bc_strdup(e->name);
    x->cur = bc_strdup(e->cur.text ? e->cur.text : "");
    x->prev = e->has_prev ? bc_strdup(e->prev.text ? e->prev.text : "") : NULL;
    u->n++;
    if (!x->file || !x->name || !x->cur || (e->has_prev && !x->prev))
        u->oom = true;
}

/* ---- helpers ---------------------------------------------------------------------- */

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool is_file(const char *p)
{
    struct stat sb;
    return p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* One CSV field, always quoted (libcsv's csv_write). */
static void put_field(bc_buf *b, const char *s, bool first)
{
    if (!first)
        bc_buf_putc(b, ',');
    size_t n = strlen(s), cap = 2 * n + 2;
    char *q = malloc(cap);
    if (!q) {
        bc_buf_puts(b, "\"\""); /* the buffer's own OOM flag is checked later */
        return;
    }
    size_t w = csv_write(q, cap, s, n);
    bc_buf_append(b, q, w <= cap ? w : cap);
    free(q);
}

/* "a, b, c và 4 mục khác" from names (quoted with «»). */
static void put_names(bc_buf *b, const char *const *names, size_t n)
{
    const size_t show = 8;
    for (size_t i = 0; i < n && i < show; i++)
        bc_buf_printf(b, "%s«%s»", i ? ", " : "", names[i]);
    if (n > show)
        bc_buf_printf(b, " và %zu mục khác", n - show);
}

/* ---- the list ----------------------------------------------------------------------- */

typedef struct builder {
    bc_draft_sources *s;
    const char *dir;
} builder;

static bool taken(const bc_draft_sources *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].name, name))
            return true;
    return false;
}

/* Adds path with data (owned, moved in) and left_out (moved in); name_ext
 * replaces the name's extension when non-NULL (".csv"). */
static bc_status add(builder *bd, const char *path, char *data, size_t len, char *left_out,
                     const char *name_ext, bc_error *err)
{
    bc_draft_sources *s = bd->s;
    size_t dl = bd->dir ? strlen(bd->dir) : 0;
    const char *rel = dl && !strncmp(path, bd->dir, dl) && path[dl] == '/' ? path + dl + 1
                                                                           : base_name(path);
    while (!strncmp(rel, "./", 2))
        rel += 2;
    char *name = NULL;
    if (name_ext) {
        const char *dot = strrchr(rel, '.');
        if (dot && strchr(dot, '/'))
            dot = NULL;
        name = bc_strdup_printf("%.*s%s", (int)(dot ? (size_t)(dot - rel) : strlen(rel)), rel,
                                name_ext);
    } else {
        name = bc_strdup(rel);
    }
    char *unique = name ? bc_strdup(name) : NULL;
    for (int k = 2; unique && taken(s, unique); k++) {
        free(unique);
        unique = bc_strdup_printf("%d-%s", k, name);
    }
    free(name);
    /* The digest of the source file as it is on disk. */
    char *raw = NULL;
    size_t rawlen = 0;
    bc_status st = bc_file_read(path, &raw, &rawlen, err);
    char *sha = NULL;
    if (!st) {
        GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
        if (ck) {
            g_checksum_update(ck, (const guchar *)raw, rawlen);
            sha = bc_strdup(g_checksum_get_string(ck));
            g_checksum_free(ck);
        }
    }
    if (!st && !data) { /* whole */
        data = raw;
        len = rawlen;
        raw = NULL;
    }
    free(raw);
    bc_draft_source *v = st ? NULL : realloc(s->v, (s->n + 1) * sizeof *v);
    char *p = bc_strdup(path);
    if (!st && (!v || !unique || !sha || !p || !data))
        st = bc_nomem(err);
    if (v)
        s->v = v;
    if (st) {
        free(unique);
        free(sha);
        free(p);
        free(data);
        free(left_out);
        return st;
    }
    s->v[s->n++] = (bc_draft_source){.name = unique, .path = p, .sha256 = sha, .data = data,
                                     .len = len, .left_out = left_out};
    return BC_OK;
}

static bool listed(const bc_draft_sources *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].path, path))
            return true;
    return false;
}

/* Already attached whole (then any part of it is covered). */
static bool listed_whole(const bc_draft_sources *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].path, path) && !s->v[i].left_out)
            return true;
    return false;
}

/* add() for a cut-down copy of path: its bytes in data, the note of what it
 * leaves out in note; both buffers are detached here. */
static bc_status add_cut(builder *bd, const char *path, bc_buf *data, bc_buf *note,
                         const char *name_ext, bc_error *err)
{
    size_t len = data->len;
    char *bytes = bc_buf_detach(data);
    char *left_out = bc_buf_detach(note);
    if (!bytes || !left_out) {
        free(bytes);
        free(left_out);
        return bc_nomem(err);
    }
    return add(bd, path, bytes, len, left_out, name_ext, err);
}

static bc_status add_whole(builder *bd, const char *path, bc_error *err)
{
    if (!path || !is_file(path) || listed(bd->s, path))
        return BC_OK;
    return add(bd, path, NULL, 0, NULL, NULL, err);
}

/* A used value of path that the file (or the sheet, for "book.xlsx#Sheet")
 * holds. */
static bool used_here(const used_value *x, const char *path, const bc_values *all)
{
    return !strcmp(x->file, path) && bc_values_find(all, x->name);
}

/* An indicator file: the values the narrative quotes, as a values CSV.
 * where is the so-lieu entry: the file, or a workbook with "#Sheet"
 * (path is then the workbook). */
static bc_status add_values_at(builder *bd, const char *path, const char *where,
                               const bc_used_values *used, bool whole, bc_error *err)
{
    if (!path || !is_file(path) || listed(bd->s, path))
        return BC_OK;
    if (whole || !used)
        return add(bd, path, NULL, 0, NULL, NULL, err);
    /* Every value of the file, to know what is left out. */
    bc_values *all = bc_values_new();
    if (!all)
        return bc_nomem(err);
    bc_status st = bc_values_load_file(all, where, err);
    if (st) {
        bc_values_free(all);
        return st;
    }
    size_t total = 0, nused = 0;
    for (size_t i = 0; i < bc_values_count(all); i++)
        if (bc_values_entry(all, i)->from_data)
            total++;
    for (size_t i = 0; i < used->n; i++)
        if (used_here(&used->v[i], path, all))
            nused++;
    if (nused >= total) {
        bc_values_free(all);
        return add(bd, path, NULL, 0, NULL, NULL, err);
    }
    bc_buf b = BC_BUF_INIT;
    put_field(&b, "khoa", true);
    put_field(&b, "nay", false);
    put_field(&b, "truoc", false);
    bc_buf_putc(&b, '\n');
    for (size_t i = 0; i < used->n; i++) {
        const used_value *x = &used->v[i];
        if (!used_here(x, path, all))
            continue;
        put_field(&b, x->name, true);
        put_field(&b, x->cur, false);
        if (x->prev)
            put_field(&b, x->prev, false);
        bc_buf_putc(&b, '\n');
    }
    const char **left = malloc((total ? total : 1) * sizeof *left);
    size_t nleft = 0;
    for (size_t i = 0; left && i < bc_values_count(all); i++) {
        const bc_value_entry *e = bc_values_entry(all, i);
        if (!e->from_data)
            continue;
        bool u = false;
        for (size_t k = 0; k < used->n && !u; k++)
            u = !strcmp(used->v[k].file, path) && !strcmp(used->v[k].name, e->name);
        if (!u)
            left[nleft++] = e->name;
    }
    bc_buf l = BC_BUF_INIT;
    bc_buf_printf(&l, "chỉ gồm %zu trong %zu số liệu, những số liệu văn bản trích dẫn (dạng CSV "
                      "khoa,nay,truoc); bỏ %zu số liệu không dùng: ",
                  nused, total, nleft);
    if (left)
        put_names(&l, left, nleft);
    free(left);
    bc_values_free(all);
    const char *ext = strrchr(base_name(path), '.');
    return add_cut(bd, path, &b, &l, ext && !strcmp(ext, ".csv") ? NULL : ".csv", err);
}

static bc_status add_values(builder *bd, const char *where, const bc_used_values *used,
                            bool whole, bc_error *err)
{
    if (!where || !bc_xlsx_is_path(where))
        return add_values_at(bd, where, where, used, whole, err);
    const char *loc;
    char *path = bc_xlsx_split(where, &loc);
    if (!path)
        return bc_nomem(err);
    bc_status st = add_values_at(bd, path, where, used, whole, err);
    free(path);
    return st;
}

/* An appendix's data: the columns the table reads, every row it read. Two
 * tables reading one CSV each attach what they read (the second named
 * "2-...": add makes names unique). */
static bc_status add_table_data(builder *bd, const bc_table *t, bool whole, bc_error *err)
{
    const char *path = t->csv_file;
    if (!path || !is_file(path) || listed_whole(bd->s, path) || (whole && listed(bd->s, path)))
        return BC_OK;
    if (whole || !t->csv_header || !t->csv_nfields)
        return add(bd, path, NULL, 0, NULL, NULL, err);
    size_t nf = t->csv_nfields;
    int *col_of = malloc(nf * sizeof *col_of); /* CSV field -> first leaf reading it */
    if (!col_of)
        return bc_nomem(err);
    for (size_t f = 0; f < nf; f++)
        col_of[f] = -1;
    for (size_t c = 0; c < t->ncols; c++) {
        int si = t->cols[c].source_index;
        if (si >= 0 && (size_t)si < nf && col_of[si] < 0)
            col_of[si] = (int)c;
    }
    size_t nleft = 0;
    const char **left = malloc(nf * sizeof *left);
    char **owned = calloc(nf, sizeof *owned);
    if (!left || !owned) {
        free(col_of);
        free(left);
        free(owned);
        return bc_nomem(err);
    }
    for (size_t f = 0; f < nf; f++)
        if (col_of[f] < 0) {
            if (t->csv_header[f][0]) {
                left[nleft++] = t->csv_header[f];
            } else {
                owned[f] = bc_strdup_printf("cột số %zu (không tên)", f + 1);
                if (owned[f])
                    left[nleft++] = owned[f];
            }
        }
    bc_status st = BC_OK;
    if (nleft == 0) {
        st = add(bd, path, NULL, 0, NULL, NULL, err);
    } else {
        bc_buf b = BC_BUF_INIT;
        bool first = true;
        for (size_t f = 0; f < nf; f++)
            if (col_of[f] >= 0) {
                put_field(&b, t->csv_header[f], first);
                first = false;
            }
        bc_buf_putc(&b, '\n');
        for (size_t r = 0; r < t->nrows; r++) {
            const bc_row *row = &t->rows[r];
            if (row->line <= 0) /* not from the CSV */
                continue;
            first = true;
            for (size_t f = 0; f < nf; f++)
                if (col_of[f] >= 0) {
                    const char *x = row->cells[col_of[f]].text;
                    put_field(&b, x ? x : "", first);
                    first = false;
                }
            bc_buf_putc(&b, '\n');
        }
        bc_buf l = BC_BUF_INIT;
        bc_buf_printf(&l, "chỉ gồm các cột bảng đọc (%zu trong %zu cột, mọi dòng); bỏ %zu cột: ",
                      nf - nleft, nf, nleft);
        put_names(&l, left, nleft);
        st = add_cut(bd, path, &b, &l, NULL, err);
    }
    for (size_t f = 0; f < nf; f++)
        free(owned[f]);
    free(owned);
    free(left);
    free(col_of);
    return st;
}

bc_status bc_draft_sources_collect(const bc_report *rep, const bc_appendices *appx,
                                   const bc_used_values *used, const char *draft_config,
                                   const char *notes_path, bool whole, bc_draft_sources *out,
                                   bc_error *err)
{
    memset(out, 0, sizeof *out);
    if (used && used->oom)
        return bc_nomem(err);
    builder bd = {.s = out, .dir = rep->dir};
    bc_status st = add_whole(&bd, rep->path, err);
    if (!st)
        st = add_whole(&bd, rep->body_path, err);
    for (size_t i = 0; !st && rep->data_files && rep->data_files[i]; i++)
        st = add_values(&bd, rep->data_files[i], used, whole, err);
    for (size_t i = 0; !st && rep->appendices && rep->appendices[i]; i++)
        st = add_whole(&bd, rep->appendices[i], err);
    for (size_t i = 0; !st && appx && i < appx->count; i++)
        st = add_table_data(&bd, appx->tables[i], whole, err);
    if (!st)
        st = add_whole(&bd, draft_config, err);
    if (!st)
        st = add_whole(&bd, notes_path, err);
    if (st)
        bc_draft_sources_free(out);
    return st;
}

void bc_draft_sources_free(bc_draft_sources *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].path);
        free(s->v[i].sha256);
        free(s->v[i].data);
        free(s->v[i].left_out);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}
