/* workspace.c - names, reads and writes confined to the workspace
 * (workspace.h). */
#define _GNU_SOURCE
#include "workspace.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outfile.h"

#define BC_WS_MAX_FILES 256

struct bc_ws {
    char *root; /* realpath */
};

bc_status bc_ws_open(const char *dir, bc_ws **out, bc_error *err)
{
    *out = NULL;
    char *root = realpath(dir, NULL);
    struct stat sb;
    if (!root || stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        int e = root ? ENOTDIR : errno;
        free(root);
        return bc_error_set(err, BC_E_USAGE, dir, 0, 0, "không mở được thư mục làm việc: %s",
                            bc_errno_vi(e));
    }
    bc_ws *ws = calloc(1, sizeof *ws);
    if (!ws) {
        free(root);
        return bc_nomem(err);
    }
    ws->root = root;
    *out = ws;
    return BC_OK;
}

void bc_ws_free(bc_ws *ws)
{
    if (!ws)
        return;
    free(ws->root);
    free(ws);
}

const char *bc_ws_root(const bc_ws *ws)
{
    return ws->root;
}

bool bc_ws_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 120 || name[0] == '.' || name[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

bool bc_ws_relpath_ok(const char *rel)
{
    if (!rel)
        return false;
    const char *slash = strchr(rel, '/');
    if (!slash)
        return bc_ws_name_ok(rel);
    if (strchr(slash + 1, '/') || (size_t)(slash - rel) > 120)
        return false;
    char dir[128];
    memcpy(dir, rel, (size_t)(slash - rel));
    dir[slash - rel] = '\0';
    return bc_ws_name_ok(dir) && bc_ws_name_ok(slash + 1);
}

static bc_status bad_name(const char *name, bc_error *err)
{
    return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                        "tên '%s' không dùng được: chỉ gồm chữ không dấu, số, '.', '-', '_', "
                        "không bắt đầu bằng '.' và không chứa '/' hay '..'",
                        name ? name : "");
}

