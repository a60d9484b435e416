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

/* bc_status, bc_error (with its bc_error_code), bc_diag, bc_diags and their
 * public functions are declared in the public header. */
#include "baocao.h"

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
/* Copies src (status, code, file, line, column, message) into dst (may
 * be NULL; an earlier error is replaced) and returns src's status: a
 * filter keeps or passes on another stage's error unchanged with it. */
bc_status bc_error_copy(bc_error *dst, const bc_error *src);
/* Places err (if non-NULL) at file:line:column, replacing the place it
 * had, and returns its status: a message made where the place was not
 * known (a value looked up by name) gets the place its caller knows. */
bc_status bc_error_locate(bc_error *err, const char *file, int line, int column);
/* The one out-of-memory error: sets err to BC_E_NOMEM, "hết bộ nhớ", and
 * returns BC_E_NOMEM. */
bc_status bc_nomem(bc_error *err);

/* Warnings and notes collected while processing (data checks, legacy
 * conversions, unused keys). Owned by whoever created the list. */
void bc_diags_add(bc_diags *d, bc_severity sev, const char *file, int line,
                  int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* printf into a fresh string; caller frees. NULL only on out-of-memory. */
char *bc_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *bc_strdup_vprintf(const char *fmt, va_list ap);
/* strdup that accepts NULL. */
char *bc_strdup(const char *s);

/* Vietnamese text for an errno value (static string; never the C
 * library's English). */
const char *bc_errno_vi(int e);

#endif
