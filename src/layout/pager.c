/* pager.c - cutting the vertical list into pages. */
#include "pager.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

struct bc_pager {
    const bc_layout_cfg *cfg;
    bc_fonts *fonts;
    bc_page_sink sink;
    bc_para *const *notes;
    size_t nnotes;
    bool *note_placed;
    /* Scratch for counting each footnote once: stamp[k] == stamp[0] marks
     * note k as seen in the current pass (stamp[0] is the pass number). */
    unsigned *stamp;
    int *order;            /* notes to place on the page being emitted */
    bc_diags *diags;

    bc_section section;
    char *label_prefix;
    bool in_section;
    int page_in_section;   /* pages emitted in this section */
    int pages;             /* pages emitted in all */

    bc_vbox **pending;
    size_t npending, cap;
    size_t floor;          /* leading pending boxes that are repeated headers */
    bc_vbox **repeat;
    size_t nrepeat;
    bc_vbox *carry;        /* cut_head of the box that ended the last page */
    uint64_t next_seq;     /* structure element ids (bc_pager_new_seq); 1..nnotes: notes */
};

/* ---- boxes ---------------------------------------------------------------- */

bc_vbox *bc_vbox_new(double height)
{
    bc_vbox *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->height = height;
    b->content = bc_page_new(0, 0, 0);
    if (!b->content) {
        free(b);
        return NULL;
    }
    return b;
}

bc_vbox *bc_vbox_glue(double height)
{
    bc_vbox *b = bc_vbox_new(height);
    if (b)
        b->glue = true;
    return b;
}

void bc_vbox_free(bc_vbox *b)
{
    if (!b)
        return;
    bc_page_free(b->content);
    bc_vbox_free(b->cut_tail);
    bc_vbox_free(b->cut_head);
    free(b->notes);
    free(b->keep);
    free(b);
}

bool bc_vbox_keep(bc_vbox *b, double y0, double y1)
{
    double(*k)[2] = realloc(b->keep, (b->nkeep + 1) * sizeof *k);
    if (!k)
        return false;
    k[b->nkeep][0] = y0;
    k[b->nkeep][1] = y1;
    b->keep = k;
    b->nkeep++;
    return true;
}

bc_vbox *bc_vbox_copy(const bc_vbox *src)
{
    bc_vbox *b = bc_vbox_new(src->height);
    if (!b)
        return NULL;
    b->keep_with_prev = src->keep_with_prev;
    b->glue = src->glue;
    b->body_line = src->body_line;
    b->what = src->what;
    if ((src->cut_tail && !(b->cut_tail = bc_vbox_copy(src->cut_tail))) ||
        (src->cut_head && !(b->cut_head = bc_vbox_copy(src->cut_head)))) {
        bc_vbox_free(b);
        return NULL;
    }
    for (size_t i = 0; i < src->nkeep; i++)
        if (!bc_vbox_keep(b, src->keep[i][0], src->keep[i][1])) {
            bc_vbox_free(b);
            return NULL;
        }
    for (size_t i = 0; i < src->content->count; i++) {
        bc_ditem *it = bc_page_add(b->content, src->content->items[i].kind);
        if (!it) {
            bc_vbox_free(b);
            return NULL;
        }
        *it = src->content->items[i];
        it->glyphs = bc_glyph_item_dup(it->glyphs);
        const char *uri = it->uri;
        it->text = bc_strdup(it->text);
        it->uri = uri ? bc_strdup(uri) : NULL;
        if (uri && !it->uri) {
            bc_vbox_free(b);
            return NULL;
        }
    }
    return b;
}

