/* render_hpdf.c - display list -> PDF through libharu (see render_hpdf.h). */
#include "render_hpdf.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_namedict.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stddef.h>
#include <pango/pangofc-font.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "fontcheck.h"
#include "pdfa.h"
#include "strbuf.h"
#include "text.h"

#define SEG_EPS 0.03  /* pt: drift allowed before a new text-show operator */
#define MAX_FONTS 16

/* ---- TrueType glyph table ----------------------------------------------------- */

typedef struct ttf {
    unsigned char *d;
    size_t n;
    size_t glyf, glyf_len, loca, loca_len;
    bool long_loca;
    unsigned nglyphs;
    size_t cmap;          /* chosen subtable */
    unsigned cmap_fmt;    /* 4 or 12, 0 = none */
} ttf;

static unsigned u16(const ttf *t, size_t o)
{
    return o + 2 <= t->n ? (unsigned)(t->d[o] << 8 | t->d[o + 1]) : 0;
}

static uint32_t u32(const ttf *t, size_t o)
{
    return o + 4 <= t->n ? (uint32_t)t->d[o] << 24 | (uint32_t)t->d[o + 1] << 16 |
                               (uint32_t)t->d[o + 2] << 8 | t->d[o + 3]
                         : 0;
}

static size_t ttf_table(const ttf *t, const char *tag, size_t *len)
{
    unsigned count = u16(t, 4);
    for (unsigned i = 0; i < count; i++) {
        size_t r = 12 + 16 * (size_t)i;
        if (r + 16 <= t->n && !memcmp(t->d + r, tag, 4)) {
            size_t off = u32(t, r + 8), l = u32(t, r + 12);
            if (off > t->n || l > t->n - off)
                return 0;
            *len = l;
            return off;
        }
    }
    *len = 0;
    return 0;
}

static void ttf_close(ttf *t)
{
    free(t->d);
    memset(t, 0, sizeof *t);
}

static bc_status ttf_open(const char *path, ttf *t, bc_error *err)
{
    memset(t, 0, sizeof *t);
    char *data = NULL;
    size_t len = 0;
    bc_status st = bc_file_read(path, &data, &len, err);
    if (st)
        return st;
    t->d = (unsigned char *)data;
    t->n = len;
    /* Everything below, and libharu, trusts these tables: check them first. */
    if ((st = bc_fontcheck_mem(t->d, t->n, path, err))) {
        ttf_close(t);
        return st;
    }
    size_t hl, ml, cl;
    size_t head = ttf_table(t, "head", &hl), maxp = ttf_table(t, "maxp", &ml);
    size_t cmap = ttf_table(t, "cmap", &cl);
    t->glyf = ttf_table(t, "glyf", &t->glyf_len);
    t->loca = ttf_table(t, "loca", &t->loca_len);
    if (!head || hl < 54 || !maxp || ml < 6 || !t->glyf || !t->loca || !cmap) {
        ttf_close(t);
        return bc_error_set(err, BC_E_FONT, path, 0, 0,
                            "không đọc được phông: không phải phông TrueType có bảng glyf "
                            "(libharu chỉ dùng được phông TrueType)");
    }
    t->long_loca = u16(t, head + 50) != 0;
    t->nglyphs = u16(t, maxp + 4);
    /* Unicode cmap: format 12 preferred, else format 4. */
    unsigned nsub = u16(t, cmap + 2);
    for (unsigned i = 0; i < nsub; i++) {
        unsigned pid = u16(t, cmap + 4 + 8 * (size_t)i), eid = u16(t, cmap + 6 + 8 * (size_t)i);
        size_t sub = cmap + u32(t, cmap + 8 + 8 * (size_t)i);
        unsigned fmt = u16(t, sub);
        bool unicode = pid == 0 || (pid == 3 && (eid == 1 || eid == 10));
        if (!unicode)
            continue;
        if (fmt == 12 && t->cmap_fmt != 12) {
            t->cmap = sub;
            t->cmap_fmt = 12;
        } else if (fmt == 4 && !t->cmap_fmt) {
            t->cmap = sub;
            t->cmap_fmt = 4;
        }
    }
    return BC_OK;
}

static unsigned ttf_gid(const ttf *t, uint32_t cp)
{
    size_t s = t->cmap;
    if (t->cmap_fmt == 12) {
        uint32_t ng = u32(t, s + 12);
        for (uint32_t i = 0; i < ng; i++) {
            uint32_t a = u32(t, s + 16 + 12 * (size_t)i), b = u32(t, s + 20 + 12 * (size_t)i);
            if (cp >= a && cp <= b)
                return u32(t, s + 24 + 12 * (size_t)i) + (cp - a);
        }
        return 0;
    }
    if (t->cmap_fmt == 4 && cp <= 0xFFFF) {
        unsigned segs = u16(t, s + 6) / 2;
        size_t ends = s + 14, starts = ends + 2 * (size_t)segs + 2;
        size_t deltas = starts + 2 * (size_t)segs, ranges = deltas + 2 * (size_t)segs;
        for (unsigned i = 0; i < segs; i++) {
            unsigned e = u16(t, ends + 2 * (size_t)i);
            if (cp > e)
                continue;
            unsigned a = u16(t, starts + 2 * (size_t)i);
            if (cp < a)
                return 0;
            unsigned delta = u16(t, deltas + 2 * (size_t)i), ro = u16(t, ranges + 2 * (size_t)i);
            if (!ro)
                return (cp + delta) & 0xFFFF;
            unsigned g = u16(t, ranges + 2 * (size_t)i + ro + 2 * (cp - a));
            return g ? (g + delta) & 0xFFFF : 0;
        }
    }
    return 0;
}

/* Offset and length of a glyph's data; false for an empty glyph. */
static bool ttf_glyph(const ttf *t, unsigned gid, size_t *off, size_t *len)
{
    if (gid >= t->nglyphs)
        return false;
    size_t a, b;
    if (t->long_loca) {
        if (4 * (size_t)gid + 8 > t->loca_len)
            return false;
        a = u32(t, t->loca + 4 * (size_t)gid);
        b = u32(t, t->loca + 4 * (size_t)gid + 4);
    } else {
        if (2 * (size_t)gid + 4 > t->loca_len)
            return false;
        a = 2 * (size_t)u16(t, t->loca + 2 * (size_t)gid);
        b = 2 * (size_t)u16(t, t->loca + 2 * (size_t)gid + 2);
    }
    if (b <= a || b > t->glyf_len)
        return false;
    *off = t->glyf + a;
    *len = b - a;
    return true;
}

static bool ttf_composite(const ttf *t, unsigned gid, size_t *off, size_t *len)
{
    return ttf_glyph(t, gid, off, len) && *len >= 10 && (int16_t)u16(t, *off) < 0;
}

/* True when gid is a composite glyph one of whose components is itself a
 * composite glyph (libharu 2.3.0 drops the inner components). */
