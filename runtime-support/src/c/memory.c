/* memory.c: linear memories and the memory libcalls.
 *
 * Creates and frees linear memories (for instances and for hosts), matches
 * them against a module's memory imports, and implements the memory
 * operations generated code does not inline: memory.grow, memory.fill and
 * memory.copy. memory.init and data.drop, which need the data segments, are
 * in segments.c.
 *
 * The address-space layout (reservations and guard pages) that generated code
 * relies on is decided here; see "Why `base` never moves" below.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* The --max-memory / WASMC_MAX_MEMORY cap (see rt.h), applied below. */
uint64_t wasmc_max_memory_bytes;

/* Why `base` never moves: generated code loads memory->base once and keeps it
 * in a register across calls (which may grow the memory), so growing must not
 * relocate. We therefore reserve, at creation, address space for the largest
 * size the memory can ever reach (plus the guard region in guard mode) as
 * PROT_NONE, and memory.grow only flips more of it to read/write. Pages that
 * were never writable were never touched, so they read as zero, as wasm
 * requires.
 *
 * `reserved` (ABI field) = bytes of the whole reservation starting at base,
 * guard included; munmap(base, reserved) releases it.
 *
 * Growth of a shared memory while other threads run (threads proposal):
 * the base never moves (above), so other threads' cached bases stay valid.
 * Concurrent memory.grow calls are serialised by the memory's grow_lock;
 * the grower makes the new pages accessible first and then publishes the new
 * `length` with a release store, and readers of `length` (generated code's
 * bounds checks and memory.size: an aligned 64-bit load, atomic on every
 * 64-bit target; the libcalls here: acquire loads) therefore never see a
 * length covering pages that are not accessible yet. A thread that still
 * sees the old length traps on an access beyond it, as if it had run before
 * the grow. The length never shrinks. */
#define MEM_MAGIC 0x574d454du
struct mem_impl {
    struct wasmc_memory pub; /* first: (struct mem_impl *)memory is valid */
    uint32_t magic;
    uint8_t has_max, shared, is64;
    uint64_t decl_max_pages; /* declared maximum (import matching) */
    pthread_mutex_t grow_lock; /* shared memories: serialises memory.grow */
    /* Owners of the memory: its creator (an instance or a linker entry), plus
     * every linker it was shared into (wasmc_memory_ref, shared memories
     * only). The last wasmc_memory_free unmaps it. */
    _Atomic uint32_t refs;
};

static struct mem_impl *mem_impl(struct wasmc_memory *m) {
    struct mem_impl *mi = (struct mem_impl *)m;
    if (mi->magic != MEM_MAGIC) wasmc_fatal("memory not created by the runtime");
    return mi;
}

