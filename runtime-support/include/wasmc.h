/* wasmc.h: the C embedding API of the wasmc runtime.
 *
 * A host program includes this header to instantiate modules that wasmc
 * compiled ahead of time (`wasmc build --emit obj`), give them host functions,
 * memories, tables and globals to import, and call their exports. It is plain
 * C99 (usable from C++ too); the ABI types it builds on (union wasmc_val,
 * wasmc_host_fn, the WASMC_TYPE_* and WASMC_TRAP_* codes, the module
 * descriptor) come from the generated wasmc_abi.h next to it.
 *
 * Building: compile the module with a symbol name of your choice, write the
 * runtime library, link everything:
 *
 *     wasmc build app.wat --emit obj --module-symbol app_module -o app.o
 *     wasmc runtime --out-dir rt
 *     cc -I rt/include host.c app.o rt/libwasmc_rt.a -lm -pthread -o host
 *
 * Example (app.wat imports "env" "log" (func (param i32)) and exports
 * "add" (func (param i32 i32) (result i32))):
 *
 *     #include <stdio.h>
 *     #include "wasmc.h"
 *
 *     extern const struct wasmc_module_desc app_module;
 *
 *     static void log_i32(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
 *         (void)data; (void)caller;
 *         printf("log: %d\n", (int)(int32_t)vals[0].i32);
 *     }
 *
 *     int main(void) {
 *         wasmc_linker_t *linker = wasmc_linker_new();
 *         wasmc_linker_define_func(linker, "env", "log", "i", "", log_i32, NULL);
 *         char err[256];
 *         struct wasmc_trap_info trap;
 *         enum wasmc_outcome outcome;
 *         wasmc_instance_t *inst =
 *             wasmc_linker_instantiate(linker, &app_module, err, sizeof err, &trap, &outcome);
 *         if (!inst) {
 *             if (outcome == WASMC_TRAPPED) wasmc_print_trap(&trap);
 *             else fprintf(stderr, "error: %s\n", err);
 *             return 1;
 *         }
 *         union wasmc_val vals[2];  // max(#params, #results) slots
 *         vals[0].i32 = 40;
 *         vals[1].i32 = 2;
 *         if (wasmc_instance_call(inst, "add", vals, &trap) == WASMC_OK)
 *             printf("40 + 2 = %u\n", vals[0].i32);
 *         else
 *             wasmc_print_trap(&trap);
 *         wasmc_linker_free(linker);  // frees the instance too
 *         return 0;
 *     }
 *
 * Values: union wasmc_val holds one value of any type: .i32/.i64 (unsigned;
 * cast for signed), .f32/.f64, .v128 (16 bytes in memory order, lane 0
 * first), .ref (funcref/externref/anyref; NULL is the null reference). An
 * externref is any even pointer-sized value the host chooses (any aligned
 * pointer); the runtime never dereferences it. Odd values are i31
 * references (`(v << 1) | 1`), which wasm can turn into externrefs with
 * extern.convert_any; they round-trip unchanged. An anyref is NULL, an i31,
 * or a host value that wasm converted with any.convert_extern. A non-null
 * funcref must come from wasm (an export's result, a table, a global);
 * hosts cannot create one from scratch.
 *
 * Value type strings (host function signatures): one letter per value,
 * 'i' = i32, 'I' = i64, 'f' = f32, 'F' = f64, 'V' = v128, 'r' = funcref,
 * 'e' = externref, 'a' = anyref; "" for none. E.g. (i32, f64) -> i64 is "iF", "I".
 *
 * Names: wasm import and export names are UTF-8 strings that may contain
 * NUL bytes (U+0000). The functions below take ordinary C strings; for a
 * name that contains a NUL byte (or is not NUL-terminated), use the *_n
 * variant, which takes the name as a pointer and a length in bytes and is
 * otherwise identical: wasmc_instance_func_type_n, wasmc_instance_call_n,
 * wasmc_instance_global_get_n, wasmc_instance_global_set_n,
 * wasmc_instance_memory_n, wasmc_caller_export_memory_n and
 * wasmc_linker_define_instance_n. Names are compared byte for byte,
 * lengths included: "f" and "f\0" are different names. Messages show a
 * name's control bytes, DEL and backslashes as \hh (e.g. "unknown import:
 * m.a\00b"); wasmc_name_print does the same for the host's own messages.
 *
 * Traps and the stack: calls into wasm (wasmc_instance_call, instantiation
 * running a start function) return WASMC_TRAPPED with a wasmc_trap_info when
 * the guest traps, WASMC_EXCEPTION when a wasm exception escapes the call (no
 * try_table in any of its wasm frames caught it; the host gets the exception
 * in wasmc_trap_info.exception, see "exceptions" below), and
 * WASMC_EXITED when it calls WASI proc_exit; the host can always call again
 * afterwards. Exceptions cross host frames only explicitly: one thrown by
 * wasm that a host function called ends that inner call, the host function
 * sees WASMC_EXCEPTION and may rethrow it to its own wasm caller with
 * wasmc_host_throw (or throw a new one). Wasm runs on the calling thread's native
 * stack. The runtime keeps the lowest 256 KiB (WASMC_HOST_STACK_RESERVE when
 * it was built) for host code and traps with "call stack exhausted" when
 * wasm would go below that, so the usable recursion depth depends on the
 * thread's stack size: run wasm on a thread with a known, large enough stack
 * (e.g. pthread_attr_setstacksize) when that matters; wasmc_stack_size_from_env
 * gives the size wasmc-built executables use. On the first call the
 * runtime installs SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers (faults that are not
 * wasm traps go on to the previously installed handlers) and an alternate
 * signal stack for the calling thread.
 *
 * Threads: a linker, and the instances and externs it created, are used
 * from one thread at a time (calls into wasm included: a linker's instances
 * may call each other, so they share one stack limit, that of the thread
 * that last called into one of them). Different linkers may be used from
 * different threads at the same time: instantiation, calls, traps, stack
 * exhaustion, backtraces and host functions work on every thread, each with
 * its own stack limit and signal stack, and the WASI functions (state per
 * linker, see "WASI" below) may be called by instances on any number of
 * threads at once. Functions of one linker's
 * instances must not be called by another linker's wasm or passed into its
 * tables. A shared memory (threads proposal) is the one thing instances
 * running on different threads may share.
 *
 * Errors: functions return false/NULL; wasmc_linker_error() says why.
 * Host failures (out of memory, a corrupt module descriptor) abort with a
 * "wasmc runtime: ..." message instead.
 *
 * Compile-time switch: WASMC_MAX_BACKTRACE (frames recorded in a
 * wasmc_trap_info, default 64) must have the same value for the host and the
 * runtime library.
 */
