/* The "no text lost" self-check: words shaped onto a page are compared with
 * the expected text; a missing word is reported by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "para.h"
#include "textcheck.h"

static bc_status drop(void *ctx, bc_page *page, bc_error *err)
{
    (void)ctx;
    (void)err;
    bc_page_free(page);
    return 0;
}

static bc_status run_at(bc_fonts *fonts, const bc_layout_cfg *cfg, const char *printed,
                        const char *expected, double x, double y, bc_error *err)
{
    bc_textcheck *tc = bc_textcheck_new((bc_page_sink){drop, NULL});
    bc_textcheck_expect(tc, expected);
    bc_page *page = bc_page_new(595, 842, 0);
    bc_para_opts o = {
        .style = &cfg->styles[BC_ST_BODY], .single = cfg->single, .text = &cfg->text, .width = 200};
    bc_para *p = NULL;
    if (bc_para_shape_plain(fonts, printed, &o, &p, err) == BC_OK) {
        for (size_t i = 0; i < p->nlines; i++)
            bc_line_emit(&p->lines[i], page, x, y + 20 * (double)i, BC_ROLE_BODY);
        bc_para_free(p);
    }
    bc_page_sink sink = bc_textcheck_sink(tc);
    sink.page(sink.ctx, page, err);
    bc_status st = bc_textcheck_finish(tc, err);
    bc_textcheck_free(tc);
    return st;
}

static bc_status run(bc_fonts *fonts, const bc_layout_cfg *cfg, const char *printed,
                     const char *expected, bc_error *err)
{
    return run_at(fonts, cfg, printed, expected, 50, 100, err);
}

int main(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", src ? src : "..");
    bc_error err = BC_ERROR_INIT;
    bc_layout_cfg *cfg = bc_layout_cfg_default();
    bc_fonts *fonts = NULL;
    CHECK(bc_fonts_new(dir, (const char *const *)cfg->fonts, false, false, &fonts, &err) == BC_OK);
    if (!fonts)
        return check_report();

    /* Everything printed (wrapped over several lines, upper case too). */
    CHECK(run(fonts, cfg, "Ủy ban nhân dân tỉnh Khánh Hòa ban hành Quyết định số 4034/QĐ-UBND",
              "ủy ban nhân dân TỈNH KHÁNH HÒA ban hành Quyết định số 4034/QĐ-UBND",
              &err) == BC_OK);
    /* Upper-casing that does not round-trip (dotless ı -> I) is not a loss
     * (fuzz regression). */
    CHECK(run(fonts, cfg, "AIÁNB", "aıánb", &err) == BC_OK);
    /* Right-to-left letters reordered next to digits are not a loss (fuzz
     * regression). */
    CHECK(run(fonts, cfg, "so \u05df4034/QĐ", "so \u05df4034/QĐ", &err) == BC_OK);
    /* A word missing from the page is named. */
    CHECK(run(fonts, cfg, "Một hai ba", "Một hai ba bốn", &err) == BC_E_LAYOUT);
    CHECK(err.message && strstr(err.message, "«bốn» (thiếu 1)"));
    CHECK(err.message && strstr(err.message, "1 từ của dữ liệu vào"));
    bc_error_clear(&err);
    /* Counted as a multiset: a word printed once but expected twice. */
    CHECK(run(fonts, cfg, "năm 2023", "năm 2023 năm", &err) == BC_E_LAYOUT);
    CHECK(err.message && strstr(err.message, "«năm» (thiếu 1)"));
    bc_error_clear(&err);

    /* Text placed outside the page box is lost, whichever edge it crosses;
     * text just inside the corners is not. */
    const struct {
        double x, y;
        bool lost;
    } at[] = {{50, 900, true},  {50, 845, true},  {-30, 100, true}, {570, 100, true},
              {50, 5, true},    {50, -40, true},  {50, 830, false}, {5, 20, false}};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        bc_status st = run_at(fonts, cfg, "Một hai", "Một hai", at[i].x, at[i].y, &err);
        CHECK(st == (at[i].lost ? BC_E_LAYOUT : BC_OK));
        if (at[i].lost) {
            CHECK(err.message && strstr(err.message, "2 từ của dữ liệu vào không có"));
            CHECK(err.message && strstr(err.message, "(1 đoạn chữ bị đặt ra ngoài mép trang giấy, "
                                                     "đầu tiên ở trang 1)"));
        }
        if (st != (at[i].lost ? BC_E_LAYOUT : BC_OK))
            fprintf(stderr, "case %zu (%g, %g)\n", i, at[i].x, at[i].y);
        bc_error_clear(&err);
    }

    bc_fonts_free(fonts);
    bc_layout_cfg_free(cfg);
    return check_report();
}
