/* rt.h: internal interface shared by the runtime-support C files.
 *
 * The ABI with compiled code (structs, constants, libcall prototypes) lives in
 * the generated include/wasmc_abi.h; this header adds what the runtime's own
 * parts need from one another: instances, the entry/trap machinery, guest
 * memory access for host functions, and the WASI host module.
 *
 * Compile-time switches (WASMC_DEFAULT_STACK_SIZE, WASMC_HOST_STACK_RESERVE,
 * WASMC_MAX_BACKTRACE, WASMC_WASI_MAX_FDS, WASMC_NO_OPENAT2, WASMC_PORTABLE)
 * are documented, defaulted and checked in config.h, included first.
 */
#ifndef WASMC_RT_H
#define WASMC_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "wasmc_abi.h"

/* Functions compiled without a prologue stack check (small leaves, and small
 * callers checked after their prologue) may have up to
 * WASMC_UNCHECKED_FRAME_MAX bytes of frame below the stack limit, on top of
 * what libcalls and host functions need there. */
_Static_assert(WASMC_HOST_STACK_RESERVE >= WASMC_HOST_STACK_RESERVE_MIN,
               "WASMC_HOST_STACK_RESERVE must be at least WASMC_HOST_STACK_RESERVE_MIN");
/* The public embedding API: wasmc_outcome, wasmc_trap_info, wasmc_trap_message,
 * wasmc_print_trap (and WASMC_MAX_BACKTRACE) are defined there. */
#include "wasmc.h"

#if defined(__APPLE__) && defined(__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__)
#if __ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__ < WASMC_MACOS_MIN_VERSION
#error "wasmc runtime: the macOS deployment target is too old (see WASMC_MACOS_MIN_VERSION; e.g. MACOSX_DEPLOYMENT_TARGET=11.0)"
#endif
#endif


/* Frame records of generated code (backtraces in trap.c, unwinding in
 * exceptions.c; trap.c explains the layout per architecture): a record's
 * word FRAME_NEXT_SLOT is the caller's frame pointer (s390x: back chain),
 * word FRAME_RA_SLOT the return address. */
#if defined(__s390x__)
#define FRAME_NEXT_SLOT 0
#define FRAME_RA_SLOT 14
#else
#define FRAME_NEXT_SLOT 0
#define FRAME_RA_SLOT 1
#endif

#define WASMC_NORETURN __attribute__((noreturn))
#define WASMC_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* ---- host failures ---------------------------------------------------- */

/* Print "wasmc runtime: <message>" to stderr and abort(). For host failures
 * (allocation, mmap, broken invariants), never for guest errors. */
WASMC_NORETURN WASMC_PRINTF(1, 2) void wasmc_fatal(const char *fmt, ...);
/* malloc/calloc/realloc that abort with a message on failure; sizes are
 * overflow-checked (count * size). */
void *wasmc_xcalloc(size_t count, size_t size);
void *wasmc_xrealloc(void *p, size_t count, size_t size);
char *wasmc_xstrdup(const char *s);
/* A NUL-terminated copy of the `len` bytes at p (which may contain NULs). */
char *wasmc_xmemdup(const char *p, size_t len);
/* snprintf into err (err_len bytes) unless err is NULL or err_len 0: how the
 * runtime reports link and resource errors to its callers. */
WASMC_PRINTF(3, 4) void wasmc_set_err(char *err, size_t err_len, const char *fmt, ...);

/* ---- wasm names ----------------------------------------------------------- */

/* Wasm names (imports, exports) are byte strings that may contain NUL bytes:
 * the descriptor carries their lengths (module_len, name_len) and the runtime
 * compares them as (pointer, length), never as C strings. The descriptor also
 * NUL-terminates them, which only matters to C-string users. */
static inline bool wasmc_name_eq(const char *a, size_t a_len, const char *b, size_t b_len) {
    return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}
/* wasmc_name_print (a printable form of a name, for messages): see wasmc.h. */

