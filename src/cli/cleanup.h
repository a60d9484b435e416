/* cleanup.h - the baocao command's list of temporary output paths, and the
 * SIGINT/SIGTERM/SIGHUP handler that removes them.
 *
 * The library reports each temporary file or folder it creates through
 * bc_tmp_hooks (outfile.h); the CLI passes bc_cli_tmp_hooks() to it. On a
 * signal the handler unlinks (files) or removes (folders, with what is in
 * them one level down) every listed path and exits 128 + the signal
 * number (130, 143, 129): the earlier output stays as it was.
 *
 * The list is the program's only mutable global state, kept here in the
 * CLI: a fixed array of slots whose state is a lock-free atomic, so the
 * handler reads it safely from any thread. */
#ifndef BC_CLI_CLEANUP_H
#define BC_CLI_CLEANUP_H

#include "baocao.h"

/* Installs the handlers (call once, early in main). */
void bc_cli_cleanup_install(void);
/* Hooks that add and drop paths in the list (static; never freed). */
const bc_tmp_hooks *bc_cli_tmp_hooks(void);

#endif
