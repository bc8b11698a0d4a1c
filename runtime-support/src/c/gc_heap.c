/* gc_heap.c: the GC heap of a store and its non-moving mark-sweep collector.
 *
 * Layout. One reservation of --max-gc-heap bytes (PROT_NONE, no swap
 * reserved) per store, made at the first allocation and committed
 * (read-write) from its low end as the heap grows. It is cut into pages of
 * GC_PAGE bytes; per page the heap keeps, outside the page, its kind:
 *   FREE   unused (committed or not): zero-filled, never touched;
 *   SMALL  cells of one size class (GC_CLASSES), objects of up to
 *          GC_SMALL_MAX bytes;
 *   LARGE  the first page of a run of pages holding one large object;
 *   CONT   the other pages of such a run.
 * Objects never move: a word is a GC object of this heap when it lies in
 * [base, end) (what compiled code checks), and the collector further checks
 * that it is the start of an allocated cell, so conservative roots are safe.
 *
 * Allocation takes a cell from its class's free list, or formats a free page
 * into cells of that class; a large object takes the first run of free pages
 * that fits (first fit from a hint, committing more pages when the run
 * reaches past the committed part). Cells are zeroed when they are handed
 * out (FREE pages kept resident by the sweep are not zero). A free cell has
 * header word 0 (an allocated object always has its
 * rtt there) and the free-list link in bytes 8..16.
 *
 * Collection happens only inside wasmc_gc_alloc (and wasmc_gc_collect_heap):
 * when the bytes allocated since the last collection reach the budget
 * (max(live bytes after it, GC_MIN_BUDGET)), so the heap grows with the live
 * data up to the reservation; and when an allocation finds no room. If it
 * still finds none after a full collection, the allocation traps
 * GC_HEAP_EXHAUSTED.
 *
 * Mark: from the roots (gc_roots.c) with an explicit mark stack, no C
 * recursion. The stack grows up to GC_MARK_STACK_MAX entries; when it cannot,
 * the object is marked but not pushed and `overflow` is set, and once the
 * stack is drained the heap is scanned for marked objects whose children are
 * pushed again, until no overflow is left. The mark bit is bit 0 of the
 * header's gc_bits (bytes 12..16, owned by the collector).
 * Sweep: every committed page in address order. Dead cells go back on their
 * class's free list (rebuilt each time); a SMALL page left with no live cell
 * and a dead large object's run become FREE pages. Up to one budget's worth
 * of them stays resident for the next cycle; the rest is returned to the
 * kernel with madvise(MADV_DONTNEED), so the resident size follows the live
 * data (about live + budget).
 *
 * Locking: one mutex per heap around allocation and collection. A store is
 * used by one thread at a time (gc.h), so this only protects the heap's own
 * state against misuse, never a concurrent mutator.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "gc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Pages are 64 KiB: a multiple of every host page size we run on (madvise
 * and mprotect need host-page alignment). */
#define GC_PAGE ((size_t)64 << 10)
/* Collect once this much was allocated, at least (heaps smaller than 8 times
 * it use an eighth of their size). */
#define GC_MIN_BUDGET ((size_t)4 << 20)
#ifndef GC_MARK_STACK_MAX
#define GC_MARK_STACK_MAX ((size_t)1 << 20)
#endif
#define GC_MARK_STACK_MIN ((size_t)256)

#define GC_BITS_OFFSET 12
#define GC_MARK 1u

enum { PAGE_FREE = 0, PAGE_SMALL, PAGE_LARGE, PAGE_CONT };

/* Size classes (bytes, multiples of 8): spaced by about 1.25 so that a cell
 * wastes at most ~20%; the last ones split a page into 3 and 2 cells. */
static const uint32_t GC_CLASSES[] = {
    16,   24,   32,   40,   48,   64,   80,   96,    128,   160,   192,   256,   320,
    384,  512,  640,  768,  1024, 1280, 1536, 2048,  2560,  3072,  4096,  5120,  6144,
    8192, 10240, 13104, 16384, 21840, 32768,
};
#define GC_NUM_CLASSES (sizeof GC_CLASSES / sizeof GC_CLASSES[0])
#define GC_SMALL_MAX 32768u

