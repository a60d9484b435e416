/* draft.c - draft review copies: the decorating page-sink filter. */
#include "draft.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pager.h"
#include "para.h"
#include "strbuf.h"

/* Colours of the marks (their measures and sizes are the layout's: the
 * "draft" keys and the du-thao-* styles of layoutcfg.h). */
/* The watermark is shaped once at this size to measure it, then at the
 * size that spans the page's diagonal. */
#define WATERMARK_PROBE 100
/* Widths that never wrap (a one-line mark). */
#define NO_WRAP 10000

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
    char *last_label;
    bc_error err;                /* the first failure (the filter's or the next sink's) */
};

/* ---- small helpers ---------------------------------------------------------- */

static bc_status shape(bc_draft *d, const char *text, double size, bool bold, bool italic,
                       bc_align align, double width, bc_para **out, bc_error *err)
{
    bc_style s = {.size = size, .bold = bold, .italic = italic, .align = align, .spacing = 1.0};
    bc_para_opts o = {.style = &s, .single = d->cfg->single, .text = &d->cfg->text, .width = width};
    return bc_para_shape_plain(d->fonts, text, &o, out, err);
}

/* text in the layout's style id, on one line. */
static bc_status shape_mark(bc_draft *d, const char *text, bc_style_id id, bc_para **out,
                            bc_error *err)
{
    const bc_style *s = &d->cfg->styles[id];
    return shape(d, text, s->size, s->bold, s->italic, BC_ALIGN_LEFT, NO_WRAP, out, err);
}

/* Emits a one-line shaped text with its left end at x, baseline y, colour
 * rgb, as the draft mark mark. */
static bool emit_line(bc_page *page, const bc_line *ln, double x, double y, uint32_t rgb,
                      bc_dmark mark)
{
    size_t first = page->count;
    if (!bc_line_emit(ln, page, x, y, BC_ROLE_FURNITURE))
        return false;
    for (size_t i = first; i < page->count; i++) {
        page->items[i].rgb = rgb;
        page->items[i].mark = mark;
    }
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
        bc_status st = shape_mark(d, num, BC_ST_DRAFT_LINE_NO, &d->numbers[k], err);
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
    double size = d->cfg->styles[BC_ST_DRAFT_LINE_NO].size;
    double gap = d->cfg->draft_line_number_gap * BC_MM, clear = d->cfg->draft_clearance * BC_MM;
    bc_status st = BC_OK;
    for (int k = 1; k <= maxno && !st; k++) {
        if (!lines[k].seen)
            continue;
        bc_para *num = NULL;
        if ((st = line_number(d, k, &num, err)))
            break;
        const bc_line *ln = &num->lines[0];
        double y = lines[k].y, right = text_left - gap;
        double top = y - d->ascent * size, bottom = y + d->descent * size;
        for (int tries = 0; tries < 8; tries++) {
            const bc_ditem *o = obstacle(d, page, n, right - ln->width - 1, top, right + 1, bottom);
            if (!o)
                break;
            double a0, b0, a1, b1;
            item_box(d, o, &a0, &b0, &a1, &b1);
            right = a0 - clear;
        }
        if (!emit_line(page, ln, right - ln->width, y, d->cfg->draft_line_number_rgb,
                       BC_DMARK_LINE_NO))
            st = bc_nomem(err);
    }
    free(lines);
    return st;
}

static bc_status add_deletion_marks(bc_draft *d, bc_page *page, size_t n, bc_error *err)
{
    const bc_layout_cfg *c = d->cfg;
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
        double y0 = it->y - c->draft_deletion_top * it->size;
        double y1 = it->y + c->draft_deletion_bottom * it->size;
        double x = right + c->draft_deletion_offset * BC_MM;
        for (int tries = 0; tries < 8; tries++) {
            const bc_ditem *o = obstacle(d, page, n, x - 1, y0, x + 1, y1);
            if (!o)
                break;
            double a0, b0, a1, b1;
            item_box(d, o, &a0, &b0, &a1, &b1);
            x = a1 + c->draft_deletion_step * BC_MM;
        }
        bc_ditem *bar = bc_page_add(page, BC_DI_RULE);
        if (!bar)
            return bc_nomem(err);
        bar->role = BC_ROLE_FURNITURE;
        bar->rgb = d->cfg->draft_deletion_rgb;
        bar->mark = BC_DMARK_DELETION;
        bar->x = bar->x2 = x;
        bar->y = y0;
        bar->y2 = y1;
        bar->line_width = c->draft_deletion_width;
        /* A short tick pointing at the text: the bar reads as a caret. */
        bc_ditem *tick = bc_page_add(page, BC_DI_RULE);
        if (!tick)
            return bc_nomem(err);
        tick->role = BC_ROLE_FURNITURE;
        tick->rgb = d->cfg->draft_deletion_rgb;
        tick->mark = BC_DMARK_DELETION;
        tick->x = x;
        tick->x2 = x - c->draft_deletion_tick * BC_MM;
        tick->y = tick->y2 = y1;
        tick->line_width = c->draft_deletion_width;
    }
    return BC_OK;
}

