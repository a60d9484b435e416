/* sigfield.h - empty signature fields in the official PDF: the places the
 * layout reserved for the digital signatures (display.h bc_field; ND30
 * Phụ lục I, II.7.d and II.8.a) become AcroForm signature fields (/FT /Sig
 * widgets with their /Rect and an empty appearance, as PDF/A-2 wants
 * one), named as the layout named them ("ky-nguoi-ky", "ky-co-quan").
 * "baocao ky" (pdfsign.h) fills them later as incremental updates. */
#ifndef BC_SIGFIELD_H
#define BC_SIGFIELD_H

#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stddef.h>

#include "pdfa.h"

/* Adds the fields to the document q (a new indirect /AcroForm in the
 * catalog, a widget on each field's page). Fields on pages past npages
 * are skipped. False when qpdf reports an error. */
bool bc_sigfield_add(qpdf_data q, const bc_pdf_field *fields, size_t n, int npages);

#endif
