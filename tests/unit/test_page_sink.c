/* Unit test of the page-sink error idiom (display.h): a sink's own error
 * (status, code, file, line, column, message) reaches the caller of the
 * layout unchanged, through the pager and through every filter (text
 * self-check, draft marks, review-note anchors, the libharu writer passing
 * pages on to the PNG preview writer); a writer's error names the file it
 * could not write; a filter's or the pager's own shaping failure is
 * reported as what it is, not as out of memory. */
#include <sys/stat.h>
#include <unistd.h>

#include "draft.h"
#include "layoutfix.h"
#include "render_cairo.h"
#include "render_hpdf.h"
#include "reviewfile.h"
#include "reviewnotes.h"
#include "textcheck.h"

static fx F;

/* Keeps pages until call fail_at, which fails with a writer-like error. */
typedef struct failing {
    int calls, fail_at;
    fx_pages kept;
} failing;

static bc_status failing_page(void *ctx, bc_page *page, bc_error *err)
{
    failing *f = ctx;
    if (++f->calls < f->fail_at)
        return fx_keep_page(&f->kept, page, err);
    bc_page_free(page);
    bc_error_set(err, BC_E_OUTPUT, "/ra/bao-cao.pdf", 12, 7, "ổ đĩa đầy khi ghi trang %d",
                 f->calls);
    return bc_error_code_set(err, BC_EC_OPEN);
}

static void check_verbatim(const bc_error *err, int page)
{
    char want[64];
    snprintf(want, sizeof want, "ổ đĩa đầy khi ghi trang %d", page);
    CHECK(err->status == BC_E_OUTPUT);
    CHECK(err->code == BC_EC_OPEN);
    CHECK_STR(err->file, "/ra/bao-cao.pdf");
    CHECK(err->line == 12);
    CHECK(err->column == 7);
    CHECK_STR(err->message, want);
}

/* A narrative of 40 paragraphs: three pages or more. */
static char *narrative(void)
{
    bc_buf md = BC_BUF_INIT;
    for (int i = 1; i <= 40; i++)
        bc_buf_printf(&md, "Đoạn %d: Sở Nội vụ đã triển khai nhiệm vụ cải cách hành chính số %d "
                           "theo kế hoạch của Ủy ban nhân dân tỉnh.\n\n", i, i);
    return md.data;
}

typedef struct doc {
    bc_report *rep;
    bc_doc *doc;
} doc;

static bool doc_open(doc *d)
{
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    char *md = narrative();
    memset(d, 0, sizeof *d);
    bc_status st = bc_report_parse(FX_REPORT_YAML, strlen(FX_REPORT_YAML), "mem/report.yaml",
                                   &d->rep, &err);
    if (!st)
        st = bc_markdown_parse(md, strlen(md), "mem/noi-dung.md", &d->doc, &diags, &err);
    if (st)
        fprintf(stderr, "set-up: %s\n", err.message);
    free(md);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    return st == BC_OK;
}

static void doc_close(doc *d)
{
    bc_doc_free(d->doc);
    bc_report_free(d->rep);
}

static bc_status lay(const doc *d, const bc_layout_cfg *cfg, bc_page_sink sink, bc_error *err)
{
    bc_diags diags = BC_DIAGS_INIT;
    bc_layout_input in = {.report = d->rep, .doc = d->doc, .cfg = cfg, .fonts = F.fonts};
    bc_status st = bc_layout_report(&in, sink, &diags, NULL, err);
    bc_diags_free(&diags);
    return st;
}

/* The pager: the sink's error as it was set, at the page that failed. */
static void test_pager(const doc *d)
{
    for (int at = 1; at <= 3; at++) {
        failing f = {.fail_at = at};
        bc_error err = BC_ERROR_INIT;
        bc_status st = lay(d, F.cfg, (bc_page_sink){failing_page, &f}, &err);
        CHECK(st == BC_E_OUTPUT);
        check_verbatim(&err, at);
        CHECK(f.kept.n == (size_t)at - 1);
        bc_error_clear(&err);
        fx_pages_free(&f.kept);
    }
}

