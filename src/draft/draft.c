/* draft.c - draft review copies: the decorating page-sink filter. */
#include "draft.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "para.h"
#include "strbuf.h"

#define LINE_NO_SIZE 8.0
#define LINE_NO_GAP (4.0 * BC_MM)   /* number's right edge to the text area */
#define LINE_NO_RGB 0x808080u
#define STAMP_SIZE 10.0
#define STAMP_RGB 0x505050u
#define MARK_SIZE 13.0
#define MARK_RGB 0x000000u
#define WATERMARK_RGB 0xE2E2E2u
#define DELMARK_RGB 0xD00000u
#define CLEAR (2.0 * BC_MM)         /* distance kept from other items */

struct bc_draft {
    bc_draft_opts opts;
    char *stamp_time;
    const bc_layout_cfg *cfg;
    bc_fonts *fonts;
    bc_page_sink next;
    double ascent, descent;      /* em */
    bc_para **numbers;           /* shaped line numbers, [k] = "k" */
    size_t nnumbers;
    int pages;
    double last_width, last_height;
    char *last_label;
    bc_status status;            /* first failure */
    bool own_error;              /* the failure is the filter's (err is set) */
    bc_error err;
};

/* ---- small helpers ---------------------------------------------------------- */

static bc_status shape(bc_draft *d, const char *text, double size, bool bold, bool italic,
                       bc_align align, double width, bc_para **out, bc_error *err)
{
    bc_style s = {.size = size, .bold = bold, .italic = italic, .align = align, .spacing = 1.0};
    bc_para_opts o = {.style = &s, .single = d->cfg->single, .width = width};
    return bc_para_shape_plain(d->fonts, text, &o, out, err);
}

/* Emits a one-line shaped text with its left end at x, baseline y, colour
 * rgb. */
static bool emit_line(bc_page *page, const bc_line *ln, double x, double y, uint32_t rgb)
{
    size_t first = page->count;
    if (!bc_line_emit(ln, page, x, y, BC_ROLE_FURNITURE))
        return false;
    for (size_t i = first; i < page->count; i++)
        page->items[i].rgb = rgb;
    return true;
}

static double glyphs_width(const bc_ditem *it)
{
    return it->glyphs ? pango_glyph_string_get_width(it->glyphs->glyphs) / (double)PANGO_SCALE : 0;
}

/* Bounding box of an item (glyphs: advance x ascent + descent). False for
 * rotated runs, which are not obstacles. */
static bool item_box(const bc_draft *d, const bc_ditem *it, double *x0, double *y0, double *x1,
                     double *y1)
{
    switch (it->kind) {
    case BC_DI_GLYPHS:
        if (it->angle != 0)
            return false;
        *x0 = it->x;
        *x1 = it->x + glyphs_width(it);
        *y0 = it->y - d->ascent * it->size;
        *y1 = it->y + d->descent * it->size;
        return true;
    case BC_DI_RULE: {
        double h = it->line_width / 2;
        *x0 = fmin(it->x, it->x2) - h;
        *x1 = fmax(it->x, it->x2) + h;
        *y0 = fmin(it->y, it->y2) - h;
        *y1 = fmax(it->y, it->y2) + h;
        return true;
    }
    case BC_DI_BOX: {
        double h = it->fill ? 0 : it->line_width / 2;
        *x0 = fmin(it->x, it->x2) - h;
        *x1 = fmax(it->x, it->x2) + h;
        *y0 = fmin(it->y, it->y2) - h;
        *y1 = fmax(it->y, it->y2) + h;
        return true;
    }
    }
    return false;
}

/* The first item among [0, n) whose box meets the rectangle, or NULL. */
static const bc_ditem *obstacle(const bc_draft *d, const bc_page *p, size_t n, double x0,
                                double y0, double x1, double y1)
{
    for (size_t i = 0; i < n; i++) {
        double a0, b0, a1, b1;
        if (!item_box(d, &p->items[i], &a0, &b0, &a1, &b1))
            continue;
        if (a0 < x1 && a1 > x0 && b0 < y1 && b1 > y0)
            return &p->items[i];
    }
    return NULL;
}

