/* pdfverify.h - checks the digital signatures of a PDF (pdfsign.h, or any
 * PAdES/adbe.pkcs7.detached signature): for each signature field, the CMS
 * signature over its byte ranges (any byte changed after signing makes it
 * invalid), who signed and when, whether it covers the whole file, and the
 * signer's certificate chain against a CA bundle when one is given. */
#ifndef BC_PDFVERIFY_H
#define BC_PDFVERIFY_H

#include <stddef.h>

#include "error.h"
#include "ossllib.h"
#include "strbuf.h"

/* Appends a Vietnamese report of pdf[0..len) to report (one block per
 * field). store: trusted CAs, or NULL (the chain is then not checked, and
 * said so). Returns BC_OK when there is at least one signature, every
 * signature is intact (and its chain valid, with store) and the last one
 * covers the whole file; else BC_E_INPUT with the first reason in err
 * (name is the file's name). OpenSSL is called through ossl (the store's
 * library). */
bc_status bc_pdfverify(const bc_ossl *ossl, const unsigned char *pdf, size_t len, const char *name, X509_STORE *store,
                       bc_buf *report, bc_error *err);

#endif