#ifndef WASMC_H
#define WASMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* wasmc_abi.h checks its layouts with C11 _Static_assert. Pre-C11 C (glibc's
 * <sys/cdefs.h> has its own fallback, other C libraries may not) and C++ get
 * an equivalent here, only while that header is read. */
#if !defined(WASMC_ABI_H) && !defined(_Static_assert)
#if defined(__cplusplus)
#if __cplusplus >= 201103L
#define _Static_assert(cond, msg) static_assert(cond, msg)
#else
#define _Static_assert(cond, msg) typedef char wasmc_static_assert_[(cond) ? 1 : -1]
#endif
#define WASMC_H_STATIC_ASSERT_SHIM
#elif !defined(__STDC_VERSION__) || __STDC_VERSION__ < 201112L
#define _Static_assert(cond, msg) extern int wasmc_static_assert_[(cond) ? 1 : -1]
#define WASMC_H_STATIC_ASSERT_SHIM
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

#include "wasmc_abi.h"

#ifdef WASMC_H_STATIC_ASSERT_SHIM
#undef _Static_assert
#undef WASMC_H_STATIC_ASSERT_SHIM
#endif

#if defined(__cplusplus) && __cplusplus >= 201103L
#define WASMC_API_NORETURN [[noreturn]]
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define WASMC_API_NORETURN _Noreturn
#elif defined(__GNUC__)
#define WASMC_API_NORETURN __attribute__((noreturn))
#else
#define WASMC_API_NORETURN
#endif

#ifndef WASMC_MAX_BACKTRACE
#define WASMC_MAX_BACKTRACE 64
#endif

/* ---- outcomes and traps -------------------------------------------------- */

/* How a call into wasm ended. */
enum wasmc_outcome {
    WASMC_OK = 0,      /* returned normally */
    WASMC_TRAPPED = 1, /* trapped: wasmc_trap_info.code and backtrace */
    WASMC_EXITED = 2,  /* called proc_exit: wasmc_trap_info.exit_status */
    WASMC_EXCEPTION = 3 /* a wasm exception was not caught: wasmc_trap_info.code is
                           WASMC_TRAP_UNCAUGHT_EXCEPTION, with the backtrace of the
                           throw (wasmc_print_trap prints it like a trap), and
                           wasmc_trap_info.exception is the exception */
};

struct wasmc_trap_info {
    uint32_t code;        /* WASMC_TRAP_* when trapped */
    uint32_t exit_status; /* when exited */
    uint32_t num_frames;  /* backtrace, innermost first: function indices and modules */
    uint32_t frame_func[WASMC_MAX_BACKTRACE];
    const struct wasmc_module_desc *frame_module[WASMC_MAX_BACKTRACE];
    uint32_t more_frames; /* frames not recorded */
    /* WASMC_EXCEPTION: the exception nothing caught, now owned by the host
     * (see "exceptions" below): inspect it, rethrow it from a host function
     * (wasmc_host_throw) or free it (wasmc_exception_free). NULL otherwise. */
    struct wasmc_exn *exception;
};

/* The message of trap code `code` (WASMC_TRAP_*), e.g. "integer divide by
 * zero" or "call stack exhausted"; "unknown trap" for an unknown code. */
const char *wasmc_trap_message(uint32_t code);
/* Print "wasm trap: <message>" and the backtrace to stderr. */
void wasmc_print_trap(const struct wasmc_trap_info *info);

/* ---- host functions ------------------------------------------------------ */

/* A host function (wasmc_host_fn, from wasmc_abi.h) is called as
 * fn(data, caller, vals): arguments in vals[0..#params), results to be written
 * to vals[0..#results). `caller` is the calling instance's context, or NULL
 * when the host itself called the function (through an instance export). */