bc_vbox *bc_vbox_from_line(const bc_line *line, double x, bc_drole role)
{
    bc_vbox *b = bc_vbox_new(line->height);
    if (!b)
        return NULL;
    if (!bc_line_emit(line, b->content, x, line->baseline, role)) {
        bc_vbox_free(b);
        return NULL;
    }
    if (line->nnotes) {
        b->notes = malloc(line->nnotes * sizeof *b->notes);
        if (!b->notes) {
            bc_vbox_free(b);
            return NULL;
        }
        memcpy(b->notes, line->notes, line->nnotes * sizeof *b->notes);
        b->nnotes = line->nnotes;
    }
    b->body_line = role == BC_ROLE_BODY;
    return b;
}

/* ---- pager ---------------------------------------------------------------- */

bc_pager *bc_pager_new(const bc_layout_cfg *cfg, bc_fonts *fonts, bc_page_sink sink,
                       bc_para *const *notes, size_t nnotes, bc_diags *diags)
{
    bc_pager *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->cfg = cfg;
    p->fonts = fonts;
    p->sink = sink;
    p->notes = notes;
    p->nnotes = nnotes;
    p->diags = diags;
    p->next_seq = nnotes + 1;
    p->note_placed = calloc(nnotes + 1, sizeof *p->note_placed);
    p->stamp = calloc(nnotes + 1, sizeof *p->stamp);
    p->order = calloc(nnotes + 1, sizeof *p->order);
    if (!p->note_placed || !p->stamp || !p->order) {
        free(p->note_placed);
        free(p->stamp);
        free(p->order);
        free(p);
        return NULL;
    }
    return p;
}

static void clear_repeat(bc_pager *p)
{
    for (size_t i = 0; i < p->nrepeat; i++)
        bc_vbox_free(p->repeat[i]);
    free(p->repeat);
    p->repeat = NULL;
    p->nrepeat = 0;
}

void bc_pager_free(bc_pager *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npending; i++)
        bc_vbox_free(p->pending[i]);
    free(p->pending);
    clear_repeat(p);
    bc_vbox_free(p->carry);
    free(p->note_placed);
    free(p->stamp);
    free(p->order);
    free(p->label_prefix);
    free(p);
}

static const bc_page_geom *geom(const bc_pager *p)
{
    return p->section.landscape ? &p->cfg->landscape : &p->cfg->page;
}

double bc_pager_text_left(const bc_pager *p) { return geom(p)->left * BC_MM; }

double bc_pager_text_width(const bc_pager *p)
{
    const bc_page_geom *g = geom(p);
    return (g->width - g->left - g->right) * BC_MM;
}

double bc_pager_text_height(const bc_pager *p)
{
    const bc_page_geom *g = geom(p);
    return (g->height - g->top - g->bottom) * BC_MM;
}

int bc_pager_page_count(const bc_pager *p) { return p->pages; }

uint64_t bc_pager_new_seq(bc_pager *p) { return p->next_seq++; }

void bc_pager_continue(bc_pager *p, int pages_before) { p->pages = pages_before; }

/* Starts a pass over the notes: no note is seen yet. */
static void notes_pass(const bc_pager *p)
{
    if (++p->stamp[0] == 0) {
        memset(p->stamp, 0, (p->nnotes + 1) * sizeof *p->stamp);
        p->stamp[0] = 1;
    }
}

/* True the first time note k is met in the current pass. */
static bool note_first(const bc_pager *p, int k)
{
    if (k < 1 || (size_t)k > p->nnotes || p->note_placed[k] || p->stamp[k] == p->stamp[0])
        return false;
    p->stamp[k] = p->stamp[0];
    return true;
}

/* Height of the footnote area needed for boxes [0, n). Every note counts,
 * however many a page cites. */
static double notes_height(const bc_pager *p, size_t n)
{
    double h = 0;
    notes_pass(p);
    for (size_t i = 0; i < n; i++) {
        const bc_vbox *b = p->pending[i];
        for (size_t j = 0; j < b->nnotes; j++)
            if (note_first(p, b->notes[j]))
                h += bc_para_height(p->notes[b->notes[j] - 1]);
    }
    return h > 0 ? h + p->cfg->footnote_gap : 0;
}

