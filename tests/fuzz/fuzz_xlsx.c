/* fuzz_xlsx.c - libFuzzer target for the .xlsx reader (xlsx.h).
 *
 * For any input: the reader returns an error or delivers records whose
 * fields are NUL-terminated, with 1-based Excel row/column positions, and
 * record indices counting up from 0; reading it twice gives the same
 * records (no hidden state). The same bytes are also read with a sheet
 * index and a range, and with a three-row header (merged cells) and
 * numbers as their formats show them. Build: cmake -DBAOCAO_FUZZ=ON with clang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xlsx.h"

typedef struct digest {
    bc_buf b;
    size_t next;
} digest;

static bc_status collect(void *ud, const bc_csv_record *rec, bc_error *err)
{
    (void)err;
    digest *d = ud;
    if (rec->index != d->next++)
        abort();
    bc_buf_printf(&d->b, "R%zu@%d:", rec->index, rec->line);
    for (size_t i = 0; i < rec->count; i++) {
        const bc_csv_field *f = &rec->fields[i];
        if (f->line < 1 || f->column < 1 || strlen(f->text) != f->len)
            abort();
        bc_buf_printf(&d->b, "%d.%d[", f->line, f->column);
        bc_buf_append(&d->b, f->text, f->len);
        bc_buf_putc(&d->b, ']');
    }
    bc_buf_putc(&d->b, '\n');
    return BC_OK;
}

static char *run(const uint8_t *data, size_t size, const char *loc, const bc_xlsx_opts *o,
                 bc_status *st)
{
    digest d = {BC_BUF_INIT, 0};
    bc_error err = {0};
    char *sheet = NULL;
    *st = bc_xlsx_read_buffer((const char *)data, size, "fuzz.xlsx", loc, o, collect, &d,
                              &sheet, &err);
    if (*st && !err.message)
        abort();
    bc_error_clear(&err);
    free(sheet);
    return bc_buf_detach(&d.b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_status a, b;
    char *x = run(data, size, NULL, NULL, &a);
    char *y = run(data, size, NULL, NULL, &b);
    if (a != b || (x && y && strcmp(x, y) != 0))
        abort();
    free(x);
    free(y);
    bc_status c;
    free(run(data, size, "1!A1:D20", NULL, &c));
    /* a header of three rows built from merged cells, numbers as shown */
    bc_xlsx_opts o = {.header_rows = 3, .as_shown = true};
    free(run(data, size, NULL, &o, &c));
    free(run(data, size, "1!B2:F30", &o, &c));
    return 0;
}
