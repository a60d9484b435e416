/* ossllib.h - OpenSSL's libcrypto opened when a command first needs it
 * (dynlib.h), not by the dynamic loader at every start: only signing,
 * checking signatures and the web page's access token use it, and binding
 * its ~3 400 symbols was a fifth of every render's start-up (tests/bench.sh).
 *
 * As qpdflib.h: a file that calls OpenSSL defines BC_OSSL_CALLS before
 * including this header and BC_OSSL as an expression naming its table (a
 * const bc_ossl * in scope, e.g. "ossl"): each call of a function below
 * (and of OpenSSL's macros that expand to one: OPENSSL_free, sk_X509_num,
 * BIO_get_mem_data ...) then goes through the table, as written. A
 * function passed as a value (sk_X509_pop_free(s, X509_free)) is named
 * through the table: BC_OSSL->X509_free. This header includes every
 * OpenSSL header the program uses: include no other after it.
 * Ownership: the table is the caller's (bc_ossl_close); its functions are
 * valid until then (the library stays mapped: RTLD_NODELETE). No global
 * state. */
#ifndef BC_OSSLLIB_H
#define BC_OSSLLIB_H

/* The PKCS#11 engine is reached through OpenSSL's ENGINE API, deprecated in
 * OpenSSL 3 but the only way to Debian 12's libengine-pkcs11-openssl (its
 * pkcs11-provider is not packaged): its declarations are read without the
 * deprecation attribute. */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/http.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "dynlib.h"
#include "error.h"