static bc_status add_stamp(bc_draft *d, bc_page *page, size_t n, bc_error *err)
{
    char *text = bc_strdup_printf("Dự thảo lần %d – %s", d->opts.round, d->stamp_time);
    if (!text)
        return bc_nomem(err);
    bc_para *p = NULL;
    bc_status st = shape_mark(d, text, BC_ST_DRAFT_STAMP, &p, err);
    free(text);
    if (st)
        return st;
    const bc_line *ln = &p->lines[0];
    double size = d->cfg->styles[BC_ST_DRAFT_STAMP].size;
    double bottom_margin = geom_of(d, page)->bottom * BC_MM;
    double lowest = page->height - d->cfg->draft_stamp_edge * BC_MM;
    double x = (page->width - ln->width) / 2;
    double y = page->height - bottom_margin / 2 + d->cfg->draft_stamp_raise * size;
    for (int tries = 0; tries < 8; tries++) {
        const bc_ditem *o = obstacle(d, page, n, x, y - d->ascent * size, x + ln->width,
                                     y + d->descent * size);
        if (!o)
            break;
        double a0, b0, a1, b1;
        item_box(d, o, &a0, &b0, &a1, &b1);
        double ny = b1 + d->ascent * size + 1;
        if (ny > lowest)
            break; /* no room: keep it at the bottom edge rather than lose it */
        y = ny;
    }
    if (y > lowest)
        y = lowest;
    bool ok = emit_line(page, ln, x, y, d->cfg->draft_stamp_rgb, BC_DMARK_STAMP);
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
    const bc_layout_cfg *c = d->cfg;
    double cx = agency ? (ax0 + ax1) / 2 : g->left * BC_MM + c->draft_mark_centre * BC_MM;
    bc_para *p = NULL;
    bc_status st = shape_mark(d, "DỰ THẢO", BC_ST_DRAFT_MARK, &p, err);
    if (st)
        return st;
    const bc_line *ln = &p->lines[0];
    double size = c->styles[BC_ST_DRAFT_MARK].size;
    double w = ln->width + c->draft_mark_padding * BC_MM, h = c->draft_mark_height * BC_MM;
    double y1 = fmin(top, g->top * BC_MM) - c->draft_mark_gap * BC_MM, y0 = y1 - h;
    if (y0 < c->draft_mark_top * BC_MM) {
        y0 = c->draft_mark_top * BC_MM;
        y1 = y0 + h;
    }
    double x0 = cx - w / 2;
    if (x0 < c->draft_mark_left * BC_MM)
        x0 = c->draft_mark_left * BC_MM;
    bc_ditem *box = bc_page_add(page, BC_DI_BOX);
    if (!box) {
        bc_para_free(p);
        return bc_nomem(err);
    }
    box->role = BC_ROLE_FURNITURE;
    box->rgb = d->cfg->draft_mark_rgb;
    box->mark = BC_DMARK_BOX;
    box->x = x0;
    box->y = y0;
    box->x2 = x0 + w;
    box->y2 = y1;
    box->line_width = c->draft_mark_line_width;
    double baseline = y0 + h / 2 + (d->ascent - d->descent) * size / 2;
    bool ok = emit_line(page, ln, x0 + (w - ln->width) / 2, baseline, d->cfg->draft_mark_rgb,
                        BC_DMARK_BOX);
    bc_para_free(p);
    return ok ? BC_OK : bc_nomem(err);
}

