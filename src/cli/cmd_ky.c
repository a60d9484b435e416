/* cmd_ky.c - "baocao ky": signs an official copy digitally (bc_sign_pdf)
 * or checks its signatures (bc_verify_pdf). The password or PIN never
 * comes from the command line: a prompt, a file descriptor or an
 * environment variable. */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "baocao.h"
#include "cleanup.h"
#include "cli.h"

static const char *const HELP =
    "Cách dùng: baocao ky BAN-CHINH-THUC.pdf -o BAN-KY.pdf --vai-tro nguoi-ky|co-quan\n"
    "                 (--p12 TEP.p12 | --pkcs11 URI [--module THU-VIEN.so]) [tùy chọn]\n"
    "       baocao ky --kiem-tra TEP.pdf [--ca CA.pem]\n"
    "\n"
    "Ký số bản chính thức do 'baocao render' in ra (chữ ký PAdES, CMS tách rời,\n"
    "SHA-256), đúng chỗ Nghị định 30/2020 (Phụ lục I) quy định: người có thẩm quyền\n"
    "ký trước (hình chữ ký giữa chức vụ và họ tên), cơ quan ký sau (hình dấu trùm lên\n"
    "khoảng 1/3 hình chữ ký về bên trái, tên cơ quan, thời gian ký). Mỗi lần ký được\n"
    "ghi nối vào cuối tệp, chữ ký trước vẫn còn hiệu lực.\n"
    "\n"
    "Tùy chọn:\n"
    "  -o, --ra TEP.pdf         tệp đã ký cần ghi (bắt buộc); tệp vào giữ nguyên\n"
    "  --vai-tro nguoi-ky|co-quan\n"
    "                           ký với tư cách người có thẩm quyền (mặc định) hay cơ quan\n"
    "  --p12 TEP.p12            khóa và chứng thư số trong tệp PKCS#12 (.p12, .pfx)\n"
    "  --pkcs11 URI             khóa trên thẻ ký số (USB token), ví dụ\n"
    "                           'pkcs11:token=UBND;object=ky-so'\n"
    "  --module THU-VIEN.so     thư viện PKCS#11 của thẻ (mặc định: p11-kit-proxy)\n"
    "  --mat-khau-fd N          đọc mật khẩu tệp .p12 / mã PIN của thẻ từ bộ mô tả tệp N\n"
    "                           (không có: biến môi trường BAOCAO_MAT_KHAU, rồi hỏi)\n"
    "  --anh-chu-ky ANH.png     hình chữ ký của người ký (PNG nền trong suốt, màu xanh)\n"
    "  --anh-dau ANH.png        hình con dấu của cơ quan (PNG nền trong suốt, màu đỏ)\n"
    "  --tsa URL                lấy dấu thời gian RFC 3161 từ máy chủ này\n"
    "  --du-lieu THU-MUC        thư mục chứa layouts/ và fonts/\n"
    "  --kiem-tra               kiểm tra các chữ ký của tệp: ai ký, lúc nào, có phủ toàn\n"
    "                           bộ tệp không; lỗi nếu có byte nào bị đổi sau khi ký\n"
    "  --ca CA.pem              chứng thư CA tin cậy để kiểm tra chuỗi chứng thư\n"
    "  -h, --help               xem hướng dẫn này\n"
    "\n"
    "Mã thoát: 0 đúng; 2 lỗi dữ liệu vào (sai mật khẩu, chứng thư hết hạn, khóa không\n"
    "khớp, tệp không có ô chữ ký, ô đã ký, chữ ký không hợp lệ); 4 không ghi được tệp\n"
    "ra; 1 sai cách dùng.\n";

/* Reads one line (the secret) from fd; NULL when nothing could be read. */
static char *read_secret_fd(int fd)
{
    char buf[1024];
    size_t n = 0;
    while (n + 1 < sizeof buf) {
        ssize_t k = read(fd, buf + n, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0 || buf[n] == '\n')
            break;
        n++;
    }
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    char *s = strdup(buf);
    explicit_bzero(buf, sizeof buf); /* a memset the compiler may not drop */
    return s;
}

/* Asks on the terminal without echo; NULL without a terminal. */
static char *prompt_secret(const char *what)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return NULL;
    struct termios old, quiet;
    int fd = fileno(tty);
    bool echo_off = tcgetattr(fd, &old) == 0;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    fprintf(tty, "%s: ", what);
    fflush(tty);
    char *s = read_secret_fd(fd);
    if (echo_off)
        tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    return s;
}

void bc_cli_secret_free(char *secret)
{
    if (!secret)
        return;
    explicit_bzero(secret, strlen(secret));
    free(secret);
}

char *bc_cli_secret(const char *cmd, int fd, bool p12)
{
    const char *what = p12 ? "Mật khẩu tệp khóa" : "Mã PIN của thẻ ký số";
    char *secret = NULL, *env = NULL;
    if (fd >= 0) {
        secret = read_secret_fd(fd);
    } else if ((env = getenv("BAOCAO_MAT_KHAU"))) {
        secret = strdup(env);
        /* Not left for the user's other processes to read in
         * /proc/PID/environ while this one signs: wiped where it lies (the
         * block the process started with) and taken out of the
         * environment. The program's own environment, read once, before
         * any thread starts. */
        explicit_bzero(env, strlen(env));
        unsetenv("BAOCAO_MAT_KHAU");
    } else {
        secret = prompt_secret(what);
    }
    if (!secret)
        fprintf(stderr, "baocao %s: cần %s: dùng --mat-khau-fd N, biến BAOCAO_MAT_KHAU, hoặc chạy "
                        "trong cửa sổ dòng lệnh để nhập\n", cmd, what);
    return secret;
}

