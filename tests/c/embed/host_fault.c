/* Embedding host for examples/embed/app.wat (tests/embedding.rs,
 * host_fault_is_not_a_wasm_trap): its `env.log` import dereferences NULL,
 * a host bug rather than a wasm trap, so calling `add` must kill the
 * process by SIGSEGV and never print "returned" or "wasm trap". */
#include <stdio.h>
#include "wasmc.h"
extern const struct wasmc_module_desc app_module;
static void crash(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals) {
    (void)data; (void)caller; (void)vals;
    *(volatile int *)0 = 1; /* a host bug, not a wasm trap */
}
int main(void) {
    wasmc_linker_t *l = wasmc_linker_new();
    wasmc_linker_define_func(l, "env", "log", "i", "", crash, NULL);
    char err[256]; struct wasmc_trap_info trap; enum wasmc_outcome o;
    wasmc_instance_t *inst = wasmc_linker_instantiate(l, &app_module, err, sizeof err, &trap, &o);
    if (!inst) return 2;
    union wasmc_val vals[2] = {{.i32 = 1}, {.i32 = 2}};
    enum wasmc_outcome r = wasmc_instance_call(inst, "add", vals, &trap);
    printf("returned %d\n", (int)r);
    return 3;
}
