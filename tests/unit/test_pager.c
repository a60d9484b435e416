/* Unit test of the pager (pager.h) with real shaped lines and the shipped
 * layout: keep-with-next, widows and orphans (through the layout of a
 * narrative), glue at a break, explicit page breaks, page numbers and
 * labels, repeated boxes, footnotes at the foot of the page of their
 * reference (a paragraph whose notes fall on two pages, a note too tall for
 * any page), and more than 256 footnotes on one page and in one document,
 * all placed once. */
#include "layoutfix.h"
#include "pager.h"
#include "para.h"

static fx F;

static bc_para *shape(const char *text, bc_style_id sid)
{
    const bc_layout_cfg *c = F.cfg;
    bc_para_opts o = {.style = &c->styles[sid],
                      .single = c->single,
                      .text = &c->text,
                      .width = (c->page.width - c->page.left - c->page.right) * BC_MM};
    bc_para *p = NULL;
    bc_error err = BC_ERROR_INIT;
    if (bc_para_shape_plain(F.fonts, text, &o, &p, &err)) {
        fprintf(stderr, "shape '%s': %s\n", text, err.message);
        bc_error_clear(&err);
        return NULL;
    }
    return p;
}

/* A box holding one body line "text" at the text's left edge. */
static bc_vbox *line(const char *text)
{
    bc_para *p = shape(text, BC_ST_BODY);
    if (!p)
        return NULL;
    bc_vbox *b = bc_vbox_from_line(&p->lines[0], F.cfg->page.left * BC_MM, BC_ROLE_BODY);
    bc_para_free(p);
    return b;
}

static bc_vbox *line_citing(const char *text, int note)
{
    bc_vbox *b = line(text);
    if (b) {
        b->notes = malloc(sizeof *b->notes);
        b->notes[0] = note;
        b->nnotes = 1;
    }
    return b;
}

static double line_height(void)
{
    bc_vbox *b = line("Dòng");
    double h = b ? b->height : 20;
    bc_vbox_free(b);
    return h;
}

typedef struct run {
    bc_pager *p;
    fx_pages pages;
    bc_diags diags;
    bc_error err;
    bc_para **notes;
    size_t nnotes;
} run;

static void run_open(run *r, size_t nnotes, const char *note_fmt)
{
    memset(r, 0, sizeof *r);
    r->diags = (bc_diags)BC_DIAGS_INIT;
    r->err = (bc_error)BC_ERROR_INIT;
    r->nnotes = nnotes;
    r->notes = calloc(nnotes + 1, sizeof *r->notes);
    for (size_t k = 0; k < nnotes; k++) {
        bc_buf t = BC_BUF_INIT;
        bc_buf_printf(&t, note_fmt, (int)k + 1);
        r->notes[k] = shape(t.data, BC_ST_FOOTNOTE);
        bc_buf_free(&t);
    }
    r->p = bc_pager_new(F.cfg, F.fonts, fx_sink(&r->pages), r->notes, nnotes, &r->diags);
    bc_section s = {.numbered = true, .label_prefix = "Trang "};
    CHECK(bc_pager_section(r->p, &s, &r->err) == BC_OK);
}

static bc_status add(run *r, bc_vbox *b)
{
    if (!b)
        return BC_E_NOMEM;
    return bc_pager_add(r->p, b, &r->err);
}

static void run_close(run *r)
{
    bc_pager_free(r->p);
    fx_pages_free(&r->pages);
    for (size_t k = 0; k < r->nnotes; k++)
        bc_para_free(r->notes[k]);
    free(r->notes);
    bc_diags_free(&r->diags);
    bc_error_clear(&r->err);
}

static int page_of(const run *r, const char *text)
{
    for (size_t i = 0; i < r->pages.n; i++)
        if (fx_find(r->pages.v[i], text))
            return (int)i + 1;
    return 0;
}

static double top_pt(void) { return F.cfg->page.top * BC_MM; }
static double bottom_pt(void) { return (F.cfg->page.height - F.cfg->page.bottom) * BC_MM; }

/* nfit lines fill the text area; a heading that would end page 1 goes to
 * page 2 with the line it is kept with. */