static const bc_page_geom *geom_of(const bc_draft *d, const bc_page *p)
{
    return p->width > p->height ? &d->cfg->landscape : &d->cfg->page;
}

/* ---- decorations ------------------------------------------------------------ */

static bc_status line_number(bc_draft *d, int k, bc_para **out, bc_error *err)
{
    if ((size_t)k >= d->nnumbers) {
        size_t n = (size_t)k + 64;
        bc_para **v = realloc(d->numbers, n * sizeof *v);
        if (!v)
            return bc_nomem(err);
        memset(v + d->nnumbers, 0, (n - d->nnumbers) * sizeof *v);
        d->numbers = v;
        d->nnumbers = n;
    }
    if (!d->numbers[k]) {
        char num[16];
        snprintf(num, sizeof num, "%d", k);
        bc_status st = shape(d, num, LINE_NO_SIZE, false, false, BC_ALIGN_LEFT, 1000,
                             &d->numbers[k], err);
        if (st)
            return st;
    }
    *out = d->numbers[k];
    return BC_OK;
}

typedef struct body_line {
    double y;      /* baseline */
    bool seen;
} body_line;

static bc_status add_line_numbers(bc_draft *d, bc_page *page, size_t n, bc_error *err)
{
    int maxno = 0;
    for (size_t i = 0; i < n; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind == BC_DI_GLYPHS && it->role == BC_ROLE_BODY && it->line_no > maxno)
            maxno = it->line_no;
    }
    if (!maxno)
        return BC_OK;
    body_line *lines = calloc((size_t)maxno + 1, sizeof *lines);
    if (!lines)
        return bc_nomem(err);
    /* The baseline of a line: the lowest origin of its runs (raised runs,
     * footnote markers, sit higher). */
    for (size_t i = 0; i < n; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind != BC_DI_GLYPHS || it->role != BC_ROLE_BODY || it->line_no <= 0)
            continue;
        body_line *l = &lines[it->line_no];
        if (!l->seen || it->y > l->y)
            l->y = it->y;
        l->seen = true;
    }
    double text_left = geom_of(d, page)->left * BC_MM;
    bc_status st = BC_OK;
    for (int k = 1; k <= maxno && !st; k++) {
        if (!lines[k].seen)
            continue;
        bc_para *num = NULL;
        if ((st = line_number(d, k, &num, err)))
            break;
        const bc_line *ln = &num->lines[0];
        double y = lines[k].y, right = text_left - LINE_NO_GAP;
        double top = y - d->ascent * LINE_NO_SIZE, bottom = y + d->descent * LINE_NO_SIZE;
        for (int tries = 0; tries < 8; tries++) {
            const bc_ditem *o = obstacle(d, page, n, right - ln->width - 1, top, right + 1, bottom);
            if (!o)
                break;
            double a0, b0, a1, b1;
            item_box(d, o, &a0, &b0, &a1, &b1);
            right = a0 - CLEAR;
        }
        if (!emit_line(page, ln, right - ln->width, y, LINE_NO_RGB))
            st = bc_nomem(err);
    }
    free(lines);
    return st;
}

static bc_status add_deletion_marks(bc_draft *d, bc_page *page, size_t n, bc_error *err)
{
    double right = page->width - geom_of(d, page)->right * BC_MM;
    double done_y[256];
    size_t ndone = 0;
    for (size_t i = 0; i < n; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind != BC_DI_GLYPHS || !it->deletion_mark || it->angle != 0)
            continue;
        bool dup = false;
        for (size_t k = 0; k < ndone && !dup; k++)
            dup = fabs(done_y[k] - it->y) < 1.0;
        if (dup)
            continue;
        if (ndone < 256)
            done_y[ndone++] = it->y;
        double y0 = it->y - 0.72 * it->size, y1 = it->y + 0.18 * it->size;
        double x = right + 2.5 * BC_MM;
        for (int tries = 0; tries < 8; tries++) {
            const bc_ditem *o = obstacle(d, page, n, x - 1, y0, x + 1, y1);
            if (!o)
                break;
            double a0, b0, a1, b1;
            item_box(d, o, &a0, &b0, &a1, &b1);
            x = a1 + 1.5 * BC_MM;
        }
        bc_ditem *bar = bc_page_add(page, BC_DI_RULE);
        if (!bar)
            return bc_nomem(err);
        bar->role = BC_ROLE_FURNITURE;
        bar->rgb = DELMARK_RGB;
        bar->x = bar->x2 = x;
        bar->y = y0;
        bar->y2 = y1;
        bar->line_width = 1.6;
        /* A short tick pointing at the text: the bar reads as a caret. */
        bc_ditem *tick = bc_page_add(page, BC_DI_RULE);
        if (!tick)
            return bc_nomem(err);
        tick->role = BC_ROLE_FURNITURE;
        tick->rgb = DELMARK_RGB;
        tick->x = x;
        tick->x2 = x - 1.2 * BC_MM;
        tick->y = tick->y2 = y1;
        tick->line_width = 1.6;
    }
    return BC_OK;
}

