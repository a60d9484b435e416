/* Unit test of the draft filter (draft.h) on real pages: a report of 24
 * paragraphs and two footnotes (two pages) is laid out once plainly and
 * once through bc_draft_sink, and the draft pages are checked against the
 * plain ones: same pages and every original item in place (the filter
 * only adds); body line numbers on each numbered line's baseline, left of
 * the text area, restarting on each page; the stamp "Dự thảo lần N – time"
 * centred in the bottom margin of every page; the boxed "DỰ THẢO" above
 * the content of page 1 only; the diagonal watermark under the text on
 * every page when asked for, and nowhere when not. Geometry comes from the
 * layout configuration, not from numbers written here. */
#include "draft.h"
#include "layoutfix.h"

static fx F;
static const bc_layout_cfg *C; /* the configuration under test */

/* A narrative of 24 short paragraphs and two footnotes: two pages with
 * body lines on both. */
static char *narrative(void)
{
    bc_buf md = BC_BUF_INIT;
    for (int i = 1; i <= 24; i++)
        bc_buf_printf(&md, "Đoạn %d: Sở Nội vụ đã triển khai nhiệm vụ cải cách hành chính số %d "
                           "theo kế hoạch%s.\n\n", i, i, i == 3 ? "[^1]" : i == 22 ? "[^2]" : "");
    bc_buf_printf(&md, "[^1]: Kế hoạch số 15/KH-SNV ngày 10/01/2024.\n\n"
                       "[^2]: Quyết định số 4034/QĐ-UBND ngày 29/12/2023.\n");
    return md.data;
}

static bc_status layout(fx_pages *ps, const bc_draft_opts *draft)
{
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_report *rep = NULL;
    bc_doc *doc = NULL;
    bc_draft *d = NULL;
    char *md = narrative();
    bc_status st = bc_report_parse(FX_REPORT_YAML, strlen(FX_REPORT_YAML), "mem/report.yaml", &rep,
                                   &err);
    if (!st)
        st = bc_markdown_parse(md, strlen(md), "mem/noi-dung.md", &doc, &diags, &err);
    bc_page_sink sink = fx_sink(ps);
    if (!st && draft && !(st = bc_draft_new(draft, C, F.fonts, sink, &d, &err)))
        sink = bc_draft_sink(d);
    if (!st) {
        bc_layout_input in = {.report = rep, .doc = doc,   .cfg = C, .fonts = F.fonts};
        st = bc_layout_report(&in, sink, &diags, NULL, &err);
    }
    if (err.message)
        fprintf(stderr, "layout: %s\n", err.message);
    bc_draft_free(d);
    bc_doc_free(doc);
    bc_report_free(rep);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    free(md);
    return st;
}

static bool same_item(const bc_ditem *a, const bc_ditem *b)
{
    return a->kind == b->kind && fabs(a->x - b->x) < 1e-9 && fabs(a->y - b->y) < 1e-9 &&
           fabs(a->x2 - b->x2) < 1e-9 && fabs(a->y2 - b->y2) < 1e-9 && a->role == b->role &&
           a->line_no == b->line_no && ((!a->text && !b->text) || (a->text && b->text && !strcmp(a->text, b->text)));
}

/* The plain page's items are all in the draft page, unchanged. */
static void check_unchanged(const bc_page *plain, const bc_page *draft)
{
    int missing = 0;
    for (size_t i = 0; i < plain->count; i++) {
        bool found = false;
        for (size_t j = 0; j < draft->count && !found; j++)
            found = same_item(&plain->items[i], &draft->items[j]);
        missing += !found;
    }
    CHECK(missing == 0);
    CHECK(draft->count > plain->count);
    CHECK(draft->width == plain->width && draft->height == plain->height);
    CHECK_STR(draft->label, plain->label);
}

static bool is_number(const char *t, int n)
{
    char s[16];
    snprintf(s, sizeof s, "%d", n);
    return t && !strcmp(t, s);
}

