/* code_registry.c: the registry of compiled code and of live instances.
 *
 * Instantiation (instance.c) publishes here what the entry and trap machinery
 * (trap.c) must find without knowing about instances: which machine code
 * belongs to which module and function, where its trap sites are, and which
 * instances exist, so that wasmc_call can give them the calling thread's
 * stack limit. See code_registry.h for the interface.
 *
 * Signal safety: the fault handler reads the code registry from a signal
 * handler, possibly while another thread registers a module. Registration
 * therefore publishes immutable nodes with a release store and the lookups
 * take no lock and allocate nothing (details below). The live-instance list
 * is only used from plain C context and is guarded by a mutex.
 */
#include "rt.h"

#include "code_registry.h"
#include "gc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

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
    /* Functions are laid out in index order, so the ranges normally come out
     * sorted: sort only when they do not (a linker could reorder them). */
    bool sorted = true;
    for (size_t i = 1; i < m->num_ranges && sorted; i++)
        sorted = m->ranges[i - 1].start <= m->ranges[i].start;
    if (!sorted) qsort(m->ranges, m->num_ranges, sizeof *m->ranges, cmp_range);
    /* The trap sites are used as the compiler emits them, sorted (an ABI
     * invariant, like the call sites'): they are not scanned here, since a
     * large module has millions of them and every process start would read
     * them all. The lookups only compare entries, so a corrupt table gives a
     * wrong answer (a fault not recognised as a trap), never a bad access. */
    m->sites = desc->trap_sites;
    m->num_sites = desc->num_trap_sites;
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

int wasmc_lookup_call_site(uintptr_t ra, const struct wasmc_module_desc **desc,
                           uintptr_t *func_start, const struct wasmc_call_site **site) {
    const struct code_module *m;
    /* ra - 1: the call may be the last instruction of its function. */
    const struct code_range *r = ra ? find_range(ra - 1, &m) : NULL;
    if (!r) return 0;
    const struct wasmc_module_desc *d = m->desc;
    uint32_t off = (uint32_t)(ra - r->start);
    /* The compiler emits call sites sorted by (function, offset). */
    size_t lo = 0, hi = d->num_call_sites;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct wasmc_call_site *c = &d->call_sites[mid];
        if (c->func_index == r->func_index && c->code_offset == off) {
            if (c->first_handler > d->num_handlers ||
                c->num_handlers > d->num_handlers - c->first_handler)
                return 1; /* corrupt: treat as no handlers */
            *desc = d;
            *func_start = r->start;
            *site = c;
            return 2;
        }
        if (c->func_index < r->func_index ||
            (c->func_index == r->func_index && c->code_offset < off))
            lo = mid + 1;
        else hi = mid;
    }
    return 1;
}

/* ======================================================================== */
/* Live instances (stack limits)                                            */
/* ======================================================================== */

/* Every live instance of a domain carries the same stack_limit (that of the
 * thread that last entered the domain). `applied` is that common value, or 0
 * while it is not established; it is written only under g_inst_mu, after all
 * the domain's instances were updated, so a lock-free read that matches
 * proves there is nothing to do. One lock for all domains: it is taken only
 * when a domain changes threads (or instances come and go). */
struct wasmc_stack_domain {
    struct wasmc_live_instance *head;
    _Atomic uintptr_t applied;
    struct wasmc_gc_heap *gc_heap; /* the store's GC heap (gc.h), if made */
};

static pthread_mutex_t g_inst_mu = PTHREAD_MUTEX_INITIALIZER;
static struct wasmc_stack_domain g_default_domain;

struct wasmc_stack_domain *wasmc_stack_domain_new(void) {
    struct wasmc_stack_domain *d = wasmc_xcalloc(1, sizeof *d);
    atomic_init(&d->applied, 0);
    return d;
}

void wasmc_stack_domain_free(struct wasmc_stack_domain *d) {
    if (!d) return;
    pthread_mutex_lock(&g_inst_mu);
    /* Instances left behind (leaked after a trap in their start function)
     * move to the default domain. */
    while (d->head) {
        struct wasmc_live_instance *li = d->head;
        d->head = li->next;
        li->domain = &g_default_domain;
        li->prev = NULL;
        li->next = g_default_domain.head;
        if (li->next) li->next->prev = li;
        g_default_domain.head = li;
        li->vmctx->stack_limit = atomic_load_explicit(&g_default_domain.applied,
                                                      memory_order_relaxed);
    }
    pthread_mutex_unlock(&g_inst_mu);
    wasmc_gc_heap_release(d->gc_heap);
    free(d);
}

struct wasmc_gc_heap **wasmc_stack_domain_gc_heap(struct wasmc_stack_domain *d) {
    return d ? &d->gc_heap : &g_default_domain.gc_heap;
}

void wasmc_apply_stack_limit(const struct wasmc_live_instance *node, uintptr_t limit) {
    struct wasmc_stack_domain *d = node->domain;
    if (atomic_load_explicit(&d->applied, memory_order_acquire) == limit) return;
    pthread_mutex_lock(&g_inst_mu);
    for (struct wasmc_live_instance *li = d->head; li; li = li->next)
        li->vmctx->stack_limit = limit;
    atomic_store_explicit(&d->applied, limit, memory_order_release);
    pthread_mutex_unlock(&g_inst_mu);
}

void wasmc_live_instance_add(struct wasmc_live_instance *node, struct wasmc_vmctx *vmctx,
                             struct wasmc_stack_domain *d) {
    if (!d) d = &g_default_domain;
    pthread_mutex_lock(&g_inst_mu);
    node->vmctx = vmctx;
    node->domain = d;
    vmctx->stack_limit = atomic_load_explicit(&d->applied, memory_order_relaxed);
    node->prev = NULL;
    node->next = d->head;
    if (d->head) d->head->prev = node;
    d->head = node;
    node->listed = true;
    pthread_mutex_unlock(&g_inst_mu);
}

void wasmc_live_instance_remove(struct wasmc_live_instance *node) {
    if (!node->listed) return;
    pthread_mutex_lock(&g_inst_mu);
    if (node->prev) node->prev->next = node->next;
    else node->domain->head = node->next;
    if (node->next) node->next->prev = node->prev;
    node->listed = false;
    pthread_mutex_unlock(&g_inst_mu);
}
