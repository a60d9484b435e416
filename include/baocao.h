/* baocao.h - the public API of libbaocao: Vietnamese administrative reports
 * (Nghị định 30/2020/NĐ-CP) from report.yaml, a Markdown narrative and
 * CSV/YAML data to PDF. This is the one installed header; everything in the
 * source tree's src/ is private to the library.
 *
 * Pipeline: input (report.yaml, narrative, data) -> model -> layout (pages
 * as display lists) -> render (PDF, PNG previews).
 *
 * Conventions (as cmark and Pango state them):
 *   - every function that can fail returns a bc_status and, on failure,
 *     fills a caller-owned bc_error (may be NULL when the caller does not
 *     want the message); the library never prints and never exits;
 *   - "caller frees": a returned string or buffer is new and released with
 *     free() (or the named *_free function); "borrowed": the library keeps
 *     no copy beyond the call, or the pointer stays owned by its owner;
 *   - option structs start with struct_size (the ABI field) and are set up
 *     with their _INIT macro, then the fields the caller needs are changed;
 *   - strings are UTF-8; messages are Vietnamese and name file:line:column.
 *   - Thread safety: no global mutable state; different threads may run
 *     calls at the same time on their own objects.
 */
#ifndef BAOCAO_H
#define BAOCAO_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BC_API __attribute__((visibility("default")))
#else
#define BC_API
#endif

/* ---- statuses and errors ---------------------------------------------- */

/* What a call did. These are the library's statuses, not exit codes: the
 * baocao command maps them to its exit codes in one table (src/cli/main.c,
 * bc_cli_exit_code) and documents those in its README. */
typedef enum bc_status {
    BC_OK = 0,
    BC_E_USAGE = 1,    /* bad arguments or options (also a wrong struct_size) */
    BC_E_INPUT = 2,    /* bad input: YAML, Markdown, CSV, encoding, unknown key */
    BC_E_DATA = 3,     /* data checks failed (totals, formulas); PDF still written */
    BC_E_OUTPUT = 4,   /* cannot write the output */
    BC_E_FONT = 5,     /* font missing or lacking a glyph */
    BC_E_LAYOUT = 6,   /* content cannot be placed (would be lost) */
    BC_E_NOMEM = 7,
    BC_E_INTERNAL = 8
} bc_status;

/* What kind of failure an error is, where a caller has to tell kinds
 * apart (never by matching the message text). Most errors are
 * BC_EC_NONE: their status says enough. */
typedef enum bc_error_code {
    BC_EC_NONE = 0,
    BC_EC_OPEN         /* an input file could not be opened or read as a file
                        * (missing, a folder, too large, no permission);
                        * file names it, line is 0 */
} bc_error_code;

/* A failure: status, place in the input (file may be NULL, line and column
 * are 1-based, 0 = unknown), a Vietnamese message and a code. The caller
 * owns the struct; the strings belong to it and are freed by
 * bc_error_clear. */
typedef struct bc_error {
    bc_status status;
    char *file;
    int line;
    int column;
    char *message;
    bc_error_code code;
} bc_error;

#define BC_ERROR_INIT {BC_OK, NULL, 0, 0, NULL, BC_EC_NONE}

/* Frees err's strings and resets it to BC_ERROR_INIT. */
BC_API void bc_error_clear(bc_error *err);
/* "file:line:column: message" (unknown parts left out). Caller frees. */
BC_API char *bc_error_format(const bc_error *err);
/* Short Vietnamese name of a status ("lỗi dữ liệu vào", ...). Static string
 * (borrowed, never freed). */
BC_API const char *bc_status_name(bc_status st);

/* ---- diagnostics: warnings and notes ----------------------------------- */

typedef enum bc_severity { BC_NOTE = 0, BC_WARNING = 1 } bc_severity;

/* One record: severity, place (file may be NULL; line, column 1-based,
 * 0 = unknown) and the Vietnamese message. Owned by the list. */
typedef struct bc_diag {
    bc_severity severity;
    char *file;
    int line, column;
    char *message;
} bc_diag;

/* The list a call appends to; the caller creates it with BC_DIAGS_INIT,
 * iterates items[0 .. count) and frees it with bc_diags_free. */
