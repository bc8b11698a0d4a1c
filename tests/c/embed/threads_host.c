/* Embedding host for wat/embed/threads.wat (tests/tests/embedding.rs, and
 * under ThreadSanitizer in tests/tests/sanitizers.rs): what the embedding
 * API promises about threads. NTHREADS threads, each with a linker of its
 * own (created, with WASI, on the main thread first), instantiate the module
 * at the same time and call into it concurrently, ROUNDS times each: WASI
 * calls, each linker with its own WASI context (wasi_work must return 0), recursion 5000
 * frames deep, stack exhaustion (each thread must trap with "call stack
 * exhausted" at its own stack limit: a limit taken from another thread's
 * stack traps at once or overruns the guard page), and a plain trap. Each
 * thread runs on a stack of its own size, so their limits differ. Prints one
 * line per thread after joining them all, in order: "thread I: ok" or what
 * went wrong. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "wasmc.h"

#define NTHREADS 8
#define ROUNDS 4

extern const struct wasmc_module_desc app_module;

struct job {
    int index;
    wasmc_linker_t *linker;
    char result[256];
};

static int call(wasmc_instance_t *inst, const char *name, int32_t arg, int32_t *ret,
                struct wasmc_trap_info *trap) {
    union wasmc_val v[1];
    memset(v, 0, sizeof v);
    v[0].i32 = arg;
    enum wasmc_outcome r = wasmc_instance_call(inst, name, v, trap);
    *ret = v[0].i32;
    return (int)r;
}

static void *run(void *arg) {
    struct job *j = arg;
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_instance_t *inst = wasmc_linker_instantiate(j->linker, &app_module, err, sizeof err,
                                                      &trap, NULL);
    if (!inst) {
        snprintf(j->result, sizeof j->result, "instantiate: %s", err);
        return NULL;
    }
    for (int round = 0; round < ROUNDS; round++) {
        int32_t ret = 0;
        int r = call(inst, "wasi_work", 300, &ret, &trap);
        if (r != WASMC_OK || ret != 0) {
            snprintf(j->result, sizeof j->result, "round %d: wasi_work: outcome %d, errno sum %d",
                     round, r, (int)ret);
            return NULL;
        }
        r = call(inst, "depth", 5000, &ret, &trap);
        if (r != WASMC_OK || ret != 5000) {
            snprintf(j->result, sizeof j->result, "round %d: depth: outcome %d (%s), %d", round,
                     r, r == WASMC_TRAPPED ? wasmc_trap_message(trap.code) : "-", (int)ret);
            return NULL;
        }
        r = call(inst, "forever", 0, &ret, &trap);
        if (r != WASMC_TRAPPED || trap.code != WASMC_TRAP_STACK_OVERFLOW) {
            snprintf(j->result, sizeof j->result, "round %d: forever: outcome %d code %u", round,
                     r, trap.code);
            return NULL;
        }
        r = call(inst, "boom", 0, &ret, &trap);
        if (r != WASMC_TRAPPED || trap.code != WASMC_TRAP_UNREACHABLE || trap.num_frames < 1) {
            snprintf(j->result, sizeof j->result, "round %d: boom: outcome %d code %u", round, r,
                     trap.code);
            return NULL;
        }
    }
    snprintf(j->result, sizeof j->result, "ok");
    return NULL;
}

int main(int argc, char **argv) {
    static char *envp[] = {"THREADS=yes", NULL};
    struct job jobs[NTHREADS];
    pthread_t threads[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i].index = i;
        jobs[i].linker = wasmc_linker_new();
        wasmc_linker_define_wasi(jobs[i].linker, argc, argv, envp);
        strcpy(jobs[i].result, "not run");
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        /* 2 MiB + i * 256 KiB: every thread has its own stack and limit */
        pthread_attr_setstacksize(&attr, (size_t)(2048 + 256 * i) << 10);
        if (pthread_create(&threads[i], &attr, run, &jobs[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
        pthread_attr_destroy(&attr);
    }
    int bad = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(threads[i], NULL);
        printf("thread %d: %s\n", i, jobs[i].result);
        bad |= strcmp(jobs[i].result, "ok") != 0;
    }
    for (int i = 0; i < NTHREADS; i++) wasmc_linker_free(jobs[i].linker);
    return bad;
}