/* (the ENGINE functions' types: deprecated where an OpenSSL header came
 * first without OPENSSL_SUPPRESS_DEPRECATED) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
typedef struct bc_ossl {
    bc_dynlib *lib; /* first: bc_dynlib_open_table */
    __typeof__(ASN1_INTEGER_free) *ASN1_INTEGER_free;
    __typeof__(ASN1_STRING_set) *ASN1_STRING_set;
    __typeof__(ASN1_STRING_to_UTF8) *ASN1_STRING_to_UTF8;
    __typeof__(ASN1_TIME_to_tm) *ASN1_TIME_to_tm;
    __typeof__(ASN1_item_i2d) *ASN1_item_i2d;
    __typeof__(BIO_f_buffer) *BIO_f_buffer;
    __typeof__(BIO_free) *BIO_free;
    __typeof__(BIO_free_all) *BIO_free_all;
    __typeof__(BIO_new) *BIO_new;
    __typeof__(BIO_new_mem_buf) *BIO_new_mem_buf;
    __typeof__(BIO_push) *BIO_push;
    __typeof__(BIO_read) *BIO_read;
    __typeof__(BIO_s_mem) *BIO_s_mem;
    __typeof__(BN_bin2bn) *BN_bin2bn;
    __typeof__(BN_free) *BN_free;
    __typeof__(BN_to_ASN1_INTEGER) *BN_to_ASN1_INTEGER;
    __typeof__(CMS_ContentInfo_free) *CMS_ContentInfo_free;
    __typeof__(CMS_SignerInfo_get0_algs) *CMS_SignerInfo_get0_algs;
    __typeof__(CMS_SignerInfo_get0_signature) *CMS_SignerInfo_get0_signature;
    __typeof__(CMS_add1_cert) *CMS_add1_cert;
    __typeof__(CMS_add1_signer) *CMS_add1_signer;
    __typeof__(CMS_final) *CMS_final;
    __typeof__(CMS_get0_SignerInfos) *CMS_get0_SignerInfos;
    __typeof__(CMS_get0_signers) *CMS_get0_signers;
    __typeof__(CMS_get1_certs) *CMS_get1_certs;
    __typeof__(CMS_sign) *CMS_sign;
    __typeof__(CMS_signed_add1_attr_by_NID) *CMS_signed_add1_attr_by_NID;
    __typeof__(CMS_signed_get_attr) *CMS_signed_get_attr;
    __typeof__(CMS_signed_get_attr_by_NID) *CMS_signed_get_attr_by_NID;
    __typeof__(CMS_signed_get_attr_count) *CMS_signed_get_attr_count;
    __typeof__(CMS_unsigned_add1_attr_by_NID) *CMS_unsigned_add1_attr_by_NID;
    __typeof__(CMS_unsigned_get_attr_by_NID) *CMS_unsigned_get_attr_by_NID;
    __typeof__(CMS_verify) *CMS_verify;
    __typeof__(CRYPTO_free) *CRYPTO_free;
    __typeof__(CRYPTO_malloc) *CRYPTO_malloc;
    __typeof__(CRYPTO_memcmp) *CRYPTO_memcmp;
    __typeof__(ENGINE_by_id) *ENGINE_by_id;
    __typeof__(ENGINE_ctrl_cmd) *ENGINE_ctrl_cmd;
    __typeof__(ENGINE_ctrl_cmd_string) *ENGINE_ctrl_cmd_string;
    __typeof__(ENGINE_finish) *ENGINE_finish;
    __typeof__(ENGINE_free) *ENGINE_free;
    __typeof__(ENGINE_init) *ENGINE_init;
    __typeof__(ENGINE_load_builtin_engines) *ENGINE_load_builtin_engines;
    __typeof__(ENGINE_load_private_key) *ENGINE_load_private_key;
    __typeof__(ERR_clear_error) *ERR_clear_error;
    __typeof__(ERR_error_string_n) *ERR_error_string_n;
    __typeof__(ERR_peek_last_error) *ERR_peek_last_error;
    __typeof__(EVP_Digest) *EVP_Digest;
    __typeof__(EVP_DigestSign) *EVP_DigestSign;
    __typeof__(EVP_DigestSignInit) *EVP_DigestSignInit;
    __typeof__(EVP_MD_CTX_free) *EVP_MD_CTX_free;
    __typeof__(EVP_MD_CTX_new) *EVP_MD_CTX_new;
    __typeof__(EVP_PKEY_free) *EVP_PKEY_free;
    __typeof__(EVP_sha256) *EVP_sha256;
    __typeof__(OBJ_nid2obj) *OBJ_nid2obj;
    __typeof__(OBJ_obj2nid) *OBJ_obj2nid;
    __typeof__(OPENSSL_cleanse) *OPENSSL_cleanse;
    __typeof__(OPENSSL_sk_free) *OPENSSL_sk_free;
    __typeof__(OPENSSL_sk_new_null) *OPENSSL_sk_new_null;
    __typeof__(OPENSSL_sk_num) *OPENSSL_sk_num;
    __typeof__(OPENSSL_sk_pop_free) *OPENSSL_sk_pop_free;
    __typeof__(OPENSSL_sk_push) *OPENSSL_sk_push;
    __typeof__(OPENSSL_sk_value) *OPENSSL_sk_value;
    __typeof__(OSSL_HTTP_parse_url) *OSSL_HTTP_parse_url;
    __typeof__(OSSL_HTTP_transfer) *OSSL_HTTP_transfer;
    __typeof__(PKCS12_free) *PKCS12_free;
    __typeof__(PKCS12_mac_present) *PKCS12_mac_present;
    __typeof__(PKCS12_parse) *PKCS12_parse;
    __typeof__(PKCS12_verify_mac) *PKCS12_verify_mac;
    __typeof__(PKCS7_ATTR_SIGN_it) *PKCS7_ATTR_SIGN_it;
    __typeof__(RAND_bytes) *RAND_bytes;
    __typeof__(TS_MSG_IMPRINT_free) *TS_MSG_IMPRINT_free;
    __typeof__(TS_MSG_IMPRINT_new) *TS_MSG_IMPRINT_new;
    __typeof__(TS_MSG_IMPRINT_set_algo) *TS_MSG_IMPRINT_set_algo;
    __typeof__(TS_MSG_IMPRINT_set_msg) *TS_MSG_IMPRINT_set_msg;
    __typeof__(TS_REQ_free) *TS_REQ_free;
    __typeof__(TS_REQ_new) *TS_REQ_new;
    __typeof__(TS_REQ_set_cert_req) *TS_REQ_set_cert_req;
    __typeof__(TS_REQ_set_msg_imprint) *TS_REQ_set_msg_imprint;
    __typeof__(TS_REQ_set_nonce) *TS_REQ_set_nonce;
    __typeof__(TS_REQ_set_version) *TS_REQ_set_version;
    __typeof__(TS_REQ_to_TS_VERIFY_CTX) *TS_REQ_to_TS_VERIFY_CTX;
    __typeof__(TS_RESP_free) *TS_RESP_free;
    __typeof__(TS_RESP_get_token) *TS_RESP_get_token;
    __typeof__(TS_RESP_verify_response) *TS_RESP_verify_response;
    __typeof__(TS_VERIFY_CTX_free) *TS_VERIFY_CTX_free;
    __typeof__(X509_ALGOR_free) *X509_ALGOR_free;
    __typeof__(X509_ALGOR_new) *X509_ALGOR_new;
    __typeof__(X509_ALGOR_set0) *X509_ALGOR_set0;
    __typeof__(X509_NAME_ENTRY_get_data) *X509_NAME_ENTRY_get_data;
    __typeof__(X509_NAME_get_entry) *X509_NAME_get_entry;
    __typeof__(X509_NAME_get_index_by_NID) *X509_NAME_get_index_by_NID;
    __typeof__(X509_NAME_print_ex) *X509_NAME_print_ex;
    __typeof__(X509_STORE_CTX_free) *X509_STORE_CTX_free;
    __typeof__(X509_STORE_CTX_get_error) *X509_STORE_CTX_get_error;
    __typeof__(X509_STORE_CTX_init) *X509_STORE_CTX_init;
    __typeof__(X509_STORE_CTX_new) *X509_STORE_CTX_new;
    __typeof__(X509_STORE_free) *X509_STORE_free;
    __typeof__(X509_STORE_load_file) *X509_STORE_load_file;
    __typeof__(X509_STORE_new) *X509_STORE_new;
    __typeof__(X509_check_private_key) *X509_check_private_key;
    __typeof__(X509_cmp_time) *X509_cmp_time;
    __typeof__(X509_free) *X509_free;
    __typeof__(X509_get0_notAfter) *X509_get0_notAfter;
    __typeof__(X509_get0_notBefore) *X509_get0_notBefore;
    __typeof__(X509_get_subject_name) *X509_get_subject_name;
    __typeof__(X509_verify_cert) *X509_verify_cert;
    __typeof__(X509_verify_cert_error_string) *X509_verify_cert_error_string;
    __typeof__(d2i_CMS_ContentInfo) *d2i_CMS_ContentInfo;
    __typeof__(d2i_PKCS12) *d2i_PKCS12;
    __typeof__(d2i_TS_RESP_bio) *d2i_TS_RESP_bio;
    __typeof__(i2d_CMS_ContentInfo) *i2d_CMS_ContentInfo;
    __typeof__(i2d_PKCS7) *i2d_PKCS7;
    __typeof__(i2d_TS_REQ_bio) *i2d_TS_REQ_bio;
} bc_ossl;
#pragma GCC diagnostic pop

