/* markdown.h - the narrative reader: Markdown (CommonMark + GFM footnotes,
 * via cmark-gfm) into the document model.
 *
 * Mapping: '#' -> heading level 1 ("I."), '##' -> 2 ("1."), '###' -> 3
 * ("a)"); a number the author wrote is kept, a missing one is generated
 * from the level (I., II. ...; 1., 2. ...; a), b), ... đ), e), g) ...),
 * continuing from the last number at that level. Bullet lists become items
 * ("-" at depth 1, "+" at depth 2); **bold**, *italic*, `code` (kept
 * unbroken), [^n] footnotes (numbered in order of first reference). A
 * thematic break (---) is a page break. Nothing is dropped: raw HTML and
 * code blocks are kept as text; an unused footnote definition is a warning
 * naming its label and line; a reference without a definition ("[^4]" left
 * as text by cmark-gfm; not "\[^4]" or inside `code`) is an error
 * (BC_E_INPUT) naming the label, line and column. */
#ifndef BC_MARKDOWN_H
#define BC_MARKDOWN_H

#include "error.h"
#include "model.h"

/* Parses text[0..len) (NFC UTF-8, see text.h) read from file. On success
 * *out is a new document (caller frees with bc_doc_free). */
bc_status bc_markdown_parse(const char *text, size_t len, const char *file, bc_doc **out,
                            bc_diags *diags, bc_error *err);

/* Loads the file (text.h rules) and parses it. */
bc_status bc_markdown_load(const char *path, bc_doc **out, bc_diags *diags, bc_error *err);

#endif
