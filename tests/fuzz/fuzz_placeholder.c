/* Fuzz target: placeholder expansion ({{ ... }} in the narrative) over
 * arbitrary input, with a small fixed value store: indicator values with and
 * without previous values, a date, a text, the report period and a
 * three-level appendix table as pl1. The store is built once and only read. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "placeholder.h"
#include "tablespec.h"
#include "values.h"

static const char YAML[] =
    "a:\n  b: {nay: \"76,88%\", truoc: \"73,37%\"}\n  c: 1.023.615\n"
    "n: {nay: 1100, truoc: 0}\nd: 2018-02-07\nt: Sở *Nội vụ* [x]\nz: 06\n"
    "r: {nay: \"12,5\", truoc: 13}\n";
static const char SPEC[] =
    "cot:\n  - {khoa: stt, nhan: Stt}\n  - {khoa: ten, nhan: Tên}\n"
    "  - {khoa: so, nhan: Số, kieu: so}\n  - {khoa: tl, nhan: TL, kieu: ty-le, cong-thuc: so / 100}\n"
    "  - {khoa: d, nhan: D, kieu: so-thuc, so-le: 1}\n";
static const char CSV[] =
    "stt,ten,so,d\nA,Nhóm A,30,1.5\nI,La mã,20,\n1,Một,20,abc\n-,Gạch,-,0\n2,Hai,10,2\n"
    "B,Nhóm B,,\n1,Một B,5,3\nTỔNG,,35,4\n";

static bc_values *store(void)
{
    static bc_values *v;
    static bc_table *t;
    if (v)
        return v;
    bc_error err = BC_ERROR_INIT;
    bc_diags d = BC_DIAGS_INIT;
    bc_period p = {BC_PERIOD_QUARTER, 4, 2023};
    v = bc_values_new();
    if (!v || bc_values_load_yaml(v, YAML, sizeof YAML - 1, "chi-so.yaml", &err) ||
        bc_values_add_period(v, &p, &err) ||
        bc_tablespec_parse(SPEC, sizeof SPEC - 1, "pl.yaml", &t, &d, &err) ||
        bc_table_read_csv_buffer(t, CSV, sizeof CSV - 1, "pl.csv", &d, &err) ||
        bc_values_add_table(v, "pl1", t, &err)) {
        char *m = bc_error_format(&err);
        fprintf(stderr, "fuzz_placeholder: store: %s\n", m ? m : "");
        abort();
    }
    bc_error_clear(&err);
    bc_diags_free(&d);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const bc_values *v = store();
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_expand_opts o = {.warn_unused = size % 2 == 0};
    char *out = NULL;
    size_t n = 0;
    if (bc_narrative_expand((const char *)data, size, "fuzz.md", v, &o, &out, &n, &diags,
                            &err) == BC_OK) {
        if (!out || strlen(out) != n)
            abort();
        free(out);
    } else if (out || !err.message) {
        abort();
    }
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return 0;
}
