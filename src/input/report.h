/* report.h - the report spec (report.yaml): what ND30 puts around the
 * body (agency, number, place and date, title, recipients, signature) and
 * where the narrative and appendices are.
 *
 * Format (keys are Vietnamese without diacritics; values UTF-8):
 *
 *   loai: bao-cao            # bao-cao (văn bản có tên loại) | cong-van
 *   bo-cuc: nd30-chuan       # layout file layouts/<bo-cuc>.yaml (the default)
 *   co-quan-chu-quan: UBND TỈNH KHÁNH HÒA   # optional, not bold
 *   co-quan: [ỦY BAN NHÂN DÂN, TỈNH KHÁNH HÒA]  # issuing body, 1..3 lines
 *   ten-co-quan: Ủy ban nhân dân tỉnh Khánh Hòa  # optional: the name as written in
 *                            # a sentence (appendix "Kèm theo" lines); default
 *                            # derived from co-quan
 *   so: 45                   # number; "05" style leading zero is added below 10
 *   ky-hieu: BC-UBND
 *   dia-danh: Khánh Hòa
 *   ngay: 2018-03-14         # ISO date; printed "ngày 14 tháng 3 năm 2018"
 *   ten-loai: BÁO CÁO        # bao-cao only (default BÁO CÁO)
 *   trich-yeu: Tình hình ... # bao-cao: under the tên loại; cong-van: the V/v text
 *   do-khan: KHẨN            # optional: KHẨN | THƯỢNG KHẨN | HỎA TỐC
 *   kinh-gui: [Sở Nội vụ]    # optional; one or several recipients
 *   noi-dung: noi-dung.md    # the narrative (Markdown), relative to this file
 *   sau-noi-dung: "(Kèm theo Phụ lục 1, 2, 3, 4)."   # optional line after the body
 *   noi-nhan-nhan: "Nơi nhận:"                       # optional label override
 *   noi-nhan: ["- Như trên;", "- Lưu: VT, NC."]      # leading "- " optional
 *   ky:
 *     tham-quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH]
 *     ho-ten: Nguyễn Duy Bắc
 *   phu-luc: [phu-luc-1.yaml, phu-luc-2.yaml]       # optional appendix table specs
 *   phu-luc-danh-so: la-ma   # Phụ lục I, II (default) | a-rap: Phụ lục 1, 2 (as the
 *                            # narrative cites them)
 *   ky-bao-cao: {loai: quy, so: 1, nam: 2018}        # optional reporting period
 *                            # (period.h): quy + so 1..4 | 6-thang | 9-thang | nam
 *   so-lieu: [chi-so.yaml]   # optional indicator files (values.h) whose figures the
 *                            # narrative quotes with {{ ... }} (placeholder.h)
 *   kiem-tra-chinh-ta: khong # optional: turn the spelling check off (spellcheck.h)
 *   tu-dien: tu-dien.txt     # optional: the report's accepted words, one a line
 *                            # (default: tu-dien.txt beside report.yaml, if present)
 *
 * A report started by "baocao moi" (nextreport.h) has "so: CHUA-DIEN" and
 * "ngay: CHUA-DIEN" until the official fills them; loading it is an error
 * that says so.
 */
#ifndef BC_REPORT_H
#define BC_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "period.h"
#include "vnfmt.h"

/* The fixed lines of the header and recipients blocks (nd30.c prints them,
 * bc_report_printed lists them). */
#define BC_REPORT_QUOC_HIEU "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define BC_REPORT_TIEU_NGU "Độc lập - Tự do - Hạnh phúc"
#define BC_REPORT_KINH_GUI "Kính gửi:"

/* The value "baocao moi" writes for so and ngay until they are filled. */
#define BC_REPORT_UNFILLED "CHUA-DIEN"

typedef enum bc_report_kind { BC_REPORT_BAO_CAO, BC_REPORT_CONG_VAN } bc_report_kind;

