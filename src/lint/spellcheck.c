/* spellcheck.c - spelling and damaged-text check (spellcheck.h). */
#include "spellcheck.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hunspell.h>
#include <stddef.h>
#include <utf8proc.h>

#include "dynlib.h"
#include "grow.h"
#include "strbuf.h"
#include "text.h"
#include "vntone.h"
#include "yamltree.h"

/* ---- a small string-keyed hash table ---- */

typedef struct wentry {
    char *key;          /* owned; NULL = empty slot */
    int state;          /* word cache: 0 unknown, 1 correct, 2 wrong */
    char **sugg;        /* suggestions (owned, NULL-terminated) once asked */
    bool sugg_done;
    void *data;         /* source cache: the loaded file */
    /* word-info cache (word as written): */
    bool info;
    bool nonascii, marked_caps, first_upper;
    unsigned short letters, upper, lower;
    signed char tone;   /* bc_tone_style */
    signed char ok;     /* accepted or in the dictionary; -1 = not looked up */
    char *alt;          /* in the other tone placement (owned) */
} wentry;

typedef struct wtable {
    wentry *slots;
    size_t cap, count;
} wtable;

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static wentry *wt_find(const wtable *t, const char *s, size_t n)
{
    if (!t->cap)
        return NULL;
    for (size_t i = hash_str(s, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        wentry *e = &t->slots[i];
        if (!e->key)
            return NULL;
        if (!strncmp(e->key, s, n) && e->key[n] == '\0')
            return e;
    }
}

static bool wt_grow(wtable *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    wentry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t k = 0; k < t->cap; k++) {
        wentry *e = &t->slots[k];
        if (!e->key)
            continue;
        size_t i = hash_str(e->key, strlen(e->key)) & (cap - 1);
        while (slots[i].key)
            i = (i + 1) & (cap - 1);
        slots[i] = *e;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return true;
}

/* The entry for s[0..n), added when missing; NULL on out-of-memory. */
static wentry *wt_get(wtable *t, const char *s, size_t n)
{
    wentry *e = wt_find(t, s, n);
    if (e)
        return e;
    if ((t->count + 1) * 2 > t->cap && !wt_grow(t))
        return NULL;
    size_t i = hash_str(s, n) & (t->cap - 1);
    while (t->slots[i].key)
        i = (i + 1) & (t->cap - 1);
    e = &t->slots[i];
    e->key = malloc(n + 1);
    if (!e->key)
        return NULL;
    memcpy(e->key, s, n);
    e->key[n] = '\0';
    t->count++;
    return e;
}

typedef struct source_file {
    char *text;          /* NULL when it could not be read */
    size_t len;
    size_t *line_off;    /* byte offset of each line start; [0] = line 1 */
    size_t nlines;
} source_file;

static void wt_free(wtable *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        wentry *e = &t->slots[i];
        if (!e->key)
            continue;
        free(e->key);
        free(e->alt);
        for (size_t k = 0; e->sugg && e->sugg[k]; k++)
            free(e->sugg[k]);
        free(e->sugg);
        source_file *sf = e->data;
        if (sf) {
            free(sf->text);
            free(sf->line_off);
            free(sf);
        }
    }
    free(t->slots);
    *t = (wtable){0};
}

/* ---- word lists ---- */

/* The word on the line at *p (one a line, '#' comments, blanks around
 * it trimmed): *w and *n, or *n = 0 for none; *p moves to the next line.
 * false at the end of text. */
static bool next_word(char **p, char **w, size_t *n)
{
    char *q = *p;
    if (!*q)
        return false;
    char *eol = strchr(q, '\n');
    char *end = eol ? eol : q + strlen(q);
    char *hash = memchr(q, '#', (size_t)(end - q));
    char *stop = hash ? hash : end;
    while (q < stop && (*q == ' ' || *q == '\t'))
        q++;
    while (stop > q && (stop[-1] == ' ' || stop[-1] == '\t' || stop[-1] == '\r'))
        stop--;
    *w = q;
    *n = (size_t)(stop - q);
    *p = eol ? eol + 1 : end;
    return true;
}

/* Adds the words of path (one a line, '#' comments) to set. missing_ok:
 * a file that does not exist is no error. */
static bc_status load_words(wtable *set, const char *path, bool missing_ok, bool raw,
                            bc_error *err)
{
    struct stat sb;
    if (missing_ok && stat(path, &sb) != 0)
        return BC_OK;
    char *text = NULL;
    size_t len = 0;
    bc_status st = raw ? bc_file_read(path, &text, &len, err) : bc_text_load(path, &text, &len, err);
    if (st)
        return st;
    char *p = text, *w;
    size_t n;
    while (next_word(&p, &w, &n)) {
        if (n && !wt_get(set, w, n)) {
            free(text);
            return bc_nomem(err);
        }
    }
    free(text);
    return BC_OK;
}

/* A set of words, keys only: the dictionary (~6 600 words read at every
 * start) as pointers into its own text, 8 bytes a slot, sized once. */
typedef struct kset {
    char **keys;        /* open addressing; NULL = empty slot */
    size_t cap;         /* a power of two, at least twice the words */
    char *text;         /* owned: the file, the words NUL-terminated in place */
} kset;

