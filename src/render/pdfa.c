/* pdfa.c - cairo's PDF finished as PDF/A-2b with qpdf's C API. */
#include "pdfa.h"

#include "sigfield.h"
#include "strbuf.h"

#include <cairo.h>
#include <libxml/xmlwriter.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static qpdf_oh real(qpdf_data q, double v) { return qpdf_oh_new_real_from_double(q, v, 2); }

/* /CIDToGIDMap /Identity on the Type 2 CID fonts of a resource dictionary
 * and of its form XObjects (depth-limited). */
static void fix_fonts(qpdf_data q, qpdf_oh res, int depth)
{
    if (!qpdf_oh_is_dictionary(q, res) || depth > 4)
        return;
    qpdf_oh fonts = qpdf_oh_get_key(q, res, "/Font");
    if (qpdf_oh_is_dictionary(q, fonts)) {
        qpdf_oh_begin_dict_key_iter(q, fonts);
        while (qpdf_oh_dict_more_keys(q)) {
            qpdf_oh f = qpdf_oh_get_key(q, fonts, qpdf_oh_dict_next_key(q));
            qpdf_oh desc = qpdf_oh_get_key(q, f, "/DescendantFonts");
            if (!qpdf_oh_is_array(q, desc))
                continue;
            for (int i = 0; i < qpdf_oh_get_array_n_items(q, desc); i++) {
                qpdf_oh cid = qpdf_oh_get_array_item(q, desc, i);
                if (qpdf_oh_is_dictionary_of_type(q, cid, "/Font", "/CIDFontType2") &&
                    !qpdf_oh_has_key(q, cid, "/CIDToGIDMap"))
                    qpdf_oh_replace_key(q, cid, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
            }
        }
    }
    qpdf_oh xo = qpdf_oh_get_key(q, res, "/XObject");
    if (qpdf_oh_is_dictionary(q, xo)) {
        qpdf_oh_begin_dict_key_iter(q, xo);
        /* the iterator is global to q: collect first, then recurse */
        qpdf_oh kids[64];
        int n = 0;
        while (qpdf_oh_dict_more_keys(q) && n < 64)
            kids[n++] = qpdf_oh_get_key(q, xo, qpdf_oh_dict_next_key(q));
        for (int i = 0; i < n; i++)
            if (qpdf_oh_is_stream(q, kids[i]))
                fix_fonts(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, kids[i]), "/Resources"),
                          depth + 1);
    }
}

static double page_height(qpdf_data q, qpdf_oh page)
{
    qpdf_oh mb = qpdf_oh_get_key(q, page, "/MediaBox");
    if (qpdf_oh_is_array(q, mb) && qpdf_oh_get_array_n_items(q, mb) == 4)
        return qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, mb, 3)) -
               qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, mb, 1));
    return 841.89;
}

static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    return s;
}

/* ---- structure tree --------------------------------------------------------- */

typedef struct stree {
    qpdf_oh doc;      /* the Document element */
    qpdf_oh doc_kids;
    qpdf_oh *el, *kids;
    int *pg;          /* page of an element's first marked content, -1 */
    qpdf_oh nums;     /* the ParentTree's /Nums */
    int next_key;     /* the next /StructParent(s) key */
} stree;

static void stree_free(stree *t)
{
    free(t->el);
    free(t->kids);
    free(t->pg);
}

/* qpdf's C API keeps every handle until qpdf_oh_release: temporaries
 * are released at once (a 5 000-row table makes 30 000 elements). */
static void put(qpdf_data q, qpdf_oh dict, const char *key, qpdf_oh value)
{
    qpdf_oh_replace_key(q, dict, key, value);
    qpdf_oh_release(q, value);
}

static void append(qpdf_data q, qpdf_oh array, qpdf_oh item)
{
    qpdf_oh_append_item(q, array, item);
    qpdf_oh_release(q, item);
}

static qpdf_oh new_elem(qpdf_data q, const char *type, qpdf_oh parent, qpdf_oh *kids)
{
    qpdf_oh d = qpdf_oh_new_dictionary(q);
    qpdf_oh e = qpdf_make_indirect_object(q, d);
    qpdf_oh_release(q, d);
    put(q, e, "/Type", qpdf_oh_new_name(q, "/StructElem"));
    put(q, e, "/S", qpdf_oh_new_name(q, type));
    qpdf_oh_replace_key(q, e, "/P", parent);
    put(q, e, "/K", qpdf_oh_new_array(q));
    *kids = qpdf_oh_get_key(q, e, "/K");
    return e;
}