/* A folder that exists, is not a symlink, and is a folder. */
static bool real_dir(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

bc_status bc_ws_report_dir(const bc_ws *ws, const char *report, char **dir, bc_error *err)
{
    *dir = NULL;
    if (!bc_ws_name_ok(report))
        return bad_name(report, err);
    char *d = bc_strdup_printf("%s/%s", ws->root, report);
    if (!d)
        return bc_nomem(err);
    struct stat sb;
    if (lstat(d, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        bool link = lstat(d, &sb) == 0 && S_ISLNK(sb.st_mode);
        free(d);
        return bc_error_set(err, BC_E_INPUT, report, 0, 0,
                            link ? "báo cáo này là một liên kết tượng trưng (symlink), có thể "
                                   "trỏ ra ngoài thư mục làm việc: không mở"
                                 : "không có báo cáo này trong thư mục làm việc");
    }
    *dir = d;
    return BC_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bc_status bc_ws_list(const bc_ws *ws, char ***names, size_t *n, bc_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *dp = opendir(ws->root);
    if (!dp)
        return bc_error_set(err, BC_E_INPUT, ws->root, 0, 0, "không đọc được thư mục: %s",
                            bc_errno_vi(errno));
    char **v = NULL;
    size_t cnt = 0;
    struct dirent *de;
    bc_status st = BC_OK;
    while ((de = readdir(dp)) && cnt < 1000) {
        if (!bc_ws_name_ok(de->d_name))
            continue;
        char *d = bc_strdup_printf("%s/%s", ws->root, de->d_name);
        char *y = d ? bc_strdup_printf("%s/report.yaml", d) : NULL;
        struct stat sb;
        bool ok = y && real_dir(d) && lstat(y, &sb) == 0 && S_ISREG(sb.st_mode);
        free(d);
        free(y);
        if (!ok)
            continue;
        char **nv = realloc(v, (cnt + 1) * sizeof *nv);
        if (!nv || !(nv[cnt] = bc_strdup(de->d_name))) {
            if (nv)
                v = nv;
            st = bc_nomem(err);
            break;
        }
        v = nv;
        cnt++;
    }
    closedir(dp);
    if (st) {
        for (size_t i = 0; i < cnt; i++)
            free(v[i]);
        free(v);
        return st;
    }
    if (cnt > 1)
        qsort(v, cnt, sizeof *v, cmp_str);
    *names = v;
    *n = cnt;
    return BC_OK;
}

/* The checks every read and write of a report's file makes, in one place:
 * rel is a safe relative name, the report folder is real; *dir and *path
 * (the folder and the file's full path) are new. */
static bc_status file_path(const bc_ws *ws, const char *report, const char *rel, char **dir,
                           char **path, bc_error *err)
{
    *dir = *path = NULL;
    if (!bc_ws_relpath_ok(rel))
        return bad_name(rel, err);
    bc_status st = bc_ws_report_dir(ws, report, dir, err);
    if (!st && !(*path = bc_strdup_printf("%s/%s", *dir, rel)))
        st = bc_nomem(err);
    if (st) {
        free(*dir);
        *dir = NULL;
    }
    return st;
}

/* A message about path names the file as the page does: rel. */
static void name_as_rel(bc_error *err, const char *path, const char *rel)
{
    if (err && err->file && path && !strcmp(err->file, path)) {
        free(err->file);
        err->file = bc_strdup(rel);
    }
}

bc_status bc_ws_read(const bc_ws *ws, const char *report, const char *rel, bc_infile_kind kind,
                     char **data, size_t *len, bc_error *err)
{
    *data = NULL;
    char *dir = NULL, *path = NULL;
    bc_status st = file_path(ws, report, rel, &dir, &path, err);
    if (!st)
        st = bc_infile_read_confined(dir, path, kind, data, len, err);
    name_as_rel(err, path, rel);
    free(path);
    free(dir);
    return st;
}

bc_status bc_ws_write(const bc_ws *ws, const char *report, const char *rel, const void *data,
                      size_t len, bc_error *err)
{
    char *dir = NULL, *path = NULL;
    bc_status st = file_path(ws, report, rel, &dir, &path, err);
    const char *slash = st ? NULL : strchr(rel, '/');
    if (slash) {
        char *sub = bc_strdup_printf("%s/%.*s", dir, (int)(slash - rel), rel);
        struct stat sb;
        if (!sub)
            st = bc_nomem(err);
        else if (lstat(sub, &sb) != 0 && mkdir(sub, 0777) != 0)
            st = bc_error_set(err, BC_E_OUTPUT, rel, 0, 0, "không tạo được thư mục: %s",
                              bc_errno_vi(errno));
        else if (!real_dir(sub))
            st = bc_error_set(err, BC_E_OUTPUT, rel, 0, 0,
                              "không ghi vào đây: thư mục là một liên kết hoặc không phải thư mục");
        free(sub);
    }
    if (!st)
        st = bc_outfile_write_all(path, data, len, NULL, err);
    name_as_rel(err, path, rel);
    free(path);
    free(dir);
    return st;
}

void bc_ws_files_free(bc_ws_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(files[i].name);
        free(files[i].data);
    }
    free(files);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const bc_ws_file *)a)->name, ((const bc_ws_file *)b)->name);
}

typedef struct collect {
    const char *dir; /* the report folder */
    bool load;
    bc_ws_file *v;
    size_t n;
    bc_error *err;
} collect;