static void test_keep_with_next(bool keep)
{
    run r;
    run_open(&r, 0, "");
    double h = line_height(), T = bc_pager_text_height(r.p);
    int nfit = (int)floor((T + 0.01) / h);
    char t[64];
    for (int i = 1; i < nfit; i++) {
        snprintf(t, sizeof t, "Dòng số %d.", i);
        CHECK(add(&r, line(t)) == BC_OK);
    }
    CHECK(add(&r, line("Tiêu đề mục")) == BC_OK);
    bc_vbox *after = line("Nội dung sau tiêu đề");
    after->keep_with_prev = keep;
    CHECK(add(&r, after) == BC_OK);
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    CHECK(r.pages.n == 2);
    CHECK(page_of(&r, "Nội dung sau tiêu đề") == 2);
    CHECK(page_of(&r, "Tiêu đề mục") == (keep ? 2 : 1));
    snprintf(t, sizeof t, "Dòng số %d.", nfit - 1);
    CHECK(page_of(&r, t) == 1);
    if (keep && r.pages.n == 2) {
        /* The heading starts page 2 on its first baseline. */
        const bc_ditem *it = fx_find(r.pages.v[1], "Tiêu đề mục");
        bc_vbox *probe = line("Dòng");
        CHECK(it && fabs(it->y - (top_pt() + probe->content->items[0].y)) < 0.01);
        bc_vbox_free(probe);
    }
    CHECK(r.diags.count == 0);
    run_close(&r);
}

/* Every box kept with the previous: no legal break; the pager breaks where
 * the page is full and says so (a warning), never past the page. */
static void test_no_legal_break(void)
{
    run r;
    run_open(&r, 0, "");
    double h = line_height(), T = bc_pager_text_height(r.p);
    int nfit = (int)floor((T + 0.01) / h);
    for (int i = 0; i < nfit + 3; i++) {
        bc_vbox *b = line("Dòng dính liền");
        b->keep_with_prev = i > 0;
        CHECK(add(&r, b) == BC_OK);
    }
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    CHECK(r.pages.n == 2);
    CHECK(r.pages.n == 2 && fx_count(r.pages.v[0], "Dòng dính liền") == nfit);
    CHECK(r.diags.count == 1);
    CHECK(r.diags.count == 1 && strstr(r.diags.items[0].message, "trang 1: không giữ được quy tắc ngắt trang"));
    run_close(&r);
}

/* Glue that a kept box follows is no break: the box would start the next
 * page alone (the signature block after the body's last paragraph). The
 * line before the glue goes on with it. */
static void test_glue_before_kept(void)
{
    run r;
    run_open(&r, 0, "");
    double h = line_height(), T = bc_pager_text_height(r.p);
    int nfit = (int)floor((T + 0.01) / h);
    for (int i = 0; i < nfit; i++)
        CHECK(add(&r, line(i == nfit - 1 ? "Dòng cuối đoạn" : "Dòng đầy trang")) == BC_OK);
    CHECK(add(&r, bc_vbox_glue(6)) == BC_OK);
    bc_vbox *kept = line("Khối ký");
    kept->keep_with_prev = true;
    CHECK(add(&r, kept) == BC_OK);
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    CHECK(r.pages.n == 2);
    if (r.pages.n == 2) {
        const bc_ditem *last = fx_find(r.pages.v[1], "Dòng cuối đoạn");
        const bc_ditem *sig = fx_find(r.pages.v[1], "Khối ký");
        const bc_ditem *first = &r.pages.v[0]->items[0];
        CHECK(last && fabs(last->y - first->y) < 0.01);
        CHECK(sig && last && fabs(sig->y - last->y - h - 6) < 0.01); /* the glue kept */
        CHECK(fx_count(r.pages.v[0], "") == nfit - 1);
        CHECK(!fx_find(r.pages.v[0], "Dòng cuối đoạn"));
    }
    run_close(&r);
}

/* Glue vanishes at a break; an explicit break starts a new page; page
 * numbers from page 2, centred at page-number-baseline; labels. */
