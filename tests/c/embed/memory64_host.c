/* Embedding host for wat/embed/memory64.wat (tests/embedding.rs): a 64-bit
 * memory and a table64 defined with wasmc_linker_define_memory64 /
 * wasmc_linker_define_table64 and imported by the module. The memory grows
 * past 4 GiB; host and wasm each read what the other wrote above 2^32
 * through wasmc_instance_memory's 64-bit size and base. Index types must
 * match at import: a 32-bit memory or table where the module imports a
 * 64-bit one is an incompatible import. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;

static wasmc_instance_t *instantiate(bool mem64, bool tab64, char *err, size_t err_len) {
    wasmc_linker_t *l = wasmc_linker_new();
    bool ok = mem64 ? wasmc_linker_define_memory64(l, "host", "mem64", 1, false, 0)
                    : wasmc_linker_define_memory(l, "host", "mem64", 1, false, 0);
    ok = ok && (tab64 ? wasmc_linker_define_table64(l, "host", "tab64", WASMC_TYPE_FUNCREF, 4,
                                                    true, 8)
                      : wasmc_linker_define_table(l, "host", "tab64", WASMC_TYPE_FUNCREF, 4,
                                                  true, 8));
    if (!ok) {
        snprintf(err, err_len, "define: %s", wasmc_linker_error(l));
        return NULL;
    }
    struct wasmc_trap_info trap;
    /* The linker owns the instance: it is freed at exit with the process. */
    return wasmc_linker_instantiate(l, &app_module, err, err_len, &trap, NULL);
}

static uint64_t call1(wasmc_instance_t *inst, const char *name, uint64_t a, uint64_t b) {
    union wasmc_val v[2];
    memset(v, 0, sizeof v);
    v[0].i64 = a;
    v[1].i64 = b;
    struct wasmc_trap_info trap;
    enum wasmc_outcome r = wasmc_instance_call(inst, name, v, &trap);
    if (r == WASMC_TRAPPED) {
        printf("%s: %s\n", name, wasmc_trap_message(trap.code));
        return UINT64_MAX;
    }
    if (r != WASMC_OK) {
        printf("%s: failed\n", name);
        return UINT64_MAX;
    }
    return v[0].i64;
}

int main(void) {
    char err[256];
    wasmc_instance_t *inst = instantiate(true, true, err, sizeof err);
    if (!inst) { fprintf(stderr, "error: %s\n", err); return 1; }
    uint64_t size;
    uint8_t *base = wasmc_instance_memory(inst, "mem64", &size);
    printf("size %" PRIu64 "\n", size);
    printf("grow = %" PRIu64 "\n", call1(inst, "grow", 65536, 0));
    base = wasmc_instance_memory(inst, "mem64", &size);
    printf("size %" PRIu64 "\n", size);
    call1(inst, "store", 0x100000008ull, 0x1122334455667788ull);
    uint64_t v;
    memcpy(&v, base + 0x100000008ull, 8); /* little-endian host */
    printf("host reads %016" PRIx64 "\n", v);
    v = 0x0102030405060708ull;
    memcpy(base + size - 8, &v, 8);
    printf("wasm reads %016" PRIx64 "\n", call1(inst, "load", size - 8, 0));
    call1(inst, "load", size - 4, 0);
    printf("table size %" PRIu64 "\n", call1(inst, "table_size", 0, 0));
    call1(inst, "set_fn", 3, 0);
    printf("call_at(3) = %" PRIu64 "\n", call1(inst, "call_at", 3, 0) & 0xffffffffu);
    call1(inst, "call_at", 0x100000003ull, 0);
    if (!instantiate(false, true, err, sizeof err)) printf("32-bit memory: %s\n", err);
    if (!instantiate(true, false, err, sizeof err)) printf("32-bit table: %s\n", err);
    return 0;
}
