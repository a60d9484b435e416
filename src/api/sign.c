/* sign.c - bc_sign_pdf and bc_verify_pdf: the files, the key, the fonts
 * around pdfsign.h and pdfverify.h. */
#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "baocao.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fonts.h"
#include "infile.h"
#include "layoutcfg.h"
#include "ossllib.h"
#include "outfile.h"
#include "pdfsign.h"
#include "pdfverify.h"
#include "sigappear.h"
#include "sign.h"
#include "sigkey.h"
#include "strbuf.h"

/* BAOCAO_P11_PROXY: p11-kit's proxy module for this machine (CMakeLists.txt) */
#define P11_PROXY BAOCAO_P11_PROXY

bc_status bc_sign_check_opts(const bc_sign_opts *o, bc_error *err)
{
    if (!o || o->struct_size != sizeof(bc_sign_opts))
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0, "bc_sign_opts: struct_size sai");
    if (!o->p12_path == !o->pkcs11_uri)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "cần đúng một nguồn khóa: tệp .p12 (--p12) hoặc thẻ ký số (--pkcs11)");
    return BC_OK;
}

bc_status bc_sign_pdf(const char *input, const bc_sign_opts *o, bc_error *err)
{
    bc_status st = bc_sign_check_opts(o, err);
    if (st)
        return st;
    if (!input || !o->output)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0, "cần tệp PDF cần ký và tệp ra (-o)");
    char *pdf = NULL;
    size_t len = 0;
    if ((st = bc_outfile_check(o->output, err)) ||
        (st = bc_infile_read(input, BC_IN_DATA, &pdf, &len, err)))
        return st;
    st = bc_sign_bytes(input, pdf, len, o, o->output, err);
    free(pdf);
    return st;
}

bc_status bc_sign_bytes(const char *input, const char *pdf, size_t len, const bc_sign_opts *o,
                        const char *output, bc_error *err)
{
    bc_status st = BC_OK;
    char *data = NULL, *fontdir = NULL, *text = NULL, *cn = NULL;
    bc_sigkey key = {0};
    bc_sig_image img = {0};
    bc_layout_cfg *cfg = NULL;
    bc_fonts *fonts = NULL;
    PangoFontDescription *font = NULL;
    bc_buf out = {0};
    bool have_img = false;
    time_t now = o->signing_time ? (time_t)o->signing_time : time(NULL);
    bc_ossl lib = {0};
    const bc_ossl *ossl = &lib;
    if (len < 5 || memcmp(pdf, "%PDF-", 5)) {
        st = bc_error_set(err, BC_E_INPUT, input, 0, 0, "không phải tệp PDF");
        goto out;
    }
    if ((st = bc_ossl_open(&lib, err)))
        goto out;
    if (o->p12_path)
        st = bc_sigkey_p12(ossl, o->p12_path, o->secret, &key, err);
    else
        st = bc_sigkey_pkcs11(ossl, o->pkcs11_uri,
                              o->pkcs11_module ? o->pkcs11_module
                              : access(P11_PROXY, R_OK) == 0 ? P11_PROXY
                                                             : NULL,
                              o->secret, &key, err);
    if (st || (st = bc_sigkey_check(&key, o->p12_path ? o->p12_path : o->pkcs11_uri, now, err)))
        goto out;
    if (o->image_path) {
        if ((st = bc_sig_image_load(o->image_path, &img, err)))
            goto out;
        have_img = true;
    }
    cfg = bc_layout_cfg_default();
    if (!cfg) {
        st = bc_nomem(err);
        goto out;
    }
    if ((st = bc_data_dir_find(o->data_dir, &data, err)))
        goto out;
    fontdir = bc_strdup_printf("%s/fonts", data);
    if (!fontdir) {
        st = bc_nomem(err);
        goto out;
    }
    if ((st = bc_fonts_new(fontdir, (const char *const *)cfg->fonts, true, o->fc_default_unused,
                           &fonts, err)))
        goto out;
    font = bc_fonts_desc(fonts, cfg->sig_info_size, false, false);
    char iso[32], pdfdate[32];
    bc_sign_time(now, iso, pdfdate);
    cn = bc_sigkey_cn(ossl, key.cert);
    /* The organization's name and the signing time (ND30 Phụ lục I, II.8.a);
     * the signer's image alone, or its name and time without one. */
    if (o->role == BC_SIGN_ORGANIZATION || !have_img)
        text = bc_strdup_printf("%s\n%.10s\n%.8s %s", cn ? cn : "", iso, iso + 11, iso + 19);
    if ((text && (st = bc_fonts_check_text(fonts, text, o->p12_path ? o->p12_path : NULL, 0, err))))
        goto out;
    bc_sign_req req = {
        .input = input,
        .field = o->role == BC_SIGN_ORGANIZATION ? "ky-co-quan" : "ky-nguoi-ky",
        .must_be_signed = o->role == BC_SIGN_ORGANIZATION ? "ky-nguoi-ky" : NULL,
        .key = &key,
        .image = have_img ? &img : NULL,
        .text = text,
        /* Over a seal, the text keeps to the signing space (the seal at
         * real size reaches past it, onto the name). */
        .text_lift = have_img ? (cfg->sig_seal_size - cfg->signature_space) * BC_MM / 2 : -1,
        .ctx = bc_fonts_context(fonts),
        .font = font,
        .when = now,
        .tsa_url = o->tsa_url,
    };
    if ((st = bc_pdfsign((const unsigned char *)pdf, len, &req, &out, err)))
        goto out;
    if (out.oom) {
        st = bc_nomem(err);
        goto out;
    }
    st = bc_outfile_write_all(output, out.data, out.len, o->hooks, err);
out:
    if (ossl->lib)
        ERR_clear_error();
    bc_buf_free(&out);
    if (font)
        pango_font_description_free(font);
    bc_fonts_free(fonts);
    bc_layout_cfg_free(cfg);
    bc_sig_image_free(&img);
    bc_sigkey_free(&key);
    bc_ossl_close(&lib);
    free(text);
    free(cn);
    free(fontdir);
    free(data);
    return st;
}

bc_status bc_verify_pdf(const char *input, const bc_verify_opts *o, char **report, bc_error *err)
{
    if (report)
        *report = NULL;
    if (!o || o->struct_size != sizeof(bc_verify_opts))
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0, "bc_verify_opts: struct_size sai");
    char *pdf = NULL;
    size_t len = 0;
    bc_status st = bc_infile_read(input, BC_IN_DATA, &pdf, &len, err);
    if (st)
        return st;
    bc_ossl lib;
    const bc_ossl *ossl = &lib;
    if ((st = bc_ossl_open(&lib, err))) {
        free(pdf);
        return st;
    }
    X509_STORE *store = NULL;
    if (o->ca_bundle) {
        store = X509_STORE_new();
        if (!store || X509_STORE_load_file(store, o->ca_bundle) != 1) {
            ERR_clear_error();
            X509_STORE_free(store);
            bc_ossl_close(&lib);
            free(pdf);
            return bc_error_set(err, BC_E_INPUT, o->ca_bundle, 0, 0,
                                "không đọc được tệp chứng thư CA (cần tệp PEM)");
        }
    }
    bc_buf rep = {0};
    st = bc_pdfverify(ossl, (const unsigned char *)pdf, len, input, store, &rep, err);
    X509_STORE_free(store);
    bc_ossl_close(&lib);
    free(pdf);
    if (report && !rep.oom)
        *report = bc_buf_detach(&rep);
    bc_buf_free(&rep);
    return st;
}
