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

#endif
