/* tablespec.h - appendix table specs (YAML) and their CSV data.
 *
 * FORMAT OF A TABLE SPEC
 * ======================
 * A table spec is a YAML file that says how to print one appendix table; the
 * figures themselves are in a CSV file (first row = column names). Keys are
 * Vietnamese without diacritics, words joined by "-" like report.yaml's.
 * Enumerated values may be typed with diacritics and with "_" or " " for "-"
 * (đậm = dam, tự động = tu-dong, không = khong). Unknown keys and values are
 * errors, with the nearest known one suggested (so_kieu -> so-kieu).
 * Example (seed 001, Phụ lục 2, shortened; the full spec is
 * samples/bao-cao-nam-2023/phu-luc-2.yaml):
 *
 *   nhan: Phụ lục 2
 *   tieu-de: KẾT QUẢ GIẢI QUYẾT HỒ SƠ TTHC NĂM 2023 CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG
 *   kem-theo: (Đính kèm Báo cáo số 55/BC-UBND ngày 26/02/2024 của UBND tỉnh)
 *   ghi-chu: Kỳ thống kê từ ngày 15/12/2022 đến 14/12/2023
 *   huong: ngang
 *   du-lieu: phu-luc-2.csv
 *   so-kieu: tu-dong
 *   cot:
 *     - {khoa: stt, nhan: Stt, nguon: cap, rong: 10mm, can: giua}
 *     - {khoa: ten, nhan: "Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ", rong: 3*}
 *     - {khoa: tiep_nhan, nhan: Hồ sơ tiếp nhận, kieu: so, gach-khi-0: co}
 *     - nhan: Hồ sơ đã giải quyết xong
 *       cot:
 *         - {khoa: tong_da_gq, nhan: Tổng, kieu: so, cong-thuc: dung_han + tre_han_da_gq}
 *         - {khoa: dung_han, nhan: Đúng hạn, kieu: so}
 *         - {khoa: tre_han_da_gq, nhan: Trễ hạn, kieu: so}
 *     - nhan: Hồ sơ trễ hạn
 *       cot:
 *         - {khoa: ty_le, nhan: Tỷ lệ, kieu: ty-le, so-le: 2,
 *            cong-thuc: tre_han_da_gq / tong_da_gq}
 *   hang:
 *     ky-hieu: stt
 *     ten: ten
 *     kieu-chu: {chu: dam, la-ma: dam, gach: nghieng, cong: nghieng, tong: dam}
 *
 * Top-level keys (all optional except cot):
 *   nhan            label printed above the title ("Phụ lục 2")
 *   tieu-de         title
 *   kem-theo        attachment line "(Kèm theo Báo cáo số … ngày … của …)",
 *                   kept as written (a report may fill it from its metadata)
 *   ghi-chu         note under the table: a string, or a list of lines
 *   huong           doc (portrait, default) | ngang (landscape)
 *   tiep-theo       caption over the table on its later pages, e.g. "(tiếp theo)";
 *                   default none
 *   lap-tieu-de     co (default) | khong: repeat the header rows on every page
 *   co-chu          body font size in pt (default: the layout's)
 *   co-chu-dau-bang header font size in pt (default: the layout's)
 *   du-lieu         CSV file, relative to the spec's folder (a command line may
 *                   give another), or an Excel workbook with an optional sheet
 *                   (name or 1-based index) and range:
 *                   "so-lieu.xlsx#Phụ lục 2!A5:M190" (xlsx.h)
 *   dong-tieu-de    rows of the data's header (1..10; .xlsx only; default: as
 *                   far down as the cells merged downwards from its first
 *                   row reach, one row when none): the rows are read as one, a merged cell's text standing
 *                   in every cell it covers and the levels joined with " / "
 *                   ("Hồ sơ đã giải quyết xong / Tổng"), so the file's
 *                   multi-level header maps to the column tree (xlsx.h)
 *   so-kieu         how the CSV writes numbers: viet (1.234,5; 0,49%) |
 *                   anh (1,234.5; 0.49%) | tu-dong (default: detected column
 *                   by column and reported as a note; a column whose cells
 *                   speak for both styles, or whose numbers read both ways
 *                   with no cell of the file deciding, is an error naming
 *                   the cells; so is a cell contradicting a declared style).
 *                   Output is always Vietnamese.
 *   cot             the column tree: a list, left to right (below)
 *   hang            row structure and styles (below)
 *
 * Columns (`cot` items). A group has `nhan` and its own `cot` list (any
 * depth: it becomes a header cell spanning its leaves). A leaf has:
 *   khoa        key, required, unique: [A-Za-z_][A-Za-z0-9_]* (used in formulas)
 *   nhan        header text, required
 *   nguon       CSV column: its header text, or its number (1 = first).
 *               Default: the CSV column named like khoa, else "Group / Leaf"
 *               (the transcribed seeds' convention), else like nhan; names
 *               compare in upper case. A leaf with cong-thuc and no such CSV
 *               column is computed.
 *   rong        width: 12 or 12mm (millimetres) | 25% (of the table width) |
 *               3* (weight: weighted columns share what mm and % leave).
 *               Default 1*.
 *   can         trai | giua | phai | deu (justify). Default: text trai,
 *               numbers phai, dates and the marker column giua.
 *   kieu        chu (text, default) | so (whole numbers) | so-thuc (decimals) |
 *               ty-le (rates: 0,49%) | ngay (dates d/m/yyyy, m/yyyy, yyyy)
 *   so-le       decimals printed (so-thuc, ty-le; default 2)
 *   gach-khi-0  co | khong (default): print "-" for zero
 *   nhom-nghin  co (default) | khong: group thousands (khong for years, ids)
 *   so-0-dau    N: pad whole numbers to N digits ("07") | giu: keep a leading
 *               zero written in the data ("04") | 0 (default)
 *   bat-buoc    co | khong (default): an empty cell is reported
 *   cong-don    co | khong: group rows must be the sum of their children.
 *               Default co for so and so-thuc without cong-thuc, else khong
 *               (formula columns are checked by their formula on every row).
 *   cong-thuc   formula over other leaves' keys: + - * / ( ), numbers;
 *               "tong = a + b" (own key on the left) is also accepted.
 *               Rates are fractions: ty_le = a / b prints 0,49%.
 *
 * Rows (`hang`):
 *   ky-hieu     leaf holding the row marker as printed (STT: A, I, 1, 1., -, +,
 *               TỔNG). Default: the first leaf. khong = none.
 *   ten         leaf naming the row in messages. Default: the first text leaf
 *               after ky-hieu.
 *   nhom        ky-hieu (default): hierarchy from the markers, ranked by thu-bac;
 *               a row heads the following rows of lower rank, a totals row sums
 *               the top rows since the previous totals row |
 *               o-trong: a row whose cells after trong-sau are all empty heads
 *               the rows below it (seed 001 Phụ lục 1, where one task is
 *               numbered "I")
 *   trong-sau   leaf for nhom: o-trong (default: ten)
 *   thu-bac     marker kinds from top to bottom. Default
 *               [chu, la-ma, so, so-con, chu-thuong, gach, cong, sao]:
 *               chu = A B C, la-ma = I II III, so = 1 2 / 1. 2., so-con = 1.1,
 *               chu-thuong = a b / a), gach = -, cong = +, sao = *.
 *               Rows whose marker is empty, of another shape or of a kind
 *               left out of thu-bac are siblings of the row before them.
 *   tong        markers (or names, when the marker is empty) of totals rows,
 *               compared in upper case. Default [TỔNG, TỔNG CỘNG, CỘNG, TỔNG SỐ].
 *   gop-cot     co | khong (default) | a leaf key after ten: a group row's name
 *               cell (not a totals row) spans the empty cells after it, up to
 *               the first cell with something in it, the last leaf (co) or
 *               the given leaf, so a long group title ("VI. XÂY DỰNG VÀ PHÁT
 *               TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ") is not wrapped in
 *               a narrow column. Needs a name column.
 *   kieu-chu    style per kind of row: keys are the thu-bac kinds plus
 *               nhom (any row heading others, default dam), tong (totals, default
 *               dam) and hang (other rows, default thuong); values thuong |
 *               dam | nghieng | dam-nghieng. A kind's style wins over nhom.
 *
 * Checks (tablecheck.h) use: cong-don, cong-thuc, bat-buoc, kieu.
 */
