/* cmd_serve.c - "baocao serve": the local web page (src/serve/httpd.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "httpd.h"

static const char *const HELP =
    "Cách dùng: baocao serve [THU-MUC] [--cong N] [--mo-rong DIA-CHI] [--ky-the TEP.yaml]\n"
    "                        [--du-lieu THU-MUC]\n"
    "\n"
    "Mở một trang web trên chính máy này (chỉ địa chỉ 127.0.0.1) để lập báo cáo\n"
    "trong trình duyệt: danh sách báo cáo trong THU-MUC (mặc định: thư mục hiện\n"
    "tại; mỗi báo cáo là một thư mục có report.yaml), tạo báo cáo từ mẫu hoặc kỳ\n"
    "sau, điền các trường thể thức, sửa nội dung, gửi tệp số liệu, xem trước từng\n"
    "trang và tải bản PDF. Trang lưu vào đúng các tệp report.yaml, nội dung và\n"
    "số liệu trên đĩa (giữ chú thích và thứ tự), nên dùng lẫn với lệnh được.\n"
    "Lệnh in ra địa chỉ để mở trong trình duyệt và chạy đến khi nhấn Ctrl-C.\n"
    "\n"
    "Tùy chọn:\n"
    "  --cong N           cổng (mặc định: một cổng còn trống)\n"
    "  --mo-rong DIA-CHI  nghe ở địa chỉ IP này của máy (ví dụ 192.168.1.10) thay cho\n"
    "                     127.0.0.1, để máy khác trong mạng mở được trang; mỗi yêu cầu\n"
    "                     phải có mã truy cập ngẫu nhiên nằm trong địa chỉ lệnh in ra\n"
    "                     (thiếu mã: bị từ chối). Chỉ dùng trong mạng nội bộ tin cậy:\n"
    "                     trang không mã hóa (HTTP), ai có địa chỉ kèm mã đều sửa được\n"
    "                     các báo cáo trong THU-MUC\n"
    "  --ky-the TEP.yaml  ký số bằng thẻ (USB token) ghi trong tệp này: pkcs11: URI của\n"
    "                     khóa, module: thư viện PKCS#11, anh-chu-ky: ảnh chữ ký, tsa:\n"
    "                     máy chủ dấu thời gian; mã PIN nhập trên trang mỗi lần ký\n"
    "                     (không có: ký bằng tệp .p12 gửi lên trang)\n"
    "  --du-lieu THU-MUC  thư mục chứa layouts/ và fonts/\n"
    "  --gioi-han-tep N   cỡ lớn nhất của một tệp gửi lên, MiB (mặc định 20)\n"
    "  -h, --help         xem hướng dẫn này\n";

bc_status bc_cmd_serve(int argc, char **argv)
{
    bc_serve_opts o = {.workspace = "."};
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = false;
        if (bc_cli_common_option(argc, argv, &i, HELP, NULL, &help)) { /* --help: no -o here */
            return BC_OK;
        } else if (!strcmp(a, "--cong") && i + 1 < argc) {
            char *end = NULL;
            long p = strtol(argv[++i], &end, 10);
            if (!end || *end || p < 0 || p > 65535) {
                fprintf(stderr, "baocao serve: cổng '%s' không hợp lệ (0-65535)\n", argv[i]);
                return BC_E_USAGE;
            }
            o.port = (unsigned)p;
        } else if (!strcmp(a, "--ky-the") && i + 1 < argc) {
            o.token_config = argv[++i];
        } else if (!strcmp(a, "--mo-rong") && i + 1 < argc) {
            o.wide_addr = argv[++i];
        } else if (!strcmp(a, "--du-lieu") && i + 1 < argc) {
            o.data_dir = argv[++i];
        } else if (!strcmp(a, "--gioi-han-tep") && i + 1 < argc) {
            char *end = NULL;
            long m = strtol(argv[++i], &end, 10);
            if (!end || *end || m < 1 || m > 1024) {
                fprintf(stderr, "baocao serve: giới hạn '%s' không hợp lệ (1-1024 MiB)\n",
                        argv[i]);
                return BC_E_USAGE;
            }
            o.upload_limit = (size_t)m << 20;
        } else {
            static const char *const with_value[] = {"--cong", "--du-lieu", "--gioi-han-tep",
                                                     "--mo-rong", "--ky-the", NULL};
            static const char *const flags[] = {"--help", NULL};
            bc_status st = bc_cli_operand("serve", a, "thư mục", &dir, with_value, flags);
            if (st)
                return st;
        }
    }
    if (dir)
        o.workspace = dir;
    /* The server's threads inherit this mask; the main thread waits here. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    bc_server *srv = NULL;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_server_start(&o, &srv, &err);
    if (st) {
        bc_cli_print_error(&err);
        bc_error_clear(&err);
        return st;
    }
    if (o.wide_addr) {
        fprintf(stderr,
                "baocao serve: CẢNH BÁO: trang mở cho mọi máy tới được địa chỉ %s (không chỉ "
                "máy này). Ai có địa chỉ kèm mã truy cập mà lệnh in ra đều xem và sửa được các báo "
                "cáo trong thư mục %s; trang không mã hóa (HTTP): chỉ dùng trong mạng nội bộ "
                "tin cậy, không gửi địa chỉ qua thư điện tử hay mạng xã hội, dừng lệnh khi "
                "xong. Yêu cầu không có mã bị từ chối.\n",
                o.wide_addr, o.workspace);
        fflush(stderr);
    }
    printf("baocao serve: mở %s trong trình duyệt (thư mục %s); nhấn Ctrl-C để dừng.\n",
           bc_server_url(srv), o.workspace);
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    bc_server_stop(srv);
    fprintf(stderr, "baocao serve: đã dừng.\n");
    return BC_OK;
}
