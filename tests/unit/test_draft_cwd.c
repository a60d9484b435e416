/* A draft's settings (du-thao.yaml) come from the report's folder - on the
 * disk, or among the report's files given in memory (bc_render_opts.files)
 * - and from the options, never from the process's current folder: a
 * program rendering drafts from memory in a folder that happens to hold a
 * du-thao.yaml (another report's) must neither read it nor fail on it.
 * Uses baocao.h only. */
#define _POSIX_C_SOURCE 200809L
#include <baocao.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfiles.h"

static const char REPORT[] = TEST_REPORT_HEAD TEST_REPORT_TAIL;
static const char BODY[] = "Huyện đã giải quyết hồ sơ đúng hạn.\n";
/* the current folder's du-thao.yaml: another report's, naming a previous
 * draft that is not there */
static const char STRAY[] = "lan: 4\nso-voi: ban-truoc-khong-co\n";

static bc_status draft(const char *report, const bc_memfile *files, size_t n, bc_buffer *pdf,
                       bc_error *e)
{
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.files = files;
    o.nfiles = n;
    o.pdf_write = bc_buffer_write;
    o.pdf_write_ctx = pdf;
    o.shipped_fonts_only = true;
    o.draft = true;
    o.stamp_time = "05/04/2024 08:00";
    bc_render_result res = {0};
    bc_diags d = BC_DIAGS_INIT;
    pdf->len = 0;
    bc_status st = bc_render_report(report, &o, &res, &d, e);
    if (st && e->message)
        fprintf(stderr, "(%s: %s)\n", e->file ? e->file : "", e->message);
    bc_diags_free(&d);
    return st;
}

int main(void)
{
    char dir[] = "/tmp/bc-draftcwd-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 2;
    put("du-thao.yaml", STRAY);
    bc_buffer pdf = BC_BUFFER_INIT;
    bc_error e = BC_ERROR_INIT;

    /* 1. in memory, no du-thao.yaml among the files: the current folder's
     * is not read (it was: "không có trong các tệp đưa vào bộ nhớ", or with
     * it in memory too, its so-voi looked up on the disk) */
    bc_memfile files[] = {{"report.yaml", REPORT, sizeof REPORT - 1},
                          {"noi-dung.md", BODY, sizeof BODY - 1},
                          {"du-thao.yaml", NULL, 0}};
    bc_status st = draft("report.yaml", files, 2, &pdf, &e);
    CHECK(st == BC_OK);
    CHECK(pdf.len > 1000 && !memcmp(pdf.data, "%PDF-", 5));
    bc_error_clear(&e);

    /* 2. the report's own du-thao.yaml in memory is read (and checked) */
    static const char BAD[] = "lan: 200\n";
    files[2] = (bc_memfile){"du-thao.yaml", BAD, sizeof BAD - 1};
    st = draft("report.yaml", files, 3, &pdf, &e);
    CHECK(st == BC_E_INPUT);
    CHECK(has(&e, "'lan' phải là số nguyên từ 1 đến 99"));
    CHECK(e.file && strstr(e.file, "du-thao.yaml") && e.line == 1);
    bc_error_clear(&e);
    static const char GOOD[] = "lan: 3\nhinh-chim: co\n";
    files[2] = (bc_memfile){"du-thao.yaml", GOOD, sizeof GOOD - 1};
    st = draft("report.yaml", files, 3, &pdf, &e);
    CHECK(st == BC_OK);
    bc_error_clear(&e);
    /* its so-voi is looked for among the files in memory, not on the disk */
    static const char PREV[] = "so-voi: truoc\n";
    files[2] = (bc_memfile){"du-thao.yaml", PREV, sizeof PREV - 1};
    mkdir("truoc", 0755);
    put("truoc/report.yaml", REPORT);
    st = draft("report.yaml", files, 3, &pdf, &e);
    CHECK(st == BC_E_USAGE && has(&e, "không tìm thấy bản dự thảo trước './truoc'"));
    bc_error_clear(&e);

    /* 3. a report in a sub-folder of the memory set: its folder's file */
    bc_memfile sub[] = {{"bc/report.yaml", REPORT, sizeof REPORT - 1},
                        {"bc/noi-dung.md", BODY, sizeof BODY - 1},
                        {"bc/du-thao.yaml", BAD, sizeof BAD - 1}};
    st = draft("bc/report.yaml", sub, 3, &pdf, &e);
    CHECK(st == BC_E_INPUT && e.file && !strcmp(e.file, "bc/du-thao.yaml"));
    bc_error_clear(&e);
    st = draft("bc/report.yaml", sub, 2, &pdf, &e);
    CHECK(st == BC_OK);
    bc_error_clear(&e);

    /* 4. from the disk, a report elsewhere: its folder's du-thao.yaml, not
     * the current folder's */
    mkdir("bc", 0755);
    put("bc/report.yaml", REPORT);
    put("bc/noi-dung.md", BODY);
    st = draft("bc/report.yaml", NULL, 0, &pdf, &e);
    CHECK(st == BC_OK);
    bc_error_clear(&e);
    put("bc/du-thao.yaml", BAD);
    st = draft("bc/report.yaml", NULL, 0, &pdf, &e);
    CHECK(st == BC_E_INPUT && e.file && !strcmp(e.file, "bc/du-thao.yaml"));
    bc_error_clear(&e);

    bc_buffer_free(&pdf);
    unlink("bc/report.yaml");
    unlink("bc/noi-dung.md");
    unlink("bc/du-thao.yaml");
    rmdir("bc");
    unlink("truoc/report.yaml");
    rmdir("truoc");
    unlink("du-thao.yaml");
    if (chdir("/") == 0)
        rmdir(dir);
    return check_report();
}
