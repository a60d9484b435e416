/* cli.h - the baocao command's sub-commands (each in its own file). */
#ifndef BC_CLI_H
#define BC_CLI_H

#include <stdbool.h>

#include "baocao.h"

/* Each returns the library's status of what it did; main() turns it into
 * the exit code (bc_cli_exit_code). */
bc_status bc_cmd_render(int argc, char **argv);
bc_status bc_cmd_chuyen_ma(int argc, char **argv);
bc_status bc_cmd_table(int argc, char **argv);
bc_status bc_cmd_moi(int argc, char **argv);
bc_status bc_cmd_tong_hop(int argc, char **argv);
bc_status bc_cmd_ky(int argc, char **argv);
/* The .p12 password or token PIN (p12 false): read from fd (>= 0), else
 * $BAOCAO_MAT_KHAU (then wiped in place and unset: call it once, before
 * threads start), else asked on the terminal without echo. NULL (after a
 * message naming cmd) when there is none. Caller frees it with
 * bc_cli_secret_free. */
char *bc_cli_secret(const char *cmd, int fd, bool p12);
/* Wipes the secret (explicit_bzero: not dropped as a dead store) and
 * frees it; NULL is fine. */
void bc_cli_secret_free(char *secret);
bc_status bc_cmd_serve(int argc, char **argv);

/* The one table from library statuses to the command's exit codes (README,
 * "Mã thoát"). */
int bc_cli_exit_code(bc_status st);

/* Prints an error (file:line:col: lỗi: ...) to stderr. */
struct bc_error;
void bc_cli_print_error(const struct bc_error *err);
struct bc_diags;
void bc_cli_print_diags(const struct bc_diags *d);

/* An option arg that cmd did not take: says whether it is a known option
 * lacking its value (with_value) or unknown, then suggests the nearest of
 * with_value and flags (NULL-terminated) by edit distance. Returns BC_E_USAGE. */
bc_status bc_cli_bad_option(const char *cmd, const char *arg, const char *const *with_value,
                      const char *const *flags);

/* The options every command reads alike, at argv[*i]: "-h"/"--help"
 * prints help to stdout and sets *help_shown; "-o"/"--ra" VALUE sets
 * *output (*i moves to the value) - output NULL: the command reads -o
 * itself or takes none, and it is left to it. False when argv[*i] is
 * neither. */
bool bc_cli_common_option(int argc, char **argv, int *i, const char *help, const char **output,
                          bool *help_shown);

/* An argument none of cmd's options took: an option (bc_cli_bad_option
 * with with_value and flags), else cmd's one operand, kept in *operand; a
 * second operand is refused, naming what cmd takes ("tệp PDF"). BC_OK or
 * BC_E_USAGE. */
bc_status bc_cli_operand(const char *cmd, const char *arg, const char *what, const char **operand,
                         const char *const *with_value, const char *const *flags);

#endif
