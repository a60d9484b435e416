/* The shared set-up (bc_render_ctx) and many reports at once
 * (bc_render_batch), through baocao.h only: renders with a context, on
 * several threads at the same time, give the bytes of renders without one;
 * a failure does not spoil the context; bc_status_worst's order; the
 * batch's names, refusals, progress calls and per-report results. */
#define _POSIX_C_SOURCE 200809L
#include <baocao.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfiles.h"

static const char REPORT[] = "loai: bao-cao\n"
                             "co-quan: [ỦY BAN NHÂN DÂN, XÃ THỬ %d]\n"
                             "so: %d\n"
                             "ky-hieu: BC-UBND\n"
                             "dia-danh: Thử\n"
                             "ngay: 2024-04-05\n"
                             "ten-loai: BÁO CÁO\n"
                             "trich-yeu: Kết quả thử nghiệm số %d\n"
                             "noi-dung: noi-dung.md\n"
                             "%s"
                             "noi-nhan: [\"Lưu: VT.\"]\n"
                             "ky:\n"
                             "  tham-quyen: [CHỦ TỊCH]\n"
                             "  ho-ten: Trần Thị Bình\n";

enum { NREP = 4 };
static char dirs[NREP][512];
static char root[256];

static void make_report(int i, const char *extra)
{
    char path[600], text[2048];
    snprintf(dirs[i], sizeof dirs[i], "%s/xa-%d", root, i);
    mkdir(dirs[i], 0755);
    snprintf(path, sizeof path, "%s/report.yaml", dirs[i]);
    snprintf(text, sizeof text, REPORT, i, 10 + i, i, extra);
    put(path, text);
    snprintf(path, sizeof path, "%s/noi-dung.md", dirs[i]);
    snprintf(text, sizeof text, "Xã thử số %d đã giải quyết %d hồ sơ đúng hạn.%s\n", i,
             1000 * (i + 1), i % 2 ? " Đoạn thêm để báo cáo khác nhau về độ dài." : "");
    put(path, text);
}

/* One render of dirs[i] into buf; the status. */
static bc_status render_to(int i, bc_render_ctx *ctx, bc_buffer *buf, bc_error *err)
{
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.shipped_fonts_only = true;
    o.pdf_write = bc_buffer_write;
    o.pdf_write_ctx = buf;
    o.ctx = ctx;
    o.single_thread = true;
    bc_diags d = BC_DIAGS_INIT;
    bc_status st = bc_render_report(dirs[i], &o, NULL, &d, err);
    bc_diags_free(&d);
    return st;
}

static bc_buffer plain[NREP];

typedef struct job {
    bc_render_ctx *ctx;
    int first;
    int same;   /* renders equal to plain[] */
    int total;
} job;

static void *thread_main(void *arg)
{
    job *j = arg;
    for (int k = 0; k < 2 * NREP; k++) {
        int i = (j->first + k) % NREP;
        bc_buffer b = BC_BUFFER_INIT;
        bc_error e = BC_ERROR_INIT;
        if (render_to(i, j->ctx, &b, &e) == BC_OK && b.len == plain[i].len &&
            !memcmp(b.data, plain[i].data, b.len))
            j->same++;
        j->total++;
        bc_buffer_free(&b);
        bc_error_clear(&e);
    }
    return NULL;
}

typedef struct seen {
    size_t calls, last_done, total;
    int order_ok;
} seen;

