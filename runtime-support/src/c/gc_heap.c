/* gc_heap.c: THROWAWAY bump-allocating GC heap (branch s7-gcobj).
 *
 * One process-wide heap shared by every store: a zeroed reservation made on
 * the first allocation (calloc of a large block, which the C library maps
 * lazily), handed out in 8-aligned bumps and never freed. Exhaustion traps
 * GC_HEAP_EXHAUSTED. The collector (branch s7-gccol) replaces this file and
 * gc.h wholesale, with one heap per store and mark-sweep.
 */
#include <pthread.h>
#include <stdlib.h>

#include "gc.h"

#define GC_HEAP_BYTES ((size_t)(sizeof(void *) >= 8 ? (size_t)1 << 30 : (size_t)64 << 20))

static struct wasmc_gc_heap g_heap;
static uintptr_t g_next;
static pthread_mutex_t g_heap_mu = PTHREAD_MUTEX_INITIALIZER;

struct wasmc_gc_heap *wasmc_gc_store_heap(struct wasmc_instance *inst) {
    (void)inst;
    return &g_heap;
}

void *wasmc_gc_alloc(struct wasmc_vmctx *vmctx, const struct wasmc_rtt *rtt, uint32_t length,
                     size_t bytes) {
    (void)vmctx;
    if (bytes < 16 || bytes % 8) wasmc_fatal("wasmc_gc_alloc: bad object size %zu", bytes);
    pthread_mutex_lock(&g_heap_mu);
    if (!g_heap.base) {
        uint8_t *p = calloc(1, GC_HEAP_BYTES + 8);
        if (!p) wasmc_fatal("cannot reserve the GC heap");
        uintptr_t base = ((uintptr_t)p + 7) & ~(uintptr_t)7;
        g_next = base;
        g_heap.end = base + GC_HEAP_BYTES;
        g_heap.base = base;
    }
    if (bytes > g_heap.end - g_next) {
        pthread_mutex_unlock(&g_heap_mu);
        wasmc_trap(WASMC_TRAP_GC_HEAP_EXHAUSTED);
    }
    uint8_t *obj = (uint8_t *)g_next;
    g_next += bytes;
    pthread_mutex_unlock(&g_heap_mu);
    /* The memory is zero: calloc'ed, never reused. */
    memcpy(obj, &rtt, sizeof rtt);
    memcpy(obj + 8, &length, sizeof length);
    return obj;
}
