/* test_rollup.c - bc_rollup (baocao.h) through the library: a two-agency
 * roll-up handed to a callback, the struct_size guard, a missing agency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baocao.h"
#include "check.h"

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *form(int a, int s1, int s2, int p1, int p2)
{
    static char buf[512];
    snprintf(buf, sizeof buf,
             "STT,Tiêu chí,Số lượng\n1,Hồ sơ tiếp nhận,%d\n2,Hồ sơ đã giải quyết xong,%d\n"
             "2.1,Đúng hạn,%d\n2.2,Trễ hạn,%d\n3,Hồ sơ đang giải quyết,%d\n3.1,Trong hạn,%d\n"
             "3.2,Trễ hạn,%d\n4,Hồ sơ trễ hạn,%d\n",
             a, s1 + s2, s1, s2, p1 + p2, p1, p2, s2 + p2);
    return buf;
}

int main(void)
{
    char tmpl[] = "/tmp/bc-rollup-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return check_report();
    char mapping[512];
    snprintf(mapping, sizeof mapping, "%s/co-quan.yaml", dir);
    put(dir, "co-quan.yaml",
        "huyen:\n  - {ma: h1, ten: Thuộc huyện Một}\n"
        "co-quan:\n"
        "  - {ma: so-a, ten: Sở A, cap: so}\n"
        "  - {ma: xa-b, ten: UBND xã B, cap: xa, huyen: h1}\n");
    put(dir, "so-a.csv", form(100, 90, 2, 7, 1));
    put(dir, "xa-b.csv", form(50, 40, 0, 10, 0));

    /* a wrong struct_size is refused */
    bc_rollup_opts bad = BC_ROLLUP_OPTS_INIT;
    bad.struct_size = sizeof bad - 1;
    bc_diags d = BC_DIAGS_INIT;
    bc_error e = BC_ERROR_INIT;
    CHECK(bc_rollup(mapping, &bad, NULL, &d, &e) == BC_E_USAGE);
    CHECK(e.message && strstr(e.message, "BC_ROLLUP_OPTS_INIT"));
    bc_error_clear(&e);

    /* to a buffer: every agency in, so BC_OK */
    bc_buffer buf = BC_BUFFER_INIT;
    bc_rollup_opts o = BC_ROLLUP_OPTS_INIT;
    o.write = bc_buffer_write;
    o.write_ctx = &buf;
    bc_rollup_result res;
    bc_status st = bc_rollup(mapping, &o, &res, &d, &e);
    CHECK(st == BC_OK);
    CHECK(res.agencies == 2 && res.submitted == 2 && res.missing == 0);
    CHECK(bc_diags_count(&d, BC_WARNING) == 0);
    char *csv = malloc(buf.len + 1);
    if (csv) {
        memcpy(csv, buf.data, buf.len);
        csv[buf.len] = '\0';
        /* A: 100 received, 92 settled (90 + 2), 8 pending (7 + 1), late 3:
         * 3 / (92 + 8) = 3,00%; TỔNG adds C: 150, 132, 130, 2, 18, 17, 1, 3 ->
         * 3 / 150 = 2,00% */
        CHECK(strstr(csv, "\nA,CƠ QUAN CHUYÊN MÔN CẤP TỈNH,100,92,90,2,8,7,1,3,\"3,00%\",,"
                          "tổng 1 hàng con\n") != NULL);
        CHECK(strstr(csv, "\nI,Thuộc huyện Một,50,40,40,0,10,10,0,0,\"0,00%\",,") != NULL);
        CHECK(strstr(csv, "\nTỔNG,,150,132,130,2,18,17,1,3,\"2,00%\",,\"tổng A, C\"\n") !=
              NULL);
        CHECK(strstr(csv, "\n1,Sở A,100,92,90,2,8,7,1,3,\"3,00%\",so-a,\"so-a.csv: cột 3, "
                          "dòng 2–9\"\n") != NULL);
        if (check_failed)
            fprintf(stderr, "%s", csv);
    }
    free(csv);
    bc_buffer_free(&buf);
    bc_diags_free(&d);

    /* an agency without a file: a warning at its mapping entry, BC_E_DATA,
     * still written; strict: nothing */
    char path[600];
    snprintf(path, sizeof path, "%s/xa-b.csv", dir);
    unlink(path);
    buf = (bc_buffer)BC_BUFFER_INIT;
    st = bc_rollup(mapping, &o, &res, &d, &e);
    CHECK(st == BC_E_DATA && res.missing == 1 && buf.len > 0);
    CHECK(d.count == 1 && d.items[0].line == 5 && d.items[0].column == 5);
    bc_buffer_free(&buf);
    bc_diags_free(&d);
    o.strict = true;
    st = bc_rollup(mapping, &o, &res, &d, &e);
    CHECK(st == BC_E_DATA && buf.len == 0);
    bc_error_clear(&e);
    bc_buffer_free(&buf);
    bc_diags_free(&d);

    snprintf(path, sizeof path, "%s/so-a.csv", dir);
    unlink(path);
    unlink(mapping);
    rmdir(dir);
    return check_report();
}
