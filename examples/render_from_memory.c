/* render_from_memory.c - a report rendered entirely from memory with
 * libbaocao: report.yaml, the narrative and an indicator file are strings
 * in this program, the PDF comes back in a buffer and is written to the
 * file named on the command line.
 *
 *   cc render_from_memory.c $(pkg-config --cflags --libs baocao)
 *   ./a.out bao-cao.pdf
 *
 * The layouts and fonts come from the installed data folder (or
 * $BAOCAO_DATA). Exit status: 0 written, 1 usage, 2 the library refused
 * (its messages are printed), 3 the file could not be written. */
#include <baocao.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char REPORT[] =
    "loai: bao-cao\n"
    "co-quan: [ỦY BAN NHÂN DÂN, HUYỆN VÍ DỤ]\n"
    "so: 12\n"
    "ky-hieu: BC-UBND\n"
    "dia-danh: Ví Dụ\n"
    "ngay: 2024-04-05\n"
    "ten-loai: BÁO CÁO\n"
    "trich-yeu: Kết quả cải cách hành chính quý I năm 2024\n"
    "noi-dung: noi-dung.md\n"
    "so-lieu: [chi-so.yaml]\n"
    "ky-bao-cao: {loai: quy, so: 1, nam: 2024}\n"
    "noi-nhan: [UBND tỉnh (b/c);, \"Lưu: VT.\"]\n"
    "ky:\n"
    "  tham-quyen: [CHỦ TỊCH]\n"
    "  ho-ten: Nguyễn Văn An\n";

static const char NARRATIVE[] =
    "Ủy ban nhân dân huyện báo cáo kết quả cải cách hành chính {{ ky.ten }} như sau:\n"
    "\n"
    "# Kết quả đạt được\n"
    "\n"
    "Trong quý, huyện đã giải quyết {{ ho_so.dung_han | so0 }} hồ sơ thủ tục hành chính "
    "đúng hạn; tỷ lệ hài lòng đạt {{ hai_long }}.\n";

static const char INDICATORS[] =
    "ho_so:\n"
    "  dung_han: 1234\n"
    "hai_long: 91,5%\n";

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "cách dùng: %s TEP.pdf\n", argv[0]);
        return 1;
    }
    const bc_memfile files[] = {
        {"report.yaml", REPORT, sizeof REPORT - 1},
        {"noi-dung.md", NARRATIVE, sizeof NARRATIVE - 1},
        {"chi-so.yaml", INDICATORS, sizeof INDICATORS - 1},
    };
    bc_buffer pdf = BC_BUFFER_INIT;        /* the PDF's bytes: ours to free */
    bc_render_opts opts = BC_RENDER_OPTS_INIT;
    opts.files = files;
    opts.nfiles = sizeof files / sizeof files[0];
    opts.pdf_write = bc_buffer_write;
    opts.pdf_write_ctx = &pdf;
    opts.shipped_fonts_only = true;
    opts.fc_default_unused = true;         /* this program draws no text of its own */

    bc_render_result res = {0};
    bc_diags diags = BC_DIAGS_INIT;        /* warnings and notes: ours to free */
    bc_error err = BC_ERROR_INIT;          /* the failure, if any: ours to clear */
    bc_status st = bc_render_report("report.yaml", &opts, &res, &diags, &err);
    for (size_t i = 0; i < diags.count; i++) {
        char *line = bc_diag_format(&diags.items[i]); /* caller frees */
        fprintf(stderr, "%s\n", line ? line : "");
        free(line);
    }
    bc_diags_free(&diags);
    if (st != BC_OK) {
        char *msg = bc_error_format(&err);            /* caller frees */
        fprintf(stderr, "%s (%s)\n", msg ? msg : "", bc_status_name(st));
        free(msg);
        bc_error_clear(&err);
        bc_buffer_free(&pdf);
        return 2;
    }
    FILE *f = fopen(argv[1], "wb");
    int rc = 0;
    if (!f || fwrite(pdf.data, 1, pdf.len, f) != pdf.len)
        rc = 3;
    if (f && fclose(f) != 0)
        rc = 3;
    if (rc)
        fprintf(stderr, "không ghi được %s\n", argv[1]);
    else
        fprintf(stderr, "đã ghi %s (%d trang, %zu byte)\n", argv[1], res.pages, pdf.len);
    bc_buffer_free(&pdf);
    return rc;
}
