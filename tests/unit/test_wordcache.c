/* Word cache: every word of a seed narrative (and a few made-up figures and
 * punctuation words), in each body style, must come out of the cache with
 * the same glyphs and advances that Pango's own itemize + shape gives it.
 * The cache shapes simple words without itemizing (wordcache.c); this test
 * is what says that shortcut changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "display.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "text.h"
#include "wordcache.h"

/* Reference: itemize and shape the word the ordinary way. Returns the
 * number of items (only 1 is comparable). */
static int reference(PangoContext *ctx, const PangoFontDescription *desc, const char *w,
                     size_t len, PangoGlyphString *out)
{
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    GList *items = pango_itemize(ctx, w, 0, (int)len, attrs, NULL);
    pango_attr_list_unref(attrs);
    int n = (int)g_list_length(items);
    if (n == 1) {
        PangoItem *it = items->data;
        pango_shape_with_flags(w, (int)len, w, (int)len, &it->analysis, out, PANGO_SHAPE_NONE);
    }
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
    return n;
}

static int compared, mismatched, oversized;

static void compare_word(bc_fonts *fonts, const PangoFontDescription *desc, const char *key,
                         const char *w, size_t len)
{
    const bc_shaped_word *sw =
        bc_wordcache_get(bc_fonts_wordcache(fonts), desc, key, w, len, NULL);
    PangoGlyphString *ref = pango_glyph_string_new();
    int items = reference(bc_fonts_context(fonts), desc, w, len, ref);
    if (items == 1 && sw) {
        compared++;
        bool same = sw->glyphs->num_glyphs == ref->num_glyphs &&
                    sw->width == pango_glyph_string_get_width(ref);
        for (int i = 0; same && i < ref->num_glyphs; i++) {
            const PangoGlyphInfo *a = &sw->glyphs->glyphs[i], *b = &ref->glyphs[i];
            same = a->glyph == b->glyph && a->geometry.width == b->geometry.width &&
                   a->geometry.x_offset == b->geometry.x_offset &&
                   a->geometry.y_offset == b->geometry.y_offset &&
                   sw->glyphs->log_clusters[i] == ref->log_clusters[i];
        }
        /* the entry holds exactly its glyphs (wordcache.c): Pango's own
         * strings round their arrays up to a power of two */
        if (sw->glyphs->space != sw->glyphs->num_glyphs)
            oversized++;
        if (!same) {
            mismatched++;
            fprintf(stderr, "%s: '%.*s' differs from Pango's itemize+shape\n", key, (int)len, w);
        }
    }
    pango_glyph_string_free(ref);
}