static void test_breaks_and_numbers(void)
{
    run r;
    run_open(&r, 0, "");
    double h = line_height(), T = bc_pager_text_height(r.p);
    int nfit = (int)floor((T + 0.01) / h);
    for (int i = 0; i < nfit; i++)
        CHECK(add(&r, line("Dòng đầy trang")) == BC_OK);
    /* The break falls at the glue. */
    CHECK(add(&r, bc_vbox_glue(30)) == BC_OK);
    CHECK(add(&r, line("Đầu trang hai")) == BC_OK);
    bc_vbox *b = line("Sang trang ba");
    b->page_break = true;
    CHECK(add(&r, b) == BC_OK);
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    CHECK(r.pages.n == 3);
    if (r.pages.n != 3) {
        run_close(&r);
        return;
    }
    const bc_ditem *first = &r.pages.v[0]->items[0];
    const bc_ditem *two = fx_find(r.pages.v[1], "Đầu trang hai");
    const bc_ditem *three = fx_find(r.pages.v[2], "Sang trang ba");
    /* The glue before "Đầu trang hai" fell at the break: it sits where the
     * first line of page 1 sits. */
    CHECK(two && fabs(two->y - first->y) < 0.01);
    CHECK(three && fabs(three->y - first->y) < 0.01);
    CHECK(fx_count(r.pages.v[1], "") == 2); /* the line and the page number */
    CHECK_STR(r.pages.v[0]->label, "Trang 1");
    CHECK_STR(r.pages.v[2]->label, "Trang 3");
    /* No number on page 1; "2" and "3" centred in the top margin. */
    CHECK(fx_count(r.pages.v[0], "") == nfit);
    for (int k = 1; k <= 2; k++) {
        const char *want = k == 1 ? "2" : "3";
        const bc_ditem *num = NULL;
        for (size_t i = 0; i < r.pages.v[k]->count; i++)
            if (r.pages.v[k]->items[i].text && !strcmp(r.pages.v[k]->items[i].text, want))
                num = &r.pages.v[k]->items[i];
        CHECK(num != NULL);
        if (!num)
            continue;
        CHECK_NEAR(num->y, F.cfg->page_number_baseline * BC_MM, 0.01);
        CHECK_NEAR(num->x + fx_width(num) / 2,
                   (F.cfg->page.left + (F.cfg->page.width - F.cfg->page.left - F.cfg->page.right) / 2) * BC_MM,
                   0.05);
        CHECK(num->size == F.cfg->styles[BC_ST_PAGE_NUMBER].size);
    }
    run_close(&r);
}

/* Repeated boxes start every following page, until cleared. */
static void test_repeat(void)
{
    run r;
    run_open(&r, 0, "");
    double h = line_height(), T = bc_pager_text_height(r.p);
    int nfit = (int)floor((T + 0.01) / h);
    bc_vbox *head = line("Đầu bảng lặp lại");
    CHECK(add(&r, bc_vbox_copy(head)) == BC_OK);
    CHECK(bc_pager_set_repeat(r.p, &head, 1, &r.err) == BC_OK);
    bc_vbox_free(head);
    for (int i = 0; i < 2 * nfit; i++)
        CHECK(add(&r, line("Hàng")) == BC_OK);
    CHECK(bc_pager_set_repeat(r.p, NULL, 0, &r.err) == BC_OK);
    for (int i = 0; i < nfit; i++)
        CHECK(add(&r, line("Sau bảng")) == BC_OK);
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    /* page 1: head + nfit-1 rows; page 2: head + nfit-1; page 3: head + 2
     * rows, then after clearing the rest of "Sau bảng"; page 4: no head. */
    CHECK(r.pages.n == 4);
    for (size_t i = 0; i < r.pages.n; i++) {
        const bc_ditem *hd = fx_find(r.pages.v[i], "Đầu bảng lặp lại");
        CHECK((hd != NULL) == (i < 3));
        /* It is the first line of the page. */
        if (hd)
            CHECK(fabs(hd->y - r.pages.v[0]->items[0].y) < 0.01);
    }
    CHECK(r.pages.n == 4 && fx_count(r.pages.v[2], "Hàng") == 2);
    run_close(&r);
}

/* Footnotes go to the foot of the page of their reference, under a rule of
 * footnotes.rule-length, their last line ending at the bottom margin; a
 * line whose note does not fit beside it moves to the next page with it. */
