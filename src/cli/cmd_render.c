/* cmd_render.c - "baocao render": report.yaml -> PDF (+ PNG previews). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "baocao.h"
#include "batchview.h"
#include "cleanup.h"
#include "cli.h"
#include "error.h"
#include "grow.h"
#include "text.h"

static const char *const HELP =
    "Cách dùng: baocao render BAO-CAO.yaml -o TEP.pdf [tùy chọn]\n"
    "           baocao render THU-MUC-1 THU-MUC-2 ... [--danh-sach DS.txt] [-o THU-MUC/]\n"
    "\n"
    "In văn bản (báo cáo, công văn) cùng các phụ lục ra PDF theo thể thức\n"
    "Nghị định 30/2020/NĐ-CP. Báo cáo là tệp .yaml hoặc thư mục có report.yaml.\n"
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
    "Ký số ngay khi in (người có thẩm quyền; cơ quan ký sau bằng 'baocao ky'):\n"
    "  --ky                     ký bản chính thức trước khi ghi; cần --p12 hoặc --pkcs11\n"
    "  --p12 TEP.p12 | --pkcs11 URI [--module THU-VIEN.so] [--mat-khau-fd N]\n"
    "  [--anh-chu-ky ANH.png] [--tsa URL]   như 'baocao ky --help'\n"
    "\n"
    "In nhiều báo cáo một lần (cùng một lần khởi tạo phông chữ, dùng mọi nhân máy):\n"
    "  BAO-CAO-1 BAO-CAO-2 ...  nhiều báo cáo (thư mục hoặc tệp .yaml)\n"
    "  --danh-sach DS.txt       thêm các báo cáo ghi trong DS.txt, mỗi dòng một đường dẫn\n"
    "                           (tính từ thư mục của DS.txt; dòng trống, dòng '#' bỏ qua)\n"
    "  -o THU-MUC/              ghi mọi PDF vào thư mục này (tạo nếu chưa có); không có\n"
    "                           -o: mỗi PDF ghi cạnh báo cáo của nó. Tên PDF là tên thư\n"
    "                           mục báo cáo (xa-1/report.yaml -> xa-1.pdf) hoặc tên tệp\n"
    "                           .yaml. Với --png, ảnh của mỗi báo cáo ở THU-MUC/<tên>/\n"
    "  --luong N                số báo cáo in cùng lúc (mặc định: số nhân của máy)\n"
    "  Mỗi báo cáo được ghi trọn vẹn hoặc không ghi; báo cáo lỗi không làm dừng các báo\n"
    "  cáo khác. Trên màn hình có thanh tiến độ; cuối cùng là bảng kết quả (ra stdout).\n"
    "  Mã thoát là mã của báo cáo tệ nhất: không in được (1, 2, 4-8; nhiều loại thì lấy\n"
    "  mã lớn nhất) > số liệu không khớp (3) > thành công (0).\n"
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

/* The report paths given (argv, or a list file: owned copies). */
typedef struct inputs {
    char **paths;
    size_t n, cap;
} inputs;

static bool inputs_add(inputs *in, const char *path)
{
    if (!BC_GROW(&in->paths, &in->cap, in->n + 1, 16))
        return false;
    return (in->paths[in->n] = strdup(path)) ? (in->n++, true) : false;
}

static void inputs_free(inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
}

static bool ends_with_slash(const char *p)
{
    return p && *p && p[strlen(p) - 1] == '/';
}

/* The reports listed in path, one a line, relative to its folder. */
static bc_status read_list(inputs *in, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_text_load(path, &text, &len, &err);
    if (st) {
        bc_cli_print_error(&err);
        bc_error_clear(&err);
        return st;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t before = in->n;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && !st;
         line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ' || *line == '\t')
            line++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        if (!n || *line == '#')
            continue;
        char *p = *line == '/' || !dirlen ? strdup(line)
                                          : bc_strdup_printf("%.*s%s", (int)dirlen, path, line);
        if (!p || !inputs_add(in, p))
            st = BC_E_NOMEM;
        free(p);
    }
    free(text);
    if (!st && in->n == before) {
        fprintf(stderr, "%s: lỗi: danh sách không có báo cáo nào; hãy ghi mỗi dòng một thư mục "
                        "báo cáo hoặc tệp .yaml\n", path);
        st = BC_E_INPUT;
    }
    return st;
}

