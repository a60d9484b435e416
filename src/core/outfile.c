/* outfile.c - all-or-nothing output files and folders (see outfile.h). */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "infile.h"

#define OUT_BUF 65536

struct bc_outfile {
    char *target;
    char *tmp;
    int fd;
    int err;            /* first errno of a failed write, 0 = fine */
    const char *stage;  /* what failed: "ghi", ... */
    bc_tmp_hooks hooks;
    bc_write_fn cb;     /* bytes to the caller instead of a file (tmp NULL, fd -1) */
    void *cb_ctx;
    size_t used;
    unsigned char buf[OUT_BUF];
};

/* The folder of target must exist; an existing target must be a regular
 * file. *mode gets its permission bits (or -1). */
static bc_status check_target(const char *target, int *mode, bc_error *err)
{
    *mode = -1;
    if (!target[0])
        return bc_error_set(err, BC_E_OUTPUT, NULL, 0, 0, "tên tệp ra rỗng");
    char *dir = bc_path_dir(target, NULL);
    if (!dir)
        return bc_nomem(err);
    struct stat sb;
    bc_status st = BC_OK;
    if (stat(dir, &sb) != 0)
        st = bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                          "không ghi được: thư mục '%s' %s; hãy tạo thư mục đó trước", dir,
                          errno == ENOENT ? "không có" : bc_errno_vi(errno));
    else if (!S_ISDIR(sb.st_mode))
        st = bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                          "không ghi được: '%s' không phải thư mục", dir);
    free(dir);
    if (st)
        return st;
    if (lstat(target, &sb) == 0) {
        if (!S_ISREG(sb.st_mode))
            return bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                                "không ghi đè: đường dẫn ra là %s, không phải tệp thường; hãy "
                                "chọn tên tệp khác",
                                bc_file_kind_name(sb.st_mode));
        *mode = (int)(sb.st_mode & 07777);
    } else if (errno != ENOENT) {
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0, "không ghi được: %s",
                            bc_errno_vi(errno));
    }
    return BC_OK;
}

/* Makes a new "<target>.tmp-XXXXXX": a file (O_EXCL, 0666 less the umask;
 * returns its descriptor) or, with dir, a folder (0777 less the umask;
 * returns 0). The name is announced to hooks->created *before* it exists
 * (and withdrawn through hooks->gone when it could not be made), so a
 * signal handler that removes the announced paths never misses one that a
 * thread had just created. -1 with errno on failure. */
static int make_tmp(const char *target, bool dir, const bc_tmp_hooks *hooks, char **tmp_out)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long seed = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^
                         (unsigned long)(size_t)tmp_out;
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        for (int i = 0; i < 6; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            suffix[i] = digits[(seed >> 33) % 36];
        }
        suffix[6] = '\0';
        char *tmp = bc_strdup_printf("%s.tmp-%s", target, suffix);
        if (!tmp) {
            errno = ENOMEM;
            return -1;
        }
        if (hooks && hooks->created)
            hooks->created(hooks->ctx, tmp);
        int fd = dir ? mkdir(tmp, 0777)
                     : open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd >= 0) {
            *tmp_out = tmp;
            return fd;
        }
        int e = errno;
        if (hooks && hooks->gone)
            hooks->gone(hooks->ctx, tmp);
        free(tmp);
        if (e != EEXIST) {
            errno = e;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

bc_status bc_outfile_check(const char *target, bc_error *err)
{
    int mode;
    return check_target(target, &mode, err);
}

bc_status bc_outfile_open(const char *target, const bc_tmp_hooks *hooks, bc_outfile **out,
                          bc_error *err)
{
    int mode;
    bc_status st = check_target(target, &mode, err);
    if (st)
        return st;
    bc_outfile *f = calloc(1, sizeof *f);
    if (!f || !(f->target = bc_strdup(target))) {
        free(f);
        return bc_nomem(err);
    }
    if (hooks)
        f->hooks = *hooks;
    f->fd = make_tmp(target, false, &f->hooks, &f->tmp);
    if (f->fd < 0) {
        int e = errno;
        free(f->target);
        free(f);
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                            "không tạo được tệp tạm trong thư mục đích: %s", bc_errno_vi(e));
    }
    if (mode >= 0 && fchmod(f->fd, (mode_t)mode) != 0) {
        int e = errno;
        bc_outfile_abort(f);
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0, "không đặt được quyền cho tệp: %s",
                            bc_errno_vi(e));
    }
    *out = f;
    return BC_OK;
}

