/* appendix.h - a report's appendices: each table spec + CSV is loaded and
 * checked (tablecheck.h), numbered "Phụ lục I, II ..." (just "Phụ lục"
 * when there is one) and given the "(Kèm theo ...)" line built from the
 * report's own number, date and agency. */
#ifndef BC_APPENDIX_H
#define BC_APPENDIX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "report.h"
#include "table.h"
#include "tablecheck.h"

struct bc_table_stream;

typedef struct bc_appendices {
    bc_table **tables;
    bc_appendix_info *info;  /* strings owned by this struct */
    size_t count;
    size_t mismatches;       /* data-check warnings over all tables */
    /* Streamed tables (tablestream.h): sources[i].each set when table i
     * keeps no rows and is read again to be printed; NULL = none is. */
    bc_row_source *sources;
    struct bc_table_stream **streams; /* owned; streams[i] owns tables[i] */
} bc_appendices;

/* Loads r->appendices. Data-check findings go to diags (warnings, or
 * notes in fix mode) and are counted in mismatches; input errors stop with
 * err set. *out is new (bc_appendices_free). */
bc_status bc_appendices_load(const bc_report *r, const bc_check_options *chk,
                             bc_appendices **out, bc_diags *diags, bc_error *err);
/* One table on its own (baocao table): its label and attachment line as
 * the spec writes them. csv_path may be NULL (the spec's du-lieu). */
bc_status bc_appendix_load_one(const char *spec_path, const char *csv_path,
                               const bc_check_options *chk, bc_appendices **out,
                               bc_diags *diags, bc_error *err);
/* The same with the table streamed (tablestream.h): its rows are read
 * again while it is printed and never all in memory - for a table printed
 * on its own, which nothing else reads. Same diagnostics and output. */
bc_status bc_appendix_stream_one(const char *spec_path, const char *csv_path,
                                 const bc_check_options *chk, bc_appendices **out,
                                 bc_diags *diags, bc_error *err);
void bc_appendices_free(bc_appendices *a);

#endif
