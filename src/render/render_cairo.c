/* render_cairo.c - display list -> PDF and PNG through cairo. */
#include "render_cairo.h"

#include "grow.h"
#include "outfile.h"
#include "pdfa.h"
#include "strbuf.h"
#include "text.h"
#include "worker.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

typedef struct tagrec {
    int *v;        /* element per tag, -1 artifact */
    size_t n, cap;
    size_t *page_start; /* [page]: first tag of the page; [pages]: n */
    size_t npages, pages_cap;
    bool oom;
} tagrec;

struct bc_cairo_writer {
    cairo_surface_t *pdf;
    cairo_t *cr;
    bc_outfile *out;       /* where the PDF goes (borrowed) */
    bc_scratch *pdf_file;  /* cairo's PDF (a temporary file), finished by pdfa.h at close */
    char *meta_str[5];     /* owned copies: title, author, subject, keywords, date */
    bc_pdf_meta meta;      /* pointing into meta_str */
    bc_tmp_hooks hooks;    /* for the PNG files' temporary paths */
    char *png_dir;
    double dpi;
    int pages;
    bool unshown;          /* the last page is drawn, not yet shown (its last tag may go on) */
    const char *open_tag;  /* the tag it left open (NULL: none) */
    int outline_parent[8]; /* last outline id per level */
    bc_error err;          /* first drawing error (the worker's, when there is one) */
    bc_worker *worker;     /* draws the pages when set (bc_cairo_writer_use_thread) */
    bc_error prep_err;     /* first error of the producer's side */
    bool sign_fields;      /* record the pages' signature places as fields */
    bc_pdf_field *fields;  /* owned: collected while drawing */
    size_t nfields;
    /* The producer's side (bc_cairo_writer_page): the structure elements
     * in the order of their first run, with a hash of their ids, and the
     * places links start and end, for pdfa.h at close. */
    bc_pdf_selem *elems;
    size_t nelems, elems_cap;
    uint64_t *elem_ids;
    int *elem_hash;        /* open addressing: index + 1, 0 = empty */
    size_t hash_cap;
    bc_pdf_link *links;
    size_t nlinks, links_cap;
    struct note_place *notes; /* [k]: footnote k's marker and label */
    size_t notes_cap;
    int prep_pages;        /* pages prepared */
    uint64_t link_seq;     /* Link elements made (their ids) */
    int last_link;         /* the last Link element made + 1 (0: none), its parent */
    char *last_uri;        /* and its URL (owned): a run that goes on with it joins it */
    tagrec tags;           /* the drawing side's tags, in order */
};

typedef struct note_place {
    bool ref, label;
    int ref_page, label_page;
    double ref_rect[4], label_rect[4]; /* x0 y0 x1 y1 */
    int ref_elem, label_elem;
} note_place;

/* Glyph runs in cairo's terms: glyph positions, the text and its clusters
 * (for ToUnicode/ActualText), the cairo font and colour. They are made
 * from the Pango glyph items on the thread that laid the page out, so that
 * drawing needs cairo alone (cairo fonts may be shared between threads;
 * the drawing thread makes no Pango call). Consecutive runs of one font
 * and colour (a table row's cells, a line's words) become one run: cairo's
 * cost is largely per call. */
typedef struct crun {
    cairo_scaled_font_t *font; /* referenced */
    uint32_t rgb;
    double x, y, angle;        /* a rotated run: origin and angle; glyphs are about it */
    char *text;                /* owned; NULL when the run has no text */
    int text_len;
    cairo_glyph_t *glyphs;     /* page coordinates (rotated runs: about x, y) */
    int nglyphs;
    cairo_text_cluster_t *clusters;
    int nclusters;
    cairo_text_cluster_flags_t flags;
    int elem;                  /* structure element (bc_pdf_selem index), -1: artifact */
    bc_stype stype;            /* its type */
    bool bulk;                 /* a paragraph of a table tagged by rows (bc_spath) */
} crun;

/* A page ready to draw: the worker's job. Owns the page. */
typedef struct cpage {
    bc_page *page;
    crun *runs;
    size_t nruns;
} cpage;

static void crun_clear(crun *r)
{
    cairo_scaled_font_destroy(r->font);
    free(r->text);
    free(r->glyphs);
    free(r->clusters);
    *r = (crun){0};
}

static void cpage_free(cpage *cp)
{
    if (!cp)
        return;
    for (size_t i = 0; i < cp->nruns; i++)
        crun_clear(&cp->runs[i]);
    free(cp->runs);
    bc_page_free(cp->page);
    free(cp);
}

/* Glyph and cluster arrays for one item, as Pango's cairo renderer builds
 * them (pango_cairo_show_glyph_item): empty glyphs are skipped, unknown
 * glyphs too (fonts.c refuses text the font lacks, so none is expected). */
static bc_status make_run(const bc_ditem *it, crun *r)
{
    PangoGlyphItem *gi = it->glyphs;
    PangoFont *font = gi->item->analysis.font;
    *r = (crun){.rgb = it->rgb, .angle = it->angle, .x = it->x, .y = it->y, .elem = -1};
    if (!font || !PANGO_IS_CAIRO_FONT(font))
        return BC_E_FONT;
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS)
        return BC_E_FONT;
    r->font = cairo_scaled_font_reference(sf);
    const PangoGlyphString *gs = gi->glyphs;
    r->glyphs = malloc((size_t)(gs->num_glyphs ? gs->num_glyphs : 1) * sizeof *r->glyphs);
    if (!r->glyphs)
        return BC_E_NOMEM;
    double bx = it->angle != 0 ? 0 : it->x, by = it->angle != 0 ? 0 : it->y;
    int xpos = 0;
    for (int i = 0; i < gs->num_glyphs; i++) {
        const PangoGlyphInfo *g = &gs->glyphs[i];
        if (g->glyph != PANGO_GLYPH_EMPTY && !(g->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
            cairo_glyph_t *cg = &r->glyphs[r->nglyphs++];
            cg->index = g->glyph;
            cg->x = bx + (double)(xpos + g->geometry.x_offset) / PANGO_SCALE;
            cg->y = by + (double)g->geometry.y_offset / PANGO_SCALE;
        }
        xpos += g->geometry.width;
    }
    if (!it->text || gi->item->length <= 0)
        return BC_OK;
    r->text_len = gi->item->length;
    r->text = malloc((size_t)r->text_len + 1);
    r->clusters = malloc((size_t)(gs->num_glyphs + 1) * sizeof *r->clusters);
    if (!r->text || !r->clusters)
        return BC_E_NOMEM;
    memcpy(r->text, it->text, (size_t)r->text_len);
    r->text[r->text_len] = '\0';
    bool backward = gi->item->analysis.level & 1;
    r->flags = backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0;
    PangoGlyphItemIter iter;
    if (pango_glyph_item_iter_init_start(&iter, gi, it->text)) {
        do {
            int nb = iter.end_index - iter.start_index;
            int ng = backward ? iter.start_glyph - iter.end_glyph : iter.end_glyph - iter.start_glyph;
            int lo = iter.start_glyph < iter.end_glyph + 1 ? iter.start_glyph : iter.end_glyph + 1;
            int hi = iter.start_glyph + 1 > iter.end_glyph ? iter.start_glyph + 1 : iter.end_glyph;
            for (int i = lo; i < hi; i++) {
                PangoGlyph g = gs->glyphs[i].glyph;
                if (g == PANGO_GLYPH_EMPTY || (g & PANGO_GLYPH_UNKNOWN_FLAG))
                    ng--;
            }
            if (r->nclusters <= gs->num_glyphs)
                r->clusters[r->nclusters++] = (cairo_text_cluster_t){nb, ng};
        } while (pango_glyph_item_iter_next_cluster(&iter));
    }
    return BC_OK;
}