/* One page's content: its marked-content sequences with an MCID
 * ("/<Name> << /MCID n >> BDC", as cairo writes them) are, in order, the
 * writer's tags of the page: an element's goes to its kids and the page's
 * ParentTree array, an artifact's becomes "/Artifact BMC". false: the
 * sequences do not match the writer's list (*bad), or out-of-memory. */
static bool retag_page(qpdf_data q, const bc_pdfa_doc *doc, stree *t, int pno, bool *bad)
{
    qpdf_oh page = qpdf_get_page_n(q, (size_t)pno);
    const int *tags = NULL;
    size_t ntags = 0, k = 0;
    if ((size_t)pno < doc->npage_tags) {
        tags = doc->tags + doc->page_tags[pno];
        ntags = doc->page_tags[pno + 1] - doc->page_tags[pno];
    }
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS) {
        *bad = true;
        return false;
    }
    bc_buf out = BC_BUF_INIT;
    qpdf_oh parents = qpdf_oh_new_array(q);
    int nparents = 0;
    const char *c = (const char *)data;
    size_t at = 0, scan = 0;
    static const char mid[] = " << /MCID ";
    static const char tail[] = " >> BDC";
    const size_t nmid = sizeof mid - 1, ntail = sizeof tail - 1;
    for (;;) {
        /* the next " << /MCID " after a name */
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
                               ? bc_stype_name(doc->elems[idx].type)
                               : NULL;
        const char *name = want ? want : "NonStruct";
        if (e - h - 1 != strlen(name) || memcmp(c + h + 1, name, e - h - 1) != 0) {
            *bad = true;
            break;
        }
        if (idx < 0) {
            bc_buf_append(&out, c + at, h - at);
            bc_buf_printf(&out, "/Artifact BMC");
            at = end;
            continue;
        }
        while (nparents <= mcid) {
            append(q, parents, qpdf_oh_new_null(q));
            nparents++;
        }
        qpdf_oh_set_array_item(q, parents, (int)mcid, t->el[idx]);
        if (t->pg[idx] < 0) {
            t->pg[idx] = pno;
            qpdf_oh_replace_key(q, t->el[idx], "/Pg", page);
        }
        if (t->pg[idx] == pno) {
            append(q, t->kids[idx], qpdf_oh_new_integer(q, mcid));
        } else {
            qpdf_oh mcr = qpdf_oh_new_dictionary(q);
            put(q, mcr, "/Type", qpdf_oh_new_name(q, "/MCR"));
            qpdf_oh_replace_key(q, mcr, "/Pg", page);
            put(q, mcr, "/MCID", qpdf_oh_new_integer(q, mcid));
            append(q, t->kids[idx], mcr);
        }
    }
    if (k != ntags)
        *bad = true;
    if (!*bad && at < len)
        bc_buf_append(&out, c + at, len - at);
    free(data);
    if (*bad || out.oom) {
        bc_buf_free(&out);
        return false;
    }
    /* in place: a new stream per page costs qpdf a walk over all objects */
    qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
    if (qpdf_oh_is_stream(q, contents))
        qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)out.data, out.len,
                                    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    else
        put(q, page, "/Contents", new_stream(q, out.data, out.len));
    qpdf_oh_release(q, contents);
    bc_buf_free(&out);
    put(q, page, "/StructParents", qpdf_oh_new_integer(q, pno));
    put(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
    append(q, t->nums, qpdf_oh_new_integer(q, pno));
    append(q, t->nums, parents);
    qpdf_oh_release(q, page);
    return true;
}

/* The structure tree from doc->elems and the pages' tags. BC_OK, or an
 * error (a tag naming no element is an internal error). */
