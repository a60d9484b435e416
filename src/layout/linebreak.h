/* linebreak.h - total-fit paragraph breaking (Knuth-Plass style).
 *
 * Pure algorithm, no Pango: the paragraph is a row of boxes (words or word
 * pieces) with glue (spaces) before them. Breaks are chosen for the whole
 * paragraph at once so that justified lines stretch or shrink their spaces
 * evenly (demerits for loose lines and for neighbours of very different
 * tightness), or, for ragged and balanced text, so that lines have similar
 * lengths. No hyphenation (Vietnamese). */
#ifndef BC_LINEBREAK_H
#define BC_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#define BC_LB_FORBID 1000000 /* penalty: never break here */
/* penalty from which a break is a last resort: taken only when no set of
 * breaks keeps every line within the tolerance without it */
#define BC_LB_LAST_RESORT 100000

typedef struct bc_lb_item {
    double width;    /* box width */
    double glue;     /* natural glue before the box (dropped at a break) */
    double stretch;  /* how far that glue may stretch (at ratio 1) */
    double shrink;   /* how far it may shrink (at most, ratio -1) */
    bool can_break;  /* a line may start with this box */
    int penalty;     /* extra cost of breaking before this box; BC_LB_FORBID: never */
} bc_lb_item;

typedef enum bc_lb_mode {
    BC_LB_JUSTIFY,  /* all lines but the last stretched to the width */
    BC_LB_RAGGED,   /* lines not stretched; similar lengths except the last */
    BC_LB_BALANCE   /* fewest lines, all of similar length (headings, titles) */
} bc_lb_mode;

typedef struct bc_lb_params {
    double first_width, rest_width; /* available width of the first / other lines */
    bc_lb_mode mode;
    double tolerance;        /* justify: largest acceptable stretch ratio (e.g. 1.0) */
    double last_word_cost;   /* demerits for a last line holding a single box */
} bc_lb_params;

typedef struct bc_lb_result {
    size_t nlines;
    double worst_ratio;      /* justify: largest stretch ratio of a non-last line */
    bool overfull;           /* some line is wider than the width even fully shrunk */
} bc_lb_result;

/* Chooses breaks for items[0..n). starts (n + 1 entries, caller owns)
 * receives the index of the first box of each line, then n. Returns false
 * on out-of-memory only; a paragraph always gets some set of breaks (an
 * over-wide box gets a line of its own and sets overfull). */
bool bc_linebreak(const bc_lb_item *items, size_t n, const bc_lb_params *p, size_t *starts,
                  bc_lb_result *res);

/* The glue ratio of line [a, b) at width w: > 0 stretch, < 0 shrink. */
double bc_lb_ratio(const bc_lb_item *items, size_t a, size_t b, double w);

#endif