/* The calling instance's memory exported as "memory" (the memory WASI uses),
 * or its memory 0 when it exports none under that name, and its current size
 * in bytes; NULL (size 0) when the caller is NULL or has no memory. The
 * pointer stays valid while the instance lives (memories never move,
 * memory.grow only extends the size). Wasm memory is little-endian. */
uint8_t *wasmc_caller_memory(struct wasmc_vmctx *caller, uint64_t *size_bytes);
/* The calling instance's memory export `name` (any of its memories, with
 * multi-memory) and its size, like wasmc_instance_memory; NULL (size 0) when
 * the caller is NULL or exports no memory of that name. */
uint8_t *wasmc_caller_export_memory(struct wasmc_vmctx *caller, const char *name,
                                    uint64_t *size_bytes);
uint8_t *wasmc_caller_export_memory_n(struct wasmc_vmctx *caller, const char *name,
                                      size_t name_len, uint64_t *size_bytes);

/* From a host function: trap with `code` (WASMC_TRAP_*). Unwinds to the
 * host's call into wasm, which returns WASMC_TRAPPED. */
WASMC_API_NORETURN void wasmc_trap(uint32_t code);
/* From a host function: end the guest like WASI proc_exit. The host's call
 * returns WASMC_EXITED with this status. */
WASMC_API_NORETURN void wasmc_exit(uint32_t status);

/* ---- host functions of executables (wasmc build --link) -------------------- */

/* WASMC_HOST_FUNC(module, name, params, results, fn), at file scope in a C
 * file given to `wasmc build --link` (as a .c, .o or .a), makes the host
 * function fn (a wasmc_host_fn, called with data NULL) the definition of the
 * executable's import (module, name) of type params -> results (value type
 * strings as above; all four are string literals without NUL bytes):
 *
 *     static void add(void *data, struct wasmc_vmctx *caller, union wasmc_val *v) {
 *         (void)data; (void)caller;
 *         v[0].i64 = v[0].i64 + v[1].i64;
 *     }
 *     WASMC_HOST_FUNC("env", "add", "II", "I", add);
 *
 * Each use places a record in a section of its own (a linker set): the
 * runtime walks all of them at start-up and wasmc reads them from the
 * objects at build time, so imports without a definition and types that
 * disagree are build errors. Imports of wasi_snapshot_preview1 functions
 * stay WASI's. */
struct wasmc_host_func_reg {
    /* "wasmc-host-func\0" module "\0" name "\0" params "\0" results "\0" */
    const char *sig;
    wasmc_host_fn fn;
    void *data;
};

#if defined(__APPLE__)
#define WASMC_HOST_FUNC_SECTION_ "__DATA,wasmc_hostfn"
#define WASMC_HOST_SIG_SECTION_ "__TEXT,wasmc_hostsig"
#else
#define WASMC_HOST_FUNC_SECTION_ "wasmc_host_funcs"
#define WASMC_HOST_SIG_SECTION_ "wasmc_host_sigs"
#endif
#define WASMC_HOST_CAT2_(a, b) a##b
#define WASMC_HOST_CAT_(a, b) WASMC_HOST_CAT2_(a, b)
#define WASMC_HOST_FUNC_DATA_(id, module, name, params, results, fn, data)                 \
    __attribute__((used, section(WASMC_HOST_SIG_SECTION_))) static const char              \
        WASMC_HOST_CAT_(id, _sig)[] = "wasmc-host-func\0" module "\0" name "\0" params     \
                                      "\0" results;                                        \
    __attribute__((used, section(WASMC_HOST_FUNC_SECTION_),                               \
                   aligned(sizeof(void *)))) static const struct wasmc_host_func_reg id =     \
        {WASMC_HOST_CAT_(id, _sig), fn, data}
/* The same with a data pointer passed to fn (for generated code). */
#define WASMC_HOST_FUNC_WITH_DATA(module, name, params, results, fn, data)                 \
    WASMC_HOST_FUNC_DATA_(WASMC_HOST_CAT_(wasmc_host_reg_, __COUNTER__), module, name,      \
                          params, results, fn, data)
#define WASMC_HOST_FUNC(module, name, params, results, fn)                                 \
    WASMC_HOST_FUNC_WITH_DATA(module, name, params, results, fn, NULL)

/* ---- linker ---------------------------------------------------------------- */

/* A set of importable externs by (module, name), used to instantiate modules.
 * The linker owns everything it creates, the instances included: all of it
 * lives until wasmc_linker_free. Defining a (module, name) that is already
 * defined replaces the definition for later instantiations (instances that
 * already imported the old one keep it). */
typedef struct wasmc_linker wasmc_linker_t;
/* An instance of a compiled module (opaque). */
typedef struct wasmc_instance wasmc_instance_t;

wasmc_linker_t *wasmc_linker_new(void);
/* Free the linker, every instance it instantiated and every memory, table,
 * global and host function it defined. Nothing may use them afterwards.
 * Instances created elsewhere and registered with define_instance are not
 * freed. NULL is ignored. */
