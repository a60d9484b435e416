/* tableprint.h - "baocao table": one appendix table printed on its own
 * (title, header, rows, note), for officials who only need the appendix. */
#ifndef BC_TABLEPRINT_H
#define BC_TABLEPRINT_H

#include <stdbool.h>

#include "error.h"
#include "outfile.h"

typedef struct bc_table_print_opts {
    const char *spec_path;   /* table spec YAML (required) */
    const char *csv_path;    /* data; NULL = the spec's du-lieu */
    const char *output;      /* PDF; written via a temporary file + rename */
    const char *png_dir;     /* previews or NULL */
    const bc_tmp_hooks *hooks; /* temporary output paths (outfile.h); may be NULL */
    double png_dpi;
    const char *data_dir;    /* folder with layouts/ and fonts/; NULL = default */
    const char *layout;      /* layout name; NULL = nd30-chuan */
    bool shipped_fonts_only;
    bool strict;             /* data-check warnings are errors: no PDF */
    bool fix;                /* print computed values for wrong totals (notes) */
    bool single_thread;      /* no drawing thread (render_cairo.h) */
} bc_table_print_opts;

/* Returns BC_OK, BC_E_DATA when the PDF was written but the data checks
 * found mismatches (listed in diags), or an error (no PDF written). */
bc_status bc_table_print(const bc_table_print_opts *o, int *npages, bc_diags *diags,
                         bc_error *err);

#endif