typedef struct bc_diags {
    bc_diag *items;
    size_t count, cap;
} bc_diags;

#define BC_DIAGS_INIT {NULL, 0, 0}

/* How many records of severity sev. */
BC_API size_t bc_diags_count(const bc_diags *d, bc_severity sev);
/* "file:line:column: cảnh báo: message" (or "ghi chú: "). Caller frees. */
BC_API char *bc_diag_format(const bc_diag *item);
/* Frees the records and resets the list; the struct itself is the caller's. */
BC_API void bc_diags_free(bc_diags *d);

/* ---- inputs in memory, outputs to a callback ---------------------------- */

/* One input file given as bytes instead of a file on disk. name is the
 * path the report uses for it, relative ("report.yaml", "bao-cao.md",
 * "so-lieu/chi-tieu.yaml"; a leading "./" is ignored). Borrowed: name and
 * data must stay valid during the call that reads them. */
typedef struct bc_memfile {
    const char *name;
    const void *data;
    size_t len;
} bc_memfile;

/* Receives the output's bytes in order. Returns 0 on success, or an errno
 * value (e.g. ENOSPC) to stop the render, which then fails with
 * BC_E_OUTPUT. data is borrowed for the call only. */
typedef int (*bc_write_fn)(void *ctx, const void *data, size_t len);

/* A growing byte buffer for bc_buffer_write: start with BC_BUFFER_INIT,
 * pass bc_buffer_write and &buf as the write callback, read data[0 .. len),
 * then bc_buffer_free. */
typedef struct bc_buffer {
    unsigned char *data; /* owned by the buffer; NULL while empty */
    size_t len, cap;
} bc_buffer;

#define BC_BUFFER_INIT {NULL, 0, 0}

/* bc_write_fn appending to the bc_buffer ctx; ENOMEM when it cannot grow. */
BC_API int bc_buffer_write(void *ctx, const void *data, size_t len);
/* Frees the bytes and resets buf; the struct itself is the caller's. */
BC_API void bc_buffer_free(bc_buffer *buf);

/* Told of every temporary output path (file or folder) the library
 * creates, and again when it is gone (renamed into place or removed), so a
 * program can remove them when a signal stops it. Either may be NULL; ctx
 * is passed through; the paths are borrowed for the call. */
typedef struct bc_tmp_hooks {
    void (*created)(void *ctx, const char *path);
    void (*gone)(void *ctx, const char *path);
    void *ctx;
} bc_tmp_hooks;

/* ---- rendering a report ------------------------------------------------- */

/* Which PDF writer: drafts use libharu (notes, attachments) unless the font
 * would lose accents there, then cairo with a warning. */
typedef enum bc_writer_kind {
    BC_WRITER_AUTO = 0, /* drafts: libharu, else cairo */
    BC_WRITER_CAIRO,
    BC_WRITER_HPDF      /* libharu; a font it cannot print is an error */
} bc_writer_kind;

struct bc_speller;

/* The set-up that many renders share (fonts, layouts, the spelling
 * dictionary), made on first use and kept: a render given a context skips
 * fontconfig's and Pango's start-up, which is most of a short report's time.
 * It is a cache: the PDF is byte for byte the one a render without it writes.
 * A layout or font file changed after its first use is not read again: make
 * a new context for that.
 * Threads: one context may be used by any number of bc_render_report calls
 * running at the same time (it keeps one set of fonts per call running at
 * once and hands them out under a lock); free it only when no call using it
 * is running. */
typedef struct bc_render_ctx bc_render_ctx;

/* *out = an empty context (caller frees with bc_render_ctx_free). Fails
 * only with BC_E_NOMEM. */
BC_API bc_status bc_render_ctx_new(bc_render_ctx **out, bc_error *err);
/* Frees ctx and everything it keeps; NULL is allowed. */
BC_API void bc_render_ctx_free(bc_render_ctx *ctx);

/* Compatibility only (0.1.0; new code sets fc_default_unused in the options
 * instead, which has the same speed and leaves the process's fontconfig
 * default unset after): makes fontconfig's process-wide default
 * configuration an empty one for the rest of the process, so nothing loads
 * the system's font configuration. Call before any other thread starts; a
 * program that draws text with the system's fonts through fontconfig's
 * default configuration must not call it. Returns false when fontconfig
 * could not take the configuration (nothing changed). */
