/* cmd_moi.c - "baocao moi": the next period's report folder from the
 * current one (nextreport.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cli.h"
#include "error.h"
#include "carryover.h"
#include "nextreport.h"
#include "period.h"

static const char *const HELP =
    "Cách dùng: baocao moi THU-MUC-CU THU-MUC-MOI [--ky LOAI]\n"
    "\n"
    "Tạo thư mục báo cáo kỳ sau từ báo cáo kỳ này (report.yaml phải có\n"
    "ky-bao-cao): kỳ báo cáo chuyển sang kỳ sau (quý I -> quý II, quý IV ->\n"
    "quý I năm sau, 6 tháng -> 9 tháng -> năm -> năm sau), số và ngày văn bản\n"
    "để trống (CHUA-DIEN) cho đến khi điền, số liệu kỳ này được giữ làm số\n"
    "liệu kỳ trước (truoc) để so sánh tăng giảm, nội dung và phụ lục được chép\n"
    "nguyên. Thư mục cũ không bị thay đổi.\n"
    "\n"
    "Tùy chọn:\n"
    "  --ky LOAI      kỳ sau là kỳ LOAI đầu tiên sau kỳ này: quy, 6-thang,\n"
    "                 9-thang hoặc nam\n"
    "  -h, --help     xem hướng dẫn này\n";

bc_status bc_cmd_moi(int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    bc_next_opts opts = BC_NEXT_OPTS_INIT;
    opts.hooks = bc_cli_tmp_hooks();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = false;
        if (bc_cli_common_option(argc, argv, &i, HELP, NULL, &help)) { /* --help: no -o here */
            return BC_OK;
        } else if (!strcmp(a, "--ky") && i + 1 < argc) {
            if (!bc_period_kind_parse(argv[++i], &opts.kind)) {
                fprintf(stderr, "baocao moi: kỳ '%s' không được biết; dùng quy, 6-thang, "
                                "9-thang hoặc nam\n", argv[i]);
                return BC_E_USAGE;
            }
            opts.set_kind = true;
        } else if (a[0] == '-' && a[1]) {
            static const char *const with_value[] = {"--ky", NULL};
            static const char *const flags[] = {"--help", NULL};
            return bc_cli_bad_option("moi", a, with_value, flags);
        } else if (!from) {
            from = a;
        } else if (!to) {
            to = a;
        } else {
            fprintf(stderr, "baocao moi: chỉ nhận hai thư mục ('%s' là thừa)\n", a);
            return BC_E_USAGE;
        }
    }
    if (!from || !to) {
        fprintf(stderr, "baocao moi: cần THU-MUC-CU và THU-MUC-MOI; xem 'baocao moi --help'\n");
        return BC_E_USAGE;
    }
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_next_result res;
    bc_status st = bc_next_report(from, to, &opts, &res, &diags, &err);
    bc_cli_print_diags(&diags);
    if (st) {
        bc_cli_print_error(&err);
        fprintf(stderr, "baocao: không tạo được báo cáo mới ở %s (%s)\n", to, bc_status_name(st));
    } else {
        char *a = bc_period_name(&res.from), *b = bc_period_name(&res.to);
        fprintf(stderr,
                "đã tạo %s cho %s (từ báo cáo %s): %zu tệp, %zu số liệu chuyển sang kỳ trước.\n"
                "Việc cần làm: điền 'so' và 'ngay' trong %s; thay mọi 'CHUA-DIEN' ở 'nay' "
                "trong các tệp so-lieu bằng số liệu kỳ này; xác nhận số liệu phụ lục và sửa chữ "
                "của kỳ trước theo tệp " BC_CARRY_FILE " (chạy 'baocao render' để xem danh "
                "sách mọi chỗ còn lại).\n",
                to, b ? b : "", a ? a : "", res.files_copied, res.values_rolled,
                res.report_path ? res.report_path : "report.yaml");
        free(a);
        free(b);
        free(res.report_path);
    }
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return st;
}