void wasmc_linker_free(wasmc_linker_t *linker);
/* Why the last failed call on this linker failed ("" if none did). */
const char *wasmc_linker_error(const wasmc_linker_t *linker);

/* ---- WASI --------------------------------------------------------------------
 *
 * wasi_snapshot_preview1 for a linker's instances, from a configuration:
 *
 *     wasmc_wasi_config_t *wasi = wasmc_wasi_config_new();
 *     char *args[] = {"app", "input.txt"};
 *     wasmc_wasi_config_set_args(wasi, 2, args);
 *     wasmc_wasi_config_env(wasi, "LANG", "C");
 *     wasmc_wasi_config_preopen_dir(wasi, "/srv/app-data", "/data");
 *     wasmc_wasi_config_stdio(wasi, 1, WASMC_WASI_STDIO_FD, log_fd);
 *     wasmc_wasi_config_stdio(wasi, 0, WASMC_WASI_STDIO_NULL, -1);
 *     if (!wasmc_linker_define_wasi_config(linker, wasi))
 *         fprintf(stderr, "%s\n", wasmc_linker_error(linker));
 *     wasmc_wasi_config_free(wasi);  // the linker keeps what it needs
 *
 * Defaults of a new configuration: no arguments, an empty environment, no
 * preopened directories (the guest sees no file system and cannot create
 * files), no sockets, stdin/stdout/stderr inherited (the process's fds 0-2).
 *
 * The sandbox is that of wasmc-built executables (README "WASI"): guest
 * paths resolve beneath a preopen and never escape it (absolute paths, ".."
 * past the root, symlinks leading outside: ERRNO_NOTCAPABLE). The guest's
 * descriptors are 0-2 (stdio), then the preopens in the order added, then
 * the listening sockets, then what it opens.
 *
 * State: each wasmc_linker_define_wasi_config makes a new WASI context (its
 * own copies of the arguments and environment, its own descriptor table with
 * freshly opened directories and duplicated descriptors) for the linker's
 * later instantiations. The instances of one linker that import WASI after
 * the same define share that context (one guest "process": a file one opens
 * is open for the others); two linkers, or two defines, never share
 * anything, so two instances with different configurations in one process
 * each see only their own directories, descriptors, arguments and
 * environment. A context lives until wasmc_linker_free (a later define only
 * replaces it for later instantiations).
 *
 * Ownership: the configuration copies every string and duplicates (dup,
 * close-on-exec) every descriptor given to it when the setter is called: the
 * caller keeps its own and may close it at once. Defining copies again, so
 * one configuration may serve several linkers and be freed right after.
 *
 * proc_exit: the guest's proc_exit(n) (and wasmc_exit from a host function)
 * ends only the call into wasm, never the host process: wasmc_instance_call
 * returns WASMC_EXITED with trap.exit_status = n (wasmc_linker_instantiate
 * returns NULL with *outcome WASMC_EXITED when a start function exits). The
 * instance's memory and WASI descriptors stay as they were; it may be
 * called again, although a C program (wasi-libc) whose _start returned or
 * exited has run its destructors and is not meant to be. As Wasmtime's
 * I32Exit: what the status means is the host's business.
 *
 * Threads: a configuration is used from one thread at a time (defining only
 * reads it: several threads may define from one configuration nobody
 * changes). A context's WASI calls may run on any number of threads at once.
 *
 * Diagnostics: WASMC_WASI_DEBUG=1 (the set-up on stderr) and
 * WASMC_FORCE_NO_OPENAT2=1 (the portable path resolver; process-wide) in the
 * process environment apply to defines as to executables. No other WASMC_*
 * variable (WASMC_DIRS, WASMC_ENV_*, WASMC_LISTEN...) affects an embedder:
 * capabilities come from the configuration only.
 */
typedef struct wasmc_wasi_config wasmc_wasi_config_t;

/* What a guest's fd 0, 1 or 2 is. */
enum wasmc_wasi_stdio {
    WASMC_WASI_STDIO_INHERIT = 0, /* the process's own descriptor 0/1/2 (default; absent
                                     for the guest if closed in the process) */
    WASMC_WASI_STDIO_NULL = 1,    /* /dev/null (reads give end of file, writes vanish) */
    WASMC_WASI_STDIO_FD = 2,      /* a descriptor of the host's (a file, a pipe...) */
    WASMC_WASI_STDIO_CLOSED = 3   /* none: the guest's fd is not open (ERRNO_BADF) */
};

/* A new configuration with the defaults above; never NULL (aborts when out
 * of memory). Free it with wasmc_wasi_config_free (NULL is ignored). */
wasmc_wasi_config_t *wasmc_wasi_config_new(void);
void wasmc_wasi_config_free(wasmc_wasi_config_t *cfg);
/* Why the last failed setter on `cfg` failed ("" if none did). Setters
 * return false, and change nothing, for invalid arguments. */
const char *wasmc_wasi_config_error(const wasmc_wasi_config_t *cfg);

/* The guest's arguments: argv[0..argc) (argv[0], the program name, included;
 * argc 0 for none), replacing earlier ones. false for argc < 0 or a NULL
 * argv or argv[i] with argc > 0. */
