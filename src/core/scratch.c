/* scratch.c - unlinked temporary files written in order, read at any offset (scratch.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "scratch.h"

#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCRATCH_BUF 65536

struct bc_scratch {
    int fd;
    int err;             /* first errno of a failed write or read, 0 = fine */
    const char *stage;   /* "ghi", "đọc" */
    char *dir;
    uint64_t flushed;    /* bytes in the file */
    size_t used;         /* bytes in buf after them */
    unsigned char buf[SCRATCH_BUF];
};

static const char *tmp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d == '/' ? d : "/tmp";
}

/* An unlinked file in dir: O_TMPFILE, else a fresh name unlinked at once. */
static int open_unlinked(const char *dir)
{
    int fd;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        return -1;
#endif
    char *path = bc_strdup_printf("%s/baocao-tam-XXXXXX", dir);
    if (!path) {
        errno = ENOMEM;
        return -1;
    }
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    int e = errno;
    free(path);
    errno = e;
    return fd;
}

bc_status bc_scratch_new(bc_scratch **out, bc_error *err)
{
    *out = NULL;
    bc_scratch *s = malloc(sizeof *s);
    if (!s)
        return bc_nomem(err);
    *s = (bc_scratch){.fd = -1};
    s->dir = bc_strdup(tmp_dir());
    if (!s->dir) {
        free(s);
        return bc_nomem(err);
    }
    s->fd = open_unlinked(s->dir);
    if (s->fd < 0) {
        int e = errno;
        bc_status st = e == ENOMEM ? bc_nomem(err)
                                   : bc_error_set(err, BC_E_OUTPUT, s->dir, 0, 0,
                                                  "không tạo được tệp tạm trong thư mục này (biến "
                                                  "TMPDIR chọn thư mục khác): %s",
                                                  bc_errno_vi(e));
        bc_scratch_free(s);
        return st;
    }
    *out = s;
    return BC_OK;
}

void bc_scratch_free(bc_scratch *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    free(s->dir);
    free(s);
}

static bool fail(bc_scratch *s, int e, const char *stage)
{
    if (!s->err) {
        s->err = e ? e : EIO;
        s->stage = stage;
    }
    return false;
}

static bool flush(bc_scratch *s)
{
    const unsigned char *p = s->buf;
    size_t n = s->used;
    while (n > 0) {
        ssize_t w = pwrite(s->fd, p, n, (off_t)s->flushed);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return fail(s, w < 0 ? errno : EIO, "ghi");
        p += w;
        n -= (size_t)w;
        s->flushed += (uint64_t)w;
    }
    s->used = 0;
    return true;
}

bool bc_scratch_write(bc_scratch *s, const void *data, size_t len)
{
    if (s->err)
        return false;
    const unsigned char *p = data;
    while (len > 0) {
        if (s->used == SCRATCH_BUF && !flush(s))
            return false;
        size_t n = SCRATCH_BUF - s->used < len ? SCRATCH_BUF - s->used : len;
        memcpy(s->buf + s->used, p, n);
        s->used += n;
        p += n;
        len -= n;
    }
    return true;
}

uint64_t bc_scratch_size(const bc_scratch *s)
{
    return s->flushed + s->used;
}

bool bc_scratch_read(bc_scratch *s, uint64_t off, void *buf, size_t len)
{
    if (s->err)
        return false;
    if (off > bc_scratch_size(s) || len > bc_scratch_size(s) - off)
        return false;
    if (s->used && !flush(s))
        return false;
    unsigned char *p = buf;
    while (len > 0) {
        ssize_t r = pread(s->fd, p, len, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return fail(s, r < 0 ? errno : EIO, "đọc");
        p += r;
        len -= (size_t)r;
        off += (uint64_t)r;
    }
    return true;
}

bool bc_scratch_error(const bc_scratch *s, bc_error *err)
{
    if (!s->err)
        return false;
    if (err)
        bc_error_set(err, BC_E_OUTPUT, s->dir, 0, 0, "không %s được tệp tạm trong thư mục này: %s",
                 s->stage, bc_errno_vi(s->err));
    return true;
}
