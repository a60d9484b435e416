/* tablestream.h - an appendix table read from its file as it is printed,
 * so that memory does not grow with its rows ("baocao table" with a
 * million rows).
 *
 * The data file is read three times and no row is kept:
 *   1. the header is mapped and the number style decided (tablespec.h
 *      bc_table_scan_csv: its notes and errors);
 *   2. the rows are classified (bc_rowtree) and checked (tablecheck.h
 *      bc_table_checker: a running stack of open groups); what is kept is
 *      the findings, the fixes of fix mode and one bit per row saying
 *      whether it heads others - a group row printed before its children
 *      gets its style and its fixed sums from this pass;
 *   3. bc_table_stream_each hands the rows out again, each as final as
 *      bc_table_load_checked's would be (hierarchy, style, fixed values,
 *      computed columns), for the layout to print one at a time.
 * Diagnostics and the printed table are those of bc_table_load_checked.
 *
 * Ownership: the stream owns its table (spec only: t->rows stays empty
 * outside each()); free with bc_table_stream_free(). */
#ifndef BC_TABLESTREAM_H
#define BC_TABLESTREAM_H

#include "error.h"
#include "table.h"
#include "tablecheck.h"

typedef struct bc_table_stream bc_table_stream;

/* Spec + data (csv_path NULL = the spec's du-lieu), passes 1 and 2.
 * Returns like bc_table_load_checked: input errors with err set and *out
 * NULL; else *out and BC_OK or BC_E_DATA (findings in diags, counts in
 * stats, both may be... diags required, stats may be NULL). */
bc_status bc_table_stream_open(const char *spec_path, const char *csv_path,
                               const bc_check_options *opts, bc_table_stream **out,
                               bc_diags *diags, bc_check_stats *stats, bc_error *err);
/* The table's spec, label and files (no rows). */
bc_table *bc_table_stream_table(const bc_table_stream *ts);
/* The rows as a source for the layout (pass 3 on each call of each()). */
bc_row_source bc_table_stream_source(bc_table_stream *ts);
void bc_table_stream_free(bc_table_stream *ts);

#endif