bool wasmc_wasi_config_set_args(wasmc_wasi_config_t *cfg, int argc, char *const *argv);
/* The guest's environment: exactly the "NAME=VALUE" strings of the
 * NULL-terminated array envp (NULL: empty), replacing the earlier one; a
 * later NAME replaces an earlier one. false for an entry without '=' or with
 * an empty NAME. */
bool wasmc_wasi_config_set_env(wasmc_wasi_config_t *cfg, char *const *envp);
/* Add NAME=VALUE to the guest's environment, replacing an earlier NAME.
 * false for an empty name or one containing '='. */
bool wasmc_wasi_config_env(wasmc_wasi_config_t *cfg, const char *name, const char *value);
/* Add the whole environment of the host process, as it is now (later
 * setters still replace single names). */
bool wasmc_wasi_config_inherit_env(wasmc_wasi_config_t *cfg);
/* Grant the host directory `host_path` to the guest as `guest_path` (the
 * name the guest's libc matches paths against, e.g. "/data" or "."; NULL or
 * "": host_path itself), like `wasmc build --dir HOST::GUEST`; repeatable.
 * The directory is opened by wasmc_linker_define_wasi_config (a relative
 * path against the working directory then); one that cannot be opened makes
 * the define fail ("cannot open directory PATH: reason"). */
bool wasmc_wasi_config_preopen_dir(wasmc_wasi_config_t *cfg, const char *host_path,
                                   const char *guest_path);
/* The same for a directory the host already opened (any descriptor of a
 * directory: O_RDONLY | O_DIRECTORY, or O_PATH on Linux), duplicated now, for
 * hosts that receive descriptors rather than paths. The guest's rights are
 * those of a preopen; what the host may do with the directory (its mode, the
 * descriptor's access mode) still limits them. false if `dir_fd` is not an
 * open directory or guest_path is empty. */
bool wasmc_wasi_config_preopen_fd(wasmc_wasi_config_t *cfg, int dir_fd, const char *guest_path);
/* What the guest's descriptor `guest_fd` (0, 1 or 2) is; `host_fd` is used
 * (duplicated now) only with WASMC_WASI_STDIO_FD and must be open. The
 * guest's reads, writes and seeks go to that open file description (shared
 * with the host's own descriptor, offset included); fd_close by the guest
 * closes only its duplicate. */
bool wasmc_wasi_config_stdio(wasmc_wasi_config_t *cfg, int guest_fd, enum wasmc_wasi_stdio mode,
                             int host_fd);
/* Hand the guest a listening stream socket (TCP or Unix) for sock_accept,
 * after the preopens, like `wasmc build --listen`; duplicated now. false if
 * `host_fd` is not an open, listening SOCK_STREAM socket. */
bool wasmc_wasi_config_listen_fd(wasmc_wasi_config_t *cfg, int host_fd);

/* Make wasi_snapshot_preview1 importable by the linker's later
 * instantiations, with a new WASI context made from `cfg` (opening its
 * directories now). false, with the reason in wasmc_linker_error and nothing
 * changed, when a directory cannot be opened or descriptors run out.
 * Functions defined explicitly under "wasi_snapshot_preview1" take
 * precedence over the built-in ones. */
bool wasmc_linker_define_wasi_config(wasmc_linker_t *linker, const wasmc_wasi_config_t *cfg);

/* Shorthand: a configuration with the arguments argv[0..argc), exactly the
 * environment envp ("NAME=VALUE" strings, NULL-terminated; NULL: empty;
 * entries without '=' are skipped), inherited stdio and nothing else. */
void wasmc_linker_define_wasi(wasmc_linker_t *linker, int argc, char **argv, char **envp);

/* A host function of type params -> results (value type strings, see above),
 * called as fn(data, caller, vals). false for a malformed type string. */
bool wasmc_linker_define_func(wasmc_linker_t *linker, const char *module, const char *name,
                              const char *params, const char *results, wasmc_host_fn fn,
                              void *data);

/* A new zero-filled linear memory (32-bit, unshared) of min_pages pages of
 * 64 KiB, growable to max_pages (has_max) or to 4 GiB. Importable by modules
 * compiled with either --bounds-checks mode (on 64-bit hosts it reserves
 * 6 GiB of address space). false if the limits are invalid or the memory
 * cannot be created. */
bool wasmc_linker_define_memory(wasmc_linker_t *linker, const char *module, const char *name,
                                uint64_t min_pages, bool has_max, uint64_t max_pages);
/* The same for a 64-bit memory (memory64, i64 addresses): limits up to 2^48
 * pages. It can grow to its maximum, or without one to the runtime's
 * memory64 cap (the configured maximum memory size, else
 * WASMC_MEMORY64_MAX_BYTES, 16 GiB by default); on 64-bit hosts it reserves
 * the larger of 4 GiB and that size, plus a 2 GiB guard. Its base and size
 * are read with wasmc_instance_memory and friends like any memory's. */
bool wasmc_linker_define_memory64(wasmc_linker_t *linker, const char *module, const char *name,
                                  uint64_t min_pages, bool has_max, uint64_t max_pages);