static bool write_fd(bc_outfile *f, const unsigned char *p, size_t n, const char *stage)
{
    if (f->cb) {
        int e = n ? f->cb(f->cb_ctx, p, n) : 0;
        if (e) {
            f->err = e > 0 ? e : EIO;
            f->stage = stage;
            return false;
        }
        return true;
    }
    while (n > 0) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            f->err = w < 0 ? errno : EIO;
            f->stage = stage;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

bool bc_outfile_write(bc_outfile *f, const void *data, size_t len)
{
    if (f->err)
        return false;
    const unsigned char *p = data;
    if (f->used + len > OUT_BUF) {
        if (f->used && !write_fd(f, f->buf, f->used, "ghi"))
            return false;
        f->used = 0;
        if (len >= OUT_BUF)
            return write_fd(f, p, len, "ghi");
    }
    memcpy(f->buf + f->used, p, len);
    f->used += len;
    return true;
}

bool bc_outfile_error(const bc_outfile *f, bc_error *err)
{
    if (!f->err)
        return false;
    bc_error_set(err, BC_E_OUTPUT, f->target, 0, 0, "không ghi được tệp (khi %s): %s", f->stage,
                 bc_errno_vi(f->err));
    return true;
}

const char *bc_outfile_target(const bc_outfile *f)
{
    return f->target;
}

static void tmp_gone(bc_outfile *f)
{
    if (f->hooks.gone)
        f->hooks.gone(f->hooks.ctx, f->tmp);
}

static void outfile_free(bc_outfile *f)
{
    free(f->target);
    free(f->tmp);
    free(f);
}

/* fsync of a folder (after a rename in it); EINVAL = not supported there. */
static int sync_dir(const char *path)
{
    char *dir = bc_path_dir(path, NULL);
    if (!dir)
        return ENOMEM;
    int rc = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        rc = errno;
    } else {
        if (fsync(fd) != 0 && errno != EINVAL)
            rc = errno;
        close(fd);
    }
    free(dir);
    return rc;
}

bc_status bc_outfile_to_callback(bc_write_fn write, void *ctx, const char *name,
                                 bc_outfile **out, bc_error *err)
{
    bc_outfile *f = calloc(1, sizeof *f);
    if (!f || !(f->target = bc_strdup(name ? name : "(bộ nhớ)"))) {
        free(f);
        return bc_nomem(err);
    }
    f->fd = -1;
    f->cb = write;
    f->cb_ctx = ctx;
    *out = f;
    return BC_OK;
}

bc_status bc_outfile_commit(bc_outfile *f, bc_error *err)
{
    if (!f->err && f->used && write_fd(f, f->buf, f->used, "ghi nốt phần cuối"))
        f->used = 0;
    if (f->cb) {
        bc_status st = f->err ? bc_error_set(err, BC_E_OUTPUT, f->target, 0, 0,
                                             "không ghi được (khi %s): %s", f->stage,
                                             bc_errno_vi(f->err))
                              : BC_OK;
        outfile_free(f);
        return st;
    }
    if (!f->err && fsync(f->fd) != 0) {
        f->err = errno;
        f->stage = "đồng bộ xuống đĩa (fsync)";
    }
    if (close(f->fd) != 0 && !f->err) {
        f->err = errno;
        f->stage = "đóng tệp";
    }
    f->fd = -1;
    if (!f->err && rename(f->tmp, f->target) != 0) {
        f->err = errno;
        f->stage = "đổi tên tệp tạm thành tệp đích";
    }
    if (f->err) {
        bc_error_set(err, BC_E_OUTPUT, f->target, 0, 0, "không ghi được tệp (khi %s): %s",
                     f->stage, bc_errno_vi(f->err));
        unlink(f->tmp);
        tmp_gone(f);
        outfile_free(f);
        return BC_E_OUTPUT;
    }
    tmp_gone(f);
    int e = sync_dir(f->target);
    bc_status st = BC_OK;
    if (e)
        st = bc_error_set(err, BC_E_OUTPUT, f->target, 0, 0,
                          "đã ghi tệp nhưng không đồng bộ được thư mục xuống đĩa: %s",
                          bc_errno_vi(e));
    outfile_free(f);
    return st;
}

