/* Fuzz target: where a URL may break (src/layout/urlbreak.c) over any
 * token. Every token goes through bc_url_breaks, whether bc_url_is takes it
 * for a URL or not (the break map must be safe for both); the map's
 * documented rules are checked: both ends forbidden, every cost positive,
 * and never a break right after a dot ("baocao." | "khanhhoa" reads as the
 * end of a sentence). A violation aborts, which libFuzzer reports. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "linebreak.h"
#include "urlbreak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0; /* a token longer than a page's line many times over */
    const char *w = (const char *)data;
    (void)bc_url_is(w, size);
    int *pen = malloc((size + 1) * sizeof *pen);
    if (!pen)
        return 0;
    bc_url_breaks(w, size, pen);
    if (pen[0] != BC_LB_FORBID || pen[size] != BC_LB_FORBID)
        abort();
    for (size_t i = 1; i < size; i++) {
        int v = pen[i];
        if (v <= 0 || v > BC_LB_FORBID)
            abort(); /* a break dearer than forbidden, or free inside a URL */
        if (w[i - 1] == '.' && v != BC_LB_FORBID)
            abort(); /* a break after a dot */
    }
    free(pen);
    return 0;
}
