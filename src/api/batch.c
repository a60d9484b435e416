/* batch.c - bc_render_batch: many reports in one process, on all cores,
 * with one set-up (bc_render_ctx) shared by all of them. Each report is an
 * ordinary bc_render_report call with its own output, diagnostics and
 * error; a failing one does not touch the others. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "baocao.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "error.h"
#include "infile.h"
#include "outfile.h"
#include "pool.h"

static bool is_dir(const char *p)
{
    struct stat sb;
    return p && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* path without its trailing slashes (a new string; "/" stays "/"). */
static char *trim_slashes(const char *path)
{
    char *s = bc_strdup(path);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

/* The last component of path (borrowed, inside path). */
static const char *last_part(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The report file of an input (a folder means its report.yaml) and the
 * name its PDF gets: the file's name without .yaml/.yml, or, for
 * report.yaml, the folder's name (every folder's report is report.yaml). */
static bool name_report(const char *input, char **file, char **name)
{
    *file = *name = NULL;
    char *in = trim_slashes(input);
    if (!in)
        return false;
    if (is_dir(in)) {
        *file = bc_strdup_printf("%s/report.yaml", in);
    } else {
        *file = in;
        in = NULL;
    }
    free(in);
    if (!*file)
        return false;
    const char *base = last_part(*file);
    size_t n = strlen(base);
    const char *ext = n > 5 && !strcmp(base + n - 5, ".yaml")  ? base + n - 5
                      : n > 4 && !strcmp(base + n - 4, ".yml") ? base + n - 4
                                                               : base + n;
    if (strcmp(base, "report.yaml") && strcmp(base, "report.yml")) {
        *name = strndup(base, (size_t)(ext - base));
        return *name != NULL;
    }
    /* the folder's name; for "report.yaml" in "." or "..", the real one */
    char *dir = base == *file ? bc_strdup(".") : strndup(*file, (size_t)(base - *file - 1));
    if (dir && !*dir) {
        free(dir);
        dir = bc_strdup("/");
    }
    if (!dir)
        return false;
    const char *dn = last_part(dir);
    if (!strcmp(dn, ".") || !strcmp(dn, "..") || !*dn) {
        char real[PATH_MAX];
        if (realpath(dir, real) && strcmp(real, "/"))
            *name = bc_strdup(last_part(real));
        else
            *name = bc_strdup("report");
    } else {
        *name = bc_strdup(dn);
    }
    free(dir);
    return *name != NULL;
}

bc_status bc_status_worst(bc_status a, bc_status b)
{
    /* success < data checks (the PDF is written) < a failure; among
     * failures the higher status (and exit code) */
    int ra = a == BC_OK ? 0 : a == BC_E_DATA ? 1 : 2 + (int)a;
    int rb = b == BC_OK ? 0 : b == BC_E_DATA ? 1 : 2 + (int)b;
    return ra >= rb ? a : b;
}

typedef struct batch {
    const bc_render_opts *tmpl;
    char **files;     /* report file of each input */
    char **pngs;      /* preview folder of each, or NULL */
    bc_batch_item *items;
    size_t n, done;
    bool single_thread;
    bc_render_ctx *ctx;
    const bc_batch_opts *opts;
    pthread_mutex_t lock; /* done and the progress callback */
} batch;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void render_one(void *ctx, size_t i, int slot)
{
    (void)slot;
    batch *b = ctx;
    bc_batch_item *it = &b->items[i];
    bc_render_opts o = *b->tmpl;
    o.output = it->output;
    o.png_dir = b->pngs[i];
    o.ctx = b->ctx;
    o.single_thread = b->single_thread;
    bc_render_result res = {0};
    double t0 = now();
    it->status = bc_render_report(b->files[i], &o, &res, &it->diags, &it->error);
    it->seconds = now() - t0;
    it->pages = res.pages;
    it->written = it->status == BC_OK || (it->status == BC_E_DATA && !it->error.message);
    pthread_mutex_lock(&b->lock);
    size_t done = ++b->done;
    if (b->opts->progress)
        b->opts->progress(b->opts->progress_ctx, it, done, b->n);
    pthread_mutex_unlock(&b->lock);
}

/* Options the batch cannot take: they name one output or one draft. */
static bc_status check_opts(const bc_render_opts *r, const bc_batch_opts *o, size_t n,
                            bc_error *err)
{
    if (r->struct_size != sizeof *r || o->struct_size != sizeof *o)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "bc_render_opts hoặc bc_batch_opts có struct_size sai: hãy khởi tạo "
                            "bằng BC_RENDER_OPTS_INIT, BC_BATCH_OPTS_INIT và biên dịch lại với "
                            "baocao.h của thư viện này");
    if (!n)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0, "không có báo cáo nào để in");
    if (r->output || r->pdf_write || r->files || r->png_dir)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "in nhiều báo cáo: mỗi báo cáo có tệp PDF riêng (bc_batch_opts."
                            "out_dir), không dùng output, pdf_write, files, png_dir của "
                            "bc_render_opts");
    if (r->compare_with || r->notes_path)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "--so-voi và --gop-y chỉ dùng khi in một báo cáo (chúng chỉ một bản "
                            "dự thảo trước, một tệp góp ý); khi in nhiều báo cáo, hãy ghi 'so-voi:', "
                            "'gop-y:' trong du-thao.yaml của từng báo cáo");
    return BC_OK;
}

