/* pdfverify.c - digital signatures of a PDF checked with qpdf + OpenSSL. */
#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "pdfverify.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osslerr.h"
#define BC_QPDF_CALLS
#define BC_QPDF qa
#include "qpdflib.h"

/* "D:YYYYMMDDHHmmSS+07'00'" -> "YYYY-MM-DDTHH:mm:SS+07:00" (as is when
 * not of that form). */
static void pdf_date_iso(const char *d, char *out, size_t n)
{
    int y, mo, da, h, mi, s;
    char sign = 0;
    int oh = 0, om = 0;
    if (sscanf(d, "D:%4d%2d%2d%2d%2d%2d%c%2d'%2d", &y, &mo, &da, &h, &mi, &s, &sign, &oh, &om) >=
            6 &&
        (sign == '+' || sign == '-'))
        snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, da, h, mi, s, sign, oh,
                 om);
    else if (sscanf(d, "D:%4d%2d%2d%2d%2d%2d", &y, &mo, &da, &h, &mi, &s) == 6)
        snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, da, h, mi, s);
    else
        snprintf(out, n, "%s", d);
}

static void subject_line(const bc_ossl *ossl, X509 *c, char *out, size_t n)
{
    BIO *b = BIO_new(BIO_s_mem());
    out[0] = 0;
    if (!b)
        return;
    X509_NAME_print_ex(b, X509_get_subject_name(c), 0,
                       XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ);
    int k = BIO_read(b, out, (int)n - 1);
    out[k > 0 ? k : 0] = 0;
    BIO_free(b);
}