struct gc_heap {
    struct wasmc_gc_heap range; /* first: what generated code reads */
    pthread_mutex_t mu;
    size_t size;                 /* bytes reserved (a multiple of GC_PAGE) */
    uint32_t npages, committed;  /* pages [0, committed) are read-write */
    uint32_t free_hint;          /* no FREE page below it */
    uint8_t *kind;               /* per page: PAGE_* */
    uint8_t *cls;                /* SMALL pages: size class */
    uint32_t *run;               /* LARGE pages: pages in the run */
    uintptr_t free_list[GC_NUM_CLASSES];
    size_t live;                 /* bytes live after the last collection */
    size_t since_gc;             /* bytes allocated since then */
    size_t budget;
    uint64_t collections;
    uintptr_t *stack;            /* the mark stack */
    size_t sp, cap;
    bool overflow;
    bool verbose;                /* WASMC_GC_VERBOSE: a line per collection */
};

uint64_t wasmc_gc_heap_max_bytes;

void wasmc_gc_set_heap_size(uint64_t bytes) {
    wasmc_gc_heap_max_bytes = bytes;
}

static struct gc_heap *impl(struct wasmc_gc_heap *h) {
    return (struct gc_heap *)(void *)h;
}

/* The least budget: GC_MIN_BUDGET, or an eighth of a smaller heap, and at
 * least a page. */
static size_t min_budget(const struct gc_heap *h) {
    size_t min = h->size / 8 < GC_MIN_BUDGET ? h->size / 8 : GC_MIN_BUDGET;
    return min < GC_PAGE ? GC_PAGE : min;
}

struct wasmc_gc_heap *wasmc_gc_heap_new(void) {
    struct gc_heap *h = wasmc_xcalloc(1, sizeof *h);
    if (pthread_mutex_init(&h->mu, NULL) != 0) wasmc_fatal("pthread_mutex_init failed");
    const char *v = getenv("WASMC_GC_VERBOSE");
    h->verbose = v && *v && strcmp(v, "0") != 0;
    return &h->range;
}

