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

/* font_dir: the folder with the shipped TTFs. families: preferred family
 * names in order (NULL-terminated); the first one that is available with
 * all four styles is used. system_fonts: also look for the preferred
 * families among the system's fonts. Caller frees with bc_fonts_free. */
bc_status bc_fonts_new(const char *font_dir, const char *const *families, bool system_fonts,
                       bc_fonts **out, bc_error *err);
void bc_fonts_free(bc_fonts *f);

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
