/* pdfa.c - cairo's (or libharu's) PDF finished as PDF/A-2b (or 3b): its objects copied,
 * what changes rewritten (qpdf's C API reads those), new objects added (pdfout.h). */
#include "pdfa.h"

#include "pdfout.h"
#include "sigfield.h"
#include "strbuf.h"

#include <cairo.h>
#include <libxml/xmlwriter.h>
#include <qpdf/qpdf-c.h>
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

/* The XMP packet; NULL on out-of-memory. Caller frees (bc_buf data). */
static char *make_xmp(const bc_pdf_meta *m, const char *lang, const char *producer,
                      const char *creator, const char *xmp_date, const char *part, size_t *len)
{
    xmlBufferPtr xb = xmlBufferCreate();
    xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
    if (!w) {
        if (xb)
            xmlBufferFree(xb);
        return NULL;
    }
    bool ok = xmlTextWriterSetIndent(w, 1) >= 0 &&
              xmlTextWriterWritePI(w, BAD_CAST "xpacket",
                                   BAD_CAST "begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"") >= 0 &&
              xmlTextWriterStartElement(w, BAD_CAST "x:xmpmeta") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:x", BAD_CAST "adobe:ns:meta/") >= 0 &&
              xmlTextWriterStartElement(w, BAD_CAST "rdf:RDF") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:rdf",
                                          BAD_CAST "http://www.w3.org/1999/02/22-rdf-syntax-ns#") >= 0 &&
              xmlTextWriterStartElement(w, BAD_CAST "rdf:Description") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "rdf:about", BAD_CAST "") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:dc",
                                          BAD_CAST "http://purl.org/dc/elements/1.1/") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xmp",
                                          BAD_CAST "http://ns.adobe.com/xap/1.0/") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:pdf",
                                          BAD_CAST "http://ns.adobe.com/pdf/1.3/") >= 0 &&
              xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:pdfaid",
                                          BAD_CAST "http://www.aiim.org/pdfa/ns/id/") >= 0 &&
              xmlTextWriterWriteElement(w, BAD_CAST "dc:format", BAD_CAST "application/pdf") >= 0;
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
    for (size_t i = 0; ok && i < sizeof lists / sizeof *lists; i++) {
        if (!lists[i].value)
            continue;
        ok = xmlTextWriterStartElement(w, BAD_CAST lists[i].name) >= 0 &&
             xmlTextWriterStartElement(w, BAD_CAST lists[i].container) >= 0 &&
             xmlTextWriterStartElement(w, BAD_CAST "rdf:li") >= 0 &&
             (!lists[i].lang ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "x-default") >= 0) &&
             xmlTextWriterWriteString(w, BAD_CAST lists[i].value) >= 0 &&
             xmlTextWriterEndElement(w) >= 0 && xmlTextWriterEndElement(w) >= 0 &&
             xmlTextWriterEndElement(w) >= 0;
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
    for (size_t i = 0; ok && i < sizeof simple / sizeof *simple; i++)
        if (simple[i].value)
            ok = xmlTextWriterWriteElement(w, BAD_CAST simple[i].name,
                                           BAD_CAST simple[i].value) >= 0;
    ok = ok && xmlTextWriterEndElement(w) >= 0 && xmlTextWriterEndElement(w) >= 0 &&
         xmlTextWriterEndElement(w) >= 0 &&
         xmlTextWriterWritePI(w, BAD_CAST "xpacket", BAD_CAST "end=\"w\"") >= 0 &&
         xmlTextWriterFlush(w) >= 0;
    xmlFreeTextWriter(w);
    char *out = NULL;
    if (ok) {
        *len = (size_t)xmlBufferLength(xb);
        out = malloc(*len + 1);
        if (out) {
            memcpy(out, xmlBufferContent(xb), *len);
            out[*len] = '\0';
        }
    }
    xmlBufferFree(xb);
    return out;
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


static bc_status qpdf_failed(qpdf_data q, const char *what, bc_error *err)
{
    qpdf_error e = qpdf_has_error(q) ? qpdf_get_error(q) : NULL;
    return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                        "không hoàn tất được tệp PDF/A (%s): %s (lỗi nội bộ, hãy báo cho người "
                        "phát triển)",
                        what, e ? qpdf_get_error_full_text(q, e) : "qpdf báo lỗi");
}

