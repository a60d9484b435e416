/* strbuf.h - growable byte string. The struct's owner frees it with
 * bc_buf_free(). Out-of-memory is sticky: b->oom is set and appends become
 * no-ops, so callers check once at the end. */
#ifndef BC_STRBUF_H
#define BC_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct bc_buf {
    char *data;   /* always NUL-terminated once anything was appended */
    size_t len, cap;
    bool oom;
} bc_buf;

#define BC_BUF_INIT {NULL, 0, 0, false}

void bc_buf_append(bc_buf *b, const char *s, size_t n);
void bc_buf_puts(bc_buf *b, const char *s);
void bc_buf_putc(bc_buf *b, char c);
void bc_buf_printf(bc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the string (never NULL unless oom: "" when empty) and gives
 * ownership to the caller; b is reset. */
char *bc_buf_detach(bc_buf *b);
void bc_buf_free(bc_buf *b);

/* Like snprintf: s[0..n) into buf (size bytes, NUL-terminated, cut short
 * when too small; nothing written when size is 0); returns n. */
size_t bc_str_copy_out(char *buf, size_t size, const char *s, size_t n);

#endif
