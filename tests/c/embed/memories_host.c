/* Embedding host for wat/embed/memories.wat (tests/embedding.rs): several
 * memories through the public API. The host defines the memory the module
 * imports as its memory 0; its host function env.peek reads the caller's
 * memory with wasmc_caller_memory (the export "memory", memory 2 here, not
 * memory 0) and wasmc_caller_export_memory (any export by name); after
 * instantiation the host reads every exported memory with
 * wasmc_instance_memory and sees growth and cross-memory copies. */
#include <inttypes.h>
#include <stdio.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;

static void show(const char *what, const uint8_t *base, uint64_t size) {
    if (!base) { printf("%s: none\n", what); return; }
    printf("%s: %.4s %" PRIu64 "\n", what, (const char *)base, size);
}

static void peek(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data;
    uint64_t size, n;
    uint8_t *m = wasmc_caller_memory(caller, &size);
    show("caller memory", m, size);
    uint8_t *p = wasmc_caller_export_memory(caller, "aux", &n);
    show("caller aux", p, n);
    p = wasmc_caller_export_memory_n(caller, "hostmem", 7, &n);
    show("caller hostmem", p, n);
    p = wasmc_caller_export_memory(caller, "nope", &n);
    show("caller nope", p, n);
    vals[0].i32 = m && vals[0].i32 < size ? m[vals[0].i32] : 0xffffffffu;
}

int main(void) {
    wasmc_linker_t *l = wasmc_linker_new();
    wasmc_linker_define_func(l, "env", "peek", "i", "i", peek, NULL);
    if (!wasmc_linker_define_memory(l, "host", "mem", 1, false, 0)) {
        fprintf(stderr, "define memory: %s\n", wasmc_linker_error(l));
        return 1;
    }
    char err[256];
    struct wasmc_trap_info trap;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, NULL);
    if (!inst) { fprintf(stderr, "error: %s\n", err); return 1; }
    union wasmc_val v[3];
    v[0].i64 = 0;
    v[0].i32 = 1;
    if (wasmc_instance_call(inst, "peek", v, &trap) != WASMC_OK) return 1;
    printf("peek(1) = %c\n", (char)v[0].i32);
    /* Called by the host, not by wasm: there is no caller instance. */
    uint64_t size = 1;
    const uint8_t *none = wasmc_caller_memory(NULL, &size);
    printf("no caller: %s %" PRIu64 "\n", none ? "memory" : "none", size);
    if (wasmc_instance_call(inst, "grow_main", v, &trap) != WASMC_OK) return 1;
    printf("grow_main = %u\n", v[0].i32);
    v[0].i32 = 8; /* dst in aux */
    v[1].i32 = 0; /* src in memory */
    v[2].i32 = 4;
    if (wasmc_instance_call(inst, "copy_main_to_aux", v, &trap) != WASMC_OK) return 1;
    const char *names[] = {"memory", "aux", "hostmem"};
    for (unsigned i = 0; i < 3; i++) {
        uint8_t *m = wasmc_instance_memory(inst, names[i], &size);
        show(names[i], m, size);
    }
    uint8_t *aux = wasmc_instance_memory(inst, "aux", &size);
    printf("aux[8..12] = %.4s\n", (const char *)aux + 8);
    v[0].i32 = 1u << 20;
    if (wasmc_instance_call(inst, "copy_main_to_aux", v, &trap) == WASMC_TRAPPED)
        printf("copy out of bounds: %s\n", wasmc_trap_message(trap.code));
    wasmc_linker_free(l);
    return 0;
}