static bool can_join(const crun *a, const crun *b)
{
    return a->angle == 0 && b->angle == 0 && a->font == b->font && a->rgb == b->rgb &&
           a->elem == b->elem &&
           a->flags == 0 && b->flags == 0 && (a->text != NULL) == (b->text != NULL) &&
           (a->text == NULL || (a->nclusters > 0 && b->nclusters > 0));
}

/* Joins runs v[0..n) (can_join pairwise) into *out; they are cleared. */
static bc_status join_runs(crun *v, size_t n, crun *out)
{
    size_t ng = 0, nc = 0, nt = 0;
    for (size_t k = 0; k < n; k++) {
        ng += (size_t)v[k].nglyphs;
        nc += (size_t)v[k].nclusters;
        nt += (size_t)v[k].text_len;
    }
    crun r = {.font = cairo_scaled_font_reference(v[0].font), .rgb = v[0].rgb, .elem = v[0].elem,
              .stype = v[0].stype, .bulk = v[0].bulk};
    r.glyphs = malloc((ng ? ng : 1) * sizeof *r.glyphs);
    if (v[0].text) {
        r.text = malloc(nt + 1);
        r.clusters = malloc((nc ? nc : 1) * sizeof *r.clusters);
    }
    if (!r.glyphs || (v[0].text && (!r.text || !r.clusters))) {
        crun_clear(&r);
        return BC_E_NOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        memcpy(r.glyphs + r.nglyphs, v[k].glyphs, (size_t)v[k].nglyphs * sizeof *r.glyphs);
        r.nglyphs += v[k].nglyphs;
        if (r.text) {
            memcpy(r.text + r.text_len, v[k].text, (size_t)v[k].text_len);
            r.text_len += v[k].text_len;
            memcpy(r.clusters + r.nclusters, v[k].clusters,
                   (size_t)v[k].nclusters * sizeof *r.clusters);
            r.nclusters += v[k].nclusters;
        }
        crun_clear(&v[k]);
    }
    if (r.text)
        r.text[r.text_len] = '\0';
    *out = r;
    return BC_OK;
}

/* ---- structure and links (producer's side) ------------------------------- */

static size_t id_hash(uint64_t id, size_t cap)
{
    id ^= id >> 33;
    id *= 0xff51afd7ed558ccdULL;
    id ^= id >> 33;
    return (size_t)id & (cap - 1);
}

static bool hash_grow(bc_cairo_writer *w)
{
    size_t cap = w->hash_cap ? w->hash_cap * 2 : 1024;
    int *h = calloc(cap, sizeof *h);
    if (!h)
        return false;
    for (size_t i = 0; i < w->nelems; i++) {
        size_t k = id_hash(w->elem_ids[i], cap);
        while (h[k])
            k = (k + 1) & (cap - 1);
        h[k] = (int)i + 1;
    }
    free(w->elem_hash);
    w->elem_hash = h;
    w->hash_cap = cap;
    return true;
}

/* The index of element id (created under parent when new); -1 on
 * out-of-memory. */
static int elem_of(bc_cairo_writer *w, uint64_t id, bc_stype type, int parent)
{
    if ((w->nelems + 1) * 2 > w->hash_cap && !hash_grow(w))
        return -1;
    size_t k = id_hash(id, w->hash_cap);
    while (w->elem_hash[k]) {
        int i = w->elem_hash[k] - 1;
        if (w->elem_ids[i] == id)
            return i;
        k = (k + 1) & (w->hash_cap - 1);
    }
    if (w->nelems == w->elems_cap) {
        size_t cap = w->elems_cap ? w->elems_cap * 2 : 256;
        bc_pdf_selem *e = realloc(w->elems, cap * sizeof *e);
        if (!e)
            return -1;
        w->elems = e;
        uint64_t *ids = realloc(w->elem_ids, cap * sizeof *ids);
        if (!ids)
            return -1;
        w->elem_ids = ids;
        w->elems_cap = cap;
    }
    int i = (int)w->nelems++;
    w->elems[i] = (bc_pdf_selem){.type = type, .parent = parent};
    w->elem_ids[i] = id;
    w->elem_hash[k] = i + 1;
    return i;
}

/* The leaf element of a run's path (creating the chain); -1: an artifact,
 * -2: out of memory. */
static int leaf_of(bc_cairo_writer *w, const bc_spath *sp)
{
    int parent = -1;
    for (int d = 0; d < sp->depth && d < BC_SPATH_MAX; d++) {
        parent = elem_of(w, sp->id[d], (bc_stype)sp->type[d], parent);
        if (parent < 0)
            return -2;
    }
    if (parent >= 0) {
        w->elems[parent].colspan = sp->colspan;
        w->elems[parent].rowspan = sp->rowspan;
    }
    return parent;
}

static bool add_link(bc_cairo_writer *w, const bc_pdf_link *l)
{
    if (!BC_GROW(&w->links, &w->links_cap, w->nlinks + 1, 32))
        return false;
    w->links[w->nlinks++] = *l;
    return true;
}