/* ---- traps and exits -------------------------------------------------- */

/* Raise a wasm trap (WASMC_TRAP_*) from host code running on behalf of wasm
 * (libcalls, host functions). Unwinds to the innermost wasmc_call. */
WASMC_NORETURN void wasmc_trap(uint32_t code);
/* proc_exit: unwinds to the innermost wasmc_call, which reports an exit with
 * this status. */
WASMC_NORETURN void wasmc_exit(uint32_t status);

/* enum wasmc_outcome and struct wasmc_trap_info: see wasmc.h. */

/* Call `f` with arguments in vals[] (results written back to vals[]), from the
 * host. Sets up trap recovery and the stack limit. */
enum wasmc_outcome wasmc_call(const struct wasmc_funcref *f, union wasmc_val *vals,
                              struct wasmc_trap_info *info);
/* wasmc_print_trap and wasmc_trap_message: see wasmc.h. */
/* Install the fault handlers (idempotent). */
void wasmc_install_signal_handlers(void);

/* ---- exceptions (exceptions.c) ------------------------------------------ */

/* A tag's identity: defined tags get one record per instance, imports share
 * the exporter's. `type_id` (wasmc_type_id of the payload types -> nothing)
 * is what tag imports are checked against. */
struct wasmc_tag {
    uint32_t type_id;
    /* The payload types (WASMC_TYPE_* bytes) for the embedding API. Defined
     * tags point into their module descriptor (`type`, with the instance's
     * canonical `type_ids`, tells typed references apart); host tags
     * (wasmc_tag_new) own a copy and have type == NULL. */
    uint32_t num_params;
    const uint8_t *params;
    const struct wasmc_type_desc *type;
    uint32_t type_index;
    const uint32_t *type_ids;
};

/* A new exception object of `tag` with `n` payload values copied from
 * `vals` (NULL: zeros), not exposed; freed by wasmc_exn_release (or by
 * wasmc_exception_free). */
struct wasmc_exn *wasmc_exn_new(const struct wasmc_tag *tag, uint32_t n, const void *vals);
/* Throw `exn` on behalf of a host function that has returned into the
 * runtime frame `host_fp` (embed.c's host call wrapper): the unwinder starts
 * at the frame that called that runtime frame (a host adapter, or
 * wasmc_host_array_call), so it never walks host code. Does not return. */
WASMC_NORETURN void wasmc_exn_throw_from_host(struct wasmc_exn *exn, uintptr_t host_fp);
/* An exception nothing caught: record it in the innermost activation's trap
 * info (wasmc_trap_info.exception) and trap with
 * WASMC_TRAP_UNCAUGHT_EXCEPTION (trap.c). */
WASMC_NORETURN void wasmc_raise_uncaught(struct wasmc_exn *exn);
/* The host function's pending throw (wasmc_host_throw), taken: NULL when
 * there is none (embed_exn.c). */
struct wasmc_exn *wasmc_host_take_pending(void);

/* The top (highest address) of this thread's stack, 0 before it entered
 * wasm (trap.c): the bound of the unwinder's frame walk. */
uintptr_t wasmc_thread_stack_hi(void);

/* ---- instances ---------------------------------------------------------- */

/* A resolved import, filled by an import resolver. */
struct wasmc_extern {
    uint32_t kind;                     /* WASMC_EXTERN_* */
    const struct wasmc_funcref *func;  /* kind FUNC (copied into the importer) */
    struct wasmc_memory *memory;       /* kind MEMORY */
    struct wasmc_table *table;         /* kind TABLE */
    union wasmc_val *global;           /* kind GLOBAL */
    struct wasmc_tag *tag;             /* kind TAG */
    uint8_t global_type, global_mutable;
    /* Reference globals: nullability and heap (0 abstract, else a
     * canonical type id); host globals are nullable and abstract. */
    uint8_t global_nullable;
    uint32_t global_heap;
};

