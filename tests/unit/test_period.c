/* test_period.c - reporting periods: texts, next period, report.yaml's
 * ky-bao-cao / so-lieu keys and the "CHUA-DIEN" placeholders of a new report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "nextreport.h"
#include "period.h"
#include "report.h"
#include "yamltree.h"

static bc_period P(bc_period_kind k, int q, int y)
{
    bc_period p = {.kind = k, .quarter = q, .year = y};
    return p;
}

static void check_name(bc_period p, const char *name, const char *short_name)
{
    char *n = bc_period_name(&p), *s = bc_period_short_name(&p);
    CHECK_STR(n, name);
    CHECK_STR(s, short_name);
    free(n);
    free(s);
}

static void check_next(bc_period p, const char *want)
{
    bc_period n = bc_period_next(&p);
    CHECK(bc_period_valid(&n));
    char *s = bc_period_name(&n);
    CHECK_STR(s, want);
    free(s);
}

static void check_next_as(bc_period p, bc_period_kind k, const char *want)
{
    bc_period n = bc_period_next_as(&p, k);
    CHECK(bc_period_valid(&n));
    char *s = bc_period_name(&n);
    CHECK_STR(s, want);
    free(s);
}

static void test_texts(void)
{
    check_name(P(BC_PERIOD_QUARTER, 1, 2018), "quý I năm 2018", "quý I/2018");
    check_name(P(BC_PERIOD_QUARTER, 4, 2023), "quý IV năm 2023", "quý IV/2023");
    check_name(P(BC_PERIOD_6_MONTHS, 0, 2023), "6 tháng đầu năm 2023", "6 tháng đầu năm 2023");
    check_name(P(BC_PERIOD_9_MONTHS, 0, 2023), "9 tháng đầu năm 2023", "9 tháng đầu năm 2023");
    check_name(P(BC_PERIOD_YEAR, 0, 2023), "năm 2023", "năm 2023");

    bc_period p = P(BC_PERIOD_QUARTER, 2, 2018);
    bc_date a, b;
    bc_period_range(&p, &a, &b);
    CHECK(a.year == 2018 && a.month == 4 && a.day == 1);
    CHECK(b.year == 2018 && b.month == 6 && b.day == 30);
    p = P(BC_PERIOD_9_MONTHS, 0, 2020);
    bc_period_range(&p, &a, &b);
    CHECK(a.month == 1 && a.day == 1 && b.month == 9 && b.day == 30);
    p = P(BC_PERIOD_YEAR, 0, 2020);
    bc_period_range(&p, &a, &b);
    CHECK(b.month == 12 && b.day == 31);
    p = P(BC_PERIOD_QUARTER, 1, 2019);
    bc_period_range(&p, NULL, &b);
    CHECK(b.month == 3 && b.day == 31);

    bc_period_kind k;
    CHECK(bc_period_kind_parse("quy", &k) && k == BC_PERIOD_QUARTER);
    CHECK(bc_period_kind_parse("6-thang", &k) && k == BC_PERIOD_6_MONTHS);
    CHECK(bc_period_kind_parse("9_thang", &k) && k == BC_PERIOD_9_MONTHS);
    CHECK(bc_period_kind_parse("nam", &k) && k == BC_PERIOD_YEAR);
    CHECK(!bc_period_kind_parse("thang", &k));
    CHECK(!bc_period_kind_parse("a-very-long-kind-name", &k));
    CHECK_STR(bc_period_kind_key(BC_PERIOD_6_MONTHS), "6-thang");

    CHECK(!bc_period_valid(&(bc_period){BC_PERIOD_QUARTER, 5, 2018}));
    CHECK(!bc_period_valid(&(bc_period){BC_PERIOD_YEAR, 1, 2018}));
    CHECK(!bc_period_valid(&(bc_period){BC_PERIOD_YEAR, 0, 1800}));
}

static void test_next(void)
{
    check_next(P(BC_PERIOD_QUARTER, 1, 2018), "quý II năm 2018");
    check_next(P(BC_PERIOD_QUARTER, 3, 2018), "quý IV năm 2018");
    check_next(P(BC_PERIOD_QUARTER, 4, 2023), "quý I năm 2024");
    check_next(P(BC_PERIOD_6_MONTHS, 0, 2023), "9 tháng đầu năm 2023");
    check_next(P(BC_PERIOD_9_MONTHS, 0, 2023), "năm 2023");
    check_next(P(BC_PERIOD_YEAR, 0, 2023), "năm 2024");

    check_next_as(P(BC_PERIOD_QUARTER, 1, 2023), BC_PERIOD_6_MONTHS, "6 tháng đầu năm 2023");
    check_next_as(P(BC_PERIOD_QUARTER, 2, 2023), BC_PERIOD_9_MONTHS, "9 tháng đầu năm 2023");
    check_next_as(P(BC_PERIOD_QUARTER, 2, 2023), BC_PERIOD_6_MONTHS, "6 tháng đầu năm 2024");
    check_next_as(P(BC_PERIOD_6_MONTHS, 0, 2023), BC_PERIOD_QUARTER, "quý III năm 2023");
    check_next_as(P(BC_PERIOD_YEAR, 0, 2023), BC_PERIOD_QUARTER, "quý I năm 2024");
    check_next_as(P(BC_PERIOD_9_MONTHS, 0, 2023), BC_PERIOD_QUARTER, "quý IV năm 2023");
    check_next_as(P(BC_PERIOD_QUARTER, 4, 2023), BC_PERIOD_YEAR, "năm 2024");
    check_next_as(P(BC_PERIOD_QUARTER, 3, 2023), BC_PERIOD_YEAR, "năm 2023");

    bc_period p = P(BC_PERIOD_QUARTER, 1, 2018), q = bc_period_same_last_year(&p);
    CHECK(q.kind == BC_PERIOD_QUARTER && q.quarter == 1 && q.year == 2017);

    char *y = bc_period_to_yaml(&p);
    CHECK_STR(y, "{loai: quy, so: 1, nam: 2018}");
    free(y);
    p = P(BC_PERIOD_6_MONTHS, 0, 2023);
    y = bc_period_to_yaml(&p);
    CHECK_STR(y, "{loai: 6-thang, nam: 2023}");
    free(y);
}

/* Reads "ky-bao-cao: ..." from text; "OK <name>" or the formatted error. */
static char *period_of(const char *yaml)
{
    bc_ydoc *doc = NULL;
    bc_error err = BC_ERROR_INIT;
    char *res;
    bc_status st = bc_ydoc_parse(yaml, strlen(yaml), "r.yaml", &doc, &err);
    bc_period p;
    if (!st)
        st = bc_period_from_yaml(doc, bc_ymap_get(doc->root, "ky-bao-cao"), &p, &err);
    if (st) {
        res = bc_error_format(&err);
    } else {
        char *n = bc_period_name(&p);
        res = bc_strdup_printf("OK %s", n);
        free(n);
    }
    bc_ydoc_free(doc);
    bc_error_clear(&err);
    return res;
}

