/* fuzz_csv.c - libFuzzer target for the CSV reader and the table data path.
 *
 * For any input: (1) reading it whole and reading it fed in pieces of
 * varying size give the same records, fields and positions, or the same
 * error; (2) every field is NUL-terminated, valid UTF-8 positions are
 * 1-based; (3) the same bytes as the data of a fixed table spec (seed 001
 * Phụ lục 2 shape) load and check without crashing, in both check and fix
 * mode. Build: cmake -DBAOCAO_FUZZ=ON with clang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvdata.h"
#include "strbuf.h"
#include "tablecheck.h"
#include "tablespec.h"

typedef struct digest {
    bc_buf b;
} digest;

static bc_status collect(void *ud, const bc_csv_record *rec, bc_error *err)
{
    (void)err;
    digest *d = ud;
    bc_buf_printf(&d->b, "R%zu@%d:", rec->index, rec->line);
    for (size_t i = 0; i < rec->count; i++) {
        const bc_csv_field *f = &rec->fields[i];
        if (f->line < 1 || f->column < 1 || strlen(f->text) != f->len)
            abort();
        bc_buf_printf(&d->b, "%d.%d.%d[", f->line, f->column, f->quoted);
        bc_buf_append(&d->b, f->text, f->len);
        bc_buf_putc(&d->b, ']');
    }
    bc_buf_putc(&d->b, '\n');
    return BC_OK;
}

/* The digest's text, ended by the error message of a failed read (st);
 * clears err. */
static char *digest_end(digest *d, bc_status st, bc_error *err)
{
    if (st) {
        char *m = bc_error_format(err);
        bc_buf_puts(&d->b, m ? m : "?");
        free(m);
    }
    bc_error_clear(err);
    bc_buf_putc(&d->b, '\0');
    return bc_buf_detach(&d->b);
}

static char *run_whole(const uint8_t *data, size_t size, bc_status *st)
{
    digest d = {BC_BUF_INIT};
    bc_error err = BC_ERROR_INIT;
    *st = bc_csv_read_buffer((const char *)data, size, "f.csv", NULL, collect, &d, &err);
    return digest_end(&d, *st, &err);
}

static char *run_pieces(const uint8_t *data, size_t size, bc_status *st)
{
    digest d = {BC_BUF_INIT};
    bc_error err = BC_ERROR_INIT;
    bc_csv_reader *r = bc_csv_reader_new("f.csv", NULL, collect, &d);
    if (!r)
        abort();
    *st = BC_OK;
    size_t i = 0, k = 0;
    while (i < size && !*st) {
        size_t n = 1 + (data[k++ % size] % 7);
        if (n > size - i)
            n = size - i;
        *st = bc_csv_reader_feed(r, (const char *)data + i, n, &err);
        i += n;
    }
    if (!*st)
        *st = bc_csv_reader_finish(r, &err);
    bc_csv_reader_free(r);
    return digest_end(&d, *st, &err);
}

static const char SPEC[] =
    "nhan: Phụ lục 2\n"
    "cot:\n"
    "  - {khoa: cap, nhan: Stt}\n"
    "  - {khoa: ten, nhan: Tên, bat-buoc: co}\n"
    "  - {khoa: tiep_nhan, nhan: Hồ sơ tiếp nhận, nguon: 3, kieu: so, gach-khi-0: co}\n"
    "  - nhan: Đã giải quyết\n"
    "    cot:\n"
    "      - {khoa: tong, nhan: Tổng, nguon: 4, kieu: so, cong-thuc: dung + tre}\n"
    "      - {khoa: dung, nhan: Đúng hạn, nguon: 5, kieu: so-thuc, so-le: 1}\n"
    "      - {khoa: tre, nhan: Trễ hạn, nguon: 6, kieu: so}\n"
    "  - {khoa: ngay, nhan: Ngày, nguon: 7, kieu: ngay}\n"
    "  - {khoa: tl, nhan: Tỷ lệ, nguon: 8, kieu: ty-le, cong-thuc: tre / (tong - 1)}\n"
    "  - {khoa: tinh, nhan: Tính, kieu: so, cong-thuc: tong * 2 - -tre}\n"
    "hang: {ky-hieu: cap, ten: ten}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 1 << 16)
        return 0;
    bc_status s1, s2;
    char *a = run_whole(data, size, &s1);
    char *b = run_pieces(data, size, &s2);
    if (s1 != s2 || strcmp(a, b) != 0)
        abort();
    free(a);
    free(b);

    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    if (bc_tablespec_parse(SPEC, sizeof SPEC - 1, "f.yaml", &t, &d, &err) != BC_OK)
        abort();
    if (bc_table_read_csv_buffer(t, (const char *)data, size, "f.csv", &d, &err) == BC_OK) {
        bc_check_options o = {(size & 1) != 0, false};
        bc_table_check(t, &o, &d, NULL);
        for (size_t r = 0; r < t->nrows; r++) {
            char *label = bc_table_row_label(t, r);
            free(label);
            for (size_t c = 0; c < t->ncols; c++)
                if (!t->rows[r].cells[c].display || !t->rows[r].cells[c].text)
                    abort();
        }
        for (size_t i = 0; i < d.count; i++)
            free(bc_diag_format(&d.items[i]));
    }
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
    return 0;
}