static void check_line_numbers(const bc_page *pg)
{
    const bc_page_geom *g = &C->page;
    double text_left = g->left * BC_MM;
    int max_line = 0, numbered = 0, placed = 0;
    for (size_t i = 0; i < pg->count; i++) {
        const bc_ditem *it = &pg->items[i];
        if (it->kind != BC_DI_GLYPHS || it->role != BC_ROLE_BODY || it->line_no <= 0)
            continue;
        if (it->line_no <= max_line)
            continue; /* another run of a line already seen */
        max_line = it->line_no;
        numbered++;
        /* Its number: grey, smaller than the body, on its baseline, ending
         * in the left margin. */
        const bc_ditem *num = NULL;
        for (size_t j = 0; j < pg->count && !num; j++) {
            const bc_ditem *c = &pg->items[j];
            if (c->kind == BC_DI_GLYPHS && c->role == BC_ROLE_FURNITURE &&
                is_number(c->text, it->line_no) && fabs(c->y - it->y) < 0.01 && c->x < text_left)
                num = c;
        }
        if (!num) {
            fprintf(stderr, "page %d: line %d has no number beside it\n", pg->index + 1,
                    it->line_no);
            continue;
        }
        placed++;
        CHECK(num->rgb != 0 && num->size == C->styles[BC_ST_DRAFT_LINE_NO].size);
        /* draft.line-number-gap from the text area (nothing is in the way). */
        CHECK_NEAR(num->x + fx_width(num), text_left - C->draft_line_number_gap * BC_MM, 0.05);
        CHECK(num->x > 0);
    }
    CHECK(numbered >= 10);
    CHECK(placed == numbered);
    /* Body lines are numbered 1..n on each page. */
    CHECK(max_line == numbered);
}

static void check_stamp(const bc_page *pg, const char *want)
{
    const bc_page_geom *g = &C->page;
    const bc_ditem *st = fx_find(pg, want);
    CHECK(st != NULL);
    CHECK(fx_count(pg, "Dự thảo lần") == 1);
    if (!st)
        return;
    CHECK(st->y > pg->height - g->bottom * BC_MM && st->y < pg->height);
    /* On draft.stamp-raise below the bottom margin's middle (nothing in the
     * way), in its style. */
    double size = C->styles[BC_ST_DRAFT_STAMP].size;
    CHECK(st->size == size && st->italic == C->styles[BC_ST_DRAFT_STAMP].italic);
    CHECK_NEAR(st->y, pg->height - g->bottom * BC_MM / 2 + C->draft_stamp_raise * size, 0.01);
    CHECK_NEAR(st->x + fx_width(st) / 2, pg->width / 2, 0.05);
    CHECK(st->role == BC_ROLE_FURNITURE && st->angle == 0);
}

/* The upright "DỰ THẢO" (not the watermark) and its box. */
static const bc_ditem *box_mark(const bc_page *pg, const bc_ditem **box)
{
    *box = NULL;
    for (size_t i = 0; i < pg->count; i++) {
        const bc_ditem *it = &pg->items[i];
        if (it->kind != BC_DI_GLYPHS || !it->text || strcmp(it->text, "DỰ THẢO") || it->angle != 0)
            continue;
        for (size_t j = 0; j < pg->count; j++) {
            const bc_ditem *b = &pg->items[j];
            if (b->kind == BC_DI_BOX && !b->fill && b->x < it->x && b->x2 > it->x + fx_width(it) &&
                b->y < it->y && b->y2 > it->y)
                *box = b;
        }
        return it;
    }
    return NULL;
}

static double centre_x(const bc_ditem *it) { return it->x + fx_width(it) / 2; }

static const bc_ditem *watermark(const bc_page *pg, size_t *index)
{
    for (size_t i = 0; i < pg->count; i++)
        if (pg->items[i].kind == BC_DI_GLYPHS && pg->items[i].angle != 0 && pg->items[i].text &&
            strstr(pg->items[i].text, "DỰ")) {
            *index = i;
            return &pg->items[i];
        }
    return NULL;
}

