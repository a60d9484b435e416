/* sigkey.c - keys from PKCS#12 files and PKCS#11 tokens (OpenSSL 3). */
/* The PKCS#11 engine is reached through OpenSSL's ENGINE API, deprecated in
 * OpenSSL 3 but the only way to Debian 12's libengine-pkcs11-openssl (its
 * pkcs11-provider is not packaged). */
#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "sigkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "osslerr.h"

bc_status bc_sigkey_p12(const bc_ossl *ossl, const char *path, const char *password,
                        bc_sigkey *out, bc_error *err)
{
    memset(out, 0, sizeof *out);
    out->ossl = ossl;
    char *data = NULL;
    size_t len = 0;
    bc_status st = bc_infile_read(path, BC_IN_REPORT, &data, &len, err);
    if (st)
        return st;
    const unsigned char *p = (const unsigned char *)data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
    /* the key file's bytes (its MAC, salts, the encrypted key) leave no
     * copy in freed memory, whatever happens next */
    OPENSSL_cleanse(data, len);
    free(data);
    if (!p12) {
        ERR_clear_error();
        return bc_error_set(err, BC_E_INPUT, path, 0, 0,
                            "không đọc được tệp khóa PKCS#12 (.p12/.pfx): tệp hỏng hoặc không "
                            "phải dạng PKCS#12");
    }
    const char *pw = password ? password : "";
    if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, pw, -1)) {
        PKCS12_free(p12);
        ERR_clear_error();
        return bc_error_set(err, BC_E_INPUT, path, 0, 0,
                            "sai mật khẩu của tệp khóa; hãy nhập lại đúng mật khẩu");
    }
    STACK_OF(X509) *ca = NULL;
    if (!PKCS12_parse(p12, pw, &out->key, &out->cert, &ca)) {
        char why[256];
        bc_ossl_reason(ossl, why, sizeof why, "không rõ");
        PKCS12_free(p12);
        return bc_error_set(err, BC_E_INPUT, path, 0, 0, "không mở được tệp khóa PKCS#12: %s",
                            why);
    }
    PKCS12_free(p12);
    out->chain = ca ? ca : sk_X509_new_null();
    if (!out->key || !out->cert) {
        bc_sigkey_free(out);
        return bc_error_set(err, BC_E_INPUT, path, 0, 0,
                            "tệp khóa không có đủ khóa riêng và chứng thư số của người ký");
    }
    return BC_OK;
}

bc_status bc_sigkey_pkcs11(const bc_ossl *ossl, const char *uri, const char *module,
                           const char *pin, bc_sigkey *out, bc_error *err)
{
    memset(out, 0, sizeof *out);
    out->ossl = ossl;
    char why[256];
    ENGINE_load_builtin_engines();
    ENGINE *e = ENGINE_by_id("pkcs11");
    if (!e) {
        bc_ossl_reason(ossl, why, sizeof why, "không rõ");
        return bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                            "không nạp được bộ PKCS#11 của OpenSSL (gói libengine-pkcs11-openssl): "
                            "%s",
                            why);
    }
    if ((module && !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) ||
        (pin && !ENGINE_ctrl_cmd_string(e, "PIN", pin, 0)) || !ENGINE_init(e)) {
        bc_ossl_reason(ossl, why, sizeof why, "không rõ");
        ENGINE_free(e);
        return bc_error_set(err, BC_E_INPUT, module, 0, 0,
                            "không mở được thư viện PKCS#11 của thẻ ký số: %s", why);
    }
    out->engine = e;
    out->key = ENGINE_load_private_key(e, uri, NULL, NULL);
    if (!out->key) {
        ERR_clear_error();
        bc_sigkey_free(out);
        return bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                            "không lấy được khóa riêng '%s' trên thẻ ký số: sai mã PIN, hoặc thẻ "
                            "không có khóa đó (xem: pkcs11-tool --list-objects)",
                            uri);
    }
    struct {
        const char *id;
        X509 *cert;
    } parms = {uri, NULL};
    if (!ENGINE_ctrl_cmd(e, "LOAD_CERT_CTRL", 0, &parms, NULL, 1) || !parms.cert) {
        ERR_clear_error();
        bc_sigkey_free(out);
        return bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                            "thẻ ký số không có chứng thư số '%s' đi cùng khóa riêng", uri);
    }
    out->cert = parms.cert;
    out->chain = sk_X509_new_null();
    if (!out->chain) {
        bc_sigkey_free(out);
        return bc_nomem(err);
    }
    return BC_OK;
}

/* "dd/mm/yyyy" of an ASN.1 time. */
static void asn1_date(const bc_ossl *ossl, const ASN1_TIME *t, char *buf, size_t n)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(t, &tm))
        snprintf(buf, n, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
    else
        snprintf(buf, n, "?");
}

bc_status bc_sigkey_check(const bc_sigkey *k, const char *what, time_t now, bc_error *err)
{
    const bc_ossl *ossl = k->ossl;
    char d[32];
    char *cn = bc_sigkey_cn(ossl, k->cert);
    const char *who = cn ? cn : "?";
    bc_status st = BC_OK;
    if (X509_cmp_time(X509_get0_notAfter(k->cert), &now) < 0) {
        asn1_date(ossl, X509_get0_notAfter(k->cert), d, sizeof d);
        st = bc_error_set(err, BC_E_INPUT, what, 0, 0,
                          "chứng thư số của '%s' đã hết hạn ngày %s: không ký được; hãy gia "
                          "hạn hoặc dùng chứng thư số còn hiệu lực",
                          who, d);
    } else if (X509_cmp_time(X509_get0_notBefore(k->cert), &now) > 0) {
        asn1_date(ossl, X509_get0_notBefore(k->cert), d, sizeof d);
        st = bc_error_set(err, BC_E_INPUT, what, 0, 0,
                          "chứng thư số của '%s' chỉ có hiệu lực từ ngày %s: chưa ký được", who,
                          d);
    } else if (X509_check_private_key(k->cert, k->key) != 1) {
        ERR_clear_error();
        st = bc_error_set(err, BC_E_INPUT, what, 0, 0,
                          "khóa riêng không khớp với chứng thư số của '%s': chọn đúng cặp "
                          "khóa và chứng thư",
                          who);
    }
    free(cn);
    return st;
}

char *bc_sigkey_cn(const bc_ossl *ossl, X509 *cert)
{
    X509_NAME *n = cert ? X509_get_subject_name(cert) : NULL;
    int i = n ? X509_NAME_get_index_by_NID(n, NID_commonName, -1) : -1;
    if (i < 0)
        return NULL;
    unsigned char *u = NULL;
    int len = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
    if (len < 0)
        return NULL;
    char *s = malloc((size_t)len + 1);
    if (s) {
        memcpy(s, u, (size_t)len);
        s[len] = 0;
    }
    OPENSSL_free(u);
    return s;
}

void bc_sigkey_free(bc_sigkey *k)
{
    if (!k || !k->ossl)
        return;
    const bc_ossl *ossl = k->ossl;
    EVP_PKEY_free(k->key);
    X509_free(k->cert);
    sk_X509_pop_free(k->chain, ossl->X509_free);
    if (k->engine) {
        ENGINE_finish(k->engine);
        ENGINE_free(k->engine);
    }
    memset(k, 0, sizeof *k);
}
