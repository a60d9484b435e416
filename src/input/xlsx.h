/* xlsx.h - Excel workbooks (.xlsx) as rows of cells, like csvdata.h.
 *
 * The container is opened with libzip and every XML part is read with
 * libxml2's streaming reader (xmlTextReader): the worksheet is decompressed
 * and parsed as it is read, so memory holds the shared strings, the styles
 * and one row, never the whole sheet. Rows come out through the same
 * callback as CSV records (bc_csv_record_fn): record 0 is the header row,
 * every field carries line = the Excel row number and column = the Excel
 * column number (1 = A), so the rest of the program does not care which
 * reader it was. Rows with no non-empty cell are not delivered.
 *
 * Where: "file.xlsx#SHEET!A5:M190" - SHEET is a sheet name or its 1-based
 * index (a name wins), the range (optional) limits rows and columns; with
 * no '#' the first sheet, all of it. Without a range a row has as many
 * fields as the header row (or more, when it has cells further right).
 *
 * Cell values, as text:
 *   - shared and inline strings (rich-text runs joined), NFC, trimmed;
 *   - numbers: Excel stores binary doubles; a value is printed as the
 *     shortest decimal that reads back as the same double, but with at most
 *     15 significant digits, the precision Excel shows and computes in (so
 *     0.1 is 0.1, 0.1+0.2 stored as 0.30000000000000004 is 0.3, and a sum
 *     stored as 1234.0000000001 stays that: the column's decimals round it
 *     when printed); written plain "-1234.5" (never grouped, '.' as the
 *     decimal mark) and checked to fit decnum.h's 18 digits;
 *   - a number with a percent format ("0%", "0.00%") as its percentage:
 *     0.1234 -> "12.34%";
 *   - a number with a date format (built-in or custom with d/y) as
 *     "dd/mm/yyyy", in the workbook's date system (1900 or 1904);
 *   - booleans "TRUE" / "FALSE"; a formula cell gives its cached value;
 *   - a number whose format scales it by thousands (a comma after the last
 *     digit place: "#,##0," thousands, "#,##0.0,," millions) as the cell
 *     shows it: 1234567 in "#,##0," is "1235", in "#,##0.0,," "1.2"
 *     (divided, then rounded half away from zero to the format's decimals);
 *   - with opts->as_shown, a number whose format shows a fixed number of
 *     decimals ("0", "#,##0.00", "0.00%") as the cell shows it: rounded
 *     half away from zero to those decimals and written with all of them
 *     (76.8 in "0.00" is "76.80", 0.12345 in "0.00%" is "12.35%"); General
 *     and other formats as above.
 * A number cell's field has number = true (plain digits, '.' mark).
 *
 * Header and merged cells: the header is opts->header_rows rows from the
 * first row with something in it; 0 (and opts NULL) = as far down as the
 * cells merged downwards from that row reach (one row when none). Several header rows are
 * delivered as one record: each column's texts from the top row down,
 * joined with " / " ("Hồ sơ đã giải quyết xong / Tổng", as a table spec's
 * column tree names its leaves), where a merged cell's text stands in
 * every cell it covers and a cell merged over several header rows counts
 * once. White space in header cells (line breaks typed with Alt+Enter) is
 * made single spaces. Below the header a merge along one row is read as
 * its first cell (the others empty); a merge over several rows is an
 * error naming it (one that starts in the header says how many header
 * rows it implies). The merges are read before the rows (<mergeCells>
 * follows <sheetData>, so the sheet part is parsed twice; the first time
 * libxml2 only skips the rows).
 * Errors (BC_E_INPUT, Vietnamese, file = "book.xlsx: Sheet!H114" when a
 * cell is at fault): a formula with no cached value or an error value
 * (#DIV/0!), a number over 18 digits, a missing sheet, a bad range, an
 * .xls / encrypted (OLE) file, an .xlsm (macros), a file that is not ZIP,
 * and the limits below (each named in the message).
 */
#ifndef BC_XLSX_H
#define BC_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "csvdata.h"
#include "error.h"

#define BC_XLSX_MAX_ENTRIES 10000             /* files in the ZIP */
#define BC_XLSX_MAX_ENTRY (512u * 1024 * 1024) /* uncompressed bytes per part */
#define BC_XLSX_MAX_STRINGS 4000000           /* shared strings */
#define BC_XLSX_MAX_STRING_BYTES (128u * 1024 * 1024)
#define BC_XLSX_MAX_MERGES 100000             /* merged ranges per sheet */
#define BC_XLSX_MAX_HEADER_ROWS 10

typedef struct bc_xlsx_opts {
    int header_rows; /* rows of the header, 1..BC_XLSX_MAX_HEADER_ROWS; 0 = from
                        the merges of its first row (above) */
    bool as_shown;   /* numbers with their format's decimals (above) */
} bc_xlsx_opts;

/* True when path (the part before any '#') names an Excel file by its
 * extension: .xlsx, .xlsm, .xltx, .xls (case-insensitive). */
bool bc_xlsx_is_path(const char *path);

/* Splits "file.xlsx#Sheet!A1:B2" into the file path (caller frees) and
 * the locator after '#' (*loc points into where, NULL when none). */
char *bc_xlsx_split(const char *where, const char **loc);

/* "H114" for row 114, column 8 into buf (at least 16 bytes). */
void bc_xlsx_cell_name(int row, int col, char *buf, size_t size);

/* Reads a workbook given as bytes; file names it in messages, loc is the
 * part after '#' (may be NULL), opts may be NULL (one header row, numbers
 * as stored). *sheet (may be NULL) gets the sheet's name (caller frees) -
 * also on errors after the sheet was found. */
bc_status bc_xlsx_read_buffer(const char *data, size_t n, const char *file, const char *loc,
                              const bc_xlsx_opts *opts, bc_csv_record_fn fn, void *ud,
                              char **sheet, bc_error *err);

/* Same for "path[#loc]", read through infile.h (data limit). */
bc_status bc_xlsx_read_file(const char *where, const bc_xlsx_opts *opts, bc_csv_record_fn fn,
                            void *ud, char **sheet, bc_error *err);

#endif