static bc_status build_tree(qpdf_data q, const bc_pdfa_doc *doc, int npages, stree *t,
                            bc_error *err)
{
    size_t n = doc->nelems;
    t->el = calloc(n + 1, sizeof *t->el);
    t->kids = calloc(n + 1, sizeof *t->kids);
    t->pg = malloc((n + 1) * sizeof *t->pg);
    if (!t->el || !t->kids || !t->pg)
        return bc_nomem(err);
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh str = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, str, "/Type", qpdf_oh_new_name(q, "/StructTreeRoot"));
    t->doc = new_elem(q, "/Document", str, &t->doc_kids);
    qpdf_oh_replace_key(q, str, "/K", t->doc);
    for (size_t i = 0; i < n; i++) {
        const bc_pdf_selem *se = &doc->elems[i];
        const char *name = bc_stype_name(se->type);
        char pname[16];
        snprintf(pname, sizeof pname, "/%s", name ? name : "Div");
        bool has_parent = se->parent >= 0 && (size_t)se->parent < i;
        t->el[i] = new_elem(q, pname, has_parent ? t->el[se->parent] : t->doc, &t->kids[i]);
        qpdf_oh_append_item(q, has_parent ? t->kids[se->parent] : t->doc_kids, t->el[i]);
        if (se->type == BC_SE_TH)
            qpdf_oh_replace_key(q, t->el[i], "/A",
                                qpdf_oh_parse(q, "<< /O /Table /Scope /Column >>"));
        t->pg[i] = -1;
    }
    qpdf_oh ptree = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, ptree, "/Nums", qpdf_oh_new_array(q));
    t->nums = qpdf_oh_get_key(q, ptree, "/Nums");
    for (int p = 0; p < npages; p++) {
        bool bad = false;
        if (!retag_page(q, doc, t, p, &bad))
            return bad ? bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                                      "trang %d của tệp PDF: thẻ cấu trúc không khớp với nội "
                                      "dung (lỗi nội bộ, hãy báo cho người phát triển)",
                                      p + 1)
                       : bc_nomem(err);
    }
    t->next_key = npages;
    qpdf_oh_replace_key(q, str, "/ParentTree", qpdf_make_indirect_object(q, ptree));
    qpdf_oh_replace_key(q, root, "/StructTreeRoot", str);
    return BC_OK;
}

/* A link annotation's Link element, inside the element its text is in. */
static void tree_link(qpdf_data q, stree *t, const bc_pdf_link *l, size_t nelems, qpdf_oh annot,
                      qpdf_oh page)
{
    bool in = l->elem >= 0 && (size_t)l->elem < nelems;
    qpdf_oh kids;
    qpdf_oh link = new_elem(q, "/Link", in ? t->el[l->elem] : t->doc, &kids);
    qpdf_oh objr = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, objr, "/Type", qpdf_oh_new_name(q, "/OBJR"));
    qpdf_oh_replace_key(q, objr, "/Obj", annot);
    qpdf_oh_replace_key(q, objr, "/Pg", page);
    qpdf_oh_append_item(q, kids, objr);
    qpdf_oh_replace_key(q, link, "/Pg", page);
    qpdf_oh_append_item(q, in ? t->kids[l->elem] : t->doc_kids, link);
    qpdf_oh_replace_key(q, annot, "/StructParent", qpdf_oh_new_integer(q, t->next_key));
    qpdf_oh_append_item(q, t->nums, qpdf_oh_new_integer(q, t->next_key));
    qpdf_oh_append_item(q, t->nums, link);
    t->next_key++;
}

