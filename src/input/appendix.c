/* appendix.c - loading and numbering a report's appendices. */
#include "appendix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tablestream.h"
#include "vnfmt.h"

void bc_appendices_free(bc_appendices *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->count; i++) {
        if (a->streams && a->streams[i])
            bc_table_stream_free(a->streams[i]);
        else
            bc_table_free(a->tables[i]);
        free((char *)a->info[i].label);
        free((char *)a->info[i].attachment);
        free((char *)a->info[i].page_prefix);
    }
    free(a->tables);
    free(a->info);
    free(a->sources);
    free(a->streams);
    free(a);
}

static bc_appendices *alloc(size_t n)
{
    bc_appendices *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->tables = calloc(n ? n : 1, sizeof *a->tables);
    a->info = calloc(n ? n : 1, sizeof *a->info);
    if (!a->tables || !a->info) {
        bc_appendices_free(a);
        return NULL;
    }
    return a;
}

static bc_status load_table(const char *spec, const char *csv, const bc_check_options *chk,
                            bc_appendices *a, bc_diags *diags, bc_error *err)
{
    bc_check_stats stats = {0};
    bc_table *t = NULL;
    bc_status st = bc_table_load_checked(spec, csv, chk, &t, diags, &stats, err);
    if (st && st != BC_E_DATA)
        return st;
    a->tables[a->count++] = t;
    a->mismatches += stats.mismatches + stats.invalid_cells + stats.empty_required - stats.fixed;
    return BC_OK;
}

bc_status bc_appendices_load(const bc_report *r, const bc_check_options *chk,
                             bc_appendices **out, bc_diags *diags, bc_error *err)
{
    size_t n = 0;
    while (r->appendices && r->appendices[n])
        n++;
    bc_appendices *a = alloc(n);
    if (!a)
        return bc_nomem(err);
    for (size_t i = 0; i < n; i++) {
        bc_status st = load_table(r->appendices[i], NULL, chk, a, diags, err);
        if (st) {
            bc_appendices_free(a);
            return st;
        }
        char roman[32];
        if (r->appendix_arabic)
            snprintf(roman, sizeof roman, "%d", (int)i + 1);
        else
            bc_roman((int)i + 1, roman);
        bc_appendix_info *info = &a->info[i];
        info->label = bc_report_appendix_label(r, i);
        info->attachment = bc_report_attachment_line(r);
        info->page_prefix = n >= 2 ? bc_strdup_printf("PL %s-", roman) : bc_strdup("PL-");
        if (!info->label || !info->attachment || !info->page_prefix) {
            bc_appendices_free(a);
            return bc_nomem(err);
        }
    }
    *out = a;
    return BC_OK;
}

bc_status bc_appendix_stream_one(const char *spec_path, const char *csv_path,
                                 const bc_check_options *chk, bc_appendices **out,
                                 bc_diags *diags, bc_error *err)
{
    bc_appendices *a = alloc(1);
    if (!a)
        return bc_nomem(err);
    a->sources = calloc(1, sizeof *a->sources);
    a->streams = calloc(1, sizeof *a->streams);
    if (!a->sources || !a->streams) {
        bc_appendices_free(a);
        return bc_nomem(err);
    }
    bc_check_stats stats = {0};
    bc_table_stream *ts = NULL;
    bc_status st = bc_table_stream_open(spec_path, csv_path, chk, &ts, diags, &stats, err);
    if (st && st != BC_E_DATA) {
        bc_appendices_free(a);
        return st;
    }
    a->streams[0] = ts;
    a->tables[0] = bc_table_stream_table(ts);
    a->sources[0] = bc_table_stream_source(ts);
    a->count = 1;
    a->mismatches = stats.mismatches + stats.invalid_cells + stats.empty_required - stats.fixed;
    const bc_table *t = a->tables[0];
    a->info[0].label = bc_strdup(t->label);
    a->info[0].attachment = bc_strdup(t->attachment);
    a->info[0].page_prefix = bc_strdup("");
    *out = a;
    return BC_OK;
}

bc_status bc_appendix_load_one(const char *spec_path, const char *csv_path,
                               const bc_check_options *chk, bc_appendices **out,
                               bc_diags *diags, bc_error *err)
{
    bc_appendices *a = alloc(1);
    if (!a)
        return bc_nomem(err);
    bc_status st = load_table(spec_path, csv_path, chk, a, diags, err);
    if (st) {
        bc_appendices_free(a);
        return st;
    }
    const bc_table *t = a->tables[0];
    a->info[0].label = bc_strdup(t->label);
    a->info[0].attachment = bc_strdup(t->attachment);
    a->info[0].page_prefix = bc_strdup("");
    *out = a;
    return BC_OK;
}
