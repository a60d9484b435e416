/* pdfsign.c - PAdES B-B signatures written as incremental updates. */
#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "pdfsign.h"

#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osslerr.h"
#define BC_QPDF_CALLS
#define BC_QPDF qa
#include "qpdflib.h"
#include "sigtsa.h"

/* Room for the CMS (DER): the signature, the certificates, a time stamp. */
#define SIG_ROOM 16384
#define BR_PLACEHOLDER "/ByteRange [0 0000000000 0000000000 0000000000]"
#define VN_OFFSET (7 * 3600)

void bc_sign_time(time_t t, char iso[32], char pdf[32])
{
    time_t local = t + VN_OFFSET; /* Việt Nam: UTC+7, no daylight saving time */
    struct tm tm;
    gmtime_r(&local, &tm);
    strftime(iso, 32, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
    strftime(pdf, 32, "D:%Y%m%d%H%M%S+07'00'", &tm);
}

/* The string value of a field's /T, or "". */
static const char *field_name(const bc_qpdf *qa, qpdf_data q, qpdf_oh f)
{
    qpdf_oh t = qpdf_oh_get_key(q, f, "/T");
    return qpdf_oh_is_string(q, t) ? qpdf_oh_get_utf8_value(q, t) : "";
}

/* The field named name in the AcroForm (0 when none); *names lists them
 * all for a message. */
static qpdf_oh find_field(const bc_qpdf *qa, qpdf_data q, const char *name, bc_buf *names)
{
    qpdf_oh form = qpdf_oh_get_key(q, qpdf_get_root(q), "/AcroForm");
    qpdf_oh fields = qpdf_oh_get_key(q, form, "/Fields");
    if (!qpdf_oh_is_array(q, fields))
        return 0;
    qpdf_oh found = 0;
    for (int i = 0; i < qpdf_oh_get_array_n_items(q, fields); i++) {
        qpdf_oh f = qpdf_oh_get_array_item(q, fields, i);
        const char *n = field_name(qa, q, f);
        if (names)
            bc_buf_printf(names, "%s%s", names->len ? ", " : "", n);
        if (!found && !strcmp(n, name))
            found = f;
    }
    return found;
}

/* The offset after the last "startxref", or -1. */
static long last_startxref(const unsigned char *pdf, size_t len)
{
    size_t from = len > 2048 ? len - 2048 : 0;
    for (size_t i = len; i-- > from;) {
        if (i + 9 <= len && !memcmp(pdf + i, "startxref", 9)) {
            const char *p = (const char *)pdf + i + 9;
            char *end;
            long v = strtol(p, &end, 10);
            return end > p && v >= 0 && (size_t)v < len ? v : -1;
        }
    }
    return -1;
}

/* A PDF text string in UTF-16BE with its byte order mark, as hex. */
static void put_text_string(bc_buf *b, const char *utf8)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
    bc_buf_puts(b, "<FEFF");
    for (glong i = 0; u && i < n; i++)
        bc_buf_printf(b, "%04X", (unsigned)u[i]);
    bc_buf_puts(b, ">");
    g_free(u);
}

typedef struct xent {
    int num;
    size_t off;
} xent;

static int xent_cmp(const void *a, const void *b)
{
    return ((const xent *)a)->num - ((const xent *)b)->num;
}

static bc_status openssl_failed(const bc_ossl *ossl, const char *what, bc_error *err)
{
    char why[256];
    return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0, "OpenSSL không %s: %s", what,
                        bc_ossl_reason(ossl, why, sizeof why, "không rõ"));
}

/* Whether CMS would sign si with RSA PKCS #1 v1.5 or ECDSA: signatures
 * sign_attrs makes the same way (RSA-PSS has parameters of its own). */
static bool plain_sigalg(const bc_ossl *ossl, CMS_SignerInfo *si)
{
    X509_ALGOR *sigalg = NULL;
    CMS_SignerInfo_get0_algs(si, NULL, NULL, NULL, &sigalg);
    int alg = sigalg ? OBJ_obj2nid(sigalg->algorithm) : NID_undef;
    return alg == NID_rsaEncryption || alg == NID_sha256WithRSAEncryption ||
           alg == NID_ecdsa_with_SHA256 || alg == NID_X9_62_id_ecPublicKey;
}

/* PAdES baseline signatures carry no CMS signing-time attribute (ETSI EN
 * 319 142-1, the baseline B-B level: the time is the signature dictionary's
 * /M), but OpenSSL 3.0's CMS_final always adds one (CMS_SignerInfo_sign).
 * So si is finished here instead, signed once: the content's SHA-256
 * (messageDigest) and contentType join the attributes CMS_add1_signer put
 * (signing-certificate-v2), and their DER SET OF - the bytes RFC 5652 5.4
 * signs, encoded and ordered by OpenSSL (PKCS7_ATTR_SIGN, as PKCS#7
 * signing does) - is signed with key and SHA-256 as CMS_SignerInfo_sign
 * would. */