static bc_status add_watermark(bc_draft *d, bc_page *page, bc_error *err)
{
    const char *text = "DỰ THẢO";
    bc_para *p = NULL;
    bc_status st = shape(d, text, WATERMARK_PROBE, true, false, BC_ALIGN_LEFT, NO_WRAP, &p, err);
    if (st)
        return st;
    double diag = hypot(page->width, page->height);
    double size = WATERMARK_PROBE * d->cfg->draft_watermark_span * diag / p->lines[0].width;
    if (size > d->cfg->draft_watermark_max)
        size = d->cfg->draft_watermark_max;
    bc_para_free(p);
    p = NULL;
    if ((st = shape(d, text, size, true, false, BC_ALIGN_LEFT, NO_WRAP, &p, err)))
        return st;
    const bc_line *ln = &p->lines[0];
    double a = atan2(page->height, page->width);
    double cx = page->width / 2, cy = page->height / 2, half = ln->width / 2;
    double up = d->cfg->draft_watermark_raise * size;
    double ox = cx - half * cos(a) + up * sin(a);
    double oy = cy + half * sin(a) + up * cos(a);
    size_t first = page->count;
    bool ok = emit_line(page, ln, ox, oy, d->cfg->draft_watermark_rgb, BC_DMARK_WATERMARK);
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

bc_status bc_draft_page(void *ctx, bc_page *page, bc_error *err)
{
    bc_draft *d = ctx;
    if (d->err.status) {
        bc_page_free(page);
        return bc_error_copy(err, &d->err);
    }
    bc_status st = decorate(d, page, err);
    if (st) {
        bc_page_free(page);
        return bc_error_copy(&d->err, err);
    }
    d->pages++;
    free(d->last_label);
    d->last_label = bc_strdup(page->label);
    if ((st = d->next.page(d->next.ctx, page, err)))
        bc_error_copy(&d->err, err);
    return st;
}

bc_page_sink bc_draft_sink(bc_draft *d) { return (bc_page_sink){bc_draft_page, d}; }

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

/* ---- pages after the document ------------------------------------------------ */

/* The change summary and the list of sources are laid out by the pager
 * (pager.h) in the layout's du-thao-* styles, numbered after the last page
 * received, and sent through this filter like the document's pages. */
typedef struct sum_page {
    bc_draft *d;
    bc_pager *pager;
    bool keep_next;        /* the last paragraph stays with the next one */
} sum_page;

/* Adds a paragraph in style id (its lines kept together); keep_next: the
 * next paragraph starts on the same page. */
static bc_status sum_para(sum_page *s, const char *text, bc_style_id id, bool keep_next,
                          bc_error *err)
{
    const bc_style *st = &s->d->cfg->styles[id];
    bc_para_opts o = {.style = st,
                      .single = s->d->cfg->single,
                      .text = &s->d->cfg->text,
                      .width = bc_pager_text_width(s->pager)};
    bc_para *p = NULL;
    bc_status rc = bc_para_shape_plain(s->d->fonts, text, &o, &p, err);
    if (rc)
        return rc;
    if (st->before > 0) {
        bc_vbox *g = bc_vbox_glue(st->before);
        if (g)
            g->keep_with_prev = s->keep_next;
        rc = g ? bc_pager_add(s->pager, g, err) : bc_nomem(err);
    }
    for (size_t i = 0; !rc && i < p->nlines; i++) {
        bc_vbox *b = bc_vbox_from_line(&p->lines[i], bc_pager_text_left(s->pager),
                                       BC_ROLE_FURNITURE);
        if (b)
            b->keep_with_prev = i > 0 || s->keep_next;
        rc = b ? bc_pager_add(s->pager, b, err) : bc_nomem(err);
    }
    s->keep_next = keep_next;
    bc_para_free(p);
    return rc;
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

/* A pager for the pages after the last one received: numbered after it
 * (labels prefix + number, "Trang 16"), page numbers on every page. */
static bc_status sum_begin(bc_draft *d, sum_page *s, bc_error *err)
{
    if (d->err.status)
        return bc_error_copy(err, &d->err);
    *s = (sum_page){.d = d};
    const char *l = d->last_label ? d->last_label : "";
    size_t k = strlen(l);
    while (k > 0 && l[k - 1] >= '0' && l[k - 1] <= '9')
        k--;
    long last = l[k] ? strtol(l + k, NULL, 10) : 0;
    char *prefix = bc_strdup_printf("%.*s", (int)(last > 0 ? k : 0), l);
    if (!prefix)
        return bc_nomem(err);
    s->pager = bc_pager_new(d->cfg, d->fonts, bc_draft_sink(d), NULL, 0, NULL);
    if (!s->pager) {
        free(prefix);
        return bc_nomem(err);
    }
    bc_pager_continue(s->pager, d->pages);
    bc_section sec = {.numbered = true, .label_prefix = prefix,
                      .first_number = (last > 0 ? (int)last : d->pages) + 1};
    bc_status st = bc_pager_section(s->pager, &sec, err);
    free(prefix);
    return st;
}

/* The last page out. */
static bc_status sum_end(sum_page *s, bc_status st, bc_error *err)
{
    if (!st)
        st = bc_pager_finish(s->pager, err);
    bc_pager_free(s->pager);
    return st;
}

bc_status bc_draft_source_list(bc_draft *d, const bc_draft_listed_file *files, size_t n,
                               bool whole, bc_error *err)
{
    sum_page s;
    bc_status st = sum_begin(d, &s, err);
    if (st)
        return st;
    st = sum_para(&s, "CÁC TỆP NGUỒN ĐÍNH KÈM", BC_ST_DRAFT_TITLE, true, err);
    if (!st)
        st = sum_para(&s,
                      whole ? "(Các tệp đính kèm trong tệp PDF này là bản gốc, nguyên vẹn; mã "
                              "SHA-256 là của tệp nguồn)"
                            : "(Số liệu đính kèm chỉ gồm những gì văn bản dùng; mã SHA-256 là "
                              "của tệp nguồn đầy đủ, để đối chiếu với bản lưu tại cơ quan)",
                      BC_ST_DRAFT_INTRO, false, err);
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; !st && i < n; i++) {
        bc_buf_printf(&b, "%zu. %s", i + 1, files[i].name);
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, BC_ST_DRAFT_FILE, true, err) : bc_nomem(err);
        free(t);
        if (st)
            break;
        bc_buf_printf(&b, "Tệp nguồn: %s — %s.", files[i].source,
                      files[i].left_out ? files[i].left_out : "đính kèm toàn bộ tệp");
        t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, BC_ST_DRAFT_SOURCE, true, err) : bc_nomem(err);
        free(t);
        if (st)
            break;
        bc_buf_printf(&b, "SHA-256: %s", files[i].sha256);
        t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, BC_ST_DRAFT_HASH, false, err) : bc_nomem(err);
        free(t);
    }
    bc_buf_free(&b);
    return sum_end(&s, st, err);
}

