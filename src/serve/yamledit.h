/* yamledit.h - editing report.yaml in place, the way a person would.
 *
 * libyaml has no round trip (parse + emit drops comments, order of styles,
 * quoting), so the page never re-emits a report file: the file is parsed
 * into events only to learn where each key's value sits (libyaml's marks,
 * character positions turned into byte offsets), and an edit replaces just
 * those bytes. Comments, blank lines, key order and every other value stay
 * byte for byte.
 *
 * Keys are the top-level keys and the keys of a top-level mapping one level
 * down, written as a path: "so", "ky.ho-ten". A scalar is written plain
 * when YAML reads it back as the same string, else double-quoted; a list
 * keeps its style (flow [a, b] or block "- a" lines at the same indent).
 * Setting an empty value removes the key's lines; a missing key is added
 * (at the end of the file, or at the end of its parent mapping).
 *
 * Ownership: a bc_yfile owns its copy of the text and its entries
 * (bc_yfile_free); returned texts are new (caller frees). */
#ifndef BC_SERVE_YAMLEDIT_H
#define BC_SERVE_YAMLEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum bc_yval_kind {
    BC_YV_SCALAR = 0,
    BC_YV_FLOW_SEQ,
    BC_YV_BLOCK_SEQ,
    BC_YV_FLOW_MAP,
    BC_YV_BLOCK_MAP,
    BC_YV_OTHER       /* alias, nested deeper than the form edits */
} bc_yval_kind;

typedef struct bc_yentry {
    char *path;           /* "so", "ky.ho-ten" */
    int depth;            /* 0 = top level, 1 = inside a top-level mapping */
    size_t key_start;     /* byte offset of the key */
    int key_line;         /* 1-based line of the key */
    int key_column;       /* 0-based column of the key */
    bc_yval_kind kind;
    size_t val_start, val_end; /* the value's bytes (block sequence: first '-'
                                  to the end of the last item) */
    int val_column;       /* 0-based column where the value starts */
    int last_line;        /* 1-based last line of the value */
    char *scalar;         /* SCALAR: the value as YAML reads it */
    char **items;         /* sequences whose items are all scalars */
    size_t nitems;
    bool items_scalar;    /* every item is a scalar */
} bc_yentry;

typedef struct bc_yfile {
    char *text;
    size_t len;
    bc_yentry *e;
    size_t n;
} bc_yfile;

/* Parses text (name for messages). The document must be one mapping.
 * Errors: BC_E_INPUT at the line and column libyaml names. */
bc_status bc_yfile_parse(const char *text, size_t len, const char *name, bc_yfile *out,
                        bc_error *err);
void bc_yfile_free(bc_yfile *d);
/* The entry for path, or NULL. */
const bc_yentry *bc_yfile_find(const bc_yfile *d, const char *path);

/* The text with path's value replaced: a scalar (value; NULL or "" removes
 * the key) or, with is_list, items[0..n) (n == 0 removes the key). *out is
 * new (caller frees), *out_len its length. BC_E_USAGE when path's place
 * cannot be edited in place (e.g. its parent is not a block mapping). */
bc_status bc_yfile_set(const bc_yfile *d, const char *path, bool is_list, const char *value,
                      const char *const *items, size_t n, char **out, size_t *out_len,
                      bc_error *err);

#endif
