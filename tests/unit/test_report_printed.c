/* What report.yaml prints (bc_report_printed, report.h) is one list behind
 * the font check, the self-check and the libharu repertoire: every printed
 * field of a report with all of them given is listed, composed as the
 * page prints it; a công văn lists "V/v", not its document type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "report.h"

typedef struct seen {
    char buf[8192];
} seen;

static void collect(void *ctx, const char *text)
{
    seen *s = ctx;
    strncat(s->buf, text, sizeof s->buf - strlen(s->buf) - 2);
    strcat(s->buf, "\n");
}

static int has_line(const seen *s, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = s->buf; (p = strstr(p, line)); p++)
        if ((p == s->buf || p[-1] == '\n') && p[n] == '\n')
            return 1;
    return 0;
}

static const char *const BAO_CAO =
    "loai: bao-cao\n"
    "co-quan-chu-quan: CQCQ\n"
    "co-quan: [COQUAN1, COQUAN2]\n"
    "so: 45\n"
    "ky-hieu: BC-UBND\n"
    "dia-danh: Diadanh\n"
    "ngay: 2018-03-14\n"
    "ten-loai: TENLOAI\n"
    "trich-yeu: Trichyeu\n"
    "do-khan: KHẨN\n"
    "kinh-gui: [Noinhan1, Noinhan2]\n"
    "noi-dung: noi-dung.md\n"
    "sau-noi-dung: Saunoidung\n"
    "noi-nhan-nhan: \"Nhan:\"\n"
    "noi-nhan: [Cc1;, Cc2.]\n"
    "ky:\n"
    "  tham-quyen: [TQ1, TQ2]\n"
    "  ho-ten: Hoten\n";

int main(void)
{
    bc_error err = BC_ERROR_INIT;
    bc_report *r = NULL;
    CHECK(bc_report_parse(BAO_CAO, strlen(BAO_CAO), "/tmp/x/report.yaml", &r, &err) == BC_OK);
    if (!r) {
        fprintf(stderr, "parse: %s\n", err.message ? err.message : "?");
        return check_report() | 1;
    }
    seen s = {{0}};
    CHECK(bc_report_printed(r, collect, &s, &err) == BC_OK);
    const char *want[] = {"CQCQ", "COQUAN1", "COQUAN2", "Số: 45/BC-UBND",
                          "Diadanh, ngày 14 tháng 3 năm 2018",
                          BC_REPORT_QUOC_HIEU " " BC_REPORT_TIEU_NGU, "TENLOAI", "Trichyeu",
                          "KHẨN", BC_REPORT_KINH_GUI, "- Noinhan1", "- Noinhan2", "Saunoidung",
                          "Nhan:", "- Cc1;", "- Cc2.", "TQ1", "TQ2", "Hoten"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK(has_line(&s, want[i]));
        if (!has_line(&s, want[i]))
            fprintf(stderr, "missing \"%s\" in:\n%s", want[i], s.buf);
    }
    CHECK(!has_line(&s, "V/v"));
    bc_report_free(r);

    /* A công văn prints "V/v" before its trích yếu and no document type. */
    char cv[2048];
    snprintf(cv, sizeof cv, "%s", BAO_CAO);
    char *k = strstr(cv, "bao-cao");
    memcpy(k, "cong-va", 7);
    memmove(k + 8, k + 7, strlen(k + 7) + 1);
    k[7] = 'n';
    char *t = strstr(cv, "ten-loai: TENLOAI\n");
    memmove(t, t + 18, strlen(t + 18) + 1);
    r = NULL;
    CHECK(bc_report_parse(cv, strlen(cv), "/tmp/x/report.yaml", &r, &err) == BC_OK);
    if (r) {
        memset(&s, 0, sizeof s);
        CHECK(bc_report_printed(r, collect, &s, &err) == BC_OK);
        CHECK(has_line(&s, "V/v"));
        CHECK(has_line(&s, "Trichyeu"));
        CHECK(!has_line(&s, r->doc_type ? r->doc_type : "BÁO CÁO"));
        bc_report_free(r);
    } else {
        fprintf(stderr, "parse cong-van: %s\n", err.message ? err.message : "?");
    }
    bc_error_clear(&err);
    return check_report();
}
