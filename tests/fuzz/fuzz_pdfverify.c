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
#include <openssl/x509_vfy.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdfverify.h"
#include "strbuf.h"

static bc_status run(const uint8_t *data, size_t size, X509_STORE *store, char **text)
{
    bc_buf report = BC_BUF_INIT;
    bc_error err = {0};
    bc_status st = bc_pdfverify(data, size, "fuzz.pdf", store, &report, &err);
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
    char *a = NULL, *b = NULL, *c = NULL;
    bc_status sa = run(data, size, NULL, &a);
    bc_status sb = run(data, size, NULL, &b);
    if (sa != sb || (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        abort();
    X509_STORE *store = X509_STORE_new();
    if (store) {
        run(data, size, store, &c);
        X509_STORE_free(store);
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
