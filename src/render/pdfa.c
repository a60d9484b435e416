/* pdfa.c - cairo's (or libharu's) PDF finished as PDF/A-2b (or 3b): its objects copied,
 * what changes rewritten (read and printed by pdfobj.h, byte for byte as qpdf printed them),
 * new objects added (pdfout.h). */
#include "pdfa.h"

#include "grow.h"
#include "pdfdict.h"
#include "pdfobj.h"
#include "pdfout.h"
#include "scratch.h"
#include "sigfield.h"
#include "strbuf.h"

#include <cairo.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* generated/srgb_icc.c (CMakeLists.txt) */
extern const unsigned char bc_srgb_icc[];
extern const size_t bc_srgb_icc_len;

#define TZ_XMP "+07:00"
#define TZ_PDF "+07'00'"

/* "YYYY-MM-DDThh:mm:ss" -> the XMP and PDF forms; false when date is not
 * of that form. */
static bool convert_date(const char *date, char xmp[64], char pdf[64])
{
    int y, mo, d, h, mi, s;
    char tail;
    if (!date || sscanf(date, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6)
        return false;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || h < 0 ||
        mi < 0 || s < 0)
        return false;
    snprintf(xmp, 64, "%04d-%02d-%02dT%02d:%02d:%02d" TZ_XMP, y, mo, d, h, mi, s);
    snprintf(pdf, 64, "D:%04d%02d%02d%02d%02d%02d" TZ_PDF, y, mo, d, h, mi, s);
    return true;
}

/* The XMP packet; NULL on out-of-memory. Caller frees (bc_buf data).
 * A fixed template (the layout libxml2's indenting writer gave it, so the
 * packet's bytes did not change when that writer went: libxml2 and the ICU
 * it loads cost a third of the program's start-up) with each value escaped
 * by GLib's XML escaping (g_markup_escape_text: & < > " ' and control
 * characters as references). tests/pdfacheck.py parses it with an XML
 * parser and compares it with the Info dictionary. */