/* The link annotations; false on out-of-memory. */
static bool add_links(qpdf_data q, const bc_pdfa_doc *doc, int npages, stree *t)
{
    for (size_t i = 0; i < doc->nlinks; i++) {
        const bc_pdf_link *l = &doc->links[i];
        if (l->page < 0 || l->page >= npages)
            continue;
        if (!l->uri && (l->dest_page < 0 || l->dest_page >= npages))
            continue;
        qpdf_oh page = qpdf_get_page_n(q, (size_t)l->page);
        double h = page_height(q, page);
        qpdf_oh a = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, a, "/Type", qpdf_oh_new_name(q, "/Annot"));
        qpdf_oh_replace_key(q, a, "/Subtype", qpdf_oh_new_name(q, "/Link"));
        qpdf_oh rect = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, rect, real(q, l->x0));
        qpdf_oh_append_item(q, rect, real(q, h - l->y1));
        qpdf_oh_append_item(q, rect, real(q, l->x1));
        qpdf_oh_append_item(q, rect, real(q, h - l->y0));
        qpdf_oh_replace_key(q, a, "/Rect", rect);
        qpdf_oh_replace_key(q, a, "/Border", qpdf_oh_parse(q, "[0 0 0]"));
        qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, 4));
        if (l->uri) {
            char *u = uri_ascii(l->uri);
            if (!u)
                return false;
            qpdf_oh act = qpdf_oh_new_dictionary(q);
            qpdf_oh_replace_key(q, act, "/Type", qpdf_oh_new_name(q, "/Action"));
            qpdf_oh_replace_key(q, act, "/S", qpdf_oh_new_name(q, "/URI"));
            qpdf_oh_replace_key(q, act, "/URI", qpdf_oh_new_string(q, u));
            free(u);
            qpdf_oh_replace_key(q, a, "/A", act);
        } else {
            qpdf_oh dp = qpdf_get_page_n(q, (size_t)l->dest_page);
            qpdf_oh dest = qpdf_oh_new_array(q);
            qpdf_oh_append_item(q, dest, dp);
            qpdf_oh_append_item(q, dest, qpdf_oh_new_name(q, "/XYZ"));
            qpdf_oh_append_item(q, dest, real(q, l->dest_x));
            qpdf_oh_append_item(q, dest, real(q, page_height(q, dp) - l->dest_y));
            qpdf_oh_append_item(q, dest, qpdf_oh_new_null(q));
            qpdf_oh_replace_key(q, a, "/Dest", dest);
        }
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        if (!qpdf_oh_is_array(q, annots)) {
            annots = qpdf_oh_new_array(q);
            qpdf_oh_replace_key(q, page, "/Annots", annots);
            annots = qpdf_oh_get_key(q, page, "/Annots");
        }
        qpdf_oh ai = qpdf_make_indirect_object(q, a);
        qpdf_oh_append_item(q, annots, ai);
        if (t)
            tree_link(q, t, l, doc->nelems, ai, page);
    }
    return true;
}

/* Every annotation printable, none hidden (PDF/A-2 6.3.2). */
static void print_flags(qpdf_data q, int npages)
{
    for (int p = 0; p < npages; p++) {
        qpdf_oh annots = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)p), "/Annots");
        if (!qpdf_oh_is_array(q, annots))
            continue;
        for (int i = 0; i < qpdf_oh_get_array_n_items(q, annots); i++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
            long long f = qpdf_oh_is_integer(q, qpdf_oh_get_key(q, a, "/F"))
                              ? qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, a, "/F"))
                              : 0;
            f = (f | 4) & ~(long long)(1 | 2 | 32); /* Print; not Invisible, Hidden, NoView */
            qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, f));
        }
    }
}

static bc_status qpdf_failed(qpdf_data q, const char *what, bc_error *err)
{
    qpdf_error e = qpdf_has_error(q) ? qpdf_get_error(q) : NULL;
    return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                        "không hoàn tất được tệp PDF/A (%s): %s (lỗi nội bộ, hãy báo cho người "
                        "phát triển)",
                        what, e ? qpdf_get_error_full_text(q, e) : "qpdf báo lỗi");
}

