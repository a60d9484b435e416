/* sigkey.h - the key and certificate a digital signature is made with:
 * from a PKCS#12 file (.p12/.pfx) or from a PKCS#11 token (a USB token,
 * through OpenSSL 3 and Debian's libengine-pkcs11-openssl), checked before
 * anything is signed: the password or PIN, the certificate's validity
 * period, and that the key belongs to the certificate. Messages in
 * Vietnamese name the file or token and what to do. */
#ifndef BC_SIGKEY_H
#define BC_SIGKEY_H

#include "error.h"
#include "ossllib.h"

typedef struct bc_sigkey {
    const bc_ossl *ossl;     /* libcrypto, the caller's: outlives the key */
    EVP_PKEY *key;           /* owned */
    X509 *cert;              /* owned: the signer's certificate */
    STACK_OF(X509) *chain;   /* owned: the other certificates (may be empty) */
    void *engine;            /* the PKCS#11 ENGINE when the key lives on a token */
} bc_sigkey;

/* Loads a PKCS#12 file with its password (NULL = empty), through ossl
 * (open until bc_sigkey_free). */
bc_status bc_sigkey_p12(const bc_ossl *ossl, const char *path, const char *password, bc_sigkey *out, bc_error *err);

/* Loads the key and certificate named by a PKCS#11 URI ("pkcs11:token=...;
 * object=..."), through module (the token's PKCS#11 library, .so), with
 * the PIN. */
bc_status bc_sigkey_pkcs11(const bc_ossl *ossl, const char *uri, const char *module, const char *pin, bc_sigkey *out,
                           bc_error *err);

/* Checks the loaded certificate at time now (validity period, key match);
 * what names the key's source in the message. */
bc_status bc_sigkey_check(const bc_sigkey *k, const char *what, time_t now, bc_error *err);

/* The certificate subject's common name (UTF-8; caller frees) or NULL. */
char *bc_sigkey_cn(const bc_ossl *ossl, X509 *cert);

void bc_sigkey_free(bc_sigkey *k);

#endif