/* Height of boxes [0, n) as a page: trailing glue vanishes; when the page
 * ends inside a cut table row (n < npending), the row's cut_tail counts. */
static double content_height(const bc_pager *p, size_t n)
{
    size_t end = n;
    while (end > 0 && p->pending[end - 1]->glue)
        end--;
    double h = 0;
    for (size_t i = 0; i < end; i++)
        h += p->pending[i]->height;
    if (end > 0 && n < p->npending && p->pending[end - 1]->cut_tail)
        h += p->pending[end - 1]->cut_tail->height;
    return h;
}

static bool fits(const bc_pager *p, size_t n)
{
    return content_height(p, n) + notes_height(p, n) <= bc_pager_text_height(p) + 0.01;
}

double bc_pager_space_left(const bc_pager *p)
{
    return bc_pager_text_height(p) - content_height(p, p->npending) - notes_height(p, p->npending);
}

static bool move_items(bc_page *dst, bc_page *src, double dy, int line_no)
{
    for (size_t i = 0; i < src->count; i++) {
        bc_ditem *it = bc_page_add(dst, src->items[i].kind);
        if (!it)
            return false;
        *it = src->items[i];
        it->y += dy;
        if (it->kind != BC_DI_GLYPHS)
            it->y2 += dy;
        if (line_no && it->role == BC_ROLE_BODY)
            it->line_no = line_no;
        src->items[i].glyphs = NULL;
        src->items[i].text = NULL;
        src->items[i].uri = NULL;
    }
    src->count = 0;
    for (size_t i = 0; i < src->noutline; i++)
        if (!bc_page_add_outline(dst, src->outline[i].title, src->outline[i].level,
                                 src->outline[i].y + dy))
            return false;
    for (size_t i = 0; i < src->nfields; i++) {
        const bc_field *f = &src->fields[i];
        if (!bc_page_add_field(dst, f->name, f->x0, f->y0 + dy, f->x1, f->y1 + dy))
            return false;
    }
    src->nfields = 0;
    return true;
}

static bc_status add_page_number(bc_pager *p, bc_page *page, int number, bc_error *err)
{
    char num[16];
    snprintf(num, sizeof num, "%d", number);
    bc_para_opts o = {.style = &p->cfg->styles[BC_ST_PAGE_NUMBER],
                      .single = p->cfg->single,
                      .text = &p->cfg->text,
                      .width = bc_pager_text_width(p)};
    bc_style s = *o.style;
    s.align = BC_ALIGN_CENTER;
    s.indent = s.left = 0;
    o.style = &s;
    bc_para *para = NULL;
    bc_status st = bc_para_shape_plain(p->fonts, num, &o, &para, err);
    if (st)
        return st;
    bool ok = bc_line_emit(&para->lines[0], page, bc_pager_text_left(p),
                           p->cfg->page_number_baseline * BC_MM, BC_ROLE_FURNITURE);
    bc_para_free(para);
    return ok ? BC_OK : bc_nomem(err);
}