static bool ks_has(const kset *t, const char *s, size_t n)
{
    if (!t->cap)
        return false;
    for (size_t i = hash_str(s, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const char *k = t->keys[i];
        if (!k)
            return false;
        if (!strncmp(k, s, n) && k[n] == '\0')
            return true;
    }
}

static void ks_free(kset *t)
{
    free(t->keys);
    free(t->text);
    *t = (kset){0};
}

/* The words of path (as load_words reads them, the bytes as they are). */
static bc_status ks_load(kset *t, const char *path, bc_error *err)
{
    size_t len = 0;
    bc_status st = bc_file_read(path, &t->text, &len, err);
    if (st)
        return st;
    size_t lines = 1;
    for (const char *q = t->text; (q = memchr(q, '\n', len - (size_t)(q - t->text))); q++)
        lines++;
    t->cap = 256;
    while (t->cap < lines * 2)
        t->cap *= 2;
    if (!(t->keys = calloc(t->cap, sizeof *t->keys))) {
        ks_free(t);
        return bc_nomem(err);
    }
    char *p = t->text, *w;
    size_t n;
    while (next_word(&p, &w, &n)) {
        if (!n || ks_has(t, w, n))
            continue;
        size_t i = hash_str(w, n) & (t->cap - 1);
        while (t->keys[i])
            i = (i + 1) & (t->cap - 1);
        t->keys[i] = w;
        w[n] = '\0'; /* p is already past it */
    }
    return BC_OK;
}

/* ---- the speller ---- */

/* libhunspell's functions, opened with the first suggestion (dynlib.h):
 * a render that needs none does not load the library (nor its C++
 * run-time's start-up). */
typedef struct hun_api {
    __typeof__(Hunspell_create) *create;
    __typeof__(Hunspell_suggest) *suggest;
    __typeof__(Hunspell_free_list) *free_list;
    __typeof__(Hunspell_destroy) *destroy;
} hun_api;

static const bc_dynsym HUN_SYMS[] = {
    {"Hunspell_create", offsetof(hun_api, create)},
    {"Hunspell_suggest", offsetof(hun_api, suggest)},
    {"Hunspell_free_list", offsetof(hun_api, free_list)},
    {"Hunspell_destroy", offsetof(hun_api, destroy)},
};

/* Lookups go to a hash table of the dictionary's words (vi_VN.dic is a
 * plain list of syllables: no affixes), which loads in a fraction of a
 * millisecond; libhunspell, whose set-up costs several, is opened and
 * started only when a suggestion is wanted. */
struct bc_speller {
    char *aff, *dic;    /* paths */
    kset words;         /* the dictionary */
    bc_dynlib *hlib;    /* libhunspell, NULL until the first suggestion */
    hun_api hun;
    bool hlib_failed;   /* libhunspell could not be opened: quick suggestions only */
    Hunhandle *h;       /* NULL until the first suggestion */
    wtable accepted;    /* shipped word list */
    /* The .aff file's MAP classes (letters confused with one another: the
     * tones and marks of one vowel) and REP pairs, for quick suggestions. */
    int32_t map[32][24];
    size_t map_len[32], nmap;
    char rep[32][2][8];
    size_t nrep;
};

/* Reads the MAP and REP lines of the .aff file (a missing file: none). */
static void load_aff_rules(bc_speller *sp)
{
    char *text = NULL;
    size_t len = 0;
    bc_error ignore = BC_ERROR_INIT;
    if (bc_text_load(sp->aff, &text, &len, &ignore) != BC_OK) {
        bc_error_clear(&ignore);
        return;
    }
    char *save = NULL; /* strtok_r: spellers may be loaded on several threads at once */
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "MAP ", 4) && !(line[4] >= '0' && line[4] <= '9') && sp->nmap < 32) {
            size_t k = 0;
            for (const char *p = line + 4; *p && *p != ' ' && k < 24;) {
                int32_t cp;
                p += bc_utf8_decode(p, &cp);
                sp->map[sp->nmap][k++] = cp;
            }
            sp->map_len[sp->nmap++] = k;
        } else if (!strncmp(line, "REP ", 4) && !(line[4] >= '0' && line[4] <= '9') &&
                   sp->nrep < 32) {
            char a[8], b[8];
            if (sscanf(line + 4, "%7s %7s", a, b) == 2) {
                memcpy(sp->rep[sp->nrep][0], a, sizeof a);
                memcpy(sp->rep[sp->nrep][1], b, sizeof b);
                sp->nrep++;
            }
        }
    }
    free(text);
}

bc_status bc_speller_load(const char *dict_dir, const char *words_file, bc_speller **out,
                          bc_error *err)
{
    *out = NULL;
    if (!dict_dir)
        dict_dir = BC_SPELL_DICT_DIR;
    char *aff = bc_strdup_printf("%s/vi_VN.aff", dict_dir);
    char *dic = bc_strdup_printf("%s/vi_VN.dic", dict_dir);
    bc_speller *sp = calloc(1, sizeof *sp);
    if (!aff || !dic || !sp) {
        free(aff);
        free(dic);
        free(sp);
        return bc_nomem(err);
    }
    struct stat sb;
    bc_status st = BC_OK;
    sp->aff = aff;
    sp->dic = dic;
    if (stat(aff, &sb) != 0 || stat(dic, &sb) != 0)
        st = bc_error_set(err, BC_E_INPUT, dic, 0, 0,
                          "không có từ điển tiếng Việt của hunspell; hãy cài gói hunspell-vi "
                          "(apt-get install hunspell-vi)");
    else
        st = ks_load(&sp->words, dic, err); /* NFC already */
    if (!st)
        load_aff_rules(sp);
    if (!st && words_file)
        st = load_words(&sp->accepted, words_file, true, false, err);
    if (st) {
        bc_speller_free(sp);
        return st;
    }
    *out = sp;
    return BC_OK;
}

void bc_speller_free(bc_speller *sp)
{
    if (!sp)
        return;
    if (sp->h)
        sp->hun.destroy(sp->h);
    bc_dynlib_close(sp->hlib);
    free(sp->aff);
    free(sp->dic);
    ks_free(&sp->words);
    wt_free(&sp->accepted);
    free(sp);
}

/* ---- one run ---- */

