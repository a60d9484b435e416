/* decnum.c - exact decimal numbers (see decnum.h). */
#include "decnum.h"

#include <string.h>

#include "strbuf.h"

/* 128-bit intermediates: products of two 18-digit mantissas fit. */
__extension__ typedef __int128 i128;

#define LIMIT 1000000000000000000LL /* 10^18: |m| must stay below */

static const int64_t P10[19] = {1LL,
                                10LL,
                                100LL,
                                1000LL,
                                10000LL,
                                100000LL,
                                1000000LL,
                                10000000LL,
                                100000000LL,
                                1000000000LL,
                                10000000000LL,
                                100000000000LL,
                                1000000000000LL,
                                10000000000000LL,
                                100000000000000LL,
                                1000000000000000LL,
                                10000000000000000LL,
                                100000000000000000LL,
                                1000000000000000000LL};

static i128 p10w(int n)
{
    i128 r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}

static i128 abs128(i128 x) { return x < 0 ? -x : x; }

/* x / 10^k rounded half away from zero. */
static i128 div_round(i128 x, int k)
{
    if (k <= 0)
        return x;
    if (k > 38)
        return 0;
    i128 d = p10w(k);
    i128 q = x / d, r = x % d;
    if (abs128(r) * 2 >= d)
        q += x < 0 ? -1 : 1;
    return q;
}

/* Brings a wide mantissa with scale s (s may exceed 18) into range,
 * rounding off decimals when needed. */
static bc_dec_status normalize(i128 m, int s, bc_dec *out)
{
    if (s > BC_DEC_MAX_SCALE) {
        m = div_round(m, s - BC_DEC_MAX_SCALE);
        s = BC_DEC_MAX_SCALE;
    }
    while (s < 0) {
        if (abs128(m) >= LIMIT)
            break;
        m *= 10;
        s++;
    }
    while (abs128(m) >= LIMIT && s > 0) {
        m = div_round(m, 1);
        s--;
    }
    if (abs128(m) >= LIMIT || s < 0) {
        *out = BC_DEC_NONE;
        return BC_DEC_RANGE;
    }
    out->m = (int64_t)m;
    out->scale = s;
    return BC_DEC_OK;
}