/* Emits pending[0, n) as one page. */
static bc_status emit(bc_pager *p, size_t n, bc_error *err)
{
    const bc_page_geom *g = geom(p);
    bc_page *page = bc_page_new(g->width * BC_MM, g->height * BC_MM, p->pages);
    if (!page)
        return bc_nomem(err);
    int number = (p->section.first_number > 0 ? p->section.first_number : 1) + p->page_in_section;
    page->label = bc_strdup_printf("%s%d", p->label_prefix ? p->label_prefix : "", number);
    if (!page->label) {
        bc_page_free(page);
        return bc_nomem(err);
    }
    bool ok = true;
    if (p->section.numbered && number >= 2) {
        bc_status st = add_page_number(p, page, number, err);
        if (st) {
            bc_page_free(page);
            return st;
        }
    }

    double notes_h = notes_height(p, n);
    double y = g->top * BC_MM;
    int line_no = 0;
    size_t first = 0;
    while (first < n && p->pending[first]->glue && first >= p->floor)
        first++;
    int *placed = p->order;
    size_t nplaced = 0;
    notes_pass(p);
    bc_vbox *last = NULL;
    double last_bottom = 0;
    for (size_t i = first; ok && i < n; i++) {
        bc_vbox *b = p->pending[i];
        if (!b->glue) {
            last = b;
            last_bottom = y + b->height;
        }
        if (b->body_line)
            line_no++;
        ok = move_items(page, b->content, y, b->body_line ? line_no : 0);
        y += b->height;
        for (size_t j = 0; j < b->nnotes; j++)
            if (note_first(p, b->notes[j]))
                placed[nplaced++] = b->notes[j];
    }
    if (ok && last && n < p->npending) {
        if (last->cut_tail)
            ok = move_items(page, last->cut_tail->content, last_bottom, 0);
        bc_vbox_free(p->carry);
        p->carry = last->cut_head;
        last->cut_head = NULL;
    }
    if (ok && nplaced) {
        double ny = (g->height - g->bottom) * BC_MM - notes_h + p->cfg->footnote_gap;
        bc_ditem *rule = bc_page_add(page, BC_DI_RULE);
        if (rule) {
            rule->x = g->left * BC_MM;
            rule->x2 = rule->x + p->cfg->footnote_rule_length * BC_MM;
            rule->y = rule->y2 = ny - p->cfg->footnote_gap / 2;
            rule->line_width = p->cfg->footnote_rule_width;
        }
        for (size_t i = 0; ok && i < nplaced; i++) {
            const bc_para *np = p->notes[placed[i] - 1];
            /* Note > Lbl (its number, the first run) and P (its text) */
            uint64_t seq = (uint64_t)placed[i];
            bc_spath lbl = {0}, txt = {0};
            bc_spath_push(&lbl, BC_SE_NOTE, bc_sid(seq, 0));
            txt = lbl;
            bc_spath_push(&lbl, BC_SE_LBL, bc_sid(seq, 1));
            bc_spath_push(&txt, BC_SE_P, bc_sid(seq, 2));
            for (size_t l = 0; ok && l < np->nlines; l++) {
                size_t from = page->count;
                ok = bc_line_emit(&np->lines[l], page, g->left * BC_MM, ny + np->lines[l].baseline,
                                  BC_ROLE_NOTE);
                if (ok)
                    bc_page_set_spath(page, from, &txt);
                if (ok && l == 0 && page->count > from) {
                    page->items[from].spath = lbl;
                    page->items[from].note_label = placed[i];
                }
                ny += np->lines[l].height;
            }
            p->note_placed[placed[i]] = true;
        }
    }
    for (size_t i = 0; i < n; i++)
        bc_vbox_free(p->pending[i]);
    memmove(p->pending, p->pending + n, (p->npending - n) * sizeof *p->pending);
    p->npending -= n;
    p->floor = 0;
    if (!ok) {
        bc_page_free(page);
        return bc_nomem(err);
    }
    p->pages++;
    p->page_in_section++;
    /* The sink's error is the user's: it goes on unchanged. */
    return p->sink.page(p->sink.ctx, page, err);
}

static bc_status push(bc_pager *p, bc_vbox *b, bc_error *err)
{
    if (!BC_GROW(&p->pending, &p->cap, p->npending + 1, 64)) {
        bc_vbox_free(b);
        return bc_nomem(err);
    }
    p->pending[p->npending++] = b;
    return BC_OK;
}

