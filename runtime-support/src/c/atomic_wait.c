/* atomic_wait.c: memory.atomic.wait32/64 and memory.atomic.notify on shared
 * memories (the threads proposal).
 *
 * A parking lot: waiters queue in one of WAIT_BUCKETS buckets chosen by the
 * native address they wait on; each bucket is a mutex and a list of waiters,
 * each waiter sleeps on its own condition variable. Why not a bare futex:
 * wait64 compares 64 bits, which Linux futexes cannot, and macOS has no
 * public futex; one mechanism that is plain POSIX serves every target and
 * WASMC_PORTABLE alike, and the uncontended paths (a notify with no waiters,
 * a wait whose value differs) cost one mutex round trip.
 *
 * No lost wake-ups: wait loads the value and enqueues itself while holding
 * the bucket lock, and notify takes the same lock, so a notify that follows
 * the store a waiter is waiting for either finds the waiter queued or the
 * waiter sees the new value and returns 1 ("not-equal"). Every wasm atomic
 * is sequentially consistent, and so is the load here.
 *
 * Generated code has checked the address (in bounds, aligned) before the
 * call, and calls these only for shared memories (wait on an unshared memory
 * traps in generated code, notify there returns 0 without a call).
 * Timeouts are relative, in nanoseconds, negative for none, measured on the
 * monotonic clock. Wasm memory is little-endian: the comparison reads it so.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#define WAIT_BUCKETS 64

struct waiter {
    struct waiter *next, **pprev; /* in its bucket's list */
    const void *addr;
    pthread_cond_t cond;
    bool woken;
};

struct bucket {
    pthread_mutex_t lock;
    struct waiter *head;
};

static struct bucket buckets[WAIT_BUCKETS];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void init_buckets(void) {
    for (size_t i = 0; i < WAIT_BUCKETS; i++) {
        if (pthread_mutex_init(&buckets[i].lock, NULL) != 0) wasmc_fatal("pthread_mutex_init failed");
        buckets[i].head = NULL;
    }
}

static struct bucket *bucket_of(const void *addr) {
    pthread_once(&buckets_once, init_buckets);
    uintptr_t a = (uintptr_t)addr;
    return &buckets[((a >> 2) ^ (a >> 12)) % WAIT_BUCKETS];
}

static void unlink_waiter(struct waiter *w) {
    *w->pprev = w->next;
    if (w->next) w->next->pprev = w->pprev;
}

static uint64_t load_le(const void *p, unsigned bytes) {
    if (bytes == 4) {
        uint32_t v = __atomic_load_n((const uint32_t *)p, __ATOMIC_SEQ_CST);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        v = __builtin_bswap32(v);
#endif
        return v;
    }
    uint64_t v = __atomic_load_n((const uint64_t *)p, __ATOMIC_SEQ_CST);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static void cond_init(pthread_cond_t *c) {
#if defined(__APPLE__)
    if (pthread_cond_init(c, NULL) != 0) wasmc_fatal("pthread_cond_init failed");
#else
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0 ||
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(c, &attr) != 0)
        wasmc_fatal("pthread_cond_init failed");
    pthread_condattr_destroy(&attr);
#endif
}

/* Sleep on w->cond (bucket lock held) until woken or, for timeout_ns >= 0,
 * until the deadline; true if woken. */
static bool sleep_until_woken(struct bucket *bk, struct waiter *w, int64_t timeout_ns) {
    if (timeout_ns < 0) {
        while (!w->woken) pthread_cond_wait(&w->cond, &bk->lock);
        return true;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    /* Saturate far deadlines (> ~292 years never expire in practice). */
    int64_t secs = timeout_ns / 1000000000;
    long nsec = (long)(timeout_ns % 1000000000) + now.tv_nsec;
    struct timespec deadline;
    deadline.tv_sec = now.tv_sec + (time_t)secs + (nsec >= 1000000000 ? 1 : 0);
    deadline.tv_nsec = nsec >= 1000000000 ? nsec - 1000000000 : nsec;
    while (!w->woken) {
#if defined(__APPLE__)
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > deadline.tv_sec ||
            (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec))
            return false;
        struct timespec rel;
        rel.tv_sec = deadline.tv_sec - now.tv_sec;
        rel.tv_nsec = deadline.tv_nsec - now.tv_nsec;
        if (rel.tv_nsec < 0) {
            rel.tv_sec--;
            rel.tv_nsec += 1000000000;
        }
        pthread_cond_timedwait_relative_np(&w->cond, &bk->lock, &rel);
#else
        if (pthread_cond_timedwait(&w->cond, &bk->lock, &deadline) == ETIMEDOUT)
            return w->woken;
#endif
    }
    return true;
}

static uint32_t wait_common(struct wasmc_vmctx *vm, uint32_t mem, uint64_t addr, uint64_t expected,
                            unsigned bytes, int64_t timeout_ns) {
    const void *p = vm->memories[mem]->base + addr;
    struct bucket *bk = bucket_of(p);
    pthread_mutex_lock(&bk->lock);
    if (load_le(p, bytes) != expected) {
        pthread_mutex_unlock(&bk->lock);
        return 1; /* not-equal */
    }
    struct waiter w;
    w.addr = p;
    w.woken = false;
    cond_init(&w.cond);
    w.next = bk->head;
    w.pprev = &bk->head;
    if (bk->head) bk->head->pprev = &w.next;
    bk->head = &w;
    bool woken = sleep_until_woken(bk, &w, timeout_ns);
    if (!woken) unlink_waiter(&w); /* a notifier unlinks the woken */
    pthread_mutex_unlock(&bk->lock);
    pthread_cond_destroy(&w.cond);
    return woken ? 0 : 2; /* ok : timed-out */
}

uint32_t wasmc_atomic_wait32(struct wasmc_vmctx *vm, uint32_t mem, uint64_t addr, uint32_t expected,
                             uint64_t timeout_ns) {
    return wait_common(vm, mem, addr, expected, 4, (int64_t)timeout_ns);
}

uint32_t wasmc_atomic_wait64(struct wasmc_vmctx *vm, uint32_t mem, uint64_t addr, uint64_t expected,
                             uint64_t timeout_ns) {
    return wait_common(vm, mem, addr, expected, 8, (int64_t)timeout_ns);
}

uint32_t wasmc_atomic_notify(struct wasmc_vmctx *vm, uint32_t mem, uint64_t addr, uint32_t count) {
    const void *p = vm->memories[mem]->base + addr;
    struct bucket *bk = bucket_of(p);
    uint32_t n = 0;
    pthread_mutex_lock(&bk->lock);
    for (struct waiter *w = bk->head, *next; w && n < count; w = next) {
        next = w->next;
        if (w->addr != p) continue;
        unlink_waiter(w);
        w->woken = true;
        pthread_cond_signal(&w->cond);
        n++;
    }
    pthread_mutex_unlock(&bk->lock);
    return n;
}
