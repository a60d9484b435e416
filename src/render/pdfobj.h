/* pdfobj.h - one PDF object of our own writers' files (cairo 1.16's), read
 * strictly into a small tree and printed again the way qpdf 11 prints it
 * (QPDFObjectHandle::unparse): the finish (pdfa.h) rewrites the catalog,
 * the Info dictionary, pages and CID fonts with it, and the files it wrote
 * while qpdf printed them stay the same byte for byte.
 *
 * The printed form: a dictionary "<< /Key value /Key value >>" with its
 * keys sorted (bytewise, as decoded) and the keys whose value is null left
 * out; an array "[ a b ]"; integers in their shortest decimal form; reals
 * as they were written; names with the bytes below 33 or above 126 and the
 * delimiters as "#xx" (lower case); references "N 0 R"; strings as
 * bc_pdfobj_string prints them.
 *
 * Read strictly: direct objects only (no streams), references "N 0 R"
 * with 0 < N < max_id, literal strings without a raw CR or a backslash at a
 * line's end, octal escapes of three digits, names without "#00", no
 * repeated dictionary key, nesting at most 32 deep, integers of at most 18
 * digits, comments as white space. Anything else is refused (NULL): the
 * caller reports the file as not what it expected and writes nothing.
 *
 * Ownership: a bc_pdfobj is the caller's (bc_pdfobj_free); the text parsed
 * is borrowed only during bc_pdfobj_parse. No global state. */
#ifndef BC_PDFOBJ_H
#define BC_PDFOBJ_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

typedef struct bc_pdfobj bc_pdfobj;

/* The object t[0 .. n) (white space and comments around it allowed).
 * NULL: refused, or out of memory (*oom set; may be NULL). */
bc_pdfobj *bc_pdfobj_parse(const char *t, size_t n, int max_id, bool *oom);
/* Frees o (NULL is allowed). */
void bc_pdfobj_free(bc_pdfobj *o);

/* Whether o is a dictionary. */
bool bc_pdfobj_is_dict(const bc_pdfobj *o);
/* Whether dictionary o has key ("/Annots") with a value other than null. */
bool bc_pdfobj_has(const bc_pdfobj *o, const char *key);
/* Whether key's value is the name name ("/Font"). */
bool bc_pdfobj_name_is(const bc_pdfobj *o, const char *key, const char *name);
/* key removed from dictionary o (nothing when absent). */
void bc_pdfobj_remove(bc_pdfobj *o, const char *key);
/* key of dictionary o set to a value given in its printed form (v[0 .. vn):
 * "/S", "12", a string from bc_pdfobj_string); replaces the old value.
 * false: out of memory (o unchanged). */
bool bc_pdfobj_set(bc_pdfobj *o, const char *key, const char *v, size_t vn);

/* Reading values: nodes are numbers, 0 the object itself; -1 none.
 * The value of key in dictionary node d (-1: absent, null, or d not a
 * dictionary). */
int bc_pdfobj_get(const bc_pdfobj *o, int d, const char *key);
/* Node k as a reference "N 0 R": N; 0 when it is not one. */
int bc_pdfobj_ref(const bc_pdfobj *o, int k);
/* Node k as an integer; false when it is not one. */
bool bc_pdfobj_int(const bc_pdfobj *o, int k, long long *v);
/* Whether node k is a dictionary. */
bool bc_pdfobj_dict_at(const bc_pdfobj *o, int k);
/* Node k as a string: its bytes (decoded, *n of them, not NUL-terminated;
 * valid until o changes), NULL when it is not one. */
const char *bc_pdfobj_str(const bc_pdfobj *o, int k, size_t *n);
/* Array node k's first element (-1: empty or not an array); an element's
 * next one (-1: the last). */
int bc_pdfobj_first(const bc_pdfobj *o, int k);
int bc_pdfobj_next(const bc_pdfobj *o, int k);

/* o printed (appended to b); open: a dictionary without its closing
 * ">>" (the space before it stays), to add keys. false: out of memory
 * (b->oom) or open on a non-dictionary. */
bool bc_pdfobj_print(const bc_pdfobj *o, bool open, bc_buf *b);

/* The string of bytes s[0 .. n) as qpdf prints it, appended to b: hex
 * ("<feff...>") when a control character other than \n \r \t \b \f is in it
 * or more than a fifth of its bytes are not ASCII, else literal with
 * ( ) \ and those five escaped and bytes not ISO Latin-1 printable as
 * three-digit octal. */
void bc_pdfobj_string(bc_buf *b, const char *s, size_t n);

#endif