static void check_period(const char *yaml, const char *want)
{
    char *got = period_of(yaml);
    CHECK_STR(got, want);
    free(got);
}

static void test_yaml(void)
{
    check_period("ky-bao-cao: {loai: quy, so: 1, nam: 2018}\n", "OK quý I năm 2018");
    check_period("ky-bao-cao:\n  loai: 9_thang\n  nam: 2023\n", "OK 9 tháng đầu năm 2023");
    check_period("ky-bao-cao: {loai: nam, nam: 2023}\n", "OK năm 2023");
    check_period("ky-bao-cao: quy 1\n",
                 "r.yaml:1:13: lỗi: kỳ báo cáo phải là một bảng khóa, ví dụ ky-bao-cao: {loai: "
                 "quy, so: 1, nam: 2018}");
    check_period("ky-bao-cao: {loai: thang, nam: 2023}\n",
                 "r.yaml:1:20: lỗi: loại kỳ báo cáo 'thang' không được biết; dùng quy, 6-thang, "
                 "9-thang hoặc nam");
    check_period("ky-bao-cao: {loai: quy, so: 5, nam: 2023}\n",
                 "r.yaml:1:29: lỗi: quý phải là 1, 2, 3 hoặc 4, không phải '5'");
    check_period("ky-bao-cao: {loai: quy, nam: 2023}\n",
                 "r.yaml:1:13: lỗi: kỳ báo cáo theo quý cần 'so' là quý 1, 2, 3 hoặc 4, ví dụ "
                 "ky-bao-cao: {loai: quy, so: 1, nam: 2023}");
    check_period("ky-bao-cao: {loai: nam, so: 1, nam: 2023}\n",
                 "r.yaml:1:29: lỗi: 'so' (số quý) chỉ dùng với loai: quy; kỳ 'nam' không cần 'so'");
    check_period("ky-bao-cao: {loai: nam, nam: 23}\n",
                 "r.yaml:1:30: lỗi: năm của kỳ báo cáo phải là số có 4 chữ số (ví dụ 2018), không "
                 "phải '23'");
    check_period("ky-bao-cao: {loai: nam}\n",
                 "r.yaml:1:13: lỗi: thiếu trường bắt buộc 'nam'");
    check_period("ky-bao-cao: {loai: nam, name: 2023}\n",
                 "r.yaml:1:25: lỗi: khóa 'name' không được biết; có phải ý bạn là 'nam'?");
}

