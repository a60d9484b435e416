/* preview.c - renders for the page, last good preview kept (preview.h). */
#define _DEFAULT_SOURCE
#include "preview.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "infile.h"
#include "json.h"

typedef struct entry {
    char *name;
    pthread_mutex_t render_lock; /* one render of this report at a time */
    /* under the set's lock: */
    unsigned gen;       /* good previews so far */
    int pages;
    char *png_dir;      /* the good preview's images (owned), or NULL */
    char *prev_dir;     /* the good preview before it, kept until the next one so
                           that a page being fetched as it is replaced still reads */
    bc_status status;   /* of the last attempt */
    char *error_json;   /* the last attempt's error object, or NULL */
    char *diags_json;   /* the last attempt's diagnostics array */
    double ms;          /* the last attempt's time, save to images */
    unsigned attempts;
    struct entry *next;
} entry;

struct bc_preview_set {
    pthread_mutex_t lock;
    char *cache;        /* private temporary folder */
    char *data_dir;
    double dpi;
    unsigned counter;
    bc_render_ctx *ctx; /* warm set-up shared by every render */
    entry *head;
};

static void remove_tree(const char *dir)
{
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *de;
        while ((de = readdir(dp))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char *p = bc_strdup_printf("%s/%s", dir, de->d_name);
            struct stat sb;
            if (p && lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
                remove_tree(p);
            else if (p)
                unlink(p);
            free(p);
        }
        closedir(dp);
    }
    rmdir(dir);
}