static bc_status add_stamp(bc_draft *d, bc_page *page, size_t n, bc_error *err)
{
    char *text = bc_strdup_printf("Dự thảo lần %d – %s", d->opts.round, d->stamp_time);
    if (!text)
        return bc_nomem(err);
    bc_para *p = NULL;
    bc_status st = shape(d, text, STAMP_SIZE, false, true, BC_ALIGN_LEFT, 2000, &p, err);
    free(text);
    if (st)
        return st;
    const bc_line *ln = &p->lines[0];
    double bottom_margin = geom_of(d, page)->bottom * BC_MM;
    double x = (page->width - ln->width) / 2;
    double y = page->height - bottom_margin / 2 + 0.3 * STAMP_SIZE;
    for (int tries = 0; tries < 8; tries++) {
        const bc_ditem *o = obstacle(d, page, n, x, y - d->ascent * STAMP_SIZE, x + ln->width,
                                     y + d->descent * STAMP_SIZE);
        if (!o)
            break;
        double a0, b0, a1, b1;
        item_box(d, o, &a0, &b0, &a1, &b1);
        double ny = b1 + d->ascent * STAMP_SIZE + 1;
        if (ny > page->height - 3 * BC_MM)
            break; /* no room: keep it at the bottom edge rather than lose it */
        y = ny;
    }
    if (y > page->height - 3 * BC_MM)
        y = page->height - 3 * BC_MM;
    bool ok = emit_line(page, ln, x, y, STAMP_RGB);
    bc_para_free(p);
    return ok ? BC_OK : bc_nomem(err);
}

static bc_status add_box_mark(bc_draft *d, bc_page *page, size_t n, bc_error *err)
{
    /* Top of the page's content and the agency block's centre (the
     * topmost text left of the page's middle). */
    double top = page->height, agency_y = page->height, ax0 = 0, ax1 = 0;
    bool agency = false;
    for (size_t i = 0; i < n; i++) {
        const bc_ditem *it = &page->items[i];
        double x0, y0, x1, y1;
        if (!item_box(d, it, &x0, &y0, &x1, &y1))
            continue;
        if (y0 < top)
            top = y0;
        if (it->kind != BC_DI_GLYPHS || (x0 + x1) / 2 >= page->width / 2)
            continue;
        if (!agency || it->y < agency_y - 1) {
            agency = true;
            agency_y = it->y;
            ax0 = x0;
            ax1 = x1;
        } else if (fabs(it->y - agency_y) <= 1) {
            ax0 = fmin(ax0, x0);
            ax1 = fmax(ax1, x1);
        }
    }
    const bc_page_geom *g = geom_of(d, page);
    double cx = agency ? (ax0 + ax1) / 2 : g->left * BC_MM + 31 * BC_MM;
    bc_para *p = NULL;
    bc_status st = shape(d, "DỰ THẢO", MARK_SIZE, true, false, BC_ALIGN_LEFT, 1000, &p, err);
    if (st)
        return st;
    const bc_line *ln = &p->lines[0];
    double w = ln->width + 6 * BC_MM, h = 8 * BC_MM;
    double y1 = fmin(top, g->top * BC_MM) - 3 * BC_MM, y0 = y1 - h;
    if (y0 < 4 * BC_MM) {
        y0 = 4 * BC_MM;
        y1 = y0 + h;
    }
    double x0 = cx - w / 2;
    if (x0 < 5 * BC_MM)
        x0 = 5 * BC_MM;
    bc_ditem *box = bc_page_add(page, BC_DI_BOX);
    if (!box) {
        bc_para_free(p);
        return bc_nomem(err);
    }
    box->role = BC_ROLE_FURNITURE;
    box->rgb = MARK_RGB;
    box->x = x0;
    box->y = y0;
    box->x2 = x0 + w;
    box->y2 = y1;
    box->line_width = 1.0;
    double baseline = y0 + h / 2 + (d->ascent - d->descent) * MARK_SIZE / 2;
    bool ok = emit_line(page, ln, x0 + (w - ln->width) / 2, baseline, MARK_RGB);
    bc_para_free(p);
    return ok ? BC_OK : bc_nomem(err);
}

