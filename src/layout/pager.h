/* pager.h - the page builder: a vertical list of boxes (lines, blocks,
 * glue) is cut into pages, streamed to a page sink as each page is done.
 *
 * Rules it enforces: a break is only taken before a box that is not
 * keep_with_prev (widows/orphans, headings kept with what follows, the
 * signature block kept with the last lines, table rows kept whole); glue
 * vanishes at a break; footnotes go to the foot of the page where their
 * first reference falls, with a short rule above; repeated boxes (table
 * headers) start every page while they are set; page numbers are centred
 * in the top margin from the second page of a section. */
#ifndef BC_PAGER_H
#define BC_PAGER_H

#include <stdbool.h>

#include "display.h"
#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "para.h"

typedef struct bc_vbox {
    double height;        /* pt */
    bc_page *content;     /* items with y relative to the box top; owned */
    bool keep_with_prev;  /* no page break before this box */
    bool glue;            /* vertical space only: dropped at a break */
    bool page_break;      /* start a new page before this box */
    bool body_line;       /* a numbered body text line (drafts) */
    int *notes;           /* footnotes referenced in this box; owned */
    size_t nnotes;
    /* A table row cut by a page break right after this box: cut_tail is
     * placed just below it on that page (its height counts when the page is
     * filled: the cell padding and the closing rule at the cut edge), and
     * cut_head starts the next page, right after the repeated boxes and
     * never alone at its foot (the padding at the top cut edge, the row's
     * number). Either may be NULL; owned; unused when no break falls there. */
    struct bc_vbox *cut_tail, *cut_head;
    /* Furniture taller than a page (a long Nơi nhận list, a long trích yếu)
     * is cut by the pager between its lines: wherever no glyph run, rule or
     * box crosses, and never inside [keep_y0, keep_y1) (a part that must
     * stay whole, e.g. the signature, one recipient's wrapped lines; see
     * bc_vbox_keep). what names the block in the error when a part that
     * cannot be cut is taller than a page (static string, not owned; NULL:
     * "một khối nội dung"). */
    double (*keep)[2];    /* [y0, y1) ranges; owned */
    size_t nkeep;
    const char *what;
} bc_vbox;

/* New empty box (content page sized 0x0). NULL on out-of-memory. */
bc_vbox *bc_vbox_new(double height);
bc_vbox *bc_vbox_glue(double height);
bc_vbox *bc_vbox_copy(const bc_vbox *b);
void bc_vbox_free(bc_vbox *b);
/* Marks [y0, y1) of b as not to be cut. false on out-of-memory. */
bool bc_vbox_keep(bc_vbox *b, double y0, double y1);
/* A box holding one shaped line at x (pt from the page's left edge). */
bc_vbox *bc_vbox_from_line(const bc_line *line, double x, bc_drole role);

typedef struct bc_pager bc_pager;

typedef struct bc_section {
    bool landscape;
    bool numbered;        /* page numbers from the 2nd page of the section */
    const char *label_prefix; /* page labels: prefix + number ("", "PL I-") */
    int first_number;     /* the number of the section's first page (0: 1); a
                           * numbered section prints every number from 2 */
} bc_section;

/* notes[k-1] is the shaped text of footnote k (not owned; must outlive
 * the pager). The sink receives pages in order. diags collects layout
 * warnings (page-break rules that could not be kept). */
bc_pager *bc_pager_new(const bc_layout_cfg *cfg, bc_fonts *fonts, bc_page_sink sink,
                       bc_para *const *notes, size_t nnotes, bc_diags *diags);
void bc_pager_free(bc_pager *p);

/* Pages that went to the sink before this pager's first (a document's
 * last pages, e.g. the draft's summary after the document): its pages are
 * numbered (bc_page.index, messages, bc_pager_page_count) after them. Call
 * before the first section. */
void bc_pager_continue(bc_pager *p, int pages_before);
/* Starts a new section on a new page. */
bc_status bc_pager_section(bc_pager *p, const bc_section *s, bc_error *err);
/* Text area of the current section, pt. */
double bc_pager_text_left(const bc_pager *p);
double bc_pager_text_width(const bc_pager *p);
double bc_pager_text_height(const bc_pager *p);
/* Height still free on the current page (after the boxes pending). */
double bc_pager_space_left(const bc_pager *p);
/* Adds a box; the pager owns it afterwards (also on error). Nothing is ever
 * placed outside the page: a box taller than the text area is cut between
 * its lines (see bc_vbox); a part that cannot be cut, or footnotes that
 * cannot fit beside the line citing them, stop the layout with BC_E_LAYOUT
 * saying what is too tall and by how much. */
bc_status bc_pager_add(bc_pager *p, bc_vbox *box, bc_error *err);
/* Boxes to repeat at the top of every following page (copied); n = 0
 * clears. */
bc_status bc_pager_set_repeat(bc_pager *p, bc_vbox *const *boxes, size_t n, bc_error *err);
/* Flushes the last page. */
bc_status bc_pager_finish(bc_pager *p, bc_error *err);
/* A new document-unique number for structure element ids (bc_sid). */
uint64_t bc_pager_new_seq(bc_pager *p);
/* Pages emitted so far. */
int bc_pager_page_count(const bc_pager *p);

#endif