/* A new shared 32-bit memory (threads proposal: `(memory min max shared)`;
 * a shared memory always has a maximum), importable only by modules that
 * import a shared memory. Its base never moves; its length only grows, and
 * is published with a release store after the new pages are accessible, so
 * a thread that reads a length (acquire) may access everything below it.
 *
 * Thread safety with shared memories: the memory itself is safe for
 * concurrent use by wasm threads: they may access, grow, wait on and notify
 * it at the same time (wasm atomics are sequentially consistent; non-atomic
 * accesses race only as the wasm memory model allows; memory.grow is
 * serialised by a per-memory lock). A host touching the bytes while wasm
 * threads run must itself use atomics (or its own synchronisation) for
 * locations other threads use. A linker and its instances stay used by
 * one thread at a time (see "Threads" above); to run wasm on several
 * threads over one shared memory, give each thread its own linker and share
 * the memory into it with wasmc_linker_share_memory. */
bool wasmc_linker_define_shared_memory(wasmc_linker_t *linker, const char *module,
                                       const char *name, uint64_t min_pages, uint64_t max_pages);

/* Defines module.name in `linker` as the shared memory that `from` has as
 * from_module.from_name (defined there by wasmc_linker_define_shared_memory
 * or exported by an instance given to wasmc_linker_define_instance). The
 * memory stays alive while any owner does: the linker or instance that
 * created it, and each linker it was shared into (until wasmc_linker_free),
 * so the linkers may be freed in any order. Fails (false, message in
 * wasmc_linker_error(linker)) if there is no such memory or it is not
 * shared. Reads `from`: call it while no other thread uses `from` (e.g.
 * before starting the threads). Instances of the two linkers may then run
 * on different threads at once, each linker in its own thread: this is how
 * an embedder runs wasm threads (wasi-threads' thread-spawn is provided to
 * executables only). */
bool wasmc_linker_share_memory(wasmc_linker_t *linker, const char *module, const char *name,
                               const wasmc_linker_t *from, const char *from_module,
                               const char *from_name);

/* A new table of `min` elements (all null) of type elem_type
 * (WASMC_TYPE_FUNCREF or WASMC_TYPE_EXTERNREF), growable to `max` (has_max)
 * or without limit. */
bool wasmc_linker_define_table(wasmc_linker_t *linker, const char *module, const char *name,
                               uint8_t elem_type, uint32_t min, bool has_max, uint32_t max);
/* The same for a table64 (i64 indices); importable only by table64 imports.
 * Tables hold at most 10,000,000 elements whatever their index type. */
bool wasmc_linker_define_table64(wasmc_linker_t *linker, const char *module, const char *name,
                                 uint8_t elem_type, uint64_t min, bool has_max, uint64_t max);

/* A new global of type valtype (WASMC_TYPE_*) holding `value`. */
bool wasmc_linker_define_global(wasmc_linker_t *linker, const char *module, const char *name,
                                uint8_t valtype, bool mutable_, union wasmc_val value);

/* Make every export of `inst` importable as (module, export name): the
 * spec's `register`. Export names are used as they are, NUL bytes included.
 * The instance must outlive the linker's use of it. */
bool wasmc_linker_define_instance(wasmc_linker_t *linker, const char *module,
                                  wasmc_instance_t *inst);
/* The same with a module name of module_len bytes (may contain NULs). */
bool wasmc_linker_define_instance_n(wasmc_linker_t *linker, const char *module,
                                    size_t module_len, wasmc_instance_t *inst);

/* Instantiate the compiled module `desc` (the descriptor symbol of a module
 * object), resolving its imports with the linker; then apply its data and
 * element segments and run its start function. Returns the instance, owned by
 * the linker, or NULL:
 *   *outcome == WASMC_OK:      a link error ("unknown import: m.n",
 *                              "incompatible import type: m.n", ...) or a
 *                              resource error, described in err;
 *   *outcome == WASMC_TRAPPED: a segment or the start function trapped
 *                              (*trap; err says "trap: <message>");
 *   *outcome == WASMC_EXCEPTION: the start function threw an exception
 *                              nothing caught (err says "trap: uncaught
 *                              exception");
 *   *outcome == WASMC_EXITED:  the start function called proc_exit
 *                              (trap->exit_status).
 * A reactor (WASI reactor ABI: the module exports `_initialize` and no
 * `_start`) then has its _initialize called, once, before this returns; a
 * trap or exit there is reported as for the start function (err says "trap
 * in _initialize: ..."), the instance staying the linker's.
 * After a trap or exit, effects on imported memories and tables remain, as
 * the spec requires. err, trap and outcome may be NULL.
 * Multi-versioned code (`wasmc build --cpu baseline+x86-64-v3`): the first
 * instantiation of `desc` picks, once, the most capable variant this CPU
 * runs (or the one the environment variable WASMC_CPU_VARIANT=N forces; one
 * out of range or unsupported by this CPU is an error in err); every
 * instance of `desc` runs that variant. */
wasmc_instance_t *wasmc_linker_instantiate(wasmc_linker_t *linker,
                                           const struct wasmc_module_desc *desc, char *err,
                                           size_t err_len, struct wasmc_trap_info *trap,
                                           enum wasmc_outcome *outcome);