/* Filters pass the next sink's error on unchanged. */
static void test_filters(const doc *d)
{
    failing f = {.fail_at = 2};
    bc_error err = BC_ERROR_INIT;

    bc_textcheck *tc = bc_textcheck_new((bc_page_sink){failing_page, &f});
    CHECK(tc != NULL);
    CHECK(lay(d, F.cfg, bc_textcheck_sink(tc), &err) == BC_E_OUTPUT);
    check_verbatim(&err, 2);
    bc_textcheck_free(tc);
    bc_error_clear(&err);
    fx_pages_free(&f.kept);

    f = (failing){.fail_at = 2};
    bc_draft *dr = NULL;
    bc_draft_opts o = {.round = 2, .stamp_time = "05/02/2024 08:30"};
    CHECK(bc_draft_new(&o, F.cfg, F.fonts, (bc_page_sink){failing_page, &f}, &dr, &err) == BC_OK);
    CHECK(lay(d, F.cfg, bc_draft_sink(dr), &err) == BC_E_OUTPUT);
    check_verbatim(&err, 2);
    bc_error_clear(&err);
    /* The filter keeps the first failure: pages after it (the list of
     * sources) report it again, as it was. */
    bc_draft_listed_file file = {.name = "so-lieu.csv", .source = "so-lieu.csv",
                                 .sha256 = "00"};
    CHECK(bc_draft_source_list(dr, &file, 1, false, &err) == BC_E_OUTPUT);
    check_verbatim(&err, 2);
    bc_draft_free(dr);
    bc_error_clear(&err);
    fx_pages_free(&f.kept);

    /* The draft's own pages after the document go the same way. */
    f = (failing){.fail_at = 1000};
    CHECK(bc_draft_new(&o, F.cfg, F.fonts, (bc_page_sink){failing_page, &f}, &dr, &err) == BC_OK);
    CHECK(lay(d, F.cfg, bc_draft_sink(dr), &err) == BC_OK);
    f.fail_at = f.calls + 1;
    CHECK(bc_draft_source_list(dr, &file, 1, false, &err) == BC_E_OUTPUT);
    check_verbatim(&err, f.fail_at);
    bc_draft_free(dr);
    bc_error_clear(&err);
    fx_pages_free(&f.kept);

    f = (failing){.fail_at = 3};
    bc_review_notes notes = {.file = "gop-y.yaml"};
    bc_anchor_finder *an = NULL;
    CHECK(bc_anchor_finder_new(&notes, (bc_page_sink){failing_page, &f}, &an, &err) == BC_OK);
    CHECK(lay(d, F.cfg, bc_anchor_finder_sink(an), &err) == BC_E_OUTPUT);
    check_verbatim(&err, 3);
    bc_anchor_finder_free(an);
    bc_error_clear(&err);
    fx_pages_free(&f.kept);

    f = (failing){.fail_at = 2};
    bc_hpdf_writer *hw = NULL;
    CHECK(bc_hpdf_writer_open(NULL, NULL, NULL, (bc_page_sink){failing_page, &f}, &hw, &err) ==
          BC_OK);
    CHECK(lay(d, F.cfg, (bc_page_sink){bc_hpdf_writer_page, hw}, &err) == BC_E_OUTPUT);
    check_verbatim(&err, 2);
    bc_error_clear(&err);
    /* ... and the writer reports it again at close. */
    CHECK(bc_hpdf_writer_close(hw, NULL, 0, &err) == BC_E_OUTPUT);
    check_verbatim(&err, 2);
    bc_error_clear(&err);
    fx_pages_free(&f.kept);
}

/* A PNG preview that cannot be written (its name is a folder): the cairo
 * writer's error names the file, directly and behind the libharu writer,
 * with and without the drawing thread. */
