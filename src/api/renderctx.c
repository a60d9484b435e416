/* renderctx.c - bc_render_ctx: the set-up kept between renders (see
 * renderctx.h). */
#include "renderctx.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

typedef struct choice_entry {
    char *key;
    bc_font_choice *choice;
} choice_entry;

typedef struct fonts_entry {
    const bc_font_choice *choice; /* the context's */
    bc_fonts *fonts;
} fonts_entry;

typedef struct layout_entry {
    char *key; /* "layoutdir\nname" */
    bc_layout_cfg *cfg;
} layout_entry;

typedef struct speller_entry {
    char *words;
    bc_speller *sp;
} speller_entry;

struct bc_ctx_slot {
    bool busy;
    fonts_entry *fonts;
    size_t nfonts;
    layout_entry *layouts;
    size_t nlayouts;
    speller_entry *spellers;
    size_t nspellers;
};

struct bc_render_ctx {
    pthread_mutex_t lock;
    choice_entry *choices;
    size_t nchoices;
    bc_ctx_slot **slots;
    size_t nslots;
};

bc_status bc_render_ctx_new(bc_render_ctx **out, bc_error *err)
{
    bc_render_ctx *c = calloc(1, sizeof *c);
    if (!c || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        *out = NULL;
        return bc_nomem(err);
    }
    *out = c;
    return BC_OK;
}

static void slot_free(bc_ctx_slot *s)
{
    for (size_t i = 0; i < s->nfonts; i++)
        bc_fonts_free(s->fonts[i].fonts);
    for (size_t i = 0; i < s->nlayouts; i++) {
        free(s->layouts[i].key);
        bc_layout_cfg_free(s->layouts[i].cfg);
    }
    for (size_t i = 0; i < s->nspellers; i++) {
        free(s->spellers[i].words);
        bc_speller_free(s->spellers[i].sp);
    }
    free(s->fonts);
    free(s->layouts);
    free(s->spellers);
    free(s);
}

void bc_render_ctx_free(bc_render_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->nslots; i++)
        slot_free(ctx->slots[i]);
    for (size_t i = 0; i < ctx->nchoices; i++) {
        free(ctx->choices[i].key);
        bc_font_choice_free(ctx->choices[i].choice);
    }
    free(ctx->slots);
    free(ctx->choices);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

bc_ctx_slot *bc_render_ctx_acquire(bc_render_ctx *ctx)
{
    bc_ctx_slot *s = NULL;
    pthread_mutex_lock(&ctx->lock);
    for (size_t i = 0; i < ctx->nslots && !s; i++)
        if (!ctx->slots[i]->busy)
            s = ctx->slots[i];
    if (!s) {
        bc_ctx_slot **grown = realloc(ctx->slots, (ctx->nslots + 1) * sizeof *grown);
        if (grown) {
            ctx->slots = grown;
            if ((s = calloc(1, sizeof *s)))
                ctx->slots[ctx->nslots++] = s;
        }
    }
    if (s)
        s->busy = true;
    pthread_mutex_unlock(&ctx->lock);
    return s;
}

void bc_render_ctx_release(bc_render_ctx *ctx, bc_ctx_slot *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&ctx->lock);
    s->busy = false;
    pthread_mutex_unlock(&ctx->lock);
}

bc_status bc_ctx_slot_layout(bc_ctx_slot *s, const char *layoutdir, const char *name,
                             bc_layout_cfg **cfg, bc_error *err)
{
    char *key = bc_strdup_printf("%s\n%s", layoutdir, name);
    if (!key)
        return bc_nomem(err);
    for (size_t i = 0; i < s->nlayouts; i++)
        if (!strcmp(s->layouts[i].key, key)) {
            free(key);
            *cfg = s->layouts[i].cfg;
            return BC_OK;
        }
    layout_entry *grown = realloc(s->layouts, (s->nlayouts + 1) * sizeof *grown);
    if (!grown) {
        free(key);
        return bc_nomem(err);
    }
    s->layouts = grown;
    bc_layout_cfg *loaded = NULL;
    bc_status st = bc_layout_cfg_load(layoutdir, name, &loaded, err);
    if (st) {
        free(key);
        return st;
    }
    s->layouts[s->nlayouts++] = (layout_entry){key, loaded};
    *cfg = loaded;
    return BC_OK;
}