typedef struct tone_place {
    bc_tone_style style;
    char *word;          /* as written (owned) */
    char *alt;           /* in the other style (owned) */
    char *file;          /* owned copy */
    int line, column, end_line;
    int word_column;     /* column of the word when the file cannot be searched */
} tone_place;

typedef struct pending {
    size_t off, len;     /* the word in the text */
    int code;            /* 1 = CT01, 4 = CT04 */
} pending;

/* Word findings (CT01, CT04) per document beyond which only a count is
 * reported: a text in another language or a generated one would otherwise
 * bury the rest (and each suggestion costs a dictionary search). */
#define MAX_WORD_FINDINGS 100

struct bc_spell_run {
    bc_speller *sp;
    size_t word_findings;    /* CT01/CT04 reported so far */
    size_t suggest_calls;    /* Hunspell_suggest calls so far */
    size_t words_unreported; /* past MAX_WORD_FINDINGS */
    char *first_unreported;  /* "file:line:column" of the first of those */
    wtable local;        /* the report's accepted words */
    wtable cache;        /* word -> correct / wrong (+ suggestions) */
    wtable info;         /* word as written -> its letters, case, tone, verdict */
    wtable sources;      /* file -> source_file, for placing findings */
    tone_place *tones;
    size_t ntones, tones_cap;
    pending *pend;
    size_t npend, pend_cap;
};

bc_spell_run *bc_spell_run_new(bc_speller *sp)
{
    bc_spell_run *run = calloc(1, sizeof *run);
    if (run)
        run->sp = sp;
    return run;
}

void bc_spell_run_free(bc_spell_run *run)
{
    if (!run)
        return;
    free(run->first_unreported);
    wt_free(&run->local);
    wt_free(&run->cache);
    wt_free(&run->info);
    wt_free(&run->sources);
    for (size_t i = 0; i < run->ntones; i++) {
        free(run->tones[i].word);
        free(run->tones[i].alt);
        free(run->tones[i].file);
    }
    free(run->tones);
    free(run->pend);
    free(run);
}

bc_status bc_spell_run_add_words(bc_spell_run *run, const char *path, bc_error *err)
{
    return load_words(&run->local, path, false, false, err);
}

/* ---- characters ---- */

static bool is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return true;
    default:
        return false;
    }
}

static bool is_digit(int32_t cp) { return cp >= '0' && cp <= '9'; }
static inline bool is_alnum(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    return is_letter(cp);
}

static bool is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F ||
           cp == 0x2009;
}

static int32_t cp_at(const char *s, size_t len, size_t i, size_t *next)
{
    if ((unsigned char)s[i] < 0x80) {
        *next = i + 1;
        return (unsigned char)s[i];
    }
    int32_t cp = 0;
    size_t k = bc_utf8_seq((const unsigned char *)s + i, len - i, &cp);
    if (!k) {
        *next = i + 1;
        return 0xFFFD;
    }
    *next = i + k;
    return cp;
}

/* ---- placing findings in their files ---- */

static source_file *source_of(bc_spell_run *run, const char *file)
{
    if (!file)
        return NULL;
    wentry *e = wt_get(&run->sources, file, strlen(file));
    if (!e)
        return NULL;
    if (e->data)
        return e->data;
    source_file *sf = calloc(1, sizeof *sf);
    if (!sf)
        return NULL;
    e->data = sf;
    bc_error ignore = BC_ERROR_INIT;
    /* The raw bytes: text.h's loading (validation, NFC) is not needed to
     * find a word again, and costs more than the check itself. */
    if (bc_file_read(file, &sf->text, &sf->len, &ignore) != BC_OK) {
        sf->text = NULL;
        bc_error_clear(&ignore);
        return sf;
    }
    size_t n = 1;
    for (size_t i = 0; i < sf->len; i++)
        n += sf->text[i] == '\n';
    sf->line_off = malloc(n * sizeof *sf->line_off);
    if (!sf->line_off) {
        free(sf->text);
        sf->text = NULL;
        return sf;
    }
    sf->line_off[0] = 0;
    sf->nlines = 1;
    for (size_t i = 0; i < sf->len; i++)
        if (sf->text[i] == '\n')
            sf->line_off[sf->nlines++] = i + 1;
    return sf;
}

/* Finds word (whole word) in the source from *cursor (set on the first
 * call from where) and fills line/column; false when not found. */
static bool place_word(bc_spell_run *run, const bc_spell_where *w, size_t *cursor,
                       const char *word, size_t wlen, int *line, int *column)
{
    source_file *sf = source_of(run, w->file);
    if (!sf || !sf->text || w->line < 1 || (size_t)w->line > sf->nlines)
        return false;
    size_t start = sf->line_off[w->line - 1];
    if (w->column > 1)
        for (int c = 1; c < w->column && start < sf->len && sf->text[start] != '\n'; c++) {
            size_t nx;
            cp_at(sf->text, sf->len, start, &nx);
            start = nx;
        }
    if (*cursor == (size_t)-1 || *cursor < start)
        *cursor = start;
    size_t end = sf->len;
    if (w->end_line > 0 && (size_t)w->end_line < sf->nlines)
        end = sf->line_off[w->end_line]; /* through the end of end_line */
    for (size_t i = *cursor; i + wlen <= end; i++) {
        if (memcmp(sf->text + i, word, wlen) != 0)
            continue;
        bool left_ok = true, right_ok = true;
        if (i > 0) {
            size_t b = i - 1;
            while (b > 0 && ((unsigned char)sf->text[b] & 0xC0) == 0x80)
                b--;
            size_t nx;
            left_ok = !is_alnum(cp_at(sf->text, sf->len, b, &nx));
        }
        if (i + wlen < sf->len) {
            size_t nx;
            right_ok = !is_alnum(cp_at(sf->text, sf->len, i + wlen, &nx));
        }
        if (!left_ok || !right_ok)
            continue;
        size_t lo = 0, hi = sf->nlines; /* line containing i */
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (sf->line_off[mid] <= i)
                lo = mid;
            else
                hi = mid;
        }
        *line = (int)lo + 1;
        *column = (int)bc_utf8_length(sf->text + sf->line_off[lo], i - sf->line_off[lo]) + 1;
        *cursor = i + wlen;
        return true;
    }
    return false;
}

