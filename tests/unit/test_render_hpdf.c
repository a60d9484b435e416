/* test_render_hpdf.c - the libharu composite-glyph check: refuses DejaVu
 * Serif (nested composite accents, libharu 2.3.0 drops them), accepts
 * Liberation Serif 2.1 (shipped in fonts/). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "render_hpdf.h"

static const char *const DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";

int main(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    char lib[4096];
    snprintf(lib, sizeof lib, "%s/fonts/LiberationSerif-Regular.ttf", src ? src : "..");
    const char *text = "Nguyễn Văn Ẩn, Ở, ẫ, Ễ, Ỗ, ặ, ự: cải cách hành chính";

    bc_error err = BC_ERROR_INIT;
    CHECK(bc_hpdf_check_font(lib, "Liberation Serif", text, &err) == BC_OK);
    bc_error_clear(&err);
    for (int style = 0; style < 4; style++) {
        static const char *const names[] = {"Regular", "Bold", "Italic", "BoldItalic"};
        char p[4096];
        snprintf(p, sizeof p, "%s/fonts/LiberationSerif-%s.ttf", src ? src : "..", names[style]);
        CHECK(bc_hpdf_check_font(p, "Liberation Serif", text, &err) == BC_OK);
        bc_error_clear(&err);
    }

    /* DejaVu Serif must be installed (fonts-dejavu-core): a missing font
     * fails the test rather than skipping it. */
    CHECK(access(DEJAVU, R_OK) == 0);
    CHECK(bc_hpdf_check_font(DEJAVU, "DejaVu Serif", text, &err) == BC_E_FONT);
    CHECK(err.message && strstr(err.message, "DejaVu Serif") != NULL);
    /* The first offending character of the text is named: "ễ" of Nguyễn. */
    CHECK(err.message && strstr(err.message, "'ễ' (U+1EC5)") != NULL);
    bc_error_clear(&err);
    /* Plain ASCII is fine even in DejaVu: the check looks at used glyphs. */
    CHECK(bc_hpdf_check_font(DEJAVU, "DejaVu Serif", "Hello, world", &err) == BC_OK);
    bc_error_clear(&err);
    /* Not a font: an error, not a crash. */
    CHECK(bc_hpdf_check_font("/etc/hostname", NULL, text, &err) != BC_OK);
    bc_error_clear(&err);
    CHECK(bc_hpdf_check_font("/nonexistent.ttf", NULL, text, &err) != BC_OK);
    bc_error_clear(&err);
    return check_report();
}
