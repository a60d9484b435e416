/* test_docdiff.c - the draft diff marks exactly the words that changed. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "docdiff.h"
#include "markdown.h"
#include "strbuf.h"

static bc_doc *parse(const char *md)
{
    bc_doc *d = NULL;
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    if (bc_markdown_parse(md, strlen(md), "test.md", &d, &diags, &err)) {
        fprintf(stderr, "parse: %s\n", err.message);
        bc_error_clear(&err);
    }
    bc_diags_free(&diags);
    return d;
}

/* The texts under spans with flag, in text order, joined by "|" (caller
 * frees). */
static char *marked(const bc_rich *r, unsigned flag)
{
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "");
    size_t from = 0;
    for (;;) {
        const bc_span *next = NULL;
        for (size_t i = 0; i < r->nspans; i++)
            if ((r->spans[i].flags & flag) && r->spans[i].start >= from &&
                (!next || r->spans[i].start < next->start))
                next = &r->spans[i];
        if (!next)
            break;
        if (b.len)
            bc_buf_putc(&b, '|');
        bc_buf_append(&b, r->text + next->start, next->end - next->start);
        from = next->start + 1;
    }
    return bc_buf_detach(&b);
}

/* Spans with a draft-review flag. */
static size_t draft_spans(const bc_rich *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nspans; i++)
        if (r->spans[i].flags & (BC_SPAN_INSERTED | BC_SPAN_DELMARK | BC_SPAN_DELETED))
            n++;
    return n;
}

static void check_block(const bc_doc *d, size_t i, const char *ins, const char *del)
{
    CHECK(i < d->nblocks);
    if (i >= d->nblocks)
        return;
    char *a = marked(&d->blocks[i].text, BC_SPAN_INSERTED);
    char *b = marked(&d->blocks[i].text, BC_SPAN_DELMARK);
    CHECK_STR(a, ins);
    CHECK_STR(b, del);
    free(a);
    free(b);
}

static const char *OLD =
    "Đoạn mở đầu giữ nguyên.\n\n"
    "# I. KẾT QUẢ\n\n"
    "Năm 2018 tỉnh đã ban hành 10 văn bản về cải cách hành chính.\n\n"
    "Đoạn này sẽ bị xóa hoàn toàn khỏi bản sau.\n\n"
    "Chỉ số hài lòng đạt 76,88% so với năm trước.\n\n"
    "# II. NHIỆM VỤ\n\n"
    "Tiếp tục thực hiện kế hoạch.\n\n"
    "- Rà soát thủ tục hành chính trong năm.\n";

static const char *NEW =
    "Đoạn mở đầu giữ nguyên.\n\n"
    "# I. KẾT QUẢ\n\n"
    "Năm 2018 tỉnh đã ban hành 12 văn bản quan trọng về cải cách hành chính.\n\n"
    "Chỉ số hài lòng đạt 78,10% so với năm trước.\n\n"
    "Đoạn hoàn toàn mới được thêm vào.\n\n"
    "---\n\n"
    "# II. NHIỆM VỤ\n\n"
    "Tiếp tục thực hiện kế hoạch năm.\n\n"
    "- Rà soát thủ tục trong năm.\n";

static void test_fixture(void)
{
    bc_doc *old = parse(OLD), *cur = parse(NEW);
    CHECK(old && cur);
    if (!old || !cur)
        return;
    bc_diff_summary *s = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_docdiff(old, cur, NULL, &s, &err) == BC_OK);
    if (!s)
        return;
    /* cur blocks: 0 intro, 1 H1, 2 changed, 3 changed (+ deletion before),
     * 4 added, 5 page break, 6 H2, 7 changed, 8 item changed. */
    CHECK(cur->nblocks == 9);
    check_block(cur, 0, "", "");
    check_block(cur, 1, "", "");
    check_block(cur, 2, "12|quan trọng", "12");
    check_block(cur, 3, "78,10%", "Chỉ|78,10%");
    check_block(cur, 4, "Đoạn hoàn toàn mới được thêm vào.", "");
    check_block(cur, 6, "", "");
    check_block(cur, 7, "hoạch năm.", "hoạch");
    check_block(cur, 8, "", "trong");
    /* The old model is left alone. */
    for (size_t i = 0; i < old->nblocks; i++)
        CHECK(draft_spans(&old->blocks[i].text) == 0);

    CHECK(s->count == 3);
    if (s->count == 3) {
        CHECK_STR(s->sections[0].title, "Phần mở đầu");
        CHECK(s->sections[0].words_inserted == 0 && s->sections[0].words_deleted == 0);
        CHECK_STR(s->sections[1].title, "I. KẾT QUẢ");
        CHECK(s->sections[1].words_inserted == 3 + 1 + 7);
        CHECK(s->sections[1].words_deleted == 1 + 1 + 10);
        CHECK(s->sections[1].blocks_added == 1);
        CHECK(s->sections[1].blocks_removed == 1);
        CHECK(s->sections[1].blocks_changed == 2);
        CHECK_STR(s->sections[2].title, "II. NHIỆM VỤ");
        CHECK(s->sections[2].words_inserted == 2);
        CHECK(s->sections[2].words_deleted == 1 + 2);
        CHECK(s->sections[2].blocks_changed == 2);
        CHECK(s->sections[2].blocks_added == 0 && s->sections[2].blocks_removed == 0);
    }
    CHECK(s->total.words_inserted == 13 && s->total.words_deleted == 15);
    CHECK(!s->approximate);
    bc_diff_summary_free(s);
    bc_doc_free(old);
    bc_doc_free(cur);
}