/* ---- the finish (bc_pdfa_write) -------------------------------------------------------
 *
 * cairo 1.16 (and libharu) write one classic cross-reference table and
 * each object on its own lines. Its objects are copied as they are, in their order,
 * except: the catalog, the Info dictionary, the pages (/StructParents,
 * /Tabs, /Annots) and the CID fonts without /CIDToGIDMap are rewritten
 * (qpdf reads and prints them), each page's content is retagged and
 * compressed again, and cairo's own structure tree (every StructElem, the
 * tree root, its ParentTree and the ParentTree's arrays) is left out: ours
 * replaces it. The new objects (XMP, the OutputIntent's profile, the
 * structure tree, link annotations, signature fields) follow, the small
 * ones in object streams, then a cross-reference stream (pdfout.h). qpdf
 * only parses the few objects asked for: nothing is parsed twice, nothing
 * is decompressed but the page contents, and the file is written as it
 * goes. */

/* An object of cairo's file: where it starts and ends. */
typedef struct cobj {
    size_t off, end;
    int id;
} cobj;

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

/* The objects of cairo's one cross-reference table, sorted by offset; each
 * starts with "N 0 obj". false: not such a file (or out of memory, *oom). */
static bool read_xref(const unsigned char *p, size_t len, cobj **objs, size_t *nobjs, int *size,
                      bool *oom)
{
    size_t from = len > 64 ? len - 64 : 0, sx = (size_t)-1;
    for (size_t i = from; i + 9 <= len; i++)
        if (!memcmp(p + i, "startxref", 9))
            sx = i + 9;
    unsigned long long at, first, count;
    size_t i = sx;
    if (sx == (size_t)-1)
        return false;
    i = skip_ws(p, len, i);
    if (!read_uint(p, len, &i, &at) || at + 4 > len || memcmp(p + at, "xref", 4))
        return false;
    i = skip_ws(p, len, (size_t)at + 4);
    if (!read_uint(p, len, &i, &first) || first != 0)
        return false;
    i = skip_ws(p, len, i);
    if (!read_uint(p, len, &i, &count) || count < 1 || count > 100000000)
        return false;
    i = skip_ws(p, len, i);
    if (i + count * 20 > len)
        return false;
    cobj *v = malloc(count * sizeof *v);
    if (!v) {
        *oom = true;
        return false;
    }
    size_t n = 0;
    for (unsigned long long k = 0; k < count; k++, i += 20) {
        if (p[i + 17] != 'n')
            continue;
        size_t j = i;
        unsigned long long off;
        if (!read_uint(p, len, &j, &off) || off >= at) {
            free(v);
            return false;
        }
        v[n++] = (cobj){.off = (size_t)off, .id = (int)k};
    }
    i = skip_ws(p, len, i);
    if (i + 7 > len || memcmp(p + i, "trailer", 7) || !n) { /* one section only */
        free(v);
        return false;
    }
    qsort(v, n, sizeof *v, cobj_cmp);
    for (size_t k = 0; k < n; k++) {
        v[k].end = k + 1 < n ? v[k + 1].off : (size_t)at;
        char head[32];
        int hl = snprintf(head, sizeof head, "%d 0 obj", v[k].id);
        if (v[k].end - v[k].off < (size_t)hl || memcmp(p + v[k].off, head, (size_t)hl)) {
            free(v);
            return false;
        }
    }
    *objs = v;
    *nobjs = n;
    *size = (int)count;
    return true;
}