bc_dec bc_dec_from_int(int64_t n)
{
    if (n >= LIMIT || n <= -LIMIT)
        return BC_DEC_NONE;
    return (bc_dec){n, 0};
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bc_dec_status bc_dec_from_digits(const char *ip, size_t ni, const char *fp, size_t nf,
                                 bool negative, int shift, bc_dec *out)
{
    *out = BC_DEC_NONE;
    if (!ip)
        ni = 0;
    if (!fp)
        nf = 0;
    if (!all_digits(ip ? ip : "", ni) || !all_digits(fp ? fp : "", nf) || shift < 0)
        return BC_DEC_SYNTAX;
    while (ni > 0 && ip[0] == '0') { /* leading zeros */
        ip++;
        ni--;
    }
    while (nf > 0 && fp[nf - 1] == '0') /* trailing zeros of the decimals */
        nf--;
    if ((size_t)shift + nf > BC_DEC_MAX_SCALE + 2)
        return BC_DEC_RANGE;
    int scale = (int)nf + shift;
    /* significant digits: integer digits + decimals, minus leading zeros
     * of the decimals when the integer part is 0 */
    size_t lead = 0;
    if (ni == 0)
        while (lead < nf && fp[lead] == '0')
            lead++;
    if (ni + nf - lead > BC_DEC_DIGITS || scale > BC_DEC_MAX_SCALE + 2)
        return BC_DEC_RANGE;
    i128 m = 0;
    for (size_t i = 0; i < ni; i++)
        m = m * 10 + (ip[i] - '0');
    for (size_t i = 0; i < nf; i++)
        m = m * 10 + (fp[i] - '0');
    if (negative)
        m = -m;
    /* a shifted value may trade integer digits for decimals: 12% = 0.12 */
    while (scale > BC_DEC_MAX_SCALE && m % 10 == 0 && m != 0) {
        m /= 10;
        scale--;
    }
    if (m == 0)
        scale = scale > BC_DEC_MAX_SCALE ? BC_DEC_MAX_SCALE : scale;
    if (scale > BC_DEC_MAX_SCALE || abs128(m) >= LIMIT)
        return BC_DEC_RANGE;
    out->m = (int64_t)m;
    out->scale = scale;
    return BC_DEC_OK;
}

bc_dec_status bc_dec_parse_plain(const char *s, bc_dec *out)
{
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    size_t ni = strspn(s, "0123456789");
    const char *f = s + ni;
    size_t nf = 0;
    if (*f == '.' || *f == ',') {
        f++;
        nf = strspn(f, "0123456789");
        if (nf == 0) {
            *out = BC_DEC_NONE;
            return BC_DEC_SYNTAX;
        }
    }
    if (ni == 0 && nf == 0) {
        *out = BC_DEC_NONE;
        return BC_DEC_SYNTAX;
    }
    if (f[nf] != '\0') {
        *out = BC_DEC_NONE;
        return BC_DEC_SYNTAX;
    }
    return bc_dec_from_digits(s, ni, f, nf, neg, 0, out);
}

bc_dec_status bc_dec_add(bc_dec a, bc_dec b, bc_dec *out)
{
    if (bc_dec_is_none(a) || bc_dec_is_none(b)) {
        *out = BC_DEC_NONE;
        return BC_DEC_OK;
    }
    int s = a.scale > b.scale ? a.scale : b.scale;
    i128 m = (i128)a.m * P10[s - a.scale] + (i128)b.m * P10[s - b.scale];
    return normalize(m, s, out);
}

bc_dec bc_dec_neg(bc_dec a)
{
    if (!bc_dec_is_none(a))
        a.m = -a.m;
    return a;
}

bc_dec bc_dec_abs(bc_dec a)
{
    if (!bc_dec_is_none(a) && a.m < 0)
        a.m = -a.m;
    return a;
}

bc_dec_status bc_dec_sub(bc_dec a, bc_dec b, bc_dec *out)
{
    return bc_dec_add(a, bc_dec_neg(b), out);
}

bc_dec_status bc_dec_mul(bc_dec a, bc_dec b, bc_dec *out)
{
    if (bc_dec_is_none(a) || bc_dec_is_none(b)) {
        *out = BC_DEC_NONE;
        return BC_DEC_OK;
    }
    bc_dec_status st = normalize((i128)a.m * (i128)b.m, a.scale + b.scale, out);
    if (st == BC_DEC_OK)
        *out = bc_dec_trim(*out);
    return st;
}

bc_dec_status bc_dec_div(bc_dec a, bc_dec b, bc_dec *out)
{
    if (bc_dec_is_none(a) || bc_dec_is_none(b)) {
        *out = BC_DEC_NONE;
        return BC_DEC_OK;
    }
    if (b.m == 0) {
        *out = BC_DEC_NONE;
        return BC_DEC_DIVZERO;
    }
    bool neg = (a.m < 0) != (b.m < 0);
    i128 num = abs128(a.m), den = abs128(b.m);
    /* digits of num/den; value = (num/den) * 10^(b.scale - a.scale) */
    i128 q = num / den, r = num % den;
    int frac = 0; /* decimals generated */
    int final_scale = a.scale - b.scale; /* scale of q so far */
    /* generate decimals while the mantissa stays below 10^17 (room for one
     * more digit) and the scale allows */
    while (r != 0 && q < LIMIT / 10 && final_scale < BC_DEC_MAX_SCALE) {
        r *= 10;
        q = q * 10 + r / den;
        r %= den;
        frac++;
        final_scale++;
    }
    (void)frac;
    if (r * 2 >= den && r != 0)
        q += 1;
    if (neg)
        q = -q;
    bc_dec_status st = normalize(q, final_scale, out);
    if (st == BC_DEC_OK)
        *out = bc_dec_trim(*out);
    return st;
}

bc_dec bc_dec_round(bc_dec a, int scale)
{
    if (bc_dec_is_none(a) || a.scale <= scale)
        return a;
    i128 m = div_round(a.m, a.scale - scale);
    int s = scale;
    while (s < 0) {
        m *= 10;
        s++;
    }
    if (abs128(m) >= LIMIT)
        return BC_DEC_NONE;
    return (bc_dec){(int64_t)m, s};
}

bool bc_dec_rescale(bc_dec a, int scale, bc_dec *out)
{
    if (bc_dec_is_none(a) || scale < 0 || scale > BC_DEC_MAX_SCALE)
        return false;
    if (scale >= a.scale) {
        i128 m = (i128)a.m * P10[scale - a.scale];
        if (abs128(m) >= LIMIT)
            return false;
        *out = (bc_dec){(int64_t)m, scale};
        return true;
    }
    if (a.m % P10[a.scale - scale] != 0)
        return false;
    *out = (bc_dec){a.m / P10[a.scale - scale], scale};
    return true;
}

int bc_dec_cmp(bc_dec a, bc_dec b)
{
    bool na = bc_dec_is_none(a), nb = bc_dec_is_none(b);
    if (na || nb)
        return na == nb ? 0 : na ? -1 : 1;
    int s = a.scale > b.scale ? a.scale : b.scale;
    i128 x = (i128)a.m * P10[s - a.scale], y = (i128)b.m * P10[s - b.scale];
    return x < y ? -1 : x > y ? 1 : 0;
}

bool bc_dec_eq(bc_dec a, bc_dec b) { return bc_dec_cmp(a, b) == 0; }

bc_dec bc_dec_trim(bc_dec a)
{
    if (bc_dec_is_none(a))
        return a;
    if (a.m == 0)
        return BC_DEC_ZERO;
    while (a.scale > 0 && a.m % 10 == 0) {
        a.m /= 10;
        a.scale--;
    }
    return a;
}

double bc_dec_to_double(bc_dec a)
{
    if (bc_dec_is_none(a))
        return __builtin_nan("");
    return (double)a.m / (double)P10[a.scale];
}

bool bc_dec_to_int(bc_dec a, int64_t *out)
{
    if (bc_dec_is_none(a) || a.m % P10[a.scale] != 0)
        return false;
    *out = a.m / P10[a.scale];
    return true;
}

size_t bc_dec_to_plain(bc_dec a, char *buf, size_t size)
{
    char tmp[48];
    size_t n = 0;
    if (!bc_dec_is_none(a)) {
        char digits[24];
        int nd = 0;
        uint64_t x = a.m < 0 ? (uint64_t)(-(a.m + 1)) + 1 : (uint64_t)a.m;
        do {
            digits[nd++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        while (nd <= a.scale)
            digits[nd++] = '0';
        if (a.m < 0)
            tmp[n++] = '-';
        for (int i = nd - 1; i >= 0; i--) {
            if (i == a.scale - 1)
                tmp[n++] = '.';
            tmp[n++] = digits[i];
        }
    }
    return bc_str_copy_out(buf, size, tmp, n);
}

size_t bc_dec_units(bc_dec a, int shift, int decimals, char *digits, bool *zero)
{
    *zero = true;
    if (bc_dec_is_none(a))
        return 0;
    int k = shift + decimals - a.scale; /* multiply by 10^k */
    i128 u = abs128(a.m);
    if (k >= 0) {
        if (k > 19)
            k = 19; /* callers keep shift + decimals small */
        u *= p10w(k);
    } else {
        u = div_round(u, -k);
    }
    *zero = u == 0;
    char rev[64];
    size_t n = 0;
    do {
        rev[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && n < sizeof rev);
    for (size_t i = 0; i < n; i++)
        digits[i] = rev[n - 1 - i];
    return n;
}
