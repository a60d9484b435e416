/* vnnum.c - Vietnamese/English number parsing and Vietnamese formatting. */
#include "vnnum.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

const char *bc_num_style_name(bc_num_style style)
{
    switch (style) {
    case BC_NUM_VIET: return "kiểu Việt (1.234,5; 0,49%)";
    case BC_NUM_ENGLISH: return "kiểu Anh (1,234.5; 0.49%)";
    case BC_NUM_AUTO: break;
    }
    return "tự nhận từng số";
}

/* Length of a space-like character at s (ASCII space/tab, U+00A0, U+2009,
 * U+202F), 0 if none. */
static size_t space_len(const unsigned char *s)
{
    if (s[0] == ' ' || s[0] == '\t')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x89 || s[2] == 0xAF))
        return 3;
    return 0;
}

/* Trailing space-like character ending at e (exclusive), 0 if none. */
static size_t space_len_back(const unsigned char *b, const unsigned char *e)
{
    if (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        return 1;
    if (e - b >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
        return 2;
    if (e - b >= 3 && e[-3] == 0xE2 && e[-2] == 0x80 && (e[-1] == 0x89 || e[-1] == 0xAF))
        return 3;
    return 0;
}

#define MAX_RUNS 64
#define MAX_DIGITS 300

/* A number body split into digit runs and the separators between them. */
typedef struct num_body {
    const unsigned char *run[MAX_RUNS];
    int runlen[MAX_RUNS];
    char sep[MAX_RUNS]; /* sep[i] is between run[i] and run[i+1]: '.', ',' or ' ' */
    int nruns;
    bool negative, percent;
} num_body;

/* Splits s into sign, digit runs and separators. Returns false when s is
 * not of that shape. *dash set for a lone dash. */
static bool split_number(const char *str, num_body *nb, bool *empty, bool *dash)
{
    const unsigned char *s = (const unsigned char *)str;
    const unsigned char *e = s + strlen(str);
    size_t k;
    *empty = *dash = false;
    memset(nb, 0, sizeof *nb);
    while (s < e && (k = space_len(s)) > 0)
        s += k;
    while (e > s && (k = space_len_back(s, e)) > 0)
        e -= k;
    if (s == e) {
        *empty = true;
        return false;
    }
    size_t n = (size_t)(e - s);
    if ((n == 1 && s[0] == '-') ||
        (n == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94))) {
        *dash = true;
        return false;
    }
    if (s[0] == '-' || s[0] == '+') {
        nb->negative = s[0] == '-';
        s++;
    } else if (e - s >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) {
        nb->negative = true;
        s += 3;
    }
    if (e > s && e[-1] == '%') {
        nb->percent = true;
        e--;
        while (e > s && (k = space_len_back(s, e)) > 0)
            e -= k;
    }
    if (s == e || *s < '0' || *s > '9')
        return false;
    int total = 0;
    while (s < e) {
        if (nb->nruns == MAX_RUNS)
            return false;
        const unsigned char *r = s;
        while (s < e && *s >= '0' && *s <= '9')
            s++;
        int len = (int)(s - r);
        if (len == 0)
            return false;
        total += len;
        if (total > MAX_DIGITS)
            return false;
        nb->run[nb->nruns] = r;
        nb->runlen[nb->nruns] = len;
        nb->nruns++;
        if (s == e)
            break;
        char sep;
        if (*s == '.' || *s == ',') {
            sep = (char)*s;
            s++;
        } else if ((k = space_len(s)) > 0) {
            sep = ' ';
            s += k;
        } else {
            return false;
        }
        if (s == e)
            return false; /* "1." or "1," */
        nb->sep[nb->nruns - 1] = sep;
    }
    return true;
}

/* Decides the decimal mark for AUTO: '.', ',' or 0 (none). */
static char auto_decimal(const num_body *nb)
{
    int ndot = 0, ncomma = 0, last = -1;
    for (int i = 0; i + 1 < nb->nruns; i++) {
        if (nb->sep[i] == '.')
            ndot++;
        else if (nb->sep[i] == ',')
            ncomma++;
        if (nb->sep[i] != ' ')
            last = i;
    }
    if (ndot && ncomma)
        return nb->sep[last];
    if (ndot + ncomma != 1)
        return 0; /* none, or a repeated mark: grouping */
    char c = nb->sep[last];
    bool zero_lead = nb->runlen[0] >= 1 && nb->run[0][0] == '0';
    if (nb->runlen[last + 1] != 3 || zero_lead || last != nb->nruns - 2)
        return c;
    return 0;
}

/* Reads a split number in a style: *out as a double, *dout as an exact
 * decimal (BC_NUM_RANGE when it has more digits than bc_dec holds; only
 * reported when dout is non-NULL). */
static bc_num_result interpret(const num_body *pnb, bc_num_style style, double *out,
                               bc_dec *dout, bc_num_info *info)
{
    bc_num_info inf;
    memset(&inf, 0, sizeof inf);
    char dec;
    if (style == BC_NUM_VIET)
        dec = ',';
    else if (style == BC_NUM_ENGLISH)
        dec = '.';
    else
        dec = auto_decimal(pnb);
    char grp = dec == ',' ? '.' : dec == '.' ? ',' : 0;
    /* Position of the decimal mark: must be the last separator. */
    int decpos = -1;
    for (int i = 0; i + 1 < pnb->nruns; i++) {
        char c = pnb->sep[i];
        if (dec && c == dec) {
            if (decpos >= 0)
                goto invalid;
            decpos = i;
        } else if (decpos >= 0) {
            goto invalid; /* anything after the decimal mark */
        } else if (c != ' ' && grp && c != grp) {
            goto invalid;
        } else if (c != ' ' && !grp) {
            /* AUTO with no decimal mark: all marks must be the same kind */
            if (pnb->sep[0] != ' ' && c != pnb->sep[0])
                goto invalid;
        }
    }
    int nint = decpos >= 0 ? decpos + 1 : pnb->nruns;
    if (nint > 1) {
        if (pnb->runlen[0] > 3)
            goto invalid;
        for (int i = 1; i < nint; i++)
            if (pnb->runlen[i] != 3)
                goto invalid;
        inf.grouped = true;
    }
    /* Collect the digits. */
    char idig[MAX_DIGITS + 1];
    const char *fdig = "";
    int digits = 0;
    for (int i = 0; i < nint; i++) {
        memcpy(idig + digits, pnb->run[i], (size_t)pnb->runlen[i]);
        digits += pnb->runlen[i];
    }
    inf.int_digits = digits;
    inf.leading_zero = !inf.grouped && pnb->runlen[0] > 1 && pnb->run[0][0] == '0';
    int ndec = 0;
    if (decpos >= 0) {
        ndec = pnb->runlen[pnb->nruns - 1];
        fdig = (const char *)pnb->run[pnb->nruns - 1];
    }
    inf.decimals = ndec;
    inf.percent = pnb->percent;
    inf.negative = pnb->negative;
    if (dout) {
        bc_dec d;
        bc_dec_status ds = bc_dec_from_digits(idig, (size_t)digits, fdig, (size_t)ndec,
                                              pnb->negative, pnb->percent ? 2 : 0, &d);
        if (ds == BC_DEC_RANGE) {
            *dout = BC_DEC_NONE;
            if (out)
                *out = NAN;
            if (info)
                *info = inf;
            return BC_NUM_RANGE;
        }
        if (ds != BC_DEC_OK)
            goto invalid;
        *dout = d;
    }
    double mant = 0;
    for (int j = 0; j < digits; j++)
        mant = mant * 10 + (idig[j] - '0');
    for (int j = 0; j < ndec; j++)
        mant = mant * 10 + (fdig[j] - '0');
    int scale = ndec + (pnb->percent ? 2 : 0);
    double v;
    if (scale == 0)
        v = mant;
    else if (scale <= 22) {
        static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        v = mant / p10[scale];
    } else {
        v = mant / pow(10.0, scale);
    }
    if (!isfinite(v))
        goto invalid;
    if (pnb->negative && v != 0)
        v = -v;
    if (out)
        *out = v;
    if (info)
        *info = inf;
    return BC_NUM_OK;
invalid:
    if (out)
        *out = NAN;
    if (dout)
        *dout = BC_DEC_NONE;
    return BC_NUM_INVALID;
}

bc_num_result bc_num_parse(const char *s, bc_num_style style, double *out,
                           bc_num_info *info)
{
    num_body nb;
    bool empty, dash;
    if (info)
        memset(info, 0, sizeof *info);
    if (!split_number(s ? s : "", &nb, &empty, &dash)) {
        if (out)
            *out = (empty || dash) ? 0.0 : NAN;
        return empty ? BC_NUM_EMPTY : dash ? BC_NUM_DASH : BC_NUM_INVALID;
    }
    return interpret(&nb, style, out, NULL, info);
}

bc_num_result bc_num_parse_dec(const char *s, bc_num_style style, bc_dec *out,
                               bc_num_info *info)
{
    num_body nb;
    bool empty, dash;
    bc_dec tmp;
    if (!out)
        out = &tmp;
    if (info)
        memset(info, 0, sizeof *info);
    if (!split_number(s ? s : "", &nb, &empty, &dash)) {
        *out = (empty || dash) ? BC_DEC_ZERO : BC_DEC_NONE;
        return empty ? BC_NUM_EMPTY : dash ? BC_NUM_DASH : BC_NUM_INVALID;
    }
    return interpret(&nb, style, NULL, out, info);
}

bc_num_evidence bc_num_evidence_of(const char *s, bool integer_only)
{
    num_body nb;
    bool empty, dash;
    if (!split_number(s ? s : "", &nb, &empty, &dash))
        return BC_NUM_EV_NONE;
    int ndot = 0, ncomma = 0, last = -1;
    for (int i = 0; i + 1 < nb.nruns; i++) {
        if (nb.sep[i] == '.')
            ndot++;
        else if (nb.sep[i] == ',')
            ncomma++;
        if (nb.sep[i] != ' ')
            last = i;
    }
    if (ndot == 0 && ncomma == 0)
        return BC_NUM_EV_NONE;
    bc_num_evidence ev;
    if (ndot && ncomma) {
        ev = nb.sep[last] == ',' ? BC_NUM_EV_VIET : BC_NUM_EV_ENGLISH;
    } else {
        bool dot = ndot > 0;
        bc_num_evidence as_group = dot ? BC_NUM_EV_VIET : BC_NUM_EV_ENGLISH;
        bc_num_evidence as_dec = dot ? BC_NUM_EV_ENGLISH : BC_NUM_EV_VIET;
        if (ndot + ncomma > 1)
            ev = as_group;
        else if (nb.runlen[last + 1] != 3 || nb.run[0][0] == '0' || last != nb.nruns - 2 ||
                 nb.runlen[0] > 3)
            ev = as_dec;
        else
            ev = integer_only ? as_group : BC_NUM_EV_AMBIGUOUS;
    }
    /* Only count it when the value really parses in the style it speaks for. */
    if (ev == BC_NUM_EV_VIET && interpret(&nb, BC_NUM_VIET, NULL, NULL, NULL) != BC_NUM_OK)
        return BC_NUM_EV_NONE;
    if (ev == BC_NUM_EV_ENGLISH && interpret(&nb, BC_NUM_ENGLISH, NULL, NULL, NULL) != BC_NUM_OK)
        return BC_NUM_EV_NONE;
    return ev;
}

static void copy_example(char *dst, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size) {
        n = size - 1;
        /* do not cut a UTF-8 sequence */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Counts one value of a kind; the first one is kept as its example. */
static void count_kind(size_t *count, char *example, size_t size, int *ex_line, int *ex_column,
                       const char *s, int line, int column)
{
    if ((*count)++ == 0) {
        copy_example(example, size, s);
        *ex_line = line;
        *ex_column = column;
    }
}

void bc_num_detector_add(bc_num_detector *d, const char *s, bool integer_only, int line,
                         int column)
{
    switch (bc_num_evidence_of(s, integer_only)) {
    case BC_NUM_EV_NONE:
        d->plain++;
        break;
    case BC_NUM_EV_AMBIGUOUS:
        count_kind(&d->ambiguous, d->ambiguous_example, sizeof d->ambiguous_example,
                   &d->ambiguous_line, &d->ambiguous_column, s, line, column);
        break;
    case BC_NUM_EV_VIET:
        count_kind(&d->viet, d->viet_example, sizeof d->viet_example, &d->viet_line,
                   &d->viet_column, s, line, column);
        break;
    case BC_NUM_EV_ENGLISH:
        count_kind(&d->english, d->english_example, sizeof d->english_example, &d->english_line,
                   &d->english_column, s, line, column);
        break;
    }
}

bc_num_style bc_num_detector_result(const bc_num_detector *d, bool *conflict,
                                    bool *undecided)
{
    if (conflict)
        *conflict = d->viet > 0 && d->english > 0;
    if (undecided)
        *undecided = d->viet == 0 && d->english == 0;
    if (d->english > d->viet)
        return BC_NUM_ENGLISH;
    return BC_NUM_VIET;
}

/* ---- formatting ---- */

static double pow10i(int n)
{
    static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return n >= 0 && n <= 22 ? p10[n] : pow(10.0, n);
}

static int fmt_decimals(const bc_num_fmt *fmt)
{
    if (fmt->kind == BC_NUMFMT_INTEGER)
        return 0;
    int d = fmt->decimals;
    return d < 0 ? 0 : d > 15 ? 15 : d;
}

/* |v| scaled to whole units of the last printed digit, rounded. */
static double scaled_units(double v, const bc_num_fmt *fmt)
{
    double a = fabs(v);
    if (fmt->kind == BC_NUMFMT_PERCENT)
        a *= 100.0;
    a *= pow10i(fmt_decimals(fmt));
    if (a >= 4503599627370496.0) /* 2^52: already whole */
        return a;
    /* a tie written in decimal ("1,005") is often a hair below .5 in
     * binary: nudge by a tiny relative amount, never more than 1e-7 */
    double nudge = a * 1e-14;
    if (nudge > 1e-7)
        nudge = 1e-7;
    return floor(a + 0.5 + nudge);
}

double bc_num_round(double v, const bc_num_fmt *fmt)
{
    if (!isfinite(v))
        return v;
    double u = scaled_units(v, fmt);
    double r = u / pow10i(fmt_decimals(fmt));
    if (fmt->kind == BC_NUMFMT_PERCENT)
        r /= 100.0;
    return v < 0 ? -r : r;
}

/* Writes the Vietnamese form from the rounded digits (dec of them after the
 * mark) into buf, snprintf-like. */
static size_t write_digits(char *buf, size_t size, char *digits, size_t nd, bool negative,
                           int dec, const bc_num_fmt *fmt)
{
    char tmp[512];
    size_t n = 0;
    /* left-pad so that there is at least one integer digit */
    size_t need = (size_t)dec + 1;
    if (fmt->min_digits > 0 && (size_t)fmt->min_digits + (size_t)dec > need)
        need = (size_t)fmt->min_digits + (size_t)dec;
    if (need > 300)
        need = 300;
    if (nd < need) {
        size_t pad = need - nd;
        memmove(digits + pad, digits, nd);
        memset(digits, '0', pad);
        nd = need;
    }
    size_t nint = nd - (size_t)dec;
    if (negative)
        tmp[n++] = '-';
    for (size_t i = 0; i < nint && n < sizeof tmp - 8; i++) {
        if (i > 0 && !fmt->no_grouping && (nint - i) % 3 == 0)
            tmp[n++] = '.';
        tmp[n++] = digits[i];
    }
    if (dec > 0) {
        tmp[n++] = ',';
        for (size_t i = nint; i < nd && n < sizeof tmp - 4; i++)
            tmp[n++] = digits[i];
    }
    if (fmt->kind == BC_NUMFMT_PERCENT)
        tmp[n++] = '%';
    tmp[n] = '\0';
    return bc_str_copy_out(buf, size, tmp, n);
}

size_t bc_num_format_to(char *buf, size_t size, double v, const bc_num_fmt *fmt)
{
    static const bc_num_fmt dflt = {BC_NUMFMT_INTEGER, 0, false, false, 0};
    if (!fmt)
        fmt = &dflt;
    if (!isfinite(v) || (v == 0 && fmt->dash_zero)) {
        const char *t = isfinite(v) ? "-" : "";
        return bc_str_copy_out(buf, size, t, strlen(t));
    }
    int dec = fmt_decimals(fmt);
    double u = scaled_units(v, fmt);
    char digits[400];
    size_t nd;
    if (u < 1e18) {
        uint64_t x = (uint64_t)u;
        char rev[24];
        size_t k = 0;
        do {
            rev[k++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        for (nd = 0; nd < k; nd++)
            digits[nd] = rev[k - 1 - nd];
    } else {
        /* "%.0f" prints no decimal mark, so the locale does not matter */
        int w = snprintf(digits, sizeof digits, "%.0f", u);
        nd = w < 0 ? 0 : (size_t)w >= sizeof digits ? sizeof digits - 1 : (size_t)w;
    }
    return write_digits(buf, size, digits, nd, v < 0 && u > 0, dec, fmt);
}

size_t bc_num_format_dec_to(char *buf, size_t size, bc_dec v, const bc_num_fmt *fmt)
{
    static const bc_num_fmt dflt = {BC_NUMFMT_INTEGER, 0, false, false, 0};
    if (!fmt)
        fmt = &dflt;
    if (bc_dec_is_none(v) || (bc_dec_is_zero(v) && fmt->dash_zero)) {
        const char *t = bc_dec_is_none(v) ? "" : "-";
        return bc_str_copy_out(buf, size, t, strlen(t));
    }
    int dec = fmt_decimals(fmt);
    char digits[400];
    bool zero;
    size_t nd = bc_dec_units(v, fmt->kind == BC_NUMFMT_PERCENT ? 2 : 0, dec, digits, &zero);
    return write_digits(buf, size, digits, nd, v.m < 0 && !zero, dec, fmt);
}

char *bc_num_format_dec(bc_dec v, const bc_num_fmt *fmt)
{
    char tmp[512];
    size_t n = bc_num_format_dec_to(tmp, sizeof tmp, v, fmt);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, tmp, n + 1);
    return p;
}

bc_dec bc_num_round_dec(bc_dec v, const bc_num_fmt *fmt)
{
    return bc_dec_round(v, fmt_decimals(fmt) + (fmt->kind == BC_NUMFMT_PERCENT ? 2 : 0));
}

char *bc_num_format(double v, const bc_num_fmt *fmt)
{
    char tmp[512];
    size_t n = bc_num_format_to(tmp, sizeof tmp, v, fmt);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, tmp, n + 1);
    return p;
}
