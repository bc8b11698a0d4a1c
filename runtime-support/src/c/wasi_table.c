/* wasi_table.c: the host function adapters and the lookup table of
 * wasi_snapshot_preview1 (wasmc_wasi_lookup).
 *
 * Both are generated from the list in wasi_funcs.h, one line per function:
 * nothing about a function's signature is written here. A host adapter
 * h_<name> is the wasmc_host_fn the linker binds the import to; it unpacks the
 * wasm arguments from the value slots, calls wasmc_wasi_<name> and stores the
 * WASI errno it returns in v[0].i32. The host function's data is the WASI
 * context of the importing instance (wasmc_wasi_resolve): the adapter makes
 * it the calling thread's current one (wasmc_wasi_cur) for the call, which
 * is how the implementations find their descriptor table, arguments and
 * environment. Then it gives back the host descriptors
 * the call borrowed from the descriptor table (see struct wfile): a call never
 * keeps a borrow past its return.
 */
#include "wasi_internal.h"

#define WASI_ADAPTER(name, res, ...)                                                          \
    static void h_##name(void *data, struct wasmc_vmctx *vm, union wasmc_val *v) {            \
        wasmc_wasi_cur = data;                                                                \
        WASI_STORE_##res(wasmc_wasi_##name(vm WASI_EACH(WASI_ARG, __VA_ARGS__)));             \
        wasmc_fd_release_borrowed();                                                          \
    }
WASI_FUNCS(WASI_ADAPTER)
#undef WASI_ADAPTER

/* Returns ERRNO_NOSYS: for functions listed without an implementation (none at
 * present; kept for additions to the table, see WASI_FUNCS_NOSYS). */
__attribute__((unused)) static void h_nosys(void *data, struct wasmc_vmctx *vm,
                                            union wasmc_val *v) {
    (void)data;
    (void)vm;
    v[0].i32 = WE_NOSYS;
}

/* Every function of wasi_snapshot_preview1, with its witx signature. A function
 * not implemented yet is listed with h_nosys so that modules importing it link. */
#define WASI_ROW(name, res, ...) \
    {#name, h_##name, "" WASI_EACH(WASI_SIG, __VA_ARGS__), WASI_RESULTS_##res},
#define WASI_NOSYS_ROW(name, res, ...) \
    {#name, h_nosys, "" WASI_EACH(WASI_SIG, __VA_ARGS__), WASI_RESULTS_##res},
static const struct wasmc_wasi_func wasi_funcs[] = {
    WASI_FUNCS(WASI_ROW)
    WASI_FUNCS_NOSYS(WASI_NOSYS_ROW)
};
#undef WASI_ROW
#undef WASI_NOSYS_ROW

const struct wasmc_wasi_func *wasmc_wasi_lookup(const char *name, size_t name_len) {
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof wasi_funcs / sizeof wasi_funcs[0]; i++)
        if (wasmc_name_eq(wasi_funcs[i].name, strlen(wasi_funcs[i].name), name, name_len))
            return &wasi_funcs[i];
    return NULL;
}
