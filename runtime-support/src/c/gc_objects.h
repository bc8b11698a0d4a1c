/* gc_objects.h: struct and array objects for the rest of the runtime
 * (gc_objects.c): constant expressions that allocate (segments.c) and
 * host-side inspection of GC values. The layout is docs/gc-plan.md's. */
#ifndef WASMC_GC_OBJECTS_H
#define WASMC_GC_OBJECTS_H

#include "rt.h"

/* The rtt of the object at `obj` (a non-null, even word inside the heap). */
static inline const struct wasmc_rtt *wasmc_gc_rtt_of(const void *obj) {
    const struct wasmc_rtt *r;
    memcpy(&r, obj, sizeof r);
    return r;
}

/* Whether `ref` (a word of the any hierarchy) is a GC object of vm's heap. */
bool wasmc_gc_is_object(const struct wasmc_vmctx *vm, const void *ref);

/* Store value `v` as storage type `code` (an rtt field/element type) at `p`. */
void wasmc_gc_store(uint8_t *p, uint8_t code, const union wasmc_val *v);

/* A new struct of module type `type` with field values `vals` (NULL:
 * default values), and a new array of `len` elements all `*val` (NULL:
 * default) or, with `vals`, the `len` values given. */
void *wasmc_gc_new_struct_vals(struct wasmc_vmctx *vm, uint32_t type, const union wasmc_val *vals);
void *wasmc_gc_new_array_vals(struct wasmc_vmctx *vm, uint32_t type, uint32_t len,
                              const union wasmc_val *val, const union wasmc_val *vals);

#endif
