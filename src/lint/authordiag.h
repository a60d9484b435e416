/* authordiag.h - findings for the author: what the checks of src/lint/
 * (spelling today, ND30 form later) report about the text as written.
 *
 * Each finding names a place in an input file (file:line:column), a short
 * stable code ("CT01"), a Vietnamese message and up to three suggested
 * replacements. The list is turned into ordinary warnings (error.h) for
 * printing, or counted to fail a strict render. */
#ifndef BC_AUTHORDIAG_H
#define BC_AUTHORDIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define BC_ADIAG_MAX_SUGGEST 3

typedef struct bc_adiag {
    char *file;               /* owned; NULL when unknown */
    int line, column;         /* 1-based; 0 = unknown */
    const char *code;         /* static string: "CT01" ... */
    char *message;            /* owned; Vietnamese, without the suggestions */
    char *suggest[BC_ADIAG_MAX_SUGGEST]; /* owned, NULL-padded */
    size_t nsuggest;
} bc_adiag;

typedef struct bc_adiags {
    bc_adiag *items;
    size_t count, cap;
} bc_adiags;

#define BC_ADIAGS_INIT {NULL, 0, 0}

/* Appends a finding (message is printf-style) and returns it, or NULL on
 * out-of-memory. The pointer is valid until the next append. */
bc_adiag *bc_adiags_add(bc_adiags *list, const char *file, int line, int column,
                        const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Adds a suggestion (copied; ignored past BC_ADIAG_MAX_SUGGEST or when it
 * is already there). False on out-of-memory. */
bool bc_adiag_suggest(bc_adiag *d, const char *text);
/* "CT01 message; có phải ý bạn là «a», «b»?" Caller frees. */
char *bc_adiag_text(const bc_adiag *d);
/* Sorts by file, line, column (stable for equal places). */
void bc_adiags_sort(bc_adiags *list);
/* Copies every finding into diags with the given severity. */
void bc_adiags_to_diags(const bc_adiags *list, bc_severity sev, bc_diags *diags);
void bc_adiags_free(bc_adiags *list);

#endif
