/* cmd_chuyen_ma.c - "baocao chuyen-ma": legacy TCVN3/VNI text -> UTF-8 NFC.
 *
 * Argument handling and printing only; the conversion is bc_legacy_convert()
 * (src/legacy.h). argv[0] is the sub-command name ("chuyen-ma"); options
 * start at argv[1]. Returns the exit code (error.h bc_status values). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "error.h"
#include "infile.h"
#include "legacy.h"
#include "outfile.h"
#include "strbuf.h"
#include "text.h"

static const char HELP[] =
    "Cách dùng: baocao chuyen-ma [--ma tcvn3|vni|cp1258|cp1252|tu-dong] [--chu-hoa] TỆP_VÀO\n"
    "                            [-o TỆP_RA]\n"
    "\n"
    "Chuyển văn bản gõ bằng phông TCVN3 (ABC: .VnTime, .VnArial…) hoặc VNI (VNI-Times…)\n"
    "sang Unicode UTF-8 (dạng NFC). Nhận cả tệp mã cũ (byte không phải UTF-8) lẫn văn bản\n"
    "đã bị đọc nhầm theo Windows-1252, như “Céng hoµ x· héi” hay “Coäng hoøa xaõ hoäi”.\n"
    "Văn bản UTF-8 được nhận ra mã theo từng đoạn (các đoạn cách nhau bằng dòng trống),\n"
    "đoạn đã là Unicode được giữ nguyên; byte mã cũ được nhận ra mã trên cả tệp:\n"
    "TCVN3, VNI hay Windows-1258 (tệp CSV/văn bản Excel, Notepad lưu trên Windows tiếng\n"
    "Việt). Khi không phân biệt được chắc chắn, lệnh dừng (mã thoát 2) và kể các mã\n"
    "có thể, để chọn bằng --ma; không bao giờ đoán.\n"
    "\n"
    "Tùy chọn:\n"
    "  --ma tu-dong      tự nhận ra mã (mặc định)\n"
    "  --ma tcvn3        coi mọi đoạn chưa phải Unicode là TCVN3\n"
    "  --ma vni          coi mọi đoạn chưa phải Unicode là VNI\n"
    "  --ma cp1258       đọc các dòng không phải UTF-8 theo mã Windows-1258\n"
    "  --ma cp1252       đọc các dòng không phải UTF-8 theo mã Windows-1252 (chữ Tây Âu)\n"
    "  --chu-hoa         văn bản TCVN3 gõ bằng phông chữ hoa (.VnTimeH, .VnArialH…):\n"
    "                    viết hoa toàn bộ; không có tùy chọn này thì chữ hoa có dấu\n"
    "                    được đoán theo các từ viết hoa xung quanh\n"
    "  -o, --ra TỆP_RA   ghi kết quả vào TỆP_RA (mặc định: in ra stdout); tệp chỉ\n"
    "                    được thay khi đã chuyển xong\n"
    "  -h, --help        hiện hướng dẫn này\n"
    "\n"
    "TỆP_VÀO là \"-\" thì đọc từ stdin. Mỗi chỗ đã chuyển mã được báo trên stderr,\n"
    "dạng “tệp:dòng:cột: ghi chú: đã chuyển mã TCVN3 → Unicode …”; chỗ đáng ngờ\n"
    "(byte không có trong bảng mã, đoạn khó nhận ra mã) được báo là “cảnh báo”.\n"
    "\n"
    "Mã thoát: 0 thành công; 1 sai cách dùng lệnh; 2 lỗi dữ liệu vào;\n"
    "4 không ghi được tệp ra.\n";

static bc_status usage_error(const char *fmt, const char *arg)
{
    fputs("baocao chuyen-ma: lỗi: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nXem 'baocao chuyen-ma --help'.\n", stderr);
    return BC_E_USAGE;
}

static bc_status report_error(bc_error *err)
{
    bc_cli_print_error(err);
    bc_status code = err->status != BC_OK ? err->status : BC_E_INTERNAL;
    bc_error_clear(err);
    return code;
}

static bc_status read_stdin(char **out, size_t *len, bc_error *err)
{
    bc_buf b = BC_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        bc_buf_append(&b, chunk, got);
    if (ferror(stdin)) {
        bc_buf_free(&b);
        return bc_error_set(err, BC_E_INPUT, "-", 0, 0, "lỗi khi đọc stdin");
    }
    *len = b.len;
    *out = bc_buf_detach(&b);
    if (!*out)
        return bc_nomem(err);
    return BC_OK;
}

static void print_note(const char *file, const char *msg)
{
    bc_diag d = {BC_NOTE, (char *)file, 0, 0, (char *)msg};
    char *s = bc_diag_format(&d);
    if (s)
        fprintf(stderr, "%s\n", s);
    free(s);
}

bc_status bc_cmd_chuyen_ma(int argc, char **argv)
{
    bc_legacy_options opt = BC_LEGACY_OPTIONS_INIT;
    const char *input = NULL, *output = NULL;
    const char *codepage = NULL; /* --ma cp1258 | cp1252 */
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool help = false;
        if (!only_files && bc_cli_common_option(argc, argv, &i, HELP, NULL, &help)) { /* --help */
            return fflush(stdout) == 0 ? BC_OK : BC_E_OUTPUT;
        } else if (!only_files && strcmp(a, "--") == 0) {
            only_files = true;
        } else if (!only_files && (strcmp(a, "--ma") == 0 || strncmp(a, "--ma=", 5) == 0)) {
            const char *v = a[4] == '=' ? a + 5 : NULL;
            if (!v) {
                if (i + 1 >= argc)
                    return usage_error("%s cần một giá trị: tcvn3, vni hoặc tu-dong", a);
                v = argv[++i];
            }
            if (strcmp(v, "tcvn3") == 0)
                opt.mode = BC_LEGACY_FORCE_TCVN3;
            else if (strcmp(v, "vni") == 0)
                opt.mode = BC_LEGACY_FORCE_VNI;
            else if (strcmp(v, "tu-dong") == 0)
                opt.mode = BC_LEGACY_AUTO;
            else if (strcmp(v, "cp1258") == 0 || strcmp(v, "cp1252") == 0)
                codepage = v;
            else
                return usage_error("mã không hợp lệ: '%s' (chọn tcvn3, vni, cp1258, cp1252 hoặc "
                                   "tu-dong)",
                                   v);
            if (strcmp(v, "cp1258") != 0 && strcmp(v, "cp1252") != 0)
                codepage = NULL;
        } else if (!only_files && strcmp(a, "--chu-hoa") == 0) {
            opt.caps = BC_LEGACY_CAPS_HFONT;
        } else if (!only_files && (strcmp(a, "-o") == 0 || strcmp(a, "--ra") == 0)) {
            if (i + 1 >= argc)
                return usage_error("%s cần tên tệp ra", a);
            if (output)
                return usage_error("chỉ được có một tệp ra (%s)", argv[i + 1]);
            output = argv[++i];
            if (!*output)
                return usage_error("tên tệp ra rỗng%s", "");
        } else if (!only_files && a[0] == '-' && a[1] != '\0') {
            static const char *const with_value[] = {"-o", "--ra", "--ma", NULL};
            static const char *const flags[] = {"--help", "--chu-hoa", NULL};
            return bc_cli_bad_option("chuyen-ma", a, with_value, flags);
        } else {
            if (input)
                return usage_error("chỉ được chuyển một tệp mỗi lần (thừa '%s')", a);
            input = a;
        }
    }
    if (!input)
        return usage_error("thiếu TỆP_VÀO%s", "");

    bc_error err = BC_ERROR_INIT;
    char *data = NULL;
    size_t n = 0;
    bool from_stdin = strcmp(input, "-") == 0;
    bc_status st0;
    const char *name = from_stdin ? "(stdin)" : input;
    if (output && !from_stdin && bc_path_same(output, input)) {
        fprintf(stderr, "%s: lỗi: tệp ra chính là tệp vào '%s'; chuyển mã sẽ xóa mất bản gốc. "
                        "Hãy chọn tên tệp ra khác\n", output, input);
        return BC_E_USAGE;
    }
    if (output && (st0 = bc_outfile_check(output, &err)))
        return report_error(&err);
    bc_status st = from_stdin ? read_stdin(&data, &n, &err) : bc_file_read(input, &data, &n, &err);
    if (st)
        return report_error(&err);

    bc_diags diags = BC_DIAGS_INIT;
    bc_convert_opts co = BC_CONVERT_OPTS_INIT;
    co.from = codepage ? (strcmp(codepage, "cp1258") == 0 ? BC_CONVERT_CP1258 : BC_CONVERT_CP1252)
              : opt.mode == BC_LEGACY_FORCE_TCVN3 ? BC_CONVERT_TCVN3
              : opt.mode == BC_LEGACY_FORCE_VNI   ? BC_CONVERT_VNI
                                                  : BC_CONVERT_AUTO;
    co.hfont_caps = opt.caps == BC_LEGACY_CAPS_HFONT;
    bc_convert_result stats = {0, 0, 0};
    char *out = NULL;
    size_t out_len = 0;
    st = bc_convert_legacy(data, n, name, &co, &out, &out_len, &stats, &diags, &err);
    free(data);
    bc_cli_print_diags(&diags);
    bc_diags_free(&diags);
    if (st)
        return report_error(&err);

    if (stats.tcvn3 + stats.vni + stats.codepage == 0)
        print_note(name, "không có đoạn nào cần chuyển mã; nội dung được giữ nguyên "
                         "(chỉ chuẩn hóa Unicode NFC)");
    else if (opt.caps == BC_LEGACY_CAPS_HFONT && stats.tcvn3 == 0)
        print_note(name, "--chu-hoa chỉ dùng cho TCVN3, mà tệp không có đoạn TCVN3 nào");

    if (output) {
        st = bc_outfile_write_all(output, out, out_len, bc_cli_tmp_hooks(), &err);
    } else {
        if (fwrite(out, 1, out_len, stdout) != out_len || fflush(stdout) != 0)
            st = bc_error_set(&err, BC_E_OUTPUT, NULL, 0, 0, "không ghi được ra stdout: %s",
                              bc_errno_vi(errno));
    }
    free(out);
    if (st)
        return report_error(&err);
    return BC_OK;
}
