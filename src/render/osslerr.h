/* osslerr.h - OpenSSL's error text, for the signing modules' messages. */
#ifndef BC_OSSLERR_H
#define BC_OSSLERR_H

#include <stddef.h>

#include "ossllib.h"

/* Writes the reason of OpenSSL's last error into buf (n bytes), or none
 * when OpenSSL has recorded no error, and clears OpenSSL's error queue.
 * Returns buf. */
const char *bc_ossl_reason(const bc_ossl *ossl, char *buf, size_t n, const char *none);

#endif
