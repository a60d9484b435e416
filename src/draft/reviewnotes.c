/* reviewnotes.c - finding the anchors of review notes on the laid-out
 * pages (the notes file is read by input/reviewfile.c). */
#include "reviewnotes.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "grow.h"
#include "text.h"

#define MAX_LEVELS BC_REVIEW_LEVELS

/* ---- the finder ------------------------------------------------------------------ */

typedef struct tchar {
    int32_t cp;           /* lower-cased; blanks are one ' ' */
    int32_t page;
    int32_t sect;         /* index into sections, -1 = none */
    float x, x2, y, size;
} tchar;

typedef struct section_snap {
    char parts[MAX_LEVELS][16];
    int depth;
} section_snap;

typedef struct note_state {
    int32_t *quote;       /* lower-cased, blanks collapsed */
    size_t qlen;
    char parts[MAX_LEVELS][16];
    int nparts;
    size_t checked;       /* absolute stream position searched up to */
    int page_lines;       /* trang/dong: lines found on the page (for messages) */
    bool page_seen;
} note_state;

struct bc_anchor_finder {
    const bc_review_notes *notes;
    bc_note_anchor *anchors; /* [notes->count]: what was found */
    note_state *st;
    tchar *w;             /* the window */
    size_t n, cap;
    size_t base;          /* absolute position of w[0] */
    size_t keep;          /* characters kept between pages */
    section_snap *sects;
    size_t nsects;
    section_snap cur;
    int cur_sect;
    double (*sizes)[2];   /* width and height of each page seen, by index */
    size_t nsizes;
    bc_page_sink next;    /* where pages go after the finder looked at them */
};

static bool lower_collapse(const char *s, int32_t **out, size_t *n)
{
    size_t len = strlen(s);
    int32_t *v = malloc((len + 1) * sizeof *v);
    if (!v)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)bc_utf8_decode(s + i, &cp);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0) {
            if (k && v[k - 1] != ' ')
                v[k++] = ' ';
            continue;
        }
        v[k++] = utf8proc_tolower(cp);
    }
    while (k && v[k - 1] == ' ')
        k--;
    *out = v;
    *n = k;
    return true;
}

void bc_anchor_finder_free(bc_anchor_finder *f)
{
    if (!f)
        return;
    for (size_t i = 0; f->st && i < f->notes->count; i++)
        free(f->st[i].quote);
    free(f->st);
    free(f->anchors);
    free(f->w);
    free(f->sects);
    free(f->sizes);
    free(f);
}

bc_status bc_anchor_finder_new(const bc_review_notes *notes, bc_page_sink next,
                               bc_anchor_finder **out, bc_error *err)
{
    bc_anchor_finder *f = calloc(1, sizeof *f);
    if (!f || !(f->st = calloc(notes->count + 1, sizeof *f->st)) ||
        !(f->anchors = calloc(notes->count + 1, sizeof *f->anchors))) {
        if (f)
            free(f->st);
        free(f);
        return bc_nomem(err);
    }
    f->notes = notes;
    f->cur_sect = -1;
    f->next = next;
    for (size_t i = 0; i < notes->count; i++) {
        const bc_review_note *nt = &notes->items[i];
        note_state *s = &f->st[i];
        if (nt->quote && !lower_collapse(nt->quote, &s->quote, &s->qlen)) {
            bc_anchor_finder_free(f);
            return bc_nomem(err);
        }
        if (s->qlen > f->keep)
            f->keep = s->qlen;
        memcpy(s->parts, nt->parts, sizeof s->parts);
        s->nparts = nt->nparts;
    }
    *out = f;
    return BC_OK;
}

static bool push(bc_anchor_finder *f, tchar c)
{
    if (c.cp == ' ' && (!f->n || f->w[f->n - 1].cp == ' '))
        return true;
    if (!BC_GROW(&f->w, &f->cap, f->n + 1, 4096))
        return false;
    f->w[f->n++] = c;
    return true;
}

static bool sect_matches(const bc_anchor_finder *f, int sect, const note_state *s)
{
    if (!s->nparts)
        return true;
    if (sect < 0)
        return false;
    const section_snap *p = &f->sects[sect];
    if (p->depth < s->nparts)
        return false;
    for (int k = 0; k < s->nparts; k++)
        if (strcmp(p->parts[k], s->parts[k]) != 0)
            return false;
    return true;
}

static bool enter_section(bc_anchor_finder *f, const bc_outline_entry *o)
{
    int level = o->level < 1 ? 1 : o->level > MAX_LEVELS ? MAX_LEVELS : o->level;
    const char *t = o->title ? o->title : "";
    while (*t == ' ')
        t++;
    size_t len = strcspn(t, " ");
    bc_review_number(t, len, f->cur.parts[level - 1]);
    for (int k = level; k < MAX_LEVELS; k++)
        f->cur.parts[k][0] = '\0';
    f->cur.depth = level;
    section_snap *v = realloc(f->sects, (f->nsects + 1) * sizeof *v);
    if (!v)
        return false;
    f->sects = v;
    f->sects[f->nsects] = f->cur;
    f->cur_sect = (int)f->nsects++;
    return true;
}

