/* fontcheck.c - TrueType bounds and consistency checks (fontcheck.h). */
#include "fontcheck.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define MAX_TABLES 625 /* libharu: 10000 bytes of 16-byte directory entries */

typedef struct font {
    const unsigned char *d;
    size_t n;
} font;

typedef struct table {
    size_t off, len;
    bool found;
} table;

static unsigned u16(const font *f, size_t o)
{
    return o <= f->n && f->n - o >= 2 ? (unsigned)(f->d[o] << 8 | f->d[o + 1]) : 0;
}

static uint32_t u32(const font *f, size_t o)
{
    return o <= f->n && f->n - o >= 4 ? (uint32_t)f->d[o] << 24 | (uint32_t)f->d[o + 1] << 16 |
                                            (uint32_t)f->d[o + 2] << 8 | f->d[o + 3]
                                      : 0;
}

/* The first directory entry with tag (libharu's FindTable takes the first). */
static table find(const font *f, const char *tag)
{
    table t = {0, 0, false};
    unsigned count = u16(f, 4);
    for (unsigned i = 0; i < count; i++) {
        size_t r = 12 + 16 * (size_t)i;
        if (!memcmp(f->d + r, tag, 4)) {
            t.off = u32(f, r + 8);
            t.len = u32(f, r + 12);
            t.found = true;
            return t;
        }
    }
    return t;
}

static bc_status bad(bc_error *err, const char *name, const char *what)
{
    return bc_error_set(err, BC_E_FONT, name, 0, 0,
                        "tệp phông bị hỏng, không dùng được: %s", what);
}

/* cmap format 4 subtable at s (inside the cmap table, bounds checked by
 * the caller for its header): segments, glyph index array, glyph ids. */
static bc_status check_cmap4(const font *f, size_t s, size_t sublen, unsigned nglyphs,
                             const char *file, bc_error *err)
{
    unsigned segx2 = u16(f, s + 6);
    if (segx2 == 0 || segx2 % 2)
        return bad(err, file, "bảng cmap: số đoạn (segCountX2) sai");
    size_t seg = segx2 / 2;
    size_t head = 16 + 4 * (size_t)segx2;
    if (head > sublen)
        return bad(err, file, "bảng cmap: các đoạn dạng 4 vượt quá độ dài bảng con");
    size_t ends = s + 14, starts = ends + segx2 + 2, deltas = starts + segx2,
           ranges = deltas + segx2;
    size_t count = (sublen - head) / 2; /* glyph index array, as libharu counts it */
    if (u16(f, ends + 2 * (seg - 1)) != 0xFFFF)
        return bad(err, file, "bảng cmap: đoạn cuối dạng 4 không kết thúc ở 0xFFFF");
    unsigned prev_end = 0;
    for (size_t i = 0; i < seg; i++) {
        unsigned end = u16(f, ends + 2 * i), start = u16(f, starts + 2 * i);
        unsigned delta = u16(f, deltas + 2 * i), ro = u16(f, ranges + 2 * i);
        if (start > end || (i && end <= prev_end))
            return bad(err, file, "bảng cmap: các đoạn dạng 4 không tăng dần");
        prev_end = end;
        for (unsigned c = start; c <= end; c++) {
            unsigned gid;
            if (ro == 0) {
                gid = (c + delta) & 0xFFFF;
            } else {
                /* libharu: idx = ro/2 + (c - start) - (seg - i) */
                if (ro % 2 || ro / 2 + (size_t)(c - start) < seg - i)
                    return bad(err, file, "bảng cmap: idRangeOffset trỏ ra ngoài bảng con");
                size_t idx = ro / 2 + (size_t)(c - start) - (seg - i);
                if (idx >= count)
                    return bad(err, file, "bảng cmap: idRangeOffset trỏ ra ngoài bảng con");
                gid = u16(f, s + head + 2 * idx);
                if (gid)
                    gid = (gid + delta) & 0xFFFF;
            }
            if (gid >= nglyphs && c != 0xFFFF)
                return bad(err, file,
                           "bảng cmap: chỉ số hình chữ lớn hơn số hình chữ của phông (maxp)");
        }
    }
    return BC_OK;
}