static char *make_xmp(const bc_pdf_meta *m, const char *lang, const char *producer,
                      const char *creator, const char *xmp_date, const char *part, size_t *len)
{
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                    "  <rdf:Description rdf:about=\"\""
                    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
                    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
                    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                    "   <dc:format>application/pdf</dc:format>\n");
    /* dc:title, dc:description: language alternatives; dc:creator: a sequence */
    const struct {
        const char *name, *container, *value;
        bool lang;
    } lists[] = {
        {"dc:title", "rdf:Alt", m ? m->title : NULL, true},
        {"dc:creator", "rdf:Seq", m ? m->author : NULL, false},
        {"dc:description", "rdf:Alt", m ? m->subject : NULL, true},
        {"dc:language", "rdf:Bag", lang, false},
    };
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof lists / sizeof *lists; i++) {
        if (!lists[i].value)
            continue;
        char *v = g_markup_escape_text(lists[i].value, -1);
        ok = v != NULL;
        if (ok)
            bc_buf_printf(&b, "   <%s>\n    <%s>\n     <rdf:li%s>%s</rdf:li>\n    </%s>\n   </%s>\n",
                          lists[i].name, lists[i].container,
                          lists[i].lang ? " xml:lang=\"x-default\"" : "", v, lists[i].container,
                          lists[i].name);
        g_free(v);
    }
    const struct {
        const char *name, *value;
    } simple[] = {
        {"pdf:Keywords", m ? m->keywords : NULL},
        {"pdf:Producer", producer},
        {"xmp:CreatorTool", creator},
        {"xmp:CreateDate", xmp_date},
        {"xmp:ModifyDate", xmp_date},
        {"xmp:MetadataDate", xmp_date},
        {"pdfaid:part", part},
        {"pdfaid:conformance", "B"},
    };
    for (size_t i = 0; ok && i < sizeof simple / sizeof *simple; i++) {
        if (!simple[i].value)
            continue;
        char *v = g_markup_escape_text(simple[i].value, -1);
        ok = v != NULL;
        if (ok)
            bc_buf_printf(&b, "   <%s>%s</%s>\n", simple[i].name, v, simple[i].name);
        g_free(v);
    }
    bc_buf_puts(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    if (!ok || b.oom) {
        bc_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

/* A URL as a PDF URI string: 7-bit ASCII, other bytes percent-encoded. */
static char *uri_ascii(const char *u)
{
    bc_buf b = BC_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
        if (*p >= 0x80 || *p <= 0x20 || *p == 0x7F)
            bc_buf_printf(&b, "%%%02X", *p);
        else
            bc_buf_putc(&b, (char)*p);
    }
    if (b.oom) {
        bc_buf_free(&b);
        return NULL;
    }
    return bc_buf_detach(&b);
}


/* ---- the finish (bc_pdfa_write) -------------------------------------------------------
 *
 * cairo 1.16 (and libharu) write one classic cross-reference table and
 * each object on its own lines. Its objects are copied as they are, in their order,
 * except: the catalog, the Info dictionary, the pages (/StructParents,
 * /Tabs, /Annots) and the CID fonts without /CIDToGIDMap are rewritten
 * (pdfobj.h reads and prints them), each page's content is retagged and
 * compressed again, and cairo's own structure tree (every StructElem, the
 * tree root, its ParentTree and the ParentTree's arrays) is left out: ours
 * replaces it. The new objects (XMP, the OutputIntent's profile, the
 * structure tree, link annotations, signature fields) follow, the small
 * ones in object streams, then a cross-reference stream (pdfout.h). Only
 * the few objects rewritten are parsed: nothing is parsed twice, nothing
 * is decompressed but the page contents, and the file is written as it
 * goes. */

/* An object of cairo's file: where it starts (it ends where the next
 * one starts); 8 bytes, offsets below 1 TiB, numbers below 2^24. */
typedef struct cobj {
    uint64_t off : 40;
    uint64_t id : 24;
} cobj;
#define COBJ_MAX_ID ((1 << 24) - 1)

static int cobj_cmp(const void *pa, const void *pb)
{
    const cobj *a = pa, *b = pb;
    return a->off < b->off ? -1 : a->off > b->off;
}

static size_t skip_ws(const unsigned char *p, size_t len, size_t i)
{
    while (i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
        i++;
    return i;
}

static bool read_uint(const unsigned char *p, size_t len, size_t *i, unsigned long long *v)
{
    size_t s = *i;
    *v = 0;
    while (*i < len && p[*i] >= '0' && p[*i] <= '9' && *i - s < 18)
        *v = *v * 10 + (unsigned long long)(p[(*i)++] - '0');
    return *i > s;
}

/* The writer's file, read back from its temporary file (scratch.h) with
 * bounded buffers, never as a whole: objects are read in file order
 * through a window of WIN_SIZE bytes (an object larger than that gets a
 * window of its own size), the few objects looked up by number (lengths,
 * pages, the catalog) through a second buffer, so reading one never
 * moves the other. */
#define WIN_SIZE (1u << 20)

typedef struct src {
    bc_scratch *s;
    uint64_t len;      /* the file's size */
    uint64_t end;      /* where the objects end (the cross-reference table) */
    const cobj *objs;  /* sorted by offset */
    size_t nobjs;
    const int *where;  /* [id]: index in objs, -1 */
    int size;          /* the table's /Size */
    unsigned char *win;
    size_t wcap, wlen;
    uint64_t woff;
    unsigned char *aux;
    size_t acap;
    bool bad;          /* an object not where the table says */
    bool oom;
} src;

/* Where object c ends: where the next one starts. */
static uint64_t cend(const src *s, const cobj *c)
{
    return c + 1 < s->objs + s->nobjs ? (c + 1)->off : s->end;
}

/* Object c's size in bytes. */
static size_t clen(const src *s, const cobj *c)
{
    return (size_t)(cend(s, c) - c->off);
}

static bool src_grow(src *s, unsigned char **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return true;
    unsigned char *v = realloc(*buf, n);
    if (!v) {
        s->oom = true;
        return false;
    }
    *buf = v;
    *cap = n;
    return true;
}

/* "N 0 obj" at the start of object c's bytes q. */
static bool obj_head_ok(src *s, const cobj *c, const unsigned char *q)
{
    char head[32];
    int hl = snprintf(head, sizeof head, "%d 0 obj", (int)c->id);
    if (clen(s, c) < (size_t)hl || memcmp(q, head, (size_t)hl)) {
        s->bad = true;
        return false;
    }
    return true;
}

/* Object c's bytes (clen of them) through the window; valid
 * until the next call. NULL: a read error (the scratch file says which),
 * out of memory or not the object the table says (s->bad). */
static const unsigned char *obj_bytes(src *s, const cobj *c)
{
    size_t n = clen(s, c);
    if (n == 0) {
        s->bad = true;
        return NULL;
    }
    if (c->off < s->woff || cend(s, c) > s->woff + s->wlen) {
        size_t want = n > WIN_SIZE ? n : WIN_SIZE;
        if (want > s->end - c->off)
            want = (size_t)(s->end - c->off);
        if (!src_grow(s, &s->win, &s->wcap, want ? want : 1))
            return NULL;
        s->wlen = 0;
        if (!bc_scratch_read(s->s, c->off, s->win, want))
            return NULL;
        s->woff = c->off;
        s->wlen = want;
    }
    const unsigned char *q = s->win + (c->off - s->woff);
    return obj_head_ok(s, c, q) ? q : NULL;
}

/* Object id's bytes through the second buffer (NUL after them), *n their
 * count; NULL when id is not an object of the file (or as obj_bytes). */
static const unsigned char *aux_bytes(src *s, int id, const cobj **cp)
{
    if (id <= 0 || id >= s->size || s->where[id] < 0) {
        s->bad = true;
        return NULL;
    }
    const cobj *c = &s->objs[s->where[id]];
    size_t n = clen(s, c);
    if (!src_grow(s, &s->aux, &s->acap, n + 1) || !bc_scratch_read(s->s, c->off, s->aux, n))
        return NULL;
    s->aux[n] = '\0';
    *cp = c;
    return obj_head_ok(s, c, s->aux) ? s->aux : NULL;
}

/* The objects of cairo's one cross-reference table, sorted by offset, its
 * /Size, and the trailer's text (*trailer, NUL-terminated, caller frees).
 * false: not such a file (or out of memory: s->oom, a read error). The
 * table is read in pieces; each object's first bytes ("N 0 obj") are
 * checked when it is read. */
static bool read_xref(src *s, cobj **objs, size_t *nobjs, char **trailer)
{
    unsigned char tail[64];
    uint64_t len = s->len;
    size_t tl = len > sizeof tail ? sizeof tail : (size_t)len;
    if (!bc_scratch_read(s->s, len - tl, tail, tl))
        return false;
    size_t sx = (size_t)-1;
    for (size_t i = 0; i + 9 <= tl; i++)
        if (!memcmp(tail + i, "startxref", 9))
            sx = i + 9;
    unsigned long long at, first, count;
    if (sx == (size_t)-1)
        return false;
    size_t i = skip_ws(tail, tl, sx);
    if (!read_uint(tail, tl, &i, &at) || at + 4 > len)
        return false;
    unsigned char head[64];
    size_t hl = len - at > sizeof head ? sizeof head : (size_t)(len - at);
    if (!bc_scratch_read(s->s, at, head, hl) || memcmp(head, "xref", 4))
        return false;
    i = skip_ws(head, hl, 4);
    if (!read_uint(head, hl, &i, &first) || first != 0)
        return false;
    i = skip_ws(head, hl, i);
    if (!read_uint(head, hl, &i, &count) || count < 1 || count > COBJ_MAX_ID || i >= hl)
        return false;
    i = skip_ws(head, hl, i);
    uint64_t ent = at + i; /* the first entry */
    if (i >= hl || ent + count * 20 > len)
        return false;
    cobj *v = malloc(count * sizeof *v);
    enum { CHUNK = 4096 };
    unsigned char *buf = malloc(CHUNK * 20);
    if (!v || !buf) {
        free(v);
        free(buf);
        s->oom = true;
        return false;
    }
    size_t n = 0;
    bool good = true;
    for (unsigned long long k0 = 0; good && k0 < count; k0 += CHUNK) {
        size_t m = count - k0 < CHUNK ? (size_t)(count - k0) : CHUNK;
        if (!bc_scratch_read(s->s, ent + k0 * 20, buf, m * 20)) {
            good = false;
            break;
        }
        for (size_t k = 0; k < m; k++) {
            const unsigned char *e = buf + k * 20;
            if (e[17] != 'n')
                continue;
            size_t j = 0;
            unsigned long long off;
            if (!read_uint(e, 20, &j, &off) || off >= at || off >= (1ULL << 40)) {
                good = false;
                break;
            }
            v[n++] = (cobj){.off = off, .id = k0 + k};
        }
    }
    free(buf);
    /* the trailer: one section only */
    uint64_t tr = ent + count * 20;
    size_t trl = (size_t)(len - tr);
    char *t = good && n && trl < 65536 ? malloc(trl + 1) : NULL;
    if (good && n && trl < 65536 && !t)
        s->oom = true;
    if (!t || !bc_scratch_read(s->s, tr, t, trl)) {
        free(t);
        free(v);
        return false;
    }
    t[trl] = '\0';
    size_t ti = skip_ws((const unsigned char *)t, trl, 0);
    char *sx2 = strstr(t, "startxref");
    if (ti + 7 > trl || memcmp(t + ti, "trailer", 7) || !sx2) {
        free(t);
        free(v);
        return false;
    }
    *sx2 = '\0';
    memmove(t, t + ti + 7, strlen(t + ti + 7) + 1);
    qsort(v, n, sizeof *v, cobj_cmp);
    /* two objects at one offset: not a file our writers made (and an
     * object of no bytes would leave the window unread) */
    for (size_t k = 1; k < n; k++)
        if (v[k].off == v[k - 1].off) {
            free(t);
            free(v);
            return false;
        }
    *objs = v;
    *nobjs = n;
    *trailer = t;
    s->end = at;
    s->size = (int)count;
    return true;
}

/* cairo's "N 0 obj\n<< /Type /StructElem ..." (q: the object's n bytes) */
static bool is_struct_elem(const unsigned char *q, size_t n)
{
    static const char want[] = "<< /Type /StructElem";
    const unsigned char *nl = memchr(q, '\n', n < 24 ? n : 24);
    size_t at = nl ? (size_t)(nl - q) + 1 : n;
    return at + sizeof want - 1 <= n && !memcmp(q + at, want, sizeof want - 1);
}


/* " N" and " N 0 R" without printf (the tree has a reference per kid). */
static void put_int(bc_buf *b, long v)
{
    char t[24];
    int n = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        t[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        t[n++] = '-';
    t[n++] = ' ';
    char r[24];
    for (int i = 0; i < n; i++)
        r[i] = t[n - 1 - i];
    bc_buf_append(b, r, (size_t)n);
}

static void put_ref(bc_buf *b, int id)
{
    put_int(b, id);
    bc_buf_append(b, " 0 R", 4);
}

/* An element's kids: elements, marked content (an MCID on a page),
 * objects (Link elements) and object references (a Link element's
 * annotation), in the order they were added. */
enum { KID_ELEM, KID_MCID, KID_OBJ, KID_OBJR };
typedef struct kid {
    int kind, a, b; /* ELEM: a = element; MCID: a = mcid, b = page; OBJ: a = object number;
                     * OBJR: a = annotation's object number, b = page */
} kid;
typedef struct tnode {
    kid *v;
    int n, cap;
    int pg; /* page of the first marked content, -1 */
} tnode;

typedef struct pgid {
    int id, page;
} pgid;

typedef struct pinfo {
    int id, contents, length_id;
    double h;
} pinfo;

/* What becomes of each object of cairo's file. */
enum { ACT_COPY, ACT_DROP, ACT_PAGE, ACT_CONTENT, ACT_ANNOT, ACT_FILESPEC, ACT_EMBED, ACT_LENGTH };

typedef struct fin {
    src in;               /* the writer's file */
    char *trailer;        /* its trailer dictionary's text */
    int root_id, pages_id, info_id;
    const bc_pdfa_doc *doc;
    bc_pdfout *o;
    int npages;
    pinfo *pages;
    unsigned char *act;   /* [cairo id] */
    pgid *pgmap;          /* the pages' and their contents' numbers, sorted: their page */
    size_t npgmap;
    pgid *embeds;         /* ACT_EMBED's stream -> its file specification */
    size_t nembeds;
    bool read_failed;     /* reading the writer's file failed (f->in says why) */
    int *af_ids;          /* the embedded files' specifications (libharu's drafts) */
    int naf;
    const char *pdf_date; /* for the embedded files' /ModDate, NULL */
    int csize;            /* cairo's /Size */
    tnode *node;          /* [nelems + 1]: the elements, then the Document */
    int elem0, doc_id, str_id, ptree_id, meta_id, icc_id, form_id;
    int *link_annot, *link_elem; /* [link]: numbers, 0 when the link is skipped */
    int *field_id;        /* [field]: widget number (its appearance: + 1), 0 skipped */
    int *annot_first, *annot_ids; /* page p's annotations: annot_ids[annot_first[p] ..
                                   * annot_first[p + 1]) */
    /* The ParentTree, a number tree written as it goes: the entries of the
     * leaf being filled (keys nums_first .. nums_last), and the leaves
     * written (their numbers). A tree of one leaf is written as the root. */
    bc_buf nums;
    int nums_first, nums_last, nums_n;
    int *leaves;
    size_t nleaves, leaves_cap;
    bc_buf leaf;          /* scratch for a leaf's text */
    int next_content;     /* pages must come in order: the next page to retag */
    int next_key;
    bc_buf text;          /* scratch */
    bool oom;
} fin;

/* Where object q[0..n)'s value starts (after "N 0 obj") and ends (before
 * "endobj"), and whether it is a stream. false: not of that form. */
static bool obj_body(const unsigned char *q, size_t n, size_t *b, size_t *e, bool *stream)
{
    size_t i = 0;
    while (i < n && q[i] != 'j') /* "N 0 obj" was checked */
        i++;
    i = skip_ws(q, n, i + 1);
    size_t j = n;
    while (j > i && (q[j - 1] == ' ' || q[j - 1] == '\n' || q[j - 1] == '\r'))
        j--;
    if (j < i + 6 || memcmp(q + j - 6, "endobj", 6))
        return false;
    j -= 6;
    while (j > i && (q[j - 1] == ' ' || q[j - 1] == '\n' || q[j - 1] == '\r'))
        j--;
    *b = i;
    *e = j;
    *stream = j >= i + 9 && !memcmp(q + j - 9, "endstream", 9);
    return j > i;
}

/* The numbers of "N 0 R" references in q[i..e) are dropped (when
 * plain copies). */
static void drop_refs(fin *f, const unsigned char *q, size_t i, size_t e)
{
    unsigned long long v[3] = {0};
    int nv = 0;
    while (i < e) {
        unsigned long long x;
        if (q[i] >= '0' && q[i] <= '9' && read_uint(q, e, &i, &x)) {
            if (nv == 3) {
                v[0] = v[1];
                v[1] = v[2];
                nv = 2;
            }
            v[nv++] = x;
            continue;
        }
        if (q[i] == 'R' && nv >= 2 && v[nv - 1] == 0 && v[nv - 2] < (unsigned long long)f->csize &&
            f->act[v[nv - 2]] == ACT_COPY)
            f->act[v[nv - 2]] = ACT_DROP;
        if (q[i] != ' ' && q[i] != '\n' && q[i] != '\r')
            nv = 0;
        i++;
    }
}

/* The value text of object id (its bytes through the second buffer,
 * "N 0 obj" and "endobj" cut): *t, *n. false: not an object of the file,
 * or a stream when want_stream is false (the dictionary only, when true). */
static bool obj_dict(fin *f, int id, const char **t, size_t *n, bool *stream)
{
    const cobj *c;
    const unsigned char *q = aux_bytes(&f->in, id, &c);
    size_t b, e;
    if (!q || !obj_body(q, clen(&f->in, c), &b, &e, stream))
        return false;
    *t = (const char *)q + b;
    *n = e - b;
    return true;
}

/* cairo's structure tree root (the catalog's /StructTreeRoot), its
 * ParentTree and the ParentTree's arrays are left out, by their text (its
 * elements too, as they are copied): ours replace them. One that is not
 * recognised stays, unreferenced. false: the file could not be read. */
static bool drop_cairo_tree(fin *f)
{
    static const char root[] = "<< /Type /StructTreeRoot";
    const char *t;
    size_t n, vs, ve;
    bool stream;
    int id0;
    if (!obj_dict(f, f->root_id, &t, &n, &stream))
        return false;
    if (stream || bc_pdfdict_find(t, n, "/StructTreeRoot", &vs, &ve) != 1 ||
        !bc_pdfdict_ref(t, vs, ve, &id0) || id0 >= f->csize || f->in.where[id0] < 0 ||
        f->act[id0] != ACT_COPY)
        return true;
    const cobj *c;
    const unsigned char *q = aux_bytes(&f->in, id0, &c);
    if (!q)
        return false;
    size_t b, e;
    if (!obj_body(q, clen(&f->in, c), &b, &e, &stream) || stream || e - b < sizeof root ||
        memcmp(q + b, root, sizeof root - 1))
        return true;
    f->act[id0] = ACT_DROP;
    const unsigned char *pt = NULL;
    for (size_t i = b; !pt && i + 12 < e; i++)
        if (q[i] == '/' && !memcmp(q + i, "/ParentTree ", 12))
            pt = q + i + 12;
    size_t i = pt ? (size_t)(pt - q) : e;
    unsigned long long id;
    if (!pt || !read_uint(q, e, &i, &id) || id >= (unsigned long long)f->csize ||
        f->in.where[id] < 0 || f->act[id] != ACT_COPY)
        return true;
    const cobj *tc;
    const unsigned char *tq = aux_bytes(&f->in, (int)id, &tc);
    if (!tq)
        return false;
    size_t tb, te;
    if (!obj_body(tq, clen(&f->in, tc), &tb, &te, &stream) || stream || te - tb < 10 ||
        memcmp(tq + tb, "<< /Nums [", 10))
        return true;
    f->act[id] = ACT_DROP;
    drop_refs(f, tq, tb + 10, te);
    return true;
}

/* cairo's CID font dictionaries: "/CIDFontType2" in an object's first
 * bytes (q, n). */
static bool looks_cid_font(const unsigned char *q, size_t n)
{
    if (n > 256)
        n = 256;
    for (size_t i = 0; i + 13 <= n; i++)
        if (q[i] == '/' && !memcmp(q + i, "/CIDFontType2", 13))
            return true;
    return false;
}

/* "/Length N 0 R" first in a stream's dictionary (q[b..e): the object's
 * value) with N an integer object: *lid = N, *len its value. A read error
 * sets f->read_failed. */
static bool length_ref(fin *f, const unsigned char *q, size_t b, size_t e, int *lid,
                       long long *len)
{
    if (e - b < 16 || memcmp(q + b, "<<", 2))
        return false;
    size_t i = skip_ws(q, e, b + 2);
    if (i + 8 > e || memcmp(q + i, "/Length ", 8))
        return false;
    i += 8;
    unsigned long long id, gen, v;
    if (!read_uint(q, e, &i, &id) || i >= e || q[i++] != ' ' || !read_uint(q, e, &i, &gen) ||
        gen || i + 2 > e || memcmp(q + i, " R", 2) || id >= (unsigned long long)f->csize ||
        f->in.where[id] < 0)
        return false;
    const cobj *l;
    const unsigned char *lq = aux_bytes(&f->in, (int)id, &l);
    if (!lq) {
        f->read_failed = true;
        return false;
    }
    size_t lb, le;
    bool ls;
    if (!obj_body(lq, clen(&f->in, l), &lb, &le, &ls) || ls)
        return false;
    size_t j = lb;
    if (!read_uint(lq, le, &j, &v) || j != le)
        return false;
    *lid = (int)id;
    *len = (long long)v;
    return true;
}

/* Another writer's file (libharu's): its streams' lengths, objects of
 * their own, are written in place (ACT_LENGTH), wherever they are in the
 * file. cairo writes each length right after its stream: copy_obj decides
 * there. false: the file could not be read. */
static bool plan_lengths(fin *f, const cobj *objs, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const cobj *c = &objs[k];
        if (f->act[c->id] != ACT_COPY)
            continue;
        const unsigned char *q = obj_bytes(&f->in, c);
        if (!q)
            return false;
        size_t b, e;
        bool stream;
        int lid;
        long long len;
        if (obj_body(q, clen(&f->in, c), &b, &e, &stream) && stream &&
            length_ref(f, q, b, e, &lid, &len) && f->act[lid] == ACT_COPY)
            f->act[lid] = ACT_LENGTH;
        if (f->read_failed)
            return false;
    }
    return true;
}

/* One of cairo's objects as it is (q: its bytes): a stream verbatim (its
 * length written in when it is an integer object of its own: left out),
 * anything else into an object stream. */
static bool copy_obj(fin *f, const cobj *c, const unsigned char *q)
{
    size_t b, e, n = clen(&f->in, c);
    bool stream;
    if (!obj_body(q, n, &b, &e, &stream))
        return bc_pdfout_copy(f->o, c->id, q, n);
    if (!stream)
        return bc_pdfout_object(f->o, c->id, (const char *)q + b, e - b);
    int lid;
    long long len;
    bool in = length_ref(f, q, b, e, &lid, &len) &&
              (f->act[lid] == ACT_LENGTH ||
               (!f->doc->writer && f->act[lid] == ACT_COPY &&
                f->in.where[lid] > (int)(c - f->in.objs)));
    if (f->read_failed)
        return false;
    if (!in)
        return bc_pdfout_copy(f->o, c->id, q, n);
    f->act[lid] = ACT_LENGTH;
    size_t v = skip_ws(q, e, b + 2) + 8, i = v; /* after "<< /Length ": skip "N 0 R" */
    while (q[i] != 'R')
        i++;
    char num[32];
    int nl = snprintf(num, sizeof num, "%lld", len);
    return bc_pdfout_copy_parts(f->o, c->id, q, v, num, (size_t)nl, q + i + 1, n - i - 1);
}

static bool add_kid(fin *f, int elem, kid k)
{
    tnode *t = &f->node[elem];
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 4;
        kid *v = realloc(t->v, (size_t)cap * sizeof *v);
        if (!v) {
            f->oom = true;
            return false;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = k;
    return true;
}

/* The object number of element i (nelems: the Document). */
static int elem_id(const fin *f, int i)
{
    return (size_t)i >= f->doc->nelems ? f->doc_id : f->elem0 + i;
}

/* ParentTree entries per leaf of its number tree: a long document's tree
 * is not one array of tens of thousands of entries held and copied whole
 * at the end (1 000 000 table rows: 47 620 pages, ~1.4 MB of text). */
#define NUMS_LEAF 256

/* Writes the leaf being filled, if it has entries. */
static bool nums_flush(fin *f)
{
    if (!f->nums_n)
        return true;
    if (!BC_GROW(&f->leaves, &f->leaves_cap, f->nleaves + 1, 64)) {
        f->oom = true;
        return false;
    }
    int id = bc_pdfout_new_id(f->o);
    bc_buf *b = &f->leaf;
    b->len = 0;
    bc_buf_printf(b, "<< /Limits [ %d %d ] /Nums [ ", f->nums_first, f->nums_last);
    bc_buf_append(b, f->nums.data, f->nums.len);
    bc_buf_puts(b, "] >>");
    if (b->oom) {
        f->oom = true;
        return false;
    }
    f->leaves[f->nleaves++] = id;
    f->nums.len = 0;
    f->nums_n = 0;
    return id > 0 && bc_pdfout_object(f->o, id, b->data, b->len);
}

/* The entry for key has been added to f->nums. */
static bool nums_added(fin *f, int key)
{
    if (f->nums.oom) {
        f->oom = true;
        return false;
    }
    if (!f->nums_n++)
        f->nums_first = key;
    f->nums_last = key;
    return f->nums_n < NUMS_LEAF || nums_flush(f);
}

/* Page pno's content data: its marked-content sequences with an MCID
 * ("/<Name> << /MCID n >> BDC", as cairo writes them) are, in order, the
 * writer's tags of the page: an element's goes to its kids and the page's
 * ParentTree array (nums_added: a failed leaf write is the
 * writer's error, said at finish), an artifact's becomes "/Artifact BMC". false: the
 * sequences do not match the writer's list (*bad), or out-of-memory. */
static bool retag(fin *f, int pno, const char *c, size_t len, bc_buf *out, bool *bad)
{
    const bc_pdfa_doc *doc = f->doc;
    const int *tags = NULL;
    size_t ntags = 0, k = 0;
    if ((size_t)pno < doc->npage_tags) {
        tags = doc->tags + doc->page_tags[pno];
        ntags = doc->page_tags[pno + 1] - doc->page_tags[pno];
    }
    /* mcid -> element of the page (-1 none) */
    int *par = NULL;
    long npar = 0, cappar = 0;
    size_t at = 0, scan = 0;
    static const char mid[] = " << /MCID ";
    static const char tail[] = " >> BDC";
    const size_t nmid = sizeof mid - 1, ntail = sizeof tail - 1;
    for (;;) {
        const char *hit = NULL;
        while (scan + nmid <= len) {
            const char *m = memchr(c + scan, '<', len - scan);
            if (!m)
                break;
            size_t mp = (size_t)(m - c);
            if (mp >= 1 && mp + nmid - 1 <= len && memcmp(c + mp - 1, mid, nmid) == 0) {
                hit = c + mp - 1;
                break;
            }
            scan = mp + 1;
        }
        if (!hit)
            break;
        size_t e = (size_t)(hit - c), h = e;
        while (h > 0 && c[h - 1] != '/' && c[h - 1] > ' ')
            h--;
        size_t end = e + nmid;
        long mcid = 0;
        while (end < len && c[end] >= '0' && c[end] <= '9' && mcid < 100000000)
            mcid = mcid * 10 + (c[end++] - '0');
        scan = end;
        if (h == 0 || c[h - 1] != '/' || end == e + nmid || len - end < ntail ||
            memcmp(c + end, tail, ntail) != 0)
            continue; /* not a marked-content start */
        end += ntail;
        h--; /* the '/' */
        if (k >= ntags) {
            *bad = true;
            break;
        }
        int idx = tags[k++];
        const char *want = idx >= 0 && (size_t)idx < doc->nelems
                               ? bc_stype_mc_tag(doc->elems[idx].type)
                               : NULL;
        const char *name = want ? want : "NonStruct";
        if (e - h - 1 != strlen(name) || memcmp(c + h + 1, name, e - h - 1) != 0) {
            *bad = true;
            break;
        }
        if (idx < 0) {
            bc_buf_append(out, c + at, h - at);
            bc_buf_puts(out, "/Artifact BMC");
            at = end;
            continue;
        }
        if (mcid >= cappar) {
            long cap = cappar ? cappar * 2 : 64;
            while (cap <= mcid)
                cap *= 2;
            int *v = realloc(par, (size_t)cap * sizeof *v);
            if (!v) {
                f->oom = true;
                break;
            }
            par = v;
            cappar = cap;
        }
        while (npar <= mcid)
            par[npar++] = -1;
        par[mcid] = idx;
        tnode *t = &f->node[idx];
        if (t->pg < 0)
            t->pg = pno;
        if (!add_kid(f, idx, (kid){KID_MCID, (int)mcid, pno}))
            break;
    }
    if (k != ntags)
        *bad = true;
    if (!*bad && !f->oom) {
        if (at < len)
            bc_buf_append(out, c + at, len - at);
        put_int(&f->nums, pno);
        bc_buf_puts(&f->nums, " [");
        for (long i = 0; i < npar; i++) {
            if (par[i] < 0)
                bc_buf_puts(&f->nums, " null");
            else
                put_ref(&f->nums, elem_id(f, par[i]));
        }
        bc_buf_puts(&f->nums, " ] ");
        nums_added(f, pno);
    }
    free(par);
    if (out->oom || f->nums.oom)
        f->oom = true;
    return !*bad && !f->oom;
}

/* A PDF string as qpdf prints it (pdfobj.h), appended to b. */
static void put_string(bc_buf *b, const char *s)
{
    bc_pdfobj_string(b, s, strlen(s));
}

/* Object id of the writer's file read (pdfobj.h): a dictionary, not a
 * stream. NULL: not one the reader accepts (f->read_failed when the file
 * could not be read, f->oom). Caller frees. */
static bc_pdfobj *read_dict_obj(fin *f, int id)
{
    const char *t;
    size_t n;
    bool stream, oom = false;
    if (!obj_dict(f, id, &t, &n, &stream)) {
        if (f->in.oom || bc_scratch_error(f->in.s, NULL))
            f->read_failed = true;
        return NULL;
    }
    if (stream)
        return NULL;
    bc_pdfobj *o = bc_pdfobj_parse(t, n, f->csize, &oom);
    if (oom)
        f->oom = true;
    if (o && !bc_pdfobj_is_dict(o)) {
        bc_pdfobj_free(o);
        return NULL;
    }
    return o;
}

/* o printed into f->text (replacing it); open: without its last ">>". */
static bool print_dict(fin *f, const bc_pdfobj *o, bool open)
{
    f->text.len = 0;
    return bc_pdfobj_print(o, open, &f->text) && !f->text.oom;
}

/* Page p's dictionary with its new keys. */
static bool write_page(fin *f, int p)
{
    bc_pdfobj *page = read_dict_obj(f, f->pages[p].id);
    if (!page)
        return false;
    bool good = !bc_pdfobj_has(page, "/Annots"); /* cairo wrote none: ours would hide them */
    if (good && f->doc->tagged) {
        char num[24];
        int n = snprintf(num, sizeof num, "%d", p);
        good = bc_pdfobj_set(page, "/StructParents", num, (size_t)n) &&
               bc_pdfobj_set(page, "/Tabs", "/S", 2);
        if (!good)
            f->oom = true;
    }
    good = good && print_dict(f, page, true);
    bc_pdfobj_free(page);
    if (!good)
        return false;
    int a0 = f->annot_first[p], a1 = f->annot_first[p + 1];
    if (a1 > a0) {
        bc_buf_puts(&f->text, " /Annots [");
        for (int i = a0; i < a1; i++)
            bc_buf_printf(&f->text, " %d 0 R", f->annot_ids[i]);
        bc_buf_puts(&f->text, " ]");
    }
    bc_buf_puts(&f->text, " >>");
    return !f->text.oom && bc_pdfout_object(f->o, f->pages[p].id, f->text.data, f->text.len);
}

/* The data of stream object c (q: its bytes), decoded (none or
 * /FlateDecode, as cairo writes page contents), into *out. false: not a
 * stream this reader accepts (or out of memory: out->oom, f->oom; a read
 * error). */
static bool stream_data(fin *f, const cobj *c, const unsigned char *q, bc_buf *out)
{
    size_t b, e;
    bool stream;
    if (!obj_body(q, clen(&f->in, c), &b, &e, &stream) || !stream)
        return false;
    const char *t = (const char *)q + b;
    size_t dn = bc_pdfdict_end(t, e - b), vs, ve;
    long long len;
    int lid;
    if (!dn || bc_pdfdict_find(t, dn, "/Length", &vs, &ve) != 1)
        return false;
    if (bc_pdfdict_ref(t, vs, ve, &lid)) {
        const cobj *lc;
        const unsigned char *lq = aux_bytes(&f->in, lid, &lc);
        size_t lb, le;
        bool ls;
        if (!lq || !obj_body(lq, clen(&f->in, lc), &lb, &le, &ls) || ls ||
            !bc_pdfdict_int((const char *)lq, lb, le, &len))
            return false;
    } else if (!bc_pdfdict_int(t, vs, ve, &len)) {
        return false;
    }
    int r = bc_pdfdict_find(t, dn, "/Filter", &vs, &ve);
    bool flate = r == 1 && bc_pdfdict_name_is(t, vs, ve, "/FlateDecode");
    if (r < 0 || (r == 1 && !flate) || bc_pdfdict_find(t, dn, "/DecodeParms", &vs, &ve) != 0)
        return false;
    size_t i = skip_ws(q, e, b + dn);
    if (i + 7 > e || memcmp(q + i, "stream", 6))
        return false;
    i += 6;
    if (q[i] == '\r' && i + 1 < e && q[i + 1] == '\n')
        i += 2;
    else if (q[i] == '\n')
        i++;
    else
        return false;
    if (len < 0 || (unsigned long long)len > e - i)
        return false;
    const unsigned char *data = q + i;
    if (!flate) {
        bc_buf_append(out, (const char *)data, (size_t)len);
        return !out->oom;
    }
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK) {
        f->oom = true;
        return false;
    }
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    int zr = Z_OK;
    while (zr == Z_OK) {
        char chunk[16384];
        z.next_out = (unsigned char *)chunk;
        z.avail_out = sizeof chunk;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr == Z_OK || zr == Z_STREAM_END)
            bc_buf_append(out, chunk, sizeof chunk - z.avail_out);
        if (zr == Z_BUF_ERROR && z.avail_in == 0)
            break;
    }
    inflateEnd(&z);
    if (zr == Z_MEM_ERROR)
        f->oom = true;
    return zr == Z_STREAM_END && !out->oom;
}

/* Page p's content (object c, q its bytes), retagged, compressed again. */
static bc_status write_content(fin *f, int p, const cobj *c, const unsigned char *q, bc_error *err)
{
    if (p != f->next_content)
        return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                            "tệp PDF của cairo: nội dung trang %d không theo thứ tự (lỗi nội bộ, "
                            "hãy báo cho người phát triển)",
                            p + 1);
    f->next_content++;
    bc_buf data = BC_BUF_INIT;
    if (!stream_data(f, c, q, &data)) {
        bool oom = data.oom || f->oom;
        bc_buf_free(&data);
        if (oom)
            return bc_nomem(err);
        if (bc_scratch_error(f->in.s, err))
            return BC_E_OUTPUT;
        return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                            "không hoàn tất được tệp PDF/A (đọc nội dung trang %d) (lỗi nội bộ, "
                            "hãy báo cho người phát triển)",
                            p + 1);
    }
    bc_buf out = BC_BUF_INIT;
    bool bad = false;
    bool done = retag(f, p, data.data ? data.data : "", data.len, &out, &bad);
    bc_buf_free(&data);
    if (!done) {
        bc_buf_free(&out);
        if (bad)
            return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                                "trang %d của tệp PDF: thẻ cấu trúc không khớp với nội dung (lỗi "
                                "nội bộ, hãy báo cho người phát triển)",
                                p + 1);
        return bc_nomem(err);
    }
    bool w = bc_pdfout_stream(f->o, f->pages[p].contents, "", out.data, out.len, true);
    bc_buf_free(&out);
    return w ? BC_OK : BC_E_OUTPUT; /* the writer's error, reported at finish */
}


