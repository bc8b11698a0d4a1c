/* gc_roots.c: the roots of a GC heap, for the collector (gc_heap.c).
 *
 * 1. Compiled frames of the current thread. The compiler declares every
 *    value of the any, extern and exn hierarchies to Cranelift, which keeps
 *    the live ones in stack slots across every call and describes them in a
 *    stack map per call (compiler/src/emit/stack_maps.rs): the descriptor's
 *    wasmc_stack_map records, keyed like the exception call sites by
 *    (function, return-address offset). Collections happen only inside
 *    allocation, which is a call from wasm, so every wasm frame on the stack
 *    is stopped at a call that has a stack map if it holds references. The
 *    walk follows the frame-pointer chain from this file's own frame (the
 *    runtime is built with frame pointers, Cranelift code always has them)
 *    as the exception unwinder does (exceptions.c: FRAME_* conventions);
 *    for each return address in a wasm function with a stack map, the
 *    frame's SP at the call is its FP minus the recorded frame size and the
 *    slots are words at SP + offset. The walk goes on through host frames
 *    (trampolines, host functions that called wasm again) up to the top of
 *    the thread's stack, stopping where the chain stops rising, and scans
 *    those host frames conservatively (the argument arrays of host calls,
 *    references a host function holds while it calls wasm); frames
 *    without frame records in between (host code built without frame
 *    pointers) are skipped as a whole, with their wasm callers' roots found
 *    again above them. riscv64 keeps C frame records 16 bytes below the
 *    frame pointer, so there the walk stops at the first non-wasm frame
 *    after the wasm ones (only the innermost activation is scanned).
 * 2. Globals, tables and element segments of the store's instances
 *    (registered by wasmc_gc_store_heap at instantiation, before their
 *    initialisers run, and removed by wasmc_gc_instance_gone): reference
 *    globals, the elements of every table not of the func hierarchy, and
 *    the items of every element segment (inst->elem_items, evaluated once
 *    at instantiation; funcrefs among them are ignored by the range check).
 * 3. Host handles (wasmc_gc_root_new, wasmc.h), and the current thread's
 *    scratch region (wasmc_gc_set_scratch_roots: a constant expression's
 *    value stack when it is too deep for the C stack), scanned
 *    conservatively.
 * 4. The payloads of live exception objects (in flight, held by an exnref in
 *    a frame, a global or a table, or by the host): an exnref is a pointer
 *    to C memory, not a heap object, so its payload is found through the
 *    list of live exceptions instead (registered only once some GC heap
 *    exists: before that no payload can hold a GC reference). Payload values
 *    are scanned without their types; words that are no objects are ignored.
 * Every root is checked by wasmc_gc_mark_word, which ignores words that are
 * not objects of the heap, so a slot holding a funcref, an i31 or a host
 * value costs nothing.
 */
#include "gc.h"

#include "code_registry.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GC_NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#if !defined(GC_NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define GC_NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef GC_NO_ASAN
#define GC_NO_ASAN
#endif

#if defined(__riscv) && __riscv_xlen == 64
#define FRAME_START(fp) ((fp) - 2 * sizeof(uintptr_t))
#define WALK_HOST_FRAMES 0
#else
#define FRAME_START(fp) (fp)
#define WALK_HOST_FRAMES 1
#endif

/* ---- registered instances and host handles ------------------------------ */

struct root_inst {
    struct wasmc_instance *inst;
    struct wasmc_gc_heap *heap;
    struct root_inst *next;
};

struct wasmc_gc_root {
    uintptr_t ref;
    struct wasmc_gc_root *prev, *next;
};

struct root_exn {
    struct wasmc_exn *exn;
    struct root_exn *prev, *next;
};

static pthread_mutex_t g_roots_mu = PTHREAD_MUTEX_INITIALIZER;
static struct root_inst *g_insts;
static struct wasmc_gc_root *g_handles;
static struct root_exn *g_exns;
/* Set when the first GC heap is made: from then on exceptions with a
 * payload are listed. */
static _Atomic bool g_gc_used;

void wasmc_gc_roots_enable(void) {
    atomic_store_explicit(&g_gc_used, true, memory_order_release);
}

void wasmc_gc_exn_new(struct wasmc_exn *exn) {
    if (!exn->num_vals || !atomic_load_explicit(&g_gc_used, memory_order_acquire)) return;
    struct root_exn *n = wasmc_xcalloc(1, sizeof *n);
    n->exn = exn;
    pthread_mutex_lock(&g_roots_mu);
    n->next = g_exns;
    if (g_exns) g_exns->prev = n;
    g_exns = n;
    pthread_mutex_unlock(&g_roots_mu);
}