BC_API bool bc_fonts_private_default(void);

/* Options of bc_render_report. Start from BC_RENDER_OPTS_INIT. Every
 * pointer is borrowed for the call. */
typedef struct bc_render_opts {
    size_t struct_size;     /* ABI: sizeof(bc_render_opts), set by the _INIT macro */
    const char *output;     /* PDF path, written via a temporary file + rename
                               (all or nothing); or NULL */
    bc_write_fn pdf_write;  /* or: the PDF's bytes to this callback (output NULL);
                               on failure some bytes may have been sent: discard them */
    void *pdf_write_ctx;
    const bc_memfile *files;/* the inputs in memory (report.yaml, narrative, data),
                               nfiles of them; NULL = read the disk. With files, a
                               relative path is read only from them (never from the
                               disk); absolute paths (the data folder) from the disk */
    size_t nfiles;
    const char *png_dir;    /* page previews (trang-001.png ...) or NULL */
    double png_dpi;         /* default 70 */
    const char *data_dir;   /* folder holding layouts/ and fonts/; NULL = default
                               (bc_data_dir_find) */
    bool shipped_fonts_only;/* ignore system fonts (reproducible output) */
    bool strict;            /* appendix data-check warnings are errors: no PDF */
    bool fix_totals;        /* print computed values for wrong totals (noted) */
    bool self_check;        /* compare the words on the pages with the input's;
                               a missing word is an error (BC_E_LAYOUT), no PDF */
    bool warn_unused;       /* note indicator values (so-lieu) the narrative does not use */
    bool single_thread;     /* draw the PDF on the caller's thread (no worker thread;
                               same bytes, slower on a multi-core machine) */
    /* Draft review copies. du-thao.yaml in the report's folder gives defaults
     * for round, compare_with, notes_path, watermark: on the disk, or, with
     * files, the one among them ("du-thao.yaml" beside "report.yaml"; its
     * so-voi, gop-y also from them); never the current folder's. */
    bool draft;             /* DỰ THẢO marks, line numbers, stamp */
    int draft_round;        /* N of "Dự thảo lần N"; 0 = du-thao.yaml's, else 1 */
    const char *compare_with; /* previous draft: folder or report .yaml; changes marked */
    const char *notes_path; /* review notes YAML */
    bool watermark;         /* light diagonal "DỰ THẢO" on every page */
    bool attach_originals;  /* attach data files whole (default: what the document used) */
    const char *stamp_time; /* "dd/mm/yyyy hh:mm" in the stamp; NULL = now */
    bc_writer_kind writer;
    const bc_tmp_hooks *hooks; /* temporary output paths; may be NULL */
    const char *confine_root; /* "read only inside this folder", e.g. for a web page
                               rendering files others wrote: every input read
                               from the disk (report.yaml's noi-dung, so-lieu,
                               phu-luc and their data, so-voi, gop-y) must really
                               be inside it (links and '..' resolved) or in the
                               data folder, else BC_E_INPUT; NULL = off */
    struct bc_speller *speller; /* spelling dictionary kept by the caller for several
                               renders (library-internal; NULL = load one per render) */
    bc_render_ctx *ctx;     /* set-up shared with other renders (borrowed; see
                               bc_render_ctx); NULL = set up for this call only */
    const struct bc_sign_opts *sign; /* sign the official copy in the same step
                               (bc_sign_pdf's options; their output is ignored: the
                               signed copy goes to output); NULL = unsigned */
    bool fc_default_unused; /* the program itself does not use fontconfig's default
                               configuration (draws no text with the system's fonts
                               through it) while this call runs: Pango 1.50 loads
                               that configuration (the system's XML, ~25 M
                               instructions, over a quarter of a one-page report) on its
                               own thread when the process's first font map is made
                               and waits for it, though baocao's fonts never use it.
                               Set, an empty default is used while baocao's font map
                               starts and the default is unset again before the
                               fonts are used, so a later user of the default
                               configuration gets the system's as usual. The PDF is
                               the same either way. Leave false in a program that may
                               draw with system fonts on another thread meanwhile */
} bc_render_opts;

