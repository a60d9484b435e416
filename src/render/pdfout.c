/* pdfout.c - a PDF written front to back: copied objects, streams, object
 * streams and a cross-reference stream (pdfout.h). */
#include "pdfout.h"

#include "grow.h"
#include "strbuf.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define STM_MAX 100 /* objects per object stream */

typedef struct xent {     /* 8 bytes an object */
    uint64_t f2 : 40;     /* type 1: offset (below 1 TiB); type 2: the object stream's number */
    uint64_t f3 : 22;     /* type 2: the index in it */
    uint64_t type : 2;    /* 0 free (never written), 1 in the file, 2 in an object stream */
} xent;

struct bc_pdfout {
    bc_outfile *out;
    uint64_t pos;          /* bytes written so far */
    int next_id;
    xent *x;
    size_t nx;             /* entries allocated: numbers 0 .. nx-1 */
    GChecksum *md;
    bool md_done;          /* the digest is taken: the xref stream is not in it */
    z_stream z;
    bool z_ready;
    unsigned char *zbuf;
    size_t zcap;
    /* the object stream being filled */
    int stm_ids[STM_MAX];
    int stm_n;
    bc_buf stm_head, stm_body;
    bool failed;           /* a write failed (the output's error says why) */
    bool oom;
};

bc_pdfout *bc_pdfout_new(bc_outfile *out, int first_id, int level)
{
    bc_pdfout *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->out = out;
    o->next_id = first_id > 1 ? first_id : 1;
    o->md = g_checksum_new(G_CHECKSUM_MD5);
    if (!o->md) {
        bc_pdfout_free(o);
        return NULL;
    }
    if (deflateInit(&o->z, level) != Z_OK) {
        bc_pdfout_free(o);
        return NULL;
    }
    o->z_ready = true;
    return o;
}

void bc_pdfout_free(bc_pdfout *o)
{
    if (!o)
        return;
    if (o->z_ready)
        deflateEnd(&o->z);
    if (o->md)
        g_checksum_free(o->md);
    free(o->x);
    free(o->zbuf);
    bc_buf_free(&o->stm_head);
    bc_buf_free(&o->stm_body);
    free(o);
}

int bc_pdfout_new_id(bc_pdfout *o)
{
    return o->next_id++;
}

static bool ok(const bc_pdfout *o)
{
    return !o->failed && !o->oom;
}

/* Every byte of the file goes through here. */
static bool emit(bc_pdfout *o, const void *data, size_t len)
{
    if (!ok(o))
        return false;
    if (!len)
        return true;
    if (!o->md_done)
        g_checksum_update(o->md, data, (gssize)len);
    if (!bc_outfile_write(o->out, data, len)) {
        o->failed = true;
        return false;
    }
    o->pos += len;
    return true;
}

static bool emit_str(bc_pdfout *o, const char *s)
{
    return emit(o, s, strlen(s));
}

static xent *entry(bc_pdfout *o, int id)
{
    if (id <= 0) {
        o->oom = true; /* a caller's bug: never a valid number */
        return NULL;
    }
    if ((size_t)id >= o->nx) {
        size_t old = o->nx;
        if (!BC_GROW(&o->x, &o->nx, (size_t)id + 1, 1024)) {
            o->oom = true;
            return NULL;
        }
        memset(o->x + old, 0, (o->nx - old) * sizeof *o->x);
    }
    if (id >= o->next_id)
        o->next_id = id + 1;
    return &o->x[id];
}

static bool at_offset(bc_pdfout *o, int id)
{
    xent *e = ok(o) ? entry(o, id) : NULL;
    if (!e)
        return false;
    if (o->pos >> 40) { /* 1 TiB: past what an entry holds */
        o->oom = true;
        return false;
    }
    *e = (xent){.type = 1, .f2 = o->pos};
    return true;
}

bool bc_pdfout_bytes(bc_pdfout *o, const void *data, size_t len)
{
    return emit(o, data, len);
}

bool bc_pdfout_copy(bc_pdfout *o, int id, const void *data, size_t len)
{
    return at_offset(o, id) && emit(o, data, len);
}

bool bc_pdfout_copy_parts(bc_pdfout *o, int id, const void *a, size_t alen, const void *b,
                          size_t blen, const void *c, size_t clen)
{
    return at_offset(o, id) && emit(o, a, alen) && emit(o, b, blen) && emit(o, c, clen);
}

