/* sigappear.h - what a digital signature shows on the page (its widget's
 * appearance stream): the signer's signature image or the organization's
 * seal image (a PNG with a transparent background, fitted into the field
 * keeping its proportions) and a few lines of text (the organization's
 * name, the signing time) in the layout's font, drawn as outlines so that
 * no font has to be embedded by the signing step (Vietnamese letters
 * included). PDF content-stream operators in the field's own coordinates
 * (origin bottom-left, pt). */
#ifndef BC_SIGAPPEAR_H
#define BC_SIGAPPEAR_H

#include <pango/pango.h>
#include <stdbool.h>

#include "error.h"
#include "strbuf.h"

/* An image ready for a PDF image XObject: 8-bit RGB samples and the alpha
 * channel (its soft mask), each compressed with zlib (/FlateDecode). */
typedef struct bc_sig_image {
    int width, height;
    bc_buf rgb, alpha;
} bc_sig_image;

/* Reads a PNG file. Errors: BC_E_INPUT naming the file. */
bc_status bc_sig_image_load(const char *path, bc_sig_image *img, bc_error *err);
void bc_sig_image_free(bc_sig_image *img);

/* Appends to ops the drawing of a w x h field: img (may be NULL; drawn as
 * /Im0, fitted and centred), then text (may be NULL; lines separated by
 * '\n', centred, black, in font) with its bottom lift pt above the
 * field's bottom, or in the field's middle when lift < 0. Errors:
 * BC_E_NOMEM. */
bc_status bc_sigappear_content(PangoContext *ctx, const PangoFontDescription *font,
                               const bc_sig_image *img, const char *text, double w, double h,
                               double lift, bc_buf *ops, bc_error *err);

#endif
