/* fonts.h - the fonts a render uses, through a private fontconfig
 * configuration: only the project's fonts/ folder (Liberation Serif 2.1),
 * plus Times New Roman from the system when it is installed, complete for
 * Vietnamese and allowed. A system Liberation Serif 1.x (no Vietnamese) or
 * any other font can never be picked, so output is the same everywhere. */
#ifndef BC_FONTS_H
#define BC_FONTS_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef struct bc_fonts bc_fonts;

/* The costly half of the set-up, done once and shared: the shipped fonts
 * read through fontconfig's cache of font_dir (under
 * $XDG_CACHE_HOME/baocao/fontconfig, made when missing or stale; each file
 * read when there is no writable place for it), fontconfig's system
 * configuration loaded and searched for the preferred families only when
 * system_fonts, every chosen file checked (fontcheck.h), the family picked. Read-only once made, so any
 * number of threads may build their bc_fonts from one choice at the same
 * time. Arguments as bc_fonts_new's. Caller frees with bc_font_choice_free. */
typedef struct bc_font_choice bc_font_choice;
bc_status bc_font_choice_new(const char *font_dir, const char *const *families, bool system_fonts,
                             bc_font_choice **out, bc_error *err);
void bc_font_choice_free(bc_font_choice *c);
/* Why a preferred system family was skipped, or NULL. Owned by c. */
const char *bc_font_choice_warning(const bc_font_choice *c);
/* The cheap half: a private fontconfig configuration holding the choice's
 * files and its own Pango font map, context and word cache, for one thread
 * at a time. The choice is not kept (it may be freed after). Its warning is
 * not copied (bc_fonts_warning gives NULL). fc_default_unused: the
 * program uses no fontconfig default configuration of its own (see
 * fc_default_unused in baocao.h's bc_render_opts): Pango's one-time start
 * is then made with an empty default, which is unset again before this
 * returns. Caller frees. */
bc_status bc_fonts_new_from_choice(const bc_font_choice *c, bool fc_default_unused,
                                   bc_fonts **out, bc_error *err);

/* Both halves at once (one render). font_dir: the folder with the shipped
 * TTFs. families: preferred family names in order (NULL-terminated); the
 * first one that is available with all four styles is used. system_fonts:
 * also look for the preferred families among the system's fonts.
 * fc_default_unused: as bc_fonts_new_from_choice's. Caller frees with
 * bc_fonts_free. */
bc_status bc_fonts_new(const char *font_dir, const char *const *families, bool system_fonts,
                       bool fc_default_unused, bc_fonts **out, bc_error *err);
void bc_fonts_free(bc_fonts *f);

/* Makes fontconfig's default configuration an empty one for the rest of
 * the process (the compatibility entry bc_fonts_private_default in
 * baocao.h); false when it could not. */
bool bc_fonts_default_config_empty(void);

/* Why a preferred system family was skipped (a damaged file, checked with
 * fontcheck.h; the message names the file), or NULL. Owned by f. */
const char *bc_fonts_warning(const bc_fonts *f);
/* The family in use ("Liberation Serif"). */
const char *bc_fonts_family(const bc_fonts *f);
/* The configured Pango context (72 dpi, no hinting, unrounded positions,
 * language vi). Owned by f. */
PangoContext *bc_fonts_context(bc_fonts *f);
/* The render's cache of shaped words (wordcache.h). Owned by f. */
struct bc_wordcache *bc_fonts_wordcache(bc_fonts *f);
/* The font file of a style (for writers that embed files themselves). */
const char *bc_fonts_file(const bc_fonts *f, bool bold, bool italic);
/* Ascent and descent of the family, in em (TNR: 0.891, 0.216). */
void bc_fonts_metrics(const bc_fonts *f, double *ascent, double *descent);
/* A new description of the family at size pt. Caller frees. */
PangoFontDescription *bc_fonts_desc(const bc_fonts *f, double size, bool bold, bool italic);

/* Checks that every character of text has a glyph in the family (no
 * silent fallback). On failure names the first missing character
 * (U+XXXX) with the file/line given. */
bc_status bc_fonts_check_text(bc_fonts *f, const char *text, const char *file, int line,
                              bc_error *err);
/* The first character of text the family has no glyph for, or 0. */
int32_t bc_fonts_first_missing(const bc_fonts *f, const char *text);

#endif