void wasmc_gc_exn_free(struct wasmc_exn *exn) {
    if (!exn->num_vals || !atomic_load_explicit(&g_gc_used, memory_order_acquire)) return;
    pthread_mutex_lock(&g_roots_mu);
    /* Usually near the head: exceptions die in about the order they came. */
    struct root_exn *n = g_exns;
    while (n && n->exn != exn) n = n->next;
    if (n) {
        if (n->prev) n->prev->next = n->next;
        else g_exns = n->next;
        if (n->next) n->next->prev = n->prev;
    }
    pthread_mutex_unlock(&g_roots_mu);
    free(n);
}


struct wasmc_gc_heap *wasmc_gc_store_heap(struct wasmc_instance *inst,
                                          struct wasmc_stack_domain *domain) {
    struct root_inst *n = wasmc_xcalloc(1, sizeof *n);
    pthread_mutex_lock(&g_roots_mu);
    struct wasmc_gc_heap **slot = wasmc_stack_domain_gc_heap(domain);
    if (!*slot) *slot = wasmc_gc_heap_new();
    n->inst = inst;
    n->heap = *slot;
    n->next = g_insts;
    g_insts = n;
    pthread_mutex_unlock(&g_roots_mu);
    return n->heap;
}

void wasmc_gc_instance_gone(struct wasmc_instance *inst) {
    pthread_mutex_lock(&g_roots_mu);
    for (struct root_inst **p = &g_insts; *p; p = &(*p)->next) {
        if ((*p)->inst == inst) {
            struct root_inst *n = *p;
            *p = n->next;
            free(n);
            break;
        }
    }
    pthread_mutex_unlock(&g_roots_mu);
}

bool wasmc_gc_heap_in_use(const struct wasmc_gc_heap *heap) {
    bool used = false;
    pthread_mutex_lock(&g_roots_mu);
    for (struct root_inst *n = g_insts; n && !used; n = n->next) used = n->heap == heap;
    pthread_mutex_unlock(&g_roots_mu);
    return used;
}

wasmc_gc_root_t *wasmc_gc_root_new(void *ref) {
    struct wasmc_gc_root *r = wasmc_xcalloc(1, sizeof *r);
    r->ref = (uintptr_t)ref;
    pthread_mutex_lock(&g_roots_mu);
    r->next = g_handles;
    if (g_handles) g_handles->prev = r;
    g_handles = r;
    pthread_mutex_unlock(&g_roots_mu);
    return r;
}

void *wasmc_gc_root_get(const wasmc_gc_root_t *root) {
    return root ? (void *)root->ref : NULL;
}

void wasmc_gc_root_free(wasmc_gc_root_t *root) {
    if (!root) return;
    pthread_mutex_lock(&g_roots_mu);
    if (root->prev) root->prev->next = root->next;
    else g_handles = root->next;
    if (root->next) root->next->prev = root->prev;
    pthread_mutex_unlock(&g_roots_mu);
    free(root);
}

void wasmc_gc_collect(wasmc_instance_t *inst) {
    if (inst && inst->vmctx.gc_heap) wasmc_gc_collect_heap(inst->vmctx.gc_heap);
}

static bool is_gc_ref_type(uint8_t t) {
    return t == WASMC_TYPE_ANYREF || t == WASMC_TYPE_EXTERNREF || t == WASMC_TYPE_EXNREF;
}

static void mark_instance(struct wasmc_gc_heap *heap, const struct wasmc_instance *inst) {
    const struct wasmc_module_desc *d = inst->desc;
    const struct wasmc_vmctx *vm = &inst->vmctx;
    if (vm->globals) {
        for (uint32_t i = 0; i < d->num_globals; i++) {
            const union wasmc_val *g = vm->globals[i];
            if (g && is_gc_ref_type(d->globals[i].valtype)) wasmc_gc_mark_word(heap, (uintptr_t)g->ref);
        }
    }
    if (inst->elem_items) {
        for (uint32_t i = 0; i < d->num_elems; i++) {
            void *const *items = inst->elem_items[i];
            if (!items) continue;
            for (uint32_t j = 0; j < d->elems[i].count; j++) wasmc_gc_mark_word(heap, (uintptr_t)items[j]);
        }
    }
    if (vm->tables) {
        for (uint32_t i = 0; i < d->num_tables; i++) {
            const struct wasmc_table *t = vm->tables[i];
            if (!t || !t->elements || !is_gc_ref_type(t->elem_type)) continue;
            for (uint32_t j = 0; j < t->size; j++) wasmc_gc_mark_word(heap, (uintptr_t)t->elements[j]);
        }
    }
}

/* ---- compiled frames ----------------------------------------------------- */