/* Many reports: bc_render_batch with the progress on stderr and the table
 * on stdout. */
static bc_status render_many(const inputs *in, const bc_render_opts *opts_in, int threads)
{
    bc_render_opts opts = *opts_in;
    bc_batch_opts bo = BC_BATCH_OPTS_INIT;
    bo.threads = threads;
    bo.png_dir = opts.png_dir;
    opts.png_dir = NULL;
    const char *o = opts.output;
    opts.output = NULL;
    if (o) {
        struct stat sb;
        bool dir = ends_with_slash(o) || (stat(o, &sb) == 0 && S_ISDIR(sb.st_mode));
        if (!dir) {
            size_t n = strlen(o);
            bool file = (n > 4 && !strcasecmp(o + n - 4, ".pdf")) || stat(o, &sb) == 0;
            if (file)
                fprintf(stderr, "baocao render: có %zu báo cáo, không ghi chung vào một tệp '%s': "
                                "hãy cho -o một thư mục (ví dụ -o pdf/), hoặc bỏ -o để ghi mỗi "
                                "PDF cạnh báo cáo của nó\n", in->n, o);
            else
                fprintf(stderr, "baocao render: có %zu báo cáo nên -o phải là một thư mục; '%s' "
                                "chưa có: viết '%s/' để tạo thư mục này\n", in->n, o, o);
            return BC_E_USAGE;
        }
        bo.out_dir = o;
    }
    bc_batchview view;
    bc_batchview_init(&view, stderr);
    bo.progress = bc_batchview_progress;
    bo.progress_ctx = &view;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bc_batch_item *items = NULL;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_render_batch((const char *const *)in->paths, in->n, &opts, &bo, &items, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!items) {
        bc_cli_print_error(&err);
        bc_error_clear(&err);
        return st;
    }
    bc_batchview_summary(stdout, items, in->n, st,
                         (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    fflush(stdout);
    bc_batch_items_free(items, in->n);
    return st;
}

static bc_status render_one(const char *input, bc_render_opts *opts_in);

bc_status bc_cmd_render(int argc, char **argv)
{
    bc_render_opts opts = BC_RENDER_OPTS_INIT;
    opts.fc_default_unused = true; /* fonts only through baocao */
    opts.hooks = bc_cli_tmp_hooks();
    inputs in = {0};
    const char *list = NULL;
    int threads = 0;
    bc_status st = BC_OK;
    bc_sign_opts sign = BC_SIGN_OPTS_INIT;
    sign.fc_default_unused = true; /* fonts only through baocao */
    sign.hooks = opts.hooks;
    bool ky = false;
    int secret_fd = -1;
    for (int i = 1; i < argc && !st; i++) {
        const char *a = argv[i];
        bool help = false;
        if (bc_cli_common_option(argc, argv, &i, HELP, &opts.output, &help)) {
            if (help) {
                inputs_free(&in);
                return BC_OK;
            }
        } else if (!strcmp(a, "--png") && i + 1 < argc) {
            opts.png_dir = argv[++i];
        } else if (!strcmp(a, "--dpi") && i + 1 < argc) {
            opts.png_dpi = atof(argv[++i]);
            if (opts.png_dpi < 10 || opts.png_dpi > 1200) {
                fprintf(stderr, "baocao render: --dpi phải trong khoảng 10-1200\n");
                st = BC_E_USAGE;
            }
        } else if (!strcmp(a, "--danh-sach") && i + 1 < argc) {
            if (list) {
                fprintf(stderr, "baocao render: chỉ nhận một --danh-sach ('%s' là thừa)\n",
                        argv[i + 1]);
                st = BC_E_USAGE;
            }
            list = argv[++i];
        } else if (!strcmp(a, "--luong") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "baocao render: --luong cần số nguyên từ 1 đến 256\n");
                st = BC_E_USAGE;
            }
            threads = (int)n;
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
                st = BC_E_USAGE;
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
                st = BC_E_USAGE;
            }
        } else if (!strcmp(a, "--ky")) {
            ky = true;
        } else if (!strcmp(a, "--p12") && i + 1 < argc) {
            sign.p12_path = argv[++i];
        } else if (!strcmp(a, "--pkcs11") && i + 1 < argc) {
            sign.pkcs11_uri = argv[++i];
        } else if (!strcmp(a, "--module") && i + 1 < argc) {
            sign.pkcs11_module = argv[++i];
        } else if (!strcmp(a, "--anh-chu-ky") && i + 1 < argc) {
            sign.image_path = argv[++i];
        } else if (!strcmp(a, "--tsa") && i + 1 < argc) {
            sign.tsa_url = argv[++i];
        } else if (!strcmp(a, "--mat-khau-fd") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 0 || n > 1024) {
                fprintf(stderr, "baocao render: --mat-khau-fd cần số của một bộ mô tả tệp\n");
                st = BC_E_USAGE;
            }
            secret_fd = (int)n;
        } else if (a[0] == '-' && a[1]) {
            static const char *const with_value[] = {
                "-o", "--ra", "--png", "--dpi", "--du-lieu", "--lan", "--so-voi", "--gop-y",
                "--thoi-diem", "--bo-ghi", "--danh-sach", "--luong", "--p12", "--pkcs11",
                "--module", "--anh-chu-ky", "--tsa", "--mat-khau-fd", NULL};
            static const char *const flags[] = {
                "--help", "--chi-phong-kem-theo", "--mot-luong", "--kiem-tra", "--chat-che",
                "--so-lieu-thua", "--sua-tong", "--du-thao", "--hinh-chim", "--ky", NULL};
            st = bc_cli_bad_option("render", a, with_value, flags);
        } else if (!inputs_add(&in, a)) {
            st = BC_E_NOMEM;
        }
    }
    if (!st && list)
        st = read_list(&in, list);
    bool many = in.n > 1 || list || ends_with_slash(opts.output);
    char *secret = NULL;
    if (!st && (ky || sign.p12_path || sign.pkcs11_uri)) {
        /* Signing while printing: one official copy, the signer's key. */
        if (!ky || !sign.p12_path == !sign.pkcs11_uri || opts.draft || many) {
            fprintf(stderr, "baocao render: ký số khi in cần --ky cùng đúng một trong --p12, "
                            "--pkcs11; chỉ cho một bản chính thức (không với bản dự thảo, không "
                            "khi in nhiều báo cáo)\n");
            st = BC_E_USAGE;
        } else if (!(secret = bc_cli_secret("render", secret_fd, sign.p12_path != NULL))) {
            st = BC_E_USAGE;
        } else {
            sign.secret = secret;
            sign.data_dir = opts.data_dir;
            opts.sign = &sign;
        }
    }
    if (!st && many)
        st = render_many(&in, &opts, threads);
    else if (!st)
        st = render_one(in.n ? in.paths[0] : NULL, &opts);
    bc_cli_secret_free(secret);
    inputs_free(&in);
    return st;
}

static bc_status render_one(const char *input, bc_render_opts *opts_in)
{
    bc_render_opts opts = *opts_in;
    if (!input || !opts.output) {
        fprintf(stderr, "baocao render: cần tệp báo cáo và -o TEP.pdf (hoặc nhiều báo cáo, "
                        "-o THU-MUC/); xem 'baocao render --help'\n");
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
        fprintf(stderr, "đã %sghi %s (%d trang)%s\n", opts.sign ? "ký số và " : "", opts.output,
                res.pages,
                st == BC_E_DATA ? "; số liệu phụ lục có chỗ không khớp (xem cảnh báo)" : "");
    }
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return st;
}
