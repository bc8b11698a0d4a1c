/* segments.c: constant expressions, element and data segments.
 *
 * Instantiation evaluates constant expressions (global initialisers, table
 * initial values, segment offsets and element items) and applies active
 * segments; generated code applies passive ones with the table.init and
 * memory.init libcalls and drops them with elem.drop and data.drop. Both go
 * through the same range functions here, so the bounds rules and the "a
 * dropped segment is empty" rule exist once. Interface: segments.h.
 */
#include <stdlib.h>

#include "rt.h"

#include "segments.h"

#include "gc.h"
#include "gc_objects.h"

/* ---- constant expressions ------------------------------------------------ */

/* Decode the little-endian `bits` of a constant as a value of wasm type
 * `type` (per type rather than a memcpy into the union, which would be wrong
 * on big-endian hosts). */
static void const_value(const uint8_t bits[16], uint32_t type, union wasmc_val *out) {
    switch (type) {
    case WASMC_TYPE_I32: out->i32 = wasmc_le32(bits); break;
    case WASMC_TYPE_I64: out->i64 = wasmc_le64(bits); break;
    case WASMC_TYPE_F32: {
        uint32_t u = wasmc_le32(bits);
        memcpy(&out->f32, &u, sizeof u);
        break;
    }
    case WASMC_TYPE_F64: {
        uint64_t u = wasmc_le64(bits);
        memcpy(&out->f64, &u, sizeof u);
        break;
    }
    case WASMC_TYPE_V128: memcpy(out->v128, bits, 16); break;
    default: wasmc_fatal("corrupt module descriptor: constant of type 0x%x", type);
    }
}

/* The value of global `index` (already initialised: imported, or defined
 * earlier). */
static void const_global(struct wasmc_vmctx *vm, uint32_t index, union wasmc_val *out) {
    if (index >= vm->instance->desc->num_globals || !vm->globals[index])
        wasmc_fatal("corrupt module descriptor: global.get %u in a constant expression", index);
    *out = *vm->globals[index];
}

/* An allocating op of an extended constant expression (struct.new,
 * array.new and their _default/_fixed forms) on the value stack of
 * `sp` entries; returns the new height. */
static uint32_t const_gc_op(struct wasmc_vmctx *vm, const struct wasmc_const_expr *op,
                            union wasmc_val *stack, uint32_t sp) {
    uint32_t type = op->index, pops;
    if (type >= vm->instance->desc->num_types || !vm->rtts[type])
        wasmc_fatal("corrupt module descriptor: constant expression of type %u", type);
    const struct wasmc_rtt *r = vm->rtts[type];
    switch (op->kind) {
    case WASMC_CONST_STRUCT_NEW: pops = r->num_fields; break;
    case WASMC_CONST_STRUCT_NEW_DEFAULT: pops = 0; break;
    case WASMC_CONST_ARRAY_NEW: pops = 2; break;
    case WASMC_CONST_ARRAY_NEW_DEFAULT: pops = 1; break;
    default: pops = wasmc_le32(op->bits); break;
    }
    if (sp < pops) wasmc_fatal("corrupt module descriptor: constant expression stack");
    union wasmc_val *args = &stack[sp - pops];
    void *obj;
    switch (op->kind) {
    case WASMC_CONST_STRUCT_NEW: obj = wasmc_gc_new_struct_vals(vm, type, args); break;
    case WASMC_CONST_STRUCT_NEW_DEFAULT: obj = wasmc_gc_new_struct_vals(vm, type, NULL); break;
    case WASMC_CONST_ARRAY_NEW: obj = wasmc_gc_new_array_vals(vm, type, args[1].i32, &args[0], NULL); break;
    case WASMC_CONST_ARRAY_NEW_DEFAULT:
        obj = wasmc_gc_new_array_vals(vm, type, args[0].i32, NULL, NULL);
        break;
    default: obj = wasmc_gc_new_array_vals(vm, type, pops, NULL, args); break;
    }
    sp -= pops;
    memset(&stack[sp], 0, sizeof stack[sp]);
    stack[sp].ref = obj;
    return sp + 1;
}

/* Evaluate an extended constant expression: `n` postfix records at `ops`.
 * The stack never holds more values than there are records. Arithmetic
 * wraps (unsigned arithmetic on the union's unsigned members). */
