/* instance.c: instantiation, memories, tables, globals, segments, libcalls.
 *
 * Turns a compiled module's descriptor (struct wasmc_module_desc, emitted by
 * the compiler) into a live instance whose vmctx the generated code uses, and
 * implements the libcalls generated code makes for everything that is not
 * inlined (memory.grow, bulk memory and table operations).
 *
 * Also here, because instantiation feeds them: the process-wide function type
 * interning (canonical type ids for call_indirect and import checks), the
 * registry of compiled code read by the fault handler, and the list of live
 * instances whose stack limits wasmc_call keeps current.
 *
 * Semantics follow the WebAssembly 2.0 specification; instances are not
 * thread-safe (a wasm 2.0 instance runs on one thread at a time).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rt.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

uint64_t wasmc_max_memory_bytes;

/* Largest table we are willing to allocate (elements are pointers). */
#define TABLE_MAX_ELEMS 10000000u

static void set_err(char *err, size_t err_len, const char *fmt, ...) WASMC_PRINTF(3, 4);
static void set_err(char *err, size_t err_len, const char *fmt, ...) {
    if (!err || !err_len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

static inline bool range_ok(uint64_t offset, uint64_t len, uint64_t size) {
    return offset <= size && len <= size - offset;
}

/* ======================================================================== */
/* Function type interning                                                  */
/* ======================================================================== */

/* Types live for the life of the process; ids are indices + 1 into g_types.
 * Lookup is an open-addressing hash over the signature bytes. */
struct type_entry {
    uint64_t hash;
    uint32_t num_params, num_results;
    uint8_t *sig; /* params then results */
};

static pthread_mutex_t g_types_mu = PTHREAD_MUTEX_INITIALIZER;
static struct type_entry *g_types;
static uint32_t g_num_types, g_types_cap;
static uint32_t *g_type_slots; /* ids, 0 = empty */
static size_t g_type_slots_cap; /* power of two */

static uint64_t type_hash(const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr) {
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    const uint64_t prime = 0x100000001b3ull;
    h = (h ^ np) * prime;
    h = (h ^ nr) * prime;
    for (uint32_t i = 0; i < np; i++) h = (h ^ p[i]) * prime;
    h = (h ^ 0xff) * prime;
    for (uint32_t i = 0; i < nr; i++) h = (h ^ r[i]) * prime;
    return h;
}

static bool type_equal(const struct type_entry *e, uint64_t h, const uint8_t *p, uint32_t np,
                       const uint8_t *r, uint32_t nr) {
    return e->hash == h && e->num_params == np && e->num_results == nr &&
           (np == 0 || memcmp(e->sig, p, np) == 0) &&
           (nr == 0 || memcmp(e->sig + np, r, nr) == 0);
}

static void type_slots_insert(uint32_t id) {
    size_t mask = g_type_slots_cap - 1;
    for (size_t i = (size_t)g_types[id - 1].hash & mask;; i = (i + 1) & mask) {
        if (!g_type_slots[i]) {
            g_type_slots[i] = id;
            return;
        }
    }
}

uint32_t wasmc_type_id(const uint8_t *params, uint32_t num_params, const uint8_t *results,
                       uint32_t num_results) {
    if ((num_params && !params) || (num_results && !results))
        wasmc_fatal("wasmc_type_id: missing value types");
    uint64_t h = type_hash(params, num_params, results, num_results);
    pthread_mutex_lock(&g_types_mu);
    if (g_type_slots_cap) {
        size_t mask = g_type_slots_cap - 1;
        for (size_t i = (size_t)h & mask; g_type_slots[i]; i = (i + 1) & mask) {
            uint32_t id = g_type_slots[i];
            if (type_equal(&g_types[id - 1], h, params, num_params, results, num_results)) {
                pthread_mutex_unlock(&g_types_mu);
                return id;
            }
        }
    }
    /* New type. Keep the slot table at most half full. */
    if (g_num_types >= UINT32_MAX / 4) wasmc_fatal("too many function types");
    if (g_num_types == g_types_cap) {
        g_types_cap = g_types_cap ? g_types_cap * 2 : 64;
        g_types = wasmc_xrealloc(g_types, g_types_cap, sizeof *g_types);
    }
    size_t sig_len;
    if (__builtin_add_overflow((size_t)num_params, (size_t)num_results, &sig_len))
        wasmc_fatal("function type too large");
    struct type_entry *e = &g_types[g_num_types];
    e->hash = h;
    e->num_params = num_params;
    e->num_results = num_results;
    e->sig = wasmc_xcalloc(sig_len, 1);
    if (num_params) memcpy(e->sig, params, num_params);
    if (num_results) memcpy(e->sig + num_params, results, num_results);
    uint32_t id = ++g_num_types;
    if ((size_t)g_num_types * 2 > g_type_slots_cap) {
        free(g_type_slots);
        g_type_slots_cap = g_type_slots_cap ? g_type_slots_cap * 2 : 128;
        g_type_slots = wasmc_xcalloc(g_type_slots_cap, sizeof *g_type_slots);
        for (uint32_t i = 1; i <= g_num_types; i++) type_slots_insert(i);
    } else {
        type_slots_insert(id);
    }
    pthread_mutex_unlock(&g_types_mu);
    return id;
}

/* ======================================================================== */
/* Code registry (read by the signal handler)                               */
/* ======================================================================== */

/* One node per registered module descriptor. Nodes are immutable once
 * published and never freed, and the list only grows at its head with a
 * release store, so the fault handler can walk it with an acquire load and no
 * lock: it sees either the old or the new head, each fully initialised. */
struct code_range {
    uintptr_t start, end; /* [start, end) */
    uint32_t func_index;
};

struct code_module {
    const struct wasmc_module_desc *desc;
    uintptr_t lo, hi; /* hull of all ranges */
    struct code_range *ranges; /* sorted by start */
    size_t num_ranges;
    const struct wasmc_trap_site *sites; /* sorted by (func_index, code_offset) */
    size_t num_sites;
    struct code_module *next;
};

_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the fault handler needs lock-free pointer atomics");
static _Atomic(struct code_module *) g_code_modules;
static pthread_mutex_t g_code_mu = PTHREAD_MUTEX_INITIALIZER;

static int cmp_range(const void *a, const void *b) {
    const struct code_range *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static int cmp_site(const void *a, const void *b) {
    const struct wasmc_trap_site *x = a, *y = b;
    if (x->func_index != y->func_index) return x->func_index < y->func_index ? -1 : 1;
    return (x->code_offset > y->code_offset) - (x->code_offset < y->code_offset);
}

void wasmc_register_code(const struct wasmc_module_desc *desc) {
    pthread_mutex_lock(&g_code_mu);
    for (struct code_module *m = atomic_load_explicit(&g_code_modules, memory_order_relaxed); m;
         m = m->next) {
        if (m->desc == desc) {
            pthread_mutex_unlock(&g_code_mu);
            return;
        }
    }
    struct code_module *m = wasmc_xcalloc(1, sizeof *m);
    m->desc = desc;
    m->ranges = wasmc_xcalloc(desc->num_funcs, sizeof *m->ranges);
    m->lo = UINTPTR_MAX;
    for (uint32_t i = desc->num_imported_funcs; i < desc->num_funcs; i++) {
        const struct wasmc_func_desc *f = &desc->funcs[i];
        if (!f->code || !f->code_size) continue;
        uintptr_t start = (uintptr_t)f->code, end;
        if (__builtin_add_overflow(start, (uintptr_t)f->code_size, &end))
            wasmc_fatal("corrupt module descriptor: code of function %u wraps around", i);
        m->ranges[m->num_ranges++] = (struct code_range){start, end, i};
        if (start < m->lo) m->lo = start;
        if (end > m->hi) m->hi = end;
    }
    if (m->num_ranges > 1) qsort(m->ranges, m->num_ranges, sizeof *m->ranges, cmp_range);
    /* The compiler emits the trap sites sorted; sort a copy if it did not. */
    m->sites = desc->trap_sites;
    m->num_sites = desc->num_trap_sites;
    for (size_t i = 0; i < m->num_sites; i++) {
        if (m->sites[i].func_index >= desc->num_funcs)
            wasmc_fatal("corrupt module descriptor: trap site for function %u",
                        m->sites[i].func_index);
        if (i > 0 && cmp_site(&m->sites[i - 1], &m->sites[i]) > 0) {
            struct wasmc_trap_site *copy = wasmc_xcalloc(m->num_sites, sizeof *copy);
            memcpy(copy, desc->trap_sites, m->num_sites * sizeof *copy);
            qsort(copy, m->num_sites, sizeof *copy, cmp_site);
            m->sites = copy;
            break;
        }
    }
    m->next = atomic_load_explicit(&g_code_modules, memory_order_relaxed);
    atomic_store_explicit(&g_code_modules, m, memory_order_release);
    pthread_mutex_unlock(&g_code_mu);
}

/* Async-signal-safe: plain reads of published, immutable data. */
static const struct code_range *find_range(uintptr_t pc, const struct code_module **out) {
    for (const struct code_module *m = atomic_load_explicit(&g_code_modules, memory_order_acquire);
         m; m = m->next) {
        if (pc < m->lo || pc >= m->hi) continue;
        /* Last range with start <= pc. */
        size_t lo = 0, hi = m->num_ranges;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (m->ranges[mid].start <= pc) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0 && pc < m->ranges[lo - 1].end) {
            *out = m;
            return &m->ranges[lo - 1];
        }
    }
    return NULL;
}

bool wasmc_lookup_func(uintptr_t pc, const struct wasmc_module_desc **desc, uint32_t *func_index) {
    const struct code_module *m;
    const struct code_range *r = find_range(pc, &m);
    if (!r) return false;
    *desc = m->desc;
    *func_index = r->func_index;
    return true;
}

bool wasmc_lookup_trap(uintptr_t pc, const struct wasmc_module_desc **desc, uint32_t *func_index,
                       uint32_t *trap_code) {
    const struct code_module *m;
    const struct code_range *r = find_range(pc, &m);
    if (!r) return false;
    struct wasmc_trap_site key = {r->func_index, (uint32_t)(pc - r->start), 0};
    size_t lo = 0, hi = m->num_sites;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_site(&m->sites[mid], &key);
        if (c == 0) {
            *desc = m->desc;
            *func_index = r->func_index;
            *trap_code = m->sites[mid].trap;
            return true;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

/* ======================================================================== */
/* Linear memories                                                          */
/* ======================================================================== */

/* Why `base` never moves: generated code loads memory->base once and keeps it
 * in a register across calls (which may grow the memory), so growing must not
 * relocate. We therefore reserve, at creation, address space for the largest
 * size the memory can ever reach (plus the guard region in guard mode) as
 * PROT_NONE, and memory.grow only flips more of it to read/write. Pages that
 * were never writable were never touched, so they read as zero, as wasm
 * requires.
 *
 * `reserved` (ABI field) = bytes of the whole reservation starting at base,
 * guard included; munmap(base, reserved) releases it. */
#define MEM_MAGIC 0x574d454du
struct mem_impl {
    struct wasmc_memory pub; /* first: (struct mem_impl *)memory is valid */
    uint32_t magic;
    uint8_t has_max, shared, is64;
    uint64_t decl_max_pages; /* declared maximum (import matching) */
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

struct wasmc_memory *wasmc_memory_new(const struct wasmc_memory_desc *type, bool guard, char *err,
                                      size_t err_len) {
    static pthread_once_t page_size_once = PTHREAD_ONCE_INIT;
    pthread_once(&page_size_once, check_host_page_size);

    /* Effective maximum: declared (or what a 32-bit index reaches), capped by
     * the configured limit. memory64 is capped at 4 GiB too (its accesses are
     * always bounds-checked by generated code). */
    uint64_t max_pages = type->has_max ? type->max_pages : WASMC_MAX_PAGES_32;
    if (max_pages > WASMC_MAX_PAGES_32) max_pages = WASMC_MAX_PAGES_32;
    if (wasmc_max_memory_bytes) {
        uint64_t cap = wasmc_max_memory_bytes / WASMC_PAGE_SIZE;
        if (cap < max_pages) max_pages = cap;
    }
    if (type->min_pages > max_pages) {
        set_err(err, err_len,
                "memory of %llu pages exceeds the limit of %llu pages",
                (unsigned long long)type->min_pages, (unsigned long long)max_pages);
        return NULL;
    }
    /* Both below are <= 2^32 (65536 pages of 64 KiB): no overflow in u64. */
    uint64_t min_bytes = type->min_pages * WASMC_PAGE_SIZE;
    uint64_t max_bytes = max_pages * WASMC_PAGE_SIZE;

    void *base = NULL;
    uint64_t reserved = 0;
    if (guard) {
        /* The generated code leaves accesses unchecked whose index (< 4 GiB)
         * plus static offset (< 2 GiB) lands in this reservation. */
        uint64_t want = WASMC_GUARD_RESERVATION + WASMC_GUARD_SIZE;
        if (want > SIZE_MAX) {
            set_err(err, err_len, "guard-mode memories need a 64-bit host");
            return NULL;
        }
        base = reserve_va((size_t)want);
        if (!base) {
            set_err(err, err_len, "cannot reserve %llu bytes of address space for a memory",
                    (unsigned long long)want);
            return NULL;
        }
        reserved = want;
    } else {
        /* Explicit bounds checks: reserve only what the memory can reach (at
         * least one page of address space). If that much address space is not
         * available (32-bit hosts, ulimit -v), settle for less, never below
         * the minimum: memory.grow then fails earlier, which wasm permits. */
        uint64_t want = max_bytes ? max_bytes : WASMC_PAGE_SIZE;
        uint64_t floor = min_bytes ? min_bytes : WASMC_PAGE_SIZE;
        uint64_t size_cap = ((uint64_t)(SIZE_MAX / 2) + 1) & ~(uint64_t)(WASMC_PAGE_SIZE - 1);
        if (want > size_cap) want = size_cap;
        for (;;) {
            if (want < floor) break;
            base = reserve_va((size_t)want);
            if (base || want == floor) break;
            uint64_t half = (want / 2) & ~(uint64_t)(WASMC_PAGE_SIZE - 1);
            want = half > floor ? half : floor;
        }
        if (!base) {
            set_err(err, err_len, "cannot reserve %llu bytes of address space for a memory",
                    (unsigned long long)floor);
            return NULL;
        }
        reserved = want;
        if (reserved / WASMC_PAGE_SIZE < max_pages) max_pages = reserved / WASMC_PAGE_SIZE;
    }
    if (min_bytes && mprotect(base, (size_t)min_bytes, PROT_READ | PROT_WRITE) != 0) {
        munmap(base, (size_t)reserved);
        set_err(err, err_len, "cannot commit %llu bytes for a memory",
                (unsigned long long)min_bytes);
        return NULL;
    }
    struct mem_impl *mi = wasmc_xcalloc(1, sizeof *mi);
    mi->pub.base = base;
    mi->pub.length = min_bytes;
    mi->pub.max_pages = max_pages;
    mi->pub.reserved = reserved;
    mi->magic = MEM_MAGIC;
    mi->has_max = type->has_max != 0;
    mi->shared = type->shared != 0;
    mi->is64 = type->is64 != 0;
    mi->decl_max_pages = type->max_pages;
    return &mi->pub;
}

void wasmc_memory_free(struct wasmc_memory *mem) {
    if (!mem) return;
    struct mem_impl *mi = mem_impl(mem);
    if (munmap(mi->pub.base, (size_t)mi->pub.reserved) != 0)
        wasmc_fatal("munmap of a linear memory failed");
    mi->magic = 0;
    free(mi);
}

static uint64_t memory_grow(struct wasmc_memory *m, uint64_t delta) {
    uint64_t old_pages = m->length / WASMC_PAGE_SIZE;
    /* Invariant: old_pages <= max_pages <= 65536. */
    if (delta > m->max_pages - old_pages) return UINT64_MAX;
    if (delta == 0) return old_pages;
    uint64_t new_length = (old_pages + delta) * WASMC_PAGE_SIZE;
    /* The new range lies inside the reservation (max_pages * 64 KiB <=
     * reserved), so this cannot disturb other mappings. It may still fail
     * (e.g. commit limits): report that as a failed grow, which is allowed. */
    if (mprotect(m->base + m->length, (size_t)(new_length - m->length),
                 PROT_READ | PROT_WRITE) != 0)
        return UINT64_MAX;
    m->length = new_length;
    return old_pages;
}

/* ======================================================================== */
/* Tables                                                                   */
/* ======================================================================== */

#define TABLE_MAGIC 0x5754424cu
struct table_impl {
    struct wasmc_table pub; /* first */
    uint32_t magic;
    uint8_t has_max;
    uint64_t decl_max; /* declared maximum (import matching) */
};

static struct table_impl *table_impl(struct wasmc_table *t) {
    struct table_impl *ti = (struct table_impl *)t;
    if (ti->magic != TABLE_MAGIC) wasmc_fatal("table not created by the runtime");
    return ti;
}

struct wasmc_table *wasmc_table_new(uint8_t elem_type, uint64_t min, bool has_max, uint64_t max,
                                    void *init, char *err, size_t err_len) {
    uint64_t eff_max = has_max && max < UINT32_MAX ? max : UINT32_MAX;
    if (min > eff_max || min > TABLE_MAX_ELEMS) {
        set_err(err, err_len, "table of %llu elements exceeds the limit",
                (unsigned long long)min);
        return NULL;
    }
    struct table_impl *ti = wasmc_xcalloc(1, sizeof *ti);
    ti->pub.elements = wasmc_xcalloc((size_t)min, sizeof(void *));
    for (uint64_t i = 0; i < min; i++) ti->pub.elements[i] = init;
    ti->pub.size = (uint32_t)min;
    ti->pub.max = (uint32_t)eff_max;
    ti->pub.elem_type = elem_type;
    ti->magic = TABLE_MAGIC;
    ti->has_max = has_max;
    ti->decl_max = max;
    return &ti->pub;
}

void wasmc_table_free(struct wasmc_table *table) {
    if (!table) return;
    struct table_impl *ti = table_impl(table);
    free(ti->pub.elements);
    ti->magic = 0;
    free(ti);
}

static uint32_t table_grow(struct wasmc_table *t, void *init, uint32_t delta) {
    uint32_t old = t->size;
    if (delta == 0) return old;
    uint64_t new_size = (uint64_t)old + delta;
    if (new_size > t->max || new_size > TABLE_MAX_ELEMS) return UINT32_MAX;
    size_t bytes;
    if (__builtin_mul_overflow((size_t)new_size, sizeof(void *), &bytes)) return UINT32_MAX;
    /* Generated code reloads `elements` on every access, so it may move.
     * Running out of memory is a failed grow (-1), not a fatal error. */
    void **e = realloc(t->elements, bytes);
    if (!e) return UINT32_MAX;
    for (uint64_t i = old; i < new_size; i++) e[i] = init;
    t->elements = e;
    t->size = (uint32_t)new_size;
    return old;
}

/* ======================================================================== */
/* Instances                                                                */
/* ======================================================================== */

struct inst_impl {
    struct wasmc_instance pub; /* first (and pub.vmctx first in it) */
    struct inst_impl *prev, *next; /* live instances, for stack limits */
    bool listed;
};

/* Every live instance carries the same stack_limit (that of the thread that
 * last entered wasm). g_applied_limit is that common value, or 0 while it is
 * not established; it is written only under g_inst_mu, after all instances
 * were updated, so a lock-free read that matches proves there is nothing to
 * do. */
static pthread_mutex_t g_inst_mu = PTHREAD_MUTEX_INITIALIZER;
static struct inst_impl *g_instances;
static _Atomic uintptr_t g_applied_limit;

void wasmc_apply_stack_limit(uintptr_t limit) {
    if (atomic_load_explicit(&g_applied_limit, memory_order_acquire) == limit) return;
    pthread_mutex_lock(&g_inst_mu);
    for (struct inst_impl *ii = g_instances; ii; ii = ii->next) ii->pub.vmctx.stack_limit = limit;
    atomic_store_explicit(&g_applied_limit, limit, memory_order_release);
    pthread_mutex_unlock(&g_inst_mu);
}

static void instance_list_add(struct inst_impl *ii) {
    pthread_mutex_lock(&g_inst_mu);
    ii->pub.vmctx.stack_limit = atomic_load_explicit(&g_applied_limit, memory_order_relaxed);
    ii->prev = NULL;
    ii->next = g_instances;
    if (g_instances) g_instances->prev = ii;
    g_instances = ii;
    ii->listed = true;
    pthread_mutex_unlock(&g_inst_mu);
}

static void instance_list_remove(struct inst_impl *ii) {
    if (!ii->listed) return;
    pthread_mutex_lock(&g_inst_mu);
    if (ii->prev) ii->prev->next = ii->next;
    else g_instances = ii->next;
    if (ii->next) ii->next->prev = ii->prev;
    ii->listed = false;
    pthread_mutex_unlock(&g_inst_mu);
}

/* ---- constant expressions ------------------------------------------------ */

/* Evaluate `e` as a value of wasm type `type`. Values in `bits` are
 * little-endian, so decode them per type rather than memcpy into the union
 * (which would be wrong on big-endian hosts). */
static void const_eval(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e, uint8_t type,
                       union wasmc_val *out) {
    const struct wasmc_module_desc *desc = vm->instance->desc;
    memset(out, 0, sizeof *out);
    switch (e->kind) {
    case WASMC_CONST_VALUE:
        switch (type) {
        case WASMC_TYPE_I32: out->i32 = wasmc_le32(e->bits); break;
        case WASMC_TYPE_I64: out->i64 = wasmc_le64(e->bits); break;
        case WASMC_TYPE_F32: {
            uint32_t u = wasmc_le32(e->bits);
            memcpy(&out->f32, &u, sizeof u);
            break;
        }
        case WASMC_TYPE_F64: {
            uint64_t u = wasmc_le64(e->bits);
            memcpy(&out->f64, &u, sizeof u);
            break;
        }
        case WASMC_TYPE_V128: memcpy(out->v128, e->bits, 16); break;
        default: wasmc_fatal("corrupt module descriptor: constant of type 0x%x", type);
        }
        return;
    case WASMC_CONST_GLOBAL_GET:
        if (e->index >= desc->num_globals || !vm->globals[e->index])
            wasmc_fatal("corrupt module descriptor: global.get %u in a constant expression",
                        e->index);
        *out = *vm->globals[e->index];
        return;
    case WASMC_CONST_REF_NULL: out->ref = NULL; return;
    case WASMC_CONST_REF_FUNC:
        if (e->index >= desc->num_funcs)
            wasmc_fatal("corrupt module descriptor: ref.func %u", e->index);
        out->ref = &vm->funcrefs[e->index];
        return;
    default: wasmc_fatal("corrupt module descriptor: constant expression kind %u", e->kind);
    }
}

static void *const_ref(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e) {
    union wasmc_val v;
    const_eval(vm, e, WASMC_TYPE_FUNCREF, &v);
    return v.ref;
}

static uint64_t const_offset(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e, bool is64) {
    union wasmc_val v;
    const_eval(vm, e, is64 ? WASMC_TYPE_I64 : WASMC_TYPE_I32, &v);
    return is64 ? v.i64 : v.i32;
}

/* ---- segments (shared by instantiation and the libcalls) ---------------- */

/* table.init semantics; false when out of bounds (nothing written then). */
static bool table_init_range(struct wasmc_vmctx *vm, struct wasmc_table *t, uint32_t seg,
                             uint64_t dst, uint64_t src, uint64_t len) {
    struct wasmc_instance *inst = vm->instance;
    const struct wasmc_elem_desc *e = &inst->desc->elems[seg];
    uint64_t seg_len = inst->dropped_elems[seg] ? 0 : e->count;
    if (!range_ok(src, len, seg_len) || !range_ok(dst, len, t->size)) return false;
    for (uint64_t i = 0; i < len; i++) t->elements[dst + i] = const_ref(vm, &e->items[src + i]);
    return true;
}

/* memory.init semantics; false when out of bounds. */
static bool memory_init_range(struct wasmc_vmctx *vm, struct wasmc_memory *m, uint32_t seg,
                              uint64_t dst, uint64_t src, uint64_t len) {
    struct wasmc_instance *inst = vm->instance;
    const struct wasmc_data_desc *d = &inst->desc->datas[seg];
    uint64_t seg_len = inst->dropped_datas[seg] ? 0 : d->len;
    if (!range_ok(src, len, seg_len) || !range_ok(dst, len, m->length)) return false;
    if (len) memcpy(m->base + dst, d->bytes + src, (size_t)len);
    return true;
}

/* ---- descriptor sanity ---------------------------------------------------- */

/* The descriptor comes from our own compiler, so inconsistencies are bugs;
 * check the indices we are about to trust so a bug aborts with a message
 * instead of corrupting memory. */
static void check_desc(const struct wasmc_module_desc *d) {
#define NEED(cond, ...)                                                               \
    do {                                                                              \
        if (!(cond)) wasmc_fatal("corrupt module descriptor: " __VA_ARGS__);         \
    } while (0)
    NEED(!d->num_types || d->types, "types");
    NEED(!d->num_imports || d->imports, "imports");
    NEED(!d->num_funcs || d->funcs, "funcs");
    NEED(!d->num_memories || d->memories, "memories");
    NEED(!d->num_tables || d->tables, "tables");
    NEED(!d->num_globals || d->globals, "globals");
    NEED(!d->num_exports || d->exports, "exports");
    NEED(!d->num_datas || d->datas, "datas");
    NEED(!d->num_elems || d->elems, "elems");
    NEED(!d->num_trap_sites || d->trap_sites, "trap sites");
    NEED(d->num_imported_funcs <= d->num_funcs, "imported function count");
    for (uint32_t i = 0; i < d->num_types; i++) {
        const struct wasmc_type_desc *t = &d->types[i];
        NEED((!t->num_params || t->params) && (!t->num_results || t->results), "type %u", i);
    }
    for (uint32_t i = 0; i < d->num_funcs; i++) {
        NEED(d->funcs[i].type_index < d->num_types, "type of function %u", i);
        NEED(i < d->num_imported_funcs || d->funcs[i].code, "code of function %u", i);
    }
    for (uint32_t i = 0; i < d->num_imports; i++) {
        const struct wasmc_import_desc *im = &d->imports[i];
        NEED(im->module && im->name && im->module[im->module_len] == '\0' &&
                 im->name[im->name_len] == '\0',
             "import %u name", i);
        switch (im->kind) {
        case WASMC_EXTERN_FUNC:
            NEED(im->index < d->num_imported_funcs && im->type_index < d->num_types &&
                     d->funcs[im->index].type_index == im->type_index,
                 "function import %u", i);
            break;
        case WASMC_EXTERN_TABLE:
            NEED(im->index < d->num_tables && d->tables[im->index].imported, "table import %u", i);
            break;
        case WASMC_EXTERN_MEMORY:
            NEED(im->index < d->num_memories && d->memories[im->index].imported,
                 "memory import %u", i);
            break;
        case WASMC_EXTERN_GLOBAL:
            NEED(im->index < d->num_globals && d->globals[im->index].imported,
                 "global import %u", i);
            break;
        default: break; /* reported as a link error */
        }
    }
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        uint32_t n = ex->kind == WASMC_EXTERN_FUNC     ? d->num_funcs
                     : ex->kind == WASMC_EXTERN_TABLE  ? d->num_tables
                     : ex->kind == WASMC_EXTERN_MEMORY ? d->num_memories
                     : ex->kind == WASMC_EXTERN_GLOBAL ? d->num_globals
                                                       : UINT32_MAX;
        NEED(ex->name && ex->name[ex->name_len] == '\0' && ex->index < n, "export %u", i);
    }
    for (uint32_t i = 0; i < d->num_elems; i++) {
        const struct wasmc_elem_desc *e = &d->elems[i];
        NEED(!e->count || e->items, "elem segment %u", i);
        NEED(e->mode != WASMC_SEG_ACTIVE || e->table < d->num_tables, "elem segment %u table", i);
    }
    for (uint32_t i = 0; i < d->num_datas; i++) {
        const struct wasmc_data_desc *s = &d->datas[i];
        NEED(!s->len || s->bytes, "data segment %u", i);
        NEED(s->mode != WASMC_SEG_ACTIVE || s->memory < d->num_memories,
             "data segment %u memory", i);
    }
    NEED(d->start_func == UINT32_MAX || d->start_func < d->num_funcs, "start function");
#undef NEED
}

/* ---- teardown --------------------------------------------------------------- */

static void instance_destroy(struct inst_impl *ii) {
    struct wasmc_instance *inst = &ii->pub;
    struct wasmc_vmctx *vm = &inst->vmctx;
    const struct wasmc_module_desc *d = inst->desc;
    instance_list_remove(ii);
    if (vm->memories)
        for (uint32_t i = 0; i < d->num_memories; i++)
            if (!d->memories[i].imported) wasmc_memory_free(vm->memories[i]);
    if (vm->tables)
        for (uint32_t i = 0; i < d->num_tables; i++)
            if (!d->tables[i].imported) wasmc_table_free(vm->tables[i]);
    free(vm->funcrefs);
    free(vm->globals);
    free(vm->tables);
    free(vm->type_ids);
    free(vm->memories);
    free(inst->dropped_datas);
    free(inst->dropped_elems);
    free(inst->global_storage);
    free(inst->host_funcs);
    free(ii);
}

void wasmc_instance_free(struct wasmc_instance *inst) {
    if (inst) instance_destroy((struct inst_impl *)inst);
}

/* ---- imports -------------------------------------------------------------- */

/* "module.name" of an import, printable (see wasmc_name_print), for messages. */
struct import_label {
    char module[256], name[256];
};
static void import_label(struct import_label *b, const struct wasmc_import_desc *imp) {
    wasmc_name_print(b->module, sizeof b->module, imp->module, imp->module_len);
    wasmc_name_print(b->name, sizeof b->name, imp->name, imp->name_len);
}

/* Resolve and type-check one import; false (with err set) on a link error. */
static bool link_import(struct wasmc_instance *inst, const struct wasmc_import_desc *imp,
                        wasmc_resolver_fn resolve, void *resolve_data, uint32_t *num_host,
                        char *err, size_t err_len) {
    const struct wasmc_module_desc *d = inst->desc;
    struct wasmc_vmctx *vm = &inst->vmctx;
    struct wasmc_extern ext;
    struct import_label label;
    memset(&ext, 0, sizeof ext);
    if (imp->kind > WASMC_EXTERN_GLOBAL) {
        import_label(&label, imp);
        set_err(err, err_len, "unsupported import kind %u: %s.%s", imp->kind, label.module,
                label.name);
        return false;
    }
    if (!resolve || !resolve(resolve_data, d, imp, &ext)) {
        import_label(&label, imp);
        set_err(err, err_len, "unknown import: %s.%s", label.module, label.name);
        return false;
    }
    if (ext.kind != imp->kind) goto incompatible;
    switch (imp->kind) {
    case WASMC_EXTERN_FUNC: {
        const struct wasmc_funcref *src = ext.func;
        uint32_t t = imp->type_index;
        struct wasmc_funcref *dst = &vm->funcrefs[imp->index];
        if (!src || src->type_id != vm->type_ids[t]) goto incompatible;
        if (dst->type_id) wasmc_fatal("corrupt module descriptor: function %u imported twice",
                                      imp->index);
        if (src->array_call == wasmc_host_array_call) {
            /* A host function: keep our own copy of its record and call it
             * through this module's compiled adapter for the type. */
            if (!src->vmctx) wasmc_fatal("host function reference without a record");
            struct wasmc_host_func *rec = &inst->host_funcs[(*num_host)++];
            *rec = *(const struct wasmc_host_func *)src->vmctx;
            void *adapter = d->types[t].host_adapter ? d->types[t].host_adapter : src->wasm_call;
            if (!adapter) {
                import_label(&label, imp);
                wasmc_fatal("no host adapter for function type %u (import %s.%s)", t,
                            label.module, label.name);
            }
            dst->wasm_call = adapter;
            dst->vmctx = rec;
            dst->array_call = wasmc_host_array_call;
            dst->type_id = src->type_id;
        } else {
            *dst = *src; /* another instance's function: same code, its vmctx */
        }
        return true;
    }
    case WASMC_EXTERN_TABLE: {
        if (!ext.table) goto incompatible;
        struct table_impl *ti = table_impl(ext.table);
        const struct wasmc_table_desc *td = &d->tables[imp->index];
        if (vm->tables[imp->index]) wasmc_fatal("corrupt module descriptor: table imported twice");
        /* Spec import matching: the table's current size is its minimum. */
        if (ti->pub.elem_type != td->elem_type || ti->pub.size < td->min) goto incompatible;
        if (td->has_max && (!ti->has_max || ti->decl_max > td->max)) goto incompatible;
        vm->tables[imp->index] = &ti->pub;
        return true;
    }
    case WASMC_EXTERN_MEMORY: {
        if (!ext.memory) goto incompatible;
        struct mem_impl *mi = mem_impl(ext.memory);
        const struct wasmc_memory_desc *md = &d->memories[imp->index];
        if (vm->memories[imp->index])
            wasmc_fatal("corrupt module descriptor: memory imported twice");
        if (mi->pub.length / WASMC_PAGE_SIZE < md->min_pages) goto incompatible;
        if (md->has_max && (!mi->has_max || mi->decl_max_pages > md->max_pages)) goto incompatible;
        if (mi->shared != (md->shared != 0) || mi->is64 != (md->is64 != 0)) goto incompatible;
        /* Code compiled for guard mode does unchecked accesses up to 6 GiB
         * past base: it must not get a memory without that reservation. */
        if (!(d->flags & WASMC_FLAG_EXPLICIT_BOUNDS) &&
            mi->pub.reserved < WASMC_GUARD_RESERVATION + WASMC_GUARD_SIZE) {
            import_label(&label, imp);
            set_err(err, err_len,
                    "incompatible import type: %s.%s (memory lacks the guard region this "
                    "module was compiled for)",
                    label.module, label.name);
            return false;
        }
        vm->memories[imp->index] = &mi->pub;
        return true;
    }
    case WASMC_EXTERN_GLOBAL: {
        const struct wasmc_global_desc *gd = &d->globals[imp->index];
        if (!ext.global || ext.global_type != gd->valtype ||
            (ext.global_mutable != 0) != (gd->mutable_ != 0))
            goto incompatible;
        if (vm->globals[imp->index]) wasmc_fatal("corrupt module descriptor: global imported twice");
        vm->globals[imp->index] = ext.global;
        return true;
    }
    }
incompatible:
    import_label(&label, imp);
    set_err(err, err_len, "incompatible import type: %s.%s", label.module, label.name);
    return false;
}

/* ---- instantiation --------------------------------------------------------- */

static void trap_info_clear(struct wasmc_trap_info *t) {
    t->code = 0;
    t->exit_status = 0;
    t->num_frames = 0;
    t->more_frames = 0;
}

struct wasmc_instance *wasmc_instantiate(const struct wasmc_module_desc *desc,
                                         wasmc_resolver_fn resolve, void *resolve_data, char *err,
                                         size_t err_len, struct wasmc_trap_info *trap) {
    return wasmc_instantiate_ex(desc, resolve, resolve_data, err, err_len, trap, NULL);
}

struct wasmc_instance *wasmc_instantiate_ex(const struct wasmc_module_desc *desc,
                                            wasmc_resolver_fn resolve, void *resolve_data,
                                            char *err, size_t err_len,
                                            struct wasmc_trap_info *trap,
                                            enum wasmc_outcome *outcome) {
    struct wasmc_trap_info trap_scratch;
    enum wasmc_outcome outcome_scratch;
    if (!trap) trap = &trap_scratch;
    if (!outcome) outcome = &outcome_scratch;
    *outcome = WASMC_OK;
    trap_info_clear(trap);
    if (err && err_len) err[0] = '\0';

    if (desc->abi_version != WASMC_ABI_VERSION) {
        set_err(err, err_len, "module was compiled for runtime ABI version %u, this runtime is %u",
                desc->abi_version, WASMC_ABI_VERSION);
        return NULL;
    }
    check_desc(desc);

    struct inst_impl *ii = wasmc_xcalloc(1, sizeof *ii);
    struct wasmc_instance *inst = &ii->pub;
    struct wasmc_vmctx *vm = &inst->vmctx;
    const struct wasmc_module_desc *d = desc;
    inst->desc = d;
    vm->instance = inst;
    vm->funcrefs = wasmc_xcalloc(d->num_funcs, sizeof *vm->funcrefs);
    vm->globals = wasmc_xcalloc(d->num_globals, sizeof *vm->globals);
    vm->tables = wasmc_xcalloc(d->num_tables, sizeof *vm->tables);
    vm->type_ids = wasmc_xcalloc(d->num_types, sizeof *vm->type_ids);
    vm->memories = wasmc_xcalloc(d->num_memories, sizeof *vm->memories);
    inst->dropped_datas = wasmc_xcalloc(d->num_datas, 1);
    inst->dropped_elems = wasmc_xcalloc(d->num_elems, 1);
    inst->global_storage = wasmc_xcalloc(d->num_globals, sizeof *inst->global_storage);
    inst->host_funcs = wasmc_xcalloc(d->num_imported_funcs, sizeof *inst->host_funcs);

    for (uint32_t t = 0; t < d->num_types; t++)
        vm->type_ids[t] = wasmc_type_id(d->types[t].params, d->types[t].num_params,
                                        d->types[t].results, d->types[t].num_results);

    /* Imports. */
    uint32_t num_host = 0;
    for (uint32_t i = 0; i < d->num_imports; i++)
        if (!link_import(inst, &d->imports[i], resolve, resolve_data, &num_host, err, err_len))
            goto link_error;
    for (uint32_t i = 0; i < d->num_imported_funcs; i++)
        if (!vm->funcrefs[i].type_id) wasmc_fatal("corrupt module descriptor: function %u not imported", i);

    /* Defined functions. */
    for (uint32_t i = d->num_imported_funcs; i < d->num_funcs; i++) {
        uint32_t t = d->funcs[i].type_index;
        vm->funcrefs[i] = (struct wasmc_funcref){
            .wasm_call = d->funcs[i].code,
            .vmctx = vm,
            .array_call = d->types[t].array_call,
            .type_id = vm->type_ids[t],
        };
    }

    /* Globals, in order: an initialiser may read any earlier global. */
    for (uint32_t i = 0; i < d->num_globals; i++) {
        const struct wasmc_global_desc *g = &d->globals[i];
        if (g->imported) {
            if (!vm->globals[i]) wasmc_fatal("corrupt module descriptor: global %u not imported", i);
            continue;
        }
        const_eval(vm, &g->init, g->valtype, &inst->global_storage[i]);
        vm->globals[i] = &inst->global_storage[i];
    }

    /* Tables. */
    for (uint32_t i = 0; i < d->num_tables; i++) {
        const struct wasmc_table_desc *td = &d->tables[i];
        if (td->imported) {
            if (!vm->tables[i]) wasmc_fatal("corrupt module descriptor: table %u not imported", i);
            continue;
        }
        vm->tables[i] = wasmc_table_new(td->elem_type, td->min, td->has_max, td->max,
                                        const_ref(vm, &td->init), err, err_len);
        if (!vm->tables[i]) goto link_error;
        inst->num_owned_tables++;
    }

    /* Memories. */
    for (uint32_t i = 0; i < d->num_memories; i++) {
        const struct wasmc_memory_desc *md = &d->memories[i];
        if (md->imported) {
            if (!vm->memories[i]) wasmc_fatal("corrupt module descriptor: memory %u not imported", i);
            continue;
        }
        vm->memories[i] = wasmc_memory_new(md, !(d->flags & WASMC_FLAG_EXPLICIT_BOUNDS), err,
                                           err_len);
        if (!vm->memories[i]) goto link_error;
        inst->num_owned_memories++;
    }
    vm->memory0 = d->num_memories ? vm->memories[0] : NULL;

    /* From here on code may run and side effects become visible. */
    wasmc_register_code(d);
    instance_list_add(ii);

    /* Active and declarative element segments, then data segments, as if by
     * table.init/memory.init followed by elem.drop/data.drop. A trap leaves
     * the effects of earlier segments in place (imported tables/memories may
     * now refer to this instance), so the instance is kept alive. */
    uint32_t seg_trap = 0;
    for (uint32_t i = 0; i < d->num_elems && !seg_trap; i++) {
        const struct wasmc_elem_desc *e = &d->elems[i];
        if (e->mode == WASMC_SEG_ACTIVE) {
            uint64_t off = const_offset(vm, &e->offset, false);
            if (!table_init_range(vm, vm->tables[e->table], i, off, 0, e->count))
                seg_trap = WASMC_TRAP_TABLE_OUT_OF_BOUNDS;
            inst->dropped_elems[i] = 1;
        } else if (e->mode == WASMC_SEG_DECLARED) {
            inst->dropped_elems[i] = 1;
        }
    }
    for (uint32_t i = 0; i < d->num_datas && !seg_trap; i++) {
        const struct wasmc_data_desc *s = &d->datas[i];
        if (s->mode != WASMC_SEG_ACTIVE) continue;
        struct wasmc_memory *m = vm->memories[s->memory];
        uint64_t off = const_offset(vm, &s->offset, d->memories[s->memory].is64 != 0);
        if (!memory_init_range(vm, m, i, off, 0, s->len)) seg_trap = WASMC_TRAP_MEMORY_OUT_OF_BOUNDS;
        inst->dropped_datas[i] = 1;
    }
    if (seg_trap) {
        trap->code = seg_trap;
        *outcome = WASMC_TRAPPED;
        set_err(err, err_len, "trap: %s", wasmc_trap_message(seg_trap));
        return NULL;
    }

    if (d->start_func != UINT32_MAX) {
        union wasmc_val vals[1];
        memset(vals, 0, sizeof vals);
        enum wasmc_outcome o = wasmc_call(&vm->funcrefs[d->start_func], vals, trap);
        if (o != WASMC_OK) {
            *outcome = o;
            if (o == WASMC_TRAPPED) set_err(err, err_len, "trap: %s", wasmc_trap_message(trap->code));
            else set_err(err, err_len, "exited with status %u", trap->exit_status);
            return NULL;
        }
    }
    return inst;

link_error:
    instance_destroy(ii);
    return NULL;
}

/* ---- exports --------------------------------------------------------------- */

const struct wasmc_export_desc *wasmc_find_export(const struct wasmc_instance *inst,
                                                  const char *name, size_t name_len,
                                                  uint32_t kind) {
    const struct wasmc_module_desc *d = inst->desc;
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        if (ex->kind == kind && wasmc_name_eq(ex->name, ex->name_len, name, name_len)) return ex;
    }
    return NULL;
}

bool wasmc_instance_export(const struct wasmc_instance *inst, const char *name, size_t name_len,
                           struct wasmc_extern *out) {
    const struct wasmc_module_desc *d = inst->desc;
    const struct wasmc_vmctx *vm = &inst->vmctx;
    memset(out, 0, sizeof *out);
    for (uint32_t i = 0; i < d->num_exports; i++) {
        const struct wasmc_export_desc *ex = &d->exports[i];
        if (!wasmc_name_eq(ex->name, ex->name_len, name, name_len)) continue;
        out->kind = ex->kind;
        switch (ex->kind) {
        case WASMC_EXTERN_FUNC: out->func = &vm->funcrefs[ex->index]; return true;
        case WASMC_EXTERN_TABLE: out->table = vm->tables[ex->index]; return true;
        case WASMC_EXTERN_MEMORY: out->memory = vm->memories[ex->index]; return true;
        case WASMC_EXTERN_GLOBAL:
            out->global = vm->globals[ex->index];
            out->global_type = d->globals[ex->index].valtype;
            out->global_mutable = d->globals[ex->index].mutable_ != 0;
            return true;
        default: return false;
        }
    }
    return false;
}

/* ---- host functions --------------------------------------------------------- */

void wasmc_host_array_call(void *wasm_call, void *callee_vmctx, struct wasmc_vmctx *caller,
                           union wasmc_val *vals) {
    (void)wasm_call;
    const struct wasmc_host_func *hf = callee_vmctx;
    hf->func(hf->data, caller, vals);
}

void wasmc_host_funcref_init(struct wasmc_funcref *ref, struct wasmc_host_func *rec,
                             uint32_t type_id) {
    ref->wasm_call = NULL;
    ref->vmctx = rec;
    ref->array_call = wasmc_host_array_call;
    ref->type_id = type_id;
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
    if (!range_ok(dst, len, m->length)) wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    if (len) memset(m->base + dst, (int)(uint8_t)val, (size_t)len);
}

void wasmc_memory_copy(struct wasmc_vmctx *vm, uint32_t dst_mem, uint32_t src_mem, uint64_t dst,
                       uint64_t src, uint64_t len) {
    struct wasmc_memory *dm = vm->memories[dst_mem], *sm = vm->memories[src_mem];
    if (!range_ok(dst, len, dm->length) || !range_ok(src, len, sm->length))
        wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    if (len) memmove(dm->base + dst, sm->base + src, (size_t)len);
}

void wasmc_memory_init(struct wasmc_vmctx *vm, uint32_t mem, uint32_t seg, uint64_t dst,
                       uint32_t src, uint32_t len) {
    if (!memory_init_range(vm, vm->memories[mem], seg, dst, src, len))
        wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
}

void wasmc_data_drop(struct wasmc_vmctx *vm, uint32_t seg) {
    vm->instance->dropped_datas[seg] = 1;
}

uint32_t wasmc_table_grow(struct wasmc_vmctx *vm, uint32_t table, void *init, uint32_t delta) {
    return table_grow(vm->tables[table], init, delta);
}

void wasmc_table_fill(struct wasmc_vmctx *vm, uint32_t table, uint32_t dst, void *ref,
                      uint32_t len) {
    struct wasmc_table *t = vm->tables[table];
    if (!range_ok(dst, len, t->size)) wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
    for (uint32_t i = 0; i < len; i++) t->elements[dst + i] = ref;
}

void wasmc_table_copy(struct wasmc_vmctx *vm, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                      uint32_t src, uint32_t len) {
    struct wasmc_table *dt = vm->tables[dst_table], *st = vm->tables[src_table];
    if (!range_ok(dst, len, dt->size) || !range_ok(src, len, st->size))
        wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
    if (len) memmove(&dt->elements[dst], &st->elements[src], (size_t)len * sizeof(void *));
}

void wasmc_table_init(struct wasmc_vmctx *vm, uint32_t table, uint32_t seg, uint32_t dst,
                      uint32_t src, uint32_t len) {
    if (!table_init_range(vm, vm->tables[table], seg, dst, src, len))
        wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
}

void wasmc_elem_drop(struct wasmc_vmctx *vm, uint32_t seg) {
    vm->instance->dropped_elems[seg] = 1;
}

/* wasmc_trap_from_wasm is in trap.c. */
