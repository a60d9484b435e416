/* Unit test of the appendix table layout (tablelayout.h) on the golden
 * fixtures tests/data/golden/bang-ngang.* (landscape, 12 rows, row 9 taller
 * than what is left of page 1) and bang-doc.* (portrait, one page):
 *   - page size and text area from the layout's landscape / page geometry;
 *   - the header rows repeated on page 2 at the same x, under the
 *     continuation caption, only when the spec asks (lap-tieu-de);
 *   - a tall row split line by line across the pages, with a rule closing
 *     its part on page 1, nothing below the bottom margin;
 *   - short rows kept whole, every row printed once;
 *   - page numbers from the second page of the appendix. */
#include "appendix.h"
#include "layout.h"
#include "layoutfix.h"

static fx F;

static bc_appendices *load(const char *spec)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/golden/%s", fx_src(), spec);
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_check_options chk = {0};
    bc_appendices *ap = NULL;
    CHECK(bc_appendix_load_one(path, NULL, &chk, &ap, &diags, &err) == BC_OK);
    if (err.message)
        fprintf(stderr, "%s: %s\n", spec, err.message);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    return ap;
}

static bc_status lay(bc_appendices *ap, fx_pages *ps)
{
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_layout_input in = {.cfg = F.cfg, .fonts = F.fonts, .appendices = ap};
    bc_status st = bc_layout_appendices_only(&in, fx_sink(ps), &diags, NULL, &err);
    if (err.message)
        fprintf(stderr, "layout: %s\n", err.message);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    return st;
}

static const char *const HEAD[] = {"STT", "Nhiệm vụ", "Kết quả thực hiện", "Tiến độ",
                                   "Đơn vị chủ trì"};

/* The header cell with exactly this text. */
static const bc_ditem *head_cell(const bc_page *p, const char *t)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].kind == BC_DI_GLYPHS && p->items[i].text && !strcmp(p->items[i].text, t) &&
            p->items[i].bold)
            return &p->items[i];
    return NULL;
}

static void test_landscape(bool repeat)
{
    bc_appendices *ap = load("bang-ngang.yaml");
    if (!ap)
        return;
    ap->tables[0]->repeat_header = repeat;
    fx_pages ps = {0};
    CHECK(lay(ap, &ps) == BC_OK);
    /* two pages, or three when the repeated header and the padding at the
     * split row's cut edges push the last row on */
    CHECK(ps.n == 2 || ps.n == 3);
    if (ps.n < 2)
        goto out;
    const bc_page_geom *g = &F.cfg->landscape;
    for (size_t k = 0; k < ps.n; k++) {
        const bc_page *p = ps.v[k];
        CHECK_NEAR(p->width, g->width * BC_MM, 0.01);
        CHECK_NEAR(p->height, g->height * BC_MM, 0.01);
        CHECK(p->width > p->height);
        for (size_t i = 0; i < p->count; i++) {
            const bc_ditem *it = &p->items[i];
            double y = fmax(it->y, it->kind == BC_DI_GLYPHS ? it->y : it->y2);
            CHECK(y <= (g->height - g->bottom) * BC_MM + 0.01);
            CHECK(it->x >= g->left * BC_MM - 0.01);
            double right = it->kind == BC_DI_GLYPHS ? it->x + fx_width(it) : fmax(it->x, it->x2);
            CHECK(right <= (g->width - g->right) * BC_MM + 0.01);
        }
    }
    const bc_page *p1 = ps.v[0], *p2 = ps.v[1];
    /* Title block on page 1 only; the table's left edge at the landscape
     * text area's left. */
    CHECK(fx_find(p1, "Phụ lục 1") && !fx_find(p2, "Phụ lục 1"));
    CHECK(fx_find(p1, "TIẾN ĐỘ THỰC HIỆN") && !fx_find(p2, "TIẾN ĐỘ THỰC HIỆN"));
    /* The header on page 1; on page 2 the same cells at the same x (the
     * continuation caption above them) when repeated, none otherwise. */
    for (size_t h = 0; h < sizeof HEAD / sizeof *HEAD; h++) {
        const bc_ditem *a = head_cell(p1, HEAD[h]), *b = head_cell(p2, HEAD[h]);
        CHECK(a != NULL);
        CHECK((b != NULL) == repeat);
        if (a && b) {
            CHECK_NEAR(a->x, b->x, 0.01);
            CHECK(a->role == BC_ROLE_TABLE && b->role == BC_ROLE_TABLE);
            CHECK(b->y < (g->top + 20) * BC_MM);
        }
    }
    const bc_ditem *cont = fx_find(p2, "(tiếp theo)");
    CHECK((cont != NULL) == repeat);
    CHECK(!fx_find(p1, "(tiếp theo)"));
    if (cont && head_cell(p2, "STT"))
        CHECK(cont->y < head_cell(p2, "STT")->y);
    /* Row 9 (taller than the rest of page 1) is split between the pages;
     * its marker and name stay on page 1. */
    int b1 = fx_count(p1, "Bước"), b2 = fx_count(p2, "Bước");
    CHECK(b1 > 0 && b2 > 0);
    CHECK(fx_find(p1, "Bước 1:") && fx_find(p2, "Bước 29:") && !fx_find(p1, "Bước 29:"));
    CHECK(fx_find(p1, "Nhiệm vụ cải cách số 9 của") && !fx_find(p2, "Nhiệm vụ cải cách số 9 của"));
    /* The split part on page 1 is closed by a rule across the table, under
     * its last line. */
    double last = 0;
    for (size_t i = 0; i < p1->count; i++)
        if (p1->items[i].kind == BC_DI_GLYPHS && p1->items[i].text &&
            strstr(p1->items[i].text, "Bước") && p1->items[i].y > last)
            last = p1->items[i].y;
    const bc_ditem *close = fx_rule_between(p1, last, p1->height);
    CHECK(close != NULL);
    const bc_ditem *stt = head_cell(p1, "STT");
    if (close && stt) {
        CHECK(close->x < stt->x);
        CHECK(close->x2 > (g->width - g->right) * BC_MM - 1);
    }
    /* Every row once; short rows whole on one page. */
    for (int r = 1; r <= 12; r++) {
        char name[64], result[64];
        snprintf(name, sizeof name, "Nhiệm vụ cải cách số %d của", r);
        snprintf(result, sizeof result, "số %d đúng tiến độ", r);
        int n1 = fx_count(p1, name), n2 = fx_count(p2, name);
        int n3 = ps.n > 2 ? fx_count(ps.v[2], name) : 0;
        CHECK(n1 + n2 + n3 == 1);
        if (r != 9) {
            int r1 = fx_count(p1, result), r2 = fx_count(p2, result);
            int r3 = ps.n > 2 ? fx_count(ps.v[2], result) : 0;
            CHECK(r1 + r2 + r3 == 1 && r1 == n1);
        }
    }
    /* Page numbers: none on the appendix's first page, "2" on the next. */
    int num2 = 0, num1 = 0;
    for (size_t i = 0; i < p2->count; i++)
        if (p2->items[i].text && !strcmp(p2->items[i].text, "2") &&
            p2->items[i].y < g->top * BC_MM)
            num2++;
    for (size_t i = 0; i < p1->count; i++)
        if (p1->items[i].kind == BC_DI_GLYPHS && p1->items[i].y < g->top * BC_MM)
            num1++;
    CHECK(num2 == 1 && num1 == 0);
out:
    fx_pages_free(&ps);
    bc_appendices_free(ap);
}