/* ---- instances: exports ----------------------------------------------------- */

/* Each function takes the export's name as a C string, and has a *_n variant
 * taking it as name_len bytes at `name`, for names that contain NUL bytes. */

/* The type of function export `name`: WASMC_TYPE_* bytes (pointers into the
 * module descriptor, valid for the life of the program). false if there is
 * no such function export. Any out-pointer may be NULL. */
bool wasmc_instance_func_type(wasmc_instance_t *inst, const char *name, const uint8_t **params,
                              uint32_t *num_params, const uint8_t **results,
                              uint32_t *num_results);
bool wasmc_instance_func_type_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                const uint8_t **params, uint32_t *num_params,
                                const uint8_t **results, uint32_t *num_results);

/* Call function export `name`: arguments in vals[0..#params), results
 * written to vals[0..#results), so vals needs max(#params, #results) slots
 * (may be NULL when both are 0). The arguments must match the function type
 * (wasmc_instance_func_type); there is no dynamic check, except for
 * reference arguments of typed reference parameters ((ref $t), (ref func):
 * compiled code trusts their type), where a null for a non-nullable one or a
 * function of another type is a host bug and aborts. `name` must be a
 * function export: calling a missing one is a host bug and aborts. trap may
 * be NULL. */
enum wasmc_outcome wasmc_instance_call(wasmc_instance_t *inst, const char *name,
                                       union wasmc_val *vals, struct wasmc_trap_info *trap);
enum wasmc_outcome wasmc_instance_call_n(wasmc_instance_t *inst, const char *name,
                                         size_t name_len, union wasmc_val *vals,
                                         struct wasmc_trap_info *trap);

/* Read global export `name`: its type (WASMC_TYPE_*) and value. false if
 * there is no such global export. valtype/out may be NULL. */
bool wasmc_instance_global_get(wasmc_instance_t *inst, const char *name, uint8_t *valtype,
                               union wasmc_val *out);
bool wasmc_instance_global_get_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                 uint8_t *valtype, union wasmc_val *out);
/* Write mutable global export `name`; false if there is no such global
 * export, it is immutable, or `value` lacks its reference type (null for a
 * non-nullable global, a function of another type for a (ref $t) one). */
bool wasmc_instance_global_set(wasmc_instance_t *inst, const char *name, union wasmc_val value);
bool wasmc_instance_global_set_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                 union wasmc_val value);

/* Base of memory export `name` and its current size in bytes (size_bytes may
 * be NULL), or NULL if there is no such memory export. The base never moves
 * (memory.grow only extends the size) and stays valid while the memory
 * lives. */
uint8_t *wasmc_instance_memory(wasmc_instance_t *inst, const char *name, uint64_t *size_bytes);
uint8_t *wasmc_instance_memory_n(wasmc_instance_t *inst, const char *name, size_t name_len,
                                 uint64_t *size_bytes);

/* ---- tags and exceptions ---------------------------------------------------- */

/* Exception tags (wasmc_tag_t) and exceptions (wasmc_exn_t), opaque.
 *
 * A tag's identity is its pointer: compare tags with ==. Each instantiation
 * of a module defines fresh tags; an imported tag is the exporter's (or the
 * host's) tag itself, so a tag exported by one instance and imported by
 * another is the same tag in both. Tags live as long as what created them:
 * the linker (wasmc_tag_new) or the instance that defines them.
 *
 * An exception is a tag and its payload: one value per parameter of the
 * tag's type. The host gets exceptions from calls into wasm that end with
 * WASMC_EXCEPTION (wasmc_trap_info.exception) and makes them with
 * wasmc_exception_new; it owns them until it frees them
 * (wasmc_exception_free) or hands them back to wasm (wasmc_host_throw). An
 * exception that wasm code held as an exnref (caught with catch_ref or
 * catch_all_ref) may still be referenced by wasm: freeing it is then a
 * no-op, it lives until the runtime can collect it (GC support).
 *
 * Throwing from a host function is explicit: the host function calls
 * wasmc_host_throw and returns; its wasm caller then sees the exception
 * thrown at the call, as if by a throw instruction there (a try_table around
 * the call catches it; otherwise it goes on unwinding wasm frames, and out of
 * the host's wasmc_instance_call as WASMC_EXCEPTION). Exceptions never
 * unwind host (C) frames. Wasm A calling host f calling wasm B, which throws:
 * f's wasmc_instance_call returns WASMC_EXCEPTION with B's exception, f
 * rethrows it with wasmc_host_throw(trap.exception) and returns, and a
 * try_table in A catches it, the same exception. */
typedef struct wasmc_tag wasmc_tag_t;
typedef struct wasmc_exn wasmc_exn_t;

/* A new host tag with payload types `params` (a value type string), owned by
 * the linker; NULL (wasmc_linker_error says why) for a malformed string. */
wasmc_tag_t *wasmc_tag_new(wasmc_linker_t *linker, const char *params);
/* Make `tag` (a host tag or an instance's export) importable as
 * (module, name). Modules importing it must declare the same payload types. */
bool wasmc_linker_define_tag(wasmc_linker_t *linker, const char *module, const char *name,
                             wasmc_tag_t *tag);
