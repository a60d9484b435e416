/* worker.c - a background thread and a bounded FIFO of jobs (pthreads). */
#include "worker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct bc_worker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* signalled on every push, pop, finish and stop */
    int (*run)(void *ctx, void *job);
    void (*drop)(void *ctx, void *job);
    void *ctx;
    void **ring;
    size_t cap, head, count;
    bool busy;     /* a job is being run */
    bool closing;  /* no more jobs will come */
    bool cancel;   /* drop what is left */
    int failed;    /* first non-zero run() status */
};

static void *loop(void *arg)
{
    bc_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->count && !w->closing)
            pthread_cond_wait(&w->changed, &w->lock);
        if (!w->count)
            break; /* closing and empty */
        void *job = w->ring[w->head];
        w->head = (w->head + 1) % w->cap;
        w->count--;
        bool skip = w->failed || w->cancel;
        w->busy = true;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->lock);
        int st = 0;
        if (skip)
            w->drop(w->ctx, job);
        else
            st = w->run(w->ctx, job);
        pthread_mutex_lock(&w->lock);
        w->busy = false;
        if (st && !w->failed)
            w->failed = st;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

bc_worker *bc_worker_start(int (*run)(void *ctx, void *job), void (*drop)(void *ctx, void *job),
                           void *ctx, size_t depth)
{
    bc_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->cap = depth ? depth : 1;
    w->ring = calloc(w->cap, sizeof *w->ring);
    w->run = run;
    w->drop = drop;
    w->ctx = ctx;
    if (!w->ring) {
        free(w);
        return NULL;
    }
    if (pthread_mutex_init(&w->lock, NULL)) {
        free(w->ring);
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->changed, NULL)) {
        pthread_mutex_destroy(&w->lock);
        free(w->ring);
        free(w);
        return NULL;
    }
    if (pthread_create(&w->thread, NULL, loop, w)) {
        pthread_cond_destroy(&w->changed);
        pthread_mutex_destroy(&w->lock);
        free(w->ring);
        free(w);
        return NULL;
    }
    return w;
}

int bc_worker_push(bc_worker *w, void *job)
{
    pthread_mutex_lock(&w->lock);
    while (w->count == w->cap && !w->failed)
        pthread_cond_wait(&w->changed, &w->lock);
    int failed = w->failed;
    if (!failed) {
        w->ring[(w->head + w->count) % w->cap] = job;
        w->count++;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    if (failed)
        w->drop(w->ctx, job);
    return failed;
}

static int stop(bc_worker *w, bool cancel)
{
    pthread_mutex_lock(&w->lock);
    w->closing = true;
    if (cancel)
        w->cancel = true;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    int failed = w->failed;
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->lock);
    free(w->ring);
    free(w);
    return failed;
}

int bc_worker_finish(bc_worker *w)
{
    return stop(w, false);
}

void bc_worker_cancel(bc_worker *w)
{
    if (w)
        stop(w, true);
}
