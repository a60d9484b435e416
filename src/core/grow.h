/* grow.h - room in a growable array: the capacity doubles (from a first
 * size) until the items needed fit; the size in bytes is checked against
 * overflow before realloc. */
#ifndef BC_GROW_H
#define BC_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* The realloc path of bc_grow (need > *cap). */
bool bc_grow_realloc(void *pp, size_t *cap, size_t need, size_t elem, size_t first);

/* pp is the address of the array's pointer (a T **; the array belongs to
 * the caller's struct), *cap its capacity in items of elem bytes. When
 * need items do not fit, the capacity (first when it is 0) doubles until
 * they do and the array is reallocated. Returns false - *pp and *cap
 * unchanged, the old array still valid - when the size overflows or
 * realloc fails. */
static inline bool bc_grow(void *pp, size_t *cap, size_t need, size_t elem, size_t first)
{
    return need <= *cap || bc_grow_realloc(pp, cap, need, elem, first);
}

/* bc_grow with the element size taken from the array's type: pp must be a
 * T ** (BC_GROW(&list->items, &list->cap, list->count + 1, 16)). */
#define BC_GROW(pp, cap, need, first) bc_grow((pp), (cap), (need), sizeof **(pp), (first))

#endif