static void *reserve_va(size_t size) {
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_NORESERVE
    flags |= MAP_NORESERVE;
#endif
    void *p = mmap(NULL, size, PROT_NONE, flags, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void check_host_page_size(void) {
    long ps = sysconf(_SC_PAGESIZE);
    /* mprotect works on host pages; wasm pages must be whole host pages. */
    if (ps <= 0 || WASMC_PAGE_SIZE % (unsigned long)ps != 0)
        wasmc_fatal("host page size %ld does not divide the wasm page size", ps);
}

/* Reserve between `floor` and `want` bytes (page multiples, floor <= want),
 * as much as the host allows: halving on failure, never below the floor. If
 * that much address space is not available (32-bit hosts, ulimit -v), the
 * memory settles for less and memory.grow fails earlier, which wasm permits.
 * NULL if not even the floor can be reserved. */
static void *reserve_between(uint64_t want, uint64_t floor, uint64_t *got) {
    uint64_t size_cap = ((uint64_t)(SIZE_MAX / 2) + 1) & ~(uint64_t)(WASMC_PAGE_SIZE - 1);
    if (want > size_cap) want = size_cap;
    for (;;) {
        if (want < floor) return NULL;
        void *base = reserve_va((size_t)want);
        if (base) {
            *got = want;
            return base;
        }
        if (want == floor) return NULL;
        uint64_t half = (want / 2) & ~(uint64_t)(WASMC_PAGE_SIZE - 1);
        want = half > floor ? half : floor;
    }
}

/* Largest page count any memory gets: 2^32 pages (2^48 bytes, more than any
 * host's address space), so byte sizes below never overflow 64 bits. */
#define MEMORY64_PAGE_LIMIT (1ull << 32)

struct wasmc_memory *wasmc_memory_new(const struct wasmc_memory_desc *type, bool guard, char *err,
                                      size_t err_len) {
    static pthread_once_t page_size_once = PTHREAD_ONCE_INIT;
    pthread_once(&page_size_once, check_host_page_size);

    /* Effective maximum: declared (or the index space), capped by the
     * configured limit. A 32-bit memory reaches at most 4 GiB; a memory64
     * reaches --max-memory if configured, else WASMC_MEMORY64_MAX_BYTES. */
    uint64_t limit = type->is64 ? MEMORY64_PAGE_LIMIT : WASMC_MAX_PAGES_32;
    uint64_t max_pages = type->has_max && type->max_pages < limit ? type->max_pages : limit;
    uint64_t cap = wasmc_max_memory_bytes ? wasmc_max_memory_bytes / WASMC_PAGE_SIZE
                   : type->is64            ? WASMC_MEMORY64_MAX_BYTES / WASMC_PAGE_SIZE
                                           : max_pages;
    if (cap < max_pages) max_pages = cap;
    if (type->min_pages > max_pages) {
        wasmc_set_err(err, err_len,
                      "memory of %llu pages exceeds the limit of %llu pages",
                      (unsigned long long)type->min_pages, (unsigned long long)max_pages);
        return NULL;
    }
    /* Both below are <= 2^48: no overflow in u64. */
    uint64_t min_bytes = type->min_pages * WASMC_PAGE_SIZE;
    uint64_t max_bytes = max_pages * WASMC_PAGE_SIZE;

    void *base = NULL;
    uint64_t reserved = 0;
    if (guard) {
        /* The generated code leaves accesses unchecked whose index plus
         * static offset (< guard size) lands in this reservation: a 32-bit
         * index (< 4 GiB), or a memory64 index below 4 GiB when its maximum
         * fits 4 GiB, or below the current length otherwise. So reserve the
         * larger of 4 GiB and the maximum, plus the guard. */
        if (WASMC_GUARD_RESERVATION + WASMC_GUARD_SIZE > SIZE_MAX) {
            wasmc_set_err(err, err_len, "guard-mode memories need a 64-bit host");
            return NULL;
        }
        uint64_t span = max_bytes > WASMC_GUARD_RESERVATION ? max_bytes : WASMC_GUARD_RESERVATION;
        uint64_t floor = min_bytes > WASMC_GUARD_RESERVATION ? min_bytes : WASMC_GUARD_RESERVATION;
        base = reserve_between(span + WASMC_GUARD_SIZE, floor + WASMC_GUARD_SIZE, &reserved);
        if (!base) {
            wasmc_set_err(err, err_len,
                          "cannot reserve %llu bytes of address space for a memory",
                          (unsigned long long)(floor + WASMC_GUARD_SIZE));
            return NULL;
        }
        uint64_t usable = (reserved - WASMC_GUARD_SIZE) / WASMC_PAGE_SIZE;
        if (usable < max_pages) max_pages = usable;
    } else {
        /* Explicit bounds checks: reserve only what the memory can reach (at
         * least one page of address space). */
        uint64_t want = max_bytes ? max_bytes : WASMC_PAGE_SIZE;
        uint64_t floor = min_bytes ? min_bytes : WASMC_PAGE_SIZE;
        base = reserve_between(want, floor, &reserved);
        if (!base) {
            wasmc_set_err(err, err_len,
                          "cannot reserve %llu bytes of address space for a memory",
                          (unsigned long long)floor);
            return NULL;
        }
        if (reserved / WASMC_PAGE_SIZE < max_pages) max_pages = reserved / WASMC_PAGE_SIZE;
    }
    if (min_bytes && mprotect(base, (size_t)min_bytes, PROT_READ | PROT_WRITE) != 0) {
        munmap(base, (size_t)reserved);
        wasmc_set_err(err, err_len, "cannot commit %llu bytes for a memory",
                      (unsigned long long)min_bytes);
        return NULL;
    }
    struct mem_impl *mi = wasmc_xcalloc(1, sizeof *mi);
    mi->pub.base = base;
    mi->pub.length = min_bytes;
    mi->pub.max_pages = max_pages;
    mi->pub.reserved = reserved;
    mi->magic = MEM_MAGIC;
    atomic_init(&mi->refs, 1);
    mi->has_max = type->has_max != 0;
    mi->shared = type->shared != 0;
    mi->is64 = type->is64 != 0;
    mi->decl_max_pages = type->max_pages;
    if (mi->shared && pthread_mutex_init(&mi->grow_lock, NULL) != 0)
        wasmc_fatal("pthread_mutex_init failed");
    return &mi->pub;
}

bool wasmc_memory_ref(struct wasmc_memory *mem) {
    struct mem_impl *mi = mem_impl(mem);
    if (!mi->shared) return false;
    /* Relaxed is enough to add an owner: the caller already holds one. */
    if (atomic_fetch_add_explicit(&mi->refs, 1, memory_order_relaxed) == UINT32_MAX)
        wasmc_fatal("too many owners of a shared memory");
    return true;
}

void wasmc_memory_free(struct wasmc_memory *mem) {
    if (!mem) return;
    struct mem_impl *mi = mem_impl(mem);
    /* Release our accesses; the last owner acquires everyone's before it
     * unmaps. */
    if (atomic_fetch_sub_explicit(&mi->refs, 1, memory_order_acq_rel) != 1) return;
    if (munmap(mi->pub.base, (size_t)mi->pub.reserved) != 0)
        wasmc_fatal("munmap of a linear memory failed");
    if (mi->shared) pthread_mutex_destroy(&mi->grow_lock);
    mi->magic = 0;
    free(mi);
}

static uint64_t grow_locked(struct wasmc_memory *m, uint64_t delta) {
    uint64_t old_pages = m->length / WASMC_PAGE_SIZE;
    /* Invariant: old_pages <= max_pages <= 2^32. */
    if (delta > m->max_pages - old_pages) return UINT64_MAX;
    if (delta == 0) return old_pages;
    uint64_t new_length = (old_pages + delta) * WASMC_PAGE_SIZE;
    /* The new range lies inside the reservation (max_pages * 64 KiB <=
     * reserved), so this cannot disturb other mappings. It may still fail
     * (e.g. commit limits): report that as a failed grow, which is allowed. */
    if (mprotect(m->base + m->length, (size_t)(new_length - m->length),
                 PROT_READ | PROT_WRITE) != 0)
        return UINT64_MAX;
    __atomic_store_n(&m->length, new_length, __ATOMIC_RELEASE);
    return old_pages;
}

static uint64_t memory_grow(struct wasmc_memory *m, uint64_t delta) {
    struct mem_impl *mi = (struct mem_impl *)m;
    if (!mi->shared) return grow_locked(m, delta);
    pthread_mutex_lock(&mi->grow_lock);
    uint64_t r = grow_locked(m, delta);
    pthread_mutex_unlock(&mi->grow_lock);
    return r;
}

bool wasmc_memory_has_guard(const struct wasmc_memory *mem) {
    uint64_t max_bytes = mem->max_pages * WASMC_PAGE_SIZE;
    uint64_t span = max_bytes > WASMC_GUARD_RESERVATION ? max_bytes : WASMC_GUARD_RESERVATION;
    return mem->reserved >= span + WASMC_GUARD_SIZE;
}

bool wasmc_memory_import_matches(struct wasmc_memory *mem, const struct wasmc_memory_desc *type) {
    struct mem_impl *mi = mem_impl(mem);
    if (wasmc_memory_length(&mi->pub) / WASMC_PAGE_SIZE < type->min_pages) return false;
    if (type->has_max && (!mi->has_max || mi->decl_max_pages > type->max_pages)) return false;
    if (mi->shared != (type->shared != 0) || mi->is64 != (type->is64 != 0)) return false;
    return true;
}

/* ======================================================================== */
/* Libcalls (called from generated code; indices were validated by the       */
/* compiler, addresses are checked here)                                     */
/* ======================================================================== */

uint64_t wasmc_memory_grow(struct wasmc_vmctx *vm, uint32_t mem, uint64_t delta) {
    return memory_grow(vm->memories[mem], delta);
}

void wasmc_memory_fill(struct wasmc_vmctx *vm, uint32_t mem, uint64_t dst, uint32_t val,
                       uint64_t len) {
    struct wasmc_memory *m = vm->memories[mem];
    if (!wasmc_range_ok(dst, len, wasmc_memory_length(m))) wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    if (len) memset(m->base + dst, (int)(uint8_t)val, (size_t)len);
}

void wasmc_memory_copy(struct wasmc_vmctx *vm, uint32_t dst_mem, uint32_t src_mem, uint64_t dst,
                       uint64_t src, uint64_t len) {
    struct wasmc_memory *dm = vm->memories[dst_mem], *sm = vm->memories[src_mem];
    if (!wasmc_range_ok(dst, len, wasmc_memory_length(dm)) ||
        !wasmc_range_ok(src, len, wasmc_memory_length(sm)))
        wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    if (len) memmove(dm->base + dst, sm->base + src, (size_t)len);
}
