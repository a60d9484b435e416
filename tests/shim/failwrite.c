/* failwrite.c - an LD_PRELOAD shim for the write-failure tests
 * (tests/test_io.py): makes baocao's writes to its temporary output files
 * ("*.tmp-*") fail at a chosen stage, as a full or failing disk would.
 *
 *   FAILWRITE_STAGE  write  -- write() fails once FAILWRITE_AFTER bytes
 *                               have been written to temporary files
 *                    fsync | close | rename  -- that call fails
 *   FAILWRITE_AFTER  bytes that succeed first (write stage; default 0)
 *   FAILWRITE_ERRNO  ENOSPC (default) or EIO
 *   FAILWRITE_MATCH  only temporary files whose path also contains this
 *                    (one report of a batch; default: all)
 *
 * Only files whose path contains ".tmp-" are affected; everything else
 * (stderr, the inputs) works normally. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long long written; /* bytes let through so far (all threads) */

static const char *stage(void)
{
    const char *s = getenv("FAILWRITE_STAGE");
    return s ? s : "";
}

static int fail_errno(void)
{
    const char *e = getenv("FAILWRITE_ERRNO");
    return e && !strcmp(e, "EIO") ? EIO : ENOSPC;
}

static int is_tmp_path(const char *path)
{
    const char *m = getenv("FAILWRITE_MATCH");
    return strstr(path, ".tmp-") != NULL && (!m || !*m || strstr(path, m) != NULL);
}

static int is_tmp_fd(int fd)
{
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    return is_tmp_path(path);
}

ssize_t write(int fd, const void *buf, size_t count)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (!strcmp(stage(), "write") && is_tmp_fd(fd)) {
        const char *a = getenv("FAILWRITE_AFTER");
        long long after = a ? atoll(a) : 0;
        long long done = __atomic_load_n(&written, __ATOMIC_SEQ_CST);
        if (done >= after) {
            errno = fail_errno();
            return -1;
        }
        if ((long long)count > after - done)
            count = (size_t)(after - done); /* a short write, then the failure */
        ssize_t r = real(fd, buf, count);
        if (r > 0)
            __atomic_add_fetch(&written, r, __ATOMIC_SEQ_CST);
        return r;
    }
    return real(fd, buf, count);
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (!strcmp(stage(), "fsync") && is_tmp_fd(fd)) {
        errno = fail_errno();
        return -1;
    }
    return real(fd);
}

int close(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "close");
    if (!strcmp(stage(), "close") && is_tmp_fd(fd)) {
        real(fd); /* the descriptor is gone, as after a real failed close */
        errno = fail_errno();
        return -1;
    }
    return real(fd);
}

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    if (!strcmp(stage(), "rename") && is_tmp_path(from)) {
        errno = fail_errno();
        return -1;
    }
    return real(from, to);
}
