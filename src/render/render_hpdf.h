/* render_hpdf.h - a second writer of the display list, with libharu 2.3.0.
 * Used for draft review copies: it draws the same pages as render_cairo.h
 * (text at the exact positions Pango computed, rules, boxes, colours,
 * rotated runs, outline, page labels, metadata) and can also write what
 * cairo cannot: text annotations ("sticky notes"), e.g. review notes at
 * their anchors, and the report's sources as embedded files (from memory: the
 * bytes draftsrc.h chose).
 *
 * Text: libharu neither shapes nor kerns, so every glyph run is drawn
 * cluster by cluster at the x positions of its PangoGlyphString (geometry
 * width and offsets); consecutive clusters whose libharu advance agrees with
 * Pango's within 0.03 pt share one text-show operator. Fonts are the TTF
 * files Pango used (fontconfig FC_FILE), embedded with
 * HPDF_LoadTTFontFromFile and shown through the UTF-8 encoder, so the text
 * extracts as NFC Vietnamese. libharu's own ToUnicode CMap is malformed
 * (poppler: "Invalid 'begincidrange' operator"); the writer replaces its
 * contents at close with a bfrange CMap of the characters it drew.
 *
 * libharu 2.3.0 embeds the components of a composite glyph but not the
 * components of those components: a font whose accented letters are built
 * from nested composites (DejaVu Serif: "ễ" = e + a composite of circumflex
 * and tilde) prints them without their marks. bc_hpdf_check_font() detects
 * that from the font's 'glyf' table before anything is drawn; the writer
 * also checks every character it draws and fails rather than lose a mark.
 *
 * Like the cairo writer it is a bc_page_sink: pages are drawn as they
 * arrive (libharu keeps the document in memory until close, where the file
 * is written), then passed on to the next sink, if any (PNG previews: the
 * caller puts a cairo writer there, render_cairo.h; this writer knows
 * nothing of it).
 */
#ifndef BC_RENDER_HPDF_H
#define BC_RENDER_HPDF_H

#include <stdbool.h>
#include <stddef.h>

#include "display.h"
#include "error.h"
#include "outfile.h"

typedef struct bc_attachment {
    const char *name;      /* its name inside the PDF ("report.yaml") */
    const char *data;      /* the bytes to embed (draftsrc.h decides what) */
    size_t len;
    const char *desc;      /* the file's description (/Desc), may be NULL */
} bc_attachment;

/* A text annotation ("sticky note") added at close, printable (/F 4), with
 * an appearance stream (a note icon drawn in vector paths, no font). Where
 * it goes is the caller's business (draft review notes find their anchors
 * with a page-sink filter in front of the writer, reviewnotes.h, and draftrun
 * puts the icon in the right margin beside the anchored words). */
typedef struct bc_pdf_note {
    const char *text;      /* its contents (UTF-8) */
    const char *author;    /* its title (/T), may be NULL */
    bool placed;           /* false: the top-left corner of page 1, stacked
                            * by the note's index in the list */
    int page;              /* 0-based physical page (out of range: page 1) */
    double x0, y0, x1, y1; /* the icon's rectangle, pt from the page's
                            * top-left corner */
} bc_pdf_note;

typedef struct bc_hpdf_extras {
    /* Files to embed (names, bytes and descriptions copied at open). */
    const bc_attachment *attachments;
    size_t nattachments;
} bc_hpdf_extras;

typedef struct bc_hpdf_writer bc_hpdf_writer;

/* pdf: where the PDF is written at close (borrowed; the caller commits
 * it after close; NULL: no PDF, pages only passed on); next: where each
 * page goes once drawn (borrowed; the caller closes it after this writer;
 * next.page NULL: pages are freed). extras may be NULL. *out is new. */
bc_status bc_hpdf_writer_open(bc_outfile *pdf, const bc_pdf_meta *meta,
                              const bc_hpdf_extras *extras, bc_page_sink next,
                              bc_hpdf_writer **out, bc_error *err);
/* The sink callback: ctx is the writer; takes ownership of page. On
 * failure err is the writer's own error (or the next sink's, unchanged). */
bc_status bc_hpdf_writer_page(void *ctx, bc_page *page, bc_error *err);
/* When the writer has failed: copies its error into err and returns its
 * status; BC_OK otherwise. */
bc_status bc_hpdf_writer_error(const bc_hpdf_writer *w, bc_error *err);
/* Adds the notes (nnotes of them, borrowed, may be NULL) as text
 * annotations and the attachments, writes the PDF and frees w. Returns the
 * first error met. */
bc_status bc_hpdf_writer_close(bc_hpdf_writer *w, const bc_pdf_note *notes, size_t nnotes,
                               bc_error *err);
/* Frees without writing (after an error). */
void bc_hpdf_writer_abort(bc_hpdf_writer *w);

/* Checks that libharu can show every character of text (UTF-8) with the
 * TrueType font at ttf_path without losing marks: the glyph of each
 * character must not be a composite glyph with a composite component.
 * family names the font in the message. Refusal: BC_E_FONT, naming the
 * font and the first such character. Characters the font lacks are not
 * this check's business (fonts.h checks coverage). */
bc_status bc_hpdf_check_font(const char *ttf_path, const char *family, const char *text,
                             bc_error *err);

#endif