/* A CID font of cairo's without /CIDToGIDMap gets /Identity (what its
 * subsets mean; PDF/A-2 requires the key). true: the object was written. */
static bool fix_cid_font(fin *f, const cobj *c, const unsigned char *q)
{
    if (!looks_cid_font(q, clen(&f->in, c)))
        return false;
    size_t b, e;
    bool stream;
    if (obj_body(q, clen(&f->in, c), &b, &e, &stream) && stream)
        return false; /* not a font dictionary */
    bc_pdfobj *h = read_dict_obj(f, (int)c->id);
    if (!h) {
        f->read_failed = true;
        return false;
    }
    bool fix = bc_pdfobj_name_is(h, "/Type", "/Font") &&
               bc_pdfobj_name_is(h, "/Subtype", "/CIDFontType2") &&
               !bc_pdfobj_has(h, "/CIDToGIDMap");
    if (fix) {
        fix = bc_pdfobj_set(h, "/CIDToGIDMap", "/Identity", 9) && print_dict(f, h, false) &&
              bc_pdfout_object(f->o, c->id, f->text.data, f->text.len);
        if (!fix)
            f->read_failed = true;
    }
    bc_pdfobj_free(h);
    return fix;
}

/* The structure elements, the Document, the tree root and its ParentTree. */
static bool write_tree(fin *f)
{
    const bc_pdfa_doc *doc = f->doc;
    bc_buf *b = &f->text;
    for (size_t i = 0; i <= doc->nelems; i++) {
        const tnode *t = &f->node[i];
        b->len = 0;
        if (i == doc->nelems) {
            bc_buf_printf(b, "<< /Type /StructElem /S /Document /P %d 0 R /K [", f->str_id);
        } else {
            const bc_pdf_selem *se = &doc->elems[i];
            const char *name = bc_stype_name(se->type);
            bool has_parent = se->parent >= 0 && (size_t)se->parent < i;
            bc_buf_printf(b, "<< /Type /StructElem /S /%s /P %d 0 R /K [", name ? name : "Div",
                          elem_id(f, has_parent ? se->parent : (int)doc->nelems));
        }
        for (int k = 0; k < t->n; k++) {
            const kid *d = &t->v[k];
            if (d->kind == KID_ELEM)
                put_ref(b, elem_id(f, d->a));
            else if (d->kind == KID_OBJ)
                put_ref(b, d->a);
            else if (d->kind == KID_OBJR)
                bc_buf_printf(b, " << /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>", d->a,
                              f->pages[d->b].id);
            else if (d->b == t->pg)
                put_int(b, d->a);
            else
                bc_buf_printf(b, " << /Type /MCR /Pg %d 0 R /MCID %d >>", f->pages[d->b].id,
                              d->a);
        }
        bc_buf_puts(b, " ]");
        if (t->pg >= 0)
            bc_buf_printf(b, " /Pg %d 0 R", f->pages[t->pg].id);
        if (i < doc->nelems && (doc->elems[i].type == BC_SE_TH || doc->elems[i].type == BC_SE_TD)) {
            const bc_pdf_selem *se = &doc->elems[i];
            bool th = se->type == BC_SE_TH;
            if (th || se->colspan > 1 || se->rowspan > 1) {
                bc_buf_puts(b, " /A << /O /Table");
                if (th)
                    bc_buf_puts(b, " /Scope /Column");
                if (se->colspan > 1)
                    bc_buf_printf(b, " /ColSpan %d", se->colspan);
                if (se->rowspan > 1)
                    bc_buf_printf(b, " /RowSpan %d", se->rowspan);
                bc_buf_puts(b, " >>");
            }
        }
        bc_buf_puts(b, " >>");
        if (b->oom || !bc_pdfout_object(f->o, elem_id(f, (int)i), b->data, b->len))
            return false;
    }
    b->len = 0;
    bc_buf_printf(b, "<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>",
                  f->doc_id, f->ptree_id, f->next_key);
    if (b->oom || !bc_pdfout_object(f->o, f->str_id, b->data, b->len))
        return false;
    b->len = 0;
    if (!f->nleaves) { /* one leaf: the root holds the entries */
        bc_buf_puts(b, "<< /Nums [ ");
        bc_buf_append(b, f->nums.data, f->nums.len);
        bc_buf_puts(b, "] >>");
    } else {
        if (!nums_flush(f))
            return false;
        bc_buf_puts(b, "<< /Kids [");
        for (size_t i = 0; i < f->nleaves; i++)
            put_ref(b, f->leaves[i]);
        bc_buf_puts(b, " ] >>");
    }
    return !b->oom && bc_pdfout_object(f->o, f->ptree_id, b->data, b->len);
}