static bc_status add_watermark(bc_draft *d, bc_page *page, bc_error *err)
{
    const char *text = "DỰ THẢO";
    bc_para *p = NULL;
    bc_status st = shape(d, text, 100, true, false, BC_ALIGN_LEFT, 10000, &p, err);
    if (st)
        return st;
    double diag = hypot(page->width, page->height);
    double size = 100 * 0.55 * diag / p->lines[0].width;
    if (size > 150)
        size = 150;
    bc_para_free(p);
    p = NULL;
    if ((st = shape(d, text, size, true, false, BC_ALIGN_LEFT, 10000, &p, err)))
        return st;
    const bc_line *ln = &p->lines[0];
    double a = atan2(page->height, page->width);
    double cx = page->width / 2, cy = page->height / 2, half = ln->width / 2, up = 0.36 * size;
    double ox = cx - half * cos(a) + up * sin(a);
    double oy = cy + half * sin(a) + up * cos(a);
    size_t first = page->count;
    bool ok = emit_line(page, ln, ox, oy, WATERMARK_RGB);
    bc_para_free(p);
    if (!ok)
        return bc_nomem(err);
    /* Rotate each run about the line origin and move the runs to the front
     * (drawn first, under the text). */
    size_t added = page->count - first;
    bc_ditem *tmp = malloc(added * sizeof *tmp);
    if (!tmp)
        return bc_nomem(err);
    for (size_t i = 0; i < added; i++) {
        bc_ditem *it = &page->items[first + i];
        double dx = it->x - ox;
        it->x = ox + dx * cos(a);
        it->y = oy - dx * sin(a);
        it->angle = a;
        tmp[i] = *it;
    }
    memmove(page->items + added, page->items, first * sizeof *page->items);
    memcpy(page->items, tmp, added * sizeof *tmp);
    free(tmp);
    return BC_OK;
}

static bc_status decorate(bc_draft *d, bc_page *page, bc_error *err)
{
    size_t n = page->count;
    bc_status st = add_line_numbers(d, page, n, err);
    if (!st)
        st = add_deletion_marks(d, page, n, err);
    if (!st)
        st = add_stamp(d, page, n, err);
    if (!st && d->pages == 0)
        st = add_box_mark(d, page, n, err);
    if (!st && d->opts.watermark)
        st = add_watermark(d, page, err);
    return st;
}

/* ---- the filter ------------------------------------------------------------- */

bc_status bc_draft_new(const bc_draft_opts *opts, const bc_layout_cfg *cfg, bc_fonts *fonts,
                       bc_page_sink next, bc_draft **out, bc_error *err)
{
    bc_draft *d = calloc(1, sizeof *d);
    if (!d)
        return bc_nomem(err);
    d->opts = *opts;
    if (d->opts.round < 1)
        d->opts.round = 1;
    d->stamp_time = opts->stamp_time ? bc_strdup(opts->stamp_time) : bc_draft_time_now();
    if (!d->stamp_time) {
        free(d);
        return bc_nomem(err);
    }
    d->opts.stamp_time = d->stamp_time;
    d->cfg = cfg;
    d->fonts = fonts;
    d->next = next;
    bc_fonts_metrics(fonts, &d->ascent, &d->descent);
    *out = d;
    return BC_OK;
}