static void test_footnotes(void)
{
    run r;
    run_open(&r, 2, "Chú thích thứ %d của đoạn văn.");
    double h = line_height(), T = bc_pager_text_height(r.p);
    int nfit = (int)floor((T + 0.01) / h);
    double nh = bc_para_height(r.notes[0]);
    CHECK(add(&r, line_citing("Dòng dẫn chú thích một", 1)) == BC_OK);
    /* Fill page 1 so that the line citing note 2 would just fit without its
     * note: it must move to page 2, with the note. */
    int room = (int)floor((T + 0.01 - nh - F.cfg->footnote_gap) / h); /* lines beside note 1 */
    for (int i = 1; i < room - 1; i++)
        CHECK(add(&r, line("Dòng thường")) == BC_OK);
    CHECK(add(&r, line_citing("Dòng dẫn chú thích hai", 2)) == BC_OK);
    CHECK(add(&r, line("Dòng cuối")) == BC_OK);
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    CHECK(r.pages.n == 2);
    CHECK(nfit > room);
    CHECK(page_of(&r, "Dòng dẫn chú thích một") == 1);
    CHECK(page_of(&r, "Chú thích thứ 1") == 1);
    CHECK(page_of(&r, "Dòng dẫn chú thích hai") == 2);
    CHECK(page_of(&r, "Chú thích thứ 2") == 2);
    for (size_t k = 0; k < r.pages.n && k < 2; k++) {
        const bc_page *pg = r.pages.v[k];
        const bc_ditem *note = fx_find(pg, k == 0 ? "Chú thích thứ 1" : "Chú thích thứ 2");
        if (!note)
            continue;
        CHECK(note->role == BC_ROLE_NOTE);
        CHECK(note->size == F.cfg->styles[BC_ST_FOOTNOTE].size);
        CHECK_NEAR(note->x, F.cfg->page.left * BC_MM, 0.01);
        /* The note's line box ends at the bottom margin. */
        double desc = r.notes[0]->lines[0].height - r.notes[0]->lines[0].baseline;
        CHECK_NEAR(note->y + desc, bottom_pt(), 0.01);
        /* Below every body line; the rule between, footnote-gap/2 above the note's top. */
        double lowest = 0;
        for (size_t i = 0; i < pg->count; i++)
            if (pg->items[i].role == BC_ROLE_BODY && pg->items[i].y > lowest)
                lowest = pg->items[i].y;
        CHECK(lowest + 4 < note->y - r.notes[0]->lines[0].baseline);
        const bc_ditem *rule = fx_rule_between(pg, lowest, note->y);
        CHECK(rule != NULL);
        if (rule) {
            CHECK_NEAR(rule->x, F.cfg->page.left * BC_MM, 0.01);
            CHECK_NEAR(rule->x2 - rule->x, F.cfg->footnote_rule_length * BC_MM, 0.01);
            CHECK_NEAR(rule->y, note->y - r.notes[0]->lines[0].baseline - F.cfg->footnote_gap / 2,
                       0.01);
        }
    }
    CHECK(r.diags.count == 0);
    run_close(&r);
}

/* A note taller than any page cannot sit beside its line: an error that
 * names the note and how much to shorten, no page printed past the edge. */
static void test_note_too_tall(void)
{
    bc_buf long_note = BC_BUF_INIT;
    /* A format with one %d (run_open fills in the note's number). */
    bc_buf_printf(&long_note, "Chú thích rất dài số %%d. ");
    for (int i = 0; i < 400; i++)
        bc_buf_printf(&long_note, "Câu %d của chú thích. ", i);
    run r;
    run_open(&r, 1, long_note.data);
    CHECK(bc_para_height(r.notes[0]) > bc_pager_text_height(r.p));
    bc_status st = add(&r, line("Dòng mở đầu"));
    if (!st)
        st = add(&r, line_citing("Dòng dẫn chú thích quá dài", 1));
    if (!st)
        st = bc_pager_finish(r.p, &r.err);
    CHECK(st == BC_E_LAYOUT);
    CHECK(r.err.message && strstr(r.err.message, "chú thích được dẫn chiếu ở một dòng") &&
          strstr(r.err.message, "hãy rút ngắn chú thích ít nhất"));
    for (size_t i = 0; i < r.pages.n; i++)
        for (size_t k = 0; k < r.pages.v[i]->count; k++)
            CHECK(r.pages.v[i]->items[k].y <= r.pages.v[i]->height);
    run_close(&r);
    bc_buf_free(&long_note);
}

/* Checks that notes 1..n are each printed exactly once, on the page of the
 * line citing them ("Dòng k" cites note k). */