static bc_status check_cmap(const font *f, table cm, unsigned nglyphs, const char *file,
                            bc_error *err)
{
    if (cm.len < 4 || u16(f, cm.off) != 0)
        return bad(err, file, "bảng cmap quá ngắn hoặc sai phiên bản");
    unsigned nsub = u16(f, cm.off + 2);
    if (4 + 8 * (size_t)nsub > cm.len)
        return bad(err, file, "bảng cmap: danh sách bảng con vượt quá độ dài bảng");
    bool unicode4 = false;
    for (unsigned i = 0; i < nsub; i++) {
        size_t r = cm.off + 4 + 8 * (size_t)i;
        unsigned pid = u16(f, r), eid = u16(f, r + 2);
        size_t rel = u32(f, r + 4);
        if (rel > cm.len || cm.len - rel < 4)
            return bad(err, file, "bảng cmap: bảng con nằm ngoài bảng cmap");
        size_t s = cm.off + rel, room = cm.len - rel;
        unsigned fmt = u16(f, s);
        size_t sublen;
        if (fmt == 8 || fmt == 10 || fmt == 12 || fmt == 13) {
            if (room < 16)
                return bad(err, file, "bảng cmap: bảng con nằm ngoài bảng cmap");
            sublen = u32(f, s + 4);
        } else if (fmt == 14) {
            if (room < 10)
                return bad(err, file, "bảng cmap: bảng con nằm ngoài bảng cmap");
            sublen = u32(f, s + 2);
        } else {
            sublen = u16(f, s + 2);
        }
        if (sublen > room)
            return bad(err, file, "bảng cmap: bảng con dài quá bảng cmap");
        if (fmt == 0 && sublen < 262)
            return bad(err, file, "bảng cmap: bảng con dạng 0 quá ngắn");
        if (fmt == 4) {
            if (sublen < 16)
                return bad(err, file, "bảng cmap: bảng con dạng 4 quá ngắn");
            bc_status st = check_cmap4(f, s, sublen, nglyphs, file, err);
            if (st)
                return st;
            if (pid == 3 && eid == 1)
                unicode4 = true;
        }
        if (fmt == 12) {
            uint32_t ng = u32(f, s + 12);
            if (ng > (sublen - 16) / 12)
                return bad(err, file, "bảng cmap: các nhóm dạng 12 vượt quá độ dài bảng con");
            for (uint32_t g = 0; g < ng; g++) {
                size_t q = s + 16 + 12 * (size_t)g;
                uint32_t a = u32(f, q), b = u32(f, q + 4), gid = u32(f, q + 8);
                if (a > b || b - a >= nglyphs || gid >= nglyphs || gid + (b - a) >= nglyphs)
                    return bad(err, file, "bảng cmap: nhóm dạng 12 trỏ tới hình chữ không có");
            }
        }
    }
    if (!unicode4)
        return bad(err, file, "không có bảng mã Unicode (cmap 3,1 dạng 4) mà libharu cần");
    return BC_OK;
}

/* loca and glyf: offsets increasing and inside glyf; every composite glyph's
 * components inside the glyph and naming existing glyphs. */