#define BC_RENDER_OPTS_INIT {.struct_size = sizeof(bc_render_opts), .png_dpi = 70}

typedef struct bc_render_result {
    int pages;
} bc_render_result;

/* Renders the report report_path (a file or a report folder, which means its
 * report.yaml; with opts->files the name of one of them). With opts->sign the
 * official copy is signed before it is written (output required; not with
 * draft); a signing error (see bc_sign_pdf) leaves nothing at output.
 * Warnings and notes are appended to diags (required). On error
 * nothing is left at opts->output (an existing file there is kept). Returns
 * BC_E_DATA when the PDF was written but the appendix data checks found
 * mismatches (listed in diags). result may be NULL. */
BC_API bc_status bc_render_report(const char *report_path, const bc_render_opts *opts,
                                  bc_render_result *result, bc_diags *diags, bc_error *err);

/* ---- many reports in one process ("baocao render A B C ...") ----------- */

/* Which of two statuses is worse: success < BC_E_DATA (the PDF is written,
 * the data checks found mismatches) < any failure; of two failures, the
 * higher status (the higher exit code). */
BC_API bc_status bc_status_worst(bc_status a, bc_status b);

/* One report of a batch, filled by bc_render_batch. */
typedef struct bc_batch_item {
    const char *report;  /* the input as given (borrowed from the caller's array) */
    char *output;        /* the PDF's path (owned by the item) */
    bc_status status;    /* BC_OK, BC_E_DATA, or why nothing was written */
    bool written;        /* the PDF is at output (BC_OK, or BC_E_DATA without --chat-che) */
    bc_error error;      /* the failure, when not written (owned by the item) */
    bc_diags diags;      /* this report's warnings and notes (owned by the item) */
    int pages;
    double seconds;      /* wall time of this report's render */
} bc_batch_item;

/* Told of each report as it finishes (in the order they finish, not the
 * order given), one call at a time, from the thread that rendered it; done
 * counts the reports finished so far (this one included) out of total. item
 * is borrowed for the call. */
typedef void (*bc_batch_progress_fn)(void *ctx, const bc_batch_item *item, size_t done,
                                     size_t total);

/* Options of bc_render_batch. Start from BC_BATCH_OPTS_INIT. */
typedef struct bc_batch_opts {
    size_t struct_size;       /* ABI: sizeof(bc_batch_opts), set by the _INIT macro */
    const char *out_dir;      /* every PDF in this folder (made when missing); NULL =
                                 each PDF in its report's folder. A PDF is named after
                                 its report: the report folder's name (x/report.yaml ->
                                 x.pdf), or the .yaml file's name (a/q1.yaml -> q1.pdf) */
    const char *png_dir;      /* previews in png_dir/<name>/trang-001.png ...; NULL = none */
    int threads;              /* reports rendered at once; 0 = one per processor */
    bc_batch_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} bc_batch_opts;

#define BC_BATCH_OPTS_INIT {.struct_size = sizeof(bc_batch_opts)}

/* Renders the n reports (each a report folder or its .yaml file) with the
 * options render (copied for each; its output, pdf_write, files, png_dir,
 * compare_with and notes_path must be NULL) on opts->threads threads, with
 * one bc_render_ctx for all of them (render->ctx, or one made for the
 * call). Each report is one bc_render_report: its PDF is written all or
 * nothing, and a report that fails leaves the others as they are.
 * Before anything is written the batch is refused (err filled, *items
 * NULL) for: no reports or options it cannot take (BC_E_USAGE), two
 * reports whose PDFs would have the same path (BC_E_USAGE), an out_dir that
 * is not a folder or cannot be made (BC_E_OUTPUT). Otherwise *items is a
 * new array of n results in the order given (caller frees with
 * bc_batch_items_free) and the return value is the worst of their statuses
 * (bc_status_worst); err is left untouched. */
BC_API bc_status bc_render_batch(const char *const *reports, size_t n,
                                 const bc_render_opts *render, const bc_batch_opts *opts,
                                 bc_batch_item **items, bc_error *err);
/* Frees the n results of bc_render_batch; NULL is allowed. */
BC_API void bc_batch_items_free(bc_batch_item *items, size_t n);