/* Opens libcrypto into *o (zeroed first). A missing library is
 * BC_E_INTERNAL with the Vietnamese message of dynlib.h (package
 * libssl3). */
bc_status bc_ossl_open(bc_ossl *o, bc_error *err);
/* Closes o (a zeroed or closed table is allowed). */
void bc_ossl_close(bc_ossl *o);

#ifdef BC_OSSL_CALLS
#define ASN1_INTEGER_free(...) (BC_OSSL->ASN1_INTEGER_free(__VA_ARGS__))
#define ASN1_STRING_set(...) (BC_OSSL->ASN1_STRING_set(__VA_ARGS__))
#define ASN1_STRING_to_UTF8(...) (BC_OSSL->ASN1_STRING_to_UTF8(__VA_ARGS__))
#define ASN1_TIME_to_tm(...) (BC_OSSL->ASN1_TIME_to_tm(__VA_ARGS__))
#define ASN1_item_i2d(...) (BC_OSSL->ASN1_item_i2d(__VA_ARGS__))
#define BIO_f_buffer(...) (BC_OSSL->BIO_f_buffer(__VA_ARGS__))
#define BIO_free(...) (BC_OSSL->BIO_free(__VA_ARGS__))
#define BIO_free_all(...) (BC_OSSL->BIO_free_all(__VA_ARGS__))
#define BIO_new(...) (BC_OSSL->BIO_new(__VA_ARGS__))
#define BIO_new_mem_buf(...) (BC_OSSL->BIO_new_mem_buf(__VA_ARGS__))
#define BIO_push(...) (BC_OSSL->BIO_push(__VA_ARGS__))
#define BIO_read(...) (BC_OSSL->BIO_read(__VA_ARGS__))
#define BIO_s_mem(...) (BC_OSSL->BIO_s_mem(__VA_ARGS__))
#define BN_bin2bn(...) (BC_OSSL->BN_bin2bn(__VA_ARGS__))
#define BN_free(...) (BC_OSSL->BN_free(__VA_ARGS__))
#define BN_to_ASN1_INTEGER(...) (BC_OSSL->BN_to_ASN1_INTEGER(__VA_ARGS__))
#define CMS_ContentInfo_free(...) (BC_OSSL->CMS_ContentInfo_free(__VA_ARGS__))
#define CMS_SignerInfo_get0_algs(...) (BC_OSSL->CMS_SignerInfo_get0_algs(__VA_ARGS__))
#define CMS_SignerInfo_get0_signature(...) (BC_OSSL->CMS_SignerInfo_get0_signature(__VA_ARGS__))
#define CMS_add1_cert(...) (BC_OSSL->CMS_add1_cert(__VA_ARGS__))
#define CMS_add1_signer(...) (BC_OSSL->CMS_add1_signer(__VA_ARGS__))
#define CMS_final(...) (BC_OSSL->CMS_final(__VA_ARGS__))
#define CMS_get0_SignerInfos(...) (BC_OSSL->CMS_get0_SignerInfos(__VA_ARGS__))
#define CMS_get0_signers(...) (BC_OSSL->CMS_get0_signers(__VA_ARGS__))
#define CMS_get1_certs(...) (BC_OSSL->CMS_get1_certs(__VA_ARGS__))
#define CMS_sign(...) (BC_OSSL->CMS_sign(__VA_ARGS__))
#define CMS_signed_add1_attr_by_NID(...) (BC_OSSL->CMS_signed_add1_attr_by_NID(__VA_ARGS__))
#define CMS_signed_get_attr(...) (BC_OSSL->CMS_signed_get_attr(__VA_ARGS__))
#define CMS_signed_get_attr_by_NID(...) (BC_OSSL->CMS_signed_get_attr_by_NID(__VA_ARGS__))
#define CMS_signed_get_attr_count(...) (BC_OSSL->CMS_signed_get_attr_count(__VA_ARGS__))
#define CMS_unsigned_add1_attr_by_NID(...) (BC_OSSL->CMS_unsigned_add1_attr_by_NID(__VA_ARGS__))
#define CMS_unsigned_get_attr_by_NID(...) (BC_OSSL->CMS_unsigned_get_attr_by_NID(__VA_ARGS__))
#define CMS_verify(...) (BC_OSSL->CMS_verify(__VA_ARGS__))
#define CRYPTO_free(...) (BC_OSSL->CRYPTO_free(__VA_ARGS__))
#define CRYPTO_malloc(...) (BC_OSSL->CRYPTO_malloc(__VA_ARGS__))
#define CRYPTO_memcmp(...) (BC_OSSL->CRYPTO_memcmp(__VA_ARGS__))
#define ENGINE_by_id(...) (BC_OSSL->ENGINE_by_id(__VA_ARGS__))
#define ENGINE_ctrl_cmd(...) (BC_OSSL->ENGINE_ctrl_cmd(__VA_ARGS__))
#define ENGINE_ctrl_cmd_string(...) (BC_OSSL->ENGINE_ctrl_cmd_string(__VA_ARGS__))
#define ENGINE_finish(...) (BC_OSSL->ENGINE_finish(__VA_ARGS__))
#define ENGINE_free(...) (BC_OSSL->ENGINE_free(__VA_ARGS__))
#define ENGINE_init(...) (BC_OSSL->ENGINE_init(__VA_ARGS__))
#define ENGINE_load_builtin_engines(...) (BC_OSSL->ENGINE_load_builtin_engines(__VA_ARGS__))
#define ENGINE_load_private_key(...) (BC_OSSL->ENGINE_load_private_key(__VA_ARGS__))
#define ERR_clear_error(...) (BC_OSSL->ERR_clear_error(__VA_ARGS__))
#define ERR_error_string_n(...) (BC_OSSL->ERR_error_string_n(__VA_ARGS__))
#define ERR_peek_last_error(...) (BC_OSSL->ERR_peek_last_error(__VA_ARGS__))
#define EVP_Digest(...) (BC_OSSL->EVP_Digest(__VA_ARGS__))
#define EVP_DigestSign(...) (BC_OSSL->EVP_DigestSign(__VA_ARGS__))
#define EVP_DigestSignInit(...) (BC_OSSL->EVP_DigestSignInit(__VA_ARGS__))
#define EVP_MD_CTX_free(...) (BC_OSSL->EVP_MD_CTX_free(__VA_ARGS__))
#define EVP_MD_CTX_new(...) (BC_OSSL->EVP_MD_CTX_new(__VA_ARGS__))
#define EVP_PKEY_free(...) (BC_OSSL->EVP_PKEY_free(__VA_ARGS__))
#define EVP_sha256(...) (BC_OSSL->EVP_sha256(__VA_ARGS__))
#define OBJ_nid2obj(...) (BC_OSSL->OBJ_nid2obj(__VA_ARGS__))
#define OBJ_obj2nid(...) (BC_OSSL->OBJ_obj2nid(__VA_ARGS__))
#define OPENSSL_cleanse(...) (BC_OSSL->OPENSSL_cleanse(__VA_ARGS__))
#define OPENSSL_sk_free(...) (BC_OSSL->OPENSSL_sk_free(__VA_ARGS__))
#define OPENSSL_sk_new_null(...) (BC_OSSL->OPENSSL_sk_new_null(__VA_ARGS__))
#define OPENSSL_sk_num(...) (BC_OSSL->OPENSSL_sk_num(__VA_ARGS__))
#define OPENSSL_sk_pop_free(...) (BC_OSSL->OPENSSL_sk_pop_free(__VA_ARGS__))
#define OPENSSL_sk_push(...) (BC_OSSL->OPENSSL_sk_push(__VA_ARGS__))
#define OPENSSL_sk_value(...) (BC_OSSL->OPENSSL_sk_value(__VA_ARGS__))
#define OSSL_HTTP_parse_url(...) (BC_OSSL->OSSL_HTTP_parse_url(__VA_ARGS__))
#define OSSL_HTTP_transfer(...) (BC_OSSL->OSSL_HTTP_transfer(__VA_ARGS__))
#define PKCS12_free(...) (BC_OSSL->PKCS12_free(__VA_ARGS__))
#define PKCS12_mac_present(...) (BC_OSSL->PKCS12_mac_present(__VA_ARGS__))
#define PKCS12_parse(...) (BC_OSSL->PKCS12_parse(__VA_ARGS__))
#define PKCS12_verify_mac(...) (BC_OSSL->PKCS12_verify_mac(__VA_ARGS__))
#define PKCS7_ATTR_SIGN_it(...) (BC_OSSL->PKCS7_ATTR_SIGN_it(__VA_ARGS__))
#define RAND_bytes(...) (BC_OSSL->RAND_bytes(__VA_ARGS__))
#define TS_MSG_IMPRINT_free(...) (BC_OSSL->TS_MSG_IMPRINT_free(__VA_ARGS__))
#define TS_MSG_IMPRINT_new(...) (BC_OSSL->TS_MSG_IMPRINT_new(__VA_ARGS__))
#define TS_MSG_IMPRINT_set_algo(...) (BC_OSSL->TS_MSG_IMPRINT_set_algo(__VA_ARGS__))
#define TS_MSG_IMPRINT_set_msg(...) (BC_OSSL->TS_MSG_IMPRINT_set_msg(__VA_ARGS__))
#define TS_REQ_free(...) (BC_OSSL->TS_REQ_free(__VA_ARGS__))
#define TS_REQ_new(...) (BC_OSSL->TS_REQ_new(__VA_ARGS__))
#define TS_REQ_set_cert_req(...) (BC_OSSL->TS_REQ_set_cert_req(__VA_ARGS__))
#define TS_REQ_set_msg_imprint(...) (BC_OSSL->TS_REQ_set_msg_imprint(__VA_ARGS__))
#define TS_REQ_set_nonce(...) (BC_OSSL->TS_REQ_set_nonce(__VA_ARGS__))
#define TS_REQ_set_version(...) (BC_OSSL->TS_REQ_set_version(__VA_ARGS__))
#define TS_REQ_to_TS_VERIFY_CTX(...) (BC_OSSL->TS_REQ_to_TS_VERIFY_CTX(__VA_ARGS__))
#define TS_RESP_free(...) (BC_OSSL->TS_RESP_free(__VA_ARGS__))
#define TS_RESP_get_token(...) (BC_OSSL->TS_RESP_get_token(__VA_ARGS__))
#define TS_RESP_verify_response(...) (BC_OSSL->TS_RESP_verify_response(__VA_ARGS__))
#define TS_VERIFY_CTX_free(...) (BC_OSSL->TS_VERIFY_CTX_free(__VA_ARGS__))
#define X509_ALGOR_free(...) (BC_OSSL->X509_ALGOR_free(__VA_ARGS__))
#define X509_ALGOR_new(...) (BC_OSSL->X509_ALGOR_new(__VA_ARGS__))
#define X509_ALGOR_set0(...) (BC_OSSL->X509_ALGOR_set0(__VA_ARGS__))
#define X509_NAME_ENTRY_get_data(...) (BC_OSSL->X509_NAME_ENTRY_get_data(__VA_ARGS__))
#define X509_NAME_get_entry(...) (BC_OSSL->X509_NAME_get_entry(__VA_ARGS__))
#define X509_NAME_get_index_by_NID(...) (BC_OSSL->X509_NAME_get_index_by_NID(__VA_ARGS__))
#define X509_NAME_print_ex(...) (BC_OSSL->X509_NAME_print_ex(__VA_ARGS__))
#define X509_STORE_CTX_free(...) (BC_OSSL->X509_STORE_CTX_free(__VA_ARGS__))
#define X509_STORE_CTX_get_error(...) (BC_OSSL->X509_STORE_CTX_get_error(__VA_ARGS__))
#define X509_STORE_CTX_init(...) (BC_OSSL->X509_STORE_CTX_init(__VA_ARGS__))
#define X509_STORE_CTX_new(...) (BC_OSSL->X509_STORE_CTX_new(__VA_ARGS__))
#define X509_STORE_free(...) (BC_OSSL->X509_STORE_free(__VA_ARGS__))
#define X509_STORE_load_file(...) (BC_OSSL->X509_STORE_load_file(__VA_ARGS__))
#define X509_STORE_new(...) (BC_OSSL->X509_STORE_new(__VA_ARGS__))
#define X509_check_private_key(...) (BC_OSSL->X509_check_private_key(__VA_ARGS__))
#define X509_cmp_time(...) (BC_OSSL->X509_cmp_time(__VA_ARGS__))
#define X509_free(...) (BC_OSSL->X509_free(__VA_ARGS__))
#define X509_get0_notAfter(...) (BC_OSSL->X509_get0_notAfter(__VA_ARGS__))
#define X509_get0_notBefore(...) (BC_OSSL->X509_get0_notBefore(__VA_ARGS__))
#define X509_get_subject_name(...) (BC_OSSL->X509_get_subject_name(__VA_ARGS__))
#define X509_verify_cert(...) (BC_OSSL->X509_verify_cert(__VA_ARGS__))
#define X509_verify_cert_error_string(...) (BC_OSSL->X509_verify_cert_error_string(__VA_ARGS__))
#define d2i_CMS_ContentInfo(...) (BC_OSSL->d2i_CMS_ContentInfo(__VA_ARGS__))
#define d2i_PKCS12(...) (BC_OSSL->d2i_PKCS12(__VA_ARGS__))
#define d2i_TS_RESP_bio(...) (BC_OSSL->d2i_TS_RESP_bio(__VA_ARGS__))
#define i2d_CMS_ContentInfo(...) (BC_OSSL->i2d_CMS_ContentInfo(__VA_ARGS__))
#define i2d_PKCS7(...) (BC_OSSL->i2d_PKCS7(__VA_ARGS__))
#define i2d_TS_REQ_bio(...) (BC_OSSL->i2d_TS_REQ_bio(__VA_ARGS__))
#endif

#endif
