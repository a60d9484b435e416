/* fuzz_tablespec.c - libFuzzer target for table specs.
 *
 * The input is a YAML spec, optionally followed by a line "===" and CSV
 * data. The spec is parsed; when it is valid the data is read and checked
 * (check or fix mode by the input's length), and the model is walked. Any
 * crash, leak or sanitizer report is a finding. Build: cmake -DBAOCAO_FUZZ=ON
 * with clang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tablecheck.h"
#include "tablespec.h"

static void walk(const bc_col_node *n, size_t count, const bc_table *t)
{
    for (size_t i = 0; i < count; i++) {
        if (n[i].nchildren == 0 && (n[i].leaf < 0 || (size_t)n[i].leaf >= t->ncols))
            abort();
        if (n[i].row_span < 1 || n[i].depth + n[i].row_span > t->header_rows)
            abort();
        walk(n[i].children, n[i].nchildren, t);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    const char *s = (const char *)data;
    size_t ylen = size;
    const char *csv = NULL;
    size_t clen = 0;
    for (size_t i = 0; i + 5 <= size; i++) {
        if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, "===\n", 4) == 0) {
            ylen = i;
            csv = s + i + 4;
            clen = size - i - 4;
            break;
        }
    }
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    if (bc_tablespec_parse(s, ylen, "f.yaml", &t, &d, &err) == BC_OK) {
        walk(t->header, t->nheader, t);
        for (size_t i = 0; i < t->ncols; i++) {
            if (t->cols[i].expr) {
                char *e = bc_expr_to_string(t->cols[i].expr);
                free(e);
            }
        }
        if (csv && bc_table_read_csv_buffer(t, csv, clen, "f.csv", &d, &err) == BC_OK) {
            bc_check_options o = {(size & 1) != 0, false};
            bc_table_check(t, &o, &d, NULL);
            for (size_t r = 0; r < t->nrows; r++) {
                char *label = bc_table_row_label(t, r);
                free(label);
                if (t->rows[r].parent >= (int)r)
                    abort();
            }
        }
    } else {
        char *m = bc_error_format(&err);
        free(m);
    }
    for (size_t i = 0; i < d.count; i++)
        free(bc_diag_format(&d.items[i]));
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
    return 0;
}