static bool ttf_nested(const ttf *t, unsigned gid)
{
    size_t off, len;
    if (!ttf_composite(t, gid, &off, &len))
        return false;
    size_t p = off + 10, end = off + len;
    for (int k = 0; k < 256 && p + 4 <= end; k++) {
        unsigned flags = u16(t, p), comp = u16(t, p + 2);
        size_t co, cl;
        if (ttf_composite(t, comp, &co, &cl))
            return true;
        p += 4 + ((flags & 1) ? 4 : 2);
        if (flags & 8)
            p += 2;
        else if (flags & 64)
            p += 4;
        else if (flags & 128)
            p += 8;
        if (!(flags & 32))
            break;
    }
    return false;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bc_status refuse(const char *family, const char *path, int32_t cp, bc_error *err)
{
    char enc[5] = {0};
    bc_utf8_encode(cp, enc);
    return bc_error_set(err, BC_E_FONT, NULL, 0, 0,
                        "phông %s (%s) không dùng được với bộ ghi libharu 2.3.0: chữ '%s' "
                        "(U+%04X) là glyph ghép từ glyph ghép khác, libharu sẽ làm mất dấu "
                        "(\"Nguyễn\" in thành \"Nguyen\"); hãy dùng phông Liberation Serif 2.1 "
                        "hoặc Times New Roman, hoặc in bằng cairo",
                        family ? family : base_name(path), base_name(path), enc, (unsigned)cp);
}

bc_status bc_hpdf_check_font(const char *ttf_path, const char *family, const char *text,
                             bc_error *err)
{
    ttf t;
    bc_status st = ttf_open(ttf_path, &t, err);
    if (st)
        return st;
    uint8_t *seen = calloc(0x10000 / 8, 1);
    if (!seen) {
        ttf_close(&t);
        return bc_nomem(err);
    }
    for (const char *p = text ? text : ""; *p && !st;) {
        int32_t cp;
        p += bc_utf8_decode(p, &cp);
        if (cp < 0x10000) {
            if (seen[cp >> 3] & (1u << (cp & 7)))
                continue;
            seen[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        }
        unsigned gid = ttf_gid(&t, (uint32_t)cp);
        if (gid && ttf_nested(&t, gid))
            st = refuse(family, ttf_path, cp, err);
    }
    free(seen);
    ttf_close(&t);
    return st;
}

/* ---- the writer --------------------------------------------------------------------- */

/* libharu's functions, opened when a draft writer starts (dynlib.h): a
 * render of an official copy does not load libhpdf. */
typedef struct hpdf_api {
    __typeof__(HPDF_AddPage) *AddPage;
    __typeof__(HPDF_AddPageLabel) *AddPageLabel;
    __typeof__(HPDF_Annot_SetRGBColor) *Annot_SetRGBColor;
    __typeof__(HPDF_Array_Add) *Array_Add;
    __typeof__(HPDF_Box_Array_New) *Box_Array_New;
    __typeof__(HPDF_Catalog_GetNames) *Catalog_GetNames;
    __typeof__(HPDF_Catalog_SetNames) *Catalog_SetNames;
    __typeof__(HPDF_CreateOutline) *CreateOutline;
    __typeof__(HPDF_Destination_SetFitH) *Destination_SetFitH;
    __typeof__(HPDF_DictStream_New) *DictStream_New;
    __typeof__(HPDF_Dict_Add) *Dict_Add;
    __typeof__(HPDF_Dict_AddName) *Dict_AddName;
    __typeof__(HPDF_Dict_AddNumber) *Dict_AddNumber;
    __typeof__(HPDF_Dict_GetItem) *Dict_GetItem;
    __typeof__(HPDF_Dict_New) *Dict_New;
    __typeof__(HPDF_Font_TextWidth) *Font_TextWidth;
    __typeof__(HPDF_Free) *Free;
    __typeof__(HPDF_GetEncoder) *GetEncoder;
    __typeof__(HPDF_GetFont) *GetFont;
    __typeof__(HPDF_GetVersion) *GetVersion;
    __typeof__(HPDF_LoadTTFontFromFile) *LoadTTFontFromFile;
    __typeof__(HPDF_MemStream_FreeData) *MemStream_FreeData;
    __typeof__(HPDF_NameDict_GetNameTree) *NameDict_GetNameTree;
    __typeof__(HPDF_NameDict_New) *NameDict_New;
    __typeof__(HPDF_NameDict_SetNameTree) *NameDict_SetNameTree;
    __typeof__(HPDF_NameTree_New) *NameTree_New;
    __typeof__(HPDF_New) *New;
    __typeof__(HPDF_Outline_SetDestination) *Outline_SetDestination;
    __typeof__(HPDF_Page_BeginText) *Page_BeginText;
    __typeof__(HPDF_Page_Concat) *Page_Concat;
    __typeof__(HPDF_Page_CreateDestination) *Page_CreateDestination;
    __typeof__(HPDF_Page_CreateTextAnnot) *Page_CreateTextAnnot;
    __typeof__(HPDF_Page_CurveTo) *Page_CurveTo;
    __typeof__(HPDF_Page_EndText) *Page_EndText;
    __typeof__(HPDF_Page_Eofill) *Page_Eofill;
    __typeof__(HPDF_Page_Fill) *Page_Fill;
    __typeof__(HPDF_Page_GRestore) *Page_GRestore;
    __typeof__(HPDF_Page_GSave) *Page_GSave;
    __typeof__(HPDF_Page_LineTo) *Page_LineTo;
    __typeof__(HPDF_Page_MoveTo) *Page_MoveTo;
    __typeof__(HPDF_Page_Rectangle) *Page_Rectangle;
    __typeof__(HPDF_Page_SetFontAndSize) *Page_SetFontAndSize;
    __typeof__(HPDF_Page_SetHeight) *Page_SetHeight;
    __typeof__(HPDF_Page_SetLineWidth) *Page_SetLineWidth;
    __typeof__(HPDF_Page_SetRGBFill) *Page_SetRGBFill;
    __typeof__(HPDF_Page_SetRGBStroke) *Page_SetRGBStroke;
    __typeof__(HPDF_Page_SetTextMatrix) *Page_SetTextMatrix;
    __typeof__(HPDF_Page_SetWidth) *Page_SetWidth;
    __typeof__(HPDF_Page_ShowText) *Page_ShowText;
    __typeof__(HPDF_Page_Stroke) *Page_Stroke;
    __typeof__(HPDF_ReadFromStream) *ReadFromStream;
    __typeof__(HPDF_ResetStream) *ResetStream;
    __typeof__(HPDF_SaveToStream) *SaveToStream;
    __typeof__(HPDF_SetCompressionMode) *SetCompressionMode;
    __typeof__(HPDF_SetCurrentEncoder) *SetCurrentEncoder;
    __typeof__(HPDF_SetInfoAttr) *SetInfoAttr;
    __typeof__(HPDF_SetInfoDateAttr) *SetInfoDateAttr;
    __typeof__(HPDF_Stream_Write) *Stream_Write;
    __typeof__(HPDF_Stream_WriteStr) *Stream_WriteStr;
    __typeof__(HPDF_String_New) *String_New;
    __typeof__(HPDF_TextAnnot_SetIcon) *TextAnnot_SetIcon;
    __typeof__(HPDF_TextAnnot_SetOpened) *TextAnnot_SetOpened;
    __typeof__(HPDF_UseUTFEncodings) *UseUTFEncodings;
    __typeof__(HPDF_Xref_Add) *Xref_Add;
} hpdf_api;

#define HPDF_SYM(f) {"HPDF_" #f, offsetof(hpdf_api, f)}
static const bc_dynsym HPDF_SYMS[] = {
    HPDF_SYM(AddPage),
    HPDF_SYM(AddPageLabel),
    HPDF_SYM(Annot_SetRGBColor),
    HPDF_SYM(Array_Add),
    HPDF_SYM(Box_Array_New),
    HPDF_SYM(Catalog_GetNames),
    HPDF_SYM(Catalog_SetNames),
    HPDF_SYM(CreateOutline),
    HPDF_SYM(Destination_SetFitH),
    HPDF_SYM(DictStream_New),
    HPDF_SYM(Dict_Add),
    HPDF_SYM(Dict_AddName),
    HPDF_SYM(Dict_AddNumber),
    HPDF_SYM(Dict_GetItem),
    HPDF_SYM(Dict_New),
    HPDF_SYM(Font_TextWidth),
    HPDF_SYM(Free),
    HPDF_SYM(GetEncoder),
    HPDF_SYM(GetFont),
    HPDF_SYM(GetVersion),
    HPDF_SYM(LoadTTFontFromFile),
    HPDF_SYM(MemStream_FreeData),
    HPDF_SYM(NameDict_GetNameTree),
    HPDF_SYM(NameDict_New),
    HPDF_SYM(NameDict_SetNameTree),
    HPDF_SYM(NameTree_New),
    HPDF_SYM(New),
    HPDF_SYM(Outline_SetDestination),
    HPDF_SYM(Page_BeginText),
    HPDF_SYM(Page_Concat),
    HPDF_SYM(Page_CreateDestination),
    HPDF_SYM(Page_CreateTextAnnot),
    HPDF_SYM(Page_CurveTo),
    HPDF_SYM(Page_EndText),
    HPDF_SYM(Page_Eofill),
    HPDF_SYM(Page_Fill),
    HPDF_SYM(Page_GRestore),
    HPDF_SYM(Page_GSave),
    HPDF_SYM(Page_LineTo),
    HPDF_SYM(Page_MoveTo),
    HPDF_SYM(Page_Rectangle),
    HPDF_SYM(Page_SetFontAndSize),
    HPDF_SYM(Page_SetHeight),
    HPDF_SYM(Page_SetLineWidth),
    HPDF_SYM(Page_SetRGBFill),
    HPDF_SYM(Page_SetRGBStroke),
    HPDF_SYM(Page_SetTextMatrix),
    HPDF_SYM(Page_SetWidth),
    HPDF_SYM(Page_ShowText),
    HPDF_SYM(Page_Stroke),
    HPDF_SYM(ReadFromStream),
    HPDF_SYM(ResetStream),
    HPDF_SYM(SaveToStream),
    HPDF_SYM(SetCompressionMode),
    HPDF_SYM(SetCurrentEncoder),
    HPDF_SYM(SetInfoAttr),
    HPDF_SYM(SetInfoDateAttr),
    HPDF_SYM(Stream_Write),
    HPDF_SYM(Stream_WriteStr),
    HPDF_SYM(String_New),
    HPDF_SYM(TextAnnot_SetIcon),
    HPDF_SYM(TextAnnot_SetOpened),
    HPDF_SYM(UseUTFEncodings),
    HPDF_SYM(Xref_Add),
};

typedef struct font_slot {
    char *file;
    char *family;
    HPDF_Font font;        /* loaded when the font first shows text */
    FT_Face face;          /* loaded when the font first draws outlines */
    ttf t;
    uint8_t *checked, *bad; /* BMP bitsets */
} font_slot;

struct bc_hpdf_writer {
    bc_dynlib *hlib;       /* libhpdf (with a PDF to write), opened by the writer */
    hpdf_api hp;
    HPDF_Doc pdf;
    HPDF_Encoder enc;
    FT_Library ft;         /* glyph outlines of the marks drawn as paths */
    char *path;
    bc_outfile *out;       /* where the PDF goes at close (borrowed) */
    font_slot fonts[MAX_FONTS];
    size_t nfonts;
    HPDF_Page *pages;
    double *heights;
    size_t npages, cap;
    HPDF_Outline parents[8];
    char *label_prefix;
    long label_next;
    bool label_open;
    bc_page_sink next;     /* where drawn pages go (next.page NULL: freed) */
    char *meta[5];         /* title, author, subject, keywords, date (copies) */
    bc_attachment *att;
    size_t natt;
    bc_status status;
    bc_error err;
    HPDF_STATUS hpdf_error, hpdf_detail;
};

static void on_hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    bc_hpdf_writer *w = user;
    if (!w->hpdf_error) {
        w->hpdf_error = e;
        w->hpdf_detail = detail;
    }
}

static void fail(bc_hpdf_writer *w, bc_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(bc_hpdf_writer *w, bc_status st, const char *fmt, ...)
{
    if (w->status)
        return;
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(&w->err, st, NULL, 0, 0, fmt, ap);
    va_end(ap);
    w->status = st;
}

static void fail_nomem(bc_hpdf_writer *w)
{
    if (w->status)
        return;
    w->status = bc_nomem(&w->err);
}

static void fail_err(bc_hpdf_writer *w, const bc_error *e)
{
    if (w->status)
        return;
    w->status = bc_error_copy(&w->err, e);
}

/* libharu's error codes in words (hpdf_error.h); the code stays in
 * brackets for a bug report. */
static const char *hpdf_error_vi(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "hết bộ nhớ";
    case HPDF_FILE_IO_ERROR: return "lỗi đọc/ghi tệp";
    case HPDF_FILE_OPEN_ERROR: return "không mở được tệp";
    case HPDF_ZLIB_ERROR: return "lỗi khi nén dữ liệu (zlib)";
    case HPDF_INVALID_FONTDEF_DATA:
    case HPDF_INVALID_FONT:
    case HPDF_PAGE_INVALID_FONT: return "phông chữ không hợp lệ";
    case HPDF_INVALID_TTC_FILE:
    case HPDF_TTF_INVALID_FOMAT: return "tệp phông TrueType bị hỏng hoặc sai định dạng";
    case HPDF_INVALID_TTC_INDEX: return "số thứ tự phông trong tệp TTC không có";
    case HPDF_TTF_INVALID_CMAP: return "bảng mã ký tự (cmap) của phông không dùng được";
    case HPDF_TTF_MISSING_TABLE: return "phông thiếu một bảng bắt buộc";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "phông không cho phép nhúng vào PDF";
    case HPDF_UNSUPPORTED_FONT_TYPE: return "loại phông không được hỗ trợ";
    case HPDF_INVALID_ENCODER:
    case HPDF_INVALID_ENCODING_NAME: return "bảng mã chữ không hợp lệ";
    case HPDF_INVALID_ANNOTATION: return "ghi chú (annotation) không hợp lệ";
    case HPDF_INVALID_DATE_TIME: return "ngày giờ không hợp lệ";
    case HPDF_INVALID_PARAMETER: return "tham số không hợp lệ";
    case HPDF_INVALID_DOCUMENT:
    case HPDF_INVALID_DOCUMENT_STATE: return "tài liệu PDF ở trạng thái không hợp lệ";
    case HPDF_INVALID_PAGE:
    case HPDF_PAGE_INVALID_SIZE:
    case HPDF_PAGE_OUT_OF_RANGE: return "trang không hợp lệ";
    case HPDF_PAGE_FONT_NOT_FOUND: return "trang chưa chọn phông";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "cỡ chữ không hợp lệ";
    case HPDF_REAL_OUT_OF_RANGE: return "số thực vượt giới hạn của PDF";
    case HPDF_STRING_OUT_OF_RANGE: return "chuỗi chữ quá dài";
    case HPDF_INVALID_STREAM: return "luồng dữ liệu không hợp lệ";
    case HPDF_MISSING_FILE_NAME_ENTRY: return "tệp đính kèm thiếu tên";
    case HPDF_DICT_ITEM_NOT_FOUND:
    case HPDF_ITEM_NOT_FOUND: return "thiếu một mục trong cấu trúc PDF";
    default: return "lỗi không rõ";
    }
}

/* libharu's error concerns the PDF being written: it is named. */
static void check_hpdf(bc_hpdf_writer *w, const char *what)
{
    if (w->hpdf_error == HPDF_FAILD_TO_ALLOC_MEM) {
        fail_nomem(w);
    } else if (w->hpdf_error && !w->status) {
        fail(w, BC_E_OUTPUT, "libharu báo lỗi khi %s: %s (mã 0x%04X, chi tiết %u)", what,
             hpdf_error_vi(w->hpdf_error), (unsigned)w->hpdf_error, (unsigned)w->hpdf_detail);
        if (w->out) {
            free(w->err.file);
            w->err.file = bc_strdup(bc_outfile_target(w->out));
        }
    }
}

static HPDF_Date parse_date(const char *iso)
{
    HPDF_Date d = {2000, 1, 1, 0, 0, 0, ' ', 0, 0};
    int y, mo, da, h = 0, mi = 0, s = 0;
    if (iso && sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &da, &h, &mi, &s) >= 3) {
        d.year = y;
        d.month = mo;
        d.day = da;
        d.hour = h;
        d.minutes = mi;
        d.seconds = s;
    }
    return d;
}

