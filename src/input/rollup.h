/* rollup.h - the province table from the agencies' submissions
 * ("baocao tong-hop"): one CSV in the form of seed 001's Phụ lục 2 built
 * from a folder of agency files (CSV or .xlsx) and a mapping (YAML).
 *
 * THE AGENCY FORM (one file per agency, first sheet of an .xlsx or a CSV;
 * the first row is the header, columns by position: STT, Tiêu chí, Số
 * lượng, anything after is ignored, e.g. Ghi chú):
 *
 *   STT,Tiêu chí,Số lượng,Ghi chú
 *   1,Hồ sơ tiếp nhận,339,
 *   2,Hồ sơ đã giải quyết xong,320,
 *   2.1,Đúng hạn,320,
 *   2.2,Trễ hạn,-,
 *   3,Hồ sơ đang giải quyết,8,
 *   3.1,Trong hạn,8,
 *   3.2,Trễ hạn,-,
 *   4,Hồ sơ trễ hạn,-,
 *
 * Rows are found by their STT (1 and 1. alike); every one of the eight is
 * required, no other is accepted; a figure is a whole number >= 0 ("-" is
 * 0), an empty cell is an error. The agency's own totals are checked with
 * tablecheck.h (2 = 2.1 + 2.2, 3 = 3.1 + 3.2) and here (4 = 2.2 + 3.2).
 *
 * THE MAPPING (YAML; keys Vietnamese without diacritics):
 *
 *   thu-muc: nop              # the submissions' folder, relative to this
 *                             # file (default: this file's folder)
 *   nhom:                     # group titles (optional; these are the defaults)
 *     so: CƠ QUAN CHUYÊN MÔN CẤP TỈNH
 *     huyen: UBND CẤP HUYỆN
 *     xa: UBND CẤP XÃ
 *   huyen:                    # districts, in printing order, for the xã rows
 *     - {ma: cam-lam, ten: Thuộc huyện Cam Lâm}
 *   co-quan:                  # agencies, in printing order within their level
 *     - {ma: so-noi-vu, ten: Sở Nội vụ, cap: so, tep: so-noi-vu.*}
 *     - {ma: xa-cam-duc, ten: UBND thị trấn Cam Đức, cap: xa, huyen: cam-lam}
 *
 * ma [a-z0-9-] unique; cap so | huyen | xa (sở, huyện, xã also read); huyen
 * (xã only, required there) one of the districts; tep a file name or a
 * shell pattern (* ? [..]) compared without regard to ASCII case, default
 * "<ma>.*". Files in the folder that are not .csv or Excel are left alone;
 * hidden files and Excel's "~$" lock files too.
 *
 * THE RESULT (CSV, UTF-8, header names of seed 001's Phụ lục 2, so a table
 * spec maps it like the transcribed seed): cap, "Cơ quan, đơn vị, địa
 * phương tiếp nhận hồ sơ", Hồ sơ tiếp nhận, Hồ sơ đã giải quyết xong /
 * Tổng | Đúng hạn | Trễ hạn, Hồ sơ đang giải quyết / Tổng | Trong hạn | Trễ
 * hạn, Hồ sơ trễ hạn / Số lượng | Tỷ lệ, then Mã cơ quan and Nguồn số liệu
 * (provenance: "so-noi-vu.xlsx: Sheet1!C2:C9", "so-tu-phap.csv: cột 3, dòng
 * 2–9", "tổng 18 hàng con", "chưa nộp báo cáo"). Rows: A (sở), B (huyện),
 * C (xã, with I, II ... per district) each numbered 1, 2 ...; group rows are
 * the sums of their children, TỔNG the sum of the groups; Tỷ lệ = Số lượng
 * trễ hạn / (Tổng đã giải quyết + Tổng đang giải quyết), recomputed on every
 * row (2 decimals, half away from zero; 0,00% when nothing was handled).
 * Whole numbers are written without grouping, the rate with a decimal comma
 * ("0,50%"). An agency without a submission keeps its row, figures empty.
 *
 * FINDINGS (warnings in diags, each at a file and cell: "nop/so-noi-vu.xlsx:
 * Sheet1!C4", "nop/so-tu-phap.csv:3:3", "co-quan.yaml:12:5"): an agency with
 * no file, a file that matches no agency, several files for one agency (the
 * one with the shortest name, then the first by name, is used: "x.csv"
 * before "x (1).csv"), own totals that do not add up, a figure that
 * changed against the previous period by more than the set share. With
 * fix_totals a wrong own total is replaced by the computed one (a note).
 *
 * Errors (BC_E_INPUT, nothing built): the mapping (file:line:column), a
 * file that matches two agencies, a submission that is not in the form
 * (every such problem of every file in one message, one line each), the
 * previous period's file.
 */
#ifndef BC_ROLLUP_H
#define BC_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Builds the province table: *csv (caller frees) and *len its bytes.
 * folder NULL = the mapping's thu-muc; previous NULL = no comparison;
 * change_share > 0: report changes beyond it (0.5 = 50%). inputs (may be
 * NULL) receives every file read, for the output guard: a callback
 * add(ctx, path, what). Returns BC_OK, BC_E_DATA (findings in diags; *csv
 * is set) or an error (*csv NULL). */
typedef struct bc_rollup_params {
    const char *mapping;
    const char *folder;
    const char *previous;
    double change_share;
    bool fix_totals;
    void (*input_seen)(void *ctx, const char *path, const char *what);
    void *input_ctx;
} bc_rollup_params;

typedef struct bc_rollup_counts {
    size_t agencies, submitted, missing, unknown_files, duplicates, total_mismatches, changes;
} bc_rollup_counts;

bc_status bc_rollup_build(const bc_rollup_params *p, char **csv, size_t *len,
                          bc_rollup_counts *counts, bc_diags *diags, bc_error *err);

#endif