/* cairo's "N 0 obj\n<< /Type /StructElem ..." */
static bool is_struct_elem(const unsigned char *p, const cobj *c)
{
    static const char want[] = "<< /Type /StructElem";
    size_t n = c->end - c->off;
    const unsigned char *nl = memchr(p + c->off, '\n', n < 24 ? n : 24);
    size_t at = nl ? (size_t)(nl - p) + 1 : c->end;
    return at + sizeof want - 1 <= c->end && !memcmp(p + at, want, sizeof want - 1);
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

typedef struct pinfo {
    int id, contents, length_id;
    double h;
} pinfo;

/* What becomes of each object of cairo's file. */
enum { ACT_COPY, ACT_DROP, ACT_PAGE, ACT_CONTENT, ACT_ANNOT, ACT_FILESPEC, ACT_EMBED };

typedef struct fin {
    qpdf_data q;
    const unsigned char *pdf;
    const bc_pdfa_doc *doc;
    bc_pdfout *o;
    int npages;
    pinfo *pages;
    unsigned char *act;   /* [cairo id] */
    long *inline_len;     /* [cairo id]: a stream's length to write in its dictionary
                           * (its indirect /Length object is dropped), -1 none */
    int *act_page;        /* [cairo id]: the page of ACT_PAGE, ACT_CONTENT; the file
                           * specification of ACT_EMBED */
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
    bc_buf nums;          /* the ParentTree's /Nums entries */
    int next_content;     /* pages must come in order: the next page to retag */
    int next_key;
    bc_buf text;          /* scratch */
    bool oom;
} fin;

/* Where object c's value starts (after "N 0 obj") and ends (before
 * "endobj"), and whether it is a stream. false: not of that form. */
static bool obj_body(const unsigned char *p, const cobj *c, size_t *b, size_t *e, bool *stream)
{
    size_t i = c->off;
    while (i < c->end && p[i] != 'j') /* "N 0 obj" was checked */
        i++;
    i = skip_ws(p, c->end, i + 1);
    size_t j = c->end;
    while (j > i && (p[j - 1] == ' ' || p[j - 1] == '\n' || p[j - 1] == '\r'))
        j--;
    if (j < i + 6 || memcmp(p + j - 6, "endobj", 6))
        return false;
    j -= 6;
    while (j > i && (p[j - 1] == ' ' || p[j - 1] == '\n' || p[j - 1] == '\r'))
        j--;
    *b = i;
    *e = j;
    *stream = j >= i + 9 && !memcmp(p + j - 9, "endstream", 9);
    return j > i;
}

/* The numbers of "N 0 R" references in p[i..e) are dropped (when
 * plain copies); after_int: only references that follow a key number
 * ("k N 0 R", a /Nums array). */
static void drop_refs(fin *f, size_t i, size_t e)
{
    const unsigned char *p = f->pdf;
    unsigned long long v[3] = {0};
    int nv = 0;
    while (i < e) {
        unsigned long long x;
        if (p[i] >= '0' && p[i] <= '9' && read_uint(p, e, &i, &x)) {
            if (nv == 3) {
                v[0] = v[1];
                v[1] = v[2];
                nv = 2;
            }
            v[nv++] = x;
            continue;
        }
        if (p[i] == 'R' && nv >= 2 && v[nv - 1] == 0 && v[nv - 2] < (unsigned long long)f->csize &&
            f->act[v[nv - 2]] == ACT_COPY)
            f->act[v[nv - 2]] = ACT_DROP;
        if (p[i] != ' ' && p[i] != '\n' && p[i] != '\r')
            nv = 0;
        i++;
    }
}

/* cairo's structure tree root, its ParentTree and the ParentTree's arrays
 * are left out, by their text (its elements too, as they are copied):
 * ours replace them. One that is not recognised stays, unreferenced. */
static void drop_cairo_tree(fin *f, const cobj *objs, size_t n, const int *where)
{
    const unsigned char *p = f->pdf;
    static const char root[] = "<< /Type /StructTreeRoot";
    for (size_t k = 0; k < n; k++) {
        const cobj *c = &objs[k];
        size_t b, e;
        bool stream;
        if (f->act[c->id] != ACT_COPY || !obj_body(p, c, &b, &e, &stream) || stream ||
            e - b < sizeof root || memcmp(p + b, root, sizeof root - 1))
            continue;
        f->act[c->id] = ACT_DROP;
        const unsigned char *pt = NULL;
        for (size_t i = b; !pt && i + 12 < e; i++)
            if (p[i] == '/' && !memcmp(p + i, "/ParentTree ", 12))
                pt = p + i + 12;
        size_t i = pt ? (size_t)(pt - p) : e;
        unsigned long long id;
        if (!pt || !read_uint(p, e, &i, &id) || id >= (unsigned long long)f->csize ||
            where[id] < 0 || f->act[id] != ACT_COPY)
            continue;
        const cobj *t = &objs[where[id]];
        size_t tb, te;
        if (!obj_body(p, t, &tb, &te, &stream) || stream || te - tb < 10 ||
            memcmp(p + tb, "<< /Nums [", 10))
            continue;
        f->act[id] = ACT_DROP;
        drop_refs(f, tb + 10, te);
    }
}

/* "/Length N 0 R" first in a stream's dictionary: N's value, when N
 * is an integer object (cairo writes each stream's length after it), is
 * written in place and N left out. */
static void plan_lengths(fin *f, const cobj *objs, size_t n)
{
    const unsigned char *p = f->pdf;
    int *where = malloc((size_t)f->csize * sizeof *where);
    if (!where) {
        f->oom = true;
        return;
    }
    for (int i = 0; i < f->csize; i++) {
        where[i] = -1;
        f->inline_len[i] = -1;
    }
    for (size_t k = 0; k < n; k++)
        where[objs[k].id] = (int)k;
    drop_cairo_tree(f, objs, n, where);
    for (size_t k = 0; k < n; k++) {
        const cobj *c = &objs[k];
        size_t b, e;
        bool stream;
        if (f->act[c->id] != ACT_COPY || !obj_body(p, c, &b, &e, &stream) || !stream ||
            e - b < 16 || memcmp(p + b, "<<", 2))
            continue;
        size_t i = skip_ws(p, e, b + 2);
        if (i + 8 > e || memcmp(p + i, "/Length ", 8))
            continue;
        i += 8;
        unsigned long long id, gen, v;
        if (!read_uint(p, e, &i, &id) || i >= e || p[i++] != ' ' || !read_uint(p, e, &i, &gen) ||
            gen || i + 2 > e || memcmp(p + i, " R", 2) || id >= (unsigned long long)f->csize ||
            where[id] < 0 || f->act[id] != ACT_COPY)
            continue;
        const cobj *l = &objs[where[id]];
        size_t lb, le;
        bool ls;
        if (!obj_body(p, l, &lb, &le, &ls) || ls)
            continue;
        size_t j = lb;
        if (!read_uint(p, le, &j, &v) || j != le)
            continue;
        f->inline_len[c->id] = (long)v;
        f->act[id] = ACT_DROP;
    }
    free(where);
}

/* One of cairo's objects as it is: a stream verbatim (its length written
 * in), anything else into an object stream. */
static bool copy_obj(fin *f, const cobj *c)
{
    const unsigned char *p = f->pdf;
    size_t b, e;
    bool stream;
    if (!obj_body(p, c, &b, &e, &stream))
        return bc_pdfout_copy(f->o, c->id, p + c->off, c->end - c->off);
    if (!stream)
        return bc_pdfout_object(f->o, c->id, (const char *)p + b, e - b);
    if (f->inline_len[c->id] < 0)
        return bc_pdfout_copy(f->o, c->id, p + c->off, c->end - c->off);
    size_t v = skip_ws(p, e, b + 2) + 8, i = v; /* after "<< /Length ": skip "N 0 R" */
    while (p[i] != 'R')
        i++;
    char num[32];
    int nl = snprintf(num, sizeof num, "%ld", f->inline_len[c->id]);
    return bc_pdfout_copy_parts(f->o, c->id, p + c->off, v - c->off, num, (size_t)nl, p + i + 1,
                                c->end - i - 1);
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

/* Page pno's content data: its marked-content sequences with an MCID
 * ("/<Name> << /MCID n >> BDC", as cairo writes them) are, in order, the
 * writer's tags of the page: an element's goes to its kids and the page's
 * ParentTree array, an artifact's becomes "/Artifact BMC". false: the
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
    }
    free(par);
    if (out->oom || f->nums.oom)
        f->oom = true;
    return !*bad && !f->oom;
}

/* A qpdf object printed; dict with its last ">>" cut (to add keys) when
 * open. NULL on a qpdf error. Copied into f->text (replacing it). */
static const char *print_obj(fin *f, qpdf_oh h, bool open)
{
    const char *s = qpdf_oh_unparse_resolved(f->q, h);
    size_t n = s ? strlen(s) : 0;
    if (!n || qpdf_has_error(f->q))
        return NULL;
    if (open) {
        while (n && s[n - 1] == ' ')
            n--;
        if (n < 4 || memcmp(s, "<<", 2) || memcmp(s + n - 2, ">>", 2))
            return NULL;
        n -= 2;
    }
    f->text.len = 0;
    bc_buf_append(&f->text, s, n);
    return f->text.oom ? NULL : f->text.data;
}

/* A PDF string as qpdf prints it (literal, escaped; UTF-16 when not
 * PDFDocEncoding), appended to b. */
static void put_string(fin *f, bc_buf *b, const char *s, bool unicode)
{
    qpdf_oh h = unicode ? qpdf_oh_new_unicode_string(f->q, s) : qpdf_oh_new_string(f->q, s);
    bc_buf_puts(b, qpdf_oh_unparse(f->q, h));
    qpdf_oh_release(f->q, h);
}

/* Page p's dictionary with its new keys. */
static bool write_page(fin *f, int p)
{
    qpdf_data q = f->q;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
    if (qpdf_oh_has_key(q, page, "/Annots"))
        return false; /* cairo wrote none: ours would hide them */
    if (f->doc->tagged) {
        qpdf_oh v = qpdf_oh_new_integer(q, p);
        qpdf_oh_replace_key(q, page, "/StructParents", v);
        qpdf_oh_release(q, v);
        v = qpdf_oh_new_name(q, "/S");
        qpdf_oh_replace_key(q, page, "/Tabs", v);
        qpdf_oh_release(q, v);
    }
    if (!print_obj(f, page, true))
        return false;
    qpdf_oh_release(q, page);
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

/* Page p's content, retagged, compressed again. */
static bc_status write_content(fin *f, int p, bc_error *err)
{
    if (p != f->next_content)
        return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                            "tệp PDF của cairo: nội dung trang %d không theo thứ tự (lỗi nội bộ, "
                            "hãy báo cho người phát triển)",
                            p + 1);
    f->next_content++;
    qpdf_oh page = qpdf_get_page_n(f->q, (size_t)p);
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_page_content_data(f->q, page, &data, &len) & QPDF_ERRORS) {
        qpdf_oh_release(f->q, page);
        return qpdf_failed(f->q, "đọc nội dung trang", err);
    }
    qpdf_oh_release(f->q, page);
    bc_buf out = BC_BUF_INIT;
    bool bad = false;
    bool done = retag(f, p, (const char *)data, len, &out, &bad);
    free(data);
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
static bool fix_cid_font(fin *f, const cobj *c)
{
    size_t n = c->end - c->off < 256 ? c->end - c->off : 256;
    bool seen = false;
    for (size_t i = 0; !seen && i + 13 <= n; i++)
        seen = f->pdf[c->off + i] == '/' && !memcmp(f->pdf + c->off + i, "/CIDFontType2", 13);
    if (!seen)
        return false;
    qpdf_oh h = qpdf_get_object_by_id(f->q, c->id, 0);
    bool fix = qpdf_oh_is_dictionary_of_type(f->q, h, "/Font", "/CIDFontType2") &&
               !qpdf_oh_has_key(f->q, h, "/CIDToGIDMap");
    if (fix) {
        qpdf_oh v = qpdf_oh_new_name(f->q, "/Identity");
        qpdf_oh_replace_key(f->q, h, "/CIDToGIDMap", v);
        qpdf_oh_release(f->q, v);
        fix = print_obj(f, h, false) &&
              bc_pdfout_object(f->o, c->id, f->text.data, f->text.len);
    }
    qpdf_oh_release(f->q, h);
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
    bc_buf_puts(b, "<< /Nums [ ");
    bc_buf_append(b, f->nums.data, f->nums.len);
    bc_buf_puts(b, "] >>");
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
            put_string(f, b, u, false);
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
            f->next_key++;
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
        f->next_key++;
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
        put_string(f, b, fl->place.name, false);
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
    qpdf_data q = f->q;
    qpdf_oh root = qpdf_get_root(q);
    static const char *const drop[] = {"/Metadata", "/OutputIntents", "/Lang",
                                       "/ViewerPreferences", "/StructTreeRoot", "/MarkInfo"};
    for (size_t i = 0; i < sizeof drop / sizeof *drop - (f->doc->tagged ? 0 : 2); i++)
        qpdf_oh_remove_key(q, root, drop[i]);
    if (f->form_id)
        qpdf_oh_remove_key(q, root, "/AcroForm");
    if (f->naf)
        qpdf_oh_remove_key(q, root, "/AF");
    if (!print_obj(f, root, true))
        return false;
    bc_buf *b = &f->text;
    bc_buf_printf(b,
                  " /Metadata %d 0 R /OutputIntents [ << /Type /OutputIntent /S /GTS_PDFA1 "
                  "/OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) "
                  "/RegistryName (http://www.color.org) /DestOutputProfile %d 0 R >> ]",
                  f->meta_id, f->icc_id);
    if (f->doc->lang) {
        bc_buf_puts(b, " /Lang ");
        put_string(f, b, f->doc->lang, false);
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
static bool write_info(fin *f, qpdf_oh info, const char *producer, const char *creator,
                       const char *pdf_date)
{
    qpdf_data q = f->q;
    const struct {
        const char *key, *value;
    } set[] = {{"/Producer", producer},
               {"/Creator", creator},
               {"/CreationDate", pdf_date},
               {"/ModDate", pdf_date}};
    for (size_t i = 0; i < sizeof set / sizeof *set; i++) {
        if (!set[i].value) {
            qpdf_oh_remove_key(q, info, set[i].key);
            continue;
        }
        qpdf_oh v = qpdf_oh_new_string(q, set[i].value);
        qpdf_oh_replace_key(q, info, set[i].key, v);
        qpdf_oh_release(q, v);
    }
    return print_obj(f, info, false) &&
           bc_pdfout_object(f->o, qpdf_oh_get_object_id(q, info), f->text.data, f->text.len);
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

/* Another writer's file (libharu's drafts): its annotations get the print
 * flag (PDF/A-2 6.3.2), its embedded files are associated with the
 * document (PDF/A-3). false: an annotation or file not an object of its
 * own (not expected), or out of memory. */
static bool plan_annots_files(fin *f)
{
    qpdf_data q = f->q;
    for (int p = 0; p < f->npages; p++) {
        qpdf_oh annots = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)p), "/Annots");
        for (int i = 0; qpdf_oh_is_array(q, annots) && i < qpdf_oh_get_array_n_items(q, annots);
             i++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
            int id = qpdf_oh_is_indirect(q, a) ? qpdf_oh_get_object_id(q, a) : 0;
            if (id <= 0 || id >= f->csize)
                return false;
            f->act[id] = ACT_ANNOT;
        }
    }
    qpdf_oh tree =
        qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/Names"), "/EmbeddedFiles");
    qpdf_oh names = qpdf_oh_get_key(q, tree, "/Names");
    if (!qpdf_oh_is_array(q, names))
        return true;
    int n = qpdf_oh_get_array_n_items(q, names);
    f->af_ids = calloc((size_t)n / 2 + 1, sizeof *f->af_ids);
    if (!f->af_ids) {
        f->oom = true;
        return false;
    }
    for (int i = 0; i + 1 < n; i += 2) {
        qpdf_oh fs = qpdf_oh_get_array_item(q, names, i + 1);
        if (!qpdf_oh_is_dictionary(q, fs))
            continue;
        int id = qpdf_oh_is_indirect(q, fs) ? qpdf_oh_get_object_id(q, fs) : 0;
        qpdf_oh st = qpdf_oh_get_key(q, qpdf_oh_get_key(q, fs, "/EF"), "/F");
        int sid = qpdf_oh_is_stream(q, st) ? qpdf_oh_get_object_id(q, st) : -1;
        if (id <= 0 || id >= f->csize || sid == 0 || sid >= f->csize)
            return false;
        f->act[id] = ACT_FILESPEC;
        if (sid > 0) {
            f->act[sid] = ACT_EMBED;
            f->act_page[sid] = id;
            /* its length goes into its dictionary */
            qpdf_oh l = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, st), "/Length");
            int lid = qpdf_oh_is_indirect(q, l) ? qpdf_oh_get_object_id(q, l) : 0;
            if (lid > 0 && lid < f->csize && f->act[lid] == ACT_COPY)
                f->act[lid] = ACT_DROP;
        }
        f->af_ids[f->naf++] = id;
    }
    return true;
}

