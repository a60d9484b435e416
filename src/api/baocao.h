/* baocao.h - public API of libbaocao: Vietnamese administrative reports
 * (Nghị định 30/2020/NĐ-CP) from data and narrative to PDF.
 *
 * Pipeline: input (report.yaml, Markdown narrative, CSV/YAML data) ->
 * model (model.h) -> layout (layout.h, pager.h: display list per page) ->
 * render (render_cairo.h). This header is what the CLI uses. */
#ifndef BAOCAO_H
#define BAOCAO_H

#include <stdbool.h>

#include "error.h"
#include "outfile.h"

typedef struct bc_render_opts {
    const char *output;     /* PDF path; written via a temporary file + rename */
    const char *png_dir;    /* page previews (trang-001.png ...) or NULL */
    double png_dpi;         /* default 70 */
    const char *data_dir;   /* folder holding layouts/ and fonts/; NULL = default */
    bool shipped_fonts_only;/* ignore system fonts (reproducible output) */
    bool strict;            /* appendix data-check warnings are errors: no PDF */
    bool fix_totals;        /* print computed values for wrong totals (noted) */
    bool self_check;        /* compare the words on the pages with the input's;
                               a missing word is an error (BC_E_LAYOUT), no PDF */
    bool warn_unused;       /* note indicator values (so-lieu) the narrative does not use */
    bool single_thread;     /* draw the PDF on the layout's thread (no worker thread;
                               same bytes, slower on a multi-core machine) */
    /* Draft review copies (draft.h, draftrun.h). du-thao.yaml beside the
     * report gives defaults for round, compare_with, notes_path, watermark. */
    bool draft;             /* DỰ THẢO marks, line numbers, stamp */
    int draft_round;        /* N of "Dự thảo lần N"; 0 = du-thao.yaml's, else 1 */
    const char *compare_with; /* previous draft: folder or report .yaml; changes marked */
    const char *notes_path; /* review notes YAML (reviewnotes.h) */
    bool watermark;         /* light diagonal "DỰ THẢO" on every page */
    bool attach_originals;  /* attach data files whole (default: what the document used) */
    const char *stamp_time; /* "dd/mm/yyyy hh:mm" in the stamp; NULL = now */
    int writer;             /* bc_writer_kind */
    const bc_tmp_hooks *hooks; /* told of every temporary output path (outfile.h),
                               so a signal handler can remove them; may be NULL */
    const char *confine_root; /* "read only inside this folder" for draft inputs
                               (so-voi, gop-y), e.g. for a web page; NULL = off */
    struct bc_speller *speller; /* spelling dictionary kept by the caller for several
                               renders (spellcheck.h); NULL = load one for this render */
} bc_render_opts;

/* Which PDF writer: drafts use libharu (notes, attachments) unless the font
 * would lose accents there, then cairo with a warning. */
typedef enum bc_writer_kind {
    BC_WRITER_AUTO = 0,     /* drafts: libharu, else cairo */
    BC_WRITER_CAIRO,
    BC_WRITER_HPDF          /* libharu; a font it cannot print is an error */
} bc_writer_kind;

typedef struct bc_render_result {
    int pages;
} bc_render_result;

/* Renders the report described by report_path. Warnings and notes go to
 * diags. On error nothing is left at opts->output (an existing file there
 * is kept unchanged). Returns BC_E_DATA when the PDF was written but the
 * appendix data checks found mismatches (listed in diags). */
bc_status bc_render_report(const char *report_path, const bc_render_opts *opts,
                           bc_render_result *result, bc_diags *diags, bc_error *err);

/* *out = the folder with layouts/ and fonts/ (caller frees):
 * given (--du-lieu) as is, else $BAOCAO_DATA, else the first of these that
 * holds both layouts/ and fonts/: <prefix>/share/baocao beside the running
 * program <prefix>/bin/baocao (an installed copy, whatever the prefix), the
 * source tree it was built from, the configured BAOCAO_DATA_DIR. BC_E_FONT
 * (the message names the places tried) and *out = NULL when none does. */
bc_status bc_data_dir_find(const char *given, char **out, bc_error *err);

#endif
