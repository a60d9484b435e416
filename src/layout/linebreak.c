/* linebreak.c - total-fit paragraph breaking over boxes and glue. */
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>

#define NCLASS 4
#define LINE_PENALTY 10.0
#define ADJ_DEMERITS 3000.0 /* neighbours two fitness classes apart */
#define MAX_RATIO 1000.0
#define PIECES_RATIO 3.0 /* a glue-less line of pieces, when empty (line_ratio) */
#define EPS 0.01
#define LOOSE_LINE 1e5 /* badness added to a line beyond the tolerance */

typedef struct sums {
    double *w, *g, *y, *z; /* prefix sums of width, glue, stretch, shrink */
} sums;

static void line_dims(const sums *S, size_t a, size_t b, double *nat, double *str, double *shr)
{
    *nat = S->w[b] - S->w[a];
    *str = *shr = 0;
    if (b > a + 1) {
        *nat += S->g[b] - S->g[a + 1];
        *str = S->y[b] - S->y[a + 1];
        *shr = S->z[b] - S->z[a + 1];
    }
}

static double ratio_of(double nat, double str, double shr, double w)
{
    if (nat <= w + EPS) {
        if (w - nat <= EPS)
            return 0;
        return str > 0 ? fmin((w - nat) / str, MAX_RATIO) : MAX_RATIO;
    }
    return shr > 0 ? -(nat - w) / shr : -MAX_RATIO;
}

double bc_lb_ratio(const bc_lb_item *items, size_t a, size_t b, double w)
{
    double nat = 0, str = 0, shr = 0;
    for (size_t i = a; i < b; i++) {
        nat += items[i].width;
        if (i > a) {
            nat += items[i].glue;
            str += items[i].stretch;
            shr += items[i].shrink;
        }
    }
    return ratio_of(nat, str, shr, w);
}

/* The stretch ratio of the line of boxes [a, b). A line of two or more
 * boxes with nothing to stretch is the pieces of one token (a long URL):
 * it stays short, no worse than a ragged line, so it is rated by how short
 * it is (PIECES_RATIO when empty) - the fuller of two such lines wins, and
 * a URL's own line is not avoided by leaving a hole at the end of a line
 * of words. A single word alone stays MAX_RATIO. */
static double line_ratio(const sums *S, size_t a, size_t b, double w, double *nat, double *str,
                         double *shr)
{
    line_dims(S, a, b, nat, str, shr);
    if (b > a + 1 && *str <= 0 && *nat < w - EPS && w > 0)
        return PIECES_RATIO * (w - *nat) / w;
    return ratio_of(*nat, *str, *shr, w);
}

static int fitness(double r)
{
    if (r < -0.5)
        return 0;
    if (r <= 0.5)
        return 1;
    if (r <= 1.0)
        return 2;
    return 3;
}

static bool breakable(const bc_lb_item *items, size_t n, size_t i)
{
    return i == 0 || i == n || (items[i].can_break && items[i].penalty < BC_LB_FORBID);
}

