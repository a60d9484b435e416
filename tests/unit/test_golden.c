/* Golden layout tests: small documents laid out with the shipped layout
 * and fonts (fonts/, no system fonts) and serialised with bc_page_dump (one
 * line per display item, positions to 0.01 pt, in the manner of Pango's
 * layout tests), compared with files in tests/data/golden/:
 *   expected-layout.txt     report.yaml + noi-dung.md: a one-page báo cáo
 *   expected-footnotes.txt  report.yaml + chu-thich.md: twelve footnotes
 *   expected-table.txt      bang-doc.yaml + .csv: a portrait appendix table
 *   expected-landscape.txt  bang-ngang.yaml + .csv: a landscape appendix on
 *                           three pages, header repeated, a row split
 *                           (padded at both cut edges, STT repeated)
 * Any change of position, break, size or style shows as a diff (-want
 * +got, by line). To accept an intended change:
 *   BAOCAO_UPDATE_GOLDEN=1 ctest --test-dir build -R unit.test_golden
 * then review `git diff tests/data/golden` before committing. */
#include "appendix.h"
#include "layoutfix.h"

static fx F;

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/tests/data/golden/%s", fx_src(), name);
}

/* report.yaml with the narrative md (a file in tests/data/golden/). */
static void golden_report(const char *md, const char *expected, size_t want_pages)
{
    char path[4096];
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_report *rep = NULL;
    bc_doc *doc = NULL;
    path_of(path, sizeof path, "report.yaml");
    CHECK(bc_report_load(path, &rep, &err) == BC_OK);
    path_of(path, sizeof path, md);
    CHECK(bc_markdown_load(path, &doc, &diags, &err) == BC_OK);
    fx_pages ps = {0};
    if (rep && doc) {
        bc_layout_input in = {.report = rep, .doc = doc, .cfg = F.cfg, .fonts = F.fonts};
        CHECK(bc_layout_report(&in, fx_sink(&ps), &diags, NULL, &err) == BC_OK);
    }
    if (err.message)
        fprintf(stderr, "%s: %s\n", md, err.message);
    CHECK(ps.n == want_pages);
    CHECK(diags.count == 0);
    fx_golden(expected, &ps);
    fx_pages_free(&ps);
    bc_doc_free(doc);
    bc_report_free(rep);
    bc_diags_free(&diags);
    bc_error_clear(&err);
}

/* One appendix table on its own (as `baocao table` lays it out). */
static void golden_table(const char *spec, const char *expected, size_t want_pages)
{
    char path[4096];
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_appendices *ap = NULL;
    bc_check_options chk = {0};
    path_of(path, sizeof path, spec);
    CHECK(bc_appendix_load_one(path, NULL, &chk, &ap, &diags, &err) == BC_OK);
    fx_pages ps = {0};
    if (ap) {
        CHECK(ap->mismatches == 0);
        bc_layout_input in = {.cfg = F.cfg, .fonts = F.fonts, .appendices = ap};
        CHECK(bc_layout_appendices_only(&in, fx_sink(&ps), &diags, NULL, &err) == BC_OK);
    }
    if (err.message)
        fprintf(stderr, "%s: %s\n", spec, err.message);
    CHECK(bc_diags_count(&diags, BC_WARNING) == 0);
    for (size_t i = 0; i < diags.count; i++)
        if (diags.items[i].severity == BC_WARNING)
            fprintf(stderr, "%s: %s\n", spec, diags.items[i].message);
    CHECK(ps.n == want_pages);
    fx_golden(expected, &ps);
    fx_pages_free(&ps);
    bc_appendices_free(ap);
    bc_diags_free(&diags);
    bc_error_clear(&err);
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan")) {
        check_report();
        return 1;
    }
    golden_report("noi-dung.md", "expected-layout.txt", 1);
    golden_report("chu-thich.md", "expected-footnotes.txt", 2);
    golden_table("bang-doc.yaml", "expected-table.txt", 1);
    golden_table("bang-ngang.yaml", "expected-landscape.txt", 3);
    fx_close(&F);
    return check_report();
}