/* Resolve import `imp` of `desc`; return false if unknown (link error). */
typedef bool (*wasmc_resolver_fn)(void *data, const struct wasmc_module_desc *desc,
                                  const struct wasmc_import_desc *imp, struct wasmc_extern *out);

struct wasmc_live_instance; /* code_registry.h */

struct wasmc_instance {
    struct wasmc_vmctx vmctx; /* first: generated code sees only this */
    const struct wasmc_module_desc *desc;
    /* runtime-private state follows (see instance.c) */
    uint8_t *dropped_datas;
    uint8_t *dropped_elems;
    /* Each element segment's items, evaluated once at instantiation (so a
     * GC allocation among them keeps its identity across table.init,
     * array.new_elem and array.init_elem); freed and NULL once dropped.
     * Holds GC references: a root set for the collector. */
    void ***elem_items;
    union wasmc_val *global_storage;
    struct wasmc_host_func *host_funcs; /* records for host imports */
    struct wasmc_tag *tag_storage;      /* records of the defined tags */
    /* The memory host functions (WASI, wasmc_caller_memory) work on: the one
     * exported as "memory" (the WASI ABI), else memory 0, else NULL. With
     * multi-memory, memory 0 need not be the exported one. */
    struct wasmc_memory *host_memory;
    uint32_t num_owned_memories, num_owned_tables;
    /* Its entry in the live instances, in a stack-limit domain that
     * wasmc_call updates on entry (code_registry.h). */
    struct wasmc_live_instance *live;
};

/* Instantiate: resolve imports, create memories/tables/globals, apply active
 * segments and run the start function. On failure returns NULL and writes a
 * message into err (link error, or "trap: ..." for a trap during
 * initialisation). */
struct wasmc_instance *wasmc_instantiate(const struct wasmc_module_desc *desc,
                                         wasmc_resolver_fn resolve, void *resolve_data,
                                         char *err, size_t err_len,
                                         struct wasmc_trap_info *trap);
/* Look up an export by name (name_len bytes) and kind; NULL if absent. */
const struct wasmc_export_desc *wasmc_find_export(const struct wasmc_instance *inst,
                                                  const char *name, size_t name_len,
                                                  uint32_t kind);

/* Memory limit from --max-memory / WASMC_MAX_MEMORY (0: none). */
extern uint64_t wasmc_max_memory_bytes;

/* ---- runtime core: linking, host functions, memories, tables ----------- */
/* (types.c, host_func.c, instance.c, memory.c, table.c; for the executable
 * driver, embedders such as a test harness, and each other.) */

/* Canonical id (>= 1) of the final function type params -> results
 * (WASMC_TYPE_* bytes) in a group of its own. Types are interned
 * process-wide (types.c), so the same type gets equal ids in every module:
 * this is what vmctx->type_ids[] holds and what call_indirect and import
 * matching compare. Thread-safe. */
uint32_t wasmc_type_id(const uint8_t *params, uint32_t num_params,
                       const uint8_t *results, uint32_t num_results);

/* Canonical ids of all `num_types` types of a module descriptor, group by
 * group (wasmc_type_desc.key), into type_ids. */
void wasmc_type_ids_init(const struct wasmc_type_desc *types, uint32_t num_types,
                         uint32_t *type_ids);

/* The run-time type of canonical struct or array type `id` (NULL for a
 * function type): immortal, shared by every module. */
const struct wasmc_rtt *wasmc_type_rtt(uint32_t id);

/* Whether canonical type `have` is `want` or declares it as a (transitive)
 * supertype. wasmc_type_is_subtype is the libcall form. */
bool wasmc_type_is_subtype_id(uint32_t have, uint32_t want);
uint32_t wasmc_type_is_subtype(struct wasmc_vmctx *vm, uint32_t have, uint32_t want);

/* WASMC_TYPE_FUNC, STRUCT or ARRAY: the kind of canonical type `id`. */
uint8_t wasmc_type_kind(uint32_t id);

