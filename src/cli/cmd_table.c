/* cmd_table.c - "baocao table": print one appendix table on its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cli.h"
#include "baocao.h"

static const char *const HELP =
    "Cách dùng: baocao table SO-LIEU.csv --spec BANG.yaml -o TEP.pdf [tùy chọn]\n"
    "           baocao table \"SO-LIEU.xlsx#TRANG!A5:M190\" --spec BANG.yaml -o TEP.pdf\n"
    "\n"
    "In riêng một bảng phụ lục (tiêu đề, dòng tiêu đề nhiều tầng lặp lại mỗi trang,\n"
    "các hàng, ghi chú) sau khi kiểm tra số liệu: hàng nhóm phải bằng tổng các hàng\n"
    "con, cột công thức phải đúng công thức. Cách viết tệp mô tả bảng: README, mục\n"
    "Phụ lục; ví dụ: hang: {ky-hieu: stt, ten: ten, gop-cot: co} cho ô tên của hàng\n"
    "nhóm (A, I, II ...) trải sang các ô trống sau nó (gop-cot: KHOA: tới cột đó).\n"
    "\n"
    "Tùy chọn:\n"
    "  --spec BANG.yaml        tệp mô tả bảng (bắt buộc)\n"
    "  -o, --ra TEP.pdf        tệp PDF cần ghi (bắt buộc)\n"
    "  --chat-che              số liệu không khớp là lỗi: không in (mã thoát 3)\n"
    "  --sua-tong              in giá trị tính lại thay cho tổng sai, và báo rõ\n"
    "  --png THU-MUC, --dpi N  ảnh xem trước từng trang\n"
    "  --bo-cuc TEN            bố cục trong layouts/ (mặc định nd30-chuan)\n"
    "  --chi-phong-kem-theo    chỉ dùng phông kèm theo\n"
    "  --mot-luong             vẽ PDF ngay trong luồng dàn trang (chậm hơn, kết quả\n"
    "                          giống hệt)\n"
    "\n"
    "Mã thoát: 0 đúng; 3 đã in nhưng số liệu có chỗ không khớp (xem cảnh báo);\n"
    "2 lỗi dữ liệu vào; 1 sai cách dùng.\n";

bc_status bc_cmd_table(int argc, char **argv)
{
    bc_table_print_opts o = BC_TABLE_PRINT_OPTS_INIT;
    o.fc_default_unused = true; /* fonts only through baocao */
    o.hooks = bc_cli_tmp_hooks();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = false;
        if (bc_cli_common_option(argc, argv, &i, HELP, &o.output, &help)) {
            if (help)
                return BC_OK;
        } else if (!strcmp(a, "--spec") && i + 1 < argc) {
            o.spec_path = argv[++i];
        } else if (!strcmp(a, "--png") && i + 1 < argc) {
            o.png_dir = argv[++i];
        } else if (!strcmp(a, "--dpi") && i + 1 < argc) {
            o.png_dpi = atof(argv[++i]);
        } else if (!strcmp(a, "--bo-cuc") && i + 1 < argc) {
            o.layout = argv[++i];
        } else if (!strcmp(a, "--du-lieu") && i + 1 < argc) {
            o.data_dir = argv[++i];
        } else if (!strcmp(a, "--chat-che")) {
            o.strict = true;
        } else if (!strcmp(a, "--sua-tong")) {
            o.fix = true;
        } else if (!strcmp(a, "--chi-phong-kem-theo")) {
            o.shipped_fonts_only = true;
        } else if (!strcmp(a, "--mot-luong")) {
            o.single_thread = true;
        } else {
            static const char *const with_value[] = {"--spec", "-o", "--ra", "--png", "--dpi",
                                                     "--bo-cuc", "--du-lieu", NULL};
            static const char *const flags[] = {"--help", "--chat-che", "--sua-tong",
                                                "--chi-phong-kem-theo", "--mot-luong", NULL};
            bc_status st = bc_cli_operand("table", a, "tệp số liệu", &o.csv_path, with_value,
                                          flags);
            if (st)
                return st;
        }
    }
    if (!o.spec_path || !o.output) {
        fprintf(stderr, "baocao table: cần --spec BANG.yaml và -o TEP.pdf; xem 'baocao table --help'\n");
        return BC_E_USAGE;
    }
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    int pages = 0;
    bc_status st = bc_table_print(&o, &pages, &diags, &err);
    bc_cli_print_diags(&diags);
    if (st && st != BC_E_DATA) {
        bc_cli_print_error(&err);
        fprintf(stderr, "baocao: không ghi tệp %s (%s)\n", o.output, bc_status_name(st));
    } else if (st == BC_E_DATA && err.message) {
        bc_cli_print_error(&err);
    } else {
        fprintf(stderr, "đã ghi %s (%d trang)%s\n", o.output, pages,
                st == BC_E_DATA ? "; số liệu có chỗ không khớp (xem cảnh báo)" : "");
    }
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return st;
}