/* After a page was emitted: start the next one with the repeated boxes. */
static bc_status start_page(bc_pager *p, bc_error *err)
{
    /* Drop glue left at the head of the new page. */
    size_t drop = 0;
    while (drop < p->npending && p->pending[drop]->glue)
        drop++;
    for (size_t i = 0; i < drop; i++)
        bc_vbox_free(p->pending[i]);
    memmove(p->pending, p->pending + drop, (p->npending - drop) * sizeof *p->pending);
    p->npending -= drop;
    bc_vbox *carry = p->carry;
    p->carry = NULL;
    if (!p->nrepeat && !carry)
        return BC_OK;
    bc_status st = BC_OK;
    size_t n = p->nrepeat < 64 ? p->nrepeat : 64;
    for (size_t i = 0; i < n && !st; i++) {
        bc_vbox *c = bc_vbox_copy(p->repeat[i]);
        st = c ? push(p, c, err) : bc_nomem(err);
    }
    if (st) {
        bc_vbox_free(carry);
        return st;
    }
    /* The head of a row cut at the last page's foot follows the repeated
     * header; like it, it never ends a page alone (it is below the floor). */
    if (carry) {
        if ((st = push(p, carry, err)))
            return st;
        n++;
    }
    /* Move the copies to the front. */
    bc_vbox *tmp[64 + 1]; /* the repeated boxes and the carried head */
    memcpy(tmp, p->pending + p->npending - n, n * sizeof *tmp);
    memmove(p->pending + n, p->pending, (p->npending - n) * sizeof *p->pending);
    memcpy(p->pending, tmp, n * sizeof *tmp);
    p->floor = n;
    return BC_OK;
}

/* Height of the repeated boxes that start every following page. */
static double repeat_height(const bc_pager *p)
{
    double h = 0;
    for (size_t i = 0; i < p->nrepeat; i++)
        h += p->repeat[i]->height;
    return h;
}

static double mm_up(double pt) { return ceil(pt / BC_MM - 1e-6); }

/* The first box of a page does not fit even alone. Boxes taller than the
 * page were cut when added, so what is left is a part that cannot be cut,
 * or footnotes too tall to sit beside the line that cites them: stop and
 * say what to shorten, never print past the bottom edge. */
static bc_status too_tall(bc_pager *p, bc_error *err)
{
    if (p->floor >= p->npending)
        return bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0,
                            "trang %d: tiêu đề bảng lặp lại ở đầu mỗi trang cao %.0f mm, dài hơn "
                            "vùng chữ của một trang (%.0f mm); hãy rút ngắn ít nhất %.0f mm",
                            p->pages + 1, mm_up(content_height(p, p->npending)),
                            floor(bc_pager_text_height(p) / BC_MM),
                            mm_up(content_height(p, p->npending) - bc_pager_text_height(p)));
    const bc_vbox *b = p->pending[p->floor];
    double room = bc_pager_text_height(p) - content_height(p, p->floor);
    double notes = notes_height(p, p->floor + 1) - notes_height(p, p->floor);
    if (b->height <= room + 0.01 && notes > 0)
        return bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0,
                            "trang %d: chú thích được dẫn chiếu ở một dòng cao %.0f mm, không "
                            "vừa trên cùng trang với dòng đó (còn %.0f mm); hãy rút ngắn chú "
                            "thích ít nhất %.0f mm hoặc tách thành nhiều chú thích ở nhiều chỗ",
                            p->pages + 1, mm_up(notes), floor((room - b->height) / BC_MM),
                            mm_up(notes + b->height - room));
    return bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0,
                        "trang %d: %s cao %.0f mm, dài hơn vùng chữ của một trang (%.0f mm) và "
                        "không ngắt sang trang sau được; hãy rút ngắn ít nhất %.0f mm",
                        p->pages + 1, b->what ? b->what : "một khối nội dung", mm_up(b->height),
                        floor(room / BC_MM), mm_up(b->height - room));
}

typedef struct span {
    double top, bottom;
} span;

static int span_cmp(const void *a, const void *b)
{
    double x = ((const span *)a)->top, y = ((const span *)b)->top;
    return (x > y) - (x < y);
}