/* The runtime's heap type of abstract heap code `code` (WASMC_HEAP_*): 0
 * for a hierarchy's top, else WASMC_HEAP_ABSTRACT | code (type_match.c). */
uint32_t wasmc_heap_abstract(uint8_t code);

/* Whether a reference type (representation WASMC_TYPE_FUNCREF, EXTERNREF,
 * EXNREF or ANYREF, nullability, heap: 0 for the top type, WASMC_HEAP_ABSTRACT
 * | code, or a canonical type id) matches the wanted one: equal when `exact`
 * (tables, mutable globals), else a subtype (immutable globals). */
bool wasmc_reftype_matches(uint8_t repr, bool nullable, uint32_t heap, uint8_t want_repr,
                           bool want_nullable, uint32_t want_heap, bool exact);

/* Whether value i (params first, then results) of function type
 * `type_index` of a module's `types` is a reference; if so its nullability
 * and heap (as for wasmc_reftype_matches; type_ids are the module's
 * canonical ids). */
bool wasmc_type_value_ref(const struct wasmc_type_desc *types, uint32_t type_index,
                          const uint32_t *type_ids, uint32_t i, bool *nullable, uint32_t *heap);

/* Whether reference value `ref` has the reference type given by
 * nullable/heap: the host-facing check before a value reaches code that
 * relies on its static type (call_ref does no type check). GC objects are
 * recognised in vm's heap (vm NULL: no value is an object). */
bool wasmc_ref_value_matches(const struct wasmc_vmctx *vm, const void *ref, bool nullable,
                             uint32_t heap);

/* Whether WASMC_TYPE_* `t` is a reference representation. */
static inline bool wasmc_is_ref_type(uint8_t t) {
    return t == WASMC_TYPE_FUNCREF || t == WASMC_TYPE_EXTERNREF || t == WASMC_TYPE_EXNREF ||
           t == WASMC_TYPE_ANYREF;
}

/* The i31 reference of (the low 31 bits of) v: (v << 1) | 1, zero-extended
 * to a word, as generated code makes it. */
static inline void *wasmc_i31_ref(uint32_t v) {
    return (void *)(uintptr_t)((v << 1) | 1u);
}

/* The array_call of every host function reference: calls
 * ((struct wasmc_host_func *)callee_vmctx)->func(data, caller, vals).
 * `wasm_call` is ignored. wasmc_call() passes caller = NULL to host funcrefs. */
void wasmc_host_array_call(void *wasm_call, void *callee_vmctx, struct wasmc_vmctx *caller,
                           union wasmc_val *vals);

/* Make *ref a host function reference of canonical type `type_id` calling
 * rec->func(rec->data, ...). Callable with wasmc_call() as is (wasm_call is
 * NULL). Handed to an importer by a resolver (wasmc_extern.func), the instance
 * copies *rec into its own storage and substitutes its compiled host adapter
 * for wasm_call, so *ref and *rec need only live until wasmc_instantiate
 * returns. Used directly (wasmc_call, tables), *rec must outlive *ref. */
void wasmc_host_funcref_init(struct wasmc_funcref *ref, struct wasmc_host_func *rec,
                             uint32_t type_id);

/* wasmc_instantiate, also reporting how it ended: WASMC_TRAPPED when the
 * segment initialisation or the start function trapped (*trap filled),
 * WASMC_EXITED when the start function called proc_exit (trap->exit_status),
 * WASMC_OK otherwise (success, or a link/resource error: NULL and err).
 * After a trap or exit the instance is NOT freed (tables it wrote into may
 * already point at its functions, as the spec requires), only leaked. */
struct wasmc_instance *wasmc_instantiate_ex(const struct wasmc_module_desc *desc,
                                            wasmc_resolver_fn resolve, void *resolve_data,
                                            char *err, size_t err_len,
                                            struct wasmc_trap_info *trap,
                                            enum wasmc_outcome *outcome);