bool bc_pdfout_deflate(bc_pdfout *o, const void *data, size_t len, void **out, size_t *outlen)
{
    if (!ok(o))
        return false;
    if (deflateReset(&o->z) != Z_OK) {
        o->oom = true;
        return false;
    }
    size_t need = deflateBound(&o->z, (uLong)len) + 16;
    if (need > o->zcap) {
        unsigned char *b = realloc(o->zbuf, need);
        if (!b) {
            o->oom = true;
            return false;
        }
        o->zbuf = b;
        o->zcap = need;
    }
    o->z.next_in = (Bytef *)data;
    o->z.avail_in = (uInt)len;
    o->z.next_out = o->zbuf;
    o->z.avail_out = (uInt)o->zcap;
    if (deflate(&o->z, Z_FINISH) != Z_STREAM_END) {
        o->oom = true;
        return false;
    }
    *out = o->zbuf;
    *outlen = o->zcap - o->z.avail_out;
    return true;
}

/* Deflates len bytes of in, the last piece of the stream when last,
 * appending what comes out to zs (the stream begun by deflateReset). */
static bool deflate_piece(bc_pdfout *o, const unsigned char *in, size_t len, bool last, bc_buf *zs)
{
    unsigned char out[16384];
    o->z.next_in = (Bytef *)in;
    o->z.avail_in = (uInt)len;
    for (;;) {
        o->z.next_out = out;
        o->z.avail_out = sizeof out;
        int r = deflate(&o->z, last ? Z_FINISH : Z_NO_FLUSH);
        if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
            return false;
        bc_buf_append(zs, (const char *)out, sizeof out - o->z.avail_out);
        if (last ? r == Z_STREAM_END : o->z.avail_out != 0)
            break;
    }
    return !zs->oom;
}

/* A stream object with its dictionary's entries and the data as is. */
static bool put_stream(bc_pdfout *o, int id, const char *keys, const void *data, size_t len,
                       const char *filter)
{
    char head[96];
    if (!at_offset(o, id))
        return false;
    snprintf(head, sizeof head, "%d 0 obj\n<< ", id);
    if (!emit_str(o, head) || !emit_str(o, keys))
        return false;
    snprintf(head, sizeof head, "%s/Length %zu%s >>\nstream\n", *keys ? " " : "", len,
             filter ? " /Filter /FlateDecode" : "");
    return emit_str(o, head) && emit(o, data, len) && emit_str(o, "\nendstream\nendobj\n");
}

bool bc_pdfout_stream(bc_pdfout *o, int id, const char *keys, const void *data, size_t len,
                      bool compress)
{
    if (!compress)
        return put_stream(o, id, keys, data, len, NULL);
    void *z;
    size_t zlen;
    return bc_pdfout_deflate(o, data, len, &z, &zlen) &&
           put_stream(o, id, keys, z, zlen, "/FlateDecode");
}

/* The object stream being filled, written out. */
static bool flush_stm(bc_pdfout *o)
{
    if (!o->stm_n || !ok(o))
        return ok(o);
    int sid = bc_pdfout_new_id(o);
    for (int i = 0; i < o->stm_n; i++) {
        xent *e = entry(o, o->stm_ids[i]);
        if (!e)
            return false;
        *e = (xent){.type = 2, .f2 = (uint64_t)sid, .f3 = (uint32_t)i};
    }
    bc_buf all = BC_BUF_INIT;
    bc_buf_append(&all, o->stm_head.data, o->stm_head.len);
    size_t first = all.len;
    bc_buf_append(&all, o->stm_body.data, o->stm_body.len);
    char keys[96];
    snprintf(keys, sizeof keys, "/Type /ObjStm /N %d /First %zu", o->stm_n, first);
    bool r = !all.oom && bc_pdfout_stream(o, sid, keys, all.data, all.len, true);
    if (all.oom)
        o->oom = true;
    bc_buf_free(&all);
    o->stm_n = 0;
    o->stm_head.len = 0;
    o->stm_body.len = 0;
    return r;
}

