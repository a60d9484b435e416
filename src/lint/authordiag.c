/* authordiag.c - the author-findings list. */
#include "authordiag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "strbuf.h"

bc_adiag *bc_adiags_add(bc_adiags *list, const char *file, int line, int column,
                        const char *code, const char *fmt, ...)
{
    if (!BC_GROW(&list->items, &list->cap, list->count + 1, 16))
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *msg = bc_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *f = bc_strdup(file);
    if (!msg || (file && !f)) {
        free(msg);
        free(f);
        return NULL;
    }
    bc_adiag *d = &list->items[list->count++];
    memset(d, 0, sizeof *d);
    d->file = f;
    d->line = line;
    d->column = column;
    d->code = code;
    d->message = msg;
    return d;
}

bool bc_adiag_suggest(bc_adiag *d, const char *text)
{
    if (d->nsuggest >= BC_ADIAG_MAX_SUGGEST)
        return true;
    for (size_t i = 0; i < d->nsuggest; i++)
        if (!strcmp(d->suggest[i], text))
            return true;
    char *s = bc_strdup(text);
    if (!s)
        return false;
    d->suggest[d->nsuggest++] = s;
    return true;
}

char *bc_adiag_text(const bc_adiag *d)
{
    bc_buf b = BC_BUF_INIT;
    if (d->code) {
        bc_buf_puts(&b, d->code);
        bc_buf_puts(&b, " ");
    }
    bc_buf_puts(&b, d->message);
    for (size_t i = 0; i < d->nsuggest; i++) {
        bc_buf_puts(&b, i ? ", «" : "; có phải ý bạn là «");
        bc_buf_puts(&b, d->suggest[i]);
        bc_buf_puts(&b, "»");
    }
    if (d->nsuggest)
        bc_buf_puts(&b, "?");
    return bc_buf_detach(&b);
}

static int cmp_place(const void *pa, const void *pb)
{
    const bc_adiag *a = pa, *b = pb;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return a < b ? -1 : a > b;
}

void bc_adiags_sort(bc_adiags *list)
{
    /* qsort is not stable: give equal places their list order. */
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, cmp_place);
}

void bc_adiags_to_diags(const bc_adiags *list, bc_severity sev, bc_diags *diags)
{
    for (size_t i = 0; i < list->count; i++) {
        const bc_adiag *d = &list->items[i];
        char *text = bc_adiag_text(d);
        bc_diags_add(diags, sev, d->file, d->line, d->column, "%s", text ? text : d->message);
        free(text);
    }
}

void bc_adiags_free(bc_adiags *list)
{
    for (size_t i = 0; i < list->count; i++) {
        bc_adiag *d = &list->items[i];
        free(d->file);
        free(d->message);
        for (size_t k = 0; k < d->nsuggest; k++)
            free(d->suggest[k]);
    }
    free(list->items);
    *list = (bc_adiags)BC_ADIAGS_INIT;
}
