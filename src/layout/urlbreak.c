/* urlbreak.c - break opportunities and their costs inside URLs.
 *
 * Practice (Chicago 6.82 / 14.18, TeX's url package) and the Vietnamese
 * reader's eye agree: a line may end after "//" or a path's '/', after the
 * query's '?', '&' or '=', or before (never after) a dot of the path, so a
 * line never ends in "baocao." - read as the end of a sentence. A host
 * name breaks only before its dots, and dearer than any other place; '-'
 * anywhere (a line-final '-' reads as a hyphen, and pdftotext joins
 * "thu-tuc-" + "hanh" into "thu-tuchanh") serves only when nothing else
 * does. */
#include "urlbreak.h"

#include <string.h>

#include "linebreak.h"

/* Penalties (bc_lb_item.penalty; an interword break costs 0). */
#define URL_SLASH 60           /* after "//" or a path's '/' */
#define URL_QUERY 80           /* after '?', '&' or '=' of a query */
#define URL_DOT 150            /* before a dot of a path or query, before '#' or '@' */
/* Before a dot of the host name: dearer than every other break of a URL,
 * so "https://|baocao.khanhhoa.gov.vn" wins when the spacing allows, but an
 * ordinary break (not a last resort): in a narrow column a line ending in
 * "http://thanhtra" with ".khanhhoa.gov.vn" next reads as one address, and
 * is better than a line with its spaces stretched twice (test_spacing's
 * 95 mm column). Never after a host's dot: "thanhtra." ends a sentence.
 * Last resort (>= BC_LB_LAST_RESORT: not tried in the first pass, dearer
 * than a line beyond the tolerance): after '-', when every other set of
 * breaks leaves a line far too loose (spaces about 12x) or too long. */
#define URL_HOST 200
#define URL_HYPHEN 300000

/* "dichvucong.khanhhoa.gov.vn/portal/...": a host name (two or more
 * labels of ASCII letters, digits and '-', the last one of letters) and a
 * path. */
static bool is_host_path(const char *w, size_t n)
{
    while (n && (*w == '(' || *w == '"' || *w == '[')) {
        w++;
        n--;
    }
    const char *slash = memchr(w, '/', n);
    if (!slash || slash == w)
        return false;
    size_t labels = 0, len = 0;
    bool letters = true;
    for (const char *c = w; c <= slash; c++) {
        if (c == slash || *c == '.') {
            if (!len)
                return false;
            labels++;
            if (c == slash)
                return labels >= 2 && letters && len >= 2;
            len = 0;
            letters = true;
        } else if (((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z')) {
            len++;
        } else if ((*c >= '0' && *c <= '9') || *c == '-') {
            len++;
            letters = false;
        } else {
            return false;
        }
    }
    return false;
}

bool bc_url_is(const char *w, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (w[i] == ':' && w[i + 1] == '/' && w[i + 2] == '/')
            return true;
    if (n > 4 && (memcmp(w, "www.", 4) == 0 || memcmp(w, "WWW.", 4) == 0))
        return true;
    if (is_host_path(w, n))
        return true;
    const char *at = memchr(w, '@', n);
    return at && at > w && memchr(at, '.', n - (size_t)(at - w)) != NULL;
}

static bool is_mark(char c)
{
    return c == '/' || c == '.' || c == '-' || c == '?' || c == '&' || c == '=' || c == '#' ||
           c == '@' || c == ':' || c == '_' || c == '~' || c == '%' || c == '+';
}

static size_t find(const char *w, size_t from, size_t to, const char *set)
{
    for (size_t i = from; i < to; i++)
        if (strchr(set, w[i]))
            return i;
    return to;
}

void bc_url_breaks(const char *w, size_t n, int *pen)
{
    for (size_t i = 0; i <= n; i++)
        pen[i] = BC_LB_FORBID;
    /* The URL proper: without an opening bracket or quote before it, or
     * closing punctuation after it (a sentence's ',' or '.'). */
    size_t a = 0, b = n;
    while (a < n && strchr("(<[\"'", w[a]))
        a++;
    while (b > a && strchr(".,;:!?)>]\"'", w[b - 1]))
        b--;
    if (b <= a + 1)
        return;
    /* Scheme, host, path, query. */
    size_t scheme_end = a, host = a;
    for (size_t i = a; i + 2 < b; i++)
        if (w[i] == ':' && w[i + 1] == '/' && w[i + 2] == '/') {
            scheme_end = host = i + 3;
            break;
        }
    size_t host_end = find(w, host, b, "/?#");
    size_t at = scheme_end == a ? find(w, a, host_end, "@") : host_end;
    bool mail = at < host_end;
    size_t query = find(w, host_end, b, "?#");
    for (size_t i = a + 1; i < b; i++) {
        char p = w[i - 1], c = w[i];
        int v = BC_LB_FORBID;
        if (scheme_end > a && i <= scheme_end) {
            if (i == scheme_end)
                v = URL_SLASH; /* https://|baocao... */
        } else if (is_mark(p) && is_mark(c)) {
            v = BC_LB_FORBID; /* inside "//", "?&", ".-" */
        } else if (p == '-') {
            v = URL_HYPHEN;
        } else if (mail && i <= at) {
            if (c == '.' || c == '@')
                v = URL_DOT; /* nguyen.van|.a|@khanhhoa.gov.vn */
        } else if (i <= host_end || (mail && i > at)) {
            if (c == '.' && i < host_end)
                v = URL_HOST; /* baocao|.khanhhoa.gov.vn, never baocao.|khanhhoa */
        } else if (i <= query) {
            if (p == '/')
                v = URL_SLASH;
            else if (c == '.' || c == '#')
                v = URL_DOT;
        } else {
            if (p == '?' || p == '&' || p == '=')
                v = URL_QUERY;
            else if (p == '/')
                v = URL_SLASH;
            else if (c == '.' || c == '#')
                v = URL_DOT;
        }
        pen[i] = v;
    }
}
