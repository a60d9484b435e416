/* vnnum.h - reading and writing numbers the Vietnamese way.
 *
 * Officials paste figures in two styles:
 *   Vietnamese  1.234.567   76,88   0,49%   ("." groups thousands, "," is the decimal mark)
 *   English     1,234,567   76.88   0.49%   (spreadsheets in an English locale)
 * bc_num_parse() reads either style (told which, or guessing per value), and
 * a bc_num_detector collects evidence over a whole column or file to decide
 * the style once and say why. bc_num_format() always writes the Vietnamese
 * style of typography.md: 1.023.615, 76,88, 0,49%, "-" for zero on request,
 * "07" for small counts on request, no grouping for years and ids on request.
 *
 * Everything here is pure: no global state, no locale dependence (strtod and
 * printf("%f") are not used, so setlocale() in the program changes nothing).
 * Only bc_num_format() allocates (caller frees); bc_num_format_to() writes
 * into a caller buffer.
 */
#ifndef BC_VNNUM_H
#define BC_VNNUM_H

#include <stdbool.h>
#include <stddef.h>

#include "decnum.h"

typedef enum bc_num_style {
    /* Decide per value: with both marks the last one is the decimal mark; a
     * lone mark followed by exactly three digits (and not after a lone "0")
     * groups thousands, any other lone mark is the decimal mark; a mark that
     * occurs twice groups thousands. */
    BC_NUM_AUTO = 0,
    BC_NUM_VIET,    /* 1.234.567,89 */
    BC_NUM_ENGLISH  /* 1,234,567.89 */
} bc_num_style;

/* Short Vietnamese description of a style, e.g. "kiểu Việt (1.234,5)". Static. */
const char *bc_num_style_name(bc_num_style style);

typedef enum bc_num_result {
    BC_NUM_OK = 0,   /* *out holds the value */
    BC_NUM_EMPTY,    /* only white space; *out = 0 */
    BC_NUM_DASH,     /* "-", "–" or "—" alone: the tables' zero / nothing; *out = 0 */
    BC_NUM_INVALID,  /* not a number in this style; *out = NAN */
    BC_NUM_RANGE     /* bc_num_parse_dec only: more digits than a bc_dec keeps
                        (18 significant, 18 decimals); *out = none */
} bc_num_result;

/* What the written form looked like (filled for BC_NUM_OK; zeroed otherwise). */
typedef struct bc_num_info {
    bool percent;      /* a trailing "%": the value was divided by 100 */
    bool negative;
    bool grouped;      /* thousands separators were written */
    bool leading_zero; /* integer part written with a leading zero: "07" */
    int int_digits;    /* digits before the decimal mark */
    int decimals;      /* digits after the decimal mark, as written */
} bc_num_info;

/* Parses s (NUL-terminated UTF-8). Accepts: surrounding spaces (also U+00A0,
 * U+202F, U+2009), a sign ("-", "+", U+2212), thousands separators of the style
 * (and spaces between digit groups), one decimal mark, a trailing "%" (value
 * divided by 100: "0,49%" -> 0.0049). Groups must be 3 digits (the first 1-3);
 * so "0.50" is INVALID in BC_NUM_VIET and "0,50" INVALID in BC_NUM_ENGLISH,
 * which is how a wrong style shows up. out and info may be NULL. */
bc_num_result bc_num_parse(const char *s, bc_num_style style, double *out,
                           bc_num_info *info);

/* Same, as an exact decimal (see decnum.h): "9007199254740993" keeps every
 * digit, "0,1" is exactly 0.1, "0,49%" is exactly 0.0049. EMPTY and DASH give
 * 0, INVALID gives BC_DEC_NONE, and a well-formed number with more than 18
 * significant digits (or decimals) is BC_NUM_RANGE (never rounded). */
bc_num_result bc_num_parse_dec(const char *s, bc_num_style style, bc_dec *out,
                               bc_num_info *info);

