/* error.h - error values and diagnostics for libbaocao.
 *
 * Every library function that can fail returns a bc_status and, on failure,
 * fills a caller-owned bc_error. Messages are Vietnamese UTF-8 and name the
 * file, line and column of the input that caused them. Library code never
 * prints and never exits.
 */
#ifndef BC_ERROR_H
#define BC_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* Also the CLI's exit codes (README documents them). */
typedef enum bc_status {
    BC_OK = 0,
    BC_E_USAGE = 1,    /* bad command line */
    BC_E_INPUT = 2,    /* bad input: YAML, Markdown, CSV, encoding, unknown key */
    BC_E_DATA = 3,     /* data checks failed (totals, formulas); PDF still written */
    BC_E_OUTPUT = 4,   /* cannot write the output file */
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

typedef struct bc_error {
    bc_status status;
    char *file;     /* owned; NULL when no file is involved */
    int line;       /* 1-based; 0 = unknown */
    int column;     /* 1-based; 0 = unknown */
    char *message;  /* owned; Vietnamese, no trailing newline */
    bc_error_code code;
} bc_error;

#define BC_ERROR_INIT {BC_OK, NULL, 0, 0, NULL, BC_EC_NONE}

/* Sets err (if non-NULL; an earlier error is replaced) and returns st.
 * file may be NULL; fmt is printf-style. */
bc_status bc_error_set(bc_error *err, bc_status st, const char *file, int line,
                       int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
bc_status bc_error_setv(bc_error *err, bc_status st, const char *file, int line,
                        int column, const char *fmt, va_list ap);
/* Sets err's code (err may be NULL) and returns err's status (BC_OK
 * when err is NULL): return bc_error_code_set(err, BC_EC_OPEN) after
 * bc_error_set. */
bc_status bc_error_code_set(bc_error *err, bc_error_code code);
/* The one out-of-memory error: sets err to BC_E_NOMEM, "hết bộ nhớ", and
 * returns BC_E_NOMEM. */
bc_status bc_nomem(bc_error *err);
/* Frees the strings and resets to BC_ERROR_INIT. */
void bc_error_clear(bc_error *err);
/* "file:line:column: message" (parts that are unknown are left out).
 * Caller frees. */
char *bc_error_format(const bc_error *err);
/* Short Vietnamese name of a status ("lỗi dữ liệu vào", ...). Static string. */
const char *bc_status_name(bc_status st);

/* Warnings and notes collected while processing (data checks, legacy
 * conversions, unused keys). Owned by whoever created the list. */
typedef enum bc_severity { BC_NOTE = 0, BC_WARNING = 1 } bc_severity;

typedef struct bc_diag {
    bc_severity severity;
    char *file;
    int line, column;
    char *message;
} bc_diag;

typedef struct bc_diags {
    bc_diag *items;
    size_t count, cap;
} bc_diags;

#define BC_DIAGS_INIT {NULL, 0, 0}

void bc_diags_add(bc_diags *d, bc_severity sev, const char *file, int line,
                  int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
size_t bc_diags_count(const bc_diags *d, bc_severity sev);
/* Formats item i like bc_error_format, prefixed by "cảnh báo: " or
 * "ghi chú: ". Caller frees. */
char *bc_diag_format(const bc_diag *item);
void bc_diags_free(bc_diags *d);

/* printf into a fresh string; caller frees. NULL only on out-of-memory. */
char *bc_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *bc_strdup_vprintf(const char *fmt, va_list ap);
/* strdup that accepts NULL. */
char *bc_strdup(const char *s);

/* Vietnamese text for an errno value (static string; never the C
 * library's English). */
const char *bc_errno_vi(int e);

#endif
