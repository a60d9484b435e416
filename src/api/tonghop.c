/* tonghop.c - bc_rollup (baocao.h): the province table from the agencies'
 * submissions, written all or nothing. The work is input/rollup.c's; this
 * file checks the options, guards the inputs and writes the result. */
#include <stdlib.h>
#include <string.h>

#include "baocao.h"
#include "error.h"
#include "outfile.h"
#include "outguard.h"
#include "rollup.h"

static void seen(void *ctx, const char *path, const char *what)
{
    bc_inputs_add(ctx, path, what);
}

BC_API bc_status bc_rollup(const char *mapping_path, const bc_rollup_opts *o,
                           bc_rollup_result *result, bc_diags *diags, bc_error *err)
{
    if (result)
        memset(result, 0, sizeof *result);
    if (!o || o->struct_size != sizeof *o)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "bc_rollup_opts có struct_size %zu, thư viện cần %zu: hãy khởi tạo "
                            "bằng BC_ROLLUP_OPTS_INIT và biên dịch lại với baocao.h của thư "
                            "viện này",
                            o ? o->struct_size : 0, sizeof *o);
    if (!mapping_path || !diags)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "bc_rollup cần tệp danh sách cơ quan và danh sách cảnh báo");
    if (o->output && o->write)
        return bc_error_set(err, BC_E_USAGE, o->output, 0, 0,
                            "chỉ chọn một nơi ghi bảng tổng hợp: output (tệp) hoặc write (hàm "
                            "nhận), không cả hai");
    if (!o->output && !o->write)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "cần nơi ghi bảng tổng hợp: output (tệp) hoặc write (hàm nhận)");
    if (o->change_share < 0)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "ngưỡng thay đổi so với kỳ trước phải lớn hơn 0 (0,5 là 50%%)");
    bc_status st = o->output ? bc_outfile_check(o->output, err) : BC_OK;
    if (st)
        return st;
    bc_inputs inputs = BC_INPUTS_INIT;
    bc_rollup_params p = {.mapping = mapping_path,
                          .folder = o->folder,
                          .previous = o->previous,
                          .change_share = o->change_share,
                          .fix_totals = o->fix_totals,
                          .input_seen = seen,
                          .input_ctx = &inputs};
    /* the output must not be one of the named inputs: refused before work */
    bc_inputs_add(&inputs, mapping_path, "danh sách cơ quan");
    bc_inputs_add(&inputs, o->previous, "--ky-truoc");
    st = inputs.oom ? bc_nomem(err) : bc_inputs_check_output(&inputs, o->output, NULL, err);
    if (st) {
        bc_inputs_free(&inputs);
        return st;
    }
    char *csv = NULL;
    size_t len = 0;
    bc_rollup_counts c;
    memset(&c, 0, sizeof c);
    st = bc_rollup_build(&p, &csv, &len, &c, diags, err);
    if (result) {
        result->agencies = c.agencies;
        result->submitted = c.submitted;
        result->missing = c.missing;
        result->unknown_files = c.unknown_files;
        result->duplicates = c.duplicates;
        result->total_mismatches = c.total_mismatches;
        result->changes = c.changes;
    }
    bc_status found = st;
    if (st == BC_E_DATA && o->strict) {
        st = bc_error_set(err, BC_E_DATA, NULL, 0, 0,
                          "có chỗ cần xem lại trong các báo cáo nộp (xem cảnh báo); với chế độ "
                          "chặt chẽ không ghi bảng tổng hợp");
    } else if (st == BC_OK || st == BC_E_DATA) {
        bc_status ck = inputs.oom ? bc_nomem(err)
                                  : bc_inputs_check_output(&inputs, o->output, NULL, err);
        if (ck) {
            st = ck;
        } else if (o->output) {
            ck = bc_outfile_write_all(o->output, csv, len, o->hooks, err);
        } else {
            bc_outfile *f = NULL;
            ck = bc_outfile_to_callback(o->write, o->write_ctx, NULL, &f, err);
            if (!ck) {
                bc_outfile_write(f, csv, len);
                ck = bc_outfile_commit(f, err);
            }
        }
        if (ck)
            st = ck;
        else
            st = found;
    }
    free(csv);
    bc_inputs_free(&inputs);
    return st;
}
