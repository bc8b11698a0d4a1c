/* gc.h: the GC heap and its roots, for the rest of the runtime.
 *
 * gc_heap.c   the heap of one store: a reservation of --max-gc-heap bytes
 *             committed on demand, segregated free lists, a large-object
 *             space, non-moving mark-sweep (design: ARCHITECTURE.md "The
 *             collector").
 * gc_roots.c  what the collector starts marking from: the wasm frames of the
 *             current thread (stack maps), globals and tables of the store's
 *             instances, and host handles (wasmc_gc_root_*, wasmc.h).
 *
 * A store's heap is used by one thread at a time (a store's instances run on
 * the thread that called into them; wasi-threads threads have stores of their
 * own): a collection only scans the frames of the thread that allocates.
 */
#ifndef WASMC_GC_H
#define WASMC_GC_H

#include "rt.h"

/* The default size of a store's GC heap when the executable was built
 * without --max-gc-heap: 1 GiB of address space on 64-bit hosts (committed
 * only as the heap grows), 256 MiB on 32-bit ones. */
#ifndef WASMC_GC_HEAP_DEFAULT_BYTES
#define WASMC_GC_HEAP_DEFAULT_BYTES \
    ((uint64_t)(UINTPTR_MAX > 0xffffffffu ? (uint64_t)1 << 30 : (uint64_t)256 << 20))
#endif

/* The size of heaps created from now on (0: WASMC_GC_HEAP_DEFAULT_BYTES);
 * main.c sets it from the executable's --max-gc-heap. */
extern uint64_t wasmc_gc_heap_max_bytes;

/* `bytes` bytes (a multiple of 8, >= 16) in vmctx's GC heap, zeroed, with
 * the header's rtt and length written. May collect first; traps
 * GC_HEAP_EXHAUSTED when even a full collection leaves no room (never
 * returns NULL). Callers hold no GC references in C locals across it. */
void *wasmc_gc_alloc(struct wasmc_vmctx *vmctx, const struct wasmc_rtt *rtt, uint32_t length,
                     size_t bytes);

/* The GC heap of a new instance's store (instance.c sets vm->gc_heap to it)
 * and registers the instance's globals and tables as roots of that heap
 * until wasmc_gc_instance_gone. `domain` is the store's stack domain (NULL:
 * the default one). Its range is empty (base == end == 0) until the first
 * allocation reserves it. */
struct wasmc_stack_domain;
struct wasmc_gc_heap *wasmc_gc_store_heap(struct wasmc_instance *inst,
                                          struct wasmc_stack_domain *domain);
/* The instance is being freed: its globals and tables are no roots any more. */
void wasmc_gc_instance_gone(struct wasmc_instance *inst);
/* A stack domain is freed (code_registry.c): its heap goes too, unless
 * instances still use it (then it is leaked with them). */
void wasmc_gc_heap_release(struct wasmc_gc_heap *heap);

/* Collect `heap` now (wasmc_gc_collect in wasmc.h; tests). Must be called on
 * the thread that runs the store, from a runtime function called by wasm or
 * from the host outside wasm. */
void wasmc_gc_collect_heap(struct wasmc_gc_heap *heap);

/* Exception objects (exceptions.c, embed_exn.c): the payload of every live
 * exception is a root, from wasmc_exn_new to its free (exposed exceptions
 * are never freed, so their payloads stay alive with them). */
void wasmc_gc_exn_new(struct wasmc_exn *exn);
/* The first heap reservation: from now on exceptions are listed. */
void wasmc_gc_roots_enable(void);
void wasmc_gc_exn_free(struct wasmc_exn *exn);

/* Scratch roots of the current thread: the runtime's C code that holds
 * references in heap (malloc) memory across allocations names that memory
 * here, and it is scanned conservatively (every word) by collections on
 * this thread until it is replaced or cleared with (NULL, 0). One region per
 * thread: the only user, the constant-expression evaluator (segments.c),
 * does not nest. A trap that ends the evaluation leaves the region
 * registered; its memory is then not freed, so the scan stays safe. */
void wasmc_gc_set_scratch_roots(const void *base, size_t bytes);

/* ---- between gc_heap.c and gc_roots.c ----------------------------------- */

/* A new heap with no reservation yet (gc_heap.c; gc_roots.c makes one per
 * store). */
struct wasmc_gc_heap *wasmc_gc_heap_new(void);
/* Mark the object `word` refers to, if it is one of `heap`'s (0, odd words
 * and words outside [base, end) are ignored, and so are words that are not
 * the start of a live object: roots may be conservative). */
void wasmc_gc_mark_word(struct wasmc_gc_heap *heap, uintptr_t word);
/* Mark every root of `heap` (gc_roots.c). */
void wasmc_gc_mark_roots(struct wasmc_gc_heap *heap);
/* Whether `heap` has instances registered (gc_roots.c). */
bool wasmc_gc_heap_in_use(const struct wasmc_gc_heap *heap);

#endif
