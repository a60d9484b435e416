/* batchview.h - what "baocao render" shows of a batch: each report as it
 * finishes (its warnings, errors and a result line) with, on a terminal, a
 * progress bar redrawn below them; then the summary table. */
#ifndef BC_CLI_BATCHVIEW_H
#define BC_CLI_BATCHVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "baocao.h"

typedef struct bc_batchview {
    FILE *log;      /* warnings, errors, result lines, the bar (stderr) */
    bool bar;       /* draw the progress bar (log is a terminal) */
    size_t failed;  /* reports not written so far */
    int bar_width;  /* characters of the bar itself */
} bc_batchview;

/* A view writing to log; the bar when log is a terminal. */
void bc_batchview_init(bc_batchview *v, FILE *log);
/* bc_batch_progress_fn with ctx = the view. */
void bc_batchview_progress(void *ctx, const bc_batch_item *item, size_t done, size_t total);
/* The summary table of items[0 .. n) to out, and the totals line with the
 * exit code of worst and the batch's wall time. */
void bc_batchview_summary(FILE *out, const bc_batch_item *items, size_t n, bc_status worst,
                          double seconds);

#endif