typedef struct bc_report {
    char *path;            /* the report.yaml path */
    char *dir;             /* its folder (for relative paths) */
    bc_report_kind kind;
    char *layout;          /* layout name */
    int layout_line;       /* line of bo-cuc in report.yaml (0 if absent) */
    char *agency_parent;   /* may be NULL */
    char **agency;         /* NULL-terminated lines */
    char *agency_name;     /* in running text; never NULL after loading */
    char *number;          /* as printed: "45", "05" */
    char *symbol;          /* ký hiệu */
    char *place;
    bc_date date;
    char *doc_type;        /* "BÁO CÁO" */
    char *summary;         /* trích yếu (công văn: text after "V/v ") */
    char *urgency;         /* NULL or KHẨN / THƯỢNG KHẨN / HỎA TỐC */
    char **recipients;     /* Kính gửi, NULL-terminated, may be empty */
    char *body_path;       /* resolved path of the narrative */
    int body_line;         /* line of noi-dung in report.yaml */
    char *after_body;      /* may be NULL */
    char *cc_label;        /* "Nơi nhận:" */
    char **cc;             /* NULL-terminated, each starting "- " */
    char **authority;      /* NULL-terminated, caps */
    char *signer;
    char **appendices;     /* resolved paths, NULL-terminated */
    bool appendix_arabic;  /* Phụ lục 1, 2 instead of I, II */
    bool has_period;       /* ky-bao-cao given */
    bc_period period;      /* valid when has_period */
    int period_line;       /* line of ky-bao-cao in report.yaml (0 if absent) */
    char **data_files;     /* so-lieu: resolved paths, NULL-terminated, may be empty */
    int data_line;         /* line of so-lieu in report.yaml (0 if absent) */
    bool spell_check;      /* kiem-tra-chinh-ta (default true) */
    char *word_list;       /* tu-dien: resolved path, NULL if not given */
    int word_list_line;    /* line of tu-dien in report.yaml (0 if absent) */
} bc_report;

/* Loads and checks report.yaml. *out is new (bc_report_free). Errors name
 * the file, line and column and say what to fix. */
bc_status bc_report_load(const char *path, bc_report **out, bc_error *err);
/* Same from a buffer; path names it and anchors relative paths. */
bc_status bc_report_parse(const char *data, size_t len, const char *path, bc_report **out,
                          bc_error *err);
void bc_report_free(bc_report *r);

/* "Số: 45/BC-UBND". Caller frees. */
char *bc_report_number_line(const bc_report *r);
/* "(Kèm theo Báo cáo số 55/BC-UBND ngày 26 tháng 02 năm 2024 của Ủy ban
 * nhân dân tỉnh Khánh Hòa)". Caller frees. */
char *bc_report_attachment_line(const bc_report *r);
/* The label printed above appendix i (0-based) of r's phu-luc: "Phụ lục II"
 * ("Phụ lục 2" with phu-luc-danh-so: a-rap), "Phụ lục" when there is only
 * one. NULL when i is out of range. Caller frees. */
char *bc_report_appendix_label(const bc_report *r, size_t i);
/* "Khánh Hòa, ngày 14 tháng 3 năm 2018". Caller frees. */
char *bc_report_date_line(const bc_report *r);

/* What the page furniture prints from report.yaml (the header and closing
 * blocks), in the order it is printed: one call of fn per string, absent
 * fields skipped, lines composed as printed (number and date lines,
 * Quốc hiệu and Tiêu ngữ, "V/v" or the document type, "Kính gửi:"). The one
 * list behind the font check, the libharu repertoire and the self-check: a
 * new printed field is added here only. Only out-of-memory fails. */
typedef void (*bc_report_text_fn)(void *ctx, const char *text);
bc_status bc_report_printed(const bc_report *r, bc_report_text_fn fn, void *ctx, bc_error *err);

#endif
