/* sigappear.c - signature appearances: images and outlined text. */
#include "sigappear.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static bool deflate_into(bc_buf *out, const unsigned char *data, size_t len)
{
    uLongf cap = compressBound((uLong)len);
    unsigned char *z = malloc(cap);
    if (!z)
        return false;
    bool ok = compress2(z, &cap, data, (uLong)len, Z_BEST_COMPRESSION) == Z_OK;
    if (ok)
        bc_buf_append(out, (const char *)z, cap);
    free(z);
    return ok && !out->oom;
}

bc_status bc_sig_image_load(const char *path, bc_sig_image *img, bc_error *err)
{
    memset(img, 0, sizeof *img);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return bc_error_set(err, BC_E_INPUT, path, 0, 0,
                            "không đọc được ảnh PNG (cần ảnh PNG nền trong suốt)");
    }
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    size_t n = (size_t)w * (size_t)h;
    unsigned char *rgb = malloc(n * 3 + 1), *alpha = malloc(n + 1);
    bool ok = rgb && alpha && w > 0 && h > 0;
    for (int y = 0; ok && y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x];
            unsigned a = fmt == CAIRO_FORMAT_ARGB32 ? v >> 24 : 255;
            unsigned c[3] = {(v >> 16) & 255, (v >> 8) & 255, v & 255};
            size_t i = (size_t)y * (size_t)w + (size_t)x;
            for (int k = 0; k < 3; k++) /* cairo stores premultiplied colour */
                rgb[i * 3 + (size_t)k] = (unsigned char)(a ? (c[k] * 255 + a / 2) / a : 0);
            alpha[i] = (unsigned char)a;
        }
    }
    if (ok) {
        img->width = w;
        img->height = h;
        ok = deflate_into(&img->rgb, rgb, n * 3) && deflate_into(&img->alpha, alpha, n);
    }
    free(rgb);
    free(alpha);
    cairo_surface_destroy(s);
    if (!ok) {
        bc_sig_image_free(img);
        return bc_nomem(err);
    }
    return BC_OK;
}

void bc_sig_image_free(bc_sig_image *img)
{
    if (!img)
        return;
    bc_buf_free(&img->rgb);
    bc_buf_free(&img->alpha);
    memset(img, 0, sizeof *img);
}

/* The outlines of the text as PDF path operators, flipped into the field's
 * bottom-up coordinates. */
static bool text_path(PangoContext *ctx, const PangoFontDescription *font, const char *text,
                      double w, double h, double lift, bc_buf *ops)
{
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rec);
    PangoLayout *l = pango_layout_new(ctx);
    pango_layout_set_font_description(l, font);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text, -1);
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    double th = (double)logical.height / PANGO_SCALE;
    cairo_move_to(cr, 0, lift >= 0 ? h - th - lift : (h - th) / 2);
    pango_cairo_layout_path(cr, l);
    cairo_path_t *p = cairo_copy_path(cr);
    bool ok = p && p->status == CAIRO_STATUS_SUCCESS;
    for (int i = 0; ok && i < p->num_data; i += p->data[i].header.length) {
        const cairo_path_data_t *d = &p->data[i];
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
            bc_buf_printf(ops, "%.3f %.3f m\n", d[1].point.x, h - d[1].point.y);
            break;
        case CAIRO_PATH_LINE_TO:
            bc_buf_printf(ops, "%.3f %.3f l\n", d[1].point.x, h - d[1].point.y);
            break;
        case CAIRO_PATH_CURVE_TO:
            bc_buf_printf(ops, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", d[1].point.x,
                          h - d[1].point.y, d[2].point.x, h - d[2].point.y, d[3].point.x,
                          h - d[3].point.y);
            break;
        case CAIRO_PATH_CLOSE_PATH:
            bc_buf_puts(ops, "h\n");
            break;
        }
    }
    if (ok && p->num_data)
        bc_buf_puts(ops, "0 g f\n");
    if (p)
        cairo_path_destroy(p);
    g_object_unref(l);
    cairo_destroy(cr);
    cairo_surface_destroy(rec);
    return ok && !ops->oom;
}

bc_status bc_sigappear_content(PangoContext *ctx, const PangoFontDescription *font,
                               const bc_sig_image *img, const char *text, double w, double h,
                               double lift, bc_buf *ops, bc_error *err)
{
    if (img && img->width > 0 && img->height > 0) {
        double s = w / img->width < h / img->height ? w / img->width : h / img->height;
        double iw = img->width * s, ih = img->height * s;
        bc_buf_printf(ops, "q %.3f 0 0 %.3f %.3f %.3f cm /Im0 Do Q\n", iw, ih, (w - iw) / 2,
                      (h - ih) / 2);
    }
    if (text && *text && !text_path(ctx, font, text, w, h, lift, ops))
        return bc_nomem(err);
    return ops->oom ? bc_nomem(err) : BC_OK;
}
