/* Fuzz target: report.yaml parsing (libyaml tree + report checks). */
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_error err = BC_ERROR_INIT;
    bc_report *r = NULL;
    if (bc_report_parse((const char *)data, size, "fuzz/report.yaml", &r, &err) == BC_OK) {
        char *a = bc_report_number_line(r), *b = bc_report_date_line(r),
             *c = bc_report_attachment_line(r);
        free(a);
        free(b);
        free(c);
        bc_report_free(r);
    }
    bc_error_clear(&err);
    return 0;
}