static void check_all_notes(const run *r, int n)
{
    int bad = 0, missing = 0;
    for (int k = 1; k <= n; k++) {
        char cite[32], note[64];
        snprintf(cite, sizeof cite, "Dòng %d.", k);
        snprintf(note, sizeof note, "Ghi chú %d.", k);
        int where = 0, times = 0;
        for (size_t i = 0; i < r->pages.n; i++)
            for (size_t j = 0; j < r->pages.v[i]->count; j++) {
                const bc_ditem *it = &r->pages.v[i]->items[j];
                if (it->role == BC_ROLE_NOTE && it->text && !strcmp(it->text, note)) {
                    times++;
                    where = (int)i + 1;
                }
            }
        missing += times != 1;
        bad += where != page_of(r, cite);
    }
    CHECK(missing == 0);
    CHECK(bad == 0);
    if (missing || bad)
        fprintf(stderr, "  %d of %d notes missing or repeated, %d off their page\n", missing, n,
                bad);
}

/* More than 256 footnotes on one page (a very tall page) and in one
 * document of ordinary pages: every one placed, once, beside its line. */
static void test_many_notes(double page_height_mm, int n, int want_pages_min, int want_pages_max)
{
    double saved = F.cfg->page.height;
    F.cfg->page.height = page_height_mm;
    run r;
    run_open(&r, (size_t)n, "Ghi chú %d.");
    char t[32];
    for (int k = 1; k <= n; k++) {
        snprintf(t, sizeof t, "Dòng %d.", k);
        CHECK(add(&r, line_citing(t, k)) == BC_OK);
    }
    CHECK(bc_pager_finish(r.p, &r.err) == BC_OK);
    CHECK((int)r.pages.n >= want_pages_min && (int)r.pages.n <= want_pages_max);
    if ((int)r.pages.n < want_pages_min || (int)r.pages.n > want_pages_max)
        fprintf(stderr, "  %d notes on %.0f mm pages: %zu pages\n", n, page_height_mm, r.pages.n);
    check_all_notes(&r, n);
    /* Nothing below the bottom margin. */
    for (size_t i = 0; i < r.pages.n; i++)
        for (size_t j = 0; j < r.pages.v[i]->count; j++)
            CHECK(r.pages.v[i]->items[j].y < (page_height_mm - F.cfg->page.bottom) * BC_MM);
    run_close(&r);
    F.cfg->page.height = saved;
}

/* Widows and orphans through the layout of a narrative: a four-line
 * paragraph after k one-line paragraphs, for every k that puts the page
 * break somewhere inside it; the paragraph never leaves one line alone at
 * the foot of a page or the head of the next. */
static void test_widows_orphans(void)
{
    int split = 0, checked = 0;
    for (int k = 20; k <= 40; k++) {
        bc_buf md = BC_BUF_INIT;
        for (int i = 0; i < k; i++)
            bc_buf_printf(&md, "Đoạn ngắn %d.\n\n", i + 1);
        for (int i = 0; i < 40; i++)
            bc_buf_printf(&md, "%s", "xyzw tiếp ");
        bc_buf_printf(&md, "\n\nĐoạn kết.\n");
        fx_pages ps = {0};
        bc_error err = BC_ERROR_INIT;
        bc_status st = fx_layout_text(&F, FX_REPORT_YAML, md.data, &ps, NULL, &err);
        CHECK(st == BC_OK);
        int total = 0;
        for (size_t i = 0; i < ps.n; i++)
            total += fx_count(ps.v[i], "xyzw");
        CHECK(total >= 3);
        for (size_t i = 0; i + 1 < ps.n; i++) {
            int here = fx_count(ps.v[i], "xyzw"), next = fx_count(ps.v[i + 1], "xyzw");
            if (here && next) {
                split++;
                CHECK(here >= 2 && next >= 2);
                if (here < 2 || next < 2)
                    fprintf(stderr, "  k=%d: %d line(s) on page %zu, %d on the next\n", k, here,
                            i + 1, next);
            }
        }
        checked++;
        fx_pages_free(&ps);
        bc_buf_free(&md);
        bc_error_clear(&err);
    }
    /* The range of k really moved the break through the paragraph. */
    CHECK(split >= 2);
    CHECK(checked == 21);
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan"))
    {
        check_report();
        return 1;
    }
    test_keep_with_next(true);
    test_keep_with_next(false);
    test_no_legal_break();
    test_breaks_and_numbers();
    test_glue_before_kept();
    test_repeat();
    test_footnotes();
    test_note_too_tall();
    test_many_notes(4000, 300, 1, 1); /* 300 notes on one page */
    test_many_notes(297, 600, 10, 40); /* 600 notes on A4 pages */
    test_widows_orphans();
    fx_close(&F);
    return check_report();
}