/* Vertical extent of an item, for finding where a box may be cut. Glyph
 * runs: a little less than their ink (so adjacent lines leave a gap);
 * a horizontal rule: joined to the text just above it (a rule under a
 * heading never starts a page). */
static span item_span(const bc_ditem *it)
{
    if (it->kind == BC_DI_GLYPHS)
        return (span){it->y - 0.7 * it->size, it->y + 0.15 * it->size};
    double a = it->y < it->y2 ? it->y : it->y2, b = it->y < it->y2 ? it->y2 : it->y;
    if (it->kind == BC_DI_RULE && b - a < 0.01)
        return (span){a - 8, b + 0.5};
    return (span){a, b};
}

/* Cuts box b (taller than a page) into parts between its lines; the parts
 * replace it in the vertical list (the first keeps b's ties to what comes
 * before). *parts is new (caller frees each part and the array). */
static bc_status cut_box(bc_vbox *b, bc_vbox ***parts, size_t *nparts, bc_error *err)
{
    size_t n = b->content->count;
    span *sp = malloc((n + b->nkeep + 1) * sizeof *sp);
    double *cuts = malloc((n + b->nkeep + 2) * sizeof *cuts);
    if (!sp || !cuts) {
        free(sp);
        free(cuts);
        return bc_nomem(err);
    }
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        sp[ns++] = item_span(&b->content->items[i]);
    for (size_t i = 0; i < b->nkeep; i++)
        if (b->keep[i][1] > b->keep[i][0])
            sp[ns++] = (span){b->keep[i][0], b->keep[i][1]};
    qsort(sp, ns, sizeof *sp, span_cmp);
    /* Cut halfway between consecutive runs of overlapping extents. */
    size_t ncuts = 0;
    cuts[ncuts++] = 0;
    double bottom = ns ? sp[0].bottom : 0;
    for (size_t i = 1; i < ns; i++) {
        if (sp[i].top >= bottom && sp[i].top > 0 && sp[i].top < b->height)
            cuts[ncuts++] = (bottom + sp[i].top) / 2;
        if (sp[i].bottom > bottom)
            bottom = sp[i].bottom;
    }
    cuts[ncuts] = b->height;
    free(sp);
    bc_vbox **v = calloc(ncuts, sizeof *v);
    bool ok = v != NULL;
    for (size_t k = 0; ok && k < ncuts; k++) {
        v[k] = bc_vbox_new(cuts[k + 1] - cuts[k]);
        ok = v[k] != NULL;
        if (ok) {
            v[k]->what = b->what;
            v[k]->keep_with_prev = k == 0 && b->keep_with_prev;
            v[k]->page_break = k == 0 && b->page_break;
        }
    }
    /* Each item goes to the part holding its extent's top. */
    for (size_t i = 0; ok && i < n; i++) {
        bc_ditem *src = &b->content->items[i];
        double top = item_span(src).top;
        size_t k = 0;
        while (k + 1 < ncuts && cuts[k + 1] <= top)
            k++;
        bc_ditem *it = bc_page_add(v[k]->content, src->kind);
        ok = it != NULL;
        if (ok) {
            *it = *src;
            it->y -= cuts[k];
            if (it->kind != BC_DI_GLYPHS)
                it->y2 -= cuts[k];
            src->glyphs = NULL;
            src->text = NULL;
            src->uri = NULL;
        }
    }
    for (size_t i = 0; ok && i < b->content->noutline; i++) {
        const bc_outline_entry *o = &b->content->outline[i];
        size_t k = 0;
        while (k + 1 < ncuts && cuts[k + 1] <= o->y)
            k++;
        ok = bc_page_add_outline(v[k]->content, o->title, o->level, o->y - cuts[k]);
    }
    /* A signature place goes with the part holding its top. */
    for (size_t i = 0; ok && i < b->content->nfields; i++) {
        const bc_field *f = &b->content->fields[i];
        size_t k = 0;
        while (k + 1 < ncuts && cuts[k + 1] <= f->y0)
            k++;
        ok = bc_page_add_field(v[k]->content, f->name, f->x0, f->y0 - cuts[k], f->x1,
                               f->y1 - cuts[k]);
    }
    if (ok && b->nnotes) {
        v[0]->notes = b->notes;
        v[0]->nnotes = b->nnotes;
        b->notes = NULL;
        b->nnotes = 0;
    }
    if (ok) {
        v[ncuts - 1]->cut_tail = b->cut_tail;
        v[ncuts - 1]->cut_head = b->cut_head;
        b->cut_tail = b->cut_head = NULL;
    }
    free(cuts);
    if (!ok) {
        for (size_t k = 0; v && k < ncuts; k++)
            bc_vbox_free(v[k]);
        free(v);
        return bc_nomem(err);
    }
    *parts = v;
    *nparts = ncuts;
    return BC_OK;
}