static const char *const REPORT =
    "loai: bao-cao\n"
    "co-quan: [ỦY BAN NHÂN DÂN, TỈNH KHÁNH HÒA]\n"
    "so: %s\n"
    "ky-hieu: BC-UBND\n"
    "dia-danh: Khánh Hòa\n"
    "ngay: %s\n"
    "trich-yeu: Tình hình\n"
    "noi-dung: noi-dung.md\n"
    "noi-nhan: [Lưu VT]\n"
    "ky: {tham-quyen: [CHỦ TỊCH], ho-ten: Nguyễn Văn A}\n"
    "%s";

/* Writes a report.yaml into a temp folder and loads it. */
static char *load_report(const char *so, const char *ngay, const char *extra, bc_report **out)
{
    char dir[] = "/tmp/bc-period-XXXXXX";
    if (!mkdtemp(dir))
        return bc_strdup("mkdtemp");
    char *path = bc_strdup_printf("%s/report.yaml", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, REPORT, so, ngay, extra);
    fclose(f);
    bc_error err = BC_ERROR_INIT;
    bc_report *r = NULL;
    bc_status st = bc_report_load(path, &r, &err);
    char *res;
    if (st) {
        char *m = bc_error_format(&err);
        /* drop the temp folder from the message */
        const char *tail = strstr(m, "report.yaml");
        res = bc_strdup(tail ? tail : m);
        free(m);
    } else {
        res = bc_strdup("OK");
    }
    if (out)
        *out = r;
    else
        bc_report_free(r);
    bc_error_clear(&err);
    unlink(path);
    rmdir(dir);
    free(path);
    return res;
}