/* The shared choice for key, made under the lock on first use. */
static bc_status shared_choice(bc_render_ctx *ctx, const char *key, const char *font_dir,
                               const char *const *families, bool system_fonts,
                               const bc_font_choice **out, bc_error *err)
{
    bc_status st = BC_OK;
    pthread_mutex_lock(&ctx->lock);
    for (size_t i = 0; i < ctx->nchoices; i++)
        if (!strcmp(ctx->choices[i].key, key)) {
            *out = ctx->choices[i].choice;
            goto done;
        }
    choice_entry *grown = realloc(ctx->choices, (ctx->nchoices + 1) * sizeof *grown);
    char *k = grown ? bc_strdup(key) : NULL;
    if (grown)
        ctx->choices = grown;
    if (!k) {
        st = bc_nomem(err);
        goto done;
    }
    bc_font_choice *c = NULL;
    if ((st = bc_font_choice_new(font_dir, families, system_fonts, &c, err))) {
        free(k);
        goto done;
    }
    ctx->choices[ctx->nchoices++] = (choice_entry){k, c};
    *out = c;
done:
    pthread_mutex_unlock(&ctx->lock);
    return st;
}

bc_status bc_ctx_slot_fonts(bc_render_ctx *ctx, bc_ctx_slot *s, const char *font_dir,
                            const char *const *families, bool system_fonts,
                            bool fc_default_unused, bc_fonts **fonts, const char **warning,
                            bc_error *err)
{
    bc_buf key = BC_BUF_INIT;
    bc_buf_puts(&key, system_fonts ? "system\n" : "shipped\n");
    bc_buf_puts(&key, font_dir);
    for (size_t i = 0; families[i]; i++) {
        bc_buf_puts(&key, "\n");
        bc_buf_puts(&key, families[i]);
    }
    char *k = bc_buf_detach(&key);
    if (!k)
        return bc_nomem(err);
    const bc_font_choice *c = NULL;
    bc_status st = shared_choice(ctx, k, font_dir, families, system_fonts, &c, err);
    free(k);
    if (st)
        return st;
    *warning = bc_font_choice_warning(c);
    for (size_t i = 0; i < s->nfonts; i++)
        if (s->fonts[i].choice == c) {
            *fonts = s->fonts[i].fonts;
            return BC_OK;
        }
    fonts_entry *grown = realloc(s->fonts, (s->nfonts + 1) * sizeof *grown);
    if (!grown)
        return bc_nomem(err);
    s->fonts = grown;
    bc_fonts *f = NULL;
    if ((st = bc_fonts_new_from_choice(c, fc_default_unused, &f, err)))
        return st;
    s->fonts[s->nfonts++] = (fonts_entry){c, f};
    *fonts = f;
    return BC_OK;
}

bc_status bc_ctx_slot_speller(bc_ctx_slot *s, const char *words_file, bc_speller **sp,
                              bc_error *err)
{
    for (size_t i = 0; i < s->nspellers; i++)
        if (!strcmp(s->spellers[i].words, words_file)) {
            *sp = s->spellers[i].sp;
            return BC_OK;
        }
    speller_entry *grown = realloc(s->spellers, (s->nspellers + 1) * sizeof *grown);
    char *w = grown ? bc_strdup(words_file) : NULL;
    if (grown)
        s->spellers = grown;
    if (!w)
        return bc_nomem(err);
    bc_speller *loaded = NULL;
    bc_status st = bc_speller_load(NULL, words_file, &loaded, err);
    if (st) {
        free(w);
        return st;
    }
    s->spellers[s->nspellers++] = (speller_entry){w, loaded};
    *sp = loaded;
    return BC_OK;
}