static bool sign_attrs(const bc_ossl *ossl, CMS_SignerInfo *si, EVP_PKEY *key,
                       const unsigned char *data, size_t dlen)
{
    unsigned char md[32];
    if (!EVP_Digest(data, dlen, md, NULL, EVP_sha256(), NULL) ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, md,
                                    (int)sizeof md) <= 0 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                    OBJ_nid2obj(NID_pkcs7_data), -1) <= 0)
        return false;
    /* the attributes are si's: the stack only borrows them */
    STACK_OF(X509_ATTRIBUTE) *attrs = sk_X509_ATTRIBUTE_new_null();
    bool ok = attrs != NULL;
    for (int i = 0; ok && i < CMS_signed_get_attr_count(si); i++)
        ok = sk_X509_ATTRIBUTE_push(attrs, CMS_signed_get_attr(si, i)) > 0;
    unsigned char *set = NULL, *sig = NULL;
    int len = ok ? ASN1_item_i2d((const ASN1_VALUE *)attrs, &set, ASN1_ITEM_rptr(PKCS7_ATTR_SIGN))
                 : 0;
    size_t slen = 0;
    EVP_MD_CTX *mc = len > 0 ? EVP_MD_CTX_new() : NULL;
    ok = mc && EVP_DigestSignInit(mc, NULL, EVP_sha256(), NULL, key) == 1 &&
         EVP_DigestSign(mc, NULL, &slen, set, (size_t)len) == 1 &&
         (sig = OPENSSL_malloc(slen)) && EVP_DigestSign(mc, sig, &slen, set, (size_t)len) == 1 &&
         slen <= INT_MAX && ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)slen) == 1;
    EVP_MD_CTX_free(mc);
    OPENSSL_free(sig);
    OPENSSL_free(set);
    sk_X509_ATTRIBUTE_free(attrs);
    return ok;
}

/* The CMS SignedData (DER) over data[0..len); *der is OpenSSL's. */
static bc_status make_cms(const bc_sign_req *r, const unsigned char *data, size_t len,
                          unsigned char **der, int *der_len, bc_error *err)
{
    const bc_ossl *ossl = r->key->ossl;
    const int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL);
    BIO *in = BIO_new_mem_buf(data, (int)len);
    bc_status st = BC_OK;
    CMS_SignerInfo *si = NULL;
    if (!cms || !in ||
        !(si = CMS_add1_signer(cms, r->key->cert, r->key->key, EVP_sha256(), flags | CMS_CADES))) {
        st = openssl_failed(ossl, "tạo được chữ ký CMS", err);
        goto out;
    }
    for (int i = 0; i < sk_X509_num(r->key->chain); i++)
        CMS_add1_cert(cms, sk_X509_value(r->key->chain, i));
    if (plain_sigalg(ossl, si) ? !sign_attrs(ossl, si, r->key->key, data, len)
                         : !CMS_final(cms, in, NULL, flags)) {
        st = openssl_failed(ossl, "ký được (khóa trên thẻ hoặc tệp)", err);
        goto out;
    }
    if (r->tsa_url && (st = bc_tsa_stamp(ossl, r->tsa_url, si, err)))
        goto out;
    *der = NULL;
    *der_len = i2d_CMS_ContentInfo(cms, der);
    if (*der_len <= 0)
        st = openssl_failed(ossl, "ghi được chữ ký CMS", err);
out:
    BIO_free(in);
    CMS_ContentInfo_free(cms);
    return st;
}

