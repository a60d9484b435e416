/* urlbreak.h - where a URL or e-mail address written in running text may
 * break over lines, and how much each break costs the line breaker. */
#ifndef BC_URLBREAK_H
#define BC_URLBREAK_H

#include <stdbool.h>
#include <stddef.h>

/* True when the token w[0..n) (no spaces) is a URL (scheme://, www.,
 * host.name/path) or an e-mail address. A document code (4034/QĐ-UBND,
 * 55/2022/QH15) is not. */
bool bc_url_is(const char *w, size_t n);

/* The penalties of breaking URL token w[0..n) before each byte: pen[i] for
 * 0 < i < n (pen has n + 1 entries; pen[0] and pen[n] are set to
 * BC_LB_FORBID like every other place the URL may not break). Cheapest
 * after "//" and after a path's '/', then after '?', '&', '=' of the query,
 * then before a dot of the path, then before a dot of the host name; any
 * '-' only as a last resort (a penalty >= BC_LB_LAST_RESORT, linebreak.h);
 * never after a dot, inside "https://", between two marks ("//", "?&") or
 * before trailing punctuation. */
void bc_url_breaks(const char *w, size_t n, int *pen);

#endif