/* The stack map of the call returning to `ra`, or NULL. */
static const struct wasmc_stack_map *find_stack_map(uintptr_t ra,
                                                    const struct wasmc_module_desc **out) {
    const struct wasmc_module_desc *d;
    uint32_t fi;
    /* ra - 1: the call may be the last instruction of its function. */
    if (!ra || !wasmc_lookup_func(ra - 1, &d, &fi) || !d->num_stack_maps) return NULL;
    uintptr_t start = (uintptr_t)d->funcs[fi].code;
    uint32_t off = (uint32_t)(ra - start);
    size_t lo = 0, hi = d->num_stack_maps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct wasmc_stack_map *m = &d->stack_maps[mid];
        if (m->func_index == fi && m->code_offset == off) {
            if (m->first_slot > d->num_stack_slots ||
                m->num_slots > d->num_stack_slots - m->first_slot)
                return NULL; /* corrupt: no roots rather than a bad read */
            *out = d;
            return m;
        }
        if (m->func_index < fi || (m->func_index == fi && m->code_offset < off)) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* The runtime's own frames below the innermost wasm frame (from the
 * allocation up to the libcall compiled code called) are scanned
 * conservatively: C code such as the constant-expression evaluator holds
 * references in locals across allocations. Every word is checked by
 * wasmc_gc_mark_word, so this can only keep garbage alive a little longer. */
GC_NO_ASAN
static void mark_c_region(struct wasmc_gc_heap *heap, uintptr_t lo, uintptr_t hi) {
    for (uintptr_t a = lo; a + sizeof(uintptr_t) <= hi; a += sizeof(uintptr_t))
        wasmc_gc_mark_word(heap, *(const uintptr_t *)a);
}

GC_NO_ASAN
static void mark_frames(struct wasmc_gc_heap *heap, uintptr_t fp) {
    const uintptr_t word = sizeof(uintptr_t), span = (FRAME_RA_SLOT + 1) * word;
    const uintptr_t lo = fp, hi = wasmc_thread_stack_hi();
    bool seen_wasm = false;
    uintptr_t c_end = 0; /* the record of the function wasm called */
    while (hi >= span && fp % word == 0 && fp >= lo && fp <= hi - span) {
        const uintptr_t *rec = (const uintptr_t *)fp;
        uintptr_t next = rec[FRAME_NEXT_SLOT], ra = rec[FRAME_RA_SLOT];
        const struct wasmc_module_desc *d;
        uint32_t fi;
        bool in_wasm = ra && wasmc_lookup_func(ra - 1, &d, &fi);
        if (in_wasm) {
            if (!seen_wasm) c_end = fp;
            seen_wasm = true;
            const struct wasmc_stack_map *m = find_stack_map(ra, &d);
            if (m && next >= m->frame_size) {
                uintptr_t sp = next - m->frame_size;
                for (uint32_t i = 0; i < m->num_slots; i++) {
                    uintptr_t slot = sp + d->stack_slots[m->first_slot + i].offset;
                    if (slot >= lo && slot <= hi - word)
                        wasmc_gc_mark_word(heap, *(const uintptr_t *)slot);
                }
            }
        } else if (seen_wasm && !WALK_HOST_FRAMES) {
            break;
        }
        if (next <= fp) break;
        /* A host frame between wasm activations (a trampoline, a host
         * adapter with the argument array of a host call, a host function
         * that called wasm again): its words lie between the callee's record
         * and its own, and are scanned conservatively. */
        if (!in_wasm && seen_wasm && next <= hi) mark_c_region(heap, fp, next);
        /* A wasm caller's FP points at its record; a C caller's is FRAME_START
         * of it (riscv64), as for the frames of this runtime we start in. */
        fp = in_wasm || seen_wasm ? next : FRAME_START(next);
    }
    /* No wasm frame at all (instantiation, a host call): every frame up to
     * the last one walked is the runtime's or the host's. */
    mark_c_region(heap, lo, seen_wasm ? c_end : (fp > lo && fp < hi ? fp : lo));
}

static _Thread_local const void *t_scratch;
static _Thread_local size_t t_scratch_bytes;

void wasmc_gc_set_scratch_roots(const void *base, size_t bytes) {
    t_scratch = base;
    t_scratch_bytes = base ? bytes : 0;
}

__attribute__((noinline)) void wasmc_gc_mark_roots(struct wasmc_gc_heap *heap) {
    mark_frames(heap, FRAME_START((uintptr_t)__builtin_frame_address(0)));
    if (t_scratch)
        mark_c_region(heap, (uintptr_t)t_scratch, (uintptr_t)t_scratch + t_scratch_bytes);
    pthread_mutex_lock(&g_roots_mu);
    for (const struct root_inst *n = g_insts; n; n = n->next)
        if (n->heap == heap) mark_instance(heap, n->inst);
    for (const struct wasmc_gc_root *r = g_handles; r; r = r->next) wasmc_gc_mark_word(heap, r->ref);
    for (const struct root_exn *n = g_exns; n; n = n->next)
        for (uint32_t i = 0; i < n->exn->num_vals; i++)
            wasmc_gc_mark_word(heap, (uintptr_t)n->exn->vals[i].ref);
    pthread_mutex_unlock(&g_roots_mu);
}