static void place(bc_spell_run *run, const bc_spell_where *w, size_t *cursor, const char *text,
                  size_t off, size_t wlen, int *line, int *column)
{
    if (place_word(run, w, cursor, text + off, wlen, line, column))
        return;
    *line = w->line;
    *column = w->column ? w->column + (int)bc_utf8_length(text, off) : 0;
}

/* ---- looking words up ---- */

static bool accepted(const bc_spell_run *run, const char *w, size_t n, const char *lower)
{
    return wt_find(&run->local, w, n) || wt_find(&run->sp->accepted, w, n) ||
           (lower && (wt_find(&run->local, lower, strlen(lower)) ||
                      wt_find(&run->sp->accepted, lower, strlen(lower))));
}

static char *lower_of(const char *s, size_t n);

/* In the dictionary as written, in the other tone placement, or (for a
 * capitalised word) in lower case, as hunspell would accept it. */
static bool in_dict(const bc_speller *sp, const char *w, size_t n)
{
    char alt[64];
    if (ks_has(&sp->words, w, n) ||
        (bc_tone_classify(w, n, alt, sizeof alt) != BC_TONE_NEUTRAL && alt[0] &&
         ks_has(&sp->words, alt, strlen(alt))))
        return true;
    char *lw = lower_of(w, n);
    bool ok = false;
    if (lw && strcmp(lw, w))
        ok = in_dict(sp, lw, strlen(lw));
    free(lw);
    return ok;
}

/* The cache entry of w (state 1 correct, 2 wrong); NULL on out-of-memory. */
static wentry *lookup(bc_spell_run *run, const char *w, size_t n)
{
    wentry *e = wt_get(&run->cache, w, n);
    if (!e || e->state)
        return e;
    e->state = in_dict(run->sp, e->key, n) ? 1 : 2;
    return e;
}

/* Hunspell's search for suggestions takes milliseconds for a syllable but
 * up to a second for a long word: only syllable-length words get
 * suggestions, and only so many per document. */
#define MAX_SUGGEST_CHARS 7
#define MAX_SUGGEST_CALLS 30

static void add_sugg(char **sugg, const char *w)
{
    size_t k = 0;
    while (sugg[k]) {
        if (!strcmp(sugg[k], w))
            return;
        k++;
    }
    if (k < BC_ADIAG_MAX_SUGGEST)
        sugg[k] = bc_strdup(w);
}

static size_t nsugg(char *const *sugg)
{
    size_t k = 0;
    while (sugg[k])
        k++;
    return k;
}

/* Suggestions from the dictionary alone: one letter swapped for another of
 * its MAP class (the same vowel first: another tone), a REP replacement, a
 * letter dropped. Cheap: a few hundred hash lookups. */
static void quick_suggestions(const bc_speller *sp, const char *w, char **sugg)
{
    int32_t cps[16];
    size_t n = 0;
    for (const char *p = w; *p && n < 16;)
        p += bc_utf8_decode(p, &cps[n++]);
    if (n >= 16)
        return;
    char buf[80];
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && nsugg(sugg) < BC_ADIAG_MAX_SUGGEST; i++)
            for (size_t m = 0; m < sp->nmap; m++) {
                bool member = false;
                for (size_t k = 0; k < sp->map_len[m]; k++)
                    member |= sp->map[m][k] == cps[i];
                if (!member)
                    continue;
                /* pass 0: classes of one vowel (first member's base) - tones;
                 * pass 1: the other classes (marks, neighbours). */
                bool vowel_class = m < 16;
                if ((pass == 0) != vowel_class)
                    continue;
                for (size_t k = 0; k < sp->map_len[m]; k++) {
                    if (sp->map[m][k] == cps[i])
                        continue;
                    size_t o = 0;
                    for (size_t j = 0; j < n && o + 5 < sizeof buf; j++)
                        o += (size_t)bc_utf8_encode(j == i ? sp->map[m][k] : cps[j], buf + o);
                    buf[o] = '\0';
                    if (ks_has(&sp->words, buf, o))
                        add_sugg(sugg, buf);
                }
            }
    size_t wl = strlen(w);
    for (size_t r = 0; r < sp->nrep && nsugg(sugg) < BC_ADIAG_MAX_SUGGEST; r++) {
        const char *from = sp->rep[r][0], *to = sp->rep[r][1];
        size_t fl = strlen(from), tl = strlen(to);
        for (const char *hit = strstr(w, from); hit; hit = strstr(hit + 1, from)) {
            size_t pre = (size_t)(hit - w);
            if (pre + tl + (wl - pre - fl) + 1 > sizeof buf)
                break;
            memcpy(buf, w, pre);
            memcpy(buf + pre, to, tl);
            memcpy(buf + pre + tl, hit + fl, wl - pre - fl + 1);
            if (ks_has(&sp->words, buf, strlen(buf)))
                add_sugg(sugg, buf);
        }
    }
    for (size_t i = 0; i < n && n > 2 && nsugg(sugg) < BC_ADIAG_MAX_SUGGEST; i++) {
        size_t o = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                o += (size_t)bc_utf8_encode(cps[j], buf + o);
        buf[o] = '\0';
        if (ks_has(&sp->words, buf, o))
            add_sugg(sugg, buf);
    }
}

