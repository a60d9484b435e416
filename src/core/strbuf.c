/* strbuf.c - growable byte string. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

static bool reserve(bc_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (!BC_GROW(&b->data, &b->cap, b->len + extra + 1, 64)) {
        b->oom = true;
        return false;
    }
    return true;
}

void bc_buf_append(bc_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void bc_buf_puts(bc_buf *b, const char *s) { bc_buf_append(b, s, strlen(s)); }

void bc_buf_putc(bc_buf *b, char c) { bc_buf_append(b, &c, 1); }

void bc_buf_printf(bc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *bc_buf_detach(bc_buf *b)
{
    if (b->oom) {
        bc_buf_free(b);
        return NULL;
    }
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void bc_buf_free(bc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

size_t bc_str_copy_out(char *buf, size_t size, const char *s, size_t n)
{
    if (size > 0) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(buf, s, c);
        buf[c] = '\0';
    }
    return n;
}
