/* wasi_threads.c: wasi-threads, the `wasi` `thread-spawn` import, for
 * executables built by `wasmc build`.
 *
 * The proposal (github.com/WebAssembly/wasi-threads): a module that imports
 * a shared memory may import
 *     (import "wasi" "thread-spawn" (func (param i32 start_arg) (result i32)))
 * and export
 *     (func (export "wasi_thread_start") (param i32 tid) (param i32 start_arg))
 * thread-spawn creates a new thread that runs wasi_thread_start(tid,
 * start_arg) in a new instance of the same module, which imports the same
 * shared memory (and everything else as the first instance did); it returns
 * the thread id, 1 .. 2^29-1, or a negative value when no thread can be
 * created (wasi-libc's pthread_create then fails with EAGAIN).
 *
 * Here each wasm thread is an OS thread (detached: the guest joins its
 * threads through the shared memory, as wasi-libc does) with
 *   - its own instance, instantiated on the spawning thread (so that a link
 *     error or a trap in a start function is a -1 for the caller), in a
 *     stack-limit domain of its own (code_registry.h): its prologue checks
 *     compare against its own thread's stack;
 *   - a native stack of WASMC_STACK_SIZE bytes (default
 *     WASMC_DEFAULT_STACK_SIZE, as the main guest thread), with its own
 *     stack limit, alternate signal stack and activation stack (trap.c sets
 *     them up on the thread's first wasmc_call), so traps and backtraces work
 *     on every thread;
 *   - at most WASMC_MAX_WASI_THREADS (config.h) threads alive at once besides
 *     the main one; thread-spawn returns -1 beyond that.
 * Ending the process (wasmc_process_exit): a trap (or an uncaught exception)
 * in any thread prints the trap message and that thread's backtrace and
 * ends the process with status 134; proc_exit in any thread ends it with
 * that status; the main thread returning from _start ends it with 0, as the
 * proposal says. The first thread to end the process wins: the others
 * block in wasmc_process_exit until exit() has finished.
 *
 * A new instance is a full instantiation: the module's active data and
 * element segments are applied again and its start function runs again,
 * now into the shared memory that the other threads use. Toolchains emit
 * passive segments for a shared memory for that reason (wasi-libc:
 * __wasm_init_memory, run once by the first thread).
 *
 * What a thread-spawn needs from the module: a shared memory that it
 * imports (memory.c creates shared memories; main.c creates the one the
 * main instance imports), and the export wasi_thread_start of type
 * (i32, i32) -> (). Without them thread-spawn returns -1.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include "code_registry.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define EXIT_TRAP 134
#define TID_MAX 0x1fffffff /* thread ids are 1 .. 2^29-1 */

static _Atomic uint32_t next_tid = 1;
static _Atomic uint32_t live_threads;

/* ---- ending the process -------------------------------------------------- */

static pthread_mutex_t exit_mu = PTHREAD_MUTEX_INITIALIZER;

WASMC_NORETURN void wasmc_process_exit(int status, const struct wasmc_trap_info *trap) {
    /* Never unlocked: whoever comes second waits here until exit() ends the
     * process, so a trap message is never interleaved with another and
     * exit() never runs twice at once. */
    pthread_mutex_lock(&exit_mu);
    if (trap) wasmc_print_trap(trap);
    exit(status);
}

/* ---- what a module must have ---------------------------------------------- */

/* The index of the shared memory `desc` imports, or -1. */
static int64_t imported_shared_memory(const struct wasmc_module_desc *desc) {
    for (uint32_t i = 0; i < desc->num_memories; i++)
        if (desc->memories[i].imported && desc->memories[i].shared) return i;
    return -1;
}

/* The function index of export wasi_thread_start: (i32, i32) -> (), or -1. */
static int64_t thread_start_export(const struct wasmc_instance *inst) {
    static const char name[] = "wasi_thread_start";
    const struct wasmc_export_desc *ex =
        wasmc_find_export(inst, name, sizeof name - 1, WASMC_EXTERN_FUNC);
    if (!ex) return -1;
    const struct wasmc_module_desc *d = inst->desc;
    const struct wasmc_type_desc *t = &d->types[d->funcs[ex->index].type_index];
    if (t->num_params != 2 || t->num_results != 0 || t->params[0] != WASMC_TYPE_I32 ||
        t->params[1] != WASMC_TYPE_I32)
        return -1;
    return ex->index;
}

/* ---- resolving a thread's imports ------------------------------------------ */

static void thread_spawn(void *data, struct wasmc_vmctx *caller, union wasmc_val *v);

bool wasmc_threads_resolve(const struct wasmc_import_desc *imp, struct wasmc_wasi_ctx *ctx,
                           struct wasmc_wasi_import *scratch, struct wasmc_extern *out) {
    static const char module[] = "wasi", name[] = "thread-spawn";
    if (imp->kind != WASMC_EXTERN_FUNC ||
        !wasmc_name_eq(imp->module, imp->module_len, module, sizeof module - 1) ||
        !wasmc_name_eq(imp->name, imp->name_len, name, sizeof name - 1))
        return false;
    static const uint8_t i32[1] = {WASMC_TYPE_I32};
    scratch->rec.func = thread_spawn;
    scratch->rec.data = ctx;
    wasmc_host_funcref_init(&scratch->ref, &scratch->rec, wasmc_type_id(i32, 1, i32, 1));
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->func = &scratch->ref;
    return true;
}

/* A new thread's instance imports what the spawning one did: the same
 * memories (the shared memory above all), WASI, thread-spawn. */
