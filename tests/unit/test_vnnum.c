/* test_vnnum.c - Vietnamese/English number parsing, style detection and
 * Vietnamese formatting. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vnnum.h"

static double parse(const char *s, bc_num_style st)
{
    double v = -12345;
    bc_num_result r = bc_num_parse(s, st, &v, NULL);
    if (r == BC_NUM_INVALID)
        return -99999;
    return v;
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-12 * (fabs(a) + fabs(b) + 1);
}

static const char *fmt(double v, bc_numfmt_kind kind, int dec, int flags)
{
    static char buf[8][128];
    static int k;
    char *b = buf[k++ % 8];
    bc_num_fmt f = {kind, dec, (flags & 1) != 0, (flags & 2) != 0, flags >> 4};
    bc_num_format_to(b, 128, v, &f);
    return b;
}

static void test_parse(void)
{
    /* the 001 Phụ lục 2 English paste */
    CHECK(close_to(parse("279,308", BC_NUM_ENGLISH), 279308));
    CHECK(close_to(parse("0.50%", BC_NUM_ENGLISH), 0.005));
    CHECK(close_to(parse("1,234,567.89", BC_NUM_ENGLISH), 1234567.89));
    CHECK(parse("0,50%", BC_NUM_ENGLISH) == -99999);
    CHECK(parse("1.234.567", BC_NUM_ENGLISH) == -99999);
    /* Vietnamese */
    CHECK(close_to(parse("279.308", BC_NUM_VIET), 279308));
    CHECK(close_to(parse("0,50%", BC_NUM_VIET), 0.005));
    CHECK(close_to(parse("1.023.615", BC_NUM_VIET), 1023615));
    CHECK(close_to(parse("76,88", BC_NUM_VIET), 76.88));
    CHECK(close_to(parse("279,308", BC_NUM_VIET), 279.308));
    CHECK(parse("0.50%", BC_NUM_VIET) == -99999);
    CHECK(parse("1.2.3", BC_NUM_VIET) == -99999);
    CHECK(parse("12a", BC_NUM_VIET) == -99999);
    CHECK(parse("1,", BC_NUM_VIET) == -99999);
    CHECK(parse("1.234,5.6", BC_NUM_VIET) == -99999);
    /* per value */
    CHECK(close_to(parse("1,051", BC_NUM_AUTO), 1051));
    CHECK(close_to(parse("1.051", BC_NUM_AUTO), 1051));
    CHECK(close_to(parse("0,50", BC_NUM_AUTO), 0.5));
    CHECK(close_to(parse("0.500", BC_NUM_AUTO), 0.5));
    CHECK(close_to(parse("1.234,5", BC_NUM_AUTO), 1234.5));
    CHECK(close_to(parse("1,234.5", BC_NUM_AUTO), 1234.5));
    /* signs, spaces, percent */
    CHECK(close_to(parse("-1.234", BC_NUM_VIET), -1234));
    CHECK(close_to(parse("\xE2\x88\x92" "5", BC_NUM_VIET), -5));
    CHECK(close_to(parse("  1 234 567 ", BC_NUM_VIET), 1234567));
    CHECK(close_to(parse("1\xC2\xA0" "234", BC_NUM_ENGLISH), 1234));
    CHECK(close_to(parse("100%", BC_NUM_VIET), 1.0));
    CHECK(close_to(parse("12,5 %", BC_NUM_VIET), 0.125));
    /* empty and dash */
    double v = 1;
    CHECK(bc_num_parse("", BC_NUM_VIET, &v, NULL) == BC_NUM_EMPTY && v == 0);
    CHECK(bc_num_parse("   ", BC_NUM_VIET, &v, NULL) == BC_NUM_EMPTY);
    CHECK(bc_num_parse("-", BC_NUM_VIET, &v, NULL) == BC_NUM_DASH && v == 0);
    CHECK(bc_num_parse(" \xE2\x80\x93 ", BC_NUM_VIET, &v, NULL) == BC_NUM_DASH);
    CHECK(bc_num_parse("--", BC_NUM_VIET, &v, NULL) == BC_NUM_INVALID && isnan(v));
    CHECK(bc_num_parse(NULL, BC_NUM_VIET, &v, NULL) == BC_NUM_EMPTY);
    /* what was written */
    bc_num_info info;
    CHECK(bc_num_parse("04", BC_NUM_VIET, &v, &info) == BC_NUM_OK);
    CHECK(v == 4 && info.leading_zero && info.int_digits == 2 && !info.grouped);
    CHECK(bc_num_parse("0,4958%", BC_NUM_VIET, &v, &info) == BC_NUM_OK);
    CHECK(info.percent && info.decimals == 4 && !info.leading_zero);
    CHECK(close_to(v, 0.004958));
    CHECK(bc_num_parse("1.234", BC_NUM_VIET, &v, &info) == BC_NUM_OK && info.grouped);
    /* too many digits for a double stays finite or is refused, never inf */
    char big[400];
    memset(big, '9', 399);
    big[399] = '\0';
    CHECK(bc_num_parse(big, BC_NUM_VIET, &v, NULL) == BC_NUM_INVALID);
}