bc_status bc_pdfverify(const bc_ossl *ossl, const unsigned char *pdf, size_t len, const char *name, X509_STORE *store,
                       bc_buf *report, bc_error *err)
{
    bc_qpdf lib;
    bc_status st = bc_qpdf_open(&lib, err);
    if (st)
        return st;
    const bc_qpdf *qa = &lib;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    char first[1024] = "";
    int nsig = 0;
    size_t last_end = 0;
    if (qpdf_read_memory(q, name, (const char *)pdf, len, NULL) & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        st = bc_error_set(err, BC_E_INPUT, name, 0, 0, "không đọc được tệp PDF: %s",
                          e ? qpdf_get_error_full_text(q, e) : "tệp hỏng");
        qpdf_cleanup(&q);
        bc_qpdf_close(&lib);
        return st;
    }
    qpdf_oh fields = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/AcroForm"),
                                     "/Fields");
    int nfields = qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;
    for (int i = 0; i < nfields; i++) {
        qpdf_oh f = qpdf_oh_get_array_item(q, fields, i);
        if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, f, "/FT"), "/Sig"))
            continue;
        qpdf_oh t = qpdf_oh_get_key(q, f, "/T");
        char fname[128];
        snprintf(fname, sizeof fname, "%s", qpdf_oh_is_string(q, t) ? qpdf_oh_get_utf8_value(q, t) : "?");
        qpdf_oh v = qpdf_oh_get_key(q, f, "/V");
        if (!qpdf_oh_is_dictionary(q, v)) {
            bc_buf_printf(report, "Ô chữ ký '%s': chưa ký\n", fname);
            continue;
        }
        nsig++;
        char why[400] = "";
        bool ok = true;
        qpdf_oh bra = qpdf_oh_get_key(q, v, "/ByteRange");
        long long br[4] = {0};
        if (qpdf_oh_is_array(q, bra) && qpdf_oh_get_array_n_items(q, bra) == 4)
            for (int k = 0; k < 4; k++)
                br[k] = qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, bra, k));
        else
            ok = false;
        /* br[2] + br[3] only once both are known to fit in len (a signed
         * overflow otherwise) */
        ok = ok && br[0] == 0 && br[1] > 0 && br[2] > br[1] && br[3] >= 0 &&
             (unsigned long long)br[2] <= len &&
             (unsigned long long)br[3] <= len - (unsigned long long)br[2] && pdf[br[1]] == '<' &&
             pdf[br[2] - 1] == '>';
        if (!ok)
            snprintf(why, sizeof why, "phạm vi ký (/ByteRange) không hợp lệ");
        size_t clen = 0;
        qpdf_oh co = qpdf_oh_get_key(q, v, "/Contents");
        const char *cbytes = qpdf_oh_is_string(q, co)
                                 ? qpdf_oh_get_binary_string_value(q, co, &clen)
                                 : NULL;
        unsigned char *cder = NULL;
        CMS_ContentInfo *cms = NULL;
        if (ok) {
            cder = malloc(clen ? clen : 1);
            if (cder && cbytes)
                memcpy(cder, cbytes, clen);
            const unsigned char *p = cder;
            cms = cder ? d2i_CMS_ContentInfo(NULL, &p, (long)clen) : NULL;
            if (!cms) {
                ok = false;
                snprintf(why, sizeof why, "giá trị chữ ký (/Contents) không phải CMS");
                ERR_clear_error();
            }
        }
        X509 *signer = NULL;
        char chain[400] = "không kiểm tra (chưa đưa --ca)";
        bool chain_ok = true;
        if (ok) {
            size_t a = (size_t)br[1], b0 = (size_t)br[2], b = (size_t)br[3];
            unsigned char *data = malloc(a + b + 1);
            BIO *mem = data ? BIO_new_mem_buf(data, (int)(a + b)) : NULL;
            /* behind a buffering BIO: given a memory BIO, OpenSSL 3.0's
             * CMS_verify copies it into a BIO of its own and, when the
             * signature's digest set is empty, leaks that copy (openssl
             * PR 30471) - found by tests/fuzz/fuzz_pdfverify.c */
            BIO *in = mem ? BIO_new(BIO_f_buffer()) : NULL;
            if (in)
                BIO_push(in, mem);
            else
                BIO_free(mem);
            if (data) {
                memcpy(data, pdf, a);
                memcpy(data + a, pdf + b0, b);
            }
            char r[200];
            if (!in || CMS_verify(cms, NULL, NULL, in, NULL,
                                  CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
                ok = false;
                snprintf(why, sizeof why,
                         "nội dung đã bị thay đổi sau khi ký (mã băm không khớp: %s)",
                         bc_ossl_reason(ossl, r, sizeof r, "không rõ"));
            }
            BIO_free_all(in);
            free(data);
            STACK_OF(X509) *signers = CMS_get0_signers(cms);
            if (signers && sk_X509_num(signers) > 0)
                signer = sk_X509_value(signers, 0);
            sk_X509_free(signers);
            ERR_clear_error();
        }
        if (signer && store) {
            STACK_OF(X509) *certs = CMS_get1_certs(cms);
            X509_STORE_CTX *ctx = X509_STORE_CTX_new();
            if (ctx && X509_STORE_CTX_init(ctx, store, signer, certs) &&
                X509_verify_cert(ctx) == 1) {
                snprintf(chain, sizeof chain, "hợp lệ (đến CA tin cậy đã cho)");
            } else {
                chain_ok = false;
                int e = ctx ? X509_STORE_CTX_get_error(ctx) : 0;
                snprintf(chain, sizeof chain, "KHÔNG hợp lệ: %s",
                         X509_verify_cert_error_string(e));
            }
            X509_STORE_CTX_free(ctx);
            sk_X509_pop_free(certs, ossl->X509_free);
            ERR_clear_error();
        }
        char who[300] = "?", when[64] = "?";
        if (signer)
            subject_line(ossl, signer, who, sizeof who);
        qpdf_oh m = qpdf_oh_get_key(q, v, "/M");
        if (qpdf_oh_is_string(q, m))
            pdf_date_iso(qpdf_oh_get_utf8_value(q, m), when, sizeof when);
        bool whole = ok && (size_t)(br[2] + br[3]) == len;
        if (ok && (size_t)(br[2] + br[3]) > last_end)
            last_end = (size_t)(br[2] + br[3]);
        const char *level = "";
        if (cms && ok) {
            STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
            CMS_SignerInfo *si = sis && sk_CMS_SignerInfo_num(sis) ? sk_CMS_SignerInfo_value(sis, 0)
                                                                    : NULL;
            if (si && CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) >= 0)
                level = " (PAdES B-T, có dấu thời gian)";
            else if (si && CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
                                                      -1) >= 0)
                level = " (PAdES B-B)";
        }
        bc_buf_printf(report, "Chữ ký %d, ô '%s': %s%s\n", nsig, fname,
                      !ok ? "KHÔNG HỢP LỆ" : chain_ok ? "hợp lệ" : "chữ ký nguyên vẹn, chuỗi chứng thư không hợp lệ",
                      ok ? level : "");
        if (!ok)
            bc_buf_printf(report, "  Lý do: %s\n", why);
        bc_buf_printf(report, "  Người ký: %s\n", who);
        bc_buf_printf(report, "  Thời gian ký: %s\n", when);
        if (ok)
            bc_buf_printf(report, "  Phạm vi: %s\n",
                          whole ? "toàn bộ tệp"
                                : "tệp đến lúc ký (phần sau là các lần cập nhật thêm vào cuối)");
        bc_buf_printf(report, "  Chuỗi chứng thư: %s\n", chain);
        if (!first[0] && !ok)
            snprintf(first, sizeof first, "chữ ký ô '%s' không hợp lệ: %s", fname, why);
        if (!first[0] && !chain_ok)
            snprintf(first, sizeof first, "chứng thư số của chữ ký ô '%s': %s", fname, chain);
        CMS_ContentInfo_free(cms);
        free(cder);
    }
    if (!first[0] && nsig == 0)
        snprintf(first, sizeof first, "tệp chưa có chữ ký số nào");
    if (!first[0] && last_end != len) {
        snprintf(first, sizeof first,
                 "có %zu byte được thêm vào sau lần ký cuối, không chữ ký nào bảo đảm phần đó",
                 len - last_end);
        bc_buf_printf(report, "Phần cuối tệp (%zu byte) không được chữ ký nào bảo đảm\n",
                      len - last_end);
    }
    if (first[0])
        st = bc_error_set(err, BC_E_INPUT, name, 0, 0, "%s", first);
    qpdf_cleanup(&q);
    bc_qpdf_close(&lib);
    return report->oom && !st ? bc_nomem(err) : st;
}
