/* wordcache.c - shaped words, keyed by font description and text. */
#include "wordcache.h"

#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Two generations of at most GEN_WORDS words each: a word is looked up in
 * the current one, then in the previous one (and moved to the current one
 * when found there); when the current one is full, the previous one is
 * dropped and the current one becomes the previous. Words in use stay,
 * words used once (numbers in big tables are mostly unique) go, and memory
 * stays bounded however long the document: ~2 x GEN_WORDS words, ~250 B
 * each (it was one generation of 20 000 words, emptied when full: ~5 MB
 * on a big table; tests/bench.sh). */
#define GEN_WORDS BC_WORDCACHE_GEN

struct bc_wordcache {
    PangoContext *ctx;
    GHashTable *words;  /* "desc\x1fword" -> bc_shaped_word* (NULL value: slow path) */
    GHashTable *old;    /* the previous generation, same form */
    GHashTable *items;  /* "desc" -> PangoItem* (the template: a space) */
    GHashTable *latin;  /* "desc" -> PangoItem* of a Latin word (NULL value: none) */
};

static void free_word(gpointer p)
{
    bc_shaped_word *w = p;
    if (w) {
        pango_glyph_string_free(w->glyphs);
        free(w);
    }
}

bc_wordcache *bc_wordcache_new(PangoContext *ctx)
{
    bc_wordcache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->ctx = ctx;
    c->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_word);
    c->old = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_word);
    c->items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)pango_item_free);
    c->latin = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)pango_item_free);
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
    free(c);
}

/* Shapes text with a known analysis; NULL if a glyph is missing (the slow
 * path reports it) or on out-of-memory. */
static bc_shaped_word *shape_with(const PangoAnalysis *analysis, const char *text, size_t len)
{
    bc_shaped_word *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->glyphs = pango_glyph_string_new();
    /* Unrounded positions, as the layouts use (context setting). */
    pango_shape_with_flags(text, (int)len, text, (int)len, analysis, w->glyphs, PANGO_SHAPE_NONE);
    w->width = pango_glyph_string_get_width(w->glyphs);
    for (int i = 0; i < w->glyphs->num_glyphs; i++)
        if (w->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
            free_word(w);
            return NULL;
        }
    return w;
}

/* Itemizes and shapes text in desc; NULL unless it is one item. */
static bc_shaped_word *shape(bc_wordcache *c, const PangoFontDescription *desc, const char *text,
                             size_t len, PangoItem **item_out)
{
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    GList *items = pango_itemize(c->ctx, text, 0, (int)len, attrs, NULL);
    pango_attr_list_unref(attrs);
    bc_shaped_word *w = NULL;
    if (items && !items->next) {
        PangoItem *it = items->data;
        w = shape_with(&it->analysis, text, len);
        if (w && item_out) {
            *item_out = items->data;
            items->data = NULL;
        }
    }
    for (GList *l = items; l; l = l->next)
        if (l->data)
            pango_item_free(l->data);
    g_list_free(items);
    return w;
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
        PangoItem *it = NULL;
        bc_shaped_word *w = shape(c, desc, "a", 1, &it);
        free_word(w);
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
    const bc_shaped_word *res;
    if (g_hash_table_lookup_extended(c->words, key, NULL, &value)) {
        res = value;
    } else if (g_hash_table_steal_extended(c->old, key, &old_key, &value)) {
        /* in use again: into the current generation (same word, same
         * pointer) */
        g_hash_table_insert(c->words, old_key, value);
        res = value;
    } else {
        PangoItem *it = NULL;
        bc_shaped_word *w = NULL;
        int cls = tmpl ? simple_class(word, len) : -1;
        const PangoAnalysis *an = cls == 1   ? latin_analysis(c, desc, style)
                                  : cls == 0 ? &tmpl->analysis
                                             : NULL;
        if (an)
            w = shape_with(an, word, len);
        else
            w = shape(c, desc, word, len, tmpl ? NULL : &it);
        g_hash_table_insert(c->words, key == stackkey ? g_strdup(key) : key, w);
        key = NULL;
        if (it) {
            g_hash_table_insert(c->items, g_strdup(style), it);
            tmpl = it;
        }
        res = w;
    }
    if (key && key != stackkey)
        g_free(key);
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