bc_status bc_hpdf_writer_open(bc_outfile *pdf_out, const bc_pdf_meta *meta,
                              const bc_hpdf_extras *ex, bc_page_sink next, bc_hpdf_writer **out,
                              bc_error *err)
{
    bc_hpdf_writer *w = calloc(1, sizeof *w);
    if (!w)
        return bc_nomem(err);
    if (pdf_out) {
        w->out = pdf_out;
        w->path = bc_strdup(bc_outfile_target(pdf_out));
        bc_status lst = bc_dynlib_open(BAOCAO_HPDF_SONAME, "libhpdf-2.3.0", HPDF_SYMS,
                                       sizeof HPDF_SYMS / sizeof HPDF_SYMS[0], &w->hp, &w->hlib,
                                       err);
        if (lst) {
            bc_hpdf_writer_abort(w);
            return lst;
        }
        w->pdf = w->hp.New(on_hpdf_error, w);
        if (!w->path || !w->pdf) {
            bc_hpdf_writer_abort(w);
            return bc_nomem(err);
        }
        w->hp.SetCompressionMode(w->pdf, HPDF_COMP_ALL);
        w->hp.UseUTFEncodings(w->pdf);
        w->hp.SetCurrentEncoder(w->pdf, "UTF-8");
        w->enc = w->hp.GetEncoder(w->pdf, "UTF-8");
        if (meta) {
            const char *m[5] = {meta->title, meta->author, meta->subject, meta->keywords,
                                meta->date};
            for (int k = 0; k < 5; k++)
                if (m[k] && !(w->meta[k] = bc_strdup(m[k]))) {
                    bc_hpdf_writer_abort(w);
                    return bc_nomem(err);
                }
            if (meta->title)
                w->hp.SetInfoAttr(w->pdf, HPDF_INFO_TITLE, meta->title);
            if (meta->author)
                w->hp.SetInfoAttr(w->pdf, HPDF_INFO_AUTHOR, meta->author);
            if (meta->subject)
                w->hp.SetInfoAttr(w->pdf, HPDF_INFO_SUBJECT, meta->subject);
            if (meta->keywords)
                w->hp.SetInfoAttr(w->pdf, HPDF_INFO_KEYWORDS, meta->keywords);
            if (meta->date) {
                w->hp.SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, parse_date(meta->date));
                w->hp.SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, parse_date(meta->date));
            }
        }
        w->hp.SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "baocao " BAOCAO_VERSION " (libharu)");
        if (w->hpdf_error || !w->enc) {
            bc_hpdf_writer_abort(w);
            return bc_error_set(err, BC_E_OUTPUT, bc_outfile_target(pdf_out), 0, 0,
                                "không khởi tạo được libharu (bảng mã UTF-8)");
        }
    }
    w->next = next;
    if (ex && ex->nattachments) {
        w->att = calloc(ex->nattachments, sizeof *w->att);
        bool ok = w->att != NULL;
        for (size_t i = 0; ok && i < ex->nattachments; i++) {
            const bc_attachment *a = &ex->attachments[i];
            char *data = malloc(a->len ? a->len : 1);
            if (data && a->len)
                memcpy(data, a->data, a->len);
            w->att[i].data = data;
            w->att[i].len = a->len;
            w->att[i].name = bc_strdup(a->name ? a->name : "tep");
            w->att[i].desc = a->desc ? bc_strdup(a->desc) : NULL;
            w->natt = i + 1;
            ok = data && w->att[i].name && (!a->desc || w->att[i].desc);
        }
        if (!ok) {
            bc_hpdf_writer_abort(w);
            return bc_nomem(err);
        }
    }
    *out = w;
    return BC_OK;
}