int bc_draft_page(void *ctx, bc_page *page)
{
    bc_draft *d = ctx;
    if (d->status) {
        bc_page_free(page);
        return d->status;
    }
    bc_status st = decorate(d, page, &d->err);
    if (st) {
        d->status = st;
        d->own_error = true;
        bc_page_free(page);
        return st;
    }
    d->pages++;
    d->last_width = page->width;
    d->last_height = page->height;
    free(d->last_label);
    d->last_label = bc_strdup(page->label);
    int rc = d->next.page(d->next.ctx, page);
    if (rc)
        d->status = (bc_status)rc;
    return rc;
}

bc_page_sink bc_draft_sink(bc_draft *d) { return (bc_page_sink){bc_draft_page, d}; }

bc_status bc_draft_error(const bc_draft *d, bc_error *err)
{
    if (!d->own_error)
        return BC_OK;
    return bc_error_set(err, d->status, d->err.file, d->err.line, d->err.column, "%s",
                        d->err.message ? d->err.message : "lỗi khi đánh dấu bản dự thảo");
}

int bc_draft_pages(const bc_draft *d) { return d->pages; }

void bc_draft_free(bc_draft *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nnumbers; i++)
        bc_para_free(d->numbers[i]);
    free(d->numbers);
    free(d->stamp_time);
    free(d->last_label);
    bc_error_clear(&d->err);
    free(d);
}

/* ---- change summary page ---------------------------------------------------- */

typedef struct sum_page {
    bc_draft *d;
    bc_page *page;
    double y;              /* top of the next paragraph */
    double left, width, bottom;
    int number;            /* page number of the current page */
    char *label_prefix;    /* page labels: prefix + number */
} sum_page;

static bc_status sum_new_page(sum_page *s, bc_error *err)
{
    bc_draft *d = s->d;
    const bc_page_geom *g = &d->cfg->page;
    s->page = bc_page_new(g->width * BC_MM, g->height * BC_MM, d->pages);
    if (!s->page)
        return bc_nomem(err);
    s->number++;
    s->page->label = bc_strdup_printf("%s%d", s->label_prefix, s->number);
    if (!s->page->label)
        return bc_nomem(err);
    s->y = g->top * BC_MM;
    /* Page number in the top margin, as the pager does. */
    char num[16];
    snprintf(num, sizeof num, "%d", s->number);
    const bc_style *ps = &d->cfg->styles[BC_ST_PAGE_NUMBER];
    bc_para *p = NULL;
    bc_status st = shape(d, num, ps->size, ps->bold, ps->italic, BC_ALIGN_CENTER, s->width, &p,
                         err);
    if (st)
        return st;
    bool ok = emit_line(s->page, &p->lines[0], s->left, d->cfg->page_number_baseline * BC_MM, 0);
    bc_para_free(p);
    return ok ? BC_OK : bc_nomem(err);
}

static bc_status sum_flush(sum_page *s, bc_error *err)
{
    if (!s->page)
        return BC_OK;
    bc_page *p = s->page;
    s->page = NULL;
    int rc = bc_draft_page(s->d, p);
    if (rc)
        return bc_draft_error(s->d, err) ? err->status
                                         : bc_error_set(err, (bc_status)rc, NULL, 0, 0,
                                                        "không ghi được trang tóm tắt của bản dự thảo");
    return BC_OK;
}

/* Adds a paragraph of size pt; keep_next: needs room for one more line
 * after it. */
static bc_status sum_para_sz(sum_page *s, const char *text, double size, bool bold, bool italic,
                             bc_align align, double before, bool keep_next, bc_error *err)
{
    bc_para *p = NULL;
    bc_status st = shape(s->d, text, size, bold, italic, align, s->width, &p, err);
    if (st)
        return st;
    double h = bc_para_height(p) + (keep_next && p->nlines ? p->lines[0].height : 0);
    if (s->page && s->y + before + h > s->bottom + 0.01)
        st = sum_flush(s, err);
    if (!st && !s->page)
        st = sum_new_page(s, err);
    else if (!st)
        s->y += before;
    for (size_t i = 0; !st && i < p->nlines; i++) {
        const bc_line *ln = &p->lines[i];
        if (!emit_line(s->page, ln, s->left, s->y + ln->baseline, 0))
            st = bc_nomem(err);
        s->y += ln->height;
    }
    bc_para_free(p);
    return st;
}