/* wasmc_instantiate_ex into stack-limit domain `domain` (code_registry.h;
 * NULL: the default domain, as wasmc_instantiate_ex). The instance may only
 * call, and be called by, instances of the same domain. */
struct wasmc_stack_domain;
struct wasmc_instance *wasmc_instantiate_in(const struct wasmc_module_desc *desc,
                                            wasmc_resolver_fn resolve, void *resolve_data,
                                            char *err, size_t err_len,
                                            struct wasmc_trap_info *trap,
                                            enum wasmc_outcome *outcome,
                                            struct wasmc_stack_domain *domain);
/* Free an instance and the memories/tables it defined. Nothing may use it (or
 * anything it exported) afterwards. Modules' code stays registered. */
void wasmc_instance_free(struct wasmc_instance *inst);
/* Describe export `name` (name_len bytes, any kind) of `inst` as an extern
 * suitable for another instance's resolver; false if there is no such
 * export. */
bool wasmc_instance_export(const struct wasmc_instance *inst, const char *name, size_t name_len,
                           struct wasmc_extern *out);

/* Host-created memories and tables (e.g. the spec tests' "spectest" module).
 * Memories and tables given to a resolver must come from these or from an
 * instance: the runtime keeps private state (declared limits) next to them.
 * `guard`: reserve WASMC_GUARD_RESERVATION + WASMC_GUARD_SIZE bytes so that
 * modules compiled without WASMC_FLAG_EXPLICIT_BOUNDS may import it (64-bit
 * hosts only); otherwise only the reachable maximum is reserved. NULL and a
 * message in err on failure. */
struct wasmc_memory *wasmc_memory_new(const struct wasmc_memory_desc *type, bool guard,
                                      char *err, size_t err_len);
/* Drops one owner of `mem`; the last one unmaps it (see wasmc_memory_ref). */
void wasmc_memory_free(struct wasmc_memory *mem);
/* Adds an owner to a shared memory (one more wasmc_memory_free before it is
 * unmapped): for sharing it between linkers on different threads. false,
 * and nothing changes, for an unshared memory. */
bool wasmc_memory_ref(struct wasmc_memory *mem);
/* Whether `mem` has the reservation guard-mode code relies on: at least
 * WASMC_GUARD_RESERVATION and at least its largest length, plus
 * WASMC_GUARD_SIZE bytes of guard. */
bool wasmc_memory_has_guard(const struct wasmc_memory *mem);
/* `nullable` and `heap` (0 abstract, else a canonical type id) refine
 * elem_type to the exact element type, compared by import matching, as is
 * `is64` (a table64: i64 indices). */
struct wasmc_table *wasmc_table_new(uint8_t elem_type, bool nullable, uint32_t heap, bool is64,
                                    uint64_t min, bool has_max, uint64_t max, void *init,
                                    char *err, size_t err_len);
void wasmc_table_free(struct wasmc_table *table);

/* Import matching (memory.c, table.c; used by instance.c): whether `mem` /
 * `table` (from wasmc_memory_new / wasmc_table_new or an instance) satisfies
 * an import declared as `type`: its limits, and sharing and index type /
 * element type. Aborts on a memory or table the runtime did not create. */
bool wasmc_memory_import_matches(struct wasmc_memory *mem, const struct wasmc_memory_desc *type);
bool wasmc_table_import_matches(struct wasmc_table *table, const struct wasmc_table_desc *type,
                                uint32_t heap);

/* The bounds rule of memory, table and segment operations: [offset,
 * offset+len) lies within [0, size), without overflow. */
static inline bool wasmc_range_ok(uint64_t offset, uint64_t len, uint64_t size) {
    return offset <= size && len <= size - offset;
}

/* The code registry and the live instances (what instantiation publishes for
 * trap.c) are declared in code_registry.h. */

/* ---- guest memory access (for host functions) ------------------------- */

