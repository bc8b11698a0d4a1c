/* main.c: the driver of executables built by `wasmc build`.
 *
 * Links against the module descriptor the compiler emitted (wasmc_module)
 * and, optionally, the build-time capability configuration
 * (wasmc_exe_config: --dir, --env, --max-memory). It sets up WASI, then runs
 * the guest -- instantiation, start function and `_start` -- on a thread of
 * its own so the guest's native stack size is under our control (the main
 * thread's is whatever the user's ulimit says).
 *
 * Imports: WASI, wasi-threads, then the host functions linked in with
 * `wasmc build --link` (host_link.c).
 *
 * Exit status: the guest's proc_exit status; 0 when _start returns; 134
 * (like an abort) after printing a trap; 1 for link and setup errors. With
 * wasi-threads (wasi_threads.c) every thread ends the process the same way,
 * through wasmc_process_exit: the first one to get there wins.
 *
 * Run-time knobs (environment): WASMC_STACK_SIZE = guest stack in bytes
 * (optional k/m/g suffix), default WASMC_DEFAULT_STACK_SIZE (parsed by
 * wasmc_stack_size_from_env, stack_size.c). The memory limit
 * comes only from the build-time configuration (max_memory) for now; a
 * WASMC_MAX_MEMORY run-time override is not implemented.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include "gc.h"

#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

extern const struct wasmc_module_desc WASMC_DEFAULT_MODULE_SYMBOL;

/* The configuration is optional. ELF: a weak undefined reference is NULL
 * when no object defines it. Mach-O does not allow undefined weak references
 * without extra linker flags, so there we provide a weak all-zero default
 * that a real definition overrides (abi_version 0 = absent). */
#if defined(__APPLE__)
__attribute__((weak)) const struct wasmc_exe_config WASMC_EXE_CONFIG_SYMBOL = {0};
#else
extern const struct wasmc_exe_config WASMC_EXE_CONFIG_SYMBOL __attribute__((weak));
#endif

#define EXIT_TRAP 134
#define EXIT_SETUP_ERROR 1

static const struct wasmc_exe_config *exe_config(void) {
    const struct wasmc_exe_config *cfg = &WASMC_EXE_CONFIG_SYMBOL;
    if (!cfg || cfg->abi_version == 0) return NULL;
    return cfg;
}

WASMC_NORETURN WASMC_PRINTF(1, 2) static void die(const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "wasmc: error: %s\n", msg);
    exit(EXIT_SETUP_ERROR);
}

/* ---- resolving imports ------------------------------------------------------ */

/* A shared memory import (wasi-threads: the module imports the memory its
 * threads share; any module and name, as Wasmtime): created here with the
 * declared limits, for the life of the process. The instances of the other
 * threads import this same memory (wasi_threads.c). */
static bool shared_memory_import(const struct wasmc_module_desc *desc,
                                 const struct wasmc_import_desc *imp, struct wasmc_extern *out) {
    const struct wasmc_memory_desc *type = &desc->memories[imp->index];
    if (!type->shared) return false;
    char err[256];
    bool guard = !(desc->flags & WASMC_FLAG_EXPLICIT_BOUNDS);
    struct wasmc_memory *mem = wasmc_memory_new(type, guard, err, sizeof err);
    if (!mem) die("cannot create the imported shared memory: %s", err);
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_MEMORY;
    out->memory = mem;
    return true;
}

/* The program's WASI context (wasmc_wasi_init), for the main instance and
 * those of wasi-threads threads. */
static struct wasmc_wasi_ctx *wasi_ctx;

static bool wasi_resolve(void *data, const struct wasmc_module_desc *desc,
                         const struct wasmc_import_desc *imp, struct wasmc_extern *out) {
    if (imp->kind == WASMC_EXTERN_MEMORY) return shared_memory_import(desc, imp, out);
    /* Otherwise only function imports: an executable reports a non-function
     * import of a WASI name as unknown (the embedding linker offers the
     * function). */
    if (imp->kind != WASMC_EXTERN_FUNC) return false;
    return wasmc_wasi_resolve(imp, wasi_ctx, data, out) ||
           wasmc_threads_resolve(imp, wasi_ctx, data, out) || wasmc_linked_resolve(imp, data, out);
}

/* ---- the guest thread ---------------------------------------------------- */

