/* docdiff.c - word-level differences between two drafts (see docdiff.h). */
#include "docdiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

#define NONE SIZE_MAX
#define DEFAULT_MAX_CELLS ((size_t)4 << 20)
#define LOOKAHEAD 200      /* coarse block matching window */
#define PAIR_CANDIDATES 64 /* old blocks tried when pairing one new block */

/* ---- words ----------------------------------------------------------------- */

typedef struct tok {
    size_t start, end;
    uint64_t h;
} tok;

typedef struct toks {
    tok *v;
    size_t n;
    uint64_t *sorted; /* hashes sorted, for overlap; lazily built */
} toks;

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static bool tokenize(const bc_rich *r, toks *out)
{
    memset(out, 0, sizeof *out);
    const char *s = r->text ? r->text : "";
    size_t len = r->text ? r->len : 0, cap = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_blank(s[i]))
            i++;
        if (i >= len)
            break;
        size_t st = i;
        while (i < len && !is_blank(s[i]))
            i++;
        if (!BC_GROW(&out->v, &cap, out->n + 1, 16))
            return false;
        out->v[out->n++] = (tok){st, i, hash_bytes(s + st, i - st, 14695981039346656037ull)};
    }
    return true;
}

static void toks_free(toks *t)
{
    free(t->v);
    free(t->sorted);
    memset(t, 0, sizeof *t);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool toks_sort(toks *t)
{
    if (t->sorted || !t->n)
        return true;
    t->sorted = malloc(t->n * sizeof *t->sorted);
    if (!t->sorted)
        return false;
    for (size_t i = 0; i < t->n; i++)
        t->sorted[i] = t->v[i].h;
    qsort(t->sorted, t->n, sizeof *t->sorted, cmp_u64);
    return true;
}

/* Share of words in common: 2 * common / (na + nb). */
static double overlap(toks *a, toks *b)
{
    if (!a->n && !b->n)
        return 1;
    if (!a->n || !b->n || !toks_sort(a) || !toks_sort(b))
        return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->sorted[i] == b->sorted[j]) {
            common++;
            i++;
            j++;
        } else if (a->sorted[i] < b->sorted[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(a->n + b->n);
}

/* ---- longest common subsequence -------------------------------------------- */

typedef bool (*eq_fn)(void *ctx, size_t i, size_t j);

/* Fills match[i] (index in b, or NONE) for a[0, na) against b[0, nb).
 * Returns 1 when exact, 0 when the middle part (after the common prefix and
 * suffix) was too big for max_cells and is left unmatched, -1 on
 * out-of-memory. */
static int lcs(size_t na, size_t nb, eq_fn eq, void *ctx, size_t max_cells, size_t *match)
{
    for (size_t i = 0; i < na; i++)
        match[i] = NONE;
    size_t pre = 0;
    while (pre < na && pre < nb && eq(ctx, pre, pre)) {
        match[pre] = pre;
        pre++;
    }
    size_t suf = 0;
    while (suf < na - pre && suf < nb - pre && eq(ctx, na - 1 - suf, nb - 1 - suf)) {
        match[na - 1 - suf] = nb - 1 - suf;
        suf++;
    }
    size_t n = na - pre - suf, m = nb - pre - suf;
    if (!n || !m)
        return 1;
    if (n + 1 > max_cells / (m + 1))
        return 0;
    size_t w = m + 1;
    uint32_t *t = calloc((n + 1) * w, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;) {
            if (eq(ctx, pre + i, pre + j))
                t[i * w + j] = t[(i + 1) * w + j + 1] + 1;
            else {
                uint32_t down = t[(i + 1) * w + j], right = t[i * w + j + 1];
                t[i * w + j] = down > right ? down : right;
            }
        }
    size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (eq(ctx, pre + i, pre + j) && t[i * w + j] == t[(i + 1) * w + j + 1] + 1) {
            match[pre + i] = pre + j;
            i++;
            j++;
        } else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) {
            i++;
        } else {
            j++;
        }
    }
    free(t);
    return 1;
}

/* Coarse matching of a[lo_a, hi_a) with b[lo_b, hi_b): walks both, and on a
 * mismatch skips ahead to the nearer re-synchronisation within LOOKAHEAD. */