static void suggestions(bc_spell_run *run, wentry *e)
{
    if (e->sugg_done)
        return;
    e->sugg_done = true;
    e->sugg = calloc(BC_ADIAG_MAX_SUGGEST + 1, sizeof *e->sugg);
    if (!e->sugg)
        return;
    quick_suggestions(run->sp, e->key, e->sugg);
    if (e->sugg[0])
        return; /* hunspell (slow to start) only when these find nothing */
    if (bc_utf8_length(e->key, strlen(e->key)) > MAX_SUGGEST_CHARS ||
        run->suggest_calls >= MAX_SUGGEST_CALLS)
        return;
    run->suggest_calls++;
    bc_speller *sp = run->sp;
    if (!sp->hlib && !sp->hlib_failed) {
        /* Without the library the quick suggestions above are all there is
         * (the same as when hunspell cannot start): not an error. */
        bc_error ignore = BC_ERROR_INIT;
        sp->hlib_failed = bc_dynlib_open(BAOCAO_HUNSPELL_SONAME, "libhunspell-1.7-0", HUN_SYMS,
                                         sizeof HUN_SYMS / sizeof HUN_SYMS[0], &sp->hun,
                                         &sp->hlib, &ignore) != BC_OK;
        bc_error_clear(&ignore);
    }
    if (!sp->hlib || (!sp->h && !(sp->h = sp->hun.create(sp->aff, sp->dic))))
        return;
    char **list = NULL;
    int n = sp->hun.suggest(sp->h, &list, e->key);
    for (int i = 0, k = 0; e->sugg && i < n && k < BC_ADIAG_MAX_SUGGEST; i++)
        if (strchr(list[i], ' ') == NULL && (e->sugg[k] = bc_strdup(list[i])))
            k++;
    if (list)
        sp->hun.free_list(sp->h, &list, n);
}

/* Lower case of s[0..n); caller frees. */
static char *lower_of(const char *s, size_t n)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; i < n;) {
        size_t nx;
        int32_t cp = cp_at(s, n, i, &nx);
        char enc[4];
        bc_buf_append(&b, enc, (size_t)bc_utf8_encode(utf8proc_tolower(cp), enc));
        i = nx;
    }
    return bc_buf_detach(&b);
}

/* ---- units after numbers ---- */

static const char *const UNITS[] = {
    "Hz", "kHz", "MHz", "GHz", "km", "cm", "mm", "m", "kg", "g", "ha", "m2", "m3", "km2",
    "kW", "kWh", "MW", "MWh", "GB", "MB", "KB", "TB", "Mbps", "Gbps", "ms", "h", "l", "ml",
    "tr", "USD", "VND", "VNĐ", "đ", "km/h", "dB", "mg", "tấn", NULL};

/* ---- one text ---- */

typedef struct para_stats {
    size_t words;     /* lower-case words (and words opening a sentence) */
    size_t marked;    /* of which carry a Vietnamese mark (non-ASCII) */
    size_t unknown;   /* of which are not in the dictionary */
    size_t digitword; /* short words with digits inside: "1ap", "b0", "d6" */
} para_stats;

static void add_pending(bc_spell_run *run, size_t off, size_t len, int code)
{
    if (!BC_GROW(&run->pend, &run->pend_cap, run->npend + 1, 16))
        return;
    run->pend[run->npend++] = (pending){off, len, code};
}

static void add_tone(bc_spell_run *run, bc_tone_style style, const char *w, size_t n,
                     const char *alt, const bc_spell_where *where, int word_column)
{
    if (!BC_GROW(&run->tones, &run->tones_cap, run->ntones + 1, 16))
        return;
    char *word = malloc(n + 1);
    if (!word)
        return;
    memcpy(word, w, n);
    word[n] = '\0';
    run->tones[run->ntones++] = (tone_place){style, word, bc_strdup(alt), bc_strdup(where->file),
                                             where->line, where->column, where->end_line,
                                             word_column};
}

/* A word of letters only, at text[off..off+n). start: it opens a
 * sentence; after_number: it follows a number ("106,5 Mz"). */
/* What a distinct word is made of, computed once per run; NULL on
 * out-of-memory. */
static wentry *word_info(bc_spell_run *run, const char *w, size_t n)
{
    wentry *e = wt_get(&run->info, w, n);
    if (!e || e->info)
        return e;
    e->info = true;
    e->ok = -1;
    for (size_t i = 0; i < n;) {
        size_t nx;
        int32_t cp = cp_at(w, n, i, &nx);
        bool up, lo;
        if (cp < 0x80) {
            up = cp >= 'A' && cp <= 'Z';
            lo = cp >= 'a' && cp <= 'z';
        } else {
            up = utf8proc_isupper(cp);
            lo = utf8proc_islower(cp);
            e->nonascii = true;
            if (cp != 0x110 && cp != 0x111) /* Đ đ: abbreviations (HĐND) have it */
                e->marked_caps = true;
        }
        if (i == 0)
            e->first_upper = up;
        if (e->letters < 0xFFFF)
            e->letters++;
        e->upper += up && e->upper < 0xFFFF;
        e->lower += lo && e->lower < 0xFFFF;
        i = nx;
    }
    char alt[64];
    e->tone = (signed char)(n < sizeof alt ? bc_tone_classify(w, n, alt, sizeof alt)
                                           : BC_TONE_NEUTRAL);
    if (e->tone != BC_TONE_NEUTRAL && alt[0])
        e->alt = bc_strdup(alt);
    else
        e->tone = BC_TONE_NEUTRAL;
    return e;
}