static bool link_ok(const bc_pdf_link *l, int npages)
{
    return l->page >= 0 && l->page < npages &&
           (l->uri || (l->dest_page >= 0 && l->dest_page < npages));
}

/* Whether the link's area belongs to a Link element of the writer's (which
 * holds the link's text): the annotation's OBJR goes into it; otherwise a
 * Link element of the OBJR alone is made in the link's element. */
static bool link_in_elem(const bc_pdfa_doc *doc, const bc_pdf_link *l)
{
    return l->elem >= 0 && (size_t)l->elem < doc->nelems && doc->elems[l->elem].type == BC_SE_LINK;
}

/* The link annotations and their Link elements. */
static bool write_links(fin *f)
{
    const bc_pdfa_doc *doc = f->doc;
    bc_buf *b = &f->text;
    char r[4][32];
    for (size_t i = 0; i < doc->nlinks; i++) {
        const bc_pdf_link *l = &doc->links[i];
        if (!f->link_annot[i])
            continue;
        int pid = f->pages[l->page].id;
        double h = f->pages[l->page].h;
        b->len = 0;
        bc_buf_printf(b, "<< /Type /Annot /Subtype /Link /Rect [ %s %s %s %s ] /Border [ 0 0 0 ] /F 4",
                      bc_pdfout_real(r[0], l->x0), bc_pdfout_real(r[1], h - l->y1), bc_pdfout_real(r[2], l->x1),
                      bc_pdfout_real(r[3], h - l->y0));
        if (l->uri) {
            char *u = uri_ascii(l->uri);
            if (!u)
                return false;
            bc_buf_puts(b, " /A << /Type /Action /S /URI /URI ");
            put_string(b, u);
            bc_buf_puts(b, " >>");
            free(u);
        } else {
            bc_buf_printf(b, " /Dest [ %d 0 R /XYZ %s %s null ]", f->pages[l->dest_page].id,
                          bc_pdfout_real(r[0], l->dest_x),
                          bc_pdfout_real(r[1], f->pages[l->dest_page].h - l->dest_y));
        }
        if (f->link_elem[i])
            bc_buf_printf(b, " /StructParent %d", f->next_key);
        bc_buf_puts(b, " >>");
        if (b->oom || !bc_pdfout_object(f->o, f->link_annot[i], b->data, b->len))
            return false;
        if (!f->link_elem[i])
            continue;
        if (link_in_elem(doc, l)) { /* the writer's Link element, written by write_tree */
            bc_buf_printf(&f->nums, "%d %d 0 R ", f->next_key, f->link_elem[i]);
            if (!nums_added(f, f->next_key++))
                return false;
            continue;
        }
        bool in = l->elem >= 0 && (size_t)l->elem < doc->nelems;
        b->len = 0;
        bc_buf_printf(b,
                      "<< /Type /StructElem /S /Link /P %d 0 R /K [ << /Type /OBJR /Obj %d 0 R "
                      "/Pg %d 0 R >> ] /Pg %d 0 R >>",
                      elem_id(f, in ? l->elem : (int)doc->nelems), f->link_annot[i], pid, pid);
        if (b->oom || !bc_pdfout_object(f->o, f->link_elem[i], b->data, b->len))
            return false;
        bc_buf_printf(&f->nums, "%d %d 0 R ", f->next_key, f->link_elem[i]);
        if (!nums_added(f, f->next_key++))
            return false;
    }
    return !f->nums.oom;
}

