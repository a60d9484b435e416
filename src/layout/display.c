/* display.c - display list pages. */
#include "display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "strbuf.h"

bc_page *bc_page_new(double width, double height, int index)
{
    bc_page *p = calloc(1, sizeof *p);
    if (p) {
        p->width = width;
        p->height = height;
        p->index = index;
    }
    return p;
}

void bc_page_free(bc_page *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++) {
        if (p->items[i].glyphs)
            pango_glyph_item_free(p->items[i].glyphs);
        free(p->items[i].text);
        free(p->items[i].uri);
    }
    for (size_t i = 0; i < p->noutline; i++)
        free(p->outline[i].title);
    free(p->items);
    free(p->outline);
    free(p->fields);
    free(p->label);
    free(p);
}

bc_ditem *bc_page_add(bc_page *p, bc_ditem_kind kind)
{
    if (!BC_GROW(&p->items, &p->cap, p->count + 1, 16))
        return NULL;
    bc_ditem *it = &p->items[p->count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

PangoGlyphString *bc_glyph_string_sized(int n)
{
    PangoGlyphString *gs = pango_glyph_string_new();
    if (n > 0) {
        gs->glyphs = g_new(PangoGlyphInfo, n);
        gs->log_clusters = g_new(gint, n);
    }
    gs->num_glyphs = n;
    gs->space = n;
    return gs;
}

PangoGlyphItem *bc_glyph_item_dup(const PangoGlyphItem *gi)
{
    if (!gi)
        return NULL;
    PangoGlyphItem *r = g_slice_dup(PangoGlyphItem, gi);
    r->item = pango_item_copy(gi->item);
    const PangoGlyphString *src = gi->glyphs;
    r->glyphs = bc_glyph_string_sized(src->num_glyphs);
    if (src->num_glyphs > 0) {
        memcpy(r->glyphs->glyphs, src->glyphs, (size_t)src->num_glyphs * sizeof *src->glyphs);
        memcpy(r->glyphs->log_clusters, src->log_clusters,
               (size_t)src->num_glyphs * sizeof *src->log_clusters);
    }
    return r;
}

bool bc_page_add_empty_run(bc_page *p, double x, double y, double size, bc_drole role)
{
    bc_ditem *it = bc_page_add(p, BC_DI_GLYPHS);
    if (!it)
        return false;
    it->role = role;
    it->x = x;
    it->y = y;
    it->size = size;
    it->text = bc_strdup("");
    it->glyphs = g_slice_new0(PangoGlyphItem);
    if (it->glyphs) {
        it->glyphs->item = pango_item_new();
        it->glyphs->glyphs = pango_glyph_string_new();
    }
    return it->text && it->glyphs;
}

bool bc_page_add_field(bc_page *p, const char *name, double x0, double y0, double x1, double y1)
{
    bc_field *f = realloc(p->fields, (p->nfields + 1) * sizeof *f);
    if (!f)
        return false;
    p->fields = f;
    f = &f[p->nfields++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->x0 = x0;
    f->y0 = y0;
    f->x1 = x1;
    f->y1 = y1;
    return true;
}

bool bc_page_add_outline(bc_page *p, const char *title, int level, double y)
{
    if (!BC_GROW(&p->outline, &p->outline_cap, p->noutline + 1, 8))
        return false;
    char *t = bc_strdup(title);
    if (!t)
        return false;
    p->outline[p->noutline++] = (bc_outline_entry){t, level, y};
    return true;
}

const char *bc_stype_name(bc_stype t)
{
    static const char *const names[BC_SE_COUNT] = {
        NULL, "Div", "P", "H1", "H2", "H3", "L", "LI", "Lbl", "LBody", "Note",
        "Table", "THead", "TBody", "TR", "TH", "TD", "Link"};
    return t > BC_SE_NONE && t < BC_SE_COUNT ? names[t] : NULL;
}

const char *bc_stype_mc_tag(bc_stype t)
{
    return t == BC_SE_LINK ? "Span" : bc_stype_name(t);
}

bool bc_spath_push(bc_spath *sp, bc_stype type, uint64_t id)
{
    if (sp->depth >= BC_SPATH_MAX)
        return false;
    sp->type[sp->depth] = (uint8_t)type;
    sp->id[sp->depth] = id;
    sp->depth++;
    return true;
}

void bc_page_set_spath(bc_page *p, size_t from, const bc_spath *sp)
{
    for (size_t i = from; i < p->count; i++) {
        if (sp)
            p->items[i].spath = *sp;
        else
            memset(&p->items[i].spath, 0, sizeof p->items[i].spath);
    }
}

void bc_page_wrap_spath(bc_page *p, size_t from, bc_stype type, uint64_t id)
{
    for (size_t i = from; i < p->count; i++) {
        bc_spath *sp = &p->items[i].spath;
        if (!sp->depth)
            continue;
        int d = sp->depth < BC_SPATH_MAX ? sp->depth : BC_SPATH_MAX - 1;
        for (int k = d; k > 0; k--) {
            sp->type[k] = sp->type[k - 1];
            sp->id[k] = id + (sp->id[k - 1] & 0xFFFFF);
        }
        sp->type[0] = (uint8_t)type;
        sp->id[0] = id;
        sp->depth = (uint8_t)(d + 1);
    }
}

void bc_page_dump(const bc_page *p, bc_buf *out)
{
    static const char *const roles[] = {"furniture", "body", "note", "table"};
    bc_buf_printf(out, "page %d %.2fx%.2f label=%s\n", p->index + 1, p->width, p->height,
                  p->label ? p->label : "");
    for (size_t i = 0; i < p->noutline; i++)
        bc_buf_printf(out, "  outline %d y=%.2f %s\n", p->outline[i].level, p->outline[i].y,
                      p->outline[i].title);
    for (size_t i = 0; i < p->count; i++) {
        const bc_ditem *it = &p->items[i];
        switch (it->kind) {
        case BC_DI_GLYPHS: {
            double w = pango_glyph_string_get_width(it->glyphs->glyphs) / (double)PANGO_SCALE;
            bc_buf_printf(out, "  text %.2f %.2f w=%.2f %s %.1f%s%s%s line=%d |%s|\n", it->x, it->y,
                          w, roles[it->role], it->size, it->bold ? " bold" : "",
                          it->italic ? " italic" : "", it->rgb ? " colour" : "", it->line_no,
                          it->text);
            break;
        }
        case BC_DI_RULE:
            bc_buf_printf(out, "  rule %.2f %.2f %.2f %.2f w=%.2f\n", it->x, it->y, it->x2, it->y2,
                          it->line_width);
            break;
        case BC_DI_BOX:
            bc_buf_printf(out, "  box %.2f %.2f %.2f %.2f w=%.2f%s\n", it->x, it->y, it->x2, it->y2,
                          it->line_width, it->fill ? " fill" : "");
            break;
        }
    }
}
