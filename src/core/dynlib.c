/* dynlib.c - a shared library opened when first needed (dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

struct bc_dynlib {
    void *handle;
};

bc_status bc_dynlib_open(const char *soname, const char *package, const bc_dynsym *syms,
                         size_t n, void *table, bc_dynlib **out, bc_error *err)
{
    bc_dynlib *l = calloc(1, sizeof *l);
    if (!l)
        return bc_nomem(err);
    l->handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!l->handle) {
        const char *why = dlerror();
        free(l);
        return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                            "không nạp được thư viện %s (%s); hãy cài gói %s "
                            "(apt-get install %s)",
                            soname, why ? why : "?", package, package);
    }
    for (size_t i = 0; i < n; i++) {
        dlerror();
        void *fn = dlsym(l->handle, syms[i].name);
        if (!fn) {
            bc_dynlib_close(l);
            return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                                "thư viện %s không có hàm %s (phiên bản khác?); hãy cài lại "
                                "gói %s (apt-get install --reinstall %s)",
                                soname, syms[i].name, package, package);
        }
        /* POSIX: dlsym's object pointer holds the function's address. */
        memcpy((char *)table + syms[i].offset, &fn, sizeof fn);
    }
    *out = l;
    return BC_OK;
}

void bc_dynlib_close(bc_dynlib *l)
{
    if (!l)
        return;
    dlclose(l->handle);
    free(l);
}

bc_status bc_dynlib_open_table(const char *soname, const char *package, const bc_dynsym *syms,
                               size_t n, void *table, size_t size, bc_error *err)
{
    memset(table, 0, size);
    return bc_dynlib_open(soname, package, syms, n, table, (bc_dynlib **)table, err);
}

void bc_dynlib_close_table(void *table, size_t size)
{
    bc_dynlib_close(*(bc_dynlib **)table);
    memset(table, 0, size);
}