bc_status bc_preview_set_new(const char *data_dir, double dpi, bc_preview_set **out,
                             bc_error *err)
{
    *out = NULL;
    bc_preview_set *s = calloc(1, sizeof *s);
    if (!s)
        return bc_nomem(err);
    const char *tmp = getenv("TMPDIR");
    s->cache = bc_strdup_printf("%s/baocao-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    s->data_dir = bc_strdup(data_dir);
    s->dpi = dpi > 0 ? dpi : 70;
    if (!s->cache || !s->data_dir || bc_render_ctx_new(&s->ctx, err)) {
        free(s->cache);
        free(s->data_dir);
        free(s);
        return bc_nomem(err);
    }
    if (!mkdtemp(s->cache)) {
        bc_status st = bc_error_set(err, BC_E_OUTPUT, s->cache, 0, 0,
                                    "không tạo được thư mục tạm cho ảnh xem trước: %s",
                                    bc_errno_vi(errno));
        free(s->cache);
        free(s->data_dir);
        free(s);
        return st;
    }
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return BC_OK;
}

void bc_preview_set_free(bc_preview_set *s)
{
    if (!s)
        return;
    for (entry *e = s->head, *nx; e; e = nx) {
        nx = e->next;
        pthread_mutex_destroy(&e->render_lock);
        free(e->name);
        free(e->png_dir);
        free(e->prev_dir);
        free(e->error_json);
        free(e->diags_json);
        free(e);
    }
    remove_tree(s->cache);
    bc_render_ctx_free(s->ctx);
    pthread_mutex_destroy(&s->lock);
    free(s->cache);
    free(s->data_dir);
    free(s);
}

/* The entry of report, or NULL. Call with s->lock held. */
static entry *find_entry(bc_preview_set *s, const char *report)
{
    for (entry *e = s->head; e; e = e->next)
        if (!strcmp(e->name, report))
            return e;
    return NULL;
}

/* The entry of report, made on first use. Call with s->lock held. */
static entry *get_entry(bc_preview_set *s, const char *report)
{
    entry *e = find_entry(s, report);
    if (e)
        return e;
    e = calloc(1, sizeof *e);
    if (!e || !(e->name = bc_strdup(report))) {
        free(e);
        return NULL;
    }
    pthread_mutex_init(&e->render_lock, NULL);
    e->next = s->head;
    s->head = e;
    return e;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void error_json(bc_buf *b, const bc_error *err)
{
    bc_buf_puts(b, "{\"file\":");
    bc_json_str(b, err->file);
    bc_buf_printf(b, ",\"line\":%d,\"column\":%d,\"status\":%d,\"message\":", err->line,
                  err->column, (int)err->status);
    bc_json_str(b, err->message ? err->message : bc_status_name(err->status));
    bc_buf_puts(b, "}");
}

static void diags_json(bc_buf *b, const bc_diags *d)
{
    bc_buf_putc(b, '[');
    for (size_t i = 0; i < d->count; i++) {
        const bc_diag *x = &d->items[i];
        bc_buf_printf(b, "%s{\"severity\":\"%s\",\"file\":", i ? "," : "",
                      x->severity == BC_WARNING ? "warning" : "note");
        bc_json_str(b, x->file);
        bc_buf_printf(b, ",\"line\":%d,\"column\":%d,\"message\":", x->line, x->column);
        bc_json_str(b, x->message);
        bc_buf_putc(b, '}');
    }
    bc_buf_putc(b, ']');
}

/* One render of report from memory: its folder's files read (workspace.h:
 * nothing outside it, no symlink), then bc_render_report with o (its
 * files, data_dir and ctx are set here) and, when extra is given, that file
 * too - also for the signing step, which reads its key after the render's
 * own memory scope has ended. The one place the page's renders start. */
static bc_status render_mem(bc_preview_set *s, const bc_ws *ws, const char *report,
                            bc_render_opts *o, const bc_memfile *extra, bc_render_result *res,
                            bc_diags *diags, bc_error *err)
{
    bc_ws_file *files = NULL;
    size_t n = 0;
    bc_status st = bc_ws_files(ws, report, true, &files, &n, err);
    if (st)
        return st;
    bc_memfile *mem = calloc(n + 1, sizeof *mem);
    if (!mem) {
        bc_ws_files_free(files, n);
        return bc_nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        mem[i] = (bc_memfile){files[i].name, files[i].data, files[i].len};
    size_t nmem = n;
    if (extra)
        mem[nmem++] = *extra;
    o->files = mem;
    o->nfiles = nmem;
    o->data_dir = s->data_dir;
    o->ctx = s->ctx;
    bc_infile_mem_scope saved;
    bc_infile_mem_begin(mem, nmem, &saved);
    st = bc_render_report("report.yaml", o, res, diags, err);
    bc_infile_mem_end(&saved);
    free(mem);
    bc_ws_files_free(files, n);
    return st;
}

bc_status bc_preview_render(bc_preview_set *s, const bc_ws *ws, const char *report)
{
    pthread_mutex_lock(&s->lock);
    entry *e = get_entry(s, report);
    unsigned k = ++s->counter;
    pthread_mutex_unlock(&s->lock);
    if (!e)
        return BC_E_NOMEM;
    pthread_mutex_lock(&e->render_lock);
    double t0 = now_ms();
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_render_result res = {0};
    char *dir = bc_strdup_printf("%s/%u", s->cache, k);
    bc_status st = dir ? BC_OK : bc_nomem(&err);
    if (!st && mkdir(dir, 0700) != 0)
        st = bc_error_set(&err, BC_E_OUTPUT, dir, 0, 0, "không tạo được thư mục ảnh: %s",
                          bc_errno_vi(errno));
    if (!st) {
        bc_buffer pdf = BC_BUFFER_INIT;
        bc_render_opts o = BC_RENDER_OPTS_INIT;
        o.pdf_write = bc_buffer_write;
        o.pdf_write_ctx = &pdf;
        o.png_dir = dir;
        o.png_dpi = s->dpi;
        st = render_mem(s, ws, report, &o, NULL, &res, &diags, &err);
        bc_buffer_free(&pdf);
    }
    double ms = now_ms() - t0;
    bool good = st == BC_OK || st == BC_E_DATA;
    bc_buf ej = BC_BUF_INIT, dj = BC_BUF_INIT;
    if (!good)
        error_json(&ej, &err);
    diags_json(&dj, &diags);
    char *old_dir = NULL;
    pthread_mutex_lock(&s->lock);
    e->status = st;
    e->ms = ms;
    e->attempts++;
    free(e->error_json);
    e->error_json = good ? NULL : bc_buf_detach(&ej);
    free(e->diags_json);
    e->diags_json = bc_buf_detach(&dj);
    if (good) {
        old_dir = e->prev_dir;
        e->prev_dir = e->png_dir;
        e->png_dir = dir;
        dir = NULL;
        e->pages = res.pages;
        e->gen++;
    }
    pthread_mutex_unlock(&s->lock);
    bc_buf_free(&ej);
    bc_buf_free(&dj);
    if (old_dir)
        remove_tree(old_dir);
    if (dir)
        remove_tree(dir);
    free(old_dir);
    free(dir);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    pthread_mutex_unlock(&e->render_lock);
    return st;
}

void bc_preview_json(bc_preview_set *s, const char *report, bc_buf *b)
{
    pthread_mutex_lock(&s->lock);
    entry *e = find_entry(s, report);
    if (!e) {
        bc_buf_puts(b, "{\"gen\":0,\"pages\":0,\"ms\":0,\"status\":0,\"ok\":false,"
                       "\"attempts\":0,\"error\":null,\"diags\":[]}");
    } else {
        bool ok = e->status == BC_OK || e->status == BC_E_DATA;
        bc_buf_printf(b, "{\"gen\":%u,\"pages\":%d,\"ms\":%.0f,\"status\":%d,\"ok\":%s,"
                         "\"attempts\":%u,\"error\":%s,\"diags\":%s}",
                      e->gen, e->pages, e->ms, (int)e->status, ok ? "true" : "false",
                      e->attempts, e->error_json ? e->error_json : "null",
                      e->diags_json ? e->diags_json : "[]");
    }
    pthread_mutex_unlock(&s->lock);
}

bc_status bc_preview_page(bc_preview_set *s, const char *report, int page, char **data,
                          size_t *len, bc_error *err)
{
    *data = NULL;
    char *path = NULL;
    pthread_mutex_lock(&s->lock);
    entry *e = find_entry(s, report);
    if (e && e->png_dir && page >= 1 && page <= e->pages)
        path = bc_strdup_printf("%s/trang-%03d.png", e->png_dir, page);
    pthread_mutex_unlock(&s->lock);
    if (!path)
        return bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "không có trang %d", page);
    bc_status st = bc_infile_read(path, BC_IN_DATA, data, len, err);
    free(path);
    return st;
}

/* The draft from the report folder on disk, as "baocao render DIR
 * --du-thao ..." reads it (du-thao.yaml included); so-voi and gop-y only
 * inside the workspace. */
static bc_status draft_pdf(bc_preview_set *s, const bc_ws *ws, const char *report,
                           const bc_preview_pdf_opts *po, bc_render_opts *o, bc_diags *diags,
                           bc_error *err)
{
    char *dir = NULL;
    bc_status st = bc_ws_report_dir(ws, report, &dir, err);
    if (st)
        return st;
    o->draft = true;
    o->draft_round = po->round;
    o->compare_with = po->compare_with;
    o->notes_path = po->notes_path;
    o->watermark = po->watermark;
    o->stamp_time = po->stamp_time;
    o->confine_root = bc_ws_root(ws);
    o->data_dir = s->data_dir;
    o->ctx = s->ctx;
    st = bc_render_report(dir, o, NULL, diags, err);
    /* messages name the report's files as the page does: from its folder */
    size_t dl = strlen(dir);
    if (st && err && err->file && !strncmp(err->file, dir, dl) && err->file[dl] == '/')
        memmove(err->file, err->file + dl + 1, strlen(err->file + dl + 1) + 1);
    for (size_t i = 0; diags && i < diags->count; i++) {
        char *f = diags->items[i].file;
        if (f && !strncmp(f, dir, dl) && f[dl] == '/')
            memmove(f, f + dl + 1, strlen(f + dl + 1) + 1);
    }
    free(dir);
    return st;
}

/* The official copy signed with the .p12 given in memory: "baocao render
 * --ky --p12": rendered, signed, written to a private file of the cache
 * (not the workspace), read back and removed. */
static bc_status signed_pdf(bc_preview_set *s, const bc_ws *ws, const char *report,
                            const bc_preview_pdf_opts *po, bc_buffer *pdf, bc_diags *diags,
                            bc_error *err)
{
    /* a name no workspace file can have (workspace.h allows no '@') */
    static const char KEY[] = "@khoa-ky.p12";
    pthread_mutex_lock(&s->lock);
    unsigned k = ++s->counter;
    pthread_mutex_unlock(&s->lock);
    char *out = bc_strdup_printf("%s/ky-%u.pdf", s->cache, k);
    if (!out)
        return bc_nomem(err);
    bc_sign_opts so = BC_SIGN_OPTS_INIT;
    so.output = out;
    so.role = BC_SIGN_SIGNER;
    so.p12_path = KEY;
    so.secret = po->secret ? po->secret : "";
    so.data_dir = s->data_dir;
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.output = out;
    o.sign = &so;
    bc_memfile key = {KEY, po->p12, po->p12_len};
    bc_status st = render_mem(s, ws, report, &o, &key, NULL, diags, err);
    if (err && err->file && !strcmp(err->file, KEY)) {
        free(err->file);
        err->file = bc_strdup(po->p12_name ? po->p12_name : "tệp .p12");
    }
    if (st == BC_OK || st == BC_E_DATA) {
        char *data = NULL;
        size_t len = 0;
        bc_status rst = bc_infile_read(out, BC_IN_DATA, &data, &len, err);
        if (rst) {
            st = rst;
        } else {
            pdf->data = (unsigned char *)data;
            pdf->len = len;
        }
    }
    unlink(out);
    free(out);
    return st;
}

bc_status bc_preview_pdf(bc_preview_set *s, const bc_ws *ws, const char *report,
                         const bc_preview_pdf_opts *po, unsigned char **data, size_t *len,
                         bc_diags *diags, bc_error *err)
{
    *data = NULL;
    *len = 0;
    bc_buffer pdf = BC_BUFFER_INIT;
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.pdf_write = bc_buffer_write;
    o.pdf_write_ctx = &pdf;
    bc_status st;
    if (po->p12)
        st = signed_pdf(s, ws, report, po, &pdf, diags, err);
    else if (po->draft)
        st = draft_pdf(s, ws, report, po, &o, diags, err);
    else
        st = render_mem(s, ws, report, &o, NULL, NULL, diags, err);
    if (st == BC_OK || st == BC_E_DATA) {
        *data = pdf.data;
        *len = pdf.len;
    } else {
        bc_buffer_free(&pdf);
    }
    return st;
}