/* The area of a glyph run (x0 y0 x1 y1, from the top-left corner). */
static void run_rect(const bc_ditem *it, double r[4])
{
    double wd = pango_glyph_string_get_width(it->glyphs->glyphs) / (double)PANGO_SCALE;
    r[0] = it->x - 1;
    r[1] = it->y - it->size * 0.9 - 1;
    r[2] = it->x + wd + 1;
    r[3] = it->y + it->size * 0.25 + 1;
}

/* Whether the run shows a URL that becomes a live link. */
static bool web_link(const bc_ditem *it)
{
    return it->uri && (strncmp(it->uri, "http://", 7) == 0 || strncmp(it->uri, "https://", 8) == 0 ||
                       strncmp(it->uri, "www.", 4) == 0 || strncmp(it->uri, "mailto:", 7) == 0);
}

/* Records footnote markers, footnote numbers and URLs of a page (the URL's
 * area in Link element link_elem, elem when -1); false on out-of-memory. */
static bool note_links(bc_cairo_writer *w, const bc_ditem *it, int page, int elem, int link_elem)
{
    int k = it->note_ref > 0 ? it->note_ref : it->note_label;
    if (k > 0) {
        if ((size_t)k >= w->notes_cap) {
            size_t cap = (size_t)k * 2 + 16;
            note_place *v = realloc(w->notes, cap * sizeof *v);
            if (!v)
                return false;
            memset(v + w->notes_cap, 0, (cap - w->notes_cap) * sizeof *v);
            w->notes = v;
            w->notes_cap = cap;
        }
        note_place *n = &w->notes[k];
        if (it->note_ref > 0 && !n->ref) {
            n->ref = true;
            n->ref_page = page;
            n->ref_elem = elem;
            run_rect(it, n->ref_rect);
        } else if (it->note_label > 0 && !n->label) {
            n->label = true;
            n->label_page = page;
            n->label_elem = elem;
            run_rect(it, n->label_rect);
        }
    }
    if (web_link(it)) {
        double r[4];
        run_rect(it, r);
        r[0] = it->x + it->link_x0 - 1;
        r[2] = it->x + it->link_x1 + 1;
        char *uri = strncmp(it->uri, "www.", 4) == 0 ? bc_strdup_printf("https://%s", it->uri)
                                                     : bc_strdup(it->uri);
        bc_pdf_link l = {.page = page, .x0 = r[0], .y0 = r[1], .x1 = r[2], .y1 = r[3], .uri = uri,
                         .elem = link_elem >= 0 ? link_elem : elem};
        if (!uri || !add_link(w, &l)) {
            free(uri);
            return false;
        }
    }
    return true;
}

/* Links between each footnote marker and its note, both ways. */
static bool footnote_links(bc_cairo_writer *w)
{
    for (size_t k = 1; k < w->notes_cap; k++) {
        const note_place *n = &w->notes[k];
        if (!n->ref || !n->label)
            continue;
        bc_pdf_link to = {.page = n->ref_page, .x0 = n->ref_rect[0], .y0 = n->ref_rect[1],
                          .x1 = n->ref_rect[2], .y1 = n->ref_rect[3], .dest_page = n->label_page,
                          .dest_x = n->label_rect[0], .dest_y = n->label_rect[1],
                          .elem = n->ref_elem};
        bc_pdf_link back = {.page = n->label_page, .x0 = n->label_rect[0],
                            .y0 = n->label_rect[1], .x1 = n->label_rect[2],
                            .y1 = n->label_rect[3], .dest_page = n->ref_page,
                            .dest_x = n->ref_rect[0], .dest_y = n->ref_rect[1] - 24,
                            .elem = n->label_elem};
        if (back.dest_y < 0)
            back.dest_y = 0;
        if (!add_link(w, &to) || !add_link(w, &back))
            return false;
    }
    return true;
}

/* Part [c0, c1) of run r's clusters as a run of its own in *out (elem,
 * stype as given); the glyphs and text those clusters hold. */
static bc_status sub_run(const crun *r, int c0, int c1, int g0, int t0, int elem, bc_stype stype,
                         crun *out)
{
    int ng = 0, nt = 0;
    for (int k = c0; k < c1; k++) {
        ng += r->clusters[k].num_glyphs;
        nt += r->clusters[k].num_bytes;
    }
    crun s = {.font = cairo_scaled_font_reference(r->font), .rgb = r->rgb, .x = r->x, .y = r->y,
              .angle = r->angle, .flags = r->flags, .elem = elem, .stype = stype};
    s.glyphs = malloc((size_t)(ng ? ng : 1) * sizeof *s.glyphs);
    s.clusters = malloc((size_t)(c1 - c0 ? c1 - c0 : 1) * sizeof *s.clusters);
    s.text = malloc((size_t)nt + 1);
    if (!s.glyphs || !s.clusters || !s.text) {
        crun_clear(&s);
        return BC_E_NOMEM;
    }
    memcpy(s.glyphs, r->glyphs + g0, (size_t)ng * sizeof *s.glyphs);
    memcpy(s.clusters, r->clusters + c0, (size_t)(c1 - c0) * sizeof *s.clusters);
    memcpy(s.text, r->text + t0, (size_t)nt);
    s.text[nt] = '\0';
    s.nglyphs = ng;
    s.nclusters = c1 - c0;
    s.text_len = nt;
    *out = s;
    return BC_OK;
}

/* A URL's text in a run of element elem: the run *r is cut (at cluster
 * bounds) into the text before it, the URL's bytes [b0, b1) and the text
 * after it, the middle one in a Link element of its own under elem (PDF/UA
 * 7.18.5: a Link holds its text and the annotation's OBJR). r is replaced
 * by the first part, the others go to r[1], r[2]; *added says how many.
 * *link the Link element (-1: the run was left whole). The URL's text goes
 * into Link element reuse when it is >= 0 (the rest of a URL begun in an
 * earlier run: one Link element holds all its text and every annotation,
 * PDF 1.7 14.8.4.4, PDF/UA-1 7.18.5). */