/* The file name of a file specification (its /F), or NULL. Owned by the
 * caller. */
static char *spec_name(fin *f, int fs_id)
{
    qpdf_oh fs = qpdf_get_object_by_id(f->q, fs_id, 0);
    qpdf_oh name = qpdf_oh_get_key(f->q, fs, "/F");
    char *r = qpdf_oh_is_string(f->q, name) ? bc_strdup(qpdf_oh_get_utf8_value(f->q, name)) : NULL;
    qpdf_oh_release(f->q, name);
    qpdf_oh_release(f->q, fs);
    return r;
}

/* An annotation with the print flag and none of the hiding ones. */
static bool write_annot(fin *f, int id)
{
    qpdf_data q = f->q;
    qpdf_oh a = qpdf_get_object_by_id(q, id, 0);
    qpdf_oh fl = qpdf_oh_get_key(q, a, "/F");
    long long v = qpdf_oh_is_integer(q, fl) ? qpdf_oh_get_int_value(q, fl) : 0;
    v = (v | 4) & ~(long long)(1 | 2 | 32); /* Print; not Invisible, Hidden, NoView */
    qpdf_oh nv = qpdf_oh_new_integer(q, v);
    qpdf_oh_replace_key(q, a, "/F", nv);
    qpdf_oh_release(q, nv);
    bool r = print_obj(f, a, false) && bc_pdfout_object(f->o, id, f->text.data, f->text.len);
    qpdf_oh_release(q, a);
    return r;
}

