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


#include "infile.h"
#include "json.h"

typedef struct entry {
    char *name;
    /* under the set's lock: */
    unsigned shown;     /* the set's render number of the last attempt recorded (a
                           render that started earlier and ends later is dropped) */
    unsigned gen;       /* good previews so far */
    int pages;
    char *png_dir;      /* the good preview's images (owned), or NULL */
    unsigned png_k;     /* the render number drawing png_dir */
    bool png_done;      /* every image of png_dir is written (or failed) */
    double png_ms;      /* the images' render time */
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
    pthread_cond_t changed; /* an entry's png_done changed; a job ended */
    unsigned jobs;      /* image renders running on threads of their own */
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
    pthread_cond_init(&s->changed, NULL);
    *out = s;
    return BC_OK;
}

void bc_preview_set_free(bc_preview_set *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock); /* image renders still running finish first */
    while (s->jobs)
        pthread_cond_wait(&s->changed, &s->lock);
    pthread_mutex_unlock(&s->lock);
    for (entry *e = s->head, *nx; e; e = nx) {
        nx = e->next;
        free(e->name);
        free(e->png_dir);
        free(e->prev_dir);
        free(e->error_json);
        free(e->diags_json);
        free(e);
    }
    remove_tree(s->cache);
    bc_render_ctx_free(s->ctx);
    pthread_cond_destroy(&s->changed);
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

/* A report folder's files in memory (workspace.h: nothing outside it, no
 * symlink) as bc_render_opts.files, plus one extra file when given. */
typedef struct fileset {
    bc_ws_file *files;
    size_t n;
    bc_memfile *mem;
    size_t nmem;
    const char *root; /* the workspace folder (borrowed from the bc_ws) */
} fileset;

static void fileset_free(fileset *fs)
{
    free(fs->mem);
    bc_ws_files_free(fs->files, fs->n);
    memset(fs, 0, sizeof *fs);
}

static bc_status fileset_load(const bc_ws *ws, const char *report, const bc_memfile *extra,
                              fileset *fs, bc_error *err)
{
    memset(fs, 0, sizeof *fs);
    fs->root = bc_ws_root(ws);
    bc_status st = bc_ws_files(ws, report, true, &fs->files, &fs->n, err);
    if (st)
        return st;
    if (!(fs->mem = calloc(fs->n + 1, sizeof *fs->mem))) {
        fileset_free(fs);
        return bc_nomem(err);
    }
    for (size_t i = 0; i < fs->n; i++)
        fs->mem[i] = (bc_memfile){fs->files[i].name, fs->files[i].data, fs->files[i].len};
    fs->nmem = fs->n;
    if (extra)
        fs->mem[fs->nmem++] = *extra;
    return BC_OK;
}

/* bc_render_report of "report.yaml" from fs with o (its files, data_dir
 * and ctx are set here); fs is also the memory scope around the call, for
 * the signing step, which reads its key after the render's own scope has
 * ended. The one place the page's renders from memory start. */
static bc_status render_set(bc_preview_set *s, const fileset *fs, bc_render_opts *o,
                            bc_render_result *res, bc_diags *diags, bc_error *err)
{
    o->files = fs->mem;
    o->nfiles = fs->nmem;
    /* nothing a report names is read from outside the workspace (its data
     * folder aside): not /etc/passwd, not ../../x */
    o->confine_root = fs->root;
    o->data_dir = s->data_dir;
    o->ctx = s->ctx;
    bc_infile_mem_scope saved;
    bc_infile_mem_begin(fs->mem, fs->nmem, &saved);
    bc_status st = bc_render_report("report.yaml", o, res, diags, err);
    bc_infile_mem_end(&saved);
    return st;
}

static bc_status render_mem(bc_preview_set *s, const bc_ws *ws, const char *report,
                            bc_render_opts *o, const bc_memfile *extra, bc_render_result *res,
                            bc_diags *diags, bc_error *err)
{
    fileset fs;
    bc_status st = fileset_load(ws, report, extra, &fs, err);
    if (!st)
        st = render_set(s, &fs, o, res, diags, err);
    fileset_free(&fs);
    return st;
}

