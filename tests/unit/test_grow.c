/* bc_grow (src/core/grow.h): the capacity starts at the first size and
 * doubles until the items needed fit, the items kept; a size that would
 * overflow size_t is refused with the array and its capacity unchanged. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "grow.h"

typedef struct {
    double a, b;
} pair;

int main(void)
{
    pair *v = NULL;
    size_t cap = 0;
    CHECK(BC_GROW(&v, &cap, 1, 16));
    CHECK(v != NULL && cap == 16);
    for (size_t i = 0; i < 16; i++)
        v[i] = (pair){(double)i, -(double)i};
    pair *before = v;
    CHECK(BC_GROW(&v, &cap, 16, 16)); /* fits: nothing moves */
    CHECK(v == before && cap == 16);
    CHECK(BC_GROW(&v, &cap, 17, 16)); /* doubles once */
    CHECK(cap == 32);
    CHECK(BC_GROW(&v, &cap, 100, 16)); /* doubles until 100 fit: 32 -> 64 -> 128 */
    CHECK(cap == 128);
    int kept = 1;
    for (size_t i = 0; i < 16; i++)
        kept &= v[i].a == (double)i && v[i].b == -(double)i;
    CHECK(kept);
    v[127] = (pair){1, 2}; /* the whole capacity is there (ASan) */

    /* overflow: the item count doubled, or times the item size */
    before = v;
    CHECK(!BC_GROW(&v, &cap, SIZE_MAX / 2 + 2, 16));
    CHECK(v == before && cap == 128);
    CHECK(!BC_GROW(&v, &cap, SIZE_MAX / sizeof *v + 1, 16));
    CHECK(v == before && cap == 128);
    CHECK(v[3].a == 3.0);
    free(v);

    /* bytes, a first size of 0 taken as 1 */
    char *s = NULL;
    size_t scap = 0;
    CHECK(BC_GROW(&s, &scap, 5, 0));
    CHECK(s != NULL && scap == 8);
    free(s);
    return check_report();
}
