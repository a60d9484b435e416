/* sigfield.c - empty signature fields written with qpdf's C API. */
#include "sigfield.h"

#include <stdio.h>

static qpdf_oh num(qpdf_data q, double v) { return qpdf_oh_new_real_from_double(q, v, 2); }

bool bc_sigfield_add(qpdf_data q, const bc_pdf_field *fields, size_t n, int npages)
{
    if (!n)
        return true;
    qpdf_oh list = qpdf_oh_new_array(q);
    for (size_t i = 0; i < n; i++) {
        const bc_pdf_field *f = &fields[i];
        if (f->page < 0 || f->page >= npages)
            continue;
        qpdf_oh page = qpdf_get_page_n(q, (size_t)f->page);
        qpdf_oh mb = qpdf_oh_get_key(q, page, "/MediaBox");
        double h = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, mb, 3));
        double w = f->place.x1 - f->place.x0, fh = f->place.y1 - f->place.y0;
        /* An empty appearance: PDF/A-2 wants every widget to have one. */
        qpdf_oh ap = qpdf_oh_new_stream(q);
        qpdf_oh_replace_stream_data(q, ap, (const unsigned char *)"", 0, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
        qpdf_oh apd = qpdf_oh_get_dict(q, ap);
        qpdf_oh_replace_key(q, apd, "/Type", qpdf_oh_new_name(q, "/XObject"));
        qpdf_oh_replace_key(q, apd, "/Subtype", qpdf_oh_new_name(q, "/Form"));
        qpdf_oh bbox = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, bbox, qpdf_oh_new_integer(q, 0));
        qpdf_oh_append_item(q, bbox, qpdf_oh_new_integer(q, 0));
        qpdf_oh_append_item(q, bbox, num(q, w));
        qpdf_oh_append_item(q, bbox, num(q, fh));
        qpdf_oh_replace_key(q, apd, "/BBox", bbox);
        qpdf_oh apn = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, apn, "/N", ap);

        qpdf_oh a = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, a, "/Type", qpdf_oh_new_name(q, "/Annot"));
        qpdf_oh_replace_key(q, a, "/Subtype", qpdf_oh_new_name(q, "/Widget"));
        qpdf_oh_replace_key(q, a, "/FT", qpdf_oh_new_name(q, "/Sig"));
        qpdf_oh_replace_key(q, a, "/T", qpdf_oh_new_string(q, f->place.name));
        qpdf_oh rect = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, rect, num(q, f->place.x0));
        qpdf_oh_append_item(q, rect, num(q, h - f->place.y1));
        qpdf_oh_append_item(q, rect, num(q, f->place.x1));
        qpdf_oh_append_item(q, rect, num(q, h - f->place.y0));
        qpdf_oh_replace_key(q, a, "/Rect", rect);
        qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, 4));
        qpdf_oh_replace_key(q, a, "/P", page);
        qpdf_oh_replace_key(q, a, "/AP", apn);
        qpdf_oh widget = qpdf_make_indirect_object(q, a);
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        if (!qpdf_oh_is_array(q, annots)) {
            qpdf_oh_replace_key(q, page, "/Annots", qpdf_oh_new_array(q));
            annots = qpdf_oh_get_key(q, page, "/Annots");
        }
        qpdf_oh_append_item(q, annots, widget);
        qpdf_oh_append_item(q, list, widget);
    }
    qpdf_oh form = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, form, "/Fields", list);
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/AcroForm", qpdf_make_indirect_object(q, form));
    return !qpdf_has_error(q);
}
