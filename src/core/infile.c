/* infile.c - checked reading of input files (see infile.h). */
/* realpath() is XSI; memfd_create() is Linux (glibc 2.27) */
#define _GNU_SOURCE
#define _XOPEN_SOURCE 700
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

static const struct {
    size_t limit;
    const char *what;
} KINDS[] = {
    {(size_t)1 << 20, "tệp báo cáo/cấu hình YAML"},
    {(size_t)8 << 20, "tệp nội dung (Markdown)"},
    {(size_t)256 << 20, "tệp số liệu"},
};

size_t bc_infile_limit(bc_infile_kind kind)
{
    return KINDS[kind].limit;
}

const char *bc_file_kind_name(mode_t m)
{
    if (S_ISDIR(m))
        return "một thư mục";
    if (S_ISFIFO(m))
        return "một đường ống (FIFO)";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "một thiết bị";
    if (S_ISSOCK(m))
        return "một socket";
    if (S_ISLNK(m))
        return "một liên kết tượng trưng (symlink)";
    return "không phải tệp thường";
}

/* A file that cannot be opened or read as a file: BC_E_INPUT with the
 * code BC_EC_OPEN, so a caller can say which field named it. */
static bc_status open_error(bc_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bc_status open_error(bc_error *err, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(err, BC_E_INPUT, path, 0, 0, fmt, ap);
    va_end(ap);
    bc_error_code_set(err, BC_EC_OPEN);
    return BC_E_INPUT;
}

static bc_status open_checked(const char *path, bc_infile_kind kind, int extra_flags, int *fd_out,
                              off_t *size, bc_error *err)
{
    /* O_NONBLOCK: opening a FIFO without a writer must not wait. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | extra_flags);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP && (extra_flags & O_NOFOLLOW))
            return bc_error_set(err, BC_E_INPUT, path, 0, 0,
                                "không đọc tệp này: đây là một liên kết tượng trưng (symlink); "
                                "hãy thay bằng tệp thật");
        return open_error(err, path, "không mở được tệp: %s",
                            bc_errno_vi(e));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return open_error(err, path, "không mở được tệp: %s",
                            bc_errno_vi(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return open_error(err, path,
                            "không mở được tệp: đây là %s, không phải tệp thường; hãy ghi tên "
                            "một tệp",
                            bc_file_kind_name(sb.st_mode));
    }
    if ((unsigned long long)sb.st_size > KINDS[kind].limit) {
        close(fd);
        return open_error(err, path,
                            "không mở được tệp: tệp lớn %llu byte, quá giới hạn %zu MiB "
                            "(%zu byte) cho một %s; hãy kiểm tra lại tệp hoặc tách nhỏ",
                            (unsigned long long)sb.st_size, KINDS[kind].limit >> 20,
                            (size_t)KINDS[kind].limit, KINDS[kind].what);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *fd_out = fd;
    if (size)
        *size = sb.st_size;
    return BC_OK;
}

/* The in-memory file set of the calling thread (see infile.h). */
static _Thread_local bc_infile_mem_scope mem_scope;

void bc_infile_mem_begin(const bc_memfile *files, size_t n, bc_infile_mem_scope *saved)
{
    *saved = mem_scope;
    mem_scope.files = files;
    mem_scope.n = files ? n : 0;
}

void bc_infile_mem_end(const bc_infile_mem_scope *saved)
{
    mem_scope = *saved;
}

bool bc_infile_mem_active(void)
{
    return mem_scope.files != NULL;
}

void bc_infile_roots_begin(const char *const *roots, bc_infile_mem_scope *saved)
{
    *saved = mem_scope;
    mem_scope.roots = roots;
}

static bool path_under(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (!strcmp(root, "/"))
        return true;
    return !strncmp(real, root, n) && (real[n] == '/' || real[n] == '\0');
}

/* With roots installed (bc_infile_roots_begin), path must really be inside
 * one of them: links and '..' resolved (realpath), or, for a file that does
 * not exist yet, its folder resolved. */
static bc_status roots_check(const char *path, bc_error *err)
{
    if (!mem_scope.roots)
        return BC_OK;
    char *real = realpath(path, NULL);
    if (!real && !(real = bc_path_resolve(path)))
        return BC_OK; /* its folder does not exist: the open fails and says so */
    bool inside = false;
    for (size_t i = 0; !inside && mem_scope.roots[i]; i++) {
        char *rroot = realpath(mem_scope.roots[i], NULL);
        inside = rroot && path_under(real, rroot);
        free(rroot);
    }
    free(real);
    if (inside)
        return BC_OK;
    return open_error(err, path,
                      "không đọc tệp nằm ngoài thư mục làm việc '%s' (đường dẫn tuyệt đối, "
                      "qua '..' hoặc một liên kết); hãy chép tệp vào thư mục của báo cáo và "
                      "ghi tên tệp không có đường dẫn",
                      mem_scope.roots[0]);
}

static const char *skip_dot_slash(const char *p)
{
    while (p[0] == '.' && p[1] == '/') {
        p += 2;
        while (*p == '/')
            p++;
    }
    return p;
}

/* With a memory set installed, a relative path is served from it: *hit is
 * the file, or an error says the set has no such file. Absolute paths
 * (and no set) leave *hit NULL and BC_OK: read the disk. */
static bc_status mem_lookup(const char *path, bc_infile_kind kind, const bc_memfile **hit,
                            bc_error *err)
{
    *hit = NULL;
    if (!mem_scope.files || path[0] == '/')
        return BC_OK;
    const char *want = skip_dot_slash(path);
    for (size_t i = 0; i < mem_scope.n; i++) {
        const char *name = mem_scope.files[i].name;
        if (name && !strcmp(skip_dot_slash(name), want)) {
            *hit = &mem_scope.files[i];
            break;
        }
    }
    if (!*hit && mem_scope.roots) /* a page's render (confine_root): say it as the user sees it */
        return open_error(err, path,
                          strstr(want, "..") ? "không đọc tệp nằm ngoài thư mục làm việc '%s' "
                                               "(đường dẫn qua '..'); hãy chép tệp vào thư mục "
                                               "của báo cáo và ghi tên tệp không có đường dẫn"
                                             : "không mở được tệp: thư mục làm việc '%s' không "
                                               "có tệp này trong thư mục của báo cáo; hãy tải "
                                               "tệp lên hoặc sửa tên tệp",
                          mem_scope.roots[0]);
    if (!*hit)
        return open_error(err, path,
                          "không mở được tệp: không có trong các tệp đưa vào bộ nhớ "
                          "(bc_memfile); hãy thêm một tệp tên '%s'",
                          want);
    if ((*hit)->len > KINDS[kind].limit)
        return open_error(err, path,
                          "không mở được tệp: tệp lớn %zu byte, quá giới hạn %zu MiB cho một "
                          "%s; hãy kiểm tra lại tệp hoặc tách nhỏ",
                          (*hit)->len, KINDS[kind].limit >> 20, KINDS[kind].what);
    if ((*hit)->len && !(*hit)->data)
        return bc_error_set(err, BC_E_USAGE, path, 0, 0, "bc_memfile '%s' có độ dài mà không "
                            "có dữ liệu (data NULL)", want);
    return BC_OK;
}

bc_path_kind bc_infile_kind_of(const char *path)
{
    if (!path || !*path)
        return BC_PATH_NONE;
    if (mem_scope.files && path[0] != '/') {
        const char *want = skip_dot_slash(path);
        size_t n = strlen(want);
        while (n > 0 && want[n - 1] == '/')
            n--;
        bool dir = n == 0 || (n == 1 && want[0] == '.');
        for (size_t i = 0; i < mem_scope.n; i++) {
            const char *name = mem_scope.files[i].name ? skip_dot_slash(mem_scope.files[i].name)
                                                       : NULL;
            if (!name)
                continue;
            if (!strcmp(name, want))
                return BC_PATH_FILE;
            if (dir || (!strncmp(name, want, n) && name[n] == '/'))
                return BC_PATH_DIR;
        }
        return BC_PATH_NONE;
    }
    struct stat sb;
    if (stat(path, &sb) != 0)
        return BC_PATH_NONE;
    return S_ISDIR(sb.st_mode) ? BC_PATH_DIR : BC_PATH_FILE;
}

/* An anonymous in-memory file holding f's bytes, for readers that want a
 * file descriptor. */
static bc_status mem_fd(const bc_memfile *f, const char *path, int *fd_out, bc_error *err)
{
    int fd = memfd_create("baocao-input", MFD_CLOEXEC);
    const char *p = f->data;
    size_t n = f->len;
    while (fd >= 0 && n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            fd = -1;
            errno = e;
            break;
        }
        p += w;
        n -= (size_t)w;
    }
    if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return bc_error_set(err, e == ENOMEM ? BC_E_NOMEM : BC_E_INPUT, path, 0, 0,
                            "không mở được tệp trong bộ nhớ: %s", bc_errno_vi(e));
    }
    *fd_out = fd;
    return BC_OK;
}