/* Tag export `name` of `inst`, or NULL if there is none. */
wasmc_tag_t *wasmc_instance_tag(wasmc_instance_t *inst, const char *name);
wasmc_tag_t *wasmc_instance_tag_n(wasmc_instance_t *inst, const char *name, size_t name_len);
/* The payload types of `tag` (WASMC_TYPE_* bytes, valid while the tag
 * lives): returns their number, *params (may be NULL) points at them.
 * Typed references ((ref $t), (ref null func)) show as WASMC_TYPE_FUNCREF. */
uint32_t wasmc_tag_type(const wasmc_tag_t *tag, const uint8_t **params);

/* A new exception of `tag` whose payload is vals[0..#params of the tag)
 * (vals may be NULL when there are none), owned by the host. Funcref values
 * must come from wasm; a value that lacks the type of a typed reference
 * parameter (null for a non-nullable one, a function of another type) is a
 * host bug and aborts, as for wasmc_instance_call. */
wasmc_exn_t *wasmc_exception_new(const wasmc_tag_t *tag, const union wasmc_val *vals);
/* The tag of `exn`. */
const wasmc_tag_t *wasmc_exception_tag(const wasmc_exn_t *exn);
/* The payload of `exn`: returns the number of values, *vals (may be NULL)
 * points at them (typed by wasmc_tag_type of its tag; valid until `exn` is
 * freed or thrown). */
uint32_t wasmc_exception_payload(const wasmc_exn_t *exn, const union wasmc_val **vals);
/* Free an exception the host owns. NULL is ignored. */
void wasmc_exception_free(wasmc_exn_t *exn);

/* From a host function called by wasm: throw `exn` (which the host owns; it
 * passes to wasm) in the wasm caller once the host function returns. Call it
 * last, then return at once; results written to vals are ignored. A second
 * call before returning replaces (and frees) the first exception. A host
 * function called directly from the host (through an export, caller NULL)
 * makes that wasmc_instance_call return WASMC_EXCEPTION with `exn`. */
void wasmc_host_throw(wasmc_exn_t *exn);

/* ---- GC references held by the host ----------------------------------------- */

/* Struct and array objects live in the GC heap of their store (the linker's,
 * or the default store of instances made without one) and are collected when
 * nothing reaches them. The collector runs only inside allocations made by
 * wasm, and sees the references held by wasm frames, globals and tables of
 * live instances, and by root handles; it does NOT see references the host
 * keeps elsewhere. A GC reference (an anyref/eqref/structref/arrayref/
 * externref value from wasm, e.g. a result of wasmc_instance_call) stays
 * valid only until wasm runs again, unless the host roots it first: a root
 * handle keeps the object alive, at the same address (objects never move),
 * until wasmc_gc_root_free. Values that are not objects (null, i31s, host
 * externrefs) may be rooted too; that costs nothing but the handle.
 * Handles may be made and freed on any thread. */
typedef struct wasmc_gc_root wasmc_gc_root_t;

/* A new root handle for reference `ref` (never NULL). */
wasmc_gc_root_t *wasmc_gc_root_new(void *ref);
/* The reference `root` holds (NULL for root NULL). */
void *wasmc_gc_root_get(const wasmc_gc_root_t *root);
/* Free the handle (the object may then be collected). NULL is ignored. */
void wasmc_gc_root_free(wasmc_gc_root_t *root);
/* The size of the GC heaps reserved from now on (a heap is reserved at its
 * store's first allocation), in bytes, rounded up to 64 KiB; 0 restores the
 * default (1 GiB on 64-bit hosts, 256 MiB on 32-bit ones). Executables get
 * theirs from `wasmc build --max-gc-heap`. */
void wasmc_gc_set_heap_size(uint64_t bytes);
/* Collect the GC heap of `inst`'s store now (from the host, outside wasm, or
 * from a host function). Does nothing for instances without GC types. */
void wasmc_gc_collect(wasmc_instance_t *inst);

/* ---- helpers for hosts ------------------------------------------------------ */

/* Write a printable form of the wasm name at `name` (len bytes, may contain
 * NULs) into buf (cap bytes, NUL-terminated), for messages: control bytes,
 * DEL and '\' become \hh (as in the text format), a name too long for buf
 * ends in "...". Returns buf ("" when buf is NULL or cap is 0). */
const char *wasmc_name_print(char *buf, size_t cap, const char *name, size_t len);

/* The native stack size, in bytes, for a thread that will run wasm, as
 * wasmc-built executables choose it: the environment variable
 * WASMC_STACK_SIZE (bytes, with an optional binary k/m/g suffix, e.g. "64m"),
 * or the runtime's default (8 MiB unless the runtime was built with another
 * WASMC_DEFAULT_STACK_SIZE) when it is unset or empty. A smaller value is
 * raised to the minimum (WASMC_HOST_STACK_RESERVE + 256 KiB, and at least
 * PTHREAD_STACK_MIN), and the result is rounded up to whole pages, ready for
 * pthread_attr_setstacksize. 0, with a message in err (err_len bytes; err
 * may be NULL), when the variable is malformed or too large. */
size_t wasmc_stack_size_from_env(char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* WASMC_H */
