/* fuzz_pdfa.c - libFuzzer target for the PDF finish's reader (src/render/pdfa.c
 * with pdfdict.c and pdfobj.c): the bytes a writer left in its temporary
 * file (scratch.h).
 *
 * An input beginning "%PDF-1.3" is finished as libharu's draft (its
 * annotations, file specifications and embedded files rewritten), any
 * other as cairo's output (tagged when its size is odd, with no elements: a
 * marked-content sequence is then refused): the cross-reference table, the
 * page tree, pages, content streams and the objects rewritten are read by
 * our own strict readers and must never be read outside their buffers
 * (ASan), and a refusal must be an error, not a crash. The result goes to
 * a callback that drops it. Seeds: tests/fuzz/corpus/fuzz_pdfa (files
 * shaped like cairo's: one and two pages, a CID font, a structure tree,
 * lengths as objects; one like libharu's with a note and an embedded
 * file). Build: cmake -DBAOCAO_FUZZ=ON with clang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
        bool haru = size >= 8 && !memcmp(data, "%PDF-1.3", 8);
        bc_pdfa_doc doc = {.meta = &meta,
                           .lang = "vi-VN",
                           .tagged = !haru && (size & 1),
                           .writer = haru ? "Haru Free PDF Library 2.3.0" : NULL};
        bc_pdfa_write(s, &doc, out, &err);
        bc_outfile_abort(out);
    }
    bc_error_clear(&err);
    bc_scratch_free(s);
    return 0;
}