static void test_evidence(void)
{
    CHECK(bc_num_evidence_of("1,051", true) == BC_NUM_EV_ENGLISH);
    CHECK(bc_num_evidence_of("1,051", false) == BC_NUM_EV_AMBIGUOUS);
    CHECK(bc_num_evidence_of("1.051", true) == BC_NUM_EV_VIET);
    CHECK(bc_num_evidence_of("0.50%", false) == BC_NUM_EV_ENGLISH);
    CHECK(bc_num_evidence_of("0,50%", false) == BC_NUM_EV_VIET);
    CHECK(bc_num_evidence_of("0,500", false) == BC_NUM_EV_VIET);
    CHECK(bc_num_evidence_of("1,234,567", false) == BC_NUM_EV_ENGLISH);
    CHECK(bc_num_evidence_of("1.234,5", false) == BC_NUM_EV_VIET);
    CHECK(bc_num_evidence_of("1,234.5", false) == BC_NUM_EV_ENGLISH);
    CHECK(bc_num_evidence_of("514", true) == BC_NUM_EV_NONE);
    CHECK(bc_num_evidence_of("-", true) == BC_NUM_EV_NONE);
    CHECK(bc_num_evidence_of("1,2,3", true) == BC_NUM_EV_NONE);

    bc_num_detector d = {0};
    bc_num_detector_add(&d, "514", true, 2, 3);
    bc_num_detector_add(&d, "279,308", true, 2, 31);
    bc_num_detector_add(&d, "0.50%", false, 2, 80);
    bool conflict, undecided;
    CHECK(bc_num_detector_result(&d, &conflict, &undecided) == BC_NUM_ENGLISH);
    CHECK(!conflict && !undecided);
    CHECK(d.english == 2 && d.plain == 1);
    CHECK_STR(d.english_example, "279,308");
    CHECK(d.english_line == 2 && d.english_column == 31);
    bc_num_detector_add(&d, "0,49%", false, 9, 4);
    CHECK(bc_num_detector_result(&d, &conflict, &undecided) == BC_NUM_ENGLISH && conflict);
    CHECK_STR(d.viet_example, "0,49%");

    bc_num_detector e = {0};
    bc_num_detector_add(&e, "12", true, 1, 1);
    CHECK(bc_num_detector_result(&e, &conflict, &undecided) == BC_NUM_VIET && undecided);
}

