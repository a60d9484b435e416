/* display.h - the layout's output: per page, a list of positioned glyph
 * runs, rules and boxes, plus outline entries and a page label. Renderers
 * (render_cairo.c, ...) draw it; tests and the text self-check read it.
 * Coordinates are PDF points from the top-left corner of the page; y of a
 * glyph run is its baseline. */
#ifndef BC_DISPLAY_H
#define BC_DISPLAY_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef enum bc_ditem_kind { BC_DI_GLYPHS, BC_DI_RULE, BC_DI_BOX } bc_ditem_kind;

/* What a glyph run belongs to, for line numbering and checks. */
typedef enum bc_drole {
    BC_ROLE_FURNITURE = 0, /* header block, page numbers, signature ... */
    BC_ROLE_BODY,          /* body text lines (numbered in drafts) */
    BC_ROLE_NOTE,          /* footnote text */
    BC_ROLE_TABLE
} bc_drole;

typedef struct bc_ditem {
    bc_ditem_kind kind;
    bc_drole role;
    uint32_t rgb;          /* 0xRRGGBB */
    /* GLYPHS: baseline origin; RULE: from (x,y) to (x2,y2); BOX: rectangle */
    double x, y, x2, y2;
    double line_width;     /* RULE, BOX stroke (pt) */
    bool fill;             /* BOX: filled instead of stroked */
    /* GLYPHS */
    PangoGlyphItem *glyphs; /* owned copy; item->offset is 0 and refers to text */
    char *text;             /* owned; the run's text */
    double size;            /* pt */
    bool bold, italic;
    int line_no;            /* BODY: line number on the page (1-based), else 0 */
    double angle;           /* GLYPHS: rotation in radians about (x, y), counter-clockwise */
    bool deletion_mark;     /* GLYPHS: text was deleted before this run (draft review) */
} bc_ditem;

typedef struct bc_outline_entry {
    char *title;
    int level;             /* 1 = top */
    double y;              /* on this page */
} bc_outline_entry;

/* A place reserved for a digital signature (ND30 Phụ lục I, II.7.d and
 * II.8): the renderer records it in the official PDF as an empty signature
 * field of that name, which "baocao ky" fills. */
typedef struct bc_field {
    char name[32];         /* "ky-nguoi-ky", "ky-co-quan" */
    double x0, y0, x1, y1; /* the area, pt from the page's top-left corner */
} bc_field;

typedef struct bc_page {
    double width, height;  /* pt */
    int index;             /* 0-based physical page */
    char *label;           /* page label ("1", "PL I-2"), owned */
    bc_ditem *items;
    size_t count, cap;
    bc_outline_entry *outline;
    size_t noutline, outline_cap;
    bc_field *fields;      /* signature places (owned array) */
    size_t nfields;
} bc_page;

bc_page *bc_page_new(double width, double height, int index);
void bc_page_free(bc_page *p);
/* Appends a zeroed item; NULL on out-of-memory. Valid until next add. */
bc_ditem *bc_page_add(bc_page *p, bc_ditem_kind kind);
bool bc_page_add_outline(bc_page *p, const char *title, int level, double y);
/* Appends a signature place (name truncated to 31 bytes); false on
 * out-of-memory. */
bool bc_page_add_field(bc_page *p, const char *name, double x0, double y0, double x1, double y1);

/* A text serialisation of a page for golden-file tests (in the manner of
 * Pango's own layout tests): one line per item with positions rounded to
 * 0.01 pt, kind, role, size, style and text. Appends to *out (a bc_buf). */
struct bc_buf;
void bc_page_dump(const bc_page *p, struct bc_buf *out);

/* Where finished pages go: the layout calls page() once per page, in
 * order, and keeps no reference afterwards (the sink owns the page and
 * frees it, also when it fails). On failure the sink fills err with its
 * own error (status, code, file, line, column, message: what the user is
 * to read, e.g. the output file that could not be written) and returns
 * its status; the layout stops and passes err on unchanged. A filter
 * passes its next sink's error on unchanged in the same way. */
typedef struct bc_page_sink {
    bc_status (*page)(void *ctx, bc_page *page, bc_error *err);
    void *ctx;
} bc_page_sink;

/* The document's metadata, for the writers (render_cairo.h,
 * render_hpdf.h). Strings borrowed. */
typedef struct bc_pdf_meta {
    const char *title, *author, *subject, *keywords;
    const char *date;        /* ISO "YYYY-MM-DDThh:mm:ss" or NULL */
} bc_pdf_meta;

#endif
