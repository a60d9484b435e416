/* workspace.h - the folder "baocao serve" serves: one folder of report
 * folders, and nothing outside it.
 *
 * Every name the page sends is one path component checked here before it
 * touches the disk: a report is a folder directly in the workspace, a file
 * is directly in its report folder (or one level down, "so-lieu/x.csv"):
 * letters, digits, '.', '-', '_' only, never starting with '.', so no
 * "..", no absolute path, no hidden file. Folders and files reached through
 * a symlink are refused (lstat, O_NOFOLLOW through infile.h's confined
 * reads); writes go through outfile.h (all or nothing, a symlink target is
 * refused). Messages are Vietnamese.
 *
 * Ownership: a bc_ws is the caller's (bc_ws_free); returned strings,
 * buffers and arrays are new (caller frees, bc_ws_files_free for the file
 * set). */
#ifndef BC_SERVE_WORKSPACE_H
#define BC_SERVE_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "infile.h"

typedef struct bc_ws bc_ws;

/* Opens the workspace folder dir (must exist and be a folder). */
bc_status bc_ws_open(const char *dir, bc_ws **out, bc_error *err);
void bc_ws_free(bc_ws *ws);
/* The workspace's real path (borrowed). */
const char *bc_ws_root(const bc_ws *ws);

/* name is one safe component (see above). */
bool bc_ws_name_ok(const char *name);
/* rel is a safe file name, or "folder/name" with both parts safe. */
bool bc_ws_relpath_ok(const char *rel);

/* The report folder's path (the folder must exist, not be a symlink, and
 * hold the report file "report.yaml"). Errors: BC_E_USAGE (bad name),
 * BC_E_INPUT (missing). *dir is new. */
bc_status bc_ws_report_dir(const bc_ws *ws, const char *report, char **dir, bc_error *err);

/* The report folders (those holding report.yaml), sorted. *names[i] and
 * *names are new (free each, then the array). */
bc_status bc_ws_list(const bc_ws *ws, char ***names, size_t *n, bc_error *err);

/* Reads file rel of a report (a regular file, no symlink on the way). */
bc_status bc_ws_read(const bc_ws *ws, const char *report, const char *rel, bc_infile_kind kind,
                     char **data, size_t *len, bc_error *err);
/* Writes file rel of a report, all or nothing (the folder "so-lieu/" of a
 * "so-lieu/x.csv" is made when missing). */
bc_status bc_ws_write(const bc_ws *ws, const char *report, const char *rel, const void *data,
                      size_t len, bc_error *err);

/* One file of a report folder, for listing and for rendering from memory. */
typedef struct bc_ws_file {
    char *name;   /* relative to the report folder */
    char *data;   /* NULL when listed only */
    size_t len;
} bc_ws_file;

/* The regular files of a report folder and its sub-folders one level down
 * (symlinks and hidden files are skipped; at most 256 files); with
 * load, their bytes too (each within infile.h's data limit). Sorted by name. */
bc_status bc_ws_files(const bc_ws *ws, const char *report, bool load, bc_ws_file **files,
                      size_t *n, bc_error *err);
void bc_ws_files_free(bc_ws_file *files, size_t n);

/* A new report folder report made of files[0..n) (relative names), whole
 * or not at all. BC_E_OUTPUT when it exists. */
bc_status bc_ws_create(const bc_ws *ws, const char *report, const bc_ws_file *files, size_t n,
                       bc_error *err);

#endif