/* Which style a single written number speaks for. integer_only: the value
 * belongs to a column of whole numbers, so a mark followed by exactly three
 * digits must be a thousands separator ("1,051" is English there). */
typedef enum bc_num_evidence {
    BC_NUM_EV_NONE = 0,   /* no separator, or not a number */
    BC_NUM_EV_VIET,
    BC_NUM_EV_ENGLISH,
    BC_NUM_EV_AMBIGUOUS   /* "1.234" in a decimal column: either style */
} bc_num_evidence;

bc_num_evidence bc_num_evidence_of(const char *s, bool integer_only);

/* Collects evidence over many values. Zero-initialise ({0}) before use; it
 * owns no memory. */
typedef struct bc_num_detector {
    size_t viet, english, ambiguous, plain; /* values of each evidence kind */
    /* first value that spoke for each style, for the report */
    char viet_example[32], english_example[32], ambiguous_example[32];
    int viet_line, viet_column, english_line, english_column;
    int ambiguous_line, ambiguous_column;
} bc_num_detector;

void bc_num_detector_add(bc_num_detector *d, const char *s, bool integer_only, int line,
                         int column);
/* BC_NUM_VIET or BC_NUM_ENGLISH when the evidence points one way; when both
 * styles occur, the majority and *conflict = true; with no deciding value,
 * BC_NUM_VIET and *undecided = true. conflict/undecided may be NULL. */
bc_num_style bc_num_detector_result(const bc_num_detector *d, bool *conflict,
                                    bool *undecided);

typedef enum bc_numfmt_kind {
    BC_NUMFMT_INTEGER = 0, /* 1.234.567 (rounded to a whole number) */
    BC_NUMFMT_DECIMAL,     /* 76,88 with fmt->decimals digits */
    BC_NUMFMT_PERCENT      /* value 0.0049 -> "0,49%" with fmt->decimals digits */
} bc_numfmt_kind;

/* Zero-initialised = whole number with thousands grouping. */
typedef struct bc_num_fmt {
    bc_numfmt_kind kind;
    int decimals;     /* 0..15; ignored for BC_NUMFMT_INTEGER */
    bool no_grouping; /* years, document numbers, ids: 2023 not 2.023 */
    bool dash_zero;   /* a value that is exactly 0 prints as "-" */
    int min_digits;   /* zero-pad the integer part: 2 gives "07"; 0 = none */
} bc_num_fmt;

/* Writes the Vietnamese form of v into buf (always NUL-terminated when
 * size > 0) and returns the length of the full string, as snprintf does.
 * NAN and infinities give "". Rounding is half away from zero, after a tiny
 * nudge (1e-14 relative, at most 1e-7 of the last digit) so that "1,005"
 * read back and printed with two decimals gives "1,01" as it reads. 128
 * bytes are always enough for |v| < 1e40. */
size_t bc_num_format_to(char *buf, size_t size, double v, const bc_num_fmt *fmt);

/* Same, into a fresh string: caller frees. NULL only on out-of-memory. */
char *bc_num_format(double v, const bc_num_fmt *fmt);

/* Rounds v the way bc_num_format prints it (percent: to decimals of the
 * percentage), so callers can compare printed values. */
double bc_num_round(double v, const bc_num_fmt *fmt);

/* The same for exact decimals: rounding is done once, here, half away from
 * zero on the exact value (0,125 -> 0,13; 12,345% -> 12,35%; -0,5 -> -1 as a
 * whole number). A value that rounds to zero prints without a sign. */
size_t bc_num_format_dec_to(char *buf, size_t size, bc_dec v, const bc_num_fmt *fmt);
char *bc_num_format_dec(bc_dec v, const bc_num_fmt *fmt);
/* v rounded as bc_num_format_dec prints it (percent: to decimals of the
 * percentage), for comparing printed values. */
bc_dec bc_num_round_dec(bc_dec v, const bc_num_fmt *fmt);

#endif