static void greedy(size_t lo_a, size_t hi_a, size_t lo_b, size_t hi_b, eq_fn eq, void *ctx,
                   size_t *match)
{
    size_t i = lo_a, j = lo_b;
    while (i < hi_a && j < hi_b) {
        if (eq(ctx, i, j)) {
            match[i++] = j++;
            continue;
        }
        size_t di = 0, dj = 0;
        for (size_t k = 1; k <= LOOKAHEAD && (!di || !dj); k++) {
            if (!dj && j + k < hi_b && eq(ctx, i, j + k))
                dj = k;
            if (!di && i + k < hi_a && eq(ctx, i + k, j))
                di = k;
        }
        if (dj && (!di || dj <= di))
            j += dj;
        else if (di)
            i += di;
        else {
            i++;
            j++;
        }
    }
}

/* LCS, or the greedy walk over the middle part when the table would be
 * too big. Same return values as lcs(). */
static int align(size_t na, size_t nb, eq_fn eq, void *ctx, size_t max_cells, size_t *match)
{
    int exact = lcs(na, nb, eq, ctx, max_cells, match);
    if (exact != 0)
        return exact;
    size_t lo_a = 0, lo_b = 0;
    while (lo_a < na && match[lo_a] != NONE)
        lo_b = match[lo_a++] + 1;
    size_t hi_a = na, hi_b = nb;
    while (hi_a > lo_a && match[hi_a - 1] != NONE)
        hi_b = match[--hi_a];
    greedy(lo_a, hi_a, lo_b, hi_b, eq, ctx, match);
    return 0;
}

/* ---- word diff of one pair of texts ---------------------------------------- */

typedef struct word_ctx {
    const char *a, *b;
    const tok *ta, *tb;
} word_ctx;

static bool word_eq(void *vctx, size_t i, size_t j)
{
    const word_ctx *c = vctx;
    const tok *x = &c->ta[i], *y = &c->tb[j];
    return x->h == y->h && x->end - x->start == y->end - y->start &&
           !memcmp(c->a + x->start, c->b + y->start, x->end - x->start);
}

typedef struct counts {
    size_t ins, del;
} counts;

static bool mark(bc_rich *r, size_t start, size_t end, unsigned flag)
{
    return bc_rich_add_span(r, start, end, flag, 0);
}

/* Compares old text (tokens ta) with new text cur (tokens tb) and marks
 * cur. Returns -1 on out-of-memory, 0 when coarse, 1 when exact. */
static int diff_words(const bc_rich *old, const toks *ta, bc_rich *cur, const toks *tb,
                      size_t max_cells, counts *c)
{
    c->ins = c->del = 0;
    size_t *match = malloc((ta->n + 1) * sizeof *match);
    bool *used = calloc(tb->n + 1, sizeof *used);
    if (!match || !used) {
        free(match);
        free(used);
        return -1;
    }
    word_ctx ctx = {old->text ? old->text : "", cur->text ? cur->text : "", ta->v, tb->v};
    int exact = align(ta->n, tb->n, word_eq, &ctx, max_cells, match);
    if (exact < 0) {
        free(match);
        free(used);
        return -1;
    }
    bool ok = true;
    /* Deletions: mark the word that follows each run of deleted words. */
    size_t jpos = 0, run_pos = 0;
    bool in_del = false;
    for (size_t k = 0; k <= ta->n && ok; k++) {
        bool matched = k < ta->n && match[k] != NONE;
        if (k == ta->n || matched) {
            if (in_del && tb->n) {
                size_t p = run_pos < tb->n ? run_pos : tb->n - 1;
                ok = mark(cur, tb->v[p].start, tb->v[p].end, BC_SPAN_DELMARK);
            }
            in_del = false;
            if (matched) {
                used[match[k]] = true;
                jpos = match[k] + 1;
            }
        } else {
            c->del++;
            if (!in_del) {
                in_del = true;
                run_pos = jpos;
            }
        }
    }
    /* Insertions: one span per run of new words. */
    for (size_t k = 0; k < tb->n && ok;) {
        if (used[k]) {
            k++;
            continue;
        }
        size_t l = k;
        while (l + 1 < tb->n && !used[l + 1])
            l++;
        c->ins += l - k + 1;
        ok = mark(cur, tb->v[k].start, tb->v[l].end, BC_SPAN_INSERTED);
        k = l + 1;
    }
    free(match);
    free(used);
    return ok ? exact : -1;
}

