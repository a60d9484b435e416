/* yamltree.h - a YAML file as a small tree with source positions.
 *
 * libyaml parses; this module keeps scalars, sequences and mappings with
 * their line/column so every later error can point into the file. Aliases
 * and tags are not supported (an error says so). Scalars are NFC UTF-8. */
#ifndef BC_YAMLTREE_H
#define BC_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum bc_ynode_kind { BC_Y_SCALAR, BC_Y_SEQ, BC_Y_MAP } bc_ynode_kind;

typedef struct bc_ynode bc_ynode;
struct bc_ynode {
    bc_ynode_kind kind;
    int line, column;     /* 1-based start of the node */
    char *value;          /* BC_Y_SCALAR: the text */
    bool quoted;          /* scalar was quoted ('...' or "...") */
    /* BC_Y_SEQ: items; BC_Y_MAP: keys[i] -> items[i] */
    bc_ynode **items;
    bc_ynode **keys;
    size_t count;
};

typedef struct bc_ydoc {
    char *file;           /* path used in messages */
    bc_ynode *root;       /* NULL for an empty file */
} bc_ydoc;

/* Parses path. On success *out is a new document (free with
 * bc_ydoc_free). Errors: BC_E_INPUT with file:line:column and a
 * Vietnamese explanation (tabs, bad indentation, invalid UTF-8 ...). */
bc_status bc_ydoc_load(const char *path, bc_ydoc **out, bc_error *err);
/* Same, from a buffer; name is used in messages. */
bc_status bc_ydoc_parse(const char *data, size_t len, const char *name, bc_ydoc **out,
                        bc_error *err);
void bc_ydoc_free(bc_ydoc *doc);

/* Mapping lookup; NULL when absent or map is not a mapping. */
bc_ynode *bc_ymap_get(const bc_ynode *map, const char *key);

/* Checks that every key of map is in allowed (NULL-terminated). An
 * unknown key is an error naming the nearest allowed key. */
bc_status bc_ymap_check_keys(const bc_ydoc *doc, const bc_ynode *map,
                             const char *const *allowed, bc_error *err);

/* Typed getters. They return BC_OK and leave *out untouched when the key
 * is absent and !required; an error (naming the key and the expected
 * type) otherwise. Strings are copies: caller frees. */
bc_status bc_ymap_string(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                         bool required, char **out, bc_error *err);
bc_status bc_ymap_number(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                         bool required, double *out, bc_error *err);
bc_status bc_ymap_bool(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                       bool required, bool *out, bc_error *err);
/* A scalar or a sequence of scalars, as a NULL-terminated string array
 * (caller frees with bc_strv_free). */
bc_status bc_ymap_strings(const bc_ydoc *doc, const bc_ynode *map, const char *key,
                          bool required, char ***out, size_t *count, bc_error *err);
void bc_strv_free(char **v);

/* Levenshtein distance on code points, for "did you mean" suggestions. */
size_t bc_edit_distance(const char *a, const char *b);
/* The candidate nearest to word (NULL-terminated list), or NULL when none
 * is reasonably close. */
const char *bc_nearest(const char *word, const char *const *candidates);

#endif
