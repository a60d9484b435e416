/* fuzz_fontcheck.c - libFuzzer target for src/layout/fontcheck.c.
 *
 * Any input is checked as a TrueType file; the check must not read outside
 * the input (ASan). When it accepts the input, libharu - which trusts every
 * table the check covers - must load it, measure and show text with it and
 * write a PDF to memory without a memory error: that is the claim the check
 * makes (render_hpdf.c hands libharu only fonts it accepted). Seeds:
 * tests/fuzz/corpus/fuzz_fontcheck (a minimal valid font, and the first
 * 3000 bytes of shipped fonts). Build: cmake -DBAOCAO_FUZZ=ON with clang. */
#include <hpdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "error.h"
#include "fontcheck.h"

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    (void)e;
    (void)detail;
    (void)user;
}

static void with_libharu(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/fuzz-fontcheck-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return;
    }
    size_t w = fwrite(data, 1, size, f);
    fclose(f);
    if (w == size) {
        HPDF_Doc pdf = HPDF_New(on_error, NULL);
        if (pdf) {
            HPDF_UseUTFEncodings(pdf);
            const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
            HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
            if (font) {
                static const char text[] = "AB ab Việt Nam đ ễ ờ";
                HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, sizeof text - 1);
                HPDF_Page page = HPDF_AddPage(pdf);
                if (page) {
                    HPDF_Page_BeginText(page);
                    HPDF_Page_SetFontAndSize(page, font, 12);
                    HPDF_Page_ShowText(page, text);
                    HPDF_Page_EndText(page);
                }
                HPDF_SaveToStream(pdf);
            }
            HPDF_Free(pdf);
        }
    }
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_fontcheck_mem(data, size, "fuzz.ttf", &err);
    if (st != BC_OK && (st != BC_E_FONT || !err.message || !err.file))
        abort();
    bc_error_clear(&err);
    if (st == BC_OK)
        with_libharu(data, size);
    return 0;
}
