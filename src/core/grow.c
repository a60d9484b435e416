/* grow.c - room in a growable array. */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool bc_grow_realloc(void *pp, size_t *cap, size_t need, size_t elem, size_t first)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : (first ? first : 1);
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return false;
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem)
        return false;
    /* the pointer is read and written as bytes: pp points at a T *, not a
     * void * (no aliasing of one pointer type through another) */
    void *old;
    memcpy(&old, pp, sizeof old);
    void *p = realloc(old, n * elem);
    if (!p)
        return false;
    memcpy(pp, &p, sizeof p);
    *cap = n;
    return true;
}
