/* pdfsign.h - fills one of the empty signature fields of an official copy
 * (sigfield.h) with a PAdES baseline B-B signature: a CMS SignedData,
 * detached, SHA-256, with the signing-certificate-v2 attribute (CAdES,
 * OpenSSL 3's CMS API), over the whole file but the signature value
 * itself (/ByteRange), with a visible appearance (sigappear.h), written as
 * an incremental update: the original bytes stay as they are and new
 * objects, a cross-reference section and a trailer are appended, so that
 * an earlier signature stays valid (the signer signs first, the
 * organization second). Optionally an RFC 3161 time-stamp token from a
 * time-stamping authority (TSA) is added as an unsigned attribute. */
#ifndef BC_PDFSIGN_H
#define BC_PDFSIGN_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "error.h"
#include "sigappear.h"
#include "sigkey.h"
#include "strbuf.h"

typedef struct bc_sign_req {
    const char *input;          /* the file's name, for messages */
    const char *field;          /* the field to fill: "ky-nguoi-ky", "ky-co-quan" */
    const char *must_be_signed; /* a field that has to be signed before, or NULL */
    const bc_sigkey *key;
    const bc_sig_image *image;  /* or NULL */
    const char *text;           /* appearance text (lines split by '\n') or NULL */
    double text_lift;           /* text's bottom this far (pt) above the field's
                                   bottom; < 0: in the middle */
    PangoContext *ctx;          /* for the text's outlines */
    const PangoFontDescription *font;
    time_t when;                /* the signing time (/M) */
    const char *tsa_url;        /* RFC 3161 time stamp from this URL, or NULL */
} bc_sign_req;

/* pdf[0..len) signed into out (the original bytes followed by the update).
 * Errors: BC_E_INPUT (not a PDF made by baocao: no such field; the field
 * already signed; the order), BC_E_INTERNAL (OpenSSL), BC_E_OUTPUT (the
 * TSA), BC_E_NOMEM. */
bc_status bc_pdfsign(const unsigned char *pdf, size_t len, const bc_sign_req *r, bc_buf *out,
                     bc_error *err);

/* The signing time as ND30 shows it ("2025-03-15T10:20:30+07:00", Việt Nam
 * time) and as a PDF date ("D:20250315102030+07'00'"). */
void bc_sign_time(time_t t, char iso[32], char pdf[32]);

#endif