/* A memory's current length as any thread may read it: shared memories
 * grow while other threads run, and the grower publishes the length with a
 * release store after the new pages are accessible (memory.c), so an
 * acquire load sees only accessible bytes (a plain mov on x86-64). */
static inline uint64_t wasmc_memory_length(const struct wasmc_memory *m) {
    return __atomic_load_n(&m->length, __ATOMIC_ACQUIRE);
}

/* Pointer to [addr, addr+len) of the caller's host memory (its export
 * "memory", else memory 0: wasmc_instance.host_memory), or NULL when the
 * range is not entirely inside it (or there is no memory). Never faults. */
static inline uint8_t *wasmc_guest_ptr(struct wasmc_vmctx *vm, uint64_t addr, uint64_t len) {
    struct wasmc_memory *m = vm ? vm->instance->host_memory : NULL;
    if (!m) return NULL;
    uint64_t length = wasmc_memory_length(m);
    if (addr > length || len > length - addr) return NULL;
    return m->base + addr;
}
/* Wasm memory is little-endian on every host. */
static inline uint16_t wasmc_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t wasmc_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t wasmc_le64(const uint8_t *p) {
    return (uint64_t)wasmc_le32(p) | (uint64_t)wasmc_le32(p + 4) << 32;
}
static inline void wasmc_st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void wasmc_st32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wasmc_st64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- CPU features (arch.c) --------------------------------------------- */

/* NULL if this machine has every CPU feature in `features` (a module
 * descriptor's cpu_features: comma-separated Cranelift flag names without
 * `has_`, e.g. "sse41,popcnt"; NULL or "" for the target's baseline), else
 * the first one it lacks. A feature that cannot be verified here (an old
 * kernel, another OS, a name this runtime does not know) counts as missing.
 * The result is a static string (thread-local for unknown names). */
const char *wasmc_missing_cpu_feature(const char *features);
/* Why `name` (a result of wasmc_missing_cpu_feature) counts as missing when
 * that is not simply because the CPU lacks it, e.g. "this kernel has no
 * riscv_hwprobe system call ..."; NULL when the CPU lacks it. */
const char *wasmc_cpu_feature_note(const char *name);
/* 1 if this machine can run the code of `desc` (its abi_version must have
 * been checked); else 0 and "this <what> needs CPU feature X, which this
 * machine lacks (it was built with --cpu/--cpu-features)" (plus the note, if
 * any) in msg. */
int wasmc_check_cpu_features(const struct wasmc_module_desc *desc, const char *what, char *msg,
                             size_t len);
/* Multi-versioned code (variant.c): the descriptor of the variant of `desc`
 * this machine runs, picked once per descriptor (the most capable one whose
 * CPU features it has, or the one WASMC_CPU_VARIANT forces); `desc` itself
 * for single-CPU code. NULL and a message in err when WASMC_CPU_VARIANT
 * names no usable variant. Its abi_version must have been checked. */
const struct wasmc_module_desc *wasmc_module_variant(const struct wasmc_module_desc *desc,
                                                     char *err, size_t err_len);

/* ---- WASI (wasi_snapshot_preview1) ------------------------------------ */

/* A WASI host function and its wasm type, spelled with one letter per value:
 * 'i' = i32, 'I' = i64 (e.g. fd_write: params "iiii", results "i"). */
struct wasmc_wasi_func {
    const char *name;
    wasmc_host_fn fn;
    const char *params;
    const char *results;
};
/* The WASI state of one guest (arguments, environment, descriptor table),
 * made from a configuration (wasmc_wasi_config_t, wasmc.h): one per
 * executable, one per wasmc_linker_define_wasi_config (wasi_config.c). */
struct wasmc_wasi_ctx;
/* The context a configuration describes, its directories and descriptors
 * opened now; NULL with the reason in err (err_len bytes). `knobs_env` is the
 * environment block whose diagnostics variables apply (WASMC_WASI_DEBUG,
 * WASMC_FORCE_NO_OPENAT2); it adds no capabilities. */
