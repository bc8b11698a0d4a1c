/* type_match.c: reference subtyping for link-time checks and host values.
 *
 * Import matching (globals, tables) and the embedding API's checks of host
 * arguments compare reference types as the runtime sees them: a
 * representation (WASMC_TYPE_FUNCREF, EXTERNREF, EXNREF, ANYREF), a
 * nullability and a heap type, which is 0 for the top of the hierarchy
 * (func, extern, exn, any), WASMC_HEAP_ABSTRACT | code for another abstract
 * heap type, else a canonical type id (types.c). The rules are the GC
 * proposal's: bottom types are below everything of their hierarchy, i31,
 * struct and array below eq, concrete struct and array types below struct,
 * array and eq, concrete types below their declared supertypes.
 */
#include "rt.h"

#include "gc_objects.h"

uint32_t wasmc_heap_abstract(uint8_t code) {
    switch (code) {
    case WASMC_HEAP_FUNC:
    case WASMC_HEAP_EXTERN:
    case WASMC_HEAP_ANY:
    case WASMC_HEAP_EXN: return 0;
    default: return WASMC_HEAP_ABSTRACT | code;
    }
}

static bool is_bottom(uint32_t h) {
    if (!(h & WASMC_HEAP_ABSTRACT)) return false;
    uint8_t c = (uint8_t)h;
    return c == WASMC_HEAP_NONE || c == WASMC_HEAP_NOFUNC || c == WASMC_HEAP_NOEXTERN ||
           c == WASMC_HEAP_NOEXN;
}

/* Heap type h <: w, both of one hierarchy. */
static bool heap_sub(uint32_t h, uint32_t w) {
    if (h == w || w == 0 || is_bottom(h)) return true;
    if (h == 0 || is_bottom(w)) return false;
    bool h_abs = (h & WASMC_HEAP_ABSTRACT) != 0, w_abs = (w & WASMC_HEAP_ABSTRACT) != 0;
    uint8_t wc = (uint8_t)w;
    if (h_abs) {
        uint8_t hc = (uint8_t)h;
        return w_abs && wc == WASMC_HEAP_EQ &&
               (hc == WASMC_HEAP_I31 || hc == WASMC_HEAP_STRUCT || hc == WASMC_HEAP_ARRAY);
    }
    if (w_abs) {
        uint8_t kind = wasmc_type_kind(h);
        if (kind == WASMC_TYPE_STRUCT) return wc == WASMC_HEAP_STRUCT || wc == WASMC_HEAP_EQ;
        if (kind == WASMC_TYPE_ARRAY) return wc == WASMC_HEAP_ARRAY || wc == WASMC_HEAP_EQ;
        return false;
    }
    return wasmc_type_is_subtype_id(h, w);
}

bool wasmc_reftype_matches(uint8_t repr, bool nullable, uint32_t heap, uint8_t want_repr,
                           bool want_nullable, uint32_t want_heap, bool exact) {
    if (repr != want_repr) return false;
    if (exact) return nullable == want_nullable && heap == want_heap;
    if (nullable && !want_nullable) return false;
    return heap_sub(heap, want_heap);
}

bool wasmc_ref_value_matches(const struct wasmc_vmctx *vm, const void *ref, bool nullable,
                             uint32_t heap) {
    if (!ref) return nullable;
    if (heap == 0) return true;
    uintptr_t bits = (uintptr_t)ref;
    /* A GC object of vm's store (never one without a vm). */
    bool object = vm && wasmc_gc_is_object(vm, ref);
    if (heap & WASMC_HEAP_ABSTRACT) {
        switch ((uint8_t)heap) {
        case WASMC_HEAP_EQ: return (bits & 1) != 0 || object;
        case WASMC_HEAP_I31: return (bits & 1) != 0;
        case WASMC_HEAP_STRUCT: return object && wasmc_gc_rtt_of(ref)->kind == WASMC_TYPE_STRUCT;
        case WASMC_HEAP_ARRAY: return object && wasmc_gc_rtt_of(ref)->kind == WASMC_TYPE_ARRAY;
        default: return false; /* the bottom types */
        }
    }
    if (wasmc_type_kind(heap) != WASMC_TYPE_FUNC)
        return object && wasmc_type_is_subtype_id(wasmc_gc_rtt_of(ref)->type_id, heap);
    return wasmc_type_is_subtype_id(((const struct wasmc_funcref *)ref)->type_id, heap);
}
