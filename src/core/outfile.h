/* outfile.h - writing an output file safely: everything goes to a
 * temporary file in the target's folder, renamed over the target only
 * when complete; on failure the temporary file is removed and an existing
 * target is left untouched. */
#ifndef BC_OUTFILE_H
#define BC_OUTFILE_H

#include "error.h"

/* Creates an empty temporary file beside target; *tmp_path is new (caller
 * frees, after commit or abort). */
bc_status bc_outfile_begin(const char *target, char **tmp_path, bc_error *err);
/* Renames tmp_path to target. */
bc_status bc_outfile_commit(const char *tmp_path, const char *target, bc_error *err);
/* Removes tmp_path (NULL is fine). */
void bc_outfile_abort(const char *tmp_path);

/* Creates folder path and its missing parents (like mkdir -p). 0 on
 * success, -1 with errno set. */
int bc_mkdirs(const char *path);

#endif