#ifndef BC_TABLESPEC_H
#define BC_TABLESPEC_H

#include <stddef.h>

#include "error.h"
#include "table.h"

/* Reads a spec from YAML bytes (yamltree.h: a BOM is skipped, invalid UTF-8
 * is an error, scalars are NFC). spec_path names it in messages and anchors du-lieu. The columns' CSV
 * sources are not resolved yet (source_index -2). *out: caller frees with
 * bc_table_free(). Errors: BC_E_INPUT with file:line:column and what to fix. */
bc_status bc_tablespec_parse(const char *yaml, size_t len, const char *spec_path,
                             bc_table **out, bc_diags *diags, bc_error *err);

/* Reads the CSV data of a parsed spec: maps columns to CSV fields (errors name
 * the missing column and the nearest CSV header), keeps every cell's text and
 * position, detects or applies the number style (a note says which and why;
 * a warning when the data contradicts a declared style), parses the numbers
 * and formats them the Vietnamese way, builds the row hierarchy and styles and
 * fills computed columns. Rows whose fields are all empty are skipped (a note
 * counts them). The file is streamed; the _buffer form reads bytes in
 * memory (name is for messages). */
bc_status bc_table_read_csv(bc_table *t, const char *csv_path, bc_diags *diags,
                            bc_error *err);
