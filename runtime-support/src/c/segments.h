/* segments.h: constant expressions and segment copying (segments.c), for
 * instantiation (instance.c).
 */
#ifndef WASMC_SEGMENTS_H
#define WASMC_SEGMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "wasmc_abi.h"

/* Evaluate constant expression `e` of the instance of `vm` as a value of wasm
 * type `type` (WASMC_TYPE_*). Globals it reads must be initialised already. */
void wasmc_const_eval(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e, uint8_t type,
                      union wasmc_val *out);
/* A reference-typed constant expression's value. */
void *wasmc_const_ref(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e);
/* A segment offset: an i64 constant for memory64, else an i32 one. */
uint64_t wasmc_const_offset(struct wasmc_vmctx *vm, const struct wasmc_const_expr *e, bool is64);

/* table.init semantics (element segment `seg` of the instance of `vm`, a
 * dropped segment counting as empty); false when out of bounds (nothing
 * written then). */
bool wasmc_table_init_range(struct wasmc_vmctx *vm, struct wasmc_table *t, uint32_t seg,
                            uint64_t dst, uint64_t src, uint64_t len);
/* memory.init semantics (data segment `seg`); false when out of bounds. */
bool wasmc_memory_init_range(struct wasmc_vmctx *vm, struct wasmc_memory *m, uint32_t seg,
                             uint64_t dst, uint64_t src, uint64_t len);

/* Evaluate every element segment's items into inst->elem_items
 * (instantiation, after globals and tables). */
void wasmc_elem_items_init(struct wasmc_vmctx *vm);
/* Drop element segment `seg`: it counts as empty from now on. */
void wasmc_elem_segment_drop(struct wasmc_instance *inst, uint32_t seg);

#endif /* WASMC_SEGMENTS_H */