static void test_writer_names_path(const doc *d)
{
    char dir[] = "/tmp/bc-page-sink-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char blocked[256], want[300];
    snprintf(blocked, sizeof blocked, "%s/trang-002.png", dir);
    CHECK(mkdir(blocked, 0755) == 0);
    snprintf(want, sizeof want, "ảnh xem trước %s: ", blocked);
    for (int k = 0; k < 3; k++) {
        bc_error err = BC_ERROR_INIT;
        bc_cairo_writer *cw = NULL;
        CHECK(bc_cairo_writer_open(NULL, NULL, dir, 30, NULL, &cw, &err) == BC_OK);
        if (k == 1)
            bc_cairo_writer_use_thread(cw);
        bc_hpdf_writer *hw = NULL;
        bc_page_sink sink = {bc_cairo_writer_page, cw};
        if (k == 2) {
            CHECK(bc_hpdf_writer_open(NULL, NULL, NULL, sink, &hw, &err) == BC_OK);
            sink = (bc_page_sink){bc_hpdf_writer_page, hw};
        }
        bc_status st = lay(d, F.cfg, sink, &err);
        /* With the drawing thread the failure may only be seen at close
         * (the layout may be done before the thread reaches page 2). */
        if (k == 1 && st == BC_OK) {
            st = bc_cairo_writer_close(cw, &err);
            cw = NULL;
        }
        CHECK(st == BC_E_OUTPUT);
        CHECK(err.message && !strncmp(err.message, want, strlen(want)));
        if (err.message && strncmp(err.message, want, strlen(want)))
            fprintf(stderr, "  writer %d: %s\n", k, err.message);
        bc_hpdf_writer_abort(hw);
        bc_cairo_writer_abort(cw);
        bc_error_clear(&err);
    }
    char p1[300];
    snprintf(p1, sizeof p1, "%s/trang-001.png", dir);
    unlink(p1);
    rmdir(blocked);
    CHECK(rmdir(dir) == 0);
}

/* Shaping failures are what they are: a page number or a draft mark too
 * wide to set is BC_E_LAYOUT "một từ quá dài ...", not out of memory. */
static void test_shaping_errors(const doc *d)
{
    bc_layout_cfg alt = *F.cfg;
    alt.styles[BC_ST_PAGE_NUMBER].size = 4000;
    fx_pages kept = {0};
    bc_error err = BC_ERROR_INIT;
    CHECK(lay(d, &alt, fx_sink(&kept), &err) == BC_E_LAYOUT);
    CHECK(err.message && strstr(err.message, "một từ quá dài"));
    CHECK(kept.n == 1); /* page 1 has no number */
    fx_pages_free(&kept);
    bc_error_clear(&err);

    alt = *F.cfg;
    alt.styles[BC_ST_DRAFT_MARK].size = 4000;
    bc_draft *dr = NULL;
    bc_draft_opts o = {.round = 1, .stamp_time = "05/02/2024 08:30"};
    CHECK(bc_draft_new(&o, &alt, F.fonts, fx_sink(&kept), &dr, &err) == BC_OK);
    CHECK(lay(d, &alt, bc_draft_sink(dr), &err) == BC_E_LAYOUT);
    CHECK(err.message && strstr(err.message, "một từ quá dài") && strstr(err.message, "DỰ THẢO"));
    CHECK(kept.n == 0);
    bc_draft_free(dr);
    fx_pages_free(&kept);
    bc_error_clear(&err);
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan")) {
        check_report();
        return 1;
    }
    doc d;
    if (doc_open(&d)) {
        test_pager(&d);
        test_filters(&d);
        test_writer_names_path(&d);
        test_shaping_errors(&d);
    } else {
        CHECK(!"set-up");
    }
    doc_close(&d);
    fx_close(&F);
    return check_report();
}
