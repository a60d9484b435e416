/* draftsrc.h - what a draft review copy carries inside its PDF: every input
 * that made the document, as the document used it.
 *
 *   report.yaml, the narrative, the appendix specs, du-thao.yaml and the
 *   review notes (gop-y): whole, byte for byte;
 *   so-lieu files: the values the narrative quotes, as a values CSV
 *   ("khoa,nay,truoc", values.h), when it quotes only some of them;
 *   appendix data (CSV): the columns the table reads, every row it reads,
 *   as CSV, when it reads only some columns.
 * A file the document used whole is embedded whole. With `whole` (the
 * author's choice, `--dinh-kem-goc`) every file is embedded whole.
 * Each source carries its file's SHA-256 (GLib GChecksum) and, when reduced,
 * a Vietnamese line saying what was left out - the draft's list page
 * (draft.h bc_draft_source_list) prints both.
 *
 * Which values were quoted is collected during the narrative's expansion:
 * pass bc_used_values_note / a bc_used_values as bc_expand_opts.on_used /
 * used_ctx (placeholder.h). */
#ifndef BC_DRAFTSRC_H
#define BC_DRAFTSRC_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "report.h"
#include "values.h"

struct bc_appendices;

/* The indicator values a narrative quoted. */
typedef struct bc_used_values bc_used_values;
bc_used_values *bc_used_values_new(void); /* NULL on out-of-memory; caller frees */
void bc_used_values_free(bc_used_values *u);
/* bc_expand_opts.on_used callback (ctx = the bc_used_values). */
void bc_used_values_note(void *ctx, const bc_value_entry *e);

typedef struct bc_draft_source {
    char *name;     /* inside the PDF ("phu-luc-2.csv"), unique */
    char *path;     /* the source file */
    char *sha256;   /* of the source file's bytes, 64 lowercase hex digits */
    char *data;     /* the bytes embedded */
    size_t len;
    char *left_out; /* what the embedded copy leaves out (Vietnamese), NULL = whole file */
} bc_draft_source;

typedef struct bc_draft_sources {
    bc_draft_source *v;
    size_t n;
} bc_draft_sources;

/* Gathers the sources of rep (appx: its loaded appendices, may be NULL;
 * used: the quoted values, NULL = all of them; draft_config / notes_path:
 * du-thao.yaml and the review notes, may be NULL). Names are the paths
 * relative to the report's folder when under it, else base names. Errors:
 * an unreadable file (BC_E_INPUT naming it), out-of-memory. *out: free with
 * bc_draft_sources_free. */
bc_status bc_draft_sources_collect(const bc_report *rep, const struct bc_appendices *appx,
                                   const bc_used_values *used, const char *draft_config,
                                   const char *notes_path, bool whole, bc_draft_sources *out,
                                   bc_error *err);
void bc_draft_sources_free(bc_draft_sources *s);

#endif