static void on_progress(void *ctx, const bc_batch_item *item, size_t done, size_t total)
{
    seen *s = ctx;
    s->calls++;
    if (done == s->last_done + 1 && item && item->report)
        s->order_ok++;
    s->last_done = done;
    s->total = total;
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/bc-renderctx-%d", (int)getpid());
    mkdir(root, 0755);
    for (int i = 0; i < NREP; i++)
        make_report(i, "");

    /* 1. reference bytes, no context */
    for (int i = 0; i < NREP; i++) {
        bc_error e = BC_ERROR_INIT;
        plain[i] = (bc_buffer)BC_BUFFER_INIT;
        CHECK(render_to(i, NULL, &plain[i], &e) == BC_OK);
        CHECK(plain[i].len > 1000);
        bc_error_clear(&e);
    }

    /* 2. one context, three threads at once, every report twice each */
    bc_render_ctx *ctx = NULL;
    bc_error e = BC_ERROR_INIT;
    CHECK(bc_render_ctx_new(&ctx, &e) == BC_OK && ctx);
    pthread_t t[3];
    job jobs[3];
    for (int k = 0; k < 3; k++) {
        jobs[k] = (job){ctx, k, 0, 0};
        pthread_create(&t[k], NULL, thread_main, &jobs[k]);
    }
    for (int k = 0; k < 3; k++) {
        pthread_join(t[k], NULL);
        CHECK(jobs[k].total == 2 * NREP);
        CHECK(jobs[k].same == 2 * NREP);
    }

    /* 3. a failing render through the context: the same error as without,
     * and the context still renders */
    make_report(3, "bo-cuc: khong-co-bo-cuc-nay\n");
    bc_buffer b = BC_BUFFER_INIT;
    bc_error e1 = BC_ERROR_INIT, e2 = BC_ERROR_INIT;
    bc_status s1 = render_to(3, NULL, &b, &e1);
    bc_buffer_free(&b);
    bc_status s2 = render_to(3, ctx, &b, &e2);
    bc_buffer_free(&b);
    CHECK(s1 != BC_OK && s1 == s2);
    CHECK_STR(e2.message, e1.message);
    CHECK(e1.line == e2.line && e1.line > 0);
    bc_error_clear(&e1);
    bc_error_clear(&e2);
    make_report(3, "");
    CHECK(render_to(3, ctx, &b, &e) == BC_OK && b.len == plain[3].len &&
          !memcmp(b.data, plain[3].data, b.len));
    bc_buffer_free(&b);
    bc_render_ctx_free(ctx);
    bc_render_ctx_free(NULL);

    /* 4. the order of bc_status_worst */
    CHECK(bc_status_worst(BC_OK, BC_E_DATA) == BC_E_DATA);
    CHECK(bc_status_worst(BC_E_DATA, BC_OK) == BC_E_DATA);
    CHECK(bc_status_worst(BC_E_DATA, BC_E_USAGE) == BC_E_USAGE);
    CHECK(bc_status_worst(BC_E_INPUT, BC_E_DATA) == BC_E_INPUT);
    CHECK(bc_status_worst(BC_E_INPUT, BC_E_OUTPUT) == BC_E_OUTPUT);
    CHECK(bc_status_worst(BC_E_INTERNAL, BC_E_LAYOUT) == BC_E_INTERNAL);
    CHECK(bc_status_worst(BC_OK, BC_OK) == BC_OK);

    /* 5. a batch beside the reports: names, results in the order given,
     * one progress call per report; a broken one fails alone */
    char q1[600], broken[600];
    snprintf(q1, sizeof q1, "%s/xa-1/quy-1.yaml", root); /* a .yaml not named report.yaml */
    {
        char src[600];
        snprintf(src, sizeof src, "%s/xa-1/report.yaml", root);
        FILE *f = fopen(src, "rb");
        char text[4096];
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        put(q1, text);
    }
    snprintf(broken, sizeof broken, "%s/hong", root);
    mkdir(broken, 0755);
    {
        char p[700];
        snprintf(p, sizeof p, "%s/report.yaml", broken);
        put(p, "loai: bao-cao\nco-quan: [A\n");
    }
    char slashed[600];
    snprintf(slashed, sizeof slashed, "%s/", dirs[2]);
    const char *reports[] = {dirs[0], q1, slashed, broken};
    bc_render_opts ro = BC_RENDER_OPTS_INIT;
    ro.shipped_fonts_only = true;
    bc_batch_opts bo = BC_BATCH_OPTS_INIT;
    seen s = {0, 0, 0, 0};
    bo.progress = on_progress;
    bo.progress_ctx = &s;
    bo.threads = 2;
    bc_batch_item *items = NULL;
    bc_status st = bc_render_batch(reports, 4, &ro, &bo, &items, &e);
    CHECK(st == BC_E_INPUT);
    CHECK(e.message == NULL); /* the batch ran: errors are the items' */
    CHECK(items != NULL);
    CHECK(s.calls == 4 && s.order_ok == 4 && s.total == 4);
    if (items) {
        char want[700];
        snprintf(want, sizeof want, "%s/xa-0.pdf", dirs[0]);
        CHECK_STR(items[0].output, want);
        CHECK(items[0].written && items[0].status == BC_OK && items[0].pages == 1);
        CHECK(items[0].report == reports[0]);
        snprintf(want, sizeof want, "%s/quy-1.pdf", dirs[1]);
        CHECK_STR(items[1].output, want);
        snprintf(want, sizeof want, "%s/xa-2.pdf", dirs[2]);
        CHECK_STR(items[2].output, want);
        CHECK(items[2].written && access(want, F_OK) == 0);
        snprintf(want, sizeof want, "%s/hong.pdf", broken);
        CHECK_STR(items[3].output, want);
        CHECK(!items[3].written && items[3].status == BC_E_INPUT && items[3].error.message);
        CHECK(access(want, F_OK) != 0);
        CHECK(items[0].seconds > 0);
    }
    bc_batch_items_free(items, 4);

    /* 6. refusals before anything is written */
    char outdir[600];
    snprintf(outdir, sizeof outdir, "%s/ra", root);
    bo = (bc_batch_opts)BC_BATCH_OPTS_INIT;
    bo.out_dir = outdir;
    const char *twice[] = {dirs[0], slashed, dirs[0]};
    st = bc_render_batch(twice, 3, &ro, &bo, &items, &e);
    CHECK(st == BC_E_USAGE && items == NULL);
    char want[2048];
    snprintf(want, sizeof want,
             "hai báo cáo cùng ghi ra một tệp %s/xa-0.pdf: %s và %s; tên tệp PDF lấy theo tên "
             "thư mục báo cáo (hoặc tên tệp .yaml nếu không phải report.yaml): hãy đổi tên một "
             "thư mục, hoặc bỏ báo cáo trùng",
             outdir, dirs[0], dirs[0]);
    CHECK_STR(e.message, want);
    CHECK(access(outdir, F_OK) != 0); /* not even the folder */
    bc_error_clear(&e);
    ro.output = "x.pdf";
    st = bc_render_batch(reports, 2, &ro, &bo, &items, &e);
    CHECK(st == BC_E_USAGE && items == NULL && e.message);
    bc_error_clear(&e);
    ro.output = NULL;
    st = bc_render_batch(reports, 0, &ro, &bo, &items, &e);
    CHECK(st == BC_E_USAGE && items == NULL);
    CHECK_STR(e.message, "không có báo cáo nào để in");
    bc_error_clear(&e);
    bo.struct_size = sizeof bo - 1;
    st = bc_render_batch(reports, 1, &ro, &bo, &items, &e);
    CHECK(st == BC_E_USAGE && items == NULL);
    bc_error_clear(&e);
    bo = (bc_batch_opts)BC_BATCH_OPTS_INIT;
    char afile[700];
    snprintf(afile, sizeof afile, "%s/xa-0/noi-dung.md", root);
    bo.out_dir = afile;
    st = bc_render_batch(reports, 1, &ro, &bo, &items, &e);
    CHECK(st == BC_E_OUTPUT && items == NULL);
    CHECK_STR(e.file, afile);
    bc_error_clear(&e);

    /* 7. into a new folder, the same bytes as the plain renders */
    bo.out_dir = outdir;
    const char *all[] = {dirs[0], dirs[1], dirs[2], dirs[3]};
    bo.threads = 3;
    st = bc_render_batch(all, 4, &ro, &bo, &items, &e);
    CHECK(st == BC_OK && items);
    for (int i = 0; items && i < NREP; i++) {
        FILE *f = fopen(items[i].output, "rb");
        CHECK(f != NULL);
        if (!f)
            continue;
        unsigned char *data = malloc(plain[i].len + 1);
        size_t n = fread(data, 1, plain[i].len + 1, f);
        fclose(f);
        CHECK(n == plain[i].len && !memcmp(data, plain[i].data, n));
        free(data);
    }
    bc_batch_items_free(items, 4);

    for (int i = 0; i < NREP; i++)
        bc_buffer_free(&plain[i]);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return check_report();
}
