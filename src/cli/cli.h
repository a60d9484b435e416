/* cli.h - the baocao command's sub-commands (each in its own file). */
#ifndef BC_CLI_H
#define BC_CLI_H

int bc_cmd_render(int argc, char **argv);
int bc_cmd_chuyen_ma(int argc, char **argv);
int bc_cmd_table(int argc, char **argv);
int bc_cmd_moi(int argc, char **argv);

/* Prints an error (file:line:col: lỗi: ...) to stderr. */
struct bc_error;
void bc_cli_print_error(const struct bc_error *err);
struct bc_diags;
void bc_cli_print_diags(const struct bc_diags *d);

/* An option arg that cmd did not take: says whether it is a known option
 * lacking its value (with_value) or unknown, then suggests the nearest of
 * with_value and flags (NULL-terminated) by edit distance. Returns 1 (usage). */
int bc_cli_bad_option(const char *cmd, const char *arg, const char *const *with_value,
                      const char *const *flags);

#endif
