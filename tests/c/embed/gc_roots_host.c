/* Embedding host for wat/embed/gc_roots.wat (tests/gc_embed.rs): GC
 * references held by the host across calls into wasm.
 * - 100 objects from "make" are rooted with wasmc_gc_root_new, then "churn"
 *   allocates far more than the heap holds (many collections), an explicit
 *   wasmc_gc_collect runs too, and every rooted object is passed back to
 *   "get": its fields must be intact (v + v+1);
 * - "hold" keeps objects in its frame across a call of the host function
 *   "reenter", which checks the object it was passed, calls "churn" (wasm
 *   inside the host call: collections that must see the outer wasm frame
 *   and the host call's argument array) and checks it again;
 * - the handles are freed, more churn runs, and the linker (with its heap)
 *   is freed: nothing may crash.
 * Prints "ok N" with the number of objects checked. */
#include <stdio.h>
#include <stdlib.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;

#define N 100

static wasmc_instance_t *g_inst;
static int g_reentered;

static void call(wasmc_instance_t *inst, const char *name, union wasmc_val *v);

/* host "reenter" (anyref): collect from inside a host call. */
static void reenter(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data;
    (void)caller;
    union wasmc_val v[1];
    v[0].i32 = 100000; /* about 11 MB: collections with the default budget */
    call(g_inst, "churn", v);
    wasmc_gc_collect(g_inst);
    if (!vals[0].ref) exit(3);
    g_reentered++;
}

static void call(wasmc_instance_t *inst, const char *name, union wasmc_val *v) {
    struct wasmc_trap_info trap;
    if (wasmc_instance_call(inst, name, v, &trap) != WASMC_OK) {
        fprintf(stderr, "%s: %s\n", name, wasmc_trap_message(trap.code));
        exit(1);
    }
}

int main(void) {
    wasmc_gc_set_heap_size(8 << 20); /* small: collections are frequent */
    wasmc_linker_t *l = wasmc_linker_new();
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_linker_define_func(l, "host", "reenter", "a", "", reenter, NULL);
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    g_inst = inst;
    if (!inst) {
        fprintf(stderr, "error: %s\n", err);
        return 1;
    }
    wasmc_gc_root_t *roots[N];
    union wasmc_val v[1];
    for (int i = 0; i < N; i++) {
        v[0].i64 = (uint64_t)i * 10;
        call(inst, "make", v);
        roots[i] = wasmc_gc_root_new(v[0].ref);
        v[0].i32 = 2000; /* garbage between the makes too */
        call(inst, "churn", v);
    }
    for (int r = 0; r < 20; r++) {
        v[0].i32 = 20000;
        call(inst, "churn", v);
    }
    wasmc_gc_collect(inst);
    int ok = 0;
    for (int i = 0; i < N; i++) {
        v[0].ref = wasmc_gc_root_get(roots[i]);
        call(inst, "get", v);
        if (v[0].i64 != (uint64_t)i * 20 + 1) {
            printf("object %d: %llu\n", i, (unsigned long long)v[0].i64);
            return 1;
        }
        ok++;
    }
    for (int i = 0; i < 10; i++) {
        v[0].i64 = (uint64_t)i * 1000;
        call(inst, "hold", v);
        if (v[0].i64 != (uint64_t)i * 3000 + 2) {
            printf("hold %d: %llu\n", i, (unsigned long long)v[0].i64);
            return 1;
        }
    }
    if (g_reentered != 10) return 4;
    for (int i = 0; i < N; i++) wasmc_gc_root_free(roots[i]);
    wasmc_gc_root_free(NULL);
    v[0].i32 = 20000;
    call(inst, "churn", v);
    wasmc_gc_collect(inst);
    wasmc_linker_free(l);
    printf("ok %d\n", ok);
    return 0;
}
