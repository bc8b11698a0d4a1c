/* wasi_link.c: resolving wasi_snapshot_preview1 imports.
 *
 * Both ways of instantiating a module -- the executable driver (main.c) and
 * the embedding linker (embed.c, wasmc_linker_define_wasi) -- hand a WASI
 * import the built-in host function of that name. This is the one place
 * that does it: match the module name (WASMC_WASI_MODULE, from the generated
 * ABI header), look the function up (wasmc_wasi_lookup) and make a host
 * function reference of the WASI signature's canonical type, whose data is
 * the WASI context the instance works on.
 */
#include "rt.h"

/* Value types from a WASI signature string ('i' = i32, 'I' = i64). */
static uint32_t wasi_types(const char *letters, uint8_t *out, size_t cap) {
    size_t n = strlen(letters);
    if (n > cap) wasmc_fatal("WASI signature \"%s\" too long", letters);
    for (size_t i = 0; i < n; i++) {
        switch (letters[i]) {
        case 'i': out[i] = WASMC_TYPE_I32; break;
        case 'I': out[i] = WASMC_TYPE_I64; break;
        default: wasmc_fatal("bad WASI signature \"%s\"", letters);
        }
    }
    return (uint32_t)n;
}

bool wasmc_wasi_resolve(const struct wasmc_import_desc *imp, struct wasmc_wasi_ctx *ctx,
                        struct wasmc_wasi_import *scratch, struct wasmc_extern *out) {
    if (!wasmc_name_eq(imp->module, imp->module_len, WASMC_WASI_MODULE, strlen(WASMC_WASI_MODULE)))
        return false;
    const struct wasmc_wasi_func *wf = wasmc_wasi_lookup(imp->name, imp->name_len);
    if (!wf) return false;
    /* The funcref's type id is that of the WASI signature: the instance
     * rejects the import ("incompatible import type") if the module expects
     * another type. */
    uint8_t params[32], results[8];
    uint32_t np = wasi_types(wf->params, params, sizeof params);
    uint32_t nr = wasi_types(wf->results, results, sizeof results);
    scratch->rec.func = wf->fn;
    scratch->rec.data = ctx; /* the adapter's wasmc_wasi_cur (wasi_table.c) */
    wasmc_host_funcref_init(&scratch->ref, &scratch->rec, wasmc_type_id(params, np, results, nr));
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->func = &scratch->ref;
    return true;
}
