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
                      const char *creator, const char *xmp_date, size_t *len)
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
        {"pdfaid:part", "2"},
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

/* The link annotations; false on out-of-memory. */
static bool add_links(qpdf_data q, const bc_pdfa_doc *doc, int npages)
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
        qpdf_oh_append_item(q, annots, qpdf_make_indirect_object(q, a));
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

static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    return s;
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
    xmp = make_xmp(m, doc->lang, producer, creator, dated ? xmp_date : NULL, &xlen);
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
    if (!add_links(q, doc, npages)) {
        st = bc_nomem(err);
        goto out;
    }
    if (!bc_sigfield_add(q, doc->fields, doc->nfields, npages)) {
        st = qpdf_failed(q, "ô chữ ký số", err);
        goto out;
    }
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
    qpdf_set_object_stream_mode(q, qpdf_o_preserve);
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
    qpdf_cleanup(&q);
    return st;
}
