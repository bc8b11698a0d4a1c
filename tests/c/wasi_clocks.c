/* wasi_clocks.c: clock_gettime/clock_getres for the realtime, monotonic,
 * process and thread CPU clocks: resolutions sane, monotonic never goes
 * back, realtime agrees with time(), CPU clocks advance with work and not
 * with sleep, nanosleep/clock_nanosleep sleep at least as long as asked.
 * Prints facts only (yes/no), never times. */
#define _GNU_SOURCE 1
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "wasi_common.h"
#ifdef __wasi__
#include <wasi/api.h>
#endif

static int64_t ns(clockid_t c) {
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static volatile uint64_t sink;
static void burn(int64_t min_cpu_ns) {
    int64_t start = ns(CLOCK_PROCESS_CPUTIME_ID);
    uint64_t x = 1;
    while (ns(CLOCK_PROCESS_CPUTIME_ID) - start < min_cpu_ns)
        for (int i = 0; i < 100000; i++) x = x * 6364136223846793005u + 1442695040888963407u;
    sink = x;
}

int main(void) {
    static const struct { const char *name; clockid_t id; } clocks[4] = {
        {"realtime", CLOCK_REALTIME},
        {"monotonic", CLOCK_MONOTONIC},
        {"process cputime", CLOCK_PROCESS_CPUTIME_ID},
        {"thread cputime", CLOCK_THREAD_CPUTIME_ID},
    };
    for (int i = 0; i < 4; i++) {
        struct timespec res = {0, 0};
        int r = clock_getres(clocks[i].id, &res);
        int64_t rn = (int64_t)res.tv_sec * 1000000000 + res.tv_nsec;
        printf("%s: getres %s, 0 < res <= 10ms: %s, gettime works: %s\n", clocks[i].name,
               ename(r ? errno : 0), rn > 0 && rn <= 10000000 ? "yes" : "no",
               ns(clocks[i].id) >= 0 ? "yes" : "no");
    }
    /* wasi-libc's clockid_t is a pointer to a struct holding the WASI id: ask
     * WASI directly there. */
#ifdef __wasi__
    __wasi_timestamp_t t;
    errno = __wasi_clock_time_get(999, 1, &t);
    report("clock_gettime bad clock", errno ? -1 : 0);
    errno = __wasi_clock_res_get(999, &t);
    report("clock_getres bad clock", errno ? -1 : 0);
#else
    struct timespec ts;
    report("clock_gettime bad clock", clock_gettime((clockid_t)999, &ts));
    report("clock_getres bad clock", clock_getres((clockid_t)999, &ts));
#endif

    /* monotonic: never decreasing over many reads */
    int64_t prev = ns(CLOCK_MONOTONIC), first = prev;
    int back = 0;
    for (int i = 0; i < 200000; i++) {
        int64_t t = ns(CLOCK_MONOTONIC);
        if (t < prev) back++;
        prev = t;
    }
    printf("monotonic went back: %d times; advanced: %s\n", back, prev > first ? "yes" : "no");

    /* realtime agrees with time() and gettimeofday() */
    int64_t rt = ns(CLOCK_REALTIME);
    time_t now = time(NULL);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("realtime ~ time(): %s\n", rt / 1000000000 >= now - 1 && rt / 1000000000 <= now + 1 ? "yes" : "no");
    printf("realtime ~ gettimeofday: %s\n",
           (int64_t)tv.tv_sec * 1000000 + tv.tv_usec - rt / 1000 < 1000000 ? "yes" : "no");
    printf("realtime after 2020: %s\n", now > 1577836800 ? "yes" : "no");

    /* CPU clocks: advance with work, (almost) not with sleep */
    int64_t p0 = ns(CLOCK_PROCESS_CPUTIME_ID), t0 = ns(CLOCK_THREAD_CPUTIME_ID);
    burn(30000000);
    int64_t p1 = ns(CLOCK_PROCESS_CPUTIME_ID), t1 = ns(CLOCK_THREAD_CPUTIME_ID);
    printf("process cputime advanced >= 30ms with work: %s\n", p1 - p0 >= 30000000 ? "yes" : "no");
    printf("thread cputime advanced >= 20ms with work: %s\n", t1 - t0 >= 20000000 ? "yes" : "no");
    int64_t m0 = ns(CLOCK_MONOTONIC);
    struct timespec req = {0, 100000000};
    report("nanosleep 100ms", nanosleep(&req, NULL));
    int64_t m1 = ns(CLOCK_MONOTONIC), p2 = ns(CLOCK_PROCESS_CPUTIME_ID);
    printf("slept >= 100ms: %s, < 5s: %s\n", m1 - m0 >= 100000000 ? "yes" : "no",
           m1 - m0 < 5000000000 ? "yes" : "no");
    printf("sleeping used < 50ms cpu: %s\n", p2 - p1 < 50000000 ? "yes" : "no");

    /* clock_nanosleep, relative and absolute */
    m0 = ns(CLOCK_MONOTONIC);
    req.tv_nsec = 50000000;
    printf("clock_nanosleep relative: %s\n", ename(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL)));
    m1 = ns(CLOCK_MONOTONIC);
    printf("slept >= 50ms: %s\n", m1 - m0 >= 50000000 ? "yes" : "no");
    int64_t target = ns(CLOCK_MONOTONIC) + 60000000;
    struct timespec abs_ts = {(time_t)(target / 1000000000), (long)(target % 1000000000)};
    printf("clock_nanosleep absolute: %s\n",
           ename(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs_ts, NULL)));
    printf("woke at or after the deadline: %s\n", ns(CLOCK_MONOTONIC) >= target ? "yes" : "no");
    int64_t rtarget = ns(CLOCK_REALTIME) + 40000000;
    struct timespec rabs = {(time_t)(rtarget / 1000000000), (long)(rtarget % 1000000000)};
    printf("clock_nanosleep realtime absolute: %s\n",
           ename(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &rabs, NULL)));
    printf("woke at or after the realtime deadline: %s\n", ns(CLOCK_REALTIME) >= rtarget ? "yes" : "no");
    struct timespec past = {1, 0};
    m0 = ns(CLOCK_MONOTONIC);
    printf("absolute deadline in the past: %s\n",
           ename(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL)));
    printf("returned at once: %s\n", ns(CLOCK_MONOTONIC) - m0 < 1000000000 ? "yes" : "no");
    struct timespec bad = {0, 2000000000};
    report("nanosleep bad nsec", nanosleep(&bad, NULL));
    return 0;
}
