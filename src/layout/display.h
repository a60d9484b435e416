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

/* Structure types of the tagged PDF (ISO 32000-1 14.8.4 standard types).
 * BC_SE_NONE: not part of the structure (an artifact). */
typedef enum bc_stype {
    BC_SE_NONE = 0,
    BC_SE_DIV, BC_SE_P, BC_SE_H1, BC_SE_H2, BC_SE_H3,
    BC_SE_L, BC_SE_LI, BC_SE_LBL, BC_SE_LBODY, BC_SE_NOTE,
    BC_SE_TABLE, BC_SE_THEAD, BC_SE_TBODY, BC_SE_TR, BC_SE_TH, BC_SE_TD,
    BC_SE_LINK, /* made by the writers around a URL's text (render_cairo.c) */
    BC_SE_COUNT
} bc_stype;

/* The PDF name of a structure type ("P", "H1", ...; NULL for NONE). */
const char *bc_stype_name(bc_stype t);
/* The tag of its marked content: the name, but "Span" for a Link (cairo
 * makes a "Link" tag an annotation of its own). */
const char *bc_stype_mc_tag(bc_stype t);

/* Where a glyph run sits in the document's structure: the chain of
 * elements from the outermost (below the Document) to the one that holds
 * the run. Ids are unique in a document (bc_sid) and only name elements:
 * readers order elements by their first run in the display list. depth 0:
 * an artifact (page numbers, rules, repeated table headers). */
#define BC_SPATH_MAX 6
typedef struct bc_spath {
    uint8_t depth;
    uint8_t type[BC_SPATH_MAX];  /* bc_stype */
    uint64_t id[BC_SPATH_MAX];
    /* the innermost element (a TH or TD) spans this many columns and rows
     * of its table (0 and 1: one); the tree says so (/ColSpan, /RowSpan) */
    uint16_t colspan, rowspan;
    /* a paragraph of a table tagged by rows (BC_TAG_MAX_CELLS): a page of
     * such runs alone may put its artifacts after them in the content
     * (render_cairo.c), their reading order being the tree's */
    bool bulk;
} bc_spath;

/* An element id: a document-unique number (the pager hands them out) and
 * a part number below 2^20 (a cell's column, a note's label ...). */
static inline uint64_t bc_sid(uint64_t seq, uint32_t part)
{
    return (seq << 20) | (part & 0xFFFFF);
}

/* cairo 1.16 keeps about 2 KB and spends about 0.2 ms per tagged run: a
 * table with more cells than this is tagged as paragraphs of
 * BC_TAG_COARSE_ROWS rows each (its text complete and in order) rather
 * than cell by cell. */
#define BC_TAG_MAX_CELLS 10000
#define BC_TAG_COARSE_ROWS 64
/* Part numbers of a table's ids (bc_sid): header rows from here. */
#define BC_SID_HEADER_ROW 0x80000u

/* Appends element (type, id) to *sp; false when the path is full. */
bool bc_spath_push(bc_spath *sp, bc_stype type, uint64_t id);

/* Which draft mark an item is (draft.c; BC_DMARK_NONE for the document's own
 * content). Writers may draw marks as artifacts, outside the text. */
typedef enum bc_dmark {
    BC_DMARK_NONE = 0,
    BC_DMARK_LINE_NO,       /* a line number in the left margin */
    BC_DMARK_STAMP,         /* "Dự thảo lần N – ..." in the bottom margin */
    BC_DMARK_BOX,           /* the boxed DỰ THẢO on page 1 (text and frame) */
    BC_DMARK_WATERMARK,     /* the diagonal DỰ THẢO under the text */
    BC_DMARK_DELETION       /* a bar and tick where words were deleted */
} bc_dmark;

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
    bc_spath spath;         /* GLYPHS: structure (tagged PDF); zero: artifact */
    int note_ref;           /* GLYPHS: the marker of footnote note_ref in the text (> 0) */
    int note_label;         /* GLYPHS: the number in front of footnote note_label (> 0) */
    char *uri;              /* GLYPHS: owned; a URL shown by part of the run ... */
    double link_x0, link_x1; /* ... from x + link_x0 to x + link_x1 */
    size_t link_b0, link_b1; /* ... its text: bytes [link_b0, link_b1) of text */
    bool link_cont;         /* ... the same link as the last URL's run before it (one
                             * URL broken over lines, or styled in parts) */
    bc_dmark mark;          /* a draft's own mark (draft.c), else BC_DMARK_NONE */
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

/* A glyph string of n glyphs (their contents unset), its arrays exactly n
 * long: pango_glyph_string_set_size rounds them up to a power of two, and
 * copies keep that size - a third more memory for every run a page holds.
 * Freed with pango_glyph_string_free; Pango's calls work on it as on their
 * own (its private space field says how long the arrays are). Aborts on
 * out-of-memory, as glib does. */
PangoGlyphString *bc_glyph_string_sized(int n);
/* A copy of gi (as pango_glyph_item_copy) whose glyph arrays are exactly
 * as long as its glyphs; NULL for NULL. Freed with pango_glyph_item_free. */
PangoGlyphItem *bc_glyph_item_dup(const PangoGlyphItem *gi);

bc_page *bc_page_new(double width, double height, int index);
void bc_page_free(bc_page *p);
/* Appends a zeroed item; NULL on out-of-memory. Valid until next add. */
bc_ditem *bc_page_add(bc_page *p, bc_ditem_kind kind);
bool bc_page_add_outline(bc_page *p, const char *title, int level, double y);
/* Appends a glyph run of no glyphs and no text at (x, baseline y): it
 * holds a structure element that has no text of its own (an empty table
 * cell's TD); writers draw nothing for it. false on out-of-memory. */
bool bc_page_add_empty_run(bc_page *p, double x, double y, double size, bc_drole role);
/* Appends a signature place (name truncated to 31 bytes); false on
 * out-of-memory. */
bool bc_page_add_field(bc_page *p, const char *name, double x0, double y0, double x1, double y1);
/* Sets the structure path of items [from, count) to *sp (NULL: artifacts). */
void bc_page_set_spath(bc_page *p, size_t from, const bc_spath *sp);
/* Puts items [from, count) that have a structure inside element
 * (type, id), id = bc_sid(seq, 0): their path moves one level down and
 * their ids, numbered locally from 1 (bc_place_text: the first item's
 * index + 1), become bc_sid(seq, local). */
void bc_page_wrap_spath(bc_page *p, size_t from, bc_stype type, uint64_t id);

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