bc_status bc_pdfsign(const unsigned char *pdf, size_t len, const bc_sign_req *r, bc_buf *out,
                     bc_error *err)
{
    bc_qpdf lib;
    bc_status st = bc_qpdf_open(&lib, err);
    if (st)
        return st;
    const bc_qpdf *qa = &lib;
    const bc_ossl *ossl = r->key->ossl;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bc_buf names = {0}, ops = {0}, objs = {0};
    char *field_dict = NULL, *form_dict = NULL, *root = NULL, *info = NULL, *id = NULL;
    unsigned char *signed_data = NULL, *der = NULL;
    xent ents[8];
    int nent = 0;
    if (qpdf_read_memory(q, r->input, (const char *)pdf, len, NULL) & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0, "không đọc được tệp PDF: %s",
                          e ? qpdf_get_error_full_text(q, e) : "tệp hỏng");
        goto out;
    }
    qpdf_oh field = find_field(qa, q, r->field, &names);
    if (!field) {
        st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0,
                          names.len ? "tệp không có ô chữ ký '%s' (chỉ có: %s)"
                                    : "tệp không có ô chữ ký '%s': không phải bản chính thức do "
                                      "baocao in (hãy in lại bằng 'baocao render' rồi ký)%s",
                          r->field, names.len ? names.data : "");
        goto out;
    }
    if (qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, field, "/V"))) {
        st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0,
                          "ô chữ ký '%s' đã được ký rồi: mỗi ô chỉ ký một lần", r->field);
        goto out;
    }
    if (r->must_be_signed) {
        qpdf_oh before = find_field(qa, q, r->must_be_signed, NULL);
        if (before && !qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, before, "/V"))) {
            st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0,
                              "ô '%s' chưa được ký: người có thẩm quyền ký trước, cơ quan ký "
                              "sau (Nghị định 30/2020, Phụ lục I)",
                              r->must_be_signed);
            goto out;
        }
    }
    qpdf_oh form = qpdf_oh_get_key(q, qpdf_get_root(q), "/AcroForm");
    qpdf_oh rect = qpdf_oh_get_key(q, field, "/Rect");
    int field_id = qpdf_oh_get_object_id(q, field), form_id = qpdf_oh_get_object_id(q, form);
    long prev = last_startxref(pdf, len);
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
    if (!field_id || !form_id || !qpdf_oh_is_array(q, rect) ||
        qpdf_oh_get_array_n_items(q, rect) != 4 || prev < 0 || !qpdf_oh_is_integer(q, size)) {
        st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0,
                          "ô chữ ký '%s' không theo dạng baocao ghi (tệp đã bị sửa bằng công cụ "
                          "khác?)",
                          r->field);
        goto out;
    }
    double rc[4];
    for (int i = 0; i < 4; i++)
        rc[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, rect, i));
    double w = rc[2] - rc[0], h = rc[3] - rc[1];
    if (w < 0)
        w = -w;
    if (h < 0)
        h = -h;

    /* The dictionaries that change, without the keys this update sets. */
    qpdf_oh_remove_key(q, field, "/V");
    qpdf_oh_remove_key(q, field, "/AP");
    qpdf_oh_remove_key(q, form, "/SigFlags");
    field_dict = strdup(qpdf_oh_unparse_resolved(q, field));
    form_dict = strdup(qpdf_oh_unparse_resolved(q, form));
    root = strdup(qpdf_oh_unparse(q, qpdf_oh_get_key(q, trailer, "/Root")));
    qpdf_oh info_oh = qpdf_oh_get_key(q, trailer, "/Info");
    info = qpdf_oh_is_null(q, info_oh) ? strdup("") : strdup(qpdf_oh_unparse(q, info_oh));
    qpdf_oh id_oh = qpdf_oh_get_key(q, trailer, "/ID");
    id = qpdf_oh_is_array(q, id_oh) ? strdup(qpdf_oh_unparse(q, id_oh)) : strdup("");
    int next = (int)qpdf_oh_get_int_value(q, size);
    if (!field_dict || !form_dict || !root || !info || !id)
        goto nomem;
    size_t fdl = strlen(field_dict), frl = strlen(form_dict);
    if (fdl < 4 || strcmp(field_dict + fdl - 2, ">>") || frl < 4 ||
        strcmp(form_dict + frl - 2, ">>")) {
        st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0, "ô chữ ký '%s' không đọc được",
                          r->field);
        goto out;
    }
    field_dict[fdl - 2] = 0;
    form_dict[frl - 2] = 0;

    /* The appearance. */
    if ((st = bc_sigappear_content(r->ctx, r->font, r->image, r->text, w, h, r->text_lift, &ops,
                                   err)))
        goto out;
    int sig_num = next, ap_num = next + 1, img_num = next + 2, mask_num = next + 3;
    bool img = r->image && r->image->width > 0;
    int size_after = img ? next + 4 : next + 2;

    char iso[32], pdfdate[32];
    bc_sign_time(r->when, iso, pdfdate);
    char *cn = bc_sigkey_cn(ossl, r->key->cert);

    /* The update, after the original bytes (and an end of line). */
    bc_buf_append(out, (const char *)pdf, len);
    if (len && pdf[len - 1] != '\n')
        bc_buf_putc(out, '\n');