static bc_status sum_para(sum_page *s, const char *text, bool bold, bool italic, bc_align align,
                          double before, bool keep_next, bc_error *err)
{
    return sum_para_sz(s, text, 14, bold, italic, align, before, keep_next, err);
}

static void counts_text(bc_buf *b, const bc_diff_section *x)
{
    size_t n0 = b->len;
    if (x->words_inserted)
        bc_buf_printf(b, "thêm hoặc sửa %zu từ", x->words_inserted);
    if (x->words_deleted)
        bc_buf_printf(b, "%sbỏ %zu từ", b->len > n0 ? ", " : "", x->words_deleted);
    size_t n1 = b->len;
    if (x->blocks_changed)
        bc_buf_printf(b, "%ssửa %zu đoạn", b->len > n0 ? (b->len > n1 ? ", " : "; ") : "",
                      x->blocks_changed);
    if (x->blocks_added)
        bc_buf_printf(b, "%sthêm %zu đoạn", b->len > n0 ? (b->len > n1 ? ", " : "; ") : "",
                      x->blocks_added);
    if (x->blocks_removed)
        bc_buf_printf(b, "%sbỏ %zu đoạn", b->len > n0 ? (b->len > n1 ? ", " : "; ") : "",
                      x->blocks_removed);
    if (b->len == n0)
        bc_buf_puts(b, "không thay đổi");
    bc_buf_putc(b, '.');
    /* Capital first letter: "Thêm ...", "Không ...", "Sửa ...", "Bỏ ...". */
    static const char *const low[] = {"thêm", "không", "sửa", "bỏ"};
    static const char *const up[] = {"Thêm", "Không", "Sửa", "Bỏ"};
    for (size_t i = 0; i < 4 && b->data && n0 == 0; i++) {
        size_t n = strlen(low[i]);
        if (b->len >= n0 + n && !strncmp(b->data + n0, low[i], n)) {
            memcpy(b->data + n0, up[i], n);
            break;
        }
    }
}

/* A summary page set after the last page received: numbered after it (its
 * label is prefix + number, "Trang 16"). */
static bc_status sum_begin(bc_draft *d, sum_page *s, bc_error *err)
{
    if (d->status)
        return bc_draft_error(d, err) ? err->status
                                      : bc_error_set(err, d->status, NULL, 0, 0,
                                                     "không ghi được bản dự thảo");
    const bc_page_geom *g = &d->cfg->page;
    *s = (sum_page){.d = d,
                    .left = g->left * BC_MM,
                    .width = (g->width - g->left - g->right) * BC_MM,
                    .bottom = (g->height - g->bottom) * BC_MM};
    const char *l = d->last_label ? d->last_label : "";
    size_t k = strlen(l);
    while (k > 0 && l[k - 1] >= '0' && l[k - 1] <= '9')
        k--;
    long last = l[k] ? strtol(l + k, NULL, 10) : 0;
    s->number = last > 0 ? (int)last : d->pages;
    s->label_prefix = bc_strdup_printf("%.*s", (int)(last > 0 ? k : 0), l);
    return s->label_prefix ? BC_OK : bc_nomem(err);
}

bc_status bc_draft_source_list(bc_draft *d, const bc_draft_listed_file *files, size_t n,
                               bool whole, bc_error *err)
{
    sum_page s;
    bc_status st = sum_begin(d, &s, err);
    if (st)
        return st;
    st = sum_para(&s, "CÁC TỆP NGUỒN ĐÍNH KÈM", true, false, BC_ALIGN_CENTER, 0, true, err);
    if (!st)
        st = sum_para(&s,
                      whole ? "(Các tệp đính kèm trong tệp PDF này là bản gốc, nguyên vẹn; mã "
                              "SHA-256 là của tệp nguồn)"
                            : "(Số liệu đính kèm chỉ gồm những gì văn bản dùng; mã SHA-256 là "
                              "của tệp nguồn đầy đủ, để đối chiếu với bản lưu tại cơ quan)",
                      false, true, BC_ALIGN_CENTER, 6, false, err);
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; !st && i < n; i++) {
        bc_buf_printf(&b, "%zu. %s", i + 1, files[i].name);
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, true, false, BC_ALIGN_LEFT, 10, true, err) : bc_nomem(err);
        free(t);
        if (st)
            break;
        bc_buf_printf(&b, "Tệp nguồn: %s — %s.", files[i].source,
                      files[i].left_out ? files[i].left_out : "đính kèm toàn bộ tệp");
        t = bc_buf_detach(&b);
        st = t ? sum_para_sz(&s, t, 12, false, false, BC_ALIGN_LEFT, 2, true, err) : bc_nomem(err);
        free(t);
        if (st)
            break;
        bc_buf_printf(&b, "SHA-256: %s", files[i].sha256);
        t = bc_buf_detach(&b);
        st = t ? sum_para_sz(&s, t, 10, false, false, BC_ALIGN_LEFT, 1, false, err) : bc_nomem(err);
        free(t);
    }
    if (!st)
        st = sum_flush(&s, err);
    if (s.page)
        bc_page_free(s.page);
    free(s.label_prefix);
    bc_buf_free(&b);
    return st;
}

