/* cmd_tong_hop.c - "baocao tong-hop": the province table from the agencies'
 * submissions (bc_rollup in baocao.h). Arguments only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baocao.h"
#include "cleanup.h"
#include "cli.h"

static const char *const HELP =
    "Cách dùng: baocao tong-hop CO-QUAN.yaml -o TONG-HOP.csv [tùy chọn]\n"
    "\n"
    "Tổng hợp báo cáo của các cơ quan (mỗi cơ quan một tệp CSV hoặc Excel .xlsx theo\n"
    "biểu mẫu) thành một bảng của tỉnh theo mẫu Phụ lục 2: nhóm theo cấp (sở, huyện,\n"
    "xã theo từng huyện), hàng nhóm và hàng TỔNG cộng lại, tỷ lệ trễ hạn tính lại, mỗi\n"
    "hàng ghi nguồn số liệu (tệp và ô). Tệp ra dùng làm «du-lieu:» của một phụ lục.\n"
    "CO-QUAN.yaml liệt kê các cơ quan (mã, tên, cấp, huyện, mẫu tên tệp); xem README.\n"
    "\n"
    "Trước khi ghi, lệnh báo (tệp và ô): cơ quan chưa nộp, tệp không khớp cơ quan nào,\n"
    "báo cáo trùng, tổng tự ghi của cơ quan không khớp, số liệu thay đổi quá ngưỡng so\n"
    "với kỳ trước.\n"
    "\n"
    "Tùy chọn:\n"
    "  -o, --ra TEP.csv        bảng tổng hợp cần ghi (bắt buộc)\n"
    "  --thu-muc THU-MUC       thư mục các tệp nộp (mặc định: «thu-muc:» trong\n"
    "                          CO-QUAN.yaml, hoặc thư mục của tệp đó)\n"
    "  --ky-truoc TEP.csv      bảng tổng hợp kỳ trước, để so sánh\n"
    "  --nguong N%             ngưỡng thay đổi so với kỳ trước (mặc định 50%)\n"
    "  --chat-che              có chỗ cần xem lại thì không ghi (mã thoát 3)\n"
    "  --sua-tong              tổng tự ghi sai của cơ quan được thay bằng tổng các hàng\n"
    "\n"
    "Mã thoát: 0 đúng; 3 đã ghi nhưng có chỗ cần xem lại (xem cảnh báo; với\n"
    "--chat-che: không ghi); 2 lỗi dữ liệu vào (không ghi); 4 không ghi được tệp ra;\n"
    "1 sai cách dùng.\n";

/* "50%", "50", "12,5%" -> 0.5, 0.5, 0.125; false when not a positive number. */
static bool parse_share(const char *s, double *out)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '%')
        buf[--n] = '\0';
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    char *end;
    double v = strtod(buf, &end);
    if (!n || *end || !(v > 0) || v > 1e6)
        return false;
    *out = v / 100;
    return true;
}

bc_status bc_cmd_tong_hop(int argc, char **argv)
{
    bc_rollup_opts o = BC_ROLLUP_OPTS_INIT;
    o.hooks = bc_cli_tmp_hooks();
    const char *mapping = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = false;
        if (bc_cli_common_option(argc, argv, &i, HELP, &o.output, &help)) {
            if (help)
                return BC_OK;
        } else if (!strcmp(a, "--thu-muc") && i + 1 < argc) {
            o.folder = argv[++i];
        } else if (!strcmp(a, "--ky-truoc") && i + 1 < argc) {
            o.previous = argv[++i];
        } else if (!strcmp(a, "--nguong") && i + 1 < argc) {
            if (!parse_share(argv[++i], &o.change_share)) {
                fprintf(stderr, "baocao tong-hop: --nguong cần một tỷ lệ phần trăm lớn hơn 0, "
                                "ví dụ 30%% ('%s' không đọc được)\n", argv[i]);
                return BC_E_USAGE;
            }
        } else if (!strcmp(a, "--chat-che")) {
            o.strict = true;
        } else if (!strcmp(a, "--sua-tong")) {
            o.fix_totals = true;
        } else {
            static const char *const with_value[] = {"-o", "--ra", "--thu-muc", "--ky-truoc",
                                                     "--nguong", NULL};
            static const char *const flags[] = {"--help", "--chat-che", "--sua-tong", NULL};
            bc_status st = bc_cli_operand("tong-hop", a, "tệp danh sách cơ quan", &mapping,
                                          with_value, flags);
            if (st)
                return st;
        }
    }
    if (!mapping || !o.output) {
        fprintf(stderr, "baocao tong-hop: cần tệp danh sách cơ quan và -o TONG-HOP.csv; xem "
                        "'baocao tong-hop --help'\n");
        return BC_E_USAGE;
    }
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_rollup_result res;
    bc_status st = bc_rollup(mapping, &o, &res, &diags, &err);
    bc_cli_print_diags(&diags);
    if (st && st != BC_E_DATA) {
        bc_cli_print_error(&err);
        fprintf(stderr, "baocao: không ghi tệp %s (%s)\n", o.output, bc_status_name(st));
    } else if (st == BC_E_DATA && err.message) {
        bc_cli_print_error(&err);
    } else {
        fprintf(stderr,
                "đã ghi %s: %zu/%zu cơ quan đã nộp; thiếu %zu, tệp lạ %zu, trùng %zu, tổng "
                "không khớp %zu, thay đổi quá ngưỡng %zu\n",
                o.output, res.submitted, res.agencies, res.missing, res.unknown_files,
                res.duplicates, res.total_mismatches, res.changes);
    }
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return st;
}
