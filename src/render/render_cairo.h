/* render_cairo.h - draws display-list pages with cairo: a PDF (fonts
 * subset and embedded with ToUnicode, outline, metadata, page labels) and
 * optional PNG previews. Used as a bc_page_sink: pages are written as
 * they arrive, so memory does not grow with the page count. */
#ifndef BC_RENDER_CAIRO_H
#define BC_RENDER_CAIRO_H

#include "display.h"
#include "error.h"
#include "outfile.h"

typedef struct bc_cairo_writer bc_cairo_writer;

/* pdf: where the PDF goes (borrowed until close; NULL for PNG only; the
 * caller commits it after close); png_dir: folder for trang-NNN.png
 * previews (NULL for none) at dpi, each written all-or-nothing
 * (outfile.h) with its temporary path reported to hooks (may be NULL).
 * *out is new. */
bc_status bc_cairo_writer_open(bc_outfile *pdf, const bc_pdf_meta *meta, const char *png_dir,
                               double dpi, const bc_tmp_hooks *hooks, bc_cairo_writer **out,
                               bc_error *err);
/* The official copy: the pages' signature places (display.h bc_field)
 * become empty signature fields in the PDF (sigfield.h). Call before the
 * first page. */
void bc_cairo_writer_sign_fields(bc_cairo_writer *w);
/* From now on pages are drawn and compressed on a worker thread while the
 * caller lays out the next ones (worker.h); the PDF is byte for byte the
 * same. Call before the first page. If the thread cannot be started the
 * writer simply stays on the caller's thread. */
void bc_cairo_writer_use_thread(bc_cairo_writer *w);
/* The sink callback: ctx is the writer; takes ownership of page. The glyph
 * runs are converted for cairo here, on the caller's thread (the only
 * Pango calls). On failure err is the writer's own error, the first met so
 * far (a PNG preview that could not be written names its path, a page
 * cairo could not draw names the PDF); with a worker thread a drawing
 * error is reported by the call after the page that failed. */
bc_status bc_cairo_writer_page(void *ctx, bc_page *page, bc_error *err);
/* Finishes the PDF. Returns the first error met while writing pages. */
bc_status bc_cairo_writer_close(bc_cairo_writer *w, bc_error *err);
/* Frees without finishing (after an error). */
void bc_cairo_writer_abort(bc_cairo_writer *w);

/* Draws one page's items on any cairo context (origin top-left, pt). */
void bc_cairo_draw_page(void *cr, const bc_page *page);

#endif
