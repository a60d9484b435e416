/* pool.c - jobs numbered 0 .. n-1 on several threads (see pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pool {
    atomic_size_t next; /* the next job number to hand out */
    size_t n;
    void (*job)(void *ctx, size_t i, int slot);
    void *ctx;
} pool;

typedef struct worker_arg {
    pool *p;
    int slot;
} worker_arg;

static void drain(pool *p, int slot)
{
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            return;
        p->job(p->ctx, i, slot);
    }
}

static void *thread_main(void *arg)
{
    worker_arg *a = arg;
    drain(a->p, a->slot);
    return NULL;
}

int bc_pool_run(size_t n, int threads, void (*job)(void *ctx, size_t i, int slot), void *ctx)
{
    pool p = {.n = n, .job = job, .ctx = ctx};
    atomic_init(&p.next, 0);
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    pthread_t *tid = threads > 1 ? calloc((size_t)threads, sizeof *tid) : NULL;
    worker_arg *args = threads > 1 ? calloc((size_t)threads, sizeof *args) : NULL;
    int started = 0;
    for (int t = 1; tid && args && t < threads; t++) {
        args[started] = (worker_arg){&p, t};
        if (pthread_create(&tid[started], NULL, thread_main, &args[started]) != 0)
            break; /* the threads already started and this one do the rest */
        started++;
    }
    drain(&p, 0);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    free(args);
    return started + 1;
}

int bc_pool_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}
