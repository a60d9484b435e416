/* cmd_render.c - "baocao render": report.yaml -> PDF (+ PNG previews). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baocao.h"
#include "cli.h"

static const char *const HELP =
    "Cách dùng: baocao render BAO-CAO.yaml -o TEP.pdf [tùy chọn]\n"
    "\n"
    "In văn bản (báo cáo, công văn) cùng các phụ lục ra PDF theo thể thức\n"
    "Nghị định 30/2020/NĐ-CP.\n"
    "\n"
    "Tùy chọn:\n"
    "  -o, --ra TEP.pdf         tệp PDF cần ghi (bắt buộc); chỉ được thay khi in xong\n"
    "  --png THU-MUC            ghi thêm ảnh xem trước từng trang (trang-001.png ...)\n"
    "  --dpi N                  độ phân giải ảnh xem trước (mặc định 70)\n"
    "  --chi-phong-kem-theo     chỉ dùng phông kèm theo (Liberation Serif), bỏ qua\n"
    "                           Times New Roman của máy: kết quả giống nhau mọi nơi\n"
    "  --chat-che              số liệu phụ lục không khớp (tổng, công thức) là lỗi:\n"
    "                           không in (mã thoát 3)\n"
    "  --sua-tong              in giá trị tính lại thay cho tổng sai, và báo rõ\n"
    "  --du-lieu THU-MUC        thư mục chứa layouts/ và fonts/\n"
    "  -h, --help               xem hướng dẫn này\n";

int bc_cmd_render(int argc, char **argv)
{
    bc_render_opts opts = {.png_dpi = 70};
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(HELP, stdout);
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--ra")) && i + 1 < argc) {
            opts.output = argv[++i];
        } else if (!strcmp(a, "--png") && i + 1 < argc) {
            opts.png_dir = argv[++i];
        } else if (!strcmp(a, "--dpi") && i + 1 < argc) {
            opts.png_dpi = atof(argv[++i]);
            if (opts.png_dpi < 10 || opts.png_dpi > 1200) {
                fprintf(stderr, "baocao render: --dpi phải trong khoảng 10-1200\n");
                return 1;
            }
        } else if (!strcmp(a, "--chi-phong-kem-theo")) {
            opts.shipped_fonts_only = true;
        } else if (!strcmp(a, "--chat-che")) {
            opts.strict = true;
        } else if (!strcmp(a, "--sua-tong")) {
            opts.fix_totals = true;
        } else if (!strcmp(a, "--du-lieu") && i + 1 < argc) {
            opts.data_dir = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "baocao render: tùy chọn '%s' không có hoặc thiếu giá trị; xem "
                            "'baocao render --help'\n", a);
            return 1;
        } else if (!input) {
            input = a;
        } else {
            fprintf(stderr, "baocao render: chỉ nhận một tệp báo cáo ('%s' là thừa)\n", a);
            return 1;
        }
    }
    if (!input || !opts.output) {
        fprintf(stderr, "baocao render: cần tệp báo cáo và -o TEP.pdf; xem 'baocao render --help'\n");
        return 1;
    }
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_render_result res = {0};
    bc_status st = bc_render_report(input, &opts, &res, &diags, &err);
    bc_cli_print_diags(&diags);
    if (st && (st != BC_E_DATA || err.message)) {
        bc_cli_print_error(&err);
        fprintf(stderr, "baocao: không ghi tệp %s (%s)\n", opts.output, bc_status_name(st));
    } else {
        fprintf(stderr, "đã ghi %s (%d trang)%s\n", opts.output, res.pages,
                st == BC_E_DATA ? "; số liệu phụ lục có chỗ không khớp (xem cảnh báo)" : "");
    }
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return (int)st;
}
