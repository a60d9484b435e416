/* fc_default_unused (baocao.h): a library user gets the baocao command's
 * start-up without any process-wide call. Pango 1.50 loads fontconfig's
 * default configuration (the system's XML files) when a process makes its
 * first font map; with the option set, a render does not load it, and a
 * program that draws text with the system's fonts after the render still
 * gets them (the default configuration loaded then, as always).
 *
 * Each case runs in a child process of this program with FC_DEBUG=1024
 * (fontconfig prints "Loading config file ..." for every file of the
 * system configuration it parses) and its stdout read here: the case
 * without the option shows the loading during the render, so the check can
 * fail. Uses baocao.h and Pango/cairo only. */
#define _POSIX_C_SOURCE 200809L
#include <baocao.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static const char REPORT[] = "co-quan: [SỞ NỘI VỤ]\n"
                             "so: 1\n"
                             "ky-hieu: BC-SNV\n"
                             "dia-danh: Khánh Hòa\n"
                             "ngay: 2024-01-05\n"
                             "trich-yeu: Thử\n"
                             "noi-dung: a.md\n"
                             "kiem-tra-chinh-ta: khong\n"
                             "noi-nhan: [\"Lưu: VT.\"]\n"
                             "ky: {tham-quyen: [GIÁM ĐỐC], ho-ten: Nguyễn Văn A}\n";
static const char BODY[] = "Một đoạn.\n";
static const char MARK[] = "-- render done --\n";

/* The child: one render (fc_default_unused as asked), the marker, then
 * text drawn with the system's fonts through Pango's default font map. */
static int child(bool unused)
{
    bc_memfile files[] = {{"report.yaml", REPORT, sizeof REPORT - 1},
                          {"a.md", BODY, sizeof BODY - 1}};
    bc_buffer pdf = BC_BUFFER_INIT;
    bc_render_opts o = BC_RENDER_OPTS_INIT;
    o.files = files;
    o.nfiles = 2;
    o.pdf_write = bc_buffer_write;
    o.pdf_write_ctx = &pdf;
    o.shipped_fonts_only = true;
    o.fc_default_unused = unused;
    bc_render_result res = {0};
    bc_diags d = BC_DIAGS_INIT;
    bc_error e = BC_ERROR_INIT;
    bc_status st = bc_render_report("report.yaml", &o, &res, &d, &e);
    printf("render %d pages %d bytes %zu\n", (int)st, res.pages, pdf.len);
    printf("%s", MARK);
    bc_error_clear(&e);
    bc_diags_free(&d);
    bc_buffer_free(&pdf);

    /* the program's own text, system fonts */
    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoFontDescription *desc = pango_font_description_from_string("Sans 20");
    PangoFont *font = pango_font_map_load_font(map, ctx, desc);
    FcChar8 *file = NULL;
    if (font && PANGO_IS_FC_FONT(font)) {
        FcPattern *p = NULL;
        g_object_get(font, "pattern", &p, NULL);
        if (p && FcPatternGetString(p, FC_FILE, 0, &file) == FcResultMatch)
            printf("system font %s\n", (const char *)file);
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 200, 60);
    cairo_t *cr = cairo_create(s);
    PangoLayout *lay = pango_cairo_create_layout(cr);
    pango_layout_set_font_description(lay, desc);
    pango_layout_set_text(lay, "Hello", -1);
    pango_cairo_show_layout(cr, lay);
    cairo_surface_flush(s);
    long ink = 0;
    const unsigned char *px = cairo_image_surface_get_data(s);
    for (int y = 0; y < 60; y++)
        for (int x = 0; x < 200; x++)
            ink += px[y * cairo_image_surface_get_stride(s) + x] != 0;
    printf("ink %ld\n", ink);
    g_object_unref(lay);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (font)
        g_object_unref(font);
    pango_font_description_free(desc);
    g_object_unref(ctx);
    g_object_unref(map);
    fflush(stdout);
    return 0;
}

/* The child's whole stdout (caller frees), or NULL. */
static char *run_child(const char *self, const char *mode)
{
    char *cmd = malloc(strlen(self) + strlen(mode) + 16);
    if (!cmd)
        return NULL;
    sprintf(cmd, "'%s' %s", self, mode);
    setenv("FC_DEBUG", "1024", 1);
    FILE *p = popen(cmd, "r");
    free(cmd);
    if (!p)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    size_t n;
    while (out && (n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 1024) {
            char *grown = realloc(out, cap *= 2);
            if (!grown) {
                free(out);
                out = NULL;
            }
            out = grown;
        }
    }
    int rc = pclose(p);
    if (out)
        out[len] = '\0';
    if (rc != 0) {
        fprintf(stderr, "child %s: status %d\n%s", mode, rc, out ? out : "");
        free(out);
        return NULL;
    }
    return out;
}

int main(int argc, char **argv)
{
    if (argc == 2)
        return child(!strcmp(argv[1], "unused"));
    const char *self = "/proc/self/exe";
    char path[4096];
    ssize_t n = readlink(self, path, sizeof path - 1);
    CHECK(n > 0);
    if (n <= 0)
        return check_report();
    path[n] = '\0';

    /* With the option: nothing of the system's configuration is loaded
     * during the render; after it, the program's own text finds a system
     * font (the default configuration loaded then) and draws it. */
    char *out = run_child(path, "unused");
    CHECK(out != NULL);
    if (out) {
        char *mark = strstr(out, MARK);
        CHECK(mark != NULL);
        CHECK(!strncmp(out, "render 0 pages 1 ", 17) || strstr(out, "\nrender 0 pages 1 "));
        if (mark) {
            *mark = '\0';
            CHECK(strstr(out, "Loading config file from /") == NULL);
            const char *after = mark + sizeof MARK - 1;
            CHECK(strstr(after, "Loading config file from /") != NULL);
            const char *sys = strstr(after, "system font /");
            CHECK(sys != NULL);
            /* not one of baocao's own fonts: the program's configuration
             * is the system's */
            CHECK(sys && !strstr(sys, "LiberationSerif-"));
            const char *ink = strstr(after, "ink ");
            CHECK(ink && atol(ink + 4) > 20);
        }
        free(out);
    }

    /* Without it (the control): Pango loads the system's configuration
     * while the render runs; the PDF is the same size either way. */
    out = run_child(path, "default");
    CHECK(out != NULL);
    if (out) {
        char *mark = strstr(out, MARK);
        CHECK(mark != NULL);
        CHECK(!strncmp(out, "render 0 pages 1 ", 17) || strstr(out, "\nrender 0 pages 1 "));
        if (mark) {
            *mark = '\0';
            CHECK(strstr(out, "Loading config file from /") != NULL);
        }
        free(out);
    }
    return check_report();
}