static bc_status split_link(bc_cairo_writer *w, crun *r, size_t b0, size_t b1, int reuse,
                            size_t *added, int *link)
{
    *added = 0;
    *link = -1;
    if (!r->text || r->flags || r->angle != 0 || r->elem < 0 || b0 >= b1)
        return BC_OK;
    /* cluster and glyph index where each part starts */
    int cut_c[4] = {0, -1, -1, r->nclusters}, cut_g[4] = {0}, cut_t[4] = {0};
    int g = 0, t = 0;
    for (int k = 0; k < r->nclusters; k++) {
        int part = (size_t)t < b0 ? 0 : (size_t)t < b1 ? 1 : 2;
        for (int q = 1; q <= part; q++)
            if (cut_c[q] < 0) {
                cut_c[q] = k;
                cut_g[q] = g;
                cut_t[q] = t;
            }
        g += r->clusters[k].num_glyphs;
        t += r->clusters[k].num_bytes;
    }
    for (int q = 1; q <= 2; q++)
        if (cut_c[q] < 0) {
            cut_c[q] = r->nclusters;
            cut_g[q] = g;
            cut_t[q] = t;
        }
    if (cut_c[1] == cut_c[2] || g != r->nglyphs || t != r->text_len)
        return BC_OK; /* no cluster of the URL (or clusters not as made) */
    int le = reuse >= 0 ? reuse : elem_of(w, ((uint64_t)1 << 63) | w->link_seq++, BC_SE_LINK, r->elem);
    if (le < 0)
        return BC_E_NOMEM;
    crun parts[3] = {{0}};
    int np = 0;
    bc_status st = BC_OK;
    for (int q = 0; q < 3 && !st; q++) {
        if (cut_c[q] == cut_c[q + 1])
            continue;
        st = sub_run(r, cut_c[q], cut_c[q + 1], cut_g[q], cut_t[q], q == 1 ? le : r->elem,
                     q == 1 ? BC_SE_LINK : r->stype, &parts[np++]);
    }
    if (st) {
        for (int q = 0; q < np; q++)
            crun_clear(&parts[q]);
        return st;
    }
    crun_clear(r);
    for (int q = 0; q < np; q++)
        r[q] = parts[q];
    *added = (size_t)np - 1;
    *link = le;
    return BC_OK;
}

/* The runs of a page's glyph items, joined where they can be. When
 * release is set (the page is ours), each item's Pango glyphs and text are
 * freed as soon as they are converted: the drawing thread never needs
 * them, and freeing Pango objects stays on this thread. */
static bc_status make_runs(bc_page *page, bool release, cpage *cp, bc_cairo_writer *w)
{
    size_t n = 0;
    for (size_t i = 0; i < page->count; i++)
        n += page->items[i].kind == BC_DI_GLYPHS ? (page->items[i].uri ? 3 : 1) : 0;
    cp->runs = calloc(n ? n : 1, sizeof *cp->runs);
    if (!cp->runs)
        return BC_E_NOMEM;
    for (size_t i = 0; i < page->count; i++) {
        bc_ditem *it = &page->items[i];
        if (it->kind != BC_DI_GLYPHS || !it->glyphs)
            continue;
        if (!it->glyphs->glyphs->num_glyphs && (!it->text || !*it->text)) {
            /* an element without text (an empty table cell): it is in the
             * tree, with no content */
            if (w && leaf_of(w, &it->spath) < -1)
                return BC_E_NOMEM;
            continue;
        }
        crun *r = &cp->runs[cp->nruns++];
        bc_status st = make_run(it, r);
        if (st)
            return st;
        if (w) {
            r->elem = leaf_of(w, &it->spath);
            r->bulk = it->spath.bulk;
            if (r->elem >= 0)
                r->stype = w->elems[r->elem].type;
            if (r->elem < -1)
                return BC_E_NOMEM;
            int elem = r->elem, link = -1;
            size_t added = 0;
            if (web_link(it)) {
                /* the rest of the URL the last Link element shows: into it */
                int reuse = -1;
                if (it->link_cont && w->last_link && w->last_uri &&
                    w->elems[w->last_link - 1].parent == r->elem && r->elem >= 0 &&
                    strcmp(w->last_uri, it->uri) == 0)
                    reuse = w->last_link - 1;
                if ((st = split_link(w, r, it->link_b0, it->link_b1, reuse, &added, &link)))
                    return st;
                if (link >= 0 && link != reuse) {
                    char *u = bc_strdup(it->uri);
                    if (!u)
                        return BC_E_NOMEM;
                    free(w->last_uri);
                    w->last_uri = u;
                    w->last_link = link + 1;
                }
            }
            cp->nruns += added;
            if (!note_links(w, it, w->prep_pages, elem, link))
                return BC_E_NOMEM;
        }
        if (release) {
            pango_glyph_item_free(it->glyphs);
            it->glyphs = NULL;
            free(it->text);
            it->text = NULL;
        }
    }
    size_t out = 0;
    for (size_t i = 0; i < cp->nruns;) {
        size_t j = i + 1;
        while (j < cp->nruns && can_join(&cp->runs[i], &cp->runs[j]))
            j++;
        if (j - i > 1) {
            crun joined;
            bc_status st = join_runs(&cp->runs[i], j - i, &joined);
            if (st)
                return st; /* the runs not yet cleared are freed with cp */
            cp->runs[out++] = joined;
        } else if (out != i) {
            cp->runs[out++] = cp->runs[i];
            cp->runs[i] = (crun){0};
        } else {
            out++;
        }
        i = j;
    }
    cp->nruns = out;
    return BC_OK;
}

/* NULL on out-of-memory or a font cairo cannot use (*st says which); the
 * page is then freed. */