/* ---- blocks ---------------------------------------------------------------- */

typedef struct bref {
    size_t index;   /* in doc->blocks */
    uint64_t h;     /* kind, level, text */
    toks t;
} bref;

typedef struct block_ctx {
    const bc_doc *a, *b;
    const bref *ra, *rb;
} block_ctx;

static bool block_same(const bc_block *x, const bc_block *y)
{
    size_t lx = x->text.text ? x->text.len : 0, ly = y->text.text ? y->text.len : 0;
    return x->kind == y->kind && x->level == y->level && lx == ly &&
           (!lx || !memcmp(x->text.text, y->text.text, lx));
}

static bool block_eq(void *vctx, size_t i, size_t j)
{
    const block_ctx *c = vctx;
    return c->ra[i].h == c->rb[j].h &&
           block_same(&c->a->blocks[c->ra[i].index], &c->b->blocks[c->rb[j].index]);
}

static bref *refs_of(const bc_doc *d, size_t *n)
{
    bref *r = calloc(d->nblocks + 1, sizeof *r);
    if (!r)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const bc_block *b = &d->blocks[i];
        if (b->kind == BC_BLOCK_PAGEBREAK)
            continue;
        uint64_t h = 14695981039346656037ull;
        int kl[2] = {(int)b->kind, b->level};
        h = hash_bytes((const char *)kl, sizeof kl, h);
        if (b->text.text)
            h = hash_bytes(b->text.text, b->text.len, h);
        r[k].index = i;
        r[k].h = h;
        if (!tokenize(&b->text, &r[k].t)) {
            for (size_t j = 0; j <= k; j++)
                toks_free(&r[j].t);
            free(r);
            return NULL;
        }
        k++;
    }
    *n = k;
    return r;
}

static void refs_free(bref *r, size_t n)
{
    if (!r)
        return;
    for (size_t i = 0; i < n; i++)
        toks_free(&r[i].t);
    free(r);
}

/* ---- summary --------------------------------------------------------------- */

static bc_diff_section *add_section(bc_diff_summary *s, const char *title)
{
    bc_diff_section *v = realloc(s->sections, (s->count + 1) * sizeof *v);
    if (!v)
        return NULL;
    s->sections = v;
    bc_diff_section *sec = &v[s->count];
    memset(sec, 0, sizeof *sec);
    sec->title = bc_strdup(title);
    if (!sec->title)
        return NULL;
    s->count++;
    return sec;
}

void bc_diff_summary_free(bc_diff_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free(s->sections[i].title);
    free(s->sections);
    free(s);
}

static bool changed(const bc_diff_section *s)
{
    return s->words_inserted || s->words_deleted || s->blocks_added || s->blocks_removed ||
           s->blocks_changed;
}

/* ---- the diff -------------------------------------------------------------- */

