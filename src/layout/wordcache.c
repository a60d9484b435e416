/* wordcache.c - shaped words, keyed by font description and text. */
#include "wordcache.h"

#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Two generations of at most GEN_WORDS words each: a word is looked up in
 * the current one, then in the previous one (and moved to the current one
 * when found there); when the current one is full, the previous one is
 * dropped and the current one becomes the previous. Words in use stay,
 * words used once (numbers in big tables are mostly unique) go, and memory
 * stays bounded however long the document: ~2 x GEN_WORDS words, one
 * block of ~220 B each for a six-letter word (five allocations and ~320 B
 * before the block; one generation of 20 000 words, emptied when full,
 * before that: ~5 MB on a big table; tests/bench.sh). */
#define GEN_WORDS BC_WORDCACHE_GEN

struct bc_wordcache {
    PangoContext *ctx;
    GHashTable *words;  /* key -> entry* (its key is in the entry) */
    GHashTable *old;    /* the previous generation, same form */
    GHashTable *items;  /* "desc" -> PangoItem* (the template: a space) */
    GHashTable *latin;  /* "desc" -> PangoItem* of a Latin word (NULL value: none) */
    PangoGlyphString *scratch; /* words are shaped here, then copied to their entry */
};

/* A cached word: one block holding the shaped word, its glyphs (exactly
 * as many as it has: Pango's own glyph strings round their arrays up to a
 * power of two) and the key it is found by. A word that does not shape on
 * the fast path has an entry with slow set and no glyphs, so that it is
 * not tried again. Blocks are freed with free(); the glyph string in them
 * is read only (never given to pango_glyph_string_free or _set_size). */
typedef struct entry {
    bc_shaped_word w;
    PangoGlyphString gs;
    bool slow;
    /* then PangoGlyphInfo[n], int[n] (log clusters), the key with its NUL */
} entry;

/* Where the parts after e's header are (e->gs.num_glyphs says how many
 * glyphs): its glyphs, then its clusters, then its key. */
static PangoGlyphInfo *entry_glyphs(entry *e) { return (PangoGlyphInfo *)(e + 1); }
static int *entry_clusters(entry *e) { return (int *)(entry_glyphs(e) + e->gs.num_glyphs); }
static char *entry_key(entry *e) { return (char *)(entry_clusters(e) + e->gs.num_glyphs); }

/* A new entry for key[0..klen) holding gs's glyphs (NULL: a slow word).
 * NULL on out-of-memory. */
static entry *entry_new(const PangoGlyphString *gs, const char *key, size_t klen)
{
    size_t n = gs ? (size_t)gs->num_glyphs : 0;
    entry *e = malloc(sizeof *e + n * (sizeof(PangoGlyphInfo) + sizeof(int)) + klen + 1);
    if (!e)
        return NULL;
    e->gs = (PangoGlyphString){.num_glyphs = (int)n, .space = (int)n};
    if (n) {
        e->gs.glyphs = memcpy(entry_glyphs(e), gs->glyphs, n * sizeof *gs->glyphs);
        e->gs.log_clusters = memcpy(entry_clusters(e), gs->log_clusters, n * sizeof(int));
    }
    char *k = entry_key(e);
    memcpy(k, key, klen);
    k[klen] = '\0';
    e->w = (bc_shaped_word){.glyphs = &e->gs,
                            .width = gs ? pango_glyph_string_get_width(&e->gs) : 0};
    e->slow = !gs;
    return e;
}

bc_wordcache *bc_wordcache_new(PangoContext *ctx)
{
    bc_wordcache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->ctx = ctx;
    c->words = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free);
    c->old = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free);
    c->items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)pango_item_free);
    c->latin = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)pango_item_free);
    c->scratch = pango_glyph_string_new();
    return c;
}

void bc_wordcache_free(bc_wordcache *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->words);
    g_hash_table_destroy(c->old);
    g_hash_table_destroy(c->items);
    g_hash_table_destroy(c->latin);
    pango_glyph_string_free(c->scratch);
    free(c);
}

/* Shapes text with a known analysis into c->scratch; false if a glyph is
 * missing (the slow path reports it). */