static bc_status scan(collect *c, const char *sub)
{
    char *path = sub ? bc_strdup_printf("%s/%s", c->dir, sub) : bc_strdup(c->dir);
    if (!path)
        return bc_nomem(c->err);
    DIR *dp = opendir(path);
    if (!dp) {
        free(path);
        return BC_OK; /* a sub-folder that went away: nothing in it */
    }
    bc_status st = BC_OK;
    struct dirent *de;
    while (!st && (de = readdir(dp))) {
        if (!bc_ws_name_ok(de->d_name) || strstr(de->d_name, ".tmp-"))
            continue;
        char *rel = sub ? bc_strdup_printf("%s/%s", sub, de->d_name) : bc_strdup(de->d_name);
        char *full = rel ? bc_strdup_printf("%s/%s", c->dir, rel) : NULL;
        struct stat sb;
        if (!full) {
            free(rel);
            st = bc_nomem(c->err);
            break;
        }
        if (lstat(full, &sb) == 0 && S_ISDIR(sb.st_mode) && !sub) {
            st = scan(c, rel);
        } else if (lstat(full, &sb) == 0 && S_ISREG(sb.st_mode) && c->n < BC_WS_MAX_FILES) {
            bc_ws_file f = {rel, NULL, (size_t)sb.st_size};
            rel = NULL;
            if (c->load)
                st = bc_infile_read_confined(c->dir, full, BC_IN_DATA, &f.data, &f.len, c->err);
            bc_ws_file *nv = st ? NULL : realloc(c->v, (c->n + 1) * sizeof *nv);
            if (!st && !nv)
                st = bc_nomem(c->err);
            if (st) {
                free(f.name);
                free(f.data);
            } else {
                c->v = nv;
                c->v[c->n++] = f;
            }
        }
        free(rel);
        free(full);
    }
    closedir(dp);
    free(path);
    return st;
}

bc_status bc_ws_files(const bc_ws *ws, const char *report, bool load, bc_ws_file **files,
                      size_t *n, bc_error *err)
{
    *files = NULL;
    *n = 0;
    char *dir = NULL;
    bc_status st = bc_ws_report_dir(ws, report, &dir, err);
    if (st)
        return st;
    collect c = {dir, load, NULL, 0, err};
    st = scan(&c, NULL);
    free(dir);
    if (st) {
        bc_ws_files_free(c.v, c.n);
        return st;
    }
    if (c.n > 1)
        qsort(c.v, c.n, sizeof *c.v, cmp_file);
    *files = c.v;
    *n = c.n;
    return BC_OK;
}

bc_status bc_ws_create(const bc_ws *ws, const char *report, const bc_ws_file *files, size_t n,
                       bc_error *err)
{
    if (!bc_ws_name_ok(report))
        return bad_name(report, err);
    char *target = bc_strdup_printf("%s/%s", ws->root, report);
    if (!target)
        return bc_nomem(err);
    struct stat sb;
    if (lstat(target, &sb) == 0) {
        free(target);
        return bc_error_set(err, BC_E_OUTPUT, report, 0, 0,
                            "đã có thư mục tên này trong thư mục làm việc; hãy chọn tên khác");
    }
    char *tmp = NULL;
    bc_status st = bc_outdir_begin(target, NULL, &tmp, err);
    for (size_t i = 0; !st && i < n; i++) {
        if (!bc_ws_relpath_ok(files[i].name)) {
            st = bad_name(files[i].name, err);
            break;
        }
        const char *slash = strchr(files[i].name, '/');
        if (slash) {
            char *sub = bc_strdup_printf("%s/%.*s", tmp, (int)(slash - files[i].name),
                                         files[i].name);
            if (!sub || (mkdir(sub, 0777) != 0 && errno != EEXIST))
                st = sub ? bc_error_set(err, BC_E_OUTPUT, files[i].name, 0, 0,
                                        "không tạo được thư mục: %s", bc_errno_vi(errno))
                         : bc_nomem(err);
            free(sub);
            if (st)
                break;
        }
        char *p = bc_strdup_printf("%s/%s", tmp, files[i].name);
        st = p ? bc_outfile_write_all(p, files[i].data, files[i].len, NULL, err) : bc_nomem(err);
        free(p);
    }
    if (!st)
        st = bc_outdir_commit(tmp, target, NULL, err);
    if (st && tmp)
        bc_outdir_abort(tmp, NULL);
    free(tmp);
    free(target);
    return st;
}
