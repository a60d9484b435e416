/* test_tablecheck.c - subtotal, formula and cell checks; fix mode; the real
 * seed tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "strbuf.h"
#include "table.h"
#include "tablecheck.h"
#include "tablespec.h"
#include "testfiles.h"
#include "text.h"

/* All diagnostics, one per line, with the directory part of file names cut. */
static char *diag_text(const bc_diags *d, bool warnings_only)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; i < d->count; i++) {
        if (warnings_only && d->items[i].severity != BC_WARNING)
            continue;
        char *m = bc_diag_format(&d->items[i]);
        const char *s = m;
        const char *colon = strchr(m, ':');
        const char *slash = NULL;
        for (const char *p = m; colon && p < colon; p++)
            if (*p == '/')
                slash = p;
        if (slash)
            s = slash + 1;
        bc_buf_puts(&b, s);
        bc_buf_putc(&b, '\n');
        free(m);
    }
    return bc_buf_detach(&b);
}

static void test_fixture(void)
{
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    bc_check_stats stats;
    bc_status st = bc_table_load_checked(src_path(0, "tests/data/tables/kiem-tra.yaml"), NULL,
                                         NULL, &t, &d, &stats, &err);
    CHECK(st == BC_E_DATA && t != NULL);
    char *got = diag_text(&d, false);
    CHECK_STR(got,
              "kiem-tra.csv:2:24: ghi chú: số liệu CSV viết kiểu Việt (1.234,5; 0,49%), nhận ra "
              "từ 15 ô (đầu tiên: «1.501»)\n"
              /* the wrong subtotal, exactly */
              "kiem-tra.csv:2:36: cảnh báo: Phụ lục 9, hàng «A Khối tỉnh», cột «Hồ sơ / Trễ "
              "hạn»: ghi 21 nhưng tổng 2 hàng con là 20\n"
              "kiem-tra.csv:4:8: cảnh báo: Phụ lục 9, hàng «2 Sở B», cột «Ngày»: «15/13/2023» "
              "không phải là ngày (viết ngày/tháng/năm, ví dụ 30/01/2020)\n"
              /* the wrong rate, exactly */
              "kiem-tra.csv:6:23: cảnh báo: Phụ lục 9, hàng «1 Huyện C», cột «Tỷ lệ trễ»: ghi "
              "3,50% nhưng tre_han / tong = 10 / 300 = 3,33%\n"
              "kiem-tra.csv:7:18: cảnh báo: Phụ lục 9, hàng «2 Huyện E», cột «Hồ sơ / Đúng "
              "hạn»: «12a» không phải là số (kiểu Việt (1.234,5; 0,49%))\n"
              "kiem-tra.csv:8:3: cảnh báo: Phụ lục 9, hàng «3», cột «Đơn vị»: ô bắt buộc bị "
              "bỏ trống\n"
              "kiem-tra.csv: ghi chú: Phụ lục 9: đã kiểm tra 5 ô tổng và 14 ô công thức; 2 chỗ "
              "không khớp; 2 ô không đọc được; 1 ô bắt buộc bị trống\n");
    free(got);
    CHECK(stats.mismatches == 2 && stats.fixed == 0 && stats.invalid_cells == 2 &&
          stats.empty_required == 1 && stats.sums_checked == 5 && stats.formulas_checked == 14);
    /* checking does not change the table */
    if (t) {
        CHECK_STR(t->rows[0].cells[5].display, "21");
        CHECK(t->rows[0].style == BC_STYLE_BOLD && t->rows[7].is_total);
        CHECK_STR(t->rows[6].cells[3].display, "-");
    }
    bc_table_free(t);
    bc_diags_free(&d);

    /* fix mode: stated values replaced, parents and totals recomputed */
    bc_check_options fix = {true, true};
    st = bc_table_load_checked(src_path(0, "tests/data/tables/kiem-tra.yaml"), NULL, &fix, &t,
                               &d, &stats, &err);
    CHECK(st == BC_E_DATA); /* the bad date, 12a and the empty cell remain */
    got = diag_text(&d, false);
    CHECK_STR(got,
              "kiem-tra.csv:2:24: ghi chú: số liệu CSV viết kiểu Việt (1.234,5; 0,49%), nhận ra "
              "từ 15 ô (đầu tiên: «1.501»)\n"
              "kiem-tra.csv:2:24: ghi chú: Phụ lục 9, hàng «A Khối tỉnh», cột «Hồ sơ / Tổng»: "
              "đã thay 1.501 bằng 1.500 (theo công thức dung_han + tre_han)\n"
              "kiem-tra.csv:2:36: ghi chú: Phụ lục 9, hàng «A Khối tỉnh», cột «Hồ sơ / Trễ "
              "hạn»: đã thay 21 bằng 20 (tổng 2 hàng con)\n"
              "kiem-tra.csv:2:39: ghi chú: Phụ lục 9, hàng «A Khối tỉnh», cột «Tỷ lệ trễ»: đã "
              "thay 1,40% bằng 1,33% (theo công thức tre_han / tong)\n"
              "kiem-tra.csv:4:8: cảnh báo: Phụ lục 9, hàng «2 Sở B», cột «Ngày»: «15/13/2023» "
              "không phải là ngày (viết ngày/tháng/năm, ví dụ 30/01/2020)\n"
              "kiem-tra.csv:6:23: ghi chú: Phụ lục 9, hàng «1 Huyện C», cột «Tỷ lệ trễ»: đã "
              "thay 3,50% bằng 3,33% (theo công thức tre_han / tong)\n"
              "kiem-tra.csv:7:18: cảnh báo: Phụ lục 9, hàng «2 Huyện E», cột «Hồ sơ / Đúng "
              "hạn»: «12a» không phải là số (kiểu Việt (1.234,5; 0,49%))\n"
              "kiem-tra.csv:8:3: cảnh báo: Phụ lục 9, hàng «3», cột «Đơn vị»: ô bắt buộc bị "
              "bỏ trống\n"
              "kiem-tra.csv:9:8: ghi chú: Phụ lục 9, hàng «TỔNG», cột «Hồ sơ / Tổng»: đã thay "
              "2.701 bằng 2.700 (theo công thức dung_han + tre_han)\n"
              "kiem-tra.csv:9:24: ghi chú: Phụ lục 9, hàng «TỔNG», cột «Hồ sơ / Trễ hạn»: đã "
              "thay 31 bằng 30 (tổng 2 hàng A, B)\n"
              "kiem-tra.csv:9:27: ghi chú: Phụ lục 9, hàng «TỔNG», cột «Tỷ lệ trễ»: đã thay "
              "1,15% bằng 1,11% (theo công thức tre_han / tong)\n");
    free(got);
    CHECK(stats.mismatches == 7 && stats.fixed == 7);
    if (t) {
        const bc_row *a = &t->rows[0];
        CHECK_STR(a->cells[5].display, "20");
        CHECK(bc_dec_eq(a->cells[5].value, bc_dec_from_int(20)) && (a->cells[5].flags & BC_CELL_FIXED));
        CHECK_STR(a->cells[3].display, "1.500");
        CHECK_STR(a->cells[6].display, "1,33%");
        CHECK_STR(t->rows[7].cells[3].display, "2.700");
        /* checking again finds nothing left to fix */
        bc_diags d2 = BC_DIAGS_INIT;
        bc_check_options quiet = {false, true};
        CHECK(bc_table_check(t, &quiet, &d2, &stats) == BC_E_DATA);
        CHECK(stats.mismatches == 0 && bc_diags_count(&d2, BC_WARNING) == 3);
        bc_diags_free(&d2);
    }
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
}