/* The font of a glyph run: the file Pango used. */
static font_slot *slot_for(bc_hpdf_writer *w, const bc_ditem *it)
{
    PangoFont *pf = it->glyphs->item->analysis.font;
    FcPattern *pat = PANGO_IS_FC_FONT(pf) ? pango_fc_font_get_pattern(PANGO_FC_FONT(pf)) : NULL;
    FcChar8 *file = NULL, *family = NULL;
    if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch) {
        fail(w, BC_E_FONT, "không biết tệp phông của một đoạn chữ (\"%.40s\")",
             it->text ? it->text : "");
        return NULL;
    }
    FcPatternGetString(pat, FC_FAMILY, 0, &family);
    for (size_t i = 0; i < w->nfonts; i++)
        if (!strcmp(w->fonts[i].file, (const char *)file))
            return &w->fonts[i];
    if (w->nfonts == MAX_FONTS) {
        fail(w, BC_E_FONT, "quá nhiều phông chữ khác nhau cho bộ ghi libharu");
        return NULL;
    }
    font_slot *fs = &w->fonts[w->nfonts];
    memset(fs, 0, sizeof *fs);
    bc_error e = BC_ERROR_INIT;
    if (ttf_open((const char *)file, &fs->t, &e)) {
        fail_err(w, &e);
        bc_error_clear(&e);
        return NULL;
    }
    fs->file = bc_strdup((const char *)file);
    fs->family = bc_strdup(family ? (const char *)family : base_name((const char *)file));
    fs->checked = calloc(0x10000 / 8, 1);
    fs->bad = calloc(0x10000 / 8, 1);
    w->nfonts++;
    if (!fs->file || !fs->family || !fs->checked || !fs->bad) {
        fail_nomem(w);
        return NULL;
    }
    return fs;
}

/* The font of a glyph run, loaded into libharu to show text. */
static font_slot *font_for(bc_hpdf_writer *w, const bc_ditem *it)
{
    font_slot *fs = slot_for(w, it);
    if (!fs || fs->font)
        return fs;
    const char *name = w->hp.LoadTTFontFromFile(w->pdf, fs->file, HPDF_TRUE);
    fs->font = name ? w->hp.GetFont(w->pdf, name, "UTF-8") : NULL;
    if (!fs->font) {
        fail(w, BC_E_FONT, "libharu không nạp được phông %s: %s (mã 0x%04X)", fs->file,
             hpdf_error_vi(w->hpdf_error),
             (unsigned)w->hpdf_error);
        return NULL;
    }
    return fs;
}

/* Every character drawn is checked once per font for nested composites. */
static bool chars_ok(bc_hpdf_writer *w, font_slot *fs, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)bc_utf8_decode(s + i, &cp);
        if (cp >= 0x10000)
            continue;
        uint8_t bit = (uint8_t)(1u << (cp & 7));
        if (!(fs->checked[cp >> 3] & bit)) {
            fs->checked[cp >> 3] |= bit;
            unsigned gid = ttf_gid(&fs->t, (uint32_t)cp);
            if (gid && ttf_nested(&fs->t, gid))
                fs->bad[cp >> 3] |= bit;
        }
        if (fs->bad[cp >> 3] & bit) {
            bc_error e = BC_ERROR_INIT;
            refuse(fs->family, fs->file, cp, &e);
            fail_err(w, &e);
            bc_error_clear(&e);
            return false;
        }
    }
    return true;
}

