/* scratch.h - a temporary file for bytes too many to keep in memory (a
 * PDF writer's output before the finish reads it back, pdfa.h).
 *
 * The file is made unlinked in $TMPDIR (else /tmp): O_TMPFILE, or a fresh
 * name removed at once. It has no name on the disk from the start, so it
 * goes away when it is closed or the process ends, on every path (errors,
 * signals, crashes) with no clean-up list. Bytes are appended in order
 * (buffered), then read back at any offset with pread: memory holds the
 * 64 KiB write buffer and nothing else.
 *
 * Errors are sticky: a failed write or read makes every later call fail,
 * and bc_scratch_error says why (BC_E_OUTPUT, the folder and the reason in
 * Vietnamese: "ổ đĩa đầy"). Owned by whoever made it (bc_scratch_free). */
#ifndef BC_SCRATCH_H
#define BC_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct bc_scratch bc_scratch;

/* A new, empty temporary file. BC_E_OUTPUT when it cannot be made (the
 * folder and the reason), BC_E_NOMEM. */
bc_status bc_scratch_new(bc_scratch **out, bc_error *err);
void bc_scratch_free(bc_scratch *s);

/* Appends bytes; false on failure (then for every later call). */
bool bc_scratch_write(bc_scratch *s, const void *data, size_t len);
/* Bytes written so far. */
uint64_t bc_scratch_size(const bc_scratch *s);
/* Reads len bytes at off into buf (pending writes are flushed first).
 * false: off + len is past the end, or the read failed. */
bool bc_scratch_read(bc_scratch *s, uint64_t off, void *buf, size_t len);
/* When a write or read has failed: sets err (when not NULL) and returns
 * true. */
bool bc_scratch_error(const bc_scratch *s, bc_error *err);

#endif