/* The empty signature fields (sigfield.h) and the AcroForm. */
static bool write_fields(fin *f)
{
    const bc_pdfa_doc *doc = f->doc;
    bc_buf *b = &f->text;
    bc_buf list = BC_BUF_INIT;
    bool good = true;
    for (size_t i = 0; good && i < doc->nfields; i++) {
        const bc_pdf_field *fl = &doc->fields[i];
        if (!f->field_id[i])
            continue;
        b->len = 0;
        put_string(b, fl->place.name);
        good = !b->oom && bc_sigfield_write(f->o, &fl->place, f->field_id[i],
                                            f->field_id[i] + 1, f->pages[fl->page].id,
                                            f->pages[fl->page].h, b->data);
        bc_buf_printf(&list, " %d 0 R", f->field_id[i]);
    }
    if (good && f->form_id) {
        b->len = 0;
        bc_buf_printf(b, "<< /Fields [%s ] >>", list.data ? list.data : "");
        good = !b->oom && !list.oom && bc_pdfout_object(f->o, f->form_id, b->data, b->len);
    }
    bc_buf_free(&list);
    return good;
}

/* The catalog with what PDF/A and the structure tree add. */
static bool write_catalog(fin *f, int root_id)
{
    bc_pdfobj *root = read_dict_obj(f, root_id);
    if (!root)
        return false;
    static const char *const drop[] = {"/Metadata", "/OutputIntents", "/Lang",
                                       "/ViewerPreferences", "/StructTreeRoot", "/MarkInfo"};
    for (size_t i = 0; i < sizeof drop / sizeof *drop - (f->doc->tagged ? 0 : 2); i++)
        bc_pdfobj_remove(root, drop[i]);
    if (f->form_id)
        bc_pdfobj_remove(root, "/AcroForm");
    if (f->naf)
        bc_pdfobj_remove(root, "/AF");
    bool printed = print_dict(f, root, true);
    bc_pdfobj_free(root);
    if (!printed)
        return false;
    bc_buf *b = &f->text;
    bc_buf_printf(b,
                  " /Metadata %d 0 R /OutputIntents [ << /Type /OutputIntent /S /GTS_PDFA1 "
                  "/OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) "
                  "/RegistryName (http://www.color.org) /DestOutputProfile %d 0 R >> ]",
                  f->meta_id, f->icc_id);
    if (f->doc->lang) {
        bc_buf_puts(b, " /Lang ");
        put_string(b, f->doc->lang);
    }
    bc_buf_puts(b, " /ViewerPreferences << /DisplayDocTitle true >>");
    if (f->doc->tagged)
        bc_buf_printf(b, " /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R", f->str_id);
    if (f->form_id)
        bc_buf_printf(b, " /AcroForm %d 0 R", f->form_id);
    if (f->naf) {
        bc_buf_puts(b, " /AF [");
        for (int i = 0; i < f->naf; i++)
            put_ref(b, f->af_ids[i]);
        bc_buf_puts(b, " ]");
    }
    bc_buf_puts(b, " >>");
    return !b->oom && bc_pdfout_object(f->o, root_id, b->data, b->len);
}

/* The Info dictionary with PDF dates and the producer. */
static bool write_info(fin *f, int info_id, const char *producer, const char *creator,
                       const char *pdf_date)
{
    bc_pdfobj *info = read_dict_obj(f, info_id);
    if (!info)
        return false;
    const struct {
        const char *key, *value;
    } set[] = {{"/Producer", producer},
               {"/Creator", creator},
               {"/CreationDate", pdf_date},
               {"/ModDate", pdf_date}};
    bc_buf v = BC_BUF_INIT;
    bool good = true;
    for (size_t i = 0; good && i < sizeof set / sizeof *set; i++) {
        if (!set[i].value) {
            bc_pdfobj_remove(info, set[i].key);
            continue;
        }
        v.len = 0;
        put_string(&v, set[i].value);
        good = !v.oom && bc_pdfobj_set(info, set[i].key, v.data, v.len);
        if (!good)
            f->oom = true;
    }
    bc_buf_free(&v);
    good = good && print_dict(f, info, false) &&
           bc_pdfout_object(f->o, info_id, f->text.data, f->text.len);
    bc_pdfobj_free(info);
    return good;
}

/* The MIME type of an embedded file, by its name's extension, as a PDF
 * name (PDF/A-3 wants one on every embedded file stream). */
static const char *mime_name(const char *file)
{
    static const struct {
        const char *ext, *mime;
    } types[] = {
        {".yaml", "/application#2Fyaml"},
        {".yml", "/application#2Fyaml"},
        {".md", "/text#2Fmarkdown"},
        {".csv", "/text#2Fcsv"},
        {".txt", "/text#2Fplain"},
        {".xlsx", "/application#2Fvnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    };
    size_t n = strlen(file);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && !strcmp(file + n - e, types[i].ext))
            return types[i].mime;
    }
    return "/application#2Foctet-stream";
}

