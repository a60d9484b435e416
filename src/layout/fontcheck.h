/* fontcheck.h - bounds and consistency checks of a TrueType file before any
 * library that trusts it (libharu 2.3.0 above all) reads it.
 *
 * libharu sizes its arrays from maxp.numGlyphs and then fills them from
 * other tables without comparing counts: an hhea.numberOfHMetrics larger
 * than numGlyphs, a short loca, or a cmap subtable pointing outside its
 * table writes past the heap. This module is not a font parser: it only
 * checks that every count and offset libharu (and render_hpdf.c's own glyph
 * lookups) will use stays inside the file and agrees with the others:
 * the table directory; head, maxp, hhea, hmtx, loca, glyf (every glyph and
 * the components of composite glyphs), cmap (every subtable; the
 * (3,1) format 4 one libharu reads, every glyph index reachable from it),
 * name (every string) and post. */
#ifndef BC_FONTCHECK_H
#define BC_FONTCHECK_H

#include <stddef.h>

#include "error.h"

/* Checks the font data d[0..n). name is the file named in the message.
 * Refusal: BC_E_FONT, file = name, message saying which table is wrong. */
bc_status bc_fontcheck_mem(const unsigned char *d, size_t n, const char *name, bc_error *err);

/* Reads and checks the file at path (BC_E_FONT when it cannot be read). */
bc_status bc_fontcheck_file(const char *path, bc_error *err);

#endif