static void run_all(void)
{
    fx_pages plain = {0};
    CHECK(layout(&plain, NULL) == BC_OK);
    CHECK(plain.n == 2);
    if (plain.n != 2)
        fprintf(stderr, "plain layout: %zu pages\n", plain.n);

    for (int wm = 0; wm < 2; wm++) {
        bc_draft_opts o = {.round = 2 + wm, .stamp_time = "05/02/2024 08:30", .watermark = wm};
        fx_pages dr = {0};
        CHECK(layout(&dr, &o) == BC_OK);
        CHECK(dr.n == plain.n);
        char stamp[64];
        snprintf(stamp, sizeof stamp, "Dự thảo lần %d – 05/02/2024 08:30", o.round);
        for (size_t k = 0; k < dr.n && k < plain.n; k++) {
            const bc_page *pg = dr.v[k];
            check_unchanged(plain.v[k], pg);
            check_line_numbers(pg);
            check_stamp(pg, stamp);
            const bc_ditem *box = NULL, *mark = box_mark(pg, &box);
            CHECK((mark != NULL) == (k == 0));
            if (k == 0) {
                CHECK(box != NULL);
                /* Above everything the layout put on the page (glyph runs
                 * reach the font's ascent above their baseline). */
                double ascent, descent, top = pg->height;
                bc_fonts_metrics(F.fonts, &ascent, &descent);
                for (size_t i = 0; i < plain.v[0]->count; i++)
                    if (plain.v[0]->items[i].kind == BC_DI_GLYPHS)
                        top = fmin(top, plain.v[0]->items[i].y - ascent * plain.v[0]->items[i].size);
                CHECK(box && box->y2 < top && box->y > 0);
                /* Over the agency block, which is left of the page's middle. */
                CHECK(box && (box->x + box->x2) / 2 < pg->width / 2);
                /* Its measures from the layout's draft: keys. */
                if (box && mark) {
                    CHECK_NEAR(box->y2 - box->y, C->draft_mark_height * BC_MM, 0.01);
                    CHECK_NEAR(box->x2 - box->x, fx_width(mark) + C->draft_mark_padding * BC_MM, 0.05);
                    CHECK_NEAR(box->line_width, C->draft_mark_line_width, 1e-9);
                    /* draft.mark-gap above the content or the top margin. */
                    CHECK_NEAR(box->y2, fmin(top, C->page.top * BC_MM) - C->draft_mark_gap * BC_MM, 0.01);
                    CHECK_NEAR(centre_x(mark), (box->x + box->x2) / 2, 0.05);
                }
                CHECK(mark && mark->size == C->styles[BC_ST_DRAFT_MARK].size &&
                      mark->bold == C->styles[BC_ST_DRAFT_MARK].bold);
            }
            size_t wi = 0;
            const bc_ditem *w = watermark(pg, &wi);
            CHECK((w != NULL) == (wm == 1));
            if (w) {
                CHECK(wi == 0); /* drawn first, under the text */
                CHECK(w->rgb != 0 && w->size > 50 && w->size <= C->draft_watermark_max);
                CHECK_NEAR(w->angle, atan2(pg->height, pg->width), 1e-6);
            }
        }
        fx_pages_free(&dr);
    }
    fx_pages_free(&plain);
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan")) {
        check_report();
        return 1;
    }
    C = F.cfg;
    run_all();
    /* The same checks with the draft marks' numbers changed: the filter
     * must follow the layout file. */
    bc_layout_cfg alt = *F.cfg;
    alt.draft_line_number_gap += 3;
    alt.draft_stamp_raise += 0.2;
    alt.draft_mark_padding += 4;
    alt.draft_mark_height += 2;
    alt.draft_mark_gap += 1;
    alt.draft_mark_line_width = 1.8;
    alt.styles[BC_ST_DRAFT_LINE_NO].size = 9;
    alt.styles[BC_ST_DRAFT_STAMP].size = 11;
    alt.styles[BC_ST_DRAFT_STAMP].italic = false;
    alt.styles[BC_ST_DRAFT_MARK].size = 15;
    C = &alt;
    int before = check_failed;
    run_all();
    if (check_failed > before)
        fprintf(stderr, "(failures above are with the changed configuration)\n");
    fx_close(&F);
    return check_report();
}