int main(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    if (!src)
        src = "..";
    char path[4096];
    bc_error err = BC_ERROR_INIT;
    bc_layout_cfg *cfg = NULL;
    bc_fonts *fonts = NULL;
    snprintf(path, sizeof path, "%s/layouts", src);
    CHECK(bc_layout_cfg_load(path, "nd30-chuan", &cfg, &err) == BC_OK);
    snprintf(path, sizeof path, "%s/fonts", src);
    CHECK(cfg && bc_fonts_new(path, (const char *const *)cfg->fonts, false, false, &fonts, &err) == BC_OK);
    char *text = NULL;
    size_t tlen = 0;
    snprintf(path, sizeof path, "%s/samples/bao-cao-nam-2023/noi-dung.md", src);
    CHECK(bc_file_read(path, &text, &tlen, &err) == BC_OK);
    if (!fonts || !text) {
        fprintf(stderr, "set-up failed: %s\n", err.message ? err.message : "?");
        return check_report();
    }
    static const char extra[] = "1.540 0,49% 11 111 1.111,11 (1) 55/BC-UBND 26/02/2024 - + "
                                "… “Đúng” 100% Tr Tỉnh ĐỒNG Ỷ ƯỚC Wa AV 2023. (tiếp) [x]";
    static const struct {
        double size;
        bool bold, italic;
    } styles[] = {{14, false, false}, {14, true, false}, {14, false, true}, {12, true, false},
                  {12, false, false}, {10, false, false}, {13, true, true}};
    for (size_t s = 0; s < sizeof styles / sizeof *styles; s++) {
        PangoFontDescription *desc =
            bc_fonts_desc(fonts, styles[s].size, styles[s].bold, styles[s].italic);
        char key[64];
        snprintf(key, sizeof key, "t%g%d%d", styles[s].size, styles[s].bold, styles[s].italic);
        /* The cache learns its template item from a space, as para.c does. */
        bc_wordcache_get(bc_fonts_wordcache(fonts), desc, key, " ", 1, NULL);
        for (int pass = 0; pass < 2; pass++) {
            const char *t = pass ? extra : text;
            size_t n = pass ? strlen(extra) : tlen;
            for (size_t i = 0; i < n;) {
                while (i < n && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r'))
                    i++;
                size_t start = i;
                while (i < n && t[i] != ' ' && t[i] != '\n' && t[i] != '\t' && t[i] != '\r')
                    i++;
                if (i > start)
                    compare_word(fonts, desc, key, t + start, i - start);
            }
            bc_wordcache_trim(bc_fonts_wordcache(fonts));
        }
        pango_font_description_free(desc);
    }
    printf("%d words compared, %d differ, %d with glyph arrays longer than their glyphs\n",
           compared, mismatched, oversized);
    CHECK(compared > 5000);
    CHECK(mismatched == 0);
    CHECK(oversized == 0);

    /* Generations: a word in use keeps its shaped glyphs however many words
     * used once (a big table's numbers) pass through, and the cache holds
     * at most two generations (it was one of 20 000 words, emptied when
     * full). */
    bc_wordcache *wc = bc_wordcache_new(bc_fonts_context(fonts));
    PangoFontDescription *d14 = bc_fonts_desc(fonts, 14, false, false);
    bc_wordcache_get(wc, d14, "g", " ", 1, NULL);
    const char *hot_word = "hành";
    const bc_shaped_word *hot = bc_wordcache_get(wc, d14, "g", hot_word, strlen(hot_word), NULL);
    bool kept = hot != NULL;
    size_t most = 0;
    for (int i = 0; i < 5 * BC_WORDCACHE_GEN; i++) {
        char num[32];
        int n = snprintf(num, sizeof num, "%d", 100000 + i);
        bc_wordcache_get(wc, d14, "g", num, (size_t)n, NULL);
        if (i % 100 == 99) {
            kept = kept && bc_wordcache_get(wc, d14, "g", hot_word, strlen(hot_word), NULL) == hot;
            bc_wordcache_trim(wc);
        }
        if (bc_wordcache_size(wc) > most)
            most = bc_wordcache_size(wc);
    }
    printf("generations: the word in use kept: %s; at most %zu words held\n", kept ? "yes" : "no",
           most);
    CHECK(kept);
    CHECK(most >= BC_WORDCACHE_GEN);
    CHECK(most <= 2 * BC_WORDCACHE_GEN + 101);

    /* A word that does not shape on the fast path (no glyph for it in the
     * shipped fonts) is remembered as such: NULL again, one entry. */
    size_t before = bc_wordcache_size(wc);
    const char *slow = "\xe4\xb8\xad\xe6\x96\x87"; /* two CJK ideographs */
    const bc_shaped_word *s1 = bc_wordcache_get(wc, d14, "g", slow, strlen(slow), NULL);
    const bc_shaped_word *s2 = bc_wordcache_get(wc, d14, "g", slow, strlen(slow), NULL);
    printf("a word without glyphs: %s, %s; entries %zu -> %zu\n", s1 ? "glyphs" : "slow path",
           s2 ? "glyphs" : "slow path", before, bc_wordcache_size(wc));
    CHECK(!s1 && !s2);
    CHECK(bc_wordcache_size(wc) == before + 1);

    /* bc_glyph_item_dup (display.h): the copy a page keeps of a line's run
     * has the run's glyphs, clusters and offsets, in arrays exactly as long
     * as its glyphs. */
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(d14));
    static const char line[] = "Ủy ban nhân dân tỉnh Khánh Hòa";
    GList *items = pango_itemize(bc_fonts_context(fonts), line, 0, (int)strlen(line), attrs, NULL);
    pango_attr_list_unref(attrs);
    CHECK(items && !items->next);
    if (items && !items->next) {
        PangoGlyphItem gi = {.item = items->data, .glyphs = pango_glyph_string_new(),
                             .y_offset = 7, .start_x_offset = 3, .end_x_offset = 5};
        pango_shape_with_flags(line, (int)strlen(line), line, (int)strlen(line),
                               &gi.item->analysis, gi.glyphs, PANGO_SHAPE_NONE);
        PangoGlyphItem *dup = bc_glyph_item_dup(&gi);
        bool same = dup->glyphs->num_glyphs == gi.glyphs->num_glyphs &&
                    dup->item != gi.item && dup->item->offset == gi.item->offset &&
                    dup->item->length == gi.item->length && dup->y_offset == 7 &&
                    dup->start_x_offset == 3 && dup->end_x_offset == 5;
        /* field by field: PangoGlyphVisAttr's unused bits are not set */
        for (int i = 0; same && i < gi.glyphs->num_glyphs; i++) {
            const PangoGlyphInfo *a = &dup->glyphs->glyphs[i], *b = &gi.glyphs->glyphs[i];
            same = a->glyph == b->glyph && a->geometry.width == b->geometry.width &&
                   a->geometry.x_offset == b->geometry.x_offset &&
                   a->geometry.y_offset == b->geometry.y_offset &&
                   a->attr.is_cluster_start == b->attr.is_cluster_start &&
                   dup->glyphs->log_clusters[i] == gi.glyphs->log_clusters[i];
        }
        printf("glyph item copy: %d glyphs, arrays of %d (Pango's %d), same: %s\n",
               dup->glyphs->num_glyphs, dup->glyphs->space, gi.glyphs->space, same ? "yes" : "no");
        CHECK(same);
        CHECK(dup->glyphs->space == dup->glyphs->num_glyphs);
        CHECK(gi.glyphs->space > gi.glyphs->num_glyphs); /* else the test shows nothing */
        pango_glyph_item_free(dup);
        pango_glyph_string_free(gi.glyphs);
    }
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
    pango_font_description_free(d14);
    bc_wordcache_free(wc);
    free(text);
    bc_fonts_free(fonts);
    bc_layout_cfg_free(cfg);
    bc_error_clear(&err);
    return check_report();
}
