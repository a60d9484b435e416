/* fuzz_pdfverify.c - libFuzzer target for the signature checker
 * (pdfverify.h, "baocao ky --kiem-tra"), which reads PDFs from anyone.
 *
 * For any input: bc_pdfverify returns BC_OK or BC_E_INPUT with a message
 * (never another status, never a crash, leak or undefined behaviour); the
 * report is text without NUL bytes; BC_OK means at least one signature
 * line in it. The same bytes are checked twice with the same result (no
 * hidden state), and once more against an empty CA store (the chain-check
 * path). Seeds (tests/fuzz/corpus/fuzz_pdfverify): a signed one-page
 * report, the same cut short, with a byte changed inside the signed range,
 * and unsigned. Build: cmake -DBAOCAO_FUZZ=ON with clang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BC_OSSL_CALLS
#define BC_OSSL ossl
#include "pdfverify.h"
#include "strbuf.h"

static bc_status run(const bc_ossl *ossl, const uint8_t *data, size_t size, X509_STORE *store, char **text)
{
    bc_buf report = BC_BUF_INIT;
    bc_error err = {0};
    bc_status st = bc_pdfverify(ossl, data, size, "fuzz.pdf", store, &report, &err);
    if (st != BC_OK && st != BC_E_INPUT && st != BC_E_NOMEM)
        abort();
    if (st && !err.message)
        abort();
    if (report.len && memchr(report.data, '\0', report.len))
        abort();
    if (st == BC_OK && (!report.len || !strstr(report.data, "Chữ ký 1,")))
        abort();
    bc_error_clear(&err);
    *text = bc_buf_detach(&report);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_ossl lib;
    const bc_ossl *ossl = &lib;
    bc_error oerr = {0};
    if (bc_ossl_open(&lib, &oerr))
        abort();
    char *a = NULL, *b = NULL, *c = NULL;
    bc_status sa = run(ossl, data, size, NULL, &a);
    bc_status sb = run(ossl, data, size, NULL, &b);
    if (sa != sb || (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        abort();
    X509_STORE *store = X509_STORE_new();
    if (store) {
        run(ossl, data, size, store, &c);
        X509_STORE_free(store);
    }
    bc_ossl_close(&lib);
    free(a);
    free(b);
    free(c);
    return 0;
}