static cpage *prepare_page(bc_page *page, bc_status *st, bc_cairo_writer *w)
{
    cpage *cp = calloc(1, sizeof *cp);
    if (!cp) {
        bc_page_free(page);
        *st = BC_E_NOMEM;
        return NULL;
    }
    cp->page = page;
    *st = make_runs(page, true, cp, w);
    if (*st) {
        cpage_free(cp);
        return NULL;
    }
    return cp;
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

/* Strokes (rules and box outlines) are drawn beneath all text, grouped by
 * width and colour so that each group is one path and one stroke. Rules on
 * one line that touch or overlap (a table's column borders, row after row)
 * are joined into one segment first: with butt caps the ink is the same,
 * and the PDF gets one segment per column instead of one per row. */
typedef struct stroke_seg {
    double w;      /* line width */
    uint32_t rgb;
    int kind;      /* 0 vertical rule, 1 horizontal rule, 2 other rule, 3 box */
    double c;      /* vertical: x; horizontal: y */
    double a0, a1; /* extent along the line */
    const bc_ditem *it;
} stroke_seg;

static int seg_cmp(const void *pa, const void *pb)
{
    const stroke_seg *a = pa, *b = pb;
    if (a->w != b->w)
        return a->w < b->w ? -1 : 1;
    if (a->rgb != b->rgb)
        return a->rgb < b->rgb ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind - b->kind;
    if (a->kind >= 2) /* keep drawing order */
        return a->it < b->it ? -1 : a->it > b->it;
    if (a->c != b->c)
        return a->c < b->c ? -1 : 1;
    if (a->a0 != b->a0)
        return a->a0 < b->a0 ? -1 : 1;
    return 0;
}

static void add_seg(cairo_t *cr, const stroke_seg *s)
{
    switch (s->kind) {
    case 0:
        cairo_move_to(cr, s->c, s->a0);
        cairo_line_to(cr, s->c, s->a1);
        break;
    case 1:
        cairo_move_to(cr, s->a0, s->c);
        cairo_line_to(cr, s->a1, s->c);
        break;
    case 2:
        cairo_move_to(cr, s->it->x, s->it->y);
        cairo_line_to(cr, s->it->x2, s->it->y2);
        break;
    default:
        cairo_rectangle(cr, s->it->x, s->it->y, s->it->x2 - s->it->x, s->it->y2 - s->it->y);
        break;
    }
}

static void draw_strokes(cairo_t *cr, const bc_page *page)
{
    size_t n = 0;
    for (size_t i = 0; i < page->count; i++)
        if (page->items[i].kind == BC_DI_RULE ||
            (page->items[i].kind == BC_DI_BOX && !page->items[i].fill))
            n++;
    if (!n)
        return;
    stroke_seg *v = malloc(n * sizeof *v);
    if (!v) { /* out of memory: draw item by item, unmerged */
        for (size_t i = 0; i < page->count; i++) {
            const bc_ditem *it = &page->items[i];
            if (it->kind != BC_DI_RULE && (it->kind != BC_DI_BOX || it->fill))
                continue;
            stroke_seg s = {.kind = it->kind == BC_DI_BOX ? 3 : 2, .it = it};
            set_rgb(cr, it->rgb);
            cairo_set_line_width(cr, it->line_width);
            add_seg(cr, &s);
            cairo_stroke(cr);
        }
        return;
    }
    n = 0;
    for (size_t i = 0; i < page->count; i++) {
        const bc_ditem *it = &page->items[i];
        stroke_seg s = {.w = it->line_width, .rgb = it->rgb, .it = it};
        if (it->kind == BC_DI_BOX && !it->fill) {
            s.kind = 3;
        } else if (it->kind != BC_DI_RULE) {
            continue;
        } else if (it->x == it->x2) {
            s.kind = 0;
            s.c = it->x;
            s.a0 = it->y < it->y2 ? it->y : it->y2;
            s.a1 = it->y < it->y2 ? it->y2 : it->y;
        } else if (it->y == it->y2) {
            s.kind = 1;
            s.c = it->y;
            s.a0 = it->x < it->x2 ? it->x : it->x2;
            s.a1 = it->x < it->x2 ? it->x2 : it->x;
        } else {
            s.kind = 2;
        }
        v[n++] = s;
    }
    qsort(v, n, sizeof *v, seg_cmp);
    for (size_t i = 0; i < n;) {
        set_rgb(cr, v[i].rgb);
        cairo_set_line_width(cr, v[i].w);
        size_t j = i;
        while (j < n && v[j].w == v[i].w && v[j].rgb == v[i].rgb) {
            stroke_seg cur = v[j++];
            if (cur.kind < 2)
                while (j < n && v[j].kind == cur.kind && v[j].w == cur.w && v[j].rgb == cur.rgb &&
                       v[j].c == cur.c && v[j].a0 <= cur.a1 + 1e-6) {
                    if (v[j].a1 > cur.a1)
                        cur.a1 = v[j].a1;
                    j++;
                }
            add_seg(cr, &cur);
        }
        cairo_stroke(cr);
        i = j;
    }
    free(v);
}

/* The marked content of a tagged page: cairo 1.16 accepts only the
 * standard structure names (and writes a broken file for "Artifact"), so
 * each run is tagged with its element's type, artifacts "NonStruct"; the
 * order of the tags on each page says which element each one is (the
 * writer records it, pdfa.c pairs them and writes /Artifact). */
#define ARTIFACT_TAG "NonStruct"

static void tagrec_add(tagrec *t, int elem)
{
    if (!BC_GROW(&t->v, &t->cap, t->n + 1, 1024)) {
        t->oom = true;
        return;
    }
    t->v[t->n++] = elem;
    if (t->page_start)
        t->page_start[t->npages] = t->n; /* the end of the current page */
}

static void tagrec_page(tagrec *t)
{
    if (!BC_GROW(&t->page_start, &t->pages_cap, t->npages + 2, 64)) {
        t->oom = true;
        return;
    }
    t->page_start[t->npages++] = t->n;
    t->page_start[t->npages] = t->n;
}

static const char *run_tag(const crun *r)
{
    const char *name = r->elem >= 0 ? bc_stype_mc_tag(r->stype) : NULL;
    return name ? name : ARTIFACT_TAG;
}

/* Draws run r; *rgb and *font are the colour and font last set (cleared
 * when r changes them only for itself). */
static void draw_run(cairo_t *cr, const crun *r, uint32_t *rgb, cairo_scaled_font_t **font)
{
    if (r->rgb != *rgb) {
        set_rgb(cr, r->rgb);
        *rgb = r->rgb;
    }
    if (r->angle != 0) {
        cairo_save(cr);
        cairo_translate(cr, r->x, r->y);
        cairo_rotate(cr, -r->angle);
        *font = NULL;
    }
    if (r->font != *font) {
        cairo_set_scaled_font(cr, r->font);
        *font = r->font;
    }
    if (r->text)
        cairo_show_text_glyphs(cr, r->text, r->text_len, r->glyphs, r->nglyphs, r->clusters,
                               r->nclusters, r->flags);
    else
        cairo_show_glyphs(cr, r->glyphs, r->nglyphs);
    if (r->angle != 0) {
        cairo_restore(cr);
        *font = NULL;
        *rgb = 0xFFFFFFFF;
    }
}

/* The backgrounds of a page (filled boxes). */
static void draw_fills(cairo_t *cr, const bc_page *page)
{
    for (size_t i = 0; i < page->count; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind == BC_DI_BOX && it->fill) {
            set_rgb(cr, it->rgb);
            cairo_rectangle(cr, it->x, it->y, it->x2 - it->x, it->y2 - it->y);
            cairo_fill(cr);
        }
    }
}