/* One pass; false when no set of breaks reaches the end. */
static bool run(const bc_lb_item *items, size_t n, const bc_lb_params *p, const sums *S,
                double tol, double *best, size_t *prev, size_t *starts, bc_lb_result *res)
{
    size_t ns = (n + 1) * NCLASS;
    for (size_t i = 0; i < ns; i++) {
        best[i] = INFINITY;
        prev[i] = (size_t)-1;
    }
    best[0 * NCLASS + 1] = 0;
    for (size_t e = 1; e <= n; e++) {
        if (!breakable(items, n, e) || (e < n && isfinite(tol) && items[e].penalty >= BC_LB_LAST_RESORT))
            continue;
        bool last = e == n;
        for (size_t s = e; s-- > 0;) {
            if (!breakable(items, n, s))
                continue;
            double w = s == 0 ? p->first_width : p->rest_width;
            double nat, str, shr;
            double r = line_ratio(S, s, e, w, &nat, &str, &shr);
            bool single = e == s + 1;
            bool fits = p->mode == BC_LB_JUSTIFY ? nat - shr <= w + EPS : nat <= w + EPS;
            if (!fits && !single)
                break; /* longer lines only get wider */
            double b = 0;
            int cls = 1;
            if (!fits) {
                b = 1e6; /* over-wide box alone: caller reports it */
            } else if (p->mode == BC_LB_JUSTIFY) {
                if (last && r > 0)
                    r = 0;
                if (r > tol)
                    continue;
                double ar = fabs(r);
                b = 100 * ar * ar * ar;
                /* Second pass: as few lines beyond the tolerance as possible,
                 * then the least loose of them. */
                if (r > p->tolerance)
                    b += LOOSE_LINE;
                cls = fitness(r);
            } else {
                double slack = w > 0 ? 100 * (w - nat) / w : 0;
                if (!last || p->mode == BC_LB_BALANCE)
                    b = p->mode == BC_LB_BALANCE ? slack * slack : slack * slack / 10;
            }
            double d;
            if (p->mode == BC_LB_BALANCE)
                d = 1e8 + b;
            else
                d = (LINE_PENALTY + b) * (LINE_PENALTY + b);
            if (!last && items[e].penalty > 0)
                d += (double)items[e].penalty * items[e].penalty;
            if (last && single && n > 1)
                d += p->last_word_cost;
            for (int c = 0; c < NCLASS; c++) {
                double base = best[s * NCLASS + c];
                if (!isfinite(base))
                    continue;
                double t = base + d;
                /* not for the last line, which never stretches: a paragraph
                 * would otherwise take a line more to escape the demerits,
                 * leaving two lines that fit in one (Pango then sets them as
                 * one: the plan is lost) */
                if (s > 0 && !last && abs(c - cls) > 1)
                    t += ADJ_DEMERITS;
                size_t k = e * NCLASS + (size_t)cls;
                if (t < best[k]) {
                    best[k] = t;
                    prev[k] = s * NCLASS + (size_t)c;
                }
            }
        }
    }
    size_t endk = (size_t)-1;
    for (int c = 0; c < NCLASS; c++) {
        size_t k = n * NCLASS + (size_t)c;
        if (isfinite(best[k]) && (endk == (size_t)-1 || best[k] < best[endk]))
            endk = k;
    }
    if (endk == (size_t)-1)
        return false;
    size_t nl = 0;
    for (size_t k = endk; k / NCLASS != 0; k = prev[k])
        nl++;
    res->nlines = nl;
    starts[nl] = n;
    size_t li = nl;
    for (size_t k = endk; k / NCLASS != 0; k = prev[k])
        starts[--li] = prev[k] / NCLASS;
    res->worst_ratio = 0;
    res->overfull = false;
    for (size_t l = 0; l < nl; l++) {
        double w = l == 0 ? p->first_width : p->rest_width;
        double nat, str, shr;
        double r = line_ratio(S, starts[l], starts[l + 1], w, &nat, &str, &shr);
        if (nat - (p->mode == BC_LB_JUSTIFY ? shr : 0) > w + EPS)
            res->overfull = true;
        if (p->mode == BC_LB_JUSTIFY && l + 1 < nl) {
            if (r > res->worst_ratio)
                res->worst_ratio = r;
        }
    }
    return true;
}

bool bc_linebreak(const bc_lb_item *items, size_t n, const bc_lb_params *p, size_t *starts,
                  bc_lb_result *res)
{
    res->nlines = 0;
    res->worst_ratio = 0;
    res->overfull = false;
    if (n == 0) {
        starts[0] = 0;
        return true;
    }
    sums S;
    S.w = malloc(4 * (n + 1) * sizeof(double));
    double *best = malloc((n + 1) * NCLASS * sizeof *best);
    size_t *prev = malloc((n + 1) * NCLASS * sizeof *prev);
    if (!S.w || !best || !prev) {
        free(S.w);
        free(best);
        free(prev);
        return false;
    }
    S.g = S.w + (n + 1);
    S.y = S.g + (n + 1);
    S.z = S.y + (n + 1);
    S.w[0] = S.g[0] = S.y[0] = S.z[0] = 0;
    for (size_t i = 0; i < n; i++) {
        S.w[i + 1] = S.w[i] + items[i].width;
        S.g[i + 1] = S.g[i] + items[i].glue;
        S.y[i + 1] = S.y[i] + items[i].stretch;
        S.z[i + 1] = S.z[i] + items[i].shrink;
    }
    bool ok = p->mode == BC_LB_JUSTIFY &&
              run(items, n, p, &S, p->tolerance, best, prev, starts, res);
    if (!ok)
        ok = run(items, n, p, &S, INFINITY, best, prev, starts, res);
    if (!ok) {
        /* Unreachable in practice (a box alone always fits as overfull):
         * one box per line. */
        for (size_t i = 0; i <= n; i++)
            starts[i] = i;
        res->nlines = n;
        res->overfull = true;
    }
    free(S.w);
    free(best);
    free(prev);
    return true;
}