/* *out = the folder with layouts/ and fonts/ (caller frees):
 * given as is, else $BAOCAO_DATA, else the first of these that holds both
 * layouts/ and fonts/: <prefix>/share/baocao beside the running program
 * <prefix>/bin/baocao, the source tree the library was built from, the
 * configured install folder. BC_E_FONT (the message names the places tried)
 * and *out = NULL when none does. */
BC_API bc_status bc_data_dir_find(const char *given, char **out, bc_error *err);

/* ---- one table on its own ("baocao table") ------------------------------ */

typedef struct bc_table_print_opts {
    size_t struct_size;      /* ABI: sizeof(bc_table_print_opts) */
    const char *spec_path;   /* table spec YAML (required) */
    const char *csv_path;    /* data; NULL = the spec's du-lieu */
    const char *output;      /* PDF; written via a temporary file + rename; or NULL */
    bc_write_fn pdf_write;   /* or: the PDF's bytes to this callback */
    void *pdf_write_ctx;
    const char *png_dir;     /* previews or NULL */
    const bc_tmp_hooks *hooks; /* temporary output paths; may be NULL */
    double png_dpi;
    const char *data_dir;    /* folder with layouts/ and fonts/; NULL = default */
    const char *layout;      /* layout name; NULL = nd30-chuan */
    bool shipped_fonts_only;
    bool strict;             /* data-check warnings are errors: no PDF */
    bool fix;                /* print computed values for wrong totals (notes) */
    bool single_thread;      /* no drawing thread */
    bool fc_default_unused;  /* as bc_render_opts's */
} bc_table_print_opts;

#define BC_TABLE_PRINT_OPTS_INIT {.struct_size = sizeof(bc_table_print_opts), .png_dpi = 70}

/* Prints one appendix table (title, header, rows, note). Returns BC_OK,
 * BC_E_DATA when the PDF was written but the data checks found mismatches
 * (listed in diags), or an error (no PDF written). *npages may be NULL. */
BC_API bc_status bc_table_print(const bc_table_print_opts *o, int *npages, bc_diags *diags,
                                bc_error *err);

/* ---- next period's report ("baocao moi") -------------------------------- */

typedef enum bc_period_kind {
    BC_PERIOD_QUARTER = 0, /* quý I..IV */
    BC_PERIOD_6_MONTHS,    /* 6 tháng đầu năm */
    BC_PERIOD_9_MONTHS,    /* 9 tháng đầu năm */
    BC_PERIOD_YEAR         /* năm */
} bc_period_kind;

typedef struct bc_period {
    bc_period_kind kind;
    int quarter; /* 1..4 for BC_PERIOD_QUARTER, else 0 */
    int year;    /* 1900..2999 */
} bc_period;

typedef struct bc_next_opts {
    size_t struct_size;  /* ABI: sizeof(bc_next_opts) */
    bool set_kind;       /* the new period is the first of this kind after the old one */
    bc_period_kind kind;
    const bc_tmp_hooks *hooks; /* temporary output paths; may be NULL */
} bc_next_opts;

#define BC_NEXT_OPTS_INIT {.struct_size = sizeof(bc_next_opts)}

typedef struct bc_next_result {
    bc_period from, to;  /* old and new period */
    char *report_path;   /* the new report.yaml (caller frees) */
    size_t files_copied; /* files written, report.yaml and data files included */
    size_t values_rolled;/* indicator values whose "truoc" was set */
} bc_next_result;

/* Makes new_dir, the next period's report folder, from old_report (the old
 * folder or its report file); the old folder is never changed and the new
 * one appears whole or not at all. opts may be NULL (defaults). Notes and
 * warnings go to diags. Errors: BC_E_INPUT (the old report has no
 * ky-bao-cao, unreadable files...), BC_E_OUTPUT (the new folder exists and
 * is not empty, or cannot be written). result may be NULL; otherwise the
 * caller frees result->report_path. */
BC_API bc_status bc_next_report(const char *old_report, const char *new_dir,
                                const bc_next_opts *opts, bc_next_result *result,
                                bc_diags *diags, bc_error *err);

/* ---- legacy text to Unicode ("baocao chuyen-ma") ----------------------- */