/* Appends a glyph item's characters with their x extents. */
static bool push_item(bc_anchor_finder *f, const bc_ditem *it, int page)
{
    if (!it->glyphs || !it->text)
        return true;
    PangoGlyphItemIter iter;
    PangoGlyphString *gs = it->glyphs->glyphs;
    /* Pen position before each glyph. */
    double *pen = malloc(((size_t)gs->num_glyphs + 1) * sizeof *pen);
    if (!pen)
        return false;
    double x = 0;
    for (int g = 0; g < gs->num_glyphs; g++) {
        pen[g] = x;
        x += gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
    }
    pen[gs->num_glyphs] = x;
    bool ok = true;
    for (gboolean more = pango_glyph_item_iter_init_start(&iter, it->glyphs, it->text); more && ok;
         more = pango_glyph_item_iter_next_cluster(&iter)) {
        int g0 = iter.start_glyph < iter.end_glyph ? iter.start_glyph : iter.end_glyph + 1;
        int g1 = iter.start_glyph < iter.end_glyph ? iter.end_glyph : iter.start_glyph + 1;
        double cx0 = it->x + pen[g0], cx1 = it->x + pen[g1];
        for (int i = iter.start_index; i < iter.end_index && ok;) {
            int32_t cp;
            i += bc_utf8_decode(it->text + i, &cp);
            bool blank = cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0;
            tchar c = {blank ? ' ' : utf8proc_tolower(cp), page, f->cur_sect, (float)cx0,
                       (float)cx1, (float)it->y, (float)it->size};
            ok = push(f, c);
        }
    }
    free(pen);
    return ok;
}

/* The anchor's page and that page's size. */
static void set_page(const bc_anchor_finder *f, bc_note_anchor *an, int page)
{
    an->page = page;
    if (page >= 0 && (size_t)page < f->nsizes) {
        an->page_width = f->sizes[page][0];
        an->page_height = f->sizes[page][1];
    }
}

static void resolve_at(const bc_anchor_finder *f, bc_note_anchor *an, const tchar *a,
                       const tchar *b)
{
    an->resolved = true;
    set_page(f, an, a->page);
    an->x = a->x;
    an->y = a->y;
    an->size = a->size;
    an->x2 = fabs(b->y - a->y) < 0.5 && b->x2 > a->x ? b->x2 : a->x2;
}

static void search(bc_anchor_finder *f)
{
    for (size_t i = 0; i < f->notes->count; i++) {
        bc_note_anchor *an = &f->anchors[i];
        note_state *s = &f->st[i];
        if (an->resolved || !s->qlen)
            continue;
        size_t from = s->checked > f->base ? s->checked - f->base : 0;
        for (size_t p = from; p + s->qlen <= f->n; p++) {
            if (f->w[p].cp != s->quote[0] || !sect_matches(f, f->w[p].sect, s))
                continue;
            size_t k = 1;
            while (k < s->qlen && f->w[p + k].cp == s->quote[k])
                k++;
            if (k == s->qlen) {
                resolve_at(f, an, &f->w[p], &f->w[p + s->qlen - 1]);
                break;
            }
        }
        if (!an->resolved && f->n + 1 >= s->qlen)
            s->checked = f->base + f->n + 1 - s->qlen;
    }
}

/* trang/dong anchors on this page: the numbered body line (its leftmost
 * run, its baseline), or without dong the topmost text of the page. */
static void by_line(bc_anchor_finder *f, const bc_page *page)
{
    for (size_t i = 0; i < f->notes->count; i++) {
        const bc_review_note *nt = &f->notes->items[i];
        bc_note_anchor *an = &f->anchors[i];
        note_state *s = &f->st[i];
        if (an->resolved || nt->page != page->index + 1)
            continue;
        s->page_seen = true;
        bool found = false;
        double x = 0, y = 0, size = 0;
        for (size_t k = 0; k < page->count; k++) {
            const bc_ditem *it = &page->items[k];
            if (it->kind != BC_DI_GLYPHS || it->angle != 0)
                continue;
            if (it->role == BC_ROLE_BODY && it->line_no > s->page_lines)
                s->page_lines = it->line_no;
            if (nt->line) {
                if (it->role != BC_ROLE_BODY || it->line_no != nt->line)
                    continue;
                x = found ? fmin(x, it->x) : it->x;
                if (!found || it->y > y) {
                    y = it->y;
                    size = it->size;
                }
                found = true;
            } else if (it->role != BC_ROLE_FURNITURE && (!found || it->y < y)) {
                x = it->x;
                y = it->y;
                size = it->size;
                found = true;
            }
        }
        if (found) {
            an->resolved = true;
            set_page(f, an, page->index);
            an->x = an->x2 = x;
            an->y = y;
            an->size = size;
        }
    }
}

