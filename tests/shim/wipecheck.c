/* wipecheck.c - an LD_PRELOAD shim for tests/test_sign_wipe.py: reports
 * memory handed back while it still holds a secret, i.e. released without
 * being wiped first (OPENSSL_cleanse, explicit_bzero).
 *
 *   WIPECHECK_FILE    a file whose first 24 bytes are looked for (a .p12:
 *                     its outer DER headers, which only a copy of the raw
 *                     file holds; OpenSSL's parsed objects do not)
 *   WIPECHECK_SECRET  a string looked for (the password)
 *   WIPECHECK_PIN     a string looked for (a token's PIN)
 *   WIPECHECK_TRACE   "1": a backtrace after each report (to find the holder)
 *
 * Where memory goes back:
 *   free()            each heap block is scanned (malloc_usable_size, up to
 *                     4 MiB) before glibc gets it;
 *   realloc()         the old block is scanned before glibc gets it: whether
 *   reallocarray()    glibc moves it (leaving the old bytes in freed memory)
 *                     or not is the allocator's luck, so a secret must never
 *                     be grown with realloc;
 *   munmap()          anonymous readable mappings made through mmap() (by a
 *                     library such as libmicrohttpd, whose connection memory
 *                     pool is one) are scanned before they are unmapped;
 *   exit              the environment block the process started with, which
 *                     /proc/PID/environ shows to the user's other processes,
 *                     is scanned (BAOCAO_MAT_KHAU must not stay in it).
 * Each hit writes "WIPECHECK: ..." to stderr. Built without the sanitizers'
 * flags; not for sanitized builds (their allocator is not glibc's). */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void __libc_free(void *p);
extern void *__libc_realloc(void *p, size_t n);

static unsigned char head[24];
static size_t nhead;
static char secret[256], pin[256];
static size_t nsecret, npin;
static int trace;

static size_t secret_from(const char *var, char *to, size_t cap)
{
    const char *s = getenv(var);
    if (!s || !*s || strlen(s) >= cap)
        return 0;
    memcpy(to, s, strlen(s));
    return strlen(s);
}

__attribute__((constructor)) static void wipecheck_init(void)
{
    const char *f = getenv("WIPECHECK_FILE");
    if (f) {
        int fd = open(f, O_RDONLY);
        if (fd >= 0) {
            ssize_t n = read(fd, head, sizeof head);
            nhead = n == (ssize_t)sizeof head ? sizeof head : 0;
            close(fd);
        }
    }
    nsecret = secret_from("WIPECHECK_SECRET", secret, sizeof secret);
    npin = secret_from("WIPECHECK_PIN", pin, sizeof pin);
    const char *t = getenv("WIPECHECK_TRACE");
    trace = t && !strcmp(t, "1");
    if (trace) { /* loads libgcc_s now, not from inside free() */
        void *frames[4];
        backtrace(frames, 4);
    }
}

static void say(const char *how, const char *what)
{
    static const char pre[] = "WIPECHECK: ";
    if (write(2, pre, sizeof pre - 1) < 0 || write(2, how, strlen(how)) < 0 ||
        write(2, what, strlen(what)) < 0 || write(2, "\n", 1) < 0)
        return;
    if (trace) {
        void *frames[32];
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    }
}

static __thread int busy; /* no scan of the blocks backtrace() itself frees */

static void scan(const void *p, size_t n, const char *how)
{
    if (busy || !(nhead || nsecret || npin))
        return;
    busy = 1;
    if (nhead && memmem(p, n, head, nhead))
        say(how, "the .p12 file's bytes");
    if (nsecret && memmem(p, n, secret, nsecret))
        say(how, "the password");
    if (npin && memmem(p, n, pin, npin))
        say(how, "the PIN");
    busy = 0;
}

static void scan_block(void *p, const char *how)
{
    if (!p)
        return;
    size_t n = malloc_usable_size(p);
    if (n <= (4u << 20))
        scan(p, n, how);
}

void free(void *p)
{
    scan_block(p, "freed without wiping: ");
    __libc_free(p);
}

void *realloc(void *p, size_t n)
{
    scan_block(p, "realloc'd without wiping (the old block may be freed as it is): ");
    return __libc_realloc(p, n);
}

void *reallocarray(void *p, size_t m, size_t n)
{
    if (n && m > SIZE_MAX / n) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, m * n);
}

/* The anonymous readable mappings made through mmap(), scanned at munmap(). */
static struct {
    uintptr_t start, end;
} maps[512];
static pthread_mutex_t maps_lock = PTHREAD_MUTEX_INITIALIZER;

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    void *p = (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (prot & PROT_READ)) {
        pthread_mutex_lock(&maps_lock);
        for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
            if (!maps[i].start) {
                maps[i].start = (uintptr_t)p;
                maps[i].end = (uintptr_t)p + len;
                break;
            }
        pthread_mutex_unlock(&maps_lock);
    }
    return p;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
    __attribute__((alias("mmap")));

int munmap(void *addr, size_t len)
{
    uintptr_t a = (uintptr_t)addr, b = a + len;
    pthread_mutex_lock(&maps_lock);
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) {
        if (!maps[i].start || maps[i].end <= a || maps[i].start >= b)
            continue;
        uintptr_t s = maps[i].start > a ? maps[i].start : a;
        uintptr_t e = maps[i].end < b ? maps[i].end : b;
        scan((const void *)s, e - s, "unmapped without wiping: ");
        maps[i].start = maps[i].end = 0; /* a part left mapped is not scanned again */
    }
    pthread_mutex_unlock(&maps_lock);
    return (int)syscall(SYS_munmap, addr, len);
}

/* At exit: the process's environment as other processes of the user read
 * it (/proc/PID/environ: the block the process started with) still holding
 * a secret, in any variable but the shim's own WIPECHECK_ ones. */
__attribute__((destructor)) static void wipecheck_environ(void)
{
    static char env[1 << 16];
    int fd = open("/proc/self/environ", O_RDONLY);
    if (fd < 0)
        return;
    size_t n = 0;
    ssize_t k;
    while (n < sizeof env && (k = read(fd, env + n, sizeof env - n)) > 0)
        n += (size_t)k;
    close(fd);
    for (size_t at = 0; at < n;) {
        const char *var = env + at;
        size_t len = strnlen(var, n - at);
        if (strncmp(var, "WIPECHECK_", 10) != 0)
            scan(var, len, "left in the environment (/proc/PID/environ): ");
        at += len + 1;
    }
}