static bc_status check_glyphs(const font *f, table loca, table glyf, bool long_loca,
                              unsigned nglyphs, const char *file, bc_error *err)
{
    size_t need = ((size_t)nglyphs + 1) * (long_loca ? 4 : 2);
    if (loca.len < need)
        return bad(err, file, "bảng loca ngắn hơn số hình chữ (maxp) cần");
    size_t prev = 0;
    for (unsigned g = 0; g <= nglyphs; g++) {
        size_t o = long_loca ? u32(f, loca.off + 4 * (size_t)g)
                             : 2 * (size_t)u16(f, loca.off + 2 * (size_t)g);
        if (o < prev)
            return bad(err, file, "bảng loca: vị trí các hình chữ không tăng dần");
        if (o > glyf.len)
            return bad(err, file, "bảng loca trỏ ra ngoài bảng glyf");
        if (g > 0 && o > prev) {
            size_t s = glyf.off + prev, len = o - prev;
            if (len < 10)
                return bad(err, file, "bảng glyf: một hình chữ ngắn hơn phần đầu của nó");
            if ((int16_t)u16(f, s) < 0) {
                size_t pos = 10;
                unsigned flags;
                do {
                    if (pos + 4 > len)
                        return bad(err, file, "bảng glyf: hình chữ ghép vượt quá độ dài của nó");
                    flags = u16(f, s + pos);
                    unsigned comp = u16(f, s + pos + 2);
                    if (comp >= nglyphs)
                        return bad(err, file, "bảng glyf: hình chữ ghép trỏ tới hình chữ không có");
                    pos += 4 + ((flags & 1) ? 4 : 2);
                    pos += (flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
                    if (pos > len)
                        return bad(err, file, "bảng glyf: hình chữ ghép vượt quá độ dài của nó");
                } while (flags & 0x20);
            }
        }
        prev = o;
    }
    return BC_OK;
}

static bc_status check_name(const font *f, table nm, const char *file, bc_error *err)
{
    if (nm.len < 6)
        return bad(err, file, "bảng name quá ngắn");
    unsigned count = u16(f, nm.off + 2), so = u16(f, nm.off + 4);
    if (6 + 12 * (size_t)count > nm.len || so > nm.len)
        return bad(err, file, "bảng name: danh sách tên vượt quá độ dài bảng");
    for (unsigned i = 0; i < count; i++) {
        size_t r = nm.off + 6 + 12 * (size_t)i;
        size_t len = u16(f, r + 8), off = u16(f, r + 10);
        if ((size_t)so + off + len > nm.len)
            return bad(err, file, "bảng name: một tên nằm ngoài bảng");
    }
    return BC_OK;
}

static bc_status check(const font *f, const char *file, bc_error *err)
{
    if (f->n < 12)
        return bad(err, file, "tệp quá ngắn, không phải phông TrueType");
    uint32_t ver = u32(f, 0);
    if (ver == 0x74746366) /* 'ttcf' */
        return bad(err, file, "tệp bộ phông (.ttc), libharu chỉ đọc được tệp .ttf đơn");
    if (ver == 0x4F54544F) /* 'OTTO' */
        return bad(err, file,
                   "phông OpenType dạng CFF (không có bảng glyf), libharu chỉ đọc được TrueType");
    if (ver != 0x00010000 && ver != 0x74727565) /* 'true' */
        return bad(err, file, "không phải tệp phông TrueType");
    unsigned ntables = u16(f, 4);
    if (ntables == 0 || ntables > MAX_TABLES || 12 + 16 * (size_t)ntables > f->n)
        return bad(err, file, "danh mục bảng vượt quá độ dài tệp");
    for (unsigned i = 0; i < ntables; i++) {
        size_t r = 12 + 16 * (size_t)i;
        size_t off = u32(f, r + 8), len = u32(f, r + 12);
        if (off > f->n || len > f->n - off)
            return bad(err, file, "một bảng trong danh mục nằm ngoài tệp");
    }
    static const char *const required[] = {"head", "hhea", "maxp", "hmtx", "loca",
                                           "glyf", "cmap", "name", "post"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!find(f, required[i]).found) {
            static const char *const msg[] = {
                "thiếu bảng head", "thiếu bảng hhea", "thiếu bảng maxp",
                "thiếu bảng hmtx", "thiếu bảng loca", "thiếu bảng glyf (không phải TrueType)",
                "thiếu bảng cmap", "thiếu bảng name", "thiếu bảng post"};
            return bad(err, file, msg[i]);
        }
    table head = find(f, "head"), hhea = find(f, "hhea"), maxp = find(f, "maxp"),
          hmtx = find(f, "hmtx"), loca = find(f, "loca"), glyf = find(f, "glyf"),
          cmap = find(f, "cmap"), name = find(f, "name"), post = find(f, "post");
    if (head.len < 54 || u32(f, head.off + 12) != 0x5F0F3CF5)
        return bad(err, file, "bảng head quá ngắn hoặc sai số nhận dạng");
    unsigned upem = u16(f, head.off + 18);
    if (upem < 16 || upem > 16384)
        return bad(err, file, "bảng head: unitsPerEm ngoài khoảng 16..16384");
    unsigned locfmt = u16(f, head.off + 50);
    if (locfmt > 1)
        return bad(err, file, "bảng head: indexToLocFormat không phải 0 hay 1");
    if (maxp.len < 6)
        return bad(err, file, "bảng maxp quá ngắn");
    unsigned nglyphs = u16(f, maxp.off + 4);
    if (nglyphs == 0)
        return bad(err, file, "bảng maxp: phông không có hình chữ nào");
    if (hhea.len < 36)
        return bad(err, file, "bảng hhea quá ngắn");
    unsigned nhm = u16(f, hhea.off + 34);
    if (nhm == 0 || nhm > nglyphs)
        return bad(err, file,
                   "bảng hhea: numberOfHMetrics lớn hơn số hình chữ (maxp.numGlyphs) hoặc bằng 0");
    if (hmtx.len < 4 * (size_t)nhm + 2 * (size_t)(nglyphs - nhm))
        return bad(err, file, "bảng hmtx ngắn hơn số hình chữ cần");
    if (post.len < 32)
        return bad(err, file, "bảng post quá ngắn");
    table os2 = find(f, "OS/2");
    if (os2.found && os2.len < 78)
        return bad(err, file, "bảng OS/2 quá ngắn");
    bc_status st = check_name(f, name, file, err);
    if (!st)
        st = check_glyphs(f, loca, glyf, locfmt == 1, nglyphs, file, err);
    if (!st)
        st = check_cmap(f, cmap, nglyphs, file, err);
    return st;
}

bc_status bc_fontcheck_mem(const unsigned char *d, size_t n, const char *name, bc_error *err)
{
    font f = {d, n};
    return check(&f, name, err);
}

bc_status bc_fontcheck_file(const char *path, bc_error *err)
{
    char *data = NULL;
    size_t len = 0;
    bc_status st = bc_file_read(path, &data, &len, err);
    if (st)
        return st;
    st = bc_fontcheck_mem((const unsigned char *)data, len, path, err);
    free(data);
    return st;
}
