/* outguard.c - outputs checked against inputs (see outguard.h). */
#include "outguard.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "infile.h"

void bc_inputs_add(bc_inputs *in, const char *path, const char *field)
{
    if (!path)
        return;
    if (!BC_GROW(&in->items, &in->cap, in->count + 1, 16)) {
        in->oom = 1;
        return;
    }
    bc_input_item *it = &in->items[in->count];
    it->path = bc_strdup(path);
    it->field = bc_strdup(field);
    if (!it->path || !it->field) {
        free(it->path);
        free(it->field);
        in->oom = 1;
        return;
    }
    in->count++;
}

static bool preview_name(const char *base)
{
    /* trang-NNN.png, as the PNG writer names its pages */
    if (strncmp(base, "trang-", 6))
        return false;
    const char *p = base + 6;
    size_t digits = strspn(p, "0123456789");
    return digits >= 3 && !strcmp(p + digits, ".png");
}

bc_status bc_inputs_check_output(const bc_inputs *in, const char *output, const char *png_dir,
                                 bc_error *err)
{
    if (in->oom)
        return bc_nomem(err);
    char *rpng = png_dir ? bc_path_resolve(png_dir) : NULL;
    bc_status st = BC_OK;
    for (size_t i = 0; !st && i < in->count; i++) {
        const bc_input_item *it = &in->items[i];
        if (output && bc_path_same(output, it->path)) {
            st = bc_error_set(err, BC_E_USAGE, output, 0, 0,
                              "tệp ra chính là tệp vào '%s' (%s); ghi ra sẽ xóa mất nó. Hãy "
                              "chọn tên tệp ra khác",
                              it->path, it->field);
        } else if (png_dir && bc_path_same(png_dir, it->path)) {
            st = bc_error_set(err, BC_E_USAGE, png_dir, 0, 0,
                              "thư mục ảnh xem trước (--png) chính là tệp vào '%s' (%s); hãy "
                              "chọn thư mục khác",
                              it->path, it->field);
        } else if (rpng) {
            char *r = bc_path_resolve(it->path);
            const char *slash = r ? strrchr(r, '/') : NULL;
            if (slash && preview_name(slash + 1) && strlen(rpng) == (size_t)(slash - r) &&
                !strncmp(r, rpng, (size_t)(slash - r)))
                st = bc_error_set(err, BC_E_USAGE, png_dir, 0, 0,
                                  "ảnh xem trước (--png) sẽ ghi đè tệp vào '%s' (%s); hãy chọn "
                                  "thư mục khác",
                                  it->path, it->field);
            free(r);
        }
    }
    free(rpng);
    return st;
}

void bc_inputs_free(bc_inputs *in)
{
    for (size_t i = 0; i < in->count; i++) {
        free(in->items[i].path);
        free(in->items[i].field);
    }
    free(in->items);
    *in = (bc_inputs)BC_INPUTS_INIT;
}
