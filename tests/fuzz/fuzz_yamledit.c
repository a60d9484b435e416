/* Fuzz target: baocao serve's in-place report.yaml edits (yamledit.h).
 * Whatever the input, an edit of a parsed file must give a file that parses
 * again and reads back the value written (scalars and lists), and removing
 * a key must leave it gone. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yamledit.h"

static void edit(const bc_yfile *d, const char *path, bool list, const char *v,
                 const char *const *items, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    if (bc_yfile_set(d, path, list, v, items, n, &out, &len, &err) == BC_OK) {
        bc_yfile again;
        bc_error e2 = BC_ERROR_INIT;
        if (bc_yfile_parse(out, len, "x", &again, &e2) != BC_OK)
            abort(); /* an edit made the file unreadable */
        const bc_yentry *e = bc_yfile_find(&again, path);
        bool empty = list ? n == 0 : !*v;
        if (empty && e)
            abort();
        if (!empty && !list && (!e || e->kind != BC_YV_SCALAR || strcmp(e->scalar, v)))
            abort();
        if (!empty && list) {
            if (!e || e->nitems != n)
                abort();
            for (size_t i = 0; i < n; i++)
                if (strcmp(e->items[i], items[i]))
                    abort();
        }
        bc_yfile_free(&again);
        bc_error_clear(&e2);
    }
    free(out);
    bc_error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_yfile d;
    bc_error err = BC_ERROR_INIT;
    if (bc_yfile_parse((const char *)data, size, "fuzz/report.yaml", &d, &err) == BC_OK) {
        static const char *const items[] = {"Như trên;", "Lưu: VT, CCHC.", "a # b", "[x]"};
        edit(&d, "so", false, "126", NULL, 0);
        edit(&d, "trich-yeu", false, "Kết quả: quý \"III\" # 2024", NULL, 0);
        edit(&d, "noi-nhan", true, NULL, items, 4);
        edit(&d, "co-quan", true, NULL, items, 1);
        edit(&d, "ky.ho-ten", false, "Trần Thị Bình", NULL, 0);
        edit(&d, "ky.tham-quyen", true, NULL, items + 1, 2);
        edit(&d, "kinh-gui", true, NULL, NULL, 0);
        edit(&d, "do-khan", false, "", NULL, 0);
        bc_yfile_free(&d);
    }
    bc_error_clear(&err);
    return 0;
}
