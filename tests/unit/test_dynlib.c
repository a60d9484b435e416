/* dynlib.h: a library opened on demand gives working functions through the
 * caller's table; a missing library or function is BC_E_INTERNAL with a
 * Vietnamese message naming the library, the function and the package. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dynlib.h"

typedef struct m_api {
    double (*cos)(double);
    double (*sqrt)(double);
} m_api;

/* the table form (bc_dynlib_open_table): the library first */
typedef struct m_table {
    bc_dynlib *lib;
    double (*cos)(double);
} m_table;

static const bc_dynsym T_SYMS[] = {{"cos", offsetof(m_table, cos)}};

static const bc_dynsym M_SYMS[] = {{"cos", offsetof(m_api, cos)}, {"sqrt", offsetof(m_api, sqrt)}};
static const bc_dynsym BAD_SYMS[] = {{"cos", offsetof(m_api, cos)},
                                     {"khong_co_ham_nay", offsetof(m_api, sqrt)}};

int main(void)
{
    bc_error e = BC_ERROR_INIT;
    m_api m = {0};
    bc_dynlib *l = NULL;
    CHECK(bc_dynlib_open("libm.so.6", "libc6", M_SYMS, 2, &m, &l, &e) == BC_OK);
    CHECK(l != NULL && m.cos && m.sqrt);
    if (m.cos && m.sqrt) {
        CHECK(m.cos(0.0) == 1.0);
        CHECK(m.sqrt(6.25) == 2.5);
    }
    bc_dynlib_close(l);
    bc_dynlib_close(NULL);

    /* no such library: nothing returned, the package to install named */
    l = (bc_dynlib *)&m;
    CHECK(bc_dynlib_open("libkhongco.so.9", "libkhongco9", M_SYMS, 2, &m, &l, &e) ==
          BC_E_INTERNAL);
    CHECK(l == (bc_dynlib *)&m); /* *out untouched */
    CHECK(e.message && strstr(e.message, "không nạp được thư viện libkhongco.so.9") &&
          strstr(e.message, "apt-get install libkhongco9"));
    bc_error_clear(&e);

    /* a function the library lacks */
    l = NULL;
    CHECK(bc_dynlib_open("libm.so.6", "libc6", BAD_SYMS, 2, &m, &l, &e) == BC_E_INTERNAL);
    CHECK(l == NULL);
    CHECK(e.message && strstr(e.message, "libm.so.6 không có hàm khong_co_ham_nay") &&
          strstr(e.message, "--reinstall libc6"));
    bc_error_clear(&e);

    /* the table form: opened into its first member, zeroed when closed and
     * before opening (a failed open leaves no library and no stale pointer) */
    m_table t;
    memset(&t, 0xAB, sizeof t);
    CHECK(bc_dynlib_open_table("libm.so.6", "libc6", T_SYMS, 1, &t, sizeof t, &e) == BC_OK);
    CHECK(t.lib != NULL && t.cos && t.cos(0.0) == 1.0);
    bc_dynlib_close_table(&t, sizeof t);
    CHECK(t.lib == NULL && t.cos == NULL);
    bc_dynlib_close_table(&t, sizeof t); /* closed again: allowed */
    memset(&t, 0xAB, sizeof t);
    CHECK(bc_dynlib_open_table("libkhongco.so.9", "libkhongco9", T_SYMS, 1, &t, sizeof t, &e) ==
          BC_E_INTERNAL);
    CHECK(t.lib == NULL && t.cos == NULL);
    bc_error_clear(&e);
    return check_report();
}