static bc_status verify(const char *input, const char *ca)
{
    bc_verify_opts vo = BC_VERIFY_OPTS_INIT;
    vo.ca_bundle = ca;
    bc_error err = BC_ERROR_INIT;
    char *report = NULL;
    bc_status st = bc_verify_pdf(input, &vo, &report, &err);
    if (report)
        fputs(report, stdout);
    free(report);
    if (st) {
        bc_cli_print_error(&err);
        fprintf(stderr, "baocao ky: %s KHÔNG đạt kiểm tra chữ ký số\n", input);
    } else {
        fprintf(stderr, "baocao ky: mọi chữ ký của %s hợp lệ\n", input);
    }
    bc_error_clear(&err);
    return st;
}

bc_status bc_cmd_ky(int argc, char **argv)
{
    bc_sign_opts o = BC_SIGN_OPTS_INIT;
    o.fc_default_unused = true; /* fonts only through baocao */
    o.hooks = bc_cli_tmp_hooks();
    const char *input = NULL, *ca = NULL;
    bool check = false;
    int secret_fd = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = false;
        if (bc_cli_common_option(argc, argv, &i, HELP, &o.output, &help)) {
            if (help)
                return BC_OK;
        } else if (!strcmp(a, "--vai-tro") && i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(v, "nguoi-ky"))
                o.role = BC_SIGN_SIGNER;
            else if (!strcmp(v, "co-quan"))
                o.role = BC_SIGN_ORGANIZATION;
            else {
                fprintf(stderr, "baocao ky: --vai-tro nhận 'nguoi-ky' hoặc 'co-quan', không phải "
                                "'%s'\n", v);
                return BC_E_USAGE;
            }
        } else if (!strcmp(a, "--p12") && i + 1 < argc) {
            o.p12_path = argv[++i];
        } else if (!strcmp(a, "--pkcs11") && i + 1 < argc) {
            o.pkcs11_uri = argv[++i];
        } else if (!strcmp(a, "--module") && i + 1 < argc) {
            o.pkcs11_module = argv[++i];
        } else if (!strcmp(a, "--mat-khau-fd") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 0 || n > 1024) {
                fprintf(stderr, "baocao ky: --mat-khau-fd cần số của một bộ mô tả tệp\n");
                return BC_E_USAGE;
            }
            secret_fd = (int)n;
        } else if (!strcmp(a, "--mat-khau") || !strcmp(a, "--pin")) {
            fprintf(stderr, "baocao ky: không nhận mật khẩu trên dòng lệnh (ai cũng xem được); "
                            "dùng --mat-khau-fd N, biến BAOCAO_MAT_KHAU hoặc nhập khi được hỏi\n");
            return BC_E_USAGE;
        } else if (!strcmp(a, "--anh-chu-ky") && i + 1 < argc) {
            o.image_path = argv[++i];
        } else if (!strcmp(a, "--anh-dau") && i + 1 < argc) {
            o.image_path = argv[++i];
        } else if (!strcmp(a, "--tsa") && i + 1 < argc) {
            o.tsa_url = argv[++i];
        } else if (!strcmp(a, "--du-lieu") && i + 1 < argc) {
            o.data_dir = argv[++i];
        } else if (!strcmp(a, "--kiem-tra")) {
            check = true;
        } else if (!strcmp(a, "--ca") && i + 1 < argc) {
            ca = argv[++i];
        } else {
            static const char *const with_value[] = {
                "-o", "--ra", "--vai-tro", "--p12", "--pkcs11", "--module", "--mat-khau-fd",
                "--anh-chu-ky", "--anh-dau", "--tsa", "--du-lieu", "--ca", NULL};
            static const char *const flags[] = {"--help", "--kiem-tra", NULL};
            bc_status st = bc_cli_operand("ky", a, "tệp PDF", &input, with_value, flags);
            if (st)
                return st;
        }
    }
    if (!input) {
        fprintf(stderr, "baocao ky: cần tệp PDF; xem 'baocao ky --help'\n");
        return BC_E_USAGE;
    }
    if (check)
        return verify(input, ca);
    if (!o.output || (!o.p12_path == !o.pkcs11_uri)) {
        fprintf(stderr, "baocao ky: cần -o TEP.pdf và một nguồn khóa (--p12 hoặc --pkcs11); xem "
                        "'baocao ky --help'\n");
        return BC_E_USAGE;
    }
    char *secret = bc_cli_secret("ky", secret_fd, o.p12_path != NULL);
    if (!secret)
        return BC_E_USAGE;
    o.secret = secret;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_sign_pdf(input, &o, &err);
    bc_cli_secret_free(secret);
    if (st) {
        bc_cli_print_error(&err);
        fprintf(stderr, "baocao: không ghi tệp %s (%s)\n", o.output, bc_status_name(st));
    } else {
        fprintf(stderr, "đã ký (%s) và ghi %s\n",
                o.role == BC_SIGN_ORGANIZATION ? "cơ quan" : "người có thẩm quyền", o.output);
    }
    bc_error_clear(&err);
    return st;
}
