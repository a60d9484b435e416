/* textcheck.c - words in vs words out. */
#include "textcheck.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "strbuf.h"
#include "text.h"

typedef struct entry {
    char *word;
    long want, got;
} entry;

struct bc_textcheck {
    bc_page_sink inner;
    entry *slots;
    size_t cap, used;
    bool oom;
    long offpage;         /* glyph runs found outside the page box */
    int offpage_page;     /* 1-based page of the first one */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static entry *lookup(bc_textcheck *tc, const char *w, bool create);

static bool grow(bc_textcheck *tc)
{
    size_t ncap = tc->cap ? tc->cap * 2 : 1024;
    entry *old = tc->slots;
    size_t ocap = tc->cap;
    tc->slots = calloc(ncap, sizeof *tc->slots);
    if (!tc->slots) {
        tc->slots = old;
        return false;
    }
    tc->cap = ncap;
    tc->used = 0;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].word) {
            entry *e = lookup(tc, old[i].word, true);
            e->want = old[i].want;
            e->got = old[i].got;
            free(old[i].word);
        }
    free(old);
    return true;
}

static entry *lookup(bc_textcheck *tc, const char *w, bool create)
{
    if (create && (tc->used + 1) * 2 > tc->cap && !grow(tc))
        return NULL;
    if (!tc->cap)
        return NULL;
    size_t i = hash(w) & (tc->cap - 1);
    while (tc->slots[i].word) {
        if (!strcmp(tc->slots[i].word, w))
            return &tc->slots[i];
        i = (i + 1) & (tc->cap - 1);
    }
    if (!create)
        return NULL;
    tc->slots[i].word = bc_strdup(w);
    if (!tc->slots[i].word)
        return NULL;
    tc->used++;
    return &tc->slots[i];
}

/* Calls fn for each word of s (lower-cased). */
/* Right-to-left scripts (Hebrew, Arabic ...): Pango reorders them on the
 * line, so they are words of their own, never glued to neighbouring digits. */
static bool is_rtl(int32_t cp)
{
    utf8proc_bidi_class_t b = utf8proc_get_property(cp)->bidi_class;
    return b == UTF8PROC_BIDI_CLASS_R || b == UTF8PROC_BIDI_CLASS_AL;
}

static void count_word(bc_textcheck *tc, bc_buf *w, bool expected)
{
    char *nfc = bc_text_nfc(w->data, w->len);
    entry *e = nfc ? lookup(tc, nfc, true) : NULL;
    if (!e)
        tc->oom = true;
    else if (expected)
        e->want++;
    else
        e->got++;
    free(nfc);
    w->len = 0;
}

/* Words are runs of one kind: letters, digits, or right-to-left letters.
 * Bidirectional reordering can move such runs apart on the line, so a word
 * never mixes them. */
static void each_word(bc_textcheck *tc, const char *s, bool expected)
{
    bc_buf w = BC_BUF_INIT;
    char enc[4];
    int w_kind = 0; /* 1 letter, 2 digit, 3 RTL letter */
    for (const char *p = s;; ) {
        int32_t cp = 0;
        int k = *p ? bc_utf8_decode(p, &cp) : 0;
        utf8proc_category_t cat = k ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
        int kind = 0;
        if (k && cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
            kind = is_rtl(cp) ? 3 : 1;
        else if (k && cat == UTF8PROC_CATEGORY_ND)
            kind = 2;
        else if (k && cat == UTF8PROC_CATEGORY_MN && w.len)
            kind = w_kind; /* a combining mark stays with its base */
        if (w.len && kind != w_kind)
            count_word(tc, &w, expected);
        if (kind) {
            /* Lower case of the upper case: a style may upper-case a line, and
             * some letters do not come back (ı -> I -> i). */
            int n = bc_utf8_encode(utf8proc_tolower(utf8proc_toupper(cp)), enc);
            bc_buf_append(&w, enc, (size_t)n);
            w_kind = kind;
        }
        if (!k)
            break;
        p += k;
    }
    bc_buf_free(&w);
}

bc_textcheck *bc_textcheck_new(bc_page_sink inner)
{
    bc_textcheck *tc = calloc(1, sizeof *tc);
    if (tc)
        tc->inner = inner;
    return tc;
}

void bc_textcheck_free(bc_textcheck *tc)
{
    if (!tc)
        return;
    for (size_t i = 0; i < tc->cap; i++)
        free(tc->slots[i].word);
    free(tc->slots);
    free(tc);
}

void bc_textcheck_expect(bc_textcheck *tc, const char *text)
{
    if (text)
        each_word(tc, text, true);
}

static void expect_rich(bc_textcheck *tc, const bc_rich *r)
{
    if (!r->text)
        return;
    /* Footnote markers print as separate (superscript) words. */
    bc_buf b = BC_BUF_INIT;
    size_t last = 0;
    for (size_t i = 0; i < r->nspans; i++)
        if (r->spans[i].flags & BC_SPAN_NOTEREF && r->spans[i].start >= last) {
            bc_buf_append(&b, r->text + last, r->spans[i].start - last);
            bc_buf_putc(&b, ' ');
            bc_buf_append(&b, r->text + r->spans[i].start, r->spans[i].end - r->spans[i].start);
            bc_buf_putc(&b, ' ');
            last = r->spans[i].end;
        }
    bc_buf_append(&b, r->text + last, r->len - last);
    if (b.data)
        each_word(tc, b.data, true);
    bc_buf_free(&b);
}

void bc_textcheck_expect_doc(bc_textcheck *tc, const bc_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        if (doc->blocks[i].number)
            bc_textcheck_expect(tc, doc->blocks[i].number);
        expect_rich(tc, &doc->blocks[i].text);
    }
    for (size_t i = 0; i < doc->nnotes; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", doc->notes[i].number);
        bc_textcheck_expect(tc, num);
        expect_rich(tc, &doc->notes[i].text);
    }
}

