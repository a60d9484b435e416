/* dynlib.h - a shared library opened when a command first needs it
 * (dlopen) instead of by the dynamic loader at every start.
 *
 * Every library a program is linked with is mapped, relocated and
 * initialised before main, whether the command run uses it or not
 * (tests/bench.sh: ~65 libraries, ~23 M instructions before main). A part
 * that only one command uses (libmicrohttpd: `baocao serve`) opens its
 * library through this module and calls it through a table of function
 * pointers of its own (a struct; one bc_dynsym per member, by offsetof).
 *
 * Ownership: the bc_dynlib is the caller's (bc_dynlib_close), kept in the
 * object that uses the table (no global state); the table's pointers are
 * valid until then. The library is opened RTLD_NOW | RTLD_LOCAL |
 * RTLD_NODELETE: a missing function is found at once, nothing is added to
 * the program's symbol scope, and the code stays mapped after the close
 * (threads the library started may still be ending; sanitizers and
 * valgrind keep its function names). */
#ifndef BC_DYNLIB_H
#define BC_DYNLIB_H

#include <stddef.h>

#include "error.h"

typedef struct bc_dynlib bc_dynlib;

/* One function of the library: its name and where its address goes in the
 * caller's table (offsetof of a function-pointer member). */
typedef struct bc_dynsym {
    const char *name;
    size_t offset;
} bc_dynsym;

/* Opens soname ("libmicrohttpd.so.12") and stores each of syms' n
 * functions into table. A missing library or function is BC_E_INTERNAL
 * with a Vietnamese message naming the library and the Debian package to
 * install (package); nothing is kept open then. */
bc_status bc_dynlib_open(const char *soname, const char *package, const bc_dynsym *syms,
                         size_t n, void *table, bc_dynlib **out, bc_error *err);
/* Closes l (NULL is allowed). */
void bc_dynlib_close(bc_dynlib *l);

/* The same for a table whose first member is its bc_dynlib * (qpdflib.h,
 * ossllib.h): open zeroes the table's size bytes first and keeps the
 * library in that member; close closes it and zeroes the table (a zeroed
 * or closed table is allowed). */
bc_status bc_dynlib_open_table(const char *soname, const char *package, const bc_dynsym *syms,
                               size_t n, void *table, size_t size, bc_error *err);
void bc_dynlib_close_table(void *table, size_t size);

#endif
