/* Golden layout test: a small report laid out with the shipped fonts and
 * serialised (bc_page_dump), compared line by line with
 * tests/data/golden/expected-layout.txt. Any change of position, break,
 * size or style shows as a diff. BAOCAO_UPDATE_GOLDEN=1 rewrites the file
 * (review the diff before committing it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fonts.h"
#include "layout.h"
#include "layoutcfg.h"
#include "markdown.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"

static int dump_page(void *ctx, bc_page *page)
{
    bc_page_dump(page, ctx);
    bc_page_free(page);
    return 0;
}

int main(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    if (!src)
        src = "..";
    char path[4096], dir[4096];
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_report *rep = NULL;
    bc_doc *doc = NULL;
    bc_layout_cfg *cfg = NULL;
    bc_fonts *fonts = NULL;
    snprintf(path, sizeof path, "%s/tests/data/golden/report.yaml", src);
    CHECK(bc_report_load(path, &rep, &err) == BC_OK);
    CHECK(rep && bc_markdown_load(rep->body_path, &doc, &diags, &err) == BC_OK);
    snprintf(dir, sizeof dir, "%s/layouts", src);
    CHECK(bc_layout_cfg_load(dir, "nd30-chuan", &cfg, &err) == BC_OK);
    snprintf(dir, sizeof dir, "%s/fonts", src);
    CHECK(cfg && bc_fonts_new(dir, (const char *const *)cfg->fonts, false, &fonts, &err) == BC_OK);
    if (!rep || !doc || !cfg || !fonts) {
        fprintf(stderr, "set-up failed: %s\n", err.message ? err.message : "?");
        return check_report();
    }
    bc_buf got = BC_BUF_INIT;
    bc_layout_input in = {.report = rep, .doc = doc, .cfg = cfg, .fonts = fonts};
    int pages = 0;
    CHECK(bc_layout_report(&in, (bc_page_sink){dump_page, &got}, &diags, &pages, &err) == BC_OK);
    CHECK(pages == 1);

    snprintf(path, sizeof path, "%s/tests/data/golden/expected-layout.txt", src);
    if (getenv("BAOCAO_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        CHECK(f && fwrite(got.data, 1, got.len, f) == got.len);
        if (f)
            fclose(f);
    }
    char *want = NULL;
    size_t wlen = 0;
    CHECK(bc_file_read(path, &want, &wlen, &err) == BC_OK);
    if (want && got.data) {
        /* First differing line, for a readable failure. */
        const char *a = got.data, *b = want;
        int line = 1;
        while (*a && *a == *b) {
            if (*a == '\n')
                line++;
            a++;
            b++;
        }
        bool same = got.len == wlen && memcmp(got.data, want, wlen) == 0;
        if (!same) {
            const char *ae = strchr(a, '\n'), *be = strchr(b, '\n');
            fprintf(stderr, "layout differs at line %d:\n  got:  %.*s\n  want: %.*s\n", line,
                    (int)(ae ? ae - a : (long)strlen(a)), a, (int)(be ? be - b : (long)strlen(b)), b);
        }
        CHECK(same);
    }
    free(want);
    bc_buf_free(&got);
    bc_fonts_free(fonts);
    bc_layout_cfg_free(cfg);
    bc_doc_free(doc);
    bc_report_free(rep);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    return check_report();
}