bc_status bc_draft_summary(bc_draft *d, const bc_diff_summary *sum, const char *compared_with,
                           bc_error *err)
{
    sum_page s;
    bc_status st = sum_begin(d, &s, err);
    if (st)
        return st;
    st = sum_para(&s, "TÓM TẮT THAY ĐỔI SO VỚI DỰ THẢO TRƯỚC", BC_ST_DRAFT_TITLE, true, err);
    bc_buf b = BC_BUF_INIT;
    if (!st) {
        bc_buf_printf(&b, "(Dự thảo lần %d", d->opts.round);
        if (compared_with)
            bc_buf_printf(&b, " so với %s", compared_with);
        bc_buf_puts(&b, "; từ mới hoặc đã sửa được gạch dưới, chỗ có chữ bị bỏ được đánh dấu đỏ "
                        "ở lề phải)");
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, BC_ST_DRAFT_INTRO, false, err) : bc_nomem(err);
        free(t);
    }
    for (size_t i = 0; !st && i < sum->count; i++) {
        const bc_diff_section *x = &sum->sections[i];
        st = sum_para(&s, x->title ? x->title : "", BC_ST_DRAFT_SECTION, true, err);
        if (st)
            break;
        counts_text(&b, x);
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, BC_ST_DRAFT_TEXT, false, err) : bc_nomem(err);
        free(t);
    }
    if (!st) {
        bc_buf_puts(&b, "Cả văn bản: ");
        counts_text(&b, &sum->total);
        char *t = bc_buf_detach(&b);
        st = t ? sum_para(&s, t, BC_ST_DRAFT_SECTION, false, err) : bc_nomem(err);
        free(t);
    }
    if (!st && sum->approximate)
        st = sum_para(&s,
                      "(Có đoạn quá dài nên được so sánh gần đúng: số từ thay đổi có thể lớn hơn "
                      "thực tế.)",
                      BC_ST_DRAFT_NOTE, false, err);
    bc_buf_free(&b);
    return sum_end(&s, st, err);
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