void bc_outfile_abort(bc_outfile *f)
{
    if (!f)
        return;
    if (f->cb) {
        outfile_free(f);
        return;
    }
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp);
    tmp_gone(f);
    outfile_free(f);
}

bc_status bc_outfile_write_all(const char *target, const void *data, size_t len,
                               const bc_tmp_hooks *hooks, bc_error *err)
{
    bc_outfile *f = NULL;
    bc_status st = bc_outfile_open(target, hooks, &f, err);
    if (st)
        return st;
    bc_outfile_write(f, data, len);
    return bc_outfile_commit(f, err);
}

int bc_mkdirs(const char *path)
{
    char *p = bc_strdup(path);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    int rc = 0;
    for (char *c = p + 1; rc == 0; c++) {
        if (*c == '/' || *c == '\0') {
            char saved = *c;
            *c = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = -1;
            *c = saved;
            if (!saved)
                break;
        }
    }
    free(p);
    if (rc == 0) {
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            errno = ENOTDIR;
            rc = -1;
        }
    }
    return rc;
}

bc_status bc_outdir_prepare(const char *path, bc_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return bc_error_set(err, BC_E_OUTPUT, path, 0, 0,
                            "không ghi ảnh vào đây: đường dẫn là %s, không phải thư mục",
                            bc_file_kind_name(sb.st_mode));
    if (bc_mkdirs(path) != 0)
        return bc_error_set(err, BC_E_OUTPUT, path, 0, 0, "không tạo được thư mục: %s",
                            bc_errno_vi(errno));
    return BC_OK;
}

bc_status bc_outdir_begin(const char *target, const bc_tmp_hooks *hooks, char **tmp,
                          bc_error *err)
{
    char *t = NULL;
    if (make_tmp(target, true, hooks, &t) != 0) {
        int e = errno;
        if (e == ENOMEM)
            return bc_nomem(err);
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                            "không tạo được thư mục tạm bên cạnh: %s", bc_errno_vi(e));
    }
    *tmp = t;
    return BC_OK;
}

bc_status bc_outdir_commit(const char *tmp, const char *target, const bc_tmp_hooks *hooks,
                           bc_error *err)
{
    if (rename(tmp, target) != 0)
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                            "không đổi tên được thư mục tạm thành thư mục đích: %s",
                            bc_errno_vi(errno));
    if (hooks && hooks->gone)
        hooks->gone(hooks->ctx, tmp);
    int e = sync_dir(target);
    if (e)
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                            "đã tạo thư mục nhưng không đồng bộ được xuống đĩa: %s",
                            bc_errno_vi(e));
    return BC_OK;
}

static void remove_tree(const char *path, int depth)
{
    DIR *d = depth < 16 ? opendir(path) : NULL;
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char *p = bc_strdup_printf("%s/%s", path, de->d_name);
            if (!p)
                continue;
            struct stat sb;
            if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
                remove_tree(p, depth + 1);
            else
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(path);
}

void bc_outdir_abort(const char *tmp, const bc_tmp_hooks *hooks)
{
    if (!tmp)
        return;
    remove_tree(tmp, 0);
    if (hooks && hooks->gone)
        hooks->gone(hooks->ctx, tmp);
}