static int run_guest(void) {
    const struct wasmc_module_desc *desc = &WASMC_DEFAULT_MODULE_SYMBOL;
    char err[512];
    struct wasmc_trap_info trap;
    enum wasmc_outcome outcome;
    struct wasmc_wasi_import resolver;
    memset(&resolver, 0, sizeof resolver);
    if (!wasmc_linked_check(desc, err, sizeof err)) {
        fprintf(stderr, "wasmc: error: %s\n", err);
        return EXIT_SETUP_ERROR;
    }

    struct wasmc_instance *inst =
        wasmc_instantiate_ex(desc, wasi_resolve, &resolver, err, sizeof err, &trap, &outcome);
    if (!inst) {
        switch (outcome) {
        case WASMC_TRAPPED: wasmc_print_trap(&trap); return EXIT_TRAP;
        case WASMC_EXCEPTION:
            wasmc_exception_free(trap.exception);
            wasmc_print_trap(&trap);
            return EXIT_TRAP;
        case WASMC_EXITED: return (int)trap.exit_status;
        case WASMC_OK: break;
        }
        fprintf(stderr, "wasmc: error: %s\n", err);
        return EXIT_SETUP_ERROR;
    }

    const struct wasmc_export_desc *start =
        wasmc_find_export(inst, "_start", strlen("_start"), WASMC_EXTERN_FUNC);
    if (!start) {
        fprintf(stderr, "wasmc: error: module has no _start export\n");
        return EXIT_SETUP_ERROR;
    }
    const struct wasmc_type_desc *type = &desc->types[desc->funcs[start->index].type_index];
    if (type->num_params != 0 || type->num_results != 0) {
        fprintf(stderr, "wasmc: error: _start must take no parameters and return nothing\n");
        return EXIT_SETUP_ERROR;
    }
    union wasmc_val vals[1];
    memset(vals, 0, sizeof vals);
    switch (wasmc_call(&inst->vmctx.funcrefs[start->index], vals, &trap)) {
    case WASMC_OK: return 0;
    case WASMC_EXITED: return (int)trap.exit_status;
    case WASMC_TRAPPED:
    case WASMC_EXCEPTION: wasmc_exception_free(trap.exception); break;
    }
    trap.exception = NULL;
    /* Printed under the exit lock: not interleaved with another thread's trap. */
    wasmc_process_exit(EXIT_TRAP, &trap);
}

static void *guest_thread(void *arg) {
    *(int *)arg = run_guest();
    return NULL;
}

int main(int argc, char **argv) {
    const struct wasmc_exe_config *cfg = exe_config();
    if (cfg && cfg->abi_version != WASMC_ABI_VERSION)
        die("executable configuration has ABI version %u, runtime has %u", cfg->abi_version,
            WASMC_ABI_VERSION);
    wasmc_max_memory_bytes = cfg ? cfg->max_memory : 0;
    wasmc_gc_heap_max_bytes = cfg ? cfg->max_gc_heap : 0;
    /* Before anything runs: code built for CPU features this machine lacks
     * would die by SIGILL somewhere in the middle. (A descriptor of another
     * ABI version is reported by the instantiation.) */
    const struct wasmc_module_desc *desc = &WASMC_DEFAULT_MODULE_SYMBOL;
    char cpu_msg[512];
    if (desc->abi_version == WASMC_ABI_VERSION &&
        !wasmc_check_cpu_features(desc, "program", cpu_msg, sizeof cpu_msg)) {
        fprintf(stderr, "wasmc: %s\n", cpu_msg);
        exit(EXIT_SETUP_ERROR);
    }
    /* Multi-versioned code (--cpu A+B): pick the variant now, before any
     * wasm runs; the instantiation finds the same choice. */
    if (desc->abi_version == WASMC_ABI_VERSION && !wasmc_module_variant(desc, cpu_msg, sizeof cpu_msg))
        die("%s", cpu_msg);
    wasi_ctx = wasmc_wasi_init(cfg, argc, argv, environ);
    wasmc_install_signal_handlers();

    char stack_err[256];
    size_t stack_size = wasmc_stack_size_from_env(stack_err, sizeof stack_err);
    if (!stack_size) die("%s", stack_err);
    pthread_attr_t attr;
    pthread_t thread;
    int status = EXIT_SETUP_ERROR;
    if (pthread_attr_init(&attr) != 0) wasmc_fatal("pthread_attr_init failed");
    int rc = pthread_attr_setstacksize(&attr, stack_size);
    if (rc != 0) die("cannot use a guest stack of %zu bytes: %s", stack_size, strerror(rc));
    /* A guard larger than one page, so that a host frame that overruns the
     * reserve below the wasm stack limit is likelier to fault than to skip it. */
    (void)pthread_attr_setguardsize(&attr, 64u << 10);
    rc = pthread_create(&thread, &attr, guest_thread, &status);
    if (rc != 0) die("cannot start the guest thread (stack %zu bytes): %s", stack_size, strerror(rc));
    pthread_attr_destroy(&attr);
    rc = pthread_join(thread, NULL);
    if (rc != 0) wasmc_fatal("pthread_join failed: %s", strerror(rc));
    /* exit(), not _exit(): run atexit handlers and flush stdio, if any;
     * through wasmc_process_exit, as a wasi-threads thread may be ending
     * the process at the same time. */
    wasmc_process_exit(status, NULL);
}