static void test_report(void)
{
    bc_report *r = NULL;
    char *s = load_report("45", "2018-03-14", "", &r);
    CHECK_STR(s, "OK");
    free(s);
    CHECK(r && !r->has_period && r->data_files && !r->data_files[0] && r->data_line == 0);
    bc_report_free(r);

    s = load_report("45", "2018-03-14",
                    "ky-bao-cao: {loai: quy, so: 1, nam: 2018}\nso-lieu: [chi-so.yaml, a/b.csv]\n",
                    &r);
    CHECK_STR(s, "OK");
    free(s);
    CHECK(r && r->has_period && r->period.kind == BC_PERIOD_QUARTER && r->period.quarter == 1 &&
          r->period.year == 2018 && r->period_line == 11 && r->data_line == 12);
    CHECK(r && r->data_files[0] && strstr(r->data_files[0], "/chi-so.yaml") &&
          strstr(r->data_files[1], "/a/b.csv") && !r->data_files[2]);
    bc_report_free(r);

    s = load_report("45", "2018-03-14", "ky-bao-cao: {loai: quy, so: 7, nam: 2018}\n", NULL);
    CHECK_STR(s, "report.yaml:11:29: lỗi: quý phải là 1, 2, 3 hoặc 4, không phải '7'");
    free(s);

    s = load_report("CHUA-DIEN", "CHUA-DIEN", "", NULL);
    CHECK_STR(s, "report.yaml:3:5: lỗi: báo cáo chưa điền số và ngày ban hành: thay 'CHUA-DIEN' "
                 "ở 'so:' bằng số văn bản (ví dụ so: 45) và ở 'ngay:' bằng ngày ký (ví dụ ngay: "
                 "2018-06-14)");
    free(s);
    s = load_report("CHUA-DIEN", "2018-06-14", "", NULL);
    CHECK_STR(s, "report.yaml:3:5: lỗi: báo cáo chưa điền số văn bản: thay 'CHUA-DIEN' ở 'so:' "
                 "bằng số đã lấy (ví dụ so: 45)");
    free(s);
    s = load_report("46", "CHUA-DIEN", "", NULL);
    CHECK_STR(s, "report.yaml:6:7: lỗi: báo cáo chưa điền ngày ban hành: thay 'CHUA-DIEN' ở "
                 "'ngay:' bằng ngày ký (ví dụ ngay: 2018-06-14)");
    free(s);
}

static void check_roll(const char *in, bool csv, const char *want, size_t want_n)
{
    char *out = NULL;
    size_t n = 0;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_roll_values_text(in, strlen(in), "s", csv, &out, &n, &err);
    if (st) {
        char *m = bc_error_format(&err);
        CHECK_STR(m, want);
        free(m);
    } else {
        CHECK_STR(out, want);
        CHECK(n == want_n);
    }
    free(out);
    bc_error_clear(&err);
}

/* "baocao moi": this period's values become the previous period's. */
static void test_roll(void)
{
    /* this period's figure must be entered again: CHUA-DIEN (carryover.h) */
    check_roll("# chỉ số\nso-kieu: viet\na:\n  b: 76,88%   # năm 2017\n  c: Sở Nội vụ\n", false,
               "# chỉ số\nso-kieu: viet\na:\n  b: {nay: CHUA-DIEN, truoc: \"76,88%\"}   # năm "
               "2017\n  c: {nay: CHUA-DIEN, truoc: Sở Nội vụ}\n",
               2);
    check_roll("a:\n  nay: 76,88%  # 2017\n  truoc: 73,37%  # 2016\nb:\n  nay: '5'\n", false,
               "a:\n  nay: CHUA-DIEN  # 2017\n  truoc: 76,88%  # 2016\nb:\n  nay: CHUA-DIEN\n"
               "  truoc: '5'\n",
               2);
    check_roll("a: {nay: \"1,5\", truoc: 2}\nb: {nay: 3}\nc: {d: 4, e: {nay: 5}}\n", false,
               "a: {nay: CHUA-DIEN, truoc: \"1,5\"}\nb: {nay: CHUA-DIEN, truoc: 3}\n"
               "c: {d: {nay: CHUA-DIEN, truoc: 4}, e: {nay: CHUA-DIEN, truoc: 5}}\n",
               4);
    check_roll("a: \"x\\\"y\"\n", false, "a: {nay: CHUA-DIEN, truoc: \"x\\\"y\"}\n", 1);
    check_roll("a: [1]\n", false,
               "s:1:4: lỗi: số liệu 'a' là một danh sách; mỗi số liệu là một giá trị, hoặc {nay: "
               "..., truoc: ...}",
               0);
    check_roll("khoa,nay,truoc\nx.y,\"0,32%\",\"5,00%\"\nz,12\n", true,
               "khoa,nay,truoc\nx.y,CHUA-DIEN,\"0,32%\"\nz,CHUA-DIEN,12\n", 2);
}

int main(void)
{
    test_texts();
    test_next();
    test_yaml();
    test_report();
    test_roll();
    return check_report();
}