static void expect_nodes(bc_textcheck *tc, const bc_col_node *n, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        bc_textcheck_expect(tc, n[i].label);
        expect_nodes(tc, n[i].children, n[i].nchildren);
    }
}

void bc_textcheck_expect_table(bc_textcheck *tc, const bc_table *t)
{
    bc_textcheck_expect(tc, t->title);
    bc_textcheck_expect(tc, t->note);
    expect_nodes(tc, t->header, t->nheader);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            bc_textcheck_expect(tc, t->rows[r].cells[c].display);
}

typedef struct piece {
    double y, x, x2, size;
    const char *text;
} piece;

static int by_position(const void *a, const void *b)
{
    const piece *p = a, *q = b;
    if (fabs(p->y - q->y) > 0.5)
        return p->y < q->y ? -1 : 1;
    return p->x < q->x ? -1 : p->x > q->x;
}

/* True when a glyph run (advance width w) reaches beyond an edge of the
 * page: its ink box (about 0.8 of the size above the baseline and 0.25
 * below; rotated runs by their origin and end) must lie on the page. */
static bool off_page(const bc_page *page, const bc_ditem *it, double w)
{
    const double tol = 0.5;
    double c = cos(it->angle), s = sin(it->angle);
    double x0 = it->x, y0 = it->y, x1 = it->x + w * c, y1 = it->y - w * s;
    double top = 0.8 * it->size, bottom = 0.25 * it->size;
    if (fabs(it->angle) > 1e-9)
        top = bottom = 0;
    double xmin = fmin(x0, x1), xmax = fmax(x0, x1);
    double ymin = fmin(y0, y1) - top, ymax = fmax(y0, y1) + bottom;
    return xmin < -tol || ymin < -tol || xmax > page->width + tol || ymax > page->height + tol;
}

static bc_status filter_page(void *ctx, bc_page *page, bc_error *err)
{
    bc_textcheck *tc = ctx;
    piece *v = calloc(page->count ? page->count : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && i < page->count; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind != BC_DI_GLYPHS || !it->text)
            continue;
        double w = pango_glyph_string_get_width(it->glyphs->glyphs) / (double)PANGO_SCALE;
        if (off_page(page, it, w)) {
            /* Printed past an edge is not printed: its words count as lost. */
            if (!tc->offpage++)
                tc->offpage_page = page->index + 1;
            continue;
        }
        v[n++] = (piece){it->y, it->x, it->x + w, it->size, it->text};
    }
    if (!v) {
        tc->oom = true;
    } else {
        qsort(v, n, sizeof *v, by_position);
        /* Runs that touch on one baseline in one size form one string (a
         * word may change style mid-way); anything else is a word break. */
        bc_buf line = BC_BUF_INIT;
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && (fabs(v[i].y - v[i - 1].y) > 0.5 || v[i].x - v[i - 1].x2 > 0.5 ||
                          fabs(v[i].size - v[i - 1].size) > 0.01))
                bc_buf_putc(&line, '\n');
            bc_buf_puts(&line, v[i].text);
        }
        if (line.data)
            each_word(tc, line.data, false);
        bc_buf_free(&line);
        free(v);
    }
    return tc->inner.page(tc->inner.ctx, page, err);
}

bc_page_sink bc_textcheck_sink(bc_textcheck *tc) { return (bc_page_sink){filter_page, tc}; }

bc_status bc_textcheck_finish(bc_textcheck *tc, bc_error *err)
{
    if (tc->oom)
        return bc_nomem(err);
    bc_buf list = BC_BUF_INIT;
    long missing = 0;
    int shown = 0;
    for (size_t i = 0; i < tc->cap; i++) {
        entry *e = &tc->slots[i];
        if (!e->word || e->got >= e->want)
            continue;
        missing += e->want - e->got;
        if (shown++ < 10)
            bc_buf_printf(&list, "%s«%s» (thiếu %ld)", shown > 1 ? ", " : "", e->word,
                          e->want - e->got);
    }
    bc_status st = BC_OK;
    if (missing && tc->offpage)
        st = bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0,
                          "kiểm tra chữ: %ld từ của dữ liệu vào không có trên các trang: %s%s "
                          "(%ld đoạn chữ bị đặt ra ngoài mép trang giấy, đầu tiên ở trang %d)",
                          missing, list.data ? list.data : "", shown > 10 ? ", ..." : "",
                          tc->offpage, tc->offpage_page);
    else if (missing)
        st = bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0,
                          "kiểm tra chữ: %ld từ của dữ liệu vào không có trên các trang: %s%s",
                          missing, list.data ? list.data : "", shown > 10 ? ", ..." : "");
    bc_buf_free(&list);
    return st;
}