static void set_attempt(entry *e, bc_status st, const bc_error *err, const bc_diags *diags,
                        double ms)
{
    bool good = st == BC_OK || st == BC_E_DATA;
    bc_buf ej = BC_BUF_INIT, dj = BC_BUF_INIT;
    if (!good)
        error_json(&ej, err);
    free(e->error_json);
    e->error_json = good ? NULL : bc_buf_detach(&ej);
    if (diags) {
        diags_json(&dj, diags);
        free(e->diags_json);
        e->diags_json = bc_buf_detach(&dj);
    }
    bc_buf_free(&ej);
    bc_buf_free(&dj);
    e->status = st;
    e->ms = ms;
}

/* The page images of a render whose checks passed: the same files drawn
 * again with png_dir (the PDF's bytes thrown away), on a thread of its own
 * so that the save is answered meanwhile; page requests wait for their
 * image (bc_preview_page). Owns the job. */
typedef struct images_job {
    bc_preview_set *s;
    entry *e;
    unsigned k;         /* its render number */
    fileset fs;
    char *dir;
} images_job;

static int discard(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 0;
}

static void images_run(images_job *j)
{
    double t0 = now_ms();
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.fc_default_unused = true; /* fonts only through baocao */
    o.pdf_write = discard;
    o.png_dir = j->dir;
    o.png_dpi = j->s->dpi;
    bc_status st = render_set(j->s, &j->fs, &o, NULL, &diags, &err);
    pthread_mutex_lock(&j->s->lock);
    if (j->e->png_k == j->k) { /* still the preview (not replaced by a newer save) */
        j->e->png_ms = now_ms() - t0;
        j->e->png_done = true;
        if (st != BC_OK && st != BC_E_DATA) /* drawing failed where the checks passed */
            set_attempt(j->e, st, &err, NULL, j->e->ms);
    }
    pthread_cond_broadcast(&j->s->changed);
    pthread_mutex_unlock(&j->s->lock);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    fileset_free(&j->fs);
    free(j->dir);
    free(j);
}