/* How a tagged page is marked: its artifacts (fills, rules, artifact
 * text) as one sequence before its content. cairo 1.16 keeps a node of its
 * structure tree for every tag begun until the file is closed (~220 B each
 * with its name and MCID list; pdfa.h writes the tree from the writer's own
 * list and drops cairo's), but a tag left open when a page is shown goes on
 * at the top of the next page as a new marked sequence of the same node. So
 * the last sequence of a page is left open, and the next page starts with
 * it when its first sequence has the same name. A page holding only the
 * rows of a table tagged by rows (bulk, BC_TAG_MAX_CELLS) and no fills
 * (text over a rule looks the same either way, not over a background) may
 * put its artifacts after the rows: such a table's pages alternate
 * artifacts-then-rows and rows-then-artifacts, one new node a page instead
 * of three or four (1 000 000 rows: 47 620 pages). Other pages keep their
 * text in the display list's order. */
typedef struct tagplan {
    bool art;            /* the page has artifacts */
    bool art_last;       /* drawn after the content */
    const char *first;   /* name of the first sequence (NULL: the page has none) */
} tagplan;

static tagplan plan_tags(const cpage *cp, const char *open)
{
    const bc_page *page = cp->page;
    bool fills = false, art = false;
    const char *body = NULL;
    bool bulk = true;
    for (size_t i = 0; i < page->count; i++) {
        art = art || page->items[i].kind != BC_DI_GLYPHS;
        fills = fills || (page->items[i].kind == BC_DI_BOX && page->items[i].fill);
    }
    for (size_t i = 0; i < cp->nruns; i++) {
        if (cp->runs[i].elem < 0)
            art = true;
        else {
            bulk = bulk && cp->runs[i].bulk;
            if (!body)
                body = run_tag(&cp->runs[i]);
        }
    }
    tagplan t = {.art = art, .first = art ? ARTIFACT_TAG : body};
    if (art && body && bulk && !fills && open && strcmp(open, ARTIFACT_TAG) != 0 &&
        strcmp(open, body) == 0) {
        t.art_last = true;
        t.first = body;
    }
    return t;
}

/* The marking of a tagged page as it is drawn. */
typedef struct marker {
    cairo_t *cr;
    tagrec *tags;
    const char *cur;   /* the tag open (NULL: none) */
    bool going_on;     /* cur is the previous page's, and the next sequence goes on with it */
} marker;

/* Starts the page's next marked sequence: name, of element elem (-1: an
 * artifact). */
static void mark(marker *m, const char *name, int elem)
{
    if (!m->going_on) {
        if (m->cur)
            cairo_tag_end(m->cr, m->cur);
        cairo_tag_begin(m->cr, name, "");
    }
    m->going_on = false;
    m->cur = name;
    tagrec_add(m->tags, elem);
}

static void draw_artifacts(marker *m, const cpage *cp)
{
    mark(m, ARTIFACT_TAG, -1);
    draw_fills(m->cr, cp->page);
    draw_strokes(m->cr, cp->page);
    uint32_t rgb = 0xFFFFFFFF;
    cairo_scaled_font_t *font = NULL;
    for (size_t i = 0; i < cp->nruns; i++)
        if (cp->runs[i].elem < 0)
            draw_run(m->cr, &cp->runs[i], &rgb, &font);
}

static void draw_content(marker *m, const cpage *cp)
{
    uint32_t rgb = 0xFFFFFFFF;
    cairo_scaled_font_t *font = NULL;
    int elem = -1;
    for (size_t i = 0; i < cp->nruns; i++) {
        const crun *r = &cp->runs[i];
        if (r->elem < 0)
            continue;
        if (r->elem != elem)
            mark(m, run_tag(r), r->elem);
        elem = r->elem;
        draw_run(m->cr, r, &rgb, &font);
    }
}

/* Draws a page. Tagged (tags set): marked as plan says; open is the tag
 * the previous page left open when this page goes on with it (its name is
 * plan->first), else NULL. Returns the tag left open at the end of the page
 * (NULL: none), which the caller ends, or lets the next page go on with,
 * before showing the page. */
static const char *draw_prepared(cairo_t *cr, const cpage *cp, tagrec *tags, const tagplan *plan,
                                 const char *open)
{
    if (!tags) { /* fills first (backgrounds), then strokes, then all text */
        uint32_t rgb = 0xFFFFFFFF;
        cairo_scaled_font_t *font = NULL;
        draw_fills(cr, cp->page);
        draw_strokes(cr, cp->page);
        for (size_t i = 0; i < cp->nruns; i++)
            draw_run(cr, &cp->runs[i], &rgb, &font);
        return NULL;
    }
    tagrec_page(tags);
    marker m = {.cr = cr, .tags = tags, .cur = open, .going_on = open != NULL};
    if (plan->art && !plan->art_last)
        draw_artifacts(&m, cp);
    draw_content(&m, cp);
    if (plan->art && plan->art_last)
        draw_artifacts(&m, cp);
    return m.cur;
}

void bc_cairo_draw_page(void *ctx, const bc_page *page)
{
    /* The page is only borrowed: convert it through a shallow copy that
     * is neither released nor freed. */
    bc_page shell = *page;
    cpage cp = {.page = &shell};
    if (make_runs(&shell, false, &cp, NULL) == BC_OK)
        draw_prepared(ctx, &cp, NULL, NULL, NULL);
    for (size_t i = 0; i < cp.nruns; i++)
        crun_clear(&cp.runs[i]);
    free(cp.runs);
}

