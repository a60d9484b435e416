/* test_fontcheck.c - the TrueType checks run before libharu reads a font
 * (issue 19 part 4): the shipped fonts pass; copies damaged in each way
 * libharu would trust are refused with a message naming the file and the
 * table. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "error.h"
#include "fontcheck.h"
#include "text.h"

static unsigned char *font;
static size_t font_len;

static unsigned rd16(const unsigned char *d, size_t o) { return (unsigned)(d[o] << 8 | d[o + 1]); }
static uint32_t rd32(const unsigned char *d, size_t o)
{
    return (uint32_t)d[o] << 24 | (uint32_t)d[o + 1] << 16 | (uint32_t)d[o + 2] << 8 | d[o + 3];
}
static void wr16(unsigned char *d, size_t o, unsigned v)
{
    d[o] = (unsigned char)(v >> 8);
    d[o + 1] = (unsigned char)v;
}
static void wr32(unsigned char *d, size_t o, uint32_t v)
{
    wr16(d, o, v >> 16);
    wr16(d, o + 2, v & 0xFFFF);
}

/* Directory record of tag (offset of the 16-byte entry). */
static size_t entry(const unsigned char *d, const char *tag)
{
    for (unsigned i = 0; i < rd16(d, 4); i++)
        if (!memcmp(d + 12 + 16 * i, tag, 4))
            return 12 + 16 * (size_t)i;
    return 0;
}
static size_t tbl(const unsigned char *d, const char *tag) { return rd32(d, entry(d, tag) + 8); }

/* Checks a damaged copy: refused with BC_E_FONT, the file named and want
 * in the message. */
static void refused(unsigned char *d, size_t n, const char *want)
{
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_fontcheck_mem(d, n, "hong.ttf", &err);
    CHECK(st == BC_E_FONT);
    CHECK(err.file && !strcmp(err.file, "hong.ttf"));
    if (!(err.message && strstr(err.message, want)))
        fprintf(stderr, "  message: %s\n  want: %s\n", err.message ? err.message : "(none)",
                want);
    CHECK(err.message && strstr(err.message, want));
    bc_error_clear(&err);
    free(d);
}

static unsigned char *copy(void)
{
    unsigned char *d = malloc(font_len);
    memcpy(d, font, font_len);
    return d;
}

int main(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    static const char *const styles[] = {"Regular", "Bold", "Italic", "BoldItalic"};
    for (int i = 0; i < 4; i++) {
        char *p = bc_strdup_printf("%s/fonts/LiberationSerif-%s.ttf", src ? src : "..",
                                   styles[i]);
        bc_error err = BC_ERROR_INIT;
        CHECK(bc_fontcheck_file(p, &err) == BC_OK);
        bc_error_clear(&err);
        free(p);
    }
    char *path = bc_strdup_printf("%s/fonts/LiberationSerif-Regular.ttf", src ? src : "..");
    bc_error err = BC_ERROR_INIT;
    char *data = NULL;
    CHECK(bc_file_read(path, &data, &font_len, &err) == BC_OK);
    free(path);
    if (!data)
        return check_report();
    font = (unsigned char *)data;
    unsigned nglyphs = rd16(font, tbl(font, "maxp") + 4);

    /* The crash of issue 19: more long metrics than glyphs. */
    unsigned char *d = copy();
    wr16(d, tbl(d, "hhea") + 34, nglyphs + 3000);
    refused(d, font_len, "numberOfHMetrics lớn hơn số hình chữ");

    /* hmtx shorter than the metrics it must hold. */
    d = copy();
    wr32(d, entry(d, "hmtx") + 12, 4 * rd16(d, tbl(d, "hhea") + 34) - 4);
    refused(d, font_len, "bảng hmtx ngắn hơn");

    /* Truncated: the directory points past the end. */
    refused(copy(), font_len / 2, "nằm ngoài tệp");
    refused(copy(), 20, "danh mục bảng vượt quá độ dài tệp");
    refused(copy(), 4, "tệp quá ngắn");

    /* A table offset beyond the file. */
    d = copy();
    wr32(d, entry(d, "glyf") + 8, (uint32_t)font_len - 2);
    refused(d, font_len, "nằm ngoài tệp");

    /* Short loca format claimed for a long loca (or the reverse). */
    d = copy();
    size_t head = tbl(d, "head");
    wr16(d, head + 50, rd16(d, head + 50) ? 0 : 1);
    refused(d, font_len, "bảng loca");

    /* numGlyphs larger than loca holds. */
    d = copy();
    wr16(d, tbl(d, "maxp") + 4, nglyphs + 5000);
    refused(d, font_len, "");

    /* A loca entry pointing past glyf. */
    d = copy();
    {
        size_t loca = tbl(d, "loca");
        bool lng = rd16(d, tbl(d, "head") + 50) != 0;
        uint32_t glen = rd32(d, entry(d, "glyf") + 12);
        if (lng)
            wr32(d, loca + 4 * (size_t)nglyphs, glen + 64);
        else
            wr16(d, loca + 2 * (size_t)nglyphs, (glen + 64) / 2);
    }
    refused(d, font_len, "bảng loca trỏ ra ngoài bảng glyf");

    /* A cmap subtable offset outside cmap. */
    d = copy();
    wr32(d, tbl(d, "cmap") + 8, 0x7FFFFFF0);
    refused(d, font_len, "bảng cmap: bảng con nằm ngoài bảng cmap");

    /* Format 4 segments longer than their subtable. */
    d = copy();
    {
        size_t cm = tbl(d, "cmap");
        for (unsigned i = 0; i < rd16(d, cm + 2); i++) {
            size_t s = cm + rd32(d, cm + 8 + 8 * i);
            if (rd16(d, s) == 4)
                wr16(d, s + 6, 0xFFFE);
        }
    }
    refused(d, font_len, "bảng cmap");

    /* A name record past the name table. */
    d = copy();
    wr16(d, tbl(d, "name") + 6 + 10, 0xFFF0);
    refused(d, font_len, "bảng name: một tên nằm ngoài bảng");

    /* A missing required table (tag renamed). */
    d = copy();
    memcpy(d + entry(d, "post"), "xxxx", 4);
    refused(d, font_len, "thiếu bảng post");

    /* Not TrueType at all. */
    d = copy();
    memcpy(d, "OTTO", 4);
    refused(d, font_len, "OpenType dạng CFF");

    free(font);
    return check_report();
}
