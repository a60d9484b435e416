/* draftcfg.h - what a draft review copy reads besides the report itself,
 * read by the input stage before the layout: the settings file
 * du-thao.yaml, the previous draft it is compared with (its report and
 * narrative, loaded as they printed) and the review notes
 * (reviewfile.h). The draft stage (draft/draftrun.h) receives them loaded.
 *
 * The settings file du-thao.yaml (beside report.yaml; optional; the
 * command line overrides it):
 *   lan: 2                          # round N of "Dự thảo lần N" (default 1)
 *   so-voi: ../bao-cao-quy-1-2018   # previous draft: its folder (report.yaml
 *                                   # inside) or its report .yaml file
 *   gop-y: gop-y.yaml               # review notes (reviewfile.h)
 *   hinh-chim: co                   # diagonal watermark: co | khong (default)
 * Paths are relative to the file's folder.
 */
#ifndef BC_DRAFTCFG_H
#define BC_DRAFTCFG_H

#include <stdbool.h>

#include "error.h"
#include "model.h"
#include "report.h"
#include "reviewfile.h"

/* du-thao.yaml (format above). */
typedef struct bc_draft_config {
    char *file;             /* the file read, NULL when there was none */
    int round;              /* 0 when not given */
    char *compare_with;     /* resolved path or NULL */
    char *notes_path;       /* resolved path or NULL */
    bool watermark;
    bool watermark_given;
} bc_draft_config;

/* Reads <report_dir>/du-thao.yaml when it exists (a missing file leaves
 * *cfg empty and is not an error). Errors name file:line:column. */
bc_status bc_draft_config_load(const char *report_dir, bc_draft_config *cfg, bc_error *err);
void bc_draft_config_free(bc_draft_config *cfg);

/* The previous draft as named (--so-voi, so-voi:): a folder's report.yaml,
 * or the file itself. Caller frees; NULL on out-of-memory. */
char *bc_draft_previous_path(const char *given);

/* Everything a draft reads besides its report; bc_draft_inputs_free. */
typedef struct bc_draft_inputs {
    bc_draft_config cfg;       /* du-thao.yaml (empty without one) */
    const char *compare_with;  /* the request's or du-thao.yaml's (borrowed from either); NULL */
    const char *notes_path;    /* likewise; NULL */
    bc_report *previous;       /* the previous draft's report; NULL without so-voi */
    bc_doc *previous_doc;      /* its narrative, expanded with its own data */
    char *previous_label;      /* how the change summary names it: bản "bao-cao-quy-1" */
    bc_review_notes *notes;    /* NULL without gop-y */
} bc_draft_inputs;

/* Two steps, so the caller can check its outputs against every input
 * before reading the larger ones (outguard.h).
 * locate: reads rep's du-thao.yaml and settles compare_with and notes_path
 * (the command line's, NULL = du-thao.yaml's; both borrowed until
 * bc_draft_inputs_free). Review notes named in du-thao.yaml must lie inside
 * the report's folder, and with confine_root (not NULL) the previous draft
 * and the notes must lie inside it (infile.h).
 * read: loads the previous draft and the review notes. A previous draft
 * given as a PDF or a non-report file is BC_E_USAGE.
 * Errors name the file (and line:column) and what to fix; after an error
 * *in is still to be freed. */
bc_status bc_draft_inputs_locate(const bc_report *rep, const char *compare_with,
                                 const char *notes_path, const char *confine_root,
                                 bc_draft_inputs *in, bc_error *err);
bc_status bc_draft_inputs_read(bc_draft_inputs *in, bc_error *err);
void bc_draft_inputs_free(bc_draft_inputs *in);

#endif
