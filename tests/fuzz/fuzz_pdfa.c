/* fuzz_pdfa.c - libFuzzer target for the PDF finish's reader (src/render/pdfa.c
 * with pdfdict.c): the bytes a writer left in its temporary file (scratch.h).
 *
 * Any input is finished as cairo's output (tagged when its size is odd,
 * with no elements: a marked-content sequence is then refused): the cross-
 * reference table, the page tree, pages and content streams read by our own
 * strict reader, and the objects qpdf is given must never be read outside
 * their buffers (ASan), and a refusal must be an error, not a crash. The
 * result goes to a callback that drops it. Seeds:
 * tests/fuzz/corpus/fuzz_pdfa (files shaped like cairo's: one and two
 * pages, a CID font, a structure tree, lengths as objects). Build: cmake
 * -DBAOCAO_FUZZ=ON with clang. */
#include <stdint.h>
#include <stdlib.h>

#include "baocao.h"
#include "error.h"
#include "outfile.h"
#include "pdfa.h"
#include "scratch.h"

static int drop(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_error err = BC_ERROR_INIT;
    bc_scratch *s = NULL;
    if (bc_scratch_new(&s, &err)) {
        bc_error_clear(&err);
        return 0;
    }
    bc_outfile *out = NULL;
    if (bc_scratch_write(s, data, size) &&
        bc_outfile_to_callback(drop, NULL, "fuzz", &out, &err) == BC_OK) {
        bc_pdf_meta meta = {.title = "Báo cáo", .date = "2024-01-05T08:00:00"};
        bc_pdfa_doc doc = {.meta = &meta, .lang = "vi-VN", .tagged = size & 1};
        bc_pdfa_write(s, &doc, out, &err);
        bc_outfile_abort(out);
    }
    bc_error_clear(&err);
    bc_scratch_free(s);
    return 0;
}