/* A file specification associated with the document (PDF/A-3). */
static bool write_filespec(fin *f, int id)
{
    qpdf_data q = f->q;
    qpdf_oh fs = qpdf_get_object_by_id(q, id, 0);
    qpdf_oh v = qpdf_oh_new_name(q, "/Source");
    qpdf_oh_replace_key(q, fs, "/AFRelationship", v);
    qpdf_oh_release(q, v);
    char *name = spec_name(f, id);
    if (!qpdf_oh_has_key(q, fs, "/UF") && name) {
        v = qpdf_oh_new_unicode_string(q, name);
        qpdf_oh_replace_key(q, fs, "/UF", v);
        qpdf_oh_release(q, v);
    }
    free(name);
    bool r = print_obj(f, fs, false) && bc_pdfout_object(f->o, id, f->text.data, f->text.len);
    qpdf_oh_release(q, fs);
    return r;
}

/* An embedded file's stream with its MIME type and /Params; its data as
 * it was. */
static bool write_embedded(fin *f, int id, int fs_id)
{
    qpdf_data q = f->q;
    qpdf_oh st = qpdf_get_object_by_id(q, id, 0);
    qpdf_oh d = qpdf_oh_get_dict(q, st);
    char *name = spec_name(f, fs_id);
    qpdf_oh v = qpdf_oh_new_name(q, mime_name(name ? name : ""));
    free(name);
    qpdf_oh_replace_key(q, d, "/Subtype", v);
    qpdf_oh_release(q, v);
    v = qpdf_oh_new_dictionary(q);
    if (f->pdf_date) {
        qpdf_oh date = qpdf_oh_new_string(q, f->pdf_date);
        qpdf_oh_replace_key(q, v, "/ModDate", date);
        qpdf_oh_release(q, date);
    }
    qpdf_oh_replace_key(q, d, "/Params", v);
    qpdf_oh_release(q, v);
    unsigned char *raw = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    bool r = !(qpdf_oh_get_stream_data(q, st, qpdf_dl_none, &filtered, &raw, &len) & QPDF_ERRORS);
    if (r) {
        v = qpdf_oh_new_integer(q, (long long)len);
        qpdf_oh_replace_key(q, d, "/Length", v);
        qpdf_oh_release(q, v);
        r = print_obj(f, d, false);
    }
    if (r) {
        char head[32];
        snprintf(head, sizeof head, "%d 0 obj\n", id);
        bc_buf_puts(&f->text, "\nstream\n");
        r = !f->text.oom &&
            bc_pdfout_copy_parts(f->o, id, head, strlen(head), f->text.data, f->text.len, raw,
                                 len) &&
            bc_pdfout_bytes(f->o, "\nendstream\nendobj\n", 18);
    }
    free(raw);
    qpdf_oh_release(q, d);
    qpdf_oh_release(q, st);
    return r;
}

