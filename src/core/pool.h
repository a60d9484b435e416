/* pool.h - n independent jobs run on several threads (a batch of reports).
 *
 * Each thread takes the next job number from a shared counter until none
 * is left, so a long job never holds up the others' threads; the caller's
 * thread is one of the workers. Jobs must not depend on one another; their
 * order of completion is not their order of numbers. Unlike worker.h (one
 * drawing thread beside one render, in order), nothing is queued. */
#ifndef BC_POOL_H
#define BC_POOL_H

#include <stddef.h>

/* Calls job(ctx, i, slot) once for every i in 0 .. n-1, on up to threads
 * threads (>= 1; the caller's among them), and returns when all are done.
 * slot (0 .. threads-1) tells which thread runs the job, e.g. to keep one
 * set of resources per thread. When a thread cannot be started the others
 * (at least the caller's) do its share: every job is always run. Returns
 * how many threads ran jobs. */
int bc_pool_run(size_t n, int threads, void (*job)(void *ctx, size_t i, int slot), void *ctx);

/* The number of processors online (>= 1). */
int bc_pool_cpus(void);

#endif