/* Accepted: a listed word, or in the dictionary (any tone placement, and
 * in lower case for capitalised and all-caps words). Once per word. */
static bool word_ok(bc_spell_run *run, wentry *e)
{
    if (e->ok >= 0)
        return e->ok;
    size_t n = strlen(e->key);
    char *lw = e->upper ? lower_of(e->key, n) : NULL;
    e->ok = accepted(run, e->key, n, lw) || in_dict(run->sp, e->key, n);
    free(lw);
    return e->ok;
}

/* A word of letters only, at text[off..off+n). start: it opens a
 * sentence; after_number: it follows a number ("106,5 Mz"). */
static void check_word(bc_spell_run *run, const char *text, size_t off, size_t n, bool start,
                       bool after_number, const bc_spell_where *where, para_stats *ps)
{
    const char *w = text + off;
    wentry *e = word_info(run, w, n);
    if (!e)
        return;
    if (e->tone != BC_TONE_NEUTRAL)
        add_tone(run, (bc_tone_style)e->tone, w, n, e->alt, where,
                 where->column ? where->column + (int)bc_utf8_length(text, off) : 0);
    size_t letters = e->letters, upper = e->upper, lower = e->lower;
    bool nonascii = e->nonascii;
    bool all_caps = letters >= 2 && upper == letters;
    bool capitalised = e->first_upper && upper == 1 && lower + 1 == letters;
    if (after_number && letters <= 4 && !nonascii && upper && lower) {
        /* A unit: "106,5 MHz". Vietnamese words after numbers are lower
         * case; a short capitalised non-syllable there is a unit. */
        for (size_t u = 0; UNITS[u]; u++)
            if (strlen(UNITS[u]) == n && !memcmp(UNITS[u], w, n))
                return;
        if (!word_ok(run, e))
            add_pending(run, off, n, 4);
        return;
    }
    if (letters == 1 || (!all_caps && !capitalised && upper))
        return; /* single letters, mixed case (iPhone, TTr) */
    if (all_caps && !e->marked_caps)
        return; /* abbreviations, Roman numerals */
    if (capitalised && !start)
        return; /* names */
    if (!all_caps) {
        ps->words++;
        ps->marked += nonascii;
    }
    if (word_ok(run, e))
        return;
    if (!all_caps)
        ps->unknown++;
    if (capitalised && !nonascii)
        return; /* a foreign name opening a sentence */
    add_pending(run, off, n, 1);
}

/* A whitespace-free chunk that is a URL, an e-mail address or a code: one
 * pass over its bytes. */
static bool skip_chunk(const char *s, size_t n)
{
    bool slash = false, code_char = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '@': case '_': case '=': case '\\':
            return true;
        case ':':
            if (i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/')
                return true;
            break;
        case '.': /* domains and joined abbreviations: a.b, www.x */
            if (i > 0 && i + 1 < n && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z') &&
                ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))
                return true;
            break;
        case '/':
            slash = true;
            break;
        default:
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == 0xC4) /* Đ */
                code_char = true;
        }
    }
    return slash && code_char; /* 4034/QĐ-UBND, V/v */
}

static bool is_sentence_end(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';' || cp == 0x2026;
}

/* The paragraph's text without its line breaks, cut to about 60 characters. */
static char *excerpt(const char *text, size_t len)
{
    bc_buf b = BC_BUF_INIT;
    size_t chars = 0;
    for (size_t i = 0; i < len && chars < 60;) {
        size_t nx;
        cp_at(text, len, i, &nx);
        if (text[i] == '\n')
            bc_buf_puts(&b, " ");
        else
            bc_buf_append(&b, text + i, nx - i);
        chars++;
        i = nx;
    }
    if (chars >= 60)
        bc_buf_puts(&b, "…");
    return bc_buf_detach(&b);
}