/* A spec + CSV in memory, checked; returns the warnings. */
static char *check_inline(const char *yaml, const char *csv, bc_status *status)
{
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_tablespec_parse(yaml, strlen(yaml), "t.yaml", &t, &d, &err);
    if (!st)
        st = bc_table_read_csv_buffer(t, csv, strlen(csv), "t.csv", &d, &err);
    char *out;
    if (st) {
        out = bc_error_format(&err);
    } else {
        bc_check_options o = {false, true};
        st = bc_table_check(t, &o, &d, NULL);
        out = diag_text(&d, true);
    }
    if (status)
        *status = st;
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
    return out;
}

static void test_rules(void)
{
    const char *spec = "nhan: Phụ lục 7\n"
                       "cot:\n"
                       "  - {khoa: stt, nhan: STT}\n"
                       "  - {khoa: ten, nhan: Tên}\n"
                       "  - {khoa: a, nhan: A, kieu: so}\n"
                       "  - {khoa: b, nhan: B, kieu: so}\n"
                       "  - {khoa: tl, nhan: Tỷ lệ, kieu: ty-le, cong-thuc: a / (a + b)}\n";
    bc_status st;
    /* within half a unit of the printed precision: 0,4958% prints 0,50% */
    char *got = check_inline(spec, "stt,ten,a,b,tl\n1,x,1345,269939,\"0,50%\"\n", &st);
    CHECK_STR(got, "");
    CHECK(st == BC_OK);
    free(got);
    got = check_inline(spec, "stt,ten,a,b,tl\n1,x,1345,269939,\"0,49%\"\n", &st);
    CHECK_STR(got, "t.csv:2:17: cảnh báo: Phụ lục 7, hàng «1 x», cột «Tỷ lệ»: ghi 0,49% nhưng "
                   "a / (a + b) = 1.345 / (1.345 + 269.939) = 0,50%\n");
    CHECK(st == BC_E_DATA);
    free(got);
    /* the coarser precision written in the cell counts: 100% for 99,6% */
    got = check_inline(spec, "stt,ten,a,b,tl\n1,x,996,4,100%\n", &st);
    CHECK_STR(got, "");
    free(got);
    /* division by zero: fine when the stated rate is 0 or empty, else reported */
    got = check_inline(spec, "stt,ten,a,b,tl\n1,x,-,-,\"0,00%\"\n2,y,,,\n3,z,0,0,\"5,00%\"\n", &st);
    CHECK_STR(got, "t.csv:4:9: cảnh báo: Phụ lục 7, hàng «3 z», cột «Tỷ lệ»: ghi 5,00% nhưng "
                   "a / (a + b) = 0 / (0 + 0): chia cho 0, không tính được\n");
    free(got);
    /* a heading row without figures is not summed; a totals row sums the top rows */
    got = check_inline(spec,
                       "stt,ten,a,b,tl\n"
                       "I,Nhóm một,,,\n"
                       "1,x,1,1,50%\n"
                       "2,y,2,2,50%\n"
                       "II,Nhóm hai,5,5,50%\n"
                       "1,z,5,4,\"55,56%\"\n"
                       "TỔNG,,5,5,50%\n",
                       &st);
    CHECK_STR(got, "t.csv:5:15: cảnh báo: Phụ lục 7, hàng «II Nhóm hai», cột «B»: ghi 5 nhưng "
                   "tổng 1 hàng con là 4\n"
                   "t.csv:7:7: cảnh báo: Phụ lục 7, hàng «TỔNG», cột «A»: ghi 5 nhưng tổng 2 "
                   "hàng I, II là 8\n"
                   "t.csv:7:9: cảnh báo: Phụ lục 7, hàng «TỔNG», cột «B»: ghi 5 nhưng tổng 2 "
                   "hàng I, II là 8\n");
    free(got);
    /* subtotals "Cộng" and a grand total after them */
    got = check_inline(spec,
                       "stt,ten,a,b,tl\n"
                       "1,x,1,1,50%\n"
                       "Cộng,,1,1,50%\n"
                       "1,y,2,6,25%\n"
                       "Cộng,,2,6,25%\n"
                       "Tổng cộng,,3,8,\"27,27%\"\n",
                       &st);
    CHECK_STR(got, "t.csv:6:14: cảnh báo: Phụ lục 7, hàng «Tổng cộng», cột «B»: ghi 8 nhưng "
                   "tổng 2 hàng tổng ở trên là 7\n");
    free(got);
    /* an empty group cell with children that add up to something */
    got = check_inline(spec, "stt,ten,a,b,tl\nA,Khối,,3,\n1,x,2,3,40%\n", &st);
    CHECK_STR(got, "t.csv:2:8: cảnh báo: Phụ lục 7, hàng «A Khối», cột «A»: để trống nhưng "
                   "tổng 1 hàng con là 2\n");
    free(got);
    /* decimals: children rounded to the printed precision may differ by half a unit each */
    const char *dec = "cot:\n"
                      "  - {khoa: stt, nhan: STT}\n"
                      "  - {khoa: v, nhan: V, kieu: so-thuc, so-le: 1}\n";
    got = check_inline(dec, "stt,v\nA,\"1,0\"\n1,\"0,3\"\n2,\"0,3\"\n3,\"0,3\"\n", &st);
    CHECK_STR(got, "");
    free(got);
    got = check_inline(dec, "stt,v\nA,\"1,2\"\n1,\"0,3\"\n2,\"0,3\"\n3,\"0,3\"\n", &st);
    CHECK_STR(got, "t.csv:2:3: cảnh báo: Bảng, hàng «A», cột «V»: ghi 1,2 nhưng tổng 3 hàng con "
                   "là 0,9\n");
    free(got);
}

