/* Embedding host for wat/embed/shared_threads.wat (tests/embedding.rs,
 * tests/sanitizers.rs): wasm on several threads at once over one shared
 * memory, the way wasmc.h documents it: the memory is defined in one linker
 * and shared (wasmc_linker_share_memory) into a linker per thread, each
 * thread instantiating and calling the module on its own.
 *
 * Six threads run at the same time: each adds to two atomic counters,
 * fills and sums a region of its own with plain accesses and grows the
 * memory; two of them also play a ping-pong through wait/notify (that hangs
 * if a wake-up is lost) and one exhausts its stack (a trap on that thread
 * only: it goes on calling afterwards). Then main checks the totals through
 * its own instance; a linker shared into outlives the one it was shared
 * from; an unshared memory or a missing name cannot be shared. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;

#define THREADS 6
#define ADDS 20000
#define PINGS 1000
#define REGION 4096

static wasmc_linker_t *owner; /* defines env.mem */

static void fail(const char *what, const char *why) {
    printf("FAIL %s: %s\n", what, why);
    exit(1);
}

static wasmc_instance_t *instantiate(wasmc_linker_t *l) {
    char err[256];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, &outcome);
    if (!inst) fail("instantiate", err);
    return inst;
}

static enum wasmc_outcome call(wasmc_instance_t *inst, const char *name, union wasmc_val *v,
                               struct wasmc_trap_info *trap) {
    return wasmc_instance_call(inst, name, v, trap);
}

static uint32_t call_i32(wasmc_instance_t *inst, const char *name, uint32_t a, uint32_t b,
                         uint32_t c) {
    union wasmc_val v[3];
    memset(v, 0, sizeof v);
    v[0].i32 = a;
    v[1].i32 = b;
    v[2].i32 = c;
    struct wasmc_trap_info trap;
    if (call(inst, name, v, &trap) != WASMC_OK) fail(name, wasmc_trap_message(trap.code));
    return v[0].i32;
}

struct job {
    wasmc_linker_t *linker;
    int id;
    char result[128];
};

static void *thread_main(void *arg) {
    struct job *j = arg;
    wasmc_instance_t *inst = instantiate(j->linker);
    call_i32(inst, "add", ADDS, 0, 0);
    uint32_t base = 1024 + (uint32_t)j->id * REGION;
    uint32_t sum = call_i32(inst, "fill_sum", base, REGION, (uint32_t)(j->id + 1));
    uint32_t old = call_i32(inst, "grow", 1, 0, 0);
    uint32_t waits = 0;
    if (j->id < 2) waits = call_i32(inst, "ping", (uint32_t)j->id, PINGS, 0);
    const char *stack = "-";
    if (j->id == 2) {
        union wasmc_val v[1] = {{.i32 = 0}};
        struct wasmc_trap_info trap;
        enum wasmc_outcome r = call(inst, "down", v, &trap);
        stack = r == WASMC_TRAPPED ? wasmc_trap_message(trap.code) : "no trap";
        call_i32(inst, "add", 0, 0, 0); /* usable after the trap */
    }
    snprintf(j->result, sizeof j->result, "sum %s, grow %s, ping %s, stack %s",
             sum == (uint32_t)(j->id + 1) * REGION ? "ok" : "WRONG",
             old >= 1 && old <= THREADS ? "ok" : "WRONG",
             j->id < 2 ? (waits <= PINGS * 2 ? "ok" : "WRONG") : "-", stack);
    return NULL;
}

int main(void) {
    owner = wasmc_linker_new();
    if (!wasmc_linker_define_shared_memory(owner, "env", "mem", 1, 16))
        fail("define", wasmc_linker_error(owner));

    struct job jobs[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].linker = wasmc_linker_new();
        jobs[i].id = i;
        if (!wasmc_linker_share_memory(jobs[i].linker, "env", "mem", owner, "env", "mem"))
            fail("share", wasmc_linker_error(jobs[i].linker));
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 4u << 20);
        if (pthread_create(&t[i], &attr, thread_main, &jobs[i]) != 0) fail("pthread_create", "");
        pthread_attr_destroy(&attr);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        printf("thread %d: %s\n", i, jobs[i].result);
        wasmc_linker_free(jobs[i].linker);
    }

    wasmc_instance_t *mine = instantiate(owner);
    printf("i32 counter %" PRIu32 " (expected %d)\n", call_i32(mine, "load32", 0, 0, 0),
           THREADS * ADDS);
    union wasmc_val v[1] = {{.i32 = 8}};
    struct wasmc_trap_info trap;
    if (call(mine, "load64", v, &trap) != WASMC_OK) fail("load64", "");
    printf("i64 counter %" PRIu64 " (expected %d)\n", v[0].i64, 3 * THREADS * ADDS);
    printf("pages %" PRIu32 " (expected %d)\n", call_i32(mine, "size", 0, 0, 0), 1 + THREADS);
    uint64_t size = 0;
    uint8_t *base = wasmc_instance_memory(mine, "mem", &size);
    int regions_ok = 1;
    for (int i = 0; i < THREADS; i++)
        for (int k = 0; k < REGION; k++)
            if (base[1024 + i * REGION + k] != (uint8_t)(i + 1)) regions_ok = 0;
    printf("regions seen by the host: %s\n", regions_ok ? "ok" : "WRONG");

    /* A linker shared into keeps the memory alive after the owner is gone. */
    wasmc_linker_t *late = wasmc_linker_new();
    if (!wasmc_linker_share_memory(late, "env", "mem", owner, "env", "mem"))
        fail("share late", wasmc_linker_error(late));
    wasmc_linker_free(owner);
    wasmc_instance_t *after = instantiate(late);
    printf("after the owner is freed: counter %" PRIu32 "\n", call_i32(after, "load32", 0, 0, 0));

    /* Only shared memories can be shared; the name must exist. */
    wasmc_linker_t *plain = wasmc_linker_new();
    wasmc_linker_define_memory(plain, "env", "m", 1, true, 2);
    wasmc_linker_t *other = wasmc_linker_new();
    printf("unshared: %s\n", wasmc_linker_share_memory(other, "env", "mem", plain, "env", "m")
                                 ? "accepted"
                                 : wasmc_linker_error(other));
    printf("missing: %s\n", wasmc_linker_share_memory(other, "env", "mem", late, "env", "nope")
                                ? "accepted"
                                : wasmc_linker_error(other));
    wasmc_linker_free(other);
    wasmc_linker_free(plain);
    wasmc_linker_free(late);
    return 0;
}
