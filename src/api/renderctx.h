/* renderctx.h - what a bc_render_ctx (baocao.h) keeps between renders.
 *
 * A context is a cache, keyed by what each render asks for, so a render
 * with a context gives the same PDF as one without:
 *   - font choices (fonts.h bc_font_choice: the system configuration
 *     searched, the files checked), one per (fonts folder, families,
 *     system fonts or not), shared by every thread;
 *   - slots, one per render running at the same moment: each holds its own
 *     bc_fonts (Pango font map, context, word cache), layout files and
 *     spelling dictionary, which are not shared between threads. A render
 *     takes a free slot (a new one when all are busy) and gives it back.
 * The lock guards the lists only; a slot's contents belong to the render
 * holding it. Failures are never cached: the next render tries again. */
#ifndef BC_RENDERCTX_H
#define BC_RENDERCTX_H

#include <stdbool.h>

#include "baocao.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "spellcheck.h"

typedef struct bc_ctx_slot bc_ctx_slot;

/* A free slot for one render (made when none is free); NULL when out of
 * memory. Give it back with bc_render_ctx_release. */
bc_ctx_slot *bc_render_ctx_acquire(bc_render_ctx *ctx);
void bc_render_ctx_release(bc_render_ctx *ctx, bc_ctx_slot *s);

/* The layout layoutdir/<name>.yaml, loaded once per slot (bc_layout_cfg_load's
 * errors). *cfg is owned by the slot. */
bc_status bc_ctx_slot_layout(bc_ctx_slot *s, const char *layoutdir, const char *name,
                             bc_layout_cfg **cfg, bc_error *err);

/* The fonts for (font_dir, families, system_fonts), made once per slot from
 * the context's shared choice (bc_fonts_new's errors; fc_default_unused as
 * bc_fonts_new_from_choice's, for the slot's first fonts). *fonts is owned by
 * the slot; *warning (may be NULL) is the choice's bc_fonts_warning. */
bc_status bc_ctx_slot_fonts(bc_render_ctx *ctx, bc_ctx_slot *s, const char *font_dir,
                            const char *const *families, bool system_fonts,
                            bool fc_default_unused, bc_fonts **fonts, const char **warning,
                            bc_error *err);

/* The spelling dictionary with the accepted words of words_file, loaded once
 * per slot (bc_speller_load's errors). *sp is owned by the slot. */
bc_status bc_ctx_slot_speller(bc_ctx_slot *s, const char *words_file, bc_speller **sp,
                              bc_error *err);

#endif
