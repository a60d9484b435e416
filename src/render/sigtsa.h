/* sigtsa.h - an RFC 3161 time stamp for a CMS signature: asks the
 * time-stamping authority at a URL (OpenSSL's HTTP client and TS API) for
 * a token over the signature value and adds it to the signer as the
 * unsigned signature-time-stamp attribute (PAdES B-T). */
#ifndef BC_SIGTSA_H
#define BC_SIGTSA_H

#include "error.h"
#include "ossllib.h"

/* Errors: BC_E_OUTPUT naming the URL (unreachable, refused, a reply that
 * does not match the request), BC_E_NOMEM. */
bc_status bc_tsa_stamp(const bc_ossl *ossl, const char *url, CMS_SignerInfo *si, bc_error *err);

#endif