/* A value of o (node k) with a reference followed: *k's object read into
 * *held (the caller frees it) and *k = 0 (its node), or o itself when k is
 * not a reference. NULL: the object is not one the reader accepts (or not
 * a dictionary or array: pdfobj reads direct objects only). */
static const bc_pdfobj *follow(fin *f, const bc_pdfobj *o, int *k, bc_pdfobj **held)
{
    int id = bc_pdfobj_ref(o, *k);
    if (!id)
        return o;
    const char *t;
    size_t n;
    bool stream, oom = false;
    if (!obj_dict(f, id, &t, &n, &stream) || stream) {
        if (f->in.oom)
            f->oom = true;
        return NULL;
    }
    bc_pdfobj_free(*held);
    *held = bc_pdfobj_parse(t, n, f->csize, &oom);
    if (oom)
        f->oom = true;
    *k = 0;
    return *held;
}

/* Another writer's file (libharu's drafts): its annotations get the print
 * flag (PDF/A-2 6.3.2), its embedded files are associated with the
 * document (PDF/A-3). false: an annotation or file not an object of its
 * own (not expected), a dictionary the reader refuses, or out of memory. */
static bool plan_annots_files(fin *f)
{
    for (int p = 0; p < f->npages; p++) {
        bc_pdfobj *page = read_dict_obj(f, f->pages[p].id), *held = NULL;
        if (!page)
            return false;
        int k = bc_pdfobj_get(page, 0, "/Annots");
        const bc_pdfobj *ao = k < 0 ? NULL : follow(f, page, &k, &held);
        bool good = k < 0 || ao;
        for (int i = ao ? bc_pdfobj_first(ao, k) : -1; good && i >= 0; i = bc_pdfobj_next(ao, i)) {
            int id = bc_pdfobj_ref(ao, i);
            if (id <= 0 || id >= f->csize)
                good = false;
            else
                f->act[id] = ACT_ANNOT;
        }
        bc_pdfobj_free(held);
        bc_pdfobj_free(page);
        if (!good)
            return false;
    }
    /* the catalog's /Names /EmbeddedFiles /Names: [ name spec name spec ... ] */
    bc_pdfobj *root = read_dict_obj(f, f->root_id), *h1 = NULL, *h2 = NULL, *h3 = NULL;
    if (!root)
        return false;
    bool good = true;
    int k = bc_pdfobj_get(root, 0, "/Names");
    const bc_pdfobj *o = k < 0 ? NULL : follow(f, root, &k, &h1);
    good = k < 0 || o;
    k = o ? bc_pdfobj_get(o, k, "/EmbeddedFiles") : -1;
    o = k < 0 ? NULL : follow(f, o, &k, &h2);
    good = good && (k < 0 || o);
    k = o ? bc_pdfobj_get(o, k, "/Names") : -1;
    o = k < 0 ? NULL : follow(f, o, &k, &h3);
    good = good && (k < 0 || o);
    int n = 0;
    for (int i = o ? bc_pdfobj_first(o, k) : -1; i >= 0; i = bc_pdfobj_next(o, i))
        n++;
    if (good && n) {
        f->af_ids = calloc((size_t)n / 2 + 1, sizeof *f->af_ids);
        if (!f->af_ids) {
            f->oom = true;
            good = false;
        }
    }
    for (int i = good && n ? bc_pdfobj_first(o, k) : -1; good && i >= 0;) {
        int fsn = bc_pdfobj_next(o, i); /* the specification after its name */
        if (fsn < 0)
            break;
        i = bc_pdfobj_next(o, fsn);
        int id = bc_pdfobj_ref(o, fsn);
        if (id <= 0 || id >= f->csize) {
            good = bc_pdfobj_dict_at(o, fsn) ? false : good; /* a direct one: not expected */
            continue;
        }
        bc_pdfobj *fs = read_dict_obj(f, id), *hef = NULL;
        if (!fs) {
            const char *t;
            size_t tn;
            bool stream;
            /* not a dictionary (a stream: skipped) or refused */
            good = obj_dict(f, id, &t, &tn, &stream) && stream;
            continue;
        }
        int ef = bc_pdfobj_get(fs, 0, "/EF");
        const bc_pdfobj *eo = ef < 0 ? NULL : follow(f, fs, &ef, &hef);
        int st = eo ? bc_pdfobj_get(eo, ef, "/F") : -1;
        int sid = eo ? bc_pdfobj_ref(eo, st) : 0;
        bc_pdfobj_free(hef);
        bc_pdfobj_free(fs);
        if (ef >= 0 && !eo) {
            good = false;
            break;
        }
        const char *t;
        size_t tn;
        bool stream = false;
        if (sid > 0 && sid < f->csize && (!obj_dict(f, sid, &t, &tn, &stream) || !stream))
            sid = 0; /* not a stream */
        if (sid >= f->csize)
            sid = 0;
        if (sid <= 0) {
            f->act[id] = ACT_FILESPEC;
            f->af_ids[f->naf++] = id;
            continue;
        }
        f->act[id] = ACT_FILESPEC;
        f->act[sid] = ACT_EMBED;
        pgid *v = realloc(f->embeds, (f->nembeds + 1) * sizeof *v);
        if (!v) {
            good = false;
            f->oom = true;
            break;
        }
        f->embeds = v;
        f->embeds[f->nembeds++] = (pgid){sid, id};
        /* its length goes into its dictionary */
        size_t dn = bc_pdfdict_end(t, tn), vs, ve;
        int lid;
        if (dn && bc_pdfdict_find(t, dn, "/Length", &vs, &ve) == 1 &&
            bc_pdfdict_ref(t, vs, ve, &lid) && lid > 0 && lid < f->csize &&
            f->act[lid] == ACT_COPY)
            f->act[lid] = ACT_DROP;
        f->af_ids[f->naf++] = id;
    }
    bc_pdfobj_free(h3);
    bc_pdfobj_free(h2);
    bc_pdfobj_free(h1);
    bc_pdfobj_free(root);
    return good;
}

/* The file name of a file specification (its /F, bytes as written; the
 * MIME type is by its extension), or NULL. Owned by the caller. */
static char *spec_name(fin *f, int fs_id)
{
    bc_pdfobj *fs = read_dict_obj(f, fs_id);
    size_t n = 0;
    const char *s = fs ? bc_pdfobj_str(fs, bc_pdfobj_get(fs, 0, "/F"), &n) : NULL;
    char *r = s && !memchr(s, '\0', n) ? malloc(n + 1) : NULL;
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    bc_pdfobj_free(fs);
    return r;
}

/* An annotation with the print flag and none of the hiding ones. */
static bool write_annot(fin *f, int id)
{
    bc_pdfobj *a = read_dict_obj(f, id);
    if (!a)
        return false;
    long long v = 0;
    if (!bc_pdfobj_int(a, bc_pdfobj_get(a, 0, "/F"), &v))
        v = 0;
    v = (v | 4) & ~(long long)(1 | 2 | 32); /* Print; not Invisible, Hidden, NoView */
    char num[24];
    int nn = snprintf(num, sizeof num, "%lld", v);
    bool r = bc_pdfobj_set(a, "/F", num, (size_t)nn) && print_dict(f, a, false) &&
             bc_pdfout_object(f->o, id, f->text.data, f->text.len);
    bc_pdfobj_free(a);
    return r;
}

/* A file specification associated with the document (PDF/A-3). Our
 * writer gives each a /UF; one without is added only for a plain ASCII
 * name (what qpdf's Unicode string of it is, byte for byte). */
static bool write_filespec(fin *f, int id)
{
    bc_pdfobj *fs = read_dict_obj(f, id);
    if (!fs)
        return false;
    bool r = bc_pdfobj_set(fs, "/AFRelationship", "/Source", 7);
    if (r && !bc_pdfobj_has(fs, "/UF")) {
        char *name = spec_name(f, id);
        if (name) {
            for (const char *c = name; r && *c; c++)
                r = *c >= 32 && *c <= 126;
            bc_buf v = BC_BUF_INIT;
            put_string(&v, name);
            r = r && !v.oom && bc_pdfobj_set(fs, "/UF", v.data, v.len);
            bc_buf_free(&v);
            free(name);
        }
    }
    r = r && print_dict(f, fs, false) && bc_pdfout_object(f->o, id, f->text.data, f->text.len);
    bc_pdfobj_free(fs);
    return r;
}

/* An embedded file's stream with its MIME type and /Params; its data as
 * it was. */
static bool write_embedded(fin *f, int id, int fs_id)
{
    char *name = spec_name(f, fs_id);
    const char *mime = mime_name(name ? name : "");
    free(name);
    /* the stream's dictionary and raw data (its /Length bytes) */
    const cobj *c;
    const unsigned char *q = aux_bytes(&f->in, id, &c);
    size_t b, e;
    bool stream;
    if (!q || !obj_body(q, clen(&f->in, c), &b, &e, &stream) || !stream)
        return false;
    const char *t = (const char *)q + b;
    size_t dn = bc_pdfdict_end(t, e - b), vs, ve;
    long long len = 0;
    int lid = 0;
    if (!dn || bc_pdfdict_find(t, dn, "/Length", &vs, &ve) != 1)
        return false;
    bool oom = false;
    bc_pdfobj *d = bc_pdfobj_parse(t, dn, f->csize, &oom);
    if (oom)
        f->oom = true;
    if (!d || !bc_pdfobj_is_dict(d)) {
        bc_pdfobj_free(d);
        return false;
    }
    /* the length: an integer, or an integer object (read after: aux) */
    bool len_ref = bc_pdfdict_ref(t, vs, ve, &lid);
    bool r = len_ref || bc_pdfdict_int(t, vs, ve, &len);
    size_t i = skip_ws(q, e, b + dn);
    size_t data_at = 0;
    if (i + 7 <= e && !memcmp(q + i, "stream", 6)) {
        i += 6;
        if (q[i] == '\r' && i + 1 < e && q[i + 1] == '\n')
            data_at = i + 2;
        else if (q[i] == '\n')
            data_at = i + 1;
    }
    if (!data_at) {
        bc_pdfobj_free(d);
        return false;
    }
    if (r && len_ref) { /* the length is an object of its own: read it, then the stream again */
        const cobj *lc;
        const unsigned char *lq = aux_bytes(&f->in, lid, &lc);
        size_t lb, le;
        bool ls;
        r = lq && obj_body(lq, clen(&f->in, lc), &lb, &le, &ls) && !ls &&
            bc_pdfdict_int((const char *)lq, lb, le, &len);
        q = r ? aux_bytes(&f->in, id, &c) : NULL;
        r = q != NULL;
    }
    /* the data, then only an end of line before "endstream" */
    if (r && (len < 0 || (unsigned long long)len + 9 > e - data_at))
        r = false;
    for (size_t k = r ? data_at + (size_t)len : e - 9; k < e - 9; k++)
        if (q[k] != '\r' && q[k] != '\n')
            r = false;
    bc_buf v = BC_BUF_INIT;
    bc_buf_puts(&v, "<< ");
    if (f->pdf_date) {
        bc_buf_puts(&v, "/ModDate ");
        put_string(&v, f->pdf_date);
        bc_buf_putc(&v, ' ');
    }
    bc_buf_puts(&v, ">>");
    char num[24];
    int nn = r ? snprintf(num, sizeof num, "%lld", len) : 0;
    r = r && !v.oom && bc_pdfobj_set(d, "/Subtype", mime, strlen(mime)) &&
        bc_pdfobj_set(d, "/Params", v.data, v.len) && bc_pdfobj_set(d, "/Length", num, (size_t)nn) &&
        print_dict(f, d, false);
    bc_buf_free(&v);
    bc_pdfobj_free(d);
    if (r) {
        char head[32];
        snprintf(head, sizeof head, "%d 0 obj\n", id);
        bc_buf_puts(&f->text, "\nstream\n");
        r = !f->text.oom &&
            bc_pdfout_copy_parts(f->o, id, head, strlen(head), f->text.data, f->text.len,
                                 q + data_at, (size_t)len) &&
            bc_pdfout_bytes(f->o, "\nendstream\nendobj\n", 18);
    }
    return r;
}

