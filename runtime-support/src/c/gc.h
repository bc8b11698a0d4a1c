/* gc.h: the GC heap's interface to the rest of the runtime (docs/gc-plan.md).
 *
 * THROWAWAY VERSION (branch s7-gcobj): a bump allocator that never frees,
 * so the object model can be built and tested before the collector lands;
 * the collector's gc.h/gc_heap.c replace these two files wholesale.
 */
#ifndef WASMC_GC_H
#define WASMC_GC_H

#include "rt.h"

/* `bytes` bytes (a multiple of 8, >= 16) in vmctx's GC heap, zeroed, with
 * the header's rtt and length written. Traps GC_HEAP_EXHAUSTED when the
 * heap is full (never returns NULL). */
void *wasmc_gc_alloc(struct wasmc_vmctx *vmctx, const struct wasmc_rtt *rtt, uint32_t length,
                     size_t bytes);

/* The GC heap of a new instance's store (instance.c sets vm->gc_heap to
 * it). Its range may be empty (base == end == 0) until the first
 * allocation reserves it. */
struct wasmc_gc_heap *wasmc_gc_store_heap(struct wasmc_instance *inst);

#endif