/* Numbers for the new objects; which of cairo's objects change or go. */
static bool plan(fin *f)
{
    qpdf_data q = f->q;
    const bc_pdfa_doc *doc = f->doc;
    int np = f->npages;
    f->pages = calloc((size_t)np + 1, sizeof *f->pages);
    f->act = calloc((size_t)f->csize, 1);
    f->act_page = calloc((size_t)f->csize, sizeof *f->act_page);
    f->inline_len = calloc((size_t)f->csize, sizeof *f->inline_len);
    f->node = calloc(doc->nelems + 1, sizeof *f->node);
    f->link_annot = calloc(doc->nlinks + 1, sizeof *f->link_annot);
    f->link_elem = calloc(doc->nlinks + 1, sizeof *f->link_elem);
    f->field_id = calloc(doc->nfields + 1, sizeof *f->field_id);
    f->annot_first = calloc((size_t)np + 2, sizeof *f->annot_first);
    f->annot_ids = calloc(doc->nlinks + doc->nfields + 1, sizeof *f->annot_ids);
    if (!f->pages || !f->act || !f->act_page || !f->inline_len || !f->node || !f->link_annot || !f->link_elem ||
        !f->field_id || !f->annot_first || !f->annot_ids) {
        f->oom = true;
        return false;
    }
    for (int p = 0; p < np; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        pinfo *pi = &f->pages[p];
        pi->id = qpdf_oh_get_object_id(q, page);
        qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
        pi->contents = qpdf_oh_is_stream(q, c) ? qpdf_oh_get_object_id(q, c) : 0;
        if (pi->contents) {
            qpdf_oh l = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, c), "/Length");
            pi->length_id = qpdf_oh_is_indirect(q, l) ? qpdf_oh_get_object_id(q, l) : 0;
        }
        qpdf_oh mb = qpdf_oh_get_key(q, page, "/MediaBox");
        pi->h = 841.89;
        if (qpdf_oh_is_array(q, mb) && qpdf_oh_get_array_n_items(q, mb) == 4)
            pi->h = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, mb, 3)) -
                    qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, mb, 1));
        if (pi->id <= 0 || pi->id >= f->csize || (doc->tagged && !pi->contents) ||
            pi->contents >= f->csize || pi->length_id >= f->csize)
            return false;
        f->act[pi->id] = ACT_PAGE;
        f->act_page[pi->id] = p;
        if (doc->tagged) {
            f->act[pi->contents] = ACT_CONTENT;
            f->act_page[pi->contents] = p;
            if (pi->length_id)
                f->act[pi->length_id] = ACT_DROP;
        }
        qpdf_oh_release(q, page);
    }
    if (doc->writer && !plan_annots_files(f))
        return false;
    if (qpdf_has_error(q))
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
    free(f->act_page);
    free(f->inline_len);
    free(f->af_ids);
    free(f->link_annot);
    free(f->link_elem);
    free(f->field_id);
    free(f->annot_first);
    free(f->annot_ids);
    bc_buf_free(&f->nums);
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

