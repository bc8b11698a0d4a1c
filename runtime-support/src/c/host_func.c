/* host_func.c: host function references.
 *
 * A host function (a WASI call, an embedder's callback) is reached through an
 * ordinary struct wasmc_funcref whose vmctx is its struct wasmc_host_func
 * record and whose array_call is wasmc_host_array_call. That function is also
 * how the rest of the runtime tells host funcrefs apart: wasmc_call (trap.c)
 * gives them no caller instance, and import linking (instance.c) substitutes
 * the importer's compiled host adapter for them. It depends on nothing else
 * in the runtime, so both can use it.
 */
#include "rt.h"

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
