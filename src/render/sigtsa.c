/* sigtsa.c - RFC 3161 time stamps through OpenSSL. */
#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "sigtsa.h"

#include <string.h>

#include "osslerr.h"

static bc_status tsa_failed(const bc_ossl *ossl, const char *url, const char *what, bc_error *err)
{
    char why[256];
    bc_ossl_reason(ossl, why, sizeof why, "");
    return bc_error_set(err, BC_E_OUTPUT, NULL, 0, 0,
                        "không lấy được dấu thời gian từ %s: %s%s%s", url, what, *why ? ": " : "",
                        why);
}

bc_status bc_tsa_stamp(const bc_ossl *ossl, const char *url, CMS_SignerInfo *si, bc_error *err)
{
    ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
    unsigned char md[EVP_MAX_MD_SIZE], rnd[8];
    unsigned int mdlen = 0;
    if (!sig || !EVP_Digest(sig->data, (size_t)sig->length, md, &mdlen, EVP_sha256(), NULL) ||
        RAND_bytes(rnd, sizeof rnd) != 1)
        return tsa_failed(ossl, url, "không tính được mã băm của chữ ký", err);
    bc_status st = BC_OK;
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    BIGNUM *bn = BN_bin2bn(rnd, sizeof rnd, NULL);
    ASN1_INTEGER *nonce = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
    BIO *reqbio = BIO_new(BIO_s_mem()), *resp = NULL;
    TS_RESP *r = NULL;
    TS_VERIFY_CTX *vctx = NULL;
    char *host = NULL, *port = NULL, *path = NULL;
    unsigned char *der = NULL;
    int use_ssl = 0;
    if (!req || !mi || !alg || !nonce || !reqbio ||
        !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
        !TS_MSG_IMPRINT_set_algo(mi, alg) || !TS_MSG_IMPRINT_set_msg(mi, md, (int)mdlen) ||
        !TS_REQ_set_version(req, 1) || !TS_REQ_set_msg_imprint(req, mi) ||
        !TS_REQ_set_nonce(req, nonce) || !TS_REQ_set_cert_req(req, 1) ||
        i2d_TS_REQ_bio(reqbio, req) <= 0) {
        st = bc_nomem(err);
        goto out;
    }
    if (!OSSL_HTTP_parse_url(url, &use_ssl, NULL, &host, &port, NULL, &path, NULL, NULL)) {
        st = bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                          "địa chỉ máy cấp dấu thời gian '%s' không đúng dạng http://máy:cổng/đường-dẫn",
                          url);
        goto out;
    }
    resp = OSSL_HTTP_transfer(NULL, host, port, path, use_ssl, NULL, NULL, NULL, NULL, NULL, NULL,
                              0, NULL, "application/timestamp-query", reqbio,
                              "application/timestamp-reply", 1, 1 << 20, 30, 0);
    if (!resp) {
        st = tsa_failed(ossl, url, "không kết nối được hoặc máy không trả lời đúng", err);
        goto out;
    }
    r = d2i_TS_RESP_bio(resp, NULL);
    vctx = r ? TS_REQ_to_TS_VERIFY_CTX(req, NULL) : NULL;
    if (!r || !vctx || !TS_RESP_verify_response(vctx, r)) {
        st = tsa_failed(ossl, url, "câu trả lời không khớp với yêu cầu", err);
        goto out;
    }
    int len = i2d_PKCS7(TS_RESP_get_token(r), &der);
    if (len <= 0 || !CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
                                                   V_ASN1_SEQUENCE, der, len))
        st = tsa_failed(ossl, url, "không gắn được dấu thời gian vào chữ ký", err);
out:
    OPENSSL_free(der);
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    TS_VERIFY_CTX_free(vctx);
    TS_RESP_free(r);
    BIO_free(resp);
    BIO_free(reqbio);
    ASN1_INTEGER_free(nonce);
    BN_free(bn);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(mi);
    TS_REQ_free(req);
    return st;
}
