/* pdfdict.h - a small, strict reader of the few PDF dictionaries the
 * finish (pdfa.h) reads itself in the files our own writers make (cairo's
 * and libharu's): the page tree, the pages and their content streams'
 * dictionaries. It finds a key's value at the dictionary's own level
 * (nested dictionaries, arrays, strings and hex strings are stepped over)
 * and reads the few value kinds needed: a reference "N 0 R", an integer,
 * a name, an array of numbers, an array of references. Comments count as
 * white space (cairo writes "/Type /Page % 1"). Anything else (unbalanced
 * nesting, a key that is not a name, a value of
 * another kind) is refused: the caller reports the file as not what it
 * expected and writes nothing.
 *
 * Text is borrowed, never NUL-terminated by contract; positions are byte
 * offsets into it. No allocation. */
#ifndef BC_PDFDICT_H
#define BC_PDFDICT_H

#include <stdbool.h>
#include <stddef.h>

/* The value of key ("/Contents") in the dictionary starting at t[0] (white
 * space first is allowed): t[*vs .. *ve). 1 found, 0 not there, -1 not a
 * dictionary this reader accepts. */
int bc_pdfdict_find(const char *t, size_t n, const char *key, size_t *vs, size_t *ve);
/* Where the dictionary starting at t[0] ends (after its ">>"); 0 when it
 * is not one this reader accepts. */
size_t bc_pdfdict_end(const char *t, size_t n);

/* A value t[vs .. ve) read as "N 0 R" (*id = N > 0), an integer, a name
 * equal to name ("/Page"), or an array of 4 numbers. */
bool bc_pdfdict_ref(const char *t, size_t vs, size_t ve, int *id);
bool bc_pdfdict_int(const char *t, size_t vs, size_t ve, long long *v);
bool bc_pdfdict_name_is(const char *t, size_t vs, size_t ve, const char *name);
bool bc_pdfdict_box(const char *t, size_t vs, size_t ve, double box[4]);

/* An array of references t[vs .. ve): call with *pos = vs first; each call
 * gives the next reference's number. 1: one more in *id, 0: the array's
 * end, -1: not an array of references. */
int bc_pdfdict_next_ref(const char *t, size_t ve, size_t *pos, int *id);

#endif