typedef enum bc_convert_from {
    BC_CONVERT_AUTO = 0, /* per paragraph; raw bytes: TCVN3, VNI or Windows-1258, refused
                            (BC_E_INPUT listing the candidates) when unclear */
    BC_CONVERT_TCVN3,
    BC_CONVERT_VNI,
    BC_CONVERT_CP1258,   /* the lines that are not UTF-8, through iconv */
    BC_CONVERT_CP1252
} bc_convert_from;

typedef struct bc_convert_opts {
    size_t struct_size;  /* ABI: sizeof(bc_convert_opts) */
    bc_convert_from from;
    bool hfont_caps;     /* TCVN3 text set in a .Vn...H font: all capitals */
} bc_convert_opts;

#define BC_CONVERT_OPTS_INIT {.struct_size = sizeof(bc_convert_opts)}

typedef struct bc_convert_result {
    size_t tcvn3, vni;   /* paragraphs converted from TCVN3, VNI */
    size_t codepage;     /* lines or paragraphs read as Windows-1258/1252 */
} bc_convert_result;

/* Converts data[0..len) (a file's bytes; name is used in messages) to UTF-8
 * NFC: *out is new (caller frees), *out_len its length (may be NULL). Each
 * conversion is a note in diags, doubtful bytes are warnings. result may be
 * NULL. Errors: BC_E_INPUT (undecidable or invalid input, at its line),
 * BC_E_USAGE (a wrong struct_size), BC_E_NOMEM. */
BC_API bc_status bc_convert_legacy(const char *data, size_t len, const char *name,
                                   const bc_convert_opts *opts, char **out, size_t *out_len,
                                   bc_convert_result *result, bc_diags *diags, bc_error *err);

/* ---- roll-up of the agencies' submissions ("baocao tong-hop") ----------- */

/* Options of bc_rollup. Start from BC_ROLLUP_OPTS_INIT. Every pointer is
 * borrowed for the call. */
typedef struct bc_rollup_opts {
    size_t struct_size;     /* ABI: sizeof(bc_rollup_opts), set by the _INIT macro */
    const char *output;     /* the province table (CSV), written via a temporary
                               file + rename (all or nothing); or NULL */
    bc_write_fn write;      /* or: the CSV's bytes to this callback (output NULL) */
    void *write_ctx;
    const char *folder;     /* the submissions; NULL = the mapping's thu-muc (default:
                               the mapping's folder) */
    const char *previous;   /* last period's table written by bc_rollup, to compare
                               with; NULL = no comparison */
    double change_share;    /* with previous: report a figure that changed by more
                               than this share of last period's (0.5 = 50%) */
    bool strict;            /* findings are errors: nothing is written (BC_E_DATA) */
    bool fix_totals;        /* an agency's wrong own total is replaced by the sum of
                               its rows (a note instead of a warning) */
    const bc_tmp_hooks *hooks; /* temporary output paths; may be NULL */
} bc_rollup_opts;

#define BC_ROLLUP_OPTS_INIT {.struct_size = sizeof(bc_rollup_opts), .change_share = 0.5}

typedef struct bc_rollup_result {
    size_t agencies;         /* in the mapping */
    size_t submitted;        /* of those, with a usable file */
    size_t missing;          /* with no file */
    size_t unknown_files;    /* files that match no agency */
    size_t duplicates;       /* extra files for an agency (not used) */
    size_t total_mismatches; /* agencies' own totals that do not add up */
    size_t changes;          /* figures beyond change_share against previous */
} bc_rollup_result;

/* Builds the province table (seed 001's Phụ lục 2 form: groups by level,
 * subtotals, rates recomputed, provenance per row) from the agencies'
 * files (CSV or .xlsx, one per agency) listed by the mapping YAML
 * mapping_path; the formats are described in README ("tong-hop") and
 * src/input/rollup.h. The findings (missing agencies, unknown files,
 * duplicates, own totals that do not add up, changes against previous) are
 * warnings in diags (required), each naming a file and cell; then the table
 * is written and BC_E_DATA returned (with opts->strict: nothing written).
 * Errors (nothing written): BC_E_INPUT (mapping, a file not in the form,
 * previous), BC_E_USAGE (no output; the output is one of the inputs),
 * BC_E_OUTPUT. result may be NULL. */
