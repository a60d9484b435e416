/* sigfield.h - empty signature fields in the official PDF: the places the
 * layout reserved for the digital signatures (display.h bc_field; ND30
 * Phụ lục I, II.7.d and II.8.a) become AcroForm signature fields (/FT /Sig
 * widgets with their /Rect and an empty appearance, as PDF/A-2 wants
 * one), named as the layout named them ("ky-nguoi-ky", "ky-co-quan").
 * "baocao ky" (pdfsign.h) fills them later as incremental updates. */
#ifndef BC_SIGFIELD_H
#define BC_SIGFIELD_H

#include <stdbool.h>

#include "display.h"
#include "pdfout.h"

/* Writes one field's widget annotation as object widget_id (its /P the
 * page page_id, page_h pt high; name: the field's name as a PDF string)
 * and its empty appearance stream as object ap_id. The caller lists the
 * widget in the page's /Annots and the AcroForm's /Fields. False when the
 * writer failed (pdfout.h). */
bool bc_sigfield_write(bc_pdfout *o, const bc_field *place, int widget_id, int ap_id,
                       int page_id, double page_h, const char *name);

#endif
