/* gc_objects.c: struct and array objects (docs/gc-plan.md, ARCHITECTURE
 * "GC references").
 *
 * The libcalls compiled code calls to allocate objects (fields and elements
 * are then written inline by compiled code) and for the bulk array
 * instructions (array.copy/init_data/init_elem, array.new_data/new_elem),
 * plus what constant expressions need (segments.c). Objects come from
 * wasmc_gc_alloc (gc.h) zeroed with their header written; every function
 * here allocates first and fills afterwards. Sizes come from the rtt the
 * runtime built from the compiler's layout (types.c); indices were
 * validated by the compiler, ranges are checked here.
 */
#include "gc_objects.h"

#include "gc.h"
#include "segments.h"

/* Header bytes; an array's u32 length lives at byte 8. */
#define GC_HEADER 16u
/* Largest array payload: beyond this, allocation is reported as heap
 * exhaustion without trying (keeps the size arithmetic far from overflow). */
#define GC_MAX_ARRAY_BYTES ((uint64_t)1 << 40)

bool wasmc_gc_is_object(const struct wasmc_vmctx *vm, const void *ref) {
    uintptr_t w = (uintptr_t)ref;
    const struct wasmc_gc_heap *h = vm->gc_heap;
    return w && !(w & 1) && h && w - h->base < h->end - h->base;
}

static const struct wasmc_rtt *rtt_of_type(const struct wasmc_vmctx *vm, uint32_t type) {
    if (type >= vm->instance->desc->num_types || !vm->rtts[type])
        wasmc_fatal("corrupt module descriptor: type %u is not a struct or array type", type);
    return vm->rtts[type];
}

static uint32_t array_len(const uint8_t *a) {
    uint32_t len;
    memcpy(&len, a + 8, sizeof len);
    return len;
}

void wasmc_gc_store(uint8_t *p, uint8_t code, const union wasmc_val *v) {
    switch (code) {
    case WASMC_TYPE_I8: {
        uint8_t b = (uint8_t)v->i32;
        memcpy(p, &b, 1);
        break;
    }
    case WASMC_TYPE_I16: {
        uint16_t h = (uint16_t)v->i32;
        memcpy(p, &h, 2);
        break;
    }
    case WASMC_TYPE_I32:
    case WASMC_TYPE_F32: memcpy(p, &v->i32, 4); break;
    case WASMC_TYPE_I64:
    case WASMC_TYPE_F64: memcpy(p, &v->i64, 8); break;
    case WASMC_TYPE_V128: memcpy(p, v->v128, 16); break;
    default: memcpy(p, &v->ref, sizeof v->ref); break; /* a reference */
    }
}

/* A new zeroed array of rtt `r` with `len` elements. */
static uint8_t *array_alloc(struct wasmc_vmctx *vm, const struct wasmc_rtt *r, uint32_t len) {
    uint64_t payload = (uint64_t)len * r->elem_size;
    if (payload > GC_MAX_ARRAY_BYTES || payload > SIZE_MAX - GC_HEADER - 8)
        wasmc_trap(WASMC_TRAP_GC_HEAP_EXHAUSTED);
    size_t bytes = ((size_t)payload + GC_HEADER + 7) & ~(size_t)7;
    return wasmc_gc_alloc(vm, r, len, bytes);
}

void *wasmc_gc_struct_new(struct wasmc_vmctx *vm, uint32_t type) {
    const struct wasmc_rtt *r = rtt_of_type(vm, type);
    return wasmc_gc_alloc(vm, r, 0, r->size);
}

void *wasmc_gc_array_new(struct wasmc_vmctx *vm, uint32_t type, uint32_t len) {
    return array_alloc(vm, rtt_of_type(vm, type), len);
}

void *wasmc_gc_new_struct_vals(struct wasmc_vmctx *vm, uint32_t type, const union wasmc_val *vals) {
    const struct wasmc_rtt *r = rtt_of_type(vm, type);
    uint8_t *s = wasmc_gc_alloc(vm, r, 0, r->size);
    if (vals)
        for (uint32_t i = 0; i < r->num_fields; i++)
            wasmc_gc_store(s + r->field_offsets[i], r->field_types[i], &vals[i]);
    return s;
}

void *wasmc_gc_new_array_vals(struct wasmc_vmctx *vm, uint32_t type, uint32_t len,
                              const union wasmc_val *val, const union wasmc_val *vals) {
    const struct wasmc_rtt *r = rtt_of_type(vm, type);
    uint8_t *a = array_alloc(vm, r, len);
    if (val || vals)
        for (uint32_t i = 0; i < len; i++)
            wasmc_gc_store(a + GC_HEADER + (size_t)i * r->elem_size, r->elem_type,
                           vals ? &vals[i] : val);
    return a;
}

/* The bytes of data segment `seg` (a dropped one is empty). */
static const uint8_t *data_seg(struct wasmc_vmctx *vm, uint32_t seg, uint64_t *len) {
    struct wasmc_instance *inst = vm->instance;
    if (seg >= inst->desc->num_datas) wasmc_fatal("corrupt module: data segment %u", seg);
    const struct wasmc_data_desc *d = &inst->desc->datas[seg];
    *len = inst->dropped_datas[seg] ? 0 : d->len;
    return d->bytes;
}