void bc_spell_run_text(bc_spell_run *run, const char *text, size_t len,
                       const bc_spell_where *where, bool paragraph, bc_adiags *out)
{
    para_stats ps = {0};
    run->npend = 0;
    bool start = true, prev_number = false;
    size_t i = 0;
    while (i < len) {
        size_t nx;
        int32_t cp = cp_at(text, len, i, &nx);
        if (is_space(cp)) {
            i = nx;
            continue;
        }
        size_t cs = i, ce = i;
        while (ce < len) {
            size_t n2;
            if (is_space(cp_at(text, len, ce, &n2)))
                break;
            ce = n2;
        }
        bool numeric = true;
        if (skip_chunk(text + cs, ce - cs)) {
            numeric = false;
            size_t b = ce - 1;
            start = text[b] == '.' || text[b] == '!' || text[b] == '?';
            prev_number = false;
            i = ce;
            continue;
        }
        for (size_t j = cs; j < ce;) {
            size_t n2;
            int32_t c = cp_at(text, len, j, &n2);
            if (!is_alnum(c)) {
                if (c != '.' && c != ',' && c != '%')
                    numeric = false;
                if (is_sentence_end(c)) {
                    size_t n3;
                    if (n2 >= ce || !is_alnum(cp_at(text, len, n2, &n3)))
                        start = true;
                }
                j = n2;
                continue;
            }
            size_t ws = j, digits = 0, letters = 0;
            while (j < ce) {
                int32_t d = cp_at(text, len, j, &n2);
                if (!is_alnum(d))
                    break;
                if (is_digit(d))
                    digits++;
                else
                    letters++;
                j = n2;
            }
            if (letters)
                numeric = false;
            if (letters && digits) {
                if (letters <= 3 && j - ws <= 6)
                    ps.digitword++;
                start = false;
            } else if (letters) {
                check_word(run, text, ws, j - ws, start, prev_number && ws == cs, where, &ps);
                start = false;
            }
        }
        /* "106,5" but not "2023," (a clause ends there). */
        prev_number = numeric && (is_digit((unsigned char)text[ce - 1]) || text[ce - 1] == '%');
        i = ce;
    }

    size_t cursor = (size_t)-1;
    bool damaged = false;
    if (paragraph && ps.words >= 8) {
        double share = (double)ps.marked / (double)ps.words;
        double unknown = (double)(ps.unknown + ps.digitword) / (double)ps.words;
        damaged = share < 0.45 || unknown > 0.25;
        if (damaged) {
            char *ex = excerpt(text, len);
            int line = where->line, col = where->column ? where->column : 0;
            bc_adiags_add(out, where->file, line, col, "CT03",
                          "đoạn văn có vẻ đã mất dấu hoặc bị hỏng khi nhận dạng chữ (OCR): chỉ "
                          "%d%% trong %zu âm tiết có dấu (văn bản tiếng Việt thường trên 60%%), "
                          "%zu từ không có trong từ điển, %zu từ lẫn chữ số: «%s»; hãy gõ lại "
                          "hoặc sửa đoạn này",
                          (int)(share * 100 + 0.5), ps.words, ps.unknown, ps.digitword,
                          ex ? ex : "");
            free(ex);
        }
    }
    for (size_t k = 0; !damaged && k < run->npend; k++) {
        pending *p = &run->pend[k];
        int line, col;
        place(run, where, &cursor, text, p->off, p->len, &line, &col);
        if (run->word_findings >= MAX_WORD_FINDINGS) {
            if (!run->words_unreported++)
                run->first_unreported =
                    bc_strdup_printf("%s:%d:%d", where->file ? where->file : "", line, col);
            continue;
        }
        run->word_findings++;
        char word[256];
        size_t wl = p->len < sizeof word - 1 ? p->len : sizeof word - 1;
        memcpy(word, text + p->off, wl);
        word[wl] = '\0';
        if (p->code == 4) {
            bc_adiag *d = bc_adiags_add(out, where->file, line, col, "CT04",
                                        "«%s» sau số không phải là đơn vị đo quen thuộc", word);
            /* Suggest the units one edit away, then two. */
            for (size_t maxd = 1; d && maxd <= 2; maxd++)
                for (size_t u = 0; UNITS[u]; u++)
                    if (bc_edit_distance(word, UNITS[u]) == maxd)
                        bc_adiag_suggest(d, UNITS[u]);
            continue;
        }
        /* Suggestions for the word as looked up (lower case for all-caps). */
        char *lw = lower_of(word, wl);
        bool caps = lw && strcmp(lw, word) && bc_utf8_length(word, wl) >= 2;
        size_t upper = 0, chars = 0;
        for (size_t q = 0; q < wl;) {
            size_t nx;
            int32_t c = cp_at(word, wl, q, &nx);
            upper += utf8proc_isupper(c) != 0;
            chars++;
            q = nx;
        }
        const char *key = (caps && upper == chars) ? lw : word;
        wentry *e = lookup(run, key, strlen(key));
        bc_adiag *d = bc_adiags_add(out, where->file, line, col, "CT01",
                                    "chính tả: «%s» không có trong từ điển", word);
        if (e && d) {
            suggestions(run, e);
            for (size_t s = 0; e->sugg && e->sugg[s]; s++)
                bc_adiag_suggest(d, e->sugg[s]);
        }
        free(lw);
    }
    run->npend = 0;
}

void bc_spell_run_finish(bc_spell_run *run, bc_adiags *out)
{
    if (run->words_unreported)
        bc_adiags_add(out, NULL, 0, 0, "CT01",
                      "còn %zu từ nữa không có trong từ điển, không liệt kê (chỉ báo %d chỗ đầu; "
                      "chỗ tiếp theo ở %s); văn bản có phải tiếng Việt không?",
                      run->words_unreported, MAX_WORD_FINDINGS,
                      run->first_unreported ? run->first_unreported : "?");
    size_t old = 0, new_ = 0;
    for (size_t i = 0; i < run->ntones; i++)
        old += run->tones[i].style == BC_TONE_OLD, new_ += run->tones[i].style == BC_TONE_NEW;
    if (!old || !new_)
        return;
    bc_tone_style minority = old < new_ ? BC_TONE_OLD : BC_TONE_NEW;
    if (old == new_)
        minority = BC_TONE_NEW; /* even: prefer the traditional style of ND30 texts */
    bc_buf places = BC_BUF_INIT;
    char *first_file = NULL;
    int first_line = 0, first_col = 0;
    size_t shown = 0, nmin = minority == BC_TONE_OLD ? old : new_;
    size_t cursor = (size_t)-1;
    const tone_place *prev = NULL;
    for (size_t i = 0; i < run->ntones; i++) {
        tone_place *t = &run->tones[i];
        if (t->style != minority)
            continue;
        if (shown == 5)
            break;
        bc_spell_where w = {t->file, t->line, t->column, t->end_line};
        /* Places of one text are searched on from the last one found. */
        if (!prev || prev->line != t->line || prev->column != t->column ||
            strcmp(prev->file ? prev->file : "", t->file ? t->file : ""))
            cursor = (size_t)-1;
        prev = t;
        int line = t->line, col = t->word_column;
        place_word(run, &w, &cursor, t->word, strlen(t->word), &line, &col);
        if (!shown) {
            first_file = t->file;
            first_line = line;
            first_col = col;
        }
        char *p = bc_strdup_printf("%s«%s» → «%s» (%s:%d:%d)", shown ? ", " : "", t->word,
                                   t->alt ? t->alt : "", t->file ? t->file : "", line, col);
        bc_buf_puts(&places, p ? p : "");
        free(p);
        shown++;
    }
    if (nmin > shown)
        bc_buf_puts(&places, ", …");
    char *list = bc_buf_detach(&places);
    bool old_major = minority == BC_TONE_NEW;
    bc_adiags_add(out, first_file, first_line, first_col, "CT02",
                  "văn bản dùng lẫn hai cách đặt dấu thanh: %zu chỗ kiểu cũ (hòa, thủy, ủy) và "
                  "%zu chỗ kiểu mới (hoà, thuỷ, uỷ); phần lớn viết kiểu %s, nên sửa %zu chỗ kiểu "
                  "%s cho thống nhất: %s",
                  old, new_, old_major ? "cũ (hòa, thủy, ủy)" : "mới (hoà, thuỷ, uỷ)", nmin,
                  old_major ? "mới" : "cũ", list ? list : "");
    free(list);
}

