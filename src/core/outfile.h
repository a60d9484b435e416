/* outfile.h - the one way libbaocao (and the baocao command) writes an
 * output file: all or nothing.
 *
 * Bytes go to a temporary file "<target>.tmp-XXXXXX" in the target's
 * folder (created with O_EXCL and mode 0666, so the kernel applies the
 * umask; nothing toggles the process umask). Every write is checked;
 * commit flushes, fsyncs and closes the file, renames it over the target
 * and fsyncs the folder, so a crash or power cut leaves the old file or
 * the new one, never half of one. On any failure the temporary file is
 * removed, the target is left as it was, and the error (BC_E_OUTPUT) names
 * the path and the reason in Vietnamese ("ổ đĩa đầy").
 *
 * Temporary paths are reported to the caller's hooks (bc_tmp_hooks) when
 * they appear and disappear, so a program can remove them when a signal
 * stops it; the library keeps no global list itself.
 *
 * Ownership: a bc_outfile is owned by whoever opened it until commit or
 * abort, which both free it. */
#ifndef BC_OUTFILE_H
#define BC_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* bc_tmp_hooks (temporary paths told to the caller) is in baocao.h. */
typedef struct bc_outfile bc_outfile;

/* Checks the target and starts its temporary file. Refused (BC_E_OUTPUT):
 * the target's folder does not exist (the folder is named), the target
 * exists and is not a regular file (folder, FIFO, device, symlink). If the
 * target exists, the new file gets its permission bits. hooks may be NULL. */
bc_status bc_outfile_open(const char *target, const bc_tmp_hooks *hooks, bc_outfile **out,
                          bc_error *err);
/* An output that hands its bytes to write(ctx, ...) (baocao.h, bc_write_fn)
 * instead of a file: same buffering and error reporting; commit sends the
 * last bytes, abort sends nothing more (the caller discards what it got).
 * name (may be NULL: "(bộ nhớ)") stands for the target in messages. */
bc_status bc_outfile_to_callback(bc_write_fn write, void *ctx, const char *name,
                                 bc_outfile **out, bc_error *err);
/* The checks of bc_outfile_open alone, to refuse before any work. */
bc_status bc_outfile_check(const char *target, bc_error *err);
/* Appends bytes (buffered). On failure the error is kept in f and reported
 * by commit; returns false then and for every later call. */
bool bc_outfile_write(bc_outfile *f, const void *data, size_t len);
/* When a write has failed: sets err (the path and the reason) and returns
 * true; false otherwise. */
bool bc_outfile_error(const bc_outfile *f, bc_error *err);
/* The target path (borrowed). */
const char *bc_outfile_target(const bc_outfile *f);
/* Finishes: final flush, fsync, close, rename, fsync of the folder. Frees
 * f. On failure nothing is left at the temporary path and the target is
 * unchanged. */
bc_status bc_outfile_commit(bc_outfile *f, bc_error *err);
/* Drops the temporary file; the target is unchanged. Frees f; NULL is fine. */
void bc_outfile_abort(bc_outfile *f);

/* Writes a whole file at once (open + write + commit). */
bc_status bc_outfile_write_all(const char *target, const void *data, size_t len,
                               const bc_tmp_hooks *hooks, bc_error *err);

/* Checks that an output folder (--png) exists or can be made, and is a
 * folder; creates it and its missing parents (like mkdir -p). */
bc_status bc_outdir_prepare(const char *path, bc_error *err);

/* Creates folder path and its missing parents (like mkdir -p). 0 on
 * success, -1 with errno set. */
int bc_mkdirs(const char *path);

/* Creates a fresh temporary folder beside target ("<target>.tmp-XXXXXX"),
 * reported to hooks. *tmp is new (caller frees). */
bc_status bc_outdir_begin(const char *target, const bc_tmp_hooks *hooks, char **tmp,
                          bc_error *err);
/* Renames the finished temporary folder to target (which must not exist,
 * or be an empty folder) and fsyncs the parent. On failure the temporary
 * folder is left for the caller to remove (bc_outdir_abort). */
bc_status bc_outdir_commit(const char *tmp, const char *target, const bc_tmp_hooks *hooks,
                           bc_error *err);
/* Removes the temporary folder and what is directly in it or in its
 * sub-folders (what the caller wrote there). */
void bc_outdir_abort(const char *tmp, const bc_tmp_hooks *hooks);

#endif
