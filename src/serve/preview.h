/* preview.h - rendering a workspace report for the page: page images of
 * the last good render, the PDF downloads, and what the last attempt said.
 *
 * A render reads the report folder's files into memory (workspace.h: no
 * symlink, nothing outside the folder) and calls bc_render_report with
 * bc_render_opts.files, so a relative path in report.yaml that leaves the
 * folder ("../x.csv") is simply not found. Page images go to a fresh
 * folder under the set's cache (a private temporary folder, never the
 * workspace); only when the render succeeds (BC_OK or BC_E_DATA: PDF
 * written with data warnings) does it replace the previous images, so a
 * failed render leaves the last good preview on the page. Renders of one
 * report are serialised (its own lock); other reports and all other
 * requests go on meanwhile.
 *
 * The set keeps one bc_render_ctx (fonts, layouts, the dictionary set up
 * once) for every render it makes, so a save re-renders warm.
 *
 * Ownership: the set owns its cache folder (removed by bc_preview_set_free),
 * its render context and its entries; returned buffers and JSON texts are the caller's. */
#ifndef BC_SERVE_PREVIEW_H
#define BC_SERVE_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"
#include "workspace.h"

typedef struct bc_preview_set bc_preview_set;

/* data_dir: layouts/ and fonts/ (bc_data_dir_find), copied. */
bc_status bc_preview_set_new(const char *data_dir, double dpi, bc_preview_set **out,
                             bc_error *err);
void bc_preview_set_free(bc_preview_set *s);

/* Renders report and records the outcome, in two steps so that a save is
 * answered quickly: the checks (laid out from the files read once,
 * nothing drawn: the status, warnings and page count), then - when they
 * pass - the page images from the same files into a new folder that is the
 * preview at once, drawn on a thread of its own (wait_images false; the
 * page requests wait for their image) or before returning (true). Renders
 * of one report run one at a time. Returns the checks' status (BC_E_DATA
 * counts as a good preview). */
bc_status bc_preview_render(bc_preview_set *s, const bc_ws *ws, const char *report,
                            bool wait_images);

/* Appends the report's preview state as a JSON object to b:
 * {"gen":N,"pages":N,"ms":N (the checks),"png_ms":N (the last images),"status":N,"ok":bool,"error":{file,line,column,
 * message}|null,"diags":[{severity,file,line,column,message}...]}. gen 0 =
 * never rendered well. */
void bc_preview_json(bc_preview_set *s, const char *report, bc_buf *b);

/* The PNG of page (1-based) of the current good preview (waiting while it
 * is being drawn). BC_E_INPUT when there is no such page. *data is new. */
bc_status bc_preview_page(bc_preview_set *s, const char *report, int page, char **data,
                          size_t *len, bc_error *err);

/* Which PDF bc_preview_pdf makes: the official copy (the same bytes
 * "baocao render" writes), the review draft ("--du-thao" and its options,
 * the same bytes "baocao render --du-thao ..." writes: read from the report
 * folder on disk, so its du-thao.yaml gives the defaults as for the CLI),
 * or the official copy signed by the person with authority ("baocao render
 * --ky --p12"). Every pointer is borrowed for the call. */
typedef struct bc_preview_pdf_opts {
    bool draft;
    int round;                /* "--lan N"; 0 = du-thao.yaml's */
    const char *compare_with; /* "--so-voi": a path inside the workspace; NULL = du-thao.yaml's */
    const char *notes_path;   /* "--gop-y": likewise */
    bool watermark;           /* "--hinh-chim" (du-thao.yaml's hinh-chim also counts) */
    const char *stamp_time;   /* "--thoi-diem"; NULL = now */
    /* signed official copy: a .p12 in memory (never written to disk) ... */
    const char *p12;
    size_t p12_len;
    const char *p12_name;     /* its name in messages */
    /* ... or the key on a PKCS#11 token ("render --ky --pkcs11 URI --module M") */
    const char *pkcs11_uri;
    const char *pkcs11_module;
    const char *secret;       /* the .p12's password or the token's PIN */
    const char *image_path;   /* the signer's signature image, or NULL */
    const char *tsa_url;      /* RFC 3161 time stamps, or NULL */
} bc_preview_pdf_opts;

/* Renders report to a PDF in memory as po says. diags gets the warnings. */
bc_status bc_preview_pdf(bc_preview_set *s, const bc_ws *ws, const char *report,
                         const bc_preview_pdf_opts *po, unsigned char **data, size_t *len,
                         bc_diags *diags, bc_error *err);

#endif
