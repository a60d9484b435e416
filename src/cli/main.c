/* main.c - the baocao command: dispatches to sub-commands. The work is
 * done by the library (baocao.h); this file only handles arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cli.h"
#include "error.h"
#include "yamltree.h"

static const char *const USAGE =
    "baocao - lập báo cáo cải cách hành chính đúng thể thức Nghị định 30/2020/NĐ-CP\n"
    "\n"
    "Cách dùng:\n"
    "  baocao render BAO-CAO.yaml -o TEP.pdf [--png THU-MUC] [--dpi N]\n"
    "                                  in báo cáo (văn bản, phụ lục) ra PDF\n"
    "  baocao render THU-MUC-1 THU-MUC-2 ... | --danh-sach DS.txt [-o THU-MUC/]\n"
    "                                  in nhiều báo cáo một lần, trên mọi nhân máy\n"
    "  baocao table SO-LIEU.csv --spec BANG.yaml -o TEP.pdf\n"
    "                                  in riêng một bảng phụ lục (kiểm tra tổng)\n"
    "  baocao moi THU-MUC-CU THU-MUC-MOI  tạo báo cáo kỳ sau từ báo cáo kỳ này\n"
    "  baocao tong-hop CO-QUAN.yaml -o TONG-HOP.csv\n"
    "                                  tổng hợp báo cáo của các cơ quan thành bảng của tỉnh\n"
    "  baocao chuyen-ma TEP [-o TEP-RA]  chuyển văn bản mã TCVN3/VNI sang Unicode\n"
    "  baocao ky BAN.pdf -o BAN-KY.pdf --vai-tro nguoi-ky|co-quan --p12 TEP | --pkcs11 URI\n"
    "                                  ký số bản chính thức; --kiem-tra: kiểm tra chữ ký\n"
    "  baocao serve [THU-MUC] [--cong N]  mở trang web trên máy này để lập báo cáo\n"
    "  baocao --help | --version\n"
    "\n"
    "Gõ 'baocao LỆNH --help' để xem tùy chọn của từng lệnh.\n"
    "\n"
    "Mã thoát: 0 thành công; 1 sai cách dùng lệnh; 2 lỗi dữ liệu vào; 3 số liệu\n"
    "không khớp (vẫn in PDF); 4 không ghi được tệp ra; 5 lỗi phông chữ; 6 không dàn\n"
    "trang được; 7 hết bộ nhớ; 8 lỗi nội bộ; 129, 130, 143 bị dừng bởi tín hiệu\n"
    "SIGHUP, SIGINT (Ctrl-C), SIGTERM (tệp tạm đã xóa, tệp cũ giữ nguyên).\n";

int bc_cli_exit_code(bc_status st)
{
    static const struct {
        bc_status st;
        int code;
    } TABLE[] = {
        {BC_OK, 0},         {BC_E_USAGE, 1},  {BC_E_INPUT, 2},  {BC_E_DATA, 3},
        {BC_E_OUTPUT, 4},   {BC_E_FONT, 5},   {BC_E_LAYOUT, 6}, {BC_E_NOMEM, 7},
        {BC_E_INTERNAL, 8},
    };
    for (size_t i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++)
        if (TABLE[i].st == st)
            return TABLE[i].code;
    return 8; /* a status this table does not know: internal error */
}

void bc_cli_print_error(const bc_error *err)
{
    char *msg = bc_error_format(err);
    fprintf(stderr, "%s\n", msg ? msg : "lỗi");
    free(msg);
}

void bc_cli_print_diags(const bc_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char *msg = bc_diag_format(&d->items[i]);
        fprintf(stderr, "%s\n", msg ? msg : "");
        free(msg);
    }
}

bc_status bc_cli_bad_option(const char *cmd, const char *arg, const char *const *with_value,
                      const char *const *flags)
{
    for (size_t i = 0; with_value && with_value[i]; i++)
        if (!strcmp(arg, with_value[i])) {
            fprintf(stderr, "baocao %s: tùy chọn '%s' cần một giá trị theo sau; xem 'baocao %s "
                            "--help'\n", cmd, arg, cmd);
            return BC_E_USAGE;
        }
    const char *all[64];
    size_t n = 0;
    for (size_t i = 0; with_value && with_value[i] && n < 63; i++)
        all[n++] = with_value[i];
    for (size_t i = 0; flags && flags[i] && n < 63; i++)
        all[n++] = flags[i];
    all[n] = NULL;
    const char *near = bc_nearest(arg, all);
    if (near)
        fprintf(stderr, "baocao %s: tùy chọn '%s' không có; có phải ý bạn là %s? Xem 'baocao %s "
                        "--help'\n", cmd, arg, near, cmd);
    else
        fprintf(stderr, "baocao %s: tùy chọn '%s' không có; xem 'baocao %s --help'\n", cmd, arg,
                cmd);
    return BC_E_USAGE;
}

bool bc_cli_common_option(int argc, char **argv, int *i, const char *help, const char **output,
                          bool *help_shown)
{
    const char *a = argv[*i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
        fputs(help, stdout);
        *help_shown = true;
        return true;
    }
    if (output && (!strcmp(a, "-o") || !strcmp(a, "--ra")) && *i + 1 < argc) {
        *output = argv[++*i];
        return true;
    }
    return false;
}

bc_status bc_cli_operand(const char *cmd, const char *arg, const char *what, const char **operand,
                         const char *const *with_value, const char *const *flags)
{
    if (arg[0] == '-' && arg[1])
        return bc_cli_bad_option(cmd, arg, with_value, flags);
    if (*operand) {
        fprintf(stderr, "baocao %s: chỉ nhận một %s ('%s' là thừa)\n", cmd, what, arg);
        return BC_E_USAGE;
    }
    *operand = arg;
    return BC_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return bc_cli_exit_code(BC_E_USAGE);
    }
    bc_cli_cleanup_install();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("baocao %s\n", bc_version());
        return 0;
    }
    if (!strcmp(cmd, "render") || !strcmp(cmd, "in"))
        return bc_cli_exit_code(bc_cmd_render(argc - 1, argv + 1));
    if (!strcmp(cmd, "table") || !strcmp(cmd, "bang"))
        return bc_cli_exit_code(bc_cmd_table(argc - 1, argv + 1));
    if (!strcmp(cmd, "moi"))
        return bc_cli_exit_code(bc_cmd_moi(argc - 1, argv + 1));
    if (!strcmp(cmd, "tong-hop"))
        return bc_cli_exit_code(bc_cmd_tong_hop(argc - 1, argv + 1));
    if (!strcmp(cmd, "serve"))
        return bc_cli_exit_code(bc_cmd_serve(argc - 1, argv + 1));
    if (!strcmp(cmd, "ky"))
        return bc_cli_exit_code(bc_cmd_ky(argc - 1, argv + 1));
    if (!strcmp(cmd, "chuyen-ma"))
        return bc_cli_exit_code(bc_cmd_chuyen_ma(argc - 1, argv + 1));
    static const char *const commands[] = {"render", "table", "moi", "tong-hop", "chuyen-ma", "ky", "serve",
                                           "--help",
                                           "--version", NULL};
    const char *near = bc_nearest(cmd, commands);
    if (near)
        fprintf(stderr, "baocao: lệnh '%s' không có; có phải ý bạn là %s? Gõ 'baocao --help' để "
                        "xem các lệnh\n", cmd, near);
    else
        fprintf(stderr, "baocao: lệnh '%s' không có; gõ 'baocao --help' để xem các lệnh\n", cmd);
    return bc_cli_exit_code(BC_E_USAGE);
}