/* Identical drafts: no marks at all. */
static void test_identical(void)
{
    bc_doc *old = parse(OLD), *cur = parse(OLD);
    bc_diff_summary *s = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_docdiff(old, cur, NULL, &s, &err) == BC_OK);
    for (size_t i = 0; i < cur->nblocks; i++)
        CHECK(draft_spans(&cur->blocks[i].text) == 0);
    CHECK(s && s->total.words_inserted == 0 && s->total.words_deleted == 0 &&
          s->total.blocks_added == 0 && s->total.blocks_removed == 0);
    bc_diff_summary_free(s);
    bc_doc_free(old);
    bc_doc_free(cur);
}

/* Deletion at the end of the document marks its last word; footnotes are
 * compared too. */
static void test_tail_and_notes(void)
{
    bc_doc *old = parse("Một hai ba.[^1]\n\nĐoạn cuối bị xóa.\n\n[^1]: Ghi chú cũ ở đây.\n");
    bc_doc *cur = parse("Một hai ba.[^1]\n\n[^1]: Ghi chú mới ở đây.\n");
    bc_diff_summary *s = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_docdiff(old, cur, NULL, &s, &err) == BC_OK);
    CHECK(cur->nblocks == 1);
    char *d = marked(&cur->blocks[0].text, BC_SPAN_DELMARK);
    CHECK(d && strstr(d, "ba.") != NULL);
    free(d);
    CHECK(cur->nnotes == 1);
    if (cur->nnotes == 1) {
        char *a = marked(&cur->notes[0].text, BC_SPAN_INSERTED);
        CHECK_STR(a, "mới");
        free(a);
    }
    CHECK(s && s->count == 2);
    if (s && s->count == 2) {
        CHECK_STR(s->sections[1].title, "Chú thích");
        CHECK(s->sections[0].blocks_removed == 1 && s->sections[0].words_deleted == 4);
    }
    bc_diff_summary_free(s);
    bc_doc_free(old);
    bc_doc_free(cur);
}

/* Bounded cost: a long paragraph with two changes far apart; with a tiny
 * cell budget it is compared by the greedy walk (and says so), which finds
 * the same two words here; with the default budget the LCS is exact. */
static void test_bounded(void)
{
    bc_buf a = BC_BUF_INIT, b = BC_BUF_INIT;
    for (int i = 0; i < 3000; i++) {
        bc_buf_printf(&a, "từ%d ", i);
        bc_buf_printf(&b, "từ%d ", i == 10 || i == 1499 ? -i : i);
    }
    bc_buf_puts(&a, "\n");
    bc_buf_puts(&b, "\n");
    char *ta = bc_buf_detach(&a), *tb = bc_buf_detach(&b);
    for (int pass = 0; pass < 2; pass++) {
        bc_doc *old = parse(ta), *cur = parse(tb);
        bc_diff_summary *s = NULL;
        bc_error err = BC_ERROR_INIT;
        bc_docdiff_opts o = {.max_cells = pass == 0 ? 1000 : 0};
        CHECK(bc_docdiff(old, cur, &o, &s, &err) == BC_OK);
        if (s) {
            CHECK(s->approximate == (pass == 0));
            CHECK(s->total.words_inserted == 2 && s->total.words_deleted == 2);
            char *m = marked(&cur->blocks[0].text, BC_SPAN_INSERTED);
            CHECK_STR(m, "từ-10|từ-1499");
            free(m);
        }
        bc_diff_summary_free(s);
        bc_doc_free(old);
        bc_doc_free(cur);
    }
    free(ta);
    free(tb);
}

int main(void)
{
    test_fixture();
    test_identical();
    test_tail_and_notes();
    test_bounded();
    return check_report();
}
