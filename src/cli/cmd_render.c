/* cmd_render.c - "baocao render": report.yaml -> PDF (+ PNG previews). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baocao.h"
#include "cleanup.h"
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
"  --kiem-tra              sau khi dàn trang, đối chiếu từng từ trên các trang với\n"
    "                           dữ liệu vào; thiếu một từ là lỗi, không ghi PDF\n"
    "  --chat-che              số liệu phụ lục không khớp (tổng, công thức) là lỗi:\n"
    "                           không in (mã thoát 3)\n"
    "  --sua-tong              in giá trị tính lại thay cho tổng sai, và báo rõ\n"
    "  --so-lieu-thua          ghi chú các số liệu (tệp so-lieu) mà nội dung không dùng\n"
    "  --du-lieu THU-MUC        thư mục chứa layouts/ và fonts/\n"
    "  --mot-luong              vẽ PDF ngay trong luồng dàn trang (mặc định: một luồng\n"
    "                           riêng vẽ trang trước trong khi dàn trang sau; kết quả\n"
    "                           giống hệt, chỉ chậm hơn)\n"
    "  -h, --help               xem hướng dẫn này\n"
    "\n"
    "Bản dự thảo để lấy ý kiến góp ý (các giá trị mặc định lấy từ tệp du-thao.yaml\n"
    "cạnh tệp báo cáo, nếu có: lan, so-voi, gop-y, hinh-chim):\n"
    "  --du-thao                in bản dự thảo: dấu DỰ THẢO trong khung ở trang 1, dòng\n"
    "                           \"Dự thảo lần N – ngày giờ\" ở lề dưới, số dòng ở lề trái\n"
    "                           (đánh lại từ 1 mỗi trang); ngắt trang y hệt bản chính thức\n"
    "  --lan N                  dự thảo lần thứ N (mặc định 1)\n"
    "  --so-voi THU-MUC         so với bản dự thảo trước (thư mục có report.yaml): từ mới\n"
    "                           hoặc đã sửa được gạch dưới, chỗ bị bỏ chữ đánh dấu đỏ ở lề\n"
    "                           phải, trang cuối tóm tắt thay đổi theo từng mục\n"
    "  --gop-y TEP.yaml         gắn các ý kiến góp ý (ghi chú PDF) vào đúng chỗ trích dẫn\n"
    "  --hinh-chim              thêm chữ DỰ THẢO mờ chạy chéo mỗi trang\n"
    "  --dinh-kem-goc           đính kèm nguyên vẹn các tệp số liệu (mặc định: chỉ những\n"
    "                           cột, những số liệu văn bản dùng, dạng CSV; trang cuối\n"
    "                           liệt kê từng tệp, mã SHA-256 và phần được bỏ)\n"
    "  --thoi-diem \"dd/mm/yyyy hh:mm\"\n"
    "                           thời điểm ghi trên bản dự thảo (mặc định: bây giờ)\n"
    "  --bo-ghi cairo|libharu   bộ ghi PDF; bản dự thảo mặc định dùng libharu (ghi chú\n"
    "                           góp ý, đính kèm tệp nguồn), tự chuyển sang cairo nếu\n"
    "                           phông chữ bị libharu làm mất dấu\n"
    "  (--lan, --so-voi, --gop-y, --hinh-chim, --thoi-diem, --dinh-kem-goc kéo theo\n"
    "   --du-thao)\n";

bc_status bc_cmd_render(int argc, char **argv)
{
    bc_render_opts opts = BC_RENDER_OPTS_INIT;
    opts.hooks = bc_cli_tmp_hooks();
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(HELP, stdout);
            return BC_OK;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--ra")) && i + 1 < argc) {
            opts.output = argv[++i];
        } else if (!strcmp(a, "--png") && i + 1 < argc) {
            opts.png_dir = argv[++i];
        } else if (!strcmp(a, "--dpi") && i + 1 < argc) {
            opts.png_dpi = atof(argv[++i]);
            if (opts.png_dpi < 10 || opts.png_dpi > 1200) {
                fprintf(stderr, "baocao render: --dpi phải trong khoảng 10-1200\n");
                return BC_E_USAGE;
            }
        } else if (!strcmp(a, "--chi-phong-kem-theo")) {
            opts.shipped_fonts_only = true;
        } else if (!strcmp(a, "--mot-luong")) {
            opts.single_thread = true;
        } else if (!strcmp(a, "--kiem-tra")) {
            opts.self_check = true;
        } else if (!strcmp(a, "--chat-che")) {
            opts.strict = true;
        } else if (!strcmp(a, "--so-lieu-thua") || !strcmp(a, "--warn-unused")) {
            opts.warn_unused = true;
        } else if (!strcmp(a, "--sua-tong")) {
            opts.fix_totals = true;
        } else if (!strcmp(a, "--du-lieu") && i + 1 < argc) {
            opts.data_dir = argv[++i];
        } else if (!strcmp(a, "--du-thao")) {
            opts.draft = true;
        } else if (!strcmp(a, "--lan") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 99) {
                fprintf(stderr, "baocao render: --lan cần số nguyên từ 1 đến 99\n");
                return BC_E_USAGE;
            }
            opts.draft_round = (int)n;
            opts.draft = true;
        } else if (!strcmp(a, "--so-voi") && i + 1 < argc) {
            opts.compare_with = argv[++i];
            opts.draft = true;
        } else if (!strcmp(a, "--gop-y") && i + 1 < argc) {
            opts.notes_path = argv[++i];
            opts.draft = true;
        } else if (!strcmp(a, "--dinh-kem-goc")) {
            opts.attach_originals = true;
            opts.draft = true;
        } else if (!strcmp(a, "--hinh-chim")) {
            opts.watermark = true;
            opts.draft = true;
        } else if (!strcmp(a, "--thoi-diem") && i + 1 < argc) {
            opts.stamp_time = argv[++i];
            opts.draft = true;
        } else if (!strcmp(a, "--bo-ghi") && i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(v, "cairo"))
                opts.writer = BC_WRITER_CAIRO;
            else if (!strcmp(v, "libharu") || !strcmp(v, "hpdf"))
                opts.writer = BC_WRITER_HPDF;
            else {
                fprintf(stderr, "baocao render: --bo-ghi nhận 'cairo' hoặc 'libharu', không "
                                "phải '%s'\n", v);
                return BC_E_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            static const char *const with_value[] = {"-o", "--ra", "--png", "--dpi", "--du-lieu",
                                                     "--lan", "--so-voi", "--gop-y",
                                                     "--thoi-diem", "--bo-ghi", NULL};
            static const char *const flags[] = {
                "--help", "--chi-phong-kem-theo", "--mot-luong", "--kiem-tra", "--chat-che",
                "--so-lieu-thua", "--sua-tong", "--du-thao", "--hinh-chim", NULL};
            return bc_cli_bad_option("render", a, with_value, flags);
        } else if (!input) {
            input = a;
        } else {
            fprintf(stderr, "baocao render: chỉ nhận một tệp báo cáo ('%s' là thừa)\n", a);
            return BC_E_USAGE;
        }
    }
    if (!input || !opts.output) {
        fprintf(stderr, "baocao render: cần tệp báo cáo và -o TEP.pdf; xem 'baocao render --help'\n");
        return BC_E_USAGE;
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
    return st;
}