bc_status bc_draft_summary(bc_draft *d, const bc_diff_summary *sum, const char *compared_with,
                           bc_error *err)
{
    sum_page s;
    bc_status st = sum_begin(d, &s, err);
    if (st)
        return st;
    st = sum_para(&s, "TÓM TẮT THAY ĐỔI SO VỚI DỰ THẢO TRƯỚC", true, false,
                            BC_ALIGN_CENTER, 0, true, err);
    bc_buf b = BC_BUF_INIT;
    if (!st) {
        bc_buf_printf(&b, "(Dự thảo lần %d", d->opts.round);
        if (compared_with)
            bc_buf_printf(&b, " so với %s", compared_with);
        bc_buf_puts(&b, "; từ mới hoặc đã sửa được gạch dưới, chỗ có chữ bị bỏ được đánh dấu đỏ "
                        "ở lề phải)");
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, false, true, BC_ALIGN_CENTER, 6, false, err) : bc_nomem(err);
        free(t);
    }
    for (size_t i = 0; !st && i < sum->count; i++) {
        const bc_diff_section *x = &sum->sections[i];
        st = sum_para(&s, x->title ? x->title : "", true, false, BC_ALIGN_LEFT, 12, true, err);
        if (st)
            break;
        counts_text(&b, x);
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, false, false, BC_ALIGN_LEFT, 3, false, err) : bc_nomem(err);
        free(t);
    }
    if (!st) {
        bc_buf_puts(&b, "Cả văn bản: ");
        counts_text(&b, &sum->total);
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, true, false, BC_ALIGN_LEFT, 12, false, err) : bc_nomem(err);
        free(t);
    }
    if (!st && sum->approximate)
        st = sum_para(&s,
                      "(Có đoạn quá dài nên được so sánh gần đúng: số từ thay đổi có thể lớn hơn "
                      "thực tế.)",
                      false, true, BC_ALIGN_LEFT, 6, false, err);
    if (!st)
        st = sum_flush(&s, err);
    if (s.page)
        bc_page_free(s.page);
    free(s.label_prefix);
    bc_buf_free(&b);
    return st;
}

/* ---- time stamp -------------------------------------------------------------- */

bc_status bc_draft_time_check(const char *s, bc_error *err)
{
    int dd, mm, yy, h, mi, n = 0;
    if (!s || sscanf(s, "%2d/%2d/%4d %2d:%2d%n", &dd, &mm, &yy, &h, &mi, &n) != 5 ||
        s[n] != '\0' || strlen(s) != 16)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "thời điểm dự thảo '%s' không đúng dạng \"dd/mm/yyyy hh:mm\" "
                            "(ví dụ \"20/03/2018 09:30\")",
                            s ? s : "");
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
    if (mm < 1 || mm > 12 || dd < 1 || dd > mdays[mm - 1] || (mm == 2 && dd == 29 && !leap) ||
        h > 23 || mi > 59 || yy < 1900)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "thời điểm dự thảo '%s' không có thật (ngày, tháng, giờ hoặc phút sai)",
                            s);
    return BC_OK;
}

char *bc_draft_time_now(void)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return bc_strdup("01/01/1970 00:00");
    return bc_strdup_printf("%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
                            tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}
