/* Embedding host for wat/embed/shared_memory.wat (tests/embedding.rs): a
 * shared memory defined with wasmc_linker_define_shared_memory and imported
 * by two instances of the module, which see each other's atomic updates and
 * growth; wait returns "not-equal" (1) and "timed-out" (2); a misaligned
 * notify traps; an unshared memory where the module imports a shared one is
 * refused.
 *
 * The wake-ups need a second thread blocked in wait. Calls into wasm through
 * this API are single-threaded (wasmc.h, "Threads"), so the threaded part
 * drives the runtime's wait/notify libcalls (wasmc_abi.h, atomic_wait.c)
 * directly on the same memory, through a vmctx of its own: four waiters
 * woken one notify at a time (each wait returns 0, "ok"), a timed waiter a
 * notify of another address does not wake, and a ping-pong of 2000 values
 * (store, notify; a waiter waits for each value in turn) that hangs if a
 * wake-up is ever lost. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;

#define WAITERS 4
#define ROUNDS 2000

static struct wasmc_vmctx vm; /* just what the libcalls read: memories */
static struct wasmc_memory *mems[1];
static uint32_t *word(uint64_t addr) { return (uint32_t *)(mems[0]->base + addr); }

static int32_t call(wasmc_instance_t *inst, const char *name, int32_t a, int32_t b, int64_t c) {
    union wasmc_val v[3];
    memset(v, 0, sizeof v);
    v[0].i32 = a;
    v[1].i32 = b;
    v[2].i64 = c;
    struct wasmc_trap_info trap;
    enum wasmc_outcome r = wasmc_instance_call(inst, name, v, &trap);
    if (r == WASMC_TRAPPED) {
        printf("%s: %s\n", name, wasmc_trap_message(trap.code));
        return -1;
    }
    if (r != WASMC_OK) {
        printf("%s: failed\n", name);
        return -1;
    }
    return v[0].i32;
}

static void *waiter(void *arg) {
    (void)arg;
    return (void *)(uintptr_t)wasmc_atomic_wait32(&vm, 0, 0, 0, UINT64_MAX);
}

static void *timed_waiter(void *arg) {
    (void)arg;
    return (void *)(uintptr_t)wasmc_atomic_wait32(&vm, 0, 4, 0, 50000000);
}

static void *ping_waiter(void *arg) {
    (void)arg;
    for (;;) {
        uint32_t v = __atomic_load_n(word(8), __ATOMIC_SEQ_CST);
        if (v == ROUNDS) break;
        wasmc_atomic_wait32(&vm, 0, 8, v, UINT64_MAX);
    }
    return NULL;
}

int main(void) {
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_linker_t *l = wasmc_linker_new();
    if (!wasmc_linker_define_shared_memory(l, "host", "shm", 1, 2)) {
        fprintf(stderr, "define: %s\n", wasmc_linker_error(l));
        return 1;
    }
    wasmc_instance_t *a = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    wasmc_instance_t *b = a ? wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL) : NULL;
    if (!b) {
        fprintf(stderr, "instantiate: %s\n", err);
        return 1;
    }
    printf("not-equal %d\n", call(b, "wait", 0, 1, -1));
    printf("timed-out %d\n", call(b, "wait", 0, 0, 1000000));
    int32_t first = call(a, "add", 64, 5, 0);
    printf("add %d %d\n", first, call(b, "add", 64, 1, 0));
    printf("notify without waiters %d\n", call(a, "notify", 0, 1, 0));
    printf("grow %d\n", call(b, "grow", 1, 0, 0));
    uint64_t size;
    uint8_t *base = wasmc_instance_memory(a, "shm", &size);
    printf("size seen by the other instance %" PRIu64 "\n", size);
    printf("misaligned: ");
    call(a, "notify", 2, 1, 0);

    /* Threads on the wait/notify libcalls, same memory: they read only
     * vmctx->memories[0]->base (the address was checked by the caller). */
    static struct wasmc_memory view;
    view.base = base;
    view.length = size;
    mems[0] = &view;
    vm.memories = mems;
    pthread_t t[WAITERS], timed;
    for (int i = 0; i < WAITERS; i++)
        if (pthread_create(&t[i], NULL, waiter, NULL) != 0) return 1;
    if (pthread_create(&timed, NULL, timed_waiter, NULL) != 0) return 1;
    uint32_t woken = 0, notifies = 0;
    while (woken < WAITERS) {
        uint32_t n = wasmc_atomic_notify(&vm, 0, 0, 1);
        if (n > 1) printf("notify(1) woke %u\n", n);
        woken += n;
        notifies += n != 0;
    }
    printf("woken %u by %u notifies\n", woken, notifies);
    for (int i = 0; i < WAITERS; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("waiter %d: %d\n", i, (int)(uintptr_t)r);
    }
    void *r;
    pthread_join(timed, &r);
    printf("timed waiter: %d\n", (int)(uintptr_t)r);
    pthread_t p;
    if (pthread_create(&p, NULL, ping_waiter, NULL) != 0) return 1;
    for (uint32_t i = 1; i <= ROUNDS; i++) {
        __atomic_store_n(word(8), i, __ATOMIC_SEQ_CST);
        wasmc_atomic_notify(&vm, 0, 8, UINT32_MAX);
    }
    pthread_join(p, NULL);
    printf("ping-pong done\n");
    printf("notify after the threads %d\n", call(b, "notify", 8, 1, 0));

    wasmc_linker_t *l2 = wasmc_linker_new();
    if (!wasmc_linker_define_memory(l2, "host", "shm", 1, true, 2)) return 1;
    if (!wasmc_linker_instantiate(l2, &app_module, err, sizeof err, &trap, NULL))
        printf("unshared: %s\n", err);
    wasmc_linker_free(l2);
    wasmc_linker_free(l);
    return 0;
}
