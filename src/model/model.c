/* model.c - document model allocation. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"

bc_doc *bc_doc_new(const char *file)
{
    bc_doc *d = calloc(1, sizeof *d);
    if (d && file && !(d->file = bc_strdup(file))) {
        free(d);
        return NULL;
    }
    return d;
}

void bc_rich_free(bc_rich *r)
{
    free(r->text);
    free(r->spans);
    for (size_t i = 0; i < r->nlinks; i++)
        free(r->links[i]);
    free(r->links);
    memset(r, 0, sizeof *r);
}

void bc_doc_free(bc_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nblocks; i++) {
        free(doc->blocks[i].number);
        bc_rich_free(&doc->blocks[i].text);
    }
    for (size_t i = 0; i < doc->nnotes; i++) {
        free(doc->notes[i].label);
        bc_rich_free(&doc->notes[i].text);
    }
    free(doc->blocks);
    free(doc->notes);
    free(doc->file);
    free(doc);
}

bc_block *bc_doc_add_block(bc_doc *doc, bc_block_kind kind, int level, int line)
{
    if (!BC_GROW(&doc->blocks, &doc->cap, doc->nblocks + 1, 64))
        return NULL;
    bc_block *b = &doc->blocks[doc->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = level;
    b->line = line;
    return b;
}

bc_footnote *bc_doc_add_note(bc_doc *doc, const char *label, int line)
{
    if (!BC_GROW(&doc->notes, &doc->notes_cap, doc->nnotes + 1, 32))
        return NULL;
    bc_footnote *n = &doc->notes[doc->nnotes];
    memset(n, 0, sizeof *n);
    n->label = bc_strdup(label);
    if (!n->label)
        return NULL;
    doc->nnotes++;
    n->line = line;
    return n;
}

bc_footnote *bc_doc_find_note(bc_doc *doc, const char *label)
{
    for (size_t i = 0; i < doc->nnotes; i++)
        if (strcmp(doc->notes[i].label, label) == 0)
            return &doc->notes[i];
    return NULL;
}

bool bc_rich_append(bc_rich *r, const char *s, size_t n)
{
    char *t = realloc(r->text, r->len + n + 1);
    if (!t)
        return false;
    memcpy(t + r->len, s, n);
    r->len += n;
    t[r->len] = '\0';
    r->text = t;
    return true;
}

bool bc_rich_add_span(bc_rich *r, size_t start, size_t end, unsigned flags, int note)
{
    if (start >= end)
        return true;
    if (!BC_GROW(&r->spans, &r->cap, r->nspans + 1, 8))
        return false;
    r->spans[r->nspans++] = (bc_span){start, end, flags, note};
    return true;
}

bool bc_rich_add_link(bc_rich *r, size_t start, size_t end, const char *url, unsigned flags)
{
    if (start >= end)
        return true;
    char **v = realloc(r->links, (r->nlinks + 1) * sizeof *v);
    if (!v)
        return false;
    r->links = v;
    if (!(v[r->nlinks] = bc_strdup(url)))
        return false;
    r->nlinks++;
    return bc_rich_add_span(r, start, end, flags | BC_SPAN_LINK, (int)r->nlinks);
}

const char *bc_rich_link_url(const bc_rich *r, const bc_span *sp)
{
    if (!(sp->flags & BC_SPAN_LINK) || sp->note <= 0 || (size_t)sp->note > r->nlinks)
        return NULL;
    return r->links[sp->note - 1];
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

void bc_rich_trim(bc_rich *r)
{
    if (!r->text)
        return;
    size_t a = 0, b = r->len;
    while (a < b && is_space(r->text[a]))
        a++;
    while (b > a && is_space(r->text[b - 1]))
        b--;
    if (a == 0 && b == r->len)
        return;
    memmove(r->text, r->text + a, b - a);
    r->len = b - a;
    r->text[r->len] = '\0';
    size_t k = 0;
    for (size_t i = 0; i < r->nspans; i++) {
        bc_span s = r->spans[i];
        size_t st = s.start > a ? s.start - a : 0, en = s.end > a ? s.end - a : 0;
        if (st > r->len)
            st = r->len;
        if (en > r->len)
            en = r->len;
        if (st < en) {
            s.start = st;
            s.end = en;
            r->spans[k++] = s;
        }
    }
    r->nspans = k;
}
