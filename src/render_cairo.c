/* render_cairo.c - display list -> PDF and PNG through cairo. */
#include "render_cairo.h"

#include "outfile.h"
#include "text.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct bc_cairo_writer {
    cairo_surface_t *pdf;
    cairo_t *cr;
    char *png_dir;
    double dpi;
    int pages;
    int outline_parent[8]; /* last outline id per level */
    bc_status status;
    char *message;
};

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

void bc_cairo_draw_page(void *ctx, const bc_page *page)
{
    cairo_t *cr = ctx;
    /* Fills first (backgrounds), then strokes, then all text. */
    for (size_t i = 0; i < page->count; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind == BC_DI_BOX && it->fill) {
            set_rgb(cr, it->rgb);
            cairo_rectangle(cr, it->x, it->y, it->x2 - it->x, it->y2 - it->y);
            cairo_fill(cr);
        }
    }
    draw_strokes(cr, page);
    uint32_t rgb = 0xFFFFFFFF;
    for (size_t i = 0; i < page->count; i++) {
        const bc_ditem *it = &page->items[i];
        if (it->kind != BC_DI_GLYPHS)
            continue;
        if (it->rgb != rgb) {
            set_rgb(cr, it->rgb);
            rgb = it->rgb;
        }
        if (it->angle != 0) {
            cairo_save(cr);
            cairo_translate(cr, it->x, it->y);
            cairo_rotate(cr, -it->angle);
            cairo_move_to(cr, 0, 0);
            pango_cairo_show_glyph_item(cr, it->text, it->glyphs);
            cairo_restore(cr);
        } else {
            cairo_move_to(cr, it->x, it->y);
            pango_cairo_show_glyph_item(cr, it->text, it->glyphs);
        }
    }
}

bc_status bc_cairo_writer_open(const char *pdf_path, const bc_pdf_meta *meta, const char *png_dir,
                               double dpi, bc_cairo_writer **out, bc_error *err)
{
    bc_cairo_writer *w = calloc(1, sizeof *w);
    if (!w)
        return bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
    w->dpi = dpi > 0 ? dpi : 70;
    w->png_dir = bc_strdup(png_dir);
    if (png_dir && bc_mkdirs(png_dir) != 0) {
        bc_error_set(err, BC_E_OUTPUT, png_dir, 0, 0, "không tạo được thư mục ảnh xem trước: %s",
                     bc_errno_vi(errno));
        bc_cairo_writer_abort(w);
        return BC_E_OUTPUT;
    }
    if (pdf_path) {
        w->pdf = cairo_pdf_surface_create(pdf_path, 595.28, 841.89);
        if (cairo_surface_status(w->pdf) != CAIRO_STATUS_SUCCESS) {
            bc_error_set(err, BC_E_OUTPUT, pdf_path, 0, 0, "không tạo được tệp PDF: %s",
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

static void fail(bc_cairo_writer *w, bc_status st, char *msg)
{
    if (!w->status) {
        w->status = st;
        w->message = msg;
    } else {
        free(msg);
    }
}

static void write_png(bc_cairo_writer *w, const bc_page *page)
{
    double scale = w->dpi / 72.0;
    int pw = (int)(page->width * scale + 0.5), ph = (int)(page->height * scale + 0.5);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    bc_cairo_draw_page(cr, page);
    cairo_destroy(cr);
    char *path = bc_strdup_printf("%s/trang-%03d.png", w->png_dir, w->pages + 1);
    if (!path || cairo_surface_write_to_png(img, path) != CAIRO_STATUS_SUCCESS)
        fail(w, BC_E_OUTPUT,
             bc_strdup_printf("không ghi được ảnh xem trước %s (thư mục có tồn tại không?)",
                              path ? path : ""));
    free(path);
    cairo_surface_destroy(img);
}

int bc_cairo_writer_page(void *ctx, bc_page *page)
{
    bc_cairo_writer *w = ctx;
    if (w->pdf && !w->status) {
        cairo_pdf_surface_set_size(w->pdf, page->width, page->height);
        if (page->label)
            cairo_pdf_surface_set_page_label(w->pdf, page->label);
        bc_cairo_draw_page(w->cr, page);
        cairo_show_page(w->cr);
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
        if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS)
            fail(w, BC_E_OUTPUT,
                 bc_strdup_printf("lỗi khi vẽ trang %d: %s", w->pages + 1,
                                  cairo_status_to_string(cairo_status(w->cr))));
    }
    if (w->png_dir && !w->status)
        write_png(w, page);
    w->pages++;
    bc_page_free(page);
    return w->status;
}

bc_status bc_cairo_writer_close(bc_cairo_writer *w, bc_error *err)
{
    bc_status st = w->status;
    if (st)
        bc_error_set(err, st, NULL, 0, 0, "%s", w->message ? w->message : "lỗi khi ghi");
    if (w->cr)
        cairo_destroy(w->cr);
    if (w->pdf) {
        cairo_surface_finish(w->pdf);
        if (!st && cairo_surface_status(w->pdf) != CAIRO_STATUS_SUCCESS)
            st = bc_error_set(err, BC_E_OUTPUT, NULL, 0, 0, "không ghi xong tệp PDF: %s",
                              cairo_status_to_string(cairo_surface_status(w->pdf)));
        cairo_surface_destroy(w->pdf);
    }
    free(w->png_dir);
    free(w->message);
    free(w);
    return st;
}

void bc_cairo_writer_abort(bc_cairo_writer *w)
{
    if (!w)
        return;
    if (w->cr)
        cairo_destroy(w->cr);
    if (w->pdf) {
        cairo_surface_finish(w->pdf);
        cairo_surface_destroy(w->pdf);
    }
    free(w->png_dir);
    free(w->message);
    free(w);
}