static void test_format(void)
{
    CHECK_STR(fmt(1234567, BC_NUMFMT_INTEGER, 0, 0), "1.234.567");
    CHECK_STR(fmt(543317, BC_NUMFMT_INTEGER, 0, 0), "543.317");
    CHECK_STR(fmt(999, BC_NUMFMT_INTEGER, 0, 0), "999");
    CHECK_STR(fmt(1000, BC_NUMFMT_INTEGER, 0, 0), "1.000");
    CHECK_STR(fmt(0, BC_NUMFMT_INTEGER, 0, 0), "0");
    CHECK_STR(fmt(2023, BC_NUMFMT_INTEGER, 0, 1), "2023");
    CHECK_STR(fmt(76.88, BC_NUMFMT_DECIMAL, 2, 0), "76,88");
    CHECK_STR(fmt(1234.5, BC_NUMFMT_DECIMAL, 1, 0), "1.234,5");
    CHECK_STR(fmt(-1234.5, BC_NUMFMT_DECIMAL, 1, 0), "-1.234,5");
    CHECK_STR(fmt(0.3, BC_NUMFMT_DECIMAL, 1, 0), "0,3");
    CHECK_STR(fmt(0.0049, BC_NUMFMT_PERCENT, 2, 0), "0,49%");
    CHECK_STR(fmt(0.7688, BC_NUMFMT_PERCENT, 2, 0), "76,88%");
    CHECK_STR(fmt(1345.0 / 271284.0, BC_NUMFMT_PERCENT, 2, 0), "0,50%");
    CHECK_STR(fmt(1.0, BC_NUMFMT_PERCENT, 0, 0), "100%");
    CHECK_STR(fmt(0, BC_NUMFMT_INTEGER, 0, 2), "-");
    CHECK_STR(fmt(0, BC_NUMFMT_PERCENT, 2, 2), "-");
    CHECK_STR(fmt(0.00001, BC_NUMFMT_PERCENT, 2, 2), "0,00%");
    CHECK_STR(fmt(7, BC_NUMFMT_INTEGER, 0, 2 << 4), "07");
    CHECK_STR(fmt(12, BC_NUMFMT_INTEGER, 0, 2 << 4), "12");
    CHECK_STR(fmt(5, BC_NUMFMT_INTEGER, 0, 3 << 4), "005");
    /* rounding: half away from zero, as the figure reads */
    CHECK_STR(fmt(1.005, BC_NUMFMT_DECIMAL, 2, 0), "1,01");
    CHECK_STR(fmt(2.5, BC_NUMFMT_INTEGER, 0, 0), "3");
    CHECK_STR(fmt(-2.5, BC_NUMFMT_INTEGER, 0, 0), "-3");
    CHECK_STR(fmt(999.995, BC_NUMFMT_DECIMAL, 2, 0), "1.000,00");
    CHECK_STR(fmt(-0.001, BC_NUMFMT_DECIMAL, 2, 0), "0,00");
    CHECK_STR(fmt(1e20, BC_NUMFMT_INTEGER, 0, 0), "100.000.000.000.000.000.000");
    CHECK_STR(fmt(NAN, BC_NUMFMT_INTEGER, 0, 2), "");
    CHECK_STR(fmt(INFINITY, BC_NUMFMT_INTEGER, 0, 0), "");
    /* snprintf-like truncation */
    char small[4];
    bc_num_fmt f = {BC_NUMFMT_INTEGER, 0, false, false, 0};
    CHECK(bc_num_format_to(small, sizeof small, 1234567, &f) == 9);
    CHECK_STR(small, "1.2");
    CHECK(bc_num_format_to(NULL, 0, 1234567, &f) == 9);
    char *s = bc_num_format(1023615, NULL);
    CHECK_STR(s, "1.023.615");
    free(s);
    /* round trip: what is read prints as Vietnamese */
    double v;
    CHECK(bc_num_parse("0.49%", BC_NUM_ENGLISH, &v, NULL) == BC_NUM_OK);
    CHECK_STR(fmt(v, BC_NUMFMT_PERCENT, 2, 0), "0,49%");
    CHECK(bc_num_parse("18,650", BC_NUM_ENGLISH, &v, NULL) == BC_NUM_OK);
    CHECK_STR(fmt(v, BC_NUMFMT_INTEGER, 0, 0), "18.650");
    /* bc_num_round matches the printing */
    bc_num_fmt p = {BC_NUMFMT_PERCENT, 2, false, false, 0};
    CHECK(close_to(bc_num_round(0.004958, &p), 0.005));
    CHECK_STR(bc_num_style_name(BC_NUM_ENGLISH), "kiểu Anh (1,234.5; 0.49%)");
}

int main(void)
{
    test_parse();
    test_evidence();
    test_format();
    return check_report();
}
