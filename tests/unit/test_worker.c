/* worker.c: jobs run in push order on one thread; after a failing job the
 * rest are dropped (never run, never leaked) and push() reports the
 * failure; cancel drops what is still queued. */
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "worker.h"

typedef struct log {
    int order[1000];
    int ran, dropped;
    int fail_at; /* job value whose run fails, or -1 */
} log_t;

static void nap(void)
{
    struct timespec ts = {0, 200000}; /* 0.2 ms: lets the queue fill up */
    nanosleep(&ts, NULL);
}

static int run(void *ctx, void *job)
{
    log_t *l = ctx;
    int v = *(int *)job;
    free(job);
    if (l->ran < 1000)
        l->order[l->ran] = v;
    l->ran++;
    if (v % 97 == 0)
        nap();
    return v == l->fail_at ? 42 : 0;
}

static void drop(void *ctx, void *job)
{
    log_t *l = ctx;
    l->dropped++;
    free(job);
}

static int *job(int v)
{
    int *p = malloc(sizeof *p);
    *p = v;
    return p;
}

int main(void)
{
    /* In order, all run. */
    log_t a = {.fail_at = -1};
    bc_worker *w = bc_worker_start(run, drop, &a, 4);
    CHECK(w != NULL);
    int rc = 0;
    for (int i = 0; i < 1000 && w; i++)
        rc |= bc_worker_push(w, job(i));
    CHECK(rc == 0);
    CHECK(w && bc_worker_finish(w) == 0);
    CHECK(a.ran == 1000 && a.dropped == 0);
    bool ordered = true;
    for (int i = 0; i < 1000; i++)
        ordered = ordered && a.order[i] == i;
    CHECK(ordered);

    /* Job 10 fails: nothing after it runs; pushes report 42 eventually;
     * every job is either run or dropped. */
    log_t b = {.fail_at = 10};
    w = bc_worker_start(run, drop, &b, 2);
    CHECK(w != NULL);
    int first_fail = -1;
    for (int i = 0; i < 200 && w; i++) {
        int r = bc_worker_push(w, job(i));
        if (r && first_fail < 0)
            first_fail = i;
        CHECK(r == 0 || r == 42);
    }
    CHECK(first_fail > 10);
    CHECK(w && bc_worker_finish(w) == 42);
    CHECK(b.ran == 11);
    CHECK(b.ran + b.dropped == 200);

    /* Cancel: queued jobs are dropped, none lost. */
    log_t c = {.fail_at = -1};
    w = bc_worker_start(run, drop, &c, 8);
    CHECK(w != NULL);
    for (int i = 0; i < 100 && w; i++)
        bc_worker_push(w, job(i * 97)); /* each run naps */
    bc_worker_cancel(w);
    CHECK(c.ran + c.dropped == 100);
    CHECK(c.dropped > 0);
    bc_worker_cancel(NULL);
    return check_report();
}