void wasmc_gc_heap_release(struct wasmc_gc_heap *heap) {
    if (!heap || wasmc_gc_heap_in_use(heap)) return;
    struct gc_heap *h = impl(heap);
    if (h->range.base) munmap((void *)h->range.base, h->size);
    free(h->kind);
    free(h->cls);
    free(h->run);
    free(h->stack);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

/* The reservation, at the first allocation. */
static void reserve(struct gc_heap *h) {
    uint64_t want = wasmc_gc_heap_max_bytes ? wasmc_gc_heap_max_bytes : WASMC_GC_HEAP_DEFAULT_BYTES;
    if (want > SIZE_MAX - GC_PAGE) want = SIZE_MAX - GC_PAGE;
    size_t size = ((size_t)want + GC_PAGE - 1) / GC_PAGE * GC_PAGE;
    if (size < GC_PAGE) size = GC_PAGE;
    if (size / GC_PAGE > UINT32_MAX) size = (size_t)UINT32_MAX * GC_PAGE;
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        wasmc_fatal("cannot reserve %zu bytes for the GC heap (see --max-gc-heap)", size);
    h->size = size;
    h->npages = (uint32_t)(size / GC_PAGE);
    h->kind = wasmc_xcalloc(h->npages, 1);
    h->cls = wasmc_xcalloc(h->npages, 1);
    h->run = wasmc_xcalloc(h->npages, sizeof *h->run);
    h->budget = min_budget(h);
    h->range.end = (uintptr_t)p + size;
    h->range.base = (uintptr_t)p;
    wasmc_gc_roots_enable();
}

static uintptr_t page_addr(const struct gc_heap *h, uint32_t i) {
    return h->range.base + (uintptr_t)i * GC_PAGE;
}

static uint64_t load64(uintptr_t a) {
    uint64_t v;
    memcpy(&v, (const void *)a, sizeof v);
    return v;
}

static uintptr_t load_word(uintptr_t a) {
    uintptr_t v;
    memcpy(&v, (const void *)a, sizeof v);
    return v;
}

static void store_word(uintptr_t a, uintptr_t v) {
    memcpy((void *)a, &v, sizeof v);
}

static uint32_t *gc_bits(uintptr_t obj) {
    return (uint32_t *)(void *)(obj + GC_BITS_OFFSET);
}

/* The first run of `n` FREE pages (committing pages past the committed
 * part), or UINT32_MAX. */
static uint32_t take_pages(struct gc_heap *h, uint32_t n) {
    uint32_t i = h->free_hint, start = i, len = 0;
    for (; i < h->npages; i++) {
        if (h->kind[i] != PAGE_FREE) {
            len = 0;
            start = i + 1;
            continue;
        }
        if (++len == n) break;
    }
    if (i >= h->npages) return UINT32_MAX;
    uint32_t end = start + n;
    if (end > h->committed) {
        uintptr_t from = page_addr(h, h->committed);
        size_t bytes = (size_t)(end - h->committed) * GC_PAGE;
        if (mprotect((void *)from, bytes, PROT_READ | PROT_WRITE) != 0)
            wasmc_fatal("cannot commit %zu bytes of the GC heap", bytes);
        h->committed = end;
    }
    if (start == h->free_hint) h->free_hint = end;
    return start;
}

/* Pages [i, i + n) are free again. `release`: give their memory back to
 * the kernel (they read as zero when touched again); otherwise they stay
 * resident for the next cycle's allocations, which rewrite what they use. */
static void free_pages(struct gc_heap *h, uint32_t i, uint32_t n, bool release) {
    for (uint32_t j = i; j < i + n; j++) h->kind[j] = PAGE_FREE;
    if (release && madvise((void *)page_addr(h, i), (size_t)n * GC_PAGE, MADV_DONTNEED) != 0)
        memset((void *)page_addr(h, i), 0, (size_t)n * GC_PAGE);
    if (i < h->free_hint) h->free_hint = i;
}

static uint32_t class_of(size_t bytes) {
    uint32_t lo = 0, hi = GC_NUM_CLASSES - 1;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (GC_CLASSES[mid] >= bytes) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

static uintptr_t try_alloc(struct gc_heap *h, size_t bytes, size_t *got) {
    if (bytes <= GC_SMALL_MAX) {
        uint32_t c = class_of(bytes);
        size_t csize = GC_CLASSES[c];
        if (!h->free_list[c]) {
            uint32_t p = take_pages(h, 1);
            if (p == UINT32_MAX) return 0;
            h->kind[p] = PAGE_SMALL;
            h->cls[p] = (uint8_t)c;
            /* Link the page's cells, lowest first, their header words 0
             * ("free": a page kept resident by the sweep is not zero). */
            uintptr_t a = page_addr(h, p), next = 0;
            for (size_t k = GC_PAGE / csize; k-- > 0;) {
                uintptr_t cell = a + k * csize;
                store_word(cell, 0);
                store_word(cell + 8, next);
                next = cell;
            }
            h->free_list[c] = next;
        }
        uintptr_t cell = h->free_list[c];
        h->free_list[c] = load_word(cell + 8);
        *got = csize;
        return cell;
    }
    size_t n = bytes / GC_PAGE + (bytes % GC_PAGE != 0);
    if (n > h->npages) return 0;
    uint32_t p = take_pages(h, (uint32_t)n);
    if (p == UINT32_MAX) return 0;
    h->kind[p] = PAGE_LARGE;
    h->run[p] = (uint32_t)n;
    for (uint32_t j = 1; j < n; j++) h->kind[p + j] = PAGE_CONT;
    *got = n * GC_PAGE;
    return page_addr(h, p);
}

/* ---- marking ------------------------------------------------------------ */

/* The object starting at `w`, or 0 if `w` is not the start of an allocated
 * object of this heap. */
static uintptr_t object_at(const struct gc_heap *h, uintptr_t w) {
    if (!w || (w & 7) || w - h->range.base >= h->range.end - h->range.base) return 0;
    uintptr_t off = w - h->range.base;
    uint32_t p = (uint32_t)(off / GC_PAGE);
    if (p >= h->committed) return 0;
    uintptr_t in_page = off % GC_PAGE;
    switch (h->kind[p]) {
    case PAGE_SMALL: {
        uint32_t csize = GC_CLASSES[h->cls[p]];
        if (in_page % csize || in_page + csize > GC_PAGE) return 0;
        break;
    }
    case PAGE_LARGE:
        if (in_page) return 0;
        break;
    default: return 0;
    }
    return load64(w) ? w : 0;
}

static void push(struct gc_heap *h, uintptr_t obj) {
    if (h->sp == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : GC_MARK_STACK_MIN;
        if (cap > GC_MARK_STACK_MAX && h->cap < GC_MARK_STACK_MAX) cap = GC_MARK_STACK_MAX;
        uintptr_t *s = cap <= GC_MARK_STACK_MAX ? realloc(h->stack, cap * sizeof *s) : NULL;
        if (!s) {
            h->overflow = true; /* marked, children traced by the rescan */
            return;
        }
        h->stack = s;
        h->cap = cap;
    }
    h->stack[h->sp++] = obj;
}

void wasmc_gc_mark_word(struct wasmc_gc_heap *heap, uintptr_t word) {
    struct gc_heap *h = impl(heap);
    uintptr_t obj = object_at(h, word);
    if (!obj) return;
    uint32_t *bits = gc_bits(obj);
    if (*bits & GC_MARK) return;
    *bits |= GC_MARK;
    push(h, obj);
}

/* Mark the children of `obj`. */
static void trace(struct gc_heap *h, uintptr_t obj) {
    const struct wasmc_rtt *rtt = (const struct wasmc_rtt *)load_word(obj);
    if (rtt->kind == WASMC_TYPE_STRUCT) {
        for (uint32_t i = 0; i < rtt->num_refs; i++)
            wasmc_gc_mark_word(&h->range, load_word(obj + rtt->refs[i]));
    } else if (rtt->kind == WASMC_TYPE_ARRAY && rtt->elem_ref) {
        uint32_t len;
        memcpy(&len, (const void *)(obj + 8), sizeof len);
        uintptr_t a = obj + 16;
        for (uint32_t i = 0; i < len; i++, a += rtt->elem_size)
            wasmc_gc_mark_word(&h->range, load_word(a));
    }
}

static void drain(struct gc_heap *h) {
    while (h->sp) trace(h, h->stack[--h->sp]);
}

/* After a mark-stack overflow: trace every marked object again (children
 * already marked are skipped), until a pass ends without overflow. */
static void rescan(struct gc_heap *h) {
    while (h->overflow) {
        h->overflow = false;
        for (uint32_t p = 0; p < h->committed; p++) {
            uintptr_t a = page_addr(h, p);
            if (h->kind[p] == PAGE_LARGE) {
                if (load64(a) && (*gc_bits(a) & GC_MARK)) {
                    trace(h, a);
                    drain(h);
                }
            } else if (h->kind[p] == PAGE_SMALL) {
                uint32_t csize = GC_CLASSES[h->cls[p]];
                for (uintptr_t c = a; c + csize <= a + GC_PAGE; c += csize) {
                    if (load64(c) && (*gc_bits(c) & GC_MARK)) {
                        trace(h, c);
                        drain(h);
                    }
                }
            }
        }
    }
}

/* ---- sweeping ----------------------------------------------------------- */

static void sweep(struct gc_heap *h) {
    memset(h->free_list, 0, sizeof h->free_list);
    size_t live = 0;
    /* Freed pages up to one budget's worth stay resident (the next cycle
     * allocates about that much: returning and faulting them in again would
     * be wasted work); the rest go back to the kernel. */
    size_t warm = 0;
    h->free_hint = 0;
    for (uint32_t p = 0; p < h->committed; p++) {
        uintptr_t a = page_addr(h, p);
        if (h->kind[p] == PAGE_LARGE) {
            uint32_t n = h->run[p];
            if (*gc_bits(a) & GC_MARK) {
                *gc_bits(a) &= ~GC_MARK;
                live += (size_t)n * GC_PAGE;
            } else {
                bool keep = warm + (size_t)n * GC_PAGE <= h->budget;
                if (keep) warm += (size_t)n * GC_PAGE;
                free_pages(h, p, n, !keep);
            }
            p += n - 1;
            continue;
        }
        if (h->kind[p] != PAGE_SMALL) continue;
        uint32_t c = h->cls[p], csize = GC_CLASSES[c];
        size_t page_live = 0;
        for (uintptr_t cell = a; cell + csize <= a + GC_PAGE; cell += csize)
            page_live += load64(cell) && (*gc_bits(cell) & GC_MARK);
        if (!page_live) {
            bool keep = warm + GC_PAGE <= h->budget;
            if (keep) warm += GC_PAGE;
            free_pages(h, p, 1, !keep);
            continue;
        }
        live += page_live * csize;
        /* Live cells lose their mark; dead and free ones go on the list,
         * highest first so that it runs upwards. */
        uintptr_t head = h->free_list[c];
        for (size_t k = GC_PAGE / csize; k-- > 0;) {
            uintptr_t cell = a + k * csize;
            if (load64(cell) && (*gc_bits(cell) & GC_MARK)) {
                *gc_bits(cell) &= ~GC_MARK;
                continue;
            }
            memset((void *)cell, 0, 16);
            store_word(cell + 8, head);
            head = cell;
        }
        h->free_list[c] = head;
    }
    h->live = live;
}

/* ---- collection and allocation ------------------------------------------ */

static void collect(struct gc_heap *h) {
    h->sp = 0;
    h->overflow = false;
    wasmc_gc_mark_roots(&h->range);
    drain(h);
    rescan(h);
    sweep(h);
    h->collections++;
    h->since_gc = 0;
    size_t min = min_budget(h);
    h->budget = h->live > min ? h->live : min;
    if (h->verbose)
        fprintf(stderr, "wasmc gc: collection %llu: %zu bytes live, %zu committed\n",
                (unsigned long long)h->collections, h->live,
                (size_t)h->committed * GC_PAGE);
}

void wasmc_gc_collect_heap(struct wasmc_gc_heap *heap) {
    if (!heap) return;
    struct gc_heap *h = impl(heap);
    pthread_mutex_lock(&h->mu);
    if (h->range.base) collect(h);
    pthread_mutex_unlock(&h->mu);
}

void *wasmc_gc_alloc(struct wasmc_vmctx *vmctx, const struct wasmc_rtt *rtt, uint32_t length,
                     size_t bytes) {
    if (!vmctx->gc_heap) wasmc_fatal("wasmc_gc_alloc: the instance has no GC heap");
    if (bytes < 16 || bytes % 8) wasmc_fatal("wasmc_gc_alloc: bad object size %zu", bytes);
    struct gc_heap *h = impl(vmctx->gc_heap);
    pthread_mutex_lock(&h->mu);
    if (!h->range.base) reserve(h);
    bool collected = false;
    if (h->since_gc >= h->budget) {
        collect(h);
        collected = true;
    }
    size_t got = 0;
    uintptr_t obj = bytes <= h->size ? try_alloc(h, bytes, &got) : 0;
    if (!obj && !collected && bytes <= h->size) {
        collect(h);
        obj = try_alloc(h, bytes, &got);
    }
    if (!obj) {
        pthread_mutex_unlock(&h->mu);
        wasmc_trap(WASMC_TRAP_GC_HEAP_EXHAUSTED);
    }
    h->since_gc += got;
    pthread_mutex_unlock(&h->mu);
    memset((void *)obj, 0, bytes);
    store_word(obj, (uintptr_t)rtt);
    memcpy((void *)(obj + 8), &length, sizeof length);
    return (void *)obj;
}