bc_status bc_docdiff(const bc_doc *prev, bc_doc *cur, const bc_docdiff_opts *opts,
                     bc_diff_summary **out, bc_error *err)
{
    size_t max_cells = opts && opts->max_cells ? opts->max_cells : DEFAULT_MAX_CELLS;
    size_t na = 0, nb = 0;
    bref *ra = refs_of(prev, &na), *rb = refs_of(cur, &nb);
    size_t *match = ra ? malloc((na + 1) * sizeof *match) : NULL;
    size_t *pair_b = rb ? malloc((nb + 1) * sizeof *pair_b) : NULL; /* new -> old */
    size_t *sect = rb ? malloc((nb + 1) * sizeof *sect) : NULL;
    bc_diff_summary *s = calloc(1, sizeof *s);
    bool ok = ra && rb && match && pair_b && sect && s;

    /* Sections of the current draft: 0 = before the first level-1 heading. */
    ok = ok && add_section(s, "Phần mở đầu");
    bool intro_blocks = false;
    for (size_t j = 0; ok && j < nb; j++) {
        const bc_block *b = &cur->blocks[rb[j].index];
        if (b->kind == BC_BLOCK_HEADING && b->level == 1) {
            char *title = bc_strdup_printf("%s%s%s", b->number ? b->number : "",
                                           b->number ? " " : "", b->text.text ? b->text.text : "");
            ok = title && add_section(s, title);
            free(title);
        } else if (s->count == 1) {
            intro_blocks = true;
        }
        sect[j] = s->count - 1;
    }

    /* 1. Equal blocks in order. */
    if (ok) {
        block_ctx bctx = {prev, cur, ra, rb};
        int exact = align(na, nb, block_eq, &bctx, max_cells, match);
        if (exact < 0)
            ok = false;
        else if (!exact)
            s->approximate = true;
    }
    for (size_t j = 0; ok && j < nb; j++)
        pair_b[j] = NONE;
    for (size_t i = 0; ok && i < na; i++)
        if (match[i] != NONE)
            pair_b[match[i]] = i;

    /* 2. Pair the unmatched blocks between two matches by word overlap. */
    size_t *paired = ok ? malloc((na + 1) * sizeof *paired) : NULL; /* old -> new (changed) */
    ok = ok && paired;
    for (size_t i = 0; ok && i < na; i++)
        paired[i] = NONE;
    for (size_t i0 = 0, j0 = 0; ok && (i0 < na || j0 < nb);) {
        /* Gap: old [i0, i1), new [j0, j1) up to the next matched pair. */
        size_t i1 = i0;
        while (i1 < na && match[i1] == NONE)
            i1++;
        size_t j1 = i1 < na ? match[i1] : nb;
        size_t next_old = i0;
        for (size_t j = j0; j < j1 && next_old < i1; j++) {
            const bc_block *bj = &cur->blocks[rb[j].index];
            size_t best = NONE;
            double best_sim = 0.4;
            for (size_t i = next_old; i < i1 && i < next_old + PAIR_CANDIDATES; i++) {
                const bc_block *bi = &prev->blocks[ra[i].index];
                if (bi->kind != bj->kind || bi->level != bj->level)
                    continue;
                double sim = overlap(&ra[i].t, &rb[j].t);
                if (sim >= best_sim) {
                    best_sim = sim;
                    best = i;
                }
            }
            if (best != NONE) {
                paired[best] = j;
                next_old = best + 1;
            }
        }
        if (i1 >= na)
            break;
        i0 = i1 + 1;
        j0 = match[i1] + 1;
    }

    /* 3. Words of paired blocks; added and removed blocks. */
    bool *is_paired_b = ok ? calloc(nb + 1, sizeof *is_paired_b) : NULL;
    ok = ok && is_paired_b;
    for (size_t i = 0; ok && i < na; i++)
        if (paired[i] != NONE)
            is_paired_b[paired[i]] = true;
    for (size_t i = 0; ok && i < na; i++) {
        if (paired[i] == NONE)
            continue;
        size_t j = paired[i];
        counts c;
        int r = diff_words(&prev->blocks[ra[i].index].text, &ra[i].t,
                           &cur->blocks[rb[j].index].text, &rb[j].t, max_cells, &c);
        if (r < 0) {
            ok = false;
            break;
        }
        if (r == 0)
            s->approximate = true;
        bc_diff_section *sec = &s->sections[sect[j]];
        sec->words_inserted += c.ins;
        sec->words_deleted += c.del;
        if (c.ins || c.del)
            sec->blocks_changed++;
    }
    for (size_t j = 0; ok && j < nb; j++) {
        if (pair_b[j] != NONE || is_paired_b[j])
            continue;
        bc_rich *t = &cur->blocks[rb[j].index].text;
        bc_diff_section *sec = &s->sections[sect[j]];
        sec->blocks_added++;
        sec->words_inserted += rb[j].t.n;
        if (rb[j].t.n)
            ok = mark(t, rb[j].t.v[0].start, rb[j].t.v[rb[j].t.n - 1].end, BC_SPAN_INSERTED);
    }
    /* Removed blocks: the first word of the next current block gets the
     * mark (the last word of the document when nothing follows). */
    size_t last_partner = NONE; /* new index of the latest old block with a partner */
    for (size_t i = 0; ok && i < na; i++) {
        size_t partner = match[i] != NONE ? match[i] : paired[i];
        if (partner != NONE) {
            last_partner = partner;
            continue;
        }
        size_t j = last_partner == NONE ? 0 : last_partner + 1;
        while (j < nb && !rb[j].t.n)
            j++;
        size_t sidx = j < nb ? sect[j] : (nb ? sect[nb - 1] : 0);
        bc_diff_section *sec = &s->sections[sidx];
        sec->blocks_removed++;
        sec->words_deleted += ra[i].t.n;
        if (j < nb) {
            ok = mark(&cur->blocks[rb[j].index].text, rb[j].t.v[0].start, rb[j].t.v[0].end,
                      BC_SPAN_DELMARK);
        } else {
            size_t k = nb;
            while (k > 0 && !rb[k - 1].t.n)
                k--;
            if (k > 0) {
                const toks *t = &rb[k - 1].t;
                ok = mark(&cur->blocks[rb[k - 1].index].text, t->v[t->n - 1].start,
                          t->v[t->n - 1].end, BC_SPAN_DELMARK);
            }
        }
    }

    /* 4. Footnotes, by number. */
    bc_diff_section notes = {0};
    for (size_t k = 0; ok && k < prev->nnotes && k < cur->nnotes; k++) {
        toks ta = {0}, tb = {0};
        if (!tokenize(&prev->notes[k].text, &ta) || !tokenize(&cur->notes[k].text, &tb)) {
            toks_free(&ta);
            toks_free(&tb);
            ok = false;
            break;
        }
        counts c;
        int r = diff_words(&prev->notes[k].text, &ta, &cur->notes[k].text, &tb, max_cells, &c);
        toks_free(&ta);
        toks_free(&tb);
        if (r < 0) {
            ok = false;
            break;
        }
        if (r == 0)
            s->approximate = true;
        notes.words_inserted += c.ins;
        notes.words_deleted += c.del;
        if (c.ins || c.del)
            notes.blocks_changed++;
    }
    for (size_t k = prev->nnotes; ok && k < cur->nnotes; k++) {
        toks t = {0};
        if (!tokenize(&cur->notes[k].text, &t)) {
            toks_free(&t);
            ok = false;
            break;
        }
        notes.blocks_added++;
        notes.words_inserted += t.n;
        if (t.n)
            ok = mark(&cur->notes[k].text, t.v[0].start, t.v[t.n - 1].end, BC_SPAN_INSERTED);
        toks_free(&t);
    }
    for (size_t k = cur->nnotes; ok && k < prev->nnotes; k++) {
        toks t = {0};
        if (!tokenize(&prev->notes[k].text, &t)) {
            toks_free(&t);
            ok = false;
            break;
        }
        notes.blocks_removed++;
        notes.words_deleted += t.n;
        toks_free(&t);
    }
    if (ok && changed(&notes)) {
        bc_diff_section *sec = add_section(s, "Chú thích");
        if (!sec)
            ok = false;
        else {
            char *title = sec->title;
            *sec = notes;
            sec->title = title;
        }
    }

    /* Drop an empty introduction; totals. */
    if (ok && s->count && !intro_blocks && !changed(&s->sections[0])) {
        free(s->sections[0].title);
        memmove(s->sections, s->sections + 1, (s->count - 1) * sizeof *s->sections);
        s->count--;
    }
    for (size_t k = 0; ok && k < s->count; k++) {
        const bc_diff_section *x = &s->sections[k];
        s->total.words_inserted += x->words_inserted;
        s->total.words_deleted += x->words_deleted;
        s->total.blocks_added += x->blocks_added;
        s->total.blocks_removed += x->blocks_removed;
        s->total.blocks_changed += x->blocks_changed;
    }

    refs_free(ra, na);
    refs_free(rb, nb);
    free(match);
    free(pair_b);
    free(sect);
    free(paired);
    free(is_paired_b);
    if (!ok) {
        bc_diff_summary_free(s);
        return bc_nomem(err);
    }
    *out = s;
    return BC_OK;
}