/* cairo's output callback: bytes go to the checked, atomic output file. */
static cairo_status_t out_write(void *closure, const unsigned char *data, unsigned int length)
{
    return bc_outfile_write(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                   : CAIRO_STATUS_WRITE_ERROR;
}

/* cairo's PDF goes to a temporary file first (not memory: a table of a
 * million rows makes hundreds of megabytes): pdfa.h rewrites it at close. */
static cairo_status_t scratch_write(void *closure, const unsigned char *data, unsigned int length)
{
    return bc_scratch_write(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                   : CAIRO_STATUS_WRITE_ERROR;
}

static void free_struct(bc_cairo_writer *w)
{
    free(w->last_uri);
    w->last_uri = NULL;
    for (size_t i = 0; i < w->nlinks; i++)
        free((char *)w->links[i].uri);
    free(w->links);
    free(w->elems);
    free(w->elem_ids);
    free(w->elem_hash);
    free(w->notes);
    free(w->tags.v);
    free(w->tags.page_start);
}

static void free_meta(bc_cairo_writer *w)
{
    for (size_t i = 0; i < sizeof w->meta_str / sizeof *w->meta_str; i++)
        free(w->meta_str[i]);
}

/* Keeps the metadata for pdfa.h; false on out-of-memory. */
static bool copy_meta(bc_cairo_writer *w, const bc_pdf_meta *m)
{
    const char *v[5] = {m->title, m->author, m->subject, m->keywords, m->date};
    const char **dst[5] = {&w->meta.title, &w->meta.author, &w->meta.subject,
                           &w->meta.keywords, &w->meta.date};
    for (int i = 0; i < 5; i++) {
        if (!v[i])
            continue;
        if (!(w->meta_str[i] = bc_strdup(v[i])))
            return false;
        *dst[i] = w->meta_str[i];
    }
    return true;
}

bc_status bc_cairo_writer_open(bc_outfile *pdf_out, const bc_pdf_meta *meta, const char *png_dir,
                               double dpi, const bc_tmp_hooks *hooks, bc_cairo_writer **out,
                               bc_error *err)
{
    bc_cairo_writer *w = calloc(1, sizeof *w);
    if (!w)
        return bc_nomem(err);
    w->dpi = dpi > 0 ? dpi : 70;
    w->png_dir = bc_strdup(png_dir);
    if (hooks)
        w->hooks = *hooks;
    bc_status st;
    if (png_dir && (st = bc_outdir_prepare(png_dir, err))) {
        bc_cairo_writer_abort(w);
        return st;
    }
    if (meta && !copy_meta(w, meta)) {
        bc_cairo_writer_abort(w);
        return bc_nomem(err);
    }
    if (pdf_out) {
        w->out = pdf_out;
        if ((st = bc_scratch_new(&w->pdf_file, err))) {
            bc_cairo_writer_abort(w);
            return st;
        }
        w->pdf = cairo_pdf_surface_create_for_stream(scratch_write, w->pdf_file, 595.28, 841.89);
        if (cairo_surface_status(w->pdf) != CAIRO_STATUS_SUCCESS) {
            bc_error_set(err, BC_E_OUTPUT, bc_outfile_target(pdf_out), 0, 0,
                         "không tạo được tệp PDF: %s",
                         cairo_status_to_string(cairo_surface_status(w->pdf)));
            bc_cairo_writer_abort(w);
            return BC_E_OUTPUT;
        }
        cairo_pdf_surface_restrict_to_version(w->pdf, CAIRO_PDF_VERSION_1_5);
        if (meta) {
            if (meta->title)
                cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_TITLE, meta->title);
            if (meta->author)
                cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_AUTHOR, meta->author);
            if (meta->subject)
                cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
            if (meta->keywords)
                cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_KEYWORDS,
                                               meta->keywords);
            if (meta->date) {
                cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_CREATE_DATE, meta->date);
                cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_MOD_DATE, meta->date);
            }
        }
        cairo_pdf_surface_set_metadata(w->pdf, CAIRO_PDF_METADATA_CREATOR,
                                       "baocao " BAOCAO_VERSION);
        w->cr = cairo_create(w->pdf);
    }
    *out = w;
    return BC_OK;
}

/* Keeps the first drawing error: st, the file it concerns (NULL: none)
 * and msg (taken; NULL when it could not be made). */
static void fail(bc_cairo_writer *w, bc_status st, const char *file, char *msg)
{
    if (!w->err.status) {
        if (st == BC_E_NOMEM || !msg)
            bc_nomem(&w->err);
        else
            bc_error_set(&w->err, st, file, 0, 0, "%s", msg);
    }
    free(msg);
}

static void write_png(bc_cairo_writer *w, const cpage *cp)
{
    const bc_page *page = cp->page;
    double scale = w->dpi / 72.0;
    int pw = (int)(page->width * scale + 0.5), ph = (int)(page->height * scale + 0.5);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    draw_prepared(cr, cp, NULL, NULL, NULL);
    cairo_destroy(cr);
    char *path = bc_strdup_printf("%s/trang-%03d.png", w->png_dir, w->pages + 1);
    bc_outfile *f = NULL;
    bc_error e = BC_ERROR_INIT;
    if (!path) {
        fail(w, BC_E_NOMEM, NULL, NULL);
    } else if (bc_outfile_open(path, &w->hooks, &f, &e) == BC_OK) {
        if (cairo_surface_write_to_png_stream(img, out_write, f) != CAIRO_STATUS_SUCCESS &&
            !bc_outfile_error(f, &e))
            bc_error_set(&e, BC_E_OUTPUT, path, 0, 0, "cairo không ghi được ảnh PNG");
        if (e.status)
            bc_outfile_abort(f);
        else
            bc_outfile_commit(f, &e);
    }
    if (e.status)
        fail(w, e.status, NULL,
             bc_strdup_printf("ảnh xem trước %s: %s", path ? path : "",
                              e.message ? e.message : "lỗi khi ghi"));
    bc_error_clear(&e);
    free(path);
    cairo_surface_destroy(img);
}

/* Shows the page drawn last, if any: its open tag ends first unless the
 * next page goes on with it. */
static void show_last(bc_cairo_writer *w, bool going_on)
{
    if (!w->unshown)
        return;
    if (w->open_tag && !going_on)
        cairo_tag_end(w->cr, w->open_tag);
    if (!going_on)
        w->open_tag = NULL;
    cairo_show_page(w->cr);
    w->unshown = false;
    if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS)
        fail(w, BC_E_OUTPUT, bc_outfile_target(w->out),
             bc_strdup_printf("lỗi khi vẽ trang %d: %s", w->pages,
                              cairo_status_to_string(cairo_status(w->cr))));
}

/* Draws one prepared page into the PDF (and PNG) and frees it. Runs on
 * the worker thread when there is one: it alone touches the surfaces and
 * w's drawing state from then on. */
