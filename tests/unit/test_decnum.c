/* Unit tests for decnum (exact decimal figures) and the exact paths of
 * vnnum, values and placeholders that use it (issue 19, part 3). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decnum.h"
#include "placeholder.h"
#include "values.h"
#include "vnnum.h"

static bc_dec P(const char *s)
{
    bc_dec d;
    CHECK(bc_dec_parse_plain(s, &d) == BC_DEC_OK);
    return d;
}

static void check_plain(bc_dec d, const char *want)
{
    char buf[64];
    bc_dec_to_plain(d, buf, sizeof buf);
    CHECK_STR(buf, want);
}

static void check_fmt(const char *in, bc_numfmt_kind kind, int dec, const char *want)
{
    bc_dec d;
    CHECK(bc_num_parse_dec(in, BC_NUM_VIET, &d, NULL) == BC_NUM_OK);
    bc_num_fmt f = {kind, dec, false, false, 0};
    char buf[128];
    bc_num_format_dec_to(buf, sizeof buf, d, &f);
    CHECK_STR(buf, want);
}

static void test_arith(void)
{
    bc_dec r;
    CHECK(bc_dec_add(P("0.1"), P("0.2"), &r) == BC_DEC_OK && bc_dec_eq(r, P("0.3")));
    check_plain(r, "0.3");
    CHECK(bc_dec_add(P("9007199254740993"), P("2"), &r) == BC_DEC_OK);
    check_plain(r, "9007199254740995");
    CHECK(bc_dec_sub(P("123456789012345678"), P("123456789012345677"), &r) == BC_DEC_OK);
    check_plain(r, "1");
    CHECK(bc_dec_add(P("999999999999999999"), P("1"), &r) == BC_DEC_RANGE && bc_dec_is_none(r));
    /* decimals beyond 18 digits are rounded off, the integer part never */
    CHECK(bc_dec_add(P("99999999999999999"), P("0.5"), &r) == BC_DEC_OK);
    check_plain(r, "99999999999999999.5");
    CHECK(bc_dec_add(P("999999999999999999"), P("0.4"), &r) == BC_DEC_OK);
    check_plain(r, "999999999999999999");
    CHECK(bc_dec_mul(P("1.5"), P("-2.25"), &r) == BC_DEC_OK);
    check_plain(r, "-3.375");
    CHECK(bc_dec_mul(P("1000000000"), P("1000000000"), &r) == BC_DEC_RANGE);
    CHECK(bc_dec_div(P("1"), P("3"), &r) == BC_DEC_OK);
    check_plain(r, "0.333333333333333333");
    CHECK(bc_dec_div(P("2"), P("3"), &r) == BC_DEC_OK);
    check_plain(r, "0.666666666666666667");
    CHECK(bc_dec_div(P("-1"), P("8"), &r) == BC_DEC_OK);
    check_plain(r, "-0.125");
    CHECK(bc_dec_div(P("923456789012345678"), P("0.5"), &r) == BC_DEC_RANGE);
    CHECK(bc_dec_div(P("1"), P("0"), &r) == BC_DEC_DIVZERO && bc_dec_is_none(r));
    CHECK(bc_dec_div(P("10"), P("0.001"), &r) == BC_DEC_OK);
    check_plain(r, "10000");
    CHECK(bc_dec_add(BC_DEC_NONE, P("1"), &r) == BC_DEC_OK && bc_dec_is_none(r));
    CHECK(bc_dec_cmp(P("0.50"), P("0.5")) == 0 && bc_dec_cmp(P("-1"), P("0.1")) < 0);
    /* rounding: half away from zero, once */
    check_plain(bc_dec_round(P("0.125"), 2), "0.13");
    check_plain(bc_dec_round(P("-0.125"), 2), "-0.13");
    check_plain(bc_dec_round(P("0.124999999999999999"), 2), "0.12");
    check_plain(bc_dec_round(P("2.5"), 0), "3");
    check_plain(bc_dec_round(P("1234"), -2), "1200");
}

static void test_parse(void)
{
    bc_dec d;
    bc_num_info info;
    CHECK(bc_num_parse_dec("9.007.199.254.740.993", BC_NUM_VIET, &d, &info) == BC_NUM_OK);
    check_plain(d, "9007199254740993");
    CHECK(bc_num_parse_dec("123,456,789,012,345,678", BC_NUM_ENGLISH, &d, NULL) == BC_NUM_OK);
    check_plain(d, "123456789012345678");
    CHECK(bc_num_parse_dec("0,49%", BC_NUM_VIET, &d, &info) == BC_NUM_OK && info.percent &&
          info.decimals == 2);
    check_plain(d, "0.0049");
    CHECK(bc_num_parse_dec("-0,000000000000000001", BC_NUM_VIET, &d, NULL) == BC_NUM_OK);
    check_plain(d, "-0.000000000000000001");
    /* beyond 18 digits: refused, never rounded */
    CHECK(bc_num_parse_dec("1234567890123456789", BC_NUM_VIET, &d, NULL) == BC_NUM_RANGE &&
          bc_dec_is_none(d));
    CHECK(bc_num_parse_dec("0,0000000000000000001", BC_NUM_VIET, &d, NULL) == BC_NUM_RANGE);
    CHECK(bc_num_parse_dec("12345678901234567,89", BC_NUM_VIET, &d, NULL) == BC_NUM_RANGE);
    /* leading zeros of the whole part and trailing zeros of the decimals are free */
    CHECK(bc_num_parse_dec("000123456789012345678,000", BC_NUM_VIET, &d, NULL) == BC_NUM_OK);
    CHECK(bc_num_parse_dec("abc", BC_NUM_VIET, &d, NULL) == BC_NUM_INVALID && bc_dec_is_none(d));
    CHECK(bc_num_parse_dec("-", BC_NUM_VIET, &d, NULL) == BC_NUM_DASH && bc_dec_is_zero(d));
}

