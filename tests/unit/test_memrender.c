/* The public API's memory paths (baocao.h): a report rendered from
 * bc_memfile buffers into a bc_buffer gives the same bytes as the same
 * files rendered from disk to a file; with a memory set a relative path is
 * never read from the disk; options carry their ABI size; a failing write
 * callback is BC_E_OUTPUT with the reason. Uses baocao.h only. */
#define _POSIX_C_SOURCE 200809L
#include <baocao.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "testfiles.h"

static const char REPORT[] = TEST_REPORT_HEAD "so-lieu: [chi-so.yaml]\n" TEST_REPORT_TAIL;
static const char BODY[] = "Huyện đã giải quyết {{ ho_so | so0 }} hồ sơ đúng hạn.\n";
static const char DATA[] = "ho_so: 4321\n";

static int fail_write(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return ENOSPC;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 22);
    *len = fread(buf, 1, 1 << 22, f);
    fclose(f);
    return buf;
}

int main(void)
{
    char dir[] = "/tmp/bc-memrender-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return 2;
    bc_memfile files[] = {{"report.yaml", REPORT, sizeof REPORT - 1},
                          {"./noi-dung.md", BODY, sizeof BODY - 1},
                          {"chi-so.yaml", DATA, sizeof DATA - 1}};

    /* from memory into a buffer */
    bc_buffer pdf = BC_BUFFER_INIT;
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.files = files;
    o.nfiles = 3;
    o.pdf_write = bc_buffer_write;
    o.pdf_write_ctx = &pdf;
    o.shipped_fonts_only = true;
    bc_render_result res = {0};
    bc_diags d = BC_DIAGS_INIT;
    bc_error e = BC_ERROR_INIT;
    bc_status st = bc_render_report("report.yaml", &o, &res, &d, &e);
    if (st)
        fprintf(stderr, "%s\n", e.message ? e.message : "?");
    CHECK(st == BC_OK);
    CHECK(res.pages == 1);
    CHECK(pdf.len > 1000 && !memcmp(pdf.data, "%PDF-", 5));
    bc_error_clear(&e);
    bc_diags_free(&d);

    /* the same files on disk, to a file: the same bytes */
    put("report.yaml", REPORT);
    put("noi-dung.md", BODY);
    put("chi-so.yaml", DATA);
    bc_render_opts f = BC_RENDER_OPTS_INIT;
    f.output = "tu-dia.pdf";
    f.shipped_fonts_only = true;
    st = bc_render_report("report.yaml", &f, &res, &d, &e);
    CHECK(st == BC_OK);
    size_t flen = 0;
    char *fbytes = slurp("tu-dia.pdf", &flen);
    CHECK(fbytes && flen == pdf.len && !memcmp(fbytes, pdf.data, flen));
    free(fbytes);
    bc_error_clear(&e);
    bc_diags_free(&d);
    bc_buffer_free(&pdf);
    CHECK(pdf.data == NULL && pdf.len == 0);

    /* with a memory set, noi-dung.md on the disk is not read */
    bc_memfile no_body[] = {files[0], files[2]};
    o.files = no_body;
    o.nfiles = 2;
    st = bc_render_report("report.yaml", &o, &res, &d, &e);
    CHECK(st == BC_E_INPUT);
    CHECK(has(&e, "noi-dung.md") && has(&e, "bc_memfile"));
    CHECK(e.file && !strcmp(e.file, "report.yaml") && e.line == 9);
    CHECK(pdf.len == 0);
    bc_error_clear(&e);
    bc_diags_free(&d);

    /* "../" leads nowhere in a memory set */
    o.files = files;
    o.nfiles = 3;
    st = bc_render_report("../report.yaml", &o, &res, &d, &e);
    CHECK(st == BC_E_INPUT && has(&e, "bc_memfile"));
    bc_error_clear(&e);

    /* a write callback that fails: BC_E_OUTPUT with the reason */
    o.pdf_write = fail_write;
    st = bc_render_report("report.yaml", &o, &res, &d, &e);
    CHECK(st == BC_E_OUTPUT);
    CHECK(e.message && strstr(e.message, "không ghi được"));
    bc_error_clear(&e);
    bc_diags_free(&d);

    /* a file and a callback at once, and a wrong ABI size: refused */
    o.pdf_write = bc_buffer_write;
    o.output = "hai-noi.pdf";
    CHECK(bc_render_report("report.yaml", &o, &res, &d, &e) == BC_E_USAGE);
    CHECK(access("hai-noi.pdf", F_OK) != 0);
    bc_error_clear(&e);
    o.output = NULL;
    o.struct_size = sizeof o - 8;
    CHECK(bc_render_report("report.yaml", &o, &res, &d, &e) == BC_E_USAGE);
    CHECK(has(&e, "BC_RENDER_OPTS_INIT"));
    bc_error_clear(&e);
    bc_next_opts no = BC_NEXT_OPTS_INIT;
    no.struct_size = 1;
    CHECK(bc_next_report("report.yaml", "moi", &no, NULL, &d, &e) == BC_E_USAGE);
    bc_error_clear(&e);
    bc_table_print_opts to = BC_TABLE_PRINT_OPTS_INIT;
    to.struct_size = 0;
    CHECK(bc_table_print(&to, NULL, &d, &e) == BC_E_USAGE);
    bc_error_clear(&e);
    bc_diags_free(&d);
    bc_convert_opts co = BC_CONVERT_OPTS_INIT;
    char *conv = NULL;
    size_t clen = 0;
    bc_convert_result cr = {9, 9, 9};
    /* already Unicode: left as is, nothing converted */
    CHECK(bc_convert_legacy("Đổi mới", strlen("Đổi mới"), "t.txt", &co, &conv, &clen, &cr, &d,
                            &e) == BC_OK);
    CHECK_STR(conv, "Đổi mới");
    CHECK(cr.tcvn3 == 0 && cr.vni == 0 && cr.codepage == 0);
    free(conv);
    bc_diags_free(&d);
    co.struct_size = 3;
    CHECK(bc_convert_legacy("x", 1, "t.txt", &co, &conv, &clen, &cr, &d, &e) == BC_E_USAGE);
    bc_error_clear(&e);
    CHECK(bc_version() && bc_version()[0]);

    unlink("report.yaml");
    unlink("noi-dung.md");
    unlink("chi-so.yaml");
    unlink("tu-dia.pdf");
    if (chdir("/") == 0)
        rmdir(dir);
    return check_report();
}