struct wasmc_wasi_ctx *wasmc_wasi_ctx_new(const struct wasmc_wasi_config *cfg, char **knobs_env,
                                          char *err, size_t err_len);
/* Close what the context owns and free it; no instance may use it any more. */
void wasmc_wasi_ctx_free(struct wasmc_wasi_ctx *ctx);
/* The executable's context: build-time configuration `cfg` (may be NULL),
 * argv, and the run-time additions from the environment (see wasi.c); a
 * failure prints the reason and exits with status 1. */
struct wasmc_wasi_ctx *wasmc_wasi_init(const struct wasmc_exe_config *cfg, int argc, char **argv,
                                       char **envp);
/* The function named `name` (name_len bytes) of wasi_snapshot_preview1, or
 * NULL. */
const struct wasmc_wasi_func *wasmc_wasi_lookup(const char *name, size_t name_len);

/* ---- resolving WASI imports (wasi_link.c) ------------------------------ */

/* Scratch space for one resolved WASI import: the instance copies the host
 * record out of it (see wasmc_host_funcref_init) before the resolver is
 * called again. */
struct wasmc_wasi_import {
    struct wasmc_host_func rec;
    struct wasmc_funcref ref;
};
/* If `imp` names a function of wasi_snapshot_preview1 (WASMC_WASI_MODULE),
 * make *out a host function reference to it (of the WASI signature's type,
 * stored in *scratch) working on context `ctx`, and return true; false
 * otherwise. The import's kind is
 * not looked at: a non-function import of a WASI name is offered the
 * function, which the instance reports as an incompatible import type. */
bool wasmc_wasi_resolve(const struct wasmc_import_desc *imp, struct wasmc_wasi_ctx *ctx,
                        struct wasmc_wasi_import *scratch, struct wasmc_extern *out);

/* ---- host functions linked into executables (host_link.c) ----------------- */

/* Check the WASMC_HOST_FUNC records against desc's imports: no (module,
 * name) defined twice, and each import's type is its record's; false with a
 * message in err naming the import and both types otherwise. */
bool wasmc_linked_check(const struct wasmc_module_desc *desc, char *err, size_t err_len);
/* If a WASMC_HOST_FUNC record defines function import `imp`, resolve it
 * (the reference lives in *scratch) and return true. */
bool wasmc_linked_resolve(const struct wasmc_import_desc *imp, struct wasmc_wasi_import *scratch,
                          struct wasmc_extern *out);
/* The function of an import left unresolved (--allow-unresolved): prints
 * the import's name (data, a C string) and traps. */
void wasmc_unresolved_import(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals);

/* ---- reactors (reactor.c) -------------------------------------------------- */

/* If inst is a reactor (exports _initialize, no _start), call _initialize;
 * true if it is not one or _initialize returned, else false with *outcome
 * set, *trap filled (trap may be NULL) and a message in err. */
bool wasmc_reactor_initialize(wasmc_instance_t *inst, char *err, size_t err_len,
                              struct wasmc_trap_info *trap, enum wasmc_outcome *outcome);

/* ---- wasi-threads (wasi_threads.c) ---------------------------------------- */

/* If `imp` is the function import "wasi" "thread-spawn", resolve it to the
 * runtime's implementation (one OS thread and instance per wasm thread; the
 * new instances import WASI through `ctx`, as the spawning one). */
bool wasmc_threads_resolve(const struct wasmc_import_desc *imp, struct wasmc_wasi_ctx *ctx,
                           struct wasmc_wasi_import *scratch, struct wasmc_extern *out);
/* End the process with `status`, first printing `trap` (if not NULL), from
 * any thread: the first caller wins, later ones wait for the end. */
WASMC_NORETURN void wasmc_process_exit(int status, const struct wasmc_trap_info *trap);

#endif /* WASMC_RT_H */