bc_status bc_pdfa_write(const void *pdf, size_t len, const bc_pdfa_doc *doc, bc_outfile *out,
                        bc_error *err)
{
    qpdf_data q = qpdf_init();
    if (!q)
        return bc_nomem(err);
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bc_status st = BC_OK;
    char *xmp = NULL;
    stree tree = {0};
    if (qpdf_read_memory(q, "cairo", pdf, len, NULL) & QPDF_ERRORS) {
        st = qpdf_failed(q, "đọc lại", err);
        goto out;
    }
    const bc_pdf_meta *m = doc->meta;
    char producer[160], creator[64];
    snprintf(producer, sizeof producer, "cairo %s (https://cairographics.org); qpdf %s",
             cairo_version_string(), qpdf_get_qpdf_version());
    snprintf(creator, sizeof creator, "baocao %s", BAOCAO_VERSION);
    char xmp_date[64], pdf_date[64];
    bool dated = convert_date(m ? m->date : NULL, xmp_date, pdf_date);
    qpdf_set_info_key(q, "/Producer", producer);
    qpdf_set_info_key(q, "/Creator", creator);
    qpdf_set_info_key(q, "/CreationDate", dated ? pdf_date : NULL);
    qpdf_set_info_key(q, "/ModDate", dated ? pdf_date : NULL);

    size_t xlen = 0;
    xmp = make_xmp(m, doc->lang, producer, creator, dated ? xmp_date : NULL, "2", &xlen);
    if (!xmp) {
        st = bc_nomem(err);
        goto out;
    }
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh meta = new_stream(q, xmp, xlen);
    qpdf_oh md = qpdf_oh_get_dict(q, meta);
    qpdf_oh_replace_key(q, md, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, md, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, root, "/Metadata", meta);

    qpdf_oh icc = new_stream(q, bc_srgb_icc, bc_srgb_icc_len);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, icc), "/N", qpdf_oh_new_integer(q, 3));
    qpdf_oh intent = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
    qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
    qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
                        qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", icc);
    qpdf_oh_replace_key(q, root, "/OutputIntents", qpdf_oh_wrap_in_array(q, intent));

    if (doc->lang)
        qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_string(q, doc->lang));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences",
                        qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
    if (doc->tagged)
        qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));

    int npages = qpdf_get_num_pages(q);
    for (int p = 0; p < npages; p++)
        fix_fonts(q, qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)p), "/Resources"), 0);
    if (doc->tagged && (st = build_tree(q, doc, npages, &tree, err)))
        goto out;
    if (!add_links(q, doc, npages, doc->tagged ? &tree : NULL)) {
        st = bc_nomem(err);
        goto out;
    }
    if (!bc_sigfield_add(q, doc->fields, doc->nfields, npages)) {
        st = qpdf_failed(q, "ô chữ ký số", err);
        goto out;
    }
    if (doc->tagged)
        qpdf_oh_replace_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot"),
                            "/ParentTreeNextKey", qpdf_oh_new_integer(q, tree.next_key));
    print_flags(q, npages);
    if (qpdf_has_error(q)) {
        st = qpdf_failed(q, "sửa đối tượng", err);
        goto out;
    }

    if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
        st = qpdf_failed(q, "ghi", err);
        goto out;
    }
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    /* the structure tree is many small objects: in object streams (PDF 1.5) */
    qpdf_set_object_stream_mode(q, doc->tagged ? qpdf_o_generate : qpdf_o_preserve);
    if (qpdf_write(q) & QPDF_ERRORS) {
        st = qpdf_failed(q, "ghi", err);
        goto out;
    }
    /* In pieces, as cairo wrote them: the output's own buffer keeps the
     * last bytes for its final flush at commit. */
    const unsigned char *bytes = qpdf_get_buffer(q);
    size_t nbytes = qpdf_get_buffer_length(q);
    for (size_t at = 0; at < nbytes; at += 4096) {
        size_t n = nbytes - at < 4096 ? nbytes - at : 4096;
        if (!bc_outfile_write(out, bytes + at, n)) {
            if (bc_outfile_error(out, err))
                st = BC_E_OUTPUT;
            break;
        }
    }
out:
    free(xmp);
    stree_free(&tree);
    qpdf_cleanup(&q);
    return st;
}

/* ---- libharu's drafts as PDF/A-3b (bc_pdfa_write_hpdf) ------------------------------ */

/* The sRGB OutputIntent on the catalog. */
static void output_intent(qpdf_data q, qpdf_oh root)
{
    qpdf_oh icc = new_stream(q, bc_srgb_icc, bc_srgb_icc_len);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, icc), "/N", qpdf_oh_new_integer(q, 3));
    qpdf_oh intent = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
    qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
    qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
                        qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", icc);
    qpdf_oh_replace_key(q, root, "/OutputIntents", qpdf_oh_wrap_in_array(q, intent));
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

/* Every embedded file (the flat /Names array libharu wrote) associated
 * with the document: /AFRelationship /Source on its file specification,
 * its MIME type and /Params on its stream, and the catalog's /AF listing
 * them all. Returns how many there are. */
