/* osslerr.c - OpenSSL's error text, for the signing modules' messages. */
#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "osslerr.h"

#include <stdio.h>

const char *bc_ossl_reason(const bc_ossl *ossl, char *buf, size_t n, const char *none)
{
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, buf, n);
    else
        snprintf(buf, n, "%s", none);
    ERR_clear_error();
    return buf;
}