bool bc_pdfout_object(bc_pdfout *o, int id, const char *text, size_t len)
{
    if (!ok(o) || !entry(o, id))
        return false;
    bc_buf_printf(&o->stm_head, "%d %zu ", id, o->stm_body.len);
    bc_buf_append(&o->stm_body, text, len);
    bc_buf_putc(&o->stm_body, '\n');
    if (o->stm_head.oom || o->stm_body.oom) {
        o->oom = true;
        return false;
    }
    o->stm_ids[o->stm_n++] = id;
    o->x[id].type = 2; /* placed at the flush; not free meanwhile */
    return o->stm_n < STM_MAX || flush_stm(o);
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
}

bc_status bc_pdfout_finish(bc_pdfout *o, int root_id, int info_id, bc_error *err)
{
    flush_stm(o);
    int xid = bc_pdfout_new_id(o);
    int size = o->next_id;
    if (ok(o))
        entry(o, size - 1);
    /* the cross-reference stream's own entry: the offset it starts at */
    if (ok(o))
        o->x[xid] = (xent){.type = 1, .f2 = o->pos};
    unsigned char md[16];
    gsize mdlen = sizeof md;
    g_checksum_get_digest(o->md, md, &mdlen);
    o->md_done = true;
    if (ok(o)) {
        uint64_t maxf2 = 0;
        for (int i = 0; i < size; i++)
            if (o->x[i].f2 > maxf2)
                maxf2 = o->x[i].f2;
        int w2 = 1;
        while (w2 < 8 && (maxf2 >> (8 * w2)))
            w2++;
        int row = 1 + w2 + 2;
        /* rows PNG "Up"-filtered (predictor 12): each entry's bytes less the
         * one above, mostly zeros, which deflate makes almost nothing of;
         * deflated as they are made, in pieces, so neither the table nor a
         * buffer of its size is held (1 000 000 table rows: ~300 000
         * objects, 2 MB each) */
        size_t rlen = (size_t)row + 1;
        unsigned char prev[1 + 8 + 2] = {0}, cur[1 + 8 + 2], in[4096];
        size_t inlen = 0;
        bc_buf zs = BC_BUF_INIT;
        bool zok = deflateReset(&o->z) == Z_OK;
        for (int i = 0; zok && i <= size; i++) {
            if (i < size) {
                const xent *e = &o->x[i];
                cur[0] = e->type;
                put_be(cur + 1, e->f2, w2);
                put_be(cur + 1 + w2, i == 0 ? 0xFFFF : e->f3, 2);
                in[inlen++] = 2;
                for (int k = 0; k < row; k++)
                    in[inlen++] = (unsigned char)(cur[k] - prev[k]);
                memcpy(prev, cur, (size_t)row);
            }
            if (i == size || inlen + rlen > sizeof in) {
                zok = deflate_piece(o, in, inlen, i == size, &zs);
                inlen = 0;
            }
        }
        bc_buf keys = BC_BUF_INIT;
        bc_buf_printf(&keys,
                      "/Type /XRef /Size %d /W [ 1 %d 2 ] /DecodeParms << /Columns %d "
                      "/Predictor 12 >> /Root %d 0 R",
                      size, w2, row, root_id);
        if (info_id > 0)
            bc_buf_printf(&keys, " /Info %d 0 R", info_id);
        bc_buf_puts(&keys, " /ID [ <");
        for (gsize i = 0; i < mdlen; i++)
            bc_buf_printf(&keys, "%02x", md[i]);
        bc_buf_puts(&keys, "> <");
        for (gsize i = 0; i < mdlen; i++)
            bc_buf_printf(&keys, "%02x", md[i]);
        bc_buf_puts(&keys, "> ]");
        if (keys.oom || !zok) {
            o->oom = true;
        } else {
            uint64_t at = o->pos;
            char tail[64];
            snprintf(tail, sizeof tail, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)at);
            put_stream(o, xid, keys.data, zs.data, zs.len, "/FlateDecode");
            emit_str(o, tail);
        }
        bc_buf_free(&keys);
        bc_buf_free(&zs);
    }
    if (o->failed && bc_outfile_error(o->out, err))
        return BC_E_OUTPUT;
    if (!ok(o))
        return bc_nomem(err);
    return BC_OK;
}

const char *bc_pdfout_real(char buf[32], double v)
{
    snprintf(buf, 32, "%.2f", v);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0')
        *--e = '\0';
    if (e > buf && e[-1] == '.')
        *--e = '\0';
    if (!strcmp(buf, "-0") || !*buf)
        strcpy(buf, "0");
    return buf;
}