static bc_status settle(bc_pager *p, bc_error *err);

/* Pushes a box, cutting it first (once, at every place it can be cut) if it
 * is taller than any page can hold. */
static bc_status push_settle(bc_pager *p, bc_vbox *box, bc_error *err)
{
    double room = bc_pager_text_height(p) - repeat_height(p);
    if (box->glue || box->height <= room + 0.01 || box->content->count == 0) {
        bc_status st = push(p, box, err);
        return st ? st : settle(p, err);
    }
    bc_vbox **parts = NULL;
    size_t nparts = 0;
    bc_status st = cut_box(box, &parts, &nparts, err);
    bc_vbox_free(box);
    if (st)
        return st;
    /* The parts cannot be cut further: one still taller than a page is
     * reported by settle() when it reaches the top of a page. */
    size_t k = 0;
    while (!st && k < nparts) {
        st = push(p, parts[k++], err);
        if (!st)
            st = settle(p, err);
    }
    for (; k < nparts; k++)
        bc_vbox_free(parts[k]);
    free(parts);
    return st;
}

/* Whether a page may break before pending box k: not before a box kept
 * with what precedes it, nor at glue that a kept box follows (the glue
 * would vanish and the kept box start the next page alone). */
static bool legal_cut(const bc_pager *p, size_t k)
{
    if (p->pending[k]->keep_with_prev)
        return false;
    size_t j = k;
    while (j < p->npending && p->pending[j]->glue)
        j++;
    return j == k || j == p->npending || !p->pending[j]->keep_with_prev;
}

static bc_status settle(bc_pager *p, bc_error *err)
{
    while (!fits(p, p->npending)) {
        size_t cut = 0;
        for (size_t k = p->npending - 1; k > p->floor; k--)
            if (legal_cut(p, k) && fits(p, k)) {
                cut = k;
                break;
            }
        if (!cut) {
            /* No legal break: break at the last place that fits, and say so. */
            for (size_t k = p->npending - 1; k > p->floor; k--)
                if (fits(p, k)) {
                    cut = k;
                    break;
                }
            if (cut)
                bc_diags_add(p->diags, BC_WARNING, NULL, 0, 0,
                             "trang %d: không giữ được quy tắc ngắt trang (dòng mồ côi, tiêu "
                             "đề đi liền nội dung); đã ngắt ở vị trí gần nhất",
                             p->pages + 1);
        }
        if (!cut)
            return too_tall(p, err);
        bc_status st = emit(p, cut, err);
        if (!st)
            st = start_page(p, err);
        if (st)
            return st;
        if (p->npending <= p->floor)
            break;
    }
    return BC_OK;
}

bc_status bc_pager_add(bc_pager *p, bc_vbox *box, bc_error *err)
{
    if (box->page_break && p->npending > p->floor) {
        bc_status st = emit(p, p->npending, err);
        if (!st)
            st = start_page(p, err);
        if (st) {
            bc_vbox_free(box);
            return st;
        }
    }
    if (box->glue && p->npending == p->floor && !box->page_break) {
        bc_vbox_free(box);
        return BC_OK;
    }
    return push_settle(p, box, err);
}