static void const_expr_ops(struct wasmc_vmctx *vm, const struct wasmc_const_expr *ops, uint32_t n,
                           union wasmc_val *out) {
    /* References on this stack must survive the allocations of later ops:
     * on the C stack they are found by the collector's conservative scan of
     * runtime frames, a heap-allocated stack is registered as scratch roots
     * (gc.h). */
    union wasmc_val small[16];
    union wasmc_val *stack = n <= 16 ? small : wasmc_xcalloc(n, sizeof *stack);
    if (stack != small) wasmc_gc_set_scratch_roots(stack, (size_t)n * sizeof *stack);
    uint32_t sp = 0;
    for (uint32_t i = 0; i < n; i++) {
        const struct wasmc_const_expr *op = &ops[i];
        if (op->kind >= WASMC_CONST_I32_ADD && op->kind <= WASMC_CONST_I64_MUL) {
            if (sp < 2) wasmc_fatal("corrupt module descriptor: constant expression stack");
            union wasmc_val *a = &stack[sp - 2], b = stack[sp - 1];
            sp--;
            switch (op->kind) {
            case WASMC_CONST_I32_ADD: a->i32 = (uint32_t)(a->i32 + b.i32); break;
            case WASMC_CONST_I32_SUB: a->i32 = (uint32_t)(a->i32 - b.i32); break;
            case WASMC_CONST_I32_MUL: a->i32 = (uint32_t)(a->i32 * b.i32); break;
            case WASMC_CONST_I64_ADD: a->i64 = a->i64 + b.i64; break;
            case WASMC_CONST_I64_SUB: a->i64 = a->i64 - b.i64; break;
            default: a->i64 = a->i64 * b.i64; break;
            }
            continue;
        }
        if (op->kind == WASMC_CONST_I31_WRAP) {
            if (sp < 1) wasmc_fatal("corrupt module descriptor: constant expression stack");
            stack[sp - 1].ref = wasmc_i31_ref(stack[sp - 1].i32);
            continue;
        }
        if (op->kind >= WASMC_CONST_STRUCT_NEW && op->kind <= WASMC_CONST_ARRAY_NEW_FIXED) {
            sp = const_gc_op(vm, op, stack, sp);
            continue;
        }
        union wasmc_val *v = &stack[sp++];
        memset(v, 0, sizeof *v);
        switch (op->kind) {
        case WASMC_CONST_VALUE: const_value(op->bits, op->index, v); break;
        case WASMC_CONST_GLOBAL_GET: const_global(vm, op->index, v); break;
        case WASMC_CONST_REF_I31: v->ref = wasmc_i31_ref(op->index); break;
        case WASMC_CONST_REF_NULL: v->ref = NULL; break;
        case WASMC_CONST_REF_FUNC:
            if (op->index >= vm->instance->desc->num_funcs)
                wasmc_fatal("corrupt module descriptor: ref.func %u", op->index);
            v->ref = &vm->funcrefs[op->index];
            break;
        default:
            wasmc_fatal("corrupt module descriptor: constant expression op kind %u", op->kind);
        }
    }
    if (sp != 1) wasmc_fatal("corrupt module descriptor: constant expression stack");
    *out = stack[0];
    if (stack != small) {
        wasmc_gc_set_scratch_roots(NULL, 0);
        free(stack);
    }
}

/* Evaluate `e` as a value of wasm type `type`. */
void wasmc_const_eval(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e, uint8_t type,
                      union wasmc_val *out) {
    const struct wasmc_module_desc *desc = vm->instance->desc;
    memset(out, 0, sizeof *out);
    switch (e->kind) {
    case WASMC_CONST_VALUE: const_value(e->bits, type, out); return;
    case WASMC_CONST_GLOBAL_GET: const_global(vm, e->index, out); return;
    case WASMC_CONST_REF_NULL: out->ref = NULL; return;
    case WASMC_CONST_REF_I31: out->ref = wasmc_i31_ref(e->index); return;
    case WASMC_CONST_REF_FUNC:
        if (e->index >= desc->num_funcs)
            wasmc_fatal("corrupt module descriptor: ref.func %u", e->index);
        out->ref = &vm->funcrefs[e->index];
        return;
    case WASMC_CONST_EXPR:
        if (!e->ops || !e->index) wasmc_fatal("corrupt module descriptor: empty constant expression");
        const_expr_ops(vm, e->ops, e->index, out);
        return;
    default: wasmc_fatal("corrupt module descriptor: constant expression kind %u", e->kind);
    }
}