static void set_fill(const bc_hpdf_writer *w, HPDF_Page pg, uint32_t rgb)
{
    w->hp.Page_SetRGBFill(pg, ((rgb >> 16) & 0xFF) / 255.0f, ((rgb >> 8) & 0xFF) / 255.0f,
                         (rgb & 0xFF) / 255.0f);
}

static void set_stroke(const bc_hpdf_writer *w, HPDF_Page pg, uint32_t rgb)
{
    w->hp.Page_SetRGBStroke(pg, ((rgb >> 16) & 0xFF) / 255.0f, ((rgb >> 8) & 0xFF) / 255.0f,
                           (rgb & 0xFF) / 255.0f);
}

typedef struct segment {
    bc_buf text;
    double x, yoff;   /* along / below the baseline, from the run origin */
    double expect;    /* where libharu's pen will be after the text */
    bool open;
} segment;

static void seg_flush(const bc_hpdf_writer *w, HPDF_Page pg, double H, const bc_ditem *it,
                      segment *s)
{
    if (s->open && s->text.len && !s->text.oom) {
        double c = cos(it->angle), sn = sin(it->angle);
        /* Page coordinates (y down): along the baseline (c, -sn), below it (sn, c). */
        double px = it->x + s->x * c + s->yoff * sn;
        double py = it->y - s->x * sn + s->yoff * c;
        w->hp.Page_SetTextMatrix(pg, (HPDF_REAL)c, (HPDF_REAL)sn, (HPDF_REAL)-sn, (HPDF_REAL)c,
                                (HPDF_REAL)px, (HPDF_REAL)(H - py));
        w->hp.Page_ShowText(pg, s->text.data);
    }
    bc_buf_free(&s->text);
    s->open = false;
}

static void draw_glyphs(bc_hpdf_writer *w, HPDF_Page pg, double H, const bc_ditem *it)
{
    if (!it->glyphs || !it->text || !it->glyphs->glyphs->num_glyphs)
        return;
    font_slot *fs = font_for(w, it);
    if (!fs)
        return;
    PangoGlyphString *gs = it->glyphs->glyphs;
    double *pen = malloc(((size_t)gs->num_glyphs + 1) * sizeof *pen);
    if (!pen) {
        fail_nomem(w);
        return;
    }
    double x = 0;
    for (int g = 0; g < gs->num_glyphs; g++) {
        pen[g] = x;
        x += gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
    }
    pen[gs->num_glyphs] = x;
    set_fill(w, pg, it->rgb);
    w->hp.Page_BeginText(pg);
    w->hp.Page_SetFontAndSize(pg, fs->font, (HPDF_REAL)it->size);
    segment s = {BC_BUF_INIT, 0, 0, 0, false};
    PangoGlyphItemIter iter;
    for (gboolean more = pango_glyph_item_iter_init_start(&iter, it->glyphs, it->text); more;
         more = pango_glyph_item_iter_next_cluster(&iter)) {
        int g0 = iter.start_glyph < iter.end_glyph ? iter.start_glyph : iter.end_glyph + 1;
        int g1 = iter.start_glyph < iter.end_glyph ? iter.end_glyph : iter.start_glyph + 1;
        bool visible = false;
        for (int g = g0; g < g1; g++)
            if (gs->glyphs[g].glyph != PANGO_GLYPH_EMPTY)
                visible = true;
        const char *slice = it->text + iter.start_index;
        size_t n = (size_t)(iter.end_index - iter.start_index);
        if (!visible || !n)
            continue;
        if (!chars_ok(w, fs, slice, n))
            break;
        double cx = pen[g0] + gs->glyphs[g0].geometry.x_offset / (double)PANGO_SCALE;
        double cy = gs->glyphs[g0].geometry.y_offset / (double)PANGO_SCALE;
        if (!s.open || fabs(cx - s.expect) > SEG_EPS || fabs(cy - s.yoff) > 1e-3) {
            seg_flush(w, pg, H, it, &s);
            s.open = true;
            s.x = s.expect = cx;
            s.yoff = cy;
        }
        bc_buf_append(&s.text, slice, n);
        char tmp[64];
        const char *m = slice;
        if (n < sizeof tmp) {
            memcpy(tmp, slice, n);
            tmp[n] = '\0';
            m = tmp;
        }
        HPDF_TextWidth tw = w->hp.Font_TextWidth(fs->font, (const HPDF_BYTE *)m, (HPDF_UINT)n);
        s.expect += tw.width * it->size / 1000.0;
    }
    seg_flush(w, pg, H, it, &s);
    w->hp.Page_EndText(pg);
    free(pen);
}

/* FreeType's outline walk, drawn with libharu's path operators in font
 * units (the caller's matrix scales them); quadratic arcs as cubic ones. */
typedef struct outline_pen {
    const hpdf_api *hp;
    HPDF_Page pg;
    double x, y; /* the current point */
} outline_pen;

static int ol_move(const FT_Vector *to, void *user)
{
    outline_pen *p = user;
    p->hp->Page_MoveTo(p->pg, (HPDF_REAL)to->x, (HPDF_REAL)to->y);
    p->x = (double)to->x;
    p->y = (double)to->y;
    return 0;
}

static int ol_line(const FT_Vector *to, void *user)
{
    outline_pen *p = user;
    p->hp->Page_LineTo(p->pg, (HPDF_REAL)to->x, (HPDF_REAL)to->y);
    p->x = (double)to->x;
    p->y = (double)to->y;
    return 0;
}

static int ol_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *user)
{
    outline_pen *p = user;
    p->hp->Page_CurveTo(p->pg, (HPDF_REAL)c1->x, (HPDF_REAL)c1->y, (HPDF_REAL)c2->x,
                      (HPDF_REAL)c2->y, (HPDF_REAL)to->x, (HPDF_REAL)to->y);
    p->x = (double)to->x;
    p->y = (double)to->y;
    return 0;
}

static int ol_conic(const FT_Vector *c, const FT_Vector *to, void *user)
{
    outline_pen *p = user;
    double k = 2.0 / 3.0;
    double x1 = p->x + k * ((double)c->x - p->x), y1 = p->y + k * ((double)c->y - p->y);
    double x2 = (double)to->x + k * ((double)c->x - (double)to->x);
    double y2 = (double)to->y + k * ((double)c->y - (double)to->y);
    p->hp->Page_CurveTo(p->pg, (HPDF_REAL)x1, (HPDF_REAL)y1, (HPDF_REAL)x2, (HPDF_REAL)y2,
                      (HPDF_REAL)to->x, (HPDF_REAL)to->y);
    p->x = (double)to->x;
    p->y = (double)to->y;
    return 0;
}

/* A glyph run drawn as filled glyph outlines (FreeType, from the file Pango
 * used, at Pango's positions): a draft's line numbers and watermark, which
 * then are no text for extraction, search or copying to trip over. */
