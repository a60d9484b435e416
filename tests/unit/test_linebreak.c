/* test_linebreak.c - total-fit line breaking (src/layout/linebreak.c). */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "linebreak.h"

static void words(bc_lb_item *it, size_t n, const double *w, double glue)
{
    for (size_t i = 0; i < n; i++)
        it[i] = (bc_lb_item){.width = w[i],
                             .glue = i ? glue : 0,
                             .stretch = i ? glue / 2 : 0,
                             .shrink = i ? glue / 2 : 0,
                             .can_break = i > 0};
}

int main(void)
{
    bc_lb_item it[32];
    size_t st[33];
    bc_lb_result r;

    /* Justified: every line but the last within the tolerance. */
    {
        const double w[] = {30, 30, 30, 45, 40, 10};
        words(it, 6, w, 5);
        bc_lb_params p = {.first_width = 100, .rest_width = 100, .mode = BC_LB_JUSTIFY,
                          .tolerance = 1.0};
        CHECK(bc_linebreak(it, 6, &p, st, &r));
        CHECK(!r.overfull);
        CHECK(r.worst_ratio <= 1.0);
        for (size_t l = 0; l + 1 < r.nlines; l++)
            CHECK(fabs(bc_lb_ratio(it, st[l], st[l + 1], 100)) <= 1.0);
        CHECK(st[0] == 0 && st[r.nlines] == 6);
    }
    /* A forbidden break is never taken, even when it costs a loose line. */
    {
        const double w[] = {20, 20, 20, 20, 20, 20, 20, 20};
        words(it, 8, w, 5);
        it[4].penalty = BC_LB_FORBID;
        bc_lb_params p = {.first_width = 100, .rest_width = 100, .mode = BC_LB_JUSTIFY,
                          .tolerance = 1.0};
        CHECK(bc_linebreak(it, 8, &p, st, &r));
        for (size_t l = 0; l <= r.nlines; l++)
            CHECK(st[l] != 4);
    }
    /* Balanced: fewest lines, similar lengths, the last not a lone word. */
    {
        const double w[] = {30, 30, 30, 30, 30, 30, 30};
        words(it, 7, w, 5);
        bc_lb_params p = {.first_width = 100, .rest_width = 100, .mode = BC_LB_BALANCE};
        CHECK(bc_linebreak(it, 7, &p, st, &r));
        CHECK(r.nlines == 3);
        for (size_t l = 0; l < r.nlines; l++)
            CHECK(st[l + 1] - st[l] >= 2);
    }
    /* Ragged: lines never stretched or overfull. */
    {
        const double w[] = {10, 70, 10, 70, 10, 70};
        words(it, 6, w, 5);
        bc_lb_params p = {.first_width = 100, .rest_width = 100, .mode = BC_LB_RAGGED};
        CHECK(bc_linebreak(it, 6, &p, st, &r));
        CHECK(!r.overfull && r.nlines == 3);
    }
    /* A box wider than the line gets a line of its own and is reported. */
    {
        const double w[] = {10, 150, 10};
        words(it, 3, w, 5);
        bc_lb_params p = {.first_width = 100, .rest_width = 100, .mode = BC_LB_JUSTIFY,
                          .tolerance = 1.0};
        CHECK(bc_linebreak(it, 3, &p, st, &r));
        CHECK(r.overfull);
        CHECK(r.nlines == 3);
    }
    /* Indented first line: narrower first width is honoured. */
    {
        const double w[] = {20, 20, 20, 20, 20, 20, 20, 20};
        words(it, 8, w, 5);
        bc_lb_params p = {.first_width = 70, .rest_width = 100, .mode = BC_LB_JUSTIFY,
                          .tolerance = 1.0};
        CHECK(bc_linebreak(it, 8, &p, st, &r));
        CHECK(st[1] == 3); /* 3 x 20 + 2 x 5 = 70 */
    }
    /* Empty paragraph. */
    {
        bc_lb_params p = {.first_width = 100, .rest_width = 100, .mode = BC_LB_JUSTIFY};
        CHECK(bc_linebreak(it, 0, &p, st, &r));
        CHECK(r.nlines == 0);
    }
    return check_report();
}
