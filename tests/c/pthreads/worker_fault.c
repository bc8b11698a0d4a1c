/* A worker thread ends the whole process while the main thread is blocked
 * in pthread_join (and other threads wait on a condition variable forever).
 * argv[1] chooses how:
 *   trap       __builtin_trap (wasm `unreachable`): status 134, trap message
 *   oob        a store far outside linear memory: status 134
 *   stack      unbounded recursion on the worker's own stack: status 134,
 *              "call stack exhausted" (the worker's stack limit, not main's)
 *   exit       exit(7): atexit handlers run, stdio is flushed, status 7
 *   _Exit      _Exit(9): status 9, nothing flushed
 *   none       the worker returns; main prints and returns 0
 * `exit`, `_Exit` and `none` behave the same natively; the traps are
 * crashes natively and are only checked for the wasm build. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static const char *mode;

static void *sleeper(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    for (;;) pthread_cond_wait(&never, &m);
    return NULL;
}

static int (*volatile next)(int);

static int recurse(int n) { return next(n + 1) + 1; }

static void at_exit(void) { printf("atexit handler ran\n"); }

__attribute__((noinline)) static void crash_in_worker(void) {
    if (strcmp(mode, "trap") == 0) __builtin_trap();
    if (strcmp(mode, "oob") == 0) *(volatile int *)(uintptr_t)0xfffffff0u = 1;
    if (strcmp(mode, "stack") == 0) {
        next = recurse;
        printf("%d\n", recurse(0));
    }
    if (strcmp(mode, "exit") == 0) {
        printf("worker calls exit\n"); /* buffered: exit flushes it */
        exit(7);
    }
    if (strcmp(mode, "_Exit") == 0) {
        fflush(stdout);
        _Exit(9);
    }
}

static void *worker(void *arg) {
    (void)arg;
    usleep(20 * 1000); /* let main block in pthread_join */
    crash_in_worker();
    return (void *)5;
}

int main(int argc, char **argv) {
    mode = argc > 1 ? argv[1] : "none";
    atexit(at_exit);
    printf("mode %s\n", mode);
    fflush(stdout);
    pthread_t s[3], w;
    for (int i = 0; i < 3; i++) pthread_create(&s[i], NULL, sleeper, NULL);
    pthread_create(&w, NULL, worker, NULL);
    void *r;
    pthread_join(w, &r);
    printf("worker returned %ld\n", (long)r);
    return 0;
}