bc_status bc_pdfa_write(const void *pdf, size_t len, const bc_pdfa_doc *doc, bc_outfile *out,
                        bc_error *err)
{
    const unsigned char *p = pdf;
    cobj *objs = NULL;
    size_t nobjs = 0;
    int csize = 0;
    bool oom = false;
    if (!read_xref(p, len, &objs, &nobjs, &csize, &oom))
        return oom ? bc_nomem(err) : internal("bảng tham chiếu của cairo", err);
    fin f = {.pdf = p, .doc = doc, .csize = csize};
    bc_status st = BC_OK;
    char *xmp = NULL;
    f.q = qpdf_init();
    f.o = bc_pdfout_new(out, csize, Z_DEFAULT_COMPRESSION);
    if (!f.q || !f.o) {
        st = bc_nomem(err);
        goto out;
    }
    qpdf_silence_errors(f.q);
    qpdf_set_suppress_warnings(f.q, QPDF_TRUE);
    if (qpdf_read_memory(f.q, "cairo", pdf, len, NULL) & QPDF_ERRORS) {
        st = qpdf_failed(f.q, "đọc lại", err);
        goto out;
    }
    f.npages = qpdf_get_num_pages(f.q);
    if (f.npages < 0 || !plan(&f)) {
        st = f.oom ? bc_nomem(err) : internal("các trang của cairo", err);
        goto out;
    }
    plan_lengths(&f, objs, nobjs);
    if (f.oom) {
        st = bc_nomem(err);
        goto out;
    }
    qpdf_oh trailer = qpdf_get_trailer(f.q);
    qpdf_oh info = qpdf_oh_get_key(f.q, trailer, "/Info");
    int info_id = qpdf_oh_is_indirect(f.q, info) ? qpdf_oh_get_object_id(f.q, info) : 0;
    int root_id = qpdf_oh_get_object_id(f.q, qpdf_get_root(f.q));
    if (info_id <= 0 || info_id >= csize || root_id <= 0 || root_id >= csize) {
        st = internal("Info của cairo", err);
        goto out;
    }

    const bc_pdf_meta *m = doc->meta;
    char producer[160], creator[64];
    if (doc->writer)
        snprintf(producer, sizeof producer, "%s; qpdf %s", doc->writer, qpdf_get_qpdf_version());
    else
        snprintf(producer, sizeof producer, "cairo %s (https://cairographics.org); qpdf %s",
                 cairo_version_string(), qpdf_get_qpdf_version());
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
    bool good = doc->writer ? bc_pdfout_bytes(f.o, head17, sizeof head17 - 1)
                            : bc_pdfout_bytes(f.o, p, objs[0].off);
    for (size_t i = 0; good && !st && i < nobjs; i++) {
        const cobj *c = &objs[i];
        switch (f.act[c->id]) {
        case ACT_DROP:
            break;
        case ACT_PAGE:
            if (!doc->tagged && f.annot_first[f.act_page[c->id] + 1] ==
                                    f.annot_first[f.act_page[c->id]]) {
                good = copy_obj(&f, c); /* nothing to add */
            } else if (!write_page(&f, f.act_page[c->id])) {
                st = f.text.oom ? bc_nomem(err) : qpdf_failed(f.q, "trang", err);
                if (!qpdf_has_error(f.q) && !f.text.oom)
                    st = internal("trang của cairo", err);
            }
            break;
        case ACT_ANNOT:
            good = write_annot(&f, c->id);
            break;
        case ACT_FILESPEC:
            good = write_filespec(&f, c->id);
            break;
        case ACT_EMBED:
            good = write_embedded(&f, c->id, f.act_page[c->id]);
            break;
        case ACT_CONTENT:
            st = write_content(&f, f.act_page[c->id], err);
            if (st == BC_E_OUTPUT) /* the writer's: said at finish */
                st = BC_OK, good = false;
            break;
        default:
            if (c->id == root_id) {
                good = write_catalog(&f, root_id);
            } else if (c->id == info_id) {
                good = write_info(&f, info, producer, creator, dated ? pdf_date : NULL);
            } else if (is_struct_elem(p, c)) {
                /* cairo's element: ours replace them */
            } else if (!fix_cid_font(&f, c)) {
                good = copy_obj(&f, c);
            }
            break;
        }
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
    if (good && qpdf_has_error(f.q)) {
        st = qpdf_failed(f.q, "sửa đối tượng", err);
        goto out;
    }
    if (f.oom || f.text.oom) {
        st = bc_nomem(err);
        goto out;
    }
    st = bc_pdfout_finish(f.o, root_id, info_id, err);
out:
    free(objs);
    free(xmp);
    fin_free(&f);
    if (f.q)
        qpdf_cleanup(&f.q);
    return st;
}