static void test_format(void)
{
    check_fmt("9007199254740993", BC_NUMFMT_INTEGER, 0, "9.007.199.254.740.993");
    check_fmt("123456789012345678", BC_NUMFMT_INTEGER, 0, "123.456.789.012.345.678");
    check_fmt("-123456789012345678", BC_NUMFMT_INTEGER, 0, "-123.456.789.012.345.678");
    check_fmt("1.000.000.000.000.000,1", BC_NUMFMT_DECIMAL, 1, "1.000.000.000.000.000,1");
    check_fmt("0,1", BC_NUMFMT_DECIMAL, 3, "0,100");
    /* rates: rounded once, when printed, half away from zero */
    check_fmt("12,5%", BC_NUMFMT_PERCENT, 0, "13%");
    check_fmt("-12,5%", BC_NUMFMT_PERCENT, 0, "-13%");
    check_fmt("12,4999999999999999%", BC_NUMFMT_PERCENT, 0, "12%");
    check_fmt("0,125%", BC_NUMFMT_PERCENT, 2, "0,13%");
    check_fmt("33,335%", BC_NUMFMT_PERCENT, 2, "33,34%");
    check_fmt("-0,4%", BC_NUMFMT_PERCENT, 0, "0%"); /* no "-0" */
    bc_dec q;
    CHECK(bc_dec_div(P("124999999999999"), P("1000000000000000"), &q) == BC_DEC_OK);
    bc_num_fmt pct = {BC_NUMFMT_PERCENT, 0, false, false, 0};
    char buf[64];
    bc_num_format_dec_to(buf, sizeof buf, q, &pct);
    CHECK_STR(buf, "12%");
    bc_num_fmt dash = {BC_NUMFMT_INTEGER, 0, false, true, 0};
    bc_num_format_dec_to(buf, sizeof buf, BC_DEC_ZERO, &dash);
    CHECK_STR(buf, "-");
    bc_num_format_dec_to(buf, sizeof buf, BC_DEC_NONE, &dash);
    CHECK_STR(buf, "");
}

static void test_values(void)
{
    bc_values *v = bc_values_new();
    bc_error err = BC_ERROR_INIT;
    const char *y = "a: 9007199254740993\nb: {nay: 123456789012345678, truoc: 123456789012345677}\n"
                    "c: {nay: 1125, truoc: 1000}\n";
    CHECK(bc_values_load_yaml(v, y, strlen(y), "s.yaml", &err) == BC_OK);
    const bc_value_entry *e = bc_values_find(v, "a");
    char *out = NULL;
    bc_error ferr = BC_ERROR_INIT;
    CHECK(e && bc_value_format("a", &e->cur, NULL, NULL, &out, &ferr) == BC_OK);
    CHECK_STR(out, "9.007.199.254.740.993");
    free(out);
    e = bc_values_find(v, "b");
    CHECK(e && bc_value_format("b", &e->cur, &e->prev, "chenh_lech", &out, &ferr) == BC_OK);
    CHECK_STR(out, "1");
    free(out);
    /* 1125 / 1000: 12,5% exactly, rounded once: 13% */
    e = bc_values_find(v, "c");
    CHECK(e && bc_value_format("c", &e->cur, &e->prev, "tang_giam(0)", &out, &ferr) == BC_OK);
    CHECK_STR(out, "tăng 13%");
    free(out);
    bc_values_free(v);

    v = bc_values_new();
    y = "a: 1\nb: 123456789012345678901\n";
    CHECK(bc_values_load_yaml(v, y, strlen(y), "s.yaml", &err) == BC_E_INPUT);
    CHECK(err.file && !strcmp(err.file, "s.yaml") && err.line == 2 && err.column == 1);
    CHECK_STR(err.message, "'b': số «123456789012345678901» " BC_DEC_RANGE_MSG);
    bc_error_clear(&err);
    bc_values_free(v);
}

/* snprintf-like: a small buffer gets the start and a NUL, the return is
 * the whole length; size 0 writes nothing. */
static void test_plain_cut(void)
{
    char buf[5] = "xxxx";
    CHECK(bc_dec_to_plain(P("-1234.5"), buf, sizeof buf) == 7);
    CHECK_STR(buf, "-123");
    char one = 'x';
    CHECK(bc_dec_to_plain(P("12.5"), &one, 0) == 4);
    CHECK(one == 'x');
    CHECK(bc_dec_to_plain(P("12.5"), &one, 1) == 4);
    CHECK(one == '\0');
}

int main(void)
{
    test_plain_cut();
    test_arith();
    test_parse();
    test_format();
    test_values();
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