BC_API bc_status bc_rollup(const char *mapping_path, const bc_rollup_opts *opts,
                           bc_rollup_result *result, bc_diags *diags, bc_error *err);

/* ---- digital signatures (ký số) ---------------------------------------- */

/* Who signs: the person with authority (first) or the organization (văn
 * thư, second), as Nghị định 30/2020 Phụ lục I places them. */
typedef enum bc_sign_role {
    BC_SIGN_SIGNER = 0,      /* field "ky-nguoi-ky": the signer's signature image */
    BC_SIGN_ORGANIZATION     /* field "ky-co-quan": the seal image, name and time */
} bc_sign_role;

/* Options of bc_sign_pdf. Start from BC_SIGN_OPTS_INIT. Every pointer is
 * borrowed for the call. */
typedef struct bc_sign_opts {
    size_t struct_size;      /* ABI: sizeof(bc_sign_opts), set by the _INIT macro */
    const char *output;      /* the signed PDF, written via a temporary file + rename
                                (all or nothing); required */
    bc_sign_role role;
    const char *p12_path;    /* the key: a PKCS#12 file (.p12/.pfx) ... */
    const char *pkcs11_uri;  /* ... or a PKCS#11 URI on a token ("pkcs11:token=..;object=..") */
    const char *pkcs11_module; /* the token's PKCS#11 library (.so); NULL = p11-kit's proxy */
    const char *secret;      /* the .p12 password or the token's PIN; NULL = none.
                                The library wipes every copy it or OpenSSL makes of it
                                (and of the .p12's bytes) before freeing it; the
                                caller wipes its own (tests/test_sign_wipe.py) */
    const char *image_path;  /* PNG with a transparent background: the signer's
                                signature, or the organization's seal; NULL = text only */
    const char *tsa_url;     /* an RFC 3161 time-stamping authority, or NULL */
    const char *data_dir;    /* folder holding layouts/ and fonts/; NULL = default */
    long long signing_time;  /* seconds since 1970 (UTC); 0 = now */
    const bc_tmp_hooks *hooks; /* temporary output paths; may be NULL */
    bool fc_default_unused;  /* as bc_render_opts's (the fonts of the signature's text) */
} bc_sign_opts;

#define BC_SIGN_OPTS_INIT {.struct_size = sizeof(bc_sign_opts)}

/* Signs the official copy input (a PDF printed by bc_render_report, which
 * holds the empty signature fields) in the role's field: a PAdES B-B
 * signature (B-T with tsa_url) appended as an incremental update, earlier
 * signatures staying valid. Errors (nothing written, input untouched):
 * BC_E_USAGE (options), BC_E_INPUT (a wrong password or PIN, an expired or
 * not yet valid certificate, a key that does not match its certificate, a
 * PDF without the field, a field already signed, the organization before
 * the signer; the message in Vietnamese), BC_E_OUTPUT (writing, the TSA),
 * BC_E_FONT, BC_E_INTERNAL, BC_E_NOMEM. */
BC_API bc_status bc_sign_pdf(const char *input, const bc_sign_opts *opts, bc_error *err);

typedef struct bc_verify_opts {
    size_t struct_size;      /* ABI: sizeof(bc_verify_opts), set by the _INIT macro */
    const char *ca_bundle;   /* PEM file of trusted CA certificates, or NULL */
} bc_verify_opts;

#define BC_VERIFY_OPTS_INIT {.struct_size = sizeof(bc_verify_opts)}

/* Checks every signature of input: intact (no byte changed since it was
 * signed), who and when, whether it covers the whole file, the chain to
 * ca_bundle. *report (may be NULL; caller frees) gets the Vietnamese
 * report, also on failure. BC_OK when all hold; BC_E_INPUT naming the first
 * problem otherwise (also: no signature at all, bytes added after the last
 * one). */
BC_API bc_status bc_verify_pdf(const char *input, const bc_verify_opts *opts, char **report,
                               bc_error *err);

/* ---- version ------------------------------------------------------------ */

/* "0.1.0": the library's version. Static string (borrowed). */
BC_API const char *bc_version(void);

#ifdef __cplusplus
}
#endif

#endif