/* The length of element segment `seg` (a dropped one is empty); its
 * items are vm->instance->elem_items[seg]. */
static uint64_t elem_seg_len(struct wasmc_vmctx *vm, uint32_t seg) {
    struct wasmc_instance *inst = vm->instance;
    if (seg >= inst->desc->num_elems) wasmc_fatal("corrupt module: elem segment %u", seg);
    return inst->dropped_elems[seg] ? 0 : inst->desc->elems[seg].count;
}

/* Copy `n` elements of `size` bytes from a data segment (little-endian, as
 * wasm memory) to an array (host byte order, as compiled code accesses
 * it): a memcpy on little-endian hosts, each number element byte-reversed
 * on big-endian ones (a v128 keeps wasm's byte order, as in memory). */
static void copy_le_elements(uint8_t *dst, const uint8_t *src, uint64_t n, uint32_t size) {
    uint64_t bytes = n * size;
    if (!bytes) return;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    if (size > 1 && size <= 8) {
        for (uint64_t i = 0; i < n; i++)
            for (uint32_t b = 0; b < size; b++) dst[i * size + b] = src[i * size + size - 1 - b];
        return;
    }
#endif
    memcpy(dst, src, (size_t)bytes);
}

void *wasmc_gc_array_new_data(struct wasmc_vmctx *vm, uint32_t type, uint32_t seg, uint32_t off,
                              uint32_t len) {
    const struct wasmc_rtt *r = rtt_of_type(vm, type);
    uint64_t seg_len, bytes = (uint64_t)len * r->elem_size;
    const uint8_t *src = data_seg(vm, seg, &seg_len);
    if (!wasmc_range_ok(off, bytes, seg_len)) wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    uint8_t *a = array_alloc(vm, r, len);
    copy_le_elements(a + GC_HEADER, src + off, len, r->elem_size);
    return a;
}

void *wasmc_gc_array_new_elem(struct wasmc_vmctx *vm, uint32_t type, uint32_t seg, uint32_t off,
                              uint32_t len) {
    const struct wasmc_rtt *r = rtt_of_type(vm, type);
    uint64_t seg_len = elem_seg_len(vm, seg);
    if (!wasmc_range_ok(off, len, seg_len)) wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
    uint8_t *a = array_alloc(vm, r, len);
    for (uint32_t i = 0; i < len; i++) {
        void *ref = vm->instance->elem_items[seg][(uint64_t)off + i];
        memcpy(a + GC_HEADER + (size_t)i * r->elem_size, &ref, sizeof ref);
    }
    return a;
}

void wasmc_gc_array_copy(struct wasmc_vmctx *vm, void *dst, uint32_t di, void *src, uint32_t si,
                         uint32_t len) {
    (void)vm;
    if (!dst || !src) wasmc_trap(WASMC_TRAP_NULL_ARRAY_REFERENCE);
    uint8_t *d = dst, *s = src;
    if (!wasmc_range_ok(di, len, array_len(d)) || !wasmc_range_ok(si, len, array_len(s)))
        wasmc_trap(WASMC_TRAP_ARRAY_OUT_OF_BOUNDS);
    size_t size = wasmc_gc_rtt_of(d)->elem_size;
    if (len) memmove(d + GC_HEADER + di * size, s + GC_HEADER + si * size, len * size);
}

void wasmc_gc_array_init_data(struct wasmc_vmctx *vm, void *array, uint32_t di, uint32_t seg,
                              uint32_t off, uint32_t len) {
    if (!array) wasmc_trap(WASMC_TRAP_NULL_ARRAY_REFERENCE);
    uint8_t *a = array;
    const struct wasmc_rtt *r = wasmc_gc_rtt_of(a);
    if (!wasmc_range_ok(di, len, array_len(a))) wasmc_trap(WASMC_TRAP_ARRAY_OUT_OF_BOUNDS);
    uint64_t seg_len, bytes = (uint64_t)len * r->elem_size;
    const uint8_t *src = data_seg(vm, seg, &seg_len);
    if (!wasmc_range_ok(off, bytes, seg_len)) wasmc_trap(WASMC_TRAP_MEMORY_OUT_OF_BOUNDS);
    copy_le_elements(a + GC_HEADER + (size_t)di * r->elem_size, src + off, len, r->elem_size);
}

void wasmc_gc_array_init_elem(struct wasmc_vmctx *vm, void *array, uint32_t di, uint32_t seg,
                              uint32_t off, uint32_t len) {
    if (!array) wasmc_trap(WASMC_TRAP_NULL_ARRAY_REFERENCE);
    uint8_t *a = array;
    const struct wasmc_rtt *r = wasmc_gc_rtt_of(a);
    if (!wasmc_range_ok(di, len, array_len(a))) wasmc_trap(WASMC_TRAP_ARRAY_OUT_OF_BOUNDS);
    uint64_t seg_len = elem_seg_len(vm, seg);
    if (!wasmc_range_ok(off, len, seg_len)) wasmc_trap(WASMC_TRAP_TABLE_OUT_OF_BOUNDS);
    for (uint32_t i = 0; i < len; i++) {
        void *ref = vm->instance->elem_items[seg][(uint64_t)off + i];
        memcpy(a + GC_HEADER + ((size_t)di + i) * r->elem_size, &ref, sizeof ref);
    }
}