static bool shape_with(bc_wordcache *c, const PangoAnalysis *analysis, const char *text,
                       size_t len)
{
    PangoGlyphString *gs = c->scratch;
    /* Unrounded positions, as the layouts use (context setting). */
    pango_shape_with_flags(text, (int)len, text, (int)len, analysis, gs, PANGO_SHAPE_NONE);
    for (int i = 0; i < gs->num_glyphs; i++)
        if (gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
            return false;
    return true;
}

/* Itemizes text in desc; its item when it is one item (caller frees), else
 * NULL. */
static PangoItem *itemize_one(bc_wordcache *c, const PangoFontDescription *desc, const char *text,
                              size_t len)
{
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    GList *items = pango_itemize(c->ctx, text, 0, (int)len, attrs, NULL);
    pango_attr_list_unref(attrs);
    PangoItem *one = NULL;
    if (items && !items->next) {
        one = items->data;
        items->data = NULL;
    }
    for (GList *l = items; l; l = l->next)
        if (l->data)
            pango_item_free(l->data);
    g_list_free(items);
    return one;
}

/* Words in the Latin and Vietnamese letters, digits and ASCII punctuation
 * itemize, in the fonts baocao uses, to one item whose analysis depends
 * only on whether they hold a letter: Latin script if they do, Common if
 * not. Such a word is shaped with that analysis directly, without
 * pango_itemize (half the cost of a new word). Returns 1 for a word with a
 * letter, 0 for one without, -1 for a word that must be itemized. */
static int simple_class(const char *word, size_t len)
{
    int letter = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)word[i];
        if (b < 0x80) {
            if (b < 0x21 || b == 0x7F)
                return -1;
            if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
                letter = 1;
            i++;
            continue;
        }
        int32_t cp = 0;
        int n = bc_utf8_decode(word + i, &cp);
        if (n <= 0 || i + (size_t)n > len)
            return -1;
        i += (size_t)n;
        /* Latin-1 letters (not × ÷), Latin Extended-A/B, Latin Extended
         * Additional (the precomposed Vietnamese letters). */
        if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
            (cp >= 0x1E00 && cp <= 0x1EFF))
            letter = 1;
        else
            return -1;
    }
    return letter;
}

/* The analysis of a Latin word in this style (cached), or NULL. */
static const PangoAnalysis *latin_analysis(bc_wordcache *c, const PangoFontDescription *desc,
                                           const char *style)
{
    gpointer value = NULL;
    if (!g_hash_table_lookup_extended(c->latin, style, NULL, &value)) {
        PangoItem *it = itemize_one(c, desc, "a", 1);
        if (it && !shape_with(c, &it->analysis, "a", 1)) {
            pango_item_free(it);
            it = NULL;
        }
        g_hash_table_insert(c->latin, g_strdup(style), it);
        value = it;
    }
    return value ? &((PangoItem *)value)->analysis : NULL;
}

const bc_shaped_word *bc_wordcache_get(bc_wordcache *c, const PangoFontDescription *desc,
                                       const char *style, const char *word, size_t len,
                                       const PangoItem **item)
{
    PangoItem *tmpl = g_hash_table_lookup(c->items, style);
    char stackkey[256];
    size_t slen = strlen(style);
    char *key = slen + len + 2 <= sizeof stackkey ? stackkey : g_malloc(slen + len + 2);
    memcpy(key, style, slen);
    key[slen] = '\x1f';
    memcpy(key + slen + 1, word, len);
    key[slen + 1 + len] = '\0';
    gpointer value = NULL, old_key = NULL;
    const entry *e;
    if (g_hash_table_lookup_extended(c->words, key, NULL, &value)) {
        e = value;
    } else if (g_hash_table_steal_extended(c->old, key, &old_key, &value)) {
        /* in use again: into the current generation (same word, same
         * pointer) */
        g_hash_table_insert(c->words, old_key, value);
        e = value;
    } else {
        int cls = tmpl ? simple_class(word, len) : -1;
        const PangoAnalysis *an = cls == 1   ? latin_analysis(c, desc, style)
                                  : cls == 0 ? &tmpl->analysis
                                             : NULL;
        PangoItem *it = NULL;
        bool ok;
        if (an) {
            ok = shape_with(c, an, word, len);
        } else {
            it = itemize_one(c, desc, word, len);
            ok = it && shape_with(c, &it->analysis, word, len);
            if (!ok || tmpl) { /* the first shaped word of a style is its template */
                if (it)
                    pango_item_free(it);
                it = NULL;
            }
        }
        entry *ne = entry_new(ok ? c->scratch : NULL, key, slen + 1 + len);
        if (ne) /* else (out of memory) not kept: the slow path says so */
            g_hash_table_insert(c->words, entry_key(ne), ne);
        if (it) {
            g_hash_table_insert(c->items, g_strdup(style), it);
            tmpl = it;
        }
        e = ne;
    }
    if (key != stackkey)
        g_free(key);
    const bc_shaped_word *res = e && !e->slow ? &e->w : NULL;
    if (res && !tmpl)
        res = NULL;
    if (item)
        *item = tmpl;
    return res;
}

size_t bc_wordcache_size(const bc_wordcache *c)
{
    return g_hash_table_size(c->words) + g_hash_table_size(c->old);
}

void bc_wordcache_trim(bc_wordcache *c)
{
    if (g_hash_table_size(c->words) < GEN_WORDS)
        return;
    GHashTable *t = c->old;
    g_hash_table_remove_all(t);
    c->old = c->words;
    c->words = t;
}