static void *images_thread(void *arg)
{
    images_job *j = arg;
    bc_preview_set *s = j->s;
    images_run(j);
    pthread_mutex_lock(&s->lock);
    s->jobs--;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

bc_status bc_preview_render(bc_preview_set *s, const bc_ws *ws, const char *report,
                            bool wait_images)
{
    pthread_mutex_lock(&s->lock);
    entry *e = get_entry(s, report);
    unsigned k = ++s->counter;
    pthread_mutex_unlock(&s->lock);
    if (!e)
        return BC_E_NOMEM;
    /* 1. the checks: laid out, nothing drawn (no PDF, no image) */
    double t0 = now_ms();
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_render_result res = {0};
    images_job *job = calloc(1, sizeof *job);
    bc_status st = job ? fileset_load(ws, report, NULL, &job->fs, &err) : bc_nomem(&err);
    if (!st) {
        bc_render_opts o = BC_RENDER_OPTS_INIT;
        o.fc_default_unused = true; /* fonts only through baocao */
        st = render_set(s, &job->fs, &o, &res, &diags, &err);
    }
    double ms = now_ms() - t0;
    bool good = st == BC_OK || st == BC_E_DATA;
    /* 2. the images, in a new folder that becomes the preview at once */
    char *dir = good ? bc_strdup_printf("%s/%u", s->cache, k) : NULL;
    if (good && (!dir || mkdir(dir, 0700) != 0)) {
        st = dir ? bc_error_set(&err, BC_E_OUTPUT, dir, 0, 0, "không tạo được thư mục ảnh: %s",
                                bc_errno_vi(errno))
                 : bc_nomem(&err);
        good = false;
        free(dir);
        dir = NULL;
    }
    char *old_dir = NULL, *cancel = NULL;
    bool stale;
    pthread_mutex_lock(&s->lock);
    stale = k < e->shown; /* a later save was already recorded */
    if (!stale) {
        e->shown = k;
        e->attempts++;
        set_attempt(e, st, &err, &diags, ms);
    }
    if (good && !stale) {
        if (e->png_dir && !e->png_done) {
            /* the images of the save before are still being drawn: dropped (its
             * render fails at its next image and stops drawing) */
            cancel = e->png_dir;
        } else {
            old_dir = e->prev_dir;
            e->prev_dir = e->png_dir;
        }
        e->png_dir = dir;
        e->png_k = k;
        e->png_done = false;
        e->pages = res.pages;
        e->gen++;
    }
    pthread_mutex_unlock(&s->lock);
    if (good && stale) {
        remove_tree(dir);
        free(dir);
        dir = NULL;
        good = false;
    }
    if (old_dir)
        remove_tree(old_dir);
    if (cancel)
        remove_tree(cancel);
    free(old_dir);
    free(cancel);
    if (good) {
        job->s = s;
        job->e = e;
        job->k = k;
        job->dir = bc_strdup(dir);
        pthread_t th;
        pthread_attr_t attr;
        bool started = false;
        if (!wait_images && job->dir && pthread_attr_init(&attr) == 0) {
            pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
            pthread_mutex_lock(&s->lock);
            s->jobs++;
            pthread_mutex_unlock(&s->lock);
            started = pthread_create(&th, &attr, images_thread, job) == 0;
            pthread_attr_destroy(&attr);
            if (!started) {
                pthread_mutex_lock(&s->lock);
                s->jobs--;
                pthread_mutex_unlock(&s->lock);
            }
        }
        if (!started)
            images_run(job); /* frees the job */
    } else if (job) {
        fileset_free(&job->fs);
        free(job);
    }
    bc_diags_free(&diags);
    bc_error_clear(&err);
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
        bc_buf_printf(b, "{\"gen\":%u,\"pages\":%d,\"ms\":%.0f,\"png_ms\":%.0f,\"status\":%d,"
                         "\"ok\":%s,\"attempts\":%u,\"error\":%s,\"diags\":%s}",
                      e->gen, e->pages, e->ms, e->png_ms, (int)e->status, ok ? "true" : "false",
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
    /* the images are drawn after the save was answered: wait for this one
     * (written whole, then renamed into place), at most 2 minutes */
    for (int i = 0; path && !e->png_done && access(path, F_OK) != 0 && i < 4800; i++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 25 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->changed, &s->lock, &ts);
    }
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

/* The official copy signed with the .p12 given in memory ("baocao render
 * --ky --p12") or the token's key ("--ky --pkcs11"): rendered, signed,
 * written to a private file of the cache (not the workspace), read back and
 * removed. */
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
    so.fc_default_unused = true; /* fonts only through baocao */
    so.output = out;
    so.role = BC_SIGN_SIGNER;
    if (po->p12) {
        so.p12_path = KEY;
    } else {
        so.pkcs11_uri = po->pkcs11_uri;
        so.pkcs11_module = po->pkcs11_module;
    }
    so.secret = po->secret ? po->secret : "";
    so.image_path = po->image_path;
    so.tsa_url = po->tsa_url;
    so.data_dir = s->data_dir;
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.fc_default_unused = true; /* fonts only through baocao */
    o.output = out;
    o.sign = &so;
    bc_memfile key = {KEY, po->p12, po->p12_len};
    bc_status st = render_mem(s, ws, report, &o, po->p12 ? &key : NULL, NULL, diags, err);
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
    o.fc_default_unused = true; /* fonts only through baocao */
    o.pdf_write = bc_buffer_write;
    o.pdf_write_ctx = &pdf;
    bc_status st;
    if (po->p12 || po->pkcs11_uri)
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