static int associate_files(qpdf_data q, qpdf_oh root, const char *pdf_date)
{
    qpdf_oh tree = qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/Names"), "/EmbeddedFiles");
    qpdf_oh names = qpdf_oh_get_key(q, tree, "/Names");
    if (!qpdf_oh_is_array(q, names))
        return 0;
    qpdf_oh af = qpdf_oh_new_array(q);
    int count = 0;
    for (int i = 0; i + 1 < qpdf_oh_get_array_n_items(q, names); i += 2) {
        qpdf_oh fs = qpdf_oh_get_array_item(q, names, i + 1);
        if (!qpdf_oh_is_dictionary(q, fs))
            continue;
        qpdf_oh_replace_key(q, fs, "/AFRelationship", qpdf_oh_new_name(q, "/Source"));
        qpdf_oh f = qpdf_oh_get_key(q, fs, "/F");
        char *fname = qpdf_oh_is_string(q, f) ? bc_strdup(qpdf_oh_get_utf8_value(q, f)) : NULL;
        if (!qpdf_oh_has_key(q, fs, "/UF") && fname)
            qpdf_oh_replace_key(q, fs, "/UF", qpdf_oh_new_unicode_string(q, fname));
        qpdf_oh st = qpdf_oh_get_key(q, qpdf_oh_get_key(q, fs, "/EF"), "/F");
        if (qpdf_oh_is_stream(q, st)) {
            qpdf_oh d = qpdf_oh_get_dict(q, st);
            qpdf_oh_replace_key(q, d, "/Subtype",
                                qpdf_oh_new_name(q, mime_name(fname ? fname : "")));
            qpdf_oh params = qpdf_oh_new_dictionary(q);
            if (pdf_date)
                qpdf_oh_replace_key(q, params, "/ModDate", qpdf_oh_new_string(q, pdf_date));
            qpdf_oh_replace_key(q, d, "/Params", params);
        }
        free(fname);
        qpdf_oh_append_item(q, af, fs);
        count++;
    }
    if (count)
        qpdf_oh_replace_key(q, root, "/AF", af);
    return count;
}

bc_status bc_pdfa_write_hpdf(const void *pdf, size_t len, const bc_pdfa_doc *doc,
                             const char *writer, bc_outfile *out, bc_error *err)
{
    qpdf_data q = qpdf_init();
    if (!q)
        return bc_nomem(err);
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bc_status st = BC_OK;
    char *xmp = NULL;
    if (qpdf_read_memory(q, "libharu", pdf, len, NULL) & QPDF_ERRORS) {
        st = qpdf_failed(q, "đọc lại", err);
        goto out;
    }
    const bc_pdf_meta *m = doc->meta;
    char producer[160], creator[64];
    snprintf(producer, sizeof producer, "%s; qpdf %s", writer ? writer : "libharu",
             qpdf_get_qpdf_version());
    snprintf(creator, sizeof creator, "baocao %s", BAOCAO_VERSION);
    char xmp_date[64], pdf_date[64];
    bool dated = convert_date(m ? m->date : NULL, xmp_date, pdf_date);
    qpdf_set_info_key(q, "/Producer", producer);
    qpdf_set_info_key(q, "/Creator", creator);
    qpdf_set_info_key(q, "/CreationDate", dated ? pdf_date : NULL);
    qpdf_set_info_key(q, "/ModDate", dated ? pdf_date : NULL);

    qpdf_oh root = qpdf_get_root(q);
    int nfiles = associate_files(q, root, dated ? pdf_date : NULL);
    size_t xlen = 0;
    xmp = make_xmp(m, doc->lang, producer, creator, dated ? xmp_date : NULL, nfiles ? "3" : "2",
                   &xlen);
    if (!xmp) {
        st = bc_nomem(err);
        goto out;
    }
    qpdf_oh meta = new_stream(q, xmp, xlen);
    qpdf_oh md = qpdf_oh_get_dict(q, meta);
    qpdf_oh_replace_key(q, md, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, md, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, root, "/Metadata", meta);
    output_intent(q, root);
    if (doc->lang)
        qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_string(q, doc->lang));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences",
                        qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
    int npages = qpdf_get_num_pages(q);
    for (int p = 0; p < npages; p++)
        fix_fonts(q, qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)p), "/Resources"), 0);
    print_flags(q, npages);
    if (qpdf_has_error(q)) {
        st = qpdf_failed(q, "sửa đối tượng", err);
        goto out;
    }
    if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
        st = qpdf_failed(q, "ghi", err);
        goto out;
    }
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_minimum_pdf_version(q, "1.7");
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    if (qpdf_write(q) & QPDF_ERRORS) {
        st = qpdf_failed(q, "ghi", err);
        goto out;
    }
    const unsigned char *bytes = qpdf_get_buffer(q);
    size_t nbytes = qpdf_get_buffer_length(q);
    for (size_t at = 0; at < nbytes; at += 4096) {
        size_t n = nbytes - at < 4096 ? nbytes - at : 4096;
        if (!bc_outfile_write(out, bytes + at, n)) {
            if (bc_outfile_error(out, err))
                st = BC_E_OUTPUT;
            break;
        }
    }
out:
    free(xmp);
    qpdf_cleanup(&q);
    return st;
}
