/* model.h - the document model: a plain tree of blocks, styled text and
 * footnotes. No layout information lives here; the layout engine reads
 * it, the narrative reader (markdown.c) writes it. */
#ifndef BC_MODEL_H
#define BC_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "align.h"

/* Inline styling as spans over a paragraph's text (byte offsets). */
enum {
    BC_SPAN_BOLD = 1u << 0,
    BC_SPAN_ITALIC = 1u << 1,
    BC_SPAN_NOTEREF = 1u << 2, /* footnote marker: superscript digits */
    BC_SPAN_NOBREAK = 1u << 3, /* never break a line inside */
    BC_SPAN_LINK = 1u << 4,    /* a link: to bc_rich_link_url, else to its text */
    BC_SPAN_INSERTED = 1u << 5,/* draft review: new since the last draft (underlined) */
    BC_SPAN_DELETED = 1u << 6, /* draft review: removed since the last draft (struck) */
    BC_SPAN_DELMARK = 1u << 7  /* draft review: text was deleted just before this span
                                  (layout unchanged; a margin mark is drawn) */
};


typedef struct bc_span {
    size_t start, end; /* byte offsets into bc_rich.text, start < end */
    unsigned flags;
    int note;          /* footnote number for BC_SPAN_NOTEREF; BC_SPAN_LINK:
                          its target's place in bc_rich.links + 1 (0: the
                          text is the target, as in <https://...>) */
} bc_span;

/* Styled text. text is NFC UTF-8, owned, and so are the link targets. */
typedef struct bc_rich {
    char *text;
    size_t len;
    bc_span *spans;
    size_t nspans, cap;
    char **links;      /* targets of links whose text is not the target */
    size_t nlinks;
} bc_rich;

typedef enum bc_block_kind {
    BC_BLOCK_PARAGRAPH,
    BC_BLOCK_HEADING,   /* level 1 "I.", 2 "1.", 3 "a)" */
    BC_BLOCK_ITEM,      /* list item: level 1 "-", level 2 "+" */
    BC_BLOCK_PAGEBREAK
} bc_block_kind;

typedef struct bc_block {
    bc_block_kind kind;
    int level;
    char *number;        /* heading: number as printed ("I.", "1.", "a)"); item: bullet */
    bool number_given;   /* heading: the author wrote the number */
    bc_rich text;        /* without the number */
    int line;            /* source line (1-based) */
} bc_block;

typedef struct bc_footnote {
    int number;          /* 1, 2, ... in order of first reference */
    char *label;         /* label in the source ("12") */
    bc_rich text;
    int line;
} bc_footnote;

typedef struct bc_doc {
    char *file;          /* source path, for messages */
    bc_block *blocks;
    size_t nblocks, cap;
    bc_footnote *notes;
    size_t nnotes, notes_cap;
} bc_doc;

/* Allocation: a bc_doc owns all its blocks, texts and notes. */
bc_doc *bc_doc_new(const char *file);
void bc_doc_free(bc_doc *doc);
/* Appends a zeroed block and returns it (NULL on out-of-memory). The
 * pointer is valid until the next append. */
bc_block *bc_doc_add_block(bc_doc *doc, bc_block_kind kind, int level, int line);
bc_footnote *bc_doc_add_note(bc_doc *doc, const char *label, int line);
bc_footnote *bc_doc_find_note(bc_doc *doc, const char *label);

/* Rich text building. Return false on out-of-memory. */
bool bc_rich_append(bc_rich *r, const char *s, size_t n);
bool bc_rich_add_span(bc_rich *r, size_t start, size_t end, unsigned flags, int note);
/* Makes [start, end) a link to url (copied): a BC_SPAN_LINK span. */
bool bc_rich_add_link(bc_rich *r, size_t start, size_t end, const char *url, unsigned flags);
/* The target of link span sp of r: its own URL, or NULL when its text is
 * the target (or sp names no target of r). Borrowed from r. */
const char *bc_rich_link_url(const bc_rich *r, const bc_span *sp);
void bc_rich_free(bc_rich *r);
/* Removes leading and trailing ASCII white space, adjusting spans. */
void bc_rich_trim(bc_rich *r);

#endif