#define OBJ(n) (ents[nent++] = (xent){(n), out->len}, bc_buf_printf(out, "%d 0 obj\n", (n)))
    OBJ(sig_num);
    bc_buf_puts(out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ");
    size_t br_at = out->len;
    bc_buf_puts(out, BR_PLACEHOLDER " /Contents <");
    size_t contents_at = out->len - 1;
    for (int i = 0; i < SIG_ROOM; i++)
        bc_buf_puts(out, "00");
    bc_buf_puts(out, ">");
    size_t contents_end = out->len;
    bc_buf_printf(out, " /M (%s)", pdfdate);
    if (cn) {
        bc_buf_puts(out, " /Name ");
        put_text_string(out, cn);
    }
    bc_buf_puts(out, " >>\nendobj\n");
    free(cn);

    OBJ(ap_num);
    bc_buf_printf(out,
                  "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources << ", w, h);
    if (img)
        bc_buf_printf(out, "/XObject << /Im0 %d 0 R >> ", img_num);
    bc_buf_printf(out, ">> /Length %zu >>\nstream\n", ops.len);
    bc_buf_append(out, ops.data ? ops.data : "", ops.len);
    bc_buf_puts(out, "\nendstream\nendobj\n");
    if (img) {
        OBJ(img_num);
        bc_buf_printf(out,
                      "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                      "/DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /SMask %d 0 R /Length "
                      "%zu >>\nstream\n",
                      r->image->width, r->image->height, mask_num, r->image->rgb.len);
        bc_buf_append(out, r->image->rgb.data, r->image->rgb.len);
        bc_buf_puts(out, "\nendstream\nendobj\n");
        OBJ(mask_num);
        bc_buf_printf(out,
                      "<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                      "/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %zu >>\n"
                      "stream\n",
                      r->image->width, r->image->height, r->image->alpha.len);
        bc_buf_append(out, r->image->alpha.data, r->image->alpha.len);
        bc_buf_puts(out, "\nendstream\nendobj\n");
    }
    OBJ(field_id);
    bc_buf_printf(out, "%s /V %d 0 R /AP << /N %d 0 R >> >>\nendobj\n", field_dict, sig_num,
                  ap_num);
    OBJ(form_id);
    bc_buf_printf(out, "%s /SigFlags 3 >>\nendobj\n", form_dict);
#undef OBJ

    /* Cross-reference section: one subsection per run of numbers. */
    qsort(ents, (size_t)nent, sizeof *ents, xent_cmp);
    size_t xref_at = out->len;
    bc_buf_puts(out, "xref\n");
    for (int i = 0; i < nent;) {
        int j = i;
        while (j + 1 < nent && ents[j + 1].num == ents[j].num + 1)
            j++;
        bc_buf_printf(out, "%d %d\n", ents[i].num, j - i + 1);
        for (int k = i; k <= j; k++)
            bc_buf_printf(out, "%010zu 00000 n \n", ents[k].off);
        i = j + 1;
    }
    bc_buf_printf(out, "trailer\n<< /Size %d /Root %s", size_after, root);
    if (*info)
        bc_buf_printf(out, " /Info %s", info);
    if (*id)
        bc_buf_printf(out, " /ID %s", id);
    bc_buf_printf(out, " /Prev %ld >>\nstartxref\n%zu\n%%%%EOF\n", prev, xref_at);
    if (out->oom)
        goto nomem;

    /* The byte ranges: all but the <...> of /Contents. */
    size_t total = out->len;
    char br[sizeof BR_PLACEHOLDER];
    snprintf(br, sizeof br, "/ByteRange [0 %10zu %10zu %10zu]", contents_at, contents_end,
             total - contents_end);
    if (strlen(br) != strlen(BR_PLACEHOLDER)) {
        st = bc_error_set(err, BC_E_INPUT, r->input, 0, 0, "tệp PDF quá lớn để ký");
        goto out;
    }
    memcpy(out->data + br_at, br, strlen(br));
    size_t dlen = contents_at + (total - contents_end);
    signed_data = malloc(dlen ? dlen : 1);
    if (!signed_data)
        goto nomem;
    memcpy(signed_data, out->data, contents_at);
    memcpy(signed_data + contents_at, out->data + contents_end, total - contents_end);
    int der_len = 0;
    if ((st = make_cms(r, signed_data, dlen, &der, &der_len, err)))
        goto out;
    if (der_len > SIG_ROOM) {
        st = bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                          "chữ ký CMS dài %d byte, quá chỗ dành sẵn (%d byte)", der_len, SIG_ROOM);
        goto out;
    }
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0; i < der_len; i++) {
        out->data[contents_at + 1 + 2 * (size_t)i] = hex[der[i] >> 4];
        out->data[contents_at + 2 + 2 * (size_t)i] = hex[der[i] & 15];
    }
    goto out;
nomem:
    st = bc_nomem(err);
out:
    OPENSSL_free(der);
    free(signed_data);
    free(field_dict);
    free(form_dict);
    free(root);
    free(info);
    free(id);
    bc_buf_free(&names);
    bc_buf_free(&ops);
    bc_buf_free(&objs);
    qpdf_cleanup(&q);
    bc_qpdf_close(&lib);
    return st;
}