/* ---- the whole report ---- */

/* The text of r with URLs, `code` and footnote marks blanked (same byte
 * offsets; a link's own words, [chữ](url), are prose). Caller frees. */
static char *prose_of(const bc_rich *r)
{
    char *t = malloc(r->len + 1);
    if (!t)
        return NULL;
    memcpy(t, r->text, r->len);
    t[r->len] = '\0';
    for (size_t i = 0; i < r->nspans; i++) {
        const bc_span *s = &r->spans[i];
        if ((s->flags & (BC_SPAN_NOBREAK | BC_SPAN_NOTEREF)) ||
            ((s->flags & BC_SPAN_LINK) && !bc_rich_link_url(r, s)))
            memset(t + s->start, ' ', s->end - s->start);
    }
    return t;
}

static void check_str(bc_spell_run *run, const char *s, const char *file, bc_adiags *out)
{
    if (!s || !*s)
        return;
    bc_spell_where w = {file, 1, 1, 0};
    bc_spell_run_text(run, s, strlen(s), &w, false, out);
}

static void check_header(bc_spell_run *run, const bc_col_node *n, size_t count, const char *file,
                         bc_adiags *out)
{
    for (size_t i = 0; i < count; i++) {
        check_str(run, n[i].label, file, out);
        check_header(run, n[i].children, n[i].nchildren, file, out);
    }
}

static void check_table(bc_spell_run *run, const bc_table *t, bc_adiags *out)
{
    const char *spec = t->spec_file;
    check_str(run, t->title, spec, out);
    check_str(run, t->note, spec, out);
    check_header(run, t->header, t->nheader, spec, out);
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].kind != BC_COL_TEXT || (int)c == t->marker_col)
            continue;
        for (size_t r = 0; r < t->nrows; r++) {
            const bc_cell *cell = &t->rows[r].cells[c];
            if (!cell->text || !*cell->text || !cell->line)
                continue;
            bc_spell_where w = {t->csv_file, cell->line, cell->column, cell->line + 2};
            bc_spell_run_text(run, cell->text, strlen(cell->text), &w, false, out);
        }
    }
}

bc_status bc_spell_check_report(bc_speller *sp, const bc_report *r, const bc_doc *doc,
                                const bc_appendices *appx, bc_adiags *out, bc_error *err)
{
    bc_spell_run *run = bc_spell_run_new(sp);
    if (!run)
        return bc_nomem(err);
    bc_status st = BC_OK;
    if (r->word_list) {
        if ((st = bc_spell_run_add_words(run, r->word_list, err))) {
            if (!err->line) {
                char *msg = bc_strdup(err->message);
                bc_error_set(err, st, r->path, r->word_list_line, 1,
                             "không đọc được danh sách từ '%s' (trường tu-dien): %s",
                             r->word_list, msg ? msg : "");
                free(msg);
            }
            goto done;
        }
    } else {
        char *def = bc_strdup_printf("%s/tu-dien.txt", r->dir);
        struct stat sb;
        if (def && stat(def, &sb) == 0)
            st = bc_spell_run_add_words(run, def, err);
        free(def);
        if (st)
            goto done;
    }
    /* What report.yaml prints and the author wrote in sentences. */
    check_str(run, r->doc_type, r->path, out);
    check_str(run, r->summary, r->path, out);
    for (size_t i = 0; r->recipients && r->recipients[i]; i++)
        check_str(run, r->recipients[i], r->path, out);
    check_str(run, r->after_body, r->path, out);
    for (size_t i = 0; r->cc && r->cc[i]; i++)
        check_str(run, r->cc[i], r->path, out);
    /* The narrative, block by block; a block's source ends where the next
     * one starts. */
    for (size_t i = 0; doc && i < doc->nblocks; i++) {
        const bc_block *b = &doc->blocks[i];
        if (b->kind == BC_BLOCK_PAGEBREAK || !b->text.len)
            continue;
        int end = 0;
        for (size_t k = i + 1; k < doc->nblocks && !end; k++)
            if (doc->blocks[k].line > b->line)
                end = doc->blocks[k].line;
        char *t = prose_of(&b->text);
        if (!t)
            continue;
        bc_spell_where w = {doc->file, b->line, 1, end};
        bc_spell_run_text(run, t, b->text.len, &w, b->kind != BC_BLOCK_HEADING, out);
        free(t);
    }
    for (size_t i = 0; doc && i < doc->nnotes; i++) {
        const bc_footnote *n = &doc->notes[i];
        char *t = prose_of(&n->text);
        if (!t)
            continue;
        bc_spell_where w = {doc->file, n->line, 1, 0};
        bc_spell_run_text(run, t, n->text.len, &w, true, out);
        free(t);
    }
    for (size_t i = 0; appx && i < appx->count; i++)
        check_table(run, appx->tables[i], out);
    bc_spell_run_finish(run, out);
    bc_adiags_sort(out);
done:
    bc_spell_run_free(run);
    return st;
}
