/* worker.h - one background thread working through a bounded queue of jobs.
 *
 * The cairo writer uses it to draw and compress page n while the layout
 * shapes page n+1: on two cores a long report then takes about as long as
 * the slower of the two halves instead of their sum. Jobs are run in the
 * order they were pushed, by one thread, so the output is the same as
 * without the worker (tests compare the PDFs byte for byte).
 *
 * Single producer: push/finish/cancel are called from one thread. The
 * worker owns each job from push() on and disposes of it through run() or,
 * once a run() has failed or the worker is cancelled, through drop(). */
#ifndef BC_WORKER_H
#define BC_WORKER_H

#include <stddef.h>

typedef struct bc_worker bc_worker;

/* run: does one job and disposes of it; non-zero = failed (later jobs are
 * dropped and push() returns that value). drop: disposes of a job without
 * doing it. ctx is passed to both; it must stay valid until finish() or
 * cancel() returns. depth: jobs waiting at most (>= 1). NULL when the
 * thread cannot be started (out of memory or threads): the caller then
 * does the work itself. */
bc_worker *bc_worker_start(int (*run)(void *ctx, void *job), void (*drop)(void *ctx, void *job),
                           void *ctx, size_t depth);

/* Hands job to the worker, waiting while the queue is full. Returns 0, or
 * the status of the run() that failed (the job is then dropped). */
int bc_worker_push(bc_worker *w, void *job);

/* Waits until every job is done, stops the thread and frees w. Returns the
 * first failure status, or 0. */
int bc_worker_finish(bc_worker *w);

/* Drops the jobs still waiting, waits for the one being run, stops the
 * thread and frees w. NULL is allowed. */
void bc_worker_cancel(bc_worker *w);

#endif
