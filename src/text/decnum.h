/* decnum.h - exact decimal numbers for the figures of a report.
 *
 * A figure is kept as an integer mantissa and a count of decimals:
 * value = m / 10^scale. Every figure read from a table, an indicator file or
 * a formula is one of these, so 9007199254740993 stays 9007199254740993 and
 * 0,1 + 0,2 is exactly 0,3 (binary doubles get neither right).
 *
 * Range: at most BC_DEC_DIGITS (18) significant digits and at most
 * BC_DEC_MAX_SCALE (18) decimals, i.e. |m| < 10^18. Parsing refuses more
 * digits (BC_DEC_RANGE), it never rounds what the user wrote. Sums,
 * differences and products are exact while they fit; when a result needs
 * more than 18 digits, decimals beyond the 18th significant digit are
 * rounded off (half away from zero) and a result whose integer part does not
 * fit is BC_DEC_RANGE. A quotient is carried to 18 significant digits
 * (rounded half away from zero); it is rounded again only when printed, to
 * the column's decimals (bc_dec_round), once.
 *
 * "Not a number" (an empty cell, a failed formula) is its own value,
 * BC_DEC_NONE (scale < 0): every operation on it gives it back.
 *
 * Pure functions on values: no allocation, no global state, no locale.
 */
#ifndef BC_DECNUM_H
#define BC_DECNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BC_DEC_DIGITS 18
#define BC_DEC_MAX_SCALE 18

/* Why a figure is refused (Vietnamese, for messages after «số «…» »). */
#define BC_DEC_RANGE_MSG                                                                  \
    "vượt giới hạn: baocao giữ đúng từng chữ số của số có tối đa 18 chữ số (và tối đa 18 " \
    "chữ số thập phân); hãy kiểm tra lại số này hoặc đổi đơn vị (nghìn, triệu, tỷ)"

typedef struct bc_dec {
    int64_t m;  /* mantissa, |m| < 10^18 */
    int scale;  /* decimals, 0..18; < 0 = none (not a number) */
} bc_dec;

#define BC_DEC_NONE ((bc_dec){0, -1})
#define BC_DEC_ZERO ((bc_dec){0, 0})

typedef enum bc_dec_status {
    BC_DEC_OK = 0,
    BC_DEC_RANGE,   /* more than 18 significant digits / decimals */
    BC_DEC_DIVZERO, /* division by zero */
    BC_DEC_SYNTAX   /* bc_dec_from_digits: not digits */
} bc_dec_status;

static inline bool bc_dec_is_none(bc_dec a) { return a.scale < 0; }
static inline bool bc_dec_is_zero(bc_dec a) { return a.scale >= 0 && a.m == 0; }

/* A whole number; BC_DEC_NONE when |n| >= 10^18. */
bc_dec bc_dec_from_int(int64_t n);

/* From ASCII digits: int_part (may be "" or NULL for 0), frac_part (may be
 * "" or NULL), negative sign, and an extra shift of the decimal point to the
 * left (2 for a percentage: "0,49%" is 0.0049). Leading zeros of the integer
 * part and trailing zeros of the decimals count for nothing in the range.
 * *out = BC_DEC_NONE unless BC_DEC_OK. */
bc_dec_status bc_dec_from_digits(const char *int_part, size_t int_len, const char *frac_part,
                                 size_t frac_len, bool negative, int shift, bc_dec *out);

/* Plain ASCII "-123.45" / "0,5" (either mark), for tests and constants. */
bc_dec_status bc_dec_parse_plain(const char *s, bc_dec *out);

/* a + b, a - b, a * b; *out = BC_DEC_NONE when an operand is none (status OK)
 * or on BC_DEC_RANGE. */
bc_dec_status bc_dec_add(bc_dec a, bc_dec b, bc_dec *out);
bc_dec_status bc_dec_sub(bc_dec a, bc_dec b, bc_dec *out);
bc_dec_status bc_dec_mul(bc_dec a, bc_dec b, bc_dec *out);
/* a / b to 18 significant digits (at most 18 decimals), half away from zero.
 * BC_DEC_DIVZERO when b is 0 (and a is not none). */
bc_dec_status bc_dec_div(bc_dec a, bc_dec b, bc_dec *out);
bc_dec bc_dec_neg(bc_dec a);
bc_dec bc_dec_abs(bc_dec a);

/* Rounds to scale decimals (may be negative: -3 rounds to thousands),
 * half away from zero: 0,125 -> 0,13 and -0,125 -> -0,13 at 2 decimals.
 * A value with fewer decimals is returned unchanged (not padded).
 * BC_DEC_NONE stays none; a carry that no longer fits gives none. */
bc_dec bc_dec_round(bc_dec a, int scale);
/* The same value with exactly scale decimals (0..18) when that is exact and
 * fits; false otherwise. */
bool bc_dec_rescale(bc_dec a, int scale, bc_dec *out);

/* -1, 0, 1 (numerically: 0,50 == 0,5). None sorts before everything and
 * equals none. */
int bc_dec_cmp(bc_dec a, bc_dec b);
bool bc_dec_eq(bc_dec a, bc_dec b);

/* Fewest decimals that keep the value (0,50 -> 0,5). */
bc_dec bc_dec_trim(bc_dec a);
/* Nearest double (for geometry and statistics only, never for printing). */
double bc_dec_to_double(bc_dec a);
/* The integer part when the value is whole; false otherwise. */
bool bc_dec_to_int(bc_dec a, int64_t *out);

/* Plain digits "-1234.5" (ASCII, '.' mark, no grouping) into buf (at least
 * 24 bytes); "" for none. Returns the length. */
size_t bc_dec_to_plain(bc_dec a, char *buf, size_t size);

/* The digits (ASCII, no sign, at least "0") of |a| * 10^(shift + decimals)
 * rounded half away from zero to a whole number, i.e. a printed with
 * `decimals` decimals after moving the point `shift` places right (2 for a
 * percentage), without the mark. digits must hold 64 bytes. Returns the
 * count; *zero says whether the rounded value is 0. 0 for none. */
size_t bc_dec_units(bc_dec a, int shift, int decimals, char *digits, bool *zero);

#endif