static void test_seeds(void)
{
    /* every sample is the transcribed seed table, byte for byte */
    static const char *pairs[][2] = {
        {"samples/bao-cao-nam-2023/phu-luc-1.csv", "001-phu-luc-1.csv"},
        {"samples/bao-cao-nam-2023/phu-luc-2.csv", "001-phu-luc-2.csv"},
        {"samples/thanh-tra-2020/phu-luc-1.csv", "002-phu-luc-1.csv"},
        {"samples/thanh-tra-2020/phu-luc-2.csv", "002-phu-luc-2.csv"},
        {"samples/thanh-tra-2020/phu-luc-3.csv", "002-phu-luc-3.csv"},
        {"samples/thanh-tra-2020/phu-luc-4.csv", "002-phu-luc-4.csv"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char seed[4096];
        snprintf(seed, sizeof seed, "%s", src_path(1, "tests/data/seeds/"));
        strncat(seed, pairs[i][1], sizeof seed - strlen(seed) - 1);
        char *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        bc_error e = BC_ERROR_INIT;
        CHECK(bc_file_read(src_path(0, pairs[i][0]), &a, &na, &e) == BC_OK);
        CHECK(bc_file_read(seed, &b, &nb, &e) == BC_OK);
        CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
        free(a);
        free(b);
        bc_error_clear(&e);
    }

    /* what the checks find in the real data (values as printed) */
    static const struct {
        const char *spec;
        bc_status status;
        const char *warnings;
    } want[] = {
        {"samples/bao-cao-nam-2023/phu-luc-1.yaml", BC_OK, ""},
        {"samples/bao-cao-nam-2023/phu-luc-2.yaml", BC_E_DATA,
         "phu-luc-2.csv:114:46: cảnh báo: Phụ lục 2, hàng «VI Thuộc thành phố Cam Ranh», cột "
         "«Hồ sơ đã giải quyết xong / Đúng hạn»: ghi 8.160 nhưng tổng 15 hàng con là 13.351\n"
         "phu-luc-2.csv:114:54: cảnh báo: Phụ lục 2, hàng «VI Thuộc thành phố Cam Ranh», cột "
         "«Hồ sơ đã giải quyết xong / Trễ hạn»: ghi 24 nhưng tổng 15 hàng con là 62\n"},
        {"samples/thanh-tra-2020/phu-luc-1.yaml", BC_OK, ""},
        {"samples/thanh-tra-2020/phu-luc-2.yaml", BC_E_DATA,
         "phu-luc-2.csv:27:50: cảnh báo: Phụ lục 2, hàng «26. Số thủ tục hành chính áp dụng cơ "
         "chế một cửa», cột «Tổng số»: ghi 04 nhưng cap_tinh + cap_huyen + cap_xa = (trống) + "
         "(trống) + (trống) = 0\n"},
        {"samples/thanh-tra-2020/phu-luc-3.yaml", BC_OK, ""},
        {"samples/thanh-tra-2020/phu-luc-4.yaml", BC_OK, ""},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        bc_table *t = NULL;
        bc_diags d = BC_DIAGS_INIT;
        bc_error err = BC_ERROR_INIT;
        bc_status st = bc_table_load_checked(src_path(0, want[i].spec), NULL, NULL, &t, &d,
                                             NULL, &err);
        CHECK(st == want[i].status);
        if (err.message)
            fprintf(stderr, "%s: %s\n", want[i].spec, err.message);
        char *got = diag_text(&d, true);
        CHECK_STR(got, want[i].warnings);
        free(got);
        bc_table_free(t);
        bc_diags_free(&d);
        bc_error_clear(&err);
    }
}

/* A generated table: every row adds up, so nothing is reported. */
static void test_many_rows(void)
{
    const char *spec = "cot:\n"
                       "  - {khoa: stt, nhan: STT}\n"
                       "  - {khoa: ten, nhan: Tên}\n"
                       "  - {khoa: t, nhan: Tổng, kieu: so, cong-thuc: a + b}\n"
                       "  - {khoa: a, nhan: A, kieu: so}\n"
                       "  - {khoa: b, nhan: B, kieu: so}\n"
                       "  - {khoa: tl, nhan: Tỷ lệ, kieu: ty-le, cong-thuc: b / t}\n";
    bc_buf csv = BC_BUF_INIT;
    bc_buf_puts(&csv, "stt,ten,t,a,b,tl\r\n");
    const int groups = 10, per = 2000;
    long ga[10], gb[10], ta = 0, tb = 0;
    char tmp[64];
    for (int g = 0; g < groups; g++) {
        ga[g] = gb[g] = 0;
        for (int i = 0; i < per; i++) {
            ga[g] += 1000 + i;
            gb[g] += i % 7;
        }
        ta += ga[g];
        tb += gb[g];
    }
    bc_num_fmt pct = {BC_NUMFMT_PERCENT, 2, false, false, 0};
    for (int g = 0; g < groups; g++) {
        bc_num_format_to(tmp, sizeof tmp, (double)gb[g] / (double)(ga[g] + gb[g]), &pct);
        bc_buf_printf(&csv, "%c,Nhóm %d,%ld,%ld,%ld,\"%s\"\r\n", 'A' + g, g, ga[g] + gb[g], ga[g],
                      gb[g], tmp);
        for (int i = 0; i < per; i++) {
            long a = 1000 + i, b = i % 7;
            bc_num_format_to(tmp, sizeof tmp, (double)b / (double)(a + b), &pct);
            bc_buf_printf(&csv, "%d,Xã số %d,%ld,%ld,%ld,\"%s\"\r\n", i + 1, i, a + b, a, b, tmp);
        }
    }
    bc_num_format_to(tmp, sizeof tmp, (double)tb / (double)(ta + tb), &pct);
    bc_buf_printf(&csv, "TỔNG,,%ld,%ld,%ld,\"%s\"\r\n", ta + tb, ta, tb, tmp);
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_tablespec_parse(spec, strlen(spec), "n.yaml", &t, &d, &err) == BC_OK);
    if (t) {
        CHECK(bc_table_read_csv_buffer(t, csv.data, csv.len, "n.csv", &d, &err) == BC_OK);
        bc_check_stats stats;
        CHECK(bc_table_check(t, NULL, &d, &stats) == BC_OK);
        CHECK(t->nrows == (size_t)(groups * (per + 1) + 1));
        CHECK(stats.mismatches == 0 && stats.sums_checked == (size_t)(groups + 1) * 2);
        CHECK(stats.formulas_checked == t->nrows * 2);
    }
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
    bc_buf_free(&csv);
}

int main(void)
{
    test_fixture();
    test_rules();
    test_seeds();
    test_many_rows();
    return check_report();
}