/* The path may also name an Excel workbook: "book.xlsx#Sheet!A5:M190"
 * (xlsx.h) - its rows go through the same steps, numbers in the plain
 * style Excel stores them in; t->csv_file is then the workbook's path and
 * t->xlsx_sheet the sheet's name. */

/* Where a message about the data cell at *line:*column goes: for a CSV
 * t->csv_file (line and column unchanged); for an .xlsx "book.xlsx:
 * Sheet!H114" written into buf, with *line = *column = 0 - so every
 * message names the cell as Excel does. */
const char *bc_table_cell_where(const bc_table *t, int *line, int *column, char *buf,
                                size_t size);
bc_status bc_table_read_csv_buffer(bc_table *t, const char *data, size_t n,
                                   const char *name, bc_diags *diags, bc_error *err);

/* Streamed tables (tablestream.h), read more than once and never kept:
 * bc_table_scan_csv is the first read - the header mapped, the number
 * style decided, with the notes and errors of bc_table_read_csv, no row
 * kept; *nrows = the data rows (all-empty ones skipped). Each later
 * bc_table_stream_csv reads the rows again in blocks: a block's cells are
 * parsed in the decided style (a number beyond 18 digits is the same
 * error), its computed columns filled, and fn called for each row in
 * order with its index (rows carry no hierarchy yet); t->rows holds only
 * the current block (bc_table_rows_scope). No notes. */
typedef bc_status (*bc_table_row_fn)(void *ud, bc_row *row, size_t index, bc_error *err);
bc_status bc_table_scan_csv(bc_table *t, const char *csv_path, bc_diags *diags, size_t *nrows,
                            bc_error *err);
bc_status bc_table_stream_csv(bc_table *t, const char *csv_path, bc_table_row_fn fn, void *ud,
                              bc_error *err);
/* Spec file + CSV in one go. csv_path NULL = the spec's du-lieu. */
bc_status bc_tablespec_load(const char *spec_path, const char *csv_path, bc_table **out,
                            bc_diags *diags, bc_error *err);

#endif