void *wasmc_const_ref(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e) {
    union wasmc_val v;
    wasmc_const_eval(vm, e, WASMC_TYPE_FUNCREF, &v);
    return v.ref;
}

uint64_t wasmc_const_offset(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e, bool is64) {
    union wasmc_val v;
    wasmc_const_eval(vm, e, is64 ? WASMC_TYPE_I64 : WASMC_TYPE_I32, &v);
    return is64 ? v.i64 : v.i32;
}

/* ---- segments (shared by instantiation and the libcalls) ---------------- */

/* table.init semantics; false when out of bounds (nothing written then). */
bool wasmc_table_init_range(struct wasmc_vmctx *vm, struct wasmc_table *t, uint32_t seg,
                            uint64_t dst, uint64_t src, uint64_t len) {
    struct wasmc_instance *inst = vm->instance;
    const struct wasmc_elem_desc *e = &inst->desc->elems[seg];
    uint64_t seg_len = inst->dropped_elems[seg] ? 0 : e->count;
    if (!wasmc_range_ok(src, len, seg_len) || !wasmc_range_ok(dst, len, t->size)) return false;
    for (uint64_t i = 0; i < len; i++) t->elements[dst + i] = inst->elem_items[seg][src + i];
    return true;
}

void wasmc_elem_items_init(struct wasmc_vmctx *vm) {
    struct wasmc_instance *inst = vm->instance;
    const struct wasmc_module_desc *d = inst->desc;
    inst->elem_items = wasmc_xcalloc(d->num_elems, sizeof *inst->elem_items);
    for (uint32_t i = 0; i < d->num_elems; i++) {
        const struct wasmc_elem_desc *e = &d->elems[i];
        if (e->mode == WASMC_SEG_DECLARED || !e->count) continue;
        void **items = wasmc_xcalloc(e->count, sizeof *items);
        /* Published first: items already made are GC roots (gc_roots.c)
         * while the later ones allocate. */
        inst->elem_items[i] = items;
        for (uint32_t j = 0; j < e->count; j++) items[j] = wasmc_const_ref(vm, &e->items[j]);
    }
}

void wasmc_elem_segment_drop(struct wasmc_instance *inst, uint32_t seg) {
    inst->dropped_elems[seg] = 1;
    free(inst->elem_items[seg]);
    inst->elem_items[seg] = NULL;
}

/* memory.init semantics; false when out of bounds. */
bool wasmc_memory_init_range(struct wasmc_vmctx *vm, struct wasmc_memory *m, uint32_t seg,
                             uint64_t dst, uint64_t src, uint64_t len) {
    struct wasmc_instance *inst = vm->instance;
    const struct wasmc_data_desc *d = &inst->desc->datas[seg];
    uint64_t seg_len = inst->dropped_datas[seg] ? 0 : d->len;
    if (!wasmc_range_ok(src, len, seg_len) || !wasmc_range_ok(dst, len, wasmc_memory_length(m)))
        return false;
    if (len) memcpy(m->base + dst, d->bytes + src, (size_t)len);
    return true;
}

/* ======================================================================== */
/* Libcalls (called from generated code; indices were validated by the       */
/* compiler, addresses are checked here)                                     */
/* ======================================================================== */

void wasmc_memory_init(struct wasmc_vmctx *vm, uint32_t mem, uint32_t seg, uint64_t dst,
                       uint32_t src, uint32_t len) {
    if (!wasmc_memory_init_range(vm, vm->memories[mem], seg, dst, src, len))
        wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
}

void wasmc_data_drop(struct wasmc_vmctx *vm, uint32_t seg) {
    vm->instance->dropped_datas[seg] = 1;
}

void wasmc_table_init(struct wasmc_vmctx *vm, uint32_t table, uint32_t seg, uint32_t dst,
                      uint32_t src, uint32_t len) {
    if (!wasmc_table_init_range(vm, vm->tables[table], seg, dst, src, len))
        wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
}

void wasmc_elem_drop(struct wasmc_vmctx *vm, uint32_t seg) {
    wasmc_elem_segment_drop(vm->instance, seg);
}
