/* wipecheck.c - an LD_PRELOAD shim for tests/test_sign_wipe.py: reports
 * heap blocks freed while they still hold a secret, i.e. freed without
 * being wiped first (OPENSSL_cleanse).
 *
 *   WIPECHECK_FILE    a file whose first 24 bytes are looked for (a .p12:
 *                     its outer DER headers, which only a copy of the raw
 *                     file holds; OpenSSL's parsed objects do not)
 *   WIPECHECK_SECRET  a string looked for (the password)
 *
 * free() scans each block (malloc_usable_size, up to 4 MiB) before handing
 * it to glibc and writes "WIPECHECK: ..." to stderr for each hit. Built
 * without the sanitizers' flags; not for sanitized builds (their allocator
 * is not glibc's). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void __libc_free(void *p);

static unsigned char head[24];
static size_t nhead;
static char secret[256];
static size_t nsecret;

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
    const char *s = getenv("WIPECHECK_SECRET");
    if (s && strlen(s) < sizeof secret) {
        nsecret = strlen(s);
        memcpy(secret, s, nsecret);
    }
}

static void say(const char *what)
{
    static const char pre[] = "WIPECHECK: freed without wiping: ";
    if (write(2, pre, sizeof pre - 1) < 0 || write(2, what, strlen(what)) < 0 ||
        write(2, "\n", 1) < 0)
        return;
}

void free(void *p)
{
    if (p && (nhead || nsecret)) {
        size_t n = malloc_usable_size(p);
        if (n <= (4u << 20)) {
            if (nhead && memmem(p, n, head, nhead))
                say("the .p12 file's bytes");
            if (nsecret && memmem(p, n, secret, nsecret))
                say("the password");
        }
    }
    __libc_free(p);
}
