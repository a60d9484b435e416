/* cleanup.c - temporary paths removed on a signal (see cleanup.h). */
#include "cleanup.h"

#include <dirent.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLOTS 64
#define PATH_ROOM 4096

enum { FREE = 0, CLAIMED = 1, LIVE = 2 };

/* Slot i holds a path while state[i] is LIVE. A writer claims a FREE slot
 * (compare-and-swap), copies the path, then publishes it as LIVE; the
 * handler only reads LIVE slots. */
static atomic_int state[SLOTS];
static char paths[SLOTS][PATH_ROOM];

static void add(void *ctx, const char *path)
{
    (void)ctx;
    size_t n = strlen(path);
    if (n >= PATH_ROOM)
        return; /* too long to list: it is still removed on any error */
    for (int i = 0; i < SLOTS; i++) {
        int expect = FREE;
        if (atomic_compare_exchange_strong(&state[i], &expect, CLAIMED)) {
            memcpy(paths[i], path, n + 1);
            atomic_store(&state[i], LIVE);
            return;
        }
    }
}

static void drop(void *ctx, const char *path)
{
    (void)ctx;
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&state[i]) == LIVE && !strcmp(paths[i], path)) {
            atomic_store(&state[i], FREE);
            return;
        }
    }
}

static const bc_tmp_hooks hooks = {add, drop, NULL};

const bc_tmp_hooks *bc_cli_tmp_hooks(void)
{
    return &hooks;
}

/* Only async-signal-safe calls below (unlink, rmdir, lstat, _exit) plus
 * opendir/readdir for a temporary folder, which the handler only touches
 * when the signal came while one was being filled (baocao moi). */
static void remove_entry(const char *p)
{
    struct stat sb;
    if (lstat(p, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(p);
        return;
    }
    DIR *d = opendir(p);
    if (d) {
        struct dirent *de;
        char sub[PATH_ROOM];
        while ((de = readdir(d))) {
            size_t a = strlen(p), b = strlen(de->d_name);
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || a + b + 2 > PATH_ROOM)
                continue;
            memcpy(sub, p, a);
            sub[a] = '/';
            memcpy(sub + a + 1, de->d_name, b + 1);
            struct stat ss;
            if (lstat(sub, &ss) == 0 && S_ISDIR(ss.st_mode))
                remove_entry(sub);
            else
                unlink(sub);
        }
        closedir(d);
    }
    rmdir(p);
}

static void on_signal(int sig)
{
    for (int i = 0; i < SLOTS; i++)
        if (atomic_load(&state[i]) == LIVE)
            remove_entry(paths[i]);
    _exit(128 + sig);
}

void bc_cli_cleanup_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* a signal ignored by the parent (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}