static bool add_page(fin *f, int id, int *cap)
{
    if (f->npages == *cap) {
        int nc = *cap ? *cap * 2 : 64;
        pinfo *v = realloc(f->pages, ((size_t)nc + 1) * sizeof *v);
        if (!v) {
            f->oom = true;
            return false;
        }
        f->pages = v;
        *cap = nc;
    }
    pinfo *pi = &f->pages[f->npages++];
    *pi = (pinfo){.id = id, .h = 841.89};
    const char *t;
    size_t n, vs, ve;
    bool stream;
    if (!obj_dict(f, id, &t, &n, &stream) || stream)
        return false;
    if (bc_pdfdict_find(t, n, "/Contents", &vs, &ve) == 1 &&
        bc_pdfdict_ref(t, vs, ve, &pi->contents)) {
        /* its /Length, when an object of its own */
        int cid = pi->contents;
        double box[4];
        if (bc_pdfdict_find(t, n, "/MediaBox", &vs, &ve) == 1 && bc_pdfdict_box(t, vs, ve, box))
            pi->h = box[3] - box[1];
        if (!obj_dict(f, cid, &t, &n, &stream) || !stream) {
            pi->contents = 0; /* not a stream */
            return true;
        }
        if (bc_pdfdict_find(t, n, "/Length", &vs, &ve) == 1)
            bc_pdfdict_ref(t, vs, ve, &pi->length_id);
        return true;
    }
    double box[4];
    if (bc_pdfdict_find(t, n, "/MediaBox", &vs, &ve) == 1 && bc_pdfdict_box(t, vs, ve, box))
        pi->h = box[3] - box[1];
    return true;
}

/* The pages under page tree node id, in order (pdfdict.h reads the
 * nodes; a tree deeper than 16 levels is refused). */
static bool walk_pages(fin *f, int id, int depth, int *cap)
{
    const char *t;
    size_t n, vs, ve;
    bool stream;
    if (depth > 16 || !obj_dict(f, id, &t, &n, &stream) || stream ||
        bc_pdfdict_find(t, n, "/Type", &vs, &ve) != 1)
        return false;
    if (bc_pdfdict_name_is(t, vs, ve, "/Page"))
        return add_page(f, id, cap);
    if (!bc_pdfdict_name_is(t, vs, ve, "/Pages") || bc_pdfdict_find(t, n, "/Kids", &vs, &ve) != 1)
        return false;
    /* the kids' numbers first: reading a kid reuses the buffer */
    int *kids = NULL;
    size_t nk = 0, ck = 0, pos = vs;
    int kid, r;
    while ((r = bc_pdfdict_next_ref(t, ve, &pos, &kid)) == 1) {
        if (nk == ck) {
            ck = ck ? ck * 2 : 64;
            int *v = realloc(kids, ck * sizeof *v);
            if (!v) {
                free(kids);
                f->oom = true;
                return false;
            }
            kids = v;
        }
        kids[nk++] = kid;
    }
    bool good = r == 0;
    for (size_t k = 0; good && k < nk; k++)
        good = walk_pages(f, kids[k], depth + 1, cap);
    free(kids);
    return good;
}