static void test_portrait(void)
{
    bc_appendices *ap = load("bang-doc.yaml");
    if (!ap)
        return;
    fx_pages ps = {0};
    CHECK(lay(ap, &ps) == BC_OK);
    CHECK(ps.n == 1);
    if (ps.n == 1) {
        const bc_page *p = ps.v[0];
        CHECK_NEAR(p->width, F.cfg->page.width * BC_MM, 0.01);
        CHECK_NEAR(p->height, F.cfg->page.height * BC_MM, 0.01);
        /* Two header rows: the group over its three columns. */
        const bc_ditem *grp = head_cell(p, "Hồ sơ đã giải quyết"), *tong = head_cell(p, "Tổng"),
                       *tre = head_cell(p, "Trễ hạn");
        CHECK(grp && tong && tre);
        if (grp && tong && tre) {
            CHECK(grp->y < tong->y);
            CHECK(grp->x > tong->x - 40 && grp->x + fx_width(grp) < tre->x + fx_width(tre) + 40);
        }
        /* Numbers printed the Vietnamese way, right-aligned in their column;
         * a zero as a dash where asked. */
        CHECK(fx_find(p, "3.900") && fx_find(p, "99,49%"));
        CHECK(fx_count(p, "-") >= 3);
        /* The note under the table, in its style. */
        const bc_ditem *note = fx_find(p, "Ghi chú: số liệu");
        CHECK(note && note->italic == F.cfg->styles[BC_ST_APPX_NOTE].italic &&
              note->size == F.cfg->styles[BC_ST_APPX_NOTE].size);
        const bc_ditem *total = fx_find(p, "3.880");
        CHECK(note && total && note->y > total->y);
        /* The table's left edge at the portrait text area's left. */
        const bc_ditem *stt = head_cell(p, "STT");
        CHECK(stt && stt->x > F.cfg->page.left * BC_MM);
        CHECK(stt && stt->x < F.cfg->page.left * BC_MM + 14 * BC_MM);
    }
    fx_pages_free(&ps);
    bc_appendices_free(ap);
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan")) {
        check_report();
        return 1;
    }
    test_landscape(true);
    test_landscape(false);
    test_portrait();
    fx_close(&F);
    return check_report();
}