static int write_page(void *ctx, void *job)
{
    bc_cairo_writer *w = ctx;
    cpage *cp = job;
    const bc_page *page = cp->page;
    if (w->pdf && !w->err.status) {
        tagplan plan = plan_tags(cp, w->open_tag);
        bool going_on = w->open_tag && plan.first && strcmp(plan.first, w->open_tag) == 0;
        show_last(w, going_on);
        cairo_pdf_surface_set_size(w->pdf, page->width, page->height);
        if (page->label)
            cairo_pdf_surface_set_page_label(w->pdf, page->label);
        w->open_tag = draw_prepared(w->cr, cp, &w->tags, &plan, going_on ? w->open_tag : NULL);
        w->unshown = true;
        for (size_t i = 0; i < page->noutline; i++) {
            const bc_outline_entry *o = &page->outline[i];
            int level = o->level < 1 ? 1 : o->level > 7 ? 7 : o->level;
            int parent = level == 1 ? CAIRO_PDF_OUTLINE_ROOT : w->outline_parent[level - 1];
            char *link = bc_strdup_printf("page=%d pos=[0 %.1f]", w->pages + 1, o->y);
            if (!link)
                continue;
            int id = cairo_pdf_surface_add_outline(w->pdf, parent, o->title, link, 0);
            free(link);
            w->outline_parent[level] = id;
            for (int l = level + 1; l < 8; l++)
                w->outline_parent[l] = id;
        }
        for (size_t i = 0; w->sign_fields && i < page->nfields; i++) {
            bc_pdf_field *f = realloc(w->fields, (w->nfields + 1) * sizeof *f);
            if (!f) {
                fail(w, BC_E_NOMEM, NULL, NULL);
                break;
            }
            w->fields = f;
            w->fields[w->nfields++] = (bc_pdf_field){.page = w->pages, .place = page->fields[i]};
        }
        if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS)
            fail(w, BC_E_OUTPUT, bc_outfile_target(w->out),
                 bc_strdup_printf("lỗi khi vẽ trang %d: %s", w->pages + 1,
                                  cairo_status_to_string(cairo_status(w->cr))));
    }
    if (w->png_dir && !w->err.status)
        write_png(w, cp);
    w->pages++;
    cpage_free(cp);
    return w->err.status;
}

static void drop_page(void *ctx, void *job)
{
    (void)ctx;
    cpage_free(job);
}

void bc_cairo_writer_sign_fields(bc_cairo_writer *w)
{
    w->sign_fields = true;
}

/* Pages waiting for the drawing thread: one. With the page it has drawn and
 * not yet shown (show_last) and the one it draws, the layout stays up to two
 * pages ahead; a deeper queue held more pages' display lists (232 B an item)
 * for no measured gain: 4 -> 1 took bao-cao-nam-2023's peak from ~21.1 to
 * ~20.3 MiB, its wall time and a 100 000-row table's unchanged. */
#define DRAW_QUEUE 1

void bc_cairo_writer_use_thread(bc_cairo_writer *w)
{
    if (!w->worker && !w->pages)
        w->worker = bc_worker_start(write_page, drop_page, w, DRAW_QUEUE);
}

bc_status bc_cairo_writer_page(void *ctx, bc_page *page, bc_error *err)
{
    bc_cairo_writer *w = ctx;
    if (w->prep_err.status) {
        bc_page_free(page);
        return bc_error_copy(err, &w->prep_err);
    }
    bc_status st;
    cpage *cp = prepare_page(page, &st, w->pdf ? w : NULL);
    if (!cp) {
        if (st == BC_E_NOMEM)
            bc_nomem(&w->prep_err);
        else
            bc_error_set(&w->prep_err, st, NULL, 0, 0,
                         "cairo không dùng được phông của một đoạn chữ (lỗi nội bộ)");
        return bc_error_copy(err, &w->prep_err);
    }
    w->prep_pages++;
    /* A failed push means the worker has stopped after the job that failed:
     * w->err is settled and is the caller's to read. */
    if (w->worker ? bc_worker_push(w->worker, cp) : write_page(w, cp))
        return bc_error_copy(err, &w->err);
    return BC_OK;
}

bc_status bc_cairo_writer_close(bc_cairo_writer *w, bc_error *err)
{
    if (w->worker) {
        bc_worker_finish(w->worker); /* its error is w->err */
        w->worker = NULL;
    }
    if (!w->err.status && w->prep_err.status)
        bc_error_copy(&w->err, &w->prep_err);
    if (w->cr)
        show_last(w, false);
    bc_status st = bc_error_copy(err, &w->err);
    if (w->cr)
        cairo_destroy(w->cr);
    if (w->pdf) {
        cairo_surface_finish(w->pdf);
        if (!st && bc_scratch_error(w->pdf_file, err))
            st = BC_E_OUTPUT;
        if (!st && cairo_surface_status(w->pdf) != CAIRO_STATUS_SUCCESS)
            st = cairo_surface_status(w->pdf) == CAIRO_STATUS_NO_MEMORY
                     ? bc_nomem(err)
                     : bc_error_set(err, BC_E_OUTPUT, bc_outfile_target(w->out), 0, 0,
                                    "không ghi xong tệp PDF: %s",
                                    cairo_status_to_string(cairo_surface_status(w->pdf)));
        cairo_surface_destroy(w->pdf);
        malloc_trim(0);
        if (!st && (!footnote_links(w) || w->tags.oom))
            st = bc_nomem(err);
        if (!st) {
            bc_pdfa_doc doc = {.meta = &w->meta,
                               .fields = w->fields,
                               .nfields = w->nfields,
                               .lang = "vi-VN",
                               .tagged = true,
                               .elems = w->elems,
                               .nelems = w->nelems,
                               .tags = w->tags.v,
                               .page_tags = w->tags.page_start,
                               .npage_tags = w->tags.npages,
                               .links = w->links,
                               .nlinks = w->nlinks};
            st = bc_pdfa_write(w->pdf_file, &doc, w->out, err);
        }
    }
    /* A failed write says why (disk full ...), whatever cairo made of it. */
    if (w->out && bc_outfile_error(w->out, err))
        st = BC_E_OUTPUT;
    bc_scratch_free(w->pdf_file);
    free_struct(w);
    free_meta(w);
    free(w->fields);
    free(w->png_dir);
    bc_error_clear(&w->err);
    bc_error_clear(&w->prep_err);
    free(w);
    return st;
}

void bc_cairo_writer_abort(bc_cairo_writer *w)
{
    if (!w)
        return;
    bc_worker_cancel(w->worker);
    if (w->cr)
        cairo_destroy(w->cr);
    if (w->pdf) {
        cairo_surface_finish(w->pdf);
        cairo_surface_destroy(w->pdf);
    }
    bc_scratch_free(w->pdf_file);
    free_struct(w);
    free_meta(w);
    free(w->fields);
    free(w->png_dir);
    bc_error_clear(&w->err);
    bc_error_clear(&w->prep_err);
    free(w);
}
