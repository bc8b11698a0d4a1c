/* table.c: tables and the table libcalls.
 *
 * Creates and frees tables (for instances and for hosts), matches them
 * against a module's table imports, and implements the table operations
 * generated code does not inline: table.grow, table.fill and table.copy.
 * table.init and elem.drop, which need the element segments, are in
 * segments.c.
 */
#include "rt.h"

#include <stdlib.h>

/* Largest table we are willing to allocate (elements are pointers). Sizes
 * therefore fit in 32 bits (and below 2^31) for table64 too: generated code
 * traps on, or fails, i64 operands that do not fit before calling here. */
#define TABLE_MAX_ELEMS 10000000u

#define TABLE_MAGIC 0x5754424cu
struct table_impl {
    struct wasmc_table pub; /* first */
    uint32_t magic;
    uint8_t has_max;
    uint8_t nullable;  /* exact element type (import matching) */
    uint8_t is64;      /* table64 (import matching) */
    uint32_t heap;     /* 0 abstract, else a canonical type id */
    uint64_t decl_max; /* declared maximum (import matching) */
};

static struct table_impl *table_impl(struct wasmc_table *t) {
    struct table_impl *ti = (struct table_impl *)t;
    if (ti->magic != TABLE_MAGIC) wasmc_fatal("table not created by the runtime");
    return ti;
}

struct wasmc_table *wasmc_table_new(uint8_t elem_type, bool nullable, uint32_t heap, bool is64,
                                    uint64_t min, bool has_max, uint64_t max, void *init,
                                    char *err, size_t err_len) {
    uint64_t eff_max = has_max && max < UINT32_MAX ? max : UINT32_MAX;
    if (min > eff_max || min > TABLE_MAX_ELEMS) {
        wasmc_set_err(err, err_len, "table of %llu elements exceeds the limit",
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
    ti->nullable = nullable;
    ti->is64 = is64;
    ti->heap = heap;
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

bool wasmc_table_import_matches(struct wasmc_table *table, const struct wasmc_table_desc *type,
                                uint32_t heap) {
    struct table_impl *ti = table_impl(table);
    /* Spec import matching: the element type is invariant; the table's
     * current size is its minimum. */
    if (!wasmc_reftype_matches(ti->pub.elem_type, ti->nullable, ti->heap, type->elem_type,
                               type->nullable, heap, true) ||
        ti->pub.size < type->min || ti->is64 != (type->is64 != 0))
        return false;
    if (type->has_max && (!ti->has_max || ti->decl_max > type->max)) return false;
    return true;
}

/* ======================================================================== */
/* Libcalls (called from generated code; indices were validated by the       */
/* compiler, addresses are checked here)                                     */
/* ======================================================================== */

uint32_t wasmc_table_grow(struct wasmc_vmctx *vm, uint32_t table, void *init, uint32_t delta) {
    return table_grow(vm->tables[table], init, delta);
}

void wasmc_table_fill(struct wasmc_vmctx *vm, uint32_t table, uint32_t dst, void *ref,
                      uint32_t len) {
    struct wasmc_table *t = vm->tables[table];
    if (!wasmc_range_ok(dst, len, t->size)) wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
    for (uint32_t i = 0; i < len; i++) t->elements[dst + i] = ref;
}

void wasmc_table_copy(struct wasmc_vmctx *vm, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                      uint32_t src, uint32_t len) {
    struct wasmc_table *dt = vm->tables[dst_table], *st = vm->tables[src_table];
    if (!wasmc_range_ok(dst, len, dt->size) || !wasmc_range_ok(src, len, st->size))
        wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
    if (len) memmove(&dt->elements[dst], &st->elements[src], (size_t)len * sizeof(void *));
}