bc_status bc_infile_open(const char *path, bc_infile_kind kind, int *fd, bc_error *err)
{
    const bc_memfile *m;
    bc_status st = mem_lookup(path, kind, &m, err);
    if (st || m)
        return st ? st : mem_fd(m, path, fd, err);
    if ((st = roots_check(path, err)))
        return st;
    return open_checked(path, kind, 0, fd, NULL, err);
}

static bc_status read_fd(int fd, const char *path, bc_infile_kind kind, off_t size, char **out,
                         size_t *len, bc_error *err)
{
    size_t limit = KINDS[kind].limit;
    size_t cap = (size_t)size + 1, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        return bc_nomem(err);
    }
    for (;;) {
        if (n == cap) {
            if (n > limit)
                break;
            size_t ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            if (ncap <= cap)
                ncap = cap + 1;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                free(buf);
                close(fd);
                return bc_nomem(err);
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return bc_error_set(err, BC_E_INPUT, path, 0, 0, "lỗi khi đọc tệp: %s",
                                bc_errno_vi(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (n > limit) { /* grew while being read */
        free(buf);
        return open_error(err, path,
                            "không mở được tệp: tệp lớn hơn giới hạn %zu MiB cho một %s",
                            limit >> 20, KINDS[kind].what);
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return BC_OK;
}

bc_status bc_infile_read(const char *path, bc_infile_kind kind, char **out, size_t *len,
                         bc_error *err)
{
    int fd = -1;
    off_t size = 0;
    const bc_memfile *m;
    bc_status st = mem_lookup(path, kind, &m, err);
    if (st)
        return st;
    if (m) {
        char *buf = malloc(m->len + 1);
        if (!buf)
            return bc_nomem(err);
        if (m->len)
            memcpy(buf, m->data, m->len);
        buf[m->len] = '\0';
        *out = buf;
        if (len)
            *len = m->len;
        return BC_OK;
    }
    if ((st = roots_check(path, err)) || (st = open_checked(path, kind, 0, &fd, &size, err)))
        return st;
    return read_fd(fd, path, kind, size, out, len, err);
}

char *bc_path_dir(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (base)
        *base = slash ? slash + 1 : path;
    if (!slash)
        return bc_strdup(".");
    if (slash == path)
        return bc_strdup("/");
    return bc_strdup_printf("%.*s", (int)(slash - path), path);
}

char *bc_path_resolve(const char *path)
{
    const char *base;
    char *dir = bc_path_dir(path, &base);
    if (!dir)
        return NULL;
    char *real = realpath(dir, NULL);
    free(dir);
    if (!real)
        return NULL;
    char *res;
    if (!*base || !strcmp(base, "."))
        res = bc_strdup(real);
    else
        res = bc_strdup_printf("%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
    free(real);
    return res;
}

bool bc_path_same(const char *a, const char *b)
{
    struct stat sa, sb;
    bool ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return false;
    char *ra = bc_path_resolve(a), *rb = bc_path_resolve(b);
    bool same = ra && rb && !strcmp(ra, rb);
    free(ra);
    free(rb);
    return same;
}

bc_status bc_infile_confine(const char *root, const char *path, char **resolved, bc_error *err)
{
    char *rroot = realpath(root, NULL);
    if (!rroot)
        return bc_error_set(err, BC_E_INPUT, root, 0, 0, "không mở được thư mục: %s",
                            bc_errno_vi(errno));
    const char *base;
    char *dir = bc_path_dir(path, &base);
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    int e = errno;
    free(dir);
    bc_status st = BC_OK;
    if (!rdir) {
        st = bc_error_set(err, BC_E_INPUT, path, 0, 0, "không mở được tệp: %s",
                          bc_errno_vi(e));
    } else {
        size_t n = strlen(rroot);
        bool under = !strcmp(rdir, rroot) ||
                     (!strncmp(rdir, rroot, n) && (rdir[n] == '/' || !strcmp(rroot, "/")));
        if (!under || !*base || !strcmp(base, "..") || !strcmp(base, "."))
            st = bc_error_set(err, BC_E_INPUT, path, 0, 0,
                              "không đọc tệp nằm ngoài thư mục '%s' (đường dẫn dẫn ra ngoài, "
                              "qua '..' hoặc một liên kết); hãy chép tệp vào thư mục đó",
                              root);
        else {
            struct stat sb;
            if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
                st = bc_error_set(err, BC_E_INPUT, path, 0, 0,
                                  "không đọc tệp này: đây là một liên kết tượng trưng "
                                  "(symlink), có thể trỏ ra ngoài thư mục '%s'; hãy thay bằng "
                                  "tệp thật",
                                  root);
            else if (!(*resolved = bc_strdup_printf("%s/%s", rdir, base)))
                st = bc_nomem(err);
        }
    }
    free(rdir);
    free(rroot);
    return st;
}

bc_status bc_infile_read_confined(const char *root, const char *path, bc_infile_kind kind,
                                  char **out, size_t *len, bc_error *err)
{
    if (mem_scope.files && path[0] != '/') /* the memory set has no links */
        return bc_infile_read(path, kind, out, len, err);
    char *res = NULL;
    bc_status st = bc_infile_confine(root, path, &res, err);
    if (!st && (st = roots_check(res, err)))
        free(res);
    if (st)
        return st;
    int fd = -1;
    off_t size = 0;
    /* O_NOFOLLOW: a link put there after the check is still not followed. */
    st = open_checked(res, kind, O_NOFOLLOW, &fd, &size, err);
    if (!st)
        st = read_fd(fd, path, kind, size, out, len, err);
    else if (err && err->file && strcmp(err->file, path)) {
        free(err->file);
        err->file = bc_strdup(path);
    }
    free(res);
    return st;
}