static int pgid_cmp(const void *pa, const void *pb)
{
    const pgid *a = pa, *b = pb;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The page of a page's or its content's object id (or the file
 * specification of an embedded file's stream), -1. */
static int page_of(const pgid *v, size_t n, int id)
{
    pgid key = {id, 0};
    const pgid *r = bsearch(&key, v, n, sizeof *v, pgid_cmp);
    return r ? r->page : -1;
}

/* Numbers for the new objects; which of cairo's objects change or go. */
static bool plan(fin *f)
{
    const bc_pdfa_doc *doc = f->doc;
    int cap = 0;
    f->act = calloc((size_t)f->csize, 1);
    if (!f->act) {
        f->oom = true;
        return false;
    }
    if (!walk_pages(f, f->pages_id, 0, &cap) || !f->npages)
        return false;
    int np = f->npages;
    f->pgmap = malloc((size_t)np * 2 * sizeof *f->pgmap);
    if (!f->pgmap) {
        f->oom = true;
        return false;
    }
    f->node = calloc(doc->nelems + 1, sizeof *f->node);
    f->link_annot = calloc(doc->nlinks + 1, sizeof *f->link_annot);
    f->link_elem = calloc(doc->nlinks + 1, sizeof *f->link_elem);
    f->field_id = calloc(doc->nfields + 1, sizeof *f->field_id);
    f->annot_first = calloc((size_t)np + 2, sizeof *f->annot_first);
    f->annot_ids = calloc(doc->nlinks + doc->nfields + 1, sizeof *f->annot_ids);
    if (!f->node || !f->link_annot || !f->link_elem || !f->field_id || !f->annot_first ||
        !f->annot_ids) {
        f->oom = true;
        return false;
    }
    for (int p = 0; p < np; p++) {
        pinfo *pi = &f->pages[p];
        if (pi->id <= 0 || pi->id >= f->csize || (doc->tagged && !pi->contents) ||
            pi->contents >= f->csize || pi->length_id >= f->csize)
            return false;
        f->act[pi->id] = ACT_PAGE;
        f->pgmap[f->npgmap++] = (pgid){pi->id, p};
        if (doc->tagged) {
            f->act[pi->contents] = ACT_CONTENT;
            f->pgmap[f->npgmap++] = (pgid){pi->contents, p};
            if (pi->length_id)
                f->act[pi->length_id] = ACT_DROP;
        }
    }
    qsort(f->pgmap, f->npgmap, sizeof *f->pgmap, pgid_cmp);
    if (doc->writer && !plan_annots_files(f))
        return false;
    bc_pdfout *o = f->o;
    f->meta_id = bc_pdfout_new_id(o);
    f->icc_id = bc_pdfout_new_id(o);
    if (doc->tagged) {
        f->str_id = bc_pdfout_new_id(o);
        f->ptree_id = bc_pdfout_new_id(o);
        f->doc_id = bc_pdfout_new_id(o);
        f->elem0 = f->doc_id + 1;
        for (size_t i = 0; i < doc->nelems; i++)
            bc_pdfout_new_id(o);
        for (size_t i = 0; i <= doc->nelems; i++)
            f->node[i].pg = -1;
        /* children first, in order (then marked content, then links);
         * Link elements go among their parent's marked content later
         * (link_kids) */
        for (size_t i = 0; i < doc->nelems; i++) {
            if (doc->elems[i].type == BC_SE_LINK)
                continue;
            int parent = doc->elems[i].parent;
            if (parent < 0 || (size_t)parent >= i)
                parent = (int)doc->nelems;
            if (!add_kid(f, parent, (kid){KID_ELEM, (int)i, 0}))
                return false;
        }
    }
    /* annotations, by page: links, then fields */
    for (size_t i = 0; i < doc->nlinks; i++)
        if (link_ok(&doc->links[i], np))
            f->annot_first[doc->links[i].page + 1]++;
    for (size_t i = 0; i < doc->nfields; i++)
        if (doc->fields[i].page >= 0 && doc->fields[i].page < np)
            f->annot_first[doc->fields[i].page + 1]++;
    for (int p = 0; p < np; p++)
        f->annot_first[p + 1] += f->annot_first[p];
    int *fill = calloc((size_t)np + 1, sizeof *fill);
    if (!fill) {
        f->oom = true;
        return false;
    }
    for (size_t i = 0; i < doc->nlinks; i++) {
        const bc_pdf_link *l = &doc->links[i];
        if (!link_ok(l, np))
            continue;
        f->link_annot[i] = bc_pdfout_new_id(o);
        f->annot_ids[f->annot_first[l->page] + fill[l->page]++] = f->link_annot[i];
        if (doc->tagged)
            f->link_elem[i] = link_in_elem(doc, l) ? elem_id(f, l->elem) : bc_pdfout_new_id(o);
    }
    for (size_t i = 0; i < doc->nfields; i++) {
        int p = doc->fields[i].page;
        if (p < 0 || p >= np)
            continue;
        f->field_id[i] = bc_pdfout_new_id(o);
        bc_pdfout_new_id(o); /* its appearance */
        f->annot_ids[f->annot_first[p] + fill[p]++] = f->field_id[i];
    }
    free(fill);
    f->form_id = doc->nfields && f->annot_first[np] > 0 ? bc_pdfout_new_id(o) : 0;
    for (size_t i = 0; i < doc->nfields; i++)
        if (f->field_id[i] && !f->form_id)
            return false;
    return true;
}

/* Whether marked content (page p, mcid m) comes after kid d in reading
 * order (MCIDs count up along a page's content). */
static bool mc_after(const kid *d, int p, int m)
{
    return d->kind == KID_MCID && (d->b > p || (d->b == p && d->a > m));
}

/* The writer's Link elements (the text of a URL) go into their parent's
 * kids where their text is: before the first of its marked content that
 * follows theirs. Then each link's annotation goes into its element's
 * kids after the marked content: its OBJR into the writer's Link element,
 * else a Link element of its own. */
static bool link_kids(fin *f)
{
    const bc_pdfa_doc *doc = f->doc;
    for (size_t i = 0; i < doc->nelems; i++) {
        if (doc->elems[i].type != BC_SE_LINK)
            continue;
        int parent = doc->elems[i].parent;
        if (parent < 0 || (size_t)parent >= i)
            parent = (int)doc->nelems;
        const tnode *own = &f->node[i];
        const kid *first = own->n > 0 && own->v[0].kind == KID_MCID ? &own->v[0] : NULL;
        if (!add_kid(f, parent, (kid){KID_ELEM, (int)i, 0}))
            return false;
        tnode *t = &f->node[parent];
        int at = t->n - 1;
        for (int k = 0; first && k < t->n - 1; k++)
            if (mc_after(&t->v[k], first->b, first->a)) {
                at = k;
                break;
            }
        kid me = t->v[t->n - 1];
        memmove(t->v + at + 1, t->v + at, (size_t)(t->n - 1 - at) * sizeof *t->v);
        t->v[at] = me;
    }
    for (size_t i = 0; i < doc->nlinks; i++) {
        if (!f->link_elem[i])
            continue;
        const bc_pdf_link *l = &doc->links[i];
        bool in = l->elem >= 0 && (size_t)l->elem < doc->nelems;
        kid k = link_in_elem(doc, l) ? (kid){KID_OBJR, f->link_annot[i], l->page}
                                     : (kid){KID_OBJ, f->link_elem[i], 0};
        if (!add_kid(f, in ? l->elem : (int)doc->nelems, k))
            return false;
    }
    return true;
}

static void fin_free(fin *f)
{
    if (f->node)
        for (size_t i = 0; i <= f->doc->nelems; i++)
            free(f->node[i].v);
    free(f->node);
    free(f->pages);
    free(f->act);
    free(f->pgmap);
    free(f->embeds);
    free(f->af_ids);
    free(f->link_annot);
    free(f->link_elem);
    free(f->field_id);
    free(f->annot_first);
    free(f->annot_ids);
    bc_buf_free(&f->nums);
    bc_buf_free(&f->leaf);
    free(f->leaves);
    bc_buf_free(&f->text);
    bc_pdfout_free(f->o);
}

static bc_status internal(const char *what, bc_error *err)
{
    return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                        "không hoàn tất được tệp PDF/A (%s) (lỗi nội bộ, hãy báo cho người phát "
                        "triển)",
                        what);
}

/* Why reading the writer's file failed: its temporary file's error, out of
 * memory, or the file is not as expected (what). */
static bc_status read_failed(fin *f, const char *what, bc_error *err)
{
    if (f->in.s && bc_scratch_error(f->in.s, err))
        return BC_E_OUTPUT;
    if (f->oom || f->in.oom || f->text.oom)
        return bc_nomem(err);
    return internal(what, err);
}

bc_status bc_pdfa_write(bc_scratch *pdf, const bc_pdfa_doc *doc, bc_outfile *out, bc_error *err)
{
    cobj *objs = NULL;
    size_t nobjs = 0;
    fin f = {.doc = doc, .in = {.s = pdf, .len = bc_scratch_size(pdf)}};
    int *where = NULL;
    bc_status st = BC_OK;
    char *xmp = NULL;
    if (!read_xref(&f.in, &objs, &nobjs, &f.trailer)) {
        st = read_failed(&f, "bảng tham chiếu của cairo", err);
        goto out;
    }
    int csize = f.in.size;
    f.csize = csize;
    where = malloc((size_t)csize * sizeof *where);
    f.o = bc_pdfout_new(out, csize, Z_DEFAULT_COMPRESSION);
    if (!where || !f.o) {
        st = bc_nomem(err);
        goto out;
    }
    for (int i = 0; i < csize; i++)
        where[i] = -1;
    for (size_t k = 0; k < nobjs; k++)
        where[objs[k].id] = (int)k;
    f.in.objs = objs;
    f.in.nobjs = nobjs;
    f.in.where = where;
    /* the trailer's /Root and /Info, the catalog's /Pages */
    size_t tn = strlen(f.trailer), vs, ve;
    const char *t;
    size_t n;
    bool stream;
    if (bc_pdfdict_find(f.trailer, tn, "/Root", &vs, &ve) != 1 ||
        !bc_pdfdict_ref(f.trailer, vs, ve, &f.root_id) ||
        bc_pdfdict_find(f.trailer, tn, "/Info", &vs, &ve) != 1 ||
        !bc_pdfdict_ref(f.trailer, vs, ve, &f.info_id) || f.info_id >= csize ||
        f.root_id >= csize || !obj_dict(&f, f.root_id, &t, &n, &stream) || stream ||
        bc_pdfdict_find(t, n, "/Pages", &vs, &ve) != 1 ||
        !bc_pdfdict_ref(t, vs, ve, &f.pages_id)) {
        st = read_failed(&f, "Info của cairo", err);
        goto out;
    }
    int root_id = f.root_id, info_id = f.info_id;
    if (!plan(&f)) {
        st = read_failed(&f, "các trang của cairo", err);
        goto out;
    }
    if (!drop_cairo_tree(&f) || (doc->writer && !plan_lengths(&f, objs, nobjs))) {
        st = read_failed(&f, "bảng tham chiếu của cairo", err);
        goto out;
    }

    const bc_pdf_meta *m = doc->meta;
    char producer[160], creator[64];
    /* the writer that made the pages (the finish is our own code: qpdf no
     * longer reads or writes a render, so it is not named) */
    if (doc->writer)
        snprintf(producer, sizeof producer, "%s", doc->writer);
    else
        snprintf(producer, sizeof producer, "cairo %s (https://cairographics.org)",
                 cairo_version_string());
    snprintf(creator, sizeof creator, "baocao %s", BAOCAO_VERSION);
    char xmp_date[64], pdf_date[64];
    bool dated = convert_date(m ? m->date : NULL, xmp_date, pdf_date);
    f.pdf_date = dated ? pdf_date : NULL;
    size_t xlen = 0;
    /* PDF/A-3 when files are embedded (associated with the document), else PDF/A-2 */
    xmp = make_xmp(m, doc->lang, producer, creator, dated ? xmp_date : NULL, f.naf ? "3" : "2",
                   &xlen);
    if (!xmp) {
        st = bc_nomem(err);
        goto out;
    }

    /* cairo's objects, in their order */
    /* cairo's header as it is ("%PDF-1.5" and a binary line); another
     * writer's made PDF 1.7 (PDF/A-3, or 2 with object streams) */
    static const char head17[] = "%PDF-1.7\n%\xb5\xed\xae\xfb\n";
    bool good;
    if (doc->writer) {
        good = bc_pdfout_bytes(f.o, head17, sizeof head17 - 1);
    } else {
        unsigned char head[64];
        if (objs[0].off > sizeof head || !bc_scratch_read(pdf, 0, head, (size_t)objs[0].off)) {
            st = read_failed(&f, "đọc lại", err);
            goto out;
        }
        good = bc_pdfout_bytes(f.o, head, (size_t)objs[0].off);
    }
    for (size_t i = 0; good && !st && i < nobjs; i++) {
        const cobj *c = &objs[i];
        if (f.act[c->id] == ACT_DROP || f.act[c->id] == ACT_LENGTH)
            continue;
        const unsigned char *q = obj_bytes(&f.in, c);
        if (!q) {
            st = read_failed(&f, "bảng tham chiếu của cairo", err);
            break;
        }
        switch (f.act[c->id]) {
        case ACT_PAGE: {
            int pg = page_of(f.pgmap, f.npgmap, c->id);
            if (!doc->tagged && f.annot_first[pg + 1] == f.annot_first[pg]) {
                good = copy_obj(&f, c, q); /* nothing to add */
            } else if (!write_page(&f, pg)) {
                if (f.text.oom || f.oom || f.in.oom)
                    st = bc_nomem(err);
                else
                    st = read_failed(&f, "trang của cairo", err);
            }
            break;
        }
        case ACT_ANNOT:
            good = write_annot(&f, c->id);
            break;
        case ACT_FILESPEC:
            good = write_filespec(&f, c->id);
            break;
        case ACT_EMBED:
            good = write_embedded(&f, c->id, page_of(f.embeds, f.nembeds, c->id));
            break;
        case ACT_CONTENT:
            st = write_content(&f, page_of(f.pgmap, f.npgmap, c->id), c, q, err);
            if (st == BC_E_OUTPUT && !bc_scratch_error(pdf, NULL)) /* the writer's: said at finish */
                st = BC_OK, good = false;
            break;
        default:
            if (c->id == root_id) {
                good = write_catalog(&f, root_id);
            } else if (c->id == info_id) {
                good = write_info(&f, info_id, producer, creator, dated ? pdf_date : NULL);
            } else if (is_struct_elem(q, clen(&f.in, c))) {
                /* cairo's element: ours replace them */
            } else if (!fix_cid_font(&f, c, q) && !f.read_failed) {
                good = copy_obj(&f, c, q);
            }
            break;
        }
        if (!st && f.read_failed)
            st = read_failed(&f, "chép đối tượng của cairo", err);
    }
    if (!st && good && f.next_content != (doc->tagged ? f.npages : 0))
        st = internal("nội dung trang của cairo", err);
    if (st)
        goto out;
    /* the new objects */
    if (good) {
        good = bc_pdfout_stream(f.o, f.meta_id, "/Type /Metadata /Subtype /XML", xmp, xlen,
                                false) &&
               bc_pdfout_stream(f.o, f.icc_id, "/N 3", bc_srgb_icc, bc_srgb_icc_len, true);
    }
    f.next_key = f.npages;
    if (good && doc->tagged)
        good = link_kids(&f);
    if (good)
        good = write_links(&f) && write_fields(&f) && (!doc->tagged || write_tree(&f));
    if (f.oom || f.text.oom) {
        st = bc_nomem(err);
        goto out;
    }
    st = bc_pdfout_finish(f.o, root_id, info_id, err);
    if (!st && !good) /* not the writer's error: a part not made */
        st = read_failed(&f, "ghi đối tượng", err);
out:
    free(objs);
    free(where);
    free(xmp);
    fin_free(&f);
    free(f.in.win);
    free(f.in.aux);
    free(f.trailer);
    return st;
}