static void draw_outlines(bc_hpdf_writer *w, HPDF_Page pg, double H, const bc_ditem *it)
{
    if (!it->glyphs || !it->glyphs->glyphs->num_glyphs)
        return;
    font_slot *fs = slot_for(w, it);
    if (!fs)
        return;
    if (!w->ft && FT_Init_FreeType(&w->ft)) {
        w->ft = NULL;
        fail(w, BC_E_NOMEM, "không khởi tạo được FreeType");
        return;
    }
    if (!fs->face && FT_New_Face(w->ft, fs->file, 0, &fs->face)) {
        fs->face = NULL;
        fail(w, BC_E_FONT, "FreeType không đọc được phông %s", fs->file);
        return;
    }
    static const FT_Outline_Funcs funcs = {ol_move, ol_line, ol_conic, ol_cubic, 0, 0};
    PangoGlyphString *gs = it->glyphs->glyphs;
    double c = cos(it->angle), sn = sin(it->angle);
    double k = it->size / (double)fs->face->units_per_EM;
    double x = 0;
    set_fill(w, pg, it->rgb);
    for (int g = 0; g < gs->num_glyphs && !w->status; g++) {
        const PangoGlyphInfo *gi = &gs->glyphs[g];
        double gx = x + gi->geometry.x_offset / (double)PANGO_SCALE;
        double gy = gi->geometry.y_offset / (double)PANGO_SCALE;
        x += gi->geometry.width / (double)PANGO_SCALE;
        if (gi->glyph == PANGO_GLYPH_EMPTY || (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
            continue;
        if (FT_Load_Glyph(fs->face, gi->glyph,
                          FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) ||
            fs->face->glyph->format != FT_GLYPH_FORMAT_OUTLINE) {
            fail(w, BC_E_FONT, "FreeType không đọc được glyph %u của phông %s", gi->glyph,
                 fs->file);
            return;
        }
        FT_Outline *ol = &fs->face->glyph->outline;
        if (!ol->n_contours)
            continue;
        /* The glyph's origin on the page (y down), then PDF space (y up):
         * along the baseline (c, sn), up the glyph (-sn, c), k per unit. */
        double px = it->x + gx * c + gy * sn, py = it->y - gx * sn + gy * c;
        w->hp.Page_GSave(pg);
        w->hp.Page_Concat(pg, (HPDF_REAL)(k * c), (HPDF_REAL)(k * sn), (HPDF_REAL)(-k * sn),
                         (HPDF_REAL)(k * c), (HPDF_REAL)px, (HPDF_REAL)(H - py));
        outline_pen pen = {&w->hp, pg, 0, 0};
        FT_Outline_Decompose(ol, &funcs, &pen);
        if (ol->flags & FT_OUTLINE_EVEN_ODD_FILL)
            w->hp.Page_Eofill(pg);
        else
            w->hp.Page_Fill(pg);
        w->hp.Page_GRestore(pg);
    }
}

/* Raw operators into the page's content stream (marked content, which
 * libharu 2.3.0 has no call for). */
static void page_ops(const bc_hpdf_writer *w, HPDF_Page pg, const char *ops)
{
    w->hp.Stream_WriteStr(((HPDF_PageAttr)pg->attr)->stream, ops);
}

static void draw_page(bc_hpdf_writer *w, HPDF_Page pg, const bc_page *page)
{
    double H = page->height;
    for (size_t i = 0; i < page->count && !w->status; i++) {
        const bc_ditem *it = &page->items[i];
        /* A draft's marks are artifacts, not content (PDF 14.8.2.2). */
        if (it->mark)
            page_ops(w, pg, it->mark == BC_DMARK_STAMP
                             ? "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
                             : "/Artifact BMC\n");
        switch (it->kind) {
        case BC_DI_GLYPHS:
            if (it->mark == BC_DMARK_LINE_NO || it->mark == BC_DMARK_WATERMARK)
                draw_outlines(w, pg, H, it);
            else
                draw_glyphs(w, pg, H, it);
            break;
        case BC_DI_RULE:
            set_stroke(w, pg, it->rgb);
            w->hp.Page_SetLineWidth(pg, (HPDF_REAL)it->line_width);
            w->hp.Page_MoveTo(pg, (HPDF_REAL)it->x, (HPDF_REAL)(H - it->y));
            w->hp.Page_LineTo(pg, (HPDF_REAL)it->x2, (HPDF_REAL)(H - it->y2));
            w->hp.Page_Stroke(pg);
            break;
        case BC_DI_BOX: {
            double x0 = fmin(it->x, it->x2), y1 = fmax(it->y, it->y2);
            HPDF_REAL bw = (HPDF_REAL)fabs(it->x2 - it->x), bh = (HPDF_REAL)fabs(it->y2 - it->y);
            if (it->fill) {
                set_fill(w, pg, it->rgb);
                w->hp.Page_Rectangle(pg, (HPDF_REAL)x0, (HPDF_REAL)(H - y1), bw, bh);
                w->hp.Page_Fill(pg);
            } else {
                set_stroke(w, pg, it->rgb);
                w->hp.Page_SetLineWidth(pg, (HPDF_REAL)it->line_width);
                w->hp.Page_Rectangle(pg, (HPDF_REAL)x0, (HPDF_REAL)(H - y1), bw, bh);
                w->hp.Page_Stroke(pg);
            }
            break;
        }
        }
        if (it->mark)
            page_ops(w, pg, "EMC\n");
    }
}

/* Page label "PL I-3" = prefix "PL I-" + number 3; a new label range only
 * where the numbering does not simply continue. */
static void page_label(bc_hpdf_writer *w, const bc_page *page, size_t index)
{
    const char *l = page->label;
    if (!l || !*l) {
        w->label_open = false;
        return;
    }
    size_t n = strlen(l), k = n;
    while (k > 0 && l[k - 1] >= '0' && l[k - 1] <= '9')
        k--;
    if (k == n || n - k > 9) {
        w->label_open = false;
        return;
    }
    long num = strtol(l + k, NULL, 10);
    char *prefix = bc_strdup_printf("%.*s", (int)k, l);
    if (!prefix)
        return;
    bool cont = w->label_open && w->label_prefix && !strcmp(prefix, w->label_prefix) &&
                num == w->label_next;
    if (!cont && num >= 1)
        w->hp.AddPageLabel(w->pdf, (HPDF_UINT)index, HPDF_PAGE_NUM_STYLE_DECIMAL, (HPDF_UINT)num,
                          k ? prefix : NULL);
    free(w->label_prefix);
    w->label_prefix = prefix;
    w->label_next = num + 1;
    w->label_open = num >= 1;
}

static void outline(bc_hpdf_writer *w, HPDF_Page pg, const bc_page *page)
{
    for (size_t i = 0; i < page->noutline; i++) {
        const bc_outline_entry *o = &page->outline[i];
        int level = o->level < 1 ? 1 : o->level > 7 ? 7 : o->level;
        HPDF_Outline parent = level == 1 ? NULL : w->parents[level - 1];
        HPDF_Outline ol = w->hp.CreateOutline(w->pdf, parent, o->title ? o->title : "", w->enc);
        if (!ol)
            return;
        HPDF_Destination dst = w->hp.Page_CreateDestination(pg);
        if (dst) {
            w->hp.Destination_SetFitH(dst, (HPDF_REAL)(page->height - o->y));
            w->hp.Outline_SetDestination(ol, dst);
        }
        w->parents[level] = ol;
        for (int l = level + 1; l < 8; l++)
            w->parents[l] = ol;
    }
}

bc_status bc_hpdf_writer_page(void *ctx, bc_page *page, bc_error *err)
{
    bc_hpdf_writer *w = ctx;
    if (w->status) {
        bc_page_free(page);
        return bc_hpdf_writer_error(w, err);
    }
    if (w->pdf && !w->status) {
        if (w->npages == w->cap) {
            size_t cap = w->cap ? w->cap * 2 : 64;
            HPDF_Page *v = realloc(w->pages, cap * sizeof *v);
            double *h = v ? realloc(w->heights, cap * sizeof *h) : NULL;
            if (v)
                w->pages = v;
            if (h)
                w->heights = h;
            if (!v || !h)
                fail_nomem(w);
            else
                w->cap = cap;
        }
        HPDF_Page pg = w->status ? NULL : w->hp.AddPage(w->pdf);
        if (pg) {
            w->pages[w->npages] = pg;
            w->heights[w->npages] = page->height;
            w->hp.Page_SetWidth(pg, (HPDF_REAL)page->width);
            w->hp.Page_SetHeight(pg, (HPDF_REAL)page->height);
            page_label(w, page, w->npages);
            w->npages++;
            draw_page(w, pg, page);
            outline(w, pg, page);
        }
        char what[64];
        snprintf(what, sizeof what, "vẽ trang %zu", w->npages);
        check_hpdf(w, what);
    }
    if (w->next.page && !w->status) {
        bc_error e = BC_ERROR_INIT;
        if (w->next.page(w->next.ctx, page, &e))
            fail_err(w, &e); /* the next sink's own error, kept as it is */
        bc_error_clear(&e);
        page = NULL;
    }
    bc_page_free(page);
    return bc_hpdf_writer_error(w, err);
}

bc_status bc_hpdf_writer_error(const bc_hpdf_writer *w, bc_error *err)
{
    if (!w->status)
        return BC_OK;
    return bc_error_copy(err, &w->err);
}

/* The icon of a note as a form XObject of width wd and height ht: a yellow
 * speech bubble with three lines of "text", in paths only (no font, so
 * nothing for text extraction to read). NULL on failure (libharu's error). */
static HPDF_Dict note_appearance(bc_hpdf_writer *w, double wd, double ht)
{
    HPDF_MMgr mm = w->pdf->mmgr;
    HPDF_Dict form = w->hp.DictStream_New(mm, w->pdf->xref);
    if (!form)
        return NULL;
    form->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Box box = {0, 0, (HPDF_REAL)wd, (HPDF_REAL)ht};
    w->hp.Dict_AddName(form, "Type", "XObject");
    w->hp.Dict_AddName(form, "Subtype", "Form");
    w->hp.Dict_Add(form, "BBox", w->hp.Box_Array_New(mm, box));
    w->hp.Dict_Add(form, "Resources", w->hp.Dict_New(mm));
    /* Bubble from 30% of the height to the top, its tail down to the
     * bottom at a quarter of the width; three lines across it. */
    double lw = 0.06 * ht, m = lw / 2, b = 0.3 * ht;
    char *ops = bc_strdup_printf(
        "q %.3f w 1 0.82 0.2 rg 0.45 0.33 0 RG\n"
        "%.2f %.2f m %.2f %.2f l %.2f %.2f l %.2f %.2f l %.2f %.2f l %.2f %.2f l %.2f %.2f l "
        "h B\n"
        "%.2f %.2f m %.2f %.2f l %.2f %.2f m %.2f %.2f l %.2f %.2f m %.2f %.2f l S Q\n",
        lw, m, b, m, ht - m, wd - m, ht - m, wd - m, b, 0.5 * wd, b, 0.2 * wd, m, 0.3 * wd, b,
        0.2 * wd, 0.8 * ht, 0.8 * wd, 0.8 * ht, 0.2 * wd, 0.63 * ht, 0.8 * wd, 0.63 * ht,
        0.2 * wd, 0.46 * ht, 0.6 * wd, 0.46 * ht);
    if (!ops)
        return NULL;
    HPDF_STATUS st = w->hp.Stream_WriteStr(form->stream, ops);
    free(ops);
    return st == HPDF_OK ? form : NULL;
}

static void annotate(bc_hpdf_writer *w, const bc_pdf_note *notes, size_t n)
{
    for (size_t i = 0; i < n && w->npages; i++) {
        const bc_pdf_note *nt = &notes[i];
        size_t pi = nt->placed && nt->page >= 0 && (size_t)nt->page < w->npages ? (size_t)nt->page : 0;
        double H = w->heights[pi];
        HPDF_Rect r;
        if (nt->placed && nt->x1 > nt->x0 && nt->y1 > nt->y0) {
            r.left = (HPDF_REAL)nt->x0;
            r.right = (HPDF_REAL)nt->x1;
            r.bottom = (HPDF_REAL)(H - nt->y1);
            r.top = (HPDF_REAL)(H - nt->y0);
        } else {
            r.left = 20;
            r.right = 34;
            r.top = (HPDF_REAL)(H - 20 - 16 * (double)i);
            r.bottom = r.top - 14;
        }
        HPDF_Annotation a = w->hp.Page_CreateTextAnnot(w->pages[pi], r, nt->text ? nt->text : "",
                                                      w->enc);
        if (!a)
            continue;
        w->hp.TextAnnot_SetIcon(a, HPDF_ANNOT_ICON_COMMENT);
        w->hp.TextAnnot_SetOpened(a, HPDF_FALSE);
        HPDF_RGBColor yellow = {1.0f, 0.82f, 0.2f};
        w->hp.Annot_SetRGBColor(a, yellow);
        if (nt->author)
            w->hp.Dict_Add(a, "T", w->hp.String_New(w->pdf->mmgr, nt->author, w->enc));
        /* Printed with the page, and drawn the same in every viewer. */
        w->hp.Dict_AddNumber(a, "F", 4);
        HPDF_Dict form = note_appearance(w, r.right - r.left, r.top - r.bottom);
        HPDF_Dict ap = form ? w->hp.Dict_New(w->pdf->mmgr) : NULL;
        if (!ap || w->hp.Dict_Add(ap, "N", form) != HPDF_OK || w->hp.Dict_Add(a, "AP", ap) != HPDF_OK)
            fail(w, BC_E_NOMEM, "hết bộ nhớ");
    }
}

static int cmp_att(const void *a, const void *b)
{
    return strcmp(((const bc_attachment *)a)->name, ((const bc_attachment *)b)->name);
}

/* Embedded files, named as given, from memory (HPDF_EmbeddedFile_New would
 * read a file and name it by its full path). The name tree's array is filled
 * directly, in name order: libharu 2.3.0's HPDF_NameTree_Add loses or
 * misplaces entries. */
static void attach(bc_hpdf_writer *w)
{
    if (w->natt > 1)
        qsort(w->att, w->natt, sizeof *w->att, cmp_att);
    HPDF_MMgr mm = w->pdf->mmgr;
    for (size_t i = 0; i < w->natt; i++) {
        HPDF_NameDict names = w->hp.Catalog_GetNames(w->pdf->catalog);
        if (!names) {
            names = w->hp.NameDict_New(mm, w->pdf->xref);
            if (!names || w->hp.Catalog_SetNames(w->pdf->catalog, names) != HPDF_OK)
                return;
        }
        HPDF_NameTree tree = w->hp.NameDict_GetNameTree(names, HPDF_NAME_EMBEDDED_FILES);
        if (!tree) {
            tree = w->hp.NameTree_New(mm, w->pdf->xref);
            if (!tree ||
                w->hp.NameDict_SetNameTree(names, HPDF_NAME_EMBEDDED_FILES, tree) != HPDF_OK)
                return;
        }
        /* << /Type /Filespec /F /UF /Desc /EF << /F stream >> >> */
        HPDF_Dict ef = w->hp.Dict_New(mm);
        if (!ef || w->hp.Xref_Add(w->pdf->xref, ef) != HPDF_OK)
            return;
        HPDF_Dict stream = w->hp.DictStream_New(mm, w->pdf->xref);
        HPDF_Dict eff = w->hp.Dict_New(mm);
        if (!stream || !eff)
            return;
        stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        w->hp.Dict_AddName(stream, "Type", "EmbeddedFile");
        if (w->att[i].len &&
            w->hp.Stream_Write(stream->stream, (const HPDF_BYTE *)w->att[i].data,
                              (HPDF_UINT)w->att[i].len) != HPDF_OK)
            return;
        w->hp.Dict_Add(eff, "F", stream);
        w->hp.Dict_Add(ef, "EF", eff);
        w->hp.Dict_AddName(ef, "Type", "Filespec");
        w->hp.Dict_Add(ef, "F", w->hp.String_New(mm, w->att[i].name, NULL));
        w->hp.Dict_Add(ef, "UF", w->hp.String_New(mm, w->att[i].name, w->enc));
        if (w->att[i].desc)
            w->hp.Dict_Add(ef, "Desc", w->hp.String_New(mm, w->att[i].desc, w->enc));
        /* Appended in name order (HPDF_NameTree_Add garbles the array). */
        HPDF_Array items = w->hp.Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY);
        if (!items)
            return;
        w->hp.Array_Add(items, w->hp.String_New(mm, w->att[i].name, NULL));
        w->hp.Array_Add(items, ef);
    }
}

static void free_writer(bc_hpdf_writer *w)
{
    if (w->pdf)
        w->hp.Free(w->pdf);
    bc_dynlib_close(w->hlib);
    for (size_t i = 0; i < w->nfonts; i++) {
        free(w->fonts[i].file);
        free(w->fonts[i].family);
        free(w->fonts[i].checked);
        free(w->fonts[i].bad);
        if (w->fonts[i].face)
            FT_Done_Face(w->fonts[i].face);
        ttf_close(&w->fonts[i].t);
    }
    if (w->ft)
        FT_Done_FreeType(w->ft);
    for (size_t i = 0; i < w->natt; i++) {
        free((char *)w->att[i].name);
        free((char *)w->att[i].data);
        free((char *)w->att[i].desc);
    }
    free(w->att);
    free(w->pages);
    free(w->heights);
    free(w->label_prefix);
    free(w->path);
    for (int k = 0; k < 5; k++)
        free(w->meta[k]);
    bc_error_clear(&w->err);
    free(w);
}

/* A ToUnicode CMap for a font shown through libharu's UTF-8 encoder, whose
 * codes are the characters' BMP code points (CIDToGIDMap maps them to
 * glyphs): every code drawn (the font's checked set) maps to itself, as
 * bfrange entries of consecutive codes sharing their high byte, at most
 * 100 to a block. libharu 2.3.0 writes a CID CMap ("begincidrange") here,
 * which poppler rejects. */
static bool drawn(const font_slot *fs, unsigned c)
{
    return (fs->checked[c >> 3] >> (c & 7)) & 1;
}

static void tounicode_cmap(const font_slot *fs, bc_buf *b)
{
    bc_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    unsigned lo[100], hi[100];
    int n = 0;
    for (unsigned c = 1; c < 0x10000;) {
        if (!drawn(fs, c) || (c >= 0xD800 && c <= 0xDFFF)) {
            c++;
            continue;
        }
        unsigned e = c;
        while (e + 1 < 0x10000 && ((e + 1) & 0xFF) && drawn(fs, e + 1))
            e++;
        lo[n] = c;
        hi[n] = e;
        n++;
        c = e + 1;
        if (n == 100 || c >= 0x10000) {
            bc_buf_printf(b, "%d beginbfrange\n", n);
            for (int i = 0; i < n; i++)
                bc_buf_printf(b, "<%04X> <%04X> <%04X>\n", lo[i], hi[i], lo[i]);
            bc_buf_puts(b, "endbfrange\n");
            n = 0;
        }
    }
    if (n) {
        bc_buf_printf(b, "%d beginbfrange\n", n);
        for (int i = 0; i < n; i++)
            bc_buf_printf(b, "<%04X> <%04X> <%04X>\n", lo[i], hi[i], lo[i]);
        bc_buf_puts(b, "endbfrange\n");
    }
    bc_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* Replaces the contents of each font's ToUnicode stream (made by libharu
 * when the font was loaded) with tounicode_cmap()'s. */
static void fix_tounicode(bc_hpdf_writer *w)
{
    for (size_t i = 0; i < w->nfonts && !w->status; i++) {
        font_slot *fs = &w->fonts[i];
        HPDF_FontAttr attr = fs->font ? (HPDF_FontAttr)fs->font->attr : NULL;
        if (!attr || !attr->cmap_stream || !fs->checked)
            continue;
        bc_buf b = BC_BUF_INIT;
        tounicode_cmap(fs, &b);
        if (b.oom) {
            bc_buf_free(&b);
            fail(w, BC_E_NOMEM, "hết bộ nhớ");
            return;
        }
        w->hp.MemStream_FreeData(attr->cmap_stream->stream);
        w->hp.Stream_Write(attr->cmap_stream->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
        bc_buf_free(&b);
    }
}

/* The PDF is made in libharu's memory stream, copied out of it, finished
 * as PDF/A (pdfa.h: PDF/A-3b with the attachments, else PDF/A-2b) and
 * written to the checked, atomic output file (outfile.h), so a full disk is
 * reported as such. */
static void save_pdf(bc_hpdf_writer *w)
{
    if (w->hp.SaveToStream(w->pdf) != HPDF_OK) {
        fail(w, BC_E_OUTPUT, "không tạo được tệp PDF %s: libharu: %s (mã 0x%04X)", w->path,
             hpdf_error_vi(w->hpdf_error), (unsigned)w->hpdf_error);
        return;
    }
    w->hp.ResetStream(w->pdf);
    bc_scratch *pdf = NULL;
    bc_error se = BC_ERROR_INIT;
    if (bc_scratch_new(&pdf, &se)) {
        fail_err(w, &se);
        bc_error_clear(&se);
        return;
    }
    HPDF_BYTE *buf = malloc(65536);
    if (!buf) {
        bc_scratch_free(pdf);
        fail_nomem(w);
        return;
    }
    for (;;) {
        HPDF_UINT32 n = 65536;
        HPDF_STATUS r = w->hp.ReadFromStream(w->pdf, buf, &n);
        if (n)
            bc_scratch_write(pdf, buf, n);
        if (r == HPDF_STREAM_EOF)
            break;
        if (r != HPDF_OK) {
            fail(w, BC_E_OUTPUT, "không đọc được PDF từ bộ nhớ của libharu: %s (mã 0x%04X)",
                 hpdf_error_vi(r), (unsigned)r);
            break;
        }
    }
    free(buf);
    if (bc_scratch_error(pdf, &se))
        fail_err(w, &se);
    bc_error_clear(&se);
    if (!w->status) {
        char writer[64];
        snprintf(writer, sizeof writer, "Haru Free PDF Library %s", w->hp.GetVersion());
        bc_pdf_meta meta = {w->meta[0], w->meta[1], w->meta[2], w->meta[3], w->meta[4]};
        bc_pdfa_doc doc = {.meta = &meta, .writer = writer, .lang = "vi-VN"};
        bc_error e = BC_ERROR_INIT;
        if (bc_pdfa_write(pdf, &doc, w->out, &e))
            fail_err(w, &e);
        bc_error_clear(&e);
    }
    bc_scratch_free(pdf);
    bc_error e = BC_ERROR_INIT;
    if (!w->status && bc_outfile_error(w->out, &e))
        fail_err(w, &e);
    bc_error_clear(&e);
}

bc_status bc_hpdf_writer_close(bc_hpdf_writer *w, const bc_pdf_note *notes, size_t nnotes,
                               bc_error *err)
{
    if (w->pdf && !w->status) {
        if (nnotes)
            annotate(w, notes, nnotes);
        if (!w->status)
            attach(w);
        if (!w->status)
            fix_tounicode(w);
        check_hpdf(w, "thêm ghi chú góp ý và tệp đính kèm");
        if (!w->status)
            save_pdf(w);
    }
    bc_status st = bc_hpdf_writer_error(w, err);
    free_writer(w);
    return st;
}

void bc_hpdf_writer_abort(bc_hpdf_writer *w)
{
    if (!w)
        return;
    free_writer(w);
}