struct child_link {
    const struct wasmc_vmctx *parent;
    struct wasmc_wasi_ctx *wasi;
    struct wasmc_wasi_import scratch;
};

static bool child_resolve(void *data, const struct wasmc_module_desc *desc,
                          const struct wasmc_import_desc *imp, struct wasmc_extern *out) {
    struct child_link *cl = data;
    (void)desc;
    switch (imp->kind) {
    case WASMC_EXTERN_MEMORY:
        memset(out, 0, sizeof *out);
        out->kind = WASMC_EXTERN_MEMORY;
        out->memory = cl->parent->memories[imp->index];
        return true;
    case WASMC_EXTERN_FUNC:
        return wasmc_wasi_resolve(imp, cl->wasi, &cl->scratch, out) ||
               wasmc_threads_resolve(imp, cl->wasi, &cl->scratch, out) ||
               wasmc_linked_resolve(imp, &cl->scratch, out);
    default: return false; /* as for the main instance (main.c) */
    }
}

/* ---- the threads ----------------------------------------------------------- */

struct wasi_thread {
    struct wasmc_instance *inst;
    struct wasmc_stack_domain *domain;
    uint32_t start; /* function index of wasi_thread_start */
    uint32_t tid, arg;
};

static void thread_free(struct wasi_thread *t) {
    wasmc_instance_free(t->inst);
    wasmc_stack_domain_free(t->domain);
    free(t);
    atomic_fetch_sub_explicit(&live_threads, 1, memory_order_relaxed);
}

static void *thread_main(void *arg) {
    struct wasi_thread *t = arg;
    union wasmc_val vals[2];
    memset(vals, 0, sizeof vals);
    vals[0].i32 = t->tid;
    vals[1].i32 = t->arg;
    struct wasmc_trap_info trap;
    switch (wasmc_call(&t->inst->vmctx.funcrefs[t->start], vals, &trap)) {
    case WASMC_OK: break;
    case WASMC_EXITED: wasmc_process_exit((int)trap.exit_status, NULL);
    case WASMC_TRAPPED:
    case WASMC_EXCEPTION:
        /* The exception object is not freed: the process ends. */
        wasmc_process_exit(EXIT_TRAP, &trap);
    }
    thread_free(t);
    return NULL;
}

/* The native stack of a wasm thread: WASMC_STACK_SIZE, read once. */
static size_t thread_stack_size;
static void read_stack_size(void) {
    char err[256];
    thread_stack_size = wasmc_stack_size_from_env(err, sizeof err);
    if (!thread_stack_size) fprintf(stderr, "wasmc: thread-spawn: %s\n", err);
}

/* Everything that can fail, in order; -1 on the first failure. */
static int32_t spawn(struct wasmc_vmctx *caller, uint32_t start_arg, struct wasmc_wasi_ctx *wasi) {
    const struct wasmc_instance *parent = (const struct wasmc_instance *)(void *)caller;
    const struct wasmc_module_desc *desc = parent->desc;
    if (imported_shared_memory(desc) < 0) return -1;
    if (thread_start_export(parent) < 0) return -1;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, read_stack_size);
    if (!thread_stack_size) return -1;

    if (atomic_fetch_add_explicit(&live_threads, 1, memory_order_relaxed) >=
        WASMC_MAX_WASI_THREADS) {
        atomic_fetch_sub_explicit(&live_threads, 1, memory_order_relaxed);
        return -1;
    }
    uint32_t tid = atomic_fetch_add_explicit(&next_tid, 1, memory_order_relaxed);
    if (tid == 0 || tid > TID_MAX) { /* ids are not reused: 2^29-1 spawns in all */
        atomic_store_explicit(&next_tid, TID_MAX + 1, memory_order_relaxed);
        atomic_fetch_sub_explicit(&live_threads, 1, memory_order_relaxed);
        return -1;
    }

    struct wasi_thread *t = wasmc_xcalloc(1, sizeof *t);
    t->tid = tid;
    t->arg = start_arg;
    t->domain = wasmc_stack_domain_new();
    struct child_link cl;
    memset(&cl, 0, sizeof cl);
    cl.parent = caller;
    cl.wasi = wasi;
    char err[256];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    t->inst = wasmc_instantiate_in(desc, child_resolve, &cl, err, sizeof err, &trap, &outcome,
                                   t->domain);
    if (!t->inst) {
        /* The new instance's start function ran wasm of the new thread (on
         * this one): its proc_exit or trap ends the process, as in any
         * thread. A link or resource error is a -1. */
        if (outcome == WASMC_EXITED) wasmc_process_exit((int)trap.exit_status, NULL);
        if (outcome == WASMC_TRAPPED || outcome == WASMC_EXCEPTION)
            wasmc_process_exit(EXIT_TRAP, &trap);
        thread_free(t);
        return -1;
    }
    t->start = (uint32_t)thread_start_export(t->inst);

    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) {
        thread_free(t);
        return -1;
    }
    pthread_t thread;
    int rc = pthread_attr_setstacksize(&attr, thread_stack_size);
    (void)pthread_attr_setguardsize(&attr, 64u << 10); /* as main.c's guest thread */
    if (rc == 0) rc = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (rc == 0) rc = pthread_create(&thread, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        thread_free(t);
        return -1;
    }
    return (int32_t)tid;
}

static void thread_spawn(void *data, struct wasmc_vmctx *caller, union wasmc_val *v) {
    v[0].i32 = (uint32_t)spawn(caller, v[0].i32, data);
}
