/* draftrun.h - the writer side of a render, for draft review copies and for
 * the libharu writer: everything bc_render_report needs between "the
 * document is loaded" and "the pages are written", so baocao.c only swaps
 * its page sink.
 *
 * begin():  with the draft's inputs read by the input stage (du-thao.yaml,
 *           the previous draft, the review notes: input/draftcfg.h), marks
 *           the changes since the previous draft in the current document
 *           (docdiff.h) - so call it before the layout; chooses the writer:
 *           libharu for drafts (review notes as text annotations, the
 *           sources embedded) unless the font would lose accents there
 *           (render_hpdf.h check) - then cairo, with a warning saying what
 *           is missing - or cairo when asked; puts the review-note anchor
 *           finder (reviewnotes.h) before it and wraps it in the draft
 *           filter. Nothing is read from disk but the embedded sources.
 * sink:     where the layout sends its pages.
 * finish(): the change summary page(s) and the list of attached sources
 *           (name, source file, SHA-256, what was left out), then the
 *           writer is closed.
 */
#ifndef BC_DRAFTRUN_H
#define BC_DRAFTRUN_H

#include <stdbool.h>

#include "display.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "model.h"
#include "render_cairo.h"
#include "draftcfg.h"
#include "report.h"

struct bc_appendices;

typedef enum bc_writer_choice {
    BC_WRITER_CHOICE_AUTO = 0, /* drafts: libharu (cairo when the font refuses); else cairo */
    BC_WRITER_CHOICE_CAIRO,
    BC_WRITER_CHOICE_HPDF      /* libharu, and an error when the font refuses */
} bc_writer_choice;

typedef struct bc_draft_request {
    bool draft;                /* decorate as a draft (else: only the writer choice) */
    int round;                 /* 0 = du-thao.yaml's, else 1 */
    bool watermark;            /* or du-thao.yaml's hinh-chim */
    const char *stamp_time;    /* NULL = now */
    bc_writer_choice writer;
    /* Attached sources (draftsrc.h): the values the narrative quoted (NULL =
     * all), and whether to attach every file whole (--dinh-kem-goc). */
    const struct bc_used_values *used;
    bool attach_originals;
    const bc_tmp_hooks *hooks; /* temporary output paths (outfile.h); may be NULL */
} bc_draft_request;

typedef struct bc_draft_run bc_draft_run;

/* din (the draft's inputs, may be NULL when !req->draft), rep, doc (marked
 * in place), cfg, fonts and appendices (may be NULL) are borrowed until
 * finish/abort. pdf (borrowed; the caller commits it after finish) NULL =
 * PNG previews only. On success *out is new and *sink is where the pages
 * go. */
bc_status bc_draft_run_begin(const bc_draft_request *req, const bc_draft_inputs *din,
                             const bc_report *rep, bc_doc *doc,
                             const struct bc_appendices *appx, const bc_layout_cfg *cfg,
                             bc_fonts *fonts, bc_outfile *pdf, const bc_pdf_meta *meta,
                             const char *png_dir, double dpi, bc_diags *diags,
                             bc_draft_run **out, bc_page_sink *sink, bc_error *err);
/* Adds the summary pages, writes the PDF and frees r. *pages: all pages
 * written (may be NULL). */
bc_status bc_draft_run_finish(bc_draft_run *r, bc_diags *diags, int *pages, bc_error *err);
void bc_draft_run_abort(bc_draft_run *r);

#endif