static char *join(const char *dir, const char *name, const char *ext)
{
    if (!strcmp(dir, "/"))
        return bc_strdup_printf("/%s%s", name, ext);
    return bc_strdup_printf("%s/%s%s", dir, name, ext);
}

void bc_batch_items_free(bc_batch_item *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++) {
        free(items[i].output);
        bc_error_clear(&items[i].error);
        bc_diags_free(&items[i].diags);
    }
    free(items);
}

bc_status bc_render_batch(const char *const *reports, size_t n, const bc_render_opts *render,
                          const bc_batch_opts *opts, bc_batch_item **out, bc_error *err)
{
    *out = NULL;
    bc_status st = check_opts(render, opts, n, err);
    if (st)
        return st;
    batch b = {.tmpl = render, .n = n, .opts = opts, .ctx = render->ctx};
    char **names = calloc(n, sizeof *names);
    char *out_dir = opts->out_dir ? trim_slashes(opts->out_dir) : NULL;
    char *png_dir = opts->png_dir ? trim_slashes(opts->png_dir) : NULL;
    b.files = calloc(n, sizeof *b.files);
    b.pngs = calloc(n, sizeof *b.pngs);
    b.items = calloc(n, sizeof *b.items);
    bool mutex = false;
    if (!names || !b.files || !b.pngs || !b.items || (opts->out_dir && !out_dir) ||
        (opts->png_dir && !png_dir)) {
        st = bc_nomem(err);
        goto out;
    }
    /* every output named before anything is written */
    for (size_t i = 0; i < n; i++) {
        bc_batch_item *it = &b.items[i];
        *it = (bc_batch_item){.report = reports[i], .error = BC_ERROR_INIT,
                              .diags = BC_DIAGS_INIT};
        if (!name_report(reports[i], &b.files[i], &names[i])) {
            st = bc_nomem(err);
            goto out;
        }
        if (out_dir) {
            it->output = join(out_dir, names[i], ".pdf");
        } else {
            const char *base = last_part(b.files[i]);
            char *dir = base == b.files[i] ? bc_strdup(".")
                                           : strndup(b.files[i], (size_t)(base - b.files[i] - 1));
            it->output = dir ? join(*dir ? dir : "/", names[i], ".pdf") : NULL;
            free(dir);
        }
        if (!it->output || (png_dir && !(b.pngs[i] = join(png_dir, names[i], "")))) {
            st = bc_nomem(err);
            goto out;
        }
    }
    /* two reports may not write one PDF */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++) {
            bool same = out_dir ? !strcmp(names[i], names[j])
                                : bc_path_same(b.items[i].output, b.items[j].output);
            if (same) {
                st = bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                                  "hai báo cáo cùng ghi ra một tệp %s: %s và %s; tên tệp PDF lấy "
                                  "theo tên thư mục báo cáo (hoặc tên tệp .yaml nếu không phải "
                                  "report.yaml): hãy đổi tên một thư mục, hoặc bỏ báo cáo trùng",
                                  b.items[i].output, reports[j], reports[i]);
                goto out;
            }
        }
    if (out_dir) {
        struct stat sb;
        if (stat(out_dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
            st = bc_error_set(err, BC_E_OUTPUT, out_dir, 0, 0,
                              "không ghi các PDF vào đây: đường dẫn này không phải thư mục");
            goto out;
        }
        if (bc_mkdirs(out_dir) != 0) {
            st = bc_error_set(err, BC_E_OUTPUT, out_dir, 0, 0,
                              "không tạo được thư mục ra: %s", bc_errno_vi(errno));
            goto out;
        }
    }
    bc_render_ctx *own = NULL;
    if (!b.ctx) {
        if ((st = bc_render_ctx_new(&own, err)))
            goto out;
        b.ctx = own;
    }
    if (pthread_mutex_init(&b.lock, NULL) != 0) {
        bc_render_ctx_free(own);
        st = bc_nomem(err);
        goto out;
    }
    mutex = true;
    int threads = opts->threads > 0 ? opts->threads : bc_pool_cpus();
    /* with several reports at once on every core, each draws its pages on
     * its own thread (same bytes, no extra thread per report) */
    b.single_thread = render->single_thread || (threads > 1 && n > 1);
    bc_pool_run(n, threads, render_one, &b);
    bc_render_ctx_free(own);
    st = BC_OK;
    for (size_t i = 0; i < n; i++)
        st = bc_status_worst(st, b.items[i].status);
    *out = b.items;
    b.items = NULL;
out:
    if (mutex)
        pthread_mutex_destroy(&b.lock);
    for (size_t i = 0; i < n; i++) {
        if (names)
            free(names[i]);
        if (b.files)
            free(b.files[i]);
        if (b.pngs)
            free(b.pngs[i]);
    }
    free(names);
    free(b.files);
    free(b.pngs);
    free(out_dir);
    free(png_dir);
    bc_batch_items_free(b.items, b.items ? n : 0);
    return st;
}
