/* outguard.h - an output never overwrites an input.
 *
 * A command lists every file it reads (with the report.yaml field or
 * option that named it), then checks its output paths against the list
 * before doing any work: the same file (device + inode when it exists,
 * else the same resolved path) is refused with BC_E_USAGE naming both.
 *
 * Ownership: a bc_inputs is the caller's (bc_inputs_free); it copies the
 * strings it is given. */
#ifndef BC_OUTGUARD_H
#define BC_OUTGUARD_H

#include <stddef.h>

#include "error.h"

typedef struct bc_input_item {
    char *path;
    char *field;   /* "noi-dung", "so-lieu", "--so-voi" ... */
} bc_input_item;

typedef struct bc_inputs {
    bc_input_item *items;
    size_t count, cap;
    int oom;
} bc_inputs;

#define BC_INPUTS_INIT {NULL, 0, 0, 0}

/* Adds path (NULL is ignored). */
void bc_inputs_add(bc_inputs *in, const char *path, const char *field);
/* Refuses (BC_E_USAGE) an output file that is one of the inputs, and a
 * preview folder (png_dir, may be NULL) that is an input file or holds an
 * input named like a preview (trang-NNN.png). output may be NULL. */
bc_status bc_inputs_check_output(const bc_inputs *in, const char *output, const char *png_dir,
                                 bc_error *err);
void bc_inputs_free(bc_inputs *in);

#endif
