/* sigfield.c - empty signature fields, written as PDF objects (pdfout.h). */
#include "sigfield.h"

#include "strbuf.h"

#include <stdio.h>
#include <string.h>


bool bc_sigfield_write(bc_pdfout *o, const bc_field *place, int widget_id, int ap_id,
                       int page_id, double page_h, const char *name)
{
    char a[32], b[32], c[32], d[32];
    char keys[160];
    /* An empty appearance: PDF/A-2 wants every widget to have one. */
    snprintf(keys, sizeof keys, "/Type /XObject /Subtype /Form /BBox [ 0 0 %s %s ]",
             bc_pdfout_real(a, place->x1 - place->x0), bc_pdfout_real(b, place->y1 - place->y0));
    if (!bc_pdfout_stream(o, ap_id, keys, "", 0, false))
        return false;
    bc_buf t = BC_BUF_INIT;
    bc_buf_printf(&t,
                  "<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /Rect [ %s %s %s %s ] /F 4 "
                  "/P %d 0 R /AP << /N %d 0 R >> >>",
                  name, bc_pdfout_real(a, place->x0), bc_pdfout_real(b, page_h - place->y1), bc_pdfout_real(c, place->x1),
                  bc_pdfout_real(d, page_h - place->y0), page_id, ap_id);
    bool r = !t.oom && bc_pdfout_object(o, widget_id, t.data, t.len);
    bc_buf_free(&t);
    return r;
}