/* muc without trich: the heading itself. */
static void heading_anchor(bc_anchor_finder *f, const bc_ditem *it, int page, int sect_before)
{
    for (size_t i = 0; i < f->notes->count; i++) {
        const bc_review_note *nt = &f->notes->items[i];
        bc_note_anchor *an = &f->anchors[i];
        note_state *s = &f->st[i];
        if (an->resolved || nt->quote || !s->nparts || f->cur_sect == sect_before ||
            f->cur_sect < 0)
            continue;
        const section_snap *p = &f->sects[f->cur_sect];
        if (p->depth != s->nparts || !sect_matches(f, f->cur_sect, s))
            continue;
        an->resolved = true;
        set_page(f, an, page);
        an->x = it->x;
        an->y = it->y;
        an->size = it->size;
        an->x2 = it->x;
    }
}

bc_status bc_anchor_finder_page(bc_anchor_finder *f, const bc_page *page, bc_error *err)
{
    if (page->index >= 0) {
        size_t need = (size_t)page->index + 1;
        if (need > f->nsizes) {
            double(*v)[2] = realloc(f->sizes, need * sizeof *v);
            if (!v)
                return bc_nomem(err);
            for (size_t k = f->nsizes; k < need; k++)
                v[k][0] = v[k][1] = 0;
            f->sizes = v;
            f->nsizes = need;
        }
        f->sizes[page->index][0] = page->width;
        f->sizes[page->index][1] = page->height;
    }
    by_line(f, page);
    size_t next_outline = 0;
    double last_y = NAN;
    bool ok = true;
    for (size_t i = 0; i < page->count && ok; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind != BC_DI_GLYPHS || it->role == BC_ROLE_FURNITURE || it->angle != 0)
            continue;
        int before = f->cur_sect;
        while (ok && next_outline < page->noutline && page->outline[next_outline].y < it->y)
            ok = enter_section(f, &page->outline[next_outline++]);
        if (before != f->cur_sect)
            heading_anchor(f, it, page->index, before);
        if (!isnan(last_y) && fabs(it->y - last_y) > 0.5) {
            tchar sp = {' ', page->index, f->cur_sect, (float)it->x, (float)it->x, (float)it->y,
                        (float)it->size};
            ok = push(f, sp);
        }
        last_y = it->y;
        ok = ok && push_item(f, it, page->index);
    }
    while (ok && next_outline < page->noutline)
        ok = enter_section(f, &page->outline[next_outline++]);
    /* A page break separates words too. */
    if (ok && f->n) {
        tchar sp = f->w[f->n - 1];
        sp.cp = ' ';
        ok = push(f, sp);
    }
    if (!ok)
        return bc_nomem(err);
    search(f);
    /* Keep only what a quote starting on this page could still need. */
    if (f->n > f->keep) {
        size_t drop = f->n - f->keep;
        memmove(f->w, f->w + drop, f->keep * sizeof *f->w);
        f->n = f->keep;
        f->base += drop;
    }
    return BC_OK;
}

static bc_status finder_page(void *ctx, bc_page *page, bc_error *err)
{
    bc_anchor_finder *f = ctx;
    bc_status st = bc_anchor_finder_page(f, page, err);
    if (st || !f->next.page) {
        bc_page_free(page);
        return st;
    }
    return f->next.page(f->next.ctx, page, err);
}

bc_page_sink bc_anchor_finder_sink(bc_anchor_finder *f) { return (bc_page_sink){finder_page, f}; }

const bc_note_anchor *bc_anchor_finder_anchors(const bc_anchor_finder *f) { return f->anchors; }

void bc_anchor_finder_finish(bc_anchor_finder *f, bc_diags *diags)
{
    for (size_t i = 0; i < f->notes->count; i++) {
        const bc_review_note *nt = &f->notes->items[i];
        const note_state *s = &f->st[i];
        if (f->anchors[i].resolved)
            continue;
        const char *file = f->notes->file;
        if (nt->page && !s->page_seen)
            bc_diags_add(diags, BC_WARNING, file, nt->src_line, nt->src_column,
                         "văn bản không có trang %d; ý kiến góp ý được đặt ở đầu trang 1",
                         nt->page);
        else if (nt->page)
            bc_diags_add(diags, BC_WARNING, file, nt->src_line, nt->src_column,
                         "trang %d không có dòng %d (trang có %d dòng được đánh số); ý kiến góp "
                         "ý được đặt ở đầu trang 1",
                         nt->page, nt->line, s->page_lines);
        else if (nt->quote)
            bc_diags_add(diags, BC_WARNING, file, nt->src_line, nt->src_column,
                         "không tìm thấy đoạn trích \"%s\"%s%s trong văn bản; ý kiến góp ý được "
                         "đặt ở đầu trang 1",
                         nt->quote, nt->section ? " trong mục " : "",
                         nt->section ? nt->section : "");
        else
            bc_diags_add(diags, BC_WARNING, file, nt->src_line, nt->src_column,
                         "không tìm thấy mục %s trong văn bản; ý kiến góp ý được đặt ở đầu "
                         "trang 1",
                         nt->section ? nt->section : "");
    }
}
