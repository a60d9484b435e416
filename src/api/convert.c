/* convert.c - legacy Vietnamese text to Unicode (baocao.h,
 * bc_convert_legacy): which code page the bytes are in, then legacy.c's
 * converters. */
#include "baocao.h"

#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "strbuf.h"
#include "text.h"

/* Weighs TCVN3, VNI and Windows-1258 on the lines that are not UTF-8. Sets
 * *codepage to "cp1258" when Windows-1258 clearly wins, leaves it NULL for
 * TCVN3/VNI (bc_legacy_convert decides between them) or when every line is
 * UTF-8, and fails with BC_E_INPUT listing the candidates when the bytes
 * cannot be told apart or look like none of them. */
static bc_status guess_raw(const char *s, size_t n, const char *name, const char **codepage,
                           int *first, bc_error *err)
{
    bc_buf raw = BC_BUF_INIT;
    int line = 1;
    *first = 0;
    for (size_t i = 0; i < n; line++) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        size_t end = j < n ? j + 1 : n;
        if (!bc_utf8_valid(s + i, end - i)) {
            if (!*first)
                *first = line;
            bc_buf_append(&raw, s + i, end - i);
        }
        i = end;
    }
    if (!*first) {
        bc_buf_free(&raw);
        return BC_OK;
    }
    bc_bytes_scores sc;
    bc_bytes_guess g = bc_legacy_guess_bytes(raw.data, raw.len, &sc);
    bc_buf_free(&raw);
    if (g == BC_GUESS_CP1258)
        *codepage = "cp1258";
    if (g == BC_GUESS_CP1258 || g == BC_GUESS_TCVN3 || g == BC_GUESS_VNI)
        return BC_OK;
    char *list = bc_legacy_describe_scores(&sc);
    bc_status st;
    if (g == BC_GUESS_UNSURE)
        st = bc_error_set(err, BC_E_INPUT, name, *first, 1,
                          "không nhận ra chắc chắn mã của các dòng không phải UTF-8 (dòng đầu "
                          "tiên: %d): có thể là %s; hãy chọn mã bằng --ma tcvn3, --ma vni hoặc "
                          "--ma cp1258 rồi xem lại kết quả",
                          *first, list ? list : "");
    else
        st = bc_error_set(err, BC_E_INPUT, name, *first, 1,
                          "các dòng không phải UTF-8 (dòng đầu tiên: %d) không giống chữ Việt ở "
                          "mã nào: %s; nếu là chữ Tây Âu (Windows-1252) hãy chạy lại với --ma "
                          "cp1252, hoặc chọn --ma tcvn3, --ma vni, --ma cp1258",
                          *first, list ? list : "");
    free(list);
    return st;
}

bc_status bc_convert_legacy(const char *data, size_t n, const char *name,
                            const bc_convert_opts *o, char **out, size_t *out_len,
                            bc_convert_result *result, bc_diags *diags, bc_error *err)
{
    if (o->struct_size != sizeof *o)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "bc_convert_opts có struct_size %zu, thư viện cần %zu: hãy khởi tạo "
                            "bằng BC_CONVERT_OPTS_INIT",
                            o->struct_size, sizeof *o);
    bc_legacy_options opt = BC_LEGACY_OPTIONS_INIT;
    const char *codepage = o->from == BC_CONVERT_CP1258   ? "cp1258"
                           : o->from == BC_CONVERT_CP1252 ? "cp1252"
                                                          : NULL;
    if (o->from == BC_CONVERT_TCVN3)
        opt.mode = BC_LEGACY_FORCE_TCVN3;
    else if (o->from == BC_CONVERT_VNI)
        opt.mode = BC_LEGACY_FORCE_VNI;
    if (o->hfont_caps)
        opt.caps = BC_LEGACY_CAPS_HFONT;
    bc_status st;
    if (o->from == BC_CONVERT_AUTO) {
        /* raw bytes: TCVN3, VNI or Windows-1258? refuse rather than guess */
        int first = 0;
        if ((st = guess_raw(data, n, name, &codepage, &first, err)))
            return st;
    }
    bc_legacy_stats stats = {0, 0, 0, 0};
    if (codepage) {
        size_t nconv = 0;
        bool w58 = strcmp(codepage, "cp1258") == 0;
        st = bc_legacy_convert_codepage(data, n, name, w58 ? "CP1258" : "CP1252",
                                        w58 ? "Windows-1258" : "Windows-1252", out, out_len,
                                        &nconv, diags, err);
        stats.cp1252 = nconv;
    } else {
        st = bc_legacy_convert(data, n, name, &opt, out, out_len, &stats, diags, err);
    }
    if (!st && result)
        *result = (bc_convert_result){stats.tcvn3, stats.vni, stats.cp1252};
    return st;
}
