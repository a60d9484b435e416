/* wordcache.h - shaped words, cached per render.
 *
 * Most text in a report is plain words in a handful of styles, and the same
 * words come back thousands of times (table cells above all). A word is
 * shaped by Pango/HarfBuzz once per style and its glyphs reused; para.c
 * then breaks lines between words itself (the "fast path") and falls back
 * to a full PangoLayout for anything else. Owned by one render (bc_fonts
 * holds it); not shared between threads. */
#ifndef BC_WORDCACHE_H
#define BC_WORDCACHE_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct bc_wordcache bc_wordcache;

/* Words in one generation of the cache (wordcache.c): it holds at most
 * about twice this many. */
#define BC_WORDCACHE_GEN 5000

typedef struct bc_shaped_word {
    PangoGlyphString *glyphs; /* owned by the cache; log_clusters relative to the word */
    int width;                /* Pango units */
} bc_shaped_word;

/* ctx must outlive the cache. NULL on out-of-memory. */
bc_wordcache *bc_wordcache_new(PangoContext *ctx);
void bc_wordcache_free(bc_wordcache *c);

/* The glyphs of word[0..len) in desc's font, or NULL when the word does
 * not shape as a single item in that font (mixed scripts, a fallback font)
 * and must go the slow way. *item receives the style's template item (font
 * and analysis; owned by the cache). */
/* style: a short string naming desc (e.g. from pango_font_description_to_string),
 * computed once by the caller. */
const bc_shaped_word *bc_wordcache_get(bc_wordcache *c, const PangoFontDescription *desc,
                                       const char *style, const char *word, size_t len,
                                       const PangoItem **item);

/* Keeps the cache within its bound: when the current generation is full,
 * the words not used since the one before are dropped (wordcache.c).
 * Pointers returned by bc_wordcache_get stay valid until the next trim:
 * call it between paragraphs, never while holding them. */
void bc_wordcache_trim(bc_wordcache *c);

/* The words held now (both generations). */
size_t bc_wordcache_size(const bc_wordcache *c);

#endif
