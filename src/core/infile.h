/* infile.h - the one way libbaocao reads an input file.
 *
 * Only regular files are read: a folder, FIFO, device or socket named as
 * an input is refused at once (a FIFO is opened non-blocking, so nothing
 * waits for a writer). A file larger than any report needs is refused
 * before it is read, naming the limit:
 *   report.yaml, du-thao.yaml, review notes (gop-y)     1 MiB
 *   the narrative (Markdown)                            8 MiB
 *   data files (CSV, indicator YAML, table specs)     256 MiB
 * Messages are Vietnamese, with the reason in words (bc_errno_vi).
 *
 * "Confined" reading resolves a path under a root folder: the folders on
 * the way are resolved (realpath) and must stay inside the root, and the
 * last component is never followed if it is a symlink (O_NOFOLLOW).
 * Used for paths written inside files (baocao moi, draft inputs) so that a
 * link in a report folder never reads a file elsewhere on the machine.
 *
 * In-memory inputs (bc_render_report with bc_render_opts.files): while a
 * set of bc_memfile (baocao.h) is installed for the calling thread
 * (bc_infile_mem_begin .. bc_infile_mem_end, around one library call),
 * every read above of a relative path is served from the set, with the
 * same size limits, and never from the disk (a name missing from the set
 * is BC_E_INPUT naming it); absolute paths (the data folder) still read
 * the disk. bc_infile_open hands such a file over as an anonymous memory
 * file (memfd). This per-thread slot is the library's only thread state; it
 * is restored when the call ends.
 *
 * Ownership: every returned buffer or string is new; the caller frees it. */
#ifndef BC_INFILE_H
#define BC_INFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

typedef enum bc_infile_kind {
    BC_IN_REPORT = 0, /* report.yaml and other small YAML: 1 MiB */
    BC_IN_TEXT,       /* narrative: 8 MiB */
    BC_IN_DATA        /* data: 256 MiB */
} bc_infile_kind;

/* The size limit of a kind, in bytes. */
size_t bc_infile_limit(bc_infile_kind kind);

/* Reads the whole regular file at path. *out is NUL-terminated (caller
 * frees); *len (may be NULL) excludes the NUL. Errors: BC_E_INPUT with
 * path as the file, BC_E_NOMEM. */
bc_status bc_infile_read(const char *path, bc_infile_kind kind, char **out, size_t *len,
                         bc_error *err);

/* Opens the regular file at path for reading (same checks). *fd is the
 * caller's to close. */
bc_status bc_infile_open(const char *path, bc_infile_kind kind, int *fd, bc_error *err);

/* The memory set of the calling thread, saved and restored by begin/end. */
typedef struct bc_infile_mem_scope {
    const bc_memfile *files; /* borrowed; NULL = none */
    size_t n;
    const char *const *roots; /* borrowed, NULL-terminated; NULL = read anywhere */
} bc_infile_mem_scope;

/* Installs files[0..n) (borrowed: valid until bc_infile_mem_end) for the
 * calling thread; *saved gets the previous set. */
void bc_infile_mem_begin(const bc_memfile *files, size_t n, bc_infile_mem_scope *saved);
/* Restores the set saved by bc_infile_mem_begin. */
void bc_infile_mem_end(const bc_infile_mem_scope *saved);
/* A memory set is installed for this thread. */
bool bc_infile_mem_active(void);

/* Confines every read from the disk on the calling thread (memory-set
 * files are not on the disk) to the folders roots[] (borrowed,
 * NULL-terminated, valid until bc_infile_mem_end(saved)): the file's real
 * path (folders and links resolved) must be one of them or below one, else
 * BC_E_INPUT (code BC_EC_OPEN) naming the file. For a page that renders
 * files other people wrote (bc_render_opts.confine_root): a report.yaml
 * naming /etc/passwd or ../../x as its data reads nothing. The memory set,
 * if any, stays installed. */
void bc_infile_roots_begin(const char *const *roots, bc_infile_mem_scope *saved);

/* What is at path for a reader: BC_PATH_DIR, BC_PATH_FILE (anything else
 * that exists: reading it refuses what is not a regular file, saying so)
 * or BC_PATH_NONE. With a memory set installed a relative path is looked
 * up in the set, never on the disk (a folder: a file of the set lies below
 * it), so an optional input (du-thao.yaml) comes from the report's own
 * files, not from whatever the current folder holds. */
typedef enum bc_path_kind { BC_PATH_NONE = 0, BC_PATH_FILE, BC_PATH_DIR } bc_path_kind;
bc_path_kind bc_infile_kind_of(const char *path);

/* Resolves path (relative to the current folder, or absolute) inside
 * root: its folder must resolve to root or below, and its last component
 * must not be a symlink. *resolved is the real folder + the last
 * component (caller frees). Errors name path and root (BC_E_INPUT). */
bc_status bc_infile_confine(const char *root, const char *path, char **resolved, bc_error *err);

/* bc_infile_read of a path confined to root (see above). */
bc_status bc_infile_read_confined(const char *root, const char *path, bc_infile_kind kind,
                                  char **out, size_t *len, bc_error *err);

/* True when a and b name the same file: the same device and inode when
 * both exist, else the same resolved path (folder resolved, last
 * component as written). */
bool bc_path_same(const char *a, const char *b);

/* The resolved form of path (real folder + last component), whether or
 * not the last component exists; NULL if its folder does not exist.
 * Caller frees. */
char *bc_path_resolve(const char *path);

/* The folder part of path as written: "." without a '/', "/" for a file
 * at the root. *base (base may be NULL) points at the last component in
 * path. Caller frees; NULL when out of memory. */
char *bc_path_dir(const char *path, const char **base);

/* What a non-regular file is, in words for a message ("một thư mục", "một
 * đường ống (FIFO)", ...), from its st_mode. Static string. */
const char *bc_file_kind_name(mode_t mode);

#endif
