/* test_urlbreak.c - where URLs break and at what cost (src/layout/urlbreak.c). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linebreak.h"
#include "urlbreak.h"

/* The URL with its breaks marked by cost: '|' the cheapest (after "//" or a
 * path's '/'), '!' a query's '?', '&', '=', ':' before a dot of the path,
 * '~' before a host name's dot (dearer still), '^' after '-' (a last
 * resort). Never after a dot: "baocao." reads as a full stop. */
static const char *marked(const char *w)
{
    static char out[512];
    size_t n = strlen(w), k = 0;
    int pen[256];
    bc_url_breaks(w, n, pen);
    int first = pen[0], last = pen[n];
    for (size_t i = 0; i < n; i++) {
        int p = pen[i];
        if (p < BC_LB_FORBID)
            out[k++] = p <= 60                   ? '|'
                       : p <= 100                ? '!'
                       : p <= 150                ? ':'
                       : p < BC_LB_LAST_RESORT   ? '~'
                                                 : '^';
        out[k++] = w[i];
    }
    out[k] = '\0';
    return first == BC_LB_FORBID && last == BC_LB_FORBID ? out : "(ends breakable)";
}

int main(void)
{
    CHECK(bc_url_is("https://baocao.khanhhoa.gov.vn", 30));
    CHECK(bc_url_is("dichvucong.khanhhoa.gov.vn/portal", 33));
    CHECK(bc_url_is("vp@khanhhoa.gov.vn", 18));
    CHECK(!bc_url_is("4034/QĐ-UBND", strlen("4034/QĐ-UBND")));
    CHECK(!bc_url_is("55/2022/QH15", 12));

    /* Seed 001's portal: after "//", then before a dot of the host (never
     * after it: "baocao." reads as a full stop); nothing before the
     * sentence's comma. */
    CHECK_STR(marked("https://baocao.khanhhoa.gov.vn,"), "https://|baocao~.khanhhoa~.gov~.vn,");
    /* path separators, then the query, then before a path's dot; '-' last */
    CHECK_STR(marked("https://dichvucong.khanhhoa.gov.vn/portal/p/tra-cuu.html?ma=1.001&cap=tinh"),
              "https://|dichvucong~.khanhhoa~.gov~.vn/|portal/|p/|tra-^cuu:.html?!ma=!1:.001&!cap=!tinh");
    /* no scheme: the host still a word; brackets and a full stop kept */
    CHECK_STR(marked("(www.khanhhoa.gov.vn/tin-tuc)."), "(www~.khanhhoa~.gov~.vn/|tin-^tuc).");
    CHECK_STR(marked("dichvucong.khanhhoa.gov.vn/portal/home"),
              "dichvucong~.khanhhoa~.gov~.vn/|portal/|home");
    /* e-mail: before '@' or a dot of the name, then before a dot of the domain */
    CHECK_STR(marked("van.phong@khanhhoa.gov.vn"), "van:.phong:@khanhhoa~.gov~.vn");
    /* never inside "http://" nor between two marks */
    CHECK_STR(marked("http://a.vn//x?&y"), "http://|a~.vn//|x?&!y");

    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