bc_status bc_pager_set_repeat(bc_pager *p, bc_vbox *const *boxes, size_t n, bc_error *err)
{
    clear_repeat(p);
    if (!n)
        return BC_OK;
    if (n > 64)
        return bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0, "tiêu đề bảng quá nhiều dòng");
    p->repeat = calloc(n, sizeof *p->repeat);
    if (!p->repeat)
        return bc_nomem(err);
    for (size_t i = 0; i < n; i++) {
        p->repeat[i] = bc_vbox_copy(boxes[i]);
        if (!p->repeat[i])
            return bc_nomem(err);
        /* a repeated header is furniture: its text is in the document once */
        bc_page_set_spath(p->repeat[i]->content, 0, NULL);
        p->nrepeat = i + 1;
    }
    return BC_OK;
}

/* Footnotes that no placed line referenced (e.g. a note cited only from
 * another note's text) go to the foot of the current last page: never
 * dropped. */
static bc_status attach_orphan_notes(bc_pager *p, bc_error *err)
{
    bool any = false;
    for (size_t k = 1; k <= p->nnotes; k++)
        any |= !p->note_placed[k];
    if (!any)
        return BC_OK;
    size_t last = p->npending;
    while (last > p->floor && p->pending[last - 1]->glue)
        last--;
    if (last <= p->floor) {
        bc_vbox *carrier = bc_vbox_new(0);
        if (!carrier)
            return bc_nomem(err);
        bc_status st = push(p, carrier, err);
        if (st)
            return st;
        last = p->npending;
    }
    bc_vbox *b = p->pending[last - 1];
    for (size_t k = 1; k <= p->nnotes; k++) {
        if (p->note_placed[k])
            continue;
        bool referenced = false;
        for (size_t i = 0; i < p->npending && !referenced; i++)
            for (size_t j = 0; j < p->pending[i]->nnotes; j++)
                referenced |= p->pending[i]->notes[j] == (int)k;
        if (referenced)
            continue;
        int *n = realloc(b->notes, (b->nnotes + 1) * sizeof *n);
        if (!n)
            return bc_nomem(err);
        n[b->nnotes++] = (int)k;
        b->notes = n;
        bc_diags_add(p->diags, BC_WARNING, NULL, 0, 0,
                     "chú thích %zu không được dẫn chiếu từ thân văn bản; đã in ở chân trang "
                     "cuối của phần nội dung",
                     k);
    }
    return settle(p, err);
}

bc_status bc_pager_section(bc_pager *p, const bc_section *s, bc_error *err)
{
    if (p->in_section && p->npending > 0) {
        bc_status st = attach_orphan_notes(p, err);
        if (st)
            return st;
        clear_repeat(p);
        p->floor = 0;
        st = emit(p, p->npending, err);
        if (st)
            return st;
    }
    clear_repeat(p);
    p->section = *s;
    free(p->label_prefix);
    p->label_prefix = bc_strdup(s->label_prefix ? s->label_prefix : "");
    p->section.label_prefix = NULL;
    p->in_section = true;
    p->page_in_section = 0;
    return BC_OK;
}

bc_status bc_pager_finish(bc_pager *p, bc_error *err)
{
    bc_status st = attach_orphan_notes(p, err);
    if (st)
        return st;
    clear_repeat(p);
    p->floor = 0;
    size_t n = p->npending;
    while (n > 0 && p->pending[n - 1]->glue)
        n--;
    if (n == 0 && p->pages > 0) {
        for (size_t i = 0; i < p->npending; i++)
            bc_vbox_free(p->pending[i]);
        p->npending = 0;
        return BC_OK;
    }
    return emit(p, p->npending, err);
}
