/* fuzz_legacy.c - libFuzzer target for src/text/legacy.c.
 *
 * The first byte picks the options (mode, caps); the rest is the input,
 * converted as a whole buffer and decoded as one run. Checks that the
 * output is valid NFC UTF-8 without NUL and that everything is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "legacy.h"
#include "text.h"

static void check_output(const char *out, size_t len)
{
    if (!out || strlen(out) != len)
        abort();
    if (!bc_utf8_valid(out, len))
        abort();
    char *nfc = bc_text_nfc(out, len);
    if (!nfc || strcmp(nfc, out) != 0)
        abort();
    free(nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sel = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;

    bc_legacy_options opt = BC_LEGACY_OPTIONS_INIT;
    opt.mode = (bc_legacy_mode)(sel % 3);
    opt.caps = (bc_legacy_caps)((sel / 3) % 3);

    (void)bc_legacy_detect(s, n);
    bc_legacy_score score;
    (void)bc_legacy_detect_ex(s, n, true, &score);
    bc_bytes_scores bs;
    (void)bc_legacy_guess_bytes(s, n, &bs);
    char *desc = bc_legacy_describe_scores(&bs);
    free(desc);
    {
        char *cp = NULL;
        size_t cplen = 0;
        bc_error cperr = BC_ERROR_INIT;
        if (bc_legacy_convert_codepage(s, n, "fuzz.txt", sel & 1 ? "CP1258" : "CP1252",
                                       sel & 1 ? "Windows-1258" : "Windows-1252", &cp, &cplen,
                                       NULL, NULL, &cperr) == BC_OK)
            check_output(cp, cplen);
        free(cp);
        bc_error_clear(&cperr);
    }

    bc_diags diags = BC_DIAGS_INIT;
    bc_legacy_stats stats;
    bc_error err = BC_ERROR_INIT;
    char *out = NULL;
    size_t len = 0;
    bc_status st = bc_legacy_convert(s, n, "fuzz.txt", &opt, &out, &len, &stats, &diags, &err);
    if (st == BC_OK) {
        check_output(out, len);
        for (size_t i = 0; i < diags.count; i++) {
            char *f = bc_diag_format(&diags.items[i]);
            if (!f || !bc_utf8_valid(f, strlen(f)))
                abort(); /* messages quote input: they must stay valid UTF-8 */
            free(f);
        }
    } else if (st != BC_E_INPUT || memchr(s, 0, n) == NULL || out != NULL) {
        abort(); /* the only input error is a NUL byte */
    }
    free(out);
    bc_diags_free(&diags);
    bc_error_clear(&err);

    bc_legacy_run run = {s, n, (sel & 0x80) != 0, (sel & 0x40) ? BC_ENC_VNI : BC_ENC_TCVN3,
                         opt.caps, "fuzz.txt", 1, 1};
    out = NULL;
    st = bc_legacy_decode(&run, &out, &len, &diags, &err);
    if (st == BC_OK)
        check_output(out, len);
    else if (out != NULL)
        abort();
    free(out);
    bc_diags_free(&diags);
    bc_error_clear(&err);
    return 0;
}
