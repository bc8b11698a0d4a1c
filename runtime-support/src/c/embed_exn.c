/* embed_exn.c: exception objects in the embedding API (include/wasmc.h,
 * "tags and exceptions") and the pending throw of a host function.
 *
 * Exceptions the host sees are the runtime's own objects (struct wasmc_exn,
 * allocated by wasmc_exn_new in exceptions.c): an exception wasm threw and
 * nothing caught reaches the host as it is, and one the host makes is thrown
 * into wasm as it is, so identity survives every crossing (an exnref caught
 * in wasm after a rethrow through the host is the original exception).
 *
 * Host throws are explicit and happen after the host function returned:
 * wasmc_host_throw only records the exception in a thread-local; the
 * runtime's wrapper around every embedder host function (embed.c) takes it
 * when the function returns and throws it from its own frame
 * (wasmc_exn_throw_from_host), so the unwinder never walks host code, whose
 * frame pointers it could not trust. Compiled code is unchanged: no check
 * follows any call in wasm.
 *
 * Tags are created and looked up in embed.c (they belong to linkers and
 * instances); this file only reads them.
 */
#include "rt.h"

#include <stdlib.h>

/* The exception a host function on this thread asked to throw, until the
 * wrapper around it takes it. */
static _Thread_local struct wasmc_exn *t_pending;

uint32_t wasmc_tag_type(const wasmc_tag_t *tag, const uint8_t **params) {
    if (params) *params = tag ? tag->params : NULL;
    return tag ? tag->num_params : 0;
}

wasmc_exn_t *wasmc_exception_new(const wasmc_tag_t *tag, const union wasmc_val *vals) {
    if (!tag) wasmc_fatal("wasmc_exception_new: no tag");
    if (tag->num_params && !vals) wasmc_fatal("wasmc_exception_new: the tag has a payload");
    /* Typed references: compiled code trusts the static types of payload
     * values, as of function arguments (wasmc_instance_call). */
    if (tag->type)
        for (uint32_t i = 0; i < tag->num_params; i++) {
            bool nullable;
            uint32_t heap;
            if (wasmc_type_value_ref(tag->type, tag->type_index, tag->type_ids, i, &nullable, &heap) &&
                !wasmc_ref_value_matches(NULL, vals[i].ref, nullable, heap))
                wasmc_fatal("wasmc_exception_new: payload value %u does not have the tag's "
                            "reference type",
                            i);
        }
    return wasmc_exn_new(tag, tag->num_params, vals);
}

const wasmc_tag_t *wasmc_exception_tag(const wasmc_exn_t *exn) {
    return exn ? exn->tag : NULL;
}

uint32_t wasmc_exception_payload(const wasmc_exn_t *exn, const union wasmc_val **vals) {
    if (vals) *vals = exn ? exn->vals : NULL;
    return exn ? exn->num_vals : 0;
}

void wasmc_exception_free(wasmc_exn_t *exn) {
    /* Exposed: wasm may still hold an exnref to it (see exceptions.c). */
    if (exn && !exn->exposed) free(exn);
}

void wasmc_host_throw(wasmc_exn_t *exn) {
    if (!exn) wasmc_fatal("wasmc_host_throw: no exception");
    if (t_pending && t_pending != exn) wasmc_exception_free(t_pending);
    t_pending = exn;
}

struct wasmc_exn *wasmc_host_take_pending(void) {
    struct wasmc_exn *exn = t_pending;
    t_pending = NULL;
    return exn;
}
