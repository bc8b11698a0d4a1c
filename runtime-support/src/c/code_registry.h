/* code_registry.h: what instantiation publishes for the trap machinery.
 *
 * Two registries, both filled by instantiation (instance.c) and read by the
 * entry and trap code (trap.c), so that trap.c needs nothing from instance.c:
 *
 *  - the code registry: machine-code addresses -> (module, function index),
 *    trap sites -> trap codes, read by the fault handler and backtraces;
 *  - the live instances, by stack-limit domain, whose vmctx->stack_limit
 *    wasmc_call keeps current.
 *
 * Implemented in code_registry.c.
 */
#ifndef WASMC_CODE_REGISTRY_H
#define WASMC_CODE_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "wasmc_abi.h"

/* ---- code registry ------------------------------------------------------ */

/* Registration (done by wasmc_instantiate, once per module descriptor) takes
 * a lock; the lookups are async-signal-safe (no locks, no allocation) and used
 * by the fault handler and backtraces. Registered code stays registered for
 * the life of the process. */
void wasmc_register_code(const struct wasmc_module_desc *desc);
/* The module and function whose code contains `pc`; false if none does. */
bool wasmc_lookup_func(uintptr_t pc, const struct wasmc_module_desc **desc,
                       uint32_t *func_index);
/* Like wasmc_lookup_func, and `pc` must be a recorded trap site, whose trap
 * code is returned too. */
bool wasmc_lookup_trap(uintptr_t pc, const struct wasmc_module_desc **desc,
                       uint32_t *func_index, uint32_t *trap_code);

/* The exception handlers of the call whose return address is `ra`:
 * 0 if `ra` is not in wasm code; 1 if it is, but the call has no handlers;
 * 2 with *site (its handlers are desc->handlers[site->first_handler...]) and
 * *func_start (the start of the calling function's code). */
int wasmc_lookup_call_site(uintptr_t ra, const struct wasmc_module_desc **desc,
                           uintptr_t *func_start, const struct wasmc_call_site **site);

/* ---- live instances ----------------------------------------------------- */

/* A stack-limit domain: a set of instances whose functions may call each
 * other directly (through imports, tables, funcref globals), so that all of
 * them must carry the stack limit of the thread running any of them. A
 * domain runs on one thread at a time; different domains may run on
 * different threads at once. There is a default domain (the executable's
 * main instance, instances created without one); each embedding linker has
 * its own, and so does each wasi-threads thread's instance. */
struct wasmc_stack_domain;
struct wasmc_stack_domain *wasmc_stack_domain_new(void);
/* Where the GC heap of domain `d`'s store is kept (NULL: the default
 * domain); gc_roots.c creates it there. */
struct wasmc_gc_heap **wasmc_stack_domain_gc_heap(struct wasmc_stack_domain *d);
/* Free a domain; instances still in it (leaked ones) join the default domain. */
void wasmc_stack_domain_free(struct wasmc_stack_domain *d);

/* List membership of one instance, embedded in the instance's private state
 * (instance.c) and owned by code_registry.c. */
struct wasmc_live_instance {
    struct wasmc_vmctx *vmctx;
    struct wasmc_stack_domain *domain;
    struct wasmc_live_instance *prev, *next;
    bool listed;
};

/* Add `vmctx`'s instance to domain `d` (NULL: the default domain), its
 * stack_limit set to the domain's current limit: from then on
 * wasmc_apply_stack_limit on that domain updates it. */
void wasmc_live_instance_add(struct wasmc_live_instance *node, struct wasmc_vmctx *vmctx,
                             struct wasmc_stack_domain *d);
/* Remove it again; a no-op for a node that was never added. */
void wasmc_live_instance_remove(struct wasmc_live_instance *node);

/* Set vmctx->stack_limit of every live instance of the domain of `node` to
 * `limit` (the calling thread's limit); a no-op when that is already the
 * case. Called by wasmc_call before entering wasm: the limit of a domain
 * follows the thread that last entered it. */
void wasmc_apply_stack_limit(const struct wasmc_live_instance *node, uintptr_t limit);

#endif /* WASMC_CODE_REGISTRY_H */
